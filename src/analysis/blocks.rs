//! The weekly blocks a phase is judged by: 7-night weeks aligned to the routine's start,
//! backwards through the baseline, forwards through the routine; the edge block of a phase may
//! be shorter.

use super::phases::NightSummary;
use super::weekly_ci::WeekCount;
use crate::domain::NightStatus;
use chrono::{Duration, NaiveDate};

/// Every week needs this many usable nights (or all its nights, if it is shorter).
pub const MIN_WEEK_NIGHTS: u32 = 4;

/// One 7-night block of a phase (the edge block may be shorter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Logged and not excluded.
    pub usable: u32,
    pub excluded: u32,
    pub cramps: u32,
}

impl Block {
    fn compute(nights: &[NightSummary], from: NaiveDate, to: NaiveDate) -> Self {
        let mut b = Block {
            from,
            to,
            usable: 0,
            excluded: 0,
            cramps: 0,
        };
        for n in nights
            .iter()
            .filter(|n| n.night_of >= from && n.night_of <= to)
        {
            if n.status == NightStatus::Excluded {
                b.excluded += 1;
            } else {
                b.usable += 1;
                b.cramps += n.cramps;
            }
        }
        b
    }

    pub fn calendar_nights(&self) -> u32 {
        ((self.to - self.from).num_days() + 1) as u32
    }

    /// Nights with an entry (usable or excluded).
    pub fn logged(&self) -> u32 {
        self.usable + self.excluded
    }

    /// At least 4 usable nights, or all of them if the block is shorter (excluded nights
    /// are not usable, as everywhere else).
    pub fn well_logged(&self) -> bool {
        self.usable >= self.needed()
    }

    /// Usable nights the block needs.
    pub fn needed(&self) -> u32 {
        MIN_WEEK_NIGHTS.min(self.calendar_nights())
    }

    pub fn count(&self) -> WeekCount {
        WeekCount {
            cramps: self.cramps,
            nights: self.usable,
        }
    }
}

/// Blocks ending the night before `anchor`, going back to `from`; oldest first.
pub fn blocks_before(nights: &[NightSummary], from: NaiveDate, anchor: NaiveDate) -> Vec<Block> {
    let mut out = Vec::new();
    let mut to = anchor - Duration::days(1);
    while to >= from {
        let start = (to - Duration::days(6)).max(from);
        out.push(Block::compute(nights, start, to));
        to = start - Duration::days(1);
    }
    out.reverse();
    out
}

/// Blocks from `start` forwards to `to`.
pub fn blocks_from(nights: &[NightSummary], start: NaiveDate, to: NaiveDate) -> Vec<Block> {
    let mut out = Vec::new();
    let mut from = start;
    while from <= to {
        let end = (from + Duration::days(6)).min(to);
        out.push(Block::compute(nights, from, end));
        from = end + Duration::days(1);
    }
    out
}
