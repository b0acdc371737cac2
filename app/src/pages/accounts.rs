use crate::api::roster::{bulk_open_accounts, unit_options};
use crate::components::{confirm, field_error, ErrorBox, Guarded};
use crate::error::AppError;
use crate::i18n::{t, use_locale};
use crate::model::{CurrentUser, Locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <Guarded path="/roster/accounts" view=accounts_page/> }
}

fn accounts_page(_u: CurrentUser) -> impl IntoView {
    let units = Resource::new(|| (), |_| unit_options());
    let unit = RwSignal::new(0i64);
    let open = Action::new(|id: &i64| bulk_open_accounts(*id));
    let err = move || open.value().get().and_then(|r| r.err());
    view! {
        <section class="panel no-print">
            <div class="panel-head">
                <h1>{t("批量开通账户")}</h1>
                <A href="/roster" attr:class="button">{t("返回花名册")}</A>
            </div>
            <p class="hint">{t("为所选部室（含下属单位）中尚无账户的在职人员开通职工账户。用户名为姓名拼音，重名时依次加 2、3……；初始密码只显示这一次，请打印后当面发放，首次登录时须修改。")}</p>
            <form class="toolbar" on:submit=move |ev| {
                ev.prevent_default();
                let id = unit.get_untracked();
                if confirm(t("确定为所选部室中尚无账户的在职人员开通账户吗？")) { open.dispatch(id); }
            }>
                <label for="acc-unit" class="sr-only">{t("部室")}</label>
                <select id="acc-unit" on:change=move |ev| unit.set(event_target_value(&ev).parse().unwrap_or(0))>
                    <option value="0">{t("请选择部室")}</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move { crate::components::unit_options_view(units.await.unwrap_or_default()) })}
                    </Suspense>
                </select>
                <button type="submit" class="primary" disabled=open.pending()>{t("开通账户")}</button>
            </form>
            {move || field_error(err(), "unit_id")}
            {move || err().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })}
        </section>
        {move || open.value().get().and_then(|r| r.ok()).map(|list| {
            if list.is_empty() {
                return view! { <section class="panel"><p class="empty">{t("所选范围内的在职人员都已有账户。")}</p></section> }.into_any();
            }
            let n = list.len();
            view! {
                <section class="panel">
                    <div class="panel-head no-print">
                        <h2>{match use_locale() {
                            Locale::En => format!("{n} account{} opened", if n == 1 { "" } else { "s" }),
                            Locale::Zh => format!("已开通 {n} 个账户"),
                        }}</h2>
                        <crate::components::PrintButton label="打印账户通知单"/>
                    </div>
                    <div class="slips">
                        {list.into_iter().map(|a| view! {
                            <div class="slip">
                                <h3>{t("育才平台账户通知单")}</h3>
                                <dl class="record">
                                    <dt>{t("姓名")}</dt><dd>{a.person_name}</dd>
                                    <dt>{t("部室")}</dt><dd>{a.unit_name}</dd>
                                    <dt>{t("用户名")}</dt><dd class="mono" data-testid="slip-username">{a.username}</dd>
                                    <dt>{t("初始密码")}</dt><dd class="mono">{a.password}</dd>
                                </dl>
                                <p class="hint">{t("请在首次登录后立即修改密码，并妥善保管。")}</p>
                            </div>
                        }).collect_view()}
                    </div>
                </section>
            }.into_any()
        })}
    }
}
