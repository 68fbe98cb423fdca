//! The terminal app: set up the terminal, run the loop, and always give the terminal back.

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::clock::Clock;
use crate::store::Store;
use app::App;
use color_eyre::eyre::{Result, eyre};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long to wait for a key before checking for a signal.
const TICK: Duration = Duration::from_millis(100);

pub fn run(db: &Path, clock: Clock) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(eyre!(
            "the diary screen needs a terminal; for scripts use the commands in `cramp --help`"
        ));
    }
    // Open the diary before taking over the terminal, so a refusal prints plainly.
    let store = Store::open(db)?;
    let mut app = App::new(store, clock, theme::Theme::from_env())?;
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    // ratatui::init installs a panic hook (after color-eyre's) that restores the terminal.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, &signal);
    ratatui::restore();
    let received = signal.load(Ordering::Relaxed);
    match result {
        Ok(()) if received != 0 => Ok(ExitCode::from(128 + received as u8)),
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
    }
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, signal: &AtomicUsize) -> Result<()> {
    let mut dirty = true;
    while app.is_running() && signal.load(Ordering::Relaxed) == 0 {
        if dirty {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
        }
        if !event::poll(TICK)? {
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                panic_if_a_test_asks(&key);
                if let Some(action) = keymap::action_for(app.context(), &key) {
                    app.update(action)?;
                }
                dirty = true;
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
    Ok(())
}

/// Debug builds only: with `CRAMP_TEST_PANIC` set, `!` panics, so a test can check that the
/// panic hook gives the terminal back. Release builds compile this to nothing.
fn panic_if_a_test_asks(key: &crossterm::event::KeyEvent) {
    if cfg!(debug_assertions)
        && key.code == crossterm::event::KeyCode::Char('!')
        && std::env::var_os("CRAMP_TEST_PANIC").is_some()
    {
        panic!("panic requested by CRAMP_TEST_PANIC");
    }
}
