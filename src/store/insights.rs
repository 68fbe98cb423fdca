//! The insights page's reads: every night, session technique, day's context and cramp up to
//! the last night that is over, read once after a load or a save.

use super::Store;
use super::convert::day_at;
use crate::analysis::insights::InsightData;
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::patterns::CrampFacts;
use crate::analysis::phases::NightSummary;
use crate::analysis::year::spans;
use crate::domain::context::DailyContext;
use crate::domain::session::Technique;
use crate::domain::{Leg, Muscle, NightStatus};
use chrono::{NaiveDate, NaiveTime};
use color_eyre::eyre::{Result, WrapErr};
use std::collections::HashMap;

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
        // Each night's cramps are counted from the cramps read below, matched by the night's
        // row id (no join: a whole-diary read, so every lookup saved counts).
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_of, status, tight_left, tight_right, id FROM nights
             WHERE deleted_at IS NULL AND night_of <= ?1 ORDER BY night_of",
        )?;
        let mut ids: HashMap<i64, usize> = HashMap::new();
        let mut nights = Vec::new();
        let mut rows = stmt.query([due])?;
        while let Some(row) = rows.next().wrap_err("reading nights for the insights")? {
            ids.insert(row.get(4)?, nights.len());
            nights.push(NightSummary {
                tight_left: row.get(2)?,
                tight_right: row.get(3)?,
                status: row.get(1)?,
                ..NightSummary::counted(day_at(row, 0)?, 0)
            });
        }
        let mut data = InsightData {
            nights,
            ..InsightData::default()
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT substr(at, 1, 10), technique FROM massage_sessions
             WHERE deleted_at IS NULL AND substr(at, 1, 10) <= ?1",
        )?;
        let rows = stmt.query_map([due], |row| {
            Ok((day_at(row, 0)?, row.get::<_, Technique>(1)?))
        })?;
        for row in rows {
            let (day, technique) = row.wrap_err("reading sessions for the insights")?;
            data.sessions.entry(day).or_default().push(technique);
        }
        data.tags = self.tags_between(NaiveDate::MIN, due)?;
        // The four figures the factors use (the medication note is not one), read narrowly: the
        // whole codec (uid, change times) was a quarter of this read on a 10-year diary.
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, fluids_dl, magnesium_mg, potassium, exercise_min FROM daily_context
             WHERE deleted_at IS NULL AND day <= ?1",
        )?;
        let mut rows = stmt.query([due])?;
        while let Some(row) = rows.next().wrap_err("reading context for the insights")? {
            let small = |i: usize| -> rusqlite::Result<Option<u16>> {
                Ok(row
                    .get::<_, Option<i64>>(i)?
                    .and_then(|v| u16::try_from(v).ok()))
            };
            data.context.insert(
                day_at(row, 0)?,
                DailyContext {
                    fluids_dl: small(1)?,
                    magnesium_mg: small(2)?,
                    potassium: row.get(3)?,
                    exercise_min: small(4)?,
                    medication: None,
                },
            );
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_id, leg, muscle, at_time FROM cramp_episodes
             WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut cramps = Vec::new();
        while let Some(row) = rows.next().wrap_err("reading cramps for the insights")? {
            // Cramps of nights after `due`, deleted, or not logged as cramps are left out.
            let Some(night) = ids
                .get(&row.get::<_, i64>(0)?)
                .and_then(|&i| data.nights.get_mut(i))
                .filter(|n| n.status == NightStatus::Cramps)
            else {
                continue;
            };
            night.cramps += 1;
            let text = |i: usize| row.get_ref(i).and_then(|v| Ok(v.as_str()?));
            cramps.push(CrampFacts {
                night_of: night.night_of,
                leg: Leg::parse_exact("leg", text(1)?)?,
                muscle: Muscle::parse_exact("muscle", text(2)?)?,
                at: row.get_ref(3)?.as_str_or_null()?.and_then(clock_time),
            });
        }
        // In night order (a night's cramps as they were added).
        cramps.sort_by_key(|c| c.night_of);
        Ok((data, cramps))
    }
}

/// `HH:MM` as a time of day, without a format parser (read for every cramp of the diary).
fn clock_time(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::clock_time;
    use chrono::NaiveTime;

    #[test]
    fn clock_times_read_as_the_diary_writes_them() {
        assert_eq!(clock_time("03:07"), NaiveTime::from_hms_opt(3, 7, 0));
        assert_eq!(clock_time("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(clock_time("24:00"), None);
        assert_eq!(clock_time("3:07"), None);
        assert_eq!(clock_time("03-07"), None);
    }
}
