//! Pure rules, no I/O.
pub mod password_policy;
pub mod time;
