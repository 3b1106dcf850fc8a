//! The program's settings: how many business days a review takes, and the acceptance criteria
//! direct-bill partners and indirect providers attest to.

use crate::server::db::{Database, DbError, execute, returned};
use surrealdb::types::{RecordId, SurrealValue};

const SETTINGS: (&str, &str) = ("program_settings", "program");

/// Business days from submission to the expected decision.
pub async fn review_days(db: &Database) -> Result<u32, DbError> {
    let mut results = execute(
        db.query("SELECT VALUE review_days FROM ONLY $settings")
            .bind("settings", RecordId::new(SETTINGS.0, SETTINGS.1)),
    )
    .await?;
    let days: Option<i64> = results.take(0)?;
    Ok(days.and_then(|d| u32::try_from(d).ok()).unwrap_or(5))
}

pub async fn set_review_days(db: &Database, days: u32) -> Result<(), DbError> {
    execute(
        db.query("UPSERT $settings MERGE { review_days: $days, updated_at: time::now() }")
            .bind("settings", RecordId::new(SETTINGS.0, SETTINGS.1))
            .bind("days", i64::from(days)),
    )
    .await?;
    Ok(())
}

/// Whether the program asks every partner and customer user to use two-factor sign-in (the
/// operator's staff and partner administrators always must).
pub async fn two_factor_everyone(db: &Database) -> Result<bool, DbError> {
    let mut results = execute(
        db.query("SELECT VALUE two_factor_everyone FROM ONLY $settings")
            .bind("settings", RecordId::new(SETTINGS.0, SETTINGS.1)),
    )
    .await?;
    let everyone: Option<bool> = results.take(0)?;
    Ok(everyone.unwrap_or(false))
}

pub async fn set_two_factor_everyone(db: &Database, everyone: bool) -> Result<(), DbError> {
    execute(
        db.query(
            "UPSERT $settings MERGE { two_factor_everyone: $everyone, updated_at: time::now() }",
        )
        .bind("settings", RecordId::new(SETTINGS.0, SETTINGS.1))
        .bind("everyone", everyone),
    )
    .await?;
    Ok(())
}

/// An acceptance criterion in both languages.
#[derive(Debug, Clone, SurrealValue)]
pub struct Criterion {
    pub id: RecordId,
    pub text_en: String,
    pub text_ko: String,
    pub position: i64,
}

impl Criterion {
    /// The key that pages and applications use for the criterion.
    pub fn key(&self) -> String {
        crate::server::db::record_key(&self.id)
    }
}

/// The criteria in force, in order.
pub async fn criteria(db: &Database) -> Result<Vec<Criterion>, DbError> {
    let mut results = execute(db.query(
        "SELECT id, text_en, text_ko, position FROM acceptance_criterion
         WHERE retired = false ORDER BY position, created_at",
    ))
    .await?;
    Ok(results.take(0)?)
}

/// Adds a criterion at the end.
pub async fn add_criterion(db: &Database, text_en: &str, text_ko: &str) -> Result<(), DbError> {
    execute(
        db.query(
            "CREATE acceptance_criterion CONTENT {
                 text_en: $text_en, text_ko: $text_ko, retired: false, created_at: time::now(),
                 position: (math::max(SELECT VALUE position FROM acceptance_criterion) ?? 0) + 1
             }",
        )
        .bind("text_en", text_en.to_owned())
        .bind("text_ko", text_ko.to_owned()),
    )
    .await?;
    Ok(())
}

/// Rewords a criterion. Returns false when there is no such criterion in force.
pub async fn update_criterion(
    db: &Database,
    key: &str,
    text_en: &str,
    text_ko: &str,
) -> Result<bool, DbError> {
    let mut results = execute(
        db.query(
            "UPDATE $criterion SET text_en = $text_en, text_ko = $text_ko
             WHERE retired = false RETURN VALUE id",
        )
        .bind("criterion", RecordId::new("acceptance_criterion", key))
        .bind("text_en", text_en.to_owned())
        .bind("text_ko", text_ko.to_owned()),
    )
    .await?;
    Ok(!results.take::<Vec<RecordId>>(0)?.is_empty())
}

/// Retires a criterion: new applicants no longer see it. Returns false when there is none.
pub async fn retire_criterion(db: &Database, key: &str) -> Result<bool, DbError> {
    let mut results = execute(
        db.query("UPDATE $criterion SET retired = true WHERE retired = false RETURN VALUE id")
            .bind("criterion", RecordId::new("acceptance_criterion", key)),
    )
    .await?;
    Ok(!results.take::<Vec<RecordId>>(0)?.is_empty())
}

/// The free-mail domains the operator added to the built-in list, sorted.
pub async fn free_mail_additions(db: &Database) -> Result<Vec<String>, DbError> {
    let mut results =
        execute(db.query("SELECT VALUE domain FROM free_mail_domain ORDER BY domain")).await?;
    Ok(results.take(0)?)
}

/// Adds a free-mail domain (checked and lower case). Returns false when it is listed already.
pub async fn add_free_mail_domain(
    db: &Database,
    domain: &str,
    added_by: &RecordId,
) -> Result<bool, DbError> {
    let mut results = db
        .query(
            "BEGIN TRANSACTION;
             LET $known = (SELECT VALUE id FROM free_mail_domain WHERE domain = $domain);
             IF array::len($known) = 0 {
                 CREATE free_mail_domain CONTENT {
                     domain: $domain, added_by: $added_by, created_at: time::now()
                 };
             };
             RETURN array::len($known) = 0;
             COMMIT TRANSACTION;",
        )
        .bind("domain", domain.to_owned())
        .bind("added_by", added_by.clone())
        .await?;
    match crate::server::db::statement_error(&mut results) {
        // the same domain added at the same moment by someone else
        Some(error) if crate::server::db::is_unique_violation(&error) => return Ok(false),
        Some(error) => return Err(DbError::Query(error)),
        None => {}
    }
    Ok(returned::<Option<bool>>(&mut results)?.unwrap_or(false))
}

/// Removes a domain the operator added. Returns false when it was not listed.
pub async fn remove_free_mail_domain(db: &Database, domain: &str) -> Result<bool, DbError> {
    let mut results = execute(
        db.query("DELETE free_mail_domain WHERE domain = $domain RETURN BEFORE")
            .bind("domain", domain.to_owned()),
    )
    .await?;
    Ok(!results.take::<Vec<surrealdb::types::Value>>(0)?.is_empty())
}
