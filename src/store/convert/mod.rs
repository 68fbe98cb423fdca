//! Each table's row as domain values: one conversion per table, shared by the diary's reads
//! and by import.
//!
//! An import converts with [`Rules::Entry`]: every rule typed input meets (ids, text length and
//! control characters, change times, the rules across fields). A row already in the diary is
//! read with [`Rules::Stored`]: its text as stored (a note saved by an older version is shown
//! escaped, never refused), the rules across fields left to the diary's CHECK constraints.

use super::rows::{
    ContextRow, EpisodeRow, ExperimentRow, NightRow, RoutineRow, SessionRow, TableRow,
};
use super::shared::bad_column;
use crate::domain::bounds::{
    BASELINE_NIGHTS, EXERCISE_MIN, EXPERIMENT_PAIRS, FLUIDS_DL, MAGNESIUM_MG, MINUTES_PER_CALF,
    ROUTINE_WEEKS, SECONDS_PER_SPOT, SESSIONS_PER_WEEK, SPOTS, WASHOUT_NIGHTS,
};
use crate::domain::context::{DailyContext, DayContext};
use crate::domain::experiment::{Experiment, Planned, THRESHOLD};
use crate::domain::night::{Sides, parse_exclude_reason};
use crate::domain::routine::Routine;
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use crate::domain::{
    Bound, CrampDuration, CrampEpisode, Invalid, Leg, Muscle, Night, NightDetails, NightStatus,
    Score, Stored,
};
use chrono::NaiveDateTime;
use rusqlite::Row;

mod fields;
mod new_rows;

use fields::{clock_time, count, date, optional_date, score, stop_after_start, text, uid};

/// How a session's `at` is stored: `YYYY-MM-DDTHH:MM`.
pub(super) const AT_FORMAT: &str = "%Y-%m-%dT%H:%M";

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

impl ToDomain for NightRow {
    /// The night without its cramps (those are episode rows).
    type Domain = Night;

    fn convert(&self, rules: Rules) -> Result<Night, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let night_of = date("night_of", &self.night_of)?;
        let status = NightStatus::parse_exact("status", &self.status)?;
        if rules == Rules::Entry
            && (status == NightStatus::Excluded) != self.exclude_reason.is_some()
        {
            return Err(Invalid::new(
                "exclude_reason must be given exactly when status is excluded",
            ));
        }
        let sides = |field: &str, v: &Option<String>| {
            v.as_deref()
                .map(|v| Sides::parse_exact(field, v))
                .transpose()
        };
        let details = NightDetails {
            tight_left: score("tight_left", self.tight_left)?,
            tight_right: score("tight_right", self.tight_right)?,
            sleep_disturbance: score("sleep_disturbance", self.sleep_disturbance)?,
            soreness: score("soreness", self.soreness)?,
            numbness: sides("numbness", &self.numbness)?,
            swelling: sides("swelling", &self.swelling)?,
            note: text(rules, "note", &self.note)?,
        };
        let exclude_reason = match &self.exclude_reason {
            Some(reason) if rules == Rules::Entry => {
                text(rules, "exclude_reason", &self.exclude_reason)?;
                Some(parse_exclude_reason(reason)?)
            }
            other => other.clone(),
        };
        Ok(Night {
            uid: uid.into(),
            night_of,
            status,
            exclude_reason,
            details,
            episodes: Vec::new(),
        })
    }
}

impl ToDomain for EpisodeRow {
    type Domain = Stored<CrampEpisode>;

    fn convert(&self, rules: Rules) -> Result<Stored<CrampEpisode>, Invalid> {
        let own = uid(rules, "uid", &self.uid)?;
        uid(rules, "night_uid", &self.night_uid)?;
        let item = CrampEpisode {
            leg: Leg::parse_exact("leg", &self.leg)?,
            muscle: Muscle::parse_exact("muscle", &self.muscle)?,
            intensity: Score::new("intensity", self.intensity)?,
            duration: CrampDuration::from_seconds(self.duration_s)?,
            at: self
                .at_time
                .as_deref()
                .map(|t| clock_time("at_time", t))
                .transpose()?,
            woke: self.woke,
            note: text(rules, "note", &self.note)?,
        };
        Ok(Stored { uid: own, item })
    }
}

impl ToDomain for SessionRow {
    type Domain = Stored<MassageSession>;

    fn convert(&self, rules: Rules) -> Result<Stored<MassageSession>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let at = NaiveDateTime::parse_from_str(&self.at, AT_FORMAT)
            .ok()
            .filter(|_| self.at.len() == 16)
            .ok_or_else(|| {
                Invalid::new(format!("at must be YYYY-MM-DDTHH:MM, got \"{}\"", self.at))
            })?;
        let item = MassageSession {
            at,
            technique: Technique::parse_exact("technique", &self.technique)?,
            legs: Leg::parse_exact("legs", &self.legs)?,
            minutes_per_calf: count("minutes_per_calf", self.minutes_per_calf, MINUTES_PER_CALF)?
                .map(|v| v as u8),
            pain: score("pain", self.pain)?,
            speed: self
                .gun_speed
                .as_deref()
                .map(|v| GunSpeed::parse_exact("gun_speed", v))
                .transpose()?,
            head: self
                .gun_head
                .as_deref()
                .map(|v| GunHead::parse_exact("gun_head", v))
                .transpose()?,
            spots: count("spots", self.spots, SPOTS)?.map(|v| v as u8),
            seconds_per_spot: count("seconds_per_spot", self.seconds_per_spot, SECONDS_PER_SPOT)?
                .map(|v| v as u16),
            tight_before: score("tight_before", self.tight_before)?,
            tight_after: score("tight_after", self.tight_after)?,
            side_effects: self
                .side_effects
                .split(',')
                .filter(|w| !w.is_empty())
                .map(|w| SideEffect::parse_exact("side_effects", w))
                .collect::<Result<_, _>>()?,
            note: text(rules, "note", &self.note)?,
        };
        if rules == Rules::Entry {
            item.validate()?;
        }
        Ok(Stored { uid, item })
    }
}

impl ToDomain for RoutineRow {
    type Domain = Stored<Routine>;

    fn convert(&self, rules: Rules) -> Result<Stored<Routine>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let start = date("start_on", &self.start_on)?;
        let weeks = ROUTINE_WEEKS.check("weeks", self.weeks)? as u8;
        let per_week = SESSIONS_PER_WEEK.check("per_week", self.per_week)? as u8;
        // Older diaries hold baselines down to 7 nights (their CHECK allows it): read as stored.
        let baseline_nights = match rules {
            Rules::Entry => BASELINE_NIGHTS.check("baseline_nights", self.baseline_nights)?,
            Rules::Stored => self.baseline_nights,
        } as u16;
        let stopped_on = optional_date("stopped_on", &self.stopped_on)?;
        stop_after_start(rules, start, stopped_on)?;
        Ok(Stored {
            uid,
            item: Routine {
                start,
                weeks,
                per_week,
                baseline_nights,
                stopped_on,
            },
        })
    }
}

impl ToDomain for ContextRow {
    type Domain = Stored<DayContext>;

    fn convert(&self, rules: Rules) -> Result<Stored<DayContext>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let small = |field: &str, v: Option<i64>, bound: Bound| {
            count(field, v, bound).map(|v| v.map(|v| v as u16))
        };
        let item = DayContext {
            day: date("day", &self.day)?,
            context: DailyContext {
                fluids_dl: small("fluids_dl", self.fluids_dl, FLUIDS_DL)?,
                magnesium_mg: small("magnesium_mg", self.magnesium_mg, MAGNESIUM_MG)?,
                potassium: self.potassium,
                exercise_min: small("exercise_min", self.exercise_min, EXERCISE_MIN)?,
                medication: text(rules, "medication", &self.medication)?,
            },
        };
        Ok(Stored { uid, item })
    }
}

impl ToDomain for ExperimentRow {
    type Domain = Stored<Planned>;

    fn convert(&self, rules: Rules) -> Result<Stored<Planned>, Invalid> {
        let uid = uid(rules, "uid", &self.uid)?;
        let start = date("start_on", &self.start_on)?;
        let pairs = EXPERIMENT_PAIRS.check("pairs", self.pairs)? as u8;
        let washout_nights = WASHOUT_NIGHTS.check("washout_nights", self.washout_nights)? as u8;
        let schedule = Experiment::parse_schedule(&self.schedule, pairs)?;
        if rules == Rules::Entry {
            // The verdict is drawn at this threshold; a plan saying another would be
            // analysed against words it does not keep.
            if self.threshold != THRESHOLD {
                return Err(Invalid::new(format!(
                    "threshold must be {THRESHOLD}, the one the analysis applies, got {}",
                    self.threshold
                )));
            }
            for (field, value) in [("outcome", &self.outcome), ("test", &self.test)] {
                if value.is_empty()
                    || value.chars().count() > 200
                    || value.chars().any(char::is_control)
                {
                    return Err(Invalid::new(format!(
                        "{field} must be 1-200 characters of plain text"
                    )));
                }
            }
        }
        let stopped_on = optional_date("stopped_on", &self.stopped_on)?;
        stop_after_start(rules, start, stopped_on)?;
        Ok(Stored {
            uid,
            item: Planned {
                experiment: Experiment {
                    start,
                    pairs,
                    washout_nights,
                    schedule,
                    stopped_on,
                },
                outcome: self.outcome.clone(),
                test: self.test.clone(),
                threshold: self.threshold,
            },
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
