//! Posts (岗位), leadership quotas (领导职数) and appointments (任免): the rules shared by the post
//! pages, the first-appointment campaign (首聘 / 平岗定位), single appointments, 任前公示, 试用期 and
//! the 简历 of the 干部任免审批表. Pure: callers load the rows and save the results.

use super::calendar::{chinese_date, HolidayCalendar};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub const APPOINTMENT_KINDS: &[&str] = &["首聘", "平岗定位", "提任", "转任", "调任", "免职", "退休", "转正", "回原级"];

/// The kinds recorded for many people at once. Both place people at the level they already hold,
/// which is why a campaign always checks levels.
pub const CAMPAIGN_KINDS: &[&str] = &["首聘", "平岗定位"];

/// Kept here rather than taken from the roster so this module stands alone; the values are the same.
const CATEGORIES: [&str; 3] = ["管理岗位", "专业技术岗位", "工勤技能岗位"];
const LEADER_LEVELS: [&str; 4] = ["正处级", "副处级", "正科级", "副科级"];
const NUMBERED_GRADES: [&str; 13] =
    ["一级", "二级", "三级", "四级", "五级", "六级", "七级", "八级", "九级", "十级", "十一级", "十二级", "十三级"];
const WORKER_GRADES: [&str; 6] = ["技术工一级", "技术工二级", "技术工三级", "技术工四级", "技术工五级", "普通工"];

/// 职务层次 and the 管理岗位 grade that carries it (事业单位岗位设置管理试行办法).
const MANAGEMENT_LEVELS: [(&str, &str); 6] =
    [("正处级", "五级"), ("副处级", "六级"), ("正科级", "七级"), ("副科级", "八级"), ("科员", "九级"), ("办事员", "十级")];

const NAME_MAX: usize = 40;
const SEATS_MAX: i64 = 999;
const DUTIES_MAX: usize = 20_000;
const DOC_NO_MAX: usize = 60;
const DECIDED_BY_MAX: usize = 40;
const NOTES_MAX: usize = 2_000;
/// Appointments are recorded up to a year ahead (a decision dated for next year's start).
const AHEAD_DAYS: u64 = 366;
/// A 公示 longer than this is a typing error; capping it keeps a bad setting from hanging a request.
const NOTICE_DAYS_MAX: u32 = 1_000;

pub type FieldErrors = Vec<(&'static str, String)>;

/// The grades a post of this category may have, highest first; empty for an unknown category.
pub fn grades_for(category: &str) -> Vec<&'static str> {
    match category.trim() {
        "管理岗位" => NUMBERED_GRADES.iter().take(10).copied().collect(),
        "专业技术岗位" => NUMBERED_GRADES.to_vec(),
        "工勤技能岗位" => WORKER_GRADES.to_vec(),
        _ => Vec::new(),
    }
}

/// The grade range as messages name it.
fn grades_text(category: &str) -> &'static str {
    match category {
        "管理岗位" => "一级至十级",
        "专业技术岗位" => "一级至十三级",
        _ => "技术工一级至技术工五级、普通工",
    }
}

/// The 管理岗位 grade that goes with a 职务层次: 正处级 五级 … 办事员 十级.
pub fn management_grade_for_level(level: &str) -> Option<&'static str> {
    let level = level.trim();
    MANAGEMENT_LEVELS.iter().find(|(l, _)| *l == level).map(|(_, g)| *g)
}

/// The 职务层次 of a 管理岗位 grade; `None` for 一级 to 四级 (above this organisation) and anything else.
pub fn level_for_management_grade(grade: &str) -> Option<&'static str> {
    let grade = grade.trim();
    MANAGEMENT_LEVELS.iter().find(|(_, g)| *g == grade).map(|(l, _)| *l)
}

/// The 职务层次 a holder of the post must have: the leadership level for a leadership post, the
/// level of the grade for another 管理岗位 post, and none for 专业技术 and 工勤技能 posts (their
/// grades are not 职务层次, so nobody's level is checked against them).
pub fn post_level(category: &str, grade: &str, leader_level: &str) -> Option<&'static str> {
    let leader = leader_level.trim();
    if !leader.is_empty() {
        return LEADER_LEVELS.iter().find(|l| **l == leader).copied();
    }
    if category.trim() == "管理岗位" {
        level_for_management_grade(grade)
    } else {
        None
    }
}

/// Whether the kind puts the person on a (new) post, so seats and quotas must be checked. 回原级
/// does: it puts the person back on the former post at the former level.
pub fn kind_changes_post(kind: &str) -> bool {
    matches!(kind.trim(), "首聘" | "平岗定位" | "提任" | "转任" | "调任" | "回原级")
}

/// Whether the kind leaves the person without a post (the seat and the quota become free).
pub fn kind_vacates_post(kind: &str) -> bool {
    matches!(kind.trim(), "免职" | "退休")
}

/// Whether the kind changes the person's 职务层次 on purpose, so the caller checks the post against
/// the new level (提任) or the former one (回原级) rather than the current one.
pub fn kind_changes_level(kind: &str) -> bool {
    matches!(kind.trim(), "提任" | "回原级")
}

/// Only a promotion to a non-elected post starts a 试用期 (one year by default).
pub fn kind_starts_probation(kind: &str) -> bool {
    kind.trim() == "提任"
}

/// Whether the kind closes a running 试用期: confirmed (转正), failed (回原级), or the post is gone.
/// A transfer (转任, 调任) does not: the probation is about the level, which a transfer keeps.
pub fn kind_ends_probation(kind: &str) -> bool {
    matches!(kind.trim(), "转正" | "回原级" | "免职" | "退休")
}

/// 回原级: the caller fills the unit, post and level from the entry before the promotion.
pub fn kind_restores_previous(kind: &str) -> bool {
    kind.trim() == "回原级"
}

// ---------------------------------------------------------------------------------------------
// Posts

/// A post as the post form sends it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct PostInput {
    pub name: String,
    /// 岗位类别: 管理岗位, 专业技术岗位 or 工勤技能岗位.
    pub category: String,
    /// 岗位等级 as the roster stores it: 五级, 十二级, 技术工三级, 普通工.
    pub grade: String,
    /// 正处级 … 副科级 for a leadership post; empty for any other post.
    pub leader_level: String,
    /// How many people the post holds (岗位数).
    pub seats: i64,
    pub duties: String,
}

/// Checks a post before it is saved: (field, message) pairs, empty when it is fine.
pub fn validate_post(p: &PostInput) -> FieldErrors {
    let mut errs: FieldErrors = Vec::new();
    let name = p.name.trim();
    let name_len = name.chars().count();
    if name_len == 0 {
        errs.push(("name", "请填写岗位名称".into()));
    } else if name_len > NAME_MAX {
        errs.push(("name", format!("岗位名称不能超过 {NAME_MAX} 个字（现为 {name_len} 个字）")));
    }

    let category = p.category.trim();
    let category_ok = CATEGORIES.contains(&category);
    if category.is_empty() {
        errs.push(("category", "请选择岗位类别".into()));
    } else if !category_ok {
        errs.push(("category", format!("岗位类别“{category}”不在可选范围内（{}）", CATEGORIES.join("、"))));
    }

    let grade = p.grade.trim();
    let grade_ok = category_ok && grades_for(category).contains(&grade);
    if grade.is_empty() {
        errs.push(("grade", "请选择岗位等级".into()));
    } else if category_ok && !grade_ok {
        errs.push(("grade", format!("{category}没有“{grade}”这一等级（可选{}）", grades_text(category))));
    }

    let leader = p.leader_level.trim();
    if !leader.is_empty() {
        if !LEADER_LEVELS.contains(&leader) {
            errs.push(("leader_level", format!("领导职务层次“{leader}”不在可选范围内（{}）", LEADER_LEVELS.join("、"))));
        } else if category_ok && category != "管理岗位" {
            errs.push(("leader_level", format!("只有管理岗位可以设为{leader}领导岗位，此岗位为{category}")));
        } else if let Some(expected) = management_grade_for_level(leader) {
            if grade_ok && grade != expected {
                errs.push(("grade", format!("{leader}领导岗位的岗位等级应为{expected}（现为{grade}）")));
            }
        }
    }

    if p.seats < 1 {
        errs.push(("seats", format!("岗位数至少为 1（现为 {}）", p.seats)));
    } else if p.seats > SEATS_MAX {
        errs.push(("seats", format!("岗位数不能超过 {SEATS_MAX}（现为 {}）", p.seats)));
    }

    let duties_len = p.duties.chars().count();
    if duties_len > DUTIES_MAX {
        errs.push(("duties", format!("岗位职责不能超过 {DUTIES_MAX} 个字（现为 {duties_len} 个字）")));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Appointment records

/// An appointment (任免) record as the form sends it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct AppointmentInput {
    pub kind: String,
    /// `YYYY-MM-DD`; 任职时间 counts from this day.
    pub effective_date: String,
    /// 任免文号.
    pub doc_no: String,
    /// 决定机关, e.g. 中心党委.
    pub decided_by: String,
    pub notes: String,
}

fn too_long(errs: &mut FieldErrors, field: &'static str, label: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        errs.push((field, format!("{label}不能超过 {max} 个字（现为 {n} 个字）")));
    }
}

/// Checks a record; gives its effective date when it is fine. Dates up to a year ahead are
/// accepted because decisions are often recorded before they take effect.
pub fn validate_appointment(a: &AppointmentInput, today: NaiveDate) -> Result<NaiveDate, FieldErrors> {
    let mut errs: FieldErrors = Vec::new();
    let kind = a.kind.trim();
    if kind.is_empty() {
        errs.push(("kind", "请选择任免类型".into()));
    } else if !APPOINTMENT_KINDS.contains(&kind) {
        errs.push(("kind", format!("任免类型“{kind}”不在可选范围内（{}）", APPOINTMENT_KINDS.join("、"))));
    }

    let raw = a.effective_date.trim();
    let earliest = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = today.checked_add_days(Days::new(AHEAD_DAYS)).unwrap_or(NaiveDate::MAX);
    let mut date = None;
    if raw.is_empty() {
        errs.push(("effective_date", "请填写生效日期".into()));
    } else {
        match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Err(_) => errs.push(("effective_date", format!("生效日期“{raw}”不是有效日期，格式为 年-月-日，如 2026-03-01"))),
            Ok(d) if d < earliest => errs.push(("effective_date", format!("生效日期 {} 早于 1950年1月1日", chinese_date(d)))),
            Ok(d) if d > latest => {
                errs.push(("effective_date", format!("生效日期 {} 太晚：最多登记到一年后，即 {}", chinese_date(d), chinese_date(latest))))
            }
            Ok(d) => date = Some(d),
        }
    }

    let doc_no = a.doc_no.trim();
    if doc_no.is_empty() {
        errs.push(("doc_no", "任免文号必填".into()));
    }
    too_long(&mut errs, "doc_no", "任免文号", doc_no, DOC_NO_MAX);
    too_long(&mut errs, "decided_by", "决定机关", a.decided_by.trim(), DECIDED_BY_MAX);
    too_long(&mut errs, "notes", "备注", a.notes.trim(), NOTES_MAX);

    match date {
        Some(d) if errs.is_empty() => Ok(d),
        _ => Err(errs),
    }
}

// ---------------------------------------------------------------------------------------------
// Seats and quotas

/// A post with what is already taken. `filled` and the levels come from the caller, who leaves out
/// the holders this change moves (they are in the assignments instead).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct PostSeat {
    pub post_id: i64,
    pub post_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub seats: i64,
    /// Holders not touched by this change.
    pub filled: i64,
    /// [`post_level`]: the 职务层次 a holder must have; `None` checks no level.
    pub level: Option<String>,
    /// The leadership level for a leadership post (counted against the unit's 领导职数).
    pub leader_level: Option<String>,
}

/// A unit's approved leadership posts of one level.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct UnitQuota {
    pub unit_id: i64,
    pub unit_name: String,
    pub level: String,
    pub approved: i64,
    /// Leaders of that level in the unit not touched by this change.
    pub used: i64,
}

/// One person placed (or not yet placed) on a post.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Assignment {
    pub person_id: i64,
    pub person_name: String,
    /// The person's 职务层次 (for 提任, the new one).
    pub person_level: String,
    pub post_id: Option<i64>,
}

/// Something that stops an appointment or a campaign from being saved as it is.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Conflict {
    Unassigned { person: String },
    Twice { person: String, times: usize },
    LevelMismatch { person: String, person_level: String, unit: String, post: String, post_level: String },
    SeatsExceeded { post: String, unit: String, seats: i64, wanted: i64 },
    QuotaExceeded { unit: String, level: String, approved: i64, wanted: i64 },
    UnknownPost { person: String },
}

impl Conflict {
    /// The message HR reads in the preview or under the form.
    pub fn message(&self) -> String {
        match self {
            Conflict::Unassigned { person } => format!("{person} 尚未安排岗位"),
            Conflict::Twice { person, times } => format!("{person} 在名单中出现 {times} 次，每人只能安排一个岗位"),
            Conflict::LevelMismatch { person, person_level, unit, post, post_level } => {
                let has = match person_level.trim() {
                    "" | "无" => "没有职务层次".to_string(),
                    l => format!("现为{l}"),
                };
                format!("{person} {has}，{unit}“{post}”岗位为{post_level}，职务层次不符")
            }
            Conflict::SeatsExceeded { post, unit, seats, wanted } => {
                format!("{unit}“{post}”岗位设 {seats} 个，本次安排后将有 {wanted} 人")
            }
            Conflict::QuotaExceeded { unit, level, approved, wanted } => {
                format!("{unit} {level}职数 {approved} 个，本次安排后将占用 {wanted} 个")
            }
            Conflict::UnknownPost { person } => format!("{person} 安排的岗位不存在（可能已撤销），请重新选择"),
        }
    }

    /// The person the conflict is about, for marking rows; `None` for a post or a unit.
    pub fn person(&self) -> Option<&str> {
        match self {
            Conflict::Unassigned { person }
            | Conflict::Twice { person, .. }
            | Conflict::LevelMismatch { person, .. }
            | Conflict::UnknownPost { person } => Some(person),
            Conflict::SeatsExceeded { .. } | Conflict::QuotaExceeded { .. } => None,
        }
    }
}

/// An optional text that counts only when it says something.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Position of a leadership level for ordering; unknown levels last.
fn leader_rank(level: &str) -> usize {
    LEADER_LEVELS.iter().position(|l| *l == level).unwrap_or(LEADER_LEVELS.len())
}

/// Checks a whole campaign (首聘 or 平岗定位) in one pass; empty when it can be saved.
///
/// Both campaign kinds place people at the level they already hold, so the level is always
/// checked (there is no switch: a change of level is a 提任, recorded with [`check_one`]).
/// A person listed more than once is reported once, and only the first row places them: the
/// later rows count for no seat, so fixing the duplicate does not uncover different conflicts.
/// A post id listed twice in `posts` uses the first; a unit without a quota row for a level
/// has 0 approved and 0 used. Conflicts come person by person in list order, then seats in the
/// order of `posts`, then quotas unit by unit (正处级 first). Runs in linear time plus sorting
/// the posts that received someone.
pub fn check_assignments(assignments: &[Assignment], posts: &[PostSeat], quotas: &[UnitQuota]) -> Vec<Conflict> {
    check(assignments, posts, quotas, true)
}

/// Checks one appointment to `post` (the person's `post_id` is ignored). For 提任 pass the new
/// level as `person_level`, or `check_level = false` when no level applies. `quota` is the row for
/// the post's unit and leadership level; a row of another unit or level counts as none.
pub fn check_one(person: &Assignment, post: &PostSeat, quota: Option<&UnitQuota>, check_level: bool) -> Vec<Conflict> {
    let one = Assignment { post_id: Some(post.post_id), ..person.clone() };
    let quotas = match quota {
        Some(q) => std::slice::from_ref(q),
        None => &[],
    };
    check(std::slice::from_ref(&one), std::slice::from_ref(post), quotas, check_level)
}

/// A unit and one of its leadership levels.
type QuotaKey<'a> = (i64, &'a str);

fn check(assignments: &[Assignment], posts: &[PostSeat], quotas: &[UnitQuota], check_level: bool) -> Vec<Conflict> {
    let mut post_index: HashMap<i64, usize> = HashMap::with_capacity(posts.len());
    for (i, p) in posts.iter().enumerate() {
        post_index.entry(p.post_id).or_insert(i);
    }
    let mut times: HashMap<i64, usize> = HashMap::with_capacity(assignments.len());
    for a in assignments {
        *times.entry(a.person_id).or_insert(0) += 1;
    }

    let mut conflicts = Vec::new();
    let mut seen: HashSet<i64> = HashSet::with_capacity(assignments.len());
    // Post index → people this change puts there.
    let mut placed: HashMap<usize, i64> = HashMap::new();
    for a in assignments {
        if !seen.insert(a.person_id) {
            continue;
        }
        let person = a.person_name.clone();
        let n = times.get(&a.person_id).copied().unwrap_or(1);
        if n > 1 {
            conflicts.push(Conflict::Twice { person: person.clone(), times: n });
        }
        let Some(post_id) = a.post_id else {
            conflicts.push(Conflict::Unassigned { person });
            continue;
        };
        let Some((i, post)) = post_index.get(&post_id).and_then(|&i| Some((i, posts.get(i)?))) else {
            conflicts.push(Conflict::UnknownPost { person });
            continue;
        };
        if check_level {
            if let Some(level) = given(&post.level) {
                if a.person_level.trim() != level {
                    conflicts.push(Conflict::LevelMismatch {
                        person,
                        person_level: a.person_level.trim().to_string(),
                        unit: post.unit_name.clone(),
                        post: post.post_name.clone(),
                        post_level: level.to_string(),
                    });
                }
            }
        }
        *placed.entry(i).or_insert(0) += 1;
    }

    let mut placed: Vec<(usize, i64)> = placed.into_iter().collect();
    placed.sort_unstable();

    // (unit, leadership level) → (first post index, people placed).
    let mut groups: HashMap<QuotaKey, (usize, i64)> = HashMap::new();
    let mut unit_order: HashMap<i64, usize> = HashMap::new();
    for &(i, n) in &placed {
        let Some(post) = posts.get(i) else { continue };
        let wanted = post.filled.saturating_add(n);
        if wanted > post.seats {
            conflicts.push(Conflict::SeatsExceeded {
                post: post.post_name.clone(),
                unit: post.unit_name.clone(),
                seats: post.seats,
                wanted,
            });
        }
        if let Some(level) = given(&post.leader_level) {
            unit_order.entry(post.unit_id).or_insert(i);
            groups.entry((post.unit_id, level)).and_modify(|g| g.1 = g.1.saturating_add(n)).or_insert((i, n));
        }
    }

    let mut quota_index: HashMap<QuotaKey, &UnitQuota> = HashMap::with_capacity(quotas.len());
    for q in quotas {
        quota_index.entry((q.unit_id, q.level.trim())).or_insert(q);
    }
    let mut groups: Vec<(QuotaKey, (usize, i64))> = groups.into_iter().collect();
    groups.sort_unstable_by_key(|((unit, level), _)| (unit_order.get(unit).copied().unwrap_or(usize::MAX), leader_rank(level), *level));
    for ((unit_id, level), (i, n)) in groups {
        let quota = quota_index.get(&(unit_id, level));
        let (approved, used) = quota.map(|q| (q.approved, q.used)).unwrap_or((0, 0));
        let wanted = used.saturating_add(n);
        if wanted > approved {
            let unit = match quota {
                Some(q) if !q.unit_name.trim().is_empty() => q.unit_name.clone(),
                _ => posts.get(i).map(|p| p.unit_name.clone()).unwrap_or_default(),
            };
            conflicts.push(Conflict::QuotaExceeded { unit, level: level.to_string(), approved, wanted });
        }
    }
    conflicts
}

// ---------------------------------------------------------------------------------------------
// 任前公示

/// The last day of a 任前公示 that starts on `start` and lasts `working_days` working days.
/// `start` counts when it is a working day; otherwise counting starts on the next one (a notice
/// put up on a Saturday runs from Monday). 0 is taken as 1 (a notice lasts at least its first
/// day); more than 1,000 as 1,000.
pub fn notice_end(cal: &HolidayCalendar, start: NaiveDate, working_days: u32) -> NaiveDate {
    let n = working_days.clamp(1, NOTICE_DAYS_MAX);
    let first = cal.working_day_on_or_after(start);
    cal.add_working_days(first, n - 1)
}

/// The earliest day the appointment may take effect: the calendar day after the notice ends,
/// working day or not (the decision's date, not a day at the office).
pub fn earliest_effective(notice_end: NaiveDate) -> NaiveDate {
    notice_end.succ_opt().unwrap_or(notice_end)
}

// ---------------------------------------------------------------------------------------------
// 试用期

/// The last day of a probation of `months` months from `effective`: the day before the same
/// calendar day `months` later, or the last day of that month when it has no such day (a start on
/// 29 February or the 31st). `None` for no probation (0 months) or a date out of range.
pub fn probation_end(effective: NaiveDate, months: u32) -> Option<NaiveDate> {
    if months == 0 {
        return None;
    }
    let index = i64::from(effective.year()) * 12 + i64::from(effective.month0()) + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    match NaiveDate::from_ymd_opt(year, month, effective.day()) {
        Some(same_day) => same_day.pred_opt(),
        None => last_day_of_month(year, month),
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month >= 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Days from `today` to `end`: 0 on the day, negative once past.
pub fn days_until(today: NaiveDate, end: NaiveDate) -> i64 {
    end.signed_duration_since(today).num_days()
}

/// Whether `end` falls between today and `days` days from now, both included (the "ending soon"
/// list).
pub fn ending_within(today: NaiveDate, end: NaiveDate, days: i64) -> bool {
    let left = days_until(today, end);
    left >= 0 && left <= days
}

// ---------------------------------------------------------------------------------------------
// History and 简历

/// One appointment in a person's history, with the unit, post and level it left them at.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: i64,
    pub kind: String,
    pub effective_date: NaiveDate,
    pub unit_name: String,
    pub post_name: String,
    pub level: String,
    /// 兼职: shown in the record, not a 简历 line.
    pub part_time: bool,
}

/// Date order; entries of the same day keep the order they were recorded in (by id).
pub fn sort_history(entries: &mut [HistoryEntry]) {
    entries.sort_by_key(|e| (e.effective_date, e.id));
}

fn year_month(d: NaiveDate) -> String {
    format!("{:04}.{:02}", d.year(), d.month())
}

/// The open end of the current period: as wide as `YYYY.MM`, so the posts line up.
const OPEN_END: &str = "       ";

/// The 简历 lines of the 干部任免审批表, one per period on a main post:
///
/// ```text
/// 2015.07—2018.12  综合部科员
/// 2023.03—         财务部主任
/// ```
///
/// Start `YYYY.MM`, `—`, end `YYYY.MM` (seven spaces while still in the post), two spaces, unit and
/// post. A period ends in the month the next one starts, as the form does. Part-time posts make no
/// line; 转正 changes nothing; 免职 and 退休 close the period; consecutive entries with the same
/// unit, post and level are one period. Any other kind (and an unknown one) starts a period.
/// `until_now` false leaves out the period still open, for forms that show the current post in
/// their own box. The entries need not be sorted.
pub fn resume_text(entries: &[HistoryEntry], until_now: bool) -> String {
    let mut sorted: Vec<&HistoryEntry> = entries.iter().filter(|e| !e.part_time).collect();
    sorted.sort_by_key(|e| (e.effective_date, e.id));

    let mut lines: Vec<String> = Vec::new();
    let mut open: Option<&HistoryEntry> = None;
    let close = |lines: &mut Vec<String>, from: &HistoryEntry, to: NaiveDate| {
        lines.push(format!("{}—{}  {}{}", year_month(from.effective_date), year_month(to), from.unit_name.trim(), from.post_name.trim()));
    };
    for e in sorted {
        match e.kind.trim() {
            "转正" => {}
            "免职" | "退休" => {
                if let Some(from) = open.take() {
                    close(&mut lines, from, e.effective_date);
                }
            }
            _ => {
                if let Some(from) = open {
                    let same = from.unit_name.trim() == e.unit_name.trim()
                        && from.post_name.trim() == e.post_name.trim()
                        && from.level.trim() == e.level.trim();
                    if same {
                        continue;
                    }
                    close(&mut lines, from, e.effective_date);
                }
                open = Some(e);
            }
        }
    }
    if let (Some(from), true) = (open, until_now) {
        lines.push(format!("{}—{OPEN_END}  {}{}", year_month(from.effective_date), from.unit_name.trim(), from.post_name.trim()));
    }
    lines.join("\n")
}

/// The fields of the cadre record that appointments own: a change to any of them is an appointment.
pub const APPOINTMENT_FIELDS: &[&str] = &["position", "level", "unit_id", "position_date"];

/// Kinds that may be recorded from the person form (a 提任 there records one that already took
/// effect; new promotions go through 任前公示).
pub const FORM_KINDS: &[&str] = &["首聘", "平岗定位", "提任", "转任", "调任", "免职"];

/// The kind an imported change is recorded as: 首聘 for someone without history, 提任 for a higher
/// level, 调任 for another 部室, else 转任.
pub fn kind_for_import(had_history: bool, prev_rank: i64, new_rank: i64, unit_changed: bool) -> &'static str {
    if !had_history {
        "首聘"
    } else if new_rank < prev_rank {
        "提任"
    } else if unit_changed {
        "调任"
    } else {
        "转任"
    }
}

// ---- campaign assignments from a workbook ----------------------------------------------------------

/// One row of an uploaded campaign sheet: a person and the post they are to be given (by 岗位编号,
/// or by name within a 部室), or nothing (the row clears the assignment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetAssignment {
    /// The spreadsheet row (1 is the header).
    pub row: u32,
    pub person_id: i64,
    /// As written in the sheet (checked against the roster by the caller); may be empty.
    pub name: String,
    pub post: SheetPost,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetPost {
    /// The cell(s) were empty: no post (clears an earlier assignment).
    None,
    Id(i64),
    /// 聘任部室 (may be empty) and 聘任岗位.
    Named {
        unit: String,
        name: String,
    },
}

/// Read a campaign sheet: the header row names 人员编号 and at least one of 岗位编号 and 聘任岗位
/// (the list exported from the campaign page has all of them); 姓名 and 聘任部室 are optional.
/// Rows that are entirely empty are skipped; every other problem is reported with its row and column.
pub fn parse_campaign_sheet(grid: &[Vec<String>], max_rows: usize) -> (Vec<SheetAssignment>, Vec<crate::import::Problem>) {
    use crate::import::{column_letter, Problem};
    let Some(header) = grid.first() else {
        return (Vec::new(), vec![Problem { row: 0, column: String::new(), message: "文件中没有数据".into() }]);
    };
    let find = |name: &str| header.iter().position(|h| h.trim() == name);
    let (person_col, id_col, name_col, unit_col) = (find("人员编号"), find("岗位编号"), find("聘任岗位"), find("聘任部室"));
    let Some(person_col) = person_col.filter(|_| id_col.is_some() || name_col.is_some()) else {
        return (
            Vec::new(),
            vec![Problem {
                row: 1,
                column: String::new(),
                message: "第一行应有“人员编号”列，以及“岗位编号”或“聘任岗位”列（可先导出本批次名单再填写）".into(),
            }],
        );
    };
    if grid.len() - 1 > max_rows {
        return (Vec::new(), vec![Problem { row: 0, column: String::new(), message: format!("行数超过上限 {max_rows}") }]);
    }
    let person_name_col = find("姓名");
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, cells) in grid.iter().enumerate().skip(1) {
        let row = i as u32 + 1;
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("");
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let person_text = cell(Some(person_col));
        let Some(person_id) = person_text.parse::<i64>().ok().filter(|v| *v > 0) else {
            problems.push(Problem {
                row,
                column: format!("{} 人员编号", column_letter(person_col)),
                message: format!("人员编号“{person_text}”应为正整数"),
            });
            continue;
        };
        if !seen.insert(person_id) {
            problems.push(Problem {
                row,
                column: format!("{} 人员编号", column_letter(person_col)),
                message: format!("人员编号 {person_id} 重复出现：一人只能安排一个主岗"),
            });
            continue;
        }
        let id_text = cell(id_col);
        let post = if !id_text.is_empty() {
            match id_text.parse::<i64>().ok().filter(|v| *v > 0) {
                Some(id) => SheetPost::Id(id),
                None => {
                    problems.push(Problem {
                        row,
                        column: format!("{} 岗位编号", column_letter(id_col.unwrap_or(0))),
                        message: format!("岗位编号“{id_text}”应为正整数"),
                    });
                    continue;
                }
            }
        } else if !cell(name_col).is_empty() {
            SheetPost::Named { unit: cell(unit_col).to_string(), name: cell(name_col).to_string() }
        } else {
            SheetPost::None
        };
        out.push(SheetAssignment { row, person_id, name: cell(person_name_col).to_string(), post });
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::super::calendar::YearCalendar;
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn a_campaign_sheet_names_posts_by_number_or_by_name() {
        let g = grid(&[
            &["序号", "人员编号", "姓名", "岗位编号", "聘任部室", "聘任岗位"],
            &["1", "12", "张三", "7", "", ""],
            &["2", "13", "李四", "", "办公室", "综合岗"],
            &["3", "14", "", "", "", ""],
            &["", "", "", "", "", ""],
            &["4", " 15 ", "王五", "", "", "文秘岗"],
        ]);
        let (rows, problems) = parse_campaign_sheet(&g, 100);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0], SheetAssignment { row: 2, person_id: 12, name: "张三".into(), post: SheetPost::Id(7) });
        assert_eq!(rows[1].post, SheetPost::Named { unit: "办公室".into(), name: "综合岗".into() });
        assert_eq!(rows[2].post, SheetPost::None);
        assert_eq!((rows[3].row, rows[3].person_id), (6, 15));
        assert_eq!(rows[3].post, SheetPost::Named { unit: String::new(), name: "文秘岗".into() });
    }

    #[test]
    fn a_campaign_sheet_reports_every_bad_row_and_a_missing_header() {
        let g = grid(&[&["人员编号", "岗位编号"], &["abc", "1"], &["5", "x"], &["6", "-2"], &["7", "3"], &["7", "4"]]);
        let (rows, problems) = parse_campaign_sheet(&g, 100);
        assert_eq!(rows.len(), 1);
        let at: Vec<(u32, &str)> = problems.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(at, vec![(2, "A 人员编号"), (3, "B 岗位编号"), (4, "B 岗位编号"), (6, "A 人员编号")]);
        assert!(problems[3].message.contains("重复"));
        let (_, p) = parse_campaign_sheet(&grid(&[&["人员编号", "姓名"], &["1", "张三"]]), 100);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("岗位编号"));
        let (_, p) = parse_campaign_sheet(&[], 100);
        assert_eq!(p[0].message, "文件中没有数据");
        let (_, p) = parse_campaign_sheet(&grid(&[&["人员编号", "岗位编号"], &["1", "1"], &["2", "1"]]), 1);
        assert!(p[0].message.contains("行数超过上限 1"));
    }

    #[test]
    fn an_imported_change_is_recorded_as_the_kind_it_is() {
        assert_eq!(kind_for_import(false, 5, 4, true), "首聘");
        assert_eq!(kind_for_import(true, 5, 4, false), "提任");
        assert_eq!(kind_for_import(true, 4, 4, true), "调任");
        assert_eq!(kind_for_import(true, 4, 5, false), "转任");
    }
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    // ----- kinds and grades

    #[test]
    fn grades_per_category() {
        let management = grades_for("管理岗位");
        assert_eq!(management.len(), 10);
        assert_eq!(management.first(), Some(&"一级"));
        assert_eq!(management.last(), Some(&"十级"));
        let professional = grades_for("专业技术岗位");
        assert_eq!(professional.len(), 13);
        assert!(professional.contains(&"十二级"));
        assert_eq!(professional.last(), Some(&"十三级"));
        assert_eq!(grades_for("工勤技能岗位"), vec!["技术工一级", "技术工二级", "技术工三级", "技术工四级", "技术工五级", "普通工"]);
        assert_eq!(grades_for(" 管理岗位 ").len(), 10, "surrounding spaces are ignored");
        assert!(grades_for("").is_empty());
        assert!(grades_for("行政编制").is_empty());
        assert!(!grades_for("管理岗位").contains(&"十一级"));
    }

    #[test]
    fn management_grades_and_levels_map_both_ways() {
        for (level, grade) in MANAGEMENT_LEVELS {
            assert_eq!(management_grade_for_level(level), Some(grade));
            assert_eq!(level_for_management_grade(grade), Some(level));
        }
        assert_eq!(management_grade_for_level("正处级"), Some("五级"));
        assert_eq!(management_grade_for_level("副科级"), Some("八级"));
        assert_eq!(management_grade_for_level("办事员"), Some("十级"));
        assert_eq!(management_grade_for_level("无"), None);
        assert_eq!(management_grade_for_level(""), None);
        assert_eq!(level_for_management_grade("三级"), None, "above this organisation");
        assert_eq!(level_for_management_grade("十一级"), None);
        assert_eq!(level_for_management_grade("技术工一级"), None);
    }

    #[test]
    fn post_level_comes_from_the_leadership_level_or_the_management_grade() {
        assert_eq!(post_level("管理岗位", "七级", "正科级"), Some("正科级"));
        assert_eq!(post_level("管理岗位", "八级", ""), Some("副科级"), "a non-leadership 八级 post is still 副科级");
        assert_eq!(post_level("管理岗位", "九级", "  "), Some("科员"));
        assert_eq!(post_level("管理岗位", "三级", ""), None);
        assert_eq!(post_level("专业技术岗位", "八级", ""), None, "professional grades are not 职务层次");
        assert_eq!(post_level("工勤技能岗位", "普通工", ""), None);
        assert_eq!(post_level("管理岗位", "七级", "处长"), None, "an unknown leadership level carries none");
    }

    #[test]
    fn what_each_kind_changes() {
        for k in ["首聘", "平岗定位", "提任", "转任", "调任", "回原级"] {
            assert!(kind_changes_post(k), "{k}");
            assert!(!kind_vacates_post(k), "{k}");
        }
        for k in ["免职", "退休"] {
            assert!(!kind_changes_post(k), "{k}");
            assert!(kind_vacates_post(k), "{k}");
            assert!(kind_ends_probation(k), "{k}");
        }
        assert!(!kind_changes_post("转正"));
        assert!(!kind_vacates_post("转正"));
        assert!(kind_ends_probation("转正"));
        assert!(kind_ends_probation("回原级"));
        assert!(!kind_ends_probation("转任"), "a transfer keeps the probation running");
        assert!(kind_starts_probation("提任"));
        assert_eq!(APPOINTMENT_KINDS.iter().filter(|k| kind_starts_probation(k)).count(), 1);
        assert!(kind_changes_level("提任") && kind_changes_level("回原级") && !kind_changes_level("平岗定位"));
        assert!(kind_restores_previous("回原级") && !kind_restores_previous("提任"));
        assert!(!kind_changes_post("") && !kind_vacates_post("升职") && !kind_starts_probation(""));
        assert!(CAMPAIGN_KINDS.iter().all(|k| APPOINTMENT_KINDS.contains(k) && kind_changes_post(k) && !kind_changes_level(k)));
    }

    // ----- posts

    fn good_post() -> PostInput {
        PostInput {
            name: "综合部副主任".into(),
            category: "管理岗位".into(),
            grade: "八级".into(),
            leader_level: "副科级".into(),
            seats: 2,
            duties: "协助主任处理日常工作".into(),
        }
    }

    fn fields(errs: &FieldErrors) -> Vec<&'static str> {
        errs.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_good_post_passes() {
        assert!(validate_post(&good_post()).is_empty());
        let plain =
            PostInput {
                name: "会计".into(), category: "专业技术岗位".into(), grade: "十二级".into(), seats: 1, ..Default::default()
            };
        assert!(validate_post(&plain).is_empty());
        let worker = PostInput {
            name: "驾驶员".into(),
            category: "工勤技能岗位".into(),
            grade: "技术工三级".into(),
            seats: 999,
            ..Default::default()
        };
        assert!(validate_post(&worker).is_empty());
        let padded = PostInput { name: "  科员  ".into(), category: " 管理岗位".into(), grade: "九级 ".into(), ..good_post() };
        let padded = PostInput { leader_level: " ".into(), ..padded };
        assert!(validate_post(&padded).is_empty());
    }

    #[test]
    fn post_name_is_required_and_at_most_40_characters() {
        let p = PostInput { name: "   ".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("name", "请填写岗位名称".to_string())]);
        let p = PostInput { name: "岗".repeat(40), ..good_post() };
        assert!(validate_post(&p).is_empty());
        let p = PostInput { name: "岗".repeat(41), ..good_post() };
        assert_eq!(validate_post(&p), vec![("name", "岗位名称不能超过 40 个字（现为 41 个字）".to_string())]);
    }

    #[test]
    fn post_category_and_grade_must_fit_together() {
        let p = PostInput { category: "".into(), leader_level: "".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("category", "请选择岗位类别".to_string())]);
        let p = PostInput { category: "行政岗位".into(), leader_level: "".into(), ..good_post() };
        assert_eq!(fields(&validate_post(&p)), vec!["category"]);
        assert!(validate_post(&p)[0].1.contains("“行政岗位”"));
        let p = PostInput { grade: "十一级".into(), leader_level: "".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("grade", "管理岗位没有“十一级”这一等级（可选一级至十级）".to_string())]);
        let p = PostInput { category: "工勤技能岗位".into(), grade: "三级".into(), leader_level: "".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("grade", "工勤技能岗位没有“三级”这一等级（可选技术工一级至技术工五级、普通工）".to_string())]);
        let p = PostInput { grade: "".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("grade", "请选择岗位等级".to_string())]);
    }

    #[test]
    fn a_leadership_post_must_be_a_management_post_of_the_matching_grade() {
        let p = PostInput { grade: "七级".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("grade", "副科级领导岗位的岗位等级应为八级（现为七级）".to_string())]);
        let p = PostInput { leader_level: "正处级".into(), grade: "五级".into(), ..good_post() };
        assert!(validate_post(&p).is_empty());
        let p = PostInput { category: "专业技术岗位".into(), grade: "八级".into(), ..good_post() };
        assert_eq!(validate_post(&p), vec![("leader_level", "只有管理岗位可以设为副科级领导岗位，此岗位为专业技术岗位".to_string())]);
        let p = PostInput { leader_level: "科员".into(), grade: "九级".into(), ..good_post() };
        assert_eq!(fields(&validate_post(&p)), vec!["leader_level"], "科员 is not a leadership level");
        let p = PostInput { leader_level: "主任".into(), ..good_post() };
        assert_eq!(
            validate_post(&p),
            vec![("leader_level", "领导职务层次“主任”不在可选范围内（正处级、副处级、正科级、副科级）".to_string())]
        );
        // An invalid grade is reported once, not also as a mismatch.
        let p = PostInput { grade: "十二级".into(), ..good_post() };
        assert_eq!(fields(&validate_post(&p)), vec!["grade"]);
    }

    #[test]
    fn post_seats_are_1_to_999() {
        for (seats, ok) in [(0, false), (-3, false), (i64::MIN, false), (1, true), (999, true), (1000, false), (i64::MAX, false)] {
            let errs = validate_post(&PostInput { seats, ..good_post() });
            assert_eq!(errs.is_empty(), ok, "{seats}: {errs:?}");
        }
        assert_eq!(validate_post(&PostInput { seats: 0, ..good_post() }), vec![("seats", "岗位数至少为 1（现为 0）".to_string())]);
        assert_eq!(validate_post(&PostInput { seats: -2, ..good_post() }), vec![("seats", "岗位数至少为 1（现为 -2）".to_string())]);
        assert_eq!(
            validate_post(&PostInput { seats: 1000, ..good_post() }),
            vec![("seats", "岗位数不能超过 999（现为 1000）".to_string())]
        );
    }

    #[test]
    fn post_duties_at_most_20000_characters() {
        assert!(validate_post(&PostInput { duties: "责".repeat(20_000), ..good_post() }).is_empty());
        let errs = validate_post(&PostInput { duties: "责".repeat(20_001), ..good_post() });
        assert_eq!(errs, vec![("duties", "岗位职责不能超过 20000 个字（现为 20001 个字）".to_string())]);
    }

    #[test]
    fn every_post_error_is_reported_at_once() {
        let p = PostInput {
            name: "".into(),
            category: "x".into(),
            grade: "".into(),
            leader_level: "y".into(),
            seats: 0,
            duties: "d".repeat(20_001),
        };
        assert_eq!(fields(&validate_post(&p)), vec!["name", "category", "grade", "leader_level", "seats", "duties"]);
    }

    #[test]
    fn a_post_survives_json() {
        let p = good_post();
        let back: PostInput = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    // ----- appointments

    fn good_appointment() -> AppointmentInput {
        AppointmentInput {
            kind: "提任".into(),
            effective_date: "2026-03-01".into(),
            doc_no: "X服党〔2026〕12号".into(),
            decided_by: "中心党委".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_good_appointment_gives_its_date() {
        let today = d(2026, 3, 10);
        assert_eq!(validate_appointment(&good_appointment(), today), Ok(d(2026, 3, 1)));
        for kind in APPOINTMENT_KINDS {
            let a = AppointmentInput { kind: kind.to_string(), ..good_appointment() };
            assert!(validate_appointment(&a, today).is_ok(), "{kind}");
        }
        let a = AppointmentInput { effective_date: " 2026-03-01 ".into(), kind: " 首聘 ".into(), ..good_appointment() };
        assert_eq!(validate_appointment(&a, today), Ok(d(2026, 3, 1)));
    }

    #[test]
    fn appointment_kind_must_be_known() {
        let a = AppointmentInput { kind: "升职".into(), ..good_appointment() };
        let errs = validate_appointment(&a, d(2026, 3, 10)).unwrap_err();
        assert_eq!(fields(&errs), vec!["kind"]);
        assert!(errs[0].1.starts_with("任免类型“升职”不在可选范围内"));
        let a = AppointmentInput { kind: "".into(), ..good_appointment() };
        assert_eq!(validate_appointment(&a, d(2026, 3, 10)), Err(vec![("kind", "请选择任免类型".to_string())]));
    }

    #[test]
    fn appointment_date_between_1950_and_a_year_ahead() {
        let today = d(2026, 3, 10);
        let at = |s: &str| validate_appointment(&AppointmentInput { effective_date: s.into(), ..good_appointment() }, today);
        assert_eq!(at("1950-01-01"), Ok(d(1950, 1, 1)));
        assert_eq!(at("1949-12-31"), Err(vec![("effective_date", "生效日期 1949年12月31日 早于 1950年1月1日".to_string())]));
        // 366 days after 10 March 2026 is 11 March 2027.
        assert_eq!(at("2027-03-11"), Ok(d(2027, 3, 11)));
        assert_eq!(
            at("2027-03-12"),
            Err(vec![("effective_date", "生效日期 2027年3月12日 太晚：最多登记到一年后，即 2027年3月11日".to_string())])
        );
        assert_eq!(at(""), Err(vec![("effective_date", "请填写生效日期".to_string())]));
        assert_eq!(
            at("2026-02-29"),
            Err(vec![("effective_date", "生效日期“2026-02-29”不是有效日期，格式为 年-月-日，如 2026-03-01".to_string())])
        );
        assert_eq!(at("2028-02-29").unwrap_err().len(), 1, "a leap day too far ahead is refused for being late");
        assert!(at("2026/03/01").is_err());
        assert!(at("99999-01-01").is_err());
        // Today at the end of time does not overflow.
        let a = AppointmentInput { effective_date: "2026-03-01".into(), ..good_appointment() };
        assert_eq!(validate_appointment(&a, NaiveDate::MAX), Ok(d(2026, 3, 1)));
    }

    #[test]
    fn appointment_document_number_is_required_and_lengths_are_bounded() {
        let today = d(2026, 3, 10);
        let a = AppointmentInput { doc_no: "  ".into(), ..good_appointment() };
        assert_eq!(validate_appointment(&a, today), Err(vec![("doc_no", "任免文号必填".to_string())]));
        let a =
            AppointmentInput { doc_no: "号".repeat(60), decided_by: "党".repeat(40), notes: "注".repeat(2000), ..good_appointment() };
        assert!(validate_appointment(&a, today).is_ok());
        let a =
            AppointmentInput { doc_no: "号".repeat(61), decided_by: "党".repeat(41), notes: "注".repeat(2001), ..good_appointment() };
        let errs = validate_appointment(&a, today).unwrap_err();
        assert_eq!(fields(&errs), vec!["doc_no", "decided_by", "notes"]);
        assert_eq!(errs[0].1, "任免文号不能超过 60 个字（现为 61 个字）");
        assert_eq!(errs[1].1, "决定机关不能超过 40 个字（现为 41 个字）");
        assert_eq!(errs[2].1, "备注不能超过 2000 个字（现为 2001 个字）");
    }

    // ----- seats and quotas

    fn seat(
        id: i64,
        name: &str,
        (unit_id, unit): (i64, &str),
        seats: i64,
        filled: i64,
        level: Option<&str>,
        leader: Option<&str>,
    ) -> PostSeat {
        PostSeat {
            post_id: id,
            post_name: name.into(),
            unit_id,
            unit_name: unit.into(),
            seats,
            filled,
            level: level.map(String::from),
            leader_level: leader.map(String::from),
        }
    }

    fn who(id: i64, name: &str, level: &str, post: Option<i64>) -> Assignment {
        Assignment { person_id: id, person_name: name.into(), person_level: level.into(), post_id: post }
    }

    fn quota(unit_id: i64, unit: &str, level: &str, approved: i64, used: i64) -> UnitQuota {
        UnitQuota { unit_id, unit_name: unit.into(), level: level.into(), approved, used }
    }

    fn office_posts() -> Vec<PostSeat> {
        vec![
            seat(1, "主任", (10, "综合部"), 1, 0, Some("正科级"), Some("正科级")),
            seat(2, "副主任", (10, "综合部"), 2, 0, Some("副科级"), Some("副科级")),
            seat(3, "科员", (10, "综合部"), 3, 1, Some("科员"), None),
            seat(4, "会计", (20, "财务部"), 2, 0, None, None),
            seat(5, "副主任", (20, "财务部"), 1, 0, Some("副科级"), Some("副科级")),
        ]
    }

    fn office_quotas() -> Vec<UnitQuota> {
        vec![quota(10, "综合部", "正科级", 1, 0), quota(10, "综合部", "副科级", 2, 0), quota(20, "财务部", "副科级", 1, 0)]
    }

    #[test]
    fn a_clean_campaign_has_no_conflicts() {
        let people = vec![
            who(1, "张伟", "正科级", Some(1)),
            who(2, "王芳", "副科级", Some(2)),
            who(3, "李娜", "副科级", Some(2)),
            who(4, "刘洋", "科员", Some(3)),
            who(5, "陈静", "科员", Some(3)),
            who(6, "杨磊", "无", Some(4)),
            who(7, "赵敏", "科员", Some(4)),
            who(8, "黄强", "副科级", Some(5)),
        ];
        assert_eq!(check_assignments(&people, &office_posts(), &office_quotas()), vec![]);
        assert_eq!(check_assignments(&[], &office_posts(), &office_quotas()), vec![]);
        assert_eq!(check_assignments(&[], &[], &[]), vec![]);
    }

    #[test]
    fn unassigned_unknown_and_duplicate_people_are_reported_once_each() {
        let people = vec![
            who(1, "张伟", "正科级", None),
            who(2, "王芳", "副科级", Some(99)),
            who(3, "李娜", "科员", Some(3)),
            who(3, "李娜", "科员", Some(3)),
            who(3, "李娜", "科员", Some(4)),
        ];
        let got = check_assignments(&people, &office_posts(), &office_quotas());
        assert_eq!(
            got,
            vec![
                Conflict::Unassigned { person: "张伟".into() },
                Conflict::UnknownPost { person: "王芳".into() },
                Conflict::Twice { person: "李娜".into(), times: 3 },
            ]
        );
        assert_eq!(got[0].message(), "张伟 尚未安排岗位");
        assert_eq!(got[1].message(), "王芳 安排的岗位不存在（可能已撤销），请重新选择");
        assert_eq!(got[2].message(), "李娜 在名单中出现 3 次，每人只能安排一个岗位");
        assert_eq!(got.iter().map(|c| c.person()).collect::<Vec<_>>(), vec![Some("张伟"), Some("王芳"), Some("李娜")]);
    }

    #[test]
    fn a_duplicate_person_takes_one_seat_only() {
        // The 科员 post has 3 seats and 1 holder: the same person three times still fits.
        let people = vec![who(3, "李娜", "科员", Some(3)), who(4, "刘洋", "科员", Some(3)), who(3, "李娜", "科员", Some(3))];
        assert_eq!(
            check_assignments(&people, &office_posts(), &office_quotas()),
            vec![Conflict::Twice { person: "李娜".into(), times: 2 }]
        );
        // Only the first row places: the second row's post is not counted either.
        let people = vec![who(3, "李娜", "科员", Some(3)), who(3, "李娜", "副科级", Some(5)), who(8, "黄强", "副科级", Some(5))];
        assert_eq!(
            check_assignments(&people, &office_posts(), &office_quotas()),
            vec![Conflict::Twice { person: "李娜".into(), times: 2 }]
        );
    }

    #[test]
    fn a_level_that_differs_from_the_post_is_a_mismatch() {
        let people = vec![
            who(1, "张伟", "副科级", Some(1)),
            who(2, "王芳", "", Some(3)),
            who(3, "李娜", "无", Some(3)),
            who(4, "刘洋", "正科级", Some(4)),
        ];
        let got = check_assignments(&people, &office_posts(), &office_quotas());
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[0],
            Conflict::LevelMismatch {
                person: "张伟".into(),
                person_level: "副科级".into(),
                unit: "综合部".into(),
                post: "主任".into(),
                post_level: "正科级".into()
            }
        );
        assert_eq!(got[0].message(), "张伟 现为副科级，综合部“主任”岗位为正科级，职务层次不符");
        assert_eq!(got[1].message(), "王芳 没有职务层次，综合部“科员”岗位为科员，职务层次不符");
        assert_eq!(got[2].message(), "李娜 没有职务层次，综合部“科员”岗位为科员，职务层次不符");
        // A professional post checks no level; a post level of "" or spaces is none.
        let posts = vec![seat(1, "主任", (10, "综合部"), 1, 0, Some(" "), None)];
        assert_eq!(check_assignments(&[who(1, "张伟", "科员", Some(1))], &posts, &[]), vec![]);
        let spaced = vec![who(1, "张伟", " 正科级 ", Some(1))];
        assert_eq!(check_assignments(&spaced, &office_posts(), &office_quotas()), vec![]);
    }

    #[test]
    fn seats_count_the_remaining_holders_and_the_new_ones() {
        // 科员: 3 seats, 1 holder stays; three more make 4.
        let people = vec![who(1, "甲", "科员", Some(3)), who(2, "乙", "科员", Some(3)), who(3, "丙", "科员", Some(3))];
        let got = check_assignments(&people, &office_posts(), &office_quotas());
        assert_eq!(got, vec![Conflict::SeatsExceeded { post: "科员".into(), unit: "综合部".into(), seats: 3, wanted: 4 }]);
        assert_eq!(got[0].message(), "综合部“科员”岗位设 3 个，本次安排后将有 4 人");
        assert_eq!(got[0].person(), None);
        // Exactly full is fine.
        assert_eq!(check_assignments(&people[..2], &office_posts(), &office_quotas()), vec![]);
    }

    #[test]
    fn zero_or_negative_seats_refuse_anyone_and_an_untouched_overfull_post_is_not_this_changes_fault() {
        let posts = vec![
            seat(1, "科员", (10, "综合部"), 0, 0, None, None),
            seat(2, "会计", (10, "综合部"), -1, 0, None, None),
            seat(3, "出纳", (10, "综合部"), 1, 5, None, None),
        ];
        let got = check_assignments(&[who(1, "甲", "", Some(1)), who(2, "乙", "", Some(2))], &posts, &[]);
        assert_eq!(
            got,
            vec![
                Conflict::SeatsExceeded { post: "科员".into(), unit: "综合部".into(), seats: 0, wanted: 1 },
                Conflict::SeatsExceeded { post: "会计".into(), unit: "综合部".into(), seats: -1, wanted: 1 },
            ]
        );
        // Huge numbers do not overflow.
        let posts = vec![seat(1, "科员", (10, "综合部"), i64::MAX, i64::MAX, None, None)];
        assert_eq!(check_assignments(&[who(1, "甲", "", Some(1))], &posts, &[]), vec![]);
    }

    #[test]
    fn leadership_quota_is_per_unit_and_level() {
        // 综合部 has 2 副科级 职数, one used by someone staying; two new 副主任 make 3.
        let posts = office_posts();
        let quotas = vec![quota(10, "综合部", "正科级", 1, 0), quota(10, "综合部", "副科级", 2, 1), quota(20, "财务部", "副科级", 1, 0)];
        let people = vec![who(2, "王芳", "副科级", Some(2)), who(3, "李娜", "副科级", Some(2))];
        let got = check_assignments(&people, &posts, &quotas);
        assert_eq!(got, vec![Conflict::QuotaExceeded { unit: "综合部".into(), level: "副科级".into(), approved: 2, wanted: 3 }]);
        assert_eq!(got[0].message(), "综合部 副科级职数 2 个，本次安排后将占用 3 个");
        assert_eq!(got[0].person(), None);
        // The 财务部 副科级 quota is separate.
        assert_eq!(check_assignments(&[who(8, "黄强", "副科级", Some(5))], &posts, &quotas), vec![]);
    }

    #[test]
    fn a_missing_quota_row_means_none_approved() {
        let posts = office_posts();
        let quotas = vec![quota(10, "综合部", "副科级", 2, 0)];
        let got = check_assignments(&[who(1, "张伟", "正科级", Some(1)), who(8, "黄强", "副科级", Some(5))], &posts, &quotas);
        assert_eq!(
            got,
            vec![
                Conflict::QuotaExceeded { unit: "综合部".into(), level: "正科级".into(), approved: 0, wanted: 1 },
                Conflict::QuotaExceeded { unit: "财务部".into(), level: "副科级".into(), approved: 0, wanted: 1 },
            ]
        );
        // A quota row of another unit does not count.
        let other = vec![quota(20, "财务部", "正科级", 5, 0)];
        assert_eq!(check_assignments(&[who(1, "张伟", "正科级", Some(1))], &posts, &other).len(), 1);
        // Non-leadership posts never touch quotas.
        assert_eq!(check_assignments(&[who(4, "刘洋", "科员", Some(3))], &posts, &[]), vec![]);
    }

    #[test]
    fn conflicts_come_people_first_then_posts_then_units() {
        let posts = vec![
            seat(1, "科员", (10, "综合部"), 1, 1, Some("科员"), None),
            seat(2, "副主任", (20, "财务部"), 1, 1, Some("副科级"), Some("副科级")),
            seat(3, "主任", (20, "财务部"), 1, 0, Some("正科级"), Some("正科级")),
            seat(4, "副主任", (10, "综合部"), 1, 1, Some("副科级"), Some("副科级")),
        ];
        let people = vec![
            who(1, "甲", "副科级", Some(4)),
            who(2, "乙", "科员", Some(1)),
            who(3, "丙", "副科级", Some(2)),
            who(4, "丁", "正科级", Some(3)),
            who(5, "戊", "科员", Some(1)),
            who(5, "戊", "科员", Some(1)),
            who(6, "己", "科员", None),
        ];
        let got: Vec<String> = check_assignments(&people, &posts, &[]).iter().map(Conflict::message).collect();
        assert_eq!(
            got,
            vec![
                "戊 在名单中出现 2 次，每人只能安排一个岗位",
                "己 尚未安排岗位",
                "综合部“科员”岗位设 1 个，本次安排后将有 3 人",
                "财务部“副主任”岗位设 1 个，本次安排后将有 2 人",
                "综合部“副主任”岗位设 1 个，本次安排后将有 2 人",
                "财务部 正科级职数 0 个，本次安排后将占用 1 个",
                "财务部 副科级职数 0 个，本次安排后将占用 1 个",
                "综合部 副科级职数 0 个，本次安排后将占用 1 个",
            ]
        );
    }

    #[test]
    fn a_post_listed_twice_uses_the_first_and_a_quota_listed_twice_too() {
        let posts = vec![seat(1, "科员", (10, "综合部"), 1, 0, None, None), seat(1, "科员", (10, "综合部"), 5, 0, None, None)];
        assert_eq!(check_assignments(&[who(1, "甲", "", Some(1)), who(2, "乙", "", Some(1))], &posts, &[]).len(), 1);
        let posts = vec![seat(2, "副主任", (10, "综合部"), 5, 0, None, Some("副科级"))];
        let quotas = vec![quota(10, "综合部", "副科级", 1, 0), quota(10, "综合部", " 副科级 ", 9, 0)];
        let got = check_assignments(&[who(1, "甲", "", Some(2)), who(2, "乙", "", Some(2))], &posts, &quotas);
        assert_eq!(got, vec![Conflict::QuotaExceeded { unit: "综合部".into(), level: "副科级".into(), approved: 1, wanted: 2 }]);
    }

    #[test]
    fn a_large_campaign_is_checked_in_one_pass() {
        // 100,000 posts in 100 units; 5,000 people over the first 1,000 posts, 5 each.
        let posts: Vec<PostSeat> = (1..=100_000i64)
            .map(|id| {
                let unit = id % 100;
                let leader = (id <= 1000 && unit == 1).then_some("副科级");
                let level = leader.unwrap_or("科员");
                let seats = if id % 10 == 0 { 4 } else { 5 };
                seat(id, &format!("岗位{id}"), (unit, &format!("部室{unit}")), seats, 0, Some(level), leader)
            })
            .collect();
        let mut people: Vec<Assignment> = (0..5_000i64)
            .map(|i| {
                let post = i % 1000 + 1;
                let level = if i % 500 == 7 {
                    "办事员"
                } else if post % 100 == 1 {
                    "副科级"
                } else {
                    "科员"
                };
                who(i, &format!("职工{i}"), level, Some(post))
            })
            .collect();
        for i in 0..3 {
            people.push(people[i].clone());
        }
        people.push(who(90_001, "新人甲", "科员", None));
        people.push(who(90_002, "新人乙", "科员", None));
        people.push(who(90_003, "新人丙", "科员", Some(200_000)));
        let quotas = vec![quota(1, "部室1", "副科级", 40, 0)];

        let got = check_assignments(&people, &posts, &quotas);
        let count = |f: fn(&Conflict) -> bool| got.iter().filter(|c| f(c)).count();
        assert_eq!(count(|c| matches!(c, Conflict::Twice { times: 2, .. })), 3);
        assert_eq!(count(|c| matches!(c, Conflict::Unassigned { .. })), 2);
        assert_eq!(count(|c| matches!(c, Conflict::UnknownPost { .. })), 1);
        assert_eq!(count(|c| matches!(c, Conflict::LevelMismatch { .. })), 10);
        assert_eq!(count(|c| matches!(c, Conflict::SeatsExceeded { seats: 4, wanted: 5, .. })), 100);
        assert_eq!(count(|c| matches!(c, Conflict::SeatsExceeded { .. })), 100);
        // Posts 1, 101, …, 901 are the ten 副科级 posts of 部室1: 50 people for 40 职数.
        assert_eq!(
            got.iter().filter(|c| matches!(c, Conflict::QuotaExceeded { .. })).collect::<Vec<_>>(),
            vec![&Conflict::QuotaExceeded { unit: "部室1".into(), level: "副科级".into(), approved: 40, wanted: 50 }]
        );
        assert_eq!(got.len(), 3 + 2 + 1 + 10 + 100 + 1);
    }

    #[test]
    fn check_one_checks_level_seat_and_quota_for_one_post() {
        let posts = office_posts();
        let quotas = office_quotas();
        let (head, deputy, clerk) = (&posts[0], &posts[1], &posts[2]);
        // A 提任 to 正科级 passes the new level.
        let promoted = who(2, "王芳", "正科级", None);
        assert_eq!(check_one(&promoted, head, quotas.first(), true), vec![]);
        let not_yet = who(2, "王芳", "副科级", Some(77));
        assert_eq!(check_one(&not_yet, head, quotas.first(), true).len(), 1, "the current level does not fit");
        assert_eq!(check_one(&not_yet, head, quotas.first(), false), vec![], "the caller switched the level check off");
        // The head post is taken.
        let full = PostSeat { filled: 1, ..head.clone() };
        assert_eq!(
            check_one(&promoted, &full, quotas.first(), true),
            vec![Conflict::SeatsExceeded { post: "主任".into(), unit: "综合部".into(), seats: 1, wanted: 2 }]
        );
        // Quota used up, or missing, or for another level.
        let used = UnitQuota { used: 2, ..quotas[1].clone() };
        let want_deputy = who(3, "李娜", "副科级", None);
        assert_eq!(
            check_one(&want_deputy, deputy, Some(&used), true),
            vec![Conflict::QuotaExceeded { unit: "综合部".into(), level: "副科级".into(), approved: 2, wanted: 3 }]
        );
        assert_eq!(check_one(&want_deputy, deputy, None, true).len(), 1);
        assert_eq!(check_one(&want_deputy, deputy, quotas.first(), true).len(), 1, "a 正科级 row does not cover 副科级");
        assert_eq!(check_one(&want_deputy, deputy, quotas.get(1), true), vec![]);
        // A non-leadership post needs no quota.
        assert_eq!(check_one(&who(4, "刘洋", "科员", None), clerk, None, true), vec![]);
    }

    #[test]
    fn conflicts_survive_json() {
        let c = Conflict::QuotaExceeded { unit: "综合部".into(), level: "副科级".into(), approved: 2, wanted: 3 };
        let back: Conflict = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    // ----- 任前公示

    #[test]
    fn a_notice_from_monday_for_five_days_ends_friday() {
        let c = HolidayCalendar::shipped();
        assert_eq!(d(2026, 11, 23).weekday(), Weekday::Mon);
        assert_eq!(notice_end(&c, d(2026, 11, 23), 5), d(2026, 11, 27));
        assert_eq!(earliest_effective(d(2026, 11, 27)), d(2026, 11, 28), "a Saturday: the decision date need not be worked");
        // Put up on Saturday: it counts from Monday.
        assert_eq!(notice_end(&c, d(2026, 11, 21), 5), d(2026, 11, 27));
        assert_eq!(notice_end(&c, d(2026, 11, 22), 5), d(2026, 11, 27));
        // From Wednesday: over the weekend.
        assert_eq!(notice_end(&c, d(2026, 11, 25), 5), d(2026, 12, 1));
        assert_eq!(c.count_working_days(d(2026, 11, 25), d(2026, 12, 1)), 5);
    }

    #[test]
    fn zero_working_days_is_one_and_a_huge_number_does_not_hang() {
        let c = HolidayCalendar::shipped();
        assert_eq!(notice_end(&c, d(2026, 11, 23), 0), d(2026, 11, 23));
        assert_eq!(notice_end(&c, d(2026, 11, 23), 1), d(2026, 11, 23));
        assert_eq!(notice_end(&c, d(2026, 11, 21), 0), d(2026, 11, 23));
        assert_eq!(notice_end(&c, d(2026, 11, 23), u32::MAX), notice_end(&c, d(2026, 11, 23), 1_000));
        assert!(notice_end(&c, d(2026, 11, 23), 1_000) > d(2030, 1, 1));
        assert_eq!(earliest_effective(NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn a_notice_over_national_day_2026_counts_the_adjusted_saturday() {
        let c = HolidayCalendar::shipped();
        // Mon 28, Tue 29, Wed 30 Sep; 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休) worked; Sun 11 off.
        assert_eq!(d(2026, 9, 28).weekday(), Weekday::Mon);
        assert_eq!(d(2026, 10, 10).weekday(), Weekday::Sat);
        assert_eq!(notice_end(&c, d(2026, 9, 28), 3), d(2026, 9, 30));
        assert_eq!(notice_end(&c, d(2026, 9, 28), 4), d(2026, 10, 8));
        assert_eq!(notice_end(&c, d(2026, 9, 28), 5), d(2026, 10, 9));
        assert_eq!(notice_end(&c, d(2026, 9, 28), 6), d(2026, 10, 10), "the 调休 Saturday counts");
        assert_eq!(notice_end(&c, d(2026, 9, 28), 7), d(2026, 10, 12));
        assert_eq!(earliest_effective(d(2026, 10, 9)), d(2026, 10, 10));
        // From Thursday 24: 25–27 Sep (中秋) off too.
        assert_eq!(notice_end(&c, d(2026, 9, 24), 5), d(2026, 10, 8));
        // Put up on the Sunday 20 Sep that is worked: it counts.
        assert_eq!(notice_end(&c, d(2026, 9, 20), 1), d(2026, 9, 20));
    }

    #[test]
    fn a_notice_over_the_2026_spring_festival() {
        let c = HolidayCalendar::shipped();
        // Thu 12, Fri 13, Sat 14 (worked); 15–23 off; Tue 24, Wed 25.
        assert_eq!(notice_end(&c, d(2026, 2, 12), 5), d(2026, 2, 25));
        assert_eq!(notice_end(&c, d(2026, 2, 14), 1), d(2026, 2, 14));
        // Tue 24 … Fri 27 and Saturday 28 February, worked.
        assert_eq!(d(2026, 2, 28).weekday(), Weekday::Sat);
        assert_eq!(notice_end(&c, d(2026, 2, 24), 5), d(2026, 2, 28));
        assert_eq!(notice_end(&c, d(2026, 2, 24), 6), d(2026, 3, 2));
        assert_eq!(earliest_effective(d(2026, 2, 28)), d(2026, 3, 1));
    }

    #[test]
    fn a_notice_over_new_year_2026_counts_the_adjusted_sunday() {
        let c = HolidayCalendar::shipped();
        // Mon 29, Tue 30, Wed 31 Dec 2025; 1–3 Jan off; Sun 4 Jan worked; Mon 5.
        assert_eq!(d(2026, 1, 4).weekday(), Weekday::Sun);
        assert_eq!(notice_end(&c, d(2025, 12, 29), 4), d(2026, 1, 4));
        assert_eq!(notice_end(&c, d(2025, 12, 29), 5), d(2026, 1, 5));
        assert_eq!(earliest_effective(d(2025, 12, 31)), d(2026, 1, 1));
    }

    #[test]
    fn a_notice_in_a_year_without_a_calendar_skips_its_estimated_holidays() {
        let c = HolidayCalendar::shipped();
        assert!(c.is_estimated(2030));
        // 1 Jan 2030 (a Tuesday) is 元旦 even before the 2030 notice: the notice starts on the 2nd.
        assert_eq!(d(2030, 1, 1).weekday(), Weekday::Tue);
        assert_eq!(notice_end(&c, d(2030, 1, 1), 5), d(2030, 1, 8));
        // 国庆 1–3 Oct (the bridge days are the notice's to add).
        assert_eq!(notice_end(&c, d(2030, 10, 1), 5), d(2030, 10, 10));
        // Across New Year 2027 from the last shipped year: 1 January is not a working day.
        assert_eq!(d(2026, 12, 30).weekday(), Weekday::Wed);
        assert_eq!(notice_end(&c, d(2026, 12, 30), 5), d(2027, 1, 6));
        assert_eq!(notice_end(&c, d(2026, 12, 31), 5), d(2027, 1, 7));
    }

    #[test]
    fn a_notice_put_up_on_a_holiday_starts_after_it() {
        let c = HolidayCalendar::shipped();
        // 1 Oct 2026: first working day 8 Oct; 8, 9, 10, 12, 13.
        assert_eq!(notice_end(&c, d(2026, 10, 1), 5), d(2026, 10, 13));
        // 1 May 2026: 1–5 off, Sat 9 May worked: 6, 7, 8, 9, 11.
        assert_eq!(notice_end(&c, d(2026, 5, 1), 5), d(2026, 5, 11));
        // A calendar with every day off does not hang.
        let all =
            |y: i32| YearCalendar { year: y, holidays: d(y, 1, 1).iter_days().take_while(|x| x.year() == y).collect(), workdays: vec![] };
        let stuck = HolidayCalendar::new((2040..=2042).map(all));
        let _ = notice_end(&stuck, d(2040, 1, 1), 5);
    }

    // ----- 试用期

    #[test]
    fn probation_ends_the_day_before_the_same_day_a_year_later() {
        assert_eq!(probation_end(d(2026, 3, 1), 12), Some(d(2027, 2, 28)));
        assert_eq!(probation_end(d(2026, 12, 15), 12), Some(d(2027, 12, 14)));
        assert_eq!(probation_end(d(2026, 1, 1), 12), Some(d(2026, 12, 31)));
        assert_eq!(probation_end(d(2027, 3, 1), 12), Some(d(2028, 2, 29)), "into a leap year");
        assert_eq!(probation_end(d(2026, 6, 10), 6), Some(d(2026, 12, 9)));
        assert_eq!(probation_end(d(2026, 7, 10), 6), Some(d(2027, 1, 9)), "over the year boundary");
        assert_eq!(probation_end(d(2026, 3, 1), 24), Some(d(2028, 2, 29)));
    }

    #[test]
    fn probation_from_a_day_the_end_month_lacks_ends_on_its_last_day() {
        assert_eq!(probation_end(d(2024, 2, 29), 12), Some(d(2025, 2, 28)));
        assert_eq!(probation_end(d(2024, 2, 29), 48), Some(d(2028, 2, 28)), "29 Feb exists again: the day before");
        assert_eq!(probation_end(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
        assert_eq!(probation_end(d(2028, 1, 31), 1), Some(d(2028, 2, 29)));
        assert_eq!(probation_end(d(2026, 3, 31), 1), Some(d(2026, 4, 30)));
        assert_eq!(probation_end(d(2026, 3, 30), 1), Some(d(2026, 4, 29)));
        assert_eq!(probation_end(d(2026, 5, 31), 7), Some(d(2026, 12, 30)), "31 Dec exists");
        assert_eq!(probation_end(d(2026, 10, 31), 2), Some(d(2026, 12, 30)));
        assert_eq!(probation_end(d(2026, 8, 31), 3), Some(d(2026, 11, 30)));
    }

    #[test]
    fn probation_of_zero_months_or_past_the_end_of_time_is_none() {
        assert_eq!(probation_end(d(2026, 3, 1), 0), None);
        assert_eq!(probation_end(NaiveDate::MAX, 12), None);
        assert_eq!(probation_end(d(2026, 3, 1), u32::MAX), None);
        assert!(probation_end(NaiveDate::MIN, 1).is_some());
    }

    #[test]
    fn days_until_and_ending_within() {
        let today = d(2026, 12, 20);
        assert_eq!(days_until(today, d(2026, 12, 20)), 0);
        assert_eq!(days_until(today, d(2027, 1, 19)), 30);
        assert_eq!(days_until(today, d(2026, 12, 19)), -1);
        assert_eq!(days_until(d(2028, 2, 28), d(2028, 3, 1)), 2, "leap day");
        assert!(ending_within(today, today, 0));
        assert!(ending_within(today, d(2027, 1, 19), 30));
        assert!(!ending_within(today, d(2027, 1, 20), 30));
        assert!(!ending_within(today, d(2026, 12, 19), 30), "already ended");
        assert!(!ending_within(today, today, -1));
        assert!(ending_within(today, d(2027, 1, 19), i64::MAX));
        assert!(!ending_within(NaiveDate::MIN, NaiveDate::MAX, 10));
        assert!(ending_within(NaiveDate::MIN, NaiveDate::MAX, i64::MAX));
    }

    // ----- history and 简历

    fn entry(id: i64, kind: &str, date: NaiveDate, unit: &str, post: &str, level: &str) -> HistoryEntry {
        HistoryEntry {
            id,
            kind: kind.into(),
            effective_date: date,
            unit_name: unit.into(),
            post_name: post.into(),
            level: level.into(),
            part_time: false,
        }
    }

    fn career() -> Vec<HistoryEntry> {
        vec![
            entry(1, "首聘", d(2015, 7, 1), "综合部", "科员", "科员"),
            entry(2, "提任", d(2018, 12, 10), "综合部", "副主任", "副科级"),
            entry(3, "转正", d(2019, 12, 10), "综合部", "副主任", "副科级"),
            entry(4, "转任", d(2021, 5, 6), "财务部", "副主任", "副科级"),
            HistoryEntry { part_time: true, ..entry(5, "首聘", d(2021, 6, 1), "工会", "兼职委员", "") },
            entry(6, "平岗定位", d(2022, 1, 1), "财务部", "副主任", "副科级"),
            entry(7, "提任", d(2023, 3, 15), "财务部", "主任", "正科级"),
        ]
    }

    #[test]
    fn history_sorts_by_date_then_record_order() {
        let mut h = career();
        h.reverse();
        h.push(entry(0, "转正", d(2018, 12, 10), "综合部", "副主任", "副科级"));
        sort_history(&mut h);
        let ids: Vec<i64> = h.iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![1, 0, 2, 3, 4, 5, 6, 7]);
        let mut empty: Vec<HistoryEntry> = vec![];
        sort_history(&mut empty);
    }

    #[test]
    fn a_career_makes_one_line_per_main_post() {
        let text = resume_text(&career(), true);
        assert_eq!(
            text,
            [
                "2015.07—2018.12  综合部科员",
                "2018.12—2021.05  综合部副主任",
                "2021.05—2023.03  财务部副主任",
                "2023.03—         财务部主任",
            ]
            .join("\n")
        );
        // The open line lines up with the closed ones.
        let widths: Vec<usize> = text.lines().map(|l| l.find("综合部").or_else(|| l.find("财务部")).unwrap()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
        // Order of the input does not matter.
        let mut shuffled = career();
        shuffled.rotate_left(3);
        assert_eq!(resume_text(&shuffled, true), text);
    }

    #[test]
    fn without_until_now_the_open_period_is_left_out() {
        assert_eq!(
            resume_text(&career(), false),
            ["2015.07—2018.12  综合部科员", "2018.12—2021.05  综合部副主任", "2021.05—2023.03  财务部副主任"].join("\n")
        );
    }

    #[test]
    fn removal_and_retirement_close_the_period() {
        let mut h = career();
        h.push(entry(8, "免职", d(2024, 6, 30), "", "", ""));
        h.push(entry(9, "调任", d(2024, 9, 1), "后勤保障部", "主任", "正科级"));
        h.push(entry(10, "退休", d(2026, 1, 31), "", "", ""));
        let text = resume_text(&h, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[3], "2023.03—2024.06  财务部主任");
        assert_eq!(lines[4], "2024.09—2026.01  后勤保障部主任");
        // A second removal with nothing open changes nothing.
        h.push(entry(11, "免职", d(2026, 2, 1), "", "", ""));
        assert_eq!(resume_text(&h, true), text);
    }

    #[test]
    fn a_failed_probation_returns_to_the_former_post_as_a_new_line() {
        let h = vec![
            entry(1, "首聘", d(2020, 1, 1), "综合部", "科员", "科员"),
            entry(2, "提任", d(2024, 3, 1), "综合部", "副主任", "副科级"),
            entry(3, "回原级", d(2025, 3, 1), "综合部", "科员", "科员"),
        ];
        assert_eq!(
            resume_text(&h, true),
            ["2020.01—2024.03  综合部科员", "2024.03—2025.03  综合部副主任", "2025.03—         综合部科员"].join("\n")
        );
    }

    #[test]
    fn same_post_at_another_level_is_a_new_line_and_same_everything_merges() {
        let h = vec![
            entry(1, "首聘", d(2020, 1, 1), "综合部", "主任", "副科级"),
            entry(2, "平岗定位", d(2021, 1, 1), "综合部", "主任", "副科级"),
            entry(3, "提任", d(2022, 1, 1), "综合部", "主任", "正科级"),
        ];
        assert_eq!(resume_text(&h, true), ["2020.01—2022.01  综合部主任", "2022.01—         综合部主任"].join("\n"));
    }

    #[test]
    fn an_empty_or_part_time_only_history_has_no_lines() {
        assert_eq!(resume_text(&[], true), "");
        let h = vec![HistoryEntry { part_time: true, ..entry(1, "首聘", d(2020, 1, 1), "工会", "委员", "") }];
        assert_eq!(resume_text(&h, true), "");
        let h = vec![entry(1, "转正", d(2020, 1, 1), "综合部", "科员", "科员"), entry(2, "免职", d(2020, 2, 1), "", "", "")];
        assert_eq!(resume_text(&h, true), "");
    }

    #[test]
    fn a_history_entry_survives_json() {
        let e = career().remove(1);
        let back: HistoryEntry = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
