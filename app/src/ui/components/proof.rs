//! The field that asks for fresh proof of who is using the session before a sensitive action
//! (a code from the authenticator app, or the password for someone without two-factor
//! sign-in): sent with the action's own form, so the action goes on in the same step, with
//! JavaScript and without.

use crate::ui::labels::field_message;
use crate::{
    api::{AppError, identity::who_am_i},
    i18n::*,
};
use leptos::prelude::*;

/// The proof field of a sensitive action's form, named `proof`. Shown when the session's own
/// proof is older than the step-up window (unless `when_asked`: then only once the server
/// asked for it, for actions that need it only sometimes), and after the server refused the
/// proof. `id` tells it apart from other forms' on the page; `refresh` is the action's version
/// (a success or failure may change what is needed).
#[component]
pub(crate) fn ProofField(
    #[prop(into)] id: String,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] refresh: Signal<usize>,
    #[prop(optional)] when_asked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(move || refresh.get(), |_| who_am_i());
    let message = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_code("proof"))
                .map(|code| field_message(i18n, code))
        })
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                let Ok(Some(me)) = me.await else {
                    return ().into_any();
                };
                let asked = message.with(Option::is_some);
                if !asked && (me.proved_recently || when_asked) {
                    return ().into_any();
                }
                let (label, kind, autocomplete) = if me.two_factor_on {
                    (t_string!(i18n, two_factor.proof_code), "text", "one-time-code")
                } else {
                    (t_string!(i18n, two_factor.proof_password), "password", "current-password")
                };
                let (hint_id, message_id) = (format!("{id}-hint"), format!("{id}-message"));
                let described = if asked {
                    format!("{hint_id} {message_id}")
                } else {
                    hint_id.clone()
                };
                view! {
                    <div class="field" class:field--invalid=asked>
                        <label for=id.clone()>{label}</label>
                        <p class="field-hint" id=hint_id>{t!(i18n, two_factor.proof_hint)}</p>
                        <input id=id name="proof" type=kind autocomplete=autocomplete
                            aria-invalid=asked.then_some("true") aria-describedby=described />
                        {message.get().map(|text| view! { <p class="field-message" id=message_id>{text}</p> })}
                    </div>
                }
                .into_any()
            })
            }}
        </Suspense>
    }
}
