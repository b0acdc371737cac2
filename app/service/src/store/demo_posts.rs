//! Demo data for posts and appointments: a post catalogue for every 部室 from the people in it,
//! and a plausible history for everyone (a first post in one of the merged units, promotions up
//! to their level, the reorganisation's 首聘 / 平岗定位 on 2025-03-01), three recent promotions in
//! 试用期 and one in 任前公示. Written with multi-row statements: 100,000 people take seconds.

use super::{bind_all, now_ms, Arg, Db, WriteTx};
use crate::domain::posts::{management_grade_for_level, notice_end, probation_end};
use chrono::{Datelike, NaiveDate};
use sqlx::Row;
use std::collections::HashMap;

const REORG: &str = "2025-03-01";
const REORG_DOC: &str = "后勤中心〔2025〕8号";
const FORMER_UNITS: &[&str] = &["原省级机关车队", "原机关接待处", "原机关物业管理中心", "原机关幼儿园", "原机关印刷厂"];
const LADDER: &[(&str, &str)] = &[("副科级", "副科长"), ("正科级", "科长"), ("副处级", "副部长"), ("正处级", "部长")];
const ROWS: usize = 200;

struct Person {
    id: i64,
    unit_id: i64,
    position: String,
    level: String,
    category: String,
    work_start: NaiveDate,
    position_date: Option<NaiveDate>,
}

/// The post a person holds: (unit, name) with its category, grade and leadership level.
#[derive(Clone, Hash, PartialEq, Eq)]
struct PostKey {
    unit_id: i64,
    name: String,
}

struct PostDraft {
    category: &'static str,
    grade: String,
    leader_level: String,
    holders: i64,
    order: i64,
}

fn post_of(p: &Person) -> (PostKey, &'static str, String, String, i64) {
    let leader = LADDER.iter().any(|(l, _)| *l == p.level);
    let (name, category, grade, order) = if leader {
        (p.position.clone(), "管理岗位", management_grade_for_level(&p.level).unwrap_or("九级").to_string(), 1)
    } else {
        match p.category.as_str() {
            "专业技术岗位" => ("专业技术岗".to_string(), "专业技术岗位", "十级".to_string(), 3),
            "工勤技能岗位" => ("工勤技能岗".to_string(), "工勤技能岗位", "技术工三级".to_string(), 4),
            _ => (
                if p.position.is_empty() { "综合管理岗".to_string() } else { p.position.clone() },
                "管理岗位",
                management_grade_for_level(&p.level).unwrap_or("九级").to_string(),
                2,
            ),
        }
    };
    (PostKey { unit_id: p.unit_id, name }, category, grade, if leader { p.level.clone() } else { String::new() }, order)
}

fn years_before(d: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() - years, d.month(), d.day().min(28)).unwrap_or(d)
}

/// One history row (the columns of `appointments` the demo fills).
struct Rec {
    person_id: i64,
    kind: &'static str,
    date: String,
    doc_no: String,
    decided_by: &'static str,
    unit_id: Option<i64>,
    unit_name: String,
    position: String,
    level: String,
    prev_position: String,
    prev_level: String,
    post_id: Option<i64>,
    campaign_id: Option<i64>,
}

fn opt(v: Option<i64>) -> Arg {
    v.map(Arg::I).unwrap_or(Arg::NullI)
}

async fn insert_recs(w: &mut WriteTx, recs: &[Rec]) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let now = now_ms();
    let mut ids = HashMap::new();
    for chunk in recs.chunks(ROWS) {
        let mut sql = String::from(
            "INSERT INTO appointments (person_id, kind, effective_date, doc_no, decided_by, notes, post_id, unit_id, unit_name, position, level, \
             prev_position, prev_level, campaign_id, created_at, created_by) VALUES ",
        );
        let mut args = Vec::with_capacity(chunk.len() * 15);
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let b = args.len();
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, '', ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 'yucai demo')",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
                b + 11,
                b + 12,
                b + 13,
                b + 14
            ));
            args.extend([
                Arg::I(r.person_id),
                Arg::S(r.kind.into()),
                Arg::S(r.date.clone()),
                Arg::S(r.doc_no.clone()),
                Arg::S(r.decided_by.into()),
                opt(r.post_id),
                opt(r.unit_id),
                Arg::S(r.unit_name.clone()),
                Arg::S(r.position.clone()),
                Arg::S(r.level.clone()),
                Arg::S(r.prev_position.clone()),
                Arg::S(r.prev_level.clone()),
                opt(r.campaign_id),
                Arg::I(now),
            ]);
        }
        sql.push_str(" RETURNING id, person_id");
        for r in bind_all(sqlx::query(&sql), &args).fetch_all(&mut *w.tx).await? {
            ids.insert(r.try_get::<i64, _>("person_id")?, r.try_get::<i64, _>("id")?);
        }
    }
    Ok(ids)
}

pub async fn seed(db: &Db, today: NaiveDate) -> anyhow::Result<()> {
    let reorg = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or(today);
    let mut w = db.write().await?;
    let units: HashMap<i64, String> = sqlx::query("SELECT id, name FROM org_units")
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let rows = sqlx::query(
        "SELECT id, unit_id, position, level, post_category, COALESCE(work_start, '') AS work_start, COALESCE(position_date, '') AS position_date \
         FROM people WHERE status = '在职' ORDER BY id",
    )
    .fetch_all(&mut *w.tx)
    .await?;
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut people = Vec::with_capacity(rows.len());
    for r in &rows {
        let ws: String = r.try_get("work_start")?;
        let pd: String = r.try_get("position_date")?;
        people.push(Person {
            id: r.try_get("id")?,
            unit_id: r.try_get("unit_id")?,
            position: r.try_get("position")?,
            level: r.try_get("level")?,
            category: r.try_get("post_category")?,
            work_start: parse(&ws).unwrap_or_else(|| years_before(today, 5)),
            position_date: parse(&pd),
        });
    }

    // 1. Posts, one per (部室, title), leaders first.
    let mut drafts: HashMap<PostKey, PostDraft> = HashMap::new();
    for p in &people {
        let (key, category, grade, leader_level, order) = post_of(p);
        drafts.entry(key).or_insert(PostDraft { category, grade, leader_level, holders: 0, order }).holders += 1;
    }
    let mut keys: Vec<PostKey> = drafts.keys().cloned().collect();
    keys.sort_by(|a, b| (a.unit_id, drafts[a].order, &a.name).cmp(&(b.unit_id, drafts[b].order, &b.name)));
    let now = now_ms();
    for chunk in keys.chunks(ROWS) {
        let mut sql = String::from(
            "INSERT INTO posts (unit_id, name, category, grade, leader_level, seats, duties, sort_order, created_at, updated_at) VALUES ",
        );
        let mut args = Vec::new();
        for (i, k) in chunk.iter().enumerate() {
            let d = &drafts[k];
            if i > 0 {
                sql.push_str(", ");
            }
            let b = args.len();
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 9
            ));
            let seats = if d.leader_level.is_empty() { d.holders + 1 } else { d.holders };
            let duties = format!(
                "负责{}{}岗位职责范围内的工作，完成中心和部室交办的其他任务。",
                units.get(&k.unit_id).cloned().unwrap_or_default(),
                k.name
            );
            args.extend([
                Arg::I(k.unit_id),
                Arg::S(k.name.clone()),
                Arg::S(d.category.into()),
                Arg::S(d.grade.clone()),
                Arg::S(d.leader_level.clone()),
                Arg::I(seats),
                Arg::S(duties),
                Arg::I(d.order),
                Arg::I(now),
            ]);
        }
        bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
    }
    let post_ids: HashMap<PostKey, i64> = sqlx::query("SELECT id, unit_id, name FROM posts")
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| Ok((PostKey { unit_id: r.try_get("unit_id")?, name: r.try_get("name")? }, r.try_get("id")?)))
        .collect::<Result<_, sqlx::Error>>()?;

    // 2. The reorganisation's campaign.
    let campaign: i64 = sqlx::query(
        "INSERT INTO post_campaigns (name, kind, doc_no, decided_by, effective_date, notes, status, created_at, created_by, updated_at, committed_at) \
         VALUES ('2025年机构改革首聘和平岗定位', '首聘', $1, '中心党委会', $2, '涉改单位人员整体转入，处级干部平岗定位，其余人员首聘到岗', '已提交', $3, 'yucai demo', $3, $3) RETURNING id",
    )
    .bind(REORG_DOC)
    .bind(REORG)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;

    // 3. Histories: earlier records first, then the record that gave each person their post.
    let mut earlier: Vec<Rec> = Vec::new();
    let mut placing: Vec<Rec> = Vec::new();
    let mut placed_on: HashMap<i64, String> = HashMap::new();
    for p in &people {
        let former = FORMER_UNITS[(p.id as usize) % FORMER_UNITS.len()];
        let (key, _, _, _, _) = post_of(p);
        let post = post_ids.get(&key).copied();
        let rung = LADDER.iter().position(|(l, _)| *l == p.level);
        let start_level = if rung.is_some() || p.level == "无" { "科员".to_string() } else { p.level.clone() };
        let start_title = if rung.is_some() {
            "科员".to_string()
        } else if p.position.is_empty() {
            start_level.clone()
        } else {
            p.position.clone()
        };
        let new_here = p.work_start >= reorg;
        earlier.push(Rec {
            person_id: p.id,
            kind: "首聘",
            date: p.work_start.to_string(),
            doc_no: String::new(),
            decided_by: "",
            unit_id: new_here.then_some(p.unit_id),
            unit_name: if new_here { units.get(&p.unit_id).cloned().unwrap_or_default() } else { former.to_string() },
            position: start_title.clone(),
            level: start_level.clone(),
            prev_position: String::new(),
            prev_level: String::new(),
            post_id: if new_here && rung.is_none() { post } else { None },
            campaign_id: None,
        });
        if new_here && rung.is_none() {
            // Joined after the reorganisation straight into their post: that first record places them.
            let last = earlier.pop();
            if let Some(r) = last {
                placed_on.insert(p.id, r.date.clone());
                placing.push(r);
            }
            continue;
        }
        // Promotions up the ladder, three years apart, the last on their 任现职时间.
        let (mut prev_title, mut prev_level) = (start_title, start_level);
        if let Some(top) = rung {
            let last = p.position_date.filter(|d| *d > p.work_start).unwrap_or_else(|| years_before(reorg, 1));
            for (i, (level, title)) in LADDER.iter().enumerate().take(top + 1) {
                let mut date = years_before(last, 3 * (top - i) as i32);
                let floor = NaiveDate::from_ymd_opt(p.work_start.year() + 1 + i as i32, 7, 1).unwrap_or(p.work_start);
                if date < floor {
                    date = floor;
                }
                let after_reorg = date >= reorg;
                let rec = Rec {
                    person_id: p.id,
                    kind: "提任",
                    date: date.to_string(),
                    doc_no: format!("{}〔{}〕{}号", if after_reorg { "后勤中心" } else { "机关事务" }, date.year(), 10 + (p.id % 40)),
                    decided_by: "党委会",
                    unit_id: after_reorg.then_some(p.unit_id),
                    unit_name: if after_reorg { units.get(&p.unit_id).cloned().unwrap_or_default() } else { former.to_string() },
                    position: title.to_string(),
                    level: level.to_string(),
                    prev_position: prev_title.clone(),
                    prev_level: prev_level.clone(),
                    post_id: None,
                    campaign_id: None,
                };
                if i == top && after_reorg {
                    // Promoted into the post they hold after the reorganisation: placed first at the
                    // level below (no post of the catalogue), then promoted into it.
                    earlier.push(Rec {
                        person_id: p.id,
                        kind: "首聘",
                        date: REORG.into(),
                        doc_no: REORG_DOC.into(),
                        decided_by: "中心党委会",
                        unit_id: Some(p.unit_id),
                        unit_name: units.get(&p.unit_id).cloned().unwrap_or_default(),
                        position: prev_title.clone(),
                        level: prev_level.clone(),
                        prev_position: prev_title.clone(),
                        prev_level: prev_level.clone(),
                        post_id: None,
                        campaign_id: Some(campaign),
                    });
                    placed_on.insert(p.id, rec.date.clone());
                    placing.push(Rec { post_id: post, ..rec });
                } else {
                    earlier.push(rec);
                }
                prev_title = title.to_string();
                prev_level = level.to_string();
            }
        }
        if placed_on.contains_key(&p.id) {
            continue;
        }
        let kind = if p.level == "正处级" || p.level == "副处级" { "平岗定位" } else { "首聘" };
        placed_on.insert(p.id, REORG.into());
        placing.push(Rec {
            person_id: p.id,
            kind,
            date: REORG.into(),
            doc_no: REORG_DOC.into(),
            decided_by: "中心党委会",
            unit_id: Some(p.unit_id),
            unit_name: units.get(&p.unit_id).cloned().unwrap_or_default(),
            position: key.name.clone(),
            level: p.level.clone(),
            prev_position: prev_title,
            prev_level,
            post_id: post,
            campaign_id: Some(campaign),
        });
    }
    earlier.sort_by(|a, b| (a.person_id, &a.date).cmp(&(b.person_id, &b.date)));
    insert_recs(&mut w, &earlier).await?;
    let placed = insert_recs(&mut w, &placing).await?;

    // 4. Holders, the people's 任现职时间, the campaign's list.
    for chunk in placing.chunks(ROWS) {
        let mut values = Vec::new();
        for r in chunk {
            if let (Some(post), Some(aid)) = (r.post_id, placed.get(&r.person_id)) {
                values.push(format!("({}, {post}, 1, '{}', {aid})", r.person_id, r.date));
            }
        }
        if !values.is_empty() {
            sqlx::query(&format!(
                "INSERT INTO post_holders (person_id, post_id, main, since, appointment_id) VALUES {}",
                values.join(", ")
            ))
            .execute(&mut *w.tx)
            .await?;
        }
        let reorg_people: Vec<String> = chunk
            .iter()
            .filter(|r| r.campaign_id.is_some() && r.post_id.is_some())
            .map(|r| format!("({campaign}, {}, {})", r.person_id, r.post_id.unwrap_or(0)))
            .collect();
        if !reorg_people.is_empty() {
            sqlx::query(&format!("INSERT INTO post_campaign_items (campaign_id, person_id, post_id) VALUES {}", reorg_people.join(", ")))
                .execute(&mut *w.tx)
                .await?;
        }
    }
    let mut by_date: HashMap<&str, Vec<i64>> = HashMap::new();
    for (pid, d) in &placed_on {
        by_date.entry(d.as_str()).or_default().push(*pid);
    }
    for (date, ids) in by_date {
        for chunk in ids.chunks(ROWS * 5) {
            let list = chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
            sqlx::query(&format!("UPDATE people SET position_date = $1 WHERE id IN ({list})")).bind(date).execute(&mut *w.tx).await?;
        }
    }

    // 5. Three recent promotions to 副科级 (in 试用期) and one in 任前公示.
    let cal = super::calendar::load(db).await?;
    let taken: std::collections::HashSet<i64> = sqlx::query("SELECT person_id FROM users WHERE person_id IS NOT NULL")
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .filter_map(|r| r.try_get("person_id").ok())
        .collect();
    let candidates: Vec<&Person> = people
        .iter()
        .filter(|p| p.level == "科员" && p.category == "管理岗位" && p.work_start < reorg && !taken.contains(&p.id))
        .step_by(7)
        .take(4)
        .collect();
    let effective = ["2026-01-12", "2026-03-02", "2026-06-15"];
    for (i, p) in candidates.iter().enumerate() {
        let unit = units.get(&p.unit_id).cloned().unwrap_or_default();
        let name = format!("副科长（{}）", i + 1);
        let post: i64 = sqlx::query(
            "INSERT INTO posts (unit_id, name, category, grade, leader_level, seats, duties, sort_order, created_at, updated_at) \
             VALUES ($1, $2, '管理岗位', '八级', '副科级', 1, '协助部室负责人做好分管工作。', 1, $3, $3) RETURNING id",
        )
        .bind(p.unit_id)
        .bind(&name)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let (decision, start) = match effective.get(i) {
            Some(e) => {
                let e = NaiveDate::parse_from_str(e, "%Y-%m-%d").unwrap_or(today);
                (e - chrono::Duration::days(21), e - chrono::Duration::days(14))
            }
            None => (today - chrono::Duration::days(4), cal.working_day_on_or_after(today - chrono::Duration::days(2))),
        };
        let end = notice_end(&cal, start, 5);
        let status = if effective.get(i).is_some() { "已任职" } else { "公示中" };
        let promotion: i64 = sqlx::query(
            "INSERT INTO promotions (person_id, post_id, to_level, decided_by, decision_date, notice_start, notice_end, notice_days, status, reason, created_at, created_by) \
             VALUES ($1, $2, '副科级', '中心党委会', $3, $4, $5, 5, $6, '工作实绩突出，群众公认度高', $7, 'yucai demo') RETURNING id",
        )
        .bind(p.id)
        .bind(post)
        .bind(decision.to_string())
        .bind(start.to_string())
        .bind(end.to_string())
        .bind(status)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let Some(e) = effective.get(i) else { continue };
        let date = NaiveDate::parse_from_str(e, "%Y-%m-%d").unwrap_or(today);
        let rec = Rec {
            person_id: p.id,
            kind: "提任",
            date: e.to_string(),
            doc_no: format!("后勤中心〔2026〕{}号", 20 + i),
            decided_by: "中心党委会",
            unit_id: Some(p.unit_id),
            unit_name: unit,
            position: name.clone(),
            level: "副科级".into(),
            prev_position: p.position.clone(),
            prev_level: "科员".into(),
            post_id: Some(post),
            campaign_id: None,
        };
        let aid = insert_recs(&mut w, &[rec]).await?.get(&p.id).copied().unwrap_or(0);
        sqlx::query("UPDATE appointments SET promotion_id = $1 WHERE id = $2").bind(promotion).bind(aid).execute(&mut *w.tx).await?;
        sqlx::query("UPDATE promotions SET appointment_id = $1 WHERE id = $2").bind(aid).bind(promotion).execute(&mut *w.tx).await?;
        sqlx::query("DELETE FROM post_holders WHERE person_id = $1").bind(p.id).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO post_holders (person_id, post_id, main, since, appointment_id) VALUES ($1, $2, 1, $3, $4)")
            .bind(p.id)
            .bind(post)
            .bind(e)
            .bind(aid)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("UPDATE people SET level = '副科级', level_rank = 4, position = $1, position_date = $2, post_category = '管理岗位', post_grade = '八级' WHERE id = $3")
            .bind(&name)
            .bind(e)
            .bind(p.id)
            .execute(&mut *w.tx)
            .await?;
        let ends = probation_end(date, 12).unwrap_or(date);
        sqlx::query("INSERT INTO probations (appointment_id, person_id, starts, ends, status) VALUES ($1, $2, $3, $4, '试用中')")
            .bind(aid)
            .bind(p.id)
            .bind(e)
            .bind(ends.to_string())
            .execute(&mut *w.tx)
            .await?;
    }

    // 6. Seats and 职数 in use.
    let all_posts: Vec<i64> =
        sqlx::query("SELECT id FROM posts").fetch_all(&mut *w.tx).await?.iter().filter_map(|r| r.try_get("id").ok()).collect();
    let all_units: Vec<i64> = units.keys().copied().collect();
    super::posts::recount(&mut w, &all_posts, &all_units).await?;
    w.commit().await?;
    Ok(())
}
