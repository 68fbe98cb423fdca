//! What a person does on one device, as the store records it: log a night, add a cramp, edit,
//! delete, undo, sessions, a day's context, routines and experiments, an import, and choosing
//! an answer to a conflict. Each action is the writes of one transaction, following the
//! store's own rules (a cramp on an unlogged night logs it; deleting a night deletes its
//! cramps; a night with cramps is never marked cramp-free...).

use super::replica::{Replica, Write};
use cramp_diary::sync::conflict::NOW;
use cramp_diary::sync::op::Fields;
use rand::RngExt;
use rand::rngs::StdRng;
use serde_json::{Value, json};

pub const DATES: &[&str] = &[
    "2026-03-01",
    "2026-03-02",
    "2026-03-03",
    "2026-03-04",
    "2026-03-05",
    "2026-03-06",
];

fn fields(pairs: &[(&str, Value)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}

/// `first` with chance `p`, else `second` (one draw).
fn one_of<T>(rng: &mut StdRng, p: f64, first: T, second: T) -> T {
    if rng.random_bool(p) { first } else { second }
}

fn live(f: &Fields) -> bool {
    f.get("deleted_at").is_none_or(Value::is_null)
}

/// Live records of `table` on this device: (uid, fields).
fn live_rows<'a>(r: &'a Replica, table: &'a str) -> Vec<(&'a String, &'a Fields)> {
    r.rows_of(table).filter(|(_, f)| live(f)).collect()
}

fn night_on(r: &Replica, date: &str) -> Option<(String, Fields)> {
    r.rows_of("nights")
        .find(|(_, f)| live(f) && f["night_of"] == date)
        .map(|(u, f)| (u.clone(), f.clone()))
}

fn cramps_of(r: &Replica, night: &str) -> Vec<String> {
    r.rows_of("cramp_episodes")
        .filter(|(_, f)| live(f) && f["night_uid"] == night)
        .map(|(u, _)| u.clone())
        .collect()
}

/// A fresh uid (the seeded generator keeps runs repeatable).
fn uid(rng: &mut StdRng) -> String {
    format!("{:016x}", rng.random::<u64>())
}

fn set(table: &'static str, uid: &str, f: Fields, stamp: &str) -> Write {
    let mut f = f;
    f.insert("updated_at".into(), json!(stamp));
    Write {
        table,
        uid: uid.into(),
        create: false,
        fields: f,
    }
}

fn create(table: &'static str, uid: &str, f: Fields, stamp: &str) -> Write {
    let mut f = f;
    f.insert("created_at".into(), json!(stamp));
    f.insert("updated_at".into(), json!(stamp));
    if table != "experiments" {
        f.insert("deleted_at".into(), Value::Null);
    }
    Write {
        table,
        uid: uid.into(),
        create: true,
        fields: f,
    }
}

fn delete(table: &'static str, uid: &str, stamp: &str) -> Write {
    Write {
        table,
        uid: uid.into(),
        create: false,
        fields: fields(&[("deleted_at", json!(stamp))]),
    }
}

fn status(s: &str, reason: Option<&str>) -> Vec<(&'static str, Value)> {
    vec![("status", json!(s)), ("exclude_reason", json!(reason))]
}

fn new_night(
    rng: &mut StdRng,
    date: &str,
    st: &str,
    reason: Option<&str>,
    stamp: &str,
) -> (String, Write) {
    let u = uid(rng);
    let mut f = fields(&[
        ("night_of", json!(date)),
        ("tight_left", Value::Null),
        ("note", Value::Null),
    ]);
    f.extend(
        status(st, reason)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v)),
    );
    (u.clone(), create("nights", &u, f, stamp))
}

pub fn log_night(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let date = *pick(rng, DATES).unwrap_or(&DATES[0]);
    let excluded = rng.random_bool(0.2);
    let (st, reason) = if excluded {
        ("excluded", Some("ill"))
    } else {
        ("none", None)
    };
    match night_on(r, date) {
        None => vec![new_night(rng, date, st, reason, stamp).1],
        Some((u, f)) => {
            let mut out = fields(&[("tight_left", json!(rng.random_range(0..=10)))]);
            if cramps_of(r, &u).is_empty() && f["status"] != st {
                out.extend(
                    status(st, reason)
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v)),
                );
            }
            vec![set("nights", &u, out, stamp)]
        }
    }
}

pub fn add_cramp(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let date = *pick(rng, DATES).unwrap_or(&DATES[0]);
    let mut out = Vec::new();
    let night = match night_on(r, date) {
        None => {
            let (u, w) = new_night(rng, date, "cramps", None, stamp);
            out.push(w);
            u
        }
        Some((u, f)) => {
            if f["status"] == "none" {
                let s = status("cramps", None)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                out.push(set("nights", &u, s, stamp));
            }
            u
        }
    };
    let at = pick(
        rng,
        &[Value::Null, json!("02:10"), json!("02:30"), json!("05:00")],
    )
    .cloned()
    .unwrap_or(Value::Null);
    let leg = one_of(rng, 0.7, "left", "right");
    let f = fields(&[
        ("night_uid", json!(night)),
        ("leg", json!(leg)),
        ("muscle", json!("calf")),
        ("intensity", json!(rng.random_range(0..=10))),
        ("at_time", at),
        ("note", Value::Null),
    ]);
    out.push(create("cramp_episodes", &uid(rng), f, stamp));
    out
}

/// A live row of a table an edit or a delete may touch, picked at random (`None` when the table
/// picked has none).
fn pick_live_row(r: &Replica, rng: &mut StdRng) -> Option<(&'static str, String)> {
    let table = *pick(
        rng,
        &[
            "nights",
            "cramp_episodes",
            "massage_sessions",
            "daily_context",
        ],
    )
    .unwrap_or(&"nights");
    let u = pick(rng, &live_rows(r, table)).map(|(u, _)| (*u).clone())?;
    Some((table, u))
}

pub fn edit(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let Some((table, u)) = pick_live_row(r, rng) else {
        return vec![];
    };
    let notes = [json!("sore"), json!("fine"), Value::Null];
    let f = match table {
        "nights" => fields(&[(
            one_of(rng, 0.5, "note", "tight_left"),
            if rng.random_bool(0.5) {
                pick(rng, &notes).cloned().unwrap_or(Value::Null)
            } else {
                json!(rng.random_range(0..=10))
            },
        )]),
        "cramp_episodes" => fields(&[("intensity", json!(rng.random_range(0..=10)))]),
        "massage_sessions" => fields(&[("pain", json!(rng.random_range(0..=10)))]),
        _ => fields(&[("fluids_dl", json!(rng.random_range(0..=30)))]),
    };
    vec![set(table, &u, f, stamp)]
}

pub fn delete_something(r: &mut Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let Some((table, u)) = pick_live_row(r, rng) else {
        return vec![];
    };
    let mut out = vec![delete(table, &u, stamp)];
    match table {
        "nights" => {
            for c in cramps_of(r, &u) {
                out.push(delete("cramp_episodes", &c, stamp));
            }
        }
        "cramp_episodes" => {
            let night = r
                .row("cramp_episodes", &u)
                .and_then(|f| f["night_uid"].as_str().map(str::to_string));
            if let Some(n) = night
                && cramps_of(r, &n).len() == 1
                && r.row("nights", &n).is_some_and(|f| f["status"] == "cramps")
            {
                out.push(delete("nights", &n, stamp));
            }
        }
        _ => {}
    }
    r.deletes.push(
        out.iter()
            .map(|w| (w.table.to_string(), w.uid.clone()))
            .collect(),
    );
    out
}

/// Undoes this device's newest delete still in force, as the store does: refused when its
/// night has been logged again; a restored cramp on a night since marked cramp-free makes it a
/// cramp night again.
pub fn undo(r: &mut Replica, stamp: &str) -> Vec<Write> {
    let Some(keys) = r.deletes.pop() else {
        return vec![];
    };
    let mut out = Vec::new();
    let restore = |t: &str, u: &str| -> Option<Write> {
        let table = *[
            "nights",
            "cramp_episodes",
            "massage_sessions",
            "daily_context",
        ]
        .iter()
        .find(|x| **x == t)?;
        let f = r.row(table, u)?;
        (!live(f)).then(|| set(table, u, fields(&[("deleted_at", Value::Null)]), stamp))
    };
    for (t, u) in &keys {
        if t == "nights" {
            let date = r.row(t, u).map(|f| f["night_of"].clone());
            if date.is_some_and(|d| d.as_str().is_some_and(|d| night_on(r, d).is_some())) {
                return vec![];
            }
        }
        if let Some(w) = restore(t, u) {
            out.push(w);
        }
    }
    for (t, u) in &keys {
        if t == "cramp_episodes"
            && let Some(n) = r.row(t, u).and_then(|f| f["night_uid"].as_str())
            && r.row("nights", n)
                .is_some_and(|f| live(f) && f["status"] == "none")
        {
            let s = status("cramps", None)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            out.push(set("nights", n, s, stamp));
        }
    }
    out
}

pub fn add_session(rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let day = *pick(rng, DATES).unwrap_or(&DATES[0]);
    let time = *pick(rng, &["20:00", "20:20", "21:30"]).unwrap_or(&"20:00");
    let gun = rng.random_bool(0.5);
    let f = fields(&[
        ("at", json!(format!("{day}T{time}"))),
        (
            "technique",
            json!(if gun { "massage-gun" } else { "foam-roller" }),
        ),
        ("gun_speed", if gun { json!("low") } else { Value::Null }),
        ("gun_head", Value::Null),
        ("legs", json!("both")),
        ("pain", json!(rng.random_range(0..=10))),
        ("note", Value::Null),
    ]);
    vec![create("massage_sessions", &uid(rng), f, stamp)]
}

pub fn set_context(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let day = *pick(rng, DATES).unwrap_or(&DATES[0]);
    let fluids = json!(rng.random_range(0..=30));
    let found = live_rows(r, "daily_context")
        .into_iter()
        .find(|(_, f)| f["day"] == day);
    match found.map(|(u, _)| u.clone()) {
        Some(u) => vec![set(
            "daily_context",
            &u,
            fields(&[("fluids_dl", fluids)]),
            stamp,
        )],
        None => vec![create(
            "daily_context",
            &uid(rng),
            fields(&[("day", json!(day)), ("fluids_dl", fluids)]),
            stamp,
        )],
    }
}

const PLAN_STARTS: &[&str] = &["2026-04-01", "2026-04-20", "2026-05-10"];

fn overlaps_any(r: &Replica, start: &str, days: i64) -> bool {
    use chrono::NaiveDate;
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let Some(from) = d(start) else { return true };
    let to = from + chrono::Duration::days(days - 1);
    r.rows().any(|((t, _), f)| {
        let len = match t.as_str() {
            "routines" => f["weeks"].as_i64().unwrap_or(0) * 7,
            "experiments" => f["pairs"].as_i64().unwrap_or(0) * 14,
            _ => return false,
        };
        let Some(s) = f["start_on"].as_str().and_then(d) else {
            return false;
        };
        live(f) && s <= to && from <= s + chrono::Duration::days(len - 1)
    })
}

pub fn plan(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let start = *pick(rng, PLAN_STARTS).unwrap_or(&PLAN_STARTS[0]);
    if rng.random_bool(0.5) {
        let weeks = rng.random_range(1..=3);
        if overlaps_any(r, start, weeks * 7) {
            return stop_plan(r, rng, stamp);
        }
        let f = fields(&[
            ("start_on", json!(start)),
            ("weeks", json!(weeks)),
            ("per_week", json!(5)),
            ("stopped_on", Value::Null),
        ]);
        vec![create("routines", &uid(rng), f, stamp)]
    } else {
        if overlaps_any(r, start, 28) {
            return stop_plan(r, rng, stamp);
        }
        let schedule = one_of(
            rng,
            0.5,
            "routine,rest,rest,routine",
            "rest,routine,routine,rest",
        );
        let f = fields(&[
            ("start_on", json!(start)),
            ("pairs", json!(2)),
            ("schedule", json!(schedule)),
            ("stopped_on", Value::Null),
        ]);
        vec![create("experiments", &uid(rng), f, stamp)]
    }
}

fn stop_plan(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let mut plans = live_rows(r, "routines");
    plans.extend(
        live_rows(r, "experiments")
            .into_iter()
            .filter(|(_, f)| f["stopped_on"].is_null()),
    );
    let Some((u, f)) = pick(rng, &plans).map(|(u, f)| ((*u).clone(), (*f).clone())) else {
        return vec![];
    };
    let stop = json!("2026-06-01");
    if f.contains_key("weeks") {
        let g = fields(&[
            ("start_on", f["start_on"].clone()),
            ("weeks", f["weeks"].clone()),
            ("stopped_on", stop),
        ]);
        vec![set("routines", &u, g, stamp)]
    } else {
        vec![set(
            "experiments",
            &u,
            fields(&[("stopped_on", stop)]),
            stamp,
        )]
    }
}

/// The same file imported on any device: its records have fixed uids, so importing it on two
/// devices creates the same records twice.
pub fn import(r: &Replica, file: u64, stamp: &str) -> Vec<Write> {
    let date = DATES[(file as usize) % DATES.len()];
    let night = format!("{file:016x}");
    if r.row("nights", &night).is_some() {
        return vec![set(
            "nights",
            &night,
            fields(&[("note", json!(format!("file {file}")))]),
            stamp,
        )];
    }
    if night_on(r, date).is_some() {
        return vec![]; // refused: that night is logged under another uid
    }
    let mut f = fields(&[
        ("night_of", json!(date)),
        ("tight_left", json!(3)),
        ("note", json!(format!("file {file}"))),
    ]);
    f.extend(
        status("none", None)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v)),
    );
    let session = fields(&[
        ("at", json!(format!("{date}T19:00"))),
        ("technique", json!("stretch")),
        ("gun_speed", Value::Null),
        ("gun_head", Value::Null),
        ("legs", json!("left")),
        ("pain", json!(2)),
        ("note", Value::Null),
    ]);
    let imported_at = "2026-01-01T00:00:00";
    vec![
        create("nights", &night, f, imported_at),
        create(
            "massage_sessions",
            &format!("{:016x}", file + 1),
            session,
            imported_at,
        ),
    ]
}

/// The person answers a conflict with one of its choices.
pub fn choose(r: &Replica, rng: &mut StdRng, stamp: &str) -> Vec<Write> {
    let conflicts = r.conflicts();
    let Some(c) = pick(rng, &conflicts) else {
        return vec![];
    };
    let Some(choice) = pick(rng, &c.choices) else {
        return vec![];
    };
    choice
        .changes
        .iter()
        .map(|ch| {
            let fields = ch
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), if v == NOW { json!(stamp) } else { v.clone() }))
                .collect();
            let table = super::table_name(&ch.table);
            Write {
                table,
                uid: ch.uid.clone(),
                create: r.row(table, &ch.uid).is_none(),
                fields,
            }
        })
        .collect()
}
