//! Writing an import: rows matched by `uid`, all in one transaction.

use super::Store;
use crate::domain::Invalid;
use crate::export::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, Rows, SessionRow};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{OptionalExtension, Transaction, params};

/// What an import did (or, in a dry run, would do), per table: added, updated, unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: [usize; 6],
    pub updated: [usize; 6],
    pub unchanged: [usize; 6],
}

pub const TABLES: [&str; 6] = [
    "nights",
    "cramps",
    "sessions",
    "routines",
    "context days",
    "experiments",
];

impl Store {
    /// Adds or updates rows matched by `uid`, all in one transaction. Rows must already be
    /// validated. A dry run does the same work and rolls it back, so its counts are exact.
    pub fn import_rows(&mut self, rows: &Rows, dry_run: bool) -> Result<ImportCounts> {
        let tx = self.conn.transaction()?;
        let mut counts = ImportCounts::default();
        for (i, n) in rows.nights.iter().enumerate() {
            let outcome = upsert_night(&tx, n).map_err(|e| locate("nights", i, &n.uid, e))?;
            tally(&mut counts, 0, outcome);
        }
        for (i, e) in rows.episodes.iter().enumerate() {
            let outcome =
                upsert_episode(&tx, e).map_err(|err| locate("episodes", i, &e.uid, err))?;
            tally(&mut counts, 1, outcome);
        }
        for s in &rows.sessions {
            tally(&mut counts, 2, upsert_session(&tx, s)?);
        }
        for (i, r) in rows.routines.iter().enumerate() {
            let outcome = upsert_routine(&tx, r).map_err(|e| locate("routines", i, &r.uid, e))?;
            tally(&mut counts, 3, outcome);
        }
        for (i, c) in rows.context.iter().enumerate() {
            let outcome = upsert_context(&tx, c).map_err(|e| locate("context", i, &c.uid, e))?;
            tally(&mut counts, 4, outcome);
        }
        for (i, e) in rows.experiments.iter().enumerate() {
            let outcome = super::experiments::import_experiment(&tx, e)
                .map_err(|err| locate("experiments", i, &e.uid, err))?;
            tally(&mut counts, 5, outcome);
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit().wrap_err("saving the import")?;
        }
        Ok(counts)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Added,
    Updated,
    Unchanged,
}

fn tally(c: &mut ImportCounts, table: usize, o: Outcome) {
    match o {
        Outcome::Added => c.added[table] += 1,
        Outcome::Updated => c.updated[table] += 1,
        Outcome::Unchanged => c.unchanged[table] += 1,
    }
}

fn locate(
    kind: &str,
    i: usize,
    uid: &str,
    e: color_eyre::eyre::Report,
) -> color_eyre::eyre::Report {
    match e.downcast_ref::<Invalid>() {
        Some(inv) => Invalid::new(format!("{kind}[{i}] (uid {uid}): {inv}")).into(),
        None => e,
    }
}

/// Insert when the uid is new, update when it differs, count when it is identical.
fn upsert(
    tx: &Transaction<'_>,
    table: &str,
    uid: &str,
    same: &str,
    insert: &str,
    update: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Outcome> {
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE uid = ?1)"),
        [uid],
        |r| r.get(0),
    )?;
    if !exists {
        tx.execute(insert, p)?;
        return Ok(Outcome::Added);
    }
    let unchanged: bool = tx.query_row(same, p, |r| r.get(0))?;
    if unchanged {
        return Ok(Outcome::Unchanged);
    }
    tx.execute(update, p)?;
    Ok(Outcome::Updated)
}

fn upsert_night(tx: &Transaction<'_>, n: &NightRow) -> Result<Outcome> {
    if n.deleted_at.is_none() {
        let clash: Option<String> = tx
            .query_row(
                "SELECT uid FROM nights WHERE night_of = ?1 AND deleted_at IS NULL AND uid <> ?2",
                [&n.night_of, &n.uid],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(Invalid::new(format!(
                "night {} is already logged in this diary as another entry; delete one of them first",
                n.night_of
            ))
            .into());
        }
    }
    let p = params![
        n.uid,
        n.night_of,
        n.status,
        n.exclude_reason,
        n.tight_left,
        n.tight_right,
        n.sleep_disturbance,
        n.soreness,
        n.note,
        n.created_at,
        n.updated_at,
        n.deleted_at
    ];
    upsert(
        tx,
        "nights",
        &n.uid,
        "SELECT EXISTS (SELECT 1 FROM nights WHERE uid = ?1 AND night_of = ?2 AND status = ?3
            AND exclude_reason IS ?4 AND tight_left IS ?5 AND tight_right IS ?6
            AND sleep_disturbance IS ?7 AND soreness IS ?8 AND note IS ?9 AND created_at = ?10
            AND updated_at = ?11 AND deleted_at IS ?12)",
        "INSERT INTO nights (uid, night_of, status, exclude_reason, tight_left, tight_right,
            sleep_disturbance, soreness, note, created_at, updated_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        "UPDATE nights SET night_of = ?2, status = ?3, exclude_reason = ?4, tight_left = ?5,
            tight_right = ?6, sleep_disturbance = ?7, soreness = ?8, note = ?9, created_at = ?10,
            updated_at = ?11, deleted_at = ?12 WHERE uid = ?1",
        p,
    )
}

fn upsert_episode(tx: &Transaction<'_>, e: &EpisodeRow) -> Result<Outcome> {
    let night_id: Option<i64> = tx
        .query_row(
            "SELECT id FROM nights WHERE uid = ?1",
            [&e.night_uid],
            |r| r.get(0),
        )
        .optional()?;
    let Some(night_id) = night_id else {
        return Err(Invalid::new(format!(
            "night_uid {} is not a night in the file or the diary",
            e.night_uid
        ))
        .into());
    };
    let p = params![
        e.uid,
        night_id,
        e.leg,
        e.muscle,
        e.intensity,
        e.duration_s,
        e.at_time,
        e.woke,
        e.note,
        e.created_at,
        e.updated_at,
        e.deleted_at
    ];
    upsert(
        tx,
        "cramp_episodes",
        &e.uid,
        "SELECT EXISTS (SELECT 1 FROM cramp_episodes WHERE uid = ?1 AND night_id = ?2 AND leg = ?3
            AND muscle = ?4 AND intensity = ?5 AND duration_s = ?6 AND at_time IS ?7 AND woke = ?8
            AND note IS ?9 AND created_at = ?10 AND updated_at = ?11 AND deleted_at IS ?12)",
        "INSERT INTO cramp_episodes (uid, night_id, leg, muscle, intensity, duration_s, at_time,
            woke, note, created_at, updated_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        "UPDATE cramp_episodes SET night_id = ?2, leg = ?3, muscle = ?4, intensity = ?5,
            duration_s = ?6, at_time = ?7, woke = ?8, note = ?9, created_at = ?10,
            updated_at = ?11, deleted_at = ?12 WHERE uid = ?1",
        p,
    )
}

fn upsert_session(tx: &Transaction<'_>, s: &SessionRow) -> Result<Outcome> {
    let p = params![
        s.uid,
        s.at,
        s.technique,
        s.legs,
        s.minutes_per_calf,
        s.pain,
        s.gun_speed,
        s.gun_head,
        s.spots,
        s.seconds_per_spot,
        s.tight_before,
        s.tight_after,
        s.side_effects,
        s.note,
        s.created_at,
        s.updated_at,
        s.deleted_at
    ];
    upsert(
        tx,
        "massage_sessions",
        &s.uid,
        "SELECT EXISTS (SELECT 1 FROM massage_sessions WHERE uid = ?1 AND at = ?2 AND technique = ?3
            AND legs = ?4 AND minutes_per_calf IS ?5 AND pain IS ?6 AND gun_speed IS ?7
            AND gun_head IS ?8 AND spots IS ?9 AND seconds_per_spot IS ?10 AND tight_before IS ?11
            AND tight_after IS ?12 AND side_effects = ?13 AND note IS ?14 AND created_at = ?15
            AND updated_at = ?16 AND deleted_at IS ?17)",
        "INSERT INTO massage_sessions (uid, at, technique, legs, minutes_per_calf, pain, gun_speed,
            gun_head, spots, seconds_per_spot, tight_before, tight_after, side_effects, note,
            created_at, updated_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        "UPDATE massage_sessions SET at = ?2, technique = ?3, legs = ?4, minutes_per_calf = ?5,
            pain = ?6, gun_speed = ?7, gun_head = ?8, spots = ?9, seconds_per_spot = ?10,
            tight_before = ?11, tight_after = ?12, side_effects = ?13, note = ?14,
            created_at = ?15, updated_at = ?16, deleted_at = ?17 WHERE uid = ?1",
        p,
    )
}

fn upsert_routine(tx: &Transaction<'_>, r: &RoutineRow) -> Result<Outcome> {
    let p = params![
        r.uid,
        r.start_on,
        r.weeks,
        r.per_week,
        r.baseline_nights,
        r.stopped_on,
        r.created_at,
        r.updated_at,
        r.deleted_at
    ];
    upsert(
        tx,
        "routines",
        &r.uid,
        "SELECT EXISTS (SELECT 1 FROM routines WHERE uid = ?1 AND start_on = ?2 AND weeks = ?3
            AND per_week = ?4 AND baseline_nights = ?5 AND stopped_on IS ?6 AND created_at = ?7
            AND updated_at = ?8 AND deleted_at IS ?9)",
        "INSERT INTO routines (uid, start_on, weeks, per_week, baseline_nights, stopped_on,
            created_at, updated_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "UPDATE routines SET start_on = ?2, weeks = ?3, per_week = ?4, baseline_nights = ?5,
            stopped_on = ?6, created_at = ?7, updated_at = ?8, deleted_at = ?9 WHERE uid = ?1",
        p,
    )
}

fn upsert_context(tx: &Transaction<'_>, c: &ContextRow) -> Result<Outcome> {
    if c.deleted_at.is_none() {
        let clash: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM daily_context WHERE day = ?1 AND deleted_at IS NULL AND uid <> ?2)",
            [&c.day, &c.uid],
            |r| r.get(0),
        )?;
        if clash {
            return Err(Invalid::new(format!(
                "day {} already has context in this diary as another entry",
                c.day
            ))
            .into());
        }
    }
    let p = params![
        c.uid,
        c.day,
        c.fluids_dl,
        c.magnesium_mg,
        c.potassium,
        c.exercise_min,
        c.medication,
        c.created_at,
        c.updated_at,
        c.deleted_at
    ];
    upsert(
        tx,
        "daily_context",
        &c.uid,
        "SELECT EXISTS (SELECT 1 FROM daily_context WHERE uid = ?1 AND day = ?2 AND fluids_dl IS ?3
            AND magnesium_mg IS ?4 AND potassium IS ?5 AND exercise_min IS ?6
            AND medication IS ?7 AND created_at = ?8 AND updated_at = ?9 AND deleted_at IS ?10)",
        "INSERT INTO daily_context (uid, day, fluids_dl, magnesium_mg, potassium, exercise_min,
            medication, created_at, updated_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "UPDATE daily_context SET day = ?2, fluids_dl = ?3, magnesium_mg = ?4, potassium = ?5,
            exercise_min = ?6, medication = ?7, created_at = ?8, updated_at = ?9, deleted_at = ?10
         WHERE uid = ?1",
        p,
    )
}
