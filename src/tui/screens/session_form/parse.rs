//! Reading the session form's fields into a session, and every field's error at once.

use super::{
    AFTER, BEFORE, BRUISING, HEAD, LEGS, MINUTES, NONE, NOTE, NUMBNESS, PAIN, SECONDS, SPEED,
    SPOTS, SessionForm, TECHNIQUE, TINGLING, WHEN,
};
use crate::domain::dates::parse_when;
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use crate::domain::{Invalid, Leg, Score, parse_note};
use crate::tui::form::all_errors;

impl SessionForm {
    /// The technique and legs as typed, for rebuilding the fields (values are carried over).
    pub(super) fn loose_session(&self) -> MassageSession {
        MassageSession {
            at: self.now,
            technique: self.technique(),
            legs: Leg::Both,
            minutes_per_calf: None,
            pain: None,
            speed: None,
            head: None,
            spots: None,
            seconds_per_spot: None,
            tight_before: None,
            tight_after: None,
            side_effects: Vec::new(),
            note: None,
        }
    }

    /// The session as typed, or the field at fault with its one-sentence error.
    pub fn to_session(&self) -> Result<MassageSession, (&'static str, Invalid)> {
        let f = &self.form;
        let score = |label: &'static str| {
            f.number(label)
                .map(|v| Score::new(label, i64::from(v)))
                .transpose()
                .map_err(|e| (label, e))
        };
        let choice = |label: &'static str| {
            let text = f.text(label);
            (!text.is_empty() && text != NONE).then_some(text)
        };
        let mut side_effects = Vec::new();
        for (label, effect) in [
            (BRUISING, SideEffect::Bruising),
            (TINGLING, SideEffect::Tingling),
            (NUMBNESS, SideEffect::Numbness),
        ] {
            if f.yes(label) {
                side_effects.push(effect);
            }
        }
        let mut session = MassageSession {
            at: parse_when(WHEN, &f.text(WHEN), self.now).map_err(|e| (WHEN, e))?,
            technique: Technique::parse(&f.text(TECHNIQUE)).map_err(|e| (TECHNIQUE, e))?,
            legs: Leg::parse(&f.text(LEGS)).map_err(|e| (LEGS, e))?,
            minutes_per_calf: f.number(MINUTES).map(|v| v as u8),
            pain: score(PAIN)?,
            speed: choice(SPEED)
                .map(|t| GunSpeed::parse(&t))
                .transpose()
                .map_err(|e| (SPEED, e))?,
            head: choice(HEAD)
                .map(|t| GunHead::parse(&t))
                .transpose()
                .map_err(|e| (HEAD, e))?,
            spots: f.number(SPOTS).map(|v| v as u8),
            seconds_per_spot: f.number(SECONDS),
            tight_before: score(BEFORE)?,
            tight_after: score(AFTER)?,
            side_effects,
            note: parse_note(NOTE, &f.text(NOTE)).map_err(|e| (NOTE, e))?,
        };
        session.fill_gun_minutes();
        session.validate().map_err(|e| (SPOTS, e))?;
        Ok(session)
    }

    /// Every field's error at once, in the form's order (empty when the session is valid).
    pub fn errors(&self) -> Vec<(&'static str, Invalid)> {
        let f = &self.form;
        let choice = |label: &'static str| {
            let text = f.text(label);
            (!text.is_empty() && text != NONE).then_some(text)
        };
        // The rule across spots and seconds, checked on its own so it shows beside the others.
        let spots = MassageSession {
            technique: self.technique(),
            spots: f.number(SPOTS).map(|v| v as u8),
            seconds_per_spot: f.number(SECONDS),
            ..self.loose_session()
        };
        all_errors(
            vec![
                (TECHNIQUE, Technique::parse(&f.text(TECHNIQUE)).map(drop)),
                (LEGS, Leg::parse(&f.text(LEGS)).map(drop)),
                (WHEN, parse_when(WHEN, &f.text(WHEN), self.now).map(drop)),
                (
                    SPEED,
                    choice(SPEED).map_or(Ok(()), |t| GunSpeed::parse(&t).map(drop)),
                ),
                (
                    HEAD,
                    choice(HEAD).map_or(Ok(()), |t| GunHead::parse(&t).map(drop)),
                ),
                (SPOTS, spots.validate()),
                (NOTE, parse_note(NOTE, &f.text(NOTE)).map(drop)),
            ],
            || self.to_session(),
        )
    }
}
