//! Bank details for paying partners: an IBAN where the country has one, else the domestic
//! account number and routing code, each checked the way the country's banks check them, so a
//! payment run does not bounce on a typo.
//!
//! Account numbers and IBANs are secrets to the logs: `Debug` of every type here masks them.
//!
//! Message codes used here (field names in the error list: `holder`, `iban`, `bic`,
//! `account_number`, `routing_code`, `country`):
//! - `holder.empty`
//! - `holder.too_long` (over [`MAX_HOLDER_LEN`] characters)
//! - `iban.empty`
//! - `iban.format` (wrong characters or length for its country, or a country without IBANs)
//! - `iban.checksum` (the right shape, but the check digits do not match)
//! - `iban.other_country` (a valid IBAN of another country than the one chosen)
//! - `bic.empty`
//! - `bic.format`
//! - `account_number.empty`
//! - `account_number.format`
//! - `routing_code.empty`
//! - `routing_code.format`
//! - `routing_code.checksum` (a US routing number whose check digit does not match)
//! - `country.unknown`

use super::clean_text;
use crate::domain::country::{self, fold_width};
use iban::{Iban, IbanLike, ParseBaseIbanError, ParseIbanError};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const HOLDER_EMPTY: &str = "holder.empty";
pub const HOLDER_TOO_LONG: &str = "holder.too_long";
pub const IBAN_EMPTY: &str = "iban.empty";
pub const IBAN_FORMAT: &str = "iban.format";
pub const IBAN_CHECKSUM: &str = "iban.checksum";
pub const IBAN_OTHER_COUNTRY: &str = "iban.other_country";
pub const BIC_EMPTY: &str = "bic.empty";
pub const BIC_FORMAT: &str = "bic.format";
pub const ACCOUNT_EMPTY: &str = "account_number.empty";
pub const ACCOUNT_FORMAT: &str = "account_number.format";
pub const ROUTING_EMPTY: &str = "routing_code.empty";
pub const ROUTING_FORMAT: &str = "routing_code.format";
pub const ROUTING_CHECKSUM: &str = "routing_code.checksum";

/// Longer is refused: banks print at most 140 characters of a beneficiary name (SEPA).
pub const MAX_HOLDER_LEN: usize = 140;

/// The bank details as typed, sent from the form so the server checks exactly what the page
/// checked. `Debug` masks the IBAN and the account number.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BankInput {
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub account_number: String,
    pub routing_code: String,
}

/// Where the money goes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BankAccount {
    Iban {
        /// electronic format: upper case, no spaces
        iban: String,
        /// upper case, 8 or 11 characters
        bic: String,
    },
    Domestic {
        /// letters and digits only (Japan: zero-padded to 7 digits)
        account_number: String,
        /// the canonical form for the country's [`RoutingKind`]
        routing_code: String,
    },
}

/// Checked bank details: what is stored. `Debug` masks the IBAN and the account number.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankDetails {
    pub holder: String,
    pub account: BankAccount,
}

impl BankDetails {
    /// The last 4 characters of the IBAN or account number: the most that may be shown.
    pub fn last4(&self) -> String {
        last4(self.number())
    }

    /// What pages and e-mails show instead of the number.
    pub fn masked(&self) -> String {
        masked(self.number())
    }

    /// `iban` or `domestic`, as stored beside the sealed details.
    pub fn kind(&self) -> &'static str {
        match self.account {
            BankAccount::Iban { .. } => "iban",
            BankAccount::Domestic { .. } => "domestic",
        }
    }

    fn number(&self) -> &str {
        match &self.account {
            BankAccount::Iban { iban, .. } => iban,
            BankAccount::Domestic { account_number, .. } => account_number,
        }
    }
}

fn last4(number: &str) -> String {
    let count = number.chars().count();
    number.chars().skip(count.saturating_sub(4)).collect()
}

fn masked(number: &str) -> String {
    format!("•••• {}", last4(number))
}

/// Prints a number as `•••• 1234` in `Debug` output.
struct Masked<'a>(&'a str);

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&masked(self.0))
    }
}

/// Prints a typed number as `<redacted>` (or `<empty>`) in `Debug` output: typed input may not
/// even be a number, so not even its end is shown.
struct Redacted<'a>(&'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.trim().is_empty() {
            "<empty>"
        } else {
            "<redacted>"
        })
    }
}

impl fmt::Debug for BankInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankInput")
            .field("holder", &self.holder)
            .field("iban", &Redacted(&self.iban))
            .field("bic", &self.bic)
            .field("account_number", &Redacted(&self.account_number))
            .field("routing_code", &self.routing_code)
            .finish()
    }
}

impl fmt::Debug for BankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Iban { iban, bic } => f
                .debug_struct("Iban")
                .field("iban", &Masked(iban))
                .field("bic", bic)
                .finish(),
            Self::Domestic {
                account_number,
                routing_code,
            } => f
                .debug_struct("Domestic")
                .field("account_number", &Masked(account_number))
                .field("routing_code", routing_code)
                .finish(),
        }
    }
}

impl fmt::Debug for BankDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankDetails")
            .field("holder", &self.holder)
            .field("account", &self.account)
            .finish()
    }
}

/// The countries of the SWIFT IBAN registry (as known to `iban_validate` 5), sorted.
const IBAN_COUNTRIES: &[&str] = &[
    "AD", "AE", "AL", "AT", "AZ", "BA", "BE", "BG", "BH", "BI", "BR", "BY", "CH", "CR", "CY", "CZ",
    "DE", "DJ", "DK", "DO", "EE", "EG", "ES", "FI", "FK", "FO", "FR", "GB", "GE", "GI", "GL", "GR",
    "GT", "HR", "HU", "IE", "IL", "IQ", "IS", "IT", "JO", "KW", "KZ", "LB", "LC", "LI", "LT", "LU",
    "LV", "LY", "MC", "MD", "ME", "MK", "MN", "MR", "MT", "MU", "NI", "NL", "NO", "OM", "PL", "PS",
    "PT", "QA", "RO", "RS", "RU", "SA", "SC", "SD", "SE", "SI", "SK", "SM", "SO", "ST", "SV", "TL",
    "TN", "TR", "UA", "VA", "VG", "XK", "YE",
];

/// Territories whose banks issue the IBANs of another registry country (per the registry):
/// (territory, IBAN country).
const IBAN_TERRITORIES: &[(&str, &str)] = &[
    ("AX", "FI"),
    ("BL", "FR"),
    ("GF", "FR"),
    ("GG", "GB"),
    ("GP", "FR"),
    ("IM", "GB"),
    ("JE", "GB"),
    ("MF", "FR"),
    ("MQ", "FR"),
    ("NC", "FR"),
    ("PF", "FR"),
    ("PM", "FR"),
    ("RE", "FR"),
    ("TF", "FR"),
    ("WF", "FR"),
    ("YT", "FR"),
];

/// The country code an IBAN for an account in `country` starts with, if accounts there have
/// IBANs.
pub fn iban_country(country: &str) -> Option<&'static str> {
    let code = country::canonical_code(country)?;
    if let Ok(index) = IBAN_COUNTRIES.binary_search(&code) {
        return IBAN_COUNTRIES.get(index).copied();
    }
    IBAN_TERRITORIES
        .iter()
        .find(|(territory, _)| *territory == code)
        .map(|(_, iban_country)| *iban_country)
}

/// Whether partners in `country` are paid to an IBAN (with a BIC) rather than to a domestic
/// account number and routing code.
pub fn uses_iban(country: &str) -> bool {
    iban_country(country).is_some()
}

/// How a country's banks identify the bank (and branch) of a domestic account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoutingKind {
    /// US (and the territories on the US system): 9-digit ABA routing number with check digit
    Aba,
    /// CA: 5-digit transit and 3-digit institution, canonical "12345-678"
    CanadianTransit,
    /// AU: 6-digit BSB, canonical "123-456"
    Bsb,
    /// IN: IFSC, 4 letters, '0', 6 letters or digits
    Ifsc,
    /// JP: 4-digit bank and 3-digit branch, canonical "1234-567"
    JapanBankBranch,
    /// KR: 3-digit bank code
    KoreaBankCode,
    /// others: 1–20 letters or digits (often the SWIFT code or a local sort code)
    Generic,
}

pub fn routing_kind(country: &str) -> RoutingKind {
    match country::canonical_code(country).unwrap_or("") {
        "US" | "PR" | "GU" | "VI" | "AS" | "MP" | "UM" => RoutingKind::Aba,
        "CA" => RoutingKind::CanadianTransit,
        "AU" => RoutingKind::Bsb,
        "IN" => RoutingKind::Ifsc,
        "JP" => RoutingKind::JapanBankBranch,
        "KR" => RoutingKind::KoreaBankCode,
        _ => RoutingKind::Generic,
    }
}

/// The ABA check: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10), and a Federal Reserve
/// prefix (00–12, 21–32, 61–72 or 80).
pub fn aba_checksum_ok(routing: &str) -> bool {
    let bytes = routing.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digits: Vec<u32> = bytes.iter().map(|b| u32::from(b - b'0')).collect();
    let prefix = digits.iter().take(2).fold(0, |acc, d| acc * 10 + d);
    let prefix_ok = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    let weighted: u32 = digits
        .iter()
        .zip([3, 7, 1].iter().cycle())
        .map(|(digit, weight)| digit * weight)
        .sum();
    prefix_ok && weighted.is_multiple_of(10)
}

/// What people type in a number field, as the bank sees it: full-width folded, spaces and
/// dashes dropped, upper case.
fn compact(input: &str) -> String {
    input
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

fn alphanumeric(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks an IBAN of any registry country and returns its electronic format.
pub fn parse_iban(input: &str) -> Result<String, &'static str> {
    let iban = compact(input);
    if iban.is_empty() {
        return Err(IBAN_EMPTY);
    }
    let bytes = iban.as_bytes();
    let shape_ok = (5..=34).contains(&bytes.len())
        && alphanumeric(&iban)
        && bytes.iter().take(2).all(u8::is_ascii_uppercase)
        && bytes.iter().skip(2).take(2).all(u8::is_ascii_digit);
    if !shape_ok {
        return Err(IBAN_FORMAT);
    }
    match iban.parse::<Iban>() {
        Ok(parsed) => Ok(parsed.electronic_str().to_string()),
        Err(ParseIbanError::InvalidBaseIban {
            source: ParseBaseIbanError::InvalidChecksum,
        }) => {
            // Only the check digits are wrong if the same IBAN with correct ones is valid;
            // otherwise the country's format is not met either, and that is what to fix first.
            if with_check_digits(&iban).parse::<Iban>().is_ok() {
                Err(IBAN_CHECKSUM)
            } else {
                Err(IBAN_FORMAT)
            }
        }
        Err(_) => Err(IBAN_FORMAT),
    }
}

/// The IBAN with its check digits (positions 3–4) recomputed (ISO 7064 MOD 97-10). Expects
/// upper-case letters and digits only, at least 4 of them.
fn with_check_digits(iban: &str) -> String {
    let (country, rest) = iban.split_at_checked(2).unwrap_or((iban, ""));
    let bban = rest.get(2..).unwrap_or("");
    let remainder = bban
        .chars()
        .chain(country.chars())
        .chain("00".chars())
        .fold(0u32, |acc, c| match c.to_digit(36) {
            Some(value) if value < 10 => (acc * 10 + value) % 97,
            Some(value) => (acc * 100 + value) % 97,
            None => acc,
        });
    format!("{country}{:02}{bban}", 98 - remainder)
}

/// Checks a BIC (SWIFT code): 4-letter bank, country, 2-character location, optional
/// 3-character branch. Returns it upper case without spaces.
pub fn parse_bic(input: &str) -> Result<String, &'static str> {
    let bic = compact(input);
    if bic.is_empty() {
        return Err(BIC_EMPTY);
    }
    let bank_ok = bic
        .get(..4)
        .is_some_and(|b| b.bytes().all(|c| c.is_ascii_uppercase()));
    let country_ok = bic
        .get(4..6)
        .is_some_and(|c| c == "XK" || country::find(c).is_some());
    let rest_ok = bic.get(6..).is_some_and(alphanumeric);
    if (bic.len() == 8 || bic.len() == 11) && bank_ok && country_ok && rest_ok {
        Ok(bic)
    } else {
        Err(BIC_FORMAT)
    }
}

/// Checks a domestic account number for the country's banking system.
pub fn parse_account_number(kind: RoutingKind, input: &str) -> Result<String, &'static str> {
    let number = compact(input);
    if number.is_empty() {
        return Err(ACCOUNT_EMPTY);
    }
    let digits = |lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&number.len()) && all_digits(&number)).then(|| number.clone())
    };
    let checked = match kind {
        RoutingKind::Aba => digits(4..=17),
        RoutingKind::CanadianTransit => digits(7..=12),
        RoutingKind::Bsb => digits(5..=9),
        RoutingKind::Ifsc => digits(9..=18),
        RoutingKind::JapanBankBranch => digits(1..=7).map(|n| format!("{n:0>7}")),
        RoutingKind::KoreaBankCode => digits(10..=14),
        RoutingKind::Generic => {
            ((4..=34).contains(&number.len()) && alphanumeric(&number)).then(|| number.clone())
        }
    };
    checked.ok_or(ACCOUNT_FORMAT)
}

/// Checks a routing code and returns its canonical form for the kind.
pub fn parse_routing_code(kind: RoutingKind, input: &str) -> Result<String, &'static str> {
    let folded: String = input.chars().map(fold_width).collect();
    let code = compact(&folded);
    if code.is_empty() {
        return Err(ROUTING_EMPTY);
    }
    let canonical =
        match kind {
            RoutingKind::Aba => {
                if code.len() != 9 || !all_digits(&code) {
                    return Err(ROUTING_FORMAT);
                }
                if !aba_checksum_ok(&code) {
                    return Err(ROUTING_CHECKSUM);
                }
                Some(code)
            }
            RoutingKind::CanadianTransit => canadian_transit(&folded),
            RoutingKind::Bsb => (code.len() == 6 && all_digits(&code))
                .then(|| format!("{}-{}", &code[..3], &code[3..])),
            RoutingKind::Ifsc => {
                let ok = code.len() == 11
                    && alphanumeric(&code)
                    && code.bytes().take(4).all(|b| b.is_ascii_uppercase())
                    && code.as_bytes().get(4) == Some(&b'0');
                ok.then_some(code)
            }
            RoutingKind::JapanBankBranch => (code.len() == 7 && all_digits(&code))
                .then(|| format!("{}-{}", &code[..4], &code[4..])),
            RoutingKind::KoreaBankCode => (code.len() == 3 && all_digits(&code)).then_some(code),
            RoutingKind::Generic => {
                ((1..=20).contains(&code.len()) && alphanumeric(&code)).then_some(code)
            }
        };
    canonical.ok_or(ROUTING_FORMAT)
}

/// A Canadian transit and institution number as written on a cheque ("12345-678", "12345 678")
/// or in electronic form ("0678 12345": 0, institution, transit). Canonical "12345-678".
fn canadian_transit(folded: &str) -> Option<String> {
    let (transit, institution) = match folded.split_once('-') {
        Some((transit, institution)) => (compact(transit), compact(institution)),
        None => {
            let digits = compact(folded);
            if !all_digits(&digits) {
                return None;
            }
            match digits.len() {
                8 => (digits[..5].to_string(), digits[5..].to_string()),
                9 if digits.starts_with('0') => (digits[4..].to_string(), digits[1..4].to_string()),
                _ => return None,
            }
        }
    };
    let ok = transit.len() == 5
        && institution.len() == 3
        && all_digits(&transit)
        && all_digits(&institution);
    ok.then(|| format!("{transit}-{institution}"))
}

/// Checks bank details for a partner in `country` and returns them normalized, or every
/// problem found as (field, message code). IBAN countries need the IBAN and BIC (the domestic
/// fields are ignored); other countries need the account number and routing code.
pub fn validate(
    country: &str,
    input: &BankInput,
) -> Result<BankDetails, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    if country::find(country).is_none() {
        problems.push(("country", country::UNKNOWN));
    }

    let holder = clean_text(&input.holder);
    if holder.is_empty() {
        problems.push(("holder", HOLDER_EMPTY));
    } else if holder.chars().count() > MAX_HOLDER_LEN {
        problems.push(("holder", HOLDER_TOO_LONG));
    }

    let account = match iban_country(country) {
        Some(expected) => {
            let iban = parse_iban(&input.iban).and_then(|iban| {
                if iban.starts_with(expected) {
                    Ok(iban)
                } else {
                    Err(IBAN_OTHER_COUNTRY)
                }
            });
            let bic = parse_bic(&input.bic);
            match (iban, bic) {
                (Ok(iban), Ok(bic)) => Some(BankAccount::Iban { iban, bic }),
                (iban, bic) => {
                    problems.extend(iban.err().map(|code| ("iban", code)));
                    problems.extend(bic.err().map(|code| ("bic", code)));
                    None
                }
            }
        }
        None => {
            let kind = routing_kind(country);
            let account_number = parse_account_number(kind, &input.account_number);
            let routing_code = parse_routing_code(kind, &input.routing_code);
            match (account_number, routing_code) {
                (Ok(account_number), Ok(routing_code)) => Some(BankAccount::Domestic {
                    account_number,
                    routing_code,
                }),
                (account_number, routing_code) => {
                    problems.extend(account_number.err().map(|code| ("account_number", code)));
                    problems.extend(routing_code.err().map(|code| ("routing_code", code)));
                    None
                }
            }
        }
    };

    match account {
        Some(account) if problems.is_empty() => Ok(BankDetails { holder, account }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
