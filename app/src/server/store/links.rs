//! One-time links: the operator set-up link printed on the console at first start.

use crate::server::{
    auth::token::{new_token, token_hash},
    db::{Database, DbError, statement_error},
};
use std::time::Duration;

/// The statements that use a one-time link inside a transaction: the link whose hash is bound
/// as `$link_hash`, for the purpose bound as `$link_purpose`, is marked used and held in
/// `$link`; the transaction fails with `link_invalid` when it is unknown, used or expired.
pub const USE_LINK: &str = "
    LET $link = (UPDATE one_time_link SET used_at = time::now()
        WHERE token_hash = $link_hash AND purpose = $link_purpose
            AND used_at = NONE AND expires_at > time::now()
        RETURN AFTER);
    IF array::len($link) = 0 { THROW 'link_invalid' };";

/// Whether the portal has no user yet (a fresh installation).
pub async fn no_users_yet(db: &Database) -> Result<bool, DbError> {
    let mut results = db.query("SELECT VALUE id FROM user LIMIT 1").await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results
        .take::<Vec<surrealdb::types::RecordId>>(0)?
        .is_empty())
}

/// A new operator set-up link token, valid for `ttl`. Unused older ones are withdrawn: only the
/// newest printed link works.
pub async fn new_operator_setup_link(db: &Database, ttl: Duration) -> Result<String, DbError> {
    let token = new_token();
    let mut results = db
        .query(
            "BEGIN TRANSACTION;
             DELETE one_time_link WHERE purpose = 'operator_setup' AND used_at = NONE;
             CREATE one_time_link CONTENT {
                 purpose: 'operator_setup',
                 token_hash: $hash,
                 expires_at: time::now() + duration::from_secs($ttl),
                 used_at: NONE,
                 created_at: time::now(),
             };
             COMMIT TRANSACTION;",
        )
        .bind("hash", token_hash(&token))
        .bind("ttl", ttl.as_secs() as i64)
        .await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(token),
    }
}
