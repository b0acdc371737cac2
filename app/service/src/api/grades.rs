//! 年度考核: HR records each person's grade for a year, by hand or from .xlsx, in the words of
//! their 编制 (公务员 优秀/称职/基本称职/不称职; 事业单位 优秀/合格/基本合格/不合格); people still
//! in 试用期 are recorded 不定等次; 优秀 beyond the 部室's cap (20 %, 25 % once approved) is
//! refused with the numbers.

use crate::error::AppError;
use crate::model::{ExcellentRulesInput, GradeBoard, ImportReport};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// A year's grades (0: last year) of one 部室 (0: the first in the caller's scope), with every
/// 部室's counts against its cap.
#[server(prefix = "/api", endpoint = "grades_view")]
pub async fn grades_view(year: i32, dept_id: i64) -> Result<GradeBoard, AppError> {
    crate::security::run("grades_view", |ctx| ssr::view(ctx, year, dept_id)).await
}

/// Record, change or (empty grade) remove a person's grade for a year.
#[server(prefix = "/api", endpoint = "grade_save")]
pub async fn grade_save(person_id: i64, year: i32, grade: String, comment: String) -> Result<(), AppError> {
    crate::security::run("grade_save", |ctx| ssr::save(ctx, person_id, year, grade, comment)).await
}

/// Record (with the approval's number or note) or withdraw a 部室's approval of the higher 优秀 share.
#[server(prefix = "/api", endpoint = "grade_approval_save")]
pub async fn grade_approval_save(dept_id: i64, year: i32, approved: bool, note: String) -> Result<(), AppError> {
    crate::security::run("grade_approval_save", |ctx| ssr::save_approval(ctx, dept_id, year, approved, note)).await
}

/// The 优秀 shares (`rules[share_percent]`, `rules[approved_share_percent]`, as typed).
#[server(prefix = "/api", endpoint = "excellent_rules_save")]
pub async fn excellent_rules_save(rules: ExcellentRulesInput) -> Result<(), AppError> {
    crate::security::run("excellent_rules_save", |ctx| ssr::save_rules(ctx, rules.rules())).await
}

/// Import a year's grades from .xlsx (columns 人员编号, 姓名, 考核等次; form field `year`).
#[server(prefix = "/api", endpoint = "grade_import", input = MultipartFormData)]
pub async fn grade_import(data: MultipartData) -> Result<ImportReport, AppError> {
    let r = crate::security::run("grade_import", |ctx| ssr::import(ctx, data)).await;
    crate::api::excel::ssr::finish_upload(&r).await;
    r
}

#[cfg(feature = "ssr")]
pub use ssr::routes as grade_routes;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::authz::Role;
    use crate::domain::assessment::{
        check_excellent, check_gradable, excellent_cap, grade_set_for, validate_grade, ExcellentRules, NOT_GRADED,
    };
    use crate::domain::import::{parse_person_sheet, Problem, MAX_ROWS};
    use crate::domain::time::today_china;
    use crate::model::{GradeDept, GradeRow, ImportPreviewRow};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::grades::{self as store, Participant};
    use crate::store::{now_ms, people, settings, WriteTx};
    use chrono::{Datelike, NaiveDate};
    use serde_json::{json, Value};
    use std::collections::{HashMap, HashSet};

    const EXCELLENT_RULES: &str = "excellent_rules";

    async fn rules(ctx: &Ctx) -> Result<ExcellentRules, AppError> {
        Ok(settings::json_or_default(ctx.db(), EXCELLENT_RULES).await?)
    }

    /// 0 is last year (grades are given after the year ends); otherwise 2000 to this year.
    fn year_or_last(year: i32) -> Result<i32, AppError> {
        let now = today_china(chrono::Utc::now()).year();
        match year {
            0 => Ok(now - 1),
            y if (2000..=now).contains(&y) => Ok(y),
            _ => Err(AppError::field("year", format!("考核年度应在 2000 到 {now} 之间"))),
        }
    }

    /// The grades offered to a participant, or why none is: the 编制 decides the words; someone
    /// still in 试用期 on 31 December is not graded.
    fn choices(p: &Participant, year: i32) -> Result<Vec<String>, String> {
        let set = grade_set_for(&p.establishment)
            .ok_or_else(|| format!("{} 的编制类别“{}”无法确定考核等次，请先在花名册中补全", p.name, p.establishment))?;
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        let last = p.probation_ends.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if check_gradable(last, dec31).is_err() {
            return Ok(vec![NOT_GRADED.to_string()]);
        }
        Ok(set.grades().iter().map(|g| g.to_string()).chain(std::iter::once(NOT_GRADED.to_string())).collect())
    }

    /// A grade for a participant, checked: the right words for their 编制, 不定等次 only (and
    /// always) while in 试用期.
    fn check_grade(p: &Participant, year: i32, grade: &str) -> Result<(), String> {
        let g = grade.trim();
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        let last = p.probation_ends.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Err(m) = check_gradable(last, dec31) {
            return if g == NOT_GRADED { Ok(()) } else { Err(m) };
        }
        if g == NOT_GRADED {
            return Ok(());
        }
        let set =
            grade_set_for(&p.establishment).ok_or_else(|| format!("编制类别“{}”无法确定考核等次，请先在花名册中补全", p.establishment))?;
        validate_grade(set, g)
    }

    /// Apply `changes` (person → new grade, `None` to remove) to a 部室's grades of the year and
    /// check the 优秀 cap, inside the write transaction. Those assessed: everyone active in the
    /// 部室 and everyone graded in it. A change that does not add 优秀 always passes.
    async fn check_cap(
        w: &mut WriteTx,
        year: i32,
        dept_id: i64,
        changes: &[(i64, Option<String>)],
        rules: &ExcellentRules,
    ) -> Result<(), String> {
        let mut grades = store::dept_grades(w, year, dept_id).await.map_err(|_| "数据库繁忙，请稍后再试".to_string())?;
        let before = grades.values().filter(|g| *g == "优秀").count() as u32;
        for (p, g) in changes {
            match g {
                Some(g) => grades.insert(*p, g.clone()),
                None => grades.remove(p),
            };
        }
        let after = grades.values().filter(|g| *g == "优秀").count() as u32;
        if after <= before {
            return Ok(());
        }
        let mut assessed: HashSet<i64> =
            store::dept_active(w, dept_id).await.map_err(|_| "数据库繁忙，请稍后再试".to_string())?.into_iter().collect();
        assessed.extend(grades.keys().copied());
        let approved = store::approved(w, year, dept_id).await.map_err(|_| "数据库繁忙，请稍后再试".to_string())?;
        check_excellent(assessed.len() as u32, after, approved, rules)
    }

    pub async fn view(ctx: Ctx, year: i32, dept_id: i64) -> Result<GradeBoard, AppError> {
        let year = year_or_last(year)?;
        let rules = rules(&ctx).await?;
        let all = store::participants(ctx.db(), &ctx.scope, year, None).await?;
        let grades = store::grades_in(ctx.db(), &ctx.scope, year).await?;
        let approvals = store::approvals(ctx.db(), year).await?;
        let names = people::unit_names(ctx.db()).await?;
        let mut depts: Vec<GradeDept> = Vec::new();
        for p in &all {
            // A grade counts in the 部室 it was given in.
            let d = grades.get(&p.id).map(|g| g.2).unwrap_or(p.dept_id);
            let i = match depts.iter().position(|x| x.dept_id == d) {
                Some(i) => i,
                None => {
                    depts.push(GradeDept {
                        dept_id: d,
                        name: names.get(&d).cloned().unwrap_or_default(),
                        assessed: 0,
                        graded: 0,
                        excellent: 0,
                        cap: 0,
                        approved: approvals.contains_key(&d),
                        approval_note: approvals.get(&d).cloned().unwrap_or_default(),
                    });
                    depts.len() - 1
                }
            };
            let x = &mut depts[i];
            x.assessed += 1;
            if let Some((g, _, _)) = grades.get(&p.id) {
                x.graded += 1;
                if g == "优秀" {
                    x.excellent += 1;
                }
            }
        }
        for d in &mut depts {
            d.cap = excellent_cap(d.assessed, d.approved, &rules);
        }
        let dept_id = if dept_id == 0 { depts.first().map(|d| d.dept_id).unwrap_or(0) } else { dept_id };
        let rows = all
            .iter()
            .filter(|p| grades.get(&p.id).map(|g| g.2).unwrap_or(p.dept_id) == dept_id)
            .map(|p| {
                let (grade, comment) = grades.get(&p.id).map(|g| (g.0.clone(), g.1.clone())).unwrap_or_default();
                let (choices, problem) = match choices(p, year) {
                    Ok(c) => (c, String::new()),
                    Err(m) => (Vec::new(), m),
                };
                GradeRow {
                    person_id: p.id,
                    name: p.name.clone(),
                    unit_name: p.unit_name.clone(),
                    establishment: p.establishment.clone(),
                    status: p.status.clone(),
                    probation_ends: p.probation_ends.clone().unwrap_or_default(),
                    grade,
                    comment,
                    choices,
                    problem,
                }
            })
            .collect();
        Ok(GradeBoard { year, rules, depts, dept_id, rows, may_edit: ctx.user()?.has_role(Role::Hr) })
    }

    fn invalid(field: &str, m: String) -> AppError {
        AppError::field(field, m)
    }

    pub async fn save(ctx: Ctx, person_id: i64, year: i32, grade: String, comment: String) -> Result<(), AppError> {
        let year = year_or_last(year)?;
        let comment = comment.trim().to_string();
        if comment.chars().count() > 500 {
            return Err(invalid("comment", "评语不能超过 500 个字".into()));
        }
        let p = store::participants(ctx.db(), &ctx.scope, year, Some(&[person_id])).await?.pop().ok_or(AppError::NotFound)?;
        let grade = grade.trim().to_string();
        if !grade.is_empty() {
            check_grade(&p, year, &grade).map_err(|m| invalid("grade", m))?;
        }
        let rules = rules(&ctx).await?;
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let dept = store::dept_grades_of(&mut w, year, person_id).await?.unwrap_or(p.dept_id);
        let change = (!grade.is_empty()).then(|| grade.clone());
        check_cap(&mut w, year, dept, &[(person_id, change)], &rules).await.map_err(|m| invalid("grade", m))?;
        let before = store::set_grade(
            &mut w,
            person_id,
            year,
            (!grade.is_empty()).then_some((grade.as_str(), comment.as_str(), dept)),
            &actor.name,
            now_ms(),
        )
        .await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "annual_grade",
                entity_id: format!("{person_id}/{year}"),
                action: if grade.is_empty() { "remove" } else { "set" },
                before: json!({ "grade": before }),
                after: json!({ "grade": grade, "comment": comment }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn save_approval(ctx: Ctx, dept_id: i64, year: i32, approved: bool, note: String) -> Result<(), AppError> {
        let year = year_or_last(year)?;
        let note = note.trim().to_string();
        if approved && (note.is_empty() || note.chars().count() > 100) {
            return Err(invalid("note", "请填写批准文号或说明（不超过 100 个字）".into()));
        }
        if !people::unit_exists(ctx.db(), dept_id).await? {
            return Err(AppError::NotFound);
        }
        let rules = rules(&ctx).await?;
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        if !approved {
            // Withdrawing the approval must not leave more 优秀 than the plain share allows.
            let grades = store::dept_grades(&mut w, year, dept_id).await?;
            let mut assessed: HashSet<i64> = store::dept_active(&mut w, dept_id).await?.into_iter().collect();
            assessed.extend(grades.keys().copied());
            let excellent = grades.values().filter(|g| *g == "优秀").count() as u32;
            check_excellent(assessed.len() as u32, excellent, false, &rules)
                .map_err(|m| AppError::Refused(format!("不能撤销批准：{m}")))?;
        }
        store::set_approval(&mut w, year, dept_id, approved.then_some(note.as_str()), &actor.name, now_ms()).await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "excellent_approval",
                entity_id: format!("{dept_id}/{year}"),
                action: if approved { "approve" } else { "withdraw" },
                before: Value::Null,
                after: json!({ "note": note }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn save_rules(ctx: Ctx, r: ExcellentRules) -> Result<(), AppError> {
        let errs = r.check();
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let before = rules(&ctx).await?;
        let mut w = ctx.db().write().await?;
        settings::save_json(&mut w, EXCELLENT_RULES, &r).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "settings", entity_id: EXCELLENT_RULES.into(), action: "update", before: json!(before), after: json!(r) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn import(ctx: Ctx, data: MultipartData) -> Result<ImportReport, AppError> {
        let up = crate::api::excel::ssr::read_upload(data, &["year"]).await?;
        let year = year_or_last(up.field("year").trim().parse().map_err(|_| AppError::field("year", "请选择考核年度"))?)?;
        let bytes = up.bytes;
        let read = tokio::task::spawn_blocking(move || {
            crate::excel::read_upload(&bytes, &crate::excel::LIMITS)
                .map(|grid| parse_person_sheet(&grid, &["考核等次"], "可先导出考核名单再填写", MAX_ROWS))
        })
        .await
        .map_err(|_| AppError::Internal)?;
        let (sheet, mut problems) = match read {
            Ok(r) => r,
            Err(message) => {
                return Ok(ImportReport {
                    file_name: up.name,
                    problems: vec![Problem { row: 0, column: String::new(), message }],
                    ..Default::default()
                })
            }
        };
        let known =
            crate::api::excel::ssr::check_people(&ctx, sheet.rows.iter().map(|r| (r.row, r.person_id, r.name.as_str())), &mut problems)
                .await?;
        let ids: Vec<i64> = known.keys().copied().collect();
        let parts: HashMap<i64, Participant> =
            store::participants(ctx.db(), &ctx.scope, year, Some(&ids)).await?.into_iter().map(|p| (p.id, p)).collect();
        let mut set: Vec<(&crate::domain::import::PersonSheetRow, String)> = Vec::new();
        for r in &sheet.rows {
            let g = r.cells[0].trim();
            let Some(p) = parts.get(&r.person_id) else { continue };
            if g.is_empty() {
                continue;
            }
            match check_grade(p, year, g) {
                Ok(()) => set.push((r, g.to_string())),
                Err(m) => problems.push(Problem { row: r.row, column: sheet.labels[0].clone(), message: m }),
            }
        }
        let rules = rules(&ctx).await?;
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        // The cap, per 部室, with every row of the file applied.
        let mut by_dept: HashMap<i64, Vec<(i64, Option<String>)>> = HashMap::new();
        let mut dept_of: HashMap<i64, i64> = HashMap::new();
        for (r, g) in &set {
            let d = store::dept_grades_of(&mut w, year, r.person_id).await?.unwrap_or(parts[&r.person_id].dept_id);
            dept_of.insert(r.person_id, d);
            by_dept.entry(d).or_default().push((r.person_id, Some(g.clone())));
        }
        for (d, changes) in &by_dept {
            if let Err(m) = check_cap(&mut w, year, *d, changes, &rules).await {
                // Blame the 优秀 rows of that 部室.
                for (r, g) in set.iter().filter(|(r, g)| dept_of.get(&r.person_id) == Some(d) && g == "优秀") {
                    let _ = g;
                    problems.push(Problem { row: r.row, column: sheet.labels[0].clone(), message: m.clone() });
                }
            }
        }
        problems.sort_by_key(|p| p.row);
        let mut report = ImportReport {
            file_name: up.name,
            rows: sheet.rows.len(),
            creates: set.len(),
            preview: set
                .iter()
                .take(20)
                .map(|(r, g)| ImportPreviewRow {
                    row: r.row,
                    name: known.get(&r.person_id).map(|p| p.name.clone()).unwrap_or_default(),
                    unit: known.get(&r.person_id).map(|p| p.unit_name.clone()).unwrap_or_default(),
                    id_masked: String::new(),
                    level: g.clone(),
                    updates: Some(r.person_id),
                })
                .collect(),
            problems,
            ..Default::default()
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }
        let now = now_ms();
        let (mut created, mut updated) = (0, 0);
        for (r, g) in &set {
            let comment = store::comment_of(&mut w, r.person_id, year).await?.unwrap_or_default();
            match store::set_grade(&mut w, r.person_id, year, Some((g, &comment, dept_of[&r.person_id])), &actor.name, now).await? {
                Some(_) => updated += 1,
                None => created += 1,
            }
        }
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "annual_grade",
                entity_id: year.to_string(),
                action: "import",
                before: Value::Null,
                after: json!({ "file": report.file_name, "grades": set.iter().map(|(r, g)| json!([r.person_id, g])).collect::<Vec<_>>() }),
            },
        )
        .await?;
        w.commit().await?;
        report.creates = created;
        report.updates = updated;
        report.committed = true;
        Ok(report)
    }

    use crate::api::excel::ssr::refusal;

    /// `GET /api/grade_sheet?year=…&dept_id=…`: a 部室's people and their grades, to fill in and import.
    pub async fn grade_sheet(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "grade_sheet") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let num = |k: &str| params.iter().find(|(n, _)| n == k).and_then(|(_, v)| v.parse::<i64>().ok()).unwrap_or(0);
        let (year, dept) = (num("year") as i32, num("dept_id"));
        let work = async {
            let v = view(ctx, year, dept).await?;
            let dept_name = v.depts.iter().find(|d| d.dept_id == v.dept_id).map(|d| d.name.clone()).unwrap_or_default();
            let rows: Vec<Vec<String>> = v
                .rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![(i + 1).to_string(), r.person_id.to_string(), r.name, r.unit_name, r.establishment, r.choices.join("/"), r.grade]
                })
                .collect();
            let title = format!("{} 年度考核 {}", v.year, dept_name);
            let y = v.year;
            tokio::task::spawn_blocking(move || {
                crate::excel::table(&["序号", "人员编号", "姓名", "部室", "编制类别", "可选等次", "考核等次"], rows, "年度考核", &title)
            })
            .await
            .map_err(|_| AppError::Internal)?
            .map_err(AppError::from)
            .map(|b| (b, y))
        };
        match work.await {
            Ok((bytes, y)) => crate::api::excel::ssr::workbook(bytes, &format!("年度考核-{y}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: crate::security::AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new().route("/api/grade_sheet", get(grade_sheet).fallback(crate::security::gate::wrong_method)).with_state(state)
    }
}
