//! The program's own records, for program admins: program IDs (activate, suspend) and the
//! settings of enrollment (review days, acceptance criteria, free-mail domains).

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::domain::roles::StaffPermission;
#[cfg(feature = "ssr")]
use crate::{
    domain::{free_mail::parse_addition, program_id::ProgramId},
    server::store::{program_members, program_settings as store},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A program ID as program admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramMember {
    pub program_id: String,
    pub legal_name: String,
    pub country: String,
    pub contact_email: String,
    pub active: bool,
    pub joined: String,
}

/// The newest 100 program IDs, or the one asked for.
#[server(endpoint = "list_program_ids")]
pub async fn list_program_ids(search: String) -> Result<Vec<ProgramMember>, AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    let search = search.trim();
    let id =
        if search.is_empty() {
            None
        } else {
            Some(ProgramId::parse(search).map_err(|p| {
                AppError::field("search", p.code()).with_values(&[("search", search)])
            })?)
        };
    let members = program_members::newest(&services.db, id, 100).await?;
    Ok(members
        .into_iter()
        .filter_map(|m| {
            Some(ProgramMember {
                program_id: m.program_id()?.to_string(),
                active: m.is_active(),
                legal_name: m.legal_name,
                country: m.country,
                contact_email: m.contact_email,
                joined: m.created,
            })
        })
        .collect())
}

/// NotFound unless the change found what it changes.
#[cfg(feature = "ssr")]
fn found(found: bool) -> Result<(), AppError> {
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Activates or suspends a program ID. A suspended ID cannot start or submit an application.
#[server(endpoint = "set_program_id_status")]
pub async fn set_program_id_status(program_id: String, active: bool) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let id = ProgramId::parse(&program_id).map_err(|_| AppError::NotFound)?;
    found(program_members::set_status(&services.db, id, active).await?)?;
    tracing::info!(program_id = %id, active, by = %admin.email, "program ID status changed");
    form_done(&format!(
        "/program/ids?search={id}&done={}",
        if active { "activated" } else { "suspended" }
    ))
}

/// The settings of enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentSettings {
    pub review_days: u32,
    pub criteria: Vec<crate::api::enrollment::CriterionText>,
    /// free-mail domains the operator added to the built-in list
    pub free_mail_additions: Vec<String>,
    /// every partner and customer user must use two-factor sign-in
    pub two_factor_everyone: bool,
}

#[server(endpoint = "load_enrollment_settings")]
pub async fn load_enrollment_settings() -> Result<EnrollmentSettings, AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    let review_days = store::review_days(&services.db).await?;
    let criteria = store::criteria(&services.db)
        .await?
        .into_iter()
        .map(|c| crate::api::enrollment::CriterionText {
            key: c.key(),
            text_en: c.text_en,
            text_ko: c.text_ko,
        })
        .collect();
    let free_mail_additions = store::free_mail_additions(&services.db).await?;
    let two_factor_everyone = store::two_factor_everyone(&services.db).await?;
    Ok(EnrollmentSettings {
        review_days,
        criteria,
        free_mail_additions,
        two_factor_everyone,
    })
}

/// Whether every partner and customer user must use two-factor sign-in (`everyone` is the
/// checkbox: `on` when ticked, absent otherwise). Those without it are sent to its set-up at
/// their next request.
#[server(endpoint = "save_two_factor_everyone")]
pub async fn save_two_factor_everyone(#[server(default)] everyone: String) -> Result<(), AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    store::set_two_factor_everyone(&services.db, !everyone.is_empty()).await?;
    form_done("/program/settings?done=two_factor")
}

/// The fewest and most business days a review may be announced to take.
pub const REVIEW_DAYS: std::ops::RangeInclusive<u32> = 1..=60;

#[server(endpoint = "save_review_days")]
pub async fn save_review_days(review_days: String) -> Result<(), AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    let days = review_days
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| REVIEW_DAYS.contains(d))
        .ok_or_else(|| {
            AppError::field("review_days", "review_days.range")
                .with_values(&[("review_days", review_days.as_str())])
        })?;
    store::set_review_days(&services.db, days).await?;
    form_done("/program/settings?done=review_days")
}

/// Adds an acceptance criterion (`key` empty) or rewords one, in both languages.
#[server(endpoint = "save_criterion")]
pub async fn save_criterion(
    #[server(default)] key: String,
    text_en: String,
    text_ko: String,
) -> Result<(), AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    let typed = [("text_en", text_en.as_str()), ("text_ko", text_ko.as_str())];
    let mut fields = Vec::new();
    for (name, text) in typed {
        let length = text.trim().chars().count();
        if length == 0 {
            fields.push((name.to_owned(), "criterion.empty".to_owned()));
        } else if length > 500 {
            fields.push((name.to_owned(), "criterion.too_long".to_owned()));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::invalid(fields, &typed));
    }
    if key.is_empty() {
        store::add_criterion(&services.db, text_en.trim(), text_ko.trim()).await?;
    } else {
        found(store::update_criterion(&services.db, &key, text_en.trim(), text_ko.trim()).await?)?;
    }
    form_done("/program/settings?done=criterion_saved")
}

/// Removes a criterion from new applications (those that accepted it keep its wording).
#[server(endpoint = "retire_criterion")]
pub async fn retire_criterion(key: String) -> Result<(), AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    found(store::retire_criterion(&services.db, &key).await?)?;
    form_done("/program/settings?done=criterion_removed")
}

/// Adds a domain to the free-mail list: a work e-mail there is refused from then on.
#[server(endpoint = "add_free_mail_domain")]
pub async fn add_free_mail_domain(#[server(default)] domain: String) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let invalid =
        |code: &str| AppError::field("domain", code).with_values(&[("domain", domain.as_str())]);
    let parsed = parse_addition(&domain).map_err(invalid)?;
    let added = store::add_free_mail_domain(&services.db, &parsed, &admin.user).await?;
    if !added {
        return Err(invalid("free_mail.listed"));
    }
    tracing::info!(domain = %parsed, by = %admin.email, "free-mail domain added");
    form_done("/program/settings?done=free_mail_added")
}

/// Removes a domain the operator added to the free-mail list.
#[server(endpoint = "remove_free_mail_domain")]
pub async fn remove_free_mail_domain(domain: String) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    found(store::remove_free_mail_domain(&services.db, &domain).await?)?;
    tracing::info!(domain = %domain, by = %admin.email, "free-mail domain removed");
    form_done("/program/settings?done=free_mail_removed")
}
