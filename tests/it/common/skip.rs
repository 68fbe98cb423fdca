//! A test that cannot run here says so where a person sees it: the test harness hides what a
//! passing test prints, so the reason is written straight to the terminal's standard error.
#![allow(dead_code)]

use std::io::Write;
use std::os::unix::fs::MetadataExt;

/// Says that the running test was skipped, and why.
pub fn skipped(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Whether the tests run as root (as in CI).
pub fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// `true` when running as root; otherwise says the test is skipped because `what` needs root.
pub fn root_or_skip(what: &str) -> bool {
    if !is_root() {
        skipped(&format!("{what} needs root"));
    }
    is_root()
}
