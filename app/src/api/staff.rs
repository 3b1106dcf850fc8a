//! The program operator's staff: program admins invite reviewers, who get a temporary password
//! by e-mail.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::domain::roles::StaffPermission;
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
}

/// The user a staff action names, if `id` can be one (ids come from the page, so from anyone).
#[cfg(feature = "ssr")]
fn staff_id(id: &str) -> Result<surrealdb::types::RecordId, AppError> {
    gate::record_from_page("user", id)
}

/// The operator's staff (program admins only).
#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    use crate::server::store::users;
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let staff = users::list(&services.db, &admin.organization).await?;
    let me = staff_id_of(&admin.user);
    Ok(staff
        .into_iter()
        .map(|s| StaffMember {
            is_me: me.as_deref() == Some(s.key.as_str()),
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

/// Why a temporary password is being sent.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
pub(crate) enum TemporaryPasswordReason<'a> {
    /// a reviewer of the operator
    Invited,
    /// an employee of a partner organization (its name)
    Employee(&'a str),
    Reissued,
}

/// The e-mail that carries a temporary password, in English and Korean, text and HTML.
#[cfg(feature = "ssr")]
pub(crate) fn temporary_password_email(
    reason: TemporaryPasswordReason<'_>,
    public_url: &str,
    recipient: &str,
    name: &str,
    sender: &str,
    password: &str,
    valid_for: std::time::Duration,
) -> crate::server::store::outbox::Email {
    use crate::server::mail_text::html_escape;
    let sign_in = format!("{public_url}/sign-in");
    let hours = valid_for.as_secs().div_ceil(3600);
    let (subject, why_en, why_ko) = match reason {
        TemporaryPasswordReason::Invited => (
            "Your CSP Portal account / CSP 포털 계정",
            format!("{sender} invited you to the CSP Portal as a reviewer."),
            format!("{sender}님이 CSP 포털의 검토자로 초대했습니다."),
        ),
        TemporaryPasswordReason::Employee(organization) => (
            "Your CSP Portal account / CSP 포털 계정",
            format!("{sender} added you to {organization}'s account on the CSP Portal."),
            format!("{sender}님이 CSP 포털의 {organization} 계정에 추가했습니다."),
        ),
        TemporaryPasswordReason::Reissued => (
            "A new temporary password for the CSP Portal / CSP 포털 새 임시 암호",
            format!(
                "{sender} issued you a new temporary password for the CSP Portal. Your previous \
                 password no longer works."
            ),
            format!(
                "{sender}님이 CSP 포털의 새 임시 암호를 발급했습니다. 이전 암호는 더 이상 쓸 수 없습니다."
            ),
        ),
    };
    let text = format!(
        "Hello {name},\n\n{why_en}\n\nSign in at {sign_in}\nE-mail: {recipient}\n\
         Temporary password: {password}\n\nThe temporary password works once, within {hours} \
         hours. At your first sign-in you choose your own password.\n\n---\n\n{name}님, \
         안녕하세요.\n\n{why_ko}\n\n로그인: {sign_in}\n이메일: {recipient}\n임시 암호: \
         {password}\n\n임시 암호는 {hours}시간 안에 한 번만 사용할 수 있습니다. 처음 로그인할 때 \
         새 암호를 정합니다.\n"
    );
    let html = format!(
        "<p>Hello {name},</p><p>{why_en}</p><p>Sign in at <a href=\"{sign_in}\">{sign_in}</a><br>\
         E-mail: {recipient}<br>Temporary password: <code>{password}</code></p><p>The temporary \
         password works once, within {hours} hours. At your first sign-in you choose your own \
         password.</p><hr><p lang=\"ko\">{name}님, 안녕하세요.</p><p lang=\"ko\">{why_ko}</p>\
         <p lang=\"ko\">로그인: <a href=\"{sign_in}\">{sign_in}</a><br>이메일: {recipient}<br>\
         임시 암호: <code>{password}</code></p><p lang=\"ko\">임시 암호는 {hours}시간 안에 한 번만 \
         사용할 수 있습니다. 처음 로그인할 때 새 암호를 정합니다.</p>",
        name = html_escape(name),
        why_en = html_escape(&why_en),
        why_ko = html_escape(&why_ko),
        sign_in = html_escape(&sign_in),
        recipient = html_escape(recipient),
        password = html_escape(password),
    );
    crate::server::store::outbox::Email {
        recipient: recipient.to_owned(),
        subject: subject.to_owned(),
        text,
        html,
    }
}

/// Invites a reviewer: creates the account with a temporary password (valid 72 hours unless
/// configured otherwise, usable once) and e-mails it, in one transaction.
#[server(endpoint = "invite_reviewer")]
pub async fn invite_reviewer(display_name: String, email: String) -> Result<(), AppError> {
    use crate::{
        api::identity::check_name_and_email,
        server::{
            services::redirect_after_form_post,
            store::users::{self, CreateUserError, NewUser},
        },
    };
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let typed = [
        ("display_name", display_name.as_str()),
        ("email", email.as_str()),
    ];
    let (address, fields) = check_name_and_email(&display_name, &email);
    let Some(address) = address.filter(|_| fields.is_empty()) else {
        return Err(AppError::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(&typed));
    };

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
        CreateUserError::EmailTaken => AppError::field("email", "email.taken").with_values(&typed),
        CreateUserError::Db(error) => AppError::internal(error),
    })?;
    redirect_after_form_post("/staff?done=invited");
    Ok(())
}

/// Deactivates a colleague: they cannot sign in, and every session of theirs ends at once.
/// Nobody deactivates themselves, so an installation always keeps an active program admin.
#[server(endpoint = "deactivate_staff")]
pub async fn deactivate_staff(id: String) -> Result<(), AppError> {
    use crate::server::{services::redirect_after_form_post, store::users};
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let user = staff_id(&id)?;
    if user == admin.user {
        return Err(AppError::Conflict("staff.not_yourself".into()));
    }
    users::set_active(&services.db, &admin.organization, &user, false)
        .await
        .map_err(admin_action_error)?;
    redirect_after_form_post("/staff?done=deactivated");
    Ok(())
}

/// Lets a deactivated colleague sign in again (with the password they had).
#[server(endpoint = "reactivate_staff")]
pub async fn reactivate_staff(id: String) -> Result<(), AppError> {
    use crate::server::{services::redirect_after_form_post, store::users};
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let user = staff_id(&id)?;
    users::set_active(&services.db, &admin.organization, &user, true)
        .await
        .map_err(admin_action_error)?;
    redirect_after_form_post("/staff?done=reactivated");
    Ok(())
}

/// E-mails an active colleague a new temporary password (a new invitation): their old password
/// stops working, their sessions end, and they choose a new password at the next sign-in. For
/// someone who lost their password or whose invitation expired.
#[server(endpoint = "reissue_temporary_password")]
pub async fn reissue_temporary_password(id: String) -> Result<(), AppError> {
    use crate::server::{services::redirect_after_form_post, store::users};
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let user = staff_id(&id)?;
    if user == admin.user {
        return Err(AppError::Conflict("staff.not_yourself".into()));
    }
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
    redirect_after_form_post("/staff?done=reissued");
    Ok(())
}

#[cfg(feature = "ssr")]
fn admin_action_error(error: crate::server::store::users::AdminActionError) -> AppError {
    use crate::server::store::users::AdminActionError;
    match error {
        AdminActionError::NotFound => AppError::NotFound,
        AdminActionError::Db(error) => AppError::internal(error),
    }
}

/// An outgoing message, as program admins read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    /// pending, sent, not_sent_no_smtp
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created: String,
}

/// The newest 100 outgoing messages (program admins only). Without a mail server this is where
/// the operator reads what would have been sent.
#[server(endpoint = "list_outgoing_email")]
pub async fn list_outgoing_email() -> Result<Vec<OutgoingEmail>, AppError> {
    use crate::server::store::outbox;
    let (services, _) = gate::staff(StaffPermission::ProgramManage).await?;
    let messages = outbox::newest(&services.db, 100).await?;
    Ok(messages
        .into_iter()
        .map(|m| OutgoingEmail {
            recipient: m.recipient,
            subject: m.subject,
            text: m.text,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created: m.created,
        })
        .collect())
}
