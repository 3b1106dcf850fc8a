//! Change my password: by choice from my profile, or because the account has a temporary
//! password (then this is the only page that works).

use crate::ui::components::*;
use crate::ui::labels::strength_words;
use crate::{
    api::identity::{ChangePassword, who_am_i},
    i18n::*,
    ui::{
        components::forms::{Field, FormMessage},
        components::{password_policy, typed_strength},
    },
};
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| who_am_i());
    let action = ServerAction::<ChangePassword>::new();
    let error = refusal(action.value());
    let policy = password_policy(i18n);
    // The strength hint follows what is typed (once hydrated); the server checks again, with the
    // list of common passwords and the temporary password.
    let (typed_password, set_typed_password) = signal(String::new());
    let on_input = move |ev: leptos::ev::Event| {
        let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        if input.name() == "password" {
            set_typed_password.set(input.value());
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, change_password.page_title).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let email = me.email.clone();
                        let strength = move || {
                            let password = typed_password.get();
                            (!password.is_empty())
                                .then(|| strength_words(i18n, typed_strength(&password, &email)))
                        };
                        view! {
                            <Titled id="change-password-title" title=tr!(i18n, change_password.title) class="form-page">
                                {me
                                    .must_change_password
                                    .then(|| {
                                        view! {
                                            <p class="notice">{t!(i18n, change_password.forced)}</p>
                                        }
                                    })}
                                <div on:input=on_input>
                                <ActionForm action attr:class="form" attr:novalidate=true>
                                    <FormMessage error />
                                    <Field name="current" kind="password"
                                        autocomplete="current-password" label=tr!(i18n, change_password.current) error />
                                    <Field name="password" kind="password" autocomplete="new-password"
                                        label=tr!(i18n, change_password.new_password) hint=policy error />
                                    <p class="strength" aria-live="polite">
                                        {strength}
                                    </p>
                                    <Field name="confirmation" kind="password"
                                        autocomplete="new-password" label=tr!(i18n, change_password.confirmation) error />
                                    <Submit>{t!(i18n, change_password.submit)}</Submit>
                                </ActionForm>
                                </div>
                            </Titled>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/sign-in" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
