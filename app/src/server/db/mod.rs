//! The database: one handle for the embedded store (default), memory (tests) or a SurrealDB
//! server, and the schema migrations applied at start-up.
//!
//! The embedded engines are opened through surrealdb-core's builder rather than
//! `engine::any::connect`, because only the builder takes the storage settings: SurrealKV would
//! otherwise size its block cache to half of the host's RAM and its memtable to 1 GiB
//! (surrealdb#7430), and an awaited shutdown closes the store cleanly.

mod migrations;
mod url;

pub use migrations::{MIGRATIONS, Migration};
pub use url::{DatabaseUrl, DatabaseUrlError};

use std::{
    future::IntoFuture,
    path::Path,
    pin::Pin,
    sync::Arc,
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};
use surrealdb::{
    IndexedResults, Surreal,
    engine::{any::Any, local::Db},
    opt::auth::Root,
    types::{QueryError, RecordId, SurrealValue, Value},
};
use surrealdb_core::kvs::Datastore;

/// The namespace and database every csp-portal installation uses.
const NAMESPACE: &str = "csp";
const DATABASE: &str = "portal";

/// Memory the embedded store may use for caching; see [`StorageLimits`].
pub const DEFAULT_CACHE_MIB: u64 = 64;

/// How much memory the embedded SurrealKV store may hold. Without these it sizes itself from the
/// host's RAM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageLimits {
    /// The block cache for reads.
    pub block_cache_bytes: u64,
    /// The in-memory write buffer; one transaction cannot be larger than this.
    pub memtable_bytes: u64,
}

impl Default for StorageLimits {
    fn default() -> Self {
        Self::with_cache_mib(DEFAULT_CACHE_MIB)
    }
}

impl StorageLimits {
    /// A block cache of `mib` MiB and a memtable of the same size (at least 16 MiB each).
    pub fn with_cache_mib(mib: u64) -> Self {
        let bytes = mib.max(16) * 1024 * 1024;
        Self {
            block_cache_bytes: bytes,
            memtable_bytes: bytes,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The data directory cannot be created or written.
    #[error("cannot use {path} for the database: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    /// The store did not open (locked by another process, damaged, wrong version, …).
    #[error("the database did not open: {0}")]
    Open(String),
    /// The database answered with an error.
    #[error("database error: {0}")]
    Query(#[from] surrealdb::Error),
    /// The database was written by a newer csp-portal.
    #[error(
        "the database schema is version {database}, newer than this csp-portal knows \
         (version {binary}); run the newer csp-portal. The database was not changed."
    )]
    SchemaTooNew { database: u32, binary: u32 },
    /// A migration in the binary no longer matches what was applied.
    #[error("migration {version} ({name}) differs from the one applied to this database")]
    MigrationChanged { version: u32, name: &'static str },
    /// A query answered without what it returns (a bug, not the caller's input).
    #[error("the database did not return {0}")]
    NotReturned(&'static str),
    /// A migration failed; its transaction was rolled back.
    #[error("migration {version} ({name}) failed: {message}")]
    MigrationFailed {
        version: u32,
        name: &'static str,
        message: String,
    },
}

enum Client {
    Embedded {
        db: Surreal<Db>,
        datastore: Arc<Datastore>,
    },
    Server(Surreal<Any>),
}

struct Inner {
    client: Client,
    applied_version: u32,
    closed: AtomicBool,
}

/// A connected, migrated database. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

impl Database {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &DatabaseUrl, limits: StorageLimits) -> Result<Self, DbError> {
        Self::open_with(url, limits, MIGRATIONS).await
    }

    /// [`Database::open`] with another list of migrations (tests).
    pub async fn open_with(
        url: &DatabaseUrl,
        limits: StorageLimits,
        migrations: &[Migration],
    ) -> Result<Self, DbError> {
        let client = connect(url, limits).await?;
        let mut db = Self {
            inner: Arc::new(Inner {
                client,
                applied_version: 0,
                closed: AtomicBool::new(false),
            }),
        };
        let applied_version = match migrations::apply(&db, migrations).await {
            Ok(version) => version,
            Err(error) => {
                db.close().await;
                return Err(error);
            }
        };
        if let Some(inner) = Arc::get_mut(&mut db.inner) {
            inner.applied_version = applied_version;
        }
        Ok(db)
    }

    /// A query; bind parameters with [`Query::bind`], then `.await` it. Statement errors are in
    /// the results (see [`statement_error`]), not in the `Err` of the future.
    pub fn query(&self, sql: impl Into<String>) -> Query<'_> {
        Query {
            db: self,
            sql: sql.into(),
            bindings: Vec::new(),
        }
    }

    /// The schema version this process brought the database to at start-up.
    pub fn applied_version(&self) -> u32 {
        self.inner.applied_version
    }

    /// The schema version the database reports now (the readiness check).
    pub async fn schema_version(&self) -> Result<u32, DbError> {
        migrations::current_version(self).await
    }

    /// Closes the store: the embedded engine flushes and releases its files. Later queries fail.
    pub async fn close(&self) {
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return;
        }
        match &self.inner.client {
            Client::Embedded { datastore, .. } => {
                if let Err(error) = datastore.shutdown().await {
                    tracing::warn!(%error, "the database did not shut down cleanly");
                }
            }
            Client::Server(db) => {
                let _ = db.invalidate().await;
            }
        }
    }
}

/// A query being built; `.await` runs it.
pub struct Query<'a> {
    db: &'a Database,
    sql: String,
    bindings: Vec<(String, Value)>,
}

impl Query<'_> {
    /// Binds `$name` to `value`.
    pub fn bind(mut self, name: &str, value: impl SurrealValue) -> Self {
        self.bindings.push((name.to_owned(), value.into_value()));
        self
    }

    /// Runs the query (see [`execute`]) and returns what its first statement gave.
    pub async fn rows<T>(self) -> Result<T, DbError>
    where
        T: SurrealValue,
        usize: surrealdb::opt::QueryResult<T>,
    {
        Ok(execute(self).await?.take(0)?)
    }

    /// Runs the query and returns the first row its first statement gave, if any.
    pub async fn first<T: SurrealValue>(self) -> Result<Option<T>, DbError> {
        Ok(self.rows::<Vec<T>>().await?.into_iter().next())
    }
}

impl<'a> IntoFuture for Query<'a> {
    type Output = Result<IndexedResults, surrealdb::Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let Query { db, sql, bindings } = self;
            if db.inner.closed.load(Ordering::SeqCst) {
                return Err(surrealdb::Error::connection(
                    "the database has been closed".to_owned(),
                    None,
                ));
            }
            macro_rules! run {
                ($client:expr) => {{
                    let mut query = $client.query(sql);
                    for binding in bindings {
                        query = query.bind(binding);
                    }
                    query.await
                }};
            }
            match &db.inner.client {
                Client::Embedded { db, .. } => run!(db),
                Client::Server(db) => run!(db),
            }
        })
    }
}

/// The key of a record as text (`application:abc123` → `abc123`), for pages and links.
pub fn record_key(id: &surrealdb::types::RecordId) -> String {
    use surrealdb::types::RecordIdKey;
    match &id.key {
        RecordIdKey::String(key) => key.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// Runs `query` and returns its results once every statement succeeded (a failed statement,
/// including a failed `COMMIT`, becomes the error).
pub async fn execute(query: Query<'_>) -> Result<IndexedResults, DbError> {
    let mut results = query.await?;
    match statement_error(&mut results) {
        Some(error) => Err(DbError::Query(error)),
        None => Ok(results),
    }
}

/// The error that explains why a query failed, if one of its statements did. Inside a
/// transaction every statement reports an error; this picks the cause, not the generic "not
/// executed" or "cancelled" of the others. A failed `COMMIT` is reported only here
/// (surrealdb#7428), so every transaction must be checked with this.
pub fn statement_error(results: &mut IndexedResults) -> Option<surrealdb::Error> {
    let mut errors: Vec<(usize, surrealdb::Error)> = results.take_errors().into_iter().collect();
    errors.sort_by_key(|(index, _)| *index);
    let cause = errors.iter().position(|(_, e)| {
        !matches!(
            e.query_details(),
            Some(QueryError::NotExecuted | QueryError::Cancelled)
        )
    });
    match cause {
        Some(i) => Some(errors.swap_remove(i).1),
        None => errors.into_iter().next().map(|(_, e)| e),
    }
}

/// What a transaction's `RETURN` gave: the statement just before its closing `COMMIT`, however
/// many statements the transaction has, so no caller counts statements by hand.
pub fn returned<T>(results: &mut IndexedResults) -> Result<T, DbError>
where
    T: SurrealValue,
    usize: surrealdb::opt::QueryResult<T>,
{
    let index = results.num_statements().saturating_sub(2);
    results.take(index).map_err(DbError::Query)
}

/// The id a transaction's `RETURN` gave for the record it created (`what`, for the error).
pub fn created(results: &mut IndexedResults, what: &'static str) -> Result<RecordId, DbError> {
    returned::<Option<RecordId>>(results)?.ok_or(DbError::NotReturned(what))
}

/// Whether `error` is a UNIQUE index refusing a duplicate. SurrealDB 3.3 has no typed variant,
/// so this reads the message it pins in its tests.
pub fn is_unique_violation(error: &surrealdb::Error) -> bool {
    let message = error.message();
    message.starts_with("Database index `") && message.contains(UNIQUE)
}

/// Whether `error` is a write conflict that a retry may resolve.
pub fn is_retryable_conflict(error: &surrealdb::Error) -> bool {
    error.query_details() == Some(&QueryError::TransactionConflict)
        || error.message().contains("This transaction can be retried")
}

/// Runs a change built by `build` (a transaction that `THROW`s when a guard fails): a write
/// conflict with a concurrent change is retried (at most 5 attempts in all); another failed
/// statement becomes the caller's error through `classify`, or a query error when it has none.
pub async fn run_change<'d, E: From<DbError>>(
    build: impl Fn() -> Query<'d>,
    classify: impl Fn(&surrealdb::Error) -> Option<E>,
) -> Result<IndexedResults, E> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut results = build().await.map_err(DbError::Query)?;
        return match statement_error(&mut results) {
            None => Ok(results),
            Some(error) if is_retryable_conflict(&error) && attempts < 5 => continue,
            Some(error) => Err(classify(&error).unwrap_or_else(|| DbError::Query(error).into())),
        };
    }
}

/// A change's error named by its transaction's `THROW`s (`THROW 'not_found'` …).
pub trait Thrown: From<DbError> + Sized {
    /// The error a failed statement names, if it names one.
    fn thrown(error: &surrealdb::Error) -> Option<Self>;

    /// Runs a change built by `build` (see [`run_change`]: a write conflict is retried); its
    /// `THROW`s become this error.
    fn run<'d>(
        build: impl Fn() -> Query<'d>,
    ) -> impl Future<Output = Result<IndexedResults, Self>> {
        run_change(build, Self::thrown)
    }
}

/// The error of the first `(code, error)` whose code the failed statement's message names.
pub fn named<E, const N: usize>(error: &surrealdb::Error, codes: [(&str, E); N]) -> Option<E> {
    let message = error.message();
    codes
        .into_iter()
        .find(|(code, _)| message.contains(code))
        .map(|(_, error)| error)
}

/// What a UNIQUE index's refusal says (after the index's name): a [`store_error!`] name for
/// "someone has this already".
pub const UNIQUE: &str = "` already contains ";

/// Declares what a store change can run into: each variant with the names that stand for it
/// in a failed change's message (a transaction's `THROW`, or a UNIQUE index's name or
/// [`UNIQUE`]) and its message, and a `Db` variant for a store that failed. A failed change is
/// the first variant, in this order, whose name its message contains (see [`Thrown`]).
macro_rules! store_error {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $($code:tt)|+ => $message:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, thiserror::Error)]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[error($message)]
                $variant,
            )+
            #[error(transparent)]
            Db(#[from] $crate::server::db::DbError),
        }

        impl $crate::server::db::Thrown for $name {
            fn thrown(error: &surrealdb::Error) -> Option<Self> {
                $crate::server::db::named(error, [$($(($code, Self::$variant),)+)+])
            }
        }
    };
}
pub(crate) use store_error;

async fn connect(url: &DatabaseUrl, limits: StorageLimits) -> Result<Client, DbError> {
    match url {
        DatabaseUrl::Memory => open_embedded("mem://".to_owned(), limits).await,
        DatabaseUrl::SurrealKv(path) => {
            let path = prepare_directory(path)?;
            open_embedded(format!("surrealkv://{}", path.display()), limits).await
        }
        DatabaseUrl::Server {
            endpoint,
            credentials,
        } => {
            let db = surrealdb::engine::any::connect(endpoint.as_str()).await?;
            if let Some((username, password)) = credentials {
                db.signin(Root {
                    username: username.clone(),
                    password: password.clone(),
                })
                .await?;
            }
            db.use_ns(NAMESPACE).use_db(DATABASE).await?;
            Ok(Client::Server(db))
        }
    }
}

/// Creates the store's directory and proves it is writable, so a bad path fails with the
/// operating system's reason instead of deep inside the engine.
fn prepare_directory(path: &Path) -> Result<std::path::PathBuf, DbError> {
    let fail = |source| DbError::Directory {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(path).map_err(fail)?;
    let absolute = std::fs::canonicalize(path).map_err(fail)?;
    let probe = absolute.join(".csp-portal-write-check");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(absolute)
}

/// Opens an embedded engine the way the SDK's own `connect` does, plus storage limits.
async fn open_embedded(path: String, limits: StorageLimits) -> Result<Client, DbError> {
    let config = surrealdb_cnf::ConfigMap::empty()
        .with_key_value(
            "surrealkv_block_cache_capacity",
            limits.block_cache_bytes.to_string(),
        )
        .with_key_value(
            "surrealkv_max_memtable_size",
            limits.memtable_bytes.to_string(),
        );
    let capabilities = surrealdb::opt::capabilities::Capabilities::new();
    // Maintenance tasks start only after the version check, as in the SDK: a task that writes
    // before the storage version is recorded would make a new store look outdated.
    let datastore = Datastore::builder()
        .with_config(config)
        .with_capabilities(capabilities.into())
        .with_query_timeout(Some(Duration::from_secs(60)))
        .with_transaction_timeout(Some(Duration::from_secs(30)))
        .with_auth(false)
        .without_maintenance_tasks()
        .build_with_path(&path)
        .await
        .map_err(open_error)?;
    datastore.check_version().await.map_err(open_error)?;
    datastore.bootstrap().await.map_err(open_error)?;
    datastore.start_maintenance_tasks();
    let db = Surreal::<Db>::unstable_from_datastore(Arc::clone(&datastore), None).await?;
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(Client::Embedded { db, datastore })
}

/// The engine's own words, with their causes (surrealdb-core reports through anyhow).
fn open_error(error: impl std::fmt::Display) -> DbError {
    DbError::Open(format!("{error:#}"))
}
