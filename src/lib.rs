//! cramp-diary: a terminal diary for night-time leg cramps, tight calves and self-massage.

pub mod analysis;
pub mod cli;
pub mod clock;
pub(crate) mod config;
pub mod crypt;
pub mod demo;
pub mod domain;
pub(crate) mod experiment;
pub mod export;
pub mod files;
pub(crate) mod format;
pub mod paths;
pub mod remind;
pub(crate) mod report;
pub mod store;
pub mod sync;
pub mod tui;
pub mod unlock;
