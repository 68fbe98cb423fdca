//! The `night_tags` table: its row, the row as a tag and a tag as a new row.

use crate::domain::tags::parse_tag;
use crate::domain::{Invalid, Stamp, Stored, Uid};
use crate::store::convert::fields::uid;
use crate::store::convert::{Rules, ToDomain};
use crate::store::rows::table_row;
use crate::store::table::Table;
use serde::{Deserialize, Serialize};

table_row!(
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
TagRow, "night_tags", {
    uid: Uid,
    night_uid: Uid,
    tag: String,
    @stamps});

impl ToDomain for TagRow {
    type Domain = Stored<String>;

    /// On import, a tag is checked as if typed, and must already be written as the diary
    /// writes it (lower case, single spaces).
    fn convert(&self, rules: Rules) -> Result<Stored<String>, Invalid> {
        let own = uid(rules, "uid", &self.uid)?;
        uid(rules, "night_uid", &self.night_uid)?;
        if rules == Rules::Entry {
            let tidy = parse_tag(&self.tag)?;
            if tidy != self.tag {
                return Err(Invalid::new(format!(
                    "tag must be written in lower case with single spaces ('{tidy}'), got '{}'",
                    self.tag
                )));
            }
        }
        Ok(Stored {
            uid: own,
            item: self.tag.clone(),
        })
    }
}

impl Table for TagRow {
    const NOUN: (&'static str, &'static str) = ("tag", "tags");
    const CSV: Option<&'static str> = Some("tags.csv");
    /// Absent from files written before tags existed.
    const IN_EVERY_FILE: bool = false;
    /// A tag belongs to its night's day.
    const DAY: Option<&'static str> =
        Some("(SELECT night_of FROM main.nights WHERE id = t.night_id)");
    const ORDER: &'static str = "(SELECT night_of FROM main.nights WHERE id = t.night_id), t.id";

    /// A tag is the person's own words: `=hyperlink(…)` is a tag a spreadsheet must not run.
    fn free_text(&mut self) -> Vec<&mut String> {
        vec![&mut self.tag]
    }
}

impl TagRow {
    pub(in crate::store) fn new(uid: Uid, night_uid: &Uid, tag: &str, stamp: &Stamp) -> Self {
        Self {
            uid,
            night_uid: night_uid.clone(),
            tag: tag.to_string(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: None,
        }
    }
}
