//! Expected statutory retirement, with the gradual rise from 2025 (全国人大常委会关于实施渐进式
//! 延迟法定退休年龄的决定): the rules are data, shipped with the national defaults, so a locality
//! can change them without a release.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which original retirement age applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetirementGroup {
    /// Men: 60 rising to 63.
    Men,
    /// Women in cadre, management and professional posts: 55 rising to 58.
    Women55,
    /// Women in worker posts: 50 rising to 55.
    Women50,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetirementRule {
    pub group: RetirementGroup,
    /// The original age, in months.
    pub base_age_months: u32,
    /// People born in this month or later get the delay.
    pub first_birth_year: i32,
    pub first_birth_month: u32,
    /// One more month of delay for every this many months of birth.
    pub birth_months_per_step: u32,
    pub max_delay_months: u32,
}

pub fn default_rules() -> Vec<RetirementRule> {
    vec![
        RetirementRule {
            group: RetirementGroup::Men,
            base_age_months: 60 * 12,
            first_birth_year: 1965,
            first_birth_month: 1,
            birth_months_per_step: 4,
            max_delay_months: 36,
        },
        RetirementRule {
            group: RetirementGroup::Women55,
            base_age_months: 55 * 12,
            first_birth_year: 1970,
            first_birth_month: 1,
            birth_months_per_step: 4,
            max_delay_months: 36,
        },
        RetirementRule {
            group: RetirementGroup::Women50,
            base_age_months: 50 * 12,
            first_birth_year: 1975,
            first_birth_month: 1,
            birth_months_per_step: 2,
            max_delay_months: 60,
        },
    ]
}

impl RetirementRule {
    /// Retirement age in months for someone born in `birth`'s month.
    pub fn age_months(&self, birth: NaiveDate) -> u32 {
        let born = birth.year() * 12 + birth.month0() as i32;
        let first = self.first_birth_year * 12 + self.first_birth_month as i32 - 1;
        if born < first {
            return self.base_age_months;
        }
        let steps = (born - first) as u32 / self.birth_months_per_step.max(1) + 1;
        self.base_age_months + steps.min(self.max_delay_months)
    }

    /// The day the person reaches the retirement age (a 29 February birthday falls on the last
    /// day of February in other years).
    pub fn date(&self, birth: NaiveDate) -> Option<NaiveDate> {
        birth.checked_add_months(Months::new(self.age_months(birth)))
    }
}

pub fn rule_for(rules: &[RetirementRule], group: RetirementGroup) -> Option<&RetirementRule> {
    rules.iter().find(|r| r.group == group)
}

/// Format an age in months as 「60岁3个月」.
pub fn age_label(months: u32) -> String {
    match months % 12 {
        0 => format!("{}岁", months / 12),
        m => format!("{}岁{}个月", months / 12, m),
    }
}

impl RetirementGroup {
    /// In the order the rules page shows them.
    pub const ALL: [RetirementGroup; 3] = [RetirementGroup::Men, RetirementGroup::Women55, RetirementGroup::Women50];

    /// The row heading on the rules page.
    pub fn label(self) -> &'static str {
        match self {
            RetirementGroup::Men => "男：原 60 周岁",
            RetirementGroup::Women55 => "女（管理、专业技术岗位）：原 55 周岁",
            RetirementGroup::Women50 => "女（工勤技能岗位）：原 50 周岁",
        }
    }

    /// The group as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            RetirementGroup::Men => "男职工",
            RetirementGroup::Women55 => "女职工（管理、专业技术岗位）",
            RetirementGroup::Women50 => "女职工（工勤技能岗位）",
        }
    }

    fn index(self) -> usize {
        match self {
            RetirementGroup::Men => 0,
            RetirementGroup::Women55 => 1,
            RetirementGroup::Women50 => 2,
        }
    }

    /// The form field of one number of this group's rule (`men.max_delay_months`): the server
    /// names it in its messages, the page puts the message under that input.
    pub fn field(self, f: RuleField) -> &'static str {
        const NAMES: [[&str; 5]; 3] = [
            ["men.base_age_months", "men.first_birth_year", "men.first_birth_month", "men.birth_months_per_step", "men.max_delay_months"],
            [
                "women55.base_age_months",
                "women55.first_birth_year",
                "women55.first_birth_month",
                "women55.birth_months_per_step",
                "women55.max_delay_months",
            ],
            [
                "women50.base_age_months",
                "women50.first_birth_year",
                "women50.first_birth_month",
                "women50.birth_months_per_step",
                "women50.max_delay_months",
            ],
        ];
        NAMES[self.index()][f as usize]
    }
}

/// The numbers of a rule HR may change, in the order the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleField {
    /// Stored in months, entered in whole years.
    BaseAge = 0,
    FirstBirthYear = 1,
    FirstBirthMonth = 2,
    MonthsPerStep = 3,
    MaxDelay = 4,
}

impl RuleField {
    pub const ALL: [RuleField; 5] =
        [RuleField::BaseAge, RuleField::FirstBirthYear, RuleField::FirstBirthMonth, RuleField::MonthsPerStep, RuleField::MaxDelay];

    /// The column heading on the rules page (and the noun in messages).
    pub fn label(self) -> &'static str {
        match self {
            RuleField::BaseAge => "原退休年龄（周岁）",
            RuleField::FirstBirthYear => "开始延迟的出生年份",
            RuleField::FirstBirthMonth => "开始延迟的出生月份",
            RuleField::MonthsPerStep => "每延迟 1 个月对应的出生月数",
            RuleField::MaxDelay => "最多延迟月数",
        }
    }

    /// The stored value.
    pub fn get(self, r: &RetirementRule) -> i64 {
        match self {
            RuleField::BaseAge => r.base_age_months as i64,
            RuleField::FirstBirthYear => r.first_birth_year as i64,
            RuleField::FirstBirthMonth => r.first_birth_month as i64,
            RuleField::MonthsPerStep => r.birth_months_per_step as i64,
            RuleField::MaxDelay => r.max_delay_months as i64,
        }
    }

    /// Store a value that [`check_value`] accepted.
    pub fn set(self, r: &mut RetirementRule, v: i64) {
        match self {
            RuleField::BaseAge => r.base_age_months = v.clamp(0, u32::MAX as i64) as u32,
            RuleField::FirstBirthYear => r.first_birth_year = v.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
            RuleField::FirstBirthMonth => r.first_birth_month = v.clamp(0, u32::MAX as i64) as u32,
            RuleField::MonthsPerStep => r.birth_months_per_step = v.clamp(0, u32::MAX as i64) as u32,
            RuleField::MaxDelay => r.max_delay_months = v.clamp(0, u32::MAX as i64) as u32,
        }
    }
}

/// Why one stored value of a group's rule is out of range (`None`: it is fine). The base age is
/// checked in months (whole years, 40–70); the message names the group and the value.
pub fn check_value(group: RetirementGroup, field: RuleField, v: i64) -> Option<String> {
    let name = group.name();
    let label = field.label();
    if field == RuleField::BaseAge {
        let shown = if v >= 0 && v % 12 == 0 {
            format!("{} 周岁", v / 12)
        } else if v >= 0 {
            age_label(v as u32)
        } else {
            format!("{v} 个月")
        };
        if !(40 * 12..=70 * 12).contains(&v) {
            return Some(format!("{name}的原退休年龄应在 40 到 70 周岁之间（填写的是 {shown}）"));
        }
        if v % 12 != 0 {
            return Some(format!("{name}的原退休年龄应为整周岁（填写的是 {shown}）"));
        }
        return None;
    }
    let (lo, hi) = match field {
        RuleField::FirstBirthYear => (1900, 2100),
        RuleField::FirstBirthMonth => (1, 12),
        RuleField::MonthsPerStep => (1, 24),
        RuleField::MaxDelay => (0, 120),
        RuleField::BaseAge => unreachable!(),
    };
    (!(lo..=hi).contains(&v)).then(|| format!("{name}的{label}应在 {lo} 到 {hi} 之间（填写的是 {v}）"))
}

/// Check a whole rule set: exactly one rule per group, every number in range. Each problem comes
/// with the field it belongs to (`rules` for a missing or repeated group).
pub fn validate_rules(rules: &[RetirementRule]) -> Vec<(&'static str, String)> {
    let mut errs = Vec::new();
    for g in RetirementGroup::ALL {
        match rules.iter().filter(|r| r.group == g).count() {
            0 => errs.push(("rules", format!("缺少{}的退休规则", g.name()))),
            1 => {}
            n => errs.push(("rules", format!("{}的退休规则重复（共 {n} 条），每类人员只能有一条", g.name()))),
        }
    }
    for r in rules {
        for f in RuleField::ALL {
            if let Some(m) = check_value(r.group, f, f.get(r)) {
                let field = r.group.field(f);
                if !errs.iter().any(|(k, _)| *k == field) {
                    errs.push((field, m));
                }
            }
        }
    }
    errs
}

/// The rules in the page's group order (for storing and comparing).
pub fn normalise(mut rules: Vec<RetirementRule>) -> Vec<RetirementRule> {
    rules.sort_by_key(|r| r.group.index());
    rules
}

impl RetirementRule {
    /// The highest age the rule reaches (the original age plus the full delay).
    pub fn final_age_months(&self) -> u32 {
        self.base_age_months + self.max_delay_months
    }

    /// The first birth month (year, month) that gets the full delay; `None` when there is no delay.
    pub fn full_delay_from(&self) -> Option<(i32, u32)> {
        if self.max_delay_months == 0 {
            return None;
        }
        let first = self.first_birth_year as i64 * 12 + self.first_birth_month as i64 - 1;
        let m = first + (self.max_delay_months as i64 - 1) * self.birth_months_per_step.max(1) as i64;
        Some(((m.div_euclid(12)) as i32, (m.rem_euclid(12) + 1) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rule(g: RetirementGroup) -> RetirementRule {
        rule_for(&default_rules(), g).unwrap().clone()
    }

    #[test]
    fn men_before_the_reform_retire_at_60() {
        let r = rule(RetirementGroup::Men);
        assert_eq!(r.age_months(d(1964, 12, 31)), 720);
        assert_eq!(r.date(d(1964, 12, 31)), Some(d(2024, 12, 31)));
    }

    #[test]
    fn men_rise_one_month_per_four_months_of_birth() {
        let r = rule(RetirementGroup::Men);
        assert_eq!(r.age_months(d(1965, 1, 10)), 721);
        assert_eq!(r.date(d(1965, 1, 10)), Some(d(2025, 2, 10)));
        assert_eq!(r.age_months(d(1965, 4, 1)), 721);
        assert_eq!(r.age_months(d(1965, 5, 1)), 722);
        assert_eq!(age_label(r.age_months(d(1971, 1, 1))), "61岁7个月");
        // 63 from September 1976 on, and never more.
        assert_eq!(r.age_months(d(1976, 8, 1)), 755);
        assert_eq!(r.age_months(d(1976, 9, 1)), 756);
        assert_eq!(r.age_months(d(1990, 1, 1)), 756);
    }

    #[test]
    fn women_groups() {
        let w55 = rule(RetirementGroup::Women55);
        assert_eq!(w55.age_months(d(1969, 12, 1)), 660);
        assert_eq!(w55.age_months(d(1970, 1, 1)), 661);
        assert_eq!(w55.age_months(d(1981, 9, 1)), 696);
        let w50 = rule(RetirementGroup::Women50);
        assert_eq!(w50.age_months(d(1975, 1, 1)), 601);
        assert_eq!(w50.age_months(d(1975, 3, 1)), 602);
        assert_eq!(w50.age_months(d(1984, 11, 1)), 660);
        assert_eq!(w50.age_months(d(1999, 1, 1)), 660);
    }

    #[test]
    fn leap_day_birthdays_and_month_ends() {
        let r = rule(RetirementGroup::Men);
        // Born 29 Feb 1968: 37 months after the first cohort, delay 10 → 60y10m → 29 Dec 2028.
        assert_eq!(r.date(d(1968, 2, 29)), Some(d(2028, 12, 29)));
        // Born 29 Feb 1976: delay 34 → 62y10m → 29 Dec 2038.
        assert_eq!(r.date(d(1976, 2, 29)), Some(d(2038, 12, 29)));
        let w = rule(RetirementGroup::Women55);
        // Born 29 Feb 1968, before the reform: 55 → 28 Feb 2023 (not a leap year).
        assert_eq!(w.date(d(1968, 2, 29)), Some(d(2023, 2, 28)));
        // Born 31 Jan 1972: delay 7 → 55y7m → 31 Aug 2027.
        assert_eq!(w.date(d(1972, 1, 31)), Some(d(2027, 8, 31)));
        // Born 29 Feb 1976: delay 19 → 56y7m → 29 Sep 2032.
        assert_eq!(w.date(d(1976, 2, 29)), Some(d(2032, 9, 29)));
        let w50 = rule(RetirementGroup::Women50);
        // Born 31 Dec 1975: delay 6 → 50y6m → 30 June 2026 (June has no 31st).
        assert_eq!(w50.date(d(1975, 12, 31)), Some(d(2026, 6, 30)));
        // Born 30 Jun 1975: delay 3 → 50y3m → 30 Sep 2025.
        assert_eq!(w50.date(d(1975, 6, 30)), Some(d(2025, 9, 30)));
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn the_national_defaults_are_valid_and_reach_the_new_ages() {
        let rules = default_rules();
        assert!(validate_rules(&rules).is_empty(), "{:?}", validate_rules(&rules));
        let men = rule_for(&rules, RetirementGroup::Men).unwrap();
        assert_eq!(age_label(men.final_age_months()), "63岁");
        assert_eq!(men.full_delay_from(), Some((1976, 9)));
        let w55 = rule_for(&rules, RetirementGroup::Women55).unwrap();
        assert_eq!(age_label(w55.final_age_months()), "58岁");
        assert_eq!(w55.full_delay_from(), Some((1981, 9)));
        let w50 = rule_for(&rules, RetirementGroup::Women50).unwrap();
        assert_eq!(age_label(w50.final_age_months()), "55岁");
        assert_eq!(w50.full_delay_from(), Some((1984, 11)));
        // The month the full delay starts is where the arithmetic reaches it.
        for r in &rules {
            let (y, m) = r.full_delay_from().unwrap();
            let at = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
            assert_eq!(r.age_months(at), r.final_age_months());
            let before = at.checked_sub_months(Months::new(1)).unwrap();
            assert_eq!(r.age_months(before), r.final_age_months() - 1);
        }
        let mut none = men.clone();
        none.max_delay_months = 0;
        assert_eq!(none.full_delay_from(), None);
        assert_eq!(none.final_age_months(), 720);
    }

    #[test]
    fn one_rule_per_group() {
        let mut rules = default_rules();
        rules.remove(2);
        let errs = validate_rules(&rules);
        assert_eq!(errs, vec![("rules", "缺少女职工（工勤技能岗位）的退休规则".to_string())]);
        let mut rules = default_rules();
        rules.push(rules[0].clone());
        let errs = validate_rules(&rules);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, "rules");
        assert!(errs[0].1.contains("男职工") && errs[0].1.contains("重复"), "{errs:?}");
        assert!(validate_rules(&[]).len() == 3);
    }

    #[test]
    fn ranges_name_the_group_and_the_value() {
        let with = |g: RetirementGroup, f: RuleField, v: i64| {
            let mut rules = default_rules();
            let r = rules.iter_mut().find(|r| r.group == g).unwrap();
            f.set(r, v);
            validate_rules(&rules)
        };
        let e = with(RetirementGroup::Men, RuleField::BaseAge, 75 * 12);
        assert_eq!(e, vec![("men.base_age_months", "男职工的原退休年龄应在 40 到 70 周岁之间（填写的是 75 周岁）".to_string())]);
        let e = with(RetirementGroup::Women55, RuleField::BaseAge, 39 * 12);
        assert_eq!(e[0].0, "women55.base_age_months");
        assert!(e[0].1.contains("女职工（管理、专业技术岗位）") && e[0].1.contains("39 周岁"), "{e:?}");
        let e = with(RetirementGroup::Men, RuleField::BaseAge, 60 * 12 + 6);
        assert_eq!(e, vec![("men.base_age_months", "男职工的原退休年龄应为整周岁（填写的是 60岁6个月）".to_string())]);
        // Edges are allowed.
        for (f, lo, hi) in [
            (RuleField::BaseAge, 480, 840),
            (RuleField::FirstBirthYear, 1900, 2100),
            (RuleField::FirstBirthMonth, 1, 12),
            (RuleField::MonthsPerStep, 1, 24),
            (RuleField::MaxDelay, 0, 120),
        ] {
            assert!(with(RetirementGroup::Women50, f, lo).is_empty(), "{f:?} {lo}");
            assert!(with(RetirementGroup::Women50, f, hi).is_empty(), "{f:?} {hi}");
            let step = if f == RuleField::BaseAge { 12 } else { 1 };
            for v in [lo - step, hi + step] {
                if v < 0 {
                    // Cannot be stored (unsigned); the page checks typed numbers with check_value.
                    assert!(check_value(RetirementGroup::Women50, f, v).is_some(), "{f:?} {v}");
                    continue;
                }
                let e = with(RetirementGroup::Women50, f, v);
                assert_eq!(e.len(), 1, "{f:?} {v}: {e:?}");
                assert_eq!(e[0].0, RetirementGroup::Women50.field(f));
                assert!(e[0].1.starts_with("女职工（工勤技能岗位）的"), "{e:?}");
            }
        }
        let e = with(RetirementGroup::Women50, RuleField::MonthsPerStep, 0);
        assert_eq!(e[0].1, "女职工（工勤技能岗位）的每延迟 1 个月对应的出生月数应在 1 到 24 之间（填写的是 0）");
        let e = with(RetirementGroup::Men, RuleField::FirstBirthMonth, 13);
        assert_eq!(e[0].1, "男职工的开始延迟的出生月份应在 1 到 12 之间（填写的是 13）");
        let e = with(RetirementGroup::Men, RuleField::MaxDelay, 121);
        assert_eq!(e[0].1, "男职工的最多延迟月数应在 0 到 120 之间（填写的是 121）");
        // Negative numbers (typed on the page) are reported, not wrapped.
        assert_eq!(
            check_value(RetirementGroup::Men, RuleField::MaxDelay, -1).unwrap(),
            "男职工的最多延迟月数应在 0 到 120 之间（填写的是 -1）"
        );
        assert!(check_value(RetirementGroup::Men, RuleField::BaseAge, -12).unwrap().contains("40 到 70"));
    }

    #[test]
    fn every_field_has_its_own_name() {
        let mut names: Vec<&str> = RetirementGroup::ALL.iter().flat_map(|g| RuleField::ALL.map(|f| g.field(f))).collect();
        assert!(names.iter().all(|n| n.contains('.')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 15);
    }

    #[test]
    fn rules_survive_json_and_normalise_orders_them() {
        let mut rules = default_rules();
        rules.reverse();
        let back: Vec<RetirementRule> = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
        assert_eq!(normalise(back), default_rules());
    }
}

/// Age bands used in statistics: ≤30, 31–35, 36–40, 41–45, 46–50, 51–55, >55.
pub const AGE_BANDS: [&str; 7] = ["30岁及以下", "31–35岁", "36–40岁", "41–45岁", "46–50岁", "51–55岁", "55岁以上"];

pub fn age_band(age: i64) -> usize {
    match age {
        i64::MIN..=30 => 0,
        31..=35 => 1,
        36..=40 => 2,
        41..=45 => 3,
        46..=50 => 4,
        51..=55 => 5,
        _ => 6,
    }
}

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn band_edges() {
        assert_eq!(age_band(23), 0);
        assert_eq!(age_band(30), 0);
        assert_eq!(age_band(31), 1);
        assert_eq!(age_band(35), 1);
        assert_eq!(age_band(36), 2);
        assert_eq!(age_band(50), 4);
        assert_eq!(age_band(55), 5);
        assert_eq!(age_band(56), 6);
        assert_eq!(AGE_BANDS.len(), 7);
    }
}
