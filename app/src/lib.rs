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
pub mod markdown;
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
use leptos_router::{lazy_route, Lazy, LazyRoute};

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

/// A module page as its own lazily loaded chunk of the browser code (`cargo leptos build --split`):
/// the page's code downloads when the page is first opened, so the login page and the home page stay
/// small (我的 and the password page are chunks too: the person record's views are most of their
/// weight). The page component itself is unchanged and runs synchronously on both sides (the
/// hydration rule on `components::Guarded` holds); every new page is added this way.
/// Each route struct must be used in `<Routes>` (the splitter fails on an unused one).
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        pub struct $route;
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    };
}

lazy_page!(MeRoute, pages::me::MePage);
lazy_page!(PasswordRoute, pages::password::PasswordPage);
lazy_page!(RosterRoute, pages::roster::RosterPage);
lazy_page!(UnitsRoute, pages::units::UnitsPage);
lazy_page!(CorrectionsRoute, pages::corrections::CorrectionsPage);
lazy_page!(AccountsRoute, pages::accounts::AccountsPage);
lazy_page!(ImportRoute, pages::import::ImportPage);
lazy_page!(StatsRoute, pages::stats::StatsPage);
lazy_page!(RetirementRoute, pages::retirement::RetirementRulesPage);
lazy_page!(PersonNewRoute, pages::person::PersonNewPage);
lazy_page!(PersonEditRoute, pages::person::PersonEditPage);
lazy_page!(PersonRoute, pages::person::PersonPage);
lazy_page!(UsersRoute, pages::admin::UsersPage);
lazy_page!(SettingsRoute, pages::admin::SettingsPage);
lazy_page!(AuditRoute, pages::admin::AuditPage);
lazy_page!(LecturesRoute, pages::lectures::LecturesPage);
lazy_page!(SessionRoute, pages::lectures::SessionPage);
lazy_page!(CheckinRoute, pages::lectures::CheckinPage);
lazy_page!(ScreenRoute, pages::lectures::ScreenPage);
lazy_page!(AttendanceRoute, pages::lectures::AttendancePage);
lazy_page!(MyLecturesRoute, pages::lectures::MyLecturesPage);
lazy_page!(NoticesRoute, pages::lectures::NoticesPage);
lazy_page!(SeriesListRoute, pages::lecture_admin::SeriesListPage);
lazy_page!(SeriesNewRoute, pages::lecture_admin::SeriesFormPage);
lazy_page!(SeriesEditRoute, pages::lecture_admin::SeriesEditPage);
lazy_page!(SessionNewRoute, pages::lecture_admin::SessionNewPage);
lazy_page!(SessionEditRoute, pages::lecture_admin::SessionEditPage);
lazy_page!(RoomsRoute, pages::lecture_admin::RoomsPage);
lazy_page!(HolidaysRoute, pages::lecture_admin::HolidaysPage);
lazy_page!(LeaveRoute, pages::lecture_admin::LeaveQueuePage);
lazy_page!(PostsRoute, pages::posts::PostsPage);
lazy_page!(PostNewRoute, pages::posts::PostNewPage);
lazy_page!(PostEditRoute, pages::posts::PostEditPage);
lazy_page!(PersonPostsRoute, pages::posts::PersonPostsPage);
lazy_page!(CampaignsRoute, pages::posts::CampaignsPage);
lazy_page!(CampaignRoute, pages::posts::CampaignPage);
lazy_page!(PromotionsRoute, pages::posts::PromotionsPage);
lazy_page!(ProbationsRoute, pages::posts::ProbationsPage);
lazy_page!(CadreFormRoute, pages::posts::CadreFormPage);
lazy_page!(RateRoute, pages::assessment::RatePage);
lazy_page!(RatingsRoute, pages::assessment::RatingsPage);
lazy_page!(AssessmentRoute, pages::assessment::AssessmentPage);
lazy_page!(MyTrainingRoute, pages::training::MyTrainingPage);
lazy_page!(PersonHoursRoute, pages::training::PersonHoursPage);
lazy_page!(HoursRoute, pages::training::HoursPage);
lazy_page!(ExamsRoute, pages::training::ExamsPage);
lazy_page!(ExamRoute, pages::training::ExamPage);
lazy_page!(GradesRoute, pages::grades::GradesPage);
lazy_page!(FollowupsRoute, pages::followups::FollowupsPage);
lazy_page!(SummaryRoute, pages::reports::SummaryPage);
lazy_page!(RankingRoute, pages::reports::RankingPage);
lazy_page!(ArchiveRoute, pages::reports::ArchivePage);
lazy_page!(MyArchiveRoute, pages::reports::MyArchivePage);
lazy_page!(ReserveRoute, pages::reserve::ReservePage);
lazy_page!(PoolRoute, pages::reserve::PoolPage);
lazy_page!(EntryRoute, pages::reserve::EntryPage);
lazy_page!(CompareRoute, pages::reserve::ComparePage);
lazy_page!(ReserveSearchRoute, pages::reserve::SearchPage);
lazy_page!(RoundsRoute, pages::reserve::RoundsPage);
lazy_page!(RoundRoute, pages::reserve::RoundPage);
lazy_page!(BallotsRoute, pages::reserve::BallotsPage);
lazy_page!(BallotRoute, pages::reserve::BallotPage);
lazy_page!(ReserveSettingsRoute, pages::reserve::ReserveSettingsPage);

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
                    <Route path=path!("/password") view={Lazy::<PasswordRoute>::new()}/>
                    // In order: the record and the requests are in the HTML itself, so the page works before
                    // (or without) the wasm; out-of-order streaming needs a script to show them.
                    <Route path=path!("/me") view={Lazy::<MeRoute>::new()} ssr=SsrMode::InOrder/>
                    // In order: the external-training form works before (or without) the wasm.
                    <Route path=path!("/me/training") view={Lazy::<MyTrainingRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/me/archive") view={Lazy::<MyArchiveRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/roster") view={Lazy::<RosterRoute>::new()}/>
                    <Route path=path!("/roster/units") view={Lazy::<UnitsRoute>::new()}/>
                    <Route path=path!("/roster/corrections") view={Lazy::<CorrectionsRoute>::new()}/>
                    <Route path=path!("/roster/accounts") view={Lazy::<AccountsRoute>::new()}/>
                    <Route path=path!("/roster/import") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!("/roster/stats") view={Lazy::<StatsRoute>::new()}/>
                    <Route path=path!("/roster/retirement") view={Lazy::<RetirementRoute>::new()}/>
                    <Route path=path!("/roster/new") view={Lazy::<PersonNewRoute>::new()}/>
                    <Route path=path!("/roster/edit/:id") view={Lazy::<PersonEditRoute>::new()}/>
                    <Route path=path!("/roster/:id") view={Lazy::<PersonRoute>::new()}/>
                    <Route path=path!("/admin") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("/admin/settings") view={Lazy::<SettingsRoute>::new()}/>
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!("/lectures") view={Lazy::<LecturesRoute>::new()}/>
                    <Route path=path!("/lectures/mine") view={Lazy::<MyLecturesRoute>::new()}/>
                    <Route path=path!("/lectures/series") view={Lazy::<SeriesListRoute>::new()}/>
                    <Route path=path!("/lectures/series/new") view={Lazy::<SeriesNewRoute>::new()}/>
                    <Route path=path!("/lectures/series/edit/:id") view={Lazy::<SeriesEditRoute>::new()}/>
                    <Route path=path!("/lectures/new") view={Lazy::<SessionNewRoute>::new()}/>
                    <Route path=path!("/lectures/edit/:id") view={Lazy::<SessionEditRoute>::new()}/>
                    <Route path=path!("/lectures/rooms") view={Lazy::<RoomsRoute>::new()}/>
                    <Route path=path!("/lectures/holidays") view={Lazy::<HolidaysRoute>::new()}/>
                    <Route path=path!("/lectures/leave") view={Lazy::<LeaveRoute>::new()}/>
                    // In order: the page and its forms are in the HTML itself (enrol, leave and check-in
                    // work on a phone before, or without, the wasm).
                    <Route path=path!("/lectures/:id") view={Lazy::<SessionRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/lectures/:id/checkin") view={Lazy::<CheckinRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/lectures/:id/rate") view={Lazy::<RateRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/lectures/:id/ratings") view={Lazy::<RatingsRoute>::new()}/>
                    <Route path=path!("/lectures/:id/screen") view={Lazy::<ScreenRoute>::new()}/>
                    <Route path=path!("/lectures/:id/attendance") view={Lazy::<AttendanceRoute>::new()}/>
                    <Route path=path!("/posts") view={Lazy::<PostsRoute>::new()}/>
                    <Route path=path!("/posts/new") view={Lazy::<PostNewRoute>::new()}/>
                    <Route path=path!("/posts/edit/:id") view={Lazy::<PostEditRoute>::new()}/>
                    <Route path=path!("/posts/person/:id") view={Lazy::<PersonPostsRoute>::new()}/>
                    <Route path=path!("/posts/campaigns") view={Lazy::<CampaignsRoute>::new()}/>
                    <Route path=path!("/posts/campaigns/:id") view={Lazy::<CampaignRoute>::new()}/>
                    <Route path=path!("/posts/promotions") view={Lazy::<PromotionsRoute>::new()}/>
                    <Route path=path!("/posts/probations") view={Lazy::<ProbationsRoute>::new()}/>
                    <Route path=path!("/posts/form/:id") view={Lazy::<CadreFormRoute>::new()}/>
                    <Route path=path!("/assessment") view={Lazy::<AssessmentRoute>::new()}/>
                    <Route path=path!("/assessment/hours") view={Lazy::<HoursRoute>::new()}/>
                    <Route path=path!("/assessment/person/:id") view={Lazy::<PersonHoursRoute>::new()}/>
                    <Route path=path!("/assessment/exams") view={Lazy::<ExamsRoute>::new()}/>
                    <Route path=path!("/assessment/exams/:id") view={Lazy::<ExamRoute>::new()}/>
                    <Route path=path!("/assessment/grades") view={Lazy::<GradesRoute>::new()}/>
                    <Route path=path!("/assessment/followups") view={Lazy::<FollowupsRoute>::new()}/>
                    <Route path=path!("/assessment/summary") view={Lazy::<SummaryRoute>::new()}/>
                    <Route path=path!("/assessment/ranking") view={Lazy::<RankingRoute>::new()}/>
                    <Route path=path!("/assessment/archive/:id") view={Lazy::<ArchiveRoute>::new()}/>
                    <Route path=path!("/reserve") view={Lazy::<ReserveRoute>::new()}/>
                    <Route path=path!("/reserve/pool/:id") view={Lazy::<PoolRoute>::new()}/>
                    <Route path=path!("/reserve/entry/:id") view={Lazy::<EntryRoute>::new()}/>
                    <Route path=path!("/reserve/compare") view={Lazy::<CompareRoute>::new()}/>
                    <Route path=path!("/reserve/search") view={Lazy::<ReserveSearchRoute>::new()}/>
                    <Route path=path!("/reserve/rounds") view={Lazy::<RoundsRoute>::new()}/>
                    <Route path=path!("/reserve/rounds/:id") view={Lazy::<RoundRoute>::new()}/>
                    <Route path=path!("/reserve/settings") view={Lazy::<ReserveSettingsRoute>::new()}/>
                    // In order: the voter's ballot is a plain form in the HTML itself (it works on a
                    // phone before, or without, the wasm).
                    <Route path=path!("/reserve/ballot") view={Lazy::<BallotsRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/reserve/ballot/:id") view={Lazy::<BallotRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("/notices") view={Lazy::<NoticesRoute>::new()} ssr=SsrMode::InOrder/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes hydrate asynchronously: the page's chunk loads first.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body.clone(), App).await.forget();
        // A marker for tests and for styles that need the page to be interactive.
        let _ = body.set_attribute("data-hydrated", "1");
    });
}
