//! Tags on a night: what happened the evening and day before it, in the diary's built-in words
//! or the person's own.

/// The built-in tags, in the order the picker offers them.
pub const BUILT_IN: &[&str] = &[
    "alcohol",
    "long standing",
    "heat",
    "hard exercise",
    "new shoes",
    "new or changed medication",
];
