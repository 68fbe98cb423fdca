//! The diary as plain rows, one struct per table, as they are copied out of the diary and merged
//! back in (staged in TEMP tables first). Every row keeps its `uid` and timestamps, and deleted
//! rows are kept too, so a copy is lossless.
//!
//! Each table is declared once with [`table_row!`]: its field list gives the struct, the column
//! list ([`TableRow::COLUMNS`]), the reader ([`TableRow::from_row`]) and the statement
//! parameters ([`TableRow::params`]), so reads, copies, bulk insert and merges share one
//! codec per table.

use crate::domain::Stamp;
use rusqlite::{Row, ToSql};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One table's codec.
pub trait TableRow: Sized {
    /// The table in the diary.
    const TABLE: &'static str;
    /// Every column in its order, `uid` first. `night_uid` stands for the diary's
    /// `night_id` (the uid of the night the row belongs to).
    const COLUMNS: &'static [&'static str];
    /// Reads a row holding (at least) [`TableRow::COLUMNS`], by column name.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    /// The values in [`TableRow::COLUMNS`] order.
    fn params(&self) -> Vec<&dyn ToSql>;
    /// The row's `uid`.
    fn uid(&self) -> &str;

    /// The select list for rows of this table under `alias`.
    fn select(alias: &str) -> String {
        Self::COLUMNS
            .iter()
            .map(|c| match *c {
                "night_uid" => {
                    format!(
                        "(SELECT uid FROM main.nights WHERE id = {alias}.night_id) AS night_uid"
                    )
                }
                c => format!("{alias}.{c}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The table's own column names (`night_id` for `night_uid`).
    fn stored_columns() -> Vec<&'static str> {
        Self::COLUMNS
            .iter()
            .map(|c| if *c == "night_uid" { "night_id" } else { c })
            .collect()
    }

    /// `INSERT` of one row from [`TableRow::params`] (`?1`.. in column order).
    fn insert_sql() -> String {
        let values: Vec<String> = Self::COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| match *c {
                "night_uid" => format!("(SELECT id FROM main.nights WHERE uid = ?{})", i + 1),
                _ => format!("?{}", i + 1),
            })
            .collect();
        format!(
            "INSERT INTO main.{} ({}) VALUES ({})",
            Self::TABLE,
            Self::stored_columns().join(", "),
            values.join(", ")
        )
    }

    /// `UPDATE` of a live row found by `uid` (`?1`) from [`TableRow::params`]: every column
    /// but `uid` and `created_at` (so the last column must be one that is written).
    fn update_sql() -> String {
        let sets: Vec<String> = Self::COLUMNS
            .iter()
            .enumerate()
            .filter(|(_, c)| !matches!(**c, "uid" | "created_at"))
            .map(|(i, c)| match *c {
                "night_uid" => format!(
                    "night_id = (SELECT id FROM main.nights WHERE uid = ?{})",
                    i + 1
                ),
                c => format!("{c} = ?{}", i + 1),
            })
            .collect();
        format!(
            "UPDATE main.{} SET {} WHERE uid = ?1 AND deleted_at IS NULL",
            Self::TABLE,
            sets.join(", ")
        )
    }
}

/// Declares a row struct and its [`TableRow`] codec from one field list.
macro_rules! table_row {
    ($(#[$meta:meta])* $name:ident, $table:literal, {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)?
    }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),+
        }

        impl TableRow for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
                Ok(Self {
                    $($field: row.get(stringify!($field))?),+
                })
            }

            fn params(&self) -> Vec<&dyn ToSql> {
                vec![$(&self.$field as &dyn ToSql),+]
            }

            fn uid(&self) -> &str {
                &self.uid
            }
        }
    };
}

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
NightRow, "nights", {
    uid: String,
    night_of: String,
    status: String,
    exclude_reason: Option<String>,
    tight_left: Option<i64>,
    tight_right: Option<i64>,
    sleep_disturbance: Option<i64>,
    soreness: Option<i64>,
    note: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,
    deleted_at: Option<Stamp>,
    /// none, left, right or both; absent (older files) or null: not noted.
    #[serde(default)]
    numbness: Option<String>,
    #[serde(default)]
    swelling: Option<String>,});

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
EpisodeRow, "cramp_episodes", {
    uid: String,
    night_uid: String,
    leg: String,
    muscle: String,
    intensity: i64,
    duration_s: i64,
    at_time: Option<String>,
    woke: bool,
    note: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,
    deleted_at: Option<Stamp>,});

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
SessionRow, "massage_sessions", {
    uid: String,
    at: String,
    technique: String,
    legs: String,
    minutes_per_calf: Option<i64>,
    pain: Option<i64>,
    gun_speed: Option<String>,
    gun_head: Option<String>,
    spots: Option<i64>,
    seconds_per_spot: Option<i64>,
    tight_before: Option<i64>,
    tight_after: Option<i64>,
    /// Comma-separated: bruising, tingling, numbness.
    side_effects: String,
    note: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,
    deleted_at: Option<Stamp>,});

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
RoutineRow, "routines", {
    uid: String,
    start_on: String,
    weeks: i64,
    per_week: i64,
    baseline_nights: i64,
    stopped_on: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,
    deleted_at: Option<Stamp>,});

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
ContextRow, "daily_context", {
    uid: String,
    day: String,
    fluids_dl: Option<i64>,
    magnesium_mg: Option<i64>,
    potassium: Option<bool>,
    exercise_min: Option<i64>,
    medication: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,
    deleted_at: Option<Stamp>,});

table_row!(
/// An on/off experiment: its plan and schedule exactly as stored (they never change), and the
/// day it was stopped early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
ExperimentRow, "experiments", {
    uid: String,
    start_on: String,
    pairs: i64,
    washout_nights: i64,
    /// One word per week, `routine` or `rest`, comma-separated.
    schedule: String,
    outcome: String,
    test: String,
    threshold: f64,
    stopped_on: Option<String>,
    created_at: Stamp,
    updated_at: Stamp,});

/// Everything in the diary, as plain rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rows {
    pub nights: Vec<NightRow>,
    pub episodes: Vec<EpisodeRow>,
    pub sessions: Vec<SessionRow>,
    pub routines: Vec<RoutineRow>,
    pub context: Vec<ContextRow>,
    /// Absent from files of diaries without one (and from older files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiments: Vec<ExperimentRow>,
}

/// A change time is written in a copy as its text.
impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A copy's change time, refused (naming the record and field) unless `YYYY-MM-DDTHH:MM:SS`.
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Stamp::parse("stamp", &text).map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"a time as YYYY-MM-DDTHH:MM:SS",
            )
        })
    }
}
