//! A form that also works without this code: it posts to its server function like any HTML form
//! (the server answers with the next page, or the same page with the error). With the code loaded
//! it posts in the background instead, so a refusal is shown beside the fields at fault and
//! nothing typed is lost; on success the browser goes where the server says.

use leptos::prelude::*;

#[island]
pub fn Form(
    /// The server function it posts to (`/api/…`).
    action: String,
    class: Option<String>,
    id: Option<String>,
    /// Uploads files (`multipart/form-data`).
    multipart: Option<bool>,
    /// The form's own `aria-label`, when it has no heading.
    label: Option<String>,
    children: Children,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send::enhance(ev, busy);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, busy);
    };
    view! {
        <form
            method="post"
            action=action
            class=class
            id=id
            aria-label=label
            enctype=multipart.unwrap_or(false).then_some("multipart/form-data")
            aria-busy=move || busy.get().then_some("true")
            on:submit=on_submit
        >
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod send {
    use crate::dom::{self, all, element};
    use crate::net;
    use crate::text::tx;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, FormData, HtmlFormElement};

    pub fn enhance(ev: leptos::ev::SubmitEvent, busy: RwSignal<bool>) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(data) = FormData::new_with_form(&form) else {
            let _ = form.submit();
            return;
        };
        // The button pressed names what to do when a form has several.
        if let Some(b) = ev.submitter() {
            if let (Some(name), Some(value)) = (b.get_attribute("name"), b.get_attribute("value")) {
                if !name.is_empty() {
                    let _ = data.append_with_str(&name, &value);
                }
            }
        }
        let multipart = form.enctype() == "multipart/form-data";
        let action = form.action();
        busy.set(true);
        let buttons = all(&form, "button[type=submit], button:not([type])");
        for b in &buttons {
            let _ = b.set_attribute("disabled", "");
        }
        leptos::task::spawn_local(async move {
            let answer = net::post(&action, &data, multipart).await;
            busy.set(false);
            for b in &buttons {
                let _ = b.remove_attribute("disabled");
            }
            match answer {
                Ok(a) if a.ok() => match a.location {
                    Some(to) => dom::go(&to),
                    None => dom::reload(),
                },
                Ok(a) if a.status == 401 => {
                    let here = window().location().pathname().unwrap_or_default();
                    dom::go(&format!("/login?next={}", js_sys::encode_uri_component(&here)));
                }
                Ok(a) => {
                    let (text, fields) = net::error_text(a.status, &a.body);
                    show(&form, &text, &fields);
                }
                Err(_) => show(&form, tx("网络连接失败，请检查网络后重试"), &[]),
            }
        });
    }

    /// The input a field error names: `field`, or `input[field]` as nested arguments post it.
    fn input_for(form: &Element, field: &str) -> Option<Element> {
        if !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let sel = format!("[name=\"{field}\"], [name$=\"[{field}]\"], [name=\"{field}[]\"], [name$=\"[{field}][]\"]");
        form.query_selector(&sel).ok().flatten()
    }

    /// Errors beside their fields; the rest above the buttons. Earlier messages go.
    fn show(form: &Element, text: &str, fields: &[(String, String)]) {
        for old in all(form, ".field-error, .form-error") {
            old.remove();
        }
        let mut first: Option<Element> = None;
        let mut unplaced = Vec::new();
        for (field, message) in fields {
            match input_for(form, field) {
                Some(input) => {
                    let _ = input.set_attribute("aria-invalid", "true");
                    let holder = input.closest(".field, label").ok().flatten().unwrap_or_else(|| input.clone());
                    if let Some(p) = element("p", "field-error", message) {
                        let _ = p.set_attribute("role", "alert");
                        let _ = holder.insert_adjacent_element("beforeend", &p).or_else(|_| holder.insert_adjacent_element("afterend", &p));
                    }
                    first.get_or_insert(input);
                }
                None => unplaced.push(message.clone()),
            }
        }
        let general = if fields.is_empty() { text.to_string() } else { unplaced.join("；") };
        if !general.is_empty() {
            if let Some(div) = element("div", "alert error form-error", &general) {
                let _ = div.set_attribute("role", "alert");
                let anchor = form.query_selector(".button-row").ok().flatten();
                match anchor {
                    Some(row) => {
                        let _ = row.insert_adjacent_element("beforebegin", &div);
                    }
                    None => {
                        let _ = form.insert_adjacent_element("beforeend", &div);
                    }
                }
                first.get_or_insert(div);
            }
        }
        if let Some(f) = first {
            dom::focus(&f);
            f.scroll_into_view();
        }
    }
}
