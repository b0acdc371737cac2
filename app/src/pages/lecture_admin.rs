//! Lectures for HR (and leaders, read-only): series, one session's settings, rooms and
//! categories, the holiday calendar, leave approvals. Every form posts to its server function
//! and works without the browser's code; people are chosen with the `PersonPicker` island.

use crate::api::lectures::*;
use crate::components::{
    estimated_note, field_error, flash_note, form_error, other_errors, path_id, Confirm, ErrorBox, Guarded, Loading, PostForm,
};
use crate::domain::lectures::{hours_text, KINDS};
use crate::error::AppError;
use crate::i18n::{t, tf};
use crate::model::{AudienceForm, CurrentUser, LectureChoices, PersonOption, RecurrenceForm, Room, SeriesInput, SessionDetail};
use crate::pages::lectures::kind_text;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const WEEKDAYS: [(u32, &str); 7] = [(1, "周一"), (2, "周二"), (3, "周三"), (4, "周四"), (5, "周五"), (6, "周六"), (7, "周日")];

/// Every message the server gave for these fields (those with no input of their own to sit by).
fn listed_errors(err: Option<AppError>, fields: &'static [&'static str]) -> impl IntoView {
    let list: Vec<String> = match err {
        Some(AppError::Invalid(l)) => l.into_iter().filter(|f| fields.contains(&f.field.as_str())).map(|f| f.message).collect(),
        _ => Vec::new(),
    };
    (!list.is_empty()).then(|| {
        view! { <ul class="field-error" role="alert">{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }
    })
}

/// A person as the picker shows them.
fn pick(p: &PersonOption) -> islands::picker::Pick {
    islands::picker::Pick { id: p.id, name: p.name.clone(), unit_name: p.unit_name.clone(), position: p.position.clone() }
}

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
            {flash_note("lecture_series_save", "已保存")}
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
                                                <th scope="row" data-label=t("名称")><A href=format!("/lectures?series={}", s.id)><span translate="no">{s.name}</span></A></th>
                                                <td data-label=t("形式")>{kind_text(&s.kind)}</td>
                                                <td data-label=t("类别") translate="no">{s.category}</td>
                                                <td data-label=t("规则")>{s.schedule}</td>
                                                <td data-label=t("教室") translate="no">{s.room}</td>
                                                <td data-label=t("场次")>{s.sessions}</td>
                                                <td data-label=t("下次")>{s.next}{estimated_note(&s.estimated_years)}</td>
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
                        (Ok(o), Ok(s)) => series_form(o, s).into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Who must attend: everyone, 部室, 职务层次 (boxes), and named people (the picker; without the
/// browser's code, their 人员编号 typed).
fn audience_fields(options: &LectureChoices, audience: &AudienceForm, named: &[PersonOption], prefix: &'static str) -> impl IntoView {
    let units = options.units.clone();
    let levels = options.levels.clone();
    let (unit_ids, chosen_levels) = (audience.unit_ids.0.clone(), audience.levels.clone());
    let any_unit = !unit_ids.is_empty();
    let any_level = !chosen_levels.is_empty();
    let picks: Vec<_> = named.iter().map(pick).collect();
    let everyone_id = format!("{prefix}-everyone");
    let everyone_for = everyone_id.clone();
    view! {
        <fieldset>
            <legend>{t("应参加人员")}</legend>
            <label class="check" for=everyone_for>
                <input id=everyone_id type="checkbox" name="input[audience][everyone]" value="true" checked=audience.everyone/>
                {t("全体职工")}
            </label>
            <details open=any_unit>
                <summary>{t("按部室")}</summary>
                <div class="checks">
                    {units.into_iter().map(|u| {
                        let fid = format!("{prefix}-unit-{}", u.id);
                        let for_id = fid.clone();
                        let on = unit_ids.contains(&u.id);
                        view! {
                            <label class="check" for=for_id>
                                <input id=fid type="checkbox" name="input[audience][unit_ids][]" value=u.id.to_string() checked=on/>
                                <span translate="no">{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </details>
            <details open=any_level>
                <summary>{t("按职务层次")}</summary>
                <div class="checks">
                    {levels.into_iter().enumerate().map(|(i, l)| {
                        let fid = format!("{prefix}-level-{i}");
                        let for_id = fid.clone();
                        let on = chosen_levels.contains(&l);
                        view! {
                            <label class="check" for=for_id>
                                <input id=fid type="checkbox" name="input[audience][levels][]" value=l.clone() checked=on/>
                                <span translate="no">{crate::i18n::tr(&l).to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </details>
            <div class="field" data-testid="named">
                <islands::PersonPicker
                    name="input[audience][person_ids]".to_string()
                    id=format!("{prefix}-named")
                    number_label=t("指定人员（人员编号，多个用逗号分隔）").to_string()
                    search_label=t("指定人员：按姓名添加").to_string()
                    chosen=picks
                    multiple=true
                />
            </div>
            <p class="hint">{t("都不选则不指定应参加人员，仅供自愿报名（须允许自愿报名）。")}</p>
        </fieldset>
    }
}

fn series_form(options: LectureChoices, initial: Option<SeriesInput>) -> impl IntoView {
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let editing = initial.is_some();
    let s = initial.unwrap_or_else(|| SeriesInput {
        kind: "小课堂".into(),
        category_id: options.categories.first().map(|c| c.id).unwrap_or(0),
        start_time: "15:00".into(),
        duration_min: 90,
        recurrence: RecurrenceForm::new_default(today),
        audience: AudienceForm { everyone: true, ..Default::default() },
        ..Default::default()
    });
    let err = form_error::<LectureSeriesSave>();
    let r = s.recurrence.clone();
    let rooms = options.rooms.clone();
    let cats = options.categories.clone();
    let audience = audience_fields(&options, &s.audience, &s.named, "s");
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let (kind, category_id, room_id) = (s.kind.clone(), s.category_id, s.room_id);
    let weekdays = r.weekdays.0.clone();
    view! {
        <PostForm action="/api/lecture_series_save" class="form boxed wide">
            {s.id.map(|id| view! { <input type="hidden" name="input[id]" value=id.to_string()/> })}
            <div class="grid">
                <div class="field"><label for="s-name">{t("系列名称")}</label>
                    <input id="s-name" name="input[name]" type="text" required maxlength="50" value=s.name.clone() placeholder=t("如：周五小课堂")/>{e("name")}</div>
                <div class="field"><label for="s-kind">{t("形式")}</label>
                    <select id="s-kind" name="input[kind]">
                        {KINDS.iter().map(|k| view! { <option value=*k selected=kind == *k>{t(k)}</option> }).collect_view()}
                    </select>{e("kind")}</div>
                <div class="field"><label for="s-cat">{t("类别")}</label>
                    <select id="s-cat" name="input[category_id]">
                        {cats.into_iter().map(|c| view! { <option value=c.id.to_string() selected=c.id == category_id>{c.name}</option> }).collect_view()}
                    </select>{e("category_id")}</div>
                <div class="field"><label for="s-room">{t("教室")}</label>
                    <select id="s-room" name="input[room_id]">
                        <option value="">{t("待定")}</option>
                        {rooms.into_iter().filter(|x| x.active || Some(x.id) == room_id).map(|x| view! {
                            <option value=x.id.to_string() selected=Some(x.id) == room_id>{tf("{}（{} 人）", &[&x.name, &x.capacity])}</option>
                        }).collect_view()}
                    </select>{e("room_id")}</div>
                <div class="field"><label for="s-time">{t("开始时间")}</label>
                    <input id="s-time" name="input[start_time]" type="time" required value=s.start_time.clone()/>{e("start_time")}</div>
                <div class="field"><label for="s-dur">{t("时长（分钟）")}</label>
                    <input id="s-dur" name="input[duration_min]" type="number" min="15" max="480" step="5" required value=s.duration_min.to_string()/>{e("duration_min")}</div>
            </div>
            <fieldset>
                <legend>{t("重复规则")}</legend>
                <div class="field"><label for="s-pattern">{t("重复")}</label>
                    <select id="s-pattern" name="input[recurrence][pattern]">
                        <option value="weekly" selected=r.pattern == "weekly">{t("每周")}</option>
                        <option value="monthly_nth" selected=r.pattern == "monthly_nth">{t("每月第几个星期几")}</option>
                        <option value="monthly_day" selected=r.pattern == "monthly_day">{t("每月固定日期")}</option>
                    </select>{e("pattern")}
                    <p class="hint">{t("只按所选重复方式下面对应的设置排课，其余设置不起作用。")}</p>
                </div>
                <fieldset>
                    <legend>{t("每周")}</legend>
                    <div class="checks inline" role="group" aria-label=t("每周的星期")>
                        {WEEKDAYS.iter().map(|(n, l)| {
                            let fid = format!("s-wds-{n}");
                            let for_id = fid.clone();
                            let on = weekdays.contains(&(*n as i64));
                            view! {
                                <label class="check" for=for_id>
                                    <input id=fid type="checkbox" name="input[recurrence][weekdays][]" value=n.to_string() checked=on/>{t(l)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {e("weekdays")}
                    <div class="field"><label for="s-every">{t("每几周")}</label>
                        <input id="s-every" name="input[recurrence][every]" type="number" min="1" max="52" value=r.every.clone()/>{e("every")}</div>
                </fieldset>
                <fieldset>
                    <legend>{t("每月第几个星期几")}</legend>
                    <div class="grid">
                        <div class="field"><label for="s-nth">{t("第几个")}</label>
                            <select id="s-nth" name="input[recurrence][nth]">
                                {[("1", "第一个"), ("2", "第二个"), ("3", "第三个"), ("4", "第四个"), ("-1", "最后一个")].into_iter().map(|(v, l)| {
                                    view! { <option value=v selected=r.nth == v>{t(l)}</option> }
                                }).collect_view()}
                            </select>{e("nth")}</div>
                        <div class="field"><label for="s-wd">{t("星期")}</label>
                            <select id="s-wd" name="input[recurrence][weekday]">
                                {WEEKDAYS.iter().map(|(n, l)| view! { <option value=n.to_string() selected=r.weekday == n.to_string()>{t(l)}</option> }).collect_view()}
                            </select>{e("weekday")}</div>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t("每月固定日期")}</legend>
                    <div class="field"><label for="s-day">{t("每月几号")}</label>
                        <input id="s-day" name="input[recurrence][day]" type="number" min="1" max="31" value=r.day.clone()/>{e("day")}
                        <p class="hint">{t("当月没有这一天时（如 31 日）安排在月末最后一天。")}</p></div>
                </fieldset>
                <div class="grid">
                    <div class="field"><label for="s-start">{t("开始日期")}</label>
                        <input id="s-start" name="input[recurrence][start]" type="date" required value=r.start.clone()/>{e("start")}</div>
                    <div class="field"><label for="s-endkind">{t("结束")}</label>
                        <select id="s-endkind" name="input[recurrence][end]">
                            <option value="until" selected=r.end != "count">{t("到某日为止")}</option>
                            <option value="count" selected=r.end == "count">{t("共几次")}</option>
                        </select></div>
                    <div class="field"><label for="s-until">{t("结束日期")}</label>
                        <input id="s-until" name="input[recurrence][until]" type="date" value=r.until.clone()/>{e("until")}</div>
                    <div class="field"><label for="s-count">{t("次数")}</label>
                        <input id="s-count" name="input[recurrence][count]" type="number" min="1" max="500" value=r.count.clone()/>{e("count")}</div>
                </div>
                <label class="check" for="s-holiday">
                    <input id="s-holiday" type="checkbox" name="input[recurrence][move_on_holiday]" value="true" checked=r.move_on_holiday/>
                    {t("遇节假日顺延到下一个工作日（不勾选则当次取消）")}
                </label>
                {listed_errors(err.clone(), &["recurrence"])}
            </fieldset>
            {audience}
            {listed_errors(err.clone(), &["audience"])}
            <div class="grid">
                <label class="check" for="s-open">
                    <input id="s-open" type="checkbox" name="input[open_enrolment]" value="true" checked=s.open_enrolment/>{t("允许自愿报名")}
                </label>
                <div class="field"><label for="s-cap">{t("名额（空为按教室容量）")}</label>
                    <input id="s-cap" name="input[capacity]" type="number" min="1" value=s.capacity.map(|c| c.to_string())/>{e("capacity")}</div>
            </div>
            {editing.then(|| view! {
                <fieldset>
                    <legend>{t("已排出的课程")}</legend>
                    <label class="check" for="s-apply-yes">
                        <input id="s-apply-yes" type="radio" name="input[apply_to_future]" value="true" required/>
                        {t("同时修改今后尚未单独编辑过的各次课程")}
                    </label>
                    <label class="check" for="s-apply-no">
                        <input id="s-apply-no" type="radio" name="input[apply_to_future]" value="false" required/>
                        {t("只保存系列设置，已排出的课程不变")}
                    </label>
                </fieldset>
            })}
            {other_errors(err.clone())}
            <div class="button-row">
                <button type="submit" class="primary">{if editing { t("保存") } else { t("保存并排课") }}</button>
                <A href="/lectures/series" attr:class="button">{t("取消")}</A>
            </div>
        </PostForm>
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
                        (Ok(o), Ok(s)) => session_form(o, s).into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Spare rows for outsiders beyond those already given.
const SPARE_LECTURER_ROWS: usize = 2;

fn session_form(options: LectureChoices, initial: Option<SessionDetail>) -> impl IntoView {
    let id = initial.as_ref().map(|d| d.row.id);
    let today = crate::domain::time::today_china(chrono::Utc::now()).to_string();
    let d = initial.unwrap_or_else(|| {
        let mut d = SessionDetail { open_enrolment: true, ..Default::default() };
        d.row.kind = "专题培训".into();
        d.row.date = today;
        d.row.start = "15:00".into();
        d.row.end = "16:30".into();
        d.category_id = options.categories.first().map(|c| c.id).unwrap_or(0);
        d
    });
    let err = form_error::<LectureSessionSave>();
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let colleagues: Vec<_> = d
        .lecturers
        .iter()
        .filter_map(|l| {
            l.person_id.map(|pid| PersonOption { id: pid, name: l.name.clone(), unit_name: l.org.clone(), position: l.title.clone() })
        })
        .map(|p| pick(&p))
        .collect();
    let outsiders: Vec<_> = d.lecturers.iter().filter(|l| l.person_id.is_none()).cloned().collect();
    let rows = (outsiders.len() + SPARE_LECTURER_ROWS).max(3);
    let audience = audience_fields(&options, &AudienceForm::from(d.audience.clone()), &d.named, "e");
    let (kind, category_id, room_id) = (d.row.kind.clone(), d.category_id, d.room_id);
    let back = id.map(|i| format!("/lectures/{i}")).unwrap_or_else(|| "/lectures".into());
    let hours = if id.is_some() { hours_text(d.row.hours_tenths) } else { String::new() };
    view! {
        <PostForm action="/api/lecture_session_save" class="form boxed wide">
            {id.map(|id| view! { <input type="hidden" name="input[id]" value=id.to_string()/> })}
            <div class="grid">
                <div class="field wide-field"><label for="e-title">{t("课程题目")}</label>
                    <input id="e-title" name="input[title]" type="text" required maxlength="100" value=d.row.title.clone()/>{e("title")}</div>
                <div class="field"><label for="e-kind">{t("形式")}</label>
                    <select id="e-kind" name="input[kind]">
                        {KINDS.iter().map(|k| view! { <option value=*k selected=kind == *k>{t(k)}</option> }).collect_view()}
                    </select>{e("kind")}</div>
                <div class="field"><label for="e-cat">{t("类别")}</label>
                    <select id="e-cat" name="input[category_id]">
                        {options.categories.iter().map(|c| view! { <option value=c.id.to_string() selected=c.id == category_id>{c.name.clone()}</option> }).collect_view()}
                    </select>{e("category_id")}</div>
                <div class="field"><label for="e-room">{t("教室")}</label>
                    <select id="e-room" name="input[room_id]">
                        <option value="">{t("待定")}</option>
                        {options.rooms.iter().filter(|x| x.active || Some(x.id) == room_id).map(|x| view! {
                            <option value=x.id.to_string() selected=Some(x.id) == room_id>{tf("{}（{} 人）", &[&x.name, &x.capacity])}</option>
                        }).collect_view()}
                    </select>{e("room_id")}</div>
                <div class="field"><label for="e-date">{t("日期")}</label>
                    <input id="e-date" name="input[date]" type="date" required value=d.row.date.clone()/>{e("date")}</div>
                <div class="field"><label for="e-start">{t("开始")}</label>
                    <input id="e-start" name="input[start]" type="time" required value=d.row.start.clone()/>{e("start")}</div>
                <div class="field"><label for="e-end">{t("结束")}</label>
                    <input id="e-end" name="input[end]" type="time" required value=d.row.end.clone()/>{e("end")}</div>
                <div class="field"><label for="e-hours">{t("学时（空为按时长计算）")}</label>
                    <input id="e-hours" name="input[hours]" type="text" inputmode="decimal" value=hours/>{e("hours")}</div>
            </div>
            <fieldset>
                <legend>{t("讲师")}</legend>
                <div class="field" data-testid="lecturer">
                    <islands::PersonPicker
                        name="input[lecturer_ids]".to_string()
                        id="e-find".to_string()
                        number_label=t("本单位人员（人员编号，多个用逗号分隔）").to_string()
                        search_label=t("本单位人员").to_string()
                        chosen=colleagues
                        multiple=true
                    />
                </div>
                <div class="table-wrap">
                    <table class="data compact">
                        <caption>{t("外请讲师")}</caption>
                        <thead><tr><th scope="col">{t("姓名")}</th><th scope="col">{t("单位")}</th><th scope="col">{t("职务或职称")}</th></tr></thead>
                        <tbody>
                            {(0..rows).map(|i| {
                                let l = outsiders.get(i).cloned().unwrap_or_default();
                                let n = i + 1;
                                let ids = (format!("e-ext-{i}-name"), format!("e-ext-{i}-org"), format!("e-ext-{i}-title"));
                                view! {
                                    <tr>
                                        <td><label class="sr-only" for=ids.0.clone()>{tf("外请讲师 {} 姓名", &[&n])}</label>
                                            <input id=ids.0.clone() name=format!("input[lecturers][{i}][name]") type="text" maxlength="50" value=l.name/></td>
                                        <td><label class="sr-only" for=ids.1.clone()>{tf("外请讲师 {} 单位", &[&n])}</label>
                                            <input id=ids.1.clone() name=format!("input[lecturers][{i}][org]") type="text" maxlength="100" value=l.org/></td>
                                        <td><label class="sr-only" for=ids.2.clone()>{tf("外请讲师 {} 职务或职称", &[&n])}</label>
                                            <input id=ids.2.clone() name=format!("input[lecturers][{i}][title]") type="text" maxlength="50" value=l.title/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="hint">{t("不用的行留空即可；要删去一位外请讲师，清空这一行。")}</p>
                {listed_errors(err.clone(), &["lecturers"])}
            </fieldset>
            {audience}
            {listed_errors(err.clone(), &["audience"])}
            <div class="grid">
                <label class="check" for="e-open">
                    <input id="e-open" type="checkbox" name="input[open_enrolment]" value="true" checked=d.open_enrolment/>{t("允许自愿报名")}
                </label>
                <div class="field"><label for="e-cap">{t("名额（空为按教室容量）")}</label>
                    <input id="e-cap" name="input[capacity]" type="number" min="1" value=d.capacity.map(|c| c.to_string())/>{e("capacity")}</div>
                <div class="field"><label for="e-deadline">{t("报名截止（年-月-日 时:分，空为开课时）")}</label>
                    <input id="e-deadline" name="input[enrol_deadline]" type="text" value=d.enrol_deadline.clone() placeholder="2026-03-05 17:00"/>{e("enrol_deadline")}</div>
            </div>
            <div class="field"><label for="e-materials">{t("课程资料（Markdown）")}</label>
                <textarea id="e-materials" name="input[materials_md]" rows="6">{d.materials_md.clone()}</textarea>{e("materials_md")}</div>
            <div class="field"><label for="e-summary">{t("课程小结（Markdown）")}</label>
                <textarea id="e-summary" name="input[summary_md]" rows="4">{d.summary_md.clone()}</textarea>{e("summary_md")}</div>
            {other_errors(err.clone())}
            <div class="button-row">
                <button type="submit" class="primary">{t("保存")}</button>
                <A href=back attr:class="button">{t("取消")}</A>
            </div>
        </PostForm>
    }
}

// ---- rooms, categories and rules ----------------------------------------------------------------------

#[component]
pub fn RoomsPage() -> impl IntoView {
    view! { <Guarded path="/lectures/rooms" view=rooms_page/> }
}

/// The rooms (a room's form opens with `?edit=<id>`, or `?edit=new`), the categories and the rules.
fn rooms_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("lecture_room_save");
    let editing = use_query_map().with_untracked(|q| q.get("edit")).filter(|_| is_hr);
    let options = Resource::new(|| (), |_| lecture_options());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("教室")}</h1>
                <div class="button-row no-print">
                    <A href="/lectures" attr:class="button">{t("返回日历")}</A>
                    {is_hr.then(|| view! { <A href="/lectures/rooms?edit=new" attr:class="button primary">{t("新增教室")}</A> })}
                </div>
            </div>
            {flash_note("lecture_room_save", "已保存")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let editing = editing.clone();
                    Suspend::new(async move {
                        let o = match options.await {
                            Ok(o) => o,
                            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        let room = match editing.as_deref() {
                            Some("new") => Some(Room { active: true, capacity: 50, ..Default::default() }),
                            Some(id) => o.rooms.iter().find(|r| r.id.to_string() == id).cloned(),
                            None => None,
                        };
                        let rules = o.rules.clone();
                        view! {
                            {room.map(room_form)}
                            {if o.rooms.is_empty() { view! { <p class="empty">{t("还没有教室。")}</p> }.into_any() } else { view! {
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead><tr><th scope="col">{t("名称")}</th><th scope="col">{t("容纳人数")}</th><th scope="col">{t("位置")}</th><th scope="col">{t("状态")}</th>
                                            {is_hr.then(|| view! { <th scope="col">{t("操作")}</th> })}</tr></thead>
                                        <tbody>
                                            {o.rooms.into_iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row" data-label=t("名称") translate="no">{r.name}</th>
                                                    <td data-label=t("容纳人数")>{r.capacity}</td>
                                                    <td data-label=t("位置") translate="no">{r.location}</td>
                                                    <td data-label=t("状态")>{if r.active { t("可用") } else { t("停用") }}</td>
                                                    {is_hr.then(|| view! { <td><A href=format!("/lectures/rooms?edit={}", r.id) attr:class="button small">{t("编辑")}</A></td> })}
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any() }}
                            <h2>{t("课程类别")}</h2>
                            <ul class="tags">{o.categories.into_iter().map(|c| view! { <li translate="no">{c.name}</li> }).collect_view()}</ul>
                            {flash_note("lecture_category_add", "已添加")}
                            {is_hr.then(|| {
                                let err = form_error::<LectureCategoryAdd>();
                                view! {
                                    <PostForm action="/api/lecture_category_add" class="inline-form">
                                        <label for="c-name">{t("新类别")}</label>
                                        <input id="c-name" name="name" type="text" maxlength="20" required/>
                                        <button type="submit">{t("添加")}</button>
                                        {field_error(err.clone(), "name")}
                                        {other_errors(err)}
                                    </PostForm>
                                }
                            })}
                            <h2>{t("学时与签到规则")}</h2>
                            {flash_note("lecture_rules_save", "已保存")}
                            {rules_form(rules, is_hr)}
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

fn room_form(r: Room) -> impl IntoView {
    let err = form_error::<LectureRoomSave>();
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let title = if r.id == 0 { t("新增教室") } else { t("编辑教室") };
    view! {
        <PostForm action="/api/lecture_room_save" class="form boxed" label=title.to_string()>
            <h2>{title}</h2>
            <input type="hidden" name="room[id]" value=r.id.to_string()/>
            <div class="grid">
                <div class="field"><label for="r-name">{t("名称")}</label>
                    <input id="r-name" name="room[name]" type="text" required maxlength="50" value=r.name.clone()/>{e("name")}</div>
                <div class="field"><label for="r-cap">{t("容纳人数")}</label>
                    <input id="r-cap" name="room[capacity]" type="number" min="1" max="5000" required value=r.capacity.to_string()/>{e("capacity")}</div>
                <div class="field"><label for="r-loc">{t("位置")}</label>
                    <input id="r-loc" name="room[location]" type="text" maxlength="100" value=r.location.clone()/>{e("location")}</div>
                <label class="check" for="r-active">
                    <input id="r-active" name="room[active]" type="checkbox" value="true" checked=r.active/>{t("可用")}
                </label>
            </div>
            {other_errors(err.clone())}
            <div class="button-row">
                <button type="submit" class="primary">{t("保存")}</button>
                <A href="/lectures/rooms" attr:class="button">{t("取消")}</A>
            </div>
        </PostForm>
    }
}

/// The rules: a form for HR, the same fields read-only for leaders.
fn rules_form(rules: crate::domain::lectures::LectureRules, editable: bool) -> impl IntoView {
    let err = form_error::<LectureRulesSave>();
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let fields = view! {
        <fieldset disabled=!editable>
            <legend class="sr-only">{t("学时与签到规则")}</legend>
            <div class="grid">
                <div class="field"><label for="rl-mph">{t("每学时分钟数")}</label>
                    <input id="rl-mph" name="rules[minutes_per_hour]" type="number" min="15" max="120" required value=rules.minutes_per_hour.to_string()/>{e("minutes_per_hour")}</div>
                <div class="field"><label for="rl-grace">{t("迟到宽限（分钟）")}</label>
                    <input id="rl-grace" name="rules[late_grace_minutes]" type="number" min="0" max="120" required value=rules.late_grace_minutes.to_string()/>{e("late_grace_minutes")}</div>
                <div class="field"><label for="rl-opens">{t("开课前多少分钟开放签到")}</label>
                    <input id="rl-opens" name="rules[checkin_opens_minutes]" type="number" min="0" max="240" required value=rules.checkin_opens_minutes.to_string()/>{e("checkin_opens_minutes")}</div>
                <label class="check" for="rl-late">
                    <input id="rl-late" name="rules[late_earns_hours]" type="checkbox" value="true" checked=rules.late_earns_hours/>{t("迟到也计学时")}
                </label>
            </div>
        </fieldset>
    };
    if editable {
        view! {
            <PostForm action="/api/lecture_rules_save" class="form">
                {fields}
                {other_errors(err.clone())}
                <div class="button-row"><button type="submit">{t("保存规则")}</button></div>
            </PostForm>
        }
        .into_any()
    } else {
        view! { <div class="form">{fields}</div> }.into_any()
    }
}

// ---- holidays --------------------------------------------------------------------------------------

#[component]
pub fn HolidaysPage() -> impl IntoView {
    view! { <Guarded path="/lectures/holidays" view=holidays_page/> }
}

/// The years kept; a year's 编辑 opens the form below filled with it (`?year=`).
fn holidays_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("holiday_year_save");
    let data = Resource::new(|| (), |_| holiday_calendar());
    let chosen: Option<i32> = use_query_map().with_untracked(|q| q.get("year")).and_then(|y| y.parse().ok());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("节假日与调休")}</h1>
                <A href="/lectures" attr:class="button">{t("返回日历")}</A>
            </div>
            <p class="hint">{t("按国务院办公厅每年发布的放假安排维护。课程排期和“N 个工作日”均按此计算；尚未录入的年份按法定节假日（元旦、春节、清明、劳动节、端午、中秋、国庆）推算，不含调休，结果旁标注“推算”。")}</p>
            {flash_note("holiday_year_save", "已保存")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await {
                        Ok(v) => v,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let editing = chosen.and_then(|y| v.years.iter().chain(&v.estimated).find(|c| c.year == y).cloned());
                    let missing = v.missing.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(t("、"));
                    view! {
                        {(!v.missing.is_empty()).then(|| view! {
                            <div class="alert warning" role="alert" data-testid="calendar-missing">
                                {tf("尚未录入 {} 年的放假安排：这些年份暂按法定节假日推算（不含调休），请在通知发布后录入。", &[&missing])}
                            </div>
                        })}
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr><th scope="col">{t("年份")}</th><th scope="col">{t("放假日期")}</th><th scope="col">{t("调休上班日期")}</th><th scope="col">{t("维护")}</th>
                                    {is_hr.then(|| view! { <th scope="col">{t("操作")}</th> })}</tr></thead>
                                <tbody>
                                    {v.years.into_iter().map(|y| view! {
                                        <tr>
                                            <th scope="row" data-label=t("年份")>{y.year}</th>
                                            <td data-label=t("放假日期")>{tf("{}（{} 天）", &[&y.holidays, &y.holiday_count])}</td>
                                            <td data-label=t("调休上班日期")>{tf("{}（{} 天）", &[&y.workdays, &y.workday_count])}</td>
                                            <td data-label=t("维护") translate="no">{if y.updated_at.is_empty() { y.updated_by.clone() } else { format!("{} {}", y.updated_by, y.updated_at) }}</td>
                                            {is_hr.then(|| view! { <td><A href=format!("/lectures/holidays?year={}#holiday-form", y.year) attr:class="button small">{t("编辑")}</A></td> })}
                                        </tr>
                                    }).collect_view()}
                                    {v.estimated.into_iter().map(|y| view! {
                                        <tr class="estimated" data-testid="estimated-year">
                                            <th scope="row" data-label=t("年份")>{y.year}" "<span class="tag">{t("推算")}</span></th>
                                            <td data-label=t("放假日期")>{tf("{}（{} 天）", &[&y.holidays, &y.holiday_count])}</td>
                                            <td data-label=t("调休上班日期")>{t("未知（待通知发布）")}</td>
                                            <td data-label=t("维护")>{t("按法定节假日推算")}</td>
                                            {is_hr.then(|| view! { <td><A href=format!("/lectures/holidays?year={}#holiday-form", y.year) attr:class="button small">{t("录入")}</A></td> })}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {is_hr.then(|| holiday_form(chosen, editing))}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

fn holiday_form(year: Option<i32>, y: Option<crate::model::CalendarYearView>) -> impl IntoView {
    let err = form_error::<HolidayYearSave>();
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let (holidays, workdays) = y.map(|y| (y.holidays, y.workdays)).unwrap_or_default();
    view! {
        <PostForm action="/api/holiday_year_save" class="form boxed" id="holiday-form">
            <h2>{t("新增或修改一年")}</h2>
            <div class="field"><label for="h-year">{t("年份")}</label>
                <input id="h-year" name="year" type="number" min="2000" max="2100" required value=year.map(|y| y.to_string())/>{e("year")}</div>
            <div class="field"><label for="h-off">{crate::components::with_terms("放假日期（可直接粘贴通知原文中的日期，如“1月1日至3日”“2月15日–23日”）")}</label>
                <textarea id="h-off" name="holidays" rows="3">{holidays}</textarea>{e("holidays")}</div>
            <div class="field"><label for="h-work">{t("调休上班日期（周末上班的日子）")}</label>
                <textarea id="h-work" name="workdays" rows="2">{workdays}</textarea>{e("workdays")}</div>
            {other_errors(err.clone())}
            <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
        </PostForm>
    }
}

// ---- leave approvals ----------------------------------------------------------------------------------

#[component]
pub fn LeaveQueuePage() -> impl IntoView {
    view! { <Guarded path="/lectures/leave" view=leave_page/> }
}

/// Requests waiting for a decision (or decided): each pending row is its own small form, 批准 at
/// once and 不批准 after a confirmation.
fn leave_page(_u: CurrentUser) -> impl IntoView {
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let list = Resource::new(|| (), move |_| lecture_leave_queue(!done));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("请假审批")}</h1>
                <A href="/lectures" attr:class="button">{t("返回日历")}</A>
            </div>
            <nav class="tabs" aria-label=t("申请状态")>
                <A href="/lectures/leave" attr:class=if done { "tab" } else { "tab active" } attr:aria-current=(!done).then_some("page")>{t("待审批")}</A>
                <A href="/lectures/leave?done=1" attr:class=if done { "tab active" } else { "tab" } attr:aria-current=done.then_some("page")>{t("已处理")}</A>
            </nav>
            {flash_note("lecture_leave_decide", "已处理")}
            {form_error::<LectureLeaveDecide>().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
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
                                        let note_id = format!("note-{id}");
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t("申请人") translate="no">{l.person_name.clone()}</th>
                                                <td data-label=t("部室") translate="no">{l.unit_name}</td>
                                                <td data-label=t("课程")><A href=format!("/lectures/{}", l.session_id)>{format!("{} ", l.session_time)}<span translate="no">{l.session_title}</span></A></td>
                                                <td data-label=t("事由")>{l.reason}</td>
                                                <td data-label=t("提交时间")>{l.created_at}</td>
                                                <td data-label=t("处理")>
                                                    {if pending && may { view! {
                                                        <form method="post" action="/api/lecture_leave_decide" class="decide">
                                                            <input type="hidden" name="id" value=id.to_string()/>
                                                            <label class="sr-only" for=note_id.clone()>{t("意见（可选）")}</label>
                                                            <input id=note_id.clone() type="text" name="note" maxlength="200" placeholder=t("意见（可选）")/>
                                                            <button type="submit" class="small primary" name="approve" value="true">{t("批准")}</button>
                                                            <Confirm label="不批准" question=t("确定不批准这项请假吗？") yes="不批准" name="approve" value="false" danger=true/>
                                                        </form>
                                                    }.into_any() } else { view! {
                                                        <span>{match l.status.as_str() { "approved" => t("已批准"), "rejected" => t("未批准"), _ => t("待审批") }}
                                                            {(!l.decided_by.is_empty()).then(|| view! { " " <span translate="no">{tf("（{}）", &[&format!("{} {}", l.decided_by, l.decided_at)])}</span> })}</span>
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
            </Suspense>
        </section>
    }
}
