//! The CSP application: its status and the moves between them, the wizard's steps, the CSP
//! models, and the verification checks the applicant follows on the status page.

use serde::{Deserialize, Serialize};

/// The CSP model an applicant chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Model {
    /// Sells to customers and is billed by the program operator directly.
    DirectBill,
    /// A distributor: supplies indirect resellers and bills their customers.
    IndirectProvider,
    /// Sells through an indirect provider, who bills and supports the customers.
    IndirectReseller,
}

impl Model {
    pub const ALL: [Model; 3] = [
        Model::DirectBill,
        Model::IndirectProvider,
        Model::IndirectReseller,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::DirectBill => "direct_bill",
            Self::IndirectProvider => "indirect_provider",
            Self::IndirectReseller => "indirect_reseller",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Partners who bill customers themselves attest to the program's acceptance criteria.
    pub fn needs_acceptance_criteria(self) -> bool {
        matches!(self, Self::DirectBill | Self::IndirectProvider)
    }
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Being filled in by the applicant.
    Draft,
    /// Sent; waiting for a reviewer.
    Submitted,
    /// A reviewer is checking it.
    InReview,
    /// The reviewer asked the applicant to fix or add something; the applicant edits and
    /// submits again.
    MoreInformationNeeded,
    Approved,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::MoreInformationNeeded,
        Status::Approved,
        Status::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::InReview => "in_review",
            Self::MoreInformationNeeded => "more_information_needed",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Not decided yet: a program ID has at most one open application.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Approved | Self::Rejected)
    }

    /// The applicant may change the answers.
    pub fn applicant_can_edit(self) -> bool {
        matches!(self, Self::Draft | Self::MoreInformationNeeded)
    }
}

/// What moves an application from one status to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The applicant submits (or submits again after a request for information).
    Submit,
    /// A reviewer takes it from the queue.
    Claim,
    RequestInformation,
    Approve,
    Reject,
}

/// The move is not possible from the current status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("cannot {action:?} an application that is {from:?}")]
pub struct InvalidTransition {
    pub from: Status,
    pub action: Action,
}

/// The status after `action`, or why it is not possible.
pub fn transition(from: Status, action: Action) -> Result<Status, InvalidTransition> {
    use Action::*;
    use Status::*;
    match (from, action) {
        (Draft | MoreInformationNeeded, Submit) => Ok(Submitted),
        (Submitted, Claim) => Ok(InReview),
        (InReview, RequestInformation) => Ok(MoreInformationNeeded),
        (InReview, Approve) => Ok(Approved),
        (InReview, Reject) => Ok(Rejected),
        _ => Err(InvalidTransition { from, action }),
    }
}

/// The wizard's pages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    ProgramId,
    Business,
    Bank,
    Model,
    Review,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::ProgramId,
        Step::Business,
        Step::Bank,
        Step::Model,
        Step::Review,
    ];

    /// The last part of the step's address (`/application/<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::ProgramId => "program-id",
            Self::Business => "business",
            Self::Bank => "bank",
            Self::Model => "model",
            Self::Review => "review",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/application/{}", self.slug())
    }

    /// 1 for the first step.
    pub fn number(self) -> usize {
        self as usize + 1
    }
}

/// Which steps hold complete, valid answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub program_id: bool,
    pub business: bool,
    pub bank: bool,
    pub model: bool,
}

impl Progress {
    pub fn is_done(self, step: Step) -> bool {
        match step {
            Step::ProgramId => self.program_id,
            Step::Business => self.business,
            Step::Bank => self.bank,
            Step::Model => self.model,
            Step::Review => self.is_complete(),
        }
    }

    pub fn is_complete(self) -> bool {
        self.program_id && self.business && self.bank && self.model
    }

    /// The first step still to fill in; the review once everything is.
    pub fn first_incomplete(self) -> Step {
        Step::ALL
            .into_iter()
            .find(|&step| step != Step::Review && !self.is_done(step))
            .unwrap_or(Step::Review)
    }

    /// A step can be opened once every step before it is done (so the business address is
    /// always checked against a chosen country, and the review shows complete answers).
    pub fn can_open(self, step: Step) -> bool {
        step <= self.first_incomplete()
    }

    /// Where the wizard goes after a step is saved: the next step still to fill in, or back to
    /// the review when everything is (which is also where "edit" on the review page returns).
    pub fn after_saving(self) -> Step {
        self.first_incomplete()
    }

    /// Choosing another country makes the address and the bank details, which depend on it,
    /// to be entered again.
    pub fn country_changed(self) -> Self {
        Self {
            business: false,
            bank: false,
            ..self
        }
    }
}

/// A verification check the applicant sees on the status page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Check {
    EmailOwnership,
    ProgramId,
    BusinessDetails,
    BankDetails,
}

impl Check {
    pub const ALL: [Check; 4] = [
        Check::EmailOwnership,
        Check::ProgramId,
        Check::BusinessDetails,
        Check::BankDetails,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::EmailOwnership => "email",
            Self::ProgramId => "program_id",
            Self::BusinessDetails => "business",
            Self::BankDetails => "bank",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The wizard step where the applicant fixes what this check found.
    pub fn step(self) -> Option<Step> {
        match self {
            Self::EmailOwnership => None,
            Self::ProgramId => Some(Step::ProgramId),
            Self::BusinessDetails => Some(Step::Business),
            Self::BankDetails => Some(Step::Bank),
        }
    }
}

/// Where one check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckState {
    /// Nothing to check yet (the step is not filled in).
    NotStarted,
    /// Waiting for the reviewer.
    Pending,
    Passed,
    /// Failed; the reason says what to fix.
    Failed,
}

impl CheckState {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Pending => "pending",
            Self::Passed => "passed",
            Self::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::NotStarted, Self::Pending, Self::Passed, Self::Failed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One check as the status page shows it: its state and, when it failed, the reason code (the
/// page says what it means and what to fix) and the reviewer's note, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub check: Check,
    pub state: CheckState,
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// A reviewer's verdict on a check that needs a person (business and bank details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub passed: bool,
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// The program ID as it is now (it can be suspended after the application was started).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramIdFinding {
    Unknown,
    Suspended,
    /// registered in another country than the business address
    OtherCountry,
    Good,
}

impl ProgramIdFinding {
    /// The message code of the problem, if any.
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            Self::Unknown => Some("program_id.unknown"),
            Self::Suspended => Some("program_id.suspended"),
            Self::OtherCountry => Some("program_id.other_country"),
            Self::Good => None,
        }
    }
}

/// What the checks are worked out from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFacts {
    pub status: Status,
    pub email_verified: bool,
    pub progress: Progress,
    pub program_id: ProgramIdFinding,
    pub business_verdict: Option<Verdict>,
    pub bank_verdict: Option<Verdict>,
}

/// The checks, in the order the status page lists them. The e-mail and the program ID are
/// checked by the portal at once (the program ID again every time, as it can be suspended);
/// the business and bank details are complete or not in the draft, then wait for a reviewer's
/// verdict once submitted.
pub fn checks(facts: &CheckFacts) -> Vec<CheckResult> {
    let result = |check: Check, state: CheckState, reason: Option<&str>| CheckResult {
        check,
        state,
        reason: reason.map(str::to_owned),
        note: None,
    };
    let email = if facts.email_verified {
        result(Check::EmailOwnership, CheckState::Passed, None)
    } else {
        result(Check::EmailOwnership, CheckState::Pending, None)
    };
    let program_id = match facts.program_id.problem() {
        _ if !facts.progress.program_id => result(Check::ProgramId, CheckState::NotStarted, None),
        Some(problem) => result(Check::ProgramId, CheckState::Failed, Some(problem)),
        None => result(Check::ProgramId, CheckState::Passed, None),
    };
    // Filled in but without a verdict: pending, in the draft as after submission (the form's
    // own checks passed; a reviewer has not looked yet).
    let reviewed = |check: Check, done: bool, verdict: &Option<Verdict>| match verdict {
        _ if !done => result(check, CheckState::NotStarted, None),
        None => result(check, CheckState::Pending, None),
        Some(verdict) => CheckResult {
            check,
            state: if verdict.passed {
                CheckState::Passed
            } else {
                CheckState::Failed
            },
            reason: verdict.reason.clone(),
            note: verdict.note.clone(),
        },
    };
    vec![
        email,
        program_id,
        reviewed(
            Check::BusinessDetails,
            facts.progress.business,
            &facts.business_verdict,
        ),
        reviewed(Check::BankDetails, facts.progress.bank, &facts.bank_verdict),
    ]
}

/// Whether two legal names are the same name: letters and digits compared without case, so
/// "Contoso Ltd." matches "CONTOSO LTD" but not "Contoso Limited".
pub fn legal_names_match(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a == b
}

/// The longest legal name or person's name the portal stores.
pub const MAX_NAME_LEN: usize = 200;

/// A name that must be there (legal name, signer's name and title): the message code if not.
pub fn required_text(input: &str, field: &'static str) -> Result<String, String> {
    let text = super::clean_text(input);
    if text.is_empty() {
        Err(format!("{field}.empty"))
    } else if text.chars().count() > MAX_NAME_LEN {
        Err(format!("{field}.too_long"))
    } else {
        Ok(text)
    }
}

/// A business website as saved: optional; `https://` is added when no scheme is typed. The
/// message code when it is not a web address.
pub fn normalize_website(input: &str) -> Result<String, &'static str> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if text.chars().count() > 200 {
        return Err("website.too_long");
    }
    let lower = text.to_ascii_lowercase();
    let (url, rest) = if lower.starts_with("https://") || lower.starts_with("http://") {
        let at = text.find("://").map_or(0, |i| i + 3);
        (text.to_owned(), &text[at..])
    } else if text.contains("://") {
        return Err("website.format");
    } else {
        (format!("https://{text}"), text)
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => host,
        Some(_) => return Err("website.format"),
        None => authority,
    };
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !host.contains('.') || !labels_ok || text.chars().any(char::is_whitespace) {
        return Err("website.format");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_allowed_or_refused_as_the_review_flow_says() {
        use Action::*;
        use Status::*;
        let allowed = [
            (Draft, Submit, Submitted),
            (MoreInformationNeeded, Submit, Submitted),
            (Submitted, Claim, InReview),
            (InReview, RequestInformation, MoreInformationNeeded),
            (InReview, Approve, Approved),
            (InReview, Reject, Rejected),
        ];
        for from in Status::ALL {
            for action in [Submit, Claim, RequestInformation, Approve, Reject] {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(transition(from, action), Ok(to)),
                    None => assert_eq!(
                        transition(from, action),
                        Err(InvalidTransition { from, action }),
                        "{from:?} + {action:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn decided_applications_are_closed_and_frozen() {
        for status in Status::ALL {
            let decided = matches!(status, Status::Approved | Status::Rejected);
            assert_eq!(status.is_open(), !decided);
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        assert!(Status::Draft.applicant_can_edit());
        assert!(Status::MoreInformationNeeded.applicant_can_edit());
        assert!(!Status::Submitted.applicant_can_edit());
        assert!(!Status::InReview.applicant_can_edit());
        assert!(!Status::Approved.applicant_can_edit());
    }

    #[test]
    fn the_wizard_goes_step_by_step_then_back_to_the_review() {
        let mut progress = Progress::default();
        assert_eq!(progress.first_incomplete(), Step::ProgramId);
        assert!(progress.can_open(Step::ProgramId));
        assert!(!progress.can_open(Step::Business));
        assert!(!progress.can_open(Step::Review));

        progress.program_id = true;
        assert_eq!(progress.after_saving(), Step::Business);
        assert!(progress.can_open(Step::Business));
        assert!(!progress.can_open(Step::Bank));

        progress.business = true;
        assert_eq!(progress.after_saving(), Step::Bank);
        progress.bank = true;
        assert_eq!(progress.after_saving(), Step::Model);
        assert!(!progress.can_open(Step::Review));
        progress.model = true;
        assert_eq!(progress.after_saving(), Step::Review);
        assert!(progress.is_complete());
        for step in Step::ALL {
            assert!(progress.can_open(step), "{step:?}");
        }
        // editing a section from the review returns to the review
        assert_eq!(progress.after_saving(), Step::Review);
    }

    #[test]
    fn another_country_asks_for_the_address_and_bank_again() {
        let all = Progress {
            program_id: true,
            business: true,
            bank: true,
            model: true,
        };
        let changed = all.country_changed();
        assert!(changed.program_id && changed.model);
        assert!(!changed.business && !changed.bank);
        assert_eq!(changed.after_saving(), Step::Business);
        assert!(!changed.can_open(Step::Review));
    }

    #[test]
    fn steps_have_addresses_and_numbers() {
        for (i, step) in Step::ALL.into_iter().enumerate() {
            assert_eq!(step.number(), i + 1);
            assert_eq!(Step::from_slug(step.slug()), Some(step));
            assert!(step.path().starts_with("/application/"));
        }
        assert_eq!(Step::from_slug("nope"), None);
    }

    #[test]
    fn only_billing_models_attest_to_the_criteria() {
        assert!(Model::DirectBill.needs_acceptance_criteria());
        assert!(Model::IndirectProvider.needs_acceptance_criteria());
        assert!(!Model::IndirectReseller.needs_acceptance_criteria());
        assert_eq!(Model::parse("reseller"), None);
    }

    fn facts() -> CheckFacts {
        CheckFacts {
            status: Status::Draft,
            email_verified: true,
            progress: Progress::default(),
            program_id: ProgramIdFinding::Good,
            business_verdict: None,
            bank_verdict: None,
        }
    }

    fn states(facts: &CheckFacts) -> Vec<CheckState> {
        checks(facts).into_iter().map(|c| c.state).collect()
    }

    #[test]
    fn a_fresh_draft_has_only_the_email_checked() {
        use CheckState::*;
        assert_eq!(
            states(&facts()),
            [Passed, NotStarted, NotStarted, NotStarted]
        );
        let unverified = CheckFacts {
            email_verified: false,
            ..facts()
        };
        assert_eq!(states(&unverified)[0], Pending);
    }

    #[test]
    fn a_suspended_program_id_fails_its_check_with_the_reason() {
        let mut f = facts();
        f.progress.program_id = true;
        f.program_id = ProgramIdFinding::Suspended;
        let result = &checks(&f)[1];
        assert_eq!(result.check, Check::ProgramId);
        assert_eq!(result.state, CheckState::Failed);
        assert_eq!(result.reason.as_deref(), Some("program_id.suspended"));
        f.program_id = ProgramIdFinding::OtherCountry;
        assert_eq!(
            checks(&f)[1].reason.as_deref(),
            Some("program_id.other_country")
        );
    }

    #[test]
    fn submitted_details_wait_for_the_reviewer_and_show_the_verdict() {
        use CheckState::*;
        let mut f = facts();
        f.status = Status::Submitted;
        f.progress = Progress {
            program_id: true,
            business: true,
            bank: true,
            model: true,
        };
        assert_eq!(states(&f), [Passed, Passed, Pending, Pending]);
        f.bank_verdict = Some(Verdict {
            passed: false,
            reason: Some("bank.holder_mismatch".into()),
            note: Some("The holder must be the company".into()),
        });
        f.business_verdict = Some(Verdict {
            passed: true,
            reason: None,
            note: None,
        });
        let results = checks(&f);
        assert_eq!(results[2].state, Passed);
        assert_eq!(results[3].state, Failed);
        assert_eq!(results[3].reason.as_deref(), Some("bank.holder_mismatch"));
        assert_eq!(
            results[3].note.as_deref(),
            Some("The holder must be the company")
        );
        assert_eq!(Check::BankDetails.step(), Some(Step::Bank));
    }

    #[test]
    fn legal_names_match_ignoring_case_and_punctuation() {
        assert!(legal_names_match("Contoso Ltd.", "CONTOSO  LTD"));
        assert!(legal_names_match("주식회사 콘토소", "주식회사콘토소"));
        assert!(!legal_names_match("Contoso Ltd", "Contoso Limited"));
        assert!(!legal_names_match("...", "!!!"));
    }

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  Ji   Park ", "name"), Ok("Ji Park".into()));
        assert_eq!(required_text("   ", "name"), Err("name.empty".into()));
        assert_eq!(
            required_text(&"x".repeat(MAX_NAME_LEN + 1), "name"),
            Err("name.too_long".into())
        );
    }

    #[test]
    fn websites_get_a_scheme_and_need_a_host() {
        assert_eq!(normalize_website(""), Ok(String::new()));
        for (typed, kept) in [
            (" contoso.example ", "https://contoso.example"),
            (
                "http://www.contoso.example/ko?a=1",
                "http://www.contoso.example/ko?a=1",
            ),
            ("https://콘토소.한국", "https://콘토소.한국"),
            ("contoso.example:8443/x", "https://contoso.example:8443/x"),
        ] {
            assert_eq!(normalize_website(typed).as_deref(), Ok(kept), "{typed}");
        }
        for bad in [
            "contoso",
            "ftp://contoso.example",
            "https://",
            "con toso.example",
            "-a.example",
        ] {
            assert_eq!(normalize_website(bad), Err("website.format"), "{bad}");
        }
    }
}
