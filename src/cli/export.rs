//! `cramp export`, `cramp import` and `cramp backup`.

use super::sealing::{SealArgs, UnsealArgs, seal_bytes, sealed_to};
use super::words::Choice;
use crate::clock::Clock;
use crate::domain::Invalid;
use crate::domain::dates::parse_night;
use crate::export::json::ExportDoc;
use crate::format::count;
use crate::store::{ImportCounts, NOUNS, Store};
use chrono::{Duration, NaiveDate};
use clap::{Args, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json, csv or html
    #[arg(long, value_name = "FORMAT", hide_possible_values = true, value_parser = ExportFormat::CHOICE)]
    pub format: ExportFormat,
    /// File (json, html; - for stdout) or folder (csv) [default: cramp-DATE.json/.html/-csv]
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// First night to include, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last night to include, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[command(flatten)]
    pub seal: SealArgs,
}

/// `--format` of `cramp export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    // The whole diary, lossless (no `///` here: it would become each value's help in the
    // zsh and fish completions, which offer the bare words).
    Json,
    // A folder, one file per record type.
    Csv,
    // A one-page report for a therapist.
    Html,
}

impl ExportFormat {
    const CHOICE: Choice<Self> = Choice::of("format", &[Self::Json, Self::Csv, Self::Html]);
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The JSON file made by `cramp export --format json`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only say what would be added, updated or skipped
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub unseal: UnsealArgs,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (an older backup there is replaced)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub seal: SealArgs,
}

fn range(
    clock: &Clock,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(NaiveDate, NaiveDate)>, Invalid> {
    let today = clock.today();
    let far = today + Duration::days(366);
    // `today` and `yesterday` mean today's dates; a date may reach a year ahead.
    let date = |field: &str, raw: &str| {
        let word = matches!(
            raw.trim().to_ascii_lowercase().as_str(),
            "today" | "yesterday"
        );
        parse_night(field, raw, if word { today } else { far }).map_err(|e| {
            if e.0.contains("future") {
                Invalid::new(format!(
                    "{field} must be at most a year ahead (today is {today}, so up to {far}), got {}",
                    raw.trim()
                ))
            } else {
                e
            }
        })
    };
    match (from, to) {
        (None, None) => Ok(None),
        (from, to) => {
            let from = from.map_or(Ok(NaiveDate::MIN), |f| date("--from", f))?;
            let to = to.map_or(Ok(far), |t| date("--to", t))?;
            if to < from {
                return Err(Invalid::new(format!(
                    "--to must not be before --from ({from}), got {to}"
                )));
            }
            Ok(Some((from, to)))
        }
    }
}

/// Writes an export to `out`, never onto the diary or its companions, atomically and 0600.
fn write_private(out: &Path, db: &Path, bytes: &[u8]) -> Result<()> {
    crate::files::check_output("--out", out, db)?;
    crate::files::write_atomic(out, bytes).map_err(|e| eyre!(crate::files::write_error(out, &e)))
}

/// `cramp export`; `calendar` is the configured first day of the week: the report's weeks
/// match the dashboard's.
pub fn export(
    db: &Path,
    clock: &Clock,
    args: &ExportArgs,
    calendar: crate::analysis::dashboard::Calendar,
) -> Result<ExitCode> {
    let format = args.format;
    let range = range(clock, args.from.as_deref(), args.to.as_deref())?;
    let out = args.out.as_deref();
    let stdout = out.is_some_and(|o| o == Path::new("-"));
    if stdout && format == ExportFormat::Csv {
        return Err(Invalid::new(
            "--out must be a folder for csv (one file per record type), got -",
        )
        .into());
    }
    if stdout {
        crate::files::check_stdout(db)?;
        if args.seal.encrypt && !args.seal.armor && std::io::stdout().is_terminal() {
            return Err(Invalid::new(
                "--encrypt with --out - would print binary to the terminal; send it to a file (> FILE) or add --armor",
            )
            .into());
        }
    }
    args.seal.check()?;
    if !db.exists() {
        return Err(
            Invalid::new(format!("there is no diary at {} to export", db.display())).into(),
        );
    }
    let store = Store::open_reading(db)?;
    let text_range = range.map(|(f, t)| {
        (
            f.format("%Y-%m-%d").to_string(),
            t.format("%Y-%m-%d").to_string(),
        )
    });
    let today = clock.today().format("%Y-%m-%d");
    let sealed_ext = if args.seal.encrypt { ".age" } else { "" };
    let default_out = |ext: &str| PathBuf::from(format!("cramp-{today}{ext}{sealed_ext}"));
    // Asked (or read) once, before anything is written; `--out -` names standard output.
    let shown_out = |ext: &str| out.map_or_else(|| default_out(ext), Path::to_path_buf);
    let ext = match format {
        ExportFormat::Json => ".json",
        ExportFormat::Csv => "-csv",
        ExportFormat::Html => ".html",
    };
    let seal = args.seal.seal(&shown_out(ext))?;
    let how = seal.as_ref().map(|s| format!(" ({})", sealed_to(s)));
    let how = how.as_deref().unwrap_or("");
    let wrap = |plain: &[u8]| -> Result<Vec<u8>> {
        match &seal {
            Some(seal) => seal_bytes(plain, seal, args.seal.armor),
            None => Ok(plain.to_vec()),
        }
    };
    match format {
        ExportFormat::Json => {
            let doc = ExportDoc::new(store.rows_in(&text_range)?);
            let text = serde_json::to_string_pretty(&doc)? + "\n";
            if stdout {
                to_stdout(&wrap(text.as_bytes())?)?;
            } else {
                let out = shown_out(".json");
                write_private(&out, db, &wrap(text.as_bytes())?)?;
                let counts: Vec<String> = doc
                    .rows
                    .counts()
                    .into_iter()
                    .map(|(n, (one, many))| count(n as i64, one, many))
                    .collect();
                println!("Wrote {}{how}: {}.", out.display(), counts.join(", "));
            }
        }
        ExportFormat::Csv => {
            let out = out.map_or_else(
                || PathBuf::from(format!("cramp-{today}-csv")),
                Path::to_path_buf,
            );
            crate::files::check_output_folder("--out", &out, db)?;
            let files = crate::export::csv::render_all(&store.rows_in(&text_range)?)?;
            // Encrypted, each file is an age file of its own: nights.csv.age...
            let files = files
                .into_iter()
                .map(|(name, bytes)| Ok((format!("{name}{sealed_ext}"), wrap(&bytes)?)))
                .collect::<Result<Vec<_>>>()?;
            if out.exists() && !out.is_dir() {
                return Err(Invalid::new(format!(
                    "--out must be a folder for csv, and {} is not one",
                    out.display()
                ))
                .into());
            }
            // Every entry is checked before the first is written.
            for (name, _) in &files {
                crate::files::check_output_in_new_folder("--out", &out.join(name), db)?;
            }
            if !out.exists() {
                std::os::unix::fs::DirBuilderExt::mode(
                    std::fs::DirBuilder::new().recursive(true),
                    0o700,
                )
                .create(&out)
                .wrap_err_with(|| format!("creating {}", out.display()))?;
            }
            for (name, bytes) in &files {
                write_private(&out.join(name), db, bytes)?;
            }
            println!("Wrote {} files to {}{how}.", files.len(), out.display());
        }
        ExportFormat::Html => {
            let report = crate::export::html::Report::load(
                &store,
                clock.today(),
                clock.due_night(),
                range,
                calendar,
                clock.evening_hour(),
            )?;
            let html = crate::export::html::render(&report);
            if stdout {
                to_stdout(&wrap(html.as_bytes())?)?;
            } else {
                let out = shown_out(".html");
                write_private(&out, db, &wrap(html.as_bytes())?)?;
                if seal.is_some() {
                    println!(
                        "Wrote {}{how}: decrypt it with age, then open it in a browser.",
                        out.display()
                    );
                } else {
                    println!(
                        "Wrote {}: open it in a browser, or print it.",
                        out.display()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes an export to standard output, whole.
fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

pub fn import(
    db: &Path,
    clock: &Clock,
    file: &Path,
    dry_run: bool,
    unseal: &UnsealArgs,
) -> Result<ExitCode> {
    let mut bytes = crate::files::read_import_bytes(file)?;
    // An export made with --encrypt is opened first, whole, before anything else is read.
    if crate::crypt::is_age(&bytes) {
        bytes = unseal.open(&bytes, file, crate::files::IMPORT_MAX_BYTES)?;
        if bytes.starts_with(b"SQLite format 3\0") {
            return Err(Invalid::new(format!(
                "{} is an encrypted backup (a whole diary), not an export; restore it as the README's 'Backing up and restoring' says",
                file.display()
            ))
            .into());
        }
    } else if unseal.identity.is_some() || unseal.passphrase_file.is_some() {
        return Err(Invalid::new(format!(
            "{} is not encrypted, so --identity and --passphrase-file are not needed; leave them out",
            file.display()
        ))
        .into());
    }
    let text = crate::files::import_text(file, bytes)?;
    // Everything is checked before the diary is even opened.
    let doc = ExportDoc::parse(&text, clock.now())?;
    // A test hook, absent from release builds (as the test clock file is).
    if let Some(ms) = crate::clock::test_ms("CRAMP_TEST_SLOW_IMPORT_MS") {
        crate::store::slow_down_staging(ms);
    }
    // A dry run writes nothing, not even a new empty diary: with no diary yet, everything
    // would be added, as it would to an empty one.
    let mut store = if dry_run && db.symlink_metadata().is_err() {
        Store::open_in_memory()?
    } else {
        Store::open(db)?
    };
    let counts = store.import_rows(&doc.rows, dry_run, &clock.stamp())?;
    if !dry_run {
        super::finish_write(&store);
    }
    println!(
        "{}",
        import_summary(&file.display().to_string(), &counts, dry_run)
    );
    Ok(ExitCode::SUCCESS)
}

/// One line: what was added, updated, already there, kept out as older, and repeated in the file.
fn import_summary(file: &str, counts: &ImportCounts, dry_run: bool) -> String {
    let describe = |n: &[usize; NOUNS.len()]| {
        let parts: Vec<String> = n
            .iter()
            .zip(NOUNS)
            .filter(|(c, _)| **c > 0)
            .map(|(c, (one, many))| count(*c as i64, one, many))
            .collect();
        if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(", ")
        }
    };
    let (verb, add, update) = if dry_run {
        ("Would import", "would add", "would update")
    } else {
        ("Imported", "added", "updated")
    };
    let mut line = format!(
        "{verb} {file}: {add} {}; {update} {}; skipped {} already in the diary",
        describe(&counts.added),
        describe(&counts.updated),
        describe(&counts.unchanged)
    );
    if counts.older.iter().any(|&n| n > 0) {
        line += &format!(
            "; kept out {} older than the diary's copy",
            describe(&counts.older)
        );
    }
    if counts.duplicates.iter().any(|&n| n > 0) {
        line += &format!(
            "; ignored {} repeated in the file (the newest copy counted)",
            describe(&counts.duplicates)
        );
    }
    line + "."
}

/// `cramp backup FILE`: a whole, checked copy of the diary in one file; with `--encrypt` an age
/// file of that copy.
pub fn backup(db: &Path, file: &Path, seal: &SealArgs) -> Result<ExitCode> {
    if !db.exists() {
        return Err(
            Invalid::new(format!("there is no diary at {} to back up", db.display())).into(),
        );
    }
    crate::files::check_backup_target(file, db)?;
    seal.check()?;
    let store = Store::open_reading(db)?;
    if let Some(to) = seal.seal(file)? {
        let sealed = seal_bytes(&store.verified_copy_bytes()?, &to, seal.armor)?;
        crate::files::write_atomic(file, &sealed)
            .map_err(|e| eyre!(crate::files::write_error(file, &e)))?;
        println!(
            "Backed up {} to {} (checked, owner-only, {}).",
            db.display(),
            file.display(),
            sealed_to(&to)
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.backup_to(file)?;
    println!(
        "Backed up {} to {} (checked, owner-only).",
        db.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}
