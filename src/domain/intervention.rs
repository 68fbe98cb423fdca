//! What an on/off experiment tests: the deep-tissue routine, one session technique, or a daily
//! habit or supplement answered y/n on the morning check-in.

use super::session::Technique;
use super::words::word_enum;
use super::{Invalid, plain_text};

/// Longest name of a daily habit, in characters.
pub const NAME_MAX_CHARS: usize = 60;
/// Days with a session asked for in an on week of a session intervention.
pub const SESSION_DAYS_PER_WEEK: u32 = 5;

word_enum!(
    /// How an intervention is stored: its kind.
    InterventionKind, "intervention kind", {
        Routine => "routine",
        Technique => "technique",
        Daily => "daily",
    }
);

/// What the on weeks do and the off weeks leave out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Intervention {
    /// Deep-tissue self-massage with any of foam roller, gun, ball, thumbs or stick (the
    /// four-week routine's work): on about 5 days of an on week.
    Routine,
    /// One session technique (foam roller, massage gun, ball, stretching...): its sessions on
    /// about 5 days of an on week, none in an off week.
    Technique(Technique),
    /// A daily habit or supplement ("magnesium", "stretching before bed"), answered y/n for
    /// every night on the morning check-in: every day of an on week, none in an off week.
    Daily(String),
}

/// Daily habits offered by name (any other name may be typed).
pub const SUGGESTED_DAILY: &[&str] = &[
    "stretching before bed",
    "magnesium",
    "potassium-rich food",
    "a glass of water before bed",
];

impl Intervention {
    pub fn kind(&self) -> InterventionKind {
        match self {
            Intervention::Routine => InterventionKind::Routine,
            Intervention::Technique(_) => InterventionKind::Technique,
            Intervention::Daily(_) => InterventionKind::Daily,
        }
    }

    /// The stored name: the technique's word, the habit's name; `None` for the routine.
    pub fn stored_name(&self) -> Option<String> {
        match self {
            Intervention::Routine => None,
            Intervention::Technique(t) => Some(t.as_str().to_string()),
            Intervention::Daily(name) => Some(name.clone()),
        }
    }

    /// Reads a stored (or imported) kind and name back.
    pub fn from_stored(kind: &str, name: Option<&str>) -> Result<Self, Invalid> {
        match (
            InterventionKind::parse_exact("intervention_kind", kind)?,
            name,
        ) {
            (InterventionKind::Routine, None) => Ok(Intervention::Routine),
            (InterventionKind::Routine, Some(_)) => Err(Invalid::new(
                "intervention_name must be empty for the routine",
            )),
            (InterventionKind::Technique, Some(word)) => Ok(Intervention::Technique(
                Technique::parse_exact("intervention_name", word)?,
            )),
            (InterventionKind::Daily, Some(name)) => {
                let parsed = Self::daily("intervention_name", name)?;
                if parsed != Intervention::Daily(name.to_string()) {
                    return Err(Invalid::new(format!(
                        "intervention_name must be trimmed, got \"{}\"",
                        super::shown(name)
                    )));
                }
                Ok(parsed)
            }
            (kind, None) => Err(Invalid::new(format!(
                "intervention_name must be given for a {kind} intervention"
            ))),
        }
    }

    /// A session technique typed by its word (`foam-roller`, `massage-gun`...).
    pub fn technique(field: &str, raw: &str) -> Result<Self, Invalid> {
        Technique::parse(raw)
            .map(Intervention::Technique)
            .map_err(|_| {
                Invalid::new(format!(
                    "{field} must be {}, got {}",
                    super::words::choices(Technique::WORDS.iter().copied()),
                    super::shown(raw.trim())
                ))
            })
    }

    /// A daily habit's name: 1-60 characters of plain text on one line, trimmed.
    pub fn daily(field: &str, raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > NAME_MAX_CHARS {
            return Err(Invalid::new(format!(
                "{field} must be 1-{NAME_MAX_CHARS} characters, got {chars}"
            )));
        }
        plain_text(field, name, false)?;
        // A name is shown inside sentences and asked every morning: no tab, and no invisible
        // format character (zero-width spaces, direction overrides) that would hide or reorder
        // the words around it.
        if name.chars().any(|c| c == '\t' || is_format_char(c)) {
            return Err(Invalid::new(format!(
                "{field} must be 1-{NAME_MAX_CHARS} visible characters, without tabs or invisible format characters (such as zero-width spaces or direction marks)"
            )));
        }
        Ok(Intervention::Daily(name.to_string()))
    }

    /// Its adherence comes from a y/n answer per night, not from sessions.
    pub fn is_daily(&self) -> bool {
        matches!(self, Intervention::Daily(_))
    }

    /// Whether a session with `technique` is the intervention's work.
    pub fn counts_session(&self, technique: Technique) -> bool {
        match self {
            Intervention::Routine => technique.is_deep_tissue(),
            Intervention::Technique(t) => *t == technique,
            Intervention::Daily(_) => false,
        }
    }

    /// "the deep-tissue routine", "foam roller", "magnesium"
    pub fn name(&self) -> String {
        match self {
            Intervention::Routine => "the deep-tissue routine".to_string(),
            Intervention::Technique(t) => t.label().to_string(),
            Intervention::Daily(name) => name.clone(),
        }
    }

    /// What an on week asks for, in a few words.
    pub fn on_week(&self) -> String {
        match self {
            Intervention::Routine => format!(
                "deep-tissue work (foam roller, gun, ball, thumbs or stick) on about {SESSION_DAYS_PER_WEEK} days"
            ),
            Intervention::Technique(t) => {
                format!("{} on about {SESSION_DAYS_PER_WEEK} days", t.label())
            }
            Intervention::Daily(name) => format!("{name} every day"),
        }
    }

    /// What an off week leaves out.
    pub fn off_week(&self) -> String {
        match self {
            Intervention::Routine => format!("{} (stretching is fine)", self.none()),
            _ => self.none(),
        }
    }

    /// "no deep-tissue work", "no foam roller", "no magnesium"
    pub fn none(&self) -> String {
        match self {
            Intervention::Routine => "no deep-tissue work".to_string(),
            Intervention::Technique(t) => format!("no {}", t.label()),
            // A habit of leaving something out ("no alcohol"): the off-weeks keep it as usual.
            Intervention::Daily(name) => match name.strip_prefix("no ") {
                Some(left_out) => format!("{left_out} as usual"),
                None => format!("no {name}"),
            },
        }
    }

    /// Days (or nights) asked for in an on week.
    pub fn target_per_week(&self) -> u32 {
        match self {
            Intervention::Daily(_) => 7,
            _ => SESSION_DAYS_PER_WEEK,
        }
    }

    /// What one unit of adherence is: "deep-tissue days", "foam roller days", "days with
    /// magnesium".
    pub fn unit(&self) -> String {
        match self {
            Intervention::Routine => "deep-tissue days".to_string(),
            Intervention::Technique(t) => format!("{} days", t.label()),
            Intervention::Daily(name) => format!("days with {name}"),
        }
    }

    /// The morning question for the night of a daily-habit experiment.
    pub fn question(&self) -> Option<String> {
        match self {
            Intervention::Daily(name) => Some(format!("{} yesterday? y/n", capitalised(name))),
            _ => None,
        }
    }

    /// The question for the night of `night` asked on `today`: the habit belongs to the day
    /// that night began, so "yesterday" only for last night, "today" for tonight, else the date.
    pub fn question_for(
        &self,
        night: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Option<String> {
        let Intervention::Daily(name) = self else {
            return None;
        };
        let when = if night == today {
            "today".to_string()
        } else if today.pred_opt() == Some(night) {
            "yesterday".to_string()
        } else {
            format!("on {}", super::dates::long_date(night))
        };
        Some(format!("{} {when}? y/n", capitalised(name)))
    }

    /// "magnesium on Tue 1 Dec 2026 (the day the night of Tue 1 Dec 2026 began)"
    pub fn done_on(&self, night: chrono::NaiveDate) -> String {
        let day = super::dates::long_date(night);
        format!(
            "{} on {day} (the day the night of {day} began)",
            self.name()
        )
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Unicode's format characters (general category Cf): invisible, they change how the text
/// around them is joined or ordered.
fn is_format_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn names_are_1_to_60_characters_of_plain_text() {
        assert_eq!(
            Intervention::daily("--daily", "  magnesium  "),
            Ok(Intervention::Daily("magnesium".into()))
        );
        assert_refusals(
            |typed| Intervention::daily("--daily", typed),
            &[
                ("   ", "--daily must be 1-60 characters, got 0"),
                (&"m".repeat(200), "--daily must be 1-60 characters, got 200"),
                (
                    "mag\u{1b}[2J",
                    "--daily must be plain text without control characters",
                ),
            ],
        );
        for hidden in [
            "mag\tnesium",
            "\u{200b}\u{200b}",
            "mag\u{202e}muisen",
            "\u{feff}x",
        ] {
            assert_eq!(
                Intervention::daily("--daily", hidden).unwrap_err().0,
                "--daily must be 1-60 visible characters, without tabs or invisible format characters (such as zero-width spaces or direction marks)",
                "{hidden:?}"
            );
        }
        // Letters with combining marks are visible text.
        assert!(Intervention::daily("--daily", "ca\u{301}fe\u{301} cre\u{300}me").is_ok());
    }

    #[test]
    fn an_unknown_technique_names_the_choices() {
        assert_refusals(
            |typed| Intervention::technique("--technique", typed),
            &[(
                "cupping",
                "--technique must be foam-roller, massage-gun, ball, thumbs, stick, stretch or professional, got 'cupping'",
            )],
        );
        assert_eq!(
            Intervention::technique("--technique", "Foam-Roller"),
            Ok(Intervention::Technique(Technique::FoamRoller))
        );
    }

    #[test]
    fn stored_forms_read_back_and_odd_ones_are_refused() {
        for i in [
            Intervention::Routine,
            Intervention::Technique(Technique::Stretch),
            Intervention::Daily("magnesium".into()),
        ] {
            let name = i.stored_name();
            assert_eq!(
                Intervention::from_stored(i.kind().as_str(), name.as_deref()),
                Ok(i)
            );
        }
        assert!(Intervention::from_stored("daily", Some(" padded")).is_err());
        assert!(Intervention::from_stored("routine", Some("x")).is_err());
        assert!(Intervention::from_stored("technique", Some("Foam-Roller")).is_err());
        assert!(Intervention::from_stored("pill", None).is_err());
    }

    #[test]
    fn what_counts() {
        let roller = Intervention::Technique(Technique::FoamRoller);
        assert!(roller.counts_session(Technique::FoamRoller));
        assert!(!roller.counts_session(Technique::MassageGun));
        assert!(Intervention::Routine.counts_session(Technique::MassageGun));
        assert!(!Intervention::Routine.counts_session(Technique::Stretch));
        assert_eq!(
            Intervention::Daily("magnesium".into()).question().unwrap(),
            "Magnesium yesterday? y/n"
        );
        let magnesium = Intervention::Daily("magnesium".into());
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = day("2026-12-02");
        for (night, question) in [
            ("2026-12-01", "Magnesium yesterday? y/n"),
            ("2026-12-02", "Magnesium today? y/n"),
            ("2026-11-28", "Magnesium on Sat 28 Nov 2026? y/n"),
        ] {
            assert_eq!(magnesium.question_for(day(night), today).unwrap(), question);
        }
        assert_eq!(
            magnesium.done_on(day("2026-12-01")),
            "magnesium on Tue 1 Dec 2026 (the day the night of Tue 1 Dec 2026 began)"
        );
    }
}
