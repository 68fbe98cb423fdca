//! A night's details as form fields, shared by the check-in's tightness step and the night form:
//! each detail's key, label, where it lives in [`NightDetails`], how its field is built from the
//! night and read back. A new night detail is added in this one file.

use crate::domain::night::Sides;
use crate::domain::{Invalid, NightDetails, Score, parse_note};
use crate::tui::form::{Check, Field, FieldKey, Form, field_keys};

field_keys! {
    /// A night detail as a form field, in the forms' order.
    pub enum DetailField {
        TightLeft => "tight left",
        TightRight => "tight right",
        Sleep => "sleep disturbance",
        Soreness => "soreness",
        Numbness => "numbness",
        Swelling => "swelling",
        Note => "note",
    }
}
use DetailField::*;

/// Not noted: the night keeps what it had.
const NOT_NOTED: &str = "-";

/// Where a detail lives in a night's details, and so what kind of field it is: each holds a
/// closure naming the detail's place in [`NightDetails`], for building, reading and comparing.
#[derive(Clone, Copy)]
enum Slot {
    Score(fn(&mut NightDetails) -> &mut Option<Score>),
    Sides(fn(&mut NightDetails) -> &mut Option<Sides>),
    Note(fn(&mut NightDetails) -> &mut Option<String>),
}

impl DetailField {
    /// Every detail, in the forms' order.
    const ALL: [DetailField; 7] = [
        TightLeft, TightRight, Sleep, Soreness, Numbness, Swelling, Note,
    ];

    fn slot(self) -> Slot {
        match self {
            TightLeft => Slot::Score(|d| &mut d.tight_left),
            TightRight => Slot::Score(|d| &mut d.tight_right),
            Sleep => Slot::Score(|d| &mut d.sleep_disturbance),
            Soreness => Slot::Score(|d| &mut d.soreness),
            Numbness => Slot::Sides(|d| &mut d.numbness),
            Swelling => Slot::Sides(|d| &mut d.swelling),
            Note => Slot::Note(|d| &mut d.note),
        }
    }
}

/// Which of a night's details a form asks for, and how it words its hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// The check-in's step after the cramps: what a person notices on waking.
    Morning,
    /// The night form: every detail.
    All,
}

impl Asked {
    /// The details asked, in order; a new detail is asked in both forms unless left out here.
    pub fn details(self) -> impl Iterator<Item = DetailField> {
        DetailField::ALL
            .into_iter()
            .filter(move |d| self == Asked::All || !matches!(d, Sleep | Soreness | Note))
    }

    fn score_hint(self) -> &'static str {
        match self {
            Asked::Morning => "0-10 this morning; empty to skip",
            Asked::All => "0-10, empty if not noted",
        }
    }
}

/// The fields a form asks for, showing `details` (a detail not noted is empty, or "-").
pub fn fields<K: FieldKey + From<DetailField>>(
    asked: Asked,
    details: &NightDetails,
) -> Vec<Field<K>> {
    let mut now = details.clone();
    asked
        .details()
        .map(|d| {
            let key = K::from(d);
            match d.slot() {
                Slot::Score(at) => Field::number(
                    key,
                    at(&mut now).map(Score::value),
                    true,
                    asked.score_hint(),
                ),
                Slot::Sides(at) => Field::choice(
                    key,
                    std::iter::once(NOT_NOTED)
                        .chain(Sides::WORDS.iter().copied())
                        .collect(),
                    at(&mut now).map_or(NOT_NOTED, Sides::as_str),
                    "in a leg this morning",
                ),
                Slot::Note(at) => {
                    Field::note(key, at(&mut now).as_deref().unwrap_or(""), "optional")
                }
            }
        })
        .collect()
}

/// The details as typed (those the form does not ask for left unset), each field's error kept
/// in `check`.
pub fn read<K: FieldKey + From<DetailField>>(
    form: &Form<K>,
    asked: Asked,
    check: &mut Check<K>,
) -> Option<NightDetails> {
    let mut details = NightDetails::default();
    let mut valid = true;
    for d in asked.details() {
        let key = K::from(d);
        valid &= check
            .field(key, read_into(form, key, d.slot(), &mut details))
            .is_some();
    }
    valid.then_some(details)
}

/// Only the details that differ from `start`: a value left as it was is not written again, so
/// a change saved elsewhere meanwhile is not overwritten with the old value.
pub fn changed(mut details: NightDetails, start: &NightDetails) -> NightDetails {
    fn keep<T: PartialEq>(
        at: fn(&mut NightDetails) -> &mut Option<T>,
        details: &mut NightDetails,
        start: &mut NightDetails,
    ) {
        if at(details) == at(start) {
            *at(details) = None;
        }
    }
    let mut start = start.clone();
    for d in DetailField::ALL {
        match d.slot() {
            Slot::Score(at) => keep(at, &mut details, &mut start),
            Slot::Sides(at) => keep(at, &mut details, &mut start),
            Slot::Note(at) => keep(at, &mut details, &mut start),
        }
    }
    details
}

fn read_into<K: FieldKey>(
    form: &Form<K>,
    key: K,
    slot: Slot,
    details: &mut NightDetails,
) -> Result<(), Invalid> {
    match slot {
        Slot::Score(at) => {
            *at(details) = form
                .number(key)
                .map(|v| Score::new(key.label(), i64::from(v)))
                .transpose()?;
        }
        Slot::Sides(at) => {
            *at(details) = match form.text(key).as_str() {
                NOT_NOTED => None,
                word => Some(Sides::parse_as(key.label(), word)?),
            };
        }
        Slot::Note(at) => *at(details) = parse_note(key.label(), &form.text(key))?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(v: u8) -> Option<Score> {
        Some(Score::new("test", i64::from(v)).unwrap())
    }

    fn every_detail() -> NightDetails {
        NightDetails {
            tight_left: score(3),
            tight_right: score(5),
            sleep_disturbance: score(6),
            soreness: score(2),
            note: Some("restless".into()),
            numbness: Some(Sides::Left),
            swelling: Some(Sides::Both),
        }
    }

    /// The details read from `form`, or the fields at fault.
    fn read_all(form: &Form<DetailField>, asked: Asked) -> Result<NightDetails, Vec<DetailField>> {
        let mut check = Check::default();
        let details = read(form, asked, &mut check);
        let errors: Vec<_> = check.errors().into_iter().map(|(k, _)| k).collect();
        details.filter(|_| errors.is_empty()).ok_or(errors)
    }

    #[test]
    fn every_detail_shown_in_the_night_form_reads_back_unchanged() {
        let night = every_detail();
        let form: Form<DetailField> = Form::new(fields(Asked::All, &night));
        assert_eq!(read_all(&form, Asked::All), Ok(night));
        let empty: Form<DetailField> = Form::new(fields(Asked::All, &NightDetails::default()));
        assert_eq!(read_all(&empty, Asked::All), Ok(NightDetails::default()));
    }

    #[test]
    fn the_morning_step_asks_tightness_numbness_and_swelling_only() {
        let asked: Vec<_> = Asked::Morning.details().collect();
        assert_eq!(asked, [TightLeft, TightRight, Numbness, Swelling]);
        let form: Form<DetailField> = Form::new(fields(Asked::Morning, &every_detail()));
        let morning = NightDetails {
            sleep_disturbance: None,
            soreness: None,
            note: None,
            ..every_detail()
        };
        assert_eq!(read_all(&form, Asked::Morning), Ok(morning));
    }

    #[test]
    fn only_what_differs_from_the_start_is_kept() {
        let start = every_detail();
        let typed = NightDetails {
            tight_left: score(4),
            numbness: Some(Sides::None),
            ..every_detail()
        };
        let expected = NightDetails {
            tight_left: score(4),
            numbness: Some(Sides::None),
            ..NightDetails::default()
        };
        assert_eq!(changed(typed, &start), expected);
    }

    #[test]
    fn a_bad_note_is_the_note_fields_error() {
        let mut form: Form<DetailField> = Form::new(fields(Asked::All, &NightDetails::default()));
        form.focus_on(Note);
        form.input('x');
        form.input('\u{7}');
        assert_eq!(read_all(&form, Asked::All), Err(vec![Note]));
    }
}
