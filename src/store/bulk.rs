//! Many rows in one transaction: demo diaries, benchmarks and (later) import.

use super::Store;
use super::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, TableRow};
use super::sessions::{INSERT_SESSION, write_session};
use super::shared::new_uid;
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

fn score(s: Option<crate::domain::Score>) -> Option<i64> {
    s.map(|s| i64::from(s.value()))
}

fn night_row(n: &BulkNight, stamp: &str) -> NightRow {
    let d = &n.details;
    NightRow {
        uid: new_uid(),
        night_of: n.night_of.to_string(),
        status: n.status.as_str().to_string(),
        exclude_reason: n.exclude_reason.clone(),
        tight_left: score(d.tight_left),
        tight_right: score(d.tight_right),
        sleep_disturbance: score(d.sleep_disturbance),
        soreness: score(d.soreness),
        note: d.note.clone(),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        deleted_at: None,
        numbness: d.numbness.map(|s| s.as_str().to_string()),
        swelling: d.swelling.map(|s| s.as_str().to_string()),
    }
}

fn episode_row(night_uid: &str, e: &CrampEpisode, stamp: &str) -> EpisodeRow {
    EpisodeRow {
        uid: new_uid(),
        night_uid: night_uid.to_string(),
        leg: e.leg.as_str().to_string(),
        muscle: e.muscle.as_str().to_string(),
        intensity: i64::from(e.intensity.value()),
        duration_s: i64::from(e.duration.seconds()),
        at_time: e.at.map(|t| t.format("%H:%M").to_string()),
        woke: e.woke,
        note: e.note.clone(),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        deleted_at: None,
    }
}

fn routine_row(r: &Routine, stamp: &str) -> RoutineRow {
    RoutineRow {
        uid: new_uid(),
        start_on: r.start.to_string(),
        weeks: r.weeks.into(),
        per_week: r.per_week.into(),
        baseline_nights: r.baseline_nights.into(),
        stopped_on: r.stopped_on.map(|d| d.to_string()),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        deleted_at: None,
    }
}

fn context_row(day: NaiveDate, c: &DailyContext, stamp: &str) -> ContextRow {
    ContextRow {
        uid: new_uid(),
        day: day.to_string(),
        fluids_dl: c.fluids_dl.map(i64::from),
        magnesium_mg: c.magnesium_mg.map(i64::from),
        potassium: c.potassium,
        exercise_min: c.exercise_min.map(i64::from),
        medication: c.medication.clone(),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        deleted_at: None,
    }
}

impl Store {
    /// Adds a whole batch in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
    pub fn insert_batch(&mut self, batch: &Batch, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut night = tx.prepare(&NightRow::insert_sql())?;
            let mut episode = tx.prepare(&EpisodeRow::insert_sql())?;
            for n in &batch.nights {
                let row = night_row(n, stamp);
                night.execute(row.params().as_slice())?;
                for e in &n.episodes {
                    episode.execute(episode_row(&row.uid, e, stamp).params().as_slice())?;
                }
            }
            for s in &batch.sessions {
                write_session(&tx, INSERT_SESSION, &new_uid(), s, stamp)?;
            }
            let mut routine = tx.prepare(&RoutineRow::insert_sql())?;
            for r in &batch.routines {
                routine.execute(routine_row(r, stamp).params().as_slice())?;
            }
            let mut context = tx.prepare(&ContextRow::insert_sql())?;
            for (day, c) in &batch.context {
                context.execute(context_row(*day, c, stamp).params().as_slice())?;
            }
        }
        tx.commit().wrap_err("saving the batch")?;
        Ok(())
    }
}
