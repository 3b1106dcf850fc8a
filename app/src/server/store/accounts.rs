//! A partner organization's employees: adding them, their roles, deactivation and new temporary
//! passwords. Each change is one transaction with its audit event (and its e-mail); every
//! function takes the organization and touches only its users.
//!
//! The last active global admin cannot be removed: a change that would leave none fails inside
//! its transaction, and every change to the global admins also writes the organization's
//! `admins_version`, so two such changes at the same moment conflict instead of both passing.

use crate::server::{
    auth::password::PasswordHash,
    db::{Database, DbError, Query, Thrown, UNIQUE, created, store_error},
    store::outbox::{self, Email},
};
use surrealdb::types::{RecordId, SurrealValue};

/// Who acts, for whom, from where.
#[derive(Clone, Copy, Debug)]
pub struct Acting<'a> {
    pub organization: &'a RecordId,
    pub user: &'a RecordId,
    pub name: &'a str,
    /// the client's network address
    pub address: Option<&'a str>,
}

/// The statement that records an audit event (see [`audit`] for its parameters).
pub const AUDIT: &str = "CREATE org_audit_event CONTENT {
    organization: $organization, actor: $actor, actor_name: $actor_name, action: $action,
    target: $target, detail: $detail, address: $address, at: time::now()
};";

/// Binds what [`AUDIT`] records, and the organization.
pub fn audit<'a>(
    query: Query<'a>,
    acting: Acting<'_>,
    action: &str,
    target: &str,
    detail: &str,
) -> Query<'a> {
    query
        .bind("organization", acting.organization.clone())
        .bind("actor", acting.user.clone())
        .bind("actor_name", acting.name.to_owned())
        .bind("action", action.to_owned())
        .bind("target", target.to_owned())
        .bind("detail", detail.to_owned())
        .bind("address", acting.address.map(str::to_owned))
}

/// The check, inside a transaction, that the organization keeps an active global admin.
const KEEPS_A_GLOBAL_ADMIN: &str = "IF array::len(SELECT VALUE id FROM user
        WHERE organization = $organization AND status = 'active'
            AND roles CONTAINS 'global_admin') = 0 { THROW 'last_global_admin' };";

/// An employee as the users page lists them.
#[derive(Debug, Clone, SurrealValue)]
pub struct Member {
    pub id: RecordId,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub status: String,
    pub must_change_password: bool,
    /// changes with every change of the user: a role edit names the version it started from
    #[surreal(default)]
    pub version: i64,
    /// has set up two-factor sign-in
    #[surreal(default)]
    pub two_factor_on: bool,
}

impl Member {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    pub fn is_global_admin(&self) -> bool {
        crate::domain::roles::parse_roles(&self.roles)
            .contains(&crate::domain::roles::Role::GlobalAdmin)
    }
}

const MEMBER_FIELDS: &str = "id, email, display_name, roles, status, must_change_password,
    version ?? 1 AS version, totp_set_up_at != NONE AS two_factor_on";

/// The organization's users, by name.
pub async fn list(db: &Database, organization: &RecordId) -> Result<Vec<Member>, DbError> {
    db.query(format!(
        "SELECT {MEMBER_FIELDS} FROM user WHERE organization = $organization
         ORDER BY display_name, email"
    ))
    .bind("organization", organization.clone())
    .rows()
    .await
}

/// A user of the organization (None for a user of another one).
pub async fn get(
    db: &Database,
    organization: &RecordId,
    user: &RecordId,
) -> Result<Option<Member>, DbError> {
    db.query(format!(
        "SELECT {MEMBER_FIELDS} FROM $user WHERE organization = $organization"
    ))
    .bind("organization", organization.clone())
    .bind("user", user.clone())
    .first()
    .await
}

store_error!(
    /// What an administrator's change can run into. A write conflict with a concurrent change
    /// is retried (see [`crate::server::db::run_change`]), and then usually finds the user
    /// changed.
    MemberError {
        /// no such user in the organization
        NotFound = "not_found" => "no such user",
        /// the user changed since the page was loaded
        Changed = "changed_meanwhile" => "changed by someone else",
        /// the change would leave the organization without an active global admin
        LastGlobalAdmin = "last_global_admin" => "the last active global admin",
        /// another user has the e-mail address (the UNIQUE index refused it)
        EmailTaken = UNIQUE => "the e-mail address is taken",
    }
);

/// A new employee.
pub struct NewEmployee<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [String],
    /// the temporary password, hashed
    pub password_hash: &'a PasswordHash,
    pub temporary_for: std::time::Duration,
}

/// Adds an employee with a temporary password, records it and queues their e-mail.
pub async fn add(
    db: &Database,
    acting: Acting<'_>,
    employee: &NewEmployee<'_>,
    email: &Email,
) -> Result<RecordId, MemberError> {
    let mut results = MemberError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $created = (CREATE ONLY user CONTENT {{
                     organization: $organization, email: $email, display_name: $display_name,
                     status: 'active', roles: $roles, password_hash: $password_hash,
                     must_change_password: true,
                     temporary_password_expires_at:
                         time::now() + duration::from_secs($temporary_for),
                     version: 1, created_at: time::now(), updated_at: time::now()
                 }} RETURN VALUE id);
                 {AUDIT}
                 {enqueue}
                 RETURN $created;
                 COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("email", employee.email.to_lowercase())
            .bind("display_name", employee.display_name.trim().to_owned())
            .bind("roles", employee.roles.to_vec())
            .bind(
                "password_hash",
                employee.password_hash.as_stored().to_owned(),
            )
            .bind("temporary_for", employee.temporary_for.as_secs() as i64),
            acting,
            "user.add",
            &employee.email.to_lowercase(),
            &employee.roles.join(", "),
        );
        outbox::bind_email(query, email)
    })
    .await?;
    Ok(created(&mut results, "the new user")?)
}

/// Gives `user` exactly `roles`, if the user is still at `expected_version`.
pub async fn set_roles(
    db: &Database,
    acting: Acting<'_>,
    user: &RecordId,
    target: &str,
    roles: &[String],
    expected_version: i64,
    detail: &str,
) -> Result<(), MemberError> {
    MemberError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $found = (SELECT roles, version ?? 1 AS version FROM $user
                     WHERE organization = $organization)[0];
                 IF $found = NONE {{ THROW 'not_found' }};
                 IF $found.version != $expected {{ THROW 'changed_meanwhile' }};
                 UPDATE $user SET roles = $roles, version = (version ?? 1) + 1,
                     updated_at = time::now();
                 IF ($found.roles CONTAINS 'global_admin') != ($roles CONTAINS 'global_admin') {{
                     UPDATE $organization SET admins_version += 1;
                 }};
                 {KEEPS_A_GLOBAL_ADMIN}
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("user", user.clone())
            .bind("roles", roles.to_vec())
            .bind("expected", expected_version),
            acting,
            "roles.change",
            target,
            detail,
        )
    })
    .await
    .map(drop)
}

/// Deactivates (or reactivates) a user. Deactivation ends their sessions in the same
/// transaction, so they are out at once.
pub async fn set_active(
    db: &Database,
    acting: Acting<'_>,
    user: &RecordId,
    target: &str,
    active: bool,
) -> Result<(), MemberError> {
    MemberError::run(|| {
        audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $user SET status = $status,
                     version = (version ?? 1) + 1, updated_at = time::now()
                     WHERE organization = $organization RETURN AFTER);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 IF $status != 'active' {{ DELETE session WHERE user = $user }};
                 IF $changed[0].roles CONTAINS 'global_admin' {{
                     UPDATE $organization SET admins_version += 1;
                 }};
                 {KEEPS_A_GLOBAL_ADMIN}
                 {AUDIT}
                 COMMIT TRANSACTION;"
            ))
            .bind("user", user.clone())
            .bind("status", if active { "active" } else { "deactivated" }),
            acting,
            if active {
                "user.reactivate"
            } else {
                "user.deactivate"
            },
            target,
            "",
        )
    })
    .await
    .map(drop)
}

/// Gives an active user a new temporary password: the old one stops working and their
/// sessions end; the e-mail is queued in the same transaction.
pub async fn reissue_temporary_password(
    db: &Database,
    acting: Acting<'_>,
    user: &RecordId,
    target: &str,
    password_hash: &PasswordHash,
    temporary_for: std::time::Duration,
    email: &Email,
) -> Result<(), MemberError> {
    MemberError::run(|| {
        let query = audit(
            db.query(format!(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $user SET password_hash = $password_hash,
                     must_change_password = true,
                     temporary_password_expires_at =
                         time::now() + duration::from_secs($temporary_for),
                     version = (version ?? 1) + 1, updated_at = time::now()
                     WHERE organization = $organization AND status = 'active' RETURN AFTER);
                 IF array::len($changed) = 0 {{ THROW 'not_found' }};
                 DELETE session WHERE user = $user;
                 {AUDIT}
                 {enqueue}
                 COMMIT TRANSACTION;",
                enqueue = outbox::ENQUEUE
            ))
            .bind("user", user.clone())
            .bind("password_hash", password_hash.as_stored().to_owned())
            .bind("temporary_for", temporary_for.as_secs() as i64),
            acting,
            "user.password_reissued",
            target,
            "",
        );
        outbox::bind_email(query, email)
    })
    .await
    .map(drop)
}

/// One entry of the organization's audit log.
#[derive(Debug, Clone, SurrealValue)]
pub struct AuditEntry {
    pub actor: Option<RecordId>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub address: Option<String>,
    pub at: String,
}

/// Which entries of the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// only what this user did
    pub actor: Option<RecordId>,
    /// only this action
    pub action: Option<String>,
    /// only entries older than this moment (RFC 3339): the next page
    pub before: Option<String>,
}

/// The organization's audit log, newest first, at most `limit` entries.
pub async fn audit_log(
    db: &Database,
    organization: &RecordId,
    filter: &AuditFilter,
    limit: usize,
) -> Result<Vec<AuditEntry>, DbError> {
    let mut conditions = String::from("organization = $organization");
    if filter.actor.is_some() {
        conditions.push_str(" AND actor = $actor");
    }
    if filter.action.is_some() {
        conditions.push_str(" AND action = $action");
    }
    if filter.before.is_some() {
        conditions.push_str(" AND at < <datetime> $before");
    }
    db.query(format!(
        "SELECT actor, actor_name, action, target, detail, address, <string> at AS at, at AS ordered
         FROM org_audit_event WHERE {conditions} ORDER BY ordered DESC LIMIT $limit"
    ))
    .bind("organization", organization.clone())
    .bind("actor", filter.actor.clone())
    .bind("action", filter.action.clone())
    .bind("before", filter.before.clone())
    .bind("limit", limit as i64)
    .rows()
    .await
}
