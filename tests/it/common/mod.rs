pub mod dates;
pub mod diary;
pub mod launch;
pub mod pty;
pub mod records;
pub mod run;
pub mod skip;
pub mod sql;
pub mod tmpfs;
pub mod tui;

/// A change time for the store's writes (`YYYY-MM-DDTHH:MM:SS`).
pub fn stamp(text: &str) -> cramp_diary::domain::Stamp {
    cramp_diary::domain::Stamp::parse("stamp", text).expect("a valid stamp")
}

/// A command line's arguments written as one string: `words("night --none --night 2026-11-20")`.
/// (Split on spaces; an argument with a space in it is passed on its own.)
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The arguments of `cramp export --format FORMAT --out PATH`.
pub fn export_to<'a>(format: &'a str, out: &'a std::path::Path) -> Vec<&'a str> {
    vec!["export", "--format", format, "--out", out.to_str().unwrap()]
}

/// Makes a named pipe at `path` (with `mkfifo`, as a person would).
pub fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}
