//! The experiment in words, the same for `cramp experiment` and the TUI's experiment screen.

use super::ExperimentView;
use crate::analysis::experiment::{ArmFigures, ExperimentVerdict, WeekState};
use crate::analysis::experiment_plan::PlanFigures;
use crate::domain::dates::long_date;
use crate::domain::experiment::Arm;
use crate::format::count;
use crate::format::num;

/// The plan in words, for the command line and the TUI's experiment screen.
pub fn plan_lines(p: &PlanFigures) -> Vec<String> {
    let mut lines = vec![format!(
        "Plan: {} pairs = {} weeks; in each pair one routine week (deep-tissue work, about 5 days) and one rest week (none; stretching is fine), order drawn at random for every pair.",
        p.pairs, p.weeks
    )];
    if p.washout_nights > 0 {
        lines.push(format!(
            "Washout: the first {} of every week are left out of the analysis.",
            count(p.washout_nights, "night", "nights")
        ));
    }
    lines.push(format!(
        "Smallest possible p-value: {} (2 of the 2^{} pair orders).",
        p_text(p.smallest_p),
        p.pairs
    ));
    lines.push(if p.can_reach_verdict {
        "It can reach a verdict at p <= 0.05.".to_string()
    } else {
        "It can never reach a verdict at p <= 0.05: that needs at least 6 pairs.".to_string()
    });
    lines.push(match (p.power_halving, &p.power_unknown) {
        (Some(power), _) => format!(
            "Chance of detecting a halving of cramps: {:.0}% (from your recent {:.1} cramps a week, by simulation).",
            power * 100.0,
            p.recent_per_week.unwrap_or(0.0)
        ),
        (None, Some(why)) => format!("Chance of detecting a halving of cramps: {why}."),
        (None, None) => "Chance of detecting a halving of cramps: unknown.".to_string(),
    });
    lines
}

pub fn p_text(p: f64) -> String {
    if p < 0.001 {
        format!("{p:.5}")
    } else {
        format!("{p:.3}")
    }
}

/// What a result can and cannot mean.
pub fn meaning(verdict: ExperimentVerdict) -> &'static str {
    match verdict {
        ExperimentVerdict::FewerCramps => {
            "In your diary, cramps were less frequent in routine weeks than in rest weeks, by more than the random order of the weeks explains. It is about you, not people in general, and it cannot rule out expectation: you knew which week was which."
        }
        ExperimentVerdict::MoreCramps => {
            "In your diary, cramps were more frequent in routine weeks than in rest weeks, by more than the random order of the weeks explains. Consider stopping the routine and asking a physiotherapist."
        }
        ExperimentVerdict::NoClearChange => {
            "Routine and rest weeks did not differ by more than the random order could produce. That is \"can't tell\", not \"doesn't work\": a small effect can be missed."
        }
        ExperimentVerdict::TooEarly | ExperimentVerdict::NotEnoughData => {
            "No conclusion yet: the test is run once, on the plan fixed at the start."
        }
    }
}

fn arm_text(name: &str, a: &ArmFigures) -> String {
    format!(
        "{name} weeks: {} cramps a week ({} over {})",
        num(a.per_week()),
        crate::format::count(a.cramps, "cramp", "cramps"),
        crate::format::count(a.usable_nights, "usable night", "usable nights")
    )
}

fn harms(name: &str, a: &ArmFigures) -> String {
    format!(
        "{name} weeks: {} over 10 minutes, {} with bruising, tingling or numbness",
        count(a.long_cramps, "cramp", "cramps"),
        count(a.side_effect_sessions, "session", "sessions")
    )
}

/// Everything `cramp experiment` prints.
pub fn status_lines(view: &ExperimentView) -> Vec<String> {
    let mut lines = head_lines(view);
    lines.extend(table_lines(view, false));
    lines.extend(result_lines(view));
    lines
}

/// The same for a screen under 100 columns: the result comes before the schedule (so it is
/// seen without scrolling at 80x24) and the schedule's rows fit 78 columns.
pub fn compact_status_lines(view: &ExperimentView) -> Vec<String> {
    let mut lines = head_lines(view);
    lines.extend(result_lines(view));
    lines.extend(table_lines(view, true));
    lines
}

fn head_lines(view: &ExperimentView) -> Vec<String> {
    let e = &view.stored.item.experiment;
    let stopped = match e.stopped_on {
        Some(s) if e.is_stopped_early() => format!(", stopped {}", long_date(s)),
        _ => String::new(),
    };
    vec![
        format!(
            "On/off experiment: {} pairs ({} weeks), {} to {}{stopped}; washout {} a week.",
            e.pairs,
            e.weeks(),
            long_date(e.start),
            long_date(e.planned_end()),
            count(e.washout_nights, "night", "nights")
        ),
        view.now.headline(),
        view.now.adherence_line(),
    ]
}

fn table_lines(view: &ExperimentView, compact: bool) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        if compact {
            "Week From       Arm     Usable nights Cramps Deep days Deviations".into()
        } else {
            "Week  Dates                    Arm      Usable nights  Cramps  Deep-tissue days  Deviations".into()
        },
    ];
    for w in &view.weeks {
        let (nights, cramps) = match w.state {
            WeekState::Upcoming | WeekState::Cut if w.usable_nights == 0 => {
                ("-".into(), "-".into())
            }
            _ => (w.usable_nights.to_string(), w.cramps.to_string()),
        };
        let begun = matches!(w.state, WeekState::Over | WeekState::Current);
        let days = match w.arm {
            Arm::Routine if begun => format!("{} of {}", w.deep_days, w.target_days),
            _ => "-".into(),
        };
        let deviations = match w.arm {
            Arm::Rest if begun => w.deviations.to_string(),
            _ => "-".into(),
        };
        let note = match w.state {
            WeekState::Current => "  (now)",
            WeekState::Cut => "  (not run)",
            _ => "",
        };
        lines.push(if compact {
            format!(
                "{:>4} {} {:<7} {:>13} {:>6} {:>9} {:>10}{note}",
                w.week,
                w.from.format("%a %d %b"),
                w.arm.as_str(),
                nights,
                cramps,
                days,
                deviations,
            )
        } else {
            format!(
                "{:>4}  {} – {}  {:<7}  {:>13}  {:>6}  {:>16}  {:>10}{note}",
                w.week,
                w.from.format("%a %d %b"),
                w.to.format("%a %d %b"),
                w.arm.as_str(),
                nights,
                cramps,
                days,
                deviations,
            )
        });
    }
    lines
}

fn result_lines(view: &ExperimentView) -> Vec<String> {
    let mut lines = vec![String::new()];
    let Some(a) = &view.analysis else {
        lines.push("Result: none yet; the figures start once the first week is over.".into());
        return lines;
    };
    let reason = a
        .reason
        .as_ref()
        .map_or(String::new(), |r| format!(" ({r})"));
    lines.push(format!("Result: {}{reason}.", a.verdict.words()));
    if let Some(p) = a.p_value {
        lines.push(format!(
            "  p = {} (exact randomisation test over all {} pair orders; threshold {}, fixed in the plan).",
            p_text(p),
            1u64 << a.analysed_pairs,
            view.stored.item.threshold
        ));
    }
    if a.complete_pairs_only {
        lines.push(format!(
            "  Stopped early: analysed on the {} only.",
            count(a.analysed_pairs, "complete pair", "complete pairs")
        ));
    }
    lines.push(format!(
        "  {}; {}.",
        arm_text("Routine", &a.routine),
        arm_text("rest", &a.rest)
    ));
    if let Some(r) = a.rate_ratio {
        lines.push(format!(
            "  Rate ratio routine/rest: {:.2} (95% CI {:.2} to {:.2}, weekly quasi-Poisson over {} weeks).",
            r.estimate, r.lo, r.hi, r.weeks
        ));
    }
    lines.push(format!(
        "  Adherence: {} of {} deep-tissue days in routine weeks; {} in rest weeks.",
        a.routine.deep_days,
        a.routine.target_days,
        count(
            a.rest.deviations,
            "deep-tissue session",
            "deep-tissue sessions"
        )
    ));
    lines.push(format!(
        "  Harms: {}; {}.",
        harms("routine", &a.routine),
        harms("rest", &a.rest)
    ));
    lines.push(format!("  What it means: {}", meaning(a.verdict)));
    lines
}
