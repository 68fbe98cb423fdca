//! Reading every row for an export.

use super::Store;
use crate::export::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, Rows, SessionRow};
use color_eyre::eyre::Result;

/// Dates `from..=to` limit nights, sessions, context and the cramps of those nights; routines
/// are always exported whole.
pub type Range = Option<(String, String)>;

impl Store {
    pub fn export_rows(&self, range: &Range) -> Result<Rows> {
        let (from, to) = match range {
            Some((f, t)) => (f.clone(), t.clone()),
            None => ("0000-01-01".to_string(), "9999-12-31".to_string()),
        };
        let c = &self.conn;
        let mut stmt = c.prepare(
            "SELECT uid, night_of, status, exclude_reason, tight_left, tight_right, sleep_disturbance,
                    soreness, note, created_at, updated_at, deleted_at
             FROM nights WHERE night_of BETWEEN ?1 AND ?2 ORDER BY night_of, id",
        )?;
        let nights = stmt
            .query_map([&from, &to], |r| {
                Ok(NightRow {
                    uid: r.get(0)?,
                    night_of: r.get(1)?,
                    status: r.get(2)?,
                    exclude_reason: r.get(3)?,
                    tight_left: r.get(4)?,
                    tight_right: r.get(5)?,
                    sleep_disturbance: r.get(6)?,
                    soreness: r.get(7)?,
                    note: r.get(8)?,
                    created_at: r.get(9)?,
                    updated_at: r.get(10)?,
                    deleted_at: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare(
            "SELECT e.uid, n.uid, e.leg, e.muscle, e.intensity, e.duration_s, e.at_time, e.woke,
                    e.note, e.created_at, e.updated_at, e.deleted_at
             FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
             WHERE n.night_of BETWEEN ?1 AND ?2 ORDER BY n.night_of, e.id",
        )?;
        let episodes = stmt
            .query_map([&from, &to], |r| {
                Ok(EpisodeRow {
                    uid: r.get(0)?,
                    night_uid: r.get(1)?,
                    leg: r.get(2)?,
                    muscle: r.get(3)?,
                    intensity: r.get(4)?,
                    duration_s: r.get(5)?,
                    at_time: r.get(6)?,
                    woke: r.get(7)?,
                    note: r.get(8)?,
                    created_at: r.get(9)?,
                    updated_at: r.get(10)?,
                    deleted_at: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare(
            "SELECT uid, at, technique, legs, minutes_per_calf, pain, gun_speed, gun_head, spots,
                    seconds_per_spot, tight_before, tight_after, side_effects, note, created_at,
                    updated_at, deleted_at
             FROM massage_sessions WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2 ORDER BY at, id",
        )?;
        let sessions = stmt
            .query_map([&from, &to], |r| {
                Ok(SessionRow {
                    uid: r.get(0)?,
                    at: r.get(1)?,
                    technique: r.get(2)?,
                    legs: r.get(3)?,
                    minutes_per_calf: r.get(4)?,
                    pain: r.get(5)?,
                    gun_speed: r.get(6)?,
                    gun_head: r.get(7)?,
                    spots: r.get(8)?,
                    seconds_per_spot: r.get(9)?,
                    tight_before: r.get(10)?,
                    tight_after: r.get(11)?,
                    side_effects: r.get(12)?,
                    note: r.get(13)?,
                    created_at: r.get(14)?,
                    updated_at: r.get(15)?,
                    deleted_at: r.get(16)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare(
            "SELECT uid, start_on, weeks, per_week, baseline_nights, stopped_on, created_at,
                    updated_at, deleted_at
             FROM routines ORDER BY start_on, id",
        )?;
        let routines = stmt
            .query_map([], |r| {
                Ok(RoutineRow {
                    uid: r.get(0)?,
                    start_on: r.get(1)?,
                    weeks: r.get(2)?,
                    per_week: r.get(3)?,
                    baseline_nights: r.get(4)?,
                    stopped_on: r.get(5)?,
                    created_at: r.get(6)?,
                    updated_at: r.get(7)?,
                    deleted_at: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare(
            "SELECT uid, day, fluids_dl, magnesium_mg, potassium, exercise_min, medication,
                    created_at, updated_at, deleted_at
             FROM daily_context WHERE day BETWEEN ?1 AND ?2 ORDER BY day, id",
        )?;
        let context = stmt
            .query_map([&from, &to], |r| {
                Ok(ContextRow {
                    uid: r.get(0)?,
                    day: r.get(1)?,
                    fluids_dl: r.get(2)?,
                    magnesium_mg: r.get(3)?,
                    potassium: r.get(4)?,
                    exercise_min: r.get(5)?,
                    medication: r.get(6)?,
                    created_at: r.get(7)?,
                    updated_at: r.get(8)?,
                    deleted_at: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Rows {
            nights,
            episodes,
            sessions,
            routines,
            context,
            experiments: super::experiments::experiment_rows(c)?,
        })
    }
}
