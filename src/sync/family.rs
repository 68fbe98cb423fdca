//! The rules of a diary that look across records of one family: a cramp hangs off its night
//! (the same night logged on two devices is one), a night with a live cramp is neither
//! cramp-free nor deleted, two cramps or sessions added on two devices that match closely are
//! offered as possible duplicates, and routines and experiments never share a day.

use super::conflict::{Choice, Conflict, Kind, Side, Who, change, deleted_conflict, deletion};
use super::merged::{Key, Merged};
use super::op::{Fields, Op};
use super::rules::{DELETED, KEEP_BOTH, NIGHT_REF, rules};
use serde_json::Value;
use std::collections::BTreeMap;

const NIGHTS: &str = "nights";
const CRAMPS: &str = "cramp_episodes";

fn text<'a>(row: &'a Fields, field: &str) -> Option<&'a str> {
    row.get(field).and_then(Value::as_str)
}

fn live(row: &Fields) -> bool {
    row.get(DELETED).is_none_or(Value::is_null)
}

/// The first write (the newest, if it was made twice) of each record in `ops`.
fn creates<'a>(ops: &[&'a Op]) -> BTreeMap<Key, &'a Op> {
    let mut out: BTreeMap<Key, &Op> = BTreeMap::new();
    for op in ops.iter().filter(|o| o.create) {
        let slot = out.entry((op.table.clone(), op.uid.clone())).or_insert(op);
        if op.order_key() > slot.order_key() {
            *slot = op;
        }
    }
    out
}

pub fn across(out: &mut Merged, family: &str, ops: &[&Op], deleted_by: &BTreeMap<Key, Vec<Who>>) {
    // A record of a night merged into another now hangs off the one kept.
    for ((_, _), row) in out.rows.iter_mut() {
        if let Some(night) = text(row, NIGHT_REF).map(str::to_string)
            && let Some(kept) = out.merged_into.get(&(NIGHTS.to_string(), night))
        {
            row.insert(NIGHT_REF.into(), Value::from(kept.clone()));
        }
    }
    let made = creates(ops);
    nights(out, ops, &made, deleted_by);
    duplicates(out, family, &made);
    overlaps(out, family, &made);
}

/// The live records hanging off `night` (cramps, tags), by table.
fn children(rows: &BTreeMap<Key, Fields>, night: &str) -> Vec<Key> {
    rows.iter()
        .filter(|(_, row)| text(row, NIGHT_REF) == Some(night) && live(row))
        .map(|(k, _)| k.clone())
        .collect()
}

fn nights(
    out: &mut Merged,
    ops: &[&Op],
    made: &BTreeMap<Key, &Op>,
    deleted_by: &BTreeMap<Key, Vec<Who>>,
) {
    let night_keys: Vec<Key> = out
        .rows
        .keys()
        .filter(|(t, _)| t == NIGHTS)
        .cloned()
        .collect();
    for key in night_keys {
        let uid = key.1.clone();
        let kids = children(&out.rows, &uid);
        let cramps: Vec<&Key> = kids.iter().filter(|(t, _)| t == CRAMPS).collect();
        let kept_by = |keys: &[&Key]| -> Vec<Who> {
            keys.iter()
                .filter_map(|k| made.get(*k))
                .map(|op| Who::of(op))
                .collect()
        };
        let Some(row) = out.rows.get_mut(&key) else {
            continue;
        };
        // Deleted on one device while a cramp was kept on another: the night stays meanwhile.
        if !live(row) && !kids.is_empty() {
            row.insert(DELETED.into(), Value::Null);
            let kid_refs: Vec<&Key> = kids.iter().collect();
            match out
                .conflicts
                .iter_mut()
                .find(|c| c.kind == Kind::Deleted && c.table == NIGHTS && c.uid == uid)
            {
                Some(c) => c.shown = 1,
                None => out.conflicts.push(deleted_conflict(
                    NIGHTS,
                    &uid,
                    deleted_by.get(&key).cloned().unwrap_or_default(),
                    kept_by(&kid_refs),
                    kids.first().cloned(),
                    false,
                )),
            }
        }
        // Marked cramp-free on one device while a cramp was added on another.
        if text(row, "status") == Some("none") && !cramps.is_empty() {
            row.insert("status".into(), Value::from("cramps"));
            row.insert("exclude_reason".into(), Value::Null);
            let in_question = out.conflicts.iter_mut().find(|c| {
                c.kind == Kind::Field
                    && c.table == NIGHTS
                    && c.uid == uid
                    && c.fields[0] == "status"
            });
            match in_question {
                Some(c) => {
                    if let Some(i) = c.sides.iter().position(|s| s.value[0] == "cramps") {
                        c.shown = i;
                    }
                }
                None => {
                    let merged = &out.merged_into;
                    let marked = ops
                        .iter()
                        .filter(|o| o.table == NIGHTS && text(&o.fields, "status") == Some("none"))
                        .filter(|o| {
                            o.uid == uid
                                || merged.get(&(NIGHTS.to_string(), o.uid.clone())) == Some(&uid)
                        })
                        .max_by(|a, b| a.order_key().cmp(&b.order_key()));
                    let by: Vec<Who> = marked.map(|op| Who::of(op)).into_iter().collect();
                    out.conflicts
                        .push(cramp_free_conflict(&uid, by, kept_by(&cramps), cramps[0]));
                }
            }
        }
    }
    choices_across_nights(out);
}

fn cramp_free_conflict(uid: &str, marked: Vec<Who>, added: Vec<Who>, first: &Key) -> Conflict {
    let status = |s: &str| {
        change(
            NIGHTS,
            uid,
            [
                ("status".to_string(), Value::from(s)),
                ("exclude_reason".to_string(), Value::Null),
            ],
        )
    };
    Conflict {
        kind: Kind::CrampFree,
        table: NIGHTS.into(),
        uid: uid.into(),
        fields: vec!["status".into()],
        sides: vec![
            Side {
                value: vec![Value::from("none")],
                record: None,
                by: marked,
            },
            Side {
                value: vec![Value::from("cramps")],
                record: Some(first.clone()),
                by: added,
            },
        ],
        shown: 1,
        choices: vec![
            Choice {
                says: "cramp-free".into(),
                changes: vec![status("none")],
            },
            Choice {
                says: "cramps".into(),
                changes: vec![status("cramps")],
            },
        ],
    }
}

/// A choice that deletes a night deletes its live cramps too (and one that makes it
/// cramp-free deletes them), as the diary's own delete does; keeping a cramp whose night was
/// deleted keeps the night.
fn choices_across_nights(out: &mut Merged) {
    let rows = &out.rows;
    for c in &mut out.conflicts {
        for choice in &mut c.choices {
            let mut extra = Vec::new();
            for ch in &choice.changes {
                let deletes_night = ch.table == NIGHTS
                    && (ch.fields.get(DELETED).is_some_and(|v| !v.is_null())
                        || ch.fields.get("status").is_some_and(|v| v == "none"));
                if deletes_night {
                    for (t, u) in children(rows, &ch.uid) {
                        if t == CRAMPS || ch.fields.contains_key(DELETED) {
                            extra.push(deletion(&t, &u, true));
                        }
                    }
                }
                let keeps_child =
                    ch.table != NIGHTS && ch.fields.get(DELETED).is_some_and(Value::is_null);
                if keeps_child
                    && let Some(row) = rows.get(&(ch.table.clone(), ch.uid.clone()))
                    && let Some(night) = text(row, NIGHT_REF)
                    && rows
                        .get(&(NIGHTS.to_string(), night.to_string()))
                        .is_some_and(|n| !live(n))
                {
                    extra.push(deletion(NIGHTS, night, false));
                }
            }
            choice.changes.extend(extra);
        }
    }
}

/// Minutes apart of two times (`HH:MM` around the clock, or `YYYY-MM-DDTHH:MM`).
fn minutes_apart(a: &str, b: &str) -> Option<i64> {
    use chrono::{NaiveDateTime, NaiveTime};
    if a.len() == 5 && b.len() == 5 {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
        let d = (t(a)? - t(b)?).num_minutes().abs();
        return Some(d.min(24 * 60 - d));
    }
    let t = |s: &str| NaiveDateTime::parse_from_str(s.get(..16)?, "%Y-%m-%dT%H:%M").ok();
    Some((t(a)? - t(b)?).num_minutes().abs())
}

/// The uid of the "keep both" answer about two records (the same on every device).
pub fn keep_both_uid(a: &str, b: &str) -> String {
    use sha2::{Digest, Sha256};
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    let digest = Sha256::digest(format!("{a}|{b}").as_bytes());
    let hex: String = digest[..16].iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The "keep both" answer about two records, as a change.
fn keep_both(first: &Key, second: &Key, family: &str) -> Change {
    let mut c = change(
        KEEP_BOTH,
        &keep_both_uid(&first.1, &second.1),
        [
            ("first".to_string(), Value::from(first.1.clone())),
            ("second".to_string(), Value::from(second.1.clone())),
            ("family".to_string(), Value::from(family)),
            (DELETED.to_string(), Value::Null),
        ],
    );
    c.fields
        .insert("created_at".into(), Value::from(super::conflict::NOW));
    c
}

/// The pairs of records the person said to keep both of (uids in order).
fn answered(rows: &BTreeMap<Key, Fields>) -> Vec<(String, String)> {
    rows.iter()
        .filter(|((t, _), row)| t == KEEP_BOTH && live(row))
        .filter_map(|(_, row)| Some((text(row, "first")?.into(), text(row, "second")?.into())))
        .collect()
}

fn in_order<'a>(a: &'a Key, b: &'a Key) -> (&'a Key, &'a Key) {
    if a.1 <= b.1 { (a, b) } else { (b, a) }
}

fn duplicates(out: &mut Merged, family: &str, made: &BTreeMap<Key, &Op>) {
    let answered = answered(&out.rows);
    let mut found = Vec::new();
    let live_rows: Vec<(&Key, &Fields)> = out.rows.iter().filter(|(_, r)| live(r)).collect();
    for (i, (ka, a)) in live_rows.iter().enumerate() {
        let Some(rule) = rules(&ka.0).duplicates else {
            continue;
        };
        for (kb, b) in &live_rows[i + 1..] {
            if kb.0 != ka.0 || a.get(NIGHT_REF) != b.get(NIGHT_REF) {
                continue;
            }
            let (Some(ca), Some(cb)) = (made.get(*ka), made.get(*kb)) else {
                continue;
            };
            let close = rule.equal.iter().all(|f| a.get(*f) == b.get(*f))
                && match (text(a, rule.time), text(b, rule.time)) {
                    (Some(x), Some(y)) => minutes_apart(x, y).is_some_and(|m| m <= 30),
                    _ => true,
                };
            let (x, y) = in_order(ka, kb);
            if ca.device != cb.device
                && ca.concurrent(cb)
                && close
                && !answered.contains(&(x.1.clone(), y.1.clone()))
            {
                found.push(duplicate(ka, kb, ca, cb, family));
            }
        }
    }
    out.conflicts.extend(found);
}

fn duplicate(a: &Key, b: &Key, ca: &Op, cb: &Op, family: &str) -> Conflict {
    let (first, second) = in_order(a, b);
    let both = keep_both(first, second, family);
    let by = [
        who_made(first, a, b, ca, cb),
        who_made(second, a, b, ca, cb),
    ];
    let choices = vec![
        Choice {
            says: "keep both".into(),
            changes: vec![both],
        },
        Choice {
            says: "keep the first".into(),
            changes: vec![deletion(&second.0, &second.1, true)],
        },
        Choice {
            says: "keep the second".into(),
            changes: vec![deletion(&first.0, &first.1, true)],
        },
    ];
    two_records(Kind::Duplicate, first, second, by, choices)
}

/// A conflict between two whole records (a duplicate, an overlap): each side is one record
/// and who made it; the conflict is named after the first, in `first`'s table.
fn two_records(
    kind: Kind,
    first: &Key,
    second: &Key,
    by: [Who; 2],
    choices: Vec<Choice>,
) -> Conflict {
    let [by_first, by_second] = by;
    let side = |record: &Key, by: Who| Side {
        value: vec![],
        record: Some(record.clone()),
        by: vec![by],
    };
    Conflict {
        kind,
        table: first.0.clone(),
        uid: first.1.clone(),
        fields: Vec::new(),
        sides: vec![side(first, by_first), side(second, by_second)],
        shown: 0,
        choices,
    }
}

fn who_made(k: &Key, a: &Key, _b: &Key, ca: &Op, cb: &Op) -> Who {
    Who::of(if k == a { ca } else { cb })
}

fn overlaps(out: &mut Merged, family: &str, made: &BTreeMap<Key, &Op>) {
    let answered = answered(&out.rows);
    let mut plans: Vec<(Key, (chrono::NaiveDate, chrono::NaiveDate), &Op)> = out
        .rows
        .iter()
        .filter(|(_, row)| live(row))
        .filter_map(|(k, row)| {
            let days = (rules(&k.0).period?)(row)?;
            Some((k.clone(), days, *made.get(k)?))
        })
        .collect();
    // The one made first keeps its days; a later one waits for the person's choice.
    plans.sort_by(|a, b| a.2.order_key().cmp(&b.2.order_key()));
    let mut held: Vec<&(Key, (chrono::NaiveDate, chrono::NaiveDate), &Op)> = Vec::new();
    let mut found = Vec::new();
    for p in &plans {
        let clash = held
            .iter()
            .find(|h| {
                let (x, y) = in_order(&h.0, &p.0);
                h.1.0 <= p.1.1 && p.1.0 <= h.1.1 && !answered.contains(&(x.1.clone(), y.1.clone()))
            })
            .copied();
        match clash {
            None => held.push(p),
            Some(h) => {
                // A routine can wait deleted meanwhile; an experiment is never deleted.
                if let Some(row) = out.rows.get_mut(&p.0)
                    && row.contains_key(DELETED)
                {
                    let at = row.get("updated_at").cloned().unwrap_or(Value::Null);
                    row.insert(DELETED.into(), at);
                } else {
                    held.push(p);
                }
                found.push(overlap(&h.0, &p.0, h.2, p.2, out, family));
            }
        }
    }
    out.conflicts.extend(found);
}

/// Setting aside a routine deletes it; an experiment, which is never deleted, is stopped on
/// its first day (cancelled before it began) unless a stop is recorded already (a stop is final).
fn set_aside(k: &Key, rows: &BTreeMap<Key, Fields>) -> Option<Change> {
    let row = rows.get(k)?;
    if row.contains_key(DELETED) {
        return Some(deletion(&k.0, &k.1, true));
    }
    row.get("stopped_on").is_none_or(Value::is_null).then(|| {
        // Recorded as of its drawing (never after the stop, which the diary refuses).
        let start = row.get("start_on").cloned().unwrap_or(Value::Null);
        let made = row.get("created_at").and_then(Value::as_str);
        let at = match (made, start.as_str()) {
            (Some(m), Some(s)) if m.get(..10).is_some_and(|d| d <= s) => Value::from(m),
            (_, Some(s)) => Value::from(format!("{s}T00:00:00")),
            _ => Value::Null,
        };
        change(
            &k.0,
            &k.1,
            [
                ("stopped_on".to_string(), start),
                ("stopped_at".to_string(), at),
            ],
        )
    })
}

use super::conflict::Change;

fn overlap(first: &Key, second: &Key, a: &Op, b: &Op, out: &Merged, family: &str) -> Conflict {
    let mut choices = Vec::new();
    if let Some(c) = set_aside(second, &out.rows) {
        choices.push(Choice {
            says: "keep the first".into(),
            changes: vec![c],
        });
    }
    if let Some(c) = set_aside(first, &out.rows) {
        choices.push(Choice {
            says: "keep the second".into(),
            changes: vec![c],
        });
    }
    // Two experiments drawn on two devices: both draws are final, so both may stay.
    if first.0 != "routines" && second.0 != "routines" {
        let (x, y) = in_order(first, second);
        choices.push(Choice {
            says: "keep both as drawn".into(),
            changes: vec![keep_both(x, y, family)],
        });
    }
    two_records(
        Kind::Overlap,
        first,
        second,
        [Who::of(a), Who::of(b)],
        choices,
    )
}
