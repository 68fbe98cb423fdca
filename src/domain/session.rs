//! Self-massage sessions: foam roller, massage gun, ball... and the guidance they are held to.

use super::words::word_enum;
use super::{Invalid, Leg, Score};
use chrono::NaiveDateTime;

word_enum!(
    /// How the calves were worked on.
    Technique, "technique", {
        FoamRoller => "foam-roller",
        MassageGun => "massage-gun",
        Ball => "ball",
        Thumbs => "thumbs",
        Stick => "stick",
        Stretch => "stretch",
        Professional => "professional",
    }
);

word_enum!(
    /// Massage-gun speed setting.
    GunSpeed, "speed", { Low => "low", Medium => "medium", High => "high" }
);

word_enum!(
    /// Massage-gun attachment.
    GunHead, "head", { Flat => "flat", Bullet => "bullet", Ball => "ball", Fork => "fork" }
);

word_enum!(
    /// Something that happened because of the session.
    SideEffect, "side effect", { Bruising => "bruising", Tingling => "tingling", Numbness => "numbness" }
);

impl Technique {
    /// Deep-tissue self-massage: what the routine counts. Stretching and professional
    /// treatment are recorded and shown, not counted.
    pub const DEEP_TISSUE: &'static [Technique] = &[
        Technique::FoamRoller,
        Technique::MassageGun,
        Technique::Ball,
        Technique::Thumbs,
        Technique::Stick,
    ];

    pub fn is_deep_tissue(self) -> bool {
        Self::DEEP_TISSUE.contains(&self)
    }

    /// Words a person would say: "foam roller", "massage gun".
    pub fn label(self) -> &'static str {
        match self {
            Technique::FoamRoller => "foam roller",
            Technique::MassageGun => "massage gun",
            Technique::Ball => "trigger-point ball",
            Technique::Thumbs => "thumbs / manual",
            Technique::Stick => "roller stick",
            Technique::Stretch => "stretching",
            Technique::Professional => "professional massage / physio",
        }
    }
}

pub const MINUTES_MAX: i64 = super::bounds::MINUTES_PER_CALF.max;
/// A session identical to one saved this recently asks (TUI) or needs `--again` (CLI).
pub const TWIN_MINUTES: i64 = 10;
pub const SPOTS_MAX: i64 = super::bounds::SPOTS.max;
pub const SECONDS_PER_SPOT_MAX: i64 = super::bounds::SECONDS_PER_SPOT.max;

/// One self-massage session as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MassageSession {
    pub at: NaiveDateTime,
    pub technique: Technique,
    pub legs: Leg,
    /// Minutes on each calf.
    pub minutes_per_calf: Option<u8>,
    pub pain: Option<Score>,
    pub speed: Option<GunSpeed>,
    pub head: Option<GunHead>,
    pub spots: Option<u8>,
    pub seconds_per_spot: Option<u16>,
    pub tight_before: Option<Score>,
    pub tight_after: Option<Score>,
    pub side_effects: Vec<SideEffect>,
    pub note: Option<String>,
}

/// A whole number in a range, with the one-sentence refusal.
pub fn parse_count(field: &str, raw: &str, min: i64, max: i64) -> Result<i64, Invalid> {
    super::Bound::new(min, max).parse(field, raw)
}

impl MassageSession {
    /// A session of `technique` on both calves at `at`, nothing measured or noticed yet.
    pub fn bare(at: NaiveDateTime, technique: Technique) -> Self {
        Self {
            at,
            technique,
            legs: Leg::Both,
            minutes_per_calf: None,
            pain: None,
            speed: None,
            head: None,
            spots: None,
            seconds_per_spot: None,
            tight_before: None,
            tight_after: None,
            side_effects: Vec::new(),
            note: None,
        }
    }

    /// A gun session without minutes per calf takes them from spots × seconds per spot,
    /// rounded up, so it is not counted as a default-length roller session.
    pub fn fill_gun_minutes(&mut self) {
        if self.technique != Technique::MassageGun || self.minutes_per_calf.is_some() {
            return;
        }
        if let (Some(spots), Some(seconds)) = (self.spots, self.seconds_per_spot) {
            let total = u32::from(spots) * u32::from(seconds);
            if total > 0 {
                self.minutes_per_calf = Some(total.div_ceil(60).min(60) as u8);
            }
        }
    }

    /// Checks what cannot be checked field by field.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.technique != Technique::MassageGun {
            if let Some(speed) = self.speed {
                return Err(Invalid::new(format!(
                    "speed ({speed}) is for the massage gun only, not the {}",
                    self.technique.label()
                )));
            }
            if let Some(head) = self.head {
                return Err(Invalid::new(format!(
                    "head ({head}) is for the massage gun only, not the {}",
                    self.technique.label()
                )));
            }
        }
        if self.seconds_per_spot.is_some() && self.spots == Some(0) {
            return Err(Invalid::new(
                "seconds per spot needs at least one tender spot (spots must be 1-50)",
            ));
        }
        Ok(())
    }

    /// Every recorded field equal, and times at most [`TWIN_MINUTES`] apart (a form's time is
    /// "now", which moves): a second save like that is more likely a double key press or a
    /// repeated command than a second session. Backfilled sessions on other days are not twins.
    pub fn same_record_as(&self, other: &MassageSession) -> bool {
        if (self.at - other.at).num_minutes().abs() > TWIN_MINUTES {
            return false;
        }
        let mut effects = self.side_effects.clone();
        let mut others = other.side_effects.clone();
        effects.sort_by_key(|e| e.as_str());
        others.sort_by_key(|e| e.as_str());
        MassageSession {
            at: other.at,
            side_effects: effects,
            ..self.clone()
        } == MassageSession {
            side_effects: others,
            ..other.clone()
        }
    }

    /// Where the session went past the usual guidance: saved, but worth a word.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        // The self-massage guidance is not for a professional's treatment; numbness still is.
        let self_massage = self.technique != Technique::Professional;
        if let Some(p) = self.pain.filter(|p| self_massage && p.value() > 7) {
            out.push(format!(
                "pain {p}/10 is above the 4-7/10 guidance: firm pressure should not hurt that much"
            ));
        }
        if let Some(m) = self.minutes_per_calf.filter(|m| self_massage && *m > 15) {
            out.push(format!(
                "{m} minutes per calf is well past the usual 5-10 minutes"
            ));
        }
        if let Some(s) = self.seconds_per_spot.filter(|s| self_massage && *s > 60) {
            out.push(format!(
                "{s} s per tender spot is long: about 30 s per spot is the usual guidance"
            ));
        }
        if self.speed == Some(GunSpeed::High) {
            out.push("the gun on high is more than calves usually need: low to medium speed is the usual guidance".to_string());
        }
        for effect in &self.side_effects {
            out.push(match effect {
                SideEffect::Bruising if !self_massage => continue,
                SideEffect::Bruising => {
                    "bruising means the pressure was too much: ease off next time".to_string()
                }
                SideEffect::Tingling | SideEffect::Numbness => format!(
                    "{effect} means stop: ask a GP or physiotherapist before the next session"
                ),
            });
        }
        out
    }

    /// `foam roller · both calves · 8 min/calf · pain 5/10`
    pub fn summary(&self) -> String {
        let mut parts = vec![self.technique.label().to_string()];
        parts.push(match self.legs {
            Leg::Both => "both calves".to_string(),
            leg => format!("{leg} calf"),
        });
        if let Some(m) = self.minutes_per_calf {
            parts.push(format!("{m} min/calf"));
        }
        if let Some(p) = self.pain {
            parts.push(format!("pain {p}/10"));
        }
        match (self.speed, self.head) {
            (Some(s), Some(h)) => parts.push(format!("{s} speed, {h} head")),
            (Some(s), None) => parts.push(format!("{s} speed")),
            (None, Some(h)) => parts.push(format!("{h} head")),
            (None, None) => {}
        }
        match (self.spots, self.seconds_per_spot) {
            (Some(n), Some(s)) => parts.push(format!("{n} spots × {s}s")),
            (Some(n), None) => parts.push(format!("{n} spots")),
            _ => {}
        }
        match (self.tight_before, self.tight_after) {
            (Some(b), Some(a)) => parts.push(format!("tight {b}→{a}")),
            (Some(b), None) => parts.push(format!("tight before {b}")),
            (None, Some(a)) => parts.push(format!("tight after {a}")),
            (None, None) => {}
        }
        if !self.side_effects.is_empty() {
            let effects: Vec<&str> = self.side_effects.iter().map(|e| e.as_str()).collect();
            parts.push(effects.join(", "));
        }
        if let Some(n) = &self.note {
            parts.push(format!("\"{}\"", crate::format::escaped(n)));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    fn session(technique: Technique) -> MassageSession {
        let at = NaiveDateTime::parse_from_str("2026-11-23 19:00", "%Y-%m-%d %H:%M").unwrap();
        MassageSession {
            minutes_per_calf: Some(8),
            pain: Some(Score::new("pain", 5).unwrap()),
            ..MassageSession::bare(at, technique)
        }
    }

    /// A massage-gun session at these settings, the ones the guidance speaks of.
    fn gun(
        pain: i64,
        minutes_per_calf: u8,
        spots: u8,
        seconds_per_spot: u16,
        speed: GunSpeed,
    ) -> MassageSession {
        MassageSession {
            pain: Some(Score::new("pain", pain).unwrap()),
            minutes_per_calf: Some(minutes_per_calf),
            spots: Some(spots),
            seconds_per_spot: Some(seconds_per_spot),
            speed: Some(speed),
            ..session(Technique::MassageGun)
        }
    }

    #[test]
    fn a_session_within_the_guidance_has_no_warning() {
        let s = session(Technique::FoamRoller);
        assert!(s.validate().is_ok());
        assert!(s.warnings().is_empty());
        assert_eq!(
            s.summary(),
            "foam roller · both calves · 8 min/calf · pain 5/10"
        );
    }

    #[test]
    fn gun_settings_with_another_technique_are_refused() {
        let mut s = session(Technique::FoamRoller);
        s.speed = Some(GunSpeed::High);
        assert_eq!(
            s.validate().unwrap_err().0,
            "speed (high) is for the massage gun only, not the foam roller"
        );
        let mut s = session(Technique::Ball);
        s.head = Some(GunHead::Bullet);
        assert!(s.validate().unwrap_err().0.starts_with("head (bullet)"));
        let mut s = session(Technique::MassageGun);
        s.speed = Some(GunSpeed::Low);
        s.head = Some(GunHead::Ball);
        assert!(s.validate().is_ok());
    }

    #[test]
    fn each_guidance_breach_warns_once() {
        let mut s = gun(8, 16, 3, 61, GunSpeed::High);
        s.side_effects = vec![SideEffect::Tingling];
        let w = s.warnings();
        assert_eq!(w.len(), 5, "{w:?}");
        assert!(w[0].contains("4-7/10"));
        assert!(w[4].contains("stop"));
    }

    #[test]
    fn the_guidance_boundaries_do_not_warn() {
        let s = gun(7, 15, 4, 60, GunSpeed::Medium);
        assert!(s.warnings().is_empty());
    }

    #[test]
    fn counts_refuse_out_of_range_and_non_numbers() {
        assert_eq!(parse_count("minutes", "8", 0, 60), Ok(8));
        assert_refusals(
            |typed| parse_count("minutes", typed, 0, 60),
            &[("-1", "minutes must be 0-60, got -1")],
        );
        assert!(
            parse_count("minutes", "ten", 0, 60)
                .unwrap_err()
                .0
                .contains("whole number")
        );
    }

    #[test]
    fn techniques_parse_with_their_choices() {
        assert_eq!(Technique::parse("massage-gun"), Ok(Technique::MassageGun));
        assert_refusals(
            Technique::parse,
            &[(
                "hammer",
                "technique must be foam-roller, massage-gun, ball, thumbs, stick, stretch or professional, got 'hammer'",
            )],
        );
    }
}
