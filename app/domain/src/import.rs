//! The roster spreadsheet: its columns (shared by the template, the import and the export) and
//! the import check, from a grid of cell texts to a plan of creations and updates or a list of
//! problems by row and column. No I/O: the caller reads the workbook and looks up ID numbers.

use super::id_number::IdNumber;
use super::roster::{self, field_label, PersonFields};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One column of the roster sheet.
pub struct Column {
    /// A [`PersonFields`] field, or `id_number` / `unit`.
    pub key: &'static str,
    pub required: bool,
    pub allowed: &'static [&'static str],
    pub hint: &'static str,
}

impl Column {
    pub fn label(&self) -> &'static str {
        match self.key {
            "unit" => "部室",
            k => field_label(k),
        }
    }
}

const fn col(key: &'static str, required: bool, allowed: &'static [&'static str], hint: &'static str) -> Column {
    Column { key, required, allowed, hint }
}

const DATE: &str = "日期，如 1990-07-01（也可用 1990/7/1、1990.07.01、1990年7月1日 或 Excel 日期）";

/// The columns in sheet order.
pub const COLUMNS: &[Column] = &[
    col("name", true, &[], "不超过 30 个字"),
    col("id_number", true, &[], "18 位，末位可为 X；请按文本填写。已存在的身份证号只在勾选「按身份证号更新已有人员」时更新"),
    col("sex", false, &["男", "女"], "可不填，按身份证号自动取得；填写时须与身份证号一致"),
    col("birth_date", false, &[], "可不填，按身份证号自动取得；填写时须与身份证号一致"),
    col("ethnicity", true, roster::ETHNICITIES, "如 汉族"),
    col("native_place", false, &[], "如 河南郑州"),
    col("birth_place", false, &[], "如 河南郑州"),
    col("political_status", true, roster::POLITICAL, ""),
    col("party_date", false, &[], "中共党员、预备党员必填；其他不填"),
    col("work_start", true, &[], DATE),
    col("join_unit_date", false, &[], DATE),
    col("edu_full", false, roster::EDUCATION, "全日制与在职学历至少填一项"),
    col("degree_full", false, roster::DEGREES, ""),
    col("school_full", false, &[], ""),
    col("major_full", false, &[], ""),
    col("edu_part", false, roster::EDUCATION, ""),
    col("degree_part", false, roster::DEGREES, ""),
    col("school_part", false, &[], ""),
    col("major_part", false, &[], ""),
    col("establishment", true, roster::ESTABLISHMENTS, ""),
    col("status", false, roster::STATUSES, "不填为 在职；非在职须填状态变动日期"),
    col("status_date", false, &[], DATE),
    col("unit", true, &[], "部室名称（须已在系统中建立）；重名时写全路径，如 机关服务中心/综合部"),
    col("position", false, &[], "如 综合部副部长"),
    col("level", true, roster::LEVELS, ""),
    col("civil_rank", false, roster::CIVIL_RANKS, ""),
    col("post_category", false, roster::POST_CATEGORIES, ""),
    col("post_grade", false, &[], "如 管理七级"),
    col("position_date", false, &[], DATE),
    col("rank_date", false, &[], DATE),
    col("professional_title", false, &[], "如 高级工程师"),
    col("phone", false, &[], ""),
    col("remarks", false, &[], "不超过 500 个字"),
];

/// The most data rows one file may carry.
pub const MAX_ROWS: usize = 20_000;

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A text cell that would start a formula gets a leading apostrophe (exports), and loses it
/// again on the way back in (imports).
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// Dates as offices type them: 1990-07-01, 1990/7/1, 1990.07.01, 1990年7月1日, 19900701.
/// Returns `YYYY-MM-DD`, or the text unchanged for validation to name it.
pub fn normalise_date(s: &str) -> String {
    let t = s.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y%m%d") {
            return d.to_string();
        }
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 3 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        if let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse::<i32>(), parts[1].parse::<u32>(), parts[2].parse::<u32>()) {
            if parts[0].len() == 4 {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return date.to_string();
                }
            }
        }
    }
    t.to_string()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The spreadsheet row (1 is the header).
    pub row: u32,
    /// Column letter and header, e.g. 「B 身份证号」; empty for a whole-row or file problem.
    pub column: String,
    pub message: String,
}

/// A 部室 as the importer may name it.
#[derive(Clone, Debug)]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
    /// Names from the top, joined by 「/」.
    pub full_name: String,
    /// Within the importing user's scope.
    pub allowed: bool,
}

#[derive(Clone, Debug)]
pub struct ParsedRow {
    pub row: u32,
    pub fields: PersonFields,
    pub id: IdNumber,
    /// Where the ID number sits, for messages: 「B 身份证号」.
    pub id_column: String,
    /// The fields the sheet has columns for: an update changes only these.
    pub present: Vec<&'static str>,
}

/// What an ID number already in the database belongs to.
#[derive(Clone, Debug)]
pub struct Existing {
    pub person_id: i64,
    pub name: String,
    pub allowed: bool,
}

#[derive(Clone, Debug)]
pub struct Planned {
    pub row: ParsedRow,
    /// The person to update, or `None` for a new one.
    pub update: Option<i64>,
}

fn normalise_header(h: &str) -> String {
    h.chars().filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊').collect()
}

fn resolve_unit(units: &[UnitRef], text: &str) -> Result<i64, String> {
    let t = text.trim().trim_matches('/');
    if t.is_empty() {
        return Err("请填写部室".into());
    }
    let by_path: Vec<&UnitRef> = units.iter().filter(|u| u.full_name == t).collect();
    let hits = if by_path.is_empty() { units.iter().filter(|u| u.name == t).collect() } else { by_path };
    match hits.as_slice() {
        [] => Err(format!("部室“{t}”不存在，请先在「部室与编制」中建立，或检查名称")),
        [u] if !u.allowed => Err(format!("部室“{t}”不在您的管理范围内")),
        [u] => Ok(u.id),
        many => Err(format!(
            "有 {} 个部室名为“{t}”，请写全路径（{}）",
            many.len(),
            many.iter().map(|u| u.full_name.as_str()).collect::<Vec<_>>().join("、")
        )),
    }
}

/// Check every row of the sheet (`grid[0]` is spreadsheet row 1, the header). Returns the rows
/// that passed and the problems found; the import may go ahead only when there are none.
pub fn parse_sheet(grid: &[Vec<String>], units: &[UnitRef], today: NaiveDate) -> (Vec<ParsedRow>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(header) = grid.first() else {
        problems.push(Problem {
            row: 1, column: String::new(), message: "工作表是空的：第 1 行应为列名（可下载导入模板）".into()
        });
        return (Vec::new(), problems);
    };
    // Which sheet column holds which field.
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let name = normalise_header(h);
        if name.is_empty() || name == "序号" {
            continue;
        }
        let cell = format!("{} {}", column_letter(i), h.trim());
        match COLUMNS.iter().find(|c| c.label() == name) {
            None => {
                problems.push(Problem {
                    row: 1, column: cell, message: format!("无法识别的列名“{}”（列名须与导入模板一致）", h.trim())
                })
            }
            Some(c) if at.contains_key(c.key) => {
                problems.push(Problem { row: 1, column: cell, message: format!("列“{}”出现了两次", c.label()) })
            }
            Some(c) => {
                at.insert(c.key, i);
            }
        }
    }
    for c in COLUMNS.iter().filter(|c| c.required && !at.contains_key(c.key)) {
        problems.push(Problem { row: 1, column: String::new(), message: format!("缺少必填列“{}”", c.label()) });
    }
    if !problems.is_empty() {
        return (Vec::new(), problems);
    }
    let data: Vec<(u32, &Vec<String>)> =
        grid.iter().enumerate().skip(1).filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(|(i, r)| (i as u32 + 1, r)).collect();
    if data.is_empty() {
        problems.push(Problem { row: 2, column: String::new(), message: "没有数据行：请从第 2 行起每行填写一人".into() });
        return (Vec::new(), problems);
    }
    if data.len() > MAX_ROWS {
        problems.push(Problem {
            row: 0,
            column: String::new(),
            message: format!("一次最多导入 {MAX_ROWS} 行，本文件有 {} 行，请分批导入", data.len()),
        });
        return (Vec::new(), problems);
    }
    let cell_name = |key: &str| {
        let c = COLUMNS.iter().find(|c| c.key == key).map(|c| c.label()).unwrap_or("");
        match at.get(key) {
            Some(i) => format!("{} {c}", column_letter(*i)),
            None => c.to_string(),
        }
    };
    let present: Vec<&'static str> = COLUMNS
        .iter()
        .filter(|c| at.contains_key(c.key) && c.key != "id_number")
        .map(|c| if c.key == "unit" { "unit_id" } else { c.key })
        .collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut rows = Vec::with_capacity(data.len());
    for (row, cells) in data {
        let get = |key: &str| at.get(key).and_then(|i| cells.get(*i)).map(|s| unneutralise(s.trim()).to_string()).unwrap_or_default();
        let before = problems.len();
        let mut f = PersonFields::default();
        let mut values = serde_json::Map::new();
        for c in COLUMNS.iter().filter(|c| !matches!(c.key, "unit" | "id_number")) {
            let mut v = get(c.key);
            if c.key.ends_with("_date") || c.key == "work_start" {
                v = normalise_date(&v);
            }
            values.insert(c.key.into(), serde_json::Value::String(v));
        }
        values.insert("unit_id".into(), serde_json::json!(0));
        if let Ok(parsed) = serde_json::from_value::<PersonFields>(serde_json::Value::Object(values)) {
            f = parsed;
        }
        if f.status.is_empty() {
            f.status = "在职".into();
        }
        let id_text: String = get("id_number").chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        // Sex and birth date may be left for the ID number to supply.
        if let Ok(id) = IdNumber::parse(&id_text) {
            if f.sex.is_empty() {
                f.sex = id.sex().label().into();
            }
            if f.birth_date.is_empty() {
                f.birth_date = id.birth_date().to_string();
            }
        }
        match resolve_unit(units, &get("unit")) {
            Ok(id) => f.unit_id = id,
            Err(m) => problems.push(Problem { row, column: cell_name("unit"), message: m }),
        }
        let id_arg = if id_text.is_empty() { None } else { Some(id_text.as_str()) };
        if id_arg.is_none() {
            problems.push(Problem { row, column: cell_name("id_number"), message: "请填写身份证号".into() });
        }
        let id_parsed = IdNumber::parse(&id_text).is_ok();
        // The unit's own message is above; validation sees a placeholder.
        match roster::validate(&PersonFields { unit_id: f.unit_id.max(1), ..f.clone() }, id_arg, today) {
            Ok(Some(id)) => {
                if let Some(first) = seen.get(id.as_str()) {
                    problems.push(Problem {
                        row,
                        column: cell_name("id_number"),
                        message: format!("身份证号 {} 与第 {first} 行重复", id.masked()),
                    });
                } else {
                    seen.insert(id.as_str().to_string(), row);
                    if problems.len() == before {
                        rows.push(ParsedRow { row, fields: f, id, id_column: cell_name("id_number"), present: present.clone() });
                    }
                }
            }
            Ok(None) => {}
            Err(errs) => {
                // Without a readable ID number, a blank sex or birth date is not a second problem.
                let from_id = |field: &str| {
                    !id_parsed && ((field == "sex" && f.sex.is_empty()) || (field == "birth_date" && f.birth_date.is_empty()))
                };
                for (field, mut message) in errs.into_iter().filter(|(field, _)| !from_id(field)) {
                    let key = if field == "unit_id" { "unit" } else { field };
                    if key == "id_number" && id_text.contains("E+") {
                        message = "身份证号被 Excel 存成了数字（显示为科学计数法），后几位已丢失：请把该列设为“文本”格式后重新填写".into();
                    }
                    problems.push(Problem { row, column: cell_name(key), message });
                }
            }
        }
    }
    (rows, problems)
}

/// A stored record with the sheet's values for the fields the sheet has columns for; the others
/// keep what is stored (a sheet of a few columns never blanks the rest).
pub fn merge(stored: &PersonFields, sheet: &PersonFields, present: &[&str]) -> PersonFields {
    let (Ok(serde_json::Value::Object(mut out)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(stored), serde_json::to_value(sheet))
    else {
        return sheet.clone();
    };
    for key in present {
        if let Some(v) = new.get(*key) {
            out.insert((*key).to_string(), v.clone());
        }
    }
    serde_json::from_value(serde_json::Value::Object(out)).unwrap_or_else(|_| sheet.clone())
}

/// Decide creation or update for each row, given the ID numbers already stored and the stored
/// records they belong to. An update is the stored record with the sheet's columns applied,
/// checked again as a whole.
pub fn plan(
    rows: Vec<ParsedRow>,
    existing: &HashMap<String, Existing>,
    stored: &HashMap<i64, PersonFields>,
    upsert: bool,
    today: NaiveDate,
) -> (Vec<Planned>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for mut r in rows {
        match existing.get(r.id.as_str()) {
            None => out.push(Planned { row: r, update: None }),
            // Someone outside the importer's scope is never named.
            Some(e) if !e.allowed => problems.push(Problem {
                row: r.row,
                column: r.id_column.clone(),
                message: format!("身份证号 {} 已登记在您管理范围以外的人员档案中，不能导入或更新", r.id.masked()),
            }),
            Some(e) if !upsert => problems.push(Problem {
                row: r.row,
                column: r.id_column.clone(),
                message: format!(
                    "身份证号 {} 已属于 {}（档案 {}）；如要用本行更新此人，请勾选「按身份证号更新已有人员」",
                    r.id.masked(),
                    e.name,
                    e.person_id
                ),
            }),
            Some(e) => {
                if let Some(old) = stored.get(&e.person_id) {
                    r.fields = merge(old, &r.fields, &r.present);
                    if let Err(errs) = roster::validate(&r.fields, None, today) {
                        for (field, message) in errs {
                            problems.push(Problem {
                                row: r.row,
                                column: field_label(field).to_string(),
                                message: format!("{message}（与档案中未在本表出现的信息合并后检查）"),
                            });
                        }
                        continue;
                    }
                }
                out.push(Planned { update: Some(e.person_id), row: r });
            }
        }
    }
    (out, problems)
}

/// A row of a sheet keyed by 人员编号 (attendance, scores, 网络学习, grades): the spreadsheet
/// row, the person, the name as written (may be empty) and the asked-for columns' cells, trimmed.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonSheetRow {
    pub row: u32,
    pub person_id: i64,
    pub name: String,
    pub cells: Vec<String>,
}

/// A sheet keyed by 人员编号, read: its rows and, for each asked-for column, its label in problem
/// reports ("C 成绩").
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PersonSheet {
    pub rows: Vec<PersonSheetRow>,
    pub labels: Vec<String>,
}

/// Read a sheet whose first row names its columns: 人员编号 and every one of `columns` must be
/// there (in any order, others are ignored), 姓名 may be. Blank rows are skipped; a 人员编号 must
/// be a positive whole number and appear once. `hint` ends the message when columns are missing
/// (e.g. "可先导出名单再填写"). More than `max_rows` data rows is one problem for the whole file.
pub fn parse_person_sheet(grid: &[Vec<String>], columns: &[&str], hint: &str, max_rows: usize) -> (PersonSheet, Vec<Problem>) {
    let file = |row: u32, message: String| (PersonSheet::default(), vec![Problem { row, column: String::new(), message }]);
    let Some(header) = grid.first() else {
        return file(0, "文件中没有数据".into());
    };
    let find = |name: &str| header.iter().position(|h| h.trim() == name);
    let wanted: Vec<Option<usize>> = columns.iter().map(|c| find(c)).collect();
    let (Some(id_col), true) = (find("人员编号"), wanted.iter().all(Option::is_some)) else {
        let names: Vec<String> = std::iter::once("人员编号").chain(columns.iter().copied()).map(|c| format!("“{c}”")).collect();
        return file(1, format!("第一行应有{}列（{hint}）", names.join("、")));
    };
    if grid.len() - 1 > max_rows {
        return file(0, format!("行数超过上限 {max_rows}"));
    }
    let cols: Vec<usize> = wanted.into_iter().flatten().collect();
    let labels: Vec<String> = cols.iter().zip(columns).map(|(c, name)| format!("{} {name}", column_letter(*c))).collect();
    let name_col = find("姓名");
    let mut sheet = PersonSheet { rows: Vec::new(), labels };
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, cells) in grid.iter().enumerate().skip(1) {
        let row = i as u32 + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| cells.get(c).map(|s| s.trim()).unwrap_or("").to_string();
        let id_text = cell(id_col);
        let id_label = format!("{} 人员编号", column_letter(id_col));
        let Some(person_id) = id_text.parse::<i64>().ok().filter(|v| *v > 0) else {
            problems.push(Problem { row, column: id_label, message: format!("人员编号“{id_text}”应为正整数") });
            continue;
        };
        if !seen.insert(person_id) {
            problems.push(Problem { row, column: id_label, message: format!("人员编号 {person_id} 重复出现") });
            continue;
        }
        sheet.rows.push(PersonSheetRow {
            row,
            person_id,
            name: name_col.map(cell).unwrap_or_default(),
            cells: cols.iter().map(|c| cell(*c)).collect(),
        });
    }
    (sheet, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn units() -> Vec<UnitRef> {
        vec![
            UnitRef { id: 2, name: "综合部".into(), full_name: "中心/综合部".into(), allowed: true },
            UnitRef { id: 3, name: "财务部".into(), full_name: "中心/财务部".into(), allowed: true },
            UnitRef { id: 4, name: "综合科".into(), full_name: "中心/综合部/综合科".into(), allowed: true },
            UnitRef { id: 5, name: "综合科".into(), full_name: "中心/财务部/综合科".into(), allowed: false },
        ]
    }

    fn header() -> Vec<String> {
        COLUMNS.iter().map(|c| if c.required { format!("{}*", c.label()) } else { c.label().to_string() }).collect()
    }

    /// A valid row: 11010519491231002X is the standard's worked example (a woman born 1949-12-31),
    /// too old for the roster, so rows use 110105199001011233-style numbers built with the check digit.
    fn id_for(birth: &str, seq: u32) -> String {
        let body = format!("110105{}{:03}", birth.replace('-', ""), seq);
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body.bytes().zip(weights).map(|(b, w)| (b - b'0') as u32 * w).sum();
        let check = b"10X98765432"[(sum % 11) as usize] as char;
        format!("{body}{check}")
    }

    fn row(name: &str, id: &str) -> Vec<String> {
        COLUMNS
            .iter()
            .map(|c| match c.key {
                "name" => name.into(),
                "id_number" => id.into(),
                "ethnicity" => "汉族".into(),
                "political_status" => "群众".into(),
                "work_start" => "2012/7/1".into(),
                "edu_full" => "大学本科".into(),
                "establishment" => "事业编制".into(),
                "unit" => "综合部".into(),
                "level" => "科员".into(),
                "remarks" => "'=1+1".into(),
                _ => String::new(),
            })
            .collect()
    }

    fn set(r: &mut [String], key: &str, v: &str) {
        let i = COLUMNS.iter().position(|c| c.key == key).unwrap();
        r[i] = v.into();
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn dates_as_offices_type_them() {
        assert_eq!(normalise_date("1990/7/1"), "1990-07-01");
        assert_eq!(normalise_date("1990.07.01"), "1990-07-01");
        assert_eq!(normalise_date("1990年7月1日"), "1990-07-01");
        assert_eq!(normalise_date("19900701"), "1990-07-01");
        assert_eq!(normalise_date("2024-02-29"), "2024-02-29");
        // Impossible or partial dates stay as typed, for validation to name them.
        assert_eq!(normalise_date("2023-02-29"), "2023-02-29");
        assert_eq!(normalise_date("1990.07"), "1990.07");
        assert_eq!(normalise_date(""), "");
    }

    #[test]
    fn neutralising_round_trips() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("张三"), "张三");
        assert_eq!(unneutralise("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unneutralise("'abc"), "'abc");
    }

    #[test]
    fn a_valid_sheet_parses_with_sex_and_birth_from_the_id() {
        let id = id_for("1990-03-15", 123);
        let grid = vec![header(), row("张三", &id), vec![String::new(); 3]];
        let (rows, problems) = parse_sheet(&grid, &units(), today());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 1);
        let f = &rows[0].fields;
        assert_eq!(f.birth_date, "1990-03-15");
        assert_eq!(f.sex, "男");
        assert_eq!(f.unit_id, 2);
        assert_eq!(f.status, "在职");
        assert_eq!(f.work_start, "2012-07-01");
        assert_eq!(f.remarks, "=1+1");
        assert_eq!(rows[0].row, 2);
    }

    #[test]
    fn every_problem_is_reported_by_row_and_column() {
        let good = id_for("1990-03-15", 123);
        let mut bad_digit = id_for("1985-06-01", 456);
        let last = if bad_digit.ends_with('1') { '2' } else { '1' };
        bad_digit.pop();
        bad_digit.push(last);
        let mut r3 = row("李四", &bad_digit);
        set(&mut r3, "unit", "不存在部");
        let mut r4 = row("王五", &id_for("1988-01-01", 222));
        set(&mut r4, "work_start", "2030-01-01");
        set(&mut r4, "unit", "综合科");
        let r5 = row("赵六", &good);
        let mut r6 = row("", &id_for("1991-01-01", 333));
        set(&mut r6, "level", "");
        let r7 = row("孙七", "1.10105199003152E+17");
        let grid = vec![header(), row("张三", &good), r3, r4, r5, r6, r7];
        let (rows, problems) = parse_sheet(&grid, &units(), today());
        assert_eq!(rows.len(), 1);
        let at = |row: u32| {
            problems.iter().filter(|p| p.row == row).map(|p| format!("{} {}", p.column, p.message)).collect::<Vec<_>>().join(" | ")
        };
        assert!(at(3).contains("B 身份证号") && at(3).contains("校验"), "{}", at(3));
        assert!(at(3).contains("部室“不存在部”不存在"), "{}", at(3));
        assert!(at(4).contains("参加工作时间不能晚于今天"), "{}", at(4));
        assert!(at(4).contains("有 2 个部室名为“综合科”"), "{}", at(4));
        assert!(at(5).contains("与第 2 行重复"), "{}", at(5));
        assert!(at(6).contains("请填写姓名") && at(6).contains("职务层次"), "{}", at(6));
        assert!(at(7).contains("科学计数法") && !at(7).contains("性别"), "{}", at(7));
    }

    #[test]
    fn units_by_path_and_scope() {
        assert_eq!(resolve_unit(&units(), "中心/综合部/综合科"), Ok(4));
        assert!(resolve_unit(&units(), "中心/财务部/综合科").unwrap_err().contains("不在您的管理范围"));
    }

    #[test]
    fn header_problems_stop_early() {
        let mut h = header();
        h[0] = "名字".into();
        let (rows, problems) = parse_sheet(&[h], &units(), today());
        assert!(rows.is_empty());
        assert!(problems.iter().any(|p| p.message.contains("无法识别的列名“名字”") && p.column == "A 名字"));
        assert!(problems.iter().any(|p| p.message.contains("缺少必填列“姓名”")));
        let (_, problems) = parse_sheet(&[], &units(), today());
        assert!(problems[0].message.contains("工作表是空的"));
        let (_, problems) = parse_sheet(&[header()], &units(), today());
        assert!(problems[0].message.contains("没有数据行"));
    }

    #[test]
    fn existing_numbers_need_the_explicit_upsert() {
        let id = id_for("1990-03-15", 123);
        let (rows, _) = parse_sheet(&[header(), row("张三", &id)], &units(), today());
        let mut existing = HashMap::new();
        existing.insert(id.clone(), Existing { person_id: 7, name: "张三".into(), allowed: true });
        let stored = HashMap::new();
        let (planned, problems) = plan(rows.clone(), &existing, &stored, false, today());
        assert!(planned.is_empty());
        assert!(problems[0].message.contains("按身份证号更新已有人员"));
        let (planned, problems) = plan(rows.clone(), &existing, &stored, true, today());
        assert!(problems.is_empty());
        assert_eq!(planned[0].update, Some(7));
        existing.get_mut(&id).unwrap().allowed = false;
        // Outside the scope, with or without the upsert: refused, and the holder is not named.
        for upsert in [true, false] {
            let (_, problems) = plan(rows.clone(), &existing, &stored, upsert, today());
            assert!(problems[0].message.contains("管理范围以外"), "{problems:?}");
            assert!(!problems[0].message.contains("张三") && !problems[0].message.contains("（档案"), "{problems:?}");
        }
    }

    #[test]
    fn an_update_from_a_narrow_sheet_keeps_what_the_sheet_does_not_have() {
        let id = id_for("1990-03-15", 123);
        let keep = ["name", "id_number", "ethnicity", "political_status", "work_start", "edu_full", "establishment", "unit", "level"];
        let narrow =
            |r: Vec<String>| -> Vec<String> { COLUMNS.iter().zip(r).filter(|(c, _)| keep.contains(&c.key)).map(|(_, v)| v).collect() };
        let head: Vec<String> = narrow(header());
        let mut r = row("张三", &id);
        set(&mut r, "level", "副科级");
        let (rows, problems) = parse_sheet(&[head, narrow(r)], &units(), today());
        assert!(problems.is_empty(), "{problems:?}");
        let mut old = rows[0].fields.clone();
        old.level = "科员".into();
        old.phone = "13800000000".into();
        old.school_full = "南京大学".into();
        let existing = HashMap::from([(id.clone(), Existing { person_id: 7, name: "张三".into(), allowed: true })]);
        let stored = HashMap::from([(7, old.clone())]);
        let (planned, problems) = plan(rows.clone(), &existing, &stored, true, today());
        assert!(problems.is_empty(), "{problems:?}");
        let f = &planned[0].row.fields;
        assert_eq!((f.level.as_str(), f.phone.as_str(), f.school_full.as_str()), ("副科级", "13800000000", "南京大学"));
        // A stored party date that the new 政治面貌 contradicts is reported, not written.
        old.party_date = "2010-06-01".into();
        let stored = HashMap::from([(7, old)]);
        let (planned, problems) = plan(rows, &existing, &stored, true, today());
        assert!(planned.is_empty());
        assert!(problems[0].message.contains("不应填写入党时间"), "{problems:?}");
    }

    fn g(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn person_sheets_need_their_columns_and_whole_unique_numbers() {
        let (_, p) = parse_person_sheet(&g(&[&["姓名", "成绩"]]), &["成绩"], "可先导出名单再填写", 10);
        assert_eq!(p[0].message, "第一行应有“人员编号”、“成绩”列（可先导出名单再填写）");
        let grid = g(&[
            &["序号", "成绩", "姓名", "人员编号"],
            &["1", " 86 ", "张三", "7"],
            &["", "", "", ""],
            &["3", "90", "李四", "x"],
            &["4", "70", "王五", "7"],
            &["5", "优秀", "", "0"],
            &["6", "60"],
        ]);
        let (s, p) = parse_person_sheet(&grid, &["成绩"], "", 10);
        assert_eq!(s.labels, vec!["B 成绩"]);
        assert_eq!(s.rows, vec![PersonSheetRow { row: 2, person_id: 7, name: "张三".into(), cells: vec!["86".into()] }]);
        let got: Vec<(u32, &str)> = p.iter().map(|p| (p.row, p.message.as_str())).collect();
        assert_eq!(
            got,
            vec![(4, "人员编号“x”应为正整数"), (5, "人员编号 7 重复出现"), (6, "人员编号“0”应为正整数"), (7, "人员编号“”应为正整数")]
        );
        assert_eq!(p[0].column, "D 人员编号");
        let (_, p) = parse_person_sheet(&grid, &["成绩"], "", 3);
        assert_eq!(p[0].message, "行数超过上限 3");
    }
}
