//! Taking the terminal over and giving it back: raw mode, the alternate screen and bracketed
//! paste go on together and come off together, on every path (quit, error, panic, signal,
//! Ctrl-Z).

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;
use rustix::event::{PollFd, PollFlags, Timespec};
use std::io::{self, stdout};
use std::time::Duration;

/// Raw mode, the alternate screen and bracketed paste (a paste arrives as one event).
pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)
}

/// Undoes [`enter`], showing the cursor. Never fails: it runs on the way out of trouble.
pub fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
}

/// Enters the terminal and installs a panic hook (after color-eyre's) that gives it back.
pub fn init() -> io::Result<DefaultTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        hook(info);
    }));
    enter()?;
    ratatui::Terminal::new(CrosstermBackend::new(stdout()))
}

/// What waiting on the keyboard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Bytes are waiting to be read.
    Ready,
    /// Nothing within the timeout.
    Quiet,
    /// The terminal hung up or failed: reading it would only ever return nothing.
    Gone,
}

/// Waits up to `timeout` for the keyboard (standard input, the terminal crossterm reads).
pub fn wait_for_input(timeout: Duration) -> io::Result<Input> {
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: timeout.as_secs() as i64,
        tv_nsec: i64::from(timeout.subsec_nanos()),
    };
    match rustix::event::poll(&mut fds, Some(&timeout)) {
        Ok(0) => Ok(Input::Quiet),
        Ok(_) => {
            let got = fds[0].revents();
            if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Ok(Input::Gone)
            } else {
                Ok(Input::Ready)
            }
        }
        Err(rustix::io::Errno::INTR) => Ok(Input::Quiet),
        Err(e) => Err(e.into()),
    }
}
