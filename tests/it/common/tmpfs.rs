//! A small tmpfs mounted for one test, to fill a disk for real (ENOSPC) or make it read-only
//! (EROFS). Needs root (as in CI); elsewhere `Tmpfs::mount` says why it cannot and the test
//! skips.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Tmpfs {
    // Declared first so it is dropped (unmounted) before the folder is removed.
    mounted: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmpfs {
    /// [`Tmpfs::mount`], or `None` after saying on the terminal why the test is skipped.
    pub fn mount_or_skip(kib: u32) -> Option<Self> {
        Self::mount(kib)
            .map_err(|why| super::skip::skipped(&why))
            .ok()
    }

    /// A fresh tmpfs of `kib` KiB, or the reason there cannot be one here.
    pub fn mount(kib: u32) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mounted = dir.path().join("disk");
        std::fs::create_dir(&mounted).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0700"),
                "tmpfs",
            ])
            .arg(&mounted)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cannot mount a tmpfs (needs root): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Self { mounted, _dir: dir })
    }

    pub fn path(&self) -> &Path {
        &self.mounted
    }

    /// Fills the disk to the last byte with a file named `filler`, then frees `leave` bytes.
    pub fn fill_leaving(&self, leave: u64) {
        let filler = self.mounted.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        for chunk in [64 * 1024, 4096, 512, 1] {
            let block = vec![0u8; chunk];
            while file.write_all(&block).is_ok() {}
        }
        drop(file);
        let len = std::fs::metadata(&filler).unwrap().len();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .unwrap();
        file.set_len(len.saturating_sub(leave)).unwrap();
    }

    /// Gives the filler's space back.
    pub fn free(&self) {
        let _ = std::fs::remove_file(self.mounted.join("filler"));
    }

    pub fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.mounted)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remounting read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.mounted).status();
    }
}
