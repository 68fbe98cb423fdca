//! Untrusted text never reaches the terminal raw: text already stored with control characters
//! (an old diary, a file edited by hand) is shown escaped by `list`, the reports and the TUI;
//! new text with control characters is refused on entry.

use crate::common::diary::{CRAMP, Diary};
use crate::common::export_to;
use crate::common::pty::Session;

/// An escape sequence that would retitle the terminal and clear the screen, a bell, a carriage
/// return and a line break.
const HOSTILE: &str = "calf\u{1b}]0;pwned\u{7}\u{1b}[2J\rstill\nnext line";

/// Stores hostile text the way an old diary could hold it: straight into the file.
fn diary_with_hostile_text() -> Diary {
    let d = Diary::new();
    d.cramp(&["--night", "2026-11-21", "--note", "plain"]).ok();
    d.run(&["night", "--exclude", "travel", "--night", "2026-11-20"])
        .ok();
    d.run(&["context", "--day", "2026-11-21", "--medication", "statin"])
        .ok();
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    conn.execute("UPDATE cramp_episodes SET note = ?1", [HOSTILE])
        .unwrap();
    conn.execute(
        "UPDATE nights SET exclude_reason = ?1 WHERE status = 'excluded'",
        [HOSTILE],
    )
    .unwrap();
    conn.execute("UPDATE daily_context SET medication = ?1", [HOSTILE])
        .unwrap();
    d
}

const SHOWN: &str = "calf\\x1b]0;pwned\\x07\\x1b[2J\\x0dstill⏎next line";

#[test]
fn list_shows_stored_control_characters_escaped_one_line_per_night() {
    let d = diary_with_hostile_text();
    let out = d.run(&["list", "--last", "5"]).ok();
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(!out.stdout.contains('\r') && !out.stdout.contains('\u{7}'));
    let cramp = out.line("2026-11-21");
    assert!(cramp.contains(SHOWN), "{cramp}");
    let excluded = out.line("2026-11-20");
    assert!(excluded.contains(SHOWN), "{excluded}");
    assert!(
        !out.stdout.lines().any(|l| l.starts_with("next line")),
        "a stored line break does not start a new line: {}",
        out.stdout
    );
}

#[test]
fn the_html_and_csv_exports_carry_no_raw_control_characters() {
    let d = diary_with_hostile_text();
    let html = d.dir.path().join("r.html");
    d.run(&[
        "export",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
        "--from",
        "2026-10-01",
    ])
    .ok();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains('\u{1b}') && !page.contains('\u{7}'));
    assert!(page.contains("\\x1b]0;pwned"), "the text is shown, escaped");
    let csv = d.dir.path().join("csv");
    d.run(&export_to("csv", &csv)).ok();
    let cramps = std::fs::read_to_string(csv.join("cramps.csv")).unwrap();
    assert!(!cramps.contains('\u{1b}'), "{cramps:?}");
    assert!(
        cramps.contains("\\x1b[2J\\x0dstill\nnext line"),
        "{cramps:?}"
    );
}

#[test]
fn the_tui_shows_stored_control_characters_escaped() {
    let d = diary_with_hostile_text();
    let mut s = Session::at_check_in(&d.path, &[]);
    s.key_then("h", "History");
    s.wait_for("calf\\x1b]0;pwned\\x07");
    s.quit();
    let raw = s.raw_output();
    assert!(
        !raw.contains("\u{1b}]0;pwned") && !raw.contains('\u{7}') && !raw.contains('\r'),
        "{raw:?}"
    );
}

#[test]
fn control_characters_are_refused_on_entry() {
    let d = Diary::new();
    for args in [
        [CRAMP, &["--note", "a\u{1b}[2Jb"]].concat(),
        vec!["night", "--exclude", "flu\u{7}", "--night", "2026-11-20"],
        vec!["night", "--exclude", "two\nlines", "--night", "2026-11-20"],
        vec!["context", "--medication", "x\ry"],
        vec![
            "massage",
            "--technique",
            "foam-roller",
            "--note",
            "\u{9b}2J",
        ],
    ] {
        let out = d.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.error_line().contains("must be"), "{out:?}");
    }
    assert!(!d.exists() || d.run(&["list"]).stdout.contains("No nights"));
}
