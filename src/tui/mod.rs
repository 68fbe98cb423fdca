//! The terminal app: set up the terminal, run the loop, and always give the terminal back.

pub mod action;
pub mod app;
pub(crate) mod form;
pub(crate) mod keymap;
pub mod screens;
mod signals;
mod terminal;
pub mod theme;
pub(crate) mod view;
pub(crate) mod widgets;

use crate::clock::{self, Clock};
use crate::config::Config;
use crate::store::Store;
use action::Action;
use app::App;
use color_eyre::eyre::{Result, eyre};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;
use signals::{Request, Signals};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use terminal::Input;

/// How long quitting waits for the sync that carries the last save.
const SYNC_ON_QUIT: Duration = Duration::from_secs(5);

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
    // Open the diary before taking over the terminal, so a refusal prints plainly. A diary
    // that does not exist yet is not created until the first save (a mistyped --db leaves
    // nothing behind): until then the screens read an empty stand-in.
    let existed = db.symlink_metadata().is_ok();
    let store = if existed {
        Store::open(db)?
    } else {
        Store::open_in_memory()?
    };
    let theme = if settings.color {
        theme::Theme::from_env()
    } else {
        theme::Theme::plain()
    };
    let mut app = App::with_settings(store, clock, theme, settings.clone())?;
    if !existed {
        app.create_on_first_save(db.to_path_buf());
    }
    let signals = Signals::listen()?;
    let mut terminal = terminal::init()?;
    let result = event_loop(&mut terminal, &mut app, &signals);
    terminal::leave();
    // `leave` has shown the cursor; ratatui's own drop would try again and, on a terminal
    // that has gone, print to a standard error that is gone too (a panic in a drop).
    std::mem::forget(terminal);
    // A change saved just before quitting goes out now, unless the sync folder is slow.
    if matches!(result, Ok(Ending::Quit))
        && let Err(why_not) = app.finish_sync(SYNC_ON_QUIT)
    {
        eprintln!(
            "cramp: saved; not synced now: {why_not}, and your changes go out at the next sync"
        );
    }
    // Whatever ended the app, what it saved is folded into the one diary file.
    app.checkpoint();
    signals.close();
    match result {
        Ok(Ending::Quit) => Ok(ExitCode::SUCCESS),
        Ok(Ending::Signal(code)) => Ok(ExitCode::from(code)),
        Err(e) => Err(e),
    }
}

/// How the event loop ended, when it did not fail.
enum Ending {
    Quit,
    /// An ending signal: exit with 128 + its number.
    Signal(u8),
}

/// How long to wait for more of a burst before drawing: input already waiting is all read
/// first, so thousands of keys cost one draw, not thousands.
const DRAIN: Duration = Duration::from_millis(1);

/// Where the time comes from and when it was last read: the screen follows the clock.
struct ClockFollow {
    source: clock::Source,
    last_read: Instant,
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, signals: &Signals) -> Result<Ending> {
    let mut dirty = true;
    let mut clock = ClockFollow {
        source: clock::Source::from_env(),
        last_read: Instant::now(),
    };
    // Start listening for input and resizes before the first frame: a terminal resized right
    // after it appears (a phone rotating) is then always redrawn at its new size.
    event::poll(Duration::ZERO).map_err(gone)?;
    let mut first_frame = true;
    while app.is_running() {
        while let Some(request) = signals.next() {
            match request {
                Request::Exit(code) => return Ok(Ending::Signal(code)),
                Request::Suspend => {
                    suspend(terminal)?;
                    dirty = true;
                }
                Request::Redraw => {
                    redraw_all(terminal)?;
                    dirty = true;
                }
                // The draw reads the new size; ratatui clears and repaints on a change.
                Request::Resize => dirty = true,
            }
        }
        if dirty {
            let size = terminal.size()?;
            app.set_size(size.width, size.height);
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
            if std::mem::take(&mut first_frame) {
                #[cfg(debug_assertions)]
                test_triggers::hold_after_first_frame();
                // With sync.dir set: a sync at start, after the first frame, on its own thread.
                app.start_sync(app::SyncWhy::Start);
            }
        }
        dirty |= app.poll_sync()?;
        if !event::poll(TICK).map_err(gone)? {
            // A hung-up terminal reads as endless end-of-file: end instead of spinning.
            if terminal::wait_for_input(Duration::ZERO)? == Input::Gone {
                return Err(eyre!(
                    "the terminal went away (it hung up); everything saved is in the diary"
                ));
            }
            if clock.last_read.elapsed() >= CLOCK_EVERY {
                clock.last_read = Instant::now();
                let shown = app.clock.now().format("%H:%M").to_string();
                app.follow_clock(clock.source.read(app.clock))?;
                dirty |= shown != app.clock.now().format("%H:%M").to_string();
            }
            continue;
        }
        loop {
            handle(terminal, app, &mut clock, event::read().map_err(gone)?)?;
            if !app.is_running() || signals.waiting() || !event::poll(DRAIN).map_err(gone)? {
                break;
            }
        }
        dirty = true;
    }
    Ok(Ending::Quit)
}

fn handle(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    clock: &mut ClockFollow,
    event: Event,
) -> Result<()> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            #[cfg(debug_assertions)]
            test_triggers::panic_or_fail_if_asked(&key)?;
            // A key after a night away acts on today's screen, never on yesterday's: when
            // the new time changes the screen, the key only wakes it.
            clock.last_read = Instant::now();
            if app.follow_clock(clock.source.read(app.clock))? {
                return Ok(());
            }
            match app.action_for_key(&key) {
                Some(Action::Suspend) => suspend(terminal)?,
                Some(action) => app.update(action)?,
                None => app.unbound_key(),
            }
        }
        Event::Paste(text) => app.paste(&text),
        _ => {}
    }
    Ok(())
}

/// Ctrl-Z: give the terminal back, stop until `fg` (SIGCONT), then take it again and redraw.
fn suspend(terminal: &mut DefaultTerminal) -> Result<()> {
    terminal::leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    terminal::enter()?;
    redraw_all(terminal)
}

/// Blanks the screen and makes the next draw paint every cell (the screen was someone
/// else's meanwhile). `Terminal::clear` would ask the terminal where its cursor is; a
/// terminal that does not answer would stall it.
fn redraw_all(terminal: &mut DefaultTerminal) -> Result<()> {
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // Both buffers blank: the next draw differs from "blank" everywhere it shows something.
    terminal.swap_buffers();
    Ok(())
}

/// The terminal failed under us (hung up, EIO): one sentence, not an OS error code.
fn gone(e: std::io::Error) -> color_eyre::eyre::Report {
    eyre!("the terminal went away ({e}); everything saved is in the diary")
}

/// Debug builds only (the test suite's): keys that make the app panic or fail on purpose, so
/// tests can check the terminal is given back. Release builds do not contain this module.
#[cfg(debug_assertions)]
mod test_triggers {
    use color_eyre::eyre::{Result, eyre};
    use crossterm::event::{KeyCode, KeyEvent};
    use std::time::{Duration, Instant};

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

    /// With `CRAMP_TEST_HOLD_FIRST_FRAME=PATH` set, the app stays busy after its first frame
    /// until PATH exists (a minute at most), so a test can resize the terminal at the moment
    /// a loaded machine may stall the app there.
    pub fn hold_after_first_frame() {
        let Some(path) = std::env::var_os("CRAMP_TEST_HOLD_FIRST_FRAME") else {
            return;
        };
        let start = Instant::now();
        while !std::path::Path::new(&path).exists() && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
