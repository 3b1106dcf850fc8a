//! Postal addresses of partner companies, checked the way each country's post writes them, so
//! contracts and shipments carry an address the post accepts.
//!
//! Message codes used here (field names in the error list: `line1`, `line2`, `city`, `region`,
//! `postal_code`, `country`):
//! - `address.line1_empty`
//! - `address.city_empty`
//! - `address.region_empty` (the country requires a state, province or prefecture)
//! - `address.region_unknown` (the country has a list and the text matches no code or name in it)
//! - `address.too_long` (a field over [`MAX_FIELD_LEN`] characters)
//! - `postal_code.empty`
//! - `postal_code.format` (not the country's postal code format)
//! - `country.unknown`

use super::clean_text;
use crate::domain::country::{self, fold_width};
use serde::{Deserialize, Serialize};

mod regions;

pub const LINE1_EMPTY: &str = "address.line1_empty";
pub const CITY_EMPTY: &str = "address.city_empty";
pub const REGION_EMPTY: &str = "address.region_empty";
pub const REGION_UNKNOWN: &str = "address.region_unknown";
pub const TOO_LONG: &str = "address.too_long";
pub const POSTAL_EMPTY: &str = "postal_code.empty";
pub const POSTAL_FORMAT: &str = "postal_code.format";

/// Longer is refused: no real address line is this long, and labels must fit.
pub const MAX_FIELD_LEN: usize = 200;

/// The address as typed, sent from the form so the server checks exactly what the page checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

impl AddressInput {
    /// The fields as typed, by form field name, to fill the form in again.
    pub fn typed(&self) -> [(&'static str, &str); 5] {
        [
            ("line1", &self.line1),
            ("line2", &self.line2),
            ("city", &self.city),
            ("region", &self.region),
            ("postal_code", &self.postal_code),
        ]
    }
}

/// A checked address: what is stored and printed. Whitespace is trimmed and collapsed, the
/// postal code is in the post's canonical form, and a region from a list is stored as its code
/// (names change spelling; codes do not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    /// a code from [`regions`] when the country has a list, else the text as typed, or ""
    pub region: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case
    pub country: String,
}

/// Whether the form shows a region field and whether it must be filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionRule {
    /// no region field: city-states whose addresses have none
    None,
    Optional,
    Required(RegionKind),
}

/// What the country calls its first-level division; the UI chooses the label from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionKind {
    State,
    Province,
    Prefecture,
    StateOrTerritory,
}

/// Whether the form shows a postal code field (and requires it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostalRule {
    /// the country has no postal codes
    None,
    Required,
}

/// City-states whose addresses have no region line.
const NO_REGION: &[&str] = &["GI", "MC", "SG", "VA"];

/// Countries and territories without a postal code system (UPU and national posts), where a
/// required field would only collect made-up codes.
const NO_POSTAL_CODE: &[&str] = &[
    "AE", "AG", "AO", "AW", "BF", "BI", "BJ", "BS", "BW", "BZ", "CD", "CF", "CG", "CI", "CK", "CM",
    "CW", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "KI", "KM", "KN", "KP",
    "ML", "MO", "MR", "MS", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SR", "SS", "ST", "SX",
    "SY", "TD", "TG", "TK", "TL", "TO", "TV", "UG", "VU", "YE", "ZW",
];

fn canonical(country: &str) -> &'static str {
    country::canonical_code(country).unwrap_or("")
}

pub fn region_rule(country: &str) -> RegionRule {
    let country = canonical(country);
    if NO_REGION.contains(&country) {
        return RegionRule::None;
    }
    match country {
        "US" | "IN" | "BR" => RegionRule::Required(RegionKind::State),
        "CA" => RegionRule::Required(RegionKind::Province),
        "AU" => RegionRule::Required(RegionKind::StateOrTerritory),
        "JP" => RegionRule::Required(RegionKind::Prefecture),
        _ => RegionRule::Optional,
    }
}

/// The label for the region field, also where it is optional (Korea: province); `None` means a
/// generic label ("State / province / region").
pub fn region_kind(country: &str) -> Option<RegionKind> {
    match region_rule(country) {
        RegionRule::Required(kind) => Some(kind),
        RegionRule::Optional if canonical(country) == "KR" => Some(RegionKind::Province),
        RegionRule::Optional | RegionRule::None => None,
    }
}

/// The first-level divisions to pick from: (ISO 3166-2 code without the country prefix, name).
/// Empty where the region is free text.
pub fn regions(country: &str) -> &'static [(&'static str, &'static str)] {
    match canonical(country) {
        "US" => regions::US,
        "CA" => regions::CA,
        "AU" => regions::AU,
        "IN" => regions::IN,
        "BR" => regions::BR,
        "JP" => regions::JP,
        "KR" => regions::KR,
        _ => &[],
    }
}

/// The code of a region typed as its code, its name or another usual spelling (local script,
/// former code), ignoring case and spacing. `None` if the country has no list or nothing
/// matches.
pub fn find_region(country: &str, input: &str) -> Option<&'static str> {
    let country = canonical(country);
    let list = regions(country);
    let wanted = fold_region(input);
    if list.is_empty() || wanted.is_empty() {
        return None;
    }
    let romanized = if country == "JP" {
        strip_prefecture_suffix(&wanted)
    } else {
        &wanted
    };
    list.iter()
        .find(|(code, name)| {
            fold_region(code) == wanted
                || fold_region(name) == wanted
                || fold_region(name) == romanized
        })
        .map(|(code, _)| *code)
        .or_else(|| {
            regions::ALIASES
                .iter()
                .find(|(alias_country, alias, _)| {
                    *alias_country == country && fold_region(alias) == wanted
                })
                .and_then(|(_, _, code)| list.iter().find(|(c, _)| c == code))
                .map(|(code, _)| *code)
        })
}

/// The name of a region code, for display.
pub fn region_name(country: &str, code: &str) -> Option<&'static str> {
    let code = code.trim();
    regions(country)
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// Lower case, single spaces, no dots ("D.C." and "DC" are the same region).
fn fold_region(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Tokyo-to", "Osaka-fu", "Aichi-ken", "Aichi Prefecture" all name the prefecture "Aichi".
fn strip_prefecture_suffix(folded: &str) -> &str {
    [" prefecture", "-ken", " ken", "-to", " to", "-fu", " fu"]
        .iter()
        .find_map(|suffix| folded.strip_suffix(suffix))
        .unwrap_or(folded)
}

pub fn postal_rule(country: &str) -> PostalRule {
    if NO_POSTAL_CODE.contains(&canonical(country)) {
        PostalRule::None
    } else {
        PostalRule::Required
    }
}

/// A real-looking code to show as a placeholder.
pub fn postal_code_example(country: &str) -> Option<&'static str> {
    Some(match canonical(country) {
        "US" => "94105",
        "KR" => "03187",
        "JP" => "100-0001",
        "GB" => "SW1A 1AA",
        "DE" => "10115",
        "FR" => "75001",
        "CA" => "K1A 0B1",
        "AU" => "2000",
        "IN" => "110001",
        "BR" => "01310-100",
        _ => return None,
    })
}

/// Checks a postal code against the country's format and returns the post's canonical form
/// (upper case, the country's separator). Full-width characters typed by an input method are
/// folded first. For a country without postal codes an empty input is accepted as "".
pub fn normalize_postal_code(country: &str, input: &str) -> Result<String, &'static str> {
    let country = canonical(country);
    let folded: String = input.chars().map(fold_width).collect();
    let folded = if country == "JP" {
        // the postal mark people copy along with the code
        folded.trim().trim_start_matches('〒').to_string()
    } else {
        folded
    };
    let cleaned = folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if cleaned.is_empty() {
        return match postal_rule(country) {
            PostalRule::None => Ok(String::new()),
            PostalRule::Required => Err(POSTAL_EMPTY),
        };
    }
    let canonical = match country {
        "US" => us_zip(&cleaned),
        "KR" | "DE" | "FR" => digits_only(&cleaned, 5),
        "AU" => digits_only(&cleaned, 4),
        "IN" => digits_only(&cleaned, 6).filter(|pin| !pin.starts_with('0')),
        "JP" => digit_groups(&cleaned, 3, 4),
        "BR" => brazil_cep(&cleaned),
        "GB" => uk_postcode(&cleaned),
        "CA" => canada_postal_code(&cleaned),
        _ => generic_postal_code(&cleaned),
    };
    canonical.ok_or(POSTAL_FORMAT)
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| *c != ' ').collect()
}

fn is_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly `len` digits, spaces ignored ("110 001").
fn digits_only(text: &str, len: usize) -> Option<String> {
    let compact = without_spaces(text);
    is_digits(&compact, len).then_some(compact)
}

/// `first` digits and `second` digits, separated by a dash or by nothing (spaces ignored);
/// canonical with a dash.
fn digit_groups(text: &str, first: usize, second: usize) -> Option<String> {
    let compact = without_spaces(text);
    let (a, b) = match compact.split_once('-') {
        Some(parts) => parts,
        None => compact.split_at_checked(first)?,
    };
    (is_digits(a, first) && is_digits(b, second)).then(|| format!("{a}-{b}"))
}

/// ZIP ("94105") or ZIP+4 ("94105-1234", also typed without the dash).
fn us_zip(text: &str) -> Option<String> {
    let compact = without_spaces(text);
    if is_digits(&compact, 5) {
        return Some(compact);
    }
    digit_groups(&compact, 5, 4)
}

/// CEP: 8 digits, canonical "01310-100"; the older "01.310-100" is accepted.
fn brazil_cep(text: &str) -> Option<String> {
    let compact = without_spaces(text);
    let compact = match compact.find('.') {
        Some(2) => compact.replacen('.', "", 1),
        Some(_) => return None,
        None => compact,
    };
    digit_groups(&compact, 5, 3)
}

/// UK postcodes (Royal Mail's grammar): outward A9, A99, AA9, AA99, A9A or AA9A, then inward
/// 9AA, with the letters each position allows; canonical with one space. Also GIR 0AA.
fn uk_postcode(text: &str) -> Option<String> {
    let compact = without_spaces(text);
    if compact == "GIR0AA" {
        return Some("GIR 0AA".to_string());
    }
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at_checked(compact.len() - 3)?;
    let inward_ok = matches!(
        inward.as_bytes(),
        [digit, a, b] if digit.is_ascii_digit() && uk_inward_letter(*a) && uk_inward_letter(*b)
    );
    let first = |c: &u8| c.is_ascii_uppercase() && !b"QVX".contains(c);
    let second = |c: &u8| c.is_ascii_uppercase() && !b"IJZ".contains(c);
    let digit = |c: &u8| c.is_ascii_digit();
    let outward_ok = match outward.as_bytes() {
        // A9
        [a, d] => first(a) && digit(d),
        // A99, AA9, A9A
        [a, x, y] => {
            first(a)
                && ((digit(x) && digit(y))
                    || (second(x) && digit(y))
                    || (digit(x) && b"ABCDEFGHJKPSTUW".contains(y)))
        }
        // AA99, AA9A
        [a, b, d, y] => {
            first(a) && second(b) && digit(d) && (digit(y) || b"ABEHMNPRVWXY".contains(y))
        }
        _ => false,
    };
    (inward_ok && outward_ok).then(|| format!("{outward} {inward}"))
}

fn uk_inward_letter(c: u8) -> bool {
    c.is_ascii_uppercase() && !b"CIKMOV".contains(&c)
}

/// Canada Post: "A9A 9A9" without D, F, I, O, Q or U, and no W or Z in the first position.
fn canada_postal_code(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let letter = |c: &u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(c);
    let ok = match compact.as_bytes() {
        [a, b, c, d, e, f] => {
            letter(a)
                && !b"WZ".contains(a)
                && b.is_ascii_digit()
                && letter(c)
                && d.is_ascii_digit()
                && letter(e)
                && f.is_ascii_digit()
        }
        _ => false,
    };
    let (outward, inward) = compact.split_at_checked(3)?;
    ok.then(|| format!("{outward} {inward}"))
}

/// Other countries: 2 to 10 letters, digits, spaces or dashes, starting and ending with a
/// letter or digit.
fn generic_postal_code(text: &str) -> Option<String> {
    let allowed = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
    let bytes = text.as_bytes();
    let ends_ok = matches!(
        (bytes.first(), bytes.last()),
        (Some(a), Some(z)) if a.is_ascii_alphanumeric() && z.is_ascii_alphanumeric()
    );
    (allowed && ends_ok && (2..=10).contains(&text.len())).then(|| text.to_string())
}

/// Checks an address for `country` and returns it normalized, or every problem found as
/// (field, message code), so the form can mark all fields at once.
pub fn validate(
    country: &str,
    input: &AddressInput,
) -> Result<Address, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let country_code = match country::canonical_code(country) {
        Some(code) => code,
        None => {
            problems.push(("country", country::UNKNOWN));
            ""
        }
    };
    let line1 = clean_text(&input.line1);
    let line2 = clean_text(&input.line2);
    let city = clean_text(&input.city);
    let region_text = clean_text(&input.region);
    let postal_text = clean_text(&input.postal_code);

    let too_long = |text: &str| text.chars().count() > MAX_FIELD_LEN;
    let mut check_len = |field: &'static str, text: &str| {
        let long = too_long(text);
        if long {
            problems.push((field, TOO_LONG));
        }
        !long
    };
    let line1_ok = check_len("line1", &line1);
    check_len("line2", &line2);
    let city_ok = check_len("city", &city);
    let region_ok = check_len("region", &region_text);
    let postal_ok = check_len("postal_code", &postal_text);

    if line1_ok && line1.is_empty() {
        problems.push(("line1", LINE1_EMPTY));
    }
    if city_ok && city.is_empty() {
        problems.push(("city", CITY_EMPTY));
    }

    let rule = region_rule(country_code);
    let region = if !region_ok || rule == RegionRule::None {
        String::new()
    } else if region_text.is_empty() {
        if matches!(rule, RegionRule::Required(_)) {
            problems.push(("region", REGION_EMPTY));
        }
        String::new()
    } else if regions(country_code).is_empty() {
        region_text
    } else {
        match find_region(country_code, &region_text) {
            Some(code) => code.to_string(),
            None => {
                problems.push(("region", REGION_UNKNOWN));
                String::new()
            }
        }
    };

    let postal_code = if postal_ok {
        match normalize_postal_code(country_code, &postal_text) {
            Ok(code) => code,
            Err(code) => {
                problems.push(("postal_code", code));
                String::new()
            }
        }
    } else {
        String::new()
    };

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Address {
        line1,
        line2,
        city,
        region,
        postal_code,
        country: country_code.to_string(),
    })
}

#[cfg(test)]
mod tests;
