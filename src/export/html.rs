//! The one-page HTML report for a therapist: self-contained (inline CSS and SVG, no scripts,
//! nothing fetched), printable, with the same numbers as `cramp report`.

use super::charts;
use crate::analysis::adherence::WeekState;
use crate::analysis::dashboard::{CONTEXT_LINE, Dashboard};
use crate::analysis::phases::PhaseStats;
use crate::domain::context::ContextDay;
use crate::domain::dates::long_date;
use crate::domain::{Night, NightStatus};
use crate::format::{num, pct, secs};
use crate::report::{change_words, load_dashboard};
use crate::store::{Store, StoredSession};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::BTreeMap;
use std::fmt::Write;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.15rem .5rem;text-align:left;font-size:.9rem}
.muted{color:#666}.flag{color:#a40000;font-weight:bold}.verdict{font-size:1.1rem;font-weight:bold}
td:first-child{white-space:nowrap}svg{max-width:100%;height:auto;border:1px solid #eee}.legend span{margin-right:1rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table,svg{page-break-inside:avoid}.appendix{page-break-before:always}}";

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole report as one self-contained HTML page, for the current (or latest) routine.
/// `range` limits the appendix tables to those nights and days.
pub fn report(
    store: &Store,
    today: NaiveDate,
    due: NaiveDate,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Result<String> {
    let routine = store.current_routine(today)?.map(|r| r.routine);
    let d = load_dashboard(store, routine.as_ref(), today, due)?;
    // The appendix runs from the start of the analysed nights up to last night.
    let (from, to) = range.unwrap_or((d.from, due.max(d.to)));
    let nights = store.nights_between(d.from, d.to)?;
    let sessions = store.sessions_between(d.from, d.to)?;
    let contexts = store.context_between(d.from.min(from), d.to.max(to))?;
    let appendix_nights = store.nights_between(from, to)?;
    let appendix_sessions = store.sessions_between(from, to)?;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cramp diary report</title><style>{STYLE}</style></head><body>"
    );
    let _ = write!(
        h,
        "<h1>Night-time leg cramps: diary report</h1><p class=\"muted\">Made {} from a self-kept diary (cramp-diary). It records what the person noted; it is not a diagnosis and the app does not treat anything.</p>",
        long_date(today)
    );
    summary(&mut h, &d);
    charts_section(&mut h, &d);
    sides_and_muscles(&mut h, &d, &nights);
    routine_delivered(&mut h, &d, &sessions);
    confounders(&mut h, &contexts);
    flags(&mut h, &d);
    appendix(&mut h, &appendix_nights, &appendix_sessions, from, to);
    h.push_str("</body></html>\n");
    Ok(h)
}

fn phase_row(h: &mut String, name: &str, p: &PhaseStats) {
    let _ = write!(
        h,
        "<tr><th>{name}</th><td>{} to {}</td><td>{}</td><td>{} of {} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        p.from.format("%-d %b"),
        p.to.format("%-d %b %Y"),
        p.excluded,
        p.logged,
        p.nights - p.excluded,
        pct(Some(p.coverage * 100.0)),
        p.rate_per_week.map_or("-".into(), |v| format!("{v:.2}")),
        pct(p.cramp_free_pct),
        num(p.cramp_nights_per_week),
        num(p.median_worst_intensity),
        secs(p.median_longest_s),
        num(p.mean_sleep_disturbance),
    );
}

fn summary(h: &mut String, d: &Dashboard) {
    h.push_str("<h2>Summary</h2>");
    match &d.routine {
        Some(r) => {
            let _ = write!(
                h,
                "<p>Deep-tissue routine {} to {}: {} weeks, {} sessions a week planned; compared with the {} nights before it.</p>",
                long_date(r.start),
                long_date(r.end()),
                r.weeks,
                r.per_week,
                r.baseline_nights
            );
        }
        None => h.push_str("<p>No routine has been started: these are the last eight weeks.</p>"),
    }
    h.push_str("<table><tr><th>Phase</th><th>Nights</th><th>Excluded</th><th>Logged (coverage)</th><th>Cramps per week</th><th>Cramp-free nights</th><th>Cramp nights per week</th><th>Median worst intensity</th><th>Median longest cramp</th><th>Sleep disturbance</th></tr>");
    match (&d.baseline, &d.routine_phase) {
        (Some(b), Some(r)) => {
            phase_row(h, "Baseline", b);
            phase_row(h, "Routine", r);
        }
        _ => phase_row(h, "Last 8 weeks", &d.overall),
    }
    h.push_str("</table>");
    if d.routine.is_some() {
        let change =
            change_words(d).unwrap_or_else(|| "no ratio: no cramps in either phase".to_string());
        let mut verdict = d.verdict.words().to_string();
        if let Some(why) = &d.shortfall {
            let _ = write!(verdict, " ({why})");
        }
        let _ = write!(
            h,
            "<p>Change in cramps per week, routine against baseline: <b>{}</b>.</p><p class=\"verdict\">Verdict: {}</p>",
            esc(&change),
            esc(&verdict)
        );
        h.push_str("<p class=\"muted\">Rate = cramps ÷ usable nights × 7 (unlogged and excluded nights are left out). The 95% interval is exact (conditional binomial / Clopper-Pearson on the routine's share of cramps). “Not enough data” means fewer than 14 baseline or 10 routine nights logged, or under 70% of a phase's nights logged.</p>");
    }
}

fn charts_section(h: &mut String, d: &Dashboard) {
    h.push_str("<h2>Charts</h2><p><b>Cramps per week</b> <span class=\"legend\"><span style=\"color:#96969f\">■ baseline</span><span style=\"color:#2e8b57\">■ routine</span><span style=\"color:#5a6ea0\">■ no routine / after</span> (paler: week not complete)</span></p>");
    h.push_str(&charts::weekly_cramps(&d.weeks));
    let labels: Vec<String> = d
        .weeks
        .iter()
        .map(|w| format!("{}: {}", w.from.format("%-d %b"), num(w.rate_per_week)))
        .collect();
    let _ = write!(h, "<p class=\"muted\">{}</p>", esc(&labels.join(" · ")));
    h.push_str("<p><b>Calf tightness</b>, 7-night average on 0-10 <span class=\"legend\"><span style=\"color:#c85028\">— left</span><span style=\"color:#285ac8\">— right</span><span style=\"color:#2e8b57\">| session day</span></span></p>");
    h.push_str(&charts::tightness(&d.tightness));
    if let Some(p) = &d.progress {
        let weeks: Vec<_> = p
            .weeks
            .iter()
            .filter(|w| w.state != WeekState::Upcoming)
            .cloned()
            .collect();
        h.push_str("<p><b>Sessions per routine week</b> (bars) against the target (line)</p>");
        h.push_str(&charts::adherence(&weeks));
    }
}

fn sides_and_muscles(h: &mut String, d: &Dashboard, nights: &[Night]) {
    let phase = |date: NaiveDate| match &d.routine {
        Some(r) if date < r.start => "baseline",
        Some(r) if date <= r.end() => "routine",
        Some(_) => "after",
        None => "all",
    };
    let mut counts: BTreeMap<(&str, String), u32> = BTreeMap::new();
    for n in nights.iter().filter(|n| n.status != NightStatus::Excluded) {
        for e in &n.episodes {
            *counts
                .entry((
                    phase(n.night_of),
                    format!("{} {}", e.episode.leg, e.episode.muscle),
                ))
                .or_insert(0) += 1;
        }
    }
    h.push_str("<h2>Sides and muscles</h2>");
    if counts.is_empty() {
        h.push_str("<p>No cramps recorded in these nights.</p>");
        return;
    }
    h.push_str("<table><tr><th>Phase</th><th>Side and muscle</th><th>Cramps</th></tr>");
    for ((ph, what), c) in counts {
        let _ = write!(
            h,
            "<tr><td>{ph}</td><td>{}</td><td>{c}</td></tr>",
            esc(&what)
        );
    }
    h.push_str("</table>");
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

fn routine_delivered(h: &mut String, d: &Dashboard, sessions: &[StoredSession]) {
    h.push_str("<h2>The routine as delivered</h2>");
    let inside: Vec<&StoredSession> = match &d.routine {
        Some(r) => sessions
            .iter()
            .filter(|s| (r.start..=r.end()).contains(&s.session.at.date()))
            .collect(),
        None => sessions.iter().collect(),
    };
    if let Some(p) = &d.progress {
        h.push_str("<table><tr><th>Week</th><th>Days</th><th>Sessions</th><th>Planned</th></tr>");
        for w in p.weeks.iter().filter(|w| w.state != WeekState::Upcoming) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} to {}</td><td>{}</td><td>{}{}</td></tr>",
                w.week,
                w.from,
                w.to,
                w.sessions,
                w.target,
                if w.state == WeekState::Current {
                    " (week not over)"
                } else {
                    ""
                }
            );
        }
        let (done, planned) = p.adherence();
        let _ = write!(
            h,
            "</table><p>{done} of {planned} planned sessions done.</p>"
        );
    }
    let mut techniques: BTreeMap<&str, u32> = BTreeMap::new();
    let mut effects: BTreeMap<&str, u32> = BTreeMap::new();
    for s in &inside {
        *techniques.entry(s.session.technique.label()).or_insert(0) += 1;
        for e in &s.session.side_effects {
            *effects.entry(e.as_str()).or_insert(0) += 1;
        }
    }
    let list = |m: &BTreeMap<&str, u32>| {
        if m.is_empty() {
            "none".to_string()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let minutes = median(
        inside
            .iter()
            .filter_map(|s| s.session.minutes_per_calf)
            .map(f64::from)
            .collect(),
    );
    let pain = median(
        inside
            .iter()
            .filter_map(|s| s.session.pain)
            .map(|p| f64::from(p.value()))
            .collect(),
    );
    let _ = write!(
        h,
        "<table><tr><th>Sessions</th><td>{}</td></tr><tr><th>Techniques</th><td>{}</td></tr><tr><th>Median minutes per calf</th><td>{} (guidance 5-10)</td></tr><tr><th>Median pressure / pain</th><td>{} of 10 (guidance 4-7)</td></tr><tr><th>Side effects</th><td>{}</td></tr></table>",
        inside.len(),
        esc(&list(&techniques)),
        minutes.map_or("-".into(), |v| format!("{v:.0}")),
        num(pain),
        esc(&list(&effects))
    );
}

fn confounders(h: &mut String, contexts: &[ContextDay]) {
    h.push_str("<h2>Possible confounders</h2>");
    let mut oldest_first: Vec<&ContextDay> = contexts.iter().collect();
    oldest_first.sort_by_key(|c| c.day);
    let mut lines = Vec::new();
    let mut had_magnesium = false;
    for c in oldest_first {
        if let Some(m) = &c.context.medication {
            lines.push(format!(
                "{}: new or changed medication: {}",
                long_date(c.day),
                m
            ));
        }
        if c.context.magnesium_mg.is_some_and(|mg| mg > 0) && !had_magnesium {
            lines.push(format!(
                "{}: magnesium started ({} mg)",
                long_date(c.day),
                c.context.magnesium_mg.unwrap_or(0)
            ));
            had_magnesium = true;
        }
    }
    if lines.is_empty() {
        h.push_str("<p>No medication change or magnesium start recorded in these weeks.</p>");
        return;
    }
    h.push_str("<p>Recorded changes that could also change cramp frequency:</p><ul>");
    for l in lines {
        let _ = write!(h, "<li>{}</li>", esc(&l));
    }
    h.push_str("</ul>");
}

fn flags(h: &mut String, d: &Dashboard) {
    h.push_str("<h2>Red flags and caveats</h2>");
    if d.red_flags.is_empty() {
        h.push_str("<p>No red flags in these nights (no cramp over 10 minutes; no numbness or tingling after a session).</p>");
    }
    for f in &d.red_flags {
        let _ = write!(h, "<p class=\"flag\">{}</p>", esc(f));
    }
    if let Some(s) = &d.see_professional {
        let _ = write!(h, "<p><b>{}</b></p>", esc(s));
    }
    let _ = write!(h, "<p>{}</p>", esc(CONTEXT_LINE));
    h.push_str("<p class=\"muted\">Placebo caveat: in four-week cramp trials, groups given a placebo improve by about 28-36%, so a fall of that size is what is expected without any effective treatment.</p>");
}

fn appendix(
    h: &mut String,
    nights: &[Night],
    sessions: &[StoredSession],
    from: NaiveDate,
    to: NaiveDate,
) {
    let _ = write!(
        h,
        "<h2 class=\"appendix\">Appendix: nights {from} to {to}</h2><table><tr><th>Night</th><th>Status</th><th>Cramps</th><th>Other</th></tr>"
    );
    for n in nights {
        let status = match n.status {
            NightStatus::Cramps => format!("{} cramp(s)", n.episodes.len()),
            NightStatus::None => "no cramps".to_string(),
            NightStatus::Excluded => {
                format!("excluded ({})", n.exclude_reason.as_deref().unwrap_or(""))
            }
        };
        let cramps: Vec<String> = n.episodes.iter().map(|e| e.episode.summary()).collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n.night_of,
            esc(&status),
            esc(&cramps.join("; ")),
            esc(&n.details.summary())
        );
    }
    let _ = write!(
        h,
        "</table><h2>Appendix: sessions {from} to {to}</h2><table><tr><th>When</th><th>Session</th></tr>"
    );
    for s in sessions {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            s.session.at.format("%Y-%m-%d %H:%M"),
            esc(&s.session.summary())
        );
    }
    h.push_str("</table>");
}
