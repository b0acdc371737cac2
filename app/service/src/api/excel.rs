//! The roster workbook: import (a server function taking the uploaded file), and two downloads
//! (the template and the export of a roster view), plain handlers below `/api/` that the gate
//! and the permission table treat like server functions.

use crate::error::AppError;
use crate::model::ImportReport;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// Check an uploaded workbook and, when `commit` is set and every row is valid, write it in one
/// transaction. Form fields: `file`, `commit` ("1"), `upsert` ("1": existing ID numbers update
/// their person; otherwise they are problems).
#[server(prefix = "/api", endpoint = "roster_import", input = MultipartFormData)]
pub async fn roster_import(data: MultipartData) -> Result<ImportReport, AppError> {
    let r = crate::security::run("roster_import", |ctx| ssr::import(ctx, data)).await;
    ssr::finish_upload(&r).await;
    r
}

/// The report of a workbook checked (or imported) from a form, for the page it came from
/// (`?upload=<token>`); only its uploader may read it.
#[server(prefix = "/api", endpoint = "upload_report")]
pub async fn upload_report(token: String, endpoint: String) -> Result<Option<ImportReport>, AppError> {
    crate::security::run("upload_report", |ctx| async move {
        if token.len() > 64 {
            return Ok(None);
        }
        let user = ctx.user()?.id;
        let found = crate::store::uploads::report(ctx.db(), &token, user, crate::store::now_ms()).await?;
        Ok(found.filter(|(e, _)| *e == endpoint).and_then(|(_, r)| serde_json::from_str(&r).ok()))
    })
    .await
}

#[cfg(feature = "ssr")]
pub use ssr::routes as download_routes;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::domain::import::{parse_sheet, plan, Problem};
    use crate::excel::{self, LIMITS};
    use crate::model::{ImportPreviewRow, RosterQuery};
    use crate::security::{AppState, AuthState, Ctx, RequestInfo};
    use crate::store::audit::{self, NewRecord};
    use crate::store::people;
    use axum::extract::{Extension, Query, State};
    use axum::response::{IntoResponse, Response};
    use http::{header, HeaderValue, Method};
    use serde_json::{json, Value};

    /// The people of a sheet that may be written: on the roster under the name given, and within
    /// the importer's scope. Everyone else is a problem. The one check every import keyed by
    /// 人员编号 makes.
    pub(crate) async fn check_people<'a>(
        ctx: &Ctx,
        rows: impl IntoIterator<Item = (u32, i64, &'a str)>,
        problems: &mut Vec<Problem>,
    ) -> Result<std::collections::HashMap<i64, crate::model::PersonOption>, AppError> {
        use std::collections::HashMap;
        let rows: Vec<(u32, i64, &str)> = rows.into_iter().collect();
        let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let mut known = HashMap::new();
        for chunk in ids.chunks(500) {
            for p in crate::store::lectures::people_named(ctx.db(), chunk).await? {
                known.insert(p.id, p);
            }
        }
        let in_scope = crate::store::people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?;
        let mut ok = HashMap::new();
        for (row, person_id, name) in rows {
            let problem = |column: &str, message: String| Problem { row, column: column.into(), message };
            match known.get(&person_id) {
                None => problems.push(problem("人员编号", format!("花名册中没有人员编号 {person_id}"))),
                Some(p) if !name.is_empty() && name != p.name => {
                    problems.push(problem("姓名", format!("人员编号 {person_id} 是“{}”，不是“{name}”", p.name)))
                }
                Some(_) if !in_scope.contains(&person_id) => {
                    problems.push(problem("人员编号", format!("人员编号 {person_id} 不在您管理的范围内")))
                }
                Some(p) => {
                    ok.insert(p.id, p.clone());
                }
            }
        }
        Ok(ok)
    }

    /// An uploaded workbook and the form fields that came with it. The one reader of uploads:
    /// every .xlsx import goes through [`read_upload`].
    pub(crate) struct Upload {
        pub name: String,
        pub bytes: Vec<u8>,
        pub commit: bool,
        pub upsert: bool,
        /// Other short fields the caller asked for.
        pub fields: Vec<(String, String)>,
    }

    impl Upload {
        pub fn field(&self, name: &str) -> &str {
            self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
        }
    }

    /// What a form's upload left for [`finish_upload`]: a new workbook to keep until it is
    /// confirmed, or the kept one it confirmed.
    #[derive(Clone)]
    enum Pending {
        Fresh { name: String, bytes: Vec<u8>, fields: Vec<(String, String)>, upsert: bool },
        Confirmed(String),
    }

    #[derive(Clone)]
    struct PendingSlot(std::sync::Arc<std::sync::Mutex<Option<Pending>>>);

    fn remember(p: Pending) {
        let slot = PendingSlot(std::sync::Arc::new(std::sync::Mutex::new(Some(p))));
        leptos::prelude::provide_context(slot);
    }

    /// A form checked or imported a workbook: keep a new one (with its report) under a random
    /// token, or mark a confirmed one imported, and send the browser back to its page with
    /// `?upload=<token>`, where the report is shown and the import confirmed
    /// (`components::import::SheetImport`; `import=<endpoint>` says which, when a page has several). Works the same with or without the browser's code, so
    /// no import needs a second upload. Clients that want the report as data get it as before.
    pub async fn finish_upload(r: &Result<ImportReport, AppError>) {
        use leptos::prelude::use_context;
        if !crate::security::form_post() {
            return;
        }
        let (Ok(report), Some(slot), Some(state)) = (r, use_context::<PendingSlot>(), use_context::<AppState>()) else { return };
        let Some(pending) = slot.0.lock().ok().and_then(|mut p| p.take()) else { return };
        let Some(user) = crate::security::request_viewer().user else { return };
        let endpoint = crate::security::current_endpoint().unwrap_or_default();
        let report_json = serde_json::to_string(report).unwrap_or_default();
        let token = match pending {
            Pending::Fresh { name, bytes, fields, upsert } => {
                let token = crate::security::new_token();
                // A file with problems is not kept: only its report, until it is checked again.
                let keep: &[u8] = if report.problems.is_empty() { &bytes } else { &[] };
                let staged = crate::store::uploads::NewStaged {
                    token: &token,
                    user_id: user.id,
                    endpoint: &endpoint,
                    file_name: &name,
                    fields: &fields,
                    upsert,
                    bytes: keep,
                    report: &report_json,
                };
                let written = async {
                    let mut w = state.db.write().await?;
                    crate::store::uploads::stage(&mut w, &staged, crate::store::now_ms()).await?;
                    w.commit().await
                }
                .await;
                if let Err(e) = written {
                    tracing::error!(error = %e, "could not keep a checked workbook");
                    return;
                }
                token
            }
            Pending::Confirmed(token) => {
                if report.committed {
                    if let Err(e) = crate::store::uploads::imported(&state.db, &token, &report_json).await {
                        tracing::error!(error = %e, "could not mark a workbook imported");
                    }
                }
                token
            }
        };
        let referer = use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string))
            .unwrap_or_default();
        let back = crate::url::set_param(&crate::url::set_param(&crate::url::local_path(&referer), "import", &endpoint), "upload", &token);
        leptos_axum::redirect(&crate::url::header_safe(&back));
    }

    /// Read a multipart upload within the size limits: `file`, `commit`, `upsert`, and the short
    /// fields named in `keep` (at most 100 bytes each); anything else is read and dropped. A form
    /// confirming a workbook checked before sends `upload` (its token) instead of the file.
    pub(crate) async fn read_upload(data: MultipartData, keep: &[&str]) -> Result<Upload, AppError> {
        let broken = || AppError::Refused("上传未完成，请重新选择文件再试".into());
        let mut mp = data.into_inner().ok_or_else(broken)?;
        let mut up = Upload { name: String::new(), bytes: Vec::new(), commit: false, upsert: false, fields: Vec::new() };
        let mut token = String::new();
        // The whole form, not only each field: no request streams on without end.
        let mut total: usize = 0;
        let too_big = || AppError::Refused(format!("文件超过上限 {} MB", LIMITS.max_file_bytes / 1048576));
        while let Some(mut field) = mp.next_field().await.map_err(|_| broken())? {
            let name = field.name().unwrap_or("").to_string();
            if name == "file" {
                up.name = field.file_name().unwrap_or("").chars().take(100).collect();
            }
            let mut buf = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
                total += chunk.len();
                // Stop reading at the limit: the rest of an oversized upload is never held.
                if total > LIMITS.max_file_bytes + 64 * 1024 {
                    return Err(too_big());
                }
                // Only the fields the import reads are kept.
                if matches!(name.as_str(), "file" | "commit" | "upsert")
                    || (name == "upload" && buf.len() + chunk.len() <= 64)
                    || (keep.contains(&name.as_str()) && buf.len() + chunk.len() <= 100)
                {
                    buf.extend_from_slice(&chunk);
                }
                if buf.len() > LIMITS.max_file_bytes {
                    return Err(too_big());
                }
            }
            match name.as_str() {
                "file" => up.bytes = buf,
                "commit" => up.commit = buf == b"1",
                "upsert" => up.upsert = buf == b"1",
                "upload" => token = String::from_utf8_lossy(&buf).into_owned(),
                other if keep.contains(&other) => up.fields.push((other.to_string(), String::from_utf8_lossy(&buf).into_owned())),
                _ => {}
            }
        }
        if up.bytes.is_empty() && !token.is_empty() {
            return confirmed(up.commit, token).await;
        }
        if up.bytes.is_empty() {
            return Err(AppError::field("file", "请选择要导入的 .xlsx 文件"));
        }
        if crate::security::form_post() && !up.commit {
            remember(Pending::Fresh { name: up.name.clone(), bytes: up.bytes.clone(), fields: up.fields.clone(), upsert: up.upsert });
        }
        Ok(up)
    }

    /// The workbook a form checked before, for its confirmation: only its uploader's, only for the
    /// import it was checked for, only once.
    async fn confirmed(commit: bool, token: String) -> Result<Upload, AppError> {
        use leptos::prelude::use_context;
        let gone = || AppError::Refused("检查过的文件已失效（超过一小时或已导入），请重新选择文件检查".into());
        let state = use_context::<AppState>().ok_or(AppError::Internal)?;
        let user = crate::security::request_viewer().user.ok_or(AppError::Unauthorized)?;
        let endpoint = crate::security::current_endpoint().unwrap_or_default();
        let staged = crate::store::uploads::get(&state.db, &token, user.id, &endpoint, crate::store::now_ms()).await?.ok_or_else(gone)?;
        if staged.bytes.is_empty() {
            return Err(gone());
        }
        remember(Pending::Confirmed(token));
        Ok(Upload { name: staged.file_name, bytes: staged.bytes, commit, upsert: staged.upsert, fields: staged.fields })
    }

    fn file_problem(message: String) -> ImportReport {
        ImportReport { problems: vec![Problem { row: 0, column: String::new(), message }], ..Default::default() }
    }

    pub async fn import(ctx: Ctx, data: MultipartData) -> Result<ImportReport, AppError> {
        let up = read_upload(data, &[]).await?;
        let today = crate::domain::time::today_china(chrono::Utc::now());
        let units = people::unit_refs(ctx.db(), &ctx.scope).await?;
        // Full names (the same in any scope) for the preview.
        let unit_names: std::collections::HashMap<i64, String> = units.iter().map(|u| (u.id, u.full_name.clone())).collect();
        let bytes = up.bytes;
        // Unzipping and checking thousands of rows is CPU work: off the async threads.
        let checked = tokio::task::spawn_blocking(move || {
            let grid = excel::read_upload(&bytes, &LIMITS)?;
            Ok::<_, String>(parse_sheet(&grid, &units, today))
        })
        .await
        .map_err(|_| AppError::Internal)?;
        let (rows, mut problems) = match checked {
            Ok(r) => r,
            Err(message) => return Ok(ImportReport { file_name: up.name, ..file_problem(message) }),
        };
        let total = rows.len() + problems.iter().map(|p| p.row).filter(|r| *r > 1).collect::<std::collections::HashSet<_>>().len();
        let ids: Vec<&crate::domain::id_number::IdNumber> = rows.iter().map(|r| &r.id).collect();
        let existing = people::existing_by_id_numbers(ctx.db(), &ctx.state.secrets, &ctx.scope, &ids).await?;
        let existing_ids: Vec<i64> = if up.upsert { existing.values().map(|e| e.person_id).collect() } else { Vec::new() };
        let before = people::fields_by_ids(ctx.db(), &existing_ids).await?;
        let (planned, more) = plan(rows, &existing, &before, up.upsert, today);
        problems.extend(more);
        problems.sort_by_key(|p| p.row);
        let mut report = ImportReport {
            file_name: up.name.clone(),
            rows: total.max(planned.len()),
            creates: planned.iter().filter(|p| p.update.is_none()).count(),
            updates: planned.iter().filter(|p| p.update.is_some()).count(),
            preview: planned
                .iter()
                .take(20)
                .map(|p| ImportPreviewRow {
                    row: p.row.row,
                    name: p.row.fields.name.clone(),
                    unit: unit_names.get(&p.row.fields.unit_id).cloned().unwrap_or_default(),
                    id_masked: p.row.id.masked(),
                    level: p.row.fields.level.clone(),
                    updates: p.update,
                })
                .collect(),
            problems,
            committed: false,
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }

        // Everything valid: one transaction, with a history record per person.
        let actor = ctx.actor();
        let secrets = &ctx.state.secrets;
        let mut w = ctx.db().write().await?;
        let mut records: Vec<NewRecord> = Vec::with_capacity(planned.len() + 1);
        let creates: Vec<(crate::domain::roster::PersonFields, crate::domain::id_number::IdNumber)> =
            planned.iter().filter(|p| p.update.is_none()).map(|p| (p.row.fields.clone(), p.row.id.clone())).collect();
        // Imported posts start the appointment history (首聘), so history and roster agree.
        let mut history: Vec<crate::store::posts::HistoryOnly> = Vec::new();
        let today = crate::domain::time::today_china(chrono::Utc::now()).to_string();
        for chunk in creates.chunks(1000) {
            let ids = people::insert_batch(&mut w, secrets, chunk).await?;
            for (pid, (fields, id)) in ids.into_iter().zip(chunk) {
                if !fields.position.trim().is_empty() {
                    history.push(crate::store::posts::HistoryOnly {
                        person_id: pid,
                        kind: "首聘".into(),
                        effective_date: crate::api::roster::ssr::first_date(&[
                            &fields.position_date,
                            &fields.join_unit_date,
                            &fields.work_start,
                        ])
                        .unwrap_or_else(|| today.clone()),
                        notes: "花名册导入".into(),
                        unit_id: fields.unit_id,
                        position: fields.position.clone(),
                        level: fields.level.clone(),
                        ..Default::default()
                    });
                }
                let mut after = serde_json::to_value(fields).unwrap_or_default();
                if let Some(o) = after.as_object_mut() {
                    o.insert("id_masked".into(), json!(id.masked()));
                }
                records.push(NewRecord {
                    entity: "person",
                    entity_id: pid.to_string(),
                    action: "import_create",
                    before: Value::Null,
                    after,
                });
            }
        }
        let mut unchanged = 0;
        let updated: Vec<i64> = planned.iter().filter_map(|p| p.update).collect();
        let had_history = crate::store::posts::with_history(&mut w, &updated).await?;
        for p in planned.iter().filter(|p| p.update.is_some()) {
            let pid = p.update.unwrap_or_default();
            let Some(old) = before.get(&pid) else { continue };
            let (b, a) = crate::api::roster::ssr::diff(old, &p.row.fields);
            if a.is_empty() {
                unchanged += 1;
                continue;
            }
            people::update(&mut w, secrets, pid, &p.row.fields, None).await?;
            let new = &p.row.fields;
            if crate::api::roster::ssr::appointment_changed(old, new) {
                if old.position != new.position || old.unit_id != new.unit_id {
                    crate::store::posts::release_main_post(&mut w, pid).await?;
                }
                use crate::domain::roster::level_rank;
                history.push(crate::store::posts::HistoryOnly {
                    person_id: pid,
                    kind: crate::domain::posts::kind_for_import(
                        had_history.contains(&pid),
                        level_rank(&old.level),
                        level_rank(&new.level),
                        old.unit_id != new.unit_id,
                    )
                    .into(),
                    effective_date: crate::api::roster::ssr::first_date(&[&new.position_date]).unwrap_or_else(|| today.clone()),
                    notes: "花名册导入".into(),
                    unit_id: new.unit_id,
                    position: new.position.clone(),
                    level: new.level.clone(),
                    prev_unit_id: Some(old.unit_id),
                    prev_position: old.position.clone(),
                    prev_level: old.level.clone(),
                    ..Default::default()
                });
            }
            crate::api::roster::ssr::disable_leaver(&mut w, &actor, pid, &old.status, &p.row.fields.status).await?;
            records.push(NewRecord {
                entity: "person",
                entity_id: pid.to_string(),
                action: "import_update",
                before: Value::Object(b),
                after: Value::Object(a),
            });
        }
        crate::store::posts::record_history(&mut w, &history, &actor.name).await?;
        records.push(NewRecord {
            entity: "roster",
            entity_id: String::new(),
            action: "import",
            before: Value::Null,
            after: json!({ "file": crate::domain::id_number::scrub(&up.name), "created": report.creates, "updated": report.updates - unchanged, "unchanged": unchanged }),
        });
        audit::record_many(&mut w, &actor, records).await?;
        w.commit().await?;
        tracing::info!(created = report.creates, updated = report.updates, "roster import");
        report.committed = true;
        Ok(report)
    }

    /// A refused download: the status and the message as plain text.
    pub(crate) fn refusal(e: AppError) -> Response {
        (e.status(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], e.to_string()).into_response()
    }

    pub(crate) fn workbook(bytes: Vec<u8>, name: &str) -> Response {
        let mut res = bytes.into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        let disposition = format!("attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{}", crate::url::encode_query(name));
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }

    fn today_label() -> String {
        crate::domain::time::today_china(chrono::Utc::now()).format("%Y%m%d").to_string()
    }

    /// `GET /api/roster_template`: the import template, listing the 部室 the user may import into.
    pub async fn template(
        State(state): State<AppState>,
        Extension(auth): Extension<AuthState>,
        Extension(info): Extension<RequestInfo>,
    ) -> Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "roster_template") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let units: Vec<String> = match people::unit_refs(ctx.db(), &ctx.scope).await {
            Ok(u) => u.into_iter().filter(|u| u.allowed).map(|u| u.full_name).collect(),
            Err(e) => return refusal(e.into()),
        };
        match tokio::task::spawn_blocking(move || excel::template(&units)).await {
            Ok(Ok(bytes)) => workbook(bytes, "花名册导入模板.xlsx"),
            Ok(Err(e)) => refusal(e.into()),
            Err(_) => refusal(AppError::Internal),
        }
    }

    /// `GET /api/roster_export?<roster filters>`: the view as a workbook, ID numbers masked.
    /// `POST` with `full_id=1` (HR, who may reveal ID numbers): in full. Every export is audited.
    pub async fn export(
        State(state): State<AppState>,
        Extension(auth): Extension<AuthState>,
        Extension(info): Extension<RequestInfo>,
        method: Method,
        Query(params): Query<Vec<(String, String)>>,
        body: axum::body::Bytes,
    ) -> Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "roster_export") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let full_id = method == Method::POST && body.split(|b| *b == b'&').any(|kv| kv == b"full_id=1");
        // Full numbers: only where the caller may reveal them (the HR scope), whatever wider
        // scope another role gives them for the masked view.
        let scope = if full_id {
            let grants = ctx.auth.as_ref().map(|a| a.user.grants.clone()).unwrap_or_default();
            match crate::authz::server_fn_access("person_reveal_id").and_then(|a| crate::authz::scope_for(a, &grants)) {
                Some(s) => s,
                None => return refusal(AppError::Forbidden),
            }
        } else {
            ctx.scope.clone()
        };
        let mut q = RosterQuery::from_lookup(|k| params.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone()));
        q.page = 1;
        // The database is read on this task while a blocking thread writes the workbook.
        let started = std::time::Instant::now();
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(8);
        let writer = tokio::task::spawn_blocking(move || excel::export(std::iter::from_fn(move || rx.blocking_recv()).flatten(), "花名册"));
        let count = match people::export_rows(ctx.db(), &ctx.state.secrets, &scope, &q, full_id, tx).await {
            Ok(n) => n,
            Err(e) => return refusal(e.into()),
        };
        let fetched_ms = started.elapsed().as_millis();
        let bytes = match writer.await {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(e)) => return refusal(e.into()),
            Err(_) => return refusal(AppError::Internal),
        };
        tracing::info!(
            rows = count,
            fetched_ms,
            total_ms = started.elapsed().as_millis() as u64,
            bytes = bytes.len(),
            full_id,
            "roster export"
        );
        let audited = async {
            let mut w = ctx.db().write().await?;
            audit::record(&mut w, &ctx.actor(), NewRecord {
                entity: "roster",
                entity_id: String::new(),
                action: if full_id { "export_full_id" } else { "export" },
                before: Value::Null,
                // Search text as typed may be an ID number: masked like one.
                after: json!({ "rows": count, "filters": q.to_pairs().into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k, crate::domain::id_number::scrub(&v))).collect::<Vec<_>>() }),
            })
            .await?;
            w.commit().await
        };
        if let Err(e) = audited.await {
            return refusal(e.into());
        }
        workbook(bytes, &format!("花名册-{}.xlsx", today_label()))
    }

    pub fn routes(state: AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new()
            .route("/api/roster_template", get(template).fallback(crate::security::gate::wrong_method))
            .route("/api/roster_export", get(export).post(export))
            .with_state(state)
    }
}
