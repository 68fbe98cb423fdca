pub mod diary;
pub mod launch;
pub mod pty;
pub mod run;
pub mod tmpfs;
pub mod tui;
