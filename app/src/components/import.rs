//! The one way a page takes a workbook: choose the file and check it (nothing is written), read
//! the report on the same page (`?upload=<token>`), then 确认导入 writes it in one transaction
//! without a second upload. Plain forms: it works before, and without, the browser's code (the
//! server keeps the checked file; see `api::excel::ssr::finish_upload`).

use super::{ErrorBox, PostForm};
use crate::api::excel::upload_report;
use crate::i18n::{t, tf};
use crate::model::ImportReport;
use leptos::prelude::*;

/// Every problem of a checked workbook, by row and column (shared by every .xlsx import).
pub fn problems_view(problems: Vec<crate::domain::import::Problem>) -> impl IntoView {
    let title = tf("发现 {} 个问题，没有写入任何数据。请在文件中逐条修改后重新检查。", &[&problems.len()]);
    view! {
        <h2 class="error-text" data-testid="import-problems">{title}</h2>
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t("行")}</th>
                    <th scope="col">{t("列")}</th>
                    <th scope="col">{t("问题")}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|p| view! {
                        <tr>
                            <td data-label=t("行")>{if p.row == 0 { t("整个文件").to_string() } else { p.row.to_string() }}</td>
                            <td data-label=t("列")>{p.column}</td>
                            <td data-label=t("问题")>{p.message}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The token of the workbook this page was sent back with, if any.
pub fn upload_token() -> Option<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("upload")).filter(|t| !t.is_empty() && t.len() <= 64)
}

/// An import on a page: the file form, and once a file was checked, its report with 确认导入.
#[component]
pub fn SheetImport(
    /// The import's server function, e.g. `lecture_attendance_import`.
    endpoint: &'static str,
    /// The fold's title (the whole form is a `<details>`, open while a report is shown).
    title: &'static str,
    /// What to fill in, in a sentence.
    hint: &'static str,
    /// The list or template to fill in (a download link), and its label.
    #[prop(optional)]
    template: Option<String>,
    #[prop(optional)] template_label: Option<&'static str>,
    /// Hidden fields telling the server which record the sheet belongs to.
    #[prop(optional)]
    fields: Vec<(&'static str, String)>,
    /// The line shown for a file without problems (checked or imported).
    describe: fn(&ImportReport) -> String,
    /// More of the report for a file without problems (a preview of the rows).
    #[prop(optional)]
    details: Option<fn(ImportReport) -> AnyView>,
    /// Fields of the upload form besides the file (e.g. a choice of how to treat known rows).
    #[prop(optional)]
    options: Option<Children>,
    /// Drawn open and not as a fold (the page is the import).
    #[prop(optional)]
    page: bool,
) -> impl IntoView {
    let token = upload_token();
    let report = Resource::new(|| (), {
        let token = token.clone();
        move |_| {
            let token = token.clone();
            async move {
                match token {
                    Some(t) => upload_report(t, endpoint.to_string()).await,
                    None => Ok(None),
                }
            }
        }
    });
    let action = format!("/api/{endpoint}");
    // The report on this page is this import's (several imports may share a page).
    let mine = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("import").as_deref() == Some(endpoint)) || page;
    let (file_id, file_for) = (format!("{endpoint}-file"), format!("{endpoint}-file"));
    let hidden = fields.clone();
    let form = view! {
        {(!page).then(|| view! { <p class="hint">{super::with_terms(hint)}</p> })}
        {template.map(|href| view! { <p><a class="button" href=href download>{t(template_label.unwrap_or("下载模板"))}</a></p> })}
        <PostForm action=action.clone() class="import-form" multipart=true>
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label for=file_for>{t("选择文件（.xlsx，不超过 10 MB）")}
                <input id=file_id name="file" type="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            </label>
            {options.map(|c| c())}
            <div class="button-row">
                <button type="submit">{t("检查文件")}</button>
            </div>
        </PostForm>
    };
    let outcome = view! {
        <Suspense fallback=|| ()>
            {move || {
                let (action, fields, token) = (action.clone(), fields.clone(), token.clone());
                Suspend::new(async move {
                    match report.await {
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        Ok(None) if token.is_some() && mine => view! {
                            <p class="alert error" role="alert">{t("检查过的文件已失效（超过一小时或已导入），请重新选择文件检查。")}</p>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(r)) if !r.problems.is_empty() => problems_view(r.problems).into_any(),
                        Ok(Some(r)) => {
                            let committed = r.committed;
                            let text = describe(&r);
                            view! {
                                <div aria-live="polite">
                                    <p class=if committed { "alert success" } else { "alert" } role="status" data-testid="sheet-import">{text}</p>
                                    {details.map(|d| d(r))}
                                    {(!committed).then(|| view! {
                                        <PostForm action=action class="import-form" multipart=true>
                                            {fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                                            <input type="hidden" name="upload" value=token.unwrap_or_default()/>
                                            <input type="hidden" name="commit" value="1"/>
                                            <div class="button-row"><button type="submit" class="primary">{t("确认导入")}</button></div>
                                        </PostForm>
                                    })}
                                </div>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    };
    if page {
        view! { {form} {outcome} }.into_any()
    } else {
        view! {
            <details class="no-print sheet-import" open=upload_token().is_some()>
                <summary>{t(title)}</summary>
                {form}
                {outcome}
            </details>
        }
        .into_any()
    }
}
