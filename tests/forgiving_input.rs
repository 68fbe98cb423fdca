//! Input typed as people type it: `3:10`, `03:10` and `3.10` are the same time, and shell
//! completions offer the values each option takes.
#![allow(clippy::unwrap_used)]

mod common;

use common::diary::Diary;

#[test]
fn a_cramp_time_may_be_typed_3_10_or_03_10_or_3_10_with_a_dot() {
    let diary = Diary::new();
    for at in ["3:10", "03:10", "3.10"] {
        diary
            .run(&[
                "cramp",
                "--leg",
                "left",
                "--intensity",
                "5",
                "--duration",
                "1m",
                "--at",
                at,
            ])
            .ok();
    }
    let list = diary.run(&["list"]).ok();
    assert_eq!(
        list.stdout.matches("03:10 left calf").count(),
        3,
        "{list:#?}"
    );
    let bad = diary.run(&[
        "cramp",
        "--leg",
        "left",
        "--intensity",
        "5",
        "--duration",
        "1m",
        "--at",
        "3:1",
    ]);
    assert_eq!(bad.code, 2, "{bad:#?}");
    assert!(bad.error_line().contains("HH:MM"), "{bad:#?}");
}
