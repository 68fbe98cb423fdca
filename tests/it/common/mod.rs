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

/// A folder for a new diary and the diary's path in it (`diary.db`, not made yet).
pub fn new_diary() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    (dir, db)
}

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

/// A small seeded generator (xorshift64*), so a test's random delays or choices are the same
/// each run.
pub struct Seeded(pub u64);

impl Seeded {
    /// The next number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// `text` holds every one of `wanted`; when one is missing, the failure names it and shows the
/// whole text.
#[track_caller]
pub fn assert_holds(text: &str, wanted: &[&str]) {
    for fragment in wanted {
        assert!(text.contains(fragment), "expected {fragment:?} in:\n{text}");
    }
}

/// The lines of `text` that contain `needle`.
pub fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}
