//! The program operator's staff: program admins invite reviewers, who get a temporary password
//! by e-mail.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::form_done;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::domain::roles::StaffPermission;
#[cfg(feature = "ssr")]
use crate::{
    api::identity::person,
    server::{
        mail_text::accounts::{TemporaryPasswordReason, temporary_password_email},
        store::{
            outbox,
            users::{self, AdminActionError, CreateUserError, NewUser},
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A staff member as the staff page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// what the page's actions name the member by
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub password_pending: bool,
    /// the temporary password has expired or was used once: a new one is needed to sign in
    pub temporary_expired: bool,
    /// the program admin looking at the list
    pub is_me: bool,
    /// has set up two-factor sign-in
    #[serde(default)]
    pub two_factor_on: bool,
}

/// The user a staff action names, if `id` can be one (ids come from the page, so from anyone).
#[cfg(feature = "ssr")]
fn staff_id(id: &str) -> Result<surrealdb::types::RecordId, AppError> {
    gate::record_from_page("user", id)
}

/// A colleague of `admin`'s, by the key a page names: not `admin` (nobody deactivates
/// themselves, so an installation always keeps an active program admin).
#[cfg(feature = "ssr")]
fn colleague(
    id: &str,
    admin: &crate::server::store::sessions::ActiveSession,
) -> Result<surrealdb::types::RecordId, AppError> {
    let user = staff_id(id)?;
    if user == admin.user {
        return Err(AppError::Conflict("staff.not_yourself".into()));
    }
    Ok(user)
}

/// The operator's staff (program admins only).
#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let staff = users::list(&services.db, &admin.organization).await?;
    let me = staff_id_of(&admin.user);
    Ok(staff
        .into_iter()
        .map(|s| StaffMember {
            is_me: me.as_deref() == Some(s.key.as_str()),
            two_factor_on: s.two_factor_on,
            id: s.key,
            active: s.status == "active",
            password_pending: s.must_change_password,
            temporary_expired: s.temporary_expired,
            email: s.email,
            display_name: s.display_name,
            roles: s.roles,
        })
        .collect())
}

#[cfg(feature = "ssr")]
fn staff_id_of(user: &surrealdb::types::RecordId) -> Option<String> {
    match &user.key {
        surrealdb::types::RecordIdKey::String(key) => Some(key.clone()),
        _ => None,
    }
}

/// Invites a reviewer: creates the account with a temporary password (valid 72 hours unless
/// configured otherwise, usable once) and e-mails it, in one transaction.
#[server(endpoint = "invite_reviewer")]
pub async fn invite_reviewer(display_name: String, email: String) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let address = person(&display_name, &email)?;

    let (password, hash) = services.hasher.temporary_password().await?;
    let valid_for = services.temporary_password_lifetime;
    let name = display_name.trim();
    let message = temporary_password_email(
        TemporaryPasswordReason::Invited,
        &services.public_url,
        address.as_str(),
        name,
        &admin.display_name,
        &password,
        valid_for,
    );
    users::invite(
        &services.db,
        NewUser {
            organization: &admin.organization,
            email: address.as_str(),
            display_name: name,
            roles: &[crate::domain::roles::StaffRole::Reviewer.code()],
            password_hash: &hash,
            must_change_password: true,
        },
        valid_for,
        &message,
    )
    .await
    .map_err(|error| match error {
        CreateUserError::EmailTaken => AppError::field("email", "email.taken").with_values(&[
            ("display_name", display_name.as_str()),
            ("email", email.as_str()),
        ]),
        CreateUserError::Db(error) => AppError::internal(error),
    })?;
    form_done("/staff?done=invited")
}

/// Deactivates a colleague (they cannot sign in, and every session of theirs ends at once), or
/// lets a deactivated one sign in again with the password they had. Nobody deactivates
/// themselves, so an installation always keeps an active program admin.
#[server(endpoint = "set_staff_active")]
pub async fn set_staff_active(id: String, active: bool) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let user = colleague(&id, &admin)?;
    users::set_active(&services.db, &admin.organization, &user, active)
        .await
        .map_err(admin_action_error)?;
    form_done(if active {
        "/staff?done=reactivated"
    } else {
        "/staff?done=deactivated"
    })
}

/// E-mails an active colleague a new temporary password (a new invitation): their old password
/// stops working, their sessions end, and they choose a new password at the next sign-in. For
/// someone who lost their password or whose invitation expired.
#[server(endpoint = "reissue_temporary_password")]
pub async fn reissue_temporary_password(id: String) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let user = colleague(&id, &admin)?;
    let record = users::get(&services.db, &user)
        .await?
        .filter(|record| record.organization == admin.organization)
        .ok_or(AppError::NotFound)?;
    if !record.is_active() {
        return Err(AppError::Conflict("staff.reactivate_first".into()));
    }
    let (password, hash) = services.hasher.temporary_password().await?;
    let valid_for = services.temporary_password_lifetime;
    let message = temporary_password_email(
        TemporaryPasswordReason::Reissued,
        &services.public_url,
        &record.email,
        &record.display_name,
        &admin.display_name,
        &password,
        valid_for,
    );
    users::reissue_temporary_password(
        &services.db,
        &admin.organization,
        &user,
        &hash,
        valid_for,
        &message,
    )
    .await
    .map_err(admin_action_error)?;
    form_done("/staff?done=reissued")
}

#[cfg(feature = "ssr")]
fn admin_action_error(error: crate::server::store::users::AdminActionError) -> AppError {
    match error {
        AdminActionError::NotFound => AppError::NotFound,
        AdminActionError::Db(error) => AppError::internal(error),
    }
}

pub use crate::domain::mail::OutgoingEmail;

/// The newest 100 outgoing messages (program admins only). Without a mail server this is where
/// the operator reads what would have been sent.
#[server(endpoint = "list_outgoing_email")]
pub async fn list_outgoing_email() -> Result<Vec<OutgoingEmail>, AppError> {
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    Ok(outbox::newest(&services.db, 100).await?)
}
