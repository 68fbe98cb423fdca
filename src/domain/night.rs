//! Nights and the cramp episodes that happen in them.

use super::words::word_enum;
use super::{CrampDuration, Invalid, Score, Stored, Uid};
use crate::format::escaped;
use chrono::{NaiveDate, NaiveTime};

word_enum!(
    /// Which leg cramped.
    Leg, "leg", { Left => "left", Right => "right", Both => "both" }
);

word_enum!(
    /// Which muscle cramped; calf is by far the most common.
    Muscle, "muscle", {
        Calf => "calf", Foot => "foot", Shin => "shin", Thigh => "thigh", Other => "other"
    }
);

word_enum!(
    /// What a logged night says. A night with no row at all is "not logged", never zero.
    NightStatus, "status", { Cramps => "cramps", None => "none", Excluded => "excluded" }
);

/// Before this hour a cramp's time is in the small hours, after the evening of its night
/// (a night begins in the evening: 23:30 comes before 01:05).
const NIGHT_TURNS: u32 = 12;

/// The place of a cramp at `at` in its night: the evening's hours first, then the small
/// hours, then cramps with no time (in the order they were entered, when sorted stably).
pub fn night_order(at: Option<NaiveTime>) -> (u8, Option<NaiveTime>) {
    use chrono::Timelike;
    at.map_or((2, None), |t| (u8::from(t.hour() < NIGHT_TURNS), Some(t)))
}

/// One cramp, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrampEpisode {
    pub leg: Leg,
    pub muscle: Muscle,
    pub intensity: Score,
    pub duration: CrampDuration,
    /// Approximate clock time, if the user remembers it.
    pub at: Option<NaiveTime>,
    pub woke: bool,
    pub note: Option<String>,
}

impl CrampEpisode {
    /// `left calf`, `both calves`, `both feet`.
    pub fn where_words(&self) -> String {
        if self.leg != Leg::Both {
            return format!("{} {}", self.leg, self.muscle);
        }
        let muscles = match self.muscle {
            Muscle::Calf => "calves",
            Muscle::Foot => "feet",
            Muscle::Shin => "shins",
            Muscle::Thigh => "thighs",
            Muscle::Other => "legs (other muscle)",
        };
        format!("both {muscles}")
    }

    /// One short line: `03:10 left calf 7/10 1m30s woke`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(at) = self.at {
            parts.push(at.format("%H:%M").to_string());
        }
        parts.push(self.where_words());
        parts.push(format!("{}/10", self.intensity));
        parts.push(self.duration.to_string());
        if self.woke {
            parts.push("woke".into());
        }
        if let Some(note) = &self.note {
            parts.push(format!("\"{}\"", escaped(note)));
        }
        parts.join(" ")
    }

    /// Red flags worth telling the user about at once.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.duration.is_red_flag() {
            out.push(format!(
                "a cramp lasting {} (over 10 minutes) is a red flag: see a GP or physiotherapist",
                self.duration
            ));
        }
        out
    }
}

word_enum!(
    /// Which legs were numb or swollen in the morning: an NHS reason to see a GP.
    Sides, "sides", { None => "none", Left => "left", Right => "right", Both => "both" }
);

impl Sides {
    /// Anything but `none`.
    pub fn any(self) -> bool {
        self != Sides::None
    }

    /// As [`Sides::parse`], the refusal naming `field`.
    pub fn parse_as(field: &str, raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw).map_err(|e| Invalid::new(e.0.replacen("sides", field, 1)))
    }
}

/// The optional per-night fields besides the status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NightDetails {
    pub tight_left: Option<Score>,
    pub tight_right: Option<Score>,
    pub sleep_disturbance: Option<Score>,
    pub soreness: Option<Score>,
    pub note: Option<String>,
    /// `None`: not noted.
    pub numbness: Option<Sides>,
    pub swelling: Option<Sides>,
}

impl NightDetails {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// A leg numb or swollen in the morning: an NHS red flag with cramps.
    pub fn numb_or_swollen(&self) -> bool {
        self.numbness.is_some_and(Sides::any) || self.swelling.is_some_and(Sides::any)
    }

    /// These details with every field `patch` sets (`Some`) set to the patch's value.
    pub fn patched(&self, patch: &NightDetails) -> NightDetails {
        NightDetails {
            tight_left: patch.tight_left.or(self.tight_left),
            tight_right: patch.tight_right.or(self.tight_right),
            sleep_disturbance: patch.sleep_disturbance.or(self.sleep_disturbance),
            soreness: patch.soreness.or(self.soreness),
            note: patch.note.clone().or_else(|| self.note.clone()),
            numbness: patch.numbness.or(self.numbness),
            swelling: patch.swelling.or(self.swelling),
        }
    }

    /// `tight L4 R6 · sleep 5 · sore 2 · numb left · swollen both · "note"`, empty when nothing was recorded.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        match (self.tight_left, self.tight_right) {
            (None, None) => {}
            (l, r) => parts.push(format!("tight L{} R{}", opt(l), opt(r))),
        }
        if let Some(s) = self.sleep_disturbance {
            parts.push(format!("sleep {s}"));
        }
        if let Some(s) = self.soreness {
            parts.push(format!("sore {s}"));
        }
        if let Some(s) = self.numbness.filter(|s| s.any()) {
            parts.push(format!("numb {s}"));
        }
        if let Some(s) = self.swelling.filter(|s| s.any()) {
            parts.push(format!("swollen {s}"));
        }
        if let Some(n) = &self.note {
            parts.push(format!("\"{}\"", escaped(n)));
        }
        parts.join(" · ")
    }
}

fn opt(score: Option<Score>) -> String {
    score.map_or_else(|| "-".to_string(), |s| s.to_string())
}

/// Why a night is left out of the analysis (illness, travel...): 1-100 characters.
pub fn parse_exclude_reason(raw: &str) -> Result<String, Invalid> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars == 0 || chars > 100 {
        return Err(Invalid::new(format!(
            "exclude reason must be 1-100 characters (e.g. illness, travel), got {chars}"
        )));
    }
    super::plain_text("exclude reason", text, false)?;
    Ok(text.to_string())
}

/// A logged night with its live episodes, as read back from the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Night {
    pub uid: Uid,
    pub night_of: NaiveDate,
    pub status: NightStatus,
    pub exclude_reason: Option<String>,
    pub details: NightDetails,
    pub episodes: Vec<Stored<CrampEpisode>>,
}

impl Night {
    /// `cramps: 03:10 left calf 7/10 1m30s woke; right foot 3/10 45s`, `none`, `excluded (flu)`.
    pub fn status_line(&self) -> String {
        match self.status {
            NightStatus::None => "no cramps".to_string(),
            NightStatus::Excluded => format!(
                "excluded ({})",
                escaped(self.exclude_reason.as_deref().unwrap_or("no reason"))
            ),
            NightStatus::Cramps => {
                let count = self.episodes.len();
                let list: Vec<String> = self.episodes.iter().map(|e| e.item.summary()).collect();
                format!(
                    "{count} cramp{}: {}",
                    if count == 1 { "" } else { "s" },
                    list.join("; ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    /// A calf cramp without a note, as the diary line and the warnings read it.
    fn calf(
        leg: Leg,
        intensity: i64,
        duration: &str,
        at: Option<NaiveTime>,
        woke: bool,
    ) -> CrampEpisode {
        CrampEpisode {
            leg,
            muscle: Muscle::Calf,
            intensity: Score::new("intensity", intensity).unwrap(),
            duration: CrampDuration::parse(duration).unwrap(),
            at,
            woke,
            note: None,
        }
    }

    #[test]
    fn a_nights_cramps_run_from_the_evening_into_the_small_hours() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let mut times = vec![t(3, 10), None, t(1, 5), t(23, 30), t(12, 0), t(11, 59)];
        times.sort_by_key(|at| night_order(*at));
        assert_eq!(
            times,
            vec![t(12, 0), t(23, 30), t(1, 5), t(3, 10), t(11, 59), None]
        );
    }

    #[test]
    fn both_legs_read_in_the_plural() {
        let mut e = calf(Leg::Both, 5, "1m", None, false);
        assert_eq!(e.summary(), "both calves 5/10 1m");
        e.muscle = Muscle::Foot;
        assert_eq!(e.where_words(), "both feet");
        e.leg = Leg::Left;
        assert_eq!(e.where_words(), "left foot");
    }

    #[test]
    fn legs_parse_and_refuse_with_the_choices() {
        assert_eq!(Leg::parse("Left"), Ok(Leg::Left));
        assert_refusals(
            Leg::parse,
            &[("middle", "leg must be left, right or both, got 'middle'")],
        );
    }

    #[test]
    fn muscles_parse_and_refuse_with_the_choices() {
        assert_eq!(Muscle::parse("calf"), Ok(Muscle::Calf));
        assert_refusals(
            Muscle::parse,
            &[(
                "hamstring",
                "muscle must be calf, foot, shin, thigh or other, got 'hamstring'",
            )],
        );
    }

    #[test]
    fn cycling_wraps_both_ways() {
        assert_eq!(Leg::Both.cycle(1), Leg::Left);
        assert_eq!(Leg::Left.cycle(-1), Leg::Both);
        assert_eq!(Muscle::Calf.cycle(2), Muscle::Shin);
    }

    #[test]
    fn episode_summary_reads_like_a_diary_line() {
        let ep = calf(
            Leg::Left,
            7,
            "1m30s",
            NaiveTime::from_hms_opt(3, 10, 0),
            true,
        );
        assert_eq!(ep.summary(), "03:10 left calf 7/10 1m30s woke");
        assert!(ep.warnings().is_empty());
    }

    #[test]
    fn a_long_cramp_warns() {
        let ep = calf(Leg::Right, 9, "12m", None, true);
        assert!(ep.warnings()[0].contains("red flag"));
    }

    #[test]
    fn a_patch_sets_what_it_names_and_keeps_the_rest() {
        let score = |v| Some(Score::new("score", v).unwrap());
        let logged = NightDetails {
            tight_left: score(4),
            soreness: score(2),
            note: Some("restless".into()),
            numbness: Some(Sides::Left),
            ..NightDetails::default()
        };
        let patch = NightDetails {
            soreness: score(0),
            swelling: Some(Sides::Both),
            numbness: Some(Sides::None),
            ..NightDetails::default()
        };
        let now = logged.patched(&patch);
        assert_eq!(now.tight_left, score(4));
        assert_eq!(now.soreness, score(0));
        assert_eq!(now.note.as_deref(), Some("restless"));
        assert_eq!(
            (now.numbness, now.swelling),
            (Some(Sides::None), Some(Sides::Both))
        );
        assert_eq!(logged.patched(&NightDetails::default()), logged);
    }

    #[test]
    fn only_a_numb_or_swollen_leg_is_a_red_flag() {
        let noted = |numbness, swelling| NightDetails {
            numbness,
            swelling,
            ..NightDetails::default()
        };
        assert!(!noted(None, None).numb_or_swollen());
        assert!(!noted(Some(Sides::None), Some(Sides::None)).numb_or_swollen());
        assert!(noted(Some(Sides::Right), None).numb_or_swollen());
        assert!(noted(Some(Sides::None), Some(Sides::Both)).numb_or_swollen());
    }

    #[test]
    fn exclude_reasons_must_say_something() {
        assert_eq!(parse_exclude_reason(" flu "), Ok("flu".into()));
        assert!(parse_exclude_reason("  ").is_err());
    }
}
