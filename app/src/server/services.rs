//! What server functions reach through the Leptos context, and the helpers that find the
//! signed-in user. Every server function that needs a user gets it from [`require_user`], which
//! enforces: signed in, account active, no password change pending.

use crate::{
    api::AppError,
    server::{
        auth::password::Hasher,
        db::Database,
        store::sessions::{self, ActiveSession, SessionPolicy},
    },
};
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::*;

/// The cookie that carries the session id.
pub const SESSION_COOKIE: &str = "csp_session";

/// How long sign-ins and temporary passwords last (configurable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdentitySettings {
    pub sessions: SessionPolicy,
    /// A temporary password expires this long after it was issued (72 hours by default).
    pub temporary_password_lifetime: std::time::Duration,
    /// A customer relationship invitation's link works this long (7 days by default).
    pub customer_invitation_lifetime: std::time::Duration,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self {
            sessions: SessionPolicy::default(),
            temporary_password_lifetime: std::time::Duration::from_secs(72 * 60 * 60),
            customer_invitation_lifetime: std::time::Duration::from_secs(7 * 24 * 60 * 60),
        }
    }
}

#[derive(Clone)]
pub struct Services {
    pub db: Database,
    pub hasher: Hasher,
    pub sessions: SessionPolicy,
    pub temporary_password_lifetime: std::time::Duration,
    pub customer_invitation_lifetime: std::time::Duration,
    /// The address people use, for links in e-mail and on the console (no trailing slash).
    pub public_url: String,
    /// Cookies get `Secure` when the portal is reached over https.
    pub secure_cookies: bool,
    /// Seals the bank details the database keeps.
    pub field_key: crate::server::crypto::FieldKey,
    /// What the directory's filters and provider matching read (kept up to date from the
    /// database at each use).
    pub directory: crate::server::directory_index::DirectoryIndex,
}

/// The services of this request.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>()
        .ok_or_else(|| AppError::internal("the services are not in the context"))
}

/// The value of cookie `name` in the request's headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    private_cookie(SESSION_COOKIE, token, secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_session_cookie(secure: bool) -> String {
    cleared_cookie(SESSION_COOKIE, secure)
}

/// The cookie that carries an applicant's session (applicants have no account).
pub const APPLICANT_COOKIE: &str = "csp_application";

/// The `Set-Cookie` value for a new applicant session.
pub fn applicant_cookie(token: &str, secure: bool) -> String {
    private_cookie(APPLICANT_COOKIE, token, secure)
}

/// A cookie scripts cannot read and other sites cannot send.
fn private_cookie(name: &str, value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}")
}

fn cleared_cookie(name: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The session token sent with this request, if any.
pub fn session_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie(&parts.headers, SESSION_COOKIE)
}

/// The applicant session token sent with this request, if any.
pub fn applicant_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie(&parts.headers, APPLICANT_COOKIE)
}

/// The application this request's applicant session reaches; `Unauthenticated` when there is
/// no live applicant session (the page then offers to e-mail a new link).
pub async fn require_applicant(
    services: &Services,
) -> Result<surrealdb::types::RecordId, AppError> {
    let token = applicant_token().ok_or(AppError::Unauthenticated)?;
    crate::server::store::applications::session_application(&services.db, &token, services.sessions)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The record `key` of `table` that a page sent (so from anyone): keys the portal makes are
/// short and alphanumeric; anything else cannot exist and is "not found".
pub fn record_from_page(table: &str, key: &str) -> Result<surrealdb::types::RecordId, AppError> {
    let plausible = !key.is_empty()
        && key.len() <= 64
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plausible {
        Ok(surrealdb::types::RecordId::new(table, key))
    } else {
        Err(AppError::NotFound)
    }
}

/// After a plain form post (JavaScript off), sends the browser to `path` instead of back to
/// the form, so the page can say what happened (with JavaScript on, the page reads the
/// action's result instead).
pub fn redirect_after_form_post(path: &str) {
    if is_form_post() {
        leptos_axum::redirect(path);
    }
}

/// Whether this server function call is a plain form post (the browser without JavaScript),
/// whose answer is a page, not data.
pub fn is_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// The live session of this request, if any (deactivated users have none).
pub async fn current_session(services: &Services) -> Result<Option<ActiveSession>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    let session = sessions::find(&services.db, &token, services.sessions).await?;
    Ok(session.filter(|s| s.active))
}

/// The signed-in user, who must be active and have no password change pending.
pub async fn require_user(services: &Services) -> Result<ActiveSession, AppError> {
    let session = current_session(services)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if session.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(session)
}

/// A new temporary password (random, within the password policy) and its hash.
pub async fn new_temporary_password(
    services: &Services,
) -> Result<(String, crate::server::auth::password::PasswordHash), AppError> {
    let password = crate::server::auth::token::temporary_password();
    let hash = services.hasher.hash(password.clone()).await?;
    Ok((password, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("csp_lang=ko; csp_session=abc-123_x"),
        );
        assert_eq!(
            cookie(&headers, SESSION_COOKIE).as_deref(),
            Some("abc-123_x")
        );
        assert_eq!(cookie(&headers, "csp_lang").as_deref(), Some("ko"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_strict() {
        let cookie = session_cookie("t0k3n", false);
        assert_eq!(
            cookie,
            "csp_session=t0k3n; Path=/; HttpOnly; SameSite=Strict"
        );
        assert!(session_cookie("t", true).ends_with("; Secure"));
        assert!(cleared_session_cookie(false).contains("Max-Age=0"));
    }
}
