//! Excel import of the roster: choose a file, check it (nothing is written), read the report, then
//! import (see `components::import`).

use crate::components::import::SheetImport;
use crate::components::Guarded;
use crate::i18n::{t, tf};
use crate::model::{CurrentUser, ImportReport};
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Guarded path="/roster/import" view=import_page/> }
}

fn summary(r: &ImportReport) -> String {
    if r.committed {
        tf("已导入 {} 行：新增 {} 人，更新 {} 人。", &[&r.rows, &r.creates, &r.updates])
    } else {
        tf("文件无误，共 {} 行：将新增 {} 人，更新 {} 人。确认后一次写入。", &[&r.rows, &r.creates, &r.updates])
    }
}

/// The rows the import writes (the first 20), and where to go once it is done.
fn preview(r: ImportReport) -> AnyView {
    let committed = r.committed;
    let more = r.rows.saturating_sub(r.preview.len());
    view! {
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
                                (true, Some(id)) => view! { <a href=format!("/roster/{id}")>{p.name}</a> }.into_any(),
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
        {(more > 0).then(|| view! { <p class="hint">{tf("另有 {} 行未列出。", &[&more])}</p> })}
        {committed.then(|| view! { <div class="button-row"><a href="/roster" class="button primary">{t("查看花名册")}</a></div> })}
    }
    .into_any()
}

fn import_page(_u: CurrentUser) -> impl IntoView {
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("Excel 导入")}</h1>
                <div class="button-row">
                    <a class="button" href="/api/roster_template" download>{t("下载导入模板")}</a>
                    <a href="/roster" class="button">{t("返回花名册")}</a>
                </div>
            </div>
            <p class="hint">{crate::components::with_terms("按模板在「花名册」工作表中每行填写一人，列名带 * 的为必填，「填写说明」工作表列出每列的可选值。先检查文件：有问题时逐行列出，一行也不写入；全部无误后再确认导入，整个文件一次写入。")}</p>
            <SheetImport
                endpoint="roster_import"
                title="Excel 导入"
                hint=""
                describe=summary
                details=preview
                page=true
                options=Box::new(|| view! {
                    <label class="check" for="imp-upsert">
                        <input id="imp-upsert" name="upsert" type="checkbox" value="1"/>
                        {t("按身份证号更新已有人员（不勾选时，已存在的身份证号会作为问题列出）")}
                    </label>
                }.into_any())
            />
        </section>
    }
}
