//! The `routines` table: its row, the row as a [`Routine`] and a routine as a new row.

use crate::domain::bounds::{BASELINE_NIGHTS, ROUTINE_WEEKS, SESSIONS_PER_WEEK};
use crate::domain::routine::Routine;
use crate::domain::{Invalid, Stamp, Stored, Uid};
use crate::store::convert::fields::{stop_after_start, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::Table;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
RoutineRow, "routines", {
    uid: Uid,
    #[serde(with = "crate::store::rows::date")]
    start_on: NaiveDate,
    weeks: i64,
    per_week: i64,
    baseline_nights: i64,
    #[serde(default, with = "crate::store::rows::date::optional")]
    stopped_on: Option<NaiveDate>,
    @stamps});

impl ToDomain for RoutineRow {
    type Domain = Stored<Routine>;

    fn convert(&self, rules: Rules) -> Result<Stored<Routine>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let start = self.start_on;
        let weeks = ROUTINE_WEEKS.check("weeks", self.weeks)? as u8;
        let per_week = SESSIONS_PER_WEEK.check("per_week", self.per_week)? as u8;
        // Older diaries hold baselines down to 7 nights (their CHECK allows it): read as stored.
        let baseline_nights = match rules {
            Rules::Entry => BASELINE_NIGHTS.check("baseline_nights", self.baseline_nights)?,
            Rules::Stored => self.baseline_nights,
        } as u16;
        let stopped_on = self.stopped_on;
        stop_after_start(rules, start, stopped_on)?;
        Ok(Stored {
            uid,
            item: Routine {
                start,
                weeks,
                per_week,
                baseline_nights,
                stopped_on,
            },
        })
    }
}

impl Table for RoutineRow {
    const NOUN: (&'static str, &'static str) = ("routine", "routines");
    const CSV: Option<&'static str> = Some("routines.csv");
    /// Always copied whole: a range of nights is analysed against its routines.
    const DAY: Option<&'static str> = None;
    const ORDER: &'static str = "t.start_on, t.id";
}

impl RoutineRow {
    pub(in crate::store) fn new(uid: Uid, r: &Routine, stamp: &Stamp) -> Self {
        Self {
            uid,
            start_on: r.start,
            weeks: r.weeks.into(),
            per_week: r.per_week.into(),
            baseline_nights: r.baseline_nights.into(),
            stopped_on: r.stopped_on,
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}
