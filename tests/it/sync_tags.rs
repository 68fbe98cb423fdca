//! A tag arriving by sync meets the rule a tag typed, picked or imported meets
//! (`domain::tags::parse_tag`), through real processes and a real folder: another device's
//! file (a buggy writer, or one changed by hand with its checksums made to fit) holding a tag
//! with a text-direction control, a comma, or a spelling the diary never keeps (upper case, an
//! accent not in Unicode NFC) has that change left out, named with its file, line and the rule,
//! while the rest of that file and the other devices' changes are applied.

use crate::common::diary::Diary;
use crate::common::words;
use crate::sync_cli::{new_devices, own_folder, sync};
use cramp_diary::store::Store;
use cramp_diary::sync::line::{complete_lines, op_line_in, read_op_in};

fn tags_of(d: &Diary, night: &str) -> Vec<String> {
    let day = chrono::NaiveDate::parse_from_str(night, "%Y-%m-%d").unwrap();
    let mut tags = Store::open_reading(&d.path)
        .unwrap()
        .tags_between(day, day)
        .unwrap()
        .remove(&day)
        .unwrap_or_default();
    tags.sort();
    tags
}

/// Each placeholder tag in a device's file, replaced by a value no person could have typed
/// there, with its checksum made to fit; the lines (1 = the header) the changes are on.
fn forge(file: &std::path::Path, swaps: &[(&str, &str)]) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let (lines, _) = complete_lines(&text);
    let mut at = Vec::new();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let swapped = (i > 0)
            .then(|| read_op_in(line, u32::MAX).unwrap())
            .and_then(|(mut op, end)| {
                let tag = op.fields.get("tag")?.as_str()?.to_string();
                let (_, bad) = swaps.iter().find(|(from, _)| *from == tag)?;
                op.fields.insert("tag".into(), (*bad).into());
                at.push((i + 1, (*bad).to_string()));
                Some(op_line_in(&op, end))
            });
        out.push_str(&swapped.unwrap_or_else(|| format!("{line}\n")));
    }
    std::fs::write(file, out).unwrap();
    assert_eq!(at.len(), swaps.len(), "every placeholder found: {text}");
    at
}

#[test]
fn a_synced_tag_the_diary_would_refuse_or_spell_otherwise_is_left_out_and_named() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    // One save on b: a night with a good tag and four placeholders, made bad in its file.
    b.run(&words(
        "night --none --night 2026-11-20 --tag heat --tag xa --tag xb --tag xc --tag xd",
    ))
    .ok();
    sync(&b, dir).ok();
    // A later save in the same file, and another device's, still apply.
    b.run(&words(
        "cramp --leg left --intensity 5 --duration 1m --night 2026-11-21",
    ))
    .ok();
    sync(&b, dir).ok();
    let file = own_folder(&b, dir).join("ops-000000001.log");
    let forged = forge(
        &file,
        &[
            ("xa", "\u{202E}loohocla"),
            ("xb", "wine, beer"),
            ("xc", "Long Shift"),
            ("xd", "cafe\u{301}"),
        ],
    );
    let c = Diary::new();
    c.run(&words("night --none --night 2026-11-19 --tag alcohol"))
        .ok();
    let run = sync(&c, dir);
    assert_eq!(run.code, 0, "{run:#?}");

    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    let name = file.display().to_string();
    let rules = [
        "tag must be plain text without text-direction controls (U+202A-U+202E, U+2066-U+2069)",
        "tag must be words without commas (commas separate tags), got 'wine, beer'",
        "tag must be written as the diary keeps it (lower case, single spaces, Unicode NFC), got 'Long Shift' where it keeps 'long shift'",
        "tag must be written as the diary keeps it (lower case, single spaces, Unicode NFC), got 'cafe\\u{301}' where it keeps 'caf\u{e9}'",
    ];
    let said: Vec<&str> = crate::common::lines_with(&run.stderr, "cramp: ");
    assert_eq!(said.len(), 4, "{run:#?}");
    for ((line, _), rule) in forged.iter().zip(rules) {
        let named = format!("{name} line {line} was left out: {rule} (the rest was applied");
        assert!(
            said.iter()
                .any(|l| l.starts_with(&format!("cramp: {named}"))),
            "{named}\n{run:#?}"
        );
    }
    // The good tag of the same save, the later save and the other device's night: applied.
    assert_eq!(tags_of(&a, "2026-11-20"), ["heat"]);
    assert_eq!(tags_of(&a, "2026-11-19"), ["alcohol"]);
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(
        list.contains("2026-11-21 Sat  1 cramp: left calf 5/10 1m")
            && list.contains("2026-11-20 Fri  no cramps · tags: heat\n"),
        "{list}"
    );

    // `sync status` lists each change left out with its rule; the next sync names none again.
    let status = a
        .run(&["sync", "status", dir.to_str().unwrap()])
        .ok()
        .stdout;
    let left_out: Vec<&str> = status
        .lines()
        .filter(|l| l.starts_with("Left out: "))
        .collect();
    assert_eq!(left_out.len(), 4, "{status}");
    for rule in rules {
        assert!(
            left_out.iter().any(|l| l.ends_with(rule)),
            "{rule}\n{status}"
        );
    }
    let again = sync(&a, dir);
    assert!(again.stderr.is_empty(), "{again:#?}");
    assert_eq!(tags_of(&a, "2026-11-20"), ["heat"]);
}
