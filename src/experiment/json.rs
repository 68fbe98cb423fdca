//! `cramp experiment --format json` and `cramp experiment plan --format json`: the documented
//! shapes (README, "cramp experiment --format json").

use crate::analysis::experiment::{
    ArmFigures, Bound, ExperimentAnalysis, PairResult, TestResult, WeekResult,
};
use crate::analysis::experiment_plan::PlanFigures;
use crate::domain::intervention::Intervention;
use crate::experiment::ExperimentView;
use serde::Serialize;

pub const FORMAT_NAME: &str = "cramp-experiment";
/// 2: any intervention, arms `on`/`off`, where the schedule came from, cancelled draws, and
/// the interval from inverting the test (version 1 had no `format` or `version` field).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Serialize)]
pub struct ScheduleWeek {
    pub week: u8,
    pub from: String,
    pub to: String,
    pub arm: &'static str,
}

#[derive(Debug, Serialize)]
pub struct InterventionJson {
    /// `routine`, `technique` or `daily`.
    pub kind: &'static str,
    /// The technique's word or the habit's name; `null` for the routine.
    pub name: Option<String>,
    /// In words: "the deep-tissue routine", "foam roller", "magnesium".
    pub label: String,
    pub on_week: String,
    pub off_week: String,
}

impl InterventionJson {
    pub fn new(i: &Intervention) -> Self {
        Self {
            kind: i.kind().as_str(),
            name: i.stored_name(),
            label: i.name(),
            on_week: i.on_week(),
            off_week: i.off_week(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DrawJson {
    pub started_on: String,
    pub drawn_at: String,
}

#[derive(Debug, Serialize)]
pub struct ExperimentJson {
    pub format: &'static str,
    pub version: u32,
    pub intervention: InterventionJson,
    pub schedule: Vec<ScheduleWeek>,
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub started_on: String,
    pub stopped_on: Option<String>,
    pub cancelled: bool,
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
    /// `drawn`, `imported` or `unrecorded`.
    pub schedule_source: &'static str,
    pub drawn_at: String,
    pub imported_at: Option<String>,
    /// `false`: not pre-registered here (a night it covers logged before its schedule, a schedule
    /// drawn after it began, or imported over nights this diary held); the result is qualified.
    pub preregistered: bool,
    /// Where the schedule came from, in words.
    pub origin: String,
    pub cancelled_draws: Vec<DrawJson>,
    /// This week's arm in words, or where the experiment stands.
    pub now: String,
    pub adherence: String,
    /// The plain-words result (or where it stands), as the screen's first lines.
    pub summary: Vec<String>,
    pub analysis: Option<AnalysisJson>,
}

#[derive(Debug, Serialize)]
pub struct AnalysisJson {
    pub p_value: Option<f64>,
    pub statistic: Option<f64>,
    pub verdict: &'static str,
    pub reason: Option<String>,
    pub analysed_pairs: u8,
    pub complete_pairs_only: bool,
    /// On rate over off rate with the interval from inverting the randomisation test.
    pub rate_ratio: Option<RatioJson>,
    /// The weekly quasi-Poisson model, for comparison only.
    pub secondary_weekly_ratio: Option<SecondaryJson>,
    pub on: ArmJson,
    pub off: ArmJson,
    pub pairs: Vec<PairResult>,
    pub weeks: Vec<WeekResult>,
}

#[derive(Debug, Serialize)]
pub struct RatioJson {
    /// `null` when no off week had a cramp.
    pub estimate: Option<f64>,
    /// `[lo, hi]`: `hi` `null` for no upper limit; `lo` `null` when no finite effect is kept.
    pub ci95: [Option<f64>; 2],
    pub method: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SecondaryJson {
    pub estimate: f64,
    pub ci95: [f64; 2],
    pub method: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ArmJson {
    pub weeks: u32,
    pub usable_nights: u32,
    pub cramps: u32,
    pub cramps_per_week: Option<f64>,
    pub done_days: u32,
    pub target_days: u32,
    pub deviations: u32,
    pub unanswered: u32,
    pub long_cramps: u32,
    pub side_effect_sessions: u32,
}

fn arm_json(a: &ArmFigures) -> ArmJson {
    ArmJson {
        weeks: a.weeks,
        usable_nights: a.tally.usable_nights,
        cramps: a.tally.cramps,
        cramps_per_week: a.per_week(),
        done_days: a.tally.done_days,
        target_days: a.tally.target_days,
        deviations: a.tally.deviations,
        unanswered: a.tally.unanswered,
        long_cramps: a.tally.long_cramps,
        side_effect_sessions: a.tally.side_effect_sessions,
    }
}

fn ratio_json(t: &TestResult) -> RatioJson {
    let lo = match t.lo {
        Bound::Finite(v) => Some(v),
        Bound::Unbounded => None,
    };
    RatioJson {
        estimate: t.estimate,
        ci95: [lo, t.hi.value()],
        method: "randomisation-test-inversion",
    }
}

fn analysis_json(a: &ExperimentAnalysis) -> AnalysisJson {
    AnalysisJson {
        p_value: a.test.map(|t| t.p_value),
        statistic: a.test.map(|t| t.statistic),
        verdict: a.verdict.as_str(),
        reason: a.reason.clone(),
        analysed_pairs: a.analysed_pairs,
        complete_pairs_only: a.complete_pairs_only,
        rate_ratio: a.test.as_ref().map(ratio_json),
        secondary_weekly_ratio: a.weekly_ratio.map(|r| SecondaryJson {
            estimate: r.estimate,
            ci95: [r.lo, r.hi],
            method: "weekly-quasi-poisson",
        }),
        on: arm_json(&a.on),
        off: arm_json(&a.off),
        pairs: a.pairs.clone(),
        weeks: a.weeks.clone(),
    }
}

impl ExperimentJson {
    pub fn new(view: &ExperimentView) -> Self {
        let e = view.experiment();
        let origin = &view.stored.item.origin;
        Self {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            intervention: InterventionJson::new(&e.intervention),
            schedule: (1..=e.weeks())
                .map(|week| {
                    let (from, to) = e.week_range(week);
                    ScheduleWeek {
                        week,
                        from: from.to_string(),
                        to: to.to_string(),
                        arm: e.schedule[usize::from(week) - 1].word(),
                    }
                })
                .collect(),
            pairs: e.pairs,
            weeks: e.weeks(),
            washout_nights: e.washout_nights,
            started_on: e.start.to_string(),
            stopped_on: e.stopped_on.map(|d| d.to_string()),
            cancelled: e.is_cancelled(),
            outcome: view.stored.item.outcome.clone(),
            test: view.stored.item.test.clone(),
            threshold: view.stored.item.threshold,
            schedule_source: origin.source.as_str(),
            drawn_at: origin.drawn_at.to_string(),
            imported_at: origin.imported_at.as_ref().map(|s| s.to_string()),
            preregistered: origin.preregistered(),
            origin: origin.words(),
            cancelled_draws: view
                .cancelled_draws
                .iter()
                .map(|(start, drawn)| DrawJson {
                    started_on: start.to_string(),
                    drawn_at: drawn.to_string(),
                })
                .collect(),
            now: view.now.headline(),
            adherence: view.now.adherence_line(),
            summary: crate::experiment::text::summary_lines(view),
            analysis: view.analysis.as_ref().map(analysis_json),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PowerJson {
    pub pairs: u8,
    pub power_halving: f64,
}

#[derive(Debug, Serialize)]
pub struct PlanJson {
    pub intervention: InterventionJson,
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub smallest_p: f64,
    pub can_reach_verdict: bool,
    pub recent_cramps_per_week: Option<f64>,
    /// Week-to-week spread of the recent nights (1 = as steady as independent cramps).
    pub recent_spread: f64,
    /// Share of the recent nights logged (0-1).
    pub recent_coverage: f64,
    /// Chance of detecting a halving at 6, 8 and 12 pairs; `[]` when unknown.
    pub power: Vec<PowerJson>,
    pub power_unknown: Option<String>,
    pub recommended_pairs: u8,
    pub recommendation: String,
}

impl PlanJson {
    pub fn new(p: &PlanFigures, intervention: &Intervention) -> Self {
        Self {
            intervention: InterventionJson::new(intervention),
            pairs: p.pairs,
            weeks: p.weeks,
            washout_nights: p.washout_nights,
            smallest_p: p.smallest_p,
            can_reach_verdict: p.can_reach_verdict,
            recent_cramps_per_week: p.recent_per_week(),
            recent_spread: p.baseline.spread,
            recent_coverage: p.baseline.coverage,
            power: p
                .power
                .iter()
                .map(|(n, power)| PowerJson {
                    pairs: *n,
                    power_halving: *power,
                })
                .collect(),
            power_unknown: p.power_unknown.clone(),
            recommended_pairs: p.recommended,
            recommendation: crate::experiment::text::recommendation(p),
        }
    }
}
