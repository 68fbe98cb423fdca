//! Pure functions over plain data: no SQL, no terminal.

pub mod adherence;
