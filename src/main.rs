use clap::CommandFactory;
use clap::error::ErrorKind;
use cramp_diary::cli::{self, Cli};
use cramp_diary::domain::Invalid;
use cramp_diary::paths;
use cramp_diary::store::StoreError;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("cramp: {e}");
    }
    quiet_on_closed_pipe();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    // `cramp list | head`: once the reader has gone, stop quietly; unwinding closes the diary.
    let run = std::panic::catch_unwind(|| cli::run(cli));
    let run = match run {
        Ok(run) => run,
        Err(payload) if is_closed_pipe(payload.as_ref()) => return ExitCode::FAILURE,
        Err(payload) => std::panic::resume_unwind(payload),
    };
    match run {
        Ok(code) => code,
        Err(report) => {
            if let Some(invalid) = report.downcast_ref::<Invalid>() {
                say(&format!("cramp: {invalid}"));
                ExitCode::from(2)
            } else if let Some(store) = report.downcast_ref::<StoreError>() {
                say(&format!("cramp: {store}"));
                ExitCode::FAILURE
            } else {
                say(&format!("cramp: {report:#}"));
                ExitCode::FAILURE
            }
        }
    }
}

/// Parses the command line; `--help` names the diary in use when no --db is given.
fn parse() -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    if let Some(path) = paths::without_flag() {
        let shown = paths::shown(&path);
        command = command.mut_arg("db", |a| {
            a.help(format!("The diary file [in use: {shown}]"))
        });
    }
    command
        .try_get_matches()
        .and_then(|m| Cli::parse_from_matches(&m))
}

/// Help and version print as clap makes them; a usage error becomes one `cramp:` line, exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    // A typed flag's wrong word (`cli::words::Choice`): its one sentence, as the diary says it.
    if let Some(invalid) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Invalid>()) {
        say(&format!("cramp: {invalid}"));
        return ExitCode::from(2);
    }
    if e.kind() == ErrorKind::InvalidSubcommand
        && let Some(clap::error::ContextValue::String(typed)) =
            e.get(clap::error::ContextKind::InvalidSubcommand)
    {
        let hint = cli::closest_command(typed)
            .map(|name| format!("; did you mean '{name}'?"))
            .unwrap_or_default();
        eprintln!("cramp: there is no command '{typed}'{hint} (see cramp --help)");
        return ExitCode::from(2);
    }
    let rendered = e.render().to_string();
    let sentence: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    let sentence = sentence.join(" ");
    let sentence = sentence.trim_start_matches("error: ");
    match dash_value_hint(std::env::args().skip(1)) {
        Some(hint) => eprintln!("cramp: {sentence}; {hint}"),
        None => eprintln!("cramp: {sentence} (see cramp --help)"),
    }
    ExitCode::from(2)
}

/// Text flags whose value may start with `-` and so be taken for a flag by clap.
const TEXT_FLAGS: [&str; 3] = ["--note", "--exclude", "--medication"];

/// `--note -sore` reads as an unknown flag `-sore`: the way out is `--note=-sore`.
fn dash_value_hint(args: impl Iterator<Item = String>) -> Option<String> {
    let args: Vec<String> = args.collect();
    args.windows(2).find_map(|pair| {
        (TEXT_FLAGS.contains(&pair[0].as_str()) && pair[1].starts_with('-')).then(|| {
            format!(
                "to give {} a value that starts with '-', write it as {}='{}'",
                pair[0], pair[0], pair[1]
            )
        })
    })
}

/// Printing to a pipe whose reader has gone (or a terminal that hung up) panics in `println!`;
/// that is no crash to report, and there is nowhere left to report it.
fn is_closed_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.starts_with("failed printing to std")
}

/// Keeps the installed panic report for real crashes, and says nothing for a closed pipe.
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_closed_pipe(info.payload()) {
            report(info);
        }
    }));
}

/// One line on standard error; if that is gone too (a terminal that hung up), nothing.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}
