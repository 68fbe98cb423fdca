//! Tags on a night (issue 23): the command line, the check-in's picker, the night form, `list`,
//! export and import (merged like every record), CSV, and every refusal of a bad tag: one
//! sentence naming the field, exit 2, nothing written.

use crate::common::diary::{Diary, NOW};
use crate::common::export_to;
use crate::common::stamp;
use crate::common::tui::draw;
use crate::common::tui::{press, select, status};
use crate::sync_cli::new_devices;
use chrono::{NaiveDate, NaiveDateTime};
use cramp_diary::clock::Clock;
use cramp_diary::store::{NightEntry, Store, TagChange};
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::screens::history::Row;
use cramp_diary::tui::theme::Theme;
use serde_json::Value;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tags_of(d: &Diary, night: &str) -> Vec<String> {
    let store = Store::open_reading(&d.path).unwrap();
    store
        .tags_between(day(night), day(night))
        .unwrap()
        .remove(&day(night))
        .unwrap_or_default()
}

#[test]
fn night_tag_adds_and_untag_takes_off_in_one_spelling() {
    let d = Diary::new();
    let out = d
        .run(&[
            "night",
            "--none",
            "--tag",
            "Alcohol",
            "--tag",
            "long   shift",
        ])
        .ok();
    assert_eq!(
        out.stdout.trim(),
        "Saved to the night of Sun 22 Nov 2026: no cramps · tags: alcohol, long shift."
    );
    let out = d
        .run(&["night", "--tag", "heat", "--untag", "alcohol"])
        .ok();
    assert!(
        out.stdout.contains("tags: long shift, heat"),
        "{}",
        out.stdout
    );
    assert_eq!(tags_of(&d, "2026-11-22"), ["long shift", "heat"]);
    let list = d.run(&["list", "--last", "2"]).ok();
    assert_eq!(
        list.lines()[0],
        "2026-11-22 Sun  no cramps · tags: long shift, heat"
    );
    // A tag on a night not logged needs the night first.
    let out = d.run(&["night", "--tag", "heat", "--night", "2026-11-20"]);
    out.fails(2, &["is not logged yet"]);
}

#[test]
fn a_bad_tag_is_refused_in_one_sentence_and_nothing_is_written() {
    let d = Diary::new();
    d.run(&["night", "--none", "--tag", "alcohol"]).ok();
    let before = d.bytes();
    let long = "x".repeat(41);
    let many: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    let mut twenty_one = vec!["night".to_string()];
    for t in &many {
        twenty_one.extend(["--tag".to_string(), t.clone()]);
    }
    let twenty_one: Vec<&str> = twenty_one.iter().map(String::as_str).collect();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["night", "--tag", &long],
            "cramp: tag must be 1-40 characters, got 41",
        ),
        (
            vec!["night", "--tag", "wine\u{1b}[2J"],
            "cramp: tag must be plain text without control characters or line breaks",
        ),
        (
            vec!["night", "--tag", "a, b"],
            "cramp: tag must be words without commas (commas separate tags), got 'a, b'",
        ),
        // 20 new ones on top of "alcohol".
        (
            twenty_one,
            "cramp: tags must be at most 20 on a night, got 21",
        ),
    ];
    for (args, want) in cases {
        let out = d.run(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.error_line(), want);
        assert_eq!(d.bytes(), before, "{args:?} wrote to the diary");
    }
    assert_eq!(tags_of(&d, "2026-11-22"), ["alcohol"]);
}

#[test]
fn tags_travel_in_export_import_and_csv_and_merge_as_a_set() {
    let a = Diary::new();
    a.run(&["night", "--none", "--tag", "alcohol", "--tag", "heat"])
        .ok();
    let file = a.export_json("a.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["tags"].as_array().unwrap().len(), 2);
    // Into a second diary: added; again: already there; a tag taken off later travels too.
    let b = Diary::new();
    let out = b.run(&["import", file.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("1 night, 2 tags"), "{}", out.stdout);
    assert_eq!(tags_of(&b, "2026-11-22"), ["alcohol", "heat"]);
    let again = b.run(&["import", file.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("added nothing"), "{}", again.stdout);
    let later =
        Clock::fixed(NaiveDateTime::parse_from_str("2026-11-23T09:00", "%Y-%m-%dT%H:%M").unwrap());
    let mut store = Store::open(&a.path).unwrap();
    store
        .log_night_tagged(
            day("2026-11-22"),
            &NightEntry::default(),
            &TagChange {
                add: vec![],
                remove: vec!["heat".into()],
            },
            &later.stamp(),
        )
        .unwrap();
    drop(store);
    a.run(&export_to("json", &file)).ok();
    let out = b.run(&["import", file.to_str().unwrap()]).ok();
    assert!(
        out.stdout.contains("updated 1 night, 1 tag"),
        "{}",
        out.stdout
    );
    assert_eq!(tags_of(&b, "2026-11-22"), ["alcohol"]);
    // A tag added on the second copy meanwhile is kept (an add not yet seen is not undone).
    b.run(&["night", "--tag", "new shoes"]).ok();
    b.run(&["import", file.to_str().unwrap()]).ok();
    assert_eq!(tags_of(&b, "2026-11-22"), ["alcohol", "new shoes"]);
    // CSV: one file per record type, tags among them.
    let csv = a.dir.path().join("csv");
    a.run(&["export", "--format", "csv", "--out", csv.to_str().unwrap()])
        .ok();
    let text = std::fs::read_to_string(csv.join("tags.csv")).unwrap();
    assert!(text.starts_with("uid,night_uid,tag,created_at,updated_at,deleted_at\n"));
    assert!(text.contains(",alcohol,"));
    // An export from before tags existed (no "tags" list) still imports.
    let mut old: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    old.as_object_mut().unwrap().remove("tags");
    std::fs::write(&file, old.to_string()).unwrap();
    let c = Diary::new();
    c.run(&["import", file.to_str().unwrap()]).ok();
    assert!(tags_of(&c, "2026-11-22").is_empty());
}

#[test]
fn an_import_with_a_bad_tag_is_refused_naming_the_record_and_writes_nothing() {
    let a = Diary::new();
    a.run(&["night", "--none", "--tag", "alcohol"]).ok();
    let file = a.export_json("a.json");
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let tag = good["tags"][0].clone();
    let uid = tag["uid"].as_str().unwrap().to_string();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut doc = good.clone();
        change(&mut doc);
        doc
    };
    let twenty_one = with(&|doc| {
        let tags = doc["tags"].as_array_mut().unwrap();
        for i in 0..20 {
            let mut t = tags[0].clone();
            t["uid"] = Value::from(format!("00000000-0000-4000-8000-{i:012}"));
            t["tag"] = Value::from(format!("extra {i}"));
            tags.push(t);
        }
    });
    let cases = [
        (
            with(&|doc| doc["tags"][0]["tag"] = Value::from("x".repeat(41))),
            format!("cramp: tags[0] (uid {uid}): tag must be 1-40 characters, got 41"),
        ),
        (
            with(&|doc| doc["tags"][0]["tag"] = Value::from("bell\u{7}")),
            format!(
                "cramp: tags[0] (uid {uid}): tag must be plain text without control characters or line breaks"
            ),
        ),
        (
            twenty_one,
            format!(
                "cramp: tags[0] (uid {uid}): night 2026-11-22 would have 21 tags; tags must be at most 20 on a night; nothing was imported"
            ),
        ),
        (
            with(&|doc| {
                doc["tags"][0]["night_uid"] = Value::from("00000000-0000-4000-8000-000000000099")
            }),
            format!(
                "cramp: tags[0] (uid {uid}): night_uid 00000000-0000-4000-8000-000000000099 is not a night in the file or the diary; nothing was imported"
            ),
        ),
    ];
    let b = Diary::new();
    b.run(&["night", "--none", "--night", "2026-11-10"]).ok();
    let before = b.bytes();
    for (doc, want) in cases {
        std::fs::write(&file, doc.to_string()).unwrap();
        let out = b.run(&["import", file.to_str().unwrap()]);
        assert_eq!(out.code, 2, "{want}");
        assert_eq!(out.error_line(), want);
        assert_eq!(b.bytes(), before);
    }
}

/// The app on `d`, with the night form open on the logged night of `night` (from the history).
fn night_form(d: &Diary, night: &str) -> App {
    let mut app = app(d);
    press(&mut app, &[Action::OpenHistory]);
    select(
        &mut app,
        |r| matches!(r, Row::Night { date, night: Some(_) } if *date == day(night)),
    );
    press(&mut app, &[Action::Edit]);
    app
}

fn app(d: &Diary) -> App {
    let now = NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M").unwrap();
    App::new(
        Store::open(&d.path).unwrap(),
        Clock::fixed(now),
        Theme::plain(),
    )
    .unwrap()
}

#[test]
fn the_check_in_tags_a_night_in_a_few_keys_recent_tags_first() {
    let d = Diary::new();
    d.run(&[
        "night",
        "--none",
        "--tag",
        "long shift",
        "--night",
        "2026-11-20",
    ])
    .ok();
    let mut app = app(&d);
    assert!(matches!(app.view.screen, Screen::CheckIn));
    // n (cramp-free), t (tags), Space (the most recent tag), Enter: four keys.
    press(
        &mut app,
        &[
            Action::NoCramps,
            Action::OpenTags,
            Action::Toggle,
            Action::Save,
        ],
    );
    assert_eq!(
        status(&app),
        "Saved to the night of Sun 22 Nov 2026: tags: long shift."
    );
    assert!(matches!(app.view.screen, Screen::Tightness(_)));
    assert_eq!(tags_of(&d, "2026-11-22"), ["long shift"]);
    // Own words on the last row, then Esc leaves the saved tags as they are.
    press(&mut app, &[Action::OpenTags]);
    let Screen::TagPicker(p) = &app.view.screen else {
        panic!("the picker")
    };
    let rows = p.options.len();
    for _ in 0..rows {
        press(&mut app, &[Action::Down]);
    }
    // A paste goes into the own-words row as typing would.
    app.paste("night swim\n");
    press(&mut app, &[Action::Save, Action::Save]);
    assert_eq!(tags_of(&d, "2026-11-22"), ["long shift", "night swim"]);
    // Esc on changed picks asks first; n keeps the picker, y discards.
    press(
        &mut app,
        &[Action::OpenTags, Action::Toggle, Action::Cancel],
    );
    assert_eq!(status(&app), "Discard these changes? y/n");
    press(&mut app, &[Action::Input('n')]);
    assert!(matches!(app.view.screen, Screen::TagPicker(_)));
    press(&mut app, &[Action::Cancel, Action::Input('y')]);
    assert!(matches!(app.view.screen, Screen::Tightness(_)));
    assert_eq!(tags_of(&d, "2026-11-22"), ["long shift", "night swim"]);
}

#[test]
fn the_night_form_edits_tags_and_notices_tags_changed_elsewhere() {
    let d = Diary::new();
    d.run(&["night", "--none", "--tag", "alcohol"]).ok();
    let mut app = night_form(&d, "2026-11-22");
    // To the tags field (the last), type a bad list: refused by name; then a good one.
    let Screen::NightForm(form) = &app.view.screen else {
        panic!("the night form")
    };
    let fields = form.form.fields.len();
    for _ in 0..fields - 1 {
        press(&mut app, &[Action::NextField]);
    }
    press(&mut app, &[Action::Input('x'), Action::Input(',')]);
    for c in std::iter::repeat_n('y', 41) {
        press(&mut app, &[Action::Input(c)]);
    }
    press(&mut app, &[Action::Save]);
    let Screen::NightForm(form) = &app.view.screen else {
        panic!("still the night form")
    };
    assert_eq!(
        form.form.error.as_deref(),
        Some("tag must be 1-40 characters, got 41")
    );
    // And the person sees it, under the field, at every size (the field's long hint once
    // wrapped the row and pushed the sentence out of the box).
    for (width, height) in [(40, 12), (80, 24), (120, 40)] {
        let screen = draw(&app, width, height);
        assert!(
            screen.contains("tag must be 1-40 characters, got 41"),
            "{width}x{height}:\n{screen}"
        );
    }
    for _ in 0..43 {
        press(&mut app, &[Action::Backspace]);
    }
    for c in "heat, alcohol".chars() {
        press(&mut app, &[Action::Input(c)]);
    }
    // Meanwhile another cramp adds a tag to the same night.
    Store::open(&d.path)
        .unwrap()
        .log_night_tagged(
            day("2026-11-22"),
            &NightEntry::cramp_free(),
            &TagChange {
                add: vec!["new shoes".into()],
                remove: vec![],
            },
            &stamp("2026-11-23T07:31:00"),
        )
        .unwrap();
    press(&mut app, &[Action::Save]);
    let Screen::NightForm(form) = &app.view.screen else {
        panic!("the form waits for a choice")
    };
    let error = form.form.error.clone().unwrap_or_default();
    assert!(
        error.contains("theirs nothing noted · tags: alcohol, new shoes / yours nothing noted · tags: heat, alcohol"),
        "{error}"
    );
    // Enter keeps yours: heat added on top of theirs (their new tag stays).
    press(&mut app, &[Action::Save]);
    assert_eq!(tags_of(&d, "2026-11-22"), ["alcohol", "new shoes", "heat"]);
}

/// Tags travel through issue 24's sync like every record of the list of tables: a tag added on
/// one device reaches the other, and one taken off there is gone here after the next sync.
#[test]
fn tags_travel_through_a_sync_folder_both_ways() {
    let (a, b, folder) = new_devices();
    let dir = folder.path().to_str().unwrap();
    a.run(&[
        "night",
        "--none",
        "--night",
        "2026-11-21",
        "--tag",
        "alcohol",
        "--tag",
        "heat",
    ])
    .ok();
    a.run(&["sync", dir]).ok();
    b.run(&["sync", dir]).ok();
    // A set: the order a device applied them in may differ.
    let mut synced = tags_of(&b, "2026-11-21");
    synced.sort();
    assert_eq!(synced, ["alcohol", "heat"]);
    b.run(&["night", "--night", "2026-11-21", "--untag", "heat"])
        .ok();
    b.run(&["sync", dir]).ok();
    a.run(&["sync", dir]).ok();
    assert_eq!(tags_of(&a, "2026-11-21"), ["alcohol"]);
}

/// A tag is typed words like a note: in tags.csv a tag a spreadsheet would run as a formula
/// (`=`, `@`, `+`, `-` first) gets the same leading `'` as a note in nights.csv.
#[test]
fn a_tag_that_looks_like_a_formula_is_defused_in_csv_as_a_note_is() {
    let d = Diary::new();
    d.run(&[
        "night",
        "--none",
        "--note",
        "=HYPERLINK(\"http://x\")",
        "--tag",
        "=hyperlink(\"http://evil\")",
        "--tag",
        "@sum(1)",
        "--tag",
        "+1",
        "--tag=-2",
        "--tag",
        "heat",
    ])
    .ok();
    let csv = d.dir.path().join("csv");
    d.run(&["export", "--format", "csv", "--out", csv.to_str().unwrap()])
        .ok();
    let nights = std::fs::read_to_string(csv.join("nights.csv")).unwrap();
    assert!(nights.contains("'=HYPERLINK"), "{nights}");
    let text = std::fs::read_to_string(csv.join("tags.csv")).unwrap();
    let mut reader = csv_rows(&text);
    reader.sort();
    assert_eq!(
        reader,
        [
            "'+1",
            "'-2",
            "'=hyperlink(\"http://evil\")",
            "'@sum(1)",
            "heat"
        ]
    );
}

/// The `tag` column of tags.csv, read back as a spreadsheet would.
fn csv_rows(text: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "tag")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect()
}

/// Two devices each add 15 tags to the same night: the sync keeps all 30 (nothing either
/// saved is dropped). The night is not stuck: tags can be taken off (21 at once is no tag too
/// many), swapped, and the night form saves it as it is; only a change that adds to a count
/// past 20 is refused, in one sentence.
#[test]
fn a_night_a_sync_left_past_20_tags_can_still_be_edited_down() {
    let (a, b, folder) = new_devices();
    let dir = folder.path().to_str().unwrap();
    a.run(&["night", "--none", "--night", "2026-11-21"]).ok();
    a.run(&["sync", dir]).ok();
    b.run(&["sync", dir]).ok();
    for (d, prefix) in [(&a, "a"), (&b, "b")] {
        let mut args = vec!["night".to_string(), "--night".into(), "2026-11-21".into()];
        for i in 1..=15 {
            args.extend(["--tag".to_string(), format!("{prefix}{i}")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        d.run(&args).ok();
    }
    a.run(&["sync", dir]).ok();
    b.run(&["sync", dir]).ok();
    a.run(&["sync", dir]).ok();
    assert_eq!(tags_of(&a, "2026-11-21").len(), 30);
    // Adding one more is refused; swapping one is not.
    let before = a.bytes();
    let out = a.run(&["night", "--night", "2026-11-21", "--tag", "c1"]);
    out.fails_saying(2, "cramp: tags must be at most 20 on a night, got 31");
    assert_eq!(a.bytes(), before);
    a.run(&[
        "night",
        "--night",
        "2026-11-21",
        "--tag",
        "c1",
        "--untag",
        "a1",
    ])
    .ok();
    assert_eq!(tags_of(&a, "2026-11-21").len(), 30);
    // The night form saves the night as it is (a note added).
    let mut app = night_form(&a, "2026-11-21");
    let Screen::NightForm(form) = &app.view.screen else {
        panic!("the night form")
    };
    let note = form
        .form
        .fields
        .iter()
        .position(|f| f.label() == "note")
        .unwrap();
    for _ in 0..note {
        press(&mut app, &[Action::NextField]);
    }
    press(&mut app, &[Action::Input('x'), Action::Save]);
    assert!(
        status(&app).starts_with("Saved the night of Sat 21 Nov 2026"),
        "{}",
        status(&app)
    );
    assert_eq!(tags_of(&a, "2026-11-21").len(), 30);
    drop(app);
    // 21 taken off at once: fine, and the night is down to 9.
    let mut args = vec!["night", "--night", "2026-11-21"];
    let off: Vec<String> = (2..=15)
        .map(|i| format!("a{i}"))
        .chain((1..=7).map(|i| format!("b{i}")))
        .collect();
    for t in &off {
        args.extend(["--untag", t]);
    }
    a.run(&args).ok();
    assert_eq!(tags_of(&a, "2026-11-21").len(), 9);
}
