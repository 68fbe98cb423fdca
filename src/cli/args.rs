//! The command line's clap definitions: every command, flag and its help text.

use super::night_details::{self, NightDetailArgs};
use super::words::{self, Words};
use super::{encryption, experiment, remind, sealing, sync};
use crate::domain::bounds;
use crate::domain::session::{GunHead, GunSpeed, SideEffect, Technique};
use crate::domain::{Leg, Muscle};
use crate::paths;
use clap::{Args, Parser, Subcommand};
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
    Cramp(CrampArgs),
    #[command(
        about = night_details::ABOUT,
        after_help = "Examples:\n  cramp night --none --tight-left 3 --tight-right 5\n  \
        cramp night --exclude flu --night 2026-11-20\n  cramp night --sleep 6 --note \"restless\""
    )]
    Night(NightArgs),
    /// Print recent nights, one line each, unlogged nights shown as such
    List {
        /// How many nights back from last night (1-3660)
        #[arg(
            long,
            allow_negative_numbers = true,
            value_name = "N",
            default_value = "14"
        )]
        last: String,
    },
    /// Exit 0 if last night is logged, 1 (with one line) if not: for a prompt or a reminder
    #[command(
        after_help = "--notify and --prompt exit 0 whether or not a night is due: they are for hooks, \
        not for && chains. Each reads the diary once, read-only, and never creates it.\n\n\
        Examples:\n  cramp due --quiet || echo \"log last night\"\n  cramp due --notify\n  \
        PROMPT_COMMAND=\"cramp due --prompt\"   (bash; see `cramp remind` for zsh and fish)"
    )]
    Due {
        /// Send a desktop notification (notify-send) naming the night when it is not logged
        #[arg(long, conflicts_with = "prompt")]
        notify: bool,
        /// Print a short marker (like `cramp: log 22 Nov`) when it is not logged, else nothing
        #[arg(long)]
        prompt: bool,
        /// Print nothing on standard output; with no other flag only the exit code tells
        #[arg(long, conflicts_with = "prompt")]
        quiet: bool,
    },
    /// A morning reminder: how to get one; install, uninstall, status
    #[command(
        after_help = "Examples:\n  cramp remind                      (the three ways, for this system)\n  \
        cramp remind install --at 07:30\n  cramp remind status\n  cramp remind uninstall"
    )]
    Remind(remind::RemindArgs),
    /// Run SQLite's integrity check on the diary and report in one line
    Check,
    /// Record a self-massage session (foam roller, massage gun, ball...)
    #[command(
        after_help = "Examples:\n  cramp massage --technique foam-roller --minutes 8 --pain 5\n  \
        cramp massage --technique massage-gun --speed medium --head ball --spots 4 --seconds-per-spot 30 --ago 1h\n\n\
        Guidance: pain 4-7/10, 5-10 minutes per calf, about 30 s per tender spot, gun on low to medium.\n\
        Tingling or numbness means stop and ask a professional."
    )]
    Massage(MassageArgs),
    /// Start, stop or check the deep-tissue routine
    Routine(RoutineArgs),
    /// Plan, start, stop or check an on/off-week experiment (routine and rest weeks in random order)
    #[command(
        after_help = "Examples:\n  cramp experiment plan --pairs 6\n  cramp experiment start --on 2026-12-07\n  \
        cramp experiment --format json\n\nThe JSON format is documented in the README (\"cramp experiment --format json\")."
    )]
    Experiment(experiment::ExperimentArgs),
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
    Report {
        /// text or json
        #[arg(long, value_name = "FORMAT", default_value = "text", hide_possible_values = true, value_parser = words::REPORT_FORMATS)]
        format: String,
        /// Which routine, 1 = the first ever [default: the current or latest one]
        #[arg(long, allow_negative_numbers = true, value_name = "N")]
        routine: Option<String>,
    },
    /// Write the diary out: json (whole, lossless), csv (a folder, one file per record type) or
    /// html (a one-page report for a therapist)
    #[command(
        after_help = "Examples:\n  cramp export --format json --out diary.json\n  \
        cramp export --format csv --out diary-csv --from 2026-10-01 --to 2026-11-30\n  \
        cramp export --format html --out report.html\n  cramp export --format json --out -   (to stdout)\n  \
        cramp export --format json --encrypt --out diary.json.age   (asks a passphrase twice)\n  \
        cramp export --format json --encrypt --recipient age1... --armor --out diary.json.age"
    )]
    Export {
        /// json, csv or html
        #[arg(long, value_name = "FORMAT", hide_possible_values = true, value_parser = words::EXPORT_FORMATS)]
        format: String,
        /// File (json, html; - for stdout) or folder (csv) [default: cramp-DATE.json/.html/-csv]
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// First night to include, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last night to include, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[command(flatten)]
        seal: sealing::SealArgs,
    },
    /// Read a JSON export into the diary: all checked first, then written at once; rows already
    /// there (same uid) are skipped or updated, never duplicated
    #[command(
        after_help = "An export encrypted with --encrypt is recognised: cramp asks for its passphrase \
        (or reads --passphrase-file), or opens it with the age identity file given by --identity."
    )]
    Import {
        /// The JSON file made by `cramp export --format json`
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only say what would be added, updated or skipped
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        unseal: sealing::UnsealArgs,
    },
    /// Copy the diary, whole and checked, into one file (safe while cramp runs; never use cp)
    #[command(
        after_help = "Example:\n  cramp backup ~/backups/diary-2026-11-23.db\n\n\
        The copy is written under a temporary name, checked with SQLite's integrity check and \
        only then renamed to FILE (owner-only, 0600). To restore it: quit every cramp, remove \
        diary.db-wal and diary.db-shm beside the diary, then copy the backup over diary.db.\n\n\
        With --encrypt the copy is an age file (to a passphrase or --recipient keys); decrypt it \
        with age (age -d -o diary.db FILE) before copying it back."
    )]
    Backup {
        /// Where to write the copy (an older backup there is replaced)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        seal: sealing::SealArgs,
    },
    /// Encrypt the diary (SQLCipher, the `sqlcipher` build) with a passphrase asked twice
    #[command(
        after_help = "The encrypted diary is written beside the plain one, checked (integrity, every table's \
        row count) and only then renamed over it; a kill at any point leaves one whole diary. Unlock it \
        with CRAMP_KEY_FILE, the OS keyring (--remember, cramp key remember) or the passphrase typed.\n\n\
        Examples:\n  cramp encrypt\n  cramp encrypt --save-key ~/.config/cramp/diary.key\n  cramp encrypt --remember"
    )]
    Encrypt(encryption::NewKeyArgs),
    /// Make an encrypted diary plain again (written beside it, checked, then renamed)
    Decrypt,
    /// Change an encrypted diary's passphrase (written beside it, checked, then renamed)
    Rekey(encryption::NewKeyArgs),
    /// An encrypted diary's key: save it to a file, keep it in the OS keyring, forget it, status
    Key(encryption::KeyArgs),
    /// Sync with a folder your sync tool copies between devices; see how they stand; answer conflicts
    #[command(
        after_help = "Examples:\n  cramp sync ~/Sync/cramp\n  cramp sync status\n  cramp sync conflicts\n  \
        cramp sync choose 3f2a1c 2\n\nEach device writes only its own files under DIR (cramp-<device id>/); \
        the live diary never goes there. With sync.dir in the config, the app syncs by itself."
    )]
    Sync(sync::SyncArgs),
    /// Open the screen on a made-up ten-week diary (a temporary file; --db keeps it there)
    Demo,
    /// Print shell completions: bash, zsh or fish
    #[command(
        after_help = "Example:\n  cramp completions bash > ~/.local/share/bash-completion/completions/cramp"
    )]
    Completions {
        /// bash, zsh or fish
        #[arg(value_name = "SHELL", hide_possible_values = true, value_parser = words::SHELLS)]
        shell: String,
    },
    /// Print the manual page (man cramp), made from the same definitions as --help
    #[command(
        after_help = "Examples:\n  cramp man | man -l -\n  cramp man night        (the page of `cramp night`)\n  \
        mkdir -p ~/.local/share/man/man1 && cramp man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// A command whose page to print (`night` prints cramp-night(1)); default: cramp(1)
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write every page (cramp.1, cramp-night.1, ...) into this existing folder instead
        #[arg(long, value_name = "FOLDER", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
    /// Show the configuration: --default prints the commented default file
    Config {
        /// Print the commented default configuration
        #[arg(long)]
        default: bool,
    },
    /// Record a day's context: fluids, magnesium, potassium-rich food, exercise, medication
    #[command(
        after_help = "Example:\n  cramp context --fluids 1.5 --magnesium 300 --potassium --exercise 30"
    )]
    Context(super::context::ContextArgs),
}

#[derive(Debug, Args)]
pub struct MassageArgs {
    /// foam-roller, massage-gun, ball, thumbs, stick, stretch or professional
    #[arg(long, value_name = "TECHNIQUE", hide_possible_values = true, value_parser = Words(Technique::WORDS))]
    pub technique: String,
    /// both, left or right [default: both]
    #[arg(long, value_name = "LEG", hide_possible_values = true, value_parser = Words(Leg::WORDS))]
    pub leg: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "M", help = format!("{} (guidance 5-10)", bounds::MINUTES_PER_CALF.help("Minutes per calf")))]
    pub minutes: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = format!("{} (guidance 4-7)", bounds::SCORE.help("Pain or pressure")))]
    pub pain: Option<String>,
    /// Massage gun only: low, medium or high
    #[arg(long, value_name = "SPEED", hide_possible_values = true, value_parser = Words(GunSpeed::WORDS))]
    pub speed: Option<String>,
    /// Massage gun only: flat, bullet, ball or fork
    #[arg(long, value_name = "HEAD", hide_possible_values = true, value_parser = Words(GunHead::WORDS))]
    pub head: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "N", help = bounds::SPOTS.help("Tender spots treated"))]
    pub spots: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "S", help = format!("{} (guidance about 30)", bounds::SECONDS_PER_SPOT.help("Seconds on each tender spot")))]
    pub seconds_per_spot: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("Calf tightness before"))]
    pub tight_before: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("Calf tightness after"))]
    pub tight_after: Option<String>,
    /// bruising, tingling or numbness (repeat for more than one)
    #[arg(long = "side-effect", value_name = "EFFECT", hide_possible_values = true, value_parser = Words(SideEffect::WORDS))]
    pub side_effects: Vec<String>,
    /// When: "YYYY-MM-DD HH:MM" [default: now]
    #[arg(long, value_name = "WHEN", conflicts_with = "ago")]
    pub at: Option<String>,
    /// How long ago: 30m, 2h, 1h30m
    #[arg(long, value_name = "AGO")]
    pub ago: Option<String>,
    /// A note about the session
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Save it even though an identical session was saved in the last 10 minutes
    #[arg(long)]
    pub again: bool,
}

#[derive(Debug, Args)]
pub struct RoutineArgs {
    #[command(subcommand)]
    pub action: Option<RoutineAction>,
}

#[derive(Debug, Subcommand)]
pub enum RoutineAction {
    /// Start a routine (refused if it overlaps another)
    Start {
        /// First day: YYYY-MM-DD, yesterday or today [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} [default: 4, or routine.weeks in the config]", bounds::ROUTINE_WEEKS.help("Length in weeks")))]
        weeks: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} [default: 5, or routine.per_week]", bounds::SESSIONS_PER_WEEK.help("Target sessions a week")))]
        per_week: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} (28 for a verdict) [default: 28, or routine.baseline_nights]", bounds::BASELINE_NIGHTS.help("Nights before the start to compare with")))]
        baseline_nights: Option<String>,
    },
    /// Stop the running routine early
    Stop {
        /// Its last day: YYYY-MM-DD, yesterday or today [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CrampArgs {
    /// left, right or both
    #[arg(long, value_name = "LEG", hide_possible_values = true, value_parser = Words(Leg::WORDS))]
    pub leg: String,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("How strong"))]
    pub intensity: String,
    /// How long: 45s, 2m or 1m30s (1s-60m)
    #[arg(long, value_name = "DURATION")]
    pub duration: String,
    /// calf, foot, shin, thigh or other [default: calf]
    #[arg(long, value_name = "MUSCLE", hide_possible_values = true, value_parser = Words(Muscle::WORDS))]
    pub muscle: Option<String>,
    /// Roughly when, HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,
    /// It woke you (the default)
    #[arg(long, conflicts_with = "no_woke")]
    pub woke: bool,
    /// It did not wake you
    #[arg(long)]
    pub no_woke: bool,
    /// Which night: YYYY-MM-DD, yesterday or today [default: last night]
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
    /// A note about this cramp
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct NightArgs {
    /// No cramps that night
    #[arg(long, conflicts_with = "exclude")]
    pub none: bool,
    /// Leave the night out of the analysis, with a reason (illness, travel...)
    #[arg(long, value_name = "REASON")]
    pub exclude: Option<String>,
    /// Which night: YYYY-MM-DD, yesterday or today [default: last night]
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
    /// The night's details, one flag each.
    #[command(flatten)]
    pub details: NightDetailArgs,
    /// A tag for what happened the evening and day before (alcohol, long standing, heat, hard
    /// exercise, new shoes, new or changed medication, or your own words; at most 40
    /// characters); repeat for more, at most 20 on a night
    #[arg(long = "tag", value_name = "WORDS")]
    pub tags: Vec<String>,
    /// Take a tag off the night; repeat for more
    #[arg(long = "untag", value_name = "WORDS")]
    pub untag: Vec<String>,
}
