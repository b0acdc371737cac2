//! The cadre record: allowed values and validation, with messages in Chinese that name the
//! field and the values at fault.

use super::id_number::{IdNumber, Sex};
use super::time::age_on;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const ESTABLISHMENTS: &[&str] = &["行政编制", "参公事业编制", "事业编制", "工勤编制", "编外聘用"];
pub const STATUSES: &[&str] = &["在职", "退休", "调出", "辞职", "辞退", "去世"];
pub const LEVELS: &[&str] = &["正处级", "副处级", "正科级", "副科级", "科员", "办事员", "无"];
pub const LEADER_LEVELS: &[&str] = &["正处级", "副处级", "正科级", "副科级"];
pub const POLITICAL: &[&str] = &[
    "中共党员",
    "中共预备党员",
    "共青团员",
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
    "无党派人士",
    "群众",
];
pub const EDUCATION: &[&str] = &["研究生", "大学本科", "大学专科", "中专", "高中及以下"];
pub const DEGREES: &[&str] = &["博士", "硕士", "学士", "无"];
pub const POST_CATEGORIES: &[&str] = &["管理岗位", "专业技术岗位", "工勤技能岗位"];
pub const CIVIL_RANKS: &[&str] = &[
    "一级调研员",
    "二级调研员",
    "三级调研员",
    "四级调研员",
    "一级主任科员",
    "二级主任科员",
    "三级主任科员",
    "四级主任科员",
    "一级科员",
    "二级科员",
];
pub const ETHNICITIES: &[&str] = &[
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
];

/// Rank of a 职务层次 for ordering: 正处级 1 … 办事员 6, 无 or unknown 7.
pub fn level_rank(level: &str) -> i64 {
    LEVELS.iter().position(|l| *l == level && *l != "无").map(|p| p as i64 + 1).unwrap_or(7)
}

/// Rank of an education level (higher is more); unknown is lowest.
pub fn education_rank(level: &str) -> usize {
    EDUCATION.iter().position(|e| *e == level).map(|p| EDUCATION.len() - p).unwrap_or(0)
}

pub fn highest_education<'a>(full: &'a str, part: &'a str) -> &'a str {
    if education_rank(part) > education_rank(full) {
        part
    } else {
        full
    }
}

/// Every field of the record except the ID number, as the forms and tables carry them.
/// Dates are `YYYY-MM-DD` or empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PersonFields {
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub native_place: String,
    pub birth_place: String,
    pub political_status: String,
    pub party_date: String,
    pub work_start: String,
    pub join_unit_date: String,
    pub edu_full: String,
    pub degree_full: String,
    pub school_full: String,
    pub major_full: String,
    pub edu_part: String,
    pub degree_part: String,
    pub school_part: String,
    pub major_part: String,
    pub establishment: String,
    pub status: String,
    pub status_date: String,
    pub unit_id: i64,
    pub position: String,
    pub level: String,
    pub civil_rank: String,
    pub post_category: String,
    pub post_grade: String,
    pub position_date: String,
    pub rank_date: String,
    pub professional_title: String,
    pub phone: String,
    pub remarks: String,
}

/// Field names as shown to users, for messages and the change history.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "姓名",
        "sex" => "性别",
        "ethnicity" => "民族",
        "birth_date" => "出生日期",
        "native_place" => "籍贯",
        "birth_place" => "出生地",
        "id_number" | "id_masked" => "身份证号",
        "political_status" => "政治面貌",
        "party_date" => "入党时间",
        "work_start" => "参加工作时间",
        "join_unit_date" => "进入本单位时间",
        "edu_full" => "全日制学历",
        "degree_full" => "全日制学位",
        "school_full" => "全日制毕业院校",
        "major_full" => "全日制专业",
        "edu_part" => "在职学历",
        "degree_part" => "在职学位",
        "school_part" => "在职毕业院校",
        "major_part" => "在职专业",
        "establishment" => "编制类别",
        "status" => "人员状态",
        "status_date" => "状态变动日期",
        "unit_id" => "部室",
        "position" => "现职务",
        "level" => "职务层次",
        "civil_rank" => "职级",
        "post_category" => "岗位类别",
        "post_grade" => "岗位等级",
        "position_date" => "任现职时间",
        "rank_date" => "任现职级时间",
        "professional_title" => "专业技术职务",
        "phone" => "联系电话",
        "remarks" => "备注",
        _ => "",
    }
}

pub type FieldErrors = Vec<(&'static str, String)>;

fn date(errs: &mut FieldErrors, field: &'static str, value: &str, required: bool, today: NaiveDate) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errs.push((field, format!("请填写{}", field_label(field))));
        }
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if d > today => {
            errs.push((field, format!("{}不能晚于今天（填写的是 {v}）", field_label(field))));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errs.push((field, format!("{}“{v}”不是有效日期，格式为 年-月-日，如 1990-07-01", field_label(field))));
            None
        }
    }
}

fn one_of(errs: &mut FieldErrors, field: &'static str, value: &str, allowed: &[&str], required: bool) {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errs.push((field, format!("请选择{}", field_label(field))));
        }
    } else if !allowed.contains(&v) {
        errs.push((field, format!("{}“{v}”不在可选范围内（{}）", field_label(field), allowed.join("、"))));
    }
}

fn max_len(errs: &mut FieldErrors, field: &'static str, value: &str, n: usize) {
    if value.chars().count() > n {
        errs.push((field, format!("{}不能超过 {n} 个字", field_label(field))));
    }
}

/// Check a record. `id_number`: the typed number, or `None` when it is not being changed.
/// Returns the parsed ID number when one was given.
pub fn validate(f: &PersonFields, id_number: Option<&str>, today: NaiveDate) -> Result<Option<IdNumber>, FieldErrors> {
    let mut errs: FieldErrors = Vec::new();
    let name = f.name.trim();
    if name.is_empty() {
        errs.push(("name", "请填写姓名".into()));
    }
    max_len(&mut errs, "name", name, 30);
    one_of(&mut errs, "sex", &f.sex, &["男", "女"], true);
    one_of(&mut errs, "ethnicity", &f.ethnicity, ETHNICITIES, true);
    let birth = date(&mut errs, "birth_date", &f.birth_date, true, today);
    if let Some(b) = birth {
        let age = age_on(b, today);
        if !(16..=110).contains(&age) {
            errs.push(("birth_date", format!("出生日期 {b} 对应年龄 {age} 岁，超出合理范围")));
        }
    }
    for (field, v) in [
        ("native_place", &f.native_place),
        ("birth_place", &f.birth_place),
        ("school_full", &f.school_full),
        ("major_full", &f.major_full),
        ("school_part", &f.school_part),
        ("major_part", &f.major_part),
        ("position", &f.position),
        ("professional_title", &f.professional_title),
    ] {
        max_len(&mut errs, field, v, 60);
    }
    max_len(&mut errs, "remarks", &f.remarks, 500);
    one_of(&mut errs, "political_status", &f.political_status, POLITICAL, true);
    let party = date(&mut errs, "party_date", &f.party_date, false, today);
    let is_party = matches!(f.political_status.trim(), "中共党员" | "中共预备党员");
    if is_party && f.party_date.trim().is_empty() {
        errs.push(("party_date", "中共党员、预备党员须填写入党时间".into()));
    }
    if !is_party && !f.party_date.trim().is_empty() {
        errs.push(("party_date", format!("政治面貌为“{}”，不应填写入党时间", f.political_status.trim())));
    }
    if let (Some(b), Some(p)) = (birth, party) {
        if age_on(b, p) < 18 {
            errs.push(("party_date", format!("入党时间 {p} 时未满 18 周岁（出生日期 {b}）")));
        }
    }
    let work = date(&mut errs, "work_start", &f.work_start, true, today);
    if let (Some(b), Some(w)) = (birth, work) {
        if age_on(b, w) < 16 {
            errs.push(("work_start", format!("参加工作时间 {w} 时未满 16 周岁（出生日期 {b}）")));
        }
    }
    let joined = date(&mut errs, "join_unit_date", &f.join_unit_date, false, today);
    if let (Some(w), Some(j)) = (work, joined) {
        if j < w {
            errs.push(("join_unit_date", format!("进入本单位时间 {j} 早于参加工作时间 {w}")));
        }
    }
    one_of(&mut errs, "edu_full", &f.edu_full, EDUCATION, false);
    one_of(&mut errs, "degree_full", &f.degree_full, DEGREES, false);
    one_of(&mut errs, "edu_part", &f.edu_part, EDUCATION, false);
    one_of(&mut errs, "degree_part", &f.degree_part, DEGREES, false);
    if f.edu_full.trim().is_empty() && f.edu_part.trim().is_empty() {
        errs.push(("edu_full", "请至少填写全日制或在职学历之一".into()));
    }
    one_of(&mut errs, "establishment", &f.establishment, ESTABLISHMENTS, true);
    one_of(&mut errs, "status", &f.status, STATUSES, true);
    let status_date = date(&mut errs, "status_date", &f.status_date, f.status.trim() != "在职" && !f.status.trim().is_empty(), today);
    let _ = status_date;
    if f.unit_id <= 0 {
        errs.push(("unit_id", "请选择部室".into()));
    }
    one_of(&mut errs, "level", &f.level, LEVELS, true);
    one_of(&mut errs, "civil_rank", &f.civil_rank, CIVIL_RANKS, false);
    one_of(&mut errs, "post_category", &f.post_category, POST_CATEGORIES, false);
    max_len(&mut errs, "post_grade", &f.post_grade, 20);
    let pos_date = date(&mut errs, "position_date", &f.position_date, false, today);
    let rank_date = date(&mut errs, "rank_date", &f.rank_date, false, today);
    for (field, d) in [("position_date", pos_date), ("rank_date", rank_date)] {
        if let (Some(w), Some(d)) = (work, d) {
            if d < w {
                errs.push((field, format!("{} {d} 早于参加工作时间 {w}", field_label(field))));
            }
        }
    }
    let phone = f.phone.trim();
    if !phone.is_empty() && (phone.len() > 20 || !phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+')) {
        errs.push(("phone", format!("联系电话“{phone}”格式不正确")));
    }
    let id = match id_number {
        None => None,
        Some(raw) => match IdNumber::parse(raw) {
            Ok(id) => {
                for (field, msg) in id.check_against(birth, Sex::from_label(&f.sex)) {
                    errs.push((field, msg));
                }
                Some(id)
            }
            Err(e) => {
                errs.push(("id_number", e.message_zh()));
                None
            }
        },
    };
    if errs.is_empty() {
        Ok(id)
    } else {
        Err(errs)
    }
}

/// Names of the fields whose values differ, for the change history.
pub fn changed_fields(before: &PersonFields, after: &PersonFields) -> Vec<&'static str> {
    let b = serde_json::to_value(before).unwrap_or_default();
    let a = serde_json::to_value(after).unwrap_or_default();
    let mut out = Vec::new();
    if let (Some(b), Some(a)) = (b.as_object(), a.as_object()) {
        for (k, v) in a {
            if b.get(k) != Some(v) {
                let label = field_label(k);
                if !label.is_empty() {
                    out.push(static_field(k));
                }
            }
        }
    }
    out
}

fn static_field(k: &str) -> &'static str {
    const ALL: &[&str] = &[
        "name",
        "sex",
        "ethnicity",
        "birth_date",
        "native_place",
        "birth_place",
        "political_status",
        "party_date",
        "work_start",
        "join_unit_date",
        "edu_full",
        "degree_full",
        "school_full",
        "major_full",
        "edu_part",
        "degree_part",
        "school_part",
        "major_part",
        "establishment",
        "status",
        "status_date",
        "unit_id",
        "position",
        "level",
        "civil_rank",
        "post_category",
        "post_grade",
        "position_date",
        "rank_date",
        "professional_title",
        "phone",
        "remarks",
    ];
    ALL.iter().find(|f| **f == k).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id_number::check_char;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn id_for(birth: &str, seq3: &str) -> String {
        let first17 = format!("320102{}{}", birth.replace('-', ""), seq3);
        format!("{first17}{}", check_char(&first17).unwrap())
    }

    fn valid() -> PersonFields {
        PersonFields {
            name: "张三".into(),
            sex: "男".into(),
            ethnicity: "汉族".into(),
            birth_date: "1985-06-15".into(),
            political_status: "中共党员".into(),
            party_date: "2008-07-01".into(),
            work_start: "2007-07-01".into(),
            join_unit_date: "2020-01-01".into(),
            edu_full: "大学本科".into(),
            establishment: "事业编制".into(),
            status: "在职".into(),
            unit_id: 3,
            level: "科员".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_record_passes() {
        let id = id_for("1985-06-15", "123");
        assert!(validate(&valid(), Some(&id), today()).unwrap().is_some());
        assert_eq!(validate(&valid(), None, today()), Ok(None));
    }

    #[test]
    fn id_number_must_agree_with_birth_date_and_sex() {
        let id = id_for("1985-06-16", "124"); // even 17th digit: female
        let errs = validate(&valid(), Some(&id), today()).unwrap_err();
        assert!(errs.iter().any(|(f, m)| *f == "birth_date" && m.contains("1985-06-15") && m.contains("1985-06-16")));
        assert!(errs.iter().any(|(f, m)| *f == "sex" && m.contains("男") && m.contains("女")));
    }

    #[test]
    fn wrong_check_digit_is_a_field_error() {
        let mut id = id_for("1985-06-15", "123");
        let last = id.pop().unwrap();
        id.push(if last == '0' { '1' } else { '0' });
        let errs = validate(&valid(), Some(&id), today()).unwrap_err();
        assert_eq!(errs[0].0, "id_number");
        assert!(errs[0].1.contains("校验码"));
    }

    #[test]
    fn dates_in_the_future_and_impossible_order() {
        let mut f = valid();
        f.work_start = "2027-01-01".into();
        let errs = validate(&f, None, today()).unwrap_err();
        assert!(errs.iter().any(|(f, m)| *f == "work_start" && m.contains("不能晚于今天")));
        let mut f = valid();
        f.party_date = "2001-01-01".into();
        let errs = validate(&f, None, today()).unwrap_err();
        assert!(errs.iter().any(|(f, m)| *f == "party_date" && m.contains("未满 18 周岁")));
        let mut f = valid();
        f.birth_date = "1985-02-30".into();
        assert!(validate(&f, None, today()).unwrap_err().iter().any(|(f, _)| *f == "birth_date"));
    }

    #[test]
    fn party_date_follows_political_status() {
        let mut f = valid();
        f.party_date.clear();
        assert!(validate(&f, None, today()).is_err());
        f.political_status = "群众".into();
        assert!(validate(&f, None, today()).is_ok());
        f.party_date = "2010-01-01".into();
        assert!(validate(&f, None, today()).is_err());
    }

    #[test]
    fn unknown_values_are_named() {
        let mut f = valid();
        f.establishment = "临时工".into();
        let errs = validate(&f, None, today()).unwrap_err();
        assert!(errs[0].1.contains("临时工") && errs[0].1.contains("行政编制"));
    }

    #[test]
    fn education_ranking_and_changes() {
        assert_eq!(highest_education("大学本科", "研究生"), "研究生");
        assert_eq!(highest_education("大学本科", ""), "大学本科");
        let mut after = valid();
        after.level = "副科级".into();
        after.phone = "13800000000".into();
        assert_eq!(changed_fields(&valid(), &after), vec!["level", "phone"]);
    }
}

/// Fields an employee may ask HR to correct on their own record (posts, status and department
/// change through appointments, not corrections).
pub const CORRECTABLE: &[&str] = &[
    "name",
    "ethnicity",
    "birth_date",
    "native_place",
    "birth_place",
    "political_status",
    "party_date",
    "work_start",
    "join_unit_date",
    "edu_full",
    "degree_full",
    "school_full",
    "major_full",
    "edu_part",
    "degree_part",
    "school_part",
    "major_part",
    "professional_title",
    "phone",
];

/// The value of a named field, as text.
pub fn get_field(f: &PersonFields, field: &str) -> Option<String> {
    let v = serde_json::to_value(f).ok()?;
    match v.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A copy of the record with one text field changed.
pub fn with_field(f: &PersonFields, field: &str, value: &str) -> Option<PersonFields> {
    let mut v = serde_json::to_value(f).ok()?;
    let slot = v.get_mut(field)?;
    if !slot.is_string() {
        return None;
    }
    *slot = serde_json::Value::String(value.trim().to_string());
    serde_json::from_value(v).ok()
}

#[cfg(test)]
mod field_tests {
    use super::*;

    #[test]
    fn set_and_get_by_name() {
        let f = PersonFields { phone: "1".into(), unit_id: 3, ..Default::default() };
        let g = with_field(&f, "phone", " 13912345678 ").unwrap();
        assert_eq!(get_field(&g, "phone").as_deref(), Some("13912345678"));
        assert!(with_field(&f, "unit_id", "4").is_none(), "only text fields");
        assert!(with_field(&f, "no_such", "x").is_none());
        assert!(CORRECTABLE.iter().all(|c| !field_label(c).is_empty()));
    }
}

/// A username as stored: what login makes of what is typed (trimmed, lower case).
pub fn normalise_username(typed: &str) -> String {
    typed.trim().to_lowercase()
}

/// 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter (after [`normalise_username`]).
pub fn valid_username(u: &str) -> bool {
    (3..=32).contains(&u.len())
        && u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        && u.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// `base` if free, otherwise `base2`, `base3`, … (predictable for HR and for the person).
pub fn next_free_username(base: &str, taken: &std::collections::HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}{n}")).find(|c| !taken.contains(c)).unwrap_or_default()
}

#[cfg(test)]
mod username_tests {
    use super::next_free_username;

    #[test]
    fn numbering_starts_at_two() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(next_free_username("zhangsan", &taken), "zhangsan");
        taken.insert("zhangsan".to_string());
        assert_eq!(next_free_username("zhangsan", &taken), "zhangsan2");
        taken.insert("zhangsan2".to_string());
        assert_eq!(next_free_username("zhangsan", &taken), "zhangsan3");
    }
}
