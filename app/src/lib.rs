//! Yucai (育才): training and personnel development for public-sector organisations.
#![recursion_limit = "256"]

pub mod components;
pub mod pages;

/// Everything below the pages lives in `app/service` (package `service`) and keeps its path here:
/// `crate::api`, `crate::store`, `app::security` … as before the split.
pub use service::{api, authz, domain, error, i18n, model, url};
#[cfg(feature = "ssr")]
pub use service::{excel, markdown, security, store};

use components::{Layout, NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: nothing outside an island is hydrated, so no resource's data is written into the
    // page for a browser to pick up (leptos' own `HydrationScripts islands=true` does the same).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = http::HeaderValue::from_str(&security::gate::page_csp(&nonce.to_string())) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    // The page's language, for the browser, screen readers and the islands' own few words.
    #[cfg(feature = "ssr")]
    let locale = security::request_viewer().user.map(|u| u.locale).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let locale = model::Locale::default();
    let lang = match locale {
        model::Locale::Zh => "zh-CN",
        model::Locale::En => "en",
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <components::SiteStylesheet options=options.clone()/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <components::IslandScripts options/>
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
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/password") view=pages::password::PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=pages::me::MePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/training") view=pages::training::MyTrainingPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/archive") view=pages::reports::MyArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/roster") view=pages::roster::RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/units") view=pages::units::UnitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/corrections") view=pages::corrections::CorrectionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/accounts") view=pages::accounts::AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/import") view=pages::import::ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/stats") view=pages::stats::StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/retirement") view=pages::retirement::RetirementRulesPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/new") view=pages::person::PersonNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/edit/:id") view=pages::person::PersonEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/:id") view=pages::person::PersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=pages::admin::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/settings") view=pages::admin::SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=pages::admin::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures") view=pages::lectures::LecturesPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/mine") view=pages::lectures::MyLecturesPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/series") view=pages::lecture_admin::SeriesListPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/series/new") view=pages::lecture_admin::SeriesFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/series/edit/:id") view=pages::lecture_admin::SeriesEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/new") view=pages::lecture_admin::SessionNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/edit/:id") view=pages::lecture_admin::SessionEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/rooms") view=pages::lecture_admin::RoomsPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/holidays") view=pages::lecture_admin::HolidaysPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/leave") view=pages::lecture_admin::LeaveQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id") view=pages::lectures::SessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id/checkin") view=pages::lectures::CheckinPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id/rate") view=pages::assessment::RatePage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id/ratings") view=pages::assessment::RatingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id/screen") view=pages::lectures::ScreenPage ssr=SsrMode::Async/>
                    <Route path=path!("/lectures/:id/attendance") view=pages::lectures::AttendancePage ssr=SsrMode::Async/>
                    <Route path=path!("/posts") view=pages::posts::PostsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/new") view=pages::posts::PostNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/edit/:id") view=pages::posts::PostEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/person/:id") view=pages::posts::PersonPostsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/campaigns") view=pages::posts::CampaignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/campaigns/:id") view=pages::posts::CampaignPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/promotions") view=pages::posts::PromotionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/probations") view=pages::posts::ProbationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/form/:id") view=pages::posts::CadreFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment") view=pages::assessment::AssessmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/hours") view=pages::training::HoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/person/:id") view=pages::training::PersonHoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/exams") view=pages::training::ExamsPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/exams/:id") view=pages::training::ExamPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/grades") view=pages::grades::GradesPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/followups") view=pages::followups::FollowupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/summary") view=pages::reports::SummaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/ranking") view=pages::reports::RankingPage ssr=SsrMode::Async/>
                    <Route path=path!("/assessment/archive/:id") view=pages::reports::ArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve") view=pages::reserve::ReservePage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/pool/:id") view=pages::reserve::PoolPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/entry/:id") view=pages::reserve::EntryPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/compare") view=pages::reserve::ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/search") view=pages::reserve::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/rounds") view=pages::reserve::RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/rounds/:id") view=pages::reserve::RoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/settings") view=pages::reserve::ReserveSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/ballot") view=pages::reserve::BallotsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reserve/ballot/:id") view=pages::reserve::BallotPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices") view=pages::lectures::NoticesPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
