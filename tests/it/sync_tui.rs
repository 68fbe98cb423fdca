//! Sync from the screen, in a pseudo-terminal: the dashboard says how many conflicts wait, `C`
//! shows both sides and records the choice, and a sync folder that is slow to answer holds up
//! neither the first frame nor a save.

use crate::common::diary::Diary;
use crate::common::pty::Session;
use crate::common::words;
use crate::sync_cli::{conflict_ids, dump, new_devices, sync};
use std::path::Path;

/// A config with `[sync] dir` in the diary's test home (where the binary reads it).
pub fn set_sync_dir(d: &Diary, dir: &Path) {
    let config = d.dir.path().join("home/.config/cramp-diary");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[sync]\ndir = \"{}\"\n", dir.display()),
    )
    .unwrap();
}

/// Closes the form on the screen (Esc) and quits (q); last night is in `d`'s list, cramp-free.
fn close_with_last_night_saved(s: &mut Session, d: &Diary) {
    s.keys("\x1b");
    s.keys("q");
    s.wait_exit();
    assert_last_night_cramp_free(d);
}

/// Last night is in `d`'s list, cramp-free.
fn assert_last_night_cramp_free(d: &Diary) {
    let list = d.run(&["list", "--last", "1"]).ok().stdout;
    assert!(list.contains("no cramps"), "{list}");
}

#[test]
fn the_dashboard_counts_the_conflicts_and_c_chooses_one() {
    let (a, b, folder) = new_devices();
    a.run(&["night", "--none"]).ok();
    b.run(&words("cramp --leg left --intensity 6 --duration 60s"))
        .ok();
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    set_sync_dir(&a, folder.path());
    let mut s = Session::start(&a.path, &[]);
    s.wait_for("1 sync conflict waits: press C");
    s.key_then("C", "Sync conflict 1 of 1");
    s.wait_for("cramps or not changed on two devices");
    s.wait_for("(shown now)");
    // The answer the diary shows meanwhile is picked first: Enter keeps what was seen.
    let screen = s.screen();
    let picked = |screen: &str| -> String {
        screen
            .lines()
            .find_map(|l| l.split("> ").nth(1).map(str::to_string))
            .unwrap_or_default()
    };
    assert!(picked(&screen).contains("(shown now)"), "{screen}");
    // Pick the answer "none" (cramp-free) and keep it.
    if !picked(&screen).contains("none") {
        s.keys("l");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !picked(&s.screen()).contains("none") {
            assert!(std::time::Instant::now() < deadline, "{}", s.screen());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    s.keys("\r");
    s.wait_for("Kept: none.");
    s.keys("q");
    s.wait_exit();
    assert!(conflict_ids(&a).is_empty());
    // The choice reached the folder (sync.dir set: it synced after the save) and the phone.
    sync(&b, folder.path()).ok();
    assert!(conflict_ids(&b).is_empty());
    assert_eq!(dump(&a), dump(&b));
    assert_last_night_cramp_free(&b);
}

#[test]
fn every_conflict_starts_on_the_answer_the_diary_shows_however_it_is_reached() {
    let (a, b, folder) = new_devices();
    a.run(&["night", "--none"]).ok();
    // Two nights noted on both devices, here first on one and last on the other: the newest
    // note is shown meanwhile, so it is the first answer of one question and the second of the
    // other, whichever order the answers come in.
    for (night, here, phone) in [
        ("2026-11-20", "2026-11-22T07:00", "2026-11-22T07:30"),
        ("2026-11-21", "2026-11-22T07:40", "2026-11-22T07:10"),
    ] {
        a.at(
            here,
            &["night", "--none", "--night", night, "--note", "here"],
        )
        .ok();
        b.at(
            phone,
            &["night", "--none", "--night", night, "--note", "phone"],
        )
        .ok();
    }
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    sync(&a, folder.path()).ok();
    assert_eq!(conflict_ids(&a).len(), 2);
    let mut s = Session::start(&a.path, &[]);
    s.wait_for("2 sync conflicts wait: press C");
    let picked = |screen: &str| -> String {
        screen
            .lines()
            .find_map(|l| l.split("> ").nth(1).map(str::to_string))
            .unwrap_or_default()
    };
    s.key_then("C", "Sync conflict 1 of 2");
    s.wait_for("(shown now)");
    let mut shown_second = 0;
    for (key, title) in [
        ("", "Sync conflict 1 of 2"),
        ("j", "Sync conflict 2 of 2"),
        ("k", "Sync conflict 1 of 2"),
    ] {
        if !key.is_empty() {
            s.key_then(key, title);
        }
        let screen = s.screen();
        assert!(
            picked(&screen).contains("(shown now)"),
            "after {key:?}: {screen}"
        );
        shown_second += usize::from(picked(&screen).starts_with("2."));
    }
    assert!(shown_second > 0, "no question had its shown answer second");
    s.keys("q");
    s.wait_exit();
}

#[test]
fn a_slow_sync_folder_holds_up_neither_the_first_frame_nor_a_save() {
    let a = Diary::new();
    let folder = tempfile::tempdir().unwrap();
    a.run(&["night", "--none", "--night", "2026-11-21"]).ok();
    set_sync_dir(&a, folder.path());
    // Every sync of this run takes ten minutes to read the folder.
    let mut s = Session::at_check_in(&a.path, &[("CRAMP_TEST_SLOW_SYNC_MS", "600000")]);
    s.keys("n");
    s.wait_for("Saved");
    // Quitting waits a few seconds for the sync that carries the save, then says it goes later.
    close_with_last_night_saved(&mut s, &a);
    s.wait_for("not synced now: the sync folder did not answer within 5 seconds");
}

#[test]
fn s_syncs_now_and_says_what_came_and_a_folder_out_of_reach_never_costs_a_save() {
    let (a, b, folder) = new_devices();
    a.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    sync(&a, folder.path()).ok();
    set_sync_dir(&a, folder.path());
    let mut s = Session::at_check_in(&a.path, &[]);
    s.keys("h");
    s.key_then("S", "Synced: nothing new from your other devices.");
    // The phone logs a night meanwhile: S brings it, and the history shows it.
    b.cramp_free_night("2026-11-21", "from the phone").ok();
    sync(&b, folder.path()).ok();
    s.key_then("S", "Synced: 1 change from your other devices.");
    s.wait_for("from the phone");
    s.keys("q");
    s.wait_exit();

    // The folder becomes a file (a mount gone wrong): a save still saves, and says it did not
    // sync.
    let c = Diary::new();
    let not_a_folder = c.dir.path().join("sync-file");
    std::fs::write(&not_a_folder, "x").unwrap();
    c.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    set_sync_dir(&c, &not_a_folder);
    let mut s = Session::start_sized(&c.path, &[], 200, 30);
    s.wait_for("Any cramps last night?");
    s.keys("n");
    s.wait_for("Not synced (saved here, it goes at the next sync)");
    close_with_last_night_saved(&mut s, &c);
}
