//! Two-factor sign-in's records: a user's sealed authenticator secret and the newest step it
//! accepted, their recovery codes (SHA-256 only), and the pending first step of a sign-in.
//! Each change that a person would want to know of is one transaction with its audit event and
//! its e-mail.

use crate::server::{
    auth::token::{new_token, token_hash},
    db::{Database, DbError, Query, Thrown, execute, store_error},
    store::{
        accounts::{AUDIT, Acting, audit},
        outbox::{ENQUEUE, ENQUEUE_ALL, Email, bind_email, bind_emails},
    },
};
use surrealdb::types::{RecordId, SurrealValue};

/// A user's two-factor sign-in as stored.
#[derive(Debug, Clone, SurrealValue)]
pub struct Stored {
    /// the secret in use, sealed
    pub secret: Option<String>,
    pub set_up_at: Option<String>,
    pub last_step: Option<i64>,
    /// the secret of a set-up not confirmed yet, sealed
    pub pending_secret: Option<String>,
    /// recovery codes not used yet
    pub recovery_left: i64,
}

/// Reads `user`'s two-factor sign-in.
pub async fn stored(db: &Database, user: &RecordId) -> Result<Option<Stored>, DbError> {
    db.query(
        "SELECT totp_secret AS secret, <string> totp_set_up_at AS set_up_at,
             totp_last_step AS last_step, totp_pending_secret AS pending_secret,
             count(SELECT id FROM recovery_code WHERE user = $parent.id AND used_at = NONE)
                 AS recovery_left
         FROM ONLY $user",
    )
    .bind("user", user.clone())
    .rows()
    .await
}

/// Keeps `sealed` as the secret of `user`'s set-up in progress.
pub async fn begin(db: &Database, user: &RecordId, sealed: &str) -> Result<(), DbError> {
    execute(
        db.query("UPDATE $user SET totp_pending_secret = $sealed")
            .bind("user", user.clone())
            .bind("sealed", sealed.to_owned()),
    )
    .await
    .map(drop)
}

store_error!(
    /// What a two-factor change can run into.
    TwoFactorError {
        /// the set-up page's secret was replaced meanwhile (set-up started again elsewhere)
        SetupChanged = "setup_changed" => "the set-up was started again meanwhile",
        /// the code's step (or a later one) was accepted already
        CodeUsed = "code_used" => "this code was used already",
        /// no unused recovery code of the user has this hash
        RecoveryUnknown = "recovery_unknown" => "no such recovery code",
        /// two-factor sign-in is not on
        NotOn = "not_on" => "two-factor sign-in is not on",
        /// no such user in the organization (or no such pending recovery)
        NotFound = "not_found" => "no such user",
        /// a recovery of this user is waiting for its second program admin already
        RecoveryPending = "recovery_pending" => "a recovery is pending already",
        /// the program admin who asked for a recovery cannot be the one who approves it
        SameAdmin = "recovery_same_admin" => "the second program admin must be another",
    }
);

/// What every change of a user's recovery codes stores: a new set (`$hashes`), the old one gone.
const REPLACE_RECOVERY_CODES: &str = "DELETE recovery_code WHERE user = $user;
    FOR $hash IN $hashes {
        CREATE recovery_code CONTENT {
            user: $user, code_hash: $hash, used_at: NONE, created_at: time::now()
        };
    };";

/// A new set of recovery codes: their hashes, and the codes sealed for the one page that shows
/// them.
pub struct NewCodes {
    pub hashes: Vec<String>,
    pub sealed: String,
}

fn bind_codes<'a>(query: Query<'a>, codes: &NewCodes) -> Query<'a> {
    query
        .bind("hashes", codes.hashes.clone())
        .bind("to_show", codes.sealed.clone())
}

/// Confirms the set-up in progress: its secret `pending` (as the page had it) becomes the one
/// in use, `step` the newest accepted, and a new set of recovery codes replaces the old one;
/// audited and e-mailed.
pub async fn confirm(
    db: &Database,
    acting: Acting<'_>,
    pending: &str,
    step: u64,
    codes: NewCodes,
    email: &Email,
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $done = (UPDATE $user SET totp_secret = totp_pending_secret,
                 totp_pending_secret = NONE, totp_set_up_at = time::now(),
                 totp_last_step = $step, recovery_codes_to_show = $to_show
                 WHERE totp_pending_secret = $pending RETURN VALUE id);
             IF array::len($done) = 0 {{ THROW 'setup_changed' }};
             {REPLACE_RECOVERY_CODES}
             {AUDIT}
             {ENQUEUE}
             COMMIT TRANSACTION;"
        ));
        let query = audit(query, acting, "two_factor.set_up", acting.name, "")
            .bind("user", acting.user.clone())
            .bind("pending", pending.to_owned())
            .bind("step", step as i64);
        bind_email(bind_codes(query, &codes), email)
    })
    .await
    .map(drop)
}

/// Records that `user` entered the code of `step`: refused when that step, or a later one, was
/// accepted before (a code works once).
pub async fn use_step(db: &Database, user: &RecordId, step: u64) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        db.query(
            "BEGIN TRANSACTION;
             LET $done = (UPDATE $user SET totp_last_step = $step
                 WHERE totp_secret != NONE AND (totp_last_step = NONE OR totp_last_step < $step)
                 RETURN VALUE id);
             IF array::len($done) = 0 { THROW 'code_used' };
             COMMIT TRANSACTION;",
        )
        .bind("user", user.clone())
        .bind("step", step as i64)
    })
    .await
    .map(drop)
}

/// Uses up the recovery code of `user` whose hash is `hash` (refused when it is unknown or was
/// used); audited and e-mailed in the same transaction.
pub async fn use_recovery_code(
    db: &Database,
    acting: Acting<'_>,
    hash: &str,
    email: &Email,
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $used = (UPDATE recovery_code SET used_at = time::now()
                 WHERE user = $user AND code_hash = $hash AND used_at = NONE RETURN VALUE id);
             IF array::len($used) = 0 {{ THROW 'recovery_unknown' }};
             {AUDIT}
             {ENQUEUE}
             COMMIT TRANSACTION;"
        ));
        let query = audit(query, acting, "two_factor.recovery_used", acting.name, "")
            .bind("user", acting.user.clone())
            .bind("hash", hash.to_owned());
        bind_email(query, email)
    })
    .await
    .map(drop)
}

/// Replaces `user`'s recovery codes with a new set; audited and e-mailed.
pub async fn renew_recovery_codes(
    db: &Database,
    acting: Acting<'_>,
    codes: NewCodes,
    email: &Email,
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $done = (UPDATE $user SET recovery_codes_to_show = $to_show
                 WHERE totp_secret != NONE RETURN VALUE id);
             IF array::len($done) = 0 {{ THROW 'not_on' }};
             {REPLACE_RECOVERY_CODES}
             {AUDIT}
             {ENQUEUE}
             COMMIT TRANSACTION;"
        ));
        let query = audit(
            query,
            acting,
            "two_factor.recovery_renewed",
            acting.name,
            "",
        )
        .bind("user", acting.user.clone());
        bind_email(bind_codes(query, &codes), email)
    })
    .await
    .map(drop)
}

/// Turns `user`'s two-factor sign-in off: the secret and the recovery codes are gone; audited
/// and e-mailed.
pub async fn turn_off(
    db: &Database,
    acting: Acting<'_>,
    email: &Email,
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $done = (UPDATE $user SET totp_secret = NONE, totp_set_up_at = NONE,
                 totp_pending_secret = NONE, recovery_codes_to_show = NONE
                 WHERE totp_secret != NONE RETURN VALUE id);
             IF array::len($done) = 0 {{ THROW 'not_on' }};
             DELETE recovery_code WHERE user = $user;
             {AUDIT}
             {ENQUEUE}
             COMMIT TRANSACTION;"
        ));
        let query = audit(query, acting, "two_factor.turned_off", acting.name, "")
            .bind("user", acting.user.clone());
        bind_email(query, email)
    })
    .await
    .map(drop)
}

/// What a reset does to `$user`: no secret, no recovery codes, no session and no pending
/// sign-in; the set-up comes first at the next sign-in.
const RESET: &str = "UPDATE $user SET totp_secret = NONE, totp_set_up_at = NONE,
        totp_last_step = NONE, totp_pending_secret = NONE, recovery_codes_to_show = NONE;
    DELETE recovery_code WHERE user = $user;
    DELETE session WHERE user = $user;
    DELETE pending_sign_in WHERE user = $user;";

/// Resets the two-factor sign-in of `user`, a member of `acting`'s organization, for them (a
/// lost phone and no recovery codes): the secret and recovery codes are gone and every
/// session and pending sign-in of theirs ends, so they set it up again at their next sign-in;
/// audited (the target named `target`) and e-mailed.
pub async fn reset(
    db: &Database,
    acting: Acting<'_>,
    user: &RecordId,
    target: &str,
    email: &Email,
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $found = (SELECT VALUE totp_set_up_at != NONE FROM ONLY $user
                 WHERE organization = $organization);
             IF $found = NONE {{ THROW 'not_found' }};
             IF !$found {{ THROW 'not_on' }};
             {RESET}
             {AUDIT}
             {ENQUEUE}
             COMMIT TRANSACTION;"
        ));
        let query = audit(query, acting, "two_factor.reset", target, "").bind("user", user.clone());
        bind_email(query, email)
    })
    .await
    .map(drop)
}

/// The recovery codes kept (sealed) for the page that shows them once; they are gone after.
pub async fn take_codes_to_show(db: &Database, user: &RecordId) -> Result<Option<String>, DbError> {
    let shown: Option<Option<String>> = db
        .query(
            "UPDATE ONLY $user SET recovery_codes_to_show = NONE
             RETURN VALUE $before.recovery_codes_to_show",
        )
        .bind("user", user.clone())
        .rows()
        .await?;
    Ok(shown.flatten())
}

/// The first step of a sign-in, passed: who, and where to go once the code is entered.
#[derive(Debug, Clone, SurrealValue)]
pub struct PendingSignIn {
    pub id: RecordId,
    pub user: RecordId,
    pub next: String,
}

/// Records that `user` gave the right password; the token for the browser's cookie. It lasts
/// `lifetime`.
pub async fn start_sign_in(
    db: &Database,
    user: &RecordId,
    next: &str,
    lifetime: std::time::Duration,
) -> Result<String, DbError> {
    let token = new_token();
    execute(
        db.query(
            "DELETE pending_sign_in WHERE expires_at < time::now();
             CREATE pending_sign_in CONTENT {
                 user: $user, token_hash: $hash, next: $next,
                 expires_at: time::now() + duration::from_secs($seconds)
             };",
        )
        .bind("user", user.clone())
        .bind("hash", token_hash(&token))
        .bind("next", next.to_owned())
        .bind("seconds", lifetime.as_secs() as i64),
    )
    .await?;
    Ok(token)
}

/// The pending sign-in of `token`, if it has not expired (and its user is still active).
pub async fn pending_sign_in(db: &Database, token: &str) -> Result<Option<PendingSignIn>, DbError> {
    db.query(
        "SELECT id, user, next FROM pending_sign_in
         WHERE token_hash = $hash AND expires_at > time::now() AND user.status = 'active'
         LIMIT 1",
    )
    .bind("hash", token_hash(token))
    .first()
    .await
}

/// Ends a pending sign-in (its code was entered, or it was abandoned).
pub async fn end_sign_in(db: &Database, pending: &RecordId) -> Result<(), DbError> {
    execute(db.query("DELETE $pending").bind("pending", pending.clone()))
        .await
        .map(drop)
}

/// A partner organization's global admin whose two-factor sign-in a program admin may ask to
/// reset, and whom to tell.
#[derive(Debug, Clone, SurrealValue)]
pub struct RecoveryTarget {
    pub organization: RecordId,
    pub organization_name: String,
    pub user: RecordId,
    pub name: String,
    pub two_factor_on: bool,
    /// every active global admin of the organization
    pub admin_emails: Vec<String>,
}

/// The active global admin `email` of the partner organization with program ID `program_id`.
pub async fn recovery_target(
    db: &Database,
    program_id: i64,
    email: &str,
) -> Result<Option<RecoveryTarget>, DbError> {
    db.query(
        "SELECT organization, organization.name AS organization_name, id AS user,
             display_name AS name, totp_set_up_at != NONE AS two_factor_on,
             (SELECT VALUE email FROM user WHERE organization = $parent.organization
                 AND status = 'active' AND roles CONTAINS 'global_admin') AS admin_emails
         FROM user
         WHERE email = $email AND status = 'active' AND roles CONTAINS 'global_admin'
             AND organization.kind = 'partner' AND organization.program_id = $program_id
         LIMIT 1",
    )
    .bind("email", email.to_lowercase())
    .bind("program_id", program_id)
    .first()
    .await
}

/// The audit line of a recovery in the partner organization's own log (`$partner`), beside
/// the operator's.
const PARTNER_AUDIT: &str = "CREATE org_audit_event CONTENT {
    organization: $partner, actor: $actor, actor_name: $actor_name, action: $action,
    target: $target, detail: $detail, address: $address, at: time::now()
};";

/// Records a program admin's request to reset `target`'s two-factor sign-in, for `reason`;
/// audited in both organizations' logs and e-mailed (`emails`) in the same transaction.
pub async fn request_recovery(
    db: &Database,
    acting: Acting<'_>,
    target: &RecoveryTarget,
    target_email: &str,
    reason: &str,
    emails: &[Email],
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             IF array::len(SELECT id FROM two_factor_recovery
                 WHERE user = $user AND status = 'pending') > 0 {{ THROW 'recovery_pending' }};
             CREATE two_factor_recovery CONTENT {{
                 organization: $partner, user: $user, reason: $reason,
                 requested_by: $actor, requested_by_name: $actor_name,
                 requested_at: time::now(), status: 'pending'
             }};
             {AUDIT}
             {PARTNER_AUDIT}
             {ENQUEUE_ALL}
             COMMIT TRANSACTION;"
        ));
        let query = audit(
            query,
            acting,
            "two_factor.recovery_requested",
            target_email,
            reason,
        )
        .bind("partner", target.organization.clone())
        .bind("user", target.user.clone())
        .bind("reason", reason.to_owned());
        bind_emails(query, emails)
    })
    .await
    .map(drop)
}

/// A recovery waiting for its second program admin.
#[derive(Debug, Clone, SurrealValue)]
pub struct PendingRecovery {
    pub id: RecordId,
    pub organization: RecordId,
    pub organization_name: String,
    pub program_id: Option<i64>,
    pub user: RecordId,
    pub name: String,
    pub email: String,
    pub reason: String,
    pub requested_by: RecordId,
    pub requested_by_name: String,
    pub requested_at: String,
}

/// The recoveries waiting for their second program admin, oldest first.
pub async fn pending_recoveries(db: &Database) -> Result<Vec<PendingRecovery>, DbError> {
    db.query(
        "SELECT id, organization, organization.name AS organization_name,
             organization.program_id AS program_id, user, user.display_name AS name,
             user.email AS email, reason, requested_by, requested_by_name,
             <string> requested_at AS requested_at
         FROM two_factor_recovery WHERE status = 'pending' ORDER BY requested_at",
    )
    .rows()
    .await
}

/// A second program admin approves the pending recovery `request` (of the user of
/// `request_of`'s organization): the user's two-factor sign-in is reset, the request records
/// who approved it; audited in both logs and e-mailed (`emails`) in the same transaction.
pub async fn approve_recovery(
    db: &Database,
    acting: Acting<'_>,
    request: &PendingRecovery,
    emails: &[Email],
) -> Result<(), TwoFactorError> {
    TwoFactorError::run(|| {
        let query = db.query(format!(
            "BEGIN TRANSACTION;
             LET $open = (SELECT VALUE requested_by FROM ONLY $request
                 WHERE status = 'pending');
             IF $open = NONE {{ THROW 'not_found' }};
             IF $open = $actor {{ THROW 'recovery_same_admin' }};
             {RESET}
             UPDATE $request SET status = 'done', approved_by = $actor,
                 approved_by_name = $actor_name, approved_at = time::now();
             {AUDIT}
             {PARTNER_AUDIT}
             {ENQUEUE_ALL}
             COMMIT TRANSACTION;"
        ));
        let detail = format!("{} / {}", request.requested_by_name, request.reason);
        let query = audit(
            query,
            acting,
            "two_factor.recovery_approved",
            &request.email,
            &detail,
        )
        .bind("request", request.id.clone())
        .bind("partner", request.organization.clone())
        .bind("user", request.user.clone());
        bind_emails(query, emails)
    })
    .await
    .map(drop)
}

/// The e-mail addresses of `organization`'s active global admins.
pub async fn global_admin_emails(
    db: &Database,
    organization: &RecordId,
) -> Result<Vec<String>, DbError> {
    db.query(
        "SELECT VALUE email FROM user WHERE organization = $organization AND status = 'active'
             AND roles CONTAINS 'global_admin'",
    )
    .bind("organization", organization.clone())
    .rows()
    .await
}
