//! The dashboard's reads: one aggregated row per logged night and the red-flag facts, for a
//! window of nights only, so a long diary costs no more than a new one.

use super::Store;
use crate::analysis::adherence::{DaySessions, RoutineProgress};
use crate::analysis::dashboard::{
    Calendar, Dashboard, DashboardData, RED_FLAG_NIGHTS, RedFlagFacts, window,
};
use crate::analysis::phases::{NightSummary, PhaseStats};
use crate::analysis::season::a_year_before;
use crate::analysis::verdict::PRIOR_WEEKS;
use crate::domain::routine::Routine;
use crate::domain::units::CrampDuration;
use chrono::Duration;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::BTreeMap;

/// Reads the dashboard's window and computes it: the one path for every screen and format.
pub fn load_dashboard(
    store: &Store,
    routine: Option<&Routine>,
    today: NaiveDate,
    due: NaiveDate,
) -> Result<Dashboard> {
    load_dashboard_weeks(store, routine, today, due, Calendar::default())
}

/// As [`load_dashboard`], with the person's calendar: weeks (when there is no routine)
/// starting on its first day, and its hemisphere for the season.
pub fn load_dashboard_weeks(
    store: &Store,
    routine: Option<&Routine>,
    today: NaiveDate,
    due: NaiveDate,
    calendar: Calendar,
) -> Result<Dashboard> {
    let week_start = calendar.week_start;
    let (from, to) = window(routine, due, week_start);
    // Red flags from the newest nights too (tonight's included once logged), whatever the window.
    let flags_from = due - Duration::days(RED_FLAG_NIGHTS - 1);
    let mut data = store.dashboard_data(from, to.max(today), flags_from)?;
    data.nights.retain(|n| n.night_of <= to);
    data.week_start = week_start;
    data.hemisphere = calendar.hemisphere;
    if let Some(r) = routine {
        // Only the weeks just before the baseline: the cost does not grow with the history.
        let start = r.baseline_start();
        let before = start - chrono::Duration::days(PRIOR_WEEKS * 7);
        data.before_baseline = store.night_summaries(before, start - chrono::Duration::days(1))?;
        // The same dates a year earlier, for the season.
        data.year_before =
            store.night_summaries(a_year_before(start), a_year_before(r.end().max(start)))?;
        // A later routine ends this one's follow-up the night before it starts.
        data.follow_up_until = store
            .routines()?
            .into_iter()
            .map(|s| s.item.start)
            .filter(|s| *s > r.end())
            .min()
            .map(|s| s - chrono::Duration::days(1));
    }
    Ok(Dashboard::compute(routine, today, due, &data))
}

/// Where a routine stands, read the same way for the check-in, `cramp routine` and the dashboard.
pub fn load_progress(
    store: &Store,
    routine: &Routine,
    today: NaiveDate,
    due: NaiveDate,
) -> Result<(RoutineProgress, BTreeMap<NaiveDate, DaySessions>)> {
    let sessions = store.session_days(routine.start, routine.end())?;
    let to = routine.baseline_end().min(due);
    let nights = store.night_summaries(routine.baseline_start(), to)?;
    let baseline = PhaseStats::compute(routine.baseline_start(), to, &nights);
    let progress = RoutineProgress::compute(routine, today, &sessions, &baseline);
    Ok((progress, sessions))
}

impl Store {
    /// Everything the dashboard needs for nights `from..=to`; red flags from `flags_from..=to`
    /// (the window and the newest nights, whatever the routine).
    pub fn dashboard_data(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        flags_from: NaiveDate,
    ) -> Result<DashboardData> {
        Ok(DashboardData {
            nights: self.night_summaries(from, to)?,
            sessions_by_day: self.session_days(from, to)?,
            red_flags: self.red_flag_facts(flags_from.min(from), to)?,
            ..Default::default()
        })
    }

    /// One row per logged night, its cramps counted and summarised by SQLite.
    ///
    /// Grouped by `night_of`, not `id`: one live night per date (the partial unique index), so
    /// the groups are the same, and grouping by the index's column lets SQLite read only the
    /// nights asked for; grouping by `id` made it walk the whole table in id order (every
    /// page of a 10-year diary, which an encrypted diary pays to decrypt).
    pub fn night_summaries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NightSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.night_of, n.status, count(e.id), max(e.intensity), max(e.duration_s),
                    n.sleep_disturbance, n.tight_left, n.tight_right
             FROM nights n
             LEFT JOIN cramp_episodes e ON e.night_id = n.id AND e.deleted_at IS NULL
             WHERE n.night_of BETWEEN ?1 AND ?2 AND n.deleted_at IS NULL
             GROUP BY n.night_of ORDER BY n.night_of",
        )?;
        let rows = stmt.query_map([from, to], |row| {
            Ok(NightSummary {
                night_of: row.get(0)?,
                status: row.get(1)?,
                cramps: row.get(2)?,
                worst_intensity: row.get(3)?,
                longest_s: row.get(4)?,
                sleep_disturbance: row.get(5)?,
                tight_left: row.get(6)?,
                tight_right: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cramps over 10 minutes, sessions that left numbness or tingling, and mornings the night's
    /// details call for a GP (read through the night codec), in `from..=to`.
    pub fn red_flag_facts(&self, from: NaiveDate, to: NaiveDate) -> Result<RedFlagFacts> {
        let mut long = self.conn.prepare_cached(
            "SELECT n.night_of, max(e.duration_s) FROM cramp_episodes e
             JOIN nights n ON n.id = e.night_id
             WHERE n.night_of BETWEEN ?1 AND ?2 AND e.duration_s > ?3
               AND e.deleted_at IS NULL AND n.deleted_at IS NULL
             GROUP BY n.night_of ORDER BY n.night_of",
        )?;
        let long_cramps = long
            .query_map(
                rusqlite::params![from, to, CrampDuration::RED_FLAG_SECONDS],
                |row| Ok((row.get::<_, NaiveDate>(0)?, row.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let after = to.succ_opt().unwrap_or(to);
        let mut numb = self.conn.prepare_cached(
            "SELECT DISTINCT substr(at, 1, 10) FROM massage_sessions
             WHERE at >= ?1 AND at < ?2 AND deleted_at IS NULL
               AND (side_effects LIKE '%numbness%' OR side_effects LIKE '%tingling%')
             ORDER BY 1",
        )?;
        let numbness_or_tingling = numb
            .query_map([from, after], |row| row.get::<_, NaiveDate>(0))?
            .collect::<rusqlite::Result<_>>()?;
        let numb_or_swollen = self
            .live_nights(from, to)?
            .into_iter()
            .rev()
            .filter(|n| n.night.details.numb_or_swollen())
            .map(|n| n.night.night_of)
            .collect();
        Ok(RedFlagFacts {
            long_cramps,
            numbness_or_tingling,
            numb_or_swollen,
        })
    }
}
