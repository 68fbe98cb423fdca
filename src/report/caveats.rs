//! The sentences issue 21 adds around a verdict, the same on every screen and format: what the
//! daily line says so far, "did it last?", the season and the placebo band's meaning.

use crate::analysis::dashboard::Dashboard;
use crate::analysis::lasting::{Lasted, Lasting};
use crate::analysis::rate::{LEVEL_PCT, Verdict};
use crate::analysis::sequence::LookInterval;
use chrono::Duration;

/// `-49%`; `>+999%` beyond ten times as many, `+∞` for an unbounded ratio.
pub fn ratio_change(ratio: f64) -> String {
    if !ratio.is_finite() {
        "+∞".to_string()
    } else if ratio > 10.99 {
        ">+999%".to_string()
    } else {
        format!("{:+.0}%", (ratio - 1.0) * 100.0)
    }
}

/// `-49% (96% CI -75% to +5%)` for a ratio with its interval.
pub fn change_with_interval(estimate: Option<f64>, lo: f64, hi: f64) -> String {
    format!(
        "{} ({LEVEL_PCT}% CI {} to {})",
        ratio_change(estimate.unwrap_or(f64::INFINITY)),
        ratio_change(lo),
        ratio_change(hi)
    )
}

/// `the 12 weeks before` when an unusually bad baseline made the comparison reach back.
pub fn reference_words(d: &Dashboard) -> Option<String> {
    d.reference()
        .filter(|r| r.longer)
        .map(|r| format!("the {} weeks before", r.weeks()))
}

/// During the routine: `so far no clear change, valid whenever you look`, or when the first
/// line comes. `None` once the routine is over (the verdict speaks) or with no routine.
pub fn so_far_words(d: &Dashboard) -> Option<String> {
    let r = d.routine.as_ref()?;
    if d.due >= r.end() || d.due < r.start {
        return None;
    }
    if d.verdict() == Verdict::NotEnoughData {
        return None;
    }
    Some(match d.ratio() {
        Some(q) => {
            let said = match q.verdict() {
                Verdict::FewerCramps => "fewer cramps",
                Verdict::MoreCramps => "more cramps",
                _ => "no clear change",
            };
            format!("so far {said}, valid whenever you look")
        }
        None => {
            let first = d.first_look().unwrap_or(r.start) + Duration::days(1);
            format!("the daily line starts {}", first.format("%a %-d %b"))
        }
    })
}

fn outcome_head(l: &Lasting) -> &'static str {
    match l.outcome {
        Lasted::StayedLower => "stayed lower so far",
        Lasted::PartlyCameBack => "partly came back",
        Lasted::CameBack => "your cramps came back",
        Lasted::CantTellYet => "can't tell yet",
    }
}

fn against(i: Option<LookInterval>, what: &str) -> String {
    match i {
        Some(i) => format!(
            "{} against {what}",
            change_with_interval(i.estimate, i.lo, i.hi)
        ),
        None => format!("no cramps to compare against {what}"),
    }
}

/// `Did it last? Stayed lower so far: in the 2 follow-up weeks, -60% (96% CI -85% to -5%)
/// against before the routine and +20% (96% CI -50% to +190%) against the routine.`
pub fn lasting_sentence(d: &Dashboard) -> Option<String> {
    let l = d.lasting()?;
    let before = reference_words(d).unwrap_or_else(|| "before the routine".into());
    let head = outcome_head(l);
    Some(format!(
        "Did it last? {}{}: in the {} follow-up week{}, {} and {}.",
        head[..1].to_uppercase(),
        &head[1..],
        l.weeks,
        if l.weeks == 1 { "" } else { "s" },
        against(l.vs_before, &before),
        against(l.vs_routine, "the routine")
    ))
}

/// The 80-column form, both intervals: `Did it last? stayed lower so far: -89% (96% CI -97% to
/// -63%) vs before, +244% (CI -81% to >+999%) vs the routine`.
pub fn lasting_medium(d: &Dashboard) -> Option<String> {
    let l = d.lasting()?;
    let part = |i: Option<LookInterval>, what: &str, level: bool| match i {
        Some(i) => format!(
            "{} ({}CI {} to {}) vs {what}",
            ratio_change(i.estimate.unwrap_or(f64::INFINITY)),
            if level {
                format!("{LEVEL_PCT}% ")
            } else {
                String::new()
            },
            ratio_change(i.lo),
            ratio_change(i.hi)
        ),
        None => format!("no cramps vs {what}"),
    };
    Some(format!(
        "Did it last? {}: {}, {}",
        outcome_head(l),
        part(l.vs_before, "before", true),
        part(l.vs_routine, "the routine", false)
    ))
}

/// The phone-sized form, one interval: `Did it last? stayed lower: -60% (96% CI -85% to -5%)
/// vs before` (the routine's interval when the cramps came back).
pub fn lasting_short(d: &Dashboard) -> Option<String> {
    let l = d.lasting()?;
    let (shown, what) = match l.outcome {
        Lasted::CameBack => (l.vs_routine, "vs routine"),
        _ => (l.vs_before, "vs before"),
    };
    let head = match l.outcome {
        Lasted::CameBack => "came back",
        other => other.words(),
    };
    Some(match shown {
        Some(i) => format!(
            "Did it last? {head}: {} {what}",
            change_with_interval(i.estimate, i.lo, i.hi)
        ),
        None => format!("Did it last? {head}"),
    })
}

/// `Months: baseline Sep–Oct 2026 · routine Oct–Nov 2026`.
pub fn months_line(d: &Dashboard) -> Option<String> {
    d.season
        .as_ref()
        .map(|s| format!("Months: {}", s.months_line()))
}

/// The season caveat and the same dates a year earlier, when there are any.
pub fn season_lines(d: &Dashboard) -> Vec<String> {
    let Some(s) = &d.season else {
        return Vec::new();
    };
    s.caveat().into_iter().chain(s.earlier_line()).collect()
}
