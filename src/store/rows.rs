//! The codec of a table's row, as it is copied out of the diary and merged back in (staged in
//! TEMP tables first). Every row keeps its `uid` and timestamps, and deleted rows are kept too,
//! so a copy is lossless.
//!
//! Each table's row is declared once with [`table_row!`], in its table's `row.rs`
//! (`store/<table>/row.rs`, beside its queries in `store/<table>.rs`): its
//! field list gives the struct, the column list ([`TableRow::COLUMNS`]), the reader
//! ([`TableRow::from_row`]) and the statement parameters ([`TableRow::params`]), so reads,
//! copies, bulk insert and merges share one codec per table.

use crate::domain::{ClockTime, LocalMinute, Stamp, Uid};
use chrono::NaiveDate;
use rusqlite::{Row, ToSql};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One table's codec.
pub trait TableRow: Sized {
    /// The table in the diary.
    const TABLE: &'static str;
    /// Every column in its order, `uid` first. `night_uid` stands for the diary's
    /// `night_id` (the uid of the night the row belongs to).
    const COLUMNS: &'static [&'static str];
    /// Reads a row holding (at least) [`TableRow::COLUMNS`], together and in their order (as
    /// [`TableRow::select`] or `COLUMNS` selects them), found by the first column's name.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    /// The values in [`TableRow::COLUMNS`] order.
    fn params(&self) -> Vec<&dyn ToSql>;
    /// The row's `uid`.
    fn uid(&self) -> &Uid;

    /// The select list for rows of this table under `alias`.
    fn select(alias: &str) -> String {
        Self::COLUMNS
            .iter()
            .map(|c| match *c {
                "night_uid" => {
                    format!(
                        "(SELECT uid FROM main.nights WHERE id = {alias}.night_id) AS night_uid"
                    )
                }
                c => format!("{alias}.{c}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The table's own column names (`night_id` for `night_uid`).
    fn stored_columns() -> Vec<&'static str> {
        Self::COLUMNS
            .iter()
            .map(|c| if *c == "night_uid" { "night_id" } else { c })
            .collect()
    }

    /// `INSERT` of one row from [`TableRow::params`] (`?1`.. in column order).
    fn insert_sql() -> String {
        let values: Vec<String> = Self::COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| match *c {
                "night_uid" => format!("(SELECT id FROM main.nights WHERE uid = ?{})", i + 1),
                _ => format!("?{}", i + 1),
            })
            .collect();
        format!(
            "INSERT INTO main.{} ({}) VALUES ({})",
            Self::TABLE,
            Self::stored_columns().join(", "),
            values.join(", ")
        )
    }

    /// `UPDATE` of a live row found by `uid` (`?1`) from [`TableRow::params`]: every column
    /// but `uid` and `created_at` (so the last column must be one that is written).
    fn update_sql() -> String {
        let sets: Vec<String> = Self::COLUMNS
            .iter()
            .enumerate()
            .filter(|(_, c)| !matches!(**c, "uid" | "created_at"))
            .map(|(i, c)| match *c {
                "night_uid" => format!(
                    "night_id = (SELECT id FROM main.nights WHERE uid = ?{})",
                    i + 1
                ),
                c => format!("{c} = ?{}", i + 1),
            })
            .collect();
        format!(
            "UPDATE main.{} SET {} WHERE uid = ?1 AND deleted_at IS NULL",
            Self::TABLE,
            sets.join(", ")
        )
    }
}

/// A row's change times: created, updated and (when it can be deleted) deleted.
pub trait Stamped {
    fn stamps(&self) -> [Option<&Stamp>; 3];
}

/// Declares a row struct, its [`TableRow`] codec and its [`Stamped`] change times from one
/// field list (each table's `store/<table>/row.rs` invokes it once). `@stamps` in the list
/// stands for the three change times every deletable row keeps, in that place:
/// `created_at`, `updated_at` and `deleted_at` (a table whose rows are never deleted lists its
/// two and writes its own [`Stamped`]).
macro_rules! table_row {
    ($(#[$meta:meta])* $name:ident, $table:literal, {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty,)+
        @stamps
        $(, $(#[$ameta:meta])* $after:ident : $aty:ty)* $(,)?
    }) => {
        $crate::store::rows::table_row!($(#[$meta])* $name, $table, {
            $($(#[$fmeta])* $field: $ty,)+
            created_at: $crate::domain::Stamp,
            updated_at: $crate::domain::Stamp,
            deleted_at: Option<$crate::domain::Stamp>
            $(, $(#[$ameta])* $after: $aty)*
        });

        impl $crate::store::rows::Stamped for $name {
            fn stamps(&self) -> [Option<&$crate::domain::Stamp>; 3] {
                [Some(&self.created_at), Some(&self.updated_at), self.deleted_at.as_ref()]
            }
        }
    };
    ($(#[$meta:meta])* $name:ident, $table:literal, {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)?
    }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),+
        }

        impl $crate::store::rows::TableRow for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                // The columns are selected together in their order (`select`), so one name is
                // looked up and the rest read by position; debug builds check each name.
                let mut at = row.as_ref().column_index(Self::COLUMNS[0])?;
                Ok(Self {
                    $($field: {
                        debug_assert_eq!(
                            row.as_ref().column_name(at).ok(),
                            Some(stringify!($field)),
                            "{} columns selected out of order",
                            $table
                        );
                        at += 1;
                        row.get(at - 1)?
                    }),+
                })
            }

            fn params(&self) -> Vec<&dyn rusqlite::ToSql> {
                vec![$(&self.$field as &dyn rusqlite::ToSql),+]
            }

            fn uid(&self) -> &$crate::domain::Uid {
                &self.uid
            }
        }
    };
}
pub(in crate::store) use table_row;

/// A record id is written in a copy as its text.
impl Serialize for Uid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A copy's record id, read as written: the import's conversion checks it (with the record's
/// position and uid in the refusal).
impl<'de> Deserialize<'de> for Uid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Uid::new)
    }
}

/// A change time is written in a copy as its text.
impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A value of a copy written otherwise than the diary writes it: the rest of a sentence that
/// begins with the field, `must be ...` (the import puts the record and field before it).
pub const MUST_BE: &str = "must be ";

fn refused<E: serde::de::Error>(rest: impl std::fmt::Display) -> E {
    E::custom(format_args!("{MUST_BE}{rest}"))
}

/// A copy's change time, refused (naming the record and field) unless `YYYY-MM-DDTHH:MM:SS`.
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Stamp::parse("stamp", &text).map_err(|_| {
            refused(format_args!(
                "a time as YYYY-MM-DDTHH:MM:SS, got \"{text}\""
            ))
        })
    }
}

/// A time kept to the minute is written in a copy as the diary writes it, and read only when
/// written so (naming the record and field otherwise).
macro_rules! serde_minutes {
    ($($name:ty => $expected:expr),+ $(,)?) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                <$name>::parse(&text).ok_or_else(|| refused($expected(&text)))
            }
        }
    )+};
}

serde_minutes!(
    ClockTime => |text: &str| match crate::domain::dates::parse_clock_time("", text) {
        // A time of night typed loosely (`3:10`) but not as the diary writes it.
        Ok(_) => format!("HH:MM, got \"{text}\""),
        Err(e) => e.0.trim_start().trim_start_matches(MUST_BE).to_string(),
    },
    LocalMinute => |text: &str| format!("YYYY-MM-DDTHH:MM, got \"{text}\""),
);

/// A calendar date in a copy (`night_of`, `start_on`, `day`, ...): written as `YYYY-MM-DD`,
/// read only when written so (naming the record and field otherwise). Use with
/// `#[serde(with = "crate::store::rows::date")]`.
pub(in crate::store) mod date {
    use super::*;

    const FORMAT: &str = "%Y-%m-%d";

    fn parse(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, FORMAT)
            .ok()
            .filter(|_| text.len() == 10)
    }

    pub(in crate::store) fn serialize<S: Serializer>(
        d: &NaiveDate,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format(FORMAT))
    }

    pub(in crate::store) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).ok_or_else(|| refused(format_args!("a date as YYYY-MM-DD, got \"{text}\"")))
    }

    /// The same for a date that may be absent (`null`).
    pub(in crate::store) mod optional {
        use super::*;

        pub(in crate::store) fn serialize<S: Serializer>(
            d: &Option<NaiveDate>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => super::serialize(d, s),
                None => s.serialize_none(),
            }
        }

        pub(in crate::store) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<NaiveDate>, D::Error> {
            #[derive(Deserialize)]
            struct Date(#[serde(with = "super")] NaiveDate);
            Ok(Option::<Date>::deserialize(d)?.map(|Date(d)| d))
        }
    }
}
