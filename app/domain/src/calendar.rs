//! The one holiday calendar, shared by lectures and posts. China's statutory days off move every
//! year and come with 调休 (weekend days worked instead), so the calendar is data: the State
//! Council's notices are shipped, and HR adds later years by pasting. A year nobody has entered is
//! *estimated* (推算): its statutory days are known in advance (《全国年节及纪念日放假办法》, as
//! revised for 2025: the fixed-date ones, and the lunar ones computed with the lunisolar calendar),
//! only the bridge days and 调休 weekends the notice will add are not. Every result that relies
//! on an estimated year says so where it is shown.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One year as the State Council announces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct YearCalendar {
    pub year: i32,
    /// Statutory days off, sorted and deduplicated.
    pub holidays: Vec<NaiveDate>,
    /// 调休: weekend days that are working days, sorted.
    pub workdays: Vec<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday,
    /// 调休上班: a weekend day that is worked.
    AdjustedWorkday,
}

/// The years HR (or the shipped defaults) entered; any other year is weekends only.
#[derive(Clone, Debug, Default)]
pub struct HolidayCalendar {
    years: BTreeMap<i32, YearSets>,
}

#[derive(Clone, Debug, Default)]
struct YearSets {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// No search for a working day looks further than this: a calendar with every day off must not
/// hang a request. The longest real run of days off is 9 (Spring Festival 2026).
const SEARCH_LIMIT_DAYS: u32 = 400;

/// The most dates one paste may give (a year has at most 366).
const MAX_DATES: usize = 400;

/// The longest range one piece of a paste may give.
const MAX_RANGE_DAYS: i64 = 31;

/// `missing_years` answers for at most this many years (the page asks for this year and next).
const MAX_YEARS_LISTED: usize = 200;

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Every day from `a` to `b`, both included (empty when `b` is before `a`).
fn days(a: NaiveDate, b: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    a.iter_days().take_while(move |d| *d <= b)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The statutory holidays (放假办法, as revised for 2025): 元旦 1 day, 春节 4 days from 除夕, 清明
/// 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. Before a year's State Council notice these are all that is
/// known of it.
pub const STATUTORY: [&str; 7] = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

/// 清明 (the solar term): the day in April, for 2001–2100 (the usual formula with the 21st
/// century's constant; it agrees with the astronomical dates of this century).
fn qingming(year: i32) -> Option<NaiveDate> {
    if !(2001..=2100).contains(&year) {
        return None;
    }
    let y = (year % 100) as f64;
    let day = (y * 0.2422 + 4.81).floor() as i64 - (year % 100 / 4) as i64;
    ymd(year, 4, day as u32)
}

/// A lunar date (month, day; not a leap month) of the lunisolar year starting in `year`, as a
/// Gregorian date.
fn lunar(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let y = u16::try_from(year).ok()?;
    let d = chinese_lunisolar_calendar::LunisolarDate::from_ymd(y, month, false, day).ok()?;
    Some(d.to_naive_date())
}

/// Every statutory day off of `year` with its holiday's name, in date order (empty outside
/// 2001–2100).
pub fn statutory_days(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::new();
    let mut add = |name: &'static str, first: Option<NaiveDate>, n: u64| {
        if let Some(d) = first {
            for k in 0..n {
                if let Some(day) = d.checked_add_days(chrono::Days::new(k)) {
                    out.push((day, name));
                }
            }
        }
    };
    let (Some(new_year), Some(_)) = (lunar(year, 1, 1), qingming(year)) else { return Vec::new() };
    add("元旦", ymd(year, 1, 1), 1);
    // 除夕 is the day before the lunar new year.
    add("春节", new_year.pred_opt(), 4);
    add("清明节", qingming(year), 1);
    add("劳动节", ymd(year, 5, 1), 2);
    add("端午节", lunar(year, 5, 5), 1);
    add("中秋节", lunar(year, 8, 15), 1);
    add("国庆节", ymd(year, 10, 1), 3);
    // Every lunar new year of these years is late in January or in February: its 除夕 and the
    // three days after stay in the year.
    out.sort();
    out.dedup();
    out
}

/// The statutory days of a year without a notice, computed once per year.
fn estimated_holidays(year: i32) -> std::sync::Arc<BTreeSet<NaiveDate>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<BTreeMap<i32, Arc<BTreeSet<NaiveDate>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut map = match cache.lock() {
        Ok(m) => m,
        Err(p) => p.into_inner(),
    };
    map.entry(year).or_insert_with(|| Arc::new(statutory_days(year).into_iter().map(|(d, _)| d).collect())).clone()
}

/// A date as messages show it: 2027年1月4日.
/// The year HR should enter now, if any: from November on, next year's notice (the State Council
/// publishes it in November or December) when the calendar does not have it yet.
pub fn year_to_enter(today: NaiveDate, cal: &HolidayCalendar) -> Option<i32> {
    let next = today.year() + 1;
    (today.month() >= 11 && !cal.has_year(next)).then_some(next)
}

/// What HR is told for [`year_to_enter`] (the year twice).
pub const REMINDER: &str =
    "请录入 {} 年的放假安排：国务院办公厅通知发布后，在「节假日」页粘贴放假和调休上班日期。录入前，{} 年按法定节假日推算。";

/// The notice HR gets for [`year_to_enter`] (one per person and year: the text is the key).
pub fn reminder_text(year: i32) -> String {
    REMINDER.replace("{}", &year.to_string())
}

pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 星期一 … 星期日.
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

impl HolidayCalendar {
    /// A later entry for the same year replaces an earlier one.
    pub fn new(years: impl IntoIterator<Item = YearCalendar>) -> Self {
        let mut years_map = BTreeMap::new();
        for y in years {
            years_map.insert(y.year, YearSets { holidays: y.holidays.into_iter().collect(), workdays: y.workdays.into_iter().collect() });
        }
        HolidayCalendar { years: years_map }
    }

    pub fn shipped() -> Self {
        HolidayCalendar::new(Self::shipped_years())
    }

    /// The State Council's notices for 2025 and 2026.
    pub fn shipped_years() -> Vec<YearCalendar> {
        type Span = ((u32, u32), (u32, u32));
        let year = |y: i32, off: &[Span], work: &[(u32, u32)]| {
            let mut holidays: Vec<NaiveDate> =
                off.iter().filter_map(|((m1, d1), (m2, d2))| Some(days(ymd(y, *m1, *d1)?, ymd(y, *m2, *d2)?))).flatten().collect();
            holidays.sort();
            holidays.dedup();
            let mut workdays: Vec<NaiveDate> = work.iter().filter_map(|(m, d)| ymd(y, *m, *d)).collect();
            workdays.sort();
            workdays.dedup();
            YearCalendar { year: y, holidays, workdays }
        };
        vec![
            year(
                2025,
                &[((1, 1), (1, 1)), ((1, 28), (2, 4)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((5, 31), (6, 2)), ((10, 1), (10, 8))],
                &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
            ),
            year(
                2026,
                &[
                    ((1, 1), (1, 3)),
                    ((2, 15), (2, 23)),
                    ((4, 4), (4, 6)),
                    ((5, 1), (5, 5)),
                    ((6, 19), (6, 21)),
                    ((9, 25), (9, 27)),
                    ((10, 1), (10, 7)),
                ],
                &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
            ),
        ]
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// A day listed both off and worked counts as off: a session is better missed than held on a
    /// day nobody is at work (`check_year` refuses such a year anyway).
    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        match self.years.get(&d.year()) {
            Some(y) => {
                if y.holidays.contains(&d) {
                    return DayKind::Holiday;
                }
                if y.workdays.contains(&d) {
                    return DayKind::AdjustedWorkday;
                }
            }
            // No notice yet: the statutory days are known in advance (推算).
            None if estimated_holidays(d.year()).contains(&d) => return DayKind::Holiday,
            None => {}
        }
        if is_weekend(d) {
            DayKind::Weekend
        } else {
            DayKind::Workday
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        matches!(self.day_kind(d), DayKind::Workday | DayKind::AdjustedWorkday)
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        match d.succ_opt() {
            Some(next) => self.working_day_on_or_after(next),
            None => d,
        }
    }

    /// `d` if it is a working day, else the next one. Gives up after 400 days and returns the
    /// last day looked at (not a working day: callers that care check).
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        for _ in 0..SEARCH_LIMIT_DAYS {
            if self.is_working_day(day) {
                return day;
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => return day,
            }
        }
        day
    }

    /// "N working days after d" (公示期, deadlines): `d` itself is not counted; 0 gives `d`. Stops
    /// early at 400 days in a row without a working day.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        let mut idle = 0;
        while left > 0 && idle < SEARCH_LIMIT_DAYS {
            match day.succ_opt() {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
                idle = 0;
            } else {
                idle += 1;
            }
        }
        day
    }

    /// Working days from `from` to `to`, both counted; 0 when `to` is before `from`.
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        days(from, to).filter(|d| self.is_working_day(*d)).fold(0, |n, _| n.saturating_add(1))
    }

    /// Whether `year`'s days off are estimated (推算: no notice entered, statutory days computed).
    pub fn is_estimated(&self, year: i32) -> bool {
        !self.has_year(year)
    }

    /// The estimated years among those of the days from `from` to `to` (a result computed over them
    /// says so where it is shown).
    pub fn estimated_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        (from.year().min(to.year())..=from.year().max(to.year())).filter(|y| self.is_estimated(*y)).take(MAX_YEARS_LISTED).collect()
    }

    /// Years in `[from, to]` nobody has entered (the holiday page warns HR about them).
    pub fn missing_years(&self, from: i32, to: i32) -> Vec<i32> {
        (from..=to).filter(|y| !self.has_year(*y)).take(MAX_YEARS_LISTED).collect()
    }
}

// ---- what HR pastes ----

/// Joiners of a range that never occur inside a date. '-' also joins, but ISO dates contain it.
const JOINERS: [char; 6] = ['至', '到', '~', '～', '–', '—'];

fn is_joiner(c: char) -> bool {
    JOINERS.contains(&c) || c == '-'
}

fn is_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | ',' | '，' | '、' | ';' | '；')
}

fn unreadable(s: &str) -> String {
    format!("无法识别“{s}”")
}

/// Dates in free text: ISO `2027-01-01`, `2027/1/1`, `2027.1.1`, Chinese `1月1日` (of `year`),
/// `2027年1月1日`, and ranges joined by 至, 到, –, —, ~, ～ or - (`2月15日至23日`,
/// `2月15日–2月23日`, `2027-02-15~2027-02-23`); pieces separated by new lines, commas, 、,
/// semicolons or spaces. Notes in brackets, as the notices have them (`1月1日（周四）`), are left
/// out. Sorted and deduplicated; an error names the piece that could not be read. Dates outside
/// `year` are kept: [`check_year`] reports them.
pub fn parse_dates(year: i32, text: &str) -> Result<Vec<NaiveDate>, String> {
    let text = without_notes(text)?;
    let mut out = BTreeSet::new();
    for part in text.split(is_separator) {
        for piece in glue_ranges(part) {
            out.extend(parse_piece(year, &piece)?);
            if out.len() > MAX_DATES {
                return Err(format!("日期过多：最多 {MAX_DATES} 个"));
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// The text without bracketed notes, with full-width digits made ASCII.
fn without_notes(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '０'..='９' => out.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    if depth > 0 {
        return Err("括号不成对".to_string());
    }
    Ok(out)
}

/// Words of one part; spaces around a joiner do not split a range (`2月15日 至 23日`).
fn glue_ranges(part: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for word in part.split_whitespace() {
        match pieces.last_mut() {
            Some(last) if last.ends_with(is_joiner) || word.starts_with(is_joiner) => last.push_str(word),
            _ => pieces.push(word.to_string()),
        }
    }
    pieces
}

fn parse_piece(year: i32, piece: &str) -> Result<Vec<NaiveDate>, String> {
    let Some((a, b)) = split_range(piece) else {
        return parse_date(year, piece, None).map(|d| vec![d]).ok_or_else(|| unreadable(piece));
    };
    let named = |s: &str| if s.is_empty() { unreadable(piece) } else { unreadable(s) };
    let first = parse_date(year, a, None).ok_or_else(|| named(a))?;
    let last = parse_date(year, b, Some(first)).ok_or_else(|| named(b))?;
    if last < first {
        return Err(format!("“{piece}”的结束日期早于开始日期"));
    }
    if (last - first).num_days() + 1 > MAX_RANGE_DAYS {
        return Err(format!("“{piece}”超过 {MAX_RANGE_DAYS} 天，请分段填写"));
    }
    Ok(days(first, last).collect())
}

/// The two ends of a range, or `None` for a single date.
fn split_range(piece: &str) -> Option<(&str, &str)> {
    if let Some((i, c)) = piece.char_indices().find(|(_, c)| JOINERS.contains(c)) {
        // `2月15日——23日`: a doubled dash is one joiner.
        let rest = piece[i + c.len_utf8()..].trim_start_matches(|c: char| JOINERS.contains(&c));
        return Some((&piece[..i], rest));
    }
    // Chinese dates hold no '-', so any '-' joins.
    if piece.contains(['年', '月', '日']) {
        return piece.split_once('-');
    }
    // Numeric: `2027-02-15-2027-02-23` (the middle of five) or `2027/2/15-2027/2/23`.
    let dashes: Vec<usize> = piece.match_indices('-').map(|(i, _)| i).collect();
    match dashes.as_slice() {
        [_, _, mid, _, _] => Some((&piece[..*mid], &piece[*mid + 1..])),
        [only] if piece.contains(['/', '.']) => Some((&piece[..*only], &piece[*only + 1..])),
        _ => None,
    }
}

/// 1 to 4 ASCII digits.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One date. `range_start`: the first date of a range, whose year and month a bare day (`23日`,
/// `23`) at the range's end takes.
fn parse_date(year: i32, s: &str, range_start: Option<NaiveDate>) -> Option<NaiveDate> {
    let s = s.trim();
    let same_month = |day: &str| range_start.and_then(|a| ymd(a.year(), a.month(), number(day)?));
    if s.contains(['年', '月', '日']) {
        let body = s.strip_suffix('日').unwrap_or(s);
        let (y, rest) = match body.split_once('年') {
            Some((y, rest)) => (number(y)? as i32, rest),
            None => (year, body),
        };
        return match rest.split_once('月') {
            Some((m, d)) => ymd(y, number(m)?, number(d)?),
            None if !body.contains('年') && s.ends_with('日') => same_month(rest),
            None => None,
        };
    }
    match s.split(['-', '/', '.']).collect::<Vec<_>>().as_slice() {
        [y, m, d] if y.len() == 4 => ymd(number(y)? as i32, number(m)?, number(d)?),
        [d] => same_month(d),
        _ => None,
    }
}

/// Checks before a year is saved; messages for HR (empty: fine). Holidays may fall on any day.
pub fn check_year(y: &YearCalendar) -> Vec<String> {
    let mut errs = Vec::new();
    for d in y.holidays.iter().chain(&y.workdays) {
        if d.year() != y.year {
            errs.push(format!("{} 不在 {} 年内", chinese_date(*d), y.year));
        }
    }
    let holidays: BTreeSet<&NaiveDate> = y.holidays.iter().collect();
    for d in &y.workdays {
        if holidays.contains(d) {
            errs.push(format!("{} 既是放假日又是调休上班日", chinese_date(*d)));
        }
        if !is_weekend(*d) {
            errs.push(format!("{} 是{}，调休上班日应为周六或周日", chinese_date(*d), weekday_name(d.weekday())));
        }
    }
    errs.dedup();
    errs
}

/// Dates for showing and editing, consecutive days as ranges: `1月1日–1月3日、2月15日`.
/// [`parse_dates`] reads it back; dates of more than one year carry their year.
pub fn format_dates(dates: &[NaiveDate]) -> String {
    let mut sorted = dates.to_vec();
    sorted.sort();
    sorted.dedup();
    let one_year = sorted.first().map(|f| sorted.iter().all(|d| d.year() == f.year())).unwrap_or(true);
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in sorted {
        match runs.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(d) => *end = d,
            _ => runs.push((d, d)),
        }
    }
    let show = |d: NaiveDate| if one_year { format!("{}月{}日", d.month(), d.day()) } else { chinese_date(d) };
    runs.into_iter().map(|(a, b)| if a == b { show(a) } else { format!("{}–{}", show(a), show(b)) }).collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_statutory_days_of_2025_and_2026_are_within_their_notices() {
        for y in HolidayCalendar::shipped_years() {
            let computed = statutory_days(y.year);
            assert_eq!(computed.len(), 13, "{}: 1 + 4 + 1 + 2 + 1 + 1 + 3 days", y.year);
            for (day, name) in &computed {
                assert!(y.holidays.contains(day), "{} {name} {day} is not a day off in the {} notice", y.year, y.year);
            }
        }
        let days = |year| statutory_days(year).into_iter().map(|(d, n)| (d.to_string(), n)).collect::<Vec<_>>();
        let y2026 = days(2026);
        // 除夕 2026 is 16 February; 清明 5 April; 端午 19 June; 中秋 25 September.
        assert!(y2026.contains(&("2026-02-16".into(), "春节")) && y2026.contains(&("2026-02-19".into(), "春节")));
        assert!(!y2026.iter().any(|(d, _)| d == "2026-02-20"));
        for want in [
            ("2026-04-05", "清明节"),
            ("2026-06-19", "端午节"),
            ("2026-09-25", "中秋节"),
            ("2026-05-02", "劳动节"),
            ("2026-10-03", "国庆节"),
        ] {
            assert!(y2026.contains(&(want.0.into(), want.1)), "{want:?} in {y2026:?}");
        }
    }

    #[test]
    fn later_years_are_estimated_from_the_rules() {
        let cal = HolidayCalendar::shipped();
        assert!(!cal.is_estimated(2026) && cal.is_estimated(2027) && cal.is_estimated(2030));
        let y2027: Vec<NaiveDate> = statutory_days(2027).into_iter().map(|(d, _)| d).collect();
        for day in [
            d(2027, 1, 1),
            d(2027, 2, 5),
            d(2027, 2, 8),
            d(2027, 4, 5),
            d(2027, 5, 1),
            d(2027, 5, 2),
            d(2027, 6, 9),
            d(2027, 9, 15),
            d(2027, 10, 3),
        ] {
            assert!(y2027.contains(&day), "{day} in 2027's statutory days");
            assert_eq!(cal.day_kind(day), DayKind::Holiday, "{day}");
        }
        let y2030: Vec<NaiveDate> = statutory_days(2030).into_iter().map(|(d, _)| d).collect();
        for day in [d(2030, 1, 1), d(2030, 2, 2), d(2030, 2, 5), d(2030, 4, 5), d(2030, 6, 5), d(2030, 9, 12), d(2030, 10, 1)] {
            assert!(y2030.contains(&day), "{day} in 2030's statutory days");
        }
        assert_eq!(y2030.len(), 13);
        // An ordinary weekday of an estimated year is still a working day.
        assert!(cal.is_working_day(d(2027, 3, 2)));
        assert_eq!(statutory_days(1999), Vec::new(), "outside the computed range nothing is guessed");
    }

    #[test]
    fn a_notice_across_new_year_2027_skips_new_years_day_and_says_it_is_estimated() {
        let cal = HolidayCalendar::shipped();
        // 公示 from 2026-12-31: 1 January is a day off, then the weekend; five working days end on the 8th.
        assert_eq!(cal.add_working_days(d(2026, 12, 31), 5), d(2027, 1, 8));
        assert_eq!(cal.count_working_days(d(2027, 1, 1), d(2027, 1, 8)), 5);
        assert_eq!(cal.estimated_between(d(2026, 12, 31), d(2027, 1, 8)), vec![2027]);
        assert!(cal.estimated_between(d(2026, 3, 1), d(2026, 4, 1)).is_empty());
        // A notice entered for 2027 takes over from the estimate.
        let mut years = HolidayCalendar::shipped_years();
        years.push(YearCalendar { year: 2027, holidays: vec![d(2027, 1, 1), d(2027, 1, 2), d(2027, 1, 3)], workdays: vec![] });
        let noticed = HolidayCalendar::new(years);
        assert!(!noticed.is_estimated(2027));
        assert_eq!(noticed.day_kind(d(2027, 2, 5)), DayKind::Workday, "the notice, not the estimate");
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn run(y: i32, m: u32, from: u32, to: u32) -> Vec<NaiveDate> {
        (from..=to).map(|x| d(y, m, x)).collect()
    }

    #[test]
    fn shipped_2025_knows_the_spring_festival_and_its_working_weekends() {
        let c = HolidayCalendar::shipped();
        assert_eq!(c.day_kind(d(2025, 1, 1)), DayKind::Holiday);
        assert_eq!(c.day_kind(d(2025, 1, 26)), DayKind::AdjustedWorkday, "Sunday worked before the Spring Festival");
        assert_eq!(c.day_kind(d(2025, 1, 27)), DayKind::Workday);
        assert_eq!(c.day_kind(d(2025, 1, 28)), DayKind::Holiday);
        assert_eq!(c.day_kind(d(2025, 1, 31)), DayKind::Holiday, "a Friday inside the Spring Festival");
        assert_eq!(c.day_kind(d(2025, 2, 4)), DayKind::Holiday);
        assert_eq!(c.day_kind(d(2025, 2, 5)), DayKind::Workday);
        assert_eq!(c.day_kind(d(2025, 2, 8)), DayKind::AdjustedWorkday);
        assert_eq!(c.day_kind(d(2025, 2, 9)), DayKind::Weekend);
        assert_eq!(c.day_kind(d(2025, 5, 31)), DayKind::Holiday, "端午 starts on a Saturday");
        assert_eq!(c.day_kind(d(2025, 10, 8)), DayKind::Holiday);
        assert_eq!(c.day_kind(d(2025, 10, 11)), DayKind::AdjustedWorkday);
        let y25 = &HolidayCalendar::shipped_years()[0];
        assert_eq!(y25.holidays.len(), 1 + 8 + 3 + 5 + 3 + 8);
        assert_eq!(y25.workdays, vec![d(2025, 1, 26), d(2025, 2, 8), d(2025, 4, 27), d(2025, 9, 28), d(2025, 10, 11)]);
    }

    #[test]
    fn shipped_2026_has_a_working_saturday_and_a_holiday_friday() {
        let c = HolidayCalendar::shipped();
        assert_eq!(c.day_kind(d(2026, 2, 14)), DayKind::AdjustedWorkday, "a 调休 Saturday");
        assert!(c.is_working_day(d(2026, 2, 14)));
        assert_eq!(c.day_kind(d(2026, 10, 2)), DayKind::Holiday, "a Friday in the National Day week");
        assert!(!c.is_working_day(d(2026, 10, 2)));
        assert_eq!(c.day_kind(d(2026, 10, 9)), DayKind::Workday);
        assert_eq!(c.day_kind(d(2026, 10, 10)), DayKind::AdjustedWorkday);
        assert_eq!(c.day_kind(d(2026, 10, 11)), DayKind::Weekend);
        assert_eq!(c.day_kind(d(2026, 6, 19)), DayKind::Holiday);
        assert_eq!(c.day_kind(d(2026, 9, 20)), DayKind::AdjustedWorkday);
        let y26 = &HolidayCalendar::shipped_years()[1];
        assert_eq!(y26.holidays.len(), 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(y26.workdays.len(), 6);
    }

    #[test]
    fn the_shipped_years_pass_their_own_checks() {
        for y in HolidayCalendar::shipped_years() {
            assert!(check_year(&y).is_empty(), "{}: {:?}", y.year, check_year(&y));
            let mut sorted = y.holidays.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, y.holidays);
        }
        assert_eq!(HolidayCalendar::shipped().years(), vec![2025, 2026]);
    }

    #[test]
    fn the_next_working_day_after_new_years_eve_is_the_adjusted_sunday() {
        let c = HolidayCalendar::shipped();
        // 1–3 January 2026 off; Sunday 4 January worked.
        assert_eq!(c.next_working_day(d(2025, 12, 31)), d(2026, 1, 4));
        assert_eq!(c.working_day_on_or_after(d(2026, 1, 1)), d(2026, 1, 4));
        assert_eq!(c.working_day_on_or_after(d(2026, 1, 5)), d(2026, 1, 5));
        assert_eq!(c.next_working_day(d(2026, 1, 5)), d(2026, 1, 6));
        assert_eq!(c.next_working_day(d(2026, 12, 31)), d(2027, 1, 4), "2027 is estimated: 元旦 (a Friday) is off");
    }

    #[test]
    fn working_days_after_skip_the_spring_festival() {
        let c = HolidayCalendar::shipped();
        // Friday 13 Feb 2026; Saturday 14 worked; 15–23 off; Tuesday 24 back.
        assert_eq!(c.add_working_days(d(2026, 2, 13), 0), d(2026, 2, 13));
        assert_eq!(c.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
        assert_eq!(c.add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
        assert_eq!(c.add_working_days(d(2026, 2, 15), 1), d(2026, 2, 24), "counting from a day off");
        assert_eq!(c.count_working_days(d(2026, 2, 13), d(2026, 2, 24)), 3);
    }

    #[test]
    fn five_working_days_of_public_notice_from_24_september_2026_end_on_9_october() {
        let c = HolidayCalendar::shipped();
        // 25–27 Sep off; 28, 29, 30 Sep; 1–7 Oct off; Thu 8, Fri 9.
        assert_eq!(c.add_working_days(d(2026, 9, 24), 5), d(2026, 10, 9));
        assert_eq!(c.count_working_days(d(2026, 9, 25), d(2026, 10, 9)), 5);
    }

    #[test]
    fn counting_working_days_includes_both_ends_and_is_zero_when_reversed() {
        let c = HolidayCalendar::shipped();
        assert_eq!(c.count_working_days(d(2026, 10, 9), d(2026, 10, 9)), 1);
        assert_eq!(c.count_working_days(d(2026, 10, 9), d(2026, 10, 10)), 2, "the 调休 Saturday counts");
        assert_eq!(c.count_working_days(d(2026, 10, 9), d(2026, 9, 25)), 0);
        assert_eq!(c.count_working_days(d(2026, 10, 3), d(2026, 10, 4)), 0);
    }

    #[test]
    fn a_year_without_a_calendar_is_estimated_and_reported_missing() {
        let c = HolidayCalendar::shipped();
        assert!(!c.has_year(2027));
        assert!(c.has_year(2026));
        assert_eq!(c.missing_years(2025, 2028), vec![2027, 2028]);
        assert_eq!(c.missing_years(2026, 2025), Vec::<i32>::new());
        assert!(c.is_estimated(2027));
        assert!(!c.is_estimated(2026));
        assert_eq!(c.estimated_between(d(2026, 12, 1), d(2027, 2, 1)), vec![2027]);
        assert_eq!(c.day_kind(d(2027, 1, 1)), DayKind::Holiday, "New Year's Day 2027 is estimated until HR enters the year");
        assert_eq!(c.day_kind(d(2027, 1, 2)), DayKind::Weekend);
        assert_eq!(c.day_kind(d(2027, 1, 4)), DayKind::Workday, "no 调休 is guessed");
        assert_eq!(c.add_working_days(d(2027, 1, 1), 5), d(2027, 1, 8));
    }

    #[test]
    fn hr_is_reminded_from_november_of_a_missing_next_year() {
        let c = HolidayCalendar::shipped();
        assert_eq!(year_to_enter(d(2026, 10, 31), &c), None, "not before November");
        assert_eq!(year_to_enter(d(2026, 11, 1), &c), Some(2027));
        assert_eq!(year_to_enter(d(2026, 12, 31), &c), Some(2027));
        assert_eq!(year_to_enter(d(2025, 11, 15), &c), None, "2026 is entered");
        assert_eq!(year_to_enter(d(2027, 3, 1), &c), None, "not in spring, even with 2027 missing");
        assert!(reminder_text(2027).contains("2027 年"));
    }

    #[test]
    fn a_calendar_with_every_day_off_does_not_hang() {
        let year = |y: i32| YearCalendar { year: y, holidays: days(d(y, 1, 1), d(y, 12, 31)).collect(), workdays: vec![] };
        let c = HolidayCalendar::new([year(2030)]);
        assert_eq!(c.next_working_day(d(2030, 1, 1)), d(2031, 1, 2), "2031 is estimated: 元旦 off");
        assert!(c.add_working_days(d(2030, 1, 1), 3) > d(2030, 12, 31));
        // Three years off: the search gives up and says so by returning a day that is not worked.
        let stuck = HolidayCalendar::new((2040..=2042).map(year));
        assert!(!stuck.is_working_day(stuck.working_day_on_or_after(d(2040, 1, 1))));
        assert!(!stuck.is_working_day(stuck.next_working_day(d(2040, 6, 1))));
        assert!(stuck.add_working_days(d(2040, 1, 1), u32::MAX) < d(2042, 1, 1));
        assert_eq!(stuck.count_working_days(d(2040, 1, 1), d(2042, 12, 31)), 0);
    }

    #[test]
    fn a_later_year_replaces_an_earlier_one_and_off_wins_over_worked() {
        let a = YearCalendar { year: 2027, holidays: vec![d(2027, 1, 1)], workdays: vec![] };
        let b = YearCalendar { year: 2027, holidays: vec![d(2027, 1, 4)], workdays: vec![d(2027, 1, 4)] };
        let c = HolidayCalendar::new([a, b]);
        assert_eq!(c.day_kind(d(2027, 1, 1)), DayKind::Workday);
        assert_eq!(c.day_kind(d(2027, 1, 4)), DayKind::Holiday);
    }

    #[test]
    fn parse_dates_reads_iso_slash_and_dot_dates() {
        assert_eq!(parse_dates(2027, "2027-01-01").unwrap(), vec![d(2027, 1, 1)]);
        assert_eq!(parse_dates(2027, "2027/1/2").unwrap(), vec![d(2027, 1, 2)]);
        assert_eq!(parse_dates(2027, "2027.1.3").unwrap(), vec![d(2027, 1, 3)]);
        assert_eq!(parse_dates(2027, "2027-1-4").unwrap(), vec![d(2027, 1, 4)]);
    }

    #[test]
    fn parse_dates_reads_chinese_dates_in_the_given_year() {
        assert_eq!(parse_dates(2027, "1月1日").unwrap(), vec![d(2027, 1, 1)]);
        assert_eq!(parse_dates(2027, "2028年1月1日").unwrap(), vec![d(2028, 1, 1)]);
        assert_eq!(parse_dates(2028, "2月29日").unwrap(), vec![d(2028, 2, 29)]);
        assert_eq!(parse_dates(2027, "１０月１日").unwrap(), vec![d(2027, 10, 1)], "full-width digits");
    }

    #[test]
    fn parse_dates_reads_ranges_with_every_joiner() {
        let feb = run(2027, 2, 15, 23);
        for text in [
            "2月15日至23日",
            "2月15日到23日",
            "2月15日至2月23日",
            "2月15日–2月23日",
            "2月15日—23日",
            "2月15日——23日",
            "2月15日-2月23日",
            "2月15日-23日",
            "2月15日~23日",
            "2月15日～2月23日",
            "2月15日 至 23日",
            "2027年2月15日至2027年2月23日",
            "2027-02-15~2027-02-23",
            "2027-02-15-2027-02-23",
            "2027-02-15 - 2027-02-23",
            "2027/2/15-2027/2/23",
            "2027.2.15–2027.2.23",
            "2027-02-15至23",
        ] {
            assert_eq!(parse_dates(2027, text), Ok(feb.clone()), "{text}");
        }
    }

    #[test]
    fn parse_dates_splits_on_every_separator_and_sorts_and_dedups() {
        let got = parse_dates(2027, "10月1日到7日\n1月1日，1月2日,1月3日、2027-04-05；2027/5/1;2027.6.19 1月1日\r\n\t2月6日").unwrap();
        let mut want = run(2027, 1, 1, 3);
        want.push(d(2027, 2, 6));
        want.push(d(2027, 4, 5));
        want.push(d(2027, 5, 1));
        want.push(d(2027, 6, 19));
        want.extend(run(2027, 10, 1, 7));
        assert_eq!(got, want);
        assert_eq!(parse_dates(2027, "").unwrap(), Vec::<NaiveDate>::new());
        assert_eq!(parse_dates(2027, " ，、\n ").unwrap(), Vec::<NaiveDate>::new());
    }

    #[test]
    fn parse_dates_leaves_out_the_notices_bracketed_weekdays() {
        assert_eq!(parse_dates(2026, "1月1日（周四）至3日（周六）").unwrap(), run(2026, 1, 1, 3));
        assert_eq!(parse_dates(2026, "1月4日(周日)、2月14日(周六)").unwrap(), vec![d(2026, 1, 4), d(2026, 2, 14)]);
        assert_eq!(parse_dates(2026, "1月4日（周日"), Err("括号不成对".to_string()));
    }

    #[test]
    fn parse_dates_names_what_it_cannot_read() {
        assert_eq!(parse_dates(2027, "2月30日"), Err("无法识别“2月30日”".to_string()));
        assert_eq!(parse_dates(2027, "1月1日、明天"), Err("无法识别“明天”".to_string()));
        assert_eq!(parse_dates(2027, "2月30日至3月2日"), Err("无法识别“2月30日”".to_string()));
        assert_eq!(parse_dates(2027, "2月1日至"), Err("无法识别“2月1日至”".to_string()));
        assert_eq!(parse_dates(2027, "23日"), Err("无法识别“23日”".to_string()), "a bare day needs a range start");
        assert_eq!(parse_dates(2027, "2027-13-01"), Err("无法识别“2027-13-01”".to_string()));
        assert_eq!(parse_dates(2027, "2027-02-15-17"), Err("无法识别“2027-02-15-17”".to_string()));
        assert_eq!(parse_dates(2027, "27-02-15"), Err("无法识别“27-02-15”".to_string()));
        assert!(parse_dates(2027, "99999999999月1日").is_err());
        assert!(parse_dates(2027, "1月1日1日").is_err());
    }

    #[test]
    fn parse_dates_refuses_reversed_and_overlong_ranges() {
        assert_eq!(parse_dates(2027, "3月5日至2日"), Err("“3月5日至2日”的结束日期早于开始日期".to_string()));
        assert_eq!(parse_dates(2027, "1月1日至2月1日"), Err("“1月1日至2月1日”超过 31 天，请分段填写".to_string()));
        assert_eq!(parse_dates(2027, "1月1日至1月31日").unwrap().len(), 31);
    }

    #[test]
    fn parse_dates_refuses_more_than_400_dates() {
        // 24 months of 28 days: 672 dates.
        let text = (1..=12).map(|m| format!("2027-{m:02}-01~2027-{m:02}-28 2028-{m:02}-01~2028-{m:02}-28")).collect::<Vec<_>>().join("\n");
        assert_eq!(parse_dates(2027, &text), Err("日期过多：最多 400 个".to_string()));
        let year: Vec<String> = (1..=12).map(|m| format!("{m}月1日至{m}月28日")).collect();
        assert_eq!(parse_dates(2027, &year.join("、")).unwrap().len(), 12 * 28);
    }

    #[test]
    fn formatted_dates_read_back_the_same() {
        for y in HolidayCalendar::shipped_years() {
            let text = format_dates(&y.holidays);
            assert_eq!(parse_dates(y.year, &text).unwrap(), y.holidays, "{text}");
            let text = format_dates(&y.workdays);
            assert_eq!(parse_dates(y.year, &text).unwrap(), y.workdays, "{text}");
        }
        let across = vec![d(2026, 12, 31), d(2027, 1, 1), d(2027, 1, 5)];
        assert_eq!(format_dates(&across), "2026年12月31日–2027年1月1日、2027年1月5日");
        assert_eq!(parse_dates(2027, &format_dates(&across)).unwrap(), across);
    }

    #[test]
    fn format_dates_shows_runs_as_ranges() {
        assert_eq!(format_dates(&[d(2026, 2, 14), d(2026, 1, 2), d(2026, 1, 1), d(2026, 1, 3), d(2026, 1, 3)]), "1月1日–1月3日、2月14日");
        let y26 = &HolidayCalendar::shipped_years()[1];
        assert_eq!(
            format_dates(&y26.holidays),
            "1月1日–1月3日、2月15日–2月23日、4月4日–4月6日、5月1日–5月5日、6月19日–6月21日、9月25日–9月27日、10月1日–10月7日"
        );
        assert_eq!(format_dates(&[]), "");
    }

    #[test]
    fn check_year_finds_a_weekday_adjusted_workday() {
        let y = YearCalendar { year: 2027, holidays: vec![], workdays: vec![d(2027, 1, 4)] };
        assert_eq!(check_year(&y), vec!["2027年1月4日 是星期一，调休上班日应为周六或周日".to_string()]);
    }

    #[test]
    fn check_year_finds_a_day_both_off_and_worked() {
        let y = YearCalendar { year: 2027, holidays: vec![d(2027, 1, 2)], workdays: vec![d(2027, 1, 2)] };
        assert_eq!(check_year(&y), vec!["2027年1月2日 既是放假日又是调休上班日".to_string()]);
    }

    #[test]
    fn check_year_finds_dates_of_another_year() {
        let y = YearCalendar { year: 2027, holidays: vec![d(2026, 12, 31), d(2027, 1, 1)], workdays: vec![d(2028, 1, 1)] };
        assert_eq!(check_year(&y), vec!["2026年12月31日 不在 2027 年内".to_string(), "2028年1月1日 不在 2027 年内".to_string()]);
        // Holidays may fall on any day of the week.
        let fine = YearCalendar { year: 2027, holidays: vec![d(2027, 1, 1), d(2027, 1, 2), d(2027, 1, 4)], workdays: vec![d(2027, 1, 10)] };
        assert!(check_year(&fine).is_empty());
    }

    #[test]
    fn a_year_calendar_survives_json() {
        let y = HolidayCalendar::shipped_years().remove(1);
        let back: YearCalendar = serde_json::from_str(&serde_json::to_string(&y).unwrap()).unwrap();
        assert_eq!(back, y);
        assert_eq!(serde_json::to_string(&DayKind::AdjustedWorkday).unwrap(), "\"AdjustedWorkday\"");
    }
}
