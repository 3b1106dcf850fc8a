//! The one error type of every server function. It crosses the network intact (JSON), with
//! JavaScript and without (then in the redirect's `__err`), so forms can show each message next
//! to its field.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What went wrong, as the person using the page needs to know it. Field messages are message
/// codes (`"email.malformed"`), translated by the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session ended: the page offers to sign in.
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in with a temporary password: nothing else works until it is changed.
    #[error("change your password first")]
    PasswordChangeRequired,
    /// Signed in, and two-factor sign-in is required but not set up: nothing else works until
    /// it is.
    #[error("set up two-factor sign-in first")]
    TwoFactorSetupRequired,
    /// The code step of a sign-in came after its five minutes, or without its password step.
    #[error("sign in again")]
    SignInExpired,
    /// Signed in but not allowed; `reason` is a message code saying what would allow it.
    #[error("not allowed: {reason}")]
    Forbidden { reason: String },
    /// No such thing, or not one this user may see.
    #[error("not found")]
    NotFound,
    /// Unknown e-mail or wrong password: deliberately one message for both. Carries the e-mail
    /// typed, to fill the form in again.
    #[error("the e-mail address or password is not right")]
    InvalidCredentials { email: String },
    /// Too many failed attempts; try again after `seconds`. Carries the e-mail typed (sign-in),
    /// to fill the form in again.
    #[error("too many attempts; try again in {seconds} s")]
    TooManyAttempts {
        seconds: u64,
        #[serde(default)]
        email: String,
    },
    /// A temporary password that expired or was used already; a program admin (or the
    /// organization's global admin) can issue a new one.
    #[error("the temporary password has expired")]
    TemporaryPasswordExpired,
    /// The right password for an account that a program admin deactivated.
    #[error("this account is deactivated")]
    AccountDeactivated,
    /// The link is unknown, used or expired.
    #[error("this link is no longer valid")]
    LinkInvalid,
    /// Input to fix: a message code per field, and the values typed (never passwords) so the
    /// form can be filled in again.
    #[error("check the highlighted fields")]
    Validation {
        fields: Vec<(String, String)>,
        values: Vec<(String, String)>,
    },
    /// Someone else changed or took it first.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something failed on the server. The details are in the log under `reference`.
    #[error("something went wrong (reference {reference})")]
    Internal { reference: String },
    /// The call itself failed (network, encoding).
    #[error("{0}")]
    Transport(ServerFnErrorErr),
}

impl AppError {
    /// The HTTP status this error answers with, from server functions and refused pages alike.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated
            | Self::InvalidCredentials { .. }
            | Self::LinkInvalid
            | Self::TemporaryPasswordExpired
            | Self::SignInExpired => 401,
            Self::PasswordChangeRequired
            | Self::TwoFactorSetupRequired
            | Self::Forbidden { .. }
            | Self::AccountDeactivated => 403,
            Self::NotFound => 404,
            Self::Conflict(_) => 409,
            Self::Validation { .. } => 422,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal { .. } | Self::Transport(_) => 500,
        }
    }

    /// A validation error for one field.
    pub fn field(field: &str, code: &str) -> Self {
        Self::Validation {
            fields: vec![(field.to_owned(), code.to_owned())],
            values: Vec::new(),
        }
    }

    /// A validation error for `fields` (field, message code), with what was typed so the form
    /// can show it again.
    pub fn invalid(fields: Vec<(String, String)>, typed: &[(&str, &str)]) -> Self {
        Self::Validation {
            fields,
            values: Vec::new(),
        }
        .with_values(typed)
    }

    /// Adds what was typed, so the form can show it again.
    pub fn with_values(self, typed: &[(&str, &str)]) -> Self {
        match self {
            Self::Validation { fields, .. } => Self::Validation {
                fields,
                values: typed
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            },
            other => other,
        }
    }

    /// The message code for `field`, if it has one.
    pub fn field_code(&self, field: &str) -> Option<&str> {
        match self {
            Self::Validation { fields, .. } => fields
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, code)| code.as_str()),
            _ => None,
        }
    }

    /// The value typed into `field` before the error, if it was sent back.
    pub fn typed(&self, field: &str) -> Option<&str> {
        match self {
            Self::InvalidCredentials { email } | Self::TooManyAttempts { email, .. }
                if field == "email" && !email.is_empty() =>
            {
                Some(email.as_str())
            }
            Self::Validation { values, .. } => values
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, value)| value.as_str()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value)
    }
}

impl From<ServerFnErrorErr> for AppError {
    fn from(value: ServerFnErrorErr) -> Self {
        Self::Transport(value)
    }
}

/// A failure below the API (the database, password hashing) is an internal error: logged with a
/// reference, which is all the user sees. `?` converts it.
#[cfg(feature = "ssr")]
impl From<crate::server::db::DbError> for AppError {
    fn from(cause: crate::server::db::DbError) -> Self {
        Self::internal(cause)
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::auth::password::HashError> for AppError {
    fn from(cause: crate::server::auth::password::HashError) -> Self {
        Self::internal(cause)
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs `cause` with a fresh reference and returns the error the user sees.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = crate::server::auth::token::new_token()[..8].to_owned();
        tracing::error!(%reference, error = %cause, "request failed");
        Self::Internal { reference }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_codes_and_typed_values() {
        let error = AppError::field("email", "email.malformed").with_values(&[("email", "ji@")]);
        assert_eq!(error.field_code("email"), Some("email.malformed"));
        assert_eq!(error.field_code("password"), None);
        assert_eq!(error.typed("email"), Some("ji@"));
    }

    #[test]
    fn a_throttled_sign_in_gives_the_e_mail_back() {
        let error = AppError::TooManyAttempts {
            seconds: 30,
            email: "ji@contoso.example".into(),
        };
        assert_eq!(error.typed("email"), Some("ji@contoso.example"));
        assert_eq!(error.typed("password"), None);
        assert_eq!(AppError::de(error.ser()), error);
        let other = AppError::TooManyAttempts {
            seconds: 3600,
            email: String::new(),
        };
        assert_eq!(other.typed("email"), None);
        assert_eq!(error.status(), 429);
    }

    #[test]
    fn crosses_the_network_as_json() {
        let error = AppError::field("password", "password.too_short");
        let bytes = error.ser();
        assert_eq!(AppError::de(bytes), error);
    }
}
