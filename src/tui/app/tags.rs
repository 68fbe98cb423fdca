//! The tag picker: opened with `t` after a night is saved on the check-in, it saves the night's
//! tags and goes back to the check-in's tightness step.

use super::{App, Screen, Tone};
use crate::store::NightEntry;
use crate::tui::action::Action;
use crate::tui::screens::tag_picker::TagPicker;
use crate::tui::screens::tightness::TightnessForm;
use color_eyre::eyre::Result;

/// The picker offers this many of the person's recent tags first.
const RECENT: usize = 12;

impl App {
    pub(super) fn open_tags(&mut self, form: TightnessForm) -> Result<Screen> {
        let night = form.night;
        let current = self
            .diary
            .store
            .tags_between(night, night)?
            .remove(&night)
            .unwrap_or_default();
        let recent = self.diary.store.recent_tags(RECENT)?;
        Ok(Screen::TagPicker(TagPicker::new(
            night, current, recent, form,
        )))
    }

    pub(super) fn on_tags(&mut self, mut picker: TagPicker, action: Action) -> Result<Screen> {
        match action {
            Action::Down => picker.down(),
            Action::Up => picker.up(),
            Action::Toggle => picker.toggle(),
            Action::Input(c) => picker.input(c),
            Action::Backspace => picker.backspace(),
            Action::Cancel => return Ok(Screen::Tightness(*picker.back)),
            Action::Save if picker.typing() && !picker.typed.trim().is_empty() => {
                if let Err(e) = picker.add_typed() {
                    picker.error = Some(e.0);
                }
            }
            Action::Save => {
                let change = picker.change();
                let night = picker.night;
                if change.is_empty() {
                    return Ok(Screen::Tightness(*picker.back));
                }
                let saved = self.write(|s, stamp| {
                    s.log_night_tagged(night, &NightEntry::default(), &change, stamp)
                })?;
                if saved.is_some() {
                    let words = if picker.chosen.is_empty() {
                        "no tags".to_string()
                    } else {
                        format!("tags: {}", picker.chosen.join(", "))
                    };
                    self.say(
                        Tone::Info,
                        format!(
                            "Saved to the night of {}: {words}.",
                            crate::domain::dates::long_date(night)
                        ),
                    );
                    let mut back = *picker.back;
                    back.tags = picker.chosen.clone();
                    return Ok(Screen::Tightness(back));
                }
            }
            _ => {}
        }
        Ok(Screen::TagPicker(picker))
    }
}
