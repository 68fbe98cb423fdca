//! `cramp report`: the dashboard's numbers as text or as stable, documented JSON (in `json`).
//! Here: the text, and the verdict sentences the dashboard and the HTML export share.

mod caveats;
pub(crate) mod gauge;
pub mod insights;
pub mod insights_json;
mod json;
mod json_extra;

pub use caveats::{
    change_with_interval, lasting_medium, lasting_sentence, lasting_short, months_line,
    reference_words, season_lines, so_far_words,
};
pub use json::ReportJson;

use crate::analysis::adherence::WeekState;
use crate::analysis::dashboard::{CONTEXT_LINE, Dashboard};
use crate::analysis::phases::PhaseStats;
use crate::analysis::phases::coverage_pct;
use crate::analysis::verdict::{LINE_MEANING, NOT_PROOF, PLACEBO_NOTE};
use crate::domain::dates::long_date;
use gauge::gauge_text;

/// `-49% (96% CI -75% to +5%)`: the daily line's change in the cramp rate, with
/// ` against the 12 weeks before` when the comparison reaches back before the baseline.
pub fn change_words(d: &Dashboard) -> Option<String> {
    let r = d.ratio()?;
    let against = reference_words(d)
        .map(|w| format!(" against {w}"))
        .unwrap_or_default();
    Some(format!(
        "{}{against}",
        change_with_interval(r.interval.estimate, r.interval.lo, r.interval.hi)
    ))
}

/// The lines every format shows around a verdict, in order: the verdict (and why there is
/// none yet), what the line says so far, what "can't tell yet" means, the caveat, the
/// regression-to-the-mean and season notes, "did it last?", what the line means and what the
/// design can see.
pub fn verdict_lines(d: &Dashboard) -> Vec<String> {
    let mut out = Vec::new();
    let mut verdict = format!("Verdict: {}", d.verdict_words());
    if let Some(why) = d.verdict_reason() {
        verdict.push_str(&format!(" ({why})"));
    }
    out.push(format!("{verdict}."));
    if let Some(so_far) = so_far_words(d) {
        let mut line = so_far;
        line.replace_range(..1, &line[..1].to_uppercase());
        out.push(format!("{line}."));
    }
    if d.verdict() == crate::analysis::rate::Verdict::NoClearChange {
        out.push(crate::analysis::verdict::CANT_TELL_ADVICE.to_string());
    }
    out.push(NOT_PROOF.to_string());
    if let Some(w) = d.baseline_warning() {
        out.push(w.to_string());
    }
    out.extend(season_lines(d));
    out.extend(lasting_sentence(d));
    if d.ratio().is_some() {
        out.push(LINE_MEANING.to_string());
    }
    if let Some(x) = d.detectable() {
        out.push(x.sentence());
    }
    out
}

/// `Change in cramps per week: -70% (96% CI -85% to -42%)`, saying how far the line reaches
/// while the routine runs.
pub fn change_line(d: &Dashboard) -> String {
    let change = change_words(d).unwrap_or_else(|| no_change_words(d));
    let so_far = match (d.provisional(), d.ratio()) {
        (true, Some(r)) => format!(
            " (the daily line, through {}: week {} of {})",
            r.through.format("%a %-d %b"),
            r.look,
            r.looks
        ),
        _ => String::new(),
    };
    format!("Change in cramps per week: {change}{so_far}.")
}

/// The gauge line of the text report (the same drawing as the dashboard's).
pub fn gauge_line(d: &Dashboard, width: usize) -> Option<String> {
    let r = d.ratio()?;
    Some(format!(
        "{}   ({})\n{PLACEBO_NOTE}",
        gauge_text(r.interval.estimate, r.interval.lo, r.interval.hi, width),
        gauge::legend()
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
            "{name} {} to {}: no usable nights yet (0 of {} logged)",
            p.from,
            p.to,
            crate::format::count(p.open_nights(), "night", "nights")
        );
    }
    let rate = p
        .rate_per_week
        .map_or("-".to_string(), |r| format!("{r:.2}"));
    let free = p
        .cramp_free_pct
        .map_or("-".to_string(), |f| format!("{f:.0}%"));
    format!(
        "{name} {} to {}: {rate} cramps/week · {} of {} logged ({} coverage) · {free} cramp-free",
        p.from,
        p.to,
        p.logged,
        crate::format::count(p.open_nights(), "night", "nights"),
        coverage_pct(p.coverage)
    )
}

/// `Daily line: week 2 of 4, 6 weeks in all, dispersion 1.20, spell effect 1.00/1.00,
/// critical value 3.41.`
pub fn method_line(r: &crate::analysis::rate::RateRatio) -> String {
    format!(
        "Daily line (96% confidence sequence over whole weeks): week {} of {}, {} weeks in all, dispersion {:.2} (1 = as spread as independent cramps), spell design effect {:.2} before and {:.2} during, critical value {:.2}.",
        r.look,
        r.looks,
        r.interval.weeks,
        r.interval.dispersion,
        r.interval.design_effect[0],
        r.interval.design_effect[1],
        r.interval.critical
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
        _ if d.verdict() == crate::analysis::rate::Verdict::NotEnoughData => {
            "no interval (why below)".into()
        }
        _ => match (d.first_look(), &d.routine) {
            (Some(first), Some(r)) if d.due < first && d.due >= r.start => format!(
                "no line yet: the first whole week ends {}",
                first.format("%a %-d %b")
            ),
            _ => "no rate ratio yet".into(),
        },
    }
}

pub fn text(d: &Dashboard) -> String {
    let mut out = Vec::new();
    match &d.routine {
        None => {
            out.push("No routine yet: start one with `cramp routine start`.".to_string());
            out.push(phase_line("Recent weeks", &d.overall));
        }
        Some(r) => {
            out.push(format!(
                "Routine {} to {} ({}, {} a week).",
                long_date(r.start),
                long_date(r.end()),
                crate::format::count(r.weeks, "week", "weeks"),
                crate::format::count(r.per_week, "session", "sessions")
            ));
            if let Some(p) = &d.progress {
                out.push(format!("Now: {}.", p.headline()));
            }
            out.extend(months_line(d));
            if let Some(b) = &d.baseline {
                out.push(phase_line("Baseline", b));
            }
            if let Some(p) = &d.routine_phase {
                out.push(phase_line("Routine ", p));
            }
            out.push(change_line(d));
            out.extend(gauge_line(d, 41));
            if let Some(r) = &d.ratio() {
                out.push(method_line(r));
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
