//! What `cramp sync status` shows: this device, and per other device what it has written, what
//! this diary applied of it, what waits, when it was last read and whether it has our changes.

use super::ops::state;
use super::relay::Holds;
use crate::files::sync_folder::{self as files, Kind as FileKind};
use crate::store::Store;
use crate::sync::{Conflict, DeviceId, Kind, Vector};
use color_eyre::eyre::Result;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceStatus {
    pub device: DeviceId,
    pub host: String,
    /// The diary format it writes.
    pub schema: u32,
    /// Its changes, as many as it says it has made.
    pub made: u64,
    /// Of them, applied here.
    pub applied: u64,
    /// Read here but waiting for a change they depend on (or for an update of cramp).
    pub waiting: u64,
    /// How many of this device's changes it has applied (its acknowledgement).
    pub has_ours: u64,
    /// When it last wrote to the folder, and when this diary last read it (its clocks).
    pub written: String,
    pub read_at: String,
    /// Retired (`cramp sync retire`, here or on another device) at this many of its changes,
    /// and no change of it known past that point.
    pub retired: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    pub device: DeviceId,
    /// Changes are recorded (it has synced once).
    pub recording: bool,
    /// This device's changes, and of them written to the folder.
    pub changes: u64,
    pub sent: u64,
    pub conflicts: usize,
    pub devices: Vec<DeviceStatus>,
    /// Changes the merge left out, and why.
    pub refused: Vec<String>,
}

impl Store {
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let s = state(&self.conn)?;
        let mut stmt = self.conn.prepare(
            "SELECT d.device, d.host, d.schema, d.applied, d.written, d.read_at,
                    (SELECT count(*) FROM sync_waiting w WHERE w.device = d.device)
             FROM sync_devices d WHERE d.device <> ?1 ORDER BY d.device",
        )?;
        let rows = stmt.query_map([s.device.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)? as u64,
            ))
        })?;
        let retired = super::ops::retired(&self.conn)?;
        let mut devices = Vec::new();
        for row in rows {
            let (device, host, schema, applied, written, read_at, waiting) = row?;
            let Some(device) = DeviceId::parse(&device) else {
                continue;
            };
            let theirs: Vector = serde_json::from_str(&applied).unwrap_or_default();
            let at = retired
                .get(&device)
                .copied()
                .filter(|n| theirs.get(&device).max(s.applied.get(&device)) <= *n);
            devices.push(DeviceStatus {
                retired: at,
                made: theirs.get(&device),
                applied: s.applied.get(&device),
                has_ours: theirs.get(&s.device),
                device,
                host,
                schema,
                waiting,
                written,
                read_at,
            });
        }
        let mut stmt = self
            .conn
            .prepare("SELECT device, seq, why FROM sync_refused ORDER BY device, seq")?;
        let refused = stmt
            .query_map([], |r| {
                Ok(format!(
                    "change {} of device {} was left out: {}",
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncStatus {
            recording: s.recording,
            changes: s.seq,
            sent: s.sent,
            conflicts: self.sync_conflict_count()?,
            devices,
            refused,
            device: s.device,
        })
    }
}

impl Store {
    /// A record in a few words, as the conflicts name it: "night 2026-03-05", "cramp on the
    /// night of 2026-03-05 (left calf, 02:10)".
    pub fn sync_label(&self, table: &str, uid: &str) -> String {
        let Some(t) = super::tables::synced_table(table) else {
            return format!("{table} {uid}");
        };
        let tx = self.conn.unchecked_transaction();
        let row = tx
            .ok()
            .and_then(|tx| super::apply::current(&tx, t, uid).ok().flatten());
        let Some(row) = row else {
            return format!("{} {uid}", crate::sync::rules::rules(table).noun);
        };
        let s = |k: &str| {
            row.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let gone = if row.get("deleted_at").is_some_and(|v| !v.is_null()) {
            " (deleted)"
        } else {
            ""
        };
        let what = match table {
            "nights" => format!("night {}", s("night_of")),
            "cramp_episodes" => {
                let night = self
                    .conn
                    .query_row(
                        "SELECT night_of FROM nights WHERE uid = ?1",
                        [s("night_uid")],
                        |r| r.get::<_, String>(0),
                    )
                    .unwrap_or_default();
                let at = s("at_time");
                format!(
                    "cramp on the night of {night} ({} {}{})",
                    s("leg"),
                    s("muscle"),
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(", {at}")
                    }
                )
            }
            "massage_sessions" => {
                format!("session {} ({})", s("at").replace('T', " "), s("technique"))
            }
            "daily_context" => format!("context of {}", s("day")),
            "routines" => format!("routine from {}", s("start_on")),
            "experiments" => format!("experiment from {}", s("start_on")),
            other => format!("{other} {uid}"),
        };
        format!("{what}{gone}")
    }

    /// A record in short, with what tells it apart from one like it (a possible duplicate):
    /// `03:10 left calf 7/10 2m woke "after the walk"` for a cramp (as the night's list shows
    /// it), `session 2026-03-05 21:30 (foam roller): 8 min/calf, pain 5/10`; other records by
    /// their label.
    pub fn sync_brief(&self, table: &str, uid: &str) -> String {
        let label = || self.sync_label(table, uid);
        let Some(t) = super::tables::synced_table(table) else {
            return label();
        };
        let tx = self.conn.unchecked_transaction();
        let Some(row) = tx
            .ok()
            .and_then(|tx| super::apply::current(&tx, t, uid).ok().flatten())
        else {
            return label();
        };
        let int = |k: &str| row.get(k).and_then(serde_json::Value::as_i64);
        let text = |k: &str| {
            row.get(k)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let note = text("note").map(|n| format!("\"{}\"", crate::format::escaped(n)));
        match table {
            "cramp_episodes" => {
                let mut parts: Vec<String> = Vec::new();
                parts.extend(text("at_time").map(str::to_string));
                parts.push(format!(
                    "{} {}",
                    text("leg").unwrap_or("?"),
                    text("muscle").unwrap_or("?")
                ));
                parts.extend(int("intensity").map(|i| format!("{i}/10")));
                parts.extend(
                    int("duration_s")
                        .and_then(|s| crate::domain::CrampDuration::from_seconds(s).ok())
                        .map(|d| d.to_string()),
                );
                if row
                    .get("woke")
                    .is_some_and(|w| w.as_bool() == Some(true) || w.as_i64() == Some(1))
                {
                    parts.push("woke".into());
                }
                parts.extend(note);
                let gone = if row.get("deleted_at").is_some_and(|v| !v.is_null()) {
                    " (deleted)"
                } else {
                    ""
                };
                format!("{}{gone}", parts.join(" "))
            }
            "massage_sessions" => {
                let mut parts: Vec<String> = Vec::new();
                parts.extend(int("minutes_per_calf").map(|m| format!("{m} min/calf")));
                parts.extend(int("pain").map(|p| format!("pain {p}/10")));
                parts.extend(note);
                if parts.is_empty() {
                    label()
                } else {
                    format!("{}: {}", label(), parts.join(", "))
                }
            }
            _ => label(),
        }
    }

    /// A device's host name as its `device.json` last said it ("" when none was read).
    pub(super) fn sync_device_host(&self, device: &DeviceId) -> String {
        self.conn
            .query_row(
                "SELECT host FROM sync_devices WHERE device = ?1",
                [device.as_str()],
                |r| r.get(0),
            )
            .unwrap_or_default()
    }

    /// A device as the person knows it: its host name and the start of its id, or "this
    /// device".
    pub fn sync_device_name(&self, device: &DeviceId) -> String {
        if state(&self.conn).is_ok_and(|s| &s.device == device) {
            return format!("this device ({})", device.short());
        }
        device.named(&self.sync_device_host(device))
    }

    /// Reads the sync folder as a sync would, applying nothing: what a sync would remark on
    /// (a line still being copied, a sync tool's conflict copy, a device's folder gone) and
    /// how many of this device's changes are in it, or `Err` with the sentence a sync would
    /// refuse with.
    pub fn sync_check_folder(
        &self,
        dir: &std::path::Path,
        key: Option<&crate::crypt::SyncKey>,
    ) -> Result<FolderCheck> {
        let s = state(&self.conn)?;
        let admitted = super::folder::check_key(dir, key, false, Some(&s.device))?;
        let found = read_from_start(dir, key, &s, &admitted)?;
        let mut remarks = admitted.remarks;
        remarks.extend(found.remarks.iter().cloned());
        remarks.extend(found.own_cut.iter().cloned());
        let present = |d: &DeviceId| {
            found.notes.contains_key(d)
                || found.skipped.contains(d)
                || found.progress.values().any(|(device, _)| device == d)
        };
        if s.recording && s.seq > 0 && !present(&s.device) {
            remarks.push(format!(
                "this device's folder is missing from {} (deleted or emptied); the next sync writes its {} changes there again",
                dir.display(),
                s.seq
            ));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT device FROM sync_devices ORDER BY device")?;
        let known: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for r in found.relays.iter().filter(|r| r.holder == s.device) {
            let why = match super::relay::check_relay(&self.conn, r, key) {
                Holds::Whole => continue,
                Holds::NotWhole => "cannot be read whole (cut short or damaged)",
                Holds::Differs => "holds other changes than this diary applied from that device",
            };
            remarks.push(format!(
                "{} {why}; this device's next sync writes it again from its diary",
                r.path.display()
            ));
        }
        for d in known.iter().filter_map(|d| DeviceId::parse(d)) {
            let applied = s.applied.get(&d);
            // Only a relay that reads whole, and holds what this diary applied, counts.
            let relay = found
                .relays
                .iter()
                .filter(|r| r.device == d && r.upto >= applied)
                .filter(|r| super::relay::check_relay(&self.conn, r, key) == Holds::Whole)
                .max_by_key(|r| r.upto);
            if d != s.device && !present(&d) && applied > 0 && relay.is_some() {
                remarks.push(format!(
                    "device {d}'s folder is missing from {} (deleted or emptied); its changes applied here ({applied}) are relayed in {}, so a device joining later gets them",
                    dir.display(),
                    relay.map(|r| r.path.display().to_string()).unwrap_or_default()
                ));
            } else if d != s.device && !present(&d) {
                remarks.push(format!(
                    "device {d}'s folder is missing from {} (deleted or emptied); everything this diary applied from it is kept, and it writes its changes again when it next syncs",
                    dir.display()
                ));
            }
        }
        // This device's changes in the folder, as the next sync counts them: whole saves in
        // its operation files, and its snapshots.
        let own = format!("{}{}/", files::DEVICE_PREFIX, s.device);
        let covered: Vec<(u64, u64)> = found
            .progress
            .iter()
            .filter_map(|(name, (_, p))| {
                let file = name.strip_prefix(&own)?;
                match files::kind_of_name(file) {
                    FileKind::Ops(first) if p.lines > 1 => Some((first, first + p.lines - 2)),
                    _ => None,
                }
            })
            .collect();
        let snapshot = files::scan(dir)
            .ok()
            .and_then(|(folders, _)| folders.into_iter().find(|f| f.id == s.device.as_str()))
            .map_or(0, |f| {
                f.files
                    .iter()
                    .filter_map(|(_, kind, _)| match kind {
                        FileKind::Snapshot(n) => Some(*n),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0)
            });
        let in_folder = (1..=s.seq)
            .filter(|n| *n <= snapshot || covered.iter().any(|(a, b)| a <= n && n <= b))
            .count() as u64;
        Ok(FolderCheck { remarks, in_folder })
    }
}

/// What `sync status` reads of the folder (see [`Store::sync_check_folder`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderCheck {
    /// Things a sync would say that stop nothing.
    pub remarks: Vec<String>,
    /// This device's changes in the folder.
    pub in_folder: u64,
}

/// A conflict in words, as the command line prints it and the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    /// The record: "night 2026-03-05".
    pub record: String,
    /// What happened: "tight_left changed on two devices".
    pub what: String,
    pub answers: Vec<Answer>,
    /// The records a duplicate or an overlap is about, each with who made it.
    pub about: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// What choosing it keeps: "3", "none", "delete it", "keep both".
    pub says: String,
    /// Who made it and when: "phone (c3d4e5) at 2026-03-06 08:10:00".
    pub who: String,
    /// The diary holds this one while the question waits.
    pub shown: bool,
}

/// A change time to the minute: `2026-03-06 08:10`.
fn nice(stamp: &str) -> String {
    stamp.get(..16).unwrap_or(stamp).replacen('T', " ", 1)
}

/// Whether the conflict's `i`-th linked field holds a value on some side (a field empty on
/// every side is left out of the question).
fn filled(c: &Conflict, i: usize) -> bool {
    c.sides
        .iter()
        .any(|s| s.value.get(i).is_some_and(|x| !x.is_null()))
}

/// A side's values; a linked field empty on every side is left out.
fn values(c: &Conflict, v: &[Value]) -> String {
    let words: Vec<String> = v
        .iter()
        .enumerate()
        .filter(|(i, _)| filled(c, *i))
        .map(|(_, v)| match v {
            Value::Null => "(empty)".to_string(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    words.join(", ")
}

/// A field as the person knows it.
fn field_words(field: &str) -> &str {
    match field {
        "status" => "cramps or not",
        "exclude_reason" => "why excluded",
        "tight_left" => "left calf tightness",
        "tight_right" => "right calf tightness",
        "sleep_disturbance" => "sleep disturbance",
        "at_time" => "time",
        "duration_s" => "duration (seconds)",
        "minutes_per_calf" => "minutes per calf",
        "seconds_per_spot" => "seconds per spot",
        "tight_before" => "tightness before",
        "tight_after" => "tightness after",
        "side_effects" => "side effects",
        "fluids_dl" => "fluids (dl)",
        "magnesium_mg" => "magnesium (mg)",
        "exercise_min" => "exercise (minutes)",
        "stopped_on" => "stop date",
        "start_on" => "start date",
        other => other,
    }
}

impl Store {
    /// The conflicts waiting, in words.
    pub fn sync_questions(&self) -> Result<Vec<Question>> {
        Ok(self
            .sync_conflicts()?
            .iter()
            .map(|c| self.question(c))
            .collect())
    }

    fn who(&self, by: &[crate::sync::conflict::Who]) -> String {
        by.iter()
            .map(|w| format!("{} at {}", self.sync_device_name(&w.device), nice(&w.at)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn question(&self, c: &Conflict) -> Question {
        let named: Vec<&str> = c
            .fields
            .iter()
            .enumerate()
            .filter(|(i, _)| filled(c, *i))
            .map(|(_, f)| f.as_str())
            .collect();
        let what = match c.kind {
            Kind::Field => {
                let words: Vec<&str> = named.iter().map(|f| field_words(f)).collect();
                format!("{} changed on two devices", words.join(" and "))
            }
            Kind::Deleted => "deleted on one device, kept or changed on another".into(),
            Kind::CrampFree => "cramp-free on one device, a cramp added on another".into(),
            Kind::Duplicate => "possible duplicate? added on two devices, alike".into(),
            Kind::Overlap => "two plans on the same days, made on two devices".into(),
        };
        let sided = matches!(c.kind, Kind::Field | Kind::Deleted | Kind::CrampFree);
        let answers = c
            .choices
            .iter()
            .enumerate()
            .map(|(i, choice)| match (sided, c.sides.get(i)) {
                (true, Some(side)) => Answer {
                    says: match c.kind {
                        Kind::Deleted if i == 0 => "delete it".into(),
                        Kind::Deleted => match &side.record {
                            Some((t, u)) => format!("keep it ({} kept)", self.sync_label(t, u)),
                            None => "keep it, with the changes".into(),
                        },
                        _ => values(c, &side.value),
                    },
                    who: self.who(&side.by),
                    shown: i == c.shown,
                },
                _ => Answer {
                    says: choice.says.clone(),
                    who: String::new(),
                    shown: false,
                },
            })
            .collect();
        let about = if sided {
            Vec::new()
        } else {
            c.sides
                .iter()
                .filter_map(|s| {
                    let (t, u) = s.record.as_ref()?;
                    Some(format!("{} — {}", self.sync_brief(t, u), self.who(&s.by)))
                })
                .collect()
        };
        Question {
            id: c.id(),
            record: self.sync_label(&c.table, &c.uid),
            what,
            answers,
            about,
        }
    }
}

/// Reads every device's files in `dir` from their start, as a device that has read nothing
/// yet would (`sync status` checking the folder, `sync retire` checking what a device wrote),
/// for this device `s`, with the key `admitted` by `check_key`.
pub(super) fn read_from_start(
    dir: &std::path::Path,
    key: Option<&crate::crypt::SyncKey>,
    s: &super::ops::SyncState,
    admitted: &super::folder::Admitted,
) -> Result<super::folder::Found, crate::domain::Invalid> {
    super::folder::read_all(
        dir,
        &BTreeMap::new(),
        &s.have(),
        crate::store::LATEST_VERSION,
        key,
        admitted,
        Some(&s.device),
    )
}
