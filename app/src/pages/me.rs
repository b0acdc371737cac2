use crate::api::auth::{my_sessions, EndMySession, SetLocale};
use crate::api::me::my_record;
use crate::components::{form_error, Confirm, ErrorBox, Guarded, Loading};
use crate::error::AppError;
use crate::i18n::{t, tr};
use crate::model::{CurrentUser, Locale, SessionInfo};
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    view! { <Guarded path="/me" view=me_page/> }
}

fn me_page(u: CurrentUser) -> impl IntoView {
    let record = Resource::new(|| (), |_| my_record());
    let locale = u.locale;
    view! {
        <section class="panel">
            <h1>{t("我的信息")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match record.await {
                        Ok(Some(p)) => crate::pages::person::record_view(&p).into_any(),
                        Ok(None) => view! { <p class="empty">{t("此账户未关联人员档案。")}</p> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="panel">
            <h2>{t("语言")}</h2>
            // A plain form: the switch works before, and without, any script.
            <form method="post" action="/api/set_locale" class="button-row" role="group" aria-label=t("语言")>
                <button type="submit" name="locale" value="Zh" class:selected=locale == Locale::Zh aria-pressed=(locale == Locale::Zh).to_string() translate="no" lang="zh-CN">"中文"</button>
                <button type="submit" name="locale" value="En" class:selected=locale == Locale::En aria-pressed=(locale == Locale::En).to_string()>"English"</button>
            </form>
            {form_error::<SetLocale>().map(|e| view! { <ErrorBox error=e/> })}
        </section>
        {u.person_id.is_some().then(|| view! { <crate::pages::training::HoursCard/> })}
        {u.person_id.is_some().then(|| view! { <CorrectionsPanel/> })}
        <SessionsPanel/>
    }
}

/// Ask HR to correct a field of one's own record, and see what became of earlier requests.
#[component]
fn CorrectionsPanel() -> impl IntoView {
    use crate::api::me::{my_corrections, RequestCorrection};
    use crate::components::field_error;
    use crate::domain::roster::{field_label, CORRECTABLE};
    let action = ServerAction::<RequestCorrection>::new();
    let list = Resource::new(move || action.version().get(), |_| my_corrections());
    let err = move || action.value().get().and_then(|r| r.err());
    // Without JavaScript the form posts itself and the server comes back to `?submitted=1`.
    let submitted = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("submitted").is_some());
    let done = move || matches!(action.value().get(), Some(Ok(_))) || (submitted && action.value().get().is_none());
    view! {
        <section class="panel">
            <h2>{t("申请更正")}</h2>
            <p class="hint">{t("发现个人信息有误，可在此提交更正申请，人事部门审核通过后生效。")}</p>
            <ActionForm action=action attr:class="form">
                <label for="c-field">{t("更正项目")}</label>
                <select id="c-field" name="field" required>
                    {CORRECTABLE.iter().map(|f| view! { <option value=*f>{t(field_label(f))}</option> }).collect_view()}
                </select>
                {move || field_error(err(), "field")}
                <label for="c-value">{t("正确内容")}</label>
                <input id="c-value" name="value" type="text" required maxlength="100" placeholder=t("日期请按 年-月-日 填写，如 1990-07-01")/>
                {move || field_error(err(), "value")}
                <label for="c-note">{t("说明（可选）")}</label>
                <input id="c-note" name="note" type="text" maxlength="300" placeholder=t("如：以毕业证书为准")/>
                {move || field_error(err(), "note")}
                {move || err().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })}
                {move || done().then(|| view! { <div class="alert success" role="status">{t("已提交，请等待人事部门审核。")}</div> })}
                <div class="button-row"><button type="submit" class="primary" disabled=action.pending()>{t("提交申请")}</button></div>
            </ActionForm>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => ().into_any(),
                        Ok(items) => view! {
                            <h3>{t("我的申请")}</h3>
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr><th scope="col">{t("提交时间")}</th><th scope="col">{t("项目")}</th><th scope="col">{t("原内容")}</th><th scope="col">{t("申请改为")}</th><th scope="col">{t("结果")}</th></tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|c| view! {
                                            <tr>
                                                <td data-label=t("提交时间")>{c.created_at}</td>
                                                <td data-label=t("项目")>{tr(&c.field_label).to_string()}</td>
                                                <td data-label=t("原内容")>{c.current_value}</td>
                                                <td data-label=t("申请改为")>{c.requested_value}</td>
                                                <td data-label=t("结果") data-testid="correction-status">{crate::pages::corrections::status_text(&c.status, &c.reason)}</td>
                                            </tr>
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

#[component]
fn SessionsPanel() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    view! {
        <section class="panel">
            <h2>{t("登录设备")}</h2>
            {form_error::<EndMySession>().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list=list action="/api/end_my_session"/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A list of sessions with an end button on each but the current one, each posting `session_id` to
/// `action`. Shared with the administrator's view of a user.
#[component]
pub fn SessionTable(list: Vec<SessionInfo>, action: &'static str) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{t("没有在线会话。")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t("登录时间")}</th>
                        <th scope="col">{t("最近活动")}</th>
                        <th scope="col">{t("到期时间")}</th>
                        <th scope="col">{t("类型")}</th>
                        <th scope="col">{t("地址")}</th>
                        <th scope="col">{t("设备")}</th>
                        <th scope="col">{t("操作")}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|s| {
                        let id = s.id;
                        view! {
                            <tr>
                                <td data-label=t("登录时间")>{s.created_at}</td>
                                <td data-label=t("最近活动")>{s.last_seen_at}</td>
                                <td data-label=t("到期时间")>{s.expires_at}</td>
                                <td data-label=t("类型")>{if s.persistent { t("保持登录") } else { t("普通会话") }}</td>
                                <td data-label=t("地址")>{s.ip}</td>
                                <td data-label=t("设备") class="ua">{s.user_agent}</td>
                                <td>
                                    {if s.current {
                                        view! { <span class="badge">{t("当前设备")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <form method="post" action=action class="inline">
                                                <input type="hidden" name="session_id" value=id.to_string()/>
                                                <Confirm label="结束会话" question=t("确定结束这个会话吗？该设备需要重新登录。") yes="结束会话" danger=true/>
                                            </form>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
