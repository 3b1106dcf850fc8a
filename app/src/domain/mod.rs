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
pub mod mail;
pub mod matching;
pub mod password;
pub mod phone;
pub mod program_id;
pub mod review;
pub mod roles;
pub mod tenant;
pub mod throttle;
pub mod two_factor;

/// Text as typed, trimmed, with runs of whitespace (line breaks too) collapsed to one space and
/// other control characters dropped.
pub fn clean_text(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `domain` (lower-case, without a final dot) is a domain name: at least two labels of
/// letters, digits and inner hyphens, each at most 63 characters, a top-level label that is not
/// all digits, 253 characters at most.
pub fn is_domain_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let top_ok = labels
        .last()
        .is_some_and(|top| !top.bytes().all(|b| b.is_ascii_digit()));
    domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && top_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of `all` has a code that parses back to it (so no two share a code).
    fn round_trip<T: Copy + PartialEq + std::fmt::Debug>(
        all: impl IntoIterator<Item = T>,
        code: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for value in all {
            assert_eq!(parse(code(value)), Some(value), "{value:?}");
        }
    }

    #[test]
    fn every_code_parses_back_to_its_value() {
        use application::{Model, Status};
        use review::{RejectReason, Section};
        use roles::{Permission, Role, StaffRole};
        round_trip(Role::ALL, Role::code, Role::parse);
        round_trip(Permission::ALL, Permission::code, Permission::parse);
        round_trip(StaffRole::ALL, StaffRole::code, StaffRole::parse);
        round_trip(Section::ALL, Section::code, Section::parse);
        round_trip(RejectReason::ALL, RejectReason::code, RejectReason::parse);
        round_trip(Status::ALL, Status::code, Status::parse);
        round_trip(Model::ALL, Model::code, Model::parse);
        round_trip(
            tenant::TenantKind::ALL,
            tenant::TenantKind::code,
            tenant::TenantKind::parse,
        );
    }
}
