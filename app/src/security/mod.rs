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
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let user = parts.and_then(|p| p.extensions.get::<AuthState>().and_then(|a| a.0.clone())).map(|a| a.user);
    crate::model::Viewer { user }
}

/// A plain HTML form post (JavaScript off or not loaded yet): the browser asked for a page, the
/// server-function client asks for JSON.
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT)?.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

/// After a plain form post succeeded, send the browser to `to` (a page that shows the outcome).
/// Errors need nothing: server_fn sends the browser back with the error in the URL, and the
/// page's `ServerAction` reads it. With JavaScript the page itself shows the outcome.
pub fn redirect_plain_form(to: &str) {
    if plain_form_post() {
        leptos_axum::redirect(to);
    }
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

/// The HTTP status of a server function's error. A plain form post keeps server_fn's redirect
/// back to the form's page (the error travels in the URL and the page shows it): a 4xx there
/// would make the browser show the JSON instead.
pub fn set_status(e: &AppError) {
    if plain_form_post() {
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
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        let auth = parts.extensions.get::<AuthState>().and_then(|a| a.0.clone());
        let info =
            parts.extensions.get::<RequestInfo>().cloned().unwrap_or(RequestInfo { ip: "unknown".into(), user_agent: String::new() });
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

/// Run a server function body: authorise, then run; errors set the HTTP status.
pub async fn run<T, F, Fut>(endpoint: &str, body: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let ctx = authorize(endpoint)?;
    let r = body(ctx).await;
    if let Err(e) = &r {
        set_status(e);
    }
    r
}
