//! The `cramp_episodes` table: its row, the row as a [`CrampEpisode`] and a cramp as a new row.

use crate::domain::{
    ClockTime, CrampDuration, CrampEpisode, Invalid, Leg, Muscle, Score, Stamp, Stored, Uid,
};
use crate::store::convert::fields::{text, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::Table;
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
EpisodeRow, "cramp_episodes", {
    uid: Uid,
    night_uid: Uid,
    leg: String,
    muscle: String,
    intensity: i64,
    duration_s: i64,
    at_time: Option<ClockTime>,
    woke: bool,
    note: Option<String>,
    @stamps});

impl ToDomain for EpisodeRow {
    type Domain = Stored<CrampEpisode>;

    fn convert(&self, rules: Rules) -> Result<Stored<CrampEpisode>, Invalid> {
        let own = uid(rules, "uid", &self.uid)?;
        uid(rules, "night_uid", &self.night_uid)?;
        let item = CrampEpisode {
            leg: Leg::parse_exact("leg", &self.leg)?,
            muscle: Muscle::parse_exact("muscle", &self.muscle)?,
            intensity: Score::new("intensity", self.intensity)?,
            duration: CrampDuration::from_seconds(self.duration_s)?,
            at: self.at_time.map(ClockTime::time),
            woke: self.woke,
            note: text(rules, "note", &self.note)?,
        };
        Ok(Stored { uid: own, item })
    }
}

impl Table for EpisodeRow {
    const NOUN: (&'static str, &'static str) = ("cramp", "cramps");
    const CSV: Option<&'static str> = Some("cramps.csv");
    /// A cramp belongs to its night's day.
    const DAY: Option<&'static str> =
        Some("(SELECT night_of FROM main.nights WHERE id = t.night_id)");
    const ORDER: &'static str = "(SELECT night_of FROM main.nights WHERE id = t.night_id), t.id";

    fn free_text(&mut self) -> Vec<&mut String> {
        self.note.iter_mut().collect()
    }
}

impl EpisodeRow {
    pub(in crate::store) fn new(
        uid: Uid,
        night_uid: &Uid,
        e: &CrampEpisode,
        stamp: &Stamp,
    ) -> Self {
        Self {
            uid,
            night_uid: night_uid.clone(),
            leg: e.leg.as_str().to_string(),
            muscle: e.muscle.as_str().to_string(),
            intensity: i64::from(e.intensity.value()),
            duration_s: i64::from(e.duration.seconds()),
            at_time: e.at.map(ClockTime::of),
            woke: e.woke,
            note: e.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}
