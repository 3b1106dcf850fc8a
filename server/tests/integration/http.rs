//! The HTTP stack through `Router::oneshot`: health, readiness, pages, headers, language switch.

use app::server::{
    db::{Database, DatabaseUrl, StorageLimits},
    services::IdentitySettings,
};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use server::{AppState, router};
use tower::ServiceExt;

async fn app() -> (Router, Database) {
    let (state, db) = state().await;
    (router(state), db)
}

/// What a router is built from, on a new in-memory database.
async fn state() -> (AppState, Database) {
    let db = Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .expect("the database opens");
    let listen = "127.0.0.1:3000".parse().unwrap();
    let state = AppState::new(
        server::site::leptos_options(listen),
        db.clone(),
        "http://127.0.0.1:3000/".parse().unwrap(),
        IdentitySettings::default(),
        app::server::crypto::FieldKey::generate().0,
    );
    (state, db)
}

/// A request's answer, or a failure naming it after 30 s: a request that never finishes fails
/// its test instead of holding up the whole run.
async fn answered<F: std::future::IntoFuture>(request: F, what: &str) -> F::Output {
    tokio::time::timeout(std::time::Duration::from_secs(30), request)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
}

async fn get(
    app: &Router,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = answered(
        app.clone().oneshot(request.body(Body::empty()).unwrap()),
        path,
    )
    .await
    .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn healthz_says_the_process_is_alive() {
    let (app, _db) = app().await;
    let (status, headers, body) = get(&app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
}

#[tokio::test]
async fn readyz_reports_the_database_and_its_schema() {
    let (app, db) = app().await;
    let (status, _, body) = get(&app, "/readyz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ready");
    assert_eq!(json["database"], "ok");
    assert_eq!(json["schema_version"], db.applied_version());

    // once the database is gone, the process is alive but not ready
    db.close().await;
    let (status, _, body) = get(&app, "/readyz", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "unavailable");
    let (status, _, _) = get(&app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (app, _db) = app().await;
    for path in ["/healthz", "/", "/no-such-page", "/pkg/missing.js"] {
        let (_, headers, _) = get(&app, path, &[]).await;
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(headers.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn pages_get_a_nonce_policy_that_matches_their_scripts() {
    let (app, _db) = app().await;
    let (status, headers, body) = get(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce");
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );

    // a new nonce for every response
    let (_, headers, _) = get(&app, "/", &[]).await;
    assert!(
        !headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains(nonce)
    );
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server() {
    let (app, _db) = app().await;
    let (status, headers, body) = get(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("Enroll in the Cloud Solution Provider program"));
    assert!(body.contains("href=\"/join\""));
    assert!(body.contains("lang=\"en\""));
}

#[tokio::test]
async fn korean_follows_accept_language_and_the_cookie_wins() {
    let (app, _db) = app().await;
    let (_, _, body) = get(&app, "/", &[("accept-language", "ko-KR,ko;q=0.9,en;q=0.5")]).await;
    assert!(
        body.contains("클라우드 솔루션 공급자 프로그램에 등록"),
        "Korean by Accept-Language"
    );
    assert!(body.contains("lang=\"ko\""));

    let (_, _, body) = get(
        &app,
        "/",
        &[
            ("accept-language", "ko-KR,ko;q=0.9"),
            ("cookie", "csp_lang=en"),
        ],
    )
    .await;
    assert!(
        body.contains("Enroll in the Cloud Solution Provider program"),
        "the cookie wins"
    );
}

#[tokio::test]
async fn an_unknown_path_is_a_real_404_page() {
    let (app, _db) = app().await;
    let (status, headers, body) = get(&app, "/no/such/page", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("Page not found"));
}

/// Building a router renders the whole app once to list its routes, and while any thread does
/// that, Leptos holds back every resource that starts loading anywhere in the process (a
/// process-wide flag: such a resource then waits forever, leptos-rs/leptos#4773). Tests build a
/// router each, beside other tests' requests: this was the cause of the HTTP tests that hung
/// now and then under load. The route list is made once per process.
#[tokio::test]
async fn pages_answer_while_other_routers_are_being_built() {
    let (state, _db) = state().await;
    let app = router(state.clone());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let built = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let builder = {
        let (stop, built) = (stop.clone(), built.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _inside = runtime.enter();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(router(state.clone()));
                built.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        })
    };
    // the requests begin once routers are being built beside them
    while built.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    for _ in 0..20 {
        let (status, _, body) = get(&app, "/", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("</html>"));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    builder.join().unwrap();
}

async fn post_form(app: &Router, path: &str, form: &str) -> axum::response::Response {
    app.clone()
        .oneshot(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .unwrap(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_language_switch_sets_the_cookie_and_goes_back() {
    let (app, _db) = app().await;
    let response = post_form(&app, "/locale", "locale=ko&next=%2Fapply%3Fstep%3D2").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/apply?step=2");
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("csp_lang=ko;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag ({cookie})"
    );

    // never off-site
    let response = post_form(&app, "/locale", "locale=en&next=%2F%2Fevil.example.com").await;
    assert_eq!(response.headers()[header::LOCATION], "/");

    // unknown languages are refused
    let response = post_form(&app, "/locale", "locale=xx&next=%2F").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.headers().contains_key(header::SET_COOKIE));
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_and_cached_for_a_year() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("csp-portal.abc123.wasm"), b"raw wasm bytes").unwrap();
    std::fs::write(pkg.join("csp-portal.abc123.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("csp-portal.abc123.wasm.gz"), b"gzip bytes").unwrap();

    let db = Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .unwrap();
    let mut options = server::site::leptos_options("127.0.0.1:3000".parse().unwrap());
    options.site_root = site.path().display().to_string().into();
    options.hash_files = true;
    let app = router(AppState::new(
        options,
        db,
        "http://127.0.0.1:3000/".parse().unwrap(),
        IdentitySettings::default(),
        app::server::crypto::FieldKey::generate().0,
    ));

    let path = "/pkg/csp-portal.abc123.wasm";
    let (status, headers, body) =
        get(&app, path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        body, "brotli bytes",
        "the precompressed file itself, not compressed again"
    );
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let (_, headers, body) = get(&app, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(body, "gzip bytes");

    let (_, headers, body) = get(&app, path, &[]).await;
    assert!(!headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(body, "raw wasm bytes");
}

#[tokio::test]
async fn cross_site_posts_are_refused_with_403() {
    let (app, _db) = app().await;
    let post = |headers: &'static [(&'static str, &'static str)]| {
        let app = app.clone();
        async move {
            let mut request = Request::post("/locale")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "127.0.0.1:3000");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            app.oneshot(request.body(Body::from("locale=ko&next=%2F")).unwrap())
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        post(&[("origin", "https://evil.example")]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&[("sec-fetch-site", "cross-site")]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:3000")
        ])
        .await,
        StatusCode::SEE_OTHER
    );

    // server functions too: a forged sign-in never reaches the handler
    let response = app
        .clone()
        .oneshot(
            Request::post(app_server_fn_path("sign_in"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("origin", "https://evil.example")
                .body(Body::from("email=a%40b.io&password=x"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// A form posted without JavaScript comes back to its page with the error in the address; the
/// error of an earlier post is replaced, not added to, so the address does not grow.
#[tokio::test]
async fn a_failed_form_post_keeps_one_error_in_the_address() {
    let (app, _db) = app().await;
    let mut page = "http://127.0.0.1:3000/sign-in?next=%2Faccount".to_owned();
    for _ in 0..3 {
        let response = form_post_without_js(
            &app,
            "sign_in",
            &[(header::REFERER, page.as_str())],
            "email=nobody%40example.com&password=",
        )
        .await;
        assert!(response.status().is_redirection(), "{}", response.status());
        page = response.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(page.matches("__err=").count(), 1, "{page}");
        assert_eq!(page.matches("__path=").count(), 1, "{page}");
        assert!(
            page.starts_with("http://127.0.0.1:3000/sign-in?next=%2Faccount&"),
            "{page}"
        );
    }
    // the form at that address says what to fix, and keeps what was typed
    let (status, _, body) = get(&app, &page["http://127.0.0.1:3000".len()..], &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Enter your password."), "{body}");
    assert!(body.contains("nobody@example.com"), "{body}");
}

/// Calls a server function as a form without JavaScript does: form-encoded, HTML accepted (so
/// the answer is a redirect back).
async fn form_post_without_js(
    app: &Router,
    endpoint: &str,
    headers: &[(header::HeaderName, &str)],
    form: &str,
) -> axum::response::Response {
    let mut request = Request::post(app_server_fn_path(endpoint))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    answered(
        app.clone()
            .oneshot(request.body(Body::from(form.to_owned())).unwrap()),
        endpoint,
    )
    .await
    .unwrap()
}

fn app_server_fn_path(endpoint: &str) -> String {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .find(|path| path.ends_with(endpoint))
        .unwrap_or_else(|| panic!("no server function {endpoint}"))
}

#[test]
fn no_server_function_changes_anything_over_get() {
    let paths: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(!paths.is_empty());
    for (path, method) in paths {
        assert_eq!(method, axum::http::Method::POST, "{path} is not POST");
    }
}

/// Calls a server function the way a hydrated page does (JSON back), with `cookie`.
async fn call(app: &Router, endpoint: &str, cookie: Option<&str>) -> (StatusCode, String) {
    call_with(app, endpoint, cookie, "").await
}

/// [`call`] with form-encoded arguments.
async fn call_with(
    app: &Router,
    endpoint: &str,
    cookie: Option<&str>,
    form: &str,
) -> (StatusCode, String) {
    post_server_fn(
        app,
        endpoint,
        cookie.map(|c| format!("csp_session={c}")),
        form,
    )
    .await
}

/// Posts `form` to the server function `endpoint`, with the `Cookie` header `cookie`.
async fn post_server_fn(
    app: &Router,
    endpoint: &str,
    cookie: Option<String>,
    form: &str,
) -> (StatusCode, String) {
    let mut request = Request::post(app_server_fn_path(endpoint))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = answered(
        app.clone()
            .oneshot(request.body(Body::from(form.to_owned())).unwrap()),
        endpoint,
    )
    .await
    .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn server_functions_refuse_strangers_deactivated_users_and_pending_password_changes() {
    use app::server::{
        auth::password::Hasher,
        store::{
            sessions,
            users::{self, NewUser},
        },
    };
    let (app, db) = app().await;
    let operator = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    let hash = Hasher::new(1)
        .hash("a long enough password".into())
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for (email, roles, must_change) in [
        ("admin@operator.example", &["program_admin"][..], false),
        ("reviewer@operator.example", &["reviewer"][..], false),
        ("pending@operator.example", &["program_admin"][..], true),
        ("gone@operator.example", &["program_admin"][..], false),
    ] {
        let user = users::create(
            &db,
            NewUser {
                organization: &operator,
                email,
                display_name: email,
                roles,
                password_hash: &hash,
                must_change_password: must_change,
            },
        )
        .await
        .unwrap();
        tokens.push((user.clone(), sessions::create(&db, &user).await.unwrap()));
    }
    let mut results = db
        .query("UPDATE $user SET status = 'deactivated'")
        .bind("user", tokens[3].0.clone())
        .await
        .unwrap();
    assert!(app::server::db::statement_error(&mut results).is_none());

    let (status, body) = call(&app, "list_staff", Some(&tokens[0].1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("reviewer@operator.example"), "{body}");

    // the program admin's enrollment pages answer the program admin only
    for (endpoint, form) in [
        ("list_program_ids", "search="),
        ("load_enrollment_settings", ""),
        ("save_review_days", "review_days=7"),
        ("set_program_id_status", "program_id=1234567&active=false"),
    ] {
        for (cookie, expected) in [
            (None, "Unauthenticated"),
            (Some(tokens[2].1.as_str()), "PasswordChangeRequired"),
            (Some(tokens[1].1.as_str()), "Forbidden"),
        ] {
            let (status, body) = call_with(&app, endpoint, cookie, form).await;
            assert_ne!(status, StatusCode::OK, "{endpoint} {cookie:?}: {body}");
            assert!(body.contains(expected), "{endpoint} {cookie:?}: {body}");
        }
    }
    let (status, body) = call_with(
        &app,
        "save_review_days",
        Some(&tokens[0].1),
        "review_days=0",
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("review_days.range"), "{body}");

    for (cookie, expected) in [
        (None, "Unauthenticated"),
        (Some("not-a-session"), "Unauthenticated"),
        (Some(tokens[3].1.as_str()), "Unauthenticated"),
        (Some(tokens[2].1.as_str()), "PasswordChangeRequired"),
        (Some(tokens[1].1.as_str()), "Forbidden"),
    ] {
        let (status, body) = call(&app, "list_staff", cookie).await;
        assert_ne!(status, StatusCode::OK, "{cookie:?}: {body}");
        assert!(
            body.contains(expected),
            "{cookie:?}: expected {expected}, got {body}"
        );
        assert!(
            !body.contains("@operator.example"),
            "{cookie:?} leaked the list: {body}"
        );
    }
}

#[tokio::test]
async fn staff_actions_check_role_organization_and_self_on_the_server() {
    use app::server::{
        auth::password::Hasher,
        store::{
            sessions,
            users::{self, NewUser},
        },
    };
    let (app, db) = app().await;
    let operator = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    let hash = Hasher::new(1)
        .hash("a long enough password".into())
        .await
        .unwrap();
    let mut people = Vec::new();
    for (email, roles) in [
        ("admin@operator.example", &["program_admin"][..]),
        ("reviewer@operator.example", &["reviewer"][..]),
    ] {
        let user = users::create(
            &db,
            NewUser {
                organization: &operator,
                email,
                display_name: email,
                roles,
                password_hash: &hash,
                must_change_password: false,
            },
        )
        .await
        .unwrap();
        let token = sessions::create(&db, &user).await.unwrap();
        people.push((user, token));
    }
    let (admin, admin_session) = (&people[0].0, people[0].1.as_str());
    let (reviewer, reviewer_session) = (&people[1].0, people[1].1.as_str());
    // the ids the staff page names people by
    let staff = users::list(&db, &operator).await.unwrap();
    let key = |user: &_| {
        let email = if user == admin {
            "admin@operator.example"
        } else {
            "reviewer@operator.example"
        };
        staff.iter().find(|s| s.email == email).unwrap().key.clone()
    };

    // a reviewer cannot deactivate anyone
    let form = format!("id={}", key(admin));
    let (status, body) = call_with(&app, "deactivate_staff", Some(reviewer_session), &form).await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("Forbidden"), "{body}");
    assert!(users::get(&db, admin).await.unwrap().unwrap().is_active());

    // nobody deactivates or re-invites themselves
    for endpoint in ["deactivate_staff", "reissue_temporary_password"] {
        let (status, body) = call_with(&app, endpoint, Some(admin_session), &form).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("staff.not_yourself"), "{endpoint}: {body}");
    }
    // ids that are not users of this organization are not found
    for id in ["nobody", "../etc", ""] {
        let (status, body) = call_with(
            &app,
            "deactivate_staff",
            Some(admin_session),
            &format!("id={id}"),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("NotFound"), "{id}: {body}");
    }

    // the admin deactivates the reviewer: their session ends at once
    let form = format!("id={}", key(reviewer));
    let (status, body) = call_with(&app, "deactivate_staff", Some(admin_session), &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = call(&app, "who_am_i", Some(reviewer_session)).await;
    assert_eq!(body, "null");
    // a new temporary password needs an active account
    let (status, body) = call_with(
        &app,
        "reissue_temporary_password",
        Some(admin_session),
        &form,
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("staff.reactivate_first"), "{body}");
    let (status, body) = call_with(&app, "reactivate_staff", Some(admin_session), &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call_with(
        &app,
        "reissue_temporary_password",
        Some(admin_session),
        &form,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let record = users::get(&db, reviewer).await.unwrap().unwrap();
    assert!(record.is_active() && record.must_change_password);
}

/// Calls a server function with the applicant cookie `session`.
async fn call_as_applicant(
    app: &Router,
    endpoint: &str,
    session: Option<&str>,
    form: &str,
) -> (StatusCode, String) {
    post_server_fn(
        app,
        endpoint,
        session.map(|s| format!("csp_application={s}")),
        form,
    )
    .await
}

/// A program ID in `country` and an opened application for it: (program ID, applicant session).
async fn applicant(db: &Database, country: &str, work_email: &str) -> (String, String) {
    use app::server::store::{
        applications,
        outbox::Email,
        program_members::{self, NewMember},
    };
    use std::sync::{Arc, Mutex};
    let email = |text: String| Email {
        recipient: work_email.to_owned(),
        subject: "test".into(),
        text,
        html: String::new(),
    };
    let id = program_members::join(
        db,
        NewMember {
            legal_name: "Contoso Ltd",
            country,
            contact_email: "contact@contoso.example",
        },
        |id| email(id.to_string()),
    )
    .await
    .unwrap();
    let token = Arc::new(Mutex::new(String::new()));
    let seen = token.clone();
    applications::start(
        db,
        id,
        work_email,
        std::time::Duration::from_secs(3600),
        move |t, _| {
            *seen.lock().unwrap() = t.to_owned();
            email(t.to_owned())
        },
    )
    .await
    .unwrap();
    let link = token.lock().unwrap().clone();
    let session = applications::open_with_link(db, &link)
        .await
        .unwrap()
        .unwrap();
    (id.to_string(), session)
}

/// Fills in every step of the applicant's German reseller application, as the forms would.
async fn fill_every_step(app: &Router, session: &str, id: &str) {
    for (endpoint, form) in [
        (
            "save_program_id_step",
            format!("program_id={id}&country=DE"),
        ),
        (
            "save_business_step",
            "legal_name=Contoso+Ltd&line1=Friedrichstra%C3%9Fe+1&line2=&city=Berlin&region=\
             &postal_code=10117&phone=030+1234567&website="
                .to_owned(),
        ),
        (
            "save_bank_step",
            "holder=Contoso+Ltd&iban=DE89370400440532013000&bic=COBADEFFXXX".to_owned(),
        ),
        ("save_model_step", "model=indirect_reseller".to_owned()),
    ] {
        let (status, body) = call_as_applicant(app, endpoint, Some(session), &form).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{endpoint}: {body}"
        );
    }
}

#[tokio::test]
async fn applicants_reach_their_own_application_only() {
    let (app, db) = app().await;
    let (first_id, first) = applicant(&db, "DE", "ji@contoso.example").await;
    let (second_id, second) = applicant(&db, "KR", "mo@fabrikam.example").await;

    let (status, body) = call_as_applicant(&app, "my_application", Some(&first), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(&first_id) && !body.contains(&second_id),
        "{body}"
    );
    let (_, body) = call_as_applicant(&app, "my_application", Some(&second), "").await;
    assert!(
        body.contains(&second_id) && !body.contains(&first_id),
        "{body}"
    );

    for session in [None, Some("made-up")] {
        let (status, body) = call_as_applicant(&app, "my_application", session, "").await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");
        let (status, body) = call_as_applicant(
            &app,
            "save_program_id_step",
            session,
            &format!("program_id={first_id}&country=DE"),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");
    }
    // a staff session is not an applicant session, and applicants are not program admins
    let (_, body) = call(&app, "my_application", Some(&first)).await;
    assert!(body.contains("Unauthenticated"), "{body}");
    let (_, body) = call_as_applicant(&app, "list_program_ids", Some(&first), "search=").await;
    assert!(body.contains("Unauthenticated"), "{body}");
}

#[tokio::test]
async fn bank_details_are_checked_sealed_and_never_sent_back_in_clear() {
    let (app, db) = app().await;
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    let steps = [
        (
            "save_program_id_step",
            format!("program_id={id}&country=DE"),
        ),
        (
            "save_business_step",
            "legal_name=CONTOSO+LTD.&line1=Friedrichstra%C3%9Fe+1&line2=&city=Berlin&region=\
             &postal_code=10117&phone=030+1234567&website="
                .to_owned(),
        ),
    ];
    for (endpoint, form) in steps {
        let (status, body) = call_as_applicant(&app, endpoint, Some(&session), &form).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{endpoint}: {body}"
        );
    }
    // a wrong check digit: refused at the IBAN, and the IBAN is not echoed
    let (status, body) = call_as_applicant(
        &app,
        "save_bank_step",
        Some(&session),
        "holder=Contoso+Ltd&iban=DE88370400440532013000&bic=COBADEFFXXX",
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(body.contains("iban.checksum"), "{body}");
    assert!(!body.contains("0532013000"), "{body}");
    assert!(body.contains("COBADEFFXXX"), "the BIC is kept: {body}");

    let (status, body) = call_as_applicant(
        &app,
        "save_bank_step",
        Some(&session),
        "holder=Contoso+Ltd&iban=DE89+3704+0044+0532+0130+00&bic=COBADEFFXXX",
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{body}");
    let (_, body) = call_as_applicant(&app, "my_application", Some(&session), "").await;
    assert!(body.contains("•••• 3000"), "{body}");
    assert!(!body.contains("0532013000"), "{body}");
    assert!(
        !body.contains("v1."),
        "the sealed value stays on the server: {body}"
    );
}

#[tokio::test]
async fn a_status_change_through_the_store_reaches_an_open_status_stream_within_2_s() {
    use app::{domain::application::Status, server::store::applications};
    let (app, db) = app().await;
    let (_, session) = applicant(&db, "DE", "ji@contoso.example").await;
    let application = applications::session_application(
        &db,
        &session,
        app::server::store::sessions::SessionPolicy::default(),
    )
    .await
    .unwrap()
    .unwrap();

    let refused = app
        .clone()
        .oneshot(
            Request::get("/application/events")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let response = app
        .clone()
        .oneshot(
            Request::get("/application/events")
                .header(header::COOKIE, format!("csp_application={session}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = response.into_body();
    let mut next_event = async || -> String {
        loop {
            let frame = body.frame().await.expect("the stream stays open").unwrap();
            if let Ok(data) = frame.into_data() {
                let text = String::from_utf8_lossy(&data).into_owned();
                if text.contains("event: change") {
                    return text;
                }
            }
        }
    };
    // at once: the version the page must show
    let first = tokio::time::timeout(std::time::Duration::from_secs(2), next_event())
        .await
        .expect("the current version comes at once");
    let version = applications::version(&db, &application)
        .await
        .unwrap()
        .unwrap();
    assert!(first.contains(&format!("data: {version}")), "{first}");

    applications::set_status(&db, &application, Status::Submitted)
        .await
        .unwrap();
    let change = tokio::time::timeout(std::time::Duration::from_secs(2), next_event())
        .await
        .expect("the change is announced within 2 s");
    assert!(
        change.contains(&format!("data: {}", version + 1)),
        "{change}"
    );
}

#[tokio::test]
async fn reviewers_act_on_applications_and_partner_users_cannot_read_any() {
    use app::server::{
        auth::password::Hasher,
        store::{
            applications, sessions,
            users::{self, NewUser},
        },
    };
    let (app, db) = app().await;
    let operator = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    let hash = Hasher::new(1)
        .hash("a long enough password".into())
        .await
        .unwrap();
    let partner = app::server::surrealdb::types::RecordId::new("organization", "p1234567");
    let mut results = db
        .query("CREATE $partner CONTENT { name: 'Fabrikam', kind: 'partner', created_at: time::now() }")
        .bind("partner", partner.clone())
        .await
        .unwrap();
    assert!(app::server::db::statement_error(&mut results).is_none());
    let mut sessions_of = Vec::new();
    for (organization, email, roles) in [
        (&operator, "reviewer@operator.example", &["reviewer"][..]),
        (&partner, "admin@fabrikam.example", &["global_admin"][..]),
        // a partner cannot make itself a reviewer: the role counts only in the operator
        (&partner, "sneaky@fabrikam.example", &["reviewer"][..]),
        (&operator, "other@operator.example", &["reviewer"][..]),
    ] {
        let user = users::create(
            &db,
            NewUser {
                organization,
                email,
                display_name: email,
                roles,
                password_hash: &hash,
                must_change_password: false,
            },
        )
        .await
        .unwrap();
        sessions_of.push(sessions::create(&db, &user).await.unwrap());
    }

    // a submitted application
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    fill_every_step(&app, &session, &id).await;
    let (status, body) = call_as_applicant(
        &app,
        "submit_application",
        Some(&session),
        "signer_name=Ji+Park&signer_title=CEO&accept=on",
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{body}");
    let application = applications::session_application(
        &db,
        &session,
        app::server::store::sessions::SessionPolicy::default(),
    )
    .await
    .unwrap()
    .unwrap();
    let key = app::server::db::record_key(&application);

    let (status, body) = call_with(&app, "review_queue", Some(&sessions_of[0]), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(&key) && body.contains("Contoso Ltd"),
        "{body}"
    );

    for cookie in [&sessions_of[1], &sessions_of[2]] {
        for (endpoint, form) in [
            ("review_queue", String::new()),
            ("application_for_review", format!("id={key}")),
            ("claim_application", format!("id={key}")),
            ("approve_application", format!("id={key}&message=")),
            ("reveal_bank_number", format!("id={key}")),
            ("reassign_application", format!("id={key}&to=x")),
            ("add_free_mail_domain", "domain=freemail.example".to_owned()),
        ] {
            let (status, body) = call_with(&app, endpoint, Some(cookie), &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
            assert!(!body.contains("Contoso"), "{endpoint} leaked: {body}");
        }
        // the pages say who may see them, with the status the server functions give
        let cookie = format!("csp_session={cookie}");
        for path in ["/review".to_owned(), format!("/review/{key}")] {
            let (status, _, body) = get(&app, &path, &[("cookie", cookie.as_str())]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
            assert!(
                body.contains(
                    "Only the program&#39;s reviewers and program admins can see applications."
                ) || body.contains(
                    "Only the program's reviewers and program admins can see applications."
                ),
                "{path}: {body}"
            );
            assert!(!body.contains("Contoso"), "{path} leaked: {body}");
        }
    }
    let reviewer = format!("csp_session={}", sessions_of[0]);
    let (status, _, body) = get(&app, "/review", &[("cookie", reviewer.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Contoso Ltd"), "{body}");
    let (status, _) = call_as_applicant(&app, "review_queue", Some(&session), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // the reviewer claims and sees the application, masked
    let (status, body) = call_with(
        &app,
        "claim_application",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call_with(
        &app,
        "application_for_review",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"mine\":true"), "{body}");
    assert!(
        body.contains("•••• 3000") && !body.contains("0532013000"),
        "{body}"
    );
    assert!(body.contains("\"action\":\"claim\""), "{body}");

    // the full number: to its holder only, and each reveal is in the history
    let (status, body) = call_with(
        &app,
        "reveal_bank_number",
        Some(&sessions_of[3]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(!body.contains("0532"), "{body}");
    // reassigning is for program admins
    let (status, _) = call_with(
        &app,
        "reassign_application",
        Some(&sessions_of[0]),
        &format!("id={key}&to=x"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call_with(
        &app,
        "reveal_bank_number",
        Some(&sessions_of[0]),
        &format!("id={key}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("DE89 3704 0044 0532 0130 00"), "{body}");
    let (_, body) = call_with(
        &app,
        "application_for_review",
        Some(&sessions_of[3]),
        &format!("id={key}"),
    )
    .await;
    assert!(body.contains("\"action\":\"reveal_bank\""), "{body}");
    assert!(!body.contains("0532"), "{body}");

    // without JavaScript: the form post redirects to the page with a one-time grant (not the
    // number) in its address, and the page shows the number once
    let cookie = format!("csp_session={}", sessions_of[0]);
    let response = form_post_without_js(
        &app,
        "reveal_bank_number",
        &[(header::COOKIE, cookie.as_str())],
        &format!("id={key}"),
    )
    .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        location.starts_with(&format!("/review/{key}?reveal=")) && !location.contains("0532"),
        "{location}"
    );
    let other = format!("csp_session={}", sessions_of[3]);
    let (status, _, page) = get(&app, &location, &[("cookie", &other)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("0532"), "the grant is its reviewer's only");
    let (status, _, page) = get(&app, &location, &[("cookie", &cookie)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("DE89 3704 0044 0532 0130 00"),
        "the number is shown once"
    );
    let (_, _, page) = get(&app, &location, &[("cookie", &cookie)]).await;
    assert!(!page.contains("0532"), "the grant works once");
    // an application that does not exist, or a key that cannot be one
    for key in ["nothere", "../../etc"] {
        let (status, _) = call_with(
            &app,
            "application_for_review",
            Some(&sessions_of[0]),
            &format!("id={key}"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{key}");
    }
}

#[tokio::test]
async fn while_more_information_is_needed_other_sections_send_the_applicant_to_the_review() {
    use app::{domain::application::Status, server::store::applications};
    let (app, db) = app().await;
    let (id, session) = applicant(&db, "DE", "ji@contoso.example").await;
    fill_every_step(&app, &session, &id).await;
    let application = applications::session_application(
        &db,
        &session,
        app::server::store::sessions::SessionPolicy::default(),
    )
    .await
    .unwrap()
    .unwrap();
    applications::set_status(&db, &application, Status::MoreInformationNeeded)
        .await
        .unwrap();
    let mut results = db
        .query("UPDATE $application SET sections_to_fix = ['bank']")
        .bind("application", application.clone())
        .await
        .unwrap();
    assert!(app::server::db::statement_error(&mut results).is_none());

    let cookie = format!("csp_application={session}");
    let headers = [
        ("cookie", cookie.as_str()),
        (
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
    ];
    let (status, _, body) = get(&app, "/application/business", &headers).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("section-locked"), "the page says why");
    assert!(
        !body.contains("name=\"legal_name\""),
        "no form that would be refused"
    );
    let (status, _, body) = get(&app, "/application/bank", &headers).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"iban\""), "the bank step opens");
    // and the server refuses the locked step too
    let (status, body) =
        call_as_applicant(&app, "save_model_step", Some(&session), "model=direct_bill").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("application.section_locked"), "{body}");
}
