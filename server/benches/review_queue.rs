//! The reviewers' queue with 10,000 applications (a benchmark, not a test): the queue page and
//! the queue's server function, called in-process through the router, 200 times each: the first
//! page, a deep page (reached with "Next page"), filtered pages. Reports p50 and p99 of the server time.
//! Target (issue 5): p99 under 20 ms.
//!
//!     cargo bench -p server --bench review_queue

use app::server::{
    db::execute,
    store::{review, sessions, users},
};
use axum::{
    body::Body,
    http::{Request, header},
};
use std::time::Instant;

const APPLICATIONS: usize = 10_000;
const ROUNDS: usize = 200;

mod timing;

/// The percentile reported beside the median.
const PERCENTILE: u8 = 99;

/// The integration tests' helpers: a server on an in-memory database, signed-in users.
#[path = "../tests/integration/support/mod.rs"]
mod support;

#[tokio::main]
async fn main() {
    let (app, db) = support::app().await;

    let operator = users::ensure_operator_organization(&db, "Program operator")
        .await
        .unwrap();
    let (_, session) = support::user_with_session(
        &db,
        &operator,
        "reviewer@operator.example",
        "Reviewer",
        &["reviewer"],
        false,
    )
    .await;

    let seeding = Instant::now();
    let countries = ["DE", "KR", "US", "JP", "GB", "FR", "CA", "AU", "IN", "BR"];
    let models = ["direct_bill", "indirect_provider", "indirect_reseller"];
    let statuses = [
        "submitted",
        "submitted",
        "in_review",
        "more_information_needed",
        "approved",
        "rejected",
        "draft",
    ];
    for chunk in 0..(APPLICATIONS / 500) {
        let mut sql = String::from("BEGIN TRANSACTION;");
        for i in 0..500 {
            let n = chunk * 500 + i;
            sql.push_str(&format!(
                "CREATE application CONTENT {{
                    program_id: {pid}, work_email: 'admin{n}@partner{n}.example',
                    status: '{status}', email_verified_at: time::now(), country: '{country}',
                    legal_name: 'Partner {n} Ltd', model: '{model}', accepted_criteria: [],
                    criteria_snapshot: [], done_program_id: true, done_business: true,
                    done_bank: true, done_model: true,
                    submitted_at: time::now() - duration::from_mins({n}),
                    version: 1, created_at: time::now(), updated_at: time::now()
                }};",
                pid = 1_000_000 + n,
                status = statuses[n % statuses.len()],
                country = countries[n % countries.len()],
                model = models[n % models.len()],
            ));
        }
        sql.push_str("COMMIT TRANSACTION;");
        execute(db.query(sql))
            .await
            .expect("the applications are created");
    }
    println!(
        "seeded {APPLICATIONS} applications in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let cookie = format!("csp_session={session}");
    // the cursor of page 40 (of 50 applications each), and of page 10 of a filtered queue, as
    // a reviewer reaches them with "Next page"
    let deep = |filter: review::QueueFilter, pages: usize| {
        let db = db.clone();
        async move {
            let mut from = review::QueueFrom::Start;
            for _ in 0..pages {
                let page = review::queue(&db, &filter, &from, app::api::review::PAGE_SIZE)
                    .await
                    .unwrap();
                from = review::QueueFrom::After(page.rows.last().unwrap().cursor());
            }
            match from {
                review::QueueFrom::After(cursor) => cursor.encode(),
                _ => unreachable!(),
            }
        }
    };
    let page_40 = format!(
        "/review?after={}",
        deep(review::QueueFilter::default(), 39).await
    );
    let filtered_deep = format!(
        "status=submitted&country=DE&after={}",
        deep(
            review::QueueFilter {
                status: Some("submitted".into()),
                country: Some("DE".into()),
                ..Default::default()
            },
            5
        )
        .await
    );
    let cases: [(&str, bool, &str); 6] = [
        ("queue page, first page", true, "/review"),
        ("queue page, page 40", true, &page_40),
        (
            "queue page, filtered",
            true,
            "/review?status=submitted&country=KR&model=direct_bill",
        ),
        (
            "queue page, older than 3 days",
            true,
            "/review?older_than_days=3",
        ),
        ("queue function, first page", false, ""),
        ("queue function, filtered page 6", false, &filtered_deep),
    ];
    for (name, page, target) in cases {
        let mut times = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS + 10 {
            let request = if page {
                Request::get(target)
                    .header(header::COOKIE, &cookie)
                    .header(header::ACCEPT, "text/html")
                    .body(Body::empty())
                    .unwrap()
            } else {
                Request::post("/api/review_queue")
                    .header(header::COOKIE, &cookie)
                    .header(header::ACCEPT, "application/json")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(target.to_owned()))
                    .unwrap()
            };
            let (elapsed, _) = timing::timed(&app, request, name).await;
            // the first rounds warm the caches
            if round >= 10 {
                times.push(elapsed);
            }
        }
        timing::report(name, times, PERCENTILE);
    }
    // where the time goes: the parts of a queue request, each on its own
    let policy = sessions::SessionPolicy::default();
    let parts: [(&str, u8); 3] = [
        ("  part: the session", 0),
        ("  part: counts per status", 1),
        ("  part: one page from the store", 2),
    ];
    for (name, part) in parts {
        let mut times = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS + 10 {
            let started = Instant::now();
            match part {
                0 => drop(sessions::find(&db, &session, policy).await.unwrap()),
                1 => drop(review::counts(&db).await.unwrap()),
                _ => drop(
                    review::queue(
                        &db,
                        &review::QueueFilter::default(),
                        &review::QueueFrom::Start,
                        app::api::review::PAGE_SIZE,
                    )
                    .await
                    .unwrap(),
                ),
            }
            if round >= 10 {
                times.push(started.elapsed());
            }
        }
        timing::report(name, times, PERCENTILE);
    }
    db.close().await;
}
