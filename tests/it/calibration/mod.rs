//! Calibration of the daily line and the verdict by seeded simulation (issues 10 and 21).
//! Diaries are generated in memory under five models of how cramps come (`models`), in which
//! the routine does nothing; the pure analysis (`Dashboard::compute`, the one path of every
//! screen and format) reads each one on the morning after every whole routine week (the only
//! mornings the line can change), at the planned end, and after an early stop. Deterministic:
//! fixed seeds, no clock. The figures printed with `--nocapture` are the README's.

mod models;

use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::dashboard::{Dashboard, DashboardData};
use cramp_diary::analysis::phases::{NightSummary, PhaseStats};
use cramp_diary::analysis::rate::{Counts, Verdict, exact_interval};
use cramp_diary::analysis::verdict::{Assessment, Block, blocks_before, blocks_from};
use cramp_diary::analysis::weekly_ci::weekly_rate_ratio;
use cramp_diary::domain::routine::Routine;
use models::{BASELINE, Model, PRIOR, cramps, logged, rng};

/// The routine starts here (a Monday); the diary begins before it as each model needs.
fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 5).unwrap()
}

#[derive(Default, Debug, Clone)]
pub struct Tally {
    pub diaries: usize,
    /// The verdict the morning after the planned end is "fewer cramps".
    pub end_fewer: usize,
    /// Stopped the first morning the line said "fewer" (else run to the end): the verdict.
    pub stop_fewer: usize,
    /// The line left out "no change" (either side) on some morning; below it (said "fewer").
    pub line_excluded: usize,
    pub line_below: usize,
    /// Diaries with an interval at the end, and those whose interval held the true ratio.
    pub with_interval: usize,
    pub covered: usize,
    /// The regression-to-the-mean check fired, and of those the end verdict said "fewer".
    pub check_fired: usize,
    pub fired_fewer: usize,
    /// Issue 10's fixed-sample weekly interval, read on the same mornings, left out 1.
    pub fixed_excluded: usize,
    /// The former exact Poisson test at the end said "fewer".
    pub exact_fewer: usize,
    /// Issue 10's fixed-sample weekly interval, read once at the planned end, lay below 1
    /// (the verdict before issue 21: the power it is the cost against).
    pub fixed_end_fewer: usize,
}

impl Tally {
    pub fn pct(&self, n: usize) -> f64 {
        n as f64 * 100.0 / self.diaries.max(1) as f64
    }

    pub fn coverage(&self) -> f64 {
        self.covered as f64 * 100.0 / self.with_interval.max(1) as f64
    }

    pub fn fired_fewer_pct(&self) -> f64 {
        self.fired_fewer as f64 * 100.0 / self.check_fired.max(1) as f64
    }

    pub fn line(&self, model: Model, weeks: u8, effect: f64) -> String {
        format!(
            "{:<36} {weeks:>2} wk x{effect}: end fewer {:5.1}% · stopped fewer {:5.1}% · line excludes 1 {:5.1}% (below {:4.1}%) · coverage {:5.1}% · check fired {:5.1}% (fewer then {:4.1}%) · fixed weekly CI excludes 1 {:5.1}% (at the end below {:4.1}%) · exact test fewer {:5.1}%",
            model.name(),
            self.pct(self.end_fewer),
            self.pct(self.stop_fewer),
            self.pct(self.line_excluded),
            self.pct(self.line_below),
            self.coverage(),
            self.pct(self.check_fired),
            self.fired_fewer_pct(),
            self.pct(self.fixed_excluded),
            self.pct(self.fixed_end_fewer),
            self.pct(self.exact_fewer),
        )
    }
}

fn week_counts(blocks: &[Block]) -> Vec<cramp_diary::analysis::weekly_ci::WeekCount> {
    blocks.iter().map(Block::count).collect()
}

/// One diary, one planned length: every reading the tally needs.
fn one(
    model: Model,
    weeks: u8,
    effect: f64,
    rng: &mut proptest::test_runner::TestRng,
    t: &mut Tally,
) {
    let history = if model.has_history() { PRIOR } else { 0 };
    let r = Routine::new(start(), weeks, 5, BASELINE as u16);
    let first = r.baseline_start() - Duration::days(history);
    let counts = cramps(model, r.planned_days(), effect, rng);
    let all = logged(&counts, first, rng);
    let (before, nights): (Vec<NightSummary>, Vec<NightSummary>) = all
        .into_iter()
        .partition(|n| n.night_of < r.baseline_start());
    let data = DashboardData {
        nights,
        before_baseline: before,
        ..Default::default()
    };
    let read = |r: &Routine, due: NaiveDate| {
        Dashboard::compute(Some(r), due + Duration::days(1), due, &data)
    };
    t.diaries += 1;
    let base = blocks_before(&data.nights, r.baseline_start(), r.start);
    let baseline = PhaseStats::compute(r.baseline_start(), r.baseline_end(), &data.nights);
    let mut stop = None;
    let mut excluded = false;
    let mut below = false;
    let mut fixed = false;
    for k in 1..=i64::from(weeks) {
        let due = r.start + Duration::days(7 * k - 1);
        // The dashboard's ratio is the assessment's: read it without drawing the rest.
        let during = PhaseStats::compute(r.start, due, &data.nights);
        let a = Assessment::compute(
            &r,
            due,
            &baseline,
            &during,
            &data.nights,
            &data.before_baseline,
        );
        if let Some(q) = a.ratio {
            excluded |= q.interval.hi < 1.0 || q.interval.lo > 1.0;
            below |= q.interval.hi < 1.0;
            if q.interval.hi < 1.0 && stop.is_none() {
                stop = Some(due);
            }
        }
        let so_far = blocks_from(&data.nights, r.start, due);
        let w = weekly_rate_ratio(&week_counts(&base), &week_counts(&so_far));
        fixed |= w.is_some_and(|w| w.hi < 1.0 || w.lo > 1.0);
        if k == i64::from(weeks) {
            t.fixed_end_fewer += usize::from(w.is_some_and(|w| w.hi < 1.0));
        }
    }
    let end = read(&r, r.end());
    let fewer = end.verdict() == Verdict::FewerCramps;
    t.end_fewer += usize::from(fewer);
    t.line_excluded += usize::from(excluded);
    t.line_below += usize::from(below);
    t.fixed_excluded += usize::from(fixed);
    if let Some(q) = end.ratio() {
        t.with_interval += 1;
        t.covered += usize::from(q.interval.lo <= effect && effect <= q.interval.hi);
    }
    if end
        .assessment
        .as_ref()
        .and_then(|a| a.baseline_check)
        .is_some_and(|c| c.unusually_bad)
    {
        t.check_fired += 1;
        t.fired_fewer += usize::from(fewer);
    }
    t.stop_fewer += usize::from(match stop {
        Some(day) if day < r.end() => {
            let mut stopped = r.clone();
            stopped.stopped_on = Some(day);
            read(&stopped, day).verdict() == Verdict::FewerCramps
        }
        _ => fewer,
    });
    if let (Some(b), Some(p)) = (&end.baseline, &end.routine_phase) {
        let exact = exact_interval(
            Counts {
                cramps: b.cramps,
                nights: b.logged,
            },
            Counts {
                cramps: p.cramps,
                nights: p.logged,
            },
        );
        t.exact_fewer += usize::from(exact.is_some_and(|(_, hi)| hi.is_some_and(|hi| hi < 1.0)));
    }
}

pub fn simulate(model: Model, weeks: u8, effect: f64, diaries: usize, seed: u64) -> Tally {
    let mut rng = rng(seed);
    let mut t = Tally::default();
    for _ in 0..diaries {
        one(model, weeks, effect, &mut rng, &mut t);
    }
    eprintln!("{}", t.line(model, weeks, effect));
    t
}

const NULL_MODELS: [Model; 5] = [
    Model::Poisson,
    Model::SeveralANight,
    Model::Spells,
    Model::AfterABadFortnight,
    Model::Drift,
];

/// Diaries per model and planned length in `cargo test` (the ignored run uses more).
const DIARIES: usize = 2_000;

/// A simulated share (`percent`) is at least `floor`; the failure says what was measured.
#[track_caller]
fn at_least(percent: f64, floor: f64, what: &str) {
    assert!(percent >= floor, "{what} {percent:.1}% (at least {floor}%)");
}

/// A simulated share (`percent`) is at most `ceiling`; the failure says what was measured.
#[track_caller]
fn at_most(percent: f64, ceiling: f64, what: &str) {
    assert!(
        percent <= ceiling,
        "{what} {percent:.1}% (at most {ceiling}%)"
    );
}

#[test]
fn a_routine_that_does_nothing_rarely_says_fewer_however_it_is_read() {
    for (i, model) in NULL_MODELS.into_iter().enumerate() {
        for weeks in [4u8, 6, 8] {
            let t = simulate(
                model,
                weeks,
                1.0,
                DIARIES,
                100 + 10 * i as u64 + u64::from(weeks),
            );
            let what = format!("{} {weeks} weeks", model.name());
            at_most(
                t.pct(t.end_fewer),
                5.0,
                &format!("{what}: false fewer at the end"),
            );
            at_most(
                t.pct(t.stop_fewer),
                5.0,
                &format!("{what}: false fewer after an early stop"),
            );
            at_most(
                t.pct(t.line_excluded),
                5.0,
                &format!("{what}: the line left out no change on some morning in"),
            );
            if model.has_history() {
                at_least(
                    t.pct(t.check_fired),
                    50.0,
                    &format!("{what}: the check fired in only"),
                );
                at_most(
                    t.fired_fewer_pct(),
                    5.0,
                    &format!("{what}: with the check firing, fewer"),
                );
            }
            if model == Model::Spells {
                at_least(t.coverage(), 93.0, &format!("{what}: coverage"));
                // The same diaries read with issue 10's fixed-sample interval every morning:
                // far too often "changed". This is what the sequence replaced (the test can fail).
                at_least(
                    t.pct(t.fixed_excluded),
                    12.0,
                    &format!("{what}: the fixed interval excluded 1 in only"),
                );
            }
        }
    }
}

/// Two standard errors of a share near `p` over `n` diaries, in percentage points.
fn two_se(p: f64, n: usize) -> f64 {
    200.0 * (p * (1.0 - p) / n as f64).sqrt()
}

#[test]
fn a_twelve_week_routine_keeps_the_level_where_nothing_changes() {
    // The looks are planned with the routine's length: a 12-week routine has 12 of them. The
    // README's 10,000-diary figures are 1.2-2.6% false "fewer" at the end and 2.1-4.8% after
    // an early stop; here 2,000 diaries, so the bound is the target plus two standard errors.
    // (Drift is left out: over 16 weeks it is a real 17% fall, which a longer routine is
    // rightly more likely to see; the README gives its figures.)
    let n = 2_000;
    let bound = 5.0 + two_se(0.05, n);
    for (i, model) in [Model::Spells, Model::SeveralANight]
        .into_iter()
        .enumerate()
    {
        let t = simulate(model, 12, 1.0, n, 500 + i as u64);
        let what = format!("{} 12 weeks", model.name());
        for (name, share) in [
            ("false fewer at the end", t.pct(t.end_fewer)),
            ("false fewer after an early stop", t.pct(t.stop_fewer)),
            (
                "the line below no change on some morning",
                t.pct(t.line_below),
            ),
        ] {
            assert!(
                share <= bound,
                "{what}: {name} {share:.1}% (bound {bound:.1}%)"
            );
        }
        at_least(t.coverage(), 93.0, &format!("{what}: coverage"));
    }
}

#[test]
fn a_true_halving_is_found_in_a_reported_share_and_its_interval_covers_it() {
    // The cost of honesty (README): today's fixed 4-week interval said "fewer" for a halving
    // at 5 cramps a week in 28% of diaries.
    let t = simulate(Model::Poisson75, 4, 0.5, DIARIES, 301);
    at_least(t.pct(t.end_fewer), 12.0, "power");
    at_least(t.coverage(), 95.0, "coverage of 0.5:");
    let t = simulate(Model::Spells, 4, 0.5, DIARIES, 302);
    at_least(t.pct(t.end_fewer), 3.0, "power under spells");
    at_least(t.coverage(), 93.0, "coverage of 0.5 under spells:");
}

#[test]
fn the_stated_power_matches_the_simulated_power() {
    // `Detectable` predicts, from each diary's own baseline, how often a halving is found;
    // averaged over diaries it must agree with what the simulation finds.
    let mut rng = rng(401);
    let (mut predicted, mut found, mut n) = (0.0, 0usize, 0usize);
    for _ in 0..DIARIES {
        let r = Routine::new(start(), 4, 5, BASELINE as u16);
        let counts = cramps(Model::Poisson75, r.planned_days(), 0.5, &mut rng);
        let nights = logged(&counts, r.baseline_start(), &mut rng);
        let data = DashboardData {
            nights,
            ..Default::default()
        };
        let d = Dashboard::compute(Some(&r), r.end() + Duration::days(1), r.end(), &data);
        if let Some(x) = d.assessment.as_ref().and_then(|a| a.detectable) {
            predicted += x.halving_power;
            found += usize::from(d.verdict() == Verdict::FewerCramps);
            n += 1;
        }
    }
    let (predicted, found) = (
        predicted * 100.0 / n as f64,
        found as f64 * 100.0 / n as f64,
    );
    eprintln!(
        "halving at 5 a week, 4 weeks: stated {predicted:.1}% · found {found:.1}% ({n} diaries with a reachable verdict)"
    );
    assert!(
        (predicted - found).abs() <= 8.0,
        "stated {predicted:.1}% against found {found:.1}%"
    );
}

/// The README's tables: every model, planned lengths 4 to 12 weeks, 10,000 diaries each.
/// `cargo test --release --test it calibration::large -- --ignored --nocapture` (this and the
/// power run below).
#[test]
#[ignore]
fn large() {
    let models = [
        Model::Poisson,
        Model::SeveralANight,
        Model::Spells,
        Model::AfterABadFortnight,
        Model::AfterABadFortnightPoisson,
        Model::Drift,
    ];
    for (i, model) in models.into_iter().enumerate() {
        for weeks in [4u8, 6, 8, 10, 12] {
            simulate(
                model,
                weeks,
                1.0,
                10_000,
                1_000 + 20 * i as u64 + u64::from(weeks),
            );
        }
    }
}

/// The README's power figures: a true halving at 4 weeks, 10,000 diaries a model, with the
/// power of issue 10's fixed 4-week interval on the same diaries beside it.
#[test]
#[ignore]
fn large_power() {
    for (i, model) in [
        Model::Poisson75,
        Model::Poisson,
        Model::SeveralANight,
        Model::Spells,
    ]
    .into_iter()
    .enumerate()
    {
        simulate(model, 4, 0.5, 10_000, 2_000 + i as u64);
    }
}
