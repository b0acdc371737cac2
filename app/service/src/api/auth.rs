use crate::error::AppError;
use crate::model::{Locale, SessionInfo, Viewer};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginResult {
    pub must_change_password: bool,
}

/// `remember` is a checkbox: present ("on") when ticked.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String, remember: Option<String>) -> Result<LoginResult, AppError> {
    crate::security::run("login", |ctx| ssr::login(ctx, username, password, remember.is_some())).await
}

#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Viewer, AppError> {
    crate::security::run("whoami", |ctx| async move { Ok(Viewer { user: ctx.auth.map(|a| a.user) }) }).await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let r = crate::security::run("logout", ssr::logout).await;
    crate::security::go("/login");
    r
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String, confirm: String) -> Result<(), AppError> {
    crate::security::run("change_password", |ctx| async move {
        // A password the administrator set leads on to the home page once replaced.
        let forced = ctx.user()?.must_change_password;
        ssr::change_password(ctx, current, new_password, confirm).await?;
        crate::security::go(if forced { "/" } else { "/password?saved=1" });
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "set_locale")]
pub async fn set_locale(locale: Locale) -> Result<(), AppError> {
    crate::security::run("set_locale", |ctx| async move {
        use crate::store::{audit, users};
        let user = ctx.user()?.clone();
        let mut w = ctx.db().write().await?;
        users::set_locale(&mut w, user.id, locale).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "user",
                entity_id: user.id.to_string(),
                action: "set_locale",
                before: serde_json::json!({ "locale": user.locale.code() }),
                after: serde_json::json!({ "locale": locale.code() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    crate::security::run("my_sessions", |ctx| async move {
        let user = ctx.user()?;
        Ok(crate::store::sessions::list_live(ctx.db(), user.id, ctx.session_id()).await?)
    })
    .await
}

/// End one of the caller's own sessions. Another person's session id is simply not found.
#[server(prefix = "/api", endpoint = "end_my_session")]
pub async fn end_my_session(session_id: i64) -> Result<(), AppError> {
    crate::security::run("end_my_session", |ctx| async move {
        use crate::store::{audit, sessions};
        let user = ctx.user()?;
        let mut w = ctx.db().write().await?;
        if !sessions::end(&mut w, session_id, Some(user.id)).await? {
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
                after: serde_json::json!({ "by": "self" }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::LoginResult;
    use crate::domain::time::format_ms;
    use crate::error::AppError;
    use crate::security::{clear_cookie, new_token, session_cookie, Ctx};
    use crate::store::audit::{self, Actor, NewRecord};
    use crate::store::{sessions, settings, users};
    use serde_json::json;

    const BAD_CREDENTIALS: &str = "用户名或密码错误";

    fn lock_message(until_ms: i64) -> AppError {
        AppError::Refused(format!("登录失败次数过多，账户已临时锁定，请于 {} 后再试", format_ms(until_ms)))
    }

    pub async fn login(ctx: Ctx, username: String, password: String, remember: bool) -> Result<LoginResult, AppError> {
        let username = crate::domain::roster::normalise_username(&username);
        if username.is_empty() || password.is_empty() {
            return Err(AppError::Refused("请输入用户名和密码".into()));
        }
        if username.chars().count() > 64 || password.chars().count() > 256 {
            return Err(AppError::Refused(BAD_CREDENTIALS.into()));
        }
        let db = ctx.db();
        let cfg = settings::load(db).await?;
        let window_ms = cfg.lockout_window_minutes * 60_000;
        let lock_ms = cfg.lockout_minutes * 60_000;
        let actor = Actor { user_id: None, name: username.clone(), ip: ctx.info.ip.clone() };

        let limits = sessions::Limits { threshold: cfg.lockout_threshold, window_ms, lock_ms, ip_limit: cfg.ip_failure_limit };
        // The attempt is counted before the password is checked, so concurrent guesses cannot
        // all slip in before the lock.
        let attempt = match sessions::admit(db, &username, &ctx.info.ip, &limits).await? {
            sessions::Admission::Admitted(id) => id,
            sessions::Admission::Locked(until) => {
                metrics::counter!("yucai_login_refused_total", "reason" => "locked").increment(1);
                return Err(lock_message(until));
            }
            sessions::Admission::AddressLimited => {
                metrics::counter!("yucai_login_refused_total", "reason" => "address").increment(1);
                return Err(AppError::Refused("此地址登录尝试过于频繁，请稍后再试".into()));
            }
            sessions::Admission::Busy => {
                metrics::counter!("yucai_login_refused_total", "reason" => "busy").increment(1);
                return Err(AppError::Refused("登录尝试过于频繁，请稍后再试".into()));
            }
        };
        let row = users::find_for_login(db, &username).await?;
        let ok = ctx.state.hasher.verify(&password, row.as_ref().map(|r| r.password_hash.as_str())).await?;
        let row = match row {
            Some(r) if ok && !r.disabled => r,
            _ => {
                let mut w = db.write().await?;
                let (failures, locked) = sessions::settle_failure(&mut w, attempt, &username, &ctx.info.ip, &limits).await?;
                audit::record(
                    &mut w,
                    &actor,
                    NewRecord {
                        entity: "login",
                        entity_id: username.clone(),
                        action: "failure",
                        before: serde_json::Value::Null,
                        after: json!({ "failures": failures }),
                    },
                )
                .await?;
                if locked {
                    audit::record(
                        &mut w,
                        &actor,
                        NewRecord {
                            entity: "login",
                            entity_id: username.clone(),
                            action: "lockout",
                            before: serde_json::Value::Null,
                            after: json!({ "minutes": cfg.lockout_minutes }),
                        },
                    )
                    .await?;
                }
                w.commit().await?;
                metrics::counter!("yucai_login_failures_total").increment(1);
                if locked {
                    metrics::counter!("yucai_login_lockouts_total").increment(1);
                }
                return Err(if locked {
                    lock_message(crate::store::now_ms() + lock_ms)
                } else {
                    AppError::Refused(BAD_CREDENTIALS.into())
                });
            }
        };
        let user = users::load_current(db, row.id).await?.ok_or(AppError::Refused(BAD_CREDENTIALS.into()))?;
        // A long session only for people who are nothing but employees.
        let persistent = remember && user.roles().iter().all(|r| !r.is_privileged());
        let (idle_ms, life_ms) = if persistent {
            let d = cfg.remember_days * 86_400_000;
            (d, d)
        } else {
            (cfg.idle_timeout_minutes * 60_000, cfg.absolute_lifetime_hours * 3_600_000)
        };
        let token = new_token();
        let mut w = db.write().await?;
        let session_id = sessions::create(
            &mut w,
            sessions::NewSession {
                token_hash: &ctx.state.secrets.token_hash(&token),
                user_id: user.id,
                idle_timeout_ms: idle_ms,
                lifetime_ms: life_ms,
                persistent,
                user_agent: &ctx.info.user_agent,
                ip: &ctx.info.ip,
            },
        )
        .await?;
        sessions::settle_success(&mut w, attempt).await?;
        audit::record(
            &mut w,
            &Actor { user_id: Some(user.id), ..actor },
            NewRecord {
                entity: "login",
                entity_id: username.clone(),
                action: "success",
                before: serde_json::Value::Null,
                after: json!({ "session": session_id, "persistent": persistent }),
            },
        )
        .await?;
        w.commit().await?;
        let max_age = persistent.then_some(life_ms / 1000);
        ctx.append_header(http::header::SET_COOKIE, &session_cookie(&token, max_age, ctx.state.config.secure_cookies));
        Ok(LoginResult { must_change_password: user.must_change_password })
    }

    pub async fn logout(ctx: Ctx) -> Result<(), AppError> {
        if let Some(id) = ctx.session_id() {
            let mut w = ctx.db().write().await?;
            sessions::end(&mut w, id, None).await?;
            audit::record(
                &mut w,
                &ctx.actor(),
                NewRecord {
                    entity: "session",
                    entity_id: id.to_string(),
                    action: "logout",
                    before: serde_json::Value::Null,
                    after: serde_json::Value::Null,
                },
            )
            .await?;
            w.commit().await?;
        }
        ctx.append_header(http::header::SET_COOKIE, &clear_cookie(ctx.state.config.secure_cookies));
        Ok(())
    }

    pub async fn change_password(ctx: Ctx, current: String, new_password: String, confirm: String) -> Result<(), AppError> {
        let user = ctx.user()?.clone();
        let db = ctx.db();
        let hash = users::password_hash(db, user.id).await?.ok_or(AppError::Unauthorized)?;
        if !ctx.state.hasher.verify(&current, Some(&hash)).await? {
            return Err(AppError::field("current", "当前密码不正确"));
        }
        if new_password != confirm {
            return Err(AppError::field("confirm", "两次输入的新密码不一致"));
        }
        if new_password == current {
            return Err(AppError::field("new_password", "新密码不能与当前密码相同"));
        }
        let cfg = settings::load(db).await?;
        cfg.password_policy().check(&user.username, &new_password).map_err(|v| AppError::field("new_password", v.message_zh()))?;
        let new_hash = ctx.state.hasher.hash(&new_password).await?;
        let mut w = db.write().await?;
        users::set_password(&mut w, user.id, &new_hash, false).await?;
        let ended = sessions::end_all_for_user(&mut w, user.id, ctx.session_id()).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "user",
                entity_id: user.id.to_string(),
                action: "change_password",
                before: serde_json::Value::Null,
                after: json!({ "other_sessions_ended": ended }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}
