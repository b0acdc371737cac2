//! Settings kept in the database (so every instance sees the same), with defaults in code.

use super::{Db, WriteTx};
use crate::domain::retirement::{default_rules, normalise, validate_rules, RetirementRule};
use crate::model::Settings;
use sqlx::Row;
use std::collections::HashMap;

const KEYS: &[&str] = &[
    "password_min_length",
    "password_require_classes",
    "lockout_threshold",
    "lockout_window_minutes",
    "lockout_minutes",
    "ip_failure_limit",
    "idle_timeout_minutes",
    "absolute_lifetime_hours",
    "remember_days",
];

fn field<'a>(s: &'a mut Settings, key: &str) -> Option<&'a mut i64> {
    Some(match key {
        "password_min_length" => &mut s.password_min_length,
        "password_require_classes" => &mut s.password_require_classes,
        "lockout_threshold" => &mut s.lockout_threshold,
        "lockout_window_minutes" => &mut s.lockout_window_minutes,
        "lockout_minutes" => &mut s.lockout_minutes,
        "ip_failure_limit" => &mut s.ip_failure_limit,
        "idle_timeout_minutes" => &mut s.idle_timeout_minutes,
        "absolute_lifetime_hours" => &mut s.absolute_lifetime_hours,
        "remember_days" => &mut s.remember_days,
        _ => return None,
    })
}

/// Every stored setting by key (read once and kept: see [`super::Cache`]).
async fn stored(db: &Db) -> Result<std::sync::Arc<HashMap<String, String>>, sqlx::Error> {
    db.cached(|c| &c.settings, async {
        sqlx::query("SELECT key, value FROM settings")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("value")?)))
            .collect()
    })
    .await
}

/// One stored setting's value.
async fn value(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(stored(db).await?.get(key).cloned())
}

pub async fn load(db: &Db) -> Result<Settings, sqlx::Error> {
    let mut s = Settings::default();
    for (key, value) in stored(db).await?.iter() {
        if let (Some(slot), Ok(v)) = (field(&mut s, key), value.parse::<i64>()) {
            *slot = v;
        }
    }
    Ok(s)
}

/// Ranges each setting must stay within, with the Chinese label used in messages.
pub fn validate(s: &Settings) -> Vec<(&'static str, String)> {
    let mut errs = Vec::new();
    let mut check = |key: &'static str, v: i64, lo: i64, hi: i64, label: &str| {
        if v < lo || v > hi {
            errs.push((key, format!("{label}应在 {lo} 到 {hi} 之间")));
        }
    };
    check("password_min_length", s.password_min_length, 6, 64, "密码最小长度");
    check("password_require_classes", s.password_require_classes, 1, 4, "密码字符类别数");
    check("lockout_threshold", s.lockout_threshold, 3, 20, "锁定前允许失败次数");
    check("lockout_window_minutes", s.lockout_window_minutes, 1, 1440, "失败计数时间窗");
    check("lockout_minutes", s.lockout_minutes, 1, 1440, "锁定时长");
    check("ip_failure_limit", s.ip_failure_limit, 5, 10000, "同一地址失败上限");
    check("idle_timeout_minutes", s.idle_timeout_minutes, 5, 480, "空闲超时");
    check("absolute_lifetime_hours", s.absolute_lifetime_hours, 1, 72, "会话最长时长");
    check("remember_days", s.remember_days, 1, 180, "保持登录天数");
    errs
}

pub async fn save(w: &mut WriteTx, s: &Settings) -> Result<(), sqlx::Error> {
    let mut copy = s.clone();
    for key in KEYS {
        let v = field(&mut copy, key).map(|v| *v).unwrap_or_default();
        sqlx::query("DELETE FROM settings WHERE key = $1").bind(*key).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(*key).bind(v.to_string()).execute(&mut *w.tx).await?;
    }
    Ok(())
}

/// The key under which HR's retirement rules are kept, as JSON.
pub const RETIREMENT_RULES: &str = "retirement_rules";

/// Stored rules, if they are there and still make sense; anything else reads as "not set".
fn parse_rules(value: Option<String>) -> Option<Vec<RetirementRule>> {
    let value = value?;
    match serde_json::from_str::<Vec<RetirementRule>>(&value) {
        Ok(rules) if validate_rules(&rules).is_empty() => Some(normalise(rules)),
        Ok(_) => {
            tracing::warn!("stored retirement rules are out of range; using the national defaults");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "stored retirement rules are unreadable; using the national defaults");
            None
        }
    }
}

/// The expected-retirement rules in force: HR's, or the national defaults when none are stored
/// (or the stored ones cannot be read).
pub async fn retirement_rules(db: &Db) -> Result<Vec<RetirementRule>, sqlx::Error> {
    let value = value(db, RETIREMENT_RULES).await?;
    Ok(parse_rules(value).unwrap_or_else(default_rules))
}

/// Inside a write: the stored rules (`None`: the defaults apply), with the row locked on
/// PostgreSQL so that two saves record their before-values in order.
pub async fn stored_retirement_rules(w: &mut WriteTx) -> Result<Option<Vec<RetirementRule>>, sqlx::Error> {
    let sql = format!("SELECT value FROM settings WHERE key = $1{}", w.engine.for_update());
    let value: Option<String> = sqlx::query_scalar(&sql).bind(RETIREMENT_RULES).fetch_optional(&mut *w.tx).await?;
    Ok(parse_rules(value))
}

/// Store the rules (validated by the caller), replacing any stored before.
pub async fn save_retirement_rules(w: &mut WriteTx, rules: &[RetirementRule]) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(&normalise(rules.to_vec())).unwrap_or_else(|_| "[]".into());
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(RETIREMENT_RULES).execute(&mut *w.tx).await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(RETIREMENT_RULES).bind(json).execute(&mut *w.tx).await?;
    Ok(())
}

/// Forget HR's rules: the national defaults apply again (and follow future releases).
pub async fn clear_retirement_rules(w: &mut WriteTx) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(RETIREMENT_RULES).execute(&mut *w.tx).await?;
    Ok(())
}

const LECTURE_RULES: &str = "lecture_rules";

/// HR's lecture rules (学时 per minutes, lateness), or the defaults.
pub async fn lecture_rules(db: &Db) -> Result<crate::domain::lectures::LectureRules, sqlx::Error> {
    let value = value(db, LECTURE_RULES).await?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub async fn save_lecture_rules(w: &mut WriteTx, rules: &crate::domain::lectures::LectureRules) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(rules).unwrap_or_else(|_| "{}".into());
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(LECTURE_RULES).execute(&mut *w.tx).await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(LECTURE_RULES).bind(json).execute(&mut *w.tx).await?;
    Ok(())
}

const POST_RULES: &str = "post_rules";

/// HR's rules for appointments (公示 working days, 试用期 months), or the defaults.
pub async fn post_rules(db: &Db) -> Result<crate::model::AppointmentRules, sqlx::Error> {
    let value = value(db, POST_RULES).await?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub async fn save_post_rules(w: &mut WriteTx, rules: &crate::model::AppointmentRules) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(rules).unwrap_or_else(|_| "{}".into());
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(POST_RULES).execute(&mut *w.tx).await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(POST_RULES).bind(json).execute(&mut *w.tx).await?;
    Ok(())
}

/// A rules value kept as JSON under `key`; the type's defaults when unset or unreadable.
pub async fn json_or_default<T: serde::de::DeserializeOwned + Default>(db: &Db, key: &str) -> Result<T, sqlx::Error> {
    let value = value(db, key).await?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

/// Keep a rules value as JSON under `key` (inside the caller's transaction).
pub async fn save_json<T: serde::Serialize>(w: &mut WriteTx, key: &str, value: &T) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(&mut *w.tx).await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(key).bind(json).execute(&mut *w.tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_or_invalid_stored_rules_read_as_unset() {
        assert_eq!(parse_rules(None), None);
        assert_eq!(parse_rules(Some("not json".into())), None);
        assert_eq!(parse_rules(Some("[]".into())), None);
        let mut bad = default_rules();
        bad[0].birth_months_per_step = 0;
        assert_eq!(parse_rules(Some(serde_json::to_string(&bad).unwrap())), None);
        let mut good = default_rules();
        good[1].max_delay_months = 24;
        good.reverse();
        let back = parse_rules(Some(serde_json::to_string(&good).unwrap())).unwrap();
        assert_eq!(back[0].group, crate::domain::retirement::RetirementGroup::Men);
        assert_eq!(back[1].max_delay_months, 24);
    }
}
