//! The insights page in words: each factor's sentence, the patterns' bars, the year calendar's
//! rows and a "Test it" plan. The command line, the screen and the HTML report all use these,
//! so every figure reads the same everywhere.

use crate::analysis::experiment_plan::RECENT_NIGHTS;
use crate::analysis::insights::association::Association;
use crate::analysis::insights::test_it::{GOOD_POWER, PAIRS, TestPlan};
use crate::analysis::insights::{FactorInsight, Insights, LEVEL, Link, NOT_PROOF};
use crate::analysis::patterns::{Bar, Patterns};
use crate::analysis::year::{Mark, SpanKind, YearNight, YearView};
use crate::domain::dates::long_date;
use crate::format::count;

/// `2.05`, `0.00`, `∞`.
fn ratio(v: f64) -> String {
    if v.is_infinite() {
        "∞".into()
    } else {
        format!("{v:.2}")
    }
}

/// `p = 0.012`, `p < 0.001`.
pub fn p_words(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

/// `rate ratio 2.05 (95% CI 1.31 to 3.20)`.
pub fn ratio_words(a: &Association) -> String {
    format!(
        "rate ratio {} (95% CI {} to {})",
        ratio(a.estimate),
        ratio(a.lo),
        ratio(a.hi)
    )
}

/// `3.1 cramps/week with it (41 nights) · 1.4 without (250 nights)`; `no nights with it`.
pub fn rates_words(f: &FactorInsight) -> String {
    let side = |rate: Option<f64>, nights: u32, which: &str| match rate {
        Some(r) => format!(
            "{r:.1} cramps/week {which} ({})",
            count(nights, "night", "nights")
        ),
        None => format!("no nights {which}"),
    };
    format!(
        "{} · {}",
        side(f.rate_with(), f.with.nights, "with it"),
        side(f.rate_without(), f.without.nights, "without")
    )
}

/// `linked: more cramps` / `no clear link` / `not enough nights yet`.
pub fn verdict_words(f: &FactorInsight) -> String {
    match (f.link, f.direction()) {
        (Link::Linked, Some(d)) => format!("linked: {d}"),
        (link, _) => link.words().to_string(),
    }
}

/// A factor in a few lines: its name and verdict, what "with" means, the rates, the ratio with
/// its interval and adjusted p-value (or the gate), and a note when the unadjusted interval
/// alone would have said more.
pub fn factor_lines(f: &FactorInsight) -> Vec<String> {
    let mut out = vec![format!("{} — {}", f.factor.name(), verdict_words(f))];
    out.push(format!("  with: {}", f.factor.with_words()));
    out.push(format!("  {}", rates_words(f)));
    match (&f.association, &f.gate) {
        (Some(a), None) => {
            out.push(format!(
                "  {}, compared within months; Holm-adjusted {}",
                ratio_words(a),
                p_words(f.p_adjusted.unwrap_or(a.p))
            ));
            if f.unadjusted_only() {
                out.push(format!(
                    "  Its interval alone excludes 1, but among all the factors looked at one such interval is expected by chance ({} before adjustment)",
                    p_words(a.p)
                ));
            }
        }
        (_, Some(gate)) => out.push(format!("  {}", capitalised(gate))),
        (None, None) => {}
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The page's opening lines: what was looked at and how.
pub fn intro_lines(i: &Insights) -> Vec<String> {
    let span = match (i.first, i.last) {
        (Some(a), Some(b)) => format!(" ({} to {})", long_date(a), long_date(b)),
        _ => String::new(),
    };
    vec![
        format!(
            "Insights from {}{span}. {NOT_PROOF}",
            count(i.usable_nights, "usable night", "usable nights")
        ),
        format!(
            "Each factor's nights are compared with nights of the same calendar month that followed the same kind of night (cramps, cramp-free, not logged); the 95% intervals allow for bad spells; {} tested, Holm-adjusted at {LEVEL}.",
            count(i.tested as u32, "factor", "factors")
        ),
    ]
}

/// Every factor, grouped: linked, no clear link, not enough nights yet.
pub fn insight_lines(i: &Insights) -> Vec<String> {
    let mut out = intro_lines(i);
    for (link, heading) in [
        (Link::Linked, "Linked"),
        (Link::NoClearLink, "No clear link"),
        (Link::NotEnoughNights, "Not enough nights yet"),
    ] {
        let group: Vec<&FactorInsight> = i.factors.iter().filter(|f| f.link == link).collect();
        if group.is_empty() {
            continue;
        }
        out.push(String::new());
        out.push(format!("{heading} ({})", group.len()));
        for f in group {
            out.extend(factor_lines(f).into_iter().map(|l| format!("  {l}")));
        }
    }
    if i.factors.iter().any(|f| f.link == Link::Linked) {
        out.push(String::new());
        out.push(
            "A link can come from something else that goes with the factor; \"Test it\" (cramp insights --test KEY) plans an on/off experiment that can tell.".into(),
        );
    }
    out
}

/// One bar of text: label, blocks in proportion to `value / most`, then what is behind it.
fn bar_line(label: &str, value: f64, most: f64, width: usize, behind: &str) -> String {
    let cells = if most > 0.0 {
        (value / most * width as f64).round() as usize
    } else {
        0
    };
    format!(
        "{label:>5} {}{} {behind}",
        "█".repeat(cells),
        " ".repeat(width - cells.min(width))
    )
}

fn count_bars(bars: &[Bar], width: usize) -> Vec<String> {
    let most = bars.iter().map(|b| b.cramps).max().unwrap_or(0);
    bars.iter()
        .map(|b| {
            bar_line(
                &b.label,
                f64::from(b.cramps),
                f64::from(most),
                width,
                &format!(
                    "{} · {}",
                    count(b.cramps, "cramp", "cramps"),
                    count(b.nights, "night", "nights")
                ),
            )
        })
        .collect()
}

fn rate_bars(bars: &[Bar], width: usize) -> Vec<String> {
    let most = bars.iter().filter_map(Bar::per_week).fold(0.0, f64::max);
    bars.iter()
        .map(|b| {
            bar_line(
                &b.label,
                b.per_week().unwrap_or(0.0),
                most,
                width,
                &match b.per_week() {
                    Some(r) => format!(
                        "{r:.1}/week · {} on {}",
                        count(b.cramps, "cramp", "cramps"),
                        count(b.nights, "night", "nights")
                    ),
                    None => "no nights".into(),
                },
            )
        })
        .collect()
}

/// The patterns as text bars `width` cells wide at most.
pub fn pattern_lines(p: &Patterns, width: usize) -> Vec<String> {
    let mut out = vec![format!(
        "Patterns: {} on {}.",
        count(p.cramps, "cramp", "cramps"),
        count(p.nights, "usable night", "usable nights")
    )];
    out.push("By leg (cramps · nights with one):".into());
    out.extend(count_bars(&p.legs, width));
    out.push("By muscle:".into());
    out.extend(count_bars(&p.muscles, width));
    out.push(format!(
        "By hour of the night, evening to morning ({} without a time):",
        count(p.untimed, "cramp", "cramps")
    ));
    out.extend(count_bars(&p.hours, width));
    out.push("By weekday the night began (cramps per week on those nights):".into());
    out.extend(rate_bars(&p.weekdays, width));
    out.push("By month, every year together:".into());
    out.extend(rate_bars(&p.months, width));
    out
}

/// The calendar's glyph for a night: the cramp count (`1`-`9`, `#` for ten or more), `○`
/// cramp-free, `·` not logged, `×` excluded, blank before the diary began or not over yet.
pub fn mark_glyph(mark: Mark) -> char {
    match mark {
        Mark::Cramps(n) if n >= 10 => '#',
        Mark::Cramps(n) => char::from_digit(n, 10).unwrap_or('#'),
        Mark::CrampFree => '○',
        Mark::NotLogged => '·',
        Mark::Excluded => '×',
        Mark::BeforeDiary | Mark::NotOver => ' ',
    }
}

/// The line under a month: `b` baseline, `R` routine, `+` experiment on-week, `-` off-week.
pub fn span_glyph(span: Option<SpanKind>) -> char {
    match span {
        Some(SpanKind::Baseline) => 'b',
        Some(SpanKind::Routine) => 'R',
        Some(SpanKind::ExperimentOn) => '+',
        Some(SpanKind::ExperimentOff) => '-',
        None => ' ',
    }
}

pub const YEAR_LEGEND: &str = "1-9 cramps (# 10+) · ○ cramp-free · · not logged · × excluded · under a month: b baseline, R routine, + experiment on-week, - off-week";

/// The ruler over the calendar, `cell` characters a night: the year, then day numbers over
/// their columns (1, 5, 10... one wide; every odd day two wide; every day three wide).
pub fn year_ruler(v: &YearView, cell: usize) -> String {
    let mut ruler = format!("{:<5}", v.year);
    for d in 1..=31usize {
        let shown = match cell {
            1 => d == 1 || d % 5 == 0,
            2 => d % 2 == 1,
            _ => true,
        };
        let at = 5 + (d - 1) * cell;
        if shown && ruler.chars().count() <= at {
            let pad = at - ruler.chars().count();
            ruler.push_str(&" ".repeat(pad));
            ruler.push_str(&d.to_string());
        }
    }
    ruler
}

pub const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month's nights, `cell` characters each (the glyph, then spaces).
pub fn month_nights(month: &[YearNight], cell: usize) -> String {
    let nights: String = month
        .iter()
        .map(|n| format!("{:<cell$}", mark_glyph(n.mark)))
        .collect();
    nights.trim_end().to_string()
}

/// The marks under a month with a routine or experiment in it (`None` without): a night's mark
/// fills its cell, so a run of marks reads as a bar.
pub fn month_marks(month: &[YearNight], cell: usize) -> Option<String> {
    month.iter().any(|n| n.span.is_some()).then(|| {
        let marks: String = month
            .iter()
            .map(|n| span_glyph(n.span).to_string().repeat(cell))
            .collect();
        format!("     {}", marks.trim_end())
    })
}

/// How wide a night can be drawn in `width` columns: 3, 2 or 1.
pub fn year_cell(width: usize) -> usize {
    match width {
        w if w >= 5 + 31 * 3 => 3,
        w if w >= 5 + 31 * 2 => 2,
        _ => 1,
    }
}

/// The year's totals in words.
pub fn year_totals(v: &YearView) -> String {
    let c = v.counts;
    format!(
        "{}: {} on {} · {} cramp-free · {} not logged · {} excluded",
        v.year,
        count(c.cramps, "cramp", "cramps"),
        count(c.cramp_nights, "night", "nights"),
        count(c.cramp_free, "night", "nights"),
        count(c.not_logged, "night", "nights"),
        count(c.excluded, "night", "nights")
    )
}

/// The year as rows, `cell` characters a night: a day-number ruler, then per month its nights,
/// and under a month with a routine or experiment a row of marks; then the totals.
pub fn year_lines(v: &YearView, cell: usize) -> Vec<String> {
    let mut out = vec![year_ruler(v, cell)];
    for (name, month) in MONTH_NAMES.iter().zip(&v.months) {
        out.push(
            format!("{name}  {}", month_nights(month, cell))
                .trim_end()
                .to_string(),
        );
        out.extend(month_marks(month, cell));
    }
    out.push(year_totals(v));
    out
}

/// A "Test it" plan in words.
pub fn test_plan_lines(plan: &TestPlan) -> Vec<String> {
    let mut out = vec![
        format!("Test it: {}", plan.factor.name()),
        format!(
            "An on/off experiment: pairs of one on-week ({}) and one off-week ({}), in an order drawn at random before it starts; then the on-weeks' cramps are compared with the off-weeks'.",
            plan.on_week, plan.off_week
        ),
        format!(
            "Chance of finding a halving of your cramps, from your last {RECENT_NIGHTS} nights:"
        ),
    ];
    for pairs in PAIRS {
        let recommended = if pairs == plan.recommended() {
            " (recommended)"
        } else {
            ""
        };
        out.push(format!(
            "  {pairs} pairs ({} weeks): {}{recommended}",
            pairs * 2,
            plan.chance_words(pairs)
        ));
    }
    if plan
        .figures
        .power_for(plan.recommended())
        .is_some_and(|p| p < GOOD_POWER)
    {
        out.push(format!(
            "No length reaches a {:.0}% chance; {} pairs gives the best one.",
            GOOD_POWER * 100.0,
            plan.recommended()
        ));
    }
    if let Some(question) = plan.intervention.question() {
        out.push(format!(
            "Each morning the check-in asks \"{question}\", so the diary knows which days kept to the schedule."
        ));
    }
    out.push(format!("Start it with: {}", plan.start_command()));
    out
}
