//! The report as stable, documented JSON (`--format json`): its fields and how they are filled.

use super::json_extra::{HonestJson, IntervalJson, RateRatioJson};
use crate::analysis::adherence::{WeekAdherence, WeekState};
use crate::analysis::dashboard::Dashboard;
use crate::analysis::phases::PhaseStats;
use crate::analysis::verdict::PLACEBO_REDUCTION_PCT;
use crate::analysis::weekly::PhaseKind;
use crate::format::json::{iso, round};
use chrono::NaiveDate;
use serde::Serialize;

pub const FORMAT_NAME: &str = "cramp-report";
pub const FORMAT_VERSION: u32 = 3;

#[derive(Debug, Serialize)]
pub struct ReportJson {
    pub format: &'static str,
    pub version: u32,
    pub today: String,
    pub routine: Option<RoutineJson>,
    pub baseline: Option<PhaseStats>,
    pub routine_phase: Option<PhaseStats>,
    pub follow_up: Option<PhaseStats>,
    pub rate_ratio: Option<RateRatioJson>,
    pub reduction_pct: Option<IntervalJson>,
    pub verdict: crate::analysis::rate::Verdict,
    pub verdict_reason: Option<String>,
    pub provisional: bool,
    pub placebo_reduction_pct: [u32; 2],
    pub detectable_reduction_pct: Option<f64>,
    pub halving_detected_pct: Option<f64>,
    pub baseline_warning: Option<String>,
    pub adherence: Vec<WeekAdherence>,
    /// The weekly chart's bars for the baseline, the routine and the follow-up.
    pub weeks: Vec<WeekBarJson>,
    pub red_flags: Vec<String>,
    pub see_professional: Option<String>,
    /// New in version 3: the daily line's start, the reference, the regression check, the
    /// season and "did it last?".
    #[serde(flatten)]
    pub honest: HonestJson,
}

#[derive(Debug, Serialize)]
pub struct RoutineJson {
    pub start: String,
    pub end: String,
    pub weeks: u8,
    pub target_per_week: u8,
    pub baseline_nights: u16,
    pub stopped_early: bool,
}

/// One bar of the weekly chart: `phase` is `baseline`, `routine` or `follow_up`.
#[derive(Debug, Serialize)]
pub struct WeekBarJson {
    pub from: String,
    pub to: String,
    pub phase: &'static str,
    pub logged: u32,
    pub cramps: u32,
    pub rate_per_week: Option<f64>,
}

/// The chart's weeks from the baseline on: weeks before it (shown for context) are left out.
fn week_bars(d: &Dashboard) -> Vec<WeekBarJson> {
    let Some(r) = &d.routine else {
        return Vec::new();
    };
    d.weeks
        .iter()
        .filter_map(|w| {
            let phase = match w.phase {
                PhaseKind::Baseline => "baseline",
                PhaseKind::Routine => "routine",
                PhaseKind::Other if w.from > r.end() => "follow_up",
                PhaseKind::Other => return None,
            };
            Some(WeekBarJson {
                from: iso(w.from),
                to: iso(w.to),
                phase,
                logged: w.logged,
                cramps: w.cramps,
                rate_per_week: w.rate_per_week.map(round),
            })
        })
        .collect()
}

impl ReportJson {
    pub fn new(d: &Dashboard, today: NaiveDate) -> Self {
        Self {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            today: iso(today),
            routine: d.routine.as_ref().map(|r| RoutineJson {
                start: iso(r.start),
                end: iso(r.end()),
                weeks: r.weeks,
                target_per_week: r.per_week,
                baseline_nights: r.baseline_nights,
                stopped_early: r.end() < r.planned_end(),
            }),
            baseline: d.baseline.clone(),
            routine_phase: d.routine_phase.clone(),
            // null until a night after the routine is logged.
            follow_up: d
                .follow_up
                .as_ref()
                .filter(|p| p.logged + p.excluded > 0)
                .cloned(),
            rate_ratio: d.ratio().as_ref().map(RateRatioJson::new),
            reduction_pct: d.ratio().map(|r| {
                // 100 × (1 − ratio): the interval's ends swap.
                let pct = |x: f64| (1.0 - x) * 100.0;
                let i = IntervalJson::ratio(r.interval.estimate, r.interval.lo, r.interval.hi);
                IntervalJson {
                    estimate: i.estimate.map(|e| round(pct(e))),
                    ci: [
                        i.ci[1].map(|hi| round(pct(hi))),
                        Some(round(pct(r.interval.lo))),
                    ],
                }
            }),
            verdict: d.verdict(),
            verdict_reason: d.verdict_reason().map(str::to_string),
            provisional: d.provisional(),
            placebo_reduction_pct: PLACEBO_REDUCTION_PCT,
            detectable_reduction_pct: d
                .detectable()
                .and_then(|x| x.reduction_pct)
                .map(|v| v.round()),
            halving_detected_pct: d.detectable().map(|x| (x.halving_power * 100.0).round()),
            baseline_warning: d.baseline_warning().map(str::to_string),
            adherence: d
                .progress
                .iter()
                .flat_map(|p| &p.weeks)
                .filter(|w| w.state != WeekState::Upcoming)
                .cloned()
                .collect(),
            weeks: week_bars(d),
            red_flags: d.red_flags.clone(),
            see_professional: d.see_professional.clone(),
            honest: HonestJson::new(d),
        }
    }
}
