//! Every numeric range the diary enforces, defined once. The domain, the config, the TUI
//! forms, the CLI help and the import all read these; `tests/it/bounds.rs` checks the SQL CHECK
//! constraints against them.

use super::Invalid;
use super::shown;

/// A whole number allowed between `min` and `max` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub min: i64,
    pub max: i64,
}

impl Bound {
    pub const fn new(min: i64, max: i64) -> Self {
        Self { min, max }
    }

    pub fn contains(self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// `0-60`
    pub fn range_text(self) -> String {
        format!("{}-{}", self.min, self.max)
    }

    /// The value if allowed, else "`field` must be 0-60, got 61".
    pub fn check(self, field: &str, value: i64) -> Result<i64, Invalid> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(Invalid::new(format!(
                "{field} must be {}, got {value}",
                self.range_text()
            )))
        }
    }

    /// A typed whole number, with the one-sentence refusal.
    pub fn parse(self, field: &str, raw: &str) -> Result<i64, Invalid> {
        let text = raw.trim();
        match text.parse::<i64>() {
            Ok(v) => self.check(field, v),
            Err(_) => Err(Invalid::new(format!(
                "{field} must be a whole number {}, got {}",
                self.range_text(),
                shown(text)
            ))),
        }
    }

    /// A CLI help line: "Minutes per calf, 0-60".
    pub fn help(self, what: &str) -> String {
        format!("{what}, {}", self.range_text())
    }
}

/// A 0-10 rating: intensity, tightness, sleep disturbance, soreness, pain.
pub const SCORE: Bound = Bound::new(0, 10);
/// One cramp, in seconds: 1 second to 60 minutes.
pub const DURATION_SECONDS: Bound = Bound::new(1, 60 * 60);
pub const MINUTES_PER_CALF: Bound = Bound::new(0, 60);
pub const SPOTS: Bound = Bound::new(0, 50);
pub const SECONDS_PER_SPOT: Bound = Bound::new(1, 600);
pub const ROUTINE_WEEKS: Bound = Bound::new(1, 12);
pub const SESSIONS_PER_WEEK: Bound = Bound::new(1, 14);
/// A baseline window shorter than 14 calendar nights is refused.
pub const BASELINE_NIGHTS: Bound = Bound::new(14, 365);
/// Litres drunk in tenths: 0-10 litres.
pub const FLUIDS_DL: Bound = Bound::new(0, 100);
pub const MAGNESIUM_MG: Bound = Bound::new(0, 2000);
pub const EXERCISE_MIN: Bound = Bound::new(0, 600);
pub const EXPERIMENT_PAIRS: Bound = Bound::new(2, 16);
pub const WASHOUT_NIGHTS: Bound = Bound::new(0, 3);

/// Text-direction controls (embeddings, overrides and isolates, U+202A-U+202E and
/// U+2066-U+2069): in a browser or a bidi-aware terminal one can make words read as others
/// ("\u{202e}loohocla" shows as "alcohol"). Refused in typed words like control characters.
pub const DIRECTION_CONTROLS: [(char, char); 2] =
    [('\u{202A}', '\u{202E}'), ('\u{2066}', '\u{2069}')];

/// Characters that take no room on screen (zero-width space, joiners, direction marks, word
/// joiner, byte order mark, soft hyphen): words made only of them look empty.
pub const INVISIBLE: [(char, char); 4] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

/// `c` is a text-direction control ([`DIRECTION_CONTROLS`]).
pub fn is_direction_control(c: char) -> bool {
    DIRECTION_CONTROLS
        .iter()
        .any(|(a, b)| (*a..=*b).contains(&c))
}

/// `c` takes no room on screen ([`INVISIBLE`]).
pub fn is_invisible(c: char) -> bool {
    INVISIBLE.iter().any(|(a, b)| (*a..=*b).contains(&c))
}

/// Each bounded column of the diary: table, column, bound. The SQL CHECK constraints must
/// allow exactly these ranges.
pub const COLUMNS: &[(&str, &str, Bound)] = &[
    ("nights", "tight_left", SCORE),
    ("nights", "tight_right", SCORE),
    ("nights", "sleep_disturbance", SCORE),
    ("nights", "soreness", SCORE),
    ("cramp_episodes", "intensity", SCORE),
    ("cramp_episodes", "duration_s", DURATION_SECONDS),
    ("massage_sessions", "minutes_per_calf", MINUTES_PER_CALF),
    ("massage_sessions", "pain", SCORE),
    ("massage_sessions", "spots", SPOTS),
    ("massage_sessions", "seconds_per_spot", SECONDS_PER_SPOT),
    ("massage_sessions", "tight_before", SCORE),
    ("massage_sessions", "tight_after", SCORE),
    ("routines", "weeks", ROUTINE_WEEKS),
    ("routines", "per_week", SESSIONS_PER_WEEK),
    ("routines", "baseline_nights", BASELINE_NIGHTS),
    ("daily_context", "fluids_dl", FLUIDS_DL),
    ("daily_context", "magnesium_mg", MAGNESIUM_MG),
    ("daily_context", "exercise_min", EXERCISE_MIN),
    ("experiments", "pairs", EXPERIMENT_PAIRS),
    ("experiments", "washout_nights", WASHOUT_NIGHTS),
];
