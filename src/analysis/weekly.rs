//! Series for the charts: weekly cramp rates by phase, the tightness trend, the strip of nights.

use super::adherence::DaySessions;
use super::phases::NightSummary;
use crate::domain::NightStatus;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    Baseline,
    Routine,
    /// No routine, or nights after it.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeekBin {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub phase: PhaseKind,
    pub logged: u32,
    pub cramps: u32,
    /// Cramps per week over the logged nights of the bin; `None` with no logged night.
    pub rate_per_week: Option<f64>,
    /// Fewer than seven nights are over (the current week), or clipped by the phase.
    pub partial: bool,
}

/// 7-night bins from `start` while `from <= last`, each clipped to `last` and to its phase.
pub fn week_bins(
    nights: &[NightSummary],
    start: NaiveDate,
    last: NaiveDate,
    phase_of: impl Fn(NaiveDate) -> PhaseKind,
) -> Vec<WeekBin> {
    let by_day: BTreeMap<NaiveDate, &NightSummary> =
        nights.iter().map(|n| (n.night_of, n)).collect();
    let mut bins = Vec::new();
    let mut from = start;
    while from <= last {
        let phase = phase_of(from);
        let mut to = from;
        // Grow the bin to 7 nights, stopping at `last` or where the phase changes.
        while to < last && (to - from).num_days() < 6 && phase_of(to + Duration::days(1)) == phase {
            to += Duration::days(1);
        }
        let usable = by_day
            .range(from..=to)
            .map(|(_, n)| *n)
            .filter(|n| n.status != NightStatus::Excluded);
        let (logged, cramps) = usable.fold((0u32, 0u32), |(l, c), n| (l + 1, c + n.cramps));
        bins.push(WeekBin {
            from,
            to,
            phase,
            logged,
            cramps,
            rate_per_week: (logged > 0).then(|| f64::from(cramps) * 7.0 / f64::from(logged)),
            partial: (to - from).num_days() < 6,
        });
        from = to + Duration::days(1);
    }
    bins
}

#[derive(Debug, Clone, PartialEq)]
pub struct TightnessPoint {
    pub night_of: NaiveDate,
    /// Mean of the values recorded in the 7 nights ending here.
    pub left_7d: Option<f64>,
    pub right_7d: Option<f64>,
    pub session: bool,
}

pub fn tightness_trend(
    nights: &[NightSummary],
    from: NaiveDate,
    to: NaiveDate,
    sessions_by_day: &BTreeMap<NaiveDate, DaySessions>,
) -> Vec<TightnessPoint> {
    let by_day: BTreeMap<NaiveDate, &NightSummary> =
        nights.iter().map(|n| (n.night_of, n)).collect();
    let avg = |day: NaiveDate, pick: fn(&NightSummary) -> Option<u8>| {
        let values: Vec<f64> = by_day
            .range(day - Duration::days(6)..=day)
            .filter_map(|(_, n)| pick(n))
            .map(f64::from)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        out.push(TightnessPoint {
            night_of: day,
            left_7d: avg(day, |n| n.tight_left),
            right_7d: avg(day, |n| n.tight_right),
            session: sessions_by_day
                .get(&day)
                .is_some_and(|c| c.deep + c.other > 0),
        });
        day += Duration::days(1);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StripMark {
    Cramps,
    CrampFree,
    Excluded,
    NotLogged,
}

pub fn night_strip(
    nights: &[NightSummary],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, StripMark)> {
    let by_day: BTreeMap<NaiveDate, &NightSummary> =
        nights.iter().map(|n| (n.night_of, n)).collect();
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let mark = match by_day.get(&day).map(|n| n.status) {
            None => StripMark::NotLogged,
            Some(NightStatus::Excluded) => StripMark::Excluded,
            Some(NightStatus::None) => StripMark::CrampFree,
            Some(NightStatus::Cramps) => StripMark::Cramps,
        };
        out.push((day, mark));
        day += Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn n(d: &str, status: NightStatus, cramps: u32, left: Option<u8>) -> NightSummary {
        NightSummary {
            night_of: day(d),
            status,
            cramps,
            worst_intensity: None,
            longest_s: None,
            sleep_disturbance: None,
            tight_left: left,
            tight_right: None,
        }
    }

    #[test]
    fn bins_split_at_the_phase_change_and_mark_the_partial_week() {
        let start = day("2026-11-02");
        let phase = |d: NaiveDate| {
            if d < start {
                PhaseKind::Baseline
            } else {
                PhaseKind::Routine
            }
        };
        let nights = vec![
            n("2026-10-27", NightStatus::Cramps, 2, None),
            n("2026-10-28", NightStatus::None, 0, None),
            n("2026-11-03", NightStatus::Cramps, 1, None),
            n("2026-11-10", NightStatus::Excluded, 4, None),
        ];
        let bins = week_bins(&nights, day("2026-10-26"), day("2026-11-10"), phase);
        let spans: Vec<(NaiveDate, NaiveDate, PhaseKind, bool)> = bins
            .iter()
            .map(|b| (b.from, b.to, b.phase, b.partial))
            .collect();
        assert_eq!(
            spans,
            vec![
                (
                    day("2026-10-26"),
                    day("2026-11-01"),
                    PhaseKind::Baseline,
                    false
                ),
                (
                    day("2026-11-02"),
                    day("2026-11-08"),
                    PhaseKind::Routine,
                    false
                ),
                (
                    day("2026-11-09"),
                    day("2026-11-10"),
                    PhaseKind::Routine,
                    true
                ),
            ]
        );
        assert_eq!(bins[0].rate_per_week, Some(7.0)); // 2 cramps over 2 logged nights
        assert_eq!(
            bins[2].rate_per_week, None,
            "excluded nights are not logged nights"
        );
    }

    #[test]
    fn tightness_is_a_trailing_seven_night_mean() {
        let nights = vec![
            n("2026-11-01", NightStatus::None, 0, Some(6)),
            n("2026-11-03", NightStatus::None, 0, Some(4)),
            n("2026-11-09", NightStatus::None, 0, Some(2)),
        ];
        let mut sessions = BTreeMap::new();
        sessions.insert(day("2026-11-03"), DaySessions { deep: 0, other: 1 });
        let t = tightness_trend(&nights, day("2026-11-01"), day("2026-11-09"), &sessions);
        assert_eq!(t[0].left_7d, Some(6.0));
        assert_eq!(t[2].left_7d, Some(5.0));
        assert!(t[2].session);
        assert_eq!(
            t[7].left_7d,
            Some(4.0),
            "8 Nov looks back to 2 Nov: only 3 Nov's 4"
        );
        assert_eq!(t[8].left_7d, Some(3.0), "9 Nov: 3 Nov's 4 and 9 Nov's 2");
    }

    #[test]
    fn the_strip_tells_every_kind_of_night_apart() {
        let nights = vec![
            n("2026-11-01", NightStatus::Cramps, 1, None),
            n("2026-11-02", NightStatus::None, 0, None),
            n("2026-11-03", NightStatus::Excluded, 0, None),
        ];
        let marks: Vec<StripMark> = night_strip(&nights, day("2026-11-01"), day("2026-11-04"))
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        assert_eq!(
            marks,
            vec![
                StripMark::Cramps,
                StripMark::CrampFree,
                StripMark::Excluded,
                StripMark::NotLogged
            ]
        );
    }
}
