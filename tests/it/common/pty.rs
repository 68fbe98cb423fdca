//! Drives the real binary in a pseudo-terminal: keys in, screen read through a vt100 parser,
//! expected text polled for with a deadline (never a fixed sleep).
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub use super::launch::{NOW, bin};
pub use super::new_diary;
const DEADLINE: Duration = Duration::from_secs(20);

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    // Kept open so the terminal's settings can still be read after the app exits.
    _slave: Box<dyn SlavePty + Send>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

/// The isolated environment of [`super::launch::env`] on a pseudo-terminal's command, the
/// temporary folder being `root`. portable-pty starts the child in HOME, so HOME is made.
pub fn isolate(cmd: &mut CommandBuilder, root: &Path) {
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    cmd.cwd(&home);
    for (key, value) in super::launch::env(root) {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        }
    }
}

/// Reads `reader` (a terminal's screen side) to its end on a thread of its own, handing each
/// chunk read to `take`.
pub fn read_in_background(
    mut reader: Box<dyn Read + Send>,
    mut take: impl FnMut(&[u8]) + Send + 'static,
) {
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            take(&buf[..n]);
        }
    });
}

impl Session {
    /// The app on `db`, once it asks the morning's question ("Any cramps last night?").
    pub fn at_check_in(db: &Path, extra_env: &[(&str, &str)]) -> Self {
        let s = Self::start(db, extra_env);
        s.wait_for("Any cramps last night?");
        s
    }

    /// From the check-in, `y` opens the cramp form; typed there: the `intensity` (its field
    /// shows `intensity/10`) and the `duration`, each after a Tab to its field.
    pub fn new_cramp(&mut self, intensity: &str, duration: &str) {
        self.key_then("y", "New cramp");
        self.key_then("\t\t", "› intensity");
        self.key_then(intensity, &format!("{intensity}/10"));
        self.key_then("\t", "› duration");
        self.key_then(duration, duration);
    }

    /// The app on `db` with the new cramp form open (`y` at the check-in).
    pub fn at_new_cramp(db: &Path, extra_env: &[(&str, &str)]) -> Self {
        let mut s = Self::at_check_in(db, extra_env);
        s.key_then("y", "New cramp");
        s
    }

    /// Quits with `q`: the app exits 0 and gives the terminal back ([`Self::assert_terminal_restored`]).
    pub fn quit(&mut self) {
        self.keys("q");
        assert_eq!(
            self.wait_exit(),
            0,
            "quit with q; the screen was:\n{}",
            self.screen()
        );
        self.assert_terminal_restored();
    }

    pub fn start(db: &Path, extra_env: &[(&str, &str)]) -> Self {
        Self::start_sized(db, extra_env, 100, 30)
    }

    /// As [`Session::start`], in a terminal of `cols` x `rows`.
    pub fn start_sized(db: &Path, extra_env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        Self::start_with_args(db, &[], extra_env, cols, rows)
    }

    /// A command (`args` after `--db DB`) in a terminal of `cols` x `rows`.
    pub fn start_with_args(
        db: &Path,
        args: &[&str],
        extra_env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        cmd.arg("--db");
        cmd.arg(db);
        for arg in args {
            cmd.arg(arg);
        }
        isolate(&mut cmd, db.parent().unwrap());
        cmd.env("TERM", "xterm-256color");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reader = pair.master.try_clone_reader().unwrap();
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        read_in_background(reader, move |bytes| {
            p.lock().unwrap().process(bytes);
            r.lock().unwrap().extend_from_slice(bytes);
        });
        let writer = pair.master.take_writer().unwrap();
        Self {
            master: pair.master,
            _slave: pair.slave,
            writer: Arc::new(Mutex::new(writer)),
            child,
            parser,
            raw,
        }
    }

    /// Resizes the parser and the terminal together, as a terminal emulator does: its grid
    /// first, then the pty. The parser stays locked until both are done, so the reader thread
    /// cannot parse a frame the app drew at the new size onto the old grid (a 100-column frame
    /// squeezed into 40 columns stays garbled: ratatui only repaints cells that change). Bytes
    /// of a frame drawn at the old size that are still in flight land on the new grid, as on a
    /// real terminal; the app's redraw at the new size clears and repaints them.
    pub fn resize(&self, cols: u16, rows: u16) {
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{text}' never appeared; the screen was:\n{}",
            self.screen()
        );
    }

    pub fn keys(&mut self, bytes: &str) {
        let mut writer = self.writer.lock().unwrap();
        writer.write_all(bytes.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Writes from a thread of its own: more than the terminal buffers blocks until the app
    /// reads it, and a test must see that as a failure, not hang.
    pub fn keys_in_background(&self, bytes: String) {
        let writer = Arc::clone(&self.writer);
        thread::spawn(move || {
            let mut writer = writer.lock().unwrap();
            let _ = writer.write_all(bytes.as_bytes());
            let _ = writer.flush();
        });
    }

    /// One key at a time, each after the screen has settled on the previous one.
    pub fn key_then(&mut self, bytes: &str, expect: &str) {
        self.keys(bytes);
        self.wait_for(expect);
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        self.child.kill().ok();
        panic!("the app did not exit; the screen was:\n{}", self.screen());
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// The process state letter from /proc (`T` stopped, `S` sleeping, `R` running).
    pub fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        after.chars().next().unwrap()
    }

    /// Polls until the process is in `state`.
    pub fn wait_state(&self, state: char) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.state() == state {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the app never reached state {state}; it is {}",
            self.state()
        );
    }

    /// Waits until the app has written `text` (raw, escape sequences included) `count` times.
    pub fn wait_raw_count(&self, text: &str, count: usize) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            let raw = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
            if raw.matches(text).count() >= count {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("{text:?} was not written {count} times");
    }

    /// A paste as a terminal sends it: line breaks as carriage returns, wrapped in the
    /// bracketed-paste markers only if the app turned bracketed paste on.
    pub fn paste(&self, text: &str) {
        let text = text.replace('\n', "\r");
        let raw = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
        let bracketed = raw.rfind("\x1b[?2004h") > raw.rfind("\x1b[?2004l");
        if bracketed {
            self.keys_in_background(format!("\x1b[200~{text}\x1b[201~"));
        } else {
            self.keys_in_background(text);
        }
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }

    pub fn raw_output(&self) -> String {
        // Let the reader thread drain what the app wrote last.
        let start = Instant::now();
        let mut last = 0;
        loop {
            thread::sleep(Duration::from_millis(50));
            let len = self.raw.lock().unwrap().len();
            if len == last || start.elapsed() > Duration::from_secs(2) {
                break;
            }
            last = len;
        }
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// The terminal's line discipline as `stty` reports it.
    pub fn stty(&self) -> String {
        let tty = self.master.tty_name().expect("the pty has a name");
        let out = Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(&tty)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Alternate screen left, cursor shown, raw mode off.
    pub fn assert_terminal_restored(&self) {
        let raw = self.raw_output();
        let entered = raw
            .rfind("\x1b[?1049h")
            .expect("the app used the alternate screen");
        let left = raw
            .rfind("\x1b[?1049l")
            .expect("the alternate screen was left");
        assert!(
            left > entered,
            "the alternate screen was left after it was entered"
        );
        let shown = raw.rfind("\x1b[?25h").expect("the cursor was shown again");
        assert!(shown > entered);
        if let Some(pasting) = raw.rfind("\x1b[?2004h") {
            assert!(
                raw.rfind("\x1b[?2004l") > Some(pasting),
                "bracketed paste was turned off again"
            );
        }
        let stty = self.stty();
        let words: Vec<&str> = stty.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "raw mode is still on: {stty}"
        );
    }
}

impl Drop for Session {
    /// A failing test must not leave the app running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.child.kill().ok();
        }
    }
}
