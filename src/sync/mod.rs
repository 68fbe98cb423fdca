//! Sync through a folder the person already syncs: each device appends its own operations to
//! its own files, reads the others', and merges them by the diary's rules. This module is the
//! pure part: the operation and its file lines, hybrid logical clocks, version vectors, the
//! merge and its conflicts. No IO: the store records and applies operations, and `files`
//! reads and writes the folder.

pub mod clock;
pub mod conflict;
mod family;
pub mod line;
pub mod merge;
mod merged;
pub mod op;
pub mod register;
pub mod rules;
pub mod vector;

pub use clock::Hlc;
pub use conflict::{Choice, Conflict, Kind};
pub use family::keep_both_uid;
pub use merge::{Merged, merge_all, merge_family};
pub use op::{Fields, Op, OpId};
pub use vector::{DeviceId, Vector};
