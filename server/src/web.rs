//! The HTTP stack: health endpoints, static files, the Leptos pages and server functions, and
//! the middleware every response passes through.

use app::{
    App,
    server::{
        auth::password::Hasher,
        db::Database,
        services::{IdentitySettings, Services},
    },
    shell,
    ui::LANGUAGE_COOKIE,
};
use axum::{
    Form, Json, Router,
    extract::{FromRef, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    LatencyUnit,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use url::Url;

/// What every handler and server function can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub public_url: Url,
    /// What server functions get through the Leptos context.
    pub services: Services,
    /// Set when the server begins to shut down: long-lived responses (live updates) end, so
    /// the graceful shutdown does not wait for them.
    pub stopping: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        db: Database,
        public_url: Url,
        identity: IdentitySettings,
        field_key: app::server::crypto::FieldKey,
    ) -> Self {
        let services = Services {
            db: db.clone(),
            hasher: Hasher::for_this_machine(),
            sessions: identity.sessions,
            temporary_password_lifetime: identity.temporary_password_lifetime,
            customer_invitation_lifetime: identity.customer_invitation_lifetime,
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
            secure_cookies: public_url.scheme() == "https",
            field_key,
            directory: Default::default(),
        };
        Self {
            leptos_options,
            db,
            public_url,
            services,
            stopping: tokio::sync::watch::Sender::new(false),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The app's routes, listed once per process. Listing them renders the whole app, and while any
/// thread does that, Leptos holds back every resource that starts loading anywhere in the
/// process; such a resource waits forever (a process-wide flag, leptos-rs/leptos#4773). A
/// second router built while the first serves (as the tests do, one per test) must not list
/// them again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The document around every page, once the page's script policy is in place: a nonce for
/// Leptos's inline scripts, and the matching policy left for the security-headers middleware.
fn page_shell(options: LeptosOptions) -> impl leptos::IntoView {
    app::server::csp::provide_for_page(&options);
    shell(options)
}

/// The whole application as one axum router.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();

    let pkg_dir = crate::site::pkg_dir(&options);
    let pkg_route = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    // A release bundle (hashed names) never changes while the server runs: served from memory.
    // A debug one is rebuilt under a running server: read from disk at each request.
    let bundle = options
        .hash_files
        .then(|| crate::bundle::Bundle::read(&pkg_dir))
        .transpose()
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "the bundle could not be read into memory; serving it from disk");
            None
        });

    let secure = state.public_url.scheme() == "https";
    let context_state = state.clone();
    let fallback_state = state.clone();
    let app = match bundle {
        Some(bundle) => {
            Router::new().route(&format!("{pkg_route}/{{file}}"), get(bundle.handler()))
        }
        None => {
            // hashed names change with their content: a browser may keep those for a year
            let cache = if options.hash_files {
                crate::bundle::IMMUTABLE
            } else {
                "no-cache"
            };
            let files = ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(cache),
                ))
                .service(
                    ServeDir::new(pkg_dir)
                        .precompressed_br()
                        .precompressed_gzip(),
                );
            Router::new().nest_service(&pkg_route, files)
        }
    };
    let app = app
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(app::ui::LOCALE_SWITCH_PATH, post(switch_locale))
        .route(app::ui::SIGN_OUT_PATH, post(sign_out))
        .route(app::ui::SIGN_OUT_EVERYWHERE_PATH, post(sign_out_everywhere))
        .route(AUDIT_CSV_PATH, get(audit_csv))
        .route("/logos/{file}", get(logo_file))
        .route(
            crate::live::EVENTS_PATH,
            get(crate::live::application_events),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.services.clone()),
            move || page_shell(options.clone()),
        )
        // Files from the site root, else the not-found page (with the services, so its header
        // knows who is signed in).
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_state.services.clone()),
            page_shell,
        ));
    let allowed_origin = origin_of(&state.public_url);
    with_security_headers(app, secure)
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn(one_error_in_the_address))
        .layer(axum::middleware::from_fn(move |request, next| {
            reject_cross_site(allowed_origin.clone(), request, next)
        }))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        // one line per request, with its status and latency, inside the span
                        // that carries the request id
                        .on_request(())
                        .on_response(
                            DefaultOnResponse::new()
                                .level(tracing::Level::INFO)
                                .latency_unit(LatencyUnit::Millis),
                        )
                        .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
                            let id = request
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!(
                                "request",
                                id = %id,
                                method = %request.method(),
                                path = %request.uri().path(),
                            )
                        }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CompressionLayer::new().br(true).gzip(true)),
        )
        .with_state(state)
}

/// Headers every response carries. Pages set their own Content-Security-Policy (with a nonce);
/// everything else gets the strict default.
fn with_security_headers(router: Router<AppState>, secure: bool) -> Router<AppState> {
    let router = router
        .layer(axum::middleware::from_fn(page_policy))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ));
    if secure {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    }
}

/// Content-Security-Policy: the nonce policy a page render asked for, else nothing may load.
async fn page_policy(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use app::server::csp::{NON_PAGE_POLICY, PagePolicySlot};
    let slot = PagePolicySlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let policy = slot
        .take()
        .and_then(|policy| HeaderValue::from_str(&policy).ok())
        .unwrap_or(HeaderValue::from_static(NON_PAGE_POLICY));
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

/// Server functions answer every error with 500; this gives the error its HTTP status instead
/// (401 sign in, 403 not allowed, 404, 409 conflict, 422 input to fix, 429 too many attempts),
/// for clients and logs alike. The body, the error itself, is unchanged.
async fn server_fn_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let server_fn_call = is_server_fn(&request);
    let response = next.run(request).await;
    if !server_fn_call || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // error bodies are small; anything larger is passed on as it is
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(status) = serde_json::from_slice::<app::api::AppError>(&bytes)
        .ok()
        .and_then(|error| StatusCode::from_u16(error.status()).ok())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Server functions are served under `/api/`.
fn is_server_fn(request: &axum::extract::Request) -> bool {
    request.uri().path().starts_with("/api/")
}

/// A form posted without JavaScript comes back to its page with the error in the address
/// (`__path` and `__err`, server_fn's form redirects), and server_fn adds the new error to the
/// `Referer` as it comes. So every failed post added one more pair: after about 50 failed
/// sign-ins the address passed 4 KB, the browser then sent only the origin as `Referer`, and the
/// person landed on the home page instead of the form. The earlier error is taken out of the
/// `Referer` before the server function sees it: the address holds one error at most.
async fn one_error_in_the_address(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if is_server_fn(&request) {
        let cleaned = request
            .headers()
            .get(header::REFERER)
            .and_then(|value| value.to_str().ok())
            .and_then(without_form_error)
            .and_then(|referer| HeaderValue::from_str(&referer).ok());
        if let Some(referer) = cleaned {
            request.headers_mut().insert(header::REFERER, referer);
        }
    }
    next.run(request).await
}

/// `address` without server_fn's error pairs (its own `strip_error_info`), or `None` when it
/// had none.
fn without_form_error(address: &str) -> Option<String> {
    if !address.contains("__err=") && !address.contains("__path=") {
        return None;
    }
    let mut stripped = address.to_owned();
    leptos::server_fn::error::ServerFnUrlError::<app::api::AppError>::strip_error_info(
        &mut stripped,
    );
    (stripped != address).then_some(stripped)
}

/// `scheme://host[:port]` of a URL, as browsers send it in `Origin`.
fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Cross-site request forgery: a request that changes something (every server function call,
/// every form post) must come from this site. Browsers say where a request comes from in
/// `Sec-Fetch-Site` and `Origin`; either one pointing elsewhere gets 403. Requests without
/// either (not from a browser) pass: they carry no ambient cookies to abuse.
async fn reject_cross_site(
    public_origin: String,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::Method;
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state && !is_same_site(request.headers(), &public_origin) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-site request"
        );
        return (StatusCode::FORBIDDEN, "cross-site requests are not allowed").into_response();
    }
    next.run(request).await
}

fn is_same_site(headers: &axum::http::HeaderMap, public_origin: &str) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // The public address, or the address this request was sent to (a browser cannot forge Host).
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin == public_origin
        || (!host.is_empty()
            && (origin == format!("http://{host}") || origin == format!("https://{host}")))
}

/// The process is up and serving.
async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// The process can do its work: the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.db.schema_version()).await {
        Ok(Ok(version)) => Json(serde_json::json!({
            "status": "ready",
            "database": "ok",
            "schema_version": version,
        }))
        .into_response(),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: the database did not answer");
            not_ready("error")
        }
        Err(_) => {
            tracing::warn!("readiness check: the database did not answer within 2 s");
            not_ready("timeout")
        }
    }
}

fn not_ready(database: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "status": "unavailable", "database": database })),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LocaleForm {
    locale: String,
    next: Option<String>,
}

/// The language switch without JavaScript: remember the choice in the cookie the application
/// reads, and go back to the page it came from.
async fn switch_locale(State(state): State<AppState>, Form(form): Form<LocaleForm>) -> Response {
    let Some(locale) = app::ui::locale_from_code(&form.locale) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let next = form
        .next
        .as_deref()
        .filter(|n| is_local_path(n))
        .unwrap_or("/");
    let secure = if state.public_url.scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        app::ui::locale_code(locale)
    );
    let mut response =
        (StatusCode::SEE_OTHER, [(header::LOCATION, next.to_owned())]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Ends this browser's session (server-side too) and goes to the sign-in page.
async fn sign_out(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    end_sessions(&state, &headers, false).await
}

/// Ends every session of the signed-in user, on every device, and goes to the sign-in page.
async fn sign_out_everywhere(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    end_sessions(&state, &headers, true).await
}

/// Where the audit log page's "Download as CSV" link points.
pub const AUDIT_CSV_PATH: &str = "/account/audit.csv";

/// The organization's audit log as a CSV file (global admins), with the page's filter. UTF-8
/// with a byte order mark, so that spreadsheets read Korean names right.
async fn audit_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    use app::api::AppError;
    let mut user = String::new();
    let mut action = String::new();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "user" => user = value.into_owned(),
            "action" => action = value.into_owned(),
            _ => {}
        }
    }
    match app::api::organization::audit_csv_for_request(&state.services, &headers, &user, &action)
        .await
    {
        Ok(csv) => {
            let date = time_now_date();
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"audit-log-{date}.csv\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                format!("\u{feff}{csv}"),
            )
                .into_response()
        }
        Err(AppError::Unauthenticated | AppError::PasswordChangeRequired) => {
            axum::response::Redirect::to("/sign-in").into_response()
        }
        Err(AppError::TwoFactorSetupRequired) => {
            axum::response::Redirect::to(app::api::two_factor::SET_UP_PATH).into_response()
        }
        Err(AppError::Forbidden { .. }) => (
            StatusCode::FORBIDDEN,
            "Only global admins of a partner organization can export its audit log.\n",
        )
            .into_response(),
        Err(AppError::Validation { .. } | AppError::NotFound) => {
            (StatusCode::BAD_REQUEST, "This filter is not valid.\n").into_response()
        }
        Err(error) => {
            tracing::error!(?error, "audit log export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A partner's logo (`/logos/<name>.png`): the PNG the server wrote. Its name changes with its
/// bytes, so browsers may keep it for a year.
async fn logo_file(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    use app::server::{logo::plausible_name, store::logos};
    let Some(name) = file.strip_suffix(".png").filter(|n| plausible_name(n)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match logos::png(&state.db, name).await {
        Ok(Some(png)) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            png,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(?error, "a logo could not be read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Today's date (UTC), YYYY-MM-DD, for a file name.
fn time_now_date() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    app::domain::calendar::Date::from_days_since_epoch(days).to_string()
}

async fn end_sessions(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    everywhere: bool,
) -> Response {
    use app::server::{services, store::sessions};
    if let Some(token) = services::cookie(headers, services::SESSION_COOKIE) {
        let ended = if everywhere {
            match sessions::find(&state.db, &token, state.services.sessions).await {
                Ok(Some(session)) => sessions::delete_all_for_user(&state.db, &session.user).await,
                Ok(None) => Ok(()),
                Err(error) => Err(error),
            }
        } else {
            sessions::delete(&state.db, &token).await
        };
        if let Err(error) = ended {
            tracing::error!(%error, "sign-out: the sessions could not be deleted");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "sign-out failed; try again",
            )
                .into_response();
        }
    }
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/sign-in")]).into_response();
    let cleared = services::cleared_session_cookie(state.services.secure_cookies);
    if let Ok(value) = HeaderValue::from_str(&cleared) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths on this site: no scheme, no `//host`, no backslashes browsers treat as slashes.
fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains(['\r', '\n'])
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn same_site_is_what_the_browser_says_and_the_origin_agrees() {
        use super::is_same_site;
        use axum::http::{HeaderMap, HeaderValue};
        let public = "https://partners.example.com";
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, HeaderValue::from_static(v));
            }
            map
        };
        assert!(is_same_site(&headers(&[]), public), "not a browser");
        assert!(is_same_site(
            &headers(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://partners.example.com")
            ]),
            public
        ));
        assert!(is_same_site(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!is_same_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        assert!(
            !is_same_site(&headers(&[("sec-fetch-site", "same-site")]), public),
            "a sibling subdomain is not us"
        );
        assert!(!is_same_site(
            &headers(&[("origin", "https://evil.example")]),
            public
        ));
        assert!(!is_same_site(&headers(&[("origin", "null")]), public));
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/apply?step=2"));
        assert!(!is_local_path("//evil.example.com"));
        assert!(!is_local_path("https://evil.example.com"));
        assert!(!is_local_path("/\\evil.example.com"));
        assert!(!is_local_path("evil"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
