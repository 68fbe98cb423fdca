//! The session form as a form model: reading its fields into a session, every field's error
//! at once, and the gun's fields shown or hidden as the technique changes.

use super::SessionField::{
    After, Before, Bruising, Head, Legs, Minutes, Note, Numbness, Pain, Seconds, Speed, Spots,
    Technique as TechniqueField, Tingling, When,
};
use super::{NONE, SessionField, SessionForm};
use crate::domain::dates::parse_when;
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use crate::domain::{Leg, Score, parse_note};
use crate::tui::form::{Check, Editing, FieldKey, FormModel, form_parts};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

impl SessionForm {
    /// The technique and legs as typed, for rebuilding the fields (values are carried over).
    pub(super) fn loose_session(&self) -> MassageSession {
        MassageSession::bare(self.now, self.technique())
    }
}

form_parts!(SessionForm, SessionField, "this session");

impl FormModel for SessionForm {
    type Value = MassageSession;

    fn read(&self, c: &mut Check<SessionField>) -> Option<MassageSession> {
        let f = &self.form;
        let choice = |key: SessionField| {
            let text = f.text(key);
            (!text.is_empty() && text != NONE).then_some(text)
        };
        let score = |key: SessionField| {
            f.number(key)
                .map(|v| Score::new(key.label(), i64::from(v)))
                .transpose()
        };
        let technique = c.field(TechniqueField, Technique::parse(&f.text(TechniqueField)));
        let legs = c.field(Legs, Leg::parse(&f.text(Legs)));
        let at = c.field(When, parse_when(When.label(), &f.text(When), self.now));
        let speed = c.field(
            Speed,
            choice(Speed).map(|t| GunSpeed::parse(&t)).transpose(),
        );
        let head = c.field(Head, choice(Head).map(|t| GunHead::parse(&t)).transpose());
        // The rule across spots and seconds, checked on its own so it shows beside the others.
        let spots = MassageSession {
            technique: self.technique(),
            spots: f.number(Spots).map(|v| v as u8),
            seconds_per_spot: f.number(Seconds),
            ..self.loose_session()
        };
        let spots_rule = c.field(Spots, spots.validate());
        let note = c.field(Note, parse_note(Note.label(), &f.text(Note)));
        let pain = c.field(Pain, score(Pain));
        let before = c.field(Before, score(Before));
        let after = c.field(After, score(After));
        let mut side_effects = Vec::new();
        for (key, effect) in [
            (Bruising, SideEffect::Bruising),
            (Tingling, SideEffect::Tingling),
            (Numbness, SideEffect::Numbness),
        ] {
            if f.yes(key) {
                side_effects.push(effect);
            }
        }
        spots_rule?;
        let mut session = MassageSession {
            at: at?,
            technique: technique?,
            legs: legs?,
            minutes_per_calf: f.number(Minutes).map(|v| v as u8),
            pain: pain?,
            speed: speed?,
            head: head?,
            spots: f.number(Spots).map(|v| v as u8),
            seconds_per_spot: f.number(Seconds),
            tight_before: before?,
            tight_after: after?,
            side_effects,
            note: note?,
        };
        session.fill_gun_minutes();
        c.field(Spots, session.validate())?;
        Some(session)
    }

    fn editing(&self) -> Option<&Editing<MassageSession>> {
        self.editing.as_ref()
    }

    /// Any key takes back "Enter saves it again"; choosing the gun shows its fields.
    fn edited(&mut self) {
        self.confirm_again = false;
        self.sync_fields();
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        form_view::render(&self.title(), &self.form, theme, area, buf);
    }
}
