//! `csp-portal`: serve the portal, or check its configuration.

use clap::Parser;
use server::{
    AppState,
    config::{Cli, Command, Config, LogFormat},
};
use std::{io::IsTerminal, process::ExitCode};
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::CheckConfig => {
            println!(
                "{}",
                serde_json::to_string_pretty(&cli.config.describe()).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::SetupLink => run(server::bootstrap::print_setup_link(&cli.config)),
        Command::Serve => {
            init_logging(&cli.config);
            run(serve(cli.config))
        }
    }
}

/// Runs `task` on a multi-threaded runtime. A failure is one line on stderr (and in the log when
/// logging is on), for people and service managers alike; never a backtrace.
fn run(task: impl Future<Output = Result<(), String>>) -> ExitCode {
    // SurrealDB evaluates queries recursively: a worker's stack is 8 MiB rather than 2 MiB, so
    // a deeply nested statement cannot overflow it
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .thread_stack_size(8 * 1024 * 1024)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    // The value was validated when the flags were parsed.
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    match config.log_format {
        LogFormat::Text => registry
            .with(fmt::layer().with_ansi(std::io::stdout().is_terminal()))
            .init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .init(),
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let listen = config.listen();
    // the browser bundle the pages link: found before anything else, so a binary copied
    // without its site stops here with the reason
    let leptos_options =
        server::site::find_bundle(server::site::leptos_options(listen), &config.data_dir)?;
    let sender = server::mail::Mailer::sender(config.mail_from.as_deref(), &config.public_url())?;
    let mailer = server::mail::Mailer::new(config.smtp_url.as_ref(), sender)?;
    let database_url = config.database_url();
    let limits = app::server::db::StorageLimits::with_cache_mib(config.db_cache_mib);
    let db = app::server::db::Database::open(&database_url, limits)
        .await
        .map_err(|e| format!("cannot open the database {database_url}: {e}"))?;
    tracing::info!(database = %database_url, schema_version = db.applied_version(), "database ready");
    let field_key = match config.field_key() {
        Ok(key) => key,
        Err(error) => {
            db.close().await;
            return Err(error);
        }
    };

    let state = AppState::new(
        leptos_options,
        db.clone(),
        config.public_url(),
        config.identity(),
        field_key,
    );
    if let Err(error) =
        server::bootstrap::announce_setup_link(&db, &state.services.public_url).await
    {
        db.close().await;
        return Err(format!("cannot create the set-up link: {error}"));
    }
    // the directory index is read before the first visitor needs it
    let directory = state.services.directory.clone();
    let directory_db = db.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match directory.refresh(&directory_db).await {
            Ok(()) => tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "the directory index is loaded"
            ),
            Err(error) => tracing::warn!(?error, "the directory index could not be loaded yet"),
        }
    });
    let state_stopping = state.stopping.clone();
    let app = server::router(state);

    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    tracing::info!(config = %config.describe(), "csp-portal listening on http://{listen}");
    println!(
        "csp-portal is running at http://{listen}/ (public address {})",
        config.public_url()
    );

    let (stop_worker, worker_stop) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(server::mail::run(
        db.clone(),
        mailer,
        server::mail::WorkerTiming::default(),
        worker_stop,
    ));

    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let stopping = state_stopping.clone();
        async move {
            shutdown_signal().await;
            stopping.send_replace(true);
        }
    })
    .await;
    let _ = stop_worker.send(true);
    let _ = worker.await;
    tracing::info!("requests finished; closing the database");
    db.close().await;
    served.map_err(|e| format!("the server stopped: {e}"))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM; in-flight requests then finish before we exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
