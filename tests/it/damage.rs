//! A diary damaged in the middle (not in its header) is caught by `cramp check`.

use crate::common::diary::Diary;
use crate::common::stamp;
use chrono::NaiveDate;
use cramp_diary::demo::{Plan, batch};
use cramp_diary::store::Store;
use std::io::{Seek, SeekFrom, Write};

#[test]
fn garbage_in_middle_pages_is_reported_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    {
        let mut store = Store::open(&db).unwrap();
        let plan = Plan::years(1, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        store
            .insert_batch(&batch(&plan), &stamp("2026-11-23T07:00:00"))
            .unwrap();
    } // closing the last connection checkpoints the WAL into the file
    let check = || {
        crate::common::launch::command(db.parent().unwrap())
            .arg("--db")
            .arg(&db)
            .arg("check")
            .output()
            .unwrap()
    };
    assert!(check().status.success(), "healthy before the damage");
    let len = std::fs::metadata(&db).unwrap().len();
    assert!(len > 40 * 4096, "a year of entries spans many pages: {len}");
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    // Pages of entries: past the first pages, which hold the schema and each table's first page
    // (an empty table's page has room that no check reads).
    let pages = len / 4096;
    for page in [pages / 2, pages * 2 / 3, pages * 5 / 6] {
        file.seek(SeekFrom::Start(page * 4096 + 100)).unwrap();
        file.write_all(&[0xAB; 2000]).unwrap();
    }
    drop(file);
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("damaged") && said.contains("restore it from a backup"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}

#[test]
fn a_diary_with_a_bad_header_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    drop(Store::open(&db).unwrap());
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.write_all(b"SQLite format 9\0").unwrap();
    drop(file);
    let before = std::fs::read(&db).unwrap();
    for args in [&["check"][..], &["list"], &["night", "--none"]] {
        let out = crate::common::launch::on(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1);
        assert!(err.contains("is not a cramp diary"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn text_appended_to_a_diary_is_not_taken_for_damage() {
    let d = Diary::new();
    d.run(&["night", "--none", "--note", "kept"]).ok();
    // What `cramp export --out - >> diary.db` from an older version left behind.
    let mut bytes = d.bytes();
    bytes.extend_from_slice(b"{\"format\": \"cramp-diary-export\"}\n");
    std::fs::write(&d.path, &bytes).unwrap();
    let list = d.run(&["list"]).ok();
    list.says("kept");
    let check = d.run(&["check"]).ok();
    check.says("ok");
    d.run(&["night", "--sleep", "3"]).ok();
    assert!(d.run(&["list"]).ok().stdout.contains("sleep 3"));
}
