//! `cramp experiment --format json` and `cramp experiment plan --format json`: the documented
//! shapes (README, "cramp experiment --format json").

use crate::analysis::experiment::{
    ArmFigures, ExperimentAnalysis, PairResult, WeekResult, WeekState,
};
use crate::analysis::experiment_plan::PlanFigures;
use crate::experiment::ExperimentView;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ScheduleWeek {
    pub week: u8,
    pub from: String,
    pub to: String,
    pub arm: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ExperimentJson {
    pub schedule: Vec<ScheduleWeek>,
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub started_on: String,
    pub stopped_on: Option<String>,
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
    /// This week's arm in words, or where the experiment stands.
    pub now: String,
    pub adherence: String,
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
    pub rate_ratio: Option<RatioJson>,
    pub routine: ArmJson,
    pub rest: ArmJson,
    pub pairs: Vec<PairJson>,
    pub weeks: Vec<WeekJson>,
}

#[derive(Debug, Serialize)]
pub struct RatioJson {
    pub estimate: f64,
    pub ci95: [f64; 2],
}

#[derive(Debug, Serialize)]
pub struct ArmJson {
    pub weeks: u32,
    pub usable_nights: u32,
    pub cramps: u32,
    pub cramps_per_week: Option<f64>,
    pub deep_tissue_days: u32,
    pub target_days: u32,
    pub deviations: u32,
    pub long_cramps: u32,
    pub side_effect_sessions: u32,
}

#[derive(Debug, Serialize)]
pub struct CountsJson {
    pub cramps: u32,
    pub nights: u32,
}

#[derive(Debug, Serialize)]
pub struct PairJson {
    pub pair: u8,
    pub first: &'static str,
    pub routine: CountsJson,
    pub rest: CountsJson,
    pub difference_per_night: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct WeekJson {
    pub week: u8,
    pub pair: u8,
    pub arm: &'static str,
    pub from: String,
    pub to: String,
    pub state: &'static str,
    pub usable_nights: u32,
    pub cramps: u32,
    pub deep_tissue_days: u32,
    pub target_days: u32,
    pub deviations: u32,
    pub long_cramps: u32,
    pub side_effect_sessions: u32,
}

fn arm_json(a: &ArmFigures) -> ArmJson {
    ArmJson {
        weeks: a.weeks,
        usable_nights: a.usable_nights,
        cramps: a.cramps,
        cramps_per_week: a.per_week(),
        deep_tissue_days: a.deep_days,
        target_days: a.target_days,
        deviations: a.deviations,
        long_cramps: a.long_cramps,
        side_effect_sessions: a.side_effect_sessions,
    }
}

pub fn state_word(state: WeekState) -> &'static str {
    match state {
        WeekState::Over => "over",
        WeekState::Current => "current",
        WeekState::Upcoming => "upcoming",
        WeekState::Cut => "not_run",
    }
}

fn week_json(w: &WeekResult) -> WeekJson {
    WeekJson {
        week: w.week,
        pair: w.pair,
        arm: w.arm.as_str(),
        from: w.from.to_string(),
        to: w.to.to_string(),
        state: state_word(w.state),
        usable_nights: w.usable_nights,
        cramps: w.cramps,
        deep_tissue_days: w.deep_days,
        target_days: w.target_days,
        deviations: w.deviations,
        long_cramps: w.long_cramps,
        side_effect_sessions: w.side_effect_sessions,
    }
}

fn pair_json(p: &PairResult) -> PairJson {
    let counts = |c: crate::analysis::rate::Counts| CountsJson {
        cramps: c.cramps,
        nights: c.nights,
    };
    PairJson {
        pair: p.pair,
        first: if p.routine_first { "routine" } else { "rest" },
        routine: counts(p.counts.routine),
        rest: counts(p.counts.rest),
        difference_per_night: p.difference,
    }
}

fn analysis_json(a: &ExperimentAnalysis) -> AnalysisJson {
    AnalysisJson {
        p_value: a.p_value,
        statistic: a.statistic,
        verdict: a.verdict.as_str(),
        reason: a.reason.clone(),
        analysed_pairs: a.analysed_pairs,
        complete_pairs_only: a.complete_pairs_only,
        rate_ratio: a.rate_ratio.map(|r| RatioJson {
            estimate: r.estimate,
            ci95: [r.lo, r.hi],
        }),
        routine: arm_json(&a.routine),
        rest: arm_json(&a.rest),
        pairs: a.pairs.iter().map(pair_json).collect(),
        weeks: a.weeks.iter().map(week_json).collect(),
    }
}

impl ExperimentJson {
    pub fn new(view: &ExperimentView) -> Self {
        let e = &view.stored.item.experiment;
        Self {
            schedule: (1..=e.weeks())
                .map(|week| {
                    let (from, to) = e.week_range(week);
                    ScheduleWeek {
                        week,
                        from: from.to_string(),
                        to: to.to_string(),
                        arm: e.schedule[usize::from(week) - 1].as_str(),
                    }
                })
                .collect(),
            pairs: e.pairs,
            weeks: e.weeks(),
            washout_nights: e.washout_nights,
            started_on: e.start.to_string(),
            stopped_on: e.stopped_on.map(|d| d.to_string()),
            outcome: view.stored.item.outcome.clone(),
            test: view.stored.item.test.clone(),
            threshold: view.stored.item.threshold,
            now: view.now.headline(),
            adherence: view.now.adherence_line(),
            analysis: view.analysis.as_ref().map(analysis_json),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanJson {
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub smallest_p: f64,
    pub can_reach_verdict: bool,
    pub recent_cramps_per_week: Option<f64>,
    pub power_halving: Option<f64>,
    pub power_unknown: Option<String>,
}

impl PlanJson {
    pub fn new(p: &PlanFigures) -> Self {
        Self {
            pairs: p.pairs,
            weeks: p.weeks,
            washout_nights: p.washout_nights,
            smallest_p: p.smallest_p,
            can_reach_verdict: p.can_reach_verdict,
            recent_cramps_per_week: p.recent_per_week,
            power_halving: p.power_halving,
            power_unknown: p.power_unknown.clone(),
        }
    }
}
