//! Sign in with e-mail and password. Works without JavaScript: the form posts, and a failure
//! comes back with its message and the e-mail filled in again.

use crate::ui::components::*;
use crate::{
    api::identity::SignIn,
    i18n::*,
    ui::components::forms::{Field, FormMessage},
};
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let error = refusal(action.value());
    let typed_email = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.typed("email").map(str::to_owned))
            .unwrap_or_default()
    });
    view! {
        <PageTitle text=move || t_string!(i18n, sign_in.page_title).to_string() />
        <Titled id="sign-in-title" title=tr!(i18n, sign_in.title) class="form-page">
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <input type="hidden" name="next" value=next />
                <Field name="email" kind="email" autocomplete="username" label=tr!(i18n, sign_in.email) value=typed_email error />
                <Field name="password" kind="password" autocomplete="current-password" label=tr!(i18n, sign_in.password) error />
                <Submit>{t!(i18n, sign_in.submit)}</Submit>
            </ActionForm>
            <p class="muted">{t!(i18n, sign_in.no_account)}</p>
        </Titled>
    }
}
