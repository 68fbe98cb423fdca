//! A record's stable id and the time it changed, as the diary keeps them.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A record's stable id (a UUID for records made here; any 1-64 letters, digits or dashes
/// for imported ones).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Uid(String);

impl Uid {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// An id from outside (an import): 1-64 letters, digits or dashes.
    pub fn parse(field: &str, text: &str) -> Result<Self, super::Invalid> {
        if text.is_empty()
            || text.len() > 64
            || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(super::Invalid::new(format!(
                "{field} must be 1-64 letters, digits or dashes, got \"{text}\""
            )));
        }
        Ok(Self::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Uid {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Looked up by its text (a map keyed by uid answers `get("...")`): equal and hashed alike.
impl Borrow<str> for Uid {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Uid {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Uid {
    fn from(text: &str) -> Self {
        Self(text.to_string())
    }
}

impl From<Uid> for String {
    fn from(uid: Uid) -> Self {
        uid.0
    }
}

impl PartialEq<str> for Uid {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Uid {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Uid {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// When a record was created, changed or deleted, as the diary keeps it:
/// `YYYY-MM-DDTHH:MM:SS` in local time. Its text orders as time does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp(String);

impl Stamp {
    const FORMAT: &'static str = "%Y-%m-%dT%H:%M:%S";

    /// The stamp of `time`, to the second.
    pub fn at(time: chrono::NaiveDateTime) -> Self {
        Self(time.format(Self::FORMAT).to_string())
    }

    /// A stamp from outside (an import), refused unless it is `YYYY-MM-DDTHH:MM:SS`.
    pub fn parse(field: &str, text: &str) -> Result<Self, super::Invalid> {
        match chrono::NaiveDateTime::parse_from_str(text, Self::FORMAT) {
            Ok(_) => Ok(Self(text.to_string())),
            Err(_) => Err(super::Invalid::new(format!(
                "{field} must be a time as YYYY-MM-DDTHH:MM:SS, got \"{text}\""
            ))),
        }
    }

    /// A stamp read back from the diary, kept as stored.
    pub fn stored(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The calendar day of the stamp.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(self.0.get(..10)?, "%Y-%m-%d").ok()
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A record with its stable id, as read back from the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    pub uid: Uid,
    pub item: T,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn a_stamp_is_the_change_time_to_the_second_and_orders_as_time_does() {
        let noon = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(12, 0, 5))
            .unwrap();
        assert_eq!(Stamp::at(noon).as_str(), "2026-11-23T12:00:05");
        let earlier = Stamp::parse("updated_at", "2026-11-23T09:30:00").unwrap();
        assert!(earlier < Stamp::at(noon));
        assert_refusals(
            |typed| Stamp::parse("deleted_at", typed),
            &[(
                "2026-11-23 09:30",
                "deleted_at must be a time as YYYY-MM-DDTHH:MM:SS, got \"2026-11-23 09:30\"",
            )],
        );
    }
}
