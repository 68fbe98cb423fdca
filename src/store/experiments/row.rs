//! The `experiments` table: its row, the row as a [`Planned`] experiment and an experiment as
//! a new row.

use crate::domain::bounds::{EXPERIMENT_PAIRS, WASHOUT_NIGHTS};
use crate::domain::experiment::{
    Experiment, OUTCOME, Origin, Planned, ScheduleSource, TEST, THRESHOLD, Unregistered,
};
use crate::domain::intervention::{Intervention, InterventionKind};
use crate::domain::{Invalid, Stamp, Stored, Uid};
use crate::store::convert::fields::{stop_after_start, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::{Stamped, table_row};
use crate::store::table::{Merge, Table};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

table_row!(
/// An on/off experiment: its plan and schedule exactly as stored (they never change), and the
/// day it was stopped early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
ExperimentRow, "experiments", {
    uid: Uid,
    #[serde(with = "crate::store::rows::date")]
    start_on: NaiveDate,
    pairs: i64,
    washout_nights: i64,
    /// One word per week, `routine` or `rest`, comma-separated.
    schedule: String,
    outcome: String,
    test: String,
    threshold: f64,
    #[serde(default, with = "crate::store::rows::date::optional")]
    stopped_on: Option<NaiveDate>,
    created_at: Stamp,
    updated_at: Stamp,
    // New in export version 2; a file of version 1 holds experiments of the routine, kept
    // without a record of where their schedule came from or when a stop was recorded.
    #[serde(default = "routine_kind")]
    intervention_kind: String,
    #[serde(default)]
    intervention_name: Option<String>,
    #[serde(default = "unrecorded")]
    schedule_source: String,
    #[serde(default = "pre_registered")]
    preregistered: bool,
    #[serde(default)]
    imported_at: Option<Stamp>,
    #[serde(default)]
    stopped_at: Option<Stamp>,});

fn routine_kind() -> String {
    InterventionKind::Routine.as_str().to_string()
}

fn unrecorded() -> String {
    ScheduleSource::Unrecorded.as_str().to_string()
}

fn pre_registered() -> bool {
    true
}

impl ToDomain for ExperimentRow {
    type Domain = Stored<Planned>;

    fn convert(&self, rules: Rules) -> Result<Stored<Planned>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let start = self.start_on;
        let pairs = EXPERIMENT_PAIRS.check("pairs", self.pairs)? as u8;
        let washout_nights = WASHOUT_NIGHTS.check("washout_nights", self.washout_nights)? as u8;
        let schedule = Experiment::parse_schedule(&self.schedule, pairs)?;
        if rules == Rules::Entry {
            // The words as the diary writes them (its CHECK takes nothing else).
            let words: Vec<&str> = schedule.iter().map(|a| a.as_str()).collect();
            if words.join(",") != self.schedule {
                return Err(Invalid::new(format!(
                    "schedule: expected routine or rest for each week, got '{}'",
                    self.schedule
                )));
            }
            // The verdict is drawn at this threshold; a plan saying another would be
            // analysed against words it does not keep.
            if self.threshold != THRESHOLD {
                return Err(Invalid::new(format!(
                    "threshold must be {THRESHOLD}, the one the analysis applies, got {}",
                    self.threshold
                )));
            }
            for (field, value) in [("outcome", &self.outcome), ("test", &self.test)] {
                if value.is_empty()
                    || value.chars().count() > 200
                    || value.chars().any(char::is_control)
                {
                    return Err(Invalid::new(format!(
                        "{field} must be 1-200 characters of plain text"
                    )));
                }
            }
        }
        let stopped_on = self.stopped_on;
        stop_after_start(rules, start, stopped_on)?;
        if rules == Rules::Entry
            && let Some(stop) = stopped_on
        {
            // A stop is never dated after the last day, nor before the day it was recorded.
            let last = start + chrono::Duration::days(14 * i64::from(pairs) - 1);
            if stop > last {
                return Err(Invalid::new(format!(
                    "stopped_on must be no later than the experiment's last day ({last}), got {stop}"
                )));
            }
            // A copy without `stopped_at` (an older file) is taken as recorded at its last
            // change, as the import records it.
            if let Some(day) = self.stopped_at.as_ref().unwrap_or(&self.updated_at).date()
                && stop < day
            {
                return Err(Invalid::new(format!(
                    "stopped_on must not be before the day the stop was recorded ({day}), got {stop}"
                )));
            }
        }
        let intervention =
            Intervention::from_stored(&self.intervention_kind, self.intervention_name.as_deref())?;
        let source = ScheduleSource::parse_exact("schedule_source", &self.schedule_source)?;
        let mut origin = Origin {
            source,
            drawn_at: self.created_at.clone(),
            imported_at: self.imported_at.clone(),
            unregistered: None,
            stopped_at: self.stopped_at.clone(),
        };
        // The nights are the store's to judge (`all_experiments`); the row knows the rest.
        origin.judge(
            start,
            false,
            (!self.preregistered).then_some(Unregistered::ImportedOverNights),
        );
        Ok(Stored {
            uid,
            item: Planned {
                origin,
                experiment: Experiment {
                    intervention,
                    start,
                    pairs,
                    washout_nights,
                    schedule,
                    stopped_on,
                },
                outcome: self.outcome.clone(),
                test: self.test.clone(),
                threshold: self.threshold,
            },
        })
    }
}

impl Table for ExperimentRow {
    const NOUN: (&'static str, &'static str) = ("experiment", "experiments");
    /// Not (yet) part of the CSV export.
    const CSV: Option<&'static str> = None;
    const IN_EVERY_FILE: bool = false;
    const DAY: Option<&'static str> = None;
    const ORDER: &'static str = "t.start_on, t.id";
    /// A plan, its schedule and its intervention never change (the diary's triggers refuse it
    /// too); a newer copy may only bring the stop the diary lacks (the import's own rules for
    /// experiments, `store/import/experiments.rs`, refuse one that moves a stop). Where the
    /// schedule came from is this diary's own record, never a copy's.
    const MERGE: Merge = Merge {
        writes: Some(&["stopped_on", "stopped_at", "updated_at"]),
        when: Some("m.stopped_on IS NULL AND s.stopped_on IS NOT NULL"),
        fixed: Some((
            &[
                "start_on",
                "pairs",
                "washout_nights",
                "schedule",
                "outcome",
                "test",
                "threshold",
                "intervention_kind",
                "intervention_name",
            ],
            "an experiment's plan, schedule and intervention never change once it has started",
        )),
    };
}

/// Experiments are never deleted.
impl Stamped for ExperimentRow {
    fn stamps(&self) -> [Option<&Stamp>; 3] {
        [Some(&self.created_at), Some(&self.updated_at), None]
    }
}

impl ExperimentRow {
    /// A new experiment drawn by this diary, with the plan every experiment follows.
    pub(in crate::store) fn new(uid: Uid, exp: &Experiment, stamp: &Stamp) -> Self {
        Self {
            intervention_kind: exp.intervention.kind().as_str().to_string(),
            intervention_name: exp.intervention.stored_name(),
            schedule_source: ScheduleSource::Drawn.as_str().to_string(),
            preregistered: true,
            imported_at: None,
            stopped_at: exp.stopped_on.map(|_| stamp.clone()),
            uid,
            start_on: exp.start,
            pairs: exp.pairs.into(),
            washout_nights: exp.washout_nights.into(),
            schedule: exp.schedule_words(),
            outcome: OUTCOME.to_string(),
            test: TEST.to_string(),
            threshold: THRESHOLD,
            stopped_on: exp.stopped_on,
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        }
    }
}
