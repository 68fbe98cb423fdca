//! Colours and emphasis, chosen to stay readable on any palette.
//!
//! The 16 ANSI colours are the user's: Solarized, GNOME, Tango and xterm give them very
//! different RGB values, and no single ANSI foreground reaches 4.5:1 against both the dark and
//! the light backgrounds of those palettes (the README's "Contrast" table has the figures).
//! So text, secondary text, series, warnings and bar labels are drawn in the terminal's own
//! foreground, told apart by bold, reverse video and glyphs; colour appears only as a pair set
//! together (foreground and background), from the pairs that reach 4.5:1 on every palette
//! checked. Nothing uses colour 8 ("bright black") or the grey ramp 232-243: on Solarized Dark
//! colour 8 is the background itself. With `NO_COLOR` set, no colour is used at all.
//!
//! A highlight (the selected row, the focused field, the values on the bars) is reverse video
//! and bold, beside a marker glyph (`›`): its band is the terminal's own foreground, so it
//! stands out from the background by the palette's own text contrast on every palette. The
//! former black-on-white selection was the background itself on white terminals, GNOME-light,
//! Tango-light and Solarized-light, so nobody could see which row `e` edits.

use ratatui::style::{Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub text: Style,
    /// Secondary text: dates, hints, legends.
    pub muted: Style,
    pub focus: Style,
    pub key: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub cramps: Style,
    pub cramp_free: Style,
    pub excluded: Style,
    pub not_logged: Style,
    pub selected: Style,
    /// The weekly chart's series and the values printed on its bars.
    pub baseline: Style,
    pub routine: Style,
    pub bar_label: Style,
}

impl Theme {
    /// Honours `NO_COLOR` (any non-empty value).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::plain(),
            _ => Self::colour(),
        }
    }

    /// The colour theme. No role needs a colour today: the colour pairs that once marked a
    /// highlight (black on white, black on bright cyan) reached 4.5:1 as text, but as a band
    /// they were the background itself, or nearly, on light palettes (see the README's
    /// "Contrast"); so colour and `NO_COLOR` draw alike, and a colour added here must pass
    /// the tests below against both the text and the terminal's background.
    pub fn colour() -> Self {
        Self::plain()
    }

    pub fn plain() -> Self {
        let base = Style::default();
        let bold = base.add_modifier(Modifier::BOLD);
        let reversed = base.add_modifier(Modifier::REVERSED);
        // A highlight: the terminal's own colours swapped, and bold.
        let highlight = reversed.add_modifier(Modifier::BOLD);
        Self {
            title: bold,
            text: base,
            muted: base,
            focus: highlight,
            key: bold,
            ok: base,
            warn: bold,
            error: bold.add_modifier(Modifier::REVERSED),
            cramps: bold,
            cramp_free: base,
            excluded: base,
            not_logged: base,
            selected: highlight,
            baseline: base,
            routine: bold,
            bar_label: reversed,
        }
    }

    /// Every role with its name, for the contrast test and the docs.
    pub fn roles(&self) -> [(&'static str, Style); 16] {
        [
            ("title", self.title),
            ("text", self.text),
            ("muted", self.muted),
            ("focus", self.focus),
            ("key", self.key),
            ("ok", self.ok),
            ("warn", self.warn),
            ("error", self.error),
            ("cramps", self.cramps),
            ("cramp_free", self.cramp_free),
            ("excluded", self.excluded),
            ("not_logged", self.not_logged),
            ("selected", self.selected),
            ("baseline", self.baseline),
            ("routine", self.routine),
            ("bar_label", self.bar_label),
        ]
    }
}

#[cfg(test)]
mod tests {
    //! The contrast check behind the README's table: WCAG relative luminance of each
    //! palette's RGB values for the colours a role sets.
    use super::*;
    use ratatui::style::Color;

    /// ANSI colours 0-15 and the default (foreground, background) of each palette checked.
    /// A palette's name, its ANSI colours 0-15, and its default (foreground, background) pairs.
    type Palette = (&'static str, [u32; 16], &'static [(u32, u32)]);

    const PALETTES: &[Palette] = &[
        (
            "xterm",
            [
                0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
            ],
            &[(0x000000, 0xffffff), (0xffffff, 0x000000)],
        ),
        (
            "GNOME",
            [
                0x171421, 0xc01c28, 0x26a269, 0xa2734c, 0x12488b, 0xa347ba, 0x2aa1b3, 0xd0cfcc,
                0x5e5c64, 0xf66151, 0x33d17a, 0xe9ad0c, 0x2a7bde, 0xc061cb, 0x33c7de, 0xffffff,
            ],
            &[(0xd0cfcc, 0x171421), (0x171421, 0xffffff)],
        ),
        (
            "Tango",
            [
                0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf,
                0x555753, 0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
            ],
            &[(0xd3d7cf, 0x2e3436), (0x2e3436, 0xeeeeec)],
        ),
        (
            "Solarized",
            [
                0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682, 0x2aa198, 0xeee8d5,
                0x002b36, 0xcb4b16, 0x586e75, 0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3,
            ],
            &[(0x839496, 0x002b36), (0x657b83, 0xfdf6e3)],
        ),
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

    fn index(c: Color) -> Option<usize> {
        Some(match c {
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Indexed(i) if i < 16 => usize::from(i),
            _ => return None,
        })
    }

    /// The RGB a colour has in a palette, `None` for the terminal's default.
    fn rgb(c: Option<Color>, palette: &[u32; 16]) -> Option<u32> {
        match c? {
            Color::Reset => None,
            Color::Rgb(r, g, b) => Some(u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b)),
            other => Some(palette[index(other).expect("only ANSI 0-15 or RGB colours are used")]),
        }
    }

    fn is_grey(c: Option<Color>) -> bool {
        matches!(c, Some(Color::DarkGray | Color::Indexed(8 | 232..=243)))
    }

    /// The lowest contrast of a role over every palette and its dark and light defaults.
    fn worst(style: Style) -> f64 {
        let mut worst = f64::INFINITY;
        for (_, palette, defaults) in PALETTES {
            for &(fg, bg) in *defaults {
                let f = rgb(style.fg, palette).unwrap_or(fg);
                let b = rgb(style.bg, palette).unwrap_or(bg);
                if style.fg.is_some() || style.bg.is_some() {
                    worst = worst.min(contrast(f, b));
                }
            }
        }
        worst
    }

    #[test]
    fn no_role_uses_colour_8_or_the_grey_ramp() {
        for theme in [Theme::colour(), Theme::plain()] {
            for (name, style) in theme.roles() {
                assert!(
                    !is_grey(style.fg) && !is_grey(style.bg),
                    "{name} uses a dark grey: {style:?}"
                );
                assert!(
                    !style.add_modifier.contains(Modifier::DIM),
                    "{name} is dim, faint on many palettes"
                );
            }
        }
    }

    #[test]
    fn every_coloured_role_reaches_4_5_to_1_on_every_palette() {
        for (name, style) in Theme::colour().roles() {
            let worst = worst(style);
            assert!(worst >= 4.5, "{name} falls to {worst:.2}:1 on some palette");
        }
    }

    #[test]
    fn a_foreground_alone_is_never_set() {
        // A foreground without its background depends on the user's background: on
        // Solarized Light or xterm's white, yellow and cyan all but vanish.
        for (name, style) in Theme::colour().roles() {
            assert_eq!(
                style.fg.is_some(),
                style.bg.is_some(),
                "{name} sets one of foreground and background: {style:?}"
            );
        }
    }

    /// The band a highlight paints behind its text, against the terminal's background, on
    /// one palette's default colours: reverse video paints the foreground.
    fn band_contrast(style: Style, palette: &[u32; 16], (fg, bg): (u32, u32)) -> f64 {
        let f = rgb(style.fg, palette).unwrap_or(fg);
        let b = rgb(style.bg, palette).unwrap_or(bg);
        let band = if style.add_modifier.contains(Modifier::REVERSED) {
            f
        } else {
            b
        };
        contrast(band, bg)
    }

    /// The highlights: a person must see where they are on every palette, light or dark.
    fn highlights(theme: &Theme) -> [(&'static str, Style); 3] {
        [
            ("selected", theme.selected),
            ("focus", theme.focus),
            ("bar_label", theme.bar_label),
        ]
    }

    #[test]
    fn every_highlight_stands_out_from_the_terminal_background_on_every_palette() {
        for theme in [Theme::colour(), Theme::plain()] {
            for (name, style) in highlights(&theme) {
                for (palette_name, palette, defaults) in PALETTES {
                    for &default in *defaults {
                        let band = band_contrast(style, palette, default);
                        // Solarized Light's own text reaches 4.1:1; nothing may be fainter.
                        assert!(
                            band >= 4.0,
                            "{name} on {palette_name} {default:06x?}: its band is {band:.1}:1 against the background"
                        );
                    }
                }
            }
            for (name, style) in [("selected", theme.selected), ("focus", theme.focus)] {
                assert!(
                    style.add_modifier.contains(Modifier::BOLD),
                    "{name} is not bold: a highlight is told by more than its band"
                );
            }
        }
    }

    #[test]
    fn the_band_check_flags_the_old_black_on_white_selection() {
        let old = Style::default().fg(Color::Black).bg(Color::White);
        let (_, xterm, defaults) = PALETTES[0];
        // xterm's light default: the white band is the white background.
        assert!(band_contrast(old, &xterm, defaults[0]) < 1.1);
    }

    /// The README's contrast rows for the highlights (printed with `cargo test --lib theme --
    /// --nocapture`): the former selection vanished on the four light palettes, this one on none.
    #[test]
    fn the_readme_highlight_figures() {
        let old = Style::default().fg(Color::Black).bg(Color::White);
        let rows = [
            ("highlight band vs background", Theme::colour().selected),
            ("former black on white, band vs background", old),
        ];
        let mut vanished = Vec::new();
        for (name, style) in rows {
            let mut line = format!("| {name} |");
            let mut gone = 0;
            for (_, palette, defaults) in PALETTES {
                for &default in defaults.iter() {
                    let band = band_contrast(style, palette, default);
                    gone += usize::from(band < 1.1);
                    line += &format!(" {band:.1} |");
                }
            }
            println!("{line}");
            vanished.push(gone);
        }
        assert_eq!(vanished, [0, 4]);
    }

    #[test]
    fn the_checker_itself_flags_the_old_grey_and_yellow() {
        let grey = Style::default().fg(Color::DarkGray);
        assert!(is_grey(grey.fg));
        assert!(
            worst(grey) < 1.5,
            "colour 8 on Solarized Dark is the background"
        );
        assert!(worst(Style::default().fg(Color::Yellow)) < 4.5);
        assert!(worst(Style::default().fg(Color::Black).bg(Color::Cyan)) < 4.5);
    }
}
