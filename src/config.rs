//! The optional configuration file. The app never writes it; `cramp config --default` prints
//! this commented default to start from.

use crate::domain::dates::Calendar;
use crate::domain::season::Hemisphere;
use crate::domain::{Bound, Invalid, bounds};
use chrono::{NaiveTime, Weekday};
use directories::ProjectDirs;
use serde::Deserialize;
use std::path::PathBuf;

/// Overrides the config file location (tests, or keeping several setups).
pub const CONFIG_ENV: &str = "CRAMP_CONFIG";

pub const DEFAULT: &str = r#"# cramp-diary configuration: ~/.config/cramp-diary/config.toml (XDG_CONFIG_HOME respected).
# Every key is optional; delete what you do not change. cramp never writes this file itself.

# Before this local time "last night" is the night that began yesterday (a night forgotten in
# the morning is still logged at lunch); from it on, an entry goes to tonight.
night_cutoff = "18:00"

# The day weeks start on in the dashboard's charts when no routine is running:
# monday, tuesday, wednesday, thursday, friday, saturday or sunday.
first_day_of_week = "monday"

# Colours on the screen (NO_COLOR in the environment turns them off too).
color = true

# The half of the world you live in, north or south: it decides which turn of the year is
# spring for the season note (cramps are usually more common in summer).
hemisphere = "north"

# Defaults for `cramp routine start` and the routine screen.
[routine]
weeks = 4             # 1-12
per_week = 5          # target sessions a week, 1-14
baseline_nights = 28  # nights before the start to compare with, 14-365 (28 for a verdict)

# Sync: a folder your sync tool (Syncthing, Nextcloud, Dropbox, a git repository...) copies
# between your devices. With it set, cramp syncs at start, after each save and on `S`.
# Never the diary's own folder: the live diary stays out of it.
[sync]
# dir = "~/Sync/cramp"
# Encrypt every sync file: the same key file on every device (an age identity from
# `age-keygen -o FILE`, or a long passphrase), owner-only, never inside the sync folder.
# key_file = "~/.config/cramp-diary/sync.key"
"#;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub night_cutoff: NaiveTime,
    pub first_day_of_week: Weekday,
    pub color: bool,
    pub hemisphere: Hemisphere,
    pub weeks: u8,
    pub per_week: u8,
    pub baseline_nights: u16,
    /// The sync folder (`[sync] dir`), `~` expanded.
    pub sync_dir: Option<PathBuf>,
    /// The key of an encrypted sync folder (`[sync] key_file`), `~` expanded.
    pub sync_key_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            night_cutoff: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
            first_day_of_week: Weekday::Mon,
            color: true,
            hemisphere: Hemisphere::North,
            weeks: 4,
            per_week: 5,
            baseline_nights: 28,
            sync_dir: None,
            sync_key_file: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    night_cutoff: Option<String>,
    first_day_of_week: Option<String>,
    color: Option<bool>,
    hemisphere: Option<String>,
    routine: Option<RawRoutine>,
    sync: Option<RawSync>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSync {
    dir: Option<String>,
    key_file: Option<String>,
}

/// `~/x` as the home folder's `x`.
fn expand_home(raw: &str) -> PathBuf {
    match raw.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(raw), |h| PathBuf::from(h).join(rest)),
        None => PathBuf::from(raw),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoutine {
    weeks: Option<i64>,
    per_week: Option<i64>,
    baseline_nights: Option<i64>,
}

pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(p));
    }
    ProjectDirs::from("", "", "cramp-diary").map(|d| d.config_dir().join("config.toml"))
}

/// The configuration in force: the file if there is one, else the defaults.
pub fn load() -> Result<Config, Invalid> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    // Checked before opening: a named pipe would hang the read, a device never end.
    crate::files::plain_file("the config file", &path)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            parse(&text).map_err(|e| Invalid::new(format!("config {}: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Invalid::new(format!(
            "config {}: cannot be read ({e})",
            path.display()
        ))),
    }
}

fn weekday(raw: &str) -> Result<Weekday, Invalid> {
    raw.trim().parse::<Weekday>().map_err(|_| {
        Invalid::new(format!(
            "first_day_of_week must be a day such as monday or sunday, got '{raw}'"
        ))
    })
}

fn ranged(key: &str, v: Option<i64>, bound: Bound, default: i64) -> Result<i64, Invalid> {
    v.map_or(Ok(default), |v| bound.check(key, v))
}

pub fn parse(text: &str) -> Result<Config, Invalid> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        // Lines are counted by the newlines before the error, so an error at the start of a
        // line names that line, not the one before.
        let start = e.span().map_or(0, |s| s.start.min(text.len()));
        let line = text.as_bytes()[..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let source = text.lines().nth(line - 1).unwrap_or("");
        let top_level = ["night_cutoff", "first_day_of_week", "color", "hemisphere"];
        let hint = if top_level
            .iter()
            .any(|key| e.message().starts_with(&format!("unknown field `{key}`")))
        {
            "; it belongs above [routine], at the top of the file"
        } else if source.trim_start().starts_with("night_cutoff") && !source.contains('"') {
            "; write a time in quotes, like night_cutoff = \"18:00\""
        } else {
            ""
        };
        Invalid::new(format!(
            "{} (line {line}){hint}",
            e.message().lines().next().unwrap_or("not valid TOML")
        ))
    })?;
    let d = Config::default();
    let routine = raw.routine.unwrap_or(RawRoutine {
        weeks: None,
        per_week: None,
        baseline_nights: None,
    });
    Ok(Config {
        night_cutoff: match raw.night_cutoff {
            None => d.night_cutoff,
            Some(t) => NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| {
                Invalid::new(format!("night_cutoff must be a time as HH:MM, got '{t}'"))
            })?,
        },
        first_day_of_week: raw
            .first_day_of_week
            .as_deref()
            .map_or(Ok(d.first_day_of_week), weekday)?,
        color: raw.color.unwrap_or(d.color),
        hemisphere: raw
            .hemisphere
            .as_deref()
            .map_or(Ok(d.hemisphere), Hemisphere::parse)?,
        weeks: ranged(
            "routine.weeks",
            routine.weeks,
            bounds::ROUTINE_WEEKS,
            d.weeks.into(),
        )? as u8,
        per_week: ranged(
            "routine.per_week",
            routine.per_week,
            bounds::SESSIONS_PER_WEEK,
            d.per_week.into(),
        )? as u8,
        baseline_nights: ranged(
            "routine.baseline_nights",
            routine.baseline_nights,
            bounds::BASELINE_NIGHTS,
            d.baseline_nights.into(),
        )? as u16,
        sync_key_file: match raw.sync.as_ref().and_then(|s| s.key_file.as_deref()) {
            Some(k) if k.trim().is_empty() => {
                return Err(Invalid::new(
                    "sync.key_file must be a file, got an empty name",
                ));
            }
            Some(k) => Some(full_path("sync.key_file", k)?),
            None => None,
        },
        sync_dir: match raw.sync.and_then(|s| s.dir) {
            Some(d) if d.trim().is_empty() => {
                return Err(Invalid::new("sync.dir must be a folder, got an empty name"));
            }
            Some(d) => Some(full_path("sync.dir", &d)?),
            None => None,
        },
    })
}

/// A path setting, `~` expanded; a relative one is refused (it would follow whichever folder
/// cramp was started in, and a sync would fill a new folder there each time).
fn full_path(field: &str, raw: &str) -> Result<PathBuf, Invalid> {
    let path = expand_home(raw.trim());
    if path.is_relative() {
        return Err(Invalid::new(format!(
            "{field} must be a full path (starting with / or ~/), got '{}'",
            raw.trim()
        )));
    }
    Ok(path)
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

impl Config {
    /// The calendar the dashboard and reports use: the first day of the week, the hemisphere.
    pub fn calendar(&self) -> Calendar {
        Calendar {
            week_start: Some(self.first_day_of_week),
            hemisphere: self.hemisphere,
        }
    }

    /// The settings in force, one per line.
    pub fn describe(&self) -> String {
        format!(
            "night_cutoff = \"{}\"\nfirst_day_of_week = \"{}\"\ncolor = {}\nhemisphere = \"{}\"\n[routine] weeks = {}, per_week = {}, baseline_nights = {}\n[sync] dir = {}, key_file = {}",
            self.night_cutoff.format("%H:%M"),
            day_name(self.first_day_of_week),
            self.color,
            self.hemisphere.name(),
            self.weeks,
            self.per_week,
            self.baseline_nights,
            self.sync_dir
                .as_ref()
                .map_or_else(|| "(none)".to_string(), |d| format!("\"{}\"", d.display())),
            self.sync_key_file
                .as_ref()
                .map_or_else(|| "(none)".to_string(), |d| format!("\"{}\"", d.display()))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_parses_to_the_defaults() {
        assert_eq!(parse(DEFAULT), Ok(Config::default()));
    }

    #[test]
    fn an_empty_file_means_defaults() {
        assert_eq!(parse(""), Ok(Config::default()));
    }

    #[test]
    fn values_are_read() {
        let c = parse("night_cutoff = \"12:30\"\nfirst_day_of_week = \"sunday\"\ncolor = false\nhemisphere = \"south\"\n[routine]\nweeks = 6\n").unwrap();
        assert_eq!(c.night_cutoff, NaiveTime::from_hms_opt(12, 30, 0).unwrap());
        assert_eq!(
            (c.first_day_of_week, c.color, c.weeks, c.per_week),
            (Weekday::Sun, false, 6, 5)
        );
        assert_eq!(c.hemisphere, Hemisphere::South);
        assert_eq!(c.calendar().hemisphere, Hemisphere::South);
        assert_eq!(parse("").unwrap().hemisphere, Hemisphere::North);
    }

    #[test]
    fn bad_keys_and_values_are_named_in_one_line() {
        let e = parse("colour = true\n").unwrap_err().0;
        assert!(e.contains("colour") && !e.contains('\n'), "{e}");
        let e = parse("night_cutoff = \"25:00\"").unwrap_err().0;
        assert_eq!(e, "night_cutoff must be a time as HH:MM, got '25:00'");
        let e = parse("[routine]\nweeks = 13").unwrap_err().0;
        assert_eq!(e, "routine.weeks must be 1-12, got 13");
        let e = parse("hemisphere = \"east\"").unwrap_err().0;
        assert_eq!(e, "hemisphere must be north or south, got 'east'");
        let e = parse("color = \"yes\"").unwrap_err().0;
        assert!(e.contains("line 1") && !e.contains('\n'), "{e}");
    }

    #[test]
    fn a_relative_sync_path_is_refused_naming_its_setting() {
        let e = parse("[sync]\ndir = \"Sync/cramp\"\n").unwrap_err();
        assert!(
            e.to_string().contains("sync.dir must be a full path"),
            "{e}"
        );
        let e = parse("[sync]\nkey_file = \"sync.key\"\n").unwrap_err();
        assert!(
            e.to_string().contains("sync.key_file must be a full path"),
            "{e}"
        );
        let ok = parse("[sync]\ndir = \"~/Sync/cramp\"\n").unwrap();
        assert!(ok.sync_dir.is_some_and(|d| d.is_absolute()));
    }

    #[test]
    fn errors_name_their_own_line_and_ask_for_a_quoted_time() {
        let e = parse("color = true\n\n[routine]\nweeks = \"six\"\n")
            .unwrap_err()
            .0;
        assert!(e.contains("(line 4)"), "{e}");
        // An error that starts a line is on that line, not the one before.
        let e = parse("color = true\n\ncolour = true\n").unwrap_err().0;
        assert!(e.contains("(line 3)"), "{e}");
        // Under [routine] the key is unknown: quoting it would not help, moving it would.
        let e = parse("[routine]\nweeks = 4\nnight_cutoff = 05:00\n")
            .unwrap_err()
            .0;
        assert!(
            e.contains("(line 3)") && e.contains("above [routine]") && !e.contains("quotes"),
            "{e}"
        );
        for text in [
            "color = true\nnight_cutoff = 18:00\n",
            "night_cutoff = 6:30\n",
        ] {
            let e = parse(text).unwrap_err().0;
            assert!(e.contains("in quotes") && e.contains("\"18:00\""), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
        let e = parse("color = true\nnight_cutoff = 18:00\n").unwrap_err().0;
        assert!(e.contains("(line 2)"), "{e}");
    }
}
