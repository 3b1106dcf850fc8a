//! The outbox worker against a real SMTP sink (maildev from end2end/node_modules, installed by
//! `make test`): a message queued while the mail server is down is delivered once it is up.

use crate::support::free_port;
use app::server::{
    db::{Database, DatabaseUrl, StorageLimits, statement_error},
    store::outbox::{self, Email},
};
use server::mail::{Mailer, WorkerTiming, run};
use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};
use tokio::sync::watch;

fn maildev_binary() -> PathBuf {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/node_modules/.bin/maildev");
    assert!(
        path.exists(),
        "maildev is missing: run `npm ci` in end2end/ (make test does)"
    );
    path
}

struct Maildev(Child);

impl Drop for Maildev {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_maildev(smtp: u16, web: u16) -> Maildev {
    let child = Command::new(maildev_binary())
        .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1"])
        .args(["--smtp", &smtp.to_string(), "--web", &web.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("maildev starts");
    Maildev(child)
}

async fn http_get(port: u16, path: &str) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    Some(response)
}

async fn wait_for<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn outbox_row(db: &Database) -> Option<(String, i64)> {
    let mut results = db.query("SELECT status, attempts FROM outbox").await.ok()?;
    assert!(statement_error(&mut results).is_none());
    let status: Option<String> = results.take((0, "status")).ok()?;
    let mut results = db.query("SELECT VALUE attempts FROM outbox").await.ok()?;
    let attempts: Vec<i64> = results.take(0).ok()?;
    Some((status?, *attempts.first()?))
}

fn message() -> Email {
    Email {
        recipient: "reviewer@operator.example".into(),
        subject: "Your CSP Portal account".into(),
        text: "Sign in at http://127.0.0.1/sign-in".into(),
        html: "<p>Sign in at <a href=\"http://127.0.0.1/sign-in\">the portal</a></p>".into(),
    }
}

fn fast() -> WorkerTiming {
    WorkerTiming {
        poll: Duration::from_millis(100),
        first_retry: Duration::from_millis(300),
        max_retry: Duration::from_secs(1),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_queued_during_an_smtp_outage_is_delivered_when_the_server_comes_up() {
    let db = Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .unwrap();
    let (smtp, web) = (free_port(), free_port());
    let url = format!("smtp://127.0.0.1:{smtp}").parse().unwrap();
    let public = "http://127.0.0.1:3000/".parse().unwrap();
    let mailer = Mailer::new(Some(&url), Mailer::sender(None, &public).unwrap()).unwrap();
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(run(db.clone(), mailer, fast(), stopped));

    outbox::enqueue(&db, &message()).await.unwrap();

    // nothing listens yet: the attempt fails and a retry is scheduled, the message kept
    let attempts = wait_for("a failed attempt", || async {
        outbox_row(&db)
            .await
            .filter(|(status, attempts)| status == "pending" && *attempts >= 1)
    })
    .await;
    assert_eq!(attempts.0, "pending");

    let _maildev = start_maildev(smtp, web);
    wait_for("maildev", || async {
        http_get(web, "/healthz")
            .await
            .filter(|r| r.starts_with("HTTP/1.1 200"))
    })
    .await;

    wait_for("delivery", || async {
        outbox_row(&db).await.filter(|(status, _)| status == "sent")
    })
    .await;
    let inbox = wait_for("the message in maildev", || async {
        http_get(web, "/email")
            .await
            .filter(|r| r.contains("Your CSP Portal account"))
    })
    .await;
    assert!(inbox.contains("reviewer@operator.example"), "{inbox}");
    assert!(inbox.contains("no-reply@localhost"), "{inbox}");
    assert!(
        inbox.contains("the portal"),
        "the HTML part arrived: {inbox}"
    );

    stop.send(true).unwrap();
    worker.await.unwrap();
}

#[tokio::test]
async fn without_smtp_messages_stay_in_the_outbox_marked_not_sent() {
    let db = Database::open(&DatabaseUrl::Memory, StorageLimits::default())
        .await
        .unwrap();
    let public = "http://127.0.0.1:3000/".parse().unwrap();
    let mailer = Mailer::new(None, Mailer::sender(None, &public).unwrap()).unwrap();
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(run(db.clone(), mailer, fast(), stopped));
    outbox::enqueue(&db, &message()).await.unwrap();
    wait_for("the no-SMTP mark", || async {
        outbox_row(&db)
            .await
            .filter(|(status, _)| status == "not_sent_no_smtp")
    })
    .await;
    stop.send(true).unwrap();
    worker.await.unwrap();
}
