//! 部室与编制: each unit's 编制数 against its active staff and its 领导职数 against the leaders in
//! post; HR adds and edits units with a plain form (`?new=1`, `?edit=<id>`).

use crate::api::roster::{staffing, UnitSave};
use crate::components::{field_error, flash_note, form_error, other_errors, ErrorBox, Guarded, Loading, PostForm, PrintButton};
use crate::domain::roster::{ESTABLISHMENTS, LEADER_LEVELS};
use crate::error::AppError;
use crate::i18n::{t, tf, tr};
use crate::model::{CurrentUser, QuotaLine, UnitStaffing};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnitsPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=units_page/> }
}

fn diff_cell(approved: i64, actual: i64) -> impl IntoView {
    let d = actual - approved;
    let (class, text) = if approved == 0 && actual == 0 {
        ("", "—".to_string())
    } else if d > 0 {
        ("over", format!("{} {d}", t("超")))
    } else if d < 0 {
        ("vacant", format!("{} {}", t("空"), -d))
    } else {
        ("", t("满").to_string())
    };
    view! { <span class=format!("quota {class}")>{text}</span> }
}

/// The heading for one leadership level's posts: "正处级职数" / "Division head posts".
fn posts_label(level: &str) -> String {
    tf("{}职数", &[&tr(level)])
}

fn quota_text(l: &QuotaLine) -> impl IntoView {
    let over = l.actual > l.approved;
    view! { <span class:over=over class="quota">{format!("{}/{}", l.actual, l.approved)}</span> }
}

/// Which form the page shows: a new unit, or the unit of this id.
#[derive(Clone, Copy, PartialEq)]
enum Editing {
    None,
    New,
    Unit(i64),
}

fn units_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("unit_save");
    let data = Resource::new(|| (), |_| staffing());
    let editing = use_query_map().with_untracked(|q| {
        if q.get("new").is_some() {
            Editing::New
        } else {
            q.get("edit").and_then(|v| v.parse().ok()).map(Editing::Unit).unwrap_or(Editing::None)
        }
    });
    let editing = if is_hr { editing } else { Editing::None };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("部室与编制")}</h1>
                <div class="button-row no-print">
                    <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                    {is_hr.then(|| view! { <a href="/roster/units?new=1" class="button primary">{t("新增部室")}</a> })}
                    <PrintButton/>
                </div>
            </div>
            {flash_note("unit_save", "已保存")}
            <p class="hint">{t("编制数为核定数，实有为在职人数；领导职数按“实配/核定”显示，超出核定的以红色标出。")}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => {
                            let form = match editing {
                                Editing::None => None,
                                Editing::New => Some(unit_form(&list, None)),
                                Editing::Unit(id) => match list.iter().find(|x| x.id == id) {
                                    Some(x) => Some(unit_form(&list, Some(x.clone()))),
                                    None => Some(view! { <ErrorBox error=AppError::NotFound/> }.into_any()),
                                },
                            };
                            view! {
                                {form}
                                <div class="table-wrap">
                                    <table class="data staffing">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("部室")}</th>
                                                <th scope="col">{t("编制数")}</th>
                                                <th scope="col">{t("实有")}</th>
                                                <th scope="col">{t("超编/空编")}</th>
                                                {LEADER_LEVELS.iter().map(|l| view! { <th scope="col">{posts_label(l)}</th> }).collect_view()}
                                                {is_hr.then(|| view! { <th scope="col" class="no-print">{t("操作")}</th> })}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list.into_iter().map(|u| {
                                                let (a, n) = (u.approved_total(), u.actual_total());
                                                let id = u.id;
                                                view! {
                                                    <tr>
                                                        <th scope="row" data-label=t("部室")>{"　".repeat(u.depth.max(0) as usize)}<span translate="no">{u.name.clone()}</span></th>
                                                        <td data-label=t("编制数")>{a}</td>
                                                        <td data-label=t("实有")>{n}</td>
                                                        <td data-label=t("超编/空编")>{diff_cell(a, n)}</td>
                                                        {u.leaders.iter().map(|l| view! { <td data-label=posts_label(&l.key)>{quota_text(l)}</td> }).collect_view()}
                                                        {is_hr.then(|| view! {
                                                            <td class="no-print">
                                                                <a href=format!("/roster/units?edit={id}") class="button small">{t("编辑")}</a>
                                                            </td>
                                                        })}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The unit form: a new unit (under a parent) or one unit's name, code, type and numbers. Every
/// number is posted as a `(key, number)` pair (see `UnitInput`).
fn unit_form(units: &[UnitStaffing], initial: Option<UnitStaffing>) -> AnyView {
    let err = form_error::<UnitSave>();
    let id = initial.as_ref().map(|u| u.id);
    let approved =
        |lines: Option<&Vec<QuotaLine>>, key: &str| lines.and_then(|l| l.iter().find(|q| q.key == key)).map(|q| q.approved).unwrap_or(0);
    let kind = initial.as_ref().map(|u| u.kind.clone()).unwrap_or_else(|| "部室".into());
    let parents = units.iter().map(|u| (u.id, format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name))).collect::<Vec<_>>();
    let numbers = |key: &'static str, list: &'static [&'static str], lines: Option<&Vec<QuotaLine>>, prefix: &'static str| {
        list.iter()
            .enumerate()
            .map(|(i, c)| {
                let fid = format!("{prefix}-{c}");
                view! {
                    <div class="field">
                        <input type="hidden" name=format!("input[{key}][{i}][0]") value=*c/>
                        <label for=fid.clone()>{t(c)}</label>
                        <input id=fid name=format!("input[{key}][{i}][1]") type="number" min="0" inputmode="numeric" value=approved(lines, c).to_string()/>
                    </div>
                }
            })
            .collect_view()
    };
    let est = numbers("establishment", ESTABLISHMENTS, initial.as_ref().map(|u| &u.establishment), "u-est");
    let lead = numbers("leaders", LEADER_LEVELS, initial.as_ref().map(|u| &u.leaders), "u-lead");
    view! {
        <PostForm action="/api/unit_save" class="form boxed wide">
            <h2>{if id.is_some() { t("编辑部室") } else { t("新增部室") }}</h2>
            {id.map(|id| view! { <input type="hidden" name="input[id]" value=id.to_string()/> })}
            <div class="grid">
                {id.is_none().then(|| view! {
                    <div class="field">
                        <label for="u-parent">{t("上级单位")}</label>
                        <select id="u-parent" name="input[parent_id]" required>
                            {parents.into_iter().map(|(pid, label)| view! { <option value=pid.to_string()>{label}</option> }).collect_view()}
                        </select>
                        {field_error(err.clone(), "parent_id")}
                    </div>
                })}
                <div class="field">
                    <label for="u-name">{t("名称")}</label>
                    <input id="u-name" name="input[name]" type="text" required maxlength="40" value=initial.as_ref().map(|u| u.name.clone())/>
                    {field_error(err.clone(), "name")}
                </div>
                <div class="field">
                    <label for="u-code">{t("代码")}</label>
                    <input id="u-code" name="input[code]" type="text" required maxlength="20" value=initial.as_ref().map(|u| u.code.clone())/>
                    {field_error(err.clone(), "code")}
                </div>
                <div class="field">
                    <label for="u-kind">{t("类型")}</label>
                    <select id="u-kind" name="input[kind]">
                        {["部室", "派出单位", "中心"].into_iter().map(|k| view! { <option value=k selected=kind == k>{t(k)}</option> }).collect_view()}
                    </select>
                    {field_error(err.clone(), "kind")}
                </div>
            </div>
            <fieldset>
                <legend>{t("编制数（按编制类别）")}</legend>
                <div class="grid">{est}</div>
                {field_error(err.clone(), "establishment")}
            </fieldset>
            <fieldset>
                <legend>{t("领导职数")}</legend>
                <div class="grid">{lead}</div>
                {field_error(err.clone(), "leaders")}
            </fieldset>
            {other_errors(err)}
            <div class="button-row">
                <button type="submit" class="primary">{t("保存")}</button>
                <a href="/roster/units" class="button">{t("取消")}</a>
            </div>
        </PostForm>
    }
    .into_any()
}
