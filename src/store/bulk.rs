//! Many rows in one transaction: demo diaries and benchmarks.

use super::Store;
use super::shared::new_uid;
use super::table::{EachTable, Table};
use super::tables::{ContextRow, EpisodeRow, NightRow, RoutineRow, Rows, SessionRow};
use crate::domain::Stamp;
use crate::domain::context::DailyContext;
use crate::domain::routine::Routine;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, NightDetails, NightStatus};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};

/// A night with everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkNight {
    pub night_of: NaiveDate,
    pub status: NightStatus,
    pub exclude_reason: Option<String>,
    pub details: NightDetails,
    pub episodes: Vec<CrampEpisode>,
}

impl BulkNight {
    /// A night logged with these cramps (none: a cramp-free night), nothing else noted.
    pub fn logged(night_of: NaiveDate, episodes: Vec<CrampEpisode>) -> Self {
        Self {
            night_of,
            status: if episodes.is_empty() {
                NightStatus::None
            } else {
                NightStatus::Cramps
            },
            exclude_reason: None,
            details: NightDetails::default(),
            episodes,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub nights: Vec<BulkNight>,
    pub sessions: Vec<MassageSession>,
    pub routines: Vec<Routine>,
    pub context: Vec<(NaiveDate, DailyContext)>,
}

/// Inserts every row of each table, in the list's order (a night before its cramps).
struct Insert<'a, 't>(&'a rusqlite::Transaction<'t>);

impl EachTable for Insert<'_, '_> {
    type Error = rusqlite::Error;

    fn table<T: Table>(&mut self, _: usize, rows: &[T]) -> rusqlite::Result<()> {
        let mut stmt = self.0.prepare(&T::insert_sql())?;
        for row in rows {
            stmt.execute(row.params().as_slice())?;
        }
        Ok(())
    }
}

impl Batch {
    /// The batch as new rows, created and updated at `stamp`.
    fn rows(&self, stamp: &Stamp) -> Rows {
        let mut rows = Rows::default();
        for n in &self.nights {
            let night = NightRow::new(
                new_uid(),
                n.night_of,
                n.status,
                n.exclude_reason.clone(),
                &n.details,
                stamp,
            );
            for e in &n.episodes {
                rows.episodes
                    .push(EpisodeRow::new(new_uid(), &night.uid, e, stamp));
            }
            rows.nights.push(night);
        }
        rows.sessions = (self.sessions.iter())
            .map(|s| SessionRow::new(new_uid(), s, stamp))
            .collect();
        rows.routines = (self.routines.iter())
            .map(|r| RoutineRow::new(new_uid(), r, stamp))
            .collect();
        rows.context = (self.context.iter())
            .map(|(day, c)| ContextRow::new(new_uid(), *day, c, stamp))
            .collect();
        rows
    }
}

impl Store {
    /// Adds a whole batch in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
    pub fn insert_batch(&mut self, batch: &Batch, stamp: &Stamp) -> Result<()> {
        let rows = batch.rows(stamp);
        let tx = self.conn.transaction()?;
        rows.each(&mut Insert(&tx))?;
        tx.commit().wrap_err("saving the batch")?;
        Ok(())
    }
}
