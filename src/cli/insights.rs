//! `cramp insights`: which factors go with your cramps, the patterns, a year's calendar, and a
//! plan to test a factor (text or JSON).

use super::words::FormatFlag;
use crate::analysis::insights::page::InsightsPage;
use crate::analysis::insights::test_it::TestPlan;
use crate::clock::Clock;
use crate::domain::Invalid;
use crate::domain::session::parse_count;
use crate::report::insights::{insight_lines, pattern_lines, test_plan_lines, year_lines};
use crate::report::insights_json::InsightsJson;
use crate::store::Store;
use chrono::Datelike;
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct InsightsArgs {
    #[command(flatten)]
    pub format: FormatFlag,
    /// Plan an on/off experiment for a factor you can change, by its key (as listed: tag:alcohol,
    /// magnesium, technique:stretch, deep-tissue)
    #[arg(long, value_name = "KEY")]
    pub test: Option<String>,
    /// Show one year's calendar of nights (text only)
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
}

pub fn run(db: &Path, clock: &Clock, args: &InsightsArgs) -> Result<ExitCode> {
    let evening_hour = clock.evening_hour();
    let json = args.format.is_json();
    let due = clock.due_night();
    let store = Store::open_reading_if_there(db)?;
    let page = match &store {
        Some(s) => crate::store::load_insights(s, due, evening_hour)?,
        None => InsightsPage::compute(Default::default(), &[], Vec::new(), due, evening_hour),
    };
    if let Some(raw) = &args.year {
        let years = page.years();
        let year = parse_count("year", raw, (*years.start()).into(), (*years.end()).into())?;
        if json {
            return Err(Invalid::new("year must be used with --format text").into());
        }
        println!("{}", year_lines(&page.year(year as i32), 2).join("\n"));
        println!("{}", crate::report::insights::YEAR_LEGEND);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(key) = &args.test {
        // A plan is prose: a script asking for JSON is told so rather than given text.
        if json {
            return Err(Invalid::new("test must be used with --format text").into());
        }
        let factor = page
            .insights
            .factors
            .iter()
            .find(|f| f.factor.key() == key.trim())
            .map(|f| f.factor.clone());
        let changeable: Vec<String> = page
            .insights
            .factors
            .iter()
            .filter(|f| f.factor.changeable())
            .map(|f| f.factor.key())
            .collect();
        let Some(factor) = factor.filter(|f| f.changeable()) else {
            return Err(Invalid::new(format!(
                "test must be a factor you can change, one of {}, got '{}'",
                crate::domain::words::choices(changeable.iter().map(String::as_str)),
                key.trim()
            ))
            .into());
        };
        let recent = page.recent(due);
        let plan = TestPlan::for_factor(&factor, recent)
            .ok_or_else(|| Invalid::new("test must be a factor you can change"))?;
        println!("{}", test_plan_lines(&plan).join("\n"));
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        let doc = InsightsJson::new(&page, clock.today());
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        let mut lines = insight_lines(&page.insights);
        lines.push(String::new());
        lines.extend(pattern_lines(&page.patterns, 24));
        lines.push(String::new());
        lines.push(format!(
            "A year at a glance: cramp insights --year {}",
            page.due.year()
        ));
        println!("{}", lines.join("\n"));
    }
    Ok(ExitCode::SUCCESS)
}
