//! The report's appendix: every night (unlogged runs as one row) and every session.

use super::escape::esc;
use crate::domain::Stored;
use crate::domain::session::MassageSession;
use crate::domain::{Night, NightStatus};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write;

fn night_row(h: &mut String, n: &Night, tags: Option<&Vec<String>>) {
    let status = match n.status {
        NightStatus::Cramps if n.episodes.len() == 1 => "1 cramp".to_string(),
        NightStatus::Cramps => format!("{} cramps", n.episodes.len()),
        NightStatus::None => "no cramps".to_string(),
        NightStatus::Excluded => {
            format!(
                "excluded ({})",
                crate::format::escaped(n.exclude_reason.as_deref().unwrap_or(""))
            )
        }
    };
    let cramps: Vec<String> = n.episodes.iter().map(|e| e.item.summary()).collect();
    let mut other = n.details.summary();
    if let Some(tags) = tags.filter(|t| !t.is_empty()) {
        if !other.is_empty() {
            other.push_str(" · ");
        }
        other.push_str(&format!("tags: {}", tags.join(", ")));
    }
    let _ = write!(
        h,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        n.night_of,
        esc(&status),
        esc(&cramps.join("; ")),
        esc(&other)
    );
}

/// Nights with no entry, newest `hi` to oldest `lo`, as one row.
fn gap_row(h: &mut String, hi: NaiveDate, lo: NaiveDate) {
    let count = (hi - lo).num_days() + 1;
    let (days, what) = match count {
        1 => (hi.to_string(), "not logged".to_string()),
        _ => (
            format!("{lo} to {hi}"),
            format!("not logged ({count} nights)"),
        ),
    };
    let _ = write!(
        h,
        "<tr class=\"gap\"><td>{days}</td><td>{what}</td><td></td><td></td></tr>"
    );
}

/// The nights and sessions tables that end the report.
pub fn write(
    h: &mut String,
    nights: &[Night],
    tags: &BTreeMap<NaiveDate, Vec<String>>,
    sessions: &[Stored<MassageSession>],
    from: NaiveDate,
    to: NaiveDate,
) {
    let _ = write!(
        h,
        "<h2 class=\"appendix\">Appendix: nights {from} to {to}</h2><p class=\"muted\">Newest first. A night not logged is missing data, never counted as cramp-free.</p><table class=\"rows\"><thead><tr><th>Night</th><th>Status</th><th>Cramps</th><th>Other</th></tr></thead>"
    );
    // Rows come newest first; a run of nights without a row is one "not logged" line.
    let mut next = to;
    for n in nights {
        if n.night_of < next {
            gap_row(h, next, n.night_of + Duration::days(1));
        }
        night_row(h, n, tags.get(&n.night_of));
        next = n.night_of - Duration::days(1);
    }
    if next >= from {
        gap_row(h, next, from);
    }
    let _ = write!(
        h,
        "</table><h2>Appendix: sessions {from} to {to}</h2><table class=\"rows\"><thead><tr><th>When</th><th>Session</th></tr></thead>"
    );
    for s in sessions {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            s.item.at.format("%Y-%m-%d %H:%M"),
            esc(&s.item.summary())
        );
    }
    if sessions.is_empty() {
        h.push_str("<tr><td colspan=\"2\">No session recorded.</td></tr>");
    }
    h.push_str("</table>");
}
