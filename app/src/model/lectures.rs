//! Lectures: rooms, series, sessions, enrolment, attendance, notices, the calendar.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
    pub location: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Category {
    pub id: i64,
    pub name: String,
}

/// A person to pick as lecturer or audience member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PersonOption {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub position: String,
}

/// What the lecture forms offer to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
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
#[serde(default)]
pub struct LeaveQueue {
    pub items: Vec<LeaveRow>,
    /// The viewer may decide (HR, or a 部室 leader for their 部室)
    pub may_decide: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
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
#[serde(default)]
pub struct MyLecture {
    pub row: SessionRow,
    pub part: MyPart,
    pub hours_earned_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
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
#[serde(default)]
pub struct Notice {
    pub id: i64,
    pub at: String,
    pub text: String,
    pub link: String,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
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
#[serde(default)]
pub struct HolidayCalendarView {
    pub years: Vec<CalendarYearView>,
    /// This year and next if missing: HR is warned.
    pub missing: Vec<i32>,
}

/// The QR code on the room screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ScreenCode {
    pub svg: String,
    pub url: String,
    pub seconds_left: i64,
    pub checked_in: i64,
    pub expected: i64,
}
