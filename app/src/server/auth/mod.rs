//! Who is asking: password hashing, the list of common passwords, session tokens, authenticator
//! codes.

pub mod common_passwords;
pub mod password;
pub mod token;
pub mod totp;
