//! Sessions, passwords, the request gate and the context every server function starts from.

pub mod gate;
pub mod password;
pub mod secrets;

use crate::authz::{self, Scope};
use crate::error::AppError;
use crate::model::CurrentUser;
use crate::store::audit::Actor;
use crate::store::{sessions, users, Db};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "yucai_session";

#[derive(Clone, Debug)]
pub struct Config {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// How many reverse proxies of our own stand in front (0: none, `X-Forwarded-For` is
    /// ignored). The client address is the one the outermost of them added: the entry this
    /// many places from the right of `X-Forwarded-For` (entries further left are whatever the
    /// client sent).
    pub proxy_hops: usize,
}

/// Shared by every request: provided to server functions through context and to the gate
/// through axum state.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub hasher: password::Hasher,
    pub secrets: Arc<secrets::Secrets>,
}

/// Who is asking, as the gate found it.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub ip: String,
    pub user_agent: String,
}

#[derive(Clone, Debug)]
pub struct Authed {
    pub session_id: i64,
    pub user: CurrentUser,
}

/// Inserted by the gate into every request's extensions.
#[derive(Clone, Debug)]
pub struct AuthState(pub Option<Authed>);

pub fn new_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn session_cookie(token: &str, max_age_s: Option<i64>, secure: bool) -> String {
    let mut c = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(s) = max_age_s {
        c.push_str(&format!("; Max-Age={s}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

pub fn clear_cookie(secure: bool) -> String {
    session_cookie("", Some(0), secure)
}

pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Look up the session behind a token; refreshes its last-seen time.
pub async fn load_session(state: &AppState, token: &str) -> Result<Option<Authed>, sqlx::Error> {
    let db = &state.db;
    let Some(live) = sessions::find_live(db, &state.secrets.token_hash(token)).await? else { return Ok(None) };
    let Some(user) = users::load_current(db, live.user_id).await? else { return Ok(None) };
    sessions::touch(db, &live).await?;
    Ok(Some(Authed { session_id: live.id, user }))
}

/// The user of the request being rendered, as the gate found them (for pages: see
/// `components::provide_me`). Outside a request: nobody.
pub fn request_viewer() -> crate::model::Viewer {
    let user = leptos::prelude::with_context::<http::request::Parts, _>(|p| p.extensions.get::<AuthState>().and_then(|a| a.0.clone()))
        .flatten()
        .map(|a| a.user);
    crate::model::Viewer { user }
}

/// The request is a call of a server function (a POST to `/api/…`), not a page whose rendering
/// calls server functions directly.
fn server_fn_call(p: &http::request::Parts) -> bool {
    p.method == http::Method::POST && p.uri.path().starts_with("/api/")
}

/// A plain HTML form post (JavaScript off or not loaded yet): the browser asked for a page, the
/// server-function client asks for JSON.
pub fn plain_form_post() -> bool {
    leptos::prelude::with_context::<http::request::Parts, _>(|p| {
        server_fn_call(p) && p.headers.get(http::header::ACCEPT).and_then(|a| a.to_str().ok()).is_some_and(|a| a.contains("text/html"))
    })
    .unwrap_or(false)
}

/// A form posted by the form island (`islands::Form`): answered like a form, with where to go next.
fn island_form_post() -> bool {
    leptos::prelude::with_context::<http::request::Parts, _>(|p| server_fn_call(p) && p.headers.contains_key("x-yucai-form"))
        .unwrap_or(false)
}

/// A form a person submitted (with or without the browser's code), as opposed to a client that
/// wants the function's data.
pub fn form_post() -> bool {
    plain_form_post() || island_form_post()
}

/// After a form's server function succeeded, send the browser to `to` (a page that shows the
/// outcome). Only forms are sent on: a client calling for data gets its data.
pub fn go(to: &str) {
    if form_post() {
        leptos_axum::redirect(&crate::url::header_safe(to));
    }
}

/// Kept for the forms that already used it: [`go`].
pub fn redirect_plain_form(to: &str) {
    go(to)
}

pub const FLASH_COOKIE: &str = "yucai_flash";

/// The server function being run (see [`run`]).
#[derive(Clone)]
struct CurrentEndpoint(String);

pub fn current_endpoint() -> Option<String> {
    leptos::prelude::use_context::<CurrentEndpoint>().map(|e| e.0)
}

/// A number the page shows in its success message (how many were added, reminded …), carried with
/// the outcome (see [`after_form`]).
#[derive(Clone)]
struct FlashCount(std::sync::Arc<std::sync::atomic::AtomicI64>);

/// Tell the page how many things the form's action touched.
pub fn flash_count(n: i64) {
    if let Some(c) = leptos::prelude::use_context::<FlashCount>() {
        c.0.store(n, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A form's server function succeeded: the next page learns it from a short-lived cookie
/// (`endpoint`, or `endpoint:n`) that the page clears once read (see [`take_flash`]); unless the
/// function chose where to go ([`go`]), the browser goes back to the page it came from.
fn after_form(endpoint: &str) {
    use leptos::prelude::use_context;
    let Some(opts) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let n = use_context::<FlashCount>().map(|c| c.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|n| *n != i64::MIN);
    let value = match n {
        Some(n) => format!("{endpoint}:{n}"),
        None => endpoint.to_string(),
    };
    let secure = use_context::<AppState>().is_some_and(|s| s.config.secure_cookies);
    let cookie = format!("{FLASH_COOKIE}={value}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" });
    if let Ok(v) = http::HeaderValue::from_str(&cookie) {
        opts.append_header(http::header::SET_COOKIE, v);
    }
    if opts.0.read().map(|r| r.headers.contains_key(http::header::LOCATION)).unwrap_or(true) {
        return;
    }
    let referer = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string))
        .unwrap_or_default();
    leptos_axum::redirect(&crate::url::header_safe(&crate::url::local_path(&referer)));
}

/// The outcome a form left for this page (`endpoint` and its number), read once: the page's answer
/// clears the cookie. Called by the page shell for every page; components read it with
/// `components::flash`.
pub fn take_flash() -> Option<(String, Option<i64>)> {
    use leptos::prelude::use_context;
    let value = leptos::prelude::with_context::<http::request::Parts, _>(|p| cookie_value(&p.headers, FLASH_COOKIE))
        .flatten()
        .filter(|v| !v.is_empty())?;
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&format!("{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")) {
            opts.append_header(http::header::SET_COOKIE, v);
        }
    }
    Some(match value.split_once(':') {
        Some((e, n)) => (e.to_string(), n.parse().ok()),
        None => (value, None),
    })
}

/// Everything a server function needs, after the permission table allowed the call.
pub struct Ctx {
    pub state: AppState,
    pub auth: Option<Authed>,
    pub info: RequestInfo,
    pub scope: Scope,
}

impl Ctx {
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.auth.as_ref().map(|a| &a.user).ok_or(AppError::Unauthorized)
    }

    pub fn session_id(&self) -> Option<i64> {
        self.auth.as_ref().map(|a| a.session_id)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.auth.as_ref().map(|a| a.user.id),
            name: self.auth.as_ref().map(|a| a.user.username.clone()).unwrap_or_else(|| "匿名".into()),
            ip: self.info.ip.clone(),
        }
    }

    /// Set a response header (cookies).
    pub fn append_header(&self, name: http::HeaderName, value: &str) {
        if let (Some(opts), Ok(v)) = (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value)) {
            opts.append_header(name, v);
        }
    }
}

/// The HTTP status of a server function's error, when it was called over HTTP. A plain form post
/// keeps server_fn's redirect back to the form's page (the error travels in the URL and the page
/// shows it): a 4xx there would make the browser show the JSON instead. A page calling server
/// functions while it is drawn shows their errors itself (and sets its own status where the
/// whole page failed).
pub fn set_status(e: &AppError) {
    let called = leptos::prelude::with_context::<http::request::Parts, _>(server_fn_call).unwrap_or(false);
    if !called || plain_form_post() {
        return;
    }
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(e.status());
    }
}

/// Check the permission table for `endpoint` against the caller and build the context.
/// Unknown endpoints are denied.
pub fn authorize(endpoint: &str) -> Result<Ctx, AppError> {
    let result = (|| {
        use leptos::prelude::use_context;
        let state = use_context::<AppState>().ok_or(AppError::Internal)?;
        let (auth, info) = leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
            let auth = parts.extensions.get::<AuthState>().and_then(|a| a.0.clone());
            let info =
                parts.extensions.get::<RequestInfo>().cloned().unwrap_or(RequestInfo { ip: "unknown".into(), user_agent: String::new() });
            (auth, info)
        })
        .ok_or(AppError::Internal)?;
        authorize_request(state, auth, info, endpoint)
    })();
    if let Err(e) = &result {
        set_status(e);
    }
    result
}

/// The same check for a plain handler, with what the gate found.
pub fn authorize_request(state: AppState, auth: Option<Authed>, info: RequestInfo, endpoint: &str) -> Result<Ctx, AppError> {
    let access = authz::server_fn_access(endpoint).ok_or(AppError::Forbidden)?;
    let roles = auth.as_ref().map(|a| a.user.roles());
    if !authz::allows(access, roles.as_deref()) {
        return Err(if auth.is_none() { AppError::Unauthorized } else { AppError::Forbidden });
    }
    if let Some(a) = &auth {
        if a.user.must_change_password && !authz::ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&endpoint) {
            return Err(AppError::Refused("请先修改密码".into()));
        }
    }
    let grants = auth.as_ref().map(|a| a.user.grants.clone()).unwrap_or_default();
    let scope = authz::scope_for(access, &grants).ok_or(AppError::Forbidden)?;
    Ok(Ctx { state, auth, info, scope })
}

/// Every server function's outcome, for `/metrics`: done, or refused by kind (check-ins, ratings and
/// ballots per minute are `yucai_actions_total{endpoint="lecture_checkin"|"rating_submit"|"ballot_cast"}`).
fn record_outcome<T>(endpoint: &str, r: &Result<T, AppError>) {
    match r {
        Ok(_) => metrics::counter!("yucai_actions_total", "endpoint" => endpoint.to_string()).increment(1),
        Err(e) => {
            let kind = match e {
                AppError::Unauthorized => "unauthorized",
                AppError::Forbidden => "forbidden",
                AppError::NotFound => "not_found",
                AppError::Invalid(_) => "invalid",
                AppError::Refused(_) => "refused",
                AppError::BadRequest => "bad_request",
                AppError::Internal | AppError::Transport(_) => "internal",
                AppError::Unavailable(_) => "unavailable",
            };
            metrics::counter!("yucai_action_errors_total", "endpoint" => endpoint.to_string(), "kind" => kind).increment(1);
            if crate::api::MULTIPART_FNS.contains(&endpoint) {
                metrics::counter!("yucai_uploads_refused_total").increment(1);
            }
        }
    }
}

/// The id of the request being answered (from a trusted proxy's `X-Request-Id`, or made by the
/// server): on every log line of the request, in the response's `X-Request-Id` header, and on an
/// error the page shows, so a user can quote it to IT.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub fn request_id() -> Option<String> {
    leptos::prelude::with_context::<http::request::Parts, _>(|p| p.extensions.get::<RequestId>().map(|r| r.0.clone())).flatten()
}

/// Run a server function body: authorise, then run; errors set the HTTP status. A form's success
/// sends the browser on (see [`after_form`]).
pub async fn run<T, F, Fut>(endpoint: &str, body: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let ctx = authorize(endpoint)?;
    leptos::prelude::provide_context(FlashCount(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(i64::MIN))));
    leptos::prelude::provide_context(CurrentEndpoint(endpoint.to_string()));
    let r = body(ctx).await;
    record_outcome(endpoint, &r);
    match &r {
        Err(e) => set_status(e),
        Ok(_) if form_post() => after_form(endpoint),
        Ok(_) => {}
    }
    r
}
