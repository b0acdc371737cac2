//! 学以致用: HR marks a session for follow-up; some days after it (30 by default) each attendee
//! writes what they applied; their 部室 leader confirms it or comments; HR and leaders see the
//! completion per session and per 部室.

use crate::error::AppError;
use crate::model::{FollowupBoard, FollowupDept};
use leptos::prelude::*;

/// Marked sessions with their completion, notes waiting for the caller's review, and recent
/// sessions HR may mark.
#[server(prefix = "/api", endpoint = "followup_overview")]
pub async fn followup_overview() -> Result<FollowupBoard, AppError> {
    crate::security::run("followup_overview", ssr::overview).await
}

/// A marked session's completion per 部室.
#[server(prefix = "/api", endpoint = "followup_depts")]
pub async fn followup_depts(session_id: i64) -> Result<Vec<FollowupDept>, AppError> {
    crate::security::run("followup_depts", |ctx| ssr::depts(ctx, session_id)).await
}

/// Ask the attendees of a held session for a follow-up `days` after it (1–365, as typed), or (0)
/// stop.
#[server(prefix = "/api", endpoint = "followup_mark")]
pub async fn followup_mark(#[server(default)] session_id: String, #[server(default)] days: String) -> Result<(), AppError> {
    crate::security::run("followup_mark", |ctx| async move {
        let session_id = session_id.trim().parse::<i64>().map_err(|_| AppError::field("session_id", "请选择课程"))?;
        // Not a number reads as out of range: the answer names the field.
        ssr::mark(ctx, session_id, days.trim().parse().unwrap_or(-1)).await
    })
    .await
}

/// Write one's note on what one applied from a session (works as a plain form).
#[server(prefix = "/api", endpoint = "followup_write")]
pub async fn followup_write(session_id: i64, note: String) -> Result<(), AppError> {
    let r = crate::security::run("followup_write", |ctx| ssr::write(ctx, session_id, note)).await;
    if r.is_ok() {
        crate::security::go("/me/training?followup=1");
    }
    r
}

/// A 部室 leader confirms a note or comments on it.
#[server(prefix = "/api", endpoint = "followup_review")]
pub async fn followup_review(session_id: i64, person_id: i64, confirm: bool, comment: String) -> Result<(), AppError> {
    crate::security::run("followup_review", |ctx| ssr::review(ctx, session_id, person_id, confirm, comment)).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::authz::Role;
    use crate::model::RecentSession;
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::followups as store;
    use crate::store::{now_ms, people};
    use serde_json::json;

    pub const NOTE_MAX: usize = 500;

    pub async fn overview(ctx: Ctx) -> Result<FollowupBoard, AppError> {
        let u = ctx.user()?;
        let may_mark = u.has_role(Role::Hr);
        let may_review = u.has_role(Role::Leader);
        Ok(FollowupBoard {
            sessions: store::sessions(ctx.db(), &ctx.scope).await?,
            waiting: if may_review { store::notes(ctx.db(), &ctx.scope, true, 200).await? } else { Vec::new() },
            reviewed: store::notes(ctx.db(), &ctx.scope, false, 50).await?,
            recent: if may_mark {
                store::recent(ctx.db(), now_ms(), 90)
                    .await?
                    .into_iter()
                    .map(|(id, title, date, marked)| RecentSession { id, title, date, marked })
                    .collect()
            } else {
                Vec::new()
            },
            may_mark,
            may_review,
        })
    }

    pub async fn depts(ctx: Ctx, session_id: i64) -> Result<Vec<FollowupDept>, AppError> {
        store::days_of(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let names = people::unit_names(ctx.db()).await?;
        let mut out: Vec<FollowupDept> = Vec::new();
        for (path, wrote, reviewed) in store::attendees(ctx.db(), &ctx.scope, session_id).await? {
            let d = crate::store::grades::dept_of_path(&path);
            let i = match out.iter().position(|x| x.dept_id == d) {
                Some(i) => i,
                None => {
                    out.push(FollowupDept {
                        dept_id: d,
                        name: names.get(&d).cloned().unwrap_or_default(),
                        attended: 0,
                        written: 0,
                        reviewed: 0,
                    });
                    out.len() - 1
                }
            };
            out[i].attended += 1;
            out[i].written += wrote as i64;
            out[i].reviewed += reviewed as i64;
        }
        Ok(out)
    }

    pub async fn mark(ctx: Ctx, session_id: i64, days: i64) -> Result<(), AppError> {
        if !(0..=365).contains(&days) {
            return Err(AppError::field("days", "反馈时间应为课程结束后 1 到 365 天"));
        }
        let s = crate::store::lectures::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        store::mark(&mut w, session_id, (days > 0).then_some(days), &actor.name, now_ms()).await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "followup_session",
                entity_id: session_id.to_string(),
                action: if days > 0 { "mark" } else { "unmark" },
                before: json!(null),
                after: json!({ "days": days }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn write(ctx: Ctx, session_id: i64, note: String) -> Result<(), AppError> {
        let pid = ctx.user()?.person_id.ok_or(AppError::Refused("此账户未关联人员档案".into()))?;
        let note = note.trim().to_string();
        if note.chars().count() < 10 || note.chars().count() > NOTE_MAX {
            return Err(AppError::field("note", format!("请写 10 到 {NOTE_MAX} 个字，说明学到的内容用在了哪里、效果如何")));
        }
        let mut w = ctx.db().write().await?;
        match store::due_for(&mut w, session_id, pid, now_ms()).await? {
            None => return Err(AppError::NotFound),
            Some(false) => return Err(AppError::Refused("还没到反馈时间".into())),
            Some(true) => {}
        }
        if !store::write(&mut w, session_id, pid, &note, now_ms()).await? {
            return Err(AppError::Refused("部室负责人已确认，不能再修改".into()));
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "followup",
                entity_id: format!("{session_id}/{pid}"),
                action: "write",
                before: json!(null),
                after: json!({ "note": note }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn review(ctx: Ctx, session_id: i64, person_id: i64, confirm: bool, comment: String) -> Result<(), AppError> {
        let comment = comment.trim().to_string();
        if comment.chars().count() > 300 {
            return Err(AppError::field("comment", "意见不能超过 300 个字"));
        }
        if !confirm && comment.is_empty() {
            return Err(AppError::field("comment", "请写下意见"));
        }
        if ctx.user()?.person_id == Some(person_id) {
            return Err(AppError::Refused("不能确认本人的反馈".into()));
        }
        if people::ids_in_scope(ctx.db(), &ctx.scope, &[person_id]).await?.is_empty() {
            return Err(AppError::NotFound);
        }
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let n = store::note_get(&mut w, session_id, person_id).await?.ok_or(AppError::NotFound)?;
        let status = if confirm { "confirmed" } else { "commented" };
        store::review(&mut w, session_id, person_id, status, &comment, &actor.name, now_ms()).await?;
        let text = if confirm {
            format!("您对“{}”的学以致用反馈已由部室负责人确认", n.title)
        } else {
            format!("部室负责人对您“{}”的学以致用反馈提出意见：{comment}", n.title)
        };
        crate::store::lectures::notify(&mut w, &[person_id], &text, "/me/training").await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "followup",
                entity_id: format!("{session_id}/{person_id}"),
                action: status,
                before: json!({ "review": n.review }),
                after: json!({ "review": status, "comment": comment }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}
