//! Users and the organizations they belong to.

use crate::server::{
    auth::password::PasswordHash,
    db::{Database, DbError, Query, Thrown, is_unique_violation, statement_error, store_error},
    store::links,
};
use surrealdb::types::{RecordId, SurrealValue};

/// The program operator's organization: one per installation, with a fixed id.
pub const OPERATOR_ORGANIZATION: &str = "operator";

#[derive(Debug, Clone, SurrealValue)]
pub struct UserRecord {
    pub id: RecordId,
    pub organization: RecordId,
    pub email: String,
    pub display_name: String,
    pub status: String,
    pub roles: Vec<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    /// The temporary password's time is up (or it was used once already).
    #[surreal(default)]
    pub temporary_expired: bool,
    /// the authenticator secret, sealed: two-factor sign-in is on
    #[surreal(default)]
    pub totp_secret: Option<String>,
}

impl UserRecord {
    pub fn password_hash(&self) -> Option<PasswordHash> {
        self.password_hash.clone().map(PasswordHash::from_stored)
    }

    pub fn is_active(&self) -> bool {
        self.status == "active"
    }
}

/// What creating a user needs.
pub struct NewUser<'a> {
    pub organization: &'a RecordId,
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [&'a str],
    pub password_hash: &'a PasswordHash,
    /// a temporary password: must be changed at first sign-in
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// Another user has this e-mail address.
    #[error("the e-mail address is already taken")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The operator's organization, created on first use.
pub async fn ensure_operator_organization(db: &Database, name: &str) -> Result<RecordId, DbError> {
    let id = RecordId::new("organization", OPERATOR_ORGANIZATION);
    let mut results = db
        .query(
            "UPSERT $id MERGE { kind: 'operator', name: $name, created_at: created_at ?? time::now() }",
        )
        .bind("id", id.clone())
        .bind("name", name.to_owned())
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(id)
}

pub async fn create(db: &Database, user: NewUser<'_>) -> Result<RecordId, CreateUserError> {
    let query = db.query(format!(
        "CREATE ONLY user CONTENT {{ {NEW_USER}, must_change_password: $must_change_password }}
         RETURN VALUE id"
    ));
    let results = bind_new_user(query, &user)
        .bind("must_change_password", user.must_change_password)
        .await;
    created_user(results, 0)
}

/// What every new user is created with, bound by [`bind_new_user`]; [`create`] and [`invite`]
/// add the state of the password.
const NEW_USER: &str = "organization: $organization, email: $email, display_name: $display_name,
    status: 'active', roles: $roles, password_hash: $password_hash,
    created_at: time::now(), updated_at: time::now()";

/// Binds what [`create`] and [`invite`] store of a new user.
fn bind_new_user<'a>(query: Query<'a>, user: &NewUser<'_>) -> Query<'a> {
    query
        .bind("organization", user.organization.clone())
        .bind("email", user.email.to_lowercase())
        .bind("display_name", user.display_name.trim().to_owned())
        .bind(
            "roles",
            user.roles
                .iter()
                .map(|r| (*r).to_owned())
                .collect::<Vec<_>>(),
        )
        .bind("password_hash", user.password_hash.as_stored().to_owned())
}

/// The id of the user created by statement `index`, or why there is none.
fn created_user(
    results: Result<surrealdb::IndexedResults, surrealdb::Error>,
    index: usize,
) -> Result<RecordId, CreateUserError> {
    let mut results = results.map_err(DbError::Query)?;
    match statement_error(&mut results) {
        Some(error) if is_unique_violation(&error) => Err(CreateUserError::EmailTaken),
        Some(error) => Err(DbError::Query(error).into()),
        None => results
            .take::<Option<RecordId>>(index)
            .map_err(DbError::Query)?
            .ok_or(DbError::NotReturned("the new user").into()),
    }
}

pub async fn find_by_email(db: &Database, email: &str) -> Result<Option<UserRecord>, DbError> {
    let mut results = db
        .query(
            "SELECT *, (temporary_password_expires_at != NONE
                 AND temporary_password_expires_at <= time::now()) AS temporary_expired
             FROM user WHERE email = $email LIMIT 1",
        )
        .bind("email", email.trim().to_lowercase())
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results.take::<Vec<UserRecord>>(0)?.into_iter().next())
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The set-up link is unknown, used or expired.
    #[error("the set-up link is no longer valid")]
    LinkInvalid,
    #[error("the e-mail address is already taken")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Uses the operator set-up link and creates the first program admin, in one transaction: the
/// link cannot be used twice, and a failure leaves both the link and the database as they were.
pub async fn complete_operator_setup(
    db: &Database,
    link_hash: &str,
    email: &str,
    display_name: &str,
    password_hash: &PasswordHash,
) -> Result<RecordId, SetupError> {
    let mut results = db
        .query(
            [
                "BEGIN TRANSACTION;",
                links::USE_LINK,
                "UPSERT organization:operator MERGE {
                 kind: 'operator', name: $organization_name, created_at: created_at ?? time::now()
             };
             CREATE ONLY user CONTENT {
                 organization: organization:operator,
                 email: $email,
                 display_name: $display_name,
                 status: 'active',
                 roles: ['program_admin'],
                 password_hash: $password_hash,
                 must_change_password: false,
                 created_at: time::now(),
                 updated_at: time::now(),
             } RETURN VALUE id;
             COMMIT TRANSACTION;",
            ]
            .concat(),
        )
        .bind("link_purpose", "operator_setup".to_owned())
        .bind("link_hash", link_hash.to_owned())
        .bind("organization_name", "Program operator".to_owned())
        .bind("email", email.trim().to_lowercase())
        .bind("display_name", display_name.trim().to_owned())
        .bind("password_hash", password_hash.as_stored().to_owned())
        .await
        .map_err(DbError::Query)?;
    match statement_error(&mut results) {
        Some(error) if error.message().contains("link_invalid") => Err(SetupError::LinkInvalid),
        Some(error) if is_unique_violation(&error) => Err(SetupError::EmailTaken),
        Some(error) => Err(DbError::Query(error).into()),
        None => results
            .take::<Option<RecordId>>(4)
            .map_err(DbError::Query)?
            .ok_or(DbError::NotReturned("the new user").into()),
    }
}

/// The user with this id.
pub async fn get(db: &Database, id: &RecordId) -> Result<Option<UserRecord>, DbError> {
    let mut results = db
        .query("SELECT * FROM ONLY $user")
        .bind("user", id.clone())
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results.take(0)?)
}

/// Sets a new password chosen by the user: any temporary password and its expiry are gone.
pub async fn set_password(
    db: &Database,
    id: &RecordId,
    hash: &PasswordHash,
) -> Result<(), DbError> {
    let mut results = db
        .query(
            "UPDATE $user SET password_hash = $hash, must_change_password = false,
                 temporary_password_expires_at = NONE, updated_at = time::now()",
        )
        .bind("user", id.clone())
        .bind("hash", hash.as_stored().to_owned())
        .await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}

/// Creates a user with a temporary password and queues the e-mail that tells them, in one
/// transaction: no user without their e-mail, and no e-mail for a user that was not created.
pub async fn invite(
    db: &Database,
    user: NewUser<'_>,
    temporary_for: std::time::Duration,
    email: &crate::server::store::outbox::Email,
) -> Result<RecordId, CreateUserError> {
    let sql = format!(
        "BEGIN TRANSACTION;
         CREATE ONLY user CONTENT {{
             {NEW_USER}, must_change_password: true,
             temporary_password_expires_at: time::now() + duration::from_secs($temporary_for)
         }} RETURN VALUE id;
         {enqueue}
         COMMIT TRANSACTION;",
        enqueue = crate::server::store::outbox::ENQUEUE
    );
    let query =
        bind_new_user(db.query(sql), &user).bind("temporary_for", temporary_for.as_secs() as i64);
    created_user(
        crate::server::store::outbox::bind_email(query, email).await,
        1,
    )
}

/// After the first sign-in with a temporary password it stops working: it expires now.
pub async fn use_up_temporary_password(db: &Database, id: &RecordId) -> Result<(), DbError> {
    let mut results = db
        .query("UPDATE $user SET temporary_password_expires_at = time::now()")
        .bind("user", id.clone())
        .await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(()),
    }
}

/// A member of the operator's staff, as the staff page lists them.
#[derive(Debug, Clone, SurrealValue)]
pub struct StaffRecord {
    /// the user's record key: what the staff page's actions name
    pub key: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub status: String,
    pub must_change_password: bool,
    /// the temporary password no longer works (it expired, or was used to sign in once)
    pub temporary_expired: bool,
    /// has set up two-factor sign-in
    #[surreal(default)]
    pub two_factor_on: bool,
}

/// The users of `organization`, by name.
pub async fn list(db: &Database, organization: &RecordId) -> Result<Vec<StaffRecord>, DbError> {
    let mut results = db
        .query(
            "SELECT <string> record::id(id) AS key, email, display_name, roles, status,
                 must_change_password,
                 (must_change_password AND temporary_password_expires_at != NONE
                     AND temporary_password_expires_at <= time::now()) AS temporary_expired,
                 totp_set_up_at != NONE AS two_factor_on
             FROM user
             WHERE organization = $organization ORDER BY display_name",
        )
        .bind("organization", organization.clone())
        .await?;
    if let Some(error) = statement_error(&mut results) {
        return Err(DbError::Query(error));
    }
    Ok(results.take(0)?)
}

store_error!(
    /// What an admin's action on a colleague's account can run into.
    AdminActionError {
        /// No such user in the admin's organization (or, for a new temporary password, not
        /// active).
        NotFound = "not_found" => "no such user",
    }
);

/// Deactivates (or reactivates) a user of `organization`. Deactivation ends every session of
/// theirs in the same transaction, so they are out at once.
pub async fn set_active(
    db: &Database,
    organization: &RecordId,
    user: &RecordId,
    active: bool,
) -> Result<(), AdminActionError> {
    AdminActionError::run(|| {
        db.query(
            "BEGIN TRANSACTION;
             LET $changed = (UPDATE $user SET status = $status, updated_at = time::now()
                 WHERE organization = $organization RETURN AFTER);
             IF array::len($changed) = 0 { THROW 'not_found' };
             IF $status != 'active' { DELETE session WHERE user = $user };
             COMMIT TRANSACTION;",
        )
        .bind("user", user.clone())
        .bind("organization", organization.clone())
        .bind("status", if active { "active" } else { "deactivated" })
    })
    .await
    .map(drop)
}

/// Gives an active user of `organization` a new temporary password (the old password stops
/// working, every session ends) and queues the e-mail that tells them, in one transaction.
pub async fn reissue_temporary_password(
    db: &Database,
    organization: &RecordId,
    user: &RecordId,
    password_hash: &PasswordHash,
    temporary_for: std::time::Duration,
    email: &crate::server::store::outbox::Email,
) -> Result<(), AdminActionError> {
    let sql = format!(
        "BEGIN TRANSACTION;
         LET $changed = (UPDATE $user SET password_hash = $password_hash,
             must_change_password = true,
             temporary_password_expires_at = time::now() + duration::from_secs($temporary_for),
             updated_at = time::now()
             WHERE organization = $organization AND status = 'active' RETURN AFTER);
         IF array::len($changed) = 0 {{ THROW 'not_found' }};
         DELETE session WHERE user = $user;
         {enqueue}
         COMMIT TRANSACTION;",
        enqueue = crate::server::store::outbox::ENQUEUE
    );
    AdminActionError::run(|| {
        let query = db
            .query(sql.clone())
            .bind("user", user.clone())
            .bind("organization", organization.clone())
            .bind("password_hash", password_hash.as_stored().to_owned())
            .bind("temporary_for", temporary_for.as_secs() as i64);
        crate::server::store::outbox::bind_email(query, email)
    })
    .await
    .map(drop)
}
