//! The site through `Router::oneshot`: health, readiness, pages, headers, language switch,
//! static files, cross-site posts, forms without JavaScript.

use crate::support::router::*;
use app::server::{
    db::{Database, DatabaseUrl, StorageLimits},
    services::IdentitySettings,
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use server::{AppState, router};
use tower::ServiceExt;

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

#[test]
fn no_server_function_changes_anything_over_get() {
    let paths: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(!paths.is_empty());
    for (path, method) in paths {
        assert_eq!(method, axum::http::Method::POST, "{path} is not POST");
    }
}
