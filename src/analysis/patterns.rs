//! Patterns: where and when the cramps come — by leg, by muscle, by hour of the night (in night
//! order, evening to morning), by weekday and by month — with the cramps and nights behind each
//! bar.

use super::phases::NightSummary;
use crate::domain::{Leg, Muscle, NightStatus};
use crate::format::json;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::Serialize;

/// One cramp as the patterns need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrampFacts {
    pub night_of: NaiveDate,
    pub leg: Leg,
    pub muscle: Muscle,
    /// The approximate clock time, when it was given.
    pub at: Option<NaiveTime>,
}

/// One bar: its label, the cramps in it and the nights behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub label: String,
    pub cramps: u32,
    /// Leg, muscle, hour: nights with at least one such cramp. Weekday, month: usable nights
    /// of that weekday or month (the rate's denominator).
    pub nights: u32,
}

impl Bar {
    /// Cramps per week over the bar's nights (weekday and month bars).
    pub fn per_week(&self) -> Option<f64> {
        (self.nights > 0).then(|| f64::from(self.cramps) * 7.0 / f64::from(self.nights))
    }
}

/// Serialized, the insights JSON's `patterns` (README "cramp insights --format json").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patterns {
    /// Cramps and usable nights (logged as cramps or cramp-free) behind the whole page.
    pub cramps: u32,
    pub nights: u32,
    pub legs: Vec<Bar>,
    pub muscles: Vec<Bar>,
    /// One bar per hour, in night order from the evening: at least 20:00 to 07:00, wider when
    /// a cramp lies outside.
    pub hours: Vec<Bar>,
    /// Cramps logged without a time.
    pub untimed: u32,
    /// Monday to Sunday, by the day the night began.
    #[serde(serialize_with = "with_rates")]
    pub weekdays: Vec<Bar>,
    /// January to December, every year together.
    #[serde(serialize_with = "with_rates")]
    pub months: Vec<Bar>,
}

/// Weekday and month bars are written with their rate (cramps per week over the bar's
/// nights), left out when the bar has no nights.
fn with_rates<S: serde::Serializer>(bars: &[Bar], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Rated<'a> {
        #[serde(flatten)]
        bar: &'a Bar,
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "json::with_round_opt"
        )]
        rate_per_week: Option<f64>,
    }
    s.collect_seq(bars.iter().map(|bar| Rated {
        bar,
        rate_per_week: bar.per_week(),
    }))
}

/// The hours always shown, in night order: 20:00 to 07:59.
const FIRST_HOUR: u32 = 20;
const LAST_HOUR: u32 = 7;

fn tally(bar: &mut Bar, night: NaiveDate, last: &mut Option<NaiveDate>) {
    bar.cramps += 1;
    if *last != Some(night) {
        bar.nights += 1;
        *last = Some(night);
    }
}

impl Patterns {
    /// From the usable nights and their cramps (both sorted by night). `evening_hour` is the
    /// hour the night begins (the configured night cutoff): the hours run from it round the
    /// clock.
    pub fn compute(nights: &[NightSummary], cramps: &[CrampFacts], evening_hour: u32) -> Self {
        let usable: Vec<&NightSummary> = nights
            .iter()
            .filter(|n| matches!(n.status, NightStatus::Cramps | NightStatus::None))
            .collect();
        let bars = |labels: &[&str]| -> Vec<Bar> {
            labels
                .iter()
                .map(|l| Bar {
                    label: (*l).to_string(),
                    cramps: 0,
                    nights: 0,
                })
                .collect()
        };
        let mut legs = bars(Leg::WORDS);
        let mut muscles = bars(Muscle::WORDS);
        let order = |h: u32| (h + 24 - evening_hour % 24) % 24;
        let mut hours: Vec<Bar> = (0..24)
            .map(|i| Bar {
                label: format!("{:02}", (i + evening_hour) % 24),
                cramps: 0,
                nights: 0,
            })
            .collect();
        let mut last_leg = vec![None; legs.len()];
        let mut last_muscle = vec![None; muscles.len()];
        let mut last_hour = [None; 24];
        let mut untimed = 0;
        for c in cramps {
            let l = Leg::ALL.iter().position(|x| *x == c.leg).unwrap_or(0);
            tally(&mut legs[l], c.night_of, &mut last_leg[l]);
            let m = Muscle::ALL.iter().position(|x| *x == c.muscle).unwrap_or(0);
            tally(&mut muscles[m], c.night_of, &mut last_muscle[m]);
            match c.at {
                Some(t) => {
                    let i = order(t.hour()) as usize;
                    tally(&mut hours[i], c.night_of, &mut last_hour[i]);
                }
                None => untimed += 1,
            }
        }
        // Keep at least 20:00-07:00, and every hour from the first to the last with a cramp.
        let used: Vec<usize> = (0..24).filter(|&i| hours[i].cramps > 0).collect();
        let first = used
            .first()
            .copied()
            .unwrap_or(24)
            .min(order(FIRST_HOUR) as usize);
        let last = used
            .last()
            .copied()
            .unwrap_or(0)
            .max(order(LAST_HOUR) as usize);
        let hours = hours.drain(first..=last).collect();

        let mut weekdays = bars(&["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
        let mut months = bars(&[
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]);
        for n in &usable {
            for bar in [
                &mut weekdays[n.night_of.weekday().num_days_from_monday() as usize],
                &mut months[n.night_of.month0() as usize],
            ] {
                bar.nights += 1;
                bar.cramps += n.cramps;
            }
        }
        Self {
            cramps: usable.iter().map(|n| n.cramps).sum(),
            nights: usable.len() as u32,
            legs,
            muscles,
            hours,
            untimed,
            weekdays,
            months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn cramp(night: &str, leg: Leg, muscle: Muscle, at: Option<&str>) -> CrampFacts {
        CrampFacts {
            night_of: day(night),
            leg,
            muscle,
            at: at.map(|t| NaiveTime::parse_from_str(t, "%H:%M").expect("a time")),
        }
    }

    fn sample() -> Patterns {
        // Mon 2 Mar 2026: two cramps; Tue: cramp-free; Sat 7 Mar: one; Sun excluded.
        let nights = vec![
            NightSummary::counted(day("2026-03-02"), 2),
            NightSummary::counted(day("2026-03-03"), 0),
            NightSummary::counted(day("2026-03-07"), 1),
            NightSummary {
                status: NightStatus::Excluded,
                ..NightSummary::counted(day("2026-03-08"), 0)
            },
        ];
        let cramps = vec![
            cramp("2026-03-02", Leg::Left, Muscle::Calf, Some("23:40")),
            cramp("2026-03-02", Leg::Left, Muscle::Foot, Some("03:10")),
            cramp("2026-03-07", Leg::Right, Muscle::Calf, None),
        ];
        Patterns::compute(&nights, &cramps, 18)
    }

    #[test]
    fn legs_and_muscles_count_cramps_and_nights() {
        let p = sample();
        assert_eq!((p.cramps, p.nights), (3, 3));
        let left = &p.legs[0];
        assert_eq!(
            (left.label.as_str(), left.cramps, left.nights),
            ("left", 2, 1)
        );
        assert_eq!((p.legs[1].cramps, p.legs[2].cramps), (1, 0));
        let calf = &p.muscles[0];
        assert_eq!((calf.cramps, calf.nights), (2, 2));
        assert_eq!(p.muscles[1].cramps, 1);
    }

    #[test]
    fn hours_run_from_evening_to_morning() {
        let p = sample();
        let labels: Vec<&str> = p.hours.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "20", "21", "22", "23", "00", "01", "02", "03", "04", "05", "06", "07"
            ]
        );
        assert_eq!(p.hours[3].cramps, 1); // 23:40
        assert_eq!(p.hours[7].cramps, 1); // 03:10
        assert_eq!(p.untimed, 1);
        // A cramp at 18:30 or at 09:15 widens the span.
        let nights = vec![NightSummary::counted(day("2026-03-02"), 2)];
        let early = [
            cramp("2026-03-02", Leg::Left, Muscle::Calf, Some("18:30")),
            cramp("2026-03-02", Leg::Left, Muscle::Calf, Some("09:15")),
        ];
        let p = Patterns::compute(&nights, &early, 18);
        assert_eq!(p.hours.first().map(|b| b.label.as_str()), Some("18"));
        assert_eq!(p.hours.last().map(|b| b.label.as_str()), Some("09"));
    }

    #[test]
    fn weekdays_and_months_have_rates_over_usable_nights() {
        let p = sample();
        let mon = &p.weekdays[0];
        assert_eq!((mon.cramps, mon.nights, mon.per_week()), (2, 1, Some(14.0)));
        assert_eq!(p.weekdays[1].per_week(), Some(0.0));
        assert_eq!(p.weekdays[6].nights, 0); // Sunday's night was excluded
        assert_eq!(p.weekdays[6].per_week(), None);
        assert_eq!((p.months[2].cramps, p.months[2].nights), (3, 3));
    }
}
