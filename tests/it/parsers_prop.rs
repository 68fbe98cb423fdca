//! Whatever is typed, the parsers answer with a value or with one sentence naming the field;
//! they never panic.

use crate::common::dates::at;
use chrono::NaiveDate;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::dates::{parse_ago, parse_clock_time, parse_night, parse_when};
use cramp_diary::domain::session::{Technique, parse_count};
use cramp_diary::domain::{CrampDuration, Invalid, Leg, Score};
use proptest::prelude::*;

fn one_sentence(e: &Invalid, field: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        e.0.starts_with(field),
        "{:?} does not start with {field}",
        e.0
    );
    prop_assert!(!e.0.contains('\n'), "{:?} is more than one line", e.0);
    prop_assert!(e.0.len() < 200, "{:?} is too long", e.0);
    Ok(())
}

fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,30}",
        "[0-9hms: -]{0,12}",
        "-?[0-9]{1,12}",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9]{1,2}:[0-9]{1,2}",
    ]
}

proptest! {
    #[test]
    fn durations(raw in typed()) {
        match CrampDuration::parse(&raw) {
            Ok(d) => prop_assert!((1..=3600).contains(&d.seconds())),
            Err(e) => one_sentence(&e, "duration")?,
        }
    }

    #[test]
    fn scores(raw in typed()) {
        match Score::parse("intensity", &raw) {
            Ok(s) => prop_assert!(s.value() <= 10),
            Err(e) => one_sentence(&e, "intensity")?,
        }
    }

    #[test]
    fn counts(raw in typed(), max in 1i64..3000) {
        match parse_count("minutes", &raw, 0, max) {
            Ok(v) => prop_assert!((0..=max).contains(&v)),
            Err(e) => one_sentence(&e, "minutes")?,
        }
    }

    #[test]
    fn nights_and_times(raw in typed()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        match parse_night("night", &raw, today) {
            Ok(d) => prop_assert!(d <= today),
            Err(e) => one_sentence(&e, "night")?,
        }
        if let Err(e) = parse_clock_time("time", &raw) {
            one_sentence(&e, "time")?;
        }
        let now = at("2026-11-23 07:30");
        match parse_when("at", &raw, now) {
            Ok(at) => prop_assert!(at <= now),
            Err(e) => one_sentence(&e, "at")?,
        }
        match parse_ago(&raw) {
            Ok(d) => prop_assert!(d.num_minutes() >= 0 && d.num_hours() <= 168),
            Err(e) => one_sentence(&e, "ago")?,
        }
    }

    #[test]
    fn words_and_context(raw in typed()) {
        if let Err(e) = Leg::parse(&raw) {
            one_sentence(&e, "leg")?;
        }
        if let Err(e) = Technique::parse(&raw) {
            one_sentence(&e, "technique")?;
        }
        match DailyContext::parse_fluids(&raw) {
            Ok(dl) => prop_assert!(dl <= 100),
            Err(e) => one_sentence(&e, "fluids")?,
        }
    }
}

mod imported_records {
    use cramp_diary::domain::{ClockTime, Stamp};
    use cramp_diary::store::tables::{EpisodeRow, NightRow, Rows};
    use proptest::prelude::*;

    /// A night dated `text` as a file holds it, read as an import reads it: a date that is no
    /// `YYYY-MM-DD` is refused there, in one sentence (then the night is dated 1 November).
    fn read_night_of(text: &str) -> chrono::NaiveDate {
        let stamp = "2026-11-01T07:00:00";
        let row = serde_json::json!({
            "uid": "n-1", "night_of": text, "status": "none", "exclude_reason": null,
            "tight_left": null, "tight_right": null, "sleep_disturbance": null, "soreness": null,
            "note": null, "created_at": stamp, "updated_at": stamp, "deleted_at": null,
        });
        serde_json::from_value::<NightRow>(row).map_or_else(
            |e| {
                let e = e.to_string();
                assert!(
                    e.contains("must be a date as YYYY-MM-DD") && !e.contains('\n'),
                    "{e}"
                );
                chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
            },
            |n| n.night_of,
        )
    }

    fn row_text() -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,12}",
            "(left|right|both|calf|foot|none|cramps|excluded)",
            "[0-9:-]{0,10}"
        ]
    }

    proptest! {
        #[test]
        fn any_imported_record_is_accepted_or_refused_in_one_sentence(
            status in row_text(), night_of in row_text(), leg in row_text(), muscle in row_text(),
            intensity in -5i64..20, duration in -10i64..4000, tight in proptest::option::of(-3i64..14),
            at_time in proptest::option::of(row_text()), stamp in row_text(),
        ) {
            // A change time that is no stamp is refused as the file is read, in one sentence.
            let updated_at = Stamp::parse("updated_at", &stamp).unwrap_or_else(|e| {
                assert!(e.0.starts_with("updated_at must be") && !e.0.contains('\n'), "{}", e.0);
                crate::common::stamp("2026-11-01T07:00:00")
            });
            let night_of = read_night_of(&night_of);
            // So is a cramp's time that is no HH:MM.
            let at_time = at_time.and_then(|t| {
                serde_json::from_value::<ClockTime>(serde_json::json!(t)).map_err(|e| {
                    let e = e.to_string();
                    assert!(e.contains("must be") && !e.contains('\n'), "{e}");
                }).ok()
            });
            let rows = Rows {
                nights: vec![NightRow {
                    uid: "n-1".into(), night_of, status, exclude_reason: None, tight_left: tight,
                    tight_right: None, sleep_disturbance: None, soreness: None, note: None,
                    created_at: crate::common::stamp("2026-11-01T07:00:00"), updated_at, deleted_at: None,
                    numbness: None, swelling: None,
                }],
                episodes: vec![EpisodeRow {
                    uid: "e-1".into(), night_uid: "n-1".into(), leg, muscle, intensity,
                    duration_s: duration, at_time, woke: true, note: None,
                    created_at: crate::common::stamp("2026-11-01T07:00:00"),
                    updated_at: crate::common::stamp("2026-11-01T07:00:00"),
                    deleted_at: None,
                }],
                ..Rows::default()
            };
            if let Err(e) = rows.validate() {
                prop_assert!(e.0.starts_with("nights[0] (uid n-1): ") || e.0.starts_with("episodes[0] (uid e-1): "), "{}", e.0);
                prop_assert!(!e.0.contains('\n'));
            }
        }
    }
}
