//! Input typed as people type it: `3:10`, `03:10` and `3.10` are the same time, and shell
//! completions offer the values each option takes.

use crate::common::diary::Diary;

#[test]
fn a_cramp_time_may_be_typed_3_10_or_03_10_or_3_10_with_a_dot() {
    let diary = Diary::new();
    for at in ["3:10", "03:10", "3.10"] {
        diary.cramp(&["--at", at]).ok();
    }
    let list = diary.run(&["list"]).ok();
    assert_eq!(
        list.stdout.matches("03:10 left calf").count(),
        3,
        "{list:#?}"
    );
    let bad = diary.cramp(&["--at", "3:1"]);
    bad.fails(2, &["HH:MM"]);
}

#[test]
fn bash_completions_offer_the_words_each_flag_takes() {
    let diary = Diary::new();
    let bash = diary.run(&["completions", "bash"]).ok().stdout;
    for word in [
        "foam-roller",
        "massage-gun",
        "professional",
        "bullet",
        "medium",
        "numbness",
        "thigh",
        "both",
        "html",
        "zsh",
    ] {
        assert!(bash.contains(word), "bash completions lack {word}");
    }
    // The values are offered, not enforced by clap: a wrong word keeps its one sentence.
    let wrong = diary.run(&["massage", "--technique", "foamroller"]);
    wrong.fails_saying(2, "cramp: technique must be foam-roller, massage-gun, ball, thumbs, stick, stretch or professional, got 'foamroller'");
    let shell = diary.run(&["completions", "tcsh"]);
    shell.fails_saying(2, "cramp: shell must be bash, zsh or fish, got 'tcsh'");
}
