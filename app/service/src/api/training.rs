//! The 学时 ledger against the quotas (a person's progress, external training submitted by the
//! employee and decided by HR, 网络学习 entered or imported, the at-risk list and completion per
//! 部室) and assessments with their scores (entered by hand or imported, statistics per
//! assessment and per 部室; trainees see only their own).

// The assessment form posts its ten fields as they are (it works as a plain form).
#![allow(clippy::too_many_arguments)]
use crate::error::AppError;
use crate::model::{AssessmentView, AssessmentYear, ExternalTraining, HoursView, ImportReport, QuotaOverview, QuotaRulesInput, ScoreInput};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// The caller's own 学时 for the quota period ending with `year` (0: this year), with their
/// external training and their scores. No id: nobody can ask for another person's this way.
#[server(prefix = "/api", endpoint = "my_hours")]
pub async fn my_hours(year: i32) -> Result<Option<HoursView>, AppError> {
    crate::security::run("my_hours", |ctx| ssr::my_hours(ctx, year)).await
}

/// A person's 学时, for HR and leaders within their scope.
#[server(prefix = "/api", endpoint = "person_hours")]
pub async fn person_hours(person_id: i64, year: i32) -> Result<HoursView, AppError> {
    crate::security::run("person_hours", |ctx| ssr::person_hours(ctx, person_id, year)).await
}

/// Submit training taken elsewhere for HR to approve (works as a plain form).
#[server(prefix = "/api", endpoint = "external_submit")]
pub async fn external_submit(
    organiser: String,
    title: String,
    start_date: String,
    end_date: String,
    hours: String,
    note: String,
) -> Result<i64, AppError> {
    let r =
        crate::security::run("external_submit", |ctx| ssr::external_submit(ctx, organiser, title, start_date, end_date, hours, note)).await;
    if r.is_ok() {
        crate::security::go("/me/training?submitted=1");
    }
    r
}

/// Withdraw one's own submission while it is pending.
#[server(prefix = "/api", endpoint = "external_withdraw")]
pub async fn external_withdraw(id: i64) -> Result<(), AppError> {
    crate::security::run("external_withdraw", |ctx| ssr::external_withdraw(ctx, id)).await
}

/// Submissions waiting for a decision (`pending`) or decided lately.
#[server(prefix = "/api", endpoint = "external_queue")]
pub async fn external_queue(pending: bool) -> Result<Vec<ExternalTraining>, AppError> {
    crate::security::run("external_queue", |ctx| async move {
        Ok(crate::store::training::external_queue(ctx.db(), &ctx.scope, pending, 500).await?)
    })
    .await
}

/// Approve or reject a submission (a note is required to reject).
#[server(prefix = "/api", endpoint = "external_decide")]
pub async fn external_decide(id: i64, approve: bool, note: String) -> Result<(), AppError> {
    crate::security::run("external_decide", |ctx| ssr::external_decide(ctx, id, approve, note)).await
}

/// Record 网络学习 学时 for a person on a day.
#[server(prefix = "/api", endpoint = "online_add")]
pub async fn online_add(person_id: i64, date: String, hours: String, platform: String) -> Result<i64, AppError> {
    crate::security::run("online_add", |ctx| ssr::online_add(ctx, person_id, date, hours, platform)).await
}

/// Import 网络学习 学时 from .xlsx (columns 人员编号, 姓名, 日期, 学时, 学习平台). A line already
/// recorded (same person, day, 学时 and platform) is not added again.
#[server(prefix = "/api", endpoint = "online_import", input = MultipartFormData)]
pub async fn online_import(data: MultipartData) -> Result<ImportReport, AppError> {
    let r = crate::security::run("online_import", |ctx| ssr::online_import(ctx, data)).await;
    crate::api::excel::ssr::finish_upload(&r).await;
    r
}

/// Completion per 部室 and the at-risk list (50 a page) for a year (0: this year), within the
/// caller's scope.
#[server(prefix = "/api", endpoint = "hours_overview")]
pub async fn hours_overview(year: i32, page: u32) -> Result<QuotaOverview, AppError> {
    crate::security::run("hours_overview", |ctx| ssr::overview(ctx, year, page)).await
}

/// The quotas (`rules[per_year_hours]`, `rules[senior_window_years]`, `rules[senior_window_hours]`,
/// `rules[online_per_year_hours]`, as typed).
#[server(prefix = "/api", endpoint = "quota_rules_save")]
pub async fn quota_rules_save(rules: QuotaRulesInput) -> Result<(), AppError> {
    crate::security::run("quota_rules_save", |ctx| ssr::save_rules(ctx, rules.rules())).await
}

/// Assessments held in a year (0: this year), newest first.
#[server(prefix = "/api", endpoint = "assessment_list")]
pub async fn assessment_list(year: i32) -> Result<AssessmentYear, AppError> {
    crate::security::run("assessment_list", |ctx| ssr::assessment_list(ctx, year)).await
}

/// Create (id 0) or change an assessment. `scale`: "points" (with `max` and `pass`) or "grades"
/// (with `labels`, comma-separated best first, and `pass_count`); `session_id` as typed (empty:
/// none). A form goes on to the assessment's page.
#[server(prefix = "/api", endpoint = "assessment_save")]
pub async fn assessment_save(
    id: i64,
    title: String,
    kind: String,
    #[server(default)] session_id: String,
    held_on: String,
    scale: String,
    max: String,
    pass: String,
    labels: String,
    pass_count: String,
) -> Result<i64, AppError> {
    let r = crate::security::run("assessment_save", |ctx| {
        ssr::assessment_save(ctx, id, title, kind, session_id, held_on, scale, max, pass, labels, pass_count)
    })
    .await;
    if let Ok(id) = &r {
        crate::security::go(&format!("/assessment/exams/{id}"));
    }
    r
}

/// An assessment with the scores of people in the caller's scope and their statistics.
#[server(prefix = "/api", endpoint = "assessment_detail")]
pub async fn assessment_detail(id: i64) -> Result<AssessmentView, AppError> {
    crate::security::run("assessment_detail", |ctx| ssr::assessment_detail(ctx, id)).await
}

/// Enter, change or (empty text) remove scores, all or none: `scores[0][person_id]`,
/// `scores[0][score]`, … (the page's one form holds every score). Only what changed is written;
/// returns how many scores changed (and tells the page).
#[server(prefix = "/api", endpoint = "score_save")]
pub async fn score_save(assessment_id: i64, #[server(default)] scores: Vec<ScoreInput>) -> Result<i64, AppError> {
    crate::security::run("score_save", |ctx| async move {
        let n = ssr::score_save(ctx, assessment_id, scores).await?;
        crate::security::flash_count(n);
        Ok(n)
    })
    .await
}

/// Import scores from .xlsx (columns 人员编号, 姓名, 成绩; form field `assessment_id`).
#[server(prefix = "/api", endpoint = "score_import", input = MultipartFormData)]
pub async fn score_import(data: MultipartData) -> Result<ImportReport, AppError> {
    let r = crate::security::run("score_import", |ctx| ssr::score_import(ctx, data)).await;
    crate::api::excel::ssr::finish_upload(&r).await;
    r
}

#[cfg(feature = "ssr")]
pub use ssr::routes as sheet_routes;

/// For the reserve module (server side): whether a person met the 学时 requirement of a period.
#[cfg(feature = "ssr")]
pub use ssr::requirement_for;

#[cfg(feature = "ssr")]
/// Public for the bare-handler baseline of `bench/run` (bench/bare.rs), which runs these
/// functions without the framework around them.
pub mod ssr {
    use super::*;
    use crate::authz::{Role, Scope};
    use crate::domain::assessment::{hours_text, pace_in, quota_kind, validate_score, QuotaKind, QuotaRules, Scale, Score};
    use crate::domain::import::{parse_person_sheet, Problem, MAX_ROWS};
    use crate::domain::lectures::parse_hours_up_to;
    use crate::domain::time::today_china;
    use crate::i18n::{fill, translate};
    use crate::model::Locale;
    use crate::model::{AssessmentRow, AtRiskRow, DeptCompletion, ImportPreviewRow, LedgerLineView, MyScore, ScoreRow};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::training::{self as store, NewExternal, QuotaPerson, StoredAssessment};
    use crate::store::{now_ms, people, settings};
    use chrono::{Datelike, NaiveDate};
    use serde_json::{json, Value};
    use std::collections::HashMap;

    const QUOTA_RULES: &str = "quota_rules";
    /// External training may be claimed up to this many years back.
    const EXTERNAL_YEARS_BACK: i32 = 5;
    /// The most 学时 one external training may claim.
    const EXTERNAL_MAX_HOURS: i64 = 500;
    /// The most 网络学习 学时 of one day.
    const ONLINE_MAX_HOURS: i64 = 24;
    const PAGE: usize = 50;

    fn today() -> NaiveDate {
        today_china(chrono::Utc::now())
    }

    /// The caller's language: the sentences composed here for a page are interface text.
    pub(crate) fn locale(ctx: &Ctx) -> Locale {
        ctx.user().map(|u| u.locale).unwrap_or_default()
    }

    /// A quota in words ("每年不少于 90 学时"), in `locale`.
    pub(crate) fn rule_text(locale: Locale, kind: QuotaKind, rules: &QuotaRules) -> String {
        match kind {
            QuotaKind::Yearly => fill(translate(locale, "每年不少于 {} 学时"), &[&hours_text(rules.per_year_hours)]),
            QuotaKind::SeniorWindow => {
                fill(translate(locale, "每 {} 年累计不少于 {} 学时"), &[&rules.window_years(), &hours_text(rules.senior_window_hours)])
            }
        }
    }

    /// A scale in words ("满分 100，60 分及格"), in `locale`; the grades are data.
    pub(crate) fn scale_text(locale: Locale, scale: &Scale) -> String {
        match scale {
            Scale::Points { max, pass } => {
                fill(translate(locale, "满分 {}，{} 分及格"), &[&score_text(&Score::Points(*max)), &score_text(&Score::Points(*pass))])
            }
            Scale::Grades { labels, pass_count } => {
                fill(translate(locale, "等次：{}（前 {} 个为合格）"), &[&labels.join(translate(locale, "、")), pass_count])
            }
        }
    }

    fn year_or_this(year: i32) -> Result<i32, AppError> {
        let now = today().year();
        match year {
            0 => Ok(now),
            y if (2000..=now + 1).contains(&y) => Ok(y),
            _ => Err(AppError::field("year", format!("年度应在 2000 到 {} 之间", now + 1))),
        }
    }

    pub async fn quota_rules(ctx: &Ctx) -> Result<QuotaRules, AppError> {
        Ok(settings::json_or_default(ctx.db(), QUOTA_RULES).await?)
    }

    /// What decides a person's quota: a 处级 职务层次, or else a senior 职级.
    pub(crate) fn quota_key<'a>(level: &'a str, civil_rank: &'a str) -> &'a str {
        if quota_kind(level) == QuotaKind::SeniorWindow {
            level
        } else {
            civil_rank
        }
    }

    fn date(field: &str, label: &str, text: &str) -> Result<NaiveDate, AppError> {
        let t = crate::domain::import::normalise_date(text.trim());
        NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| AppError::field(field, format!("{label}应为日期，如 2026-03-15")))
    }

    async fn hours_of(ctx: &Ctx, p: &QuotaPerson, year: i32, own: bool) -> Result<HoursView, AppError> {
        let rules = quota_rules(ctx).await?;
        let key = quota_key(&p.level, &p.civil_rank);
        let kind = quota_kind(key);
        let (from, to) = crate::domain::assessment::quota_period(&rules, kind, year);
        let late = settings::lecture_rules(ctx.db()).await?.late_earns_hours;
        let lines = store::lines(ctx.db(), p.id, from, to, late).await?;
        let pace = pace_in(&rules, key, &store::entries(&lines), year, today());
        let locale = locale(ctx);
        let scores = store::scores_for_person(ctx.db(), p.id)
            .await?
            .into_iter()
            .map(|(a, score, passed)| MyScore {
                scale_text: scale_text(locale, &a.scale),
                title: a.title,
                kind: a.kind,
                held_on: a.held_on,
                score,
                passed,
            })
            .collect();
        Ok(HoursView {
            person_id: p.id,
            name: p.name.clone(),
            unit_name: p.unit_name.clone(),
            year,
            rule: rule_text(locale, kind, &rules),
            pace,
            lines: lines
                .into_iter()
                .rev()
                .map(|l| LedgerLineView {
                    date: l.day.to_string(),
                    source: l.source.label().to_string(),
                    title: l.title,
                    hours_tenths: l.tenths,
                    session_id: l.session_id,
                })
                .collect(),
            externals: store::external_of(ctx.db(), p.id).await?,
            scores,
            grades: crate::store::grades::grades_of(ctx.db(), p.id).await?,
            followups: crate::store::followups::tasks(ctx.db(), p.id, now_ms()).await?,
            to_rate: if own { to_rate(ctx, p.id).await? } else { Vec::new() },
            own,
        })
    }

    /// Sessions the person may still rate, within the rating window.
    async fn to_rate(ctx: &Ctx, person_id: i64) -> Result<Vec<(i64, String, String)>, AppError> {
        let window = settings::json_or_default::<crate::domain::ratings::RatingRules>(ctx.db(), "rating_rules").await?.window_days as i64;
        let now = now_ms();
        Ok(crate::store::ratings::to_rate(ctx.db(), person_id, now - window * 86_400_000, now)
            .await?
            .into_iter()
            .map(|(id, title, starts)| (id, title, crate::domain::time::china_date(starts).to_string()))
            .collect())
    }

    /// For the reserve module: whether a person met the 学时 requirement of the quota period ending
    /// with `year` (their level decides yearly or the window), and by how much.
    pub async fn requirement_for(
        db: &crate::store::Db,
        person_id: i64,
        year: i32,
    ) -> Result<Option<crate::domain::assessment::Requirement>, AppError> {
        let Some(p) = store::quota_people(db, &Scope::All, store::Who::One(person_id)).await?.pop() else { return Ok(None) };
        let rules: QuotaRules = settings::json_or_default(db, QUOTA_RULES).await?;
        let key = quota_key(&p.level, &p.civil_rank);
        let (from, to) = crate::domain::assessment::quota_period(&rules, quota_kind(key), year);
        let late = settings::lecture_rules(db).await?.late_earns_hours;
        let lines = store::lines(db, person_id, from, to, late).await?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::BadRequest)?;
        Ok(Some(crate::domain::assessment::requirement(&rules, key, &store::entries(&lines), end)))
    }

    pub async fn my_hours(ctx: Ctx, year: i32) -> Result<Option<HoursView>, AppError> {
        let year = year_or_this(year)?;
        let Some(pid) = ctx.user()?.person_id else { return Ok(None) };
        let Some(p) = store::quota_people(ctx.db(), &Scope::All, store::Who::One(pid)).await?.pop() else { return Ok(None) };
        Ok(Some(hours_of(&ctx, &p, year, true).await?))
    }

    pub async fn person_hours(ctx: Ctx, person_id: i64, year: i32) -> Result<HoursView, AppError> {
        let year = year_or_this(year)?;
        let p = store::quota_people(ctx.db(), &ctx.scope, store::Who::One(person_id)).await?.pop().ok_or(AppError::NotFound)?;
        let own = ctx.user()?.person_id == Some(person_id);
        hours_of(&ctx, &p, year, own).await
    }

    fn my_person(ctx: &Ctx) -> Result<i64, AppError> {
        ctx.user()?.person_id.ok_or(AppError::Refused("此账户未关联人员档案".into()))
    }

    pub async fn external_submit(
        ctx: Ctx,
        organiser: String,
        title: String,
        start_date: String,
        end_date: String,
        hours: String,
        note: String,
    ) -> Result<i64, AppError> {
        let pid = my_person(&ctx)?;
        let mut errs = Vec::new();
        let (organiser, title, note) = (organiser.trim(), title.trim(), note.trim());
        if organiser.is_empty() || organiser.chars().count() > 50 {
            errs.push(("organiser", "请填写举办单位（不超过 50 个字）".to_string()));
        }
        if title.is_empty() || title.chars().count() > 100 {
            errs.push(("title", "请填写培训名称（不超过 100 个字）".to_string()));
        }
        if note.chars().count() > 300 {
            errs.push(("note", "说明不能超过 300 个字".to_string()));
        }
        let start = date("start_date", "开始日期", &start_date);
        let end = date("end_date", "结束日期", &end_date);
        let today = today();
        match (&start, &end) {
            (Ok(s), Ok(e)) if s > e => errs.push(("end_date", "结束日期不能早于开始日期".to_string())),
            (_, Ok(e)) if *e > today => errs.push(("end_date", "培训结束后才能申报".to_string())),
            (Ok(s), _) if s.year() < today.year() - EXTERNAL_YEARS_BACK => {
                errs.push(("start_date", format!("只能申报近 {EXTERNAL_YEARS_BACK} 年的培训")))
            }
            _ => {}
        }
        for e in [&start, &end] {
            if let Err(AppError::Invalid(list)) = e {
                errs.extend(list.iter().map(|f| (if f.field == "start_date" { "start_date" } else { "end_date" }, f.message.clone())));
            }
        }
        let tenths = match parse_hours_up_to(&hours, EXTERNAL_MAX_HOURS) {
            Ok(0) => {
                errs.push(("hours", "学时应大于 0".to_string()));
                0
            }
            Ok(v) => v,
            Err(m) => {
                errs.push(("hours", m));
                0
            }
        };
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let (start, end) = (start?, end?);
        let e = NewExternal { person_id: pid, organiser, title, start_date: start, end_date: end, tenths, note };
        let mut w = ctx.db().write().await?;
        let id = store::external_create(&mut w, &e, now_ms()).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "training_external",
                entity_id: id.to_string(),
                action: "submit",
                before: Value::Null,
                after: json!({ "person_id": pid, "organiser": organiser, "title": title, "start": start.to_string(),
                               "end": end.to_string(), "hours_tenths": tenths, "note": note }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn external_withdraw(ctx: Ctx, id: i64) -> Result<(), AppError> {
        let pid = my_person(&ctx)?;
        let mut w = ctx.db().write().await?;
        // Someone else's submission is "not found", as one that does not exist.
        let e = store::external_get(&mut w, id).await?.filter(|e| e.person_id == pid).ok_or(AppError::NotFound)?;
        if !store::external_decide(&mut w, id, "withdrawn", &ctx.actor().name, "", now_ms()).await? {
            return Err(AppError::Refused(format!("该申报已{}，不能撤回", status_text(&e.status))));
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "training_external",
                entity_id: id.to_string(),
                action: "withdraw",
                before: json!({ "status": e.status }),
                after: json!({ "status": "withdrawn" }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    fn status_text(s: &str) -> &'static str {
        match s {
            "pending" => "待审核",
            "approved" => "通过",
            "rejected" => "退回",
            _ => "撤回",
        }
    }

    pub async fn external_decide(ctx: Ctx, id: i64, approve: bool, note: String) -> Result<(), AppError> {
        let note = note.trim();
        if note.chars().count() > 300 {
            return Err(AppError::field("note", "意见不能超过 300 个字"));
        }
        if !approve && note.is_empty() {
            return Err(AppError::field("note", "退回时请写明原因"));
        }
        let mut w = ctx.db().write().await?;
        let e = store::external_get(&mut w, id).await?.ok_or(AppError::NotFound)?;
        if people::ids_in_scope(ctx.db(), &ctx.scope, &[e.person_id]).await?.is_empty() {
            return Err(AppError::NotFound);
        }
        if ctx.user()?.person_id == Some(e.person_id) {
            return Err(AppError::Refused("不能审核本人的申报".into()));
        }
        let status = if approve { "approved" } else { "rejected" };
        if !store::external_decide(&mut w, id, status, &ctx.actor().name, note, now_ms()).await? {
            return Err(AppError::Refused(format!("该申报已{}，请刷新后查看", status_text(&e.status))));
        }
        let text = if approve {
            format!("您申报的外部培训“{}”（{} 学时）已通过审核", e.title, hours_text(e.hours_tenths as f64 / 10.0))
        } else {
            format!("您申报的外部培训“{}”被退回：{note}", e.title)
        };
        crate::store::lectures::notify(&mut w, &[e.person_id], &text, "/me/training").await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "training_external",
                entity_id: id.to_string(),
                action: if approve { "approve" } else { "reject" },
                before: json!({ "status": e.status }),
                after: json!({ "status": status, "note": note }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    fn online_checks(date_text: &str, hours: &str, platform: &str) -> Result<(NaiveDate, i64), Vec<(&'static str, String)>> {
        let mut errs = Vec::new();
        let t = crate::domain::import::normalise_date(date_text.trim());
        let day = NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok();
        match day {
            None => errs.push(("date", format!("日期“{}”应为日期，如 2026-03-15", date_text.trim()))),
            Some(d) if d > today() => errs.push(("date", "日期不能晚于今天".to_string())),
            Some(d) if d.year() < today().year() - EXTERNAL_YEARS_BACK => {
                errs.push(("date", format!("只能登记近 {EXTERNAL_YEARS_BACK} 年的学时")))
            }
            _ => {}
        }
        let tenths = match parse_hours_up_to(hours, ONLINE_MAX_HOURS) {
            Ok(0) => {
                errs.push(("hours", "学时应大于 0".to_string()));
                0
            }
            Ok(v) => v,
            Err(m) => {
                errs.push(("hours", m));
                0
            }
        };
        if platform.trim().chars().count() > 30 {
            errs.push(("platform", "学习平台名称不能超过 30 个字".to_string()));
        }
        match day {
            Some(d) if errs.is_empty() => Ok((d, tenths)),
            _ => Err(errs),
        }
    }

    pub async fn online_add(ctx: Ctx, person_id: i64, date: String, hours: String, platform: String) -> Result<i64, AppError> {
        let (day, tenths) = online_checks(&date, &hours, &platform).map_err(AppError::fields)?;
        if people::ids_in_scope(ctx.db(), &ctx.scope, &[person_id]).await?.is_empty() {
            return Err(AppError::NotFound);
        }
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let id = store::online_add(&mut w, person_id, day, tenths, platform.trim(), &actor.name, now_ms()).await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "training_online",
                entity_id: id.to_string(),
                action: "add",
                before: Value::Null,
                after: json!({ "person_id": person_id, "date": day.to_string(), "hours_tenths": tenths, "platform": platform.trim() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Read an upload's sheet keyed by 人员编号 with these columns (off the async threads).
    async fn read_sheet(
        bytes: Vec<u8>,
        columns: &'static [&'static str],
        hint: &'static str,
    ) -> Result<Result<(crate::domain::import::PersonSheet, Vec<Problem>), String>, AppError> {
        tokio::task::spawn_blocking(move || {
            crate::excel::read_upload(&bytes, &crate::excel::LIMITS).map(|grid| parse_person_sheet(&grid, columns, hint, MAX_ROWS))
        })
        .await
        .map_err(|_| AppError::Internal)
    }

    fn file_problem(file_name: String, message: String) -> ImportReport {
        ImportReport { file_name, problems: vec![Problem { row: 0, column: String::new(), message }], ..Default::default() }
    }

    pub async fn online_import(ctx: Ctx, data: MultipartData) -> Result<ImportReport, AppError> {
        let up = crate::api::excel::ssr::read_upload(data, &[]).await?;
        let (sheet, mut problems) = match read_sheet(up.bytes, &["日期", "学时", "学习平台"], "可先下载模板再填写").await?
        {
            Ok(r) => r,
            Err(m) => return Ok(file_problem(up.name, m)),
        };
        let known =
            crate::api::excel::ssr::check_people(&ctx, sheet.rows.iter().map(|r| (r.row, r.person_id, r.name.as_str())), &mut problems)
                .await?;
        let mut lines = Vec::new();
        for r in &sheet.rows {
            match online_checks(&r.cells[0], &r.cells[1], &r.cells[2]) {
                Ok((d, t)) => lines.push((r, d, t)),
                Err(errs) => {
                    for (f, m) in errs {
                        let i = match f {
                            "date" => 0,
                            "hours" => 1,
                            _ => 2,
                        };
                        problems.push(Problem { row: r.row, column: sheet.labels[i].clone(), message: m });
                    }
                }
            }
        }
        problems.sort_by_key(|p| p.row);
        let mut report = ImportReport {
            file_name: up.name,
            rows: sheet.rows.len(),
            creates: lines.len(),
            preview: lines
                .iter()
                .take(20)
                .map(|(r, d, t)| ImportPreviewRow {
                    row: r.row,
                    name: known.get(&r.person_id).map(|p| p.name.clone()).unwrap_or_default(),
                    unit: known.get(&r.person_id).map(|p| p.unit_name.clone()).unwrap_or_default(),
                    id_masked: String::new(),
                    level: format!("{d} · {} 学时", crate::domain::lectures::hours_text(*t)),
                    updates: Some(r.person_id),
                })
                .collect(),
            problems,
            ..Default::default()
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }
        let actor = ctx.actor();
        let now = now_ms();
        let mut w = ctx.db().write().await?;
        let (mut added, mut skipped) = (0, 0);
        for (r, d, t) in &lines {
            // The same line imported again is not counted twice.
            if store::online_exists(&mut w, r.person_id, *d, *t, &r.cells[2]).await? {
                skipped += 1;
                continue;
            }
            store::online_add(&mut w, r.person_id, *d, *t, &r.cells[2], &actor.name, now).await?;
            added += 1;
        }
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "training_online",
                entity_id: String::new(),
                action: "import",
                before: Value::Null,
                after: json!({ "file": report.file_name, "added": added, "already_there": skipped }),
            },
        )
        .await?;
        w.commit().await?;
        report.creates = added;
        report.updates = 0;
        report.committed = true;
        Ok(report)
    }

    /// Completion per 部室 of the quotas of the period ending with `year`, within the scope.
    pub async fn completion(ctx: &Ctx, year: i32) -> Result<Vec<DeptCompletion>, AppError> {
        Ok(tally(ctx, year).await?.depts)
    }

    pub async fn overview(ctx: Ctx, year: i32, page: u32) -> Result<QuotaOverview, AppError> {
        let year = year_or_this(year)?;
        let t = tally(&ctx, year).await?;
        let (rules, today) = (t.rules, t.today);
        let total = t.yearly_at_risk + t.window_at_risk.len();
        let pages = total.div_ceil(PAGE).max(1) as u32;
        let page = page.clamp(1, pages);
        let wanted = page as usize * PAGE;
        // The furthest behind first: the yearly people the database finds, and the few on the window.
        let mut rows = t.window_at_risk;
        let behind =
            store::yearly_behind(ctx.db(), &ctx.scope, &t.window, year, t.late, t.bounds.at_risk_below_tenths, wanted as i64).await?;
        for (p, total, online) in behind {
            let pace = pace_in(&rules, quota_key(&p.level, &p.civil_rank), &year_entries(&[(year, total, online)]), year, today);
            rows.push((p.path.clone(), risk_row(&p, &pace, &rules, today, t.locale)));
        }
        rows.sort_by(|(pa, a), (pb, b)| b.remaining.total_cmp(&a.remaining).then(pa.cmp(pb)).then(a.person_id.cmp(&b.person_id)));
        let shown = rows.into_iter().skip((page as usize - 1) * PAGE).take(PAGE).map(|(_, r)| r).collect();
        Ok(QuotaOverview {
            year,
            today: today.to_string(),
            rule_yearly: rule_text(t.locale, QuotaKind::Yearly, &rules),
            rule_senior: rule_text(t.locale, QuotaKind::SeniorWindow, &rules),
            people: t.depts.iter().map(|d| d.people).sum(),
            met: t.depts.iter().map(|d| d.met).sum(),
            rules,
            depts: t.depts,
            at_risk: shown,
            at_risk_total: total,
            page,
            pages,
            may_edit: ctx.user()?.has_role(Role::Hr),
        })
    }

    /// A person's yearly totals `(year, total tenths, online tenths)` as ledger entries.
    pub(crate) fn year_entries(totals: &[(i32, i64, i64)]) -> Vec<crate::domain::assessment::LedgerEntry> {
        use crate::domain::assessment::HourSource;
        totals
            .iter()
            .filter_map(|(y, total, online)| {
                let d = NaiveDate::from_ymd_opt(*y, 1, 1)?;
                Some([(d, (total - online) as f64 / 10.0, HourSource::Session), (d, *online as f64 / 10.0, HourSource::Online)])
            })
            .flatten()
            .collect()
    }

    fn risk_row(
        p: &QuotaPerson,
        pace: &crate::domain::assessment::Pace,
        rules: &QuotaRules,
        today: NaiveDate,
        locale: Locale,
    ) -> AtRiskRow {
        AtRiskRow {
            person_id: p.id,
            name: p.name.clone(),
            unit_name: p.unit_name.clone(),
            dept_name: p.dept_name.clone(),
            rule: rule_text(locale, pace.kind, rules),
            done: pace.done,
            required: pace.required,
            remaining: pace.remaining,
            needed_per_month: pace.needed_per_month,
            online_done: pace.online_done,
            online_required: pace.online_required,
            missed: today > pace.to,
        }
    }

    /// Every active person in the scope against their quota.
    struct Tally {
        depts: Vec<DeptCompletion>,
        /// How many on the yearly quota are at risk (the database lists them on demand).
        yearly_at_risk: usize,
        /// Those on the window quota who are at risk, with their unit's path.
        window_at_risk: Vec<(String, AtRiskRow)>,
        window: store::WindowKeys,
        bounds: crate::domain::assessment::YearlyBounds,
        late: bool,
        /// What it was counted with, for the at-risk rows read afterwards.
        rules: QuotaRules,
        today: NaiveDate,
        locale: Locale,
    }

    /// The yearly quota is counted by the database from each person's yearly totals, against the
    /// bounds the domain derives from the pace rule (`yearly_bounds`); the few on the window
    /// quota (处级, senior 职级) are read one by one and go through `pace_in` itself.
    async fn tally(ctx: &Ctx, year: i32) -> Result<Tally, AppError> {
        let rules = quota_rules(ctx).await?;
        let locale = locale(ctx);
        let today = today();
        let late = settings::lecture_rules(ctx.db()).await?.late_earns_hours;
        let (levels, ranks) = store::levels_and_ranks(ctx.db()).await?;
        let on_window = |k: &String| quota_kind(k) == QuotaKind::SeniorWindow;
        let window = store::WindowKeys {
            levels: levels.into_iter().filter(on_window).collect(),
            ranks: ranks.into_iter().filter(on_window).collect(),
        };
        let bounds = crate::domain::assessment::yearly_bounds(&rules, year, today);
        let units = store::yearly_tally(ctx.db(), &ctx.scope, &window, year, late, bounds).await?;
        let paths = store::unit_paths(ctx.db()).await?;
        let names = people::unit_names(ctx.db()).await?;
        // Per 部室, by the 部室's path: the completion and the 学时 in tenths.
        let mut depts: std::collections::BTreeMap<String, (DeptCompletion, f64)> = std::collections::BTreeMap::new();
        fn dept<'a>(
            depts: &'a mut std::collections::BTreeMap<String, (DeptCompletion, f64)>,
            paths: &HashMap<i64, String>,
            names: &HashMap<i64, String>,
            dept_id: i64,
        ) -> &'a mut (DeptCompletion, f64) {
            let key = paths.get(&dept_id).cloned().unwrap_or_default();
            depts.entry(key).or_insert_with(|| {
                let d = DeptCompletion {
                    dept_id,
                    dept_name: names.get(&dept_id).cloned().unwrap_or_default(),
                    people: 0,
                    met: 0,
                    at_risk: 0,
                    mean_hours: 0.0,
                };
                (d, 0.0)
            })
        }
        let mut yearly_at_risk = 0;
        for u in &units {
            let dept_id = crate::store::grades::dept_of_path(paths.get(&u.unit_id).map(String::as_str).unwrap_or(""));
            let (d, hours) = dept(&mut depts, &paths, &names, dept_id);
            d.people += u.people as u32;
            d.met += u.met as u32;
            d.at_risk += u.at_risk as u32;
            *hours += u.tenths as f64 / 10.0;
            yearly_at_risk += u.at_risk as usize;
        }
        let seniors = store::quota_people(ctx.db(), &ctx.scope, store::Who::Window(&window)).await?;
        let ids: Vec<i64> = seniors.iter().map(|p| p.id).collect();
        let first = year - rules.window_years() as i32 + 1;
        let totals = store::year_totals(ctx.db(), &ids, first, year, late).await?;
        let mut window_at_risk = Vec::new();
        for p in &seniors {
            let key = quota_key(&p.level, &p.civil_rank);
            let pace = pace_in(&rules, key, &year_entries(totals.get(&p.id).map(Vec::as_slice).unwrap_or(&[])), year, today);
            let (d, hours) = dept(&mut depts, &paths, &names, p.dept_id);
            d.people += 1;
            *hours += pace.done;
            if pace.met {
                d.met += 1;
            }
            if pace.at_risk {
                d.at_risk += 1;
                window_at_risk.push((p.path.clone(), risk_row(p, &pace, &rules, today, locale)));
            }
        }
        let depts = depts
            .into_values()
            .map(|(mut d, hours)| {
                d.mean_hours = hours / d.people.max(1) as f64;
                d
            })
            .collect();
        Ok(Tally { depts, yearly_at_risk, window_at_risk, window, bounds, late, rules, today, locale })
    }

    pub async fn save_rules(ctx: Ctx, rules: QuotaRules) -> Result<(), AppError> {
        let errs = rules.check();
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let before = quota_rules(&ctx).await?;
        let mut w = ctx.db().write().await?;
        settings::save_json(&mut w, QUOTA_RULES, &rules).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "settings", entity_id: QUOTA_RULES.into(), action: "update", before: json!(before), after: json!(rules) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    // ---- assessments ------------------------------------------------------------------------------

    fn row_of(a: &StoredAssessment, session_title: String, counts: (u32, u32), locale: Locale) -> AssessmentRow {
        AssessmentRow {
            id: a.id,
            title: a.title.clone(),
            kind: a.kind.clone(),
            held_on: a.held_on.clone(),
            session_id: a.session_id,
            session_title,
            scale_text: scale_text(locale, &a.scale),
            count: counts.0,
            passed: counts.1,
        }
    }

    pub async fn assessment_list(ctx: Ctx, year: i32) -> Result<AssessmentYear, AppError> {
        let year = year_or_this(year)?;
        let locale = locale(&ctx);
        let counts = store::score_counts(ctx.db()).await?;
        let rows = store::assessments(ctx.db(), &format!("{year}-01-01"), &format!("{year}-12-31"))
            .await?
            .into_iter()
            .map(|(a, st)| {
                let c = counts.get(&a.id).copied().unwrap_or((0, 0));
                row_of(&a, st, c, locale)
            })
            .collect();
        Ok(AssessmentYear { year, rows })
    }

    pub const KINDS: [&str; 4] = ["考试", "论文", "实操", "其他"];

    #[allow(clippy::too_many_arguments)]
    pub async fn assessment_save(
        ctx: Ctx,
        id: i64,
        title: String,
        kind: String,
        session_id: String,
        held_on: String,
        scale: String,
        max: String,
        pass: String,
        labels: String,
        pass_count: String,
    ) -> Result<i64, AppError> {
        let mut errs: Vec<(&str, String)> = Vec::new();
        let session_id = match session_id.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errs.push(("session_id", "课程编号应为数字（课程页面地址中的数字），不关联课程请留空".into()));
                    None
                }
            },
        };
        let title = title.trim().to_string();
        if title.is_empty() || title.chars().count() > 100 {
            errs.push(("title", "请填写考核名称（不超过 100 个字）".into()));
        }
        if !KINDS.contains(&kind.as_str()) {
            errs.push(("kind", "请选择考核方式".into()));
        }
        let held = date("held_on", "考核日期", &held_on);
        if let Err(AppError::Invalid(list)) = &held {
            errs.extend(list.iter().map(|f| ("held_on", f.message.clone())));
        }
        let num = |field: &'static str, label: &str, text: &str, errs: &mut Vec<(&str, String)>| -> f64 {
            match validate_score(&Scale::Points { max: 10_000.0, pass: 0.0 }, text) {
                Ok(Score::Points(v)) => v,
                _ => {
                    errs.push((field, format!("{label}应为数，最多两位小数")));
                    0.0
                }
            }
        };
        let scale = match scale.as_str() {
            "points" => Scale::Points { max: num("max", "满分", &max, &mut errs), pass: num("pass", "及格分", &pass, &mut errs) },
            "grades" => {
                let labels: Vec<String> = labels.split([',', '，', '、']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                let pass_count = pass_count.trim().parse::<usize>().unwrap_or(usize::MAX);
                Scale::Grades { labels, pass_count }
            }
            _ => {
                errs.push(("scale", "请选择计分方式".into()));
                Scale::default()
            }
        };
        if let Err(m) = scale.check() {
            errs.push(("scale", m));
        }
        let session_title = match session_id {
            Some(sid) => match crate::store::lectures::session_get(ctx.db(), sid).await? {
                Some(s) => s.title,
                None => {
                    errs.push(("session_id", "没有这次课程".into()));
                    String::new()
                }
            },
            None => String::new(),
        };
        let before = if id != 0 { Some(store::assessment_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?.0) } else { None };
        // A scale with scores already given stays as it is: the scores were checked against it.
        if let Some(b) = &before {
            if b.scale != scale && store::score_counts(ctx.db()).await?.get(&id).is_some_and(|c| c.0 > 0) {
                errs.push(("scale", "已有成绩，不能再改计分方式".into()));
            }
        }
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let a = StoredAssessment { id, title, kind, session_id, held_on: held?.to_string(), scale };
        let mut w = ctx.db().write().await?;
        let new_id = store::assessment_save(&mut w, &a, now_ms()).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "assessment",
                entity_id: new_id.to_string(),
                action: if id == 0 { "create" } else { "update" },
                before: before
                    .map(|b| json!({ "title": b.title, "kind": b.kind, "held_on": b.held_on, "scale": b.scale }))
                    .unwrap_or(Value::Null),
                after: json!({ "title": a.title, "kind": a.kind, "held_on": a.held_on, "scale": a.scale, "session": session_title }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(new_id)
    }

    fn dept_of(path: &str, names: &HashMap<i64, String>) -> String {
        names.get(&crate::store::grades::dept_of_path(path)).cloned().unwrap_or_default()
    }

    pub async fn assessment_detail(ctx: Ctx, id: i64) -> Result<AssessmentView, AppError> {
        let (a, st) = store::assessment_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        let names: HashMap<i64, String> = crate::store::people::unit_names(ctx.db()).await?;
        let rows = store::scores_of(ctx.db(), &ctx.scope, id).await?;
        let parsed = |text: &str| validate_score(&a.scale, text).ok();
        let mut by_dept: Vec<(String, Vec<Score>)> = Vec::new();
        let mut all = Vec::new();
        let scores: Vec<ScoreRow> = rows
            .into_iter()
            .map(|(pid, name, unit_name, path, score, passed)| {
                let dept = dept_of(&path, &names);
                if let Some(s) = parsed(&score) {
                    all.push(s.clone());
                    match by_dept.iter_mut().find(|(d, _)| *d == dept) {
                        Some((_, v)) => v.push(s),
                        None => by_dept.push((dept.clone(), vec![s])),
                    }
                }
                ScoreRow { person_id: pid, name, unit_name, dept_name: dept, score, passed }
            })
            .collect();
        let stats = crate::domain::assessment::score_stats(&a.scale, &all);
        let passed = stats.passed;
        Ok(AssessmentView {
            row: row_of(&a, st, (stats.count, passed), locale(&ctx)),
            by_dept: by_dept.into_iter().map(|(d, v)| (d, crate::domain::assessment::score_stats(&a.scale, &v))).collect(),
            stats,
            scale: a.scale,
            scores,
            may_edit: ctx.user()?.has_role(Role::Hr),
        })
    }

    /// Scores as the page's form posts them, all checked before any is written: only the ones
    /// that differ from what is stored are written (and audited). Returns how many changed.
    pub async fn score_save(ctx: Ctx, assessment_id: i64, scores: Vec<ScoreInput>) -> Result<i64, AppError> {
        let (a, _) = store::assessment_get(ctx.db(), assessment_id).await?.ok_or(AppError::NotFound)?;
        if scores.is_empty() {
            return Err(AppError::field("scores", "没有要保存的成绩"));
        }
        if scores.len() > 5_000 {
            return Err(AppError::field("scores", "一次最多保存 5000 人的成绩，请用 Excel 导入"));
        }
        let mut wanted: Vec<(i64, Option<Score>)> = Vec::new();
        let mut bad: Vec<(i64, String)> = Vec::new();
        for s in &scores {
            let Some(pid) = s.person_id else {
                return Err(AppError::field("person_id", "请选择人员（填写人员编号）"));
            };
            if wanted.iter().any(|(p, _)| *p == pid) || bad.iter().any(|(p, _)| *p == pid) {
                return Err(AppError::field("person_id", format!("人员编号 {pid} 重复")));
            }
            match s.score.trim() {
                "" => wanted.push((pid, None)),
                text => match validate_score(&a.scale, text) {
                    Ok(v) => wanted.push((pid, Some(v))),
                    Err(m) => bad.push((pid, m)),
                },
            }
        }
        let ids: Vec<i64> = wanted.iter().map(|(p, _)| *p).chain(bad.iter().map(|(p, _)| *p)).collect();
        let in_scope: std::collections::HashSet<i64> = people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?.into_iter().collect();
        if ids.iter().any(|p| !in_scope.contains(p)) {
            return Err(AppError::NotFound);
        }
        let stored: HashMap<i64, (String, String)> =
            store::scores_of(ctx.db(), &ctx.scope, assessment_id).await?.into_iter().map(|r| (r.0, (r.1, r.4))).collect();
        if !bad.is_empty() {
            // The form holds many people: each message names whose score it is.
            let text = bad
                .into_iter()
                .map(|(pid, m)| match stored.get(&pid) {
                    Some((name, _)) => format!("{name}：{m}"),
                    None => format!("人员编号 {pid}：{m}"),
                })
                .collect::<Vec<_>>()
                .join("；");
            return Err(AppError::field("scores", text));
        }
        let changes: Vec<(i64, Option<Score>)> = wanted
            .into_iter()
            .filter(|(pid, v)| {
                let now = stored.get(pid).map(|(_, s)| s.as_str()).unwrap_or("");
                v.as_ref().map(score_text).as_deref().unwrap_or("") != now
            })
            .collect();
        if changes.is_empty() {
            return Ok(0);
        }
        let actor = ctx.actor();
        let now = now_ms();
        let mut w = ctx.db().write().await?;
        for (person_id, value) in &changes {
            let text = value.as_ref().map(score_text);
            let before = store::score_set(
                &mut w,
                assessment_id,
                *person_id,
                value.as_ref().map(|v| (text.as_deref().unwrap_or(""), points(v), a.scale.passes(v))),
                &actor.name,
                now,
            )
            .await?;
            audit::record(
                &mut w,
                &actor,
                NewRecord {
                    entity: "assessment_score",
                    entity_id: assessment_id.to_string(),
                    action: if text.is_some() { "set" } else { "remove" },
                    before: json!({ "person_id": person_id, "score": before }),
                    after: json!({ "person_id": person_id, "score": text }),
                },
            )
            .await?;
        }
        w.commit().await?;
        Ok(changes.len() as i64)
    }

    fn score_text(s: &Score) -> String {
        match s {
            Score::Points(v) => {
                let t = format!("{v:.2}");
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            Score::Grade(g) => g.clone(),
        }
    }

    fn points(s: &Score) -> Option<f64> {
        match s {
            Score::Points(v) => Some(*v),
            Score::Grade(_) => None,
        }
    }

    pub async fn score_import(ctx: Ctx, data: MultipartData) -> Result<ImportReport, AppError> {
        let up = crate::api::excel::ssr::read_upload(data, &["assessment_id"]).await?;
        let id: i64 = up.field("assessment_id").trim().parse().map_err(|_| AppError::field("assessment_id", "请从考核页面导入成绩"))?;
        let (a, _) = store::assessment_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        let (sheet, mut problems) = match read_sheet(up.bytes, &["成绩"], "可先导出成绩单再填写").await? {
            Ok(r) => r,
            Err(m) => return Ok(file_problem(up.name, m)),
        };
        let known =
            crate::api::excel::ssr::check_people(&ctx, sheet.rows.iter().map(|r| (r.row, r.person_id, r.name.as_str())), &mut problems)
                .await?;
        let mut set = Vec::new();
        for r in &sheet.rows {
            // A blank score leaves the person as they are.
            if r.cells[0].is_empty() {
                continue;
            }
            match validate_score(&a.scale, &r.cells[0]) {
                Ok(s) => set.push((r, s)),
                Err(m) => problems.push(Problem { row: r.row, column: sheet.labels[0].clone(), message: m }),
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
                .map(|(r, s)| ImportPreviewRow {
                    row: r.row,
                    name: known.get(&r.person_id).map(|p| p.name.clone()).unwrap_or_default(),
                    unit: known.get(&r.person_id).map(|p| p.unit_name.clone()).unwrap_or_default(),
                    id_masked: String::new(),
                    level: score_text(s),
                    updates: Some(r.person_id),
                })
                .collect(),
            problems,
            ..Default::default()
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }
        let actor = ctx.actor();
        let now = now_ms();
        let mut w = ctx.db().write().await?;
        let (mut created, mut updated) = (0, 0);
        for (r, s) in &set {
            let text = score_text(s);
            match store::score_set(&mut w, id, r.person_id, Some((&text, points(s), a.scale.passes(s))), &actor.name, now).await? {
                Some(_) => updated += 1,
                None => created += 1,
            }
        }
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "assessment_score",
                entity_id: id.to_string(),
                action: "import",
                before: Value::Null,
                after: json!({ "file": report.file_name, "scores": set.iter().map(|(r, s)| json!([r.person_id, score_text(s)])).collect::<Vec<_>>() }),
            },
        )
        .await?;
        w.commit().await?;
        report.creates = created;
        report.updates = updated;
        report.committed = true;
        Ok(report)
    }

    // ---- downloads ----------------------------------------------------------------------------

    use crate::api::excel::ssr::refusal;

    /// `GET /api/score_sheet?id=…`: an assessment's score list to fill in and import: everyone
    /// with a score, and for a session's assessment everyone who attended it.
    pub async fn score_sheet(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "score_sheet") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let Some(id) = params.iter().find(|(k, _)| k == "id").and_then(|(_, v)| v.parse::<i64>().ok()) else {
            return refusal(AppError::field("id", "缺少考核"));
        };
        let work = async {
            let (a, _) = store::assessment_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
            let mut lines: Vec<(i64, String, String, String)> = store::scores_of(ctx.db(), &ctx.scope, id)
                .await?
                .into_iter()
                .map(|(pid, name, unit, _, score, _)| (pid, name, unit, score))
                .collect();
            if let Some(sid) = a.session_id {
                let have: std::collections::HashSet<i64> = lines.iter().map(|l| l.0).collect();
                for p in store::attendees(ctx.db(), &ctx.scope, sid).await? {
                    if !have.contains(&p.id) {
                        lines.push((p.id, p.name, p.unit_name, String::new()));
                    }
                }
            }
            let rows: Vec<Vec<String>> = lines
                .into_iter()
                .enumerate()
                .map(|(i, (pid, name, unit, score))| vec![(i + 1).to_string(), pid.to_string(), name, unit, score])
                .collect();
            let title = format!("{} {}（{}）", a.title, a.held_on, a.scale.describe());
            tokio::task::spawn_blocking(move || crate::excel::table(&["序号", "人员编号", "姓名", "部室", "成绩"], rows, "成绩", &title))
                .await
                .map_err(|_| AppError::Internal)?
                .map_err(AppError::from)
        };
        match work.await {
            Ok(bytes) => crate::api::excel::ssr::workbook(bytes, &format!("成绩-{id}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    /// `GET /api/online_template`: the columns of a 网络学习 import.
    pub async fn online_template(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
    ) -> axum::response::Response {
        if let Err(e) = crate::security::authorize_request(state, auth.0, info, "online_template") {
            return refusal(e);
        }
        let made = tokio::task::spawn_blocking(|| {
            crate::excel::table(&["人员编号", "姓名", "日期", "学时", "学习平台"], Vec::new(), "网络学习", "网络学习学时")
        })
        .await
        .map_err(|_| AppError::Internal)
        .and_then(|r| r.map_err(AppError::from));
        match made {
            Ok(bytes) => crate::api::excel::ssr::workbook(bytes, "网络学习学时模板.xlsx"),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: crate::security::AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new()
            .route("/api/score_sheet", get(score_sheet).fallback(crate::security::gate::wrong_method))
            .route("/api/online_template", get(online_template).fallback(crate::security::gate::wrong_method))
            .with_state(state)
    }
}
