//! Server functions by area. Each is thin: `security::run` checks the permission table and
//! builds the context, the body calls the store.
pub mod admin;
pub mod auth;
pub mod me;
pub mod roster;
pub mod stats;
