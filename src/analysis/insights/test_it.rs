//! "Test it": turning a factor a person can change into a randomised on/off experiment, with
//! the chance of an answer from the person's own recent nights.
//!
//! An insight is an association; only switching the factor on and off in random order, fixed in
//! advance, can show whether it changes the cramps. The plan says what the on-weeks and
//! off-weeks ask for, and, for 6, 8 and 12 pairs of weeks, the chance the experiment finds a
//! halving of cramps (the experiment's own power simulation, from the last 28 nights).

use super::Factor;
use crate::analysis::experiment_plan::PlanFigures;
use crate::analysis::rate::Counts;

/// Pairs of weeks the plan compares.
pub const PAIRS: [u8; 3] = [6, 8, 12];
/// The plan recommends the fewest pairs that give at least this chance of an answer.
pub const GOOD_POWER: f64 = 0.8;

#[derive(Debug, Clone, PartialEq)]
pub struct TestPlan {
    pub factor: Factor,
    /// What an on-week asks for, and an off-week.
    pub on_week: String,
    pub off_week: String,
    /// One per entry of [`PAIRS`].
    pub figures: Vec<PlanFigures>,
    /// The fewest pairs reaching [`GOOD_POWER`], or the most pairs when none does.
    pub recommended: u8,
    /// Whether today's experiment can run it (the deep-tissue routine). Other interventions
    /// need an experiment that takes any intervention.
    pub runnable: bool,
}

impl TestPlan {
    /// `None` for a factor a person cannot simply switch on and off (tightness, the weather,
    /// medication).
    pub fn for_factor(factor: &Factor, recent: Counts) -> Option<Self> {
        if !factor.changeable() {
            return None;
        }
        let (on_week, off_week) = match factor {
            Factor::DeepTissue => (
                "deep-tissue self-massage on about 5 days".to_string(),
                "no deep-tissue work (stretching is fine)".to_string(),
            ),
            Factor::Technique(t) => (
                format!("{} on about 5 days", t.label()),
                format!("no {}", t.label()),
            ),
            Factor::Magnesium => (
                "magnesium every day".to_string(),
                "no magnesium".to_string(),
            ),
            Factor::Potassium => (
                "potassium-rich food every day".to_string(),
                "none on purpose".to_string(),
            ),
            Factor::Tag(t) => (format!("no {t}"), format!("{t} as usual")),
            Factor::Tightness | Factor::Fluids | Factor::Exercise => return None,
        };
        let figures: Vec<PlanFigures> = PAIRS
            .iter()
            .map(|&p| PlanFigures::compute(p, 0, recent))
            .collect();
        let recommended = figures
            .iter()
            .find(|f| f.power_halving.is_some_and(|p| p >= GOOD_POWER))
            .map_or(PAIRS[PAIRS.len() - 1], |f| f.pairs);
        let runnable = match factor {
            Factor::DeepTissue => true,
            Factor::Technique(t) => t.is_deep_tissue(),
            _ => false,
        };
        Some(Self {
            factor: factor.clone(),
            on_week,
            off_week,
            figures,
            recommended,
            runnable,
        })
    }

    /// The chance of finding a halving with `pairs` pairs, in words.
    pub fn chance_words(&self, pairs: u8) -> String {
        match self.figures.iter().find(|f| f.pairs == pairs) {
            Some(f) => match (f.power_halving, &f.power_unknown) {
                (Some(p), _) => format!("{:.0}%", p * 100.0),
                (None, Some(why)) => why.clone(),
                (None, None) => "unknown".into(),
            },
            None => "unknown".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Technique;

    fn recent(cramps: u32) -> Counts {
        Counts { cramps, nights: 28 }
    }

    #[test]
    fn only_what_a_person_can_switch_gets_a_plan() {
        assert!(TestPlan::for_factor(&Factor::Tightness, recent(20)).is_none());
        assert!(TestPlan::for_factor(&Factor::Tag("heat".into()), recent(20)).is_none());
        assert!(
            TestPlan::for_factor(&Factor::Tag("new or changed medication".into()), recent(20))
                .is_none()
        );
        let alcohol = TestPlan::for_factor(&Factor::Tag("alcohol".into()), recent(20))
            .expect("alcohol can be left out");
        assert_eq!(alcohol.on_week, "no alcohol");
        assert!(!alcohol.runnable);
        let roller = TestPlan::for_factor(&Factor::Technique(Technique::FoamRoller), recent(20))
            .expect("a technique");
        assert!(roller.runnable);
        let stretch = TestPlan::for_factor(&Factor::Technique(Technique::Stretch), recent(20))
            .expect("stretching");
        assert!(!stretch.runnable);
    }

    #[test]
    fn the_chance_of_an_answer_grows_with_pairs_and_comes_from_recent_nights() {
        let plan = TestPlan::for_factor(&Factor::Magnesium, recent(28)).expect("a plan");
        let power: Vec<f64> = plan
            .figures
            .iter()
            .map(|f| f.power_halving.expect("enough nights"))
            .collect();
        assert!(power[0] < power[2], "{power:?}");
        assert!(PAIRS.contains(&plan.recommended));
        let thin = TestPlan::for_factor(
            &Factor::Magnesium,
            Counts {
                cramps: 3,
                nights: 9,
            },
        )
        .expect("a plan");
        assert!(
            thin.chance_words(8).starts_with("unknown"),
            "{}",
            thin.chance_words(8)
        );
    }
}
