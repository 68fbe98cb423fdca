//! An experiment with everything shown about it, loaded once: the check-in, the dashboard, the
//! experiment screen, `cramp experiment` and the HTML report all read this one view.

pub mod text;

use crate::analysis::experiment::{ExperimentAnalysis, WeekResult, analyse, week_results};
use crate::analysis::experiment_status::ExperimentNow;
use crate::domain::experiment::Arm;
use crate::store::{Store, StoredExperiment};
use chrono::NaiveDate;
use color_eyre::eyre::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentView {
    pub stored: StoredExperiment,
    pub weeks: Vec<WeekResult>,
    pub now: ExperimentNow,
    /// `None` before the first week is over.
    pub analysis: Option<ExperimentAnalysis>,
}

impl ExperimentView {
    pub fn compute(
        stored: StoredExperiment,
        data: &crate::analysis::experiment::ExperimentData,
        today: NaiveDate,
        due: NaiveDate,
    ) -> Self {
        let exp = &stored.experiment;
        let weeks = week_results(exp, data, today, due);
        let now = ExperimentNow::compute(exp, &weeks, today);
        let analysis = analyse(exp, data, today, due);
        Self {
            stored,
            weeks,
            now,
            analysis,
        }
    }

    /// The arm in force on `date`, while the experiment runs.
    pub fn arm_on(&self, date: NaiveDate) -> Option<Arm> {
        self.stored.experiment.arm_on(date)
    }

    /// The experiment's headline while it runs or is about to start; `None` once it is over.
    pub fn live_headline(&self, today: NaiveDate) -> Option<String> {
        (today <= self.stored.experiment.end()).then(|| self.now.headline())
    }
}

/// The current (or latest, or next) experiment, computed for `today`.
pub fn load(store: &Store, today: NaiveDate, due: NaiveDate) -> Result<Option<ExperimentView>> {
    let Some(stored) = store.current_experiment(today)? else {
        return Ok(None);
    };
    let data = store.experiment_data(&stored.experiment)?;
    Ok(Some(ExperimentView::compute(stored, &data, today, due)))
}
