//! Sync from the screen: with `sync.dir` set, a sync runs on its own thread (its own connection
//! to the diary) after the first frame, after each save and on `S`, so a folder out of reach
//! never holds up a save or a frame; its outcome comes back through a channel the event loop
//! looks at. The conflicts screen (`C`) shows each question with both sides and records the
//! person's choice.

use super::{App, Screen, Tone};
use crate::store::Store;
use crate::store::sync::SyncReport;
use crate::tui::action::Action;
use color_eyre::eyre::Result;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

const SYNCING: &str = "Syncing with the sync folder...";

/// Why a sync starts: what its outcome says depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Why {
    /// After the first frame.
    #[default]
    Start,
    /// After a save: a failure says the entry is saved here all the same.
    Save,
    /// `S`: the person waits for an answer, even "nothing new".
    Key,
}

/// The link between the screen and its background syncs.
#[derive(Default)]
pub struct SyncLink {
    /// The folder (`sync.dir`); `None`: sync is not set up.
    dir: Option<PathBuf>,
    /// The key of an encrypted sync folder (`sync.key_file`).
    key_file: Option<PathBuf>,
    /// A sync running and why it started, and whether (and why) another was asked for
    /// meanwhile.
    running: Option<(Receiver<Result<SyncReport, String>>, Why)>,
    again: Option<Why>,
}

impl SyncLink {
    pub fn new(dir: Option<PathBuf>, key_file: Option<PathBuf>) -> Self {
        Self {
            dir,
            key_file,
            ..Self::default()
        }
    }

    pub fn is_set_up(&self) -> bool {
        self.dir.is_some()
    }
}

impl App {
    /// Starts a sync on its own thread, unless one runs (then another follows it).
    pub fn start_sync(&mut self, why: Why) {
        let Some(dir) = self.diary.sync.dir.clone() else {
            return;
        };
        if self.diary.sync.running.is_some() {
            self.diary.sync.again = self.diary.sync.again.max(Some(why));
            return;
        }
        // A diary not yet made (nothing saved) has nothing to sync.
        if self.diary.new_diary.is_some() {
            return;
        }
        let db = self.diary.store.path().to_path_buf();
        let key_file = self.diary.sync.key_file.clone();
        let now = self.clock.stamp();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = key_file
                .as_deref()
                .map(|p| crate::crypt::SyncKey::for_folder("sync.key_file", p, Some(&dir)))
                .transpose()
                .map_err(color_eyre::eyre::Report::from)
                .and_then(|key| Ok((key, Store::open(&db)?)))
                .and_then(|(key, mut store)| {
                    store.sync_and_checkpoint(
                        &dir,
                        &now,
                        &crate::files::sync_folder::host_name(),
                        key.as_ref(),
                        true,
                    )
                })
                .map_err(|e| e.to_string().lines().next().unwrap_or("").to_string());
            let _ = tx.send(result);
        });
        self.diary.sync.running = Some((rx, why));
    }

    /// On quit: lets the sync that carries a save (and the one a later save asked for) end, for
    /// at most `bound`, so a change made just before quitting reaches the folder. A sync that
    /// carries no save (the one at start, or `S`) is not waited for. Returns why the last save
    /// did not reach the folder (it goes out at the next sync), if it did not.
    pub fn finish_sync(&mut self, bound: Duration) -> Result<(), String> {
        let deadline = Instant::now() + bound;
        let mut failed = Ok(());
        loop {
            let carries_save = self.diary.sync.again.is_some()
                || matches!(self.diary.sync.running, Some((_, Why::Save)));
            if !carries_save {
                return failed;
            }
            let Some((rx, _)) = self.diary.sync.running.take() else {
                let again = self.diary.sync.again.take().unwrap_or(Why::Save);
                self.start_sync(again);
                if self.diary.sync.running.is_none() {
                    return failed;
                }
                continue;
            };
            let left = deadline.saturating_duration_since(Instant::now());
            failed = match rx.recv_timeout(left) {
                Ok(outcome) => outcome.map(|_| ()),
                Err(RecvTimeoutError::Disconnected) => Err("the sync stopped unexpectedly".into()),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "the sync folder did not answer within {} seconds",
                        bound.as_secs()
                    ));
                }
            };
        }
    }

    /// Looks whether a background sync has ended: reads the diary again when it brought
    /// changes, and says so. Returns whether the screen should be drawn again.
    pub fn poll_sync(&mut self) -> Result<bool> {
        let Some((rx, why)) = &self.diary.sync.running else {
            return Ok(false);
        };
        let why = *why;
        let outcome = match rx.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return Ok(false),
            Err(TryRecvError::Disconnected) => Err("the sync stopped unexpectedly".to_string()),
        };
        self.diary.sync.running = None;
        match outcome {
            Ok(report) => {
                let before = self.data.sync_conflicts;
                if report.received > 0 || report.conflicts != before {
                    self.refresh()?;
                }
                if report.conflicts > before {
                    self.say(
                        Tone::Warn,
                        format!(
                            "{} for you: press C to see both sides and choose.",
                            crate::format::conflicts_wait(report.conflicts)
                        ),
                    );
                } else if report.received > 0 {
                    self.add_to_status(
                        Tone::Info,
                        format!(
                            "Synced: {} from your other devices.",
                            changes(report.received)
                        ),
                    );
                } else if why == Why::Key {
                    self.say(Tone::Info, "Synced: nothing new from your other devices.");
                }
            }
            // Another sync follows (a save while this one ran): it will tell.
            Err(_) if self.diary.sync.again.is_some() => {}
            Err(why_not) => match why {
                Why::Save => self.add_to_status(
                    Tone::Warn,
                    format!("Not synced (saved here, it goes at the next sync): {why_not}"),
                ),
                Why::Start | Why::Key => {
                    self.add_to_status(Tone::Warn, format!("Not synced: {why_not}"))
                }
            },
        }
        if let Some(again) = self.diary.sync.again.take() {
            self.start_sync(again);
        }
        Ok(true)
    }

    /// Says `text` after what the status line says already (a save's "Saved ..."), or alone;
    /// never after "Syncing...", which it replaces.
    fn add_to_status(&mut self, tone: Tone, text: String) {
        match self.view.status.take() {
            Some(s) if s.text != SYNCING => {
                let tone = if tone == Tone::Info { s.tone } else { tone };
                self.say(tone, format!("{} {text}", s.text));
            }
            _ => self.say(tone, text),
        }
    }

    /// Reads the count (and, on the conflicts screen, the questions) after the diary changed.
    pub(super) fn reload_sync(&mut self) -> Result<()> {
        self.data.sync_conflicts = self.diary.store.sync_conflict_count()?;
        if matches!(self.view.screen, Screen::SyncConflicts { .. }) || self.data.sync_conflicts == 0
        {
            self.data.sync_questions = self.diary.store.sync_questions()?;
        }
        Ok(())
    }

    /// `S` asks for a sync now; `C` opens the conflicts.
    pub(super) fn open_sync(&mut self, action: Action) -> Result<Option<Screen>> {
        match action {
            Action::SyncNow if self.diary.sync.is_set_up() => {
                self.start_sync(Why::Key);
                self.say(Tone::Info, SYNCING);
                Ok(Some(self.view.screen.clone()))
            }
            Action::SyncNow => {
                self.say(
                    Tone::Info,
                    "Sync is not set up: set [sync] dir in the config (`cramp config --default`), or run `cramp sync DIR`.",
                );
                Ok(Some(self.view.screen.clone()))
            }
            Action::OpenSyncConflicts => {
                self.data.sync_questions = self.diary.store.sync_questions()?;
                Ok(Some(Screen::SyncConflicts {
                    at: 0,
                    choice: self.shown_answer(0),
                }))
            }
            _ => Ok(None),
        }
    }

    /// A key on the conflicts screen: ↑/↓ between conflicts, ←/→ between answers, Enter keeps
    /// the answer chosen, Esc goes back.
    pub(super) fn on_sync_conflicts(
        &mut self,
        at: usize,
        choice: usize,
        action: Action,
    ) -> Result<Screen> {
        let n = self.data.sync_questions.len();
        let answers = self
            .data
            .sync_questions
            .get(at)
            .map_or(0, |q| q.answers.len());
        Ok(match action {
            Action::Cancel => Screen::Dashboard,
            // Every question starts on the answer the diary shows meanwhile, however it is
            // reached: Enter never drops what the person sees (a record they just edited).
            Action::Down if at + 1 < n => Screen::SyncConflicts {
                at: at + 1,
                choice: self.shown_answer(at + 1),
            },
            Action::Up if at > 0 => Screen::SyncConflicts {
                at: at - 1,
                choice: self.shown_answer(at - 1),
            },
            Action::Increase | Action::Toggle if answers > 0 => Screen::SyncConflicts {
                at,
                choice: (choice + 1) % answers,
            },
            Action::Decrease if answers > 0 => Screen::SyncConflicts {
                at,
                choice: (choice + answers - 1) % answers,
            },
            Action::Save => {
                let Some(q) = self.data.sync_questions.get(at).cloned() else {
                    return Ok(Screen::Dashboard);
                };
                let said = q
                    .answers
                    .get(choice)
                    .map(|a| a.says.clone())
                    .unwrap_or_default();
                let chose = self.write(|store, stamp| store.sync_choose(&q.id, choice, stamp))?;
                if chose.is_some() {
                    self.data.sync_questions = self.diary.store.sync_questions()?;
                    self.say(
                        Tone::Info,
                        if self.diary.sync.is_set_up() {
                            format!("Kept: {said}. It goes to your other devices through the sync folder.")
                        } else {
                            format!("Kept: {said}. It goes to your other devices at the next sync.")
                        },
                    );
                }
                let left = self.data.sync_questions.len();
                if left == 0 {
                    Screen::Dashboard
                } else {
                    let at = at.min(left - 1);
                    Screen::SyncConflicts {
                        at,
                        choice: self.shown_answer(at),
                    }
                }
            }
            _ => Screen::SyncConflicts { at, choice },
        })
    }
}

impl App {
    /// The answer the diary shows meanwhile: what the conflicts screen picks first, so Enter
    /// straight away keeps what the person has been seeing.
    fn shown_answer(&self, at: usize) -> usize {
        self.data
            .sync_questions
            .get(at)
            .and_then(|q| q.answers.iter().position(|a| a.shown))
            .unwrap_or(0)
    }
}

fn changes(n: u64) -> String {
    if n == 1 {
        "1 change".into()
    } else {
        format!("{n} changes")
    }
}
