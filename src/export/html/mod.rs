//! The one-page HTML report for a therapist: self-contained (inline CSS and SVG, no scripts,
//! nothing fetched), printable, with the same numbers as `cramp report`.

mod appendix;
mod charts;
mod escape;
mod experiment;
mod insights;
mod load;
mod verdict;

pub use escape::esc;

use crate::analysis::adherence::WeekState;
use crate::analysis::dashboard::{CONTEXT_LINE, Dashboard};
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::phases::PhaseStats;
use crate::domain::Stored;
use crate::domain::context::DayContext;
use crate::domain::dates::long_date;
use crate::domain::session::MassageSession;
use crate::domain::{Night, NightStatus};
use crate::experiment::ExperimentView;
use crate::format::{num, pct, secs};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:62rem;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.15rem .5rem;text-align:left;font-size:.9rem;vertical-align:top;overflow-wrap:anywhere}
td.n{text-align:right}pre{font-size:.85rem;line-height:1.25;white-space:pre-wrap}.muted{color:#666}.flag{color:#a40000;font-weight:bold}.verdict{font-size:1.1rem;font-weight:bold}
tr.gap td{color:#888;font-style:italic}td:first-child,.nw{white-space:nowrap}.rows{width:100%}.rows td:nth-child(4){min-width:12rem}
.confounder{color:#8a4b00;font-weight:bold}
svg{display:block;width:100%;max-width:760px;height:auto;border:1px solid #eee}.legend span{margin-right:1rem}
@page{margin:14mm}
@media print{body{margin:0;max-width:none;font-size:10pt}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}svg,.keep{break-inside:avoid}tr{break-inside:avoid}thead{display:table-header-group}.appendix{break-before:page}}";

/// Everything the report draws, loaded once (see [`Report::load`]): the renderer below takes
/// this and never the diary.
pub struct Report {
    pub today: NaiveDate,
    /// The current (or latest) routine's weeks.
    pub dashboard: Dashboard,
    /// The nights, sessions and context of the dashboard's weeks.
    pub nights: Vec<Night>,
    pub sessions: Vec<Stored<MassageSession>>,
    pub contexts: Vec<Stored<DayContext>>,
    pub experiment: Option<ExperimentView>,
    /// The insights section: factors, patterns and the newest years.
    pub insights: InsightsPage,
    /// The appendix: every night and session of `from..=to`.
    pub appendix: Appendix,
}

/// The appendix's days and what they hold.
pub struct Appendix {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub nights: Vec<Night>,
    pub sessions: Vec<Stored<MassageSession>>,
    /// The tags of the appendix's nights, by night.
    pub tags: BTreeMap<NaiveDate, Vec<String>>,
}

/// The whole report as one self-contained HTML page.
pub fn render(r: &Report) -> String {
    let d = &r.dashboard;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cramp diary report</title><style>{STYLE}</style></head><body><h1>Night-time leg cramps: diary report</h1><p class=\"muted\">Made {} from a self-kept diary (cramp-diary). It records what the person noted; it is not a diagnosis and the app does not treat anything.</p>",
        long_date(r.today)
    );
    summary(&mut h, d);
    h.push_str(&charts::section(d));
    sides_and_muscles(&mut h, d, &r.nights);
    routine_delivered(&mut h, d, &r.sessions);
    confounders(&mut h, d, &r.contexts);
    flags(&mut h, d);
    if let Some(view) = &r.experiment {
        h.push_str(&experiment::section(view));
    }
    h.push_str(&insights::section(&r.insights));
    let a = &r.appendix;
    appendix::write(&mut h, &a.nights, &a.tags, &a.sessions, a.from, a.to);
    h.push_str("</body></html>\n");
    h
}

/// Where a day falls: `baseline`, `routine week 2`, `after the routine`...
fn phase_of(d: &Dashboard, day: NaiveDate) -> String {
    match &d.routine {
        Some(r) if day < r.baseline_start() => "before the baseline".into(),
        Some(r) if day < r.start => "baseline".into(),
        Some(r) if day <= r.end() => format!("routine week {}", (day - r.start).num_days() / 7 + 1),
        Some(_) => "after the routine".into(),
        None if day < d.from => "before these weeks".into(),
        None => "in these weeks".into(),
    }
}

/// One phase's cells of the phase table, a measure per row (see [`summary`]); a phase with no
/// night over, or none usable, says so in its first cell and leaves the rest empty.
fn phase_cells(p: &PhaseStats) -> Vec<String> {
    let dates = format!(
        "{} to<br>{}",
        p.from.format("%-d %b"),
        p.to.format("%-d %b %Y")
    );
    if p.nights == 0 {
        let mut cells = vec![format!(
            "from {}: no night of it is over yet",
            long_date(p.from)
        )];
        cells.resize(MEASURES.len(), String::new());
        return cells;
    }
    if p.logged == 0 {
        let why = if p.open_nights() == 0 {
            "no usable nights: every night is excluded".to_string()
        } else {
            format!(
                "no usable nights yet (none of {} logged)",
                crate::format::count(p.open_nights(), "night", "nights")
            )
        };
        let mut cells = vec![dates, p.excluded.to_string(), why];
        cells.resize(MEASURES.len(), String::new());
        return cells;
    }
    vec![
        dates,
        p.excluded.to_string(),
        format!(
            "{} of {} ({})",
            p.logged,
            p.open_nights(),
            crate::analysis::phases::coverage_pct(p.coverage)
        ),
        match p.rate_per_week {
            Some(v) => format!(
                "{v:.2}<br>{}",
                crate::format::count(p.cramps, "cramp", "cramps")
            ),
            None => "-".into(),
        },
        pct(p.cramp_free_pct),
        num(p.cramp_nights_per_week),
        median_of(num(p.median_worst_intensity), p.cramp_nights),
        median_of(secs(p.median_longest_s), p.cramp_nights),
        num(p.mean_sleep_disturbance),
        num(p.mean_tightness),
    ]
}

/// The phase table's rows, in order: the measure's name and whether its cells are numbers.
const MEASURES: [(&str, bool); 10] = [
    ("Dates", false),
    ("Excluded", true),
    ("Logged (coverage)", false),
    ("Cramps per week", true),
    ("Cramp-free nights", true),
    ("Cramp nights per week", true),
    ("Median worst intensity (0-10)", true),
    ("Median longest cramp", true),
    ("Mean sleep disturbance (0-10)", true),
    ("Mean calf tightness (0-10)", true),
];

/// `6.0, 7 nights`: a median with the number of nights it comes from.
fn median_of(value: String, nights: u32) -> String {
    if value == "-" {
        value
    } else {
        format!(
            "{value}, {nights} night{}",
            if nights == 1 { "" } else { "s" }
        )
    }
}

fn summary(h: &mut String, d: &Dashboard) {
    h.push_str("<h2>Phases and coverage</h2>");
    match &d.routine {
        Some(r) => {
            let _ = write!(
                h,
                "<p>Deep-tissue routine {} to {}: {}, {} a week planned; compared with the {} before it (the baseline).</p>",
                long_date(r.start),
                long_date(r.end()),
                crate::format::count(r.weeks, "week", "weeks"),
                crate::format::count(r.per_week, "session", "sessions"),
                crate::format::count(r.baseline_nights, "night", "nights")
            );
        }
        None => h.push_str(
            "<p>No routine yet: no deep-tissue routine has been started, so there is nothing to compare; these are the recent weeks: the last eight, from the first day of their week.</p>",
        ),
    }
    // A column per phase and a row per measure: four columns fit a 1000-pixel window and an
    // A4 page (eleven columns, a phase per row, did not).
    let phases: Vec<(&str, &PhaseStats)> = shown_phases(d)
        .into_iter()
        .map(|(heading, _, p)| (heading, p))
        .collect();
    h.push_str("<table class=\"keep\"><thead><tr><th>Phase</th>");
    for (name, _) in &phases {
        let _ = write!(h, "<th>{name}</th>");
    }
    h.push_str("</tr></thead>");
    let cells: Vec<Vec<String>> = phases.iter().map(|(_, p)| phase_cells(p)).collect();
    for (row, (measure, number)) in MEASURES.iter().enumerate() {
        let _ = write!(h, "<tr><th>{measure}</th>");
        for phase in &cells {
            let class = if *number { " class=\"n\"" } else { "" };
            let _ = write!(h, "<td{class}>{}</td>", phase[row]);
        }
        h.push_str("</tr>");
    }
    h.push_str("</table><p class=\"muted\">Coverage = usable nights (cramps or cramp-free) ÷ nights that are over and not excluded. Follow-up: the nights after the routine ended, up to last night. Worst intensity and longest cramp: medians over the nights with cramps (how many is shown beside each). Sleep disturbance and calf tightness (both calves, in the morning): means over the logged nights.</p>");
    if d.routine.is_none() {
        return;
    }
    verdict::write(h, d);
}

/// The phases the report shows side by side (the baseline, the routine and the follow-up once
/// it has begun; without a routine, the recent weeks), each with its heading in the phase
/// table and in the sides-and-muscles table.
fn shown_phases(d: &Dashboard) -> Vec<(&'static str, &'static str, &PhaseStats)> {
    match (&d.baseline, &d.routine_phase) {
        (Some(b), Some(r)) => [("Baseline", "baseline", b), ("Routine", "routine", r)]
            .into_iter()
            .chain(d.follow_up.as_ref().map(|f| ("Follow-up", "follow-up", f)))
            .collect(),
        _ => vec![("Recent weeks", "cramps", &d.overall)],
    }
}

fn sides_and_muscles(h: &mut String, d: &Dashboard, nights: &[Night]) {
    // One column per phase, over the phase's own nights: the totals are the phase table's.
    let phases: Vec<(&str, &PhaseStats)> = shown_phases(d)
        .into_iter()
        .map(|(_, column, p)| (column, p))
        .collect();
    let column = |day: NaiveDate| {
        phases
            .iter()
            .position(|(_, p)| (p.from..=p.to).contains(&day))
    };
    let mut counts: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut totals = vec![0u32; phases.len()];
    for n in nights.iter().filter(|n| n.status != NightStatus::Excluded) {
        let Some(i) = column(n.night_of) else {
            continue;
        };
        for e in &n.episodes {
            counts
                .entry(e.item.where_words())
                .or_insert_with(|| vec![0; phases.len()])[i] += 1;
            totals[i] += 1;
        }
    }
    h.push_str("<h2>Sides and muscles</h2>");
    if counts.is_empty() {
        h.push_str("<p>No cramps recorded in these nights.</p>");
        return;
    }
    h.push_str("<table class=\"keep\"><thead><tr><th>Side and muscle</th>");
    for (name, p) in &phases {
        let _ = write!(
            h,
            "<th>{name}<br><span class=\"muted\">{} to {}</span></th>",
            p.from.format("%-d %b"),
            p.to.format("%-d %b")
        );
    }
    h.push_str("</tr></thead>");
    let row = |h: &mut String, what: &str, c: &[u32]| {
        let _ = write!(h, "<tr><td>{}</td>", esc(what));
        for (i, n) in c.iter().enumerate() {
            let share = f64::from(*n) * 100.0 / f64::from(totals[i].max(1));
            let _ = write!(h, "<td class=\"n\">{n} ({share:.0}%)</td>");
        }
        h.push_str("</tr>");
    };
    for (what, c) in &counts {
        row(h, what, c);
    }
    row(h, "all cramps", &totals);
    h.push_str("</table><p class=\"muted\">Each column counts the cramps of that phase's nights, as in the phase table above; cramps on excluded nights are left out.</p>");
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    match v.len() {
        0 => None,
        n if n.is_multiple_of(2) => Some((v[m - 1] + v[m]) / 2.0),
        _ => Some(v[m]),
    }
}

fn routine_delivered(h: &mut String, d: &Dashboard, sessions: &[Stored<MassageSession>]) {
    let inside: Vec<&Stored<MassageSession>> = match &d.routine {
        Some(r) => {
            h.push_str("<h2>The routine as delivered</h2>");
            let days = r.start..=r.end();
            sessions
                .iter()
                .filter(|s| days.contains(&s.item.at.date()))
                .collect()
        }
        None => {
            h.push_str("<h2>Self-massage in these weeks</h2>");
            sessions.iter().collect()
        }
    };
    if let Some(p) = &d.progress {
        h.push_str("<table class=\"keep\"><thead><tr><th>Week</th><th>Dates</th><th>Days with a deep-tissue session</th><th>Target days</th><th>Deep-tissue sessions</th><th>Stretching or professional (not counted)</th></tr></thead>");
        for w in p.weeks.iter().filter(|w| w.state != WeekState::Upcoming) {
            let pending = (w.state == WeekState::Current).then_some(" (week not over)");
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} to {}</td><td class=\"n\">{}</td><td class=\"n\">{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                w.week,
                w.from,
                w.to,
                w.days,
                w.target,
                pending.unwrap_or_default(),
                w.sessions,
                w.other
            );
        }
        let all = p.adherence();
        let _ = write!(
            h,
            "</table><p>In the weeks begun: {} ({}).</p>",
            esc(&all.words()),
            all.share()
                .map_or("-".into(), crate::analysis::phases::coverage_pct)
        );
    }
    let mut techniques: BTreeMap<&str, u32> = BTreeMap::new();
    let mut effects: BTreeMap<&str, u32> = BTreeMap::new();
    for s in &inside {
        *techniques.entry(s.item.technique.label()).or_default() += 1;
        for e in &s.item.side_effects {
            *effects.entry(e.as_str()).or_default() += 1;
        }
    }
    let list = |m: &BTreeMap<&str, u32>| {
        let items: Vec<String> = m.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
        if items.is_empty() {
            "none recorded".to_string()
        } else {
            items.join(", ")
        }
    };
    let median_of = |value: fn(&MassageSession) -> Option<f64>| {
        median(inside.iter().filter_map(|s| value(&s.item)).collect())
    };
    let minutes = median_of(|s| s.minutes_per_calf.map(f64::from));
    let pain = median_of(|s| s.pain.map(|p| f64::from(p.value())));
    let _ = write!(
        h,
        "<table class=\"keep\"><tr><th>Sessions</th><td>{}</td></tr><tr><th>Techniques</th><td>{}</td></tr><tr><th>Median minutes per calf</th><td>{} (guidance 5-10)</td></tr><tr><th>Median pressure / pain, 0-10</th><td>{} (guidance 4-7)</td></tr><tr><th>Side effects</th><td>{}</td></tr></table>",
        inside.len(),
        esc(&list(&techniques)),
        minutes.map_or("-".into(), |v| format!("{v:.0}")),
        num(pain),
        esc(&list(&effects))
    );
}

fn confounders(h: &mut String, d: &Dashboard, contexts: &[Stored<DayContext>]) {
    h.push_str("<h2>Possible confounders</h2>");
    if contexts.is_empty() {
        h.push_str("<p>No daily context (medication, magnesium, fluids) was recorded in these weeks, so such changes cannot be ruled out.</p>");
        return;
    }
    let mut oldest_first: Vec<&Stored<DayContext>> = contexts.iter().collect();
    oldest_first.sort_by_key(|c| c.item.day);
    let mut lines = Vec::new();
    let mut had_magnesium = false;
    for c in oldest_first {
        let when = format!("{} ({})", long_date(c.item.day), phase_of(d, c.item.day));
        if let Some(m) = &c.item.context.medication {
            lines.push(format!(
                "{when}: new or changed medication: {}",
                crate::format::escaped(m)
            ));
        }
        match c.item.context.magnesium_mg {
            Some(mg) if mg > 0 && !had_magnesium => {
                lines.push(format!(
                    "{when}: magnesium started or first recorded ({mg} mg)"
                ));
                had_magnesium = true;
            }
            Some(0) if had_magnesium => {
                lines.push(format!("{when}: magnesium recorded as 0 mg (stopped?)"));
                had_magnesium = false;
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        h.push_str("<p>No medication change or magnesium start recorded in these weeks.</p>");
        return;
    }
    let why = d
        .routine
        .as_ref()
        .map_or("", |_| " (possible confounders of the comparison)");
    let _ = write!(
        h,
        "<p>Recorded changes that could also change cramp frequency{why}:</p><ul>"
    );
    for l in lines {
        let _ = write!(h, "<li class=\"confounder\">{}</li>", esc(&l));
    }
    h.push_str("</ul>");
}

fn flags(h: &mut String, d: &Dashboard) {
    h.push_str("<h2>Red flags and caveats</h2>");
    if d.red_flags.is_empty() {
        h.push_str("<p>No red flags in these nights (no cramp over 10 minutes; no numbness or tingling after a session).</p>");
    }
    for f in &d.red_flags {
        let _ = write!(h, "<p class=\"flag\">Red flag: {}</p>", esc(f));
    }
    if let Some(s) = &d.see_professional {
        let _ = write!(h, "<p><b>{}</b></p>", esc(s));
    }
    let _ = write!(h, "<p>{}</p>", esc(CONTEXT_LINE));
    h.push_str("<p><b>Placebo caveat:</b> in four-week cramp trials, groups given a placebo improve by about 28-36%, so a fall of that size is what is expected without any effective treatment; cramps also come and go on their own. This diary cannot show that the routine caused a change.</p>");
}
