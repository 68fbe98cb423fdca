//! Issue 10's data rules and wording on whole diaries: each rule that holds a verdict back says
//! which rule and what would fix it; the placebo comparison, the regression-to-the-mean
//! warning and the see-a-professional suggestion appear exactly when they should.

use crate::common::dates::day;
use crate::common::records::summary;
use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::adherence::DaySessions;
use cramp_diary::analysis::dashboard::{Dashboard, DashboardData};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::analysis::rate::Verdict;
use cramp_diary::analysis::verdict::BIG_FALL;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::routine::Routine;
use std::collections::BTreeMap;

/// `count` nights from `from`, night `i` with `cramps(i)` cramps (None = not logged).
fn nights(from: NaiveDate, count: i64, cramps: impl Fn(i64) -> Option<u32>) -> Vec<NightSummary> {
    (0..count)
        .filter_map(|i| cramps(i).map(|c| summary(from + Duration::days(i), c)))
        .collect()
}

/// A 4-week routine from Mon 12 Oct 2026 (over on the night of Sun 8 Nov).
fn routine(baseline_nights: u16) -> Routine {
    Routine::new(day("2026-10-12"), 4, 5, baseline_nights)
}

/// Baseline and routine nights with the given cramps a night (every night logged).
fn diary(
    r: &Routine,
    before: impl Fn(i64) -> Option<u32>,
    during: impl Fn(i64) -> Option<u32>,
) -> DashboardData {
    let mut all = nights(r.baseline_start(), i64::from(r.baseline_nights), before);
    all.extend(nights(r.start, 28, during));
    DashboardData {
        nights: all,
        ..Default::default()
    }
}

fn deep(n: u32) -> DaySessions {
    DaySessions { deep: n, other: 0 }
}

fn every_day(r: &Routine) -> BTreeMap<NaiveDate, DaySessions> {
    (0..28)
        .map(|i| (r.start + Duration::days(i), deep(1)))
        .collect()
}

/// The morning after the routine's last night.
fn after(r: &Routine, data: &DashboardData) -> Dashboard {
    morning_after(r, data, r.end())
}

/// The dashboard on the morning after the night of `night` (today is the next day).
fn morning_after(r: &Routine, data: &DashboardData, night: NaiveDate) -> Dashboard {
    Dashboard::compute(Some(r), night + Duration::days(1), night, data)
}

fn reason(d: &Dashboard) -> &str {
    d.verdict_reason().unwrap_or("")
}

/// A 28-night baseline of 2 cramps a night, then a routine with none, where the nights `excluded`
/// picks (by days from the routine's start) are excluded: the dashboard after it.
fn fall_with_nights_excluded(excluded: impl Fn(i64) -> bool) -> Dashboard {
    let r = routine(28);
    let mut data = diary(&r, |_| Some(2), |_| Some(0));
    for n in data.nights.iter_mut() {
        if excluded((n.night_of - r.start).num_days()) {
            n.status = NightStatus::Excluded;
        }
    }
    after(&r, &data)
}

/// The verdict is "not enough data", and its reason starts with `start`.
#[track_caller]
fn not_enough_data_starting(d: &Dashboard, start: &str) {
    assert_eq!(
        d.verdict(),
        Verdict::NotEnoughData,
        "{:?}",
        d.verdict_reason()
    );
    assert!(reason(d).starts_with(start), "{}", reason(d));
}

/// The verdict is "not enough data", and its reason holds `part`.
#[track_caller]
fn not_enough_data_holding(d: &Dashboard, part: &str) {
    assert_eq!(
        d.verdict(),
        Verdict::NotEnoughData,
        "{:?}",
        d.verdict_reason()
    );
    assert!(reason(d).contains(part), "{}", reason(d));
}

/// The verdict is "not enough data", for the reason `why` (the whole sentence).
#[track_caller]
fn not_enough_data(d: &Dashboard, why: &str) {
    assert_eq!(
        d.verdict(),
        Verdict::NotEnoughData,
        "{:?}",
        d.verdict_reason()
    );
    assert_eq!(reason(d), why);
}

#[test]
fn a_baseline_shorter_than_four_weeks_gives_no_verdict() {
    let r = routine(21);
    let d = after(&r, &diary(&r, |_| Some(2), |_| Some(0)));
    not_enough_data_starting(&d, "baseline shorter than 4 weeks");
    assert!(
        d.baseline.as_ref().unwrap().rate_per_week.is_some(),
        "the rates are still shown"
    );
    assert_eq!(d.ratio(), None, "but no line: no verdict can come from it");
    let r = routine(28);
    assert_eq!(
        after(&r, &diary(&r, |_| Some(2), |_| Some(0))).verdict(),
        Verdict::FewerCramps
    );
}

#[test]
fn too_few_baseline_cramps_say_that_even_stopping_could_be_chance() {
    let r = routine(28);
    // 6 cramps in the baseline, none during: a complete stop that proves nothing.
    let d = after(
        &r,
        &diary(&r, |i| Some(u32::from(i % 5 == 0 && i < 30)), |_| Some(0)),
    );
    assert_eq!(d.baseline.as_ref().unwrap().cramps, 6);
    not_enough_data_starting(
        &d,
        "your baseline had 6 cramps; with so few, even stopping completely could be chance",
    );
}

#[test]
fn a_week_with_three_logged_nights_gives_no_verdict_and_names_the_week() {
    let r = routine(28);
    // Routine week 2 (19-25 Oct) logged on 3 nights only; coverage stays above 75% (24/28).
    let d = after(
        &r,
        &diary(&r, |_| Some(1), |i| (!(7..11).contains(&i)).then_some(0)),
    );
    assert!(d.routine_phase.as_ref().unwrap().coverage >= 0.75);
    not_enough_data_holding(
        &d,
        "the routine week from Mon 19 Oct had only 3 usable nights (4 needed in every week): log the nights you remember",
    );
}

#[test]
fn low_coverage_in_a_phase_gives_no_verdict() {
    let r = routine(28);
    // Baseline logged on 20 of 28 nights (71%), spread so every week has 4+ nights.
    let d = after(&r, &diary(&r, |i| (i % 7 < 5).then_some(1), |_| Some(0)));
    not_enough_data_holding(&d, "only 71% of baseline nights are logged (75% needed)");
}

#[test]
fn no_verdict_before_the_routine_is_complete_then_one_on_the_morning_after() {
    let r = routine(28);
    let data = diary(&r, |_| Some(2), |_| Some(0));
    let running = morning_after(&r, &data, day("2026-11-07"));
    assert_eq!(running.verdict(), Verdict::TooEarly);
    assert!(running.provisional() && running.ratio().unwrap().interval.hi < 1.0);
    assert_eq!(
        reason(&running),
        "the routine is not over; verdict on Mon 9 Nov 2026"
    );
    let over = after(&r, &data);
    assert_eq!(over.verdict(), Verdict::FewerCramps);
    assert!(!over.provisional());
}

#[test]
fn a_routine_stopped_early_needs_four_complete_weeks() {
    let mut r = Routine::new(day("2026-10-12"), 6, 5, 28);
    r.stopped_on = Some(day("2026-10-27")); // 16 days: 2 complete weeks
    let data = diary(&r, |_| Some(2), |_| Some(0));
    let d = after(&r, &data);
    not_enough_data_holding(
        &d,
        "stopped after 2 complete weeks; a verdict needs at least 4",
    );
    r.stopped_on = Some(day("2026-11-08")); // 4 complete weeks of 6
    let d = after(&r, &data);
    assert_eq!(
        d.verdict(),
        Verdict::FewerCramps,
        "{:?}",
        d.verdict_reason()
    );
}

#[test]
fn only_a_fall_whose_interval_ends_below_070_is_called_bigger_than_placebo() {
    let r = routine(28);
    // 2 a night against none: the interval's upper end is far below 0.70.
    let d = after(&r, &diary(&r, |_| Some(2), |_| Some(0)));
    assert!(d.ratio().unwrap().interval.hi < 0.70);
    assert!(
        d.verdict_words().ends_with(BIG_FALL),
        "{}",
        d.verdict_words()
    );
    // 3 a night against 2: clearly fewer, but not clearly more than placebo groups see.
    let d = after(&r, &diary(&r, |_| Some(3), |_| Some(2)));
    assert_eq!(d.verdict(), Verdict::FewerCramps);
    assert!(d.ratio().unwrap().interval.hi >= 0.70, "{:?}", d.ratio());
    assert_eq!(
        d.verdict_words(),
        "fewer cramps than in your baseline weeks"
    );
}

#[test]
fn a_kept_routine_that_cannot_rule_out_a_sub_placebo_fall_suggests_a_professional_whatever_the_verdict()
 {
    let r = routine(28);
    // "Fewer cramps", but the interval reaches above 0.72 (a fall smaller than 28%).
    let mut data = diary(&r, |_| Some(3), |_| Some(2));
    data.sessions_by_day = every_day(&r);
    let d = after(&r, &data);
    assert_eq!(d.verdict(), Verdict::FewerCramps);
    assert!(d.ratio().unwrap().interval.hi >= 0.72);
    assert!(d.see_professional.is_some());
    // A fall that rules out less than placebo: no referral.
    let mut data = diary(&r, |_| Some(2), |_| Some(0));
    data.sessions_by_day = every_day(&r);
    assert_eq!(after(&r, &data).see_professional, None);
    // Not kept to: no referral either.
    let d = after(&r, &diary(&r, |_| Some(3), |_| Some(2)));
    assert_eq!(d.see_professional, None);
}

#[test]
fn a_baseline_after_a_calm_spell_of_logged_weeks_warns_of_regression_to_the_mean() {
    let r = routine(28);
    let mut data = diary(&r, |_| Some(2), |_| Some(1));
    let before = r.baseline_start() - Duration::days(56);
    // 8 calm weeks before the baseline: 1 cramp a week.
    data.before_baseline = nights(before, 56, |i| Some(u32::from(i % 7 == 0)));
    let d = after(&r, &data);
    let warning = d
        .assessment
        .as_ref()
        .unwrap()
        .baseline_warning
        .clone()
        .unwrap_or_default();
    assert!(
        warning.starts_with("Your baseline was unusually bad (the 14 nights before the start had 14.0 cramps a week; 3 in 4 fortnights of the 8 weeks before had 1.0 or fewer), so the routine is compared with all 12 weeks before it (5.3 a week) instead"),
        "{warning}"
    );
    // The verdict compares with all 12 weeks: 8 at 1 a week and 4 at 14 a week.
    let reference = &d.assessment.as_ref().unwrap().reference;
    assert!(reference.longer && reference.weeks() == 12 && reference.nights == 84);
    assert!(
        (reference.rate_per_week.unwrap() - 64.0 / 12.0).abs() < 1e-9,
        "{reference:?}"
    );
    // Only 3 of those weeks logged: not enough to judge, no warning.
    data.before_baseline = nights(before, 56, |i| (i >= 35).then_some(u32::from(i % 7 == 0)));
    assert_eq!(after(&r, &data).assessment.unwrap().baseline_warning, None);
    // As bad before as during the baseline: no warning.
    data.before_baseline = nights(before, 56, |_| Some(2));
    assert_eq!(after(&r, &data).assessment.unwrap().baseline_warning, None);
}

#[test]
fn the_design_says_what_it_can_detect_from_the_baseline() {
    let r = routine(28);
    // 3 cramps a week, evenly spread.
    let d = after(&r, &diary(&r, |i| Some(u32::from(i % 7 < 3)), |_| Some(0)));
    let x = d.assessment.unwrap().detectable.unwrap();
    assert!((x.rate_per_week - 3.0).abs() < 1e-9);
    assert!(
        x.sentence()
            .contains("detects a halving only about 3 times in 10"),
        "{}",
        x.sentence()
    );
}

#[test]
fn a_baseline_that_rules_out_a_verdict_gives_no_daily_line() {
    // A 21-night baseline fails a data rule: while the routine runs there is no line to read
    // (it could never become a verdict), and the reason says why.
    let r = routine(21);
    let data = diary(&r, |_| Some(2), |_| Some(0));
    let running = morning_after(&r, &data, day("2026-10-26"));
    assert_eq!(running.verdict(), Verdict::NotEnoughData);
    assert_eq!(running.ratio(), None);
    assert!(!running.provisional());
    assert!(reason(&running).starts_with("baseline shorter than 4 weeks"));
    assert_eq!(
        running.assessment.unwrap().detectable,
        None,
        "no power sentence where no verdict can be"
    );
}

#[test]
fn the_daily_line_changes_only_when_a_whole_week_is_over_and_is_the_verdict_at_the_end() {
    let r = routine(28);
    let data = diary(
        &r,
        |i| Some(u32::from(i % 2 == 0) * 2),
        |i| Some(u32::from(i % 3 == 0)),
    );
    let on = |due: &str| morning_after(&r, &data, day(due));
    // Before the first whole week: no line yet, and the morning it comes is known.
    let first = on("2026-10-17");
    assert_eq!(first.ratio(), None);
    assert_eq!(
        first.assessment.map(|a| a.first_look),
        Some(day("2026-10-18"))
    );
    // Every morning of the second week shows the same line: the one after week 1.
    let lines: Vec<_> = ["2026-10-18", "2026-10-20", "2026-10-24"]
        .iter()
        .map(|d| on(d).ratio().unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| *l == lines[0] && l.look == 1 && l.looks == 4)
    );
    assert_eq!(lines[0].through, day("2026-10-18"));
    assert!(!on("2026-10-17").provisional() && on("2026-10-20").provisional());
    // The last morning's line is the verdict's interval.
    let last = on("2026-11-08");
    assert_eq!(last.ratio().unwrap().look, 4);
    assert_eq!(last.verdict(), last.ratio().unwrap().verdict());
    assert!(!last.provisional());
}

#[test]
fn a_week_of_three_usable_and_four_excluded_nights_does_not_pass() {
    // Issue 21 item 7: "logged" means usable, as everywhere else; the reason says what is true.
    not_enough_data(
        &fall_with_nights_excluded(|i| (7..11).contains(&i)),
        "the routine week from Mon 19 Oct had only 3 usable nights and 4 excluded (4 needed in every week): excluded nights cannot count",
    );
}

#[test]
fn a_routine_whose_every_night_is_excluded_says_so_not_log_them() {
    not_enough_data(
        &fall_with_nights_excluded(|i| i >= 0),
        "every routine night so far is excluded, so there is nothing to compare",
    );
}

#[test]
fn a_routine_crammed_into_a_few_days_is_not_kept_to_for_the_referral() {
    // Issue 10: "a routine kept to (80% of target days)". 20 sessions, the target's count,
    // done on only 4 of the 20 target days, is not a routine kept to.
    let r = routine(28);
    let mut data = diary(&r, |_| Some(3), |_| Some(2));
    data.sessions_by_day = (0..4)
        .map(|i| (r.start + Duration::days(i * 7), deep(5)))
        .collect();
    let d = after(&r, &data);
    assert!(d.ratio().unwrap().interval.hi >= 0.72);
    assert_eq!(d.see_professional, None, "{:?}", d.see_professional);
    // The same 20 sessions on 20 different days are.
    data.sessions_by_day = (0..20)
        .map(|i| (r.start + Duration::days(i), deep(1)))
        .collect();
    assert!(after(&r, &data).see_professional.is_some());
}
