//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, t=2, p=1, as OWASP
//! recommends). Hashing runs on the blocking pool behind a semaphore, in work areas allocated
//! once and reused, so a flood of sign-ins queues instead of exhausting memory or stalling the
//! async threads.

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{Output, ParamsString, PasswordHash as Phc, SaltString, rand_core::OsRng},
};
use std::{
    fmt,
    sync::{Arc, Mutex},
};
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

impl From<argon2::Error> for HashError {
    fn from(error: argon2::Error) -> Self {
        Self::Hash(error.to_string())
    }
}

impl From<argon2::password_hash::Error> for HashError {
    fn from(error: argon2::password_hash::Error) -> Self {
        Self::Hash(error.to_string())
    }
}

/// Hashes and verifies passwords, at most `concurrency` at a time.
///
/// Each computation needs a 19 MiB work area. Allocating it afresh every time makes the memory
/// allocator keep freed areas around on every thread that ever hashed (measured: 560 MiB after
/// a 30 s sign-in flood), so the areas are allocated once, one per permit, and reused.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    work_areas: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Hasher {
    /// `concurrency` hashes at once (each with its own 19 MiB work area, allocated on first use).
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            work_areas: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// One permit per available core.
    pub fn for_this_machine() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// A new temporary password (random, within the password policy) and its hash.
    pub async fn temporary_password(&self) -> Result<(String, PasswordHash), HashError> {
        let password = super::token::temporary_password();
        let hash = self.hash(password.clone()).await?;
        Ok((password, hash))
    }

    pub async fn hash(&self, password: String) -> Result<PasswordHash, HashError> {
        self.with_work_area(move |work_area| {
            let salt = SaltString::generate(&mut OsRng);
            let params = Params::default();
            let mut salt_bytes = [0u8; 64];
            let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes)?;
            let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
            let work_area = sized(work_area, params.block_count());
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
                .hash_password_into_with_memory(
                    password.as_bytes(),
                    salt_bytes,
                    &mut output,
                    &mut work_area[..],
                )?;
            let phc = Phc {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params)?,
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&output)?),
            };
            Ok(PasswordHash(phc.to_string()))
        })
        .await
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
        self.with_work_area(move |work_area| {
            let phc = Phc::new(&stored)?;
            let params = Params::try_from(&phc)?;
            let algorithm = Algorithm::try_from(phc.algorithm)?;
            let version = phc
                .version
                .map(Version::try_from)
                .transpose()?
                .unwrap_or_default();
            let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
                return Ok(false);
            };
            let mut salt_bytes = [0u8; 64];
            let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
            let mut output = vec![0u8; expected.len()];
            let work_area = sized(work_area, params.block_count());
            Argon2::new(algorithm, version, params).hash_password_into_with_memory(
                password.as_bytes(),
                salt_bytes,
                &mut output,
                &mut work_area[..],
            )?;
            // `Output` compares in constant time.
            let matches = Output::new(&output)? == expected;
            Ok(known && matches)
        })
        .await
    }

    /// Runs `work` on the blocking pool with a permit and a reusable work area.
    async fn with_work_area<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self.permits.acquire().await.map_err(|_| HashError::Task)?;
        let mut work_area = self
            .work_areas
            .lock()
            .map_err(|_| HashError::Task)?
            .pop()
            .unwrap_or_default();
        let (result, work_area) = tokio::task::spawn_blocking(move || {
            let result = work(&mut work_area);
            (result, work_area)
        })
        .await
        .map_err(|_| HashError::Task)?;
        if let Ok(mut areas) = self.work_areas.lock() {
            areas.push(work_area);
        }
        result
    }
}

/// The work area resized to `blocks` (a no-op once it has the size of the default parameters).
fn sized(work_area: &mut Vec<Block>, blocks: usize) -> &mut Vec<Block> {
    if work_area.len() != blocks {
        work_area.clear();
        work_area.shrink_to_fit();
        work_area.resize(blocks, Block::default());
    }
    work_area
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
    async fn hashes_are_standard_phc_strings_both_ways() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let hasher = Hasher::new(1);
        // ours verify with the reference implementation...
        let ours = hasher
            .hash("interoperable passphrase".into())
            .await
            .unwrap();
        let parsed = Phc::new(ours.as_stored()).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"interoperable passphrase", &parsed)
                .is_ok()
        );
        // ... and the reference implementation's verify with ours
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"interoperable passphrase", &salt)
            .unwrap()
            .to_string();
        let theirs = PasswordHash::from_stored(theirs);
        assert!(
            hasher
                .verify("interoperable passphrase".into(), Some(&theirs))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("another passphrase".into(), Some(&theirs))
                .await
                .unwrap()
        );
        // different parameters (an older, cheaper hash) still verify
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"older passphrase", &salt)
        .unwrap()
        .to_string();
        assert!(
            hasher
                .verify(
                    "older passphrase".into(),
                    Some(&PasswordHash::from_stored(cheap))
                )
                .await
                .unwrap()
        );
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
