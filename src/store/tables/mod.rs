//! The list of tables, and one file per table, each the one home of that table: its row
//! (declared once with [`table_row!`](crate::store::rows::table_row), which gives the codec),
//! the row as domain values and back, and its [`Table`](super::table::Table) declaration. A new
//! column is added in its table's file (and its migration); a new table is its file, one line
//! below and its migration: every copy, import, export, CSV, count and undo follows.

mod context;
mod episodes;
mod experiments;
mod nights;
mod routines;
mod sessions;

pub use context::ContextRow;
pub use episodes::EpisodeRow;
pub use experiments::ExperimentRow;
pub use nights::NightRow;
pub use routines::RoutineRow;
pub use sessions::SessionRow;

use super::table::tables;

tables! {
    nights: NightRow,
    /// Each cramp, under its night (merged after the nights).
    episodes: EpisodeRow,
    sessions: SessionRow,
    routines: RoutineRow,
    context: ContextRow,
    /// Absent from files of older versions, and written only when the diary has one.
    experiments: ExperimentRow,
}
