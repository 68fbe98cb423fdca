//! The one table of key bindings. Key handling, the help overlay and the footer hints are all
//! read from it, so they cannot drift apart.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the user is, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    CheckIn,
    /// Another night of the last week that is not logged, offered after the check-in.
    Missed,
    Dashboard,
    /// A form; `text` is true when the focused field takes typed characters.
    Form {
        text: bool,
    },
    /// The night summary after saving, where more cramps can be added.
    Tightness {
        text: bool,
    },
    History,
    Routine,
    /// The experiment screen; `running`: an experiment runs or is about to (no other can be
    /// started); `stoppable`: it runs today without a stop recorded (`x` stops it).
    Experiment {
        running: bool,
        stoppable: bool,
    },
    /// A daily-habit experiment's question for a night.
    Habit,
    /// The tag picker; `typing` when the cursor is on the row where own words are typed.
    Picker {
        typing: bool,
    },
    /// The factors.
    Insights,
    Patterns,
    Year,
    /// A factor's "Test it" plan.
    TestIt,
    SyncConflicts,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Everywhere, even while typing.
    Always,
    /// Everywhere except while typing into a text field.
    NotTyping,
    CheckIn,
    Missed,
    /// Every form (cramp, tightness, night), including while typing.
    Forms,
    /// Forms, except while typing.
    FormsNotTyping,
    Tightness,
    History,
    /// The check-in, the dashboard, the history and the routine screen: where entries start.
    Browsing,
    Dashboard,
    /// The dashboard and the history, which Tab switches between.
    Views,
    Routine,
    Experiment,
    /// The experiment screen offering a new experiment (none runs).
    ExperimentPlan,
    /// The experiment screen while one runs or is about to.
    ExperimentRunning,
    Habit,
    /// The tag picker, typing or not.
    Picker,
    /// The tag picker, not typing own words.
    PickerChoosing,
    Insights,
    /// The patterns, the year and a "Test it" plan: pages under the insights.
    InsightPages,
    Year,
    /// Where `i` opens the insights: browsing, except the experiment screen's plan (where `i`
    /// changes what the plan tests).
    OpenInsights,
    SyncConflicts,
    Help,
    /// The routine and experiment screens and the help: pages that scroll on a short screen.
    Pages,
}

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Char(char),
    Code(KeyCode),
    Ctrl(char),
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are shown: `j/↓`.
    pub label: &'static str,
    pub action: Action,
    scope: Scope,
    pub help: &'static str,
    /// A short word for the footer; `None` keeps the binding to the help overlay.
    pub footer: Option<&'static str>,
}

use Key::{Char, Code, Ctrl};

const fn bind(
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    scope: Scope,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        scope,
        help,
        footer,
    }
}

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[Code(KeyCode::Tab)], "Tab", Action::SwitchView, Scope::Views, "dashboard ⇄ history", Some("switch")),
    bind(&[Char('h')], "h", Action::OpenHistory, Scope::Dashboard, "the history: every night, edit and delete", Some("history")),
    bind(&[Char('y')], "y", Action::HaveCramps, Scope::CheckIn, "yes: log a cramp", Some("yes")),
    bind(&[Char('n')], "n", Action::NoCramps, Scope::CheckIn, "no: save a cramp-free night", Some("no")),
    bind(&[Char('h')], "h", Action::OpenHistory, Scope::CheckIn, "skip to the history", Some("history")),
    bind(&[Char('y')], "y", Action::HaveCramps, Scope::Missed, "yes: log a cramp on that night", Some("yes")),
    bind(&[Char('n')], "n", Action::NoCramps, Scope::Missed, "no: that night was cramp-free", Some("no")),
    bind(&[Char('s')], "s", Action::Skip, Scope::Missed, "skip: it stays not logged", Some("skip")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Missed, "stop asking about missed nights", Some("done")),
    bind(&[Code(KeyCode::Enter)], "Enter", Action::Save, Scope::Forms, "save", Some("save")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Forms, "cancel / skip", Some("back")),
    bind(&[Code(KeyCode::Tab), Code(KeyCode::Down)], "Tab/↓", Action::NextField, Scope::Forms, "next field", Some("next")),
    bind(&[Code(KeyCode::BackTab), Code(KeyCode::Up)], "S-Tab/↑", Action::PrevField, Scope::Forms, "previous field", None),
    bind(&[Code(KeyCode::Right)], "→", Action::Increase, Scope::Forms, "next choice / one more", None),
    bind(&[Code(KeyCode::Left)], "←", Action::Decrease, Scope::Forms, "previous choice / one less", None),
    bind(&[Char('l')], "l", Action::Increase, Scope::FormsNotTyping, "next choice / one more", None),
    bind(&[Char('h')], "h", Action::Decrease, Scope::FormsNotTyping, "previous choice / one less", None),
    bind(&[Char('j')], "j", Action::NextField, Scope::FormsNotTyping, "next field", None),
    bind(&[Char('k')], "k", Action::PrevField, Scope::FormsNotTyping, "previous field", None),
    bind(&[Char(' ')], "Space", Action::Toggle, Scope::FormsNotTyping, "switch yes/no, next choice", None),
    bind(&[Code(KeyCode::Backspace)], "Backspace", Action::Backspace, Scope::Forms, "delete a character / clear", None),
    bind(&[Code(KeyCode::Delete)], "Delete", Action::DeleteForward, Scope::Forms, "delete the character under the cursor", None),
    bind(&[Code(KeyCode::Home)], "Home", Action::LineStart, Scope::Forms, "cursor to the start of the text", None),
    bind(&[Code(KeyCode::End)], "End", Action::LineEnd, Scope::Forms, "cursor to the end of the text", None),
    bind(&[Char('a')], "a", Action::AddAnother, Scope::Tightness, "add another cramp", Some("another cramp")),
    bind(&[Char('t')], "t", Action::OpenTags, Scope::Tightness, "tags for the night: what happened the evening and day before", Some("tags")),
    bind(&[Code(KeyCode::Down)], "↓", Action::Down, Scope::Picker, "next tag (the last row takes your own words)", None),
    bind(&[Code(KeyCode::Up)], "↑", Action::Up, Scope::Picker, "previous tag", None),
    bind(&[Char('j')], "j", Action::Down, Scope::PickerChoosing, "next tag", None),
    bind(&[Char('k')], "k", Action::Up, Scope::PickerChoosing, "previous tag", None),
    bind(&[Char(' ')], "Space", Action::Toggle, Scope::PickerChoosing, "pick or drop the tag", Some("pick")),
    bind(&[Code(KeyCode::Enter)], "Enter", Action::Save, Scope::Picker, "save the tags (on your own words: add them)", Some("save")),
    bind(&[Code(KeyCode::Backspace)], "Backspace", Action::Backspace, Scope::Picker, "delete a character of your own words", None),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Picker, "back without changing the tags", Some("back")),
    bind(&[Char('j'), Code(KeyCode::Down)], "j/↓", Action::Down, Scope::History, "next row", None),
    bind(&[Char('k'), Code(KeyCode::Up)], "k/↑", Action::Up, Scope::History, "previous row", None),
    bind(&[Char('e'), Code(KeyCode::Enter)], "e/Enter", Action::Edit, Scope::History, "edit the night or cramp", Some("edit")),
    bind(&[Char('a')], "a", Action::AddCramp, Scope::History, "add a cramp to this night", Some("add")),
    bind(&[Char('n')], "n", Action::MarkCrampFree, Scope::History, "mark this night cramp-free", None),
    bind(&[Char('d'), Code(KeyCode::Delete)], "d/Del", Action::Delete, Scope::History, "delete (can be undone)", Some("delete")),
    bind(&[Char('u')], "u", Action::Undo, Scope::History, "undo the last delete", None),
    bind(&[Char('c')], "c", Action::EditContext, Scope::History, "the day's context (fluids, magnesium...)", None),
    bind(&[Code(KeyCode::PageDown)], "PgDn", Action::PageDown, Scope::History, "a page further back", None),
    bind(&[Code(KeyCode::PageUp)], "PgUp", Action::PageUp, Scope::History, "a page nearer today", None),
    bind(&[Char('g'), Code(KeyCode::Home)], "g/Home", Action::First, Scope::History, "the newest day", None),
    bind(&[Char('G'), Code(KeyCode::End)], "G/End", Action::Last, Scope::History, "where the diary began", None),
    bind(&[Char('/')], "/", Action::JumpTo, Scope::History, "go to a date (2026-11-02, 3 days ago)", Some("date")),
    bind(&[Char('j'), Code(KeyCode::Down)], "j/↓", Action::Down, Scope::Insights, "next factor (past the last: the end of the page)", None),
    bind(&[Char('k'), Code(KeyCode::Up)], "k/↑", Action::Up, Scope::Insights, "previous factor (past the first: the top of the page)", None),
    bind(&[Code(KeyCode::PageDown)], "PgDn", Action::PageDown, Scope::Insights, "further down the page", None),
    bind(&[Code(KeyCode::PageUp)], "PgUp", Action::PageUp, Scope::Insights, "further up the page", None),
    bind(&[Char('g'), Code(KeyCode::Home)], "g/Home", Action::First, Scope::Insights, "the top of the page: what the figures mean", None),
    bind(&[Char('G'), Code(KeyCode::End)], "G/End", Action::Last, Scope::Insights, "the end of the page", None),
    bind(&[Char('t')], "t", Action::TestIt, Scope::Insights, "Test it: plan an on/off experiment for the selected factor", Some("test it")),
    bind(&[Char('p')], "p", Action::OpenPatterns, Scope::Insights, "patterns: by leg, muscle, hour, weekday and month", Some("patterns")),
    bind(&[Char('y')], "y", Action::OpenYear, Scope::Insights, "a year at a glance: every night of the year", Some("year")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Insights, "back to the dashboard", Some("back")),
    bind(&[Char('h'), Code(KeyCode::Left)], "h/←", Action::PreviousYear, Scope::Year, "the year before", Some("year before")),
    bind(&[Char('l'), Code(KeyCode::Right)], "l/→", Action::NextYear, Scope::Year, "the year after", Some("year after")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::InsightPages, "back to the insights", Some("back")),
    bind(&[Char('m')], "m", Action::NewSession, Scope::Browsing, "record a massage session", Some("massage")),
    bind(&[Char('s')], "s", Action::RepeatSession, Scope::Browsing, "same session as last time", Some("same")),
    bind(&[Char('r')], "r", Action::OpenRoutine, Scope::Browsing, "the routine: weeks, sessions, calendar", Some("routine")),
    bind(&[Char('o')], "o", Action::OpenExperiment, Scope::Browsing, "the on/off experiment and its result", None),
    bind(&[Char('i')], "i", Action::OpenInsights, Scope::OpenInsights, "insights: what goes with your cramps, patterns, a year at a glance", None),
    bind(&[Char('n')], "n", Action::StartExperiment, Scope::ExperimentPlan, "start the plan shown today (press twice)", Some("start")),
    bind(&[Char('i')], "i", Action::CycleIntervention, Scope::ExperimentPlan, "the plan: what is tested next (routine, a technique, a daily habit)", Some("what")),
    bind(&[Char('x')], "x", Action::StopExperiment, Scope::ExperimentRunning, "stop the running experiment (press twice)", Some("stop")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Experiment, "back to the dashboard", Some("back")),
    bind(&[Char('y')], "y", Action::AnswerYes, Scope::Habit, "yes: done on the day that night began", Some("yes")),
    bind(&[Char('n')], "n", Action::AnswerNo, Scope::Habit, "no: not done", Some("no")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Habit, "skip: answer later (history, v)", Some("skip")),
    bind(&[Char('v')], "v", Action::AnswerHabit, Scope::History, "the experiment's daily question for this night", None),
    bind(&[Char('n')], "n", Action::StartRoutine, Scope::Routine, "start a new routine", Some("new")),
    bind(&[Char('x')], "x", Action::StopRoutine, Scope::Routine, "stop the running routine (press twice)", Some("stop")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::Routine, "back to the dashboard", Some("back")),
    bind(&[Char('S')], "S", Action::SyncNow, Scope::Browsing, "sync now with the sync folder (sync.dir)", None),
    bind(&[Char('C')], "C", Action::OpenSyncConflicts, Scope::Browsing, "sync conflicts: both sides, and choose", None),
    bind(&[Char('j'), Code(KeyCode::Down)], "j/↓", Action::Down, Scope::SyncConflicts, "next conflict", None),
    bind(&[Char('k'), Code(KeyCode::Up)], "k/↑", Action::Up, Scope::SyncConflicts, "previous conflict", None),
    bind(&[Char('l'), Code(KeyCode::Right)], "l/→", Action::Increase, Scope::SyncConflicts, "next answer", Some("pick")),
    bind(&[Char('h'), Code(KeyCode::Left)], "h/←", Action::Decrease, Scope::SyncConflicts, "previous answer", None),
    bind(&[Code(KeyCode::Enter)], "Enter", Action::Save, Scope::SyncConflicts, "keep the answer picked", Some("keep")),
    bind(&[Code(KeyCode::Esc)], "Esc", Action::Cancel, Scope::SyncConflicts, "back to the dashboard", Some("back")),
    bind(&[Char('j'), Code(KeyCode::Down)], "j/↓", Action::Down, Scope::Pages, "scroll down (a short screen)", None),
    bind(&[Char('k'), Code(KeyCode::Up)], "k/↑", Action::Up, Scope::Pages, "scroll up", None),
    bind(&[Char('?'), Char('q'), Code(KeyCode::Esc)], "?/q/Esc", Action::ToggleHelp, Scope::Help, "close this help", Some("close")),
    bind(&[Char('?')], "?", Action::ToggleHelp, Scope::NotTyping, "help", Some("help")),
    bind(&[Char('q')], "q", Action::Quit, Scope::NotTyping, "quit", Some("quit")),
    bind(&[Ctrl('c')], "Ctrl-C", Action::QuitNow, Scope::Always, "quit at once (an unsaved form is not saved)", None),
    bind(&[Ctrl('z')], "Ctrl-Z", Action::Suspend, Scope::Always, "suspend to the shell (fg comes back)", None),
];

impl Scope {
    fn applies(self, context: Context) -> bool {
        let typing = matches!(
            context,
            Context::Form { text: true }
                | Context::Tightness { text: true }
                | Context::Picker { typing: true }
        );
        let in_form = matches!(context, Context::Form { .. } | Context::Tightness { .. });
        match self {
            Scope::Always => true,
            Scope::NotTyping => !typing && context != Context::Help,
            Scope::CheckIn => context == Context::CheckIn,
            Scope::Missed => context == Context::Missed,
            Scope::Forms => in_form,
            Scope::FormsNotTyping => in_form && !typing,
            Scope::Tightness => matches!(context, Context::Tightness { text: false }),
            Scope::History => context == Context::History,
            Scope::Browsing => matches!(
                context,
                Context::CheckIn
                    | Context::Dashboard
                    | Context::History
                    | Context::Routine
                    | Context::Experiment { .. }
                    | Context::Insights
                    | Context::Patterns
                    | Context::Year
                    | Context::TestIt
            ),
            Scope::Dashboard => context == Context::Dashboard,
            Scope::Views => matches!(context, Context::Dashboard | Context::History),
            Scope::Routine => context == Context::Routine,
            Scope::Experiment => matches!(context, Context::Experiment { .. }),
            Scope::ExperimentPlan => matches!(context, Context::Experiment { running: false, .. }),
            Scope::ExperimentRunning => matches!(
                context,
                Context::Experiment {
                    running: true,
                    stoppable: true
                }
            ),
            Scope::Habit => context == Context::Habit,
            Scope::Picker => matches!(context, Context::Picker { .. }),
            Scope::PickerChoosing => context == Context::Picker { typing: false },
            Scope::SyncConflicts => context == Context::SyncConflicts,
            Scope::Help => context == Context::Help,
            Scope::Pages => matches!(
                context,
                Context::Dashboard
                    | Context::Routine
                    | Context::Experiment { .. }
                    | Context::Patterns
                    | Context::Year
                    | Context::TestIt
                    | Context::Help
            ),
            Scope::Insights => context == Context::Insights,
            Scope::InsightPages => {
                matches!(context, Context::Patterns | Context::Year | Context::TestIt)
            }
            Scope::Year => context == Context::Year,
            Scope::OpenInsights => {
                Scope::Browsing.applies(context) && !Scope::ExperimentPlan.applies(context)
            }
        }
    }
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match (self, event.code) {
            (Key::Char(c), KeyCode::Char(got)) => !ctrl && c == got,
            (Key::Ctrl(c), KeyCode::Char(got)) => ctrl && c == got.to_ascii_lowercase(),
            (Key::Code(code), got) => code == got,
            _ => false,
        }
    }
}

/// The bindings in force in a context, in table order.
pub fn bindings_for(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope.applies(context))
}

/// What a key does here. In forms, a key bound to nothing types itself.
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    if let Some(binding) = bindings_for(context).find(|b| b.keys.iter().any(|k| k.matches(event))) {
        return Some(binding.action);
    }
    // In the picker, letters type own words on its last row (elsewhere they do nothing, and
    // answer a "Discard ...? y/n").
    let in_form = matches!(
        context,
        Context::Form { .. } | Context::Tightness { .. } | Context::Picker { .. }
    );
    match event.code {
        KeyCode::Char(c)
            if in_form && !event.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
        {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// The first of a binding's keys as labelled: `j` of `j/↓`, and `/` itself.
fn first_key(label: &'static str) -> &'static str {
    match label.split('/').next() {
        Some("") | None => label,
        Some(first) => first,
    }
}

/// `y yes: log a cramp · n no: ... · q quit` for the footer.
pub fn footer_hints(context: Context) -> Vec<(&'static str, &'static str)> {
    bindings_for(context)
        .filter_map(|b| b.footer.map(|short| (first_key(b.label), short)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// In `context`, `key` does `want`; a failure names the context.
    fn assert_action(context: Context, key: &KeyEvent, want: Action) {
        assert_eq!(action_for(context, key), Some(want), "{context:?}");
    }

    #[test]
    fn q_quits_unless_typing() {
        let q = key(KeyCode::Char('q'));
        assert_action(Context::History, &q, Action::Quit);
        assert_action(Context::Form { text: false }, &q, Action::Quit);
        assert_action(Context::Form { text: true }, &q, Action::Input('q'));
    }

    #[test]
    fn ctrl_c_always_quits() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for context in [
            Context::CheckIn,
            Context::Missed,
            Context::Form { text: true },
            Context::Tightness { text: false },
            Context::History,
            Context::Help,
        ] {
            assert_action(context, &ctrl_c, Action::QuitNow);
        }
    }

    #[test]
    fn hjkl_move_in_forms_but_type_in_text_fields() {
        let l = key(KeyCode::Char('l'));
        assert_action(Context::Form { text: false }, &l, Action::Increase);
        assert_action(Context::Form { text: true }, &l, Action::Input('l'));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in [
            Context::CheckIn,
            Context::Missed,
            Context::Dashboard,
            Context::Form { text: false },
            Context::Form { text: true },
            Context::Tightness { text: false },
            Context::History,
            Context::Routine,
            Context::Experiment {
                running: false,
                stoppable: false,
            },
            Context::Experiment {
                running: true,
                stoppable: false,
            },
            Context::Experiment {
                running: true,
                stoppable: true,
            },
            Context::Habit,
            Context::Picker { typing: false },
            Context::Picker { typing: true },
            Context::Insights,
            Context::Patterns,
            Context::Year,
            Context::TestIt,
            Context::Help,
        ] {
            let bound: Vec<&Binding> = bindings_for(context).collect();
            for (i, a) in bound.iter().enumerate() {
                for b in &bound[i + 1..] {
                    for ka in a.keys {
                        let clash = b
                            .keys
                            .iter()
                            .any(|kb| format!("{ka:?}") == format!("{kb:?}"));
                        assert!(
                            !clash || a.action == b.action,
                            "{ka:?} is bound to {:?} and {:?} in {context:?}",
                            a.action,
                            b.action
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_readme_documents_every_binding() {
        let readme = include_str!("../../README.md");
        for b in BINDINGS {
            assert!(
                readme.contains(b.help),
                "README.md does not mention '{}'",
                b.help
            );
            let first = first_key(b.label);
            assert!(
                readme.contains(&format!("`{first}")),
                "README.md has no key `{first}`"
            );
        }
    }

    #[test]
    fn the_footer_comes_from_the_table() {
        let hints = footer_hints(Context::CheckIn);
        assert!(hints.contains(&("y", "yes")));
        assert!(
            !hints.iter().any(|(k, _)| *k == "Ctrl-C"),
            "Ctrl-C stays in the help"
        );
        assert!(hints.contains(&("q", "quit")));
    }
}
