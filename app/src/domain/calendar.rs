//! Calendar dates and business days, for the expected decision date of an application. Plain
//! civil-date arithmetic (no time zones: the operator's review days count whole days in UTC).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` (also the date part of an RFC 3339 timestamp).
    pub fn parse(text: &str) -> Option<Self> {
        let date = text.get(..10)?;
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let parsed = Self { year, month, day };
        // round-tripping rejects 2026-02-30 and friends
        (Self::from_days_since_epoch(parsed.days_since_epoch()) == parsed).then_some(parsed)
    }

    /// Monday is 0, Sunday 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The date `n` business days (Monday to Friday) after this one. Submitting on a weekend
    /// counts from the next Monday, as the reviewers would.
    pub fn add_business_days(self, n: u32) -> Self {
        let mut days = self.days_since_epoch();
        let mut left = n;
        while left > 0 {
            days += 1;
            if !Self::from_days_since_epoch(days).is_weekend() {
                left -= 1;
            }
        }
        Self::from_days_since_epoch(days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a valid date")
    }

    #[test]
    fn epoch_round_trips() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_416, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(date("2000-02-29").days_since_epoch(), 11_016);
    }

    #[test]
    fn parses_dates_and_timestamps_and_refuses_impossible_ones() {
        assert_eq!(date("2026-11-24T10:00:00Z").to_string(), "2026-11-24");
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("26-1-1"), None);
        assert_eq!(Date::parse(""), None);
    }

    #[test]
    fn knows_the_weekday() {
        assert_eq!(date("2026-11-24").weekday(), 1); // a Tuesday
        assert!(date("2026-11-28").is_weekend());
        assert!(date("2026-11-29").is_weekend());
        assert!(!date("2026-11-30").is_weekend());
    }

    #[test]
    fn business_days_skip_weekends() {
        // Tuesday + 5 business days = next Tuesday
        assert_eq!(date("2026-11-24").add_business_days(5), date("2026-12-01"));
        // Friday + 1 = Monday
        assert_eq!(date("2026-11-27").add_business_days(1), date("2026-11-30"));
        // submitted on a Saturday: the count starts on Monday
        assert_eq!(date("2026-11-28").add_business_days(1), date("2026-11-30"));
        assert_eq!(date("2026-11-28").add_business_days(5), date("2026-12-04"));
        // across a year end
        assert_eq!(date("2026-12-30").add_business_days(3), date("2027-01-04"));
        assert_eq!(date("2026-11-24").add_business_days(0), date("2026-11-24"));
    }
}
