//! Getting the diary out (JSON, CSV, an HTML report for a therapist) and back in (JSON import).

pub mod appendix;
pub mod charts;
pub mod csv;
pub mod html;
pub mod json;
pub mod rows;
pub mod validate;
