//! A device gone for good, through real processes and a real folder: when its folder is removed
//! (a phone lost, a folder deleted or emptied by a sync tool, a move to a new, empty folder), the
//! devices that applied its changes relay them in their own folder, so a device joining later
//! still gets the whole diary; `cramp sync retire` stops compaction waiting for it.

use crate::common::diary::Diary;
use crate::common::run::assert_refused;
use crate::sync_cli::{device, dump, new_devices, own_folder, sync};
use crate::sync_encrypted::{files, grep, set_key};
use base64::Engine;
use cramp_diary::sync::line::{complete_lines, header_line, op_line_in, read_header, read_op_in};
use std::path::{Path, PathBuf};

fn night(d: &Diary, date: &str, note: &str) {
    d.cramp_free_night(date, note).ok();
}

/// The notes of a diary's nights, in date order.
fn notes(d: &Diary) -> Vec<String> {
    let mut out: Vec<(String, String)> = dump(d)["nights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["night_of"].as_str().unwrap().to_string(),
                n["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, n)| n).collect()
}

/// The relay files in a device's own folder.
fn relays(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|r| {
            r.map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with("relay-")
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The tester's scenario: A applied all of B's changes, then made more; B's folder goes.
fn a_then_b_gone(dir: &Path) -> (Diary, Diary) {
    let (a, b) = (Diary::new(), Diary::new());
    sync(&a, dir).ok();
    sync(&b, dir).ok();
    night(&a, "2026-11-10", "a1");
    night(&b, "2026-11-11", "b1 from old phone");
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    night(&a, "2026-11-12", "a2");
    night(&a, "2026-11-13", "a3");
    sync(&a, dir).ok();
    std::fs::remove_dir_all(own_folder(&b, dir)).unwrap();
    (a, b)
}

/// [`a_then_b_gone`] in a new folder, then A's next sync, which relays B's changes: the folder,
/// A, B and the relay.
fn a_relaying_b() -> (tempfile::TempDir, Diary, Diary, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let (a, b) = a_then_b_gone(dir);
    sync(&a, dir).ok();
    let relay = relays(&own_folder(&a, dir)).pop().expect("a relay");
    (folder, a, b, relay)
}

/// A device joining `dir` now gets the whole diary `like` has (b1 from a relay, and a2, a3
/// that wait for it), with nothing left waiting: the new device.
fn a_joiner_gets_everything(dir: &Path, like: &Diary) -> Diary {
    let n = Diary::new();
    let run = sync(&n, dir).ok();
    assert!(!run.stdout.contains("wait for changes"), "{run:#?}");
    assert_eq!(notes(&n), ["a1", "b1 from old phone", "a2", "a3"]);
    assert_eq!(dump(&n), dump(like));
    n
}

/// A's `relay`, damaged in its own folder: `sync status` does not count it as relayed and says
/// "RELAY `status_says`"; A's next sync says "RELAY `sync_says`" and writes it again from its
/// diary, and status counts it as relayed again.
fn named_then_written_again(
    a: &Diary,
    dir: &Path,
    relay: &Path,
    status_says: &str,
    sync_says: &str,
) {
    let name = relay.file_name().unwrap().to_str().unwrap();
    let args = ["sync", "status", dir.to_str().unwrap()];
    let status = a.run(&args).ok();
    assert!(!status.stdout.contains("are relayed in"), "{status:#?}");
    status.says(&format!("{name} {status_says}"));
    let run = sync(a, dir);
    assert!(
        run.code == 0 && run.stderr.contains(&format!("{name} {sync_says}")),
        "{run:#?}"
    );
    a.run(&args).ok().says("are relayed in");
}

#[test]
fn a_device_whose_folder_is_removed_still_reaches_a_joiner_and_retiring_it_lets_compaction_go_on() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let (a, b) = a_then_b_gone(dir);
    let b_id = device(&b);
    let relayed = sync(&a, dir).ok();
    // A device joining now gets everything A has: b1 from the relay, and a2, a3 that wait for it.
    let n = a_joiner_gets_everything(dir, &a);
    relayed.says(&format!("Relayed device {}", &b_id[..6]));
    let relay = own_folder(&a, dir).join(format!("relay-{b_id}-000000001.json"));
    assert!(relay.is_file(), "{:?}", relays(&own_folder(&a, dir)));
    // Status on A names B's folder as gone and relayed.
    let status = a.run(&["sync", "status", dir.to_str().unwrap()]).ok();
    let gone = status.line(&format!("Noticed: device {b_id}'s folder is missing"));
    assert!(
        gone.contains("relayed in") && gone.contains("relay-"),
        "{gone}"
    );
    // Compaction waits for B (it never acknowledged A's changes) and says how to retire it.
    let run = a.run(&["sync", "compact", dir.to_str().unwrap()]).ok();
    run.says("Nothing compacted")
        .says(&format!("cramp sync retire {}", &b_id[..6]));
    let run = a
        .run(&["sync", "retire", &b_id[..6], dir.to_str().unwrap()])
        .ok();
    run.says("Retired");
    let status = a.run(&["sync", "status", dir.to_str().unwrap()]).ok();
    assert!(
        status.stdout.contains("retired at its change 1"),
        "{status:#?}"
    );
    // N has everything of A's: with B retired, A compacts.
    sync(&n, dir).ok();
    let run = a.run(&["sync", "compact", dir.to_str().unwrap()]).ok();
    run.says("Compacted: this device's changes 1-3");
    // A device joining after the compaction still gets the whole diary.
    let m = Diary::new();
    sync(&m, dir).ok();
    assert_eq!(dump(&m), dump(&a));
    // B was not gone after all: its new changes are applied as usual, nothing lost.
    night(&b, "2026-11-14", "b2 back again");
    for d in [&b, &a] {
        let run = sync(d, dir);
        assert_eq!(run.code, 0, "{run:#?}");
    }
    assert_eq!(
        notes(&a),
        ["a1", "b1 from old phone", "a2", "a3", "b2 back again"]
    );
    let run = sync(&m, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(dump(&m), dump(&a));
}

#[test]
fn moving_to_a_new_empty_folder_with_a_device_gone_gives_a_joiner_the_whole_diary() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = a_then_b_gone(old.path());
    // Only A moves (B is gone, or has not moved yet).
    sync(&a, new.path()).ok();
    assert_eq!(relays(&own_folder(&a, new.path())).len(), 1);
    let j = Diary::new();
    let run = sync(&j, new.path()).ok();
    assert!(!run.stdout.contains("wait for changes"), "{run:#?}");
    assert_eq!(dump(&j), dump(&a));
    // B moves after all: its own files hold its changes again, and A's relay of them goes.
    // (Both name B's file as read again from the start: they had read a file of that name in
    // the old folder.)
    assert_eq!(sync(&b, new.path()).code, 0);
    assert_eq!(sync(&a, new.path()).code, 0);
    assert!(relays(&own_folder(&a, new.path())).is_empty());
    let k = Diary::new();
    sync(&k, new.path()).ok();
    assert_eq!(dump(&k), dump(&a));
}

#[test]
fn retire_is_refused_for_an_unknown_device_this_device_or_one_with_changes_not_applied() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    sync(&a, dir).ok();
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    night(&b, "2026-11-11", "b1");
    sync(&b, dir).ok(); // A has not applied b1 yet
    let (a_id, b_id) = (device(&a), device(&b));
    let d = dir.to_str().unwrap();
    let before = (files(dir), dump(&a));
    for (args, mentions) in [
        (
            vec!["sync", "retire", "ffffffff", d],
            vec!["device must be", "'ffffffff'"],
        ),
        (vec!["sync", "retire", &a_id[..8], d], vec!["this device"]),
        (
            vec!["sync", "retire", &b_id[..8], d],
            vec!["not applied", "0 of 1"],
        ),
    ] {
        let run = a.run(&args);
        assert_refused(&run, &args, &mentions);
        assert_eq!((files(dir), dump(&a)), before, "{args:?} wrote something");
    }
}

/// Rewrites one change of a relay (unsealed) to say `note`, each line still checksummed.
fn forge(relay: &Path, note: &str) {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(relay).unwrap()).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;
    let deflated = b64.decode(json["ops"].as_str().unwrap()).unwrap();
    let text =
        String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap()).unwrap();
    let (lines, _) = complete_lines(&text);
    let mut out = header_line(&read_header(lines[0]).unwrap());
    for l in &lines[1..] {
        let (mut op, end) = read_op_in(l, 999).unwrap();
        if op.fields.contains_key("note") {
            op.fields.insert("note".into(), note.into());
        }
        out.push_str(&op_line_in(&op, end));
    }
    json["ops"] = b64
        .encode(miniz_oxide::deflate::compress_to_vec(out.as_bytes(), 9))
        .into();
    std::fs::write(relay, serde_json::to_vec(&json).unwrap()).unwrap();
}

#[test]
fn a_relay_that_differs_from_the_devices_own_file_is_refused_naming_it() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    sync(&a, dir).ok();
    night(&b, "2026-11-11", "b1");
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    // Retired while its folder is still there: A relays it all the same.
    a.run(&["sync", "retire", &device(&b)[..6], dir.to_str().unwrap()])
        .ok();
    let relay = relays(&own_folder(&a, dir)).pop().expect("a relay");
    forge(&relay, "rewritten history");
    let n = Diary::new();
    night(&n, "2026-11-01", "n1"); // its diary made before the sync
    let args = ["sync", dir.to_str().unwrap()];
    let run = n.run(&args);
    assert_refused(
        &run,
        &args,
        &[
            relay.file_name().unwrap().to_str().unwrap(),
            "otherwise than",
            "ops-000000001.log",
        ],
    );
    assert_eq!(notes(&n), ["n1"], "nothing applied");
    // A relay damaged on the way (B's folder gone) is named (refused, or waiting if it cannot
    // be unpacked at all), nothing applied.
    let mut bytes = std::fs::read(&relay).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&relay, bytes).unwrap();
    std::fs::remove_dir_all(own_folder(&b, dir)).unwrap();
    let run = n.run(&args);
    assert!(
        run.stderr
            .contains(relay.file_name().unwrap().to_str().unwrap())
            && (run.stderr.contains("cannot be read whole")
                || run.stderr.contains("changed by hand or damaged")
                // A flipped byte can also unpack into a line that is not ours (the relay's
                // bytes differ from run to run with the devices' random ids).
                || run.stderr.contains("is not a cramp sync line")),
        "{run:#?}"
    );
    assert_eq!(notes(&n), ["n1"], "nothing applied from a damaged relay");
}

#[test]
fn an_encrypted_folder_keeps_the_relay_sealed_and_a_joiner_with_the_key_reads_it() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let identity = age::x25519::Identity::generate();
    let text = {
        use age::secrecy::ExposeSecret;
        format!("{}\n", identity.to_string().expose_secret())
    };
    let (a, b, n) = (Diary::new(), Diary::new(), Diary::new());
    for d in [&a, &b, &n] {
        set_key(d, &text, None);
    }
    sync(&a, dir).ok();
    night(&b, "2026-11-11", "relayed under seal");
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    std::fs::remove_dir_all(own_folder(&b, dir)).unwrap();
    sync(&a, dir).ok();
    let relay = relays(&own_folder(&a, dir)).pop().expect("a relay");
    assert!(
        std::fs::read(&relay)
            .unwrap()
            .starts_with(b"age-encryption.org/v1"),
        "the relay is sealed with age"
    );
    assert!(grep(dir, "relayed under seal").is_empty());
    sync(&n, dir).ok();
    assert_eq!(notes(&n), ["relayed under seal"]);
    assert_eq!(dump(&n), dump(&a));
}

#[test]
fn a_gone_device_already_relayed_by_another_is_not_relayed_twice_and_retiring_it_names_that_relay()
{
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let (a, b) = a_then_b_gone(dir);
    let c = Diary::new();
    // C joins after B's folder went: it gets b1 from A's relay, which stays the only one.
    sync(&a, dir).ok();
    sync(&c, dir).ok();
    sync(&c, dir).ok();
    assert!(
        relays(&own_folder(&c, dir)).is_empty(),
        "A's relay is enough"
    );
    let a_relay = relays(&own_folder(&a, dir));
    assert_eq!(a_relay.len(), 1);
    let run = c
        .run(&["sync", "retire", &device(&b)[..6], dir.to_str().unwrap()])
        .ok();
    run.says(&a_relay[0].display().to_string());
    assert!(relays(&own_folder(&c, dir)).is_empty());
    // A's folder goes too: C relays B (and A) itself, and a joiner still gets everything.
    std::fs::remove_dir_all(own_folder(&a, dir)).unwrap();
    sync(&c, dir).ok();
    assert_eq!(relays(&own_folder(&c, dir)).len(), 2);
    a_joiner_gets_everything(dir, &c);
}

#[test]
fn a_relay_cut_short_in_its_writers_folder_is_not_called_relayed_and_the_next_sync_rewrites_it() {
    let (folder, a, _b, relay) = a_relaying_b();
    let dir = folder.path();
    let whole = std::fs::read(&relay).unwrap();
    // Cut short (a full disk, a sync tool's bad copy): no device can read it.
    std::fs::write(&relay, &whole[..whole.len() / 2]).unwrap();
    // A's next sync reads its own relay back, names it and writes it again from its diary.
    named_then_written_again(
        &a,
        dir,
        &relay,
        "cannot be read whole",
        "could not be read whole",
    );
    assert_eq!(std::fs::read(&relay).unwrap().len(), whole.len());
    // A device joining now gets the gone device's changes, and A's that wait for them.
    a_joiner_gets_everything(dir, &a);
}

#[test]
fn a_relay_changed_in_its_writers_folder_is_named_by_the_writer_and_written_again_from_its_diary() {
    let (folder, a, _b, relay) = a_relaying_b();
    let dir = folder.path();
    // Changed with every checksum recomputed: it reads whole, but is not what A applied.
    forge(&relay, "FORGED");
    named_then_written_again(
        &a,
        dir,
        &relay,
        "holds other changes than this diary applied",
        "held other changes than this diary applied",
    );
    // A device joining now gets the diary A has, not the changed one.
    a_joiner_gets_everything(dir, &a);
}
