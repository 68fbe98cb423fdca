//! `cramp report`: the dashboard's numbers as text or as stable, documented JSON (in `json`).
//! Here: the text, and the verdict sentences the dashboard and the HTML export share.

pub(crate) mod gauge;
pub mod insights;
pub mod insights_json;
mod json;

pub use json::ReportJson;

use crate::analysis::adherence::WeekState;
use crate::analysis::dashboard::{CONTEXT_LINE, Dashboard};
use crate::analysis::phases::PhaseStats;
use crate::analysis::phases::coverage_pct;
use crate::analysis::verdict::NOT_PROOF;
use crate::domain::dates::long_date;
use gauge::gauge_text;

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
