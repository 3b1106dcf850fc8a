//! How long to refuse sign-in attempts after failures: nothing for the first few, then a delay
//! that doubles with each failure, up to a cap. The cap is what keeps an attacker from locking a
//! real user out: at worst the user waits a few minutes, never forever.

use std::time::Duration;

/// Failures allowed per account before any delay (typos happen).
pub const FREE_FAILURES: u32 = 3;

/// Failures allowed per client address before any delay: many people can share one address
/// (an office), so it takes more.
pub const ADDRESS_FREE_FAILURES: u32 = 10;

/// The per-account delay stops growing here: an attacker who knows someone's e-mail can slow
/// that person down, but not for long.
pub const ACCOUNT_MAX_DELAY: Duration = Duration::from_secs(5 * 60);

/// The per-address delay stops growing here: one address guessing many accounts gets slow.
pub const ADDRESS_MAX_DELAY: Duration = Duration::from_secs(15 * 60);

/// The wait after `failures` consecutive failures: 0 up to `free`, then 1 s, 2 s, 4 s, … up to
/// `cap`.
pub fn delay_after(failures: u32, free: u32, cap: Duration) -> Duration {
    if failures < free {
        return Duration::ZERO;
    }
    let doublings = (failures - free).min(20);
    Duration::from_secs(1_u64 << doublings).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free() {
        for failures in 0..FREE_FAILURES {
            assert_eq!(
                delay_after(failures, FREE_FAILURES, ACCOUNT_MAX_DELAY),
                Duration::ZERO
            );
        }
    }

    #[test]
    fn then_the_delay_doubles() {
        assert_eq!(
            delay_after(3, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            Duration::from_secs(1)
        );
        assert_eq!(
            delay_after(4, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            Duration::from_secs(2)
        );
        assert_eq!(
            delay_after(5, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            Duration::from_secs(4)
        );
        assert_eq!(
            delay_after(10, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            Duration::from_secs(128)
        );
    }

    #[test]
    fn an_address_gets_more_free_failures() {
        assert_eq!(
            delay_after(9, ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY),
            Duration::ZERO
        );
        assert_eq!(
            delay_after(10, ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn and_never_passes_its_cap() {
        assert_eq!(
            delay_after(12, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            ACCOUNT_MAX_DELAY
        );
        assert_eq!(
            delay_after(u32::MAX, FREE_FAILURES, ACCOUNT_MAX_DELAY),
            ACCOUNT_MAX_DELAY
        );
        assert_eq!(
            delay_after(u32::MAX, FREE_FAILURES, ADDRESS_MAX_DELAY),
            ADDRESS_MAX_DELAY
        );
    }
}
