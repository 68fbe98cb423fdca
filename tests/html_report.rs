//! The therapist report: self-contained, the same numbers as `cramp report --format json`, and
//! everything the issue lists on the page.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use chrono::NaiveDate;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::session::SideEffect;
use cramp_diary::export::html::report;
use cramp_diary::store::Store;
use serde_json::Value;
use std::path::Path;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn diary(path: &Path, with_routine: bool) {
    let mut plan = cramp_diary::demo::Plan::years(1, day("2026-11-22"));
    plan.first = day("2026-09-14");
    plan.routine = with_routine.then(|| Routine::new(day("2026-10-12"), 4, 5, 28));
    (plan.rate_before, plan.rate_during, plan.rate_after) = (1.1, 0.4, 0.4);
    (plan.missing, plan.excluded, plan.session_chance_otherwise) = (0.05, 0.03, 0.1);
    let mut batch = cramp_diary::demo::batch(&plan);
    batch.sessions[3].side_effects = vec![SideEffect::Bruising];
    batch.sessions[4].note = Some("<script>alert(1)</script>".into());
    batch.context = vec![(
        day("2026-10-20"),
        DailyContext {
            medication: Some("started amlodipine".into()),
            ..DailyContext::default()
        },
    )];
    let mut store = Store::open(path).unwrap();
    store.insert_batch(&batch, "2026-11-23T07:00:00").unwrap();
}

fn json_report(path: &Path) -> Value {
    let out = Command::cargo_bin("cramp")
        .unwrap()
        .env("CRAMP_NOW", "2026-11-23T07:30")
        .env("CRAMP_CONFIG", "/nonexistent/config.toml")
        .env_remove("CRAMP_DB")
        .arg("--db")
        .arg(path)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn html(path: &Path) -> String {
    let store = Store::open(path).unwrap();
    report(&store, day("2026-11-23"), day("2026-11-22"), None).unwrap()
}

#[test]
fn the_report_shows_the_same_numbers_as_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    diary(&db, true);
    let json = json_report(&db);
    let page = html(&db);
    for phase in ["baseline", "routine_phase"] {
        let rate = json[phase]["rate_per_week"].as_f64().unwrap();
        assert!(
            page.contains(&format!("<td>{rate:.2}</td>")),
            "{phase} rate {rate:.2}"
        );
        let coverage = json[phase]["coverage"].as_f64().unwrap() * 100.0;
        assert!(
            page.contains(&format!("({coverage:.0}%)")),
            "{phase} coverage"
        );
        let free = json[phase]["cramp_free_pct"].as_f64().unwrap();
        assert!(
            page.contains(&format!("<td>{free:.0}%</td>")),
            "{phase} cramp-free"
        );
    }
    let est = json["reduction_pct"]["estimate"].as_f64().unwrap();
    let lo = json["reduction_pct"]["ci95"][0].as_f64().unwrap();
    let hi = json["reduction_pct"]["ci95"][1].as_f64().unwrap();
    let change = format!("{:+.0}% (95% CI {:+.0}% to {:+.0}%)", -est, -hi, -lo);
    assert!(page.contains(&change), "change {change}");
    let verdict = json["verdict"].as_str().unwrap().replace('_', " ");
    assert!(
        page.contains(&format!(
            "Verdict: {}",
            verdict.replace("not enough data", "not enough data yet")
        )),
        "{verdict}"
    );
}

#[test]
fn the_report_is_self_contained_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    diary(&db, true);
    let page = html(&db);
    // The SVG namespace is a name, not something fetched.
    let fetched = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for external in ["http://", "https://", "src=", "<script", "@import", "url("] {
        assert!(!fetched.contains(external), "found {external}");
    }
    assert!(page.matches("<svg").count() >= 3, "three charts");
    assert!(page.contains("@media print"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "notes are escaped"
    );
    assert!(page.contains("new or changed medication: started amlodipine"));
    assert!(page.contains("placebo"));
    assert!(page.contains("Sides and muscles") && page.contains("left calf"));
    assert!(page.contains("bruising ×1"), "side effects of the routine");
    assert!(page.contains("Appendix: nights") && page.contains("<td>2026-11-22</td>"));
    assert!(page.contains("Appendix: sessions") && page.contains("foam roller"));
}

#[test]
fn without_a_routine_the_report_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    diary(&db, false);
    let page = html(&db);
    assert!(page.contains("No routine has been started"));
    assert!(page.contains("Last 8 weeks"));
    assert!(page.matches("<svg").count() >= 2);
}
