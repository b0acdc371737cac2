//! Test harness: the real server on a random port against a fresh database, on SQLite or
//! PostgreSQL, driven over HTTP like a browser would.
#![allow(dead_code)]

use app::authz::{Role, RoleGrant};
use app::security::AppState;
use app::store::{demo, users, Db};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use yucai::{leptos_options, router, state, ServerConfig};

/// The hostile-workbook corpus, for every import's tests.
#[path = "../hostile/mod.rs"]
pub mod hostile;
pub mod ratings;

pub const PASSWORD: &str = "demo12345";

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    )
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database(engine: Engine) -> String {
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("yucai-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            forget_finished_runs(None).await;
            format!("sqlite:{}", dir.join(format!("{}.db", unique("t"))).display())
        }
        Engine::Postgres => {
            let base = std::env::var("YUCAI_TEST_PG").expect(
                "YUCAI_TEST_PG is not set: PostgreSQL tests need a server (make test starts one), \
                 e.g. YUCAI_TEST_PG=postgres://yucai:yucai@127.0.0.1:5432",
            );
            let name = unique("yucai_t");
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&format!("{base}/postgres")).await.expect("connect to PostgreSQL");
            forget_finished_runs(Some(&admin)).await;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
            admin.close().await;
            format!("{base}/{name}")
        }
    }
}

/// The process that made a test database or file: the first number in its name (`yucai_t_PID_…`,
/// `t_PID_….db`, `full-PID.db`).
fn maker_pid(name: &str) -> Option<u32> {
    name.split(['_', '-', '.']).find_map(|part| part.parse::<u32>().ok())
}

fn ended(pid: u32) -> bool {
    pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// What earlier test runs left behind — their PostgreSQL databases and SQLite files, each named
/// after its process — removed once per test process when that process has ended, so running the
/// tests again and again does not fill the disk (each run leaves a few hundred).
async fn forget_finished_runs(admin: Option<&sqlx::AnyPool>) {
    static FILES: std::sync::Once = std::sync::Once::new();
    static DATABASES: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    FILES.call_once(|| {
        let dir = std::env::temp_dir().join("yucai-tests");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if maker_pid(&name).is_some_and(ended) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    });
    if let Some(admin) = admin {
        DATABASES
            .get_or_init(|| async {
                let names: Vec<String> = sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'yucai\\_t\\_%'")
                    .fetch_all(admin)
                    .await
                    .unwrap_or_default();
                for name in names.into_iter().filter(|n| maker_pid(n).is_some_and(ended)) {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin).await;
                }
            })
            .await;
    }
}

impl TestApp {
    /// A server with the demo organisation (small) and a few extra single-role accounts.
    pub async fn spawn(engine: Engine) -> TestApp {
        let url = fresh_database(engine).await;
        Self::spawn_on(&url, true).await
    }

    /// Another instance on the same database (no seeding).
    pub async fn spawn_on(url: &str, seed: bool) -> TestApp {
        Self::spawn_with(url, seed, 0).await
    }

    /// An instance behind `proxy_hops` reverse proxies (`--trust-proxy --proxy-hops N`).
    pub async fn spawn_with(url: &str, seed: bool, proxy_hops: usize) -> TestApp {
        let cfg = ServerConfig {
            database_url: url.to_string(),
            site_root: "target/site".into(),
            secure_cookies: false,
            proxy_hops,
            max_connections: 5,
            secret_key_file: std::env::temp_dir().join("yucai-tests").join("secret.key"),
        };
        let st = state(&cfg).await.expect("state");
        if seed {
            let hash = st.hasher.hash(PASSWORD).await.expect("hash");
            demo::seed(&st.db, &st.secrets, &hash, 60).await.expect("demo seed");
            let mut w = st.db.write().await.expect("tx");
            for (name, role) in
                [("only_admin", Role::Admin), ("only_hr", Role::Hr), ("only_leader", Role::Leader), ("only_employee", Role::Employee)]
            {
                users::create(
                    &mut w,
                    users::NewUser {
                        username: name,
                        display_name: name,
                        password_hash: &hash,
                        person_id: None,
                        must_change_password: false,
                    },
                    &[RoleGrant { role, unit_id: None, unit_name: None }],
                )
                .await
                .expect("create user");
            }
            w.commit().await.expect("commit");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = router(st.clone(), leptos_options("target/site", addr));
        tokio::spawn(async move {
            let _ = yucai::serve(app, listener).await;
        });
        TestApp { base: format!("http://{addr}"), state: st, url: url.to_string() }
    }

    /// A new account holding exactly these grants, logged in.
    pub async fn user_with(&self, username: &str, grants: &[RoleGrant]) -> Client {
        let hash = self.state.hasher.hash(PASSWORD).await.expect("hash");
        let mut w = self.db().write().await.expect("tx");
        users::create(
            &mut w,
            users::NewUser { username, display_name: username, password_hash: &hash, person_id: None, must_change_password: false },
            grants,
        )
        .await
        .expect("create user");
        w.commit().await.expect("commit");
        self.login(username).await
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
    }

    /// A client logged in as `username`.
    pub async fn login(&self, username: &str) -> Client {
        let c = self.client();
        let r = self.login_with(&c, username, PASSWORD, false).await;
        assert_eq!(r.0, StatusCode::OK, "login {username}: {}", r.1);
        c
    }

    pub async fn login_with(&self, c: &Client, username: &str, password: &str, remember: bool) -> (StatusCode, Value, Option<String>) {
        let mut form = vec![("username", username), ("password", password)];
        if remember {
            form.push(("remember", "on"));
        }
        let res = c.post(format!("{}/api/login", self.base)).form(&form).send().await.expect("request");
        let status = res.status();
        let cookie = res.headers().get("set-cookie").map(|v| v.to_str().unwrap_or("").to_string());
        let body = res.json::<Value>().await.unwrap_or(Value::Null);
        (status, body, cookie)
    }

    /// Call a server function with form-encoded arguments.
    pub async fn call(&self, c: &Client, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let res = c.post(format!("{}/api/{endpoint}", self.base)).form(form).send().await.expect("request");
        let status = res.status();
        (status, res.json::<Value>().await.unwrap_or(Value::Null))
    }

    /// Call a server function with structured arguments, written as JSON for the test's reading
    /// and posted as a form posts them (`input[title]=…`, `ids[0]=…`; see [`form_pairs`]).
    pub async fn call_json(&self, c: &Client, endpoint: &str, args: Value) -> (StatusCode, Value) {
        let res = c.post(format!("{}/api/{endpoint}", self.base)).form(&form_pairs(&args)).send().await.expect("request");
        let status = res.status();
        (status, res.json::<Value>().await.unwrap_or(Value::Null))
    }

    pub async fn whoami(&self, c: &Client) -> Value {
        let (s, v) = self.call(c, "whoami", &[]).await;
        assert_eq!(s, StatusCode::OK);
        v["user"].clone()
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        users::find_for_login(self.db(), username).await.expect("query").expect("user exists").id
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db().pool).await.expect("exec");
        // Written behind the store's back: what it keeps in memory may be stale now.
        self.db().forget_cached();
    }
}

/// Structured arguments as a form's fields, the way server functions read them: nested objects as
/// `a[b]`, lists as `a[0]`, `a[1]`; nulls and empty lists left out (they default).
pub fn form_pairs(v: &Value) -> Vec<(String, String)> {
    fn walk(prefix: String, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Null => {}
            Value::Bool(b) => out.push((prefix, b.to_string())),
            Value::Number(n) => out.push((prefix, n.to_string())),
            Value::String(s) => out.push((prefix, s.clone())),
            Value::Array(list) => {
                for (i, x) in list.iter().enumerate() {
                    walk(format!("{prefix}[{i}]"), x, out);
                }
            }
            Value::Object(map) => {
                for (k, x) in map {
                    walk(if prefix.is_empty() { k.clone() } else { format!("{prefix}[{k}]") }, x, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(String::new(), v, &mut out);
    out
}

pub fn empty() -> Value {
    json!({})
}

/// Run one async test body on both engines: `both!(name, |app| async move { ... })`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = common::TestApp::spawn(common::Engine::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = common::TestApp::spawn(common::Engine::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// A valid ID number (GB 11643 check digit) for a birth date and 3-digit sequence (odd: a man).
#[allow(dead_code)]
pub fn id_for(birth: &str, seq3: &str) -> String {
    let first17 = format!("320102{}{}", birth.replace('-', ""), seq3);
    format!("{first17}{}", app::domain::id_number::check_char(&first17).unwrap())
}

/// The id of the demo unit with this name.
#[allow(dead_code)]
pub async fn unit_named(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM org_units WHERE name = $1").bind(name).fetch_one(&app.db().pool).await.unwrap()
}
