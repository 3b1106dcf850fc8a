//! Reviewing applications: the decisions, their reason codes, the sections a request for more
//! information can name, and the name of the CSP tenant an approval creates.

use crate::domain::application::Step;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// A part of the application a reviewer can ask the applicant to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    ProgramId,
    Business,
    Bank,
    Model,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::ProgramId,
        Section::Business,
        Section::Bank,
        Section::Model,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ProgramId => "program_id",
            Self::Business => "business",
            Self::Bank => "bank",
            Self::Model => "model",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The wizard step where the applicant fixes this section.
    pub fn step(self) -> Step {
        match self {
            Self::ProgramId => Step::ProgramId,
            Self::Business => Step::Business,
            Self::Bank => Step::Bank,
            Self::Model => Step::Model,
        }
    }
}

/// Why an application is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RejectReason {
    BusinessNotVerifiable,
    ProgramIdInactive,
    BankNotVerifiable,
    FailsAcceptanceCriteria,
    Other,
}

impl RejectReason {
    pub const ALL: [RejectReason; 5] = [
        RejectReason::BusinessNotVerifiable,
        RejectReason::ProgramIdInactive,
        RejectReason::BankNotVerifiable,
        RejectReason::FailsAcceptanceCriteria,
        RejectReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::BusinessNotVerifiable => "business_not_verifiable",
            Self::ProgramIdInactive => "program_id_inactive",
            Self::BankNotVerifiable => "bank_not_verifiable",
            Self::FailsAcceptanceCriteria => "fails_acceptance_criteria",
            Self::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The longest message a reviewer can send the applicant.
pub const MAX_MESSAGE_LEN: usize = 2000;

/// A reviewer's message to the applicant: trimmed, required, bounded. The message code if not.
pub fn message(input: &str) -> Result<String, &'static str> {
    let text = input.trim();
    if text.is_empty() {
        Err("decision.message_empty")
    } else if text.chars().count() > MAX_MESSAGE_LEN {
        Err("decision.message_too_long")
    } else {
        Ok(text.to_owned())
    }
}

/// The sections a request for more information names: at least one, each known, no repeats.
pub fn sections(codes: &[String]) -> Result<Vec<Section>, &'static str> {
    let mut found = Vec::new();
    for code in codes {
        let section = Section::parse(code).ok_or("decision.section_unknown")?;
        if !found.contains(&section) {
            found.push(section);
        }
    }
    if found.is_empty() {
        return Err("decision.sections_empty");
    }
    found.sort_by_key(|s| Section::ALL.iter().position(|x| x == s));
    Ok(found)
}

/// The domain under which partners' CSP tenants are named (`contoso-gmbh-4821937.csp.example`).
pub const TENANT_DOMAIN_SUFFIX: &str = "csp.example";

/// The first label of a partner's CSP tenant domain: the legal name in lower-case ASCII letters
/// and digits joined by hyphens (at most 40 characters), then the program ID, which makes it
/// unique: `contoso-gmbh-4821937`. Names without ASCII letters (e.g. Korean) give `partner`.
pub fn tenant_label(legal_name: &str, program_id: u32) -> String {
    let mut slug = String::new();
    for c in legal_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_matches('-').chars().take(40).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("partner");
    }
    format!("{slug}-{program_id}")
}

/// An application as the reviewers' queue lists it: read so by the store, shown so by the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct QueueItem {
    /// the application's key, for `/review/<id>`
    pub id: String,
    pub program_id: String,
    pub legal_name: String,
    pub country: String,
    pub model: String,
    pub status: String,
    /// the reviewer who claimed it
    pub claimed_by: Option<String>,
    /// YYYY-MM-DD
    pub submitted: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_section_codes_are_refused_and_sections_have_steps() {
        assert_eq!(Section::parse("bank_details"), None);
        assert_eq!(Section::Bank.step(), Step::Bank);
    }

    #[test]
    fn a_request_names_known_sections() {
        let codes = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            sections(&codes(&["bank", "business", "bank"])),
            Ok(vec![Section::Business, Section::Bank])
        );
        assert_eq!(sections(&[]), Err("decision.sections_empty"));
        assert_eq!(
            sections(&codes(&["bank", "nope"])),
            Err("decision.section_unknown")
        );
    }

    #[test]
    fn messages_are_required_and_bounded() {
        assert_eq!(
            message("  Please send a bank letter. "),
            Ok("Please send a bank letter.".into())
        );
        assert_eq!(message(" "), Err("decision.message_empty"));
        assert_eq!(
            message(&"x".repeat(MAX_MESSAGE_LEN + 1)),
            Err("decision.message_too_long")
        );
    }

    #[test]
    fn tenant_labels_are_dns_safe_and_unique_by_program_id() {
        assert_eq!(
            tenant_label("Contoso GmbH", 4821937),
            "contoso-gmbh-4821937"
        );
        assert_eq!(
            tenant_label("  A.B.C. & Sons, Ltd. ", 1000000),
            "a-b-c-sons-ltd-1000000"
        );
        assert_eq!(tenant_label("주식회사 콘토소", 2345678), "partner-2345678");
        let long = tenant_label(&"verylongname ".repeat(10), 3456789);
        assert!(long.len() <= 40 + 8, "{long}");
        assert!(!long.contains("--"));
        for label in [long, tenant_label("-x-", 1234567)] {
            assert!(label.len() <= 63);
            assert!(
                label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(!label.starts_with('-') && !label.ends_with('-'));
        }
    }
}
