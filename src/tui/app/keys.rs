//! What a key does on the current screen, beyond the keymap table: choice letters in forms,
//! the delete question, and scrolling the pages that can be longer than a short terminal.

use super::App;
use crate::tui::action::Action;

impl App {
    /// A key bound to nothing here: it still answers "d again deletes; any other key keeps
    /// it" by keeping the night, so a later `d` asks again.
    pub fn unbound_key(&mut self) {
        if self.asked.confirm_delete.take().is_some() {
            self.view.status = None;
        }
    }

    /// What a key does here: the keymap's action, except that on a choice field a letter one
    /// of its choices starts with selects that choice (`l` is `left` on a leg field, not
    /// "next choice").
    pub fn action_for_key(&self, key: &crossterm::event::KeyEvent) -> Option<Action> {
        let action = crate::tui::keymap::action_for(self.context(), key);
        let crossterm::event::KeyCode::Char(c) = key.code else {
            return action;
        };
        let plain = !key.modifiers.intersects(
            crossterm::event::KeyModifiers::CONTROL | crossterm::event::KeyModifiers::ALT,
        );
        let fields = if self.view.help {
            None
        } else {
            self.view.screen.fields()
        };
        let moves = matches!(
            action,
            Some(Action::Increase | Action::Decrease | Action::NextField | Action::PrevField)
        );
        if plain && moves && fields.is_some_and(|f| f.focused_selects_on(c)) {
            return Some(Action::Input(c));
        }
        action
    }

    /// `j`/`k` on the routine, experiment and help pages; the drawing clamps to the page's length.
    pub(super) fn scroll_page(&mut self, action: Action) {
        match action {
            Action::Down => {
                self.view.page_scroll =
                    (self.view.page_scroll + 1).min(crate::tui::widgets::page::MOST_SCROLL);
            }
            Action::Up => self.view.page_scroll = self.view.page_scroll.saturating_sub(1),
            _ => {}
        }
    }
}
