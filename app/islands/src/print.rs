//! Print the page (its print styles hide the menus and buttons). Without the code the browser's
//! own print command does the same; the button appears once it can work.

use leptos::prelude::*;

#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <button type="button" class="no-print" hidden=move || !ready.get() on:click=move |_| {
            #[cfg(feature = "hydrate")]
            {
                let _ = window().print();
            }
        }>{label}</button>
    }
}
