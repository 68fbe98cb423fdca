//! `cramp massage`: a massage session, and the routine or experiment line said after it.

use super::MassageArgs;
use crate::clock::Clock;
use crate::domain::dates::{long_date, parse_ago, parse_when};
use crate::domain::experiment::Arm;
use crate::domain::session::{
    GunHead, GunSpeed, MassageSession, SECONDS_PER_SPOT_MAX, SPOTS_MAX, SideEffect, TWIN_MINUTES,
    Technique, parse_count,
};
use crate::domain::{Invalid, Leg, Score, parse_note};
use crate::store::Store;
use crate::store::load_progress;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

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
        note: args
            .note
            .as_deref()
            .map(|n| parse_note("note", n))
            .transpose()?
            .flatten(),
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
