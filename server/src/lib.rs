//! The Yucai server: configuration, the router with its layers, and the command-line tasks.

use app::security::{gate::gate, password::Hasher, secrets::Secrets, AppState, Config};
use app::store::Db;
use app::{shell, App};
use axum::extract::State;
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
    pub trust_proxy: bool,
    pub max_connections: u32,
    /// File holding the secret key (created when missing); `YUCAI_SECRET_KEY` overrides it.
    pub secret_key_file: std::path::PathBuf,
}

/// Connect, migrate and build the shared state.
pub async fn state(cfg: &ServerConfig) -> anyhow::Result<AppState> {
    let db = Db::connect(&cfg.database_url, cfg.max_connections).await?;
    db.migrate().await?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    Ok(AppState {
        db,
        config: Arc::new(Config { secure_cookies: cfg.secure_cookies, trust_proxy: cfg.trust_proxy }),
        hasher: Hasher::new(cores),
        secrets: Arc::new(Secrets::load(&cfg.secret_key_file)?),
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
    parts.len() >= 3 && parts[parts.len() - 2].len() >= 8 && parts[parts.len() - 2].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let pkg = pkg_service(&options.site_root);
    let ctx_state = state.clone();
    let fallback_state = state.clone();
    let health = Router::new().route("/healthz", get(healthz)).with_state(state.clone());
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
        .layer(axum::middleware::from_fn_with_state(state, gate))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Serve until Ctrl-C or SIGTERM.
pub async fn serve(router: Router, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    // Pages stream in several writes: with Nagle's algorithm on, the second write of a response
    // waits for the browser's delayed ACK (~40 ms) on a kept-alive connection.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
    #[test]
    fn hashed_names() {
        assert!(super::is_hashed("yucai.Xb3kP9qT2mN8vC1d.wasm"));
        assert!(!super::is_hashed("yucai.wasm"));
        assert!(!super::is_hashed("yucai.css"));
        assert!(!super::is_hashed("favicon.svg"));
    }
}
