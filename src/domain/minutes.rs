//! Times kept to the minute, as the diary writes them: a cramp's time of night (`HH:MM`) and
//! when a session happened (`YYYY-MM-DDTHH:MM`). chrono's own text for these adds seconds, so
//! each keeps its own.

use chrono::{NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// `parse` (only exactly the written text) and `Display` (that text) for a time kept in `$format`.
macro_rules! written_as {
    ($name:ident($inner:ty), $format:literal) => {
        impl $name {
            const FORMAT: &'static str = $format;

            /// Only exactly as written, two digits for each number.
            pub fn parse(text: &str) -> Option<Self> {
                <$inner>::parse_from_str(text, Self::FORMAT)
                    .ok()
                    .map(Self)
                    .filter(|t| t.to_string() == text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.format(Self::FORMAT))
            }
        }
    };
}

/// A time of day to the minute, written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClockTime(NaiveTime);

impl ClockTime {
    /// `time` to the minute (as written, seconds dropped).
    pub fn of(time: NaiveTime) -> Self {
        Self(NaiveTime::from_hms_opt(time.hour(), time.minute(), 0).unwrap_or(time))
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }
}

written_as!(ClockTime(NaiveTime), "%H:%M");

/// A date and time to the minute, written `YYYY-MM-DDTHH:MM`: its text orders as time does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalMinute(NaiveDateTime);

impl LocalMinute {
    /// `at` to the minute (as written, seconds dropped).
    pub fn of(at: NaiveDateTime) -> Self {
        Self(at.date().and_time(ClockTime::of(at.time()).time()))
    }

    pub fn at(self) -> NaiveDateTime {
        self.0
    }
}

written_as!(LocalMinute(NaiveDateTime), "%Y-%m-%dT%H:%M");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_is_read_only_as_the_diary_writes_it_and_written_without_seconds() {
        let late = NaiveTime::from_hms_opt(3, 10, 42).unwrap();
        assert_eq!(ClockTime::of(late).to_string(), "03:10");
        assert_eq!(ClockTime::parse("03:10"), Some(ClockTime::of(late)));
        for odd in ["3:10", "03:10:00", "24:00", "03.10", ""] {
            assert_eq!(ClockTime::parse(odd), None, "{odd}");
        }
        let at = late.with_hour(19).map(|t| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
                .unwrap()
                .and_time(t)
        });
        let at = LocalMinute::of(at.unwrap());
        assert_eq!(at.to_string(), "2026-11-20T19:10");
        assert_eq!(LocalMinute::parse("2026-11-20T19:10"), Some(at));
        for odd in [
            "2026-11-20 19:10",
            "2026-11-20T19:10:00",
            "2026-11-20T9:10",
            "2026-02-30T19:10",
        ] {
            assert_eq!(LocalMinute::parse(odd), None, "{odd}");
        }
    }
}
