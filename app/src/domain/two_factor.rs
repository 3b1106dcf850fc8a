//! Two-factor sign-in: who must use it, how long its steps last, what a typed code is, and the
//! shape of recovery codes. The codes' arithmetic (RFC 6238) is in `server::auth::totp`.

use crate::domain::roles::{OrganizationKind, Role, parse_roles};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// An authenticator code changes every 30 seconds (what every authenticator app uses).
pub const STEP_SECONDS: u64 = 30;
/// An authenticator code has 6 digits.
pub const DIGITS: usize = 6;
/// After the password, the code step of a sign-in waits this long.
pub const PENDING_SIGN_IN: Duration = Duration::from_secs(5 * 60);
/// How many recovery codes a set has.
pub const RECOVERY_CODES: usize = 10;
/// A recovery code: four groups of four characters, e.g. `k7mp-q3rt-9wzh-n4cx`.
pub const RECOVERY_GROUPS: usize = 4;
/// The characters of recovery codes: lower-case letters and digits without look-alikes (no
/// 0/o, 1/l/i): 31 of them, so a code carries about 79 bits.
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Whether a user must use two-factor sign-in: the operator's staff always; in a partner
/// organization, the roles that can change who works there, what they may do, where money goes
/// or act for customers; every partner and customer user when the program asks `everyone`.
pub fn required<S: AsRef<str>>(
    kind: Option<OrganizationKind>,
    roles: &[S],
    everyone: bool,
) -> bool {
    match kind {
        Some(OrganizationKind::Operator) => true,
        Some(OrganizationKind::Partner) => {
            everyone
                || parse_roles(roles).iter().any(|role| {
                    matches!(
                        role,
                        Role::GlobalAdmin
                            | Role::UserManagementAdmin
                            | Role::BillingAdmin
                            | Role::AdminAgent
                    )
                })
        }
        Some(OrganizationKind::Customer) => everyone,
        None => false,
    }
}

/// What a person typed in the code field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entered {
    /// six digits from the authenticator app
    Authenticator(String),
    /// a recovery code, lower-case, with its dashes
    Recovery(String),
}

/// Why a typed code is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Empty,
    Malformed,
}

impl CodeProblem {
    pub fn code(self) -> &'static str {
        match self {
            CodeProblem::Empty => "two_factor.code_empty",
            CodeProblem::Malformed => "two_factor.code_malformed",
        }
    }
}

/// Reads a typed code: spaces and dashes anywhere, upper or lower case. Six digits are an
/// authenticator code; sixteen characters of the recovery alphabet a recovery code.
pub fn parse_code(typed: &str) -> Result<Entered, CodeProblem> {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase();
    if plain.is_empty() {
        return Err(CodeProblem::Empty);
    }
    if plain.len() == DIGITS && plain.chars().all(|c| c.is_ascii_digit()) {
        return Ok(Entered::Authenticator(plain));
    }
    let length = RECOVERY_GROUPS * 4;
    if plain.len() == length && plain.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Ok(Entered::Recovery(recovery_text(&plain)));
    }
    Err(CodeProblem::Malformed)
}

/// A recovery code's characters written in groups of four joined by dashes.
pub fn recovery_text(plain: &str) -> String {
    grouped(plain, 4, "-")
}

/// A secret key for typing into an authenticator app: groups of four, e.g. `JBSW Y3DP EHPK 3PXP`.
pub fn grouped_secret(base32: &str) -> String {
    grouped(base32, 4, " ")
}

fn grouped(text: &str, size: usize, separator: &str) -> String {
    text.as_bytes()
        .chunks(size)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(separator)
}

/// A user's two-factor sign-in as their security page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    /// two-factor sign-in is on
    pub on: bool,
    /// when it was set up (RFC 3339), if it is on
    pub set_up_at: Option<String>,
    /// recovery codes not used yet
    pub recovery_left: u32,
    /// their roles (or the program) require it: it cannot be turned off
    pub required: bool,
}

/// An authenticator being set up: what the page shows to scan or type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// the QR code of the `otpauth://` address, as an SVG image
    pub qr_svg: String,
    /// the secret key in base32, in groups of four
    pub secret: String,
    /// the account name the app will show
    pub account: String,
    /// replaces an authenticator already in use
    pub replacing: bool,
    /// required and not set up yet: nothing else works until it is
    pub must: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_and_powerful_partner_roles_must_use_it() {
        let operator = Some(OrganizationKind::Operator);
        let partner = Some(OrganizationKind::Partner);
        let customer = Some(OrganizationKind::Customer);
        assert!(required(operator, &["reviewer"], false));
        assert!(required(operator, &[] as &[&str], false));
        for role in [
            "global_admin",
            "user_management_admin",
            "billing_admin",
            "admin_agent",
        ] {
            assert!(required(partner, &["sales_agent", role], false), "{role}");
        }
        for role in [
            "account_admin",
            "business_profile_admin",
            "referrals_admin",
            "sales_agent",
            "helpdesk_agent",
        ] {
            assert!(!required(partner, &[role], false), "{role}");
            assert!(required(partner, &[role], true), "{role}");
        }
        assert!(!required(customer, &["global_admin"], false));
        assert!(required(customer, &["global_admin"], true));
        assert!(!required(None, &["global_admin"], true));
    }

    #[test]
    fn reads_authenticator_and_recovery_codes_as_people_type_them() {
        assert_eq!(
            parse_code(" 123 456 "),
            Ok(Entered::Authenticator("123456".into()))
        );
        assert_eq!(
            parse_code("K7MP-Q3RT 9WZH-n4cx"),
            Ok(Entered::Recovery("k7mp-q3rt-9wzh-n4cx".into()))
        );
        assert_eq!(parse_code("  "), Err(CodeProblem::Empty));
        for bad in [
            "12345",
            "1234567",
            "12345a",
            "k7mp-q3rt-9wzh-n4c0",
            "k7mp-q3rt-9wzh",
        ] {
            assert_eq!(parse_code(bad), Err(CodeProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn secrets_and_codes_are_grouped_by_four() {
        assert_eq!(
            grouped_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
        );
        assert_eq!(recovery_text("abcdefghjkmnpqrs"), "abcd-efgh-jkmn-pqrs");
        assert_eq!(RECOVERY_ALPHABET.len(), 31);
    }
}
