//! The form a customer asks a partner for help with, on the partner's directory page.

use crate::ui::components::*;
use crate::ui::labels::{code_name, country_options};
use crate::{
    api::referrals::SendReferral,
    domain::business_profile::CUSTOMER_SIZES,
    i18n::*,
    ui::components::{forms::*, typed_or_saved},
};
use leptos::prelude::*;

/// The customer sizes to choose from, in the page's language.
fn size_options(i18n: leptos_i18n::I18nContext<Locale>) -> Vec<(String, String)> {
    CUSTOMER_SIZES
        .iter()
        .map(|code| ((*code).to_owned(), code_name(i18n, "size", code)))
        .collect()
}

/// The referral request form of a partner's directory page.
#[component]
pub fn ReferralForm(slug: String, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendReferral>::new();
    let error = refusal(send.value());
    let sent = succeeded_or_posted(send.value(), "referral", "sent");
    let typed = move |field: &'static str| typed_or_saved(error, field, String::new());
    let title = t_string!(i18n, referral.ask_title).replace("{name}", &name);
    view! {
        <section class="form-page" aria-labelledby="referral-title">
            <h2 id="referral-title">{title}</h2>
            {move || if sent() {
                view! { <p class="notice" role="status" data-testid="referral-sent">{t!(i18n, referral.sent)}</p> }.into_any()
            } else {
                let slug = slug.clone();
                view! {
                    <p>{t!(i18n, referral.ask_intro)}</p>
                    <ActionForm action=send attr:class="form" attr:novalidate=true>
                        <FormMessage error />
                        <input type="hidden" name="partner" value=slug />
                        <TextAreaField name="need" rows=4 label=tr!(i18n, referral.need)
                            hint=tr!(i18n, referral.need_hint) value=typed("need") error />
                        <SelectField name="size" label=tr!(i18n, referral.size) options=Signal::derive(move || size_options(i18n))
                            selected=typed("size") placeholder=tr!(i18n, forms.choose) error />
                        <SelectField name="region" label=tr!(i18n, referral.region) options=Signal::derive(move || country_options(i18n))
                            selected=typed("region") placeholder=tr!(i18n, forms.choose) error />
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
