//! A fresh installation has no user. The first program admin gets in through a one-time link
//! (valid one hour) printed on the console at start-up, or by `csp-portal setup-link`.

use crate::config::Config;
use app::server::{
    db::{Database, DbError, StorageLimits},
    store::links,
};
use std::time::Duration;

/// How long a set-up link works.
pub const SETUP_LINK_TTL: Duration = Duration::from_secs(60 * 60);

/// The set-up link for `token`.
pub fn setup_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/setup?token={token}")
}

/// At start-up: when the portal has no user yet, print a fresh set-up link. It goes to the
/// console only, never to the log.
pub async fn announce_setup_link(db: &Database, public_url: &str) -> Result<(), DbError> {
    if !links::no_users_yet(db).await? {
        return Ok(());
    }
    let token = links::new_operator_setup_link(db, SETUP_LINK_TTL).await?;
    tracing::info!("no user yet: printed a one-time set-up link for the first program admin");
    println!(
        "\nThis portal has no user yet. Open this link within an hour to create the first \
         program admin:\n\n    {}\n",
        setup_link(public_url, &token)
    );
    Ok(())
}

/// `csp-portal setup-link`: the same link, for scripted installs.
pub async fn print_setup_link(config: &Config) -> Result<(), String> {
    let url = config.database_url();
    let db = Database::open(&url, StorageLimits::with_cache_mib(config.db_cache_mib))
        .await
        .map_err(|e| format!("cannot open the database {url}: {e}"))?;
    let result = async {
        if !links::no_users_yet(&db).await.map_err(|e| e.to_string())? {
            return Err(
                "the portal already has users: a program admin invites staff instead".to_owned(),
            );
        }
        let token = links::new_operator_setup_link(&db, SETUP_LINK_TTL)
            .await
            .map_err(|e| e.to_string())?;
        let public_url = config.public_url();
        println!(
            "{}",
            setup_link(public_url.as_str().trim_end_matches('/'), &token)
        );
        Ok(())
    }
    .await;
    db.close().await;
    result
}
