//! Delivers the outbox through SMTP. Failed attempts are retried with a growing delay (the
//! outbox keeps the message), so an outage of the mail server or a restart loses nothing.
//! Without a mail server, messages are marked "not sent: no SMTP configured" and stay readable.

use app::server::{
    db::Database,
    store::outbox::{self, Due},
};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use std::time::Duration;
use tokio::sync::watch;
use url::Url;

/// How the worker behaves; the defaults are for production, tests shorten them.
#[derive(Clone, Copy, Debug)]
pub struct WorkerTiming {
    /// How often to look for due messages (a cheap indexed read; it bounds how long an e-mailed
    /// link takes to leave).
    pub poll: Duration,
    /// The first retry delay; it doubles with every failed attempt.
    pub first_retry: Duration,
    /// Retries never wait longer than this.
    pub max_retry: Duration,
}

impl Default for WorkerTiming {
    fn default() -> Self {
        Self {
            poll: Duration::from_millis(500),
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(60 * 60),
        }
    }
}

/// Where mail goes.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url`: `smtps://` (TLS), `smtp://` (STARTTLS when the server offers it; add
    /// `?tls=required` to insist), with `USER:PASSWORD@` for authentication. `None`: no delivery.
    pub fn new(smtp_url: Option<&Url>, from: Mailbox) -> Result<Self, String> {
        let transport = match smtp_url {
            None => None,
            Some(url) => {
                let mut url = url.clone();
                if url.scheme() == "smtp" && !url.query_pairs().any(|(k, _)| k == "tls") {
                    url.query_pairs_mut().append_pair("tls", "opportunistic");
                }
                let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                    .map_err(|e| format!("the SMTP URL is not usable: {e}"))?;
                Some(builder.timeout(Some(Duration::from_secs(30))).build())
            }
        };
        Ok(Self { transport, from })
    }

    /// The sender: `from`, or `CSP Portal <no-reply@HOST>` for the public address's host.
    pub fn sender(from: Option<&str>, public_url: &Url) -> Result<Mailbox, String> {
        let address = match from {
            Some(from) => from.to_owned(),
            None => {
                let host = match public_url.host() {
                    Some(url::Host::Domain(domain)) if domain.contains('.') => domain.to_owned(),
                    _ => "localhost".to_owned(),
                };
                format!("CSP Portal <no-reply@{host}>")
            }
        };
        address
            .parse()
            .map_err(|e| format!("'{address}' is not a sender address: {e}"))
    }

    async fn send(&self, message: &Due) -> Result<(), String> {
        let Some(transport) = &self.transport else {
            return Err("no SMTP configured".into());
        };
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("bad recipient: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))
            .map_err(|e| format!("the message could not be built: {e}"))?;
        transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The delay before retry number `attempts + 1`.
pub fn retry_delay(attempts: i64, timing: WorkerTiming) -> Duration {
    let doublings = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    timing
        .first_retry
        .saturating_mul(1 << doublings)
        .min(timing.max_retry)
}

/// Runs until `shutdown` turns true. Never logs a message's body (it may hold a temporary
/// password), only its id and recipient.
pub async fn run(
    db: Database,
    mailer: Mailer,
    timing: WorkerTiming,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        match deliver_due(&db, &mailer, timing).await {
            // a full batch: more may be waiting
            Ok(handled) if handled == BATCH && !*shutdown.borrow() => continue,
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "outbox: could not read due messages"),
        }
        tokio::select! {
            _ = tokio::time::sleep(timing.poll) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Messages read from the outbox at a time.
const BATCH: usize = 50;
/// Messages handed to the mail server at the same time (over pooled connections).
const PARALLEL: usize = 8;

/// Delivers what is due, a batch at a time; returns how many messages it handled, so the worker
/// goes on at once while a backlog remains.
async fn deliver_due(
    db: &Database,
    mailer: &Mailer,
    timing: WorkerTiming,
) -> Result<usize, app::server::db::DbError> {
    use futures_util::{StreamExt, TryStreamExt};
    let due = outbox::due(db, BATCH).await?;
    let handled = due.len();
    futures_util::stream::iter(due)
        .map(|message| deliver(db, mailer, timing, message))
        .buffer_unordered(PARALLEL)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(handled)
}

async fn deliver(
    db: &Database,
    mailer: &Mailer,
    timing: WorkerTiming,
    message: outbox::Due,
) -> Result<(), app::server::db::DbError> {
    if mailer.transport.is_none() {
        outbox::mark_no_smtp(db, &message.id).await?;
        tracing::info!(recipient = %message.recipient, "outbox: not sent, no SMTP configured");
        return Ok(());
    }
    match mailer.send(&message).await {
        Ok(()) => {
            outbox::mark_sent(db, &message.id).await?;
            tracing::info!(recipient = %message.recipient, "outbox: sent");
        }
        Err(error) => {
            let wait = retry_delay(message.attempts, timing);
            outbox::mark_retry(db, &message.id, wait, &error).await?;
            tracing::warn!(
                recipient = %message.recipient,
                attempts = message.attempts + 1,
                retry_in_s = wait.as_secs(),
                %error,
                "outbox: delivery failed; will retry"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop_growing() {
        let timing = WorkerTiming::default();
        assert_eq!(retry_delay(0, timing), Duration::from_secs(10));
        assert_eq!(retry_delay(1, timing), Duration::from_secs(20));
        assert_eq!(retry_delay(5, timing), Duration::from_secs(320));
        assert_eq!(retry_delay(50, timing), Duration::from_secs(3600));
    }

    #[test]
    fn the_default_sender_uses_the_public_host() {
        let url: Url = "https://partners.example.com/".parse().unwrap();
        assert_eq!(
            Mailer::sender(None, &url).unwrap().email.to_string(),
            "no-reply@partners.example.com"
        );
        let local: Url = "http://127.0.0.1:3000/".parse().unwrap();
        assert_eq!(
            Mailer::sender(None, &local).unwrap().email.to_string(),
            "no-reply@localhost"
        );
        assert!(Mailer::sender(Some("not an address"), &url).is_err());
    }
}
