//! `cramp sync`: sync now with a folder, see how each device stands, answer the conflicts,
//! rebuild the diary from the logs. Its clap arguments are here, beside the code.

use crate::clock::Clock;
use crate::crypt::SyncKey;
use crate::domain::{Invalid, Stamp};
use crate::store::Store;
use crate::store::sync::{Compact, Compacted, SyncReport, SyncStatus};
use clap::{Args, Subcommand};
use color_eyre::eyre::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub action: Option<SyncAction>,
    /// The sync folder (one your sync tool copies) [default: sync.dir in the config]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Per device: changes made and applied here, what waits, when last seen
    Status {
        #[command(flatten)]
        folder: FolderArg,
    },
    /// The conflicts waiting for you, each with both values, device and time
    Conflicts,
    /// Sync, then put this device's changes every device has into one snapshot and remove its older files
    Compact {
        #[command(flatten)]
        folder: FolderArg,
    },
    /// Retire a device gone for good: relay its changes here and stop waiting for it to compact
    #[command(
        after_help = "Example:\n  cramp sync status\n  cramp sync retire 3f2a1c\n\nOnly a device whose every change in the folder this diary has applied can be retired. Its changes are then kept in this device's folder (a relay), so its own folder may be removed and a device joining later still gets them."
    )]
    Retire {
        /// The device: the start of its id (4 digits or more) or its host name, as `cramp sync status` shows them
        device: String,
        #[command(flatten)]
        folder: FolderArg,
    },
    /// Replay every operation into the diary they give, and report each difference from the live one
    Rebuild {
        /// Keep the rebuilt diary (the live one is backed up beside it first)
        #[arg(long)]
        adopt: bool,
    },
    /// Answer a conflict: its id and the number of the value to keep
    #[command(after_help = "Example:\n  cramp sync conflicts\n  cramp sync choose 3f2a1c 2")]
    Choose {
        /// The conflict's id, as `cramp sync conflicts` shows it
        id: String,
        /// The number of the choice (1, 2...)
        choice: String,
    },
}

/// `DIR` of `sync status`, `sync compact` and `sync retire`.
#[derive(Debug, Args)]
pub struct FolderArg {
    /// The sync folder [default: sync.dir in the config]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs one sync step that writes (sync, compact, retire) through the folder given, else
/// `sync.dir`, with its key; the diary's write is finished whether or not the step failed.
fn through_folder<T>(
    db: &Path,
    given: Option<PathBuf>,
    settings: &crate::config::Config,
    step: impl FnOnce(&mut Store, &Path, Option<&SyncKey>) -> Result<T>,
) -> Result<(Store, PathBuf, T)> {
    let dir = folder(given, settings)?;
    let key = sync_key(settings.sync_key_file.as_deref(), Some(&dir))?;
    let mut store = Store::open(db)?;
    let done = step(&mut store, &dir, key.as_ref());
    super::finish_write(&store);
    Ok((store, dir, done?))
}

/// The folder to sync with: the one given, else `sync.dir` from the config.
fn folder(given: Option<PathBuf>, settings: &crate::config::Config) -> Result<PathBuf, Invalid> {
    given.or_else(|| settings.sync_dir.clone()).ok_or_else(|| {
        Invalid::new(
            "no sync folder: give one (`cramp sync ~/Sync/cramp`) or set sync.dir in the config (`cramp config --default` shows how)",
        )
    })
}

use crate::files::sync_folder::host_name;

/// A folder given as a bare subcommand name (`cramp sync --db d.db status`: an option before
/// the word makes clap read it as DIR) is refused rather than made and filled with the diary's
/// change log; `./status` is a folder of that name.
fn not_a_subcommand(dir: &Path) -> Result<(), Invalid> {
    let command = SyncAction::augment_subcommands(clap::Command::new("sync"));
    let names = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(["help".to_string()]);
    for name in names {
        if dir.as_os_str() == name.as_str() {
            return Err(Invalid::new(format!(
                "sync folder must not be a bare subcommand name, got '{name}': for the subcommand put options after it (`cramp sync {name} --db PATH`), for a folder of that name write ./{name}"
            )));
        }
    }
    Ok(())
}

/// The sync key from `sync.key_file`, when set: a missing, empty, readable-by-others or
/// unusable file is refused with one sentence naming the setting.
pub fn sync_key(key_file: Option<&Path>, dir: Option<&Path>) -> Result<Option<SyncKey>, Invalid> {
    key_file
        .map(|p| SyncKey::for_folder("sync.key_file", p, dir))
        .transpose()
}
use crate::format::conflicts_wait as waiting;

pub fn run(
    db: &Path,
    clock: &Clock,
    args: SyncArgs,
    settings: &crate::config::Config,
) -> Result<ExitCode> {
    match args.action {
        None => {
            if let Some(dir) = &args.dir {
                not_a_subcommand(dir)?;
            }
            let (_store, dir, report) =
                through_folder(db, args.dir, settings, |store, dir, key| {
                    store.sync(dir, &Stamp::at(clock.now()), &host_name(), key)
                })?;
            print_report(&dir, &report);
            // Typed, a sync that could not write its changes out fails (exit 1); what it
            // received is applied, and nothing of this device's is lost (they go out next time).
            Ok(if report.unsent {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(SyncAction::Compact { folder }) => {
            let (store, dir, report) =
                through_folder(db, folder.dir, settings, |store, dir, key| {
                    store.sync_then(
                        dir,
                        &Stamp::at(clock.now()),
                        &host_name(),
                        key,
                        Compact::Now,
                    )
                })?;
            print_report(&dir, &report);
            if report.compacted.removed == 0 {
                print_waiting(&store, &report.compacted)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncAction::Retire { device, folder }) => {
            let (_store, dir, r) = through_folder(db, folder.dir, settings, |store, dir, key| {
                store.sync_retire(dir, &device, &Stamp::at(clock.now()), &host_name(), key)
            })?;
            print_report(&dir, &r.report);
            let who = r.device.named(&r.host);
            match &r.relay {
                Some(relay) => println!(
                    "Retired {who}: this device keeps its changes ({}) in {}, so its folder may be removed; compaction no longer waits for it.",
                    r.changes,
                    relay.display()
                ),
                None if r.changes == 0 => println!(
                    "Retired {who}: it made no change this diary applied; compaction no longer waits for it."
                ),
                None => println!(
                    "Retired {who}: compaction no longer waits for it; its changes ({}) are not relayed yet (the next sync writes them here), so keep its folder until then.",
                    r.changes
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncAction::Status { folder: given }) => {
            let dir = folder(given.dir, settings).ok();
            let key = sync_key(settings.sync_key_file.as_deref(), dir.as_deref())?;
            status(db, dir, key.as_ref())
        }
        Some(SyncAction::Conflicts) => {
            let store = Store::open_reading(db)?;
            print_conflicts(&store)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncAction::Rebuild { adopt }) => rebuild(db, clock, adopt),
        Some(SyncAction::Choose { id, choice }) => {
            let n = choice
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    Invalid::new(format!(
                        "choice must be a number such as 1 or 2, got '{choice}'"
                    ))
                })?;
            let mut store = Store::open(db)?;
            store.sync_choose(id.trim(), n - 1, &Stamp::at(clock.now()))?;
            super::finish_write(&store);
            let left = store.sync_conflict_count()?;
            println!(
                "Chosen. {}",
                match left {
                    0 => "No sync conflicts are left.".to_string(),
                    n => format!(
                        "{} left (`cramp sync conflicts`).",
                        plural(n, "sync conflict")
                    ),
                }
            );
            // Answered with sync.dir set: the answer goes to the other devices now.
            if let Some(dir) = &settings.sync_dir {
                quietly(&mut store, dir, settings.sync_key_file.as_deref(), clock);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Syncs after a save when `sync.dir` is set; a folder out of reach never fails the save
/// (one line on stderr says so, a bad or missing key as well), and another sync of this diary
/// running never holds the command up (the save goes out at the next sync).
pub fn quietly(store: &mut Store, dir: &Path, key_file: Option<&Path>, clock: &Clock) {
    let key = match sync_key(key_file, Some(dir)) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("cramp: saved, but not synced: {e}");
            let _ = store.checkpoint();
            return;
        }
    };
    let now = Stamp::at(clock.now());
    match store.sync_and_checkpoint(dir, &now, &host_name(), key.as_ref(), false) {
        Ok(r) if r.busy => {
            eprintln!(
                "cramp: saved; not synced now: another sync of this diary is running, and this change goes out at the next sync"
            );
        }
        Ok(r) if r.conflicts > 0 => {
            eprintln!("cramp: {}: cramp sync conflicts", waiting(r.conflicts));
        }
        Ok(_) => {}
        Err(e) => eprintln!("cramp: saved, but not synced: {}", first_line(&e)),
    }
}

/// `cramp sync rebuild [--adopt]`: compares first; adopts (after a backup) only when asked and
/// something differs.
fn rebuild(db: &Path, clock: &Clock, adopt: bool) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    let r = store.sync_rebuild(None)?;
    if r.differences.is_empty() {
        println!(
            "Rebuilt from {} in {}: the diary is exactly what its operations give.",
            plural(r.operations as usize, "operation"),
            if r.families == 1 {
                "1 family of records".to_string()
            } else {
                format!("{} families of records", r.families)
            },
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} between the live diary and the one its {} give:",
        plural(r.differences.len(), "difference"),
        plural(r.operations as usize, "operation"),
    );
    for d in &r.differences {
        println!("  {d}");
    }
    if !adopt {
        println!(
            "Nothing was changed: `cramp sync rebuild --adopt` keeps the rebuilt diary (the live one is backed up first)."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let backup = backup_path(db, clock);
    store.sync_rebuild(Some(&backup))?;
    super::finish_write(&store);
    println!(
        "Adopted the rebuilt diary; the live one is backed up at {}.",
        backup.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `diary.db.before-rebuild-20261123-0730.bak` beside the diary (numbered if taken).
fn backup_path(db: &Path, clock: &Clock) -> PathBuf {
    let name = db
        .file_name()
        .map_or("diary.db".into(), |n| n.to_string_lossy().into_owned());
    let dir = crate::files::folder_of(db);
    let when = clock.now().format("%Y%m%d-%H%M");
    let mut target = dir.join(format!("{name}.before-rebuild-{when}.bak"));
    let mut n = 2;
    while target.exists() {
        target = dir.join(format!("{name}.before-rebuild-{when}.{n}.bak"));
        n += 1;
    }
    target
}

fn first_line(e: &color_eyre::eyre::Report) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn print_report(dir: &Path, r: &SyncReport) {
    let device = r.device.as_ref().map_or("?", |d| d.short());
    println!(
        "Synced with {} as device {device}: sent {}, applied {} from {}.",
        dir.display(),
        plural(r.sent as usize, "change"),
        plural(r.received as usize, "change"),
        plural(r.devices, "other device"),
    );
    if r.waiting_update > 0 {
        println!(
            "{} for the update of cramp on this device (they depend on changes from a newer cramp, which wait in the folder).",
            waits(r.waiting_update)
        );
    }
    if r.waiting > r.waiting_update {
        println!(
            "{} for changes not in the folder yet (they are applied when those arrive).",
            waits(r.waiting - r.waiting_update)
        );
    }
    if r.conflicts > 0 {
        println!("{} for you: cramp sync conflicts", waiting(r.conflicts));
    }
    for (device, n) in &r.relayed {
        println!(
            "Relayed device {}'s changes ({n}) in this device's folder: its own files no longer hold them, and a device joining later reads them here.",
            device.short(),
        );
    }
    let c = &r.compacted;
    if c.removed > 0 {
        println!(
            "Compacted: this device's changes 1-{} are in one snapshot; {} removed, its folder {} -> {}.",
            c.upto,
            plural(c.removed, "older file"),
            size(c.bytes_before),
            size(c.bytes_after),
        );
    }
    for remark in &r.remarks {
        eprintln!("cramp: {remark}");
    }
}

/// "1 change waits", "2 changes wait".
fn waits(n: u64) -> String {
    let verb = if n == 1 { "waits" } else { "wait" };
    format!("{} {verb}", plural(n as usize, "change"))
}

/// A size in bytes, for people: `812 B`, `38.4 KB`, `1.2 MB` (decimal units).
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Why `cramp sync compact` removed nothing: the devices that lack some of this device's
/// changes, by name, or that there was nothing to compact.
fn print_waiting(store: &Store, c: &Compacted) -> Result<()> {
    if c.waiting_for.is_empty() {
        println!(
            "Nothing to compact: this device's files hold no change that is not in its snapshot yet."
        );
        return Ok(());
    }
    let status = store.sync_status()?;
    let names: Vec<String> = c
        .waiting_for
        .iter()
        .map(|(d, n)| {
            let host = status
                .devices
                .iter()
                .find(|s| &s.device == d)
                .map_or(String::new(), |s| s.host.clone());
            format!("{} has {n} of them", d.named(&host))
        })
        .collect();
    println!(
        "Nothing compacted: every known device must have this device's changes first; {} (it compacts after they sync).",
        names.join(", ")
    );
    for d in &c.gone {
        println!(
            "Device {}'s folder is not in the sync folder: if it is gone for good, `cramp sync retire {}` stops compaction waiting for it (its changes stay relayed here).",
            d.short(),
            d.short()
        );
    }
    Ok(())
}

fn status(db: &Path, dir: Option<PathBuf>, key: Option<&SyncKey>) -> Result<ExitCode> {
    let store = Store::open_reading(db)?;
    let s: SyncStatus = store.sync_status()?;
    println!("This device: {} (this diary, {})", s.device, db.display());
    match &dir {
        Some(d) => println!("Sync folder: {}", d.display()),
        None => println!("Sync folder: none set (sync.dir in the config, or `cramp sync DIR`)"),
    }
    match key {
        Some(k) => println!(
            "Encryption: on, every sync file this device writes is sealed to the key ending {} (sync.key_file)",
            k.fingerprint()
        ),
        None => println!("Encryption: off (no sync.key_file in the config)"),
    }
    // A folder this device cannot read: said once, in one sentence.
    let locked = dir
        .as_deref()
        .and_then(|d| crate::store::sync::check_folder_key(d, key, Some(&s.device)).err());
    if let Some(e) = &locked {
        println!("Locked: {e}");
    }
    if !s.recording {
        println!("Not synced yet: changes are recorded from the first `cramp sync`.");
        return Ok(ExitCode::SUCCESS);
    }
    // The folder as the next sync will find it (this device's changes in it counted there).
    let check = dir
        .as_deref()
        .filter(|_| locked.is_none())
        .map(|d| store.sync_check_folder(d, key));
    let in_folder = match &check {
        Some(Ok(c)) => c.in_folder,
        _ => s.sent,
    };
    println!(
        "Changes made here: {}; in the folder: {}{}",
        s.changes,
        in_folder,
        if in_folder < s.changes {
            " (the rest go out at the next sync)"
        } else {
            ""
        }
    );
    if s.devices.is_empty() {
        println!("Other devices: none seen yet.");
    }
    for d in &s.devices {
        println!(
            "Device {} ({}): made {}, applied here {}{}; has {} of this device's {}; wrote {}, read here {}{}",
            d.device,
            if d.host.is_empty() {
                "no host name"
            } else {
                &d.host
            },
            d.made,
            d.applied,
            if d.waiting > 0 {
                format!(", {} waiting", d.waiting)
            } else {
                String::new()
            },
            d.has_ours,
            s.changes,
            nice(&d.written),
            nice(&d.read_at),
            if d.schema > crate::store::LATEST_VERSION {
                "; it runs a newer cramp: update cramp on this device"
            } else {
                ""
            }
        );
        if let Some(n) = d.retired {
            println!(
                "  retired at its change {n}: compaction no longer waits for it (`cramp sync retire`)"
            );
        }
    }
    println!("Conflicts waiting: {}", s.conflicts);
    for r in &s.refused {
        println!("Left out: {r}");
    }
    match check {
        Some(Ok(c)) => {
            for r in c.remarks {
                println!("Noticed: {r}");
            }
        }
        Some(Err(e)) => println!("Unreadable: {}", first_line(&e)),
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn nice(stamp: &str) -> String {
    if stamp.is_empty() {
        "never".into()
    } else {
        stamp.replacen('T', " ", 1)
    }
}

fn print_conflicts(store: &Store) -> Result<()> {
    let questions = store.sync_questions()?;
    if questions.is_empty() {
        println!("No sync conflicts.");
        return Ok(());
    }
    println!(
        "{} (answer each with: cramp sync choose ID N)",
        plural(questions.len(), "sync conflict")
    );
    for q in &questions {
        println!();
        println!("[{}] {}: {}", q.id, q.record, q.what);
        for (i, a) in q.answers.iter().enumerate() {
            let who = if a.who.is_empty() {
                String::new()
            } else {
                format!(" — {}", a.who)
            };
            let now = if a.shown { "  (shown now)" } else { "" };
            println!("  {}. {}{who}{now}", i + 1, a.says);
        }
        for (i, about) in q.about.iter().enumerate() {
            println!(
                "     {} {about}",
                if i == 0 { "first: " } else { "second:" }
            );
        }
    }
    Ok(())
}
