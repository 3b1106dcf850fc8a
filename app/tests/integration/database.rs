//! The database layer against real engines: the embedded on-disk store (SurrealKV, the default)
//! and memory.

use app::server::db::{
    Database, DatabaseUrl, DbError, MIGRATIONS, Migration, StorageLimits, execute,
    is_retryable_conflict, is_unique_violation, statement_error,
};
use std::sync::Arc;

/// A store on disk in a new temporary folder (removed when the folder is dropped).
fn on_disk() -> (tempfile::TempDir, DatabaseUrl) {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::SurrealKv(dir.path().join("db"));
    (dir, url)
}

async fn open(url: &DatabaseUrl) -> Database {
    Database::open(url, StorageLimits::default())
        .await
        .expect("the database opens")
}

async fn versions(db: &Database) -> Vec<i64> {
    db.query("SELECT VALUE version FROM migration ORDER BY version")
        .rows()
        .await
        .expect("versions")
}

async fn installation(db: &Database) -> Option<String> {
    let mut results = db
        .query("SELECT VALUE installation_id FROM ONLY instance:current")
        .await
        .expect("query runs");
    results.take(0).expect("installation id")
}

#[tokio::test]
async fn migrations_apply_once_and_reapplying_changes_nothing() {
    let (_dir, url) = on_disk();

    let db = open(&url).await;
    let newest = MIGRATIONS.last().unwrap().version;
    assert_eq!(db.applied_version(), newest);
    assert_eq!(db.schema_version().await.unwrap(), newest);
    assert_eq!(
        versions(&db).await,
        (1..=i64::from(newest)).collect::<Vec<_>>()
    );
    let first_id = installation(&db)
        .await
        .expect("migration 1 created the instance record");
    db.close().await;

    // a second start applies nothing and keeps the data
    let db = open(&url).await;
    assert_eq!(
        versions(&db).await,
        (1..=i64::from(newest)).collect::<Vec<_>>()
    );
    assert_eq!(installation(&db).await, Some(first_id));
    db.close().await;
}

#[tokio::test]
async fn migrations_work_in_memory_too() {
    let db = open(&DatabaseUrl::Memory).await;
    assert_eq!(
        db.schema_version().await.unwrap(),
        MIGRATIONS.last().unwrap().version
    );
    assert!(installation(&db).await.is_some());
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_untouched() {
    let (dir, url) = on_disk();
    let db = open(&url).await;
    let id = installation(&db).await;
    execute(db.query(
        "CREATE migration CONTENT { version: 99, name: 'from the future', checksum: 'x', applied_at: time::now() }",
    ))
    .await
    .unwrap();
    db.close().await;

    let refused = Database::open(&url, StorageLimits::default()).await;
    match refused {
        Err(DbError::SchemaTooNew {
            database: 99,
            binary,
        }) => {
            assert_eq!(binary, MIGRATIONS.last().unwrap().version)
        }
        Err(other) => panic!("expected SchemaTooNew, got {other}"),
        Ok(_) => panic!("a database from a newer version was opened"),
    }
    let message = Database::open(&url, StorageLimits::default())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("newer than this csp-portal"), "{message}");
    assert!(message.contains("not changed"), "{message}");

    // Read it with the SDK directly: the same rows, nothing applied or removed.
    let raw =
        surrealdb::engine::any::connect(format!("surrealkv://{}", dir.path().join("db").display()))
            .await
            .unwrap();
    raw.use_ns("csp").use_db("portal").await.unwrap();
    let mut results = raw
        .query("SELECT VALUE version FROM migration ORDER BY version; SELECT VALUE installation_id FROM ONLY instance:current")
        .await
        .unwrap();
    let rows: Vec<i64> = results.take(0).unwrap();
    let still: Option<String> = results.take(1).unwrap();
    let mut expected: Vec<i64> = (1..=i64::from(MIGRATIONS.last().unwrap().version)).collect();
    expected.push(99);
    assert_eq!(rows, expected);
    assert_eq!(still, id);
}

#[tokio::test]
async fn a_failing_migration_is_rolled_back_whole() {
    let migrations = [
        Migration {
            version: 1,
            name: "good",
            sql: "DEFINE TABLE good SCHEMALESS;",
        },
        Migration {
            version: 2,
            name: "bad",
            sql: "DEFINE TABLE half SCHEMALESS; CREATE half:one SET x = 1; THROW 'broken on purpose';",
        },
    ];
    let (_dir, url) = on_disk();
    let err = Database::open_with(&url, StorageLimits::default(), &migrations)
        .await
        .err()
        .expect("migration 2 fails");
    match &err {
        DbError::MigrationFailed {
            version: 2,
            message,
            ..
        } => {
            assert!(message.contains("broken on purpose"), "{message}")
        }
        other => panic!("expected MigrationFailed for version 2, got {other}"),
    }

    // version 1 stays applied; nothing of version 2 exists
    let db = Database::open_with(&url, StorageLimits::default(), &migrations[..1])
        .await
        .unwrap();
    assert_eq!(versions(&db).await, vec![1]);
    let mut results = db.query("INFO FOR DB").await.unwrap();
    assert!(statement_error(&mut results).is_none());
    let info: surrealdb::types::Value = results.take(0).unwrap();
    let info = format!("{info:?}");
    assert!(info.contains("good"), "{info}");
    assert!(
        !info.contains("half"),
        "the failed migration's table exists: {info}"
    );
    db.close().await;
}

#[tokio::test]
async fn an_edited_migration_is_noticed() {
    let (_dir, url) = on_disk();
    let original = [Migration {
        version: 1,
        name: "one",
        sql: "DEFINE TABLE one SCHEMALESS;",
    }];
    let edited = [Migration {
        version: 1,
        name: "one",
        sql: "DEFINE TABLE uno SCHEMALESS;",
    }];
    Database::open_with(&url, StorageLimits::default(), &original)
        .await
        .unwrap()
        .close()
        .await;
    let err = Database::open_with(&url, StorageLimits::default(), &edited)
        .await
        .err();
    assert!(
        matches!(err, Some(DbError::MigrationChanged { version: 1, .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unusable_directory_gives_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let err = Database::open(
        &DatabaseUrl::SurrealKv(file.join("db")),
        StorageLimits::default(),
    )
    .await
    .err()
    .expect("cannot open a database below a file");
    assert!(matches!(err, DbError::Directory { .. }), "{err}");
    assert!(err.to_string().contains("a-file"), "{err}");
}

/// surrealdb#7303: UNIQUE indexes once accepted duplicates under concurrent creates on some
/// engines. The default engine must let exactly one of 50 simultaneous creates through.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_creates_with_one_unique_key_let_exactly_one_through() {
    let (_dir, url) = on_disk();
    let schema = [Migration {
        version: 1,
        name: "probe",
        sql: "DEFINE TABLE probe SCHEMAFULL;
              DEFINE FIELD key ON probe TYPE string;
              DEFINE FIELD n ON probe TYPE int;
              DEFINE INDEX probe_key ON probe FIELDS key UNIQUE;",
    }];
    let db = Arc::new(
        Database::open_with(&url, StorageLimits::default(), &schema)
            .await
            .unwrap(),
    );

    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    let tasks: Vec<_> = (0..50_i64)
        .map(|n| {
            let db = Arc::clone(&db);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                let mut results = db
                    .query("CREATE probe SET key = 'same', n = $n")
                    .bind("n", n)
                    .await
                    .expect("the query reaches the database");
                statement_error(&mut results)
            })
        })
        .collect();

    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            None => created += 1,
            Some(error) => assert!(
                is_unique_violation(&error) || is_retryable_conflict(&error),
                "unexpected error: {error}"
            ),
        }
    }
    assert_eq!(created, 1, "exactly one create may succeed");

    let mut results = db
        .query("SELECT count() AS n FROM probe GROUP ALL")
        .await
        .unwrap();
    let stored: Option<i64> = results.take((0, "n")).unwrap();
    assert_eq!(stored, Some(1), "exactly one record is stored");
    db.close().await;
}
