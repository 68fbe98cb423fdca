//! The words a flag takes, declared to clap so `--help` lists them and shell completions
//! offer them. A word the diary's own types parse ([`Words`]) is judged by that parser, and a
//! flag clap reads into a typed value ([`Choice`]) by the same rules; either way a wrong word
//! gets the one sentence naming the flag and its choices (and any letter case works).

use crate::domain::Invalid;
use crate::domain::words::choices;
use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, ValueEnum};
use std::ffi::OsStr;

#[derive(Debug, Clone, Copy)]
pub struct Words(pub &'static [&'static str]);

impl TypedValueParser for Words {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|w| PossibleValue::new(*w))))
    }
}

/// A typed flag value (a [`ValueEnum`]), read as the diary reads words: trimmed, in any letter
/// case, offered to `--help` and the completions, and a wrong word refused with one sentence
/// naming the flag and its choices ("format must be json, csv or html, got 'pdf'"): the
/// refusal travels as the [`Invalid`] inside clap's error, which `main` prints alone, exit 2.
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static> {
    /// The flag, as its refusal names it.
    pub field: &'static str,
    /// The values it takes, in the order the refusal lists them.
    pub allowed: &'static [T],
    /// Said after the refusal of one word the flag does not take but another command does.
    pub hint: Option<(&'static str, &'static str)>,
}

impl<T: ValueEnum + Copy + Send + Sync + 'static> Choice<T> {
    pub const fn of(field: &'static str, allowed: &'static [T]) -> Self {
        Self {
            field,
            allowed,
            hint: None,
        }
    }

    fn read(&self, typed: &str) -> Result<T, Invalid> {
        let word = typed.trim();
        let name = |v: &T| v.to_possible_value().map(|p| p.get_name().to_string());
        if let Some(found) = self
            .allowed
            .iter()
            .find(|v| name(v).is_some_and(|n| n.eq_ignore_ascii_case(word)))
        {
            return Ok(*found);
        }
        let names: Vec<String> = self.allowed.iter().filter_map(name).collect();
        let hint = match self.hint {
            Some((other, hint)) if other.eq_ignore_ascii_case(word) => hint,
            _ => "",
        };
        Err(Invalid::new(format!(
            "{} must be {}, got '{word}'{hint}",
            self.field,
            choices(names.iter().map(String::as_str))
        )))
    }
}

impl<T: ValueEnum + Copy + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let choice = *self;
        StringValueParser::new()
            .try_map(move |typed| choice.read(&typed))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.allowed.iter().filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// `--format` of the commands that print figures: text to read, or JSON for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

impl TextOrJson {
    pub const CHOICE: Choice<Self> = Choice::of("format", &[Self::Text, Self::Json]);

    pub fn is_json(self) -> bool {
        self == Self::Json
    }
}

/// `--format text|json` of `cramp experiment` (and its `plan`) and `cramp insights`.
#[derive(Debug, Args)]
pub struct FormatFlag {
    /// text or json
    #[arg(long, value_name = "FORMAT", default_value = "text", hide_possible_values = true, value_parser = TextOrJson::CHOICE)]
    pub format: TextOrJson,
}

impl FormatFlag {
    pub fn is_json(&self) -> bool {
        self.format.is_json()
    }
}
