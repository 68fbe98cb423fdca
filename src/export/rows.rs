//! The diary as plain rows, the shape of the JSON export and of the CSV files. Every row keeps
//! its `uid` and timestamps, and deleted rows are kept too, so an export is lossless.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NightRow {
    pub uid: String,
    pub night_of: String,
    pub status: String,
    pub exclude_reason: Option<String>,
    pub tight_left: Option<i64>,
    pub tight_right: Option<i64>,
    pub sleep_disturbance: Option<i64>,
    pub soreness: Option<i64>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeRow {
    pub uid: String,
    pub night_uid: String,
    pub leg: String,
    pub muscle: String,
    pub intensity: i64,
    pub duration_s: i64,
    pub at_time: Option<String>,
    pub woke: bool,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRow {
    pub uid: String,
    pub at: String,
    pub technique: String,
    pub legs: String,
    pub minutes_per_calf: Option<i64>,
    pub pain: Option<i64>,
    pub gun_speed: Option<String>,
    pub gun_head: Option<String>,
    pub spots: Option<i64>,
    pub seconds_per_spot: Option<i64>,
    pub tight_before: Option<i64>,
    pub tight_after: Option<i64>,
    /// Comma-separated: bruising, tingling, numbness.
    pub side_effects: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineRow {
    pub uid: String,
    pub start_on: String,
    pub weeks: i64,
    pub per_week: i64,
    pub baseline_nights: i64,
    pub stopped_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextRow {
    pub uid: String,
    pub day: String,
    pub fluids_dl: Option<i64>,
    pub magnesium_mg: Option<i64>,
    pub potassium: Option<bool>,
    pub exercise_min: Option<i64>,
    pub medication: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// An on/off experiment: its plan and schedule exactly as stored (they never change), and the
/// day it was stopped early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentRow {
    pub uid: String,
    pub start_on: String,
    pub pairs: i64,
    pub washout_nights: i64,
    /// One word per week, `routine` or `rest`, comma-separated.
    pub schedule: String,
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
    pub stopped_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Everything, as the JSON export holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rows {
    pub nights: Vec<NightRow>,
    pub episodes: Vec<EpisodeRow>,
    pub sessions: Vec<SessionRow>,
    pub routines: Vec<RoutineRow>,
    pub context: Vec<ContextRow>,
    /// Absent from exports of diaries without one (and from older exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiments: Vec<ExperimentRow>,
}
