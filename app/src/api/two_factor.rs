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
pub async fn confirm_two_factor(code: String) -> Result<(), AppError> {
    let (services, me) = gate::securing().await?;
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
pub async fn renew_recovery_codes() -> Result<(), AppError> {
    let (services, me) = gate::signed_in().await?;
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
pub async fn turn_off_two_factor() -> Result<(), AppError> {
    let (services, me) = gate::signed_in().await?;
    if gate::two_factor_required(&me) {
        return Err(AppError::Forbidden {
            reason: "two_factor.required".into(),
        });
    }
    let address = client_address().await;
    let email =
        crate::server::mail_text::two_factor::turned_off().to(&me.email, &services.public_url);
    store::turn_off(&services.db, acting(&me, &address), &email)
        .await
        .map_err(refused)?;
    form_done("/account/security?done=off")
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
    let stored = stored(&services, &user.id).await?;
    let accepted = match entered {
        Entered::Authenticator(digits) => {
            let secret = stored.secret.as_deref().and_then(|sealed| {
                services
                    .field_key
                    .open(sealed, &secret_context(&user.id))
                    .ok()
            });
            let last = stored.last_step.and_then(|step| u64::try_from(step).ok());
            match secret
                .and_then(|secret| totp::accepted_step(&secret, &digits, totp::now_seconds(), last))
            {
                // two requests with the same code at once: the store accepts only one
                Some(step) => match store::use_step(&services.db, &user.id, step).await {
                    Ok(()) => true,
                    Err(TwoFactorError::CodeUsed) => false,
                    Err(error) => return Err(refused(error)),
                },
                None => false,
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
                Ok(()) => true,
                Err(TwoFactorError::RecoveryUnknown) => false,
                Err(error) => return Err(refused(error)),
            }
        }
    };
    if !accepted {
        return wrong_code(&services, &key).await;
    }
    throttle::clear(&services.db, &key).await?;
    store::end_sign_in(&services.db, &pending.id).await?;
    set_cookie(&cleared_pending_sign_in_cookie(services.secure_cookies));
    crate::api::identity::start_session(&services, &user, &pending.next).await
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
        TwoFactorError::Db(error) => AppError::internal(error),
    }
}

/// Whether `me` must still set up two-factor sign-in before anything else works.
#[cfg(feature = "ssr")]
pub(crate) fn must_set_up(me: &ActiveSession) -> bool {
    gate::two_factor_required(me) && !me.two_factor_on
}
