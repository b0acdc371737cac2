//! Yucai's server side below the pages: the server functions (`api`), the one database layer
//! (`store`), the gate and sessions (`security`), the permission table (`authz`), the shared types
//! (`model`), the words (`i18n`) and the errors. A crate of its own so that a change in a page
//! recompiles only the pages (`app`), which re-exports every module here under the same name.
#![recursion_limit = "256"]

pub mod api;
pub mod authz;
/// The rules (a crate of their own, `app/domain`: no I/O, no framework), as `crate::domain`.
pub use ::domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod url;

#[cfg(feature = "ssr")]
pub mod excel;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod store;
