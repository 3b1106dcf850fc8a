//! Server-side sessions. The browser holds a 128-bit random id; the database holds its SHA-256,
//! the user, and when the session started and was last used.

use crate::server::{
    auth::token::{new_token, token_hash},
    db::{Database, DbError, statement_error},
};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// A proof of who is using the session lets sensitive actions through this long.
    pub step_up: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            step_up: STEP_UP_WINDOW,
        }
    }
}

/// A live session and whom it belongs to.
#[derive(Debug, Clone, SurrealValue)]
pub struct ActiveSession {
    pub session: RecordId,
    pub user: RecordId,
    pub organization: RecordId,
    /// `operator`, `partner` or `customer`
    pub organization_kind: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub must_change_password: bool,
    /// the user has set up two-factor sign-in
    pub two_factor_on: bool,
    /// the program asks every partner and customer user to use two-factor sign-in
    pub two_factor_everyone: bool,
    /// this session proved who is using it (a code, or the password) within [`STEP_UP_WINDOW`]
    pub proved_recently: bool,
}

/// How long a proof of who is using a session (the sign-in itself, or a code entered later)
/// lets sensitive actions through without asking again.
pub const STEP_UP_WINDOW: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Clone, SurrealValue)]
struct Found {
    session: ActiveSession,
    expired: bool,
}

/// How often a session's last use is written (its idle timeout is this precise).
pub const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Starts a session for `user`, who has just proved who they are (both steps of a sign-in, or
/// their password); returns the id for the cookie (shown nowhere else).
pub async fn create(db: &Database, user: &RecordId) -> Result<String, DbError> {
    let token = new_token();
    let mut results = db
        .query(
            "CREATE session CONTENT { user: $user, token_hash: $hash, created_at: time::now(), \
             last_seen_at: time::now(), proved_at: time::now() }",
        )
        .bind("user", user.clone())
        .bind("hash", token_hash(&token))
        .await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(token),
    }
}

/// The session for `token`, if it exists and has not expired; marks it used. An expired session
/// is deleted.
pub async fn find(
    db: &Database,
    token: &str,
    policy: SessionPolicy,
) -> Result<Option<ActiveSession>, DbError> {
    let mut results = db
        .query(
            "SELECT
                {
                    session: id,
                    user: user,
                    organization: user.organization,
                    organization_kind: user.organization.kind,
                    email: user.email,
                    display_name: user.display_name,
                    roles: user.roles,
                    active: user.status = 'active',
                    must_change_password: user.must_change_password,
                    two_factor_on: user.totp_set_up_at != NONE,
                    two_factor_everyone:
                        (SELECT VALUE two_factor_everyone FROM ONLY program_settings:program) ?? false,
                    proved_recently: proved_at != NONE
                        AND (time::now() - proved_at) < duration::from_secs($step_up),
                } AS session,
                (time::now() - last_seen_at) > duration::from_secs($idle)
                    OR (time::now() - created_at) > duration::from_secs($absolute) AS expired
             FROM session WHERE token_hash = $hash LIMIT 1",
        )
        .bind("hash", token_hash(token))
        .bind("idle", policy.idle.as_secs() as i64)
        .bind("absolute", policy.absolute.as_secs() as i64)
        .bind("step_up", policy.step_up.as_secs() as i64)
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    let Some(found) = results.take::<Vec<Found>>(0)?.into_iter().next() else {
        return Ok(None);
    };
    if found.expired {
        delete_by_id(db, &found.session.session).await?;
        return Ok(None);
    }
    // Marks the session used, at most once every TOUCH_EVERY: the idle timeout stays accurate
    // to that, and a page's parallel requests do not all write the same record. A touch that
    // loses a race with another request of the same session changes nothing that matters.
    let touched = db
        .query(
            "UPDATE $session_id SET last_seen_at = time::now()
             WHERE last_seen_at < time::now() - duration::from_secs($every)",
        )
        .bind("session_id", found.session.session.clone())
        .bind("every", TOUCH_EVERY.as_secs() as i64)
        .await;
    match touched {
        Ok(mut results) => {
            if let Some(error) = statement_error(&mut results) {
                tracing::debug!(%error, "a session was not marked used");
            }
        }
        Err(error) => tracing::debug!(%error, "a session was not marked used"),
    }
    Ok(Some(found.session))
}

/// Records that the person using `session` proved who they are just now (a code, or their
/// password): sensitive actions pass for [`SessionPolicy::step_up`].
pub async fn prove(db: &Database, session: &RecordId) -> Result<(), DbError> {
    run(db
        .query("UPDATE $session_id SET proved_at = time::now()")
        .bind("session_id", session.clone()))
    .await
}

/// Ends the session for `token` (sign-out).
pub async fn delete(db: &Database, token: &str) -> Result<(), DbError> {
    run(db
        .query("DELETE session WHERE token_hash = $hash")
        .bind("hash", token_hash(token)))
    .await
}

/// Ends every session of `user` ("sign out everywhere", deactivation, password change).
pub async fn delete_all_for_user(db: &Database, user: &RecordId) -> Result<(), DbError> {
    run(db
        .query("DELETE session WHERE user = $user")
        .bind("user", user.clone()))
    .await
}

async fn delete_by_id(db: &Database, session: &RecordId) -> Result<(), DbError> {
    run(db
        .query("DELETE $session_id")
        .bind("session_id", session.clone()))
    .await
}

async fn run(query: crate::server::db::Query<'_>) -> Result<(), DbError> {
    let mut results = query.await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}
