//! What the HTTP tests of partner features share: an application in memory, partner
//! organizations, signed-in members, and calls through the router.
#![allow(dead_code)]

pub mod router;

use app::server::{
    auth::password::PasswordHash,
    crypto::FieldKey,
    db::{Database, DatabaseUrl, StorageLimits, execute},
    services::IdentitySettings,
    store::{
        sessions,
        users::{self, NewUser},
    },
    surrealdb::types::RecordId,
};
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

pub async fn app() -> (Router, Database) {
    let db = memory_database().await;
    (second_server(&db), db)
}

pub async fn memory_database() -> Database {
    Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .unwrap()
}

/// Another server on the same database (as when the portal is scaled out).
pub fn second_server(db: &Database) -> Router {
    server_with_key(db, FieldKey::generate().0)
}

/// A server on `db` that seals with `key` (for tests that open what it sealed).
pub fn server_with_key(db: &Database, key: FieldKey) -> Router {
    server::router(server::AppState::new(
        server::site::leptos_options("127.0.0.1:3000".parse().unwrap()),
        db.clone(),
        "http://127.0.0.1:3000/".parse().unwrap(),
        IdentitySettings::default(),
        key,
    ))
}

/// An approved partner organization in Korea.
pub async fn approved(db: &Database, program_id: i64, name: &str, model: &str) -> RecordId {
    partner(db, program_id, name, model, "KR", "approved").await
}

/// A partner organization whose application has `status`.
pub async fn partner(
    db: &Database,
    program_id: i64,
    name: &str,
    model: &str,
    country: &str,
    status: &str,
) -> RecordId {
    let id = RecordId::new("organization", format!("p{program_id}"));
    let application = RecordId::new("application", format!("a{program_id}"));
    execute(
        db.query(
            "CREATE $application CONTENT {
                 program_id: $program_id, work_email: 'admin@example.com', status: $status,
                 accepted_criteria: [], done_program_id: true, done_business: true,
                 done_bank: true, done_model: true, criteria_snapshot: [], version: 1,
                 created_at: time::now(), updated_at: time::now()
             };
             CREATE $id CONTENT {
                 name: $name, kind: 'partner', program_id: $program_id, model: $model,
                 country: $country, application: $application, created_at: time::now()
             };",
        )
        .bind("id", id.clone())
        .bind("application", application)
        .bind("program_id", program_id)
        .bind("name", name.to_owned())
        .bind("model", model.to_owned())
        .bind("country", country.to_owned())
        .bind("status", status.to_owned()),
    )
    .await
    .unwrap();
    id
}

/// The program operator's organization (created the first time).
pub async fn operator(db: &Database) -> RecordId {
    users::ensure_operator_organization(db, "Program operator")
        .await
        .unwrap()
}

/// Checks that a refusal's `body` names every one of `codes`.
pub fn assert_codes(body: &str, codes: &[&str]) {
    for code in codes {
        assert!(body.contains(code), "{code}: {body}");
    }
}

pub async fn member(db: &Database, organization: &RecordId, email: &str, roles: &[&str]) -> String {
    let name = email.split('@').next().unwrap();
    user_with_session(db, organization, email, name, roles, false)
        .await
        .1
}

/// A user of `organization` with `roles` (a placeholder password hash: tests sign in with the
/// session), and a live session: their id and the session token. The session stands for a
/// sign-in that passed both steps: the user has two-factor sign-in set up (a placeholder
/// secret; see [`without_two_factor`]).
pub async fn user_with_session(
    db: &Database,
    organization: &RecordId,
    email: &str,
    display_name: &str,
    roles: &[&str],
    must_change_password: bool,
) -> (RecordId, String) {
    let user = users::create(
        db,
        NewUser {
            organization,
            email,
            display_name,
            roles,
            password_hash: &PasswordHash::from_stored(HASH.into()),
            must_change_password,
        },
    )
    .await
    .unwrap();
    with_two_factor(db, &user).await;
    let token = sessions::create(db, &user).await.unwrap();
    (user, token)
}

/// Marks `user` as having set up two-factor sign-in (with a secret nothing can open).
pub async fn with_two_factor(db: &Database, user: &RecordId) {
    execute(
        db.query("UPDATE $user SET totp_secret = 'v1.placeholder', totp_set_up_at = time::now()")
            .bind("user", user.clone()),
    )
    .await
    .unwrap();
}

/// Takes `user`'s two-factor sign-in away, as before they set it up.
pub async fn without_two_factor(db: &Database, user: &RecordId) {
    execute(
        db.query("UPDATE $user SET totp_secret = NONE, totp_set_up_at = NONE")
            .bind("user", user.clone()),
    )
    .await
    .unwrap();
}

pub fn server_fn_path(endpoint: &str) -> String {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .find(|path| path.rsplit('/').next() == Some(endpoint))
        .unwrap_or_else(|| panic!("no server function {endpoint}"))
}

pub async fn send(
    app: &Router,
    request: Request<Body>,
    what: &str,
) -> (StatusCode, HeaderMap, String) {
    let response = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        Box::pin(app.clone().oneshot(request)),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
    .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

pub async fn call(app: &Router, endpoint: &str, session: &str, form: &str) -> (StatusCode, String) {
    let request = Request::post(server_fn_path(endpoint))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, format!("csp_session={session}"))
        .body(Body::from(form.to_owned()))
        .unwrap();
    let (status, _, body) = send(app, request, endpoint).await;
    (status, body)
}

/// Server-function calls as one signed-in user (`""`: no session): each call one line, its
/// expected status checked with the body in the failure message.
pub struct Caller<'a> {
    app: &'a Router,
    session: &'a str,
}

pub fn by<'a>(app: &'a Router, session: &'a str) -> Caller<'a> {
    Caller { app, session }
}

impl Caller<'_> {
    pub async fn call(&self, endpoint: &str, form: &str) -> (StatusCode, String) {
        call(self.app, endpoint, self.session, form).await
    }

    /// The answer's body, whatever its status.
    pub async fn reply(&self, endpoint: &str, form: &str) -> String {
        self.call(endpoint, form).await.1
    }

    /// The body of an answer with `expected` status.
    pub async fn answers(&self, endpoint: &str, form: &str, expected: StatusCode) -> String {
        let (status, body) = self.call(endpoint, form).await;
        assert_eq!(status, expected, "{endpoint}: {body}");
        body
    }

    /// The body of a successful (2xx) answer.
    pub async fn ok(&self, endpoint: &str, form: &str) -> String {
        let (status, body) = self.call(endpoint, form).await;
        assert!(status.is_success(), "{endpoint}: {status} {body}");
        body
    }

    pub async fn invalid(&self, endpoint: &str, form: &str) -> String {
        self.answers(endpoint, form, StatusCode::UNPROCESSABLE_ENTITY)
            .await
    }

    pub async fn forbidden(&self, endpoint: &str, form: &str) -> String {
        self.answers(endpoint, form, StatusCode::FORBIDDEN).await
    }

    pub async fn conflict(&self, endpoint: &str, form: &str) -> String {
        self.answers(endpoint, form, StatusCode::CONFLICT).await
    }

    pub async fn not_found(&self, endpoint: &str, form: &str) -> String {
        self.answers(endpoint, form, StatusCode::NOT_FOUND).await
    }
}

/// A GET with the session's cookie (none without one): status, headers and body.
pub async fn download(
    app: &Router,
    path: &str,
    session: Option<&str>,
) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::get(path);
    if let Some(session) = session {
        request = request.header(header::COOKIE, format!("csp_session={session}"));
    }
    send(app, request.body(Body::empty()).unwrap(), path).await
}

pub async fn get(app: &Router, path: &str) -> (StatusCode, String) {
    let (status, _, body) = send(app, Request::get(path).body(Body::empty()).unwrap(), path).await;
    (status, body)
}

/// The directory's search, as the page calls it (anyone: no session).
pub async fn search(app: &Router, query: &str) -> (StatusCode, serde_json::Value) {
    let request = Request::post(server_fn_path("search_directory"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(query.to_owned()))
        .unwrap();
    let (status, _, body) = send(app, request, "search_directory").await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

pub fn names(page: &serde_json::Value) -> Vec<String> {
    page["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A complete profile form: `extra` adds fields; `regions=` in it replaces the usual ones.
pub fn profile_form(version: i64, description: &str, extra: &str) -> String {
    let regions = if extra.contains("&regions=") {
        ""
    } else {
        "&regions=KR%2C+Japan"
    };
    format!(
        "version={version}&description={}&website=hanbit.example\
         &products%5Bazure%5D=on&products%5Bmicrosoft_365%5D=on&services%5Bmigration%5D=on\
         {regions}&languages%5Bko%5D=on&languages%5Ben%5D=on\
         &customer_sizes%5Bsmall%5D=on&location%5Bcity0%5D=Seoul&location%5Bcountry0%5D=KR\
         &lead_name=Ji-woo+Park&lead_email=leads%40hanbit.example{extra}",
        description
            .replace('%', "%25")
            .replace('&', "%26")
            .replace(' ', "+")
    )
}

/// Publishes a profile for a new partner through the editor's server functions.
pub async fn published(
    app: &Router,
    db: &Database,
    program_id: i64,
    name: &str,
    model: &str,
    description: &str,
    extra: &str,
) {
    let org = approved(db, program_id, name, model).await;
    let admin = member(
        db,
        &org,
        &format!("admin@p{program_id}.example"),
        &["global_admin"],
    )
    .await;
    let (status, body) = call(
        app,
        "save_business_profile",
        &admin,
        &profile_form(0, description, extra),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call(app, "publish_business_profile", &admin, "version=1").await;
    assert!(status.is_success(), "{body}");
}

/// Hanbit Distribution (program ID 3000001), an indirect provider, with a published profile.
pub async fn published_provider(app: &Router, db: &Database, description: &str, extra: &str) {
    let (id, name) = (3000001, "Hanbit Distribution");
    published(app, db, id, name, "indirect_provider", description, extra).await;
}

/// The e-mail subjects queued for `recipient`, oldest first.
pub async fn subjects(db: &Database, recipient: &str) -> Vec<String> {
    let mut results = execute(
        db.query("SELECT VALUE subject FROM outbox WHERE recipient = $r ORDER BY created_at")
            .bind("r", recipient.to_owned()),
    )
    .await
    .unwrap();
    results.take(0).unwrap()
}

/// A new session for the existing user with `email`.
pub async fn session_of(db: &Database, email: &str) -> String {
    let mut results = execute(
        db.query("SELECT VALUE id FROM user WHERE email = $email")
            .bind("email", email.to_owned()),
    )
    .await
    .unwrap();
    let ids: Vec<RecordId> = results.take(0).unwrap();
    with_two_factor(db, &ids[0]).await;
    sessions::create(db, &ids[0]).await.unwrap()
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
