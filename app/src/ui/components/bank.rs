//! Bank account fields, with the chosen country's routing rules.

use crate::ui::labels::routing_label;
use crate::{
    api::AppError,
    domain::bank,
    i18n::*,
    ui::components::{forms::*, *},
};
use leptos::prelude::*;

/// A browser check of one bank field: the bank rules run with only that field filled in.
fn bank_check(country: String, field: &'static str) -> Callback<String, Option<String>> {
    Callback::new(move |value: String| {
        let mut input = bank::BankInput::default();
        match field {
            "iban" => input.iban = value,
            "bic" => input.bic = value,
            "account_number" => input.account_number = value,
            "routing_code" => input.routing_code = value,
            _ => input.holder = value,
        }
        bank::validate(&country, &input)
            .err()
            .and_then(|problems| problems.into_iter().find(|(f, _)| *f == field))
            .map(|(_, code)| code.to_owned())
    })
}

/// The bank details fields for `country` (an IBAN and BIC, or the domestic account number and
/// routing code). The account number and IBAN are never filled in again.
pub(crate) fn bank_fields(country: &str, error: Signal<Option<AppError>>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let country = country.to_owned();
    let typed = move |field: &'static str| typed_or_saved(error, field, String::new());
    let account_fields = if bank::uses_iban(&country) {
        view! {
            <Field name="iban" autocomplete="off" label=tr!(i18n, wizard.iban)
                hint=tr!(i18n, wizard.iban_hint) check=bank_check(country.clone(), "iban") error />
            <Field name="bic" autocomplete="off" label=tr!(i18n, wizard.bic) value=typed("bic") check=bank_check(country.clone(), "bic") error />
        }
        .into_any()
    } else {
        let kind = bank::routing_kind(&country);
        view! {
            <Field name="account_number" autocomplete="off" inputmode="numeric"
                label=tr!(i18n, wizard.account_number) check=bank_check(country.clone(), "account_number") error />
            <Field name="routing_code" autocomplete="off"
                label=label(move || routing_label(i18n, kind)) value=typed("routing_code") check=bank_check(country.clone(), "routing_code") error />
        }
        .into_any()
    };
    view! {
        <Field name="holder" autocomplete="off" label=tr!(i18n, wizard.holder) hint=tr!(i18n, wizard.holder_hint) value=typed("holder") error />
        {account_fields}
        <p class="field-hint">{t!(i18n, wizard.bank_security)}</p>
    }
}
