//! `cramp config`: the configuration in use, or the commented default file.

use crate::paths;
use clap::Args;
use color_eyre::eyre::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the commented default configuration
    #[arg(long)]
    pub default: bool,
}

/// Works with a broken config too, so the default can be printed to start again from.
pub fn config(args: &ConfigArgs, db: Option<PathBuf>) -> Result<ExitCode> {
    if args.default {
        print!("{}", crate::config::DEFAULT);
        return Ok(ExitCode::SUCCESS);
    }
    let path = crate::config::path();
    let shown = path.as_ref().map_or("(no config folder)".to_string(), |p| {
        p.display().to_string()
    });
    let config = crate::config::load()?;
    println!(
        "Configuration file: {shown}{}",
        if path.as_ref().is_some_and(|p| p.exists()) {
            ""
        } else {
            " (not present: defaults in use)"
        }
    );
    println!("{}", config.describe());
    if let Ok(db) = paths::resolve(db) {
        println!(
            "Diary in use: {}{}",
            paths::shown(&db),
            if db.exists() {
                ""
            } else {
                " (not created yet)"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
