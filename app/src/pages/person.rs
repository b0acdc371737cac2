use crate::api::roster::{person_get, person_history, person_reveal_id, person_save, unit_options, PersonAppointment, PersonInput};
use crate::components::{confirm, field_error, ErrorBox, Guarded, Loading};
use crate::domain::roster::{
    PersonFields, CIVIL_RANKS, DEGREES, EDUCATION, ESTABLISHMENTS, ETHNICITIES, LEVELS, POLITICAL, POST_CATEGORIES, STATUSES,
};
use crate::error::AppError;
use crate::i18n::{age_text, t, tr, use_locale};
use crate::model::{CurrentUser, Locale, PersonRecord, UnitOption};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The record as a definition list, grouped like the paper 干部信息 form. Shared with 我的.
pub fn record_view(p: &PersonRecord) -> impl IntoView {
    let f = &p.fields;
    let en = use_locale() == Locale::En;
    let edu = |level: &str, degree: &str, school: &str, major: &str| {
        [level, degree, school, major].iter().filter(|s| !s.is_empty() && **s != "无").cloned().collect::<Vec<_>>().join(" · ")
    };
    let groups: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "基本信息",
            vec![
                ("姓名", f.name.clone()),
                ("性别", f.sex.clone()),
                ("民族", f.ethnicity.clone()),
                ("出生日期", if en { format!("{} (age {})", f.birth_date, p.age) } else { format!("{}（{} 岁）", f.birth_date, p.age) }),
                ("籍贯", f.native_place.clone()),
                ("出生地", f.birth_place.clone()),
                ("身份证号", p.id_masked.clone()),
                ("政治面貌", f.political_status.clone()),
                ("入党时间", f.party_date.clone()),
                ("联系电话", f.phone.clone()),
            ],
        ),
        (
            "工作经历",
            vec![
                ("参加工作时间", f.work_start.clone()),
                ("进入本单位时间", f.join_unit_date.clone()),
                ("编制类别", f.establishment.clone()),
                (
                    "人员状态",
                    if f.status_date.is_empty() {
                        f.status.clone()
                    } else if en {
                        format!("{} ({})", f.status, f.status_date)
                    } else {
                        format!("{}（{}）", f.status, f.status_date)
                    },
                ),
                (
                    "预计退休",
                    if p.retirement_date.is_empty() {
                        String::new()
                    } else if en {
                        format!("{} (retirement age {})", p.retirement_date, age_text(&p.retirement_age))
                    } else {
                        format!("{}（{}）", p.retirement_date, p.retirement_age)
                    },
                ),
            ],
        ),
        (
            "职务职级",
            vec![
                ("部室", p.unit_name.clone()),
                ("现职务", f.position.clone()),
                ("职务层次", f.level.clone()),
                ("任现职时间", f.position_date.clone()),
                ("职级", f.civil_rank.clone()),
                ("任现职级时间", f.rank_date.clone()),
                ("岗位类别", f.post_category.clone()),
                ("岗位等级", f.post_grade.clone()),
                ("专业技术职务", f.professional_title.clone()),
            ],
        ),
        (
            "学历学位",
            vec![
                ("全日制", edu(&f.edu_full, &f.degree_full, &f.school_full, &f.major_full)),
                ("在职", edu(&f.edu_part, &f.degree_part, &f.school_part, &f.major_part)),
            ],
        ),
        ("备注", vec![("备注", f.remarks.clone())]),
    ];
    view! {
        <div class="record-groups">
            {groups.into_iter().map(|(title, items)| view! {
                <section class="record-group">
                    <h2>{t(title)}</h2>
                    <dl class="record">
                        {items.into_iter().map(|(k, v)| view! {
                            // 在职 here is part-time (in-service) education, not the personnel status.
                            <dt>{if k == "在职" { if en { "Part-time (in service)" } else { "在职" } } else { t(k) }}</dt>
                            <dd data-field=k>{if v.is_empty() { "—".to_string() } else { v }}</dd>
                        }).collect_view()}
                    </dl>
                </section>
            }).collect_view()}
        </div>
    }
}

fn param_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse().ok())))
}

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=person_page/> }
}

fn person_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("person_save");
    let id = param_id();
    // Blocking, so a missing or out-of-scope person answers HTTP 404 before any HTML is sent.
    let record = Resource::new_blocking(move || id.get(), |id| async move { person_get(id.ok_or(AppError::NotFound)?).await });
    let history = Resource::new(move || id.get(), |id| async move { person_history(id.ok_or(AppError::NotFound)?).await });
    let reveal = Action::new(move |_: &()| async move { person_reveal_id(id.get_untracked().unwrap_or(0)).await });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(p) => view! {
                        <section class="panel">
                            <div class="panel-head">
                                <h1>{p.fields.name.clone()}<span class="muted">" · "{p.unit_name.clone()}</span></h1>
                                <div class="button-row">
                                    <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                                    {is_hr.then(|| view! {
                                        <button type="button" on:click=move |_| {
                                            if confirm(t("查看完整身份证号将记入审计日志。确定查看吗？")) { reveal.dispatch(()); }
                                        }>{t("查看完整身份证号")}</button>
                                        <A href=format!("/roster/edit/{}", p.id) attr:class="button primary">{t("修改")}</A>
                                    })}
                                </div>
                            </div>
                            {move || reveal.value().get().map(|r| match r {
                                Ok(full) => view! { <div class="alert info" role="status">{t("完整身份证号：")} <span class="mono" data-testid="full-id">{full}</span></div> }.into_any(),
                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                            })}
                            {record_view(&p)}
                        </section>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel">
            <h2>{t("变更记录")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t("暂无变更记录。")}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="data history">
                                    <thead><tr><th scope="col">{t("时间")}</th><th scope="col">{t("操作人")}</th><th scope="col">{t("操作")}</th><th scope="col">{t("变更内容")}</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().rev().map(|h| view! {
                                            <tr>
                                                <td data-label=t("时间")>{h.at}</td>
                                                <td data-label=t("操作人")>{h.actor}</td>
                                                <td data-label=t("操作")>{tr(&h.action).to_string()}</td>
                                                <td data-label=t("变更内容")>
                                                    <ul class="changes">
                                                        {h.changes.into_iter().map(|(k, b, a)| view! {
                                                            <li><strong>{tr(&k).to_string()}</strong>{t("：")}{if b.is_empty() { String::new() } else { format!("{b} → ") }}{a}</li>
                                                        }).collect_view()}
                                                    </ul>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn PersonNewPage() -> impl IntoView {
    view! { <Guarded path="/roster/new" view=new_page/> }
}

fn new_page(_u: CurrentUser) -> impl IntoView {
    // Resources first, then one Suspend that awaits them (the rule is on `Guarded`).
    let units = Resource::new(|| (), |_| unit_options());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(units) => view! { <PersonForm initial=None units/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PersonEditPage() -> impl IntoView {
    view! { <Guarded path="/roster/edit" view=edit_page/> }
}

fn edit_page(_u: CurrentUser) -> impl IntoView {
    let id = param_id();
    let record = Resource::new_blocking(move || id.get(), |id| async move { person_get(id.ok_or(AppError::NotFound)?).await });
    // Created here, not in the form: the form is rendered from inside a Suspend body, where a
    // resource would take a different id on the server than in the browser (the rule is on
    // `Guarded`). This was the cause of the edit page's intermittent hydration panic.
    let units = Resource::new(|| (), |_| unit_options());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match (record.await, units.await) {
                    (Ok(p), Ok(units)) => view! { <PersonForm initial=Some(p) units/> }.into_any(),
                    (Err(AppError::NotFound), _) => view! { <crate::components::NotFound/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

type Getter = fn(&mut PersonFields) -> &mut String;

/// The whole record form. Every field is labelled; errors from the server appear under the
/// field they concern; nothing typed is lost on an error. It takes resolved data only and creates
/// no resources or Suspense boundaries, so it may be rendered from inside a Suspend body.
#[component]
fn PersonForm(initial: Option<PersonRecord>, units: Vec<UnitOption>) -> impl IntoView {
    let editing = initial.as_ref().map(|p| p.id);
    let masked = initial.as_ref().map(|p| p.id_masked.clone()).unwrap_or_default();
    let original = StoredValue::new(initial.as_ref().map(|p| p.fields.clone()));
    let a_kind = RwSignal::new("转任".to_string());
    let a_date = RwSignal::new(crate::domain::time::today_china(chrono::Utc::now()).to_string());
    let a_doc = RwSignal::new(String::new());
    let a_by = RwSignal::new(String::new());
    let fields = RwSignal::new(initial.map(|p| p.fields).unwrap_or_else(|| PersonFields {
        sex: "男".into(),
        ethnicity: "汉族".into(),
        political_status: "群众".into(),
        establishment: "事业编制".into(),
        status: "在职".into(),
        level: "科员".into(),
        ..Default::default()
    }));
    let id_number = RwSignal::new(String::new());
    let navigate = use_navigate();
    let save = Action::new(move |input: &PersonInput| {
        let input = input.clone();
        async move { person_save(input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(pid)) = save.value().get() {
            navigate(&format!("/roster/{pid}"), Default::default());
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    // Post, level, 部室 or 任现职时间 changed on an existing record: that is an appointment.
    let appointment_changed = move || {
        original.with_value(|o| {
            o.as_ref().is_some_and(|o| {
                fields.with(|f| {
                    f.position != o.position || f.level != o.level || f.unit_id != o.unit_id || f.position_date != o.position_date
                })
            })
        })
    };

    let text = move |field: &'static str, label: &'static str, get: Getter, kind: &'static str| {
        let id = format!("p-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <input id=id type=kind
                    prop:value=move || fields.with(|f| { let mut c = f.clone(); get(&mut c).clone() })
                    on:input=move |ev| { let v = event_target_value(&ev); fields.update(|f| *get(f) = v); }/>
                {move || field_error(err(), field)}
            </div>
        }
    };
    let choice = move |field: &'static str, label: &'static str, get: Getter, options: &'static [&'static str], blank: bool| {
        let id = format!("p-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <select id=id
                    prop:value=move || fields.with(|f| { let mut c = f.clone(); get(&mut c).clone() })
                    on:change=move |ev| { let v = event_target_value(&ev); fields.update(|f| *get(f) = v); }>
                    {blank.then(|| view! { <option value="">{t("（无）")}</option> })}
                    {options.iter().map(|o| view! { <option value=*o>{t(o)}</option> }).collect_view()}
                </select>
                {move || field_error(err(), field)}
            </div>
        }
    };

    view! {
        <form class="panel person-form" on:submit=move |ev| {
            ev.prevent_default();
            let appointment = appointment_changed().then(|| PersonAppointment {
                kind: a_kind.get_untracked(),
                effective_date: a_date.get_untracked(),
                doc_no: a_doc.get_untracked(),
                decided_by: a_by.get_untracked(),
            });
            save.dispatch(PersonInput { id: editing, fields: fields.get_untracked(), id_number: id_number.get_untracked(), appointment });
        }>
            <h1>{if editing.is_some() { t("修改人员信息") } else { t("新增人员") }}</h1>
            <fieldset>
                <legend>{t("基本信息")}</legend>
                <div class="grid">
                    {text("name", "姓名", |f| &mut f.name, "text")}
                    {choice("sex", "性别", |f| &mut f.sex, &["男", "女"], false)}
                    {choice("ethnicity", "民族", |f| &mut f.ethnicity, ETHNICITIES, false)}
                    {text("birth_date", "出生日期", |f| &mut f.birth_date, "date")}
                    <div class="field">
                        <label for="p-id_number">{t("身份证号")}</label>
                        <input id="p-id_number" type="text" autocomplete="off" spellcheck="false" maxlength="20"
                            placeholder=if masked.is_empty() { t("18 位").to_string() } else { format!("{masked}{}", t("（不修改请留空）")) }
                            bind:value=id_number/>
                        {move || field_error(err(), "id_number")}
                    </div>
                    {text("native_place", "籍贯", |f| &mut f.native_place, "text")}
                    {text("birth_place", "出生地", |f| &mut f.birth_place, "text")}
                    {choice("political_status", "政治面貌", |f| &mut f.political_status, POLITICAL, false)}
                    {text("party_date", "入党时间", |f| &mut f.party_date, "date")}
                    {text("phone", "联系电话", |f| &mut f.phone, "tel")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("工作与编制")}</legend>
                <div class="grid">
                    {text("work_start", "参加工作时间", |f| &mut f.work_start, "date")}
                    {text("join_unit_date", "进入本单位时间", |f| &mut f.join_unit_date, "date")}
                    {choice("establishment", "编制类别", |f| &mut f.establishment, ESTABLISHMENTS, false)}
                    {choice("status", "人员状态", |f| &mut f.status, STATUSES, false)}
                    {text("status_date", "状态变动日期", |f| &mut f.status_date, "date")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("职务职级")}</legend>
                <div class="grid">
                    <div class="field">
                        <label for="p-unit_id">{t("部室")}</label>
                        <select id="p-unit_id" prop:value=move || fields.with(|f| f.unit_id.to_string())
                            on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); fields.update(|f| f.unit_id = v); }>
                            <option value="0">{t("请选择")}</option>
                            {crate::components::unit_options_view(units)}
                        </select>
                        {move || field_error(err(), "unit_id")}
                    </div>
                    {text("position", "现职务", |f| &mut f.position, "text")}
                    {choice("level", "职务层次", |f| &mut f.level, LEVELS, false)}
                    {text("position_date", "任现职时间", |f| &mut f.position_date, "date")}
                    {choice("civil_rank", "职级", |f| &mut f.civil_rank, CIVIL_RANKS, true)}
                    {text("rank_date", "任现职级时间", |f| &mut f.rank_date, "date")}
                    {choice("post_category", "岗位类别", |f| &mut f.post_category, POST_CATEGORIES, true)}
                    {text("post_grade", "岗位等级", |f| &mut f.post_grade, "text")}
                    {text("professional_title", "专业技术职务", |f| &mut f.professional_title, "text")}
                </div>
            </fieldset>
            {move || appointment_changed().then(|| view! {
                <fieldset class="appointment-note">
                    <legend>{t("任免信息")}</legend>
                    <p class="hint">{t("职务、职务层次、部室或任现职时间有变动，将作为一条任免记录写入任免历史（生效日期即任现职时间）。")}</p>
                    <div class="grid">
                        <div class="field">
                            <label for="p-a-kind">{t("任免类别")}</label>
                            <select id="p-a-kind" prop:value=move || a_kind.get() on:change=move |ev| a_kind.set(event_target_value(&ev))>
                                {crate::domain::posts::FORM_KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                            </select>
                            {move || field_error(err(), "appointment_kind")}
                        </div>
                        <div class="field"><label for="p-a-date">{t("生效日期")}</label><input id="p-a-date" type="date" bind:value=a_date/>{move || field_error(err(), "appointment_date")}</div>
                        <div class="field"><label for="p-a-doc">{t("任免文号")}</label><input id="p-a-doc" type="text" maxlength="60" bind:value=a_doc/>{move || field_error(err(), "appointment_doc")}</div>
                        <div class="field"><label for="p-a-by">{t("决定机关")}</label><input id="p-a-by" type="text" maxlength="40" bind:value=a_by/></div>
                    </div>
                    {move || field_error(err(), "appointment")}
                </fieldset>
            })}
            <fieldset>
                <legend>{t("学历学位")}</legend>
                <div class="grid">
                    {choice("edu_full", "全日制学历", |f| &mut f.edu_full, EDUCATION, true)}
                    {choice("degree_full", "全日制学位", |f| &mut f.degree_full, DEGREES, true)}
                    {text("school_full", "全日制毕业院校", |f| &mut f.school_full, "text")}
                    {text("major_full", "全日制专业", |f| &mut f.major_full, "text")}
                    {choice("edu_part", "在职学历", |f| &mut f.edu_part, EDUCATION, true)}
                    {choice("degree_part", "在职学位", |f| &mut f.degree_part, DEGREES, true)}
                    {text("school_part", "在职毕业院校", |f| &mut f.school_part, "text")}
                    {text("major_part", "在职专业", |f| &mut f.major_part, "text")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("备注")}</legend>
                {text("remarks", "备注", |f| &mut f.remarks, "text")}
            </fieldset>
            {move || err().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })}
            {move || err().filter(|e| matches!(e, AppError::Invalid(_))).map(|_| view! { <div class="alert error" role="alert">{t("请更正标出的项目后再保存。")}</div> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
                <A href=editing.map(|i| format!("/roster/{i}")).unwrap_or_else(|| "/roster".into())>{t("取消")}</A>
            </div>
        </form>
    }
}
