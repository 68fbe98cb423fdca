//! Errors a person can act on: a clock outside 1900-9999, a note that starts with '-', a
//! config value that needs quotes: one sentence each, exit 2, nothing written.

use crate::common::diary::Diary;
use crate::common::run::Run;

#[test]
fn a_clock_outside_the_years_1900_to_9999_is_refused_in_one_sentence() {
    let d = Diary::new();
    for now in ["1899-12-31T23:00", "0000-01-01T00:00", "+10000-01-01T00:00"] {
        let run = d.at(now, &["night", "--none"]);
        assert_eq!(run.code, 2, "{now}: {run:#?}");
        assert!(run.error_line().contains("CRAMP_NOW must be"), "{run:#?}");
    }
    assert!(!d.exists());
}

#[test]
fn a_note_starting_with_a_dash_gets_the_way_to_write_it() {
    let d = Diary::new();
    let run = d.run(&["night", "--none", "--note", "-sore calves"]);
    run.fails(2, &["--note='-sore calves'"]);
    d.run(&["night", "--none", "--note=-sore calves"]).ok();
    let list = d.run(&["list", "--last", "1"]).ok();
    list.says("-sore calves");
}

#[test]
fn a_config_error_names_its_own_line_and_asks_to_quote_a_time() {
    let d = Diary::new();
    let config = d.dir.path().join("config.toml");
    std::fs::write(&config, "color = true\nnight_cutoff = 18:00\n").unwrap();
    let run = Run::from(
        d.command()
            .env("CRAMP_CONFIG", &config)
            .args(["list"])
            .output()
            .unwrap(),
    );
    run.fails(2, &["line 2", "night_cutoff = \"18:00\""]);
}

#[test]
fn a_missing_import_file_is_named_in_plain_words() {
    let d = Diary::new();
    d.run(&["night", "--none"]).ok();
    let before = d.bytes();
    let missing = d.dir.path().join("nope.json");
    let run = d.run(&["import", missing.to_str().unwrap()]);
    run.fails(2, &["no such file"]);
    assert!(!run.stderr.contains("entity"), "{run:#?}");
    assert_eq!(d.bytes(), before);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_without_a_crash_report() {
    let d = Diary::new();
    d.run(&["night", "--none"]).ok();
    // `cramp list | head -0`: the reader is gone before cramp writes a line. The same for the
    // completion script (clap_complete's own writer used to panic there).
    for args in [&["list"][..], &["completions", "bash"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = crate::common::launch::command(d.dir.path())
            .arg("--db")
            .arg(&d.path)
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(d.side_files().is_empty(), "{:?}", d.side_files());
    }
}
