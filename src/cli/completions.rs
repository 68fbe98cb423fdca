//! `cramp completions SHELL`: shell completions, made by clap_complete from the same clap
//! definitions as `--help`.

use super::words::Choice;
use clap::Args;
use clap_complete::Shell;
use color_eyre::eyre::Result;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh or fish
    #[arg(value_name = "SHELL", hide_possible_values = true, value_parser = SHELLS)]
    pub shell: Shell,
}

/// The shells whose completions are offered (and tested).
const SHELLS: Choice<Shell> = Choice::of("shell", &[Shell::Bash, Shell::Zsh, Shell::Fish]);

/// Prints the completions of the command line `cli` for the shell asked.
pub fn completions(mut cli: clap::Command, args: &CompletionsArgs) -> Result<ExitCode> {
    // Made in memory, then printed as every other output is: into a pipe whose reader has
    // gone (`cramp completions bash | head`) it ends quietly, where clap_complete's own writer
    // panicked with a crash report.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "cramp", &mut script);
    print!("{}", String::from_utf8_lossy(&script));
    Ok(ExitCode::SUCCESS)
}
