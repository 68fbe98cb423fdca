//! The `massage_sessions` table: its row, the row as a [`MassageSession`] and a session as a
//! new row.

use crate::domain::bounds::{MINUTES_PER_CALF, SECONDS_PER_SPOT, SPOTS};
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use crate::domain::{Invalid, Leg, LocalMinute, Stamp, Stored, Uid};
use crate::store::convert::fields::{count, number, score, text, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::{Table, When};
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
SessionRow, "massage_sessions", {
    uid: Uid,
    at: LocalMinute,
    technique: String,
    legs: String,
    minutes_per_calf: Option<i64>,
    pain: Option<i64>,
    gun_speed: Option<String>,
    gun_head: Option<String>,
    spots: Option<i64>,
    seconds_per_spot: Option<i64>,
    tight_before: Option<i64>,
    tight_after: Option<i64>,
    /// Comma-separated: bruising, tingling, numbness.
    side_effects: String,
    note: Option<String>,
    @stamps});

impl ToDomain for SessionRow {
    type Domain = Stored<MassageSession>;

    fn convert(&self, rules: Rules) -> Result<Stored<MassageSession>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let item = MassageSession {
            at: self.at.at(),
            technique: Technique::parse_exact("technique", &self.technique)?,
            legs: Leg::parse_exact("legs", &self.legs)?,
            minutes_per_calf: count("minutes_per_calf", self.minutes_per_calf, MINUTES_PER_CALF)?
                .map(|v| v as u8),
            pain: score("pain", self.pain)?,
            speed: self
                .gun_speed
                .as_deref()
                .map(|v| GunSpeed::parse_exact("gun_speed", v))
                .transpose()?,
            head: self
                .gun_head
                .as_deref()
                .map(|v| GunHead::parse_exact("gun_head", v))
                .transpose()?,
            spots: count("spots", self.spots, SPOTS)?.map(|v| v as u8),
            seconds_per_spot: count("seconds_per_spot", self.seconds_per_spot, SECONDS_PER_SPOT)?
                .map(|v| v as u16),
            tight_before: score("tight_before", self.tight_before)?,
            tight_after: score("tight_after", self.tight_after)?,
            side_effects: self
                .side_effects
                .split(',')
                .filter(|w| !w.is_empty())
                .map(|w| SideEffect::parse_exact("side_effects", w))
                .collect::<Result<_, _>>()?,
            note: text(rules, "note", &self.note)?,
        };
        // A copy is held to what the diary holds (its CHECK): gun settings on a massage gun
        // only. Seconds per spot with no spots, which older imports let in, is not refused, so
        // a diary's own export reads back.
        if rules == Rules::Entry
            && item.technique != Technique::MassageGun
            && (item.speed.is_some() || item.head.is_some())
        {
            return Err(Invalid::new(
                "gun_speed and gun_head must be empty unless technique is massage-gun",
            ));
        }
        Ok(Stored { uid, item })
    }
}

impl Table for SessionRow {
    const NOUN: (&'static str, &'static str) = ("session", "sessions");
    const CSV: Option<&'static str> = Some("sessions.csv");
    const DAY: Option<&'static str> = Some("substr(t.at, 1, 10)");
    const ORDER: &'static str = "t.at, t.id";
    const UNDO: bool = true;

    fn free_text(&mut self) -> Vec<&mut String> {
        self.note.iter_mut().collect()
    }

    fn when(&self) -> Option<When> {
        Some(When::Minute("at", self.at.at()))
    }
}

impl SessionRow {
    pub(in crate::store) fn new(uid: Uid, s: &MassageSession, stamp: &Stamp) -> Self {
        Self {
            uid,
            at: LocalMinute::of(s.at),
            technique: s.technique.as_str().to_string(),
            legs: s.legs.as_str().to_string(),
            minutes_per_calf: s.minutes_per_calf.map(i64::from),
            pain: number(s.pain),
            gun_speed: s.speed.map(|v| v.as_str().to_string()),
            gun_head: s.head.map(|v| v.as_str().to_string()),
            spots: s.spots.map(i64::from),
            seconds_per_spot: s.seconds_per_spot.map(i64::from),
            tight_before: number(s.tight_before),
            tight_after: number(s.tight_after),
            side_effects: s
                .side_effects
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(","),
            note: s.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}
