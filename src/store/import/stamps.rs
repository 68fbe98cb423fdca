//! Change times in an import: none far in the future, where it would outrank every later edit.

use super::file::at;
use crate::domain::{Invalid, Stamp};
use crate::store::table::{EachTable, Table};
use crate::store::tables::Rows;
use chrono::NaiveDateTime;

/// Refuses the first change time later than `latest`.
struct NotAfter {
    now: NaiveDateTime,
    latest: Stamp,
}

impl EachTable for NotAfter {
    type Error = Invalid;

    fn table<T: Table>(&mut self, _: usize, rows: &[T]) -> Result<(), Invalid> {
        for (i, row) in rows.iter().enumerate() {
            for (field, value) in ["created_at", "updated_at", "deleted_at"]
                .iter()
                .zip(row.stamps())
            {
                if let Some(v) = value
                    && *v > self.latest
                {
                    return at(
                        T::LIST,
                        i,
                        row.uid(),
                        Err(Invalid::new(format!(
                            "{field} must not be in the future (now is {}), got {v}",
                            self.now.format("%Y-%m-%dT%H:%M")
                        ))),
                    );
                }
            }
        }
        Ok(())
    }
}

impl Rows {
    /// No change time later than a day after `now`: a copy stamped in the future would win
    /// every later merge against the person's own edits. A day allows for another device's
    /// clock running ahead.
    pub(super) fn stamps_not_ahead_of(&self, now: NaiveDateTime) -> Result<(), Invalid> {
        let latest = Stamp::at(now + chrono::Duration::days(1));
        self.each(&mut NotAfter { now, latest })
    }
}
