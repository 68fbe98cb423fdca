//! What goes wrong around a sync folder, through a real folder and real processes: folders that
//! cannot be one, sync files that are not ours, changed by hand, from a newer cramp or holding a
//! value the diary refuses (each refused in one sentence naming the file, exit 2, the diary
//! unchanged); and what file sync tools do (a last line still being copied, conflict copies,
//! a device's folder emptied, a write cut short, clocks hours apart, a folder that cannot be
//! written), none of which loses or doubles a saved entry.

use crate::common::diary::Diary;
use crate::common::launch;
use crate::common::skip::is_root;
use crate::common::words;
use crate::sync_cli::{dump, new_devices, own_folder, sync};
use cramp_diary::sync::line::{Header, header_line, op_line, read_header, read_op};
use std::path::{Path, PathBuf};

fn ops_file(d: &Diary, dir: &Path) -> PathBuf {
    own_folder(d, dir).join("ops-000000001.log")
}

fn night(d: &Diary, date: &str, note: &str) {
    d.cramp_free_night(date, note).ok();
}

/// Logs the night of `date` cramp-free with `note`, then syncs it to `dir`.
fn night_synced(d: &Diary, dir: &Path, date: &str, note: &str) {
    night(d, date, note);
    sync(d, dir).ok();
}

/// The nights `list` shows, one line each.
fn nights(d: &Diary) -> Vec<String> {
    d.run(&["list", "--last", "60"])
        .ok()
        .stdout
        .lines()
        .filter(|l| !l.contains("not logged"))
        .map(str::to_string)
        .collect()
}

/// Two devices that have synced once: `a` with two nights, `b` with one.
fn two_devices() -> (Diary, Diary, tempfile::TempDir) {
    let (a, b, folder) = new_devices();
    night(&a, "2026-11-20", "laptop one");
    night(&a, "2026-11-21", "laptop two");
    night(&b, "2026-11-22", "phone one");
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    (a, b, folder)
}

/// A refusal: exit 2, one sentence naming `names`, and the diary as it was.
fn refused(d: &Diary, dir: &Path, names: &str, says: &str) {
    let before = dump(d);
    let run = d.run(&["sync", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:#?}");
    let line = run.error_line();
    assert!(line.contains(names), "should name {names}: {line}");
    assert!(line.contains(says), "should say {says}: {line}");
    assert_eq!(
        line.matches(". ").count(),
        0,
        "one sentence, not several: {line}"
    );
    assert_eq!(dump(d), before, "the diary is unchanged");
}

#[test]
fn a_folder_that_cannot_be_the_sync_folder_is_refused_in_one_sentence() {
    let d = Diary::new();
    night(&d, "2026-11-21", "kept");
    // The diary's own folder.
    refused(
        &d,
        d.dir.path(),
        &d.dir.path().display().to_string(),
        "holds the diary itself",
    );
    // A file, and a named pipe.
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    refused(&d, &file, "a-file", "is a file");
    let fifo = other.path().join("a-pipe");
    crate::common::mkfifo(&fifo);
    refused(&d, &fifo, "a-pipe", "is a named pipe");
    // Inside another device's own folder.
    let inside = other.path().join("cramp-0123456789abcdef").join("sub");
    std::fs::create_dir_all(&inside).unwrap();
    refused(
        &d,
        &inside,
        "cramp-0123456789abcdef",
        "inside a device's own folder",
    );
    // One not there yet inside a device's folder: refused before anything is made there (a
    // folder left inside a device's folder would stop every device that reads it).
    let not_yet = other.path().join("cramp-0123456789abcdef").join("new");
    refused(
        &d,
        &not_yet,
        "cramp-0123456789abcdef",
        "inside a device's own folder",
    );
    assert!(!not_yet.exists(), "nothing made inside a device's folder");
    // None of them started recording: the diary never synced.
    let status = d.run(&["sync", "status"]).ok().stdout;
    assert!(status.contains("Not synced yet"), "{status}");
}

#[test]
fn a_sync_tools_own_files_in_a_device_folder_are_passed_over_and_the_sync_goes_on() {
    let (a, b, folder) = two_devices();
    let dir = folder.path();
    night_synced(&b, dir, "2026-11-19", "phone two");
    // What Syncthing, Dropbox, Nextcloud, Resilio, macOS, Windows and editors leave beside
    // the files they copy, every time another device appends.
    let theirs = own_folder(&b, dir);
    for name in [
        ".syncthing.ops-000000001.log.tmp",
        "~syncthing~ops-000000001.log.tmp",
        ".DS_Store",
        "._device.json",
        "desktop.ini",
        "Thumbs.db",
        "ops-000000001.log.part",
        "ops-000000001.log.!sync",
        "device.json~",
    ] {
        std::fs::write(theirs.join(name), "half a transfer\n").unwrap();
    }
    std::fs::create_dir(theirs.join(".stversions")).unwrap();
    let run = sync(&a, dir).ok();
    assert!(!run.stdout.contains("not a cramp"), "{run:#?}");
    assert!(
        nights(&a).iter().any(|l| l.contains("phone two")),
        "b's night arrived despite the tools' files"
    );
}

#[test]
fn a_sync_file_that_is_not_ours_or_changed_by_hand_is_refused_and_one_from_a_newer_cramp_waits_naming_it()
 {
    let (a, b, folder) = two_devices();
    let dir = folder.path();
    let theirs = ops_file(&b, dir);
    let original = std::fs::read_to_string(&theirs).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let put = |text: String| std::fs::write(&theirs, text).unwrap();
    let with_line = |i: usize, line: String| -> String {
        let mut v: Vec<String> = lines.iter().map(|l| format!("{l}\n")).collect();
        v[i] = line;
        v.concat()
    };
    night_synced(&b, dir, "2026-11-19", "phone two");
    let grown = std::fs::read_to_string(&theirs).unwrap();
    let new_line = grown.lines().last().unwrap().to_string();
    let name = theirs.display().to_string();

    // A file that is not ours in a device's folder.
    let stray = own_folder(&b, dir).join("notes.txt");
    std::fs::write(&stray, "shopping list\n").unwrap();
    refused(&a, dir, "notes.txt", "is not a cramp sync file");
    std::fs::remove_file(&stray).unwrap();

    // Another device's history changed by hand (its checksum no longer matches).
    put(grown.replace("phone two", "phone 2"));
    refused(&a, dir, &name, "was changed by hand");

    // A value the diary refuses, in a line that is otherwise well formed (a buggy or forged
    // writer): the file, the line and the field are named.
    let mut op = read_op(&new_line, u32::MAX).unwrap();
    op.fields.insert("tight_left".into(), serde_json::json!(99));
    put(format!("{original}{}", op_line(&op)));
    refused(&a, dir, &name, "tight");

    // A newer cramp's file layout, and a newer diary format: that file waits for an update of
    // cramp here, named in one sentence; the sync itself goes on (the other devices' changes
    // apply meanwhile: `sync_compact::a_newer_device_waits_alone...`).
    let held_back = |text: String| {
        put(text);
        let before = dump(&a);
        let run = sync(&a, dir);
        assert_eq!(run.code, 0, "{run:#?}");
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("newer cramp"))
            .unwrap_or_default()
            .to_string();
        assert!(line.contains(&name), "{run:#?}");
        assert!(line.contains("update cramp on this device"), "{run:#?}");
        assert!(!nights(&a).iter().any(|l| l.contains("phone two")));
        dump(&a) == before
    };
    let mut h: Header = read_header(lines[0]).unwrap();
    h.version += 1;
    assert!(
        held_back(with_line(0, header_line(&h))),
        "nothing of a file in a newer layout is read"
    );
    let mut op = read_op(&new_line, u32::MAX).unwrap();
    op.schema = 999;
    // The lines before the newer one are applied (b's first night), the newer one waits.
    held_back(format!("{original}{}", op_line(&op)));
    assert!(nights(&a).iter().any(|l| l.contains("phone one")));

    // Put back as written, everything arrives.
    put(grown);
    sync(&a, dir).ok();
    assert!(
        nights(&a).iter().any(|l| l.contains("phone two")),
        "{:?}",
        nights(&a)
    );
}

#[test]
fn what_file_sync_tools_do_loses_and_doubles_nothing() {
    let (a, b, folder) = two_devices();
    let dir = folder.path();
    sync(&a, dir).ok();
    let theirs = ops_file(&b, dir);

    // A last line still being copied: the lines before it are applied, it waits until whole.
    night_synced(&b, dir, "2026-11-18", "phone late");
    let whole = std::fs::read(&theirs).unwrap();
    let cut = whole.len() - 40;
    std::fs::write(&theirs, &whole[..cut]).unwrap();
    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("still being copied"), "{run:#?}");
    assert!(!nights(&a).iter().any(|l| l.contains("phone late")));
    let status = a
        .run(&["sync", "status", dir.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(
        status.contains("Noticed:") && status.contains("still being copied"),
        "{status}"
    );
    std::fs::write(&theirs, &whole).unwrap();
    sync(&a, dir).ok();
    assert!(nights(&a).iter().any(|l| l.contains("phone late")));

    // Conflict copies from Syncthing and Dropbox, and a file arriving twice: read, not doubled.
    let copies = [
        "ops-000000001.sync-conflict-20261123-071000-ABCDEFG.log",
        "ops-000000001 (phone's conflicted copy 2026-11-23).log",
    ];
    for c in copies {
        std::fs::copy(&theirs, own_folder(&b, dir).join(c)).unwrap();
    }
    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("conflict copy"), "{run:#?}");
    assert_eq!(sync(&b, dir).code, 0);
    assert_eq!(dump(&a), dump(&b));
    assert_eq!(nights(&a).len(), 4, "{:?}", nights(&a));

    // A device's folder emptied (deleted by hand, or a sync tool lost it): named in status, and
    // the device writes everything again at its next sync; a third device still gets it all.
    std::fs::remove_dir_all(own_folder(&b, dir)).unwrap();
    let status = a
        .run(&["sync", "status", dir.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(status.contains("folder is missing"), "{status}");
    assert_eq!(sync(&b, dir).code, 0);
    let c = Diary::new();
    assert_eq!(sync(&c, dir).code, 0);
    assert_eq!(dump(&c), dump(&b));

    // A write to a device's own file cut short (killed, disk full): the next sync carries on.
    let mine = ops_file(&a, dir);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&mine)
        .unwrap();
    std::io::Write::write_all(&mut f, b"{\"d\":\"half a li").unwrap();
    drop(f);
    night(&a, "2026-11-17", "after the cut");
    assert_eq!(sync(&a, dir).code, 0);
    assert_eq!(sync(&b, dir).code, 0);
    assert!(nights(&b).iter().any(|l| l.contains("after the cut")));
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn clocks_hours_apart_still_order_a_change_made_after_seeing_another() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    let at = |d: &Diary, now: &str, args: &[&str]| d.at(now, args).ok();
    // A device notes the night of 22 Nov and syncs, both at `now` by its clock.
    let note_and_sync = |d: &Diary, now: &str, note: &str| {
        at(
            d,
            now,
            &words(&format!("night --none --night 2026-11-22 --note {note}")),
        );
        at(d, now, &["sync", dir.to_str().unwrap()]);
    };
    // The laptop's clock is right; the phone's is five hours slow.
    note_and_sync(&a, "2026-11-23T12:00", "laptop");
    at(&b, "2026-11-23T07:05", &["sync", dir.to_str().unwrap()]);
    // The phone, having seen the laptop's note, changes it: later, though its clock says earlier.
    note_and_sync(&b, "2026-11-23T07:06", "phone");
    at(&a, "2026-11-23T12:10", &["sync", dir.to_str().unwrap()]);
    let list = a.run(&["list", "--last", "2"]).ok().stdout;
    assert!(list.contains("\"phone\""), "the later change wins: {list}");
    assert!(
        a.run(&["sync", "conflicts"])
            .ok()
            .stdout
            .contains("No sync conflicts"),
        "a change made after seeing the other is no conflict"
    );
    assert_eq!(dump(&a), dump(&b));
}

use crate::common::launch::NOBODY;

#[test]
fn a_folder_that_cannot_be_written_is_refused_and_never_holds_up_a_save() {
    // Root writes anywhere: as root (as in CI) the binary runs as nobody through setpriv.
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        root.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let home = root.path().join("user");
    let sf = root.path().join("sync");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&sf).unwrap();
    std::fs::set_permissions(&sf, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&home, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    let db = home.join("d.db");
    let cramp = |args: &[&str]| -> crate::common::run::Run {
        let mut cmd = launch::as_a_user();
        launch::isolate(&mut cmd, &home);
        crate::common::run::Run::from(cmd.arg("--db").arg(&db).args(args).output().unwrap())
    };
    cramp(&["night", "--none", "--night", "2026-11-21"]).ok();
    let before = cramp(&["list", "--last", "3"]).ok().stdout;
    let run = cramp(&["sync", sf.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains(&sf.display().to_string()) && line.contains("cannot be written"),
        "{line}"
    );
    assert_eq!(cramp(&["list", "--last", "3"]).ok().stdout, before);
    // With it as sync.dir, a save still saves, and says it was not synced.
    let config = home.join("home/.config/cramp-diary");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[sync]\ndir = \"{}\"\n", sf.display()),
    )
    .unwrap();
    if is_root() {
        for p in [home.join("home"), home.join("home/.config"), config.clone()] {
            std::os::unix::fs::chown(&p, Some(NOBODY), Some(NOBODY)).unwrap();
        }
    }
    let run = cramp(&["night", "--none", "--night", "2026-11-22", "--note", "kept"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("saved, but not synced"), "{run:#?}");
    let list = cramp(&["list", "--last", "3"]).ok().stdout;
    assert!(list.contains("\"kept\""), "{list}");
}

#[test]
fn a_save_never_waits_for_another_sync_of_the_same_diary() {
    use cramp_diary::files::sync_folder::{OwnLock, lock_own};
    let (a, _b, folder) = two_devices();
    let dir = folder.path();
    crate::sync_tui::set_sync_dir(&a, dir);
    // Another sync of this diary (the screen's, or a command's stuck on a slow disk) holds the
    // device's lock for as long as it likes.
    let OwnLock::Held(held) = lock_own(&own_folder(&a, dir), true) else {
        panic!("this filesystem has locks");
    };
    let mut child = launch::command(a.dir.path())
        .arg("--db")
        .arg(&a.path)
        .args([
            "night",
            "--none",
            "--night",
            "2026-11-18",
            "--note",
            "while locked",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the save waited for the other sync's lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:#?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another sync of this diary is running"),
        "{stderr}"
    );
    drop(held);
    assert!(nights(&a).iter().any(|l| l.contains("while locked")));
    // It goes out at the next sync.
    sync(&a, dir).ok();
    let theirs = String::from_utf8_lossy(&std::fs::read(ops_file(&a, dir)).unwrap()).into_owned();
    assert!(theirs.lines().count() > 3, "{theirs}");
}

#[test]
fn a_device_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it() {
    let (a, b, folder) = two_devices();
    let dir = folder.path();
    let mine = own_folder(&a, dir);
    let theirs = own_folder(&b, dir);
    let before = std::fs::read(ops_file(&b, dir)).unwrap();
    std::fs::remove_dir_all(&mine).unwrap();
    std::os::unix::fs::symlink(&theirs, &mine).unwrap();
    night(&a, "2026-11-17", "through a link");
    refused(&a, dir, &mine.display().to_string(), "is a link");
    assert_eq!(
        std::fs::read(ops_file(&b, dir)).unwrap(),
        before,
        "nothing appended to the other device's file"
    );
}

#[test]
fn a_device_note_still_being_copied_waits_while_the_rest_applies() {
    let (a, b, folder) = two_devices();
    let dir = folder.path();
    night_synced(&b, dir, "2026-11-16", "phone three");
    let note = own_folder(&b, dir).join("device.json");
    let whole = std::fs::read(&note).unwrap();
    std::fs::write(&note, &whole[..whole.len() / 2]).unwrap();
    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr.contains("still being copied") || run.stdout.contains("still being copied"),
        "{run:#?}"
    );
    assert!(nights(&a).iter().any(|l| l.contains("phone three")));
    std::fs::write(&note, &whole).unwrap();
    let run = sync(&a, dir).ok();
    assert!(!run.stdout.contains("still being copied"), "{run:#?}");
}

#[test]
fn a_sync_folder_that_fills_up_while_writing_fails_the_typed_sync_and_loses_nothing() {
    let Some(disk) = crate::common::tmpfs::Tmpfs::mount_or_skip(256) else {
        return;
    };
    let a = Diary::new();
    for day in 1..=28 {
        let date = format!("2026-10-{day:02}");
        night(&a, &date, &"a long note to fill the folder ".repeat(8));
    }
    // Room for the sync's probe, not for its lines.
    disk.fill_leaving(2048);
    let run = sync(&a, disk.path());
    assert_eq!(run.code, 1, "{run:#?}");
    let own = own_folder(&a, disk.path());
    assert!(run.stderr.contains(&own.display().to_string()), "{run:#?}");
    assert!(run.stderr.contains("go out at the next sync"), "{run:#?}");
    disk.free();
    sync(&a, disk.path()).ok();
    let b = Diary::new();
    sync(&b, disk.path()).ok();
    assert_eq!(
        nights(&b).len(),
        nights(&a).len(),
        "every night went out once there was room"
    );
}
