//! The rules an import is checked against on the merged diary, and refusals that name the
//! record of the file that breaks them.

use super::sql::{Table, changed};
use crate::domain::{Invalid, Uid};
use crate::store::convert::read;
use crate::store::rows::{RoutineRow, TableRow};
use color_eyre::eyre::Result;
use rusqlite::{OptionalExtension, Transaction};

/// For a table with one live row per date: the query naming the staged row that clashes.
pub(super) fn live_date_clash(
    main: &'static str,
    column: &'static str,
) -> Option<(String, &'static str)> {
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

/// Runs a table's update then insert. A clash with the one-live-row-per-date rule is named
/// as the record that causes it, never as SQLite's constraint message.
pub(super) fn apply(
    tx: &Transaction<'_>,
    table: &Table,
    clash: Option<(String, &str)>,
) -> Result<()> {
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
                            r.get::<_, Uid>(1)?,
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

pub(super) fn refusal(record: &str, pos: i64, uid: &Uid, what: &str) -> color_eyre::eyre::Report {
    Invalid::new(format!(
        "{record}[{pos}] (uid {uid}): {what}; nothing was imported"
    ))
    .into()
}

/// The rules that span records, on the diary as the import would leave it; only rows the
/// import touched can be blamed.
pub(super) fn check_merged(tx: &Transaction<'_>) -> Result<()> {
    let named = |sql: &str| -> Result<Option<(i64, Uid, String)>> {
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

pub(super) fn overlapping_routines(tx: &Transaction<'_>) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "SELECT s.pos, {} FROM main.routines r LEFT JOIN temp.import_routines s ON s.uid = r.uid
         WHERE r.deleted_at IS NULL ORDER BY r.start_on",
        RoutineRow::select("r")
    ))?;
    let live = stmt.query_map([], |row| {
        let pos: Option<i64> = row.get("pos")?;
        let routine = read::<RoutineRow>(row)?;
        Ok((routine.item, pos, routine.uid))
    })?;
    let routines = live.collect::<rusqlite::Result<Vec<_>>>()?;
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
