//! Every live routine and experiment as the days it runs: what starting either, and every
//! import, checks against the one rule of [`Period`] (only one runs on any day).

use super::convert::read;
use super::rows::{ExperimentRow, RoutineRow, TableRow};
use super::table::Listed;
use crate::domain::Uid;
use crate::domain::period::Period;
use color_eyre::eyre::Result;
use rusqlite::Connection;

/// A live routine or experiment, with its position in the import being merged, if it has it.
pub(super) struct Planned {
    pub(super) period: Period,
    pub(super) uid: Uid,
    pub(super) list: &'static str,
    pub(super) pos: Option<i64>,
}

/// Every live routine and experiment (an experiment cancelled before it began runs on no day).
/// With `staged`, each is matched to its copy staged by an import (`temp.import_<list>`).
pub(super) fn planned(conn: &Connection, staged: bool) -> Result<Vec<Planned>> {
    let query = |table: &str, list: &str, select: String| {
        if staged {
            format!(
                "SELECT s.pos, {select} FROM main.{table} t
                 LEFT JOIN temp.import_{list} s ON s.uid = t.uid"
            )
        } else {
            format!("SELECT NULL AS pos, {select} FROM main.{table} t")
        }
    };
    let mut all = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "{} WHERE t.deleted_at IS NULL",
        query(RoutineRow::TABLE, RoutineRow::LIST, RoutineRow::select("t"))
    ))?;
    let routines = stmt.query_map([], |row| {
        let routine = read::<RoutineRow>(row)?;
        Ok(Planned {
            period: Period::of_routine(&routine.item),
            uid: routine.uid,
            list: RoutineRow::LIST,
            pos: row.get("pos")?,
        })
    })?;
    all.extend(routines.collect::<rusqlite::Result<Vec<_>>>()?);
    let mut stmt = conn.prepare(&query(
        ExperimentRow::TABLE,
        ExperimentRow::LIST,
        ExperimentRow::select("t"),
    ))?;
    let experiments = stmt.query_map([], |row| {
        let experiment = read::<ExperimentRow>(row)?;
        let pos = row.get("pos")?;
        Ok(
            Period::of_experiment(&experiment.item.experiment).map(|period| Planned {
                period,
                uid: experiment.uid,
                list: ExperimentRow::LIST,
                pos,
            }),
        )
    })?;
    all.extend(
        experiments
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .flatten(),
    );
    all.sort_by_key(|p| (p.period.first, p.period.last));
    Ok(all)
}

/// The days every live routine and experiment runs, in order.
pub(super) fn periods(conn: &Connection) -> Result<Vec<Period>> {
    Ok(planned(conn, false)?
        .into_iter()
        .map(|p| p.period)
        .collect())
}
