//! Customer referrals: sent from a partner's directory page, confirmed by the customer's
//! e-mail link, then accepted, declined or (by a provider) forwarded to one of its resellers.
//! Each change is one transaction with its e-mails; partner functions take the organization.

use crate::server::{
    auth::token::token_hash,
    db::{Database, DbError, Thrown, execute, store_error},
    store::{
        accounts::{AUDIT, Acting, audit},
        outbox::{ENQUEUE_ALL, Email, bind_emails},
    },
};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// At most this many referrals from one network address in an hour.
pub const PER_ADDRESS_PER_HOUR: i64 = 5;
/// At most this many referrals for one e-mail address in a day.
pub const PER_EMAIL_PER_DAY: i64 = 3;

store_error!(
    /// What a referral change can run into.
    ReferralError {
        /// the address or the e-mail sent too many lately
        TooMany = "too_many" => "too many referrals",
        /// no such referral for this organization, or not in a state that allows this
        NotFound = "not_found" => "not found",
        /// the link is unknown, used or expired
        LinkInvalid = "link_invalid" => "link invalid",
        /// the reseller is not an active reseller of the provider
        NotYourReseller = "not_your_reseller" => "not a reseller of yours",
    }
);

/// What a customer sends.
pub struct NewReferral<'a> {
    pub partner: &'a RecordId,
    pub customer_name: &'a str,
    pub customer_company: &'a str,
    pub customer_email: &'a str,
    pub need: &'a str,
    pub customer_size: &'a str,
    pub region: &'a str,
    pub address: Option<&'a str>,
}

/// Records an unconfirmed referral and queues the confirmation e-mail (built by `email` from
/// the link's token); refused past the rate limits.
pub async fn create(
    db: &Database,
    referral: &NewReferral<'_>,
    token: &str,
    link_lifetime: Duration,
    email: &Email,
) -> Result<(), ReferralError> {
    ReferralError::run(|| {
        crate::server::store::outbox::bind_email(
            db.query(format!(
                "BEGIN TRANSACTION;
                 IF $address != NONE AND count(SELECT VALUE id FROM referral
                     WHERE address = $address AND created_at > time::now() - 1h)
                     >= $per_address {{ THROW 'too_many' }};
                 IF count(SELECT VALUE id FROM referral WHERE customer_email = $email
                     AND created_at > time::now() - 1d) >= $per_email {{ THROW 'too_many' }};
                 CREATE referral CONTENT {{
                     holder: $partner, status: 'unconfirmed', customer_name: $name,
                     customer_company: $company, customer_email: $email, need: $need,
                     customer_size: $size, region: $region, token_hash: $token_hash,
                     token_expires_at: time::now() + duration::from_secs($lifetime),
                     address: $address, created_at: time::now(), changed_at: time::now()
                 }};
                 {enqueue}
                 COMMIT TRANSACTION;",
                enqueue = crate::server::store::outbox::ENQUEUE
            ))
            .bind("partner", referral.partner.clone())
            .bind("name", referral.customer_name.to_owned())
            .bind("company", referral.customer_company.to_owned())
            .bind("email", referral.customer_email.to_owned())
            .bind("need", referral.need.to_owned())
            .bind("size", referral.customer_size.to_owned())
            .bind("region", referral.region.to_owned())
            .bind("token_hash", token_hash(token))
            .bind("lifetime", link_lifetime.as_secs() as i64)
            .bind("address", referral.address.map(str::to_owned))
            .bind("per_address", PER_ADDRESS_PER_HOUR)
            .bind("per_email", PER_EMAIL_PER_DAY),
            email,
        )
    })
    .await
    .map(drop)
}

/// A referral as the partner's inbox and the e-mails read it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Referral {
    pub id: RecordId,
    pub holder: RecordId,
    pub holder_name: String,
    pub forwarded_by: Option<RecordId>,
    pub forwarded_by_name: Option<String>,
    pub status: String,
    pub customer_name: String,
    pub customer_company: String,
    pub customer_email: String,
    pub need: String,
    pub customer_size: String,
    pub region: String,
    pub answer: Option<String>,
    pub answered_by_name: Option<String>,
    /// RFC 3339
    pub changed_at: String,
}

const REFERRAL_FIELDS: &str = "id, holder, holder.name AS holder_name, forwarded_by,
    forwarded_by.name AS forwarded_by_name, status, customer_name, customer_company,
    customer_email, need, customer_size, region, answer, answered_by_name,
    <string> changed_at AS changed_at";

/// The unconfirmed referral a link names, if the link is still good.
pub async fn by_link(db: &Database, token: &str) -> Result<Option<Referral>, DbError> {
    db.query(format!(
        "SELECT {REFERRAL_FIELDS} FROM referral WHERE token_hash = $hash
             AND status = 'unconfirmed' AND token_expires_at > time::now() LIMIT 1"
    ))
    .bind("hash", token_hash(token))
    .first()
    .await
}

/// Confirms the referral the link names (once): it reaches the partner, whose handlers are
/// e-mailed, and the customer is told.
pub async fn confirm(db: &Database, token: &str, mails: &[Email]) -> Result<(), ReferralError> {
    ReferralError::run(|| {
        bind_emails(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $confirmed = (UPDATE referral SET status = 'new', token_hash = NONE,
                     token_expires_at = NONE, confirmed_at = time::now(),
                     changed_at = time::now()
                     WHERE token_hash = $hash AND status = 'unconfirmed'
                         AND token_expires_at > time::now()
                     RETURN VALUE id);
                 IF array::len($confirmed) = 0 {{ THROW 'link_invalid' }};
                 {ENQUEUE_ALL}
                 COMMIT TRANSACTION;"
            ))
            .bind("hash", token_hash(token)),
            mails,
        )
    })
    .await
    .map(drop)
}

/// The referrals the organization holds, and those it forwarded: newest change first.
pub async fn inbox(db: &Database, organization: &RecordId) -> Result<Vec<Referral>, DbError> {
    db.query(format!(
        "SELECT {REFERRAL_FIELDS}, changed_at AS ordered FROM referral
         WHERE (holder = $organization AND status != 'unconfirmed')
             OR forwarded_by = $organization
         ORDER BY ordered DESC LIMIT 500"
    ))
    .bind("organization", organization.clone())
    .rows()
    .await
}

/// One referral the organization holds.
pub async fn held(
    db: &Database,
    organization: &RecordId,
    id: &RecordId,
) -> Result<Option<Referral>, DbError> {
    db.query(format!(
        "SELECT {REFERRAL_FIELDS} FROM $id WHERE holder = $organization
             AND status != 'unconfirmed'"
    ))
    .bind("organization", organization.clone())
    .bind("id", id.clone())
    .first()
    .await
}

/// The holder (acting) accepts or declines a new referral; the customer is e-mailed.
pub async fn answer(
    db: &Database,
    acting: Acting<'_>,
    referral: &Referral,
    accept: bool,
    message: &str,
    mails: &[Email],
) -> Result<(), ReferralError> {
    ReferralError::run(|| {
        bind_emails(
            audit(
                db.query(format!(
                    "BEGIN TRANSACTION;
                     LET $changed = (UPDATE $referral SET status = $status, answer = $message,
                         answered_by_name = $actor_name, changed_at = time::now()
                         WHERE holder = $organization AND status = 'new' RETURN VALUE id);
                     IF array::len($changed) = 0 {{ THROW 'not_found' }};
                     {AUDIT}
                     {ENQUEUE_ALL}
                     COMMIT TRANSACTION;"
                ))
                .bind("referral", referral.id.clone())
                .bind("status", if accept { "accepted" } else { "declined" })
                .bind("message", message.to_owned()),
                acting,
                if accept {
                    "referral.accept"
                } else {
                    "referral.decline"
                },
                &referral.customer_company,
                message,
            ),
            mails,
        )
    })
    .await
    .map(drop)
}

/// A provider (acting) passes a new referral to `reseller`, which must be one of its active
/// resellers; the reseller then holds it as new.
pub async fn forward(
    db: &Database,
    acting: Acting<'_>,
    referral: &Referral,
    reseller: &RecordId,
    reseller_name: &str,
    mails: &[Email],
) -> Result<(), ReferralError> {
    ReferralError::run(|| {
        bind_emails(
            audit(
                db.query(format!(
                    "BEGIN TRANSACTION;
                     IF count(SELECT VALUE id FROM reseller_relationship
                         WHERE provider = $organization AND reseller = $reseller
                             AND status = 'active') = 0 {{ THROW 'not_your_reseller' }};
                     LET $changed = (UPDATE $referral SET holder = $reseller,
                         forwarded_by = $organization, status = 'new',
                         answered_by_name = $actor_name, changed_at = time::now()
                         WHERE holder = $organization AND status = 'new' RETURN VALUE id);
                     IF array::len($changed) = 0 {{ THROW 'not_found' }};
                     {AUDIT}
                     {ENQUEUE_ALL}
                     COMMIT TRANSACTION;"
                ))
                .bind("referral", referral.id.clone())
                .bind("reseller", reseller.clone()),
                acting,
                "referral.forward",
                &referral.customer_company,
                reseller_name,
            ),
            mails,
        )
    })
    .await
    .map(drop)
}

/// The provider's active resellers: (organization, name).
pub async fn active_resellers(
    db: &Database,
    provider: &RecordId,
) -> Result<Vec<(RecordId, String)>, DbError> {
    #[derive(SurrealValue)]
    struct Row {
        reseller: RecordId,
        name: String,
    }
    let mut results = execute(
        db.query(
            "SELECT reseller, reseller.name AS name FROM reseller_relationship
             WHERE provider = $provider AND status = 'active' ORDER BY name",
        )
        .bind("provider", provider.clone()),
    )
    .await?;
    Ok(results
        .take::<Vec<Row>>(0)?
        .into_iter()
        .map(|r| (r.reseller, r.name))
        .collect())
}
