//! The e-mail outbox: messages are written in the same transaction as the change that causes
//! them, and a worker delivers them (see the server's `mail` module). Nothing is lost when the
//! mail server is down or the portal restarts.

use crate::server::db::{Database, DbError, Query, statement_error};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// A message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The statement that queues a message bound with [`bind_email`]; put it inside the
/// transaction of the change that causes the message.
pub const ENQUEUE: &str = "CREATE outbox CONTENT {
    recipient: $mail_recipient, subject: $mail_subject, text: $mail_text, html: $mail_html,
    status: 'pending', attempts: 0, next_attempt_at: time::now(), last_error: NONE,
    created_at: time::now(), sent_at: NONE
};";

/// Binds the parameters [`ENQUEUE`] uses.
pub fn bind_email<'a>(query: Query<'a>, email: &Email) -> Query<'a> {
    query
        .bind("mail_recipient", email.recipient.clone())
        .bind("mail_subject", email.subject.clone())
        .bind("mail_text", email.text.clone())
        .bind("mail_html", email.html.clone())
}

/// The statement that queues each message bound with [`bind_emails`], inside the transaction
/// of the change that causes them.
pub const ENQUEUE_ALL: &str = "FOR $mail IN $mails {
    CREATE outbox CONTENT {
        recipient: $mail.recipient, subject: $mail.subject, text: $mail.text, html: $mail.html,
        status: 'pending', attempts: 0, next_attempt_at: time::now(), last_error: NONE,
        created_at: time::now(), sent_at: NONE
    };
};";

#[derive(Debug, Clone, surrealdb::types::SurrealValue)]
struct QueuedMail {
    recipient: String,
    subject: String,
    text: String,
    html: String,
}

/// Binds the messages [`ENQUEUE_ALL`] queues.
pub fn bind_emails<'a>(query: Query<'a>, emails: &[Email]) -> Query<'a> {
    query.bind(
        "mails",
        emails
            .iter()
            .map(|m| QueuedMail {
                recipient: m.recipient.clone(),
                subject: m.subject.clone(),
                text: m.text.clone(),
                html: m.html.clone(),
            })
            .collect::<Vec<_>>(),
    )
}

/// Queues one message on its own.
pub async fn enqueue(db: &Database, email: &Email) -> Result<(), DbError> {
    check(bind_email(db.query(ENQUEUE), email).await?)
}

/// A queued message the worker should try now.
#[derive(Clone, Debug, SurrealValue)]
pub struct Due {
    pub id: RecordId,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attempts: i64,
}

/// Up to `limit` pending messages whose time has come, oldest first.
pub async fn due(db: &Database, limit: usize) -> Result<Vec<Due>, DbError> {
    let mut results = db
        .query(
            "SELECT id, recipient, subject, text, html, attempts FROM outbox
             WHERE status = 'pending' AND next_attempt_at <= time::now()
             ORDER BY next_attempt_at LIMIT $limit",
        )
        .bind("limit", limit as i64)
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results.take(0)?)
}

pub async fn mark_sent(db: &Database, id: &RecordId) -> Result<(), DbError> {
    check(
        db.query("UPDATE $id SET status = 'sent', sent_at = time::now(), attempts += 1, last_error = NONE")
            .bind("id", id.clone())
            .await?,
    )
}

/// Records a failed attempt and when to try again.
pub async fn mark_retry(
    db: &Database,
    id: &RecordId,
    retry_in: Duration,
    error: &str,
) -> Result<(), DbError> {
    check(
        db.query(
            "UPDATE $id SET attempts += 1, last_error = $error,
                 next_attempt_at = time::now() + duration::from_millis($retry_in)",
        )
        .bind("id", id.clone())
        .bind("error", error.to_owned())
        .bind("retry_in", retry_in.as_millis() as i64)
        .await?,
    )
}

/// No mail server is configured: the message stays readable on the outgoing e-mail page.
pub async fn mark_no_smtp(db: &Database, id: &RecordId) -> Result<(), DbError> {
    check(
        db.query("UPDATE $id SET status = 'not_sent_no_smtp'")
            .bind("id", id.clone())
            .await?,
    )
}

fn check(mut results: surrealdb::IndexedResults) -> Result<(), DbError> {
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}

/// The newest `limit` messages, newest first.
pub async fn newest(
    db: &Database,
    limit: usize,
) -> Result<Vec<crate::domain::mail::OutgoingEmail>, DbError> {
    let mut results = db
        .query(
            "SELECT recipient, subject, text, status, attempts, last_error,
                 time::format(created_at, '%Y-%m-%d %H:%M UTC') AS created
             FROM outbox ORDER BY created_at DESC LIMIT $limit",
        )
        .bind("limit", limit as i64)
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results.take(0)?)
}
