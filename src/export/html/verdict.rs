//! The report's change-and-verdict section: the change with its interval, drawn against the
//! placebo band (the same gauge as the dashboard's), and the same verdict lines as `cramp report`.

use super::escape::esc;
use crate::analysis::dashboard::Dashboard;
use crate::analysis::verdict::{
    MIN_BASELINE_CRAMPS, MIN_COVERAGE, PLACEBO_NOTE, PLACEBO_REDUCTION_PCT,
};
use crate::report::gauge::{GAUGE_LEFT, GAUGE_RIGHT, GaugeCell, gauge};
use crate::report::{change_line, method_line, months_line, verdict_lines};
use std::fmt::Write;

/// Cells of the SVG gauge (the text gauge at a finer grain).
const CELLS: usize = 201;
const CELL_PX: f64 = 3.0;

fn svg_gauge(d: &Dashboard) -> Option<String> {
    let r = d.ratio()?;
    let cells = gauge(r.interval.estimate, r.interval.lo, r.interval.hi, CELLS);
    let x0 = 50.0;
    let width = CELLS as f64 * CELL_PX;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} 46\" role=\"img\" aria-label=\"change in cramps with its 96% interval against the placebo band\"><line x1=\"{x0}\" y1=\"20\" x2=\"{}\" y2=\"20\" stroke=\"#bbb\"/>",
        width + 2.0 * x0,
        x0 + width
    );
    let run = |kind: GaugeCell| -> Option<(f64, f64)> {
        let first = cells.iter().position(|(_, k)| *k == kind)?;
        let last = cells.iter().rposition(|(_, k)| *k == kind)?;
        Some((
            x0 + first as f64 * CELL_PX,
            x0 + (last + 1) as f64 * CELL_PX,
        ))
    };
    // The placebo band is drawn whole, under the interval.
    let [fewest, most] = PLACEBO_REDUCTION_PCT;
    let at = |ratio: f64| x0 + ratio.clamp(0.0, 2.0) / 2.0 * width;
    let (band_a, band_b) = (
        at(1.0 - f64::from(most) / 100.0),
        at(1.0 - f64::from(fewest) / 100.0),
    );
    let _ = write!(
        s,
        "<rect x=\"{band_a:.1}\" y=\"8\" width=\"{:.1}\" height=\"24\" fill=\"#d9d9d9\"/>",
        band_b - band_a
    );
    if let Some((a, b)) = run(GaugeCell::Interval) {
        let _ = write!(
            s,
            "<rect x=\"{a:.1}\" y=\"16\" width=\"{:.1}\" height=\"8\" fill=\"#2b6cb0\"/>",
            b - a
        );
    }
    let one = at(1.0);
    let _ = write!(
        s,
        "<line x1=\"{one:.1}\" y1=\"4\" x2=\"{one:.1}\" y2=\"36\" stroke=\"#222\"/>"
    );
    let dot = r.interval.estimate.map_or(x0 + width, at);
    let _ = write!(
        s,
        "<circle cx=\"{dot:.1}\" cy=\"20\" r=\"5\" fill=\"#111\"/><text x=\"2\" y=\"24\" font-size=\"11\">{GAUGE_LEFT}</text><text x=\"{:.1}\" y=\"24\" font-size=\"11\">{GAUGE_RIGHT}</text><text x=\"{one:.1}\" y=\"45\" font-size=\"10\" text-anchor=\"middle\">no change</text><text x=\"{:.1}\" y=\"45\" font-size=\"10\" text-anchor=\"middle\">placebo {fewest}-{most}% fewer</text></svg>",
        x0 + width + 6.0,
        (band_a + band_b) / 2.0
    );
    Some(s)
}

/// The change, the gauge, the verdict lines and how they are computed.
pub fn write(h: &mut String, d: &Dashboard) {
    if let Some(m) = months_line(d) {
        let _ = write!(h, "<p>{}</p>", esc(&m));
    }
    let _ = write!(h, "<p><b>{}</b></p>", esc(&change_line(d)));
    if let Some(svg) = svg_gauge(d) {
        let _ = write!(
            h,
            "<p class=\"legend\"><span>● change</span><span style=\"color:#2b6cb0\">■ 96% interval</span><span style=\"color:#999\">■ placebo groups: {}-{}% fewer</span></p>{svg}<p class=\"muted\">{}</p>",
            PLACEBO_REDUCTION_PCT[0],
            PLACEBO_REDUCTION_PCT[1],
            esc(PLACEBO_NOTE)
        );
    }
    if let Some(r) = &d.ratio() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(&method_line(r)));
    }
    let mut lines = verdict_lines(d).into_iter();
    if let Some(first) = lines.next() {
        let _ = write!(h, "<p class=\"verdict\">{}</p>", esc(&first));
    }
    for line in lines {
        let _ = write!(h, "<p>{}</p>", esc(&line));
    }
    let _ = write!(
        h,
        "<p class=\"muted\">Rate = cramps ÷ usable nights × 7 (unlogged and excluded nights are left out). Weeks, not single cramps, are the units, because cramps cluster. The interval is a 96% confidence sequence over the routine's whole weeks (repeated confidence intervals with O'Brien-Fleming looks, Jennison &amp; Turnbull 1989, around a weekly quasi-Poisson score interval widened for bad spells): it stays valid however often it is read and whenever the routine stops, and on the morning after the routine it is the verdict. A verdict needs a baseline of at least 28 nights, {:.0}% of each phase's nights logged, at least 4 usable nights in every week, at least {MIN_BASELINE_CRAMPS} baseline cramps, and the routine over (or stopped after at least 4 whole weeks).</p>",
        MIN_COVERAGE * 100.0
    );
}
