//! Checks that more than one form shares, each problem reported at its field.

use crate::api::{AppError, identity::email_code};
use crate::domain::{
    address::{self, Address, AddressInput},
    application::{MAX_NAME_LEN, normalize_website},
    bank::{self, BankDetails, BankInput},
    clean_text,
    email::EmailAddress,
    phone::{self, PhoneNumber},
};

/// A form field's name and a message code.
pub fn field(name: &str, code: &str) -> (String, String) {
    (name.to_owned(), code.to_owned())
}

/// A name that must be there (a person's or a company's), cleaned; else its problem goes to
/// `fields` at `name`: `empty` (the field's own message code), or `name.too_long`.
pub fn required_name(
    fields: &mut Vec<(String, String)>,
    name: &str,
    value: &str,
    empty: &str,
) -> String {
    let text = clean_text(value);
    if text.is_empty() {
        fields.push(field(name, empty));
    } else if text.chars().count() > MAX_NAME_LEN {
        fields.push(field(name, "name.too_long"));
    }
    text
}

/// An e-mail address; else its problem goes to `fields` at `name`.
pub fn email_address(
    fields: &mut Vec<(String, String)>,
    name: &str,
    value: &str,
) -> Option<EmailAddress> {
    EmailAddress::parse(value)
        .map_err(|problem| fields.push(field(name, email_code(problem))))
        .ok()
}

/// A business's address in its country's format, its phone number and its website (optional),
/// as the application's business step and the organization profile take them.
pub struct BusinessContact {
    pub address: Address,
    pub phone: PhoneNumber,
    /// empty when none was given; else with its scheme
    pub website: String,
}

/// Checks `input`, `phone` and `website` for `country`; every problem goes to `fields` (and
/// then nothing is returned).
pub fn business_contact(
    country: &str,
    input: AddressInput,
    phone: &str,
    website: &str,
    fields: &mut Vec<(String, String)>,
) -> Option<BusinessContact> {
    let address = address::validate(country, &input)
        .map_err(|problems| fields.extend(problems.into_iter().map(|(f, c)| field(f, c))))
        .ok();
    let phone = phone::parse(phone, country)
        .map_err(|code| fields.push(field("phone", code)))
        .ok();
    let website = normalize_website(website)
        .map_err(|code| fields.push(field("website", code)))
        .ok();
    Some(BusinessContact {
        address: address?,
        phone: phone?,
        website: website?,
    })
}

/// Bank details checked by `country`'s rules. A refusal sends back the holder and the public
/// bank codes, never the account number or the IBAN: without JavaScript they would travel in
/// the page's address.
pub fn bank_details(country: &str, input: &BankInput) -> Result<BankDetails, AppError> {
    bank::validate(country, input).map_err(|problems| {
        AppError::invalid(
            problems
                .into_iter()
                .map(|(f, code)| field(f, code))
                .collect(),
            &[
                ("holder", input.holder.as_str()),
                ("bic", input.bic.as_str()),
                ("routing_code", input.routing_code.as_str()),
            ],
        )
    })
}
