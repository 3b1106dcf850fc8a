//! Field encryption for the secrets the database keeps (bank details): XChaCha20-Poly1305 with a
//! random 192-bit nonce per value, and the record the value belongs to as associated data, so a
//! sealed value copied onto another record does not open. The key lives outside the database:
//! a copy of the database alone reveals nothing.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};
use std::{fmt, path::Path, sync::Arc};

/// Sealed values start with this, so the format can change later.
const VERSION: &str = "v1.";
const NONCE_LEN: usize = 24;

/// The key that seals and opens field values.
#[derive(Clone)]
pub struct FieldKey {
    cipher: Arc<XChaCha20Poly1305>,
}

/// A sealed value that does not open: another key, another record, or tampered with.
#[derive(Debug, thiserror::Error)]
#[error("the sealed value cannot be opened with this key for this record")]
pub struct OpenError;

impl fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FieldKey(…)")
    }
}

impl FieldKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            cipher: Arc::new(XChaCha20Poly1305::new(&bytes.into())),
        }
    }

    /// A fresh random key, and its base64 text for a key file.
    pub fn generate() -> (Self, String) {
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        (Self::from_bytes(bytes), STANDARD.encode(bytes))
    }

    /// A key written as base64 (32 bytes).
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "the key is not base64".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the key must be 32 bytes (44 base64 characters)".to_owned())?;
        Ok(Self::from_bytes(bytes))
    }

    /// Reads the key file at `path`, or creates it with a new key, readable by its owner only.
    /// Returns the key and whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_base64(&text)
                .map(|key| (key, false))
                .map_err(|e| format!("the key file {} is not usable: {e}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let (key, text) = Self::generate();
                write_private(path, &text)
                    .map_err(|e| format!("cannot create the key file {}: {e}", path.display()))?;
                Ok((key, true))
            }
            Err(error) => Err(format!(
                "cannot read the key file {}: {error}",
                path.display()
            )),
        }
    }

    /// Seals `plaintext` for the record named `context`.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> String {
        let mut nonce = [0_u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            // only fails for inputs beyond 256 GiB
            .unwrap_or_default();
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}{}", STANDARD.encode(bytes))
    }

    /// Opens a value sealed for the record named `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Vec<u8>, OpenError> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .ok_or(OpenError)?;
        if bytes.len() <= NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| OpenError)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, format!("{text}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_for_the_same_record_only() {
        let (key, _) = FieldKey::generate();
        let sealed = key.seal(b"DE89370400440532013000", "application:a1");
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("532013000"));
        assert_eq!(
            key.open(&sealed, "application:a1").unwrap(),
            b"DE89370400440532013000"
        );
        assert!(key.open(&sealed, "application:b2").is_err());
        let (other, _) = FieldKey::generate();
        assert!(other.open(&sealed, "application:a1").is_err());
        // a fresh nonce every time
        assert_ne!(
            sealed,
            key.seal(b"DE89370400440532013000", "application:a1")
        );
    }

    #[test]
    fn refuses_tampered_or_malformed_values() {
        let (key, _) = FieldKey::generate();
        let sealed = key.seal(b"1234", "x");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(
            key.open(&String::from_utf8(tampered).unwrap(), "x")
                .is_err()
        );
        assert!(key.open("v1.", "x").is_err());
        assert!(key.open("garbage", "x").is_err());
        assert!(key.open("v1.!!!", "x").is_err());
    }

    #[test]
    fn the_key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/field.key");
        let (first, created) = FieldKey::load_or_create(&path).unwrap();
        assert!(created);
        let (second, created) = FieldKey::load_or_create(&path).unwrap();
        assert!(!created);
        let sealed = first.seal(b"secret", "r");
        assert_eq!(second.open(&sealed, "r").unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "short").unwrap();
        assert!(FieldKey::load_or_create(&path).is_err());
        assert!(format!("{first:?}").contains('…'));
    }
}
