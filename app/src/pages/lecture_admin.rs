//! Lectures for HR (and leaders, read-only): series, one session's settings, rooms and
//! categories, the holiday calendar, leave approvals.

use crate::api::lectures::*;
use crate::components::{confirm, field_error, other_errors, path_id, ErrorBox, Guarded, Loading};
use crate::domain::lectures::{hours_text, Audience, LectureRules, KINDS};
use crate::domain::recurrence::{End, OnHoliday, Pattern, Recurrence};
use crate::error::AppError;
use crate::i18n::t;
use crate::model::{CurrentUser, LectureChoices, Lecturer, PersonOption, Room, SeriesInput, SessionDetail, SessionInput};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

const WEEKDAYS: [(u32, &str); 7] = [(1, "周一"), (2, "周二"), (3, "周三"), (4, "周四"), (5, "周五"), (6, "周六"), (7, "周日")];

// ---- series --------------------------------------------------------------------------------------

#[component]
pub fn SeriesListPage() -> impl IntoView {
    view! { <Guarded path="/lectures/series" view=series_list_page/> }
}

fn series_list_page(u: CurrentUser) -> impl IntoView {
    let list = Resource::new(|| (), |_| lecture_series_list());
    let is_hr = u.may("lecture_series_save");
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("课程系列")}</h1>
                <div class="button-row no-print">
                    <A href="/lectures" attr:class="button">{t("返回日历")}</A>
                    {is_hr.then(|| view! { <A href="/lectures/series/new" attr:class="button primary">{t("新建系列")}</A> })}
                </div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">{t("还没有课程系列。新建“每月大讲堂”“周五小课堂”等系列后，课程会按规则自动排出。")}</p> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t("名称")}</th><th scope="col">{t("形式")}</th><th scope="col">{t("类别")}</th>
                                        <th scope="col">{t("规则")}</th><th scope="col">{t("教室")}</th><th scope="col">{t("场次")}</th>
                                        <th scope="col">{t("下次")}</th><th scope="col">{t("日历订阅")}</th>
                                        {is_hr.then(|| view! { <th scope="col">{t("操作")}</th> })}
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|s| view! {
                                            <tr>
                                                <th scope="row" data-label=t("名称")><A href=format!("/lectures?series={}", s.id)>{s.name}</A></th>
                                                <td data-label=t("形式")>{s.kind}</td>
                                                <td data-label=t("类别")>{s.category}</td>
                                                <td data-label=t("规则")>{s.schedule}</td>
                                                <td data-label=t("教室")>{s.room}</td>
                                                <td data-label=t("场次")>{s.sessions}</td>
                                                <td data-label=t("下次")>{s.next}</td>
                                                <td data-label=t("日历订阅")><a href=format!("/api/series_feed?token={}", s.feed_token) rel="nofollow">{t("订阅地址")}</a></td>
                                                {is_hr.then(|| view! { <td><A href=format!("/lectures/series/edit/{}", s.id) attr:class="button small">{t("编辑")}</A></td> })}
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn SeriesFormPage() -> impl IntoView {
    view! { <Guarded path="/lectures/series/new" view=series_form_page/> }
}

#[component]
pub fn SeriesEditPage() -> impl IntoView {
    view! { <Guarded path="/lectures/series/edit" view=series_form_page/> }
}

fn series_form_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let options = Resource::new(|| (), |_| lecture_options());
    let existing = Resource::new(
        || (),
        move |_| async move {
            match id {
                Some(id) => lecture_series_get(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <section class="panel">
            <p class="crumbs no-print"><A href="/lectures/series">{t("课程系列")}</A></p>
            <h1>{if id.is_some() { t("编辑课程系列") } else { t("新建课程系列") }}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match (options.await, existing.await) {
                        (Ok(o), Ok(s)) => view! { <SeriesForm options=o initial=s/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Checkboxes for the audience: everyone, 部室, 职务层次.
#[component]
fn AudiencePicker(options: LectureChoices, audience: RwSignal<Audience>, prefix: &'static str) -> impl IntoView {
    let toggle_unit = move |id: i64, on: bool| {
        audience.update(|a| {
            a.unit_ids.retain(|u| *u != id);
            if on {
                a.unit_ids.push(id);
            }
        })
    };
    let toggle_level = move |l: String, on: bool| {
        audience.update(|a| {
            a.levels.retain(|x| *x != l);
            if on {
                a.levels.push(l);
            }
        })
    };
    view! {
        <fieldset>
            <legend>{t("应参加人员")}</legend>
            <label class="check"><input type="checkbox" prop:checked=move || audience.with(|a| a.everyone)
                on:change=move |ev| audience.update(|a| a.everyone = event_target_checked(&ev))/>{t("全体职工")}</label>
            <details>
                <summary>{t("按部室")}</summary>
                <div class="checks">
                    {options.units.into_iter().map(|u| {
                        let uid = u.id;
                        let fid = format!("{prefix}-unit-{uid}");
                        view! { <label class="check" for=fid.clone()><input id=fid.clone() type="checkbox" prop:checked=move || audience.with(|a| a.unit_ids.contains(&uid))
                            on:change=move |ev| toggle_unit(uid, event_target_checked(&ev))/>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</label> }
                    }).collect_view()}
                </div>
            </details>
            <details>
                <summary>{t("按职务层次")}</summary>
                <div class="checks">
                    {options.levels.into_iter().map(|l| {
                        let (l1, l2) = (l.clone(), l.clone());
                        let fid = format!("{prefix}-level-{l}");
                        view! { <label class="check" for=fid.clone()><input id=fid.clone() type="checkbox" prop:checked=move || audience.with(|a| a.levels.contains(&l1))
                            on:change=move |ev| toggle_level(l2.clone(), event_target_checked(&ev))/>{l.clone()}</label> }
                    }).collect_view()}
                </div>
            </details>
            <NamedPeople audience=audience prefix=prefix/>
            <p class="hint">{move || audience.with(|a| if a.is_empty() { t("未指定应参加人员：仅自愿报名。").to_string() } else {
                format!("{}{}{}{}", if a.everyone { "全体职工 " } else { "" }, if a.unit_ids.is_empty() { String::new() } else { format!("{} 个部室 ", a.unit_ids.len()) },
                    if a.levels.is_empty() { String::new() } else { format!("{} ", a.levels.join("、")) },
                    if a.person_ids.is_empty() { String::new() } else { format!("指定 {} 人", a.person_ids.len()) })
            })}</p>
        </fieldset>
    }
}

/// Named attendees: found by name, listed with a remove button.
#[component]
fn NamedPeople(audience: RwSignal<Audience>, prefix: &'static str) -> impl IntoView {
    let find = RwSignal::new(String::new());
    let search = Action::new(|q: &String| lecture_people(q.clone()));
    // Names of the people picked here (ids alone are stored; the names are for this form).
    let names = RwSignal::new(Vec::<(i64, String)>::new());
    let fid = format!("{prefix}-named");
    view! {
        <details open=move || audience.with(|a| !a.person_ids.is_empty())>
            <summary>{t("指定人员")}</summary>
            <ul class="plain">
                {move || audience.with(|a| a.person_ids.clone()).into_iter().map(|pid| {
                    let label = names.with(|n| n.iter().find(|(i, _)| *i == pid).map(|(_, n)| n.clone())).unwrap_or_else(|| format!("#{pid}"));
                    view! { <li data-testid="named">{label}" "
                        <button type="button" class="small text-button" on:click=move |_| audience.update(|a| a.person_ids.retain(|x| *x != pid))>{t("移除")}</button></li> }
                }).collect_view()}
            </ul>
            <div class="inline-form">
                <label for=fid.clone()>{t("按姓名添加")}</label>
                <input id=fid.clone() type="search" bind:value=find placeholder=t("输入姓名")
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); search.dispatch(find.get_untracked()); }/>
                <button type="button" on:click=move |_| { search.dispatch(find.get_untracked()); }>{t("查找")}</button>
            </div>
            {move || search.value().get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain picks">
                        {list.into_iter().map(|p: PersonOption| {
                            let (pid, name) = (p.id, p.name.clone());
                            view! { <li><button type="button" class="small" on:click=move |_| {
                                names.update(|n| n.push((pid, name.clone())));
                                audience.update(|a| if !a.person_ids.contains(&pid) { a.person_ids.push(pid); });
                            }>{format!("{} · {} · {}", p.name, p.unit_name, p.position)}</button></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </details>
    }
}

#[component]
fn SeriesForm(options: LectureChoices, initial: Option<SeriesInput>) -> impl IntoView {
    let id = initial.as_ref().and_then(|s| s.id);
    let i = initial.clone();
    let name = RwSignal::new(i.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(i.as_ref().map(|s| s.kind.clone()).unwrap_or_else(|| "小课堂".into()));
    let category = RwSignal::new(i.as_ref().map(|s| s.category_id).or(options.categories.first().map(|c| c.id)).unwrap_or(0));
    let room = RwSignal::new(i.as_ref().and_then(|s| s.room_id).map(|r| r.to_string()).unwrap_or_default());
    let start_time = RwSignal::new(i.as_ref().map(|s| s.start_time.clone()).unwrap_or_else(|| "15:00".into()));
    let duration = RwSignal::new(i.as_ref().map(|s| s.duration_min.to_string()).unwrap_or_else(|| "90".into()));
    let rec = i.as_ref().map(|s| s.recurrence.clone());
    let (kind0, day0, nth0, wd0, wds0, every0) = match rec.as_ref().map(|r| r.pattern.clone()) {
        Some(Pattern::MonthlyDay { day }) => ("monthly_day", day, 1, 5, vec![5], 1),
        Some(Pattern::MonthlyNth { nth, weekday }) => ("monthly_nth", 1, nth, weekday, vec![5], 1),
        Some(Pattern::Weekly { weekdays, every }) => ("weekly", 1, 1, 5, weekdays, every),
        None => ("weekly", 1, -1, 5, vec![5], 1),
    };
    let pattern = RwSignal::new(kind0.to_string());
    let day = RwSignal::new(day0.to_string());
    let nth = RwSignal::new(nth0.to_string());
    let weekday = RwSignal::new(wd0.to_string());
    let weekdays = RwSignal::new(wds0);
    let every = RwSignal::new(every0.to_string());
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let start = RwSignal::new(rec.as_ref().map(|r| r.start).unwrap_or(today).to_string());
    let (end_kind0, until0, count0) = match rec.as_ref().map(|r| r.end) {
        Some(End::Count(n)) => ("count", today, n),
        Some(End::Until(d)) => ("until", d, 12),
        None => ("until", NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 12, 31).unwrap_or(today), 12),
    };
    let end_kind = RwSignal::new(end_kind0.to_string());
    let until = RwSignal::new(until0.to_string());
    let count = RwSignal::new(count0.to_string());
    let move_on_holiday = RwSignal::new(rec.as_ref().map(|r| r.on_holiday == OnHoliday::MoveToNextWorkingDay).unwrap_or(false));
    let audience = RwSignal::new(i.as_ref().map(|s| s.audience.clone()).unwrap_or(Audience { everyone: true, ..Default::default() }));
    let open = RwSignal::new(i.as_ref().map(|s| s.open_enrolment).unwrap_or(false));
    let capacity = RwSignal::new(i.as_ref().and_then(|s| s.capacity).map(|c| c.to_string()).unwrap_or_default());
    let save = Action::new(move |input: &SeriesInput| {
        let input = input.clone();
        async move {
            let r = lecture_series_save(input).await;
            if r.is_ok() {
                crate::components::go_to("/lectures/series");
            }
            r
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    let build = move |apply: bool| -> Option<SeriesInput> {
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().ok();
        let date = |s: RwSignal<String>| NaiveDate::parse_from_str(s.get_untracked().trim(), "%Y-%m-%d").ok();
        let pattern = match pattern.get_untracked().as_str() {
            "monthly_day" => Pattern::MonthlyDay { day: num(day).unwrap_or(0).clamp(0, 99) as u32 },
            "monthly_nth" => Pattern::MonthlyNth {
                nth: num(nth).unwrap_or(1).clamp(-1, 9) as i32,
                weekday: num(weekday).unwrap_or(5).clamp(0, 9) as u32,
            },
            _ => Pattern::Weekly { weekdays: weekdays.get_untracked(), every: num(every).unwrap_or(1).clamp(0, 999) as u32 },
        };
        let end = if end_kind.get_untracked() == "count" {
            End::Count(num(count).unwrap_or(0).clamp(0, 100_000) as u32)
        } else {
            End::Until(date(until)?)
        };
        Some(SeriesInput {
            id,
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            category_id: category.get_untracked(),
            room_id: room.get_untracked().parse().ok(),
            start_time: start_time.get_untracked(),
            duration_min: num(duration).unwrap_or(0).clamp(0, 100_000) as u32,
            recurrence: Recurrence {
                start: date(start)?,
                pattern,
                end,
                on_holiday: if move_on_holiday.get_untracked() { OnHoliday::MoveToNextWorkingDay } else { OnHoliday::Skip },
            },
            audience: audience.get_untracked(),
            open_enrolment: open.get_untracked(),
            capacity: capacity.get_untracked().trim().parse().ok(),
            apply_to_future: apply,
        })
    };
    let bad_date = RwSignal::new(false);
    let rooms = options.rooms.clone();
    let cats = options.categories.clone();
    view! {
        <form class="form boxed wide" on:submit=move |ev| {
            ev.prevent_default();
            let apply = id.is_some() && confirm(t("是否同时修改今后尚未单独编辑过的各次课程？选择“取消”则只保存系列设置，已排出的课程不变。"));
            match build(apply) {
                Some(input) => { bad_date.set(false); save.dispatch(input); }
                None => bad_date.set(true),
            }
        }>
            <div class="grid">
                <div class="field"><label for="s-name">{t("系列名称")}</label><input id="s-name" type="text" required maxlength="50" bind:value=name placeholder=t("如：周五小课堂")/>{move || field_error(err(), "name")}</div>
                <div class="field"><label for="s-kind">{t("形式")}</label>
                    <select id="s-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        {KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                    </select></div>
                <div class="field"><label for="s-cat">{t("类别")}</label>
                    <select id="s-cat" prop:value=move || category.get().to_string() on:change=move |ev| category.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {cats.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                    </select>{move || field_error(err(), "category_id")}</div>
                <div class="field"><label for="s-room">{t("教室")}</label>
                    <select id="s-room" prop:value=move || room.get() on:change=move |ev| room.set(event_target_value(&ev))>
                        <option value="">{t("待定")}</option>
                        {rooms.into_iter().filter(|r| r.active).map(|r| view! { <option value=r.id.to_string()>{format!("{}（{} 人）", r.name, r.capacity)}</option> }).collect_view()}
                    </select>{move || field_error(err(), "room_id")}</div>
                <div class="field"><label for="s-time">{t("开始时间")}</label><input id="s-time" type="time" required bind:value=start_time/>{move || field_error(err(), "start_time")}</div>
                <div class="field"><label for="s-dur">{t("时长（分钟）")}</label><input id="s-dur" type="number" min="15" max="480" step="5" required bind:value=duration/>{move || field_error(err(), "duration_min")}</div>
            </div>
            <fieldset>
                <legend>{t("重复规则")}</legend>
                <div class="grid">
                    <div class="field"><label for="s-pattern">{t("重复")}</label>
                        <select id="s-pattern" prop:value=move || pattern.get() on:change=move |ev| pattern.set(event_target_value(&ev))>
                            <option value="weekly">{t("每周")}</option>
                            <option value="monthly_nth">{t("每月第几个星期几")}</option>
                            <option value="monthly_day">{t("每月固定日期")}</option>
                        </select></div>
                    {move || match pattern.get().as_str() {
                        "monthly_day" => view! {
                            <div class="field"><label for="s-day">{t("每月几号")}</label><input id="s-day" type="number" min="1" max="31" bind:value=day/>
                                <p class="hint">{t("当月没有这一天时（如 31 日）安排在月末最后一天。")}</p></div>
                        }.into_any(),
                        "monthly_nth" => view! {
                            <div class="field"><label for="s-nth">{t("第几个")}</label>
                                <select id="s-nth" prop:value=move || nth.get() on:change=move |ev| nth.set(event_target_value(&ev))>
                                    <option value="1">{t("第一个")}</option><option value="2">{t("第二个")}</option><option value="3">{t("第三个")}</option>
                                    <option value="4">{t("第四个")}</option><option value="-1">{t("最后一个")}</option>
                                </select></div>
                            <div class="field"><label for="s-wd">{t("星期")}</label>
                                <select id="s-wd" prop:value=move || weekday.get() on:change=move |ev| weekday.set(event_target_value(&ev))>
                                    {WEEKDAYS.iter().map(|(n, l)| view! { <option value=n.to_string()>{t(l)}</option> }).collect_view()}
                                </select></div>
                        }.into_any(),
                        _ => view! {
                            <fieldset class="field"><legend>{t("星期")}</legend>
                                <div class="checks inline">
                                    {WEEKDAYS.iter().map(|(n, l)| {
                                        let n = *n;
                                        let fid = format!("s-wds-{n}");
                                        view! { <label class="check" for=fid.clone()><input id=fid.clone() type="checkbox" prop:checked=move || weekdays.with(|w| w.contains(&n))
                                            on:change=move |ev| { let on = event_target_checked(&ev); weekdays.update(|w| { w.retain(|x| *x != n); if on { w.push(n); w.sort_unstable(); } }); }/>{t(l)}</label> }
                                    }).collect_view()}
                                </div></fieldset>
                            <div class="field"><label for="s-every">{t("每几周")}</label><input id="s-every" type="number" min="1" max="52" bind:value=every/></div>
                        }.into_any(),
                    }}
                    <div class="field"><label for="s-start">{t("开始日期")}</label><input id="s-start" type="date" required bind:value=start/></div>
                    <div class="field"><label for="s-endkind">{t("结束")}</label>
                        <select id="s-endkind" prop:value=move || end_kind.get() on:change=move |ev| end_kind.set(event_target_value(&ev))>
                            <option value="until">{t("到某日为止")}</option><option value="count">{t("共几次")}</option>
                        </select></div>
                    {move || if end_kind.get() == "count" {
                        view! { <div class="field"><label for="s-count">{t("次数")}</label><input id="s-count" type="number" min="1" max="500" bind:value=count/></div> }.into_any()
                    } else {
                        view! { <div class="field"><label for="s-until">{t("结束日期")}</label><input id="s-until" type="date" bind:value=until/></div> }.into_any()
                    }}
                </div>
                <label class="check"><input type="checkbox" bind:checked=move_on_holiday/>{t("遇节假日顺延到下一个工作日（不勾选则当次取消）")}</label>
                {move || err().and_then(|e| e.field_message("recurrence")).map(|_| {
                    let e = err();
                    view! { <ul class="field-error" role="alert">{e.map(|e| match e { AppError::Invalid(l) => l.into_iter().filter(|f| f.field == "recurrence").map(|f| view! { <li>{f.message}</li> }).collect_view().into_any(), _ => ().into_any() })}</ul> }
                })}
                {move || bad_date.get().then(|| view! { <p class="field-error" role="alert">{t("请填写开始日期和结束日期")}</p> })}
            </fieldset>
            <AudiencePicker options=options.clone() audience=audience prefix="s"/>
            {move || field_error(err(), "audience")}
            <div class="grid">
                <label class="check"><input type="checkbox" bind:checked=open/>{t("允许自愿报名")}</label>
                <div class="field"><label for="s-cap">{t("名额（空为按教室容量）")}</label><input id="s-cap" type="number" min="1" bind:value=capacity/>{move || field_error(err(), "capacity")}</div>
            </div>
            {move || other_errors(err())}
            <div class="button-row">
                <button type="submit" class="primary" disabled=save.pending()>{if id.is_some() { t("保存") } else { t("保存并排课") }}</button>
                <A href="/lectures/series" attr:class="button">{t("取消")}</A>
            </div>
        </form>
    }
}

// ---- one session ----------------------------------------------------------------------------------

#[component]
pub fn SessionNewPage() -> impl IntoView {
    view! { <Guarded path="/lectures/new" view=session_form_page/> }
}

#[component]
pub fn SessionEditPage() -> impl IntoView {
    view! { <Guarded path="/lectures/edit" view=session_form_page/> }
}

fn session_form_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id();
    let options = Resource::new(|| (), |_| lecture_options());
    let existing = Resource::new(
        || (),
        move |_| async move {
            match id {
                Some(id) => lecture_session(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <section class="panel">
            <p class="crumbs no-print"><A href=id.map(|i| format!("/lectures/{i}")).unwrap_or_else(|| "/lectures".into())>{t("返回")}</A></p>
            <h1>{if id.is_some() { t("编辑本次课程") } else { t("新建单次课程") }}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match (options.await, existing.await) {
                        (Ok(o), Ok(s)) => view! { <SessionForm options=o initial=s/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionForm(options: LectureChoices, initial: Option<SessionDetail>) -> impl IntoView {
    let id = initial.as_ref().map(|d| d.row.id);
    let i = initial.clone();
    let today = crate::domain::time::today_china(chrono::Utc::now()).to_string();
    let title = RwSignal::new(i.as_ref().map(|d| d.row.title.clone()).unwrap_or_default());
    let kind = RwSignal::new(i.as_ref().map(|d| d.row.kind.clone()).unwrap_or_else(|| "专题培训".into()));
    let category = RwSignal::new(i.as_ref().map(|d| d.category_id).or(options.categories.first().map(|c| c.id)).unwrap_or(0));
    let room = RwSignal::new(i.as_ref().and_then(|d| d.room_id).map(|r| r.to_string()).unwrap_or_default());
    let date = RwSignal::new(i.as_ref().map(|d| d.row.date.clone()).unwrap_or(today));
    let start = RwSignal::new(i.as_ref().map(|d| d.row.start.clone()).unwrap_or_else(|| "15:00".into()));
    let end = RwSignal::new(i.as_ref().map(|d| d.row.end.clone()).unwrap_or_else(|| "16:30".into()));
    let hours = RwSignal::new(i.as_ref().map(|d| hours_text(d.row.hours_tenths)).unwrap_or_default());
    let lecturers = RwSignal::new(i.as_ref().map(|d| d.lecturers.clone()).unwrap_or_default());
    let materials = RwSignal::new(i.as_ref().map(|d| d.materials_md.clone()).unwrap_or_default());
    let summary = RwSignal::new(i.as_ref().map(|d| d.summary_md.clone()).unwrap_or_default());
    let capacity = RwSignal::new(i.as_ref().and_then(|d| d.capacity).map(|c| c.to_string()).unwrap_or_default());
    let deadline = RwSignal::new(i.as_ref().map(|d| d.enrol_deadline.clone()).unwrap_or_default());
    let open = RwSignal::new(i.as_ref().map(|d| d.open_enrolment).unwrap_or(true));
    let audience = RwSignal::new(i.as_ref().map(|d| d.audience.clone()).unwrap_or_default());
    let save = Action::new(move |input: &SessionInput| {
        let input = input.clone();
        async move {
            let r = lecture_session_save(input).await;
            if let Ok(id) = &r {
                crate::components::go_to(&format!("/lectures/{id}"));
            }
            r
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    // Lecturers: a colleague found by name, or someone from outside.
    let find = RwSignal::new(String::new());
    let search = Action::new(|q: &String| lecture_people(q.clone()));
    let ext_name = RwSignal::new(String::new());
    let ext_org = RwSignal::new(String::new());
    let ext_title = RwSignal::new(String::new());
    let cats = options.categories.clone();
    let rooms = options.rooms.clone();
    view! {
        <form class="form boxed wide" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SessionInput {
                id,
                title: title.get_untracked(),
                kind: kind.get_untracked(),
                category_id: category.get_untracked(),
                room_id: room.get_untracked().parse().ok(),
                date: date.get_untracked(),
                start: start.get_untracked(),
                end: end.get_untracked(),
                hours: hours.get_untracked(),
                lecturers: lecturers.get_untracked(),
                materials_md: materials.get_untracked(),
                summary_md: summary.get_untracked(),
                capacity: capacity.get_untracked().trim().parse().ok(),
                enrol_deadline: deadline.get_untracked(),
                open_enrolment: open.get_untracked(),
                audience: audience.get_untracked(),
            });
        }>
            <div class="grid">
                <div class="field wide-field"><label for="e-title">{t("课程题目")}</label><input id="e-title" type="text" required maxlength="100" bind:value=title/>{move || field_error(err(), "title")}</div>
                <div class="field"><label for="e-kind">{t("形式")}</label>
                    <select id="e-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        {KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                    </select></div>
                <div class="field"><label for="e-cat">{t("类别")}</label>
                    <select id="e-cat" prop:value=move || category.get().to_string() on:change=move |ev| category.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {cats.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                    </select>{move || field_error(err(), "category_id")}</div>
                <div class="field"><label for="e-room">{t("教室")}</label>
                    <select id="e-room" prop:value=move || room.get() on:change=move |ev| room.set(event_target_value(&ev))>
                        <option value="">{t("待定")}</option>
                        {rooms.into_iter().filter(|r| r.active).map(|r| view! { <option value=r.id.to_string()>{format!("{}（{} 人）", r.name, r.capacity)}</option> }).collect_view()}
                    </select>{move || field_error(err(), "room_id")}</div>
                <div class="field"><label for="e-date">{t("日期")}</label><input id="e-date" type="date" required bind:value=date/>{move || field_error(err(), "date")}</div>
                <div class="field"><label for="e-start">{t("开始")}</label><input id="e-start" type="time" required bind:value=start/>{move || field_error(err(), "start")}</div>
                <div class="field"><label for="e-end">{t("结束")}</label><input id="e-end" type="time" required bind:value=end/>{move || field_error(err(), "end")}</div>
                <div class="field"><label for="e-hours">{t("学时（空为按时长计算）")}</label><input id="e-hours" type="text" inputmode="decimal" bind:value=hours/>{move || field_error(err(), "hours")}</div>
            </div>
            <fieldset>
                <legend>{t("讲师")}</legend>
                <ul class="plain lecturers">
                    {move || lecturers.get().into_iter().enumerate().map(|(n, l)| view! {
                        <li data-testid="lecturer">{[l.name.clone(), l.org.clone(), l.title.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}
                            {if l.person_id.is_some() { "" } else { "（外请）" }}" "
                            <button type="button" class="small text-button" on:click=move |_| lecturers.update(|v| { if n < v.len() { v.remove(n); } })>{t("移除")}</button></li>
                    }).collect_view()}
                </ul>
                <div class="inline-form">
                    <label for="e-find">{t("本单位人员")}</label>
                    <input id="e-find" type="search" bind:value=find placeholder=t("输入姓名")
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); search.dispatch(find.get_untracked()); }/>
                    <button type="button" on:click=move |_| { search.dispatch(find.get_untracked()); }>{t("查找")}</button>
                </div>
                {move || search.value().get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain picks">
                            {list.into_iter().map(|p: PersonOption| {
                                let pick = Lecturer { person_id: Some(p.id), name: p.name.clone(), org: p.unit_name.clone(), title: p.position.clone() };
                                view! { <li><button type="button" class="small" on:click=move |_| lecturers.update(|v| { if !v.iter().any(|l| l.person_id == pick.person_id) { v.push(pick.clone()); } })>
                                    {format!("{} · {} · {}", p.name, p.unit_name, p.position)}</button></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                })}
                <div class="inline-form">
                    <label for="e-ext-name">{t("外请讲师")}</label>
                    <input id="e-ext-name" type="text" bind:value=ext_name placeholder=t("姓名")/>
                    <input type="text" bind:value=ext_org placeholder=t("单位") aria-label=t("单位")/>
                    <input type="text" bind:value=ext_title placeholder=t("职务或职称") aria-label=t("职务或职称")/>
                    <button type="button" on:click=move |_| {
                        let name = ext_name.get_untracked();
                        if !name.trim().is_empty() {
                            lecturers.update(|v| v.push(Lecturer { person_id: None, name, org: ext_org.get_untracked(), title: ext_title.get_untracked() }));
                            ext_name.set(String::new()); ext_org.set(String::new()); ext_title.set(String::new());
                        }
                    }>{t("添加")}</button>
                </div>
                {move || field_error(err(), "lecturers")}
            </fieldset>
            <AudiencePicker options=options.clone() audience=audience prefix="e"/>
            {move || field_error(err(), "audience")}
            <div class="grid">
                <label class="check"><input type="checkbox" bind:checked=open/>{t("允许自愿报名")}</label>
                <div class="field"><label for="e-cap">{t("名额（空为按教室容量）")}</label><input id="e-cap" type="number" min="1" bind:value=capacity/>{move || field_error(err(), "capacity")}</div>
                <div class="field"><label for="e-deadline">{t("报名截止（年-月-日 时:分，空为开课时）")}</label><input id="e-deadline" type="text" bind:value=deadline placeholder="2026-03-05 17:00"/>{move || field_error(err(), "enrol_deadline")}</div>
            </div>
            <div class="field"><label for="e-materials">{t("课程资料（Markdown）")}</label><textarea id="e-materials" rows="6" bind:value=materials></textarea>{move || field_error(err(), "materials_md")}</div>
            <div class="field"><label for="e-summary">{t("课程小结（Markdown）")}</label><textarea id="e-summary" rows="4" bind:value=summary></textarea></div>
            {move || other_errors(err())}
            <div class="button-row">
                <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
                <A href=id.map(|i| format!("/lectures/{i}")).unwrap_or_else(|| "/lectures".into()) attr:class="button">{t("取消")}</A>
            </div>
        </form>
    }
}

// ---- rooms, categories and rules ----------------------------------------------------------------------

#[component]
pub fn RoomsPage() -> impl IntoView {
    view! { <Guarded path="/lectures/rooms" view=rooms_page/> }
}

fn rooms_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("lecture_room_save");
    let save_room = Action::new(|r: &Room| lecture_room_save(r.clone()));
    let add_cat = Action::new(|n: &String| lecture_category_add(n.clone()));
    let save_rules = Action::new(|r: &LectureRules| lecture_rules_save(r.clone()));
    let options =
        Resource::new(move || (save_room.version().get(), add_cat.version().get(), save_rules.version().get()), |_| lecture_options());
    let editing = RwSignal::new(None::<Room>);
    let cat_name = RwSignal::new(String::new());
    let room_err = move || save_room.value().get().and_then(|r| r.err());
    let cat_err = move || add_cat.value().get().and_then(|r| r.err());
    let rules_err = move || save_rules.value().get().and_then(|r| r.err());
    Effect::new(move |_| {
        if matches!(save_room.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("教室")}</h1>
                <div class="button-row no-print">
                    <A href="/lectures" attr:class="button">{t("返回日历")}</A>
                    {is_hr.then(|| view! { <button type="button" class="primary" on:click=move |_| editing.set(Some(Room { active: true, capacity: 50, ..Default::default() }))>{t("新增教室")}</button> })}
                </div>
            </div>
            {move || editing.get().map(|r| {
                let name = RwSignal::new(r.name.clone());
                let capacity = RwSignal::new(r.capacity.to_string());
                let location = RwSignal::new(r.location.clone());
                let active = RwSignal::new(r.active);
                let rid = r.id;
                view! {
                    <form class="form boxed" on:submit=move |ev| {
                        ev.prevent_default();
                        save_room.dispatch(Room { id: rid, name: name.get_untracked(), capacity: capacity.get_untracked().trim().parse().unwrap_or(0), location: location.get_untracked(), active: active.get_untracked() });
                    }>
                        <div class="grid">
                            <div class="field"><label for="r-name">{t("名称")}</label><input id="r-name" type="text" required maxlength="50" bind:value=name/>{move || field_error(room_err(), "name")}</div>
                            <div class="field"><label for="r-cap">{t("容纳人数")}</label><input id="r-cap" type="number" min="1" required bind:value=capacity/>{move || field_error(room_err(), "capacity")}</div>
                            <div class="field"><label for="r-loc">{t("位置")}</label><input id="r-loc" type="text" maxlength="100" bind:value=location/>{move || field_error(room_err(), "location")}</div>
                            <label class="check"><input type="checkbox" bind:checked=active/>{t("可用")}</label>
                        </div>
                        {move || other_errors(room_err())}
                        <div class="button-row">
                            <button type="submit" class="primary">{t("保存")}</button>
                            <button type="button" on:click=move |_| editing.set(None)>{t("取消")}</button>
                        </div>
                    </form>
                }
            })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let o = match options.await {
                        Ok(o) => o,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let rules = o.rules.clone();
                    view! {
                        {if o.rooms.is_empty() { view! { <p class="empty">{t("还没有教室。")}</p> }.into_any() } else { view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr><th scope="col">{t("名称")}</th><th scope="col">{t("容纳人数")}</th><th scope="col">{t("位置")}</th><th scope="col">{t("状态")}</th>
                                        {is_hr.then(|| view! { <th scope="col">{t("操作")}</th> })}</tr></thead>
                                    <tbody>
                                        {o.rooms.into_iter().map(|r| { let row = r.clone(); view! {
                                            <tr>
                                                <th scope="row" data-label=t("名称")>{r.name}</th>
                                                <td data-label=t("容纳人数")>{r.capacity}</td>
                                                <td data-label=t("位置")>{r.location}</td>
                                                <td data-label=t("状态")>{if r.active { t("可用") } else { t("停用") }}</td>
                                                {is_hr.then(|| view! { <td><button type="button" class="small" on:click=move |_| editing.set(Some(row.clone()))>{t("编辑")}</button></td> })}
                                            </tr>
                                        }}).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any() }}
                        <h2>{t("课程类别")}</h2>
                        <ul class="tags">{o.categories.into_iter().map(|c| view! { <li>{c.name}</li> }).collect_view()}</ul>
                        {is_hr.then(|| view! {
                            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); add_cat.dispatch(cat_name.get_untracked()); }>
                                <label for="c-name">{t("新类别")}</label>
                                <input id="c-name" type="text" maxlength="20" required bind:value=cat_name/>
                                <button type="submit">{t("添加")}</button>
                            </form>
                            {move || field_error(cat_err(), "name")}
                        })}
                        <h2>{t("学时与签到规则")}</h2>
                        <RulesForm rules=rules editable=is_hr on_save=Callback::new(move |r| { save_rules.dispatch(r); })/>
                        {move || rules_err().map(|e| view! { <ErrorBox error=e/> })}
                        {move || matches!(save_rules.value().get(), Some(Ok(()))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RulesForm(rules: LectureRules, editable: bool, on_save: Callback<LectureRules>) -> impl IntoView {
    let mph = RwSignal::new(rules.minutes_per_hour.to_string());
    let grace = RwSignal::new(rules.late_grace_minutes.to_string());
    let opens = RwSignal::new(rules.checkin_opens_minutes.to_string());
    let late_earns = RwSignal::new(rules.late_earns_hours);
    let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().unwrap_or(u32::MAX);
    view! {
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            on_save.run(LectureRules { minutes_per_hour: n(mph), late_grace_minutes: n(grace), late_earns_hours: late_earns.get_untracked(), checkin_opens_minutes: n(opens) });
        }>
            <fieldset disabled=!editable>
                <div class="grid">
                    <div class="field"><label for="rl-mph">{t("每学时分钟数")}</label><input id="rl-mph" type="number" min="15" max="120" bind:value=mph/></div>
                    <div class="field"><label for="rl-grace">{t("迟到宽限（分钟）")}</label><input id="rl-grace" type="number" min="0" max="120" bind:value=grace/></div>
                    <div class="field"><label for="rl-opens">{t("开课前多少分钟开放签到")}</label><input id="rl-opens" type="number" min="0" max="240" bind:value=opens/></div>
                    <label class="check"><input type="checkbox" bind:checked=late_earns/>{t("迟到也计学时")}</label>
                </div>
                {editable.then(|| view! { <div class="button-row"><button type="submit">{t("保存规则")}</button></div> })}
            </fieldset>
        </form>
    }
}

// ---- holidays --------------------------------------------------------------------------------------

#[component]
pub fn HolidaysPage() -> impl IntoView {
    view! { <Guarded path="/lectures/holidays" view=holidays_page/> }
}

fn holidays_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("holiday_year_save");
    let save = Action::new(|(y, h, w): &(i32, String, String)| holiday_year_save(*y, h.clone(), w.clone()));
    let data = Resource::new(move || save.version().get(), |_| holiday_calendar());
    let year = RwSignal::new(String::new());
    let holidays = RwSignal::new(String::new());
    let workdays = RwSignal::new(String::new());
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("节假日与调休")}</h1>
                <A href="/lectures" attr:class="button">{t("返回日历")}</A>
            </div>
            <p class="hint">{t("按国务院办公厅每年发布的放假安排维护。课程排期和“N 个工作日”均按此计算；没有维护的年份只按周末计算。")}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await {
                        Ok(v) => v,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    view! {
                        {(!v.missing.is_empty()).then(|| view! {
                            <div class="alert warning" role="alert" data-testid="calendar-missing">
                                {format!("尚未维护 {} 年的节假日安排：这些年份暂只按周末计算，请尽快补充。", v.missing.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、"))}
                            </div>
                        })}
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr><th scope="col">{t("年份")}</th><th scope="col">{t("放假日期")}</th><th scope="col">{t("调休上班日期")}</th><th scope="col">{t("维护")}</th>
                                    {is_hr.then(|| view! { <th scope="col">{t("操作")}</th> })}</tr></thead>
                                <tbody>
                                    {v.years.into_iter().map(|y| {
                                        let (yy, h, w) = (y.year, y.holidays.clone(), y.workdays.clone());
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t("年份")>{y.year}</th>
                                                <td data-label=t("放假日期")>{format!("{}（{} 天）", y.holidays, y.holiday_count)}</td>
                                                <td data-label=t("调休上班日期")>{format!("{}（{} 天）", y.workdays, y.workday_count)}</td>
                                                <td data-label=t("维护")>{if y.updated_at.is_empty() { y.updated_by.clone() } else { format!("{} {}", y.updated_by, y.updated_at) }}</td>
                                                {is_hr.then(|| view! { <td><button type="button" class="small" on:click=move |_| { year.set(yy.to_string()); holidays.set(h.clone()); workdays.set(w.clone()); }>{t("编辑")}</button></td> })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            {is_hr.then(|| view! {
                <form class="form boxed" on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch((year.get_untracked().trim().parse().unwrap_or(0), holidays.get_untracked(), workdays.get_untracked()));
                }>
                    <h2>{t("新增或修改一年")}</h2>
                    <div class="field"><label for="h-year">{t("年份")}</label><input id="h-year" type="number" min="2000" max="2100" required bind:value=year/>{move || field_error(err(), "year")}</div>
                    <div class="field"><label for="h-off">{t("放假日期（可直接粘贴通知原文中的日期，如“1月1日至3日”“2月15日–23日”）")}</label>
                        <textarea id="h-off" rows="3" bind:value=holidays></textarea>{move || field_error(err(), "holidays")}</div>
                    <div class="field"><label for="h-work">{t("调休上班日期（周末上班的日子）")}</label>
                        <textarea id="h-work" rows="2" bind:value=workdays></textarea>{move || field_error(err(), "workdays")}</div>
                    {move || other_errors(err())}
                    {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                    <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
                </form>
            })}
        </section>
    }
}

// ---- leave approvals ----------------------------------------------------------------------------------

#[component]
pub fn LeaveQueuePage() -> impl IntoView {
    view! { <Guarded path="/lectures/leave" view=leave_page/> }
}

fn leave_page(_u: CurrentUser) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let done = Memo::new(move |_| query.with(|q| q.get("done").is_some()));
    let decide = Action::new(|(id, ok, note): &(i64, bool, String)| lecture_leave_decide(*id, *ok, note.clone()));
    let list = Resource::new(move || (done.get(), decide.version().get()), |(d, _)| lecture_leave_queue(!d));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("请假审批")}</h1>
                <A href="/lectures" attr:class="button">{t("返回日历")}</A>
            </div>
            <nav class="tabs" aria-label=t("申请状态")>
                <A href="/lectures/leave" attr:class=move || if done.get() { "tab" } else { "tab active" }>{t("待审批")}</A>
                <A href="/lectures/leave?done=1" attr:class=move || if done.get() { "tab active" } else { "tab" }>{t("已处理")}</A>
            </nav>
            {move || decide.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let q = match list.await {
                        Ok(q) => q,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    if q.items.is_empty() {
                        return view! { <p class="empty">{t("没有这类申请。")}</p> }.into_any();
                    }
                    let may = q.may_decide;
                    view! {
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{t("申请人")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("课程")}</th>
                                    <th scope="col">{t("事由")}</th><th scope="col">{t("提交时间")}</th><th scope="col">{t("处理")}</th>
                                </tr></thead>
                                <tbody>
                                    {q.items.into_iter().map(|l| {
                                        let id = l.id;
                                        let pending = l.status == "pending";
                                        let note = RwSignal::new(String::new());
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t("申请人")>{l.person_name}</th>
                                                <td data-label=t("部室")>{l.unit_name}</td>
                                                <td data-label=t("课程")><A href=format!("/lectures/{}", l.session_id)>{format!("{} {}", l.session_time, l.session_title)}</A></td>
                                                <td data-label=t("事由")>{l.reason}</td>
                                                <td data-label=t("提交时间")>{l.created_at}</td>
                                                <td data-label=t("处理")>
                                                    {if pending && may { view! {
                                                        <div class="decide">
                                                            <input type="text" maxlength="200" bind:value=note placeholder=t("意见（可选）") aria-label=t("意见（可选）")/>
                                                            <button type="button" class="small primary" on:click=move |_| { decide.dispatch((id, true, note.get_untracked())); }>{t("批准")}</button>
                                                            <button type="button" class="small danger" on:click=move |_| { if confirm(t("确定不批准这项请假吗？")) { decide.dispatch((id, false, note.get_untracked())); } }>{t("不批准")}</button>
                                                        </div>
                                                    }.into_any() } else { view! {
                                                        <span>{match l.status.as_str() { "approved" => t("已批准"), "rejected" => t("未批准"), _ => t("待审批") }}
                                                            {(!l.decided_by.is_empty()).then(|| format!("（{} {}）", l.decided_by, l.decided_at))}</span>
                                                    }.into_any() }}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
