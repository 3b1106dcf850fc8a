//! The partner directory with 100,000 published profiles (a benchmark, not a test):
//! 1. directory search and provider matching, called in-process through the router, 200 times
//!    each: p50 and p95 of the server time (target, issue 7: p95 under 20 ms);
//! 2. throughput of one directory page over HTTP at 64 connections, next to axum serving the
//!    same HTML bytes as a static file, on the same machine and runtime (the ratio is the figure).
//!
//!     cargo bench -p server --bench directory

use app::server::{db::execute, surrealdb::types::RecordId};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

const PROFILES: usize = 100_000;
const ROUNDS: usize = 200;
const CONNECTIONS: usize = 64;
const LOAD_SECONDS: u64 = 10;

const WORDS: &[&str] = &[
    "cloud",
    "migration",
    "security",
    "retail",
    "manufacturing",
    "schools",
    "hospitals",
    "analytics",
    "licensing",
    "support",
    "training",
    "azure",
    "mailboxes",
    "compliance",
    "서울",
    "부산",
    "클라우드",
    "보안",
    "교육",
    "제조",
    "유통",
    "마이그레이션",
    "東京",
    "startups",
];
const COUNTRIES: &[&str] = &[
    "KR", "JP", "US", "DE", "GB", "FR", "SG", "AU", "IN", "BR", "CA", "VN",
];
/// the products a profile can name
use app::domain::business_profile::PRODUCTS;
const LANGUAGES: &[&str] = &["en", "ko", "ja", "zh", "de", "fr", "es", "vi"];
const SIZES: &[&str] = &["small", "medium", "large", "enterprise"];
const MODELS: &[&str] = &["direct_bill", "indirect_provider", "indirect_reseller"];

/// A small deterministic generator, so that every run seeds the same directory.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str], at_most: usize) -> Vec<&'a str> {
        let count = 1 + self.next() % at_most;
        let mut chosen: Vec<&str> = (0..count).map(|_| list[self.next() % list.len()]).collect();
        chosen.sort();
        chosen.dedup();
        chosen
    }
}

fn list(codes: &[&str]) -> String {
    let quoted: Vec<String> = codes.iter().map(|c| format!("'{c}'")).collect();
    format!("[{}]", quoted.join(", "))
}

mod timing;

/// The percentile reported beside the median.
const PERCENTILE: u8 = 95;

/// The integration tests' helpers: a server on an in-memory database, signed-in users.
#[path = "../tests/integration/support/mod.rs"]
mod support;

#[tokio::main]
async fn main() {
    let (app, db) = support::app().await;

    let seeding = Instant::now();
    let mut random = Lcg(7);
    for chunk in 0..(PROFILES / 1_000) {
        let mut sql = String::from("BEGIN TRANSACTION;");
        for i in 0..1_000 {
            let n = chunk * 1_000 + i;
            let model = MODELS[n % MODELS.len()];
            let country = COUNTRIES[random.next() % COUNTRIES.len()];
            let words: Vec<&str> = (0..12)
                .map(|_| WORDS[random.next() % WORDS.len()])
                .collect();
            let description = format!("Partner {n} helps with {}.", words.join(" "));
            let regions = random.pick(COUNTRIES, 3);
            let products = random.pick(PRODUCTS, 4);
            let languages = random.pick(LANGUAGES, 2);
            let sizes = random.pick(SIZES, 2);
            let name = format!("Partner {n:06} {}", WORDS[n % WORDS.len()]);
            // the text publishing writes, filter terms included
            let search_text = app::domain::business_profile::search_text(
                &name,
                model,
                country,
                &app::domain::business_profile::Profile {
                    description: description.clone(),
                    products: products.iter().map(|p| (*p).to_owned()).collect(),
                    services: vec!["migration".to_owned()],
                    regions: regions.iter().map(|r| (*r).to_owned()).collect(),
                    languages: languages.iter().map(|l| (*l).to_owned()).collect(),
                    customer_sizes: sizes.iter().map(|c| (*c).to_owned()).collect(),
                    ..Default::default()
                },
            )
            .replace('\'', "\\'");
            sql.push_str(&format!(
                "CREATE directory_entry:p{pid} CONTENT {{
                    organization: organization:p{pid}, slug: 'partner-{n}-{pid}',
                    program_id: {pid}, name: '{name}', model: '{model}', country: '{country}',
                    description: '{description}', website: '', industries: [],
                    services: ['migration'], products: {products}, regions: {regions},
                    languages: {languages}, customer_sizes: {sizes}, locations: [],
                    lead_name: 'Lead', lead_email: 'lead@p{pid}.example',
                    accepting_resellers: {accepting}, support_hours: '',
                    search_text: '{search_text}', sort_name: '{sort}', resellers: {resellers},
                    published_at: time::now()
                }};",
                pid = 1_000_000 + n,
                products = list(&products),
                regions = list(&regions),
                languages = list(&languages),
                sizes = list(&sizes),
                accepting = n % 5 != 0,
                sort = name.to_lowercase(),
                resellers = random.next() % 80,
            ));
        }
        sql.push_str("COMMIT TRANSACTION;");
        execute(db.query(sql))
            .await
            .expect("the profiles are created");
    }
    println!(
        "seeded {PROFILES} published profiles in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    // an approved indirect reseller whose business profile names what it needs
    let reseller = RecordId::new("organization", "p9999999");
    execute(
        db.query(
            "CREATE application:a9999999 CONTENT {
                 program_id: 9999999, work_email: 'admin@reseller.example', status: 'approved',
                 accepted_criteria: [], done_program_id: true, done_business: true,
                 done_bank: true, done_model: true, criteria_snapshot: [], version: 1,
                 created_at: time::now(), updated_at: time::now()
             };
             CREATE $reseller CONTENT {
                 name: 'Adatum Retail IT', kind: 'partner', program_id: 9999999,
                 model: 'indirect_reseller', country: 'KR', application: application:a9999999,
                 created_at: time::now()
             };
             CREATE business_profile:p9999999 CONTENT {
                 organization: $reseller, description: 'Shops in Seoul.', website: '',
                 industries: ['retail'], services: [], products: ['microsoft_365', 'azure', 'copilot'],
                 regions: ['KR', 'JP'], languages: ['ko', 'en'], customer_sizes: ['small'],
                 locations: [], lead_name: '', lead_email: '', accepting_resellers: false,
                 support_hours: '', version: 1, updated_at: time::now(), updated_by_name: 'x'
             };",
        )
        .bind("reseller", reseller.clone()),
    )
    .await
    .unwrap();
    let (_, session) = support::user_with_session(
        &db,
        &reseller,
        "admin@reseller.example",
        "Admin",
        &["global_admin"],
        false,
    )
    .await;
    let cookie = format!("csp_session={session}");

    let cases: [(&str, &str, &str); 9] = [
        ("search: one word", "search_directory", "q=cloud"),
        (
            "search: two words (Korean)",
            "search_directory",
            "q=%EC%84%9C%EC%9A%B8+%EB%B3%B4%EC%95%88",
        ),
        (
            "search: a partner's name",
            "search_directory",
            "q=partner+054321",
        ),
        (
            "search: filters only",
            "search_directory",
            "region=KR&product=azure&language=ko",
        ),
        (
            "search: words and filters",
            "search_directory",
            "q=migration&model=indirect_provider&size=small",
        ),
        ("search: page 20, no words", "search_directory", "page=19"),
        ("provider matching", "find_providers", ""),
        // before each request another entry changed: the index reads that change first
        (
            "search: filters only, after a change",
            "search_directory",
            "region=KR&product=azure&language=ko",
        ),
        ("provider matching, after a change", "find_providers", ""),
    ];
    for (name, endpoint, form) in cases {
        let mut times = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS + 10 {
            if name.ends_with("after a change") {
                execute(db.query(format!(
                    "UPDATE directory_entry:p{} SET resellers += 1",
                    1_000_000 + round * 3 + 1
                )))
                .await
                .unwrap();
            }
            let request = Request::post(format!("/api/{endpoint}"))
                .header(header::COOKIE, &cookie)
                .header(header::ACCEPT, "application/json")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .unwrap();
            let (elapsed, body) = timing::timed(&app, request, name).await;
            if round == 0 {
                let found = body.matches("\"slug\"").count();
                println!(
                    "  ({name}: {found} results on the page; the first request {:.1} ms)",
                    timing::ms(elapsed)
                );
            }
            if round >= 10 {
                times.push(elapsed);
            }
        }
        timing::report(name, times, PERCENTILE);
    }

    throughput(app).await;
    db.close().await;
}

/// Requests per second for the directory page of one partner, and for the same bytes served as
/// a static file, each with 64 keep-alive connections for 10 s.
async fn throughput(app: Router) {
    let page = "/directory/partner-54321-1054321";
    let response = app
        .clone()
        .oneshot(Request::get(page).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.into_body().collect().await.unwrap().to_bytes();
    let static_app = Router::new().route(
        "/static.html",
        axum::routing::get(move || {
            let html = html.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html) }
        }),
    );
    let portal = serve(app).await;
    let plain = serve(static_app).await;
    let ssr = load(portal, page).await;
    let file = load(plain, "/static.html").await;
    println!(
        "directory page, server-rendered: {ssr:>8.0} requests/s ({CONNECTIONS} connections, {LOAD_SECONDS} s)"
    );
    println!("same bytes as a static file:     {file:>8.0} requests/s");
    println!("ratio: {:.3} (server-rendered / static)", ssr / file);
}

async fn serve(router: Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    address
}

/// Requests per second from `CONNECTIONS` keep-alive connections asking for `path`.
async fn load(address: std::net::SocketAddr, path: &str) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (done, stop, path) = (done.clone(), stop.clone(), path.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n");
            let mut buffer = Vec::with_capacity(64 * 1024);
            while !stop.load(Ordering::Relaxed) {
                stream.write_all(request.as_bytes()).await.unwrap();
                read_response(&mut stream, &mut buffer).await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // a second of warming up, then the count
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = done.load(Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(LOAD_SECONDS)).await;
    let counted = done.load(Ordering::Relaxed) - before;
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
    }
    counted as f64 / elapsed
}

/// Reads one HTTP/1.1 response (with a length, or chunked) and checks its status.
async fn read_response(stream: &mut tokio::net::TcpStream, buffer: &mut Vec<u8>) {
    buffer.clear();
    let header_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end + 4;
        }
        read_more(stream, buffer).await;
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    if let Some(length) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        while buffer.len() < header_end + length {
            read_more(stream, buffer).await;
        }
    } else {
        // chunked: until the last chunk
        while find(&buffer[header_end..], b"\r\n0\r\n\r\n").is_none()
            && !buffer[header_end..].starts_with(b"0\r\n\r\n")
        {
            read_more(stream, buffer).await;
        }
    }
}

async fn read_more(stream: &mut tokio::net::TcpStream, buffer: &mut Vec<u8>) {
    let mut chunk = [0_u8; 16 * 1024];
    let read = stream.read(&mut chunk).await.unwrap();
    assert!(read > 0, "the server closed the connection");
    buffer.extend_from_slice(&chunk[..read]);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
