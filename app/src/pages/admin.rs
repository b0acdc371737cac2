use crate::api::admin::*;
use crate::authz::{Role, RoleGrant};
use crate::components::{confirm, field_error, role_label, with_query, ErrorBox, Guarded, Loading, Pagination};
use crate::error::AppError;
use crate::i18n::{t, use_locale};
use crate::model::{AuditFilter, CurrentUser, Locale, Settings, UnitOption, UserSummary};
use crate::pages::me::SessionTable;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
fn AdminTabs(current: &'static str) -> impl IntoView {
    let tabs = [("/admin", "账户"), ("/admin/settings", "系统设置"), ("/admin/audit", "审计日志")];
    view! {
        <nav class="tabs" aria-label=t("系统管理")>
            {tabs.into_iter().map(|(href, label)| view! {
                <A href=href attr:class=if href == current { "tab active" } else { "tab" }
                   attr:aria-current=if href == current { Some("page") } else { None }>{t(label)}</A>
            }).collect_view()}
        </nav>
    }
}

// ---------- accounts ----------

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <Guarded path="/admin" view=users_page/> }
}

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Roles(i64),
    Sessions(i64),
}

fn users_page(_u: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1));
    let version = RwSignal::new(0u32);
    let users = Resource::new(move || (search(), page(), version.get()), |(s, p, _)| admin_list_users(s, p));
    let units = Resource::new(|| (), |_| crate::api::roster::unit_options());
    let issued = RwSignal::new(None::<IssuedPassword>);
    let panel = RwSignal::new(None::<Panel>);
    let show_create = RwSignal::new(false);
    let message = RwSignal::new(None::<Result<String, AppError>>);

    let set_disabled = Action::new(move |(id, d): &(i64, bool)| {
        let (id, d) = (*id, *d);
        async move {
            let r = admin_set_disabled(id, d).await;
            message.set(Some(r.map(|_| {
                if d {
                    t("账户已停用，其所有会话已结束。").to_string()
                } else {
                    t("账户已启用。").to_string()
                }
            })));
            version.update(|v| *v += 1);
        }
    });
    let reset = Action::new(move |id: &i64| {
        let id = *id;
        async move {
            match admin_reset_password(id).await {
                Ok(p) => {
                    message.set(None);
                    issued.set(Some(p));
                }
                Err(e) => message.set(Some(Err(e))),
            }
            version.update(|v| *v += 1);
        }
    });

    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = input.get().map(|i| i.value()).unwrap_or_default();
        navigate(&with_query("/admin", &[("q", v.trim().to_string())]), Default::default());
    };

    view! {
        <AdminTabs current="/admin"/>
        <section class="panel">
            <div class="panel-head">
                <h1>{t("账户")}</h1>
                <button type="button" class="primary" on:click=move |_| show_create.update(|s| *s = !*s)
                    aria-expanded=move || show_create.get().to_string()>{t("新建账户")}</button>
            </div>
            {move || show_create.get().then(|| view! {
                <CreateUser units=units on_created=Callback::new(move |p: IssuedPassword| {
                    issued.set(Some(p));
                    show_create.set(false);
                    version.update(|v| *v += 1);
                })/>
            })}
            {move || issued.get().map(|p| view! { <IssuedSlip issued=p on_close=Callback::new(move |_| issued.set(None))/> })}
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <div class="alert success" role="status">{text}</div> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
            <form class="toolbar" role="search" on:submit=on_search>
                <label for="user-q" class="sr-only">{t("搜索")}</label>
                <input id="user-q" type="search" node_ref=input prop:value=search placeholder=t("用户名或姓名") maxlength="50"/>
                <button type="submit">{t("搜索")}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                        Ok(p) => {
                            let s = search();
                            let href = Callback::new(move |n: i64| with_query("/admin", &[("q", s.clone()), ("page", n.to_string())]));
                            let (pg, pages, total) = (p.page, p.pages(), p.total);
                            view! {
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("用户名")}</th>
                                                <th scope="col">{t("显示名称")}</th>
                                                <th scope="col">{t("角色")}</th>
                                                <th scope="col">{t("状态")}</th>
                                                <th scope="col">{t("操作")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.items.into_iter().map(|u| user_row(u, panel, set_disabled, reset)).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pagination page=pg pages=pages total=total href=href/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        {move || panel.get().map(|p| match p {
            Panel::Roles(id) => view! { <EditRoles user_id=id units=units users=users on_done=Callback::new(move |_| { panel.set(None); version.update(|v| *v += 1); })/> }.into_any(),
            Panel::Sessions(id) => view! { <UserSessions user_id=id on_close=Callback::new(move |_| panel.set(None))/> }.into_any(),
        })}
    }
}

fn grants_text(grants: &[RoleGrant]) -> String {
    grants
        .iter()
        .map(|g| match &g.unit_name {
            Some(u) => match use_locale() {
                Locale::En => format!("{} ({})", role_label(g.role), u),
                Locale::Zh => format!("{}（{}）", role_label(g.role), u),
            },
            None => role_label(g.role).to_string(),
        })
        .collect::<Vec<_>>()
        .join(t("、"))
}

fn user_row(
    u: UserSummary,
    panel: RwSignal<Option<Panel>>,
    set_disabled: Action<(i64, bool), ()>,
    reset: Action<i64, ()>,
) -> impl IntoView {
    let id = u.id;
    let disabled = u.disabled;
    let name = u.username.clone();
    let name2 = u.username.clone();
    view! {
        <tr class:muted=disabled>
            <td data-label=t("用户名")>{u.username.clone()}</td>
            <td data-label=t("显示名称")>{u.display_name.clone()}</td>
            <td data-label=t("角色")>{grants_text(&u.grants)}</td>
            <td data-label=t("状态")>
                {if disabled { t("已停用") } else { t("正常") }}
                {u.must_change_password.then(|| view! { " " <span class="badge">{t("待改密")}</span> })}
            </td>
            <td class="actions">
                <button type="button" class="small" on:click=move |_| {
                    let msg = match (use_locale(), disabled) {
                        (Locale::En, true) => format!("Enable the account “{name}”?"),
                        (Locale::En, false) => format!("Disable the account “{name}”? All its sessions will end at once."),
                        (Locale::Zh, true) => format!("确定启用账户“{name}”吗？"),
                        (Locale::Zh, false) => format!("确定停用账户“{name}”吗？其所有会话将立即结束。"),
                    };
                    if confirm(&msg) { set_disabled.dispatch((id, !disabled)); }
                }>{if disabled { t("启用") } else { t("停用") }}</button>
                <button type="button" class="small" on:click=move |_| {
                    let msg = match use_locale() {
                        Locale::En => format!("Reset the password of “{name2}”? All the account's sessions will end, and a new password must be chosen at the next login."),
                        Locale::Zh => format!("确定重置账户“{name2}”的密码吗？该账户的所有会话将结束，下次登录须修改密码。"),
                    };
                    if confirm(&msg) { reset.dispatch(id); }
                }>{t("重置密码")}</button>
                <button type="button" class="small" on:click=move |_| panel.set(Some(Panel::Roles(id)))>{t("编辑角色")}</button>
                <button type="button" class="small" on:click=move |_| panel.set(Some(Panel::Sessions(id)))>{t("会话")}</button>
            </td>
        </tr>
    }
}

/// The one-time password slip, printable.
#[component]
fn IssuedSlip(issued: IssuedPassword, on_close: Callback<()>) -> impl IntoView {
    view! {
        <div class="slip" role="dialog" aria-label=t("初始密码")>
            <h2>{t("初始密码")}</h2>
            <dl class="record">
                <dt>{t("用户名")}</dt><dd class="mono">{issued.username}</dd>
                <dt>{t("初始密码")}</dt><dd class="mono" data-testid="issued-password">{issued.password}</dd>
            </dl>
            <p class="hint">{t("临时密码只显示这一次，请当面或通过安全渠道交给本人。首次登录时须修改。")}</p>
            <div class="button-row no-print">
                <crate::components::PrintButton/>
                <button type="button" on:click=move |_| on_close.run(())>{t("关闭")}</button>
            </div>
        </div>
    }
}

/// Role checkboxes plus one scope for HR and leader roles (administrators and employees are
/// organisation-wide).
#[component]
fn RolePicker(selected: RwSignal<Vec<Role>>, scope: RwSignal<i64>, units: Vec<UnitOption>) -> impl IntoView {
    view! {
        <fieldset class="roles">
            <legend>{t("角色")}</legend>
            {Role::ALL.into_iter().map(|r| view! {
                <label class="check">
                    <input type="checkbox" value=r.code() prop:checked=move || selected.with(|s| s.contains(&r))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| { s.retain(|x| *x != r); if on { s.push(r); } });
                        }/>
                    {role_label(r)}
                </label>
            }).collect_view()}
            <label for="scope">{t("范围")}" "{t("（人事、领导）")}</label>
            <select id="scope" on:change=move |ev| scope.set(event_target_value(&ev).parse().unwrap_or(0)) prop:value=move || scope.get().to_string()>
                <option value="0">{t("全单位")}</option>
                {crate::components::unit_options_view(units)}
            </select>
        </fieldset>
    }
}

fn grants_from(selected: &[Role], scope: i64) -> Vec<RoleGrant> {
    let mut roles = selected.to_vec();
    roles.sort();
    roles
        .into_iter()
        .map(|role| RoleGrant {
            role,
            unit_id: matches!(role, Role::Hr | Role::Leader).then_some(scope).filter(|s| *s != 0),
            unit_name: None,
        })
        .collect()
}

#[component]
fn CreateUser(units: Resource<Result<Vec<UnitOption>, AppError>>, on_created: Callback<IssuedPassword>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let selected = RwSignal::new(vec![Role::Employee]);
    let scope = RwSignal::new(0i64);
    let create = Action::new(move |a: &NewAccount| {
        let a = a.clone();
        async move {
            let r = admin_create_user(a).await;
            if let Ok(p) = &r {
                on_created.run(p.clone());
            }
            r
        }
    });
    let err = move || create.value().get().and_then(|r| r.err());
    view! {
        <form class="form boxed" on:submit=move |ev| {
            ev.prevent_default();
            create.dispatch(NewAccount {
                username: username.get_untracked(),
                display_name: display.get_untracked(),
                grants: grants_from(&selected.get_untracked(), scope.get_untracked()),
            });
        }>
            <h2>{t("新建账户")}</h2>
            <label for="new-username">{t("用户名")}</label>
            <input id="new-username" type="text" required autocapitalize="none" bind:value=username/>
            {move || field_error(err(), "username")}
            <label for="new-display">{t("显示名称")}</label>
            <input id="new-display" type="text" required bind:value=display/>
            {move || field_error(err(), "display_name")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = units.await.unwrap_or_default();
                    view! { <RolePicker selected scope units=list/> }
                })}
            </Suspense>
            {move || field_error(err(), "grants")}
            {move || err().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=create.pending()>{t("创建")}</button>
            </div>
        </form>
    }
}

#[component]
fn EditRoles(
    user_id: i64,
    units: Resource<Result<Vec<UnitOption>, AppError>>,
    users: Resource<Result<crate::model::Page<UserSummary>, AppError>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let selected = RwSignal::new(Vec::<Role>::new());
    let scope = RwSignal::new(0i64);
    let name = RwSignal::new(String::new());
    // Start from the user's current grants.
    Effect::new(move |_| {
        if let Some(Ok(p)) = users.get() {
            if let Some(u) = p.items.iter().find(|u| u.id == user_id) {
                selected.set(u.grants.iter().map(|g| g.role).collect());
                scope.set(u.grants.iter().find_map(|g| g.unit_id).unwrap_or(0));
                name.set(u.username.clone());
            }
        }
    });
    let save = Action::new(move |g: &Vec<RoleGrant>| {
        let g = g.clone();
        async move {
            let r = admin_set_roles(user_id, g).await;
            if r.is_ok() {
                on_done.run(());
            }
            r
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <h2>{t("编辑角色")}" · "{move || name.get()}</h2>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(grants_from(&selected.get_untracked(), scope.get_untracked()));
            }>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        let list = units.await.unwrap_or_default();
                        view! { <RolePicker selected scope units=list/> }
                    })}
                </Suspense>
                {move || err().map(|e| view! { <ErrorBox error=e/> })}
                <div class="button-row">
                    <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
                    <button type="button" on:click=move |_| on_done.run(())>{t("取消")}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn UserSessions(user_id: i64, on_close: Callback<()>) -> impl IntoView {
    let end = Action::new(|id: &i64| admin_end_session(*id));
    let list = Resource::new(move || end.version().get(), move |_| admin_user_sessions(user_id));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h2>{t("会话")}</h2>
                <button type="button" on:click=move |_| on_close.run(())>{t("关闭")}</button>
            </div>
            {move || end.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <SessionTable list=l action="/api/admin_end_session"/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

// ---------- settings ----------

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <Guarded path="/admin/settings" view=settings_page/> }
}

fn settings_page(_u: CurrentUser) -> impl IntoView {
    let loaded = Resource::new(|| (), |_| admin_get_settings());
    view! {
        <AdminTabs current="/admin/settings"/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(s) => view! { <SettingsForm initial=s/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsForm(initial: Settings) -> impl IntoView {
    let s = RwSignal::new(initial);
    let save = Action::new(|s: &Settings| admin_save_settings(s.clone()));
    let err = move || save.value().get().and_then(|r| r.err());
    type Field = (&'static str, &'static str, fn(&mut Settings) -> &mut i64);
    let groups: [(&str, Vec<Field>); 3] = [
        (
            "密码策略",
            vec![
                ("password_min_length", "密码最小长度", |s| &mut s.password_min_length),
                ("password_require_classes", "密码字符类别数", |s| &mut s.password_require_classes),
            ],
        ),
        (
            "登录保护",
            vec![
                ("lockout_threshold", "锁定前允许失败次数", |s| &mut s.lockout_threshold),
                ("lockout_window_minutes", "失败计数时间窗（分钟）", |s| &mut s.lockout_window_minutes),
                ("lockout_minutes", "锁定时长（分钟）", |s| &mut s.lockout_minutes),
                ("ip_failure_limit", "同一地址失败上限", |s| &mut s.ip_failure_limit),
            ],
        ),
        (
            "会话时长",
            vec![
                ("idle_timeout_minutes", "空闲超时（分钟）", |s| &mut s.idle_timeout_minutes),
                ("absolute_lifetime_hours", "会话最长时长（小时）", |s| &mut s.absolute_lifetime_hours),
                ("remember_days", "保持登录天数（职工）", |s| &mut s.remember_days),
            ],
        ),
    ];
    view! {
        <form class="form panel" on:submit=move |ev| { ev.prevent_default(); save.dispatch(s.get_untracked()); }>
            <h1>{t("系统设置")}</h1>
            {groups.into_iter().map(|(title, fields)| view! {
                <fieldset>
                    <legend>{t(title)}</legend>
                    {fields.into_iter().map(|(key, label, get)| {
                        let id = format!("set-{key}");
                        view! {
                            <label for=id.clone()>{t(label)}</label>
                            <input id=id type="number" inputmode="numeric" required
                                prop:value=move || s.with(|s| { let mut c = s.clone(); get(&mut c).to_string() })
                                on:change=move |ev| {
                                    let v = event_target_value(&ev).trim().parse::<i64>().unwrap_or(-1);
                                    s.update(|s| *get(s) = v);
                                }/>
                            {move || field_error(err(), key)}
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <div class="alert success" role="status">{t("已保存")}</div> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
            </div>
        </form>
    }
}

// ---------- audit log ----------

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guarded path="/admin/audit" view=audit_page/> }
}

fn audit_page(_u: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AuditFilter {
            actor: q.get("actor").unwrap_or_default(),
            entity: q.get("entity").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    };
    let log = Resource::new(filter, admin_audit_log);
    let navigate = use_navigate();
    let initial = filter();
    let actor = RwSignal::new(initial.actor);
    let entity = RwSignal::new(initial.entity);
    let action = RwSignal::new(initial.action);
    let from = RwSignal::new(initial.from);
    let to = RwSignal::new(initial.to);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("actor", actor.get_untracked()),
            ("entity", entity.get_untracked()),
            ("action", action.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ];
        navigate(&with_query("/admin/audit", &pairs), Default::default());
    };
    let entities = [
        ("", "全部"),
        ("login", "登录"),
        ("session", "会话"),
        ("user", "账户"),
        ("settings", "系统设置"),
        ("system", "系统"),
        ("person", "人员档案"),
        ("unit", "部室"),
        ("correction", "更正申请"),
        ("roster", "花名册"),
        ("retirement_rules", "退休规则"),
    ];
    view! {
        <AdminTabs current="/admin/audit"/>
        <section class="panel">
            <h1>{t("审计日志")}</h1>
            <form class="filters" on:submit=on_submit>
                <label>{t("操作人")}<input name="actor" type="text" bind:value=actor/></label>
                <label>{t("对象")}
                    <select name="entity" prop:value=move || entity.get() on:change=move |ev| entity.set(event_target_value(&ev))>
                        {entities.into_iter().map(|(v, l)| view! { <option value=v>{t(l)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("动作")}<input name="action" type="text" bind:value=action placeholder=t("如 failure、lockout")/></label>
                <label>{t("起始日期")}<input name="from" type="date" bind:value=from/></label>
                <label>{t("截止日期")}<input name="to" type="date" bind:value=to/></label>
                <div class="button-row">
                    <button type="submit" class="primary">{t("筛选")}</button>
                    <A href="/admin/audit">{t("清除")}</A>
                </div>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                        Ok(p) => {
                            let f = filter();
                            let href = Callback::new(move |n: i64| with_query("/admin/audit", &[
                                ("actor", f.actor.clone()), ("entity", f.entity.clone()), ("action", f.action.clone()),
                                ("from", f.from.clone()), ("to", f.to.clone()), ("page", n.to_string()),
                            ]));
                            let (pg, pages, total) = (p.page, p.pages(), p.total);
                            view! {
                                <div class="table-wrap">
                                    <table class="data audit">
                                        <thead>
                                            <tr>
                                                <th scope="col">"#"</th>
                                                <th scope="col">{t("时间")}</th>
                                                <th scope="col">{t("操作人")}</th>
                                                <th scope="col">{t("地址")}</th>
                                                <th scope="col">{t("对象")}</th>
                                                <th scope="col">{t("动作")}</th>
                                                <th scope="col">{t("变更前")}</th>
                                                <th scope="col">{t("变更后")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.items.into_iter().map(|e| view! {
                                                <tr>
                                                    <td data-label="#">{e.seq}</td>
                                                    <td data-label=t("时间")>{e.at}</td>
                                                    <td data-label=t("操作人")>{e.actor}</td>
                                                    <td data-label=t("地址")>{e.ip}</td>
                                                    <td data-label=t("对象")>{format!("{} {}", e.entity, e.entity_id)}</td>
                                                    <td data-label=t("动作")>{e.action}</td>
                                                    <td data-label=t("变更前") class="json">{e.before}</td>
                                                    <td data-label=t("变更后") class="json">{e.after}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pagination page=pg pages=pages total=total href=href/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
