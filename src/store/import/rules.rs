//! The rules an import is checked against on the merged diary, and refusals that name the
//! record of the file that breaks them.

use super::sql;
use crate::domain::tags::TAGS_PER_NIGHT;
use crate::domain::{Invalid, Uid};
use crate::store::periods::planned;
use crate::store::table::{EachTable, Table};
use crate::store::tables::each_table;
use color_eyre::eyre::Result;
use rusqlite::{OptionalExtension, Transaction};

/// A table's own rule: columns that never change (an experiment's plan) are the same in the
/// file's copy as in the diary's.
pub(super) fn keeps_what_is_fixed<T: Table>(tx: &Transaction<'_>) -> Result<()> {
    let Some((fixed, why)) = T::MERGE.fixed else {
        return Ok(());
    };
    type Changed = (i64, Uid, String, Option<String>, Option<String>);
    match tx
        .query_row(&sql::changed_fixed::<T>(fixed), [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?
    {
        Some::<Changed>((pos, uid, column, ours, theirs)) => {
            let shown = |v: Option<String>| v.map_or("empty".to_string(), |v| format!("'{v}'"));
            Err(refusal(
                T::LIST,
                pos,
                &uid,
                &format!(
                    "{column} must be {}, as this diary holds it ({why}), got {}",
                    shown(ours),
                    shown(theirs)
                ),
            ))
        }
        None => Ok(()),
    }
}

/// Runs a table's update then insert. A clash with the one-live-row-per-date rule is named
/// as the record that causes it, never as SQLite's constraint message.
pub(super) fn apply<T: Table>(tx: &Transaction<'_>) -> Result<()> {
    let result = tx
        .execute(&sql::update::<T>(), [])
        .and_then(|_| tx.execute(&sql::insert::<T>(), []));
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            if let Some(one) = T::ONE_LIVE
                && let Some((pos, uid, date)) =
                    first_offender(tx, &sql::live_date_clash::<T>(one.column))?
            {
                return Err(refusal(
                    T::LIST,
                    pos,
                    &uid,
                    &format!(
                        "{} {date} {} in this diary as another entry; delete one of them first",
                        one.date, one.taken
                    ),
                ));
            }
            // Validation should have caught it; still, one sentence rather than SQLite's.
            Err(Invalid::new(format!(
                "one of the {} in the file breaks a rule of this diary; nothing was imported",
                T::LIST
            ))
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The first record a rule's query finds (its position in the file, uid and a third column
/// to name it by, such as its night), if any.
fn first_offender(tx: &Transaction<'_>, sql: &str) -> Result<Option<(i64, Uid, String)>> {
    Ok(tx
        .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

pub(super) fn refusal(record: &str, pos: i64, uid: &Uid, what: &str) -> color_eyre::eyre::Report {
    Invalid::new(format!(
        "{record}[{pos}] (uid {uid}): {what}; nothing was imported"
    ))
    .into()
}

/// Every record that belongs to a night (a cramp, a tag) is under a night of the file or of
/// the diary.
struct UnderANight<'a, 't>(&'a Transaction<'t>);

impl EachTable for UnderANight<'_, '_> {
    type Error = color_eyre::eyre::Report;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> Result<()> {
        if !T::COLUMNS.contains(&"night_uid") {
            return Ok(());
        }
        let sql = format!(
            "SELECT pos, uid, night_uid FROM temp.{} s
             WHERE NOT EXISTS (SELECT 1 FROM main.nights n WHERE n.uid = s.night_uid)
               AND NOT EXISTS (SELECT 1 FROM temp.import_nights n WHERE n.uid = s.night_uid)
             ORDER BY pos LIMIT 1",
            sql::staged::<T>()
        );
        if let Some((pos, uid, night)) = first_offender(self.0, &sql)? {
            return Err(refusal(
                T::LIST,
                pos,
                &uid,
                &format!("night_uid {night} is not a night in the file or the diary"),
            ));
        }
        Ok(())
    }
}

/// The rules across records of the file, before anything is merged: every cramp and tag is
/// under a night of the file or of the diary.
pub(super) fn check_staged(tx: &Transaction<'_>) -> Result<()> {
    each_table(&mut UnderANight(tx))
}

/// A night has at most 20 tags once the import is merged; the first tag of the file on such a
/// night is named.
fn twenty_tags_a_night(tx: &Transaction<'_>) -> Result<()> {
    if let Some((pos, uid, night, count)) = tx
        .query_row(
            "SELECT min(s.pos), s.uid, n.night_of, c.tags
             FROM (SELECT night_id, count(DISTINCT tag) AS tags FROM main.night_tags
                   WHERE deleted_at IS NULL GROUP BY night_id) c
             JOIN main.nights n ON n.id = c.night_id
             JOIN temp.import_tags s ON s.night_uid = n.uid
             WHERE c.tags > ?1 AND n.deleted_at IS NULL
             GROUP BY n.id ORDER BY min(s.pos) LIMIT 1",
            [TAGS_PER_NIGHT as i64],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Uid>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )
        .optional()?
    {
        return Err(refusal(
            "tags",
            pos,
            &uid,
            &format!(
                "night {night} would have {count} tags; tags must be at most {TAGS_PER_NIGHT} on a night"
            ),
        ));
    }
    Ok(())
}

/// The rules that span records, on the diary as the import would leave it; only rows the
/// import touched can be blamed.
pub(super) fn check_merged(tx: &Transaction<'_>) -> Result<()> {
    // A night and its cramp disagree: name the record of `first`'s list (nights or episodes)
    // when the file has `uid` there, else the one of `other`'s, each with its own words.
    let blame = |uid: &Uid, pos: i64, first: (&str, String), other: (&str, String)| -> Result<_> {
        let in_first: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM temp.import_{} WHERE uid = ?1)",
                first.0
            ),
            [uid],
            |r| r.get(0),
        )?;
        let (record, what) = if in_first { first } else { other };
        Ok(refusal(record, pos, uid, &what))
    };
    // A "no cramps" night with a live cramp: blame the night if the file has it, else the cramp.
    if let Some((pos, uid, night)) = first_offender(
        tx,
        "SELECT coalesce(sn.pos, se.pos), coalesce(sn.uid, se.uid), n.night_of
         FROM main.nights n JOIN main.cramp_episodes e ON e.night_id = n.id
         LEFT JOIN temp.import_nights sn ON sn.uid = n.uid
         LEFT JOIN temp.import_episodes se ON se.uid = e.uid
         WHERE n.status = 'none' AND n.deleted_at IS NULL AND e.deleted_at IS NULL
           AND (sn.uid IS NOT NULL OR se.uid IS NOT NULL)
         ORDER BY sn.pos IS NULL, coalesce(sn.pos, se.pos) LIMIT 1",
    )? {
        return Err(blame(
            &uid,
            pos,
            (
                "nights",
                format!("status is none (no cramps) but night {night} has cramps"),
            ),
            (
                "episodes",
                format!(
                    "night {night} is marked as having no cramps, so it cannot have this cramp"
                ),
            ),
        )?);
    }
    if let Some((pos, uid, night)) = first_offender(
        tx,
        "SELECT coalesce(se.pos, sn.pos), coalesce(se.uid, sn.uid), n.night_of
         FROM main.cramp_episodes e JOIN main.nights n ON n.id = e.night_id
         LEFT JOIN temp.import_nights sn ON sn.uid = n.uid
         LEFT JOIN temp.import_episodes se ON se.uid = e.uid
         WHERE e.deleted_at IS NULL AND n.deleted_at IS NOT NULL
           AND (sn.uid IS NOT NULL OR se.uid IS NOT NULL)
         ORDER BY se.pos IS NULL, coalesce(se.pos, sn.pos) LIMIT 1",
    )? {
        return Err(blame(
            &uid,
            pos,
            (
                "episodes",
                format!("the cramp is live but its night {night} is deleted"),
            ),
            (
                "nights",
                format!("night {night} is deleted but still has live cramps in the diary"),
            ),
        )?);
    }
    twenty_tags_a_night(tx)?;
    one_routine_or_experiment_a_day(tx)
}

/// Routines and experiments never share a day, whichever of them comes from the file (the
/// rule's home is [`Period`](crate::domain::period::Period)); of two from the file, the one
/// that starts later is named.
fn one_routine_or_experiment_a_day(tx: &Transaction<'_>) -> Result<()> {
    let all = planned(tx, true)?;
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if !a.period.overlaps(&b.period) {
                continue;
            }
            let (blamed, other) = match (a.pos, b.pos) {
                (_, Some(_)) => (b, a),
                (Some(_), None) => (a, b),
                (None, None) => continue,
            };
            let place = if other.pos.is_some() {
                "in the file"
            } else {
                "in this diary"
            };
            return Err(refusal(
                blamed.list,
                blamed.pos.unwrap_or_default(),
                &blamed.uid,
                &blamed.period.refuses_import(&other.period, place),
            ));
        }
    }
    Ok(())
}
