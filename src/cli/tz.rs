//! A `TZ` that would hang every command: the clock library reads the file `TZ` names to its
//! end, so `TZ=/dev/zero` never ends and a named pipe never opens. Such a `TZ` is ignored (the
//! system's own zone is used), with one line on stderr.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// Where a relative zone name is looked up, in the order the clock library (chrono) does.
const ZONE_DIRS: [&str; 4] = [
    "/usr/share/zoneinfo",
    "/share/zoneinfo",
    "/etc/zoneinfo",
    "/usr/share/lib/zoneinfo",
];

/// A zone file (TZif) is a few KiB; anything far larger is not one, and would be read whole.
const ZONE_FILE_MAX: u64 = 1024 * 1024;

/// Why the file `tz` makes the clock library read is not a zone file it can finish reading,
/// or `None` when it is (or `tz` names no file: a zone rule such as `EST5EDT`, or UTC).
pub fn problem(tz: &OsStr) -> Option<String> {
    // Not UTF-8: the clock library does not read it at all.
    let text = tz.to_str()?;
    if text.is_empty() || text == "localtime" {
        return None;
    }
    let name = text.strip_prefix(':').unwrap_or(text);
    let candidates: Vec<PathBuf> = if Path::new(name).is_absolute() {
        vec![PathBuf::from(name)]
    } else {
        ZONE_DIRS
            .iter()
            .map(|dir| Path::new(dir).join(name))
            .collect()
    };
    for file in candidates {
        // The first one that opens is read; one that is missing or cannot be opened is passed.
        let Ok(meta) = fs::metadata(&file) else {
            continue;
        };
        if !meta.is_file() {
            return Some(format!("{} is not a regular file", file.display()));
        }
        if crate::files::on_a_kernel_filesystem(&file) {
            return Some(format!("{} is a file the kernel makes up", file.display()));
        }
        if meta.len() > ZONE_FILE_MAX {
            return Some(format!(
                "{} is far too large for a zone file",
                file.display()
            ));
        }
        if File::open(&file).is_ok() {
            return None;
        }
    }
    None
}

/// Runs this program again without `TZ` when `TZ` would hang it, saying so in one line; does
/// nothing otherwise. Call it before anything reads the local time.
pub fn ignore_unreadable() {
    let Some(tz) = std::env::var_os("TZ") else {
        return;
    };
    let Some(why) = problem(&tz) else {
        return;
    };
    eprintln!(
        "cramp: TZ={} is ignored ({why}); using the system's time zone",
        tz.to_string_lossy()
    );
    // The environment cannot be changed safely in a running program, so start it again
    // without TZ: exec replaces this process (same id, same terminal, same arguments).
    use std::os::unix::process::CommandExt;
    let mut args = std::env::args_os();
    let arg0 = args.next().unwrap_or_else(|| "cramp".into());
    let failed = match std::env::current_exe() {
        Ok(exe) => std::process::Command::new(exe)
            .arg0(arg0)
            .args(args)
            .env_remove("TZ")
            .exec(),
        Err(e) => e,
    };
    eprintln!("cramp: could not start again without TZ ({failed}); unset TZ and try again");
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_and_rules_pass_and_devices_do_not() {
        assert_eq!(problem(OsStr::new("")), None);
        assert_eq!(problem(OsStr::new("EST5EDT")), None);
        assert_eq!(problem(OsStr::new("GMT0BST,M3.5.0/1,M10.5.0")), None);
        assert_eq!(problem(OsStr::new("/no/such/zone")), None);
        for bad in ["/dev/zero", ":/dev/urandom", "../../../../dev/zero", "/"] {
            if Path::new("/dev/zero").exists() {
                assert!(problem(OsStr::new(bad)).is_some(), "{bad}");
            }
        }
    }
}
