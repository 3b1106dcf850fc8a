//! Two-factor sign-in through the HTTP stack: set-up before anything else, a session only after
//! both steps, codes that work once, throttled wrong codes, recovery codes.

use crate::support::{self, router::*};
use app::server::{
    auth::{password::Hasher, totp},
    db::{Database, execute},
    store::users::{self, NewUser},
    surrealdb::types::RecordId,
};
use axum::{
    Router,
    http::{StatusCode, header},
};

const PASSWORD: &str = "a long enough passphrase";

/// A user of `organization` with `roles` and the password [`PASSWORD`] (hashed for real).
async fn user_with_password(
    db: &Database,
    organization: &RecordId,
    email: &str,
    roles: &[&str],
) -> RecordId {
    let hash = Hasher::new(1).hash(PASSWORD.into()).await.unwrap();
    users::create(
        db,
        NewUser {
            organization,
            email,
            display_name: "Min-jun Oh",
            roles,
            password_hash: &hash,
            must_change_password: false,
        },
    )
    .await
    .unwrap()
}

/// A form post without JavaScript, with `cookie`: where it sends the browser, and the cookies
/// it sets (`name=value` of each).
async fn post(app: &Router, endpoint: &str, cookie: &str, form: &str) -> (String, Vec<String>) {
    let response = form_post_without_js(app, endpoint, &[(header::COOKIE, cookie)], form).await;
    assert!(
        response.status().is_redirection(),
        "{endpoint}: {}",
        response.status()
    );
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| {
            let value = value.to_str().unwrap();
            value.split(';').next().unwrap().to_owned()
        })
        .collect();
    (location, cookies)
}

/// The value of cookie `name` among `cookies`, if one was set (not cleared).
fn cookie<'a>(cookies: &'a [String], name: &str) -> Option<&'a str> {
    cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .filter(|value| !value.is_empty())
}

/// The password step: the pending sign-in's token (the code step comes next).
async fn password_step(app: &Router, email: &str) -> String {
    let form = format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        PASSWORD.replace(' ', "+")
    );
    let (location, cookies) = post(app, "sign_in", "", &form).await;
    assert_eq!(location, "/sign-in/code", "{cookies:?}");
    assert_eq!(
        cookie(&cookies, "csp_session"),
        None,
        "no session before the code"
    );
    cookie(&cookies, "csp_sign_in")
        .expect("a pending sign-in")
        .to_owned()
}

/// The code step: where it goes and the session it starts, if it passed.
async fn code_step(app: &Router, pending: &str, code: &str) -> Reply {
    post_server_fn(
        app,
        "sign_in_code",
        Some(format!("csp_sign_in={pending}")),
        &format!("code={code}"),
    )
    .await
}

/// Sets up two-factor sign-in for the signed-in `session`: the secret, the time the
/// confirming code was made at, and the recovery codes shown once.
async fn set_up(app: &Router, session: &str) -> (Vec<u8>, u64, Vec<String>) {
    let enrolment = support::by(app, session).ok("load_enrolment", "").await;
    let enrolment: serde_json::Value = serde_json::from_str(&enrolment).unwrap();
    assert!(enrolment["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let secret = totp::secret_from_base32(enrolment["secret"].as_str().unwrap()).unwrap();
    // a reload shows the same secret
    let again = support::by(app, session).ok("load_enrolment", "").await;
    assert!(again.contains(enrolment["secret"].as_str().unwrap()));

    let now = totp::now_seconds();
    let wrong = wrong_code(&secret, now);
    let body = support::by(app, session)
        .invalid("confirm_two_factor", &format!("code={wrong}"))
        .await;
    support::assert_codes(&body, &["two_factor.code_wrong"]);
    let code = totp::code_at(&secret, now, 6);
    support::by(app, session)
        .ok("confirm_two_factor", &format!("code={code}"))
        .await;
    let codes = support::by(app, session)
        .ok("take_recovery_codes", "")
        .await;
    let codes: Vec<String> = serde_json::from_str(&codes).unwrap();
    assert_eq!(codes.len(), 10);
    // shown once
    assert_eq!(
        support::by(app, session)
            .ok("take_recovery_codes", "")
            .await,
        "[]"
    );
    (secret, now, codes)
}

/// A six-digit code that is none of the three `secret` accepts around `now`.
fn wrong_code(secret: &[u8], now: u64) -> String {
    let near: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .map(|t| totp::code_at(secret, *t, 6))
        .collect();
    (0..1000)
        .map(|n| format!("{n:06}"))
        .find(|code| !near.contains(code))
        .unwrap()
}

#[tokio::test]
async fn staff_set_up_two_factor_first_and_then_sign_in_in_two_steps() {
    let (app, db) = app().await;
    let operator = support::operator(&db).await;
    user_with_password(&db, &operator, "admin@operator.example", &["program_admin"]).await;

    // the password alone: a session that can only set up two-factor sign-in
    let (location, cookies) = post(
        &app,
        "sign_in",
        "",
        "email=admin%40operator.example&password=a+long+enough+passphrase",
    )
    .await;
    assert_eq!(location, "/account/security/authenticator");
    let session = cookie(&cookies, "csp_session").unwrap().to_owned();
    let body = support::by(&app, &session)
        .forbidden("list_staff", "")
        .await;
    support::assert_codes(&body, &["TwoFactorSetupRequired"]);
    let security = support::by(&app, &session).ok("load_security", "").await;
    assert!(
        security.contains("\"on\":false") && security.contains("\"required\":true"),
        "{security}"
    );
    // it cannot be turned off, nor can codes be made, before it is on
    support::by(&app, &session)
        .forbidden("turn_off_two_factor", "")
        .await;

    let (secret, confirmed_at, _) = set_up(&app, &session).await;
    support::by(&app, &session).ok("list_staff", "").await;
    let security = support::by(&app, &session).ok("load_security", "").await;
    assert!(
        security.contains("\"on\":true") && security.contains("\"recovery_left\":10"),
        "{security}"
    );
    support::by(&app, &session)
        .forbidden("turn_off_two_factor", "")
        .await;
    assert!(
        support::subjects(&db, "admin@operator.example")
            .await
            .contains(&"Two-factor sign-in is on / 2단계 로그인 켜짐".to_owned())
    );

    // the password step opens nothing but the code step
    let pending = password_step(&app, "admin@operator.example").await;
    let (_, body) = call(&app, "list_staff", Some(&pending)).await;
    support::assert_codes(&body, &["Unauthenticated"]);
    let (_, body) =
        post_server_fn(&app, "who_am_i", Some(format!("csp_sign_in={pending}")), "").await;
    assert_eq!(body, "null");

    // the code that confirmed the set-up was used: refused, even inside its window
    let used = totp::code_at(&secret, confirmed_at, 6);
    let (status, body) = code_step(&app, &pending, &used).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    support::assert_codes(&body, &["two_factor.code_wrong"]);

    // the next step's code passes: a new session, the pending sign-in gone
    let next = totp::code_at(&secret, confirmed_at + 30, 6);
    let (location, cookies) = post(
        &app,
        "sign_in_code",
        &format!("csp_sign_in={pending}"),
        &format!("code={next}"),
    )
    .await;
    assert_eq!(location, "/account");
    let second = cookie(&cookies, "csp_session").unwrap();
    assert_ne!(second, session);
    assert!(cookies.contains(&"csp_sign_in=".to_owned()), "{cookies:?}");
    support::by(&app, second).ok("list_staff", "").await;
    let (status, body) = code_step(&app, &pending, &next).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    support::assert_codes(&body, &["SignInExpired"]);

    // and it works once: a new sign-in with the same code is refused
    let pending = password_step(&app, "admin@operator.example").await;
    let (status, body) = code_step(&app, &pending, &next).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn wrong_codes_are_throttled_per_account() {
    let (app, db) = app().await;
    let operator = support::operator(&db).await;
    let user = user_with_password(&db, &operator, "reviewer@operator.example", &["reviewer"]).await;
    let session = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    let (secret, _, _) = set_up(&app, &session).await;
    let pending = password_step(&app, "reviewer@operator.example").await;
    let wrong = wrong_code(&secret, totp::now_seconds());
    // the set-up's wrong code counted once; two more are free
    for _ in 0..2 {
        let (status, body) = code_step(&app, &pending, &wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (status, _) = code_step(&app, &pending, &wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // now even the right code waits
    let right = totp::code_at(&secret, totp::now_seconds() + 30, 6);
    let (status, body) = code_step(&app, &pending, &right).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    support::assert_codes(&body, &["TooManyAttempts"]);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_is_audited_and_mailed() {
    let (app, db) = app().await;
    let partner = support::approved(&db, 4_000_001, "Fabrikam", "direct_bill").await;
    let user = user_with_password(&db, &partner, "owner@fabrikam.example", &["global_admin"]).await;
    let session = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    // a global admin without two-factor: every organization page waits for the set-up
    support::by(&app, &session)
        .forbidden("list_members", "")
        .await;
    let (_, _, codes) = set_up(&app, &session).await;

    let pending = password_step(&app, "owner@fabrikam.example").await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let (location, cookies) = post(
        &app,
        "sign_in_code",
        &format!("csp_sign_in={pending}"),
        &format!("code={typed}"),
    )
    .await;
    assert_eq!(location, "/account");
    let signed_in = cookie(&cookies, "csp_session").unwrap();
    let log = support::by(&app, signed_in).ok("load_audit_log", "").await;
    assert!(log.contains("two_factor.recovery_used"), "{log}");
    assert!(log.contains("two_factor.set_up"), "{log}");
    let mail: Vec<String> = execute(
        db.query("SELECT VALUE text FROM outbox WHERE subject CONTAINS 'recovery code was used'"),
    )
    .await
    .unwrap()
    .take(0)
    .unwrap();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("9 unused codes are left"), "{}", mail[0]);

    let pending = password_step(&app, "owner@fabrikam.example").await;
    let (status, body) = code_step(&app, &pending, &codes[3]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    support::assert_codes(&body, &["two_factor.code_wrong"]);

    // a new set: the old codes stop working
    support::by(&app, signed_in)
        .ok("renew_recovery_codes", "")
        .await;
    let fresh: Vec<String> = serde_json::from_str(
        &support::by(&app, signed_in)
            .ok("take_recovery_codes", "")
            .await,
    )
    .unwrap();
    assert_eq!(fresh.len(), 10);
    let (status, _) = code_step(&app, &pending, &codes[4]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (location, _) = post(
        &app,
        "sign_in_code",
        &format!("csp_sign_in={pending}"),
        &format!("code={}", fresh[0]),
    )
    .await;
    assert_eq!(location, "/account");
}

#[tokio::test]
async fn a_user_who_may_go_without_it_turns_it_on_and_off() {
    let (app, db) = app().await;
    let partner = support::approved(&db, 4_000_002, "Contoso", "direct_bill").await;
    let user = user_with_password(&db, &partner, "sales@contoso.example", &["sales_agent"]).await;
    let session = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    // not required: everything works without it
    support::by(&app, &session)
        .ok("load_partner_home", "")
        .await;
    let security = support::by(&app, &session).ok("load_security", "").await;
    assert!(security.contains("\"required\":false"), "{security}");
    set_up(&app, &session).await;
    password_step(&app, "sales@contoso.example").await;
    support::by(&app, &session)
        .ok("turn_off_two_factor", "")
        .await;
    let security = support::by(&app, &session).ok("load_security", "").await;
    assert!(security.contains("\"on\":false"), "{security}");
    // the password alone signs in again
    let (location, cookies) = post(
        &app,
        "sign_in",
        "",
        "email=sales%40contoso.example&password=a+long+enough+passphrase",
    )
    .await;
    assert_eq!(location, "/account");
    assert!(cookie(&cookies, "csp_session").is_some());
    assert_eq!(
        support::subjects(&db, "sales@contoso.example").await,
        [
            "Two-factor sign-in is on / 2단계 로그인 켜짐",
            "Two-factor sign-in is off / 2단계 로그인 꺼짐"
        ]
    );
}

#[tokio::test]
async fn a_program_admin_can_require_it_of_every_partner_and_customer_user() {
    let (app, db) = app().await;
    let operator = support::operator(&db).await;
    let admin = support::member(&db, &operator, "admin@operator.example", &["program_admin"]).await;
    let partner = support::approved(&db, 4_000_003, "Northwind", "direct_bill").await;
    let user = user_with_password(&db, &partner, "sales@northwind.example", &["sales_agent"]).await;
    let sales = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    support::by(&app, &sales).ok("load_partner_home", "").await;
    // only a program admin changes it
    support::by(&app, &sales)
        .forbidden("save_two_factor_everyone", "everyone=on")
        .await;

    support::by(&app, &admin)
        .ok("save_two_factor_everyone", "everyone=on")
        .await;
    let settings = support::by(&app, &admin)
        .ok("load_enrollment_settings", "")
        .await;
    assert!(
        settings.contains("\"two_factor_everyone\":true"),
        "{settings}"
    );
    let body = support::by(&app, &sales)
        .forbidden("load_partner_home", "")
        .await;
    support::assert_codes(&body, &["TwoFactorSetupRequired"]);
    let security = support::by(&app, &sales).ok("load_security", "").await;
    assert!(security.contains("\"required\":true"), "{security}");

    // the box unticked: not required any more
    support::by(&app, &admin)
        .ok("save_two_factor_everyone", "")
        .await;
    support::by(&app, &sales).ok("load_partner_home", "").await;
}

/// Makes the proof of the session `token` older than the step-up window.
pub async fn stale(db: &Database, token: &str) {
    execute(
        db.query("UPDATE session SET proved_at = time::now() - 1h WHERE token_hash = $hash")
            .bind("hash", app::server::auth::token::token_hash(token)),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn sensitive_actions_need_a_fresh_code() {
    let (app, db) = app().await;
    let partner = support::approved(&db, 4_000_004, "Litware", "direct_bill").await;
    let user = user_with_password(&db, &partner, "owner@litware.example", &["global_admin"]).await;
    let session = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    let (secret, confirmed_at, _) = set_up(&app, &session).await;
    let (colleague, _) = support::user_with_session(
        &db,
        &partner,
        "sales@litware.example",
        "Sales",
        &["sales_agent"],
        false,
    )
    .await;
    let colleague = app::server::db::record_key(&colleague);
    let promote = |proof: &str| {
        format!(
            "id={colleague}&version=1&roles%5Bglobal_admin%5D=on&roles%5Bsales_agent%5D=on\
             &proof={proof}"
        )
    };
    let bank = |proof: &str| {
        format!("holder=Litware&account_number=123456789&routing_code=021000021&proof={proof}")
    };
    // right after signing in (or setting up) the session's own proof is fresh; ten minutes on
    // it is not, and each sensitive action asks for a code, changing nothing
    stale(&db, &session).await;
    for (endpoint, form) in [
        ("set_member_roles", promote("")),
        ("replace_bank_details", bank("")),
        ("renew_recovery_codes", String::new()),
    ] {
        let body = support::by(&app, &session).invalid(endpoint, &form).await;
        support::assert_codes(&body, &["proof.required"]);
    }
    let members = support::by(&app, &session).ok("list_members", "").await;
    assert!(
        members.contains("\"email\":\"sales@litware.example\",\"roles\":[\"sales_agent\"]"),
        "{members}"
    );
    // a role change that leaves global admin alone needs no code
    support::by(&app, &session)
        .ok(
            "set_member_roles",
            &format!("id={colleague}&version=1&roles%5Bhelpdesk_agent%5D=on"),
        )
        .await;

    // a wrong code is refused as such
    let wrong = wrong_code(&secret, totp::now_seconds());
    let body = support::by(&app, &session)
        .invalid("renew_recovery_codes", &format!("proof={wrong}"))
        .await;
    support::assert_codes(&body, &["proof.wrong"]);
    // the right one: the action goes on in the same request, and the session's proof is fresh
    // again for the next ones
    let code = totp::code_at(&secret, confirmed_at + 30, 6);
    support::by(&app, &session)
        .ok(
            "set_member_roles",
            &promote(&code).replace("version=1", "version=2"),
        )
        .await;
    support::by(&app, &session)
        .ok("renew_recovery_codes", "")
        .await;
    let body = support::by(&app, &session)
        .reply("replace_bank_details", &bank(""))
        .await;
    assert!(!body.contains("proof."), "{body}");

    // a recovery code is proof too (and is used up)
    let codes: Vec<String> = serde_json::from_str(
        &support::by(&app, &session)
            .ok("take_recovery_codes", "")
            .await,
    )
    .unwrap();
    stale(&db, &session).await;
    support::by(&app, &session)
        .ok("renew_recovery_codes", &format!("proof={}", codes[0]))
        .await;
    let security = support::by(&app, &session).ok("load_security", "").await;
    assert!(security.contains("\"recovery_left\":10"), "{security}");
}

#[tokio::test]
async fn administrators_reset_a_colleagues_two_factor_never_their_own() {
    let (app, db) = app().await;
    let partner = support::approved(&db, 4_000_005, "Proseware", "direct_bill").await;
    let other = support::approved(&db, 4_000_006, "Wingtip", "direct_bill").await;
    let (owner_id, owner) = support::user_with_session(
        &db,
        &partner,
        "owner@proseware.example",
        "Owner",
        &["global_admin"],
        false,
    )
    .await;
    let lost = user_with_password(
        &db,
        &partner,
        "billing@proseware.example",
        &["billing_admin"],
    )
    .await;
    let lost_session = app::server::store::sessions::create(&db, &lost)
        .await
        .unwrap();
    set_up(&app, &lost_session).await;
    let (_, users_admin) = support::user_with_session(
        &db,
        &partner,
        "users@proseware.example",
        "Users",
        &["user_management_admin"],
        false,
    )
    .await;
    let (stranger, _) = support::user_with_session(
        &db,
        &other,
        "owner@wingtip.example",
        "Stranger",
        &["global_admin"],
        false,
    )
    .await;
    let key = |id: &RecordId| app::server::db::record_key(id);

    // nobody resets their own; a user management admin resets nobody's; another
    // organization's user is not found
    let body = support::by(&app, &owner)
        .conflict("reset_member_two_factor", &format!("id={}", key(&owner_id)))
        .await;
    support::assert_codes(&body, &["two_factor.not_yourself"]);
    support::by(&app, &users_admin)
        .forbidden("reset_member_two_factor", &format!("id={}", key(&lost)))
        .await;
    support::by(&app, &owner)
        .not_found("reset_member_two_factor", &format!("id={}", key(&stranger)))
        .await;
    // ten minutes after signing in, a reset asks for a code first
    stale(&db, &owner).await;
    let body = support::by(&app, &owner)
        .invalid("reset_member_two_factor", &format!("id={}", key(&lost)))
        .await;
    support::assert_codes(&body, &["proof.required"]);
    execute(db.query("UPDATE session SET proved_at = time::now()"))
        .await
        .unwrap();

    support::by(&app, &owner)
        .ok("reset_member_two_factor", &format!("id={}", key(&lost)))
        .await;
    // signed out everywhere, told by e-mail, recorded; at the next sign-in the set-up again
    let (_, body) = call(&app, "who_am_i", Some(&lost_session)).await;
    assert_eq!(body, "null");
    assert!(
        support::subjects(&db, "billing@proseware.example")
            .await
            .contains(&"Your two-factor sign-in was reset / 2단계 로그인 초기화".to_owned())
    );
    let log = support::by(&app, &owner).ok("load_audit_log", "").await;
    assert!(log.contains("two_factor.reset"), "{log}");
    let (location, _) = post(
        &app,
        "sign_in",
        "",
        "email=billing%40proseware.example&password=a+long+enough+passphrase",
    )
    .await;
    assert_eq!(location, "/account/security/authenticator");
    // reset already: nothing more to reset
    let body = support::by(&app, &owner)
        .conflict("reset_member_two_factor", &format!("id={}", key(&lost)))
        .await;
    support::assert_codes(&body, &["two_factor.not_on"]);
}

#[tokio::test]
async fn a_program_admin_resets_a_reviewers_two_factor() {
    let (app, db) = app().await;
    let operator = support::operator(&db).await;
    let (admin_id, admin) = support::user_with_session(
        &db,
        &operator,
        "admin@operator.example",
        "Admin",
        &["program_admin"],
        false,
    )
    .await;
    let (reviewer_id, reviewer) = support::user_with_session(
        &db,
        &operator,
        "reviewer@operator.example",
        "Reviewer",
        &["reviewer"],
        false,
    )
    .await;
    let key = |id: &RecordId| app::server::db::record_key(id);
    support::by(&app, &reviewer)
        .forbidden("reset_staff_two_factor", &format!("id={}", key(&admin_id)))
        .await;
    let body = support::by(&app, &admin)
        .conflict("reset_staff_two_factor", &format!("id={}", key(&admin_id)))
        .await;
    support::assert_codes(&body, &["two_factor.not_yourself"]);
    support::by(&app, &admin)
        .ok(
            "reset_staff_two_factor",
            &format!("id={}", key(&reviewer_id)),
        )
        .await;
    let staff = support::by(&app, &admin).ok("list_staff", "").await;
    assert!(
        staff.contains("\"email\":\"reviewer@operator.example\"")
            && staff.contains("\"two_factor_on\":false"),
        "{staff}"
    );
    let (_, body) = call(&app, "who_am_i", Some(&reviewer)).await;
    assert_eq!(body, "null");
}

#[tokio::test]
async fn a_locked_out_organization_gets_back_in_with_two_program_admins() {
    let (app, db) = app().await;
    let operator = support::operator(&db).await;
    let (_, first) = support::user_with_session(
        &db,
        &operator,
        "first@operator.example",
        "First Admin",
        &["program_admin"],
        false,
    )
    .await;
    let (_, second) = support::user_with_session(
        &db,
        &operator,
        "second@operator.example",
        "Second Admin",
        &["program_admin"],
        false,
    )
    .await;
    let partner = support::approved(&db, 4_000_007, "Adventure Works", "direct_bill").await;
    let (_, locked) = support::user_with_session(
        &db,
        &partner,
        "one@adventure.example",
        "One",
        &["global_admin"],
        false,
    )
    .await;
    let (_, other_admin) = support::user_with_session(
        &db,
        &partner,
        "two@adventure.example",
        "Two",
        &["global_admin"],
        false,
    )
    .await;
    let ask =
        "program_id=4000007&email=one%40adventure.example&reason=Called+from+the+number+on+file";

    // the partner and the admin must be found
    let body = support::by(&app, &first)
        .invalid(
            "request_recovery",
            "program_id=4000007&email=nobody%40adventure.example&reason=x",
        )
        .await;
    support::assert_codes(&body, &["recovery.no_such_admin"]);
    let body = support::by(&app, &first)
        .invalid("request_recovery", "program_id=12&email=x&reason=")
        .await;
    support::assert_codes(
        &body,
        &["program_id.wrong_length", "email.malformed", "reason.empty"],
    );
    // a partner's global admin cannot ask
    support::by(&app, &other_admin)
        .forbidden("request_recovery", ask)
        .await;

    // asked: every global admin of the organization is told; nothing is reset yet
    support::by(&app, &first).ok("request_recovery", ask).await;
    for admin in ["one@adventure.example", "two@adventure.example"] {
        assert!(
            support::subjects(&db, admin)
                .await
                .contains(&"Two-factor recovery requested / 2단계 로그인 복구 요청".to_owned()),
            "{admin}"
        );
    }
    let (_, body) = call(&app, "who_am_i", Some(&locked)).await;
    assert_ne!(body, "null");
    let body = support::by(&app, &first)
        .conflict("request_recovery", ask)
        .await;
    support::assert_codes(&body, &["recovery.pending"]);
    let pending = support::by(&app, &first).ok("load_recoveries", "").await;
    let list: serde_json::Value = serde_json::from_str(&pending).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{pending}");
    assert_eq!(list[0]["mine"], true);
    assert_eq!(list[0]["admin_email"], "one@adventure.example");
    let id = list[0]["id"].as_str().unwrap().to_owned();

    // the one who asked cannot approve; the second program admin does, and it is done
    let body = support::by(&app, &first)
        .conflict("approve_recovery", &format!("id={id}"))
        .await;
    support::assert_codes(&body, &["recovery.same_admin"]);
    support::by(&app, &second)
        .ok("approve_recovery", &format!("id={id}"))
        .await;
    let (_, body) = call(&app, "who_am_i", Some(&locked)).await;
    assert_eq!(body, "null", "the reset admin's sessions ended");
    assert_eq!(
        support::by(&app, &first).ok("load_recoveries", "").await,
        "[]"
    );
    for admin in ["one@adventure.example", "two@adventure.example"] {
        assert!(
            support::subjects(&db, admin)
                .await
                .contains(&"Two-factor sign-in reset / 2단계 로그인 초기화 완료".to_owned()),
            "{admin}"
        );
    }
    // both program admins are in the organization's own audit log
    let log = support::by(&app, &other_admin)
        .ok("load_audit_log", "")
        .await;
    assert!(
        log.contains("two_factor.recovery_requested") && log.contains("First Admin"),
        "{log}"
    );
    assert!(
        log.contains("two_factor.recovery_approved") && log.contains("Second Admin"),
        "{log}"
    );
    let body = support::by(&app, &second)
        .not_found("approve_recovery", &format!("id={id}"))
        .await;
    assert!(!body.is_empty());
}

#[tokio::test]
async fn changing_ones_own_second_factor_needs_a_fresh_code_too() {
    let (app, db) = app().await;
    let partner = support::approved(&db, 4_000_008, "Tailwind", "direct_bill").await;
    let user = user_with_password(&db, &partner, "sales@tailwind.example", &["sales_agent"]).await;
    let session = app::server::store::sessions::create(&db, &user)
        .await
        .unwrap();
    let (secret, confirmed_at, _) = set_up(&app, &session).await;
    stale(&db, &session).await;

    // moving to a new authenticator: the new app's code alone is not enough
    let enrolment: serde_json::Value =
        serde_json::from_str(&support::by(&app, &session).ok("load_enrolment", "").await).unwrap();
    assert_eq!(enrolment["replacing"], true);
    let new_secret = totp::secret_from_base32(enrolment["secret"].as_str().unwrap()).unwrap();
    let new_code = totp::code_at(&new_secret, totp::now_seconds(), 6);
    let body = support::by(&app, &session)
        .invalid("confirm_two_factor", &format!("code={new_code}"))
        .await;
    support::assert_codes(&body, &["proof.required"]);
    // with a code from the old one as proof, the new one takes over
    let old_code = totp::code_at(&secret, confirmed_at + 30, 6);
    support::by(&app, &session)
        .ok(
            "confirm_two_factor",
            &format!("code={new_code}&proof={old_code}"),
        )
        .await;
    let pending = password_step(&app, "sales@tailwind.example").await;
    let (status, _) = code_step(
        &app,
        &pending,
        &totp::code_at(&secret, totp::now_seconds() + 30, 6),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old authenticator no longer works"
    );

    // turning it off
    stale(&db, &session).await;
    let body = support::by(&app, &session)
        .invalid("turn_off_two_factor", "")
        .await;
    support::assert_codes(&body, &["proof.required"]);
    let next = totp::code_at(&new_secret, totp::now_seconds() + 30, 6);
    support::by(&app, &session)
        .ok("turn_off_two_factor", &format!("proof={next}"))
        .await;
}
