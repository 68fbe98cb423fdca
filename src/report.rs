//! `cramp report`: the dashboard's numbers as text or as stable, documented JSON.

use crate::analysis::adherence::WeekState;
use crate::analysis::dashboard::{CONTEXT_LINE, Dashboard, coverage_pct};
use crate::analysis::phases::PhaseStats;
use crate::analysis::rate::METHOD;
use crate::analysis::verdict::{NOT_PROOF, PLACEBO_REDUCTION_PCT};
use crate::analysis::weekly::PhaseKind;
use crate::domain::dates::long_date;
use crate::format::gauge_text;
use chrono::NaiveDate;
use serde::Serialize;

pub const FORMAT_NAME: &str = "cramp-report";
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Serialize)]
pub struct ReportJson {
    pub format: &'static str,
    pub version: u32,
    pub today: String,
    pub routine: Option<RoutineJson>,
    pub baseline: Option<PhaseJson>,
    pub routine_phase: Option<PhaseJson>,
    pub follow_up: Option<PhaseJson>,
    pub rate_ratio: Option<RateRatioJson>,
    pub reduction_pct: Option<IntervalJson>,
    pub verdict: crate::analysis::rate::Verdict,
    pub verdict_reason: Option<String>,
    pub provisional: bool,
    pub placebo_reduction_pct: [u32; 2],
    pub detectable_reduction_pct: Option<f64>,
    pub halving_detected_pct: Option<f64>,
    pub baseline_warning: Option<String>,
    pub adherence: Vec<WeekJson>,
    /// The weekly chart's bars for the baseline, the routine and the follow-up.
    pub weeks: Vec<WeekBarJson>,
    pub red_flags: Vec<String>,
    pub see_professional: Option<String>,
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

#[derive(Debug, Serialize)]
pub struct PhaseJson {
    pub from: String,
    pub to: String,
    pub nights: u32,
    pub logged: u32,
    pub excluded: u32,
    pub cramps: u32,
    pub cramp_nights: u32,
    pub rate_per_week: Option<f64>,
    pub coverage: f64,
    pub cramp_free_pct: Option<f64>,
    pub median_worst_intensity: Option<f64>,
    pub median_longest_s: Option<f64>,
    pub mean_sleep_disturbance: Option<f64>,
}

/// `null` stands for an unbounded value.
#[derive(Debug, Serialize)]
pub struct IntervalJson {
    pub estimate: Option<f64>,
    pub ci95: [f64; 2],
}

#[derive(Debug, Serialize)]
pub struct RateRatioJson {
    pub estimate: Option<f64>,
    pub ci95: [f64; 2],
    pub method: &'static str,
    pub dispersion: f64,
    pub weeks: usize,
}

#[derive(Debug, Serialize)]
pub struct WeekJson {
    pub week: u8,
    pub from: String,
    pub to: String,
    /// Days with at least one deep-tissue self-massage session.
    pub days: u32,
    /// All deep-tissue self-massage sessions.
    pub sessions: u32,
    /// Stretching and professional sessions: recorded, not counted.
    pub other_sessions: u32,
    /// Target days.
    pub target: u8,
    pub complete: bool,
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

fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl PhaseJson {
    fn from_stats(p: &PhaseStats) -> Self {
        Self {
            from: iso(p.from),
            to: iso(p.to),
            nights: p.nights,
            logged: p.logged,
            excluded: p.excluded,
            cramps: p.cramps,
            cramp_nights: p.cramp_nights,
            rate_per_week: p.rate_per_week.map(round),
            coverage: round(p.coverage),
            cramp_free_pct: p.cramp_free_pct.map(round),
            median_worst_intensity: p.median_worst_intensity.map(round),
            median_longest_s: p.median_longest_s.map(round),
            mean_sleep_disturbance: p.mean_sleep_disturbance.map(round),
        }
    }
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
            baseline: d.baseline.as_ref().map(PhaseJson::from_stats),
            routine_phase: d.routine_phase.as_ref().map(PhaseJson::from_stats),
            // null until a night after the routine is logged.
            follow_up: d
                .follow_up
                .as_ref()
                .filter(|p| p.logged + p.excluded > 0)
                .map(PhaseJson::from_stats),
            rate_ratio: d.ratio.map(|r| RateRatioJson {
                estimate: r.estimate.map(round),
                ci95: [round(r.lo), round(r.hi)],
                method: METHOD,
                dispersion: round(r.dispersion),
                weeks: r.weeks,
            }),
            reduction_pct: d.reduction().map(|(est, lo, hi)| IntervalJson {
                estimate: est.map(round),
                ci95: [round(lo), round(hi)],
            }),
            verdict: d.verdict,
            verdict_reason: d.verdict_reason.clone(),
            provisional: d.provisional,
            placebo_reduction_pct: PLACEBO_REDUCTION_PCT,
            detectable_reduction_pct: d
                .detectable
                .and_then(|x| x.reduction_pct)
                .map(|v| v.round()),
            halving_detected_pct: d.detectable.map(|x| (x.halving_power * 100.0).round()),
            baseline_warning: d.baseline_warning.clone(),
            adherence: d
                .progress
                .iter()
                .flat_map(|p| &p.weeks)
                .filter(|w| w.state != WeekState::Upcoming)
                .map(|w| WeekJson {
                    week: w.week,
                    from: iso(w.from),
                    to: iso(w.to),
                    days: w.days,
                    sessions: w.sessions,
                    other_sessions: w.other,
                    target: w.target,
                    complete: w.state == WeekState::Done,
                })
                .collect(),
            weeks: week_bars(d),
            red_flags: d.red_flags.clone(),
            see_professional: d.see_professional.clone(),
        }
    }
}

/// `-49% (95% CI -75% to +5%)`: a reduction shown as a change in the cramp rate.
pub fn change_words(d: &Dashboard) -> Option<String> {
    let (est, lo, hi) = d.reduction()?;
    let change = |reduction: Option<f64>| match reduction {
        Some(r) => format!("{:+.0}%", -r),
        None => "+∞".to_string(),
    };
    Some(format!(
        "{} (95% CI {} to {})",
        change(est),
        change(Some(hi)),
        change(Some(lo))
    ))
}

/// The lines every format shows around a verdict, in order: the verdict, why there is none yet,
/// what "can't tell yet" means, the caveat, what the design can see, the baseline warning.
pub fn verdict_lines(d: &Dashboard) -> Vec<String> {
    let mut out = Vec::new();
    let mut verdict = format!("Verdict: {}", d.verdict_words());
    if let Some(why) = &d.verdict_reason {
        verdict.push_str(&format!(" ({why})"));
    }
    out.push(format!("{verdict}."));
    if d.verdict == crate::analysis::rate::Verdict::NoClearChange {
        out.push(crate::analysis::verdict::CANT_TELL_ADVICE.to_string());
    }
    out.push(NOT_PROOF.to_string());
    if let Some(x) = &d.detectable {
        out.push(x.sentence());
    }
    if let Some(w) = &d.baseline_warning {
        out.push(w.clone());
    }
    out
}

/// `Change in cramps per week: -70% (95% CI -85% to -42%)`, marked provisional when it is.
pub fn change_line(d: &Dashboard) -> String {
    let change = change_words(d).unwrap_or_else(|| no_change_words(d));
    let provisional = if d.provisional {
        " (provisional: the routine is not over)"
    } else {
        ""
    };
    format!("Change in cramps per week: {change}{provisional}.")
}

/// The gauge line of the text report (the same drawing as the dashboard's).
pub fn gauge_line(d: &Dashboard, width: usize) -> Option<String> {
    let r = d.ratio?;
    Some(format!(
        "{}   ({})",
        gauge_text(r.estimate, r.lo, r.hi, width),
        crate::format::GAUGE_LEGEND
    ))
}

fn phase_line(name: &str, p: &PhaseStats) -> String {
    if p.nights == 0 {
        return format!(
            "{} from {}: no night of it is over yet",
            name.trim_end(),
            p.from
        );
    }
    if p.open_nights() == 0 {
        return format!(
            "{name} {} to {}: every night is excluded, so there are no usable nights",
            p.from, p.to
        );
    }
    if p.logged == 0 {
        return format!(
            "{name} {} to {}: no usable nights yet (0 of {} nights logged)",
            p.from,
            p.to,
            p.open_nights()
        );
    }
    let rate = p
        .rate_per_week
        .map_or("-".to_string(), |r| format!("{r:.2}"));
    let free = p
        .cramp_free_pct
        .map_or("-".to_string(), |f| format!("{f:.0}%"));
    format!(
        "{name} {} to {}: {rate} cramps/week · {} of {} nights logged ({} coverage) · {free} cramp-free",
        p.from,
        p.to,
        p.logged,
        p.open_nights(),
        coverage_pct(p.coverage)
    )
}

/// Why there is no change to show, in words that match the numbers.
pub fn no_change_words(d: &Dashboard) -> String {
    match (&d.baseline, &d.routine_phase) {
        (Some(b), _) if b.logged == 0 => "no change yet: the baseline has no usable nights".into(),
        (_, Some(r)) if r.logged == 0 => {
            "no change yet: the routine has no usable nights yet".into()
        }
        (Some(b), Some(r)) if b.cramps == 0 && r.cramps == 0 => {
            "no rate ratio (no cramps in either phase)".into()
        }
        _ => "no rate ratio yet".into(),
    }
}

pub fn text(d: &Dashboard) -> String {
    let mut out = Vec::new();
    match &d.routine {
        None => {
            out.push("No routine yet: start one with `cramp routine start`.".to_string());
            out.push(phase_line("Last 8 weeks", &d.overall));
        }
        Some(r) => {
            out.push(format!(
                "Routine {} to {} ({} weeks, {} sessions a week).",
                long_date(r.start),
                long_date(r.end()),
                r.weeks,
                r.per_week
            ));
            if let Some(p) = &d.progress {
                out.push(format!("Now: {}.", p.headline()));
            }
            if let Some(b) = &d.baseline {
                out.push(phase_line("Baseline", b));
            }
            if let Some(p) = &d.routine_phase {
                out.push(phase_line("Routine ", p));
            }
            out.push(change_line(d));
            out.extend(gauge_line(d, 41));
            if let Some(r) = &d.ratio {
                out.push(format!(
                    "Weekly method: {} weeks, dispersion {:.2} (1 = as spread as independent cramps).",
                    r.weeks, r.dispersion
                ));
            }
            out.extend(verdict_lines(d));
            if let Some(f) = &d.follow_up {
                out.push(phase_line("Follow-up", f));
            }
            if let Some(p) = &d.progress {
                let weeks: Vec<String> = p
                    .weeks
                    .iter()
                    .filter(|w| w.state != WeekState::Upcoming)
                    .map(|w| format!("week {}: {}", w.week, w.adherence().short_words()))
                    .collect();
                if !weeks.is_empty() {
                    out.push(format!("Sessions: {}.", weeks.join(" · ")));
                    let all = p.adherence();
                    out.push(format!("Routine so far: {}.", all.words()));
                    if let Some(other) = all.other_words() {
                        out.push(format!("Also {other}."));
                    }
                }
            }
        }
    }
    if d.red_flags.is_empty() {
        out.push("Red flags: none in these nights or the last 28.".to_string());
    }
    out.extend(d.red_flags.iter().map(|f| format!("Red flag: {f}")));
    if let Some(s) = &d.see_professional {
        out.push(s.clone());
    }
    out.push(CONTEXT_LINE.to_string());
    out.join("\n")
}
