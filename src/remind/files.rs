//! The reminder's files on disk: where the systemd user units go, whether a file there is one
//! this program wrote, and writing or removing only those.

use super::{Reminder, SERVICE, TIMER, is_ours};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The user's systemd unit folder (`$XDG_CONFIG_HOME/systemd/user`, usually
/// `~/.config/systemd/user`).
#[derive(Debug, Clone)]
pub struct UnitDir {
    pub dir: PathBuf,
}

/// What is at one of the reminder's paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Absent,
    /// Written by `cramp remind install`; for a unit file, its text.
    Ours(String),
    /// Something this program did not write: never overwritten, never removed.
    Foreign,
}

impl UnitDir {
    pub fn locate() -> Option<Self> {
        let base = directories::BaseDirs::new()?;
        Some(Self {
            dir: base.config_dir().join("systemd").join("user"),
        })
    }

    pub fn service(&self) -> PathBuf {
        self.dir.join(SERVICE)
    }

    pub fn timer(&self) -> PathBuf {
        self.dir.join(TIMER)
    }

    /// What `systemctl --user enable` would make: the timer wanted by `timers.target`.
    pub fn wants_link(&self) -> PathBuf {
        self.dir.join("timers.target.wants").join(TIMER)
    }

    pub fn found_service(&self) -> io::Result<Found> {
        examine_file(&self.service())
    }

    pub fn found_timer(&self) -> io::Result<Found> {
        examine_file(&self.timer())
    }

    pub fn found_link(&self) -> io::Result<Found> {
        let link = self.wants_link();
        match fs::symlink_metadata(&link) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Found::Absent),
            Err(e) => Err(e),
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&link)?;
                let resolved = if target.is_absolute() {
                    target
                } else {
                    link.parent().unwrap_or(Path::new("/")).join(target)
                };
                // `systemctl --user enable` on our timer makes the same link: that is ours too.
                let ours = resolved == self.timer()
                    || resolved == self.dir.join("timers.target.wants/..").join(TIMER);
                Ok(if ours {
                    Found::Ours(String::new())
                } else {
                    Found::Foreign
                })
            }
            Ok(_) => Ok(Found::Foreign),
        }
    }

    /// The first path that holds something this program did not write, if any.
    pub fn first_foreign(&self) -> io::Result<Option<PathBuf>> {
        for (path, found) in [
            (self.service(), self.found_service()?),
            (self.timer(), self.found_timer()?),
            (self.wants_link(), self.found_link()?),
        ] {
            if found == Found::Foreign {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    /// Writes both units and the enabling link. The caller has checked [`Self::first_foreign`].
    pub fn install(&self, reminder: &Reminder) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        write_atomically(&self.service(), &reminder.service_unit())?;
        write_atomically(&self.timer(), &reminder.timer_unit())?;
        if self.found_link()? == Found::Absent {
            let link = self.wants_link();
            if let Some(dir) = link.parent() {
                fs::create_dir_all(dir)?;
            }
            std::os::unix::fs::symlink(self.timer(), &link)?;
        }
        Ok(())
    }

    /// Removes what this program wrote; returns the paths removed and those left alone.
    pub fn uninstall(&self, dry_run: bool) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        let mut removed = Vec::new();
        let mut left = Vec::new();
        // The link first, so a timer is never left enabled without its file.
        for (path, found) in [
            (self.wants_link(), self.found_link()?),
            (self.timer(), self.found_timer()?),
            (self.service(), self.found_service()?),
        ] {
            match found {
                Found::Absent => {}
                Found::Foreign => left.push(path),
                Found::Ours(_) => {
                    if !dry_run {
                        fs::remove_file(&path)?;
                    }
                    removed.push(path);
                }
            }
        }
        if !dry_run {
            // Only if it is empty now: the folder may hold the person's other units.
            let _ = fs::remove_dir(self.dir.join("timers.target.wants"));
        }
        Ok((removed, left))
    }
}

fn examine_file(path: &Path) -> io::Result<Found> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Found::Absent),
        Err(e) => Err(e),
        Ok(meta) if meta.file_type().is_file() => match fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) if is_ours(&text) => Ok(Found::Ours(text)),
                _ => Ok(Found::Foreign),
            },
            Err(e) => Err(e),
        },
        // A symlink, a folder or anything else at our name was put there by someone else.
        Ok(_) => Ok(Found::Foreign),
    }
}

/// Temporary file in the same folder, flushed to disk, then renamed over the target.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cramp-remind-")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A systemd user manager is running for this login (its private socket exists).
pub fn session_running() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .is_some_and(|dir| dir.is_absolute() && dir.join("systemd/private").exists())
}

/// `systemctl --user ARGS`; the error is one line to show.
pub fn systemctl(args: &[&str]) -> Result<String, String> {
    let shown = format!("systemctl --user {}", args.join(" "));
    let output = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .output()
        .map_err(|e| format!("`{shown}` could not run: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if output.status.success() {
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr.lines().next().unwrap_or("").trim();
        Err(format!("`{shown}` failed ({}): {why}", output.status))
    }
}

/// The first executable file called `name` on PATH.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|file| {
            fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Whether the user manager says the timer is active; `None` when it cannot be asked.
pub fn timer_active() -> Option<bool> {
    let output = Command::new("systemctl")
        .args(["--user", "is-active", TIMER])
        .output()
        .ok()?;
    let state = String::from_utf8_lossy(&output.stdout).trim().to_string();
    match state.as_str() {
        "active" => Some(true),
        "" => None,
        _ => Some(false),
    }
}
