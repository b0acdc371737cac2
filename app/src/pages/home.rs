use crate::components::{role_label, Guarded};
use crate::i18n::{t, use_locale};
use crate::model::{CurrentUser, Locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    view! { <Guarded path="/" view=home/> }
}

fn home(u: CurrentUser) -> impl IntoView {
    let grants = u
        .grants
        .iter()
        .map(|g| {
            let scope = g.unit_name.clone().unwrap_or_else(|| t("全单位").to_string());
            match use_locale() {
                Locale::En => format!("{} ({})", role_label(g.role), scope),
                Locale::Zh => format!("{}（{}）", role_label(g.role), scope),
            }
        })
        .collect::<Vec<_>>()
        .join(t("、"));
    let mut cards: Vec<(&str, &str, &str)> = Vec::new();
    if u.may_open("/roster") {
        cards.push(("/roster", "花名册", "查看本单位人员名单"));
    }
    cards.push(("/me", "个人中心", "查看个人信息与登录设备"));
    if u.may_open("/reserve") {
        cards.push(("/reserve", "后备干部", "各层级后备人选、资格审查与领导意见"));
    }
    cards.push(("/reserve/ballot", "民主推荐投票", "参加本单位组织的民主推荐"));
    cards.push(("/password", "修改密码", "更改登录密码"));
    if u.may_open("/admin") {
        cards.push(("/admin", "系统管理", "管理账户、角色、设置与审计日志"));
    }
    // Whoever keeps the holiday calendar is reminded here too (the notice reaches only accounts
    // linked to a person): from November, when next year is not entered yet.
    let calendar = u.may("holiday_year_save").then(|| Resource::new(|| (), |_| crate::api::lectures::holiday_calendar()));
    view! {
        <section class="panel">
            <h1>{t("您好")}{t("，")}<span translate="no">{u.display_name.clone()}</span></h1>
            <p class="muted">{t("您的角色")}{t("：")} {grants}</p>
            {calendar.map(|c| view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        c.await.ok().and_then(|v| v.to_enter).map(|next| view! {
                            <div class="alert warning" role="status" data-testid="holiday-reminder">
                                {crate::i18n::tf(crate::domain::calendar::REMINDER, &[&next, &next])}" "
                                <a href="/lectures/holidays">{t("去录入")}</a>
                            </div>
                        })
                    })}
                </Suspense>
            })}
        </section>
        <section class="cards" aria-label=t("可用功能")>
            {cards.into_iter().map(|(href, title, text)| view! {
                <A href=href attr:class="card">
                    <strong>{t(title)}</strong>
                    <span>{t(text)}</span>
                </A>
            }).collect_view()}
        </section>
    }
}
