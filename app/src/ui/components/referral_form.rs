//! The form a customer asks a partner for help with, on the partner's directory page.

use crate::ui::components::*;
use crate::ui::labels::code_name;
use crate::ui::labels::field_message;
use crate::{
    api::referrals::SendReferral,
    domain::{business_profile::CUSTOMER_SIZES, country},
    i18n::*,
    ui::components::{forms::*, typed_or_saved},
};
use leptos::prelude::*;

/// The referral request form of a partner's directory page.
#[component]
pub fn ReferralForm(slug: String, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendReferral>::new();
    let error = refusal(send.value());
    let sent = succeeded_or_posted(send.value(), "referral", "sent");
    let typed = move |field: &'static str| typed_or_saved(error, field, String::new());
    let title = t_string!(i18n, referral.ask_title).replace("{name}", &name);
    let korean = i18n.get_locale() == Locale::ko;
    let countries = country::by_name(korean);
    view! {
        <section class="form-page" aria-labelledby="referral-title">
            <h2 id="referral-title">{title}</h2>
            {move || if sent() {
                view! { <p class="notice" role="status" data-testid="referral-sent">{t!(i18n, referral.sent)}</p> }.into_any()
            } else {
                let countries = countries.clone();
                let slug = slug.clone();
                view! {
                    <p>{t!(i18n, referral.ask_intro)}</p>
                    <ActionForm action=send attr:class="form" attr:novalidate=true>
                        <FormMessage error />
                        <input type="hidden" name="partner" value=slug />
                        <TextAreaField name="need" rows=4 label=tr!(i18n, referral.need)
                            hint=tr!(i18n, referral.need_hint) value=typed("need") error />
                        <div class="field">
                            <label for="size">{t!(i18n, referral.size)}</label>
                            <select id="size" name="size">
                                <option value="">{t!(i18n, forms.choose)}</option>
                                {CUSTOMER_SIZES
                                    .iter()
                                    .map(|code| {
                                        let chosen = typed("size").get_untracked() == *code;
                                        view! { <option value=*code selected=chosen>{code_name(i18n, "size", code)}</option> }
                                    })
                                    .collect_view()}
                            </select>
                            {move || error.get().and_then(|e| e.field_code("size").map(|c| field_message(i18n, c))).map(|t| view! { <p class="field-message">{t}</p> })}
                        </div>
                        <div class="field">
                            <label for="region">{t!(i18n, referral.region)}</label>
                            <select id="region" name="region">
                                <option value="">{t!(i18n, forms.choose)}</option>
                                {countries
                                    .into_iter()
                                    .map(|c| {
                                        let chosen = typed("region").get_untracked() == c.code;
                                        view! { <option value=c.code selected=chosen>{if korean { c.name_ko } else { c.name_en }}</option> }
                                    })
                                    .collect_view()}
                            </select>
                            {move || error.get().and_then(|e| e.field_code("region").map(|c| field_message(i18n, c))).map(|t| view! { <p class="field-message">{t}</p> })}
                        </div>
                        <Field name="customer_name" autocomplete="name" label=tr!(i18n, referral.name) value=typed("customer_name") error />
                        <Field name="customer_company" autocomplete="organization" label=tr!(i18n, referral.company) value=typed("customer_company") error />
                        <Field name="customer_email" kind="email" autocomplete="email" label=tr!(i18n, referral.email) value=typed("customer_email") error />
                        <Submit>{t!(i18n, referral.submit)}</Submit>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
