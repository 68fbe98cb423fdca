//! Change times in an import: none far in the future, where it would outrank every later edit.

use super::file::at;
use crate::domain::{Invalid, Stamp, Uid};
use crate::store::rows::Rows;
use chrono::NaiveDateTime;

fn row<'a>(
    created: &'a Stamp,
    updated: &'a Stamp,
    deleted: &'a Option<Stamp>,
) -> [Option<&'a Stamp>; 3] {
    [Some(created), Some(updated), deleted.as_ref()]
}

impl Rows {
    /// No change time later than a day after `now`: a copy stamped in the future would win
    /// every later merge against the person's own edits. A day allows for another device's
    /// clock running ahead.
    pub(super) fn stamps_not_ahead_of(&self, now: NaiveDateTime) -> Result<(), Invalid> {
        let latest = Stamp::at(now + chrono::Duration::days(1));
        let mut all: Vec<(&str, usize, &Uid, [Option<&Stamp>; 3])> = Vec::new();
        for (i, n) in self.nights.iter().enumerate() {
            all.push((
                "nights",
                i,
                &n.uid,
                row(&n.created_at, &n.updated_at, &n.deleted_at),
            ));
        }
        for (i, e) in self.episodes.iter().enumerate() {
            all.push((
                "episodes",
                i,
                &e.uid,
                row(&e.created_at, &e.updated_at, &e.deleted_at),
            ));
        }
        for (i, x) in self.sessions.iter().enumerate() {
            all.push((
                "sessions",
                i,
                &x.uid,
                row(&x.created_at, &x.updated_at, &x.deleted_at),
            ));
        }
        for (i, r) in self.routines.iter().enumerate() {
            all.push((
                "routines",
                i,
                &r.uid,
                row(&r.created_at, &r.updated_at, &r.deleted_at),
            ));
        }
        for (i, c) in self.context.iter().enumerate() {
            all.push((
                "context",
                i,
                &c.uid,
                row(&c.created_at, &c.updated_at, &c.deleted_at),
            ));
        }
        for (i, x) in self.experiments.iter().enumerate() {
            all.push((
                "experiments",
                i,
                &x.uid,
                row(&x.created_at, &x.updated_at, &None),
            ));
        }
        for (kind, i, uid, values) in all {
            for (field, value) in ["created_at", "updated_at", "deleted_at"]
                .iter()
                .zip(values)
            {
                if let Some(v) = value
                    && *v > latest
                {
                    return at(
                        kind,
                        i,
                        uid,
                        Err(Invalid::new(format!(
                            "{field} must not be in the future (now is {}), got {v}",
                            now.format("%Y-%m-%dT%H:%M")
                        ))),
                    );
                }
            }
        }
        Ok(())
    }
}
