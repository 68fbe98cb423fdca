//! One file per screen: its state, how it turns into diary values, and how it is drawn.

pub mod checkin;
pub mod context_form;
pub mod cramp_form;
pub mod dashboard;
pub mod experiment;
pub mod habit;
pub mod history;
pub mod insights;
pub mod night_details;
pub mod night_form;
pub mod routine;
pub mod session_form;
pub mod sync_conflicts;
pub mod tag_picker;
pub mod tightness;
