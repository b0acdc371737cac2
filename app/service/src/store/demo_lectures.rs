//! Demo lectures: a year (or, for benchmarks, several) of 每月大讲堂 and 周五小课堂 with rooms,
//! lecturers from the roster and from outside, enrolment, leave and attendance. Deterministic.

use super::demo::Rng;
use super::lectures::{self as store, StoredSeries, StoredSession};
use super::{calendar, Db, WriteTx};
use crate::domain::eligibility::TARGETS;
use crate::domain::lectures::{hours_tenths, Audience, LectureRules};
use crate::domain::recurrence::{End, OnHoliday, Pattern, Recurrence};
use crate::domain::time::{china_ms, today_china};
use crate::model::{Lecturer, Room};
use chrono::{Datelike, NaiveDate};
use sqlx::Row;

const HALL_TOPICS: &[&str] = &[
    "学习贯彻党的二十届四中全会精神",
    "机关事务管理条例解读",
    "新时代机关后勤服务保障的思路与举措",
    "保密工作与网络安全",
    "依法行政与廉政风险防控",
    "公文写作与公文处理规范",
    "节约型机关建设",
    "干部教育培训工作条例解读",
    "应急管理与安全生产",
    "优化营商环境与服务型机关建设",
    "习近平法治思想专题辅导",
    "政府采购与国有资产管理",
];

const CLASS_TOPICS: &[&str] = &[
    "公文写作：通知与请示",
    "公文写作：报告与函",
    "会务服务礼仪",
    "消防器材使用与疏散演练",
    "食品安全与餐饮服务规范",
    "办公软件：表格处理技巧",
    "车辆安全驾驶与维护",
    "物业设备巡检要点",
    "接待服务中的沟通技巧",
    "个人信息保护基础",
    "急救常识与心肺复苏",
    "档案整理与归档",
];

const EXTERNAL: &[(&str, &str, &str)] = &[
    ("王建国", "省委党校", "教授"),
    ("刘敏", "省机关事务管理局", "处长"),
    ("陈志强", "省消防救援总队", "高级工程师"),
    ("赵丽华", "省保密局", "副处长"),
];

pub struct LectureDemo {
    pub series: usize,
    pub sessions: usize,
}

/// Create rooms, the two series and their sessions from `from` to `to`, with lecturers, and
/// attendance, enrolment and leave for the sessions already held.
/// `leave_unit`: a 部室 where someone has asked for leave from the next 大讲堂 (for its leader to decide).
/// `province`: the province-sized demo: the 大讲堂 is for every 处级 and 科级 cadre, every 部室
/// holds three 专题培训 a year, and sessions of every year are rated.
pub async fn seed(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    employee_person: Option<i64>,
    leave_unit: Option<i64>,
    province: bool,
) -> anyhow::Result<LectureDemo> {
    let mut rng = Rng::new(20_261_128);
    let cal = calendar::load(db).await?;
    let rules = LectureRules::default();
    let now = super::now_ms();
    let mut w = db.write().await?;
    let mut room_ids = Vec::new();
    for (name, cap, loc) in [("大会议室", 300, "主楼三楼"), ("培训教室", 60, "主楼五楼 501"), ("小会议室", 30, "主楼二楼 203")]
    {
        let id = store::room_save(&mut w, &Room { id: 0, name: name.into(), capacity: cap, location: loc.into(), active: true })
            .await?
            .ok_or_else(|| anyhow::anyhow!("room"))?;
        room_ids.push(id);
    }
    let category = |name: &str| {
        let name = name.to_string();
        async move {
            sqlx::query("SELECT id FROM lecture_categories WHERE name = $1").bind(name).fetch_one(&db.pool).await?.try_get::<i64, _>("id")
        }
    };
    let (policy, skills, writing) = (category("政策理论").await?, category("职业技能").await?, category("公文写作").await?);
    // Leaders who lecture: the most senior people on the roster.
    let leaders: Vec<i64> =
        sqlx::query("SELECT id FROM people WHERE status = '在职' AND level IN ('正处级', '副处级') ORDER BY id LIMIT 6")
            .fetch_all(&mut *w.tx)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
    let hall = Recurrence {
        start: from,
        pattern: Pattern::MonthlyNth { nth: -1, weekday: 4 },
        end: End::Until(to),
        on_holiday: OnHoliday::MoveToNextWorkingDay,
    };
    let class = Recurrence {
        start: from,
        pattern: Pattern::Weekly { weekdays: vec![5], every: 1 },
        end: End::Until(to),
        on_holiday: OnHoliday::Skip,
    };
    let specs = [
        (
            "每月大讲堂",
            "大讲堂",
            policy,
            room_ids[0],
            14 * 60 + 30,
            120_u32,
            hall,
            if province {
                Audience { levels: TARGETS.iter().map(|l| l.to_string()).collect(), ..Default::default() }
            } else {
                Audience { everyone: true, ..Default::default() }
            },
            false,
            None,
        ),
        ("周五小课堂", "小课堂", skills, room_ids[1], 16 * 60, 60_u32, class, Audience::default(), true, Some(40_i64)),
    ];
    let mut sessions = 0;
    for (si, (name, kind, cat, room, start_min, minutes, rec, audience, open, capacity)) in specs.into_iter().enumerate() {
        let series = StoredSeries {
            id: 0,
            name: name.into(),
            kind: kind.into(),
            category_id: cat,
            room_id: Some(room),
            start_time: crate::domain::lectures::clock_text(start_min),
            duration_min: minutes as i64,
            recurrence: serde_json::to_string(&rec)?,
            audience: serde_json::to_string(&audience)?,
            open_enrolment: open,
            capacity,
            feed_token: crate::security::new_token(),
        };
        let series_id = store::series_save(&mut w, &series).await?;
        let occurrences = rec.occurrences(&cal).map_err(|e| anyhow::anyhow!(e.join("；")))?;
        for (n, o) in occurrences.iter().enumerate() {
            let topics = if si == 0 { HALL_TOPICS } else { CLASS_TOPICS };
            let title = topics[(o.date.month0() as usize + n) % topics.len()];
            let s = StoredSession {
                series_id: Some(series_id),
                nominal_date: Some(o.nominal.to_string()),
                title: title.into(),
                kind: kind.into(),
                category_id: if title.starts_with("公文写作") { writing } else { cat },
                room_id: Some(room),
                starts_at: china_ms(o.date, start_min),
                ends_at: china_ms(o.date, start_min + minutes),
                hours_tenths: hours_tenths(minutes, rules.minutes_per_hour),
                materials_md: format!("## {title}\n\n- 请提前 10 分钟到场签到\n- 课件会后发布在本页\n"),
                capacity,
                open_enrolment: open,
                audience: audience.clone(),
                moved: o.moved,
                ..Default::default()
            };
            let id = store::session_insert(&mut w, &s).await?;
            sessions += 1;
            // Lecturers: leaders teach the 公文写作 classes and some halls; outsiders the rest.
            let lecturer = if title.starts_with("公文写作") && !leaders.is_empty() {
                Lecturer { person_id: Some(leaders[n % leaders.len()]), ..Default::default() }
            } else if si == 0 && n % 3 != 0 {
                let (name, org, title) = EXTERNAL[n % EXTERNAL.len()];
                Lecturer { person_id: None, name: name.into(), org: org.into(), title: title.into() }
            } else if let Some(p) = leaders.get(n % leaders.len().max(1)) {
                Lecturer { person_id: Some(*p), ..Default::default() }
            } else {
                continue;
            };
            store::set_lecturers(&mut w, id, &[lecturer]).await?;
            if s.ends_at < now {
                let required = match (si, province) {
                    (0, false) => Required::Everyone,
                    (0, true) => Required::Cadres,
                    _ => Required::Enrolled,
                };
                held(&mut w, &mut rng, id, &s, required, employee_person, province).await?;
            } else if si == 1 && n % 2 == 0 {
                if let Some(p) = employee_person {
                    store::set_enrolment(&mut w, id, p, "enrolled").await?;
                }
            }
        }
    }
    if province {
        sessions += trainings(&mut w, &mut rng, &cal, from, to, room_ids[1], (policy, skills), &leaders, employee_person).await?;
    }
    // (The province's 大讲堂 is for cadres; the leave request is the centre demo's.)
    if let Some(unit) = leave_unit.filter(|_| !province) {
        let next = sqlx::query("SELECT id FROM lecture_sessions WHERE kind = '大讲堂' AND starts_at > $1 ORDER BY starts_at LIMIT 1")
            .bind(now)
            .fetch_optional(&mut *w.tx)
            .await?;
        let asker = sqlx::query("SELECT id FROM people WHERE unit_id = $1 AND status = '在职' AND level = '科员' ORDER BY id LIMIT 1")
            .bind(unit)
            .fetch_optional(&mut *w.tx)
            .await?;
        if let (Some(s), Some(p)) = (next, asker) {
            store::leave_request(&mut w, s.try_get("id")?, p.try_get("id")?, "陪同家人就医").await?;
        }
    }
    w.commit().await?;
    Ok(LectureDemo { series: 2, sessions })
}

/// Who a held session's attendance is drawn from.
enum Required {
    /// Every active person.
    Everyone,
    /// Every active 处级 and 科级 cadre.
    Cadres,
    /// The active people of a unit's subtree (its path, `/1/4/`).
    Unit(String),
    /// Those who enrolled (up to 40 a session).
    Enrolled,
}

/// A session that has taken place: most of the required came (a few late), some asked for leave.
async fn held(
    w: &mut WriteTx,
    rng: &mut Rng,
    id: i64,
    s: &StoredSession,
    required: Required,
    employee: Option<i64>,
    every_year_rated: bool,
) -> anyhow::Result<()> {
    let salt = rng.below(1000) as i64;
    let (who, path) = match &required {
        Required::Everyone | Required::Enrolled => (String::new(), None),
        Required::Cadres => (format!(" AND level IN ({})", TARGETS.map(|l| format!("'{l}'")).join(", ")), None),
        Required::Unit(path) => (" AND unit_id IN (SELECT id FROM org_units WHERE path LIKE $4)".to_string(), Some(format!("{path}%"))),
    };
    if !matches!(required, Required::Enrolled) {
        // One statement per session, whatever the size of the organisation.
        let leaves = format!(
            "INSERT INTO lecture_leaves (session_id, person_id, reason, status, decided_by, decided_at, decision_note, created_at) \
             SELECT $1, id, '外出公务', 'approved', '人事干部', $2, '', $2 FROM people WHERE status = '在职' AND (id * 31 + $3) % 100 < 4{who}"
        );
        let marks = format!(
            "INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) \
             SELECT $1, id, CASE WHEN (id * 17 + $3) % 100 < 6 THEN 'late' ELSE 'present' END, $2, 'qr', '' FROM people \
             WHERE status = '在职' AND (id * 31 + $3) % 100 >= 4 AND (id * 13 + $3) % 100 < 90{who}"
        );
        for (sql, at) in [(leaves, s.starts_at - 86_400_000), (marks, s.starts_at)] {
            let mut q = sqlx::query(&sql).bind(id).bind(at).bind(salt);
            if let Some(p) = &path {
                q = q.bind(p.clone());
            }
            q.execute(&mut *w.tx).await?;
        }
    } else {
        let rows = sqlx::query("SELECT id FROM people WHERE status = '在职' AND (id * 7 + $1) % 100 < 8 ORDER BY id LIMIT 40")
            .bind(salt)
            .fetch_all(&mut *w.tx)
            .await?;
        let mut people: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        if let Some(e) = employee {
            if !people.contains(&e) && salt % 3 == 0 {
                people.push(e);
            }
        }
        for p in people {
            store::set_enrolment(w, id, p, "enrolled").await?;
            if rng.below(10) < 9 {
                let mark = if rng.below(10) == 0 {
                    crate::domain::lectures::Attendance::Late
                } else {
                    crate::domain::lectures::Attendance::Present
                };
                store::check_in(w, id, p, mark, s.starts_at).await?;
            }
        }
    }
    let most = if matches!(required, Required::Unit(_)) { 150 } else { 300 };
    rated(w, rng, id, s, salt, employee, every_year_rated, most).await
}

const TRAINING_TOPICS: &[&str] = &[
    "业务能力提升专题培训",
    "依法行政专题培训",
    "廉洁从业专题教育",
    "安全生产专题培训",
    "数字政府建设专题培训",
    "保密知识专题培训",
    "财经纪律专题培训",
    "服务礼仪与沟通专题培训",
    "档案管理专题培训",
];

/// The province-sized demo's 专题培训: every 部室 three a year (spring, summer, autumn), for its
/// own people, on a working day; those held have attendance, leave and ratings.
#[allow(clippy::too_many_arguments)]
async fn trainings(
    w: &mut WriteTx,
    rng: &mut Rng,
    cal: &crate::domain::calendar::HolidayCalendar,
    from: NaiveDate,
    to: NaiveDate,
    room: i64,
    (policy, skills): (i64, i64),
    leaders: &[i64],
    employee: Option<i64>,
) -> anyhow::Result<usize> {
    let rules = LectureRules::default();
    let now = super::now_ms();
    let units = sqlx::query("SELECT id, path FROM org_units WHERE kind IN ('部室', '派出单位') ORDER BY id").fetch_all(&mut *w.tx).await?;
    let mut count = 0;
    for (u, row) in units.iter().enumerate() {
        let (unit, path): (i64, String) = (row.try_get("id")?, row.try_get("path")?);
        for year in from.year()..=to.year() {
            for (k, month) in [3, 6, 10].into_iter().enumerate() {
                let Some(day) = NaiveDate::from_ymd_opt(year, month + (u % 3) as u32, 5 + (u % 20) as u32) else { continue };
                let date = cal.working_day_on_or_after(day);
                if date < from || date > to {
                    continue;
                }
                let title = TRAINING_TOPICS[(u + k + year as usize) % TRAINING_TOPICS.len()];
                let (start_min, minutes) = (9 * 60, 180);
                let s = StoredSession {
                    title: title.into(),
                    kind: "专题培训".into(),
                    category_id: if k == 1 { skills } else { policy },
                    room_id: Some(room),
                    starts_at: china_ms(date, start_min),
                    ends_at: china_ms(date, start_min + minutes),
                    hours_tenths: hours_tenths(minutes, rules.minutes_per_hour),
                    materials_md: format!("## {title}\n\n- 培训对象：本部室全体在职人员\n"),
                    audience: Audience { unit_ids: vec![unit], ..Default::default() },
                    ..Default::default()
                };
                let id = store::session_insert(w, &s).await?;
                count += 1;
                let lecturer = match leaders.get(u % 4) {
                    Some(p) if k == 2 => Lecturer { person_id: Some(*p), ..Default::default() },
                    _ => {
                        let (name, org, title) = EXTERNAL[(u + k) % EXTERNAL.len()];
                        Lecturer { person_id: None, name: name.into(), org: org.into(), title: title.into() }
                    }
                };
                store::set_lecturers(w, id, &[lecturer]).await?;
                if s.ends_at < now {
                    held(w, rng, id, &s, Required::Unit(path.clone()), employee, true).await?;
                }
            }
        }
    }
    Ok(count)
}

const DEMO_COMMENTS: &[&str] = &[
    "内容很实用，希望多安排此类课程",
    "案例丰富，联系实际",
    "时间稍紧，建议留出提问环节",
    "讲解清楚，收获很大",
    "希望提前发布课件",
    "场地有点拥挤",
];

/// Ratings for sessions of the last year (or `every_year`): most who came rate (up to `most` a
/// session), mostly well.
/// The employee demo account leaves the sessions still open for rating unrated, so the demo has
/// something to rate. Marks and ratings are written apart, as the rating form does.
#[allow(clippy::too_many_arguments)]
async fn rated(
    w: &mut WriteTx,
    rng: &mut Rng,
    id: i64,
    s: &StoredSession,
    salt: i64,
    employee: Option<i64>,
    every_year: bool,
    most: i64,
) -> anyhow::Result<()> {
    let now = super::now_ms();
    if !every_year && s.ends_at < now - 365 * 86_400_000 {
        return Ok(());
    }
    let rules = crate::domain::ratings::RatingRules::default();
    let keep_open = if s.ends_at > now - rules.window_days as i64 * 86_400_000 { employee.unwrap_or(0) } else { 0 };
    let n = sqlx::query(
        "INSERT INTO lecture_rating_marks (session_id, person_id) SELECT session_id, person_id FROM lecture_attendance \
         WHERE session_id = $1 AND status IN ('present', 'late') AND (person_id * 7 + $2) % 100 < 75 AND person_id <> $3 \
         ORDER BY (person_id * 7919 + $2) % 1000, person_id LIMIT $4",
    )
    .bind(id)
    .bind(salt)
    .bind(keep_open)
    .bind(most)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(());
    }
    // One box per session, the ratings in a shuffled order, as the rating form keeps them.
    let mut items: Vec<crate::domain::ratings::Rating> = Vec::with_capacity(n as usize);
    let mut sum = 0i64;
    for _ in 0..n {
        let base = 3 + rng.below(3) as u8; // 3–5, mostly good
        let scores: Vec<u8> = (0..rules.indicators.len()).map(|_| (base + rng.below(2) as u8).min(5)).collect();
        let overall = (base + rng.below(2) as u8).min(5);
        let comment = if rng.below(3) == 0 { *rng.pick(DEMO_COMMENTS) } else { "" };
        sum += overall as i64;
        let slot = rng.below(items.len() as u64 + 1) as usize;
        crate::domain::ratings::shuffle_in(
            &mut items,
            crate::domain::ratings::Rating { indicators: rules.indicators.clone(), scores, overall, comment: comment.to_string() },
            slot,
        );
    }
    sqlx::query("INSERT INTO lecture_rating_boxes (session_id, n, overall_sum, closes_at, items) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(n as i64)
        .bind(sum)
        .bind(crate::domain::ratings::closes_at(s.ends_at, rules.window_days, None))
        .bind(serde_json::to_string(&items)?)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// The demo's lecture years: from the first of the month `years` years (less three months) back
/// to three months ahead.
pub fn demo_range(today: NaiveDate, years: u32) -> (NaiveDate, NaiveDate) {
    let from = today.checked_sub_months(chrono::Months::new(12 * years.clamp(1, 20) - 3)).unwrap_or(today);
    let to = today.checked_add_months(chrono::Months::new(3)).unwrap_or(today);
    (NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from), to)
}

pub fn today() -> NaiveDate {
    today_china(chrono::Utc::now())
}
