//! Many rows in one transaction: demo diaries, benchmarks and (later) import.

use super::Store;
use super::sessions::{INSERT_SESSION, write_session};
use super::shared::new_uid;
use crate::domain::context::DailyContext;
use crate::domain::routine::Routine;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, NightDetails, NightStatus};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::params;

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

fn score(s: Option<crate::domain::Score>) -> Option<i64> {
    s.map(|s| i64::from(s.value()))
}

impl Store {
    /// Adds a whole batch in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
    pub fn insert_batch(&mut self, batch: &Batch, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut night = tx.prepare(
                "INSERT INTO nights (uid, night_of, status, exclude_reason, tight_left, tight_right,
                     sleep_disturbance, soreness, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?;
            let mut episode = tx.prepare(
                "INSERT INTO cramp_episodes (uid, night_id, leg, muscle, intensity, duration_s,
                     at_time, woke, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?;
            for n in &batch.nights {
                let d = &n.details;
                night.execute(params![
                    new_uid(),
                    n.night_of.format("%Y-%m-%d").to_string(),
                    n.status.as_str(),
                    n.exclude_reason,
                    score(d.tight_left),
                    score(d.tight_right),
                    score(d.sleep_disturbance),
                    score(d.soreness),
                    d.note,
                    stamp
                ])?;
                let night_id = tx.last_insert_rowid();
                for e in &n.episodes {
                    episode.execute(params![
                        new_uid(),
                        night_id,
                        e.leg.as_str(),
                        e.muscle.as_str(),
                        i64::from(e.intensity.value()),
                        i64::from(e.duration.seconds()),
                        e.at.map(|t| t.format("%H:%M").to_string()),
                        e.woke,
                        e.note,
                        stamp
                    ])?;
                }
            }
            for s in &batch.sessions {
                write_session(&tx, INSERT_SESSION, &new_uid(), s, stamp)?;
            }
            let mut routine = tx.prepare(
                "INSERT INTO routines (uid, start_on, weeks, per_week, baseline_nights, stopped_on,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?;
            for r in &batch.routines {
                routine.execute(params![
                    new_uid(),
                    r.start.format("%Y-%m-%d").to_string(),
                    r.weeks,
                    r.per_week,
                    r.baseline_nights,
                    r.stopped_on.map(|d| d.format("%Y-%m-%d").to_string()),
                    stamp
                ])?;
            }
            let mut context = tx.prepare(
                "INSERT INTO daily_context (uid, day, fluids_dl, magnesium_mg, potassium,
                     exercise_min, medication, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            for (day, c) in &batch.context {
                context.execute(params![
                    new_uid(),
                    day.format("%Y-%m-%d").to_string(),
                    c.fluids_dl,
                    c.magnesium_mg,
                    c.potassium,
                    c.exercise_min,
                    c.medication,
                    stamp
                ])?;
            }
        }
        tx.commit().wrap_err("saving the batch")?;
        Ok(())
    }
}
