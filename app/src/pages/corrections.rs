use crate::api::roster::{correction_queue, decide_correction};
use crate::components::{confirm, ErrorBox, Guarded, Loading};
use crate::i18n::{t, tr, use_locale};
use crate::model::{CurrentUser, Locale};
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
    let query = use_query_map();
    let status = Memo::new(move |_| query.with(|q| q.get("status").unwrap_or_else(|| "pending".into())));
    let decide = Action::new(|(id, approve, reason): &(i64, bool, String)| decide_correction(*id, *approve, reason.clone()));
    let list = Resource::new(move || (status.get(), decide.version().get()), |(s, _)| correction_queue(s));
    let tabs = [("pending", "待审核"), ("approved", "已批准"), ("rejected", "已驳回")];
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("更正申请")}</h1>
                <A href="/roster" attr:class="button">{t("返回花名册")}</A>
            </div>
            <nav class="tabs" aria-label=t("申请状态")>
                {tabs.into_iter().map(|(key, label)| view! {
                    <A href=format!("/roster/corrections?status={key}") attr:class=move || if status.get() == key { "tab active" } else { "tab" }>{t(label)}</A>
                }).collect_view()}
            </nav>
            {move || decide.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
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
                                            let id = c.id;
                                            let reason = RwSignal::new(String::new());
                                            let pending = c.status == "pending";
                                            let who = c.person_name.clone();
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
                                                                    <button type="button" class="small primary" on:click=move |_| {
                                                                        let msg = match use_locale() {
                                                                            Locale::En => format!("Approving will correct the record of {who}. Approve?"),
                                                                            Locale::Zh => format!("批准后将更正 {who} 的档案。确定批准吗？"),
                                                                        };
                                                                        if confirm(&msg) { decide.dispatch((id, true, String::new())); }
                                                                    }>{t("批准")}</button>
                                                                    <label class="sr-only" for=format!("reason-{id}")>{t("驳回理由")}</label>
                                                                    <input id=format!("reason-{id}") type="text" placeholder=t("驳回理由") bind:value=reason/>
                                                                    <button type="button" class="small danger" on:click=move |_| {
                                                                        decide.dispatch((id, false, reason.get_untracked()));
                                                                    }>{t("驳回")}</button>
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
            </Transition>
        </section>
    }
}
