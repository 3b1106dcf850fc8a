//! Relationships between indirect resellers and indirect providers: requests, answers, ends.
//! Each change is one transaction with the audit entries of both organizations and the e-mail
//! to the other side; one open relationship per pair is kept by a lock record whose id is the
//! pair.

use crate::server::{
    db::{Database, DbError, Thrown, UNIQUE, created, execute, record_key, store_error},
    store::{
        accounts::{AUDIT, Acting, audit},
        outbox::{ENQUEUE_ALL, Email, bind_emails},
    },
};
use surrealdb::types::{RecordId, SurrealValue};

store_error!(
    /// What a change of a relationship can run into.
    RelationshipError {
        /// the pair has a requested or active relationship already (the UNIQUE index says so too)
        AlreadyOpen = "already_open" | "already exists" | UNIQUE => "already open",
        /// the provider does not accept new resellers (or is not a published provider)
        NotAccepting = "not_accepting" => "not accepting resellers",
        /// no such relationship of this organization, or not in a state that allows this
        NotFound = "not_found" => "not found or not in this state",
    }
);

fn lock_of(reseller: &RecordId, provider: &RecordId) -> RecordId {
    RecordId::new(
        "relationship_lock",
        format!("{}_{}", record_key(reseller), record_key(provider)),
    )
}

/// The state of the open (requested or active) relationship between the pair, if any.
pub async fn open_between(
    db: &Database,
    reseller: &RecordId,
    provider: &RecordId,
) -> Result<Option<String>, DbError> {
    db.query("SELECT VALUE relationship.status FROM ONLY $lock")
        .bind("lock", lock_of(reseller, provider))
        .rows()
        .await
}

/// A second audit entry, in the other organization's log.
pub(crate) const AUDIT_OTHER: &str = "CREATE org_audit_event CONTENT {
    organization: $other, actor: $actor, actor_name: $actor_name, action: $action,
    target: $other_target, detail: $detail, address: $address, at: time::now()
};";

/// The reseller (acting) asks `provider` for a relationship. Refused while the pair has an open
/// one, and when the provider is not a published provider accepting resellers.
pub async fn request(
    db: &Database,
    acting: Acting<'_>,
    provider: &RecordId,
    reseller_name: &str,
    provider_name: &str,
    message: &str,
    mails: &[Email],
) -> Result<RecordId, RelationshipError> {
    let reseller = acting.organization;
    let mut results = RelationshipError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE accepting_resellers FROM ONLY $entry
                     WHERE model = 'indirect_provider') != true {{ THROW 'not_accepting' }};
                 IF (SELECT VALUE id FROM ONLY $lock) != NONE {{ THROW 'already_open' }};
                 LET $created = (CREATE ONLY reseller_relationship CONTENT {{
                     reseller: $organization, provider: $other, status: 'requested',
                     request_message: $message, requested_by_name: $actor_name,
                     requested_at: time::now()
                 }} RETURN VALUE id);
                 CREATE $lock CONTENT {{ relationship: $created }};
                 {AUDIT}
                 {AUDIT_OTHER}
                 {ENQUEUE_ALL}
                 RETURN $created;
                 COMMIT TRANSACTION;"
            ))
            .bind(
                "entry",
                RecordId::new("directory_entry", record_key(provider)),
            )
            .bind("lock", lock_of(reseller, provider))
            .bind("other", provider.clone())
            .bind("other_target", reseller_name.to_owned())
            .bind("message", message.to_owned()),
            acting,
            "relationship.request",
            provider_name,
            message,
        );
        bind_emails(query, mails)
    })
    .await?;
    Ok(created(&mut results, "the relationship")?)
}

/// One relationship as either side's pages show it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Relationship {
    pub id: RecordId,
    pub reseller: RecordId,
    pub provider: RecordId,
    pub reseller_name: String,
    pub provider_name: String,
    pub reseller_slug: Option<String>,
    pub provider_slug: Option<String>,
    pub status: String,
    pub request_message: String,
    pub requested_by_name: String,
    /// RFC 3339
    pub requested_at: String,
    pub answer_message: Option<String>,
    pub answered_by_name: Option<String>,
    pub ended_by: Option<String>,
    pub ended_by_name: Option<String>,
    pub end_reason: Option<String>,
    /// RFC 3339 of the last change
    pub changed_at: String,
}

const RELATIONSHIP_FIELDS: &str = "id, reseller, provider, reseller.name AS reseller_name,
    provider.name AS provider_name,
    (SELECT VALUE slug FROM directory_entry WHERE organization = $parent.reseller LIMIT 1)[0]
        AS reseller_slug,
    (SELECT VALUE slug FROM directory_entry WHERE organization = $parent.provider LIMIT 1)[0]
        AS provider_slug,
    status, request_message, requested_by_name, <string> requested_at AS requested_at,
    answer_message, answered_by_name, ended_by, ended_by_name, end_reason,
    <string> (ended_at ?? answered_at ?? requested_at) AS changed_at";

/// The organization's relationships on `side` (`reseller` or `provider`), newest first.
pub async fn list(
    db: &Database,
    organization: &RecordId,
    as_provider: bool,
) -> Result<Vec<Relationship>, DbError> {
    let side = if as_provider { "provider" } else { "reseller" };
    db.query(format!(
        "SELECT {RELATIONSHIP_FIELDS}, requested_at AS ordered FROM reseller_relationship
         WHERE {side} = $organization ORDER BY ordered DESC LIMIT 500"
    ))
    .bind("organization", organization.clone())
    .rows()
    .await
}

/// One relationship of the organization (on either side).
pub async fn get(
    db: &Database,
    organization: &RecordId,
    id: &RecordId,
) -> Result<Option<Relationship>, DbError> {
    db.query(format!(
        "SELECT {RELATIONSHIP_FIELDS} FROM $id
         WHERE reseller = $organization OR provider = $organization"
    ))
    .bind("organization", organization.clone())
    .bind("id", id.clone())
    .first()
    .await
}

/// The provider (acting) accepts or declines a requested relationship; a decline frees the
/// pair, so the reseller may ask again later.
pub async fn answer(
    db: &Database,
    acting: Acting<'_>,
    relationship: &Relationship,
    accept: bool,
    message: &str,
    mails: &[Email],
) -> Result<(), RelationshipError> {
    RelationshipError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $relationship SET status = $status,
                     answer_message = $message, answered_by_name = $actor_name,
                     answered_at = time::now()
                     WHERE provider = $organization AND status = 'requested' RETURN AFTER);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 {free}
                 UPDATE $entry SET resellers += $added;
                 {AUDIT}
                 {AUDIT_OTHER}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;",
                free = if accept { "" } else { "DELETE $lock;" }
            ))
            .bind("relationship", relationship.id.clone())
            .bind(
                "lock",
                lock_of(&relationship.reseller, &relationship.provider),
            )
            .bind("status", if accept { "active" } else { "declined" })
            .bind(
                "entry",
                RecordId::new("directory_entry", record_key(&relationship.provider)),
            )
            .bind("added", i64::from(accept))
            .bind("message", message.to_owned())
            .bind("other", relationship.reseller.clone())
            .bind("other_target", relationship.provider_name.clone()),
            acting,
            if accept {
                "relationship.accept"
            } else {
                "relationship.decline"
            },
            &relationship.reseller_name,
            message,
        );
        bind_emails(query, mails)
    })
    .await
    .map(drop)
}

/// Either side (acting) ends an active relationship, or the reseller withdraws its request;
/// the pair is free again.
pub async fn end(
    db: &Database,
    acting: Acting<'_>,
    relationship: &Relationship,
    reason: &str,
    mails: &[Email],
) -> Result<(), RelationshipError> {
    let by_provider = *acting.organization == relationship.provider;
    let (other, target, other_target) = if by_provider {
        (
            &relationship.reseller,
            &relationship.reseller_name,
            &relationship.provider_name,
        )
    } else {
        (
            &relationship.provider,
            &relationship.provider_name,
            &relationship.reseller_name,
        )
    };
    RelationshipError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $relationship SET status = 'ended', ended_by = $side,
                     ended_by_name = $actor_name, end_reason = $reason, ended_at = time::now()
                     WHERE ({side} = $organization) AND
                         (status = 'active' OR (status = 'requested' AND $side = 'reseller'))
                     RETURN BEFORE);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 IF $changed[0].status = 'active' {{
                     UPDATE $entry SET resellers = math::max([resellers - 1, 0]);
                 }};
                 DELETE $lock;
                 {AUDIT}
                 {AUDIT_OTHER}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;",
                side = if by_provider { "provider" } else { "reseller" }
            ))
            .bind("relationship", relationship.id.clone())
            .bind(
                "lock",
                lock_of(&relationship.reseller, &relationship.provider),
            )
            .bind("side", if by_provider { "provider" } else { "reseller" })
            .bind(
                "entry",
                RecordId::new("directory_entry", record_key(&relationship.provider)),
            )
            .bind("reason", reason.to_owned())
            .bind("other", other.clone())
            .bind("other_target", other_target.clone()),
            acting,
            "relationship.end",
            target,
            reason,
        );
        bind_emails(query, mails)
    })
    .await
    .map(drop)
}

/// A provider as matching reads it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Candidate {
    pub organization: RecordId,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub description: String,
    pub regions: Vec<String>,
    pub products: Vec<String>,
    pub languages: Vec<String>,
    pub customer_sizes: Vec<String>,
    pub resellers: i64,
    /// the asking reseller's open relationship with it, if any: `requested` or `active`
    pub open: Option<String>,
}

/// The published providers with organization `keys` that accept resellers, in that order;
/// with their number of active resellers and the state of `reseller`'s open relationship with
/// each.
pub async fn candidates(
    db: &Database,
    reseller: &RecordId,
    keys: &[String],
) -> Result<Vec<Candidate>, DbError> {
    #[derive(SurrealValue)]
    struct Open {
        provider: RecordId,
        status: String,
    }
    let ids: Vec<RecordId> = keys
        .iter()
        .map(|key| RecordId::new("directory_entry", key.as_str()))
        .collect();
    let mut results = execute(
        db.query(
            "SELECT organization, slug, name, country, string::slice(description, 0, 200)
                     AS description, regions, products, languages, customer_sizes,
                 resellers ?? 0 AS resellers, NONE AS open
             FROM $ids
             WHERE model = 'indirect_provider' AND accepting_resellers = true
                 AND organization != $reseller;
             SELECT provider, status FROM reseller_relationship
             WHERE reseller = $reseller AND status IN ['requested', 'active'];",
        )
        .bind("reseller", reseller.clone())
        .bind("ids", ids),
    )
    .await?;
    let mut found: Vec<Candidate> = results.take(0)?;
    let open: Vec<Open> = results.take(1)?;
    let mut candidates = Vec::with_capacity(found.len());
    for key in keys {
        if let Some(at) = found
            .iter()
            .position(|c| record_key(&c.organization) == *key)
        {
            let mut candidate = found.swap_remove(at);
            candidate.open = open
                .iter()
                .find(|o| o.provider == candidate.organization)
                .map(|o| o.status.clone());
            candidates.push(candidate);
        }
    }
    Ok(candidates)
}
