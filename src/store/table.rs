//! What a table of the diary declares once, in its `store/<table>/row.rs`, and the list of
//! tables (`store/tables.rs`) that every per-table task walks: the copy of the diary ([`Rows`]),
//! import staging and merge, the dump behind every export, CSV, the counts an import and an
//! export report, undo.
//!
//! Adding a kind of record: its `store/<table>/row.rs` (its row with [`table_row!`], its
//! [`ToDomain`] conversion and its [`Table`] declaration), one line in the list, a migration
//! (the README's "Development" has the whole recipe).
//!
//! [`Rows`]: super::tables::Rows
//! [`table_row!`]: super::rows::table_row

use super::convert::ToDomain;
use super::rows::Stamped;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One table, declared once.
pub trait Table: Listed + ToDomain + Stamped + Serialize + DeserializeOwned + Clone {
    /// The record in words, one and many, as an import's and an export's summary count it.
    const NOUN: (&'static str, &'static str);
    /// Its file in a CSV export (`None`: not part of the CSV export).
    const CSV: Option<&'static str>;
    /// Lists added after the first export format are absent from older files: such a list may
    /// be missing from a file, and is written only when it has rows.
    const IN_EVERY_FILE: bool = true;
    /// The day a row belongs to, as SQL over the row `t`: a range of days copies the rows of
    /// those days. `None`: always copied whole.
    const DAY: Option<&'static str>;
    /// The order rows are copied in, as SQL over the row `t`.
    const ORDER: &'static str;
    /// How a newer copy from an import is merged (see [`Merge`]).
    const MERGE: Merge = Merge::NEWER_WINS;
    /// One live row per date (nights, days of context): see [`OneLive`].
    const ONE_LIVE: Option<OneLive> = None;
    /// A delete of one of its rows is undone with `u` (rows are soft-deleted).
    const UNDO: bool = false;

    /// Its free-text cells (typed, pasted, imported or synced words: notes, reasons, tags), which
    /// a spreadsheet could take for a formula; the CSV export guards every one of them.
    fn free_text(&mut self) -> Vec<&mut String> {
        Vec::new()
    }

    /// The day or time the row is about, which a copy may not put after now.
    fn when(&self) -> Option<When> {
        None
    }
}

/// The day or time a row is about, with its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(&'static str, NaiveDate),
    Minute(&'static str, NaiveDateTime),
}

/// How an import merges a copy of a row the diary already has. By default the copy that changed
/// last wins, every column of it; a table with rules of its own narrows that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The columns a newer copy writes (`None`: every column but `uid`).
    pub writes: Option<&'static [&'static str]>,
    /// What must hold, besides being newer, for a copy to be merged, as SQL over the staged
    /// copy `s` and the diary's row `m`; otherwise the diary's row stays, counted as already in
    /// the diary.
    pub when: Option<&'static str>,
    /// Columns that must be equal in both copies (`s` and `m`) when the uid is already in the
    /// diary, and the refusal when they differ.
    pub fixed: Option<(&'static [&'static str], &'static str)>,
}

impl Merge {
    pub const NEWER_WINS: Merge = Merge {
        writes: None,
        when: None,
        fixed: None,
    };
}

/// A table with one live row per date: the column, and how its record and date are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OneLive {
    /// The date column.
    pub column: &'static str,
    /// The date as the sentences name it: "night" (`night 2026-11-20`), "day".
    pub date: &'static str,
    /// What is true of a date with a live row: "is already logged", "already has context".
    pub taken: &'static str,
    /// What happened since a delete, for an undo refused: "has been logged again",
    /// "has context recorded again".
    pub again: &'static str,
}

/// Something done for each table of the list in turn, in the list's order (the order of a
/// merge: a night before its cramps), with its rows and its position in the list.
pub trait EachTable {
    type Error;
    fn table<T: Table>(&mut self, position: usize, rows: &[T]) -> Result<(), Self::Error>;
}

/// The same, changing the rows.
pub trait EachTableMut {
    fn table<T: Table>(&mut self, rows: &mut Vec<T>);
}

/// Rows made table by table (read from the diary, or from a file).
pub trait FillTable {
    type Error;
    fn table<T: Table>(&mut self, list: &'static str) -> Result<Vec<T>, Self::Error>;
}

/// The name of a table's list in a copy (its key in an export file, its staging table's
/// suffix, the record named in a refusal: `nights[3]`), given by the list of tables.
pub trait Listed {
    const LIST: &'static str;
}

/// Declares the list of tables (invoked once, in `store/tables.rs`): the [`Rows`] of a copy
/// with one list per table, what walks them, and how many there are.
///
/// [`Rows`]: super::tables::Rows
macro_rules! tables {
    ($($(#[$doc:meta])* $list:ident: $row:ty),+ $(,)?) => {
        /// Everything in the diary (or in a copy of it) as plain rows, one list per table,
        /// deleted rows included, so a copy is lossless.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Rows {
            $($(#[$doc])* pub $list: Vec<$row>,)+
        }

        $(impl $crate::store::table::Listed for $row {
            const LIST: &'static str = stringify!($list);
        })+

        /// Every table at once, with no rows: for work that only needs each table's
        /// declaration.
        pub fn each_table<V: $crate::store::table::EachTable>(v: &mut V) -> Result<(), V::Error> {
            Rows::default().each(v)
        }

        /// Each table's list, in the list's order.
        pub const LISTS: &[&str] = &[$(stringify!($list)),+];
        /// How many tables there are.
        pub const COUNT: usize = LISTS.len();
        /// Each table's record in words (one, many), in the list's order.
        pub const NOUNS: [(&str, &str); COUNT] =
            [$(<$row as $crate::store::table::Table>::NOUN),+];

        impl Rows {
            /// Walks every table with its rows.
            pub fn each<V: $crate::store::table::EachTable>(
                &self,
                v: &mut V,
            ) -> Result<(), V::Error> {
                let mut position = 0;
                $(
                    v.table::<$row>(position, &self.$list)?;
                    position += 1;
                )+
                debug_assert_eq!(position, COUNT);
                Ok(())
            }

            /// Walks every table, changing its rows.
            pub fn each_mut<V: $crate::store::table::EachTableMut>(&mut self, v: &mut V) {
                $(v.table::<$row>(&mut self.$list);)+
            }

            /// Makes every table's rows.
            pub fn fill<V: $crate::store::table::FillTable>(v: &mut V) -> Result<Self, V::Error> {
                Ok(Self {
                    $($list: v.table::<$row>(stringify!($list))?,)+
                })
            }

            /// How many rows each table has, with its noun (one, many): every table, but those
            /// added after the first export format only when they have rows (as in the file).
            pub fn counts(&self) -> Vec<(usize, (&'static str, &'static str))> {
                let mut counts = Vec::new();
                $(
                    if <$row as $crate::store::table::Table>::IN_EVERY_FILE
                        || !self.$list.is_empty()
                    {
                        counts.push((
                            self.$list.len(),
                            <$row as $crate::store::table::Table>::NOUN,
                        ));
                    }
                )+
                counts
            }
        }

        /// The lists in the order of the list of tables; a list added after the first export
        /// format only when it has rows.
        impl serde::Serialize for Rows {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $(
                    if <$row as $crate::store::table::Table>::IN_EVERY_FILE
                        || !self.$list.is_empty()
                    {
                        map.serialize_entry(stringify!($list), &self.$list)?;
                    }
                )+
                map.end()
            }
        }
    };
}
pub(in crate::store) use tables;

/// Whether the table's rows are soft-deleted (it has a `deleted_at` column).
pub fn soft_deleted<T: Table>() -> bool {
    T::COLUMNS.contains(&"deleted_at")
}

/// When a row of `T` (under `alias`) last changed, as SQL: its edit or its deletion,
/// whichever is later.
pub fn changed<T: Table>(alias: &str) -> String {
    if soft_deleted::<T>() {
        format!("max({alias}.updated_at, coalesce({alias}.deleted_at, ''))")
    } else {
        format!("{alias}.updated_at")
    }
}
