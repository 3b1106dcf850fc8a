//! A partner organization's own profile: its address, phone, website and primary contact, the
//! legal name (changed only by the operator, on request) and the billing profile (the bank
//! details, sealed). Every change is one transaction with its entry in the organization's audit
//! log; every function takes the organization.

use crate::server::{
    db::{Database, DbError, Thrown, execute, store_error},
    store::{
        accounts::{AUDIT, Acting, audit},
        outbox::{self, ENQUEUE_ALL, Email, bind_emails},
    },
};
use surrealdb::types::{RecordId, SurrealValue};

/// The organization profile as stored.
#[derive(Debug, Clone, SurrealValue)]
pub struct OrganizationProfile {
    pub name: String,
    pub program_id: Option<i64>,
    pub model: Option<String>,
    pub country: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub version: i64,
}

/// The partner organization's profile (None for the operator or an unknown record).
pub async fn get(
    db: &Database,
    organization: &RecordId,
) -> Result<Option<OrganizationProfile>, DbError> {
    db.query(
        "SELECT name, program_id, model, country, address_line1, address_line2, city,
             region, postal_code, phone, website, contact_name, contact_email, contact_phone,
             profile_version ?? 1 AS version
         FROM ONLY $organization WHERE kind = 'partner'",
    )
    .bind("organization", organization.clone())
    .rows()
    .await
}

store_error!(
    /// What a change of the profile can run into.
    ProfileError {
        /// no such organization or request
        NotFound = "not_found" => "no such organization or request",
        /// someone changed the profile since the page was loaded
        Changed = "changed_meanwhile" => "changed by someone else",
        /// the organization has a legal name request waiting for the operator
        RequestPending = "request_pending" => "a request is pending",
        /// the request was decided already
        Decided = "decided_already" => "the request was decided",
    }
);

/// The profile fields a partner changes, checked and normalized.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileChange {
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub phone: String,
    pub website: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl ProfileChange {
    /// The names of the fields that differ from `profile`, for the audit log.
    pub fn changed_fields(&self, profile: &OrganizationProfile) -> Vec<&'static str> {
        let was = |value: &Option<String>| value.clone().unwrap_or_default();
        [
            ("address_line1", &self.address_line1, &profile.address_line1),
            ("address_line2", &self.address_line2, &profile.address_line2),
            ("city", &self.city, &profile.city),
            ("region", &self.region, &profile.region),
            ("postal_code", &self.postal_code, &profile.postal_code),
            ("phone", &self.phone, &profile.phone),
            ("website", &self.website, &profile.website),
            ("contact_name", &self.contact_name, &profile.contact_name),
            ("contact_email", &self.contact_email, &profile.contact_email),
            ("contact_phone", &self.contact_phone, &profile.contact_phone),
        ]
        .into_iter()
        .filter(|(_, now, before)| **now != was(before))
        .map(|(name, ..)| name)
        .collect()
    }
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// Saves the profile if nobody changed it since `expected_version`; `detail` names the fields
/// that change (the audit log's words).
pub async fn save(
    db: &Database,
    acting: Acting<'_>,
    change: &ProfileChange,
    expected_version: i64,
    detail: &str,
) -> Result<(), ProfileError> {
    ProfileError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $found = (SELECT VALUE profile_version ?? 1 FROM ONLY $organization
                     WHERE kind = 'partner');
                 IF $found = NONE {{ THROW 'not_found' }};
                 IF $found != $expected {{ THROW 'changed_meanwhile' }};
                 UPDATE $organization SET address_line1 = $line1, address_line2 = $line2,
                     city = $city, region = $region, postal_code = $postal_code, phone = $phone,
                     website = $website, contact_name = $contact_name,
                     contact_email = $contact_email, contact_phone = $contact_phone,
                     profile_version = $expected + 1;
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("expected", expected_version)
            .bind("line1", optional(&change.address_line1))
            .bind("line2", optional(&change.address_line2))
            .bind("city", optional(&change.city))
            .bind("region", optional(&change.region))
            .bind("postal_code", optional(&change.postal_code))
            .bind("phone", optional(&change.phone))
            .bind("website", optional(&change.website))
            .bind("contact_name", optional(&change.contact_name))
            .bind("contact_email", optional(&change.contact_email))
            .bind("contact_phone", optional(&change.contact_phone)),
            acting,
            "org_profile.change",
            "organization_profile",
            detail,
        )
    })
    .await
    .map(drop)
}

/// A request to change an organization's legal name.
#[derive(Debug, Clone, SurrealValue)]
pub struct NameRequest {
    pub id: RecordId,
    pub organization: RecordId,
    /// the organization's name now
    pub organization_name: String,
    pub program_id: Option<i64>,
    pub current_name: String,
    pub requested_name: String,
    pub reason: String,
    pub requested_by_name: String,
    pub requested_by_email: String,
    /// RFC 3339
    pub requested_at: String,
    pub status: String,
    pub decided_by_name: Option<String>,
    pub decision_note: Option<String>,
}

const NAME_REQUEST_FIELDS: &str = "id, organization, organization.name AS organization_name,
    organization.program_id AS program_id, current_name, requested_name, reason,
    requested_by_name, requested_by_email, <string> requested_at AS requested_at, status,
    decided_by_name, decision_note";

/// Asks the operator to change the organization's legal name to `requested_name`. Refused
/// while another request waits.
pub async fn request_legal_name(
    db: &Database,
    acting: Acting<'_>,
    email: &str,
    requested_name: &str,
    reason: &str,
) -> Result<(), ProfileError> {
    ProfileError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $current = (SELECT VALUE name FROM ONLY $organization
                     WHERE kind = 'partner');
                 IF $current = NONE {{ THROW 'not_found' }};
                 IF array::len(SELECT VALUE id FROM legal_name_request
                     WHERE organization = $organization AND status = 'pending') > 0 {{
                     THROW 'request_pending'
                 }};
                 UPDATE $organization SET name_requests += 1;
                 CREATE legal_name_request CONTENT {{
                     organization: $organization, current_name: $current,
                     requested_name: $requested, reason: $reason, requested_by: $actor,
                     requested_by_name: $actor_name, requested_by_email: $email,
                     requested_at: time::now(), status: 'pending'
                 }};
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("requested", requested_name.to_owned())
            .bind("reason", reason.to_owned())
            .bind("email", email.to_owned()),
            acting,
            "legal_name.request",
            "legal_name",
            requested_name,
        )
    })
    .await
    .map(drop)
}

/// The organization's latest legal name request, if any.
pub async fn latest_name_request(
    db: &Database,
    organization: &RecordId,
) -> Result<Option<NameRequest>, DbError> {
    db.query(format!(
        "SELECT {NAME_REQUEST_FIELDS}, requested_at AS ordered FROM legal_name_request
         WHERE organization = $organization ORDER BY ordered DESC LIMIT 1"
    ))
    .bind("organization", organization.clone())
    .first()
    .await
}

/// Legal name requests for the operator: the pending ones, oldest first, then up to 20 of the
/// latest decided ones.
pub async fn name_requests(db: &Database) -> Result<Vec<NameRequest>, DbError> {
    let mut results = execute(db.query(format!(
        "SELECT {NAME_REQUEST_FIELDS}, requested_at AS ordered FROM legal_name_request
             WHERE status = 'pending' ORDER BY ordered ASC;
         SELECT {NAME_REQUEST_FIELDS}, decided_at AS ordered FROM legal_name_request
             WHERE status != 'pending' ORDER BY ordered DESC LIMIT 20;"
    )))
    .await?;
    let mut requests: Vec<NameRequest> = results.take(0)?;
    requests.extend(results.take::<Vec<NameRequest>>(1)?);
    Ok(requests)
}

/// One legal name request.
pub async fn name_request(db: &Database, id: &RecordId) -> Result<Option<NameRequest>, DbError> {
    db.query(format!("SELECT {NAME_REQUEST_FIELDS} FROM $request"))
        .bind("request", id.clone())
        .first()
        .await
}

/// The operator's decision on a pending request: approval renames the organization. Recorded
/// in the organization's audit log, and the requester is e-mailed, in the same transaction.
pub async fn decide_name_request(
    db: &Database,
    request: &NameRequest,
    operator: Acting<'_>,
    approve: bool,
    note: &str,
    email: &Email,
) -> Result<(), ProfileError> {
    // the audit entry belongs to the partner organization, the actor to the operator
    let acting = Acting {
        organization: &request.organization,
        ..operator
    };
    ProfileError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $decided = (UPDATE $request SET status = $status, decided_by = $actor,
                     decided_by_name = $actor_name, decided_at = time::now(),
                     decision_note = $note
                     WHERE status = 'pending' RETURN AFTER);
                 IF array::len($decided) = 0 {{ THROW 'decided_already' }};
                 {rename}
                 {AUDIT}
                 {enqueue}
                 COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE,
                // written out rather than inside an IF: SurrealDB evaluates a statement nested
                // in IF far deeper on the stack
                rename = if approve {
                    "UPDATE $organization SET name = $requested;"
                } else {
                    ""
                },
            ))
            .bind("request", request.id.clone())
            .bind("requested", request.requested_name.clone())
            .bind("status", if approve { "approved" } else { "declined" })
            .bind("note", optional(note)),
            acting,
            if approve {
                "legal_name.approved"
            } else {
                "legal_name.declined"
            },
            "legal_name",
            &request.requested_name,
        );
        outbox::bind_email(query, email)
    })
    .await
    .map(drop)
}

/// The billing profile as its pages show it: never the bank details in clear.
#[derive(Debug, Clone, SurrealValue)]
pub struct BillingProfile {
    /// `•••• 1234`
    pub bank_masked: String,
    /// `iban` or `domestic`
    pub bank_kind: String,
    /// RFC 3339, when the details were last replaced (none: as approved)
    pub updated_at: Option<String>,
    pub updated_by_name: Option<String>,
}

/// The organization's billing profile.
pub async fn billing(
    db: &Database,
    organization: &RecordId,
) -> Result<Option<BillingProfile>, DbError> {
    db.query(
        "SELECT bank_masked, bank_kind,
             (IF updated_at != NONE { <string> updated_at }) AS updated_at, updated_by_name
         FROM billing_profile WHERE organization = $organization LIMIT 1",
    )
    .bind("organization", organization.clone())
    .first()
    .await
}

/// What sealed bank details of the organization's billing profile are bound to.
pub fn billing_seal_context(organization: &RecordId) -> String {
    format!(
        "billing_profile:{}",
        crate::server::db::record_key(organization)
    )
}

/// New bank details, sealed for [`billing_seal_context`].
pub struct NewBankDetails<'a> {
    pub sealed: &'a str,
    pub masked: &'a str,
    pub kind: &'a str,
}

/// Replaces the bank details; the organization's global and billing admins are told by e-mail
/// (`notices`), in the same transaction, so a change nobody expected is noticed.
pub async fn replace_bank_details(
    db: &Database,
    acting: Acting<'_>,
    details: &NewBankDetails<'_>,
    before_masked: &str,
    notices: &[Email],
) -> Result<(), ProfileError> {
    ProfileError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE billing_profile SET bank_sealed = $sealed,
                     sealed_for = $sealed_for, bank_masked = $masked, bank_kind = $kind,
                     updated_at = time::now(), updated_by_name = $actor_name
                     WHERE organization = $organization RETURN VALUE id);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 {ENQUEUE_ALL}
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("sealed", details.sealed.to_owned())
            .bind("sealed_for", billing_seal_context(acting.organization))
            .bind("masked", details.masked.to_owned())
            .bind("kind", details.kind.to_owned()),
            acting,
            "bank.replace",
            "billing_profile",
            &format!("{before_masked} → {}", details.masked),
        );
        bind_emails(query, notices)
    })
    .await
    .map(drop)
}
