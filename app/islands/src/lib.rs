//! The browser's part of Yucai: the few widgets that must react in the browser. Pages are plain
//! HTML from the server and every form works without them; an island adds what only a browser
//! can (printing, a rotating code, suggestions while typing, errors shown without a page load).
//! Each island is listed in README with what it does. They take what they need as props (the
//! user and the language do not reach them otherwise); texts they show later come from [`text`].
//!
//! The page loads this code only when it holds an island ([`LOADER`]).
#![recursion_limit = "256"]

pub mod form;
pub mod picker;
pub mod print;
pub mod screen;
pub mod select_all;
pub mod text;

#[cfg(feature = "hydrate")]
mod dom;
#[cfg(feature = "hydrate")]
mod net;

pub use form::Form;
pub use picker::PersonPicker;
pub use print::PrintButton;
pub use screen::QrScreen;
pub use select_all::SelectAll;

/// The loader every page carries inline: on a page with an island it fetches the islands' code and
/// wakes each island; on any other page it loads nothing. `{js}` and `{wasm}` stand for the
/// files' URLs. (After leptos' `island_script.js`, MIT.)
pub const LOADER: &str = include_str!("loader.js");

/// The wasm entry point: the islands' reactive system. Each island wakes itself (the loader calls
/// its exported function with its element).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
