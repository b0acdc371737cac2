//! Running Yucai as a service: request ids on every log line, an access line per request,
//! Prometheus metrics on their own listener, liveness and readiness for a proxy or an orchestrator.

use app::security::{AppState, RequestId};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Latency buckets, in seconds: from a cached page to a large import.
const BUCKETS: &[f64] = &[0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// Install the process's metrics recorder (once; later calls get the same handle).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: std::sync::OnceLock<PrometheusHandle> = std::sync::OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
                .unwrap_or_else(|_| PrometheusBuilder::new());
            match builder.install_recorder() {
                Ok(h) => h,
                // Another recorder is installed already (tests starting several servers): this one
                // still renders, the other records.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

/// A request id a trusted proxy may pass on: short, and only characters that are safe in a log line
/// and a header.
fn acceptable_id(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> String {
    let bytes: [u8; 8] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every request: its id (the proxy's `X-Request-Id` when Yucai trusts a proxy, else a new one) in
/// the request's extensions, on every log line written while answering it and in the response
/// header; one access line (route, status, time); the request counter and latency histogram.
pub async fn observe(State(trust_proxy): State<bool>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| trust_proxy && acceptable_id(v))
        .map(str::to_string)
        .unwrap_or_else(new_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| route_of(req.uri().path()));
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status().as_u16();
    let secs = started.elapsed().as_secs_f64();
    metrics::counter!("yucai_http_requests_total", "route" => route.clone(), "method" => method.to_string(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!("yucai_http_request_duration_seconds", "route" => route.clone()).record(secs);
    let quiet = path.starts_with("/pkg/") || path == "/healthz" || path == "/readyz";
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(%method, %path, status, ms = secs * 1000.0, "request");
        } else if quiet {
            tracing::debug!(%method, %path, status, ms = secs * 1000.0, "request");
        } else {
            tracing::info!(%method, %path, status, ms = secs * 1000.0, "request");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// A route label for requests no axum route matched (pages of the app and the browser files are
/// matched; this is the rest): a few fixed groups, never the raw path (its ids would make a new
/// series per record).
fn route_of(path: &str) -> String {
    if path.starts_with("/pkg/") {
        "/pkg/{file}".into()
    } else if path.starts_with("/api/") {
        "/api/{unknown}".into()
    } else {
        "other".into()
    }
}

/// Liveness: the process answers. No database: a database outage is readiness's business, and a
/// process that waits on a dead database must not be restarted in a loop for it.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers and its schema is this version's, within a second (the pool
/// would otherwise wait its full timeout while the database is down).
pub async fn readyz(State(state): State<AppState>) -> Response {
    let check = async {
        state.db.ping().await?;
        state.db.migrations_current().await
    };
    match tokio::time::timeout(Duration::from_millis(800), check).await {
        Ok(Ok(true)) => (StatusCode::OK, "ready").into_response(),
        Ok(Ok(false)) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database did not answer within 1 s").into_response(),
    }
}

/// Addresses allowed to read `/metrics`: single addresses or CIDR ranges (`10.0.0.0/8`, `::1`).
#[derive(Clone, Debug)]
pub struct Allowed(Vec<(IpAddr, u8)>);

impl Allowed {
    pub fn parse(list: &str) -> Result<Allowed, String> {
        let mut out = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| format!("bad prefix length in {item}"))?)),
                None => (item, None),
            };
            let ip: IpAddr = addr.parse().map_err(|_| format!("not an address: {item}"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(max);
            if bits > max {
                return Err(format!("bad prefix length in {item}"));
            }
            out.push((ip, bits));
        }
        Ok(Allowed(out))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        self.0.iter().any(|(net, bits)| match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if *bits == 0 { 0 } else { u32::MAX << (32 - *bits as u32) };
                u32::from(*n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if *bits == 0 { 0 } else { u128::MAX << (128 - *bits as u32) };
                u128::from(*n) & mask == u128::from(a) & mask
            }
            _ => false,
        })
    }
}

#[derive(Clone)]
struct MetricsState {
    handle: PrometheusHandle,
    allowed: Allowed,
    app: AppState,
}

/// `/metrics` in the Prometheus text format, on its own listener (never on the site's), refused
/// (403) to any address outside `allowed`.
pub fn metrics_router(app: AppState, allowed: Allowed) -> axum::Router {
    let state = MetricsState { handle: metrics_handle(), allowed, app };
    axum::Router::new().route("/metrics", axum::routing::get(metrics)).with_state(state)
}

async fn metrics(State(s): State<MetricsState>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !s.allowed.contains(peer.ip()) {
        tracing::warn!(peer = %peer.ip(), "metrics refused to an address not allowed");
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    }
    // The pool's state at the moment of the scrape.
    let pool = &s.app.db.pool;
    metrics::gauge!("yucai_db_connections").set(pool.size() as f64);
    metrics::gauge!("yucai_db_connections_idle").set(pool.num_idle() as f64);
    metrics::gauge!("yucai_db_connections_max").set(pool.options().get_max_connections() as f64);
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], s.handle.render()).into_response()
}

/// Serve `/metrics` on `listener` until the process stops.
pub async fn serve_metrics(router: axum::Router, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_addresses_and_ranges() {
        let a = Allowed::parse("127.0.0.1, 10.0.0.0/8, ::1").unwrap();
        assert!(a.contains("127.0.0.1".parse().unwrap()));
        assert!(!a.contains("127.0.0.2".parse().unwrap()));
        assert!(a.contains("10.200.3.4".parse().unwrap()));
        assert!(!a.contains("11.0.0.1".parse().unwrap()));
        assert!(a.contains("::1".parse().unwrap()));
        assert!(a.contains("::ffff:10.1.2.3".parse().unwrap()), "an IPv4 client on a dual-stack socket");
        assert!(Allowed::parse("10.0.0.0/33").is_err());
        assert!(Allowed::parse("nonsense").is_err());
        assert!(!Allowed::parse("").unwrap().contains("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn request_ids_from_a_proxy_are_checked() {
        assert!(acceptable_id("3f9a-01_x.y:z"));
        assert!(!acceptable_id(""));
        assert!(!acceptable_id("a b"));
        assert!(!acceptable_id(&"a".repeat(65)));
        assert_eq!(new_id().len(), 16);
    }
}
