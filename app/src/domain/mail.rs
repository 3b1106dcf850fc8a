//! An outgoing message as the outbox keeps it and the outgoing e-mail page shows it.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// A queued or sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct OutgoingEmail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    /// pending, sent, not_sent_no_smtp
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// YYYY-MM-DD HH:MM UTC
    pub created: String,
}
