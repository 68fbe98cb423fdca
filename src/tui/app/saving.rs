//! Saving: every write goes through here, so a refusal or a failure becomes one line and an
//! edit never overwrites a change it has not shown.

use super::{App, Tone};
use crate::domain::{Invalid, Stamp};
use crate::store::{Checked, Opened, Stale, Store, why_not_saved};
use crate::tui::form::Editing;
use crate::tui::screens::history::PAGE_DAYS;
use color_eyre::eyre::Result;

impl App {
    /// Runs one write, then reloads. A refusal (invalid input) or a failure (disk full, diary
    /// locked, row gone) becomes a one-line status and `None`: nothing was written, the app
    /// keeps running and an open form keeps what was typed.
    pub(super) fn write<T>(
        &mut self,
        op: impl FnOnce(&mut Store, &Stamp) -> Result<T>,
    ) -> Result<Option<T>> {
        let created = match self.create_diary() {
            Ok(created) => created,
            Err(e) => {
                self.say(Tone::Error, format!("Not saved: {e}."));
                return Ok(None);
            }
        };
        let stamp = self.clock.stamp();
        match op(&mut self.diary.store, &stamp) {
            Ok(value) => {
                self.diary.wrote = true;
                self.diary.announce_new_diary = created;
                self.reload(self.data.history.days.max(PAGE_DAYS))?;
                // With sync.dir set, the save goes to the other devices at once (on its own
                // thread: a folder out of reach never holds up the screen).
                self.start_sync(super::sync::Why::Save);
                Ok(Some(value))
            }
            Err(e) => {
                let text = match e.downcast_ref::<Invalid>() {
                    Some(invalid) => invalid.0.clone(),
                    None => format!("Not saved: {}.", why_not_saved(&e)),
                };
                self.say(Tone::Error, text);
                Ok(None)
            }
        }
    }

    /// Before the first save into a diary that did not exist: creates it and puts it in place
    /// of the empty stand-in; the full path when this made the file (to be said).
    fn create_diary(&mut self) -> Result<Option<String>, crate::store::StoreError> {
        let Some(path) = self.diary.new_diary.clone() else {
            return Ok(None);
        };
        // Another process may have made it meanwhile: then it is not new.
        let existed = path.symlink_metadata().is_ok();
        self.diary.store = Store::open(&path)?;
        self.diary.new_diary = None;
        Ok((!existed).then(|| crate::paths::shown(&path)))
    }

    /// Saves an edit of a stored row: only the fields the form changed, and only onto the row
    /// as the person last saw it. A change made elsewhere meanwhile is shown (theirs and
    /// yours) and waits for Enter (keep yours) or Esc (keep theirs); a row deleted meanwhile
    /// leaves the form open with a one-line message. True when saved.
    pub(super) fn save_checked<T: Clone>(
        &mut self,
        edit: &mut Editing<T>,
        error: &mut Option<String>,
        yours: &str,
        summary: impl Fn(&T) -> String,
        op: impl FnOnce(&mut Store, &Opened<T>, &Stamp) -> Result<Checked<T>>,
    ) -> Result<bool> {
        if let Some((version, theirs)) = edit.conflict.take() {
            edit.opened.saw(&version, theirs);
        }
        let opened = edit.opened.clone();
        match self.write(|s, stamp| op(s, &opened, stamp))? {
            None => Ok(false),
            Some(Ok(())) => Ok(true),
            Some(Err(Stale::Gone)) => {
                *error = Some(
                    "This was deleted elsewhere since you opened it; nothing was saved (Esc closes the form)."
                        .to_string(),
                );
                Ok(false)
            }
            Some(Err(Stale::Changed { version, theirs })) => {
                *error = Some(format!(
                    "Changed elsewhere since you opened this: theirs {} / yours {yours}. Enter keeps yours, Esc keeps theirs.",
                    summary(&theirs)
                ));
                edit.conflict = Some((version, theirs));
                Ok(false)
            }
        }
    }

    /// Saves a form's value as a new row (`add`), or onto the row the form edits (`edit`, see
    /// [`App::save_checked`]). `Some` when saved.
    pub(super) fn save_row<T: Clone, R>(
        &mut self,
        editing: Option<&mut Editing<T>>,
        error: &mut Option<String>,
        value: &T,
        summary: impl Fn(&T) -> String,
        add: impl FnOnce(&mut Store, &Stamp) -> Result<R>,
        edit: impl FnOnce(&mut Store, &Opened<T>, &Stamp) -> Result<Checked<T>>,
    ) -> Result<Option<()>> {
        Ok(match editing {
            Some(editing) => self
                .save_checked(editing, error, &summary(value), &summary, edit)?
                .then_some(()),
            None => self.write(add)?.map(drop),
        })
    }
}
