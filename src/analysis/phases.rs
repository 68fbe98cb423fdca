//! Per-phase numbers from one summary row per logged night.

use super::rate::Counts;
use crate::domain::NightStatus;
use crate::format::json;
use chrono::NaiveDate;
use serde::Serialize;

/// One logged night, aggregated by SQL: what the analysis needs and nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightSummary {
    pub night_of: NaiveDate,
    pub status: NightStatus,
    pub cramps: u32,
    pub worst_intensity: Option<u8>,
    pub longest_s: Option<u32>,
    pub sleep_disturbance: Option<u8>,
    pub tight_left: Option<u8>,
    pub tight_right: Option<u8>,
}

impl NightSummary {
    /// A night known only by its cramp count: "cramps" when there were any, else cramp-free.
    pub fn counted(night_of: NaiveDate, cramps: u32) -> Self {
        Self {
            night_of,
            status: if cramps > 0 {
                NightStatus::Cramps
            } else {
                NightStatus::None
            },
            cramps,
            worst_intensity: None,
            longest_s: None,
            sleep_disturbance: None,
            tight_left: None,
            tight_right: None,
        }
    }
}

/// The numbers for one phase (baseline or routine). Every ratio is `None` when its
/// denominator is zero, never NaN.
///
/// Serialized, it is a phase of the report JSON (`baseline`, `routine_phase`, `follow_up`;
/// README "cramp report --format json"): a field added here appears there unless skipped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseStats {
    #[serde(serialize_with = "json::with_iso")]
    pub from: NaiveDate,
    #[serde(serialize_with = "json::with_iso")]
    pub to: NaiveDate,
    /// Calendar nights in the phase (so far, for a running routine).
    pub nights: u32,
    /// Usable nights: logged as cramps or cramp-free (excluded nights are not counted).
    pub logged: u32,
    pub excluded: u32,
    pub cramps: u32,
    pub cramp_nights: u32,
    #[serde(serialize_with = "json::with_round_opt")]
    pub rate_per_week: Option<f64>,
    /// Usable nights over calendar nights that were not excluded, 0-1.
    #[serde(serialize_with = "json::with_round")]
    pub coverage: f64,
    #[serde(serialize_with = "json::with_round_opt")]
    pub cramp_free_pct: Option<f64>,
    #[serde(skip)]
    pub cramp_nights_per_week: Option<f64>,
    #[serde(serialize_with = "json::with_round_opt")]
    pub median_worst_intensity: Option<f64>,
    #[serde(serialize_with = "json::with_round_opt")]
    pub median_longest_s: Option<f64>,
    #[serde(serialize_with = "json::with_round_opt")]
    pub mean_sleep_disturbance: Option<f64>,
    #[serde(skip)]
    pub mean_tightness: Option<f64>,
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn ratio(num: f64, den: u32) -> Option<f64> {
    (den > 0).then(|| num / f64::from(den))
}

impl PhaseStats {
    /// `nights` may hold any nights; only those in `from..=to` count. An empty range (to < from)
    /// gives a phase of zero nights.
    pub fn compute(from: NaiveDate, to: NaiveDate, nights: &[NightSummary]) -> Self {
        let calendar = if to < from {
            0
        } else {
            ((to - from).num_days() + 1) as u32
        };
        let inside: Vec<&NightSummary> = nights
            .iter()
            .filter(|n| n.night_of >= from && n.night_of <= to)
            .collect();
        let usable: Vec<&NightSummary> = inside
            .iter()
            .copied()
            .filter(|n| n.status != NightStatus::Excluded)
            .collect();
        let excluded = (inside.len() - usable.len()) as u32;
        let logged = usable.len() as u32;
        let cramps: u32 = usable.iter().map(|n| n.cramps).sum();
        let cramp_nights = usable.iter().filter(|n| n.cramps > 0).count() as u32;
        let with_cramps = || usable.iter().filter(|n| n.cramps > 0);
        Self {
            from,
            to,
            nights: calendar,
            logged,
            excluded,
            cramps,
            cramp_nights,
            rate_per_week: ratio(f64::from(cramps) * 7.0, logged),
            coverage: ratio(f64::from(logged), calendar.saturating_sub(excluded)).unwrap_or(0.0),
            cramp_free_pct: ratio(f64::from(logged - cramp_nights) * 100.0, logged),
            cramp_nights_per_week: ratio(f64::from(cramp_nights) * 7.0, logged),
            median_worst_intensity: median(
                with_cramps()
                    .filter_map(|n| n.worst_intensity)
                    .map(f64::from)
                    .collect(),
            ),
            median_longest_s: median(
                with_cramps()
                    .filter_map(|n| n.longest_s)
                    .map(f64::from)
                    .collect(),
            ),
            mean_sleep_disturbance: mean(
                usable
                    .iter()
                    .filter_map(|n| n.sleep_disturbance)
                    .map(f64::from),
            ),
            mean_tightness: mean(
                usable
                    .iter()
                    .flat_map(|n| [n.tight_left, n.tight_right])
                    .flatten()
                    .map(f64::from),
            ),
        }
    }

    /// Nights of the phase that are over and not excluded: coverage's denominator.
    pub fn open_nights(&self) -> u32 {
        self.nights.saturating_sub(self.excluded)
    }

    pub fn counts(&self) -> Counts {
        Counts {
            cramps: self.cramps,
            nights: self.logged,
        }
    }
}

/// A coverage share as a whole percentage, never rounded up past a threshold it fails:
/// 74.6% reads "74%", not "75%" beside "75% needed".
pub fn coverage_pct(coverage: f64) -> String {
    // The small epsilon keeps exact shares such as 0.7 (7 of 10) from flooring to 69%.
    format!("{:.0}%", (coverage * 100.0 + 1e-9).floor())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn night(d: &str, status: NightStatus, cramps: u32, worst: u8, longest: u32) -> NightSummary {
        NightSummary {
            night_of: day(d),
            status,
            cramps,
            worst_intensity: (cramps > 0).then_some(worst),
            longest_s: (cramps > 0).then_some(longest),
            sleep_disturbance: Some(4),
            tight_left: Some(6),
            tight_right: None,
        }
    }

    #[test]
    fn rates_use_logged_nights_and_coverage_leaves_out_excluded_ones() {
        // 10 calendar nights: 4 with cramps (1+2+1+3 = 7 cramps), 3 cramp-free, 1 excluded
        // (with 5 cramps that must not count), 2 not logged.
        let nights = vec![
            night("2026-11-01", NightStatus::Cramps, 1, 5, 60),
            night("2026-11-02", NightStatus::Cramps, 2, 7, 120),
            night("2026-11-03", NightStatus::None, 0, 0, 0),
            night("2026-11-04", NightStatus::Excluded, 5, 9, 600),
            night("2026-11-05", NightStatus::Cramps, 1, 3, 30),
            night("2026-11-07", NightStatus::None, 0, 0, 0),
            night("2026-11-08", NightStatus::Cramps, 3, 8, 90),
            night("2026-11-09", NightStatus::None, 0, 0, 0),
            night("2026-11-20", NightStatus::Cramps, 9, 9, 900), // outside the phase
        ];
        let p = PhaseStats::compute(day("2026-11-01"), day("2026-11-10"), &nights);
        assert_eq!(
            (p.nights, p.logged, p.excluded, p.cramps, p.cramp_nights),
            (10, 7, 1, 7, 4)
        );
        assert_eq!(p.rate_per_week, Some(7.0 * 7.0 / 7.0));
        assert!((p.coverage - 7.0 / 9.0).abs() < 1e-12);
        assert!((p.cramp_free_pct.unwrap() - 300.0 / 7.0).abs() < 1e-9);
        assert_eq!(p.median_worst_intensity, Some(6.0)); // 3,5,7,8
        assert_eq!(p.median_longest_s, Some(75.0)); // 30,60,90,120
        assert_eq!(p.mean_sleep_disturbance, Some(4.0));
        assert_eq!(p.mean_tightness, Some(6.0));
    }

    #[test]
    fn an_empty_phase_has_no_rates_and_no_nan() {
        let p = PhaseStats::compute(day("2026-11-10"), day("2026-11-01"), &[]);
        assert_eq!((p.nights, p.logged), (0, 0));
        assert_eq!(p.rate_per_week, None);
        assert_eq!(p.coverage, 0.0);
        let p = PhaseStats::compute(day("2026-11-01"), day("2026-11-07"), &[]);
        assert_eq!((p.nights, p.logged, p.coverage), (7, 0, 0.0));
        assert_eq!(p.cramp_free_pct, None);
    }
}
