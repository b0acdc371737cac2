//! Lectures for everyone: the month and week calendar, a session (enrol, leave, materials),
//! check-in from the QR code, the room screen, the attendance list, 我的课程 and notices.
//! Employee forms are plain forms (`ActionForm`): they work before, or without, the wasm.

use crate::api::lectures::*;
use crate::components::{confirm, field_error, with_query, ErrorBox, Guarded, Loading, Pagination};
use crate::domain::lectures::{hours_text, Attendance};
use crate::i18n::t;
use crate::model::{AttendanceSheet, CalendarQuery, CurrentUser, LectureChoices, MyLecture, SessionDetail, SessionRow};
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

fn calendar_page(u: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let week = Memo::new(move |_| get("view") == "week");
    let anchor = Memo::new(move |_| NaiveDate::parse_from_str(&get("d"), "%Y-%m-%d").unwrap_or_else(|_| today()));
    let series = Memo::new(move |_| get("series").parse::<i64>().ok());
    let category = Memo::new(move |_| get("category").parse::<i64>().ok());
    let unit = Memo::new(move |_| get("unit").parse::<i64>().ok());
    let options = Resource::new(|| (), |_| lecture_options());
    let list = Resource::new(
        move || (week.get(), anchor.get(), series.get(), category.get(), unit.get()),
        |(week, anchor, series_id, category_id, unit_id)| {
            let (from, days) = view_range(week, anchor);
            lecture_calendar(CalendarQuery { from: from.to_string(), days, series_id, category_id, unit_id })
        },
    );
    let href = move |week: bool, d: NaiveDate| {
        with_query(
            "/lectures",
            &[
                ("view", if week { "week".to_string() } else { String::new() }),
                ("d", d.to_string()),
                ("series", get("series")),
                ("category", get("category")),
                ("unit", get("unit")),
            ],
        )
    };
    let step = move |forward: bool| {
        let a = anchor.get();
        let d = if week.get() {
            a + chrono::Duration::days(if forward { 7 } else { -7 })
        } else if forward {
            a.with_day(1).and_then(|f| f.checked_add_months(chrono::Months::new(1))).unwrap_or(a)
        } else {
            a.with_day(1).and_then(|f| f.checked_sub_months(chrono::Months::new(1))).unwrap_or(a)
        };
        href(week.get(), d)
    };
    let title = move || {
        let a = anchor.get();
        if week.get() {
            let (from, _) = view_range(true, a);
            format!("{} – {}", from.format("%Y-%m-%d"), (from + chrono::Duration::days(6)).format("%m-%d"))
        } else {
            format!("{}年{}月", a.year(), a.month())
        }
    };
    let is_hr = u.may("lecture_series_save");
    let may_manage = u.may("lecture_series_list");
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
            <form class="filters no-print" method="get" action="/lectures">
                <input type="hidden" name="d" value=move || anchor.get().to_string()/>
                {move || week.get().then(|| view! { <input type="hidden" name="view" value="week"/> })}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let o: LectureChoices = options.await.unwrap_or_default();
                        view! {
                            <label for="f-series">{t("系列")}</label>
                            <select id="f-series" name="series" prop:value=move || get("series")>
                                <option value="">{t("全部")}</option>
                                {o.series.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                            </select>
                            <label for="f-category">{t("类别")}</label>
                            <select id="f-category" name="category" prop:value=move || get("category")>
                                <option value="">{t("全部")}</option>
                                {o.categories.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                            </select>
                            <label for="f-unit">{t("部室")}</label>
                            <select id="f-unit" name="unit" prop:value=move || get("unit")>
                                <option value="">{t("全部")}</option>
                                {crate::components::unit_options_view(o.units)}
                            </select>
                        }
                    })}
                </Suspense>
                <button type="submit">{t("筛选")}</button>
            </form>
            <div class="calendar-nav">
                <A href=move || step(false) attr:class="button" attr:rel="prev">{move || if week.get() { t("上一周") } else { t("上个月") }}</A>
                <h2 class="calendar-title">{title}</h2>
                <A href=move || step(true) attr:class="button" attr:rel="next">{move || if week.get() { t("下一周") } else { t("下个月") }}</A>
                <A href=move || href(week.get(), today()) attr:class="button">{t("今天")}</A>
                <A href=move || href(!week.get(), anchor.get()) attr:class="button">{move || if week.get() { t("按月查看") } else { t("按周查看") }}</A>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) => calendar_view(week.get_untracked(), anchor.get_untracked(), rows).into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
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
            <span class="chip-title">{title}</span>
            {cancelled.then(|| view! { <span class="badge">{t("已取消")}</span> })}
        </A>
    }
}

/// A month as a grid of weeks (a list of days on a phone), or a week as seven days.
fn calendar_view(week: bool, anchor: NaiveDate, rows: Vec<SessionRow>) -> impl IntoView {
    let (from, days) = view_range(week, anchor);
    let today = today();
    let month = anchor.month();
    let weekday_names = ["一", "二", "三", "四", "五", "六", "日"];
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
            view! {
                <li class=class>
                    <span class="day-head">
                        <span class="day-num">{format!("{}", d.day())}</span>
                        <span class="day-name">{format!("{}月{}日 周{}", d.month(), d.day(), weekday_names[d.weekday().num_days_from_monday() as usize])}</span>
                    </span>
                    {list.iter().map(session_chip).collect_view()}
                </li>
            }
        })
        .collect();
    view! {
        {(count == 0).then(|| view! { <p class="empty">{t("这段时间没有安排课程。")}</p> })}
        <ol class=if week { "calendar week" } else { "calendar month" } aria-label=t("课程日历")>
            {weekday_names.iter().map(|w| view! { <li class="weekday" aria-hidden="true">{format!("周{w}")}</li> }).collect_view()}
            {cells}
        </ol>
    }
}

// ---- one session ---------------------------------------------------------------------------------

#[component]
pub fn SessionPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=session_page/> }
}

fn session_page(u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let enrol = ServerAction::<LectureEnrol>::new();
    let unenrol = ServerAction::<LectureUnenrol>::new();
    let leave = ServerAction::<LectureLeave>::new();
    let withdraw = ServerAction::<LectureLeaveWithdraw>::new();
    let cancel = Action::new(move |reason: &String| lecture_session_cancel(id, reason.clone()));
    let detail = Resource::new(
        move || (enrol.version().get(), unenrol.version().get(), leave.version().get(), withdraw.version().get(), cancel.version().get()),
        move |_| lecture_session(id),
    );
    let query = use_query_map();
    let flag = move |k: &str| query.with_untracked(|q| q.get(k).is_some());
    let (came_enrolled, came_cancelled, came_leave) = (flag("enrolled"), flag("cancelled"), flag("leave"));
    let errors = move || {
        [
            enrol.value().get(),
            unenrol.value().get().map(|r| r.map(|_| String::new())),
            leave.value().get().map(|r| r.map(|_| String::new())),
            withdraw.value().get().map(|r| r.map(|_| String::new())),
        ]
        .into_iter()
        .flatten()
        .find_map(|r| r.err())
    };
    let leave_err = move || leave.value().get().and_then(|r| r.err());
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
                let me = d.me.clone();
                let may_run = is_hr || d.is_lecturer;
                let may_see_list = may_list || d.is_lecturer;
                let cancelled = r.cancelled;
                let ended = d.ended;
                view! {
                    <section class="panel">
                        <p class="crumbs no-print"><A href="/lectures">{t("培训课程")}</A>" › "{r.series_name.clone()}</p>
                        <h1>{r.title.clone()} {cancelled.then(|| view! { <span class="badge danger">{t("已取消")}</span> })}</h1>
                        <dl class="facts">
                            <dt>{t("时间")}</dt><dd data-testid="session-time">{format!("{} {}–{}", r.date, r.start, r.end)} {r.moved.then(|| view! { <span class="badge">{t("因节假日顺延")}</span> })}</dd>
                            <dt>{t("地点")}</dt><dd>{if r.room.is_empty() { t("待定").to_string() } else { r.room.clone() }}</dd>
                            <dt>{t("讲师")}</dt>
                            <dd>{if d.lecturers.is_empty() { t("待定").to_string() } else {
                                d.lecturers.iter().map(|l| [l.name.clone(), l.org.clone(), l.title.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")).collect::<Vec<_>>().join("；")
                            }}</dd>
                            <dt>{t("形式")}</dt><dd>{r.kind.clone()}" · "{r.category.clone()}</dd>
                            <dt>{t("学时")}</dt><dd>{hours_text(r.hours_tenths)}</dd>
                            <dt>{t("应参加")}</dt><dd>{d.audience_text.clone()}</dd>
                            {d.open_enrolment.then(|| view! {
                                <dt>{t("报名")}</dt>
                                <dd>{format!("已报名 {} 人{}{}", d.enrolled, d.capacity.map(|c| format!("，名额 {c}")).unwrap_or_default(), if d.waiting > 0 { format!("，候补 {} 人", d.waiting) } else { String::new() })}
                                    {(!d.enrol_deadline.is_empty()).then(|| format!("；截止 {}", d.enrol_deadline))}</dd>
                            })}
                        </dl>
                        {(ended && !cancelled && me.as_ref().is_some_and(|m| m.standing == "present" || m.standing == "late")).then(|| view! {
                            <p class="no-print"><A href=format!("/lectures/{id}/rate") attr:class="button primary">{t("评价本课")}</A></p>
                        })}
                        {(may_run || may_see_list).then(|| view! {
                            <div class="button-row no-print">
                                {may_see_list.then(|| view! { <A href=format!("/lectures/{id}/attendance") attr:class="button">{t("出勤名单")}</A> })}
                                {(may_see_list && ended && !cancelled).then(|| view! { <A href=format!("/lectures/{id}/ratings") attr:class="button">{t("评价结果")}</A> })}
                                {(may_run && !cancelled && !ended).then(|| view! { <A href=format!("/lectures/{id}/screen") attr:class="button">{t("签到屏幕")}</A> })}
                                {is_hr.then(|| view! { <A href=format!("/lectures/edit/{id}") attr:class="button">{t("编辑本次课程")}</A> })}
                                {(is_hr && !cancelled && !ended).then(|| view! {
                                    <button type="button" class="danger" on:click=move |_| {
                                        if confirm(t("确定取消本次课程吗？应参加和已报名的人员会收到通知。")) { cancel.dispatch(String::new()); }
                                    }>{t("取消本次课程")}</button>
                                })}
                            </div>
                        })}
                        {move || cancel.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
                    </section>
                    {me.map(|m| {
                        let leave_row = m.leave.clone();
                        let waiting = m.enrolment == "waiting";
                        let may_leave = (m.required || m.enrolment == "enrolled") && !cancelled && !ended
                            && !leave_row.as_ref().is_some_and(|l| l.status == "pending" || l.status == "approved");
                        view! {
                            <section class="panel" aria-labelledby="my-part">
                                <h2 id="my-part">{t("我的参加情况")}</h2>
                                <p data-testid="my-status">
                                    {if m.required { t("您是应参加人员。") } else if m.enrolment == "enrolled" { t("您已报名。") } else if m.enrolment == "waiting" { t("您在候补名单中。") } else { t("您不是应参加人员。") }}
                                    {(m.waiting_position > 0).then(|| format!(" 候补第 {} 位。", m.waiting_position))}
                                    {(!m.standing.is_empty()).then(|| view! { " " <span class=format!("status {}", m.standing)>{standing_label(&m.standing)}</span> })}
                                    {leave_row.as_ref().map(|l| view! { " " <span class="status">{leave_label(&l.status)}</span> {(!l.decision_note.is_empty()).then(|| format!("（{}）", l.decision_note))} })}
                                </p>
                                {move || errors().map(|e| view! { <ErrorBox error=e/> })}
                                {came_enrolled.then(|| view! { <div class="alert success" role="status">{t("已报名。")}</div> })}
                                {came_cancelled.then(|| view! { <div class="alert success" role="status">{t("已取消报名。")}</div> })}
                                {came_leave.then(|| view! { <div class="alert success" role="status">{t("请假申请已提交，请等待审批。")}</div> })}
                                <div class="button-row">
                                    {(m.cannot_enrol.is_empty() && m.enrolment.is_empty()).then(|| view! {
                                        <ActionForm action=enrol>
                                            <input type="hidden" name="session_id" value=id.to_string()/>
                                            <button type="submit" class="primary">{t("报名参加")}</button>
                                        </ActionForm>
                                    })}
                                    {(!m.enrolment.is_empty() && !cancelled && !ended).then(|| view! {
                                        <ActionForm action=unenrol>
                                            <input type="hidden" name="session_id" value=id.to_string()/>
                                            <button type="submit">{if waiting { t("退出候补") } else { t("取消报名") }}</button>
                                        </ActionForm>
                                    })}
                                    {leave_row.as_ref().filter(|l| l.status == "pending").map(|_| view! {
                                        <ActionForm action=withdraw>
                                            <input type="hidden" name="session_id" value=id.to_string()/>
                                            <button type="submit">{t("撤回请假")}</button>
                                        </ActionForm>
                                    })}
                                </div>
                                {(!m.cannot_enrol.is_empty() && !m.required && m.enrolment.is_empty()).then(|| view! { <p class="hint">{m.cannot_enrol.clone()}</p> })}
                                {may_leave.then(|| view! {
                                    <ActionForm action=leave attr:class="form">
                                        <input type="hidden" name="session_id" value=id.to_string()/>
                                        <label for="leave-reason">{t("请假事由")}</label>
                                        <input id="leave-reason" name="reason" type="text" required minlength="2" maxlength="200" placeholder=t("如：外出公务")/>
                                        {move || field_error(leave_err(), "reason")}
                                        <div class="button-row"><button type="submit">{t("申请请假")}</button></div>
                                    </ActionForm>
                                })}
                            </section>
                        }
                    })}
                    {(!d.materials_html.is_empty()).then(|| view! {
                        <section class="panel"><h2>{t("课程资料")}</h2><div class="markdown" inner_html=d.materials_html.clone()></div></section>
                    })}
                    {(!d.summary_html.is_empty()).then(|| view! {
                        <section class="panel"><h2>{t("课程小结")}</h2><div class="markdown" inner_html=d.summary_html.clone()></div></section>
                    })}
                }.into_any()
            })}
        </Suspense>
    }
}

// ---- check-in ------------------------------------------------------------------------------------

#[component]
pub fn CheckinPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=checkin_page/> }
}

fn checkin_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("c").unwrap_or_default());
    let done = query.with_untracked(|q| q.get("done").is_some());
    let action = ServerAction::<LectureCheckin>::new();
    let detail = Resource::new(move || action.version().get(), move |_| lecture_session(id));
    view! {
        <section class="panel narrow checkin">
            <h1>{t("课程签到")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let d = match detail.await {
                            Ok(d) => d,
                            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        let standing = d.me.as_ref().map(|m| m.standing.clone()).unwrap_or_default();
                        let at = d.me.as_ref().map(|m| m.checked_in_at.clone()).unwrap_or_default();
                        let checked = standing == "present" || standing == "late";
                        view! {
                            <p class="checkin-title"><strong>{d.row.title.clone()}</strong></p>
                            <p>{format!("{} {}–{} · {}", d.row.date, d.row.start, d.row.end, d.row.room)}</p>
                            {move || action.value().get().map(|r| match r {
                                Ok(msg) => view! { <div class="alert success" role="status">{msg}</div> }.into_any(),
                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                            })}
                            {if checked {
                                view! { <div class="alert success" role="status" data-testid="checked-in">{format!("{}：{} {}", t("已签到"), standing_label(&standing), at)}</div> }.into_any()
                            } else if done {
                                ().into_any()
                            } else {
                                view! {
                                    <ActionForm action=action>
                                        <input type="hidden" name="session_id" value=id.to_string()/>
                                        <input type="hidden" name="code" value=code.clone()/>
                                        <button type="submit" class="primary big">{t("确认签到")}</button>
                                    </ActionForm>
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

fn screen_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let tick = RwSignal::new(0u64);
    let code = Resource::new(move || tick.get(), move |_| lecture_screen(id));
    let detail = Resource::new(|| (), move |_| lecture_session(id));
    // The code changes every 30 seconds; asking every 5 keeps the count fresh and the code never stale.
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(move || tick.update(|v| *v += 1), std::time::Duration::from_secs(5)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <section class="panel screen">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    detail.await.ok().map(|d| view! {
                        <h1>{d.row.title.clone()}</h1>
                        <p class="screen-time">{format!("{} {}–{} · {}", d.row.date, d.row.start, d.row.end, d.row.room)}</p>
                    })
                })}
            </Suspense>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match code.await {
                        Ok(c) => view! {
                            <div class="qr" role="img" aria-label=t("签到二维码") inner_html=c.svg.clone()></div>
                            <p class="screen-hint">{t("请用手机扫码签到，二维码每 30 秒更新一次")}</p>
                            <p class="screen-count" data-testid="screen-count">{format!("已签到 {} / 应到 {}", c.checked_in, c.expected)}</p>
                            <p class="hint"><a href=c.url.clone() data-testid="checkin-url">{t("签到链接")}</a></p>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <p class="no-print"><A href=format!("/lectures/{id}")>{t("返回课程")}</A></p>
        </section>
    }
}

// ---- the attendance list -------------------------------------------------------------------------

#[component]
pub fn AttendancePage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=attendance_page/> }
}

fn attendance_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| q.get("status").unwrap_or_default()));
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1)));
    let mark = Action::new(move |(person, status): &(i64, String)| lecture_mark(id, *person, status.clone()));
    let imported = RwSignal::new(0u32);
    let import_report = RwSignal::new(None);
    let sheet = Resource::new(
        move || (filter.get(), page.get(), mark.version().get(), imported.get()),
        move |(f, p, _, _)| lecture_attendance(id, f, p),
    );
    let tabs = [("", "全部"), ("present", "出勤"), ("late", "迟到"), ("leave", "请假"), ("absent", "缺勤"), ("pending", "待签到")];
    view! {
        <section class="panel">
            <p class="crumbs no-print"><A href=format!("/lectures/{id}")>{t("返回课程")}</A></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let s: AttendanceSheet = match sheet.await {
                        Ok(s) => s,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let count_of = |code: &str| s.counts.iter().filter(|(g, _)| g == code).map(|(_, n)| *n).sum::<i64>();
                    let summary = format!(
                        "出勤 {} · 迟到 {} · 请假 {} · {} {}",
                        count_of("present"), count_of("late"), count_of("leave"),
                        if s.ended { "缺勤" } else { "待签到" },
                        count_of(if s.ended { "absent" } else { "pending" })
                    );
                    let may_mark = s.may_mark;
                    let (pg, pages, total) = (s.lines.page, s.lines.pages(), s.lines.total);
                    let f = filter.get_untracked();
                    view! {
                        <div class="panel-head">
                            <h1>{format!("{}：{}", t("出勤名单"), s.title)}</h1>
                            <crate::components::PrintButton/>
                        </div>
                        <p>{s.time.clone()}</p>
                        <p data-testid="attendance-summary">{summary}</p>
                        <nav class="tabs no-print" aria-label=t("出勤状态")>
                            {tabs.into_iter().map(|(key, label)| {
                                let href = with_query(&format!("/lectures/{id}/attendance"), &[("status", key.to_string())]);
                                view! { <A href=href attr:class=if f == key { "tab active" } else { "tab" }>{t(label)}</A> }
                            }).collect_view()}
                        </nav>
                        {move || mark.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
                        {may_mark.then(|| view! { <AttendanceImport session_id=id keep=import_report on_done=Callback::new(move |_| imported.update(|v| *v += 1))/> })}
                        {if s.lines.items.is_empty() {
                            view! { <p class="empty">{t("名单为空。")}</p> }.into_any()
                        } else {
                            view! {
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
                                                view! {
                                                    <tr data-person=pid.to_string()>
                                                        <th scope="row" data-label=t("姓名")>{l.name}</th>
                                                        <td data-label=t("部室")>{l.unit_name}</td>
                                                        <td data-label=t("身份")>{role}</td>
                                                        <td data-label=t("状态") data-testid="standing"><span class=format!("status {}", l.standing)>{standing_label(&l.standing)}</span>
                                                            {(l.leave_status == "pending").then(|| view! { " " <span class="hint">{t("（请假待审批）")}</span> })}</td>
                                                        <td data-label=t("签到时间")>{l.at}{(l.method == "manual").then(|| t("（手工）"))}</td>
                                                        <td data-label=t("学时")>{hours_text(l.hours_tenths)}</td>
                                                        {may_mark.then(|| view! {
                                                            <td class="no-print mark-buttons">
                                                                <button type="button" class="small" on:click=move |_| { mark.dispatch((pid, "present".into())); }>{t("出勤")}</button>
                                                                <button type="button" class="small" on:click=move |_| { mark.dispatch((pid, "late".into())); }>{t("迟到")}</button>
                                                                <button type="button" class="small" on:click=move |_| { mark.dispatch((pid, "absent".into())); }>{t("缺勤")}</button>
                                                                <button type="button" class="small text-button" on:click=move |_| { mark.dispatch((pid, "clear".into())); }>{t("清除")}</button>
                                                            </td>
                                                        })}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pagination page=pg pages=pages total=total href=Callback::new(move |p: i64| with_query(&format!("/lectures/{id}/attendance"), &[("status", filter.get_untracked()), ("page", p.to_string())]))/>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// HR marks a session from a workbook: export the list, fill in 状态, check, then import.
#[component]
fn AttendanceImport(
    session_id: i64,
    on_done: Callback<()>,
    keep: RwSignal<Option<Result<crate::model::ImportReport, crate::error::AppError>>>,
) -> impl IntoView {
    use crate::api::lectures::lecture_attendance_import;
    use crate::components::import::SheetImport;
    fn describe(r: &crate::model::ImportReport) -> String {
        if r.committed {
            format!("已导入：登记 {} 人。", r.creates)
        } else {
            format!("文件无误：将登记 {} 人（共 {} 行）。", r.creates, r.rows)
        }
    }
    view! {
        <SheetImport
            endpoint="lecture_attendance_import"
            fields=vec![("session_id", (session_id).to_string())]
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
            <td data-label=t("课程")><A href=format!("/lectures/{}", r.id)>{r.title}</A>{r.cancelled.then(|| view! { " " <span class="badge">{t("已取消")}</span> })}</td>
            <td data-label=t("地点")>{r.room}</td>
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
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()).unwrap_or_else(|| today().year())));
    let feed = Action::new(|enable: &bool| my_feed(*enable));
    let data = Resource::new(move || (year.get(), feed.version().get()), |(y, _)| my_lectures(y));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("我的课程")}</h1>
                <nav class="button-row" aria-label=t("年份")>
                    <A href=move || format!("/lectures/mine?year={}", year.get() - 1) attr:class="button">{move || format!("{} 年", year.get() - 1)}</A>
                    <A href=move || format!("/lectures/mine?year={}", year.get() + 1) attr:class="button">{move || format!("{} 年", year.get() + 1)}</A>
                </nav>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) => view! {
                            <p class="big-number" data-testid="year-hours">{format!("{} 年已获学时：{}", m.year, hours_text(m.year_hours_tenths))}</p>
                            <h2>{t("待参加")}</h2>
                            {my_table(m.upcoming, "暂无待参加的课程。")}
                            {(!m.teaching.is_empty()).then(|| view! {
                                <h2>{t("我讲授的课程")}</h2>
                                <ul class="plain">
                                    {m.teaching.into_iter().map(|r| view! {
                                        <li><A href=format!("/lectures/{}", r.id)>{format!("{} {} {}", r.date, r.start, r.title)}</A>
                                            " · "<A href=format!("/lectures/{}/attendance", r.id)>{t("出勤名单")}</A></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <h2>{t("参训记录")}</h2>
                            {my_table(m.history, "本年度还没有参训记录。")}
                            <h2>{t("订阅到手机日历")}</h2>
                            <p class="hint">{t("生成一个私人订阅地址，添加到手机或电脑日历后，课程会自动同步。地址只显示一次，请勿转发；可随时停用。")}</p>
                            {move || feed.value().get().map(|r| match r {
                                Ok(url) if !url.is_empty() => view! { <p class="alert success" role="status">{t("订阅地址：")}<code data-testid="feed-url">{url}</code></p> }.into_any(),
                                Ok(_) => view! { <p class="alert success" role="status">{t("已停用订阅地址。")}</p> }.into_any(),
                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                            })}
                            <div class="button-row">
                                <button type="button" on:click=move |_| { feed.dispatch(true); }>{if m.feed_enabled { t("重新生成订阅地址") } else { t("生成订阅地址") }}</button>
                                {m.feed_enabled.then(|| view! {
                                    <button type="button" class="danger" on:click=move |_| { if confirm(t("停用后，已添加此地址的日历将不再更新。确定停用吗？")) { feed.dispatch(false); } }>{t("停用订阅")}</button>
                                })}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

// ---- notices ------------------------------------------------------------------------------------

#[component]
pub fn NoticesPage() -> impl IntoView {
    view! { <Guarded path="/notices" view=notices_page/> }
}

fn notices_page(_u: CurrentUser) -> impl IntoView {
    let read = ServerAction::<NoticesRead>::new();
    let list = Resource::new(move || read.version().get(), |_| my_notices());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("通知")}</h1>
                <ActionForm action=read>
                    <button type="submit">{t("全部标为已读")}</button>
                </ActionForm>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">{t("暂无通知。")}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notices">
                                {items.into_iter().map(|n| view! {
                                    <li class:unread=!n.read>
                                        <span class="notice-at">{n.at}</span>
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
