//! Demo 学时 and scores: 网络学习 every quarter for most people, approved external training for a
//! few each year (the employee demo account has one approved and one waiting), and this year's
//! two assessments with their scores. Set-based, so it scales with the organisation.

use super::Db;
use crate::domain::assessment::Scale;
use chrono::{Datelike, NaiveDate};
use sqlx::Row;

const PLATFORMS: [&str; 2] = ["干部网络学院", "学习强国"];
const COURSES: [(&str, &str, i64); 4] = [
    ("省委党校", "中青年干部培训班", 320),
    ("省机关事务管理局", "机关事务管理业务培训班", 240),
    ("省财政厅", "政府采购与资产管理专题培训", 160),
    ("省应急管理厅", "安全生产管理人员培训", 120),
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub async fn seed(db: &Db, from: NaiveDate, today: NaiveDate, employee: Option<i64>) -> anyhow::Result<()> {
    let now = super::now_ms();
    let mut w = db.write().await?;
    // 网络学习: the 15th of each quarter's middle month so far, 0.5 to 15 学时, most people.
    for year in from.year()..=today.year() {
        for (q, month) in [2u32, 5, 8, 11].into_iter().enumerate() {
            let d = day(year, month, 15);
            if d < from || d > today {
                continue;
            }
            let salt = (year as i64 * 4 + q as i64) % 97;
            sqlx::query(
                "INSERT INTO training_online (person_id, learned_on, hours_tenths, platform, entered_by, created_at) \
                 SELECT id, $1, 5 + (id * 37 + $2) % 146, $3, '人事干部', $4 FROM people WHERE status = '在职' AND (id * 11 + $2) % 100 < 85",
            )
            .bind(d.to_string())
            .bind(salt)
            .bind(PLATFORMS[q % 2])
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
        }
        // External training: about one person in twelve a year, approved.
        let (organiser, title, hours) = COURSES[(year % 4) as usize];
        let (start, end) = (day(year, 4, 13), day(year, 4, 24));
        if end <= today && end >= from {
            sqlx::query(
                "INSERT INTO training_external (person_id, organiser, title, start_date, end_date, hours_tenths, note, status, \
                 decided_by, decided_at, decision_note, created_at) \
                 SELECT id, $1, $2, $3, $4, $5, '', 'approved', '人事干部', $6, '', $6 FROM people \
                 WHERE status = '在职' AND (id * 29 + $7) % 100 < 8",
            )
            .bind(organiser)
            .bind(title)
            .bind(start.to_string())
            .bind(end.to_string())
            .bind(hours)
            .bind(now)
            .bind(year as i64 % 89)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    if let Some(p) = employee {
        let this = today.year();
        for (status, organiser, title, s, e, hours, note, decision) in [
            ("approved", "省机关事务管理局", "节约型机关建设专题培训", day(this, 3, 9), day(this, 3, 11), 240_i64, "脱产三天", "同意"),
            (
                "pending",
                "省委党校",
                "党的二十届四中全会精神专题研讨班",
                today - chrono::Duration::days(12),
                today - chrono::Duration::days(10),
                160,
                "已取得结业证书",
                "",
            ),
        ] {
            if e > today {
                continue;
            }
            let decided = (status != "pending").then_some(now);
            sqlx::query(
                "INSERT INTO training_external (person_id, organiser, title, start_date, end_date, hours_tenths, note, status, \
                 decided_by, decided_at, decision_note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(p)
            .bind(organiser)
            .bind(title)
            .bind(s.to_string())
            .bind(e.to_string())
            .bind(hours)
            .bind(note)
            .bind(status)
            .bind(decided.map(|_| "人事干部"))
            .bind(decided)
            .bind(decision)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
        }
    }

    // This year's assessments: the last 公文写作 class held (scored 0–100) and a practical test
    // graded by 等次.
    let year_start = crate::domain::time::china_day_start_ms(day(today.year(), 1, 1));
    let writing = sqlx::query(
        "SELECT id, starts_at FROM lecture_sessions WHERE title LIKE '公文写作%' AND status <> 'cancelled' AND ends_at < $1 AND starts_at >= $2 \
         ORDER BY starts_at DESC LIMIT 1",
    )
    .bind(now)
    .bind(year_start)
    .fetch_optional(&mut *w.tx)
    .await?;
    if let Some(r) = writing {
        let sid: i64 = r.try_get("id")?;
        let held = crate::domain::time::china_date(r.try_get("starts_at")?);
        let scale = serde_json::to_string(&Scale::default())?;
        let aid: i64 = sqlx::query(
            "INSERT INTO assessments (title, kind, session_id, series_id, held_on, scale, created_at, updated_at) \
             VALUES ('公文写作结业考试', '考试', $1, NULL, $2, $3, $4, $4) RETURNING id",
        )
        .bind(sid)
        .bind(held.to_string())
        .bind(&scale)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let mut people: Vec<i64> =
            sqlx::query("SELECT person_id FROM lecture_attendance WHERE session_id = $1 AND status IN ('present', 'late')")
                .bind(sid)
                .fetch_all(&mut *w.tx)
                .await?
                .iter()
                .map(|r| r.try_get("person_id"))
                .collect::<Result<_, _>>()?;
        if let Some(p) = employee.filter(|p| !people.contains(p)) {
            people.push(p);
        }
        for p in people {
            let score = 48 + (p * 37 + aid) % 51;
            sqlx::query(
                "INSERT INTO assessment_scores (assessment_id, person_id, score, points_hundredths, passed, entered_by, entered_at) \
                 VALUES ($1, $2, $3, $4, $5, '人事干部', $6)",
            )
            .bind(aid)
            .bind(p)
            .bind(score.to_string())
            .bind(score * 100)
            .bind((score >= 60) as i64)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    let practical = today - chrono::Duration::days(40);
    if practical.year() == today.year() && practical >= from {
        let scale = serde_json::to_string(&Scale::default_grades())?;
        let aid: i64 = sqlx::query(
            "INSERT INTO assessments (title, kind, session_id, series_id, held_on, scale, created_at, updated_at) \
             VALUES ('服务技能实操考核', '实操', NULL, NULL, $1, $2, $3, $3) RETURNING id",
        )
        .bind(practical.to_string())
        .bind(&scale)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let e = employee.unwrap_or(0);
        sqlx::query(
            "INSERT INTO assessment_scores (assessment_id, person_id, score, points_hundredths, passed, entered_by, entered_at) \
             SELECT $1, id, CASE WHEN (id * 13) % 10 < 2 THEN '优秀' WHEN (id * 13) % 10 < 6 THEN '良好' WHEN (id * 13) % 10 < 9 THEN '合格' ELSE '不合格' END, \
             NULL, CASE WHEN (id * 13) % 10 < 9 THEN 1 ELSE 0 END, '人事干部', $2 FROM people \
             WHERE status = '在职' AND ((id * 7) % 100 < 30 OR id = $3)",
        )
        .bind(aid)
        .bind(now)
        .bind(e)
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    grades(db, today.year() - 1).await?;
    followups(db, employee).await?;
    Ok(())
}

/// Last year's 年度考核 for everyone taking part: within each 部室 the 优秀 share up to the cap,
/// a few 基本称职/基本合格, the rest 称职/合格; 不定等次 for people in 试用期.
async fn grades(db: &Db, year: i32) -> anyhow::Result<()> {
    use crate::domain::assessment::{check_gradable, excellent_cap, grade_set_for, ExcellentRules, NOT_GRADED};
    let people = super::grades::participants(db, &crate::authz::Scope::All, year, None).await?;
    let mut by_dept: std::collections::BTreeMap<i64, Vec<&super::grades::Participant>> = std::collections::BTreeMap::new();
    for p in people.iter().filter(|p| p.status == "在职") {
        by_dept.entry(p.dept_id).or_default().push(p);
    }
    let rules = ExcellentRules::default();
    let dec31 = day(year, 12, 31);
    let now = super::now_ms();
    let mut rows: Vec<(i64, &'static str, i64)> = Vec::new();
    for (dept, mut list) in by_dept {
        list.sort_by_key(|p| (p.id * 7919) % 1000);
        let mut excellent = excellent_cap(list.len() as u32, false, &rules);
        for p in list {
            let Some(set) = grade_set_for(&p.establishment) else { continue };
            let last = p.probation_ends.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let g = if check_gradable(last, dec31).is_err() {
                NOT_GRADED
            } else if excellent > 0 {
                excellent -= 1;
                set.grades()[0]
            } else if (p.id * 13) % 100 < 3 {
                set.grades()[2]
            } else {
                set.grades()[1]
            };
            rows.push((p.id, g, dept));
        }
    }
    let mut w = db.write().await?;
    for chunk in rows.chunks(400) {
        let values: Vec<String> = chunk.iter().map(|(p, g, d)| format!("({p}, {year}, '{g}', '', {d}, '人事干部', {now})")).collect();
        sqlx::query(&format!(
            "INSERT INTO annual_grades (person_id, year, grade, comment, dept_id, entered_by, entered_at) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    Ok(())
}

/// 学以致用: the last session held more than a month ago that the employee attended asks for a
/// follow-up 30 days after (now due; some colleagues have written, some notes are confirmed); the
/// latest session held asks too (not yet due).
async fn followups(db: &Db, employee: Option<i64>) -> anyhow::Result<()> {
    let now = super::now_ms();
    let day_ms = 86_400_000_i64;
    let mut w = db.write().await?;
    let due = sqlx::query(
        "SELECT s.id FROM lecture_sessions s WHERE s.status <> 'cancelled' AND s.ends_at < $1          AND EXISTS (SELECT 1 FROM lecture_attendance a WHERE a.session_id = s.id AND a.status IN ('present', 'late') AND ($2 = 0 OR a.person_id = $2))          ORDER BY s.starts_at DESC LIMIT 1",
    )
    .bind(now - 31 * day_ms)
    .bind(employee.unwrap_or(0))
    .fetch_optional(&mut *w.tx)
    .await?;
    let latest =
        sqlx::query("SELECT id FROM lecture_sessions WHERE status <> 'cancelled' AND ends_at < $1 ORDER BY starts_at DESC LIMIT 1")
            .bind(now)
            .fetch_optional(&mut *w.tx)
            .await?;
    for r in [&due, &latest].into_iter().flatten() {
        let id: i64 = r.try_get("id")?;
        sqlx::query("INSERT INTO followup_sessions (session_id, days, marked_by, marked_at) VALUES ($1, 30, '人事干部', $2) ON CONFLICT (session_id) DO NOTHING")
            .bind(id)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
    }
    if let Some(r) = due {
        let id: i64 = r.try_get("id")?;
        const NOTES: [&str; 4] = [
            "按课上讲的流程梳理了本岗位的工作台账，交接时少走了弯路。",
            "把公文格式要求用在了本部室的请示起草中，退文明显减少。",
            "在食堂后厨落实了课上讲的安全检查要点，月度检查未再发现问题。",
            "用课上的沟通方法接待来访人员，投诉比上季度少了。",
        ];
        let writers: Vec<i64> = sqlx::query(
            "SELECT person_id FROM lecture_attendance WHERE session_id = $1 AND status IN ('present', 'late') AND person_id <> $2              AND (person_id * 7) % 10 < 4 ORDER BY person_id LIMIT 200",
        )
        .bind(id)
        .bind(employee.unwrap_or(0))
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| r.try_get("person_id"))
        .collect::<Result<_, _>>()?;
        for (i, p) in writers.iter().enumerate() {
            let (review, by, at) = if i % 2 == 0 { ("confirmed", Some("部室负责人"), Some(now)) } else { ("", None, None) };
            sqlx::query(
                "INSERT INTO followups (session_id, person_id, note, written_at, review, review_comment, reviewed_by, reviewed_at)                  VALUES ($1, $2, $3, $4, $5, '', $6, $7)",
            )
            .bind(id)
            .bind(*p)
            .bind(NOTES[i % NOTES.len()])
            .bind(now - (i as i64 % 5) * day_ms)
            .bind(review)
            .bind(by)
            .bind(at)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    w.commit().await?;
    Ok(())
}
