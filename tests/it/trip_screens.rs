//! What people tripped on in the screens (issue 19, items 1-10): each test fails without its
//! fix.

use crate::common::pty::{Session, new_diary};

// Item 5: a mistyped --db in the screen app created the file (and folder) at once.
#[test]
fn the_screen_creates_no_diary_until_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("typo-folder");
    let db = folder.join("diary.db");
    let mut s = Session::at_check_in(&db, &[]);
    s.keys("h");
    s.wait_for("not logged");
    s.quit();
    // The terminal harness makes `home` beside the diary; nothing else may be there.
    let left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["home"], "quitting without a save left files");
    // The first save creates it and says so on the status line.
    let mut s = Session::at_check_in(&db, &[]);
    s.key_then("n", "Started a new diary at");
    s.quit();
    assert!(db.exists());
}

// Item 6: Ctrl-C asked "Discard this cramp? y/n" on a changed form instead of quitting.
#[test]
fn ctrl_c_quits_at_once_from_a_changed_form_and_leaves_the_diary_as_it_was() {
    let (dir, db) = new_diary();
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
    let mut s = Session::at_new_cramp(&db, &[]);
    // Change a field: `q` or `Esc` would now ask first.
    s.keys("\x1b[C");
    s.keys("\x1b");
    s.wait_for("Discard this cramp? y/n");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
    assert_eq!(std::fs::read(&db).unwrap(), before, "the diary changed");
    // From a changed form with no question on screen, too.
    let mut s = Session::at_new_cramp(&db, &[]);
    s.keys("\x1b[C");
    s.keys("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the diary changed");
}

mod in_process {
    use crate::common::tui::{open_app, open_app_in, press, status};
    use cramp_diary::clock::{Clock, parse_now};
    use cramp_diary::store::Store;
    use cramp_diary::tui::action::Action;
    use cramp_diary::tui::app::{App, Screen};
    use cramp_diary::tui::theme::Theme;

    pub fn app(now: &str) -> App {
        app_on(Store::open_in_memory().unwrap(), now)
    }

    pub fn app_on(store: Store, now: &str) -> App {
        open_app(store, Clock::fixed(parse_now(now).unwrap()))
    }

    /// With the theme a person sees when colour is on.
    pub fn app_with(store: Store, now: &str, theme: Theme) -> App {
        open_app_in(store, Clock::fixed(parse_now(now).unwrap()), theme)
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

    // Item 1: a delete said only "Deleted a cramp on ...": not which one.
    #[test]
    fn a_delete_says_what_was_deleted_and_that_u_undoes_it() {
        let mut app = app("2026-11-23T07:30");
        press(
            &mut app,
            &[Action::HaveCramps, Action::Save, Action::Cancel],
        );
        press(&mut app, &[Action::SwitchView]);
        crate::common::tui::select(&mut app, |r| {
            matches!(r, cramp_diary::tui::screens::history::Row::Episode { .. })
        });
        press(&mut app, &[Action::Delete]);
        let said = status(&app);
        assert!(
            said.starts_with(
                "Deleted the cramp left calf 5/10 1m woke on the night of Sun 22 Nov 2026"
            ) && said.ends_with("u undoes it."),
            "{said}"
        );
        press(&mut app, &[Action::Undo]);
        assert!(status(&app).starts_with("Restored"), "{}", status(&app));
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
            .find(|l| l.starts_with("│") && l.contains("Mon 23 Nov 2026"))
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

// Item 1: the selected row was black on white (colour 15), which is the background itself on
// white, GNOME-light, Tango-light and Solarized-light terminals.
mod light_palettes {
    use super::in_process::app_with;
    use crate::common::tui::press;
    use cramp_diary::store::Store;
    use cramp_diary::tui::action::Action;
    use cramp_diary::tui::app::App;
    use cramp_diary::tui::theme::Theme;
    use ratatui::buffer::Buffer;
    use ratatui::style::{Color, Modifier};
    use ratatui::{Terminal, backend::TestBackend};

    /// A light palette: its default foreground and background, and ANSI colours 0-15.
    struct Light {
        name: &'static str,
        fg: u32,
        bg: u32,
        ansi: [u32; 16],
    }

    const LIGHT: [Light; 4] = [
        Light {
            name: "xterm white",
            fg: 0x000000,
            bg: 0xffffff,
            ansi: [
                0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
            ],
        },
        Light {
            name: "GNOME light",
            fg: 0x171421,
            bg: 0xffffff,
            ansi: [
                0x171421, 0xc01c28, 0x26a269, 0xa2734c, 0x12488b, 0xa347ba, 0x2aa1b3, 0xd0cfcc,
                0x5e5c64, 0xf66151, 0x33d17a, 0xe9ad0c, 0x2a7bde, 0xc061cb, 0x33c7de, 0xffffff,
            ],
        },
        Light {
            name: "Tango light",
            fg: 0x2e3436,
            bg: 0xeeeeec,
            ansi: [
                0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf,
                0x555753, 0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
            ],
        },
        Light {
            name: "Solarized light",
            fg: 0x657b83,
            bg: 0xfdf6e3,
            ansi: [
                0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682, 0x2aa198, 0xeee8d5,
                0x002b36, 0xcb4b16, 0x586e75, 0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3,
            ],
        },
    ];

    fn luminance(rgb: u32) -> f64 {
        let channel = |shift: u32| {
            let c = f64::from((rgb >> shift) & 0xff) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    fn contrast(a: u32, b: u32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn rgb(c: Color, default: u32, p: &Light) -> u32 {
        let ansi = [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ];
        match c {
            Color::Reset => default,
            Color::Indexed(i) if i < 16 => p.ansi[usize::from(i)],
            Color::Rgb(r, g, b) => u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b),
            other => ansi
                .iter()
                .position(|a| *a == other)
                .map_or(default, |i| p.ansi[i]),
        }
    }

    /// The band a cell paints on a palette (reverse video paints its foreground).
    fn band(buffer: &Buffer, x: u16, y: u16, p: &Light) -> u32 {
        let cell = &buffer[(x, y)];
        if cell.modifier.contains(Modifier::REVERSED) {
            rgb(cell.fg, p.fg, p)
        } else {
            rgb(cell.bg, p.bg, p)
        }
    }

    fn buffer(app: &App, width: u16, height: u16) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        terminal.backend().buffer().clone()
    }

    /// The row holding the marker `›` inside the frame, and the cells of it that are
    /// highlighted (anything but the plain background on every palette).
    fn assert_selection_visible(buffer: &Buffer, what: &str) {
        let area = buffer.area;
        let marked: Vec<u16> = (0..area.height)
            .filter(|&y| (0..area.width).any(|x| buffer[(x, y)].symbol() == "›"))
            .collect();
        assert_eq!(marked.len(), 1, "{what}: one row carries the marker ›");
        let y = marked[0];
        let x0 = (0..area.width)
            .find(|&x| buffer[(x, y)].symbol() == "›")
            .unwrap();
        let highlighted: Vec<u16> = (x0..area.width)
            .filter(|&x| {
                let c = &buffer[(x, y)];
                c.modifier.contains(Modifier::REVERSED) || c.bg != Color::Reset
            })
            .collect();
        assert!(
            !highlighted.is_empty(),
            "{what}: the selection has no highlight"
        );
        for p in &LIGHT {
            for &x in &highlighted {
                let band = band(buffer, x, y, p);
                let seen = contrast(band, p.bg);
                assert!(
                    seen >= 3.0,
                    "{what} on {}: the highlight at column {x} is {seen:.1}:1 against the background",
                    p.name
                );
                assert!(
                    buffer[(x, y)].modifier.contains(Modifier::BOLD),
                    "{what}: the highlight is not bold at column {x}"
                );
            }
        }
    }

    #[test]
    fn every_selection_shows_on_light_palettes_by_marker_and_modifier() {
        let mut store = Store::open_in_memory().unwrap();
        let stamp = crate::common::stamp("2026-11-23T07:00:00");
        let night = crate::common::dates::day;
        let entry = cramp_diary::store::NightEntry {
            change: Some(cramp_diary::store::NightChange::CrampFree),
            ..Default::default()
        };
        store
            .log_night(night("2026-11-21"), &entry, &stamp)
            .unwrap();
        let mut history = app_with(store, "2026-11-23T07:30", Theme::colour());
        press(
            &mut history,
            &[Action::OpenHistory, Action::Down, Action::Down],
        );
        for (w, h) in [(40, 12), (80, 24)] {
            assert_selection_visible(&buffer(&history, w, h), &format!("history {w}x{h}"));
        }
        let colour = || {
            app_with(
                Store::open_in_memory().unwrap(),
                "2026-11-23T07:30",
                Theme::colour(),
            )
        };
        let mut form = colour();
        press(&mut form, &[Action::HaveCramps, Action::NextField]);
        for (w, h) in [(40, 12), (80, 24)] {
            assert_selection_visible(&buffer(&form, w, h), &format!("cramp form {w}x{h}"));
        }
        let mut session = colour();
        press(&mut session, &[Action::NewSession]);
        assert_selection_visible(&buffer(&session, 80, 24), "session form");
    }
}

// Items 2 and 3: the red flag vanished at 60x20 and 40x12; lines fell off the bottom, the
// side panel ran off, the bars lost their dates and the strip dropped nights.
mod every_size {
    use super::in_process::app_with;
    use crate::common::tui::press;
    use cramp_diary::store::Store;
    use cramp_diary::tui::action::Action;
    use cramp_diary::tui::app::App;
    use cramp_diary::tui::theme::Theme;
    use ratatui::{Terminal, backend::TestBackend};

    const FLAG: &str = "⚠ 12-min cramp, Sat 21 Nov: see a GP";

    /// The demo diary (ten weeks, a finished routine and a follow-up) with a 12-minute cramp
    /// on the night of 21 Nov, and a diary `path` to open.
    fn demo_with_red_flag(dir: &std::path::Path) -> std::path::PathBuf {
        let db = dir.join("demo.db");
        let run = |args: &[&str]| {
            let out = crate::common::launch::command(dir)
                .arg("--db")
                .arg(&db)
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        };
        run(&["demo"]);
        run(&[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "8",
            "--duration",
            "12m",
            "--night",
            "2026-11-21",
        ]);
        db
    }

    fn open(db: &std::path::Path) -> App {
        app_with(
            Store::open(db).unwrap(),
            "2026-11-23T07:30",
            Theme::colour(),
        )
    }

    fn rows(app: &App, width: u16, height: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
            .collect()
    }

    /// Everything the dashboard shows from top to bottom, scrolling with j until the frame
    /// no longer says `↓n more`; the text of one column (`column`: which `│`-separated part of
    /// each row), its rows joined with spaces.
    fn scrolled_text(app: &mut App, width: u16, height: u16, column: usize) -> String {
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..80 {
            let screen = rows(app, width, height);
            for row in &screen {
                let part = row.split('│').nth(column).unwrap_or("").trim().to_string();
                if !part.is_empty() && !seen.ends_with(std::slice::from_ref(&part)) {
                    seen.push(part);
                }
            }
            if !screen
                .iter()
                .any(|r| r.contains('↓') && r.contains(" more"))
            {
                break;
            }
            press(app, &[Action::Down]);
        }
        let joined = seen.join(" ");
        joined.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_newest_red_flag_is_on_the_first_screen_at_every_size() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_with_red_flag(dir.path());
        let app = open(&db);
        let mut sizes = vec![(40, 12), (60, 20), (80, 24), (120, 40)];
        for w in (40..=200).step_by(16) {
            for h in (12..=60).step_by(6) {
                sizes.push((w, h));
            }
        }
        for (w, h) in sizes {
            let screen = rows(&app, w, h).join("\n");
            assert!(screen.contains(FLAG), "no red flag at {w}x{h}:\n{screen}");
        }
    }

    #[test]
    fn the_check_in_the_morning_after_a_red_flag_night_says_it() {
        let (_dir, db) = crate::common::new_diary();
        crate::common::launch::ok_on(
            &db,
            &crate::common::words(
                "cramp --leg left --intensity 8 --duration 12m --night 2026-11-21",
            ),
        );
        // Last night (22 Nov) is not logged: the check-in opens.
        let app = open(&db);
        assert_eq!(app.view.screen, cramp_diary::tui::app::Screen::CheckIn);
        for (w, h) in [(40, 12), (60, 20), (80, 24), (120, 40)] {
            let screen = rows(&app, w, h).join("\n");
            assert!(screen.contains(FLAG), "no red flag at {w}x{h}:\n{screen}");
        }
    }

    #[test]
    fn nothing_is_dropped_silently_at_any_size() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_with_red_flag(dir.path());
        let report = crate::common::launch::command(dir.path())
            .arg("--db")
            .arg(&db)
            .arg("report")
            .output()
            .unwrap();
        let report = String::from_utf8(report.stdout).unwrap();
        // The sentences under the charts, as the report has them.
        let see_professional = report
            .lines()
            .find(|l| l.starts_with("You kept to the routine"))
            .unwrap()
            .to_string();
        let long_flag = "A cramp lasted 12 min on the night of Sat 21 Nov 2026: cramps over 10 minutes are a reason to see a GP or physiotherapist.";
        for (w, h, column) in [(60, 20, 1), (80, 24, 1), (120, 40, 2)] {
            let mut app = open(&db);
            let text = scrolled_text(&mut app, w, h, column);
            for sentence in [long_flag, see_professional.as_str(), "half the time."] {
                assert!(
                    text.contains(sentence),
                    "at {w}x{h} this never shows: {sentence}\n{text}"
                );
            }
        }
        // The compact dashboard scrolls too, to its last line.
        let mut app = open(&db);
        let text = scrolled_text(&mut app, 40, 12, 1);
        assert!(text.contains("cramp-free nights 27% → 59%"), "{text}");
        // Bars keep their dates; the strip shows all 70 nights of its window.
        for (w, h) in [(80, 24), (120, 40)] {
            let app = open(&db);
            let screen = rows(&app, w, h).join("\n");
            assert!(
                screen.contains("14 Sep") || screen.contains("14/9"),
                "no dates under the bars at {w}x{h}:\n{screen}"
            );
            let marks: usize = screen
                .lines()
                .skip_while(|l| !l.contains("Nights "))
                .take_while(|l| !l.contains("● cramps"))
                .map(|l| {
                    let left = l.split('│').nth(1).unwrap_or("");
                    left.chars().filter(|c| "●○×·".contains(*c)).count()
                })
                .sum();
            // 14 Sep to 22 Nov, every night (two before the diary began are blank).
            assert!(
                marks >= 68,
                "{marks} nights in the strip at {w}x{h}:\n{screen}"
            );
        }
    }

    // A line that cannot fit ends with … at a word; a headline wraps instead of being cut.
    #[test]
    fn no_line_is_cut_mid_word() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_with_red_flag(dir.path());
        let app = open(&db);
        let screen = rows(&app, 60, 20).join("\n");
        assert!(
            screen.contains("(96% CI") && screen.contains("-80% to +6%)"),
            "{screen}"
        );
        assert!(!screen.contains("CI -80│"), "{screen}");
    }
}

// Items 2 and 3 in a real terminal: the red flag on the first screen at each size, and `j`
// scrolls to what is below.
#[test]
fn in_a_terminal_the_red_flag_shows_at_each_size_and_j_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    for args in [
        &["demo"][..],
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "8",
            "--duration",
            "12m",
            "--night",
            "2026-11-21",
        ],
    ] {
        let out = crate::common::launch::command(dir.path())
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    for (w, h) in [(40, 12), (60, 20), (80, 24), (120, 40)] {
        let mut s = Session::start_sized(&db, &[], w, h);
        s.wait_for("⚠ 12-min cramp, Sat 21 Nov: see a GP");
        if w < 120 {
            s.wait_for("more (j/k)");
            s.keys("j");
            s.wait_for("↑1");
        }
        s.quit();
    }
}
