//! Lectures: the holiday calendar, rooms and categories, series and sessions, enrolment with a
//! waiting list, leave, check-in by rotating QR code, attendance, notices and calendar feeds.
//! Functions that act for "me" take no person id: nobody can act for someone else.

use crate::domain::lectures::LectureRules;
use crate::error::AppError;
use crate::model::{
    AttendanceSheet, CalendarQuery, HolidayCalendarView, LeaveQueue, LectureChoices, LectureRulesInput, MyLectureList, Notice,
    PersonOption, Room, ScreenCode, SeriesInput, SeriesRow, SessionDetail, SessionInput, SessionRow,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

// ---- everyone ---------------------------------------------------------------------------------

#[server(prefix = "/api", endpoint = "lecture_options")]
pub async fn lecture_options() -> Result<LectureChoices, AppError> {
    crate::security::run("lecture_options", ssr::options).await
}

/// Sessions from a day for up to six weeks (the month and week views).
#[server(prefix = "/api", endpoint = "lecture_calendar")]
pub async fn lecture_calendar(query: CalendarQuery) -> Result<Vec<SessionRow>, AppError> {
    crate::security::run("lecture_calendar", |ctx| ssr::calendar(ctx, query)).await
}

#[server(prefix = "/api", endpoint = "lecture_session")]
pub async fn lecture_session(id: i64) -> Result<SessionDetail, AppError> {
    crate::security::run("lecture_session", |ctx| ssr::detail(ctx, id)).await
}

/// Sign up for an open session: a place, or the waiting list when it is full (the form's note
/// learns which: count 1 for the waiting list).
#[server(prefix = "/api", endpoint = "lecture_enrol")]
pub async fn lecture_enrol(session_id: i64) -> Result<String, AppError> {
    crate::security::run("lecture_enrol", |ctx| async move {
        let status = ssr::enrol(ctx, session_id).await?;
        crate::security::flash_count(i64::from(status == "waiting"));
        crate::security::go(&format!("/lectures/{session_id}"));
        Ok(status)
    })
    .await
}

#[server(prefix = "/api", endpoint = "lecture_unenrol")]
pub async fn lecture_unenrol(session_id: i64) -> Result<(), AppError> {
    crate::security::run("lecture_unenrol", |ctx| async move {
        ssr::unenrol(ctx, session_id).await?;
        crate::security::go(&format!("/lectures/{session_id}"));
        Ok(())
    })
    .await
}

/// Ask for leave from a session one must attend (or has signed up for).
#[server(prefix = "/api", endpoint = "lecture_leave")]
pub async fn lecture_leave(session_id: i64, reason: String) -> Result<i64, AppError> {
    crate::security::run("lecture_leave", |ctx| async move {
        let id = ssr::ask_leave(ctx, session_id, reason).await?;
        crate::security::go(&format!("/lectures/{session_id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "lecture_leave_withdraw")]
pub async fn lecture_leave_withdraw(session_id: i64) -> Result<(), AppError> {
    crate::security::run("lecture_leave_withdraw", |ctx| async move {
        ssr::withdraw_leave(ctx, session_id).await?;
        crate::security::go(&format!("/lectures/{session_id}"));
        Ok(())
    })
    .await
}

/// Check in with the code from the room screen's QR code.
#[server(prefix = "/api", endpoint = "lecture_checkin")]
pub async fn lecture_checkin(session_id: i64, code: String) -> Result<String, AppError> {
    crate::security::run("lecture_checkin", |ctx| async move {
        let msg = ssr::check_in(ctx, session_id, code).await?;
        crate::security::go(&format!("/lectures/{session_id}/checkin?done=1"));
        Ok(msg)
    })
    .await
}

/// 我的课程: required, enrolled, history with status and 学时, for a year.
#[server(prefix = "/api", endpoint = "my_lectures")]
pub async fn my_lectures(year: i32) -> Result<MyLectureList, AppError> {
    crate::security::run("my_lectures", |ctx| ssr::mine(ctx, year)).await
}

#[server(prefix = "/api", endpoint = "my_notices")]
pub async fn my_notices() -> Result<Vec<Notice>, AppError> {
    crate::security::run("my_notices", |ctx| async move {
        match ctx.user()?.person_id {
            Some(pid) => Ok(crate::store::lectures::notices(ctx.db(), pid, 100).await?),
            None => Ok(Vec::new()),
        }
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_notice_count")]
pub async fn my_notice_count() -> Result<i64, AppError> {
    crate::security::run("my_notice_count", |ctx| async move {
        match ctx.user()?.person_id {
            Some(pid) => Ok(crate::store::lectures::unread_count(ctx.db(), pid).await?),
            None => Ok(0),
        }
    })
    .await
}

#[server(prefix = "/api", endpoint = "notices_read")]
pub async fn notices_read() -> Result<(), AppError> {
    crate::security::run("notices_read", |ctx| async move {
        if let Some(pid) = ctx.user()?.person_id {
            let mut w = ctx.db().write().await?;
            crate::store::lectures::mark_read(&mut w, pid).await?;
            w.commit().await?;
        }
        crate::security::go("/notices");
        Ok(())
    })
    .await
}

/// Make (or, with `enable` false, revoke) one's personal calendar feed; answers its address.
/// After a form, 我的课程 shows the address once (it travels in a short-lived cookie, never in a
/// URL); the note's count says which it was (1 made, 0 revoked).
#[server(prefix = "/api", endpoint = "my_feed")]
pub async fn my_feed(enable: bool) -> Result<String, AppError> {
    crate::security::run("my_feed", |ctx| async move {
        let url = ssr::feed(ctx, enable).await?;
        crate::security::flash_count(i64::from(enable));
        if crate::security::form_post() {
            ssr::keep_feed_url(&url);
        }
        crate::security::go("/lectures/mine");
        Ok(url)
    })
    .await
}

/// The feed address `my_feed` just made, for this one page (and forgotten at once).
pub fn take_feed_url() -> Option<String> {
    #[cfg(feature = "ssr")]
    return ssr::take_feed_url();
    #[cfg(not(feature = "ssr"))]
    None
}

/// A session's attendance list: HR and leaders (within their scope) and the session's lecturers.
#[server(prefix = "/api", endpoint = "lecture_attendance")]
pub async fn lecture_attendance(session_id: i64, filter: String, page: i64) -> Result<AttendanceSheet, AppError> {
    crate::security::run("lecture_attendance", |ctx| ssr::sheet(ctx, session_id, filter, page)).await
}

/// The room screen's QR code: HR or the session's lecturers. (`id` is the session: the screen's
/// island asks with it every few seconds.)
#[server(prefix = "/api", endpoint = "lecture_screen")]
pub async fn lecture_screen(id: i64) -> Result<ScreenCode, AppError> {
    crate::security::run("lecture_screen", |ctx| ssr::screen(ctx, id)).await
}

// ---- HR and leaders (read) -------------------------------------------------------------------------

#[server(prefix = "/api", endpoint = "lecture_series_list")]
pub async fn lecture_series_list() -> Result<Vec<SeriesRow>, AppError> {
    crate::security::run("lecture_series_list", |ctx| async move { Ok(crate::store::lectures::series_list(ctx.db()).await?) }).await
}

#[server(prefix = "/api", endpoint = "lecture_series_get")]
pub async fn lecture_series_get(id: i64) -> Result<SeriesInput, AppError> {
    crate::security::run("lecture_series_get", |ctx| ssr::series_get(ctx, id)).await
}

#[server(prefix = "/api", endpoint = "lecture_leave_queue")]
pub async fn lecture_leave_queue(pending: bool) -> Result<LeaveQueue, AppError> {
    crate::security::run("lecture_leave_queue", |ctx| ssr::leave_queue(ctx, pending)).await
}

/// Approve or refuse a leave request: HR, or the requester's 部室 leader.
/// (No default for `approve`: a post without the button pressed is refused, never taken as no.)
#[server(prefix = "/api", endpoint = "lecture_leave_decide")]
pub async fn lecture_leave_decide(id: i64, approve: bool, #[server(default)] note: String) -> Result<(), AppError> {
    crate::security::run("lecture_leave_decide", |ctx| ssr::decide_leave(ctx, id, approve, note)).await
}

/// People by name, for choosing lecturers and named attendees.
#[server(prefix = "/api", endpoint = "lecture_people")]
pub async fn lecture_people(q: String) -> Result<Vec<PersonOption>, AppError> {
    crate::security::run("lecture_people", |ctx| async move {
        let q = q.trim();
        if q.chars().count() > 20 {
            return Err(AppError::field("q", "姓名不能超过 20 个字"));
        }
        if q.is_empty() {
            return Ok(Vec::new());
        }
        Ok(crate::store::lectures::find_people(ctx.db(), q, 20).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "holiday_calendar")]
pub async fn holiday_calendar() -> Result<HolidayCalendarView, AppError> {
    crate::security::run("holiday_calendar", |ctx| async move {
        use chrono::Datelike;
        let years = crate::store::calendar::years(ctx.db()).await?;
        let today = crate::domain::time::today_china(chrono::Utc::now());
        let this = today.year();
        let to_enter = crate::domain::calendar::year_to_enter(today, &crate::store::calendar::load(ctx.db()).await?);
        let missing: Vec<i32> = (this..=this + 1).filter(|y| !years.iter().any(|c| c.year == *y)).collect();
        // What schedules use for those years until HR enters them: the statutory days, 推算.
        let estimated = missing
            .iter()
            .map(|&year| {
                let days: Vec<chrono::NaiveDate> = crate::domain::calendar::statutory_days(year).into_iter().map(|(d, _)| d).collect();
                crate::model::CalendarYearView {
                    year,
                    holidays: crate::domain::calendar::format_dates(&days),
                    holiday_count: days.len() as i64,
                    ..Default::default()
                }
            })
            .collect();
        Ok(HolidayCalendarView { years, missing, estimated, to_enter })
    })
    .await
}

// ---- HR ---------------------------------------------------------------------------------------------

/// Save a series and generate its sessions (again: idempotent). On an edit with
/// `apply_to_future`, future sessions not edited by hand follow the new settings.
#[server(prefix = "/api", endpoint = "lecture_series_save")]
pub async fn lecture_series_save(input: SeriesInput) -> Result<i64, AppError> {
    crate::security::run("lecture_series_save", |ctx| async move {
        let id = ssr::series_save(ctx, input).await?;
        crate::security::go("/lectures/series");
        Ok(id)
    })
    .await
}

/// Edit one session (it then keeps its own settings when the series changes), or add a one-off.
#[server(prefix = "/api", endpoint = "lecture_session_save")]
pub async fn lecture_session_save(input: SessionInput) -> Result<i64, AppError> {
    crate::security::run("lecture_session_save", |ctx| async move {
        let id = ssr::session_save(ctx, input).await?;
        crate::security::go(&format!("/lectures/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "lecture_session_cancel")]
pub async fn lecture_session_cancel(id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    crate::security::run("lecture_session_cancel", |ctx| async move {
        ssr::cancel(ctx, id, reason).await?;
        crate::security::go(&format!("/lectures/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "lecture_room_save")]
pub async fn lecture_room_save(room: Room) -> Result<i64, AppError> {
    crate::security::run("lecture_room_save", |ctx| async move {
        let id = ssr::room_save(ctx, room).await?;
        crate::security::go("/lectures/rooms");
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "lecture_category_add")]
pub async fn lecture_category_add(name: String) -> Result<i64, AppError> {
    crate::security::run("lecture_category_add", |ctx| ssr::category_add(ctx, name)).await
}

#[server(prefix = "/api", endpoint = "lecture_rules_save")]
pub async fn lecture_rules_save(rules: LectureRulesInput) -> Result<(), AppError> {
    crate::security::run("lecture_rules_save", |ctx| ssr::rules_save(ctx, rules)).await
}

/// Mark people by hand: `present`, `late`, `absent`, or `clear`. One person (`person_id` and
/// `status`), or a list's form: `marks[<person id>]` for each row set (empty: unchanged) and
/// `quick` = `<person id>:<status>` from a row's own button; all in one transaction. The form's
/// note counts the people marked.
#[server(prefix = "/api", endpoint = "lecture_mark")]
pub async fn lecture_mark(
    session_id: i64,
    #[server(default)] person_id: i64,
    #[server(default)] status: String,
    #[server(default)] marks: BTreeMap<String, String>,
    #[server(default)] quick: String,
) -> Result<(), AppError> {
    crate::security::run("lecture_mark", |ctx| async move {
        let mut list: Vec<(i64, String)> = Vec::new();
        let mut add = |pid: &str, st: &str| -> Result<(), AppError> {
            let pid: i64 = pid.trim().parse().map_err(|_| AppError::field("marks", "人员编号无效"))?;
            list.retain(|(p, _)| *p != pid);
            list.push((pid, st.trim().to_string()));
            Ok(())
        };
        if person_id != 0 || !status.is_empty() {
            add(&person_id.to_string(), &status)?;
        }
        for (pid, st) in marks.iter().filter(|(_, st)| !st.trim().is_empty()) {
            add(pid, st)?;
        }
        if !quick.is_empty() {
            let (pid, st) = quick.split_once(':').ok_or(AppError::field("marks", "请选择出勤、迟到或缺勤"))?;
            add(pid, st)?;
        }
        if list.is_empty() {
            return Err(AppError::field("marks", "没有要保存的出勤标记：请先在名单中选择"));
        }
        if list.len() > 1000 {
            return Err(AppError::field("marks", "一次最多标记 1000 人"));
        }
        let n = list.len() as i64;
        ssr::mark(ctx, session_id, list).await?;
        crate::security::flash_count(n);
        Ok(())
    })
    .await
}

/// Attendance from a workbook (the exported list with 状态 filled in): checked first, written in
/// one transaction when `commit` is "1" and there is no problem. Fields: `file`, `session_id`, `commit`.
#[server(prefix = "/api", endpoint = "lecture_attendance_import", input = server_fn::codec::MultipartFormData)]
pub async fn lecture_attendance_import(data: server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
    let r = crate::security::run("lecture_attendance_import", |ctx| ssr::import_attendance(ctx, data)).await;
    crate::api::excel::ssr::finish_upload(&r).await;
    r
}

/// Keep one year of the holiday calendar: the days off and the 调休 working days, as pasted.
#[server(prefix = "/api", endpoint = "holiday_year_save")]
pub async fn holiday_year_save(
    year: String,
    #[server(default)] holidays: String,
    #[server(default)] workdays: String,
) -> Result<(), AppError> {
    crate::security::run("holiday_year_save", |ctx| async move {
        let year: i32 = year.trim().parse().map_err(|_| AppError::field("year", "请填写年份（如 2027）"))?;
        ssr::year_save(ctx, year, holidays, workdays).await?;
        crate::security::go("/lectures/holidays");
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
pub use ssr::routes as feed_routes;

#[cfg(feature = "ssr")]
/// Public for the bare-handler baseline of `bench/run` (bench/bare.rs), which runs these
/// functions without the framework around them.
pub mod ssr {
    use super::*;
    use crate::authz::{self, Role, Scope};
    use crate::domain::calendar::{check_year, parse_dates, YearCalendar};
    use crate::domain::lectures::{
        checkin_mark, checkin_window, hours_tenths, parse_clock, parse_hours, places_to_promote, qr_window, standing, Attendance, Audience,
        KINDS,
    };
    use crate::domain::time::{china_ms, format_ms};
    use crate::error::FieldError;
    use crate::i18n::{fill, translate};
    use crate::markdown::render as render_markdown;
    use crate::model::{AttendanceLine, AudienceForm, CurrentUser, Lecturer, Locale, MyLecture, MyPart, RecurrenceForm};
    use crate::security::{AppState, AuthState, Ctx, RequestInfo};
    use crate::store::audit::{self, NewRecord};
    use crate::store::lectures::{self as store, StoredSeries, StoredSession};
    use crate::store::{calendar, now_ms, people, settings, WriteTx};
    use chrono::NaiveDate;
    use serde_json::{json, Value};

    /// What the lecture forms and the calendar's filters offer to choose from.
    pub async fn options(ctx: Ctx) -> Result<LectureChoices, AppError> {
        use crate::store::{lectures, people, settings};
        let db = ctx.db();
        Ok(LectureChoices {
            rooms: lectures::rooms(db).await?,
            categories: lectures::categories(db).await?,
            units: people::units(db).await?,
            levels: lectures::levels(db).await?,
            rules: settings::lecture_rules(db).await?,
            series: lectures::series_names(db).await?,
        })
    }

    fn invalid(errs: Vec<(&str, String)>) -> AppError {
        AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect())
    }

    fn my_person(ctx: &Ctx) -> Result<i64, AppError> {
        ctx.user()?.person_id.ok_or(AppError::Refused("此账户未关联人员档案，无法参加培训".into()))
    }

    async fn audit_one(
        w: &mut WriteTx,
        ctx: &Ctx,
        entity: &str,
        id: i64,
        action: &str,
        before: Value,
        after: Value,
    ) -> Result<(), AppError> {
        audit::record(w, &ctx.actor(), NewRecord { entity, entity_id: id.to_string(), action, before, after }).await?;
        Ok(())
    }

    /// The sessions' audience text for people: 全体职工, or 部室 / 层次 / named, in the reader's
    /// language (the names are data).
    fn audience_text(locale: Locale, a: &Audience, units: &[crate::model::UnitOption], named: &[PersonOption]) -> String {
        let tr = |zh: &'static str| translate(locale, zh);
        if a.everyone {
            return tr("全体职工").into();
        }
        let mut parts = Vec::new();
        let list = |names: Vec<String>| names.join(tr("、"));
        if !a.unit_ids.is_empty() {
            let names: Vec<String> =
                a.unit_ids.iter().filter_map(|id| units.iter().find(|u| u.id == *id).map(|u| u.name.clone())).collect();
            parts.push(fill(tr("部室：{}"), &[&list(names)]));
        }
        if !a.levels.is_empty() {
            parts.push(fill(tr("层次：{}"), &[&list(a.levels.clone())]));
        }
        if !named.is_empty() {
            let names: Vec<String> = named.iter().take(10).map(|p| p.name.clone()).collect();
            parts.push(if named.len() > 10 {
                fill(tr("指定人员：{} 等 {} 人"), &[&list(names), &named.len()])
            } else {
                fill(tr("指定人员：{}"), &[&list(names)])
            });
        }
        if parts.is_empty() {
            tr("自愿报名").into()
        } else {
            parts.join(tr("；"))
        }
    }

    fn check_audience(a: Audience, open: bool) -> Result<Audience, AppError> {
        let a = a.normalised().map_err(|m| AppError::field("audience", m))?;
        if a.is_empty() && !open {
            return Err(AppError::field("audience", "请指定应参加人员，或允许自愿报名"));
        }
        Ok(a)
    }

    async fn check_refs(ctx: &Ctx, category_id: i64, room_id: Option<i64>, audience: &Audience) -> Result<(), AppError> {
        if !store::category_exists(ctx.db(), category_id).await? {
            return Err(AppError::field("category_id", "请选择课程类别"));
        }
        if let Some(r) = room_id {
            if store::room_get(ctx.db(), r).await?.is_none() {
                return Err(AppError::field("room_id", "所选教室不存在"));
            }
        }
        for u in &audience.unit_ids {
            if !people::unit_exists(ctx.db(), *u).await? {
                return Err(AppError::field("audience", "所选部室不存在"));
            }
        }
        if store::people_named(ctx.db(), &audience.person_ids).await?.len() != audience.person_ids.len() {
            return Err(AppError::field("audience", "指定的人员有不存在的"));
        }
        Ok(())
    }

    fn check_capacity(c: Option<i64>) -> Result<(), AppError> {
        match c {
            Some(c) if !(1..=10_000).contains(&c) => Err(AppError::field("capacity", "名额应在 1 到 10000 之间")),
            _ => Ok(()),
        }
    }

    // ---- series ----

    pub async fn series_get(ctx: Ctx, id: i64) -> Result<SeriesInput, AppError> {
        let s = store::series_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        let recurrence: crate::domain::recurrence::Recurrence = serde_json::from_str(&s.recurrence).map_err(|_| AppError::Internal)?;
        let audience: Audience = serde_json::from_str(&s.audience).unwrap_or_default();
        let named = store::people_named(ctx.db(), &audience.person_ids).await?;
        Ok(SeriesInput {
            id: Some(s.id),
            name: s.name,
            kind: s.kind,
            category_id: s.category_id,
            room_id: s.room_id,
            start_time: s.start_time,
            duration_min: s.duration_min,
            recurrence: RecurrenceForm::of(&recurrence),
            audience: AudienceForm::from(audience),
            open_enrolment: s.open_enrolment,
            capacity: s.capacity,
            apply_to_future: false,
            named,
        })
    }

    pub async fn series_save(ctx: Ctx, input: SeriesInput) -> Result<i64, AppError> {
        let mut errs = Vec::new();
        let recurrence = input.recurrence.parse();
        let name = input.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 50 {
            errs.push(("name", "请填写系列名称（不超过 50 个字）".to_string()));
        }
        if !KINDS.contains(&input.kind.as_str()) {
            errs.push(("kind", "请选择形式".to_string()));
        }
        let start_min = match parse_clock(&input.start_time) {
            Ok(m) => m,
            Err(e) => {
                errs.push(("start_time", e));
                0
            }
        };
        let duration_min = if (15..=480).contains(&input.duration_min) {
            input.duration_min as u32
        } else {
            errs.push(("duration_min", "时长应在 15 到 480 分钟之间".to_string()));
            0
        };
        if start_min + duration_min > 24 * 60 {
            errs.push(("duration_min", "课程不能跨过午夜".to_string()));
        }
        let recurrence = match recurrence {
            Ok(r) => {
                if let Err(list) = r.check() {
                    for m in list {
                        errs.push(("recurrence", m));
                    }
                }
                Some(r)
            }
            Err(list) => {
                errs.extend(list);
                None
            }
        };
        let Some(recurrence) = recurrence.filter(|_| errs.is_empty()) else {
            return Err(invalid(errs));
        };
        check_capacity(input.capacity)?;
        let audience = check_audience(input.audience.clone().into(), input.open_enrolment)?;
        check_refs(&ctx, input.category_id, input.room_id, &audience).await?;
        let cal = calendar::load(ctx.db()).await?;
        let occurrences = recurrence.occurrences(&cal).map_err(|m| invalid(m.into_iter().map(|m| ("recurrence", m)).collect()))?;
        let rules = settings::lecture_rules(ctx.db()).await?;
        let hours = hours_tenths(duration_min, rules.minutes_per_hour);
        let now = now_ms();
        let before = match input.id {
            Some(id) => Some(store::series_get(ctx.db(), id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let stored = StoredSeries {
            id: input.id.unwrap_or(0),
            name: name.clone(),
            kind: input.kind.clone(),
            category_id: input.category_id,
            room_id: input.room_id,
            start_time: crate::domain::lectures::clock_text(start_min),
            duration_min: duration_min as i64,
            recurrence: serde_json::to_string(&recurrence).map_err(|_| AppError::Internal)?,
            audience: serde_json::to_string(&audience).map_err(|_| AppError::Internal)?,
            open_enrolment: input.open_enrolment,
            capacity: input.capacity,
            feed_token: before.as_ref().map(|b| b.feed_token.clone()).unwrap_or_else(crate::security::new_token),
        };
        let mut w = ctx.db().write().await?;
        w.lock_keys(&["lecture_schedule"]).await?;
        let id = store::series_save(&mut w, &stored).await?;
        let generate = before.is_none() || input.apply_to_future;
        let (mut added, mut changed, mut dropped) = (0, 0, 0);
        if generate {
            let existing = store::series_sessions(&mut w, id).await?;
            let template = |date: NaiveDate, nominal: NaiveDate, moved: bool| StoredSession {
                id: 0,
                series_id: Some(id),
                nominal_date: Some(nominal.to_string()),
                title: name.clone(),
                kind: input.kind.clone(),
                category_id: input.category_id,
                room_id: input.room_id,
                starts_at: china_ms(date, start_min),
                ends_at: china_ms(date, start_min + duration_min),
                hours_tenths: hours,
                capacity: input.capacity,
                open_enrolment: input.open_enrolment,
                audience: audience.clone(),
                moved,
                ..Default::default()
            };
            for o in &occurrences {
                let mut s = template(o.date, o.nominal, o.moved);
                let current = existing.iter().find(|e| e.1 == o.nominal.to_string());
                match current {
                    // Past, cancelled or edited by hand: left as they are.
                    Some((sid, _, detached, starts, status)) => {
                        if *detached || *starts <= now || status == "cancelled" || before.is_none() {
                            continue;
                        }
                        let Some(old) = store::session_lock(&mut w, *sid).await? else { continue };
                        s.id = *sid;
                        s.title = old.title.clone();
                        s.materials_md = old.materials_md.clone();
                        s.summary_md = old.summary_md.clone();
                        s.enrol_deadline = old.enrol_deadline;
                        if let Some(msg) = store::conflict(&mut w, s.room_id, &[], s.starts_at, s.ends_at, &[s.id]).await? {
                            return Err(AppError::field("room_id", format!("{} {msg}，请换教室或时间", o.date)));
                        }
                        if (old.starts_at, old.ends_at, old.room_id) != (s.starts_at, s.ends_at, s.room_id) {
                            notify_change(&mut w, &old, &format!("“{}”改为 {}", old.title, format_ms(s.starts_at))).await?;
                        }
                        store::session_update(&mut w, &s).await?;
                        changed += 1;
                    }
                    None => {
                        // An edit makes only future sessions; a new series may start in the past.
                        if before.is_some() && s.starts_at <= now {
                            continue;
                        }
                        if let Some(msg) = store::conflict(&mut w, s.room_id, &[], s.starts_at, s.ends_at, &[]).await? {
                            return Err(AppError::field("room_id", format!("{} {msg}，请换教室或时间", o.date)));
                        }
                        store::session_insert(&mut w, &s).await?;
                        added += 1;
                    }
                }
            }
            if before.is_some() {
                // Future sessions the new pattern no longer gives are cancelled (kept for the record).
                let keep: std::collections::HashSet<String> = occurrences.iter().map(|o| o.nominal.to_string()).collect();
                for (sid, nominal, detached, starts, status) in &existing {
                    if !*detached && *starts > now && status == "scheduled" && !keep.contains(nominal) {
                        if let Some(mut old) = store::session_lock(&mut w, *sid).await? {
                            old.cancelled = true;
                            store::session_update(&mut w, &old).await?;
                            notify_change(&mut w, &old, &format!("“{}”（{}）已取消", old.title, format_ms(old.starts_at))).await?;
                            dropped += 1;
                        }
                    }
                }
            }
        }
        audit_one(
            &mut w,
            &ctx,
            "lecture_series",
            id,
            if before.is_some() { "update" } else { "create" },
            before
                .map(|b| json!({ "name": b.name, "recurrence": b.recurrence, "room_id": b.room_id, "start_time": b.start_time }))
                .unwrap_or(Value::Null),
            json!({ "name": name, "recurrence": stored.recurrence, "room_id": input.room_id, "start_time": stored.start_time,
                    "apply_to_future": input.apply_to_future, "added": added, "changed": changed, "cancelled": dropped }),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Tell those required at or signed up for a session about a change (one statement, however
    /// large the audience).
    async fn notify_change(w: &mut WriteTx, s: &StoredSession, text: &str) -> Result<(), AppError> {
        use crate::store::{bind_all, Arg};
        let link = format!("/lectures/{}", s.id);
        let mut args = vec![Arg::I(now_ms()), Arg::S(format!("课程变动：{text}")), Arg::S(link), Arg::I(s.id)];
        let aud = store::audience_condition(&s.audience, &mut args);
        let sql = format!(
            "INSERT INTO notices (person_id, at, text, link) SELECT p.id, $1, $2, $3 FROM people p JOIN org_units ou ON ou.id = p.unit_id \
             WHERE (p.status = '在职' AND {aud}) OR p.id IN (SELECT person_id FROM lecture_enrolments WHERE session_id = $4 AND status IN ('enrolled', 'waiting'))"
        );
        bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
        Ok(())
    }

    // ---- sessions ----

    pub async fn calendar(ctx: Ctx, q: CalendarQuery) -> Result<Vec<SessionRow>, AppError> {
        let from = NaiveDate::parse_from_str(q.from.trim(), "%Y-%m-%d").map_err(|_| AppError::field("from", "日期应为 年-月-日"))?;
        if !(1..=42).contains(&q.days) {
            return Err(AppError::field("days", "一次最多显示 42 天"));
        }
        let to = from + chrono::Duration::days(q.days);
        let rows = store::sessions_between(ctx.db(), china_ms(from, 0), china_ms(to, 0), q.series_id, q.category_id).await?;
        let unit_path = match q.unit_id {
            Some(u) => Some(people::unit_path(ctx.db(), u).await?.ok_or(AppError::field("unit_id", "所选部室不存在"))?),
            None => None,
        };
        Ok(rows
            .into_iter()
            .filter(|(_, a)| match &unit_path {
                None => true,
                Some(path) => a.everyone || a.unit_ids.iter().any(|u| path.contains(&format!("/{u}/"))),
            })
            .map(|(r, _)| r)
            .collect())
    }

    pub async fn detail(ctx: Ctx, id: i64) -> Result<SessionDetail, AppError> {
        let db = ctx.db();
        let s = store::session_get(db, id).await?.ok_or(AppError::NotFound)?;
        let (row, _) = store::session_row(db, id).await?.ok_or(AppError::NotFound)?;
        let lecturers = store::lecturers_of(db, &[id]).await?.remove(&id).unwrap_or_default();
        let (enrolled, waiting) = store::enrolment_counts(&db.pool, id).await?;
        let units = people::units(db).await?;
        let named = store::people_named(db, &s.audience.person_ids).await?;
        let now = now_ms();
        let user = ctx.user()?.clone();
        let mut me = match user.person_id {
            Some(pid) => Some(my_part(&ctx, &s, pid, now).await?),
            None => None,
        };
        let is_lecturer = user.person_id.is_some_and(|p| lecturers.iter().any(|l| l.person_id == Some(p)));
        let locale = user.locale;
        if let Some(m) = me.as_mut() {
            m.cannot_enrol = match m.cannot_enrol.as_str() {
                "" => String::new(),
                why => translate_owned(locale, why),
            };
        }
        Ok(SessionDetail {
            row,
            category_id: s.category_id,
            room_id: s.room_id,
            materials_html: render_markdown(&s.materials_md),
            summary_html: render_markdown(&s.summary_md),
            materials_md: s.materials_md.clone(),
            summary_md: s.summary_md.clone(),
            capacity: s.capacity,
            enrol_deadline: s.enrol_deadline.map(format_ms).unwrap_or_default(),
            open_enrolment: s.open_enrolment,
            audience_text: audience_text(locale, &s.audience, &units, &named),
            audience: s.audience.clone(),
            lecturers,
            enrolled,
            waiting,
            ended: now > s.ends_at,
            me,
            is_lecturer,
            named,
        })
    }

    /// One of this file's fixed sentences in `locale` (those `why_not_enrol` gives).
    fn translate_owned(locale: Locale, zh: &str) -> String {
        const KNOWN: [&str; 4] = ["本次课程已取消", "您是本课程的应参加人员，无需报名", "本课程不开放自愿报名", "报名已截止"];
        KNOWN.iter().find(|k| **k == zh).map(|k| translate(locale, k).to_string()).unwrap_or_else(|| zh.to_string())
    }

    async fn my_part(ctx: &Ctx, s: &StoredSession, pid: i64, now: i64) -> Result<MyPart, AppError> {
        let db = ctx.db();
        let (path, level, _) = store::person_place(db, pid).await?.unwrap_or_default();
        let required = s.audience.includes(&path, &level, pid);
        let marks = store::marks_of(db, pid, Some(&[s.id])).await?;
        let enrolment = marks.enrolment.get(&s.id).cloned().unwrap_or_default();
        let leave = marks.leave.get(&s.id).cloned();
        let mark = marks.attendance.get(&s.id).copied();
        let st = standing(
            mark.map(|m| m.0),
            leave.as_ref().is_some_and(|l| l.status == "approved"),
            required,
            enrolment == "enrolled",
            now > s.ends_at,
        );
        let waiting_position = if enrolment == "waiting" { store::waiting_position(db, s.id, pid).await? } else { 0 };
        Ok(MyPart {
            required,
            cannot_enrol: why_not_enrol(s, required, now).unwrap_or_default(),
            enrolment,
            waiting_position,
            leave,
            standing: st.map(|a| a.code().to_string()).unwrap_or_default(),
            checked_in_at: mark.map(|m| format_ms(m.1)).unwrap_or_default(),
        })
    }

    fn why_not_enrol(s: &StoredSession, required: bool, now: i64) -> Option<String> {
        if s.cancelled {
            return Some("本次课程已取消".into());
        }
        if required {
            return Some("您是本课程的应参加人员，无需报名".into());
        }
        if !s.open_enrolment {
            return Some("本课程不开放自愿报名".into());
        }
        if now >= s.enrol_deadline.unwrap_or(s.starts_at).min(s.starts_at) {
            return Some("报名已截止".into());
        }
        None
    }

    pub async fn session_save(ctx: Ctx, input: SessionInput) -> Result<i64, AppError> {
        let mut errs = Vec::new();
        let title = input.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 100 {
            errs.push(("title", "请填写课程题目（不超过 100 个字）".to_string()));
        }
        if !KINDS.contains(&input.kind.as_str()) {
            errs.push(("kind", "请选择形式".to_string()));
        }
        let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d").map_err(|_| "日期应为 年-月-日，如 2026-03-06".to_string());
        let start = parse_clock(&input.start);
        let end = parse_clock(&input.end);
        let (date, start, end) = match (date, start, end) {
            (Ok(d), Ok(s), Ok(e)) if e > s => (d, s, e),
            (d, s, e) => {
                if let Err(m) = d {
                    errs.push(("date", m));
                }
                if let Err(m) = s {
                    errs.push(("start", m));
                }
                match e {
                    Err(m) => errs.push(("end", m)),
                    Ok(_) => errs.push(("end", "结束时间应晚于开始时间".to_string())),
                }
                return Err(invalid(errs));
            }
        };
        let rules = settings::lecture_rules(ctx.db()).await?;
        let hours = if input.hours.trim().is_empty() {
            hours_tenths(end - start, rules.minutes_per_hour)
        } else {
            match parse_hours(&input.hours) {
                Ok(h) => h,
                Err(m) => {
                    errs.push(("hours", m));
                    0
                }
            }
        };
        // Colleagues chosen with the picker first, then those given in full; blank rows (the
        // form's spare outsider rows) are not lecturers.
        let given: Vec<Lecturer> = input
            .lecturer_ids
            .0
            .iter()
            .map(|pid| Lecturer { person_id: Some(*pid), ..Default::default() })
            .chain(
                input
                    .lecturers
                    .iter()
                    .filter(|l| {
                        l.person_id.is_some() || !(l.name.trim().is_empty() && l.org.trim().is_empty() && l.title.trim().is_empty())
                    })
                    .cloned(),
            )
            .fold(Vec::new(), |mut v: Vec<Lecturer>, l| {
                if l.person_id.is_none() || !v.iter().any(|x| x.person_id == l.person_id) {
                    v.push(l);
                }
                v
            });
        if given.len() > 10 {
            errs.push(("lecturers", "讲师最多 10 位".to_string()));
        }
        let mut lecturers = Vec::new();
        for l in &given {
            match l.person_id {
                Some(pid) => {
                    if store::people_named(ctx.db(), &[pid]).await?.is_empty() {
                        errs.push(("lecturers", "所选讲师不在花名册中".to_string()));
                    }
                    lecturers.push(Lecturer {
                        person_id: Some(pid),
                        name: String::new(),
                        org: String::new(),
                        title: l.title.trim().chars().take(50).collect(),
                    });
                }
                None => {
                    let name = l.name.trim();
                    if name.is_empty() || name.chars().count() > 50 || l.org.chars().count() > 100 || l.title.chars().count() > 50 {
                        errs.push(("lecturers", "外请讲师请填写姓名（50 字内）、单位（100 字内）和职务职称（50 字内）".to_string()));
                    }
                    lecturers.push(Lecturer { person_id: None, name: name.into(), org: l.org.trim().into(), title: l.title.trim().into() });
                }
            }
        }
        if input.materials_md.chars().count() > 20_000 || input.summary_md.chars().count() > 20_000 {
            errs.push(("materials_md", "资料和小结各不超过 20000 字".to_string()));
        }
        let deadline = if input.enrol_deadline.trim().is_empty() {
            None
        } else {
            match chrono::NaiveDateTime::parse_from_str(input.enrol_deadline.trim(), "%Y-%m-%d %H:%M") {
                Ok(t) => Some(china_ms(t.date(), (t.time().signed_duration_since(chrono::NaiveTime::MIN).num_minutes()) as u32)),
                Err(_) => {
                    errs.push(("enrol_deadline", "报名截止时间应为 年-月-日 时:分".to_string()));
                    None
                }
            }
        };
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        check_capacity(input.capacity)?;
        let audience = check_audience(input.audience.clone().into(), input.open_enrolment)?;
        check_refs(&ctx, input.category_id, input.room_id, &audience).await?;
        let (starts_at, ends_at) = (china_ms(date, start), china_ms(date, end));
        if deadline.is_some_and(|d| d > starts_at) {
            return Err(AppError::field("enrol_deadline", "报名截止时间应早于开课时间"));
        }
        let mut w = ctx.db().write().await?;
        w.lock_keys(&["lecture_schedule"]).await?;
        let old = match input.id {
            Some(id) => Some(store::session_lock(&mut w, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let people_ids: Vec<i64> = lecturers.iter().filter_map(|l| l.person_id).collect();
        let except: Vec<i64> = input.id.into_iter().collect();
        if let Some(msg) = store::conflict(&mut w, input.room_id, &people_ids, starts_at, ends_at, &except).await? {
            return Err(AppError::field(if msg.starts_with("教室") { "room_id" } else { "lecturers" }, format!("时间冲突：{msg}")));
        }
        let base = old.clone().unwrap_or_default();
        let s = StoredSession {
            id: input.id.unwrap_or(0),
            title: title.clone(),
            kind: input.kind.clone(),
            category_id: input.category_id,
            room_id: input.room_id,
            starts_at,
            ends_at,
            hours_tenths: hours,
            materials_md: input.materials_md.clone(),
            summary_md: input.summary_md.clone(),
            capacity: input.capacity,
            enrol_deadline: deadline,
            open_enrolment: input.open_enrolment,
            audience,
            detached: old.is_some() || base.detached,
            ..base
        };
        let id = if old.is_some() {
            store::session_update(&mut w, &s).await?;
            s.id
        } else {
            store::session_insert(&mut w, &s).await?
        };
        store::set_lecturers(&mut w, id, &lecturers).await?;
        if let Some(o) = &old {
            if (o.starts_at, o.ends_at, o.room_id) != (s.starts_at, s.ends_at, s.room_id) && !s.cancelled {
                notify_change(&mut w, &StoredSession { id, ..s.clone() }, &format!("“{title}”改为 {}", format_ms(starts_at))).await?;
            }
        }
        audit_one(
            &mut w,
            &ctx,
            "lecture_session",
            id,
            if old.is_some() { "update" } else { "create" },
            old.map(|o| json!({ "title": o.title, "starts_at": o.starts_at, "room_id": o.room_id })).unwrap_or(Value::Null),
            json!({ "title": title, "starts_at": starts_at, "ends_at": ends_at, "room_id": input.room_id, "hours_tenths": hours,
                    "lecturers": lecturers.iter().map(|l| l.person_id.map(|p| p.to_string()).unwrap_or_else(|| l.name.clone())).collect::<Vec<_>>() }),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn cancel(ctx: Ctx, id: i64, reason: String) -> Result<(), AppError> {
        let reason = reason.trim().to_string();
        if reason.chars().count() > 200 {
            return Err(AppError::field("reason", "原因不能超过 200 个字"));
        }
        let mut w = ctx.db().write().await?;
        let mut s = store::session_lock(&mut w, id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        if now_ms() > s.ends_at {
            return Err(AppError::Refused("已结束的课程不能取消".into()));
        }
        s.cancelled = true;
        s.detached = true;
        store::session_update(&mut w, &s).await?;
        let why = if reason.is_empty() { String::new() } else { format!("，原因：{reason}") };
        notify_change(&mut w, &s, &format!("“{}”（{}）已取消{why}", s.title, format_ms(s.starts_at))).await?;
        audit_one(&mut w, &ctx, "lecture_session", id, "cancel", Value::Null, json!({ "reason": reason })).await?;
        w.commit().await?;
        Ok(())
    }

    // ---- enrolment and leave ----

    pub async fn enrol(ctx: Ctx, session_id: i64) -> Result<String, AppError> {
        let pid = my_person(&ctx)?;
        let (path, level, _) = store::person_place(ctx.db(), pid).await?.unwrap_or_default();
        let mut w = ctx.db().write().await?;
        let s = store::session_lock(&mut w, session_id).await?.ok_or(AppError::NotFound)?;
        let now = now_ms();
        if let Some(why) = why_not_enrol(&s, s.audience.includes(&path, &level, pid), now) {
            return Err(AppError::Refused(why));
        }
        if let Some(current) = store::enrolment_of(&mut w, session_id, pid).await?.filter(|c| c != "cancelled") {
            return Ok(current);
        }
        let capacity = capacity_of(&ctx, &s).await?;
        let (enrolled, _) = store::enrolment_counts(&mut *w.tx, session_id).await?;
        let status = if capacity.is_some_and(|c| enrolled >= c) { "waiting" } else { "enrolled" };
        store::set_enrolment(&mut w, session_id, pid, status).await?;
        audit_one(&mut w, &ctx, "lecture_enrolment", session_id, status, Value::Null, json!({ "person_id": pid })).await?;
        w.commit().await?;
        Ok(status.to_string())
    }

    /// Places on offer: the session's own limit, or else its room's.
    async fn capacity_of(ctx: &Ctx, s: &StoredSession) -> Result<Option<i64>, AppError> {
        Ok(match (s.capacity, s.room_id) {
            (Some(c), _) => Some(c),
            (None, Some(r)) => store::room_get(ctx.db(), r).await?.map(|r| r.capacity),
            (None, None) => None,
        })
    }

    pub async fn unenrol(ctx: Ctx, session_id: i64) -> Result<(), AppError> {
        let pid = my_person(&ctx)?;
        let mut w = ctx.db().write().await?;
        let s = store::session_lock(&mut w, session_id).await?.ok_or(AppError::NotFound)?;
        if now_ms() >= s.starts_at {
            return Err(AppError::Refused("课程已开始，不能取消报名".into()));
        }
        let Some(current) = store::enrolment_of(&mut w, session_id, pid).await?.filter(|c| c != "cancelled") else {
            return Err(AppError::Refused("您没有报名本课程".into()));
        };
        store::set_enrolment(&mut w, session_id, pid, "cancelled").await?;
        let mut promoted = Vec::new();
        if current == "enrolled" {
            let capacity = capacity_of(&ctx, &s).await?;
            let (enrolled, waiting) = store::enrolment_counts(&mut *w.tx, session_id).await?;
            let n = places_to_promote(capacity, enrolled, waiting);
            promoted = store::waiting_front(&mut w, session_id, n).await?;
            for p in &promoted {
                store::set_enrolment(&mut w, session_id, *p, "enrolled").await?;
            }
            store::notify(
                &mut w,
                &promoted,
                &format!("候补成功：您已获得“{}”（{}）的名额", s.title, format_ms(s.starts_at)),
                &format!("/lectures/{session_id}"),
            )
            .await?;
        }
        audit_one(
            &mut w,
            &ctx,
            "lecture_enrolment",
            session_id,
            "cancel",
            json!({ "person_id": pid, "status": current }),
            json!({ "promoted": promoted }),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn ask_leave(ctx: Ctx, session_id: i64, reason: String) -> Result<i64, AppError> {
        let pid = my_person(&ctx)?;
        let reason = reason.trim().to_string();
        let n = reason.chars().count();
        if !(2..=200).contains(&n) {
            return Err(AppError::field("reason", "请填写请假事由（2 到 200 个字）"));
        }
        let (path, level, _) = store::person_place(ctx.db(), pid).await?.unwrap_or_default();
        let mut w = ctx.db().write().await?;
        let s = store::session_lock(&mut w, session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消，无需请假".into()));
        }
        if now_ms() >= s.starts_at {
            return Err(AppError::Refused("课程已开始，不能再请假".into()));
        }
        let enrolled = store::enrolment_of(&mut w, session_id, pid).await?.is_some_and(|e| e == "enrolled");
        if !s.audience.includes(&path, &level, pid) && !enrolled {
            return Err(AppError::Refused("您不是本课程的应参加人员，也没有报名，无需请假".into()));
        }
        if let Some(l) = store::leave_of(&mut w, session_id, pid).await? {
            if l.status == "pending" || l.status == "approved" {
                return Err(AppError::Refused(if l.status == "pending" { "请假申请已提交，正在审批" } else { "请假已批准" }.into()));
            }
        }
        let id = store::leave_request(&mut w, session_id, pid, &reason).await?;
        audit_one(
            &mut w,
            &ctx,
            "lecture_leave",
            id,
            "request",
            Value::Null,
            json!({ "session_id": session_id, "person_id": pid, "reason": reason }),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn withdraw_leave(ctx: Ctx, session_id: i64) -> Result<(), AppError> {
        let pid = my_person(&ctx)?;
        let mut w = ctx.db().write().await?;
        let l = store::leave_of(&mut w, session_id, pid)
            .await?
            .filter(|l| l.status == "pending")
            .ok_or(AppError::Refused("没有待审批的请假申请".into()))?;
        store::leave_decide(&mut w, l.id, "withdrawn", "", "").await?;
        audit_one(&mut w, &ctx, "lecture_leave", l.id, "withdraw", Value::Null, Value::Null).await?;
        w.commit().await?;
        Ok(())
    }

    /// Who may decide leave: HR and leaders, each within their scope (a 部室 leader for their 部室,
    /// the centre's leaders for everyone).
    fn decide_scope(user: &CurrentUser) -> Option<Scope> {
        authz::scope_for(authz::Access::Roles(&[Role::Hr, Role::Leader]), &user.grants)
    }

    pub async fn leave_queue(ctx: Ctx, pending: bool) -> Result<LeaveQueue, AppError> {
        let user = ctx.user()?.clone();
        let decide = decide_scope(&user);
        // ctx.scope: everything for HR and the organisation's leaders, the 部室 for a 部室 leader.
        let scope = ctx.scope.clone();
        Ok(LeaveQueue { items: store::leave_queue(ctx.db(), &scope, pending).await?, may_decide: decide.is_some() })
    }

    pub async fn decide_leave(ctx: Ctx, id: i64, approve: bool, note: String) -> Result<(), AppError> {
        let user = ctx.user()?.clone();
        let scope = decide_scope(&user).ok_or(AppError::Forbidden)?;
        let note = note.trim().to_string();
        if note.chars().count() > 200 {
            return Err(AppError::field("note", "意见不能超过 200 个字"));
        }
        let mut w = ctx.db().write().await?;
        let l = store::leave_get(&mut w, &scope, id).await?.ok_or(AppError::NotFound)?;
        if l.status != "pending" {
            return Err(AppError::Refused("该申请已处理".into()));
        }
        let status = if approve { "approved" } else { "rejected" };
        store::leave_decide(&mut w, id, status, &user.display_name, &note).await?;
        let text = format!(
            "您对“{}”（{}）的请假申请{}{}",
            l.session_title,
            l.session_time,
            if approve { "已批准" } else { "未获批准" },
            if note.is_empty() { String::new() } else { format!("：{note}") }
        );
        store::notify(&mut w, &[l.person_id], &text, &format!("/lectures/{}", l.session_id)).await?;
        audit_one(&mut w, &ctx, "lecture_leave", id, status, json!({ "status": "pending" }), json!({ "status": status, "note": note }))
            .await?;
        w.commit().await?;
        Ok(())
    }

    // ---- check-in ----

    pub async fn check_in(ctx: Ctx, session_id: i64, code: String) -> Result<String, AppError> {
        let pid = my_person(&ctx)?;
        if code.len() > 200 {
            return Err(AppError::Refused("二维码无效，请扫描签到屏幕上的二维码".into()));
        }
        let now = now_ms();
        ctx.state.secrets.check_code(session_id, &code, now).map_err(AppError::Refused)?;
        let s = store::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        let rules = settings::lecture_rules(ctx.db()).await?;
        checkin_window(now, s.starts_at, s.ends_at, &rules).map_err(AppError::Refused)?;
        let mark = checkin_mark(now, s.starts_at, &rules);
        let mut w = ctx.db().write().await?;
        if !store::check_in(&mut w, session_id, pid, mark, now).await? {
            return Ok("您已签到，无需重复签到".into());
        }
        audit_one(
            &mut w,
            &ctx,
            "lecture_attendance",
            session_id,
            "check_in",
            Value::Null,
            json!({ "person_id": pid, "status": mark.code() }),
        )
        .await?;
        w.commit().await?;
        Ok(format!("签到成功：{}", mark.label()))
    }

    fn request_origin(ctx: &Ctx) -> String {
        let host = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string))
            .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or_else(|| "localhost".into());
        format!("{}://{host}", if ctx.state.config.secure_cookies { "https" } else { "http" })
    }

    /// HR, or a lecturer of the session.
    async fn may_run_session(ctx: &Ctx, session_id: i64) -> Result<bool, AppError> {
        let user = ctx.user()?;
        if user.roles().contains(&Role::Hr) {
            return Ok(true);
        }
        Ok(match user.person_id {
            Some(p) => store::is_lecturer(ctx.db(), session_id, p).await?,
            None => false,
        })
    }

    pub async fn screen(ctx: Ctx, session_id: i64) -> Result<ScreenCode, AppError> {
        if !may_run_session(&ctx, session_id).await? {
            return Err(AppError::Forbidden);
        }
        let s = store::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        let now = now_ms();
        let window = qr_window(now);
        let url =
            format!("{}/lectures/{session_id}/checkin?c={}", request_origin(&ctx), ctx.state.secrets.checkin_code(session_id, window));
        let svg = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
            .map_err(|_| AppError::Internal)?
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(320, 320)
            .quiet_zone(true)
            .build();
        let (enrolled, _) = store::enrolment_counts(&ctx.db().pool, session_id).await?;
        Ok(ScreenCode {
            svg,
            url,
            seconds_left: crate::domain::lectures::QR_WINDOW_SECONDS - (now / 1000).rem_euclid(crate::domain::lectures::QR_WINDOW_SECONDS),
            checked_in: store::checked_in_count(ctx.db(), session_id).await?,
            audience: store::audience_size(ctx.db(), &s.audience).await? + enrolled,
        })
    }

    /// The most rows the whole-list sheet shows at once (a session for a whole province's agency
    /// stays printable; beyond it the list pages as usual).
    pub const SHEET_ALL: i64 = 5_000;

    pub async fn sheet(ctx: Ctx, session_id: i64, filter: String, page: i64) -> Result<AttendanceSheet, AppError> {
        let user = ctx.user()?.clone();
        let grants = user.grants.clone();
        let scope = match authz::scope_for(authz::Access::Roles(&[Role::Hr, Role::Leader]), &grants) {
            Some(s) => s,
            None if may_run_session(&ctx, session_id).await? => Scope::All,
            None => return Err(AppError::Forbidden),
        };
        let s = store::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let rules = settings::lecture_rules(ctx.db()).await?;
        let now = now_ms();
        let ended = now > s.ends_at;
        // Page 0 is the whole list on one page (to print it for signatures), up to SHEET_ALL rows.
        let (page, per_page) = if page == 0 { (1, SHEET_ALL) } else { (page, 100) };
        let (rows, total, counts) = store::sheet(ctx.db(), session_id, &s.audience, &scope, filter.trim(), ended, page, per_page).await?;
        let lines = rows
            .into_iter()
            .map(|r| {
                let st = standing(r.mark, r.leave_status == "approved", r.required, r.enrolment == "enrolled", ended);
                AttendanceLine {
                    person_id: r.person_id,
                    name: r.name,
                    unit_name: r.unit_name,
                    required: r.required,
                    enrolment: r.enrolment,
                    leave_status: r.leave_status,
                    standing: st.map(|a| a.code().to_string()).unwrap_or_default(),
                    at: r.at.map(format_ms).unwrap_or_default(),
                    method: r.method,
                    hours_tenths: if st.is_some_and(|a| a.earns_hours(&rules)) { s.hours_tenths } else { 0 },
                }
            })
            .collect();
        let counts = counts
            .into_iter()
            .map(|(g, n)| (if g == "unmarked" { if ended { "absent" } else { "pending" }.to_string() } else { g }, n))
            .collect();
        Ok(AttendanceSheet {
            lines: crate::model::Page { items: lines, total, page: page.clamp(1, crate::model::MAX_PAGE), per_page },
            counts,
            may_mark: user.may("lecture_mark"),
            ended,
            title: s.title,
            time: format_ms(s.starts_at),
        })
    }

    /// Mark people by hand (`present`, `late`, `absent` or `clear` each), all or none.
    pub async fn mark(ctx: Ctx, session_id: i64, list: Vec<(i64, String)>) -> Result<(), AppError> {
        let mut marks = Vec::with_capacity(list.len());
        for (person_id, status) in list {
            let mark = match status.as_str() {
                "clear" => None,
                "present" | "late" | "absent" => Attendance::from_code(&status),
                _ => return Err(AppError::field("status", "请选择出勤、迟到或缺勤")),
            };
            marks.push((person_id, mark, status));
        }
        let ids: Vec<i64> = marks.iter().map(|m| m.0).collect();
        let known = people::ids_in_scope(ctx.db(), &ctx.scope, &ids).await?;
        if ids.iter().any(|p| !known.contains(p)) {
            return Err(AppError::NotFound);
        }
        let mut w = ctx.db().write().await?;
        let s = store::session_lock(&mut w, session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        let actor = ctx.actor();
        for (person_id, mark, status) in marks {
            let before = store::mark_of(&mut w, session_id, person_id).await?;
            store::set_mark(&mut w, session_id, person_id, mark, "manual", &actor.name).await?;
            audit_one(
                &mut w,
                &ctx,
                "lecture_attendance",
                session_id,
                "mark",
                json!({ "person_id": person_id, "status": before }),
                json!({ "person_id": person_id, "status": status }),
            )
            .await?;
        }
        w.commit().await?;
        Ok(())
    }

    // ---- mine ----

    pub async fn mine(ctx: Ctx, year: i32) -> Result<MyLectureList, AppError> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::field("year", "年份应在 2000 到 2100 之间"));
        }
        let pid = my_person(&ctx)?;
        let db = ctx.db();
        let (path, level, _) = store::person_place(db, pid).await?.unwrap_or_default();
        let from = china_ms(NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::BadRequest)?, 0);
        let to = china_ms(NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or(AppError::BadRequest)?, 0);
        let touched = store::touched_sessions(db, pid).await?;
        // The year's sessions (in date order) that the person must attend or has taken part in.
        let rows: Vec<(SessionRow, Audience)> = store::sessions_between(db, from, to, None, None)
            .await?
            .into_iter()
            .filter(|(r, a)| touched.contains(&r.id) || a.includes(&path, &level, pid))
            .collect();
        let ids: Vec<i64> = rows.iter().map(|(r, _)| r.id).collect();
        let marks = store::marks_of(db, pid, Some(&ids)).await?;
        let rules = settings::lecture_rules(db).await?;
        let now = now_ms();
        let (mut upcoming, mut history, mut total) = (Vec::new(), Vec::new(), 0);
        for (row, a) in rows {
            let required = a.includes(&path, &level, pid);
            let enrolment = marks.enrolment.get(&row.id).cloned().unwrap_or_default();
            let leave = marks.leave.get(&row.id).cloned();
            let mark = marks.attendance.get(&row.id).copied();
            let st = if row.cancelled {
                None
            } else {
                standing(
                    mark.map(|m| m.0),
                    leave.as_ref().is_some_and(|l| l.status == "approved"),
                    required,
                    enrolment == "enrolled",
                    now > row.ends_at,
                )
            };
            let earned = if st.is_some_and(|s| s.earns_hours(&rules)) { row.hours_tenths } else { 0 };
            total += earned;
            let line = MyLecture {
                part: MyPart {
                    required,
                    enrolment,
                    waiting_position: 0,
                    leave,
                    standing: st.map(|s| s.code().to_string()).unwrap_or_default(),
                    checked_in_at: mark.map(|m| format_ms(m.1)).unwrap_or_default(),
                    cannot_enrol: String::new(),
                },
                hours_earned_tenths: earned,
                row,
            };
            if line.row.ends_at > now {
                upcoming.push(line);
            } else {
                history.push(line);
            }
        }
        history.reverse();
        let teaching = store::lecturing(db, pid, from, i64::MAX).await?.into_iter().map(|(r, _)| r).collect();
        Ok(MyLectureList { upcoming, history, year, year_hours_tenths: total, teaching, feed_enabled: store::has_feed(db, pid).await? })
    }

    pub async fn feed(ctx: Ctx, enable: bool) -> Result<String, AppError> {
        let pid = my_person(&ctx)?;
        let mut w = ctx.db().write().await?;
        let (token, url) = if enable {
            let t = crate::security::new_token();
            let url = format!("{}/api/lecture_feed?token={t}", request_origin(&ctx));
            (Some(ctx.state.secrets.token_hash(&t)), url)
        } else {
            (None, String::new())
        };
        store::set_feed(&mut w, pid, token.as_deref()).await?;
        audit_one(&mut w, &ctx, "calendar_feed", pid, if enable { "create" } else { "revoke" }, Value::Null, Value::Null).await?;
        w.commit().await?;
        Ok(url)
    }

    const FEED_COOKIE: &str = "yucai_feed";

    /// Keep the feed address just made for 我的课程's next answer: a cookie for that page only,
    /// a minute long, unreadable by scripts.
    pub fn keep_feed_url(url: &str) {
        use leptos::prelude::use_context;
        let Some(opts) = use_context::<leptos_axum::ResponseOptions>() else { return };
        let secure = use_context::<AppState>().is_some_and(|s| s.config.secure_cookies);
        let cookie = format!(
            "{FEED_COOKIE}={url}; Path=/lectures/mine; Max-Age=60; HttpOnly; SameSite=Strict{}",
            if secure { "; Secure" } else { "" }
        );
        if let Ok(v) = http::HeaderValue::from_str(&cookie) {
            opts.append_header(http::header::SET_COOKIE, v);
        }
    }

    /// The address kept by [`keep_feed_url`], once: the answer clears it.
    pub fn take_feed_url() -> Option<String> {
        use leptos::prelude::use_context;
        let parts = use_context::<http::request::Parts>()?;
        let url = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == FEED_COOKIE)
            .map(|(_, v)| v.to_string())
            .filter(|v| v.starts_with("http") && v.len() < 500)?;
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(v) =
                http::HeaderValue::from_str(&format!("{FEED_COOKIE}=; Path=/lectures/mine; Max-Age=0; HttpOnly; SameSite=Strict"))
            {
                opts.append_header(http::header::SET_COOKIE, v);
            }
        }
        Some(url)
    }

    // ---- rooms, categories, rules, calendar ----

    pub async fn room_save(ctx: Ctx, room: Room) -> Result<i64, AppError> {
        let mut errs = Vec::new();
        let name = room.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 50 {
            errs.push(("name", "请填写教室名称（不超过 50 个字）".to_string()));
        }
        if !(1..=5000).contains(&room.capacity) {
            errs.push(("capacity", "容纳人数应在 1 到 5000 之间".to_string()));
        }
        if room.location.chars().count() > 100 {
            errs.push(("location", "位置不能超过 100 个字".to_string()));
        }
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let mut w = ctx.db().write().await?;
        let except = (room.id != 0).then_some(room.id);
        if store::room_name_taken(&mut w, &name, except).await? {
            return Err(AppError::field("name", format!("已有名为“{name}”的教室")));
        }
        let r = Room { name, location: room.location.trim().into(), ..room };
        let id = store::room_save(&mut w, &r).await?.ok_or(AppError::NotFound)?;
        audit_one(&mut w, &ctx, "lecture_room", id, if except.is_some() { "update" } else { "create" }, Value::Null, json!(r)).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn category_add(ctx: Ctx, name: String) -> Result<i64, AppError> {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 20 {
            return Err(AppError::field("name", "请填写类别名称（不超过 20 个字）"));
        }
        let mut w = ctx.db().write().await?;
        let id = store::category_add(&mut w, &name).await?.ok_or(AppError::field("name", format!("已有类别“{name}”")))?;
        audit_one(&mut w, &ctx, "lecture_category", id, "create", Value::Null, json!({ "name": name })).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn rules_save(ctx: Ctx, input: LectureRulesInput) -> Result<(), AppError> {
        let rules: LectureRules = input.parse().map_err(invalid)?;
        let errs = rules.check();
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let before = settings::lecture_rules(ctx.db()).await?;
        let mut w = ctx.db().write().await?;
        settings::save_lecture_rules(&mut w, &rules).await?;
        audit_one(&mut w, &ctx, "lecture_rules", 0, "update", json!(before), json!(rules)).await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn year_save(ctx: Ctx, year: i32, holidays: String, workdays: String) -> Result<(), AppError> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::field("year", "年份应在 2000 到 2100 之间"));
        }
        if holidays.len() > 20_000 || workdays.len() > 20_000 {
            return Err(AppError::field("holidays", "内容过长"));
        }
        let mut errs = Vec::new();
        let h = parse_dates(year, &holidays).unwrap_or_else(|e| {
            errs.push(("holidays", e));
            Vec::new()
        });
        let wd = parse_dates(year, &workdays).unwrap_or_else(|e| {
            errs.push(("workdays", e));
            Vec::new()
        });
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let y = YearCalendar { year, holidays: h, workdays: wd };
        let problems = check_year(&y);
        if !problems.is_empty() {
            return Err(invalid(problems.into_iter().map(|m| ("holidays", m)).collect()));
        }
        let mut w = ctx.db().write().await?;
        let before = calendar::get_year(&mut w, year).await?;
        calendar::save_year(&mut w, &y, &ctx.actor().name).await?;
        audit_one(&mut w, &ctx, "holiday_year", year as i64, if before.is_some() { "update" } else { "create" }, json!(before), json!(y))
            .await?;
        w.commit().await?;
        Ok(())
    }

    // ---- attendance from a workbook ----

    pub async fn import_attendance(ctx: Ctx, data: server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
        use crate::domain::import::Problem;
        use crate::domain::lectures::parse_attendance;
        use crate::excel::{self, LIMITS};
        use crate::model::{ImportPreviewRow, ImportReport};
        let up = crate::api::excel::ssr::read_upload(data, &["session_id"]).await?;
        let session_id: i64 =
            up.field("session_id").trim().parse().map_err(|_| AppError::field("session_id", "请从课程的出勤名单页面导入"))?;
        let s = store::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        if s.cancelled {
            return Err(AppError::Refused("本次课程已取消".into()));
        }
        let bytes = up.bytes;
        let read = tokio::task::spawn_blocking(move || {
            excel::read_upload(&bytes, &LIMITS).map(|grid| parse_attendance(&grid, crate::domain::import::MAX_ROWS))
        })
        .await
        .map_err(|_| AppError::Internal)?;
        let problem = |message: String| Problem { row: 0, column: String::new(), message };
        let (marks, mut problems) = match read {
            Ok(r) => r,
            Err(message) => return Ok(ImportReport { file_name: up.name, problems: vec![problem(message)], ..Default::default() }),
        };
        // Everyone named must be on the roster (within the importer's scope), under that name.
        let known =
            crate::api::excel::ssr::check_people(&ctx, marks.iter().map(|m| (m.row, m.person_id, m.name.as_str())), &mut problems).await?;
        problems.sort_by_key(|p| p.row);
        let to_mark: Vec<_> = marks.iter().filter_map(|m| m.mark.map(|a| (m, a))).collect();
        let mut report = ImportReport {
            file_name: up.name.clone(),
            rows: marks.len(),
            creates: to_mark.len(),
            updates: 0,
            preview: to_mark
                .iter()
                .take(20)
                .map(|(m, a)| ImportPreviewRow {
                    row: m.row,
                    name: known.get(&m.person_id).map(|p| p.name.clone()).unwrap_or_default(),
                    unit: known.get(&m.person_id).map(|p| p.unit_name.clone()).unwrap_or_default(),
                    id_masked: String::new(),
                    level: a.label().to_string(),
                    updates: Some(m.person_id),
                })
                .collect(),
            problems,
            committed: false,
        };
        if !report.problems.is_empty() || !up.commit {
            return Ok(report);
        }
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let mut records = Vec::with_capacity(to_mark.len() + 1);
        for (m, a) in &to_mark {
            store::set_mark(&mut w, session_id, m.person_id, Some(*a), "import", &actor.name).await?;
            records.push(NewRecord {
                entity: "lecture_attendance",
                entity_id: session_id.to_string(),
                action: "import_mark",
                before: Value::Null,
                after: json!({ "person_id": m.person_id, "status": a.code() }),
            });
        }
        records.push(NewRecord {
            entity: "lecture_session",
            entity_id: session_id.to_string(),
            action: "import_attendance",
            before: Value::Null,
            after: json!({ "file": crate::domain::id_number::scrub(&up.name), "marked": to_mark.len() }),
        });
        audit::record_many(&mut w, &actor, records).await?;
        w.commit().await?;
        report.committed = true;
        Ok(report)
    }

    /// `GET /api/lecture_attendance_sheet?session_id=…`: the whole list as a workbook to mark and
    /// import again.
    pub async fn attendance_sheet(
        axum::extract::State(state): axum::extract::State<AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "lecture_attendance_sheet") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let Some(session_id) = params.iter().find(|(k, _)| k == "session_id").and_then(|(_, v)| v.parse::<i64>().ok()) else {
            return refusal(AppError::field("session_id", "缺少课程"));
        };
        let work = async {
            let s = store::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
            let rules = settings::lecture_rules(ctx.db()).await?;
            let ended = now_ms() > s.ends_at;
            let (rows, _, _) =
                store::sheet(ctx.db(), session_id, &s.audience, &ctx.scope, "", ended, 1, crate::domain::import::MAX_ROWS as i64).await?;
            let lines: Vec<Vec<String>> = rows
                .into_iter()
                .map(|r| {
                    let st = standing(r.mark, r.leave_status == "approved", r.required, r.enrolment == "enrolled", ended);
                    let who = if r.required {
                        "应参加"
                    } else if r.enrolment == "enrolled" {
                        "已报名"
                    } else if r.enrolment == "waiting" {
                        "候补"
                    } else {
                        "自行签到"
                    };
                    vec![
                        r.person_id.to_string(),
                        r.name,
                        r.unit_name,
                        who.to_string(),
                        st.map(|a| a.label().to_string()).unwrap_or_default(),
                        r.at.map(format_ms).unwrap_or_default(),
                        if st.is_some_and(|a| a.earns_hours(&rules)) {
                            crate::domain::lectures::hours_text(s.hours_tenths)
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            let title = format!("{} {}", s.title, format_ms(s.starts_at));
            tokio::task::spawn_blocking(move || {
                crate::excel::table(&["人员编号", "姓名", "部室", "身份", "状态", "签到时间", "学时"], lines, "出勤名单", &title)
            })
            .await
            .map_err(|_| AppError::Internal)?
            .map_err(AppError::from)
        };
        match work.await {
            Ok(bytes) => crate::api::excel::ssr::workbook(bytes, &format!("出勤名单-{session_id}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    // ---- calendar feeds (plain handlers: a phone calendar fetches them without a session) ----

    fn ics_response(body: String) -> axum::response::Response {
        use axum::response::IntoResponse;
        let mut res = body.into_response();
        let h = res.headers_mut();
        h.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/calendar; charset=utf-8"));
        h.insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("private, max-age=300"));
        res
    }

    fn refusal(e: AppError) -> axum::response::Response {
        use axum::response::IntoResponse;
        (e.status(), e.to_string()).into_response()
    }

    /// Who made the iCalendar feeds (RFC 5545 3.7.3).
    pub const PRODID: &str = "-//Yucai//育才 培训课程//ZH";

    /// The sessions as an iCalendar document.
    pub fn ics(name: &str, rows: &[SessionRow]) -> String {
        use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
        let mut cal = Calendar::empty();
        cal.append_property(("VERSION", "2.0"))
            .append_property(("PRODID", PRODID))
            .append_property(("CALSCALE", "GREGORIAN"))
            .name(name)
            .timezone("Asia/Shanghai");
        for r in rows {
            let (Some(start), Some(end)) =
                (chrono::DateTime::from_timestamp_millis(r.starts_at), chrono::DateTime::from_timestamp_millis(r.ends_at))
            else {
                continue;
            };
            let mut e = Event::new();
            e.uid(&format!("yucai-session-{}@yucai", r.id)).summary(&r.title).starts(start).ends(end).location(&r.room).description(
                &format!(
                    "{}{}，{} 学时",
                    if r.lecturers.is_empty() { String::new() } else { format!("讲师：{}；", r.lecturers) },
                    r.category,
                    crate::domain::lectures::hours_text(r.hours_tenths)
                ),
            );
            if r.cancelled {
                e.status(EventStatus::Cancelled);
            }
            cal.push(e.done());
        }
        cal.done().to_string()
    }

    fn token_param(params: &[(String, String)]) -> Option<&str> {
        params.iter().find(|(k, _)| k == "token").map(|(_, v)| v.as_str()).filter(|t| !t.is_empty() && t.len() <= 100)
    }

    /// `GET /api/lecture_feed?token=…`: one person's sessions (required, signed up, lecturing),
    /// from a year ago on.
    pub async fn person_feed(
        axum::extract::State(state): axum::extract::State<AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "lecture_feed") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let Some(token) = token_param(&params) else { return refusal(AppError::NotFound) };
        let db = ctx.db();
        let work = async {
            let Some(pid) = store::feed_person(db, &ctx.state.secrets.token_hash(token)).await? else { return Err(AppError::NotFound) };
            let (path, level, _) = store::person_place(db, pid).await?.unwrap_or_default();
            let now = now_ms();
            let from = now - 366 * 86_400_000;
            let touched = store::touched_sessions(db, pid).await?;
            let mut rows: Vec<SessionRow> = store::sessions_between(db, from, now + 400 * 86_400_000, None, None)
                .await?
                .into_iter()
                .filter(|(r, a)| touched.contains(&r.id) || a.includes(&path, &level, pid))
                .map(|(r, _)| r)
                .collect();
            for r in store::lecturing(db, pid, from, i64::MAX).await? {
                if !rows.iter().any(|x| x.id == r.0.id) {
                    rows.push(r.0);
                }
            }
            rows.sort_by_key(|r| r.starts_at);
            Ok(ics("我的培训课程", &rows))
        };
        match work.await {
            Ok(body) => ics_response(body),
            Err(e) => refusal(e),
        }
    }

    /// `GET /api/series_feed?token=…`: all sessions of one series.
    pub async fn series_feed(
        axum::extract::State(state): axum::extract::State<AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "series_feed") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let Some(token) = token_param(&params) else { return refusal(AppError::NotFound) };
        let work = async {
            let s = store::series_by_feed(ctx.db(), token).await?.ok_or(AppError::NotFound)?;
            let rows: Vec<SessionRow> =
                store::sessions_between(ctx.db(), 0, i64::MAX, Some(s.id), None).await?.into_iter().map(|(r, _)| r).collect();
            Ok::<_, AppError>(ics(&s.name, &rows))
        };
        match work.await {
            Ok(body) => ics_response(body),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new()
            .route("/api/lecture_feed", get(person_feed).fallback(crate::security::gate::wrong_method))
            .route("/api/series_feed", get(series_feed).fallback(crate::security::gate::wrong_method))
            .route("/api/lecture_attendance_sheet", get(attendance_sheet).fallback(crate::security::gate::wrong_method))
            .with_state(state)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn check_in_codes_are_bound_to_session_and_time() {
            let secrets = crate::security::secrets::Secrets::random();
            let now = 1_800_000_000_000;
            let w = qr_window(now);
            let code = secrets.checkin_code(7, w);
            assert_eq!(secrets.check_code(7, &code, now), Ok(()));
            assert_eq!(secrets.check_code(7, &code, now + 30_000), Ok(()));
            assert!(secrets.check_code(7, &code, now + 60_000).unwrap_err().contains("过期"));
            assert!(secrets.check_code(8, &code, now).unwrap_err().contains("另一场"));
            let forged = format!("8.{w}.{}", secrets.checkin_mac(7, w));
            assert!(secrets.check_code(8, &forged, now).unwrap_err().contains("无效"));
            let other_key = crate::security::secrets::Secrets::random();
            assert!(other_key.check_code(7, &code, now).unwrap_err().contains("无效"));
            for junk in ["", "7", "7.x.y", "a.b.c", "7.1"] {
                assert!(secrets.check_code(7, junk, now).is_err());
            }
        }

        #[test]
        fn the_feed_is_an_icalendar_document() {
            let row = SessionRow {
                id: 3,
                title: "公文写作".into(),
                room: "一号会议室".into(),
                starts_at: 1_800_000_000_000,
                ends_at: 1_800_005_400_000,
                hours_tenths: 20,
                ..Default::default()
            };
            let text = ics("我的培训课程", &[row]);
            assert!(text.starts_with("BEGIN:VCALENDAR"));
            assert!(text.contains("SUMMARY:公文写作"));
            assert!(text.contains("UID:yucai-session-3@yucai"));
            let parsed: icalendar::Calendar = text.parse().expect("parses");
            assert_eq!(parsed.components.len(), 1);
        }
    }
}
