//! Time from starting `cramp` in a pseudo-terminal to its first drawn frame, the CPU time it
//! used until then (all its threads, from /proc/PID/task/*/schedstat: nanoseconds on a CPU, so
//! other programs sharing the machine barely move it), and its peak memory (VmHWM):
//! `first_frame CRAMP_BINARY DIARY RUNS [DIARY ...]`. Prints median/min/max ms, median CPU ms
//! and peak KiB. A DIARY written `PATH@CONFIG` runs with `CRAMP_CONFIG=CONFIG`. With more than
//! one diary the runs take turns (a round runs each once), so a change of load falls on all
//! alike, and one line is printed per diary.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Nanoseconds the process `pid` has run on a CPU so far, summed over its threads.
fn cpu_ns(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum()
}

fn one_run(
    bin: &str,
    db: &str,
    config: Option<&str>,
) -> Result<(Duration, Duration, u64), Box<dyn std::error::Error>> {
    let pair = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--db", db]);
    cmd.env("CRAMP_NOW", "2026-11-23T07:30");
    cmd.env("TERM", "xterm-256color");
    if let Some(config) = config {
        cmd.env("CRAMP_CONFIG", config);
    }
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd)?;
    let pid = child.process_id().unwrap_or(0);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(40, 120, 0)));
    let mut reader = pair.master.try_clone_reader()?;
    let p = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = p.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let deadline = started + Duration::from_secs(20);
    let (first_frame, cpu) = loop {
        let drawn = parser
            .lock()
            .map(|p| p.screen().contents().contains("cramp diary"))
            .unwrap_or(false);
        if drawn {
            break (started.elapsed(), Duration::from_nanos(cpu_ns(pid)));
        }
        if Instant::now() > deadline {
            return Err("no frame within 20 s".into());
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let peak = peak_kib(pid);
    let mut writer = pair.master.take_writer()?;
    writer.write_all(b"q")?;
    writer.flush()?;
    child.wait()?;
    Ok((first_frame, cpu, peak))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (bin, first) = (
        args.get(1)
            .ok_or("usage: first_frame BIN DB RUNS [DB ...]")?,
        args.get(2).ok_or("DB")?,
    );
    let runs: usize = args.get(3).map_or(Ok(20), |r| r.parse())?;
    let diaries: Vec<(&str, Option<&str>)> = std::iter::once(first)
        .chain(args.iter().skip(4))
        .map(|d| match d.split_once('@') {
            Some((db, config)) => (db, Some(config)),
            None => (d.as_str(), None),
        })
        .collect();
    let mut times = vec![Vec::new(); diaries.len()];
    let mut cpus = vec![Vec::new(); diaries.len()];
    let mut peaks = vec![0; diaries.len()];
    for _ in 0..runs {
        for (i, (db, config)) in diaries.iter().enumerate() {
            let (t, c, p) = one_run(bin, db, *config)?;
            times[i].push(t);
            cpus[i].push(c);
            peaks[i] = peaks[i].max(p);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for i in 0..diaries.len() {
        let (times, cpus) = (&mut times[i], &mut cpus[i]);
        times.sort();
        cpus.sort();
        let prefix = if diaries.len() > 1 {
            format!("{}: ", diaries[i].0)
        } else {
            String::new()
        };
        println!(
            "{prefix}first frame: median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs; CPU until then median {:.1} ms; peak memory {} KiB",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
            ms(cpus[cpus.len() / 2]),
            peaks[i]
        );
    }
    Ok(())
}
