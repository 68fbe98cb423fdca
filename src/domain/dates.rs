//! Dates and clock times as users type them.

use super::Invalid;
use super::units::shown;
use chrono::{NaiveDate, NaiveTime};

/// `YYYY-MM-DD`, `yesterday` or `today`, relative to `today`; a night after today is refused.
pub fn parse_night(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = raw.trim();
    let date = match text.to_ascii_lowercase().as_str() {
        "today" => today,
        "yesterday" => today.pred_opt().unwrap_or(today),
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10)
            .ok_or_else(|| {
                Invalid::new(format!(
                    "{field} must be a date as YYYY-MM-DD, 'yesterday' or 'today', got {}",
                    shown(text)
                ))
            })?,
    };
    if date > today {
        return Err(Invalid::new(format!(
            "{field} must not be in the future (today is {today}), got {date}"
        )));
    }
    Ok(date)
}

/// A 24-hour clock time `HH:MM`.
pub fn parse_clock_time(field: &str, raw: &str) -> Result<NaiveTime, Invalid> {
    let text = raw.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .ok()
        .filter(|_| text.len() == 5)
        .ok_or_else(|| {
            Invalid::new(format!(
                "{field} must be a time as HH:MM (00:00-23:59), got {}",
                shown(text)
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn words_and_iso_dates() {
        let today = day("2026-11-23");
        assert_eq!(parse_night("night", "today", today), Ok(today));
        assert_eq!(
            parse_night("night", "Yesterday", today),
            Ok(day("2026-11-22"))
        );
        assert_eq!(
            parse_night("night", "2026-01-05", today),
            Ok(day("2026-01-05"))
        );
    }

    #[test]
    fn future_nights_are_refused() {
        let err = parse_night("night", "2026-11-24", day("2026-11-23")).unwrap_err();
        assert_eq!(
            err.0,
            "night must not be in the future (today is 2026-11-23), got 2026-11-24"
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for raw in [
            "2026-13-01",
            "2026-02-30",
            "23/11/2026",
            "2026-1-5",
            "",
            "tomorrow",
        ] {
            let err = parse_night("night", raw, day("2026-11-23")).unwrap_err();
            assert!(
                err.0.starts_with("night must be a date as YYYY-MM-DD"),
                "{raw}: {err}"
            );
        }
    }

    #[test]
    fn clock_times() {
        assert_eq!(
            parse_clock_time("time", "03:15"),
            Ok(NaiveTime::from_hms_opt(3, 15, 0).unwrap())
        );
        for raw in ["3:15", "24:00", "03:60", "0315", "noon"] {
            assert!(parse_clock_time("time", raw).is_err(), "{raw}");
        }
    }
}
