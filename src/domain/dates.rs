//! Dates and clock times as users type them.

use super::Invalid;
use super::shown;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

pub const START_DAYS_AHEAD: i64 = 30;

/// `YYYY-MM-DD`, `yesterday` or `today` (words mean what they say), at most 30 days ahead.
pub fn parse_start(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let limit = today + Duration::days(START_DAYS_AHEAD);
    let word = matches!(
        raw.trim().to_ascii_lowercase().as_str(),
        "today" | "yesterday"
    );
    let date = parse_night(field, raw, if word { today } else { limit }).map_err(|e| {
        if e.0.contains("future") {
            Invalid::new(format!(
                "{field} must be at most {START_DAYS_AHEAD} days ahead (up to {limit}), got {}",
                raw.trim()
            ))
        } else {
            e
        }
    })?;
    Ok(date)
}

/// A date written exactly `YYYY-MM-DD` (ten characters: no `2026-1-5`).
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
}

/// `YYYY-MM-DD`, `yesterday` or `today`, relative to `today`; a night after today is refused.
pub fn parse_night(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = raw.trim();
    let date = match text.to_ascii_lowercase().as_str() {
        "today" => today,
        "yesterday" => today.pred_opt().unwrap_or(today),
        _ => iso_date(text).ok_or_else(|| {
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

/// A day to go to: `YYYY-MM-DD`, `today`, `yesterday` or `N days ago`, not after `today`.
pub fn parse_jump(raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = raw.trim().to_ascii_lowercase();
    let ago = text
        .strip_suffix(" days ago")
        .or_else(|| text.strip_suffix(" day ago"))
        .and_then(|n| n.trim().parse::<i64>().ok())
        .filter(|n| (0..=36_500).contains(n));
    if let Some(n) = ago {
        return Ok(today - chrono::Duration::days(n));
    }
    parse_night("date", &text, today).map_err(|_| {
        Invalid::new(format!(
            "date must be YYYY-MM-DD, 'yesterday' or 'N days ago', up to today, got {}",
            shown(raw.trim())
        ))
    })
}

/// "Sun 22 Nov 2026"
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// A 24-hour clock time: `03:10`, `3:10` or `3.10` (hours 0-23, two-digit minutes).
pub fn parse_clock_time(field: &str, raw: &str) -> Result<NaiveTime, Invalid> {
    let text = raw.trim();
    let parsed = text
        .split_once([':', '.'])
        .filter(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        })
        .and_then(|(h, m)| NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0));
    parsed.ok_or_else(|| {
        Invalid::new(format!(
            "{field} must be a time as HH:MM (00:00-23:59), got {}",
            shown(text)
        ))
    })
}

/// How long ago, like `30m`, `2h` or `1h30m`: up to 7 days.
pub fn parse_ago(raw: &str) -> Result<chrono::Duration, Invalid> {
    let text: String = raw.trim().to_ascii_lowercase();
    let malformed = || {
        Invalid::new(format!(
            "ago must be like 30m, 2h or 1h30m (up to 168h), got {}",
            shown(raw.trim())
        ))
    };
    let (hours, rest) = match text.split_once('h') {
        Some((h, rest)) => (h.parse::<i64>().map_err(|_| malformed())?, rest),
        None => (0, text.as_str()),
    };
    let minutes = match rest {
        "" => 0,
        m => m
            .strip_suffix('m')
            .and_then(|m| m.parse::<i64>().ok())
            .ok_or_else(malformed)?,
    };
    if text.is_empty() || hours < 0 || minutes < 0 || hours > 168 || minutes > 10_080 {
        return Err(malformed());
    }
    let total = hours * 60 + minutes;
    if total > 168 * 60 {
        return Err(malformed());
    }
    Ok(chrono::Duration::minutes(total))
}

/// `YYYY-MM-DD HH:MM` (or with a `T`), or a time alone (`07:30`, `7.30`: its latest
/// occurrence, today or else yesterday), not after `now`.
pub fn parse_when(field: &str, raw: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Invalid> {
    let text = raw.trim();
    let time_alone = || {
        let time = parse_clock_time(field, text).ok()?;
        let today = now.date().and_time(time);
        Some(if today <= now {
            today
        } else {
            today - Duration::days(1)
        })
    };
    let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(time_alone)
        .ok_or_else(|| {
            Invalid::new(format!(
                "{field} must be a date and time as \"YYYY-MM-DD HH:MM\" or a time as HH:MM, got {}",
                shown(text)
            ))
        })?;
    if at > now {
        return Err(Invalid::new(format!(
            "{field} must not be in the future (now is {}), got {}",
            now.format("%Y-%m-%d %H:%M"),
            at.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(at)
}

/// How the person's calendar runs, from the configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Without a routine, weeks start on this day; `None` ends the last week on the newest night.
    pub week_start: Option<chrono::Weekday>,
    /// Which turn of the year is spring.
    pub hemisphere: super::season::Hemisphere,
}

/// A date written `YYYY-MM-DD`: the one date helper of the unit tests (the integration tests
/// have theirs in `tests/it/common/dates.rs`).
#[cfg(test)]
pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date written YYYY-MM-DD")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_alone_is_its_latest_occurrence() {
        let now = NaiveDateTime::parse_from_str("2026-11-23 07:40", "%Y-%m-%d %H:%M").unwrap();
        let at = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(parse_when("at", "07:30", now), Ok(at("2026-11-23 07:30")));
        assert_eq!(parse_when("at", "7.30", now), Ok(at("2026-11-23 07:30")));
        assert_eq!(parse_when("at", "19:15", now), Ok(at("2026-11-22 19:15")));
        assert!(parse_when("at", "25:00", now).is_err());
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
    fn ago_in_hours_and_minutes() {
        assert_eq!(parse_ago("2h").map(|d| d.num_minutes()), Ok(120));
        assert_eq!(parse_ago("30m").map(|d| d.num_minutes()), Ok(30));
        assert_eq!(parse_ago("1h30m").map(|d| d.num_minutes()), Ok(90));
        for raw in ["", "2", "h", "-2h", "169h", "2d", "1h30", "m30"] {
            assert!(parse_ago(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn when_is_a_past_date_and_time() {
        let now = NaiveDateTime::parse_from_str("2026-11-23 07:30", "%Y-%m-%d %H:%M").unwrap();
        assert!(parse_when("at", "2026-11-22 19:00", now).is_ok());
        assert!(parse_when("at", "2026-11-23T07:30", now).is_ok());
        assert!(
            parse_when("at", "2026-11-23 07:31", now)
                .unwrap_err()
                .0
                .contains("future")
        );
        assert!(
            parse_when("at", "yesterday 7pm", now)
                .unwrap_err()
                .0
                .contains("YYYY-MM-DD HH:MM")
        );
    }

    #[test]
    fn jump_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(parse_jump("2026-11-02", today), Ok(day(2)));
        assert_eq!(parse_jump("Yesterday", today), Ok(day(22)));
        assert_eq!(parse_jump("3 days ago", today), Ok(day(20)));
        assert_eq!(parse_jump(" 1 day ago ", today), Ok(day(22)));
        for raw in ["2026-11-24", "tomorrow", "-3 days ago", "3 weeks ago", ""] {
            let err = parse_jump(raw, today).unwrap_err();
            assert!(
                err.0.starts_with("date must be YYYY-MM-DD"),
                "{raw}: {err:?}"
            );
        }
    }

    #[test]
    fn clock_times() {
        assert_eq!(
            parse_clock_time("time", "03:15"),
            Ok(NaiveTime::from_hms_opt(3, 15, 0).unwrap())
        );
        for raw in ["3:15", "03:15", "3.15", " 03.15 "] {
            assert_eq!(
                parse_clock_time("time", raw),
                Ok(NaiveTime::from_hms_opt(3, 15, 0).unwrap()),
                "{raw}"
            );
        }
        for raw in [
            "24:00", "03:60", "0315", "noon", "3:5", "123:15", "3:1a", "+3:15", "3:15:00",
        ] {
            assert!(parse_clock_time("time", raw).is_err(), "{raw}");
        }
    }
}
