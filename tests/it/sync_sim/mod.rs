//! The deterministic sync simulator: three devices (each a diary with its own skewed clock)
//! do what people do — log nights and cramps, edit, delete, undo, sessions, context, routines,
//! experiments, imports, answers to conflicts — while their operations travel between them in
//! random order, late, and twice. After everything is delivered, every device must hold the
//! same diary and the same questions, and every change two devices made to one field since
//! they last saw each other (or a delete against an edit) must be a question, checked against
//! an independent brute-force reading of the operations. Seeded: a failing seed replays.

mod actions;
mod replica;

use cramp_diary::sync::merge::Key;
use cramp_diary::sync::rules::{DELETED, META, rules};
use cramp_diary::sync::{DeviceId, Kind, Merged, Op, merge_all};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use replica::Replica;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const TABLES: &[&str] = &[
    "nights",
    "cramp_episodes",
    "massage_sessions",
    "daily_context",
    "routines",
    "experiments",
    "sync_keep_both",
];

pub fn table_name(t: &str) -> &'static str {
    TABLES
        .iter()
        .find(|x| **x == t)
        .copied()
        .unwrap_or("unknown")
}

/// An operation on its way: to whom, and the step it arrives at.
struct Parcel {
    to: usize,
    at: usize,
    op: Op,
}

#[derive(Default, Debug, Clone, Copy)]
pub struct Figures {
    pub ops: usize,
    pub conflicts: usize,
    pub field: usize,
    pub deleted: usize,
    pub duplicate: usize,
    pub other: usize,
    pub answered: usize,
}

impl Figures {
    /// The figures of `runs` seeded runs of `actions` actions each, from seed `first` on.
    fn of_runs(first: u64, runs: u64, actions: usize) -> Self {
        let mut t = Figures::default();
        for seed in first..first + runs {
            let f = run(seed, actions);
            t.ops += f.ops;
            t.conflicts += f.conflicts;
            t.field += f.field;
            t.deleted += f.deleted;
            t.duplicate += f.duplicate;
            t.other += f.other;
            t.answered += f.answered;
        }
        t
    }

    /// The README's sentence for `runs` runs of `actions` actions each.
    fn sentence(&self, runs: u64, actions: usize) -> String {
        format!(
            "{runs} runs, {actions} actions each: {} operations; {} questions ({} same field, {} delete against edit or cramp-free against a cramp, {} possible duplicates, {} overlapping plans); {} answers; every run converged",
            self.ops,
            self.conflicts,
            self.field,
            self.deleted,
            self.duplicate,
            self.other,
            self.answered
        )
    }
}

fn stamp(minutes: i64) -> (i64, String) {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
        .and_then(|d| d.and_hms_opt(6, 0, 0))
        .unwrap_or_default();
    let t = base + chrono::Duration::minutes(minutes);
    (
        t.and_utc().timestamp_millis(),
        t.format("%Y-%m-%dT%H:%M:%S").to_string(),
    )
}

/// One seeded run: `steps` actions, then everything delivered; returns the figures.
pub fn run(seed: u64, steps: usize) -> Figures {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut devices: Vec<Replica> = (0..3u64)
        .map(|i| {
            let id = DeviceId::parse(&format!(
                "{:016x}",
                seed.wrapping_mul(31).wrapping_add(i) | 1 << 60
            ))
            .expect("device id");
            Replica::new(id, rng.random_range(-180..=180))
        })
        .collect();
    let mut mail: Vec<Parcel> = Vec::new();
    let mut minutes: i64 = 0;
    let mut answered = 0;
    // A compaction mid-run: each device's changes every other device has applied by then go
    // into its snapshot (read later by a device that joins).
    let compact_at = rng.random_range(0..steps.max(1));
    let mut snapshot_upto = vec![0u64; devices.len()];
    for step in 0..steps {
        if step == compact_at {
            for (d, upto) in snapshot_upto.iter_mut().enumerate() {
                let id = &devices[d].device;
                *upto = (0..devices.len())
                    .filter(|o| *o != d)
                    .map(|o| devices[o].applied.get(id))
                    .min()
                    .unwrap_or(0);
            }
        }
        minutes += rng.random_range(0..=90);
        let who = rng.random_range(0..devices.len());
        let r = &mut devices[who];
        r.settle();
        let (wall, at) = stamp(minutes + r.skew);
        let writes = match rng.random_range(0..100) {
            0..=19 => actions::add_cramp(r, &mut rng, &at),
            20..=34 => actions::log_night(r, &mut rng, &at),
            35..=49 => actions::edit(r, &mut rng, &at),
            50..=59 => actions::delete_something(r, &mut rng, &at),
            60..=64 => actions::undo(r, &at),
            65..=71 => actions::add_session(&mut rng, &at),
            72..=77 => actions::set_context(r, &mut rng, &at),
            78..=83 => actions::plan(r, &mut rng, &at),
            84..=89 => actions::import(r, rng.random_range(0..3), &at),
            _ => {
                answered += 1;
                actions::choose(r, &mut rng, &at)
            }
        };
        let before = r.own.len();
        r.write(writes, wall, &at);
        let sent: Vec<Op> = r.own[before..].to_vec();
        for op in sent {
            for to in (0..3).filter(|t| *t != who) {
                mail.push(Parcel {
                    to,
                    at: step + rng.random_range(0..=12),
                    op: op.clone(),
                });
                if rng.random_bool(0.15) {
                    mail.push(Parcel {
                        to,
                        at: step + rng.random_range(0..=20),
                        op: op.clone(),
                    });
                }
            }
        }
        deliver(&mut devices, &mut mail, &mut rng, Some(step), wall);
    }
    let (wall, _) = stamp(minutes);
    deliver(&mut devices, &mut mail, &mut rng, None, wall);
    devices.iter_mut().for_each(Replica::settle);
    let merged = check_converged(&devices, seed);
    joined_after_compaction(&devices, &snapshot_upto, &merged, &mut rng, wall, seed);
    joined_after_one_left(&devices, &snapshot_upto, &merged, wall, seed);
    check_conflicts(&devices[0], &merged, seed);
    check_invariants(&merged, seed);
    let count = |k: Kind| merged.conflicts.iter().filter(|c| c.kind == k).count();
    Figures {
        ops: devices.iter().map(|d| d.own.len()).sum(),
        conflicts: merged.conflicts.len(),
        field: count(Kind::Field),
        deleted: count(Kind::Deleted) + count(Kind::CrampFree),
        duplicate: count(Kind::Duplicate),
        other: count(Kind::Overlap),
        answered: answer_everything(&mut devices, &mut rng, minutes, seed) + answered,
    }
}

/// A fourth device joins after the compaction: it reads each device's snapshot (its changes
/// up to what every other device had then) whole and the rest line by line, in random order,
/// and must hold the same diary and the same questions as the others.
fn joined_after_compaction(
    devices: &[Replica],
    snapshot_upto: &[u64],
    merged: &Merged,
    rng: &mut StdRng,
    wall: i64,
    seed: u64,
) {
    let id = DeviceId::parse(&format!("{:016x}", seed | 1 << 61)).expect("device id");
    let mut joiner = Replica::new(id, 0);
    let mut reads: Vec<Vec<Op>> = Vec::new();
    for (d, upto) in devices.iter().zip(snapshot_upto) {
        let (snap, rest): (Vec<Op>, Vec<Op>) = d.own.iter().cloned().partition(|o| o.seq <= *upto);
        reads.push(snap);
        reads.extend(rest.into_iter().map(|o| vec![o]));
    }
    for i in (1..reads.len()).rev() {
        reads.swap(i, rng.random_range(0..=i));
    }
    for ops in reads {
        joiner.receive(ops, wall);
    }
    joiner.settle();
    assert!(joiner.waiting.is_empty(), "seed {seed}: the joiner waits");
    let state = joiner.state();
    assert_eq!(
        state.rows, merged.rows,
        "seed {seed}: the joiner's diary differs"
    );
    assert_eq!(
        state.conflicts, merged.conflicts,
        "seed {seed}: the joiner's questions differ"
    );
}

/// A device leaves for good and its folder is removed before a fifth device joins: the joiner
/// reads the others' snapshots and files, and the gone device's changes only from a relay
/// (its changes 1 to n as one of the others applied them, written into that one's folder), in
/// random order; it must still hold the whole diary and every question. (Its own random
/// numbers, so the figures of the runs above stay as they were.)
fn joined_after_one_left(
    devices: &[Replica],
    snapshot_upto: &[u64],
    merged: &Merged,
    wall: i64,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x05ee_d0fa_9a1e);
    let gone = rng.random_range(0..devices.len());
    let relay_by = (gone + rng.random_range(1..devices.len())) % devices.len();
    let id = DeviceId::parse(&format!("{:016x}", seed | 1 << 62)).expect("device id");
    let mut joiner = Replica::new(id, 0);
    let gone_id = &devices[gone].device;
    let upto = devices[relay_by].applied.get(gone_id);
    let relay: Vec<Op> = devices[relay_by]
        .ops
        .values()
        .filter(|o| &o.device == gone_id && o.seq <= upto)
        .cloned()
        .collect();
    let mut reads: Vec<Vec<Op>> = vec![relay];
    for (d, (r, upto)) in devices.iter().zip(snapshot_upto).enumerate() {
        if d == gone {
            continue;
        }
        let (snap, rest): (Vec<Op>, Vec<Op>) = r.own.iter().cloned().partition(|o| o.seq <= *upto);
        reads.push(snap);
        reads.extend(rest.into_iter().map(|o| vec![o]));
    }
    for i in (1..reads.len()).rev() {
        reads.swap(i, rng.random_range(0..=i));
    }
    for ops in reads {
        joiner.receive(ops, wall);
    }
    joiner.settle();
    assert!(
        joiner.waiting.is_empty(),
        "seed {seed}: the joiner waits after device {gone} left"
    );
    let state = joiner.state();
    assert_eq!(
        state.rows, merged.rows,
        "seed {seed}: the joiner's diary differs after device {gone} left"
    );
    assert_eq!(
        state.conflicts, merged.conflicts,
        "seed {seed}: the joiner's questions differ after device {gone} left"
    );
}

/// Hands each device the parcels due (all of them when `step` is `None`), shuffled.
fn deliver(
    devices: &mut [Replica],
    mail: &mut Vec<Parcel>,
    rng: &mut StdRng,
    step: Option<usize>,
    wall: i64,
) {
    let due: Vec<Parcel>;
    (due, *mail) = std::mem::take(mail)
        .into_iter()
        .partition(|p| step.is_none_or(|s| p.at <= s));
    let mut by_device: Vec<Vec<Op>> = vec![Vec::new(); devices.len()];
    for p in due {
        by_device[p.to].push(p.op);
    }
    for (d, mut ops) in by_device.into_iter().enumerate() {
        for i in (1..ops.len()).rev() {
            ops.swap(i, rng.random_range(0..=i));
        }
        devices[d].receive(ops, wall);
    }
}

fn check_converged(devices: &[Replica], seed: u64) -> Merged {
    let all: Vec<Op> = devices[0].ops.values().cloned().collect();
    let full = merge_all(&all);
    for (i, d) in devices.iter().enumerate() {
        assert!(
            d.waiting.is_empty(),
            "seed {seed}: device {i} still waits for {} operations",
            d.waiting.len()
        );
        let ids: BTreeSet<_> = d.ops.keys().collect();
        let first: BTreeSet<_> = devices[0].ops.keys().collect();
        assert_eq!(ids, first, "seed {seed}: device {i} has other operations");
        let state = d.state();
        assert_eq!(
            state.rows, full.rows,
            "seed {seed}: device {i}'s diary differs from the whole merge"
        );
        assert_eq!(
            state.merged_into, full.merged_into,
            "seed {seed}: device {i}"
        );
        assert_eq!(
            state.conflicts, full.conflicts,
            "seed {seed}: device {i}'s questions differ"
        );
    }
    full
}

/// A write to a register: the operation and the values it gave.
type Written<'a> = (&'a Op, Vec<Value>);

fn frontier_of<'a>(writes: &[Written<'a>]) -> Vec<Written<'a>> {
    writes
        .iter()
        .filter(|(a, _)| !writes.iter().any(|(b, _)| a.seen_by(b)))
        .cloned()
        .collect()
}

/// Every write's register (its linked fields) and record group, brute force.
fn check_conflicts(d: &Replica, merged: &Merged, seed: u64) {
    let group = |t: &str, u: &str| -> Key {
        let k = (t.to_string(), u.to_string());
        merged
            .merged_into
            .get(&k)
            .map_or(k, |kept| (t.to_string(), kept.clone()))
    };
    // (group, register) -> writes (op, value tuple)
    let mut registers: BTreeMap<(Key, String), Vec<Written<'_>>> = BTreeMap::new();
    for op in d.ops.values() {
        let r = rules(&op.table);
        let regs: BTreeSet<&str> = op.fields.keys().map(|f| r.register_of(f)).collect();
        for reg in regs {
            let members: Vec<&str> = r.members(reg).map_or_else(|| vec![reg], <[_]>::to_vec);
            let value = members
                .iter()
                .map(|f| op.fields.get(*f).cloned().unwrap_or(Value::Null))
                .collect();
            registers
                .entry((group(&op.table, &op.uid), reg.to_string()))
                .or_default()
                .push((op, value));
        }
    }
    let mut expected = BTreeSet::new();
    let mut expected_deleted = BTreeSet::new();
    // By record: its registers' frontiers.
    let mut by_record: BTreeMap<&Key, Vec<(&str, Vec<Written<'_>>)>> = BTreeMap::new();
    for ((key, reg), writes) in &registers {
        let r = rules(&key.0);
        let reg = reg.as_str();
        if META.contains(&reg) || !r.changes(reg) || r.first_wins.contains(&reg) {
            continue;
        }
        by_record
            .entry(key)
            .or_default()
            .push((reg, frontier_of(writes)));
    }
    for (key, regs) in &by_record {
        let dead: Vec<&Op> = regs
            .iter()
            .filter(|(reg, _)| *reg == DELETED)
            .flat_map(|(_, front)| {
                front
                    .iter()
                    .filter(|(_, v)| !v[0].is_null())
                    .map(|(o, _)| *o)
            })
            .collect();
        let live = regs
            .iter()
            .filter(|(reg, _)| *reg == DELETED)
            .any(|(_, front)| front.iter().any(|(_, v)| v[0].is_null()));
        let edited = regs
            .iter()
            .filter(|(reg, _)| *reg != DELETED)
            .any(|(_, front)| {
                front.iter().any(|(e, v)| {
                    !(e.create && v.iter().all(Value::is_null))
                        && dead.iter().any(|x| x.concurrent(e))
                })
            });
        if !dead.is_empty() && (live || edited) {
            expected_deleted.insert((*key).clone());
        }
        for (reg, front) in regs.iter().filter(|(reg, _)| *reg != DELETED) {
            let given: BTreeSet<String> = front
                .iter()
                .filter(|(o, v)| !(o.create && v.iter().all(Value::is_null)))
                .map(|(_, v)| serde_json::to_string(v).unwrap_or_default())
                .collect();
            if given.len() > 1 {
                expected.insert(((*key).clone(), reg.to_string()));
            }
        }
    }
    let found: BTreeSet<(Key, String)> = merged
        .conflicts
        .iter()
        .filter(|c| c.kind == Kind::Field)
        .map(|c| ((c.table.clone(), c.uid.clone()), c.fields[0].clone()))
        .collect();
    assert_eq!(
        found, expected,
        "seed {seed}: same-field changes and questions differ"
    );
    let deleted: BTreeSet<Key> = merged
        .conflicts
        .iter()
        .filter(|c| c.kind == Kind::Deleted)
        .map(|c| (c.table.clone(), c.uid.clone()))
        .collect();
    for k in &expected_deleted {
        assert!(
            deleted.contains(k),
            "seed {seed}: a delete against an edit of {k:?} is not a question"
        );
    }
}

fn check_invariants(m: &Merged, seed: u64) {
    let live = |f: &cramp_diary::sync::Fields| f.get(DELETED).is_none_or(Value::is_null);
    let nights: Vec<(&Key, &cramp_diary::sync::Fields)> = m
        .rows
        .iter()
        .filter(|((t, _), f)| t == "nights" && live(f))
        .collect();
    let dates: BTreeSet<String> = nights
        .iter()
        .map(|(_, f)| f["night_of"].to_string())
        .collect();
    assert_eq!(
        dates.len(),
        nights.len(),
        "seed {seed}: two live nights on one date"
    );
    for ((t, _), f) in &m.rows {
        if t != "cramp_episodes" || !live(f) {
            continue;
        }
        let night = m.rows.get(&(
            "nights".to_string(),
            f["night_uid"].as_str().unwrap_or("").to_string(),
        ));
        let night = night.unwrap_or_else(|| panic!("seed {seed}: a cramp without its night"));
        assert!(
            live(night),
            "seed {seed}: a live cramp under a deleted night"
        );
        assert_ne!(
            night["status"], "none",
            "seed {seed}: a cramp-free night with a cramp"
        );
    }
}

/// One device answers every question (its first choice or another), everything is delivered,
/// until none is left: every question can be answered, and the answers reach every device.
fn answer_everything(
    devices: &mut [Replica],
    rng: &mut StdRng,
    mut minutes: i64,
    seed: u64,
) -> usize {
    let mut answers = 0;
    for _round in 0..40 {
        let who = rng.random_range(0..devices.len());
        devices[who].settle();
        if devices[who].conflicts().is_empty() {
            break;
        }
        minutes += 5;
        let (wall, at) = stamp(minutes + devices[who].skew);
        let writes = actions::choose(&devices[who], rng, &at);
        let before = devices[who].own.len();
        devices[who].write(writes, wall, &at);
        answers += 1;
        let sent: Vec<Op> = devices[who].own[before..].to_vec();
        for (i, d) in devices.iter_mut().enumerate() {
            if i != who {
                d.receive(sent.clone(), wall);
            }
        }
    }
    devices.iter_mut().for_each(Replica::settle);
    let merged = check_converged(devices, seed);
    assert!(
        merged.conflicts.is_empty(),
        "seed {seed}: questions left after answering: {:#?}",
        merged.conflicts
    );
    check_invariants(&merged, seed);
    answers
}

#[test]
fn three_devices_hold_the_same_diary_and_every_question_in_thousands_of_seeded_runs() {
    let total = Figures::of_runs(0, 2000, 30);
    // The README's figures (`--nocapture`).
    println!("{}", total.sentence(2000, 30));
    // The runs do make questions of every kind (a simulator that never disagrees proves nothing).
    assert!(
        total.field > 100 && total.deleted > 20 && total.duplicate > 20,
        "{total:?}"
    );
}

/// The larger run whose figures the README gives: `cargo test --release --test it
/// sync_sim::larger -- --ignored --nocapture`.
#[test]
#[ignore = "a larger run for the README's figures (about a minute in release)"]
fn larger() {
    let runs = 20_000u64;
    println!(
        "{}",
        Figures::of_runs(1_000_000, runs, 80).sentence(runs, 80)
    );
}
