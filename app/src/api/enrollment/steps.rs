//! The application wizard's steps: each saves one section and goes on to the next.

use super::*;
use crate::domain::address::AddressInput;
#[cfg(feature = "ssr")]
use crate::{
    domain::{
        application::{legal_names_match, required_text},
        country,
        program_id::ProgramId,
    },
    server::store::{
        enrollment::{self, Business, ChangeError, Submission},
        program_members, program_settings,
    },
};

/// Saves the program ID step: the program ID and the country of the business.
#[server(endpoint = "save_program_id_step")]
pub async fn save_program_id_step(program_id: String, country: String) -> Result<(), AppError> {
    let (services, application) = gate::applicant().await?;
    let typed = [
        ("program_id", program_id.as_str()),
        ("country", country.as_str()),
    ];
    let invalid = |fields: Vec<(String, String)>| AppError::invalid(fields, &typed);
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

/// Saves the business step: legal name (as registered for the program ID), the address in the
/// country's format, phone and website.
#[server(endpoint = "save_business_step")]
pub async fn save_business_step(
    legal_name: String,
    #[server(flatten)] address: AddressInput,
    phone: String,
    website: String,
) -> Result<(), AppError> {
    let (services, application) = gate::applicant().await?;
    let mut typed = vec![
        ("legal_name", legal_name.as_str()),
        ("phone", phone.as_str()),
        ("website", website.as_str()),
    ];
    typed.extend(address.typed());
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::Business)?;
    in_order(current.done_program_id)?;
    // the program ID step saved it
    let country = current.country.clone().unwrap_or_default();
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
        address.clone(),
        &phone,
        &website,
        &mut fields,
    );
    let (Some(name), Some(contact), true) = (name, contact, fields.is_empty()) else {
        return Err(AppError::invalid(fields, &typed));
    };
    enrollment::save_business(
        &services.db,
        &application,
        Business {
            legal_name: &name,
            address: &contact.address,
            phone: contact.phone.as_str(),
            website: &contact.website,
        },
    )
    .await
    .map_err(change_error)?;
    go_to_next_step(&services, &application).await
}

/// Saves the bank step. The details are checked by the country's rules, sealed for this
/// application and stored with a masked form; they never come back to the browser in clear.
#[server(endpoint = "save_bank_step")]
pub async fn save_bank_step(
    #[server(flatten)] input: crate::domain::bank::BankInput,
) -> Result<(), AppError> {
    let (services, application) = gate::applicant().await?;
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::Bank)?;
    in_order(current.done_business)?;
    let country = current.country.clone().unwrap_or_default();
    let details = crate::api::checks::bank_details(&country, &input)?;
    let plain = serde_json::to_vec(&details).map_err(AppError::internal)?;
    let sealed = services
        .field_key
        .seal(&plain, &enrollment::seal_context(&application));
    enrollment::save_bank(
        &services.db,
        &application,
        &sealed,
        &details.masked(),
        details.kind(),
    )
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
    let (services, application) = gate::applicant().await?;
    let current = load(&services, &application).await?;
    editable_section(&current, crate::domain::review::Section::Model)?;
    in_order(current.done_bank)?;
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
        return Err(AppError::invalid(fields, &typed));
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
