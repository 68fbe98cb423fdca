//! Sync's costs on a 10-year diary (README "Performance"): a fresh device applying a folder
//! that holds 10 years of another device's operations, and a sync with one new entry on a
//! diary whose folder already holds its and another device's history. The folders and diaries
//! are made before anything is timed; each timed apply starts from a fresh copy of the folder
//! and an empty diary.
#![allow(clippy::unwrap_used)]

use cramp_diary::domain::Stamp;
use cramp_diary::store::{NightChange, NightEntry, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "common/diary.rs"]
mod diary;
use diary::{day, diary, now};

fn stamp() -> Stamp {
    Stamp::at(now())
}

/// A new night, logged cramp-free (an entry the screen's `n` makes).
fn cramp_free() -> NightEntry {
    NightEntry {
        change: Some(NightChange::CrampFree),
        ..NightEntry::default()
    }
}

/// Copies the sync folder `from` (device folders of files, and files) to `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // The laptop: ten years, sent to the folder by its first sync.
    let folder = dir.path().join("sync");
    let mut laptop = diary(dir.path(), 10);
    let sent = laptop.sync(&folder, &stamp(), "laptop", None).unwrap().sent;

    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    let mut received = 0;
    group.bench_function("fresh device applies 10y of another device", |b| {
        b.iter_batched(
            || {
                let fresh = tempfile::tempdir().unwrap();
                copy_folder(&folder, &fresh.path().join("sync"));
                let store = Store::open(&fresh.path().join("phone.db")).unwrap();
                (fresh, store)
            },
            |(fresh, mut store)| {
                let r = store
                    .sync(&fresh.path().join("sync"), &stamp(), "phone", None)
                    .unwrap();
                received = r.received;
                (fresh, store)
            },
            BatchSize::PerIteration,
        )
    });
    eprintln!("sync: the laptop sent {sent} operations; a fresh device applied {received}");

    // The phone (a device that has everything) logs a week of new nights, so the folder holds two devices'
    // histories; the laptop takes them in. Then each timed sync follows one new entry.
    let mut phone = Store::open(&dir.path().join("phone.db")).unwrap();
    phone.sync(&folder, &stamp(), "phone", None).unwrap();
    for d in 0..7 {
        let night = day("2026-11-23") + chrono::Duration::days(d);
        phone.log_night(night, &cramp_free(), &stamp()).unwrap();
    }
    phone.sync(&folder, &stamp(), "phone", None).unwrap();
    laptop.sync(&folder, &stamp(), "laptop", None).unwrap();
    let mut n = 0u32;
    group.bench_function("one entry then sync, 10y, 2 devices", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let night = day("2026-12-01") + chrono::Duration::days(i64::from(n));
                laptop.log_night(night, &cramp_free(), &stamp()).unwrap();
                let started = Instant::now();
                laptop.sync(&folder, &stamp(), "laptop", None).unwrap();
                timed += started.elapsed();
            }
            timed
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
