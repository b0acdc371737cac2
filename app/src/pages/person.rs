use crate::api::admin::{shown_token, take_shown};
use crate::api::roster::{person_get, person_history, unit_options, PersonRevealId, PersonSave, RevealedId};
use crate::components::{field_error, flash_note, form_error, other_errors, path_id, Confirm, ErrorBox, Guarded, Loading, PostForm};
use crate::domain::roster::{
    PersonFields, CIVIL_RANKS, DEGREES, EDUCATION, ESTABLISHMENTS, ETHNICITIES, LEVELS, POLITICAL, POST_CATEGORIES, STATUSES,
};
use crate::error::AppError;
use crate::i18n::{age_text, t, tr, use_locale};
use crate::model::{CurrentUser, Locale, PersonRecord, UnitOption};
use leptos::prelude::*;
use leptos_router::components::A;

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

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=person_page/> }
}

fn person_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("person_save");
    let may_reveal = u.may("person_reveal_id");
    let id = path_id();
    let record = Resource::new(|| (), move |_| async move { person_get(id.ok_or(AppError::NotFound)?).await });
    let history = Resource::new(|| (), move |_| async move { person_history(id.ok_or(AppError::NotFound)?).await });
    // The full number after an audited reveal (a POST): shown on this page load only.
    let token = shown_token();
    let asked = token.is_some();
    let revealed = Resource::new(|| (), move |_| take_shown::<RevealedId>(token.clone(), "person_reveal_id"));
    let reveal_error = form_error::<PersonRevealId>();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let reveal_error = reveal_error.clone();
                Suspend::new(async move {
                    let shown = revealed.await.ok().flatten().filter(|r| Some(r.person_id) == id);
                    match record.await {
                        Ok(p) => view! {
                            <section class="panel">
                                <div class="panel-head">
                                    <h1><span translate="no">{p.fields.name.clone()}</span><span class="muted">" · "<span translate="no">{p.unit_name.clone()}</span></span></h1>
                                    <div class="button-row">
                                        <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                                        {may_reveal.then(|| view! {
                                            // A POST (no link can trigger it), asked first, audited on the server.
                                            <form method="post" action="/api/person_reveal_id" class="inline">
                                                <input type="hidden" name="id" value=p.id.to_string()/>
                                                <Confirm label="查看完整身份证号" question=t("查看完整身份证号将记入审计日志。确定查看吗？") yes="查看" testid="reveal-id"/>
                                            </form>
                                        })}
                                        {is_hr.then(|| view! { <A href=format!("/roster/edit/{}", p.id) attr:class="button primary">{t("修改")}</A> })}
                                    </div>
                                </div>
                                {flash_note("person_save", "已保存")}
                                {reveal_error.map(|e| view! { <ErrorBox error=e/> })}
                                {match shown {
                                    Some(r) => view! {
                                        <div class="alert info" role="status">
                                            {t("完整身份证号：")}<span class="mono" data-testid="full-id">{r.id_number}</span>
                                            <span class="hint">" "{t("（只显示这一次，已记入审计日志）")}</span>
                                        </div>
                                    }.into_any(),
                                    None if asked => view! {
                                        <p class="alert" role="status">{t("完整身份证号只显示一次。如需再次查看，请重新点击「查看完整身份证号」。")}</p>
                                    }.into_any(),
                                    None => ().into_any(),
                                }}
                                {record_view(&p)}
                            </section>
                        }.into_any(),
                        Err(AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })
            }}
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
    let units = Resource::new(|| (), |_| unit_options());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(units) => person_form(None, units).into_any(),
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
    let id = path_id();
    let record = Resource::new(|| (), move |_| async move { person_get(id.ok_or(AppError::NotFound)?).await });
    let units = Resource::new(|| (), |_| unit_options());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match (record.await, units.await) {
                    (Ok(p), Ok(units)) => person_form(Some(p), units).into_any(),
                    (Err(AppError::NotFound), _) => view! { <crate::components::NotFound/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A text (or date, phone) field of the record, named as `PersonInput` reads it.
fn text_field(err: Option<AppError>, field: &'static str, label: &'static str, value: &str, kind: &'static str) -> impl IntoView {
    let id = format!("p-{field}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input id=id name=format!("input[fields][{field}]") type=kind value=value.to_string()/>
            {field_error(err, field)}
        </div>
    }
}

/// A field with a fixed list of values. A stored value outside the list stays a choice, so saving
/// the form never changes what nobody touched.
fn choice_field(
    err: Option<AppError>,
    field: &'static str,
    label: &'static str,
    value: &str,
    options: &'static [&'static str],
    blank: bool,
) -> impl IntoView {
    let id = format!("p-{field}");
    let extra = (!value.is_empty() && !options.contains(&value)).then(|| value.to_string());
    let value = value.to_string();
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id name=format!("input[fields][{field}]")>
                {blank.then(|| view! { <option value="" selected=value.is_empty()>{t("（无）")}</option> })}
                {extra.map(|v| view! { <option value=v.clone() selected=true>{v.clone()}</option> })}
                {options.iter().map(|o| view! { <option value=*o selected=*o == value>{t(o)}</option> }).collect_view()}
            </select>
            {field_error(err, field)}
        </div>
    }
}

/// The whole record form, a plain form posting `PersonInput` (with the browser's code, errors
/// appear beside their fields and nothing typed is lost). On an existing record, a change of post,
/// level, 部室 or 任现职时间 is an appointment: its fields are always there, and the server asks for
/// them only when one of those changed.
fn person_form(initial: Option<PersonRecord>, units: Vec<UnitOption>) -> impl IntoView {
    let err = form_error::<PersonSave>();
    let editing = initial.as_ref().map(|p| p.id);
    let masked = initial.as_ref().map(|p| p.id_masked.clone()).unwrap_or_default();
    let f = initial.map(|p| p.fields).unwrap_or_else(|| PersonFields {
        sex: "男".into(),
        ethnicity: "汉族".into(),
        political_status: "群众".into(),
        establishment: "事业编制".into(),
        status: "在职".into(),
        level: "科员".into(),
        ..Default::default()
    });
    let unit = f.unit_id;
    let appointment = editing.is_some().then(|| {
        view! {
            <fieldset class="appointment-note">
                <legend>{t("任免信息")}</legend>
                <p class="hint" id="p-a-hint">{t("仅当职务、职务层次、部室或任现职时间有变动时填写：变动将作为一条任免记录写入任免历史（生效日期即任现职时间）。")}</p>
                <div class="grid">
                    <div class="field">
                        <label for="p-a-kind">{t("任免类别")}</label>
                        <select id="p-a-kind" name="input[appointment][kind]" aria-describedby="p-a-hint">
                            <option value="">{t("请选择")}</option>
                            {crate::domain::posts::FORM_KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                        </select>
                        {field_error(err.clone(), "kind")}
                    </div>
                    <div class="field">
                        <label for="p-a-date">{t("生效日期")}</label>
                        <input id="p-a-date" name="input[appointment][effective_date]" type="date" aria-describedby="p-a-hint"/>
                        {field_error(err.clone(), "effective_date")}
                    </div>
                    <div class="field">
                        <label for="p-a-doc">{t("任免文号")}</label>
                        <input id="p-a-doc" name="input[appointment][doc_no]" type="text" maxlength="60" aria-describedby="p-a-hint"/>
                        {field_error(err.clone(), "doc_no")}
                    </div>
                    <div class="field">
                        <label for="p-a-by">{t("决定机关")}</label>
                        <input id="p-a-by" name="input[appointment][decided_by]" type="text" maxlength="40" aria-describedby="p-a-hint"/>
                        {field_error(err.clone(), "decided_by")}
                    </div>
                </div>
                {field_error(err.clone(), "appointment")}
            </fieldset>
        }
    });
    view! {
        <PostForm action="/api/person_save" class="panel person-form">
            <h1>{if editing.is_some() { t("修改人员信息") } else { t("新增人员") }}</h1>
            {editing.map(|id| view! { <input type="hidden" name="input[id]" value=id.to_string()/> })}
            <fieldset>
                <legend>{t("基本信息")}</legend>
                <div class="grid">
                    {text_field(err.clone(), "name", "姓名", &f.name, "text")}
                    {choice_field(err.clone(), "sex", "性别", &f.sex, &["男", "女"], false)}
                    {choice_field(err.clone(), "ethnicity", "民族", &f.ethnicity, ETHNICITIES, false)}
                    {text_field(err.clone(), "birth_date", "出生日期", &f.birth_date, "date")}
                    <div class="field">
                        <label for="p-id_number">{t("身份证号")}</label>
                        <input id="p-id_number" name="input[id_number]" type="text" autocomplete="off" spellcheck="false" maxlength="20"
                            required=editing.is_none()
                            placeholder=if masked.is_empty() { t("18 位").to_string() } else { format!("{masked}{}", t("（不修改请留空）")) }/>
                        {field_error(err.clone(), "id_number")}
                    </div>
                    {text_field(err.clone(), "native_place", "籍贯", &f.native_place, "text")}
                    {text_field(err.clone(), "birth_place", "出生地", &f.birth_place, "text")}
                    {choice_field(err.clone(), "political_status", "政治面貌", &f.political_status, POLITICAL, false)}
                    {text_field(err.clone(), "party_date", "入党时间", &f.party_date, "date")}
                    {text_field(err.clone(), "phone", "联系电话", &f.phone, "tel")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("工作与编制")}</legend>
                <div class="grid">
                    {text_field(err.clone(), "work_start", "参加工作时间", &f.work_start, "date")}
                    {text_field(err.clone(), "join_unit_date", "进入本单位时间", &f.join_unit_date, "date")}
                    {choice_field(err.clone(), "establishment", "编制类别", &f.establishment, ESTABLISHMENTS, false)}
                    {choice_field(err.clone(), "status", "人员状态", &f.status, STATUSES, false)}
                    {text_field(err.clone(), "status_date", "状态变动日期", &f.status_date, "date")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("职务职级")}</legend>
                <div class="grid">
                    <div class="field">
                        <label for="p-unit_id">{t("部室")}</label>
                        <select id="p-unit_id" name="input[fields][unit_id]">
                            <option value="0">{t("请选择")}</option>
                            {units.into_iter().map(|u| view! {
                                <option value=u.id.to_string() selected=u.id == unit>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option>
                            }).collect_view()}
                        </select>
                        {field_error(err.clone(), "unit_id")}
                    </div>
                    {text_field(err.clone(), "position", "现职务", &f.position, "text")}
                    {choice_field(err.clone(), "level", "职务层次", &f.level, LEVELS, false)}
                    {text_field(err.clone(), "position_date", "任现职时间", &f.position_date, "date")}
                    {choice_field(err.clone(), "civil_rank", "职级", &f.civil_rank, CIVIL_RANKS, true)}
                    {text_field(err.clone(), "rank_date", "任现职级时间", &f.rank_date, "date")}
                    {choice_field(err.clone(), "post_category", "岗位类别", &f.post_category, POST_CATEGORIES, true)}
                    {text_field(err.clone(), "post_grade", "岗位等级", &f.post_grade, "text")}
                    {text_field(err.clone(), "professional_title", "专业技术职务", &f.professional_title, "text")}
                </div>
            </fieldset>
            {appointment}
            <fieldset>
                <legend>{t("学历学位")}</legend>
                <div class="grid">
                    {choice_field(err.clone(), "edu_full", "全日制学历", &f.edu_full, EDUCATION, true)}
                    {choice_field(err.clone(), "degree_full", "全日制学位", &f.degree_full, DEGREES, true)}
                    {text_field(err.clone(), "school_full", "全日制毕业院校", &f.school_full, "text")}
                    {text_field(err.clone(), "major_full", "全日制专业", &f.major_full, "text")}
                    {choice_field(err.clone(), "edu_part", "在职学历", &f.edu_part, EDUCATION, true)}
                    {choice_field(err.clone(), "degree_part", "在职学位", &f.degree_part, DEGREES, true)}
                    {text_field(err.clone(), "school_part", "在职毕业院校", &f.school_part, "text")}
                    {text_field(err.clone(), "major_part", "在职专业", &f.major_part, "text")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("备注")}</legend>
                {text_field(err.clone(), "remarks", "备注", &f.remarks, "text")}
            </fieldset>
            {other_errors(err.clone())}
            {err.as_ref().filter(|e| matches!(e, AppError::Invalid(_))).map(|_| view! { <div class="alert error" role="alert">{t("请更正标出的项目后再保存。")}</div> })}
            <div class="button-row">
                <button type="submit" class="primary">{t("保存")}</button>
                <A href=editing.map(|i| format!("/roster/{i}")).unwrap_or_else(|| "/roster".into())>{t("取消")}</A>
            </div>
        </PostForm>
    }
}
