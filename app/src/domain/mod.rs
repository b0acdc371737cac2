//! Pure rules, no I/O.
pub mod id_number;
pub mod import;
pub mod password_policy;
pub mod retirement;
pub mod roster;
pub mod stats;
pub mod time;
