//! The on/off-week experiment (an n-of-1 trial): pairs of one on week and one off week of an
//! intervention in random order, fixed before it starts, with the analysis written down in
//! advance.

use super::Invalid;
use super::Stamp;
use super::intervention::Intervention;
use super::words::word_enum;
use chrono::{Duration, NaiveDate};
use rand::{Rng, RngExt};

/// 8 pairs: the smallest p-value is 2/256 = 0.0078, so a verdict does not need every pair to
/// go the same way (with 6 it does: 2/64 = 0.031 is the only p under 0.05).
pub const DEFAULT_PAIRS: u8 = 8;
pub const MIN_PAIRS: i64 = super::bounds::EXPERIMENT_PAIRS.min;
pub const MAX_PAIRS: i64 = super::bounds::EXPERIMENT_PAIRS.max;
/// At most 3 nights of each week may be left out, so a week can still have 4 usable nights.
pub const MAX_WASHOUT_NIGHTS: i64 = super::bounds::WASHOUT_NIGHTS.max;
/// A week with fewer usable nights than this makes the analysis "not enough data".
pub const MIN_USABLE_NIGHTS: u32 = 4;
/// The significance threshold fixed in the plan.
pub const THRESHOLD: f64 = 0.05;
/// What is compared, as stored with the plan.
pub const OUTCOME: &str = "cramps per usable night, on weeks minus off weeks";
/// How it is compared, as stored with the plan.
pub const TEST: &str = "exact randomisation test over all 2^N pair orders, two-sided, pairs weighted by usable nights; interval by inverting the test";

word_enum!(
    /// What a week of the experiment asks for: the intervention (on) or not (off). Stored as
    /// `routine` and `rest`, the words of the first experiments.
    Arm, "arm", { On => "routine", Off => "rest" }
);

impl Arm {
    /// `on` / `off`: how every screen and report names the arm.
    pub fn word(self) -> &'static str {
        match self {
            Arm::On => "on",
            Arm::Off => "off",
        }
    }

    /// "on week — foam roller on about 5 days" / "off week — no foam roller"
    pub fn instruction(self, intervention: &Intervention) -> String {
        match self {
            Arm::On => format!("on week — {}", intervention.on_week()),
            Arm::Off => format!("off week — {}", intervention.off_week()),
        }
    }
}

/// An experiment with its plan as written when it started (it never changes).
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub experiment: Experiment,
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
    pub origin: Origin,
}

word_enum!(
    /// Where a schedule came from.
    ScheduleSource, "schedule_source", {
        Drawn => "drawn",
        Imported => "imported",
        Unrecorded => "unrecorded",
    }
);

/// Why an experiment's schedule is not pre-registered: it did not exist before every night it
/// covers. Judged on the diary as it is (whatever order its rows arrived in), and kept from the
/// import that brought it over nights this diary already held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unregistered {
    /// A night it covers was logged (created) before the schedule was drawn.
    NightsLoggedFirst,
    /// The schedule was drawn more than a day after the first day (yesterday is the earliest a
    /// start may be): its first nights were lived before it existed.
    DrawnLate,
    /// Imported into this diary when the diary already held nights on or after its start.
    ImportedOverNights,
}

impl Unregistered {
    /// The reason in a few words, after "NOT pre-registered here: ".
    pub fn short(self) -> &'static str {
        match self {
            Unregistered::NightsLoggedFirst => {
                "nights it covers were logged before its schedule was drawn"
            }
            Unregistered::DrawnLate => "its schedule was drawn after it began",
            Unregistered::ImportedOverNights => "its schedule arrived after nights it covers",
        }
    }
}

/// Where the schedule came from, and whether it existed before any night of the experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: ScheduleSource,
    /// When the schedule was drawn (here, or in the diary it was imported from).
    pub drawn_at: Stamp,
    pub imported_at: Option<Stamp>,
    /// Why it is not pre-registered; `None`: drawn before any night it covers.
    pub unregistered: Option<Unregistered>,
    /// When its stop was recorded.
    pub stopped_at: Option<Stamp>,
}

impl Origin {
    /// Drawn before any night it covers, and not imported over nights this diary held.
    pub fn preregistered(&self) -> bool {
        self.unregistered.is_none()
    }

    /// Why not, from the facts the diary holds: nights it covers logged before the schedule
    /// (`nights_logged_first`), a schedule drawn after `start`'s next day, else `stored` (what
    /// the import that brought it found).
    pub fn judge(
        &mut self,
        start: NaiveDate,
        nights_logged_first: bool,
        stored: Option<Unregistered>,
    ) {
        let late = self
            .drawn_at
            .date()
            .is_some_and(|d| start < earliest_start(d));
        self.unregistered = if nights_logged_first {
            Some(Unregistered::NightsLoggedFirst)
        } else if late {
            Some(Unregistered::DrawnLate)
        } else {
            stored
        };
    }

    /// "drawn by this diary on Tue 1 Dec 2026, before any of its nights"
    pub fn words(&self) -> String {
        let day = |s: &Stamp| s.date().map_or(s.to_string(), super::dates::long_date);
        let drawn = day(&self.drawn_at);
        let before = match self.unregistered {
            None => "before any of its nights".to_string(),
            Some(Unregistered::ImportedOverNights) => "NOT pre-registered here: this diary held nights on or after its start before it held the schedule".to_string(),
            Some(why) => format!("NOT pre-registered here: {}", why.short()),
        };
        match (self.source, &self.imported_at) {
            (ScheduleSource::Drawn, _) => format!("drawn by this diary on {drawn}, {before}"),
            (ScheduleSource::Imported, Some(at)) => format!(
                "drawn on {drawn} and imported from a file on {}; {before}",
                day(at)
            ),
            (ScheduleSource::Imported, None) => {
                format!("drawn on {drawn} and imported from a file; {before}")
            }
            (ScheduleSource::Unrecorded, _) => {
                format!("drawn on {drawn} (where, this diary's version did not record); {before}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experiment {
    pub intervention: Intervention,
    pub start: NaiveDate,
    pub pairs: u8,
    pub washout_nights: u8,
    /// One arm per week, `2 * pairs` long; weeks `2k` and `2k + 1` (0-based) form pair `k + 1`.
    pub schedule: Vec<Arm>,
    /// Set when it was stopped before its planned end (the last day it ran).
    pub stopped_on: Option<NaiveDate>,
}

/// A daily habit's answer for a night of its experiment: whether it was done on the day before
/// that night (the evening the night begins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub experiment: super::Uid,
    pub night_of: NaiveDate,
    pub done: bool,
}

/// `yes`/`y` or `no`/`n`, any case.
pub fn parse_answer(field: &str, raw: &str) -> Result<bool, Invalid> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" => Ok(false),
        _ => Err(Invalid::new(format!(
            "{field} must be yes or no, got {}",
            super::shown(raw.trim())
        ))),
    }
}

/// The earliest first day a schedule drawn on `today` may have: yesterday (its evening may
/// already have begun an on week). One drawn later than that is not pre-registered: nights it
/// covers were lived before it existed.
pub fn earliest_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(1)
}

/// A first day from [`earliest_start`] on: one a schedule drawn today may have.
pub fn check_start(field: &str, start: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
    let earliest = earliest_start(today);
    if start < earliest {
        return Err(Invalid::new(format!(
            "{field} must be yesterday ({earliest}) or later: a schedule drawn after nights it covers were lived is not pre-registered; got {start}"
        )));
    }
    Ok(())
}

/// Why a new draw starting on `got` may not share weeks with a draw for `first` to `last`
/// that was cancelled before it began: "`field` must be after …; got …".
pub fn refuses_redraw(field: &str, first: NaiveDate, last: NaiveDate, got: NaiveDate) -> String {
    format!(
        "{field} must be after {last}: a schedule drawn for {first} to {last} was cancelled before it began, and its weeks are not drawn again (a schedule re-drawn until it suits proves nothing); got {got}"
    )
}

/// The smallest two-sided p-value `pairs` pairs can give: both extreme orders of `2^pairs`.
pub fn smallest_p(pairs: u8) -> f64 {
    2.0 / 2f64.powi(i32::from(pairs))
}

impl Experiment {
    /// Draws the order within every pair, the first included, from `rng` (the caller seeds it
    /// from the operating system; tests pass a seeded one).
    pub fn draw(
        intervention: Intervention,
        start: NaiveDate,
        pairs: u8,
        washout_nights: u8,
        rng: &mut impl Rng,
    ) -> Self {
        let schedule = (0..pairs)
            .flat_map(|_| {
                if rng.random_bool(0.5) {
                    [Arm::On, Arm::Off]
                } else {
                    [Arm::Off, Arm::On]
                }
            })
            .collect();
        Self {
            intervention,
            start,
            pairs,
            washout_nights,
            schedule,
            stopped_on: None,
        }
    }

    pub fn parse_pairs(raw: &str) -> Result<u8, Invalid> {
        super::bounds::EXPERIMENT_PAIRS
            .parse("pairs", raw)
            .map(|v| v as u8)
    }

    pub fn parse_washout(raw: &str) -> Result<u8, Invalid> {
        super::bounds::WASHOUT_NIGHTS
            .parse("washout nights", raw)
            .map(|v| v as u8)
    }

    /// `routine,rest,rest,routine`: how the schedule is stored.
    pub fn schedule_words(&self) -> String {
        let words: Vec<&str> = self.schedule.iter().map(|a| a.as_str()).collect();
        words.join(",")
    }

    /// Reads a stored schedule back; every pair must hold one on (`routine`) and one off
    /// (`rest`) week.
    pub fn parse_schedule(text: &str, pairs: u8) -> Result<Vec<Arm>, Invalid> {
        let arms = text
            .split(',')
            .map(Arm::parse)
            .collect::<Result<Vec<_>, _>>()?;
        let balanced = arms.chunks(2).all(|p| p.len() == 2 && p[0] != p[1]);
        if arms.len() != usize::from(pairs) * 2 || !balanced {
            return Err(Invalid::new(format!(
                "schedule must be {pairs} pairs of one routine and one rest week, got '{text}'"
            )));
        }
        Ok(arms)
    }

    pub fn weeks(&self) -> u8 {
        self.pairs * 2
    }

    /// First and last day of week `week` (1-based).
    pub fn week_range(&self, week: u8) -> (NaiveDate, NaiveDate) {
        let from = self.start + Duration::days(7 * i64::from(week.saturating_sub(1)));
        (from, from + Duration::days(6))
    }

    pub fn planned_end(&self) -> NaiveDate {
        self.week_range(self.weeks()).1
    }

    /// The last day: the planned end, or the day it was stopped. Stopped on its first day (which
    /// is how one stopped before it began is stored), no day of it is in force: the day before
    /// the start.
    pub fn end(&self) -> NaiveDate {
        match self.stopped_on {
            Some(stop) if stop <= self.start => self.start - Duration::days(1),
            Some(stop) if stop < self.planned_end() => stop,
            _ => self.planned_end(),
        }
    }

    /// Stopped on (or before) its first day: it never ran.
    pub fn is_cancelled(&self) -> bool {
        self.stopped_on.is_some_and(|s| s <= self.start)
    }

    pub fn is_stopped_early(&self) -> bool {
        self.stopped_on.is_some_and(|s| s < self.planned_end())
    }

    /// The week `date` is in (1-based), within the planned schedule.
    pub fn week_of(&self, date: NaiveDate) -> Option<u8> {
        if date < self.start || date > self.planned_end() {
            return None;
        }
        Some(((date - self.start).num_days() / 7 + 1) as u8)
    }

    /// The arm in force on `date`; `None` before the start or after the (possibly early) end.
    pub fn arm_on(&self, date: NaiveDate) -> Option<Arm> {
        if date > self.end() {
            return None;
        }
        self.week_of(date)
            .map(|w| self.schedule[usize::from(w) - 1])
    }

    pub fn is_running(&self, today: NaiveDate) -> bool {
        self.start <= today && today <= self.end()
    }

    /// A night a daily habit may be answered for: from the start to the last day (none when
    /// it was cancelled before it began).
    pub fn check_answer_night(&self, field: &str, night: NaiveDate) -> Result<(), Invalid> {
        if !self.intervention.is_daily() {
            return Err(Invalid::new(format!(
                "{field}: the experiment tests {}, whose days come from your sessions; only a daily-habit experiment is answered night by night",
                self.intervention.name()
            )));
        }
        if self.is_cancelled() {
            return Err(Invalid::new(format!(
                "{field}: the experiment planned from {} was cancelled before it began, so it has no nights to answer",
                self.start
            )));
        }
        if night < self.start || night > self.end() {
            return Err(Invalid::new(format!(
                "{field} must be a night of the experiment, {} to {}, got {night}",
                self.start,
                self.end()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;
    use crate::domain::dates::day;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn every_pair_is_balanced_and_orders_vary_across_seeds_first_pair_included() {
        let mut first_routine = 0;
        let mut orders = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let e = Experiment::draw(
                Intervention::Routine,
                day("2026-12-07"),
                6,
                0,
                &mut StdRng::seed_from_u64(seed),
            );
            assert_eq!(e.schedule.len(), 12);
            for pair in e.schedule.chunks(2) {
                assert_ne!(pair[0], pair[1], "seed {seed}: {:?}", e.schedule);
            }
            first_routine += usize::from(e.schedule[0] == Arm::On);
            orders.insert(e.schedule_words());
        }
        // The first pair is randomised like the others: both orders occur, roughly evenly.
        assert!(
            (70..=130).contains(&first_routine),
            "{first_routine} of 200"
        );
        assert!(
            orders.len() > 50,
            "only {} distinct schedules",
            orders.len()
        );
    }

    #[test]
    fn weeks_arms_and_the_end() {
        let mut e = Experiment {
            intervention: Intervention::Routine,
            start: day("2026-12-07"),
            pairs: 2,
            washout_nights: 0,
            schedule: vec![Arm::Off, Arm::On, Arm::On, Arm::Off],
            stopped_on: None,
        };
        assert_eq!(e.planned_end(), day("2027-01-03"));
        assert_eq!(e.week_of(day("2026-12-14")), Some(2));
        assert_eq!(e.arm_on(day("2026-12-13")), Some(Arm::Off));
        assert_eq!(e.arm_on(day("2026-12-14")), Some(Arm::On));
        assert_eq!(e.arm_on(day("2027-01-04")), None);
        e.stopped_on = Some(day("2026-12-15"));
        assert_eq!(e.arm_on(day("2026-12-16")), None);
        assert!(e.is_stopped_early());
        // Stopped on its first day (or before it began): not one day of it is in force.
        e.stopped_on = Some(e.start);
        assert!(e.is_cancelled());
        assert_eq!(e.arm_on(e.start), None);
        assert!(!e.is_running(e.start));
    }

    #[test]
    fn stored_schedules_must_be_balanced() {
        assert!(Experiment::parse_schedule("routine,rest,rest,routine", 2).is_ok());
        assert!(Experiment::parse_schedule("routine,routine,rest,rest", 2).is_err());
        assert!(Experiment::parse_schedule("routine,rest", 2).is_err());
    }

    #[test]
    fn parameters_have_ranges() {
        assert_refusals(
            Experiment::parse_pairs,
            &[("1", "pairs must be 2-16, got 1")],
        );
        assert_refusals(
            Experiment::parse_washout,
            &[("4", "washout nights must be 0-3, got 4")],
        );
    }

    #[test]
    fn smallest_p_values() {
        // 2 / 2^N: the observed order and its mirror image are the two most extreme.
        assert_eq!(smallest_p(3), 0.25);
        assert_eq!(smallest_p(5), 0.0625);
        assert_eq!(smallest_p(6), 0.03125);
        assert_eq!(smallest_p(8), 0.0078125);
    }
}
