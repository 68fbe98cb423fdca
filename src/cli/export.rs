//! `cramp export`, `cramp import` and `cramp demo`.

use crate::clock::Clock;
use crate::config::Config;
use crate::demo::{Plan, batch};
use crate::domain::Invalid;
use crate::domain::context::DailyContext;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::routine::Routine;
use crate::export::json::ExportDoc;
use crate::store::{Store, TABLES};
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
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

/// Health data: files we write are owner-only.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .wrap_err_with(|| format!("writing {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
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
    if !db.exists() {
        return Err(
            Invalid::new(format!("there is no diary at {} to export", db.display())).into(),
        );
    }
    let store = Store::open(db)?;
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
                write_private(&out, &text)?;
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
            let files = crate::export::csv::write_all(&out, &store.export_rows(&text_range)?)?;
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
                write_private(&out, &html)?;
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
    let text = std::fs::read_to_string(file).map_err(|e| {
        Invalid::new(format!(
            "cannot read {}: {}",
            file.display(),
            e.to_string().to_lowercase()
        ))
    })?;
    // Everything is checked before the diary is even opened.
    let doc = ExportDoc::parse(&text)?;
    let _ = clock;
    let mut store = Store::open(db)?;
    let counts = store.import_rows(&doc.rows, dry_run)?;
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
    println!(
        "{verb} {}: {add} {}; {update} {}; skipped {} already in the diary.",
        file.display(),
        describe(&counts.added),
        describe(&counts.updated),
        describe(&counts.unchanged)
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
