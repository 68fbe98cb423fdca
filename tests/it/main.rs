//! The one integration-test crate: every file beside this one is a module, so the tests link
//! once. `common` holds the helpers that run the `cramp` binary with its own config, HOME,
//! data dir and clock (`CRAMP_NOW`); snapshots live in `snapshots/` (review with
//! `cargo insta review`).
#![allow(clippy::unwrap_used)]

mod common;

mod analysis;
mod architecture;
mod bounds;
mod calibration;
mod cli;
mod concurrency_tui;
mod damage;
mod dashboard_honest;
mod dashboard_snapshots;
mod disk_faults;
mod encrypt_kill;
mod encrypted_diary;
mod encrypted_files;
mod escaping;
mod experiment_analysis;
mod experiment_cli;
mod experiment_rules;
mod experiment_sim;
mod export_cli;
mod file_safety;
mod forgiving_input;
mod html_report;
mod import_concurrency;
mod import_kill;
mod import_merge;
mod import_own_export;
mod insights_cli;
mod insights_sim;
mod insights_tui;
mod kill;
mod messages;
mod migration_kill;
mod no_queries;
mod parsers_prop;
mod permissions;
mod pty;
mod pty_clock;
mod pty_experiment;
mod pty_faults;
mod pty_phone;
mod pty_resize;
mod pty_sessions;
mod remind_cli;
mod report_cli;
mod routine_cli;
mod sessions_cli;
mod sessions_store;
mod store;
mod sync_cli;
mod sync_compact;
mod sync_edges;
mod sync_encrypted;
mod sync_kill;
mod sync_retire;
mod sync_sim;
mod sync_tui;
mod tags;
mod trip_edges;
mod trip_screens;
mod tui_clock;
mod tui_experiment;
mod tui_forms;
mod tui_frictions;
mod tui_history;
mod tui_phone;
mod tui_sessions_snapshots;
mod tui_sizes;
mod tui_snapshots;
mod tui_stale_forms;
mod verdict_rules;
