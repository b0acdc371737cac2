//! Shared UI: the page frame, the guard that shows a page only to those allowed, pagination,
//! error and empty states.

pub mod charts;

use crate::api::auth::logout;
use crate::authz::{self, Role};
use crate::error::AppError;
use crate::i18n::{t, translate};
use crate::model::{CurrentUser, Locale, Viewer};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The logged-in user (or nobody), known synchronously on both sides: the server takes it from
/// what the gate found for this request, and the browser reads the copy serialised into the page.
/// Nothing waits for it, so the frame and every page's own view are built in one synchronous pass
/// (see [`Guarded`] for why that matters to hydration).
#[derive(Clone)]
pub struct Me(pub Viewer);

pub fn provide_me() {
    let viewer = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::security::request_viewer()
        }
        #[cfg(not(feature = "ssr"))]
        {
            Viewer { user: None }
        }
    })
    .into_inner();
    if let Some(u) = &viewer.user {
        provide_context(u.locale);
    }
    provide_context(Me(viewer));
}

fn me() -> Viewer {
    use_context::<Me>().map(|m| m.0).unwrap_or(Viewer { user: None })
}

/// Full page load: used after login, logout and a language switch, so every part of the page
/// starts from the new session.
pub fn go_to(href: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(href);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// Ask before something that cannot be undone. Keyboard-usable (the browser's own dialog).
pub fn confirm(message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(message).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = message;
        false
    }
}

pub fn role_label(role: Role) -> &'static str {
    t(match role {
        Role::Admin => "系统管理员",
        Role::Hr => "人事",
        Role::Leader => "领导",
        Role::Employee => "职工",
    })
}

/// Navigation entries; each shows only to those the page table lets in.
/// The `:id` of the current route, when it is a number.
pub fn path_id() -> Option<i64> {
    leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id").and_then(|v| v.parse().ok()))
}

pub const NAV: &[(&str, &str)] = &[
    ("/", "首页"),
    ("/roster", "花名册"),
    ("/lectures", "培训课程"),
    ("/posts", "岗位任免"),
    ("/assessment", "培训考核"),
    ("/reserve", "后备干部"),
    ("/me", "我的"),
    ("/admin", "系统管理"),
];

pub fn nav_for(roles: &[Role]) -> Vec<(&'static str, &'static str)> {
    NAV.iter().filter(|(p, _)| authz::allows(authz::page_access(p), Some(roles))).copied().collect()
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let user = me().user;
    let locale = user.as_ref().map(|u| u.locale).unwrap_or_default();
    let brand = translate(locale, "育才");
    let location = use_location();
    let bar = match user {
        None => view! { <span class="brand">{brand}</span> }.into_any(),
        Some(u) => {
            let items = nav_for(&u.roles());
            let pathname = location.pathname;
            view! {
                <A href="/" attr:class="brand">{brand}</A>
                <nav class="mainnav" aria-label=translate(locale, "主导航")>
                    {items.into_iter().map(|(href, label)| {
                        let current = move || {
                            let p = pathname.get();
                            if href == "/" { p == "/" } else { p.starts_with(href) }
                        };
                        view! {
                            <A href=href attr:class=move || if current() { "active" } else { "" }>
                                {translate(locale, label)}
                            </A>
                        }
                    }).collect_view()}
                </nav>
                <div class="usermenu">
                    <crate::pages::lectures::NoticeBell/>
                    <span class="username" title=u.username.clone()>{u.display_name.clone()}</span>
                    <LogoutButton/>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <a class="skip" href="#main">{translate(locale, "跳到正文")}</a>
        <header class="topbar">{bar}</header>
        <main id="main" class="content">{children()}</main>
    }
}

#[component]
fn LogoutButton() -> impl IntoView {
    let action = Action::new(|_: &()| async move {
        let _ = logout().await;
        go_to("/login");
    });
    view! {
        <button type="button" class="link-button" on:click=move |_| { action.dispatch(()); }>
            {t("退出")}
        </button>
    }
}

/// Render `view` with the logged-in user when the page table allows them this page;
/// otherwise a refusal (HTTP 403). The gate has already sent anonymous visitors to /login.
///
/// **The hydration rule every page follows.** `view` runs synchronously, once, on both sides, so
/// it creates the page's resources and its `<Suspense>`/`<Transition>` boundaries in the same order
/// on the server and in the browser. Both take ids from one per-page counter, and the browser finds
/// the server's data and HTML by those ids. Never create a `Resource`, `Suspense`, `Transition` or
/// `ErrorBoundary` inside a `Suspend::new(async { … })` body (or in a component rendered from one):
/// on the server, `Suspense` runs a ready `Suspend` body more than once (a dry run to find the
/// resources it reads, then the real render), and how often depends on timing, so ids taken there
/// drift from the browser's single run and hydration panics (`unreachable` in tachys), at random.
/// Create everything at the top of the page function and let one `Suspend` await all the data
/// its view needs (e.g. `let (p, units) = (record.await, units.await);`).
#[component]
pub fn Guarded<F, IV>(path: &'static str, view: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> IV + Send + Sync + Clone + 'static,
    IV: IntoView + 'static,
{
    match me().user {
        Some(u) if authz::allows(authz::page_access(path), Some(&u.roles())) => view(u).into_any(),
        Some(_) => view! { <Forbidden/> }.into_any(),
        None => view! { <NeedLogin/> }.into_any(),
    }
}

#[component]
fn NeedLogin() -> impl IntoView {
    view! {
        <section class="panel narrow">
            <h1>{t("请先登录")}</h1>
            <p><a href="/login">{t("前往登录页")}</a></p>
        </section>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{t("加载中…")}</p> }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <div class="alert error" role="alert">{error.to_string()}</div>
    }
}

/// An error that names no field (a refusal, a lost connection), shown above the form's buttons.
pub fn other_errors(e: Option<AppError>) -> impl IntoView {
    e.filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })
}

/// A field's error under its input, if the server named that field.
pub fn field_error(err: Option<AppError>, field: &'static str) -> impl IntoView {
    err.and_then(|e| e.field_message(field)).map(|m| view! { <p class="field-error" role="alert">{m}</p> })
}

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <section class="panel narrow refusal">
            <h1>{t("无权访问")}</h1>
            <p>{t("您的账户没有访问此页面的权限。如需开通，请联系系统管理员。")}</p>
            <p><A href="/">{t("返回首页")}</A></p>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="panel narrow">
            <h1>{t("页面不存在")}</h1>
            <p>{t("您要找的页面不存在或已移动。")}</p>
            <p><a href="/">{t("返回首页")}</a></p>
        </section>
    }
}

/// Previous/next links that keep the other query parameters, so a page is bookmarkable.
#[component]
pub fn Pagination(page: i64, pages: i64, total: i64, href: Callback<i64, String>) -> impl IntoView {
    let locale = use_context::<Locale>().unwrap_or_default();
    let summary = match locale {
        Locale::Zh => format!("共 {total} 条，第 {page} / {pages} 页"),
        Locale::En => format!("{total} records, page {page} of {pages}"),
    };
    view! {
        <nav class="pagination" aria-label=t("分页")>
            <span>{summary}</span>
            {(page > 1).then(|| view! { <A href=href.run(page - 1) attr:rel="prev">{t("上一页")}</A> })}
            {(page < pages).then(|| view! { <A href=href.run(page + 1) attr:rel="next">{t("下一页")}</A> })}
        </nav>
    }
}

/// A button that prints the page (print styles hide the navigation and buttons).
#[component]
pub fn PrintButton(#[prop(default = "打印")] label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="no-print" on:click=move |_| {
            #[cfg(feature = "hydrate")]
            {
                let _ = window().print();
            }
        }>{t(label)}</button>
    }
}

/// `<option>`s for a unit tree, indented by depth (for every unit picker).
pub fn unit_options_view(list: Vec<crate::model::UnitOption>) -> impl IntoView {
    list.into_iter()
        .map(|u| view! { <option value=u.id.to_string()>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option> })
        .collect_view()
}

/// Build `path?k=v&…` from non-empty pairs.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let q: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode_query(v))).collect();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", q.join("&"))
    }
}

pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The reverse of [`encode_query`]: `%XX` escapes read as bytes (a broken escape stays as it
/// is), the result read as UTF-8 (invalid sequences replaced).
pub fn decode_query(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_text_round_trips() {
        for s in ["张三 /?&=%", "", "a%zz%4", "%"] {
            assert_eq!(decode_query(&encode_query(s)), s);
        }
        assert_eq!(decode_query("a%zz%4"), "a%zz%4");
    }

    #[test]
    fn query_building_skips_empty_and_encodes() {
        assert_eq!(with_query("/roster", &[("q", "".into()), ("page", "2".into())]), "/roster?page=2");
        assert_eq!(with_query("/roster", &[("q", "张 三".into())]), "/roster?q=%E5%BC%A0%20%E4%B8%89");
    }

    #[test]
    fn employees_see_only_their_pages() {
        let nav = nav_for(&[Role::Employee]);
        assert_eq!(nav.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec!["/", "/lectures", "/me"]);
        let nav = nav_for(&[Role::Admin]);
        assert!(nav.iter().any(|(p, _)| *p == "/admin"));
    }
}
