//! The report JSON's parts from issue 21 (version 3): what the routine is compared with, the
//! regression-to-the-mean check, the season and "did it last?".

use crate::analysis::dashboard::Dashboard;
use crate::analysis::lasting::Lasted;
use crate::analysis::rate::{LEVEL_PCT, METHOD, RateRatio};
use crate::analysis::rtm::BaselineCheck;
use crate::analysis::season::{EarlierYear, Turn};
use crate::analysis::sequence::LookInterval;
use crate::analysis::verdict::Reference;
use crate::format::json::{iso, round};
use serde::Serialize;

/// A rounded value, `null` when unbounded.
fn bounded(v: f64) -> Option<f64> {
    v.is_finite().then(|| round(v))
}

/// An estimate with its interval; `null` stands for an unbounded value.
#[derive(Debug, Serialize)]
pub struct IntervalJson {
    pub estimate: Option<f64>,
    pub ci: [Option<f64>; 2],
}

impl IntervalJson {
    pub fn ratio(estimate: Option<f64>, lo: f64, hi: f64) -> Self {
        Self {
            estimate: estimate.and_then(bounded),
            ci: [bounded(lo), bounded(hi)],
        }
    }

    fn look(l: &LookInterval) -> Self {
        Self::ratio(l.estimate, l.lo, l.hi)
    }
}

#[derive(Debug, Serialize)]
pub struct RateRatioJson {
    pub estimate: Option<f64>,
    pub ci: [Option<f64>; 2],
    pub level_pct: u32,
    pub method: &'static str,
    /// Whole routine weeks in this look, of the planned looks; the last night it includes.
    pub look: u8,
    pub looks: u8,
    pub through: String,
    pub dispersion: f64,
    pub design_effect: [f64; 2],
    pub critical: f64,
    pub weeks: usize,
}

impl RateRatioJson {
    pub fn new(r: &RateRatio) -> Self {
        Self {
            estimate: r.interval.estimate.and_then(bounded),
            ci: [bounded(r.interval.lo), bounded(r.interval.hi)],
            level_pct: LEVEL_PCT,
            method: METHOD,
            look: r.look,
            looks: r.looks,
            through: iso(r.through),
            dispersion: round(r.interval.dispersion),
            design_effect: r.interval.design_effect.map(round),
            critical: round(r.interval.critical),
            weeks: r.interval.weeks,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SeasonJson {
    pub baseline_months: String,
    pub routine_months: String,
    pub turn: Option<Turn>,
    pub turn_date: Option<String>,
    pub caveat: Option<String>,
    pub same_dates_earlier: Option<EarlierYear>,
}

#[derive(Debug, Serialize)]
pub struct LastingJson {
    pub weeks: usize,
    pub outcome: Lasted,
    pub vs_before: Option<IntervalJson>,
    pub vs_routine: Option<IntervalJson>,
    pub sentence: String,
}

/// The issue-21 parts of the report.
#[derive(Debug, Serialize)]
pub struct HonestJson {
    pub first_line_on: Option<String>,
    pub reference: Option<Reference>,
    pub baseline_check: Option<BaselineCheck>,
    pub season: Option<SeasonJson>,
    pub did_it_last: Option<LastingJson>,
}

impl HonestJson {
    pub fn new(d: &Dashboard) -> Self {
        Self {
            first_line_on: d.first_look().map(|f| iso(f + chrono::Duration::days(1))),
            reference: d.reference().cloned(),
            baseline_check: d.baseline_check(),
            season: d.season.as_ref().map(|s| SeasonJson {
                baseline_months: s.baseline_months.clone(),
                routine_months: s.routine_months.clone(),
                turn: s.turn.map(|t| t.0),
                turn_date: s.turn.map(|t| iso(t.1)),
                caveat: s.caveat(),
                same_dates_earlier: s.earlier,
            }),
            did_it_last: d.lasting().map(|l| LastingJson {
                weeks: l.weeks,
                outcome: l.outcome,
                vs_before: l.vs_before.as_ref().map(IntervalJson::look),
                vs_routine: l.vs_routine.as_ref().map(IntervalJson::look),
                sentence: super::lasting_sentence(d).unwrap_or_default(),
            }),
        }
    }
}
