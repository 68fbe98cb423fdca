//! Season: the months of each phase, a caveat when the baseline and the routine lie on either
//! side of a spring or autumn turn, and the same dates a year earlier when the diary has them
//! (issue 21).
//!
//! Leg cramps are seasonal: quinine prescriptions and "leg cramps" searches roughly double from
//! the winter low to the summer high, peaking in July in the north and January in the south
//! (Garrison et al., CMAJ 2015;187:248). A curve peaking mid-summer crosses its mean about
//! mid-April and mid-October: those are the **turns** (spring in April in the north, in October
//! in the south). A turn lies between the phases when it falls after the baseline's middle
//! night and on or before the routine's.

use super::phases::{NightSummary, PhaseStats};
use crate::domain::routine::Routine;
use crate::domain::season::Hemisphere;
use crate::format::json;
use chrono::{Datelike, Duration, NaiveDate};

/// The day of each turn: mid-April and mid-October.
pub const TURN_DAY: u32 = 15;
pub const TURN_MONTHS: [u32; 2] = [4, 10];
/// A year-earlier window counts when at least this share of its nights are usable.
pub const EARLIER_MIN_COVERAGE: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Turn {
    /// Cramps usually become more common after it.
    Spring,
    /// ... less common.
    Autumn,
}

/// The same dates a year earlier; serialized, the report JSON's `season.same_dates_earlier`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EarlierYear {
    pub year: i32,
    /// Cramps a week over the baseline's dates and the routine's, a year earlier.
    #[serde(rename = "before_per_week", serialize_with = "json::with_round")]
    pub before: f64,
    #[serde(rename = "during_per_week", serialize_with = "json::with_round")]
    pub during: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Season {
    /// `Sep–Oct 2026`.
    pub baseline_months: String,
    pub routine_months: String,
    /// The turn between the two phases, and its date.
    pub turn: Option<(Turn, NaiveDate)>,
    pub earlier: Option<EarlierYear>,
}

/// `Oct 2026`, `Sep–Oct 2026`, `Dec 2026–Jan 2027`.
pub fn months(from: NaiveDate, to: NaiveDate) -> String {
    let (a, b) = (from.min(to), from.max(to));
    if (a.year(), a.month()) == (b.year(), b.month()) {
        a.format("%b %Y").to_string()
    } else if a.year() == b.year() {
        format!("{}–{}", a.format("%b"), b.format("%b %Y"))
    } else {
        format!("{}–{}", a.format("%b %Y"), b.format("%b %Y"))
    }
}

fn middle(from: NaiveDate, to: NaiveDate) -> NaiveDate {
    from + Duration::days((to - from).num_days() / 2)
}

/// The date one year before (29 February becomes the 28th).
pub fn a_year_before(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), 28))
        .unwrap_or(d - Duration::days(365))
}

/// The first turn after `after` and on or before `until`, with its kind in `hemisphere`.
pub fn turn_between(
    after: NaiveDate,
    until: NaiveDate,
    hemisphere: Hemisphere,
) -> Option<(Turn, NaiveDate)> {
    (after.year()..=until.year())
        .flat_map(|y| TURN_MONTHS.map(|m| NaiveDate::from_ymd_opt(y, m, TURN_DAY)))
        .flatten()
        .filter(|d| *d > after && *d <= until)
        .min()
        .map(|d| {
            let spring = (d.month() == 4) == (hemisphere == Hemisphere::North);
            (if spring { Turn::Spring } else { Turn::Autumn }, d)
        })
}

impl Season {
    /// For `r`'s baseline and its routine up to `last` (the last night analysed);
    /// `year_before` holds the diary's nights a year before those dates.
    pub fn compute(
        r: &Routine,
        last: NaiveDate,
        hemisphere: Hemisphere,
        year_before: &[NightSummary],
    ) -> Self {
        let (b0, b1) = (r.baseline_start(), r.baseline_end());
        let (r0, r1) = (r.start, last.max(r.start));
        let earlier = {
            let before = PhaseStats::compute(a_year_before(b0), a_year_before(b1), year_before);
            let during = PhaseStats::compute(a_year_before(r0), a_year_before(r1), year_before);
            let enough = |p: &PhaseStats| {
                p.nights > 0 && f64::from(p.logged) >= EARLIER_MIN_COVERAGE * f64::from(p.nights)
            };
            match (before.rate_per_week, during.rate_per_week) {
                (Some(b), Some(d)) if enough(&before) && enough(&during) => Some(EarlierYear {
                    year: a_year_before(r0).year(),
                    before: b,
                    during: d,
                }),
                _ => None,
            }
        };
        Self {
            baseline_months: months(b0, b1),
            routine_months: months(r0, r1),
            turn: turn_between(middle(b0, b1), middle(r0, r1), hemisphere),
            earlier,
        }
    }

    /// `baseline Sep–Oct 2026 · routine Oct–Nov 2026`
    pub fn months_line(&self) -> String {
        format!(
            "baseline {} · routine {}",
            self.baseline_months, self.routine_months
        )
    }

    /// The season caveat, naming the months and suggesting the on/off experiment.
    pub fn caveat(&self) -> Option<String> {
        let (turn, day) = self.turn?;
        let (name, direction) = match turn {
            Turn::Spring => ("spring", "more"),
            Turn::Autumn => ("autumn", "less"),
        };
        Some(format!(
            "Season: your baseline ({}) and routine ({}) lie on either side of the {name} turn (mid-{}), after which leg cramps usually become {direction} common (Garrison et al. 2015), so part of any change may be the season; a randomised on/off-week experiment balances the season within each pair of weeks.",
            self.baseline_months,
            self.routine_months,
            day.format("%B")
        ))
    }

    /// [`Self::caveat`] in two 80-column lines, still naming the months.
    pub fn caveat_short(&self) -> Option<String> {
        let (turn, _) = self.turn?;
        let (name, direction) = match turn {
            Turn::Spring => ("spring", "rise"),
            Turn::Autumn => ("autumn", "fall"),
        };
        Some(format!(
            "Season: baseline {}, routine {}: either side of the {name} turn, when cramps usually {direction}; an on/off experiment balances the season.",
            self.baseline_months, self.routine_months
        ))
    }

    /// `The same dates in 2025: 4.1 → 3.0 cramps a week (-27%).`
    pub fn earlier_line(&self) -> Option<String> {
        let e = self.earlier?;
        let change = if e.before > 0.0 {
            format!(" ({:+.0}%)", (e.during / e.before - 1.0) * 100.0)
        } else {
            String::new()
        };
        Some(format!(
            "The same dates in {}: {:.1} → {:.1} cramps a week{change}.",
            e.year, e.before, e.during
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    #[test]
    fn months_name_one_or_two_months_and_the_year() {
        assert_eq!(months(day("2026-10-01"), day("2026-10-28")), "Oct 2026");
        assert_eq!(months(day("2026-09-14"), day("2026-10-11")), "Sep–Oct 2026");
        assert_eq!(
            months(day("2026-12-14"), day("2027-01-10")),
            "Dec 2026–Jan 2027"
        );
    }

    #[test]
    fn an_autumn_turn_between_the_phases_gives_the_caveat_in_the_north() {
        // Baseline 14 Sep - 11 Oct (middle 27 Sep), routine 12 Oct - 8 Nov (middle 25 Oct).
        let r = Routine::new(day("2026-10-12"), 4, 5, 28);
        let s = Season::compute(&r, r.end(), Hemisphere::North, &[]);
        assert_eq!(s.turn, Some((Turn::Autumn, day("2026-10-15"))));
        let c = s.caveat().unwrap();
        assert!(c.starts_with("Season: your baseline (Sep–Oct 2026) and routine (Oct–Nov 2026) lie on either side of the autumn turn (mid-October), after which leg cramps usually become less common"), "{c}");
        assert!(c.contains("on/off-week experiment"), "{c}");
        // The same dates in the south: the October turn is spring there.
        let s = Season::compute(&r, r.end(), Hemisphere::South, &[]);
        assert_eq!(s.turn.map(|t| t.0), Some(Turn::Spring));
    }

    #[test]
    fn phases_on_the_same_side_have_no_caveat() {
        let r = Routine::new(day("2026-07-06"), 4, 5, 28);
        let s = Season::compute(&r, r.end(), Hemisphere::North, &[]);
        assert_eq!(s.turn, None);
        assert_eq!(s.caveat(), None);
        assert_eq!(
            s.months_line(),
            "baseline Jun–Jul 2026 · routine Jul–Aug 2026"
        );
    }

    #[test]
    fn a_turn_inside_the_baseline_but_before_its_middle_does_not_count() {
        // Baseline 10 Apr - 7 May (middle 23 Apr): the 15 April turn is before its middle.
        let r = Routine::new(day("2026-05-08"), 4, 5, 28);
        assert_eq!(
            Season::compute(&r, r.end(), Hemisphere::North, &[]).turn,
            None
        );
    }

    #[test]
    fn the_same_dates_a_year_earlier_show_when_logged() {
        let r = Routine::new(day("2026-10-12"), 4, 5, 28);
        // A year earlier: 2 a night through the baseline's dates, 1 a night through the routine's.
        let nights: Vec<NightSummary> = (0..56)
            .map(|i| {
                let d = day("2025-09-14") + Duration::days(i);
                NightSummary::counted(d, if i < 28 { 2 } else { 1 })
            })
            .collect();
        let s = Season::compute(&r, r.end(), Hemisphere::North, &nights);
        let e = s.earlier.unwrap();
        assert_eq!((e.year, e.before, e.during), (2025, 14.0, 7.0));
        assert_eq!(
            s.earlier_line().unwrap(),
            "The same dates in 2025: 14.0 → 7.0 cramps a week (-50%)."
        );
        // Thinly logged a year earlier: nothing shown.
        let thin: Vec<NightSummary> = nights.iter().step_by(3).cloned().collect();
        assert_eq!(
            Season::compute(&r, r.end(), Hemisphere::North, &thin).earlier,
            None
        );
    }

    #[test]
    fn the_29th_of_february_goes_back_to_the_28th() {
        assert_eq!(a_year_before(day("2028-02-29")), day("2027-02-28"));
        assert_eq!(a_year_before(day("2026-10-12")), day("2025-10-12"));
    }
}
