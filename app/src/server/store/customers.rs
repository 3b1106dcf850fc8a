//! Tenants, and partners' relationships with customers: requests with an e-mailed link, resends,
//! revocations, the customer's answer, and ends. Each change is one transaction with its audit
//! entries and e-mail; one open (pending or active) relationship of a partner with a tenant
//! domain is kept by a lock record whose id is the pair. The rules of who may serve which
//! tenant are the domain's (`domain::tenant`); the transactions check again what they depend on.

use crate::server::{
    auth::password::PasswordHash,
    db::{Database, DbError, Thrown, UNIQUE, created, execute, record_key, store_error},
    store::{
        accounts::{AUDIT, Acting, audit},
        outbox::{ENQUEUE_ALL, Email, bind_emails},
        relationships::AUDIT_OTHER,
    },
};
use surrealdb::types::{RecordId, SurrealValue};

store_error!(
    /// What a change can run into.
    CustomerError {
        /// the partner has an active relationship with this tenant
        AlreadyActive = "already_active" => "already active",
        /// the link's time is up
        Expired = "expired" => "expired",
        /// the tenant's owner changed while the answer was given
        TenantChanged = "tenant_changed" => "tenant changed",
        /// no such relationship of this organization, or not in a state that allows this
        NotFound = "not_found" => "not found or not in this state",
        /// another user has the e-mail address (its UNIQUE index)
        EmailTaken = "`user_email`" => "e-mail taken",
        /// another organization has this tenant domain (its UNIQUE index)
        DomainTaken = "`tenant_domain`" => "domain taken",
        /// the partner's request to this tenant is waiting for an answer (another UNIQUE index)
        AlreadyPending = "already_pending" | UNIQUE => "already pending",
    }
);

/// The lock of the partner's open relationship with `domain`.
fn lock_of(partner: &RecordId, domain: &str) -> RecordId {
    RecordId::new(
        "customer_lock",
        format!("{}_{}", record_key(partner), domain),
    )
}

// ---------------------------------------------------------------------------------------------
// Tenants

/// A tenant as its organization's page lists it.
#[derive(Debug, Clone, SurrealValue)]
pub struct TenantRow {
    pub domain: String,
    pub kind: String,
    /// RFC 3339
    pub created_at: String,
    pub registered_by_name: Option<String>,
}

/// The organization's tenants: its CSP tenant first, then by domain.
pub async fn tenants_of(db: &Database, organization: &RecordId) -> Result<Vec<TenantRow>, DbError> {
    db.query(
        "SELECT domain, kind, <string> created_at AS created_at, registered_by_name,
             kind != 'csp' AS later
         FROM tenant WHERE organization = $organization ORDER BY later, domain",
    )
    .bind("organization", organization.clone())
    .rows()
    .await
}

/// A tenant the portal knows, by domain.
#[derive(Debug, Clone, SurrealValue)]
pub struct FoundTenant {
    pub id: RecordId,
    pub organization: RecordId,
    pub kind: String,
}

pub async fn find_tenant(db: &Database, domain: &str) -> Result<Option<FoundTenant>, DbError> {
    db.query("SELECT id, organization, kind FROM tenant WHERE domain = $domain LIMIT 1")
        .bind("domain", domain.to_owned())
        .first()
        .await
}

/// The partner (acting) registers a corporate tenant, for its own purchases.
pub async fn add_corporate_tenant(
    db: &Database,
    acting: Acting<'_>,
    domain: &str,
) -> Result<(), CustomerError> {
    CustomerError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 CREATE tenant CONTENT {{
                     organization: $organization, domain: $domain, kind: 'corporate',
                     created_at: time::now(), registered_by_name: $actor_name
                 }};
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("domain", domain.to_owned()),
            acting,
            "tenant.add",
            domain,
            "",
        )
    })
    .await?;
    Ok(())
}

/// The indirect reseller's provider (with an active relationship), if any.
pub async fn active_provider(
    db: &Database,
    reseller: &RecordId,
) -> Result<Option<RecordId>, DbError> {
    db.query(
        "SELECT VALUE provider FROM reseller_relationship
         WHERE reseller = $reseller AND status = 'active' LIMIT 1",
    )
    .bind("reseller", reseller.clone())
    .first()
    .await
}

// ---------------------------------------------------------------------------------------------
// Relationships

/// A request as the partner makes it.
pub struct NewRequest<'a> {
    pub billing_party: &'a RecordId,
    pub customer_name: &'a str,
    /// normalized
    pub domain: &'a str,
    /// lower case
    pub admin_email: &'a str,
    pub token_hash: &'a str,
    pub lifetime: std::time::Duration,
}

/// The partner (acting) asks a customer for a relationship. Refused while the partner has a
/// pending (not yet expired) or active one with the domain; a lapsed request gives way.
pub async fn request(
    db: &Database,
    acting: Acting<'_>,
    new: &NewRequest<'_>,
    mails: &[Email],
) -> Result<RecordId, CustomerError> {
    let mut results = CustomerError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $open = (SELECT status, expires_at FROM ONLY
                     (SELECT VALUE relationship FROM ONLY $lock));
                 IF $open.status = 'active' {{ THROW 'already_active' }};
                 IF $open.status = 'pending' AND $open.expires_at > time::now() {{
                     THROW 'already_pending'
                 }};
                 DELETE $lock;
                 LET $created = (CREATE ONLY customer_relationship CONTENT {{
                     partner: $organization, billing_party: $billing_party,
                     customer_name: $customer_name, domain: $domain, admin_email: $admin_email,
                     status: 'pending', token_hash: $token_hash,
                     expires_at: time::now() + duration::from_secs($lifetime),
                     sent_count: 1, sent_at: time::now(),
                     requested_by: $actor, requested_by_name: $actor_name,
                     requested_at: time::now()
                 }} RETURN VALUE id);
                 CREATE $lock CONTENT {{ relationship: $created }};
                 {AUDIT}
                 {ENQUEUE_ALL}
                 RETURN $created;
                 COMMIT TRANSACTION;"
            ))
            .bind("lock", lock_of(acting.organization, new.domain))
            .bind("billing_party", new.billing_party.clone())
            .bind("customer_name", new.customer_name.to_owned())
            .bind("domain", new.domain.to_owned())
            .bind("admin_email", new.admin_email.to_owned())
            .bind("token_hash", new.token_hash.to_owned())
            .bind("lifetime", new.lifetime.as_secs() as i64),
            acting,
            "customer.request",
            new.customer_name,
            &format!("{} ({})", new.domain, new.admin_email),
        );
        bind_emails(query, mails)
    })
    .await?;
    Ok(created(&mut results, "the relationship")?)
}

/// One relationship as the partner's, the billing party's and the customer's pages show it.
#[derive(Debug, Clone, SurrealValue)]
pub struct CustomerRow {
    pub id: RecordId,
    pub partner: RecordId,
    pub partner_name: String,
    pub billing_party: RecordId,
    pub billing_party_name: String,
    /// the customer organization's name once accepted, else as the partner entered it
    pub customer_name: String,
    pub domain: String,
    pub admin_email: String,
    pub status: String,
    /// pending past its expiry
    pub lapsed: bool,
    pub requested_by: RecordId,
    pub requested_by_name: String,
    /// RFC 3339
    pub requested_at: String,
    pub sent_count: i64,
    pub sent_at: String,
    pub expires_at: String,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<String>,
    pub accepted_at: Option<String>,
    pub billing_contact_name: Option<String>,
    pub billing_contact_email: Option<String>,
    pub customer: Option<RecordId>,
    pub revoked_by_name: Option<String>,
    pub ended_by: Option<String>,
    pub ended_by_name: Option<String>,
    pub ended_at: Option<String>,
}

impl CustomerRow {
    /// `pending`, `expired`, `active`, `declined`, `revoked` or `ended`.
    pub fn state(&self) -> &str {
        if self.status == "pending" && self.lapsed {
            "expired"
        } else {
            &self.status
        }
    }
}

const ROW_FIELDS: &str = "id, partner, partner.name AS partner_name, billing_party,
    billing_party.name AS billing_party_name, customer.name ?? customer_name AS customer_name,
    domain, admin_email, status, expires_at <= time::now() AS lapsed, requested_by,
    requested_by_name, <string> requested_at AS requested_at, sent_count,
    <string> sent_at AS sent_at, <string> expires_at AS expires_at, answered_by_name,
    <string> answered_at AS answered_at, <string> accepted_at AS accepted_at,
    billing_contact_name, billing_contact_email, customer, revoked_by_name, ended_by,
    ended_by_name, <string> ended_at AS ended_at";

/// The partner's customer relationships and requests, newest first.
pub async fn list_for_partner(
    db: &Database,
    partner: &RecordId,
) -> Result<Vec<CustomerRow>, DbError> {
    list_where(db, "partner = $organization", partner).await
}

/// The active relationships whose customers are billed to `organization`, oldest first.
pub async fn list_billed(
    db: &Database,
    organization: &RecordId,
) -> Result<Vec<CustomerRow>, DbError> {
    list_where(
        db,
        "billing_party = $organization AND status = 'active'",
        organization,
    )
    .await
}

/// The customer organization's relationships with partners (active and ended).
pub async fn list_for_customer(
    db: &Database,
    customer: &RecordId,
) -> Result<Vec<CustomerRow>, DbError> {
    list_where(db, "customer = $organization", customer).await
}

async fn list_where(
    db: &Database,
    filter: &str,
    organization: &RecordId,
) -> Result<Vec<CustomerRow>, DbError> {
    db.query(format!(
        "SELECT {ROW_FIELDS}, requested_at AS ordered FROM customer_relationship
         WHERE {filter} ORDER BY ordered DESC LIMIT 1000"
    ))
    .bind("organization", organization.clone())
    .rows()
    .await
}

/// One relationship, if `organization` is its partner or its customer.
pub async fn get(
    db: &Database,
    organization: &RecordId,
    id: &RecordId,
) -> Result<Option<CustomerRow>, DbError> {
    db.query(format!(
        "SELECT {ROW_FIELDS} FROM $id WHERE partner = $organization OR customer = $organization"
    ))
    .bind("organization", organization.clone())
    .bind("id", id.clone())
    .first()
    .await
}

/// The relationship a link's token opens (in any state).
pub async fn by_token(db: &Database, token_hash: &str) -> Result<Option<CustomerRow>, DbError> {
    db.query(format!(
        "SELECT {ROW_FIELDS} FROM customer_relationship WHERE token_hash = $hash LIMIT 1"
    ))
    .bind("hash", token_hash.to_owned())
    .first()
    .await
}

/// A new link and expiry for a pending request (expired too); the old link stops working.
pub async fn resend(
    db: &Database,
    acting: Acting<'_>,
    row: &CustomerRow,
    token_hash: &str,
    lifetime: std::time::Duration,
    mails: &[Email],
) -> Result<(), CustomerError> {
    CustomerError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE relationship FROM ONLY $lock) NOT IN [NONE, $id] {{
                     THROW 'already_pending'
                 }};
                 LET $changed = (UPDATE $id SET token_hash = $token_hash,
                     expires_at = time::now() + duration::from_secs($lifetime),
                     sent_count += 1, sent_at = time::now()
                     WHERE partner = $organization AND status = 'pending' RETURN VALUE id);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 UPSERT $lock CONTENT {{ relationship: $id }};
                 {AUDIT}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;"
            ))
            .bind("id", row.id.clone())
            .bind("lock", lock_of(acting.organization, &row.domain))
            .bind("token_hash", token_hash.to_owned())
            .bind("lifetime", lifetime.as_secs() as i64),
            acting,
            "customer.resend",
            &row.customer_name,
            &format!("{} ({})", row.domain, row.admin_email),
        );
        bind_emails(query, mails)
    })
    .await?;
    Ok(())
}

/// The partner withdraws a pending request: its link stops working.
pub async fn revoke(
    db: &Database,
    acting: Acting<'_>,
    row: &CustomerRow,
    mails: &[Email],
) -> Result<(), CustomerError> {
    CustomerError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $id SET status = 'revoked', revoked_by_name = $actor_name,
                     revoked_at = time::now()
                     WHERE partner = $organization AND status = 'pending' RETURN VALUE id);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 IF (SELECT VALUE relationship FROM ONLY $lock) = $id {{ DELETE $lock }};
                 {AUDIT}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;"
            ))
            .bind("id", row.id.clone())
            .bind("lock", lock_of(acting.organization, &row.domain)),
            acting,
            "customer.revoke",
            &row.customer_name,
            &format!("{} ({})", row.domain, row.admin_email),
        );
        bind_emails(query, mails)
    })
    .await?;
    Ok(())
}

/// Ends an active relationship: the customer's billing is disconnected from now. `acting` is a
/// member of the partner or of the customer; the other side's log gets an entry too.
pub async fn end(
    db: &Database,
    acting: Acting<'_>,
    row: &CustomerRow,
    mails: &[Email],
) -> Result<(), CustomerError> {
    let by_partner = *acting.organization == row.partner;
    let other = if by_partner {
        row.customer.clone()
    } else {
        Some(row.partner.clone())
    };
    let Some(other) = other else {
        return Err(CustomerError::NotFound);
    };
    let side = if by_partner { "partner" } else { "customer" };
    let (target, other_target) = if by_partner {
        (row.customer_name.clone(), row.partner_name.clone())
    } else {
        (row.partner_name.clone(), row.customer_name.clone())
    };
    CustomerError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $id SET status = 'ended', ended_by = $side,
                     ended_by_name = $actor_name, ended_at = time::now()
                     WHERE {side} = $organization AND status = 'active' RETURN VALUE id);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 IF (SELECT VALUE relationship FROM ONLY $lock) = $id {{ DELETE $lock }};
                 {AUDIT}
                 {AUDIT_OTHER}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;"
            ))
            .bind("id", row.id.clone())
            .bind("side", side)
            .bind("lock", lock_of(&row.partner, &row.domain))
            .bind("other", other.clone())
            .bind("other_target", other_target.clone()),
            acting,
            "customer.end",
            &target,
            &row.domain,
        );
        bind_emails(query, mails)
    })
    .await?;
    Ok(())
}

/// The customer's admin declines with the link.
pub async fn decline(
    db: &Database,
    row: &CustomerRow,
    token_hash: &str,
    by_name: &str,
    mails: &[Email],
) -> Result<(), CustomerError> {
    CustomerError::run(|| {
        let query = db
            .query(format!(
                "BEGIN TRANSACTION;
                 LET $r = (SELECT status, token_hash, expires_at FROM ONLY $id);
                 IF $r.token_hash != $hash OR $r.status != 'pending' {{ THROW 'not_found' }};
                 IF $r.expires_at <= time::now() {{ THROW 'expired' }};
                 UPDATE $id SET status = 'declined', answered_by_name = $actor_name,
                     answered_at = time::now();
                 IF (SELECT VALUE relationship FROM ONLY $lock) = $id {{ DELETE $lock }};
                 {AUDIT}
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;"
            ))
            .bind("id", row.id.clone())
            .bind("hash", token_hash.to_owned())
            .bind("lock", lock_of(&row.partner, &row.domain))
            .bind("organization", row.partner.clone())
            .bind("actor", None::<RecordId>)
            .bind("actor_name", by_name.to_owned())
            .bind("action", "customer.declined")
            .bind("target", row.customer_name.clone())
            .bind("detail", format!("{} ({})", row.domain, row.admin_email))
            .bind("address", None::<String>);
        bind_emails(query, mails)
    })
    .await?;
    Ok(())
}

/// Who accepts, and for which organization.
pub enum Acceptor<'a> {
    /// a new customer organization and its admin, who chose a password
    New {
        organization_name: &'a str,
        name: &'a str,
        password_hash: &'a PasswordHash,
    },
    /// an existing user (a global admin of `organization`)
    Existing {
        user: &'a RecordId,
        name: &'a str,
        organization: &'a RecordId,
        organization_name: &'a str,
        /// the organization is a partner: a new tenant becomes one of its corporate tenants
        partner: bool,
    },
}

/// What acceptance records with the billing connection.
pub struct Acceptance<'a> {
    pub acceptor: Acceptor<'a>,
    /// the tenant the rule was checked against (none: a new one is registered)
    pub tenant: Option<&'a RecordId>,
    pub billing_contact_name: &'a str,
    pub billing_contact_email: &'a str,
    pub address: Option<&'a str>,
}

/// The customer's admin accepts with the link: the relationship becomes active and the
/// customer is connected to its billing party. Returns the accepting user.
pub async fn accept(
    db: &Database,
    row: &CustomerRow,
    token_hash: &str,
    acceptance: &Acceptance<'_>,
    mails: &[Email],
) -> Result<RecordId, CustomerError> {
    let (make_organization, name) = match &acceptance.acceptor {
        Acceptor::New { name, .. } => (
            "LET $customer = (CREATE ONLY organization CONTENT {
                 name: $organization_name, kind: 'customer', created_at: time::now()
             } RETURN VALUE id);
             LET $user = (CREATE ONLY user CONTENT {
                 organization: $customer, email: $r.admin_email, display_name: $actor_name,
                 status: 'active', roles: ['global_admin'], password_hash: $password_hash,
                 must_change_password: false, created_at: time::now(), updated_at: time::now()
             } RETURN VALUE id);",
            *name,
        ),
        Acceptor::Existing { name, .. } => (
            "LET $customer = $existing_organization; LET $user = $existing_user;",
            *name,
        ),
    };
    let new_kind = match acceptance.acceptor {
        Acceptor::Existing { partner: true, .. } => "corporate",
        _ => "customer",
    };
    let mut results = CustomerError::run(|| {
        let mut query = db
            .query(format!(
                "BEGIN TRANSACTION;
                 LET $r = (SELECT status, token_hash, expires_at, admin_email, domain, partner,
                     customer_name FROM ONLY $id);
                 IF $r.token_hash != $hash OR $r.status != 'pending' {{ THROW 'not_found' }};
                 IF $r.expires_at <= time::now() {{ THROW 'expired' }};
                 IF (SELECT VALUE id FROM ONLY tenant WHERE domain = $r.domain LIMIT 1)
                     != $expected_tenant {{ THROW 'tenant_changed' }};
                 {make_organization}
                 IF $expected_tenant = NONE {{
                     CREATE tenant CONTENT {{
                         organization: $customer, domain: $r.domain, kind: $new_kind,
                         created_at: time::now(), registered_by_name: $actor_name
                     }};
                 }};
                 LET $tenant = (SELECT VALUE id FROM ONLY tenant WHERE domain = $r.domain LIMIT 1);
                 IF (SELECT VALUE organization FROM ONLY $tenant) != $customer {{
                     THROW 'tenant_changed'
                 }};
                 UPDATE $id SET status = 'active', customer = $customer, tenant = $tenant,
                     answered_by_name = $actor_name, answered_at = time::now(),
                     accepted_at = time::now(), billing_contact_name = $contact_name,
                     billing_contact_email = $contact_email;
                 CREATE org_audit_event CONTENT {{
                     organization: $customer, actor: $user, actor_name: $actor_name,
                     action: 'customer.accepted', target: $partner_name, detail: $r.domain,
                     address: $address, at: time::now()
                 }};
                 CREATE org_audit_event CONTENT {{
                     organization: $r.partner, actor: $user, actor_name: $actor_name,
                     action: 'customer.accepted', target: $customer_name_now,
                     detail: $r.domain, address: $address, at: time::now()
                 }};
                 {ENQUEUE_ALL}
                 RETURN $user;
                 COMMIT TRANSACTION;"
            ))
            .bind("id", row.id.clone())
            .bind("hash", token_hash.to_owned())
            .bind("expected_tenant", acceptance.tenant.cloned())
            .bind("new_kind", new_kind)
            .bind("actor_name", name.trim().to_owned())
            .bind("partner_name", row.partner_name.clone())
            .bind(
                "contact_name",
                acceptance.billing_contact_name.trim().to_owned(),
            )
            .bind(
                "contact_email",
                acceptance.billing_contact_email.to_lowercase(),
            )
            .bind("address", acceptance.address.map(str::to_owned));
        query = match &acceptance.acceptor {
            Acceptor::New {
                organization_name,
                password_hash,
                ..
            } => query
                .bind("organization_name", organization_name.trim().to_owned())
                .bind("customer_name_now", organization_name.trim().to_owned())
                .bind("password_hash", password_hash.as_stored().to_owned()),
            Acceptor::Existing {
                user,
                organization,
                organization_name,
                ..
            } => query
                .bind("existing_user", (*user).clone())
                .bind("existing_organization", (*organization).clone())
                .bind("customer_name_now", (*organization_name).to_owned()),
        };
        bind_emails(query, mails)
    })
    .await?;
    Ok(created(&mut results, "the accepting user")?)
}

/// An organization's name (any kind).
pub async fn organization_name(db: &Database, organization: &RecordId) -> Result<String, DbError> {
    let mut results = execute(
        db.query("SELECT VALUE name FROM ONLY $organization")
            .bind("organization", organization.clone()),
    )
    .await?;
    Ok(results.take::<Option<String>>(0)?.unwrap_or_default())
}

/// The address of the organization's page in the directory, if it published one.
pub async fn directory_slug(
    db: &Database,
    organization: &RecordId,
) -> Result<Option<String>, DbError> {
    db.query("SELECT VALUE slug FROM directory_entry WHERE organization = $organization LIMIT 1")
        .bind("organization", organization.clone())
        .first()
        .await
}
