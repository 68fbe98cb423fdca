//! The dashboard's reads: one aggregated row per logged night and the red-flag facts, for a
//! window of nights only, so a long diary costs no more than a new one.

use super::Store;
use super::rows::bad_column;
use crate::analysis::dashboard::{DashboardData, RedFlagFacts};
use crate::analysis::phases::NightSummary;
use crate::domain::NightStatus;
use crate::domain::units::CrampDuration;
use chrono::NaiveDate;
use color_eyre::eyre::Result;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| bad_column(text, e.to_string()))
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
            before_baseline: Vec::new(),
            week_start: None,
        })
    }

    /// One row per logged night, its cramps counted and summarised by SQLite.
    pub fn night_summaries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NightSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.night_of, n.status, count(e.id), max(e.intensity), max(e.duration_s),
                    n.sleep_disturbance, n.tight_left, n.tight_right
             FROM nights n
             LEFT JOIN cramp_episodes e ON e.night_id = n.id AND e.deleted_at IS NULL
             WHERE n.night_of BETWEEN ?1 AND ?2 AND n.deleted_at IS NULL
             GROUP BY n.id ORDER BY n.night_of",
        )?;
        let rows = stmt.query_map([day(from), day(to)], |row| {
            let night_of: String = row.get(0)?;
            let status: String = row.get(1)?;
            Ok(NightSummary {
                night_of: parse_day(&night_of)?,
                status: NightStatus::parse(&status).map_err(|e| bad_column(&status, e.0))?,
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

    /// Cramps over 10 minutes, and sessions that left numbness or tingling, in `from..=to`.
    pub fn red_flag_facts(&self, from: NaiveDate, to: NaiveDate) -> Result<RedFlagFacts> {
        let mut long = self.conn.prepare_cached(
            "SELECT n.night_of, max(e.duration_s) FROM cramp_episodes e
             JOIN nights n ON n.id = e.night_id
             WHERE n.night_of BETWEEN ?1 AND ?2 AND e.duration_s > ?3
               AND e.deleted_at IS NULL AND n.deleted_at IS NULL
             GROUP BY n.id ORDER BY n.night_of",
        )?;
        let long_cramps = long
            .query_map(
                rusqlite::params![day(from), day(to), CrampDuration::RED_FLAG_SECONDS],
                |row| Ok((parse_day(&row.get::<_, String>(0)?)?, row.get(1)?)),
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
            .query_map([day(from), day(after)], |row| {
                parse_day(&row.get::<_, String>(0)?)
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(RedFlagFacts {
            long_cramps,
            numbness_or_tingling,
        })
    }
}
