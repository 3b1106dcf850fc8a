//! Live updates for the applicant's status page: a server-sent events stream that says
//! "change" whenever the application's version moves on (a reviewer acted, a check changed).
//!
//! Each open stream reads its application's version once a second: a cheap read by record id
//! that sees changes made by any portal instance sharing the database, so it keeps working when
//! the portal is scaled out. The events carry only the new version number; the page reads the
//! application through its usual server function, with the usual checks.

use crate::AppState;
use app::{
    api::{AppError, gate},
    server::store::enrollment,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use std::{convert::Infallible, time::Duration};

/// Where the status page listens.
pub const EVENTS_PATH: &str = "/application/events";

/// How often an open stream looks for a change (the page shows it within about this long).
const POLL_EVERY: Duration = Duration::from_secs(1);

pub async fn application_events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let services = &state.services;
    let application = match gate::applicant_from_headers(services, &headers).await {
        Ok(application) => application,
        Err(AppError::Unauthenticated) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(error) => {
            tracing::error!(?error, "cannot read an applicant session");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let db = services.db.clone();
    let stopping = state.stopping.subscribe();
    // The first event comes at once, with the current version: the page refreshes once and
    // so cannot miss a change made between its rendering and this connection.
    let start = 0;
    let stream = futures_util::stream::unfold(
        (db, application, start, stopping),
        |(db, application, mut shown, mut stopping)| async move {
            loop {
                if *stopping.borrow() {
                    return None;
                }
                match enrollment::version(&db, &application).await {
                    Ok(Some(version)) if version != shown => {
                        shown = version;
                        let event = Event::default().event("change").data(version.to_string());
                        return Some((
                            Ok::<_, Infallible>(event),
                            (db, application, shown, stopping),
                        ));
                    }
                    // deleted: nothing more will change
                    Ok(None) => return None,
                    Ok(Some(_)) => {}
                    Err(error) => tracing::debug!(%error, "a status stream could not read"),
                }
                tokio::select! {
                    () = tokio::time::sleep(POLL_EVERY) => {}
                    _ = stopping.changed() => return None,
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
