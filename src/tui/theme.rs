//! Colours and emphasis. With `NO_COLOR` set, meaning is carried by bold, dim and reverse alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub text: Style,
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
}

impl Theme {
    /// Honours `NO_COLOR` (any non-empty value).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::plain(),
            _ => Self::colour(),
        }
    }

    pub fn colour() -> Self {
        let base = Style::default();
        Self {
            title: base.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            text: base,
            muted: base.fg(Color::DarkGray),
            focus: base.fg(Color::Black).bg(Color::Cyan),
            key: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ok: base.fg(Color::Green),
            warn: base.fg(Color::Yellow),
            error: base.fg(Color::Red).add_modifier(Modifier::BOLD),
            cramps: base.fg(Color::Red),
            cramp_free: base.fg(Color::Green),
            excluded: base.fg(Color::Blue),
            not_logged: base.fg(Color::DarkGray),
            selected: base.add_modifier(Modifier::REVERSED),
        }
    }

    pub fn plain() -> Self {
        let base = Style::default();
        Self {
            title: base.add_modifier(Modifier::BOLD),
            text: base,
            muted: base.add_modifier(Modifier::DIM),
            focus: base.add_modifier(Modifier::REVERSED),
            key: base.add_modifier(Modifier::BOLD),
            ok: base,
            warn: base.add_modifier(Modifier::BOLD),
            error: base.add_modifier(Modifier::BOLD),
            cramps: base.add_modifier(Modifier::BOLD),
            cramp_free: base,
            excluded: base.add_modifier(Modifier::ITALIC),
            not_logged: base.add_modifier(Modifier::DIM),
            selected: base.add_modifier(Modifier::REVERSED),
        }
    }
}
