//! What the HTML report draws, read from the diary once; the renderer takes it and never the
//! diary.

use super::{Appendix, Report};
use crate::store::{Store, load_dashboard_weeks, load_insights};
use chrono::NaiveDate;
use color_eyre::eyre::Result;

impl Report {
    /// The report of the current (or latest) routine; `range` limits the appendix tables to
    /// those nights and days; `evening_hour` (the night cutoff) is where the patterns' hours of
    /// the night begin.
    pub fn load(
        store: &Store,
        today: NaiveDate,
        due: NaiveDate,
        range: Option<(NaiveDate, NaiveDate)>,
        calendar: crate::domain::dates::Calendar,
        evening_hour: u32,
    ) -> Result<Self> {
        let routine = store.current_routine(today)?.map(|r| r.item);
        let dashboard = load_dashboard_weeks(store, routine.as_ref(), today, due, calendar)?;
        let d = &dashboard;
        let nights = store.nights_between(d.from, d.to)?;
        let sessions = store.sessions_between(d.from, d.to.max(today))?;
        // The appendix: the analysed nights up to last night, or the range asked for, cut to
        // the diary's own entries so an open-ended range does not list centuries of empty
        // nights.
        let (from, to) = range.unwrap_or((d.from, due.max(d.to)));
        let to = to.min(today);
        let appendix_nights = store.nights_between(from, to)?;
        let appendix_sessions = store.sessions_between(from, to)?;
        let (from, to) = match range {
            None => (from, to),
            Some(_) => {
                let days = appendix_nights.iter().map(|n| n.night_of);
                let days = days.chain(appendix_sessions.iter().map(|s| s.item.at.date()));
                let (first, last) = days.fold((to, from), |(lo, hi), d| (lo.min(d), hi.max(d)));
                let to = to.min(due.max(last));
                (from.max(first).min(to), to)
            }
        };
        let contexts = store.context_between(d.from.min(from), d.to.max(to))?;
        let experiment = crate::experiment::load(store, today, due)?;
        let insights = load_insights(store, due, evening_hour)?;
        let tags = store.tags_between(from, to)?;
        Ok(Self {
            today,
            dashboard,
            nights,
            sessions,
            contexts,
            experiment,
            insights,
            appendix: Appendix {
                from,
                to,
                nights: appendix_nights,
                sessions: appendix_sessions,
                tags,
            },
        })
    }
}
