//! An experiment with everything shown about it, loaded once: the check-in, the dashboard, the
//! experiment screen, `cramp experiment` and the HTML report all read this one view.

pub(crate) mod json;
pub mod text;

use crate::analysis::experiment::{ExperimentAnalysis, WeekResult, analyse, week_results};
use crate::analysis::experiment_plan::{Baseline, PlanFigures, RECENT_NIGHTS};
use crate::analysis::experiment_status::{ExperimentNow, ExperimentStage};
use crate::domain::experiment::Planned;
use crate::domain::experiment::{Arm, Experiment};
use crate::domain::intervention::Intervention;
use crate::domain::{Stamp, Stored};
use crate::store::Store;
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentView {
    pub stored: Stored<Planned>,
    pub weeks: Vec<WeekResult>,
    pub now: ExperimentNow,
    /// `None` before the first week is over.
    pub analysis: Option<ExperimentAnalysis>,
    /// A daily habit's answers, night by night.
    pub answers: Vec<(NaiveDate, bool)>,
    /// Draws cancelled before they began that this one replaced: their first day and when
    /// each was drawn.
    pub cancelled_draws: Vec<(NaiveDate, Stamp)>,
    /// The day it was computed for.
    pub today: NaiveDate,
}

impl ExperimentView {
    pub fn compute(
        stored: Stored<Planned>,
        data: &crate::analysis::experiment::ExperimentData,
        today: NaiveDate,
        due: NaiveDate,
    ) -> Self {
        let exp = &stored.item.experiment;
        let weeks = week_results(exp, data, today, due);
        let now = ExperimentNow::compute(exp, &weeks, today);
        let analysis = analyse(exp, data, today, due);
        Self {
            stored,
            weeks,
            now,
            analysis,
            answers: data.answers.clone(),
            cancelled_draws: Vec::new(),
            today,
        }
    }

    pub fn experiment(&self) -> &Experiment {
        &self.stored.item.experiment
    }

    pub fn intervention(&self) -> &Intervention {
        &self.stored.item.experiment.intervention
    }

    /// Over (run to its end, or stopped and past its last day), or cancelled.
    pub fn is_over(&self) -> bool {
        matches!(
            self.now.stage,
            ExperimentStage::Finished { .. } | ExperimentStage::Cancelled
        )
    }

    /// The arm in force on `date`, while the experiment runs.
    pub fn arm_on(&self, date: NaiveDate) -> Option<Arm> {
        self.stored.item.experiment.arm_on(date)
    }

    /// The experiment's headline while it runs or is about to start; `None` once it is over.
    pub fn live_headline(&self, today: NaiveDate) -> Option<String> {
        let e = self.experiment();
        (!e.is_cancelled() && today <= e.end()).then(|| self.now.headline())
    }
}

/// The live experiment (see [`Store::current_experiment`]), computed for `today`.
pub fn load(store: &Store, today: NaiveDate, due: NaiveDate) -> Result<Option<ExperimentView>> {
    let Some(stored) = store.current_experiment(today)? else {
        return Ok(None);
    };
    let data = store.experiment_data(&stored)?;
    let cancelled = store
        .cancelled_draws_before(&stored)?
        .into_iter()
        .map(|e| (e.item.experiment.start, e.item.origin.drawn_at))
        .collect();
    let mut view = ExperimentView::compute(stored, &data, today, due);
    view.cancelled_draws = cancelled;
    Ok(Some(view))
}

/// The plan's figures, from the cramp rate, spread and logging of the 56 nights before `start`
/// that are over.
pub fn plan_figures(
    store: Option<&Store>,
    due: NaiveDate,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
) -> Result<PlanFigures> {
    let to = (start - Duration::days(1)).min(due);
    let from = to - Duration::days(i64::from(RECENT_NIGHTS) - 1);
    let nights = match store {
        Some(s) => s.night_summaries(from, to)?,
        None => Vec::new(),
    };
    Ok(PlanFigures::compute(
        pairs,
        washout,
        Baseline::of(&nights, from, to),
    ))
}

/// Draws a schedule from a generator seeded by the operating system's cryptographic source:
/// nobody, the user included, can predict or steer the order.
pub fn draw(
    intervention: Intervention,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
) -> Result<Experiment> {
    use rand::SeedableRng;
    use rand::rngs::{StdRng, SysRng};
    let mut rng = StdRng::try_from_rng(&mut SysRng)
        .map_err(|e| color_eyre::eyre::eyre!("no random numbers from the system: {e}"))?;
    Ok(Experiment::draw(
        intervention,
        start,
        pairs,
        washout,
        &mut rng,
    ))
}
