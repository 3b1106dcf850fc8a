//! Phone numbers, stored in one international form so staff can call any partner without
//! guessing the country.
//!
//! Message codes used here:
//! - `phone.empty`
//! - `phone.international` (a national number we cannot convert: ask for `+` and the country
//!   calling code)
//! - `phone.format` (wrong characters or wrong number of digits)

use crate::domain::country::{self, fold_width};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const EMPTY: &str = "phone.empty";
pub const INTERNATIONAL: &str = "phone.international";
pub const FORMAT: &str = "phone.format";

/// A phone number in E.164: '+' and 8 to 15 digits, first digit after + not 0. Deserializing
/// checks the form, so only numbers that went through [`parse`] are stored.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Fewer digits than this (country code included) is not a reachable number here.
    pub const MIN_DIGITS: usize = 8;
    /// The E.164 maximum, country code included.
    pub const MAX_DIGITS: usize = 15;

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks a number already in E.164 (`+821012345678`), as stored.
    pub fn from_e164(value: &str) -> Result<Self, &'static str> {
        let digits = value.strip_prefix('+').ok_or(FORMAT)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FORMAT);
        }
        Self::from_digits(digits)
    }

    /// `digits`: the country calling code and the national significant number, no `+`.
    fn from_digits(digits: &str) -> Result<Self, &'static str> {
        let well_formed = (Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits.len())
            && !digits.starts_with('0');
        if !well_formed {
            return Err(FORMAT);
        }
        Ok(Self(format!("+{digits}")))
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::from_e164(&value).map_err(str::to_string)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

/// Members of the North American Numbering Plan: `+1` and ten digits, typed nationally with or
/// without the leading 1.
const NANP: &[&str] = &[
    "AG", "AI", "AS", "BB", "BM", "BS", "CA", "DM", "DO", "GD", "GU", "JM", "KN", "KY", "LC", "MP",
    "MS", "PR", "SX", "TC", "TT", "US", "VC", "VG", "VI",
];

/// Parses a number as typed in a form whose address is in `country` (ISO code). International
/// input (`+`, or the `00` prefix) is taken as it is; a national number is converted for the
/// countries whose trunk prefix we know, and refused with `phone.international` elsewhere.
pub fn parse(input: &str, country: &str) -> Result<PhoneNumber, &'static str> {
    let input = input.trim();
    if input.is_empty() {
        return Err(EMPTY);
    }
    let folded: String = input.chars().map(fold_width).collect();
    // "+44 (0)20 …": the trunk 0 in brackets is not dialled from abroad.
    let folded = if folded.starts_with('+') || folded.starts_with("00") {
        folded.replace("(0)", "")
    } else {
        folded
    };
    let mut digits = String::with_capacity(folded.len());
    let mut plus = false;
    for (index, c) in folded.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if index == 0 => plus = true,
            // `/` as Germans write "030/123456"
            '-' | '.' | '(' | ')' | '/' => {}
            c if c.is_whitespace() => {}
            _ => return Err(FORMAT),
        }
    }
    if digits.is_empty() {
        return Err(FORMAT);
    }
    let country = country::canonical_code(country).unwrap_or("");
    if plus {
        return PhoneNumber::from_digits(&digits);
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return PhoneNumber::from_digits(rest);
    }
    if NANP.contains(&country) {
        return nanp(&digits);
    }
    national(&digits, country)
}

fn nanp(digits: &str) -> Result<PhoneNumber, &'static str> {
    // 011 is the North American international prefix.
    if let Some(rest) = digits.strip_prefix("011") {
        return PhoneNumber::from_digits(rest);
    }
    let ten = match digits.len() {
        10 => digits,
        11 => digits.strip_prefix('1').ok_or(FORMAT)?,
        _ => return Err(FORMAT),
    };
    // Area codes and exchanges never start with 0 or 1.
    let bytes = ten.as_bytes();
    if !matches!(bytes.first(), Some(b'2'..=b'9')) || !matches!(bytes.get(3), Some(b'2'..=b'9')) {
        return Err(FORMAT);
    }
    PhoneNumber::from_digits(&format!("1{ten}"))
}

/// National numbers after the trunk `0`: the calling code and the accepted total lengths
/// (trunk digit included).
fn trunk_rule(country: &str) -> Option<(&'static str, std::ops::RangeInclusive<usize>)> {
    Some(match country {
        "KR" => ("82", 9..=11),
        "JP" => ("81", 10..=11),
        "GB" => ("44", 10..=11),
        "DE" => ("49", 7..=14),
        "FR" => ("33", 10..=10),
        "AU" => ("61", 10..=10),
        "IN" => ("91", 11..=11),
        "BR" => ("55", 11..=12),
        _ => return None,
    })
}

fn national(digits: &str, country: &str) -> Result<PhoneNumber, &'static str> {
    let Some((calling_code, lengths)) = trunk_rule(country) else {
        return Err(INTERNATIONAL);
    };
    let Some(significant) = digits.strip_prefix('0') else {
        return match country {
            // Indian mobiles are usually written as ten digits without the 0.
            "IN" if digits.len() == 10
                && matches!(digits.as_bytes().first(), Some(b'6'..=b'9')) =>
            {
                PhoneNumber::from_digits(&format!("{calling_code}{digits}"))
            }
            // The Brazilian trunk 0 is optional: area code (11–99) and 8 or 9 digits.
            "BR" if (10..=11).contains(&digits.len()) => {
                PhoneNumber::from_digits(&format!("{calling_code}{digits}"))
            }
            "IN" | "BR" => Err(FORMAT),
            _ => Err(INTERNATIONAL),
        };
    };
    if !lengths.contains(&digits.len()) {
        return Err(FORMAT);
    }
    PhoneNumber::from_digits(&format!("{calling_code}{significant}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(input: &str, country: &str) -> String {
        match parse(input, country) {
            Ok(number) => number.as_str().to_string(),
            Err(code) => panic!("{input:?} ({country}): {code}"),
        }
    }

    #[test]
    fn international_input_is_kept() {
        assert_eq!(ok("+82 10-1234-5678", "US"), "+821012345678");
        assert_eq!(ok("+1 (415) 555-0100", "KR"), "+14155550100");
        assert_eq!(ok("0044 20 7946 0958", "FR"), "+442079460958");
        assert_eq!(ok("+49.30.123456", "ZZ"), "+4930123456");
        assert_eq!(ok("＋８１ ３－１２３４－５６７８", "JP"), "+81312345678");
        assert_eq!(ok("+852 2123 4567", "HK"), "+85221234567");
        assert_eq!(ok("+44 (0)20 7946 0958", "GB"), "+442079460958");
        assert_eq!(ok("0049 (0) 30 123456", "DE"), "+4930123456");
    }

    #[test]
    fn national_numbers_are_converted() {
        assert_eq!(ok("(415) 555-0100", "US"), "+14155550100");
        assert_eq!(ok("1-415-555-0100", "us"), "+14155550100");
        assert_eq!(ok("011 44 20 7946 0958", "US"), "+442079460958");
        assert_eq!(ok("613.555.0100", "CA"), "+16135550100");
        assert_eq!(ok("787-555-0100", "PR"), "+17875550100");
        assert_eq!(ok("010-1234-5678", "KR"), "+821012345678");
        assert_eq!(ok("02-123-4567", "KR"), "+8221234567");
        assert_eq!(ok("03-1234-5678", "JP"), "+81312345678");
        assert_eq!(ok("090-1234-5678", "JP"), "+819012345678");
        assert_eq!(ok("020 7946 0958", "GB"), "+442079460958");
        assert_eq!(ok("07700 900123", "GB"), "+447700900123");
        assert_eq!(ok("030 123456", "DE"), "+4930123456");
        assert_eq!(ok("030/123456", "DE"), "+4930123456");
        assert_eq!(ok("01 23 45 67 89", "FR"), "+33123456789");
        assert_eq!(ok("(02) 9876 5432", "AU"), "+61298765432");
        assert_eq!(ok("0412 345 678", "AU"), "+61412345678");
        assert_eq!(ok("011 2345 6789", "IN"), "+911123456789");
        assert_eq!(ok("98765 43210", "IN"), "+919876543210");
        assert_eq!(ok("(11) 98765-4321", "BR"), "+5511987654321");
        assert_eq!(ok("0 11 3456-7890", "BR"), "+551134567890");
    }

    #[test]
    fn refuses_with_the_right_code() {
        for (input, country, code) in [
            ("", "US", EMPTY),
            ("   ", "KR", EMPTY),
            ("555-0100", "US", FORMAT),
            ("(015) 555-0100", "US", FORMAT),
            ("415 155 0100", "US", FORMAT),
            ("2-415-555-0100", "US", FORMAT),
            ("010-1234", "KR", FORMAT),
            ("0101234567890", "KR", FORMAT),
            ("10-1234-5678", "KR", INTERNATIONAL),
            ("0123 456789", "SG", INTERNATIONAL),
            ("6123 4567", "SG", INTERNATIONAL),
            ("6123 4567", "", INTERNATIONAL),
            ("12345678", "IN", FORMAT),
            ("123456789", "BR", FORMAT),
            ("01 23 45 67", "FR", FORMAT),
            ("+1 415 555 0100 ext. 12", "US", FORMAT),
            ("+82 10 1234 567a", "KR", FORMAT),
            ("1+2345678901", "US", FORMAT),
            ("++821012345678", "KR", FORMAT),
            ("+0 123 456 789", "KR", FORMAT),
            ("+82 10", "KR", FORMAT),
            ("+1234567890123456", "KR", FORMAT),
            ("(--)", "KR", FORMAT),
            ("+", "KR", FORMAT),
        ] {
            assert_eq!(parse(input, country), Err(code), "{input:?} ({country})");
        }
    }

    #[test]
    fn serde_checks_the_stored_form() {
        let number = parse("010-1234-5678", "KR").unwrap();
        let json = serde_json::to_string(&number).unwrap();
        assert_eq!(json, "\"+821012345678\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), number);
        for bad in [
            "\"821012345678\"",
            "\"+82 10\"",
            "\"+8210-1234-5678\"",
            "\"\"",
        ] {
            assert!(serde_json::from_str::<PhoneNumber>(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn e164_round_trips(digits in "[1-9][0-9]{7,14}", country in "(US|KR|JP|GB|ZZ|)") {
            let number = parse(&format!("+{digits}"), &country).unwrap();
            prop_assert_eq!(number.as_str(), format!("+{digits}"));
            prop_assert_eq!(parse(number.as_str(), "SG"), Ok(number.clone()));
            prop_assert_eq!(PhoneNumber::from_e164(number.as_str()), Ok(number));
        }

        #[test]
        fn arbitrary_input_never_panics(input in any::<String>(), country in "[A-Z]{2}") {
            match parse(&input, &country) {
                Ok(number) => {
                    prop_assert_eq!(PhoneNumber::from_e164(number.as_str()), Ok(number.clone()));
                    prop_assert_eq!(parse(number.as_str(), &country), Ok(number));
                }
                Err(code) => prop_assert!([EMPTY, INTERNATIONAL, FORMAT].contains(&code)),
            }
        }
    }
}
