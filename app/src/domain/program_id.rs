//! The partner program ID ("MPN ID") partners quote in every request.
//!
//! Message codes used here (from [`ProgramIdProblem::code`]):
//! - `program_id.empty`
//! - `program_id.not_numeric` (anything but digits and spaces, including `-`, `+`, `.`)
//! - `program_id.wrong_length` (not exactly 7 digits, or a leading zero)

use crate::domain::country::fold_width;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The partner program ID ("MPN ID"): 7 digits, 1_000_000..=9_999_999. Stored and sent as a
/// number; deserializing checks the range so a forged request cannot carry an impossible ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ProgramId(u32);

/// Why a typed program ID was refused; each maps to a message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramIdProblem {
    Empty,
    /// a character other than a digit or a space
    NotNumeric,
    /// not 7 digits, or 7 digits starting with 0
    WrongLength,
}

impl ProgramIdProblem {
    /// The message code the page translates.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "program_id.empty",
            Self::NotNumeric => "program_id.not_numeric",
            Self::WrongLength => "program_id.wrong_length",
        }
    }
}

impl ProgramId {
    pub const MIN: u32 = 1_000_000;
    pub const MAX: u32 = 9_999_999;
    /// How many IDs there are.
    const SPAN: u32 = Self::MAX - Self::MIN + 1;
    /// The largest multiple of `SPAN` that fits in 32 bits: samples at or above it would make
    /// the low IDs slightly more likely than the high ones.
    const UNBIASED_LIMIT: u32 = (u32::MAX / Self::SPAN) * Self::SPAN;

    /// Parses an ID as partners copy it from other portals: surrounding and inner spaces are
    /// allowed ("123 4567"), and digits typed full-width by an input method count as digits.
    pub fn parse(input: &str) -> Result<Self, ProgramIdProblem> {
        let mut value: u32 = 0;
        let mut digits = 0usize;
        let mut leading_zero = false;
        for c in input.chars().map(fold_width) {
            if c.is_whitespace() {
                continue;
            }
            let Some(digit) = c.to_digit(10) else {
                return Err(ProgramIdProblem::NotNumeric);
            };
            if digits == 0 && digit == 0 {
                leading_zero = true;
            }
            digits += 1;
            // Past 7 digits the value no longer matters, only that it is too long.
            if digits <= 7 {
                value = value * 10 + digit;
            }
        }
        if digits == 0 {
            return Err(ProgramIdProblem::Empty);
        }
        if digits != 7 || leading_zero {
            return Err(ProgramIdProblem::WrongLength);
        }
        Self::from_u32(value).ok_or(ProgramIdProblem::WrongLength)
    }

    pub fn from_u32(n: u32) -> Option<Self> {
        (Self::MIN..=Self::MAX).contains(&n).then_some(Self(n))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Maps 32 random bits onto the range uniformly enough (rejection sampling: return None when
    /// the sample is in the biased tail, the caller draws again). The tail is about 0.05 % of
    /// all samples, so a second draw is rarely needed.
    pub fn from_random(bits: u32) -> Option<Self> {
        (bits < Self::UNBIASED_LIMIT).then(|| Self(Self::MIN + bits % Self::SPAN))
    }
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ProgramId {
    type Err = ProgramIdProblem;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl TryFrom<u32> for ProgramId {
    type Error = String;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::from_u32(value).ok_or_else(|| format!("program ID out of range: {value}"))
    }
}

impl From<ProgramId> for u32 {
    fn from(value: ProgramId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_as_typed() {
        assert_eq!(
            ProgramId::parse("1234567").map(ProgramId::get),
            Ok(1_234_567)
        );
        assert_eq!(
            ProgramId::parse("  123 4567 ").map(ProgramId::get),
            Ok(1_234_567)
        );
        assert_eq!(
            ProgramId::parse("１２３４５６７").map(ProgramId::get),
            Ok(1_234_567)
        );
        assert_eq!(
            ProgramId::parse("1000000").map(ProgramId::get),
            Ok(ProgramId::MIN)
        );
        assert_eq!(
            ProgramId::parse("9999999").map(ProgramId::get),
            Ok(ProgramId::MAX)
        );
    }

    #[test]
    fn refuses_with_the_right_problem() {
        use ProgramIdProblem::*;
        for (input, problem) in [
            ("", Empty),
            ("   ", Empty),
            ("123-4567", NotNumeric),
            ("+1234567", NotNumeric),
            ("-1234567", NotNumeric),
            ("1234567.0", NotNumeric),
            ("12345a7", NotNumeric),
            ("١٢٣٤٥٦٧", NotNumeric),
            ("123456", WrongLength),
            ("12345678", WrongLength),
            ("0123456", WrongLength),
            ("0000000", WrongLength),
            ("99999999999999999999999", WrongLength),
        ] {
            assert_eq!(ProgramId::parse(input), Err(problem), "{input:?}");
        }
        assert_eq!(Empty.code(), "program_id.empty");
        assert_eq!(NotNumeric.code(), "program_id.not_numeric");
        assert_eq!(WrongLength.code(), "program_id.wrong_length");
    }

    #[test]
    fn range_is_enforced_everywhere() {
        assert_eq!(ProgramId::from_u32(999_999), None);
        assert_eq!(ProgramId::from_u32(10_000_000), None);
        assert_eq!(
            ProgramId::from_u32(1_234_567)
                .map(|id| id.to_string())
                .as_deref(),
            Some("1234567")
        );
        let json = serde_json::to_string(&ProgramId::from_u32(1_234_567).unwrap()).unwrap();
        assert_eq!(json, "1234567");
        assert!(serde_json::from_str::<ProgramId>("123").is_err());
        assert_eq!(
            serde_json::from_str::<ProgramId>("7654321").unwrap().get(),
            7_654_321
        );
    }

    #[test]
    fn random_mapping_covers_the_range_and_rejects_the_tail() {
        assert_eq!(
            ProgramId::from_random(0).map(ProgramId::get),
            Some(ProgramId::MIN)
        );
        assert_eq!(
            ProgramId::from_random(ProgramId::SPAN - 1).map(ProgramId::get),
            Some(ProgramId::MAX)
        );
        assert_eq!(
            ProgramId::from_random(ProgramId::UNBIASED_LIMIT - 1).map(ProgramId::get),
            Some(ProgramId::MAX)
        );
        assert_eq!(ProgramId::from_random(ProgramId::UNBIASED_LIMIT), None);
        assert_eq!(ProgramId::from_random(u32::MAX), None);
        assert_eq!(ProgramId::UNBIASED_LIMIT % ProgramId::SPAN, 0);
    }

    proptest! {
        #[test]
        fn parse_of_display_is_identity(n in ProgramId::MIN..=ProgramId::MAX) {
            let id = ProgramId::from_u32(n).unwrap();
            prop_assert_eq!(ProgramId::parse(&id.to_string()), Ok(id));
            prop_assert_eq!(id.to_string().len(), 7);
        }

        #[test]
        fn inner_spaces_are_ignored(n in ProgramId::MIN..=ProgramId::MAX, at in 1usize..7) {
            let text = n.to_string();
            let spaced = format!(" {} {} ", &text[..at], &text[at..]);
            prop_assert_eq!(ProgramId::parse(&spaced).map(ProgramId::get), Ok(n));
        }

        #[test]
        fn numbers_outside_the_range_are_refused(n in any::<u32>()) {
            prop_assume!(!(ProgramId::MIN..=ProgramId::MAX).contains(&n));
            prop_assert_eq!(ProgramId::from_u32(n), None);
            prop_assert!(ProgramId::parse(&n.to_string()).is_err());
            let padded = format!("{n:07}");
            prop_assert!(ProgramId::parse(&padded).is_err());
        }

        #[test]
        fn random_bits_map_into_the_range(bits in any::<u32>()) {
            match ProgramId::from_random(bits) {
                Some(id) => prop_assert!((ProgramId::MIN..=ProgramId::MAX).contains(&id.get())),
                None => prop_assert!(bits >= ProgramId::UNBIASED_LIMIT),
            }
        }

        #[test]
        fn arbitrary_input_never_panics(input in any::<String>()) {
            match ProgramId::parse(&input) {
                Ok(id) => prop_assert_eq!(ProgramId::parse(&id.to_string()), Ok(id)),
                Err(problem) => prop_assert!(problem.code().starts_with("program_id.")),
            }
        }
    }
}
