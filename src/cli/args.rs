//! The command line's clap definitions: the commands, each with its help text. Each command's
//! flags are its `<Command>Args`, beside the code that runs it (`src/cli/<command>.rs`).

use super::night_details;
use crate::paths;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "cramp",
    version,
    about = "A diary for night-time leg cramps, tight calves and self-massage.",
    long_about = "A diary for night-time leg cramps, tight calves and self-massage.\n\n\
        Run `cramp` with no command to open the diary in the terminal: the morning check-in \
        when last night is not logged yet, otherwise the dashboard.\n\n\
        Dates (--night) are YYYY-MM-DD, 'yesterday' or 'today'. Before 18:00 'last night' is \
        the night that began yesterday (so a night forgotten in the morning is still logged at \
        lunch); from 18:00 an entry goes to tonight (night_cutoff in the config file changes \
        the hour; see `cramp config --default`). `cramp due` and the check-in always ask about \
        the night that began yesterday. A night cannot be marked cramp-free before it is over.\n\n\
        Exit codes: 0 ok, 1 failure, 2 invalid input (nothing was written)."
)]
pub struct Cli {
    /// The diary file [default: ~/.local/share/cramp-diary/diary.db]
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Whether `--db` was typed on the command line (not taken from `CRAMP_DB`): set by
    /// [`Cli::parse_from_matches`].
    #[arg(skip)]
    pub db_typed: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The parsed command line, knowing whether `--db` was typed or came from `CRAMP_DB`.
    pub fn parse_from_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        use clap::FromArgMatches;
        let mut cli = Self::from_arg_matches(matches)?;
        cli.db_typed = matches.value_source("db") == Some(clap::parser::ValueSource::CommandLine);
        Ok(cli)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add one cramp to a night (default: last night)
    #[command(
        after_help = "Examples:\n  cramp cramp --leg left --intensity 7 --duration 90s\n  \
        cramp cramp --leg right --muscle foot --intensity 4 --duration 1m30s --at 03:10 --no-woke"
    )]
    Cramp(super::nights::CrampArgs),
    #[command(
        about = night_details::ABOUT,
        after_help = "Examples:\n  cramp night --none --tight-left 3 --tight-right 5\n  \
        cramp night --exclude flu --night 2026-11-20\n  cramp night --sleep 6 --note \"restless\""
    )]
    Night(super::nights::NightArgs),
    /// Print recent nights, one line each, unlogged nights shown as such
    List(super::nights::ListArgs),
    /// Exit 0 if last night is logged, 1 (with one line) if not: for a prompt or a reminder
    #[command(
        after_help = "--notify and --prompt exit 0 whether or not a night is due: they are for hooks, \
        not for && chains. Each reads the diary once, read-only, and never creates it.\n\n\
        Examples:\n  cramp due --quiet || echo \"log last night\"\n  cramp due --notify\n  \
        PROMPT_COMMAND=\"cramp due --prompt\"   (bash; see `cramp remind` for zsh and fish)"
    )]
    Due(super::due::DueArgs),
    /// A morning reminder: how to get one; install, uninstall, status
    #[command(
        after_help = "Examples:\n  cramp remind                      (the three ways, for this system)\n  \
        cramp remind install --at 07:30\n  cramp remind status\n  cramp remind uninstall"
    )]
    Remind(super::remind::RemindArgs),
    /// Run SQLite's integrity check on the diary and report in one line
    Check,
    /// Record a self-massage session (foam roller, massage gun, ball...)
    #[command(
        after_help = "Examples:\n  cramp massage --technique foam-roller --minutes 8 --pain 5\n  \
        cramp massage --technique massage-gun --speed medium --head ball --spots 4 --seconds-per-spot 30 --ago 1h\n\n\
        Guidance: pain 4-7/10, 5-10 minutes per calf, about 30 s per tender spot, gun on low to medium.\n\
        Tingling or numbness means stop and ask a professional."
    )]
    Massage(super::sessions::MassageArgs),
    /// Start, stop or check the deep-tissue routine
    Routine(super::routine::RoutineArgs),
    /// Plan, start, stop or check an on/off-week experiment (routine and rest weeks in random order)
    #[command(
        after_help = "Examples:\n  cramp experiment plan --pairs 6\n  cramp experiment start --on 2026-12-07\n  \
        cramp experiment --format json\n\nThe JSON format is documented in the README (\"cramp experiment --format json\")."
    )]
    Experiment(super::experiment::ExperimentArgs),
    /// Which factors go with your cramps (tags, tightness, sessions, context), the patterns by
    /// leg, hour, weekday and month, a year's calendar, and a plan to test a factor
    #[command(
        after_help = "Examples:\n  cramp insights\n  cramp insights --format json\n  \
        cramp insights --test tag:alcohol\n  cramp insights --year 2026\n\n\
        An association in your diary, not proof of cause. How each figure is made, and the JSON \
        format, are in the README (\"Insights\")."
    )]
    Insights(super::insights::InsightsArgs),
    /// Print the before/after numbers: rates, the change with its 96% interval (the daily line), verdict, adherence
    #[command(
        after_help = "The JSON format is documented in the README (\"cramp report --format json\")."
    )]
    Report(super::report::ReportArgs),
    /// Write the diary out: json (whole, lossless), csv (a folder, one file per record type) or
    /// html (a one-page report for a therapist)
    #[command(
        after_help = "Examples:\n  cramp export --format json --out diary.json\n  \
        cramp export --format csv --out diary-csv --from 2026-10-01 --to 2026-11-30\n  \
        cramp export --format html --out report.html\n  cramp export --format json --out -   (to stdout)\n  \
        cramp export --format json --encrypt --out diary.json.age   (asks a passphrase twice)\n  \
        cramp export --format json --encrypt --recipient age1... --armor --out diary.json.age"
    )]
    Export(super::export::ExportArgs),
    /// Read a JSON export into the diary: all checked first, then written at once; rows already
    /// there (same uid) are skipped or updated, never duplicated
    #[command(
        after_help = "An export encrypted with --encrypt is recognised: cramp asks for its passphrase \
        (or reads --passphrase-file), or opens it with the age identity file given by --identity."
    )]
    Import(super::export::ImportArgs),
    /// Copy the diary, whole and checked, into one file (safe while cramp runs; never use cp)
    #[command(
        after_help = "Example:\n  cramp backup ~/backups/diary-2026-11-23.db\n\n\
        The copy is written under a temporary name, checked with SQLite's integrity check and \
        only then renamed to FILE (owner-only, 0600). To restore it: quit every cramp, remove \
        diary.db-wal and diary.db-shm beside the diary, then copy the backup over diary.db.\n\n\
        With --encrypt the copy is an age file (to a passphrase or --recipient keys); decrypt it \
        with age (age -d -o diary.db FILE) before copying it back."
    )]
    Backup(super::export::BackupArgs),
    /// Encrypt the diary (SQLCipher, the `sqlcipher` build) with a passphrase asked twice
    #[command(
        after_help = "The encrypted diary is written beside the plain one, checked (integrity, every table's \
        row count) and only then renamed over it; a kill at any point leaves one whole diary. Unlock it \
        with CRAMP_KEY_FILE, the OS keyring (--remember, cramp key remember) or the passphrase typed.\n\n\
        Examples:\n  cramp encrypt\n  cramp encrypt --save-key ~/.config/cramp/diary.key\n  cramp encrypt --remember"
    )]
    Encrypt(super::encryption::NewKeyArgs),
    /// Make an encrypted diary plain again (written beside it, checked, then renamed)
    Decrypt,
    /// Change an encrypted diary's passphrase (written beside it, checked, then renamed)
    Rekey(super::encryption::NewKeyArgs),
    /// An encrypted diary's key: save it to a file, keep it in the OS keyring, forget it, status
    Key(super::encryption::KeyArgs),
    /// Sync with a folder your sync tool copies between devices; see how they stand; answer conflicts
    #[command(
        after_help = "Examples:\n  cramp sync ~/Sync/cramp\n  cramp sync status\n  cramp sync conflicts\n  \
        cramp sync choose 3f2a1c 2\n\nEach device writes only its own files under DIR (cramp-<device id>/); \
        the live diary never goes there. With sync.dir in the config, the app syncs by itself."
    )]
    Sync(super::sync::SyncArgs),
    /// Open the screen on a made-up ten-week diary (a temporary file; --db keeps it there)
    Demo,
    /// Print shell completions: bash, zsh or fish
    #[command(
        after_help = "Example:\n  cramp completions bash > ~/.local/share/bash-completion/completions/cramp"
    )]
    Completions(super::completions::CompletionsArgs),
    /// Print the manual page (man cramp), made from the same definitions as --help
    #[command(
        after_help = "Examples:\n  cramp man | man -l -\n  cramp man night        (the page of `cramp night`)\n  \
        mkdir -p ~/.local/share/man/man1 && cramp man --dir ~/.local/share/man/man1"
    )]
    Man(super::man::ManArgs),
    /// Show the configuration: --default prints the commented default file
    Config(super::config::ConfigArgs),
    /// Record a day's context: fluids, magnesium, potassium-rich food, exercise, medication
    #[command(
        after_help = "Example:\n  cramp context --fluids 1.5 --magnesium 300 --potassium --exercise 30"
    )]
    Context(super::context::ContextArgs),
}
