//! Commands about nights: cramp, night, list, due, check.

use super::night_details::NightDetailArgs;
use super::words::Words;
use crate::clock::Clock;
use crate::domain::bounds;
use crate::domain::dates::{long_date, parse_clock_time, parse_night};
use crate::domain::night::parse_exclude_reason;
use crate::domain::tags::{parse_each, parse_tags};
use crate::domain::{CrampDuration, CrampEpisode, Invalid, Leg, Muscle, Score, parse_note_flag};
use crate::store::{EpisodeAdded, NightChange, NightEntry, NightLogged, Store, TagChange};
use chrono::{Duration, NaiveDate};
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

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
    #[command(flatten)]
    pub which: WhichNight,
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
    #[command(flatten)]
    pub which: WhichNight,
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

#[derive(Debug, Args)]
pub struct ListArgs {
    /// How many nights back from last night (1-3660)
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "N",
        default_value = "14"
    )]
    pub last: String,
}

/// `--night` of `cramp cramp` and `cramp night`.
#[derive(Debug, Args)]
pub struct WhichNight {
    /// Which night: YYYY-MM-DD, yesterday or today [default: last night]
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
}

impl WhichNight {
    /// The night given, or last night.
    pub fn date(&self, clock: &Clock) -> Result<NaiveDate, Invalid> {
        match self.night.as_deref() {
            Some(raw) => parse_night("night", raw, clock.today()),
            None => Ok(clock.last_night()),
        }
    }
}

/// A night is cramp-free only once it is over: tonight can still bring a cramp.
pub(crate) fn refuse_cramp_free_before_over(
    night: NaiveDate,
    clock: &Clock,
) -> Result<(), Invalid> {
    if clock.is_over(night) {
        return Ok(());
    }
    Err(Invalid::new(format!(
        "the night of {} is not over yet, so it cannot be marked cramp-free; to mark last night use `cramp night --none --night {}`",
        long_date(night),
        clock.due_night()
    )))
}

pub fn add_cramp(db: &Path, clock: &Clock, args: &CrampArgs) -> Result<ExitCode> {
    // Everything is validated before the diary is opened: a refusal writes nothing.
    let episode = CrampEpisode {
        leg: Leg::parse(&args.leg)?,
        muscle: args
            .muscle
            .as_deref()
            .map_or(Ok(Muscle::Calf), Muscle::parse)?,
        intensity: Score::parse("intensity", &args.intensity)?,
        duration: CrampDuration::parse(&args.duration)?,
        at: args
            .at
            .as_deref()
            .map(|t| parse_clock_time("time (--at)", t))
            .transpose()?,
        woke: !args.no_woke,
        note: parse_note_flag("note", args.note.as_deref())?,
    };
    let night = args.which.date(clock)?;
    let mut store = Store::open(db)?;
    let (_, outcome) = store.add_episode(night, &episode, &clock.stamp())?;
    println!(
        "Saved to the night of {}: {}.",
        long_date(night),
        episode.summary()
    );
    match outcome {
        EpisodeAdded::WasCrampFree => {
            println!("That night was marked cramp-free; it is now a night with cramps.")
        }
        EpisodeAdded::StillExcluded => {
            println!("That night stays excluded from the analysis.")
        }
        EpisodeAdded::NewNight | EpisodeAdded::AnotherCramp => {}
    }
    for warning in episode.warnings() {
        println!("Warning: {warning}.");
    }
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

pub fn log_night(db: &Path, clock: &Clock, args: &NightArgs) -> Result<ExitCode> {
    let change = match (&args.none, &args.exclude) {
        (true, _) => Some(NightChange::CrampFree),
        (false, Some(reason)) => Some(NightChange::Excluded(parse_exclude_reason(reason)?)),
        (false, None) => None,
    };
    let details = args.details.details()?;
    let tags = TagChange {
        add: parse_tags(&args.tags)?,
        remove: parse_each(&args.untag)?,
    };
    if change.is_none() && details.is_empty() && tags.is_empty() {
        return Err(Invalid::new(
            "nothing to record: give --none, --exclude REASON, --tag WORDS or a field such as --tight-left 3",
        )
        .into());
    }
    let night = args.which.date(clock)?;
    if change == Some(NightChange::CrampFree) {
        refuse_cramp_free_before_over(night, clock)?;
    }
    if change.is_none() && !db.exists() {
        // Refused without creating the diary: exit 2 writes nothing.
        return Err(Invalid::new(format!(
            "night {night} is not logged yet: add --none, --exclude REASON or log a cramp first"
        ))
        .into());
    }
    let mut store = Store::open(db)?;
    let entry = NightEntry { change, details };
    let outcome = store.log_night_tagged(night, &entry, &tags, &clock.stamp())?;
    let saved = store.night(night)?;
    let saved_tags = store.tags_between(night, night)?;
    let what = saved.map(|n| night_words(&n, saved_tags.get(&night)));
    let verb = match outcome {
        NightLogged::Created => "Saved to",
        NightLogged::Updated => "Updated",
    };
    println!(
        "{verb} the night of {}: {}.",
        long_date(night),
        what.unwrap_or_default()
    );
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

pub fn list(db: &Path, clock: &Clock, last: &str) -> Result<ExitCode> {
    let count = last
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=3660).contains(n))
        .ok_or_else(|| {
            Invalid::new(format!(
                "--last must be a number of nights 1-3660, got '{}'",
                last.trim()
            ))
        })?;
    if !db.exists() {
        println!(
            "No diary yet at {}: log a night with `cramp` or `cramp night --none --night {}`.",
            db.display(),
            clock.due_night()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open_reading(db)?;
    let end = if store.is_logged(clock.today())? {
        clock.today()
    } else {
        clock.last_night()
    };
    let start = end - Duration::days(count - 1);
    let nights = store.nights_between(start, end)?;
    let tags = store.tags_between(start, end)?;
    let mut logged = nights.iter().peekable();
    let mut day = end;
    while day >= start {
        let line = match logged.next_if(|n| n.night_of == day) {
            Some(n) => night_words(n, tags.get(&day)),
            None => "not logged".to_string(),
        };
        println!("{}  {line}", day.format("%Y-%m-%d %a"));
        day -= Duration::days(1);
    }
    Ok(ExitCode::SUCCESS)
}

/// `2 cramps · tight L3 R5 · tags: alcohol, long shift`: a night in one line.
fn night_words(n: &crate::domain::Night, tags: Option<&Vec<String>>) -> String {
    let mut parts = vec![n.status_line()];
    let details = n.details.summary();
    if !details.is_empty() {
        parts.push(details);
    }
    if let Some(tags) = tags.filter(|t| !t.is_empty()) {
        parts.push(format!(
            "tags: {}",
            crate::format::escaped(&tags.join(", "))
        ));
    }
    parts.join(" · ")
}

pub fn due(db: &Path, clock: &Clock) -> Result<ExitCode> {
    let night = clock.due_night();
    let logged = db.exists() && Store::open_reading(db)?.is_logged(night)?;
    if logged {
        println!("Last night ({}) is logged.", long_date(night));
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "Last night ({}) is not logged yet: run `cramp`, or `cramp night --none --night {night}` if there were no cramps.",
            long_date(night)
        );
        Ok(ExitCode::FAILURE)
    }
}

pub fn check(db: &Path) -> Result<ExitCode> {
    if !db.exists() {
        println!("There is no diary at {} yet.", db.display());
        return Ok(ExitCode::FAILURE);
    }
    let store = Store::open_reading(db)?;
    match store.integrity_check() {
        Ok(rows) if rows == ["ok"] => {
            println!("{}: ok (SQLite's integrity check passed).", db.display());
            Ok(ExitCode::SUCCESS)
        }
        Ok(rows) => {
            // SQLite may put several problems in one row, one per line, under a heading.
            let problems: Vec<&str> = rows
                .iter()
                .flat_map(|r| r.lines())
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("***"))
                .collect();
            println!(
                "{}: damaged ({}{} problem{}, first: {}); restore it from a backup.",
                db.display(),
                problems.len(),
                if problems.len() >= 20 { " or more" } else { "" },
                if problems.len() == 1 { "" } else { "s" },
                problems.first().copied().unwrap_or("unknown")
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            let reason = e.to_string();
            let reason = reason.lines().next().unwrap_or("unreadable");
            println!(
                "{}: damaged ({reason}); restore it from a backup.",
                db.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
