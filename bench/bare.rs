//! The bare-handler baseline of `bench/run`: a minimal axum server that answers the benchmarked
//! pages' paths with JSON, running exactly the database work those pages run (the same session
//! lookup, the same permission check and the same store and `ssr` functions, with the same
//! arguments as a first visit), without leptos, rendering, the gate's other work or compression.
//! What a page costs beyond this is what the framework and the HTML cost.
//!
//! Built and started by `bench/run` (package `yucai-bench`, server/bench/Cargo.toml: it reuses the
//! server's compiled crates):
//!     cargo build --release -p yucai-bench
//!     DATABASE_URL=… YUCAI_SECRET_KEY_FILE=… $CARGO_TARGET_DIR/release/bare 127.0.0.1:PORT

use app::error::AppError;
use app::security::{self, AppState, Authed, Ctx, RequestInfo};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Datelike, Duration};
use serde_json::{json, Value};

type Answer = Result<Json<Value>, Failure>;

struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        Failure(e.status(), e.to_string())
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Failure {
        Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

fn value<T: serde::Serialize>(v: T) -> Result<Value, Failure> {
    serde_json::to_value(v).map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// The gate's session lookup (the same queries), then the permission table for each endpoint.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Authed, Failure> {
    let token = security::cookie_value(headers, security::SESSION_COOKIE).ok_or(Failure(StatusCode::UNAUTHORIZED, "no session".into()))?;
    security::load_session(state, &token).await?.ok_or(Failure(StatusCode::UNAUTHORIZED, "no session".into()))
}

fn ctx(state: &AppState, auth: &Authed, endpoint: &str) -> Result<Ctx, Failure> {
    let info = RequestInfo { ip: "127.0.0.1".into(), user_agent: String::new() };
    Ok(security::authorize_request(state.clone(), Some(auth.clone()), info, endpoint)?)
}

/// The top bar's notice count (every page).
async fn notices(state: &AppState, auth: &Authed) -> Result<i64, Failure> {
    let c = ctx(state, auth, "my_notice_count")?;
    Ok(match auth.user.person_id {
        Some(p) => app::store::lectures::unread_count(c.db(), p).await?,
        None => 0,
    })
}

/// /roster: the first page of everyone, the 部室 list for the filter.
async fn roster(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    let auth = caller(&state, &headers).await?;
    let c = ctx(&state, &auth, "roster_list")?;
    let query = app::model::RosterQuery { page: 1, ..Default::default() };
    let list = app::store::people::list(c.db(), &c.state.secrets, &c.scope, &query).await?;
    let c = ctx(&state, &auth, "unit_options")?;
    let units = app::store::people::units(c.db()).await?;
    Ok(Json(json!({ "list": value(list)?, "units": value(units)?, "notices": notices(&state, &auth).await? })))
}

/// /roster/{id}: the record and its history.
async fn person(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Answer {
    let auth = caller(&state, &headers).await?;
    let c = ctx(&state, &auth, "person_get")?;
    let record = app::store::people::get(c.db(), &c.scope, id).await?.ok_or(AppError::NotFound)?;
    let c = ctx(&state, &auth, "person_history")?;
    app::store::people::get(c.db(), &c.scope, id).await?.ok_or(AppError::NotFound)?;
    let history = app::api::roster::ssr::history(&c, id).await?;
    Ok(Json(json!({ "record": value(record)?, "history": value(history)?, "notices": notices(&state, &auth).await? })))
}

/// /assessment/person/{id}: this year's 学时 ledger.
async fn hours(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Answer {
    let auth = caller(&state, &headers).await?;
    let view = app::api::training::ssr::person_hours(ctx(&state, &auth, "person_hours")?, id, 0).await?;
    Ok(Json(json!({ "hours": value(view)?, "notices": notices(&state, &auth).await? })))
}

/// /lectures: the form choices and this month's six weeks.
async fn month(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    let auth = caller(&state, &headers).await?;
    let choices = app::api::lectures::ssr::options(ctx(&state, &auth, "lecture_options")?).await?;
    let today = app::domain::time::today_china(chrono::Utc::now());
    let first = today.with_day(1).unwrap_or(today);
    let from = first - Duration::days(first.weekday().num_days_from_monday() as i64);
    let query = app::model::CalendarQuery { from: from.to_string(), days: 42, series_id: None, category_id: None, unit_id: None };
    let sessions = app::api::lectures::ssr::calendar(ctx(&state, &auth, "lecture_calendar")?, query).await?;
    Ok(Json(json!({ "choices": value(choices)?, "sessions": value(sessions)?, "notices": notices(&state, &auth).await? })))
}

/// /lectures/{id}/ratings: a session's rating aggregates.
async fn ratings(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Answer {
    let auth = caller(&state, &headers).await?;
    let view = app::api::assessment::ssr::summary(ctx(&state, &auth, "rating_summary")?, id).await?;
    Ok(Json(json!({ "summary": value(view)?, "notices": notices(&state, &auth).await? })))
}

/// /reserve/pool/{n}: a pool's open candidates (1 正处 … 4 副科).
async fn pool(State(state): State<AppState>, headers: HeaderMap, Path(n): Path<String>) -> Answer {
    let auth = caller(&state, &headers).await?;
    let targets = app::domain::eligibility::TARGETS;
    let target = n.parse::<usize>().ok().and_then(|i| targets.get(i.wrapping_sub(1))).unwrap_or(&targets[3]);
    let view = app::api::reserve::ssr::pool(ctx(&state, &auth, "reserve_pool")?, target.to_string(), false).await?;
    Ok(Json(json!({ "pool": value(view)?, "notices": notices(&state, &auth).await? })))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3001".into());
    let cfg = yucai::ServerConfig {
        database_url: std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:data/yucai.db".into()),
        site_root: String::new(),
        secure_cookies: false,
        proxy_hops: 0,
        max_connections: std::env::var("YUCAI_DB_CONNECTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(10),
        secret_key_file: std::env::var("YUCAI_SECRET_KEY_FILE").unwrap_or_else(|_| "data/secret.key".into()).into(),
    };
    let state = yucai::state(&cfg).await?;
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/roster", get(roster))
        .route("/roster/{id}", get(person))
        .route("/assessment/person/{id}", get(hours))
        .route("/lectures", get(month))
        .route("/lectures/{id}/ratings", get(ratings))
        .route("/reserve/pool/{n}", get(pool))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bare handlers on http://{addr}");
    yucai::serve(router, listener).await
}
