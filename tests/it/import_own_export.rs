//! What a diary holds, its own export brings back: a row the diary accepted (from an older
//! version's import, within its CHECK constraints) is not refused when that export is imported,
//! and a value the export cannot read is named so the row can be found.

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

#[test]
fn an_export_names_the_row_holding_a_date_it_cannot_read() {
    // 2026-02-30 passes the diary's CHECK (a GLOB), written there by hand.
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    let uid = export(&d)["nights"][0]["uid"].as_str().unwrap().to_string();
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    conn.execute("UPDATE nights SET night_of = '2026-02-30'", [])
        .unwrap();
    drop(conn);
    let r = d.run(&["export", "--format", "json", "--out", "-"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.error_line(),
        format!(
            "cramp: the diary's nights row with uid {uid} holds night_of '2026-02-30', which cramp cannot read; correct or remove that row and try again"
        )
    );
}
