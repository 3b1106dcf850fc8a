//! Failed sign-ins, counted per key (`account:<e-mail>`, `address:<ip>`) in the database, so the
//! delays hold across restarts. The delays themselves are `domain::throttle`'s.

use crate::{
    domain::throttle::delay_after,
    server::db::{Database, DbError, statement_error},
};
use std::time::Duration;
use surrealdb::types::RecordId;

/// Failures older than this are forgotten: a slow trickle never adds up to a long delay.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

fn record(key: &str) -> RecordId {
    RecordId::new("sign_in_throttle", key.to_owned())
}

/// How many seconds until any of `keys` may try again (0: now).
pub async fn wait_seconds(db: &Database, keys: &[String]) -> Result<u64, DbError> {
    let mut results = db
        .query(
            "SELECT VALUE IF blocked_until > time::now() {
                 duration::millis(blocked_until - time::now())
             } ELSE { 0 }
             FROM sign_in_throttle WHERE key IN $keys",
        )
        .bind("keys", keys.to_vec())
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    let waits: Vec<i64> = results.take(0)?;
    let millis = waits.into_iter().max().unwrap_or(0).max(0) as u64;
    // round up: "wait 1 s" while any wait is left
    Ok(millis.div_ceil(1000))
}

/// Counts a failure for `key` and blocks it for the resulting delay: none for the first `free`
/// failures, then doubling up to `cap`.
pub async fn record_failure(
    db: &Database,
    key: &str,
    free: u32,
    cap: Duration,
) -> Result<(), DbError> {
    let mut results = db
        .query(
            "UPSERT $id SET
                 key = $key,
                 failures = IF updated_at != NONE AND time::now() - updated_at < duration::from_secs($forget)
                     { failures + 1 } ELSE { 1 },
                 blocked_until = time::now(),
                 updated_at = time::now()
             RETURN VALUE failures",
        )
        .bind("id", record(key))
        .bind("key", key.to_owned())
        .bind("forget", FORGET_AFTER.as_secs() as i64)
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    let failures: Option<i64> = results.take(0)?;
    let delay = delay_after(
        u32::try_from(failures.unwrap_or(1)).unwrap_or(u32::MAX),
        free,
        cap,
    );
    let mut results = db
        .query("UPDATE $id SET blocked_until = time::now() + duration::from_millis($delay)")
        .bind("id", record(key))
        .bind("delay", delay.as_millis() as i64)
        .await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(db: &Database, key: &str) -> Result<(), DbError> {
    let mut results = db.query("DELETE $id").bind("id", record(key)).await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}
