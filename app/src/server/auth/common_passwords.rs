//! The 10,000 most common passwords (app/data/common-passwords.txt, lower-cased; source and
//! licence in app/data/common-passwords.LICENSE). Server-only: the browser does not download it.

use std::{collections::HashSet, sync::LazyLock};

static LIST: &str = include_str!("../../../data/common-passwords.txt");
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| LIST.lines().collect());

/// Whether `password` (compared lower-cased) is one of the common passwords.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_ten_thousand_entries() {
        assert_eq!(COMMON.len(), 10_000);
    }

    #[test]
    fn knows_the_usual_suspects_in_any_case() {
        for password in [
            "password", "123456", "qwerty", "PassWord", "iloveyou", "letmein",
        ] {
            assert!(is_common(password), "{password}");
        }
        assert!(!is_common("correct horse battery staple"));
    }
}
