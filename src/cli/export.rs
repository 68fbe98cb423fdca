//! `cramp export`, `cramp import` and `cramp demo`.

use crate::clock::Clock;
use crate::config::Config;
use crate::demo::{Plan, batch};
use crate::domain::Invalid;
use crate::domain::context::DailyContext;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::routine::Routine;
use crate::export::json::ExportDoc;
use crate::store::{ImportCounts, Store, TABLES};
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct ExportArgs<'a> {
    pub format: &'a str,
    pub out: Option<&'a Path>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

fn range(
    clock: &Clock,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(NaiveDate, NaiveDate)>, Invalid> {
    let far = clock.today() + Duration::days(366);
    match (from, to) {
        (None, None) => Ok(None),
        (from, to) => {
            let from = from.map_or(Ok(NaiveDate::MIN), |f| parse_night("--from", f, far))?;
            let to = to.map_or(Ok(far), |t| parse_night("--to", t, far))?;
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

pub fn export(db: &Path, clock: &Clock, args: &ExportArgs<'_>) -> Result<ExitCode> {
    let format = args.format.trim().to_ascii_lowercase();
    if !["json", "csv", "html"].contains(&format.as_str()) {
        return Err(Invalid::new(format!(
            "format must be json, csv or html, got '{}'",
            args.format.trim()
        ))
        .into());
    }
    let range = range(clock, args.from, args.to)?;
    let stdout = args.out.is_some_and(|o| o == Path::new("-"));
    if stdout && format == "csv" {
        return Err(Invalid::new(
            "--out must be a folder for csv (one file per record type), got -",
        )
        .into());
    }
    if stdout {
        crate::files::check_stdout(db)?;
    }
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
    let default_out = |ext: &str| PathBuf::from(format!("cramp-{today}{ext}"));
    match format.as_str() {
        "json" => {
            let doc = ExportDoc::new(store.export_rows(&text_range)?);
            let text = serde_json::to_string_pretty(&doc)? + "\n";
            if stdout {
                print!("{text}");
            } else {
                let out = args
                    .out
                    .map_or_else(|| default_out(".json"), Path::to_path_buf);
                write_private(&out, db, text.as_bytes())?;
                let r = &doc.rows;
                println!(
                    "Wrote {}: {} nights, {} cramps, {} sessions, {} routines, {} context days.",
                    out.display(),
                    r.nights.len(),
                    r.episodes.len(),
                    r.sessions.len(),
                    r.routines.len(),
                    r.context.len()
                );
            }
        }
        "csv" => {
            let out = args
                .out
                .map_or_else(|| default_out("-csv"), Path::to_path_buf);
            let files = crate::export::csv::render_all(&store.export_rows(&text_range)?)?;
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
            println!("Wrote {} files to {}.", files.len(), out.display());
        }
        _ => {
            let html =
                crate::export::html::report(&store, clock.today(), clock.due_night(), range)?;
            if stdout {
                print!("{html}");
            } else {
                let out = args
                    .out
                    .map_or_else(|| default_out(".html"), Path::to_path_buf);
                write_private(&out, db, html.as_bytes())?;
                println!(
                    "Wrote {}: open it in a browser, or print it.",
                    out.display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(db: &Path, clock: &Clock, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let text = crate::files::read_import(file)?;
    // Everything is checked before the diary is even opened.
    let doc = ExportDoc::parse(&text, clock.now())?;
    if let Some(ms) = std::env::var("CRAMP_TEST_SLOW_IMPORT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        crate::store::slow_down_staging(ms);
    }
    let mut store = Store::open(db)?;
    let counts = store.import_rows(&doc.rows, dry_run)?;
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
    let describe = |n: &[usize; TABLES.len()]| {
        let parts: Vec<String> = n
            .iter()
            .zip(TABLES)
            .filter(|(c, _)| **c > 0)
            .map(|(c, t)| format!("{c} {t}"))
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

/// `cramp backup FILE`: a whole, checked copy of the diary in one file.
pub fn backup(db: &Path, file: &Path) -> Result<ExitCode> {
    if !db.exists() {
        return Err(
            Invalid::new(format!("there is no diary at {} to back up", db.display())).into(),
        );
    }
    crate::files::check_backup_target(file, db)?;
    let store = Store::open_reading(db)?;
    store.backup_to(file)?;
    println!(
        "Backed up {} to {} (checked, owner-only).",
        db.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Ten weeks ending last night: four baseline weeks, a four-week routine (about five sessions
/// a week, a few missed), two weeks after; cramps and tightness falling, with noise.
pub fn demo_plan(clock: &Clock) -> Plan {
    let last = clock.due_night();
    let first = last - Duration::days(69);
    let start = first + Duration::days(28);
    Plan {
        first,
        last,
        routine: Some(Routine::new(start, 4, 5, 28)),
        rate_before: 1.0,
        rate_during: 0.45,
        rate_after: 0.35,
        session_chance_during: 0.72,
        session_chance_otherwise: 0.12,
        missing: 0.03,
        excluded: 0.02,
        seed: 42,
    }
}

pub fn demo(explicit_db: Option<&Path>, clock: Clock, settings: &Config) -> Result<ExitCode> {
    let temp;
    let path = match explicit_db {
        Some(p) => {
            if p.exists() && std::fs::metadata(p)?.len() > 0 {
                return Err(Invalid::new(format!(
                    "--db must name a new file for the demo diary, and {} already exists",
                    p.display()
                ))
                .into());
            }
            p.to_path_buf()
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().join("demo.db")
        }
    };
    let mut store = Store::open(&path)?;
    let plan = demo_plan(&clock);
    let mut diary = batch(&plan);
    // Two context changes a therapist would ask about: magnesium started, a new medication.
    let start = plan.routine.as_ref().map_or(plan.first, |r| r.start);
    diary.context = vec![
        (
            start - Duration::days(10),
            DailyContext {
                magnesium_mg: Some(300),
                fluids_dl: Some(15),
                ..DailyContext::default()
            },
        ),
        (
            start + Duration::days(12),
            DailyContext {
                medication: Some("started amlodipine 5 mg".to_string()),
                potassium: Some(true),
                ..DailyContext::default()
            },
        ),
    ];
    store.insert_batch(&diary, &clock.stamp())?;
    super::finish_write(&store);
    drop(store);
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if !terminal && explicit_db.is_none() {
        println!(
            "The demo needs a terminal to show it in; to keep a demo diary, use `cramp demo --db FILE`."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !terminal {
        println!(
            "Demo diary written to {} ({} to {}); open it with `cramp --db {}`.",
            path.display(),
            long_date(plan.first),
            long_date(plan.last),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // The temporary folder (if any) lives until the screen is closed, then is removed.
    crate::tui::run(&path, clock, settings)
}
