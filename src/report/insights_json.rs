//! `cramp insights --format json`: the factor insights and patterns as stable, documented JSON.

use crate::analysis::insights::factors::{EXERCISE_CUT_MIN, FLUIDS_CUT_DL, TIGHT_CUT};
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::insights::{FactorInsight, LEVEL, MIN_MONTHS, MIN_NIGHTS, NOT_PROOF};
use crate::analysis::patterns::Patterns;
use crate::format::json::round;
use serde::Serialize;

pub const FORMAT_NAME: &str = "cramp-insights";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct InsightsJson {
    pub format: &'static str,
    pub version: u32,
    pub today: String,
    /// The last night that is over: the newest night the figures can include.
    pub last_night: String,
    pub usable_nights: u32,
    pub from: Option<String>,
    pub to: Option<String>,
    pub method: MethodJson,
    /// Factors that passed the gate: the family Holm's adjustment is over.
    pub tested: usize,
    pub factors: Vec<FactorJson>,
    pub not_proof: &'static str,
    pub patterns: Patterns,
}

#[derive(Debug, Serialize)]
pub struct MethodJson {
    pub comparison: &'static str,
    pub interval: &'static str,
    pub adjustment: &'static str,
    pub level: f64,
    pub min_nights_each: u32,
    pub min_months_each: u32,
    pub tightness_cut: u8,
    pub tightness_lag: &'static str,
    pub fluids_cut_litres: f64,
    pub exercise_cut_minutes: u16,
}

#[derive(Debug, Serialize)]
pub struct FactorJson {
    pub key: String,
    pub name: String,
    /// What "with" means, in words.
    pub with: String,
    pub changeable: bool,
    pub with_nights: u32,
    pub with_cramps: u32,
    pub without_nights: u32,
    pub without_cramps: u32,
    pub rate_with_per_week: Option<f64>,
    pub rate_without_per_week: Option<f64>,
    pub compared_with_nights: u32,
    pub compared_without_nights: u32,
    pub rate_ratio: Option<RatioJson>,
    /// `linked`, `no_clear_link` or `not_enough_nights`.
    pub verdict: &'static str,
    /// `more_cramps` / `fewer_cramps` for a linked factor.
    pub direction: Option<&'static str>,
    /// Why there is no verdict, when there is none.
    pub gate: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RatioJson {
    /// `null` when the nights without the factor had no cramps (unbounded).
    pub estimate: Option<f64>,
    pub ci95: [f64; 2],
    /// Not rounded: a small p-value keeps its digits.
    pub p: f64,
    pub p_adjusted: Option<f64>,
    pub df: f64,
    pub months: usize,
    pub strata: usize,
}

fn factor(f: &FactorInsight) -> FactorJson {
    FactorJson {
        key: f.factor.key(),
        name: f.factor.name(),
        with: f.factor.with_words(),
        changeable: f.factor.changeable(),
        with_nights: f.with.nights,
        with_cramps: f.with.cramps,
        without_nights: f.without.nights,
        without_cramps: f.without.cramps,
        rate_with_per_week: f.rate_with().map(round),
        rate_without_per_week: f.rate_without().map(round),
        compared_with_nights: f.compared_with,
        compared_without_nights: f.compared_without,
        rate_ratio: f.association.map(|a| RatioJson {
            estimate: a.estimate.is_finite().then(|| round(a.estimate)),
            ci95: [round(a.lo), round(a.hi)],
            p: a.p,
            p_adjusted: f.p_adjusted,
            df: round(a.df),
            months: a.clusters,
            strata: a.strata,
        }),
        verdict: f.link.key(),
        direction: f.direction().map(|d| {
            if d == "more cramps" {
                "more_cramps"
            } else {
                "fewer_cramps"
            }
        }),
        gate: f.gate.clone(),
    }
}

impl InsightsJson {
    pub fn new(page: &InsightsPage, today: chrono::NaiveDate) -> Self {
        let i = &page.insights;
        Self {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            today: today.to_string(),
            last_night: page.due.to_string(),
            usable_nights: i.usable_nights,
            from: i.first.map(|d| d.to_string()),
            to: i.last.map(|d| d.to_string()),
            method: MethodJson {
                comparison: "poisson-within-month-and-night-before",
                interval: "cr2-by-month-bell-mccaffrey",
                adjustment: "holm",
                level: LEVEL,
                min_nights_each: MIN_NIGHTS,
                min_months_each: MIN_MONTHS,
                tightness_cut: TIGHT_CUT,
                tightness_lag: "the morning before the night",
                fluids_cut_litres: f64::from(FLUIDS_CUT_DL) / 10.0,
                exercise_cut_minutes: EXERCISE_CUT_MIN,
            },
            tested: i.tested,
            factors: i.factors.iter().map(factor).collect(),
            not_proof: NOT_PROOF,
            patterns: page.patterns.clone(),
        }
    }
}
