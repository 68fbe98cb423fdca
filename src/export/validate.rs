//! The checks an import runs: every record converted into domain values by the conversion the
//! diary's reads use, under the rules for entry (so an import applies exactly the domain's
//! rules), then the rules across the records of the file and the clock. Each refusal names the
//! record (type, position, uid) and the field.

use crate::domain::{Invalid, Uid};
use crate::store::convert::ToDomain;
use crate::store::rows::Rows;
use chrono::NaiveDateTime;
use std::collections::HashMap;

pub(super) fn at<T>(kind: &str, i: usize, uid: &Uid, r: Result<T, Invalid>) -> Result<T, Invalid> {
    r.map_err(|e| Invalid::new(format!("{kind}[{i}] (uid {uid}): {e}")))
}

/// Every record of one list as domain values, by the rules typed input meets.
fn convert<T: ToDomain>(kind: &str, rows: &[T]) -> Result<Vec<T::Domain>, Invalid> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| at(kind, i, r.uid(), r.to_domain()))
        .collect()
}

impl Rows {
    /// The rules that need the clock and the whole file: no night, day or session after `now`,
    /// and one live night (or context day) per date within the file.
    pub fn validate_at(&self, now: NaiveDateTime) -> Result<(), Invalid> {
        let today = now.date();
        let nights = convert("nights", &self.nights)?;
        let mut live_nights = HashMap::new();
        for (i, (n, night)) in self.nights.iter().zip(&nights).enumerate() {
            let night = night.night_of;
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
        let sessions = convert("sessions", &self.sessions)?;
        for (i, (s, session)) in self.sessions.iter().zip(&sessions).enumerate() {
            if session.item.at > now {
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
        let days = convert("context", &self.context)?;
        let mut live_days = HashMap::new();
        for (i, (c, day)) in self.context.iter().zip(&days).enumerate() {
            let day = day.item.day;
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

    /// Every record converted as the diary would convert it if typed in; the first problem
    /// names the record (type, position, uid) and the field.
    pub fn validate(&self) -> Result<(), Invalid> {
        convert("nights", &self.nights)?;
        convert("episodes", &self.episodes)?;
        convert("sessions", &self.sessions)?;
        convert("routines", &self.routines)?;
        convert("context", &self.context)?;
        convert("experiments", &self.experiments)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::convert::tests::night;
    use crate::store::rows::Rows;
    use chrono::NaiveDate;

    fn file(note: &str, tight_left: i64) -> Rows {
        let mut row = night(note);
        row.tight_left = Some(tight_left);
        Rows {
            nights: vec![row],
            ..Rows::default()
        }
    }

    #[test]
    fn import_and_the_diary_read_a_row_by_one_conversion_with_the_typed_rules_on_import() {
        let escaped = file("sore\u{1b}[2J", 4);
        assert_eq!(
            escaped.validate().unwrap_err().0,
            "nights[0] (uid n-1): note must be plain text without control characters"
        );
        assert_eq!(
            file("sore", 11).validate().unwrap_err().0,
            "nights[0] (uid n-1): tight_left must be 0-10, got 11"
        );
        // The same row in the diary (saved by an older version, merged here unchecked) is
        // read through that conversion and shown, escaped.
        let mut store = Store::open_in_memory().unwrap();
        store
            .import_rows(
                &escaped,
                false,
                &crate::domain::Stamp::stored("2026-11-21T08:00:00"),
            )
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let read = store.night(day).unwrap().unwrap();
        assert_eq!(read.details.note.as_deref(), Some("sore\u{1b}[2J"));
        assert_eq!(
            read.details.summary(),
            "tight L4 R- · numb left · \"sore\\x1b[2J\""
        );
    }
}
