//! Configuration: command-line flags, each with an environment variable as fallback.

use app::server::db::DatabaseUrl;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::{net::SocketAddr, path::PathBuf};
use url::Url;

/// 127.0.0.1:3000
pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::V4(std::net::SocketAddrV4::new(
    std::net::Ipv4Addr::LOCALHOST,
    3000,
));

#[derive(Parser, Debug, Clone)]
#[command(
    name = "csp-portal",
    version,
    about = "csp-portal: the self-hosted portal for running a cloud solution provider (CSP) program",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve the portal (the default when no command is given).
    Serve,
    /// Check the configuration, print it (secrets masked) as JSON, and exit.
    CheckConfig,
    /// Print a one-time link (valid 1 hour) with which the first program admin chooses their
    /// e-mail and password; only while the portal has no user. Stop the server first when it
    /// uses the embedded database.
    SetupLink,
}

#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Address and port to listen on. Default 127.0.0.1:3000; when run by cargo-leptos without
    /// this flag, its LEPTOS_SITE_ADDR is used.
    #[arg(long, env = "CSP_LISTEN", value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,

    /// Directory for the embedded database and key files.
    #[arg(
        long,
        env = "CSP_DATA_DIR",
        value_name = "DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,

    /// The database: surrealkv://PATH (embedded, on disk; the default is <data-dir>/db),
    /// mem:// (in memory, gone at exit; for tests) or ws://[USER:PASSWORD@]HOST:PORT and
    /// wss://… (a SurrealDB server).
    #[arg(long, env = "CSP_DATABASE_URL", value_name = "URL", value_parser = parse_database_url)]
    database_url: Option<DatabaseUrl>,

    /// Memory (MiB) the embedded database may use for its read cache, and again for its write
    /// buffer. Without a bound its engine would size these from the host's RAM.
    #[arg(long, env = "CSP_DB_CACHE_MIB", value_name = "MIB", default_value_t = app::server::db::DEFAULT_CACHE_MIB,
          value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub db_cache_mib: u64,

    /// The address people use to reach the portal (http:// or https://), used in e-mailed links;
    /// with https:// cookies are marked Secure. Default: http://<listen>.
    #[arg(long, env = "CSP_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    public_url: Option<Url>,

    /// Outgoing mail server: smtp://[USER:PASSWORD@]HOST[:PORT] (STARTTLS when offered),
    /// smtps://… (TLS). Without it e-mail stays in the outbox.
    #[arg(long, env = "CSP_SMTP_URL", value_name = "URL", value_parser = parse_smtp_url)]
    pub smtp_url: Option<Url>,

    /// The sender of the portal's e-mail, e.g. "Partner Program <partners@example.com>".
    /// Default: CSP Portal <no-reply@HOST of the public URL>.
    #[arg(long, env = "CSP_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// A session ends after this many minutes without a request.
    #[arg(long, env = "CSP_SESSION_IDLE_MINUTES", value_name = "MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub session_idle_minutes: u64,

    /// A session ends this many hours after sign-in, however busy.
    #[arg(long, env = "CSP_SESSION_MAX_HOURS", value_name = "HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_max_hours: u64,

    /// How long a temporary password (e-mailed to a new user) works: a number and a unit,
    /// s, m, h or d (e.g. 72h, 3d); between 10s and 30d.
    #[arg(long, env = "CSP_TEMPORARY_PASSWORD_LIFETIME", value_name = "DURATION",
          default_value = "72h", value_parser = parse_lifetime)]
    pub temporary_password_lifetime: Lifetime,

    /// How long the link in a customer relationship invitation works: a number and a unit,
    /// s, m, h or d (e.g. 7d); between 10s and 30d. A resend starts it again.
    #[arg(long, env = "CSP_CUSTOMER_INVITATION_LIFETIME", value_name = "DURATION",
          default_value = "7d", value_parser = parse_lifetime)]
    pub customer_invitation_lifetime: Lifetime,

    /// How long after proving who they are (signing in, or entering a code) a user may take a
    /// sensitive action (reveal or replace bank details, give or take global admin, change
    /// their own two-factor sign-in) without being asked again: a number and a unit, s, m, h
    /// or d; between 10s and 30d.
    #[arg(long, env = "CSP_STEP_UP_WINDOW", value_name = "DURATION",
          default_value = "10m", value_parser = parse_lifetime)]
    pub step_up_window: Lifetime,

    /// The file with the key that seals bank details in the database (base64, 32 bytes).
    /// Default <data-dir>/field-encryption.key, created (readable by its owner only) on first
    /// start. Keep a copy with the backups: without it the sealed details cannot be read. The
    /// key itself can instead be given in the environment variable CSP_FIELD_KEY.
    #[arg(long, env = "CSP_FIELD_KEY_FILE", value_name = "FILE")]
    pub field_key_file: Option<PathBuf>,

    /// What to log: a level (error, warn, info, debug, trace) or a filter such as
    /// "info,server=debug".
    #[arg(long, env = "CSP_LOG", value_name = "FILTER", default_value = "info", value_parser = parse_log_filter)]
    pub log: String,

    /// Log format: text for people, json for log collectors.
    #[arg(
        long,
        env = "CSP_LOG_FORMAT",
        value_name = "FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The listen address: the flag or CSP_LISTEN, else cargo-leptos's LEPTOS_SITE_ADDR, else
    /// the default.
    pub fn listen(&self) -> SocketAddr {
        self.listen
            .or_else(|| std::env::var("LEPTOS_SITE_ADDR").ok()?.parse().ok())
            .unwrap_or(DEFAULT_LISTEN)
    }

    pub fn identity(&self) -> app::server::services::IdentitySettings {
        use std::time::Duration;
        app::server::services::IdentitySettings {
            sessions: app::server::store::sessions::SessionPolicy {
                idle: Duration::from_secs(self.session_idle_minutes * 60),
                absolute: Duration::from_secs(self.session_max_hours * 60 * 60),
                step_up: self.step_up_window.0,
            },
            temporary_password_lifetime: self.temporary_password_lifetime.0,
            customer_invitation_lifetime: self.customer_invitation_lifetime.0,
        }
    }

    pub fn database_url(&self) -> DatabaseUrl {
        self.database_url
            .clone()
            .unwrap_or_else(|| DatabaseUrl::SurrealKv(self.data_dir.join("db")))
    }

    /// The key that seals bank details: CSP_FIELD_KEY, else the key file (created when the
    /// database is embedded). An in-memory database without either gets a key that lives as
    /// long as it does. With a SurrealDB server every instance must share one key, so it has to
    /// be given.
    pub fn field_key(&self) -> Result<app::server::crypto::FieldKey, String> {
        use app::server::crypto::FieldKey;
        if let Ok(text) = std::env::var("CSP_FIELD_KEY") {
            return FieldKey::from_base64(&text).map_err(|e| format!("CSP_FIELD_KEY: {e}"));
        }
        let database = self.database_url();
        let path = match (&self.field_key_file, &database) {
            (Some(path), _) => path.clone(),
            (None, DatabaseUrl::Memory) => return Ok(FieldKey::generate().0),
            (None, DatabaseUrl::SurrealKv(_)) => self.data_dir.join("field-encryption.key"),
            (None, DatabaseUrl::Server { .. }) => {
                return Err(
                    "with a SurrealDB server, give every instance the same key for bank \
                            details: --field-key-file FILE or CSP_FIELD_KEY (32 bytes, base64; \
                            e.g. `openssl rand -base64 32`)"
                        .into(),
                );
            }
        };
        let (key, created) = FieldKey::load_or_create(&path)?;
        if created {
            tracing::info!(path = %path.display(), "created the key that seals bank details; keep a copy with the backups");
        }
        Ok(key)
    }

    pub fn public_url(&self) -> Url {
        self.public_url.clone().unwrap_or_else(|| {
            Url::parse(&format!("http://{}/", self.listen()))
                .expect("a socket address is a valid host")
        })
    }

    /// The effective configuration with every secret masked, for `check-config` and the start-up
    /// log line.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "listen": self.listen().to_string(),
            "data_dir": self.data_dir.display().to_string(),
            "database_url": self.database_url().to_string(),
            "db_cache_mib": self.db_cache_mib,
            "public_url": self.public_url().to_string(),
            "smtp_url": self.smtp_url.as_ref().map(|u| mask_password(u).to_string()),
            "mail_from": self.mail_from,
            "session_idle_minutes": self.session_idle_minutes,
            "session_max_hours": self.session_max_hours,
            "temporary_password_lifetime": self.temporary_password_lifetime.to_string(),
            "customer_invitation_lifetime": self.customer_invitation_lifetime.to_string(),
            "step_up_window": self.step_up_window.to_string(),
            "field_key": if std::env::var_os("CSP_FIELD_KEY").is_some() {
                "from CSP_FIELD_KEY".to_owned()
            } else {
                self.field_key_file.as_ref().map_or_else(
                    || "default key file".to_owned(),
                    |p| p.display().to_string(),
                )
            },
            "log": self.log,
            "log_format": self.log_format,
        })
    }
}

fn mask_password(url: &Url) -> Url {
    let mut masked = url.clone();
    if masked.password().is_some() {
        let _ = masked.set_password(Some("********"));
    }
    masked
}

fn parse_database_url(value: &str) -> Result<DatabaseUrl, String> {
    value.parse::<DatabaseUrl>().map_err(|e| e.to_string())
}

fn parse_public_url(value: &str) -> Result<Url, String> {
    parse_url(value, ["http", "https"])
}

fn parse_smtp_url(value: &str) -> Result<Url, String> {
    parse_url(value, ["smtp", "smtps"])
}

/// A URL with a host and one of `schemes` (plain, secure).
fn parse_url(value: &str, schemes: [&str; 2]) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|e| format!("not a URL ({e})"))?;
    if !schemes.contains(&url.scheme()) {
        let [plain, secure] = schemes;
        return Err(format!(
            "the scheme must be {plain} or {secure}, not {}",
            url.scheme()
        ));
    }
    if url.host().is_none() {
        return Err("the URL has no host".into());
    }
    Ok(url)
}

fn parse_log_filter(value: &str) -> Result<String, String> {
    const LEVELS: [&str; 6] = ["error", "warn", "info", "debug", "trace", "off"];
    // A bare word is a target filter to tracing ("loud" would silently log nothing we know of);
    // people who write one almost always meant a level.
    for directive in value.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        if !directive.contains('=')
            && !directive.contains('[')
            && !LEVELS.contains(&directive.to_ascii_lowercase().as_str())
        {
            return Err(format!(
                "'{directive}' is not a level ({}); to filter by module write module=level",
                LEVELS.join(", ")
            ));
        }
    }
    tracing_subscriber::EnvFilter::try_new(value)
        .map(|_| value.to_owned())
        .map_err(|e| format!("not a log filter ({e})"))
}

/// A length of time given as a number and a unit (`90s`, `30m`, `72h`, `3d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime(pub std::time::Duration);

impl std::fmt::Display for Lifetime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.0.as_secs();
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
            if seconds.is_multiple_of(size) {
                return write!(f, "{}{unit}", seconds / size);
            }
        }
        write!(f, "{seconds}s")
    }
}

fn parse_lifetime(text: &str) -> Result<Lifetime, String> {
    const SHORTEST: u64 = 10;
    const LONGEST: u64 = 30 * 86_400;
    let text = text.trim();
    let unit_at = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("\"{text}\" has no unit: write it like 72h, 3d, 30m or 90s"))?;
    let (number, unit) = text.split_at(unit_at);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" does not start with a number: write it like 72h or 3d"))?;
    let size = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "\"{unit}\" is not a unit: use s, m, h or d (e.g. 72h)"
            ));
        }
    };
    let seconds = number.saturating_mul(size);
    if !(SHORTEST..=LONGEST).contains(&seconds) {
        return Err(format!("\"{text}\" is out of range: between 10s and 30d"));
    }
    Ok(Lifetime(std::time::Duration::from_secs(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("csp-portal").chain(args.iter().copied()))
    }

    #[test]
    fn secrets_are_masked_in_the_description() {
        let cli = parse(&["--smtp-url", "smtp://mailer:hunter2@mail.example.com:587"]).unwrap();
        let text = cli.config.describe().to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("mailer:********@mail.example.com"), "{text}");
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["--listen", "nowhere"][..],
            &["--database-url", "ftp://x"],
            &["--public-url", "mailto:someone@example.com"],
            &["--smtp-url", "http://mail.example.com"],
            &["--log", "info,[=broken"],
            &["--log-format", "xml"],
            &["--db-cache-mib", "1"],
        ] {
            let err = parse(args).expect_err(&format!("{args:?} should be refused"));
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn lifetimes_have_a_unit_and_a_range() {
        assert_eq!(
            parse_lifetime("72h"),
            Ok(Lifetime(std::time::Duration::from_secs(72 * 3600)))
        );
        assert_eq!(parse_lifetime("3d").unwrap().to_string(), "3d");
        assert_eq!(parse_lifetime("90s").unwrap().to_string(), "90s");
        assert_eq!(parse_lifetime("120m").unwrap().to_string(), "2h");
        assert!(parse_lifetime("72").unwrap_err().contains("no unit"));
        assert!(parse_lifetime("5s").unwrap_err().contains("out of range"));
        assert!(parse_lifetime("31d").unwrap_err().contains("out of range"));
        assert!(parse_lifetime("3w").unwrap_err().contains("not a unit"));
        assert!(parse_lifetime("h").unwrap_err().contains("number"));
    }
}
