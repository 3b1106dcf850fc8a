//! Enrollment, the applicant's side: joining the partner program (a program ID), starting a
//! CSP application with a work e-mail, the wizard's steps, submission and the status.
//!
//! Applicants have no account: an e-mailed single-use link proves the work e-mail and opens an
//! applicant session (cookie) that reaches exactly one application. Every function below that
//! reads or changes an application takes it from that session, never from the request.

#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
use crate::{
    api::AppError,
    domain::application::{CheckResult, Model, Progress, Status},
};
#[cfg(feature = "ssr")]
use crate::{
    api::{checks::email_address, identity::email_code},
    domain::{
        application::{CheckFacts, ProgramIdFinding, Verdict, checks, required_text},
        country,
        email::EmailAddress,
        free_mail::{is_added_free_mail, parse_work_email},
        program_id::ProgramId,
    },
    server::{
        services::{applicant_cookie, redirect_after_form_post, set_cookie},
        store::{
            enrollment::{self, ChangeError, Started},
            program_members::{self, NewMember},
            program_settings,
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod steps;

pub use steps::*;

/// How long an e-mailed application link works.
pub const LINK_HOURS: u64 = 24;

/// Joins the partner program: issues a program ID, shows it and e-mails it to the contact.
#[server(endpoint = "join_program")]
pub async fn join_program(
    legal_name: String,
    country: String,
    contact_email: String,
) -> Result<String, AppError> {
    let services = gate::public()?;
    let typed = [
        ("legal_name", legal_name.as_str()),
        ("country", country.as_str()),
        ("contact_email", contact_email.as_str()),
    ];
    let mut fields = Vec::new();
    let name = required_text(&legal_name, "legal_name")
        .map_err(|code| fields.push(("legal_name".to_owned(), code)))
        .ok();
    let found_country = country::find(&country);
    if found_country.is_none() {
        fields.push(("country".to_owned(), "country.unknown".to_owned()));
    }
    let email = email_address(&mut fields, "contact_email", &contact_email);
    let (Some(name), Some(found_country), Some(email)) = (name, found_country, email) else {
        return Err(AppError::invalid(fields, &typed));
    };
    let public_url = services.public_url.clone();
    let id = program_members::join(
        &services.db,
        NewMember {
            legal_name: &name,
            country: found_country.code,
            contact_email: email.as_str(),
        },
        |id| {
            crate::server::mail_text::enrollment::program_id(
                &public_url,
                email.as_str(),
                &name,
                &id.to_string(),
            )
        },
    )
    .await?;
    redirect_after_form_post(&format!("/join?joined={id}"));
    Ok(id.to_string())
}

/// Starts an application: the program ID must exist and be active; the work e-mail, which
/// becomes the partner account's global admin, must not be free mail. The link that opens the
/// draft goes to that e-mail. Starting again with the same e-mail sends a new link to the open
/// application instead.
#[server(endpoint = "start_application")]
pub async fn start_application(program_id: String, work_email: String) -> Result<(), AppError> {
    let services = gate::public()?;
    let typed = [
        ("program_id", program_id.as_str()),
        ("work_email", work_email.as_str()),
    ];
    let mut fields = Vec::new();
    let id = ProgramId::parse(&program_id)
        .map_err(|p| fields.push(("program_id".to_owned(), p.code().to_owned())))
        .ok();
    let mut email = parse_work_email(&work_email)
        .map_err(|p| fields.push(("work_email".to_owned(), p.code().to_owned())))
        .ok();
    if let Some(address) = &email {
        // the operator's additions to the built-in free-mail list
        let additions = program_settings::free_mail_additions(&services.db).await?;
        if is_added_free_mail(address.domain(), &additions) {
            fields.push(("work_email".to_owned(), "email.free_mail".to_owned()));
            email = None;
        }
    }
    let invalid = |fields: Vec<(String, String)>| AppError::invalid(fields, &typed);
    let (Some(id), Some(email)) = (id, email) else {
        return Err(invalid(fields));
    };
    let member = program_members::find(&services.db, id).await?;
    match member {
        None => return Err(invalid(vec![field("program_id", "program_id.unknown")])),
        Some(member) if !member.is_active() => {
            return Err(invalid(vec![field("program_id", "program_id.suspended")]));
        }
        Some(_) => {}
    }
    let public_url = services.public_url.clone();
    let started = enrollment::start(
        &services.db,
        id,
        email.as_str(),
        link_ttl(),
        |token, resumed| {
            crate::server::mail_text::enrollment::application_link(
                &public_url,
                email.as_str(),
                token,
                id,
                resumed,
                LINK_HOURS,
            )
        },
    )
    .await?;
    if started == Started::OpenWithAnotherEmail {
        return Err(invalid(vec![field(
            "program_id",
            "program_id.application_open",
        )]));
    }
    form_done("/apply?sent=start")
}

/// "E-mail me a link": sends a new link to each application of this work e-mail. The answer is
/// the same whether there is one or not, so nobody learns who applied.
#[server(endpoint = "email_application_link")]
pub async fn email_application_link(resume_email: String) -> Result<(), AppError> {
    let services = gate::public()?;
    let email = EmailAddress::parse(&resume_email).map_err(|problem| {
        AppError::field("resume_email", email_code(problem))
            .with_values(&[("resume_email", resume_email.as_str())])
    })?;
    let public_url = services.public_url.clone();
    enrollment::send_resume_links(&services.db, email.as_str(), link_ttl(), |token, id| {
        crate::server::mail_text::enrollment::application_link(
            &public_url,
            email.as_str(),
            token,
            id,
            true,
            LINK_HOURS,
        )
    })
    .await?;
    form_done("/apply?sent=resume")
}

/// Opens the application behind an e-mailed link (proving the work e-mail the first time) and
/// continues where the applicant left off. A link works once; the page asks for a click first,
/// so mail scanners that fetch links do not use it up.
#[server(endpoint = "open_application")]
pub async fn open_application(token: String) -> Result<(), AppError> {
    let services = gate::public()?;
    let session = enrollment::open_with_link(&services.db, token.trim())
        .await?
        .ok_or(AppError::LinkInvalid)?;
    set_cookie(&applicant_cookie(&session, services.secure_cookies));
    leptos_axum::redirect("/application");
    Ok(())
}

/// The business step's answers, as saved (empty strings when not given yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessAnswers {
    pub legal_name: String,
    pub address: crate::domain::address::AddressInput,
    pub phone: String,
    pub website: String,
}

/// An acceptance criterion in both languages (the page picks one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionText {
    pub key: String,
    pub text_en: String,
    pub text_ko: String,
}

/// The application as its applicant sees it. Bank details only masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub program_id: String,
    pub work_email: String,
    pub status: Status,
    pub country: Option<String>,
    pub business: BusinessAnswers,
    /// `•••• 1234`
    pub bank_masked: Option<String>,
    /// `iban` or `domestic`
    pub bank_kind: Option<String>,
    pub model: Option<Model>,
    pub accepted_criteria: Vec<String>,
    pub progress: Progress,
    pub signer_name: Option<String>,
    pub signer_title: Option<String>,
    /// YYYY-MM-DD
    pub submitted_on: Option<String>,
    /// YYYY-MM-DD
    pub expected_decision_on: Option<String>,
    pub checks: Vec<CheckResult>,
    /// the criteria in force
    pub criteria: Vec<CriterionText>,
    pub review_days: u32,
    /// changes with every change the status page shows
    pub version: i64,
    /// while more information is needed: the sections the applicant may change
    pub sections_to_fix: Vec<String>,
    /// the reviewer's message with the last request or decision
    pub decision_message: Option<String>,
    /// the reason code of a rejection
    pub decision_reason: Option<String>,
}

/// The applicant's application.
#[server(endpoint = "my_application")]
pub async fn my_application() -> Result<ApplicationView, AppError> {
    let (services, id) = gate::applicant().await?;
    view_of(&services, &load(&services, &id).await?).await
}

#[cfg(feature = "ssr")]
use crate::api::checks::field;

#[cfg(feature = "ssr")]
fn link_ttl() -> std::time::Duration {
    std::time::Duration::from_secs(LINK_HOURS * 60 * 60)
}

/// Today's date (UTC), from the system clock.
#[cfg(feature = "ssr")]
fn today() -> crate::domain::calendar::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::domain::calendar::Date::from_days_since_epoch((seconds / 86_400) as i64)
}

#[cfg(feature = "ssr")]
async fn load(
    services: &crate::server::services::Services,
    id: &surrealdb::types::RecordId,
) -> Result<crate::server::store::enrollment::ApplicationRecord, AppError> {
    crate::server::store::enrollment::get(&services.db, id)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Answers cannot change once submitted (until a reviewer asks for more information).
#[cfg(feature = "ssr")]
fn editable(
    application: &crate::server::store::enrollment::ApplicationRecord,
) -> Result<(), AppError> {
    if application.status().applicant_can_edit() {
        Ok(())
    } else {
        Err(AppError::Conflict("application.not_editable".into()))
    }
}

/// The steps are saved in order: the step before this one (`done`) must be saved.
#[cfg(feature = "ssr")]
fn in_order(done: bool) -> Result<(), AppError> {
    if done {
        Ok(())
    } else {
        Err(AppError::Conflict("application.step_order".into()))
    }
}

/// While the reviewer asks for more information, only the sections named can change.
#[cfg(feature = "ssr")]
fn editable_section(
    application: &crate::server::store::enrollment::ApplicationRecord,
    section: crate::domain::review::Section,
) -> Result<(), AppError> {
    editable(application)?;
    if application.status() == Status::MoreInformationNeeded
        && !application
            .sections_to_fix
            .iter()
            .any(|s| s == section.code())
    {
        return Err(AppError::Conflict("application.section_locked".into()));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn change_error(error: crate::server::store::enrollment::ChangeError) -> AppError {
    match error {
        ChangeError::NotEditable => AppError::Conflict("application.not_editable".into()),
        ChangeError::ProgramIdTaken => AppError::Conflict("program_id.application_open".into()),
        ChangeError::Db(error) => AppError::internal(error),
    }
}

/// Why `id` cannot enrol a business in `country`, if it cannot.
#[cfg(feature = "ssr")]
async fn program_id_problem(
    services: &crate::server::services::Services,
    id: crate::domain::program_id::ProgramId,
    country: &str,
) -> Result<Option<&'static str>, AppError> {
    let member = crate::server::store::program_members::find(&services.db, id).await?;
    Ok(finding(member.as_ref(), country).problem())
}

#[cfg(feature = "ssr")]
fn finding(
    member: Option<&crate::server::store::program_members::Member>,
    country: &str,
) -> crate::domain::application::ProgramIdFinding {
    match member {
        None => ProgramIdFinding::Unknown,
        Some(m) if !m.is_active() => ProgramIdFinding::Suspended,
        Some(m) if !m.country.eq_ignore_ascii_case(country) => ProgramIdFinding::OtherCountry,
        Some(_) => ProgramIdFinding::Good,
    }
}

/// After a step is saved: the next step to fill in, or the review.
#[cfg(feature = "ssr")]
async fn go_to_next_step(
    services: &crate::server::services::Services,
    id: &surrealdb::types::RecordId,
) -> Result<(), AppError> {
    let saved = load(services, id).await?;
    leptos_axum::redirect(&progress_of(&saved).after_saving().path());
    Ok(())
}

#[cfg(feature = "ssr")]
fn progress_of(record: &crate::server::store::enrollment::ApplicationRecord) -> Progress {
    Progress {
        program_id: record.done_program_id,
        business: record.done_business,
        bank: record.done_bank,
        model: record.done_model,
    }
}

#[cfg(feature = "ssr")]
pub(crate) async fn view_of(
    services: &crate::server::services::Services,
    record: &crate::server::store::enrollment::ApplicationRecord,
) -> Result<ApplicationView, AppError> {
    let member = match record.program_id() {
        Some(id) => program_members::find(&services.db, id).await?,
        None => None,
    };
    let verdicts = enrollment::verdicts(&services.db, &record.id).await?;
    let verdict = |code: &str| {
        verdicts
            .iter()
            .find(|v| v.check_code == code)
            .map(|v| Verdict {
                passed: v.passed,
                reason: v.reason.clone(),
                note: v.note.clone(),
            })
    };
    let progress = progress_of(record);
    let checks = checks(&CheckFacts {
        status: record.status(),
        email_verified: record.email_verified,
        progress,
        program_id: finding(member.as_ref(), record.country.as_deref().unwrap_or("")),
        business_verdict: verdict("business"),
        bank_verdict: verdict("bank"),
    });
    let criteria = program_settings::criteria(&services.db)
        .await?
        .into_iter()
        .map(|c| CriterionText {
            key: c.key(),
            text_en: c.text_en,
            text_ko: c.text_ko,
        })
        .collect();
    let review_days = program_settings::review_days(&services.db).await?;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    Ok(ApplicationView {
        program_id: record.program_id.to_string(),
        work_email: record.work_email.clone(),
        status: record.status(),
        country: record.country.clone(),
        business: BusinessAnswers {
            legal_name: text(&record.legal_name),
            address: crate::domain::address::AddressInput {
                line1: text(&record.address_line1),
                line2: text(&record.address_line2),
                city: text(&record.city),
                region: text(&record.region),
                postal_code: text(&record.postal_code),
            },
            phone: text(&record.phone),
            website: text(&record.website),
        },
        bank_masked: record.bank_masked.clone(),
        bank_kind: record.bank_kind.clone(),
        model: record.model.as_deref().and_then(Model::parse),
        accepted_criteria: record.accepted_criteria.clone(),
        progress,
        signer_name: record.signer_name.clone(),
        signer_title: record.signer_title.clone(),
        submitted_on: record.submitted.clone(),
        expected_decision_on: record.expected_decision_on.clone(),
        checks,
        criteria,
        review_days,
        version: record.version,
        sections_to_fix: record.sections_to_fix.clone(),
        decision_message: record.decision_message.clone(),
        decision_reason: record.decision_reason.clone(),
    })
}
