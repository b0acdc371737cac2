//! Running as a service, with the real binary: every log line of a request carries its id (also
//! returned in `X-Request-Id`), a trusted proxy's id is kept, liveness needs no database, metrics
//! live on their own listener and refuse other addresses, SIGTERM finishes what is in flight and
//! exits 0.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
    metrics: String,
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `yucai serve` on a fresh SQLite file with JSON logs, its standard output collected.
fn start(extra: &[&str]) -> Server {
    let dir = std::env::temp_dir().join(format!("yucai-ops-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    let (port, mport) = (free_port(), free_port());
    let mut args = vec![
        "--log-format".to_string(),
        "json".into(),
        "serve".into(),
        "--addr".into(),
        format!("127.0.0.1:{port}"),
        "--metrics-addr".into(),
        format!("127.0.0.1:{mport}"),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_yucai"))
        .args(&args)
        .env("DATABASE_URL", format!("sqlite:{}", dir.join("y.db").display()))
        .env("YUCAI_SECRET_KEY_FILE", dir.join("secret.key"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yucai");
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let keep = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            keep.lock().unwrap().push(line);
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Server { child, base, metrics: format!("http://127.0.0.1:{mport}/metrics"), lines }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The JSON log lines that mention `id` anywhere (the span's `request_id`).
fn lines_with(s: &Server, id: &str) -> Vec<serde_json::Value> {
    s.lines.lock().unwrap().iter().filter(|l| l.contains(id)).filter_map(|l| serde_json::from_str(l).ok()).collect()
}

#[tokio::test]
async fn every_log_line_of_a_request_carries_its_id() {
    let s = start(&[]);
    let c = reqwest::Client::new();
    // A malformed call logs a line of its own besides the access line.
    let res = c.post(format!("{}/api/login", s.base)).form(&[("nothing", "1")]).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mine = lines_with(&s, &id);
    assert!(mine.len() >= 2, "the request's lines: {mine:?}");
    for l in &mine {
        assert_eq!(l["span"]["request_id"], id, "{l}");
    }
    assert!(mine.iter().any(|l| l["fields"]["message"] == "malformed server function request"), "{mine:?}");
    assert!(mine.iter().any(|l| l["fields"]["message"] == "request" && l["fields"]["status"] == 400), "{mine:?}");
    // Each request its own id; a proxy's id is ignored unless the proxy is trusted.
    let other = c.get(format!("{}/login", s.base)).header("x-request-id", "from-outside").send().await.unwrap();
    let other_id = other.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(other_id, id);
    assert_ne!(other_id, "from-outside");
}

#[tokio::test]
async fn a_trusted_proxy_names_the_request() {
    let s = start(&["--trust-proxy"]);
    let res = reqwest::Client::new().get(format!("{}/login", s.base)).header("x-request-id", "nginx-4f2a").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "nginx-4f2a");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!lines_with(&s, "nginx-4f2a").is_empty());
    // Something that would break a log line or a header is replaced.
    let res = reqwest::Client::new().get(format!("{}/login", s.base)).header("x-request-id", "a b\"c").send().await.unwrap();
    assert_ne!(res.headers()["x-request-id"], "a b\"c");
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let s = start(&[]);
    let c = reqwest::Client::new();
    assert_eq!(c.get(format!("{}/healthz", s.base)).send().await.unwrap().text().await.unwrap(), "ok");
    let ready = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!((ready.status().as_u16(), ready.text().await.unwrap()), (200, "ready".to_string()));
    // Metrics are not on the site's address (there it is just a page a visitor must log in for).
    let site = c.get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(!site.contains("yucai_http_requests_total"), "{site}");
    let _ = c.get(format!("{}/login", s.base)).send().await.unwrap();
    let text = c.get(&s.metrics).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("yucai_http_requests_total{"), "{text}");
    assert!(text.contains("yucai_http_request_duration_seconds_bucket{"), "{text}");
    assert!(text.contains("yucai_db_connections "), "{text}");
    // From an address outside the allowed list: refused.
    let other = reqwest::Client::builder().local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap()).build().unwrap();
    assert_eq!(other.get(&s.metrics).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn sigterm_finishes_requests_in_flight_and_exits_cleanly() {
    let mut s = start(&[]);
    let c = reqwest::Client::new();
    // A slow request in flight (password hashing), then SIGTERM.
    let base = s.base.clone();
    let slow = tokio::spawn(async move {
        reqwest::Client::new()
            .post(format!("{base}/api/login"))
            .form(&[("username", "nobody"), ("password", "wrong-password")])
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    let pid = s.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let answered = slow.await.unwrap().expect("the request in flight was answered");
    assert_eq!(answered.status(), 400);
    let started = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // Nothing accepted any more.
    assert!(c.get(format!("{}/healthz", s.base)).send().await.is_err());
}
