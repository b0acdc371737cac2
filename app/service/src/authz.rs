//! The one authorisation table. Every server function and every page is listed here with the
//! roles that may use it; anything not listed is denied. Shared by server and browser (the
//! browser uses it only to decide what to show; the server enforces it).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Hr,
    Leader,
    Employee,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::Leader, Role::Employee];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Leader => "leader",
            Role::Employee => "employee",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Roles whose sessions keep the short timeouts whatever the user ticks.
    pub fn is_privileged(self) -> bool {
        !matches!(self, Role::Employee)
    }
}

/// A role held by a user, limited to the whole organisation (`unit_id == None`) or to one
/// department subtree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in user, whatever the role.
    LoggedIn,
    /// Logged-in users holding one of these roles.
    Roles(&'static [Role]),
}

const ADMIN: Access = Access::Roles(&[Role::Admin]);
const HR_LEADER_ADMIN: Access = Access::Roles(&[Role::Admin, Role::Hr, Role::Leader]);
const HR_LEADER: Access = Access::Roles(&[Role::Hr, Role::Leader]);
const HR: Access = Access::Roles(&[Role::Hr]);
/// Leaders (部室 leaders within their 部室).
const LEADER: Access = Access::Roles(&[Role::Leader]);
/// HR, and the admin who may override seats and 职数 with a written reason.
const HR_ADMIN: Access = Access::Roles(&[Role::Hr, Role::Admin]);

/// Server functions by endpoint (the path below `/api/`).
pub const SERVER_FNS: &[(&str, Access)] = &[
    ("login", Access::Public),
    ("whoami", Access::Public),
    ("logout", Access::LoggedIn),
    ("change_password", Access::LoggedIn),
    ("set_locale", Access::LoggedIn),
    ("my_sessions", Access::LoggedIn),
    ("end_my_session", Access::LoggedIn),
    ("my_record", Access::LoggedIn),
    ("my_corrections", Access::LoggedIn),
    ("request_correction", Access::LoggedIn),
    ("roster_list", HR_LEADER),
    ("unit_options", HR_LEADER_ADMIN),
    ("person_get", HR_LEADER),
    ("person_history", HR_LEADER),
    ("person_save", HR),
    ("person_reveal_id", HR),
    ("staffing", HR_LEADER),
    ("unit_save", HR),
    ("correction_queue", HR),
    ("decide_correction", HR),
    ("bulk_open_accounts", HR),
    ("roster_stats", HR_LEADER),
    ("roster_import", HR),
    ("upload_report", Access::LoggedIn),
    ("retirement_rules_get", HR_LEADER),
    ("retirement_rules_save", HR),
    ("retirement_rules_reset", HR),
    ("admin_list_users", ADMIN),
    ("admin_create_user", ADMIN),
    ("admin_set_disabled", ADMIN),
    ("admin_reset_password", ADMIN),
    ("admin_set_roles", ADMIN),
    ("admin_user_sessions", ADMIN),
    ("admin_end_session", ADMIN),
    ("admin_get_settings", ADMIN),
    ("admin_save_settings", ADMIN),
    ("admin_audit_log", ADMIN),
    // A form's one-time result (an ID number, a password), for the person whose form it was.
    ("shown_once", Access::LoggedIn),
    ("lecture_options", Access::LoggedIn),
    ("lecture_calendar", Access::LoggedIn),
    ("lecture_session", Access::LoggedIn),
    ("lecture_enrol", Access::LoggedIn),
    ("lecture_unenrol", Access::LoggedIn),
    ("lecture_leave", Access::LoggedIn),
    ("lecture_leave_withdraw", Access::LoggedIn),
    ("lecture_checkin", Access::LoggedIn),
    ("rating_form", Access::LoggedIn),
    ("rating_submit", Access::LoggedIn),
    // HR and leaders, or a lecturer of the session: checked in the function.
    ("rating_summary", Access::LoggedIn),
    ("rating_remind", HR),
    ("rating_rankings", HR_LEADER),
    ("rating_settings", HR),
    ("rating_rules_save", HR),
    ("rating_series_save", HR),
    ("my_hours", Access::LoggedIn),
    ("person_hours", HR_LEADER),
    ("external_submit", Access::LoggedIn),
    ("external_withdraw", Access::LoggedIn),
    ("external_queue", HR),
    ("external_decide", HR),
    ("online_add", HR),
    ("online_import", HR),
    ("hours_overview", HR_LEADER),
    ("quota_rules_save", HR),
    ("assessment_list", HR_LEADER),
    ("assessment_save", HR),
    ("assessment_detail", HR_LEADER),
    ("score_save", HR),
    ("score_import", HR),
    ("grades_view", HR_LEADER),
    ("grade_save", HR),
    ("grade_approval_save", HR),
    ("excellent_rules_save", HR),
    ("grade_import", HR),
    ("followup_overview", HR_LEADER),
    ("followup_depts", HR_LEADER),
    ("followup_mark", HR),
    ("followup_write", Access::LoggedIn),
    ("followup_review", LEADER),
    ("training_archive", Access::LoggedIn),
    ("training_summary", HR_LEADER),
    ("dept_ranking", HR_LEADER),
    ("my_lectures", Access::LoggedIn),
    ("my_notices", Access::LoggedIn),
    ("my_notice_count", Access::LoggedIn),
    ("notices_read", Access::LoggedIn),
    ("my_feed", Access::LoggedIn),
    // HR and leaders by the table; a session's lecturers too (checked in the function).
    ("lecture_attendance", Access::LoggedIn),
    // HR and the session's lecturers (checked in the function).
    ("lecture_screen", Access::LoggedIn),
    ("lecture_series_list", HR_LEADER),
    ("lecture_series_get", HR_LEADER),
    ("lecture_leave_queue", HR_LEADER),
    // HR, and leaders of a 部室 for their 部室 (checked in the function).
    ("lecture_leave_decide", HR_LEADER),
    ("lecture_people", HR_LEADER),
    ("holiday_calendar", HR_LEADER),
    ("lecture_series_save", HR),
    ("lecture_session_save", HR),
    ("lecture_session_cancel", HR),
    ("lecture_room_save", HR),
    ("lecture_category_add", HR),
    ("lecture_rules_save", HR),
    ("lecture_mark", HR),
    ("lecture_attendance_import", HR),
    ("holiday_year_save", HR),
    // Posts and appointments: HR writes, leaders read, employees see none of it.
    ("post_vacancies", HR_LEADER),
    ("post_list", HR_LEADER),
    ("post_get", HR_LEADER),
    ("post_options", HR_LEADER_ADMIN),
    ("post_rules", HR_LEADER),
    ("person_posts", HR_LEADER_ADMIN),
    ("campaign_list", HR_LEADER),
    ("campaign_get", HR_LEADER),
    ("promotion_list", HR_LEADER),
    ("probation_list", HR_LEADER),
    ("cadre_form", HR_LEADER),
    ("post_save", HR),
    ("post_close", HR),
    ("post_rules_save", HR),
    ("appointment_record", HR_ADMIN),
    ("campaign_save", HR),
    ("campaign_pick", HR),
    ("campaign_assign", HR),
    ("campaign_remove", HR),
    ("campaign_commit", HR),
    ("campaign_sheet_import", HR),
    ("promotion_start", HR),
    ("promotion_objection", HR),
    ("promotion_effect", HR_ADMIN),
    ("promotion_stop", HR),
    ("probation_close", HR),
    ("cadre_form_save", HR),
    // 后备干部: HR writes; leaders read (a 部室负责人 within the 部室) and give opinions; employees
    // reach only the ballot of an open round whose group includes them (checked in the function).
    ("reserve_overview", HR_LEADER),
    ("reserve_pool", HR_LEADER),
    ("reserve_entry", HR_LEADER),
    ("reserve_compare", HR_LEADER),
    ("reserve_settings", HR_LEADER),
    ("reserve_opinion", LEADER),
    ("reserve_recommend", HR),
    ("reserve_inspect", HR),
    ("reserve_move", HR),
    ("reserve_decide", HR),
    ("reserve_grass_roots", HR),
    ("reserve_search", HR),
    ("reserve_settings_save", HR),
    ("reserve_rounds", HR),
    ("reserve_round", HR),
    ("reserve_round_save", HR),
    ("reserve_round_close", HR),
    ("reserve_round_paper", HR),
    ("reserve_round_adopt", HR),
    ("my_ballots", Access::LoggedIn),
    ("ballot_get", Access::LoggedIn),
    ("ballot_cast", Access::LoggedIn),
];

/// File downloads below `/api/`: plain handlers (a server function answers JSON), checked by the
/// gate and by the handler exactly like server functions.
pub const DOWNLOADS: &[(&str, Access)] = &[
    ("roster_export", HR_LEADER),
    ("roster_template", HR),
    // Calendar feeds: the secret in the address is the key (phone calendars keep no session).
    ("lecture_feed", Access::Public),
    ("series_feed", Access::Public),
    ("lecture_attendance_sheet", HR_LEADER),
    ("campaign_sheet", HR_LEADER),
    ("score_sheet", HR_LEADER),
    ("online_template", HR),
    ("grade_sheet", HR_LEADER),
    ("archive_xlsx", Access::LoggedIn),
    ("summary_xlsx", HR_LEADER),
    ("ranking_xlsx", HR_LEADER),
    ("reserve_pool_xlsx", HR_LEADER),
];

/// Server functions a user who must change the password may still call.
pub const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] = &["login", "whoami", "logout", "change_password", "set_locale"];

/// Pages by their first path segment.
pub const PAGES: &[(&str, Access)] = &[
    ("/login", Access::Public),
    ("/", Access::LoggedIn),
    ("/password", Access::LoggedIn),
    ("/me", Access::LoggedIn),
    ("/roster", HR_LEADER),
    ("/roster/new", HR),
    ("/roster/edit", HR),
    ("/roster/corrections", HR),
    ("/roster/accounts", HR),
    ("/roster/import", HR),
    ("/admin", ADMIN),
    ("/lectures", Access::LoggedIn),
    ("/lectures/series", HR_LEADER),
    ("/lectures/series/new", HR),
    ("/lectures/series/edit", HR),
    ("/lectures/new", HR),
    ("/lectures/edit", HR),
    ("/lectures/rooms", HR_LEADER),
    ("/lectures/holidays", HR_LEADER),
    ("/lectures/leave", HR_LEADER),
    ("/lectures/mine", Access::LoggedIn),
    ("/notices", Access::LoggedIn),
    ("/posts", HR_LEADER),
    ("/assessment", HR_LEADER),
    ("/posts/new", HR),
    ("/posts/edit", HR),
    ("/posts/person", HR_LEADER),
    ("/posts/campaigns", HR_LEADER),
    ("/posts/promotions", HR_LEADER),
    ("/posts/probations", HR_LEADER),
    ("/posts/form", HR_LEADER),
    ("/reserve", HR_LEADER),
    ("/reserve/search", HR),
    ("/reserve/rounds", HR),
    ("/reserve/settings", HR_LEADER),
    // A voter's ballot (the server function checks the group).
    ("/reserve/ballot", Access::LoggedIn),
];

/// The rule for an endpoint below `/api/` (a server function or a download); unknown: `None`.
pub fn server_fn_access(endpoint: &str) -> Option<Access> {
    SERVER_FNS.iter().chain(DOWNLOADS).find(|(name, _)| *name == endpoint).map(|(_, a)| *a)
}

/// Access rule for a page path: the longest entry that is the path or a folder above it;
/// unknown pages need a login (they answer 404 once logged in).
pub fn page_access(path: &str) -> Access {
    PAGES
        .iter()
        .filter(|(p, _)| *p != "/")
        .filter(|(p, _)| path == *p || path.starts_with(&format!("{p}/")))
        .max_by_key(|(p, _)| p.len())
        .or_else(|| PAGES.iter().find(|(p, _)| *p == "/" && path == "/"))
        .map(|(_, a)| *a)
        .unwrap_or(Access::LoggedIn)
}

/// Whether a holder of `roles` (None = not logged in) passes `access`.
pub fn allows(access: Access, roles: Option<&[Role]>) -> bool {
    match (access, roles) {
        (Access::Public, _) => true,
        (_, None) => false,
        (Access::LoggedIn, Some(_)) => true,
        (Access::Roles(needed), Some(held)) => held.iter().any(|r| needed.contains(r)),
    }
}

/// The scope a user's grants give for `access`: everything, or these department subtrees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Units(Vec<i64>),
}

impl Scope {
    /// Whether a unit, given by its path ('/1/4/'), lies within this scope.
    pub fn covers_path(&self, unit_path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Units(ids) => ids.iter().any(|id| unit_path.contains(&format!("/{id}/"))),
        }
    }
}

pub fn scope_for(access: Access, grants: &[RoleGrant]) -> Option<Scope> {
    let needed: &[Role] = match access {
        Access::Public | Access::LoggedIn => return Some(Scope::All),
        Access::Roles(r) => r,
    };
    let mut units = Vec::new();
    for g in grants.iter().filter(|g| needed.contains(&g.role)) {
        match g.unit_id {
            None => return Some(Scope::All),
            Some(u) => units.push(u),
        }
    }
    if units.is_empty() {
        None
    } else {
        units.sort_unstable();
        units.dedup();
        Some(Scope::Units(units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_server_fn_is_denied() {
        assert_eq!(server_fn_access("drop_everything"), None);
    }

    #[test]
    fn table_has_no_duplicates() {
        let mut names: Vec<_> = SERVER_FNS.iter().chain(DOWNLOADS).map(|(n, _)| *n).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn pages_follow_table() {
        assert!(!allows(page_access("/admin/audit"), Some(&[Role::Employee])));
        assert!(allows(page_access("/admin/audit"), Some(&[Role::Admin])));
        assert!(!allows(page_access("/me"), None));
        assert!(allows(page_access("/login"), None));
        assert!(allows(page_access("/roster"), Some(&[Role::Leader])));
        assert!(!allows(page_access("/roster/12"), Some(&[Role::Admin])));
        assert!(allows(page_access("/roster/12"), Some(&[Role::Leader])));
        assert!(!allows(page_access("/roster/edit/12"), Some(&[Role::Leader])));
        assert!(allows(page_access("/roster/edit/12"), Some(&[Role::Hr])));
        assert!(!allows(page_access("/roster/new"), Some(&[Role::Leader])));
    }

    #[test]
    fn scope_is_union_of_matching_grants() {
        let g = |role, unit_id| RoleGrant { role, unit_id, unit_name: None };
        let access = Access::Roles(&[Role::Hr, Role::Leader]);
        assert_eq!(scope_for(access, &[g(Role::Employee, None)]), None);
        assert_eq!(
            scope_for(access, &[g(Role::Leader, Some(5)), g(Role::Leader, Some(3)), g(Role::Employee, None)]),
            Some(Scope::Units(vec![3, 5]))
        );
        assert_eq!(scope_for(access, &[g(Role::Leader, Some(5)), g(Role::Hr, None)]), Some(Scope::All));
    }
}
