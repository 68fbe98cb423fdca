//! What one run of the binary did, and the checks every CLI test makes on it.
#![allow(dead_code)]

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(output: std::process::Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Exit 0 and nothing on stderr but the notice that a new diary was started.
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        assert!(
            self.stderr
                .lines()
                .all(|l| l.starts_with("Started a new diary at ")),
            "success with stderr: {self:#?}"
        );
        self
    }

    /// The only line of stderr, which must start with `cramp: `.
    pub fn error_line(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected one stderr line, got {self:#?}");
        assert!(
            lines[0].starts_with("cramp: "),
            "stderr should start with 'cramp: ', got {self:#?}"
        );
        lines[0]
    }

    /// It failed with exit `code` and its one error line holds every one of `fragments` (the
    /// missing fragment and the whole run are shown when not): that line.
    #[track_caller]
    pub fn fails(&self, code: i32, fragments: &[&str]) -> &str {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        let line = self.error_line();
        for fragment in fragments {
            assert!(
                line.contains(fragment),
                "expected {fragment:?} in the error line of {self:#?}"
            );
        }
        line
    }

    /// It failed with exit `code` and its one error line is `line` (the whole run shown when not).
    #[track_caller]
    pub fn fails_saying(&self, code: i32, line: &str) {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        assert_eq!(self.error_line(), line, "{self:#?}");
    }

    /// Its standard output says `text` (the whole run is shown when it does not).
    pub fn says(&self, text: &str) -> &Self {
        assert!(self.stdout.contains(text), "expected {text:?} in {self:#?}");
        self
    }

    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The stdout line starting with `prefix`.
    pub fn line(&self, prefix: &str) -> &str {
        self.stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?} in {self:#?}"))
    }

    pub fn warnings(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .chain(self.stderr.lines())
            .filter(|l| l.trim_start().to_ascii_lowercase().starts_with("warning"))
            .collect()
    }
}

/// A refusal: exit 2, one `cramp: ` line naming every one of `mentions`, and no word on stdout of
/// anything saved, started or stopped.
pub fn assert_refused(run: &Run, args: &[&str], mentions: &[&str]) {
    assert_eq!(run.code, 2, "{args:?}: {run:#?}");
    let line = run.error_line();
    for fragment in mentions {
        assert!(
            line.contains(fragment),
            "{args:?}: missing {fragment:?} in {line:?}"
        );
    }
    for said in ["Saved", "Started", "Stopped"] {
        assert!(
            !run.stdout.contains(said),
            "{args:?}: a refusal said {said:?}: {run:#?}"
        );
    }
}
