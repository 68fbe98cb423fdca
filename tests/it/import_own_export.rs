//! What a diary holds, its own export brings back: a row the diary accepted (from an older
//! version's import, within its CHECK constraints) is not refused when that export is imported.

use crate::common::diary::Diary;
use serde_json::{Value, json};

fn export(d: &Diary) -> Value {
    let run = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    serde_json::from_str(&run.stdout).unwrap()
}

fn import(d: &Diary, doc: &Value) {
    let path = d.dir.path().join("in.json");
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    d.run(&["import", path.to_str().unwrap()]).ok();
}

#[test]
fn a_session_with_seconds_per_spot_and_no_spots_survives_export_and_import() {
    // Older versions imported this session (the diary's CHECK allows it), so diaries hold it.
    let session = json!({
        "uid": "s-0", "at": "2026-11-20T19:00", "technique": "foam-roller", "legs": "both",
        "minutes_per_calf": 8, "pain": 5, "gun_speed": null, "gun_head": null, "spots": 0,
        "seconds_per_spot": 30, "tight_before": null, "tight_after": null, "side_effects": "",
        "note": null, "created_at": "2026-11-20T19:05:00", "updated_at": "2026-11-20T19:05:00",
        "deleted_at": null
    });
    let doc = json!({
        "format": "cramp-diary-export", "version": 1, "nights": [], "episodes": [],
        "sessions": [session], "routines": [], "context": []
    });
    let first = Diary::new();
    import(&first, &doc);
    let copy = export(&first);
    assert_eq!(copy["sessions"][0]["seconds_per_spot"], 30, "{copy:#}");
    let second = Diary::new();
    import(&second, &copy);
    assert_eq!(export(&second)["sessions"], copy["sessions"]);
}
