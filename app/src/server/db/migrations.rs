//! Versioned schema migrations: applied in order at start-up, each in one transaction, recorded
//! in the `migration` table. Applying twice changes nothing; a database whose schema is newer
//! than this binary is refused without being touched.

use super::{Database, DbError, is_unique_violation, statement_error};
use surrealdb::types::SurrealValue;

/// One step of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// 1, 2, 3, … without gaps.
    pub version: u32,
    pub name: &'static str,
    /// SurrealQL, run inside the migration's transaction.
    pub sql: &'static str,
}

/// The schema of this binary, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "instance",
        sql: include_str!("../../../migrations/0001_instance.surql"),
    },
    Migration {
        version: 2,
        name: "identity",
        sql: include_str!("../../../migrations/0002_identity.surql"),
    },
    Migration {
        version: 3,
        name: "enrollment",
        sql: include_str!("../../../migrations/0003_enrollment.surql"),
    },
    Migration {
        version: 4,
        name: "review",
        sql: include_str!("../../../migrations/0004_review.surql"),
    },
    Migration {
        version: 5,
        name: "review settings",
        sql: include_str!("../../../migrations/0005_review_settings.surql"),
    },
    Migration {
        version: 6,
        name: "accounts",
        sql: include_str!("../../../migrations/0006_accounts.surql"),
    },
    Migration {
        version: 7,
        name: "organization profile",
        sql: include_str!("../../../migrations/0007_organization_profile.surql"),
    },
    Migration {
        version: 8,
        name: "business profiles",
        sql: include_str!("../../../migrations/0008_business_profiles.surql"),
    },
    Migration {
        version: 9,
        name: "reseller relationships",
        sql: include_str!("../../../migrations/0009_reseller_relationships.surql"),
    },
    Migration {
        version: 10,
        name: "referrals",
        sql: include_str!("../../../migrations/0010_referrals.surql"),
    },
    Migration {
        version: 11,
        name: "directory resellers",
        sql: include_str!("../../../migrations/0011_directory_resellers.surql"),
    },
    Migration {
        version: 12,
        name: "logos",
        sql: include_str!("../../../migrations/0012_logos.surql"),
    },
    Migration {
        version: 13,
        name: "directory changes",
        sql: include_str!("../../../migrations/0013_directory_changes.surql"),
    },
    Migration {
        version: 14,
        name: "directory filter terms",
        sql: include_str!("../../../migrations/0014_directory_filter_terms.surql"),
    },
    Migration {
        version: 15,
        name: "customer relationships",
        sql: include_str!("../../../migrations/0015_customer_relationships.surql"),
    },
    Migration {
        version: 16,
        name: "two-factor sign-in",
        sql: include_str!("../../../migrations/0016_two_factor.surql"),
    },
    Migration {
        version: 17,
        name: "two-factor recovery",
        sql: include_str!("../../../migrations/0017_two_factor_recovery.surql"),
    },
];

/// The table that records applied migrations. Defined before the first migration runs, and
/// only if absent, so it never changes a database.
const MIGRATION_TABLE: &str = "
DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS version ON migration TYPE int ASSERT $value > 0;
DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
DEFINE FIELD IF NOT EXISTS checksum ON migration TYPE string;
DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime;
DEFINE INDEX IF NOT EXISTS migration_version ON migration FIELDS version UNIQUE;
";

#[derive(Debug, Clone, SurrealValue)]
struct Applied {
    version: i64,
    checksum: String,
}

/// Brings the database to the newest of `migrations`; returns the resulting version.
pub(super) async fn apply(db: &Database, migrations: &[Migration]) -> Result<u32, DbError> {
    let newest = migrations.last().map_or(0, |m| m.version);
    debug_assert!(
        migrations
            .iter()
            .enumerate()
            .all(|(i, m)| m.version as usize == i + 1),
        "migration versions must be 1, 2, 3, … in order"
    );

    let applied = applied(db).await?;
    let current = applied.iter().map(|a| a.version).max().unwrap_or(0);
    if current > i64::from(newest) {
        return Err(DbError::SchemaTooNew {
            database: to_u32(current),
            binary: newest,
        });
    }
    let edited = migrations.iter().find(|m| {
        applied
            .iter()
            .any(|a| a.version == i64::from(m.version) && a.checksum != checksum(m.sql))
    });
    if let Some(migration) = edited {
        return Err(DbError::MigrationChanged {
            version: migration.version,
            name: migration.name,
        });
    }

    if applied.is_empty() {
        let mut results = db.query(MIGRATION_TABLE).await?;
        if let Some(error) = statement_error(&mut results) {
            return Err(DbError::Query(error));
        }
    }

    for migration in migrations.iter().filter(|m| i64::from(m.version) > current) {
        apply_one(db, migration).await?;
    }
    Ok(newest)
}

async fn apply_one(db: &Database, migration: &Migration) -> Result<(), DbError> {
    let sql = format!(
        "BEGIN TRANSACTION;\n{}\n;CREATE migration CONTENT {{ version: $version, name: $name, \
         checksum: $checksum, applied_at: time::now() }};\nCOMMIT TRANSACTION;",
        migration.sql
    );
    let mut results = db
        .query(sql)
        .bind("version", i64::from(migration.version))
        .bind("name", migration.name.to_owned())
        .bind("checksum", checksum(migration.sql))
        .await?;
    let failure = statement_error(&mut results);

    // Believe the table, not the response: a failed COMMIT can look like success (surrealdb#7428),
    // and another process may have applied this migration at the same moment (its row wins the
    // UNIQUE index and ours is refused).
    let recorded = applied(db)
        .await?
        .into_iter()
        .find(|a| a.version == i64::from(migration.version));
    match (recorded, failure) {
        (Some(row), _) if row.checksum == checksum(migration.sql) => {
            tracing::info!(
                version = migration.version,
                name = migration.name,
                "migration applied"
            );
            Ok(())
        }
        (Some(_), _) => Err(DbError::MigrationChanged {
            version: migration.version,
            name: migration.name,
        }),
        (None, Some(error)) if !is_unique_violation(&error) => Err(DbError::MigrationFailed {
            version: migration.version,
            name: migration.name,
            message: error.to_string(),
        }),
        (None, _) => Err(DbError::MigrationFailed {
            version: migration.version,
            name: migration.name,
            message: "the transaction did not commit".to_owned(),
        }),
    }
}

async fn applied(db: &Database) -> Result<Vec<Applied>, DbError> {
    let mut results = db
        .query("SELECT version, checksum FROM migration ORDER BY version")
        .await?;
    match statement_error(&mut results) {
        // a database that has never been migrated has no migration table
        Some(error) if is_missing_migration_table(&error) => Ok(Vec::new()),
        Some(error) => Err(DbError::Query(error)),
        None => Ok(results.take(0)?),
    }
}

fn is_missing_migration_table(error: &surrealdb::Error) -> bool {
    matches!(
        error.not_found_details(),
        Some(surrealdb::types::NotFoundError::Table { name }) if name == "migration"
    )
}

/// The newest applied version.
pub(super) async fn current_version(db: &Database) -> Result<u32, DbError> {
    Ok(applied(db)
        .await?
        .iter()
        .map(|a| a.version)
        .max()
        .map_or(0, to_u32))
}

fn to_u32(version: i64) -> u32 {
    u32::try_from(version).unwrap_or(u32::MAX)
}

/// FNV-1a, 64 bits: enough to notice that a migration was edited after it was applied.
fn checksum(sql: &str) -> String {
    let hash = sql.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}
