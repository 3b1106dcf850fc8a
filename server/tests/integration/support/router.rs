//! One router on a new in-memory database, and calls through it as a browser makes them:
//! pages, forms without JavaScript, server functions, an applicant's session.

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

pub async fn app() -> (Router, Database) {
    let (state, db) = state().await;
    (router(state), db)
}

/// What a router is built from, on a new in-memory database.
pub async fn state() -> (AppState, Database) {
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
pub async fn answered<F: std::future::IntoFuture>(request: F, what: &str) -> F::Output {
    tokio::time::timeout(std::time::Duration::from_secs(30), request)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
}

pub async fn get(
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

pub async fn post_form(app: &Router, path: &str, form: &str) -> axum::response::Response {
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

/// Calls a server function as a form without JavaScript does: form-encoded, HTML accepted (so
/// the answer is a redirect back).
pub async fn form_post_without_js(
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

pub fn app_server_fn_path(endpoint: &str) -> String {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .find(|path| path.ends_with(endpoint))
        .unwrap_or_else(|| panic!("no server function {endpoint}"))
}

/// A server function's answer: its status and its body.
pub type Reply = (StatusCode, String);

/// Calls a server function the way a hydrated page does (JSON back), with `cookie`.
pub async fn call(app: &Router, endpoint: &str, cookie: Option<&str>) -> Reply {
    call_with(app, endpoint, cookie, "").await
}

/// [`call`] with form-encoded arguments.
pub async fn call_with(app: &Router, endpoint: &str, cookie: Option<&str>, form: &str) -> Reply {
    post_server_fn(
        app,
        endpoint,
        cookie.map(|c| format!("csp_session={c}")),
        form,
    )
    .await
}

/// Posts `form` to the server function `endpoint`, with the `Cookie` header `cookie`.
pub async fn post_server_fn(
    app: &Router,
    endpoint: &str,
    cookie: Option<String>,
    form: &str,
) -> Reply {
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

/// Calls a server function with the applicant cookie `session`.
pub async fn call_as_applicant(
    app: &Router,
    endpoint: &str,
    session: Option<&str>,
    form: &str,
) -> Reply {
    post_server_fn(
        app,
        endpoint,
        session.map(|s| format!("csp_application={s}")),
        form,
    )
    .await
}

/// A program ID in `country` and an opened application for it: (program ID, applicant session).
/// A form post as the applicant that must succeed (a redirect after a form post counts): its
/// body.
pub async fn applicant_ok(app: &Router, session: &str, endpoint: &str, form: &str) -> String {
    let (status, body) = call_as_applicant(app, endpoint, Some(session), form).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{endpoint}: {status} {body}"
    );
    body
}

/// The application an applicant session opens.
pub async fn application_of(
    db: &Database,
    session: &str,
) -> app::server::surrealdb::types::RecordId {
    app::server::store::enrollment::session_application(
        db,
        session,
        app::server::store::sessions::SessionPolicy::default(),
    )
    .await
    .unwrap()
    .expect("the session opens an application")
}

pub async fn applicant(db: &Database, country: &str, work_email: &str) -> (String, String) {
    use app::server::store::{
        enrollment,
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
    enrollment::start(
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
    let session = enrollment::open_with_link(db, &link)
        .await
        .unwrap()
        .unwrap();
    (id.to_string(), session)
}

/// Fills in every step of the applicant's German reseller application, as the forms would.
pub async fn fill_every_step(app: &Router, session: &str, id: &str) {
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
        applicant_ok(app, session, endpoint, &form).await;
    }
}
