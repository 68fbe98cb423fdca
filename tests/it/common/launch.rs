//! The one way a test runs the `cramp` binary. Every run gets the environment below: the clock
//! fixed (`CRAMP_NOW`), HOME and the XDG folders inside the test's own temporary folder, so the
//! config is read from there (where there is none: the defaults), no `CRAMP_DB`, no backtraces
//! and no `NO_COLOR`. The user's own diary, settings and clock cannot be reached even by
//! accident. A test that needs something else (another clock, a config file, a `CRAMP_DB`)
//! sets it after.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The moment every test's binary believes it is, unless the test says otherwise.
pub const NOW: &str = "2026-11-23T07:30";

/// The `cramp` binary cargo built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cramp"))
}

/// The isolated environment for a run whose temporary folder is `root`: `Some` is set, `None`
/// removed. The pseudo-terminal helper applies the same list to its own command type.
pub fn env(root: &Path) -> Vec<(&'static str, Option<OsString>)> {
    let home = root.join("home");
    vec![
        ("CRAMP_NOW", Some(NOW.into())),
        ("HOME", Some(home.clone().into())),
        ("XDG_DATA_HOME", Some(home.join(".local/share").into())),
        ("XDG_CONFIG_HOME", Some(home.join(".config").into())),
        ("CRAMP_CONFIG", None),
        ("CRAMP_DB", None),
        ("RUST_BACKTRACE", None),
        ("RUST_LIB_BACKTRACE", None),
        ("NO_COLOR", None),
    ]
}

/// Applies [`env`] to `cmd` (the binary itself, or a shell or `setpriv` that runs it).
pub fn isolate<'a>(cmd: &'a mut Command, root: &Path) -> &'a mut Command {
    for (key, value) in env(root) {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

/// The binary, isolated in `root`.
pub fn command(root: &Path) -> Command {
    let mut cmd = Command::new(bin());
    isolate(&mut cmd, root);
    cmd
}

/// The binary run once on the diary at `db`, isolated in the diary's folder.
pub fn on(db: &Path, args: &[&str]) -> std::process::Output {
    on_command(db, args).output().unwrap()
}

/// [`on`], which must succeed: its standard output.
pub fn ok_on(db: &Path, args: &[&str]) -> String {
    let out = succeeded(&mut on_command(db, args), &format!("{args:?}"));
    String::from_utf8(out.stdout).unwrap()
}

fn on_command(db: &Path, args: &[&str]) -> Command {
    let mut cmd = command(db.parent().unwrap());
    cmd.arg("--db").arg(db).args(args);
    cmd
}

/// Runs `cmd` (any program) to its end, which must exit 0: its output. When it does not, the
/// failure names `what` and shows the program's stderr.
pub fn succeeded(cmd: &mut Command, what: &str) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The user `nobody`, whom a root test run (as in CI) runs the binary as where permissions matter.
pub const NOBODY: u32 = 65534;

/// The binary, run as `nobody` through `setpriv` when the tests run as root (root ignores file
/// permissions), else as the user running them. Not isolated yet: [`isolate`] it.
pub fn as_a_user() -> Command {
    if super::skip::is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            format!("--reuid={NOBODY}"),
            format!("--regid={NOBODY}"),
            "--clear-groups".to_string(),
        ])
        .arg(bin());
        c
    } else {
        Command::new(bin())
    }
}
