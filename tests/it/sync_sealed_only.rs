//! In a sync folder with a key (`[sync] key_file`), only what is sealed with that key is
//! applied: a plain line appended to a device's sealed file, a plain operation file and a plain
//! relay of a made-up device, all written without the key, are named and never applied, on
//! any device; the device whose folder was used keeps its id and its history. Real processes,
//! a real folder, a real age key.

use crate::common::diary::Diary;
use crate::common::words;
use crate::sync_cli::{device, dump, new_devices, own_folder, sync};
use crate::sync_encrypted::set_key;
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Write;

const KEY: &str = "a long passphrase my devices share, and no one else\n";

/// A sync line as cramp writes it: the JSON, then the first 8 bytes of its SHA-256 in hex.
fn checked(v: &Value) -> String {
    let js = serde_json::to_string(v).unwrap();
    let sum: String = Sha256::digest(js.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{js} {sum}\n")
}

fn header(device: &str, first: u64) -> String {
    checked(&json!({"format": "cramp-sync", "version": 2, "device": device, "first": first}))
}

/// `template` (a real plain op line's JSON) as the change `seq` of `device`: a new night.
fn op(template: &Value, device: &str, seq: u64, night: &str, note: &str) -> String {
    let mut v = template.clone();
    v["d"] = json!(device);
    v["s"] = json!(seq);
    v["e"] = json!(seq);
    v["u"] = json!(format!("00000000-0000-4000-8000-{seq:012}"));
    v["f"]["night_of"] = json!(night);
    v["f"]["note"] = json!(note);
    checked(&v)
}

#[test]
fn plain_lines_files_and_relays_in_an_encrypted_folder_are_named_and_never_applied() {
    let (a, b, c, plain) = (Diary::new(), Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    for d in [&a, &b, &c] {
        set_key(d, KEY, None);
    }
    b.cramp_free_night("2026-11-01", "sealed one").ok();
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    sync(&a, folder.path()).ok();
    assert!(dump(&a).to_string().contains("sealed one"));
    let b_id = device(&b);

    // A real plain change line, from a device without a key in another folder: the template.
    plain.cramp_free_night("2026-11-05", "t").ok();
    sync(&plain, elsewhere.path()).ok();
    let text =
        std::fs::read_to_string(own_folder(&plain, elsewhere.path()).join("ops-000000001.log"))
            .unwrap();
    let line = text.lines().nth(1).unwrap();
    let template: Value = serde_json::from_str(line.rsplit_once(' ').unwrap().0).unwrap();

    // Written into b's folder by someone without the key: a plain line appended to its sealed
    // file (its change 2), a plain file of its change 3, a plain relay of a made-up device.
    let theirs = own_folder(&b, folder.path());
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(theirs.join("ops-000000001.log"))
        .unwrap();
    f.write_all(op(&template, &b_id, 2, "2026-11-06", "APPENDED-PLAIN").as_bytes())
        .unwrap();
    std::fs::write(
        theirs.join("ops-000000003.log"),
        header(&b_id, 3) + &op(&template, &b_id, 3, "2026-11-08", "PLAIN-FILE"),
    )
    .unwrap();
    let made_up = "0123456789abcdef";
    let relayed = header(made_up, 1) + &op(&template, made_up, 1, "2026-11-07", "RELAY-INJECTED");
    let ops = base64::engine::general_purpose::STANDARD
        .encode(miniz_oxide::deflate::compress_to_vec(relayed.as_bytes(), 9));
    std::fs::write(
        theirs.join(format!("relay-{made_up}-000000001.json")),
        serde_json::to_vec(&json!({"format": "cramp-sync-snapshot", "version": 1, "device": made_up, "upto": 1, "ops": ops})).unwrap(),
    )
    .unwrap();

    let injected = ["APPENDED-PLAIN", "PLAIN-FILE", "RELAY-INJECTED"];
    let named = [
        "ops-000000001.log line 3 is not sealed with this folder's key",
        "ops-000000003.log line 1 is not sealed with this folder's key",
        "relay-0123456789abcdef-000000001.json is not sealed with this folder's key",
    ];
    // Every device with the key, one that synced before and a new one: named, nothing applied.
    for d in [&a, &c] {
        let run = sync(d, folder.path());
        assert_eq!(run.code, 0, "{run:#?}");
        for n in named {
            assert!(run.stderr.contains(n), "{n}: {run:#?}");
        }
        let db = dump(d).to_string();
        assert!(db.contains("sealed one"), "the rest still syncs: {db}");
        for i in injected {
            assert!(!db.contains(i), "{i} applied: {db}");
        }
        let status = d
            .run(&["sync", "status", folder.path().to_str().unwrap()])
            .ok();
        for n in named {
            assert!(status.stdout.contains(n), "{n}: {status:#?}");
        }
    }

    // The device whose folder was written in keeps its id and history, and its next change
    // reaches the others; the plain line is cut off its own file.
    b.cramp_free_night("2026-11-09", "after the injection").ok();
    let run = sync(&b, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stderr.contains("shares its sync id"), "{run:#?}");
    assert_eq!(device(&b), b_id);
    let run = sync(&a, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    for d in [&a, &b] {
        let db = dump(d).to_string();
        assert!(db.contains("after the injection"), "{db}");
        for i in injected {
            assert!(!db.contains(i), "{i} applied: {db}");
        }
    }
}

/// Every control character and bidirectional override, as a terminal would act on them.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn a_host_name_from_the_folder_reaches_the_terminal_escaped_in_status_conflicts_and_retire() {
    let (a, c, folder) = new_devices();
    let dir = folder.path().to_str().unwrap();
    sync(&a, folder.path()).ok();
    // The same night on both, told differently: a conflict that names each device.
    a.run(&words("night --none --night 2026-11-10 --tight-left 3"))
        .ok();
    c.run(&words("night --none --night 2026-11-10 --tight-left 7"))
        .ok();
    sync(&c, folder.path()).ok();
    let c_id = device(&c);
    // Its device.json, as a hostile or damaged copy: escape sequences, a bell, a reversal.
    let note = own_folder(&c, folder.path()).join("device.json");
    let mut j: Value = serde_json::from_slice(&std::fs::read(&note).unwrap()).unwrap();
    j["host"] = json!("evil\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}X");
    std::fs::write(&note, serde_json::to_vec(&j).unwrap()).unwrap();
    let run = sync(&a, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");

    let status = a.run(&["sync", "status", dir]).ok();
    let conflicts = a.run(&["sync", "conflicts"]).ok();
    let retire = a.run(&["sync", "retire", &c_id[..6], dir]).ok();
    for (what, out) in [
        ("status", &status),
        ("conflicts", &conflicts),
        ("retire", &retire),
    ] {
        let text = format!("{}{}", out.stdout, out.stderr);
        assert!(raw_controls(&text).is_empty(), "{what}: {text:?}");
        assert!(
            text.contains("evil\\x1b]0;PWNED\\x07\\x1b[2J\\u{202e}X"),
            "{what} shows the host escaped: {text:?}"
        );
    }
}

#[test]
fn a_folder_switched_from_plain_to_a_key_ends_with_nothing_plain_and_a_new_device_gets_everything()
{
    let (a, b, j) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    a.cramp_free_night("2026-11-01", "plain from a").ok();
    b.cramp_free_night("2026-11-02", "plain from b").ok();
    for d in [&a, &b, &a] {
        sync(d, folder.path()).ok();
    }
    for d in [&a, &b, &j] {
        set_key(d, KEY, None);
    }
    for d in [&a, &b, &a] {
        let run = sync(d, folder.path());
        assert_eq!(run.code, 0, "{run:#?}");
    }
    // Every operation file now sealed: each device wrote its own plain ones again, sealed.
    for f in crate::sync_cli::walk(folder.path()) {
        if f.extension().is_some_and(|e| e == "log") {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(text.lines().all(|l| l.starts_with("age:")), "{f:?}: {text}");
        }
    }
    let run = sync(&j, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let db = dump(&j).to_string();
    assert!(
        db.contains("plain from a") && db.contains("plain from b"),
        "{db}"
    );
}
