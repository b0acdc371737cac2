//! Anonymous course ratings. `lecture_rating_marks` knows who has rated a session and nothing
//! else; `lecture_ratings` knows what was given and for which session, but neither who gave it nor
//! when (no timestamp; a random id, so not even the insertion order survives in the table's key).
//! Nothing here joins the two.

use super::{Db, WriteTx};
use crate::model::PersonOption;
use sqlx::Row;
use std::collections::HashMap;

/// One rating as stored: the indicators asked when it was given, the scores, the overall score and
/// the comment (may be empty).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRating {
    pub session_id: i64,
    pub indicators: Vec<String>,
    pub scores: Vec<u8>,
    pub overall: u8,
    pub comment: String,
}

/// Whether this person has rated this session.
pub async fn has_rated(db: &Db, session_id: i64, person_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lecture_rating_marks WHERE session_id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// Whether the person was marked 出勤 or 迟到 for the session (only they rate).
pub async fn attended(db: &Db, session_id: i64, person_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM lecture_attendance WHERE session_id = $1 AND person_id = $2 AND status IN ('present', 'late')",
    )
    .bind(session_id)
    .bind(person_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Record that the person rated and, apart from it, the rating. `false` (and nothing written) when
/// the person has rated this session already: the mark's key decides, so two submissions at once
/// cannot both count.
pub async fn rate(w: &mut WriteTx, person_id: i64, r: &StoredRating) -> Result<bool, sqlx::Error> {
    let marked = sqlx::query(
        "INSERT INTO lecture_rating_marks (session_id, person_id) VALUES ($1, $2) ON CONFLICT (session_id, person_id) DO NOTHING",
    )
    .bind(r.session_id)
    .bind(person_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if marked == 0 {
        return Ok(false);
    }
    let indicators = serde_json::to_string(&r.indicators).unwrap_or_else(|_| "[]".into());
    let scores = serde_json::to_string(&r.scores).unwrap_or_else(|_| "[]".into());
    // A random positive id: the table's order says nothing about who rated first.
    loop {
        let id: i64 = (rand::random::<u64>() >> 1) as i64;
        let done = sqlx::query(
            "INSERT INTO lecture_ratings (id, session_id, indicators, scores, overall, comment) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id.max(1))
        .bind(r.session_id)
        .bind(&indicators)
        .bind(&scores)
        .bind(r.overall as i64)
        .bind(&r.comment)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if done == 1 {
            return Ok(true);
        }
    }
}

/// The ratings of some sessions, in the table's (random) order.
pub async fn ratings_of(db: &Db, session_ids: &[i64]) -> Result<Vec<StoredRating>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in session_ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let rows = sqlx::query(&format!(
            "SELECT session_id, indicators, scores, overall, comment FROM lecture_ratings WHERE session_id IN ({}) ORDER BY id",
            list.join(",")
        ))
        .fetch_all(&db.pool)
        .await?;
        for r in rows {
            let indicators: String = r.try_get("indicators")?;
            let scores: String = r.try_get("scores")?;
            let overall: i64 = r.try_get("overall")?;
            out.push(StoredRating {
                session_id: r.try_get("session_id")?,
                indicators: serde_json::from_str(&indicators).unwrap_or_default(),
                scores: serde_json::from_str(&scores).unwrap_or_default(),
                overall: overall.clamp(1, 5) as u8,
                comment: r.try_get("comment")?,
            });
        }
    }
    Ok(out)
}

/// Attended (出勤 or 迟到) and rated, for one session.
pub async fn counts(db: &Db, session_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let attended: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM lecture_attendance WHERE session_id = $1 AND status IN ('present', 'late')")
            .bind(session_id)
            .fetch_one(&db.pool)
            .await?;
    let rated: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM lecture_rating_marks WHERE session_id = $1").bind(session_id).fetch_one(&db.pool).await?;
    Ok((attended, rated))
}

/// Those who attended and have not rated yet (names only: never what anyone rated).
pub async fn not_rated(db: &Db, session_id: i64, limit: i64) -> Result<Vec<PersonOption>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, ou.name AS unit_name, p.position FROM lecture_attendance a JOIN people p ON p.id = a.person_id \
         JOIN org_units ou ON ou.id = p.unit_id WHERE a.session_id = $1 AND a.status IN ('present', 'late') \
         AND NOT EXISTS (SELECT 1 FROM lecture_rating_marks m WHERE m.session_id = a.session_id AND m.person_id = a.person_id) \
         ORDER BY ou.sort_order, ou.id, p.id LIMIT $2",
    )
    .bind(session_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(super::lectures::person_option).collect()
}

/// The indicators a series asks about, if it has its own.
pub async fn series_indicators(db: &Db, series_id: i64) -> Result<Option<Vec<String>>, sqlx::Error> {
    let v: Option<Option<String>> =
        sqlx::query_scalar("SELECT rating_indicators FROM lecture_series WHERE id = $1").bind(series_id).fetch_optional(&db.pool).await?;
    Ok(v.flatten().and_then(|s| serde_json::from_str(&s).ok()))
}

pub async fn set_series_indicators(w: &mut WriteTx, series_id: i64, list: Option<&[String]>) -> Result<u64, sqlx::Error> {
    let json = list.map(|l| serde_json::to_string(l).unwrap_or_else(|_| "[]".into()));
    Ok(sqlx::query("UPDATE lecture_series SET rating_indicators = $1 WHERE id = $2")
        .bind(json)
        .bind(series_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected())
}

/// Every series with its own indicators, by id.
pub async fn all_series_indicators(db: &Db) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, rating_indicators FROM lecture_series WHERE rating_indicators IS NOT NULL").fetch_all(&db.pool).await?;
    let mut out = HashMap::new();
    for r in rows {
        let text: String = r.try_get("rating_indicators")?;
        if let Ok(list) = serde_json::from_str::<Vec<String>>(&text) {
            out.insert(r.try_get("id")?, list);
        }
    }
    Ok(out)
}

/// Per rated session in a period (start times in Unix ms, `[from, to)`): session, series, title,
/// start, number of ratings and the sum of overall scores (the mean is worked out by the caller).
pub struct SessionTotal {
    pub session_id: i64,
    pub series_id: Option<i64>,
    pub series_name: String,
    pub title: String,
    pub starts_at: i64,
    pub count: i64,
    pub overall_sum: i64,
}

pub async fn totals_between(db: &Db, from: i64, to: i64) -> Result<Vec<SessionTotal>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.series_id, COALESCE(se.name, '') AS series_name, s.title, s.starts_at, t.n, t.total FROM \
         (SELECT r.session_id, COUNT(*) AS n, CAST(SUM(r.overall) AS BIGINT) AS total FROM lecture_ratings r \
          JOIN lecture_sessions s2 ON s2.id = r.session_id WHERE s2.starts_at >= $1 AND s2.starts_at < $2 GROUP BY r.session_id) t \
         JOIN lecture_sessions s ON s.id = t.session_id LEFT JOIN lecture_series se ON se.id = s.series_id ORDER BY s.starts_at, s.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionTotal {
                session_id: r.try_get("id")?,
                series_id: r.try_get("series_id")?,
                series_name: r.try_get("series_name")?,
                title: r.try_get("title")?,
                starts_at: r.try_get("starts_at")?,
                count: r.try_get("n")?,
                overall_sum: r.try_get("total")?,
            })
        })
        .collect()
}

/// Sessions the person attended (出勤 or 迟到), ended after `since` and by `now`, not cancelled and
/// not yet rated: id, title, starts_at; newest first.
pub async fn to_rate(db: &Db, person_id: i64, since: i64, now: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.title, s.starts_at FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id \
         WHERE a.person_id = $1 AND a.status IN ('present', 'late') AND s.status <> 'cancelled' AND s.ends_at > $2 AND s.ends_at <= $3 \
         AND NOT EXISTS (SELECT 1 FROM lecture_rating_marks m WHERE m.session_id = s.id AND m.person_id = $1) ORDER BY s.starts_at DESC LIMIT 20",
    )
    .bind(person_id)
    .bind(since)
    .bind(now)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("title")?, r.try_get("starts_at")?)))
    .collect()
}
