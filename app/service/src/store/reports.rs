//! Reads for the reports: a person's training archive, the year's training summary and the
//! measures 部室 are ranked on. Grouped in the database; nothing here reads a row per person
//! of the organisation into memory beyond what the report shows.

use super::people::scope_condition;
use super::Db;
use crate::authz::Scope;
use sqlx::Row;
use std::collections::HashMap;

/// A person's attendance marks, newest first: session id, title, kind, starts_at, mark code,
/// the session's 学时 in tenths, cancelled.
pub async fn marks(db: &Db, person_id: i64) -> Result<Vec<(i64, String, String, i64, String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.title, s.kind, s.starts_at, a.status, s.hours_tenths FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id \
         WHERE a.person_id = $1 AND s.status <> 'cancelled' ORDER BY s.starts_at DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("title")?, r.try_get("kind")?, r.try_get("starts_at")?, r.try_get("status")?, r.try_get("hours_tenths")?)))
    .collect()
}

/// 网络学习 per year of a person: year → tenths.
pub async fn online_by_year(db: &Db, person_id: i64) -> Result<Vec<(i32, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT SUBSTR(learned_on, 1, 4) AS y, CAST(SUM(hours_tenths) AS BIGINT) AS n FROM training_online WHERE person_id = $1 \
         GROUP BY SUBSTR(learned_on, 1, 4) ORDER BY y DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let y: String = r.try_get("y")?;
        Ok((y.parse().unwrap_or(0), r.try_get("n")?))
    })
    .collect()
}

/// Sessions held (not cancelled, ended by `now`) starting in `[from, to)`: id, kind, category,
/// starts_at, 学时 in tenths.
pub async fn held(db: &Db, from: i64, to: i64, now: i64) -> Result<Vec<(i64, String, String, i64, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.kind, c.name AS category, s.starts_at, s.hours_tenths FROM lecture_sessions s JOIN lecture_categories c ON c.id = s.category_id \
         WHERE s.status <> 'cancelled' AND s.starts_at >= $1 AND s.starts_at < $2 AND s.ends_at <= $3 ORDER BY s.starts_at",
    )
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("kind")?, r.try_get("category")?, r.try_get("starts_at")?, r.try_get("hours_tenths")?)))
    .collect()
}

/// Per session among `ids`: attendees (出勤 and 迟到) and the 学时 they earned in tenths.
pub async fn attendance_totals(db: &Db, ids: &[i64], late_counts: bool) -> Result<HashMap<i64, (i64, i64)>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT a.session_id, CAST(SUM(CASE WHEN a.status = 'present' OR a.status = 'late' THEN 1 ELSE 0 END) AS BIGINT) AS came, \
             CAST(SUM(CASE WHEN a.status = 'present' {} THEN 1 ELSE 0 END) AS BIGINT) AS earned \
             FROM lecture_attendance a WHERE a.session_id IN ({}) GROUP BY a.session_id",
            if late_counts { "OR a.status = 'late'" } else { "" },
            list.join(",")
        );
        for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
            out.insert(
                r.try_get("session_id")?,
                (r.try_get::<Option<i64>, _>("came")?.unwrap_or(0), r.try_get::<Option<i64>, _>("earned")?.unwrap_or(0)),
            );
        }
    }
    Ok(out)
}

/// Sessions among `ids` taught by a leader (a lecturer from the roster at a leader level).
pub async fn taught_by_leaders(db: &Db, ids: &[i64]) -> Result<i64, sqlx::Error> {
    let mut n = 0;
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT COUNT(DISTINCT l.session_id) FROM lecture_lecturers l JOIN people p ON p.id = l.person_id \
             WHERE l.session_id IN ({}) AND p.level IN ('正处级', '副处级', '正科级', '副科级')",
            list.join(",")
        );
        n += sqlx::query_scalar::<_, i64>(&sql).fetch_one(&db.pool).await?;
    }
    Ok(n)
}

/// Ratings of the published sessions (see `ratings::published`) starting in `[from, to)`: count
/// and sum of the overall scores.
pub async fn rating_totals(db: &Db, from: i64, to: i64, now: i64, min_count: i64) -> Result<(i64, i64), sqlx::Error> {
    let r = sqlx::query(&format!(
        "SELECT COUNT(*) AS sessions, CAST(SUM(b.n) AS BIGINT) AS n, CAST(SUM(b.overall_sum) AS BIGINT) AS total FROM lecture_rating_boxes b \
         JOIN lecture_sessions s ON s.id = b.session_id WHERE s.starts_at >= $1 AND s.starts_at < $2 AND {}",
        super::ratings::published(3, 4)
    ))
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(min_count)
    .fetch_one(&db.pool)
    .await?;
    Ok((r.try_get::<Option<i64>, _>("n")?.unwrap_or(0), r.try_get::<Option<i64>, _>("total")?.unwrap_or(0)))
}

/// Approved external training and 网络学习 dated in `[from, to]` (ISO days), in tenths.
pub async fn other_hours(db: &Db, from: &str, to: &str) -> Result<(i64, i64), sqlx::Error> {
    let ext: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(hours_tenths) AS BIGINT) FROM training_external WHERE status = 'approved' AND end_date >= $1 AND end_date <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    let online: Option<i64> =
        sqlx::query_scalar("SELECT CAST(SUM(hours_tenths) AS BIGINT) FROM training_online WHERE learned_on >= $1 AND learned_on <= $2")
            .bind(from)
            .bind(to)
            .fetch_one(&db.pool)
            .await?;
    Ok((ext.unwrap_or(0), online.unwrap_or(0)))
}

/// Attendance marks of people in the scope for sessions starting in `[from, to)`, per unit and
/// mark: (unit path, mark, count).
pub async fn marks_by_unit(db: &Db, scope: &Scope, from: i64, to: i64) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT ou.path, a.status, COUNT(*) AS n FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id \
         JOIN people p ON p.id = a.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE s.status <> 'cancelled' AND s.starts_at >= $1 AND s.starts_at < $2 AND {} GROUP BY ou.path, a.status",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .bind(from)
        .bind(to)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("path")?, r.try_get("status")?, r.try_get("n")?)))
        .collect()
}

/// Points scores of people in the scope in assessments held from `from` to `to` (ISO days), per
/// unit: (unit path, points in hundredths, the assessment's scale as stored).
pub async fn points_by_unit(db: &Db, scope: &Scope, from: &str, to: &str) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT ou.path, x.points_hundredths, a.scale FROM assessment_scores x JOIN assessments a ON a.id = x.assessment_id \
         JOIN people p ON p.id = x.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE a.held_on >= $1 AND a.held_on <= $2 AND x.points_hundredths IS NOT NULL AND {}",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .bind(from)
        .bind(to)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("path")?, r.try_get("points_hundredths")?, r.try_get("scale")?)))
        .collect()
}

/// Ratings of the published sessions starting in `[from, to)` by the unit of each lecturer from the
/// roster: (unit path, count, sum of overall scores).
pub async fn ratings_by_lecturer_unit(
    db: &Db,
    from: i64,
    to: i64,
    now: i64,
    min_count: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT ou.path, CAST(SUM(b.n) AS BIGINT) AS n, CAST(SUM(b.overall_sum) AS BIGINT) AS total FROM lecture_rating_boxes b \
         JOIN lecture_sessions s ON s.id = b.session_id JOIN lecture_lecturers l ON l.session_id = b.session_id \
         JOIN people p ON p.id = l.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE s.starts_at >= $1 AND s.starts_at < $2 AND {} GROUP BY ou.path",
        super::ratings::published(3, 4)
    ))
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(min_count)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("path")?, r.try_get::<Option<i64>, _>("n")?.unwrap_or(0), r.try_get::<Option<i64>, _>("total")?.unwrap_or(0))))
    .collect()
}

/// People 在职 now.
pub async fn active_people(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE status = '在职'").fetch_one(&db.pool).await
}
