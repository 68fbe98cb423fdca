//! `cramp man`: the manual pages, made by clap_mangen from the same clap definitions as
//! `--help` and the completions, so they cannot drift.

use crate::domain::Invalid;
use clap::Args;
use color_eyre::eyre::{Result, WrapErr};
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (`night` prints cramp-night(1)); default: cramp(1)
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Write every page (cramp.1, cramp-night.1, ...) into this existing folder instead
    #[arg(long, value_name = "FOLDER", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

/// Prints cramp(1) of the command line `cli`, or the page of one command (`night`: cramp-night(1)); with `dir`, writes
/// every page there instead.
pub fn man(cli: clap::Command, command: Option<&str>, dir: Option<&Path>) -> Result<ExitCode> {
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(Invalid::new(format!(
                "--dir must be an existing folder, and {} is not one; create it first (mkdir -p)",
                dir.display()
            ))
            .into());
        }
        write_pages(&cli, dir)
            .wrap_err_with(|| format!("writing the manual pages into {}", dir.display()))?;
        println!(
            "Wrote the manual pages (cramp.1 and one per command) into {}.",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let page = match command {
        None => cli,
        Some(name) => {
            let words: Vec<&str> = name.split_whitespace().collect();
            let mut found = Some(&cli);
            for word in &words {
                found = found.and_then(|c| c.find_subcommand(word));
            }
            match found {
                Some(c) if !words.is_empty() => c.clone(),
                _ => {
                    let names: Vec<&str> = cli
                        .get_subcommands()
                        .filter(|c| !c.is_hide_set())
                        .map(clap::Command::get_name)
                        .collect();
                    return Err(Invalid::new(format!(
                        "command must be one of {}, got '{name}'",
                        names.join(", ")
                    ))
                    .into());
                }
            }
        }
    };
    let mut out = Vec::new();
    page_of(page).render(&mut out)?;
    use std::io::Write;
    std::io::stdout().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One command's page, every page naming the program and its version as its source.
fn page_of(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("cramp {}", env!("CARGO_PKG_VERSION")))
}

/// `command`'s page and those of its commands, each in its own file in `dir`.
fn write_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    page_of(command.clone()).generate_to(dir).map(drop)
}
