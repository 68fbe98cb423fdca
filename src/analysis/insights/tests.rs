use super::*;
use crate::domain::dates::day;

fn night(d: NaiveDate, cramps: u32) -> NightSummary {
    NightSummary::counted(d, cramps)
}

/// The diary `tools/insights_reference.py` made, read as the app reads a diary.
fn reference_diary() -> InsightData {
    let mut data = InsightData::default();
    for line in include_str!("../../../tools/insights_reference.csv")
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split(',').collect();
        let d = day(f[0]);
        let status = NightStatus::parse(f[1]).expect("a status");
        let score = |s: &str| (!s.is_empty()).then(|| s.parse::<u8>().expect("0-10"));
        data.nights.push(NightSummary {
            status,
            tight_left: score(f[3]),
            tight_right: score(f[4]),
            ..night(d, f[2].parse().expect("a count"))
        });
        if !f[5].is_empty() {
            data.tags
                .insert(d, f[5].split(';').map(str::to_string).collect());
        }
    }
    data
}

#[test]
fn reference_values_from_statsmodels() {
    // Printed by tools/insights_reference.py: statsmodels 0.15.0 GLM Poisson with C(stratum),
    // then CR2 by month and Bell-McCaffrey degrees of freedom from the general matrix formulas
    // (NumPy, SciPy): estimate, lo, hi, p, df, compared nights.
    let want = [
        (
            "tightness",
            1.146030,
            0.629715,
            2.085680,
            0.578411,
            4.702369,
            138,
        ),
        (
            "tag:alcohol",
            1.796272,
            1.225107,
            2.633723,
            0.007245,
            8.799151,
            255,
        ),
    ];
    let insights = Insights::compute(&reference_diary());
    for (key, est, lo, hi, p, df, n) in want {
        let f = insights.factor(key).expect(key);
        let a = f.association.expect("an interval");
        let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
        assert!(
            close(a.estimate, est)
                && close(a.lo, lo)
                && close(a.hi, hi)
                && close(a.p, p)
                && close(a.df, df),
            "{key}: {a:?}"
        );
        assert_eq!(a.nights, n, "{key}");
    }
}

/// A year from 2025-01-01, every night logged: cramps from `cramps(i)`, the previous morning's
/// tightness `tight(i)` (logged with night `i`), tags from `tags(i)`.
fn year(
    cramps: impl Fn(i64) -> u32,
    tight: impl Fn(i64) -> Option<u8>,
    tags: impl Fn(i64) -> Vec<&'static str>,
) -> InsightData {
    let mut data = InsightData::default();
    for i in 0..365 {
        let d = day("2025-01-01") + chrono::Duration::days(i);
        let t = tight(i);
        data.nights.push(NightSummary {
            tight_left: t,
            tight_right: t.map(|t| t.saturating_sub(2)),
            ..night(d, cramps(i))
        });
        let tags = tags(i);
        if !tags.is_empty() {
            data.tags
                .insert(d, tags.into_iter().map(str::to_string).collect());
        }
    }
    data
}

/// A fixed, irregular pattern: 0-3 cramps, spells of a few nights.
fn noise(i: i64) -> u32 {
    [0, 1, 0, 0, 2, 1, 0, 3, 1, 0, 0, 1, 2, 0][(i * 5 % 14) as usize]
}

#[test]
fn tightness_is_the_morning_before_the_night() {
    // The morning after night 0 is tight (8), after night 1 not (2): night 1 is "with", night
    // 2 "without", night 0 has no morning before it.
    let mut data = InsightData::default();
    for (i, (c, t)) in [(0, 8), (3, 2), (1, 2)].into_iter().enumerate() {
        data.nights.push(NightSummary {
            tight_left: Some(t),
            ..night(day("2025-03-01") + chrono::Duration::days(i as i64), c)
        });
    }
    let f = Insights::compute(&data);
    let t = f.factor("tightness").expect("tightness is always shown");
    assert_eq!((t.with.nights, t.with.cramps), (1, 3));
    assert_eq!((t.without.nights, t.without.cramps), (1, 1));
    assert_eq!(t.link, Link::NotEnoughNights);
}

#[test]
fn the_gate_names_what_is_missing_in_one_sentence() {
    let data = year(
        noise,
        |_| None,
        |i| if i % 40 == 0 { vec!["heat"] } else { vec![] },
    );
    let f = Insights::compute(&data);
    let heat = f.factor("tag:heat").expect("a tag used is shown");
    assert_eq!(heat.link, Link::NotEnoughNights);
    let gate = heat.gate.as_deref().expect("a reason");
    assert!(
        gate.starts_with(
            "needs 10 nights with it and 10 without in months that have both, in 4 or more months each"
        ) && gate.contains("so far such months hold 9 with it"),
        "{gate}"
    );
    assert_eq!(heat.association, None);
    assert_eq!(f.tested, 0);
}

#[test]
fn a_strong_tag_is_linked_and_listed_first_after_holm() {
    // Alcohol on every fourth night brings two more cramps; heat on every third does nothing.
    let data = year(
        |i| noise(i) + if i % 4 == 0 { 2 } else { 0 },
        |i| Some((i % 9) as u8),
        |i| {
            let mut t = Vec::new();
            if i % 4 == 0 {
                t.push("alcohol");
            }
            if i % 3 == 0 {
                t.push("heat");
            }
            t
        },
    );
    let f = Insights::compute(&data);
    let first = &f.factors[0];
    assert_eq!(first.factor, Factor::Tag("alcohol".into()));
    assert_eq!(first.link, Link::Linked);
    assert_eq!(first.direction(), Some("more cramps"));
    let a = first.association.expect("an interval");
    assert!(a.lo > 1.0 && a.estimate > 2.0, "{a:?}");
    let adjusted = first.p_adjusted.expect("tested");
    assert!(adjusted >= a.p && adjusted <= LEVEL);
    let heat = f.factor("tag:heat").expect("shown");
    assert_eq!(heat.link, Link::NoClearLink);
    // Tightness and the two tags are tested; the rest have no data.
    assert_eq!(f.tested, 3);
    assert_eq!(f.usable_nights, 365);
}

#[test]
fn tags_count_from_the_first_tagged_night_only() {
    let data = year(
        noise,
        |_| None,
        |i| {
            if i >= 100 && i % 2 == 0 {
                vec!["alcohol"]
            } else {
                vec![]
            }
        },
    );
    let f = Insights::compute(&data);
    let a = f.factor("tag:alcohol").expect("shown");
    assert_eq!(a.with.nights + a.without.nights, 265);
}

#[test]
fn nothing_measured_after_the_night_began_is_a_factor() {
    let mut data = year(noise, |_| Some(3), |_| vec!["alcohol"]);
    data.sessions
        .insert(day("2025-02-01"), vec![Technique::FoamRoller]);
    data.context
        .insert(day("2025-02-01"), DailyContext::default());
    let keys: Vec<String> = Insights::compute(&data)
        .factors
        .iter()
        .map(|f| f.factor.key())
        .collect();
    assert!(
        keys.iter()
            .all(|k| !k.contains("sleep") && !k.contains("soreness") && !k.contains("woke")),
        "{keys:?}"
    );
    // Foam rolling was the only deep-tissue technique: it would repeat the deep-tissue line.
    assert!(keys.contains(&"deep-tissue".to_string()));
    assert!(
        !keys.contains(&"technique:foam-roller".to_string()),
        "{keys:?}"
    );
}

#[test]
fn an_empty_diary_has_factors_and_no_verdicts() {
    let f = Insights::compute(&InsightData::default());
    assert_eq!(f.tested, 0);
    assert_eq!(f.usable_nights, 0);
    assert!(f.factors.iter().all(|f| f.link == Link::NotEnoughNights));
    assert!(f.factor("tightness").is_some());
}

#[test]
fn a_day_is_found_whatever_order_the_nights_are_asked_in() {
    let map: BTreeMap<NaiveDate, u32> = [("2026-01-01", 1), ("2026-01-03", 3), ("2026-01-05", 5)]
        .into_iter()
        .map(|(d, v)| (day(d), v))
        .collect();
    let mut walk = ByDay::new(&map);
    let asked = [
        "2026-01-03",
        "2026-01-03",
        "2026-01-04",
        "2026-01-05",
        "2026-01-06",
    ];
    let found: Vec<Option<u32>> = asked.iter().map(|d| walk.get(day(d)).copied()).collect();
    assert_eq!(found, [Some(3), Some(3), None, Some(5), None]);
    // Back in time: the walk starts again there.
    assert_eq!(walk.get(day("2026-01-01")), Some(&1));
    assert_eq!(walk.get(day("2025-12-31")), None);
    assert_eq!(walk.get(day("2026-01-05")), Some(&5));
}
