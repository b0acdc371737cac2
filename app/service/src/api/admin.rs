use crate::authz::{Role, RoleGrant};
use crate::error::AppError;
use crate::model::{AuditEntry, AuditFilter, Page, SessionInfo, Settings, UserSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A new account as the form posts it: `account[username]`, `account[display_name]`, a box per
/// role (`account[roles][]=Hr`) and one 部室 for the HR and leader roles (`account[scope]`, empty
/// or 0: the whole organisation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub scope: String,
}

/// A temporary password, shown once to the administrator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub user_id: i64,
    pub username: String,
    pub password: String,
}

/// Roles ticked in a form and the one 部室 they are limited to: HR and leaders hold theirs in
/// `scope` (none or 0: the whole organisation); administrators and employees are organisation-wide.
pub fn grants_from(roles: &[Role], scope: Option<i64>) -> Vec<RoleGrant> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles
        .into_iter()
        .map(|role| RoleGrant {
            role,
            unit_id: matches!(role, Role::Hr | Role::Leader).then_some(scope).flatten().filter(|s| *s != 0),
            unit_name: None,
        })
        .collect()
}

/// The 部室 field of a roles form: empty or 0 is the whole organisation.
fn scope_of(scope: &str) -> Result<Option<i64>, AppError> {
    match scope.trim() {
        "" | "0" => Ok(None),
        s => s.parse().map(Some).map_err(|_| AppError::field("scope", "请选择部室")),
    }
}

/// A form's result kept for the page it leads to (`?shown=<token>`), shown there once: its JSON,
/// or nothing when it was shown already, was kept under another key or for another person, or is
/// over ten minutes old. See `ssr::show_once`.
#[server(prefix = "/api", endpoint = "shown_once")]
pub async fn shown_once(token: String, key: String) -> Result<Option<String>, AppError> {
    crate::security::run("shown_once", |ctx| async move {
        if token.is_empty() || token.len() > 64 || key.len() > 64 {
            return Ok(None);
        }
        let user = ctx.user()?.id;
        let mut w = ctx.db().write().await?;
        let sealed = crate::store::uploads::take_shown(&mut w, &token, user, &key, crate::store::now_ms()).await?;
        w.commit().await?;
        Ok(sealed.and_then(|s| ctx.state.secrets.decrypt(&s).ok()))
    })
    .await
}

/// The result kept under `key` that this page was sent to show (`?shown=<token>`), once.
pub async fn take_shown<T: serde::de::DeserializeOwned>(token: Option<String>, key: &str) -> Result<Option<T>, AppError> {
    match token {
        Some(token) => Ok(shown_once(token, key.to_string()).await?.and_then(|json| serde_json::from_str(&json).ok())),
        None => Ok(None),
    }
}

/// The `?shown=` token of the page being drawn, if any.
pub fn shown_token() -> Option<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("shown")).filter(|t| !t.is_empty() && t.len() <= 64)
}

#[server(prefix = "/api", endpoint = "admin_list_users")]
pub async fn admin_list_users(search: String, page: i64) -> Result<Page<UserSummary>, AppError> {
    crate::security::run("admin_list_users", |ctx| async move {
        if search.chars().count() > 50 {
            return Err(AppError::field("search", "搜索内容不能超过 50 个字"));
        }
        Ok(crate::store::users::list(ctx.db(), &search, page).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_create_user")]
pub async fn admin_create_user(account: NewAccount) -> Result<IssuedPassword, AppError> {
    crate::security::run("admin_create_user", |ctx| ssr::create_user(ctx, account)).await
}

/// Disable or enable an account; the page's note says which (`flash_count`: 1 disabled, 0 enabled).
#[server(prefix = "/api", endpoint = "admin_set_disabled")]
pub async fn admin_set_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    crate::security::run("admin_set_disabled", |ctx| async move {
        ssr::set_disabled(ctx, user_id, disabled).await?;
        crate::security::flash_count(disabled as i64);
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_reset_password")]
pub async fn admin_reset_password(user_id: i64) -> Result<IssuedPassword, AppError> {
    crate::security::run("admin_reset_password", |ctx| ssr::reset_password(ctx, user_id)).await
}

/// The roles editor: a box per role (`roles[]=Hr`) and one 部室 for the HR and leader roles
/// (`scope`, empty or 0: the whole organisation).
#[server(prefix = "/api", endpoint = "admin_set_roles")]
pub async fn admin_set_roles(user_id: i64, #[server(default)] roles: Vec<Role>, #[server(default)] scope: String) -> Result<(), AppError> {
    crate::security::run("admin_set_roles", |ctx| async move {
        let grants = grants_from(&roles, scope_of(&scope)?);
        ssr::set_roles(ctx, user_id, grants).await?;
        // The editor closes: back to the list as it was.
        crate::security::go(&ssr::origin_page());
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_user_sessions")]
pub async fn admin_user_sessions(user_id: i64) -> Result<Vec<SessionInfo>, AppError> {
    crate::security::run("admin_user_sessions", |ctx| async move {
        Ok(crate::store::sessions::list_live(ctx.db(), user_id, ctx.session_id()).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_end_session")]
pub async fn admin_end_session(session_id: i64) -> Result<(), AppError> {
    crate::security::run("admin_end_session", |ctx| async move {
        use crate::store::{audit, sessions};
        let owner = sessions::user_of(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let mut w = ctx.db().write().await?;
        if !sessions::end(&mut w, session_id, None).await? {
            return Err(AppError::NotFound);
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "session",
                entity_id: session_id.to_string(),
                action: "end",
                before: serde_json::Value::Null,
                after: serde_json::json!({ "by": "admin", "user_id": owner }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_get_settings")]
pub async fn admin_get_settings() -> Result<Settings, AppError> {
    crate::security::run("admin_get_settings", |ctx| async move { Ok(crate::store::settings::load(ctx.db()).await?) }).await
}

#[server(prefix = "/api", endpoint = "admin_save_settings")]
pub async fn admin_save_settings(settings: Settings) -> Result<(), AppError> {
    crate::security::run("admin_save_settings", |ctx| async move {
        use crate::error::FieldError;
        use crate::store::{audit, settings as st};
        let errs = st::validate(&settings);
        if !errs.is_empty() {
            return Err(AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect()));
        }
        let before = st::load(ctx.db()).await?;
        let mut w = ctx.db().write().await?;
        st::save(&mut w, &settings).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "settings",
                entity_id: "global".into(),
                action: "update",
                before: serde_json::to_value(&before).unwrap_or_default(),
                after: serde_json::to_value(&settings).unwrap_or_default(),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin_audit_log")]
pub async fn admin_audit_log(filter: AuditFilter) -> Result<Page<AuditEntry>, AppError> {
    crate::security::run("admin_audit_log", |ctx| async move {
        for (field, v) in [("actor", &filter.actor), ("entity", &filter.entity), ("action", &filter.action)] {
            if v.chars().count() > 50 {
                return Err(AppError::field(field, "筛选内容不能超过 50 个字"));
            }
        }
        for (field, v) in [("from", &filter.from), ("to", &filter.to)] {
            if !v.trim().is_empty() && chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").is_err() {
                return Err(AppError::field(field, "日期格式应为 年-月-日，如 2026-11-28"));
            }
        }
        let mut page = crate::store::audit::list(ctx.db(), &filter).await?;
        ssr::hide_personnel_details(&ctx, &mut page.items).await?;
        Ok(page)
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) use ssr::temporary_password;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::{IssuedPassword, NewAccount};
    use crate::authz::{Role, RoleGrant};
    use crate::error::{AppError, FieldError};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::{people, sessions, settings, users};
    use serde_json::json;

    use crate::domain::roster::valid_username;

    /// A temporary password that satisfies any policy up to four classes.
    pub(crate) fn temporary_password(min_len: usize) -> String {
        use rand::Rng;
        const LOWER: &[u8] = b"abcdefghjkmnpqrstuvwxyz";
        const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        const DIGIT: &[u8] = b"23456789";
        const OTHER: &[u8] = b"#%+=@";
        let mut rng = rand::rngs::OsRng;
        let len = min_len.max(12);
        let sets = [LOWER, UPPER, DIGIT, OTHER];
        let mut chars: Vec<u8> = sets.iter().map(|s| s[rng.gen_range(0..s.len())]).collect();
        while chars.len() < len {
            let s = sets[rng.gen_range(0..3)];
            chars.push(s[rng.gen_range(0..s.len())]);
        }
        // Shuffle so the classes do not sit in a fixed order.
        for i in (1..chars.len()).rev() {
            chars.swap(i, rng.gen_range(0..=i));
        }
        String::from_utf8(chars).unwrap_or_default()
    }

    async fn check_grants(ctx: &Ctx, grants: &[RoleGrant]) -> Result<Vec<RoleGrant>, AppError> {
        let mut out = Vec::new();
        for g in grants {
            let unit_id = match g.role {
                // Administrators and plain employee access are organisation-wide.
                Role::Admin | Role::Employee => None,
                Role::Hr | Role::Leader => g.unit_id.filter(|u| *u != 0),
            };
            if let Some(u) = unit_id {
                if !people::unit_exists(ctx.db(), u).await? {
                    return Err(AppError::field("scope", "所选部室不存在"));
                }
            }
            out.push(RoleGrant { role: g.role, unit_id, unit_name: None });
        }
        Ok(out)
    }

    fn grants_json(g: &[RoleGrant]) -> serde_json::Value {
        json!(g.iter().map(|g| json!({ "role": g.role.code(), "unit_id": g.unit_id })).collect::<Vec<_>>())
    }

    /// Keep `value` under `key` for the page a form leads to, where [`super::shown_once`] shows it
    /// once: sealed with the field key, in the caller's transaction (kept only if the change is).
    /// Only for forms: a client calling for data has it in the answer. The token goes into the
    /// page's address (`?shown=`).
    pub(crate) async fn show_once<T: serde::Serialize>(
        ctx: &Ctx,
        w: &mut crate::store::WriteTx,
        key: &str,
        value: &T,
    ) -> Result<Option<String>, AppError> {
        if !crate::security::form_post() {
            return Ok(None);
        }
        let json = serde_json::to_string(value).map_err(|_| AppError::Internal)?;
        let sealed = ctx.state.secrets.encrypt(&json).map_err(|_| AppError::Internal)?;
        let token = crate::security::new_token();
        crate::store::uploads::keep_shown(w, &token, ctx.user()?.id, key, &sealed, crate::store::now_ms()).await?;
        Ok(Some(token))
    }

    /// The page a form came from (its `Referer`), with its other parameters but without an earlier
    /// form's error or result, nor an open panel of the accounts page.
    pub(crate) fn origin_page() -> String {
        let referer = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string))
            .unwrap_or_default();
        without_results(&crate::url::local_path(&referer))
    }

    /// `page` without `__err`, `shown`, `roles` and `sessions`.
    pub(crate) fn without_results(page: &str) -> String {
        let (base, query) = page.split_once('?').unwrap_or((page, ""));
        let kept: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !matches!(kv.split('=').next(), Some("__err" | "shown" | "roles" | "sessions")))
            .collect();
        if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    }

    /// `page` with `shown=<token>` (see [`show_once`]).
    pub(crate) fn shown_at(page: &str, token: &str) -> String {
        crate::url::set_param(&without_results(page), "shown", token)
    }

    pub async fn create_user(ctx: Ctx, a: NewAccount) -> Result<IssuedPassword, AppError> {
        let username = crate::domain::roster::normalise_username(&a.username);
        let display_name = a.display_name.trim().to_string();
        let mut errs = Vec::new();
        if !valid_username(&username) {
            errs.push(FieldError {
                field: "username".into(), message: "用户名须为 3–32 位小写字母、数字或 . _ -，以字母开头".into()
            });
        } else if users::exists(ctx.db(), &username).await? {
            errs.push(FieldError { field: "username".into(), message: format!("用户名“{username}”已被使用") });
        }
        if display_name.is_empty() || display_name.chars().count() > 40 {
            errs.push(FieldError { field: "display_name".into(), message: "请填写姓名（不超过 40 个字）".into() });
        }
        if a.roles.is_empty() {
            errs.push(FieldError { field: "roles".into(), message: "请至少选择一个角色".into() });
        }
        let scope = match super::scope_of(&a.scope) {
            Ok(s) => s,
            Err(_) => {
                errs.push(FieldError { field: "scope".into(), message: "请选择部室".into() });
                None
            }
        };
        if !errs.is_empty() {
            return Err(AppError::Invalid(errs));
        }
        let grants = check_grants(&ctx, &super::grants_from(&a.roles, scope)).await?;
        let cfg = settings::load(ctx.db()).await?;
        let password = temporary_password(cfg.password_min_length as usize);
        let hash = ctx.state.hasher.hash(&password).await?;
        let mut w = ctx.db().write().await?;
        let id = users::create(
            &mut w,
            users::NewUser {
                username: &username,
                display_name: &display_name,
                password_hash: &hash,
                person_id: None,
                must_change_password: true,
            },
            &grants,
        )
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.message().contains("UNIQUE") || d.message().contains("unique") => {
                AppError::field("username", format!("用户名“{username}”已被使用"))
            }
            _ => AppError::from(e),
        })?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "user",
                entity_id: id.to_string(),
                action: "create",
                before: serde_json::Value::Null,
                after: json!({ "username": username, "display_name": display_name, "grants": grants_json(&grants) }),
            },
        )
        .await?;
        let issued = IssuedPassword { user_id: id, username, password };
        let shown = show_once(&ctx, &mut w, "issued_password", &issued).await?;
        w.commit().await?;
        if let Some(token) = shown {
            // The list shows the new account, the slip its password.
            crate::security::go(&shown_at(&crate::url::with_query("/admin", &[("q", issued.username.clone())]), &token));
        }
        Ok(issued)
    }

    pub async fn set_disabled(ctx: Ctx, user_id: i64, disabled: bool) -> Result<(), AppError> {
        if disabled && ctx.user()?.id == user_id {
            return Err(AppError::Refused("不能停用自己的账户".into()));
        }
        let mut w = ctx.db().write().await?;
        if !users::set_disabled(&mut w, user_id, disabled).await? {
            return Err(AppError::NotFound);
        }
        let ended = if disabled { sessions::end_all_for_user(&mut w, user_id, None).await? } else { 0 };
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "user",
                entity_id: user_id.to_string(),
                action: if disabled { "disable" } else { "enable" },
                before: json!({ "disabled": !disabled }),
                after: json!({ "disabled": disabled, "sessions_ended": ended }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn reset_password(ctx: Ctx, user_id: i64) -> Result<IssuedPassword, AppError> {
        let target = users::summary(ctx.db(), user_id).await?.ok_or(AppError::NotFound)?;
        let cfg = settings::load(ctx.db()).await?;
        let password = temporary_password(cfg.password_min_length as usize);
        let hash = ctx.state.hasher.hash(&password).await?;
        let mut w = ctx.db().write().await?;
        users::set_password(&mut w, user_id, &hash, true).await?;
        let ended = sessions::end_all_for_user(&mut w, user_id, None).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "user",
                entity_id: user_id.to_string(),
                action: "reset_password",
                before: serde_json::Value::Null,
                after: json!({ "must_change_password": true, "sessions_ended": ended }),
            },
        )
        .await?;
        let issued = IssuedPassword { user_id, username: target.username, password };
        let shown = show_once(&ctx, &mut w, "issued_password", &issued).await?;
        w.commit().await?;
        if let Some(token) = shown {
            crate::security::go(&shown_at(&origin_page(), &token));
        }
        Ok(issued)
    }

    pub async fn set_roles(ctx: Ctx, user_id: i64, grants: Vec<RoleGrant>) -> Result<(), AppError> {
        let before = users::summary(ctx.db(), user_id).await?.ok_or(AppError::NotFound)?;
        if grants.is_empty() {
            return Err(AppError::field("roles", "请至少保留一个角色"));
        }
        if ctx.user()?.id == user_id && !grants.iter().any(|g| g.role == Role::Admin) {
            return Err(AppError::Refused("不能移除自己的系统管理员角色".into()));
        }
        let grants = check_grants(&ctx, &grants).await?;
        let mut w = ctx.db().write().await?;
        users::set_roles(&mut w, user_id, &grants).await?;
        // A session carries the rights of its login: the account signs in again with the new
        // ones (an administrator changing their own keeps the session doing it).
        let own = (ctx.user()?.id == user_id).then(|| ctx.session_id()).flatten();
        let ended = crate::store::sessions::end_all_for_user(&mut w, user_id, own).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "user",
                entity_id: user_id.to_string(),
                action: "set_roles",
                before: json!({ "grants": grants_json(&before.grants) }),
                after: json!({ "grants": grants_json(&grants), "sessions_ended": ended }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Audit records about people (their records, corrections, roster exports and imports).
    const PERSONNEL_ENTITIES: &[&str] = &["person", "correction", "roster"];

    /// Keys kept, every value hidden: what changed, not to what.
    fn redact(json_text: &str) -> String {
        match serde_json::from_str::<serde_json::Value>(json_text) {
            Ok(serde_json::Value::Null) => "null".into(),
            Ok(serde_json::Value::Object(o)) => {
                serde_json::Value::Object(o.into_iter().map(|(k, _)| (k, json!("***"))).collect()).to_string()
            }
            _ => json!("***").to_string(),
        }
    }

    /// The audit viewer shows a personnel record's details only to someone who may see that
    /// person (HR or a leader, within their scope); others see which fields changed.
    pub async fn hide_personnel_details(ctx: &Ctx, items: &mut [crate::model::AuditEntry]) -> Result<(), AppError> {
        use crate::authz::{scope_for, server_fn_access, Scope};
        let grants = ctx.user()?.grants.clone();
        let scope = server_fn_access("person_get").and_then(|a| scope_for(a, &grants));
        if scope == Some(Scope::All) {
            return Ok(());
        }
        let visible: std::collections::HashSet<i64> = match &scope {
            Some(s) => {
                let ids: Vec<i64> = items.iter().filter(|e| e.entity == "person").filter_map(|e| e.entity_id.parse().ok()).collect();
                crate::store::people::ids_in_scope(ctx.db(), s, &ids).await?
            }
            None => Default::default(),
        };
        for e in items.iter_mut().filter(|e| PERSONNEL_ENTITIES.contains(&e.entity.as_str())) {
            let seen = e.entity == "person" && e.entity_id.parse().is_ok_and(|id: i64| visible.contains(&id));
            if !seen {
                e.before = redact(&e.before);
                e.after = redact(&e.after);
            }
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::domain::password_policy::PasswordPolicy;

        #[test]
        fn temporary_passwords_meet_the_strictest_policy() {
            let p = PasswordPolicy { min_length: 12, required_classes: 4 };
            for _ in 0..200 {
                let pw = temporary_password(8);
                assert_eq!(p.check("someone", &pw), Ok(()), "{pw}");
            }
        }

        #[test]
        fn usernames() {
            assert!(valid_username("zhang.san"));
            assert!(!valid_username("Zhang"));
            assert!(!valid_username("1abc"));
            assert!(!valid_username("ab"));
            assert!(!valid_username("张三"));
        }
    }
}
