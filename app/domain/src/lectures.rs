//! Lecture rules: who must attend, 学时 from a duration, attendance statuses, the check-in
//! windows, and the checks on what HR enters. Pure: the store and the server functions call these.

use serde::{Deserialize, Serialize};

pub const KINDS: [&str; 4] = ["大讲堂", "小课堂", "专题培训", "其他"];

/// Settings HR can change (kept as one JSON value in `settings`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LectureRules {
    /// Minutes of teaching per 学时 (45 by the national rule).
    pub minutes_per_hour: u32,
    /// A check-in later than this many minutes after the start is 迟到.
    pub late_grace_minutes: u32,
    /// Whether 迟到 still earns the session's 学时.
    pub late_earns_hours: bool,
    /// Check-in opens this many minutes before the start.
    pub checkin_opens_minutes: u32,
}

impl Default for LectureRules {
    fn default() -> Self {
        LectureRules { minutes_per_hour: 45, late_grace_minutes: 10, late_earns_hours: true, checkin_opens_minutes: 30 }
    }
}

impl LectureRules {
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        if !(15..=120).contains(&self.minutes_per_hour) {
            errs.push(("minutes_per_hour", "每学时分钟数应在 15 到 120 之间".to_string()));
        }
        if self.late_grace_minutes > 120 {
            errs.push(("late_grace_minutes", "迟到宽限不能超过 120 分钟".to_string()));
        }
        if self.checkin_opens_minutes > 240 {
            errs.push(("checkin_opens_minutes", "签到最早提前 240 分钟开放".to_string()));
        }
        errs
    }
}

/// 学时 in tenths for a duration: whole minutes over the minutes per 学时, rounded to a tenth
/// (90 minutes at 45 per 学时 is 2.0; 60 minutes is 1.3).
pub fn hours_tenths(duration_min: u32, minutes_per_hour: u32) -> i64 {
    if minutes_per_hour == 0 {
        return 0;
    }
    let num = duration_min as i64 * 10;
    let den = minutes_per_hour as i64;
    (num * 2 + den) / (den * 2)
}

/// Tenths of a 学时 as text: "2", "1.5".
pub fn hours_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// "1.5" or "2" (what HR types) as tenths; up to one decimal place, 0–40 学时.
pub fn parse_hours(text: &str) -> Result<i64, String> {
    parse_hours_up_to(text, 40)
}

/// "1.5" or "2" as tenths: digits with at most one decimal (full-width digits too), from 0 to
/// `max` 学时 (at most 9999).
pub fn parse_hours_up_to(text: &str, max: i64) -> Result<i64, String> {
    let t = text.trim();
    let bad = || format!("学时“{t}”应为 0 到 {max} 之间的数，最多一位小数");
    let a: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    let (whole, frac) = match a.split_once('.') {
        Some((_, "")) => return Err(bad()),
        Some((w, f)) => (w, f),
        None => (a.as_str(), ""),
    };
    if whole.is_empty()
        || whole.len() > 4
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 1
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    let v = w * 10 + f;
    if v > max.min(9999) * 10 {
        return Err(bad());
    }
    Ok(v)
}

/// Who must attend: everyone, or people in these 部室 (with their sub-units), at these 职务层次,
/// or named. Empty: nobody is required (an open session).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Audience {
    pub everyone: bool,
    pub unit_ids: Vec<i64>,
    pub levels: Vec<String>,
    pub person_ids: Vec<i64>,
}

impl Audience {
    pub fn is_empty(&self) -> bool {
        !self.everyone && self.unit_ids.is_empty() && self.levels.is_empty() && self.person_ids.is_empty()
    }

    /// Whether a person (their unit's path `/1/4/`, 职务层次 and id) is required.
    pub fn includes(&self, unit_path: &str, level: &str, person_id: i64) -> bool {
        self.everyone
            || self.person_ids.contains(&person_id)
            || self.levels.iter().any(|l| l == level)
            || self.unit_ids.iter().any(|u| unit_path.contains(&format!("/{u}/")))
    }

    /// Sorted, deduplicated, bounded.
    pub fn normalised(mut self) -> Result<Audience, String> {
        self.unit_ids.sort_unstable();
        self.unit_ids.dedup();
        self.levels.retain(|l| !l.trim().is_empty());
        self.levels.sort();
        self.levels.dedup();
        self.person_ids.sort_unstable();
        self.person_ids.dedup();
        if self.unit_ids.len() > 200 || self.levels.len() > 50 || self.person_ids.len() > 2000 {
            return Err("应参加人员范围过大：部室最多 200 个、层次 50 个、指定人员 2000 人".into());
        }
        Ok(self)
    }
}

/// A person's standing at one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attendance {
    /// 出勤
    Present,
    /// 迟到
    Late,
    /// 请假 (approved leave)
    Leave,
    /// 缺勤: required, unmarked, and the session has ended (or marked absent by hand)
    Absent,
    /// Not yet: the session has not ended and nothing is marked.
    Pending,
}

impl Attendance {
    pub fn code(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Late => "late",
            Attendance::Leave => "leave",
            Attendance::Absent => "absent",
            Attendance::Pending => "pending",
        }
    }

    pub fn from_code(s: &str) -> Option<Attendance> {
        [Attendance::Present, Attendance::Late, Attendance::Leave, Attendance::Absent, Attendance::Pending]
            .into_iter()
            .find(|a| a.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Attendance::Present => "出勤",
            Attendance::Late => "迟到",
            Attendance::Leave => "请假",
            Attendance::Absent => "缺勤",
            Attendance::Pending => "待签到",
        }
    }

    /// Whether this standing earns the session's 学时.
    pub fn earns_hours(self, rules: &LectureRules) -> bool {
        match self {
            Attendance::Present => true,
            Attendance::Late => rules.late_earns_hours,
            _ => false,
        }
    }
}

/// The standing of one person: a mark (from a check-in or by hand) wins; otherwise approved leave;
/// otherwise 缺勤 once the session has ended if they were required or enrolled; `None` for anyone
/// else (a waiting-list place that never came free is not an absence).
pub fn standing(mark: Option<Attendance>, approved_leave: bool, required: bool, enrolled: bool, ended: bool) -> Option<Attendance> {
    if let Some(m) = mark {
        return Some(m);
    }
    if approved_leave {
        return Some(Attendance::Leave);
    }
    match (required || enrolled, ended) {
        (false, _) => None,
        (true, false) => Some(Attendance::Pending),
        // Enrolled and did not come counts as absent too: they chose the session.
        (true, true) => Some(Attendance::Absent),
    }
}

/// The mark a check-in at `at_ms` earns.
pub fn checkin_mark(at_ms: i64, starts_at_ms: i64, rules: &LectureRules) -> Attendance {
    if at_ms > starts_at_ms + rules.late_grace_minutes as i64 * 60_000 {
        Attendance::Late
    } else {
        Attendance::Present
    }
}

/// Why a check-in is refused, before any token is read.
pub fn checkin_window(now_ms: i64, starts_at_ms: i64, ends_at_ms: i64, rules: &LectureRules) -> Result<(), String> {
    if now_ms < starts_at_ms - rules.checkin_opens_minutes as i64 * 60_000 {
        return Err(format!("签到尚未开始：开课前 {} 分钟开放签到", rules.checkin_opens_minutes));
    }
    if now_ms > ends_at_ms {
        return Err("本次课程已结束，签到已关闭".into());
    }
    Ok(())
}

/// Length of one QR window: the code on the room screen changes this often.
pub const QR_WINDOW_SECONDS: i64 = 30;

/// The QR window a moment falls in.
pub fn qr_window(now_ms: i64) -> i64 {
    now_ms.div_euclid(QR_WINDOW_SECONDS * 1000)
}

/// A token's window is accepted when it is the current one or the one before (a code scanned
/// just as it changed still works; a photo sent on stops working within a minute).
pub fn window_accepted(token_window: i64, now_ms: i64) -> bool {
    let now = qr_window(now_ms);
    token_window == now || token_window == now - 1
}

/// "HH:MM" as minutes after midnight.
pub fn parse_clock(text: &str) -> Result<u32, String> {
    let bad = || format!("时间“{}”应为 时:分，如 14:30", text.trim());
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 || text.trim().len() > 5 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

pub fn clock_text(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Two time ranges overlap (touching ends do not).
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Who moves up when someone leaves: with `capacity` places and `enrolled` taken, how many from
/// the front of the waiting list get one.
pub fn places_to_promote(capacity: Option<i64>, enrolled: i64, waiting: i64) -> i64 {
    match capacity {
        None => waiting,
        Some(c) => (c - enrolled).clamp(0, waiting),
    }
}

/// One row of an attendance workbook: the person, the name written beside the number (checked
/// against the roster), and the mark (`None`: left as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetMark {
    pub row: u32,
    pub person_id: i64,
    pub name: String,
    pub mark: Option<Attendance>,
}

/// Marks HR may import; 请假 comes from approvals and 待签到 is no mark, so both are left alone.
fn mark_from_label(label: &str) -> Result<Option<Attendance>, ()> {
    match label.trim() {
        "出勤" | "present" => Ok(Some(Attendance::Present)),
        "迟到" | "late" => Ok(Some(Attendance::Late)),
        "缺勤" | "absent" => Ok(Some(Attendance::Absent)),
        "" | "请假" | "待签到" | "—" | "-" => Ok(None),
        _ => Err(()),
    }
}

/// Read an attendance workbook's grid: a header row naming 人员编号 and 状态 (姓名 optional),
/// then one person per row. Problems name the row and column; at most `max_rows` rows.
pub fn parse_attendance(grid: &[Vec<String>], max_rows: usize) -> (Vec<SheetMark>, Vec<crate::import::Problem>) {
    use crate::import::{parse_person_sheet, Problem};
    let (sheet, mut problems) = parse_person_sheet(grid, &["状态"], "可先导出出勤名单再填写", max_rows);
    let mut marks = Vec::new();
    for r in sheet.rows {
        match mark_from_label(&r.cells[0]) {
            Ok(mark) => marks.push(SheetMark { row: r.row, person_id: r.person_id, name: r.name, mark }),
            Err(()) => problems.push(Problem {
                row: r.row,
                column: sheet.labels[0].clone(),
                message: format!("状态“{}”应为 出勤、迟到、缺勤 或留空", r.cells[0]),
            }),
        }
    }
    problems.sort_by_key(|p| p.row);
    (marks, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_follow_the_minutes_per_hour() {
        assert_eq!(hours_tenths(90, 45), 20);
        assert_eq!(hours_tenths(45, 45), 10);
        assert_eq!(hours_tenths(60, 45), 13);
        assert_eq!(hours_tenths(120, 45), 27);
        assert_eq!(hours_tenths(180, 60), 30);
        assert_eq!(hours_tenths(0, 45), 0);
        assert_eq!(hours_tenths(90, 0), 0);
        assert_eq!(hours_text(20), "2");
        assert_eq!(hours_text(13), "1.3");
    }

    #[test]
    fn typed_hours_are_read_to_a_tenth() {
        assert_eq!(parse_hours("2"), Ok(20));
        assert_eq!(parse_hours(" 1.5 "), Ok(15));
        assert_eq!(parse_hours("40"), Ok(400));
        for bad in ["", "-1", "1.25", "41", "a", "1.", ".5", "999999999999999999999"] {
            assert!(parse_hours(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn audience_matches_units_below_levels_and_names() {
        let a = Audience { everyone: false, unit_ids: vec![4], levels: vec!["正科".into()], person_ids: vec![77] };
        assert!(a.includes("/1/4/", "科员", 1));
        assert!(a.includes("/1/4/9/", "科员", 1));
        assert!(!a.includes("/1/14/", "科员", 1));
        assert!(a.includes("/1/5/", "正科", 1));
        assert!(a.includes("/1/5/", "科员", 77));
        assert!(!a.includes("/1/5/", "科员", 78));
        assert!(Audience { everyone: true, ..Default::default() }.includes("/1/", "", 1));
        assert!(Audience::default().is_empty());
    }

    #[test]
    fn standing_follows_marks_leave_and_the_clock() {
        use Attendance::*;
        assert_eq!(standing(Some(Late), true, true, false, true), Some(Late));
        assert_eq!(standing(None, true, true, false, true), Some(Leave));
        assert_eq!(standing(None, false, true, false, false), Some(Pending));
        assert_eq!(standing(None, false, true, false, true), Some(Absent));
        assert_eq!(standing(None, false, false, true, true), Some(Absent));
        assert_eq!(standing(None, false, false, false, true), None);
    }

    #[test]
    fn late_after_the_grace_period() {
        let r = LectureRules::default();
        let start = 1_000_000_000;
        assert_eq!(checkin_mark(start - 60_000, start, &r), Attendance::Present);
        assert_eq!(checkin_mark(start + 10 * 60_000, start, &r), Attendance::Present);
        assert_eq!(checkin_mark(start + 10 * 60_000 + 1, start, &r), Attendance::Late);
        assert!(Attendance::Late.earns_hours(&r));
        assert!(!Attendance::Late.earns_hours(&LectureRules { late_earns_hours: false, ..r.clone() }));
        assert!(!Attendance::Leave.earns_hours(&r));
    }

    #[test]
    fn checkin_opens_before_the_start_and_closes_at_the_end() {
        let r = LectureRules::default();
        let (s, e) = (10 * 3_600_000, 12 * 3_600_000);
        assert!(checkin_window(s - 31 * 60_000, s, e, &r).is_err());
        assert!(checkin_window(s - 30 * 60_000, s, e, &r).is_ok());
        assert!(checkin_window(e, s, e, &r).is_ok());
        assert!(checkin_window(e + 1, s, e, &r).is_err());
    }

    #[test]
    fn a_qr_code_lives_for_its_window_and_the_next() {
        let t0 = 1_800_000_000_000; // a multiple of 30 s
        let w = qr_window(t0);
        assert!(window_accepted(w, t0));
        assert!(window_accepted(w, t0 + 29_999));
        assert!(window_accepted(w, t0 + 59_999));
        assert!(!window_accepted(w, t0 + 60_000));
        assert!(!window_accepted(w + 1, t0), "a window from the future");
    }

    #[test]
    fn clock_times_are_checked() {
        assert_eq!(parse_clock("14:30"), Ok(870));
        assert_eq!(parse_clock("9:05"), Ok(545));
        assert_eq!(clock_text(545), "09:05");
        for bad in ["24:00", "12:60", "1230", "", "12:3a", "0012:30"] {
            assert!(parse_clock(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn overlap_excludes_touching_ends() {
        assert!(overlaps((0, 10), (5, 15)));
        assert!(!overlaps((0, 10), (10, 20)));
        assert!(overlaps((0, 30), (10, 20)));
    }

    #[test]
    fn the_waiting_list_fills_free_places_only() {
        assert_eq!(places_to_promote(Some(30), 29, 5), 1);
        assert_eq!(places_to_promote(Some(30), 30, 5), 0);
        assert_eq!(places_to_promote(Some(30), 31, 5), 0);
        assert_eq!(places_to_promote(None, 100, 5), 5);
        assert_eq!(places_to_promote(Some(30), 10, 5), 5);
    }

    #[test]
    fn an_attendance_sheet_is_read_with_its_problems_named() {
        let g = |rows: &[&[&str]]| rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect::<Vec<Vec<String>>>();
        let grid = g(&[
            &["人员编号", "姓名", "部室", "状态"],
            &["12", "张三", "办公室", "出勤"],
            &["13", "李四", "办公室", " 迟到 "],
            &["14", "王五", "办公室", ""],
            &["", "", "", ""],
            &["abc", "赵六", "办公室", "出勤"],
            &["12", "张三", "办公室", "缺勤"],
            &["15", "钱七", "办公室", "早退"],
        ]);
        let (marks, problems) = parse_attendance(&grid, 100);
        assert_eq!(
            marks.iter().map(|m| (m.person_id, m.mark)).collect::<Vec<_>>(),
            vec![(12, Some(Attendance::Present)), (13, Some(Attendance::Late)), (14, None)]
        );
        assert_eq!(marks[0].name, "张三");
        let text: Vec<String> = problems.iter().map(|p| format!("{} {} {}", p.row, p.column, p.message)).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("6 A 人员编号") && text[0].contains("abc"), "{text:?}");
        assert!(text[1].contains("重复"), "{text:?}");
        assert!(text[2].starts_with("8 D 状态") && text[2].contains("早退"), "{text:?}");
        let (_, p) = parse_attendance(&g(&[&["姓名", "状态"]]), 100);
        assert!(p[0].message.contains("人员编号"));
        let (_, p) = parse_attendance(&[], 100);
        assert!(!p.is_empty());
        let many: Vec<Vec<String>> = std::iter::once(vec!["人员编号".to_string(), "状态".to_string()])
            .chain((0..5).map(|i| vec![i.to_string(), String::new()]))
            .collect();
        assert!(parse_attendance(&many, 3).1[0].message.contains("上限"));
    }
}
