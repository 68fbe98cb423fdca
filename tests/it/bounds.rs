//! The SQL CHECK constraints and the domain's bounds are one set of ranges: a diary refuses
//! exactly what the domain refuses.

use cramp_diary::domain::bounds::COLUMNS;
use cramp_diary::store::Store;

/// Columns whose CHECK is wider than the domain, on purpose: SQLite cannot narrow a CHECK
/// without rebuilding the table, and diaries may hold older rows within the wider range.
const WIDER_IN_SQL: &[(&str, &str, i64, i64)] = &[("routines", "baseline_nights", 7, 365)];

fn schema() -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("diary.db");
    drop(Store::open(&path).expect("new diary"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
        .expect("schema");
    let sql: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("sql");
    sql.join("\n")
}

/// The `min`/`max` of `CHECK (column BETWEEN min AND max)` in `table`'s CREATE statement.
fn sql_range(schema: &str, table: &str, column: &str) -> Option<(i64, i64)> {
    let create = schema.split("CREATE TABLE").find(|t| {
        t.trim_start().trim_start_matches('"').starts_with(table)
            && t.trim_start()[table.len()..].trim_start().starts_with('(')
    })?;
    let needle = format!("CHECK ({column} BETWEEN ");
    let at = create.find(&needle)? + needle.len();
    let rest = &create[at..];
    let (min, rest) = rest.split_once(" AND ")?;
    let max: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((min.trim().parse().ok()?, max.parse().ok()?))
}

#[test]
fn sql_checks_allow_exactly_the_domain_ranges() {
    let schema = schema();
    for (table, column, bound) in COLUMNS {
        let sql = sql_range(&schema, table, column)
            .unwrap_or_else(|| panic!("no CHECK BETWEEN for {table}.{column}"));
        match WIDER_IN_SQL
            .iter()
            .find(|(t, c, _, _)| t == table && c == column)
        {
            Some((_, _, min, max)) => {
                assert_eq!(sql, (*min, *max), "{table}.{column}: the known wider CHECK");
                assert!(
                    sql.0 <= bound.min && bound.max <= sql.1,
                    "{table}.{column}: SQL {sql:?} must at least allow the domain's {bound:?}"
                );
            }
            None => assert_eq!(
                sql,
                (bound.min, bound.max),
                "{table}.{column}: SQL CHECK and domain bound differ"
            ),
        }
    }
}
