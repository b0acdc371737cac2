//! Small things done to the page's own HTML from an island.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn document() -> web_sys::Document {
    leptos::prelude::document()
}

/// A new element with a class and text.
pub fn element(tag: &str, class: &str, text: &str) -> Option<Element> {
    let e = document().create_element(tag).ok()?;
    e.set_class_name(class);
    e.set_text_content(Some(text));
    Some(e)
}

/// Every element under `root` matching `selector`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Go to `href` (a full page load).
pub fn go(href: &str) {
    let _ = leptos::prelude::window().location().assign(href);
}

pub fn reload() {
    let _ = leptos::prelude::window().location().reload();
}
