//! Anonymous course ratings. `lecture_rating_marks` knows who has rated a session and nothing
//! else; `lecture_rating_boxes` holds, per session, every rating given, each put at a random place
//! among those before it when it arrived. Neither the rows nor the items within carry a person, a
//! time, an id or a transaction of their own, and their order is a random permutation of the order
//! of arrival: a copy of the database cannot pair marks with ratings. Nothing here joins the two.

use super::{Db, WriteTx};
use crate::domain::ratings::Rating;
use crate::model::PersonOption;
use sqlx::Row;
use std::collections::HashMap;

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

/// When rating a session closed (or closes) for good, once it has received a rating: set by the
/// first rating, only ever moved earlier ([`close_earlier`]).
pub async fn closes_at(db: &Db, session_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT closes_at FROM lecture_rating_boxes WHERE session_id = $1").bind(session_id).fetch_optional(&db.pool).await
}

/// What [`rate`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rated {
    Kept,
    /// The person has rated this session already: nothing was written.
    Again,
    /// The session's rating closed earlier than the window now in force says: nothing was written.
    Closed,
}

/// Record that the person rated and, apart from it, the rating: read the session's box (locked),
/// put the rating at a place drawn uniformly among those there (`rules::shuffle_in`), write the box
/// back. `closes_at` is the session's close when this is its first rating.
/// The mark's key decides whether the person rated before, so two submissions at once count once.
pub async fn rate(w: &mut WriteTx, person_id: i64, session_id: i64, closes_at: i64, now: i64, r: &Rating) -> Result<Rated, sqlx::Error> {
    let marked = sqlx::query(
        "INSERT INTO lecture_rating_marks (session_id, person_id) VALUES ($1, $2) ON CONFLICT (session_id, person_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(person_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if marked == 0 {
        return Ok(Rated::Again);
    }
    sqlx::query("INSERT INTO lecture_rating_boxes (session_id, n, overall_sum, closes_at, items) VALUES ($1, 0, 0, $2, '[]') ON CONFLICT (session_id) DO NOTHING")
        .bind(session_id)
        .bind(closes_at)
        .execute(&mut *w.tx)
        .await?;
    let row = sqlx::query(&format!("SELECT closes_at, items FROM lecture_rating_boxes WHERE session_id = $1{}", w.engine.for_update()))
        .bind(session_id)
        .fetch_one(&mut *w.tx)
        .await?;
    if now > row.try_get::<i64, _>("closes_at")? {
        return Ok(Rated::Closed);
    }
    let mut items: Vec<Rating> = serde_json::from_str(&row.try_get::<String, _>("items")?).unwrap_or_default();
    let slot = rand::Rng::gen_range(&mut rand::rngs::OsRng, 0..=items.len());
    crate::domain::ratings::shuffle_in(&mut items, r.clone(), slot);
    let text = serde_json::to_string(&items).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query("UPDATE lecture_rating_boxes SET n = n + 1, overall_sum = overall_sum + $1, items = $2 WHERE session_id = $3")
        .bind(r.overall as i64)
        .bind(text)
        .bind(session_id)
        .execute(&mut *w.tx)
        .await?;
    Ok(Rated::Kept)
}

/// A shorter window applies to sessions already rated too, a longer one never reopens them: every
/// box closes at the earlier of its own close and `window_ms` after its session's end.
pub async fn close_earlier(w: &mut WriteTx, window_ms: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE lecture_rating_boxes SET closes_at = (SELECT s.ends_at + $1 FROM lecture_sessions s WHERE s.id = lecture_rating_boxes.session_id) \
         WHERE closes_at > (SELECT s.ends_at + $1 FROM lecture_sessions s WHERE s.id = lecture_rating_boxes.session_id)",
    )
    .bind(window_ms)
    .execute(&mut *w.tx)
    .await?
    .rows_affected())
}

/// A session's ratings, in their stored (random) order.
pub async fn ratings_of(db: &Db, session_id: i64) -> Result<Vec<Rating>, sqlx::Error> {
    let items: Option<String> = sqlx::query_scalar("SELECT items FROM lecture_rating_boxes WHERE session_id = $1")
        .bind(session_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(items.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// The condition, on a box `b`, that its session's results are published: rating has closed
/// (before `$now`) and at least `$min` ratings came. Every aggregate over sessions uses it, so a
/// total never includes a session whose own results are hidden.
pub fn published(now: usize, min: usize) -> String {
    format!("b.closes_at < ${now} AND b.n >= ${min} AND b.n > 0")
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

/// Per published session in a period (start times in Unix ms, `[from, to)`; see [`published`]):
/// session, series, title, start, number of ratings and the sum of overall scores (the mean is
/// worked out by the caller).
pub struct SessionTotal {
    pub session_id: i64,
    pub series_id: Option<i64>,
    pub series_name: String,
    pub title: String,
    pub starts_at: i64,
    pub count: i64,
    pub overall_sum: i64,
}

pub async fn totals_between(db: &Db, from: i64, to: i64, now: i64, min_count: i64) -> Result<Vec<SessionTotal>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT s.id, s.series_id, COALESCE(se.name, '') AS series_name, s.title, s.starts_at, b.n, b.overall_sum FROM lecture_rating_boxes b \
         JOIN lecture_sessions s ON s.id = b.session_id LEFT JOIN lecture_series se ON se.id = s.series_id \
         WHERE s.starts_at >= $1 AND s.starts_at < $2 AND {} ORDER BY s.starts_at, s.id",
        published(3, 4)
    ))
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(min_count)
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
                overall_sum: r.try_get("overall_sum")?,
            })
        })
        .collect()
}

/// Sessions in a period that received ratings whose results are not published (yet): rating still
/// open, or too few ratings.
pub async fn unpublished_between(db: &Db, from: i64, to: i64, now: i64, min_count: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM lecture_rating_boxes b JOIN lecture_sessions s ON s.id = b.session_id \
         WHERE s.starts_at >= $1 AND s.starts_at < $2 AND b.n > 0 AND NOT ({})",
        published(3, 4)
    ))
    .bind(from)
    .bind(to)
    .bind(now)
    .bind(min_count)
    .fetch_one(&db.pool)
    .await
}

/// Sessions the person attended (出勤 or 迟到), ended after `since` and by `now`, not cancelled and
/// not yet rated: id, title, starts_at; newest first.
pub async fn to_rate(db: &Db, person_id: i64, since: i64, now: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.title, s.starts_at FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id \
         WHERE a.person_id = $1 AND a.status IN ('present', 'late') AND s.status <> 'cancelled' AND s.ends_at > $2 AND s.ends_at <= $3 \
         AND NOT EXISTS (SELECT 1 FROM lecture_rating_marks m WHERE m.session_id = s.id AND m.person_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM lecture_rating_boxes b WHERE b.session_id = s.id AND b.closes_at < $3) ORDER BY s.starts_at DESC LIMIT 20",
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
