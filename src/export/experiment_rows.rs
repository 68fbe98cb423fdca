//! An imported experiment is checked like one started here: its pairs, washout, a balanced
//! schedule of the right length, its dates and stamps.

use super::validate::{at, date, stamps, uid};
use crate::domain::Invalid;
use crate::domain::bounds;
use crate::domain::experiment::{Experiment, THRESHOLD};
use crate::store::rows::ExperimentRow;

pub fn validate(rows: &[ExperimentRow]) -> Result<(), Invalid> {
    for (i, e) in rows.iter().enumerate() {
        at(
            "experiments",
            i,
            &e.uid,
            (|| {
                uid(&e.uid)?;
                let start = date("start_on", &e.start_on)?;
                bounds::EXPERIMENT_PAIRS.check("pairs", e.pairs)?;
                bounds::WASHOUT_NIGHTS.check("washout_nights", e.washout_nights)?;
                Experiment::parse_schedule(&e.schedule, e.pairs as u8)?;
                // The verdict is drawn at this threshold; a plan saying another would be
                // analysed against words it does not keep.
                if e.threshold != THRESHOLD {
                    return Err(Invalid::new(format!(
                        "threshold must be {THRESHOLD}, the one the analysis applies, got {}",
                        e.threshold
                    )));
                }
                for (field, value) in [("outcome", &e.outcome), ("test", &e.test)] {
                    if value.is_empty()
                        || value.chars().count() > 200
                        || value.chars().any(char::is_control)
                    {
                        return Err(Invalid::new(format!(
                            "{field} must be 1-200 characters of plain text"
                        )));
                    }
                }
                if let Some(stop) = &e.stopped_on
                    && date("stopped_on", stop)? < start
                {
                    return Err(Invalid::new(format!(
                        "stopped_on must not be before start_on ({}), got {stop}",
                        e.start_on
                    )));
                }
                stamps(&e.created_at, &e.updated_at, &None)
            })(),
        )?;
    }
    Ok(())
}
