//! CSV: one file per record type, with headers, ISO dates, and text that a spreadsheet cannot
//! mistake for a formula.

use crate::store::table::{EachTable, Table};
use crate::store::tables::Rows;
use color_eyre::eyre::{Result, eyre};

/// A leading `=`, `+`, `-` or `@` makes spreadsheets evaluate a cell; a `'` in front stops it.
/// Control characters are written as visible escapes (line breaks stay: the cell is quoted).
pub fn spreadsheet_safe(text: &str) -> String {
    let text = text
        .split('\n')
        .map(crate::format::escaped)
        .collect::<Vec<_>>()
        .join("\n");
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Each table's CSV file, its free text made safe.
struct Files(Vec<(&'static str, Vec<u8>)>);

impl EachTable for Files {
    type Error = color_eyre::eyre::Report;

    fn table<T: Table>(&mut self, _: usize, rows: &[T]) -> Result<()> {
        let Some(name) = T::CSV else {
            return Ok(());
        };
        let mut out = csv::Writer::from_writer(Vec::new());
        // csv writes headers from the first row; an empty table still gets its header line.
        if rows.is_empty() {
            out.write_record(T::COLUMNS)?;
        }
        for row in rows {
            let mut row = row.clone();
            for text in row.free_text() {
                *text = spreadsheet_safe(text);
            }
            out.serialize(row)?;
        }
        let bytes = out.into_inner().map_err(|e| eyre!("writing csv: {e}"))?;
        self.0.push((name, bytes));
        Ok(())
    }
}

/// One file per table with a CSV file (nights.csv, cramps.csv, sessions.csv, routines.csv,
/// context.csv), each with its header (even when empty), ready to be written into a folder.
pub fn render_all(rows: &Rows) -> Result<Vec<(&'static str, Vec<u8>)>> {
    // A night's cramps (together, nights in date order) in night order: 23:30 before 01:05.
    let mut rows = rows.clone();
    for night in rows
        .episodes
        .chunk_by_mut(|a, b| a.night_uid == b.night_uid)
    {
        night.sort_by_key(|e| crate::domain::night::night_order(e.at_time.map(|t| t.time())));
    }
    let mut files = Files(Vec::new());
    rows.each(&mut files)?;
    Ok(files.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1"), "'+1");
        assert_eq!(spreadsheet_safe("-2"), "'-2");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("sore after a walk"), "sore after a walk");
    }

    #[test]
    fn control_characters_are_escaped_but_line_breaks_stay() {
        assert_eq!(
            spreadsheet_safe("a\u{1b}]0;x\u{7}\nb"),
            "a\\x1b]0;x\\x07\nb"
        );
    }
}
