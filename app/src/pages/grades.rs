//! 年度考核: a 部室's people and their grades for a year, the 优秀 count of every 部室 against its
//! cap, approvals of the higher share, import from .xlsx, and the share itself.

use crate::api::grades::*;
use crate::components::{confirm, field_error, with_query, ErrorBox, Guarded, Loading, PrintButton};
use crate::domain::assessment::ExcellentRules;
use crate::i18n::t;
use crate::model::{CurrentUser, GradeDept, GradeRow, ImportReport};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Record (true, with a note) or withdraw a 部室's approval.
type ApproveAction = Action<(i64, bool, String), Result<(), crate::error::AppError>>;
/// Save a grade: person, year, grade, comment.
type SaveAction = Action<(i64, i32, String, String), Result<(), crate::error::AppError>>;

#[component]
pub fn GradesPage() -> impl IntoView {
    view! { <Guarded path="/assessment/grades" view=grades_page/> }
}

fn dept_row(d: GradeDept, year: i32, current: i64, approve: Option<ApproveAction>) -> impl IntoView {
    let note = RwSignal::new(d.approval_note.clone());
    let id = d.dept_id;
    let over = d.excellent > d.cap;
    let approval_label = format!("{} 的批准文号", d.name);
    view! {
        <tr class:selected=id == current>
            <th scope="row"><A href=with_query("/assessment/grades", &[("year", year.to_string()), ("dept", id.to_string())])>{d.name.clone()}</A></th>
            <td data-label=t("参加考核")>{d.assessed}</td>
            <td data-label=t("已定等次")>{d.graded}</td>
            <td data-label=t("优秀")><span class:field-error=over>{format!("{} / {}", d.excellent, d.cap)}</span></td>
            <td data-label=t("提高比例")>{match approve {
                Some(a) => view! {
                    <form class="inline" on:submit=move |ev| { ev.prevent_default(); a.dispatch((id, true, note.get_untracked())); }>
                        <input type="text" maxlength="100" size="12" placeholder=t("批准文号") aria-label=approval_label bind:value=note/>
                        <button type="submit" class="small">{if d.approved { t("更新") } else { t("记录批准") }}</button>
                        {d.approved.then(|| view! {
                            <button type="button" class="small" on:click=move |_| {
                                if confirm("撤销提高优秀比例的批准？") { a.dispatch((id, false, String::new())); }
                            }>{t("撤销")}</button>
                        })}
                    </form>
                }.into_any(),
                None => view! { <span>{if d.approved { d.approval_note.clone() } else { "—".to_string() }}</span> }.into_any(),
            }}</td>
        </tr>
    }
}

fn person_row(r: GradeRow, year: i32, save: Option<SaveAction>) -> impl IntoView {
    let grade = RwSignal::new(r.grade.clone());
    let comment = RwSignal::new(r.comment.clone());
    let pid = r.person_id;
    let note = if !r.problem.is_empty() {
        r.problem.clone()
    } else if !r.probation_ends.is_empty() {
        format!("试用期至 {}", r.probation_ends)
    } else if r.status != "在职" {
        r.status.clone()
    } else {
        String::new()
    };
    view! {
        <tr>
            <th scope="row">{r.name.clone()}</th>
            <td data-label=t("部室")>{r.unit_name.clone()}</td>
            <td data-label=t("编制类别")>{r.establishment.clone()}</td>
            <td data-label=t("考核等次")>{match save {
                Some(a) if !r.choices.is_empty() => view! {
                    <form class="inline" on:submit=move |ev| { ev.prevent_default(); a.dispatch((pid, year, grade.get_untracked(), comment.get_untracked())); }>
                        <select aria-label=format!("{} 的考核等次", r.name) on:change=move |ev| grade.set(event_target_value(&ev)) prop:value=move || grade.get()>
                            <option value="">{t("未定")}</option>
                            {r.choices.iter().map(|c| view! { <option value=c.clone() selected=*c == r.grade>{c.clone()}</option> }).collect_view()}
                        </select>
                        <input type="text" maxlength="500" size="14" placeholder=t("评语（选填）") aria-label=format!("{} 的评语", r.name) bind:value=comment/>
                        <button type="submit" class="small">{t("保存")}</button>
                    </form>
                }.into_any(),
                _ => view! { <span>{if r.grade.is_empty() { "—".to_string() } else { r.grade.clone() }}</span> }.into_any(),
            }}</td>
            <td data-label=t("说明")>{note}</td>
        </tr>
    }
}

fn grades_page(_u: CurrentUser) -> impl IntoView {
    let q = use_query_map();
    let year = Memo::new(move |_| q.with(|q| q.get("year").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0)));
    let dept = Memo::new(move |_| q.with(|q| q.get("dept").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let save = Action::new(|a: &(i64, i32, String, String)| grade_save(a.0, a.1, a.2.clone(), a.3.clone()));
    let approve = Action::new(move |a: &(i64, bool, String)| {
        let (d, ok, note) = a.clone();
        let y = year.get_untracked();
        async move { grade_approval_save(d, y, ok, note).await }
    });
    let imported = RwSignal::new(0u32);
    let keep = RwSignal::new(None::<Result<ImportReport, crate::error::AppError>>);
    let data = Resource::new(
        move || (year.get(), dept.get(), save.version().get(), approve.version().get(), imported.get()),
        |(y, d, _, _, _)| grades_view(y, d),
    );
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("年度考核")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/grades")}
            {move || save.value().get().and_then(|r| r.err()).map(|e| view! { <div data-testid="grade-error"><ErrorBox error=e/></div> })}
            {move || approve.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let y = v.year;
                    let current = v.dept_id;
                    let dept_name = v.depts.iter().find(|d| d.dept_id == current).map(|d| d.name.clone()).unwrap_or_default();
                    let may = v.may_edit;
                    view! {
                        <nav class="button-row no-print" aria-label=t("年度")>
                            <A href=with_query("/assessment/grades", &[("year", (y - 1).to_string()), ("dept", current.to_string())]) attr:class="button">{format!("‹ {} 年", y - 1)}</A>
                            <A href=with_query("/assessment/grades", &[("year", (y + 1).to_string()), ("dept", current.to_string())]) attr:class="button">{format!("{} 年 ›", y + 1)}</A>
                        </nav>
                        <p class="print-title">{format!("{y} 年度考核 · {dept_name}")}</p>
                        <p class="hint" data-testid="excellent-rule">{format!(
                            "优秀等次不超过本部室参加考核人数的 {}%（经批准可提高到 {}%），按人数乘比例向下取整；试用期内的人员只写评语，记为“不定等次”。",
                            v.rules.share_percent, v.rules.approved_share_percent
                        )}</p>
                        <h2>{t("各部室优秀名额")}</h2>
                        <div class="table-wrap">
                            <table class="data" id="grade-depts">
                                <thead><tr>
                                    <th scope="col">{t("部室")}</th><th scope="col">{t("参加考核")}</th><th scope="col">{t("已定等次")}</th>
                                    <th scope="col">{t("优秀")}</th><th scope="col">{t("提高比例")}</th>
                                </tr></thead>
                                <tbody>{v.depts.into_iter().map(|d| dept_row(d, y, current, may.then_some(approve))).collect_view()}</tbody>
                            </table>
                        </div>
                        <h2>{format!("{dept_name} · {y} 年")}</h2>
                        {if v.rows.is_empty() {
                            view! { <p class="empty">{t("没有参加考核的人员。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="grades">
                                        <thead><tr>
                                            <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("编制类别")}</th>
                                            <th scope="col">{t("考核等次")}</th><th scope="col">{t("说明")}</th>
                                        </tr></thead>
                                        <tbody>{v.rows.into_iter().map(|r| person_row(r, y, may.then_some(save))).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                        {may.then(|| view! {
                            <div class="no-print">
                                <GradeImport year=y dept=current keep=keep on_done=Callback::new(move |_| imported.update(|n| *n += 1))/>
                                <ExcellentRulesForm rules=v.rules.clone() on_saved=Callback::new(move |_| imported.update(|n| *n += 1))/>
                            </div>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
fn GradeImport(
    year: i32,
    dept: i64,
    keep: RwSignal<Option<Result<ImportReport, crate::error::AppError>>>,
    on_done: Callback<()>,
) -> impl IntoView {
    use crate::components::import::SheetImport;
    fn describe(r: &ImportReport) -> String {
        if r.committed {
            format!("已导入：新增 {} 人，更新 {} 人。", r.creates, r.updates)
        } else {
            format!("文件无误：将登记 {} 人的考核等次（共 {} 行）。", r.creates, r.rows)
        }
    }
    view! {
        <SheetImport
            endpoint="grade_import"
            fields=vec![("year", (year as i64).to_string())]
            title="用 Excel 导入考核等次"
            hint="先导出本部室考核名单，在“考核等次”列按“可选等次”填写（留空的不改动），上传检查；优秀超出名额、等次与编制不符或试用期内定等次的行会列出，全部无误后确认导入，一次写入。"
            template=format!("/api/grade_sheet?year={year}&dept_id={dept}")
            template_label="导出考核名单（.xlsx）"
            describe=describe
        />
    }
}

#[component]
fn ExcellentRulesForm(rules: ExcellentRules, on_saved: Callback<()>) -> impl IntoView {
    let save = Action::new(move |r: &ExcellentRules| {
        let r = r.clone();
        async move {
            let out = excellent_rules_save(r).await;
            if out.is_ok() {
                on_saved.run(());
            }
            out
        }
    });
    let share = RwSignal::new(rules.share_percent.to_string());
    let approved = RwSignal::new(rules.approved_share_percent.to_string());
    view! {
        <h2>{t("优秀比例")}</h2>
        <form class="form boxed" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(ExcellentRules {
                share_percent: share.get_untracked().trim().parse().unwrap_or(0),
                approved_share_percent: approved.get_untracked().trim().parse().unwrap_or(0),
            });
        }>
            <div class="grid">
                <div class="field"><label for="ex-share">{t("优秀比例（%）")}</label><input id="ex-share" type="number" min="1" max="100" required bind:value=share/>
                    {move || field_error(save.value().get().and_then(|r| r.err()), "share_percent")}</div>
                <div class="field"><label for="ex-approved">{t("经批准的优秀比例（%）")}</label><input id="ex-approved" type="number" min="1" max="100" required bind:value=approved/>
                    {move || field_error(save.value().get().and_then(|r| r.err()), "approved_share_percent")}</div>
            </div>
            <div class="button-row"><button type="submit">{t("保存")}</button></div>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
        </form>
    }
}
