//! A postal address and phone and website fields, with the rules of the chosen country.

use crate::ui::labels::region_label;
use crate::{
    api::AppError,
    domain::{
        address::{self, AddressInput, PostalRule, RegionRule},
        application::normalize_website,
        phone,
    },
    i18n::*,
    ui::components::{forms::*, *},
};
use leptos::prelude::*;

/// The address fields in the country's format (`line1`, `line2`, `city`, and `region` and
/// `postal_code` where the country has them), showing what was typed after an error, else
/// `saved`.
pub(crate) fn address_fields(
    country: &str,
    saved: AddressInput,
    error: Signal<Option<AppError>>,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let value =
        move |field: &'static str, saved: &String| typed_or_saved(error, field, saved.clone());
    let rule = address::region_rule(country);
    let region = match rule {
        RegionRule::None => None,
        RegionRule::Optional => Some(None),
        RegionRule::Required(kind) => Some(Some(kind)),
    };
    let regions = address::regions(country);
    let region_field = region.map(|kind| {
        let region_label = label(move || region_label(i18n, kind));
        let selected = value("region", &saved.region);
        if regions.is_empty() {
            view! {
                <Field name="region" autocomplete="address-level1" label=region_label value=selected error />
            }
            .into_any()
        } else {
            let options: Vec<(String, String)> = regions
                .iter()
                .map(|(code, name)| ((*code).to_owned(), (*name).to_owned()))
                .collect();
            view! {
                <SelectField name="region" autocomplete="address-level1" label=region_label
                    options=Signal::stored(options) selected placeholder=tr!(i18n, forms.choose) error />
            }
            .into_any()
        }
    });
    let postal = (address::postal_rule(country) != PostalRule::None).then(|| {
        let example = address::postal_code_example(country);
        let for_check = country.to_owned();
        let check = Callback::new(move |value: String| {
            address::normalize_postal_code(&for_check, &value)
                .err()
                .map(str::to_owned)
        });
        let hint = example.map(|example| {
            Signal::derive(move || {
                t_string!(i18n, wizard.postal_code_example).replace("{example}", example)
            })
        });
        match hint {
            Some(hint) => view! {
                <Field name="postal_code" autocomplete="postal-code"
                    label=tr!(i18n, wizard.postal_code) hint value=value("postal_code", &saved.postal_code) check error />
            }
            .into_any(),
            None => view! {
                <Field name="postal_code" autocomplete="postal-code"
                    label=tr!(i18n, wizard.postal_code) value=value("postal_code", &saved.postal_code) check error />
            }
            .into_any(),
        }
    });
    view! {
        <Field name="line1" autocomplete="address-line1" label=tr!(i18n, wizard.line1) value=value("line1", &saved.line1) error />
        <Field name="line2" autocomplete="address-line2" label=tr!(i18n, wizard.line2) value=value("line2", &saved.line2) error />
        <Field name="city" autocomplete="address-level2" label=tr!(i18n, wizard.city) value=value("city", &saved.city) error />
        {region_field}
        {postal}
    }
}

/// The browser check of a phone number in `country`'s format.
pub(crate) fn phone_check(country: &str) -> Callback<String, Option<String>> {
    let country = country.to_owned();
    Callback::new(move |value: String| phone::parse(&value, &country).err().map(str::to_owned))
}

/// The browser check of a website.
pub(crate) fn website_check() -> Callback<String, Option<String>> {
    Callback::new(|value: String| normalize_website(&value).err().map(str::to_owned))
}
