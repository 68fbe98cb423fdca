//! The list of tables, and one file per table, each the one home of that table: its row
//! (declared once with [`table_row!`](crate::store::rows::table_row), which gives the codec),
//! the row as domain values and back, and its [`Table`](super::table::Table) declaration. A new
//! column is added in its table's file (and its migration); a new table is its file, one line
//! below and its migration: every copy, import, export, CSV, count and undo follows.

pub use super::context::ContextRow;
pub use super::experiments::{AnswerRow, ExperimentRow};
pub use super::nights::EpisodeRow;
pub use super::nights::NightRow;
pub use super::routines::RoutineRow;
pub use super::sessions::SessionRow;
pub use super::tags::TagRow;

use super::table::tables;

tables! {
    /// Merged first: a stop an import brings, and whether an imported experiment was drawn
    /// before its nights, are judged on the diary's own nights, before the file's join them (the
    /// diary refuses a stop dated before a logged night inside the experiment). Absent from
    /// files of older versions, and written only when the diary has one.
    experiments: ExperimentRow,
    /// A daily-habit experiment's y/n answer for a night (after its experiment).
    answers: AnswerRow,
    nights: NightRow,
    /// Each cramp, under its night (merged after the nights).
    episodes: EpisodeRow,
    sessions: SessionRow,
    routines: RoutineRow,
    context: ContextRow,
    /// Each tag, under its night (merged after the nights); absent from older files.
    tags: TagRow,
}
