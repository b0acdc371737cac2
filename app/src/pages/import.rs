//! Excel import: choose a file, check it (nothing is written), read the report, then import.

use crate::api::excel::roster_import;
use crate::components::{ErrorBox, Guarded};
use crate::error::AppError;
use crate::i18n::{t, use_locale};
use crate::model::{CurrentUser, ImportReport, Locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Guarded path="/roster/import" view=import_page/> }
}

fn form_data(form: &web_sys::HtmlFormElement, commit: bool) -> Option<web_sys::FormData> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    data.set_with_str("commit", if commit { "1" } else { "0" }).ok()?;
    Some(data)
}

fn summary(r: &ImportReport) -> String {
    let (n, c, u) = (r.rows, r.creates, r.updates);
    match (use_locale(), r.committed) {
        (Locale::Zh, true) => format!("已导入 {n} 行：新增 {c} 人，更新 {u} 人。"),
        (Locale::En, true) => format!("Imported {n} rows: {c} new, {u} updated."),
        (Locale::Zh, false) => format!("文件无误，共 {n} 行：将新增 {c} 人，更新 {u} 人。确认后一次写入。"),
        (Locale::En, false) => format!("The file is valid: {n} rows, {c} new and {u} updates. Nothing is written until you confirm."),
    }
}

/// Every problem of a checked workbook, by row and column (shared by every .xlsx import).
pub fn problems_view(problems: Vec<crate::domain::import::Problem>) -> impl IntoView {
    let title = problems_title(problems.len());
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

fn problems_title(n: usize) -> String {
    match use_locale() {
        Locale::Zh => format!("发现 {n} 个问题，没有写入任何数据。请在文件中逐条修改后重新检查。"),
        Locale::En => {
            format!("{n} problem{} found; nothing was written. Fix them in the file and check again.", if n == 1 { "" } else { "s" })
        }
    }
}

fn import_page(_u: CurrentUser) -> impl IntoView {
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // Form data lives in the browser only (it is not `Send`): a local action.
    let run = Action::new_local(|data: &web_sys::FormData| {
        let data = data.clone();
        async move { roster_import(data.into()).await }
    });
    let report = RwSignal::new(None::<Result<ImportReport, AppError>>);
    Effect::new(move |_| {
        if let Some(v) = run.value().get() {
            report.set(Some(v));
        }
    });
    let pending = run.pending();
    let submit = move |commit: bool| {
        if let Some(data) = form_ref.get_untracked().and_then(|f| form_data(&f, commit)) {
            run.dispatch_local(data);
        }
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("Excel 导入")}</h1>
                <div class="button-row">
                    <a class="button" href="/api/roster_template" download>{t("下载导入模板")}</a>
                    <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                </div>
            </div>
            <p class="hint">{t("按模板在「花名册」工作表中每行填写一人，列名带 * 的为必填，「填写说明」工作表列出每列的可选值。先检查文件：有问题时逐行列出，一行也不写入；全部无误后再确认导入，整个文件一次写入。")}</p>
            <form node_ref=form_ref class="import-form" on:submit=move |ev| { ev.prevent_default(); submit(false); }>
                <label for="imp-file">{t("选择文件（.xlsx，不超过 10 MB）")}
                    <input id="imp-file" name="file" type="file" required
                        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        on:change=move |_| report.set(None)/>
                </label>
                <label class="check" for="imp-upsert">
                    <input id="imp-upsert" name="upsert" type="checkbox" value="1" on:change=move |_| report.set(None)/>
                    {t("按身份证号更新已有人员（不勾选时，已存在的身份证号会作为问题列出）")}
                </label>
                <div class="button-row">
                    <button type="submit" class="primary" disabled=pending>
                        {move || if pending.get() { t("正在检查…") } else { t("检查文件") }}
                    </button>
                </div>
            </form>
        </section>
        {move || report.get().map(|r| match r {
            Err(e) => view! { <section class="panel"><ErrorBox error=e/></section> }.into_any(),
            Ok(r) if !r.problems.is_empty() => view! { <section class="panel" aria-live="polite">{problems_view(r.problems)}</section> }.into_any(),
            Ok(r) => {
                let text = summary(&r);
                let committed = r.committed;
                let more = r.rows.saturating_sub(r.preview.len());
                view! {
                    <section class="panel" aria-live="polite">
                        <h2 class=if committed { "ok-text" } else { "" } data-testid="import-summary">{text}</h2>
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{t("行")}</th>
                                    <th scope="col">{t("姓名")}</th>
                                    <th scope="col">{t("部室")}</th>
                                    <th scope="col">{t("职务层次")}</th>
                                    <th scope="col">{t("身份证号")}</th>
                                    <th scope="col">{t("处理")}</th>
                                </tr></thead>
                                <tbody>
                                    {r.preview.into_iter().map(|p| view! {
                                        <tr>
                                            <td data-label=t("行")>{p.row}</td>
                                            <td data-label=t("姓名")>{match (committed, p.updates) {
                                                (true, Some(id)) => view! { <A href=format!("/roster/{id}")>{p.name}</A> }.into_any(),
                                                _ => p.name.into_any(),
                                            }}</td>
                                            <td data-label=t("部室")>{p.unit}</td>
                                            <td data-label=t("职务层次")>{p.level}</td>
                                            <td data-label=t("身份证号") class="mono">{p.id_masked}</td>
                                            <td data-label=t("处理")>{match p.updates {
                                                Some(id) => format!("{} #{id}", t("更新档案")),
                                                None => t("新增").to_string(),
                                            }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p class="hint">{match use_locale() {
                            Locale::Zh => format!("另有 {more} 行未列出。"),
                            Locale::En => format!("{more} more rows not shown."),
                        }}</p> })}
                        <div class="button-row">
                            {if committed {
                                view! { <A href="/roster" attr:class="button primary">{t("查看花名册")}</A> }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="primary" disabled=pending on:click=move |_| submit(true)>
                                        {move || if pending.get() { t("正在导入…") } else { t("确认导入") }}
                                    </button>
                                }.into_any()
                            }}
                        </div>
                    </section>
                }.into_any()
            }
        })}
    }
}

/// A workbook upload inside a page (attendance of a session, a campaign's assignments): export the
/// list, fill it in, check it (nothing is written), read the report, then 确认导入 writes it in one
/// transaction. The server function behind `upload` does both steps, told apart by `commit`.
#[component]
pub fn SheetImport<F, Fut>(
    /// The fold's title.
    title: &'static str,
    /// What to fill in, in a sentence.
    hint: &'static str,
    /// The list to fill in (a download link).
    template: String,
    template_label: &'static str,
    /// The hidden field telling the server which record the sheet belongs to.
    field: &'static str,
    value: i64,
    /// Calls the server function.
    upload: F,
    /// The line shown for a file without problems (checked or imported).
    describe: fn(&ImportReport) -> String,
    /// Called with the report once the sheet is written.
    on_done: Callback<ImportReport>,
    /// Where the last report is kept: a signal of the page's own, when the list the import feeds
    /// reloads around this form (the form is drawn anew and would otherwise forget the outcome).
    #[prop(optional)]
    keep: Option<RwSignal<Option<Result<ImportReport, AppError>>>>,
) -> impl IntoView
where
    F: Fn(web_sys::FormData) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ImportReport, AppError>> + 'static,
{
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let run = Action::new_local(move |data: &web_sys::FormData| upload(data.clone()));
    let report = keep.unwrap_or_else(|| RwSignal::new(None));
    Effect::new(move |_| {
        if let Some(v) = run.value().get() {
            if let Some(r) = v.as_ref().ok().filter(|r| r.committed) {
                on_done.run(r.clone());
            }
            report.set(Some(v));
        }
    });
    let pending = run.pending();
    let submit = move |commit: bool| {
        if let Some(data) = form_ref.get_untracked().and_then(|f| form_data(&f, commit)) {
            run.dispatch_local(data);
        }
    };
    let file_id = format!("{field}-{value}-file");
    let label_for = file_id.clone();
    view! {
        <details class="no-print sheet-import" open=report.with_untracked(|r| r.is_some())>
            <summary>{t(title)}</summary>
            <p class="hint">{t(hint)}</p>
            <p><a class="button" href=template download>{t(template_label)}</a></p>
            <form node_ref=form_ref class="import-form" on:submit=move |ev| { ev.prevent_default(); submit(false); }>
                <input type="hidden" name=field value=value.to_string()/>
                <label for=label_for>{t("选择文件（.xlsx，不超过 10 MB）")}
                    <input id=file_id name="file" type="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        on:change=move |_| report.set(None)/>
                </label>
                <div class="button-row">
                    <button type="submit" disabled=pending>{move || if pending.get() { t("正在检查…") } else { t("检查文件") }}</button>
                </div>
            </form>
            {move || report.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(r) if !r.problems.is_empty() => problems_view(r.problems).into_any(),
                Ok(r) => {
                    let committed = r.committed;
                    view! {
                        <p class="alert success" role="status" data-testid="sheet-import">{describe(&r)}</p>
                        {(!committed).then(|| view! {
                            <div class="button-row"><button type="button" class="primary" disabled=pending on:click=move |_| submit(true)>{t("确认导入")}</button></div>
                        })}
                    }.into_any()
                }
            })}
        </details>
    }
}
