//! Posts and appointments: the post catalogue and vacancies, appointment records and history,
//! first-appointment campaigns, promotions through 任前公示 and 试用期, and the 干部任免审批表.
//! HR writes; leaders read; employees see none of it (their own history is on 我的档案).

use crate::error::AppError;
use crate::model::Page;
use crate::model::{
    AppointmentForm, AppointmentRules, CadreFormText, CadreFormView, CampaignAssignInput, CampaignDetail, CampaignForm, CampaignPickInput,
    CampaignRow, PersonPostsView, PostDetail, PostForm, PostOption, PostQuery, PostRow, ProbationRow, PromotionForm, PromotionRow,
    UnitVacancy,
};
use leptos::prelude::*;

pub const POSTS_PER_PAGE: i64 = 50;

#[server(prefix = "/api", endpoint = "post_vacancies")]
pub async fn post_vacancies() -> Result<Vec<UnitVacancy>, AppError> {
    crate::security::run("post_vacancies", |ctx| async move { Ok(crate::store::posts::vacancies(ctx.db(), &ctx.scope).await?) }).await
}

#[server(prefix = "/api", endpoint = "post_list")]
pub async fn post_list(query: PostQuery) -> Result<Page<PostRow>, AppError> {
    crate::security::run("post_list", |ctx| async move {
        let page = query.page.max(1);
        let (items, total) = crate::store::posts::list(ctx.db(), &ctx.scope, &query, POSTS_PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: POSTS_PER_PAGE })
    })
    .await
}

#[server(prefix = "/api", endpoint = "post_get")]
pub async fn post_get(id: i64) -> Result<PostDetail, AppError> {
    crate::security::run("post_get", |ctx| async move {
        let (mut d, duties) = crate::store::posts::get(ctx.db(), &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        d.duties_html = crate::markdown::render(&duties);
        Ok(d)
    })
    .await
}

#[server(prefix = "/api", endpoint = "post_options")]
pub async fn post_options() -> Result<Vec<PostOption>, AppError> {
    crate::security::run("post_options", |ctx| async move { Ok(crate::store::posts::options(ctx.db(), &ctx.scope).await?) }).await
}

/// Save a post; a form goes back to the catalogue.
#[server(prefix = "/api", endpoint = "post_save")]
pub async fn post_save(input: PostForm) -> Result<i64, AppError> {
    crate::security::run("post_save", |ctx| async move {
        let id = ssr::save_post(ctx, input).await?;
        crate::security::go("/posts");
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "post_close")]
pub async fn post_close(id: i64) -> Result<(), AppError> {
    crate::security::run("post_close", |ctx| ssr::close_post(ctx, id)).await
}

#[server(prefix = "/api", endpoint = "post_rules")]
pub async fn post_rules() -> Result<AppointmentRules, AppError> {
    crate::security::run("post_rules", |ctx| async move { Ok(crate::store::settings::post_rules(ctx.db()).await?) }).await
}

#[server(prefix = "/api", endpoint = "post_rules_save")]
pub async fn post_rules_save(rules: AppointmentRules) -> Result<(), AppError> {
    crate::security::run("post_rules_save", |ctx| ssr::save_rules(ctx, rules)).await
}

/// A person's posts and appointment history (HR and leaders, within their scope).
#[server(prefix = "/api", endpoint = "person_posts")]
pub async fn person_posts(person_id: i64) -> Result<PersonPostsView, AppError> {
    crate::security::run("person_posts", |ctx| ssr::person_posts(ctx, person_id)).await
}

#[server(prefix = "/api", endpoint = "appointment_record")]
pub async fn appointment_record(input: AppointmentForm) -> Result<i64, AppError> {
    crate::security::run("appointment_record", |ctx| ssr::record(ctx, input)).await
}

#[server(prefix = "/api", endpoint = "campaign_list")]
pub async fn campaign_list() -> Result<Vec<CampaignRow>, AppError> {
    crate::security::run("campaign_list", |ctx| async move { Ok(crate::store::posts::campaigns(ctx.db()).await?) }).await
}

/// A campaign with its people and, for a draft, the preview of every conflict (computed afresh on
/// every call: the page shows it after each change).
#[server(prefix = "/api", endpoint = "campaign_get")]
pub async fn campaign_get(id: i64) -> Result<CampaignDetail, AppError> {
    crate::security::run("campaign_get", |ctx| ssr::campaign_detail(ctx, id)).await
}

/// Create a draft (a form then goes to its page) or save a draft's header.
#[server(prefix = "/api", endpoint = "campaign_save")]
pub async fn campaign_save(input: CampaignForm) -> Result<i64, AppError> {
    crate::security::run("campaign_save", |ctx| async move {
        let new = input.id == 0;
        let id = ssr::save_campaign(ctx, input).await?;
        if new {
            crate::security::go(&format!("/posts/campaigns/{id}"));
        }
        Ok(id)
    })
    .await
}

/// Add people to a draft (by 部室 and/or level, or by name); answers how many were added, which a
/// form's page shows.
#[server(prefix = "/api", endpoint = "campaign_pick")]
pub async fn campaign_pick(input: CampaignPickInput) -> Result<i64, AppError> {
    crate::security::run("campaign_pick", |ctx| async move {
        let id = input.campaign_id;
        let n = ssr::pick(ctx, input).await?;
        crate::security::flash_count(n);
        crate::security::go(&format!("/posts/campaigns/{id}"));
        Ok(n)
    })
    .await
}

/// Assign posts in a draft: `items`, and the campaign page's table (every row's choice, then the
/// ticked rows to one post or out of the campaign), in one transaction. Answers how many people's
/// assignment changed (or left); a form goes back to the page with `?done=<op>`.
#[server(prefix = "/api", endpoint = "campaign_assign")]
pub async fn campaign_assign(input: CampaignAssignInput) -> Result<u64, AppError> {
    crate::security::run("campaign_assign", |ctx| async move {
        let (id, op) = (input.campaign_id, input.op.clone());
        let n = ssr::assign(ctx, input).await?;
        crate::security::flash_count(n as i64);
        crate::security::go(&format!("/posts/campaigns/{id}?done={}", if op.is_empty() { "save" } else { op.as_str() }));
        Ok(n)
    })
    .await
}

#[server(prefix = "/api", endpoint = "campaign_remove")]
pub async fn campaign_remove(campaign_id: i64, #[server(default)] person_ids: Vec<i64>) -> Result<(), AppError> {
    crate::security::run("campaign_remove", |ctx| ssr::remove(ctx, campaign_id, person_ids)).await
}

/// Assignments from the campaign sheet (filled in): checked first, written in one transaction when
/// `commit` is "1" and there is no problem. Fields: `file`, `campaign_id`, `commit`.
#[server(prefix = "/api", endpoint = "campaign_sheet_import", input = server_fn::codec::MultipartFormData)]
pub async fn campaign_sheet_import(data: server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
    let r = crate::security::run("campaign_sheet_import", |ctx| ssr::import_sheet(ctx, data)).await;
    crate::api::excel::ssr::finish_upload(&r).await;
    r
}

/// Apply every assignment of a draft in one transaction with the campaign's 文号; refused, with
/// nothing written, while the preview shows a conflict.
#[server(prefix = "/api", endpoint = "campaign_commit")]
pub async fn campaign_commit(id: i64) -> Result<i64, AppError> {
    crate::security::run("campaign_commit", |ctx| async move {
        let n = ssr::commit(ctx, id).await?;
        crate::security::flash_count(n);
        Ok(n)
    })
    .await
}

#[server(prefix = "/api", endpoint = "promotion_list")]
pub async fn promotion_list() -> Result<Vec<PromotionRow>, AppError> {
    crate::security::run("promotion_list", |ctx| async move { Ok(crate::store::posts::promotions(ctx.db(), &ctx.scope, None).await?) })
        .await
}

/// Start a promotion's 任前公示 (the end date counts working days on the holiday calendar).
#[server(prefix = "/api", endpoint = "promotion_start")]
pub async fn promotion_start(input: PromotionForm) -> Result<i64, AppError> {
    crate::security::run("promotion_start", |ctx| ssr::start_promotion(ctx, input)).await
}

#[server(prefix = "/api", endpoint = "promotion_objection")]
pub async fn promotion_objection(id: i64, received: String, text: String, #[server(default)] outcome: String) -> Result<i64, AppError> {
    crate::security::run("promotion_objection", |ctx| ssr::objection(ctx, id, received, text, outcome)).await
}

/// After the 公示: the 提任 takes effect and the 试用期 starts.
#[server(prefix = "/api", endpoint = "promotion_effect")]
pub async fn promotion_effect(
    id: i64,
    effective_date: String,
    doc_no: String,
    /// Only an administrator's form has it.
    #[server(default)]
    override_reason: String,
) -> Result<i64, AppError> {
    crate::security::run("promotion_effect", |ctx| ssr::effect(ctx, id, effective_date, doc_no, override_reason)).await
}

#[server(prefix = "/api", endpoint = "promotion_stop")]
pub async fn promotion_stop(id: i64, reason: String) -> Result<(), AppError> {
    crate::security::run("promotion_stop", |ctx| ssr::stop(ctx, id, reason)).await
}

/// Open probations ending within `days` of `from` (a date; empty = today); `days` 0 = all open.
#[server(prefix = "/api", endpoint = "probation_list")]
pub async fn probation_list(from: String, days: i64) -> Result<Vec<ProbationRow>, AppError> {
    crate::security::run("probation_list", |ctx| ssr::probation_list(ctx, from, days)).await
}

/// Close a probation: 转正 or 回原级, each an appointment record.
#[server(prefix = "/api", endpoint = "probation_close")]
pub async fn probation_close(
    appointment_id: i64,
    outcome: String,
    effective_date: String,
    doc_no: String,
    decided_by: String,
) -> Result<i64, AppError> {
    crate::security::run("probation_close", |ctx| ssr::close_probation(ctx, appointment_id, outcome, effective_date, doc_no, decided_by))
        .await
}

#[server(prefix = "/api", endpoint = "cadre_form")]
pub async fn cadre_form(person_id: i64) -> Result<CadreFormView, AppError> {
    crate::security::run("cadre_form", |ctx| ssr::form(ctx, person_id)).await
}

/// Save the form's own text. Family rows left blank are dropped; `regenerate` (a checkbox) clears
/// the typed 简历, so the one generated from the appointment records is shown again. A form goes
/// back to the printable page.
#[server(prefix = "/api", endpoint = "cadre_form_save")]
pub async fn cadre_form_save(
    person_id: i64,
    text: CadreFormText,
    /// A checkbox (`value="true"`).
    #[server(default)]
    regenerate: bool,
) -> Result<(), AppError> {
    crate::security::run("cadre_form_save", |ctx| async move {
        let mut text = text;
        if regenerate {
            text.resume.clear();
        }
        ssr::save_form(ctx, person_id, text).await?;
        crate::security::go(&format!("/posts/form/{person_id}"));
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
pub use ssr::routes as sheet_routes;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::domain::posts::{self as rules, kind_vacates_post, notice_end, probation_end, validate_post, Conflict, PostInput};
    use crate::domain::roster::{level_rank, LEADER_LEVELS};
    use crate::domain::time::{age_on, today_china};
    use crate::error::FieldError;
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::posts::{self as store, NewAppointment, NewPromotion};
    use crate::store::{people, settings, WriteTx};
    use chrono::NaiveDate;
    use serde_json::json;

    fn invalid(errs: Vec<(&'static str, String)>) -> AppError {
        AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect())
    }

    fn today() -> NaiveDate {
        today_china(chrono::Utc::now())
    }

    fn date(field: &str, s: &str, label: &str) -> Result<NaiveDate, AppError> {
        let d =
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::field(field, format!("请填写{label}（年-月-日）")))?;
        if d.year_ce().1 < 1950 || d > today() + chrono::Duration::days(3660) {
            return Err(AppError::field(field, format!("{label}不在合理范围内")));
        }
        Ok(d)
    }

    use chrono::Datelike;

    fn is_admin(ctx: &Ctx) -> bool {
        ctx.user().map(|u| u.roles().contains(&crate::authz::Role::Admin)).unwrap_or(false)
    }

    /// Conflicts refuse the change, unless an admin gave a written reason (then they are recorded).
    fn refuse_or_override(ctx: &Ctx, conflicts: &[Conflict], reason: &str) -> Result<(), AppError> {
        if conflicts.is_empty() {
            return Ok(());
        }
        let words: Vec<String> = conflicts.iter().map(|c| c.message()).collect();
        let overridable = conflicts.iter().all(|c| matches!(c, Conflict::SeatsExceeded { .. } | Conflict::QuotaExceeded { .. }));
        if overridable && is_admin(ctx) && reason.trim().chars().count() >= 4 {
            return Ok(());
        }
        let tail = if overridable && is_admin(ctx) { "。如确需突破，请填写书面理由（至少 4 个字）" } else { "" };
        Err(AppError::Refused(format!("{}{tail}", words.join("；"))))
    }

    async fn person_in_scope(ctx: &Ctx, person_id: i64) -> Result<crate::model::PersonRecord, AppError> {
        people::get(ctx.db(), &ctx.scope, person_id).await?.ok_or(AppError::NotFound)
    }

    async fn post_in_scope(ctx: &Ctx, post_id: i64, field: &str) -> Result<i64, AppError> {
        match store::post_unit(ctx.db(), &ctx.scope, post_id).await? {
            Some((unit, true)) => Ok(unit),
            Some((_, false)) => Err(AppError::field(field, "您无权在所选部室安排岗位")),
            None => Err(AppError::field(field, "所选岗位不存在")),
        }
    }

    /// People of a list who are no longer 在职 (retired, left since they were picked), in words:
    /// nobody who has left is given a post.
    async fn departed(w: &mut WriteTx, people: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
        let cur = store::current(w, people).await?;
        Ok(people
            .iter()
            .filter_map(|p| {
                cur.get(p).filter(|c| c.status != "在职").map(|c| (*p, format!("{} 的人员状态为{}，不能办理任免", c.name, c.status)))
            })
            .collect())
    }

    // ---- posts ----

    pub async fn save_post(ctx: Ctx, f: PostForm) -> Result<i64, AppError> {
        let input = PostInput {
            name: f.name.clone(),
            category: f.category.clone(),
            grade: f.grade.clone(),
            leader_level: f.leader_level.clone(),
            seats: f.seats,
            duties: f.duties.clone(),
        };
        let errs = validate_post(&input);
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        match people::unit_path(ctx.db(), f.unit_id).await? {
            None => return Err(AppError::field("unit_id", "请选择部室")),
            Some(p) if !ctx.scope.covers_path(&p) => return Err(AppError::field("unit_id", "您无权管理所选部室的岗位")),
            Some(_) => {}
        }
        let before = if f.id != 0 {
            let (d, _) = store::get(ctx.db(), &ctx.scope, f.id).await?.ok_or(AppError::NotFound)?;
            if d.post.unit_id != f.unit_id {
                return Err(AppError::field("unit_id", "岗位所属部室不能更改；请在新部室设岗"));
            }
            if d.post.filled > f.seats {
                return Err(AppError::field("seats", format!("该岗位现有 {} 人在岗，岗位数不能少于在岗人数", d.post.filled)));
            }
            if d.post.leader_level != f.leader_level && d.post.filled > 0 {
                return Err(AppError::field("leader_level", "岗位有人在岗时不能更改所占职数层次"));
            }
            Some(d.post)
        } else {
            None
        };
        let mut w = ctx.db().write().await?;
        if store::name_taken(&mut w, f.unit_id, &f.name, f.id).await? {
            return Err(AppError::field("name", format!("本部室已有名为「{}」的岗位", f.name.trim())));
        }
        let id = store::save(&mut w, &f).await?.ok_or(AppError::NotFound)?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "post",
                entity_id: id.to_string(),
                action: if before.is_some() { "update" } else { "create" },
                before: before.map(|b| json!(b)).unwrap_or(serde_json::Value::Null),
                after: json!(f),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn close_post(ctx: Ctx, id: i64) -> Result<(), AppError> {
        store::get(ctx.db(), &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        let mut w = ctx.db().write().await?;
        if !store::close(&mut w, id).await? {
            return Err(AppError::Refused("该岗位仍有人员在岗，请先办理免职或转任后再撤销".into()));
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "post", entity_id: id.to_string(), action: "close", before: json!({}), after: json!({ "closed": true }) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn save_rules(ctx: Ctx, r: AppointmentRules) -> Result<(), AppError> {
        if !(1..=30).contains(&r.notice_days) {
            return Err(AppError::field("notice_days", "公示期应为 1–30 个工作日"));
        }
        if !(1..=36).contains(&r.probation_months) {
            return Err(AppError::field("probation_months", "试用期应为 1–36 个月"));
        }
        let before = settings::post_rules(ctx.db()).await?;
        let mut w = ctx.db().write().await?;
        settings::save_post_rules(&mut w, &r).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "settings", entity_id: "post_rules".into(), action: "update", before: json!(before), after: json!(r) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    // ---- a person's appointments ----

    pub async fn person_posts(ctx: Ctx, person_id: i64) -> Result<PersonPostsView, AppError> {
        let p = person_in_scope(&ctx, person_id).await?;
        let db = ctx.db();
        let (history, holdings, probation) =
            tokio::try_join!(store::history(db, person_id), store::holdings(db, person_id), store::open_probation(db, person_id, today()))?;
        Ok(PersonPostsView {
            person_id,
            name: p.fields.name,
            unit_name: p.unit_name,
            level: p.fields.level,
            position: p.fields.position,
            position_date: p.fields.position_date,
            status: p.fields.status,
            holdings,
            history,
            probation,
        })
    }

    /// The kinds HR records directly (提任 goes through 公示; 转正 and 回原级 close a probation).
    const DIRECT_KINDS: &[&str] = &["首聘", "平岗定位", "转任", "调任", "免职", "退休"];

    pub async fn record(ctx: Ctx, f: AppointmentForm) -> Result<i64, AppError> {
        let kind = f.kind.trim().to_string();
        if kind == "提任" {
            return Err(AppError::field("kind", "提任须经任前公示：请在「提任公示」中办理"));
        }
        if kind == "转正" || kind == "回原级" {
            return Err(AppError::field("kind", "转正或回原级请在「试用期」中办理"));
        }
        if !DIRECT_KINDS.contains(&kind.as_str()) {
            return Err(AppError::field("kind", "请选择任免类别"));
        }
        let input = rules::AppointmentInput {
            kind: kind.clone(),
            effective_date: f.effective_date.clone(),
            doc_no: f.doc_no.clone(),
            decided_by: f.decided_by.clone(),
            notes: f.notes.clone(),
        };
        let effective = rules::validate_appointment(&input, today()).map_err(invalid)?;
        if f.override_reason.chars().count() > 500 {
            return Err(AppError::field("override_reason", "理由不超过 500 字"));
        }
        let person = person_in_scope(&ctx, f.person_id).await?;
        if person.fields.status != "在职" {
            return Err(AppError::Refused(format!("{} 的人员状态为{}，不能办理任免", person.fields.name, person.fields.status)));
        }
        let vacates = kind_vacates_post(&kind);
        let post = if vacates || f.post_id == 0 { None } else { Some(f.post_id) };
        if !vacates && post.is_none() {
            return Err(AppError::field("post_id", "请选择岗位"));
        }
        if let Some(p) = post {
            post_in_scope(&ctx, p, "post_id").await?;
        }
        let mut w = ctx.db().write().await?;
        if let (Some(p), false) = (post, f.part_time) {
            let checked = store::check(&mut w, &[(f.person_id, Some(p), None)], true).await?;
            refuse_or_override(&ctx, &checked.conflicts, &f.override_reason)?;
        }
        let item = NewAppointment {
            person_id: f.person_id,
            kind: kind.clone(),
            effective_date: effective.to_string(),
            doc_no: f.doc_no.clone(),
            decided_by: f.decided_by.clone(),
            notes: f.notes.clone(),
            post_id: post,
            part_time: f.part_time && post.is_some(),
            level: None,
            position: None,
            override_reason: if is_admin(&ctx) { f.override_reason.clone() } else { String::new() },
            ..Default::default()
        };
        let ids = store::apply(&mut w, std::slice::from_ref(&item), &ctx.actor().name).await?;
        let id = ids.get(&f.person_id).copied().ok_or(AppError::Internal)?;
        if kind == "退休" {
            crate::api::roster::ssr::disable_leaver(&mut w, &ctx.actor(), f.person_id, "在职", "退休").await?;
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "appointment",
                entity_id: id.to_string(),
                action: "create",
                before: json!({ "person_id": f.person_id, "position": person.fields.position, "level": person.fields.level }),
                after: json!({ "person_id": f.person_id, "kind": kind, "post_id": post, "part_time": item.part_time, "effective_date": item.effective_date,
                    "doc_no": item.doc_no, "decided_by": item.decided_by, "override_reason": item.override_reason }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    // ---- campaigns ----

    fn check_campaign_form(f: &CampaignForm) -> Result<(), AppError> {
        let mut errs: Vec<(&'static str, String)> = Vec::new();
        let name = f.name.trim().chars().count();
        if name == 0 || name > 60 {
            errs.push(("name", "请填写名称（不超过 60 个字）".into()));
        }
        if !rules::CAMPAIGN_KINDS.contains(&f.kind.as_str()) {
            errs.push(("kind", "请选择首聘或平岗定位".into()));
        }
        if f.doc_no.trim().chars().count() > 60 {
            errs.push(("doc_no", "任免文号不超过 60 个字".into()));
        }
        if f.decided_by.trim().chars().count() > 40 {
            errs.push(("decided_by", "决定机关不超过 40 个字".into()));
        }
        if f.notes.chars().count() > 2000 {
            errs.push(("notes", "备注不超过 2000 字".into()));
        }
        if NaiveDate::parse_from_str(f.effective_date.trim(), "%Y-%m-%d").is_err() {
            errs.push(("effective_date", "请填写任职时间（年-月-日）".into()));
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(invalid(errs))
        }
    }

    async fn draft(w: &mut WriteTx, id: i64) -> Result<CampaignForm, AppError> {
        match store::campaign_locked(w, id).await? {
            None => Err(AppError::NotFound),
            Some((status, _)) if status != "草稿" => Err(AppError::Refused("该批次已提交，不能再修改".into())),
            Some((_, f)) => Ok(f),
        }
    }

    pub async fn save_campaign(ctx: Ctx, f: CampaignForm) -> Result<i64, AppError> {
        check_campaign_form(&f)?;
        let mut w = ctx.db().write().await?;
        if f.id != 0 {
            draft(&mut w, f.id).await?;
        }
        let id = store::campaign_save(&mut w, &f, &ctx.actor().name).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "campaign",
                entity_id: id.to_string(),
                action: if f.id == 0 { "create" } else { "update" },
                before: json!({}),
                after: json!(f),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// A draft holds at most this many people (a province's merger, not the whole roster twice).
    const MAX_CAMPAIGN: i64 = 20_000;

    pub async fn pick(ctx: Ctx, p: CampaignPickInput) -> Result<i64, AppError> {
        if p.unit_id == 0 && p.level.is_empty() && p.person_ids.0.is_empty() && !p.without_post {
            return Err(AppError::field("unit_id", "请至少选择部室、职务层次或人员之一"));
        }
        if !p.level.is_empty() && !crate::domain::roster::LEVELS.contains(&p.level.as_str()) {
            return Err(AppError::field("level", "职务层次不正确"));
        }
        if p.person_ids.0.len() > 10_000 {
            return Err(AppError::field("person_ids", "一次最多添加 10000 人"));
        }
        let mut w = ctx.db().write().await?;
        draft(&mut w, p.campaign_id).await?;
        let found = store::pick_people(&mut w, &ctx.scope, p.campaign_id, p.unit_id, &p.level, &p.person_ids.0, p.without_post).await?;
        let have = store::campaign_count(&mut w, p.campaign_id).await?;
        if have + found.len() as i64 > MAX_CAMPAIGN {
            return Err(AppError::Refused(format!(
                "一个批次最多 {MAX_CAMPAIGN} 人；本次将达到 {} 人，请分批办理",
                have + found.len() as i64
            )));
        }
        store::campaign_add(&mut w, p.campaign_id, &found).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "campaign",
                entity_id: p.campaign_id.to_string(),
                action: "add_people",
                before: json!({}),
                after: json!({ "added": found.len(), "pick": p }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(found.len() as i64)
    }

    /// One row of the campaign page's table: `person:post`.
    fn table_row(s: &str) -> Result<(i64, i64), AppError> {
        s.split_once(':')
            .and_then(|(person, post)| Some((person.trim().parse().ok()?, post.trim().parse().ok()?)))
            .filter(|(person, post): &(i64, i64)| *person > 0 && *post >= 0)
            .ok_or_else(|| AppError::field("rows", "岗位安排的内容有误，请刷新页面后重试"))
    }

    pub async fn assign(ctx: Ctx, a: CampaignAssignInput) -> Result<u64, AppError> {
        let op = match a.op.trim() {
            "" | "save" => "save",
            "bulk" => "bulk",
            "remove" => "remove",
            _ => return Err(AppError::field("op", "未知的操作")),
        };
        if a.items.len() > MAX_CAMPAIGN as usize || a.rows.len() > MAX_CAMPAIGN as usize || a.picked.0.len() > MAX_CAMPAIGN as usize {
            return Err(AppError::field("items", "一次最多安排 20000 人"));
        }
        let rows = a.rows.iter().map(|r| table_row(r)).collect::<Result<Vec<_>, _>>()?;
        let picked = &a.picked.0;
        let bulk_post = match op {
            "bulk" if picked.is_empty() => return Err(AppError::field("picked", "请先勾选要安排的人员")),
            "bulk" => Some(a.bulk_post.filter(|p| *p >= 0).ok_or_else(|| AppError::field("bulk_post", "请选择岗位"))?),
            "remove" if picked.is_empty() => return Err(AppError::field("picked", "请先勾选要移出的人员")),
            // Removing people is its own permission, whichever form asks for it.
            "remove" if !ctx.user()?.may("campaign_remove") => return Err(AppError::Forbidden),
            _ => None,
        };
        let mut w = ctx.db().write().await?;
        draft(&mut w, a.campaign_id).await?;
        // The table's rows that differ from the draft (people still in it), then the ticked ones.
        let now: std::collections::HashMap<i64, i64> =
            store::campaign_pairs(&mut w, a.campaign_id).await?.into_iter().map(|(p, post)| (p, post.unwrap_or(0))).collect();
        let leaving: std::collections::HashSet<i64> = if op == "remove" { picked.iter().copied().collect() } else { Default::default() };
        let mut items: Vec<(i64, i64)> = a.items.clone();
        let mut changed: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for (person, post) in rows {
            if now.get(&person).is_some_and(|p| *p != post) && !leaving.contains(&person) {
                changed.insert(person, post);
            }
        }
        if let Some(post) = bulk_post {
            for person in picked {
                if now.get(person).is_some_and(|p| *p != post) {
                    changed.insert(*person, post);
                } else {
                    changed.remove(person);
                }
            }
        }
        let mut changed: Vec<(i64, i64)> = changed.into_iter().collect();
        changed.sort_unstable();
        items.extend(changed.iter().copied());
        let posts: std::collections::BTreeSet<i64> = items.iter().map(|(_, p)| *p).filter(|p| *p > 0).collect();
        for p in &posts {
            post_in_scope(&ctx, *p, "post_id").await?;
        }
        let mut n = store::campaign_assign(&mut w, a.campaign_id, &items).await?;
        if !items.is_empty() {
            audit::record(
                &mut w,
                &ctx.actor(),
                NewRecord {
                    entity: "campaign",
                    entity_id: a.campaign_id.to_string(),
                    action: "assign",
                    before: json!({}),
                    after: json!({ "items": items }),
                },
            )
            .await?;
        }
        if op == "remove" {
            let gone: Vec<i64> = picked.iter().copied().filter(|p| now.contains_key(p)).collect();
            store::campaign_remove(&mut w, a.campaign_id, &gone).await?;
            audit::record(
                &mut w,
                &ctx.actor(),
                NewRecord {
                    entity: "campaign",
                    entity_id: a.campaign_id.to_string(),
                    action: "remove_people",
                    before: json!({}),
                    after: json!({ "people": gone }),
                },
            )
            .await?;
            n = gone.len() as u64;
        }
        w.commit().await?;
        Ok(n)
    }

    pub async fn remove(ctx: Ctx, campaign_id: i64, person_ids: Vec<i64>) -> Result<(), AppError> {
        if person_ids.len() > MAX_CAMPAIGN as usize {
            return Err(AppError::field("person_ids", "一次最多移出 20000 人"));
        }
        let mut w = ctx.db().write().await?;
        draft(&mut w, campaign_id).await?;
        store::campaign_remove(&mut w, campaign_id, &person_ids).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "campaign",
                entity_id: campaign_id.to_string(),
                action: "remove_people",
                before: json!({}),
                after: json!({ "people": person_ids }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn campaign_detail(ctx: Ctx, id: i64) -> Result<CampaignDetail, AppError> {
        let (campaign, notes) = store::campaign(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        if campaign.status != "草稿" {
            let mut items = store::campaign_appointments(ctx.db(), id).await?;
            // A 部室 leader sees the people of their 部室 only.
            let ids: Vec<i64> = items.iter().map(|i| i.person_id).collect();
            let inside = people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?;
            items.retain(|i| inside.contains(&i.person_id));
            return Ok(CampaignDetail { campaign, notes, items, conflicts: Vec::new(), posts: Vec::new() });
        }
        let mut items = store::campaign_items(ctx.db(), id).await?;
        // The preview: checked as the commit would, then rolled back (nothing is written).
        let (conflicts, gone) = {
            let mut w = ctx.db().write().await?;
            let pairs = store::campaign_pairs(&mut w, id).await?;
            let people: Vec<i64> = pairs.iter().map(|(p, _)| *p).collect();
            let gone = departed(&mut w, &people).await?;
            let triples: Vec<(i64, Option<i64>, Option<String>)> = pairs.into_iter().map(|(p, post)| (p, post, None)).collect();
            (store::check(&mut w, &triples, true).await?.conflicts, gone)
        };
        let names: std::collections::HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.person_id, i)).collect();
        let by_name: std::collections::HashMap<String, Vec<usize>> = items.iter().enumerate().fold(Default::default(), |mut m, (i, it)| {
            m.entry(it.name.clone()).or_default().push(i);
            m
        });
        for c in &conflicts {
            if let Some(person) = c.person() {
                for i in by_name.get(person).into_iter().flatten() {
                    items[*i].problems.push(c.message());
                }
            }
        }
        for (person, words) in &gone {
            if let Some(i) = names.get(person) {
                items[*i].problems.push(words.clone());
            }
        }
        let ids: Vec<i64> = items.iter().map(|i| i.person_id).collect();
        let inside = people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?;
        items.retain(|i| inside.contains(&i.person_id));
        let posts = store::options(ctx.db(), &ctx.scope).await?;
        let conflicts = conflicts.iter().map(|c| c.message()).chain(gone.into_iter().map(|(_, m)| m)).collect();
        Ok(CampaignDetail { campaign, notes, items, conflicts, posts })
    }

    pub async fn commit(ctx: Ctx, id: i64) -> Result<i64, AppError> {
        let mut w = ctx.db().write().await?;
        let f = draft(&mut w, id).await?;
        if f.doc_no.trim().is_empty() {
            return Err(AppError::field("doc_no", "提交前请填写任免文号"));
        }
        let effective =
            NaiveDate::parse_from_str(&f.effective_date, "%Y-%m-%d").map_err(|_| AppError::field("effective_date", "请填写任职时间"))?;
        let pairs = store::campaign_pairs(&mut w, id).await?;
        if pairs.is_empty() {
            return Err(AppError::Refused("该批次还没有人员".into()));
        }
        let triples: Vec<(i64, Option<i64>, Option<String>)> = pairs.iter().map(|(p, post)| (*p, *post, None)).collect();
        let checked = store::check(&mut w, &triples, true).await?;
        let people: Vec<i64> = pairs.iter().map(|(p, _)| *p).collect();
        let gone = departed(&mut w, &people).await?;
        if !checked.conflicts.is_empty() || !gone.is_empty() {
            let n = checked.conflicts.len() + gone.len();
            let first: Vec<String> =
                checked.conflicts.iter().map(|c| c.message()).chain(gone.into_iter().map(|(_, m)| m)).take(5).collect();
            return Err(AppError::Refused(format!(
                "预览中还有 {n} 个问题，请先处理：{}{}",
                first.join("；"),
                if n > 5 { "……" } else { "" }
            )));
        }
        let items: Vec<NewAppointment> = pairs
            .iter()
            .map(|(person, post)| NewAppointment {
                person_id: *person,
                kind: f.kind.clone(),
                effective_date: effective.to_string(),
                doc_no: f.doc_no.clone(),
                decided_by: f.decided_by.clone(),
                notes: f.name.clone(),
                post_id: *post,
                campaign_id: Some(id),
                ..Default::default()
            })
            .collect();
        let made = store::apply(&mut w, &items, &ctx.actor().name).await?;
        store::campaign_committed(&mut w, id).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "campaign",
                entity_id: id.to_string(),
                action: "commit",
                before: json!({ "status": "草稿" }),
                after: json!({ "status": "已提交", "doc_no": f.doc_no, "appointments": made.len(), "items": pairs }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(made.len() as i64)
    }

    // ---- promotions ----

    pub async fn start_promotion(ctx: Ctx, f: PromotionForm) -> Result<i64, AppError> {
        let mut w = ctx.db().write().await?;
        let id = start_promotion_in(&ctx, &mut w, &f).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Start a promotion's 任前公示 inside the caller's transaction (the reserve pool's 研究决定
    /// starts one with its own move).
    pub(crate) async fn start_promotion_in(ctx: &Ctx, w: &mut crate::store::WriteTx, f: &PromotionForm) -> Result<i64, AppError> {
        let person = person_in_scope(ctx, f.person_id).await?;
        if person.fields.status != "在职" {
            return Err(AppError::Refused(format!("{} 不在职，不能提任", person.fields.name)));
        }
        if !LEADER_LEVELS.contains(&f.to_level.as_str()) && !["科员", "办事员"].contains(&f.to_level.as_str()) {
            return Err(AppError::field("to_level", "请选择拟任职务层次"));
        }
        if level_rank(&f.to_level) >= level_rank(&person.fields.level) {
            return Err(AppError::field("to_level", format!("拟任层次应高于现任层次（{}）", person.fields.level)));
        }
        let decision = date("decision_date", &f.decision_date, "讨论决定日期")?;
        let start = date("notice_start", &f.notice_start, "公示开始日期")?;
        if start < decision {
            return Err(AppError::field("notice_start", "公示应在讨论决定之后开始"));
        }
        if f.decided_by.trim().chars().count() > 40 || f.reason.chars().count() > 2000 {
            return Err(AppError::field("decided_by", "决定机关不超过 40 字，理由不超过 2000 字"));
        }
        post_in_scope(ctx, f.post_id, "post_id").await?;
        let rules_now = settings::post_rules(ctx.db()).await?;
        let cal = crate::store::calendar::load(ctx.db()).await?;
        let end = notice_end(&cal, start, rules_now.notice_days);
        if store::promotion_open(w, f.person_id).await? {
            return Err(AppError::Refused(format!("{} 已有一项提任正在公示", person.fields.name)));
        }
        // The post must suit the new level; seats and 职数 are checked again when it takes effect.
        let checked = store::check(w, &[(f.person_id, Some(f.post_id), Some(f.to_level.clone()))], true).await?;
        if let Some(c) = checked.conflicts.iter().find(|c| matches!(c, Conflict::LevelMismatch { .. } | Conflict::UnknownPost { .. })) {
            return Err(AppError::field("post_id", c.message()));
        }
        let id = store::promotion_insert(
            w,
            &NewPromotion {
                person_id: f.person_id,
                post_id: f.post_id,
                to_level: &f.to_level,
                decided_by: &f.decided_by,
                decision_date: &decision.to_string(),
                notice_start: &start.to_string(),
                notice_end: &end.to_string(),
                notice_days: rules_now.notice_days as i64,
                reason: &f.reason,
            },
            &ctx.actor().name,
        )
        .await?;
        audit::record(
            w,
            &ctx.actor(),
            NewRecord {
                entity: "promotion",
                entity_id: id.to_string(),
                action: "create",
                before: json!({}),
                after: json!({ "form": f, "notice_end": end.to_string() }),
            },
        )
        .await?;
        Ok(id)
    }

    pub async fn objection(ctx: Ctx, id: i64, received: String, text: String, outcome: String) -> Result<i64, AppError> {
        let received = date("received", &received, "收到日期")?;
        let n = text.trim().chars().count();
        if n == 0 || n > 2000 {
            return Err(AppError::field("text", "请填写反映的问题（不超过 2000 字）"));
        }
        if outcome.chars().count() > 2000 {
            return Err(AppError::field("outcome", "核查结果不超过 2000 字"));
        }
        let mut w = ctx.db().write().await?;
        let p = store::promotion_locked(&mut w, &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        if p.status != "公示中" {
            return Err(AppError::Refused("该提任已不在公示期".into()));
        }
        let oid = store::objection_add(&mut w, id, &received.to_string(), &text, &outcome, &ctx.actor().name).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "promotion",
                entity_id: id.to_string(),
                action: "objection",
                before: json!({}),
                after: json!({ "received": received.to_string(), "text": text, "outcome": outcome }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(oid)
    }

    pub async fn effect(ctx: Ctx, id: i64, effective_date: String, doc_no: String, override_reason: String) -> Result<i64, AppError> {
        let effective = date("effective_date", &effective_date, "任职时间")?;
        let doc = doc_no.trim();
        if doc.is_empty() || doc.chars().count() > 60 {
            return Err(AppError::field("doc_no", "请填写任免文号（不超过 60 个字）"));
        }
        let months = settings::post_rules(ctx.db()).await?.probation_months;
        let mut w = ctx.db().write().await?;
        let p = store::promotion_locked(&mut w, &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        if p.status != "公示中" {
            return Err(AppError::Refused("该提任不在公示期，不能任职".into()));
        }
        if effective.to_string() <= p.notice_end {
            return Err(AppError::field("effective_date", format!("公示期至 {} 结束，任职时间应在此之后", p.notice_end)));
        }
        if let Some((_, words)) = departed(&mut w, &[p.person_id]).await?.pop() {
            return Err(AppError::Refused(words));
        }
        let checked = store::check(&mut w, &[(p.person_id, Some(p.post_id), Some(p.to_level.clone()))], true).await?;
        refuse_or_override(&ctx, &checked.conflicts, &override_reason)?;
        let end = probation_end(effective, months).ok_or_else(|| AppError::field("effective_date", "任职时间不正确"))?;
        let item = NewAppointment {
            person_id: p.person_id,
            kind: "提任".into(),
            effective_date: effective.to_string(),
            doc_no: doc.to_string(),
            decided_by: p.decided_by.clone(),
            notes: p.reason.clone(),
            post_id: Some(p.post_id),
            level: Some(p.to_level.clone()),
            promotion_id: Some(id),
            probation_end: Some(end.to_string()),
            override_reason: if is_admin(&ctx) { override_reason.clone() } else { String::new() },
            ..Default::default()
        };
        let ids = store::apply(&mut w, std::slice::from_ref(&item), &ctx.actor().name).await?;
        let aid = ids.get(&p.person_id).copied().ok_or(AppError::Internal)?;
        store::promotion_status(&mut w, id, "已任职", Some(aid), None).await?;
        // A reserve candidate promoted through the pool is now used.
        crate::store::reserve::promotion_ended(&mut w, id, true, &format!("任职（{doc}）"), &ctx.actor().name, crate::store::now_ms())
            .await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "promotion",
                entity_id: id.to_string(),
                action: "effect",
                before: json!({ "status": "公示中", "level": p.from_level }),
                after: json!({ "status": "已任职", "appointment_id": aid, "level": p.to_level, "effective_date": item.effective_date, "doc_no": doc, "probation_end": end.to_string() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(aid)
    }

    pub async fn stop(ctx: Ctx, id: i64, reason: String) -> Result<(), AppError> {
        let n = reason.trim().chars().count();
        if n == 0 || n > 500 {
            return Err(AppError::field("reason", "请填写终止理由（不超过 500 字）"));
        }
        let mut w = ctx.db().write().await?;
        let p = store::promotion_locked(&mut w, &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        if p.status != "公示中" {
            return Err(AppError::Refused("只能终止公示中的提任".into()));
        }
        store::promotion_status(&mut w, id, "已终止", None, Some(reason.trim())).await?;
        crate::store::reserve::promotion_ended(
            &mut w,
            id,
            false,
            &format!("提任已终止：{}", reason.trim()),
            &ctx.actor().name,
            crate::store::now_ms(),
        )
        .await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "promotion",
                entity_id: id.to_string(),
                action: "stop",
                before: json!({ "status": "公示中" }),
                after: json!({ "status": "已终止", "reason": reason }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn probation_list(ctx: Ctx, from: String, days: i64) -> Result<Vec<ProbationRow>, AppError> {
        let from = if from.trim().is_empty() { today() } else { date("from", &from, "起算日期")? };
        if !(0..=3660).contains(&days) {
            return Err(AppError::field("days", "天数应为 0–3660"));
        }
        let until = (days > 0).then(|| from + chrono::Duration::days(days));
        Ok(store::probations(ctx.db(), &ctx.scope, from, until).await?)
    }

    pub async fn close_probation(
        ctx: Ctx,
        appointment_id: i64,
        outcome: String,
        effective_date: String,
        doc_no: String,
        decided_by: String,
    ) -> Result<i64, AppError> {
        if outcome != "转正" && outcome != "回原级" {
            return Err(AppError::field("outcome", "请选择转正或回原级"));
        }
        let input = rules::AppointmentInput {
            kind: outcome.clone(),
            effective_date,
            doc_no: doc_no.clone(),
            decided_by: decided_by.clone(),
            notes: String::new(),
        };
        let effective = rules::validate_appointment(&input, today()).map_err(invalid)?;
        let mut w = ctx.db().write().await?;
        let (person_id, prev_post, prev_level, prev_position) =
            store::probation_for_close(&mut w, appointment_id).await?.ok_or(AppError::NotFound)?;
        person_in_scope(&ctx, person_id).await?;
        let item = if outcome == "转正" {
            NewAppointment { person_id, kind: outcome.clone(), closes_probation: Some(appointment_id), ..Default::default() }
        } else {
            // Back to the former level, and to the former post when a seat is free there.
            let back = match prev_post {
                Some(post) => {
                    let c = store::check(&mut w, &[(person_id, Some(post), Some(prev_level.clone()))], false).await?;
                    c.conflicts.is_empty().then_some(post)
                }
                None => None,
            };
            NewAppointment {
                person_id,
                kind: outcome.clone(),
                level: Some(prev_level.clone()),
                return_post: back,
                position: if back.is_none() { Some(prev_position) } else { None },
                closes_probation: Some(appointment_id),
                ..Default::default()
            }
        };
        let item = NewAppointment { effective_date: effective.to_string(), doc_no: doc_no.clone(), decided_by: decided_by.clone(), ..item };
        let ids = store::apply(&mut w, std::slice::from_ref(&item), &ctx.actor().name).await?;
        let id = ids.get(&person_id).copied().ok_or(AppError::Internal)?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "appointment",
                entity_id: id.to_string(),
                action: "create",
                before: json!({ "probation": appointment_id }),
                after: json!({ "person_id": person_id, "kind": outcome, "effective_date": item.effective_date, "doc_no": doc_no }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    // ---- 干部任免审批表 ----

    pub async fn form(ctx: Ctx, person_id: i64) -> Result<CadreFormView, AppError> {
        let p = person_in_scope(&ctx, person_id).await?;
        let db = ctx.db();
        let (history, saved) = tokio::try_join!(store::history(db, person_id), store::form_text(db, person_id))?;
        let mut entries: Vec<rules::HistoryEntry> = history
            .iter()
            .filter_map(|a| {
                Some(rules::HistoryEntry {
                    id: a.id,
                    kind: a.kind.clone(),
                    effective_date: NaiveDate::parse_from_str(&a.effective_date, "%Y-%m-%d").ok()?,
                    unit_name: a.unit_name.clone(),
                    post_name: a.position.clone(),
                    level: a.level.clone(),
                    part_time: a.part_time,
                })
            })
            .collect();
        rules::sort_history(&mut entries);
        let generated = rules::resume_text(&entries, true);
        let f = &p.fields;
        let birth = NaiveDate::parse_from_str(&f.birth_date, "%Y-%m-%d").ok();
        let proposed = store::promotions(db, &ctx.scope, Some(person_id)).await?.into_iter().find(|x| x.status == "公示中");
        let mut text = saved.clone().unwrap_or_default();
        if text.proposed_post.is_empty() {
            if let Some(pr) = &proposed {
                text.proposed_post = format!("{}（{}）", pr.post_name, pr.to_level);
            }
        }
        Ok(CadreFormView {
            person_id,
            name: f.name.clone(),
            sex: f.sex.clone(),
            birth: f.birth_date.clone(),
            age: birth.map(|b| age_on(b, today())).unwrap_or(0),
            ethnicity: f.ethnicity.clone(),
            native_place: f.native_place.clone(),
            birth_place: f.birth_place.clone(),
            party_date: f.party_date.clone(),
            work_start: f.work_start.clone(),
            professional_title: f.professional_title.clone(),
            edu_full: [f.edu_full.as_str(), f.degree_full.as_str()]
                .iter()
                .filter(|s| !s.is_empty() && **s != "无")
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            school_full: [f.school_full.as_str(), f.major_full.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            edu_part: [f.edu_part.as_str(), f.degree_part.as_str()]
                .iter()
                .filter(|s| !s.is_empty() && **s != "无")
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            school_part: [f.school_part.as_str(), f.major_part.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            current_post: format!("{}{}", p.unit_name, f.position),
            resume_generated: generated,
            text,
            saved: saved.is_some(),
        })
    }

    pub async fn save_form(ctx: Ctx, person_id: i64, mut t: CadreFormText) -> Result<(), AppError> {
        person_in_scope(&ctx, person_id).await?;
        // The form offers a few empty rows for more family members: those left blank are none.
        t.family.retain(|m| [&m.relation, &m.name, &m.birth, &m.political, &m.work].iter().any(|s| !s.trim().is_empty()));
        let mut errs: Vec<(&'static str, String)> = Vec::new();
        for (field, value, max) in [
            ("proposed_post", &t.proposed_post, 200),
            ("proposed_removal", &t.proposed_removal, 200),
            ("resume", &t.resume, 5000),
            ("rewards", &t.rewards, 2000),
            ("assessments", &t.assessments, 500),
            ("reasons", &t.reasons, 2000),
            ("health", &t.health, 40),
        ] {
            if value.chars().count() > max {
                errs.push((field, format!("不超过 {max} 字")));
            }
        }
        if t.family.len() > 20 {
            errs.push(("family", "家庭成员最多 20 人".into()));
        }
        for m in &t.family {
            if [&m.relation, &m.name, &m.birth, &m.political].iter().any(|s| s.chars().count() > 40) || m.work.chars().count() > 200 {
                errs.push(("family", "家庭成员各项不超过 40 字，工作单位及职务不超过 200 字".into()));
                break;
            }
        }
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let before = store::form_text(ctx.db(), person_id).await?;
        let mut w = ctx.db().write().await?;
        store::form_save(&mut w, person_id, &t, &ctx.actor().name).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "cadre_form", entity_id: person_id.to_string(), action: "update", before: json!(before), after: json!(t) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    // ---- assignments from a workbook ----

    /// The campaign sheet filled in (人员编号 and 岗位编号 or 聘任部室/聘任岗位): every row is checked
    /// against the roster, the importer's scope and the open posts; with no problem and `commit` "1",
    /// the people not yet in the draft are added and every row's post is set, in one transaction.
    /// Nothing is committed as appointments here: the draft's preview and 提交 do that.
    pub async fn import_sheet(ctx: Ctx, data: server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
        use crate::domain::import::Problem;
        use crate::domain::posts::{parse_campaign_sheet, SheetPost};
        use crate::excel::{self, LIMITS};
        use crate::model::{ImportPreviewRow, ImportReport};
        use std::collections::HashMap;
        let up = crate::api::excel::ssr::read_upload(data, &["campaign_id"]).await?;
        let campaign_id: i64 = up.field("campaign_id").trim().parse().map_err(|_| AppError::field("campaign_id", "请从批次页面导入"))?;
        let bytes = up.bytes;
        let read = tokio::task::spawn_blocking(move || {
            excel::read_upload(&bytes, &LIMITS).map(|grid| parse_campaign_sheet(&grid, MAX_CAMPAIGN as usize))
        })
        .await
        .map_err(|_| AppError::Internal)?;
        let (rows, mut problems) = match read {
            Ok(r) => r,
            Err(message) => {
                return Ok(ImportReport {
                    file_name: up.name,
                    problems: vec![Problem { row: 0, column: String::new(), message }],
                    ..Default::default()
                })
            }
        };
        // The open posts the importer may fill, by number and by name.
        let posts = store::options(ctx.db(), &ctx.scope).await?;
        let by_id: HashMap<i64, &crate::model::PostOption> = posts.iter().map(|p| (p.id, p)).collect();
        let mut by_name: HashMap<&str, Vec<&crate::model::PostOption>> = HashMap::new();
        for p in &posts {
            by_name.entry(p.name.as_str()).or_default().push(p);
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
        let in_scope = people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?;
        let mut w = ctx.db().write().await?;
        draft(&mut w, campaign_id).await?;
        let cur = store::current(&mut w, &ids).await?;
        let have: std::collections::HashSet<i64> = store::campaign_pairs(&mut w, campaign_id).await?.into_iter().map(|(p, _)| p).collect();
        let mut items: Vec<(i64, i64)> = Vec::with_capacity(rows.len());
        let mut preview = Vec::new();
        let problem = |row: u32, column: &str, message: String| Problem { row, column: column.to_string(), message };
        for r in &rows {
            let person = match cur.get(&r.person_id) {
                None => {
                    problems.push(problem(r.row, "人员编号", format!("花名册中没有人员编号 {}", r.person_id)));
                    continue;
                }
                Some(c) if !r.name.is_empty() && r.name != c.name => {
                    problems.push(problem(r.row, "姓名", format!("人员编号 {} 是“{}”，不是“{}”", r.person_id, c.name, r.name)));
                    continue;
                }
                Some(_) if !in_scope.contains(&r.person_id) => {
                    problems.push(problem(r.row, "人员编号", format!("人员编号 {} 不在您管理的范围内", r.person_id)));
                    continue;
                }
                Some(c) if c.status != "在职" => {
                    problems.push(problem(r.row, "人员编号", format!("{} 的人员状态为{}，不能办理任免", c.name, c.status)));
                    continue;
                }
                Some(c) => c,
            };
            let post = match &r.post {
                SheetPost::None => None,
                SheetPost::Id(id) => match by_id.get(id) {
                    Some(p) => Some(*p),
                    None => {
                        problems.push(problem(r.row, "岗位编号", format!("岗位编号 {id} 不存在、已撤销或不在您管理的范围内")));
                        continue;
                    }
                },
                SheetPost::Named { unit, name } => {
                    let found: Vec<_> = by_name
                        .get(name.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|p| unit.is_empty() || p.unit_name == *unit)
                        .copied()
                        .collect();
                    match found.as_slice() {
                        [p] => Some(*p),
                        [] => {
                            let place = if unit.is_empty() { String::new() } else { format!("{unit}中") };
                            problems.push(problem(r.row, "聘任岗位", format!("{place}没有名为“{name}”的在用岗位")));
                            continue;
                        }
                        _ => {
                            problems.push(problem(
                                r.row,
                                "聘任岗位",
                                format!("有 {} 个名为“{name}”的岗位，请填写聘任部室或岗位编号", found.len()),
                            ));
                            continue;
                        }
                    }
                }
            };
            items.push((r.person_id, post.map(|p| p.id).unwrap_or(0)));
            if preview.len() < 20 {
                preview.push(ImportPreviewRow {
                    row: r.row,
                    name: person.name.clone(),
                    unit: person.unit_name.clone(),
                    id_masked: String::new(),
                    level: post.map(|p| p.label.clone()).unwrap_or_else(|| "未安排".into()),
                    updates: have.contains(&r.person_id).then_some(r.person_id),
                });
            }
        }
        problems.sort_by_key(|p| p.row);
        let new_people: Vec<i64> = items.iter().map(|(p, _)| *p).filter(|p| !have.contains(p)).collect();
        if problems.is_empty() && have.len() + new_people.len() > MAX_CAMPAIGN as usize {
            problems.push(problem(
                0,
                "",
                format!("一个批次最多 {MAX_CAMPAIGN} 人；导入后将达到 {} 人，请分批办理", have.len() + new_people.len()),
            ));
        }
        let mut report = ImportReport {
            file_name: up.name,
            rows: rows.len(),
            creates: new_people.len(),
            updates: items.len() - new_people.len(),
            problems,
            committed: false,
            preview,
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }
        store::campaign_add(&mut w, campaign_id, &new_people).await?;
        store::campaign_assign(&mut w, campaign_id, &items).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "campaign",
                entity_id: campaign_id.to_string(),
                action: "import_sheet",
                before: json!({}),
                after: json!({ "file": report.file_name, "added": new_people.len(), "items": items }),
            },
        )
        .await?;
        w.commit().await?;
        report.committed = true;
        Ok(report)
    }

    // ---- downloads ----

    fn refusal(e: AppError) -> axum::response::Response {
        use axum::response::IntoResponse;
        (e.status(), e.to_string()).into_response()
    }

    /// `GET /api/campaign_sheet?id=…`: the appointment list of a campaign as a workbook.
    pub async fn campaign_sheet(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "campaign_sheet") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let Some(id) = params.iter().find(|(k, _)| k == "id").and_then(|(_, v)| v.parse::<i64>().ok()) else {
            return refusal(AppError::field("id", "缺少批次"));
        };
        let work = async {
            let d = campaign_detail(ctx, id).await?;
            let c = d.campaign.clone();
            let lines: Vec<Vec<String>> = d
                .items
                .into_iter()
                .enumerate()
                .map(|(i, it)| {
                    vec![
                        (i + 1).to_string(),
                        it.person_id.to_string(),
                        it.name,
                        it.unit_name,
                        it.position,
                        it.level,
                        if it.post_id > 0 { it.post_id.to_string() } else { String::new() },
                        it.post_unit,
                        it.post_name,
                        it.problems.join("；"),
                    ]
                })
                .collect();
            let title = format!("{}（{}）{} {}", c.name, c.kind, c.doc_no, c.effective_date);
            tokio::task::spawn_blocking(move || {
                crate::excel::table(
                    &["序号", "人员编号", "姓名", "原部室", "原职务", "职务层次", "岗位编号", "聘任部室", "聘任岗位", "问题"],
                    lines,
                    "任免名单",
                    &title,
                )
            })
            .await
            .map_err(|_| AppError::Internal)?
            .map_err(AppError::from)
        };
        match work.await {
            Ok(bytes) => crate::api::excel::ssr::workbook(bytes, &format!("任免名单-{id}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: crate::security::AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new()
            .route("/api/campaign_sheet", get(campaign_sheet).fallback(crate::security::gate::wrong_method))
            .with_state(state)
    }
}
