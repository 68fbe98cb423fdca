//! What people tripped on in the screens (issue 19, items 1-10): each test fails without its
//! fix.

use crate::common::pty::Session;

// Item 5: a mistyped --db in the screen app created the file (and folder) at once.
#[test]
fn the_screen_creates_no_diary_until_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("typo-folder");
    let db = folder.join("diary.db");
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.keys("h");
    s.wait_for("not logged");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    // The terminal harness makes `home` beside the diary; nothing else may be there.
    let left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["home"], "quitting without a save left files");
    // The first save creates it and says so on the status line.
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.key_then("n", "Started a new diary at");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(db.exists());
}

// Item 6: Ctrl-C asked "Discard this cramp? y/n" on a changed form instead of quitting.
#[test]
fn ctrl_c_quits_at_once_from_a_changed_form_and_leaves_the_diary_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    crate::common::launch::command(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "night",
            "--none",
            "--night",
            "2026-11-21",
        ])
        .output()
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.key_then("y", "New cramp");
    // Change a field: `q` or `Esc` would now ask first.
    s.keys("\x1b[C");
    s.keys("\x1b");
    s.wait_for("Discard this cramp? y/n");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
    assert_eq!(std::fs::read(&db).unwrap(), before, "the diary changed");
    // From a changed form with no question on screen, too.
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.key_then("y", "New cramp");
    s.keys("\x1b[C");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the diary changed");
}

mod in_process {
    use crate::common::tui::{press, status};
    use cramp_diary::clock::{Clock, parse_now};
    use cramp_diary::store::Store;
    use cramp_diary::tui::action::Action;
    use cramp_diary::tui::app::{App, Screen};
    use cramp_diary::tui::theme::Theme;

    pub fn app(now: &str) -> App {
        app_on(Store::open_in_memory().unwrap(), now)
    }

    pub fn app_on(store: Store, now: &str) -> App {
        App::new(store, Clock::fixed(parse_now(now).unwrap()), Theme::plain()).unwrap()
    }

    /// The whole screen as text, one line per row.
    pub fn draw(app: &App, width: u16, height: u16) -> String {
        use ratatui::{Terminal, backend::TestBackend};
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    // Item 9: a morning session stood under "tonight"; one night made "medians of 1 nights".
    #[test]
    fn a_morning_session_is_under_its_own_day_and_one_night_is_one() {
        let mut app = app("2026-11-23T07:30");
        press(
            &mut app,
            &[
                Action::NewSession,
                Action::Save,
                Action::HaveCramps,
                Action::Save,
            ],
        );
        press(&mut app, &[Action::Cancel]);
        press(&mut app, &[Action::SwitchView]);
        assert_eq!(app.view.screen, Screen::History);
        let screen = draw(&app, 100, 24);
        let today = screen
            .lines()
            .find(|l| l.starts_with("│Mon 23 Nov 2026"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(today.contains("today"), "{screen}");
        assert!(!screen.contains("tonight"), "{screen}");
        assert!(screen.contains("· 1 session "), "{screen}");
        press(&mut app, &[Action::SwitchView]);
        let screen = draw(&app, 100, 30);
        assert!(screen.contains("(medians of 1 night)"), "{screen}");
    }

    // Item 7: a session saved from the check-in went to the history, leaving last night
    // unlogged out of sight.
    #[test]
    fn a_session_from_the_checkin_returns_there_while_last_night_is_unlogged() {
        let mut app = app("2026-11-23T07:30");
        assert_eq!(app.view.screen, Screen::CheckIn);
        press(&mut app, &[Action::NewSession, Action::Save]);
        assert!(status(&app).starts_with("Saved"), "{}", status(&app));
        assert_eq!(app.view.screen, Screen::CheckIn);
        // Closed without saving: back there too.
        press(&mut app, &[Action::NewSession, Action::Cancel]);
        assert_eq!(app.view.screen, Screen::CheckIn);
        // Once last night is logged, a session goes to the history as before.
        press(&mut app, &[Action::NoCramps, Action::Cancel]);
        press(&mut app, &[Action::SwitchView]);
        // (The same session minutes ago asks once: Enter again saves it.)
        press(&mut app, &[Action::NewSession, Action::Save, Action::Save]);
        assert_eq!(app.view.screen, Screen::History);
    }
}
