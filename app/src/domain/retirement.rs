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
        RetirementRule { group: RetirementGroup::Men, base_age_months: 60 * 12, first_birth_year: 1965, first_birth_month: 1, birth_months_per_step: 4, max_delay_months: 36 },
        RetirementRule { group: RetirementGroup::Women55, base_age_months: 55 * 12, first_birth_year: 1970, first_birth_month: 1, birth_months_per_step: 4, max_delay_months: 36 },
        RetirementRule { group: RetirementGroup::Women50, base_age_months: 50 * 12, first_birth_year: 1975, first_birth_month: 1, birth_months_per_step: 2, max_delay_months: 60 },
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
