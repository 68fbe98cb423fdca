//! A night's details as flags of `cramp night`: each detail's flag, help and conversion into
//! [`NightDetails`] live here, so a new detail is added in this one file.

use crate::domain::bounds;
use crate::domain::night::Sides;
use crate::domain::{Invalid, NightDetails, Score, parse_note_flag};
use clap::Args;

/// What `cramp night` does, naming the details it sets.
pub const ABOUT: &str = "Record a cramp-free or excluded night, or set a night's tightness, sleep, soreness, numbness and swelling";

#[derive(Debug, Args)]
pub struct NightDetailArgs {
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("Left calf tightness this morning"))]
    pub tight_left: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("Right calf tightness this morning"))]
    pub tight_right: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("How much cramps or tightness disturbed your sleep"))]
    pub sleep: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "0-10", help = bounds::SCORE.help("Morning soreness"))]
    pub soreness: Option<String>,
    /// Numbness in a leg this morning: none, left, right or both
    #[arg(long, value_name = "SIDES")]
    pub numbness: Option<String>,
    /// Swelling in a leg this morning: none, left, right or both
    #[arg(long, value_name = "SIDES")]
    pub swelling: Option<String>,
    /// A note about the night
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

impl NightDetailArgs {
    /// The details given (each absent flag left unset), or the first refused, named by its flag.
    pub fn details(&self) -> Result<NightDetails, Invalid> {
        fn each<T>(
            raw: &Option<String>,
            parse: impl FnOnce(&str) -> Result<T, Invalid>,
        ) -> Result<Option<T>, Invalid> {
            raw.as_deref().map(parse).transpose()
        }
        let score = |field: &'static str| move |raw: &str| Score::parse(field, raw);
        let sides = |field: &'static str| move |raw: &str| Sides::parse_as(field, raw);
        Ok(NightDetails {
            tight_left: each(&self.tight_left, score("tightness (--tight-left)"))?,
            tight_right: each(&self.tight_right, score("tightness (--tight-right)"))?,
            sleep_disturbance: each(&self.sleep, score("sleep disturbance (--sleep)"))?,
            soreness: each(&self.soreness, score("soreness (--soreness)"))?,
            note: parse_note_flag("note", self.note.as_deref())?,
            numbness: each(&self.numbness, sides("numbness (--numbness)"))?,
            swelling: each(&self.swelling, sides("swelling (--swelling)"))?,
        })
    }
}
