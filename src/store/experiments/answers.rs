//! The `experiment_answers` table: a daily-habit experiment's y/n answer for a night, its row,
//! the row as an [`Answer`] and the queries that read and write it.

use crate::domain::experiment::Answer;
use crate::domain::{Invalid, Stamp, Stored, Uid};
use crate::store::Store;
use crate::store::convert::fields::uid;
use crate::store::convert::{Rules, ToDomain, read};
use crate::store::rows::{TableRow, table_row};
use crate::store::table::{OneLive, Table, When};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

table_row!(
/// Whether a daily habit was done on the day before a night of its experiment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
AnswerRow, "experiment_answers", {
    uid: Uid,
    experiment_uid: Uid,
    #[serde(with = "crate::store::rows::date")]
    night_of: NaiveDate,
    done: bool,
    @stamps});

impl ToDomain for AnswerRow {
    type Domain = Stored<Answer>;

    fn convert(&self, rules: Rules) -> Result<Stored<Answer>, Invalid> {
        Ok(Stored {
            uid: uid(rules, "uid", &self.uid)?,
            item: Answer {
                experiment: uid(rules, "experiment_uid", &self.experiment_uid)?,
                night_of: self.night_of,
                done: self.done,
            },
        })
    }
}

impl Table for AnswerRow {
    const NOUN: (&'static str, &'static str) = ("daily answer", "daily answers");
    const CSV: Option<&'static str> = Some("experiment_answers.csv");
    const IN_EVERY_FILE: bool = false;
    const DAY: Option<&'static str> = Some("t.night_of");
    const ORDER: &'static str = "t.night_of, t.id";
    /// Experiments never share a day, so a night has at most one live answer.
    const ONE_LIVE: Option<OneLive> = Some(OneLive {
        column: "night_of",
        date: "night",
        taken: "is already answered",
        again: "has been answered again",
    });

    fn when(&self) -> Option<When> {
        Some(When::Day("night_of", self.night_of))
    }
}

impl Store {
    /// A daily-habit experiment's live answers, night by night.
    pub fn answers(&self, experiment: &Uid) -> Result<Vec<Stored<Answer>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM experiment_answers t
             WHERE t.experiment_uid = ?1 AND t.deleted_at IS NULL ORDER BY t.night_of",
            AnswerRow::select("t")
        ))?;
        let rows = stmt.query_map([experiment], read::<AnswerRow>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records (or changes) the answer for a night. The diary refuses a night outside the
    /// experiment (its trigger); the caller checks first to say so in words.
    pub fn answer(&mut self, answer: &Answer, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        let existing: Option<Uid> = tx
            .query_row(
                "SELECT uid FROM experiment_answers
                 WHERE experiment_uid = ?1 AND night_of = ?2 AND deleted_at IS NULL",
                params![answer.experiment, answer.night_of],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(uid) => {
                tx.execute(
                    "UPDATE experiment_answers SET done = ?2, updated_at = ?3
                     WHERE uid = ?1 AND done <> ?2",
                    params![uid, answer.done, stamp],
                )?;
            }
            None => {
                let row = AnswerRow {
                    uid: crate::store::shared::new_uid(),
                    experiment_uid: answer.experiment.clone(),
                    night_of: answer.night_of,
                    done: answer.done,
                    created_at: stamp.clone(),
                    updated_at: stamp.clone(),
                    deleted_at: None,
                };
                tx.execute(&AnswerRow::insert_sql(), row.params().as_slice())?;
            }
        }
        tx.commit().wrap_err("saving the answer")?;
        Ok(())
    }
}
