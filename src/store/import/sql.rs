//! The SQL that stages and merges a table, written once for every table of the list from its
//! codec's column list and its [`Merge`](crate::store::table::Merge) declaration.

use crate::store::table::{Table, changed};

/// The table's staging table: `import_<list>`.
pub(super) fn staged<T: Table>() -> String {
    format!("import_{}", T::LIST)
}

/// The staged value for a diary column.
fn source(column: &str) -> String {
    if column == "night_id" {
        "(SELECT id FROM main.nights WHERE uid = s.night_uid)".to_string()
    } else {
        format!("s.{column}")
    }
}

/// The diary's columns after `uid`.
fn columns<T: Table>() -> Vec<&'static str> {
    staged_columns::<T>()
        .iter()
        .map(|c| if *c == "night_uid" { "night_id" } else { c })
        .collect()
}

/// The staged columns after `uid`, as the file names them.
fn staged_columns<T: Table>() -> &'static [&'static str] {
    &T::COLUMNS[1..]
}

pub(super) fn create_staging<T: Table>() -> String {
    format!(
        "DROP TABLE IF EXISTS temp.{0}; CREATE TEMP TABLE {0} (pos INTEGER NOT NULL, uid TEXT PRIMARY KEY, {1});",
        staged::<T>(),
        staged_columns::<T>().join(", ")
    )
}

pub(super) fn stage_row<T: Table>() -> String {
    let cols = staged_columns::<T>();
    let marks: Vec<String> = (3..cols.len() + 3).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO temp.{} (pos, uid, {}) VALUES (?1, ?2, {})",
        staged::<T>(),
        cols.join(", "),
        marks.join(", ")
    )
}

/// What must hold, besides being newer, for a staged copy `s` to replace the diary's `m`.
fn merged_when<T: Table>() -> String {
    let newer = format!("{} > {}", changed::<T>("s"), changed::<T>("m"));
    match T::MERGE.when {
        Some(when) => format!("{newer} AND ({when})"),
        None => newer,
    }
}

/// added, updated (newer and merged), unchanged (as new, or newer but kept by the table's own
/// rules), older: one pass before anything changes.
pub(super) fn count<T: Table>() -> String {
    let (s, m) = (changed::<T>("s"), changed::<T>("m"));
    let merged = merged_when::<T>();
    format!(
        "SELECT coalesce(sum(m.uid IS NULL), 0), coalesce(sum({merged}), 0),
                coalesce(sum({s} = {m} OR ({s} > {m} AND NOT ({merged}))), 0),
                coalesce(sum({s} < {m}), 0)
         FROM temp.{} s LEFT JOIN main.{} m ON m.uid = s.uid",
        staged::<T>(),
        T::TABLE
    )
}

pub(super) fn update<T: Table>() -> String {
    let set: Vec<String> = T::MERGE
        .writes
        .map_or_else(columns::<T>, <[&str]>::to_vec)
        .iter()
        .map(|c| format!("{c} = {}", source(c)))
        .collect();
    format!(
        "UPDATE main.{0} AS m SET {1} FROM temp.{2} AS s WHERE m.uid = s.uid AND {3}",
        T::TABLE,
        set.join(", "),
        staged::<T>(),
        merged_when::<T>()
    )
}

pub(super) fn insert<T: Table>() -> String {
    let values: Vec<String> = columns::<T>().iter().map(|c| source(c)).collect();
    format!(
        "INSERT INTO main.{0} (uid, {1}) SELECT s.uid, {2} FROM temp.{3} s
         WHERE NOT EXISTS (SELECT 1 FROM main.{0} m WHERE m.uid = s.uid) ORDER BY s.pos",
        T::TABLE,
        columns::<T>().join(", "),
        values.join(", "),
        staged::<T>()
    )
}

/// The first staged row (position, uid) whose fixed columns differ from the diary's copy.
pub(super) fn changed_fixed<T: Table>(fixed: &[&str]) -> String {
    let same: Vec<String> = fixed.iter().map(|c| format!("s.{c} IS m.{c}")).collect();
    // The first column that differs, with the diary's value and the file's, as text.
    let first = |value: &str| -> String {
        let arms: Vec<String> = fixed
            .iter()
            .map(|c| {
                let v = value.replace("{c}", c);
                format!("WHEN NOT (s.{c} IS m.{c}) THEN {v}")
            })
            .collect();
        format!("CASE {} END", arms.join(" "))
    };
    format!(
        "SELECT s.pos, s.uid, {}, {}, {} FROM temp.{} s JOIN main.{} m ON m.uid = s.uid
         WHERE NOT ({}) ORDER BY s.pos LIMIT 1",
        first("'{c}'"),
        first("CAST(m.{c} AS TEXT)"),
        first("CAST(s.{c} AS TEXT)"),
        staged::<T>(),
        T::TABLE,
        same.join(" AND ")
    )
}

/// The first staged live row (position, uid, date) whose date already has another live row in
/// the diary, unless the diary's copy is the newer one (then the file's copy is not merged).
pub(super) fn live_date_clash<T: Table>(column: &str) -> String {
    format!(
        "SELECT s.pos, s.uid, s.{column} FROM temp.{staged} s
         WHERE s.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM main.{main} m WHERE m.uid = s.uid AND {} >= {})
           AND EXISTS (SELECT 1 FROM main.{main} o WHERE o.{column} = s.{column}
                       AND o.deleted_at IS NULL AND o.uid <> s.uid)
         ORDER BY s.pos LIMIT 1",
        changed::<T>("m"),
        changed::<T>("s"),
        staged = staged::<T>(),
        main = T::TABLE,
    )
}
