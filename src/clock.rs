//! "Now", and which night "last night" is. `CRAMP_NOW` overrides the clock for tests and demos.

use crate::domain::Invalid;
use crate::domain::Stamp;
use chrono::{Duration, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};

pub const NOW_ENV: &str = "CRAMP_NOW";
/// Debug builds only (the test suite's): a file holding the time, re-read like the real clock,
/// so a terminal test can move the screen across midnight or the cutoff.
#[cfg(debug_assertions)]
pub const TEST_CLOCK_FILE_ENV: &str = "CRAMP_TEST_CLOCK_FILE";

/// Where a long-running screen re-reads the time from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `CRAMP_NOW`: the time stands still.
    Fixed,
    /// The computer's local clock.
    Local,
    #[cfg(debug_assertions)]
    File(std::path::PathBuf),
}

impl Source {
    pub fn from_env() -> Self {
        #[cfg(debug_assertions)]
        if let Some(path) = std::env::var_os(TEST_CLOCK_FILE_ENV) {
            return Self::File(path.into());
        }
        if std::env::var_os(NOW_ENV).is_some() {
            Self::Fixed
        } else {
            Self::Local
        }
    }

    /// `clock` moved to the time now, keeping its cutoff.
    pub fn read(&self, clock: Clock) -> Clock {
        match self {
            Self::Fixed => clock,
            Self::Local => clock.at(Local::now().naive_local()),
            #[cfg(debug_assertions)]
            Self::File(path) => std::fs::read_to_string(path)
                .ok()
                .and_then(|t| parse_now(&t).ok())
                .map_or(clock, |now| clock.at(now)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    now: NaiveDateTime,
    /// Before this local time, "last night" is the night that began yesterday.
    cutoff: NaiveTime,
}

impl Clock {
    pub fn default_cutoff() -> NaiveTime {
        NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN)
    }

    pub fn fixed(now: NaiveDateTime) -> Self {
        Self {
            now,
            cutoff: Self::default_cutoff(),
        }
    }

    /// The real local clock, unless `CRAMP_NOW=YYYY-MM-DDTHH:MM` is set.
    pub fn from_env() -> Result<Self, Invalid> {
        match std::env::var(NOW_ENV) {
            Ok(raw) => Ok(Self::fixed(parse_now(&raw)?)),
            Err(_) => Ok(Self::fixed(Local::now().naive_local())),
        }
    }

    /// The same clock with another "last night" cutoff (from the configuration).
    pub fn with_cutoff(self, cutoff: NaiveTime) -> Self {
        Self { cutoff, ..self }
    }

    /// The hour a night begins (the "last night" cutoff): where the night's hours start.
    pub fn evening_hour(&self) -> u32 {
        self.cutoff.hour()
    }

    /// The same clock (and cutoff) at another time.
    pub fn at(self, now: NaiveDateTime) -> Self {
        Self { now, ..self }
    }

    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// The night an entry belongs to by default: before the cutoff the night that began
    /// yesterday, from the cutoff on tonight (the night beginning today).
    pub fn last_night(&self) -> NaiveDate {
        if self.now.time() < self.cutoff {
            self.today() - Duration::days(1)
        } else {
            self.today()
        }
    }

    /// The most recent night that is over and should be in the diary: always the night that
    /// began yesterday (tonight is not over yet, even after the cutoff).
    pub fn due_night(&self) -> NaiveDate {
        self.today() - Duration::days(1)
    }

    /// Whether the night that began on `night` is over: only nights before today are.
    pub fn is_over(&self, night: NaiveDate) -> bool {
        night < self.today()
    }

    /// The local time `elapsed` before now, as a clock on the wall showed it: real time is
    /// subtracted, so across a daylight-saving change the hour that was skipped or repeated
    /// is counted as it happened (`2h` before 03:30 BST on the spring change is 00:30 GMT,
    /// not 01:30, a time that did not exist).
    pub fn earlier_by(&self, elapsed: Duration) -> NaiveDateTime {
        earlier_in(&Local, self.now, elapsed)
    }

    /// The timestamp `minutes` ago, to compare with `created_at`.
    pub fn stamp_minutes_ago(&self, minutes: i64) -> Stamp {
        Stamp::at(self.now - Duration::minutes(minutes))
    }

    /// A timestamp for `created_at` / `updated_at`.
    pub fn stamp(&self) -> Stamp {
        Stamp::at(self.now)
    }
}

/// `elapsed` before the wall-clock time `now` in `zone`. A `now` the zone skipped (in a
/// spring gap, only by `CRAMP_NOW`) is taken as plain clock arithmetic; one it repeats (the
/// autumn hour) as its first occurrence.
fn earlier_in<Z: TimeZone>(zone: &Z, now: NaiveDateTime, elapsed: Duration) -> NaiveDateTime {
    match zone.from_local_datetime(&now).earliest() {
        Some(at) => (at - elapsed).naive_local(),
        None => now - elapsed,
    }
}

/// The years `CRAMP_NOW` may name: dates must print as four digits everywhere.
pub const NOW_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

pub fn parse_now(raw: &str) -> Result<NaiveDateTime, Invalid> {
    let text = raw.trim();
    let now = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            Invalid::new(format!(
                "{NOW_ENV} must be a local time as YYYY-MM-DDTHH:MM, got '{text}'"
            ))
        })?;
    if !NOW_YEARS.contains(&chrono::Datelike::year(&now)) {
        return Err(Invalid::new(format!(
            "{NOW_ENV} must be a time in the years {}-{}, got '{text}'",
            NOW_YEARS.start(),
            NOW_YEARS.end()
        )));
    }
    Ok(now)
}

/// Debug builds only (the test suite's): the milliseconds the environment variable `var`
/// names, for a test hook that slows one step down so a test can catch it midway. Always
/// `None` in release builds: the variable is never read there.
pub fn test_ms(var: &str) -> Option<u64> {
    if cfg!(debug_assertions) {
        std::env::var(var).ok().and_then(|v| v.parse().ok())
    } else {
        None
    }
}

/// Debug builds only: sleeps the milliseconds `var` names ([`test_ms`]), if it names any.
pub fn pause_for_tests(var: &str) {
    if let Some(ms) = test_ms(var) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn at(s: &str) -> Clock {
        Clock::fixed(parse_now(s).unwrap())
    }

    /// At each `(now, night)`, `which` night of the clock is `night`; a failure names the time.
    fn assert_nights(which: fn(&Clock) -> NaiveDate, cases: &[(&str, &str)]) {
        for &(now, night) in cases {
            assert_eq!(which(&at(now)), day(night), "at {now}");
        }
    }

    #[test]
    fn morning_means_the_night_that_began_yesterday() {
        assert_nights(
            Clock::last_night,
            &[
                ("2026-11-23T07:30", "2026-11-22"),
                ("2026-11-23T00:00", "2026-11-22"),
            ],
        );
    }

    #[test]
    fn the_cutoff_boundary_is_18_00() {
        // Someone who forgot in the morning and logs at lunch or mid-afternoon logs last night.
        assert_nights(
            Clock::last_night,
            &[
                ("2026-11-23T15:00", "2026-11-22"),
                ("2026-11-23T17:59", "2026-11-22"),
                ("2026-11-23T18:00", "2026-11-23"),
                ("2026-11-23T23:59", "2026-11-23"),
            ],
        );
    }

    #[test]
    fn the_due_night_is_the_last_one_that_is_over() {
        assert_nights(
            Clock::due_night,
            &[
                ("2026-11-23T07:30", "2026-11-22"),
                ("2026-11-23T20:00", "2026-11-22"),
            ],
        );
    }

    #[test]
    fn earlier_counts_the_hours_a_daylight_saving_change_skips_or_repeats() {
        use chrono::FixedOffset;
        // A zone with a fixed offset has no change: plain subtraction.
        let utc = FixedOffset::east_opt(0).unwrap();
        let now = parse_now("2026-03-29T03:30").unwrap();
        assert_eq!(
            earlier_in(&utc, now, Duration::hours(2)),
            parse_now("2026-03-29T01:30").unwrap()
        );
    }

    #[test]
    fn year_boundaries() {
        assert_nights(Clock::last_night, &[("2027-01-01T06:00", "2026-12-31")]);
    }

    #[test]
    fn now_outside_the_years_1900_to_9999_is_refused() {
        for raw in ["1899-12-31T23:59", "0001-01-01T00:00", "+10000-01-01T00:00"] {
            let err = parse_now(raw).unwrap_err();
            assert!(err.0.starts_with("CRAMP_NOW must be"), "{}", err.0);
        }
        assert_eq!(
            parse_now("1899-12-31T23:59").unwrap_err().0,
            "CRAMP_NOW must be a time in the years 1900-9999, got '1899-12-31T23:59'"
        );
        assert!(parse_now("1900-01-01T00:00").is_ok());
        assert!(parse_now("9999-12-31T23:59").is_ok());
    }

    #[test]
    fn malformed_now_is_refused_with_the_format() {
        let err = parse_now("23/11/2026").unwrap_err();
        assert_eq!(
            err.0,
            "CRAMP_NOW must be a local time as YYYY-MM-DDTHH:MM, got '23/11/2026'"
        );
    }
}
