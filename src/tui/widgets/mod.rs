//! Drawing pieces shared by screens.

pub mod form_view;
pub mod help;
