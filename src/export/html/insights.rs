//! The report's insights section: each factor with its rates, ratio, interval and adjusted
//! verdict, the patterns, and the year calendars, in the words of `report::insights`.

use super::esc;
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::insights::{Link, NOT_PROOF};
use crate::report::insights::{
    YEAR_LEGEND, intro_lines, p_words, pattern_lines, rates_words, ratio_words, verdict_words,
    year_lines,
};
use std::fmt::Write;

pub fn section(page: &InsightsPage) -> String {
    let mut h = String::new();
    h.push_str("<h2>What goes with the cramps (insights)</h2>");
    for line in intro_lines(&page.insights) {
        let _ = write!(h, "<p>{}</p>", esc(&line));
    }
    h.push_str("<table class=\"keep\"><thead><tr><th>Factor</th><th>With it means</th><th>Cramps per week with · without</th><th>Rate ratio (95% CI)</th><th>Holm-adjusted p</th><th>Link</th></tr></thead>");
    for f in &page.insights.factors {
        let (ratio, p) = match (&f.association, f.link) {
            (Some(a), Link::Linked | Link::NoClearLink) => {
                (ratio_words(a), p_words(f.p_adjusted.unwrap_or(a.p)))
            }
            _ => (String::new(), String::new()),
        };
        let verdict = match (&f.gate, f.link) {
            (Some(gate), Link::NotEnoughNights) => format!("{}: {gate}", verdict_words(f)),
            _ => verdict_words(f),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.factor.name()),
            esc(&f.factor.with_words()),
            esc(&rates_words(f)),
            esc(&ratio),
            esc(&p),
            esc(&verdict)
        );
    }
    let _ = write!(h, "</table><p class=\"verdict\">{}</p>", esc(NOT_PROOF));
    h.push_str("<h2>Patterns</h2><pre class=\"keep\">");
    for line in pattern_lines(&page.patterns, 24) {
        let _ = writeln!(h, "{}", esc(&line));
    }
    h.push_str("</pre><h2>Nights at a glance</h2>");
    // Every year of the diary, newest first: the years the screen's ←/→ go through.
    for year in page.years().rev() {
        // The calendar's rows in a fixed-width block; its totals, a sentence, wrap as text.
        let mut lines = year_lines(&page.year(year), 2);
        let totals = lines.pop().unwrap_or_default();
        h.push_str("<pre class=\"keep\">");
        for line in lines {
            let _ = writeln!(h, "{}", esc(&line));
        }
        let _ = write!(h, "</pre><p>{}</p>", esc(&totals));
    }
    let _ = write!(h, "<p class=\"muted\">{}</p>", esc(YEAR_LEGEND));
    h
}
