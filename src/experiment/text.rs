//! The experiment in words, the same for `cramp experiment` and the TUI's experiment screen: the
//! plain-words result (or where it stands) first, then how it was set up, then the numbers.

use super::ExperimentView;
use crate::analysis::experiment::{
    ArmFigures, Bound, ExperimentAnalysis, ExperimentVerdict, TestResult, WeekState,
};
use crate::analysis::experiment_plan::{POWER_WANTED, PlanFigures};
use crate::analysis::experiment_status::{ExperimentStage, days_left_words};
use crate::domain::dates::long_date;
use crate::domain::experiment::Arm;
use crate::domain::intervention::Intervention;
use crate::format::count;
use crate::format::num;

/// What a p-value is, in one line: said where the first p-value appears.
pub const P_MEANING: &str = "p is how often the random order of the weeks alone would give a difference at least this large if the intervention did nothing";

/// The plan in words, for the command line and the TUI's experiment screen.
pub fn plan_lines(p: &PlanFigures, intervention: &Intervention) -> Vec<String> {
    let mut lines = vec![format!(
        "Plan: {} pairs = {} weeks of {}, the order of each pair drawn at random: an on week, {}; an off week, {}.",
        p.pairs,
        p.weeks,
        intervention.name(),
        intervention.on_week(),
        intervention.off_week()
    )];
    if p.washout_nights > 0 {
        lines.push(format!(
            "Washout: the first {} of every week are left out of the analysis.",
            count(p.washout_nights, "night", "nights")
        ));
    }
    lines.push(format!(
        "Smallest possible p-value: {} (2 of the 2^{} pair orders); {P_MEANING}.",
        p_text(p.smallest_p),
        p.pairs
    ));
    lines.push(if p.can_reach_verdict {
        "It can reach a verdict at p <= 0.05.".to_string()
    } else {
        "It can never reach a verdict at p <= 0.05: that needs at least 6 pairs.".to_string()
    });
    match &p.power_unknown {
        Some(why) => lines.push(format!("Chance of detecting a halving of cramps: {why}.")),
        None => {
            let shown: Vec<String> = p
                .power
                .iter()
                .map(|(n, power)| format!("{n} pairs {:.0}%", power * 100.0))
                .collect();
            lines.push(format!(
                "Chance of detecting a halving of cramps: {} (simulated from your last {:.1} cramps a week, their week-to-week spread {:.1} and {:.0}% of nights logged).",
                shown.join(", "),
                p.recent_per_week().unwrap_or(0.0),
                p.baseline.spread,
                p.baseline.coverage * 100.0
            ));
        }
    }
    lines.push(recommendation(p));
    lines
}

/// Which length the plan recommends, and why.
pub fn recommendation(p: &PlanFigures) -> String {
    let wanted = format!("{:.0}%", POWER_WANTED * 100.0);
    match p.power_for(p.recommended) {
        None => format!(
            "Recommended: {} pairs (the default; the chance of detecting a halving is not known yet).",
            p.recommended
        ),
        Some(power) if power >= POWER_WANTED => format!(
            "Recommended: {} pairs, the shortest with at least a {wanted} chance of detecting a halving.",
            p.recommended
        ),
        Some(power) => format!(
            "Recommended: {} pairs, the longest compared; even so a halving is detected only {:.0}% of the time, so \"no clear change\" would mean little.",
            p.recommended,
            power * 100.0
        ),
    }
}

pub fn p_text(p: f64) -> String {
    if p < 0.001 {
        format!("{p:.5}")
    } else {
        format!("{p:.3}")
    }
}

/// An end of the interval: 2 decimals, more when 2 would round it to 1 (0.997 excludes no
/// change, and shows it), and "1" when it is exactly 1.
fn ratio_text(b: Bound) -> String {
    match b {
        Bound::Finite(1.0) => "1".to_string(),
        Bound::Finite(v) => (2..=6)
            .map(|d| format!("{v:.d$}"))
            .find(|s| s.parse::<f64>() != Ok(1.0))
            .unwrap_or_else(|| format!("{v:e}")),
        Bound::Unbounded => "no limit".to_string(),
    }
}

/// "rate ratio 0.48 (95% interval 0.25 to 0.80)": the effect on the cramp rate with the
/// interval from inverting the test.
pub fn effect_text(t: &TestResult) -> String {
    let estimate = t
        .estimate
        .map_or("unbounded".to_string(), |e| format!("{e:.2}"));
    let interval = match (t.lo, t.hi) {
        (Bound::Unbounded, _) => "above any finite value".to_string(),
        (lo, Bound::Unbounded) => format!("{} or more", ratio_text(lo)),
        (lo, hi) => format!("{} to {}", ratio_text(lo), ratio_text(hi)),
    };
    // An end at exactly 1 is inside the interval: said in words, as 1.00 could be either.
    let at_one = [t.lo, t.hi].contains(&Bound::Finite(1.0));
    let interval = if at_one {
        format!("{interval}, which includes no change")
    } else {
        interval
    };
    format!("rate ratio on/off {estimate} (95% interval {interval})")
}

/// "about 52% fewer" from the ratio, for the plain-words line.
fn change_words(t: &TestResult) -> Option<String> {
    let e = t.estimate?;
    Some(if e < 1.0 {
        format!("about {:.0}% fewer", (1.0 - e) * 100.0)
    } else {
        format!("about {:.0}% more", (e - 1.0) * 100.0)
    })
}

/// Too few usable pairs for any order to reach the plan's level: "no clear change" was the only
/// possible result, which the reader must be told instead of "a small effect can be missed".
fn unreachable_words(t: &TestResult, intervention: &Intervention) -> Option<String> {
    let smallest = 2.0 / t.orders as f64;
    if smallest <= crate::domain::experiment::THRESHOLD {
        return None;
    }
    let pairs = t.orders.trailing_zeros();
    Some(format!(
        "With only {pairs} usable pairs, p can never be 0.05 or less (the smallest possible is {}), so this experiment could not show a change either way: it says nothing about whether {} helps.",
        p_text(smallest),
        intervention.name()
    ))
}

/// What this result can and cannot mean: [`meaning`], unless too few pairs were usable for any
/// result but "no clear change".
pub fn result_meaning(a: &ExperimentAnalysis, intervention: &Intervention) -> String {
    match &a.test {
        Some(t) if a.verdict == ExperimentVerdict::NoClearChange => {
            unreachable_words(t, intervention).unwrap_or_else(|| meaning(a.verdict, intervention))
        }
        _ => meaning(a.verdict, intervention),
    }
}

/// What a result can and cannot mean.
pub fn meaning(verdict: ExperimentVerdict, intervention: &Intervention) -> String {
    let name = intervention.name();
    match verdict {
        ExperimentVerdict::FewerCramps => format!(
            "In your diary, cramps were less frequent in weeks with {name} than without, by more than the random order of the weeks explains. It is about you, not people in general, and it cannot rule out expectation: you knew which week was which."
        ),
        ExperimentVerdict::MoreCramps => format!(
            "In your diary, cramps were more frequent in weeks with {name} than without, by more than the random order of the weeks explains. Consider stopping it and asking a physiotherapist."
        ),
        ExperimentVerdict::NoClearChange => format!(
            "Weeks with and without {name} did not differ by more than the random order could produce. That is \"can't tell\", not \"doesn't work\": a small effect can be missed."
        ),
        ExperimentVerdict::TooEarly | ExperimentVerdict::NotEnoughData => {
            "No conclusion yet: the test is run once, on the plan fixed at the start.".to_string()
        }
    }
}

fn arm_text(name: &str, a: &ArmFigures) -> String {
    format!(
        "{name} weeks: {} cramps a week ({} over {})",
        num(a.per_week()),
        crate::format::count(a.tally.cramps, "cramp", "cramps"),
        crate::format::count(a.tally.usable_nights, "usable night", "usable nights")
    )
}

fn harms(name: &str, a: &ArmFigures) -> String {
    format!(
        "{name} weeks: {} over 10 minutes, {} with bruising, tingling or numbness",
        count(a.tally.long_cramps, "cramp", "cramps"),
        count(a.tally.side_effect_sessions, "session", "sessions")
    )
}

/// The qualifier an experiment imported over its own nights carries wherever its result shows.
pub const NOT_PREREGISTERED: &str = "NOT pre-registered here";

/// The plain-words result, or where the experiment stands: the first lines of every view.
pub fn summary_lines(view: &ExperimentView) -> Vec<String> {
    let origin = &view.stored.item.origin;
    let qualifier = match origin.unregistered {
        None => String::new(),
        Some(why) => format!(" ({NOT_PREREGISTERED}: {})", why.short()),
    };
    let mut lines = Vec::new();
    match (&view.now.stage, &view.analysis) {
        (ExperimentStage::Cancelled, _) => {
            lines.push(format!(
                "{}: it never ran, so there is no result.",
                view.now.headline()
            ));
        }
        (ExperimentStage::Finished { .. }, Some(a)) => {
            lines.push(result_line(a, &qualifier));
            if let Some(t) = &a.test {
                lines.push(format!(
                    "  {}; p = {} ({P_MEANING}).",
                    capitalised(&effect_text(t)),
                    p_text(t.p_value)
                ));
            }
            lines.push(format!(
                "  What it means: {}",
                result_meaning(a, view.intervention())
            ));
            lines.push(view.now.headline() + ".");
        }
        _ => {
            lines.push(view.now.headline() + ".");
            let e = view.experiment();
            let when = match e.stopped_on {
                Some(stop) => format!(
                    "after its last day, {} (stopped early: analysed on complete pairs only)",
                    long_date(stop)
                ),
                None => format!("after the last week, on {}", long_date(e.planned_end())),
            };
            lines.push(format!(
                "Result: {when}{qualifier}; the test is run once, as planned."
            ));
        }
    }
    lines
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

fn result_line(a: &ExperimentAnalysis, qualifier: &str) -> String {
    let reason = a
        .reason
        .as_ref()
        .map_or(String::new(), |r| format!(" ({r})"));
    let change = match (a.verdict, &a.test) {
        (ExperimentVerdict::FewerCramps | ExperimentVerdict::MoreCramps, Some(t)) => {
            change_words(t).map_or(String::new(), |c| format!(", {c}"))
        }
        _ => String::new(),
    };
    format!("Result{qualifier}: {}{change}{reason}.", a.verdict.words())
}

/// Where the next steps are offered: as commands, or as the screen's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Commands,
    Keys,
}

/// What can be done once an experiment is over, right under its result.
pub fn next_line(next: Next) -> String {
    match next {
        Next::Commands => "Next: plan another with `cramp experiment plan` (then `cramp experiment start`), or export the report with `cramp export --format html --out report.html`.".to_string(),
        Next::Keys => "Next: plan another (the plan is at the end of this page; n twice starts it, i changes what is tested), or export the report: cramp export --format html --out report.html".to_string(),
    }
}

/// A draw cancelled before it began whose weeks are not over: no new draw may share them, so
/// the next step is a date, not "plan another".
fn blocked_line(view: &ExperimentView) -> Option<String> {
    let e = view.experiment();
    if !e.is_cancelled() || view.today > e.planned_end() {
        return None;
    }
    let first = e.planned_end() + chrono::Duration::days(1);
    let choose = first - chrono::Duration::days(crate::domain::dates::START_DAYS_AHEAD);
    let from = if choose > view.today {
        format!(
            " (it can be planned from {}, 30 days ahead)",
            long_date(choose)
        )
    } else {
        String::new()
    };
    Some(format!(
        "Next: its weeks are not drawn again, so a new experiment can start on {} or later{from}.",
        long_date(first)
    ))
}

/// Everything `cramp experiment` prints (and the screen shows): the summary, what can be done
/// next once it is over, the set-up and numbers, and the schedule (`compact`: one short row a
/// week, for under 100 columns).
pub fn status_lines(view: &ExperimentView, compact: bool, next: Next) -> Vec<String> {
    let mut lines = summary_lines(view);
    if let Some(line) = blocked_line(view) {
        lines.push(line);
    } else if view.is_over() {
        lines.push(next_line(next));
    }
    lines.extend(setup_lines(view));
    lines.extend(number_lines(view));
    lines.extend(table_lines(view, compact));
    lines
}

fn setup_lines(view: &ExperimentView) -> Vec<String> {
    let e = view.experiment();
    let stopped = match e.stopped_on {
        Some(s) if e.is_cancelled() => format!(
            ", cancelled before it began (recorded for {})",
            long_date(s)
        ),
        Some(s) if e.is_stopped_early() => format!(", stopped {}", long_date(s)),
        _ => String::new(),
    };
    let mut lines = vec![
        String::new(),
        format!(
            "Plan: {} pairs ({} weeks) of {}, {} to {}{stopped}; washout {} a week; on week: {}; off week: {}.",
            e.pairs,
            e.weeks(),
            e.intervention.name(),
            long_date(e.start),
            long_date(e.planned_end()),
            count(e.washout_nights, "night", "nights"),
            e.intervention.on_week(),
            e.intervention.off_week()
        ),
        format!("Schedule: {}.", view.stored.item.origin.words()),
    ];
    match view.cancelled_draws.len() {
        0 => {}
        n => lines.push(format!(
            "{} cancelled before {} began: {}.",
            count(n as i64, "earlier draw was", "earlier draws were"),
            if n == 1 { "it" } else { "they" },
            view.cancelled_draws
                .iter()
                .map(|(start, drawn)| format!(
                    "for {} (drawn {})",
                    long_date(*start),
                    drawn.date().map_or(drawn.to_string(), long_date)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if !e.is_cancelled() {
        lines.push(view.now.adherence_line() + ".");
    }
    lines
}

fn number_lines(view: &ExperimentView) -> Vec<String> {
    let Some(a) = &view.analysis else {
        return Vec::new();
    };
    let mut lines = vec![String::new()];
    if a.complete_pairs_only {
        lines.push(format!(
            "Stopped early: analysed on the {} only.",
            count(a.analysed_pairs, "complete pair", "complete pairs")
        ));
    }
    if view.is_over() && a.test.is_none() {
        lines.push(result_line(a, ""));
    } else if !view.is_over() {
        lines.push(format!(
            "So far ({}, no test until the end):",
            count(a.analysed_pairs, "complete pair", "complete pairs")
        ));
    }
    lines.push(format!(
        "  {}; {}.",
        arm_text("On", &a.on),
        arm_text("off", &a.off)
    ));
    if let Some(t) = &a.test {
        lines.push(format!(
            "  Test: exact randomisation test over all {} pair orders, threshold {} (fixed in the plan); the interval is every effect it does not reject.",
            t.orders, view.stored.item.threshold
        ));
    }
    if let Some(r) = a.weekly_ratio {
        lines.push(format!(
            "  Secondary model (weekly quasi-Poisson, for comparison only): rate ratio {:.2}, 95% CI {:.2} to {:.2}, over {} weeks.",
            r.estimate, r.lo, r.hi, r.weeks
        ));
    }
    lines.push(format!(
        "  Harms: {}; {}.",
        harms("on", &a.on),
        harms("off", &a.off)
    ));
    lines
}

fn table_lines(view: &ExperimentView, compact: bool) -> Vec<String> {
    let daily = view.intervention().is_daily();
    let mut lines = vec![
        String::new(),
        if compact {
            "Week From       Arm Usable nights Cramps Days done Deviations".into()
        } else {
            "Week  Dates                    Arm  Usable nights  Cramps  Days done  Deviations"
                .into()
        },
    ];
    for w in &view.weeks {
        let (nights, cramps) = match w.state {
            WeekState::Upcoming | WeekState::Cut if w.tally.usable_nights == 0 => {
                ("-".into(), "-".into())
            }
            _ => (
                w.tally.usable_nights.to_string(),
                w.tally.cramps.to_string(),
            ),
        };
        let begun = matches!(w.state, WeekState::Over | WeekState::Current);
        let days = match w.arm {
            Arm::On if begun => format!("{} of {}", w.tally.done_days, w.tally.target_days),
            _ => "-".into(),
        };
        let deviations = match w.arm {
            Arm::Off if begun => w.tally.deviations.to_string(),
            _ => "-".into(),
        };
        let note = match w.state {
            WeekState::Current => "  (now)".to_string(),
            WeekState::Cut => "  (not run)".to_string(),
            _ if daily && begun && w.tally.unanswered > 0 => {
                format!("  ({} unanswered)", w.tally.unanswered)
            }
            _ => String::new(),
        };
        lines.push(if compact {
            format!(
                "{:>4} {} {:<3} {:>13} {:>6} {:>9} {:>10}{note}",
                w.week,
                w.from.format("%a %d %b"),
                w.arm.word(),
                nights,
                cramps,
                days,
                deviations,
            )
        } else {
            format!(
                "{:>4}  {} – {}  {:<3}  {:>13}  {:>6}  {:>9}  {:>10}{note}",
                w.week,
                w.from.format("%a %d %b"),
                w.to.format("%a %d %b"),
                w.arm.word(),
                nights,
                cramps,
                days,
                deviations,
            )
        });
    }
    lines
}

/// The dashboard's one line about the experiment, at most `width` characters: where a running
/// one stands, or a finished one's result.
pub fn one_line(view: &ExperimentView, width: usize) -> Option<String> {
    let name = view.intervention().name();
    let (pre, short_pre) = if view.stored.item.origin.preregistered() {
        ("", "Exp.:")
    } else {
        (", not pre-registered", "Exp:")
    };
    let candidates: Vec<String> = match (&view.now.stage, &view.analysis) {
        (ExperimentStage::Cancelled, _) => return None,
        (
            ExperimentStage::Running {
                week,
                weeks,
                arm,
                days_left,
                stop,
                ..
            },
            _,
        ) => {
            let left = days_left_words(*days_left, *stop);
            // The short forms: "6d left", or with a stop recorded "stops, 2d left".
            let days_left = match stop {
                Some(_) => format!("stops, {days_left}"),
                None => days_left.to_string(),
            };
            vec![
                view.now.headline(),
                format!(
                    "Experiment ({name}), week {week} of {weeks}: {} week · {left}",
                    arm.word()
                ),
                format!(
                    "Experiment ({name}) wk {week}/{weeks}: {} week · {days_left}d left",
                    arm.word()
                ),
                format!(
                    "Experiment wk {week}/{weeks}: {} week · {days_left}d left",
                    arm.word()
                ),
                format!("Exp. wk {week}/{weeks}: {} week", arm.word()),
            ]
        }
        (ExperimentStage::NotStarted { days_until, first }, _) => vec![
            format!(
                "Experiment ({name}) starts in {}: week 1 is an {} week",
                count(*days_until, "day", "days"),
                first.word()
            ),
            format!(
                "Experiment starts in {}: {} week first",
                count(*days_until, "day", "days"),
                first.word()
            ),
        ],
        (ExperimentStage::Finished { .. }, Some(a)) => {
            let short = match a.verdict {
                ExperimentVerdict::FewerCramps => "fewer cramps",
                ExperimentVerdict::MoreCramps => "more cramps",
                ExperimentVerdict::NoClearChange => "no clear change",
                ExperimentVerdict::NotEnoughData => "not enough data",
                ExperimentVerdict::TooEarly => "too early",
            };
            let p = a
                .test
                .map_or(String::new(), |t| format!(" (p = {})", p_text(t.p_value)));
            vec![
                format!("Experiment ({name}): {}{p}{pre}", a.verdict.words()),
                format!("Experiment ({name}): {short}{p}{pre}"),
                format!("Experiment: {short}{p}{pre}"),
                format!("Experiment: {short}{pre}"),
                // "Exp: no clear change, not pre-registered" fits 40 columns.
                format!("{short_pre} {short}{pre}"),
            ]
        }
        (ExperimentStage::Finished { .. }, None) => {
            vec![format!(
                "Experiment ({name}) ended before its first week was over"
            )]
        }
    };
    let fits = |c: &&String| c.chars().count() <= width;
    let last = candidates.last().cloned();
    candidates
        .iter()
        .find(fits)
        .cloned()
        .or_else(|| last.map(|l| l.chars().take(width).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::randomisation::{Direction, PairCounts, randomisation_test};
    use crate::analysis::rate::Counts;

    fn test_of(pairs: &[[u32; 4]]) -> TestResult {
        let pairs: Vec<PairCounts> = pairs
            .iter()
            .map(|&[a, m, b, n]| PairCounts {
                on: Counts {
                    cramps: a,
                    nights: m,
                },
                off: Counts {
                    cramps: b,
                    nights: n,
                },
            })
            .collect();
        randomisation_test(&pairs, 0.05).unwrap()
    }

    #[test]
    fn the_printed_interval_agrees_with_the_words() {
        // The review's case: "fewer", upper end 0.9972 (not 1.00).
        let t = test_of(&[
            [0, 5, 3, 6],
            [3, 4, 4, 5],
            [2, 7, 4, 4],
            [3, 4, 3, 6],
            [2, 6, 2, 5],
            [1, 5, 2, 5],
            [1, 4, 6, 6],
            [1, 6, 3, 4],
        ]);
        assert_eq!(t.direction, Direction::Fewer);
        let text = effect_text(&t);
        assert!(text.ends_with(" to 0.997)"), "{text}");
        // An end at exactly 1 (a pair with the same cramps both weeks) is said in words.
        // (Found by tools/experiment_reference.py: its interval is 0 to exactly 1.)
        let t = test_of(&[
            [1, 7, 5, 7],
            [0, 7, 3, 7],
            [0, 7, 5, 7],
            [5, 7, 5, 7],
            [0, 7, 2, 7],
            [1, 7, 4, 7],
        ]);
        assert_eq!(t.direction, Direction::Neither);
        assert_eq!(t.hi, Bound::Finite(1.0), "{t:?}");
        let text = effect_text(&t);
        assert!(text.ends_with(" to 1, which includes no change)"), "{text}");
    }
}
