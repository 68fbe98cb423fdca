//! Drawing pieces shared by screens.

pub mod fit;
pub mod form_view;
pub mod help;
pub mod keys;
pub mod page;
pub mod wrap;
