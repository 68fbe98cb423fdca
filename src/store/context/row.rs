//! The `daily_context` table: its row, the row as a [`DayContext`] and a day's context as a
//! new row.

use crate::domain::bounds::{EXERCISE_MIN, FLUIDS_DL, MAGNESIUM_MG};
use crate::domain::context::{DailyContext, DayContext};
use crate::domain::{Bound, Invalid, Stamp, Stored, Uid};
use crate::store::convert::fields::{count, text, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::{OneLive, Table, When};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
ContextRow, "daily_context", {
    uid: Uid,
    #[serde(with = "crate::store::rows::date")]
    day: NaiveDate,
    fluids_dl: Option<i64>,
    magnesium_mg: Option<i64>,
    potassium: Option<bool>,
    exercise_min: Option<i64>,
    medication: Option<String>,
    @stamps});

impl ToDomain for ContextRow {
    type Domain = Stored<DayContext>;

    fn convert(&self, rules: Rules) -> Result<Stored<DayContext>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let small = |field: &str, v: Option<i64>, bound: Bound| {
            count(field, v, bound).map(|v| v.map(|v| v as u16))
        };
        let item = DayContext {
            day: self.day,
            context: DailyContext {
                fluids_dl: small("fluids_dl", self.fluids_dl, FLUIDS_DL)?,
                magnesium_mg: small("magnesium_mg", self.magnesium_mg, MAGNESIUM_MG)?,
                potassium: self.potassium,
                exercise_min: small("exercise_min", self.exercise_min, EXERCISE_MIN)?,
                medication: text(rules, "medication", &self.medication)?,
            },
        };
        Ok(Stored { uid, item })
    }
}

impl Table for ContextRow {
    const NOUN: (&'static str, &'static str) = ("context day", "context days");
    const CSV: Option<&'static str> = Some("context.csv");
    const DAY: Option<&'static str> = Some("t.day");
    const ORDER: &'static str = "t.day, t.id";
    const ONE_LIVE: Option<OneLive> = Some(OneLive {
        column: "day",
        date: "day",
        taken: "already has context",
        again: "has context recorded again",
    });
    const UNDO: bool = true;

    fn free_text(&mut self) -> Vec<&mut String> {
        self.medication.iter_mut().collect()
    }

    fn when(&self) -> Option<When> {
        Some(When::Day("day", self.day))
    }
}

impl ContextRow {
    pub(in crate::store) fn new(uid: Uid, day: NaiveDate, c: &DailyContext, stamp: &Stamp) -> Self {
        Self {
            uid,
            day,
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
