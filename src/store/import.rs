//! Writing an import: stage, then swap. Every incoming row is first copied into TEMP tables
//! (no lock on the diary, however long the file), then one short `BEGIN IMMEDIATE`
//! transaction merges the staged rows by `uid` and `updated_at` with set-based statements and
//! checks the rules that span records. A save from another process waits for that short
//! swap (well within its 5-second busy timeout) instead of failing "database is locked", and the
//! import stays all-or-nothing.

use super::Store;
use super::import_checks::{apply, check_merged, live_date_clash, refusal};
use super::import_tables::{ALL, CONTEXT, EPISODES, NIGHTS, ROUTINES, SESSIONS, Table};
use super::rows::{Rows, TableRow};
use crate::domain::{Invalid, Stamp, Uid};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{OptionalExtension, TransactionBehavior};
use std::collections::HashMap;

/// What an import did (or, in a dry run, would do), per table in [`TABLES`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// New uids.
    pub added: [usize; 6],
    /// The file's copy was newer than the diary's and replaced it (a deletion included).
    pub updated: [usize; 6],
    /// The diary's copy is as new (same change time): already in the diary, left as it is.
    pub unchanged: [usize; 6],
    /// The diary's copy is newer: the file's older copy was kept out.
    pub older: [usize; 6],
    /// The same uid again inside the file: only its newest copy was considered.
    pub duplicates: [usize; 6],
}

/// Each table's noun, one and many, as the summaries name them.
pub const TABLES: [(&str, &str); 6] = [
    ("night", "nights"),
    ("cramp", "cramps"),
    ("session", "sessions"),
    ("routine", "routines"),
    ("context day", "context days"),
    ("experiment", "experiments"),
];

static STAGING_PAUSE_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Makes staging take `ms` longer, as staging a very large file would: lets a test prove that
/// saves from other processes go through while an import stages (the CLI reads it from
/// `CRAMP_TEST_SLOW_IMPORT_MS`).
#[doc(hidden)]
pub fn slow_down_staging(ms: u64) {
    STAGING_PAUSE_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// Which row of the file (by position) each uid's newest copy is; the rest are duplicates.
fn newest_by_uid<T>(
    rows: &[T],
    uid: impl Fn(&T) -> &str,
    changed: impl Fn(&T) -> Stamp,
) -> (Vec<(usize, &T)>, usize) {
    let mut best: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        best.entry(uid(row))
            .and_modify(|kept| {
                // A tie keeps the first copy.
                if changed(row) > changed(&rows[*kept]) {
                    *kept = i;
                }
            })
            .or_insert(i);
    }
    let mut kept: Vec<usize> = best.into_values().collect();
    kept.sort_unstable();
    let duplicates = rows.len() - kept.len();
    (
        kept.into_iter().map(|i| (i, &rows[i])).collect(),
        duplicates,
    )
}

fn change_of(updated: &Stamp, deleted: &Option<Stamp>) -> Stamp {
    deleted.as_ref().map_or(updated, |d| d.max(updated)).clone()
}

/// Stages the newest copy of each uid of one table through its codec; returns how many
/// duplicates were left out.
fn stage_table<T: TableRow>(
    tx: &rusqlite::Transaction<'_>,
    table: &Table,
    rows: &[T],
    key: impl Fn(&T) -> (&str, Stamp),
) -> Result<usize> {
    let (kept, duplicates) = newest_by_uid(rows, |r| key(r).0, |r| key(r).1);
    let mut stmt = tx.prepare(&table.stage_row())?;
    for (i, row) in kept {
        let pos = i as i64;
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&pos];
        values.extend(row.params());
        stmt.execute(values.as_slice())?;
    }
    Ok(duplicates)
}

impl Store {
    /// Merges rows by `uid`: a row is added when its uid is new and replaces the diary's copy
    /// only when it changed later (an edit or a deletion); the diary's copy wins a tie. Rows
    /// must already be validated one by one; the rules across records (no cramp-free night
    /// with cramps, no cramp under a deleted night, one live night per date, no overlapping
    /// routines) are checked on the merged diary. A dry run does the same and rolls it back.
    pub fn import_rows(&mut self, rows: &Rows, dry_run: bool, now: &Stamp) -> Result<ImportCounts> {
        let mut counts = ImportCounts::default();
        self.stage(rows, &mut counts)?;
        let result = self.swap(rows, &mut counts, dry_run, now);
        let _ = self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.import_nights; DROP TABLE IF EXISTS temp.import_episodes;
             DROP TABLE IF EXISTS temp.import_sessions; DROP TABLE IF EXISTS temp.import_routines;
             DROP TABLE IF EXISTS temp.import_context;",
        );
        result.map(|()| counts)
    }

    /// Copies the file's rows into TEMP tables: writes only the connection's own temporary
    /// database, so the diary is not locked however long this takes.
    fn stage(&mut self, rows: &Rows, counts: &mut ImportCounts) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        for table in ALL {
            tx.execute_batch(&table.create_staging())?;
        }
        counts.duplicates[0] = stage_table(&tx, &NIGHTS, &rows.nights, |r| {
            (&r.uid, change_of(&r.updated_at, &r.deleted_at))
        })?;
        counts.duplicates[1] = stage_table(&tx, &EPISODES, &rows.episodes, |r| {
            (&r.uid, change_of(&r.updated_at, &r.deleted_at))
        })?;
        counts.duplicates[2] = stage_table(&tx, &SESSIONS, &rows.sessions, |r| {
            (&r.uid, change_of(&r.updated_at, &r.deleted_at))
        })?;
        counts.duplicates[3] = stage_table(&tx, &ROUTINES, &rows.routines, |r| {
            (&r.uid, change_of(&r.updated_at, &r.deleted_at))
        })?;
        counts.duplicates[4] = stage_table(&tx, &CONTEXT, &rows.context, |r| {
            (&r.uid, change_of(&r.updated_at, &r.deleted_at))
        })?;
        let pause = STAGING_PAUSE_MS.load(std::sync::atomic::Ordering::Relaxed);
        if pause > 0 {
            std::thread::sleep(std::time::Duration::from_millis(pause));
        }
        tx.commit()?;
        Ok(())
    }

    /// The one short write transaction: count, merge table by table, check, commit.
    fn swap(
        &mut self,
        rows: &Rows,
        counts: &mut ImportCounts,
        dry_run: bool,
        now: &Stamp,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (t, table) in ALL.iter().enumerate() {
            let (a, u, same, old): (i64, i64, i64, i64) =
                tx.query_row(&table.count(), [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            counts.added[t] = a as usize;
            counts.updated[t] = u as usize;
            counts.unchanged[t] = same as usize;
            counts.older[t] = old as usize;
        }
        // Experiments first: their stop and whether they were pre-registered are judged on the
        // diary's own nights, before the file's nights join them.
        for (i, e) in rows.experiments.iter().enumerate() {
            let outcome = super::experiments::import_experiment(&tx, e, now)
                .map_err(|err| locate("experiments", i, &e.uid, err))?;
            tally(counts, 5, outcome);
        }
        apply(&tx, &NIGHTS, live_date_clash("nights", "night_of"))?;
        if let Some((pos, uid, night)) = tx
            .query_row(
                "SELECT pos, uid, night_uid FROM temp.import_episodes s
                 WHERE NOT EXISTS (SELECT 1 FROM main.nights n WHERE n.uid = s.night_uid)
                 ORDER BY pos LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Uid>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?
        {
            return Err(refusal(
                "episodes",
                pos,
                &uid,
                &format!("night_uid {night} is not a night in the file or the diary"),
            ));
        }
        apply(&tx, &EPISODES, None)?;
        apply(&tx, &SESSIONS, None)?;
        apply(&tx, &ROUTINES, None)?;
        apply(&tx, &CONTEXT, live_date_clash("daily_context", "day"))?;
        for (i, e) in rows.experiments.iter().enumerate() {
            super::experiments::clash_after_merge(&tx, e)
                .map_err(|err| locate("experiments", i, &e.uid, err))?;
        }
        check_merged(&tx)?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit().wrap_err("saving the import")?;
        }
        Ok(())
    }
}

/// What importing one experiment did (experiments merge one by one: their plan never changes).
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
    uid: &Uid,
    e: color_eyre::eyre::Report,
) -> color_eyre::eyre::Report {
    match e.downcast_ref::<Invalid>() {
        Some(inv) => Invalid::new(format!("{kind}[{i}] (uid {uid}): {inv}")).into(),
        None => e,
    }
}
