//! The terminal app: set up the terminal, run the loop, and always give the terminal back.

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use crate::clock::{self, Clock};
use crate::config::Config;
use crate::store::Store;
use app::App;
use color_eyre::eyre::{Result, eyre};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How long to wait for a key before looking again.
const TICK: Duration = Duration::from_millis(100);
/// How often an idle screen re-reads the clock (every key re-reads it too).
const CLOCK_EVERY: Duration = Duration::from_secs(20);

pub fn run(db: &Path, clock: Clock, settings: &Config) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(eyre!(
            "the diary screen needs a terminal; for scripts use the commands in `cramp --help`"
        ));
    }
    // Open the diary before taking over the terminal, so a refusal prints plainly.
    let existed = db.symlink_metadata().is_ok();
    let store = Store::open(db)?;
    let theme = if settings.color {
        theme::Theme::from_env()
    } else {
        theme::Theme::plain()
    };
    let mut app = App::with_settings(store, clock, theme, settings.clone())?;
    if !existed {
        app.mark_new_diary(crate::paths::shown(db));
    }
    let signals = exit_on_signals()?;
    // ratatui::init installs a panic hook (after color-eyre's) that restores the terminal.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    signals.close();
    result.map(|()| ExitCode::SUCCESS)
}

/// SIGTERM, SIGHUP and SIGINT restore the terminal and exit from a thread of their own: the
/// main thread may be blocked in input (a hung-up terminal reads as endless end-of-file inside
/// crossterm). Every save is already a committed transaction, so nothing saved is lost.
fn exit_on_signals() -> Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            ratatui::restore();
            // The cursor is shown by the terminal's drop on the normal path; here, by hand.
            let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    let source = clock::Source::from_env();
    let mut dirty = true;
    let mut last_read = Instant::now();
    while app.is_running() {
        if dirty {
            let size = terminal.size()?;
            app.set_size(size.width, size.height);
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
        }
        if !event::poll(TICK)? {
            if last_read.elapsed() >= CLOCK_EVERY {
                last_read = Instant::now();
                let shown = app.clock.now().format("%H:%M").to_string();
                app.follow_clock(source.read(app.clock))?;
                dirty |= shown != app.clock.now().format("%H:%M").to_string();
            }
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                #[cfg(debug_assertions)]
                test_triggers::panic_or_fail_if_asked(&key)?;
                // A key after a night away acts on today's screen, never on yesterday's: when
                // the new time changes the screen, the key only wakes it.
                last_read = Instant::now();
                let moved = app.follow_clock(source.read(app.clock))?;
                if !moved && let Some(action) = keymap::action_for(app.context(), &key) {
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

/// Debug builds only (the test suite's): keys that make the app panic or fail on purpose, so
/// tests can check the terminal is given back. Release builds do not contain this module.
#[cfg(debug_assertions)]
mod test_triggers {
    use color_eyre::eyre::{Result, eyre};
    use crossterm::event::{KeyCode, KeyEvent};

    /// `!` panics with `CRAMP_TEST_PANIC` set; `~` fails with `CRAMP_TEST_ERROR` set.
    pub fn panic_or_fail_if_asked(key: &KeyEvent) -> Result<()> {
        if key.code == KeyCode::Char('!') && std::env::var_os("CRAMP_TEST_PANIC").is_some() {
            panic!("panic requested by CRAMP_TEST_PANIC");
        }
        if key.code == KeyCode::Char('~') && std::env::var_os("CRAMP_TEST_ERROR").is_some() {
            return Err(eyre!("error requested by CRAMP_TEST_ERROR"));
        }
        Ok(())
    }
}
