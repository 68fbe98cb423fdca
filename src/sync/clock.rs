//! The hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): a
//! wall-clock time in milliseconds and a counter. It never runs backwards, it is ahead of every
//! clock a device has received, and it stays close to the wall clock, so a phone whose clock is
//! minutes (or hours) off still orders its changes after the ones it had seen.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A hybrid logical clock reading: `(wall milliseconds, counter)`, ordered as a pair.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Hlc {
    /// The largest wall-clock time (ms since 1970, of the app's clock) this clock has known.
    pub wall: i64,
    /// Events at the same `wall`.
    pub count: u32,
}

impl Hlc {
    pub const fn new(wall: i64, count: u32) -> Self {
        Self { wall, count }
    }

    /// The clock of a change made here when the wall clock reads `now` (a local event, or a
    /// send: Kulkarni et al., Fig. 5).
    #[must_use]
    pub fn tick(self, now: i64) -> Self {
        if now > self.wall {
            Self::new(now, 0)
        } else {
            Self::new(self.wall, self.count.saturating_add(1))
        }
    }

    /// The clock after receiving a change stamped `remote`, with the wall clock at `now`.
    #[must_use]
    pub fn receive(self, remote: Hlc, now: i64) -> Self {
        let wall = self.wall.max(remote.wall).max(now);
        let count = if wall == self.wall && wall == remote.wall {
            self.count.max(remote.count).saturating_add(1)
        } else if wall == self.wall {
            self.count.saturating_add(1)
        } else if wall == remote.wall {
            remote.count.saturating_add(1)
        } else {
            0
        };
        Self::new(wall, count)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.wall, self.count)
    }
}

/// A diary stamp (`YYYY-MM-DDTHH:MM:SS`, the app's clock) as wall milliseconds: the same
/// arithmetic as the diary's trigger (`julianday`), so both give the same number.
pub fn wall_of(stamp: &str) -> Option<i64> {
    let t = chrono::NaiveDateTime::parse_from_str(stamp.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()?;
    Some(t.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_change_moves_past_the_wall_clock_or_counts_up() {
        let c = Hlc::new(1_000, 3);
        assert_eq!(c.tick(2_000), Hlc::new(2_000, 0));
        assert_eq!(c.tick(1_000), Hlc::new(1_000, 4));
        // A wall clock set back does not move the clock back.
        assert_eq!(c.tick(500), Hlc::new(1_000, 4));
    }

    #[test]
    fn a_received_clock_ahead_of_ours_is_passed() {
        let ours = Hlc::new(1_000, 2);
        // A phone two hours ahead: our next change still orders after it.
        let theirs = Hlc::new(1_000 + 7_200_000, 5);
        let after = ours.receive(theirs, 1_100);
        assert!(after > theirs && after > ours);
        assert!(after.tick(1_200) > theirs);
        assert_eq!(ours.receive(Hlc::new(900, 9), 1_000), Hlc::new(1_000, 3));
        assert_eq!(ours.receive(Hlc::new(1_000, 9), 1_000), Hlc::new(1_000, 10));
        assert_eq!(ours.receive(Hlc::new(10, 9), 5_000), Hlc::new(5_000, 0));
    }

    #[test]
    fn stamps_are_read_as_wall_milliseconds() {
        assert_eq!(wall_of("1970-01-01T00:00:01"), Some(1_000));
        assert_eq!(
            wall_of("2026-03-05T07:55:00.123"),
            wall_of("2026-03-05T07:55:00")
        );
        assert_eq!(wall_of("yesterday"), None);
    }
}
