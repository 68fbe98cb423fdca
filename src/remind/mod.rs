//! The morning reminder: the text of the systemd user units and of the crontab line, made from
//! the time, the `cramp` binary and the diary. Pure: no files, no processes (see [`files`]).

pub mod files;

use crate::domain::Invalid;
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use std::path::{Path, PathBuf};

/// Unit names, "named for the app".
pub const SERVICE: &str = "cramp-diary-reminder.service";
pub const TIMER: &str = "cramp-diary-reminder.timer";

/// The first line of every file `cramp remind install` writes: how it knows a file is its own.
pub const MARKER: &str =
    "# Written by `cramp remind install` (cramp-diary); `cramp remind uninstall` removes it.";

/// One line per shell: the marker on its own line above the prompt, only while a night is due.
/// (The README shows the same lines; a test keeps them equal.)
pub const PROMPT_HOOKS: [(&str, &str); 3] = [
    (
        "bash (~/.bashrc)",
        "PROMPT_COMMAND=\"cramp due --prompt${PROMPT_COMMAND:+; $PROMPT_COMMAND}\"",
    ),
    (
        "zsh (~/.zshrc)",
        "autoload -Uz add-zsh-hook; _cramp_due() { cramp due --prompt }; add-zsh-hook precmd _cramp_due",
    ),
    (
        "fish (config.fish)",
        "function _cramp_due --on-event fish_prompt; cramp due --prompt; end",
    ),
];

/// [`PROMPT_HOOKS`] for the diary at `db` (absolute) when it is not the default one: each
/// line runs `cramp --db DB due --prompt`, quoted for its shell, so the prompt asks about the
/// diary the person uses.
pub fn prompt_hooks(db: Option<&Path>) -> Vec<(&'static str, String)> {
    let Some(db) = db else {
        return PROMPT_HOOKS
            .iter()
            .map(|(shell, line)| (*shell, (*line).to_string()))
            .collect();
    };
    let text = path_text(db);
    let sh = sh_quote(&text);
    // bash's line sits inside double quotes: what they would expand is escaped too.
    let bash: String = sh
        .chars()
        .flat_map(|c| {
            let escape = matches!(c, '"' | '$' | '`' | '\\');
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect();
    let fish = if is_plain(&text) {
        text.clone()
    } else {
        format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
    };
    PROMPT_HOOKS
        .iter()
        .zip([bash, sh, fish])
        .map(|((shell, line), db)| {
            (
                *shell,
                line.replace(
                    "cramp due --prompt",
                    &format!("cramp --db {db} due --prompt"),
                ),
            )
        })
        .collect()
}

/// One word for `sh` (and bash, zsh): as it is when nothing in it needs quoting.
pub fn sh_quote(word: &str) -> String {
    if is_plain(word) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// What a reminder runs, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub at: NaiveTime,
    /// The `cramp` binary, absolute.
    pub exe: PathBuf,
    /// The diary, absolute: the reminder keeps using the one it was installed with.
    pub db: PathBuf,
}

impl Reminder {
    /// Both paths must be absolute text a unit file and a crontab can hold.
    pub fn new(at: NaiveTime, exe: PathBuf, db: PathBuf) -> Result<Self, Invalid> {
        for (field, path) in [("the cramp binary's path", &exe), ("the diary path", &db)] {
            let text = path.to_str().ok_or_else(|| {
                Invalid::new(format!(
                    "{field} must be UTF-8 text to go into a reminder, got {}",
                    path.display()
                ))
            })?;
            if !path.is_absolute() || text.chars().any(char::is_control) {
                return Err(Invalid::new(format!(
                    "{field} must be an absolute path without control characters to go into a reminder, got {text:?}"
                )));
            }
        }
        Ok(Self { at, exe, db })
    }

    /// `HH:MM`.
    pub fn time_text(&self) -> String {
        self.at.format("%H:%M").to_string()
    }

    /// The command the reminder runs, as words (unquoted).
    pub fn command_words(&self) -> Vec<String> {
        vec![
            path_text(&self.exe),
            "--db".into(),
            path_text(&self.db),
            "due".into(),
            "--notify".into(),
        ]
    }

    pub fn service_unit(&self) -> String {
        let exec: Vec<String> = self
            .command_words()
            .iter()
            .map(|w| systemd_quote(w))
            .collect();
        format!(
            "{MARKER}\n\
             [Unit]\n\
             Description=cramp-diary: a reminder to log last night, silent once it is logged\n\
             \n\
             [Service]\n\
             Type=oneshot\n\
             ExecStart={}\n",
            exec.join(" ")
        )
    }

    pub fn timer_unit(&self) -> String {
        format!(
            "{MARKER}\n\
             [Unit]\n\
             Description=cramp-diary: morning reminder at {time}\n\
             \n\
             [Timer]\n\
             OnCalendar=*-*-* {time}:00\n\
             # A morning missed while the computer was off or asleep fires at the next boot or login.\n\
             Persistent=true\n\
             Unit={SERVICE}\n\
             \n\
             [Install]\n\
             WantedBy=timers.target\n",
            time = self.time_text()
        )
    }

    /// The crontab line (printed, never written). `runtime_dir` is `$XDG_RUNTIME_DIR`: cron jobs
    /// get no session bus address, so notify-send is told where the bus is.
    pub fn cron_line(&self, runtime_dir: Option<&Path>) -> String {
        let bus = runtime_dir
            .and_then(Path::to_str)
            .filter(|d| !d.chars().any(char::is_control))
            .map(|d| {
                format!(
                    "DBUS_SESSION_BUS_ADDRESS={} ",
                    cron_quote(&format!("unix:path={d}/bus"))
                )
            })
            .unwrap_or_default();
        let words: Vec<String> = self.command_words().iter().map(|w| cron_quote(w)).collect();
        format!(
            "{} {} * * * {bus}{}",
            self.at.minute(),
            self.at.hour(),
            words.join(" ")
        )
    }
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// One ExecStart word: double-quoted, with systemd's specifier (`%`) and variable (`$`)
/// expansion turned off.
pub fn systemd_quote(word: &str) -> String {
    if is_plain(word) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len() + 2);
    out.push('"');
    for c in word.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One word for `sh` in a crontab: single-quoted; `%` escaped because cron turns it into a newline.
pub fn cron_quote(word: &str) -> String {
    if is_plain(word) {
        return word.to_string();
    }
    let inner = word.replace('\'', "'\\''").replace('%', "\\%");
    format!("'{inner}'")
}

/// Needs no quoting in a unit file or for `sh`.
fn is_plain(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-:=+,@".contains(c))
}

/// Whether a file's text is one `cramp remind install` wrote.
pub fn is_ours(text: &str) -> bool {
    text.lines().next() == Some(MARKER)
}

/// The time in a timer unit this program wrote (`OnCalendar=*-*-* HH:MM:00`).
pub fn installed_time(timer: &str) -> Option<NaiveTime> {
    timer.lines().find_map(|line| {
        let spec = line.strip_prefix("OnCalendar=*-*-* ")?;
        NaiveTime::parse_from_str(spec.trim(), "%H:%M:%S").ok()
    })
}

/// The command line in a service unit this program wrote, as it stands in the file.
pub fn installed_command(service: &str) -> Option<&str> {
    service
        .lines()
        .find_map(|line| line.strip_prefix("ExecStart="))
}

/// When a daily timer at `at` next fires after `now` (local time).
pub fn next_fire(now: NaiveDateTime, at: NaiveTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        today
    } else {
        today + Duration::days(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reminder() -> Reminder {
        Reminder::new(
            NaiveTime::from_hms_opt(7, 5, 0).unwrap(),
            PathBuf::from("/usr/local/bin/cramp"),
            PathBuf::from("/home/ann/My Diary/100%$x\".db"),
        )
        .unwrap()
    }

    #[test]
    fn the_timer_fires_daily_at_the_time_and_catches_up_missed_mornings() {
        let timer = reminder().timer_unit();
        assert!(is_ours(&timer));
        assert!(timer.contains("\nOnCalendar=*-*-* 07:05:00\n"), "{timer}");
        assert!(timer.contains("\nPersistent=true\n"), "{timer}");
        assert!(timer.contains("\nUnit=cramp-diary-reminder.service\n"));
        assert!(timer.contains("\nWantedBy=timers.target\n"));
        assert_eq!(installed_time(&timer), NaiveTime::from_hms_opt(7, 5, 0));
    }

    #[test]
    fn the_service_runs_due_notify_on_the_installed_diary_with_expansion_escaped() {
        let service = reminder().service_unit();
        assert!(is_ours(&service));
        assert!(service.contains("\nType=oneshot\n"));
        assert_eq!(
            installed_command(&service),
            Some("/usr/local/bin/cramp --db \"/home/ann/My Diary/100%%$$x\\\".db\" due --notify")
        );
    }

    #[test]
    fn the_cron_line_quotes_for_sh_and_escapes_percent() {
        let line = reminder().cron_line(Some(Path::new("/run/user/1000")));
        assert_eq!(
            line,
            "5 7 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus /usr/local/bin/cramp --db '/home/ann/My Diary/100\\%$x\".db' due --notify"
        );
        assert!(!reminder().cron_line(None).contains("DBUS"));
        assert_eq!(cron_quote("it's"), "'it'\\''s'");
    }

    #[test]
    fn a_file_someone_else_wrote_is_not_ours() {
        assert!(!is_ours("[Unit]\nDescription=mine\n"));
        assert!(!is_ours(&format!("# my notes\n{MARKER}\n")));
        assert!(!is_ours(""));
    }

    #[test]
    fn relative_or_control_character_paths_are_refused() {
        let at = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        let err = Reminder::new(at, "/bin/cramp".into(), "diary.db".into()).unwrap_err();
        assert!(
            err.0.starts_with("the diary path must be an absolute path"),
            "{}",
            err.0
        );
        assert!(Reminder::new(at, "/bin/cramp".into(), "/tmp/a\nb.db".into()).is_err());
    }

    #[test]
    fn the_next_fire_is_today_until_the_time_then_tomorrow() {
        let at = NaiveTime::from_hms_opt(7, 30, 0).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let morning = day.and_hms_opt(6, 0, 0).unwrap();
        assert_eq!(next_fire(morning, at), day.and_time(at));
        let later = day.and_hms_opt(7, 30, 0).unwrap();
        assert_eq!(next_fire(later, at), day.succ_opt().unwrap().and_time(at));
    }
}
