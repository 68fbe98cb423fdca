//! Encrypted sync files (issue 25 item 2), through real processes and a real folder: with
//! `[sync] key_file` set, nothing in the folder reads as a note or a date, the other device
//! with the same key gets everything, and a device without the key (or with another) syncs
//! nothing, says why, and keeps its own diary working.

use crate::common::diary::Diary;
use crate::common::words;
use crate::sync_cli::{dump, new_devices, sync};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const NOTE: &str = "calf knot after the long walk";

/// The passphrase the tests' devices share.
pub const SHARED_KEY: &str = "a long passphrase shared by my devices\n";

/// Writes `body` as an owner-only key file in the diary's test home and points
/// `[sync] key_file` (and `dir`, when given) at it.
pub fn set_key(d: &Diary, body: &str, dir: Option<&Path>) -> PathBuf {
    let config = d.dir.path().join("home/.config/cramp-diary");
    std::fs::create_dir_all(&config).unwrap();
    let key = d.dir.path().join("sync.key");
    std::fs::write(&key, body).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let dir_line = dir.map_or(String::new(), |p| format!("dir = \"{}\"\n", p.display()));
    std::fs::write(
        config.join("config.toml"),
        format!("[sync]\n{dir_line}key_file = \"{}\"\n", key.display()),
    )
    .unwrap();
    key
}

/// Every file under `dir`, with its bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// The files under `dir` holding `needle` (as grep would find them).
pub fn grep(dir: &Path, needle: &str) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|(_, b)| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(p, _)| p)
        .collect()
}

/// A device's diary with [`log`]'s entries and [`SHARED_KEY`] as its key file (no folder set),
/// and an empty folder: the diary, the folder and the key file.
fn logged_with_the_key() -> (Diary, tempfile::TempDir, PathBuf) {
    let d = Diary::new();
    log(&d);
    let key = set_key(&d, SHARED_KEY, None);
    (d, tempfile::tempdir().unwrap(), key)
}

/// Two devices with `key` in their key files and an empty folder: the first logs [`log`]'s
/// entries, the second a cramp-free night with a note (19 Nov), then each syncs once, the first
/// first. The two diaries and the folder.
fn two_devices_synced_once(key: &str) -> (Diary, Diary, tempfile::TempDir) {
    let (a, b, folder) = new_devices();
    set_key(&a, key, None);
    set_key(&b, key, None);
    log(&a);
    b.cramp_free_night("2026-11-19", "quiet night").ok();
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    (a, b, folder)
}

fn log(d: &Diary) {
    let cramp = words("cramp --leg left --intensity 6 --duration 60s --night 2026-11-21 --note");
    d.run(&[&cramp[..], &[NOTE]].concat()).ok();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
}

#[test]
fn two_devices_with_one_key_sync_and_the_folder_shows_no_note_or_date() {
    let identity = age::x25519::Identity::generate();
    let text = {
        use age::secrecy::ExposeSecret;
        format!("{}\n", identity.to_string().expose_secret())
    };
    let (a, b, folder) = two_devices_synced_once(&text);
    sync(&a, folder.path()).ok();
    let (da, db) = (dump(&a), dump(&b));
    assert_eq!(da, db);
    assert!(da.to_string().contains(NOTE), "{da}");
    assert!(da.to_string().contains("quiet night"), "{da}");
    // Both devices wrote operation and device files, and none of them says anything.
    let all = files(folder.path());
    assert!(
        all.iter()
            .filter(|(p, _)| p.to_string_lossy().contains("ops-"))
            .count()
            >= 2,
        "{all:?}"
    );
    for needle in [
        "calf", "knot", "quiet", "2026-11", "2026", "night", "left", "host",
    ] {
        assert_eq!(
            grep(folder.path(), needle),
            Vec::<PathBuf>::new(),
            "{needle}"
        );
    }
    let status = b
        .run(&["sync", "status", folder.path().to_str().unwrap()])
        .ok();
    status.says("Encryption: on");
    assert!(!status.stdout.contains("Unreadable"), "{status:#?}");
}

#[test]
fn a_device_without_the_key_or_with_another_syncs_nothing_says_so_and_still_saves() {
    let (a, plain, other) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    set_key(&a, SHARED_KEY, None);
    log(&a);
    sync(&a, folder.path()).ok();
    let before = files(folder.path());
    assert!(!before.is_empty());

    // No key: one sentence naming the setting, exit 2, nothing written to the folder.
    plain
        .run(&["night", "--none", "--night", "2026-11-18"])
        .ok();
    let run = sync(&plain, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("is encrypted and this device has no key") && line.contains("sync.key_file"),
        "{line}"
    );
    assert_eq!(files(folder.path()), before);
    let status = plain
        .run(&["sync", "status", folder.path().to_str().unwrap()])
        .ok();
    let said = crate::common::lines_with(&status.stdout, "encrypted");
    assert_eq!(said.len(), 1, "{status:#?}");
    assert!(said[0].contains("this device has no key"), "{status:#?}");
    // With the folder as sync.dir, a save still saves (and says it was not synced).
    let config = plain.dir.path().join("home/.config/cramp-diary");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[sync]\ndir = \"{}\"\n", folder.path().display()),
    )
    .unwrap();
    let run = plain.cramp_free_night("2026-11-17", "mine");
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("saved, but not synced"), "{run:#?}");
    assert!(dump(&plain).to_string().contains("mine"));
    assert!(!dump(&plain).to_string().contains(NOTE));
    assert_eq!(files(folder.path()), before);

    // Another key: refused before anything is read or written.
    set_key(&other, "some other passphrase entirely\n", None);
    other
        .run(&["night", "--none", "--night", "2026-11-16"])
        .ok();
    let run = sync(&other, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.error_line().contains("another key"), "{run:#?}");
    assert_eq!(files(folder.path()), before);
    assert!(!dump(&other).to_string().contains(NOTE));

    // Another key, before the folder's marker has been copied here: the devices' sealed notes
    // tell, and the folder is not marked with the wrong key (which would lock out the right one).
    let marker = folder.path().join("cramp-encrypted.txt");
    std::fs::remove_file(&marker).unwrap();
    let unmarked = files(folder.path());
    let run = sync(&other, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.error_line().contains("another key"), "{run:#?}");
    assert_eq!(files(folder.path()), unmarked, "nothing written, no marker");
    assert!(!marker.exists());
}

#[test]
fn a_bad_key_file_is_refused_naming_the_setting_and_nothing_is_written() {
    let (d, folder, key) = logged_with_the_key();
    std::fs::remove_file(&key).unwrap();
    let run = sync(&d, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.error_line().contains("sync.key_file"), "{run:#?}");
    assert!(files(folder.path()).is_empty());
    // Readable by others: said, refused.
    std::fs::write(&key, SHARED_KEY).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = sync(&d, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.error_line().contains("sync.key_file"), "{run:#?}");
    assert!(files(folder.path()).is_empty());
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());
}

#[test]
fn a_key_file_inside_the_sync_folder_is_refused_naming_the_setting() {
    let (d, folder, key) = logged_with_the_key();
    let inside = folder.path().join("sync.key");
    std::fs::rename(&key, &inside).unwrap();
    let config = d.dir.path().join("home/.config/cramp-diary/config.toml");
    std::fs::write(
        &config,
        format!("[sync]\nkey_file = \"{}\"\n", inside.display()),
    )
    .unwrap();
    let run = sync(&d, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.error_line().contains("sync.key_file"), "{run:#?}");
    assert!(
        run.error_line().contains("inside the sync folder"),
        "{run:#?}"
    );
    // Nothing but the key itself is in the folder: no device file was written.
    let names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("sync.key")]);
}

/// Copies every device folder of `from` (not its marker) into `to`, as a sync tool delivers them.
fn copy_device_folders(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if !p.is_dir() {
            continue;
        }
        let into = to.join(p.file_name().unwrap());
        std::fs::create_dir_all(&into).unwrap();
        for f in std::fs::read_dir(&p).unwrap() {
            let f = f.unwrap().path();
            if !f.file_name().unwrap().to_string_lossy().starts_with('.') {
                std::fs::copy(&f, into.join(f.file_name().unwrap())).unwrap();
            }
        }
    }
}

#[test]
fn the_devices_sealed_files_decide_the_key_not_a_marker_another_key_wrote_first() {
    let (a, b, shared) = two_devices_synced_once(SHARED_KEY);
    let wrong = Diary::new();
    set_key(&wrong, "another long passphrase, not this folder's\n", None);

    // The device with another key reaches its copy of the folder before anything has arrived
    // there: nothing tells it the key is wrong, so it marks the folder with it.
    let copy = tempfile::tempdir().unwrap();
    wrong.cramp_free_night("2026-11-17", "wrong key night").ok();
    sync(&wrong, copy.path()).ok();
    let marker = copy.path().join("cramp-encrypted.txt");
    let wrong_mark = std::fs::read_to_string(&marker).unwrap();
    // Then the others' files arrive; the wrong marker stays (it won the sync tool's race).
    copy_device_folders(shared.path(), copy.path());

    // A device with the folder's key still syncs: the sealed files decide. It names the
    // marker it rewrote and the folder sealed with another key, and applies nothing from it.
    let run = sync(&b, copy.path());
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr.contains("cramp-encrypted.txt named another key")
            && run.stderr.contains("it was rewritten"),
        "{run:#?}"
    );
    assert!(
        run.stderr
            .contains("device.json is sealed with another key than this folder's"),
        "{run:#?}"
    );
    assert_ne!(std::fs::read_to_string(&marker).unwrap(), wrong_mark);
    let db = dump(&b).to_string();
    assert!(db.contains(NOTE) && !db.contains("wrong key night"), "{db}");
    let run = sync(&a, copy.path());
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stderr.contains("named another key"), "{run:#?}");
    assert_eq!(dump(&a), dump(&b));

    // The device with another key synced here with it (its own sealed folder): it is not
    // locked out, but applies nothing of the others', names them and the two keys, and
    // writes nothing outside its own folder (the marker stays the others').
    let others = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let own = crate::sync_cli::own_folder(&wrong, dir);
        files(dir)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&own))
            .collect()
    };
    let before = others(copy.path());
    let run = sync(&wrong, copy.path());
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr
            .contains("device.json is sealed with another key than this device's")
            && run.stderr.contains("use two keys"),
        "{run:#?}"
    );
    assert_eq!(others(copy.path()), before);
    assert!(!dump(&wrong).to_string().contains(NOTE));
    assert!(!dump(&a).to_string().contains("wrong key night"));
}

/// A device's own folder, moved under another (made-up) device's name, as a copy would be.
fn copy_folder_as(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in std::fs::read_dir(from).unwrap() {
        let f = f.unwrap().path();
        if !f.file_name().unwrap().to_string_lossy().starts_with('.') {
            std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_device_that_synced_with_its_key_is_never_locked_out_by_another_keys_folders_nor_by_copies() {
    let (laptop, phone) = (Diary::new(), Diary::new());
    let (shared, phone_copy) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    set_key(&laptop, SHARED_KEY, None);
    set_key(
        &phone,
        "a mistyped passphrase on the phone
",
        None,
    );
    laptop.cramp_free_night("2026-11-01", "laptop night").ok();
    sync(&laptop, shared.path()).ok();
    // The phone syncs while its copy of the folder is still empty, then its folder arrives.
    phone.cramp_free_night("2026-11-02", "phone night").ok();
    sync(&phone, phone_copy.path()).ok();
    copy_device_folders(phone_copy.path(), shared.path());
    // The laptop's own sealed folder holds its history: it syncs on, naming the phone's folder.
    let run = sync(&laptop, shared.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let phone_folder = crate::sync_cli::own_folder(&phone, shared.path());
    assert!(
        run.stderr.contains(&format!(
            "{}/device.json is sealed with another key",
            phone_folder.display()
        )),
        "{run:#?}"
    );
    assert!(!dump(&laptop).to_string().contains("phone night"));
    // Copies of the phone's folder under other names count once: a device joining with the
    // laptop's key is not outvoted by them, and gets the laptop's night only.
    for id in ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"] {
        copy_folder_as(&phone_folder, &shared.path().join(format!("cramp-{id}")));
    }
    let joiner = Diary::new();
    set_key(&joiner, SHARED_KEY, None);
    let run = sync(&joiner, shared.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let db = dump(&joiner).to_string();
    assert!(
        db.contains("laptop night") && !db.contains("phone night"),
        "{db}"
    );
    // Two more devices with the phone's key now outnumber the laptop and the joiner: both
    // still sync; only a device with no folder of its own here is refused, told the count.
    for _ in 0..2 {
        let (other, empty) = (Diary::new(), tempfile::tempdir().unwrap());
        set_key(
            &other,
            "a mistyped passphrase on the phone
",
            None,
        );
        sync(&other, empty.path()).ok();
        copy_device_folders(empty.path(), shared.path());
    }
    for d in [&laptop, &joiner] {
        let run = sync(d, shared.path());
        assert_eq!(run.code, 0, "{run:#?}");
    }
    let status = laptop
        .run(&["sync", "status", shared.path().to_str().unwrap()])
        .ok();
    assert!(!status.stdout.contains("Locked:"), "{status:#?}");
    status.says("device.json is sealed with another key");
    let late = Diary::new();
    set_key(&late, SHARED_KEY, None);
    let run = sync(&late, shared.path());
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr
            .contains("(3 device folders sealed with another key, 2 with this one)"),
        "{run:#?}"
    );
}

#[test]
fn a_plain_device_folder_in_an_encrypted_folder_is_named_and_nothing_of_it_applied() {
    let (a, b, stranger) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    set_key(&a, SHARED_KEY, None);
    set_key(&b, SHARED_KEY, None);
    log(&a);
    sync(&a, folder.path()).ok();
    stranger
        .cramp_free_night("2026-11-16", "copied in plain")
        .ok();
    sync(&stranger, elsewhere.path()).ok();
    // A plain device folder copied in from elsewhere (or from a device without the key).
    copy_device_folders(elsewhere.path(), folder.path());

    let run = sync(&b, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let said = crate::common::lines_with(&run.stderr, "is not sealed with this folder's key");
    assert_eq!(said.len(), 1, "{run:#?}");
    assert!(
        said[0].contains("device.json") && said[0].contains("nothing from that device is applied")
    );
    let db = dump(&b).to_string();
    assert!(db.contains(NOTE), "the rest still syncs: {db}");
    assert!(!db.contains("copied in plain"), "{db}");
    let status = b
        .run(&["sync", "status", folder.path().to_str().unwrap()])
        .ok();
    assert!(
        status
            .stdout
            .contains("is not sealed with this folder's key"),
        "{status:#?}"
    );
}
