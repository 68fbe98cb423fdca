//! Getting the diary out (JSON, CSV, an HTML report for a therapist) and back in (JSON import).

pub(crate) mod appendix;
pub(crate) mod charts;
pub(crate) mod csv;
pub(crate) mod experiment_html;
pub(crate) mod experiment_json;
pub mod html;
pub(crate) mod json;
pub(crate) mod verdict_html;
