//! The five tables an import merges, and the SQL that stages and merges each, written once
//! from its codec's column list.

use crate::store::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, SessionRow, TableRow};

/// When a row last changed: an edit (`updated_at`) or a deletion (`deleted_at`), whichever is later.
pub(super) fn changed(alias: &str) -> String {
    format!("max({alias}.updated_at, coalesce({alias}.deleted_at, ''))")
}

/// One table's merge: its name in the diary, its staging table, its name in messages, and its
/// columns from its codec (`uid` first; for episodes, `night_id` is found from the staged
/// `night_uid`).
pub(super) struct Table {
    pub(super) main: &'static str,
    pub(super) staged: &'static str,
    pub(super) record: &'static str,
    all_columns: &'static [&'static str],
}

pub(super) const NIGHTS: Table = Table {
    main: NightRow::TABLE,
    staged: "import_nights",
    record: "nights",
    all_columns: NightRow::COLUMNS,
};
pub(super) const EPISODES: Table = Table {
    main: EpisodeRow::TABLE,
    staged: "import_episodes",
    record: "episodes",
    all_columns: EpisodeRow::COLUMNS,
};
pub(super) const SESSIONS: Table = Table {
    main: SessionRow::TABLE,
    staged: "import_sessions",
    record: "sessions",
    all_columns: SessionRow::COLUMNS,
};
pub(super) const ROUTINES: Table = Table {
    main: RoutineRow::TABLE,
    staged: "import_routines",
    record: "routines",
    all_columns: RoutineRow::COLUMNS,
};
pub(super) const CONTEXT: Table = Table {
    main: ContextRow::TABLE,
    staged: "import_context",
    record: "context",
    all_columns: ContextRow::COLUMNS,
};
pub(super) const ALL: [&Table; 5] = [&NIGHTS, &EPISODES, &SESSIONS, &ROUTINES, &CONTEXT];

impl Table {
    /// The staged value for a diary column.
    pub(super) fn source(&self, column: &str) -> String {
        if column == "night_id" {
            "(SELECT id FROM main.nights WHERE uid = s.night_uid)".to_string()
        } else {
            format!("s.{column}")
        }
    }

    /// The diary's columns after `uid`.
    pub(super) fn columns(&self) -> Vec<&'static str> {
        self.staged_columns()
            .into_iter()
            .map(|c| if c == "night_uid" { "night_id" } else { c })
            .collect()
    }

    /// The staged columns after `uid`, as the file names them.
    pub(super) fn staged_columns(&self) -> Vec<&'static str> {
        self.all_columns[1..].to_vec()
    }

    pub(super) fn create_staging(&self) -> String {
        format!(
            "DROP TABLE IF EXISTS temp.{0}; CREATE TEMP TABLE {0} (pos INTEGER NOT NULL, uid TEXT PRIMARY KEY, {1});",
            self.staged,
            self.staged_columns().join(", ")
        )
    }

    pub(super) fn stage_row(&self) -> String {
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
    pub(super) fn count(&self) -> String {
        let (s, m) = (changed("s"), changed("m"));
        format!(
            "SELECT coalesce(sum(m.uid IS NULL), 0), coalesce(sum({s} > {m}), 0),
                    coalesce(sum({s} = {m}), 0), coalesce(sum({s} < {m}), 0)
             FROM temp.{} s LEFT JOIN main.{} m ON m.uid = s.uid",
            self.staged, self.main
        )
    }

    pub(super) fn update(&self) -> String {
        let set: Vec<String> = self
            .columns()
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

    pub(super) fn insert(&self) -> String {
        let values: Vec<String> = self.columns().iter().map(|c| self.source(c)).collect();
        format!(
            "INSERT INTO main.{0} (uid, {1}) SELECT s.uid, {2} FROM temp.{3} s
             WHERE NOT EXISTS (SELECT 1 FROM main.{0} m WHERE m.uid = s.uid) ORDER BY s.pos",
            self.main,
            self.columns().join(", "),
            values.join(", "),
            self.staged
        )
    }
}
