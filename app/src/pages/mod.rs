pub mod admin;
pub mod home;
pub mod login;
pub mod me;
pub mod password;
pub mod person;
pub mod roster;
pub mod units;
