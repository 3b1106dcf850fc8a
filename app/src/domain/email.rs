//! E-mail addresses as people type them and as the portal compares them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid e-mail address, trimmed and lower-cased. Addresses are compared
/// case-insensitively everywhere in the portal, so the lower-cased form is the identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why an address was refused; each maps to a message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailProblem {
    Empty,
    TooLong,
    /// no `@`, several `@`, an empty part, spaces, or a domain without a dot
    Malformed,
}

impl EmailAddress {
    /// The longest address SMTP can carry (RFC 5321: 254 characters in a path).
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, EmailProblem> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EmailProblem::Empty);
        }
        if address.chars().count() > Self::MAX_LEN {
            return Err(EmailProblem::TooLong);
        }
        let (local, domain) = address.split_once('@').ok_or(EmailProblem::Malformed)?;
        let well_formed = !local.is_empty()
            && local.chars().count() <= 64
            && !domain.contains('@')
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && domain.contains('.')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
            && !domain.contains(['(', ')', '<', '>', '[', ']', ',', ';', ':', '\\', '"']);
        if !well_formed {
            return Err(EmailProblem::Malformed);
        }
        Ok(Self(address.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0
            .split_once('@')
            .map_or(self.0.as_str(), |(local, _)| local)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|problem| format!("{problem:?}"))
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases() {
        let email = EmailAddress::parse("  Ji-Woo.Kim@Example.CO.KR ").unwrap();
        assert_eq!(email.as_str(), "ji-woo.kim@example.co.kr");
        assert_eq!(email.local_part(), "ji-woo.kim");
        assert_eq!(email.domain(), "example.co.kr");
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        assert_eq!(EmailAddress::parse("   "), Err(EmailProblem::Empty));
        for bad in [
            "no-at-sign",
            "two@@example.com",
            "a@b@example.com",
            "@example.com",
            "someone@",
            "someone@localhost",
            "some one@example.com",
            "someone@exa mple.com",
            ".dot@example.com",
            "dot.@example.com",
            "do..t@example.com",
            "someone@-example.com",
            "someone@example..com",
            "someone@[127.0.0.1]",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailProblem::Malformed),
                "{bad}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailProblem::TooLong));
    }

    #[test]
    fn serde_round_trip_validates() {
        let json = serde_json::to_string(&EmailAddress::parse("A@B.io").unwrap()).unwrap();
        assert_eq!(json, "\"a@b.io\"");
        assert!(serde_json::from_str::<EmailAddress>("\"nope\"").is_err());
    }
}
