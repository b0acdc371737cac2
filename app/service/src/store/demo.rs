//! A deterministic demo organisation: the same seed always gives the same people, so tests can
//! rely on names and counts.

use super::audit::{self, Actor, NewRecord};
use super::{people, users, Db, WriteTx};
use crate::authz::{Role, RoleGrant};
use crate::domain::id_number::{check_char, IdNumber};
use crate::domain::roster::PersonFields;
use crate::security::secrets::Secrets;
use sqlx::Row;

/// SplitMix64: tiny, fast and stable across library versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁",
    "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程",
    "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付",
    "方", "白", "邹", "孟", "熊", "秦",
];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁", "健", "建国", "志强",
    "文博", "俊杰", "浩然", "海涛", "立新", "国庆", "振华", "晓东", "子轩", "宇航",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "玲", "婷", "雪", "慧", "颖", "倩", "琳", "萍", "红", "晓燕", "丽华", "雅琴",
    "淑珍", "欣怡", "梦瑶", "思雨", "佳怡", "雨萱", "诗涵", "春梅", "海燕", "玉兰", "桂英",
];

/// (name, code, dispatched units below it)
const DEPARTMENTS: &[(&str, &str, &[&str])] = &[
    ("办公室", "BGS", &[]),
    ("组织人事部", "ZZRS", &[]),
    ("财务审计部", "CWSJ", &[]),
    ("资产管理部", "ZCGL", &[]),
    ("餐饮服务部", "CYFW", &["第一职工食堂", "第二职工食堂"]),
    ("物业管理部", "WYGL", &["机关大院物业服务站"]),
    ("会议服务部", "HYFW", &[]),
    ("车辆服务部", "CLFW", &["公务用车保障队"]),
    ("基建维修部", "JJWX", &[]),
    ("安全保卫部", "AQBW", &[]),
    ("医疗保健部", "YLBJ", &["机关门诊部"]),
    ("综合服务部", "ZHFW", &[]),
];

/// From this many people the demo is a province: the centre and 19 other agencies, about 200
/// 部室, five years of lectures and trainings (benchmarks and drills run on it).
pub const PROVINCE_FROM: usize = 20_000;

const AGENCIES: &[&str] = &[
    "省发展和改革委员会",
    "省教育厅",
    "省财政厅",
    "省人力资源和社会保障厅",
    "省自然资源厅",
    "省生态环境厅",
    "省住房和城乡建设厅",
    "省交通运输厅",
    "省水利厅",
    "省农业农村厅",
    "省商务厅",
    "省文化和旅游厅",
    "省卫生健康委员会",
    "省应急管理厅",
    "省审计厅",
    "省市场监督管理局",
    "省统计局",
    "省医疗保障局",
    "省机关事务管理局",
];

/// The 处室 every agency of the province-sized demo has.
const OFFICES: &[&str] = &["办公室", "人事处", "财务处", "政策法规处", "综合规划处", "业务一处", "业务二处", "机关党委", "离退休干部处"];

/// A unit under `parent` (id and path), or the root; returns its id and path.
async fn add_unit(
    w: &mut WriteTx,
    parent: Option<(i64, &str)>,
    name: &str,
    code: &str,
    sort_order: i64,
    kind: &str,
) -> Result<(i64, String), sqlx::Error> {
    let q = match parent {
        Some((pid, _)) => sqlx::query(
            "INSERT INTO org_units (parent_id, name, code, path, sort_order, kind) VALUES ($1, $2, $3, '', $4, $5) RETURNING id",
        )
        .bind(pid),
        None => sqlx::query(
            "INSERT INTO org_units (parent_id, name, code, path, sort_order, kind) VALUES (NULL, $1, $2, '', $3, $4) RETURNING id",
        ),
    };
    let id: i64 = q.bind(name).bind(code).bind(sort_order).bind(kind).fetch_one(&mut *w.tx).await?.try_get("id")?;
    let path = format!("{}{id}/", parent.map(|p| p.1).unwrap_or("/"));
    sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2").bind(&path).bind(id).execute(&mut *w.tx).await?;
    Ok((id, path))
}

pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub accounts: Vec<(&'static str, &'static str)>,
}

pub const DEMO_ACCOUNTS: &[(&str, &str)] =
    &[("admin", "系统管理员"), ("hr", "人事"), ("leader", "领导（中心）"), ("deptlead", "领导（餐饮服务部负责人）"), ("employee", "职工")];

/// Create the demo organisation with a year of lectures. Refuses when accounts already exist.
pub async fn seed(db: &Db, secrets: &Secrets, password_hash: &str, employees: usize) -> anyhow::Result<DemoSummary> {
    seed_years(db, secrets, password_hash, employees, 1).await
}

/// The demo with `lecture_years` of both lecture series (ending three months from today).
pub async fn seed_years(
    db: &Db,
    secrets: &Secrets,
    password_hash: &str,
    employees: usize,
    lecture_years: u32,
) -> anyhow::Result<DemoSummary> {
    if users::count(db).await? > 0 {
        anyhow::bail!("数据库中已有账户，未生成演示数据（演示数据只写入空数据库）");
    }
    let mut rng = Rng::new(20_241_128);
    let mut w = db.write().await?;

    // Units: the centre's 部室; a province-sized demo puts the centre among 19 other agencies.
    let province = employees >= PROVINCE_FROM;
    let (root_name, root_code) = if province { ("省直机关", "PROV") } else { ("省直机关后勤服务中心", "CENTER") };
    let (root, root_path) = add_unit(&mut w, None, root_name, root_code, 0, "中心").await?;
    let centre = if province {
        add_unit(&mut w, Some((root, &root_path)), "省直机关后勤服务中心", "CENTER", 0, "中心").await?
    } else {
        (root, root_path.clone())
    };
    let mut unit_ids: Vec<(i64, String)> = Vec::new();
    for (i, (name, code, subs)) in DEPARTMENTS.iter().enumerate() {
        let (id, path) = add_unit(&mut w, Some((centre.0, &centre.1)), name, code, i as i64, "部室").await?;
        unit_ids.push((id, name.to_string()));
        for (j, sub) in subs.iter().enumerate() {
            let (sid, _) = add_unit(&mut w, Some((id, &path)), sub, &format!("{code}-{}", j + 1), j as i64, "派出单位").await?;
            unit_ids.push((sid, sub.to_string()));
        }
    }
    if province {
        for (a, agency) in AGENCIES.iter().enumerate() {
            let code = format!("A{:02}", a + 1);
            let (aid, apath) = add_unit(&mut w, Some((root, &root_path)), agency, &code, a as i64 + 1, "中心").await?;
            for (d, office) in OFFICES.iter().enumerate() {
                let (id, _) = add_unit(&mut w, Some((aid, &apath)), office, &format!("{code}-{:02}", d + 1), d as i64, "部室").await?;
                unit_ids.push((id, office.to_string()));
            }
            let short = agency.trim_start_matches('省').trim_end_matches("委员会").trim_end_matches(['厅', '局']);
            for (d, kind) in ["信息中心", "培训中心"].iter().enumerate() {
                let name = format!("{short}{kind}");
                let (id, _) =
                    add_unit(&mut w, Some((aid, &apath)), &name, &format!("{code}-Z{}", d + 1), 20 + d as i64, "派出单位").await?;
                unit_ids.push((id, name));
            }
        }
    }
    let unit_ids: Vec<(i64, &str)> = unit_ids.iter().map(|(id, n)| (*id, n.as_str())).collect();
    let unit_count = unit_ids.len() + 1 + if province { 1 + AGENCIES.len() } else { 0 };

    // People, in multi-row batches.
    let n = employees.max(10);
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let canteen = unit_ids.iter().find(|(_, n)| *n == "餐饮服务部").map(|(u, _)| *u);
    let mut leader_person = None;
    let mut canteen_person = None;
    let mut staff_person = None;
    let mut seen_ids = std::collections::HashSet::new();
    let batch = 250;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        let mut rows = Vec::with_capacity(end - i);
        for k in i..end {
            let (fields, id) = demo_person(&mut rng, k, &unit_ids, today, &mut seen_ids);
            rows.push((fields, id));
        }
        let ids = people::insert_batch(&mut w, secrets, &rows).await?;
        for (pid, (f, _)) in ids.into_iter().zip(rows.iter()) {
            if leader_person.is_none() && f.level == "正处级" {
                leader_person = Some(pid);
            }
            if canteen_person.is_none() && Some(f.unit_id) == canteen && f.status == "在职" && f.level != "科员" {
                canteen_person = Some(pid);
            }
            if staff_person.is_none() && f.level == "科员" && f.status == "在职" {
                staff_person = Some(pid);
            }
        }
        i = end;
    }
    set_demo_quotas(&mut w, &mut rng).await?;

    let canteen_unit = canteen;
    let grant = |role, unit_id| RoleGrant { role, unit_id, unit_name: None };
    let accounts: [(&str, &str, Option<i64>, Vec<RoleGrant>); 5] = [
        ("admin", "系统管理员", None, vec![grant(Role::Admin, None)]),
        ("hr", "人事干部", None, vec![grant(Role::Hr, None), grant(Role::Employee, None)]),
        ("leader", "中心领导", leader_person, vec![grant(Role::Leader, None), grant(Role::Employee, None)]),
        ("deptlead", "餐饮服务部负责人", canteen_person, vec![grant(Role::Leader, canteen_unit), grant(Role::Employee, None)]),
        ("employee", "职工", staff_person, vec![grant(Role::Employee, None)]),
    ];
    for (username, display, person, roles) in accounts.iter() {
        let display_name = match person {
            Some(pid) => sqlx::query("SELECT name FROM people WHERE id = $1").bind(*pid).fetch_one(&mut *w.tx).await?.try_get("name")?,
            None => display.to_string(),
        };
        users::create(
            &mut w,
            users::NewUser { username, display_name: &display_name, password_hash, person_id: *person, must_change_password: false },
            roles,
        )
        .await?;
    }
    audit::record(
        &mut w,
        &Actor::system("yucai demo"),
        NewRecord {
            entity: "system",
            entity_id: "demo".into(),
            action: "seed",
            before: serde_json::Value::Null,
            after: serde_json::json!({ "units": unit_count, "people": n, "accounts": DEMO_ACCOUNTS.len() }),
        },
    )
    .await?;
    w.commit().await?;
    super::demo_posts::seed(db, today).await?;
    let (from, to) = super::demo_lectures::demo_range(super::demo_lectures::today(), lecture_years);
    super::demo_lectures::seed(db, from, to, staff_person, canteen_unit.filter(|_| canteen_person.is_some()), province).await?;
    super::demo_training::seed(db, from, super::demo_lectures::today(), staff_person).await?;
    super::demo_reserve::seed(db, staff_person).await?;
    db.analyze().await?;
    Ok(DemoSummary { units: unit_count, people: n, accounts: DEMO_ACCOUNTS.to_vec() })
}

const REGIONS: &[&str] = &["320102", "320104", "320105", "320106", "320111", "320113", "321002", "320506", "340104", "370102"];
const PLACES: &[&str] =
    &["江苏南京", "江苏苏州", "江苏扬州", "江苏徐州", "安徽合肥", "山东济南", "浙江杭州", "江苏南通", "江苏盐城", "河南郑州"];
const SCHOOLS: &[(&str, &str)] = &[
    ("南京大学", "汉语言文学"),
    ("东南大学", "土木工程"),
    ("南京师范大学", "行政管理"),
    ("河海大学", "会计学"),
    ("南京财经大学", "财务管理"),
    ("江苏开放大学", "法学"),
    ("南京工业职业技术大学", "机电一体化"),
    ("扬州大学", "烹饪与营养教育"),
];

fn date_str(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// One plausible person; `k` is the running number (the first few are the leaders).
fn demo_person(
    rng: &mut Rng,
    k: usize,
    units: &[(i64, &str)],
    today: chrono::NaiveDate,
    seen: &mut std::collections::HashSet<String>,
) -> (PersonFields, IdNumber) {
    use chrono::Datelike;
    let male = rng.below(100) < 58;
    let name = format!("{}{}", rng.pick(SURNAMES), if male { rng.pick(GIVEN_MALE) } else { rng.pick(GIVEN_FEMALE) });
    let retired = k >= 12 && rng.below(100) < 9;
    let age = if retired { 60 + rng.below(11) as i32 } else { 23 + rng.below(37) as i32 };
    let year = today.year() - age - 1 + (rng.below(2) as i32);
    let (month, day) = (1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
    let birth = date_str(year, month, day);
    let (level, position) = match k {
        0..=2 => ("正处级", "部长"),
        3..=8 => ("副处级", "副部长"),
        _ => match rng.below(100) {
            0..=7 => ("正科级", "科长"),
            8..=17 => ("副科级", "副科长"),
            18..=22 => ("办事员", "办事员"),
            _ => ("科员", "科员"),
        },
    };
    let leader = level != "科员" && level != "办事员";
    let unit_id = units[if k < 9 { (k * 2) % units.len() } else { rng.below(units.len() as u64) as usize }].0;
    let establishment = match rng.below(100) {
        _ if leader => {
            if rng.below(2) == 0 {
                "参公事业编制"
            } else {
                "事业编制"
            }
        }
        0..=54 => "事业编制",
        55..=79 => "参公事业编制",
        80..=91 => "工勤编制",
        _ => "编外聘用",
    };
    let (post_category, post_grade) = match (establishment, level) {
        ("工勤编制", _) => ("工勤技能岗位", format!("技术工{}级", ["一", "二", "三", "四", "五"][rng.below(5) as usize])),
        ("编外聘用", _) => ("", String::new()),
        (_, "正处级") => ("管理岗位", "五级".into()),
        (_, "副处级") => ("管理岗位", "六级".into()),
        (_, "正科级") => ("管理岗位", "七级".into()),
        (_, "副科级") => ("管理岗位", "八级".into()),
        _ if rng.below(4) == 0 => ("专业技术岗位", format!("{}级", ["八", "九", "十", "十一", "十二"][rng.below(5) as usize])),
        (_, "办事员") => ("管理岗位", "十级".into()),
        _ => ("管理岗位", "九级".into()),
    };
    let civil_rank = if establishment == "参公事业编制" {
        match level {
            "正处级" => "一级调研员",
            "副处级" => "三级调研员",
            "正科级" => "一级主任科员",
            "副科级" => "三级主任科员",
            "科员" => "一级科员",
            _ => "二级科员",
        }
    } else {
        ""
    };
    let work_year = (year + 21 + rng.below(4) as i32).min(today.year() - 1);
    let work_start = date_str(work_year, 7, 1);
    let party = leader || rng.below(100) < 45;
    let political = if party {
        "中共党员"
    } else {
        *rng.pick(&["群众", "群众", "群众", "共青团员", "民盟盟员", "九三学社社员", "无党派人士"])
    };
    let political = if political == "共青团员" && age > 28 { "群众" } else { political };
    let party_date = if party { date_str(year + 19 + rng.below(12) as i32, 7, 1) } else { String::new() };
    let party_date = if !party_date.is_empty() && party_date.as_str() > today.format("%Y-%m-%d").to_string().as_str() {
        date_str(today.year() - 1, 7, 1)
    } else {
        party_date
    };
    let edu = match rng.below(100) {
        0..=11 => "研究生",
        12..=64 => "大学本科",
        65..=87 => "大学专科",
        88..=95 => "中专",
        _ => "高中及以下",
    };
    let degree = match edu {
        "研究生" => "硕士",
        "大学本科" => "学士",
        _ => "无",
    };
    let (school, major) = *rng.pick(SCHOOLS);
    let join_year = (work_year + rng.below(10) as i32).clamp(work_year, today.year() - 1);
    let position_year = (join_year + 1).max(2024).min(today.year());
    let fields = PersonFields {
        name,
        sex: if male { "男" } else { "女" }.into(),
        ethnicity: (*rng.pick(&["汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "满族", "蒙古族"])).into(),
        birth_date: birth.clone(),
        native_place: (*rng.pick(PLACES)).into(),
        birth_place: (*rng.pick(PLACES)).into(),
        political_status: political.into(),
        party_date: if political == "中共党员" { party_date } else { String::new() },
        work_start,
        join_unit_date: date_str(join_year, 9, 1),
        edu_full: edu.into(),
        degree_full: degree.into(),
        school_full: if matches!(edu, "中专" | "高中及以下") { String::new() } else { school.into() },
        major_full: if matches!(edu, "中专" | "高中及以下") { String::new() } else { major.into() },
        edu_part: if edu == "大学专科" && rng.below(2) == 0 { "大学本科".into() } else { String::new() },
        degree_part: String::new(),
        school_part: String::new(),
        major_part: String::new(),
        establishment: establishment.into(),
        status: if retired { "退休" } else { "在职" }.into(),
        status_date: if retired { date_str(year + 60, month, day).min(today.format("%Y-%m-%d").to_string()) } else { String::new() },
        unit_id,
        position: position.into(),
        level: level.into(),
        civil_rank: civil_rank.into(),
        post_category: post_category.into(),
        post_grade,
        position_date: if leader { date_str(position_year, 1, 1) } else { String::new() },
        rank_date: if civil_rank.is_empty() { String::new() } else { date_str(position_year, 1, 1) },
        professional_title: String::new(),
        phone: format!("13{:09}", rng.below(1_000_000_000)),
        remarks: String::new(),
    };
    // A unique, valid ID number that agrees with the birth date and sex.
    let digits = birth.replace('-', "");
    let region = REGIONS[k % REGIONS.len()];
    let mut seq = rng.below(500) as u32 * 2 + if male { 1 } else { 0 };
    loop {
        let first17 = format!("{region}{digits}{:03}", seq % 1000);
        let full = format!("{first17}{}", check_char(&first17).unwrap_or('0'));
        if seen.insert(full.clone()) {
            if let Ok(id) = IdNumber::parse(&full) {
                return (fields, id);
            }
        }
        seq += 2;
    }
}

/// Approved numbers near the actual ones: most units fit, a few have vacancies, one is over.
async fn set_demo_quotas(w: &mut WriteTx, rng: &mut Rng) -> Result<(), sqlx::Error> {
    let est = sqlx::query("SELECT unit_id, establishment, COUNT(*) AS n FROM people WHERE status = '在职' GROUP BY unit_id, establishment ORDER BY unit_id, establishment")
        .fetch_all(&mut *w.tx)
        .await?;
    for r in est {
        let (u, c, n): (i64, String, i64) = (r.try_get("unit_id")?, r.try_get("establishment")?, r.try_get("n")?);
        if c == "编外聘用" {
            continue;
        }
        let approved = (n + rng.below(4) as i64 - 1).max(0);
        sqlx::query("INSERT INTO unit_establishment (unit_id, category, approved) VALUES ($1, $2, $3)")
            .bind(u)
            .bind(c)
            .bind(approved)
            .execute(&mut *w.tx)
            .await?;
    }
    let lead = sqlx::query("SELECT unit_id, level, COUNT(*) AS n FROM people WHERE status = '在职' AND level IN ('正处级','副处级','正科级','副科级') GROUP BY unit_id, level ORDER BY unit_id, level")
        .fetch_all(&mut *w.tx)
        .await?;
    for r in lead {
        let (u, l, n): (i64, String, i64) = (r.try_get("unit_id")?, r.try_get("level")?, r.try_get("n")?);
        let approved = (n + rng.below(3) as i64 - 1).max(1);
        sqlx::query("INSERT INTO unit_leader_quota (unit_id, level, approved) VALUES ($1, $2, $3)")
            .bind(u)
            .bind(l)
            .bind(approved)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn every_demo_person_is_a_valid_record() {
        use crate::domain::roster::validate;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let units: Vec<(i64, &str)> = (1..=18).map(|i| (i, "部室")).collect();
        let mut rng = Rng::new(20_241_128);
        let mut seen = std::collections::HashSet::new();
        for k in 0..5000 {
            let (f, id) = super::demo_person(&mut rng, k, &units, today, &mut seen);
            if let Err(errs) = validate(&f, Some(id.as_str()), today) {
                panic!("person {k} ({f:?}) is invalid: {errs:?}");
            }
        }
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert!(Rng::new(1).below(10) < 10);
    }
}
