//! Members of the partner program and their program IDs ("MPN IDs").

use crate::{
    domain::program_id::ProgramId,
    server::{
        db::{Database, DbError, execute, returned, statement_error},
        store::outbox::{self, Email},
    },
};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use surrealdb::types::{RecordId, RecordIdKey, SurrealValue};

/// A program ID as the portal knows it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Member {
    pub id: RecordId,
    pub legal_name: String,
    pub country: String,
    pub contact_email: String,
    pub status: String,
    pub created: String,
}

impl Member {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    /// The program ID (the record's key).
    pub fn program_id(&self) -> Option<ProgramId> {
        match &self.id.key {
            RecordIdKey::Number(n) => u32::try_from(*n).ok().and_then(ProgramId::from_u32),
            _ => None,
        }
    }
}

/// What joining the program needs.
pub struct NewMember<'a> {
    pub legal_name: &'a str,
    pub country: &'a str,
    pub contact_email: &'a str,
}

fn record(id: ProgramId) -> RecordId {
    RecordId::new("program_member", i64::from(id.get()))
}

/// A random program ID: every draw is equally likely, and one draw says nothing about the next.
fn random_program_id() -> ProgramId {
    loop {
        if let Some(id) = ProgramId::from_random(OsRng.next_u32()) {
            return id;
        }
    }
}

/// Joins the program: issues a new random program ID and queues `email(id)` in the same
/// transaction. A drawn ID that exists already is drawn again.
pub async fn join(
    db: &Database,
    member: NewMember<'_>,
    email: impl Fn(ProgramId) -> Email,
) -> Result<ProgramId, DbError> {
    // With 9 million IDs a clash is rare until the program is huge; a few draws always suffice
    // in practice, and the loop is bounded so a full space cannot spin forever.
    for _ in 0..32 {
        let id = random_program_id();
        let query = db
            .query(format!(
                "BEGIN TRANSACTION;
                 CREATE $member CONTENT {{
                     legal_name: $legal_name, country: $country, contact_email: $contact_email,
                     status: 'active', created_at: time::now(), updated_at: time::now()
                 }};
                 {enqueue}
                 COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("member", record(id))
            .bind("legal_name", member.legal_name.to_owned())
            .bind("country", member.country.to_owned())
            .bind("contact_email", member.contact_email.to_owned());
        let mut results = outbox::bind_email(query, &email(id)).await?;
        match statement_error(&mut results) {
            None => return Ok(id),
            Some(error) if error.message().contains("already exists") => continue,
            Some(error) => return Err(DbError::Query(error)),
        }
    }
    Err(DbError::Open(
        "no free program ID found after 32 draws".into(),
    ))
}

const FIELDS: &str = "id, legal_name, country, contact_email, status,
    time::format(created_at, '%Y-%m-%d') AS created";

/// The member with program ID `id`, if any.
pub async fn find(db: &Database, id: ProgramId) -> Result<Option<Member>, DbError> {
    db.query(format!("SELECT {FIELDS} FROM ONLY $member"))
        .bind("member", record(id))
        .rows()
        .await
}

/// Activates or suspends a program ID. Returns false when there is no such ID. Its open
/// applications move to a new version: their status pages show the program ID check.
pub async fn set_status(db: &Database, id: ProgramId, active: bool) -> Result<bool, DbError> {
    let mut results = execute(
        db.query(
            "BEGIN TRANSACTION;
             LET $changed = (UPDATE $member SET status = $status, updated_at = time::now()
                 RETURN VALUE id);
             UPDATE application SET version += 1, updated_at = time::now()
                 WHERE program_id = $number AND array::len($changed) > 0
                     AND status IN ['draft', 'submitted', 'in_review', 'more_information_needed'];
             RETURN $changed;
             COMMIT TRANSACTION;",
        )
        .bind("member", record(id))
        .bind("number", i64::from(id.get()))
        .bind("status", if active { "active" } else { "suspended" }),
    )
    .await?;
    Ok(!returned::<Vec<RecordId>>(&mut results)?.is_empty())
}

/// The newest `limit` members, newest first; with `id`, only that one.
pub async fn newest(
    db: &Database,
    id: Option<ProgramId>,
    limit: usize,
) -> Result<Vec<Member>, DbError> {
    if let Some(id) = id {
        return Ok(find(db, id).await?.into_iter().collect());
    }
    db.query(format!(
        "SELECT {FIELDS}, created_at FROM program_member ORDER BY created_at DESC LIMIT $limit"
    ))
    .bind("limit", limit as i64)
    .rows()
    .await
}
