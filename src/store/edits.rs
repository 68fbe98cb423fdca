//! Edits that notice the row changed underneath them. A form saves only the columns it
//! changed, and only onto the row as the person last saw it: same `updated_at` and same
//! values (the values catch a change made within the same second). Otherwise the edit writes
//! nothing and answers with the row as it is now, or that it is gone.

use super::Store;
use super::context::{COLUMNS as CONTEXT_COLUMNS, context_from_row};
use super::nights::{
    EPISODE_COLUMNS, NIGHT_COLUMNS, episode_from_row_at, episode_params, live_episode_count,
    night_from_row,
};
use super::sessions::{AT_FORMAT, COLUMNS as SESSION_COLUMNS, effects_text, session_from_row};
use crate::domain::context::DailyContext;
use crate::domain::session::{GunHead, GunSpeed, MassageSession};
use crate::domain::{CrampEpisode, NightDetails, NightStatus, Score};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction};
use std::collections::HashMap;

/// What an edit form started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    pub uid: String,
    /// The row's `updated_at` as last seen.
    pub version: String,
    /// The values the form was filled with: a save writes the columns that differ from these.
    pub before: T,
    /// The row as the person last saw it: the form's start, or "theirs" after a conflict.
    pub seen: T,
}

impl<T: Clone> Opened<T> {
    pub fn new(uid: &str, version: &str, before: T) -> Self {
        Self {
            uid: uid.to_string(),
            version: version.to_string(),
            seen: before.clone(),
            before,
        }
    }

    /// The person has seen the row as it is now and keeps their changes: the next save goes
    /// onto this version (still writing only the columns the form changed).
    pub fn saw(&mut self, version: &str, theirs: T) {
        self.version = version.to_string();
        self.seen = theirs;
    }
}

/// Why a checked edit wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale<T> {
    /// Changed elsewhere since: `theirs` is the row now, at `version`.
    Changed { version: String, theirs: T },
    /// Deleted elsewhere since.
    Gone,
}

/// `Ok(())` when saved; the [`Stale`] reason when nothing was written.
pub type Checked<T> = std::result::Result<(), Stale<T>>;

/// The night fields the edit form holds: details, and an exclusion reason (`None`: counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NightEdit {
    pub details: NightDetails,
    pub exclusion: Option<String>,
}

type Columns = Vec<(&'static str, Value)>;

fn score(s: Option<Score>) -> Value {
    s.map(|s| i64::from(s.value())).into()
}

fn episode_columns(e: &CrampEpisode) -> Columns {
    let (leg, muscle, intensity, duration, at, woke) = episode_params(e);
    vec![
        ("leg", leg.into()),
        ("muscle", muscle.into()),
        ("intensity", intensity.into()),
        ("duration_s", duration.into()),
        ("at_time", at.into()),
        ("woke", woke.into()),
        ("note", e.note.clone().into()),
    ]
}

fn session_columns(s: &MassageSession) -> Columns {
    vec![
        ("at", s.at.format(AT_FORMAT).to_string().into()),
        ("technique", s.technique.as_str().to_string().into()),
        ("legs", s.legs.as_str().to_string().into()),
        ("minutes_per_calf", s.minutes_per_calf.into()),
        ("pain", score(s.pain)),
        (
            "gun_speed",
            s.speed.map(|v| GunSpeed::as_str(v).to_string()).into(),
        ),
        (
            "gun_head",
            s.head.map(|v| GunHead::as_str(v).to_string()).into(),
        ),
        ("spots", s.spots.into()),
        ("seconds_per_spot", s.seconds_per_spot.into()),
        ("tight_before", score(s.tight_before)),
        ("tight_after", score(s.tight_after)),
        ("side_effects", effects_text(&s.side_effects).into()),
        ("note", s.note.clone().into()),
    ]
}

fn context_columns(c: &DailyContext) -> Columns {
    vec![
        ("fluids_dl", c.fluids_dl.into()),
        ("magnesium_mg", c.magnesium_mg.into()),
        ("potassium", c.potassium.into()),
        ("exercise_min", c.exercise_min.into()),
        ("medication", c.medication.clone().into()),
    ]
}

fn night_columns(n: &NightEdit) -> Columns {
    let d = &n.details;
    vec![
        ("tight_left", score(d.tight_left)),
        ("tight_right", score(d.tight_right)),
        ("sleep_disturbance", score(d.sleep_disturbance)),
        ("soreness", score(d.soreness)),
        (
            "numbness",
            d.numbness.map(|s| s.as_str().to_string()).into(),
        ),
        (
            "swelling",
            d.swelling.map(|s| s.as_str().to_string()).into(),
        ),
        ("note", d.note.clone().into()),
        ("exclude_reason", n.exclusion.clone().into()),
    ]
}

/// The columns whose value differs between the form's start and the form now.
fn changed(before: Columns, after: Columns) -> Columns {
    after
        .into_iter()
        .zip(before)
        .filter(|((_, a), (_, b))| a != b)
        .map(|(column, _)| column)
        .collect()
}

/// Sets `changes` (column names from the lists above, never from input) on one row.
fn patch(
    tx: &Transaction<'_>,
    table: &'static str,
    uid: &str,
    changes: &Columns,
    stamp: &str,
) -> rusqlite::Result<()> {
    let sets: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ?{}", i + 3))
        .collect();
    let sql = format!(
        "UPDATE {table} SET {}, updated_at = ?2 WHERE uid = ?1",
        sets.join(", ")
    );
    let mut values: Vec<Value> = vec![uid.to_string().into(), stamp.to_string().into()];
    values.extend(changes.iter().map(|(_, v)| v.clone()));
    tx.execute(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

/// The row now: its `updated_at`, whether it is deleted, and its values.
type Now<T> = Option<(String, bool, T)>;

fn now_of<T>(
    tx: &Transaction<'_>,
    sql: &str,
    uid: &str,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Now<T>> {
    tx.query_row(sql, [uid], |row| Ok((row.get(0)?, row.get(1)?, read(row)?)))
        .optional()
}

/// Nothing to say when the row is as the person last saw it.
fn stale<T: PartialEq>(opened: &Opened<T>, now: Now<T>) -> Option<Stale<T>> {
    match now {
        None | Some((_, true, _)) => Some(Stale::Gone),
        Some((version, false, theirs)) if version != opened.version || theirs != opened.seen => {
            Some(Stale::Changed { version, theirs })
        }
        Some(_) => None,
    }
}

impl Store {
    /// `updated_at` of every live row shown for the days `from..=to`, by uid: what an edit
    /// form opened on that row compares against when it saves.
    pub fn versions_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashMap<String, String>> {
        let after = to.succ_opt().unwrap_or(to);
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, updated_at FROM nights
                 WHERE night_of BETWEEN ?1 AND ?2 AND deleted_at IS NULL
             UNION ALL
             SELECT e.uid, e.updated_at FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE n.night_of BETWEEN ?1 AND ?2 AND e.deleted_at IS NULL
             UNION ALL
             SELECT uid, updated_at FROM massage_sessions
                 WHERE at >= ?1 AND at < ?3 AND deleted_at IS NULL
             UNION ALL
             SELECT uid, updated_at FROM daily_context
                 WHERE day BETWEEN ?1 AND ?2 AND deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([from, to, after], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves the cramp fields the form changed, if the cramp is as the person last saw it.
    pub fn edit_episode_checked(
        &mut self,
        opened: &Opened<CrampEpisode>,
        after: &CrampEpisode,
        stamp: &str,
    ) -> Result<Checked<CrampEpisode>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT e.updated_at, e.deleted_at IS NOT NULL, {EPISODE_COLUMNS}
                 FROM cramp_episodes e WHERE e.uid = ?1"
            ),
            &opened.uid,
            |row| episode_from_row_at(row, 2).map(|s| s.item),
        )?;
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let changes = changed(episode_columns(&opened.before), episode_columns(after));
        if !changes.is_empty() {
            patch(&tx, "cramp_episodes", &opened.uid, &changes, stamp)?;
        }
        tx.commit().wrap_err("saving the cramp")?;
        Ok(Ok(()))
    }

    /// Saves the session fields the form changed, if the session is as last seen.
    pub fn edit_session_checked(
        &mut self,
        opened: &Opened<MassageSession>,
        after: &MassageSession,
        stamp: &str,
    ) -> Result<Checked<MassageSession>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT updated_at, deleted_at IS NOT NULL, {SESSION_COLUMNS}
                 FROM massage_sessions WHERE uid = ?1"
            ),
            &opened.uid,
            |row| session_from_row(row).map(|s| s.item),
        )?;
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let changes = changed(session_columns(&opened.before), session_columns(after));
        if !changes.is_empty() {
            patch(&tx, "massage_sessions", &opened.uid, &changes, stamp)?;
        }
        tx.commit().wrap_err("saving the session")?;
        Ok(Ok(()))
    }

    /// Saves the context fields the form changed, if the day's context is as last seen.
    pub fn edit_context_checked(
        &mut self,
        opened: &Opened<DailyContext>,
        after: &DailyContext,
        stamp: &str,
    ) -> Result<Checked<DailyContext>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT updated_at, deleted_at IS NOT NULL, {}
                 FROM daily_context WHERE uid = ?1",
                *CONTEXT_COLUMNS
            ),
            &opened.uid,
            |row| context_from_row(row).map(|c| c.item.context),
        )?;
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let changes = changed(context_columns(&opened.before), context_columns(after));
        if !changes.is_empty() {
            patch(&tx, "daily_context", &opened.uid, &changes, stamp)?;
        }
        tx.commit().wrap_err("saving the day's context")?;
        Ok(Ok(()))
    }

    /// Saves the night fields the form changed, if the night is as last seen. A changed
    /// exclusion sets the status too: excluded, or back to what its cramps say.
    pub fn edit_night_checked(
        &mut self,
        opened: &Opened<NightEdit>,
        after: &NightEdit,
        stamp: &str,
    ) -> Result<Checked<NightEdit>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT updated_at, deleted_at IS NOT NULL, {NIGHT_COLUMNS}
                 FROM nights WHERE uid = ?1"
            ),
            &opened.uid,
            |row| night_from_row(row).map(|r| (r.id, NightEdit::of(&r.night))),
        )?;
        let id = now.as_ref().map(|(_, _, (id, _))| *id);
        let now = now.map(|(version, deleted, (_, edit))| (version, deleted, edit));
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let mut changes = changed(night_columns(&opened.before), night_columns(after));
        if opened.before.exclusion != after.exclusion
            && let Some(id) = id
        {
            let status = match after.exclusion {
                Some(_) => NightStatus::Excluded,
                None if live_episode_count(&tx, id)? > 0 => NightStatus::Cramps,
                None => NightStatus::None,
            };
            changes.push(("status", status.as_str().to_string().into()));
        }
        if !changes.is_empty() {
            patch(&tx, "nights", &opened.uid, &changes, stamp)?;
        }
        tx.commit().wrap_err("saving the night")?;
        Ok(Ok(()))
    }
}

impl NightEdit {
    /// What the edit form shows of a night.
    pub fn of(night: &crate::domain::Night) -> Self {
        Self {
            details: night.details.clone(),
            exclusion: match night.status {
                NightStatus::Excluded => Some(night.exclude_reason.clone().unwrap_or_default()),
                _ => None,
            },
        }
    }
}

/// Why a write failed, in a few words a person can act on ("the disk is full"), for the one
/// line an app shows while it keeps running.
pub fn why_not_saved(e: &color_eyre::eyre::Report) -> String {
    use rusqlite::ErrorCode;
    let code = e
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code);
    match code {
        Some(ErrorCode::DiskFull) => "the disk is full; free some space and save again".into(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program is holding the diary locked; save again in a moment".into()
        }
        Some(ErrorCode::ReadOnly) => "the diary cannot be written (read-only)".into(),
        _ => {
            let cause = e.root_cause().to_string();
            cause
                .lines()
                .next()
                .unwrap_or("unknown error")
                .trim()
                .to_string()
        }
    }
}
