//! Made-up records, and diaries opened through the library, for the library-level tests: each sets what such tests usually need and
//! leaves the rest empty; a test that needs more changes it with `..record(...)`.
#![allow(dead_code)]

use super::dates::{at, day};
use super::stamp;
use chrono::NaiveDate;
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{CrampDuration, CrampEpisode, Leg, Muscle, Score};
use cramp_diary::store::{NightEntry, Store};

/// A night's summary with `cramps` cramps (intensity 6, the longest 90 s), nothing else noted.
pub fn summary(night_of: NaiveDate, cramps: u32) -> NightSummary {
    NightSummary {
        worst_intensity: (cramps > 0).then_some(6),
        longest_s: (cramps > 0).then_some(90),
        ..NightSummary::counted(night_of, cramps)
    }
}

/// A calf cramp in `leg` that woke, `intensity` out of 10, lasting `duration` (`1m`, `90s`).
pub fn cramp(leg: Leg, intensity: i64, duration: &str) -> CrampEpisode {
    CrampEpisode {
        leg,
        muscle: Muscle::Calf,
        intensity: Score::new("intensity", intensity).unwrap(),
        duration: CrampDuration::parse(duration).unwrap(),
        at: None,
        woke: true,
        note: None,
    }
}

/// A session of `technique` on both legs at `when` (`YYYY-MM-DD HH:MM`), nothing else set.
pub fn session(when: &str, technique: Technique) -> MassageSession {
    MassageSession::bare(at(when), technique)
}

/// Logs the night of `night` (`YYYY-MM-DD`) as cramp-free, saved on 1 Nov 2026.
pub fn cramp_free(store: &mut Store, night: &str) {
    let entry = NightEntry::cramp_free();
    store
        .log_night(day(night), &entry, &stamp("2026-11-01T07:00:00"))
        .unwrap();
}

/// Writes to `path` an export file of `nights` cramp-free nights from 1 Jan 2000 on.
pub fn bulk_export(nights: i64, path: &std::path::Path) {
    let start = day("2000-01-01");
    let nights: Vec<_> = (0..nights)
        .map(|i| {
            let day = start + chrono::Duration::days(i);
            serde_json::json!({
                "uid": format!("bulk-{i}"), "night_of": day.format("%Y-%m-%d").to_string(),
                "status": "none", "exclude_reason": null, "tight_left": 3, "tight_right": 4,
                "sleep_disturbance": null, "soreness": null, "note": "imported in bulk",
                "created_at": "2026-11-01T07:00:00", "updated_at": "2026-11-01T07:00:00",
                "deleted_at": null
            })
        })
        .collect();
    let doc = serde_json::json!({
        "format": "cramp-diary-export", "version": 1, "nights": nights, "episodes": [],
        "sessions": [], "routines": [], "context": []
    });
    std::fs::write(path, serde_json::to_string(&doc).unwrap()).unwrap();
}

/// A path for a diary in a new temporary folder (nothing created there yet).
pub fn temp_diary() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    (dir, path)
}

/// The diary at `path` opened through the library (made when missing).
pub fn open(path: &std::path::Path) -> Store {
    match Store::open(path) {
        Ok(store) => store,
        Err(e) => panic!("cannot open {}: {e}", path.display()),
    }
}
