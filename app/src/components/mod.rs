//! Shared UI: the page frame, the guard that shows a page only to those allowed, pagination,
//! error and empty states.

pub mod charts;
pub mod import;

use crate::authz::{self, Role};
use crate::error::AppError;
use crate::i18n::{t, tf, tr, translate};
use crate::model::{CurrentUser, Locale, Viewer};
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The logged-in user (or nobody), as the gate found them for this request.
#[derive(Clone)]
pub struct Me(pub Viewer);

pub fn provide_me() {
    #[cfg(feature = "ssr")]
    let viewer = crate::security::request_viewer();
    #[cfg(not(feature = "ssr"))]
    let viewer = Viewer { user: None };
    if let Some(u) = &viewer.user {
        provide_context(u.locale);
    }
    provide_context(Me(viewer));
    provide_flash();
}

fn me() -> Viewer {
    use_context::<Me>().map(|m| m.0).unwrap_or(Viewer { user: None })
}

/// Ask before something that cannot be undone, with or without the browser's code: the button
/// opens a short confirmation holding the real submit button (`name`/`value` say which action,
/// when a form has several). Keyboard-usable: the summary is a button, Escape is not needed.
#[component]
pub fn Confirm(
    /// What the first button says, e.g. 删除.
    label: &'static str,
    /// The question, e.g. 确定删除这条记录吗？
    #[prop(into)]
    question: String,
    /// What the submit button says, e.g. 确认删除.
    #[prop(optional)]
    yes: Option<&'static str>,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] danger: bool,
    /// The form the button submits, when it is not inside it.
    #[prop(optional, into)]
    form: Option<String>,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class=if danger { "button danger" } else { "button" }>{t(label)}</summary>
            <div class="confirm-box" role="group">
                <p>{question}</p>
                <button type="submit" class=if danger { "danger" } else { "primary" } name=name value=value form=form data-testid=testid>
                    {t(yes.unwrap_or("确定"))}
                </button>
            </div>
        </details>
    }
}

/// A form posting to a server function: the `Form` island, which works as a plain form without the
/// browser's code and shows errors beside their fields with it (see docs/frontend.md).
#[component]
pub fn PostForm(
    #[prop(into)] action: String,
    #[prop(optional, into)] class: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] multipart: bool,
    #[prop(optional, into)] label: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <islands::Form action=action class=class id=id multipart=multipart.then_some(true) label=label>
            {children()}
        </islands::Form>
    }
}

/// The islands' loader (`islands::LOADER`) with this build's file names: on a page with an island it
/// loads the browser's code and wakes the islands; on any other page it loads nothing.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let script = SCRIPT
        .get_or_init(|| {
            let (_, js, wasm) = pkg_names(&options);
            let pkg = options.site_pkg_dir.to_string();
            islands::LOADER.replace("{js}", &format!("/{pkg}/{js}")).replace("{wasm}", &format!("/{pkg}/{wasm}"))
        })
        .clone();
    #[cfg(feature = "ssr")]
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    #[cfg(not(feature = "ssr"))]
    let nonce: Option<String> = None;
    view! { <script nonce=nonce inner_html=script></script> }
}

/// This build's stylesheet, JS and wasm file names: hashed names from `hash.txt` beside the binary
/// (written by `yucai-site build`), else the plain names. Read once per process (the file changes
/// only with the binary).
fn pkg_names(options: &LeptosOptions) -> (String, String, String) {
    let name = options.output_name.to_string();
    let (mut css, mut js, mut wasm) = (format!("{name}.css"), format!("{name}.js"), format!("{name}.wasm"));
    if options.hash_files {
        let file = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
        if let Some(text) = file.and_then(|f| std::fs::read_to_string(f).ok()) {
            for (k, v) in text.lines().filter_map(|l| l.split_once(':')) {
                match k.trim() {
                    "css" => css = format!("{name}.{}.css", v.trim()),
                    "js" => js = format!("{name}.{}.js", v.trim()),
                    "wasm" => wasm = format!("{name}.{}.wasm", v.trim()),
                    _ => {}
                }
            }
        }
    }
    (css, js, wasm)
}

/// The stylesheet's `<link>` (in place of leptos_meta's `HashedStylesheet`, which reads `hash.txt`
/// from disk on every page and panics when it cannot).
#[component]
pub fn SiteStylesheet(options: LeptosOptions) -> impl IntoView {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let href = HREF.get_or_init(|| format!("/{}/{}", options.site_pkg_dir, pkg_names(&options).0)).clone();
    view! { <link rel="stylesheet" id="leptos" href=href/> }
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
    let pathname = use_location().pathname.get_untracked();
    let scope = user.as_ref().and_then(|u| scope_note(u, &pathname));
    let bar = match user {
        None => view! { <span class="brand">{brand}</span> }.into_any(),
        Some(u) => {
            let items = nav_for(&u.roles());
            view! {
                <a href="/" class="brand">{brand}</a>
                <nav class="mainnav" aria-label=translate(locale, "主导航")>
                    {items.into_iter().map(|(href, label)| {
                        let current = if href == "/" { pathname == "/" } else { pathname.starts_with(href) };
                        view! {
                            <a href=href class=if current { "active" } else { "" } aria-current=current.then_some("page")>
                                {translate(locale, label)}
                            </a>
                        }
                    }).collect_view()}
                </nav>
                <div class="usermenu">
                    <NoticeBell/>
                    <span class="username" title=u.username.clone()>{u.display_name.clone()}</span>
                    // A plain form: logging out works before, and without, any script.
                    <form method="post" action="/api/logout" class="inline">
                        <button type="submit" class="link-button">{t("退出")}</button>
                    </form>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <a class="skip" href="#main">{translate(locale, "跳到正文")}</a>
        <style inner_html=print_footer(locale)></style>
        <header class="topbar">{bar}</header>
        <main id="main" class="content">
            {scope.map(|names| view! {
                <p class="scope-note" data-testid="scope-note">
                    {translate(locale, "仅显示")}" "<strong translate="no">{names}</strong>" "{translate(locale, "及下属单位的人员和数据")}
                </p>
            })}
            {children()}
        </main>
    }
}

/// The printed pages' footer: the print date at the left (the page numbers, at the right, are in
/// the stylesheet). Written into the page because a stylesheet cannot know the date, and Chromium
/// does not take strings from the document into its page margins (`string-set`).
fn print_footer(locale: Locale) -> String {
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let words = crate::i18n::fill(translate(locale, "打印日期：{}"), &[&today]);
    format!("@media print {{ @page {{ @bottom-left {{ content: \"{words}\"; }} }} }}")
}

/// Whether this user sees only some 部室 on the page at `path` (an empty list is then "none
/// within your 部室", not "none at all").
pub fn is_scoped(u: &CurrentUser, path: &str) -> bool {
    scope_note(u, path).is_some()
}

/// The 部室 a scoped user sees on this page ("餐饮服务部、保卫部"), when the page's grants limit
/// them to some 部室: lists and empty states then read as "within these", not "none at all".
fn scope_note(u: &CurrentUser, path: &str) -> Option<String> {
    use crate::authz::{page_access, scope_for, Access, Scope};
    let access = page_access(path);
    let Some(Scope::Units(ids)) = scope_for(access, &u.grants) else { return None };
    let needed: &[crate::authz::Role] = match access {
        Access::Roles(r) => r,
        _ => return None,
    };
    let mut names: Vec<String> = u
        .grants
        .iter()
        .filter(|g| needed.contains(&g.role) && g.unit_id.is_some_and(|id| ids.contains(&id)))
        .filter_map(|g| g.unit_name.clone())
        .collect();
    names.sort();
    names.dedup();
    (!names.is_empty()).then(|| names.join("、"))
}

/// The bell in the top bar: the count of unread notices, as the server knows it when the page is
/// drawn (marking them read reloads the page, so the count clears at once).
#[component]
fn NoticeBell() -> impl IntoView {
    let count = Resource::new(|| (), |_| crate::api::lectures::my_notice_count());
    view! {
        // The name is the link's text ("通知", and "3 条未读" with the visible count), so what a
        // sighted user sees is part of what a screen reader says and voice control hears.
        <a href="/notices" class="bell">
            <span aria-hidden="true">"🔔"</span>
            <span class="sr-only">{t("通知")}</span>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let n = count.await.unwrap_or(0);
                    (n > 0).then(|| view! {
                        " "<span class="bell-count" data-testid="bell-count">{n.min(99).to_string()}</span>
                        <span class="sr-only">{t("条未读")}</span>
                    })
                })}
            </Suspense>
        </a>
    }
}

/// Render `view` with the logged-in user when the page table allows them this page;
/// otherwise a refusal (HTTP 403). The gate has already sent anonymous visitors to /login.
/// Pages are drawn on the server only (islands aside): `view` may load what it needs with
/// resources and `<Suspense>`, and every route waits for all of it before answering
/// (`SsrMode::Async`), so a status set while loading (403, 404) reaches the browser.
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

/// Under a date computed in working days: which years' holidays were estimated (推算: the
/// statutory days, without the State Council's bridge days and 调休), so the date may still move.
pub fn estimated_note(years: &[i32]) -> impl IntoView + use<> {
    (!years.is_empty()).then(|| {
        let list = years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、");
        view! {
            <span class="hint estimated" data-testid="estimated-note">
                {tf("{} 年的放假安排尚未录入，按法定节假日推算（不含调休），录入后可能变化。", &[&list])}
            </span>
        }
    })
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{t("加载中…")}</p> }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <div class="alert error" role="alert">{tr(&error.to_string()).to_string()}{request_note()}</div>
    }
}

/// "请求编号 …": the id of this request, for a user to quote to IT (on every error the page shows).
pub fn request_note() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let id = crate::security::request_id();
    #[cfg(not(feature = "ssr"))]
    let id: Option<String> = None;
    id.map(|id| view! { <span class="request-id">" "{t("请求编号")}" "<span translate="no">{id}</span></span> })
}

/// The error a form post to the server function `S` came back with (server_fn puts it in the URL,
/// `__err`, when the browser posted the form itself).
pub fn form_error<S: server_fn::ServerFn<Error = AppError>>() -> Option<AppError> {
    use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == S::PATH)
        .map(|e| server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()))
}

/// What the last form left for this page (see `security::take_flash`), read once per page by
/// [`provide_flash`].
#[derive(Clone, Debug, Default)]
pub struct Flash(pub Option<(String, Option<i64>)>);

pub fn provide_flash() {
    #[cfg(feature = "ssr")]
    provide_context(Flash(crate::security::take_flash()));
}

/// Whether this page was reached after the form of `endpoint` succeeded, with the number it
/// reported, if any.
pub fn flash(endpoint: &str) -> Option<Option<i64>> {
    use_context::<Flash>().and_then(|f| f.0).filter(|(e, _)| e == endpoint).map(|(_, n)| n)
}

/// A success message after the form of `endpoint` succeeded.
pub fn flash_note(endpoint: &str, message: &'static str) -> impl IntoView {
    flash(endpoint).map(|_| view! { <p class="alert success" role="status" data-testid="flash">{t(message)}</p> })
}

/// An error that names no field (a refusal, a lost connection), shown above the form's buttons.
/// A translated sentence that quotes Chinese words a person must type or find as written (a sheet's
/// name, a column, the values it takes, a date as the State Council writes it): in English those
/// words stay Chinese, marked as such (`translate="no"`, `lang`), the rest reads in English.
pub fn with_terms(zh: &'static str) -> impl IntoView {
    let text = t(zh);
    let han = |c: char| ('\u{3400}'..='\u{9fff}').contains(&c);
    let mut parts: Vec<(bool, String)> = Vec::new();
    for c in text.chars() {
        match parts.last_mut() {
            Some((h, s)) if *h == han(c) => s.push(c),
            _ => parts.push((han(c), c.to_string())),
        }
    }
    if parts.len() <= 1 || parts.iter().all(|(h, _)| *h) {
        return text.to_string().into_any();
    }
    parts
        .into_iter()
        .map(|(h, s)| if h { view! { <span translate="no" lang="zh-CN">{s}</span> }.into_any() } else { s.into_any() })
        .collect_view()
        .into_any()
}

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
            <p>{t("您的账户没有访问此页面的权限。如需开通，请联系系统管理员。")}{request_note()}</p>
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
            <p>{t("您要找的页面不存在或已移动。")}{request_note()}</p>
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

/// A button that prints the page (print styles hide the navigation and buttons); an island, shown
/// once it can work.
#[component]
pub fn PrintButton(#[prop(default = "打印")] label: &'static str) -> impl IntoView {
    view! { <islands::PrintButton label=t(label).to_string()/> }
}

/// `<option>`s for a unit tree, indented by depth (for every unit picker).
pub fn unit_options_view(list: Vec<crate::model::UnitOption>) -> impl IntoView {
    list.into_iter()
        .map(|u| view! { <option value=u.id.to_string()>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option> })
        .collect_view()
}

pub use crate::url::{decode_query, encode_query, with_query};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employees_see_only_their_pages() {
        let nav = nav_for(&[Role::Employee]);
        assert_eq!(nav.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec!["/", "/lectures", "/me"]);
        let nav = nav_for(&[Role::Admin]);
        assert!(nav.iter().any(|(p, _)| *p == "/admin"));
    }
}
