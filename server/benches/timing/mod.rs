//! How the in-process benchmarks report server times: the median, a high percentile and the
//! slowest of the rounds, in milliseconds.

use axum::{Router, body::Body, http::Request};
use std::time::{Duration, Instant};

/// Sends `request` through the router in-process (`support::send`): how long the answer took,
/// and its body. Anything but 200 stops the benchmark, with the body (`name` says which case).
pub async fn timed(app: &Router, request: Request<Body>, name: &str) -> (Duration, String) {
    let started = Instant::now();
    let (status, _, body) = crate::support::send(app, request, name).await;
    let elapsed = started.elapsed();
    assert_eq!(status, axum::http::StatusCode::OK, "{name}: {body}");
    (elapsed, body)
}

/// One line: `name`, p50, p`percentile` and the maximum of `times`.
pub fn report(name: &str, mut times: Vec<Duration>, percentile: u8) {
    times.sort();
    let at = |p: f64| times[((p * times.len() as f64).ceil() as usize).saturating_sub(1)];
    println!(
        "{name:<36} p50 {:>6.2} ms   p{percentile} {:>6.2} ms   max {:>6.2} ms",
        ms(at(0.50)),
        ms(at(f64::from(percentile) / 100.0)),
        ms(*times.last().unwrap())
    );
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
