//! The insights page's reads: every night, session technique, day's context and cramp up to
//! the last night that is over, read once after a load or a save.

use super::Store;
use crate::analysis::insights::InsightData;
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::patterns::CrampFacts;
use crate::analysis::phases::NightSummary;
use crate::analysis::year::spans;
use crate::domain::session::Technique;
use crate::domain::{Leg, Muscle};
use chrono::{NaiveDate, NaiveTime};
use color_eyre::eyre::{Result, WrapErr};

/// Reads the diary up to `due` and computes the page: the one path for every screen and format.
pub fn load_insights(store: &Store, due: NaiveDate, evening_hour: u32) -> Result<InsightsPage> {
    let (data, cramps) = store.insight_data(due)?;
    let routines: Vec<_> = store.routines()?.into_iter().map(|r| r.item).collect();
    let experiments: Vec<_> = store
        .experiments()?
        .into_iter()
        .map(|e| e.item.experiment)
        .collect();
    Ok(InsightsPage::compute(
        data,
        &cramps,
        spans(&routines, &experiments),
        due,
        evening_hour,
    ))
}

impl Store {
    /// Nights, session techniques by day, context by day (and tags by night) up to `due`, and
    /// every cramp of those nights, in night order.
    pub fn insight_data(&self, due: NaiveDate) -> Result<(InsightData, Vec<CrampFacts>)> {
        // Each night's cramps are counted from the cramps read below (one pass, no join).
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_of, status, tight_left, tight_right FROM nights
             WHERE deleted_at IS NULL AND night_of <= ?1 ORDER BY night_of",
        )?;
        let nights = stmt.query_map([due], |row| {
            Ok(NightSummary {
                tight_left: row.get(2)?,
                tight_right: row.get(3)?,
                status: row.get(1)?,
                ..NightSummary::counted(row.get(0)?, 0)
            })
        })?;
        let mut data = InsightData {
            nights: nights.collect::<rusqlite::Result<_>>()?,
            ..InsightData::default()
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(at, 1, 10), technique FROM massage_sessions
             WHERE deleted_at IS NULL AND substr(at, 1, 10) <= ?1 ORDER BY at",
        )?;
        let rows = stmt.query_map([due], |row| {
            Ok((row.get::<_, NaiveDate>(0)?, row.get::<_, Technique>(1)?))
        })?;
        for row in rows {
            let (day, technique) = row.wrap_err("reading sessions for the insights")?;
            data.sessions.entry(day).or_default().push(technique);
        }
        data.tags = self.tags_between(NaiveDate::MIN, due)?;
        for c in self.context_between(NaiveDate::MIN, due)? {
            data.context.insert(c.item.day, c.item.context);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.night_of, e.leg, e.muscle, e.at_time FROM cramp_episodes e
             JOIN nights n ON n.id = e.night_id
             WHERE n.night_of <= ?1 AND n.status = 'cramps'
               AND e.deleted_at IS NULL AND n.deleted_at IS NULL
             ORDER BY n.night_of, e.id",
        )?;
        let rows = stmt.query_map([due], |row| {
            Ok((
                row.get::<_, NaiveDate>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut cramps = Vec::new();
        let mut night = data.nights.iter_mut().peekable();
        for row in rows {
            let (night_of, leg, muscle, at) = row.wrap_err("reading cramps for the insights")?;
            while night.next_if(|n| n.night_of < night_of).is_some() {}
            if let Some(n) = night.peek_mut().filter(|n| n.night_of == night_of) {
                n.cramps += 1;
            }
            cramps.push(CrampFacts {
                night_of,
                leg: Leg::parse_exact("leg", &leg)?,
                muscle: Muscle::parse_exact("muscle", &muscle)?,
                at: at.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()),
            });
        }
        Ok((data, cramps))
    }
}
