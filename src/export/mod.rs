//! Getting the diary out (JSON, CSV, an HTML report for a therapist) and back in (JSON import).

pub(crate) mod csv;
pub mod html;
pub(crate) mod json;
