//! Where the diary lives: `--db`, then `CRAMP_DB`, then the XDG data dir.

use color_eyre::eyre::{Result, eyre};
use directories::ProjectDirs;
use std::path::PathBuf;

pub const DB_ENV: &str = "CRAMP_DB";

/// `~/.local/share/cramp-diary/diary.db` on Linux (XDG_DATA_HOME respected).
pub fn default_diary() -> Result<PathBuf> {
    ProjectDirs::from("", "", "cramp-diary")
        .map(|dirs| dirs.data_dir().join("diary.db"))
        .ok_or_else(|| {
            eyre!("cannot find your home folder to keep the diary in; choose a file with --db PATH")
        })
}

/// The diary to use: an explicit path (flag or environment, as clap resolved it) or the default.
pub fn resolve(explicit: Option<PathBuf>) -> Result<PathBuf> {
    match explicit {
        Some(path) => Ok(path),
        None => default_diary(),
    }
}
