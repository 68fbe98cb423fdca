//! Regression to the mean: was the baseline unusually bad against the weeks before it?
//!
//! People often start a routine after a bad fortnight, which would have ended by itself. The
//! 8 weeks before the baseline are cut into every 14-night window (43 of them); a window counts
//! when at least 10 of its nights are usable. The baseline is **unusually bad** when the 14
//! nights before the routine's start, or the whole baseline, had a cramp rate at or above the
//! 75th centile of those windows (nearest rank) and above the 8 weeks' own rate. The check
//! runs whenever at least 4 of the 8 weeks have 4 or more usable nights.

use super::phases::NightSummary;
use crate::domain::NightStatus;
use crate::domain::routine::Routine;
use crate::format::json;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Weeks before the baseline read for the check.
pub const PRIOR_WEEKS: i64 = 8;
/// ... of which at least this many must have `MIN_WEEK_USABLE` usable nights.
pub const MIN_PRIOR_WEEKS: usize = 4;
const MIN_WEEK_USABLE: u32 = 4;
/// A window's length and the usable nights it needs to count.
pub const FORTNIGHT: i64 = 14;
pub const MIN_WINDOW_USABLE: u32 = 10;
/// "Unusually bad": at or above this centile of the history's fortnights.
pub const CENTILE: f64 = 0.75;

/// What the check found; serialized, the report JSON's `baseline_check`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BaselineCheck {
    /// Cramps a week in the 14 nights before the start; `None` with fewer than 10 usable.
    #[serde(
        rename = "last_fortnight_per_week",
        serialize_with = "json::with_round_opt"
    )]
    pub last_fortnight: Option<f64>,
    /// Cramps a week over the whole baseline.
    #[serde(rename = "baseline_per_week", serialize_with = "json::with_round_opt")]
    pub baseline: Option<f64>,
    /// The 75th centile (nearest rank) of the history's 14-night windows, cramps a week.
    #[serde(rename = "centile75_per_week", serialize_with = "json::with_round")]
    pub centile: f64,
    /// Cramps a week over the 8 weeks before the baseline.
    #[serde(rename = "history_per_week", serialize_with = "json::with_round")]
    pub history: f64,
    /// 14-night windows that counted.
    pub windows: usize,
    pub unusually_bad: bool,
}

/// Cramps and usable nights in `from..=to`.
fn count(nights: &[NightSummary], from: NaiveDate, to: NaiveDate) -> (u32, u32) {
    nights
        .iter()
        .filter(|n| n.night_of >= from && n.night_of <= to && n.status != NightStatus::Excluded)
        .fold((0, 0), |(c, u), n| (c + n.cramps, u + 1))
}

fn per_week((cramps, usable): (u32, u32)) -> Option<f64> {
    (usable > 0).then(|| f64::from(cramps) * 7.0 / f64::from(usable))
}

/// The value at or below which `share` of `values` lie, by nearest rank.
pub fn nearest_rank(values: &mut [f64], share: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = (share * values.len() as f64).ceil().max(1.0) as usize;
    Some(values[rank - 1])
}

/// The check for `r`; `nights` holds at least the baseline, `before` the 8 weeks before it.
/// `None` when those weeks are too thinly logged to say.
pub fn check(
    r: &Routine,
    nights: &[NightSummary],
    before: &[NightSummary],
) -> Option<BaselineCheck> {
    let start = r.baseline_start();
    let first = start - Duration::days(PRIOR_WEEKS * 7);
    let well_logged = (0..PRIOR_WEEKS)
        .filter(|w| {
            let from = first + Duration::days(w * 7);
            count(before, from, from + Duration::days(6)).1 >= MIN_WEEK_USABLE
        })
        .count();
    if well_logged < MIN_PRIOR_WEEKS {
        return None;
    }
    let mut windows: Vec<f64> = (0..=PRIOR_WEEKS * 7 - FORTNIGHT)
        .filter_map(|i| {
            let from = first + Duration::days(i);
            let c = count(before, from, from + Duration::days(FORTNIGHT - 1));
            (c.1 >= MIN_WINDOW_USABLE).then(|| per_week(c)).flatten()
        })
        .collect();
    let centile = nearest_rank(&mut windows, CENTILE)?;
    let history = per_week(count(before, first, start - Duration::days(1)))?;
    let end = r.baseline_end();
    let last = count(nights, end - Duration::days(FORTNIGHT - 1), end);
    let last_fortnight = (last.1 >= MIN_WINDOW_USABLE)
        .then(|| per_week(last))
        .flatten();
    let baseline = per_week(count(nights, start, end));
    let bad = |rate: Option<f64>| rate.is_some_and(|x| x >= centile && x > history);
    Some(BaselineCheck {
        last_fortnight,
        baseline,
        centile,
        history,
        windows: windows.len(),
        unusually_bad: bad(last_fortnight) || bad(baseline),
    })
}

impl BaselineCheck {
    /// [`Self::sentence`] in two 80-column lines.
    pub fn sentence_short(&self, weeks: usize) -> Option<String> {
        if !self.unusually_bad {
            return None;
        }
        let (what, rate) = self.what_was_bad();
        Some(format!(
            "Your baseline was unusually bad ({rate:.1} cramps a week in {what}; 3 in 4 earlier fortnights had {:.1} or fewer): compared with the {weeks} weeks before instead.",
            self.centile
        ))
    }

    fn what_was_bad(&self) -> (&'static str, f64) {
        match self.last_fortnight {
            Some(x) if x >= self.centile && x > self.history => {
                ("the 14 nights before the start", x)
            }
            _ => ("your baseline", self.baseline.unwrap_or_default()),
        }
    }

    /// One sentence naming what was unusual and what the verdict does about it: the routine is
    /// compared with `weeks` weeks before it, `rate` cramps a week.
    pub fn sentence(&self, weeks: usize, rate_before: f64) -> Option<String> {
        if !self.unusually_bad {
            return None;
        }
        let (what, rate) = self.what_was_bad();
        Some(format!(
            "Your baseline was unusually bad ({what} had {rate:.1} cramps a week; 3 in 4 fortnights of the 8 weeks before had {:.1} or fewer), so the routine is compared with all {weeks} weeks before it ({rate_before:.1} a week) instead: part of any fall after a bad spell comes by itself.",
            self.centile
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn nights(from: NaiveDate, cramps: &[u32]) -> Vec<NightSummary> {
        cramps
            .iter()
            .enumerate()
            .map(|(i, &c)| NightSummary::counted(from + Duration::days(i as i64), c))
            .collect()
    }

    #[test]
    fn nearest_rank_takes_the_value_at_the_rank() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(nearest_rank(&mut v, 0.75), Some(3.0));
        assert_eq!(nearest_rank(&mut [5.0], 0.75), Some(5.0));
        assert_eq!(nearest_rank(&mut [], 0.75), None);
    }

    /// A routine on Mon 7 Dec 2026 with its 28-night baseline from 9 Nov; history from 14 Sep.
    fn setup(history: &[u32], baseline: &[u32]) -> Option<BaselineCheck> {
        let r = Routine::new(day("2026-12-07"), 4, 5, 28);
        let before = nights(day("2026-09-14"), history);
        let base = nights(day("2026-11-09"), baseline);
        check(&r, &base, &before)
    }

    #[test]
    fn a_bad_last_fortnight_fires_and_says_so() {
        // History: one cramp every other night (3.5 a week) all 8 weeks; baseline: calm then
        // 14 nights of two a night.
        let history: Vec<u32> = (0..56).map(|i| u32::from(i % 2 == 0)).collect();
        let baseline: Vec<u32> = (0..28).map(|i| if i < 14 { 0 } else { 2 }).collect();
        let c = setup(&history, &baseline).unwrap();
        assert!(c.unusually_bad);
        assert_eq!(c.windows, 43);
        assert_eq!(c.last_fortnight, Some(14.0));
        assert!((c.history - 3.5).abs() < 1e-12);
        assert_eq!(c.centile, 3.5);
        assert_eq!(
            c.sentence(12, 4.9).unwrap(),
            "Your baseline was unusually bad (the 14 nights before the start had 14.0 cramps a week; 3 in 4 fortnights of the 8 weeks before had 3.5 or fewer), so the routine is compared with all 12 weeks before it (4.9 a week) instead: part of any fall after a bad spell comes by itself."
        );
    }

    #[test]
    fn an_ordinary_baseline_does_not_fire() {
        let history: Vec<u32> = (0..56).map(|i| u32::from(i % 2 == 0)).collect();
        let baseline: Vec<u32> = (0..28).map(|i| u32::from(i % 3 == 0)).collect();
        let c = setup(&history, &baseline).unwrap();
        assert!(!c.unusually_bad, "{c:?}");
        assert_eq!(c.sentence(12, 1.0), None);
    }

    #[test]
    fn a_cramp_free_history_and_baseline_is_not_unusually_bad() {
        let c = setup(&[0; 56], &[0; 28]).unwrap();
        assert_eq!(c.centile, 0.0);
        assert!(!c.unusually_bad);
    }

    #[test]
    fn a_thin_history_gives_no_check() {
        // Only 3 of the 8 weeks have 4 usable nights.
        let r = Routine::new(day("2026-12-07"), 4, 5, 28);
        let before: Vec<NightSummary> = (0..21)
            .map(|i| NightSummary::counted(day("2026-09-14") + Duration::days(i), 1))
            .collect();
        assert_eq!(
            check(&r, &nights(day("2026-11-09"), &[1; 28]), &before),
            None
        );
    }
}
