use super::*;
use crate::domain::night::Sides;
use crate::domain::session::{GunSpeed, SideEffect};
use crate::domain::{
    CrampDuration, CrampEpisode, Leg, LocalMinute, Muscle, NightDetails, NightStatus, Score, Stamp,
};
use crate::store::tables::{ContextRow, EpisodeRow, NightRow, RoutineRow, SessionRow};
use chrono::{NaiveDate, NaiveTime};

/// An import of `row` is refused in exactly `sentence`; a failure shows what was taken instead.
fn refused_on_import<R: ToDomain>(row: &R, sentence: &str)
where
    R::Domain: std::fmt::Debug,
{
    match row.to_domain() {
        Ok(taken) => panic!("imported as {taken:?}, not refused with {sentence:?}"),
        Err(refused) => assert_eq!(refused.0, sentence),
    }
}

fn stamp(text: &str) -> Stamp {
    Stamp::parse("stamp", text).unwrap()
}

fn context(magnesium: i64, medication: &str) -> ContextRow {
    ContextRow {
        uid: "c-1".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        fluids_dl: Some(15),
        magnesium_mg: Some(magnesium),
        potassium: Some(true),
        exercise_min: None,
        medication: Some(medication.into()),
        created_at: stamp("2026-11-20T08:00:00"),
        updated_at: stamp("2026-11-20T08:00:00"),
        deleted_at: None,
    }
}

/// A cramp-free night of 20 November with a note, as a copy holds it (built through the
/// night's own constructor, so a new night column needs nothing here).
pub(crate) fn night(note: &str) -> NightRow {
    let details = NightDetails {
        tight_left: Some(Score::new("tight_left", 4).unwrap()),
        numbness: Some(Sides::Left),
        ..NightDetails::default()
    };
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let at = stamp("2026-11-20T08:00:00");
    let mut row = NightRow::new("n-1".into(), day, NightStatus::None, None, &details, &at);
    // Set as the file holds it, unchecked: the conversions under test check it.
    row.note = Some(note.into());
    row
}

fn session(technique: &str) -> SessionRow {
    SessionRow {
        uid: "s-1".into(),
        at: LocalMinute::parse("2026-11-20T19:00").unwrap(),
        technique: technique.into(),
        legs: "both".into(),
        minutes_per_calf: Some(8),
        pain: Some(5),
        gun_speed: Some("low".into()),
        gun_head: None,
        spots: None,
        seconds_per_spot: None,
        tight_before: None,
        tight_after: None,
        side_effects: "bruising".into(),
        note: None,
        created_at: stamp("2026-11-20T19:05:00"),
        updated_at: stamp("2026-11-20T19:05:00"),
        deleted_at: None,
    }
}

#[test]
fn a_context_row_is_read_and_imported_by_the_domain_rules() {
    let read = context(300, "amlodipine").to_domain().unwrap();
    assert_eq!(read.item.context.magnesium_mg, Some(300));
    assert_eq!(read.item.context.fluids_dl, Some(15));
    refused_on_import(&context(2001, "x"), "magnesium_mg must be 0-2000, got 2001");
    refused_on_import(
        &context(300, "a\u{1b}[31m"),
        "medication must be plain text without control characters",
    );
    refused_on_import(
        &context(300, &"m".repeat(501)),
        "medication must be at most 500 characters, got 501",
    );
}

#[test]
fn a_night_row_keeps_its_stored_text_but_an_import_is_held_to_the_typed_rules() {
    let stored = night("sore\u{1b}[2J").to_domain_as_stored().unwrap();
    assert_eq!(stored.details.note.as_deref(), Some("sore\u{1b}[2J"));
    assert_eq!(stored.details.numbness, Some(Sides::Left));
    refused_on_import(
        &night("sore\u{1b}[2J"),
        "note must be plain text without control characters",
    );
    let mut shouting = night("ok");
    shouting.status = "NONE".into();
    for converted in [shouting.to_domain(), shouting.to_domain_as_stored()] {
        assert_eq!(
            converted.unwrap_err().0,
            "status: expected cramps, none or excluded, got 'NONE'"
        );
    }
    let mut reasonless = night("ok");
    reasonless.status = "excluded".into();
    refused_on_import(
        &reasonless,
        "exclude_reason must be given exactly when status is excluded",
    );
}

#[test]
fn an_episode_row_holds_its_time_to_the_minute_and_an_import_checks_its_night() {
    let row = EpisodeRow::new(
        "e-1".into(),
        &"n-1".into(),
        &episode(),
        &stamp("2026-11-20T08:00:00"),
    );
    assert_eq!(row.to_domain().unwrap().item, episode());
    assert_eq!(row.at_time.map(|t| t.to_string()).as_deref(), Some("03:10"));
    let mut odd = row;
    odd.night_uid = "night 1".into();
    refused_on_import(
        &odd,
        "night_uid must be 1-64 letters, digits or dashes, got \"night 1\"",
    );
}

fn episode() -> CrampEpisode {
    CrampEpisode {
        leg: Leg::Left,
        muscle: Muscle::Calf,
        intensity: Score::new("intensity", 7).unwrap(),
        duration: CrampDuration::from_seconds(90).unwrap(),
        at: NaiveTime::from_hms_opt(3, 10, 0),
        woke: true,
        note: None,
    }
}

#[test]
fn an_imported_session_meets_the_session_rules_of_the_domain() {
    let gun = session("massage-gun").to_domain().unwrap();
    assert_eq!(gun.item.speed, Some(GunSpeed::Low));
    assert_eq!(gun.item.side_effects, vec![SideEffect::Bruising]);
    refused_on_import(
        &session("foam-roller"),
        "gun_speed and gun_head must be empty unless technique is massage-gun",
    );
    let mut effects = session("massage-gun");
    effects.side_effects = "bruising,itching".into();
    refused_on_import(
        &effects,
        "side_effects: expected bruising, tingling or numbness, got 'itching'",
    );
    // The row a session is written as reads back as the same session.
    let written = SessionRow::new("s-2".into(), &gun.item, &stamp("2026-11-20T19:05:00"));
    assert_eq!(written.to_domain_as_stored().unwrap().item, gun.item);
}

#[test]
fn an_older_diary_baseline_is_read_but_not_imported() {
    let row = RoutineRow {
        uid: "r-1".into(),
        start_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        weeks: 4,
        per_week: 5,
        baseline_nights: 10,
        stopped_on: NaiveDate::from_ymd_opt(2026, 9, 30),
        created_at: stamp("2026-10-01T08:00:00"),
        updated_at: stamp("2026-10-01T08:00:00"),
        deleted_at: None,
    };
    assert_eq!(row.to_domain_as_stored().unwrap().item.baseline_nights, 10);
    refused_on_import(&row, "baseline_nights must be 14-365, got 10");
    let row = RoutineRow {
        baseline_nights: 28,
        ..row
    };
    refused_on_import(
        &row,
        "stopped_on must not be before start_on (2026-10-01), got 2026-09-30",
    );
}
