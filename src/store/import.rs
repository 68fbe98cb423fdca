//! Writing an import: stage, then swap. Every incoming row is first copied into TEMP tables
//! (no lock on the diary, however long the file), then one short `BEGIN IMMEDIATE`
//! transaction merges the staged rows by `uid` and `updated_at` with set-based statements and
//! checks the rules that span records. A save from another process waits for that short
//! swap (well within its 5-second busy timeout) instead of failing "database is locked", and the
//! import stays all-or-nothing.

use super::Store;
use crate::domain::Invalid;
use crate::domain::routine::Routine;
use crate::export::rows::Rows;
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::HashMap;

/// What an import did (or, in a dry run, would do), per table in [`TABLES`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// New uids.
    pub added: [usize; 5],
    /// The file's copy was newer than the diary's and replaced it (a deletion included).
    pub updated: [usize; 5],
    /// The diary's copy is as new (same change time): already in the diary, left as it is.
    pub unchanged: [usize; 5],
    /// The diary's copy is newer: the file's older copy was kept out.
    pub older: [usize; 5],
    /// The same uid again inside the file: only its newest copy was considered.
    pub duplicates: [usize; 5],
}

pub const TABLES: [&str; 5] = ["nights", "cramps", "sessions", "routines", "context days"];

static STAGING_PAUSE_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Makes staging take `ms` longer, as staging a very large file would: lets a test prove that
/// saves from other processes go through while an import stages (the CLI reads it from
/// `CRAMP_TEST_SLOW_IMPORT_MS`).
#[doc(hidden)]
pub fn slow_down_staging(ms: u64) {
    STAGING_PAUSE_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// When a row last changed: an edit (`updated_at`) or a deletion (`deleted_at`), whichever is later.
fn changed(alias: &str) -> String {
    format!("max({alias}.updated_at, coalesce({alias}.deleted_at, ''))")
}

/// One table's merge: its name in the diary, its staging table, its name in messages, and its
/// columns after `uid` (for episodes, `night_id` is found from the staged `night_uid`).
struct Table {
    main: &'static str,
    staged: &'static str,
    record: &'static str,
    columns: &'static [&'static str],
}

const NIGHTS: Table = Table {
    main: "nights",
    staged: "import_nights",
    record: "nights",
    columns: &[
        "night_of",
        "status",
        "exclude_reason",
        "tight_left",
        "tight_right",
        "sleep_disturbance",
        "soreness",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};
const EPISODES: Table = Table {
    main: "cramp_episodes",
    staged: "import_episodes",
    record: "episodes",
    columns: &[
        "night_id",
        "leg",
        "muscle",
        "intensity",
        "duration_s",
        "at_time",
        "woke",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};
const SESSIONS: Table = Table {
    main: "massage_sessions",
    staged: "import_sessions",
    record: "sessions",
    columns: &[
        "at",
        "technique",
        "legs",
        "minutes_per_calf",
        "pain",
        "gun_speed",
        "gun_head",
        "spots",
        "seconds_per_spot",
        "tight_before",
        "tight_after",
        "side_effects",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};
const ROUTINES: Table = Table {
    main: "routines",
    staged: "import_routines",
    record: "routines",
    columns: &[
        "start_on",
        "weeks",
        "per_week",
        "baseline_nights",
        "stopped_on",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};
const CONTEXT: Table = Table {
    main: "daily_context",
    staged: "import_context",
    record: "context",
    columns: &[
        "day",
        "fluids_dl",
        "magnesium_mg",
        "potassium",
        "exercise_min",
        "medication",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
};
const ALL: [&Table; 5] = [&NIGHTS, &EPISODES, &SESSIONS, &ROUTINES, &CONTEXT];

impl Table {
    /// The staged value for a diary column.
    fn source(&self, column: &str) -> String {
        if column == "night_id" {
            "(SELECT id FROM main.nights WHERE uid = s.night_uid)".to_string()
        } else {
            format!("s.{column}")
        }
    }

    fn staged_columns(&self) -> Vec<&'static str> {
        self.columns
            .iter()
            .map(|c| if *c == "night_id" { "night_uid" } else { c })
            .collect()
    }

    fn create_staging(&self) -> String {
        format!(
            "DROP TABLE IF EXISTS temp.{0}; CREATE TEMP TABLE {0} (pos INTEGER NOT NULL, uid TEXT PRIMARY KEY, {1});",
            self.staged,
            self.staged_columns().join(", ")
        )
    }

    fn stage_row(&self) -> String {
        let cols = self.staged_columns();
        let marks: Vec<String> = (3..cols.len() + 3).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO temp.{} (pos, uid, {}) VALUES (?1, ?2, {})",
            self.staged,
            cols.join(", "),
            marks.join(", ")
        )
    }

    /// added, updated (newer), unchanged (as new), older: one pass before anything changes.
    fn count(&self) -> String {
        let (s, m) = (changed("s"), changed("m"));
        format!(
            "SELECT coalesce(sum(m.uid IS NULL), 0), coalesce(sum({s} > {m}), 0),
                    coalesce(sum({s} = {m}), 0), coalesce(sum({s} < {m}), 0)
             FROM temp.{} s LEFT JOIN main.{} m ON m.uid = s.uid",
            self.staged, self.main
        )
    }

    fn update(&self) -> String {
        let set: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{c} = {}", self.source(c)))
            .collect();
        format!(
            "UPDATE main.{0} SET {1} FROM temp.{2} AS s
             WHERE {0}.uid = s.uid AND {3} > max({0}.updated_at, coalesce({0}.deleted_at, ''))",
            self.main,
            set.join(", "),
            self.staged,
            changed("s")
        )
    }

    fn insert(&self) -> String {
        let values: Vec<String> = self.columns.iter().map(|c| self.source(c)).collect();
        format!(
            "INSERT INTO main.{0} (uid, {1}) SELECT s.uid, {2} FROM temp.{3} s
             WHERE NOT EXISTS (SELECT 1 FROM main.{0} m WHERE m.uid = s.uid) ORDER BY s.pos",
            self.main,
            self.columns.join(", "),
            values.join(", "),
            self.staged
        )
    }
}

/// Which row of the file (by position) each uid's newest copy is; the rest are duplicates.
fn newest_by_uid<T>(
    rows: &[T],
    uid: impl Fn(&T) -> &str,
    changed: impl Fn(&T) -> String,
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

fn change_of(updated: &str, deleted: &Option<String>) -> String {
    updated.max(deleted.as_deref().unwrap_or("")).to_string()
}

impl Store {
    /// Merges rows by `uid`: a row is added when its uid is new and replaces the diary's copy
    /// only when it changed later (an edit or a deletion); the diary's copy wins a tie. Rows
    /// must already be validated one by one; the rules across records (no cramp-free night
    /// with cramps, no cramp under a deleted night, one live night per date, no overlapping
    /// routines) are checked on the merged diary. A dry run does the same and rolls it back.
    pub fn import_rows(&mut self, rows: &Rows, dry_run: bool) -> Result<ImportCounts> {
        let mut counts = ImportCounts::default();
        self.stage(rows, &mut counts)?;
        let result = self.swap(&mut counts, dry_run);
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
        let (nights, d) = newest_by_uid(
            &rows.nights,
            |r| &r.uid,
            |r| change_of(&r.updated_at, &r.deleted_at),
        );
        counts.duplicates[0] = d;
        {
            let mut stmt = tx.prepare(&NIGHTS.stage_row())?;
            for (i, n) in nights {
                stmt.execute(params![
                    i as i64,
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
                ])?;
            }
        }
        let (episodes, d) = newest_by_uid(
            &rows.episodes,
            |r| &r.uid,
            |r| change_of(&r.updated_at, &r.deleted_at),
        );
        counts.duplicates[1] = d;
        {
            let mut stmt = tx.prepare(&EPISODES.stage_row())?;
            for (i, e) in episodes {
                stmt.execute(params![
                    i as i64,
                    e.uid,
                    e.night_uid,
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
                ])?;
            }
        }
        let (sessions, d) = newest_by_uid(
            &rows.sessions,
            |r| &r.uid,
            |r| change_of(&r.updated_at, &r.deleted_at),
        );
        counts.duplicates[2] = d;
        {
            let mut stmt = tx.prepare(&SESSIONS.stage_row())?;
            for (i, s) in sessions {
                stmt.execute(params![
                    i as i64,
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
                ])?;
            }
        }
        let (routines, d) = newest_by_uid(
            &rows.routines,
            |r| &r.uid,
            |r| change_of(&r.updated_at, &r.deleted_at),
        );
        counts.duplicates[3] = d;
        {
            let mut stmt = tx.prepare(&ROUTINES.stage_row())?;
            for (i, r) in routines {
                stmt.execute(params![
                    i as i64,
                    r.uid,
                    r.start_on,
                    r.weeks,
                    r.per_week,
                    r.baseline_nights,
                    r.stopped_on,
                    r.created_at,
                    r.updated_at,
                    r.deleted_at
                ])?;
            }
        }
        let (context, d) = newest_by_uid(
            &rows.context,
            |r| &r.uid,
            |r| change_of(&r.updated_at, &r.deleted_at),
        );
        counts.duplicates[4] = d;
        {
            let mut stmt = tx.prepare(&CONTEXT.stage_row())?;
            for (i, c) in context {
                stmt.execute(params![
                    i as i64,
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
                ])?;
            }
        }
        let pause = STAGING_PAUSE_MS.load(std::sync::atomic::Ordering::Relaxed);
        if pause > 0 {
            std::thread::sleep(std::time::Duration::from_millis(pause));
        }
        tx.commit()?;
        Ok(())
    }

    /// The one short write transaction: count, merge table by table, check, commit.
    fn swap(&mut self, counts: &mut ImportCounts, dry_run: bool) -> Result<()> {
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
                        r.get::<_, String>(1)?,
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
        check_merged(&tx)?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit().wrap_err("saving the import")?;
        }
        Ok(())
    }
}

/// For a table with one live row per date: the query naming the staged row that clashes.
fn live_date_clash(main: &'static str, column: &'static str) -> Option<(String, &'static str)> {
    let staged = if main == "nights" {
        "import_nights"
    } else {
        "import_context"
    };
    Some((
        format!(
            "SELECT s.pos, s.uid, s.{column} FROM temp.{staged} s
             WHERE s.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM main.{main} m WHERE m.uid = s.uid
                               AND {} >= {})
               AND EXISTS (SELECT 1 FROM main.{main} o WHERE o.{column} = s.{column}
                           AND o.deleted_at IS NULL AND o.uid <> s.uid)
             ORDER BY s.pos LIMIT 1",
            changed("m"),
            changed("s")
        ),
        if main == "nights" {
            "night {} is already logged in this diary as another entry; delete one of them first"
        } else {
            "day {} already has context in this diary as another entry; delete one of them first"
        },
    ))
}

/// Runs a table's update then insert. A clash with the one-live-row-per-date rule is reported
/// as the record that causes it, never as SQLite's constraint message.
fn apply(tx: &Transaction<'_>, table: &Table, clash: Option<(String, &str)>) -> Result<()> {
    let result = tx
        .execute(&table.update(), [])
        .and_then(|_| tx.execute(&table.insert(), []));
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            if let Some((query, message)) = clash
                && let Some((pos, uid, date)) = tx
                    .query_row(&query, [], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    })
                    .optional()?
            {
                return Err(refusal(
                    table.record,
                    pos,
                    &uid,
                    &message.replace("{}", &date),
                ));
            }
            // Validation should have caught it; still, one sentence rather than SQLite's.
            Err(Invalid::new(format!(
                "one of the {} in the file breaks a rule of this diary; nothing was imported",
                table.record
            ))
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

fn refusal(record: &str, pos: i64, uid: &str, what: &str) -> color_eyre::eyre::Report {
    Invalid::new(format!(
        "{record}[{pos}] (uid {uid}): {what}; nothing was imported"
    ))
    .into()
}

/// The rules that span records, on the diary as the import would leave it; only rows the
/// import touched can be blamed.
fn check_merged(tx: &Transaction<'_>) -> Result<()> {
    let named = |sql: &str| -> Result<Option<(i64, String, String)>> {
        Ok(tx
            .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    };
    // A "no cramps" night with a live cramp: blame the night if the file has it, else the cramp.
    if let Some((pos, uid, night)) = named(
        "SELECT coalesce(sn.pos, se.pos), coalesce(sn.uid, se.uid), n.night_of
         FROM main.nights n JOIN main.cramp_episodes e ON e.night_id = n.id
         LEFT JOIN temp.import_nights sn ON sn.uid = n.uid
         LEFT JOIN temp.import_episodes se ON se.uid = e.uid
         WHERE n.status = 'none' AND n.deleted_at IS NULL AND e.deleted_at IS NULL
           AND (sn.uid IS NOT NULL OR se.uid IS NOT NULL)
         ORDER BY sn.pos IS NULL, coalesce(sn.pos, se.pos) LIMIT 1",
    )? {
        let blamed_night: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.import_nights WHERE uid = ?1)",
            [&uid],
            |r| r.get(0),
        )?;
        let (record, what) = if blamed_night {
            (
                "nights",
                format!("status is none (no cramps) but night {night} has cramps"),
            )
        } else {
            (
                "episodes",
                format!(
                    "night {night} is marked as having no cramps, so it cannot have this cramp"
                ),
            )
        };
        return Err(refusal(record, pos, &uid, &what));
    }
    if let Some((pos, uid, night)) = named(
        "SELECT coalesce(se.pos, sn.pos), coalesce(se.uid, sn.uid), n.night_of
         FROM main.cramp_episodes e JOIN main.nights n ON n.id = e.night_id
         LEFT JOIN temp.import_nights sn ON sn.uid = n.uid
         LEFT JOIN temp.import_episodes se ON se.uid = e.uid
         WHERE e.deleted_at IS NULL AND n.deleted_at IS NOT NULL
           AND (sn.uid IS NOT NULL OR se.uid IS NOT NULL)
         ORDER BY se.pos IS NULL, coalesce(se.pos, sn.pos) LIMIT 1",
    )? {
        let is_episode: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.import_episodes WHERE uid = ?1)",
            [&uid],
            |r| r.get(0),
        )?;
        let (record, what) = if is_episode {
            (
                "episodes",
                format!("the cramp is live but its night {night} is deleted"),
            )
        } else {
            (
                "nights",
                format!("night {night} is deleted but still has live cramps in the diary"),
            )
        };
        return Err(refusal(record, pos, &uid, &what));
    }
    overlapping_routines(tx)
}

fn overlapping_routines(tx: &Transaction<'_>) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT r.start_on, r.weeks, r.per_week, r.baseline_nights, r.stopped_on, s.pos, r.uid
         FROM main.routines r LEFT JOIN temp.import_routines s ON s.uid = r.uid
         WHERE r.deleted_at IS NULL ORDER BY r.start_on",
    )?;
    let live = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u8>(1)?,
            r.get::<_, u8>(2)?,
            r.get::<_, u16>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut routines = Vec::new();
    for row in live {
        let (start, weeks, per_week, baseline, stopped, pos, uid) = row?;
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d");
        let mut routine = Routine::new(date(&start)?, weeks, per_week, baseline);
        routine.stopped_on = stopped.as_deref().map(date).transpose()?;
        routines.push((routine, pos, uid));
    }
    for (i, (a, a_pos, a_uid)) in routines.iter().enumerate() {
        for (b, b_pos, b_uid) in &routines[i + 1..] {
            if a.overlaps(b) && (a_pos.is_some() || b_pos.is_some()) {
                let (pos, uid, other) = match (a_pos, b_pos) {
                    (_, Some(p)) => (*p, b_uid, a),
                    (Some(p), None) => (*p, a_uid, b),
                    (None, None) => continue,
                };
                return Err(refusal(
                    "routines",
                    pos,
                    uid,
                    &format!(
                        "it overlaps the routine from {} to {}; routines must not share a day",
                        other.start,
                        other.end()
                    ),
                ));
            }
        }
    }
    Ok(())
}
