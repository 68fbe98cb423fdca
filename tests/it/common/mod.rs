pub mod dates;
pub mod diary;
pub mod launch;
pub mod pty;
pub mod run;
pub mod skip;
pub mod tmpfs;
pub mod tui;

/// A change time for the store's writes (`YYYY-MM-DDTHH:MM:SS`).
pub fn stamp(text: &str) -> cramp_diary::domain::Stamp {
    cramp_diary::domain::Stamp::parse("stamp", text).expect("a valid stamp")
}
