//! Lectures: rooms, series, sessions, enrolment, attendance, notices, the calendar.
//!
//! The inputs (`Room`, `SeriesInput`, `SessionInput`, `LectureRulesInput`) are what the HTML forms post:
//! empty number fields, unticked boxes and people typed as `1, 2` all read (see `api::forms`).

use super::*;
use crate::api::forms::{checkbox, opt_i64, IdList};
use crate::domain::lectures::{Audience, LectureRules};
use crate::domain::recurrence::{End, OnHoliday, Pattern, Recurrence};
use chrono::NaiveDate;

/// A whole number from a form field; empty is 0 (the server then says what is missing).
fn num_or_zero<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Room {
    #[serde(deserialize_with = "num_or_zero")]
    pub id: i64,
    pub name: String,
    #[serde(deserialize_with = "num_or_zero")]
    pub capacity: i64,
    pub location: String,
    #[serde(deserialize_with = "checkbox")]
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
    /// Years of its coming sessions whose holidays are estimated (推算): dates may still move.
    #[serde(default)]
    pub estimated_years: Vec<i32>,
}

/// A series as HR edits it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SeriesInput {
    /// None: a new series.
    #[serde(deserialize_with = "opt_i64")]
    pub id: Option<i64>,
    pub name: String,
    pub kind: String,
    #[serde(deserialize_with = "num_or_zero")]
    pub category_id: i64,
    #[serde(deserialize_with = "opt_i64")]
    pub room_id: Option<i64>,
    /// HH:MM
    pub start_time: String,
    #[serde(deserialize_with = "num_or_zero")]
    pub duration_min: i64,
    pub recurrence: RecurrenceForm,
    pub audience: AudienceForm,
    #[serde(deserialize_with = "checkbox")]
    pub open_enrolment: bool,
    #[serde(deserialize_with = "opt_i64")]
    pub capacity: Option<i64>,
    /// On an edit: also change the future sessions not edited by hand.
    #[serde(deserialize_with = "checkbox")]
    pub apply_to_future: bool,
    /// The named attendees with their names (filled by `lecture_series_get`, for the form; not read).
    pub named: Vec<PersonOption>,
}

/// A recurrence as a form holds it: every pattern's fields at once (a form without script cannot
/// hide the others), `pattern` saying which count; numbers and dates as typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RecurrenceForm {
    /// weekly, monthly_nth or monthly_day
    pub pattern: String,
    /// Weekly: 1 = Monday … 7 = Sunday
    pub weekdays: IdList,
    pub every: String,
    /// Monthly on the nth weekday: 1–4 or -1 (the last)
    pub nth: String,
    pub weekday: String,
    /// Monthly on a day
    pub day: String,
    /// YYYY-MM-DD
    pub start: String,
    /// until or count
    pub end: String,
    pub until: String,
    pub count: String,
    #[serde(deserialize_with = "checkbox")]
    pub move_on_holiday: bool,
}

impl RecurrenceForm {
    /// The form for a stored recurrence (the other patterns' fields keep their defaults).
    pub fn of(r: &Recurrence) -> RecurrenceForm {
        let mut f = RecurrenceForm {
            start: r.start.to_string(),
            move_on_holiday: r.on_holiday == OnHoliday::MoveToNextWorkingDay,
            ..RecurrenceForm::new_default(r.start)
        };
        match &r.pattern {
            Pattern::MonthlyDay { day } => {
                f.pattern = "monthly_day".into();
                f.day = day.to_string();
            }
            Pattern::MonthlyNth { nth, weekday } => {
                f.pattern = "monthly_nth".into();
                f.nth = nth.to_string();
                f.weekday = weekday.to_string();
            }
            Pattern::Weekly { weekdays, every } => {
                f.pattern = "weekly".into();
                f.weekdays = IdList(weekdays.iter().map(|d| *d as i64).collect());
                f.every = every.to_string();
            }
        }
        match r.end {
            End::Until(d) => {
                f.end = "until".into();
                f.until = d.to_string();
            }
            End::Count(n) => {
                f.end = "count".into();
                f.count = n.to_string();
            }
        }
        f
    }

    /// A new series' form: weekly on Fridays from `start` to the end of its year.
    pub fn new_default(start: NaiveDate) -> RecurrenceForm {
        use chrono::Datelike;
        RecurrenceForm {
            pattern: "weekly".into(),
            weekdays: IdList(vec![5]),
            every: "1".into(),
            nth: "-1".into(),
            weekday: "5".into(),
            day: "1".into(),
            start: start.to_string(),
            end: "until".into(),
            until: NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start).to_string(),
            count: "12".into(),
            move_on_holiday: false,
        }
    }

    /// The recurrence the form describes, or what is wrong with it, by field (`start`, `until`,
    /// `count`, `day`, `nth`, `weekday`, `weekdays`, `every`); the rules of a well-formed
    /// recurrence are then `Recurrence::check`'s.
    pub fn parse(&self) -> Result<Recurrence, Vec<(&'static str, String)>> {
        let mut errs = Vec::new();
        let mut number = |field: &'static str, text: &str, what: &str| -> i64 {
            match text.trim().parse::<i64>() {
                Ok(n) if (-1_000_000..=1_000_000).contains(&n) => n,
                _ => {
                    errs.push((field, format!("请填写{what}（整数）")));
                    0
                }
            }
        };
        let pattern = match self.pattern.as_str() {
            "monthly_day" => Pattern::MonthlyDay { day: number("day", &self.day, "每月几号").clamp(0, 99) as u32 },
            "monthly_nth" => Pattern::MonthlyNth {
                nth: number("nth", &self.nth, "第几个").clamp(-9, 9) as i32,
                weekday: number("weekday", &self.weekday, "星期").clamp(0, 9) as u32,
            },
            "weekly" | "" => {
                let every = if self.every.trim().is_empty() { 1 } else { number("every", &self.every, "每几周").clamp(0, 999) };
                Pattern::Weekly { weekdays: self.weekdays.0.iter().map(|d| (*d).clamp(0, 99) as u32).collect(), every: every as u32 }
            }
            _ => {
                errs.push(("pattern", "请选择重复方式".to_string()));
                Pattern::Weekly { weekdays: Vec::new(), every: 1 }
            }
        };
        let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let start = date(&self.start);
        if start.is_none() {
            errs.push(("start", "请填写开始日期（年-月-日）".to_string()));
        }
        let end = if self.end == "count" {
            match self.count.trim().parse::<u32>() {
                Ok(n) => Some(End::Count(n.min(100_000))),
                Err(_) => {
                    errs.push(("count", "请填写次数（整数）".to_string()));
                    None
                }
            }
        } else {
            match date(&self.until) {
                Some(d) => Some(End::Until(d)),
                None => {
                    errs.push(("until", "请填写结束日期（年-月-日）".to_string()));
                    None
                }
            }
        };
        match (start, end) {
            (Some(start), Some(end)) if errs.is_empty() => Ok(Recurrence {
                start,
                pattern,
                end,
                on_holiday: if self.move_on_holiday { OnHoliday::MoveToNextWorkingDay } else { OnHoliday::Skip },
            }),
            _ => Err(errs),
        }
    }
}

/// Who must attend, as a form posts it: boxes for everyone, 部室 and 职务层次, and named people
/// (chosen with the picker, or typed as 人员编号).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AudienceForm {
    #[serde(deserialize_with = "checkbox")]
    pub everyone: bool,
    pub unit_ids: IdList,
    pub levels: Vec<String>,
    pub person_ids: IdList,
}

impl From<AudienceForm> for Audience {
    fn from(a: AudienceForm) -> Audience {
        Audience { everyone: a.everyone, unit_ids: a.unit_ids.0, levels: a.levels, person_ids: a.person_ids.0 }
    }
}

impl From<Audience> for AudienceForm {
    fn from(a: Audience) -> AudienceForm {
        AudienceForm { everyone: a.everyone, unit_ids: IdList(a.unit_ids), levels: a.levels, person_ids: IdList(a.person_ids) }
    }
}

/// The lecture rules as their form posts them (numbers as typed, the box ticked or not).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LectureRulesInput {
    pub minutes_per_hour: String,
    pub late_grace_minutes: String,
    pub checkin_opens_minutes: String,
    #[serde(deserialize_with = "checkbox")]
    pub late_earns_hours: bool,
}

impl LectureRulesInput {
    /// The rules, or which field is not a number.
    pub fn parse(&self) -> Result<LectureRules, Vec<(&'static str, String)>> {
        let mut errs = Vec::new();
        let mut n = |field: &'static str, text: &str| match text.trim().parse::<u32>() {
            Ok(v) => v,
            Err(_) => {
                errs.push((field, "请填写整数".to_string()));
                0
            }
        };
        let rules = LectureRules {
            minutes_per_hour: n("minutes_per_hour", &self.minutes_per_hour),
            late_grace_minutes: n("late_grace_minutes", &self.late_grace_minutes),
            checkin_opens_minutes: n("checkin_opens_minutes", &self.checkin_opens_minutes),
            late_earns_hours: self.late_earns_hours,
        };
        if errs.is_empty() {
            Ok(rules)
        } else {
            Err(errs)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Lecturer {
    /// A person from the roster, or None for an external lecturer.
    #[serde(deserialize_with = "opt_i64")]
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
    /// The named attendees with their names (for the edit form).
    pub named: Vec<PersonOption>,
}

/// HR's edit of one session (also a one-off session when `id` is None).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SessionInput {
    #[serde(deserialize_with = "opt_i64")]
    pub id: Option<i64>,
    pub title: String,
    pub kind: String,
    #[serde(deserialize_with = "num_or_zero")]
    pub category_id: i64,
    #[serde(deserialize_with = "opt_i64")]
    pub room_id: Option<i64>,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
    /// Empty: from the duration
    pub hours: String,
    /// Colleagues from the roster, by 人员编号 (the picker), in this order before `lecturers`.
    pub lecturer_ids: IdList,
    /// Lecturers given in full: outsiders (name, organisation, title; rows left blank are
    /// ignored), or colleagues with `person_id`.
    pub lecturers: Vec<Lecturer>,
    pub materials_md: String,
    pub summary_md: String,
    #[serde(deserialize_with = "opt_i64")]
    pub capacity: Option<i64>,
    /// YYYY-MM-DD HH:MM or empty
    pub enrol_deadline: String,
    #[serde(deserialize_with = "checkbox")]
    pub open_enrolment: bool,
    pub audience: AudienceForm,
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
    /// The missing years as schedules count them meanwhile: their statutory days (推算).
    pub estimated: Vec<CalendarYearView>,
    /// The year HR should enter now (`domain::calendar::year_to_enter`): from November, next
    /// year when it is missing.
    pub to_enter: Option<i32>,
}

/// The QR code on the room screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ScreenCode {
    pub svg: String,
    pub url: String,
    pub seconds_left: i64,
    pub checked_in: i64,
    pub audience: i64,
}
