//! Settings kept in the database (so every instance sees the same), with defaults in code.

use super::{Db, WriteTx};
use crate::model::Settings;
use sqlx::Row;

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

pub async fn load(db: &Db) -> Result<Settings, sqlx::Error> {
    let rows = sqlx::query("SELECT key, value FROM settings").fetch_all(&db.pool).await?;
    let mut s = Settings::default();
    for row in rows {
        let key: String = row.try_get("key")?;
        let value: String = row.try_get("value")?;
        if let (Some(slot), Ok(v)) = (field(&mut s, &key), value.parse::<i64>()) {
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
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
            .bind(*key)
            .bind(v.to_string())
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}
