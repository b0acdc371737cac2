//! Yucai (育才): training and personnel development for public-sector organisations.
#![recursion_limit = "256"]

pub mod api;
pub mod authz;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod excel;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod store;

use components::{Layout, NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = http::HeaderValue::from_str(&security::gate::page_csp(&nonce.to_string())) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::provide_me();
    view! {
        <Title text="育才"/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/login") view=pages::login::LoginPage/>
                    <Route path=path!("/") view=pages::home::HomePage/>
                    <Route path=path!("/password") view=pages::password::PasswordPage/>
                    // In order: the record and the requests are in the HTML itself, so the page works before
                    // (or without) the wasm; out-of-order streaming needs a script to show them.
                    <Route path=path!("/me") view=pages::me::MePage ssr=SsrMode::InOrder/>
                    <Route path=path!("/roster") view=pages::roster::RosterPage/>
                    <Route path=path!("/roster/units") view=pages::units::UnitsPage/>
                    <Route path=path!("/roster/corrections") view=pages::corrections::CorrectionsPage/>
                    <Route path=path!("/roster/accounts") view=pages::accounts::AccountsPage/>
                    <Route path=path!("/roster/import") view=pages::import::ImportPage/>
                    <Route path=path!("/roster/stats") view=pages::stats::StatsPage/>
                    <Route path=path!("/roster/retirement") view=pages::retirement::RetirementRulesPage/>
                    <Route path=path!("/roster/new") view=pages::person::PersonNewPage/>
                    <Route path=path!("/roster/edit/:id") view=pages::person::PersonEditPage/>
                    <Route path=path!("/roster/:id") view=pages::person::PersonPage/>
                    <Route path=path!("/admin") view=pages::admin::UsersPage/>
                    <Route path=path!("/admin/settings") view=pages::admin::SettingsPage/>
                    <Route path=path!("/admin/audit") view=pages::admin::AuditPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for tests and for styles that need the page to be interactive.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "1");
    }
}
