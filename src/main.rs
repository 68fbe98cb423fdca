use clap::Parser;
use cramp_diary::cli::{self, Cli};
use cramp_diary::domain::Invalid;
use cramp_diary::store::StoreError;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("cramp: {e}");
    }
    match cli::run(Cli::parse()) {
        Ok(code) => code,
        Err(report) => {
            if let Some(invalid) = report.downcast_ref::<Invalid>() {
                eprintln!("cramp: {invalid}");
                ExitCode::from(2)
            } else if let Some(store) = report.downcast_ref::<StoreError>() {
                eprintln!("cramp: {store}");
                ExitCode::FAILURE
            } else {
                eprintln!("cramp: {report:#}");
                ExitCode::FAILURE
            }
        }
    }
}
