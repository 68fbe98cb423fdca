//! One field of a row as a domain value, under the conversion's [`Rules`].

use super::Rules;
use crate::domain::{Bound, Invalid, Score, Uid, parse_note};
use chrono::NaiveDate;

/// A stop, on import, is not before the start.
pub(in crate::store) fn stop_after_start(
    rules: Rules,
    start: NaiveDate,
    stop: Option<NaiveDate>,
) -> Result<(), Invalid> {
    match stop {
        Some(stop) if rules == Rules::Entry && stop < start => Err(Invalid::new(format!(
            "stopped_on must not be before start_on ({start}), got {stop}"
        ))),
        _ => Ok(()),
    }
}

pub(in crate::store) fn uid(rules: Rules, field: &str, v: &Uid) -> Result<Uid, Invalid> {
    match rules {
        Rules::Entry => Uid::parse(field, v),
        Rules::Stored => Ok(v.clone()),
    }
}

/// Free text: on import by the rule typed text follows (length, no control characters).
pub(in crate::store) fn text(
    rules: Rules,
    field: &str,
    v: &Option<String>,
) -> Result<Option<String>, Invalid> {
    match v {
        Some(t) if rules == Rules::Entry => parse_note(field, t),
        other => Ok(other.clone()),
    }
}

pub(in crate::store) fn score(field: &str, v: Option<i64>) -> Result<Option<Score>, Invalid> {
    v.map(|v| Score::new(field, v)).transpose()
}

/// An optional number in the domain's range for it.
pub(in crate::store) fn count(
    field: &str,
    v: Option<i64>,
    bound: Bound,
) -> Result<Option<i64>, Invalid> {
    v.map(|v| bound.check(field, v)).transpose()
}

/// A score as its column holds it.
pub(in crate::store) fn number(s: Option<Score>) -> Option<i64> {
    s.map(|s| i64::from(s.value()))
}
