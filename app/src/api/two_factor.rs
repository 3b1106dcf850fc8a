//! Two-factor sign-in: setting up an authenticator, recovery codes, turning it off, and the code
//! step of a sign-in.

use crate::api::AppError;
pub use crate::domain::two_factor::{Enrolment, Security};
#[cfg(feature = "ssr")]
use crate::{
    api::{
        accounts::{acting, client_address},
        form_done, gate,
    },
    domain::{
        roles::{Permission, StaffPermission},
        throttle::{ACCOUNT_MAX_DELAY, FREE_FAILURES},
        two_factor::{Entered, grouped_secret, parse_code},
    },
    server::{
        auth::{token::token_hash, totp},
        db::record_key,
        services::{Services, cleared_pending_sign_in_cookie, set_cookie},
        store::{
            sessions::ActiveSession,
            throttle,
            two_factor::{self as store, NewCodes, Stored, TwoFactorError},
            users,
        },
    },
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use surrealdb::types::RecordId;

/// Where a user who must set up two-factor sign-in is sent.
pub const SET_UP_PATH: &str = "/account/security/authenticator";
/// The page that shows new recovery codes once.
pub const CODES_PATH: &str = "/account/security/codes";
/// The code step of a sign-in.
pub const SIGN_IN_CODE_PATH: &str = "/sign-in/code";
/// The name authenticator apps show above the code.
#[cfg(feature = "ssr")]
const ISSUER: &str = "CSP Portal";

/// The signed-in user's two-factor sign-in, for their security page.
#[server(endpoint = "load_security")]
pub async fn load_security() -> Result<Security, AppError> {
    let (services, me) = gate::securing().await?;
    let stored = stored(&services, &me.user).await?;
    let on = stored.secret.is_some();
    Ok(Security {
        on,
        set_up_at: stored.set_up_at.filter(|_| on),
        recovery_left: u32::try_from(stored.recovery_left).unwrap_or_default(),
        required: gate::two_factor_required(&me),
    })
}

/// The authenticator being set up: its QR code and secret. The set-up in progress keeps its
/// secret (a reload shows the same code to scan); the first visit makes one.
#[server(endpoint = "load_enrolment")]
pub async fn load_enrolment() -> Result<Enrolment, AppError> {
    let (services, me) = gate::securing().await?;
    let stored = stored(&services, &me.user).await?;
    let context = secret_context(&me.user);
    let opened = stored
        .pending_secret
        .as_deref()
        .and_then(|sealed| services.field_key.open(sealed, &context).ok());
    let secret = match opened {
        Some(secret) => secret,
        None => {
            let secret = totp::new_secret();
            let sealed = services.field_key.seal(&secret, &context);
            store::begin(&services.db, &me.user, &sealed).await?;
            secret
        }
    };
    let uri = totp::otpauth_uri(ISSUER, &me.email, &secret);
    Ok(Enrolment {
        qr_svg: totp::qr_svg(&uri),
        secret: grouped_secret(&totp::base32(&secret)),
        replacing: stored.secret.is_some(),
        must: must_set_up(&me),
        account: me.email,
    })
}

/// Confirms the authenticator being set up with a code from it. Two-factor sign-in is then on
/// (or moves to the new authenticator), a new set of recovery codes replaces any old one, and
/// the next page shows them once.
#[server(endpoint = "confirm_two_factor")]
pub async fn confirm_two_factor(
    code: String,
    #[server(default)] proof: String,
) -> Result<(), AppError> {
    let (services, me) = gate::securing().await?;
    if me.two_factor_on {
        // moving to a new authenticator changes one's own second factor: fresh proof first
        step_up(&services, &me, &proof).await?;
    }
    let key = throttle_key(&me.user);
    wait_for_throttle(&services, &key).await?;
    let digits = match parse_code(&code) {
        Ok(Entered::Authenticator(digits)) => digits,
        Ok(Entered::Recovery(_)) => return Err(AppError::field("code", "two_factor.code_digits")),
        Err(problem) => return Err(AppError::field("code", problem.code())),
    };
    let stored = stored(&services, &me.user).await?;
    let pending = stored
        .pending_secret
        .ok_or_else(|| AppError::Conflict("two_factor.setup_changed".into()))?;
    let secret = services
        .field_key
        .open(&pending, &secret_context(&me.user))
        .map_err(AppError::internal)?;
    let Some(step) = totp::accepted_step(&secret, &digits, totp::now_seconds(), None) else {
        return wrong_code(&services, &key).await;
    };
    let address = client_address().await;
    let email =
        crate::server::mail_text::two_factor::turned_on().to(&me.email, &services.public_url);
    store::confirm(
        &services.db,
        acting(&me, &address),
        &pending,
        step,
        new_codes(&services, &me.user),
        &email,
    )
    .await
    .map_err(refused)?;
    throttle::clear(&services.db, &key).await?;
    form_done(CODES_PATH)
}

/// The recovery codes just made, once: the page that shows them gets them, and they are gone
/// from the server after (only their hashes stay).
#[server(endpoint = "take_recovery_codes")]
pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
    let (services, me) = gate::securing().await?;
    let Some(sealed) = store::take_codes_to_show(&services.db, &me.user).await? else {
        return Ok(Vec::new());
    };
    let text = services
        .field_key
        .open(&sealed, &codes_context(&me.user))
        .map_err(AppError::internal)?;
    Ok(String::from_utf8_lossy(&text)
        .lines()
        .map(str::to_owned)
        .collect())
}

/// A new set of recovery codes; the old ones stop working. The next page shows them once.
#[server(endpoint = "renew_recovery_codes")]
pub async fn renew_recovery_codes(#[server(default)] proof: String) -> Result<(), AppError> {
    let (services, me) = gate::signed_in().await?;
    step_up(&services, &me, &proof).await?;
    let address = client_address().await;
    let email = crate::server::mail_text::two_factor::recovery_codes_renewed()
        .to(&me.email, &services.public_url);
    store::renew_recovery_codes(
        &services.db,
        acting(&me, &address),
        new_codes(&services, &me.user),
        &email,
    )
    .await
    .map_err(refused)?;
    form_done(CODES_PATH)
}

/// Turns two-factor sign-in off, for a user whose roles (and the program) do not require it.
#[server(endpoint = "turn_off_two_factor")]
pub async fn turn_off_two_factor(#[server(default)] proof: String) -> Result<(), AppError> {
    let (services, me) = gate::signed_in().await?;
    if gate::two_factor_required(&me) {
        return Err(AppError::Forbidden {
            reason: "two_factor.required".into(),
        });
    }
    step_up(&services, &me, &proof).await?;
    let address = client_address().await;
    let email =
        crate::server::mail_text::two_factor::turned_off().to(&me.email, &services.public_url);
    store::turn_off(&services.db, acting(&me, &address), &email)
        .await
        .map_err(refused)?;
    form_done("/account/security?done=off")
}

/// A global admin resets the two-factor sign-in of another user of their organization (a lost
/// phone and no recovery codes): they set it up again at their next sign-in. Needs fresh
/// proof; audited and e-mailed to the user. Nobody resets their own.
#[server(endpoint = "reset_member_two_factor")]
pub async fn reset_member_two_factor(
    id: String,
    #[server(default)] proof: String,
) -> Result<(), AppError> {
    let (services, me, _) = gate::member(Permission::GlobalAdminsManage).await?;
    reset_colleague(&services, &me, &id, &proof).await?;
    form_done("/account/users?done=two_factor_reset")
}

/// A program admin resets the two-factor sign-in of another member of the program's staff: the
/// same as [`reset_member_two_factor`] for the operator's organization.
#[server(endpoint = "reset_staff_two_factor")]
pub async fn reset_staff_two_factor(
    id: String,
    #[server(default)] proof: String,
) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    reset_colleague(&services, &admin, &id, &proof).await?;
    form_done("/staff?done=two_factor_reset")
}

/// Resets the two-factor sign-in of the user `id` of `me`'s own organization, not `me`.
#[cfg(feature = "ssr")]
async fn reset_colleague(
    services: &Services,
    me: &ActiveSession,
    id: &str,
    proof: &str,
) -> Result<(), AppError> {
    let user = gate::record_from_page("user", id)?;
    if user == me.user {
        return Err(AppError::Conflict("two_factor.not_yourself".into()));
    }
    let target = crate::server::store::accounts::get(&services.db, &me.organization, &user)
        .await?
        .ok_or(AppError::NotFound)?;
    step_up(services, me, proof).await?;
    let email = crate::server::mail_text::two_factor::reset_by(&me.display_name)
        .to(&target.email, &services.public_url);
    let address = client_address().await;
    store::reset(
        &services.db,
        acting(me, &address),
        &user,
        &target.email,
        &email,
    )
    .await
    .map_err(refused)
}

/// The second step of a sign-in: a code from the authenticator app, or one of the recovery
/// codes. Wrong codes are throttled per account like wrong passwords; a session (with a new
/// id) starts only now.
#[server(endpoint = "sign_in_code")]
pub async fn sign_in_code(code: String) -> Result<(), AppError> {
    let (services, pending) = gate::pending_sign_in().await?;
    let key = throttle_key(&pending.user);
    wait_for_throttle(&services, &key).await?;
    let entered = parse_code(&code).map_err(|problem| AppError::field("code", problem.code()))?;
    let user = users::get(&services.db, &pending.user)
        .await?
        .ok_or(AppError::SignInExpired)?;
    let accepted = code_accepted(&services, &user, entered).await?;
    if !accepted {
        return wrong_code(&services, &key).await;
    }
    throttle::clear(&services.db, &key).await?;
    store::end_sign_in(&services.db, &pending.id).await?;
    set_cookie(&cleared_pending_sign_in_cookie(services.secure_cookies));
    crate::api::identity::start_session(&services, &user, &pending.next).await
}

/// Whether `entered` is a code `user` may use now: one from their authenticator that was not
/// used before (then used up), or one of their recovery codes (used up, audited and e-mailed).
#[cfg(feature = "ssr")]
async fn code_accepted(
    services: &Services,
    user: &users::UserRecord,
    entered: Entered,
) -> Result<bool, AppError> {
    let stored = stored(services, &user.id).await?;
    match entered {
        Entered::Authenticator(digits) => {
            let secret = stored.secret.as_deref().and_then(|sealed| {
                services
                    .field_key
                    .open(sealed, &secret_context(&user.id))
                    .ok()
            });
            let last = stored.last_step.and_then(|step| u64::try_from(step).ok());
            let step = secret.and_then(|secret| {
                totp::accepted_step(&secret, &digits, totp::now_seconds(), last)
            });
            let Some(step) = step else {
                return Ok(false);
            };
            // two requests with the same code at once: the store accepts only one
            match store::use_step(&services.db, &user.id, step).await {
                Ok(()) => Ok(true),
                Err(TwoFactorError::CodeUsed) => Ok(false),
                Err(error) => Err(refused(error)),
            }
        }
        Entered::Recovery(recovery) => {
            let left = u32::try_from(stored.recovery_left.saturating_sub(1)).unwrap_or_default();
            let email = crate::server::mail_text::two_factor::recovery_code_used(left)
                .to(&user.email, &services.public_url);
            let address = client_address().await;
            let acting = crate::server::store::accounts::Acting {
                organization: &user.organization,
                user: &user.id,
                name: &user.display_name,
                address: address.as_deref(),
            };
            match store::use_recovery_code(&services.db, acting, &token_hash(&recovery), &email)
                .await
            {
                Ok(()) => Ok(true),
                Err(TwoFactorError::RecoveryUnknown) => Ok(false),
                Err(error) => Err(refused(error)),
            }
        }
    }
}

/// Fresh proof of who is using the session, before a sensitive action: `proof` if one was
/// typed (a code from the authenticator app or a recovery code; the password for a user
/// without two-factor sign-in), else the session's own proof within the step-up window (the
/// sign-in, or the last code entered). A wrong proof counts like a wrong code; a right one
/// lets the session's next sensitive actions through for the window.
#[cfg(feature = "ssr")]
pub(crate) async fn step_up(
    services: &Services,
    me: &ActiveSession,
    proof: &str,
) -> Result<(), AppError> {
    let proof = proof.trim();
    if proof.is_empty() {
        return if me.proved_recently {
            Ok(())
        } else {
            Err(AppError::field("proof", "proof.required"))
        };
    }
    let key = throttle_key(&me.user);
    wait_for_throttle(services, &key).await?;
    let user = users::get(&services.db, &me.user)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let right = if me.two_factor_on {
        match parse_code(proof) {
            Ok(entered) => code_accepted(services, &user, entered).await?,
            Err(_) => false,
        }
    } else {
        services
            .hasher
            .verify(proof.to_owned(), user.password_hash().as_ref())
            .await?
    };
    if !right {
        throttle::record_failure(&services.db, &key, FREE_FAILURES, ACCOUNT_MAX_DELAY).await?;
        return Err(AppError::field("proof", "proof.wrong"));
    }
    throttle::clear(&services.db, &key).await?;
    crate::server::store::sessions::prove(&services.db, &me.session).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn stored(services: &Services, user: &RecordId) -> Result<Stored, AppError> {
    store::stored(&services.db, user)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// A new set of recovery codes for `user`: their hashes for the store, and the codes sealed
/// for the page that shows them once.
#[cfg(feature = "ssr")]
fn new_codes(services: &Services, user: &RecordId) -> NewCodes {
    let codes = totp::new_recovery_codes();
    NewCodes {
        hashes: codes.iter().map(|code| token_hash(code)).collect(),
        sealed: services
            .field_key
            .seal(codes.join("\n").as_bytes(), &codes_context(user)),
    }
}

/// What the authenticator secret of `user` is sealed for.
#[cfg(feature = "ssr")]
fn secret_context(user: &RecordId) -> String {
    format!("user:{}:totp", record_key(user))
}

/// What the recovery codes to show `user` once are sealed for.
#[cfg(feature = "ssr")]
fn codes_context(user: &RecordId) -> String {
    format!("user:{}:recovery", record_key(user))
}

/// Wrong codes are counted per account, apart from wrong passwords.
#[cfg(feature = "ssr")]
fn throttle_key(user: &RecordId) -> String {
    format!("code:{}", record_key(user))
}

#[cfg(feature = "ssr")]
async fn wait_for_throttle(services: &Services, key: &str) -> Result<(), AppError> {
    let wait = throttle::wait_seconds(&services.db, &[key.to_owned()]).await?;
    if wait > 0 {
        return Err(AppError::TooManyAttempts {
            seconds: wait,
            email: String::new(),
        });
    }
    Ok(())
}

#[cfg(feature = "ssr")]
async fn wrong_code(services: &Services, key: &str) -> Result<(), AppError> {
    throttle::record_failure(&services.db, key, FREE_FAILURES, ACCOUNT_MAX_DELAY).await?;
    Err(AppError::field("code", "two_factor.code_wrong"))
}

#[cfg(feature = "ssr")]
fn refused(error: TwoFactorError) -> AppError {
    match error {
        TwoFactorError::SetupChanged => AppError::Conflict("two_factor.setup_changed".into()),
        TwoFactorError::CodeUsed | TwoFactorError::RecoveryUnknown => {
            AppError::field("code", "two_factor.code_wrong")
        }
        TwoFactorError::NotOn => AppError::Conflict("two_factor.not_on".into()),
        TwoFactorError::NotFound => AppError::NotFound,
        TwoFactorError::RecoveryPending => AppError::Conflict("recovery.pending".into()),
        TwoFactorError::SameAdmin => AppError::Conflict("recovery.same_admin".into()),
        TwoFactorError::Db(error) => AppError::internal(error),
    }
}

/// Whether `me` must still set up two-factor sign-in before anything else works.
#[cfg(feature = "ssr")]
pub(crate) fn must_set_up(me: &ActiveSession) -> bool {
    gate::two_factor_required(me) && !me.two_factor_on
}

/// A recovery waiting for its second program admin, as the recovery page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecoveryView {
    pub id: String,
    pub organization: String,
    pub program_id: String,
    pub admin_name: String,
    pub admin_email: String,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: String,
    /// asked for by the program admin looking at it: another one must approve it
    pub mine: bool,
}

/// The recoveries waiting for their second program admin.
#[server(endpoint = "load_recoveries")]
pub async fn load_recoveries() -> Result<Vec<RecoveryView>, AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    Ok(store::pending_recoveries(&services.db)
        .await?
        .into_iter()
        .map(|r| RecoveryView {
            id: record_key(&r.id),
            organization: r.organization_name,
            program_id: r.program_id.map(|p| p.to_string()).unwrap_or_default(),
            admin_name: r.name,
            admin_email: r.email,
            reason: r.reason,
            requested_by: r.requested_by_name,
            requested_at: r.requested_at,
            mine: r.requested_by == admin.user,
        })
        .collect())
}

/// A program admin asks to reset the two-factor sign-in of a global admin of a partner
/// organization whose every global admin lost their second factor (the partner's program ID
/// and that global admin's e-mail, and why). Nothing happens until a second program admin
/// approves it; every global admin of the organization is e-mailed now.
#[server(endpoint = "request_recovery")]
pub async fn request_recovery(
    #[server(default)] program_id: String,
    #[server(default)] email: String,
    #[server(default)] reason: String,
    #[server(default)] proof: String,
) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let typed = [
        ("program_id", program_id.as_str()),
        ("email", email.as_str()),
        ("reason", reason.as_str()),
    ];
    let mut fields = Vec::new();
    let number = crate::domain::program_id::ProgramId::parse(&program_id)
        .map_err(|problem| fields.push(("program_id".to_owned(), problem.code().to_owned())))
        .ok();
    let address = crate::api::checks::email_address(&mut fields, "email", &email);
    let reason = crate::domain::clean_text(&reason);
    if reason.is_empty() {
        fields.push(("reason".to_owned(), "reason.empty".to_owned()));
    } else if reason.chars().count() > 500 {
        fields.push(("reason".to_owned(), "reason.too_long".to_owned()));
    }
    let (Some(number), Some(address), true) = (number, address, fields.is_empty()) else {
        return Err(AppError::invalid(fields, &typed));
    };
    let target = store::recovery_target(&services.db, i64::from(number.get()), address.as_str())
        .await?
        .ok_or_else(|| AppError::field("email", "recovery.no_such_admin").with_values(&typed))?;
    if !target.two_factor_on {
        return Err(AppError::Conflict("two_factor.not_on".into()));
    }
    step_up(&services, &admin, &proof).await?;
    let notice = crate::server::mail_text::two_factor::recovery_requested(
        &target.organization_name,
        &target.name,
        &admin.display_name,
        &reason,
    );
    let emails: Vec<_> = target
        .admin_emails
        .iter()
        .map(|to| notice.to(to, &services.public_url))
        .collect();
    let client = client_address().await;
    store::request_recovery(
        &services.db,
        acting(&admin, &client),
        &target,
        address.as_str(),
        &reason,
        &emails,
    )
    .await
    .map_err(refused)?;
    form_done("/program/recovery?done=requested")
}

/// A second program admin (not the one who asked) approves a recovery: the global admin's
/// two-factor sign-in is reset at once, and every global admin of the organization is
/// e-mailed.
#[server(endpoint = "approve_recovery")]
pub async fn approve_recovery(
    id: String,
    #[server(default)] proof: String,
) -> Result<(), AppError> {
    let (services, admin) = gate::staff(StaffPermission::ProgramManage).await?;
    let request_id = gate::record_from_page("two_factor_recovery", &id)?;
    let request = store::pending_recoveries(&services.db)
        .await?
        .into_iter()
        .find(|r| r.id == request_id)
        .ok_or(AppError::NotFound)?;
    if request.requested_by == admin.user {
        return Err(AppError::Conflict("recovery.same_admin".into()));
    }
    step_up(&services, &admin, &proof).await?;
    let notice = crate::server::mail_text::two_factor::recovery_done(
        &request.organization_name,
        &request.name,
        &request.requested_by_name,
        &admin.display_name,
    );
    let emails: Vec<_> = store::global_admin_emails(&services.db, &request.organization)
        .await?
        .iter()
        .map(|to| notice.to(to, &services.public_url))
        .collect();
    let client = client_address().await;
    store::approve_recovery(&services.db, acting(&admin, &client), &request, &emails)
        .await
        .map_err(refused)?;
    form_done("/program/recovery?done=approved")
}
