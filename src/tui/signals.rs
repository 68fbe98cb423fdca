//! Signals become requests the event loop carries out between two keys, so the terminal is
//! given back and the diary checkpointed by the thread that owns them.

use super::terminal;
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use std::cell::Cell;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Signals whose default is to end the process: each restores the terminal first.
pub const ENDING: [i32; 7] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];

/// If the event loop has not ended the process this long after an ending signal (a save
/// waiting on a lock, say), the signal thread gives the terminal back and exits itself.
const GRACE: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Give the terminal back and exit with this code (128 + the signal).
    Exit(u8),
    /// Ctrl-Z from another process (SIGTSTP): leave the screen and stop.
    Suspend,
    /// Continued after a stop (SIGCONT): draw everything again.
    Redraw,
    /// The terminal changed size (SIGWINCH): draw at the new size.
    Resize,
}

pub struct Signals {
    requests: Receiver<Request>,
    /// A request seen by [`Signals::waiting`], not yet taken by [`Signals::next`].
    seen: Cell<Option<Request>>,
    handle: signal_hook::iterator::Handle,
}

impl Signals {
    pub fn listen() -> std::io::Result<Self> {
        let mut wanted = ENDING.to_vec();
        // SIGWINCH is heard from here, before the terminal's size is first read: crossterm only
        // starts listening for it at the first look at the keyboard, and a resize before that
        // (the app still busy drawing its first frame) would otherwise be lost, leaving the
        // screen drawn at a size it no longer has until the next key.
        wanted.extend([SIGTSTP, SIGCONT, SIGWINCH]);
        let mut signals = signal_hook::iterator::Signals::new(wanted)?;
        let handle = signals.handle();
        let (tx, requests) = channel();
        std::thread::spawn(move || {
            for signal in signals.forever() {
                let request = match signal {
                    SIGTSTP => Request::Suspend,
                    SIGCONT => Request::Redraw,
                    SIGWINCH => Request::Resize,
                    _ => Request::Exit(128 + signal as u8),
                };
                let _ = tx.send(request);
                if let Request::Exit(code) = request {
                    std::thread::sleep(GRACE);
                    terminal::leave();
                    std::process::exit(i32::from(code));
                }
            }
        });
        Ok(Self {
            requests,
            seen: Cell::new(None),
            handle,
        })
    }

    /// The next request, if a signal came since the last look.
    pub fn next(&self) -> Option<Request> {
        if let Some(request) = self.seen.take() {
            return Some(request);
        }
        self.requests.try_recv().ok()
    }

    /// Whether a signal came: reading a burst of keys stops for it.
    pub fn waiting(&self) -> bool {
        if self.seen.get().is_none() {
            self.seen.set(self.next());
        }
        self.seen.get().is_some()
    }

    pub fn close(self) {
        self.handle.close();
    }
}
