//! The reviewers' side of an application: claiming it, the decisions (each with its e-mail and
//! audit event in the same transaction), and the provisioning an approval does.
//!
//! Only the reviewer who holds an application decides on it, and only while it is in review:
//! every decision is one conditional update, so two reviewers deciding at once cannot both win.

use crate::domain::review::QueueItem;
use crate::server::{
    db::{Database, DbError, Query, execute, is_retryable_conflict, is_unique_violation, returned},
    store::outbox::{self, Email},
};
use std::time::Duration;
use surrealdb::{
    IndexedResults,
    types::{RecordId, SurrealValue},
};

/// Who acts.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub user: &'a RecordId,
    pub name: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no such application")]
    NotFound,
    /// Another reviewer has it.
    #[error("claimed by {by}")]
    ClaimedBy { by: String },
    /// It is not in a state for this (e.g. a draft, or decided).
    #[error("the application is {status}")]
    WrongStatus {
        status: String,
        decided_by: Option<String>,
    },
    /// Approval would create a user whose e-mail exists already.
    #[error("the work e-mail belongs to an existing user")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The statement that records an audit event (bound: `$application`, `$actor`,
/// `$actor_name`, `$action`, `$detail`).
const AUDIT: &str = "CREATE audit_event CONTENT {
    application: $application, actor: $actor, actor_name: $actor_name, action: $action,
    detail: $detail, at: time::now()
};";

fn audit<'a>(query: Query<'a>, actor: Actor<'_>, action: &str, detail: &str) -> Query<'a> {
    query
        .bind("actor", actor.user.clone())
        .bind("actor_name", actor.name.to_owned())
        .bind("action", action.to_owned())
        .bind("detail", detail.to_owned())
}

#[derive(Debug, Clone, SurrealValue)]
struct State {
    status: String,
    claimed_by: Option<String>,
    claimed_by_user: Option<RecordId>,
    decided_by: Option<String>,
}

async fn state(db: &Database, application: &RecordId) -> Result<State, ReviewError> {
    let mut results = execute(
        db.query(
            "SELECT status, claimed_by.display_name AS claimed_by, claimed_by AS claimed_by_user,
                 decided_by.display_name AS decided_by
             FROM ONLY $application",
        )
        .bind("application", application.clone()),
    )
    .await?;
    results
        .take::<Option<State>>(0)
        .map_err(DbError::Query)?
        .ok_or(ReviewError::NotFound)
}

/// Why a change guarded by status (and holder) did not happen.
async fn refused(db: &Database, application: &RecordId, actor: Actor<'_>) -> ReviewError {
    match state(db, application).await {
        Err(error) => error,
        Ok(state) => match (&state.claimed_by_user, &state.claimed_by) {
            (Some(holder), Some(name))
                if holder != actor.user
                    && matches!(state.status.as_str(), "submitted" | "in_review") =>
            {
                ReviewError::ClaimedBy { by: name.clone() }
            }
            _ => ReviewError::WrongStatus {
                status: state.status,
                decided_by: state.decided_by,
            },
        },
    }
}

/// Runs a guarded change in a transaction that throws `guard_failed` when the guard does not
/// hold, and returns its results. A write conflict with a concurrent change is retried, and
/// then usually finds the guard no longer holds.
async fn guarded<'d>(
    db: &'d Database,
    application: &RecordId,
    actor: Actor<'_>,
    build: impl Fn() -> Query<'d>,
) -> Result<IndexedResults, ReviewError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        match build().await {
            Err(error) => return Err(DbError::Query(error).into()),
            Ok(mut results) => match crate::server::db::statement_error(&mut results) {
                Some(error) if error.message().contains("guard_failed") => {
                    return Err(refused(db, application, actor).await);
                }
                Some(error) if is_retryable_conflict(&error) && attempts < 5 => continue,
                Some(error) if is_unique_violation(&error) => return Err(ReviewError::EmailTaken),
                Some(error) => return Err(DbError::Query(error).into()),
                None => return Ok(results),
            },
        }
    }
}

/// Takes a submitted application into review. Its holder can claim it again (after the
/// applicant resubmitted); nobody else can while it is held.
pub async fn claim(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
) -> Result<(), ReviewError> {
    guarded(db, application, actor, || {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                     LET $claimed = (UPDATE $application SET status = 'in_review',
                         claimed_by = $actor, claimed_at = time::now(), version += 1,
                         updated_at = time::now()
                         WHERE status = 'submitted' AND (claimed_by = NONE OR claimed_by = $actor)
                         RETURN VALUE id);
                     IF array::len($claimed) = 0 {{ THROW 'guard_failed' }};
                     {AUDIT}
                     RETURN $claimed;
                     COMMIT TRANSACTION;"
            ))
            .bind("application", application.clone()),
            actor,
            "claim",
            "",
        )
    })
    .await
    .map(drop)
}

/// Gives an undecided application to another reviewer (program admins).
pub async fn reassign(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
    to: &RecordId,
    to_name: &str,
) -> Result<(), ReviewError> {
    guarded(db, application, actor, || {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                     LET $moved = (UPDATE $application SET claimed_by = $to,
                         claimed_at = time::now(), version += 1, updated_at = time::now()
                         WHERE status IN ['submitted', 'in_review']
                         RETURN VALUE id);
                     IF array::len($moved) = 0 {{ THROW 'guard_failed' }};
                     {AUDIT}
                     RETURN $moved;
                     COMMIT TRANSACTION;"
            ))
            .bind("application", application.clone())
            .bind("to", to.clone()),
            actor,
            "reassign",
            to_name,
        )
    })
    .await
    .map(drop)
}

/// Asks the applicant to fix `sections`; e-mails them `email`.
pub async fn request_information(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
    sections: &[&str],
    message: &str,
    email: &Email,
) -> Result<(), ReviewError> {
    let sections: Vec<String> = sections.iter().map(|s| (*s).to_owned()).collect();
    guarded(db, application, actor, || {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                     LET $asked = (UPDATE $application SET status = 'more_information_needed',
                         sections_to_fix = $sections, decision_message = $message,
                         version += 1, updated_at = time::now()
                         WHERE status = 'in_review' AND claimed_by = $actor
                         RETURN VALUE id);
                     IF array::len($asked) = 0 {{ THROW 'guard_failed' }};
                     {AUDIT}
                     {enqueue}
                     RETURN $asked;
                     COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("application", application.clone())
            .bind("sections", sections.clone())
            .bind("message", message.to_owned()),
            actor,
            "request_information",
            &format!("{}: {message}", sections.join(", ")),
        );
        outbox::bind_email(query, email)
    })
    .await
    .map(drop)
}

/// Rejects the application with a reason code and message; e-mails the applicant; frees the
/// program ID for a new application.
pub async fn reject(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
    reason: &str,
    message: &str,
    email: &Email,
) -> Result<(), ReviewError> {
    guarded(db, application, actor, || {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                     LET $rejected = (UPDATE $application SET status = 'rejected',
                         decided_by = $actor, decided_at = time::now(), decision_reason = $reason,
                         decision_message = $message, version += 1, updated_at = time::now()
                         WHERE status = 'in_review' AND claimed_by = $actor
                         RETURN VALUE id);
                     IF array::len($rejected) = 0 {{ THROW 'guard_failed' }};
                     DELETE open_application WHERE application = $application;
                     {AUDIT}
                     {enqueue}
                     RETURN $rejected;
                     COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("application", application.clone())
            .bind("reason", reason.to_owned())
            .bind("message", message.to_owned()),
            actor,
            "reject",
            &format!("{reason}: {message}"),
        );
        outbox::bind_email(query, email)
    })
    .await
    .map(drop)
}

/// What approval creates besides the decision.
pub struct Provisioning<'a> {
    /// the partner's CSP tenant domain (unique)
    pub tenant_domain: &'a str,
    /// the global admin's temporary password, hashed
    pub password_hash: &'a str,
    pub temporary_password_lifetime: Duration,
    /// the one e-mail: approved, with the global admin's temporary password
    pub email: &'a Email,
}

/// Approves the application and, in the same transaction, creates the partner organization
/// (key `p<program ID>`: a program ID enrolls once), its CSP tenant, its billing profile (the
/// sealed bank details, still bound to the application) and the global admin for the verified
/// work e-mail, and queues the one e-mail. All of it or nothing.
pub async fn approve(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
    message: &str,
    provisioning: &Provisioning<'_>,
    seal_context: &str,
) -> Result<RecordId, ReviewError> {
    // The program ID cannot change while the application is in review.
    let program_id = crate::server::store::enrollment::get(db, application)
        .await?
        .ok_or(ReviewError::NotFound)?
        .program_id;
    let organization = RecordId::new("organization", format!("p{program_id}"));
    guarded(db, application, actor, || {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                     LET $approved = (UPDATE $application SET status = 'approved',
                         decided_by = $actor, decided_at = time::now(), decision_reason = NONE,
                         decision_message = $message, version += 1, updated_at = time::now()
                         WHERE status = 'in_review' AND claimed_by = $actor
                         RETURN AFTER);
                     IF array::len($approved) = 0 {{ THROW 'guard_failed' }};
                     LET $app = $approved[0];
                     CREATE $organization CONTENT {{
                         name: $app.legal_name, kind: 'partner', program_id: $app.program_id,
                         model: $app.model, country: $app.country,
                         address_line1: $app.address_line1, address_line2: $app.address_line2,
                         city: $app.city, region: $app.region, postal_code: $app.postal_code,
                         phone: $app.phone, website: $app.website, application: $application,
                         contact_name: $app.signer_name, contact_email: $app.work_email,
                         contact_phone: $app.phone, created_at: time::now()
                     }};
                     CREATE tenant CONTENT {{
                         organization: $organization, domain: $tenant_domain, kind: 'csp',
                         created_at: time::now()
                     }};
                     CREATE billing_profile CONTENT {{
                         organization: $organization, bank_sealed: $app.bank_sealed,
                         sealed_for: $seal_context, bank_masked: $app.bank_masked,
                         bank_kind: $app.bank_kind, created_at: time::now()
                     }};
                     CREATE user CONTENT {{
                         organization: $organization, email: $app.work_email,
                         display_name: $app.signer_name ?? $app.work_email, status: 'active',
                         roles: ['global_admin'], password_hash: $password_hash,
                         must_change_password: true,
                         temporary_password_expires_at: time::now() + duration::from_secs($ttl),
                         created_at: time::now(), updated_at: time::now()
                     }};
                     DELETE open_application WHERE application = $application;
                     {AUDIT}
                     {enqueue}
                     RETURN [$organization];
                     COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("application", application.clone())
            .bind("message", message.to_owned())
            .bind("tenant_domain", provisioning.tenant_domain.to_owned())
            .bind("password_hash", provisioning.password_hash.to_owned())
            .bind(
                "ttl",
                provisioning.temporary_password_lifetime.as_secs() as i64,
            )
            .bind("seal_context", seal_context.to_owned())
            .bind("organization", organization.clone()),
            actor,
            "approve",
            message,
        );
        outbox::bind_email(query, provisioning.email)
    })
    .await?;
    Ok(organization)
}

/// The sealed bank details of an application, for the reviewer who holds it, with the reveal
/// recorded in its history in the same transaction. With `grant` (a token's hash), also
/// records a one-time grant to show the number on the reviewer's next page (without
/// JavaScript), valid for `grant_lifetime`.
pub async fn reveal_bank(
    db: &Database,
    application: &RecordId,
    actor: Actor<'_>,
    grant: Option<&str>,
    grant_lifetime: Duration,
) -> Result<String, ReviewError> {
    let mut results = guarded(db, application, actor, || {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $sealed = (SELECT VALUE bank_sealed FROM $application
                     WHERE claimed_by = $actor AND status != 'draft' AND bank_sealed != NONE);
                 IF array::len($sealed) = 0 {{ THROW 'guard_failed' }};
                 IF $grant != NONE {{
                     CREATE bank_reveal CONTENT {{
                         token_hash: $grant, user: $actor, application: $application,
                         expires_at: time::now() + duration::from_secs($grant_ttl)
                     }};
                 }};
                 {AUDIT}
                 RETURN $sealed[0];
                 COMMIT TRANSACTION;"
            ))
            .bind("application", application.clone())
            .bind("grant", grant.map(str::to_owned))
            .bind("grant_ttl", grant_lifetime.as_secs() as i64),
            actor,
            "reveal_bank",
            "",
        )
    })
    .await?;
    returned::<Option<String>>(&mut results)?.ok_or(ReviewError::NotFound)
}

/// Uses up a grant made by [`reveal_bank`]: true when `user` may see the number of
/// `application` now. Expired grants are removed on the way.
pub async fn take_reveal_grant(
    db: &Database,
    token_hash: &str,
    user: &RecordId,
    application: &RecordId,
) -> Result<bool, DbError> {
    let mut results = execute(
        db.query(
            "DELETE bank_reveal WHERE token_hash = $token_hash AND user = $user
                 AND application = $application AND expires_at > time::now() RETURN BEFORE;
             DELETE bank_reveal WHERE expires_at <= time::now();",
        )
        .bind("token_hash", token_hash.to_owned())
        .bind("user", user.clone())
        .bind("application", application.clone()),
    )
    .await?;
    Ok(!results.take::<Vec<surrealdb::types::Value>>(0)?.is_empty())
}

/// Who holds an application (its reviewer), if anyone.
pub async fn holder(
    db: &Database,
    application: &RecordId,
) -> Result<Option<(RecordId, String)>, DbError> {
    #[derive(SurrealValue)]
    struct Holder {
        user: Option<RecordId>,
        name: Option<String>,
    }
    let mut results = execute(
        db.query(
            "SELECT claimed_by AS user, claimed_by.display_name AS name FROM ONLY $application",
        )
        .bind("application", application.clone()),
    )
    .await?;
    Ok(results
        .take::<Option<Holder>>(0)?
        .and_then(|h| Some((h.user?, h.name?))))
}

/// One entry of an application's history.
#[derive(Debug, Clone, SurrealValue)]
pub struct AuditEntry {
    pub actor_name: String,
    pub action: String,
    pub detail: String,
    pub at: String,
}

/// The history of an application, oldest first.
pub async fn history(db: &Database, application: &RecordId) -> Result<Vec<AuditEntry>, DbError> {
    db.query(
        "SELECT actor_name, action, detail, <string> at AS at, at AS ordered FROM audit_event
         WHERE application = $application ORDER BY ordered",
    )
    .bind("application", application.clone())
    .rows()
    .await
}

/// Which applications the queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// one status, or every status a reviewer works on (submitted, in review, more information
    /// needed)
    pub status: Option<String>,
    pub model: Option<String>,
    pub country: Option<String>,
    /// only applications submitted at least this many days ago
    pub older_than_days: Option<u32>,
}

/// An application as the queue lists it.
#[derive(Debug, Clone, SurrealValue)]
pub struct QueueRow {
    pub item: QueueItem,
    /// the submission time in nanoseconds since 1970: the queue's order
    pub at_nanos: i64,
}

impl QueueRow {
    /// The place of this row in the queue, for the page after or before it.
    pub fn cursor(&self) -> QueueCursor {
        QueueCursor {
            at_nanos: self.at_nanos,
            key: self.item.id.clone(),
        }
    }

    fn order(&self) -> (i64, String) {
        (self.at_nanos, self.item.id.clone())
    }
}

/// A place in the queue: an application's submission time and key (ties are broken by key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub at_nanos: i64,
    pub key: String,
}

impl QueueCursor {
    /// As it travels in a page address: `<nanoseconds>~<key>`.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.at_nanos, self.key)
    }

    /// Reads [`QueueCursor::encode`]; None for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        let (at, key) = text.split_once('~')?;
        let at_nanos = at.parse().ok()?;
        let key_ok = !key.is_empty()
            && key.len() <= 64
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        key_ok.then(|| Self {
            at_nanos,
            key: key.to_owned(),
        })
    }
}

/// Which page of the queue.
#[derive(Debug, Clone, Default)]
pub enum QueueFrom {
    /// the oldest applications
    #[default]
    Start,
    /// the applications just after this one
    After(QueueCursor),
    /// the applications just before this one
    Before(QueueCursor),
}

/// One page of the queue, oldest first.
#[derive(Debug, Clone)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// whether there are more in the direction the page was asked for (after it, or before it)
    pub more: bool,
}

/// Applications that may share a submission time at a page boundary and still be paged
/// exactly (a nanosecond clock makes even one such tie unlikely).
const TIES: usize = 10;

/// One page of the queue, oldest submission first. Each status is read from its own index
/// range (status, and the model and country when filtered, then the submission time), starting
/// at the cursor, so a deep page costs what the first one does; the statuses are merged here.
pub async fn queue(
    db: &Database,
    filter: &QueueFilter,
    from: &QueueFrom,
    page_size: usize,
) -> Result<QueuePage, DbError> {
    let statuses: Vec<String> = match &filter.status {
        Some(status) => vec![status.clone()],
        None => ["submitted", "in_review", "more_information_needed"]
            .map(str::to_owned)
            .to_vec(),
    };
    // Only the conditions in use go into the query (`$model = NONE OR …` would keep the
    // database from using an index), and bounds are parameters computed first (LET), which the
    // database turns into index ranges.
    let mut sql = String::new();
    let mut conditions = String::new();
    if filter.model.is_some() {
        conditions.push_str(" AND model = $model");
    }
    if filter.country.is_some() {
        conditions.push_str(" AND country = $country");
    }
    if filter.older_than_days.is_some() {
        sql.push_str("LET $oldest = time::now() - duration::from_days($older_than);");
        conditions.push_str(" AND submitted_at <= $oldest");
    }
    let (cursor, order) = match from {
        QueueFrom::Start => (None, "ASC"),
        QueueFrom::After(cursor) => {
            conditions.push_str(" AND submitted_at >= $cursor");
            (Some(cursor), "ASC")
        }
        QueueFrom::Before(cursor) => {
            conditions.push_str(" AND submitted_at <= $cursor");
            (Some(cursor), "DESC")
        }
    };
    if cursor.is_some() {
        sql.push_str("LET $cursor = time::from_nanos($cursor_nanos);");
    }
    let first_select = sql.matches("LET ").count();
    for index in 0..statuses.len() {
        sql.push_str(&format!(
            "SELECT {{
                     id: record::id(id), program_id: <string> program_id,
                     legal_name: legal_name ?? '', country: country ?? '', model: model ?? '',
                     status: status, claimed_by: claimed_by.display_name,
                     submitted: (IF submitted_at != NONE {{ time::format(submitted_at, '%Y-%m-%d') }}) ?? ''
                 }} AS item,
                 time::nano(submitted_at) AS at_nanos, submitted_at
             FROM application
             WHERE status = $status_{index}{conditions}
             ORDER BY submitted_at {order}
             LIMIT $fetch;"
        ));
    }
    let mut query = db
        .query(sql)
        .bind("model", filter.model.clone())
        .bind("country", filter.country.clone())
        .bind("older_than", filter.older_than_days.map(i64::from))
        .bind("cursor_nanos", cursor.map(|c| c.at_nanos))
        .bind("fetch", (page_size + 1 + TIES) as i64);
    for (index, status) in statuses.iter().enumerate() {
        query = query.bind(&format!("status_{index}"), status.clone());
    }
    let mut results = execute(query).await?;
    let mut rows: Vec<QueueRow> = Vec::new();
    for index in 0..statuses.len() {
        rows.extend(results.take::<Vec<QueueRow>>(first_select + index)?);
    }
    rows.sort_by_key(QueueRow::order);
    let mut rows: Vec<QueueRow> = match from {
        QueueFrom::Start => rows,
        QueueFrom::After(c) => rows
            .into_iter()
            .filter(|r| r.order() > (c.at_nanos, c.key.clone()))
            .collect(),
        QueueFrom::Before(c) => rows
            .into_iter()
            .rev()
            .filter(|r| r.order() < (c.at_nanos, c.key.clone()))
            .collect(),
    };
    let more = rows.len() > page_size;
    rows.truncate(page_size);
    if matches!(from, QueueFrom::Before(_)) {
        rows.reverse();
    }
    Ok(QueuePage { rows, more })
}

/// How many submitted applications are in each status (drafts are the applicants' own and
/// not counted).
pub async fn counts(db: &Database) -> Result<Vec<(String, i64)>, DbError> {
    #[derive(SurrealValue)]
    struct Count {
        n: i64,
    }
    // one count per status, each read from the (status, submitted_at) index
    let statuses: Vec<&str> = crate::domain::application::Status::ALL
        .into_iter()
        .filter(|s| *s != crate::domain::application::Status::Draft)
        .map(|s| s.code())
        .collect();
    let sql: String = statuses
        .iter()
        .map(|status| {
            format!("SELECT count() AS n FROM application WHERE status = '{status}' GROUP ALL;")
        })
        .collect();
    let mut results = execute(db.query(sql)).await?;
    let mut counts = Vec::new();
    for (index, status) in statuses.iter().enumerate() {
        let n = results.take::<Option<Count>>(index)?.map_or(0, |c| c.n);
        if n > 0 {
            counts.push(((*status).to_owned(), n));
        }
    }
    Ok(counts)
}
