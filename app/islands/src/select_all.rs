//! A "select all" box for a list of checkboxes in a form (those named `name`): without the code
//! each box is ticked by hand; the box appears once it can work.

use leptos::prelude::*;

#[island]
pub fn SelectAll(
    /// The `name` of the checkboxes it ticks, in its form.
    name: String,
    label: String,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <label class="check" hidden=move || !ready.get()>
            <input type="checkbox" on:change=move |ev| {
                #[cfg(feature = "hydrate")]
                {
                    use wasm_bindgen::JsCast;
                    let on = event_target_checked(&ev);
                    let Some(me) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
                    let Some(form) = me.closest("form").ok().flatten() else { return };
                    for b in crate::dom::all(&form, &format!("input[type=checkbox][name=\"{}\"]", name)) {
                        if let Some(i) = b.dyn_ref::<web_sys::HtmlInputElement>() {
                            i.set_checked(on);
                        }
                    }
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (ev, &name);
            }/>
            {label}
        </label>
    }
}
