//! Factor insights: which factors go with more or fewer cramps in this person's diary.
//!
//! For each factor ([`factors`]): the cramp rate on nights with it and without it, the rate
//! ratio compared within the same calendar month and after the same kind of night, with a 95%
//! interval robust to bad spells ([`association`]), and Holm's adjustment across every factor
//! that has enough nights. An association in a diary is not proof of cause.

pub mod association;
pub mod factors;
pub mod page;
pub mod test_it;

use super::phases::NightSummary;
use super::rate::Counts;
use crate::domain::NightStatus;
use crate::domain::context::DailyContext;
use crate::domain::session::Technique;
use association::{Association, NightObs, holm, stratified_rate_ratio};
use chrono::{Datelike, NaiveDate};
pub use factors::Factor;
use factors::{Day, technique_bit};
use std::collections::{BTreeMap, HashMap};

/// The level of the adjusted test: "linked" when Holm's adjusted p-value is at most this.
pub const LEVEL: f64 = 0.05;
/// The gate: at least this many compared nights with the factor and as many without...
pub const MIN_NIGHTS: u32 = 10;
/// ...spread over at least this many calendar months each (the months are the independent
/// units of the interval).
pub const MIN_MONTHS: u32 = 4;

/// Said beside every insight.
pub const NOT_PROOF: &str = "An association in your diary, not proof of cause.";

/// What the diary holds, as plain data: every logged night up to the last night that is over,
/// session techniques by day, daily context by day and tags by night.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightData {
    /// Sorted by night; nights not over yet are left out by the caller.
    pub nights: Vec<NightSummary>,
    pub sessions: BTreeMap<NaiveDate, Vec<Technique>>,
    pub context: BTreeMap<NaiveDate, DailyContext>,
    pub tags: BTreeMap<NaiveDate, Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Holm-adjusted p-value at most 0.05.
    Linked,
    NoClearLink,
    NotEnoughNights,
}

impl Link {
    pub fn key(self) -> &'static str {
        match self {
            Link::Linked => "linked",
            Link::NoClearLink => "no_clear_link",
            Link::NotEnoughNights => "not_enough_nights",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Link::Linked => "linked",
            Link::NoClearLink => "no clear link",
            Link::NotEnoughNights => "not enough nights yet",
        }
    }
}

/// One factor's insight.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorInsight {
    pub factor: Factor,
    /// Usable nights with the factor, and their cramps (all of them, not only compared ones).
    pub with: Counts,
    pub without: Counts,
    /// Nights with and without in months (and after kinds of night) that hold both.
    pub compared_with: u32,
    pub compared_without: u32,
    pub association: Option<Association>,
    /// Holm's adjusted p-value, for factors that passed the gate.
    pub p_adjusted: Option<f64>,
    pub link: Link,
    /// Why there is no verdict, in one sentence, when `link` is `NotEnoughNights`.
    pub gate: Option<String>,
}

impl FactorInsight {
    /// Cramps per week on nights with the factor (`None` without such nights).
    pub fn rate_with(&self) -> Option<f64> {
        per_week(self.with)
    }

    pub fn rate_without(&self) -> Option<f64> {
        per_week(self.without)
    }

    /// "more cramps" / "fewer cramps" for a linked factor.
    pub fn direction(&self) -> Option<&'static str> {
        let a = self.association?;
        (self.link == Link::Linked).then_some(if a.estimate > 1.0 {
            "more cramps"
        } else {
            "fewer cramps"
        })
    }

    /// The interval excludes 1 but the adjusted test does not: one such interval among many is
    /// expected by chance.
    pub fn unadjusted_only(&self) -> bool {
        self.link == Link::NoClearLink && self.association.is_some_and(|a| a.p < LEVEL)
    }
}

fn per_week(c: Counts) -> Option<f64> {
    (c.nights > 0).then(|| f64::from(c.cramps) * 7.0 / f64::from(c.nights))
}

/// Every factor's insight, and how many were tested (the family Holm adjusts over).
#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    /// Linked first (smallest adjusted p first), then no clear link, then not enough nights,
    /// each in the factors' own order.
    pub factors: Vec<FactorInsight>,
    pub tested: usize,
    /// Usable nights in the diary (logged as cramps or cramp-free).
    pub usable_nights: u32,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// One usable night, with what it needs for every factor.
struct Row<'a> {
    cramps: u32,
    /// Its calendar month and the kind of night before it.
    stratum: u32,
    /// Its calendar month, counted from the diary's first: the blocks that hold strata.
    block: u32,
    day: Day<'a>,
}

fn usable(status: NightStatus) -> bool {
    matches!(status, NightStatus::Cramps | NightStatus::None)
}

impl Insights {
    pub fn compute(data: &InsightData) -> Self {
        let rows = rows(data);
        let mut factors: Vec<FactorInsight> = candidates(data)
            .into_iter()
            .map(|f| insight(f, &rows))
            .collect();
        // A technique that matches the deep-tissue factor night for night says nothing new.
        let deep = exposures(&Factor::DeepTissue, &rows);
        factors.retain(|f| {
            !matches!(f.factor, Factor::Technique(t) if t.is_deep_tissue()
                && exposures(&f.factor, &rows) == deep)
        });
        let tested: Vec<usize> = (0..factors.len())
            .filter(|&i| factors[i].link != Link::NotEnoughNights)
            .collect();
        let p: Vec<f64> = tested
            .iter()
            .filter_map(|&i| factors[i].association.map(|a| a.p))
            .collect();
        for (&i, adj) in tested.iter().zip(holm(&p)) {
            factors[i].p_adjusted = Some(adj);
            factors[i].link = if adj <= LEVEL {
                Link::Linked
            } else {
                Link::NoClearLink
            };
        }
        let rank = |f: &FactorInsight| match f.link {
            Link::Linked => 0,
            Link::NoClearLink => 1,
            Link::NotEnoughNights => 2,
        };
        factors.sort_by(|a, b| {
            rank(a).cmp(&rank(b)).then_with(|| match a.link {
                Link::Linked => {
                    let p = |f: &FactorInsight| f.p_adjusted.unwrap_or(1.0);
                    p(a).total_cmp(&p(b))
                }
                _ => std::cmp::Ordering::Equal,
            })
        });
        let usable_nights: Vec<&NightSummary> =
            data.nights.iter().filter(|n| usable(n.status)).collect();
        Self {
            factors,
            tested: tested.len(),
            usable_nights: usable_nights.len() as u32,
            first: usable_nights.first().map(|n| n.night_of),
            last: usable_nights.last().map(|n| n.night_of),
        }
    }

    /// The factor with this key (`tag:alcohol`), if shown.
    pub fn factor(&self, key: &str) -> Option<&FactorInsight> {
        self.factors.iter().find(|f| f.factor.key() == key)
    }
}

/// The factors to look at: tightness, deep-tissue sessions, each technique used, the daily
/// context, and each tag used (built-in ones first, then the person's own by use).
fn candidates(data: &InsightData) -> Vec<Factor> {
    let mut out = vec![Factor::Tightness, Factor::DeepTissue];
    let used: u16 = data
        .sessions
        .values()
        .flatten()
        .fold(0, |bits, t| bits | technique_bit(*t));
    out.extend(
        Technique::ALL
            .iter()
            .filter(|t| used & technique_bit(**t) != 0)
            .map(|t| Factor::Technique(*t)),
    );
    out.extend([
        Factor::Fluids,
        Factor::Magnesium,
        Factor::Potassium,
        Factor::Exercise,
    ]);
    let mut uses: HashMap<&str, u32> = HashMap::new();
    for tag in data.tags.values().flatten() {
        *uses.entry(tag.as_str()).or_default() += 1;
    }
    let mut tags: Vec<(&str, u32)> = uses.into_iter().collect();
    let builtin = |t: &str| {
        crate::domain::tags::BUILT_IN
            .iter()
            .position(|b| *b == t)
            .unwrap_or(usize::MAX)
    };
    tags.sort_by(|a, b| {
        builtin(a.0)
            .cmp(&builtin(b.0))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(b.0))
    });
    out.extend(tags.into_iter().map(|(t, _)| Factor::Tag(t.to_string())));
    out
}

/// Every usable night once, with its stratum (month and the kind of night before it), its
/// month and what the day before it holds.
fn rows(data: &InsightData) -> Vec<Row<'_>> {
    let Some(first) = data.nights.first().map(|n| n.night_of) else {
        return Vec::new();
    };
    let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let first_month = month(first);
    // Each day's sessions, context and tags found walking alongside the nights.
    let (mut sessions, mut context, mut tags) = (
        ByDay::new(&data.sessions),
        ByDay::new(&data.context),
        ByDay::new(&data.tags),
    );
    let first_session = data.sessions.keys().next().copied();
    let first_tag = data
        .tags
        .iter()
        .find(|(_, t)| !t.is_empty())
        .map(|(d, _)| *d);
    let mut out = Vec::with_capacity(data.nights.len());
    let mut previous: Option<&NightSummary> = None;
    for n in &data.nights {
        let prev = previous.filter(|p| p.night_of.succ_opt() == Some(n.night_of));
        previous = Some(n);
        if !usable(n.status) {
            continue;
        }
        // The kind of night before: cramps, cramp-free, or not logged / excluded.
        let kind = match prev.map(|p| p.status) {
            Some(NightStatus::Cramps) => 0,
            Some(NightStatus::None) => 1,
            _ => 2,
        };
        let d = n.night_of;
        let tight_before = prev.and_then(|p| match (p.tight_left, p.tight_right) {
            (Some(l), Some(r)) => Some(l.max(r)),
            (l, r) => l.or(r),
        });
        out.push(Row {
            cramps: n.cramps,
            stratum: ((month(d) - first_month) * 3 + kind) as u32,
            block: (month(d) - first_month) as u32,
            day: Day {
                tight_before,
                techniques: sessions
                    .get(d)
                    .map_or(0, |ts| ts.iter().fold(0, |b, t| b | technique_bit(*t))),
                sessions_recorded: first_session.is_some_and(|f| d >= f),
                context: context.get(d),
                tags: tags.get(d).map_or(&[], |t| t.as_slice()),
                tags_recorded: first_tag.is_some_and(|f| d >= f),
            },
        });
    }
    out
}

/// A day's entry in a map by date, for nights asked in date order: the walk moves on with
/// the nights instead of a tree lookup per night in each map; a date earlier than the last
/// one asked starts the walk again there.
struct ByDay<'a, V> {
    map: &'a BTreeMap<NaiveDate, V>,
    rest: std::iter::Peekable<std::collections::btree_map::Range<'a, NaiveDate, V>>,
    last: Option<NaiveDate>,
}

impl<'a, V> ByDay<'a, V> {
    fn new(map: &'a BTreeMap<NaiveDate, V>) -> Self {
        Self {
            map,
            rest: map.range(..).peekable(),
            last: None,
        }
    }

    fn get(&mut self, day: NaiveDate) -> Option<&'a V> {
        if self.last.is_some_and(|l| day < l) {
            self.rest = self.map.range(day..).peekable();
        }
        self.last = Some(day);
        while self.rest.next_if(|(d, _)| **d < day).is_some() {}
        self.rest
            .peek()
            .filter(|(d, _)| **d == day)
            .map(|(_, v)| *v)
    }
}

fn exposures(factor: &Factor, rows: &[Row]) -> Vec<Option<bool>> {
    rows.iter().map(|r| factor.exposure(&r.day)).collect()
}

/// The factor's counts, comparison and gate (the verdict comes after Holm's adjustment).
fn insight(factor: Factor, rows: &[Row]) -> FactorInsight {
    let mut with = Counts {
        cramps: 0,
        nights: 0,
    };
    let mut without = with;
    let mut obs = Vec::new();
    for r in rows {
        let Some(exposed) = factor.exposure(&r.day) else {
            continue;
        };
        let side = if exposed { &mut with } else { &mut without };
        side.nights += 1;
        side.cramps += r.cramps;
        obs.push(NightObs {
            stratum: r.stratum,
            cluster: r.block,
            exposed,
            cramps: r.cramps,
        });
    }
    let spread = compared(&obs);
    let gate = gate(&spread);
    let association = if gate.is_none() {
        stratified_rate_ratio(&obs)
    } else {
        None
    };
    let gate = gate.or_else(|| {
        association
            .is_none()
            .then(|| "no cramps on the nights compared yet, so there is nothing to compare".into())
    });
    FactorInsight {
        factor,
        with,
        without,
        compared_with: spread.with_nights,
        compared_without: spread.without_nights,
        association,
        p_adjusted: None,
        link: if gate.is_some() {
            Link::NotEnoughNights
        } else {
            Link::NoClearLink
        },
        gate,
    }
}

/// How many compared nights (in strata holding both kinds) there are on each side, and in
/// how many months.
struct Spread {
    with_nights: u32,
    without_nights: u32,
    with_months: u32,
    without_months: u32,
}

fn compared(obs: &[NightObs]) -> Spread {
    let top = obs.iter().map(|o| o.stratum as usize).max().unwrap_or(0);
    let mut both = vec![(false, false); top + 1];
    for o in obs {
        let e = &mut both[o.stratum as usize];
        if o.exposed {
            e.0 = true;
        } else {
            e.1 = true;
        }
    }
    let mut spread = Spread {
        with_nights: 0,
        without_nights: 0,
        with_months: 0,
        without_months: 0,
    };
    let (mut last_with, mut last_without) = (None, None);
    for o in obs
        .iter()
        .filter(|o| both[o.stratum as usize] == (true, true))
    {
        // Nights come in time order, so a new month shows as a new number.
        if o.exposed {
            spread.with_nights += 1;
            if last_with != Some(o.cluster) {
                spread.with_months += 1;
                last_with = Some(o.cluster);
            }
        } else {
            spread.without_nights += 1;
            if last_without != Some(o.cluster) {
                spread.without_months += 1;
                last_without = Some(o.cluster);
            }
        }
    }
    spread
}

/// The gate, in one sentence, when it is not met.
fn gate(s: &Spread) -> Option<String> {
    let enough = s.with_nights >= MIN_NIGHTS
        && s.without_nights >= MIN_NIGHTS
        && s.with_months >= MIN_MONTHS
        && s.without_months >= MIN_MONTHS;
    (!enough).then(|| {
        format!(
            "needs {MIN_NIGHTS} nights with it and {MIN_NIGHTS} without in months that have both, in {MIN_MONTHS} or more months each: so far such months hold {} with it (in {}) and {} without (in {})",
            s.with_nights,
            months(s.with_months),
            s.without_nights,
            months(s.without_months)
        )
    })
}

fn months(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

#[cfg(test)]
mod tests;
