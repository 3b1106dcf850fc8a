//! Pure types and rules, no I/O. Compiled for the server and the browser, so forms check input
//! as it is typed and the server checks it again with the same code.

pub mod address;
pub mod application;
pub mod bank;
pub mod business_profile;
pub mod calendar;
pub mod country;
pub mod email;
pub mod free_mail;
pub mod matching;
pub mod password;
pub mod phone;
pub mod program_id;
pub mod review;
pub mod roles;
pub mod tenant;
pub mod throttle;

/// Text as typed, trimmed, with runs of whitespace (line breaks too) collapsed to one space and
/// other control characters dropped.
pub fn clean_text(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
