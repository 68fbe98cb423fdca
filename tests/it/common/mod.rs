pub mod diary;
pub mod pty;
pub mod run;
pub mod tmpfs;
