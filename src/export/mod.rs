//! Getting the diary out (JSON, CSV, an HTML report for a therapist) and back in (JSON import).

pub mod html;
