//! A deterministic demo organisation: the same seed always gives the same people, so tests can
//! rely on names and counts.

use super::audit::{self, Actor, NewRecord};
use super::{users, Db};
use crate::authz::{Role, RoleGrant};
use sqlx::Row;

/// SplitMix64: tiny, fast and stable across library versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
    "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
    "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
    "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波",
    "宁", "健", "建国", "志强", "文博", "俊杰", "浩然", "海涛", "立新", "国庆", "振华", "晓东", "子轩", "宇航",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "玲", "婷", "雪", "慧", "颖", "倩", "琳", "萍", "红",
    "晓燕", "丽华", "雅琴", "淑珍", "欣怡", "梦瑶", "思雨", "佳怡", "雨萱", "诗涵", "春梅", "海燕", "玉兰", "桂英",
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

pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub accounts: Vec<(&'static str, &'static str)>,
}

pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("admin", "系统管理员"),
    ("hr", "人事"),
    ("leader", "领导（中心）"),
    ("deptlead", "领导（餐饮服务部负责人）"),
    ("employee", "职工"),
];

/// Create the demo organisation. Refuses when accounts already exist.
pub async fn seed(db: &Db, password_hash: &str, employees: usize) -> anyhow::Result<DemoSummary> {
    if users::count(db).await? > 0 {
        anyhow::bail!("数据库中已有账户，未生成演示数据（演示数据只写入空数据库）");
    }
    let mut rng = Rng::new(20_241_128);
    let mut w = db.write().await?;

    // Units.
    let root: i64 = sqlx::query("INSERT INTO org_units (parent_id, name, code, path, sort_order) VALUES (NULL, $1, $2, '', 0) RETURNING id")
        .bind("省直机关后勤服务中心")
        .bind("CENTER")
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
    sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2").bind(format!("/{root}/")).bind(root).execute(&mut *w.tx).await?;
    let mut unit_ids: Vec<(i64, &str)> = Vec::new();
    for (i, (name, code, subs)) in DEPARTMENTS.iter().enumerate() {
        let id: i64 = sqlx::query("INSERT INTO org_units (parent_id, name, code, path, sort_order) VALUES ($1, $2, $3, '', $4) RETURNING id")
            .bind(root)
            .bind(*name)
            .bind(*code)
            .bind(i as i64)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2").bind(format!("/{root}/{id}/")).bind(id).execute(&mut *w.tx).await?;
        unit_ids.push((id, name));
        for (j, sub) in subs.iter().enumerate() {
            let sid: i64 = sqlx::query("INSERT INTO org_units (parent_id, name, code, path, sort_order) VALUES ($1, $2, $3, '', $4) RETURNING id")
                .bind(id)
                .bind(*sub)
                .bind(format!("{code}-{}", j + 1))
                .bind(j as i64)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("id")?;
            sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2").bind(format!("/{root}/{id}/{sid}/")).bind(sid).execute(&mut *w.tx).await?;
            unit_ids.push((sid, sub));
        }
    }
    let unit_count = unit_ids.len() + 1;

    // People, in multi-row batches.
    let n = employees.max(10);
    let mut first_ids: Vec<i64> = Vec::new();
    let mut leader_person = None;
    let mut canteen_person = None;
    let mut staff_person = None;
    let batch = 200;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        let mut sql = String::from("INSERT INTO people (name, sex, birth_date, unit_id, position, level, status, work_start) VALUES ");
        let mut rows: Vec<(String, &str, String, i64, String, &str, &str, String)> = Vec::new();
        for k in i..end {
            let male = rng.below(100) < 58;
            let name = format!(
                "{}{}",
                rng.pick(SURNAMES),
                if male { rng.pick(GIVEN_MALE) } else { rng.pick(GIVEN_FEMALE) }
            );
            let retired = k >= 12 && rng.below(100) < 9;
            let age = if retired { 60 + rng.below(11) as i32 } else { 23 + rng.below(37) as i32 };
            let year = 2026 - age;
            let month = 1 + rng.below(12) as u32;
            let day = 1 + rng.below(28) as u32;
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
            let (unit_id, _) = unit_ids[if k < 9 { (k * 2) % unit_ids.len() } else { rng.below(unit_ids.len() as u64) as usize }];
            let work_year = year + 22 + rng.below(3) as i32;
            rows.push((
                name,
                if male { "男" } else { "女" },
                format!("{year:04}-{month:02}-{day:02}"),
                unit_id,
                position.to_string(),
                level,
                if retired { "退休" } else { "在职" },
                format!("{work_year:04}-07-01"),
            ));
        }
        let placeholders: Vec<String> = (0..rows.len())
            .map(|r| {
                let b = r * 8;
                format!("(${},${},${},${},${},${},${},${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8)
            })
            .collect();
        sql.push_str(&placeholders.join(","));
        sql.push_str(" RETURNING id, unit_id, level, status");
        let mut q = sqlx::query(&sql);
        for r in &rows {
            q = q.bind(r.0.clone()).bind(r.1).bind(r.2.clone()).bind(r.3).bind(r.4.clone()).bind(r.5).bind(r.6).bind(r.7.clone());
        }
        let inserted = q.fetch_all(&mut *w.tx).await?;
        for row in inserted {
            let id: i64 = row.try_get("id")?;
            let unit: i64 = row.try_get("unit_id")?;
            let level: String = row.try_get("level")?;
            let status: String = row.try_get("status")?;
            if first_ids.len() < 3 {
                first_ids.push(id);
            }
            if leader_person.is_none() && level == "正处级" {
                leader_person = Some(id);
            }
            let canteen = unit_ids.iter().find(|(_, n)| *n == "餐饮服务部").map(|(u, _)| *u);
            if canteen_person.is_none() && Some(unit) == canteen && status == "在职" && level != "科员" {
                canteen_person = Some(id);
            }
            if staff_person.is_none() && level == "科员" && status == "在职" {
                staff_person = Some(id);
            }
        }
        i = end;
    }

    let canteen_unit = unit_ids.iter().find(|(_, n)| *n == "餐饮服务部").map(|(u, _)| *u);
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
    Ok(DemoSummary { units: unit_count, people: n, accounts: DEMO_ACCOUNTS.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        assert!(Rng::new(1).below(10) < 10);
    }
}
