//! Getting the diary out (JSON, CSV, an HTML report for a therapist) and back in (JSON import).

pub mod appendix;
pub mod charts;
pub mod csv;
pub mod experiment_html;
pub mod experiment_json;
pub mod experiment_rows;
pub mod html;
pub mod json;
pub mod rows;
mod stamps;
pub mod validate;
pub mod verdict_html;
