//! A table's row as domain values: the trait each table's `store/<table>/row.rs` implements,
//! shared by the diary's reads and by import.
//!
//! An import converts with [`Rules::Entry`]: every rule typed input meets (ids, text length and
//! control characters, change times, the rules across fields). A row already in the diary is
//! read with [`Rules::Stored`]: its text as stored (a note saved by an older version is shown
//! escaped, never refused), the rules across fields left to the diary's CHECK constraints.

use super::rows::TableRow;
use super::shared::bad_column;
use crate::domain::Invalid;
use rusqlite::Row;

pub(in crate::store) mod fields;

/// Which rules a conversion applies (see the module's note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// A row coming into the diary: every rule typed input meets.
    Entry,
    /// A row already in the diary: text kept as stored.
    Stored,
}

/// A table's row as domain values.
pub trait ToDomain: TableRow {
    type Domain;

    fn convert(&self, rules: Rules) -> Result<Self::Domain, Invalid>;

    /// By every rule typed input meets: how an import checks a file's row.
    fn to_domain(&self) -> Result<Self::Domain, Invalid> {
        self.convert(Rules::Entry)
    }

    /// A row already in the diary, its text kept as stored.
    fn to_domain_as_stored(&self) -> Result<Self::Domain, Invalid> {
        self.convert(Rules::Stored)
    }
}

/// Reads a row selected with [`TableRow::select`] through the table's codec and conversion.
pub(super) fn read<T: ToDomain>(row: &Row<'_>) -> rusqlite::Result<T::Domain> {
    let stored = T::from_row(row)?;
    stored
        .to_domain_as_stored()
        .map_err(|e| bad_column(stored.uid(), e.0))
}

#[cfg(test)]
pub(crate) mod tests;

/// A `YYYY-MM-DD` column (or the first ten characters of a time stamp) as a date, read without
/// chrono's format parser: a whole-diary read (the insights) reads a date per row, and parsing
/// them with a format string was a tenth of its time. Anything else falls back to the ordinary
/// conversion, with its error.
pub(in crate::store) fn day_at(row: &Row<'_>, i: usize) -> rusqlite::Result<chrono::NaiveDate> {
    match day_of(row.get_ref(i)?.as_str()?) {
        Some(day) => Ok(day),
        None => row.get(i),
    }
}

/// `YYYY-MM-DD` as a date (`None` for anything else), without chrono's format parser.
pub(in crate::store) fn day_of(text: &str) -> Option<chrono::NaiveDate> {
    let part = |from: usize, to: usize| text.get(from..to).and_then(|s| s.parse::<u32>().ok());
    let dashes = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match (dashes, part(0, 4), part(5, 7), part(8, 10)) {
        (true, Some(y), Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
}
