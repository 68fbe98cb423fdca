//! The merge rules of each kind of record: which records are one (a night by its date), which
//! fields change together, which are written once, and which records are merged together
//! (a family), and which fields must arrive as the diary keeps them. A table with no rules of
//! its own merges field by field, with its night when it names one.

use super::op::Fields;
use crate::domain::Invalid;
use crate::domain::experiment::Experiment;
use crate::domain::routine::Routine;
use chrono::NaiveDate;
use serde_json::Value;

/// Fields every record has that record its history rather than its content: the newest clock
/// gives them, and two devices never conflict over them.
pub const META: &[&str] = &["uid", "created_at", "updated_at"];
/// The field a deletion sets (deletes are soft); `null` again when undone.
pub const DELETED: &str = "deleted_at";
/// A record's night, in the tables that hang off a night (cramps, tags).
pub const NIGHT_REF: &str = "night_uid";
/// The person's "keep both" answer to a possible duplicate: a record of the sync itself.
pub const KEEP_BOTH: &str = "sync_keep_both";

/// Which records are merged together: their rules look across records (one night per date and
/// its cramps; sessions of a day for duplicates; routines and experiments never overlapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// By the value of this field (a date): the records sharing it are one record.
    SameKey(&'static str),
    /// With the night named in [`NIGHT_REF`].
    OfNight,
    /// By the day (the first 10 characters) of this field.
    Day(&'static str),
    /// All of this family's tables together.
    Whole(&'static str),
    /// The family named in this field (an answer about two records goes with them).
    Named(&'static str),
    /// The record alone.
    Alone,
}

/// What is close enough for "possible duplicate?": these fields equal, and this time field
/// within 30 minutes (either missing counts as close).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicates {
    pub equal: &'static [&'static str],
    pub time: &'static str,
}

/// The first and last day a plan occupies, from its fields.
pub type Days = fn(&Fields) -> Option<(NaiveDate, NaiveDate)>;

/// The rule the CLI, the screen and import apply to a text field: the value as the diary keeps
/// it, or the sentence refusing it.
pub type Canonical = fn(&str) -> Result<String, Invalid>;

/// A kind of record's merge rules.
#[derive(Debug, Clone, Copy)]
pub struct TableRules {
    pub table: &'static str,
    /// What one record is called in a sentence: "night", "cramp".
    pub noun: &'static str,
    pub family: Family,
    /// Records of this table with the same value of this field are one record, inside a family
    /// chosen otherwise (a daily habit's answer for a night, with the plans).
    pub one_per: Option<&'static str>,
    /// Fields set together, as one value (so a merge never pairs one device's status with the
    /// other's exclusion reason).
    pub linked: &'static [&'static [&'static str]],
    /// When set, only these fields change after the record is made; the rest are written once
    /// (an experiment's plan and draw).
    pub changes_only: Option<&'static [&'static str]>,
    /// Fields whose first value recorded (the oldest clock) stands on every device (a stop).
    pub first_wins: &'static [&'static str],
    pub duplicates: Option<Duplicates>,
    /// The days a live record occupies, for the rule that they never overlap.
    pub period: Option<Days>,
    /// Text fields checked by the rule a person's typing meets: a change writing a value the
    /// rule refuses, or would keep otherwise (another spelling), is left out whole.
    pub canonical: &'static [(&'static str, Canonical)],
}

impl TableRules {
    const fn plain(table: &'static str) -> Self {
        Self {
            table,
            noun: "record",
            family: Family::Alone,
            one_per: None,
            linked: &[],
            changes_only: None,
            first_wins: &[],
            duplicates: None,
            period: None,
            canonical: &[],
        }
    }

    /// Why a change writing `fields` is left out: a field it writes that the diary's rule for
    /// it refuses, or keeps otherwise than written (so it could never have been typed here).
    pub fn refuses(&self, fields: &Fields) -> Option<String> {
        self.canonical.iter().find_map(|(field, rule)| {
            let value = fields.get(*field)?;
            let Some(text) = value.as_str() else {
                return Some(format!("{field} must be text, got {value}"));
            };
            match rule(text) {
                Err(Invalid(why)) => Some(why),
                Ok(kept) if kept == text => None,
                Ok(kept) => Some(format!(
                    "{field} must be written as the diary keeps it (lower case, single spaces, Unicode NFC), got '{}' where it keeps '{}'",
                    // An accent typed apart is shown as its code point (`e\u{301}`).
                    text.chars().flat_map(char::escape_debug).collect::<String>(),
                    crate::format::escaped(&kept)
                )),
            }
        })
    }

    /// Whether `field` may change after the record is made.
    pub fn changes(&self, field: &str) -> bool {
        self.changes_only
            .is_none_or(|only| only.contains(&field) || field == DELETED)
    }

    /// The field whose value makes records of this table one record, if any.
    pub fn same_key(&self) -> Option<&'static str> {
        match self.family {
            Family::SameKey(field) => Some(field),
            _ => self.one_per,
        }
    }

    /// The register `field` belongs to: the first field of its linked group, or itself.
    pub fn register_of<'a>(&self, field: &'a str) -> &'a str {
        self.linked
            .iter()
            .find(|group| group.contains(&field))
            .map_or(field, |group| group[0])
    }

    /// The fields of a linked register (`None` for a field alone).
    pub fn members(&self, register: &str) -> Option<&'static [&'static str]> {
        self.linked.iter().find(|g| g[0] == register).copied()
    }
}

fn date(fields: &Fields, name: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(fields.get(name)?.as_str()?, "%Y-%m-%d").ok()
}

fn small(fields: &Fields, name: &str) -> Option<u8> {
    fields
        .get(name)?
        .as_u64()
        .and_then(|n| u8::try_from(n).ok())
}

fn routine_days(f: &Fields) -> Option<(NaiveDate, NaiveDate)> {
    let mut r = Routine::new(date(f, "start_on")?, small(f, "weeks")?, 1, 28);
    r.stopped_on = date(f, "stopped_on");
    Some((r.start, r.end()))
}

fn experiment_days(f: &Fields) -> Option<(NaiveDate, NaiveDate)> {
    let e = Experiment {
        intervention: crate::domain::intervention::Intervention::Routine,
        start: date(f, "start_on")?,
        pairs: small(f, "pairs")?,
        washout_nights: 0,
        schedule: Vec::new(),
        stopped_on: date(f, "stopped_on"),
    };
    (!e.is_cancelled()).then(|| (e.start, e.end()))
}

const PLANS: Family = Family::Whole("plans");

/// The diary's tables with rules of their own.
pub const TABLES: &[TableRules] = &[
    TableRules {
        noun: "night",
        family: Family::SameKey("night_of"),
        linked: &[&["status", "exclude_reason"]],
        ..TableRules::plain("nights")
    },
    TableRules {
        noun: "cramp",
        family: Family::OfNight,
        duplicates: Some(Duplicates {
            equal: &["leg", "muscle"],
            time: "at_time",
        }),
        ..TableRules::plain("cramp_episodes")
    },
    TableRules {
        noun: "session",
        family: Family::Day("at"),
        linked: &[&["technique", "gun_speed", "gun_head"]],
        duplicates: Some(Duplicates {
            equal: &["technique", "legs"],
            time: "at",
        }),
        ..TableRules::plain("massage_sessions")
    },
    TableRules {
        noun: "day's context",
        family: Family::SameKey("day"),
        ..TableRules::plain("daily_context")
    },
    TableRules {
        noun: "routine",
        family: PLANS,
        linked: &[&["start_on", "weeks", "stopped_on"]],
        period: Some(routine_days),
        ..TableRules::plain("routines")
    },
    TableRules {
        noun: "experiment",
        family: PLANS,
        // A stop and when it was recorded go together, and the first recorded stands.
        linked: &[&["stopped_on", "stopped_at"]],
        changes_only: Some(&["stopped_on", "stopped_at", "updated_at"]),
        first_wins: &["stopped_on"],
        period: Some(experiment_days),
        ..TableRules::plain("experiments")
    },
    TableRules {
        // With the plans, so its experiment is written first; one answer per night (plans
        // never overlap, so one daily habit is asked about per night).
        noun: "habit answer",
        family: PLANS,
        one_per: Some("night_of"),
        ..TableRules::plain("experiment_answers")
    },
    TableRules {
        noun: "answer",
        family: Family::Named("family"),
        ..TableRules::plain(KEEP_BOTH)
    },
    TableRules {
        // The same rule as a tag typed, picked or imported: never a spelling no one could type.
        noun: "tag",
        family: Family::OfNight,
        canonical: &[("tag", crate::domain::tags::parse_tag)],
        ..TableRules::plain("night_tags")
    },
];

/// The rules of `table`; a table without rules of its own merges field by field, with its
/// night when it names one.
pub fn rules(table: &str) -> TableRules {
    TABLES
        .iter()
        .find(|r| r.table == table)
        .copied()
        .unwrap_or(TableRules {
            family: Family::OfNight,
            ..TableRules::plain("")
        })
}

/// The family of a record from its first write: `None` when it needs its night's family and
/// `night` (the family of a night uid) does not know it.
pub fn family_of(
    table: &str,
    uid: &str,
    create: &Fields,
    night: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let text = |name: &str| create.get(name).and_then(Value::as_str).map(str::to_string);
    match rules(table).family {
        Family::SameKey(field) => Some(format!("{table}:{}", text(field)?)),
        Family::Day(field) => Some(format!("{table}:{}", text(field)?.get(..10)?)),
        Family::Whole(name) => Some(name.to_string()),
        Family::Named(field) => text(field),
        Family::OfNight => match text(NIGHT_REF) {
            Some(n) => night(&n),
            None => Some(format!("{table}:{uid}")),
        },
        Family::Alone => Some(format!("{table}:{uid}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_fall_into_families_by_their_rules() {
        let f = |pairs: &[(&str, &str)]| -> Fields {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(*v)))
                .collect()
        };
        let none = |_: &str| None;
        let night = f(&[("night_of", "2026-03-05")]);
        assert_eq!(
            family_of("nights", "u", &night, none).as_deref(),
            Some("nights:2026-03-05")
        );
        let cramp = f(&[("night_uid", "n1")]);
        let known = |u: &str| (u == "n1").then(|| "nights:2026-03-05".to_string());
        assert_eq!(
            family_of("cramp_episodes", "c", &cramp, known).as_deref(),
            Some("nights:2026-03-05")
        );
        assert_eq!(family_of("cramp_episodes", "c", &cramp, none), None);
        let session = f(&[("at", "2026-03-05T21:10")]);
        assert_eq!(
            family_of("massage_sessions", "s", &session, none).as_deref(),
            Some("massage_sessions:2026-03-05")
        );
        assert_eq!(
            family_of("routines", "r", &Fields::new(), none).as_deref(),
            Some("plans")
        );
        // A table added later, hanging off a night, goes with its night.
        assert_eq!(
            family_of("night_tags", "t", &cramp, known).as_deref(),
            Some("nights:2026-03-05")
        );
        assert_eq!(
            family_of("other", "x", &Fields::new(), none).as_deref(),
            Some("other:x")
        );
    }

    #[test]
    fn a_tag_must_arrive_as_the_diary_keeps_it() {
        let tag = |v: Value| -> Fields { [("tag".to_string(), v)].into_iter().collect() };
        let t = rules("night_tags");
        assert_eq!(t.refuses(&tag(Value::from("long shift"))), None);
        assert_eq!(
            t.refuses(&Fields::new()),
            None,
            "a change not writing the tag"
        );
        assert_eq!(
            t.refuses(&tag(Value::from("\u{2066}heat"))).as_deref(),
            Some(
                "tag must be plain text without text-direction controls (U+202A-U+202E, U+2066-U+2069)"
            )
        );
        assert_eq!(
            t.refuses(&tag(Value::from("Heat"))).as_deref(),
            Some(
                "tag must be written as the diary keeps it (lower case, single spaces, Unicode NFC), got 'Heat' where it keeps 'heat'"
            )
        );
        // Neither spelling reaches the terminal with a bidirectional mark in it.
        assert_eq!(
            t.refuses(&tag(Value::from("Wine\u{200f}"))).as_deref(),
            Some(
                "tag must be written as the diary keeps it (lower case, single spaces, Unicode NFC), got 'Wine\\u{200f}' where it keeps 'wine\\u{200f}'"
            )
        );
        assert_eq!(
            t.refuses(&tag(Value::from("x,\u{200f}y\u{61c}")))
                .as_deref(),
            Some(
                "tag must be words without commas (commas separate tags), got 'x,\\u{200f}y\\u{061c}'"
            )
        );
        assert_eq!(
            t.refuses(&tag(Value::Null)).as_deref(),
            Some("tag must be text, got null")
        );
        assert_eq!(rules("nights").refuses(&tag(Value::from("Heat"))), None);
    }

    #[test]
    fn an_experiment_changes_only_its_stop() {
        let e = rules("experiments");
        assert!(e.changes("stopped_on") && !e.changes("schedule") && !e.changes("pairs"));
        assert!(rules("nights").changes("note"));
        assert_eq!(rules("nights").register_of("exclude_reason"), "status");
        assert_eq!(rules("nights").register_of("note"), "note");
        assert_eq!(
            rules("nights").members("status"),
            Some(&["status", "exclude_reason"][..])
        );
    }
}
