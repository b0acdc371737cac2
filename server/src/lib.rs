//! The Yucai server: configuration, the router with its layers, and the command-line tasks.

pub mod memory;
pub mod ops;

use app::security::{gate::gate, password::Hasher, secrets::Secrets, AppState, Config};
use app::store::Db;
use app::{shell, App};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;

pub struct ServerConfig {
    pub database_url: String,
    pub site_root: String,
    pub secure_cookies: bool,
    /// Reverse proxies of ours in front (0: none; see [`Config::proxy_hops`]).
    pub proxy_hops: usize,
    pub max_connections: u32,
    /// File holding the secret key (created when missing); `YUCAI_SECRET_KEY` overrides it.
    pub secret_key_file: std::path::PathBuf,
}

/// Connect, migrate and build the shared state.
pub async fn state(cfg: &ServerConfig) -> anyhow::Result<AppState> {
    let secrets = Secrets::load(&cfg.secret_key_file)?;
    let db = Db::connect(&cfg.database_url, cfg.max_connections).await?.with_audit_key(secrets.audit_key());
    db.migrate().await?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    Ok(AppState {
        db,
        config: Arc::new(Config { secure_cookies: cfg.secure_cookies, proxy_hops: cfg.proxy_hops }),
        hasher: Hasher::new(cores),
        secrets: Arc::new(secrets),
    })
}

pub fn leptos_options(site_root: &str, addr: std::net::SocketAddr) -> LeptosOptions {
    // `cargo leptos build` writes the content hashes of pkg/ into hash.txt beside the binary;
    // pages then name the hashed files. A binary without one (tests) names the plain files.
    let hashed = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join("hash.txt"))).is_some_and(|p| p.is_file());
    LeptosOptions::builder()
        .output_name("yucai")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hashed)
        .env(leptos::config::Env::PROD)
        .build()
}

/// A file name with a content hash (`yucai.<hash>.wasm`) never changes its content.
fn is_hashed(file: &str) -> bool {
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The browser files: brotli or gzip copies written at build time when the browser takes them,
/// cached for a year when the name carries a content hash, revalidated otherwise.
fn pkg_service(site_root: &str) -> Router {
    let dir = std::path::Path::new(site_root).join("pkg");
    let files = tower_http::services::ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new().fallback_service(files).layer(axum::middleware::map_response(
        |uri: axum::http::Uri, mut res: axum::response::Response| async move {
            let name = uri.path().rsplit('/').next().unwrap_or("");
            let value = if res.status().is_success() && is_hashed(name) { "public, max-age=31536000, immutable" } else { "no-cache" };
            res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static(value));
            res
        },
    ))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request panicked");
    let body = serde_json::to_string(&app::error::AppError::Internal).unwrap_or_default();
    (StatusCode::INTERNAL_SERVER_ERROR, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let pkg = pkg_service(&options.site_root);
    let ctx_state = state.clone();
    let fallback_state = state.clone();
    let trust_proxy = state.config.proxy_hops > 0;
    let health = Router::new().route("/healthz", get(ops::healthz)).route("/readyz", get(ops::readyz)).with_state(state.clone());
    Router::new()
        .leptos_routes_with_context(&options, routes, move || provide_context(ctx_state.clone()), {
            let o = options.clone();
            move || shell(o.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(move || provide_context(fallback_state.clone()), shell))
        .with_state(options)
        .nest_service("/pkg", pkg)
        .merge(health)
        .merge(app::api::excel::download_routes(state.clone()))
        .merge(app::api::lectures::feed_routes(state.clone()))
        .merge(app::api::posts::sheet_routes(state.clone()))
        .merge(app::api::training::sheet_routes(state.clone()))
        .merge(app::api::grades::grade_routes(state.clone()))
        .merge(app::api::reports::report_routes(state.clone()))
        .merge(app::api::reserve::reserve_routes(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state, gate))
        // A last guard: a panic anywhere in a request answers 500 with the generic message
        // (logged) instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .layer(tower_http::compression::CompressionLayer::new())
        // Outermost: every request gets its id, its access line and its metrics.
        .layer(axum::middleware::from_fn_with_state(trust_proxy, ops::observe))
}

/// Login attempts are kept two days: the failure window and the lock last at most one
/// (settings cap both at 1,440 minutes), so nothing older counts.
pub const ATTEMPTS_KEPT_MS: i64 = 2 * 86_400_000;

/// Housekeeping, once: forget login attempts that no longer count.
pub async fn housekeeping(db: &Db) -> anyhow::Result<()> {
    let pruned = app::store::sessions::prune_attempts(db, ATTEMPTS_KEPT_MS).await?;
    let today = app::domain::time::today_china(chrono::Utc::now());
    let reminded = app::store::calendar::remind_next_year(db, today).await?;
    if reminded > 0 {
        tracing::info!(reminded, "HR reminded to enter next year's holidays");
    }
    if pruned > 0 {
        tracing::info!(pruned, "old login attempts removed");
    }
    Ok(())
}

/// [`housekeeping`] now and every hour, for as long as the server runs.
pub fn spawn_housekeeping(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = housekeeping(&db).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// A PostgreSQL URL without its password, and the password: given to `pg_dump` through
/// `PGPASSWORD`, never as an argument (every user of the machine can read arguments).
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://") else { return (url.to_string(), None) };
    let (scheme, rest) = url.split_at(scheme_end + 3);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let mut password = None;
    let authority = match authority.rfind('@') {
        Some(at) => {
            let (userinfo, host) = authority.split_at(at);
            match userinfo.split_once(':') {
                Some((user, pass)) => {
                    password = Some(app::url::decode_query(pass));
                    format!("{user}{host}")
                }
                None => authority.to_string(),
            }
        }
        None => authority.to_string(),
    };
    // `?password=…` is read by libpq too.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|kv| match kv.split_once('=') {
                    Some(("password", v)) => {
                        password = Some(app::url::decode_query(v));
                        false
                    }
                    _ => true,
                })
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_string(),
    };
    (format!("{scheme}{authority}{tail}"), password)
}

/// Serve until Ctrl-C or SIGTERM, then stop accepting and finish the requests in flight; after
/// `grace`, stop anyway.
pub async fn serve_until(router: Router, listener: tokio::net::TcpListener, grace: std::time::Duration) -> anyhow::Result<()> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let server = serve_with(router, listener, async move {
        shutdown_signal().await;
        tracing::info!("stopping: no new connections, finishing requests in flight");
        let _ = tx.send(true);
    });
    let deadline = async move {
        let mut rx = rx;
        while !*rx.borrow() {
            if rx.changed().await.is_err() {
                return;
            }
        }
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r,
        _ = deadline => {
            tracing::warn!(seconds = grace.as_secs(), "requests still in flight after the grace period: stopping anyway");
            Ok(())
        }
    }
}

/// Serve until Ctrl-C or SIGTERM.
pub async fn serve(router: Router, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    serve_with(router, listener, shutdown_signal()).await
}

async fn serve_with(
    router: Router,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    // Pages stream in several writes: with Nagle's algorithm on, the second write of a response
    // waits for the browser's delayed ACK (~40 ms) on a kept-alive connection.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(stop).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://yucai:s%40cret@db:5432/yucai?sslmode=require"),
            ("postgres://yucai@db:5432/yucai?sslmode=require".into(), Some("s@cret".into()))
        );
        assert_eq!(split_password("postgres://yucai@db/yucai"), ("postgres://yucai@db/yucai".into(), None));
        assert_eq!(
            split_password("postgresql://db/yucai?user=u&password=p%3Aq&sslmode=disable"),
            ("postgresql://db/yucai?user=u&sslmode=disable".into(), Some("p:q".into()))
        );
        assert_eq!(split_password("postgres://u:p@db"), ("postgres://u@db".into(), Some("p".into())));
    }
    #[test]
    fn hashed_names() {
        assert!(super::is_hashed("yucai.Xb3kP9qT2mN8vC1d.wasm"));
        assert!(!super::is_hashed("yucai.wasm"));
        assert!(!super::is_hashed("yucai.css"));
        assert!(!super::is_hashed("favicon.svg"));
    }
}
