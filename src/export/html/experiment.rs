//! The HTML report's section on the on/off experiment, in the spirit of the CENT 2015 guideline
//! for n-of-1 trials: the plan and the schedule as run, washout, adherence and deviations per
//! week, the outcome per week and pair, the test and its p, the effect with its interval, harms
//! per arm, and what the result can and cannot mean.

use super::charts::{BASELINE, ROUTINE, WeekBar, css, week_bars};
use super::escape::esc;
use crate::analysis::experiment::{ArmFigures, WeekResult, WeekState};
use crate::domain::dates::long_date;
use crate::domain::experiment::Arm;
use crate::experiment::ExperimentView;
use crate::experiment::text::{
    NOT_PREREGISTERED, P_MEANING, effect_text, p_text, result_meaning, summary_lines,
};
use crate::format::num;
use plotters::prelude::*;
use std::fmt::Write;

fn arm_colour(arm: Arm) -> RGBColor {
    match arm {
        Arm::On => ROUTINE,
        Arm::Off => BASELINE,
    }
}

fn per_week(w: &WeekResult) -> Option<f64> {
    (w.tally.usable_nights > 0)
        .then(|| f64::from(w.tally.cramps) * 7.0 / f64::from(w.tally.usable_nights))
}

/// Cramps per week for every week that has begun, coloured by arm (routine green, rest grey).
pub fn weekly_chart(weeks: &[WeekResult]) -> String {
    let shown: Vec<&WeekResult> = weeks
        .iter()
        .filter(|w| matches!(w.state, WeekState::Over | WeekState::Current))
        .collect();
    if shown.is_empty() {
        return "<p>(no week has begun yet)</p>".to_string();
    }
    let bars: Vec<WeekBar> = shown
        .iter()
        .map(|w| {
            let current = w.state == WeekState::Current;
            WeekBar {
                label: format!("wk {}{}", w.week, if current { "*" } else { "" }),
                rate: per_week(w),
                colour: arm_colour(w.arm),
                faded: current,
            }
        })
        .collect();
    week_bars(
        "Cramps per week of the experiment, coloured by arm (on green, off grey)",
        &bars,
    )
}

fn harms(a: &ArmFigures) -> String {
    format!(
        "{} over 10 minutes; {} with bruising, tingling or numbness",
        crate::format::count(a.tally.long_cramps, "cramp", "cramps"),
        crate::format::count(a.tally.side_effect_sessions, "session", "sessions")
    )
}

/// The whole section.
pub fn section(view: &ExperimentView) -> String {
    let e = view.experiment();
    let name = esc(&e.intervention.name());
    let mut h = format!("<h2>On/off experiment of {name} (n-of-1 trial)</h2>");
    // The plain-words result (or where it stands) first, as on the screen.
    h.push_str("<p>");
    for (i, line) in summary_lines(view).iter().enumerate() {
        if i == 0 {
            let _ = write!(h, "<b>{}</b>", esc(line.trim()));
        } else {
            let _ = write!(h, "<br>{}", esc(line.trim()));
        }
    }
    h.push_str("</p>");
    let stopped = match e.stopped_on {
        Some(s) if e.is_cancelled() => format!("; cancelled before it began ({})", long_date(s)),
        Some(s) if e.is_stopped_early() => format!("; stopped early, last day {}", long_date(s)),
        _ => String::new(),
    };
    // Only a pre-registered experiment's plan is known to predate its nights.
    let plan = match view.stored.item.origin.unregistered {
        None => "Plan, fixed before the first night".to_string(),
        Some(why) => format!("Plan ({}: {})", NOT_PREREGISTERED, why.short()),
    };
    let _ = write!(
        h,
        "<p><b>{}:</b> {} pairs of weeks ({} weeks) from {} to {}{stopped}. In each pair one on week ({}) and one off week ({}), the order drawn at random for every pair by a cryptographically seeded generator. Washout: the first {} of each week left out. Outcome: {}. Test: {}; threshold {}.</p>",
        esc(&plan),
        e.pairs,
        e.weeks(),
        long_date(e.start),
        long_date(e.planned_end()),
        esc(&e.intervention.on_week()),
        esc(&e.intervention.off_week()),
        crate::format::count(e.washout_nights, "night", "nights"),
        esc(&view.stored.item.outcome),
        esc(&view.stored.item.test),
        view.stored.item.threshold
    );
    let _ = write!(
        h,
        "<p><b>Schedule:</b> {}.",
        esc(&view.stored.item.origin.words())
    );
    if !view.cancelled_draws.is_empty() {
        let _ = write!(
            h,
            " {} cancelled before {} began.",
            crate::format::count(
                view.cancelled_draws.len() as i64,
                "earlier draw was",
                "earlier draws were"
            ),
            if view.cancelled_draws.len() == 1 {
                "it"
            } else {
                "they"
            }
        );
    }
    let _ = write!(h, "<br>{}</p>", esc(&view.now.adherence_line()));
    match &view.analysis {
        None => h.push_str("<p><b>Figures:</b> none yet; the first week is not over.</p>"),
        Some(a) => {
            h.push_str("<p>");
            if let Some(t) = &a.test {
                let _ = write!(
                    h,
                    "{}; p = {} over all {} pair orders ({}); the interval holds every effect the test does not reject, so it lies below 1 exactly when the result is \"fewer cramps\".",
                    esc(&effect_text(t)),
                    p_text(t.p_value),
                    t.orders,
                    esc(P_MEANING)
                );
            }
            if a.complete_pairs_only {
                let _ = write!(
                    h,
                    " Stopped early: analysed on the {} only.",
                    crate::format::count(a.analysed_pairs, "complete pair", "complete pairs")
                );
            }
            if let Some(r) = a.weekly_ratio {
                let _ = write!(
                    h,
                    " Secondary model, for comparison only: weekly quasi-Poisson rate ratio {:.2} (95% CI {:.2} to {:.2}).",
                    r.estimate, r.lo, r.hi
                );
            }
            h.push_str("</p>");
            let _ = write!(
                h,
                "<table><thead><tr><th>arm</th><th>weeks</th><th>usable nights</th><th>cramps</th><th>cramps per week</th><th>{} / asked for</th><th>deviations</th><th>harms</th></tr></thead><tbody>",
                esc(&e.intervention.unit())
            );
            for (arm, f) in [("on weeks", &a.on), ("off weeks", &a.off)] {
                let _ = write!(
                    h,
                    "<tr><td>{arm}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>",
                    f.weeks,
                    f.tally.usable_nights,
                    f.tally.cramps,
                    num(f.per_week()),
                    f.tally.done_days,
                    f.tally.target_days,
                    f.tally.deviations,
                    harms(f)
                );
            }
            h.push_str("</tbody></table>");
            if !a.pairs.is_empty() {
                h.push_str("<table><thead><tr><th>pair</th><th>first</th><th>on week: cramps / nights</th><th>off week: cramps / nights</th><th>difference per night</th></tr></thead><tbody>");
                for p in &a.pairs {
                    let _ = write!(
                        h,
                        "<tr><td>{}</td><td>{}</td><td>{} / {}</td><td>{} / {}</td><td>{}</td></tr>",
                        p.pair,
                        if p.on_first { "on" } else { "off" },
                        p.counts.on.cramps,
                        p.counts.on.nights,
                        p.counts.off.cramps,
                        p.counts.off.nights,
                        p.difference.map_or("-".into(), |d| format!("{d:+.2}"))
                    );
                }
                h.push_str("</tbody></table>");
            }
            let _ = write!(
                h,
                "<p><b>What it can and cannot mean:</b> {}</p>",
                esc(&result_meaning(a, &e.intervention))
            );
        }
    }
    let _ = write!(
        h,
        "<div class=\"keep\"><p class=\"legend\"><span style=\"color:{}\">■ on week</span><span style=\"color:{}\">■ off week</span><span>* week not over</span></p>{}</div>",
        css(ROUTINE),
        css(BASELINE),
        weekly_chart(&view.weeks)
    );
    h.push_str("<table><thead><tr><th>week</th><th>dates</th><th>planned arm</th><th>as run</th><th>usable nights</th><th>cramps</th><th>days done / asked for</th><th>deviations</th><th>long cramps</th><th>side effects</th></tr></thead><tbody>");
    for w in &view.weeks {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} – {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            w.week,
            w.from.format("%-d %b %Y"),
            w.to.format("%-d %b %Y"),
            w.arm.word(),
            w.state.word().replace('_', " "),
            w.tally.usable_nights,
            w.tally.cramps,
            w.tally.done_days,
            w.tally.target_days,
            w.tally.deviations,
            w.tally.long_cramps,
            w.tally.side_effect_sessions
        );
    }
    h.push_str("</tbody></table>");
    h
}
