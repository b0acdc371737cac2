//! Training quotas (学时), annual assessment grades (年度考核), the 优秀 cap, and score statistics
//! (course ratings are in `ratings`). Pure: callers load the ledger, the grades and the scores, and
//! show or save what these functions return. Every number a regulation sets is data with the
//! regulation's default, so HR can follow local rules without a release.
//!
//! Sources: 干部教育培训工作条例 (2023) for the quotas, the national cadre training plan
//! 2023–2027 for online learning, 公务员考核规定 and 事业单位工作人员考核规定 for the grades
//! and the 优秀 share.

use super::roster::{level_rank, ESTABLISHMENTS};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// 学时 quotas

/// The quota rules (kept as one JSON value in `settings`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaRules {
    /// 学时 a year for 乡科级 leaders, 一级主任科员 and below (everyone not on the window).
    pub per_year_hours: f64,
    /// Calendar years in the window of 县处级 leaders and 四级调研员 and above.
    pub senior_window_years: u32,
    /// 学时 over that window.
    pub senior_window_hours: f64,
    /// 网络学习 学时 a year, for everyone; they count towards the totals above as well.
    pub online_per_year_hours: f64,
}

impl Default for QuotaRules {
    fn default() -> Self {
        QuotaRules { per_year_hours: 90.0, senior_window_years: 5, senior_window_hours: 550.0, online_per_year_hours: 50.0 }
    }
}

/// The longest window HR may set; also the bound used when a stored value is out of range.
pub const MAX_WINDOW_YEARS: u32 = 10;

impl QuotaRules {
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        let ok = |x: f64, max: f64| x.is_finite() && (0.0..=max).contains(&x);
        if !ok(self.per_year_hours, 1000.0) {
            errs.push(("per_year_hours", "每年学时要求应在 0 到 1000 之间".to_string()));
        }
        if !(1..=MAX_WINDOW_YEARS).contains(&self.senior_window_years) {
            errs.push(("senior_window_years", format!("县处级干部的统计周期应为 1 到 {MAX_WINDOW_YEARS} 年")));
        }
        if !ok(self.senior_window_hours, 5000.0) {
            errs.push(("senior_window_hours", "县处级干部周期学时要求应在 0 到 5000 之间".to_string()));
        }
        if !ok(self.online_per_year_hours, 1000.0) {
            errs.push(("online_per_year_hours", "每年网络学习学时要求应在 0 到 1000 之间".to_string()));
        }
        errs
    }

    /// The window in years, kept within 1 to [`MAX_WINDOW_YEARS`] whatever was stored.
    pub fn window_years(&self) -> u32 {
        self.senior_window_years.clamp(1, MAX_WINDOW_YEARS)
    }
}

/// Which quota a person is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaKind {
    /// 乡科级 leaders, 一级主任科员 and below, and everyone without a leadership level: every
    /// calendar year on its own.
    Yearly,
    /// 县处级 leaders and 四级调研员 and above: a window of calendar years.
    SeniorWindow,
}

impl QuotaKind {
    /// The rule in words, e.g. "每年不少于 90 学时", "每 5 年累计不少于 550 学时".
    pub fn describe(self, rules: &QuotaRules) -> String {
        match self {
            QuotaKind::Yearly => format!("每年不少于 {} 学时", hours_text(rules.per_year_hours)),
            QuotaKind::SeniorWindow => {
                format!("每 {} 年累计不少于 {} 学时", rules.window_years(), hours_text(rules.senior_window_hours))
            }
        }
    }
}

/// 职级 held to the window: 四级调研员 and above (巡视员 are above 调研员).
const SENIOR_RANKS: [&str; 6] = ["一级巡视员", "二级巡视员", "一级调研员", "二级调研员", "三级调研员", "四级调研员"];

/// The quota for a 职务层次 as the roster spells it (`roster::LEVELS`): 正处级 and 副处级 are on
/// the window, every other level (正科级 … 办事员, 无, empty or unknown) on the yearly quota. A
/// 职级 may be given instead: 四级调研员 and above are on the window, 一级主任科员 and below yearly.
pub fn quota_kind(level: &str) -> QuotaKind {
    let l = level.trim();
    if level_rank(l) <= 2 || SENIOR_RANKS.contains(&l) {
        QuotaKind::SeniorWindow
    } else {
        QuotaKind::Yearly
    }
}

/// The quota of a person with both a 职务层次 and a 职级: the window when either puts them on it
/// (a 正科级 leader who is also 四级调研员 follows the 县处级 rule).
pub fn quota_kind_for_person(level: &str, civil_rank: &str) -> QuotaKind {
    if quota_kind(level) == QuotaKind::SeniorWindow || quota_kind(civil_rank) == QuotaKind::SeniorWindow {
        QuotaKind::SeniorWindow
    } else {
        QuotaKind::Yearly
    }
}

fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn dec31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Calendar years in a period of this kind.
fn period_years(rules: &QuotaRules, kind: QuotaKind) -> u32 {
    match kind {
        QuotaKind::Yearly => 1,
        QuotaKind::SeniorWindow => rules.window_years(),
    }
}

/// The period ending with `year`, both days included: 1 January to 31 December of that year, or
/// for the window 1 January of the first of its calendar years (2022 for a 5-year window ending
/// 2026) to 31 December of `year`. Windows roll: each year closes the window of the years before.
pub fn quota_period(rules: &QuotaRules, kind: QuotaKind, year: i32) -> (NaiveDate, NaiveDate) {
    let years = period_years(rules, kind) as i32;
    (jan1(year.saturating_sub(years - 1)), dec31(year))
}

/// Where a 学时 was earned. Online hours count towards the total and towards the online quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HourSource {
    /// A session of this platform (大讲堂, 小课堂, …) with its check-in.
    Session,
    /// Training elsewhere (party school, bureau courses) entered by HR.
    External,
    /// 网络学习.
    Online,
}

impl HourSource {
    pub fn label(self) -> &'static str {
        match self {
            HourSource::Session => "本单位培训",
            HourSource::External => "外部培训",
            HourSource::Online => "网络学习",
        }
    }
}

/// One line of a person's ledger: the day, the 学时 (negative for a correction), the source.
pub type LedgerEntry = (NaiveDate, f64, HourSource);

/// Totals of a ledger over some days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct HourTotals {
    pub total: f64,
    pub online: f64,
}

/// Sums rounded to a millionth of a 学时, so that ninety lines of 1.0 or nine hundred of 0.1 make
/// exactly 90 and the comparisons with the quota do not fail on binary fractions.
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// 学时 dated from `from` to `to_inclusive`, both days included: all of them, and the online ones.
/// Lines that are not a finite number are left out; nothing when `from` is after `to_inclusive`.
pub fn hours_in(entries: &[LedgerEntry], from: NaiveDate, to_inclusive: NaiveDate) -> HourTotals {
    let mut t = HourTotals::default();
    for (day, hours, source) in entries {
        if *day < from || *day > to_inclusive || !hours.is_finite() {
            continue;
        }
        t.total += hours;
        if *source == HourSource::Online {
            t.online += hours;
        }
    }
    HourTotals { total: tidy(t.total), online: tidy(t.online) }
}

/// Whether a person met the quota over one period, and by how much.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub kind: QuotaKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub required: f64,
    pub done: f64,
    /// The online quota over the period: the yearly one times the years of the period.
    pub online_required: f64,
    pub online_done: f64,
    /// Both the total and the online quota are reached.
    pub met: bool,
    /// `done − required` (total 学时 only): positive is a surplus, negative a shortfall. When the
    /// total is reached but online is short, `met` is false while this is not negative.
    pub surplus_or_shortfall: f64,
}

impl Requirement {
    /// One line for the eligibility check and the reports, e.g.
    /// "2022—2026年（5年）：培训 430/550 学时，尚差 120 学时；网络学习 100/250 学时，尚差 150 学时；未达标".
    pub fn summary(&self) -> String {
        let period = if self.from.year() == self.to.year() {
            format!("{}年度", self.to.year())
        } else {
            format!("{}—{}年（{}年）", self.from.year(), self.to.year(), self.to.year() - self.from.year() + 1)
        };
        let part = |what: &str, done: f64, required: f64| {
            let mut s = format!("{what} {}/{} 学时", hours_text(done), hours_text(required));
            if done < required {
                s.push_str(&format!("，尚差 {} 学时", hours_text(required - done)));
            }
            s
        };
        let mut s = format!("{period}：{}", part("培训", self.done, self.required));
        if self.online_required > 0.0 {
            s.push('；');
            s.push_str(&part("网络学习", self.online_done, self.online_required));
        }
        s.push_str(if self.met { "；已达标" } else { "；未达标" });
        s
    }
}

/// 学时 as shown: at most one decimal, no trailing ".0" ("90", "12.5").
pub fn hours_text(x: f64) -> String {
    let s = format!("{:.1}", (x * 10.0).round() / 10.0);
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => s,
    }
}

fn requirement_in(rules: &QuotaRules, kind: QuotaKind, entries: &[LedgerEntry], year: i32) -> Requirement {
    let (from, to) = quota_period(rules, kind, year);
    let years = period_years(rules, kind) as f64;
    let required = match kind {
        QuotaKind::Yearly => rules.per_year_hours,
        QuotaKind::SeniorWindow => rules.senior_window_hours,
    };
    let online_required = tidy(rules.online_per_year_hours * years);
    let h = hours_in(entries, from, to);
    Requirement {
        kind,
        from,
        to,
        required,
        done: h.total,
        online_required,
        online_done: h.online,
        met: h.total >= required && h.online >= online_required,
        surplus_or_shortfall: tidy(h.total - required),
    }
}

/// The quota of the period ending with `period_end`'s year (see [`quota_period`]) for a person at
/// `level` (see [`quota_kind`]). Every ledger line dated within the period counts.
pub fn requirement(rules: &QuotaRules, level: &str, entries: &[LedgerEntry], period_end: NaiveDate) -> Requirement {
    requirement_in(rules, quota_kind(level), entries, period_end.year())
}

/// How far behind a person may be before the at-risk list shows them: this share of the period's
/// quota, in percent.
pub const AT_RISK_TOLERANCE_PERCENT: f64 = 10.0;
/// The at-risk list also shows whoever would need more than this many times the period's average
/// monthly rate to finish.
pub const AT_RISK_RATE_FACTOR: f64 = 1.5;

/// Progress within a period, for the "学时进度" page and the at-risk list per department.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pace {
    pub kind: QuotaKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub required: f64,
    pub done: f64,
    /// `required − done`, never negative.
    pub remaining: f64,
    pub online_required: f64,
    pub online_done: f64,
    /// Days in the period (365, 366, or 1826 for 2022–2026).
    pub total_days: i64,
    /// Days of the period up to and including today: 1 on its first day, all of them on its last
    /// day and after, 0 before it starts.
    pub elapsed_days: i64,
    /// Days of the period after today: `total_days − elapsed_days` (0 on 31 December).
    pub days_left: i64,
    /// Calendar months left, the current one counted whole even on its last day: 12 on 1 January,
    /// 1 on 31 December, every month of the period before it starts, 0 after it ended.
    pub months_left: u32,
    /// `required × elapsed_days / total_days`.
    pub expected_by_now: f64,
    /// `remaining / months_left` (at least one month: after the period, all that remains).
    pub needed_per_month: f64,
    /// As [`Requirement::met`]: total and online both reached.
    pub met: bool,
    /// Total 学时 at risk; see [`pace`].
    pub at_risk: bool,
    /// The same test on the online quota alone.
    pub online_at_risk: bool,
}

/// The at-risk test on one quota. Not at risk once reached; after the period, at risk whenever not
/// reached (it was missed); otherwise at risk when behind the pro-rata expectation by more than the
/// tolerance, or when finishing would take more than [`AT_RISK_RATE_FACTOR`] times the average
/// monthly rate of the whole period.
fn at_risk(required: f64, done: f64, expected: f64, needed_per_month: f64, period_months: u32, over: bool) -> bool {
    if done >= required {
        return false;
    }
    if over {
        return true;
    }
    let tolerance = required * AT_RISK_TOLERANCE_PERCENT / 100.0;
    let average_monthly = required / period_months.max(1) as f64;
    done < expected - tolerance || needed_per_month > AT_RISK_RATE_FACTOR * average_monthly
}

/// Progress on `today` in the period that ends with today's year (for the window, the window of
/// the years up to this one). See [`pace_in`].
pub fn pace(rules: &QuotaRules, level: &str, entries: &[LedgerEntry], today: NaiveDate) -> Pace {
    pace_in(rules, level, entries, today.year(), today)
}

/// Progress on `today` in the period ending with `period_year`, which need not contain today.
///
/// - `expected_by_now` is the quota pro rata by days elapsed, today included (a leap year has 366
///   days; the 2022–2026 window 1826).
/// - `needed_per_month` spreads what remains over the calendar months left, the current month
///   counted whole (so on 31 December everything remaining falls in that one month).
/// - At risk (for the per-department list before year end): not already met AND either
///   `done < expected_by_now − 10% of required` (more than a tenth of the quota behind the even
///   pace) OR `needed_per_month > 1.5 × required / months of the period` (finishing would take
///   half as much again as the average rate). Before the period nobody is at risk (nothing is
///   expected yet and the whole period lies ahead); after it, everyone who did not reach it is.
/// - Only the total decides `at_risk`; `online_at_risk` applies the same test to online 学时.
pub fn pace_in(rules: &QuotaRules, level: &str, entries: &[LedgerEntry], period_year: i32, today: NaiveDate) -> Pace {
    pace_of_kind(rules, quota_kind(level), entries, period_year, today)
}

fn pace_of_kind(rules: &QuotaRules, kind: QuotaKind, entries: &[LedgerEntry], period_year: i32, today: NaiveDate) -> Pace {
    let r = requirement_in(rules, kind, entries, period_year);
    let (from, to) = (r.from, r.to);
    let total_days = (to - from).num_days() + 1;
    let period_months = 12 * period_years(rules, kind);
    let (elapsed_days, months_left) = if today < from {
        (0, period_months)
    } else if today > to {
        (total_days, 0)
    } else {
        let months = (to.year() - today.year()) as u32 * 12 + (12 - today.month()) + 1;
        ((today - from).num_days() + 1, months)
    };
    let over = today > to;
    let fraction = elapsed_days as f64 / total_days as f64;
    let per_month = |remaining: f64| if remaining > 0.0 { remaining / months_left.max(1) as f64 } else { 0.0 };

    let expected_by_now = r.required * fraction;
    let remaining = tidy((r.required - r.done).max(0.0));
    let needed_per_month = per_month(remaining);
    let online_expected = r.online_required * fraction;
    let online_needed = per_month((r.online_required - r.online_done).max(0.0));
    Pace {
        kind,
        from,
        to,
        required: r.required,
        done: r.done,
        remaining,
        online_required: r.online_required,
        online_done: r.online_done,
        total_days,
        elapsed_days,
        days_left: total_days - elapsed_days,
        months_left,
        expected_by_now,
        needed_per_month,
        met: r.met,
        at_risk: at_risk(r.required, r.done, expected_by_now, needed_per_month, period_months, over),
        online_at_risk: at_risk(r.online_required, r.online_done, online_expected, online_needed, period_months, over),
    }
}

/// The yearly quota's tests as bounds on whole tenths of a 学时, so that a database can count who
/// met it and who is at risk without reading their ledgers: for the year `period_year` on `today`,
/// a total of `t` tenths (online `o`) meets the quota when `t >= met_tenths && o >=
/// online_met_tenths` and is at risk when `t < at_risk_below_tenths`, exactly as [`pace_in`] says
/// for a ledger with that total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearlyBounds {
    pub met_tenths: i64,
    pub online_met_tenths: i64,
    pub at_risk_below_tenths: i64,
}

/// The fewest whole tenths that reach `hours` (as the ledger sums them).
fn tenths_reaching(hours: f64) -> i64 {
    if !hours.is_finite() || hours <= 0.0 {
        return 0;
    }
    let mut t = ((hours * 10.0).ceil() as i64 - 1).max(0);
    while tidy(t as f64 / 10.0) < hours {
        t += 1;
    }
    t
}

/// See [`YearlyBounds`]. The at-risk test only ever asks whether the total is below some figure
/// (behind the pace, too much left for the months remaining, or the year over), so the first total
/// that is not at risk bounds them all.
pub fn yearly_bounds(rules: &QuotaRules, period_year: i32, today: NaiveDate) -> YearlyBounds {
    let met_tenths = tenths_reaching(rules.per_year_hours);
    let at_risk = |t: i64| {
        let entries = [(jan1(period_year), t as f64 / 10.0, HourSource::Session)];
        pace_of_kind(rules, QuotaKind::Yearly, &entries, period_year, today).at_risk
    };
    let (mut lo, mut hi) = (0, met_tenths);
    // at_risk(hi) is false (the quota is reached); find the first t in [lo, hi] that is not at risk.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at_risk(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    YearlyBounds { met_tenths, online_met_tenths: tenths_reaching(tidy(rules.online_per_year_hours)), at_risk_below_tenths: lo }
}

// ---------------------------------------------------------------------------------------------
// 年度考核 grades

pub const CIVIL_SERVANT_GRADES: [&str; 4] = ["优秀", "称职", "基本称职", "不称职"];
pub const INSTITUTION_GRADES: [&str; 4] = ["优秀", "合格", "基本合格", "不合格"];

/// 编制类别 (as `roster::ESTABLISHMENTS` spells them) assessed as civil servants: 行政编制 and
/// 参公事业编制 (参照公务员法管理). 事业编制, 工勤编制 and 编外聘用 use the 合格 grades.
pub const CIVIL_SERVANT_ESTABLISHMENTS: [&str; 2] = ["行政编制", "参公事业编制"];

/// Which words a grade is given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GradeSet {
    /// 公务员 and 参公 staff: 优秀 / 称职 / 基本称职 / 不称职.
    CivilServant,
    /// 事业单位 staff (and 工勤, 编外聘用): 优秀 / 合格 / 基本合格 / 不合格.
    Institution,
}

impl GradeSet {
    /// Best first.
    pub fn grades(self) -> &'static [&'static str; 4] {
        match self {
            GradeSet::CivilServant => &CIVIL_SERVANT_GRADES,
            GradeSet::Institution => &INSTITUTION_GRADES,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GradeSet::CivilServant => "公务员（含参公人员）",
            GradeSet::Institution => "事业单位工作人员",
        }
    }
}

/// The grades for a 编制类别; `None` when it is empty or not one the roster knows, so a missing
/// 编制类别 is asked for rather than guessed.
pub fn grade_set_for(establishment: &str) -> Option<GradeSet> {
    let e = establishment.trim();
    if CIVIL_SERVANT_ESTABLISHMENTS.contains(&e) {
        Some(GradeSet::CivilServant)
    } else if ESTABLISHMENTS.contains(&e) {
        Some(GradeSet::Institution)
    } else {
        None
    }
}

/// A grade must be one of its set; a grade of the other set is named as such.
pub fn validate_grade(set: GradeSet, grade: &str) -> Result<(), String> {
    let g = grade.trim();
    if g.is_empty() {
        return Err("请选择考核等次".into());
    }
    if set.grades().contains(&g) {
        return Ok(());
    }
    let other = match set {
        GradeSet::CivilServant => GradeSet::Institution,
        GradeSet::Institution => GradeSet::CivilServant,
    };
    if other.grades().contains(&g) {
        Err(format!("“{g}”是{}的考核等次，{}的等次为：{}", other.label(), set.label(), set.grades().join("、")))
    } else {
        Err(format!("考核等次“{g}”不在可选范围内（{}）", set.grades().join("、")))
    }
}

/// What is recorded for someone assessed but not graded.
pub const NOT_GRADED: &str = "不定等次";

/// People in 试用期 take part in the annual assessment but are not graded: only a written
/// comment is kept (recorded as [`NOT_GRADED`]). `probation_last_day` is the last day of the
/// probation (as `posts::probation_end` gives it; `None` when there is none); `assessed_on` the
/// date the assessment looks at, normally 31 December of the year. Whoever is still in probation
/// that day is refused.
pub fn check_gradable(probation_last_day: Option<NaiveDate>, assessed_on: NaiveDate) -> Result<(), String> {
    match probation_last_day {
        Some(last) if assessed_on <= last => {
            Err(format!("试用期内（至 {last}）的人员参加年度考核只写评语，不确定等次，请记为“{NOT_GRADED}”"))
        }
        _ => Ok(()),
    }
}

/// 称职 / 合格 or better (优秀), in either set: what promotion asks of recent years.
pub fn at_least_competent(grade: &str) -> bool {
    matches!(grade.trim(), "优秀" | "称职" | "合格")
}

/// 不称职 / 不合格: a bar to promotion.
pub fn is_incompetent(grade: &str) -> bool {
    matches!(grade.trim(), "不称职" | "不合格")
}

// ---------------------------------------------------------------------------------------------
// The 优秀 cap

/// The 优秀 share of those assessed, in whole percent (kept in `settings`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcellentRules {
    pub share_percent: u32,
    /// The share once the competent authority approved a higher one (经批准).
    pub approved_share_percent: u32,
}

impl Default for ExcellentRules {
    fn default() -> Self {
        ExcellentRules { share_percent: 20, approved_share_percent: 25 }
    }
}

impl ExcellentRules {
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        if !(1..=100).contains(&self.share_percent) {
            errs.push(("share_percent", "优秀比例应在 1% 到 100% 之间".to_string()));
        }
        if !(1..=100).contains(&self.approved_share_percent) || self.approved_share_percent < self.share_percent {
            errs.push(("approved_share_percent", "经批准的优秀比例应在 1% 到 100% 之间，且不低于一般比例".to_string()));
        }
        errs
    }

    fn percent(&self, approved: bool) -> u32 {
        if approved {
            self.approved_share_percent
        } else {
            self.share_percent
        }
    }
}

/// How many of `assessed` people may be graded 优秀: `assessed × share / 100` rounded down, in
/// integer arithmetic (no floats, so 12 × 20% is 2 and 25 × 25% is 6 on every machine); a share
/// is never rounded up, because the regulation sets a ceiling.
///
/// Small groups: with approval (`approved`), any group of at least one person may have one 优秀
/// even when the share rounds down to 0 (1–3 people at 25%); without approval the plain rounding
/// stands, so a group of 1–4 at 20% gets none and must ask for approval (or be assessed together
/// with another 部室).
pub fn excellent_cap(assessed: u32, approved: bool, rules: &ExcellentRules) -> u32 {
    let share = u64::from(assessed) * u64::from(rules.percent(approved).min(100)) / 100;
    let cap = share as u32;
    if approved && assessed >= 1 {
        cap.max(1)
    } else {
        cap
    }
}

/// Whether `excellent_after` 优秀 (counting the one being given) fit the cap; the message gives
/// the numbers, e.g. "优秀比例超出上限：本部室参加考核 12 人，优秀最多 2 人（20%），评定后为 3 人".
pub fn check_excellent(assessed: u32, excellent_after: u32, approved: bool, rules: &ExcellentRules) -> Result<(), String> {
    let cap = excellent_cap(assessed, approved, rules);
    if excellent_after <= cap {
        return Ok(());
    }
    let percent = rules.percent(approved);
    let basis = if approved {
        let floor = u64::from(assessed) * u64::from(percent.min(100)) / 100;
        if floor == 0 && assessed >= 1 {
            format!("经批准 {percent}%，人数较少按 1 人")
        } else {
            format!("经批准 {percent}%")
        }
    } else {
        format!("{percent}%")
    };
    let mut msg = format!("优秀比例超出上限：本部室参加考核 {assessed} 人，优秀最多 {cap} 人（{basis}），评定后为 {excellent_after} 人");
    if !approved && excellent_cap(assessed, true, rules) > cap {
        msg.push_str(&format!("；经批准可提高到 {}%", rules.approved_share_percent));
    }
    Err(msg)
}

// ---------------------------------------------------------------------------------------------
// Scores of assessments (exams, 考核评比)

/// How an assessment is scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Scale {
    /// Points from 0 to `max`; `pass` and above pass.
    Points { max: f64, pass: f64 },
    /// Grades, best first; the first `pass_count` of them pass.
    Grades { labels: Vec<String>, pass_count: usize },
}

impl Default for Scale {
    fn default() -> Self {
        Scale::Points { max: 100.0, pass: 60.0 }
    }
}

impl Scale {
    /// The scale in words: "满分 100，60 分及格", "等次：优秀、良好、合格、不合格（前 3 个为合格）".
    pub fn describe(&self) -> String {
        match self {
            Scale::Points { max, pass } => format!("满分 {}，{} 分及格", num_text(*max), num_text(*pass)),
            Scale::Grades { labels, pass_count } => format!("等次：{}（前 {pass_count} 个为合格）", labels.join("、")),
        }
    }

    /// Whether a valid score passes.
    pub fn passes(&self, score: &Score) -> bool {
        match (self, score) {
            (Scale::Points { pass, .. }, Score::Points(v)) => v >= pass,
            (Scale::Grades { labels, pass_count }, Score::Grade(g)) => labels.iter().position(|l| l == g).is_some_and(|i| i < *pass_count),
            _ => false,
        }
    }
    /// 优秀 / 良好 / 合格 pass, 不合格 does not.
    pub fn default_grades() -> Scale {
        Scale::Grades { labels: ["优秀", "良好", "合格", "不合格"].iter().map(|s| s.to_string()).collect(), pass_count: 3 }
    }

    pub fn check(&self) -> Result<(), String> {
        match self {
            Scale::Points { max, pass } => {
                if !max.is_finite() || *max <= 0.0 || *max > 10_000.0 {
                    return Err("满分应为大于 0、不超过 10000 的数".into());
                }
                if !pass.is_finite() || *pass < 0.0 || pass > max {
                    return Err(format!("及格分应在 0 到满分 {} 之间", num_text(*max)));
                }
                Ok(())
            }
            Scale::Grades { labels, pass_count } => {
                if labels.len() < 2 || labels.len() > 10 {
                    return Err("等次应有 2 到 10 个".into());
                }
                for (i, l) in labels.iter().enumerate() {
                    let n = l.trim().chars().count();
                    if n == 0 || n > 10 || l.trim() != l {
                        return Err(format!("等次“{l}”应为 1 到 10 个字，前后不留空格"));
                    }
                    if labels[..i].contains(l) {
                        return Err(format!("等次“{l}”重复"));
                    }
                }
                if *pass_count > labels.len() {
                    return Err("合格等次的个数不能超过等次总数".into());
                }
                Ok(())
            }
        }
    }
}

/// One person's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Score {
    Points(f64),
    Grade(String),
}

/// A number as shown: no trailing zeros ("60", "59.5", "87.25").
fn num_text(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Full-width digits and point (as Chinese input methods type them) as ASCII.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}

/// A score as typed, checked against the scale. Points: digits with at most two decimals
/// ("87", "59.5", full-width digits too), from 0 to the maximum; signs, exponents, "NaN" and
/// "inf" are refused. Grades: one of the scale's labels exactly.
pub fn validate_score(scale: &Scale, text: &str) -> Result<Score, String> {
    let t = text.trim();
    match scale {
        Scale::Points { max, .. } => {
            if t.is_empty() {
                return Err("请填写成绩".into());
            }
            let bad = || format!("成绩“{t}”应为 0 到 {} 之间的数，最多两位小数", num_text(*max));
            let a = ascii_digits(t);
            let (whole, frac) = match a.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (a.as_str(), None),
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !digits(whole) || whole.len() > 6 || frac.is_some_and(|f| !digits(f) || f.len() > 2) {
                return Err(bad());
            }
            let v: f64 = a.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(bad());
            }
            if v > *max {
                return Err(format!("成绩 {} 超过满分 {}", num_text(v), num_text(*max)));
            }
            Ok(Score::Points(v))
        }
        Scale::Grades { labels, .. } => {
            if t.is_empty() {
                return Err("请选择等次".into());
            }
            match labels.iter().find(|l| l.as_str() == t) {
                Some(l) => Ok(Score::Grade(l.clone())),
                None => Err(format!("等次“{t}”不在可选范围内（{}）", labels.join("、"))),
            }
        }
    }
}

/// The arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// The median (the mean of the two middle values for an even count); `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Statistics of one assessment's scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Scores that fit the scale (others are left out).
    pub count: u32,
    pub passed: u32,
    /// Points only; `None` for grades or no scores.
    pub mean: Option<f64>,
    /// Points only; `None` for grades or no scores.
    pub median: Option<f64>,
    /// Grades only: the middle grade (of an even count, the lower of the two middle ones).
    pub median_grade: Option<String>,
    /// Passed over count, from 0 to 1; `None` for no scores.
    pub pass_rate: Option<f64>,
    /// Points: five bands, every one present even when empty; grades: each grade, best first.
    pub distribution: Vec<(String, u32)>,
}

/// Band bounds of a points scale: 60%, 70%, 80% and 90% of the maximum (60, 70, 80, 90 of 100).
fn band_bounds(max: f64) -> [f64; 4] {
    [60.0, 70.0, 80.0, 90.0].map(|p| max * p / 100.0)
}

/// Band labels: "0–59", "60–69", "70–79", "80–89", "90–100" for 100 (a band holds its lower bound
/// and everything below the next one, so 59.5 is in "0–59"); scaled for another maximum
/// ("0–89" … "135–150" for 150). When a bound is not a whole number the labels show the bounds
/// themselves ("0–15", "15–17.5", …, upper bound excluded but the last).
fn band_labels(max: f64) -> Vec<String> {
    let b = band_bounds(max);
    let edges = [0.0, b[0], b[1], b[2], b[3], max];
    let whole = edges.iter().all(|e| e.fract() == 0.0);
    (0..5)
        .map(|i| {
            let (lo, hi) = (edges[i], edges[i + 1]);
            if i == 4 || !whole {
                format!("{}–{}", num_text(lo), num_text(hi))
            } else if hi - 1.0 <= lo {
                num_text(lo)
            } else {
                format!("{}–{}", num_text(lo), num_text(hi - 1.0))
            }
        })
        .collect()
}

/// Count, pass rate and distribution of `scores` on `scale`; mean and median for points, the
/// median grade for grades. Scores of the other kind, out of range or not a label of the scale are
/// left out. No scores: count 0, every average and rate `None`, the bands all 0.
pub fn score_stats(scale: &Scale, scores: &[Score]) -> Stats {
    match scale {
        Scale::Points { max, pass } => {
            let values: Vec<f64> = scores
                .iter()
                .filter_map(|s| match s {
                    Score::Points(v) if v.is_finite() && *v >= 0.0 && v <= max => Some(*v),
                    _ => None,
                })
                .collect();
            let bounds = band_bounds(*max);
            let mut counts = [0u32; 5];
            for v in &values {
                counts[bounds.iter().filter(|b| v >= *b).count()] += 1;
            }
            let passed = values.iter().filter(|v| **v >= *pass).count() as u32;
            let count = values.len() as u32;
            Stats {
                count,
                passed,
                mean: mean(&values),
                median: median(&values),
                median_grade: None,
                pass_rate: (count > 0).then(|| passed as f64 / count as f64),
                distribution: band_labels(*max).into_iter().zip(counts).collect(),
            }
        }
        Scale::Grades { labels, pass_count } => {
            let mut idx: Vec<usize> = scores
                .iter()
                .filter_map(|s| match s {
                    Score::Grade(g) => labels.iter().position(|l| l == g.trim()),
                    _ => None,
                })
                .collect();
            idx.sort_unstable();
            let mut counts = vec![0u32; labels.len()];
            for i in &idx {
                counts[*i] += 1;
            }
            let count = idx.len() as u32;
            let passed = idx.iter().filter(|i| **i < *pass_count).count() as u32;
            Stats {
                count,
                passed,
                mean: None,
                median: None,
                median_grade: idx.get(idx.len() / 2).map(|i| labels[*i].clone()),
                pass_rate: (count > 0).then(|| passed as f64 / count as f64),
                distribution: labels.iter().cloned().zip(counts).collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn session(y: i32, m: u32, day: u32, h: f64) -> LedgerEntry {
        (d(y, m, day), h, HourSource::Session)
    }

    fn online(y: i32, m: u32, day: u32, h: f64) -> LedgerEntry {
        (d(y, m, day), h, HourSource::Online)
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    // ----- quotas

    /// The bounds agree with `pace_in` for every total from nothing to past the quota, on days
    /// across the year (a leap day, the last day, before and after the year), with ledgers split
    /// into many small lines as a real one is.
    #[test]
    fn yearly_bounds_agree_with_the_pace() {
        let rule_sets = [
            QuotaRules::default(),
            QuotaRules { per_year_hours: 12.35, online_per_year_hours: 0.0, ..QuotaRules::default() },
            QuotaRules { per_year_hours: 0.0, online_per_year_hours: 0.3, ..QuotaRules::default() },
            QuotaRules { per_year_hours: 48.0, online_per_year_hours: 20.0, ..QuotaRules::default() },
        ];
        let days = [d(2024, 1, 1), d(2024, 2, 29), d(2024, 6, 30), d(2024, 10, 15), d(2024, 12, 31), d(2023, 12, 31), d(2025, 1, 1)];
        for rules in &rule_sets {
            for today in days {
                let b = yearly_bounds(rules, 2024, today);
                let top = (rules.per_year_hours * 10.0) as i64 + 20;
                for t in 0..=top {
                    // t tenths as single tenths over the year, half of them online.
                    let mut entries: Vec<LedgerEntry> = Vec::new();
                    for i in 0..t {
                        let source = if i % 2 == 0 { HourSource::Online } else { HourSource::Session };
                        entries.push((d(2024, 1, 1) + chrono::Duration::days(i % 366), 0.1, source));
                    }
                    let online_t = (t + 1) / 2;
                    let p = pace_in(rules, "科员", &entries, 2024, today);
                    assert_eq!(t < b.at_risk_below_tenths, p.at_risk, "{rules:?} {today} t={t}");
                    assert_eq!(t >= b.met_tenths && online_t >= b.online_met_tenths, p.met, "{rules:?} {today} t={t}");
                }
            }
        }
    }

    #[test]
    fn yearly_bounds_in_figures() {
        let rules = QuotaRules::default();
        // 1 July 2026: 182 of 365 days gone, 90 × 182/365 − 9 = 35.88…; six months left, and
        // 1.5 × 7.5 × 6 = 67.5 may remain, so 22.5 must be done: at risk below 35.9.
        let b = yearly_bounds(&rules, 2026, d(2026, 7, 1));
        assert_eq!(b, YearlyBounds { met_tenths: 900, online_met_tenths: 500, at_risk_below_tenths: 359 });
        // Before the year nobody is at risk; after it, everyone short of 90.
        assert_eq!(yearly_bounds(&rules, 2026, d(2025, 12, 31)).at_risk_below_tenths, 0);
        assert_eq!(yearly_bounds(&rules, 2026, d(2027, 1, 1)).at_risk_below_tenths, 900);
        // On 31 December the whole quota is expected, less the tolerance of 9.
        assert_eq!(yearly_bounds(&rules, 2026, d(2026, 12, 31)).at_risk_below_tenths, 810);
    }

    #[test]
    fn the_quota_follows_the_level_or_rank() {
        for l in ["正处级", "副处级", " 副处级 ", "四级调研员", "一级调研员", "二级巡视员"] {
            assert_eq!(quota_kind(l), QuotaKind::SeniorWindow, "{l}");
        }
        for l in ["正科级", "副科级", "科员", "办事员", "无", "", "一级主任科员", "二级科员", "处长"] {
            assert_eq!(quota_kind(l), QuotaKind::Yearly, "{l}");
        }
        assert_eq!(quota_kind_for_person("正科级", "四级调研员"), QuotaKind::SeniorWindow);
        assert_eq!(quota_kind_for_person("副处级", ""), QuotaKind::SeniorWindow);
        assert_eq!(quota_kind_for_person("正科级", "一级主任科员"), QuotaKind::Yearly);
        let r = QuotaRules::default();
        assert_eq!(QuotaKind::Yearly.describe(&r), "每年不少于 90 学时");
        assert_eq!(QuotaKind::SeniorWindow.describe(&r), "每 5 年累计不少于 550 学时");
    }

    #[test]
    fn rules_have_the_regulation_defaults_and_are_checked() {
        let r = QuotaRules::default();
        assert_eq!((r.per_year_hours, r.senior_window_years, r.senior_window_hours, r.online_per_year_hours), (90.0, 5, 550.0, 50.0));
        assert!(r.check().is_empty());
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<QuotaRules>(&json).unwrap(), r);
        let bad = QuotaRules { per_year_hours: f64::NAN, senior_window_years: 0, senior_window_hours: -1.0, online_per_year_hours: 2000.0 };
        let fields: Vec<&str> = bad.check().iter().map(|e| e.0).collect();
        assert_eq!(fields, vec!["per_year_hours", "senior_window_years", "senior_window_hours", "online_per_year_hours"]);
        assert_eq!(bad.window_years(), 1);
        assert_eq!(QuotaRules { senior_window_years: 99, ..r.clone() }.window_years(), MAX_WINDOW_YEARS);
        let e = ExcellentRules::default();
        assert_eq!((e.share_percent, e.approved_share_percent), (20, 25));
        assert!(e.check().is_empty());
        assert_eq!(ExcellentRules { share_percent: 30, approved_share_percent: 25 }.check()[0].0, "approved_share_percent");
        assert_eq!(ExcellentRules { share_percent: 0, approved_share_percent: 25 }.check()[0].0, "share_percent");
    }

    #[test]
    fn periods_are_calendar_years() {
        let r = QuotaRules::default();
        assert_eq!(quota_period(&r, QuotaKind::Yearly, 2026), (d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!(quota_period(&r, QuotaKind::SeniorWindow, 2026), (d(2022, 1, 1), d(2026, 12, 31)));
        let three = QuotaRules { senior_window_years: 3, ..r };
        assert_eq!(quota_period(&three, QuotaKind::SeniorWindow, 2026), (d(2024, 1, 1), d(2026, 12, 31)));
    }

    #[test]
    fn hours_are_totalled_with_both_days_included() {
        let entries = vec![
            session(2025, 12, 31, 100.0),
            session(2026, 1, 1, 6.0),
            (d(2026, 3, 5), 3.0, HourSource::External),
            online(2026, 6, 1, 12.5),
            (d(2026, 6, 2), f64::NAN, HourSource::Online),
            (d(2026, 6, 3), -1.5, HourSource::Session), // a correction
            online(2026, 12, 31, 2.0),
            session(2027, 1, 1, 100.0),
        ];
        let h = hours_in(&entries, d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(h, HourTotals { total: 22.0, online: 14.5 });
        assert_eq!(hours_in(&entries, d(2026, 12, 31), d(2026, 1, 1)), HourTotals::default());
        assert_eq!(hours_in(&[], d(2026, 1, 1), d(2026, 12, 31)), HourTotals::default());
        // Nine hundred tenths are exactly the yearly 90.
        let tenths: Vec<LedgerEntry> = (0..900).map(|i| session(2026, 1 + (i % 12) as u32, 1, 0.1)).collect();
        assert_eq!(hours_in(&tenths, d(2026, 1, 1), d(2026, 12, 31)).total, 90.0);
        assert_eq!(requirement(&QuotaRules::default(), "科员", &tenths, d(2026, 6, 1)).surplus_or_shortfall, 0.0);
    }

    #[test]
    fn a_year_is_met_only_with_its_online_hours() {
        let r = QuotaRules::default();
        let mut entries = vec![session(2026, 3, 1, 50.0), online(2026, 5, 1, 45.0), session(2025, 12, 31, 30.0)];
        let q = requirement(&r, "科员", &entries, d(2026, 12, 31));
        assert_eq!((q.from, q.to), (d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!((q.required, q.done, q.online_required, q.online_done), (90.0, 95.0, 50.0, 45.0));
        assert_eq!(q.surplus_or_shortfall, 5.0);
        assert!(!q.met, "5 online hours short");
        assert_eq!(q.summary(), "2026年度：培训 95/90 学时；网络学习 45/50 学时，尚差 5 学时；未达标");
        entries.push(online(2026, 11, 1, 5.0));
        let q = requirement(&r, "正科级", &entries, d(2026, 1, 1));
        assert!(q.met);
        assert_eq!(q.surplus_or_shortfall, 10.0);
        assert_eq!(q.summary(), "2026年度：培训 100/90 学时；网络学习 50/50 学时；已达标");
        let q = requirement(&r, "科员", &entries, d(2025, 7, 1));
        assert_eq!((q.done, q.surplus_or_shortfall, q.met), (30.0, -60.0, false));
        let no_online = QuotaRules { online_per_year_hours: 0.0, ..r };
        let q = requirement(&no_online, "科员", &[session(2026, 3, 1, 92.5)], d(2026, 3, 1));
        assert!(q.met);
        assert_eq!(q.summary(), "2026年度：培训 92.5/90 学时；已达标");
    }

    #[test]
    fn the_senior_window_counts_five_calendar_years() {
        let r = QuotaRules::default();
        let entries = vec![
            session(2021, 12, 31, 300.0), // before the window
            session(2022, 1, 1, 200.0),
            online(2022, 6, 1, 40.0),
            session(2024, 2, 29, 150.0),
            online(2025, 7, 1, 20.0),
            online(2026, 12, 31, 40.0),
            session(2027, 1, 1, 300.0), // after it
        ];
        let q = requirement(&r, "副处级", &entries, d(2026, 3, 1));
        assert_eq!(q.kind, QuotaKind::SeniorWindow);
        assert_eq!((q.from, q.to), (d(2022, 1, 1), d(2026, 12, 31)));
        assert_eq!((q.required, q.done, q.online_required, q.online_done), (550.0, 450.0, 250.0, 100.0));
        assert_eq!(q.surplus_or_shortfall, -100.0);
        assert!(!q.met);
        assert_eq!(q.summary(), "2022—2026年（5年）：培训 450/550 学时，尚差 100 学时；网络学习 100/250 学时，尚差 150 学时；未达标");
        // The window of 2027 drops 2022 and takes in 2027.
        let q = requirement(&r, "正处级", &entries, d(2027, 1, 1));
        assert_eq!((q.from, q.done), (d(2023, 1, 1), 510.0));
    }

    #[test]
    fn pace_on_the_first_of_january() {
        let r = QuotaRules::default();
        let p = pace(&r, "科员", &[session(2026, 1, 1, 3.0)], d(2026, 1, 1));
        assert_eq!((p.from, p.to), (d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!((p.total_days, p.elapsed_days, p.days_left, p.months_left), (365, 1, 364, 12));
        assert!(close(p.expected_by_now, 90.0 / 365.0));
        assert_eq!(p.remaining, 87.0);
        assert!(close(p.needed_per_month, 87.0 / 12.0));
        assert!(!p.at_risk && !p.online_at_risk && !p.met);
        // Nothing done on the first day is not at risk either: 90 over 12 months is the average rate.
        let p = pace(&r, "科员", &[], d(2026, 1, 1));
        assert!(close(p.needed_per_month, 7.5));
        assert!(!p.at_risk);
    }

    #[test]
    fn pace_mid_year_against_the_tolerance() {
        let r = QuotaRules::default();
        // 1 July 2026: 182 days elapsed; expected 90 × 182 / 365 = 44.88; minus 9 tolerance = 35.88.
        let p = pace(&r, "科员", &[session(2026, 3, 1, 30.0)], d(2026, 7, 1));
        assert_eq!((p.elapsed_days, p.days_left, p.months_left), (182, 183, 6));
        assert!(close(p.expected_by_now, 90.0 * 182.0 / 365.0));
        assert!(close(p.needed_per_month, 10.0), "60 over 6 months is under 1.5 × 7.5");
        assert!(p.at_risk, "30 is behind 35.88");
        let p = pace(&r, "科员", &[session(2026, 3, 1, 36.0)], d(2026, 7, 1));
        assert!(close(p.needed_per_month, 9.0));
        assert!(!p.at_risk, "36 is within the tolerance");
        // 30 June: one month more to go, so 54 remaining is 7.71 a month; 36 against 44.63 − 9.
        let p = pace(&r, "科员", &[session(2026, 3, 1, 36.0)], d(2026, 6, 30));
        assert_eq!((p.elapsed_days, p.months_left), (181, 7));
        assert!(!p.at_risk);
        // Online: nothing by 1 July (expected 24.9, tolerance 5) is at risk on its own.
        assert!(p.online_at_risk);
        let p = pace(&r, "科员", &[online(2026, 3, 1, 25.0), session(2026, 3, 1, 11.0)], d(2026, 7, 1));
        assert!(!p.online_at_risk && !p.at_risk);
    }

    #[test]
    fn pace_on_the_thirty_first_of_december() {
        let r = QuotaRules::default();
        let p = pace(&r, "科员", &[session(2026, 5, 1, 85.0)], d(2026, 12, 31));
        assert_eq!((p.elapsed_days, p.days_left, p.months_left), (365, 0, 1));
        assert_eq!(p.expected_by_now, 90.0);
        assert_eq!((p.remaining, p.needed_per_month), (5.0, 5.0));
        assert!(!p.at_risk, "5 short is within the tolerance and one day of study");
        let p = pace(&r, "科员", &[session(2026, 5, 1, 75.0)], d(2026, 12, 31));
        assert_eq!(p.needed_per_month, 15.0);
        assert!(p.at_risk);
        // 1 December: one month left, 15 to go is more than 11.25 a month though within tolerance
        // (75 against 90 × 335 / 365 − 9 = 73.6).
        let p = pace(&r, "科员", &[session(2026, 5, 1, 75.0)], d(2026, 12, 1));
        assert_eq!((p.elapsed_days, p.months_left), (335, 1));
        assert!(p.done >= p.expected_by_now - 9.0);
        assert!(p.at_risk, "by the rate rule");
    }

    #[test]
    fn pace_in_a_leap_year() {
        let r = QuotaRules::default();
        let p = pace(&r, "副科级", &[session(2028, 2, 29, 10.0)], d(2028, 2, 29));
        assert_eq!((p.total_days, p.elapsed_days, p.days_left, p.months_left), (366, 60, 306, 11));
        assert!(close(p.expected_by_now, 90.0 * 60.0 / 366.0));
        assert!(close(p.needed_per_month, 80.0 / 11.0));
        assert!(!p.at_risk);
        let p = pace(&r, "副科级", &[], d(2028, 12, 31));
        assert_eq!((p.elapsed_days, p.days_left), (366, 0));
        assert_eq!(p.expected_by_now, 90.0);
        let p = pace(&r, "副科级", &[], d(2028, 3, 1));
        assert_eq!(p.elapsed_days, 61);
    }

    #[test]
    fn pace_over_the_five_year_window_with_uneven_years() {
        let r = QuotaRules::default();
        let years = |last: f64| {
            vec![
                session(2022, 4, 1, 200.0),
                // nothing in 2023
                session(2024, 2, 29, 150.0),
                online(2025, 9, 1, 20.0),
                session(2026, 3, 1, last),
                session(2021, 12, 31, 500.0), // before the window
            ]
        };
        // 30 June 2026: 1826 days in 2022–2026, 184 after today; 60 months, 7 left
        // (June counted whole).
        // Expected 550 × 1642 / 1826 = 494.58; tolerance 55; average rate 9.17, ×1.5 = 13.75.
        let p = pace(&r, "正处级", &years(60.0), d(2026, 6, 30));
        assert_eq!((p.from, p.to), (d(2022, 1, 1), d(2026, 12, 31)));
        assert_eq!((p.total_days, p.elapsed_days, p.days_left, p.months_left), (1826, 1642, 184, 7));
        assert!(close(p.expected_by_now, 550.0 * 1642.0 / 1826.0));
        assert_eq!((p.done, p.remaining), (430.0, 120.0));
        assert!(close(p.needed_per_month, 120.0 / 7.0));
        assert!(p.at_risk, "behind and too fast a rate needed");
        let p = pace(&r, "正处级", &years(80.0), d(2026, 6, 30));
        assert!(p.done >= p.expected_by_now - 55.0);
        assert!(close(p.needed_per_month, 100.0 / 7.0));
        assert!(p.at_risk, "within tolerance but 14.3 a month is too fast");
        let p = pace(&r, "正处级", &years(130.0), d(2026, 6, 30));
        assert!(!p.at_risk);
        // 15 March 2024 is in the window 2020–2024 (1827 days, two leap years), March to December
        // left; its total is reached, its online quota far behind.
        let p = pace(&r, "正处级", &years(0.0), d(2024, 3, 15));
        assert_eq!((p.from, p.to, p.total_days, p.elapsed_days, p.months_left), (d(2020, 1, 1), d(2024, 12, 31), 1827, 1536, 10));
        assert_eq!(p.done, 850.0, "2021, 2022 and 2024 count in this window");
        assert_eq!(p.online_done, 0.0);
        assert!(!p.met && !p.at_risk && p.online_at_risk);
        // The same window seen from its first day, before 2022's hours.
        let p = pace_in(&r, "正处级", &years(60.0), 2026, d(2022, 1, 1));
        assert_eq!((p.elapsed_days, p.months_left), (1, 60));
    }

    #[test]
    fn whoever_has_met_the_quota_is_never_at_risk() {
        let r = QuotaRules::default();
        let entries = vec![session(2026, 2, 1, 45.0), online(2026, 2, 15, 50.0)];
        let p = pace(&r, "科员", &entries, d(2026, 3, 1));
        assert!(p.met);
        assert_eq!((p.remaining, p.needed_per_month), (0.0, 0.0));
        assert!(!p.at_risk && !p.online_at_risk);
        // Total reached without online hours: the total is not at risk, online is.
        let p = pace(&r, "科员", &[session(2026, 2, 1, 120.0)], d(2026, 11, 1));
        assert!(!p.met && !p.at_risk && p.online_at_risk);
    }

    #[test]
    fn pace_before_and_after_its_period() {
        let r = QuotaRules::default();
        let before = pace_in(&r, "科员", &[], 2026, d(2025, 11, 20));
        assert_eq!((before.elapsed_days, before.days_left, before.months_left), (0, 365, 12));
        assert_eq!(before.expected_by_now, 0.0);
        assert!(close(before.needed_per_month, 7.5));
        assert!(!before.at_risk && !before.online_at_risk);
        let after = pace_in(&r, "科员", &[session(2026, 6, 1, 35.0), online(2026, 6, 1, 50.0)], 2026, d(2027, 1, 10));
        assert_eq!((after.elapsed_days, after.days_left, after.months_left), (365, 0, 0));
        assert_eq!(after.expected_by_now, 90.0);
        assert_eq!(after.needed_per_month, 5.0, "all that remains");
        assert!(after.at_risk, "missed, though within the tolerance");
        assert!(!after.online_at_risk);
        let done = pace_in(&r, "科员", &[session(2026, 6, 1, 40.0), online(2026, 6, 1, 50.0)], 2026, d(2027, 1, 10));
        assert!(done.met && !done.at_risk);
    }

    // ----- grades

    #[test]
    fn grades_follow_the_establishment() {
        assert_eq!(grade_set_for("行政编制"), Some(GradeSet::CivilServant));
        assert_eq!(grade_set_for(" 参公事业编制 "), Some(GradeSet::CivilServant));
        for e in ["事业编制", "工勤编制", "编外聘用"] {
            assert_eq!(grade_set_for(e), Some(GradeSet::Institution), "{e}");
        }
        assert_eq!(grade_set_for(""), None);
        assert_eq!(grade_set_for("临时工"), None);
        assert!(CIVIL_SERVANT_ESTABLISHMENTS.iter().all(|e| ESTABLISHMENTS.contains(e)));
    }

    #[test]
    fn a_grade_must_belong_to_its_set() {
        for g in CIVIL_SERVANT_GRADES {
            assert_eq!(validate_grade(GradeSet::CivilServant, g), Ok(()));
        }
        for g in INSTITUTION_GRADES {
            assert_eq!(validate_grade(GradeSet::Institution, g), Ok(()));
        }
        let e = validate_grade(GradeSet::CivilServant, "合格").unwrap_err();
        assert_eq!(e, "“合格”是事业单位工作人员的考核等次，公务员（含参公人员）的等次为：优秀、称职、基本称职、不称职");
        let e = validate_grade(GradeSet::Institution, "基本称职").unwrap_err();
        assert!(e.contains("公务员") && e.contains("基本合格"), "{e}");
        let e = validate_grade(GradeSet::Institution, "良好").unwrap_err();
        assert_eq!(e, "考核等次“良好”不在可选范围内（优秀、合格、基本合格、不合格）");
        assert_eq!(validate_grade(GradeSet::Institution, " ").unwrap_err(), "请选择考核等次");
    }

    #[test]
    fn probation_is_not_graded() {
        let year_end = d(2026, 12, 31);
        assert_eq!(check_gradable(None, year_end), Ok(()));
        assert_eq!(check_gradable(Some(d(2026, 12, 30)), year_end), Ok(()));
        let e = check_gradable(Some(year_end), year_end).unwrap_err();
        assert!(e.contains("试用期") && e.contains("2026-12-31") && e.contains(NOT_GRADED), "{e}");
        assert!(check_gradable(Some(d(2027, 3, 31)), year_end).is_err());
    }

    #[test]
    fn competence_for_promotion() {
        for g in ["优秀", "称职", "合格", " 合格"] {
            assert!(at_least_competent(g) && !is_incompetent(g), "{g}");
        }
        for g in ["基本称职", "基本合格", NOT_GRADED, ""] {
            assert!(!at_least_competent(g) && !is_incompetent(g), "{g}");
        }
        for g in ["不称职", "不合格"] {
            assert!(!at_least_competent(g) && is_incompetent(g), "{g}");
        }
    }

    // ----- the 优秀 cap

    #[test]
    fn the_excellent_cap_rounds_down() {
        let r = ExcellentRules::default();
        let table = [(0, 0, 0), (1, 0, 1), (4, 0, 1), (5, 1, 1), (9, 1, 2), (10, 2, 2), (12, 2, 3), (24, 4, 6), (25, 5, 6)];
        for (n, plain, approved) in table {
            assert_eq!(excellent_cap(n, false, &r), plain, "{n} without approval");
            assert_eq!(excellent_cap(n, true, &r), approved, "{n} with approval");
        }
        assert_eq!(excellent_cap(u32::MAX, false, &r), (u64::from(u32::MAX) / 5) as u32, "no overflow");
        let full = ExcellentRules { share_percent: 100, approved_share_percent: 100 };
        assert_eq!(excellent_cap(7, false, &full), 7);
    }

    #[test]
    fn the_cap_message_gives_the_numbers() {
        let r = ExcellentRules::default();
        assert_eq!(check_excellent(12, 2, false, &r), Ok(()));
        assert_eq!(
            check_excellent(12, 3, false, &r).unwrap_err(),
            "优秀比例超出上限：本部室参加考核 12 人，优秀最多 2 人（20%），评定后为 3 人；经批准可提高到 25%"
        );
        assert_eq!(check_excellent(12, 3, true, &r), Ok(()));
        assert_eq!(
            check_excellent(12, 4, true, &r).unwrap_err(),
            "优秀比例超出上限：本部室参加考核 12 人，优秀最多 3 人（经批准 25%），评定后为 4 人"
        );
        // Ten people: 25% still rounds down to 2, so approval would not help and is not offered.
        assert_eq!(
            check_excellent(10, 3, false, &r).unwrap_err(),
            "优秀比例超出上限：本部室参加考核 10 人，优秀最多 2 人（20%），评定后为 3 人"
        );
        let e = check_excellent(3, 1, false, &r).unwrap_err();
        assert!(e.contains("最多 0 人") && e.contains("经批准"), "{e}");
        assert_eq!(check_excellent(3, 1, true, &r), Ok(()));
        assert_eq!(
            check_excellent(3, 2, true, &r).unwrap_err(),
            "优秀比例超出上限：本部室参加考核 3 人，优秀最多 1 人（经批准 25%，人数较少按 1 人），评定后为 2 人"
        );
        assert_eq!(check_excellent(0, 0, false, &r), Ok(()));
        assert!(check_excellent(0, 1, true, &r).unwrap_err().contains("参加考核 0 人"));
    }

    #[test]
    fn scores_are_checked_against_the_scale() {
        let s = Scale::default();
        assert_eq!(validate_score(&s, "87"), Ok(Score::Points(87.0)));
        assert_eq!(validate_score(&s, " 59.5 "), Ok(Score::Points(59.5)));
        assert_eq!(validate_score(&s, "100"), Ok(Score::Points(100.0)));
        assert_eq!(validate_score(&s, "0"), Ok(Score::Points(0.0)));
        assert_eq!(validate_score(&s, "87.25"), Ok(Score::Points(87.25)));
        assert_eq!(validate_score(&s, "８５．５"), Ok(Score::Points(85.5)), "full-width input");
        for t in ["abc", "-1", "NaN", "nan", "inf", "1e2", "+5", "60.", ".5", "87.125", "8 7", "1,000"] {
            let e = validate_score(&s, t).unwrap_err();
            assert!(e.contains("应为 0 到 100 之间的数"), "{t}: {e}");
        }
        assert_eq!(validate_score(&s, " ").unwrap_err(), "请填写成绩");
        assert_eq!(validate_score(&s, "100.5").unwrap_err(), "成绩 100.5 超过满分 100");
        assert_eq!(validate_score(&s, "-1").unwrap_err(), "成绩“-1”应为 0 到 100 之间的数，最多两位小数");
        let g = Scale::default_grades();
        assert_eq!(validate_score(&g, " 良好 "), Ok(Score::Grade("良好".into())));
        assert_eq!(validate_score(&g, "称职").unwrap_err(), "等次“称职”不在可选范围内（优秀、良好、合格、不合格）");
        assert_eq!(validate_score(&g, "").unwrap_err(), "请选择等次");
    }

    #[test]
    fn scales_are_checked() {
        assert_eq!(Scale::default().check(), Ok(()));
        assert_eq!(Scale::default_grades().check(), Ok(()));
        assert!(Scale::Points { max: 0.0, pass: 0.0 }.check().is_err());
        assert!(Scale::Points { max: f64::NAN, pass: 0.0 }.check().is_err());
        assert!(Scale::Points { max: 100.0, pass: 101.0 }.check().is_err());
        assert!(Scale::Grades { labels: names(&["优秀", "优秀"]), pass_count: 1 }.check().unwrap_err().contains("重复"));
        assert!(Scale::Grades { labels: names(&["合格", "不合格"]), pass_count: 3 }.check().is_err());
        assert!(Scale::Grades { labels: names(&["合格"]), pass_count: 1 }.check().is_err());
        let json = serde_json::to_string(&Scale::default_grades()).unwrap();
        assert_eq!(serde_json::from_str::<Scale>(&json).unwrap(), Scale::default_grades());
    }

    #[test]
    fn stats_of_nothing_divide_by_nothing() {
        let s = score_stats(&Scale::default(), &[]);
        assert_eq!((s.count, s.passed, s.mean, s.median, s.pass_rate), (0, 0, None, None, None));
        let labels: Vec<&str> = s.distribution.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, vec!["0–59", "60–69", "70–79", "80–89", "90–100"]);
        assert!(s.distribution.iter().all(|(_, n)| *n == 0));
        let g = score_stats(&Scale::default_grades(), &[]);
        assert_eq!((g.count, g.median_grade, g.pass_rate), (0, None, None));
        assert_eq!(g.distribution.len(), 4);
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn stats_when_everyone_passes() {
        let scores: Vec<Score> = [60.0, 75.0, 90.0, 100.0].iter().map(|v| Score::Points(*v)).collect();
        let s = score_stats(&Scale::default(), &scores);
        assert_eq!((s.count, s.passed, s.pass_rate), (4, 4, Some(1.0)));
        assert_eq!(s.mean, Some(81.25));
        assert_eq!(s.median, Some(82.5));
        let counts: Vec<u32> = s.distribution.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, vec![0, 1, 1, 0, 2]);
    }

    #[test]
    fn band_edges_belong_to_the_band_above() {
        let scores: Vec<Score> = [59.5, 60.0, 100.0, 69.99, 0.0, 89.0, 90.0].iter().map(|v| Score::Points(*v)).collect();
        let s = score_stats(&Scale::default(), &scores);
        let counts: Vec<u32> = s.distribution.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, vec![2, 2, 0, 1, 2]);
        assert_eq!((s.passed, s.median), (5, Some(69.99)));
        // Scores outside the scale or of the wrong kind are left out.
        let odd = [Score::Points(100.5), Score::Points(-1.0), Score::Points(f64::NAN), Score::Grade("优秀".into()), Score::Points(61.0)];
        let s = score_stats(&Scale::default(), &odd);
        assert_eq!((s.count, s.mean, s.pass_rate), (1, Some(61.0), Some(1.0)));
    }

    #[test]
    fn bands_scale_with_the_maximum() {
        let s = score_stats(&Scale::Points { max: 150.0, pass: 90.0 }, &[Score::Points(89.5), Score::Points(90.0), Score::Points(150.0)]);
        let got: Vec<(&str, u32)> = s.distribution.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        assert_eq!(got, vec![("0–89", 1), ("90–104", 1), ("105–119", 0), ("120–134", 0), ("135–150", 1)]);
        assert_eq!(s.pass_rate, Some(2.0 / 3.0));
        let ten = score_stats(&Scale::Points { max: 10.0, pass: 6.0 }, &[Score::Points(6.5)]);
        let labels: Vec<&str> = ten.distribution.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, vec!["0–5", "6", "7", "8", "9–10"]);
        let odd = score_stats(&Scale::Points { max: 25.0, pass: 15.0 }, &[Score::Points(17.5)]);
        let got: Vec<(&str, u32)> = odd.distribution.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        assert_eq!(got, vec![("0–15", 0), ("15–17.5", 0), ("17.5–20", 1), ("20–22.5", 0), ("22.5–25", 0)]);
    }

    #[test]
    fn stats_of_grades() {
        let g = Scale::default_grades();
        let scores: Vec<Score> = ["合格", "优秀", "不合格", "良好", "优秀", "称职"].iter().map(|s| Score::Grade(s.to_string())).collect();
        let s = score_stats(&g, &scores);
        assert_eq!((s.count, s.passed), (5, 4));
        assert_eq!(s.pass_rate, Some(0.8));
        assert_eq!(s.median_grade.as_deref(), Some("良好"));
        assert_eq!((s.mean, s.median), (None, None));
        let got: Vec<(&str, u32)> = s.distribution.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        assert_eq!(got, vec![("优秀", 2), ("良好", 1), ("合格", 1), ("不合格", 1)]);
        // Of an even count, the lower of the two middle grades.
        let four: Vec<Score> = ["优秀", "优秀", "良好", "合格"].iter().map(|s| Score::Grade(s.to_string())).collect();
        assert_eq!(score_stats(&g, &four).median_grade.as_deref(), Some("良好"));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
    }
}
