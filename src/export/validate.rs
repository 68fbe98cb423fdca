//! The checks an import runs on every record of a file, as typed input would be checked, and
//! across the records of the file; each refusal names the record (type, position, uid) and
//! the field.

use crate::domain::dates::parse_clock_time;
use crate::domain::night::Sides;
use crate::domain::session::{GunHead, GunSpeed, SideEffect, Technique};
use crate::domain::{Bound, CrampDuration, Invalid, Leg, Muscle, NightStatus, Score, bounds};
use crate::store::convert::ToDomain;
use crate::store::rows::Rows;
use chrono::{NaiveDate, NaiveDateTime};

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

/// An optional number in the domain's range for it.
fn range(field: &str, v: Option<i64>, bound: Bound) -> Result<(), Invalid> {
    v.map_or(Ok(()), |v| bound.check(field, v).map(|_| ()))
}

/// One word of a closed set, written exactly as an export writes it (`cramps`, not `CRAMPS`).
fn exact<T: Copy>(
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, Invalid>,
    as_str: impl Fn(T) -> &'static str,
    all: &[T],
) -> Result<T, Invalid> {
    match parse(raw) {
        Ok(v) if as_str(v) == raw => Ok(v),
        _ => Err(Invalid::new(format!(
            "{field}: expected {}, got '{raw}'",
            crate::domain::words::choices(all.iter().map(|v| as_str(*v)))
        ))),
    }
}

/// Free text, by the rule typed text follows (length, no control characters).
fn text(field: &str, v: &Option<String>) -> Result<(), Invalid> {
    match v {
        Some(t) => crate::domain::parse_note(field, t).map(|_| ()),
        None => Ok(()),
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
    /// The rules that need the clock and the whole file: no night, day or session after `now`,
    /// and one live night (or context day) per date within the file.
    pub fn validate_at(&self, now: NaiveDateTime) -> Result<(), Invalid> {
        let today = now.date();
        let mut live_nights = std::collections::HashMap::new();
        for (i, n) in self.nights.iter().enumerate() {
            let night = date("night_of", &n.night_of)?;
            if night > today {
                return at(
                    "nights",
                    i,
                    &n.uid,
                    Err(Invalid::new(format!(
                        "night_of must not be in the future (today is {today}), got {night}"
                    ))),
                );
            }
            if n.deleted_at.is_none()
                && let Some((j, other)) = live_nights.insert(night, (i, &n.uid))
                && other != &n.uid
            {
                return at(
                    "nights",
                    i,
                    &n.uid,
                    Err(Invalid::new(format!(
                        "night {night} is also nights[{j}] (uid {other}) in the same file; keep one of them"
                    ))),
                );
            }
        }
        for (i, s) in self.sessions.iter().enumerate() {
            if let Ok(when) = NaiveDateTime::parse_from_str(&s.at, "%Y-%m-%dT%H:%M")
                && when > now
            {
                return at(
                    "sessions",
                    i,
                    &s.uid,
                    Err(Invalid::new(format!(
                        "at must not be in the future (now is {}), got {}",
                        now.format("%Y-%m-%dT%H:%M"),
                        s.at
                    ))),
                );
            }
        }
        self.stamps_not_ahead_of(now)?;
        let mut live_days = std::collections::HashMap::new();
        for (i, c) in self.context.iter().enumerate() {
            let day = date("day", &c.day)?;
            if day > today {
                return at(
                    "context",
                    i,
                    &c.uid,
                    Err(Invalid::new(format!(
                        "day must not be in the future (today is {today}), got {day}"
                    ))),
                );
            }
            if c.deleted_at.is_none()
                && let Some((j, other)) = live_days.insert(day, (i, &c.uid))
                && other != &c.uid
            {
                return at(
                    "context",
                    i,
                    &c.uid,
                    Err(Invalid::new(format!(
                        "day {day} is also context[{j}] (uid {other}) in the same file; keep one of them"
                    ))),
                );
            }
        }
        Ok(())
    }

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
                    let status = exact(
                        "status",
                        &n.status,
                        NightStatus::parse,
                        NightStatus::as_str,
                        NightStatus::ALL,
                    )?;
                    if (status == NightStatus::Excluded) != n.exclude_reason.is_some() {
                        return Err(Invalid::new(
                            "exclude_reason must be given exactly when status is excluded",
                        ));
                    }
                    score("tight_left", n.tight_left)?;
                    score("tight_right", n.tight_right)?;
                    score("sleep_disturbance", n.sleep_disturbance)?;
                    score("soreness", n.soreness)?;
                    for (field, v) in [("numbness", &n.numbness), ("swelling", &n.swelling)] {
                        if let Some(v) = v {
                            exact(field, v, Sides::parse, Sides::as_str, Sides::ALL)?;
                        }
                    }
                    text("note", &n.note)?;
                    text("exclude_reason", &n.exclude_reason)?;
                    if let Some(reason) = &n.exclude_reason {
                        crate::domain::night::parse_exclude_reason(reason)?;
                    }
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
                    exact("leg", &e.leg, Leg::parse, Leg::as_str, Leg::ALL)?;
                    exact(
                        "muscle",
                        &e.muscle,
                        Muscle::parse,
                        Muscle::as_str,
                        Muscle::ALL,
                    )?;
                    Score::new("intensity", e.intensity)?;
                    CrampDuration::from_seconds(e.duration_s)?;
                    if let Some(t) = &e.at_time {
                        parse_clock_time("at_time", t)?;
                        // As the diary stores it: two digits each.
                        if t.len() != 5 {
                            return Err(Invalid::new(format!(
                                "at_time must be HH:MM, got \"{t}\""
                            )));
                        }
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
                    NaiveDateTime::parse_from_str(&s.at, "%Y-%m-%dT%H:%M")
                        .ok()
                        .filter(|_| s.at.len() == 16)
                        .ok_or_else(|| {
                            Invalid::new(format!("at must be YYYY-MM-DDTHH:MM, got \"{}\"", s.at))
                        })?;
                    let technique = exact(
                        "technique",
                        &s.technique,
                        Technique::parse,
                        Technique::as_str,
                        Technique::ALL,
                    )?;
                    exact("legs", &s.legs, Leg::parse, Leg::as_str, Leg::ALL)?;
                    range(
                        "minutes_per_calf",
                        s.minutes_per_calf,
                        bounds::MINUTES_PER_CALF,
                    )?;
                    score("pain", s.pain)?;
                    if let Some(v) = &s.gun_speed {
                        exact(
                            "gun_speed",
                            v,
                            GunSpeed::parse,
                            GunSpeed::as_str,
                            GunSpeed::ALL,
                        )?;
                    }
                    if let Some(v) = &s.gun_head {
                        exact("gun_head", v, GunHead::parse, GunHead::as_str, GunHead::ALL)?;
                    }
                    if technique != Technique::MassageGun
                        && (s.gun_speed.is_some() || s.gun_head.is_some())
                    {
                        return Err(Invalid::new(
                            "gun_speed and gun_head must be empty unless technique is massage-gun",
                        ));
                    }
                    range("spots", s.spots, bounds::SPOTS)?;
                    range(
                        "seconds_per_spot",
                        s.seconds_per_spot,
                        bounds::SECONDS_PER_SPOT,
                    )?;
                    score("tight_before", s.tight_before)?;
                    score("tight_after", s.tight_after)?;
                    for effect in s.side_effects.split(',').filter(|w| !w.is_empty()) {
                        exact(
                            "side_effects",
                            effect,
                            SideEffect::parse,
                            SideEffect::as_str,
                            SideEffect::ALL,
                        )?;
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
                    range("weeks", Some(r.weeks), bounds::ROUTINE_WEEKS)?;
                    range("per_week", Some(r.per_week), bounds::SESSIONS_PER_WEEK)?;
                    range(
                        "baseline_nights",
                        Some(r.baseline_nights),
                        bounds::BASELINE_NIGHTS,
                    )?;
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
                    // Converted as a read converts it: the domain's rules, no copy of them.
                    c.to_domain()?;
                    stamps(&c.created_at, &c.updated_at, &c.deleted_at)
                })(),
            )?;
        }
        super::experiment_rows::validate(&self.experiments)
    }
}
