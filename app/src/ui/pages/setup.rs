//! The first program admin's set-up, through the one-time link printed on the console.

use crate::ui::components::*;
use crate::ui::labels::strength_words;
use crate::{
    api::identity::CompleteSetup,
    i18n::*,
    ui::components::forms::{Field, FormMessage, typed_value},
};
use leptos::prelude::*;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = query_value("token");
    let action = ServerAction::<CompleteSetup>::new();
    let error = refusal(action.value());
    let typed = move |field: &'static str| typed_value(error, field);
    let policy = password_policy(i18n);
    // The strength hint follows what is typed (once hydrated); the server checks again, with the
    // list of common passwords.
    let (typed_password, set_typed_password) = signal(String::new());
    let (typed_email, set_typed_email) = signal(String::new());
    let on_input = move |ev: leptos::ev::Event| {
        let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        match input.name().as_str() {
            "password" => set_typed_password.set(input.value()),
            "email" => set_typed_email.set(input.value()),
            _ => {}
        }
    };
    let strength = move || {
        let password = typed_password.get();
        (!password.is_empty())
            .then(|| strength_words(i18n, typed_strength(&password, &typed_email.get())))
    };
    view! {
        <PageTitle text=move || t_string!(i18n, setup.page_title).to_string() />
        <Titled id="setup-title" title=tr!(i18n, setup.title) intro=tr!(i18n, setup.intro) class="form-page">
            <div on:input=on_input>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error />
                <input type="hidden" name="token" value=token />
                <Field name="display_name" autocomplete="name" label=tr!(i18n, setup.display_name) value=typed("display_name") error />
                <Field name="email" kind="email" autocomplete="username" label=tr!(i18n, setup.email) value=typed("email") error />
                <Field name="password" kind="password" autocomplete="new-password"
                    label=tr!(i18n, setup.password) hint=policy error />
                <p class="strength" aria-live="polite">
                    {strength}
                </p>
                <Field name="confirmation" kind="password" autocomplete="new-password" label=tr!(i18n, setup.confirmation) error />
                <Submit>{t!(i18n, setup.submit)}</Submit>
            </ActionForm>
            </div>
        </Titled>
    }
}
