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

/// The diary in use when no --db is given: `CRAMP_DB`, else the default (for `--help`).
pub fn without_flag() -> Option<PathBuf> {
    std::env::var_os(DB_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| default_diary().ok())
}

/// The full path, for messages that must leave no doubt which file is meant.
pub fn shown(path: &std::path::Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The diary to use: an explicit path (flag or environment, as clap resolved it) or the default.
pub fn resolve(explicit: Option<PathBuf>) -> Result<PathBuf> {
    match explicit {
        Some(path) => Ok(path),
        None => default_diary(),
    }
}
