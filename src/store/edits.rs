//! Edits that notice the row changed underneath them. A form saves only the columns it
//! changed, and only onto the row as the person last saw it: same `updated_at` and same
//! values (the values catch a change made within the same second). Otherwise the edit writes
//! nothing and answers with the row as it is now, or that it is gone.

use super::Store;
use super::convert::{ToDomain, read};
use super::nights::{live_episode_count, live_night_from_row};
use super::rows::TableRow;
use super::tables::{ContextRow, EpisodeRow, NightRow, SessionRow};
use super::tags::{TagChange, change_tags, night_tags};
use crate::domain::Stored;
use crate::domain::context::{DailyContext, DayContext};
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, NightDetails, NightStatus};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{OptionalExtension, Row, ToSql, Transaction};
use std::collections::HashMap;

/// What an edit form started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    pub uid: Uid,
    /// The row's `updated_at` as last seen.
    pub version: Stamp,
    /// The values the form was filled with: a save writes the columns that differ from these.
    pub before: T,
    /// The row as the person last saw it: the form's start, or "theirs" after a conflict.
    pub seen: T,
}

impl<T: Clone> Opened<T> {
    pub fn new(uid: &Uid, version: &Stamp, before: T) -> Self {
        Self {
            uid: uid.clone(),
            version: version.clone(),
            seen: before.clone(),
            before,
        }
    }

    /// The person has seen the row as it is now and keeps their changes: the next save goes
    /// onto this version (still writing only the columns the form changed).
    pub fn saw(&mut self, version: &Stamp, theirs: T) {
        self.version = version.clone();
        self.seen = theirs;
    }
}

/// Why a checked edit wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale<T> {
    /// Changed elsewhere since: `theirs` is the row now, at `version`.
    Changed { version: Stamp, theirs: T },
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
    /// The night's tags, in the order first added.
    pub tags: Vec<String>,
}

type Columns = Vec<(&'static str, Value)>;

/// The columns whose value differs between the form's start and the form now, each side
/// written as the table's row (`uid`, dates and stamps are built alike, so never differ).
fn changed<T: TableRow>(before: &T, after: &T) -> rusqlite::Result<Columns> {
    let value = |p: &dyn ToSql| -> rusqlite::Result<Value> {
        match p.to_sql()? {
            ToSqlOutput::Borrowed(v) => {
                Value::try_from(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
            }
            ToSqlOutput::Owned(v) => Ok(v),
            _ => Err(rusqlite::Error::InvalidQuery),
        }
    };
    let mut out = Columns::new();
    for ((column, b), a) in T::COLUMNS.iter().zip(before.params()).zip(after.params()) {
        let (b, a) = (value(b)?, value(a)?);
        if a != b {
            out.push((column, a));
        }
    }
    Ok(out)
}

/// The stamps of a row built only to compare its values.
fn alike() -> Stamp {
    Stamp::stored("")
}

fn episode_row(e: &CrampEpisode) -> EpisodeRow {
    EpisodeRow::new(Uid::default(), &Uid::default(), e, &alike())
}

fn session_row(s: &MassageSession) -> SessionRow {
    SessionRow::new(Uid::default(), s, &alike())
}

fn context_row(c: &DailyContext) -> ContextRow {
    ContextRow::new(Uid::default(), NaiveDate::MIN, c, &alike())
}

/// The night's status is set apart, from the exclusion and its cramps.
fn night_row(n: &NightEdit) -> NightRow {
    let status = NightStatus::None;
    NightRow::new(
        Uid::default(),
        NaiveDate::MIN,
        status,
        n.exclusion.clone(),
        &n.details,
        &alike(),
    )
}

/// Sets `changes` (column names from the lists above, never from input) on one row.
fn patch(
    tx: &Transaction<'_>,
    table: &'static str,
    uid: &Uid,
    changes: &Columns,
    stamp: &Stamp,
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
type Now<T> = Option<(Stamp, bool, T)>;

fn now_of<T>(
    tx: &Transaction<'_>,
    sql: &str,
    uid: &Uid,
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
    /// form opened on that row compares against when it saves. (Cramps of live nights only:
    /// that is what is shown, and it lets SQLite find the nights by the live-night index
    /// instead of reading every cramp ever logged, which an encrypted diary pays per page.)
    pub fn versions_between(&self, from: NaiveDate, to: NaiveDate) -> Result<HashMap<Uid, Stamp>> {
        let after = to.succ_opt().unwrap_or(to);
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, updated_at FROM nights
                 WHERE night_of BETWEEN ?1 AND ?2 AND deleted_at IS NULL
             UNION ALL
             SELECT e.uid, e.updated_at FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE n.night_of BETWEEN ?1 AND ?2 AND n.deleted_at IS NULL
                   AND e.deleted_at IS NULL
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
        stamp: &Stamp,
    ) -> Result<Checked<CrampEpisode>> {
        self.edit_row_checked(opened, after, stamp, episode_row, |s| s.item, "the cramp")
    }

    /// Saves the session fields the form changed, if the session is as last seen.
    pub fn edit_session_checked(
        &mut self,
        opened: &Opened<MassageSession>,
        after: &MassageSession,
        stamp: &Stamp,
    ) -> Result<Checked<MassageSession>> {
        self.edit_row_checked(opened, after, stamp, session_row, |s| s.item, "the session")
    }

    /// Saves the context fields the form changed, if the day's context is as last seen.
    pub fn edit_context_checked(
        &mut self,
        opened: &Opened<DailyContext>,
        after: &DailyContext,
        stamp: &Stamp,
    ) -> Result<Checked<DailyContext>> {
        let context = |c: Stored<DayContext>| c.item.context;
        self.edit_row_checked(
            opened,
            after,
            stamp,
            context_row,
            context,
            "the day's context",
        )
    }

    /// A checked edit of one row of table `T` that a form holds as a `V`: the row now is read
    /// through `T`'s codec (`held` takes what the form holds of it); if it is as the person
    /// last saw it, the columns that differ between `row(before)` and `row(after)` are written.
    fn edit_row_checked<T: ToDomain, V: PartialEq>(
        &mut self,
        opened: &Opened<V>,
        after: &V,
        stamp: &Stamp,
        row: fn(&V) -> T,
        held: fn(T::Domain) -> V,
        what: &str,
    ) -> Result<Checked<V>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT t.updated_at, t.deleted_at IS NOT NULL, {}
                 FROM {} t WHERE t.uid = ?1",
                T::select("t"),
                T::TABLE
            ),
            &opened.uid,
            |r| read::<T>(r).map(held),
        )?;
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let changes = changed(&row(&opened.before), &row(after))?;
        if !changes.is_empty() {
            patch(&tx, T::TABLE, &opened.uid, &changes, stamp)?;
        }
        tx.commit().wrap_err_with(|| format!("saving {what}"))?;
        Ok(Ok(()))
    }

    /// Saves the night fields the form changed, if the night is as last seen. A changed
    /// exclusion sets the status too: excluded, or back to what its cramps say.
    pub fn edit_night_checked(
        &mut self,
        opened: &Opened<NightEdit>,
        after: &NightEdit,
        stamp: &Stamp,
    ) -> Result<Checked<NightEdit>> {
        let tx = self.conn.transaction()?;
        let now = now_of(
            &tx,
            &format!(
                "SELECT t.updated_at, t.deleted_at IS NOT NULL, t.id, {}
                 FROM nights t WHERE t.uid = ?1",
                NightRow::select("t")
            ),
            &opened.uid,
            |row| live_night_from_row(row).map(|r| (r.id, NightEdit::of(&r.night))),
        )?;
        let now = match now {
            Some((version, deleted, (id, mut edit))) => {
                edit.tags = night_tags(&tx, id)?;
                Some((version, deleted, (id, edit)))
            }
            None => None,
        };
        let id = now.as_ref().map(|(_, _, (id, _))| *id);
        let now = now.map(|(version, deleted, (_, edit))| (version, deleted, edit));
        if let Some(stale) = stale(opened, now) {
            return Ok(Err(stale));
        }
        let mut changes = changed(&night_row(&opened.before), &night_row(after))?;
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
        let tags = TagChange::between(&opened.before.tags, &after.tags);
        if let Some(id) = id.filter(|_| !tags.is_empty()) {
            change_tags(&tx, id, &opened.uid, &tags, stamp)?;
            // The night changed: a form open on it elsewhere notices.
            changes.push(("updated_at", stamp.to_string().into()));
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
            tags: Vec::new(),
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
