//! The JSON export: a format name and version around every row, and the validation an import
//! runs on every record before anything is written.

use crate::domain::Invalid;
use crate::store::LISTS;
use crate::store::rows::MUST_BE;
use crate::store::table::{FillTable, Table};
use crate::store::tables::Rows;
use chrono::NaiveDateTime;
use serde::Serialize;

pub const FORMAT: &str = "cramp-diary-export";
/// 2: experiments carry their intervention, where their schedule came from and when a stop was
/// recorded, and a daily habit's `answers` list. Files of version 1 still import.
pub const VERSION: u32 = 2;
/// The oldest version this cramp-diary reads.
pub const OLDEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportDoc {
    pub format: String,
    pub version: u32,
    #[serde(flatten)]
    pub rows: Rows,
}

impl ExportDoc {
    pub fn new(rows: Rows) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: VERSION,
            rows,
        }
    }

    /// Parses and checks a whole file: its format and version, then every record, as typed
    /// input would be checked at `now` (the app's clock: no night after today).
    pub fn parse(text: &str, now: NaiveDateTime) -> Result<Self, Invalid> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            if e.is_eof() {
                Invalid::new(format!(
                    "the file ends too early at line {}, so it looks truncated; export it again",
                    e.line()
                ))
            } else {
                Invalid::new(format!(
                    "the file is not a cramp diary export: {}",
                    json_error(&e)
                ))
            }
        })?;
        let Some(top) = value.as_object() else {
            return Err(Invalid::new(
                "the file is not a cramp diary export: it is not a JSON object",
            ));
        };
        let format = top.get("format").and_then(|f| f.as_str());
        if format != Some(FORMAT) {
            return Err(Invalid::new(format!(
                "format must be \"{FORMAT}\", got {}",
                top.get("format")
                    .map_or("nothing".to_string(), |f| f.to_string())
            )));
        }
        let readable = u64::from(OLDEST_VERSION)..=u64::from(VERSION);
        match top.get("version").map(|v| v.as_u64()) {
            Some(Some(v)) if readable.contains(&v) => {}
            Some(_) => {
                return Err(Invalid::new(format!(
                    "version must be {OLDEST_VERSION}-{VERSION} (this cramp-diary reads exports of versions {OLDEST_VERSION} to {VERSION}), got {}",
                    top.get("version").map_or(String::new(), |v| v.to_string())
                )));
            }
            None => {
                return Err(Invalid::new(format!(
                    "version must be {OLDEST_VERSION}-{VERSION}, got nothing"
                )));
            }
        }
        if let Some(unknown) = top
            .keys()
            .find(|k| !["format", "version"].contains(&k.as_str()) && !LISTS.contains(&k.as_str()))
        {
            return Err(Invalid::new(format!(
                "the export has an unknown list \"{unknown}\"; expected {}",
                crate::format::and_list(LISTS)
            )));
        }
        let rows = Rows::fill(&mut Lists(top))?;
        rows.validate()?;
        rows.validate_at(now)?;
        Ok(Self::new(rows))
    }
}

/// The file's lists, one per table of the diary.
struct Lists<'a>(&'a serde_json::Map<String, serde_json::Value>);

impl FillTable for Lists<'_> {
    type Error = Invalid;

    fn table<T: Table>(&mut self, name: &'static str) -> Result<Vec<T>, Invalid> {
        // Lists added after the first format are absent from older files.
        if !T::IN_EVERY_FILE && !self.0.contains_key(name) {
            return Ok(Vec::new());
        }
        records(self.0, name)
    }
}

/// One list of the file, each record read on its own so a wrong type names the record and the
/// field (`episodes[3].intensity: invalid type: string "7", expected i64`).
fn records<T: serde::de::DeserializeOwned>(
    top: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Vec<T>, Invalid> {
    let items = match top.get(name) {
        Some(serde_json::Value::Array(items)) => items,
        Some(_) => return Err(Invalid::new(format!("{name} must be a list of records"))),
        None => return Err(Invalid::new(format!("the export has no {name} list"))),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            serde_path_to_error::deserialize(item).map_err(|e| {
                let path = e.path().to_string();
                let what = e.inner().to_string();
                // A value written otherwise than the diary writes it (a date, a time): named
                // as every other refusal of a record's field is.
                if what.starts_with(MUST_BE)
                    && let Some(uid) = item.get("uid").and_then(|u| u.as_str())
                {
                    return Invalid::new(format!("{name}[{i}] (uid {uid}): {path} {what}"));
                }
                let field = if path == "." {
                    String::new()
                } else {
                    format!(".{path}")
                };
                Invalid::new(format!("{name}[{i}]{field}: {}", e.inner()))
            })
        })
        .collect()
}

fn json_error(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let what = what.split(" at line").next().unwrap_or(&what).to_string();
    format!("{what} (line {}, column {})", e.line(), e.column())
}
