//! The password policy (OWASP ASVS 5.0 V6): length, not common, not the temporary password, not
//! the e-mail's name. No composition rules.

use serde::{Deserialize, Serialize};

/// Shorter is refused.
pub const MIN_LEN: usize = 8;
/// What the page recommends.
pub const RECOMMENDED_LEN: usize = 15;
/// Longer is refused (hashing cost stays bounded).
pub const MAX_LEN: usize = 128;

/// Why a new password was refused; each maps to a message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// in the list of common passwords
    Common,
    SameAsTemporary,
    ContainsEmailName,
    /// the confirmation does not match
    Mismatch,
}

/// How good a password is, for the hint shown while typing. Length is what makes a password
/// strong; the hint says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    /// refused by the policy
    Refused,
    /// allowed, shorter than recommended
    Fair,
    /// the recommended length or longer
    Strong,
}

/// What a new password is checked against besides itself.
pub struct Context<'a> {
    /// the account's e-mail address
    pub email: &'a str,
    /// the temporary password being replaced, if the user signed in with one
    pub temporary: Option<&'a str>,
}

/// Checks a new password. `is_common` answers whether a (lower-cased) password is in the list of
/// common passwords: the server passes the shipped list; the browser, which does not download it,
/// passes `|_| false` and the server has the last word.
pub fn check(
    password: &str,
    context: &Context<'_>,
    is_common: impl Fn(&str) -> bool,
) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_LEN {
        return Err(PasswordProblem::TooLong);
    }
    if context
        .temporary
        .is_some_and(|temporary| temporary == password)
    {
        return Err(PasswordProblem::SameAsTemporary);
    }
    let lowered = password.to_lowercase();
    let name = context
        .email
        .split_once('@')
        .map_or(context.email, |(local, _)| local)
        .to_lowercase();
    // Short names ("jo") would refuse too much by accident.
    if name.chars().count() >= 3 && lowered.contains(&name) {
        return Err(PasswordProblem::ContainsEmailName);
    }
    if is_common(&lowered) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// [`check`] plus the confirmation field.
pub fn check_with_confirmation(
    password: &str,
    confirmation: &str,
    context: &Context<'_>,
    is_common: impl Fn(&str) -> bool,
) -> Result<(), PasswordProblem> {
    check(password, context, is_common)?;
    if password != confirmation {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

/// The hint shown while typing.
pub fn strength(
    password: &str,
    context: &Context<'_>,
    is_common: impl Fn(&str) -> bool,
) -> Strength {
    match check(password, context, is_common) {
        Err(_) => Strength::Refused,
        Ok(()) if password.chars().count() < RECOMMENDED_LEN => Strength::Fair,
        Ok(()) => Strength::Strong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: Context<'static> = Context {
        email: "minji.park@example.com",
        temporary: Some("Tmp-7hQ2-xk9L-p3Zr"),
    };
    fn never(_: &str) -> bool {
        false
    }

    /// Each password's verdict in `context` (no list of common passwords).
    fn assert_verdicts(context: &Context<'_>, cases: &[(&str, Result<(), PasswordProblem>)]) {
        for (password, verdict) in cases {
            assert_eq!(check(password, context, never), *verdict, "{password}");
        }
    }

    #[test]
    fn length_is_counted_in_characters() {
        use PasswordProblem::{TooLong, TooShort};
        let (longest, too_long) = ("x".repeat(128), "x".repeat(129));
        assert_verdicts(
            &CONTEXT,
            &[
                ("short", Err(TooShort)),
                ("1234567", Err(TooShort)),
                ("eight ch", Ok(())),
                // eight Korean characters are eight characters, not 24 bytes
                ("비밀번호는길어요", Ok(())),
                ("비밀번호", Err(TooShort)),
                (&longest, Ok(())),
                (&too_long, Err(TooLong)),
            ],
        );
    }

    #[test]
    fn no_composition_rules() {
        assert_eq!(check("all lower case words", &CONTEXT, never), Ok(()));
        assert_eq!(check("ab cd ef gh", &CONTEXT, never), Ok(()));
    }

    #[test]
    fn refuses_the_temporary_password_and_the_email_name() {
        assert_verdicts(
            &CONTEXT,
            &[
                ("Tmp-7hQ2-xk9L-p3Zr", Err(PasswordProblem::SameAsTemporary)),
                ("MinJi.Park2026!", Err(PasswordProblem::ContainsEmailName)),
            ],
        );
        let short_name = Context {
            email: "jo@example.com",
            temporary: None,
        };
        assert_eq!(check("jolly good fellow", &short_name, never), Ok(()));
    }

    #[test]
    fn refuses_common_passwords_case_insensitively() {
        let common = |p: &str| p == "password123";
        assert_eq!(
            check("PassWord123", &CONTEXT, common),
            Err(PasswordProblem::Common)
        );
        assert_eq!(check("password1234", &CONTEXT, common), Ok(()));
    }

    #[test]
    fn confirmation_must_match() {
        assert_eq!(
            check_with_confirmation("a long passphrase", "a long passphrasE", &CONTEXT, never),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(
            check_with_confirmation("a long passphrase", "a long passphrase", &CONTEXT, never),
            Ok(())
        );
    }

    #[test]
    fn strength_follows_the_policy_and_length() {
        assert_eq!(strength("short", &CONTEXT, never), Strength::Refused);
        assert_eq!(strength("eight ch", &CONTEXT, never), Strength::Fair);
        assert_eq!(
            strength("correct horse battery", &CONTEXT, never),
            Strength::Strong
        );
    }
}
