//! Where an export, a backup or stdout may go: never over the diary, its companions or
//! anything that is not a plain file of ours.

use super::{kind_of, resolved};
use crate::domain::Invalid;
use std::fs::{self, File, Metadata};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The diary and the files SQLite and cramp keep beside it.
fn companions(db: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // SQLite names the journal after the file the link points to; the link's own name too.
    for base in [resolved(db), resolved_dir(db)] {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = base.clone().into_os_string();
            name.push(suffix);
            out.push(PathBuf::from(name));
        }
    }
    out
}

/// `path` with only its folder resolved (the last component may be a link).
fn resolved_dir(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .join(name),
        (_, Some(name)) => fs::canonicalize(".").unwrap_or_default().join(name),
        _ => path.to_path_buf(),
    }
}

fn is_backup_of(db: &Path, target: &Path) -> bool {
    let db = resolved(db);
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return false;
    };
    let prefix = format!("{}.before-v", name.to_string_lossy());
    target.parent() == Some(dir)
        && target.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && n.ends_with(".bak")
        })
}

fn same_file(a: &Metadata, b: &Path) -> bool {
    fs::metadata(b).is_ok_and(|m| m.dev() == a.dev() && m.ino() == a.ino())
}

fn is_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Refuses an output (`--out`, a CSV entry, a backup) that is the diary, its `-wal`, `-shm` or
/// `-journal`, a pre-upgrade backup, or any other SQLite database, through links and relative
/// names alike; or a file another user owns, or something that is not a regular file.
pub fn check_output(flag: &str, out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target(flag, out, db, false, true)
}

/// Like [`check_output`], for a file in a CSV folder that may not have been made yet.
pub fn check_output_in_new_folder(flag: &str, out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target(flag, out, db, false, false)
}

/// Refuses a folder of CSV files (`--out`) named like the diary, one of its companions or a
/// backup of it, whether or not it exists yet: SQLite cannot make its `-journal` or `-wal`
/// where a folder stands under that name, and the diary would fail on every later command.
pub fn check_output_folder(flag: &str, out: &Path, db: &Path) -> Result<(), Invalid> {
    let target = resolved(out);
    if companions(db).contains(&target) || is_backup_of(db, &target) {
        return Err(Invalid::new(format!(
            "{flag} must not be named like the diary, its journal or a backup of it, got {}; choose another folder",
            out.display()
        )));
    }
    Ok(())
}

/// A folder standing where SQLite keeps one of the diary's companion files (`-wal`, `-shm`,
/// `-journal`): SQLite then fails with a bare "disk I/O error".
pub fn companion_folder(db: &Path) -> Option<PathBuf> {
    ["-wal", "-shm", "-journal"].iter().find_map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let name = PathBuf::from(name);
        fs::symlink_metadata(&name)
            .is_ok_and(|m| m.is_dir())
            .then_some(name)
    })
}

/// Refuses `--out -` when standard output was sent to the diary or its journal
/// (`cramp export --out - >> diary.db`): the export would be written into the diary.
pub fn check_stdout(db: &Path) -> Result<(), Invalid> {
    let Ok(meta) = fs::metadata("/proc/self/fd/1") else {
        return Ok(());
    };
    if meta.is_file() && companions(db).iter().any(|c| same_file(&meta, c)) {
        return Err(Invalid::new(
            "--out - must not send the export into the diary or its journal (standard output is the diary file); choose another file",
        ));
    }
    Ok(())
}

/// Like [`check_output`], for `cramp backup`: an older backup (a cramp diary) may be replaced.
pub fn check_backup_target(out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target("the backup file", out, db, true, true)
}

fn check_target(
    flag: &str,
    out: &Path,
    db: &Path,
    may_replace_diary: bool,
    folder_must_exist: bool,
) -> Result<(), Invalid> {
    let target = resolved(out);
    let refuse = || {
        Invalid::new(format!(
            "{flag} must not be the diary, its journal or a backup of it, got {}; choose another file",
            out.display()
        ))
    };
    if companions(db).contains(&target) || is_backup_of(db, &target) {
        return Err(refuse());
    }
    if out.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(Invalid::new(format!(
            "{flag} must name a file, got {}; add a file name",
            out.display()
        )));
    }
    if let Some(dir) = target.parent()
        && folder_must_exist
        && !dir.is_dir()
    {
        let shown = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(dir);
        return Err(Invalid::new(format!(
            "{flag} must be in an existing folder, and {} is not one; create it first or choose another place",
            shown.display()
        )));
    }
    if may_replace_diary {
        // SQLite would read a -wal or -journal left beside the name into the new copy.
        for suffix in ["-wal", "-journal"] {
            let mut name = target.clone().into_os_string();
            name.push(suffix);
            if fs::symlink_metadata(&name).is_ok() {
                return Err(Invalid::new(format!(
                    "{flag} must not have a {suffix} file beside it (SQLite would mix it into the copy), got {}; quit any program using it and remove {}, or choose another file",
                    out.display(),
                    Path::new(&name).display()
                )));
            }
        }
    }
    // A link someone else made (in a shared folder such as /tmp) is theirs to point anywhere.
    if let Ok(link) = fs::symlink_metadata(out)
        && link.file_type().is_symlink()
        && link.uid() != own_uid()
    {
        return Err(Invalid::new(format!(
            "{flag} must not be a symbolic link another user made, and {} is one; choose another file",
            out.display()
        )));
    }
    let Ok(meta) = fs::metadata(&target) else {
        return Ok(());
    };
    if companions(db).iter().any(|c| same_file(&meta, c)) {
        return Err(refuse());
    }
    if let Some(kind) = kind_of(&meta) {
        return Err(Invalid::new(format!(
            "{flag} must be a regular file, and {} is {kind}",
            out.display()
        )));
    }
    let replaceable = may_replace_diary
        && matches!(
            crate::files::header::inspect(&target),
            Ok(crate::files::header::FileKind::Diary { .. })
        );
    if is_sqlite(&target) && !replaceable {
        return Err(Invalid::new(format!(
            "{flag} must not overwrite an SQLite database (a diary or a backup), got {}; choose another file",
            out.display()
        )));
    }
    if meta.uid() != own_uid() {
        return Err(Invalid::new(format!(
            "{flag} must be a file you own, and {} belongs to another user; choose another file",
            out.display()
        )));
    }
    Ok(())
}

/// The effective user: the owner of anything this process creates.
fn own_uid() -> u32 {
    fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}
