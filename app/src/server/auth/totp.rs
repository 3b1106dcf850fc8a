//! Authenticator codes (TOTP, RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) through the
//! `totp-rs` crate; the secret, its `otpauth://` address and QR code; recovery codes.

use crate::domain::two_factor::{
    DIGITS, RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_GROUPS, STEP_SECONDS, recovery_text,
};
use crate::server::auth::token::random_text;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use totp_rs::{Algorithm, Secret, TOTP};

/// A new secret: 160 random bits (the length RFC 4226 recommends for HMAC-SHA-1).
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0_u8; 20];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The secret in base32, as authenticator apps take it typed.
pub fn base32(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The secret of a key as the set-up page shows it (base32, in groups): what a person types
/// into an authenticator app by hand.
pub fn secret_from_base32(text: &str) -> Option<Vec<u8>> {
    let plain: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Secret::Encoded(plain.to_uppercase()).to_bytes().ok()
}

fn totp(secret: &[u8], digits: usize) -> TOTP {
    // the secret is 160 bits: `new` only refuses secrets shorter than 128
    TOTP::new_unchecked(Algorithm::SHA1, digits, 1, STEP_SECONDS, secret.to_vec())
}

/// The code of `secret` at the step holding `unix_seconds`, with `digits` digits.
pub fn code_at(secret: &[u8], unix_seconds: u64, digits: usize) -> String {
    totp(secret, digits).generate(unix_seconds)
}

/// The step (`unix_seconds / 30`) whose code is `code`, looking one step either side of the
/// step of `unix_seconds`, and only at steps after `last_used` (a code works once: a step whose
/// code was accepted, or an older one, is never accepted again).
pub fn accepted_step(
    secret: &[u8],
    code: &str,
    unix_seconds: u64,
    last_used: Option<u64>,
) -> Option<u64> {
    let now = unix_seconds / STEP_SECONDS;
    let totp = totp(secret, DIGITS);
    let mut found = None;
    // every candidate is computed and compared, whichever matches, so the time taken does not
    // tell which step was right
    for step in now.saturating_sub(1)..=now + 1 {
        let expected = totp.generate(step * STEP_SECONDS);
        let same = expected.len() == code.len()
            && expected
                .bytes()
                .zip(code.bytes())
                .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same && last_used.is_none_or(|last| step > last) {
            found = Some(step);
        }
    }
    found
}

/// Seconds since 1970 now.
pub fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let encode = |text: &str| {
        url::form_urlencoded::byte_serialize(text.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    format!(
        "otpauth://totp/{issuer_label}:{account}?secret={secret}&issuer={issuer_label}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        issuer_label = encode(issuer),
        account = encode(account),
        secret = base32(secret),
    )
}

/// `text` as a QR code drawn in SVG (no XML declaration: it goes inside a page).
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            svg.find("<svg")
                .map_or(svg.clone(), |at| svg[at..].to_owned())
        }
        // an otpauth address is far below a QR code's capacity
        Err(_) => String::new(),
    }
}

/// A new set of recovery codes.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES).map(|_| recovery_code()).collect()
}

fn recovery_code() -> String {
    recovery_text(&random_text(RECOVERY_ALPHABET, RECOVERY_GROUPS * 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::two_factor::{Entered, parse_code};

    /// RFC 6238, appendix B: the SHA-1 secret and the 8-digit codes at the given times.
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(secret, time, 8), code, "at {time}");
        }
        // six digits are the last six
        assert_eq!(code_at(secret, 59, 6), "287082");
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_of_now_and_no_further() {
        let secret = new_secret();
        let now = 1_700_000_015;
        let step = now / STEP_SECONDS;
        for offset in [-1_i64, 0, 1] {
            let at = (step as i64 + offset) as u64 * STEP_SECONDS;
            let code = code_at(&secret, at, DIGITS);
            assert_eq!(
                accepted_step(&secret, &code, now, None),
                Some(at / STEP_SECONDS),
                "offset {offset}"
            );
        }
        for offset in [-2_i64, 2] {
            let at = (step as i64 + offset) as u64 * STEP_SECONDS;
            let code = code_at(&secret, at, DIGITS);
            assert_eq!(
                accepted_step(&secret, &code, now, None),
                None,
                "offset {offset}"
            );
        }
        assert_eq!(accepted_step(&secret, "12345", now, None), None);
    }

    #[test]
    fn a_used_code_is_refused_even_inside_its_window() {
        let secret = new_secret();
        let now = 1_700_000_015;
        let code = code_at(&secret, now, DIGITS);
        let step = accepted_step(&secret, &code, now, None).unwrap();
        assert_eq!(accepted_step(&secret, &code, now, Some(step)), None);
        assert_eq!(accepted_step(&secret, &code, now + 20, Some(step)), None);
        // an older step than the one used is refused too; the next one works
        let older = code_at(&secret, now - STEP_SECONDS, DIGITS);
        assert_eq!(accepted_step(&secret, &older, now, Some(step)), None);
        let next = code_at(&secret, now + STEP_SECONDS, DIGITS);
        assert_eq!(
            accepted_step(&secret, &next, now, Some(step)),
            Some(step + 1)
        );
    }

    #[test]
    fn secrets_are_160_bits_and_round_trip_through_base32() {
        let secret = new_secret();
        assert_eq!(secret.len(), 20);
        let text = base32(&secret);
        assert_eq!(text.len(), 32);
        assert_eq!(Secret::Encoded(text.clone()).to_bytes().unwrap(), secret);
        let shown = crate::domain::two_factor::grouped_secret(&text).to_lowercase();
        assert_eq!(secret_from_base32(&shown), Some(secret.clone()));
        assert_ne!(new_secret(), secret);
    }

    #[test]
    fn the_qr_code_carries_the_otpauth_address() {
        let uri = otpauth_uri("CSP Portal", "ji+admin@contoso.example", &[7; 20]);
        assert!(
            uri.starts_with("otpauth://totp/CSP%20Portal:ji%2Badmin%40contoso.example?secret=")
        );
        assert!(uri.ends_with("&issuer=CSP%20Portal&algorithm=SHA1&digits=6&period=30"));
        let svg = qr_svg(&uri);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn recovery_codes_are_ten_different_readable_codes() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 19, "{code}");
            assert_eq!(parse_code(code), Ok(Entered::Recovery(code.clone())));
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
    }
}
