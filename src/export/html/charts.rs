//! The report's charts as inline SVG, drawn with plotters' SVG backend. plotters is built
//! without a font engine, yet its SVG backend writes every label as an SVG `<text>` for the
//! browser to set (only text widths are guessed), so the axes carry their own labels; the label
//! areas are sized by hand for that reason.

use super::escape::esc;
use crate::analysis::adherence::{WeekAdherence, WeekState};
use crate::analysis::dashboard::Dashboard;
use crate::analysis::weekly::{PhaseKind, TightnessPoint, WeekBin};
use chrono::NaiveDate;
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::error::Error;
use std::fmt::Write;
use std::iter::once;

const W: u32 = 760;
const H: u32 = 250;
const FONT: &str = "sans-serif";
pub(super) const BASELINE: RGBColor = RGBColor(140, 140, 152);
pub(super) const ROUTINE: RGBColor = RGBColor(46, 139, 87);
const OTHER: RGBColor = RGBColor(90, 110, 160);
const LEFT: RGBColor = RGBColor(200, 80, 40);
const RIGHT: RGBColor = RGBColor(40, 90, 200);
pub(super) const GRID: RGBColor = RGBColor(225, 225, 225);
const INK: RGBColor = RGBColor(60, 60, 60);

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type Drawn = Result<(), Box<dyn Error>>;

/// `#2e8b57`, for the HTML legends beside the charts.
pub(super) fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Axis labels: plotters writes a font size of `size / 1.24`, so 15 is about 12 px.
pub(super) fn label() -> TextStyle<'static> {
    (FONT, 15).into_font().color(&INK)
}

/// A value written just above a point.
pub(super) fn above() -> TextStyle<'static> {
    label().pos(Pos::new(HPos::Center, VPos::Bottom))
}

pub(super) fn svg(name: &str, draw: impl FnOnce(&Area<'_>) -> Drawn) -> String {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (W, H)).into_drawing_area();
        let filled: Drawn = root.fill(&WHITE).map_err(Into::into);
        filled
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(Into::into))
    };
    match drawn {
        // A name for screen readers; plotters writes the rest of the tag.
        Ok(()) => out.replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", esc(name)),
            1,
        ),
        Err(_) => "<p>(chart unavailable)</p>".to_string(),
    }
}

/// The chart both weekly bar charts draw on: one segment per week, a count upwards.
type WeekChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordu32>,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// A weekly chart of `weeks` slots from 0 to `highest` (rounded up): grid lines across,
/// `y_desc` up the side and `label_of(i)` under week `i`.
fn week_chart<'a, 'b>(
    root: &'a Area<'b>,
    weeks: usize,
    highest: f64,
    y_desc: &str,
    label_of: impl Fn(usize) -> String,
) -> Result<WeekChart<'a, 'b>, Box<dyn Error>> {
    // One bar needs a second (empty) slot: a one-value axis has no width.
    let last = (weeks as u32).saturating_sub(1).max(1);
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d((0..last).into_segmented(), 0.0..top(highest, 2.0))?;
    value_mesh(&mut chart.configure_mesh(), y_desc)
        .x_labels(weeks)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => label_of(*i as usize),
            _ => String::new(),
        })
        .draw()?;
    Ok(chart)
}

/// One week of a weekly bar chart: its label under the axis, its rate (none: not logged), its
/// colour, and faded for a week not complete.
pub(super) struct WeekBar {
    pub label: String,
    pub rate: Option<f64>,
    pub colour: RGBColor,
    pub faded: bool,
}

/// Cramps per week, one bar per week, for the report's and the experiment's weekly charts.
pub(super) fn week_bars(name: &str, bars: &[WeekBar]) -> String {
    let highest = bars.iter().filter_map(|b| b.rate).fold(0.0, f64::max);
    svg(name, |root| {
        let mut chart = week_chart(root, bars.len(), highest, "cramps per week", |i| {
            bars.get(i).map_or(String::new(), |b| b.label.clone())
        })?;
        for (i, b) in (0u32..).zip(bars) {
            week_bar(&mut chart, i, b.rate, b.colour, b.faded)?;
        }
        Ok(())
    })
}

/// Week `i`'s bar with its rate above it (faded for a week not complete), or "not logged".
fn week_bar(
    chart: &mut WeekChart<'_, '_>,
    i: u32,
    rate: Option<f64>,
    colour: RGBColor,
    faded: bool,
) -> Drawn {
    let centre = SegmentValue::CenterOf(i);
    let Some(rate) = rate else {
        chart.draw_series(once(Text::new("not logged", (centre, 0.0), above())))?;
        return Ok(());
    };
    let style = if faded {
        colour.mix(0.45).filled()
    } else {
        colour.filled()
    };
    let mut bar = Rectangle::new(
        [
            (SegmentValue::Exact(i), 0.0),
            (SegmentValue::Exact(i + 1), rate),
        ],
        style,
    );
    bar.set_margin(0, 0, 6, 6);
    chart.draw_series(once(bar))?;
    chart.draw_series(once(Text::new(
        format!("{rate:.1}"),
        (centre, rate),
        above(),
    )))?;
    Ok(())
}

pub(super) fn top(highest: f64, min: f64) -> f64 {
    (highest * 1.15).ceil().max(min)
}

/// The mesh every chart of the report draws: grid lines across only, six value labels as
/// plain numbers, the value axis named `y_desc`, every label in the report's text style.
fn value_mesh<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    y_desc: &str,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged<ValueType = f64>,
    DB: DrawingBackend,
{
    mesh.disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .y_label_formatter(&value_label)
        .y_desc(y_desc)
        .label_style(label())
        .axis_desc_style(label())
}

fn value_label(v: &f64) -> String {
    number(*v)
}

pub(super) fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn phase_colour(phase: PhaseKind) -> RGBColor {
    match phase {
        PhaseKind::Baseline => BASELINE,
        PhaseKind::Routine => ROUTINE,
        PhaseKind::Other => OTHER,
    }
}

/// Cramps per week, one bar per week coloured by phase; a week not complete is paler and
/// its date carries a `*`.
pub fn weekly_cramps(weeks: &[WeekBin]) -> String {
    if weeks.is_empty() {
        return "<p>(no weeks to draw)</p>".to_string();
    }
    let bars: Vec<WeekBar> = weeks
        .iter()
        .map(|w| WeekBar {
            label: format!(
                "{}{}",
                w.from.format("%-d %b"),
                if w.partial { "*" } else { "" }
            ),
            rate: w.rate_per_week,
            colour: phase_colour(w.phase),
            faded: w.partial,
        })
        .collect();
    week_bars("Cramps per week, one bar per week", &bars)
}

/// Left and right calf tightness (7-night averages, 0-10), the routine's days shaded, and a
/// tick on the axis for each day with a session.
pub fn tightness(points: &[TightnessPoint], routine: Option<(NaiveDate, NaiveDate)>) -> String {
    let Some(first) = points.first().map(|p| p.night_of) else {
        return "<p>(no nights to draw)</p>".to_string();
    };
    let last = (points.len() - 1).max(1) as f64;
    let x_of = |day: NaiveDate| ((day - first).num_days() as f64).clamp(-0.5, last + 0.5);
    svg("Calf tightness, 7-night average, left and right", |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .margin_right(20)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.5..last + 0.5, 0.0..10.0)?;
        value_mesh(&mut chart.configure_mesh(), "tightness, 0-10")
            .x_labels(8)
            .x_label_formatter(&|x| {
                let i = x.round();
                let day = points
                    .get(i as usize)
                    .filter(|_| (x - i).abs() < 0.01 && i >= 0.0);
                day.map_or(String::new(), |p| p.night_of.format("%-d %b").to_string())
            })
            .draw()?;
        if let Some((start, end)) = routine {
            let (x0, x1) = (x_of(start) - 0.5, x_of(end) + 0.5);
            if x1 > x0 {
                chart.draw_series(once(Rectangle::new(
                    [(x0, 0.0), (x1, 10.0)],
                    ROUTINE.mix(0.08).filled(),
                )))?;
                let corner = label().pos(Pos::new(HPos::Left, VPos::Top));
                chart.draw_series(once(Text::new("routine", (x0 + 0.5, 9.8), corner)))?;
            }
        }
        type Pick = fn(&TightnessPoint) -> Option<f64>;
        for (pick, colour) in [
            ((|p| p.left_7d) as Pick, LEFT),
            ((|p| p.right_7d) as Pick, RIGHT),
        ] {
            // A gap in the notes is a gap in the line, not a straight bridge across it.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, p) in points.iter().enumerate() {
                match (pick(p), runs.last_mut()) {
                    (Some(v), Some(run)) => run.push((i as f64, v)),
                    (None, Some(run)) if !run.is_empty() => runs.push(Vec::new()),
                    _ => {}
                }
            }
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                chart.draw_series(LineSeries::new(run, colour.stroke_width(2)))?;
            }
        }
        let ticks = points.iter().enumerate().filter(|(_, p)| p.session);
        chart.draw_series(ticks.map(|(i, _)| {
            let x = i as f64;
            Rectangle::new([(x - 0.2, 0.0), (x + 0.2, 0.4)], ROUTINE.filled())
        }))?;
        Ok(())
    })
}

/// Sessions in each routine week (bars) against the week's target (a dark line); the week
/// under way is paler.
pub fn adherence(weeks: &[WeekAdherence]) -> String {
    if weeks.is_empty() {
        return "<p>(no routine week has begun)</p>".to_string();
    }
    let highest = weeks
        .iter()
        .map(|w| w.sessions.max(u32::from(w.target)))
        .max()
        .unwrap_or(1);
    svg("Sessions per routine week against the target", |root| {
        let mut chart = week_chart(root, weeks.len(), f64::from(highest), "sessions", |i| {
            weeks.get(i).map_or(String::new(), |w| {
                let pending = if w.state == WeekState::Current {
                    " (not over)"
                } else {
                    ""
                };
                format!("week {}{pending}", w.week)
            })
        })?;
        for (i, w) in (0u32..).zip(weeks) {
            let (sessions, target) = (f64::from(w.sessions), f64::from(w.target));
            let style = if w.state == WeekState::Current {
                ROUTINE.mix(0.45).filled()
            } else {
                ROUTINE.filled()
            };
            let (x0, x1) = (SegmentValue::Exact(i), SegmentValue::Exact(i + 1));
            let mut bar = Rectangle::new([(x0.clone(), 0.0), (x1.clone(), sessions)], style);
            bar.set_margin(0, 0, 14, 14);
            chart.draw_series(once(bar))?;
            chart.draw_series(once(PathElement::new(
                vec![(x0, target), (x1, target)],
                BLACK.stroke_width(2),
            )))?;
            let inside = label().color(&WHITE).pos(Pos::new(HPos::Center, VPos::Top));
            let text = format!("{} of {}", w.sessions, w.target);
            if sessions >= 1.0 {
                chart.draw_series(once(Text::new(
                    text,
                    (SegmentValue::CenterOf(i), sessions * 0.97),
                    inside,
                )))?;
            } else {
                chart.draw_series(once(Text::new(
                    text,
                    (SegmentValue::CenterOf(i), 0.0),
                    above(),
                )))?;
            }
        }
        Ok(())
    })
}

fn swatch(colour: RGBColor, what: &str) -> String {
    format!("<span style=\"color:{}\">■ {what}</span>", css(colour))
}

/// The report's charts, each with its caption and legend.
pub fn section(d: &Dashboard) -> String {
    let mut h = String::new();
    let mut legend = match d.routine {
        Some(_) => vec![swatch(BASELINE, "baseline"), swatch(ROUTINE, "routine")],
        None => vec![swatch(OTHER, "no routine yet")],
    };
    if d.routine.is_some() && d.weeks.iter().any(|w| w.phase == PhaseKind::Other) {
        legend.push(swatch(OTHER, "after the routine"));
    }
    let _ = write!(
        h,
        "<h2>Charts</h2><p><b>Cramps per week</b>, week by week <span class=\"legend\">{} (paler, with *: week not complete)</span></p>",
        legend.join("")
    );
    h.push_str(&weekly_cramps(&d.weeks));
    let _ = write!(
        h,
        "<p><b>Calf tightness</b>, 7-night average of the morning score <span class=\"legend\">{}{}{}</span></p>",
        swatch(LEFT, "left"),
        swatch(RIGHT, "right"),
        swatch(
            ROUTINE,
            match d.routine {
                Some(_) => "session day (ticks), routine (shaded)",
                None => "session day (ticks)",
            }
        )
    );
    let routine = d.routine.as_ref().map(|r| (r.start, r.end()));
    h.push_str(&tightness(&d.tightness, routine));
    if let Some(p) = &d.progress {
        let weeks: Vec<_> = p
            .weeks
            .iter()
            .filter(|w| w.state != WeekState::Upcoming)
            .cloned()
            .collect();
        h.push_str("<p><b>Sessions per routine week</b> (bars) against the target (line)</p>");
        h.push_str(&adherence(&weeks));
    }
    h
}
