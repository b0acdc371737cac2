use crate::api::roster::{correction_queue, DecideCorrection};
use crate::components::{flash, form_error, Confirm, ErrorBox, Guarded, Loading};
use crate::i18n::{t, tr};
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub fn status_text(status: &str, reason: &str) -> String {
    match status {
        "pending" => t("待审核").into(),
        "approved" => t("已批准，已更正").into(),
        "rejected" if reason.is_empty() => t("已驳回").into(),
        "rejected" => format!("{}{}{reason}", t("已驳回"), t("：")),
        other => other.into(),
    }
}

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    view! { <Guarded path="/roster/corrections" view=queue_page/> }
}

fn queue_page(_u: CurrentUser) -> impl IntoView {
    let status = use_query_map().with_untracked(|q| q.get("status")).filter(|s| ["pending", "approved", "rejected"].contains(&s.as_str()));
    let status = status.unwrap_or_else(|| "pending".into());
    let list = Resource::new(|| (), {
        let status = status.clone();
        move |_| correction_queue(status.clone())
    });
    let tabs = [("pending", "待审核"), ("approved", "已批准"), ("rejected", "已驳回")];
    let done = flash("decide_correction").map(|n| {
        let text = if n == Some(1) { t("已批准，档案已更正。") } else { t("已驳回。") };
        view! { <p class="alert success" role="status" data-testid="flash">{text}</p> }
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("更正申请")}</h1>
                <A href="/roster" attr:class="button">{t("返回花名册")}</A>
            </div>
            <nav class="tabs" aria-label=t("申请状态")>
                {tabs.into_iter().map(|(key, label)| {
                    let current = status == key;
                    view! {
                        <a href=format!("/roster/corrections?status={key}") class=if current { "tab active" } else { "tab" }
                           aria-current=current.then_some("page")>{t(label)}</a>
                    }
                }).collect_view()}
            </nav>
            {done}
            {form_error::<DecideCorrection>().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">{t("没有这类申请。")}</p> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t("提交时间")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th>
                                            <th scope="col">{t("项目")}</th><th scope="col">{t("原内容")}</th><th scope="col">{t("申请改为")}</th>
                                            <th scope="col">{t("说明")}</th><th scope="col">{t("处理")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {items.into_iter().map(|c| {
                                            let id = c.id.to_string();
                                            let pending = c.status == "pending";
                                            view! {
                                                <tr>
                                                    <td data-label=t("提交时间")>{c.created_at}</td>
                                                    <td data-label=t("姓名")><A href=format!("/roster/{}", c.person_id)>{c.person_name}</A></td>
                                                    <td data-label=t("部室")>{c.unit_name}</td>
                                                    <td data-label=t("项目")>{tr(&c.field_label).to_string()}</td>
                                                    <td data-label=t("原内容")>{c.current_value}</td>
                                                    <td data-label=t("申请改为")><strong>{c.requested_value}</strong></td>
                                                    <td data-label=t("说明")>{c.note}</td>
                                                    <td data-label=t("处理")>
                                                        {if pending {
                                                            view! {
                                                                <div class="decide">
                                                                    // Two forms: Enter in the reason never approves.
                                                                    <form method="post" action="/api/decide_correction" class="inline">
                                                                        <input type="hidden" name="id" value=id.clone()/>
                                                                        <input type="hidden" name="approve" value="true"/>
                                                                        <Confirm label="批准" question=t("批准后将按此申请更正档案。确定批准吗？") yes="确认批准"/>
                                                                    </form>
                                                                    <form method="post" action="/api/decide_correction" class="inline">
                                                                        <input type="hidden" name="id" value=id.clone()/>
                                                                        <input type="hidden" name="approve" value="false"/>
                                                                        <label class="sr-only" for=format!("reason-{id}")>{t("驳回理由")}</label>
                                                                        <input id=format!("reason-{id}") name="reason" type="text" required maxlength="300" placeholder=t("驳回理由")/>
                                                                        <button type="submit" class="small danger">{t("驳回")}</button>
                                                                    </form>
                                                                </div>
                                                            }.into_any()
                                                        } else {
                                                            view! { <span>{status_text(&c.status, &c.reason)}" · "{c.decided_by}" "{c.decided_at}</span> }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }
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
