//! The program operator's staff: program admins invite reviewers, who get a temporary password
//! by e-mail.

use crate::api::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A staff member as the staff page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub password_pending: bool,
}

#[cfg(feature = "ssr")]
async fn program_admin() -> Result<
    (
        crate::server::services::Services,
        crate::server::store::sessions::ActiveSession,
    ),
    AppError,
> {
    use crate::server::services::{require_user, services};
    let services = services()?;
    let user = require_user(&services).await?;
    if !user.roles.iter().any(|role| role == "program_admin") {
        return Err(AppError::Forbidden {
            reason: "role.program_admin".into(),
        });
    }
    Ok((services, user))
}

/// The operator's staff (program admins only).
#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    use crate::server::store::users;
    let (services, admin) = program_admin().await?;
    let staff = users::list(&services.db, &admin.organization)
        .await
        .map_err(AppError::internal)?;
    Ok(staff
        .into_iter()
        .map(|s| StaffMember {
            active: s.status == "active",
            password_pending: s.must_change_password,
            email: s.email,
            display_name: s.display_name,
            roles: s.roles,
        })
        .collect())
}

/// Invites a reviewer: creates the account with a temporary password (valid 72 hours unless
/// configured otherwise, usable once) and e-mails it, in one transaction.
#[server(endpoint = "invite_reviewer")]
pub async fn invite_reviewer(display_name: String, email: String) -> Result<(), AppError> {
    use crate::{
        api::identity::check_name_and_email,
        server::{
            auth::token::temporary_password,
            store::{
                outbox::Email,
                users::{self, CreateUserError, NewUser},
            },
        },
    };
    let (services, admin) = program_admin().await?;
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

    let password = temporary_password();
    let hash = services
        .hasher
        .hash(password.clone())
        .await
        .map_err(AppError::internal)?;
    let valid_for = services.temporary_password_lifetime;
    let hours = valid_for.as_secs().div_ceil(3600);
    let sign_in = format!("{}/sign-in", services.public_url);
    let name = display_name.trim();
    let message = Email {
        recipient: address.as_str().to_owned(),
        subject: "Your CSP Portal account / CSP 포털 계정".to_owned(),
        text: format!(
            "Hello {name},\n\n{inviter} invited you to the CSP Portal as a reviewer.\n\n\
             Sign in at {sign_in}\nE-mail: {email}\nTemporary password: {password}\n\n\
             The temporary password works once, within {hours} hours. At your first sign-in you \
             choose your own password.\n\n---\n\n{name}님, 안녕하세요.\n\n{inviter}님이 CSP \
             포털의 검토자로 초대했습니다.\n\n로그인: {sign_in}\n이메일: {email}\n임시 암호: \
             {password}\n\n임시 암호는 {hours}시간 안에 한 번만 사용할 수 있습니다. 처음 로그인할 때 \
             새 암호를 정합니다.\n",
            inviter = admin.display_name,
            email = address.as_str(),
        ),
        html: format!(
            "<p>Hello {name},</p><p>{inviter} invited you to the CSP Portal as a reviewer.</p>\
             <p>Sign in at <a href=\"{sign_in}\">{sign_in}</a><br>E-mail: {email}<br>Temporary \
             password: <code>{password}</code></p><p>The temporary password works once, within \
             72 hours. At your first sign-in you choose your own password.</p><hr>\
             <p lang=\"ko\">{name}님, 안녕하세요.</p><p lang=\"ko\">{inviter}님이 CSP 포털의 \
             검토자로 초대했습니다.</p><p lang=\"ko\">로그인: <a href=\"{sign_in}\">{sign_in}</a><br>\
             이메일: {email}<br>임시 암호: <code>{password}</code></p><p lang=\"ko\">임시 암호는 \
             72시간 안에 한 번만 사용할 수 있습니다. 처음 로그인할 때 새 암호를 정합니다.</p>",
            name = html_escape(name),
            inviter = html_escape(&admin.display_name),
            email = html_escape(address.as_str()),
        ),
    };
    users::invite(
        &services.db,
        NewUser {
            organization: &admin.organization,
            email: address.as_str(),
            display_name: name,
            roles: &["reviewer"],
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
    Ok(())
}

#[cfg(feature = "ssr")]
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
    let (services, _) = program_admin().await?;
    let messages = outbox::newest(&services.db, 100)
        .await
        .map_err(AppError::internal)?;
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
