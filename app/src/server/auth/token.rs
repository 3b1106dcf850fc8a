//! Secret tokens (session ids, one-time links): 128 random bits from the operating system,
//! URL-safe base64 for the cookie or link, and SHA-256 for what the database keeps.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// A fresh token: 16 random bytes, as 22 URL-safe characters.
pub fn new_token() -> String {
    let mut bytes = [0_u8; 16];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A temporary password: four groups of four characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), e.g. `Xk7m-Pq3R-t9Wz-Hn4c`: 19 characters, about 91 bits.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let text = random_text(ALPHABET, 16);
    [&text[0..4], &text[4..8], &text[8..12], &text[12..16]].join("-")
}

/// `length` characters drawn from `alphabet` (ASCII, at most 256 characters), each equally
/// likely.
pub fn random_text(alphabet: &[u8], length: usize) -> String {
    (0..length)
        .map(|_| {
            loop {
                // rejection sampling keeps every character equally likely
                let byte = (OsRng.next_u32() & 0xff) as usize;
                if byte < 256 - 256 % alphabet.len() {
                    break alphabet[byte % alphabet.len()] as char;
                }
            }
        })
        .collect()
}

/// What the database stores for `token`: its SHA-256, hex. A copy of the database does not give
/// anyone a working session or link.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bits_url_safe_and_unique() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn temporary_passwords_are_long_random_and_unambiguous() {
        let a = temporary_password();
        assert_eq!(a.len(), 19);
        assert_eq!(a.split('-').count(), 4);
        assert!(!a.contains(['0', 'O', '1', 'l', 'I']));
        assert_ne!(a, temporary_password());
    }

    #[test]
    fn the_hash_is_stable_and_hides_the_token() {
        let token = "dGhpcyBpcyBhIHRva2Vu";
        assert_eq!(token_hash(token), token_hash(token));
        assert_eq!(token_hash(token).len(), 64);
        assert!(!token_hash(token).contains(token));
    }
}
