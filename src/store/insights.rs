//! The insights page's reads: every night, session technique, day's context and cramp up to
//! the last night that is over, read once after a load or a save.

use super::Store;
use super::convert::{day_at, day_of};
use crate::analysis::insights::InsightData;
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::patterns::CrampFacts;
use crate::analysis::phases::NightSummary;
use crate::analysis::year::spans;
use crate::domain::context::DailyContext;
use crate::domain::session::Technique;
use crate::domain::{Leg, Muscle, NightStatus};
use chrono::{NaiveDate, NaiveTime};
use color_eyre::eyre::{Result, WrapErr, eyre};

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
        // A whole-diary read, so each table is scanned once in its own order and matched up
        // here: walking an index row by row (nights by date), a join (tags to their night) or
        // SQLite's sorting for DISTINCT / GROUP BY cost twice to twenty times a plain scan.
        // Each night's cramps and tags are matched by the night's row id.
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_of, status, tight_left, tight_right, id FROM nights NOT INDEXED
             WHERE deleted_at IS NULL",
        )?;
        let mut nights = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next().wrap_err("reading nights for the insights")? {
            let night_of = day_at(row, 0)?;
            if night_of > due {
                continue;
            }
            let night = NightSummary {
                tight_left: row.get(2)?,
                tight_right: row.get(3)?,
                status: row.get(1)?,
                ..NightSummary::counted(night_of, 0)
            };
            nights.push((row.get::<_, i64>(4)?, night));
        }
        // One live night per date (the partial unique index), so the order is the dates'.
        if !nights.is_sorted_by_key(|(_, n)| n.night_of) {
            nights.sort_by_key(|(_, n)| n.night_of);
        }
        let ids = NightIds::of(&nights);
        let mut data = InsightData {
            nights: nights.into_iter().map(|(_, n)| n).collect(),
            ..InsightData::default()
        };
        // Each day's techniques once (the day is the session's local date).
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, technique FROM massage_sessions WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        // Gathered in a list and made into the map at once: a map built from sorted entries
        // in one go costs a fraction of inserting them one by one (here, and for the context).
        let mut sessions: Vec<(NaiveDate, Technique)> = Vec::new();
        while let Some(row) = rows.next().wrap_err("reading sessions for the insights")? {
            let at = row.get_ref(0)?.as_str()?;
            let day = at.get(..10).and_then(day_of).ok_or_else(|| {
                eyre!("a session's time {at:?} is not a date and time; the diary may be damaged")
            })?;
            if day > due {
                continue;
            }
            sessions.push((day, row.get(1)?));
        }
        // By day, each day's techniques in the order read.
        sessions.sort_by_key(|(day, _)| *day);
        let mut by_day: Vec<(NaiveDate, Vec<Technique>)> = Vec::new();
        for (day, technique) in sessions {
            match by_day.last_mut() {
                Some((d, techniques)) if *d == day => {
                    if !techniques.contains(&technique) {
                        techniques.push(technique);
                    }
                }
                _ => by_day.push((day, vec![technique])),
            }
        }
        data.sessions = by_day.into_iter().collect();
        // A night's tags as a set (the same words may have two live rows), in the order they
        // were first added; tags of nights deleted or not over yet are left out.
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_id, tag FROM night_tags WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next().wrap_err("reading tags for the insights")? {
            let Some(night) = ids.get(row.get(0)?).map(|i| &data.nights[i]) else {
                continue;
            };
            let tag = row.get_ref(1)?.as_str()?;
            let tags = data.tags.entry(night.night_of).or_default();
            if !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
        // The four figures the factors use (the medication note is not one), read narrowly: the
        // whole codec (uid, change times) was a quarter of this read on a 10-year diary.
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, fluids_dl, magnesium_mg, potassium, exercise_min
             FROM daily_context NOT INDEXED WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut context = Vec::new();
        while let Some(row) = rows.next().wrap_err("reading context for the insights")? {
            let day = day_at(row, 0)?;
            if day > due {
                continue;
            }
            let small = |i: usize| -> rusqlite::Result<Option<u16>> {
                Ok(row
                    .get::<_, Option<i64>>(i)?
                    .and_then(|v| u16::try_from(v).ok()))
            };
            context.push((
                day,
                DailyContext {
                    fluids_dl: small(1)?,
                    magnesium_mg: small(2)?,
                    potassium: row.get(3)?,
                    exercise_min: small(4)?,
                    medication: None,
                },
            ));
        }
        // One live row a day (the partial unique index).
        data.context = context.into_iter().collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT night_id, leg, muscle, at_time FROM cramp_episodes
             WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut cramps = Vec::new();
        while let Some(row) = rows.next().wrap_err("reading cramps for the insights")? {
            // Cramps of nights after `due`, deleted, or not logged as cramps are left out.
            let Some(night) = ids
                .get(row.get(0)?)
                .and_then(|i| data.nights.get_mut(i))
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

/// Night row ids to their place among the nights in date order, found by binary search (a
/// hash map's hashing and lookups were about 6% of the read).
struct NightIds(Vec<(i64, usize)>);

impl NightIds {
    fn of(nights: &[(i64, NightSummary)]) -> Self {
        let mut ids: Vec<(i64, usize)> = nights.iter().enumerate().map(|(i, n)| (n.0, i)).collect();
        // A table scan reads in id order, so this is usually sorted already.
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
        Self(ids)
    }

    fn get(&self, id: i64) -> Option<usize> {
        let at = self.0.binary_search_by_key(&id, |(i, _)| *i).ok()?;
        self.0.get(at).map(|(_, i)| *i)
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
