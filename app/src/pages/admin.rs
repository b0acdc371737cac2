use crate::api::admin::*;
use crate::authz::{Role, RoleGrant};
use crate::components::{
    field_error, flash, flash_note, form_error, other_errors, role_label, with_query, Confirm, ErrorBox, Guarded, Loading, Pagination,
    PostForm, PrintButton,
};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::model::{AuditFilter, CurrentUser, Locale, Settings, UnitOption, UserSummary};
use crate::pages::me::SessionTable;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

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

/// What the accounts page shows, from its address: the search and page of the list, and the one
/// account whose roles or sessions are open below it.
#[derive(Clone, Default)]
struct UsersQuery {
    q: String,
    page: i64,
    roles: Option<i64>,
    sessions: Option<i64>,
}

impl UsersQuery {
    fn read() -> UsersQuery {
        use_query_map().with_untracked(|q| UsersQuery {
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            roles: q.get("roles").and_then(|p| p.parse().ok()),
            sessions: q.get("sessions").and_then(|p| p.parse().ok()),
        })
    }

    /// The list as it is, with one account's panel open (or none).
    fn href(&self, page: i64, panel: Option<(&str, i64)>) -> String {
        let mut pairs = vec![("q", self.q.clone()), ("page", if page > 1 { page.to_string() } else { String::new() })];
        if let Some((k, id)) = panel {
            pairs.push((k, id.to_string()));
        }
        let href = with_query("/admin", &pairs);
        match panel {
            Some(_) => format!("{href}#panel"),
            None => href,
        }
    }
}

fn users_page(_u: CurrentUser) -> impl IntoView {
    let query = UsersQuery::read();
    let users = Resource::new(|| (), {
        let (q, page) = (query.q.clone(), query.page);
        move |_| admin_list_users(q.clone(), page)
    });
    let units = Resource::new(|| (), |_| crate::api::roster::unit_options());
    let sessions = Resource::new(|| (), {
        let id = query.sessions;
        move |_| async move {
            match id {
                Some(id) => admin_user_sessions(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // A password just issued (a new account, or a reset): shown on this page load only.
    let token = shown_token();
    let asked = token.is_some();
    let issued = Resource::new(|| (), move |_| take_shown::<IssuedPassword>(token.clone(), ISSUED));
    let create_err = form_error::<AdminCreateUser>();
    let disabled_note = flash("admin_set_disabled").map(|n| {
        let text = if n == Some(1) { t("账户已停用，其所有会话已结束。") } else { t("账户已启用。") };
        view! { <p class="alert success" role="status" data-testid="flash">{text}</p> }
    });
    let row_errors = [
        form_error::<AdminSetDisabled>(),
        form_error::<AdminResetPassword>(),
        form_error::<AdminSetRoles>().filter(|_| query.roles.is_none()),
    ];
    let q = query.clone();
    let panel_close = query.href(query.page, None);
    let create_open = create_err.is_some();

    view! {
        <AdminTabs current="/admin"/>
        <section class="panel">
            <div class="panel-head">
                <h1>{t("账户")}</h1>
            </div>
            // The new-account form opens in place (and stays open when it comes back with an error).
            <details class="create-user" open=create_open>
                <summary class="button primary">{t("新建账户")}</summary>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || {
                        let create_err = create_err.clone();
                        Suspend::new(async move {
                            let list = units.await.unwrap_or_default();
                            create_user_form(list, create_err)
                        })
                    }}
                </Suspense>
            </details>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match issued.await {
                        Ok(Some(p)) => issued_slip(p).into_any(),
                        Ok(None) if asked => view! {
                            <p class="alert" role="status">{t("临时密码只显示一次。如需新的临时密码，请再次重置。")}</p>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            {disabled_note}
            {flash_note("admin_set_roles", "角色已保存，该账户须重新登录。")}
            {flash_note("admin_end_session", "会话已结束。")}
            {row_errors.into_iter().flatten().map(|e| view! { <ErrorBox error=e/> }).collect_view()}
            <form class="toolbar" role="search" method="get" action="/admin">
                <label for="user-q" class="sr-only">{t("搜索")}</label>
                <input id="user-q" name="q" type="search" value=query.q.clone() placeholder=t("用户名或姓名") maxlength="50"/>
                <button type="submit">{t("搜索")}</button>
            </form>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let q = q.clone();
                    Suspend::new(async move {
                        match users.await {
                            Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                            Ok(p) => {
                                let href = Callback::new({
                                    let q = q.clone();
                                    move |n: i64| q.href(n, None)
                                });
                                let (pg, pages, total) = (p.page, p.pages(), p.total);
                                let editing = q.roles.and_then(|id| p.items.iter().find(|u| u.id == id).cloned());
                                let list = units.await.unwrap_or_default();
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
                                                {p.items.into_iter().map(|u| user_row(u, &q)).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <Pagination page=pg pages=pages total=total href=href/>
                                    {editing.map(|u| edit_roles(u, list, &q))}
                                }.into_any()
                            }
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let close = panel_close.clone();
                Suspend::new(async move {
                    match sessions.await {
                        Ok(Some(list)) => view! {
                            <section class="panel" id="panel">
                                <div class="panel-head">
                                    <h2>{t("会话")}</h2>
                                    <a class="button" href=close>{t("关闭")}</a>
                                </div>
                                {form_error::<AdminEndSession>().map(|e| view! { <ErrorBox error=e/> })}
                                <SessionTable list=list action="/api/admin_end_session"/>
                            </section>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
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

fn user_row(u: UserSummary, q: &UsersQuery) -> impl IntoView {
    let id = u.id.to_string();
    let disabled = u.disabled;
    let toggle_question = if disabled {
        tf("确定启用账户“{}”吗？", &[&u.username])
    } else {
        tf("确定停用账户“{}”吗？其所有会话将立即结束。", &[&u.username])
    };
    let reset_question = tf("确定重置账户“{}”的密码吗？该账户的所有会话将结束，下次登录须修改密码。", &[&u.username]);
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
                <form method="post" action="/api/admin_set_disabled" class="inline">
                    <input type="hidden" name="user_id" value=id.clone()/>
                    <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                    <Confirm label=if disabled { "启用" } else { "停用" } question=toggle_question
                        yes=if disabled { "确认启用" } else { "确认停用" } danger=!disabled/>
                </form>
                <form method="post" action="/api/admin_reset_password" class="inline">
                    <input type="hidden" name="user_id" value=id.clone()/>
                    <Confirm label="重置密码" question=reset_question yes="确认重置" danger=true/>
                </form>
                <a class="button small" href=q.href(q.page, Some(("roles", u.id)))>{t("编辑角色")}</a>
                <a class="button small" href=q.href(q.page, Some(("sessions", u.id)))>{t("会话")}</a>
            </td>
        </tr>
    }
}

/// Where both a new account's and a reset's password are kept for the page (see `shown_once`).
const ISSUED: &str = "issued_password";

/// The one-time password slip, printable.
fn issued_slip(issued: IssuedPassword) -> impl IntoView {
    view! {
        <div class="slip" role="region" aria-label=t("初始密码")>
            <h2>{t("初始密码")}</h2>
            <dl class="record">
                <dt>{t("用户名")}</dt><dd class="mono">{issued.username}</dd>
                <dt>{t("初始密码")}</dt><dd class="mono" translate="no" data-testid="issued-password">{issued.password}</dd>
            </dl>
            <p class="hint">{t("临时密码只显示这一次，请当面或通过安全渠道交给本人。首次登录时须修改。")}</p>
            <div class="button-row no-print">
                <PrintButton/>
                <a class="button" href="/admin">{t("关闭")}</a>
            </div>
        </div>
    }
}

/// A box per role and one 部室 for the HR and leader roles (administrators and employees are
/// organisation-wide). `prefix` names the fields as the server function reads them.
fn role_picker(prefix: &'static str, id: &'static str, selected: Vec<Role>, scope: i64, units: Vec<UnitOption>) -> impl IntoView {
    let scope_id = format!("{id}-scope");
    let name = move |field: &str| if prefix.is_empty() { field.to_string() } else { format!("{prefix}[{field}]") };
    view! {
        <fieldset class="roles">
            <legend>{t("角色")}</legend>
            {Role::ALL.into_iter().map(|r| {
                let box_id = format!("{id}-{}", r.code());
                view! {
                    <label class="check" for=box_id.clone()>
                        <input id=box_id.clone() type="checkbox" name=format!("{}[]", name("roles")) value=format!("{r:?}") checked=selected.contains(&r)/>
                        {role_label(r)}
                    </label>
                }
            }).collect_view()}
            <label for=scope_id.clone()>{t("范围")}" "{t("（人事、领导）")}</label>
            <select id=scope_id name=name("scope")>
                <option value="0">{t("全单位")}</option>
                {units.into_iter().map(|u| view! {
                    <option value=u.id.to_string() selected=u.id == scope>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option>
                }).collect_view()}
            </select>
        </fieldset>
    }
}

fn create_user_form(units: Vec<UnitOption>, err: Option<AppError>) -> impl IntoView {
    view! {
        <PostForm action="/api/admin_create_user" class="form boxed">
            <h2>{t("新建账户")}</h2>
            <div class="field">
                <label for="new-username">{t("用户名")}</label>
                <input id="new-username" name="account[username]" type="text" required maxlength="32" autocapitalize="none" autocomplete="off"/>
                {field_error(err.clone(), "username")}
            </div>
            <div class="field">
                <label for="new-display">{t("显示名称")}</label>
                <input id="new-display" name="account[display_name]" type="text" required maxlength="40"/>
                {field_error(err.clone(), "display_name")}
            </div>
            {role_picker("account", "new", vec![Role::Employee], 0, units)}
            {field_error(err.clone(), "roles")}
            {field_error(err.clone(), "scope")}
            {other_errors(err)}
            <div class="button-row">
                <button type="submit" class="primary">{t("创建")}</button>
            </div>
        </PostForm>
    }
}

fn edit_roles(u: UserSummary, units: Vec<UnitOption>, q: &UsersQuery) -> impl IntoView {
    let err = form_error::<AdminSetRoles>();
    let selected: Vec<Role> = u.grants.iter().map(|g| g.role).collect();
    let scope = u.grants.iter().find_map(|g| g.unit_id).unwrap_or(0);
    let cancel = q.href(q.page, None);
    view! {
        <section class="panel" id="panel">
            <h2>{t("编辑角色")}" · "<span translate="no">{u.username.clone()}</span></h2>
            <PostForm action="/api/admin_set_roles" class="form">
                <input type="hidden" name="user_id" value=u.id.to_string()/>
                {role_picker("", "edit", selected, scope, units)}
                {field_error(err.clone(), "roles")}
                {field_error(err.clone(), "scope")}
                {other_errors(err)}
                <div class="button-row">
                    <button type="submit" class="primary">{t("保存")}</button>
                    <a class="button" href=cancel>{t("取消")}</a>
                </div>
            </PostForm>
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
                    Ok(s) => settings_form(s).into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn settings_form(s: Settings) -> impl IntoView {
    let err = form_error::<AdminSaveSettings>();
    type Field = (&'static str, &'static str, i64);
    let groups: [(&str, Vec<Field>); 3] = [
        (
            "密码策略",
            vec![
                ("password_min_length", "密码最小长度", s.password_min_length),
                ("password_require_classes", "密码字符类别数", s.password_require_classes),
            ],
        ),
        (
            "登录保护",
            vec![
                ("lockout_threshold", "锁定前允许失败次数", s.lockout_threshold),
                ("lockout_window_minutes", "失败计数时间窗（分钟）", s.lockout_window_minutes),
                ("lockout_minutes", "锁定时长（分钟）", s.lockout_minutes),
                ("ip_failure_limit", "同一地址失败上限", s.ip_failure_limit),
            ],
        ),
        (
            "会话时长",
            vec![
                ("idle_timeout_minutes", "空闲超时（分钟）", s.idle_timeout_minutes),
                ("absolute_lifetime_hours", "会话最长时长（小时）", s.absolute_lifetime_hours),
                ("remember_days", "保持登录天数（职工）", s.remember_days),
            ],
        ),
    ];
    view! {
        <PostForm action="/api/admin_save_settings" class="form panel">
            <h1>{t("系统设置")}</h1>
            {flash_note("admin_save_settings", "已保存")}
            {groups.into_iter().map(|(title, fields)| view! {
                <fieldset>
                    <legend>{t(title)}</legend>
                    {fields.into_iter().map(|(key, label, value)| {
                        let id = format!("set-{key}");
                        view! {
                            <div class="field">
                                <label for=id.clone()>{t(label)}</label>
                                <input id=id name=format!("settings[{key}]") type="number" inputmode="numeric" step="1" required value=value.to_string()/>
                                {field_error(err.clone(), key)}
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            {other_errors(err.clone())}
            <div class="button-row">
                <button type="submit" class="primary">{t("保存")}</button>
            </div>
        </PostForm>
    }
}

// ---------- audit log ----------

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guarded path="/admin/audit" view=audit_page/> }
}

fn audit_page(_u: CurrentUser) -> impl IntoView {
    let f = use_query_map().with_untracked(|q| AuditFilter {
        actor: q.get("actor").unwrap_or_default(),
        entity: q.get("entity").unwrap_or_default(),
        action: q.get("action").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    });
    let log = Resource::new(|| (), {
        let f = f.clone();
        move |_| admin_audit_log(f.clone())
    });
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
    let filter = f.clone();
    view! {
        <AdminTabs current="/admin/audit"/>
        <section class="panel">
            <h1>{t("审计日志")}</h1>
            // A plain GET form: the filters live in the address, and a new filter starts at page 1.
            <form class="filters" role="search" method="get" action="/admin/audit">
                <label for="a-actor">{t("操作人")}<input id="a-actor" name="actor" type="text" maxlength="50" value=f.actor.clone()/></label>
                <label for="a-entity">{t("对象")}
                    <select id="a-entity" name="entity">
                        {entities.into_iter().map(|(v, l)| view! { <option value=v selected=v == f.entity>{t(l)}</option> }).collect_view()}
                    </select>
                </label>
                <label for="a-action">{t("动作")}<input id="a-action" name="action" type="text" maxlength="50" value=f.action.clone() placeholder=t("如 failure、lockout")/></label>
                <label for="a-from">{t("起始日期")}<input id="a-from" name="from" type="date" value=f.from.clone()/></label>
                <label for="a-to">{t("截止日期")}<input id="a-to" name="to" type="date" value=f.to.clone()/></label>
                <div class="button-row">
                    <button type="submit" class="primary">{t("筛选")}</button>
                    <a href="/admin/audit">{t("清除")}</a>
                </div>
            </form>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let f = filter.clone();
                    Suspend::new(async move {
                    match log.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                        Ok(p) => {
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
                    })
                }}
            </Suspense>
        </section>
    }
}
