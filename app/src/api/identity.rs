//! Signing in and out, the first program admin's set-up, and who is signed in.

use crate::api::AppError;
#[cfg(feature = "ssr")]
use crate::api::gate;
#[cfg(feature = "ssr")]
use crate::{
    domain::{
        email::EmailAddress,
        password,
        roles::{OrganizationKind, StaffPermission},
        throttle::{ACCOUNT_MAX_DELAY, ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY, FREE_FAILURES},
    },
    server::{
        auth::{common_passwords::is_common, token::token_hash},
        services::{Services, pending_sign_in_cookie, session_cookie, session_token, set_cookie},
        store::{
            sessions, throttle, two_factor,
            users::{self, SetupError},
        },
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub must_change_password: bool,
    /// a member of a partner organization (not the operator's staff)
    pub partner: bool,
    /// a member of a customer organization
    pub customer: bool,
    /// one of the operator's staff: a reviewer or a program admin
    pub staff: bool,
    /// one of the operator's program admins
    pub program_admin: bool,
    /// two-factor sign-in is required and not set up yet: nothing else works until it is
    #[serde(default)]
    pub must_set_up_two_factor: bool,
    /// two-factor sign-in is on: fresh proof is a code (otherwise the password)
    #[serde(default)]
    pub two_factor_on: bool,
    /// the session proved who is using it within the step-up window
    #[serde(default)]
    pub proved_recently: bool,
}

/// Who is signed in, if anyone (a pending password change still counts: the page explains it).
#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let (_, session) = gate::visitor().await?;
    Ok(session.map(|s| Me {
        partner: gate::is_partner(&s),
        customer: gate::kind(&s) == Some(OrganizationKind::Customer),
        staff: gate::staff_may(&s, StaffPermission::ApplicationsReview),
        program_admin: gate::staff_may(&s, StaffPermission::ProgramManage),
        must_set_up_two_factor: crate::api::two_factor::must_set_up(&s),
        two_factor_on: s.two_factor_on,
        proved_recently: s.proved_recently,
        email: s.email,
        display_name: s.display_name,
        roles: s.roles,
        must_change_password: s.must_change_password,
    }))
}

/// Signs in with e-mail and password. Unknown e-mail and wrong password get the same answer.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    let services = gate::public()?;
    let typed = [("email", email.as_str())];
    let address = EmailAddress::parse(&email)
        .map_err(|problem| AppError::field("email", email_code(problem)).with_values(&typed))?;
    if password.is_empty() {
        return Err(AppError::field("password", "password.empty").with_values(&typed));
    }
    // Throttle by the account asked for (known or not: the answer must not tell) and by the
    // client's address.
    let mut keys = vec![format!("account:{address}")];
    if let Ok(axum::extract::ConnectInfo(peer)) =
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await
    {
        keys.push(format!("address:{}", peer.ip()));
    }
    let wait = throttle::wait_seconds(&services.db, &keys).await?;
    if wait > 0 {
        return Err(AppError::TooManyAttempts {
            seconds: wait,
            email: email.trim().to_owned(),
        });
    }
    let user = users::find_by_email(&services.db, address.as_str()).await?;
    let hash = user.as_ref().and_then(users::UserRecord::password_hash);
    let matches = services.hasher.verify(password, hash.as_ref()).await?;
    let user = match user {
        Some(user)
            if matches
                && user.is_active()
                && user.must_change_password
                && user.temporary_expired =>
        {
            return Err(AppError::TemporaryPasswordExpired);
        }
        Some(user) if matches && user.is_active() => user,
        // Only someone who knows the password learns that the account is deactivated.
        Some(_) if matches => return Err(AppError::AccountDeactivated),
        _ => {
            let limits = [
                (FREE_FAILURES, ACCOUNT_MAX_DELAY),
                (ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY),
            ];
            for (key, (free, cap)) in keys.iter().zip(limits) {
                throttle::record_failure(&services.db, key, free, cap).await?;
            }
            return Err(AppError::InvalidCredentials {
                email: email.trim().to_owned(),
            });
        }
    };
    throttle::clear(&services.db, &keys[0]).await?;
    if user.totp_secret.is_some() {
        // the code step next: this browser holds a pending sign-in that opens nothing else
        let lifetime = crate::domain::two_factor::PENDING_SIGN_IN;
        let next = local_path(&next).unwrap_or_default();
        let token = two_factor::start_sign_in(&services.db, &user.id, next, lifetime).await?;
        set_cookie(&pending_sign_in_cookie(
            &token,
            lifetime.as_secs(),
            services.secure_cookies,
        ));
        leptos_axum::redirect(crate::api::two_factor::SIGN_IN_CODE_PATH);
        return Ok(());
    }
    start_session(&services, &user, &next).await
}

/// Starts the session of `user`, whose sign-in passed every step, and sends the browser on:
/// to the password change for a temporary password, to the two-factor set-up where it is
/// required and missing, otherwise to `next` (or the profile).
#[cfg(feature = "ssr")]
pub(crate) async fn start_session(
    services: &Services,
    user: &users::UserRecord,
    next: &str,
) -> Result<(), AppError> {
    // A fresh session id at every sign-in; whatever session this browser had before ends.
    if let Some(previous) = session_token() {
        sessions::delete(&services.db, &previous).await?;
    }
    let token = sessions::create(&services.db, &user.id).await?;
    set_cookie(&session_cookie(&token, services.secure_cookies));
    if user.must_change_password {
        // a temporary password works once: this session may change it, no later sign-in can
        users::use_up_temporary_password(&services.db, &user.id).await?;
        leptos_axum::redirect("/account/password");
        return Ok(());
    }
    go_on(services, &token, local_path(next).unwrap_or("/account")).await
}

/// Sends the browser of the session `token`, which has just started, to the two-factor set-up
/// when its user must set it up first, else to `page`.
#[cfg(feature = "ssr")]
async fn go_on(services: &Services, token: &str, page: &str) -> Result<(), AppError> {
    let session = sessions::find(&services.db, token, services.sessions).await?;
    if session.is_some_and(|s| crate::api::two_factor::must_set_up(&s)) {
        leptos_axum::redirect(crate::api::two_factor::SET_UP_PATH);
    } else {
        leptos_axum::redirect(page);
    }
    Ok(())
}

/// `next` if it is a path on this site (`/…`, not `//host` or `/\host`): where signing in goes
/// back to (an invitation link, for example).
pub fn local_path(next: &str) -> Option<&str> {
    let next = next.trim();
    (next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control()))
    .then_some(next)
}

/// The first program admin chooses their e-mail and password with the one-time link printed on
/// the console at first start.
#[server(endpoint = "complete_setup")]
pub async fn complete_setup(
    token: String,
    display_name: String,
    email: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    let services = gate::public()?;
    let typed = [
        ("display_name", display_name.as_str()),
        ("email", email.as_str()),
    ];
    let (address, mut fields) = check_name_and_email(&display_name, &email);
    let context = password::Context {
        email: email.trim(),
        temporary: None,
    };
    if let Err(problem) = new_password_problem(&password, &confirmation, &context) {
        fields.push(problem);
    }
    let Some(address) = address.filter(|_| fields.is_empty()) else {
        return Err(AppError::invalid(fields, &typed));
    };

    let hash = services.hasher.hash(password).await?;
    let user = users::complete_operator_setup(
        &services.db,
        &token_hash(&token),
        address.as_str(),
        &display_name,
        &hash,
    )
    .await
    .map_err(|error| match error {
        SetupError::LinkInvalid => AppError::LinkInvalid,
        SetupError::EmailTaken => AppError::field("email", "email.taken").with_values(&typed),
        SetupError::Db(error) => AppError::internal(error),
    })?;
    let session = sessions::create(&services.db, &user).await?;
    set_cookie(&session_cookie(&session, services.secure_cookies));
    // a program admin must use two-factor sign-in: its set-up comes first
    leptos_axum::redirect(crate::api::two_factor::SET_UP_PATH);
    Ok(())
}

/// Changes the signed-in user's password. With a temporary password this is the only thing the
/// user can do; the new password may not be the temporary one. Every other session of the user
/// ends, and this one gets a new id.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    let (services, session) = gate::own_account().await?;
    let user = users::get(&services.db, &session.user)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if current.is_empty() {
        return Err(AppError::field("current", "password.empty"));
    }
    let context = password::Context {
        email: &user.email,
        temporary: user.must_change_password.then_some(current.as_str()),
    };
    if let Err((field, code)) = new_password_problem(&password, &confirmation, &context) {
        return Err(AppError::field(&field, &code));
    }
    let matches = services
        .hasher
        .verify(current, user.password_hash().as_ref())
        .await?;
    if !matches {
        return Err(AppError::field("current", "password.current_wrong"));
    }
    let hash = services.hasher.hash(password).await?;
    users::set_password(&services.db, &user.id, &hash).await?;
    // every session of this user ends, this one included; a fresh one continues here
    sessions::delete_all_for_user(&services.db, &user.id).await?;
    let token = sessions::create(&services.db, &user.id).await?;
    set_cookie(&session_cookie(&token, services.secure_cookies));
    go_on(&services, &token, "/account?password=changed").await
}

/// Checks a person's name and e-mail as typed: the address if it is valid, and a message code
/// per field that is not.
pub fn check_name_and_email(
    display_name: &str,
    email: &str,
) -> (
    Option<crate::domain::email::EmailAddress>,
    Vec<(String, String)>,
) {
    let mut fields = Vec::new();
    if display_name.trim().is_empty() {
        fields.push(("display_name".to_owned(), "name.empty".to_owned()));
    }
    let address = crate::api::checks::email_address(&mut fields, "email", email);
    (address, fields)
}

/// A new person's name and e-mail as typed: the address, or each problem at its field with
/// what was typed.
pub fn person(
    display_name: &str,
    email: &str,
) -> Result<crate::domain::email::EmailAddress, AppError> {
    let (address, fields) = check_name_and_email(display_name, email);
    address.filter(|_| fields.is_empty()).ok_or_else(|| {
        AppError::invalid(fields, &[("display_name", display_name), ("email", email)])
    })
}

/// Checks a new password and its confirmation (the list of common passwords included): the
/// problem at its field (`password` or `confirmation`) with its message code.
#[cfg(feature = "ssr")]
fn new_password_problem(
    password: &str,
    confirmation: &str,
    context: &crate::domain::password::Context<'_>,
) -> Result<(), (String, String)> {
    password::check_with_confirmation(password, confirmation, context, is_common).map_err(
        |problem| {
            let field = if problem == password::PasswordProblem::Mismatch {
                "confirmation"
            } else {
                "password"
            };
            (field.to_owned(), password_code(problem).to_owned())
        },
    )
}

/// The message code for an e-mail problem.
pub fn email_code(problem: crate::domain::email::EmailProblem) -> &'static str {
    use crate::domain::email::EmailProblem;
    match problem {
        EmailProblem::Empty => "email.empty",
        EmailProblem::TooLong => "email.too_long",
        EmailProblem::Malformed => "email.malformed",
    }
}

/// The message code for a password problem.
pub fn password_code(problem: crate::domain::password::PasswordProblem) -> &'static str {
    use crate::domain::password::PasswordProblem;
    match problem {
        PasswordProblem::TooShort => "password.too_short",
        PasswordProblem::TooLong => "password.too_long",
        PasswordProblem::Common => "password.common",
        PasswordProblem::SameAsTemporary => "password.same_as_temporary",
        PasswordProblem::ContainsEmailName => "password.contains_email_name",
        PasswordProblem::Mismatch => "password.mismatch",
    }
}
