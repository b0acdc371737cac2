//! The request gate: one axum middleware in front of every route. It finds the session,
//! refuses server-function calls the permission table does not allow (unknown ones
//! included), refuses state-changing calls from a foreign origin, sends anonymous page
//! visits to the login page, and adds the security headers.

use super::{cookie_value, load_session, AppState, AuthState, RequestInfo, SESSION_COOKIE};
use crate::authz::{self, Access};
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method, StatusCode};

pub const FALLBACK_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";

/// The page CSP, with the nonce leptos puts on its inline scripts.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The client's address: behind `hops` trusted proxies, the `X-Forwarded-For` entry the
/// outermost one added (each proxy appends the address it saw, so the entries left of that one
/// came from the client and prove nothing); otherwise the connection's peer.
fn client_ip(headers: &http::HeaderMap, peer: Option<std::net::IpAddr>, hops: usize) -> String {
    let peer = || peer.map(|p| p.to_string()).unwrap_or_else(|| "unknown".into());
    if hops == 0 {
        return peer();
    }
    let entries: Vec<&str> =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim).collect();
    // Fewer entries than proxies: the request skipped the outer ones; the leftmost entry was
    // added by the first of ours it met.
    let at = entries.len().saturating_sub(hops);
    match entries.get(at).and_then(|e| e.parse::<std::net::IpAddr>().ok()) {
        Some(ip) => ip.to_string(),
        None => peer(),
    }
}

/// A request from another site: its `Origin` names a different host, or the browser says so.
fn is_cross_site(req: &Request) -> bool {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        return origin == "null" || origin_host != host;
    }
    matches!(req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site"))
}

fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path == "/healthz"
        || path == "/readyz"
        || path.rsplit('/').next().is_some_and(|last| last.contains('.')))
}

fn api_refusal(e: AppError) -> Response {
    let body = serde_json::to_string(&e).unwrap_or_default();
    let mut res = (e.status(), body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// Refuse an API call after reading (and dropping) what the client is still sending, up to the
/// body limit: a client sees the answer instead of a connection reset in mid-upload.
async fn refuse_api(req: Request, e: AppError) -> Response {
    let _ = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await;
    api_refusal(e)
}

/// A download asked for with the wrong method: the body is read first (a client still sending sees
/// the answer, not a reset connection), then 405.
pub async fn wrong_method(_body: axum::body::Bytes) -> Response {
    let mut res = api_refusal(AppError::BadRequest);
    *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    res
}

/// What a request below `/api/` may carry, besides uploads (axum's default, made explicit).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

fn redirect(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

pub async fn gate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let info = RequestInfo {
        ip: client_ip(
            req.headers(),
            req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()),
            state.config.proxy_hops,
        ),
        user_agent: req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
    };
    let path = req.uri().path().to_string();
    let needs_session = path.starts_with("/api/") || is_page_path(&path);
    let auth = match cookie_value(req.headers(), SESSION_COOKIE).filter(|t| needs_session && !t.is_empty()) {
        Some(token) => match load_session(&state, &token).await {
            Ok(a) => a,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return (StatusCode::SERVICE_UNAVAILABLE, "数据库暂不可用，请稍后再试").into_response();
            }
        },
        None => None,
    };
    let roles = auth.as_ref().map(|a| a.user.roles());
    let must_change = auth.as_ref().is_some_and(|a| a.user.must_change_password);

    if let Some(endpoint) = path.strip_prefix("/api/") {
        let refusal = if req.method() != Method::GET && is_cross_site(&req) {
            tracing::warn!(path, ip = info.ip, "refused cross-site server function call");
            Some(AppError::Forbidden)
        } else {
            match authz::server_fn_access(endpoint) {
                None => Some(AppError::Forbidden),
                Some(access) if !authz::allows(access, roles.as_deref()) => {
                    Some(if auth.is_none() { AppError::Unauthorized } else { AppError::Forbidden })
                }
                Some(_) if must_change && !authz::ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&endpoint) => {
                    Some(AppError::Refused("请先修改密码".into()))
                }
                Some(_) if crate::api::MULTIPART_FNS.contains(&endpoint) => {
                    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
                    multer::parse_boundary(ct).is_err().then(|| AppError::Refused("请以表单方式上传文件（multipart/form-data）".into()))
                }
                Some(_) => None,
            }
        };
        if let Some(e) = refusal {
            return refuse_api(req, e).await;
        }
    } else if is_page_path(&path) {
        let access = authz::page_access(&path);
        if auth.is_none() && access != Access::Public {
            let target = match req.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path.clone(),
            };
            return redirect(&format!("/login?next={}", crate::url::encode_query(&target)));
        }
        if auth.is_some() && path == "/login" {
            // Also where a login form posted without JavaScript lands (back on its own page).
            let next = req.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("next=")).map(crate::url::decode_query));
            return redirect(&crate::url::safe_next(next));
        }
        if must_change && path != "/password" {
            return redirect("/password");
        }
    }

    // A page is drawn in its reader's language: known here once, instead of each of the page's
    // hundreds of `t(…)` looking it up through the reactive owners (see `i18n::use_locale`).
    let page_locale = is_page_path(&path).then(|| auth.as_ref().map(|a| a.user.locale)).flatten();
    req.extensions_mut().insert(info);
    req.extensions_mut().insert(AuthState(auth));
    let mut res = match page_locale {
        Some(locale) => crate::i18n::PAGE_LOCALE.scope(locale, next.run(req)).await,
        None => next.run(req).await,
    };
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FALLBACK_CSP));
    }
    if is_page_path(&path) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_the_one_our_proxy_added() {
        let peer = Some("10.0.0.2".parse().unwrap());
        let mut h = http::HeaderMap::new();
        // The client sent a made-up first entry; nginx appended the address it saw.
        h.insert("x-forwarded-for", "6.6.6.6, 203.0.113.7".parse().unwrap());
        assert_eq!(client_ip(&h, peer, 1), "203.0.113.7");
        assert_eq!(client_ip(&h, peer, 2), "6.6.6.6");
        assert_eq!(client_ip(&h, peer, 0), "10.0.0.2", "not behind a proxy: the header is ignored");
        // Two headers count as one list.
        h.append("x-forwarded-for", "198.51.100.9".parse().unwrap());
        assert_eq!(client_ip(&h, peer, 1), "198.51.100.9");
        assert_eq!(client_ip(&h, peer, 2), "203.0.113.7");
        // Fewer entries than proxies: the leftmost; garbage: the peer.
        assert_eq!(client_ip(&h, peer, 5), "6.6.6.6");
        let mut bad = http::HeaderMap::new();
        bad.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(client_ip(&bad, peer, 1), "10.0.0.2");
        assert_eq!(client_ip(&http::HeaderMap::new(), peer, 1), "10.0.0.2");
    }

    #[test]
    fn page_paths() {
        assert!(is_page_path("/admin/users"));
        assert!(is_page_path("/"));
        assert!(!is_page_path("/pkg/yucai.wasm"));
        assert!(!is_page_path("/favicon.ico"));
        assert!(!is_page_path("/healthz"));
        assert!(!is_page_path("/readyz"));
    }
}
