//! "Did it last?": the follow-up's whole weeks against the weeks before the routine and
//! against the routine's own weeks (issue 21).
//!
//! The follow-up has no planned end and is read every morning, so each comparison is a
//! confidence sequence with the normal-mixture boundary of Howard et al. 2021 (narrowest when
//! the follow-up is as long as the routine), over the same weekly score interval as the
//! routine's line ([`super::sequence`]). Each is valid however long the follow-up goes on.

use super::boundary::{ALPHA, information, normal_mixture, weekly_information};
use super::sequence::{LookInterval, look};
use super::weekly_ci::WeekCount;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lasted {
    /// Still clearly fewer than before the routine.
    StayedLower,
    /// Still fewer than before, but clearly more than during the routine.
    PartlyCameBack,
    /// Clearly more than during the routine.
    CameBack,
    CantTellYet,
}

impl Lasted {
    pub fn words(self) -> &'static str {
        match self {
            Lasted::StayedLower => "stayed lower",
            Lasted::PartlyCameBack => "partly came back",
            Lasted::CameBack => "came back",
            Lasted::CantTellYet => "can't tell yet",
        }
    }
}

/// The answer after `weeks` whole follow-up weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lasting {
    pub weeks: usize,
    /// Follow-up rate over the rate before the routine (the verdict's reference).
    pub vs_before: Option<LookInterval>,
    /// Follow-up rate over the routine's rate.
    pub vs_routine: Option<LookInterval>,
    pub outcome: Lasted,
}

/// `before`: the verdict's reference weeks (`before_nights` calendar nights); `routine`: the
/// routine's whole weeks; `follow_up`: the whole weeks after it. `None` without a whole
/// follow-up week.
pub fn did_it_last(
    before: &[WeekCount],
    before_nights: u32,
    routine: &[WeekCount],
    follow_up: &[WeekCount],
) -> Option<Lasting> {
    let weeks = follow_up.len();
    if weeks == 0 || routine.is_empty() {
        return None;
    }
    let routine_nights = 7.0 * routine.len() as f64;
    // Narrowest once the follow-up is as long as the routine.
    let z = |reference: f64| {
        let info = weekly_information(reference, weeks as u32);
        let tuned = information(reference, routine_nights);
        normal_mixture(&info, tuned, ALPHA)[weeks - 1]
    };
    let vs_before = look(before, follow_up, z(f64::from(before_nights)));
    let vs_routine = look(routine, follow_up, z(routine_nights));
    let below_before = vs_before.is_some_and(|r| r.hi < 1.0);
    let above_routine = vs_routine.is_some_and(|r| r.lo > 1.0);
    let outcome = match (below_before, above_routine) {
        (true, true) => Lasted::PartlyCameBack,
        (true, false) => Lasted::StayedLower,
        (false, true) => Lasted::CameBack,
        (false, false) => Lasted::CantTellYet,
    };
    Some(Lasting {
        weeks,
        vs_before,
        vs_routine,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::weekly_ci::full;

    /// Did it last, for whole weeks of these cramp counts (before, its nights, the routine, the
    /// follow-up), when there is a follow-up week to tell by.
    fn lasted(before: &[u32], before_nights: u32, routine: &[u32], follow_up: &[u32]) -> Lasting {
        did_it_last(
            &full(before),
            before_nights,
            &full(routine),
            &full(follow_up),
        )
        .expect("a whole follow-up week")
    }

    #[test]
    fn no_whole_follow_up_week_gives_nothing() {
        assert_eq!(did_it_last(&full(&[6; 4]), 28, &full(&[1; 4]), &[]), None);
    }

    #[test]
    fn cramps_that_stay_away_stayed_lower() {
        let l = lasted(&[8, 9, 7, 8], 28, &[1, 2, 1, 1], &[1, 1, 2, 1]);
        assert_eq!(l.outcome, Lasted::StayedLower, "{l:?}");
        assert_eq!(l.weeks, 4);
    }

    #[test]
    fn cramps_back_to_the_old_rate_came_back() {
        let l = lasted(&[8, 9, 7, 8], 28, &[1, 0, 1, 1], &[8, 9, 8, 7]);
        assert_eq!(l.outcome, Lasted::CameBack, "{l:?}");
    }

    #[test]
    fn one_week_is_too_soon_to_tell() {
        let l = lasted(&[8, 9, 7, 8], 28, &[2, 3, 2, 3], &[4]);
        assert_eq!(l.outcome, Lasted::CantTellYet, "{l:?}");
        let (b, r) = (l.vs_before.unwrap(), l.vs_routine.unwrap());
        assert!(
            b.lo < 1.0 && b.hi > 1.0 && r.lo < 1.0 && r.hi > 1.0,
            "{l:?}"
        );
    }

    #[test]
    fn halfway_back_partly_came_back() {
        let l = lasted(
            &[12, 13, 12, 12, 13, 12],
            42,
            &[0, 1, 0, 0, 1, 0],
            &[6, 6, 5, 6, 6, 7],
        );
        assert_eq!(l.outcome, Lasted::PartlyCameBack, "{l:?}");
    }
}
