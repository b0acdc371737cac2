//! Roster statistics from plain rows: counts by category, age bands by level, retirements.

use super::retirement::{age_band, rule_for, RetirementGroup, RetirementRule, AGE_BANDS};
use super::time::age_on;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the statistics need of one active person.
#[derive(Clone, Debug)]
pub struct StatRow {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub sex: String,
    pub birth_date: String,
    pub level: String,
    pub education: String,
    pub political: String,
    pub establishment: String,
    pub post_category: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Count {
    pub label: String,
    pub n: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Retiring {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub date: String,
    pub age: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Summary {
    pub total: i64,
    pub sex: Vec<Count>,
    pub education: Vec<Count>,
    pub political: Vec<Count>,
    pub establishment: Vec<Count>,
    pub age_bands: Vec<Count>,
    /// Per level: counts in each age band, in the order of `AGE_BANDS`.
    pub age_by_level: Vec<(String, Vec<i64>)>,
    pub retiring_12: Vec<Retiring>,
    pub retiring_24: i64,
}

fn tally(rows: &[StatRow], order: &[&str], key: impl Fn(&StatRow) -> &str) -> Vec<Count> {
    let mut out: Vec<Count> = order.iter().map(|l| Count { label: l.to_string(), n: 0 }).collect();
    for r in rows {
        let k = key(r);
        let k = if k.is_empty() { "未填写" } else { k };
        match out.iter_mut().find(|c| c.label == k) {
            Some(c) => c.n += 1,
            None => out.push(Count { label: k.to_string(), n: 1 }),
        }
    }
    out.retain(|c| c.n > 0 || order.contains(&c.label.as_str()));
    out
}

pub fn retirement_group(sex: &str, post_category: &str, establishment: &str) -> RetirementGroup {
    match (sex, post_category, establishment) {
        ("男", _, _) => RetirementGroup::Men,
        (_, "工勤技能岗位", _) | (_, _, "工勤编制") => RetirementGroup::Women50,
        _ => RetirementGroup::Women55,
    }
}

/// The statistics of `rows` on `today`; expected retirements follow `rules` (the stored ones).
pub fn summarise(rows: &[StatRow], today: NaiveDate, rules: &[RetirementRule]) -> Summary {
    use super::roster::{EDUCATION, ESTABLISHMENTS, LEVELS};
    let mut age_bands = vec![0i64; AGE_BANDS.len()];
    let mut by_level: Vec<(String, Vec<i64>)> = LEVELS.iter().map(|l| (l.to_string(), vec![0; AGE_BANDS.len()])).collect();
    let mut retiring_12 = Vec::new();
    let mut retiring_24 = 0;
    let in_12 = today.checked_add_months(chrono::Months::new(12)).unwrap_or(today);
    let in_24 = today.checked_add_months(chrono::Months::new(24)).unwrap_or(today);
    for r in rows {
        let Ok(birth) = NaiveDate::parse_from_str(&r.birth_date, "%Y-%m-%d") else { continue };
        let band = age_band(age_on(birth, today));
        age_bands[band] += 1;
        if let Some((_, v)) = by_level.iter_mut().find(|(l, _)| *l == r.level) {
            v[band] += 1;
        }
        if let Some(rule) = rule_for(rules, retirement_group(&r.sex, &r.post_category, &r.establishment)) {
            if let Some(date) = rule.date(birth) {
                if date >= today && date < in_24 {
                    retiring_24 += 1;
                    if date < in_12 {
                        retiring_12.push(Retiring {
                            id: r.id,
                            name: r.name.clone(),
                            unit_name: r.unit_name.clone(),
                            level: r.level.clone(),
                            date: date.to_string(),
                            age: super::retirement::age_label(rule.age_months(birth)),
                        });
                    }
                }
            }
        }
    }
    retiring_12.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    by_level.retain(|(_, v)| v.iter().sum::<i64>() > 0);
    Summary {
        total: rows.len() as i64,
        sex: tally(rows, &["男", "女"], |r| &r.sex),
        education: tally(rows, EDUCATION, |r| &r.education),
        political: tally(rows, &["中共党员", "中共预备党员", "共青团员", "群众"], |r| &r.political),
        establishment: tally(rows, ESTABLISHMENTS, |r| &r.establishment),
        age_bands: AGE_BANDS.iter().zip(age_bands).map(|(l, n)| Count { label: l.to_string(), n }).collect(),
        age_by_level: by_level,
        retiring_12,
        retiring_24,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retirement::default_rules;

    fn row(id: i64, sex: &str, birth: &str, level: &str) -> StatRow {
        StatRow {
            id,
            name: format!("人{id}"),
            unit_name: "办公室".into(),
            sex: sex.into(),
            birth_date: birth.into(),
            level: level.into(),
            education: "大学本科".into(),
            political: "群众".into(),
            establishment: "事业编制".into(),
            post_category: "管理岗位".into(),
        }
    }

    #[test]
    fn counts_bands_and_retirements() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let rows = vec![
            row(1, "男", "1996-11-28", "科员"),   // 30 today: band ≤30
            row(2, "男", "1996-11-27", "科员"),   // 30 yesterday too
            row(3, "女", "1972-01-01", "正科级"), // women 55 group: 55y7m → 2027-08-01, within 12 months
            row(4, "男", "1967-09-15", "副处级"), // men: 60y9m → 2028-06-15, within 24 months
            row(5, "男", "1990-01-01", "科员"),
        ];
        let s = summarise(&rows, today, &default_rules());
        assert_eq!(s.total, 5);
        assert_eq!(s.sex, vec![Count { label: "男".into(), n: 4 }, Count { label: "女".into(), n: 1 }]);
        assert_eq!(s.age_bands[0].n, 2);
        assert_eq!(s.age_bands[1].n, 0);
        assert_eq!(s.age_bands[2].n, 1);
        assert_eq!(s.retiring_12.len(), 1);
        assert_eq!(s.retiring_12[0].date, "2027-08-01");
        assert_eq!(s.retiring_12[0].age, "55岁7个月");
        assert_eq!(s.retiring_24, 2);
        let kg = s.age_by_level.iter().find(|(l, _)| l == "科员").unwrap();
        assert_eq!(kg.1.iter().sum::<i64>(), 3);
    }

    #[test]
    fn retirements_follow_the_given_rules() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        // Men: 60y9m under the national rules → 2028-06-15, outside 12 months.
        let rows = vec![row(4, "男", "1967-09-15", "副处级")];
        let s = summarise(&rows, today, &default_rules());
        assert!(s.retiring_12.is_empty());
        assert_eq!(s.retiring_24, 1);
        // A locality that keeps 60 for men born before 1970 retires him on his 60th birthday,
        // within 12 months; one with a lower original age already did.
        let mut rules = default_rules();
        rules[0].first_birth_year = 1970;
        let s = summarise(&rows, today, &rules);
        assert_eq!(s.retiring_12.len(), 1);
        assert_eq!(s.retiring_12[0].date, "2027-09-15");
        assert_eq!(s.retiring_12[0].age, "60岁");
        let mut rules = default_rules();
        rules[0].base_age_months = 55 * 12;
        let s = summarise(&rows, today, &rules);
        assert!(s.retiring_12.is_empty());
        assert_eq!(s.retiring_24, 0);
        let mut rules = default_rules();
        rules[0].birth_months_per_step = 24;
        // 32 months after the first cohort: delay 32/24 + 1 = 2 → 60y2m → 2027-11-15.
        let s = summarise(&rows, today, &rules);
        assert_eq!(s.retiring_12.len(), 1);
        assert_eq!(s.retiring_12[0].date, "2027-11-15");
        assert_eq!(s.retiring_12[0].age, "60岁2个月");
        // No rule for a group: nobody of it is listed.
        let s = summarise(&rows, today, &rules[1..]);
        assert_eq!(s.retiring_24, 0);
    }
}
