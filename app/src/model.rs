//! Data that travels between server and browser. One type per concept.

use crate::authz::{Role, RoleGrant};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Locale {
        if s == "en" { Locale::En } else { Locale::Zh }
    }
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// The logged-in user as the browser sees it (never the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub grants: Vec<RoleGrant>,
    pub locale: Locale,
    pub must_change_password: bool,
}

impl CurrentUser {
    pub fn roles(&self) -> Vec<Role> {
        let mut r: Vec<Role> = self.grants.iter().map(|g| g.role).collect();
        r.sort();
        r.dedup();
        r
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: Option<CurrentUser>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
    pub persistent: bool,
    pub user_agent: String,
    pub ip: String,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub person_name: Option<String>,
    pub disabled: bool,
    pub must_change_password: bool,
    pub grants: Vec<RoleGrant>,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: i64,
    pub name: String,
    pub depth: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub ip: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditFilter {
    pub actor: String,
    pub entity: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub age: i64,
    pub unit_name: String,
    pub position: String,
    pub level: String,
    pub status: String,
}

/// Settings an administrator can change without a release.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub password_min_length: i64,
    pub password_require_classes: i64,
    pub lockout_threshold: i64,
    pub lockout_window_minutes: i64,
    pub lockout_minutes: i64,
    pub ip_failure_limit: i64,
    pub idle_timeout_minutes: i64,
    pub absolute_lifetime_hours: i64,
    pub remember_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            password_min_length: 8,
            password_require_classes: 2,
            lockout_threshold: 5,
            lockout_window_minutes: 15,
            lockout_minutes: 15,
            ip_failure_limit: 30,
            idle_timeout_minutes: 30,
            absolute_lifetime_hours: 12,
            remember_days: 30,
        }
    }
}

impl Settings {
    pub fn password_policy(&self) -> crate::domain::password_policy::PasswordPolicy {
        crate::domain::password_policy::PasswordPolicy {
            min_length: self.password_min_length.max(1) as usize,
            required_classes: self.password_require_classes.clamp(1, 4) as usize,
        }
    }
}
