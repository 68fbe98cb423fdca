//! An experiment's own import rules, run on the staged file before anything is merged (the
//! experiments are merged first, so the diary's nights are still its own):
//!
//! - a stop is final: a copy that moves the diary's stop is refused, and a stop the diary lacks
//!   may not be dated before the last night the diary logged inside the experiment;
//! - an experiment the diary lacks is recorded as imported now, and as not pre-registered here
//!   when the diary already holds a night on or after its start, or the file holds such a night
//!   created before the schedule (its own `created_at`) — kept, but never shown with an
//!   unqualified verdict;
//! - a daily answer belongs to a night of its daily-habit experiment (of the file or the diary).

use super::rules::refusal;
use crate::domain::experiment::{Planned, ScheduleSource, refuses_redraw};
use crate::domain::{Stamp, Uid};
use crate::store::convert::ToDomain;
use crate::store::rows::TableRow;
use crate::store::tables::ExperimentRow;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::types::FromSql;
use rusqlite::{OptionalExtension, Row, Transaction, params};

pub(super) fn prepare(tx: &Transaction<'_>, now: &Stamp) -> Result<()> {
    stops_are_final(tx)?;
    stops_were_recorded_before_the_nights_after_them(tx)?;
    no_redraw_of_cancelled_weeks(tx)?;
    tx.execute(
        "UPDATE temp.import_experiments SET stopped_at = updated_at
         WHERE stopped_on IS NOT NULL AND stopped_at IS NULL",
        [],
    )?;
    tx.execute(
        "UPDATE temp.import_experiments AS s
         SET schedule_source = ?1, imported_at = ?2,
             preregistered = s.preregistered
                 AND NOT EXISTS (SELECT 1 FROM main.nights n WHERE n.night_of >= s.start_on)
                 AND NOT EXISTS (SELECT 1 FROM temp.import_nights n
                                 WHERE n.night_of >= s.start_on AND n.created_at < s.created_at)
         WHERE NOT EXISTS (SELECT 1 FROM main.experiments m WHERE m.uid = s.uid)",
        params![ScheduleSource::Imported.as_str(), now],
    )?;
    answers_inside_their_experiment(tx)
}

/// Refuses the first experiment of the file a rule's query finds (its position, uid, then the
/// columns the rule's words name), in those words.
fn first_experiment<D: FromRowTail>(
    tx: &Transaction<'_>,
    sql: &str,
    words: impl FnOnce(D) -> String,
) -> Result<()> {
    let found = tx
        .query_row(sql, [], |r| {
            Ok((r.get(0)?, r.get::<_, Uid>(1)?, D::from_tail(r)?))
        })
        .optional()?;
    match found {
        Some((pos, uid, d)) => Err(refusal("experiments", pos, &uid, &words(d))),
        None => Ok(()),
    }
}

/// The columns after a rule's position and uid, read as a tuple.
trait FromRowTail: Sized {
    fn from_tail(r: &Row<'_>) -> rusqlite::Result<Self>;
}

impl<A: FromSql, B: FromSql> FromRowTail for (A, B) {
    fn from_tail(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok((r.get(2)?, r.get(3)?))
    }
}

impl<A: FromSql, B: FromSql, C: FromSql> FromRowTail for (A, B, C) {
    fn from_tail(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok((r.get(2)?, r.get(3)?, r.get(4)?))
    }
}

/// A copy that moves the diary's stop, or brings one dated before a night the diary logged
/// inside the experiment, is refused.
fn stops_are_final(tx: &Transaction<'_>) -> Result<()> {
    first_experiment(
        tx,
        "SELECT s.pos, s.uid, m.stopped_on, s.stopped_on
         FROM temp.import_experiments s JOIN main.experiments m ON m.uid = s.uid
         WHERE m.stopped_on IS NOT NULL AND s.stopped_on IS NOT NULL
           AND s.stopped_on <> m.stopped_on
         ORDER BY s.pos LIMIT 1",
        |(ours, theirs): (NaiveDate, NaiveDate)| {
            format!(
                "stopped_on must be {ours}, the stop this diary holds: a stop is final and an import cannot move it, got {theirs}"
            )
        },
    )?;
    first_experiment(
        tx,
        "SELECT s.pos, s.uid, s.stopped_on,
                (SELECT max(n.night_of) FROM main.nights n
                 WHERE n.night_of > s.stopped_on AND n.night_of >= s.start_on
                   AND n.night_of <= date(s.start_on, '+' || (14 * s.pairs - 1) || ' days'))
                AS last
         FROM temp.import_experiments s LEFT JOIN main.experiments m ON m.uid = s.uid
         WHERE s.stopped_on IS NOT NULL AND m.stopped_on IS NULL AND last IS NOT NULL
         ORDER BY s.pos LIMIT 1",
        |(stop, last): (NaiveDate, NaiveDate)| {
            format!(
                "stopped_on must not be before the last night this diary logged inside the experiment ({last}), got {stop}"
            )
        },
    )
}

/// A stop the diary lacks is judged as the diary judged it when it was recorded: by every night
/// the diary will hold, the file's included. Its record time is no later than the copy's last
/// change (recording a stop changes the experiment; a change is never in the future), and no night after its date
/// (inside the experiment) was logged before it was recorded. A stop recorded first and nights
/// logged after it are a real early stop followed by more logging, and are kept.
fn stops_were_recorded_before_the_nights_after_them(tx: &Transaction<'_>) -> Result<()> {
    first_experiment(
        tx,
        "SELECT s.pos, s.uid, s.stopped_at, s.updated_at
         FROM temp.import_experiments s LEFT JOIN main.experiments m ON m.uid = s.uid
         WHERE s.stopped_on IS NOT NULL AND m.stopped_on IS NULL
           AND s.stopped_at IS NOT NULL AND s.stopped_at > s.updated_at
         ORDER BY s.pos LIMIT 1",
        |(at, updated): (Stamp, Stamp)| {
            format!(
                "stopped_at must be no later than updated_at ({updated}), since recording a stop changes the experiment, got {at}"
            )
        },
    )?;
    first_experiment(
        tx,
        "SELECT s.pos, s.uid, s.stopped_on, n.night_of, coalesce(s.stopped_at, s.updated_at)
         FROM temp.import_experiments s LEFT JOIN main.experiments m ON m.uid = s.uid
         JOIN temp.import_nights n
           ON n.night_of > s.stopped_on AND n.night_of >= s.start_on
          AND n.night_of <= date(s.start_on, '+' || (14 * s.pairs - 1) || ' days')
          AND n.created_at < coalesce(s.stopped_at, s.updated_at)
         WHERE s.stopped_on IS NOT NULL AND m.stopped_on IS NULL
         ORDER BY s.pos, n.night_of DESC LIMIT 1",
        |(stop, night, at): (NaiveDate, NaiveDate, Stamp)| {
            format!(
                "stopped_on must not be before the last night inside the experiment logged before the stop was recorded at {at} (the file's night {night}), got {stop}"
            )
        },
    )
}

/// An experiment new to the diary may not share a week with a draw this diary holds that was
/// cancelled before it began (by the diary or by this file): the rule `experiment start` keeps,
/// so a schedule drawn elsewhere cannot replace one cancelled here. Draws that arrive together
/// in one file (re-draws made before this rule) are kept and listed.
fn no_redraw_of_cancelled_weeks(tx: &Transaction<'_>) -> Result<()> {
    first_experiment(
        tx,
        "WITH cancelled AS (
             SELECT m.start_on,
                    date(m.start_on, '+' || (14 * m.pairs - 1) || ' days') AS last
             FROM main.experiments m LEFT JOIN temp.import_experiments c ON c.uid = m.uid
             WHERE coalesce(m.stopped_on, c.stopped_on) <= m.start_on)
         SELECT s.pos, s.uid, s.start_on, k.start_on, k.last
         FROM temp.import_experiments s JOIN cancelled k
           ON s.start_on <= k.last
          AND k.start_on <= date(s.start_on, '+' || (14 * s.pairs - 1) || ' days')
         WHERE NOT EXISTS (SELECT 1 FROM main.experiments m WHERE m.uid = s.uid)
         ORDER BY s.pos, k.last DESC LIMIT 1",
        |(got, first, last): (NaiveDate, NaiveDate, NaiveDate)| {
            refuses_redraw("start_on", first, last, got)
        },
    )
}

/// Every staged answer's night is a night of its experiment, which is a daily-habit one.
fn answers_inside_their_experiment(tx: &Transaction<'_>) -> Result<()> {
    // The experiments as they will be: the diary's, and the file's it lacks.
    let mut stmt = tx.prepare(&format!(
        "SELECT {0} FROM main.experiments t
         UNION ALL
         SELECT {0} FROM temp.import_experiments t
         WHERE NOT EXISTS (SELECT 1 FROM main.experiments m WHERE m.uid = t.uid)",
        ExperimentRow::select("t")
    ))?;
    let experiments: Vec<(Uid, Planned)> = stmt
        .query_map([], |row| {
            let e = ExperimentRow::from_row(row)?;
            Ok((e.uid.clone(), e))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(uid, e)| e.to_domain_as_stored().ok().map(|s| (uid, s.item)))
        .collect();
    let mut stmt = tx.prepare(
        "SELECT pos, uid, experiment_uid, night_of FROM temp.import_answers
         WHERE deleted_at IS NULL ORDER BY pos",
    )?;
    let answers = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Uid>(1)?,
                r.get::<_, Uid>(2)?,
                r.get::<_, NaiveDate>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (pos, uid, experiment, night) in answers {
        let Some((_, planned)) = experiments.iter().find(|(u, _)| *u == experiment) else {
            return Err(refusal(
                "answers",
                pos,
                &uid,
                &format!(
                    "experiment_uid {experiment} is not an experiment in the file or the diary"
                ),
            ));
        };
        if let Err(why) = planned.experiment.check_answer_night("night_of", night) {
            return Err(refusal("answers", pos, &uid, &why.0));
        }
    }
    Ok(())
}
