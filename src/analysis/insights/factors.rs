//! The factors an insight looks at, and which nights count as "with" and "without" each.
//!
//! Every factor belongs to the evening and day before a night (the night is named by the date it
//! began). Nothing measured after the night began is a factor: sleep disturbance, soreness and
//! the morning's own tightness are what a night of cramps leaves behind, never a cause.

use crate::domain::context::DailyContext;
use crate::domain::session::Technique;

/// Calf tightness counts as high when the tighter calf was at least this (0-10) the morning
/// before the night.
pub const TIGHT_CUT: u8 = 5;
/// Fluids count when at least this many decilitres (2 litres) were drunk that day.
pub const FLUIDS_CUT_DL: u16 = 20;
/// Exercise counts from this many minutes that day.
pub const EXERCISE_CUT_MIN: u16 = 30;

/// Something that may go with cramps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Factor {
    /// The tighter calf the morning before the night (logged with the previous night).
    Tightness,
    /// A deep-tissue self-massage session that day (any of the routine's techniques).
    DeepTissue,
    Technique(Technique),
    Fluids,
    Magnesium,
    Potassium,
    Exercise,
    /// A tag on the night: what happened the evening and day before it.
    Tag(String),
}

impl Factor {
    /// A stable name for JSON: `tightness`, `deep-tissue`, `technique:foam-roller`, `fluids`,
    /// `magnesium`, `potassium`, `exercise`, `tag:alcohol`.
    pub fn key(&self) -> String {
        match self {
            Factor::Tightness => "tightness".into(),
            Factor::DeepTissue => "deep-tissue".into(),
            Factor::Technique(t) => format!("technique:{}", t.as_str()),
            Factor::Fluids => "fluids".into(),
            Factor::Magnesium => "magnesium".into(),
            Factor::Potassium => "potassium".into(),
            Factor::Exercise => "exercise".into(),
            Factor::Tag(t) => format!("tag:{t}"),
        }
    }

    /// The factor in a few words, for a heading.
    pub fn name(&self) -> String {
        match self {
            Factor::Tightness => "tight calves".into(),
            Factor::DeepTissue => "deep-tissue session".into(),
            Factor::Technique(t) => t.label().into(),
            Factor::Fluids => "fluids".into(),
            Factor::Magnesium => "magnesium".into(),
            Factor::Potassium => "potassium-rich food".into(),
            Factor::Exercise => "exercise".into(),
            Factor::Tag(t) => format!("tag: {t}"),
        }
    }

    /// What "with" means for this factor, in words.
    pub fn with_words(&self) -> String {
        match self {
            Factor::Tightness => {
                format!("the tighter calf {TIGHT_CUT}/10 or more the morning before the night")
            }
            Factor::DeepTissue => "a deep-tissue self-massage session that day".into(),
            Factor::Technique(t) => format!("a {} session that day", t.label()),
            Factor::Fluids => format!("{} litres or more drunk that day", FLUIDS_CUT_DL / 10),
            Factor::Magnesium => "magnesium taken that day".into(),
            Factor::Potassium => "potassium-rich food eaten that day".into(),
            Factor::Exercise => format!("{EXERCISE_CUT_MIN} minutes or more of exercise that day"),
            Factor::Tag(t) => format!("nights tagged \"{t}\""),
        }
    }

    /// Whether a person could switch it on and off for an experiment. Medication never: a
    /// change of medication is for the doctor, not for a diary's test.
    pub fn changeable(&self) -> bool {
        match self {
            Factor::Technique(Technique::Professional) => false,
            Factor::DeepTissue | Factor::Technique(_) | Factor::Magnesium | Factor::Potassium => {
                true
            }
            Factor::Tag(t) => CHANGEABLE_TAGS.contains(&t.as_str()),
            Factor::Tightness | Factor::Fluids | Factor::Exercise => false,
        }
    }
}

/// Built-in tags a person can simply leave out for a week.
const CHANGEABLE_TAGS: &[&str] = &["alcohol"];

/// What the diary holds for the day before one night, read once per night.
#[derive(Debug, Clone, Copy)]
pub(super) struct Day<'a> {
    /// The tighter calf the morning before the night (the previous night's row), 0-10.
    pub tight_before: Option<u8>,
    /// Techniques of that day's sessions, one bit per [`Technique::ALL`] entry.
    pub techniques: u16,
    /// Whether any session had been recorded by then (before it, "no session" is unknown).
    pub sessions_recorded: bool,
    pub context: Option<&'a DailyContext>,
    pub tags: &'a [String],
    /// Whether any night had been tagged by then (before it, "no tag" is unknown).
    pub tags_recorded: bool,
}

pub(super) fn technique_bit(t: Technique) -> u16 {
    let at = Technique::ALL.iter().position(|x| *x == t).unwrap_or(0);
    1 << at
}

fn deep_bits() -> u16 {
    Technique::DEEP_TISSUE
        .iter()
        .fold(0, |bits, t| bits | technique_bit(*t))
}

impl Factor {
    /// `Some(true)` with the factor, `Some(false)` without, `None` unknown for that night.
    pub(super) fn exposure(&self, day: &Day) -> Option<bool> {
        match self {
            Factor::Tightness => day.tight_before.map(|t| t >= TIGHT_CUT),
            Factor::DeepTissue => day
                .sessions_recorded
                .then_some(day.techniques & deep_bits() != 0),
            Factor::Technique(t) => day
                .sessions_recorded
                .then_some(day.techniques & technique_bit(*t) != 0),
            // You always drink something: an empty fluids field is unknown.
            Factor::Fluids => day
                .context
                .and_then(|c| c.fluids_dl)
                .map(|dl| dl >= FLUIDS_CUT_DL),
            // Things you note when you did them: empty on a day with context means none.
            Factor::Magnesium => day.context.map(|c| c.magnesium_mg.unwrap_or(0) > 0),
            Factor::Potassium => day.context.map(|c| c.potassium == Some(true)),
            Factor::Exercise => day
                .context
                .map(|c| c.exercise_min.unwrap_or(0) >= EXERCISE_CUT_MIN),
            Factor::Tag(t) => day.tags_recorded.then(|| day.tags.iter().any(|x| x == t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day<'a>(context: Option<&'a DailyContext>, tags: &'a [String]) -> Day<'a> {
        Day {
            tight_before: None,
            techniques: 0,
            sessions_recorded: false,
            context,
            tags,
            tags_recorded: !tags.is_empty(),
        }
    }

    #[test]
    fn tightness_is_cut_at_five_and_unknown_when_not_logged() {
        let mut d = day(None, &[]);
        assert_eq!(Factor::Tightness.exposure(&d), None);
        d.tight_before = Some(4);
        assert_eq!(Factor::Tightness.exposure(&d), Some(false));
        d.tight_before = Some(5);
        assert_eq!(Factor::Tightness.exposure(&d), Some(true));
    }

    #[test]
    fn sessions_count_only_once_any_was_recorded() {
        let mut d = day(None, &[]);
        assert_eq!(Factor::DeepTissue.exposure(&d), None);
        d.sessions_recorded = true;
        assert_eq!(Factor::DeepTissue.exposure(&d), Some(false));
        d.techniques = technique_bit(Technique::Stretch);
        assert_eq!(Factor::DeepTissue.exposure(&d), Some(false));
        assert_eq!(
            Factor::Technique(Technique::Stretch).exposure(&d),
            Some(true)
        );
        d.techniques |= technique_bit(Technique::MassageGun);
        assert_eq!(Factor::DeepTissue.exposure(&d), Some(true));
    }

    #[test]
    fn context_fields_follow_their_rules() {
        let c = DailyContext {
            fluids_dl: None,
            magnesium_mg: None,
            potassium: None,
            exercise_min: Some(45),
            medication: None,
        };
        let d = day(Some(&c), &[]);
        assert_eq!(Factor::Fluids.exposure(&d), None);
        assert_eq!(Factor::Magnesium.exposure(&d), Some(false));
        assert_eq!(Factor::Potassium.exposure(&d), Some(false));
        assert_eq!(Factor::Exercise.exposure(&d), Some(true));
        let none = day(None, &[]);
        assert_eq!(Factor::Magnesium.exposure(&none), None);
    }

    #[test]
    fn tags_are_known_once_tagging_began() {
        let tags = vec!["alcohol".to_string()];
        let d = day(None, &tags);
        assert_eq!(Factor::Tag("alcohol".into()).exposure(&d), Some(true));
        assert_eq!(Factor::Tag("heat".into()).exposure(&d), Some(false));
        let before = day(None, &[]);
        assert_eq!(Factor::Tag("heat".into()).exposure(&before), None);
        assert!(Factor::Tag("alcohol".into()).changeable());
        assert!(!Factor::Tag("new or changed medication".into()).changeable());
    }
}
