//! The `csp-portal` binary: configuration from flags and environment, clear errors, and a clean
//! shutdown.

use crate::support::free_port;
use std::{
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

const BINARY: &str = env!("CARGO_BIN_EXE_csp-portal");

/// A copy of the binary in a directory of its own, as someone deploying it would copy it: what
/// the build wrote beside the original (cargo-leptos's `hash.txt`) is not there.
fn copied_binary(into: &Path) -> PathBuf {
    let copy = into.join("csp-portal");
    if std::fs::hard_link(BINARY, &copy).is_err() {
        std::fs::copy(BINARY, &copy).expect("the binary can be copied");
    }
    copy
}

/// A site directory whose pkg directory holds these files (their content does not matter here).
fn site_with(into: &Path, files: &[&str]) -> PathBuf {
    let site = into.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    for file in files {
        std::fs::write(site.join("pkg").join(file), b"bundle").unwrap();
    }
    site
}

/// The binary (copied alone) and a site with one unhashed bundle, shared by the tests that only
/// need a portal that starts.
fn shared_install() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static INSTALL: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    INSTALL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let binary = copied_binary(dir.path());
        let site = site_with(
            dir.path(),
            &["csp-portal.js", "csp-portal.wasm", "csp-portal.css"],
        );
        (dir, binary, site)
    })
}

/// `binary` with none of our variables from the test's environment, serving `site`.
fn portal_at(binary: &Path, site: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LEPTOS_SITE_ROOT", site);
    command
}

/// The binary with none of our variables from the test's environment.
fn portal() -> Command {
    let (_, binary, site) = shared_install();
    portal_at(binary, site)
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the binary runs")
}

fn config(command: &mut Command) -> serde_json::Value {
    let output = run(command.arg("check-config"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check-config prints JSON")
}

fn no_backtrace(stderr: &str) {
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn defaults() {
    let config = config(&mut portal());
    assert_eq!(config["listen"], "127.0.0.1:3000");
    assert_eq!(config["data_dir"], "./data");
    assert_eq!(config["database_url"], "surrealkv://./data/db");
    assert_eq!(config["public_url"], "http://127.0.0.1:3000/");
    assert_eq!(config["smtp_url"], serde_json::Value::Null);
    assert_eq!(config["log"], "info");
    assert_eq!(config["db_cache_mib"], 64);
}

#[test]
fn environment_variables_are_read() {
    let config = config(
        portal()
            .env("CSP_LISTEN", "0.0.0.0:8080")
            .env("CSP_DATA_DIR", "/var/lib/csp")
            .env("CSP_PUBLIC_URL", "https://partners.example.com")
            .env("CSP_SMTP_URL", "smtp://mailer:secret@mail.example.com:587")
            .env("CSP_LOG", "debug")
            .env("CSP_DB_CACHE_MIB", "256"),
    );
    assert_eq!(config["listen"], "0.0.0.0:8080");
    assert_eq!(config["database_url"], "surrealkv:///var/lib/csp/db");
    assert_eq!(config["public_url"], "https://partners.example.com/");
    assert_eq!(
        config["smtp_url"],
        "smtp://mailer:********@mail.example.com:587"
    );
    assert_eq!(config["log"], "debug");
    assert_eq!(config["db_cache_mib"], 256);
}

#[test]
fn flags_win_over_environment_and_over_cargo_leptos() {
    let config = config(
        portal()
            .env("CSP_LISTEN", "0.0.0.0:8080")
            .env("CSP_DATABASE_URL", "mem://")
            .args([
                "--listen",
                "127.0.0.1:9000",
                "--database-url",
                "ws://db.internal:8000",
            ]),
    );
    assert_eq!(config["listen"], "127.0.0.1:9000");
    assert_eq!(config["database_url"], "ws://db.internal:8000");

    // cargo-leptos's address is used only when nothing else is given
    let config = self::config(portal().env("LEPTOS_SITE_ADDR", "127.0.0.1:4100"));
    assert_eq!(config["listen"], "127.0.0.1:4100");
    let config = self::config(
        portal()
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:4100")
            .env("CSP_LISTEN", "127.0.0.1:4200"),
    );
    assert_eq!(config["listen"], "127.0.0.1:4200");
    let config = self::config(
        portal()
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:4100")
            .args(["--listen", "127.0.0.1:4300"]),
    );
    assert_eq!(config["listen"], "127.0.0.1:4300");
}

#[test]
fn bad_values_exit_with_code_2_and_say_why() {
    for (args, env, expected) in [
        (&["--listen", "everywhere"][..], None, "--listen"),
        (&[], Some(("CSP_LISTEN", "localhost")), "--listen"),
        (
            &["--database-url", "ftp://db"],
            None,
            "unknown scheme 'ftp'",
        ),
        (
            &["--database-url", "rocksdb://./db"],
            None,
            "not built into csp-portal",
        ),
        (
            &["--public-url", "partners.example.com"],
            None,
            "--public-url",
        ),
        (
            &["--smtp-url", "http://mail.example.com"],
            None,
            "smtp or smtps",
        ),
        (&["--log", "loud"], None, "--log"),
        (&["--db-cache-mib", "lots"], None, "--db-cache-mib"),
    ] {
        let mut command = portal();
        command.args(args);
        if let Some((name, value)) = env {
            command.env(name, value);
        }
        let output = run(command.arg("check-config"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?} {env:?}: {stderr}");
        no_backtrace(&stderr);
    }
}

#[test]
fn help_documents_every_setting() {
    let output = run(portal().arg("--help"));
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--listen",
        "CSP_LISTEN",
        "--data-dir",
        "CSP_DATA_DIR",
        "--database-url",
        "CSP_DATABASE_URL",
        "--public-url",
        "CSP_PUBLIC_URL",
        "--smtp-url",
        "CSP_SMTP_URL",
        "--log",
        "CSP_LOG",
        "check-config",
    ] {
        assert!(
            help.contains(flag),
            "--help does not mention {flag}:\n{help}"
        );
    }
}

#[test]
fn an_unwritable_database_path_is_one_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let output = run(portal().args([
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        &dir.path().display().to_string(),
        "--database-url",
        &format!("surrealkv://{}/db", file.display()),
    ]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    no_backtrace(&stderr);
    let error_lines: Vec<_> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error_lines.len(), 1, "{stderr}");
    assert!(
        error_lines[0].contains("cannot open the database"),
        "{stderr}"
    );
    assert!(error_lines[0].contains("a-file"), "{stderr}");
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn wait_until_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http_get(port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not become healthy on port {port}");
}

fn start(data_dir: &Path, port: u16) -> std::process::Child {
    portal()
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--data-dir", &data_dir.display().to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts")
}

fn terminate(child: &mut std::process::Child) -> Output {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = child.wait().expect("the server exits");
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    Output {
        status,
        stdout: out,
        stderr: err,
    }
}

#[test]
fn sigterm_stops_the_server_cleanly_and_the_database_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = start(dir.path(), port);
    wait_until_healthy(port);
    let ready = http_get(port, "/readyz").unwrap();
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");

    let output = terminate(&mut server);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit status {:?}\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.contains("SIGTERM received"), "{stdout}");
    assert!(stdout.contains("closing the database"), "{stdout}");
    no_backtrace(&stderr);

    // the embedded store was released: a second server opens the same data directory
    let port = free_port();
    let mut server = start(dir.path(), port);
    wait_until_healthy(port);
    let ready = http_get(port, "/readyz").unwrap();
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(terminate(&mut server).status.success());
}

#[test]
fn setup_link_prints_a_one_time_link_while_there_is_no_user() {
    let dir = tempfile::tempdir().unwrap();
    let link = |dir: &Path| {
        let output = run(portal()
            .args(["--data-dir", &dir.display().to_string()])
            .args(["--public-url", "https://partners.example.com"])
            .arg("setup-link"));
        let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };
    let first = link(dir.path());
    assert!(
        first.starts_with("https://partners.example.com/setup?token="),
        "{first}"
    );
    let token = first.rsplit('=').next().unwrap();
    assert_eq!(token.len(), 22, "128 random bits");
    let second = link(dir.path());
    assert_ne!(first, second, "a new link each time");
}

/// The start-up error of a portal that must not start: exit code 1 and one line saying why.
fn refused_start(mut command: Command, data_dir: &Path) -> String {
    let output = run(command.args([
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        &data_dir.display().to_string(),
    ]));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    no_backtrace(&stderr);
    let error_lines: Vec<_> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error_lines.len(), 1, "{stderr}");
    error_lines[0].to_owned()
}

#[test]
fn a_binary_copied_without_hash_txt_links_the_hashed_bundle_its_site_has() {
    let dir = tempfile::tempdir().unwrap();
    let binary = copied_binary(dir.path());
    let site = site_with(
        dir.path(),
        &[
            "csp-portal.Ab3_x9.js",
            "csp-portal.Qz7-k2.wasm",
            "csp-portal.Mn4p0w.css",
            "favicon.ico",
        ],
    );
    let port = free_port();
    let mut server = portal_at(&binary, &site)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--data-dir", &dir.path().join("data").display().to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    wait_until_healthy(port);
    let page = http_get(port, "/").unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    for linked in [
        "/pkg/csp-portal.Ab3_x9.js",
        "/pkg/csp-portal.Qz7-k2.wasm",
        "/pkg/csp-portal.Mn4p0w.css",
    ] {
        assert!(
            page.contains(linked),
            "the home page does not link {linked}:\n{page}"
        );
    }
    let script = http_get(port, "/pkg/csp-portal.Ab3_x9.js").unwrap();
    assert!(script.starts_with("HTTP/1.1 200"), "{script}");
    assert!(terminate(&mut server).status.success());
}

#[test]
fn a_site_with_two_builds_and_no_hash_txt_stops_the_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let binary = copied_binary(dir.path());
    let site = site_with(
        dir.path(),
        &[
            "csp-portal.old1.js",
            "csp-portal.old1.wasm",
            "csp-portal.old1.css",
            "csp-portal.new2.js",
            "csp-portal.new2.wasm",
            "csp-portal.new2.css",
        ],
    );
    let line = refused_start(portal_at(&binary, &site), &dir.path().join("data"));
    assert!(line.contains("holds 2 builds of the bundle"), "{line}");
    assert!(line.contains("hash.txt"), "{line}");
}

#[test]
fn a_hash_txt_naming_files_the_site_lacks_stops_the_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let binary = copied_binary(dir.path());
    std::fs::write(
        dir.path().join("hash.txt"),
        "js: aaa\nwasm: bbb\ncss: ccc\n",
    )
    .unwrap();
    let site = site_with(
        dir.path(),
        &[
            "csp-portal.xyz.js",
            "csp-portal.xyz.wasm",
            "csp-portal.xyz.css",
        ],
    );
    let line = refused_start(portal_at(&binary, &site), &dir.path().join("data"));
    assert!(line.contains("csp-portal.aaa.js"), "{line}");
    assert!(line.contains("different builds"), "{line}");
}

#[test]
fn a_missing_site_stops_the_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let binary = copied_binary(dir.path());
    let line = refused_start(
        portal_at(&binary, &dir.path().join("no-such-site")),
        &dir.path().join("data"),
    );
    assert!(line.contains("no-such-site"), "{line}");
    assert!(line.contains("LEPTOS_SITE_ROOT"), "{line}");
    let empty = site_with(dir.path(), &["favicon.ico"]);
    let line = refused_start(portal_at(&binary, &empty), &dir.path().join("data"));
    assert!(line.contains("no complete browser bundle"), "{line}");
}
