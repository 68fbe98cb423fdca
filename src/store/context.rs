//! Daily context: one row per day, fields set one at a time.

mod row;

pub use row::ContextRow;

use super::Store;
use super::convert::read;
use super::rows::TableRow;
use super::shared::new_uid;
use crate::domain::Stored;
use crate::domain::context::{DailyContext, DayContext};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Sets the given fields of a day's context (creating the day), leaving the others.
    pub fn set_context(
        &mut self,
        day: NaiveDate,
        patch: &DailyContext,
        stamp: &Stamp,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM daily_context WHERE day = ?1 AND deleted_at IS NULL",
                [day],
                |row| row.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                let row = ContextRow::new(new_uid(), day, &DailyContext::default(), stamp);
                tx.execute(&ContextRow::insert_sql(), row.params().as_slice())?;
                tx.last_insert_rowid()
            }
        };
        tx.execute(
            "UPDATE daily_context SET
                 fluids_dl = coalesce(?2, fluids_dl),
                 magnesium_mg = coalesce(?3, magnesium_mg),
                 potassium = coalesce(?4, potassium),
                 exercise_min = coalesce(?5, exercise_min),
                 medication = coalesce(?6, medication),
                 updated_at = ?7
             WHERE id = ?1",
            params![
                id,
                patch.fluids_dl,
                patch.magnesium_mg,
                patch.potassium,
                patch.exercise_min,
                patch.medication,
                stamp
            ],
        )?;
        tx.commit().wrap_err("saving the day's context")?;
        Ok(())
    }

    /// Replaces a day's context (an edit in the TUI).
    pub fn replace_context(&mut self, uid: &Uid, c: &DailyContext, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE daily_context SET fluids_dl = ?2, magnesium_mg = ?3, potassium = ?4,
                 exercise_min = ?5, medication = ?6, updated_at = ?7
             WHERE uid = ?1 AND deleted_at IS NULL",
            params![
                uid,
                c.fluids_dl,
                c.magnesium_mg,
                c.potassium,
                c.exercise_min,
                c.medication,
                stamp
            ],
        )?;
        if changed == 0 {
            return Err(eyre!("that day's context is no longer in the diary"));
        }
        tx.commit().wrap_err("saving the day's context")?;
        Ok(())
    }

    /// Days with context in `from..=to`, newest first.
    pub fn context_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Stored<DayContext>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM daily_context t
             WHERE day BETWEEN ?1 AND ?2 AND deleted_at IS NULL ORDER BY day DESC",
            ContextRow::select("t")
        ))?;
        let rows = stmt.query_map([from, to], read::<ContextRow>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
