//! The schema history: append-only SQL files embedded at build time.

use rusqlite_migration::M;

pub const STEPS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/0001_init.sql")),
    M::up(include_str!(
        "../../migrations/0002_sessions_routines_context.sql"
    )),
    M::up(include_str!("../../migrations/0003_experiments.sql")),
    M::up(include_str!("../../migrations/0004_experiment_guards.sql")),
    M::up(include_str!("../../migrations/0005_numbness_swelling.sql")),
    M::up(include_str!(
        "../../migrations/0006_interventions_and_final_stops.sql"
    )),
    // Until a release, the list is kept in file-name order.
    M::up(include_str!("../../migrations/0007_night_tags.sql")),
    M::up(include_str!("../../migrations/0008_sync.sql")),
    M::up(include_str!(
        "../../migrations/0009_stops_after_the_last_day.sql"
    )),
    M::up(include_str!("../../migrations/0010_sync_retired.sql")),
];

/// Schema version a diary is at after all migrations.
pub const LATEST_VERSION: u32 = STEPS.len() as u32;

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite_migration::Migrations;

    #[test]
    fn migrations_validate() {
        assert!(Migrations::from_slice(STEPS).validate().is_ok());
    }
}
