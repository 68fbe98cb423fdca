//! Domain values as the rows they are written as: a new record, created and updated at
//! `stamp` (the reverse of the conversions in this module's parent).

use crate::domain::Stamp;
use crate::domain::context::DailyContext;
use crate::domain::experiment::{Experiment, OUTCOME, TEST, THRESHOLD};
use crate::domain::routine::Routine;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, NightDetails, NightStatus, Score};
use crate::store::rows::{ContextRow, EpisodeRow, ExperimentRow, NightRow, RoutineRow, SessionRow};
use chrono::NaiveDate;

/// A score as its column holds it.
fn number(s: Option<Score>) -> Option<i64> {
    s.map(|s| i64::from(s.value()))
}

impl NightRow {
    /// A new night as it is written, created and updated at `stamp`.
    pub(in crate::store) fn new(
        uid: String,
        night_of: NaiveDate,
        status: NightStatus,
        exclude_reason: Option<String>,
        d: &NightDetails,
        stamp: &Stamp,
    ) -> Self {
        Self {
            uid,
            night_of: night_of.to_string(),
            status: status.as_str().to_string(),
            exclude_reason,
            tight_left: number(d.tight_left),
            tight_right: number(d.tight_right),
            sleep_disturbance: number(d.sleep_disturbance),
            soreness: number(d.soreness),
            note: d.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
            numbness: d.numbness.map(|s| s.as_str().to_string()),
            swelling: d.swelling.map(|s| s.as_str().to_string()),
        }
    }
}

impl EpisodeRow {
    pub(in crate::store) fn new(
        uid: String,
        night_uid: &str,
        e: &CrampEpisode,
        stamp: &Stamp,
    ) -> Self {
        Self {
            uid,
            night_uid: night_uid.to_string(),
            leg: e.leg.as_str().to_string(),
            muscle: e.muscle.as_str().to_string(),
            intensity: i64::from(e.intensity.value()),
            duration_s: i64::from(e.duration.seconds()),
            at_time: e.at.map(|t| t.format("%H:%M").to_string()),
            woke: e.woke,
            note: e.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}

impl SessionRow {
    pub(in crate::store) fn new(uid: String, s: &MassageSession, stamp: &Stamp) -> Self {
        Self {
            uid,
            at: s.at.format(super::AT_FORMAT).to_string(),
            technique: s.technique.as_str().to_string(),
            legs: s.legs.as_str().to_string(),
            minutes_per_calf: s.minutes_per_calf.map(i64::from),
            pain: number(s.pain),
            gun_speed: s.speed.map(|v| v.as_str().to_string()),
            gun_head: s.head.map(|v| v.as_str().to_string()),
            spots: s.spots.map(i64::from),
            seconds_per_spot: s.seconds_per_spot.map(i64::from),
            tight_before: number(s.tight_before),
            tight_after: number(s.tight_after),
            side_effects: s
                .side_effects
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(","),
            note: s.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}

impl RoutineRow {
    pub(in crate::store) fn new(uid: String, r: &Routine, stamp: &Stamp) -> Self {
        Self {
            uid,
            start_on: r.start.to_string(),
            weeks: r.weeks.into(),
            per_week: r.per_week.into(),
            baseline_nights: r.baseline_nights.into(),
            stopped_on: r.stopped_on.map(|d| d.to_string()),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}

impl ContextRow {
    pub(in crate::store) fn new(
        uid: String,
        day: NaiveDate,
        c: &DailyContext,
        stamp: &Stamp,
    ) -> Self {
        Self {
            uid,
            day: day.to_string(),
            fluids_dl: c.fluids_dl.map(i64::from),
            magnesium_mg: c.magnesium_mg.map(i64::from),
            potassium: c.potassium,
            exercise_min: c.exercise_min.map(i64::from),
            medication: c.medication.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}

impl ExperimentRow {
    /// A new experiment with the plan every experiment follows.
    pub(in crate::store) fn new(uid: String, exp: &Experiment, stamp: &Stamp) -> Self {
        Self {
            uid,
            start_on: exp.start.to_string(),
            pairs: exp.pairs.into(),
            washout_nights: exp.washout_nights.into(),
            schedule: exp.schedule_words(),
            outcome: OUTCOME.to_string(),
            test: TEST.to_string(),
            threshold: THRESHOLD,
            stopped_on: exp.stopped_on.map(|d| d.to_string()),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        }
    }
}
