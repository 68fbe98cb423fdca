//! The dashboard's lines of text: the headline, the baseline → routine details, the
//! follow-up and the routine's adherence.

use super::verdict::gauge_line;
use crate::analysis::adherence::{RoutineProgress, Stage, WeekState};
use crate::analysis::dashboard::{Dashboard, MIN_COVERAGE};
use crate::analysis::phases::PhaseStats;
use crate::analysis::phases::coverage_pct;
use crate::analysis::rate::Verdict;
use crate::analysis::verdict::{NOT_PROOF, PLACEBO_NOTE_SHORT};
use crate::format::{count, num, pct, secs};
use crate::report::{change_with_interval, no_change_words, so_far_words};
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Baseline → routine for the secondary numbers; the first line is the compact summary.
pub(super) fn details(d: &Dashboard, theme: &Theme) -> Vec<Line<'static>> {
    let (Some(b), Some(r)) = (&d.baseline, &d.routine_phase) else {
        let o = &d.overall;
        return vec![Line::from(Span::styled(
            format!(
                "cramp-free {} · worst intensity {} · longest {} (medians of {})",
                pct(o.cramp_free_pct),
                num(o.median_worst_intensity),
                secs(o.median_longest_s),
                count(o.cramp_nights, "night", "nights")
            ),
            theme.muted,
        ))];
    };
    let row = |name: &str, f: fn(&PhaseStats) -> String| {
        Line::from(vec![
            Span::styled(format!("{name:<24}"), theme.muted),
            Span::raw(format!("{} → {}", f(b), f(r))),
        ])
    };
    vec![
        Line::from(Span::styled(
            format!(
                "cramp-free {} → {} · worst {} → {} · longest {} → {}",
                pct(b.cramp_free_pct),
                pct(r.cramp_free_pct),
                num(b.median_worst_intensity),
                num(r.median_worst_intensity),
                secs(b.median_longest_s),
                secs(r.median_longest_s)
            ),
            theme.muted,
        )),
        row("cramps", |p| p.cramps.to_string()),
        row("cramp-free nights", |p| pct(p.cramp_free_pct)),
        row("cramp nights a week", |p| {
            p.cramp_nights_per_week
                .map_or("-".into(), |v| format!("{v:.1}"))
        }),
        row("median worst intensity", |p| num(p.median_worst_intensity)),
        row("median longest cramp", |p| secs(p.median_longest_s)),
        row("medians from", |p| count(p.cramp_nights, "night", "nights")),
        row("sleep disturbance", |p| num(p.mean_sleep_disturbance)),
        row("calf tightness", |p| num(p.mean_tightness)),
    ]
}

/// ` · day 10 of 28 · session days 2/5 this week`, ` · finished · session days 21 (target 20)`.
pub(super) fn stage_words(p: &RoutineProgress) -> String {
    match p.stage {
        Stage::Running {
            day, total_days, ..
        } => {
            let week = p
                .current_week()
                .map(|w| (w.days, w.target))
                .unwrap_or_default();
            format!(
                " · day {day} of {total_days} · session days {}/{} this week",
                week.0, week.1
            )
        }
        Stage::Finished { .. } => {
            let a = p.adherence();
            format!(
                " · finished · session days {} (target {})",
                a.days, a.target
            )
        }
        Stage::NotStarted { days_until } => {
            format!(" · starts in {}", count(days_until, "day", "days"))
        }
    }
}

pub(super) fn rate(p: &PhaseStats) -> String {
    p.rate_per_week
        .map_or("-".to_string(), |r| format!("{r:.1}/wk"))
}

pub(super) fn coverage_span(name: &str, p: &PhaseStats, theme: &Theme) -> Span<'static> {
    let style = if p.coverage < MIN_COVERAGE {
        theme.warn
    } else {
        theme.muted
    };
    let sep = if name.is_empty() { "" } else { " " };
    let text = if p.nights == 0 {
        format!("{name}{sep}no night over yet")
    } else if p.open_nights() == 0 {
        format!("{name}{sep}no usable nights (all excluded)")
    } else {
        format!(
            "{name}{sep}{}/{} logged ({})",
            p.logged,
            count(p.open_nights(), "night", "nights"),
            coverage_pct(p.coverage)
        )
    };
    Span::styled(text, style)
}

/// `After the routine 30 Nov to 20 Dec: 1.2/wk · 15/21 nights logged (71%)`
pub(super) fn follow_up_line(d: &Dashboard, theme: &Theme) -> Option<Line<'static>> {
    let f = d.follow_up.as_ref()?;
    let rate = if f.logged == 0 {
        "no usable nights yet".to_string()
    } else {
        rate(f)
    };
    Some(Line::from(vec![
        Span::styled(
            format!(
                "Follow-up {} to {}: {rate} · ",
                f.from.format("%-d %b"),
                f.to.format("%-d %b")
            ),
            theme.text,
        ),
        coverage_span("", f, theme),
    ]))
}

pub(super) fn headline(
    d: &Dashboard,
    experiment: bool,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    // The newest red flag is in the headline at every size, so no scrolling can hide it.
    let flag = d
        .newest_red_flag
        .as_ref()
        .map(|f| Line::from(Span::styled(f.short.clone(), theme.error)));
    let (Some(b), Some(r)) = (&d.baseline, &d.routine_phase) else {
        let o = &d.overall;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(
                    format!(
                        "{} cramps a week",
                        o.rate_per_week
                            .map_or("-".to_string(), |r| format!("{r:.1}"))
                    ),
                    theme.title,
                ),
                Span::styled(" · ", theme.muted),
                coverage_span("", o, theme),
            ]),
            Line::from(if experiment {
                // One experiment or routine at a time: no routine to start, no comparison. The
                // sentence is shortened rather than cut where it does not fit.
                const LONG: [&str; 2] = [
                    "No routine comparison while the experiment runs: press ",
                    " for its weeks and result.",
                ];
                let fits = LONG.concat().chars().count() < usize::from(width);
                let [before, after] = if fits {
                    LONG
                } else {
                    ["No routine comparison now: press ", " for the experiment."]
                };
                vec![
                    Span::raw(before),
                    Span::styled("o", theme.key),
                    Span::raw(after),
                ]
            } else {
                vec![
                    Span::raw("No routine yet: press "),
                    Span::styled("r", theme.key),
                    Span::raw(", then "),
                    Span::styled("n", theme.key),
                    Span::raw(", to start a 4-week routine."),
                ]
            }),
        ];
        lines.splice(1..1, flag);
        return lines;
    };
    let verdict_style = match d.verdict() {
        Verdict::FewerCramps => theme.ok,
        Verdict::MoreCramps => theme.error,
        Verdict::NoClearChange | Verdict::NotEnoughData | Verdict::TooEarly => theme.warn,
    };
    // What the routine is compared with: the baseline, or all the weeks before it after an
    // unusually bad baseline.
    let before = match d.reference() {
        Some(x) if x.longer => format!(
            "{} weeks before {}",
            x.weeks(),
            x.rate_per_week
                .map_or("-".to_string(), |v| format!("{v:.1}/wk"))
        ),
        _ => format!("Baseline {}", rate(b)),
    };
    let change = vec![
        Span::styled(format!("{before} → routine {}", rate(r)), theme.title),
        Span::raw("   "),
        Span::raw(
            d.ratio()
                .map(|q| {
                    format!(
                        "change {}",
                        change_with_interval(q.interval.estimate, q.interval.lo, q.interval.hi)
                    )
                })
                .unwrap_or_else(|| no_change_words(d)),
        ),
    ];
    let verdict = match so_far_words(d) {
        Some(so_far) => format!("Verdict: {} · {so_far}", d.verdict_short()),
        None => format!("Verdict: {}", d.verdict_short()),
    };
    let mut lines = vec![
        Line::from(change),
        Line::from(Span::styled(verdict, verdict_style)),
        // Right under the verdict, so red flags and warnings below the charts never push it off.
        Line::from(Span::styled(NOT_PROOF, theme.text)),
    ];
    lines.extend(flag);
    if let Some(g) = gauge_line(d, theme, width) {
        lines.push(g);
        // Wherever the gauge is drawn, what its band is (issue 21).
        lines.push(Line::from(Span::styled(PLACEBO_NOTE_SHORT, theme.muted)));
    }
    lines.push(Line::from(vec![
        coverage_span("baseline", b, theme),
        Span::styled(" · ", theme.muted),
        coverage_span("routine", r, theme),
    ]));
    lines
}

pub(super) fn adherence_line(d: &Dashboard, theme: &Theme, totals: bool) -> Line<'static> {
    let Some(p) = &d.progress else {
        return Line::from(Span::styled("Adherence: no routine", theme.muted));
    };
    // Days with a deep-tissue session against target days, per routine week.
    let mut spans = vec![Span::raw("Session days ")];
    for w in p.weeks.iter().filter(|w| w.state != WeekState::Upcoming) {
        let short = w.state == WeekState::Done && w.days < u32::from(w.target);
        let style: Style = if short { theme.warn } else { theme.ok };
        let so_far = if w.state == WeekState::Current {
            " so far"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("wk{} {}/{}{so_far}  ", w.week, w.days, w.target),
            style,
        ));
    }
    let all = p.adherence();
    if totals && all.target > 0 {
        spans.push(Span::styled(format!("· {}", all.words()), theme.muted));
    }
    Line::from(spans)
}
