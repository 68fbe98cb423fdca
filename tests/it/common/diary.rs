//! A throwaway diary in a temporary folder, and the binary pointed at it: the clock fixed,
//! HOME, XDG folders and the config pointed into the folder, so the user's own diary and
//! settings cannot be reached even by accident.
#![allow(dead_code)]

use super::launch;
use super::run::Run;
use assert_cmd::Command;
use std::path::PathBuf;
use tempfile::TempDir;

pub use super::launch::NOW;

/// `cramp` and the flags of a one-minute cramp in the left calf, intensity 5.
pub const CRAMP: &[&str] = &[
    "cramp",
    "--leg",
    "left",
    "--intensity",
    "5",
    "--duration",
    "1m",
];

pub struct Diary {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Diary {
    pub fn new() -> Self {
        Self::named("d.db")
    }

    /// A diary in `folder` (a disk a test mounted...), the binary's HOME in a temporary folder.
    pub fn inside(folder: &std::path::Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = folder.join("d.db");
        Self { dir, path }
    }

    /// A diary at `relative` inside a new temporary folder (`typo/folder/d.db`...).
    pub fn named(relative: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(relative);
        Self { dir, path }
    }

    /// The binary with `--db` this diary.
    pub fn command(&self) -> Command {
        let mut cmd = Command::from_std(launch::command(self.dir.path()));
        cmd.arg("--db").arg(&self.path);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().unwrap())
    }

    /// Logs a one-minute cramp in the left calf, intensity 5, with `more` flags (`--night`...).
    pub fn cramp(&self, more: &[&str]) -> Run {
        self.run(&[CRAMP, more].concat())
    }

    /// Marks the night of `night` cramp-free with `note` (`night --none --night NIGHT --note
    /// NOTE`).
    pub fn cramp_free_night(&self, night: &str, note: &str) -> Run {
        self.run(&["night", "--none", "--night", night, "--note", note])
    }

    /// Exports the whole diary as JSON to `name` in its folder: that file's path.
    pub fn export_json(&self, name: &str) -> PathBuf {
        let file = self.dir.path().join(name);
        self.run(&super::export_to("json", &file)).ok();
        file
    }

    /// The same at another time (`CRAMP_NOW`, `YYYY-MM-DDTHH:MM`).
    pub fn at(&self, now: &str, args: &[&str]) -> Run {
        Run::from(
            self.command()
                .env("CRAMP_NOW", now)
                .args(args)
                .output()
                .unwrap(),
        )
    }

    /// A command's JSON output at `now` (it must succeed).
    pub fn json(&self, now: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.at(now, args).ok().stdout).expect("JSON output")
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// The journal files SQLite may leave beside the diary.
    pub fn side_files(&self) -> Vec<PathBuf> {
        ["-wal", "-shm", "-journal"]
            .iter()
            .map(|suffix| {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                PathBuf::from(name)
            })
            .filter(|p| p.exists())
            .collect()
    }
}

/// Each refusal: exit 2 in one line naming what it should, and the diary as it was — the same
/// bytes, or still missing with no files left beside it.
pub fn assert_each_refused_untouched(
    diary: &Diary,
    refusals: &[(&[&str], &[&str])],
    run: impl Fn(&Diary, &[&str]) -> Run,
) {
    let before = diary.exists().then(|| diary.bytes());
    for (args, mentions) in refusals {
        super::run::assert_refused(&run(diary, args), args, mentions);
        match &before {
            Some(bytes) => assert!(&diary.bytes() == bytes, "{args:?} changed the diary file"),
            None => {
                assert!(!diary.exists(), "{args:?} created {}", diary.path.display());
                assert!(diary.side_files().is_empty(), "{args:?} left files");
            }
        }
    }
}
