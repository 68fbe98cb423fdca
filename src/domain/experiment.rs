//! The on/off-week experiment (an n-of-1 trial): pairs of one routine week and one rest week in
//! random order, fixed before it starts, with the analysis written down in advance.

use super::Invalid;
use super::session::Technique;
use super::words::word_enum;
use chrono::{Duration, NaiveDate};
use rand::{Rng, RngExt};

pub const DEFAULT_PAIRS: u8 = 6;
pub const MIN_PAIRS: i64 = super::bounds::EXPERIMENT_PAIRS.min;
pub const MAX_PAIRS: i64 = super::bounds::EXPERIMENT_PAIRS.max;
/// At most 3 nights of each week may be left out, so a week can still have 4 usable nights.
pub const MAX_WASHOUT_NIGHTS: i64 = super::bounds::WASHOUT_NIGHTS.max;
/// A week with fewer usable nights than this makes the analysis "not enough data".
pub const MIN_USABLE_NIGHTS: u32 = 4;
/// Deep-tissue days asked for in a routine week.
pub const ROUTINE_DAYS_PER_WEEK: u32 = 5;
/// The significance threshold fixed in the plan.
pub const THRESHOLD: f64 = 0.05;
/// What is compared, as stored with the plan.
pub const OUTCOME: &str = "cramps per usable night, routine weeks minus rest weeks";
/// How it is compared, as stored with the plan.
pub const TEST: &str = "exact randomisation test over all 2^N pair orders, two-sided";

word_enum!(
    /// What a week of the experiment asks for.
    Arm, "arm", { Routine => "routine", Rest => "rest" }
);

impl Arm {
    /// "routine week — about 5 sessions" / "rest week — no deep-tissue work"
    pub fn instruction(self) -> String {
        match self {
            Arm::Routine => format!("routine week — about {ROUTINE_DAYS_PER_WEEK} sessions"),
            Arm::Rest => "rest week — no deep-tissue work (stretching is fine)".to_string(),
        }
    }
}

/// Foam roller, massage gun, ball, thumbs and stick work the calf's deep tissue; stretching and
/// a professional's session are shown but neither count for a routine week nor break a rest week.
pub fn is_deep_tissue(technique: Technique) -> bool {
    !matches!(technique, Technique::Stretch | Technique::Professional)
}

/// An experiment with its plan as written when it started (it never changes).
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub experiment: Experiment,
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experiment {
    pub start: NaiveDate,
    pub pairs: u8,
    pub washout_nights: u8,
    /// One arm per week, `2 * pairs` long; weeks `2k` and `2k + 1` (0-based) form pair `k + 1`.
    pub schedule: Vec<Arm>,
    /// Set when it was stopped before its planned end (the last day it ran).
    pub stopped_on: Option<NaiveDate>,
}

/// The smallest two-sided p-value `pairs` pairs can give: both extreme orders of `2^pairs`.
pub fn smallest_p(pairs: u8) -> f64 {
    2.0 / 2f64.powi(i32::from(pairs))
}

impl Experiment {
    /// Draws the order within every pair, the first included, from `rng` (the caller seeds it
    /// from the operating system; tests pass a seeded one).
    pub fn draw(start: NaiveDate, pairs: u8, washout_nights: u8, rng: &mut impl Rng) -> Self {
        let schedule = (0..pairs)
            .flat_map(|_| {
                if rng.random_bool(0.5) {
                    [Arm::Routine, Arm::Rest]
                } else {
                    [Arm::Rest, Arm::Routine]
                }
            })
            .collect();
        Self {
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

    /// Reads a stored schedule back; every pair must hold one routine and one rest week.
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_pair_is_balanced_and_orders_vary_across_seeds_first_pair_included() {
        let mut first_routine = 0;
        let mut orders = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let e = Experiment::draw(day("2026-12-07"), 6, 0, &mut StdRng::seed_from_u64(seed));
            assert_eq!(e.schedule.len(), 12);
            for pair in e.schedule.chunks(2) {
                assert_ne!(pair[0], pair[1], "seed {seed}: {:?}", e.schedule);
            }
            first_routine += usize::from(e.schedule[0] == Arm::Routine);
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
            start: day("2026-12-07"),
            pairs: 2,
            washout_nights: 0,
            schedule: vec![Arm::Rest, Arm::Routine, Arm::Routine, Arm::Rest],
            stopped_on: None,
        };
        assert_eq!(e.planned_end(), day("2027-01-03"));
        assert_eq!(e.week_of(day("2026-12-14")), Some(2));
        assert_eq!(e.arm_on(day("2026-12-13")), Some(Arm::Rest));
        assert_eq!(e.arm_on(day("2026-12-14")), Some(Arm::Routine));
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
        assert_eq!(
            Experiment::parse_pairs("1").unwrap_err().0,
            "pairs must be 2-16, got 1"
        );
        assert_eq!(
            Experiment::parse_washout("4").unwrap_err().0,
            "washout nights must be 0-3, got 4"
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
