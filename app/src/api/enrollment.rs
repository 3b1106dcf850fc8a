//! Enrollment, the applicant's side: joining the partner program (a program ID), starting a
//! CSP application with a work e-mail, the wizard's steps, submission and the status.
//!
//! Applicants have no account: an e-mailed single-use link proves the work e-mail and opens an
//! applicant session (cookie) that reaches exactly one application. Every function below that
//! reads or changes an application takes it from that session, never from the request.

#[cfg(feature = "ssr")]
use crate::api::gate;
use crate::{
    api::AppError,
    domain::application::{CheckResult, Model, Progress, Status},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How long an e-mailed application link works.
pub const LINK_HOURS: u64 = 24;

/// Joins the partner program: issues a program ID, shows it and e-mails it to the contact.
#[server(endpoint = "join_program")]
pub async fn join_program(
    legal_name: String,
    country: String,
    contact_email: String,
) -> Result<String, AppError> {
    use crate::{
        api::identity::email_code,
        domain::{application::required_text, country, email::EmailAddress},
        server::{
            services::redirect_after_form_post,
            store::program_members::{self, NewMember},
        },
    };
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
    let email = EmailAddress::parse(&contact_email)
        .map_err(|problem| fields.push(("contact_email".to_owned(), email_code(problem).into())))
        .ok();
    let (Some(name), Some(found_country), Some(email)) = (name, found_country, email) else {
        return Err(AppError::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(&typed));
    };
    let public_url = services.public_url.clone();
    let id = program_members::join(
        &services.db,
        NewMember {
            legal_name: &name,
            country: found_country.code,
            contact_email: email.as_str(),
        },
        |id| emails::program_id(&public_url, email.as_str(), &name, &id.to_string()),
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
    use crate::{
        domain::{
            free_mail::{is_added_free_mail, parse_work_email},
            program_id::ProgramId,
        },
        server::{
            services::redirect_after_form_post,
            store::{
                enrollment::{self, Started},
                program_members, program_settings,
            },
        },
    };
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
    let invalid = |fields: Vec<(String, String)>| {
        AppError::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(&typed)
    };
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
        |token, resumed| emails::application_link(&public_url, email.as_str(), token, id, resumed),
    )
    .await?;
    if started == Started::OpenWithAnotherEmail {
        return Err(invalid(vec![field(
            "program_id",
            "program_id.application_open",
        )]));
    }
    redirect_after_form_post("/apply?sent=start");
    Ok(())
}

/// "E-mail me a link": sends a new link to each application of this work e-mail. The answer is
/// the same whether there is one or not, so nobody learns who applied.
#[server(endpoint = "email_application_link")]
pub async fn email_application_link(resume_email: String) -> Result<(), AppError> {
    use crate::{
        api::identity::email_code,
        domain::email::EmailAddress,
        server::{services::redirect_after_form_post, store::enrollment},
    };
    let services = gate::public()?;
    let email = EmailAddress::parse(&resume_email).map_err(|problem| {
        AppError::field("resume_email", email_code(problem))
            .with_values(&[("resume_email", resume_email.as_str())])
    })?;
    let public_url = services.public_url.clone();
    enrollment::send_resume_links(&services.db, email.as_str(), link_ttl(), |token, id| {
        emails::application_link(&public_url, email.as_str(), token, id, true)
    })
    .await?;
    redirect_after_form_post("/apply?sent=resume");
    Ok(())
}

/// Opens the application behind an e-mailed link (proving the work e-mail the first time) and
/// continues where the applicant left off. A link works once; the page asks for a click first,
/// so mail scanners that fetch links do not use it up.
#[server(endpoint = "open_application")]
pub async fn open_application(token: String) -> Result<(), AppError> {
    use crate::server::{
        services::{applicant_cookie, set_cookie},
        store::enrollment,
    };
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
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
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

/// Saves the program ID step: the program ID and the country of the business.
#[server(endpoint = "save_program_id_step")]
pub async fn save_program_id_step(program_id: String, country: String) -> Result<(), AppError> {
    use crate::{
        domain::{country, program_id::ProgramId},
        server::store::enrollment::{self, ChangeError},
    };
    let (services, application) = gate::applicant().await?;
    let typed = [
        ("program_id", program_id.as_str()),
        ("country", country.as_str()),
    ];
    let invalid = |fields: Vec<(String, String)>| {
        AppError::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(&typed)
    };
    let mut fields = Vec::new();
    let to = ProgramId::parse(&program_id)
        .map_err(|p| fields.push(field("program_id", p.code())))
        .ok();
    let found_country = country::find(&country);
    if found_country.is_none() {
        fields.push(field("country", "country.unknown"));
    }
    let (Some(to), Some(found_country)) = (to, found_country) else {
        return Err(invalid(fields));
    };
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::ProgramId)?;
    if let Some(problem) = program_id_problem(&services, to, found_country.code).await? {
        return Err(invalid(vec![field("program_id", problem)]));
    }
    let from = current
        .program_id()
        .ok_or_else(|| AppError::internal("an application without a valid program ID"))?;
    enrollment::save_program_id(&services.db, &application, from, to, found_country.code)
        .await
        .map_err(|error| match error {
            ChangeError::ProgramIdTaken => {
                invalid(vec![field("program_id", "program_id.application_open")])
            }
            other => change_error(other),
        })?;
    go_to_next_step(&services, &application).await
}

/// The business step has one argument per form field; the server function macro generates
/// code from them that clippy counts, so the allowance sits on this module.
mod business_step {
    #![allow(clippy::too_many_arguments)]
    #[cfg(feature = "ssr")]
    use super::{change_error, editable_section, field, go_to_next_step, load};
    use crate::api::AppError;
    #[cfg(feature = "ssr")]
    use crate::api::gate;
    use leptos::prelude::*;

    /// Saves the business step: legal name (as registered for the program ID), the address in the
    /// country's format, phone and website.
    #[server(endpoint = "save_business_step")]
    pub async fn save_business_step(
        legal_name: String,
        line1: String,
        line2: String,
        city: String,
        region: String,
        postal_code: String,
        phone: String,
        website: String,
    ) -> Result<(), AppError> {
        use crate::{
            domain::{
                address::AddressInput,
                application::{legal_names_match, required_text},
            },
            server::store::{
                enrollment::{self, Business},
                program_members,
            },
        };
        let (services, application) = gate::applicant().await?;
        let typed = [
            ("legal_name", legal_name.as_str()),
            ("line1", line1.as_str()),
            ("line2", line2.as_str()),
            ("city", city.as_str()),
            ("region", region.as_str()),
            ("postal_code", postal_code.as_str()),
            ("phone", phone.as_str()),
            ("website", website.as_str()),
        ];
        let current = load(&services, &application).await?;
        editable_section(&current, crate::domain::review::Section::Business)?;
        let country = current
            .country
            .clone()
            .filter(|_| current.done_program_id)
            .ok_or(AppError::Conflict("application.step_order".into()))?;
        let mut fields = Vec::new();
        let name = required_text(&legal_name, "legal_name")
            .map_err(|code| fields.push(("legal_name".to_owned(), code)))
            .ok();
        if let (Some(name), Some(id)) = (&name, current.program_id()) {
            let member = program_members::find(&services.db, id).await?;
            if !member.is_some_and(|m| legal_names_match(&m.legal_name, name)) {
                fields.push(field("legal_name", "legal_name.mismatch"));
            }
        }
        let contact = crate::api::checks::business_contact(
            &country,
            AddressInput {
                line1: line1.clone(),
                line2: line2.clone(),
                city: city.clone(),
                region: region.clone(),
                postal_code: postal_code.clone(),
            },
            &phone,
            &website,
            &mut fields,
        );
        let (Some(name), Some(contact), true) = (name, contact, fields.is_empty()) else {
            return Err(AppError::Validation {
                fields,
                values: Vec::new(),
            }
            .with_values(&typed));
        };
        let address = contact.address;
        enrollment::save_business(
            &services.db,
            &application,
            Business {
                legal_name: &name,
                line1: &address.line1,
                line2: &address.line2,
                city: &address.city,
                region: &address.region,
                postal_code: &address.postal_code,
                phone: contact.phone.as_str(),
                website: &contact.website,
            },
        )
        .await
        .map_err(change_error)?;
        go_to_next_step(&services, &application).await
    }
}
pub use business_step::*;

/// Saves the bank step. The details are checked by the country's rules, sealed for this
/// application and stored with a masked form; they never come back to the browser in clear.
#[server(endpoint = "save_bank_step")]
pub async fn save_bank_step(
    holder: String,
    #[server(default)] iban: String,
    #[server(default)] bic: String,
    #[server(default)] account_number: String,
    #[server(default)] routing_code: String,
) -> Result<(), AppError> {
    use crate::{
        domain::bank::{self, BankAccount, BankInput},
        server::store::enrollment,
    };
    let (services, application) = gate::applicant().await?;
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::Bank)?;
    let country = current
        .country
        .clone()
        .filter(|_| current.done_business)
        .ok_or(AppError::Conflict("application.step_order".into()))?;
    let input = BankInput {
        holder,
        iban,
        bic,
        account_number,
        routing_code,
    };
    let details = bank::validate(&country, &input).map_err(|problems| {
        // The account number and IBAN are not sent back: with JavaScript off they would travel
        // in the address of the page. The public bank codes and the holder are.
        AppError::Validation {
            fields: problems
                .into_iter()
                .map(|(f, code)| field(f, code))
                .collect(),
            values: Vec::new(),
        }
        .with_values(&[
            ("holder", input.holder.as_str()),
            ("bic", input.bic.as_str()),
            ("routing_code", input.routing_code.as_str()),
        ])
    })?;
    let plain = serde_json::to_vec(&details).map_err(AppError::internal)?;
    let sealed = services
        .field_key
        .seal(&plain, &enrollment::seal_context(&application));
    let kind = match details.account {
        BankAccount::Iban { .. } => "iban",
        BankAccount::Domestic { .. } => "domestic",
    };
    enrollment::save_bank(&services.db, &application, &sealed, &details.masked(), kind)
        .await
        .map_err(change_error)?;
    go_to_next_step(&services, &application).await
}

/// The form field of an acceptance criterion's box. The key is prefixed: the form decoder
/// reads a bracketed key that starts with a digit as an array index.
pub fn criterion_field(key: &str) -> String {
    format!("criteria[k_{key}]")
}

/// Saves the CSP model, with the acceptance criteria ticked (see [`criterion_field`]).
#[server(endpoint = "save_model_step")]
pub async fn save_model_step(
    #[server(default)] model: String,
    #[server(default)] criteria: HashMap<String, String>,
) -> Result<(), AppError> {
    use crate::server::store::{enrollment, program_settings};
    let (services, application) = gate::applicant().await?;
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::Model)?;
    if !current.done_bank {
        return Err(AppError::Conflict("application.step_order".into()));
    }
    let Some(model) = Model::parse(&model) else {
        return Err(AppError::field("model", "model.empty"));
    };
    let in_force = program_settings::criteria(&services.db).await?;
    let accepted: Vec<String> = in_force
        .iter()
        .map(|c| c.key())
        .filter(|key| criteria.contains_key(&format!("k_{key}")))
        .collect();
    if model.needs_acceptance_criteria() && accepted.len() < in_force.len() {
        // the boxes ticked come back, so a page reloaded without JavaScript keeps them
        return Err(AppError::Validation {
            fields: vec![field("criteria", "criteria.all_required")],
            values: vec![
                ("model".to_owned(), model.code().to_owned()),
                ("criteria".to_owned(), accepted.join(" ")),
            ],
        });
    }
    let accepted = if model.needs_acceptance_criteria() {
        accepted
    } else {
        Vec::new()
    };
    enrollment::save_model(&services.db, &application, model.code(), &accepted)
        .await
        .map_err(change_error)?;
    go_to_next_step(&services, &application).await
}

/// Submits the application: everything is checked again, the partner agreement is accepted by
/// name and title, and the expected decision date is set. Submitting twice submits once.
#[server(endpoint = "submit_application")]
pub async fn submit_application(
    signer_name: String,
    signer_title: String,
    #[server(default)] accept: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        domain::application::required_text,
        server::store::enrollment::{self, Submission},
    };
    let (services, application) = gate::applicant().await?;
    let typed = [
        ("signer_name", signer_name.as_str()),
        ("signer_title", signer_title.as_str()),
    ];
    let current = load(&services, &application).await?;
    if current.status() == Status::Submitted {
        // a second click, or the form sent twice: it is in already
        leptos_axum::redirect("/application/status");
        return Ok(());
    }
    editable(&current)?;
    let mut fields = Vec::new();
    let name = required_text(&signer_name, "signer_name")
        .map_err(|code| fields.push(("signer_name".to_owned(), code)))
        .ok();
    let title = required_text(&signer_title, "signer_title")
        .map_err(|code| fields.push(("signer_title".to_owned(), code)))
        .ok();
    if accept.is_none() {
        fields.push(field("accept", "agreement.not_accepted"));
    }
    let view = view_of(&services, &current).await?;
    if !view.progress.is_complete() {
        return Err(AppError::Conflict("application.incomplete".into()));
    }
    // The program ID may have been suspended, and the criteria changed, since the steps were
    // saved: the view's checks looked at the program ID as it is now.
    if let Some(problem) = view
        .checks
        .iter()
        .find(|c| c.check == crate::domain::application::Check::ProgramId)
        .and_then(|c| c.reason.clone())
    {
        fields.push(("program_id".to_owned(), problem));
    }
    let model = view.model.filter(|m| m.needs_acceptance_criteria());
    if model.is_some()
        && view
            .criteria
            .iter()
            .any(|c| !view.accepted_criteria.contains(&c.key))
    {
        fields.push(field("criteria", "criteria.changed"));
    }
    let (Some(name), Some(title), true) = (name, title, fields.is_empty()) else {
        return Err(AppError::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(&typed));
    };
    let expected = today().add_business_days(view.review_days).to_string();
    let snapshot: Vec<String> = if model.is_some() {
        view.criteria.iter().map(|c| c.text_en.clone()).collect()
    } else {
        Vec::new()
    };
    enrollment::submit(
        &services.db,
        &application,
        Submission {
            signer_name: &name,
            signer_title: &title,
            expected_decision_on: &expected,
            criteria_snapshot: &snapshot,
        },
    )
    .await
    .map_err(change_error)?;
    leptos_axum::redirect("/application/status");
    Ok(())
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
    use crate::server::store::enrollment::ChangeError;
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
    use crate::domain::application::ProgramIdFinding;
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
    use crate::{
        domain::application::{CheckFacts, Verdict, checks},
        server::store::{enrollment, program_members, program_settings},
    };
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
            line1: text(&record.address_line1),
            line2: text(&record.address_line2),
            city: text(&record.city),
            region: text(&record.region),
            postal_code: text(&record.postal_code),
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

/// The e-mails of enrollment.
#[cfg(feature = "ssr")]
mod emails {
    use crate::{
        domain::program_id::ProgramId,
        server::{
            mail_text::{Part, bilingual},
            store::outbox::Email,
        },
    };

    pub fn program_id(public_url: &str, recipient: &str, legal_name: &str, id: &str) -> Email {
        let apply = format!("{public_url}/apply");
        bilingual(
            recipient,
            &format!("Your partner program ID: {id} / 파트너 프로그램 ID: {id}"),
            Part {
                paragraphs: &[
                    format!(
                        "{legal_name} has joined the partner program. Your program ID is {id}."
                    ),
                    "You need the program ID to apply to the Cloud Solution Provider (CSP) \
                     program. Keep this e-mail."
                        .into(),
                ],
                link_label: "Apply to the CSP program",
            },
            Part {
                paragraphs: &[
                    format!(
                        "{legal_name}이(가) 파트너 프로그램에 가입했습니다. 프로그램 ID는 {id}입니다."
                    ),
                    "CSP(클라우드 솔루션 공급자) 프로그램에 신청하려면 프로그램 ID가 필요합니다. \
                     이 메일을 보관하세요."
                        .into(),
                ],
                link_label: "CSP 프로그램 신청",
            },
            Some(&apply),
        )
    }

    pub fn application_link(
        public_url: &str,
        recipient: &str,
        token: &str,
        id: ProgramId,
        resumed: bool,
    ) -> Email {
        let link = format!("{public_url}/apply/open?token={token}");
        let hours = super::LINK_HOURS;
        let (subject, first_en, first_ko) = if resumed {
            (
                format!(
                    "Your link to the CSP application for program ID {id} / 프로그램 ID {id}의 CSP 신청서 링크"
                ),
                format!("Here is a link to your CSP application for program ID {id}."),
                format!("프로그램 ID {id}의 CSP 신청서를 여는 링크입니다."),
            )
        } else {
            (
                "Confirm your e-mail to open your CSP application / CSP 신청서를 열려면 이메일을 확인하세요".to_owned(),
                format!(
                    "A CSP application for program ID {id} was started with this address as the \
                     work e-mail of the partner account's global admin. Open the link to confirm \
                     the address and continue the application."
                ),
                format!(
                    "이 주소를 파트너 계정 전역 관리자의 회사 이메일로 하여 프로그램 ID {id}의 CSP \
                     신청이 시작되었습니다. 링크를 열어 주소를 확인하고 신청을 계속하세요."
                ),
            )
        };
        bilingual(
            recipient,
            &subject,
            Part {
                paragraphs: &[
                    first_en,
                    format!(
                        "The link works once, within {hours} hours. For a new one, use \"E-mail \
                         me a link\" at {public_url}/apply. If you did not start a CSP \
                         application, ignore this e-mail."
                    ),
                ],
                link_label: "Open the application",
            },
            Part {
                paragraphs: &[
                    first_ko,
                    format!(
                        "링크는 {hours}시간 안에 한 번만 쓸 수 있습니다. 새 링크는 {public_url}/apply \
                         에서 \"링크 받기\"로 받으세요. CSP 신청을 시작하지 않았다면 이 메일을 \
                         무시하세요."
                    ),
                ],
                link_label: "신청서 열기",
            },
            Some(&link),
        )
    }
}
