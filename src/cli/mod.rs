//! The command line: running a parsed command (the clap definitions are in `args`).

mod args;
mod completions;
mod config;
mod context;
mod demo;
mod due;
mod encryption;
mod experiment;
mod export;
mod insights;
mod man;
mod night_details;
mod nights;
mod outcome;
mod remind;
mod report;
use outcome::{explain, finish_write, saved};
mod routine;
mod sealing;
mod sessions;
mod sync;
mod tz;
mod words;
pub use args::{Cli, Command};

use crate::clock::Clock;
use crate::{paths, tui};
use clap::CommandFactory;
use color_eyre::eyre::Result;
use std::process::ExitCode;

/// Runs a parsed command line. Invalid input comes back as an [`Invalid`] error (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    tz::ignore_unreadable();
    let clock = Clock::from_env()?;
    if let Some(Command::Demo) = cli.command {
        // Only a typed --db, never CRAMP_DB (which names the user's own diary).
        let explicit = cli.db.filter(|_| cli.db_typed);
        let settings = crate::config::load()?;
        return demo::demo(
            explicit.as_deref(),
            clock.with_cutoff(settings.night_cutoff),
            &settings,
        );
    }
    if let Some(Command::Completions(args)) = &cli.command {
        return completions::completions(Cli::command(), args);
    }
    if let Some(Command::Man(args)) = &cli.command {
        return man::man(Cli::command(), args.command.as_deref(), args.dir.as_deref());
    }
    if let Some(Command::Config(args)) = &cli.command {
        return config::config(args, cli.db);
    }
    let settings = crate::config::load()?;
    let clock = clock.with_cutoff(settings.night_cutoff);
    let db = paths::resolve(cli.db)?;
    crate::files::plain_file("the diary (--db)", &db)?;
    crate::files::refuse_dangling_link("the diary (--db)", &db)?;
    // Health data: a diary others can read is made owner-only, and the person told.
    if let Ok(Some(mode)) = crate::files::tighten(&db) {
        eprintln!(
            "cramp: {} was readable or writable by others ({mode:04o}); it is now owner-only",
            db.display()
        );
    }
    // A typo in --db or CRAMP_DB must not quietly split someone's diary in two (the TUI says
    // so on its status line).
    let is_tui = cli.command.is_none();
    let existed = db.symlink_metadata().is_ok();
    find_key(&db, cli.command.as_ref())?;
    let saves = matches!(
        cli.command,
        Some(
            Command::Cramp(_)
                | Command::Night(_)
                | Command::Massage(_)
                | Command::Context(_)
                | Command::Routine(_)
                | Command::Experiment(_)
                | Command::Import(_)
        )
    );
    let result =
        dispatch(cli.command, &db, clock, &settings).map_err(|report| explain(report, &db));
    // With sync.dir set, a command that saved sends the change at once (never failing it),
    // through the connection it saved with when it handed it back.
    let written = outcome::take_saved();
    let sync_dir = settings
        .sync_dir
        .as_ref()
        .filter(|_| saves && matches!(result, Ok(code) if code == ExitCode::SUCCESS));
    match (sync_dir, written) {
        (Some(dir), written) => {
            if let Ok(mut store) = written
                .map(Ok)
                .unwrap_or_else(|| crate::store::Store::open(&db))
            {
                sync::quietly(&mut store, dir, settings.sync_key_file.as_deref(), &clock);
            }
        }
        (None, Some(store)) => finish_write(&store),
        (None, None) => {}
    }
    if !is_tui && !existed && db.exists() {
        eprintln!("Started a new diary at {}", paths::shown(&db));
    }
    result
}

/// An encrypted diary's key, found before the command runs: the screen and typed commands may
/// ask for the passphrase; hooks only read a key file; the commands that handle keys themselves
/// are left to do so.
fn find_key(db: &std::path::Path, command: Option<&Command>) -> Result<()> {
    use crate::files::header::{FileKind, inspect};
    use crate::unlock::{Asking, unlock};
    if !matches!(inspect(db), Ok(FileKind::Encrypted)) {
        return Ok(());
    }
    let asking = match command {
        Some(Command::Due(due)) if due.notify || due.prompt || due.quiet => Asking::Hook,
        Some(Command::Encrypt(_) | Command::Decrypt | Command::Rekey(_) | Command::Key(_)) => {
            return Ok(());
        }
        _ => Asking::Person,
    };
    unlock(db, asking)?;
    Ok(())
}

fn dispatch(
    command: Option<Command>,
    db: &std::path::Path,
    clock: Clock,
    settings: &crate::config::Config,
) -> Result<ExitCode> {
    let db = db.to_path_buf();
    match command {
        None => tui::run(&db, clock, settings),
        Some(Command::Cramp(args)) => nights::add_cramp(&db, &clock, &args),
        Some(Command::Night(args)) => nights::log_night(&db, &clock, &args),
        Some(Command::List(args)) => nights::list(&db, &clock, &args.last),
        Some(Command::Due(args)) => match (args.notify, args.prompt, args.quiet) {
            (true, _, quiet) => due::run(&db, &clock, due::Mode::Notify { quiet }),
            (false, true, _) => due::run(&db, &clock, due::Mode::Prompt),
            (false, false, true) => due::run(&db, &clock, due::Mode::Quiet),
            (false, false, false) => nights::due(&db, &clock),
        },
        Some(Command::Remind(args)) => remind::run(&db, &clock, args),
        Some(Command::Check) => nights::check(&db),
        Some(Command::Massage(args)) => sessions::add_session(&db, &clock, &args),
        Some(Command::Context(args)) => context::set_context(&db, &clock, &args),
        Some(Command::Routine(args)) => routine::run(&db, &clock, args, settings),
        Some(Command::Experiment(args)) => experiment::run(&db, &clock, args),
        Some(Command::Insights(args)) => insights::run(&db, &clock, &args),
        Some(Command::Export(args)) => export::export(&db, &clock, &args, settings.calendar()),
        Some(Command::Import(args)) => {
            export::import(&db, &clock, &args.file, args.dry_run, &args.unseal)
        }
        Some(Command::Backup(args)) => export::backup(&db, &args.file, &args.seal),
        Some(Command::Encrypt(args)) => encryption::encrypt(&db, &args),
        Some(Command::Decrypt) => encryption::decrypt(&db),
        Some(Command::Rekey(args)) => encryption::rekey(&db, &args),
        Some(Command::Key(args)) => encryption::key(&db, &args),
        Some(Command::Sync(args)) => sync::run(&db, &clock, args, settings),
        Some(Command::Demo | Command::Completions(_) | Command::Man(_) | Command::Config(_)) => {
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report(args)) => report::report(&db, &clock, &args, settings.calendar()),
    }
}

/// The command a mistyped one most likely meant (`nite` → `night`, `rport` → `report`): the
/// share of letter pairs in common plus how few edits apart they are; `None` when nothing is
/// close. (clap's own guess offered `context` for `nite`.)
pub fn closest_command(typed: &str) -> Option<String> {
    let typed = typed.to_ascii_lowercase();
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| {
            let name = c.get_name().to_string();
            let score = strsim::sorensen_dice(&typed, &name)
                + strsim::normalized_levenshtein(&typed, &name);
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}
