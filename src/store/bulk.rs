//! Many rows in one transaction: demo diaries, benchmarks and (later) import.

use super::Store;
use super::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, SessionRow, TableRow};
use super::shared::new_uid;
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub nights: Vec<BulkNight>,
    pub sessions: Vec<MassageSession>,
    pub routines: Vec<Routine>,
    pub context: Vec<(NaiveDate, DailyContext)>,
}

impl Store {
    /// Adds a whole batch in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
    pub fn insert_batch(&mut self, batch: &Batch, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut night = tx.prepare(&NightRow::insert_sql())?;
            let mut episode = tx.prepare(&EpisodeRow::insert_sql())?;
            for n in &batch.nights {
                let row = NightRow::new(
                    new_uid(),
                    n.night_of,
                    n.status,
                    n.exclude_reason.clone(),
                    &n.details,
                    stamp,
                );
                night.execute(row.params().as_slice())?;
                for e in &n.episodes {
                    let e = EpisodeRow::new(new_uid(), &row.uid, e, stamp);
                    episode.execute(e.params().as_slice())?;
                }
            }
            let mut session = tx.prepare(&SessionRow::insert_sql())?;
            for s in &batch.sessions {
                session.execute(SessionRow::new(new_uid(), s, stamp).params().as_slice())?;
            }
            let mut routine = tx.prepare(&RoutineRow::insert_sql())?;
            for r in &batch.routines {
                routine.execute(RoutineRow::new(new_uid(), r, stamp).params().as_slice())?;
            }
            let mut context = tx.prepare(&ContextRow::insert_sql())?;
            for (day, c) in &batch.context {
                let row = ContextRow::new(new_uid(), *day, c, stamp);
                context.execute(row.params().as_slice())?;
            }
        }
        tx.commit().wrap_err("saving the batch")?;
        Ok(())
    }
}
