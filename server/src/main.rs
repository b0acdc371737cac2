use app::authz::{Role, RoleGrant};
use app::store::{audit, demo, users, Engine};
use clap::{Parser, Subcommand};
use std::io::Read;
use yucai::{leptos_options, router, serve_until, state, ServerConfig};

/// 育才 Yucai: training and personnel development for public-sector organisations.
#[derive(Parser)]
#[command(name = "yucai", version, about, long_about = None)]
struct Cli {
    /// Database: sqlite:PATH (default, one file) or postgres://user:pass@host/db
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:data/yucai.db", global = true)]
    database_url: String,
    /// File with the secret key that encrypts sensitive fields (created on first start; back it
    /// up with the database). YUCAI_SECRET_KEY (64 hex characters) takes its place when set.
    #[arg(long, env = "YUCAI_SECRET_KEY_FILE", default_value = "data/secret.key", global = true)]
    secret_key_file: std::path::PathBuf,
    /// Log lines: `text` (readable, the default) or `json` (one object a line, for log
    /// collectors). YUCAI_LOG_JSON=1 also picks json.
    #[arg(long, env = "YUCAI_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "YUCAI_ADDR", default_value = "127.0.0.1:3000")]
        addr: std::net::SocketAddr,
        /// Folder with the built browser files (pkg/).
        #[arg(long, env = "YUCAI_SITE_ROOT", default_value = "target/site")]
        site_root: String,
        /// Mark cookies Secure: set this when users reach Yucai over HTTPS.
        #[arg(long, env = "YUCAI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Behind your own reverse proxy (nginx and the like): take the client address from the
        /// X-Forwarded-For entry the proxy added. Set it whenever Yucai sits behind a proxy:
        /// without it every user appears at the proxy's address, and the per-address login
        /// limit then locks everyone out together. Never set it without a proxy (clients could
        /// then choose their address).
        #[arg(long, env = "YUCAI_TRUST_PROXY")]
        trust_proxy: bool,
        /// With --trust-proxy: how many proxies of yours a request passes (a CDN or load
        /// balancer in front of nginx makes 2).
        #[arg(long, env = "YUCAI_PROXY_HOPS", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=10))]
        proxy_hops: u8,
        /// Fill an empty database with the demo organisation and print the demo accounts.
        #[arg(long)]
        demo: bool,
        /// Database connections per process.
        #[arg(long, env = "YUCAI_DB_CONNECTIONS", default_value_t = 10)]
        db_connections: u32,
        /// Serve Prometheus metrics (`/metrics`) on this address, a listener of its own (never on
        /// the site's address). Off when not given.
        #[arg(long, env = "YUCAI_METRICS_ADDR")]
        metrics_addr: Option<std::net::SocketAddr>,
        /// Addresses allowed to read the metrics (comma separated, CIDR ranges allowed); others
        /// get 403.
        #[arg(long, env = "YUCAI_METRICS_ALLOW", default_value = "127.0.0.1,::1")]
        metrics_allow: String,
        /// On SIGTERM: stop accepting, finish the requests in flight for at most this many
        /// seconds, then exit.
        #[arg(long, env = "YUCAI_SHUTDOWN_GRACE", default_value_t = 30)]
        shutdown_grace: u64,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage login accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Fill an empty database with a deterministic demo organisation.
    Demo {
        /// How many people to create.
        #[arg(long, default_value_t = 300)]
        employees: usize,
        /// Years of the two lecture series (with attendance for every session held); by default
        /// 1, or 5 for a province-sized demo (20,000 people or more: about 200 部室, trainings
        /// in every 部室, ratings of every session).
        #[arg(long)]
        lecture_years: Option<u32>,
        /// Password of the demo accounts.
        #[arg(long, default_value = "demo12345")]
        password: String,
    },
    /// Write a consistent copy of the database to FILE (SQLite: a database file; PostgreSQL: pg_dump custom format).
    Backup { file: String },
    /// Print the page permission table as JSON (path, public, roles; roles null = any logged-in
    /// user). The browser tests derive the pages they must check from it.
    Pages,
    /// The audit trail: check its keyed hash chain (exits 2 when a record was changed or
    /// removed), or print its head to keep outside the database.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account. The password is read from standard input.
    Add {
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        name: String,
        /// Roles, comma separated: admin, hr, leader, employee.
        #[arg(long, default_value = "employee")]
        roles: String,
        /// The roster person (人员编号) this account belongs to: their own lectures, ratings, record.
        #[arg(long)]
        person: Option<i64>,
    },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Set a new password (read from standard input); the user must change it at next login.
    ResetPassword { username: String },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Recompute every hash in the chain (with the secret key).
    Verify {
        /// A head printed earlier by `yucai audit head` (SEQ:HASH): its record must still be in
        /// the chain, unchanged.
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the chain's head (SEQ:HASH). Keep it outside the database, e.g. a daily line in
    /// another system's log, and check against it with `yucai audit verify --head`.
    Head,
    /// Once, after upgrading from a version whose chain was not keyed: check the old chain and
    /// hash it again with the key (nothing changes when any record was altered).
    Rekey,
}

fn main() -> std::process::ExitCode {
    yucai::memory::tune();
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    // JSON: one object per line, for log collectors; each carries its request's id (the span).
    if cli.log_format == "json" || std::env::var("YUCAI_LOG_JSON").is_ok_and(|v| v == "1" || v == "true") {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
    }
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn config(url: &str, key: &std::path::Path) -> ServerConfig {
    ServerConfig {
        secret_key_file: key.to_path_buf(),
        database_url: url.to_string(),
        site_root: "target/site".into(),
        secure_cookies: false,
        proxy_hops: 0,
        max_connections: 5,
    }
}

fn read_password() -> anyhow::Result<String> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let p = s.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(!p.is_empty(), "standard input gave no password");
    Ok(p)
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    use std::process::ExitCode;
    let url = cli.database_url.clone();
    let key = cli.secret_key_file.clone();
    match cli.command {
        Command::Serve {
            addr,
            site_root,
            secure_cookies,
            trust_proxy,
            proxy_hops,
            demo: seed_demo,
            db_connections,
            metrics_addr,
            metrics_allow,
            shutdown_grace,
        } => {
            let allowed = yucai::ops::Allowed::parse(&metrics_allow).map_err(|e| anyhow::anyhow!("--metrics-allow: {e}"))?;
            yucai::ops::metrics_handle();
            let cfg = ServerConfig {
                database_url: url,
                site_root: site_root.clone(),
                secure_cookies,
                proxy_hops: if trust_proxy { proxy_hops as usize } else { 0 },
                max_connections: db_connections,
                secret_key_file: key,
            };
            let st = state(&cfg).await?;
            if seed_demo && users::count(&st.db).await? == 0 {
                let hash = st.hasher.hash("demo12345").await?;
                let s = demo::seed(&st.db, &st.secrets, &hash, 300).await?;
                tracing::info!(units = s.units, people = s.people, "demo data created");
            }
            yucai::spawn_housekeeping(st.db.clone());
            yucai::memory::spawn_trim();
            let listener = tokio::net::TcpListener::bind(addr).await?;
            let shown = listener.local_addr()?;
            if let Some(maddr) = metrics_addr {
                let ml = tokio::net::TcpListener::bind(maddr).await?;
                let mr = yucai::ops::metrics_router(st.clone(), allowed);
                tracing::info!(addr = %ml.local_addr()?, "metrics on their own listener");
                tokio::spawn(async move {
                    if let Err(e) = yucai::ops::serve_metrics(mr, ml).await {
                        tracing::error!(error = %e, "metrics listener stopped");
                    }
                });
            }
            let app = router(st, leptos_options(&site_root, shown));
            println!("\n育才 Yucai 已启动: http://{shown}");
            if seed_demo {
                println!("演示账户（密码均为 demo12345）:");
                for (u, role) in demo::DEMO_ACCOUNTS {
                    println!("  {u:<10} {role}");
                }
            }
            println!("按 Ctrl-C 停止。\n");
            serve_until(app, listener, std::time::Duration::from_secs(shutdown_grace)).await?;
            tracing::info!("stopped");
            Ok(ExitCode::SUCCESS)
        }
        Command::Pages => {
            use app::authz::{Access, PAGES};
            let rows: Vec<serde_json::Value> = PAGES
                .iter()
                .map(|(path, access)| {
                    let roles = match access {
                        Access::Roles(r) => serde_json::json!(r.iter().map(|r| r.code()).collect::<Vec<_>>()),
                        Access::Public | Access::LoggedIn => serde_json::Value::Null,
                    };
                    serde_json::json!({ "path": path, "public": *access == Access::Public, "roles": roles })
                })
                .collect();
            println!("{}", serde_json::Value::Array(rows));
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            state(&config(&url, &key)).await?;
            println!("数据库迁移完成");
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { employees, lecture_years, password } => {
            let st = state(&config(&url, &key)).await?;
            let started = std::time::Instant::now();
            let hash = st.hasher.hash(&password).await?;
            let years = lecture_years.unwrap_or(if employees >= demo::PROVINCE_FROM { 5 } else { 1 });
            let s = demo::seed_years(&st.db, &st.secrets, &hash, employees, years).await?;
            println!("演示数据已生成：{} 个部室/单位，{} 人，用时 {:.1} 秒", s.units, s.people, started.elapsed().as_secs_f64());
            for (u, role) in s.accounts {
                println!("  {u:<10} {role}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User { action } => {
            let st = state(&config(&url, &key)).await?;
            let actor = audit::Actor::system("yucai cli");
            match action {
                UserAction::Add { username, name, roles, person } => {
                    // Stored as login reads it: `Wang.HR` signs in as `wang.hr`.
                    let username = app::domain::roster::normalise_username(&username);
                    anyhow::ensure!(app::domain::roster::valid_username(&username), "用户名须为 3–32 位小写字母、数字或 . _ -，以字母开头");
                    let mut grants = Vec::new();
                    for r in roles.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                        let role = Role::from_code(r).ok_or_else(|| anyhow::anyhow!("unknown role {r} (admin, hr, leader, employee)"))?;
                        grants.push(RoleGrant { role, unit_id: None, unit_name: None });
                    }
                    anyhow::ensure!(!grants.is_empty(), "give at least one role");
                    let password = read_password()?;
                    let settings = app::store::settings::load(&st.db).await?;
                    settings.password_policy().check(&username, &password).map_err(|v| anyhow::anyhow!(v.message_zh()))?;
                    anyhow::ensure!(!users::exists(&st.db, &username).await?, "用户名 {username} 已存在");
                    if let Some(p) = person {
                        let status: Option<String> =
                            sqlx::query_scalar("SELECT status FROM people WHERE id = $1").bind(p).fetch_optional(&st.db.pool).await?;
                        anyhow::ensure!(status.as_deref() == Some("在职"), "人员编号 {p} 不存在或不在职");
                        let taken: i64 =
                            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE person_id = $1").bind(p).fetch_one(&st.db.pool).await?;
                        anyhow::ensure!(taken == 0, "人员编号 {p} 已有账户");
                    }
                    let hash = st.hasher.hash(&password).await?;
                    let mut w = st.db.write().await?;
                    let id = users::create(
                        &mut w,
                        users::NewUser {
                            username: &username,
                            display_name: &name,
                            password_hash: &hash,
                            person_id: person,
                            must_change_password: false,
                        },
                        &grants,
                    )
                    .await?;
                    audit::record(
                        &mut w,
                        &actor,
                        audit::NewRecord {
                            entity: "user",
                            entity_id: id.to_string(),
                            action: "create",
                            before: serde_json::Value::Null,
                            after: serde_json::json!({ "username": username, "roles": roles, "person_id": person }),
                        },
                    )
                    .await?;
                    w.commit().await?;
                    println!("已创建账户 {username}（id {id}）");
                }
                UserAction::Disable { username } => {
                    let username = app::domain::roster::normalise_username(&username);
                    let row = users::find_for_login(&st.db, &username).await?.ok_or_else(|| anyhow::anyhow!("没有账户 {username}"))?;
                    let mut w = st.db.write().await?;
                    users::set_disabled(&mut w, row.id, true).await?;
                    let ended = app::store::sessions::end_all_for_user(&mut w, row.id, None).await?;
                    audit::record(
                        &mut w,
                        &actor,
                        audit::NewRecord {
                            entity: "user",
                            entity_id: row.id.to_string(),
                            action: "disable",
                            before: serde_json::json!({ "disabled": row.disabled }),
                            after: serde_json::json!({ "disabled": true, "sessions_ended": ended }),
                        },
                    )
                    .await?;
                    w.commit().await?;
                    println!("已停用账户 {username}，结束会话 {ended} 个");
                }
                UserAction::ResetPassword { username } => {
                    let username = app::domain::roster::normalise_username(&username);
                    let row = users::find_for_login(&st.db, &username).await?.ok_or_else(|| anyhow::anyhow!("没有账户 {username}"))?;
                    let password = read_password()?;
                    let hash = st.hasher.hash(&password).await?;
                    let mut w = st.db.write().await?;
                    users::set_password(&mut w, row.id, &hash, true).await?;
                    let ended = app::store::sessions::end_all_for_user(&mut w, row.id, None).await?;
                    audit::record(
                        &mut w,
                        &actor,
                        audit::NewRecord {
                            entity: "user",
                            entity_id: row.id.to_string(),
                            action: "reset_password",
                            before: serde_json::Value::Null,
                            after: serde_json::json!({ "must_change_password": true, "sessions_ended": ended }),
                        },
                    )
                    .await?;
                    w.commit().await?;
                    println!("已重置 {username} 的密码；下次登录须修改");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file } => {
            let st = state(&config(&url, &key)).await?;
            match st.db.engine {
                Engine::Sqlite => {
                    anyhow::ensure!(!std::path::Path::new(&file).exists(), "{file} 已存在，不覆盖");
                    sqlx::query("VACUUM INTO $1").bind(&file).execute(&st.db.pool).await?;
                }
                Engine::Postgres => {
                    // The password goes by environment, not on the command line.
                    let (url, password) = yucai::split_password(&url);
                    let mut cmd = std::process::Command::new("pg_dump");
                    cmd.args(["--format=custom", "--no-owner", "--file", &file, &url]);
                    if let Some(p) = password {
                        cmd.env("PGPASSWORD", p);
                    }
                    let status = cmd.status().map_err(|e| anyhow::anyhow!("无法运行 pg_dump: {e}"))?;
                    anyhow::ensure!(status.success(), "pg_dump 失败");
                }
            }
            println!("备份已写入 {file}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { action: AuditAction::Rekey } => {
            let st = state(&config(&url, &key)).await?;
            match audit::rekey(&st.db, &audit::Actor::system("yucai cli")).await? {
                Ok(0) => {
                    println!("审计链已全部加密钥，无需处理");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(n) => {
                    println!("已用密钥重新计算审计链：其中 {n} 条记录原为未加密钥的哈希");
                    Ok(ExitCode::SUCCESS)
                }
                Err(why) => {
                    println!("未能重新计算：{why}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Audit { action: AuditAction::Head } => {
            let st = state(&config(&url, &key)).await?;
            println!("{}", audit::head(&st.db).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { action: AuditAction::Verify { head } } => {
            let st = state(&config(&url, &key)).await?;
            let report = match &head {
                Some(h) => audit::verify_against(&st.db, h).await?,
                None => audit::verify(&st.db).await?,
            };
            if report.problems.is_empty() {
                println!("审计链完整：{} 条记录{}", report.records, if head.is_some() { "，与锚定的链尾一致" } else { "" });
                Ok(ExitCode::SUCCESS)
            } else {
                println!("审计链校验失败（{} 条记录）：", report.records);
                for p in &report.problems {
                    println!("  - {p}");
                }
                Ok(ExitCode::from(2))
            }
        }
    }
}
