//! Which half of the world the diary is kept in: it decides which turn of the year is spring.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hemisphere {
    #[default]
    North,
    South,
}

impl Hemisphere {
    /// `north` or `south`, as the configuration writes it.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "north" => Ok(Self::North),
            "south" => Ok(Self::South),
            _ => Err(Invalid::new(format!(
                "hemisphere must be north or south, got '{raw}'"
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::North => "north",
            Self::South => "south",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn parses_either_half_and_refuses_anything_else_in_one_sentence() {
        assert_eq!(Hemisphere::parse(" South "), Ok(Hemisphere::South));
        assert_eq!(Hemisphere::parse("north"), Ok(Hemisphere::North));
        assert_refusals(
            Hemisphere::parse,
            &[("east", "hemisphere must be north or south, got 'east'")],
        );
    }
}
