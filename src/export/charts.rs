//! The report's charts as inline SVG, drawn with plotters' SVG backend. Shapes only: plotters
//! is built without a font engine, so labels are HTML beside each chart.

use crate::analysis::adherence::WeekAdherence;
use crate::analysis::weekly::{PhaseKind, TightnessPoint, WeekBin};
use plotters::prelude::*;

const W: u32 = 720;
const H: u32 = 200;
const BASELINE: RGBColor = RGBColor(150, 150, 160);
const ROUTINE: RGBColor = RGBColor(46, 139, 87);
const OTHER: RGBColor = RGBColor(90, 110, 160);
const LEFT: RGBColor = RGBColor(200, 80, 40);
const RIGHT: RGBColor = RGBColor(40, 90, 200);

fn svg(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (W, H)).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| draw(&root));
        if drawn.is_err() || root.present().is_err() {
            return String::from("<p>(chart unavailable)</p>");
        }
    }
    out
}

fn bar(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    x0: i32,
    x1: i32,
    top: i32,
    color: RGBColor,
) -> Result<(), String> {
    area.draw(&Rectangle::new(
        [(x0, top), (x1, H as i32 - 1)],
        color.filled(),
    ))
    .map_err(|e| e.to_string())
}

/// Cramps per week, one bar per week, coloured by phase; incomplete weeks lighter.
pub fn weekly_cramps(weeks: &[WeekBin]) -> String {
    let max = weeks
        .iter()
        .filter_map(|w| w.rate_per_week)
        .fold(1.0_f64, f64::max);
    svg(|area| {
        let n = weeks.len().max(1) as i32;
        let slot = W as i32 / n;
        for (i, w) in weeks.iter().enumerate() {
            let Some(rate) = w.rate_per_week else {
                continue;
            };
            let height = ((rate / max) * f64::from(H - 10)) as i32;
            let color = match w.phase {
                PhaseKind::Baseline => BASELINE,
                PhaseKind::Routine => ROUTINE,
                PhaseKind::Other => OTHER,
            };
            let color = if w.partial {
                color.mix(0.5).to_rgba()
            } else {
                color.to_rgba()
            };
            let x0 = i as i32 * slot + 4;
            area.draw(&Rectangle::new(
                [
                    (x0, H as i32 - 1 - height.max(2)),
                    (x0 + slot - 8, H as i32 - 1),
                ],
                color.filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Left and right calf tightness (7-night averages, 0-10), with session days as ticks below.
pub fn tightness(points: &[TightnessPoint]) -> String {
    svg(|area| {
        let n = points.len().max(2) as f64 - 1.0;
        let x = |i: usize| (i as f64 / n * f64::from(W - 20)) as i32 + 10;
        let y = |v: f64| (f64::from(H - 20) * (1.0 - v / 10.0)) as i32 + 4;
        for (pick, color) in [
            (
                (|p: &TightnessPoint| p.left_7d) as fn(&TightnessPoint) -> Option<f64>,
                LEFT,
            ),
            (|p: &TightnessPoint| p.right_7d, RIGHT),
        ] {
            let line: Vec<(i32, i32)> = points
                .iter()
                .enumerate()
                .filter_map(|(i, p)| pick(p).map(|v| (x(i), y(v))))
                .collect();
            area.draw(&PathElement::new(line, color.stroke_width(2)))
                .map_err(|e| e.to_string())?;
        }
        for (i, _) in points.iter().enumerate().filter(|(_, p)| p.session) {
            area.draw(&Rectangle::new(
                [(x(i) - 1, H as i32 - 10), (x(i) + 1, H as i32 - 1)],
                ROUTINE.filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Sessions per routine week against the target (the dark line).
pub fn adherence(weeks: &[WeekAdherence]) -> String {
    let max = weeks
        .iter()
        .map(|w| w.sessions.max(u32::from(w.target)))
        .max()
        .unwrap_or(1)
        .max(1);
    svg(|area| {
        let n = weeks.len().max(1) as i32;
        let slot = W as i32 / n;
        let y = |v: u32| H as i32 - 1 - (f64::from(v) / f64::from(max) * f64::from(H - 10)) as i32;
        for (i, w) in weeks.iter().enumerate() {
            let x0 = i as i32 * slot + 10;
            bar(area, x0, x0 + slot - 20, y(w.sessions), ROUTINE)?;
            area.draw(&PathElement::new(
                vec![
                    (x0 - 4, y(u32::from(w.target))),
                    (x0 + slot - 16, y(u32::from(w.target))),
                ],
                BLACK.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}
