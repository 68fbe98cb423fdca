//! Everything the insights page shows, computed once after the diary is loaded or saved: the
//! factor insights, the patterns, and what the year calendar needs.

use super::{InsightData, Insights};
use crate::analysis::experiment_plan::{Baseline, RECENT_NIGHTS};
use crate::analysis::patterns::{CrampFacts, Patterns};
use crate::analysis::year::{Span, YearView};
use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, PartialEq)]
pub struct InsightsPage {
    pub insights: Insights,
    pub patterns: Patterns,
    /// The diary's first night (any status) and the last night that is over.
    pub began: Option<NaiveDate>,
    pub due: NaiveDate,
    /// The data behind it, kept for the year calendar.
    pub data: InsightData,
    pub spans: Vec<Span>,
}

impl InsightsPage {
    pub fn compute(
        data: InsightData,
        cramps: &[CrampFacts],
        spans: Vec<Span>,
        due: NaiveDate,
        evening_hour: u32,
    ) -> Self {
        Self {
            insights: Insights::compute(&data),
            patterns: Patterns::compute(&data.nights, cramps, evening_hour),
            began: data.nights.first().map(|n| n.night_of),
            due,
            data,
            spans,
        }
    }

    /// The years the calendar can show: from the diary's first night to the last night over.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.began.map_or(self.due.year(), |b| b.year())..=self.due.year()
    }

    /// The recent nights a "Test it" plan's chances come from: the experiment plan's own
    /// window (the 56 nights up to `due`), so the experiment screen shows the same figures.
    pub fn recent(&self, due: NaiveDate) -> Baseline {
        let from = due - Duration::days(i64::from(RECENT_NIGHTS) - 1);
        Baseline::of(&self.data.nights, from, due)
    }

    /// One year of the calendar.
    pub fn year(&self, year: i32) -> YearView {
        YearView::compute(year, &self.data.nights, self.began, self.due, &self.spans)
    }
}
