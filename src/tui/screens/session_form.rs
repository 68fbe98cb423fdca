//! The massage session form. Speed and head appear only for the massage gun; "same as last
//! time" opens it filled from the previous session so a daily routine takes one Enter.

mod parse;

use crate::domain::bounds;
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use crate::domain::{Score, Stamp, Uid};
use crate::tui::form::{Editing, Field, FieldKey, Form, Value, field_keys};
use chrono::NaiveDateTime;

field_keys! {
    /// The session form's fields (speed and head only for the massage gun).
    pub enum SessionField {
        Technique => "technique",
        Legs => "legs",
        When => "when",
        Minutes => "minutes per calf",
        Pain => "pain / pressure",
        Speed => "gun speed",
        Head => "gun head",
        Spots => "tender spots",
        Seconds => "seconds per spot",
        Before => "tightness before",
        After => "tightness after",
        Bruising => "bruising",
        Tingling => "tingling",
        Numbness => "numbness",
        Note => "note",
    }
}

/// A new roller session's minutes per calf, inside the 5-10 guidance.
const DEFAULT_MINUTES: u16 = 8;
const NONE: &str = "-";
const WHEN_FORMAT: &str = "%Y-%m-%d %H:%M";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionForm {
    /// The session being edited, or `None` for a new one.
    pub editing: Option<Editing<MassageSession>>,
    /// Filled from the previous session ("same as last time").
    pub repeat: bool,
    pub form: Form<SessionField>,
    /// The moment the form was opened: "when" may not be later.
    pub now: NaiveDateTime,
    /// An identical session was saved minutes ago: the next Enter saves this one all the same.
    pub confirm_again: bool,
    /// Opened from the morning check-in: saving or closing goes back there while last night
    /// is still not logged.
    pub from_checkin: bool,
}

impl SessionForm {
    /// A new session now: foam roller on both calves, 8 minutes, pain 5, unless `last` says otherwise.
    pub fn new(now: NaiveDateTime, last: Option<&MassageSession>) -> Self {
        let technique = last.map_or(Technique::FoamRoller, |s| s.technique);
        let start = MassageSession {
            // A gun's minutes come from spots × seconds unless typed.
            minutes_per_calf: (technique != Technique::MassageGun).then_some(DEFAULT_MINUTES as u8),
            pain: Score::new(SessionField::Pain.label(), 5).ok(),
            speed: (technique == Technique::MassageGun).then_some(GunSpeed::Medium),
            head: (technique == Technique::MassageGun).then_some(GunHead::Ball),
            ..MassageSession::bare(now, technique)
        };
        Self::from_session(None, false, &start, now)
    }

    /// The previous session again, now.
    pub fn repeat(now: NaiveDateTime, last: &MassageSession) -> Self {
        // What was done is repeated; what was measured or noticed is left to fill in afresh.
        let again = MassageSession {
            at: now,
            tight_before: None,
            tight_after: None,
            side_effects: Vec::new(),
            note: None,
            ..last.clone()
        };
        Self::from_session(None, true, &again, now)
    }

    /// `version`: the session's `updated_at` as loaded, for noticing a change made elsewhere.
    pub fn edit(uid: &Uid, session: &MassageSession, version: &Stamp, now: NaiveDateTime) -> Self {
        let editing = Editing::new(uid, version, session.clone());
        Self::from_session(Some(editing), false, session, now)
    }

    fn from_session(
        editing: Option<Editing<MassageSession>>,
        repeat: bool,
        s: &MassageSession,
        now: NaiveDateTime,
    ) -> Self {
        let score = |v: Option<Score>| v.map(Score::value);
        let mut fields = vec![
            Field::choice(
                SessionField::Technique,
                Technique::ALL.iter().map(|t| t.as_str()).collect(),
                s.technique.as_str(),
                "←/→ foam-roller, massage-gun, ball, thumbs...",
            ),
            Field::choice(
                SessionField::Legs,
                vec!["both", "left", "right"],
                s.legs.as_str(),
                "←/→ both, left, right",
            ),
            Field::text(
                SessionField::When,
                &s.at.format(WHEN_FORMAT).to_string(),
                16,
                "YYYY-MM-DD HH:MM",
            ),
            Field::count(
                SessionField::Minutes,
                s.minutes_per_calf.map(u16::from),
                bounds::MINUTES_PER_CALF,
                true,
                if s.technique == Technique::MassageGun {
                    format!(
                        "{}; empty: spots × seconds",
                        bounds::MINUTES_PER_CALF.range_text()
                    )
                } else {
                    format!("{}; guidance 5-10", bounds::MINUTES_PER_CALF.range_text())
                },
            ),
            Field::number(
                SessionField::Pain,
                score(s.pain),
                true,
                "0-10; guidance 4-7",
            ),
        ];
        if s.technique == Technique::MassageGun {
            fields.push(Field::choice(
                SessionField::Speed,
                with_none(GunSpeed::ALL.iter().map(|v| v.as_str())),
                s.speed.map_or(NONE, GunSpeed::as_str),
                "low or medium is the guidance",
            ));
            fields.push(Field::choice(
                SessionField::Head,
                with_none(GunHead::ALL.iter().map(|v| v.as_str())),
                s.head.map_or(NONE, GunHead::as_str),
                "flat, bullet, ball or fork",
            ));
        }
        fields.extend([
            Field::count(
                SessionField::Spots,
                s.spots.map(u16::from),
                bounds::SPOTS,
                true,
                "tender spots treated",
            ),
            Field::count(
                SessionField::Seconds,
                s.seconds_per_spot,
                bounds::SECONDS_PER_SPOT,
                true,
                "about 30 s per spot",
            ),
            Field::number(
                SessionField::Before,
                score(s.tight_before),
                true,
                "calf tightness before, 0-10",
            ),
            Field::number(
                SessionField::After,
                score(s.tight_after),
                true,
                "calf tightness after, 0-10",
            ),
            Field::yes_no(
                SessionField::Bruising,
                s.side_effects.contains(&SideEffect::Bruising),
                "Space, y or n",
            ),
            Field::yes_no(
                SessionField::Tingling,
                s.side_effects.contains(&SideEffect::Tingling),
                "tingling means stop",
            ),
            Field::yes_no(
                SessionField::Numbness,
                s.side_effects.contains(&SideEffect::Numbness),
                "numbness means stop",
            ),
            Field::note(
                SessionField::Note,
                s.note.as_deref().unwrap_or(""),
                "optional",
            ),
        ]);
        Self {
            editing,
            repeat,
            form: Form::new(fields),
            now,
            confirm_again: false,
            from_checkin: false,
        }
    }

    fn technique(&self) -> Technique {
        Technique::parse(&self.form.text(SessionField::Technique)).unwrap_or(Technique::FoamRoller)
    }

    /// After an edit: if the technique changed, show or hide the gun's fields, keeping the rest.
    pub fn sync_fields(&mut self) {
        let has_gun_fields = self.form.field(SessionField::Speed).is_some();
        let is_gun = self.technique() == Technique::MassageGun;
        if has_gun_fields == is_gun {
            return;
        }
        let focus = self.form.focus;
        let mut rebuilt = self.clone();
        let old = std::mem::take(&mut rebuilt.form.fields);
        let template = Self::from_session(None, false, &self.loose_session(), self.now);
        rebuilt.form.fields = template
            .form
            .fields
            .into_iter()
            .map(|fresh| {
                old.iter()
                    .find(|f| f.key == fresh.key)
                    .cloned()
                    .unwrap_or(fresh)
            })
            .collect();
        if is_gun {
            // A fresh gun starts on medium speed with the ball head, inside the guidance.
            for f in &mut rebuilt.form.fields {
                set_choice(f, SessionField::Speed, "medium");
                set_choice(f, SessionField::Head, "ball");
                if f.key == SessionField::Minutes
                    && let Value::Number { value, .. } = &mut f.value
                    && *value == Some(DEFAULT_MINUTES)
                {
                    // The roller's default is not the gun's: empty means spots × seconds.
                    *value = None;
                    f.hint = format!(
                        "{}; empty: spots × seconds",
                        bounds::MINUTES_PER_CALF.range_text()
                    )
                    .into();
                }
            }
        }
        rebuilt.form.focus = focus.min(rebuilt.form.fields.len().saturating_sub(1));
        *self = rebuilt;
    }

    pub fn title(&self) -> String {
        match (&self.editing, self.repeat) {
            (Some(_), _) => "Edit session".to_string(),
            (None, true) => "Same as last time · Enter saves".to_string(),
            (None, false) => "New self-massage session".to_string(),
        }
    }
}

fn with_none<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    std::iter::once(NONE).chain(words).collect()
}

fn set_choice(field: &mut Field<SessionField>, key: SessionField, word: &str) {
    if field.key != key {
        return;
    }
    if let Value::Choice { options, index } = &mut field.value
        && let Some(i) = options.iter().position(|o| *o == word)
    {
        *index = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form::FormModel;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-23 19:00", WHEN_FORMAT).unwrap()
    }

    #[test]
    fn the_default_session_is_within_the_guidance() {
        let s = SessionForm::new(now(), None).value().unwrap();
        assert_eq!(s.technique, Technique::FoamRoller);
        assert_eq!(
            (s.minutes_per_calf, s.pain.map(Score::value)),
            (Some(8), Some(5))
        );
        assert!(s.warnings().is_empty());
        assert!(
            SessionForm::new(now(), None)
                .form
                .field(SessionField::Speed)
                .is_none()
        );
    }

    #[test]
    fn choosing_the_gun_shows_speed_and_head_and_keeps_other_values() {
        let mut f = SessionForm::new(now(), None);
        f.form.focus_on(SessionField::Minutes);
        f.form.input('6');
        f.form.focus_on(SessionField::Technique);
        f.form.increase();
        f.sync_fields();
        assert_eq!(f.form.text(SessionField::Technique), "massage-gun");
        assert_eq!(f.form.text(SessionField::Speed), "medium");
        assert_eq!(f.form.number(SessionField::Minutes), Some(6));
        f.form.increase();
        f.sync_fields();
        assert!(
            f.form.field(SessionField::Speed).is_none(),
            "ball has no speed"
        );
        let s = f.value().unwrap();
        assert_eq!((s.technique, s.speed), (Technique::Ball, None));
    }

    #[test]
    fn same_as_last_time_copies_the_session_to_now() {
        let mut last = SessionForm::new(now(), None).value().unwrap();
        last.at = now() - chrono::Duration::days(1);
        last.technique = Technique::MassageGun;
        last.speed = Some(GunSpeed::Low);
        last.side_effects = vec![SideEffect::Bruising];
        let again = SessionForm::repeat(now(), &last).value().unwrap();
        assert_eq!(again.at, now());
        assert_eq!(again.speed, Some(GunSpeed::Low));
        assert!(again.side_effects.is_empty(), "side effects are not copied");
    }

    #[test]
    fn gun_minutes_default_to_spots_times_seconds_rounded_up() {
        let mut f = SessionForm::new(now(), None);
        f.form.focus_on(SessionField::Technique);
        f.form.increase();
        f.sync_fields();
        assert_eq!(
            f.form.number(SessionField::Minutes),
            None,
            "the roller's 8 is not kept"
        );
        f.form.focus_on(SessionField::Spots);
        f.form.input('7');
        f.form.focus_on(SessionField::Seconds);
        f.form.input('3');
        f.form.input('0');
        let s = f.value().unwrap();
        assert_eq!(
            s.minutes_per_calf,
            Some(4),
            "7 × 30 s = 3.5 min, rounded up"
        );
        f.form.focus_on(SessionField::Minutes);
        f.form.input('9');
        assert_eq!(f.value().unwrap().minutes_per_calf, Some(9), "typed wins");
    }
}
