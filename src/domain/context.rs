//! Daily context: a few optional facts that can confound the cramp numbers.

use super::Invalid;
use super::bounds::{EXERCISE_MIN, FLUIDS_DL, MAGNESIUM_MG};
use super::shown;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyContext {
    /// Litres drunk, 0-10 in tenths.
    pub fluids_dl: Option<u16>,
    pub magnesium_mg: Option<u16>,
    /// Potassium-rich food (banana, potato...) eaten that day.
    pub potassium: Option<bool>,
    pub exercise_min: Option<u16>,
    /// A new or changed medication.
    pub medication: Option<String>,
}

/// A day's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayContext {
    pub day: NaiveDate,
    pub context: DailyContext,
}

impl DailyContext {
    /// Litres like `1.5` or `2`, 0-10, kept to a tenth.
    pub fn parse_fluids(raw: &str) -> Result<u16, Invalid> {
        let text = raw.trim().trim_end_matches(['l', 'L']);
        let (min, max) = (FLUIDS_DL.min / 10, FLUIDS_DL.max / 10);
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (min as f64..=max as f64).contains(&v) => {
                Ok((v * 10.0).round() as u16)
            }
            // As typed (1e300 stays 1e300, not 301 digits), shortened if very long.
            Ok(_) => Err(Invalid::new(format!(
                "fluids must be {min}-{max} litres, got {}",
                if text.chars().count() <= 12 {
                    text.to_string()
                } else {
                    shown(text)
                }
            ))),
            _ => Err(Invalid::new(format!(
                "fluids must be a number of litres {min}-{max} (like 1.5), got {}",
                shown(raw.trim())
            ))),
        }
    }

    pub fn parse_magnesium(raw: &str) -> Result<u16, Invalid> {
        MAGNESIUM_MG.parse("magnesium (mg)", raw).map(|v| v as u16)
    }

    pub fn parse_exercise(raw: &str) -> Result<u16, Invalid> {
        EXERCISE_MIN
            .parse("exercise (minutes)", raw)
            .map(|v| v as u16)
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `fluids 1.5 L · magnesium 300 mg · potassium · exercise 30 min · medication: "statin"`
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(dl) = self.fluids_dl {
            parts.push(format!("fluids {}.{} L", dl / 10, dl % 10));
        }
        if let Some(mg) = self.magnesium_mg {
            parts.push(format!("magnesium {mg} mg"));
        }
        match self.potassium {
            Some(true) => parts.push("potassium-rich food".to_string()),
            Some(false) => parts.push("no potassium-rich food".to_string()),
            None => {}
        }
        if let Some(m) = self.exercise_min {
            parts.push(format!("exercise {m} min"));
        }
        if let Some(m) = &self.medication {
            parts.push(format!("medication: \"{}\"", crate::format::escaped(m)));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn fluids_in_litres_to_a_tenth() {
        assert_eq!(DailyContext::parse_fluids("1.5"), Ok(15));
        assert_eq!(DailyContext::parse_fluids("2L"), Ok(20));
        assert_refusals(
            DailyContext::parse_fluids,
            &[
                ("11", "fluids must be 0-10 litres, got 11"),
                ("1e300", "fluids must be 0-10 litres, got 1e300"),
            ],
        );
        assert!(DailyContext::parse_fluids("NaN").is_err());
        assert!(DailyContext::parse_fluids("lots").is_err());
    }

    #[test]
    fn summary_reads_like_a_note() {
        let c = DailyContext {
            fluids_dl: Some(15),
            magnesium_mg: Some(300),
            potassium: Some(true),
            exercise_min: None,
            medication: None,
        };
        assert_eq!(
            c.summary(),
            "fluids 1.5 L · magnesium 300 mg · potassium-rich food"
        );
    }
}
