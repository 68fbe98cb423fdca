//! The therapist report: self-contained, the same numbers as `cramp report --format json`, and
//! everything the issue lists on the page.

use crate::common::dates::day;
use crate::common::diary::Diary;
use crate::common::stamp;
use chrono::NaiveDate;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::session::SideEffect;
use cramp_diary::export::html::{Report, esc, render};
use cramp_diary::store::Store;
use serde_json::Value;

const TODAY: &str = "2026-11-23";
const LAST_NIGHT: &str = "2026-11-22";
const START: &str = "2026-10-12";
const SCRIPT: &str = "<script>alert(1)</script>";

/// Nine and a half weeks of made-up nights (some unlogged, some excluded), a finished
/// four-week routine from 12 Oct, sessions with a side effect, a medication change.
fn diary(with_routine: bool) -> Diary {
    let diary = Diary::new();
    let mut plan = cramp_diary::demo::Plan::years(1, day(LAST_NIGHT));
    plan.first = day("2026-09-14");
    plan.routine = with_routine.then(|| Routine::new(day(START), 4, 5, 28));
    (plan.rate_before, plan.rate_during, plan.rate_after) = (1.1, 0.4, 0.4);
    (plan.missing, plan.excluded, plan.session_chance_otherwise) = (0.05, 0.03, 0.1);
    let mut batch = cramp_diary::demo::batch(&plan);
    let first_in_routine = batch
        .sessions
        .iter()
        .position(|s| s.at.date() >= day(START))
        .unwrap();
    batch.sessions[first_in_routine].side_effects = vec![SideEffect::Bruising];
    batch.sessions[first_in_routine + 1].note = Some(SCRIPT.into());
    batch.sessions[first_in_routine + 2].side_effects = vec![SideEffect::Tingling];
    let excluded = &mut batch.nights[40];
    excluded.status = NightStatus::Excluded;
    excluded.exclude_reason = Some("flu & <b>fever</b>".into());
    batch.context = vec![
        (
            day("2026-09-20"),
            DailyContext {
                magnesium_mg: Some(300),
                ..DailyContext::default()
            },
        ),
        (
            day("2026-10-20"),
            DailyContext {
                medication: Some("started amlodipine <5 mg>".into()),
                ..DailyContext::default()
            },
        ),
    ];
    let mut store = Store::open(&diary.path).unwrap();
    store
        .insert_batch(&batch, &stamp("2026-11-23T07:00:00"))
        .unwrap();
    diary
}

/// `cramp report` run as a user would, at the fixed clock of the shared test helper.
fn json_report(diary: &Diary) -> Value {
    let run = diary.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn html(diary: &Diary, range: Option<(NaiveDate, NaiveDate)>) -> String {
    let store = Store::open(&diary.path).unwrap();
    let data = Report::load(
        &store,
        day(TODAY),
        day(LAST_NIGHT),
        range,
        cramp_diary::analysis::dashboard::Calendar {
            week_start: Some(chrono::Weekday::Mon),
            ..Default::default()
        },
        18,
    )
    .unwrap();
    render(&data)
}

#[test]
fn the_report_shows_the_same_numbers_as_the_json_report() {
    let diary = diary(true);
    let json = json_report(&diary);
    let page = html(&diary, None);
    assert_eq!(json["routine"]["start"], START);
    for phase in ["baseline", "routine_phase"] {
        let p = &json[phase];
        let rate = p["rate_per_week"].as_f64().unwrap();
        // The rate with the count of cramps it comes from.
        let cramps = p["cramps"].as_u64().unwrap();
        assert!(
            page.contains(&format!(">{rate:.2}<br>{cramps} cramps</td>")),
            "{phase} {rate}"
        );
        let usable = p["nights"].as_u64().unwrap() - p["excluded"].as_u64().unwrap();
        // Whole percentages are floored: a share is never rounded up past a threshold.
        let coverage = (p["coverage"].as_f64().unwrap() * 100.0).floor();
        let logged = format!("<td>{} of {usable} ({coverage:.0}%)</td>", p["logged"]);
        assert!(page.contains(&logged), "{phase} coverage {logged}");
        let free = p["cramp_free_pct"].as_f64().unwrap();
        assert!(page.contains(&format!(">{free:.0}%</td>")), "{phase} free");
    }
    let est = json["reduction_pct"]["estimate"].as_f64().unwrap();
    let lo = json["reduction_pct"]["ci"][0].as_f64().unwrap();
    let hi = json["reduction_pct"]["ci"][1].as_f64().unwrap();
    let change = format!("{:+.0}% (96% CI {:+.0}% to {:+.0}%)", -est, -hi, -lo);
    let text = diary.run(&["report"]).stdout;
    assert!(page.contains(&change), "change {change}");
    assert!(text.contains(&change), "text change {change}");
    assert_eq!(json["rate_ratio"]["method"], "weekly-confidence-sequence");
    assert_eq!(json["rate_ratio"]["level_pct"], 96);
    assert_eq!(
        (
            json["rate_ratio"]["look"].as_u64(),
            json["rate_ratio"]["looks"].as_u64()
        ),
        (Some(4), Some(4))
    );
    let dispersion = format!(
        "{} weeks in all, dispersion {:.2}",
        json["rate_ratio"]["weeks"],
        json["rate_ratio"]["dispersion"].as_f64().unwrap()
    );
    assert!(
        page.contains(&dispersion) && text.contains(&dispersion),
        "{dispersion}"
    );
    let words = match json["verdict"].as_str().unwrap() {
        "not_enough_data" => "not enough data",
        "too_early" => "too early to tell",
        "no_clear_change" => "no clear change: can't tell yet",
        "fewer_cramps" => "fewer cramps than in your baseline weeks",
        "more_cramps" => "more cramps than in your baseline weeks",
        other => panic!("unknown verdict {other}"),
    };
    assert!(
        page.contains(&format!("Verdict: {}", esc(words))),
        "{words}"
    );
    assert!(text.contains(&format!("Verdict: {words}")), "{words}");
    if let Some(why) = json["verdict_reason"].as_str() {
        assert!(page.contains(&esc(why)) && text.contains(why), "{why}");
    }
    assert_eq!(json["placebo_reduction_pct"], serde_json::json!([28, 36]));
    assert!(page.contains("placebo 28-36% fewer") && text.contains("placebo 28-36% fewer"));
    let fall = json["detectable_reduction_pct"].as_f64().unwrap();
    let detects = format!("it detects a fall of {fall:.0}% or more half the time");
    assert!(
        page.contains(&detects) && text.contains(&detects),
        "{detects}"
    );
    // The gauge: the change and its interval drawn against the placebo band, as in the text.
    assert!(page.contains(
        "aria-label=\"change in cramps with its 96% interval against the placebo band\""
    ));
    assert!(text.contains("● change ━ 96% CI ░ placebo 28-36% fewer"));
    // What the placebo band is, wherever it is drawn.
    let note = "not a range for one person";
    assert!(page.contains(note) && text.contains(note));
    let caveat = "A change over time is not proof that the routine caused it.";
    assert!(page.contains(caveat) && text.contains(caveat));
    for week in json["adherence"].as_array().unwrap() {
        let row = format!(
            "<td>{} to {}</td><td class=\"n\">{}</td>",
            week["from"].as_str().unwrap(),
            week["to"].as_str().unwrap(),
            week["sessions"]
        );
        assert!(page.contains(&row), "adherence {row}");
    }
    let flags = json["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "tingling after a session");
    for flag in flags {
        assert!(page.contains(&esc(flag.as_str().unwrap())), "{flag}");
    }
}

#[test]
fn did_it_last_the_season_and_the_line_read_the_same_in_json_text_and_html() {
    // The routine (12 Oct - 8 Nov) lies after the autumn turn, its baseline before it; two
    // whole follow-up weeks are over by 22 Nov.
    let diary = diary(true);
    let json = json_report(&diary);
    let page = html(&diary, None);
    let text = diary.run(&["report"]).stdout;
    assert_eq!(json["version"], 3);
    let lasting = &json["did_it_last"];
    assert_eq!(lasting["weeks"], 2);
    let sentence = lasting["sentence"].as_str().unwrap();
    assert!(sentence.starts_with("Did it last? "), "{sentence}");
    assert!(text.contains(sentence), "{text}");
    assert!(page.contains(&esc(sentence)), "{sentence}");
    for part in ["vs_before", "vs_routine"] {
        let ci = lasting[part]["ci"].as_array().unwrap();
        assert_eq!(ci.len(), 2, "{part}");
    }
    let season = &json["season"];
    assert_eq!(season["baseline_months"], "Sep–Oct 2026");
    assert_eq!(season["routine_months"], "Oct–Nov 2026");
    assert_eq!(season["turn"], "autumn");
    assert_eq!(season["turn_date"], "2026-10-15");
    let caveat = season["caveat"].as_str().unwrap();
    assert!(caveat.contains("on/off-week experiment"), "{caveat}");
    assert!(
        text.contains(caveat) && page.contains(&esc(caveat)),
        "{caveat}"
    );
    let months = "Months: baseline Sep–Oct 2026 · routine Oct–Nov 2026";
    assert!(
        text.contains(months) && page.contains(&esc(months)),
        "{months}"
    );
    // No history before the baseline in this diary: the regression check cannot run.
    assert_eq!(json["baseline_check"], Value::Null);
    let reference = &json["reference"];
    assert_eq!(
        (
            reference["from"].as_str(),
            reference["weeks"].as_u64(),
            reference["longer"].as_bool()
        ),
        (Some("2026-09-14"), Some(4), Some(false))
    );
    assert_eq!(json["first_line_on"], "2026-10-19");
    let meaning = "The interval holds however often you look and whenever you stop";
    assert!(text.contains(meaning) && page.contains(meaning));
}

#[test]
fn the_report_is_self_contained_and_complete() {
    let diary = diary(true);
    let page = html(&diary, None);
    // The SVG namespace is a name, not something fetched.
    let fetched = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for external in [
        "http://", "https://", "src=", "<script", "@import", "url(", "<link",
    ] {
        assert!(!fetched.contains(external), "found {external}");
    }
    assert!(page.matches("<svg").count() >= 3, "three charts");
    assert!(
        page.matches("<text").count() >= 20,
        "charts carry axis labels"
    );
    assert!(page.contains("@media print"));
    assert!(!page.contains("treats") && !page.contains("cure"));
    // User text is escaped: a note, an exclusion reason, a medication.
    assert!(page.contains(&esc(SCRIPT)), "notes are escaped");
    assert!(page.contains("excluded (flu &amp; &lt;b&gt;fever&lt;/b&gt;)"));
    assert!(
        page.contains(
            "(routine week 2): new or changed medication: started amlodipine &lt;5 mg&gt;"
        )
    );
    assert!(page.contains("(baseline): magnesium started or first recorded (300 mg)"));
    assert!(page.contains("Placebo caveat"));
    assert!(page.contains("Sides and muscles") && page.contains("<td>left calf</td>"));
    assert!(page.contains("bruising ×1"), "side effects of the routine");
    assert!(page.contains("Appendix: nights 2026-09-14 to 2026-11-22"));
    // Every logged night and every session has its row; the gaps say "not logged".
    let store = Store::open(&diary.path).unwrap();
    let nights = store
        .nights_between(day("2026-09-14"), day(LAST_NIGHT))
        .unwrap();
    for n in &nights {
        assert!(page.contains(&format!("<tr><td>{}</td>", n.night_of)));
    }
    let logged = usize::try_from((day(LAST_NIGHT) - day("2026-09-14")).num_days() + 1).unwrap();
    assert!(nights.len() < logged, "the diary has unlogged nights");
    assert!(page.contains("<tr class=\"gap\"><td>") && page.contains("not logged"));
    let sessions = store
        .sessions_between(day("2026-09-14"), day(LAST_NIGHT))
        .unwrap();
    for s in &sessions {
        let when = s.item.at.format("%Y-%m-%d %H:%M");
        assert!(page.contains(&format!("<tr><td>{when}</td>")), "{when}");
    }
}

#[test]
fn without_a_routine_the_report_still_renders() {
    let diary = diary(false);
    let page = html(&diary, None);
    assert!(page.contains("No routine yet"));
    assert!(page.contains("<th>Recent weeks</th>"));
    assert!(!page.contains("Verdict"), "nothing to compare");
    assert!(page.matches("<svg").count() >= 2);
    // The same rate as `cramp report`'s text: "Recent weeks ... to ...: 5.12 cramps/week".
    let run = diary.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("No routine yet"));
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Recent weeks"))
        .unwrap();
    let rate = line.split(": ").nth(1).unwrap().split(' ').next().unwrap();
    assert!(page.contains(&format!(">{rate}<br>")), "rate {rate}");
}

#[test]
fn an_open_ended_range_starts_at_the_first_entry() {
    let diary = diary(true);
    let far = day(TODAY) + chrono::Duration::days(366);
    let page = html(&diary, Some((NaiveDate::MIN, far)));
    assert!(page.contains("Appendix: nights 2026-09-14 to 2026-11-22"));
    assert!(!page.contains("262"), "no date from the start of time");
    let october = html(&diary, Some((day("2026-10-01"), day("2026-10-31"))));
    assert!(october.contains("Appendix: nights 2026-10-01 to 2026-10-31"));
    assert!(!october.contains("<tr><td>2026-11-01</td>"));
    assert!(
        october.contains("Verdict:"),
        "the analysis is the whole routine"
    );
}
