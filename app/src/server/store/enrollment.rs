//! CSP applications: starting one (with the e-mailed link that proves the work e-mail), the
//! applicant's sessions, the wizard's saved steps, submission, and status changes.

use crate::{
    domain::{address::Address, application::Status, program_id::ProgramId},
    server::{
        auth::token::{new_token, token_hash},
        db::{Database, DbError, execute, is_retryable_conflict, statement_error},
        store::{
            links,
            outbox::{self, Email},
            sessions::SessionPolicy,
        },
    },
};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// The statuses in which the applicant may change the answers.
const EDITABLE: &str = "['draft', 'more_information_needed']";

/// Creates the link (bound: `$application`, `$hash` of the token, `$ttl` in seconds).
const CREATE_LINK: &str = "CREATE one_time_link CONTENT {
                 purpose: 'application_access', application: $application, token_hash: $hash,
                 expires_at: time::now() + duration::from_secs($ttl), used_at: NONE,
                 created_at: time::now()
             };";

fn lock(program_id: ProgramId) -> RecordId {
    RecordId::new("open_application", i64::from(program_id.get()))
}

/// What happened when someone started an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// A new draft; the link to open it is on its way.
    New,
    /// This program ID's open application has this work e-mail: a link to resume it is on its
    /// way instead.
    Resumed,
    /// This program ID has an open application with another work e-mail.
    OpenWithAnotherEmail,
}

#[derive(Debug, Clone, SurrealValue)]
struct OpenFound {
    application: RecordId,
    work_email: String,
    verified: bool,
    live_links: i64,
}

/// The open application of `program_id`, if any.
async fn open_application(
    db: &Database,
    program_id: ProgramId,
) -> Result<Option<OpenFound>, DbError> {
    db.query(
        "SELECT application, application.work_email AS work_email,
             application.email_verified_at != NONE AS verified,
             count(SELECT id FROM one_time_link WHERE application = $parent.application
                 AND used_at = NONE AND expires_at > time::now()) AS live_links
         FROM ONLY $lock",
    )
    .bind("lock", lock(program_id))
    .rows()
    .await
}

/// Starts an application for `program_id` with `work_email` and queues the e-mail with the
/// link (`email(token)`) in the same transaction. One open application per program ID: a
/// draft whose e-mail was never confirmed and whose link has expired no longer counts.
pub async fn start(
    db: &Database,
    program_id: ProgramId,
    work_email: &str,
    link_ttl: Duration,
    email: impl Fn(&str, bool) -> Email,
) -> Result<Started, DbError> {
    let existing = open_application(db, program_id).await?;
    if let Some(open) = &existing {
        if open.work_email == work_email {
            let token = new_token();
            issue_link(
                db,
                &open.application,
                &token,
                link_ttl,
                &email(&token, true),
            )
            .await?;
            return Ok(Started::Resumed);
        }
        if open.verified || open.live_links > 0 {
            return Ok(Started::OpenWithAnotherEmail);
        }
    }
    let token = new_token();
    let query = db
        .query(format!(
            "BEGIN TRANSACTION;
             IF $stale != NONE {{
                 DELETE one_time_link WHERE application = $stale;
                 DELETE $stale WHERE email_verified_at = NONE;
                 DELETE $lock;
             }};
             LET $application = (CREATE ONLY application CONTENT {{
                 program_id: $program_id, work_email: $work_email, status: 'draft',
                 email_verified_at: NONE, accepted_criteria: [], criteria_snapshot: [],
                 done_program_id: false, done_business: false, done_bank: false, done_model: false,
                 version: 1, created_at: time::now(), updated_at: time::now()
             }}).id;
             CREATE $lock CONTENT {{ application: $application }};
             {create_link}
             {enqueue}
             COMMIT TRANSACTION;",
            create_link = CREATE_LINK,
            enqueue = outbox::ENQUEUE
        ))
        .bind("stale", existing.map(|open| open.application))
        .bind("lock", lock(program_id))
        .bind("program_id", i64::from(program_id.get()))
        .bind("work_email", work_email.to_owned())
        .bind("hash", token_hash(&token))
        .bind("ttl", link_ttl.as_secs() as i64);
    let mut results = outbox::bind_email(query, &email(&token, false)).await?;
    match statement_error(&mut results) {
        None => Ok(Started::New),
        // someone else started one for this program ID at the same moment
        Some(error) if error.message().contains("already exists") => {
            Ok(Started::OpenWithAnotherEmail)
        }
        Some(error) => Err(DbError::Query(error)),
    }
}

/// Queues a new link to `application` ("e-mail me a link").
async fn issue_link(
    db: &Database,
    application: &RecordId,
    token: &str,
    ttl: Duration,
    email: &Email,
) -> Result<(), DbError> {
    let query = db
        .query(format!(
            "BEGIN TRANSACTION;
             {create_link}
             {enqueue}
             COMMIT TRANSACTION;",
            create_link = CREATE_LINK,
            enqueue = outbox::ENQUEUE
        ))
        .bind("application", application.clone())
        .bind("hash", token_hash(token))
        .bind("ttl", ttl.as_secs() as i64);
    execute(outbox::bind_email(query, email)).await?;
    Ok(())
}

/// Sends a link to every application of `work_email` that is still open or was decided within
/// the last 90 days (so the applicant can read the decision); false when there is none.
pub async fn send_resume_links(
    db: &Database,
    work_email: &str,
    link_ttl: Duration,
    email: impl Fn(&str, ProgramId) -> Email,
) -> Result<bool, DbError> {
    #[derive(SurrealValue)]
    struct Found {
        id: RecordId,
        program_id: i64,
    }
    let mut results = execute(
        db.query(
            "SELECT id, program_id FROM application
             WHERE work_email = $work_email AND email_verified_at != NONE
                 AND (status IN ['draft', 'submitted', 'in_review', 'more_information_needed']
                     OR updated_at > time::now() - 90d)",
        )
        .bind("work_email", work_email.to_owned()),
    )
    .await?;
    let found: Vec<Found> = results.take(0)?;
    for application in &found {
        let Some(program_id) = u32::try_from(application.program_id)
            .ok()
            .and_then(ProgramId::from_u32)
        else {
            continue;
        };
        let token = new_token();
        issue_link(
            db,
            &application.id,
            &token,
            link_ttl,
            &email(&token, program_id),
        )
        .await?;
    }
    Ok(!found.is_empty())
}

/// Uses an application link: proves the work e-mail (the first time) and opens an applicant
/// session, in one transaction. Returns the session id for the cookie, or `None` when the link
/// is unknown, used or expired.
pub async fn open_with_link(db: &Database, link_token: &str) -> Result<Option<String>, DbError> {
    let session = new_token();
    let mut results = db
        .query(
            [
                "BEGIN TRANSACTION;",
                links::USE_LINK,
                "UPDATE $link[0].application SET email_verified_at = time::now(), version += 1
                 WHERE email_verified_at = NONE;
             CREATE applicant_session CONTENT {
                 application: $link[0].application, token_hash: $session_hash,
                 created_at: time::now(), last_seen_at: time::now()
             };
             COMMIT TRANSACTION;",
            ]
            .concat(),
        )
        .bind("link_purpose", "application_access".to_owned())
        .bind("link_hash", token_hash(link_token))
        .bind("session_hash", token_hash(&session))
        .await?;
    match statement_error(&mut results) {
        None => Ok(Some(session)),
        Some(error) if error.message().contains("link_invalid") => Ok(None),
        Some(error) => Err(DbError::Query(error)),
    }
}

/// The application an applicant session reaches, if the session is live; marks it used.
pub async fn session_application(
    db: &Database,
    session_token: &str,
    policy: SessionPolicy,
) -> Result<Option<RecordId>, DbError> {
    #[derive(SurrealValue)]
    struct Found {
        id: RecordId,
        application: RecordId,
        expired: bool,
    }
    let mut results = execute(
        db.query(
            "SELECT id, application,
                 (time::now() - last_seen_at) > duration::from_secs($idle)
                     OR (time::now() - created_at) > duration::from_secs($absolute) AS expired
             FROM applicant_session WHERE token_hash = $hash LIMIT 1",
        )
        .bind("hash", token_hash(session_token))
        .bind("idle", policy.idle.as_secs() as i64)
        .bind("absolute", policy.absolute.as_secs() as i64),
    )
    .await?;
    let Some(found) = results.take::<Vec<Found>>(0)?.into_iter().next() else {
        return Ok(None);
    };
    if found.expired {
        execute(
            db.query("DELETE $applicant_session")
                .bind("applicant_session", found.id),
        )
        .await?;
        return Ok(None);
    }
    // as for staff sessions: written at most every TOUCH_EVERY, a lost race changes nothing
    let touched = db
        .query(
            "UPDATE $applicant_session SET last_seen_at = time::now()
             WHERE last_seen_at < time::now() - duration::from_secs($every)",
        )
        .bind("applicant_session", found.id)
        .bind(
            "every",
            crate::server::store::sessions::TOUCH_EVERY.as_secs() as i64,
        )
        .await;
    if let Err(error) = touched {
        tracing::debug!(%error, "an applicant session was not marked used");
    }
    Ok(Some(found.application))
}

/// Ends an applicant session.
pub async fn end_session(db: &Database, session_token: &str) -> Result<(), DbError> {
    execute(
        db.query("DELETE applicant_session WHERE token_hash = $hash")
            .bind("hash", token_hash(session_token)),
    )
    .await?;
    Ok(())
}

/// An application as the wizard and the status page read it.
#[derive(Debug, Clone, SurrealValue)]
pub struct ApplicationRecord {
    pub id: RecordId,
    pub program_id: i64,
    pub work_email: String,
    pub status: String,
    pub email_verified: bool,
    pub country: Option<String>,
    pub legal_name: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub bank_sealed: Option<String>,
    pub bank_masked: Option<String>,
    pub bank_kind: Option<String>,
    pub model: Option<String>,
    pub accepted_criteria: Vec<String>,
    pub done_program_id: bool,
    pub done_business: bool,
    pub done_bank: bool,
    pub done_model: bool,
    pub signer_name: Option<String>,
    pub signer_title: Option<String>,
    pub submitted: Option<String>,
    pub expected_decision_on: Option<String>,
    pub version: i64,
    #[surreal(default)]
    pub sections_to_fix: Vec<String>,
    pub decision_message: Option<String>,
    pub decision_reason: Option<String>,
}

impl ApplicationRecord {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }

    pub fn program_id(&self) -> Option<ProgramId> {
        u32::try_from(self.program_id)
            .ok()
            .and_then(ProgramId::from_u32)
    }
}

/// What sealed values of application `id` are bound to (see [`crate::server::crypto`]).
pub fn seal_context(id: &RecordId) -> String {
    format!("application:{}", crate::server::db::record_key(id))
}

/// The application `id`.
pub async fn get(db: &Database, id: &RecordId) -> Result<Option<ApplicationRecord>, DbError> {
    db.query(
        "SELECT *, email_verified_at != NONE AS email_verified,
             (IF submitted_at != NONE { time::format(submitted_at, '%Y-%m-%d') }) AS submitted
         FROM ONLY $application",
    )
    .bind("application", id.clone())
    .rows()
    .await
}

/// The application's version (bumped by every change its status page shows).
pub async fn version(db: &Database, id: &RecordId) -> Result<Option<i64>, DbError> {
    db.query("SELECT VALUE version FROM ONLY $application")
        .bind("application", id.clone())
        .rows()
        .await
}

/// Why a change to an application was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// It was submitted (or decided): the answers are frozen.
    #[error("the application can no longer be changed")]
    NotEditable,
    /// The new program ID has an open application already.
    #[error("the program ID has an open application")]
    ProgramIdTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Runs an update that applies only while the applicant may edit; NotEditable when it did not.
async fn update_editable(query: crate::server::db::Query<'_>) -> Result<(), ChangeError> {
    let mut results = execute(query).await?;
    let updated: Vec<RecordId> = results.take(0).map_err(DbError::Query)?;
    if updated.is_empty() {
        return Err(ChangeError::NotEditable);
    }
    Ok(())
}

/// Saves the program ID step. Another program ID moves the application's open lock; another
/// country makes the address and bank details to be entered again.
pub async fn save_program_id(
    db: &Database,
    id: &RecordId,
    from: ProgramId,
    to: ProgramId,
    country: &str,
) -> Result<(), ChangeError> {
    let mut results = db
        .query(format!(
            "BEGIN TRANSACTION;
             IF $from != $to {{
                 CREATE $to_lock CONTENT {{ application: $application }};
                 DELETE $from_lock;
             }};
             UPDATE $application SET
                 done_business = IF country = $country {{ done_business }} ELSE {{ false }},
                 done_bank = IF country = $country {{ done_bank }} ELSE {{ false }},
                 bank_sealed = IF country = $country {{ bank_sealed }} ELSE {{ NONE }},
                 bank_masked = IF country = $country {{ bank_masked }} ELSE {{ NONE }},
                 bank_kind = IF country = $country {{ bank_kind }} ELSE {{ NONE }},
                 program_id = $to, country = $country, done_program_id = true,
                 version += 1, updated_at = time::now()
             WHERE status IN {EDITABLE} AND program_id = $from
             RETURN VALUE id;
             COMMIT TRANSACTION;"
        ))
        .bind("application", id.clone())
        .bind("from", i64::from(from.get()))
        .bind("to", i64::from(to.get()))
        .bind("from_lock", lock(from))
        .bind("to_lock", lock(to))
        .bind("country", country.to_owned())
        .await
        .map_err(DbError::Query)?;
    match statement_error(&mut results) {
        Some(error) if error.message().contains("already exists") => {
            Err(ChangeError::ProgramIdTaken)
        }
        Some(error) => Err(DbError::Query(error).into()),
        None => {
            let updated: Vec<RecordId> = results.take(2).map_err(DbError::Query)?;
            if updated.is_empty() {
                Err(ChangeError::NotEditable)
            } else {
                Ok(())
            }
        }
    }
}

/// The business step as saved (normalized by the domain checks).
pub struct Business<'a> {
    pub legal_name: &'a str,
    pub address: &'a Address,
    pub phone: &'a str,
    pub website: &'a str,
}

pub async fn save_business(
    db: &Database,
    id: &RecordId,
    business: Business<'_>,
) -> Result<(), ChangeError> {
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    update_editable(
        db.query(format!(
            "UPDATE $application SET
                 legal_name = $legal_name, address_line1 = $line1, address_line2 = $line2,
                 city = $city, region = $region, postal_code = $postal_code, phone = $phone,
                 website = $website, done_business = true, version += 1, updated_at = time::now()
             WHERE status IN {EDITABLE} AND done_program_id = true
             RETURN VALUE id"
        ))
        .bind("application", id.clone())
        .bind("legal_name", business.legal_name.to_owned())
        .bind("line1", business.address.line1.clone())
        .bind("line2", optional(&business.address.line2))
        .bind("city", business.address.city.clone())
        .bind("region", optional(&business.address.region))
        .bind("postal_code", optional(&business.address.postal_code))
        .bind("phone", business.phone.to_owned())
        .bind("website", optional(business.website)),
    )
    .await
}

/// Saves the bank step: only the sealed details and their masked form are stored.
pub async fn save_bank(
    db: &Database,
    id: &RecordId,
    sealed: &str,
    masked: &str,
    kind: &str,
) -> Result<(), ChangeError> {
    update_editable(
        db.query(format!(
            "UPDATE $application SET
                 bank_sealed = $sealed, bank_masked = $masked, bank_kind = $kind,
                 done_bank = true, version += 1, updated_at = time::now()
             WHERE status IN {EDITABLE} AND done_business = true
             RETURN VALUE id"
        ))
        .bind("application", id.clone())
        .bind("sealed", sealed.to_owned())
        .bind("masked", masked.to_owned())
        .bind("kind", kind.to_owned()),
    )
    .await
}

pub async fn save_model(
    db: &Database,
    id: &RecordId,
    model: &str,
    accepted_criteria: &[String],
) -> Result<(), ChangeError> {
    update_editable(
        db.query(format!(
            "UPDATE $application SET
                 model = $model, accepted_criteria = $accepted, done_model = true,
                 version += 1, updated_at = time::now()
             WHERE status IN {EDITABLE} AND done_bank = true
             RETURN VALUE id"
        ))
        .bind("application", id.clone())
        .bind("model", model.to_owned())
        .bind("accepted", accepted_criteria.to_vec()),
    )
    .await
}

/// What submitting records.
pub struct Submission<'a> {
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub expected_decision_on: &'a str,
    /// the wording of the criteria accepted, as it read at submission
    pub criteria_snapshot: &'a [String],
}

/// Submits the application if it is complete and editable. Submitting twice submits once:
/// the second call finds it submitted and changes nothing. Returns whether this call did it.
pub async fn submit(
    db: &Database,
    id: &RecordId,
    submission: Submission<'_>,
) -> Result<bool, ChangeError> {
    // Two submits of one application at the same moment (a double click, two tabs) collide in
    // the store; the one that lost finds the application submitted when it tries again.
    let mut attempts = 0;
    let updated: Vec<RecordId> = loop {
        attempts += 1;
        let result = execute(
            db.query(format!(
                "UPDATE $application SET
                     status = 'submitted', signer_name = $signer_name,
                     signer_title = $signer_title, agreement_accepted_at = time::now(),
                     submitted_at = time::now(), expected_decision_on = $expected,
                     criteria_snapshot = $snapshot, version += 1, updated_at = time::now()
                 WHERE status IN {EDITABLE} AND email_verified_at != NONE
                     AND done_program_id AND done_business AND done_bank AND done_model
                 RETURN VALUE id"
            ))
            .bind("application", id.clone())
            .bind("signer_name", submission.signer_name.to_owned())
            .bind("signer_title", submission.signer_title.to_owned())
            .bind("expected", submission.expected_decision_on.to_owned())
            .bind("snapshot", submission.criteria_snapshot.to_vec()),
        )
        .await;
        match result {
            Ok(mut results) => break results.take(0).map_err(DbError::Query)?,
            Err(DbError::Query(error)) if is_retryable_conflict(&error) && attempts < 5 => {
                continue;
            }
            Err(error) => return Err(error.into()),
        }
    };
    if !updated.is_empty() {
        return Ok(true);
    }
    match get(db, id).await?.map(|a| a.status()) {
        Some(status) if !status.applicant_can_edit() => Ok(false),
        _ => Err(ChangeError::NotEditable),
    }
}

/// Sets the status (the review console's moves, and tests). A decided application frees its
/// program ID for a new one.
pub async fn set_status(db: &Database, id: &RecordId, status: Status) -> Result<(), DbError> {
    execute(
        db.query(
            "BEGIN TRANSACTION;
             UPDATE $application SET status = $status, version += 1, updated_at = time::now();
             IF $closed { DELETE open_application WHERE application = $application };
             COMMIT TRANSACTION;",
        )
        .bind("application", id.clone())
        .bind("status", status.code())
        .bind("closed", !status.is_open()),
    )
    .await?;
    Ok(())
}

/// The newest verdict per reviewed check of an application.
#[derive(Debug, Clone, SurrealValue)]
pub struct VerdictRecord {
    pub check_code: String,
    pub passed: bool,
    pub reason: Option<String>,
    pub note: Option<String>,
}

pub async fn verdicts(db: &Database, id: &RecordId) -> Result<Vec<VerdictRecord>, DbError> {
    let mut results = execute(
        db.query(
            "SELECT check_code, passed, reason, note, created_at FROM check_verdict
             WHERE application = $application ORDER BY created_at DESC",
        )
        .bind("application", id.clone()),
    )
    .await?;
    let all: Vec<VerdictRecord> = results.take(0)?;
    let mut newest: Vec<VerdictRecord> = Vec::new();
    for verdict in all {
        if !newest.iter().any(|v| v.check_code == verdict.check_code) {
            newest.push(verdict);
        }
    }
    Ok(newest)
}

/// Records a reviewer's verdict on a check (the review console; tests).
pub async fn record_verdict(
    db: &Database,
    id: &RecordId,
    check_code: &str,
    passed: bool,
    reason: Option<&str>,
    note: Option<&str>,
) -> Result<(), DbError> {
    execute(
        db.query(
            "BEGIN TRANSACTION;
             CREATE check_verdict CONTENT {
                 application: $application, check_code: $check_code, passed: $passed,
                 reason: $reason, note: $note, created_at: time::now()
             };
             UPDATE $application SET version += 1, updated_at = time::now();
             COMMIT TRANSACTION;",
        )
        .bind("application", id.clone())
        .bind("check_code", check_code.to_owned())
        .bind("passed", passed)
        .bind("reason", reason.map(str::to_owned))
        .bind("note", note.map(str::to_owned)),
    )
    .await?;
    Ok(())
}

/// Applications changed since `since` (RFC 3339), for the live status pages: each with its
/// version, and the newest change time seen.
#[derive(Debug, Clone, SurrealValue)]
pub struct Changed {
    pub id: RecordId,
    pub version: i64,
    pub updated: String,
}

pub async fn changed_since(db: &Database, since: &str) -> Result<Vec<Changed>, DbError> {
    db.query(
        "SELECT id, version, <string> updated_at AS updated, updated_at FROM application
         WHERE updated_at > <datetime> $since ORDER BY updated_at LIMIT 1000",
    )
    .bind("since", since.to_owned())
    .rows()
    .await
}

/// The database's clock, as RFC 3339 (the live watcher starts from it).
pub async fn now(db: &Database) -> Result<String, DbError> {
    let mut results = execute(db.query("RETURN <string> time::now()")).await?;
    Ok(results.take::<Option<String>>(0)?.unwrap_or_default())
}
