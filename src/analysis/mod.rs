//! Pure functions over plain data: no SQL, no terminal.

pub mod adherence;
pub mod blocks;
pub mod boundary;
pub mod dashboard;
pub(crate) mod detectable;
pub mod experiment;
pub mod experiment_plan;
pub mod experiment_status;
pub mod insights;
pub mod lasting;
pub mod patterns;
pub mod phases;
pub(crate) mod randomisation;
pub mod rate;
pub mod rtm;
pub mod rules;
pub mod season;
pub mod sequence;
pub mod verdict;
pub(crate) mod weekly;
pub mod weekly_ci;
pub mod year;
