//! One sync: check the folder, read what is new in it (everything checked before anything is
//! written), write this device's changes to its own files, then apply the other devices'
//! changes in one short transaction.

use super::apply::{Unwritable, materialize};
use super::compact::{Compact, Compacted, compact};
use super::folder::{DEVICE_FORMAT, DeviceNote, Found, Progress, Read, check_key, read_all};
use super::ops::{self, SyncState, family_of_record, insert_op, set_family, state};
use super::relay::{all_retired, relay};
use super::triggers::start_recording;
use crate::crypt::SyncKey;
use crate::crypt::sync_key::is_sealed;
use crate::domain::{Invalid, Stamp};
use crate::files::sync_folder::{self as folder, DEVICE_FILE, DEVICE_PREFIX, Kind, ops_name};
use crate::store::{LATEST_VERSION, Store};
use crate::sync::line::{FILE_VERSION, Header, header_line, op_line, op_line_in};
use crate::sync::rules::family_of;
use crate::sync::{DeviceId, Op, OpId, Vector};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A new operation file is started past this size, so no file grows without end.
const SEGMENT_BYTES: u64 = 256 * 1024;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    pub device: Option<DeviceId>,
    /// This device's changes written to the folder now.
    pub sent: u64,
    /// Other devices' changes applied now.
    pub received: u64,
    /// Devices whose files were read.
    pub devices: usize,
    /// Changes read that wait for one they depend on.
    pub waiting: u64,
    /// Of those, the ones that wait for changes from a newer cramp (they are in the folder;
    /// applied after this device's cramp is updated).
    pub waiting_update: u64,
    /// Questions waiting for the person.
    pub conflicts: usize,
    /// Things worth knowing that stopped nothing (a torn line, the folder not writable).
    pub remarks: Vec<String>,
    /// What compacting this device's files did (or waits for).
    pub compacted: Compacted,
    /// Nothing was done: another sync of this diary was running (asked not to wait for it).
    pub busy: bool,
    /// This device's changes could not be written to the folder (a full disk...): they stay in
    /// the diary and go out at the next sync; the remark says why.
    pub unsent: bool,
    /// Devices whose changes this device relayed now (their own files no longer hold them, or
    /// they are retired): each with how many of its changes.
    pub relayed: Vec<(DeviceId, u64)>,
}

fn device_folder(dir: &Path, device: &DeviceId) -> PathBuf {
    dir.join(format!("{DEVICE_PREFIX}{device}"))
}

fn progress_done(conn: &Connection) -> rusqlite::Result<BTreeMap<String, Progress>> {
    let mut stmt = conn.prepare_cached("SELECT name, read_to, lines, last FROM sync_files")?;
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Progress {
                read_to: r.get::<_, i64>(1)? as u64,
                lines: r.get::<_, i64>(2)? as u64,
                last: r.get(3)?,
            },
        ))
    })?
    .collect()
}

impl Store {
    /// Syncs with the folder `dir`. `now` is the app's clock; `host` names this device. With
    /// `key`, everything this device writes to the folder is sealed to it (and the folder is
    /// marked encrypted); a folder marked encrypted is refused without the same key.
    pub fn sync(
        &mut self,
        dir: &Path,
        now: &Stamp,
        host: &str,
        key: Option<&SyncKey>,
    ) -> Result<SyncReport> {
        self.sync_then(dir, now, host, key, Compact::Auto)
    }

    /// Syncs, compacting this device's files `when` (see [`Compact`]), waiting for another
    /// sync of this diary to end first.
    pub fn sync_then(
        &mut self,
        dir: &Path,
        now: &Stamp,
        host: &str,
        key: Option<&SyncKey>,
        when: Compact,
    ) -> Result<SyncReport> {
        self.sync_with(dir, now, host, key, when, true)
    }

    /// Syncs, compacting `when`; without `wait`, does nothing (`busy`) while another sync of
    /// this diary runs.
    fn sync_with(
        &mut self,
        dir: &Path,
        now: &Stamp,
        host: &str,
        key: Option<&SyncKey>,
        when: Compact,
        wait: bool,
    ) -> Result<SyncReport> {
        let dir = folder::check_dir(dir, &self.path)?;
        // Applying a change reads and writes its record through a few statements per table
        // (kept prepared: parsing them again for each of thousands of changes cost more than
        // running them).
        self.conn.set_prepared_statement_cache_capacity(64);
        slow_folder_for_tests();
        let admitted = check_key(&dir, key, true, Some(&state(&self.conn)?.device))?;
        {
            let tx = self.conn.transaction()?;
            start_recording(&tx)?;
            tx.commit()
                .wrap_err("starting to record changes for sync")?;
        }
        let mut s = state(&self.conn)?;
        // One sync of this device at a time from here (the screen's and a command's), so what
        // it read is what is there when it writes and removes (released at the end). Where
        // the folder has no locks (or cannot be written) nothing is removed.
        let own = device_folder(&dir, &s.device);
        folder::check_own_folder(&own)?;
        let lock = match folder::ensure_folder(&own).map(|()| folder::lock_own(&own, wait)) {
            Ok(folder::OwnLock::Held(f)) => Some(f),
            Ok(folder::OwnLock::Busy) => {
                return Ok(SyncReport {
                    device: Some(s.device.clone()),
                    busy: true,
                    ..SyncReport::default()
                });
            }
            Ok(folder::OwnLock::NoLocks) | Err(_) => None,
        };
        let done = progress_done(&self.conn)?;
        let mut found = read_all(
            &dir,
            &done,
            &s.have(),
            known_schema(),
            key,
            &admitted,
            Some(&s.device),
        )?;
        let mut report = SyncReport {
            device: Some(s.device.clone()),
            remarks: admitted.remarks,
            ..SyncReport::default()
        };
        if let Some(fork) = self.check_own(&found, &s)? {
            report.remarks.push(fork);
            s = state(&self.conn)?;
            report.device = Some(s.device.clone());
        }
        self.check_known(&found, &s)?;
        // Retirements other devices wrote travel on through this one.
        let retired = all_retired(&self.conn, &s.device, &found)?;
        if retired != ops::retired(&self.conn)? {
            ops::set_retired(&self.conn, &retired)?;
        }
        // Before this sync writes: the files read are the files there (a write failing here,
        // as below, only leaves them for the next sync). Never without the lock.
        if lock.is_some() {
            match relay(
                &self.conn,
                &dir,
                &s,
                &found,
                &retired,
                key,
                &mut report.remarks,
            ) {
                Ok(r) => report.relayed = r,
                Err(e) => report.remarks.push(format!(
                    "the changes of a device whose folder is gone were not relayed ({}); the next sync tries again",
                    first_line_of(&e)
                )),
            }
            match compact(&self.conn, &dir, &s, &found, &retired, key, when) {
                Ok(c) => report.compacted = c,
                Err(e) => report.remarks.push(format!(
                    "this device's older files were not compacted ({}); nothing is lost, the next sync tries again",
                    first_line_of(&e)
                )),
            }
        }
        let mut sent = s.sent;
        match send(&dir, &self.conn, &s, &found, key, &mut report.remarks) {
            Ok(n) => {
                report.sent = n;
                sent = s.seq;
            }
            Err(e) => {
                report.unsent = true;
                report.remarks.push(format!(
                    "{}; this device's changes stay in the diary and go out at the next sync",
                    crate::files::write_error(&device_folder(&dir, &s.device), &e)
                ));
            }
        }
        self.receive(&mut found, now, sent, &mut report)?;
        let s = state(&self.conn)?;
        let mine = found.notes.get(&s.device);
        let retired = ops::retired(&self.conn)?;
        if let Err(e) = write_device_note(&dir, &s, host, now, mine, &retired, key) {
            report.unsent = true;
            report.remarks.push(crate::files::write_error(
                &device_folder(&dir, &s.device).join(DEVICE_FILE),
                &e,
            ));
        }
        report.devices = found.notes.keys().filter(|d| **d != s.device).count();
        report.conflicts = self.sync_conflict_count()?;
        report.remarks.append(&mut found.remarks);
        Ok(report)
    }

    /// A sync, then the checkpoint that folds the `-wal` into the diary (how a command that
    /// saved ends, and the screen's background sync). The sync's own transaction is not flushed
    /// to disk by itself (`synchronous = NORMAL`, still whole-or-nothing if the process dies):
    /// the checkpoint right after flushes it with the rest. Should the power go before that,
    /// only what the sync wrote is gone (never a save: that was flushed when it was made), and
    /// the next sync does it again from the folder.
    pub fn sync_and_checkpoint(
        &mut self,
        dir: &Path,
        now: &Stamp,
        host: &str,
        key: Option<&SyncKey>,
        wait: bool,
    ) -> Result<SyncReport> {
        let report = match self.conn.pragma_update(None, "synchronous", "NORMAL") {
            Ok(()) => self.sync_with(dir, now, host, key, Compact::Auto, wait),
            Err(e) => Err(e.into()),
        };
        let _ = self.checkpoint();
        let _ = self.conn.pragma_update(None, "synchronous", "FULL");
        report
    }

    /// This device's own files must hold only the changes this diary made. Changes under its
    /// id that it does not have mean its file was copied to another computer, or it was restored
    /// from a backup, and both went on: it carries on as a new device (the other copy keeps the
    /// old id), so nothing from either is lost.
    fn check_own(&mut self, found: &Found, s: &SyncState) -> Result<Option<String>> {
        let mut split = None;
        for r in found.ops.iter().filter(|r| r.op.device == s.device) {
            let same = ops::op(&self.conn, &s.device, r.op.seq)?;
            match same {
                Some(mine) if mine == r.op => {}
                Some(_) => {
                    split = Some(split.map_or(r.op.seq, |k: u64| k.min(r.op.seq)));
                }
                None => {}
            }
        }
        let Some(k) = split else { return Ok(None) };
        let new = DeviceId::random();
        let old = s.device.clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE sync_ops SET device = ?1, seq = seq - ?3 + 1,
                 seen = json_set(seen, '$.\"' || ?2 || '\"', ?3 - 1)
             WHERE device = ?2 AND seq >= ?3",
            params![new.as_str(), old.as_str(), k as i64],
        )?;
        let mut applied = s.applied.clone();
        applied.set(&old, k - 1);
        tx.execute(
            "UPDATE sync_state SET device = ?1, seq = seq - ?2 + 1, applied = ?3, sent = 0",
            params![
                new.as_str(),
                k as i64,
                serde_json::to_string(&applied).unwrap_or_default()
            ],
        )?;
        tx.commit()?;
        Ok(Some(format!(
            "this diary shares its sync id with another copy of it (a copied file or a restored backup) and both changed; it now syncs as device {new}, and the other copy's changes are merged like another device's"
        )))
    }

    /// A change read that is already applied here must be the same change.
    fn check_known(&self, found: &Found, s: &SyncState) -> Result<()> {
        for r in &found.ops {
            if r.op.device == s.device {
                continue;
            }
            if let Some(have) = ops::op(&self.conn, &r.op.device, r.op.seq)?
                && have != r.op
            {
                return Err(Invalid::new(format!(
                    "{} line {} differs from that device's change {} as this diary applied it: it {}",
                    r.file,
                    r.line,
                    r.op.seq,
                    "was changed by hand; restore it from the device that wrote it (or move it out of the sync folder: this diary keeps the change as it had it)"
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Applies every change read (and every change that waited) whose dependencies are applied.
    fn receive(
        &mut self,
        found: &mut Found,
        now: &Stamp,
        sent: u64,
        report: &mut SyncReport,
    ) -> Result<()> {
        let wall = crate::sync::clock::wall_of(now.as_str()).unwrap_or(0);
        let tx = self.conn.transaction()?;
        tx.prepare_cached("UPDATE sync_state SET applying = 1")?
            .execute([])?;
        let mut s = state(&tx)?;
        let mut have = s.have();
        // Per device, by sequence number: a change is ready only when its device's previous
        // one is applied, so each round looks at one candidate per device (not at every
        // change read, which made applying n changes of one device take n² looks).
        let mut incoming: BTreeMap<DeviceId, BTreeMap<u64, Read>> = BTreeMap::new();
        for r in waiting(&tx)? {
            incoming
                .entry(r.op.device.clone())
                .or_default()
                .insert(r.op.seq, r);
        }
        for r in std::mem::take(&mut found.ops) {
            if !have.covers(&r.op.device, r.op.seq) {
                incoming
                    .entry(r.op.device.clone())
                    .or_default()
                    .insert(r.op.seq, r);
            }
        }
        let mut dirty = BTreeSet::new();
        let mut newest: BTreeMap<String, (String, u64)> = BTreeMap::new();
        // Where each change applied now was read, to name one the merge leaves out.
        let mut read_at: BTreeMap<OpId, (String, u64)> = BTreeMap::new();
        loop {
            // Each round applies, in (device, sequence) order, what was ready when it began.
            let ready: Vec<OpId> = incoming
                .iter()
                .filter_map(|(device, ops)| ops.get(&(have.get(device) + 1)))
                .filter(|r| r.op.ready(&have))
                .map(|r| r.op.id())
                .collect();
            if ready.is_empty() {
                break;
            }
            for id in ready {
                let Some(r) = incoming
                    .get_mut(&id.device)
                    .and_then(|ops| ops.remove(&id.seq))
                else {
                    continue;
                };
                check_fields(&r)?;
                let family = place(&tx, &r.op)?;
                insert_op(&tx, &r.op, Some(&family))?;
                have.set(&r.op.device, r.op.seq);
                if r.op.device == s.device {
                    s.seq = s.seq.max(r.op.seq);
                } else {
                    report.received += 1;
                }
                s.hlc = s.hlc.receive(r.op.hlc, wall);
                newest.insert(family.clone(), (r.file.clone(), r.line));
                read_at.insert(r.op.id(), (r.file.clone(), r.line));
                dirty.insert(family);
            }
        }
        tx.prepare_cached("DELETE FROM sync_waiting")?.execute([])?;
        let incoming: Vec<Read> = incoming
            .into_values()
            .flat_map(BTreeMap::into_values)
            .collect();
        for r in &incoming {
            tx.execute(
                "INSERT OR REPLACE INTO sync_waiting (device, seq, line, file) VALUES (?1, ?2, ?3, ?4)",
                params![
                    r.op.device.as_str(),
                    r.op.seq as i64,
                    op_line(&r.op),
                    format!("{}:{}", r.file, r.line)
                ],
            )?;
        }
        report.waiting = incoming.len() as u64;
        report.waiting_update = waiting_for_update(&incoming, &have, &found.newer);
        // This device's own changes since the last sync, placed in their families.
        let unplaced: Vec<Op> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM sync_ops WHERE family IS NULL ORDER BY device, seq",
                ops::OP_COLUMNS
            ))?;
            stmt.query_map([], ops::op_from_row)?
                .collect::<rusqlite::Result<_>>()?
        };
        for op in unplaced {
            let family = place(&tx, &op)?;
            set_family(&tx, &op.device, op.seq, &family)?;
            dirty.insert(family);
        }
        for family in &dirty {
            match materialize(&tx, family) {
                Ok(merged) => {
                    for (id, why) in &merged.refused {
                        if let Some((file, line)) = read_at.get(id) {
                            report.remarks.push(format!(
                                "{file} line {line} was left out: {why} (the rest was applied; `cramp sync status` lists it)"
                            ));
                        }
                    }
                }
                Err(Err(e)) => return Err(e.into()),
                Err(Ok(Unwritable { table, uid, why })) => {
                    let (file, line) = newest.get(family).cloned().unwrap_or_default();
                    let noun = crate::sync::rules::rules(&table).noun;
                    let why = match why.strip_prefix("CHECK constraint failed: ") {
                        Some(rule) => format!("it breaks the diary's rule {rule}"),
                        None => why,
                    };
                    return Err(Invalid::new(format!(
                        "{file} line {line} holds a change to the {noun} {uid} this diary refuses ({why}), so nothing was changed; check that both devices run the same cramp"
                    ))
                    .into());
                }
            }
        }
        tx.prepare_cached(
            "UPDATE sync_state SET applying = 0, applied = ?1, hlc_wall = ?2, hlc_count = ?3,
                 seq = ?4, sent = ?5",
        )?
        .execute(params![
            serde_json::to_string(&have.without(&s.device)).unwrap_or_default(),
            s.hlc.wall,
            s.hlc.count,
            s.seq as i64,
            sent as i64
        ])?;
        for (name, (device, p)) in &found.progress {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO sync_files (name, device, read_to, lines, last) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![name, device.as_str(), p.read_to as i64, p.lines as i64, p.last])?;
        }
        for (device, note) in &found.notes {
            tx.prepare_cached(
                "INSERT INTO sync_devices (device, host, schema, applied, written, read_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (device) DO UPDATE SET host = ?2, schema = ?3, applied = ?4,
                     written = ?5, read_at = ?6",
            )?
            .execute(params![
                device.as_str(),
                note.host,
                note.schema,
                serde_json::to_string(&note.applied).unwrap_or_default(),
                note.written,
                now.as_str()
            ])?;
        }
        tx.commit()
            .wrap_err("applying the other devices' changes")?;
        Ok(())
    }
}

/// Debug builds only (the test suite's): `CRAMP_TEST_SLOW_SYNC_MS` makes reading the folder
/// that much slower, as a slow network folder would, so a test can show that nothing waits
/// for it. Inert in release builds ([`crate::clock::test_ms`]).
fn slow_folder_for_tests() {
    crate::clock::pause_for_tests("CRAMP_TEST_SLOW_SYNC_MS");
}

fn first_line_of(e: &color_eyre::eyre::Report) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// The newest diary format whose changes this cramp applies: this version's. Debug builds
/// only (the test suite's): `CRAMP_TEST_KNOWN_SCHEMA` raises it, standing in for this device
/// after an update of cramp (the diary's own format is unchanged, so the test's "newer"
/// changes, which only name a newer format, still fit it).
fn known_schema() -> u32 {
    #[cfg(debug_assertions)]
    if let Some(v) = std::env::var("CRAMP_TEST_KNOWN_SCHEMA")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        return v.max(LATEST_VERSION);
    }
    LATEST_VERSION
}

/// Changes read by an earlier sync that wait for one they depend on.
fn waiting(conn: &Connection) -> Result<Vec<Read>> {
    let mut stmt =
        conn.prepare_cached("SELECT line, file FROM sync_waiting ORDER BY device, seq")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (line, file) in rows {
        if let Ok(op) = crate::sync::line::read_op(line.trim_end(), known_schema()) {
            let (file, at) = file.rsplit_once(':').unwrap_or((&file, "0"));
            out.push(Read {
                op,
                file: file.to_string(),
                line: at.parse().unwrap_or(0),
            });
        }
    }
    Ok(out)
}

/// A change must name a table and fields this diary has.
fn check_fields(r: &Read) -> Result<(), Invalid> {
    use crate::sync::rules::KEEP_BOTH;
    let known: Option<&[&str]> = if r.op.table == KEEP_BOTH {
        Some(&[
            "first",
            "second",
            "family",
            "created_at",
            "updated_at",
            "deleted_at",
        ])
    } else {
        super::tables::synced_table(&r.op.table).map(|t| t.columns)
    };
    let ok = known.is_some_and(|cols| {
        r.op.fields
            .keys()
            .all(|f| f != "uid" && cols.contains(&f.as_str()))
    });
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(format!(
            "{} line {} changes a table or field this diary does not have ({}); update cramp on this device, or move the file out of the sync folder if it is not cramp's",
            r.file, r.line, r.op.table
        )))
    }
}

/// The family an operation's record belongs to: from its first write, or from the record's
/// earlier operations.
pub(super) fn place(conn: &Connection, op: &Op) -> Result<String> {
    if let Some(f) = family_of_record(conn, &op.table, &op.uid)? {
        return Ok(f);
    }
    let night = |uid: &str| family_of_record(conn, "nights", uid).ok().flatten();
    Ok(family_of(&op.table, &op.uid, &op.fields, night)
        .unwrap_or_else(|| format!("{}:{}", op.table, op.uid)))
}

/// Writes this device's changes the folder lacks to its own files.
/// How many of the changes left `waiting` wait, directly or through another device's change,
/// for changes of a device whose files hold changes from a newer cramp (`newer`).
fn waiting_for_update(waiting: &[Read], have: &Vector, newer: &BTreeSet<DeviceId>) -> u64 {
    let mut held = newer.clone();
    loop {
        let more: Vec<DeviceId> = waiting
            .iter()
            .filter(|r| !held.contains(&r.op.device))
            .filter(|r| {
                r.op.seen
                    .iter()
                    .any(|(d, n)| held.contains(d) && n > have.get(d))
            })
            .map(|r| r.op.device.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        held.extend(more);
    }
    waiting
        .iter()
        .filter(|r| held.contains(&r.op.device))
        .count() as u64
}

fn send(
    dir: &Path,
    conn: &Connection,
    s: &SyncState,
    found: &Found,
    key: Option<&SyncKey>,
    remarks: &mut Vec<String>,
) -> std::io::Result<u64> {
    let own = device_folder(dir, &s.device);
    folder::ensure_folder(&own)?;
    // What the folder holds of ours: each of our operation files, first to last.
    let name = format!("{DEVICE_PREFIX}{}", s.device);
    let mut covered: Vec<(u64, u64)> = Vec::new();
    let mut last_file: Option<(PathBuf, u64)> = None;
    let mut in_snapshot = 0;
    let (folders, _) = folder::scan(dir)?;
    if let Some(f) = folders.iter().find(|f| f.path == own) {
        for (fname, kind, len) in &f.files {
            // A snapshot of ours holds our changes from the first to `n`.
            if let Kind::Snapshot(n) = kind {
                in_snapshot = in_snapshot.max(*n);
            }
            if let Kind::Ops(first) = kind {
                // With the key, a file of ours that starts plain (written before the folder had
                // a key) is never read by another device: it is emptied, and its changes are
                // written again below, sealed, so a device joining later still gets them.
                let head = folder::read_part(&own.join(fname), 0, 64).unwrap_or_default();
                if key.is_some() && !head.is_empty() && !is_sealed(&head) {
                    folder::cut_to(&own.join(fname), 0)?;
                    remarks.push(format!(
                        "{} was written before this folder had a key (not sealed with it); its changes are written again, sealed",
                        own.join(fname).display()
                    ));
                    last_file = Some((own.join(fname), 0));
                    continue;
                }
                let file = format!("{name}/{fname}");
                let read = found.progress.get(&file).map(|(_, p)| p);
                let lines = read.map_or(0, |p| p.lines);
                if lines > 1 {
                    covered.push((*first, first + lines - 2));
                }
                // Only this device writes here: bytes after its last whole line are a write
                // cut short (killed, disk full). They go, so the next line starts on its own
                // (the changes in them are still in the diary and are written again below).
                let mut len = *len;
                if let Some(whole) = read.map(|p| p.read_to)
                    && len > whole
                {
                    let after = folder::read_part(&own.join(fname), whole, 64).unwrap_or_default();
                    let plain = key.is_some() && !after.is_empty() && !is_sealed(&after);
                    folder::cut_to(&own.join(fname), whole)?;
                    len = whole;
                    remarks.push(if plain {
                        format!(
                            "{} held lines not sealed with this folder's key after its last sealed save; they were cut off (nothing of them applied), and this device's changes are written there again, sealed",
                            own.join(fname).display()
                        )
                    } else {
                        format!(
                            "{} ended in a write cut short (the process killed, or the disk full); it was cut back to its last whole save, and those changes are written again",
                            own.join(fname).display()
                        )
                    });
                }
                last_file = Some((own.join(fname), len));
            }
        }
    }
    let missing: Vec<u64> = (in_snapshot + 1..=s.seq)
        .filter(|n| !covered.iter().any(|(a, b)| a <= n && n <= b))
        .collect();
    let Some(&from) = missing.first() else {
        return Ok(0);
    };
    let ops = ops::own_after(conn, s, from - 1).map_err(std::io::Error::other)?;
    let mut lines: Vec<String> = Vec::new();
    // Appended to only while small, and only if written in this file layout (a file an older
    // cramp started stays in its layout, so that cramp can still read it whole).
    let appendable = last_file.as_ref().is_some_and(|(p, len)| {
        *len < SEGMENT_BYTES
            && covered
                .iter()
                .any(|(a, b)| *b + 1 == from && p.ends_with(ops_name(*a)))
            && header_version(p, key) == Some(FILE_VERSION)
    });
    let path = match (&last_file, appendable) {
        (Some((p, _)), true) => p.clone(),
        _ => {
            lines.push(header_line(&Header::new(&s.device, from)));
            own.join(ops_name(from))
        }
    };
    // The lines written now are one unit: each names the last, so a reader applies them only
    // once all have arrived (a save is never seen half-copied).
    let end = ops.last().map_or(0, |o| o.seq);
    for op in &ops {
        lines.push(op_line_in(op, end));
    }
    let mut bytes = String::new();
    for line in &lines {
        match key {
            // Each line sealed on its own, so the file still grows by whole lines.
            Some(k) => {
                bytes.push_str(&k.seal_line(line.trim_end_matches('\n').as_bytes())?);
                bytes.push('\n');
            }
            None => bytes.push_str(line),
        }
    }
    folder::append(&path, bytes.as_bytes())?;
    Ok(ops.len() as u64)
}

/// The file layout an operation file was started in (its first line's), if it can be read.
fn header_version(path: &Path, key: Option<&SyncKey>) -> Option<u32> {
    let first = folder::first_line(path, 64 * 1024).ok()??;
    let plain = if is_sealed(first.as_bytes()) {
        String::from_utf8(key?.open_line(&first, "").ok()?).ok()?
    } else {
        first
    };
    crate::sync::line::read_header(&plain)
        .ok()
        .map(|h| h.version)
}

/// This device's `device.json`: who it is and what it has applied (its acknowledgement),
/// rewritten only when that changed.
fn write_device_note(
    dir: &Path,
    s: &SyncState,
    host: &str,
    now: &Stamp,
    before: Option<&DeviceNote>,
    retired: &super::folder::Retired,
    key: Option<&SyncKey>,
) -> std::io::Result<()> {
    let note = DeviceNote {
        format: DEVICE_FORMAT.into(),
        device: s.device.to_string(),
        host: host.to_string(),
        schema: LATEST_VERSION,
        applied: s.have(),
        written: now.to_string(),
        retired: retired.clone(),
    };
    if before.is_some_and(|b| {
        b.applied == note.applied
            && b.host == note.host
            && b.schema == note.schema
            && b.retired == note.retired
    }) {
        return Ok(());
    }
    let own = device_folder(dir, &s.device);
    folder::ensure_folder(&own)?;
    let text = serde_json::to_string_pretty(&note).unwrap_or_default();
    let bytes = match key {
        Some(k) => k.seal(text.as_bytes())?,
        None => text.into_bytes(),
    };
    folder::replace_note(&own.join(DEVICE_FILE), &bytes)
}
