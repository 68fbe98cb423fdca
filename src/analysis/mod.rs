//! Pure functions over plain data: no SQL, no terminal.

pub mod adherence;
pub mod dashboard;
pub mod detectable;
pub mod experiment;
pub mod experiment_plan;
pub mod experiment_status;
pub mod phases;
pub mod randomisation;
pub mod rate;
pub mod verdict;
pub mod weekly;
pub mod weekly_ci;
