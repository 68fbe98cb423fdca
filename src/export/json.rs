//! The JSON export: a format name and version around every row, and the validation an import
//! runs on every record before anything is written.

use super::rows::Rows;
use crate::domain::dates::parse_clock_time;
use crate::domain::session::{GunHead, GunSpeed, SideEffect, Technique};
use crate::domain::{CrampDuration, Invalid, Leg, Muscle, NOTE_MAX_CHARS, NightStatus, Score};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "cramp-diary-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDoc {
    pub format: String,
    pub version: u32,
    #[serde(flatten)]
    pub rows: Rows,
}

impl ExportDoc {
    pub fn new(rows: Rows) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: VERSION,
            rows,
        }
    }

    /// Parses and checks a whole file: its format and version, then every record.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let head: Head = serde_json::from_str(text).map_err(|e| {
            if e.is_eof() {
                Invalid::new(format!(
                    "the file ends too early at line {}, so it looks truncated; export it again",
                    e.line()
                ))
            } else {
                Invalid::new(format!(
                    "the file is not a cramp diary export: {}",
                    json_error(&e)
                ))
            }
        })?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(Invalid::new(format!(
                "format must be \"{FORMAT}\", got {}",
                head.format
                    .map_or("nothing".to_string(), |f| format!("\"{f}\""))
            )));
        }
        match head.version {
            Some(VERSION) => {}
            Some(v) => {
                return Err(Invalid::new(format!(
                    "version must be {VERSION} (this cramp-diary reads version {VERSION} exports), got {v}"
                )));
            }
            None => return Err(Invalid::new("version must be 1, got nothing")),
        }
        let doc: Self = serde_json::from_str(text)
            .map_err(|e| Invalid::new(format!("the export does not read: {}", json_error(&e))))?;
        doc.rows.validate()?;
        Ok(doc)
    }
}

fn json_error(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let what = what.split(" at line").next().unwrap_or(&what).to_string();
    format!("{what} (line {}, column {})", e.line(), e.column())
}

pub(super) fn date(field: &str, v: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .filter(|_| v.len() == 10)
        .ok_or_else(|| Invalid::new(format!("{field} must be a date as YYYY-MM-DD, got \"{v}\"")))
}

fn stamp(field: &str, v: &str) -> Result<(), Invalid> {
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S")
        .map(|_| ())
        .map_err(|_| {
            Invalid::new(format!(
                "{field} must be a time as YYYY-MM-DDTHH:MM:SS, got \"{v}\""
            ))
        })
}

pub(super) fn stamps(
    created: &str,
    updated: &str,
    deleted: &Option<String>,
) -> Result<(), Invalid> {
    stamp("created_at", created)?;
    stamp("updated_at", updated)?;
    deleted
        .as_deref()
        .map_or(Ok(()), |d| stamp("deleted_at", d))
}

fn score(field: &str, v: Option<i64>) -> Result<(), Invalid> {
    v.map_or(Ok(()), |v| Score::new(field, v).map(|_| ()))
}

fn range(field: &str, v: Option<i64>, min: i64, max: i64) -> Result<(), Invalid> {
    match v {
        Some(v) if !(min..=max).contains(&v) => Err(Invalid::new(format!(
            "{field} must be {min}-{max}, got {v}"
        ))),
        _ => Ok(()),
    }
}

fn text(field: &str, v: &Option<String>) -> Result<(), Invalid> {
    match v {
        Some(t) if t.chars().count() > NOTE_MAX_CHARS => Err(Invalid::new(format!(
            "{field} must be at most {NOTE_MAX_CHARS} characters, got {}",
            t.chars().count()
        ))),
        _ => Ok(()),
    }
}

pub(super) fn uid(v: &str) -> Result<(), Invalid> {
    if v.is_empty() || v.len() > 64 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Invalid::new(format!(
            "uid must be 1-64 letters, digits or dashes, got \"{v}\""
        )));
    }
    Ok(())
}

pub(super) fn at(kind: &str, i: usize, uid: &str, r: Result<(), Invalid>) -> Result<(), Invalid> {
    r.map_err(|e| Invalid::new(format!("{kind}[{i}] (uid {uid}): {e}")))
}

impl Rows {
    /// Every record checked as the diary would check it if typed in; the first problem names
    /// the record (type, position, uid) and the field.
    pub fn validate(&self) -> Result<(), Invalid> {
        for (i, n) in self.nights.iter().enumerate() {
            at(
                "nights",
                i,
                &n.uid,
                (|| {
                    uid(&n.uid)?;
                    date("night_of", &n.night_of)?;
                    let status = NightStatus::parse(&n.status)?;
                    if (status == NightStatus::Excluded) != n.exclude_reason.is_some() {
                        return Err(Invalid::new(
                            "exclude_reason must be given exactly when status is excluded",
                        ));
                    }
                    score("tight_left", n.tight_left)?;
                    score("tight_right", n.tight_right)?;
                    score("sleep_disturbance", n.sleep_disturbance)?;
                    score("soreness", n.soreness)?;
                    text("note", &n.note)?;
                    text("exclude_reason", &n.exclude_reason)?;
                    stamps(&n.created_at, &n.updated_at, &n.deleted_at)
                })(),
            )?;
        }
        for (i, e) in self.episodes.iter().enumerate() {
            at(
                "episodes",
                i,
                &e.uid,
                (|| {
                    uid(&e.uid)?;
                    uid(&e.night_uid)?;
                    Leg::parse(&e.leg)?;
                    Muscle::parse(&e.muscle)?;
                    Score::new("intensity", e.intensity)?;
                    CrampDuration::from_seconds(e.duration_s)?;
                    if let Some(t) = &e.at_time {
                        parse_clock_time("at_time", t)?;
                    }
                    text("note", &e.note)?;
                    stamps(&e.created_at, &e.updated_at, &e.deleted_at)
                })(),
            )?;
        }
        for (i, s) in self.sessions.iter().enumerate() {
            at(
                "sessions",
                i,
                &s.uid,
                (|| {
                    uid(&s.uid)?;
                    NaiveDateTime::parse_from_str(&s.at, "%Y-%m-%dT%H:%M").map_err(|_| {
                        Invalid::new(format!("at must be YYYY-MM-DDTHH:MM, got \"{}\"", s.at))
                    })?;
                    let technique = Technique::parse(&s.technique)?;
                    Leg::parse(&s.legs)?;
                    range("minutes_per_calf", s.minutes_per_calf, 0, 60)?;
                    score("pain", s.pain)?;
                    if let Some(v) = &s.gun_speed {
                        GunSpeed::parse(v)?;
                    }
                    if let Some(v) = &s.gun_head {
                        GunHead::parse(v)?;
                    }
                    if technique != Technique::MassageGun
                        && (s.gun_speed.is_some() || s.gun_head.is_some())
                    {
                        return Err(Invalid::new(
                            "gun_speed and gun_head must be empty unless technique is massage-gun",
                        ));
                    }
                    range("spots", s.spots, 0, 50)?;
                    range("seconds_per_spot", s.seconds_per_spot, 1, 600)?;
                    score("tight_before", s.tight_before)?;
                    score("tight_after", s.tight_after)?;
                    for effect in s.side_effects.split(',').filter(|w| !w.is_empty()) {
                        SideEffect::parse(effect)?;
                    }
                    text("note", &s.note)?;
                    stamps(&s.created_at, &s.updated_at, &s.deleted_at)
                })(),
            )?;
        }
        for (i, r) in self.routines.iter().enumerate() {
            at(
                "routines",
                i,
                &r.uid,
                (|| {
                    uid(&r.uid)?;
                    let start = date("start_on", &r.start_on)?;
                    range("weeks", Some(r.weeks), 1, 12)?;
                    range("per_week", Some(r.per_week), 1, 14)?;
                    range("baseline_nights", Some(r.baseline_nights), 7, 365)?;
                    if let Some(stop) = &r.stopped_on
                        && date("stopped_on", stop)? < start
                    {
                        return Err(Invalid::new("stopped_on must not be before start_on"));
                    }
                    stamps(&r.created_at, &r.updated_at, &r.deleted_at)
                })(),
            )?;
        }
        for (i, c) in self.context.iter().enumerate() {
            at(
                "context",
                i,
                &c.uid,
                (|| {
                    uid(&c.uid)?;
                    date("day", &c.day)?;
                    range("fluids_dl", c.fluids_dl, 0, 100)?;
                    range("magnesium_mg", c.magnesium_mg, 0, 2000)?;
                    range("exercise_min", c.exercise_min, 0, 600)?;
                    text("medication", &c.medication)?;
                    stamps(&c.created_at, &c.updated_at, &c.deleted_at)
                })(),
            )?;
        }
        super::experiment_rows::validate(&self.experiments)
    }
}
