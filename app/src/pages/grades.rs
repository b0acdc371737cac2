//! 年度考核: a 部室's people and their grades for a year, the 优秀 count of every 部室 against its
//! cap, approvals of the higher share, import from .xlsx, and the share itself. Drawn on the
//! server; every form works without the browser's code.

use crate::api::grades::*;
use crate::components::import::SheetImport;
use crate::components::{
    field_error, flash_note, form_error, other_errors, with_query, Confirm, ErrorBox, Guarded, Loading, PostForm, PrintButton,
};
use crate::domain::assessment::ExcellentRules;
use crate::i18n::{t, tf, tr};
use crate::model::{CurrentUser, GradeDept, GradeRow, ImportReport};
use crate::pages::training::query_i32;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn GradesPage() -> impl IntoView {
    view! { <Guarded path="/assessment/grades" view=grades_page/> }
}

fn dept_row(d: GradeDept, year: i32, current: i64, may: bool) -> impl IntoView {
    let id = d.dept_id;
    let over = d.excellent > d.cap;
    view! {
        <tr class:selected=id == current>
            <th scope="row" translate="no"><a href=with_query("/assessment/grades", &[("year", year.to_string()), ("dept", id.to_string())])>{d.name.clone()}</a></th>
            <td data-label=t("参加考核")>{d.assessed}</td>
            <td data-label=t("已定等次")>{d.graded}</td>
            <td data-label=t("优秀")><span class:field-error=over>{format!("{} / {}", d.excellent, d.cap)}</span></td>
            <td data-label=t("提高比例")>{if may {
                view! {
                    // Record (or update) the approval; withdrawing it is asked first.
                    <PostForm action="/api/grade_approval_save" class="inline">
                        <input type="hidden" name="dept_id" value=id.to_string()/>
                        <input type="hidden" name="year" value=year.to_string()/>
                        // Each field in a label: the form island puts a refusal beside it there.
                        <label><input type="text" name="note" maxlength="100" size="12" placeholder=t("批准文号") value=d.approval_note.clone()
                            aria-label=tf("{} 的批准文号", &[&d.name])/></label>
                        <button type="submit" class="small" name="approved" value="true">{if d.approved { t("更新") } else { t("记录批准") }}</button>
                        {d.approved.then(|| view! {
                            <Confirm label="撤销" question=t("撤销提高优秀比例的批准？") yes="确认撤销" name="approved" value="false"/>
                        })}
                    </PostForm>
                }.into_any()
            } else {
                view! { <span>{if d.approved { d.approval_note.clone() } else { "—".to_string() }}</span> }.into_any()
            }}</td>
        </tr>
    }
}

fn person_row(r: GradeRow, year: i32, may: bool) -> impl IntoView {
    let note = if !r.problem.is_empty() {
        r.problem.clone()
    } else if !r.probation_ends.is_empty() {
        tf("试用期至 {}", &[&r.probation_ends])
    } else if r.status != "在职" {
        tr(&r.status).to_string()
    } else {
        String::new()
    };
    view! {
        <tr>
            <th scope="row" translate="no">{r.name.clone()}</th>
            <td data-label=t("部室")>{r.unit_name.clone()}</td>
            <td data-label=t("编制类别")>{tr(&r.establishment).to_string()}</td>
            <td data-label=t("考核等次")>{if may && !r.choices.is_empty() {
                view! {
                    <PostForm action="/api/grade_save" class="inline">
                        <input type="hidden" name="person_id" value=r.person_id.to_string()/>
                        <input type="hidden" name="year" value=year.to_string()/>
                        // Each field in a label: the form island puts a refusal (e.g. beyond the 优秀 cap) beside it there.
                        <label><select name="grade" aria-label=tf("{} 的考核等次", &[&r.name])>
                            <option value="">{t("未定")}</option>
                            {r.choices.iter().map(|c| view! { <option value=c.clone() selected=*c == r.grade>{tr(c).to_string()}</option> }).collect_view()}
                        </select></label>
                        <label><input type="text" name="comment" maxlength="500" size="14" placeholder=t("评语（选填）") value=r.comment.clone()
                            aria-label=tf("{} 的评语", &[&r.name])/></label>
                        <button type="submit" class="small">{t("保存")}</button>
                    </PostForm>
                }.into_any()
            } else {
                view! { <span>{if r.grade.is_empty() { "—".to_string() } else { tr(&r.grade).to_string() }}</span> }.into_any()
            }}</td>
            <td data-label=t("说明")>{note}</td>
        </tr>
    }
}

fn grades_page(_u: CurrentUser) -> impl IntoView {
    let year = query_i32("year");
    let dept = use_query_map().with_untracked(|q| q.get("dept").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(|| (), move |_| grades_view(year, dept));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("年度考核")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/grades")}
            // A grade the form could not keep (e.g. beyond the 优秀 cap), after a plain post; with
            // the browser's code the message appears beside the grade instead.
            {form_error::<GradeSave>().map(|e| view! { <div data-testid="grade-error"><ErrorBox error=e/></div> })}
            {form_error::<GradeApprovalSave>().map(|e| view! { <ErrorBox error=e/> })}
            {flash_note("grade_save", "已保存")}
            {flash_note("grade_approval_save", "已保存")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let y = v.year;
                    let current = v.dept_id;
                    let dept_name = v.depts.iter().find(|d| d.dept_id == current).map(|d| d.name.clone()).unwrap_or_default();
                    let may = v.may_edit;
                    view! {
                        {crate::pages::training::year_links("/assessment/grades", y, &[("dept", current.to_string())])}
                        <p class="print-title">{tf("{} 年度考核", &[&y])}" · "<span translate="no">{dept_name.clone()}</span></p>
                        <p class="hint" data-testid="excellent-rule">{tf(
                            "优秀等次不超过本部室参加考核人数的 {}%（经批准可提高到 {}%），按人数乘比例向下取整；试用期内的人员只写评语，记为“不定等次”。",
                            &[&v.rules.share_percent, &v.rules.approved_share_percent],
                        )}</p>
                        <h2>{t("各部室优秀名额")}</h2>
                        <div class="table-wrap">
                            <table class="data" id="grade-depts">
                                <thead><tr>
                                    <th scope="col">{t("部室")}</th><th scope="col">{t("参加考核")}</th><th scope="col">{t("已定等次")}</th>
                                    <th scope="col">{t("优秀")}</th><th scope="col">{t("提高比例")}</th>
                                </tr></thead>
                                <tbody>{v.depts.into_iter().map(|d| dept_row(d, y, current, may)).collect_view()}</tbody>
                            </table>
                        </div>
                        <h2><span translate="no">{dept_name.clone()}</span>" · "{tf("{} 年", &[&y])}</h2>
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
                                        <tbody>{v.rows.into_iter().map(|r| person_row(r, y, may)).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                        {may.then(|| view! {
                            <div class="no-print">
                                <GradeImport year=y dept=current/>
                                {excellent_rules_form(v.rules.clone())}
                            </div>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn GradeImport(year: i32, dept: i64) -> impl IntoView {
    fn describe(r: &ImportReport) -> String {
        if r.committed {
            tf("已导入：新增 {} 人，更新 {} 人。", &[&r.creates, &r.updates])
        } else {
            tf("文件无误：将登记 {} 人的考核等次（共 {} 行）。", &[&r.creates, &r.rows])
        }
    }
    view! {
        <SheetImport
            endpoint="grade_import"
            fields=vec![("year", year.to_string())]
            title="用 Excel 导入考核等次"
            hint="先导出本部室考核名单，在“考核等次”列按“可选等次”填写（留空的不改动），上传检查；优秀超出名额、等次与编制不符或试用期内定等次的行会列出，全部无误后确认导入，一次写入。"
            template=format!("/api/grade_sheet?year={year}&dept_id={dept}")
            template_label="导出考核名单（.xlsx）"
            describe=describe
        />
    }
}

fn excellent_rules_form(rules: ExcellentRules) -> impl IntoView {
    let e = form_error::<ExcellentRulesSave>();
    let err = move |f: &'static str| field_error(e.clone(), f);
    view! {
        <h2>{t("优秀比例")}</h2>
        <PostForm action="/api/excellent_rules_save" class="form boxed">
            <div class="grid">
                <div class="field"><label for="ex-share">{t("优秀比例（%）")}</label>
                    <input id="ex-share" name="rules[share_percent]" type="number" min="1" max="100" required value=rules.share_percent.to_string()/>{err("share_percent")}</div>
                <div class="field"><label for="ex-approved">{t("经批准的优秀比例（%）")}</label>
                    <input id="ex-approved" name="rules[approved_share_percent]" type="number" min="1" max="100" required value=rules.approved_share_percent.to_string()/>
                    {err("approved_share_percent")}</div>
            </div>
            {other_errors(form_error::<ExcellentRulesSave>())}
            {flash_note("excellent_rules_save", "已保存")}
            <div class="button-row"><button type="submit">{t("保存")}</button></div>
        </PostForm>
    }
}
