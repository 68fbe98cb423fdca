//! One file per table, each the one home of that table: its row (declared once with
//! [`table_row!`](crate::store::rows::table_row), which gives the codec), the row as domain
//! values and domain values as a new row. A new column is added in its table's file (and its
//! migration); every read, write, copy and import follows.

mod answers;
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
