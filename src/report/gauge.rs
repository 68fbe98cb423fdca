//! The placebo gauge: the change and its interval (the daily line) drawn on one line against the placebo
//! band, the same drawing on the dashboard, in the text report and in the HTML report.

use crate::analysis::rate::LEVEL_PCT;
use crate::analysis::verdict::PLACEBO_REDUCTION_PCT;

/// What one character of the placebo gauge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaugeCell {
    Axis,
    /// The placebo band (28-36% fewer) outside the interval.
    Placebo,
    /// The interval (`▓` where it crosses the placebo band).
    Interval,
    Estimate,
    /// No change (ratio 1).
    NoChange,
}

/// The gauge's ends: ratio 0 (every cramp gone) on the left, ratio 2 (twice as many) right.
pub const GAUGE_LEFT: &str = "-100%";
pub const GAUGE_RIGHT: &str = "+100%";
/// What the gauge's marks stand for, the placebo band's numbers from the one constant.
pub fn legend() -> String {
    let [fewest, most] = PLACEBO_REDUCTION_PCT;
    format!("● change ━ {LEVEL_PCT}% CI ░ placebo {fewest}-{most}% fewer")
}

/// The change and its interval drawn on one line against the placebo band, `width` cells for
/// ratios 0 to 2 (values beyond are drawn at the edge). The same drawing on every screen.
pub fn gauge(estimate: Option<f64>, lo: f64, hi: f64, width: usize) -> Vec<(char, GaugeCell)> {
    let width = width.max(5);
    let col = |ratio: f64| ((ratio.clamp(0.0, 2.0) / 2.0) * (width - 1) as f64).round() as usize;
    let [fewest, most] = PLACEBO_REDUCTION_PCT;
    let band = col(1.0 - f64::from(most) / 100.0)..=col(1.0 - f64::from(fewest) / 100.0);
    let interval = col(lo)..=col(hi);
    (0..width)
        .map(|c| {
            if estimate.map(col) == Some(c) || (estimate.is_none() && c == width - 1) {
                ('●', GaugeCell::Estimate)
            } else if c == col(1.0) {
                ('│', GaugeCell::NoChange)
            } else if interval.contains(&c) && band.contains(&c) {
                ('▓', GaugeCell::Interval)
            } else if interval.contains(&c) {
                ('━', GaugeCell::Interval)
            } else if band.contains(&c) {
                ('░', GaugeCell::Placebo)
            } else {
                ('─', GaugeCell::Axis)
            }
        })
        .collect()
}

/// `-100% ──░░━━●━━━│────── +100%`: the gauge as plain text.
pub fn gauge_text(estimate: Option<f64>, lo: f64, hi: f64, width: usize) -> String {
    let cells: String = gauge(estimate, lo, hi, width)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    format!("{GAUGE_LEFT} {cells} {GAUGE_RIGHT}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_puts_the_interval_beside_the_placebo_band() {
        // 41 cells: ratio r sits at column 20·r; placebo 0.64-0.72 at columns 13-14.
        let g = gauge_text(Some(0.3), 0.154, 0.583, 41);
        assert_eq!(g, "-100% ───━━━●━━━━━━░░─────│──────────────────── +100%");
        let g = gauge_text(Some(0.7), 0.5, 1.2, 41);
        assert_eq!(g, "-100% ──────────━━━▓●━━━━━│━━━━──────────────── +100%");
    }

    #[test]
    fn the_legend_names_the_placebo_band() {
        assert_eq!(legend(), "● change ━ 96% CI ░ placebo 28-36% fewer");
    }
}
