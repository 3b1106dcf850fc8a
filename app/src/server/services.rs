//! What server functions reach through the Leptos context (they get it from `api::gate`, which
//! checks who is asking first), and the request's cookies.

use crate::server::{auth::password::Hasher, db::Database, store::sessions::SessionPolicy};
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

/// The cookie that carries a sign-in between its password and its code (five minutes).
pub const PENDING_SIGN_IN_COOKIE: &str = "csp_sign_in";

/// The `Set-Cookie` value for a sign-in waiting for its code: gone after `seconds`.
pub fn pending_sign_in_cookie(token: &str, seconds: u64, secure: bool) -> String {
    format!(
        "{}; Max-Age={seconds}",
        private_cookie(PENDING_SIGN_IN_COOKIE, token, secure)
    )
}

/// The `Set-Cookie` value that removes the pending sign-in's cookie.
pub fn cleared_pending_sign_in_cookie(secure: bool) -> String {
    cleared_cookie(PENDING_SIGN_IN_COOKIE, secure)
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
