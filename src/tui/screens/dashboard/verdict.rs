//! The dashboard's verdict area: the placebo gauge, and the lines under the charts (why there
//! is no verdict yet, the caveat, what the design can see, the referral).

use crate::analysis::dashboard::Dashboard;
use crate::analysis::rate::Verdict;
use crate::analysis::verdict::{CANT_TELL_ADVICE, LINE_MEANING};
use crate::report::gauge::{GAUGE_LEFT, GAUGE_RIGHT, GaugeCell, gauge, legend};
use crate::report::{lasting_sentence, months_line, season_lines};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The change and its interval against the placebo band, on one line.
pub fn gauge_line(d: &Dashboard, theme: &Theme, width: u16) -> Option<Line<'static>> {
    let r = d.ratio()?;
    let legend = if width >= 110 {
        legend()
    } else {
        "━ 96% CI ░ placebo".to_string()
    };
    let ends = GAUGE_LEFT.chars().count() + GAUGE_RIGHT.chars().count() + 2;
    let cells = (width as usize)
        .saturating_sub(ends + 2 + legend.chars().count())
        .min(81);
    let mut spans = vec![Span::styled(format!("{GAUGE_LEFT} "), theme.muted)];
    for (c, kind) in gauge(r.interval.estimate, r.interval.lo, r.interval.hi, cells) {
        let style = match kind {
            GaugeCell::Axis | GaugeCell::NoChange => theme.muted,
            GaugeCell::Placebo => theme.warn,
            GaugeCell::Interval | GaugeCell::Estimate => theme.title,
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    spans.push(Span::styled(format!(" {GAUGE_RIGHT}  "), theme.muted));
    spans.push(Span::styled(legend, theme.muted));
    Some(Line::from(spans))
}

/// Red flags first; then why there is no verdict yet, "did it last?" (where there is room), the
/// placebo comparison, the regression-to-the-mean and season notes, the referral, what "can't
/// tell" and the line mean, what the design can see (the caveat sits in the headline, under the
/// verdict). Smaller screens have the two-line forms of the regression and season notes and
/// "did it last?" in the follow-up line's place; the context line (whose placebo band the gauge already draws) and
/// the months only where there is room.
pub fn footer_lines(d: &Dashboard, theme: &Theme, roomy: bool) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for flag in &d.red_flags {
        lines.push(Line::from(Span::styled(format!("⚠ {flag}"), theme.error)));
    }
    if d.routine.is_some() {
        if let Some(why) = d.verdict_reason() {
            let mut why = why.to_string();
            if let Some(first) = why.get(..1) {
                why.replace_range(..1, &first.to_uppercase());
            }
            lines.push(Line::from(Span::styled(format!("{why}."), theme.warn)));
        }
        // Smaller screens have "did it last?" in place of the follow-up line.
        if roomy && let Some(l) = lasting_sentence(d) {
            lines.push(Line::from(Span::styled(l, theme.title)));
        }
        // The headline has the short words; the placebo comparison gets its own line here.
        if let Some(more) = d.verdict_words().strip_prefix(&d.verdict_short()) {
            let more = more.trim_start_matches(": ");
            if let Some(first) = more.get(..1) {
                let line = format!("{}{}.", first.to_uppercase(), &more[1..]);
                lines.push(Line::from(Span::styled(line, theme.ok)));
            }
        }
        // Smaller screens have the two-line forms.
        let warning = match (roomy, d.baseline_check(), d.reference()) {
            (false, Some(c), Some(r)) => c.sentence_short(r.weeks()),
            _ => d.baseline_warning().map(str::to_string),
        };
        if let Some(w) = warning {
            lines.push(Line::from(Span::styled(w, theme.warn)));
        }
        let season = match (roomy, &d.season) {
            (false, Some(s)) => s
                .caveat_short()
                .into_iter()
                .chain(s.earlier_line())
                .collect(),
            _ => season_lines(d),
        };
        for s in season {
            lines.push(Line::from(Span::styled(s, theme.warn)));
        }
        // Whole at every size: the dashboard scrolls to it.
        if let Some(s) = &d.see_professional {
            lines.push(Line::from(Span::styled(s.clone(), theme.warn)));
        }
        if d.verdict() == Verdict::NoClearChange {
            lines.push(Line::from(Span::styled(CANT_TELL_ADVICE, theme.muted)));
        }
        if d.ratio().is_some() {
            lines.push(Line::from(Span::styled(LINE_MEANING, theme.muted)));
        }
        if let Some(x) = d.detectable() {
            lines.push(Line::from(Span::styled(x.sentence(), theme.muted)));
        }
        if roomy && let Some(m) = months_line(d) {
            lines.push(Line::from(Span::styled(m, theme.muted)));
        }
    }
    if roomy || d.routine.is_none() {
        lines.push(Line::from(Span::styled(
            "Context: the popular claim is 68% fewer cramps in 4 weeks; placebo groups in 4-week trials improve ~28-36%; nightly stretching ~35% (Hallegraeff 2012).",
            theme.muted,
        )));
    }
    lines
}
