//! Lectures for everyone: the month and week calendar, a session (enrol, leave, materials),
//! check-in from the QR code, the room screen, the attendance list, 我的课程 and notices.
//! Plain HTML from the server: filters and navigation are links and GET forms, every action a
//! form that works before, and without, the browser's code.

use crate::api::lectures::*;
use crate::components::{
    field_error, flash, flash_note, form_error, other_errors, with_query, Confirm, ErrorBox, Guarded, Loading, Pagination, PostForm,
};
use crate::domain::lectures::{hours_text, Attendance};
use crate::i18n::{t, tf, use_locale};
use crate::model::{AttendanceSheet, CalendarQuery, CurrentUser, LectureChoices, Locale, MyLecture, SessionDetail, SessionRow};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub fn standing_label(code: &str) -> &'static str {
    Attendance::from_code(code).map(|a| t(a.label())).unwrap_or("")
}

fn leave_label(status: &str) -> &'static str {
    match status {
        "pending" => t("请假待审批"),
        "approved" => t("请假已批准"),
        "rejected" => t("请假未批准"),
        _ => "",
    }
}

/// The page's session id from the path.
fn path_id() -> i64 {
    crate::components::path_id().unwrap_or(0)
}

fn today() -> NaiveDate {
    crate::domain::time::today_china(chrono::Utc::now())
}

/// A query parameter of this request, as given (empty when absent).
fn query_value(key: &str) -> String {
    use_query_map().with_untracked(|q| q.get(key).unwrap_or_default())
}

const WEEKDAY_NAMES: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

// ---- the calendar ------------------------------------------------------------------------------

#[component]
pub fn LecturesPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=calendar_page/> }
}

/// First day shown and number of days for the view: a month from its Monday-started grid, or a week.
fn view_range(week: bool, anchor: NaiveDate) -> (NaiveDate, i64) {
    if week {
        let monday = anchor - chrono::Duration::days(anchor.weekday().num_days_from_monday() as i64);
        (monday, 7)
    } else {
        let first = anchor.with_day(1).unwrap_or(anchor);
        let start = first - chrono::Duration::days(first.weekday().num_days_from_monday() as i64);
        (start, 42)
    }
}

/// The calendar's query: the view, the day it shows, and the filters (kept in every link).
#[derive(Clone)]
struct CalendarView {
    week: bool,
    anchor: NaiveDate,
    series: String,
    category: String,
    unit: String,
}

impl CalendarView {
    fn from_query() -> CalendarView {
        CalendarView {
            week: query_value("view") == "week",
            anchor: NaiveDate::parse_from_str(&query_value("d"), "%Y-%m-%d").unwrap_or_else(|_| today()),
            series: query_value("series"),
            category: query_value("category"),
            unit: query_value("unit"),
        }
    }

    fn href(&self, week: bool, d: NaiveDate) -> String {
        with_query(
            "/lectures",
            &[
                ("view", if week { "week".to_string() } else { String::new() }),
                ("d", d.to_string()),
                ("series", self.series.clone()),
                ("category", self.category.clone()),
                ("unit", self.unit.clone()),
            ],
        )
    }

    /// The previous or next month (or week).
    fn step(&self, forward: bool) -> String {
        let a = self.anchor;
        let d = if self.week {
            a + chrono::Duration::days(if forward { 7 } else { -7 })
        } else if forward {
            a.with_day(1).and_then(|f| f.checked_add_months(chrono::Months::new(1))).unwrap_or(a)
        } else {
            a.with_day(1).and_then(|f| f.checked_sub_months(chrono::Months::new(1))).unwrap_or(a)
        };
        self.href(self.week, d)
    }

    fn title(&self) -> String {
        let a = self.anchor;
        if self.week {
            let (from, _) = view_range(true, a);
            format!("{} – {}", from.format("%Y-%m-%d"), (from + chrono::Duration::days(6)).format("%m-%d"))
        } else {
            match use_locale() {
                Locale::Zh => format!("{}年{}月", a.year(), a.month()),
                Locale::En => a.format("%B %Y").to_string(),
            }
        }
    }
}

fn calendar_page(u: CurrentUser) -> impl IntoView {
    let cv = CalendarView::from_query();
    let options = Resource::new(|| (), |_| lecture_options());
    let list = Resource::new(|| (), {
        let cv = cv.clone();
        move |_| {
            let (from, days) = view_range(cv.week, cv.anchor);
            lecture_calendar(CalendarQuery {
                from: from.to_string(),
                days,
                series_id: cv.series.parse().ok(),
                category_id: cv.category.parse().ok(),
                unit_id: cv.unit.parse().ok(),
            })
        }
    });
    let is_hr = u.may("lecture_series_save");
    let may_manage = u.may("lecture_series_list");
    let (week, anchor) = (cv.week, cv.anchor);
    let chosen = cv.clone();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("培训课程")}</h1>
                <div class="button-row no-print">
                    <A href="/lectures/mine" attr:class="button">{t("我的课程")}</A>
                    {may_manage.then(|| view! {
                        <A href="/lectures/series" attr:class="button">{t("课程系列")}</A>
                        <A href="/lectures/leave" attr:class="button">{t("请假审批")}</A>
                        <A href="/lectures/rooms" attr:class="button">{t("教室与类别")}</A>
                        <A href="/lectures/holidays" attr:class="button">{t("节假日")}</A>
                    })}
                    {is_hr.then(|| view! { <A href="/lectures/new" attr:class="button primary">{t("新建单次课程")}</A> })}
                </div>
            </div>
            // The filters are a GET form: the view lives in the URL (bookmarkable).
            <form class="filters no-print" method="get" action="/lectures" role="search">
                <input type="hidden" name="d" value=anchor.to_string()/>
                {week.then(|| view! { <input type="hidden" name="view" value="week"/> })}
                <Suspense fallback=|| ()>
                    {move || {
                        let chosen = chosen.clone();
                        Suspend::new(async move {
                            let o: LectureChoices = options.await.unwrap_or_default();
                            let unit: Option<i64> = chosen.unit.parse().ok();
                            view! {
                                <label for="f-series">{t("系列")}</label>
                                <select id="f-series" name="series">
                                    <option value="">{t("全部")}</option>
                                    {o.series.into_iter().map(|(id, name)| {
                                        let selected = chosen.series == id.to_string();
                                        view! { <option value=id.to_string() selected=selected>{name}</option> }
                                    }).collect_view()}
                                </select>
                                <label for="f-category">{t("类别")}</label>
                                <select id="f-category" name="category">
                                    <option value="">{t("全部")}</option>
                                    {o.categories.into_iter().map(|c| {
                                        let selected = chosen.category == c.id.to_string();
                                        view! { <option value=c.id.to_string() selected=selected>{c.name}</option> }
                                    }).collect_view()}
                                </select>
                                <label for="f-unit">{t("部室")}</label>
                                <select id="f-unit" name="unit">
                                    <option value="">{t("全部")}</option>
                                    {o.units.into_iter().map(|u| view! {
                                        <option value=u.id.to_string() selected=unit == Some(u.id)>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option>
                                    }).collect_view()}
                                </select>
                            }
                        })
                    }}
                </Suspense>
                <button type="submit">{t("筛选")}</button>
            </form>
            <nav class="calendar-nav" aria-label=t("课程日历")>
                <A href=cv.step(false) attr:class="button" attr:rel="prev">{if week { t("上一周") } else { t("上个月") }}</A>
                <h2 class="calendar-title">{cv.title()}</h2>
                <A href=cv.step(true) attr:class="button" attr:rel="next">{if week { t("下一周") } else { t("下个月") }}</A>
                <A href=cv.href(week, today()) attr:class="button">{t("今天")}</A>
                <A href=cv.href(!week, anchor) attr:class="button">{if week { t("按月查看") } else { t("按周查看") }}</A>
            </nav>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) => calendar_view(week, anchor, rows).into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn session_chip(r: &SessionRow) -> impl IntoView {
    let class = if r.cancelled {
        "chip cancelled"
    } else if r.kind == "大讲堂" {
        "chip hall"
    } else {
        "chip"
    };
    let (href, start, title, cancelled) = (format!("/lectures/{}", r.id), r.start.clone(), r.title.clone(), r.cancelled);
    view! {
        <A href=href attr:class=class>
            <span class="chip-time">{start}</span>" "
            <span class="chip-title" translate="no">{title}</span>
            {cancelled.then(|| view! { <span class="badge">{t("已取消")}</span> })}
        </A>
    }
}

/// A month as a grid of weeks (a list of days on a phone), or a week as seven days.
fn calendar_view(week: bool, anchor: NaiveDate, rows: Vec<SessionRow>) -> impl IntoView {
    let (from, days) = view_range(week, anchor);
    let today = today();
    let month = anchor.month();
    let count = rows.len();
    let cells: Vec<_> = (0..days)
        .map(|i| {
            let d = from + chrono::Duration::days(i);
            let ds = d.to_string();
            let list: Vec<SessionRow> = rows.iter().filter(|r| r.date == ds).cloned().collect();
            let outside = !week && d.month() != month;
            let class = format!(
                "day{}{}{}",
                if outside { " outside" } else { "" },
                if d == today { " today" } else { "" },
                if list.is_empty() { " empty-day" } else { "" }
            );
            let name =
                format!("{} {}", tf("{}月{}日", &[&d.month(), &d.day()]), t(WEEKDAY_NAMES[d.weekday().num_days_from_monday() as usize]));
            view! {
                <li class=class>
                    <span class="day-head">
                        <span class="day-num">{d.day().to_string()}</span>
                        <span class="day-name">{name}</span>
                    </span>
                    {list.iter().map(session_chip).collect_view()}
                </li>
            }
        })
        .collect();
    view! {
        {(count == 0).then(|| view! { <p class="empty">{t("这段时间没有安排课程。")}</p> })}
        <ol class=if week { "calendar week" } else { "calendar month" } aria-label=t("课程日历")>
            {WEEKDAY_NAMES.iter().map(|w| view! { <li class="weekday" aria-hidden="true">{t(w)}</li> }).collect_view()}
            {cells}
        </ol>
    }
}

// ---- one session ---------------------------------------------------------------------------------

#[component]
pub fn SessionPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=session_page/> }
}

fn lecturers_text(d: &SessionDetail) -> String {
    if d.lecturers.is_empty() {
        return t("待定").to_string();
    }
    d.lecturers
        .iter()
        .map(|l| [l.name.clone(), l.org.clone(), l.title.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))
        .collect::<Vec<_>>()
        .join(t("；"))
}

/// 已报名 12 人，名额 30，候补 2 人；截止 …
fn enrolment_text(d: &SessionDetail) -> String {
    let mut s = tf("已报名 {} 人", &[&d.enrolled]);
    if let Some(c) = d.capacity {
        s.push_str(&tf("，名额 {}", &[&c]));
    }
    if d.waiting > 0 {
        s.push_str(&tf("，候补 {} 人", &[&d.waiting]));
    }
    if !d.enrol_deadline.is_empty() {
        s.push_str(&tf("；截止 {}", &[&d.enrol_deadline]));
    }
    s
}

fn session_page(u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let detail = Resource::new(|| (), move |_| lecture_session(id));
    let is_hr = u.may("lecture_session_save");
    let may_list = u.may("lecture_series_list");
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let d: SessionDetail = match detail.await {
                    Ok(d) => d,
                    Err(e) => return view! { <section class="panel"><ErrorBox error=e/></section> }.into_any(),
                };
                let r = d.row.clone();
                let may_run = is_hr || d.is_lecturer;
                let may_see_list = may_list || d.is_lecturer;
                let cancelled = r.cancelled;
                let ended = d.ended;
                let attended = d.me.as_ref().is_some_and(|m| m.standing == "present" || m.standing == "late");
                view! {
                    <section class="panel">
                        <p class="crumbs no-print"><A href="/lectures">{t("培训课程")}</A>" › "<span translate="no">{r.series_name.clone()}</span></p>
                        <h1><span translate="no">{r.title.clone()}</span>" " {cancelled.then(|| view! { <span class="badge danger">{t("已取消")}</span> })}</h1>
                        <dl class="facts">
                            <dt>{t("时间")}</dt><dd data-testid="session-time">{format!("{} {}–{}", r.date, r.start, r.end)} {r.moved.then(|| view! { <span class="badge">{t("因节假日顺延")}</span> })}</dd>
                            <dt>{t("地点")}</dt><dd>{if r.room.is_empty() { t("待定").to_string() } else { r.room.clone() }}</dd>
                            <dt>{t("讲师")}</dt><dd>{lecturers_text(&d)}</dd>
                            <dt>{t("形式")}</dt><dd>{kind_text(&r.kind)}" · "<span translate="no">{r.category.clone()}</span></dd>
                            <dt>{t("学时")}</dt><dd>{hours_text(r.hours_tenths)}</dd>
                            <dt>{t("应参加")}</dt><dd>{d.audience_text.clone()}</dd>
                            {d.open_enrolment.then(|| view! { <dt>{t("报名")}</dt><dd>{enrolment_text(&d)}</dd> })}
                        </dl>
                        {(ended && !cancelled && attended).then(|| view! {
                            <p class="no-print"><A href=format!("/lectures/{id}/rate") attr:class="button primary">{t("评价本课")}</A></p>
                        })}
                        {flash_note("lecture_session_cancel", "已取消本次课程，应参加和已报名的人员会收到通知。")}
                        {form_error::<LectureSessionCancel>().map(|e| view! { <ErrorBox error=e/> })}
                        {(may_run || may_see_list).then(|| view! {
                            <div class="button-row no-print">
                                {may_see_list.then(|| view! { <A href=format!("/lectures/{id}/attendance") attr:class="button">{t("出勤名单")}</A> })}
                                {(may_see_list && ended && !cancelled).then(|| view! { <A href=format!("/lectures/{id}/ratings") attr:class="button">{t("评价结果")}</A> })}
                                {(may_run && !cancelled && !ended).then(|| view! { <A href=format!("/lectures/{id}/screen") attr:class="button">{t("签到屏幕")}</A> })}
                                {is_hr.then(|| view! { <A href=format!("/lectures/edit/{id}") attr:class="button">{t("编辑本次课程")}</A> })}
                                {(is_hr && !cancelled && !ended).then(|| view! {
                                    <form method="post" action="/api/lecture_session_cancel" class="inline">
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <Confirm label="取消本次课程" question=t("确定取消本次课程吗？应参加和已报名的人员会收到通知。") yes="确认取消课程" danger=true/>
                                    </form>
                                })}
                            </div>
                        })}
                    </section>
                    {d.me.clone().map(|m| my_part_view(id, m, cancelled, ended))}
                    {(!d.materials_html.is_empty()).then(|| view! {
                        <section class="panel"><h2>{t("课程资料")}</h2><div class="markdown" translate="no" inner_html=d.materials_html.clone()></div></section>
                    })}
                    {(!d.summary_html.is_empty()).then(|| view! {
                        <section class="panel"><h2>{t("课程小结")}</h2><div class="markdown" translate="no" inner_html=d.summary_html.clone()></div></section>
                    })}
                }.into_any()
            })}
        </Suspense>
    }
}

/// 大讲堂 … in the reader's language (the stored value is the Chinese word).
pub fn kind_text(kind: &str) -> String {
    crate::domain::lectures::KINDS.iter().find(|k| **k == kind).map(|k| t(k).to_string()).unwrap_or_else(|| kind.to_string())
}

/// 我的参加情况: where one stands, and the forms to sign up, cancel, ask for or withdraw leave.
fn my_part_view(id: i64, m: crate::model::MyPart, cancelled: bool, ended: bool) -> impl IntoView {
    let leave_row = m.leave.clone();
    let waiting = m.enrolment == "waiting";
    let may_leave = (m.required || m.enrolment == "enrolled")
        && !cancelled
        && !ended
        && !leave_row.as_ref().is_some_and(|l| l.status == "pending" || l.status == "approved");
    let leave_err = form_error::<LectureLeave>();
    let other = form_error::<LectureEnrol>().or_else(form_error::<LectureUnenrol>).or_else(form_error::<LectureLeaveWithdraw>);
    let enrolled_note = flash("lecture_enrol").map(|n| if n == Some(1) { t("已进入候补名单。") } else { t("已报名。") });
    let status = if m.required {
        t("您是应参加人员。")
    } else if m.enrolment == "enrolled" {
        t("您已报名。")
    } else if waiting {
        t("您在候补名单中。")
    } else {
        t("您不是应参加人员。")
    };
    view! {
        <section class="panel" aria-labelledby="my-part">
            <h2 id="my-part">{t("我的参加情况")}</h2>
            <p data-testid="my-status">
                {status}
                {(m.waiting_position > 0).then(|| tf(" 候补第 {} 位。", &[&m.waiting_position]))}
                {(!m.standing.is_empty()).then(|| view! { " " <span class=format!("status {}", m.standing)>{standing_label(&m.standing)}</span> })}
                {leave_row.as_ref().map(|l| view! {
                    " " <span class="status">{leave_label(&l.status)}</span>
                    {(!l.decision_note.is_empty()).then(|| view! { " " <span translate="no">{tf("（{}）", &[&l.decision_note])}</span> })}
                })}
            </p>
            {other.map(|e| view! { <ErrorBox error=e/> })}
            {enrolled_note.map(|n| view! { <p class="alert success" role="status" data-testid="flash">{n}</p> })}
            {flash_note("lecture_unenrol", "已取消报名。")}
            {flash_note("lecture_leave", "请假申请已提交，请等待审批。")}
            {flash_note("lecture_leave_withdraw", "已撤回请假申请。")}
            <div class="button-row">
                {(m.cannot_enrol.is_empty() && m.enrolment.is_empty()).then(|| view! {
                    <form method="post" action="/api/lecture_enrol" class="inline">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <button type="submit" class="primary">{t("报名参加")}</button>
                    </form>
                })}
                {(!m.enrolment.is_empty() && !cancelled && !ended).then(|| view! {
                    <form method="post" action="/api/lecture_unenrol" class="inline">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <button type="submit">{if waiting { t("退出候补") } else { t("取消报名") }}</button>
                    </form>
                })}
                {leave_row.as_ref().filter(|l| l.status == "pending").map(|_| view! {
                    <form method="post" action="/api/lecture_leave_withdraw" class="inline">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <button type="submit">{t("撤回请假")}</button>
                    </form>
                })}
            </div>
            {(!m.cannot_enrol.is_empty() && !m.required && m.enrolment.is_empty()).then(|| view! { <p class="hint">{m.cannot_enrol.clone()}</p> })}
            {may_leave.then(|| view! {
                <PostForm action="/api/lecture_leave" class="form">
                    <input type="hidden" name="session_id" value=id.to_string()/>
                    <div class="field">
                        <label for="leave-reason">{t("请假事由")}</label>
                        <input id="leave-reason" name="reason" type="text" required minlength="2" maxlength="200" placeholder=t("如：外出公务")/>
                        {field_error(leave_err.clone(), "reason")}
                    </div>
                    {other_errors(leave_err.clone())}
                    <div class="button-row"><button type="submit">{t("申请请假")}</button></div>
                </PostForm>
            })}
        </section>
    }
}

// ---- check-in ------------------------------------------------------------------------------------

#[component]
pub fn CheckinPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=checkin_page/> }
}

/// Opened from the room screen's QR code, usually on a phone: one button, no script needed.
fn checkin_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let code = query_value("c");
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let detail = Resource::new(|| (), move |_| lecture_session(id));
    let err = form_error::<LectureCheckin>();
    view! {
        <section class="panel narrow checkin">
            <h1>{t("课程签到")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (code, err) = (code.clone(), err.clone());
                    Suspend::new(async move {
                        let d = match detail.await {
                            Ok(d) => d,
                            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        let standing = d.me.as_ref().map(|m| m.standing.clone()).unwrap_or_default();
                        let at = d.me.as_ref().map(|m| m.checked_in_at.clone()).unwrap_or_default();
                        let checked = standing == "present" || standing == "late";
                        view! {
                            <p class="checkin-title"><strong translate="no">{d.row.title.clone()}</strong></p>
                            <p>{format!("{} {}–{}", d.row.date, d.row.start, d.row.end)}" · "<span translate="no">{d.row.room.clone()}</span></p>
                            {err.map(|e| view! { <ErrorBox error=e/> })}
                            {if checked {
                                view! { <div class="alert success" role="status" data-testid="checked-in">{tf("已签到：{} {}", &[&standing_label(&standing), &at])}</div> }.into_any()
                            } else if done {
                                ().into_any()
                            } else {
                                view! {
                                    <form method="post" action="/api/lecture_checkin">
                                        <input type="hidden" name="session_id" value=id.to_string()/>
                                        <input type="hidden" name="code" value=code.clone()/>
                                        <button type="submit" class="primary big">{t("确认签到")}</button>
                                    </form>
                                }.into_any()
                            }}
                            <p><A href=format!("/lectures/{id}")>{t("查看课程详情")}</A></p>
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

// ---- the room screen -----------------------------------------------------------------------------

#[component]
pub fn ScreenPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=screen_page/> }
}

/// The code on the room's screen: the `QrScreen` island asks for a new one every few seconds;
/// without the browser's code the page reloads itself (the `<meta>` in `<noscript>` is read only
/// when scripts are off), well within the code's 30-second window and its minute of grace.
fn screen_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let code = Resource::new(|| (), move |_| lecture_screen(id));
    let detail = Resource::new(|| (), move |_| lecture_session(id));
    view! {
        <section class="panel screen">
            <noscript><meta http-equiv="refresh" content="25"/></noscript>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    detail.await.ok().map(|d| view! {
                        <h1 translate="no">{d.row.title.clone()}</h1>
                        <p class="screen-time">{format!("{} {}–{}", d.row.date, d.row.start, d.row.end)}" · "<span translate="no">{d.row.room.clone()}</span></p>
                    })
                })}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match code.await {
                        Ok(c) => view! {
                            <islands::QrScreen
                                session_id=id
                                code=islands::screen::ScreenCode { svg: c.svg, url: c.url, checked_in: c.checked_in, audience: c.audience }
                                label=t("签到二维码").to_string()
                                hint=t("请用手机扫码签到，二维码每 30 秒更新一次").to_string()
                                count_text=t("已签到 {} / 应到 {}").to_string()
                                link_text=t("签到链接").to_string()
                            />
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="no-print"><A href=format!("/lectures/{id}")>{t("返回课程")}</A></p>
        </section>
    }
}

// ---- the attendance list -------------------------------------------------------------------------

#[component]
pub fn AttendancePage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=attendance_page/> }
}

/// The statuses HR sets by hand, as each row's choices (the first: leave the row as it is).
const MARKS: [(&str, &str); 5] = [("", "不变"), ("present", "出勤"), ("late", "迟到"), ("absent", "缺勤"), ("clear", "清除")];

/// The list of a session, 100 to a page. HR marks it in one form: a choice per row (left at
/// 不变, a row is not touched) and one 保存出勤 for the page, so a long list costs one page load,
/// not one per person; the workbook import does the same for any number of rows.
fn attendance_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let filter = query_value("status");
    // `?all=1`: the whole list on one page, to print it (the server caps it).
    let all = query_value("all") == "1";
    let page = if all { 0 } else { query_value("page").parse::<i64>().unwrap_or(1) };
    let sheet = Resource::new(|| (), {
        let filter = filter.clone();
        move |_| lecture_attendance(id, filter.clone(), page)
    });
    let mark_err = form_error::<LectureMark>();
    let saved = flash("lecture_mark").map(|n| tf("已保存 {} 人的出勤。", &[&n.unwrap_or(0)]));
    let tabs = [("", "全部"), ("present", "出勤"), ("late", "迟到"), ("leave", "请假"), ("absent", "缺勤"), ("pending", "待签到")];
    view! {
        <section class="panel">
            <p class="crumbs no-print"><A href=format!("/lectures/{id}")>{t("返回课程")}</A></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (filter, mark_err, saved) = (filter.clone(), mark_err.clone(), saved.clone());
                    Suspend::new(async move {
                        let s: AttendanceSheet = match sheet.await {
                            Ok(s) => s,
                            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        let count_of = |code: &str| s.counts.iter().filter(|(g, _)| g == code).map(|(_, n)| *n).sum::<i64>();
                        let (present, late, leave) = (count_of("present"), count_of("late"), count_of("leave"));
                        let summary = if s.ended {
                            tf("出勤 {} · 迟到 {} · 请假 {} · 缺勤 {}", &[&present, &late, &leave, &count_of("absent")])
                        } else {
                            tf("出勤 {} · 迟到 {} · 请假 {} · 待签到 {}", &[&present, &late, &leave, &count_of("pending")])
                        };
                        let may_mark = s.may_mark;
                        let (pg, pages, total) = (s.lines.page, s.lines.pages(), s.lines.total);
                        let page_filter = filter.clone();
                        let whole = (pages > 1 || all).then(|| {
                            let base = format!("/lectures/{id}/attendance");
                            if all {
                                view! { <p class="no-print"><A href=with_query(&base, &[("status", filter.clone())])>{t("按页查看")}</A></p> }.into_any()
                            } else {
                                let href = with_query(&base, &[("status", filter.clone()), ("all", "1".to_string())]);
                                view! { <p class="no-print"><A href=href>{tf("查看并打印全部 {} 人", &[&total])}</A></p> }.into_any()
                            }
                        });
                        let href = Callback::new(move |p: i64| {
                            with_query(&format!("/lectures/{id}/attendance"), &[("status", page_filter.clone()), ("page", p.to_string())])
                        });
                        let save_row = move || view! {
                            <div class="button-row no-print"><button type="submit" class="primary">{t("保存出勤")}</button></div>
                        };
                        let table = view! {
                            <div class="table-wrap">
                                <table class="data attendance">
                                    <thead><tr>
                                        <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("身份")}</th>
                                        <th scope="col">{t("状态")}</th><th scope="col">{t("签到时间")}</th><th scope="col">{t("学时")}</th>
                                        {may_mark.then(|| view! { <th scope="col" class="no-print">{t("标记")}</th> })}
                                    </tr></thead>
                                    <tbody>
                                        {s.lines.items.into_iter().map(|l| {
                                            let pid = l.person_id;
                                            let role = if l.required { t("应参加") } else if l.enrolment == "enrolled" { t("已报名") } else if l.enrolment == "waiting" { t("候补") } else { t("自行签到") };
                                            let name = l.name.clone();
                                            view! {
                                                <tr data-person=pid.to_string()>
                                                    <th scope="row" data-label=t("姓名") translate="no">{l.name}</th>
                                                    <td data-label=t("部室") translate="no">{l.unit_name}</td>
                                                    <td data-label=t("身份")>{role}</td>
                                                    <td data-label=t("状态") data-testid="standing"><span class=format!("status {}", l.standing)>{standing_label(&l.standing)}</span>
                                                        {(l.leave_status == "pending").then(|| view! { " " <span class="hint">{t("（请假待审批）")}</span> })}</td>
                                                    <td data-label=t("签到时间")>{l.at}{(l.method == "manual").then(|| t("（手工）"))}</td>
                                                    <td data-label=t("学时")>{hours_text(l.hours_tenths)}</td>
                                                    {may_mark.then(|| view! {
                                                        <td class="no-print mark-buttons" data-label=t("标记")>
                                                            <div role="radiogroup" aria-label=name class="checks inline">
                                                                {MARKS.iter().map(|(value, label)| {
                                                                    let fid = format!("m-{pid}-{}", if value.is_empty() { "keep" } else { value });
                                                                    let for_id = fid.clone();
                                                                    view! {
                                                                        <label class="check" for=for_id>
                                                                            <input type="radio" id=fid name=format!("marks[{pid}]") value=*value checked=value.is_empty()/>
                                                                            {t(label)}
                                                                        </label>
                                                                    }
                                                                }).collect_view()}
                                                            </div>
                                                        </td>
                                                    })}
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        };
                        let list = if total == 0 {
                            view! { <p class="empty">{t("名单为空。")}</p> }.into_any()
                        } else if may_mark {
                            view! {
                                <PostForm action="/api/lecture_mark" id="attendance-marks" label=t("标记出勤")>
                                    <input type="hidden" name="session_id" value=id.to_string()/>
                                    <p class="hint no-print">{t("在要改动的人后面选择 出勤、迟到、缺勤 或 清除（未改动的保持“不变”），再按“保存出勤”一次保存本页。")}</p>
                                    {save_row()}
                                    {table}
                                    {other_errors(mark_err.clone())}
                                    {save_row()}
                                </PostForm>
                                <Pagination page=pg pages=pages total=total href=href/>
                            }.into_any()
                        } else {
                            view! { {table} <Pagination page=pg pages=pages total=total href=href/> }.into_any()
                        };
                        view! {
                            <div class="panel-head">
                                <h1>{t("出勤名单")}{t("：")}<span translate="no">{s.title.clone()}</span></h1>
                                <crate::components::PrintButton/>
                            </div>
                            <p>{s.time.clone()}</p>
                            <p data-testid="attendance-summary">{summary}</p>
                            {saved.map(|n| view! { <p class="alert success" role="status" data-testid="flash">{n}</p> })}
                            <nav class="tabs no-print" aria-label=t("出勤状态")>
                                {tabs.into_iter().map(|(key, label)| {
                                    let href = with_query(&format!("/lectures/{id}/attendance"), &[("status", key.to_string())]);
                                    let current = filter == key;
                                    view! { <A href=href attr:class=if current { "tab active" } else { "tab" } attr:aria-current=current.then_some("page")>{t(label)}</A> }
                                }).collect_view()}
                            </nav>
                            {may_mark.then(|| view! { <AttendanceImport session_id=id/> })}
                            {whole}
                            {list}
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

/// HR marks a session from a workbook: export the list, fill in 状态, check, then import.
#[component]
fn AttendanceImport(session_id: i64) -> impl IntoView {
    use crate::components::import::SheetImport;
    fn describe(r: &crate::model::ImportReport) -> String {
        if r.committed {
            tf("已导入：登记 {} 人。", &[&r.creates])
        } else {
            tf("文件无误：将登记 {} 人（共 {} 行）。", &[&r.creates, &r.rows])
        }
    }
    view! {
        <SheetImport
            endpoint="lecture_attendance_import"
            fields=vec![("session_id", session_id.to_string())]
            title="用 Excel 登记出勤"
            hint="先导出出勤名单，在“状态”列填写 出勤、迟到 或 缺勤（留空的不改动），再上传检查；全部无误后确认导入，一次写入。"
            template=format!("/api/lecture_attendance_sheet?session_id={session_id}")
            template_label="导出出勤名单（.xlsx）"
            describe=describe
        />
    }
}

// ---- 我的课程 ---------------------------------------------------------------------------------------

#[component]
pub fn MyLecturesPage() -> impl IntoView {
    view! { <Guarded path="/lectures/mine" view=mine_page/> }
}

fn my_line(l: MyLecture) -> impl IntoView {
    let r = l.row;
    let p = l.part;
    let who = if p.required {
        t("应参加")
    } else if p.enrolment == "enrolled" {
        t("已报名")
    } else if p.enrolment == "waiting" {
        t("候补")
    } else {
        ""
    };
    view! {
        <tr>
            <td data-label=t("时间")>{format!("{} {}", r.date, r.start)}</td>
            <td data-label=t("课程")><A href=format!("/lectures/{}", r.id)><span translate="no">{r.title}</span></A>{r.cancelled.then(|| view! { " " <span class="badge">{t("已取消")}</span> })}</td>
            <td data-label=t("地点") translate="no">{r.room}</td>
            <td data-label=t("参加")>{who}</td>
            <td data-label=t("状态")><span class=format!("status {}", p.standing)>{standing_label(&p.standing)}</span>
                {p.leave.as_ref().filter(|l| l.status != "approved").map(|l| view! { " " <span class="hint">{leave_label(&l.status)}</span> })}</td>
            <td data-label=t("学时")>{hours_text(l.hours_earned_tenths)}</td>
        </tr>
    }
}

fn my_table(list: Vec<MyLecture>, empty: &'static str) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{t(empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t("时间")}</th><th scope="col">{t("课程")}</th><th scope="col">{t("地点")}</th>
                    <th scope="col">{t("参加")}</th><th scope="col">{t("状态")}</th><th scope="col">{t("学时")}</th>
                </tr></thead>
                <tbody>{list.into_iter().map(my_line).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn mine_page(_u: CurrentUser) -> impl IntoView {
    let year = query_value("year").parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| today().year());
    let data = Resource::new(|| (), move |_| my_lectures(year));
    // The address just made (shown this once), or the note that it was switched off.
    let feed_url = take_feed_url();
    let feed_off = flash("my_feed") == Some(Some(0));
    let feed_err = form_error::<MyFeed>();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("我的课程")}</h1>
                <nav class="button-row" aria-label=t("年份")>
                    <A href=format!("/lectures/mine?year={}", year - 1) attr:class="button">{tf("{} 年", &[&(year - 1)])}</A>
                    <A href=format!("/lectures/mine?year={}", year + 1) attr:class="button">{tf("{} 年", &[&(year + 1)])}</A>
                </nav>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (feed_url, feed_err) = (feed_url.clone(), feed_err.clone());
                    Suspend::new(async move {
                        match data.await {
                            Ok(m) => view! {
                                <p class="big-number" data-testid="year-hours">{tf("{} 年已获学时：{}", &[&m.year, &hours_text(m.year_hours_tenths)])}</p>
                                <p class="hint" data-testid="year-hours-scope">
                                    {t("这里只计本单位组织的课程（大讲堂、小课堂等）。年度学时还包括专题培训、外出培训和网络学习，见")}
                                    " "<a href="/me/training">{t("我的学时")}</a>{t("。")}
                                </p>
                                <h2>{t("待参加")}</h2>
                                {my_table(m.upcoming, "暂无待参加的课程。")}
                                {(!m.teaching.is_empty()).then(|| view! {
                                    <h2>{t("我讲授的课程")}</h2>
                                    <ul class="plain">
                                        {m.teaching.into_iter().map(|r| view! {
                                            <li><A href=format!("/lectures/{}", r.id)>{format!("{} {} ", r.date, r.start)}<span translate="no">{r.title}</span></A>
                                                " · "<A href=format!("/lectures/{}/attendance", r.id)>{t("出勤名单")}</A></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                <h2>{t("参训记录")}</h2>
                                {my_table(m.history, "本年度还没有参训记录。")}
                                <h2>{t("订阅到手机日历")}</h2>
                                <p class="hint">{t("生成一个私人订阅地址，添加到手机或电脑日历后，课程会自动同步。地址只显示一次，请勿转发；可随时停用。")}</p>
                                {feed_url.map(|url| view! { <p class="alert success" role="status">{t("订阅地址：")}<code data-testid="feed-url">{url}</code></p> })}
                                {feed_off.then(|| view! { <p class="alert success" role="status">{t("已停用订阅地址。")}</p> })}
                                {feed_err.map(|e| view! { <ErrorBox error=e/> })}
                                <div class="button-row">
                                    <form method="post" action="/api/my_feed" class="inline">
                                        <button type="submit" name="enable" value="true">{if m.feed_enabled { t("重新生成订阅地址") } else { t("生成订阅地址") }}</button>
                                    </form>
                                    {m.feed_enabled.then(|| view! {
                                        <form method="post" action="/api/my_feed" class="inline">
                                            <Confirm label="停用订阅" question=t("停用后，已添加此地址的日历将不再更新。确定停用吗？") yes="停用订阅" name="enable" value="false" danger=true/>
                                        </form>
                                    })}
                                </div>
                            }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

// ---- notices ------------------------------------------------------------------------------------

#[component]
pub fn NoticesPage() -> impl IntoView {
    view! { <Guarded path="/notices" view=notices_page/> }
}

fn notices_page(_u: CurrentUser) -> impl IntoView {
    let list = Resource::new(|| (), |_| my_notices());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("通知")}</h1>
                // A plain form: the page (and the bell above it) come back with nothing unread.
                <form method="post" action="/api/notices_read" class="inline">
                    <button type="submit">{t("全部标为已读")}</button>
                </form>
            </div>
            {form_error::<NoticesRead>().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">{t("暂无通知。")}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notices">
                                {items.into_iter().map(|n| view! {
                                    <li class:unread=!n.read>
                                        <span class="notice-at">{n.at}</span>" "
                                        {if n.link.is_empty() { view! { <span>{n.text}</span> }.into_any() } else { view! { <A href=n.link>{n.text}</A> }.into_any() }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
