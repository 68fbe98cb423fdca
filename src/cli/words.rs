//! The words a flag takes, declared to clap so `--help` lists them and shell completions
//! offer them. Clap does not judge the value: the diary's own parser does, so a wrong word
//! still gets the one sentence naming the flag and its choices (and any letter case works).

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
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

pub const SHELLS: Words = Words(&["bash", "zsh", "fish"]);
pub const REPORT_FORMATS: Words = Words(&["text", "json"]);
pub const EXPORT_FORMATS: Words = Words(&["json", "csv", "html"]);
