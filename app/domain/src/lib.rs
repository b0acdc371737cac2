//! Pure rules, no I/O.
pub mod assessment;
pub mod calendar;
pub mod eligibility;
pub mod evaluation;
pub mod id_number;
pub mod import;
pub mod lectures;
pub mod password_policy;
pub mod posts;
pub mod ratings;
pub mod recurrence;
pub mod reserve;
pub mod retirement;
pub mod roster;
pub mod stats;
pub mod time;
