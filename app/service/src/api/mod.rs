//! Server functions by area. Each is thin: `security::run` checks the permission table and
//! builds the context, the body calls the store.
pub mod admin;
pub mod assessment;
pub mod auth;
pub mod excel;
pub mod followups;
pub mod forms;
pub mod grades;
pub mod lectures;
pub mod me;
pub mod posts;
pub mod reports;
pub mod reserve;
pub mod roster;
pub mod rules;
pub mod stats;
pub mod training;

/// Server functions that take a multipart upload. The gate checks their content type before
/// the request reaches server_fn, whose multipart decoder panics on a missing boundary.
pub const MULTIPART_FNS: &[&str] =
    &["roster_import", "lecture_attendance_import", "campaign_sheet_import", "online_import", "score_import", "grade_import"];
