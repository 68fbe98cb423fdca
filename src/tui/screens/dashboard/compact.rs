//! The dashboard on a phone-sized terminal: headline rates, the newest red flag, the change
//! with its interval, the verdict and that it is not proof of cause, coverage and cramp-free %,
//! wrapped at words. What does not fit scrolls (`↓n more`, j/k); nothing is left out.

use crate::analysis::dashboard::Dashboard;
use crate::analysis::phases::PhaseStats;
use crate::analysis::rate::Verdict;
use crate::analysis::verdict::NOT_PROOF_SHORT;
use crate::format::pct;
use crate::report::{change_words, lasting_short, so_far_words};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// Below this inner width or height the compact dashboard is drawn.
pub const COMPACT: (u16, u16) = (60, 14);

/// The compact page's title: it fits a phone's line.
pub(super) fn title(d: &Dashboard) -> String {
    match &d.routine {
        Some(r) => format!(" Routine from {} ", r.start.format("%-d %b")),
        None => format!(" Cramps since {} ", d.from.format("%-d %b")),
    }
}

/// Most important first.
pub(super) fn lines(d: &Dashboard, experiment: bool, theme: &Theme) -> Vec<Line<'static>> {
    // Right under the first line, so it is on the first screen at 40x12.
    let newest_flag = d
        .newest_red_flag
        .as_ref()
        .map(|f| Line::from(Span::styled(f.short.clone(), theme.error)));
    let (Some(b), Some(r)) = (&d.baseline, &d.routine_phase) else {
        let o = &d.overall;
        let mut out = vec![Line::from(Span::styled(
            format!("{} cramps a week", rate(o)),
            theme.title,
        ))];
        out.extend(newest_flag);
        out.push(Line::from(coverage("logged", o)));
        out.push(Line::from(format!(
            "cramp-free nights {}",
            pct(o.cramp_free_pct)
        )));
        out.push(Line::from(if experiment {
            vec![
                Span::raw("Experiment on: "),
                Span::styled("o", theme.key),
                Span::raw(" shows it."),
            ]
        } else {
            vec![
                Span::raw("No routine yet: "),
                Span::styled("r", theme.key),
                Span::raw(" then "),
                Span::styled("n", theme.key),
                Span::raw(" starts one."),
            ]
        }));
        return out;
    };
    let verdict_style = match d.verdict() {
        Verdict::FewerCramps => theme.ok,
        Verdict::MoreCramps => theme.error,
        Verdict::NoClearChange | Verdict::NotEnoughData | Verdict::TooEarly => theme.warn,
    };
    let mut out = vec![Line::from(Span::styled(
        format!("{} → {} cramps a week", rate(b), rate(r)),
        theme.title,
    ))];
    out.extend(newest_flag);
    out.extend([
        Line::from(
            change_words(d)
                .map(|c| format!("Change {c}"))
                .unwrap_or_else(|| "No cramps in either phase.".into()),
        ),
        Line::from(Span::styled(
            match so_far_words(d) {
                Some(so_far) => format!("Verdict: {}; {so_far}", d.verdict_short()),
                None => format!("Verdict: {}", d.verdict_short()),
            },
            verdict_style,
        )),
        // Every screen that shows a verdict says a change over time is not proof (issue 10).
        Line::from(Span::styled(NOT_PROOF_SHORT, theme.text)),
    ]);
    // "Did it last?" at every size (issue 21), right after the verdict.
    out.extend(lasting_short(d).map(|l| Line::from(Span::styled(l, theme.title))));
    out.push(Line::from(format!(
        "{} · {}",
        coverage("baseline", b),
        coverage("routine", r)
    )));
    out.push(Line::from(format!(
        "cramp-free nights {} → {}",
        pct(b.cramp_free_pct),
        pct(r.cramp_free_pct)
    )));
    out
}

fn rate(p: &PhaseStats) -> String {
    p.rate_per_week
        .map_or("-".to_string(), |r| format!("{r:.1}"))
}

fn coverage(name: &str, p: &PhaseStats) -> String {
    format!("{name} {}/{} nights", p.logged, p.nights - p.excluded)
}
