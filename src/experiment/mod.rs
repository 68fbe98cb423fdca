//! An experiment with everything shown about it, loaded once: the check-in, the dashboard, the
//! experiment screen, `cramp experiment` and the HTML report all read this one view.

pub(crate) mod json;
pub mod text;

use crate::analysis::experiment::{ExperimentAnalysis, WeekResult, analyse, week_results};
use crate::analysis::experiment_plan::{PlanFigures, RECENT_NIGHTS};
use crate::analysis::experiment_status::ExperimentNow;
use crate::analysis::phases::PhaseStats;
use crate::domain::Stored;
use crate::domain::experiment::Arm;
use crate::domain::experiment::Planned;
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
        }
    }

    /// The arm in force on `date`, while the experiment runs.
    pub fn arm_on(&self, date: NaiveDate) -> Option<Arm> {
        self.stored.item.experiment.arm_on(date)
    }

    /// The experiment's headline while it runs or is about to start; `None` once it is over.
    pub fn live_headline(&self, today: NaiveDate) -> Option<String> {
        let e = &self.stored.item.experiment;
        (!e.is_cancelled() && today <= e.end()).then(|| self.now.headline())
    }

    /// The headline with adherence so far once a week has begun, for the check-in and the
    /// dashboard.
    pub fn live_summary(&self, today: NaiveDate) -> Option<String> {
        let headline = self.live_headline(today)?;
        Some(if today < self.stored.item.experiment.start {
            headline
        } else {
            format!("{headline} · {}", self.now.adherence_short())
        })
    }
}

/// The current (or latest, or next) experiment, computed for `today`.
pub fn load(store: &Store, today: NaiveDate, due: NaiveDate) -> Result<Option<ExperimentView>> {
    let Some(stored) = store.current_experiment(today)? else {
        return Ok(None);
    };
    let data = store.experiment_data(&stored.item.experiment)?;
    Ok(Some(ExperimentView::compute(stored, &data, today, due)))
}

/// The plan's figures, from the cramp rate of the 28 nights before `start` that are over.
pub fn plan_figures(
    store: Option<&Store>,
    due: NaiveDate,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
) -> Result<PlanFigures> {
    let to = (start - Duration::days(1)).min(due);
    let from = to - Duration::days(i64::from(RECENT_NIGHTS) - 1);
    let recent = match store {
        Some(s) => PhaseStats::compute(from, to, &s.night_summaries(from, to)?).counts(),
        None => crate::analysis::rate::Counts {
            cramps: 0,
            nights: 0,
        },
    };
    Ok(PlanFigures::compute(pairs, washout, recent))
}

/// Draws a schedule from a generator seeded by the operating system's cryptographic source:
/// nobody, the user included, can predict or steer the order.
pub fn draw(
    start: NaiveDate,
    pairs: u8,
    washout: u8,
) -> Result<crate::domain::experiment::Experiment> {
    use rand::SeedableRng;
    use rand::rngs::{StdRng, SysRng};
    let mut rng = StdRng::try_from_rng(&mut SysRng)
        .map_err(|e| color_eyre::eyre::eyre!("no random numbers from the system: {e}"))?;
    Ok(crate::domain::experiment::Experiment::draw(
        start, pairs, washout, &mut rng,
    ))
}
