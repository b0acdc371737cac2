//! The room screen's check-in code: a new code every 30 seconds and the count of those checked in,
//! asked for every 5 seconds. Without the code the page reloads itself instead.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the screen shows; the server's `lecture_screen` answers with (at least) these.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScreenCode {
    pub svg: String,
    pub url: String,
    pub checked_in: i64,
    pub audience: i64,
}

#[island]
pub fn QrScreen(
    session_id: i64,
    code: ScreenCode,
    /// The code's accessible name.
    label: String,
    hint: String,
    /// "已签到 {} / 应到 {}" in the page's language.
    count_text: String,
    link_text: String,
) -> impl IntoView {
    let code = RwSignal::new(code);
    #[cfg(feature = "hydrate")]
    {
        let tick = move || {
            leptos::task::spawn_local(async move {
                if let Ok(a) = crate::net::call("lecture_screen", &[("id", session_id.to_string())]).await {
                    if a.ok() {
                        if let Ok(c) = serde_json::from_str::<ScreenCode>(&a.body) {
                            code.set(c);
                        }
                    }
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(5)) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = session_id;
    let count = move || {
        let c = code.get();
        count_text.replacen("{}", &c.checked_in.to_string(), 1).replacen("{}", &c.audience.to_string(), 1)
    };
    view! {
        <div class="qr" role="img" aria-label=label inner_html=move || code.get().svg></div>
        <p class="screen-hint">{hint}</p>
        <p class="screen-count" data-testid="screen-count">{count}</p>
        <p class="hint"><a href=move || code.get().url data-testid="checkin-url">{link_text}</a></p>
    }
}
