//! `cramp massage`: a massage session, and the routine or experiment line said after it.

use super::words::Words;
use crate::clock::Clock;
use crate::domain::bounds;
use crate::domain::dates::{long_date, parse_ago, parse_when};
use crate::domain::experiment::Arm;
use crate::domain::session::{
    GunHead, GunSpeed, MassageSession, SECONDS_PER_SPOT_MAX, SPOTS_MAX, SideEffect, TWIN_MINUTES,
    Technique, parse_count,
};
use crate::domain::{Invalid, Leg, Score, parse_note_flag};
use crate::store::Store;
use crate::store::load_progress;
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

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

/// Validates every flag into a session, before the diary is touched.
pub fn session_from_args(args: &MassageArgs, clock: &Clock) -> Result<MassageSession, Invalid> {
    let count = |field: &str, raw: &Option<String>, min: i64, max: i64| {
        raw.as_deref()
            .map(|r| parse_count(field, r, min, max))
            .transpose()
    };
    let score = |field: &str, raw: &Option<String>| {
        raw.as_deref().map(|r| Score::parse(field, r)).transpose()
    };
    let at = match (&args.at, &args.ago) {
        (Some(at), _) => parse_when("at", at, clock.now())?,
        (None, Some(ago)) => clock.earlier_by(parse_ago(ago)?),
        (None, None) => clock.now(),
    };
    let mut side_effects = Vec::new();
    for raw in &args.side_effects {
        let effect = SideEffect::parse(raw)?;
        if !side_effects.contains(&effect) {
            side_effects.push(effect);
        }
    }
    let mut session = MassageSession {
        at,
        technique: Technique::parse(&args.technique)?,
        legs: args.leg.as_deref().map_or(Ok(Leg::Both), Leg::parse)?,
        minutes_per_calf: count("minutes", &args.minutes, 0, 60)?.map(|v| v as u8),
        pain: score("pain", &args.pain)?,
        speed: args.speed.as_deref().map(GunSpeed::parse).transpose()?,
        head: args.head.as_deref().map(GunHead::parse).transpose()?,
        spots: count("spots", &args.spots, 0, SPOTS_MAX)?.map(|v| v as u8),
        seconds_per_spot: count(
            "seconds per spot",
            &args.seconds_per_spot,
            1,
            SECONDS_PER_SPOT_MAX,
        )?
        .map(|v| v as u16),
        tight_before: score("tightness before", &args.tight_before)?,
        tight_after: score("tightness after", &args.tight_after)?,
        side_effects,
        note: parse_note_flag("note", args.note.as_deref())?,
    };
    session.fill_gun_minutes();
    session.validate()?;
    Ok(session)
}

pub fn add_session(db: &Path, clock: &Clock, args: &MassageArgs) -> Result<ExitCode> {
    let session = session_from_args(args, clock)?;
    let mut store = Store::open(db)?;
    let since = clock.stamp_minutes_ago(TWIN_MINUTES);
    if !args.again && store.saved_twin_since(&session, &since)? {
        return Err(Invalid::new(format!(
            "an identical {} session was saved in the last {TWIN_MINUTES} minutes, so this one was not; add --again to save it a second time",
            session.technique.label()
        ))
        .into());
    }
    store.add_session(&session, &clock.stamp())?;
    println!(
        "Saved: {} on {} at {}.",
        session.summary(),
        long_date(session.at.date()),
        session.at.format("%H:%M")
    );
    if let Some(line) = routine_line(&store, clock)? {
        println!("{line}");
    }
    if let Some(line) = rest_week_line(&store, &session)? {
        println!("{line}");
    }
    for warning in session.warnings() {
        println!("Warning: {warning}.");
    }
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

/// A session of an experiment's intervention on a day of an off week is saved (a command cannot
/// ask), and said to be a deviation.
fn rest_week_line(store: &Store, session: &MassageSession) -> Result<Option<String>> {
    let day = session.at.date();
    Ok(store
        .experiments()?
        .into_iter()
        .find(|e| {
            let x = &e.item.experiment;
            x.arm_on(day) == Some(Arm::Off) && x.intervention.counts_session(session.technique)
        })
        .map(|e| {
            let x = &e.item.experiment;
            format!(
                "Note: {} is in week {} of your experiment, an {}; this session counts as a deviation.",
                long_date(day),
                x.week_of(day).unwrap_or(1),
                Arm::Off.instruction(&x.intervention)
            )
        }))
}

/// `Routine day 9 of 28 · 3 of 5 sessions this week.` while a routine runs.
pub(super) fn routine_line(store: &Store, clock: &Clock) -> Result<Option<String>> {
    let Some(current) = store.current_routine(clock.today())? else {
        return Ok(None);
    };
    let r = &current.item;
    if !r.is_running(clock.today()) {
        return Ok(None);
    }
    let (progress, _) = load_progress(store, r, clock.today(), clock.due_night())?;
    let mut line = progress.headline();
    if let Some(first) = line.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Ok(Some(format!("{line}.")))
}
