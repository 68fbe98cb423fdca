//! The `nights` table: its row, the row as a [`Night`] and a night's fields as a new row.

use crate::domain::night::{Sides, parse_exclude_reason};
use crate::domain::{Invalid, Night, NightDetails, NightStatus, Stamp, Uid};
use crate::store::convert::fields::{number, score, text, uid};
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::{OneLive, Table, When};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
NightRow, "nights", {
    uid: Uid,
    #[serde(with = "crate::store::rows::date")]
    night_of: NaiveDate,
    status: String,
    exclude_reason: Option<String>,
    tight_left: Option<i64>,
    tight_right: Option<i64>,
    sleep_disturbance: Option<i64>,
    soreness: Option<i64>,
    note: Option<String>,
    @stamps,
    /// none, left, right or both; absent (older files) or null: not noted.
    #[serde(default)]
    numbness: Option<String>,
    #[serde(default)]
    swelling: Option<String>,});

impl ToDomain for NightRow {
    /// The night without its cramps (those are episode rows).
    type Domain = Night;

    fn convert(&self, rules: Rules) -> Result<Night, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let night_of = self.night_of;
        let status = NightStatus::parse_exact("status", &self.status)?;
        if rules == Rules::Entry
            && (status == NightStatus::Excluded) != self.exclude_reason.is_some()
        {
            return Err(Invalid::new(
                "exclude_reason must be given exactly when status is excluded",
            ));
        }
        let sides = |field: &str, v: &Option<String>| {
            v.as_deref()
                .map(|v| Sides::parse_exact(field, v))
                .transpose()
        };
        let details = NightDetails {
            tight_left: score("tight_left", self.tight_left)?,
            tight_right: score("tight_right", self.tight_right)?,
            sleep_disturbance: score("sleep_disturbance", self.sleep_disturbance)?,
            soreness: score("soreness", self.soreness)?,
            numbness: sides("numbness", &self.numbness)?,
            swelling: sides("swelling", &self.swelling)?,
            note: text(rules, "note", &self.note)?,
        };
        let exclude_reason = match &self.exclude_reason {
            Some(reason) if rules == Rules::Entry => {
                text(rules, "exclude_reason", &self.exclude_reason)?;
                Some(parse_exclude_reason(reason)?)
            }
            other => other.clone(),
        };
        Ok(Night {
            uid,
            night_of,
            status,
            exclude_reason,
            details,
            episodes: Vec::new(),
        })
    }
}

impl Table for NightRow {
    const NOUN: (&'static str, &'static str) = ("night", "nights");
    const CSV: Option<&'static str> = Some("nights.csv");
    const DAY: Option<&'static str> = Some("t.night_of");
    const ORDER: &'static str = "t.night_of, t.id";
    const ONE_LIVE: Option<OneLive> = Some(OneLive {
        column: "night_of",
        date: "night",
        taken: "is already logged",
        again: "has been logged again",
    });

    fn free_text(&mut self) -> Vec<&mut String> {
        let Self {
            note,
            exclude_reason,
            ..
        } = self;
        note.iter_mut().chain(exclude_reason.iter_mut()).collect()
    }

    fn when(&self) -> Option<When> {
        Some(When::Day("night_of", self.night_of))
    }
}

impl NightRow {
    /// A new night as it is written, created and updated at `stamp`.
    pub(in crate::store) fn new(
        uid: Uid,
        night_of: NaiveDate,
        status: NightStatus,
        exclude_reason: Option<String>,
        d: &NightDetails,
        stamp: &Stamp,
    ) -> Self {
        Self {
            uid,
            night_of,
            status: status.as_str().to_string(),
            exclude_reason,
            tight_left: number(d.tight_left),
            tight_right: number(d.tight_right),
            sleep_disturbance: number(d.sleep_disturbance),
            soreness: number(d.soreness),
            note: d.note.clone(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
            numbness: d.numbness.map(|s| s.as_str().to_string()),
            swelling: d.swelling.map(|s| s.as_str().to_string()),
        }
    }
}
