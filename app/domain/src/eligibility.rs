//! The promotion eligibility engine for the reserve pools (后备干部): a person's facts against a
//! rule set HR can edit, one result per rule with the facts it used, a sentence in Chinese and, for
//! a failing rule that time will cure, the day it passes. Pure: the facts come from the roster,
//! the appointment records and the assessment module, read by the caller.
//!
//! Dates: a period of N years from a day ends on its N-th anniversary, and someone who started on
//! 29 February completes it on 1 March in a common year (as [`crate::time::age_on`] counts
//! birthdays). A rule asking for "at least N years" passes on that anniversary itself.

use crate::assessment::{at_least_competent, is_incompetent};
use crate::calendar::chinese_date;
use crate::roster::{education_rank, level_rank as rank};
use crate::time::age_on;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The four pools, by the level they prepare people for.
pub const TARGETS: [&str; 4] = ["正处级", "副处级", "正科级", "副科级"];

/// The level a candidate for `target` normally holds, and whether `target` is a chief post (a
/// deputy at the same level moves up) or a deputy post (a chief at the level below, or for 副科级 a
/// 科员, moves up).
pub fn feeder_level(target: &str) -> Option<(&'static str, bool)> {
    match target {
        "正处级" => Some(("副处级", true)),
        "副处级" => Some(("正科级", false)),
        "正科级" => Some(("副科级", true)),
        "副科级" => Some(("科员", false)),
        _ => None,
    }
}

/// 处级 targets ask for work and grass-roots years.
fn is_county_level(target: &str) -> bool {
    matches!(target, "正处级" | "副处级")
}

/// What each rule is called, for switching rules off and for the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleCode {
    /// Years at the feeder level.
    YearsAtLevel,
    /// Years since starting work (处级 targets).
    WorkYears,
    /// Years at the grass roots (处级 targets).
    GrassRoots,
    /// The age ceiling of the pool.
    Age,
    /// The education floor (higher for the young).
    Education,
    /// Not in 试用期.
    Probation,
    /// No promotion within the last year.
    RecentPromotion,
    /// The last years' annual assessments.
    Grades,
    /// The 学时 quota (never a bar: a shortfall must be made up within a year of promotion).
    Training,
}

impl RuleCode {
    pub const ALL: [RuleCode; 9] = [
        RuleCode::YearsAtLevel,
        RuleCode::WorkYears,
        RuleCode::GrassRoots,
        RuleCode::Age,
        RuleCode::Education,
        RuleCode::Probation,
        RuleCode::RecentPromotion,
        RuleCode::Grades,
        RuleCode::Training,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RuleCode::YearsAtLevel => "任职年限",
            RuleCode::WorkYears => "工作年限",
            RuleCode::GrassRoots => "基层工作经历",
            RuleCode::Age => "年龄",
            RuleCode::Education => "学历",
            RuleCode::Probation => "试用期",
            RuleCode::RecentPromotion => "提任间隔",
            RuleCode::Grades => "年度考核",
            RuleCode::Training => "培训学时",
        }
    }
}

/// The rule set (kept as JSON in `settings`); HR edits the numbers and switches rules off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRules {
    /// From deputy to chief at the same level.
    pub deputy_to_chief_years: u32,
    /// From chief at the level below (or 科员) to deputy at the next level.
    pub to_next_deputy_years: u32,
    /// 处级 targets: years since starting work, and at the grass roots.
    pub county_work_years: u32,
    pub county_grass_roots_years: u32,
    /// Age ceilings in years, per target in the order of [`TARGETS`]: the age may be reached, not
    /// passed ("45 周岁以下" includes 45).
    pub max_age: [u32; 4],
    /// The education floor, and the higher one for those under `young_below_age`.
    pub education_floor: String,
    pub young_education_floor: String,
    pub young_below_age: u32,
    /// No promotion within this many months of the last one.
    pub promotion_gap_months: u32,
    /// How many of the last years' annual assessments are read.
    pub grade_years: u32,
    /// Rules switched off.
    pub off: Vec<RuleCode>,
}

impl Default for EligibilityRules {
    fn default() -> Self {
        EligibilityRules {
            deputy_to_chief_years: 2,
            to_next_deputy_years: 3,
            county_work_years: 5,
            county_grass_roots_years: 2,
            max_age: [50, 45, 40, 35],
            education_floor: "大学专科".into(),
            young_education_floor: "大学本科".into(),
            young_below_age: 35,
            promotion_gap_months: 12,
            grade_years: 3,
            off: Vec::new(),
        }
    }
}

impl EligibilityRules {
    /// Field errors in Chinese, for the settings form.
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        let years = |x: u32| x <= 30;
        if !years(self.deputy_to_chief_years) {
            errs.push(("deputy_to_chief_years", "副职转正职的任职年限应在 0 到 30 年之间".to_string()));
        }
        if !years(self.to_next_deputy_years) {
            errs.push(("to_next_deputy_years", "提任上一级副职的任职年限应在 0 到 30 年之间".to_string()));
        }
        if !years(self.county_work_years) {
            errs.push(("county_work_years", "工作年限应在 0 到 30 年之间".to_string()));
        }
        if !years(self.county_grass_roots_years) {
            errs.push(("county_grass_roots_years", "基层工作年限应在 0 到 30 年之间".to_string()));
        }
        if self.max_age.iter().any(|a| !(18..=70).contains(a)) {
            errs.push(("max_age", "年龄上限应在 18 到 70 周岁之间".to_string()));
        }
        if education_rank(&self.education_floor) == 0 {
            errs.push(("education_floor", "请选择学历下限".to_string()));
        }
        if education_rank(&self.young_education_floor) == 0 {
            errs.push(("young_education_floor", "请选择年轻干部的学历下限".to_string()));
        }
        if !(18..=70).contains(&self.young_below_age) {
            errs.push(("young_below_age", "年龄应在 18 到 70 周岁之间".to_string()));
        }
        if self.promotion_gap_months > 120 {
            errs.push(("promotion_gap_months", "提任间隔应在 0 到 120 个月之间".to_string()));
        }
        if !(1..=5).contains(&self.grade_years) {
            errs.push(("grade_years", "考核年数应在 1 到 5 年之间".to_string()));
        }
        errs
    }

    fn on(&self, code: RuleCode) -> bool {
        !self.off.contains(&code)
    }

    /// The age ceiling of a pool, when the age rule is on.
    pub fn age_ceiling(&self, target: &str) -> Option<u32> {
        if self.on(RuleCode::Age) {
            self.max_age_for(target)
        } else {
            None
        }
    }

    fn max_age_for(&self, target: &str) -> Option<u32> {
        TARGETS.iter().position(|t| *t == target).map(|i| self.max_age[i])
    }
}

/// Whether the 学时 quota of the last period was met, from the assessment module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingFact {
    pub met: bool,
    /// The requirement in one line (`Requirement::summary`).
    pub summary: String,
}

/// What the engine knows of a person. `None` is "not recorded": reported, never guessed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    pub birth_date: Option<NaiveDate>,
    pub work_start: Option<NaiveDate>,
    /// Years of grass-roots work, if recorded.
    pub grass_roots_years: Option<f64>,
    /// The current 职务层次 and since when (from the appointment records).
    pub level: String,
    pub level_since: Option<NaiveDate>,
    /// The highest education (全日制 or 在职).
    pub education: String,
    /// The last day of a 试用期 not yet confirmed, if any.
    pub probation_until: Option<NaiveDate>,
    /// The day of the last promotion (提任), if any.
    pub last_promotion: Option<NaiveDate>,
    /// Annual grades by year.
    pub grades: Vec<(i32, String)>,
    pub training: Option<TrainingFact>,
}

/// One rule's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Pass,
    /// Passes, with something to act on (the 学时 shortfall to make up).
    Flag,
    Fail,
    /// The facts it needs are not recorded.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub code: RuleCode,
    pub outcome: Outcome,
    /// The facts used, as (what, value) pairs.
    pub facts: Vec<(String, String)>,
    /// The result in a sentence.
    pub sentence: String,
    /// For a failing rule that time cures: the first day it passes.
    pub passes_on: Option<NaiveDate>,
}

/// The overall answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    Eligible,
    /// Every failing rule passes by this day (and the age ceiling still holds then).
    EligibleOn(NaiveDate),
    NotEligible,
    /// Nothing fails, but some facts are not recorded.
    Incomplete,
}

impl Verdict {
    pub fn describe(&self) -> String {
        match self {
            Verdict::Eligible => "符合条件".into(),
            Verdict::EligibleOn(d) => format!("{}起符合条件", chinese_date(*d)),
            Verdict::NotEligible => "不符合条件".into(),
            Verdict::Incomplete => "信息不全，待核实".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub target: String,
    pub results: Vec<RuleResult>,
    pub verdict: Verdict,
}

/// The `years`-th anniversary of `from`: the same day `years` later, or 1 March when `from` is
/// 29 February and that year has none.
pub fn anniversary(from: NaiveDate, years: u32) -> NaiveDate {
    let y = from.year() + years as i32;
    NaiveDate::from_ymd_opt(y, from.month(), from.day()).or_else(|| NaiveDate::from_ymd_opt(y, 3, 1)).unwrap_or(NaiveDate::MAX)
}

/// `months` calendar months after `from`, a missing day moving to the 1st of the next month
/// (31 March + 1 month is 1 May, as with anniversaries).
pub fn months_after(from: NaiveDate, months: u32) -> NaiveDate {
    let total = from.year() * 12 + from.month0() as i32 + months as i32;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    NaiveDate::from_ymd_opt(y, m, from.day())
        .or_else(|| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(ny, nm, 1)
        })
        .unwrap_or(NaiveDate::MAX)
}

/// Whole months from `from` to `to` (0 when `to` is earlier).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return 0;
    }
    let mut months = (to.year() - from.year()) as i64 * 12 + to.month() as i64 - from.month() as i64;
    if to.day() < from.day() {
        months -= 1;
    }
    months
}

/// A number of months as "3年2个月".
pub fn months_text(months: i64) -> String {
    match (months / 12, months % 12) {
        (0, m) => format!("{m}个月"),
        (y, 0) => format!("{y}年"),
        (y, m) => format!("{y}年{m}个月"),
    }
}

/// Whole years and months from `from` to `to`, as "3年2个月".
fn span_text(from: NaiveDate, to: NaiveDate) -> String {
    months_text(months_between(from, to))
}

fn fact(what: &str, value: impl Into<String>) -> (String, String) {
    (what.to_string(), value.into())
}

fn unknown(code: RuleCode, what: &str) -> RuleResult {
    RuleResult {
        code,
        outcome: Outcome::Unknown,
        facts: vec![fact(what, "未记录")],
        sentence: format!("未记录{what}，无法判断，请核实"),
        passes_on: None,
    }
}

/// A time rule: at least `years` since `since`.
fn years_since(code: RuleCode, what: &str, since: Option<NaiveDate>, years: u32, today: NaiveDate, need: &str) -> RuleResult {
    let Some(since) = since else { return unknown(code, what) };
    let due = anniversary(since, years);
    let facts = vec![fact(what, since.to_string()), fact("至今", span_text(since, today)), fact("要求", format!("{years}年以上"))];
    if today >= due {
        RuleResult {
            code,
            outcome: Outcome::Pass,
            facts,
            sentence: format!("{need}满{years}年（自{}起）", chinese_date(since)),
            passes_on: None,
        }
    } else {
        RuleResult {
            code,
            outcome: Outcome::Fail,
            facts,
            sentence: format!("{need}不满{years}年（自{}起，{}满{years}年）", chinese_date(since), chinese_date(due)),
            passes_on: Some(due),
        }
    }
}

/// Evaluate every rule that is on for `target`, on `today`.
pub fn evaluate(rules: &EligibilityRules, target: &str, f: &Facts, today: NaiveDate) -> Evaluation {
    let mut results = Vec::new();
    let Some((feeder, to_chief)) = feeder_level(target) else {
        return Evaluation {
            target: target.into(),
            results: vec![RuleResult {
                code: RuleCode::YearsAtLevel,
                outcome: Outcome::Fail,
                facts: vec![fact("目标层级", target)],
                sentence: format!("“{target}”不是后备干部的层级"),
                passes_on: None,
            }],
            verdict: Verdict::NotEligible,
        };
    };

    if rules.on(RuleCode::YearsAtLevel) {
        let years = if to_chief { rules.deputy_to_chief_years } else { rules.to_next_deputy_years };
        let r = if rank(&f.level) <= rank(target) {
            RuleResult {
                code: RuleCode::YearsAtLevel,
                outcome: Outcome::Fail,
                facts: vec![fact("现职务层次", f.level.clone())],
                sentence: format!("现任{}，已达到或高于{target}", f.level),
                passes_on: None,
            }
        } else if rank(&f.level) > rank(feeder) {
            RuleResult {
                code: RuleCode::YearsAtLevel,
                outcome: Outcome::Fail,
                facts: vec![fact("现职务层次", if f.level.is_empty() { "未记录".into() } else { f.level.clone() }), fact("要求", feeder)],
                sentence: format!("提任{target}一般应现任{feeder}，现为{}", if f.level.is_empty() { "未记录" } else { &f.level }),
                passes_on: None,
            }
        } else {
            let mut r = years_since(RuleCode::YearsAtLevel, "任现职务层次时间", f.level_since, years, today, &format!("任{feeder}"));
            r.facts.insert(0, fact("现职务层次", f.level.clone()));
            r
        };
        results.push(r);
    }

    if is_county_level(target) {
        if rules.on(RuleCode::WorkYears) {
            results.push(years_since(RuleCode::WorkYears, "参加工作时间", f.work_start, rules.county_work_years, today, "工作"));
        }
        if rules.on(RuleCode::GrassRoots) {
            let need = rules.county_grass_roots_years as f64;
            results.push(match f.grass_roots_years {
                None => unknown(RuleCode::GrassRoots, "基层工作经历"),
                Some(y) => {
                    let facts =
                        vec![fact("基层工作年限", format!("{y}年")), fact("要求", format!("{}年以上", rules.county_grass_roots_years))];
                    if y + 1e-9 >= need {
                        RuleResult {
                            code: RuleCode::GrassRoots,
                            outcome: Outcome::Pass,
                            facts,
                            sentence: format!("基层工作{y}年，满{need}年"),
                            passes_on: None,
                        }
                    } else {
                        RuleResult {
                            code: RuleCode::GrassRoots,
                            outcome: Outcome::Fail,
                            facts,
                            sentence: format!("基层工作{y}年，不满{need}年"),
                            passes_on: None,
                        }
                    }
                }
            });
        }
    }

    let max_age = rules.max_age_for(target).unwrap_or(u32::MAX);
    if rules.on(RuleCode::Age) {
        results.push(match f.birth_date {
            None => unknown(RuleCode::Age, "出生日期"),
            Some(b) => {
                let age = age_on(b, today);
                // The first day over the ceiling: the birthday of max_age + 1.
                let over_on = anniversary(b, max_age + 1);
                let facts =
                    vec![fact("出生日期", b.to_string()), fact("年龄", format!("{age}周岁")), fact("上限", format!("{max_age}周岁"))];
                if today < over_on {
                    RuleResult {
                        code: RuleCode::Age,
                        outcome: Outcome::Pass,
                        facts,
                        sentence: format!("{age}周岁，未超过{max_age}周岁（{}起超龄）", chinese_date(over_on)),
                        passes_on: None,
                    }
                } else {
                    RuleResult {
                        code: RuleCode::Age,
                        outcome: Outcome::Fail,
                        facts,
                        sentence: format!("{age}周岁，超过{max_age}周岁"),
                        passes_on: None,
                    }
                }
            }
        });
    }

    if rules.on(RuleCode::Education) {
        results.push(if f.education.trim().is_empty() || education_rank(&f.education) == 0 {
            unknown(RuleCode::Education, "学历")
        } else {
            let young = f.birth_date.map(|b| age_on(b, today) < rules.young_below_age as i64).unwrap_or(false);
            let floor = if young { &rules.young_education_floor } else { &rules.education_floor };
            let mut facts = vec![fact("最高学历", f.education.clone()), fact("要求", format!("{floor}及以上"))];
            if young {
                facts.push(fact("说明", format!("{}周岁以下", rules.young_below_age)));
            }
            if education_rank(&f.education) >= education_rank(floor) {
                RuleResult {
                    code: RuleCode::Education,
                    outcome: Outcome::Pass,
                    facts,
                    sentence: format!("{}，达到{floor}", f.education),
                    passes_on: None,
                }
            } else {
                let who = if young { format!("{}周岁以下应为", rules.young_below_age) } else { "应为".into() };
                // Under the age of the higher floor with the general floor met: time cures it.
                let grows_into = f
                    .birth_date
                    .filter(|_| young && education_rank(&f.education) >= education_rank(&rules.education_floor))
                    .map(|b| anniversary(b, rules.young_below_age));
                let mut sentence = format!("{}，{who}{floor}及以上", f.education);
                if let Some(d) = grows_into {
                    sentence.push_str(&format!(
                        "（{}年满{}周岁后适用{}要求）",
                        chinese_date(d),
                        rules.young_below_age,
                        rules.education_floor
                    ));
                }
                RuleResult { code: RuleCode::Education, outcome: Outcome::Fail, facts, sentence, passes_on: grows_into }
            }
        });
    }

    if rules.on(RuleCode::Probation) {
        results.push(match f.probation_until {
            Some(end) if end >= today => {
                let next = end.succ_opt().unwrap_or(end);
                RuleResult {
                    code: RuleCode::Probation,
                    outcome: Outcome::Fail,
                    facts: vec![fact("试用期至", end.to_string())],
                    sentence: format!("试用期内（至{}），转正后方可提任", chinese_date(end)),
                    passes_on: Some(next),
                }
            }
            _ => RuleResult {
                code: RuleCode::Probation,
                outcome: Outcome::Pass,
                facts: vec![fact("试用期", "无")],
                sentence: "不在试用期".into(),
                passes_on: None,
            },
        });
    }

    if rules.on(RuleCode::RecentPromotion) {
        results.push(match f.last_promotion {
            None => RuleResult {
                code: RuleCode::RecentPromotion,
                outcome: Outcome::Pass,
                facts: vec![fact("上次提任", "无记录")],
                sentence: "无提任记录".into(),
                passes_on: None,
            },
            Some(p) => {
                let due = months_after(p, rules.promotion_gap_months);
                let facts = vec![fact("上次提任", p.to_string()), fact("要求间隔", format!("{}个月", rules.promotion_gap_months))];
                if today >= due {
                    RuleResult {
                        code: RuleCode::RecentPromotion,
                        outcome: Outcome::Pass,
                        facts,
                        sentence: format!("上次提任于{}，已满{}个月", chinese_date(p), rules.promotion_gap_months),
                        passes_on: None,
                    }
                } else {
                    RuleResult {
                        code: RuleCode::RecentPromotion,
                        outcome: Outcome::Fail,
                        facts,
                        sentence: format!(
                            "上次提任于{}，不满{}个月（{}满）",
                            chinese_date(p),
                            rules.promotion_gap_months,
                            chinese_date(due)
                        ),
                        passes_on: Some(due),
                    }
                }
            }
        });
    }

    if rules.on(RuleCode::Grades) {
        results.push(grades_rule(rules, f, today));
    }

    if rules.on(RuleCode::Training) {
        results.push(match &f.training {
            None => unknown(RuleCode::Training, "培训学时"),
            Some(t) if t.met => RuleResult {
                code: RuleCode::Training,
                outcome: Outcome::Pass,
                facts: vec![fact("学时", t.summary.clone())],
                sentence: "培训学时达标".into(),
                passes_on: None,
            },
            Some(t) => RuleResult {
                code: RuleCode::Training,
                outcome: Outcome::Flag,
                facts: vec![fact("学时", t.summary.clone())],
                sentence: "培训学时未达标，提任后须在一年内补足".into(),
                passes_on: None,
            },
        });
    }

    let verdict = verdict_of(&results, f.birth_date, max_age, rules.on(RuleCode::Age));
    Evaluation { target: target.into(), results, verdict }
}

/// The last `grade_years` completed years (the years before today's): each at least 称职/合格, none
/// 不称职/不合格. A missing year or 不定等次 is reported and leaves the rule undecided unless
/// another year already fails it.
fn grades_rule(rules: &EligibilityRules, f: &Facts, today: NaiveDate) -> RuleResult {
    let years: Vec<i32> = (1..=rules.grade_years as i32).map(|k| today.year() - k).rev().collect();
    let mut facts = Vec::new();
    let (mut missing, mut bad, mut undetermined) = (Vec::new(), Vec::new(), Vec::new());
    for y in &years {
        match f.grades.iter().find(|(gy, _)| gy == y) {
            None => {
                missing.push(*y);
                facts.push(fact(&format!("{y}年度"), "未记录"));
            }
            Some((_, g)) => {
                facts.push(fact(&format!("{y}年度"), g.clone()));
                if is_incompetent(g) || (!at_least_competent(g) && g.trim() != "不定等次") {
                    bad.push(format!("{y}年度{g}"));
                } else if g.trim() == "不定等次" {
                    undetermined.push(*y);
                }
            }
        }
    }
    let list = |ys: &[i32]| ys.iter().map(|y| format!("{y}")).collect::<Vec<_>>().join("、");
    if !bad.is_empty() {
        return RuleResult {
            code: RuleCode::Grades,
            outcome: Outcome::Fail,
            facts,
            sentence: format!("近{}年考核有{}，应均为称职（合格）以上", rules.grade_years, bad.join("、")),
            passes_on: None,
        };
    }
    if !missing.is_empty() || !undetermined.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("缺少{}年度考核结果", list(&missing)));
        }
        if !undetermined.is_empty() {
            parts.push(format!("{}年度不定等次", list(&undetermined)));
        }
        return RuleResult {
            code: RuleCode::Grades,
            outcome: Outcome::Unknown,
            facts,
            sentence: format!("{}，请核实", parts.join("，")),
            passes_on: None,
        };
    }
    let excellent = years.iter().all(|y| f.grades.iter().any(|(gy, g)| gy == y && g.trim() == "优秀"));
    let mut sentence = format!("近{}年考核均为称职（合格）以上", rules.grade_years);
    if excellent && years.len() >= 3 {
        sentence.push_str("，连续三年优秀，可优先提任");
    }
    RuleResult { code: RuleCode::Grades, outcome: Outcome::Pass, facts, sentence, passes_on: None }
}

fn verdict_of(results: &[RuleResult], birth: Option<NaiveDate>, max_age: u32, age_on_: bool) -> Verdict {
    let fails: Vec<&RuleResult> = results.iter().filter(|r| r.outcome == Outcome::Fail).collect();
    if fails.is_empty() {
        return if results.iter().any(|r| r.outcome == Outcome::Unknown) { Verdict::Incomplete } else { Verdict::Eligible };
    }
    if fails.iter().any(|r| r.passes_on.is_none()) {
        return Verdict::NotEligible;
    }
    let Some(on) = fails.iter().filter_map(|r| r.passes_on).max() else { return Verdict::NotEligible };
    // By then the person must still be within the age ceiling.
    if age_on_ {
        if let Some(b) = birth {
            if on >= anniversary(b, max_age + 1) {
                return Verdict::NotEligible;
            }
        }
    }
    Verdict::EligibleOn(on)
}

/// "Who becomes eligible within `days` days": everyone eligible now or on a day up to
/// `today + days`, with that day (today for those eligible now), earliest first.
pub fn eligible_within<'a, K: Clone>(
    rules: &EligibilityRules,
    target: &str,
    people: impl IntoIterator<Item = (K, &'a Facts)>,
    today: NaiveDate,
    days: i64,
) -> Vec<(K, NaiveDate)> {
    let last = today + chrono::Duration::days(days);
    let mut out: Vec<(K, NaiveDate)> = people
        .into_iter()
        .filter_map(|(k, f)| match evaluate(rules, target, f, today).verdict {
            Verdict::Eligible => Some((k, today)),
            Verdict::EligibleOn(d) if d <= last => Some((k, d)),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(_, d)| *d);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A 副科级 leader for 正科级: everything in order on 2026-11-28.
    fn good() -> Facts {
        Facts {
            birth_date: Some(d(1990, 5, 10)),
            work_start: Some(d(2012, 7, 1)),
            grass_roots_years: Some(3.0),
            level: "副科级".into(),
            level_since: Some(d(2023, 6, 1)),
            education: "大学本科".into(),
            probation_until: None,
            last_promotion: Some(d(2023, 6, 1)),
            grades: vec![(2023, "称职".into()), (2024, "优秀".into()), (2025, "称职".into())],
            training: Some(TrainingFact { met: true, summary: "2026年度：培训 92/90 学时；已达标".into() }),
        }
    }

    fn today() -> NaiveDate {
        d(2026, 11, 28)
    }

    fn rule(e: &Evaluation, code: RuleCode) -> &RuleResult {
        e.results.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("no {code:?} in {e:?}"))
    }

    #[test]
    fn someone_in_order_is_eligible_and_every_rule_says_why() {
        let e = evaluate(&EligibilityRules::default(), "正科级", &good(), today());
        assert_eq!(e.verdict, Verdict::Eligible, "{e:#?}");
        // 正科级 is not a 处级 target: no work or grass-roots rule.
        assert!(e.results.iter().all(|r| r.code != RuleCode::WorkYears && r.code != RuleCode::GrassRoots));
        let y = rule(&e, RuleCode::YearsAtLevel);
        assert_eq!(y.sentence, "任副科级满2年（自2023年6月1日起）");
        assert!(y.facts.contains(&("至今".to_string(), "3年5个月".to_string())), "{:?}", y.facts);
        assert_eq!(rule(&e, RuleCode::Age).sentence, "36周岁，未超过40周岁（2031年5月10日起超龄）");
        assert_eq!(Verdict::Eligible.describe(), "符合条件");
    }

    #[test]
    fn years_at_level_pass_on_the_anniversary_itself() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.level_since = Some(d(2024, 11, 28));
        f.last_promotion = None;
        // Exactly two years on 2026-11-28: passes; one day later start: fails until the 29th.
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::YearsAtLevel).outcome, Outcome::Pass);
        f.level_since = Some(d(2024, 11, 29));
        let e = evaluate(&rules, "正科级", &f, today());
        let r = rule(&e, RuleCode::YearsAtLevel);
        assert_eq!((r.outcome, r.passes_on), (Outcome::Fail, Some(d(2026, 11, 29))));
        assert_eq!(r.sentence, "任副科级不满2年（自2024年11月29日起，2026年11月29日满2年）");
        assert_eq!(e.verdict, Verdict::EligibleOn(d(2026, 11, 29)));
        assert_eq!(e.verdict.describe(), "2026年11月29日起符合条件");
    }

    #[test]
    fn a_leap_day_start_completes_on_the_first_of_march() {
        assert_eq!(anniversary(d(2024, 2, 29), 2), d(2026, 3, 1));
        assert_eq!(anniversary(d(2024, 2, 29), 4), d(2028, 2, 29));
        assert_eq!(anniversary(d(2023, 3, 1), 1), d(2024, 3, 1));
        assert_eq!(months_after(d(2026, 1, 31), 1), d(2026, 3, 1));
        assert_eq!(months_after(d(2024, 1, 31), 1), d(2024, 3, 1));
        assert_eq!(months_after(d(2025, 12, 15), 12), d(2026, 12, 15));
        assert_eq!(months_after(d(2025, 11, 30), 3), d(2026, 3, 1));
        let rules = EligibilityRules::default();
        let mut f = good();
        f.level_since = Some(d(2024, 2, 29));
        f.last_promotion = None;
        let e = evaluate(&rules, "正科级", &f, d(2026, 2, 28));
        assert_eq!(rule(&e, RuleCode::YearsAtLevel).passes_on, Some(d(2026, 3, 1)));
        let e = evaluate(&rules, "正科级", &f, d(2026, 3, 1));
        assert_eq!(rule(&e, RuleCode::YearsAtLevel).outcome, Outcome::Pass);
    }

    #[test]
    fn the_feeder_level_decides_the_years_and_who_can_enter() {
        let rules = EligibilityRules::default();
        // A 正科级 chief for 副处级 needs three years.
        let mut f = good();
        f.level = "正科级".into();
        f.level_since = Some(d(2024, 1, 1));
        f.last_promotion = None;
        let r = evaluate(&rules, "副处级", &f, today()).results.into_iter().find(|r| r.code == RuleCode::YearsAtLevel).unwrap();
        assert_eq!(r.passes_on, Some(d(2027, 1, 1)));
        // A 科员 cannot enter the 副处级 pool, and no date would change that.
        f.level = "科员".into();
        let e = evaluate(&rules, "副处级", &f, today());
        assert_eq!(rule(&e, RuleCode::YearsAtLevel).passes_on, None);
        assert_eq!(e.verdict, Verdict::NotEligible);
        assert!(rule(&e, RuleCode::YearsAtLevel).sentence.contains("应现任正科级"));
        // Someone already at the target level.
        f.level = "正科级".into();
        assert!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::YearsAtLevel).sentence.contains("已达到或高于"));
        // 科员 for 副科级: three years.
        f.level = "科员".into();
        f.level_since = Some(d(2023, 11, 28));
        assert_eq!(rule(&evaluate(&rules, "副科级", &f, today()), RuleCode::YearsAtLevel).outcome, Outcome::Pass);
        // An unknown target.
        assert_eq!(evaluate(&rules, "厅级", &f, today()).verdict, Verdict::NotEligible);
    }

    #[test]
    fn county_targets_ask_for_work_and_grass_roots_years() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.level = "正科级".into();
        f.level_since = Some(d(2022, 1, 1));
        f.birth_date = Some(d(1985, 1, 1));
        f.work_start = Some(d(2022, 7, 1));
        f.grass_roots_years = None;
        let e = evaluate(&rules, "副处级", &f, today());
        assert_eq!(rule(&e, RuleCode::WorkYears).passes_on, Some(d(2027, 7, 1)));
        assert_eq!(rule(&e, RuleCode::GrassRoots).outcome, Outcome::Unknown);
        assert_eq!(rule(&e, RuleCode::GrassRoots).sentence, "未记录基层工作经历，无法判断，请核实");
        // A missing fact does not stop a date from being given for the rest.
        assert_eq!(e.verdict, Verdict::EligibleOn(d(2027, 7, 1)));
        f.grass_roots_years = Some(1.5);
        let e = evaluate(&rules, "副处级", &f, today());
        assert_eq!(rule(&e, RuleCode::GrassRoots).outcome, Outcome::Fail);
        assert_eq!(e.verdict, Verdict::NotEligible);
        f.grass_roots_years = Some(2.0);
        f.work_start = Some(d(2021, 11, 28));
        assert_eq!(evaluate(&rules, "副处级", &f, today()).verdict, Verdict::Eligible);
    }

    #[test]
    fn the_age_ceiling_includes_the_age_itself_and_bars_a_later_date() {
        let rules = EligibilityRules::default();
        let mut f = good();
        // 41 tomorrow (正科 ceiling 40): still within today.
        f.birth_date = Some(d(1985, 11, 29));
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Age).outcome, Outcome::Pass);
        f.birth_date = Some(d(1985, 11, 28));
        let r = evaluate(&rules, "正科级", &f, today());
        assert_eq!(rule(&r, RuleCode::Age).outcome, Outcome::Fail);
        assert_eq!(rule(&r, RuleCode::Age).sentence, "41周岁，超过40周岁");
        // Eligible by years only after turning 41: not eligible at all.
        f.birth_date = Some(d(1986, 6, 15));
        f.level_since = Some(d(2025, 8, 1));
        f.last_promotion = None;
        assert_eq!(evaluate(&rules, "正科级", &f, today()).verdict, Verdict::NotEligible);
        // Eligible before turning 41: the date stands.
        f.level_since = Some(d(2025, 6, 1));
        assert_eq!(evaluate(&rules, "正科级", &f, today()).verdict, Verdict::EligibleOn(d(2027, 6, 1)));
        // Born on a leap day: over 40 from 1 March of the year they turn 41.
        f.birth_date = Some(d(1988, 2, 29));
        f.level_since = Some(d(2020, 1, 1));
        assert!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Age).sentence.contains("2029年3月1日起超龄"));
        f.birth_date = None;
        assert_eq!(evaluate(&rules, "正科级", &f, today()).verdict, Verdict::Incomplete);
    }

    #[test]
    fn education_floor_is_higher_for_the_young() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.education = "大学专科".into();
        // 36: 大学专科 is enough.
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Education).outcome, Outcome::Pass);
        // 34: 本科 needed.
        f.birth_date = Some(d(1992, 1, 1));
        let e = evaluate(&rules, "正科级", &f, today());
        let r = rule(&e, RuleCode::Education);
        assert_eq!(r.sentence, "大学专科，35周岁以下应为大学本科及以上（2027年1月1日年满35周岁后适用大学专科要求）");
        // Time cures it: on the 35th birthday the general floor applies.
        assert_eq!(r.passes_on, Some(d(2027, 1, 1)));
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, d(2027, 1, 1)), RuleCode::Education).outcome, Outcome::Pass);
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, d(2026, 12, 31)), RuleCode::Education).outcome, Outcome::Fail);
        // Below the general floor too: no date.
        f.education = "中专".into();
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Education).passes_on, None);
        f.education = "研究生".into();
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Education).outcome, Outcome::Pass);
        f.education = "中专".into();
        f.birth_date = Some(d(1980, 1, 1));
        assert_eq!(rule(&evaluate(&rules, "副科级", &f, today()), RuleCode::Education).outcome, Outcome::Fail);
        f.education = String::new();
        assert_eq!(rule(&evaluate(&rules, "副科级", &f, today()), RuleCode::Education).outcome, Outcome::Unknown);
    }

    #[test]
    fn probation_and_a_recent_promotion_pass_on_a_date() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.probation_until = Some(d(2026, 11, 28));
        f.last_promotion = Some(d(2025, 12, 1));
        let e = evaluate(&rules, "正科级", &f, today());
        assert_eq!(rule(&e, RuleCode::Probation).passes_on, Some(d(2026, 11, 29)));
        assert_eq!(rule(&e, RuleCode::RecentPromotion).passes_on, Some(d(2026, 12, 1)));
        assert_eq!(rule(&e, RuleCode::RecentPromotion).sentence, "上次提任于2025年12月1日，不满12个月（2026年12月1日满）");
        // The latest of the dates.
        assert_eq!(e.verdict, Verdict::EligibleOn(d(2026, 12, 1)));
        // A probation that ended yesterday is over.
        f.probation_until = Some(d(2026, 11, 27));
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Probation).outcome, Outcome::Pass);
    }

    #[test]
    fn grades_missing_years_are_reported_not_guessed() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.grades = vec![(2023, "称职".into()), (2025, "合格".into())];
        let e = evaluate(&rules, "正科级", &f, today());
        let r = rule(&e, RuleCode::Grades);
        assert_eq!(r.outcome, Outcome::Unknown);
        assert_eq!(r.sentence, "缺少2024年度考核结果，请核实");
        assert_eq!(e.verdict, Verdict::Incomplete);
        f.grades.push((2024, "不称职".into()));
        let r = evaluate(&rules, "正科级", &f, today());
        assert_eq!(rule(&r, RuleCode::Grades).sentence, "近3年考核有2024年度不称职，应均为称职（合格）以上");
        assert_eq!(r.verdict, Verdict::NotEligible);
        // 基本称职 is below 称职.
        f.grades = vec![(2023, "称职".into()), (2024, "基本称职".into()), (2025, "称职".into())];
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Grades).outcome, Outcome::Fail);
        // 不定等次 (a 试用期 year) is reported.
        f.grades = vec![(2023, "称职".into()), (2024, "不定等次".into()), (2025, "称职".into())];
        assert_eq!(rule(&evaluate(&rules, "正科级", &f, today()), RuleCode::Grades).sentence, "2024年度不定等次，请核实");
        // Three years of 优秀: priority noted. Older grades are not read.
        f.grades = vec![(2022, "不称职".into()), (2023, "优秀".into()), (2024, "优秀".into()), (2025, "优秀".into())];
        let r = evaluate(&rules, "正科级", &f, today());
        assert!(rule(&r, RuleCode::Grades).sentence.ends_with("连续三年优秀，可优先提任"));
        // On 1 January the year just ended is the newest read.
        let r = evaluate(&rules, "正科级", &f, d(2027, 1, 1));
        assert_eq!(rule(&r, RuleCode::Grades).sentence, "缺少2026年度考核结果，请核实");
    }

    #[test]
    fn a_training_shortfall_is_flagged_not_a_bar() {
        let rules = EligibilityRules::default();
        let mut f = good();
        f.training = Some(TrainingFact { met: false, summary: "2026年度：培训 40/90 学时，尚差 50 学时；未达标".into() });
        let e = evaluate(&rules, "正科级", &f, today());
        assert_eq!(rule(&e, RuleCode::Training).outcome, Outcome::Flag);
        assert_eq!(rule(&e, RuleCode::Training).sentence, "培训学时未达标，提任后须在一年内补足");
        assert_eq!(e.verdict, Verdict::Eligible);
    }

    #[test]
    fn rules_switched_off_are_not_evaluated_and_values_are_checked() {
        let rules = EligibilityRules { off: vec![RuleCode::Age, RuleCode::Grades], ..EligibilityRules::default() };
        let mut f = good();
        f.birth_date = Some(d(1960, 1, 1));
        f.grades.clear();
        let e = evaluate(&rules, "正科级", &f, today());
        assert!(e.results.iter().all(|r| r.code != RuleCode::Age && r.code != RuleCode::Grades));
        assert_eq!(e.verdict, Verdict::Eligible);
        assert!(EligibilityRules::default().check().is_empty());
        let bad =
            EligibilityRules { max_age: [50, 45, 40, 10], education_floor: "小学".into(), grade_years: 0, ..EligibilityRules::default() };
        let fields: Vec<&str> = bad.check().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["max_age", "education_floor", "grade_years"]);
    }

    #[test]
    fn who_becomes_eligible_for_zhengke_in_the_next_twelve_months() {
        let rules = EligibilityRules::default();
        let now = good();
        let mut soon = good();
        soon.level_since = Some(d(2025, 3, 15));
        soon.last_promotion = Some(d(2025, 3, 15));
        let mut later = good();
        later.level_since = Some(d(2026, 1, 1));
        later.last_promotion = None;
        let mut never = good();
        never.level = "科员".into();
        let mut incomplete = good();
        incomplete.grades.clear();
        let people = [(1, &now), (2, &soon), (3, &later), (4, &never), (5, &incomplete)];
        let found = eligible_within(&rules, "正科级", people, today(), 365);
        assert_eq!(found, vec![(1, today()), (2, d(2027, 3, 15))]);
        // Over two years, the one who started in 2026 joins.
        let found = eligible_within(&rules, "正科级", people, today(), 800);
        assert_eq!(found.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![1, 2, 3]);
    }
}
