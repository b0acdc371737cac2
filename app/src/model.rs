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

// ---- Lectures -------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
    pub location: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Category {
    pub id: i64,
    pub name: String,
}

/// A person to pick as lecturer or audience member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonOption {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub position: String,
}

/// What the lecture forms offer to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct LectureChoices {
    pub rooms: Vec<Room>,
    pub categories: Vec<Category>,
    pub units: Vec<UnitOption>,
    pub levels: Vec<String>,
    pub rules: crate::domain::lectures::LectureRules,
    /// (id, name) of every series, for the calendar's filter
    pub series: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SeriesRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub category: String,
    pub room: String,
    pub schedule: String,
    pub sessions: i64,
    pub next: String,
    pub feed_token: String,
}

/// A series as HR edits it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesInput {
    /// None: a new series.
    pub id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub category_id: i64,
    pub room_id: Option<i64>,
    /// HH:MM
    pub start_time: String,
    pub duration_min: u32,
    pub recurrence: crate::domain::recurrence::Recurrence,
    pub audience: crate::domain::lectures::Audience,
    pub open_enrolment: bool,
    pub capacity: Option<i64>,
    /// On an edit: also change the future sessions not edited by hand.
    pub apply_to_future: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Lecturer {
    /// A person from the roster, or None for an external lecturer.
    pub person_id: Option<i64>,
    pub name: String,
    /// 部室 for a colleague, organisation for an outsider.
    pub org: String,
    pub title: String,
}

/// One session in a list or calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SessionRow {
    pub id: i64,
    pub series_id: Option<i64>,
    pub series_name: String,
    pub kind: String,
    pub title: String,
    pub category: String,
    pub room: String,
    /// YYYY-MM-DD, China time
    pub date: String,
    pub start: String,
    pub end: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub hours_tenths: i64,
    pub cancelled: bool,
    pub moved: bool,
    pub lecturers: String,
}

/// What one person has to do with one session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MyPart {
    pub required: bool,
    /// 'enrolled', 'waiting' or empty
    pub enrolment: String,
    pub waiting_position: i64,
    pub leave: Option<LeaveRow>,
    /// Attendance code (domain::lectures::Attendance::code), empty if nothing to show
    pub standing: String,
    pub checked_in_at: String,
    /// Why enrolling is not offered (empty: it is)
    pub cannot_enrol: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SessionDetail {
    pub row: SessionRow,
    pub category_id: i64,
    pub room_id: Option<i64>,
    pub materials_md: String,
    pub summary_md: String,
    /// Sanitised HTML rendered on the server
    pub materials_html: String,
    pub summary_html: String,
    pub capacity: Option<i64>,
    pub enrol_deadline: String,
    pub open_enrolment: bool,
    pub audience: crate::domain::lectures::Audience,
    pub audience_text: String,
    pub lecturers: Vec<Lecturer>,
    pub enrolled: i64,
    pub waiting: i64,
    pub ended: bool,
    pub me: Option<MyPart>,
    /// The viewer lectures this session (sees its list and screen).
    pub is_lecturer: bool,
}

/// HR's edit of one session (also a one-off session when `id` is None).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SessionInput {
    pub id: Option<i64>,
    pub title: String,
    pub kind: String,
    pub category_id: i64,
    pub room_id: Option<i64>,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
    /// Empty: from the duration
    pub hours: String,
    pub lecturers: Vec<Lecturer>,
    pub materials_md: String,
    pub summary_md: String,
    pub capacity: Option<i64>,
    /// YYYY-MM-DD HH:MM or empty
    pub enrol_deadline: String,
    pub open_enrolment: bool,
    pub audience: crate::domain::lectures::Audience,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct LeaveRow {
    pub id: i64,
    pub session_id: i64,
    pub session_title: String,
    pub session_time: String,
    pub person_id: i64,
    pub person_name: String,
    pub unit_name: String,
    pub reason: String,
    pub status: String,
    pub decided_by: String,
    pub decided_at: String,
    pub decision_note: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AttendanceLine {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub required: bool,
    pub enrolment: String,
    pub leave_status: String,
    /// Attendance code, empty when nothing to show
    pub standing: String,
    pub at: String,
    pub method: String,
    pub hours_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AttendanceSheet {
    pub lines: Page<AttendanceLine>,
    /// (attendance code, count) over the whole list
    pub counts: Vec<(String, i64)>,
    pub may_mark: bool,
    pub ended: bool,
    pub title: String,
    pub time: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct LeaveQueue {
    pub items: Vec<LeaveRow>,
    /// The viewer may decide (HR, or a 部室 leader for their 部室)
    pub may_decide: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CalendarQuery {
    /// YYYY-MM-DD, the first day shown
    pub from: String,
    /// 1–42
    pub days: i64,
    pub series_id: Option<i64>,
    pub category_id: Option<i64>,
    pub unit_id: Option<i64>,
}

/// A line of 我的课程.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MyLecture {
    pub row: SessionRow,
    pub part: MyPart,
    pub hours_earned_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MyLectureList {
    pub upcoming: Vec<MyLecture>,
    pub history: Vec<MyLecture>,
    pub year: i32,
    pub year_hours_tenths: i64,
    /// Sessions this person lectures (this year and later)
    pub teaching: Vec<SessionRow>,
    /// A personal calendar feed exists (its address is shown only when made)
    pub feed_enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Notice {
    pub id: i64,
    pub at: String,
    pub text: String,
    pub link: String,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CalendarYearView {
    pub year: i32,
    pub holidays: String,
    pub workdays: String,
    pub holiday_count: i64,
    pub workday_count: i64,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct HolidayCalendarView {
    pub years: Vec<CalendarYearView>,
    /// This year and next if missing: HR is warned.
    pub missing: Vec<i32>,
}

/// The QR code on the room screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ScreenCode {
    pub svg: String,
    pub url: String,
    pub seconds_left: i64,
    pub checked_in: i64,
    pub expected: i64,
}

// ---- posts and appointments ----------------------------------------------------------------------

/// A post of the catalogue (岗位设置) with its seats taken now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub category: String,
    pub grade: String,
    /// '' for other posts, else the 职数 level the post uses.
    pub leader_level: String,
    pub seats: i64,
    pub filled: i64,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostHolder {
    pub person_id: i64,
    pub name: String,
    pub level: String,
    pub since: String,
    pub main: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostDetail {
    pub post: PostRow,
    pub duties: String,
    /// The duties as sanitised HTML.
    pub duties_html: String,
    pub holders: Vec<PostHolder>,
}

/// The post form (id 0 for a new post).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostForm {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub category: String,
    pub grade: String,
    pub leader_level: String,
    pub seats: i64,
    pub duties: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostQuery {
    /// 0 = every 部室 in scope.
    pub unit_id: i64,
    pub q: String,
    pub vacant_only: bool,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct QuotaUse {
    pub level: String,
    pub approved: i64,
    pub used: i64,
}

/// One 部室 of the vacancy view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct UnitVacancy {
    pub unit_id: i64,
    pub unit_name: String,
    pub posts: i64,
    pub seats: i64,
    pub filled: i64,
    pub vacant: i64,
    /// Seats taken beyond the seats set (only by an admin's override).
    pub over: i64,
    pub quotas: Vec<QuotaUse>,
}

/// Record one appointment (任免) for a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AppointmentForm {
    pub person_id: i64,
    pub kind: String,
    /// 0 = no post (免职, 退休, or a title typed in `position`).
    pub post_id: i64,
    pub part_time: bool,
    /// The 职务层次 after the change ('' = unchanged).
    pub level: String,
    /// A title when no post of the catalogue is chosen.
    pub position: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    /// An admin's written reason for exceeding seats or 职数.
    pub override_reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct AppointmentRow {
    pub id: i64,
    pub kind: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    pub unit_name: String,
    pub position: String,
    pub level: String,
    pub prev_position: String,
    pub prev_level: String,
    pub part_time: bool,
    pub override_reason: String,
    pub created_by: String,
    pub probation_end: String,
    pub probation_status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostHolding {
    pub post_id: i64,
    pub post_name: String,
    pub unit_name: String,
    pub main: bool,
    pub since: String,
}

/// A person's posts now and every appointment, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonPostsView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub position: String,
    pub position_date: String,
    pub status: String,
    pub holdings: Vec<PostHolding>,
    pub history: Vec<AppointmentRow>,
    pub probation: Option<ProbationRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ProbationRow {
    pub appointment_id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub position: String,
    pub level: String,
    pub prev_level: String,
    pub starts: String,
    pub ends: String,
    pub days_left: i64,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub doc_no: String,
    pub decided_by: String,
    pub effective_date: String,
    pub status: String,
    pub people: i64,
    pub assigned: i64,
    pub created_by: String,
    pub committed_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignForm {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub doc_no: String,
    pub decided_by: String,
    pub effective_date: String,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignItem {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub position: String,
    /// 0 = not assigned yet.
    pub post_id: i64,
    pub post_name: String,
    pub post_unit: String,
    /// This person's conflicts, in words.
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PostOption {
    pub id: i64,
    pub label: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignDetail {
    pub campaign: CampaignRow,
    pub notes: String,
    pub items: Vec<CampaignItem>,
    /// Every conflict of the preview, in words (commit is refused while there is one).
    pub conflicts: Vec<String>,
    pub posts: Vec<PostOption>,
}

/// Who to add to a campaign: everyone active in a 部室 (0 = all in scope) and/or of a level, or
/// named people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignPickInput {
    pub campaign_id: i64,
    pub unit_id: i64,
    pub level: String,
    pub person_ids: Vec<i64>,
    /// Only people who hold no main post yet.
    pub without_post: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignAssignInput {
    pub campaign_id: i64,
    /// (person, post; 0 clears)
    pub items: Vec<(i64, i64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PromotionForm {
    pub person_id: i64,
    pub post_id: i64,
    pub to_level: String,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ObjectionRow {
    pub id: i64,
    pub received: String,
    pub text: String,
    pub outcome: String,
    pub recorded_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PromotionRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub from_level: String,
    pub to_level: String,
    pub post_id: i64,
    pub post_name: String,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub notice_end: String,
    pub notice_days: i64,
    /// The first day the appointment may take effect.
    pub earliest: String,
    pub status: String,
    pub reason: String,
    pub objections: Vec<ObjectionRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentRules {
    /// 任前公示: working days.
    pub notice_days: u32,
    /// 试用期 in months.
    pub probation_months: u32,
}

impl Default for AppointmentRules {
    fn default() -> Self {
        AppointmentRules { notice_days: 5, probation_months: 12 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct FamilyMember {
    pub relation: String,
    pub name: String,
    pub birth: String,
    pub political: String,
    pub work: String,
}

/// The parts of the 干部任免审批表 that are not in the cadre record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CadreFormText {
    pub proposed_post: String,
    pub proposed_removal: String,
    pub resume: String,
    pub rewards: String,
    pub assessments: String,
    pub reasons: String,
    pub health: String,
    pub family: Vec<FamilyMember>,
}

/// Everything the 干部任免审批表 prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CadreFormView {
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    pub birth: String,
    pub age: i64,
    pub ethnicity: String,
    pub native_place: String,
    pub birth_place: String,
    pub party_date: String,
    pub work_start: String,
    pub professional_title: String,
    pub edu_full: String,
    pub school_full: String,
    pub edu_part: String,
    pub school_part: String,
    pub current_post: String,
    /// The 简历 generated from the appointment records (shown when none was typed).
    pub resume_generated: String,
    pub text: CadreFormText,
    /// Whether this form was ever saved.
    pub saved: bool,
}

// ---- Assessment: course ratings ------------------------------------------------------------------

/// The rating form of one session for the person viewing it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingFormView {
    pub session_id: i64,
    pub title: String,
    /// Date, time and room, China time.
    pub when: String,
    pub lecturers: String,
    pub indicators: Vec<String>,
    /// The person may rate now.
    pub open: bool,
    /// Why not, when not.
    pub message: String,
    pub closes: String,
}

/// A session's ratings as HR, leaders and its lecturers see them: never who gave what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingSummaryView {
    pub session_id: i64,
    pub title: String,
    pub when: String,
    pub lecturers: String,
    pub attended: i64,
    pub rated: i64,
    pub min_count: u32,
    /// Rating is still possible (the session has not ended yet, or its window is open): nothing
    /// of the content is shown then.
    pub rating_open: bool,
    /// None until the results are published: rating closed and at least `min_count` ratings.
    pub aggregate: Option<crate::domain::ratings::Aggregate>,
    /// In an order unrelated to submission; empty until published.
    pub comments: Vec<String>,
    pub closes: String,
    /// HR only: who attended and has not rated yet.
    pub not_rated: Vec<PersonOption>,
    pub may_remind: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingRankingsView {
    pub from: String,
    pub to: String,
    pub min_count: u32,
    /// Sessions in the period whose results are not published (rating still open, or fewer than
    /// `min_count` ratings): left out of every line, sessions, series and lecturers alike.
    pub hidden: u32,
    pub sessions: Vec<crate::domain::ratings::Ranked>,
    pub series: Vec<crate::domain::ratings::Ranked>,
    pub lecturers: Vec<crate::domain::ratings::Ranked>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SeriesIndicators {
    pub id: i64,
    pub name: String,
    /// Empty: the defaults.
    pub indicators: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingSettingsView {
    pub rules: crate::domain::ratings::RatingRules,
    pub series: Vec<SeriesIndicators>,
}

// ---- 学时 ledger and scores ------------------------------------------------------------------

/// External training as submitted by an employee and decided by HR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ExternalTraining {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub organiser: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub hours_tenths: i64,
    pub note: String,
    /// pending / approved / rejected / withdrawn
    pub status: String,
    pub decided_by: String,
    pub decided_at: String,
    pub decision_note: String,
    pub submitted_at: String,
}

/// One line of a ledger as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLineView {
    pub date: String,
    pub source: String,
    pub title: String,
    pub hours_tenths: i64,
    pub session_id: Option<i64>,
}

/// A person's 学时 for the period of their quota that ends with `year`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoursView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub year: i32,
    /// The rule in words ("每年不少于 90 学时").
    pub rule: String,
    pub pace: crate::domain::assessment::Pace,
    pub lines: Vec<LedgerLineView>,
    pub externals: Vec<ExternalTraining>,
    pub scores: Vec<MyScore>,
    /// 年度考核, newest year first.
    pub grades: Vec<(i32, String)>,
    /// 学以致用 follow-ups asked of the person.
    pub followups: Vec<FollowupTask>,
    /// Sessions the person attended and may still rate (own view only): id, title, date.
    pub to_rate: Vec<(i64, String, String)>,
    /// The person is the caller (may submit external training).
    pub own: bool,
}

/// A 部室's completion of the quotas in a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeptCompletion {
    pub dept_id: i64,
    pub dept_name: String,
    pub people: u32,
    pub met: u32,
    pub at_risk: u32,
    /// Mean 学时 of the period per person.
    pub mean_hours: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtRiskRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub dept_name: String,
    pub rule: String,
    pub done: f64,
    pub required: f64,
    pub remaining: f64,
    pub needed_per_month: f64,
    pub online_done: f64,
    pub online_required: f64,
    /// The period is over and the quota was missed.
    pub missed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaOverview {
    pub year: i32,
    pub today: String,
    pub rules: crate::domain::assessment::QuotaRules,
    pub rule_yearly: String,
    pub rule_senior: String,
    pub depts: Vec<DeptCompletion>,
    pub at_risk: Vec<AtRiskRow>,
    pub at_risk_total: usize,
    pub page: u32,
    pub pages: u32,
    pub people: u32,
    pub met: u32,
    /// HR (decides external training, enters 网络学习, sets the quotas).
    pub may_edit: bool,
}

/// An assessment in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub held_on: String,
    pub session_id: Option<i64>,
    pub session_title: String,
    pub scale_text: String,
    pub count: u32,
    pub passed: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentYear {
    pub year: i32,
    pub rows: Vec<AssessmentRow>,
}

/// One person's score in an assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub dept_name: String,
    pub score: String,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub row: AssessmentRow,
    pub scale: crate::domain::assessment::Scale,
    pub scores: Vec<ScoreRow>,
    pub stats: crate::domain::assessment::Stats,
    pub by_dept: Vec<(String, crate::domain::assessment::Stats)>,
    pub may_edit: bool,
}

/// A score as its owner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyScore {
    pub title: String,
    pub kind: String,
    pub held_on: String,
    pub score: String,
    pub scale_text: String,
    pub passed: bool,
}

// ---- 年度考核 and 学以致用 -------------------------------------------------------------------

/// A 部室's 优秀 count against its cap for a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeDept {
    pub dept_id: i64,
    pub name: String,
    /// Taking part: active now, or already graded in it for the year.
    pub assessed: u32,
    pub graded: u32,
    pub excellent: u32,
    pub cap: u32,
    pub approved: bool,
    pub approval_note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub establishment: String,
    pub status: String,
    /// The last day of a probation still running.
    pub probation_ends: String,
    pub grade: String,
    pub comment: String,
    /// The grades that may be given (empty with `problem` set when none can be).
    pub choices: Vec<String>,
    pub problem: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeBoard {
    pub year: i32,
    pub rules: crate::domain::assessment::ExcellentRules,
    pub depts: Vec<GradeDept>,
    pub dept_id: i64,
    pub rows: Vec<GradeRow>,
    pub may_edit: bool,
}

/// A session asking its attendees for a 学以致用 follow-up, with the completion within the
/// reader's scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupSession {
    pub session_id: i64,
    pub title: String,
    pub date: String,
    pub days: i64,
    /// The day the follow-up is asked for.
    pub due: String,
    pub attended: i64,
    pub written: i64,
    pub reviewed: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupDept {
    pub dept_id: i64,
    pub name: String,
    pub attended: i64,
    pub written: i64,
    pub reviewed: i64,
}

/// A note as its reviewers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupNote {
    pub session_id: i64,
    pub title: String,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub note: String,
    pub written_at: String,
    /// '' (waiting), confirmed, commented
    pub review: String,
    pub review_comment: String,
    pub reviewed_by: String,
}

/// A follow-up asked of the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupTask {
    pub session_id: i64,
    pub title: String,
    pub date: String,
    pub note: String,
    pub review: String,
    pub review_comment: String,
    pub reviewed_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentSession {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub marked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupBoard {
    pub sessions: Vec<FollowupSession>,
    pub waiting: Vec<FollowupNote>,
    pub reviewed: Vec<FollowupNote>,
    pub recent: Vec<RecentSession>,
    pub may_mark: bool,
    pub may_review: bool,
}

// ---- reports ---------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ArchiveYear {
    pub year: i32,
    pub session_tenths: i64,
    pub external_tenths: i64,
    pub online_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveSession {
    pub session_id: i64,
    pub date: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub hours_tenths: i64,
}

/// 个人培训档案.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub years: Vec<ArchiveYear>,
    pub sessions: Vec<ArchiveSession>,
    pub externals: Vec<ExternalTraining>,
    pub scores: Vec<MyScore>,
    pub grades: Vec<(i32, String)>,
    pub generated: String,
}

/// The year's training in numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryView {
    pub year: i32,
    pub sessions: i64,
    pub attendances: i64,
    pub people: i64,
    pub mean_hours: f64,
    pub session_hours: f64,
    pub external_hours: f64,
    pub online_hours: f64,
    pub ratings: i64,
    pub mean_rating: Option<f64>,
    pub leader_sessions: i64,
    pub by_kind: Vec<crate::domain::stats::Count>,
    pub by_category: Vec<crate::domain::stats::Count>,
    pub by_month: Vec<crate::domain::stats::Count>,
    /// "2026年，开展培训64场、参训…".
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingView {
    pub from: String,
    pub to: String,
    pub method: String,
    pub rows: Vec<crate::domain::evaluation::DeptRanked>,
}

// ---- 后备干部 ----

/// A candidate in a pool, as the leaders' review table shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CandidateRow {
    pub entry_id: i64,
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    pub unit_name: String,
    pub age: i32,
    pub level: String,
    /// Months at the level (for sorting) and as text ("3年2个月").
    pub months_at_level: i64,
    pub at_level_text: String,
    pub education: String,
    pub political_status: String,
    /// Votes of the 民主推荐 round the entry came from: count, ballots, text.
    pub votes: i64,
    pub ballots: i64,
    pub votes_text: String,
    /// 学时 of the period the quota reads, and whether it was met.
    pub hours_text: String,
    pub hours_met: bool,
    /// The last years' grades, newest first ("2025 称职").
    pub grades: Vec<String>,
    pub stage: String,
    pub stage_since: String,
    pub source: String,
    /// eligible / on / not / unknown, and the words.
    pub verdict: String,
    pub verdict_text: String,
    /// The sentences of the rules that fail or lack facts.
    pub reasons: Vec<String>,
    /// Leaders' opinions (HR sees the tally; a leader sees their own).
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
    pub my_opinion: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PoolView {
    pub target: String,
    pub rows: Vec<CandidateRow>,
    pub may_edit: bool,
    pub is_leader: bool,
    /// Opinion tallies are shown (HR).
    pub sees_tally: bool,
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MoveRow {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub at: String,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct OpinionRow {
    pub leader: String,
    pub opinion: String,
    pub comment: String,
    pub at: String,
}

/// One entry in full: the candidate row, the engine's rules, the record of the procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub row: CandidateRow,
    pub target: String,
    pub evaluation: crate::domain::eligibility::Evaluation,
    pub birth_date: String,
    pub work_start: String,
    pub level_since: String,
    pub grass_roots_months: Option<i64>,
    pub recommender: String,
    pub recommended_on: String,
    pub reasons: String,
    pub round_title: String,
    pub inspected_on: String,
    pub inspection_team: String,
    pub talked_to: i64,
    pub findings: String,
    /// The findings as sanitised HTML.
    pub findings_html: String,
    pub conclusion: String,
    pub decided_on: String,
    pub decision_note: String,
    pub promotion_id: Option<i64>,
    pub removed_reason: String,
    pub moves: Vec<MoveRow>,
    pub opinions: Vec<OpinionRow>,
    pub may_edit: bool,
    pub is_leader: bool,
    pub my_comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RecommendForm {
    pub person_id: i64,
    pub target: String,
    pub source: String,
    pub recommender: String,
    pub recommended_on: String,
    pub reasons: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct InspectionForm {
    pub entry_id: i64,
    pub inspected_on: String,
    pub team: String,
    pub talked_to: i64,
    pub findings: String,
    pub conclusion: String,
}

/// 研究决定: the post and the dates of the promotion it starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct DecisionForm {
    pub entry_id: i64,
    pub post_id: i64,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub note: String,
}

/// One pool's line of the pipeline overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PoolSummary {
    pub target: String,
    /// Counts per stage, in the order of the stages.
    pub stages: Vec<i64>,
    pub in_pool: i64,
    pub posts: i64,
    pub wanted: i64,
    pub ratio: String,
    pub ratio_met: bool,
    pub ages: Vec<i64>,
    pub women: i64,
    pub women_met: bool,
    pub non_party: i64,
    pub non_party_met: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct StaleEntry {
    pub entry_id: i64,
    pub name: String,
    pub unit_name: String,
    pub target: String,
    pub stage: String,
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineView {
    pub pools: Vec<PoolSummary>,
    pub stale: Vec<StaleEntry>,
    pub targets: crate::domain::reserve::PipelineTargets,
    pub may_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReserveRules {
    pub rules: crate::domain::eligibility::EligibilityRules,
    pub targets: crate::domain::reserve::PipelineTargets,
}

/// A person the search found: eligible now, or on a day within the window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub age: i32,
    pub on: String,
    pub now: bool,
    pub in_pool: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchView {
    pub target: String,
    pub days: i64,
    /// Everyone at the levels the pool draws on, and those the engine read (the rest are over
    /// the age ceiling already).
    pub considered: usize,
    pub evaluated: usize,
    pub eligible_now: usize,
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub rows: Vec<SearchRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RoundRow {
    pub id: i64,
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub mode: String,
    pub rule: String,
    pub closes_at: String,
    pub open: bool,
    pub group: i64,
    pub took_part: i64,
    pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RoundCandidate {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    /// None while an online round is open: counts appear once they can no longer move.
    pub votes: Option<i64>,
    pub paper: i64,
    pub share: String,
    pub in_pool: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RoundDetail {
    pub row: RoundRow,
    pub paper_ballots: i64,
    pub candidates: Vec<RoundCandidate>,
    /// Why the round is not valid (participation), when it is not.
    pub verdict: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RoundForm {
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub mode: String,
    pub min_num: i64,
    pub min_den: i64,
    /// "2026-12-01 17:00", China time.
    pub closes_at: String,
    pub voter_units: Vec<i64>,
    pub voter_people: Vec<i64>,
    pub candidates: Vec<i64>,
}

/// The ballot an employee sees: the round, the candidates, and whether they voted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct BallotView {
    pub round_id: i64,
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub closes_at: String,
    pub open: bool,
    pub voted: bool,
    /// (person id, name, unit, level)
    pub candidates: Vec<(i64, String, String, String)>,
}
