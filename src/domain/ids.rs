//! A record's stable id and the time it changed, as the diary keeps them.

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

/// A record with its stable id, as read back from the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    pub uid: Uid,
    pub item: T,
}
