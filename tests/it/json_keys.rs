//! The JSON documents' keys, in the order each document writes them: the contract scripts read.
//! Several documents are analysis types serialized with serde attributes (`skip`, `rename`,
//! `serialize_with`), so a renamed field would rename a key; these tests keep every key path
//! (`routine_phase.from`, `adherence.weeks[].complete`) and its order as the snapshot holds it.
//! The snapshots were checked against the documents of the binary before that change (the
//! hand-written document types), key for key and in order.

use crate::common::Seeded;
use crate::common::diary::Diary;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Every key path of a JSON text, each once, in the order it first appears (`a.b`, `a[].c`).
fn key_paths(text: &str) -> String {
    struct Walk<'a> {
        at: String,
        out: &'a mut Vec<String>,
    }
    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                let at = if self.at.is_empty() {
                    key
                } else {
                    format!("{}.{key}", self.at)
                };
                if !self.out.contains(&at) {
                    self.out.push(at.clone());
                }
                map.next_value_seed(Walk {
                    at,
                    out: &mut *self.out,
                })?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let at = format!("{}[]", self.at);
            while seq
                .next_element_seed(Walk {
                    at: at.clone(),
                    out: &mut *self.out,
                })?
                .is_some()
            {}
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }
    let mut out = Vec::new();
    let mut d = serde_json::Deserializer::from_str(text);
    Walk {
        at: String::new(),
        out: &mut out,
    }
    .deserialize(&mut d)
    .expect("a JSON document");
    out.join("\n")
}

#[test]
fn key_paths_follow_the_text_order_and_name_each_path_once() {
    let text = r#"{"b": 1, "a": {"z": [{"y": 1}, {"y": 2, "x": null}]}, "c": [1, 2]}"#;
    assert_eq!(key_paths(text), "b\na\na.z\na.z[].y\na.z[].x\nc");
}

/// One of `words`, drawn.
fn pick(rng: &mut Seeded, words: &[&'static str]) -> &'static str {
    words[rng.below(words.len() as u64) as usize]
}

/// A diary of 16 months that fills every part of the report: a routine from 12 Oct 2026 with
/// a bad 28-night baseline (so the regression-to-the-mean check speaks), a follow-up, the same
/// dates a year earlier, daily context and sessions; written as an export file to import.
fn rich_diary() -> Diary {
    let d = Diary::new();
    let mut rng = Seeded(0x5EED_2026);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (baseline, routine, after) = (day("2026-09-14"), day("2026-10-12"), day("2026-11-09"));
    let stamp = "2026-11-23T07:30:00";
    let (mut nights, mut episodes, mut context, mut sessions) = (vec![], vec![], vec![], vec![]);
    let mut night = day("2025-08-01");
    while night <= day("2026-11-22") {
        let iso = night.format("%Y-%m-%d").to_string();
        if rng.below(10) < 9 {
            let cramps = match night {
                n if n >= after => u64::from(rng.below(10) < 3),
                n if n >= routine => u64::from(rng.below(10) < 3),
                n if n >= baseline => rng.below(4),
                _ => u64::from(rng.below(10) < 3),
            };
            let uid = format!("night-{iso}");
            nights.push(serde_json::json!({
                "uid": uid, "night_of": iso,
                "status": if cramps > 0 { "cramps" } else { "none" }, "exclude_reason": null,
                "tight_left": rng.below(10), "tight_right": rng.below(10),
                "sleep_disturbance": rng.below(9), "soreness": null, "note": null,
                "created_at": stamp, "updated_at": stamp, "deleted_at": null
            }));
            for i in 0..cramps {
                episodes.push(serde_json::json!({
                    "uid": format!("cramp-{iso}-{i}"), "night_uid": uid,
                    "leg": pick(&mut rng, &["left", "right", "both"]),
                    "muscle": pick(&mut rng, &["calf", "foot", "thigh"]),
                    "intensity": 2 + rng.below(8), "duration_s": 20 + rng.below(380),
                    "at_time": format!("0{}:{:02}", rng.below(6), rng.below(60)),
                    "woke": rng.below(2) == 1, "note": null,
                    "created_at": stamp, "updated_at": stamp, "deleted_at": null
                }));
            }
        }
        if rng.below(2) == 0 {
            context.push(serde_json::json!({
                "uid": format!("context-{iso}"), "day": iso, "fluids_dl": 5 + rng.below(25),
                "magnesium_mg": if rng.below(2) == 0 { Some(300) } else { None },
                "potassium": null, "exercise_min": 30 * rng.below(3), "medication": null,
                "created_at": stamp, "updated_at": stamp, "deleted_at": null
            }));
        }
        if night >= routine && night < after && rng.below(10) < 7 {
            sessions.push(serde_json::json!({
                "uid": format!("session-{iso}"), "at": format!("{iso}T19:26"),
                "technique": pick(&mut rng, &["foam-roller", "massage-gun", "stretch"]),
                "legs": "both", "minutes_per_calf": 8, "pain": 5, "gun_speed": null,
                "gun_head": null, "spots": 3, "seconds_per_spot": 30, "tight_before": 7,
                "tight_after": 5, "side_effects": "", "note": null,
                "created_at": stamp, "updated_at": stamp, "deleted_at": null
            }));
        }
        night += chrono::Duration::days(1);
    }
    let routines = [serde_json::json!({
        "uid": "routine-1", "start_on": "2026-10-12", "weeks": 4, "per_week": 5,
        "baseline_nights": 28, "stopped_on": null,
        "created_at": stamp, "updated_at": stamp, "deleted_at": null
    })];
    let file = d.dir.path().join("rich.json");
    let doc = serde_json::json!({
        "format": "cramp-diary-export", "version": 2, "nights": nights, "episodes": episodes,
        "sessions": sessions, "routines": routines, "context": context
    });
    std::fs::write(&file, doc.to_string()).unwrap();
    d.run(&["import", file.to_str().unwrap()]).ok();
    d
}

#[test]
fn the_report_and_insights_documents_keep_every_key_in_its_place() {
    let d = rich_diary();
    let report = |now: &str| d.at(now, &["report", "--format", "json"]).ok().stdout;
    let after = report("2026-11-23T07:30");
    for part in ["\"baseline_check\": {", "\"same_dates_earlier\": {"] {
        assert!(after.contains(part), "the diary fills {part}:\n{after}");
    }
    insta::assert_snapshot!("report_after_the_routine", key_paths(&after));
    insta::assert_snapshot!(
        "report_during_the_routine",
        key_paths(&report("2026-10-26T07:30"))
    );
    let insights = d.at("2026-11-23T07:30", &["insights", "--format", "json"]);
    insta::assert_snapshot!("insights", key_paths(&insights.ok().stdout));
}

#[test]
fn the_experiment_document_keeps_every_key_in_its_place() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-11-23", "--pairs", "2"])
        .ok();
    let mut rng = Seeded(7);
    for i in 0..28 {
        let night = (chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
            + chrono::Duration::days(i))
        .format("%Y-%m-%d")
        .to_string();
        let run = if rng.below(3) == 0 {
            d.at(
                "2026-12-21T08:00",
                &crate::common::words(&format!(
                    "cramp --leg left --intensity 5 --duration 1m --night {night}"
                )),
            )
        } else {
            d.at("2026-12-21T08:00", &["night", "--none", "--night", &night])
        };
        run.ok();
    }
    let doc = d.at("2026-12-21T08:00", &["experiment", "--format", "json"]);
    let text = doc.ok().stdout;
    assert!(text.contains("\"pairs\": ["), "the pairs are in:\n{text}");
    insta::assert_snapshot!("experiment_finished", key_paths(&text));
}
