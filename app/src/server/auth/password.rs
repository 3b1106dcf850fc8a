//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, t=2, p=1, as OWASP
//! recommends). Hashing runs on the blocking pool behind a semaphore, so a flood of sign-ins
//! queues instead of exhausting memory or stalling the async threads.

use argon2::{
    Argon2, PasswordHasher, PasswordVerifier,
    password_hash::{PasswordHash as Phc, SaltString, rand_core::OsRng},
};
use std::{fmt, sync::Arc};
use tokio::sync::Semaphore;

/// An argon2id hash in PHC string form. Deliberately neither `Serialize` nor `Display`: it never
/// leaves the server and never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// A hash read back from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, to store.
    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task did not finish")]
    Task,
}

/// Hashes and verifies passwords, at most `concurrency` at a time.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    /// `concurrency` hashes at once (each takes 19 MiB for a few tens of milliseconds).
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    /// One permit per available core.
    pub fn for_this_machine() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    pub async fn hash(&self, password: String) -> Result<PasswordHash, HashError> {
        let _permit = self.permits.acquire().await.map_err(|_| HashError::Task)?;
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| PasswordHash(hash.to_string()))
                .map_err(|e| HashError::Hash(e.to_string()))
        })
        .await
        .map_err(|_| HashError::Task)?
    }

    /// Whether `password` matches `hash`. With `None` (no such user, or no password yet) it
    /// still spends the time of one verification and answers false, so the answer's timing does
    /// not tell whether an account exists.
    pub async fn verify(
        &self,
        password: String,
        hash: Option<&PasswordHash>,
    ) -> Result<bool, HashError> {
        let stored = hash.map_or_else(|| DUMMY_HASH.to_owned(), |h| h.0.clone());
        let known = hash.is_some();
        let _permit = self.permits.acquire().await.map_err(|_| HashError::Task)?;
        tokio::task::spawn_blocking(move || {
            let parsed = Phc::new(&stored).map_err(|e| HashError::Hash(e.to_string()))?;
            let matches = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(known && matches)
        })
        .await
        .map_err(|_| HashError::Task)?
    }
}

/// The argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$YwV8n0q9cK0UZ1b0mJ0m0n3dGQ4WlqD5sR8bQ2C4n1E";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_never_print() {
        let hasher = Hasher::new(2);
        let hash = hasher
            .hash("correct horse battery staple".into())
            .await
            .unwrap();
        assert!(
            hash.as_stored()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
        );
        assert!(
            hasher
                .verify("correct horse battery staple".into(), Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse battery staple".into(), Some(&hash))
                .await
                .unwrap()
        );
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
        // the same password hashes differently each time (random salt)
        let again = hasher
            .hash("correct horse battery staple".into())
            .await
            .unwrap();
        assert_ne!(hash, again);
    }

    #[tokio::test]
    async fn an_unknown_account_is_refused_after_the_same_work() {
        let hasher = Hasher::new(1);
        assert!(!hasher.verify("anything".into(), None).await.unwrap());
        assert!(
            Phc::new(DUMMY_HASH).is_ok(),
            "the dummy hash parses, so the work is done"
        );
    }
}
