//! The operator's program admins decide the requests to change a legal name.

use super::*;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::{
    api::accounts::client_address,
    domain::clean_text,
    server::store::{accounts::Acting, profiles},
};

/// The operator's program admins: the legal name requests, the pending ones first.
#[server(endpoint = "list_legal_name_requests")]
pub async fn list_legal_name_requests() -> Result<Vec<NameRequestView>, AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    Ok(profiles::name_requests(&services.db)
        .await?
        .into_iter()
        .map(request_view)
        .collect())
}

/// A program admin approves (the organization is renamed) or declines a legal name request;
/// the requester is e-mailed either way. A decline needs a note.
#[server(endpoint = "decide_legal_name_request")]
pub async fn decide_legal_name_request(
    id: String,
    #[server(default)] decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let request = gate::record_from_page("legal_name_request", &id)?;
    let request = profiles::name_request(&services.db, &request)
        .await?
        .ok_or(AppError::NotFound)?;
    // a refusal names the request, so the page shows it at that request's form
    let typed = [("id", id.as_str()), ("note", note.as_str())];
    let approve = match decision.as_str() {
        "approve" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "decision.choose").with_values(&typed)),
    };
    let cleaned = clean_text(&note);
    if !approve && cleaned.is_empty() {
        return Err(AppError::field("note", "decision.note_empty").with_values(&typed));
    }
    if cleaned.chars().count() > MAX_REASON_LEN {
        return Err(AppError::field("note", "decision.message_too_long").with_values(&typed));
    }
    let note = cleaned;
    let email = crate::server::mail_text::organization::legal_name_decided(
        approve,
        &request.requested_name,
        &request.current_name,
        &note,
    )
    .to(&request.requested_by_email, &services.public_url);
    let from = client_address().await;
    profiles::decide_name_request(
        &services.db,
        &request,
        Acting {
            organization: &admin.organization,
            user: &admin.user,
            name: &admin.display_name,
            address: from.as_deref(),
        },
        approve,
        &note,
        &email,
    )
    .await
    .map_err(profile_error)?;
    form_done("/program/legal-names?done=decided")
}
