//! Data the pages, the server functions and the store share. One type per concept; the areas'
//! types live in their own files and are all reachable as `crate::model::X`.

mod assessment;
mod lectures;
mod posts;
mod reserve;

pub use assessment::*;
pub use lectures::*;
pub use posts::*;
pub use reserve::*;

pub(crate) use crate::authz::{Role, RoleGrant};
pub(crate) use serde::{Deserialize, Serialize};

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
        if s == "en" {
            Locale::En
        } else {
            Locale::Zh
        }
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
    /// Whether the permission table lets this user call a server function; the pages ask this
    /// before offering an action, so buttons follow the same table the server enforces.
    pub fn may(&self, endpoint: &str) -> bool {
        crate::authz::server_fn_access(endpoint).is_some_and(|a| crate::authz::allows(a, Some(&self.roles())))
    }

    /// Whether the page table lets this user open a page.
    pub fn may_open(&self, path: &str) -> bool {
        crate::authz::allows(crate::authz::page_access(path), Some(&self.roles()))
    }

    /// Whether the user holds this role (for any unit).
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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
#[serde(default)]
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
    pub establishment: String,
    pub political_status: String,
    pub education: String,
    pub id_masked: String,
}

/// A whole record as HR sees it: the ID number only masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub id: i64,
    pub fields: crate::domain::roster::PersonFields,
    pub unit_name: String,
    pub id_masked: String,
    pub age: i64,
    pub retirement_date: String,
    pub retirement_age: String,
}

/// Page numbers past this are read as this one: an offset never overflows, whatever is asked.
pub const MAX_PAGE: i64 = 1_000_000;

/// Filters, sorting and page of the roster; every one of them travels in the URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RosterQuery {
    pub q: String,
    pub unit_id: i64,
    pub level: String,
    pub establishment: String,
    pub status: String,
    pub political: String,
    pub education: String,
    pub sex: String,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub sort: String,
    pub desc: bool,
    pub page: i64,
}

impl RosterQuery {
    pub const KEYS: [&'static str; 13] =
        ["q", "unit", "level", "establishment", "status", "political", "education", "sex", "age_min", "age_max", "sort", "desc", "page"];

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        vec![
            ("q", self.q.clone()),
            ("unit", if self.unit_id > 0 { self.unit_id.to_string() } else { String::new() }),
            ("level", self.level.clone()),
            ("establishment", self.establishment.clone()),
            ("status", self.status.clone()),
            ("political", self.political.clone()),
            ("education", self.education.clone()),
            ("sex", self.sex.clone()),
            ("age_min", opt(self.age_min)),
            ("age_max", opt(self.age_max)),
            ("sort", self.sort.clone()),
            ("desc", if self.desc { "1".into() } else { String::new() }),
            ("page", if self.page > 1 { self.page.to_string() } else { String::new() }),
        ]
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> RosterQuery {
        let num = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        RosterQuery {
            q: get("q").unwrap_or_default(),
            unit_id: num("unit").unwrap_or(0),
            level: get("level").unwrap_or_default(),
            establishment: get("establishment").unwrap_or_default(),
            status: get("status").unwrap_or_default(),
            political: get("political").unwrap_or_default(),
            education: get("education").unwrap_or_default(),
            sex: get("sex").unwrap_or_default(),
            age_min: num("age_min"),
            age_max: num("age_max"),
            sort: get("sort").unwrap_or_default(),
            desc: get("desc").is_some_and(|v| v == "1"),
            page: num("page").unwrap_or(1).clamp(1, MAX_PAGE),
        }
    }
}

/// One change of a person's record, for the history on their page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaLine {
    pub key: String,
    pub approved: i64,
    pub actual: i64,
}

/// A unit's establishment and leadership posts, approved against actual.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitStaffing {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub code: String,
    pub kind: String,
    pub depth: i64,
    pub establishment: Vec<QuotaLine>,
    pub leaders: Vec<QuotaLine>,
}

impl UnitStaffing {
    pub fn approved_total(&self) -> i64 {
        self.establishment.iter().map(|l| l.approved).sum()
    }
    pub fn actual_total(&self) -> i64 {
        self.establishment.iter().map(|l| l.actual).sum()
    }
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

/// A request to correct one field of one's own record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub unit_name: String,
    pub field: String,
    pub field_label: String,
    pub current_value: String,
    pub requested_value: String,
    pub note: String,
    pub status: String,
    pub reason: String,
    pub created_at: String,
    pub decided_at: String,
    pub decided_by: String,
}

/// What an import found (a preview) or did (committed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ImportReport {
    pub file_name: String,
    /// Data rows read.
    pub rows: usize,
    pub creates: usize,
    pub updates: usize,
    /// Every problem; nothing is written while there is one.
    pub problems: Vec<crate::domain::import::Problem>,
    pub committed: bool,
    /// The first rows as they would be written.
    pub preview: Vec<ImportPreviewRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreviewRow {
    pub row: u32,
    pub name: String,
    pub unit: String,
    pub id_masked: String,
    pub level: String,
    /// None: a new person; Some: the record it updates.
    pub updates: Option<i64>,
}
