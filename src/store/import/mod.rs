//! Writing an import: stage, then swap. Every incoming row is first copied into TEMP tables
//! (no lock on the diary, however long the file), then one short `BEGIN IMMEDIATE`
//! transaction merges the staged rows by `uid` and `updated_at` with set-based statements and
//! checks the rules that span records. A save from another process waits for that short
//! swap (well within its 5-second busy timeout) instead of failing "database is locked", and the
//! import stays all-or-nothing. Every table of the list goes through the same steps, each under
//! its own merge rules (an experiment's plan never changes).

mod experiments;
mod file;
mod rules;
mod sql;
mod stamps;

use super::Store;
use super::table::{EachTable, Table};
use super::tables::each_table;
use super::tables::{COUNT, Rows};
use crate::domain::Stamp;
use color_eyre::eyre::{Report, Result, WrapErr};
use rusqlite::{Transaction, TransactionBehavior};
use std::collections::HashMap;

/// What an import did (or, in a dry run, would do), per table in the list's order
/// ([`NOUNS`](super::tables::NOUNS) names them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// New uids.
    pub added: [usize; COUNT],
    /// The file's copy was newer than the diary's and replaced it (a deletion included).
    pub updated: [usize; COUNT],
    /// The diary's copy is as new (same change time), or the table's own rules keep it (an
    /// experiment's plan): already in the diary, left as it is.
    pub unchanged: [usize; COUNT],
    /// The diary's copy is newer: the file's older copy was kept out.
    pub older: [usize; COUNT],
    /// The same uid again inside the file: only its newest copy was considered.
    pub duplicates: [usize; COUNT],
}

static STAGING_PAUSE_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Makes staging take `ms` longer, as staging a very large file would: lets a test prove that
/// saves from other processes go through while an import stages (the CLI reads it from
/// `CRAMP_TEST_SLOW_IMPORT_MS`).
#[doc(hidden)]
pub fn slow_down_staging(ms: u64) {
    STAGING_PAUSE_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// Which row of the file (by position) each uid's newest copy is; the rest are duplicates.
fn newest_by_uid<T: Table>(rows: &[T]) -> (Vec<(usize, &T)>, usize) {
    let changed = |row: &T| -> Stamp {
        let [_, updated, deleted] = row.stamps();
        updated
            .into_iter()
            .chain(deleted)
            .max()
            .cloned()
            .unwrap_or_else(|| Stamp::stored(""))
    };
    let mut best: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        best.entry(row.uid().as_str())
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

/// Stages the newest copy of each uid of every table through its codec, counting the
/// duplicates left out.
struct Stage<'a, 't> {
    tx: &'a Transaction<'t>,
    counts: &'a mut ImportCounts,
}

impl EachTable for Stage<'_, '_> {
    type Error = Report;

    fn table<T: Table>(&mut self, position: usize, rows: &[T]) -> Result<()> {
        self.tx.execute_batch(&sql::create_staging::<T>())?;
        let (kept, duplicates) = newest_by_uid(rows);
        let mut stmt = self.tx.prepare(&sql::stage_row::<T>())?;
        for (i, row) in kept {
            let pos = i as i64;
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&pos];
            values.extend(row.params());
            stmt.execute(values.as_slice())?;
        }
        self.counts.duplicates[position] = duplicates;
        Ok(())
    }
}

/// Counts, before anything changes, what merging each staged table would do.
struct Count<'a, 't> {
    tx: &'a Transaction<'t>,
    counts: &'a mut ImportCounts,
}

impl EachTable for Count<'_, '_> {
    type Error = Report;

    fn table<T: Table>(&mut self, position: usize, _: &[T]) -> Result<()> {
        let (a, u, same, old): (i64, i64, i64, i64) =
            self.tx.query_row(&sql::count::<T>(), [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        self.counts.added[position] = a as usize;
        self.counts.updated[position] = u as usize;
        self.counts.unchanged[position] = same as usize;
        self.counts.older[position] = old as usize;
        Ok(())
    }
}

/// Merges each staged table under its own rules, in the list's order.
struct Merge<'a, 't> {
    tx: &'a Transaction<'t>,
}

impl EachTable for Merge<'_, '_> {
    type Error = Report;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> Result<()> {
        rules::keeps_what_is_fixed::<T>(self.tx)?;
        rules::apply::<T>(self.tx)
    }
}

/// Drops every staging table.
struct Unstage<'a> {
    conn: &'a rusqlite::Connection,
}

impl EachTable for Unstage<'_> {
    type Error = rusqlite::Error;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> rusqlite::Result<()> {
        self.conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.{};",
            sql::staged::<T>()
        ))
    }
}

impl Store {
    /// Merges rows by `uid`: a row is added when its uid is new and replaces the diary's copy
    /// only when it changed later (an edit or a deletion) and its table's own rules allow it;
    /// the diary's copy wins a tie. Rows must already be validated one by one; the rules across
    /// records (every cramp under a night, no cramp-free night with cramps, no cramp under a
    /// deleted night, one live night per date, one routine or experiment a day) are checked on
    /// the staged file and on the merged diary. A dry run does the same and rolls it back.
    /// `now` (the app's clock) is recorded as when an experiment new to the diary was imported.
    pub fn import_rows(&mut self, rows: &Rows, dry_run: bool, now: &Stamp) -> Result<ImportCounts> {
        let mut counts = ImportCounts::default();
        self.stage(rows, &mut counts)?;
        let result = self.swap(&mut counts, dry_run, now);
        let _ = each_table(&mut Unstage { conn: &self.conn });
        result.map(|()| counts)
    }

    /// Copies the file's rows into TEMP tables: writes only the connection's own temporary
    /// database, so the diary is not locked however long this takes.
    fn stage(&mut self, rows: &Rows, counts: &mut ImportCounts) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        rows.each(&mut Stage { tx: &tx, counts })?;
        let pause = STAGING_PAUSE_MS.load(std::sync::atomic::Ordering::Relaxed);
        if pause > 0 {
            std::thread::sleep(std::time::Duration::from_millis(pause));
        }
        tx.commit()?;
        Ok(())
    }

    /// The one short write transaction: count, check the file across records, merge table by
    /// table, check the merged diary, commit.
    fn swap(&mut self, counts: &mut ImportCounts, dry_run: bool, now: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        each_table(&mut Count { tx: &tx, counts })?;
        rules::check_staged(&tx)?;
        experiments::prepare(&tx, now)?;
        each_table(&mut Merge { tx: &tx })?;
        rules::check_merged(&tx)?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit().wrap_err("saving the import")?;
        }
        Ok(())
    }
}
