//! Scores on a 0-10 scale and cramp durations ("45s", "2m", "1m30s").

use super::{Invalid, shown};
use std::fmt;

/// A 0-10 rating: intensity, tightness, sleep disturbance, soreness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    pub const MAX: u8 = super::bounds::SCORE.max as u8;

    pub fn new(field: &str, value: i64) -> Result<Self, Invalid> {
        super::bounds::SCORE
            .check(field, value)
            .map(|v| Self(v as u8))
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, Invalid> {
        let text = raw.trim();
        match text.parse::<i64>() {
            Ok(value) => Self::new(field, value),
            Err(_) => Err(Invalid::new(format!(
                "{field} must be a whole number {}, got {}",
                super::bounds::SCORE.range_text(),
                shown(text)
            ))),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How long one cramp lasted, 1 second to 60 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CrampDuration(u32);

impl CrampDuration {
    pub const MAX_SECONDS: u32 = super::bounds::DURATION_SECONDS.max as u32;
    /// NHS: a cramp lasting longer than 10 minutes is a reason to see a GP.
    pub const RED_FLAG_SECONDS: u32 = 10 * 60;

    pub fn from_seconds(seconds: i64) -> Result<Self, Invalid> {
        if super::bounds::DURATION_SECONDS.contains(seconds) {
            Ok(Self(seconds as u32))
        } else {
            Err(Invalid::new(format!(
                "duration must be 1s-60m, got {}",
                Self::describe_seconds(seconds)
            )))
        }
    }

    /// Accepts `45s`, `2m`, `1m30s` (spaces and upper case allowed). A bare number is refused
    /// because it is ambiguous between seconds and minutes.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let malformed = || {
            Invalid::new(format!(
                "duration must be like 45s, 2m or 1m30s (1s-60m), got {}",
                shown(raw.trim())
            ))
        };
        if text.is_empty() {
            return Err(malformed());
        }
        if text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            // A bare number: which unit is meant cannot be guessed, so both are offered.
            return Err(Invalid::new(format!(
                "duration needs a unit: {text}s or {text}m? (1s-60m)"
            )));
        }
        let mut total: i64 = 0;
        let mut digits = String::new();
        let mut seen_minutes = false;
        let mut seen_seconds = false;
        let mut seen_hours = false;
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                if digits.len() > 6 {
                    return Err(malformed());
                }
                continue;
            }
            let amount: i64 = digits.parse().map_err(|_| malformed())?;
            digits.clear();
            let unit = match c {
                'h' if !seen_hours && !seen_minutes && !seen_seconds => {
                    seen_hours = true;
                    3600
                }
                'm' if !seen_minutes && !seen_seconds => {
                    seen_minutes = true;
                    60
                }
                's' if !seen_seconds => {
                    seen_seconds = true;
                    1
                }
                _ => return Err(malformed()),
            };
            total += amount * unit;
        }
        if !digits.is_empty() {
            return Err(malformed());
        }
        Self::from_seconds(total)
    }

    pub fn seconds(self) -> u32 {
        self.0
    }

    pub fn is_red_flag(self) -> bool {
        self.0 > Self::RED_FLAG_SECONDS
    }

    fn describe_seconds(seconds: i64) -> String {
        if seconds > 0 && seconds % 3600 == 0 {
            format!("{}h", seconds / 3600)
        } else if seconds >= 60 {
            let (m, s) = (seconds / 60, seconds % 60);
            if s == 0 {
                format!("{m}m")
            } else {
                format!("{m}m{s}s")
            }
        } else {
            format!("{seconds}s")
        }
    }
}

impl fmt::Display for CrampDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Self::describe_seconds(i64::from(self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn durations_in_every_documented_form() {
        assert_eq!(CrampDuration::parse("45s").map(|d| d.seconds()), Ok(45));
        assert_eq!(CrampDuration::parse("2m").map(|d| d.seconds()), Ok(120));
        assert_eq!(CrampDuration::parse("1m30s").map(|d| d.seconds()), Ok(90));
        assert_eq!(
            CrampDuration::parse(" 1M 30S ").map(|d| d.seconds()),
            Ok(90)
        );
        assert_eq!(CrampDuration::parse("90s").map(|d| d.seconds()), Ok(90));
        assert_eq!(CrampDuration::parse("60m").map(|d| d.seconds()), Ok(3600));
    }

    #[test]
    fn durations_out_of_range_name_the_field_and_range() {
        assert_refusals(
            CrampDuration::parse,
            &[
                ("0s", "duration must be 1s-60m, got 0s"),
                ("3h", "duration must be 1s-60m, got 3h"),
                ("60m1s", "duration must be 1s-60m, got 60m1s"),
            ],
        );
    }

    #[test]
    fn a_bare_number_is_refused_with_both_units_offered() {
        assert_refusals(
            CrampDuration::parse,
            &[(" 90 ", "duration needs a unit: 90s or 90m? (1s-60m)")],
        );
    }

    #[test]
    fn malformed_durations_are_refused() {
        for raw in ["", "m", "1x", "1s30m", "2m2m", "-5s", "1.5m", "99999999s"] {
            let err = CrampDuration::parse(raw).unwrap_err();
            assert!(err.0.starts_with("duration must be"), "{raw}: {err}");
        }
    }

    #[test]
    fn durations_display_the_way_they_are_typed() {
        for raw in ["45s", "2m", "1m30s", "60m"] {
            let parsed = CrampDuration::parse(raw).unwrap();
            assert_eq!(parsed.to_string(), if raw == "60m" { "1h" } else { raw });
        }
    }

    #[test]
    fn over_ten_minutes_is_a_red_flag() {
        assert!(!CrampDuration::parse("10m").unwrap().is_red_flag());
        assert!(CrampDuration::parse("10m1s").unwrap().is_red_flag());
    }

    #[test]
    fn scores_accept_0_to_10_only() {
        assert_eq!(Score::parse("intensity", "0").map(Score::value), Ok(0));
        assert_eq!(Score::parse("intensity", "10").map(Score::value), Ok(10));
        assert_refusals(
            |typed| Score::parse("intensity", typed),
            &[
                ("12", "intensity must be 0-10, got 12"),
                ("-1", "intensity must be 0-10, got -1"),
            ],
        );
        assert_refusals(
            |typed| Score::parse("tightness (left)", typed),
            &[(
                "lots",
                "tightness (left) must be a whole number 0-10, got 'lots'",
            )],
        );
    }
}
