//! The `experiments` table: its row, the row as a [`Planned`] experiment and an experiment as
//! a new row.

use crate::domain::bounds::{EXPERIMENT_PAIRS, WASHOUT_NIGHTS};
use crate::domain::experiment::{Experiment, OUTCOME, Planned, TEST, THRESHOLD};
use crate::domain::{Invalid, Stamp, Stored, Uid};
use crate::store::convert::fields::{stop_after_start, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
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
    updated_at: Stamp,});

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
        Ok(Stored {
            uid,
            item: Planned {
                experiment: Experiment {
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
    /// A plan and its schedule never change (the diary's triggers refuse it too); a newer copy
    /// may only bring the early stop the diary lacks.
    const MERGE: Merge = Merge {
        writes: Some(&["stopped_on", "updated_at"]),
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
            ],
            "its plan or schedule differs from the same experiment in this diary, and neither can change once it has started",
        )),
    };

    fn stamps(&self) -> [Option<&Stamp>; 3] {
        [Some(&self.created_at), Some(&self.updated_at), None]
    }
}

impl ExperimentRow {
    /// A new experiment with the plan every experiment follows.
    pub(in crate::store) fn new(uid: Uid, exp: &Experiment, stamp: &Stamp) -> Self {
        Self {
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
