use crate::api::admin::{shown_token, take_shown};
use crate::api::roster::{unit_options, BulkOpenAccounts, OpenedAccount};
use crate::components::{field_error, form_error, other_errors, Confirm, ErrorBox, Guarded, PostForm, PrintButton};
use crate::i18n::{t, tf};
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <Guarded path="/roster/accounts" view=accounts_page/> }
}

fn accounts_page(_u: CurrentUser) -> impl IntoView {
    let units = Resource::new(|| (), |_| unit_options());
    // The slips of the accounts just opened: shown on this page load only (the passwords are not
    // kept anywhere else).
    let token = shown_token();
    let asked = token.is_some();
    let opened = Resource::new(|| (), move |_| take_shown::<Vec<OpenedAccount>>(token.clone(), "bulk_open_accounts"));
    let err = form_error::<BulkOpenAccounts>();
    view! {
        <section class="panel no-print">
            <div class="panel-head">
                <h1>{t("批量开通账户")}</h1>
                <A href="/roster" attr:class="button">{t("返回花名册")}</A>
            </div>
            <p class="hint">{t("为所选部室（含下属单位）中尚无账户的在职人员开通职工账户。用户名为姓名拼音，重名时依次加 2、3……；初始密码只显示这一次，请打印后当面发放，首次登录时须修改。")}</p>
            <PostForm action="/api/bulk_open_accounts" class="toolbar">
                <div class="field">
                    <label for="acc-unit" class="sr-only">{t("部室")}</label>
                    <select id="acc-unit" name="unit_id">
                        <option value="0">{t("请选择部室")}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move { crate::components::unit_options_view(units.await.unwrap_or_default()) })}
                        </Suspense>
                    </select>
                    {field_error(err.clone(), "unit_id")}
                </div>
                <Confirm label="开通账户" question=t("确定为所选部室中尚无账户的在职人员开通账户吗？") yes="开通账户" testid="open-accounts"/>
                {other_errors(err)}
            </PostForm>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match opened.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(None) if asked => view! {
                        <section class="panel"><p class="alert" role="status">{t("账户通知单只显示一次。如需新的初始密码，请在「系统管理」中重置。")}</p></section>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(list)) if list.is_empty() => view! {
                        <section class="panel"><p class="empty" role="status">{t("所选范围内的在职人员都已有账户。")}</p></section>
                    }.into_any(),
                    Ok(Some(list)) => view! {
                        <section class="panel">
                            <div class="panel-head no-print">
                                <h2>{tf("已开通 {} 个账户", &[&list.len()])}</h2>
                                <PrintButton label="打印账户通知单"/>
                            </div>
                            <p class="hint no-print">{t("初始密码只显示这一次：离开或刷新本页后无法再次查看，请先打印。")}</p>
                            <div class="slips">
                                {list.into_iter().map(|a| view! {
                                    <div class="slip">
                                        <h3>{t("育才平台账户通知单")}</h3>
                                        <dl class="record">
                                            <dt>{t("姓名")}</dt><dd translate="no">{a.person_name}</dd>
                                            <dt>{t("部室")}</dt><dd translate="no">{a.unit_name}</dd>
                                            <dt>{t("用户名")}</dt><dd class="mono" data-testid="slip-username">{a.username}</dd>
                                            <dt>{t("初始密码")}</dt><dd class="mono" translate="no">{a.password}</dd>
                                        </dl>
                                        <p class="hint">{t("请在首次登录后立即修改密码，并妥善保管。")}</p>
                                    </div>
                                }).collect_view()}
                            </div>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
