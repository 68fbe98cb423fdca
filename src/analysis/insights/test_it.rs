//! "Test it": turning a factor a person can change into a randomised on/off experiment of the
//! intervention it is (the deep-tissue routine, a technique, or a daily habit answered y/n), with
//! the chance of an answer from the person's own recent nights.
//!
//! An insight is an association; only switching the factor on and off in random order, fixed in
//! advance, can show whether it changes the cramps. The plan says what the on-weeks and
//! off-weeks ask for, and, for 6, 8 and 12 pairs of weeks, the chance the experiment finds a
//! halving of cramps: the experiment's own plan figures, from the same recent nights, so the
//! experiment screen shows the same numbers when it is started.

use super::Factor;
use crate::analysis::experiment_plan::{Baseline, POWER_PAIRS, POWER_WANTED, PlanFigures};
use crate::domain::intervention::Intervention;

/// Pairs of weeks the plan compares (the experiment's own lengths).
pub const PAIRS: [u8; 3] = POWER_PAIRS;
/// The plan recommends the fewest pairs that give at least this chance of an answer.
pub const GOOD_POWER: f64 = POWER_WANTED;

#[derive(Debug, Clone, PartialEq)]
pub struct TestPlan {
    pub factor: Factor,
    /// What the experiment tests.
    pub intervention: Intervention,
    /// What an on-week asks for, and an off-week.
    pub on_week: String,
    pub off_week: String,
    /// The experiment's plan at the recommended length, with the power for each of [`PAIRS`].
    pub figures: PlanFigures,
}

impl TestPlan {
    /// `None` for a factor a person cannot simply switch on and off (tightness, the weather,
    /// medication).
    pub fn for_factor(factor: &Factor, recent: Baseline) -> Option<Self> {
        let intervention = intervention_for(factor)?;
        let figures = PlanFigures::compute(crate::domain::experiment::DEFAULT_PAIRS, 0, recent);
        // The figures at the length recommended, as the experiment screen starts it.
        let figures = PlanFigures::compute(figures.recommended, 0, recent);
        Some(Self {
            factor: factor.clone(),
            on_week: intervention.on_week(),
            off_week: intervention.off_week(),
            intervention,
            figures,
        })
    }

    /// The fewest pairs reaching [`GOOD_POWER`], or the most pairs when none does (the
    /// experiment's default length when the chance is unknown).
    pub fn recommended(&self) -> u8 {
        self.figures.recommended
    }

    /// The chance of finding a halving with `pairs` pairs, in words.
    pub fn chance_words(&self, pairs: u8) -> String {
        match (self.figures.power_for(pairs), &self.figures.power_unknown) {
            (Some(p), _) => format!("{:.0}%", p * 100.0),
            (None, Some(why)) => why.clone(),
            (None, None) => "unknown".into(),
        }
    }

    /// The command that starts it: `cramp experiment start --daily "no alcohol" --pairs 8`.
    pub fn start_command(&self) -> String {
        let what = match &self.intervention {
            Intervention::Routine => String::new(),
            Intervention::Technique(t) => format!(" --technique {}", t.as_str()),
            Intervention::Daily(name) => format!(" --daily \"{name}\""),
        };
        format!(
            "cramp experiment start{what} --pairs {}",
            self.recommended()
        )
    }
}

/// The experiment that switches a factor on and off: `None` for one a person cannot simply
/// switch week by week (tightness, fluids, exercise, the weather, medication...).
pub fn intervention_for(factor: &Factor) -> Option<Intervention> {
    if !factor.changeable() {
        return None;
    }
    match factor {
        Factor::DeepTissue => Some(Intervention::Routine),
        Factor::Technique(t) => Some(Intervention::Technique(*t)),
        Factor::Magnesium => Some(Intervention::Daily("magnesium".into())),
        Factor::Potassium => Some(Intervention::Daily("potassium-rich food".into())),
        // A tag to leave out: the on-weeks are the weeks without it.
        Factor::Tag(t) => Some(Intervention::Daily(format!("no {t}"))),
        Factor::Tightness | Factor::Fluids | Factor::Exercise => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rate::Counts;
    use crate::domain::session::Technique;

    fn recent(cramps: u32, nights: u32) -> Baseline {
        Baseline {
            counts: Counts { cramps, nights },
            per_night: f64::from(cramps) / f64::from(nights.max(1)),
            spread: 1.0,
            coverage: 1.0,
        }
    }

    #[test]
    fn only_what_a_person_can_switch_gets_a_plan_of_the_right_experiment() {
        let r = recent(40, 56);
        assert!(TestPlan::for_factor(&Factor::Tightness, r).is_none());
        assert!(TestPlan::for_factor(&Factor::Tag("heat".into()), r).is_none());
        assert!(
            TestPlan::for_factor(&Factor::Tag("new or changed medication".into()), r).is_none()
        );
        assert!(TestPlan::for_factor(&Factor::Technique(Technique::Professional), r).is_none());
        let alcohol =
            TestPlan::for_factor(&Factor::Tag("alcohol".into()), r).expect("left out a week");
        assert_eq!(
            alcohol.intervention,
            Intervention::Daily("no alcohol".into())
        );
        assert_eq!(alcohol.on_week, "no alcohol every day");
        assert_eq!(alcohol.off_week, "alcohol as usual");
        assert!(
            alcohol
                .start_command()
                .starts_with("cramp experiment start --daily \"no alcohol\" --pairs "),
            "{}",
            alcohol.start_command()
        );
        let roller = TestPlan::for_factor(&Factor::Technique(Technique::FoamRoller), r)
            .expect("a technique");
        assert_eq!(
            roller.intervention,
            Intervention::Technique(Technique::FoamRoller)
        );
        assert!(roller.start_command().contains("--technique foam-roller"));
        let deep = TestPlan::for_factor(&Factor::DeepTissue, r).expect("the routine");
        assert_eq!(deep.intervention, Intervention::Routine);
        let mg = TestPlan::for_factor(&Factor::Magnesium, r).expect("magnesium");
        assert_eq!(mg.on_week, "magnesium every day");
    }

    #[test]
    fn the_chance_of_an_answer_grows_with_pairs_and_comes_from_recent_nights() {
        let plan = TestPlan::for_factor(&Factor::Magnesium, recent(56, 56)).expect("a plan");
        let power: Vec<f64> = PAIRS
            .iter()
            .map(|&n| plan.figures.power_for(n).expect("enough nights"))
            .collect();
        assert!(power[0] < power[2], "{power:?}");
        assert!(PAIRS.contains(&plan.recommended()));
        assert_eq!(plan.figures.pairs, plan.recommended());
        let thin = TestPlan::for_factor(&Factor::Magnesium, recent(3, 9)).expect("a plan");
        assert!(
            thin.chance_words(8).starts_with("unknown"),
            "{}",
            thin.chance_words(8)
        );
    }
}
