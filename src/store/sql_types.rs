//! How domain values are stored in a column: words as their text, ids as text, scores as
//! integers, times kept to the minute as the diary writes them (`HH:MM`, `YYYY-MM-DDTHH:MM`).
//! Dates are chrono's (rusqlite's `chrono` feature: `YYYY-MM-DD`). Reading a value the domain
//! refuses fails the read with the stored value named.

use crate::domain::session::Technique;
use crate::domain::{ClockTime, LocalMinute, NightStatus, Score, Stamp, Uid};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// `ToSql`/`FromSql` for the closed word sets: stored as their word, read back exactly.
macro_rules! sql_words {
    ($($name:ty),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                // The word exactly as written (no case folding: no allocation per row).
                let text = value.as_str()?;
                <$name>::parse_exact("", text)
                    .map_err(|_| FromSqlError::Other(format!("stored value '{text}'").into()))
            }
        }
    )+};
}

sql_words!(NightStatus, Technique);

/// `ToSql`/`FromSql` for the text newtypes: stored as their text, read back as stored (every
/// id and stamp written here or imported was checked on the way in).
macro_rules! sql_text {
    ($($name:ty => $read:path),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                Ok($read(value.as_str()?))
            }
        }
    )+};
}

sql_text!(Uid => Uid::new, Stamp => Stamp::stored);

/// `ToSql`/`FromSql` for the times kept to the minute: stored as the diary writes them
/// (chrono's own SQL text would add seconds), read back only when written so.
macro_rules! sql_minutes {
    ($($name:ty),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                <$name>::parse(text)
                    .ok_or_else(|| FromSqlError::Other(format!("stored value '{text}'").into()))
            }
        }
    )+};
}

sql_minutes!(ClockTime, LocalMinute);

impl ToSql for Score {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.value())))
    }
}

impl FromSql for Score {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let v = value.as_i64()?;
        Score::new("score", v).map_err(|e| FromSqlError::Other(e.0.into()))
    }
}
