//! 学以致用: sessions marked for a follow-up, and each attendee's note with their 部室 leader's
//! confirmation or comment.

use super::people::scope_condition;
use super::{Db, WriteTx};
use crate::authz::Scope;
use crate::model::{FollowupNote, FollowupSession, FollowupTask};
use sqlx::Row;

/// Mark a session (days after its end the attendees are asked), or unmark it (`None`).
pub async fn mark(w: &mut WriteTx, session_id: i64, days: Option<i64>, by: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM followup_sessions WHERE session_id = $1").bind(session_id).execute(&mut *w.tx).await?;
    if let Some(d) = days {
        sqlx::query("INSERT INTO followup_sessions (session_id, days, marked_by, marked_at) VALUES ($1, $2, $3, $4)")
            .bind(session_id)
            .bind(d)
            .bind(by)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

pub async fn days_of(db: &Db, session_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT days FROM followup_sessions WHERE session_id = $1").bind(session_id).fetch_optional(&db.pool).await
}

const DAY_MS: i64 = 86_400_000;

/// The marked sessions with, within the scope, how many attended, wrote and were confirmed;
/// newest first.
pub async fn sessions(db: &Db, scope: &Scope) -> Result<Vec<FollowupSession>, sqlx::Error> {
    let people = scope_condition(scope);
    let sql = format!(
        "SELECT s.id, s.title, s.starts_at, s.ends_at, f.days, \
         (SELECT COUNT(*) FROM lecture_attendance a JOIN people p ON p.id = a.person_id WHERE a.session_id = s.id AND a.status IN ('present', 'late') AND {people}) AS attended, \
         (SELECT COUNT(*) FROM followups x JOIN people p ON p.id = x.person_id WHERE x.session_id = s.id AND {people}) AS written, \
         (SELECT COUNT(*) FROM followups x JOIN people p ON p.id = x.person_id WHERE x.session_id = s.id AND x.review <> '' AND {people}) AS reviewed \
         FROM followup_sessions f JOIN lecture_sessions s ON s.id = f.session_id ORDER BY s.starts_at DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let ends: i64 = r.try_get("ends_at")?;
            let days: i64 = r.try_get("days")?;
            Ok(FollowupSession {
                session_id: r.try_get("id")?,
                title: r.try_get("title")?,
                date: crate::domain::time::china_date(r.try_get("starts_at")?).to_string(),
                days,
                due: crate::domain::time::china_date(ends + days * DAY_MS).to_string(),
                attended: r.try_get("attended")?,
                written: r.try_get("written")?,
                reviewed: r.try_get("reviewed")?,
            })
        })
        .collect()
}

/// Per 部室 of a marked session: (部室 path of each attendee → attended, wrote, reviewed) is
/// computed by the caller from this list of (person's unit path, wrote, reviewed).
pub async fn attendees(db: &Db, scope: &Scope, session_id: i64) -> Result<Vec<(String, bool, bool)>, sqlx::Error> {
    let sql = format!(
        "SELECT ou.path, x.person_id AS wrote, x.review FROM lecture_attendance a JOIN people p ON p.id = a.person_id \
         JOIN org_units ou ON ou.id = p.unit_id LEFT JOIN followups x ON x.session_id = a.session_id AND x.person_id = a.person_id \
         WHERE a.session_id = $1 AND a.status IN ('present', 'late') AND {}",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let wrote: Option<i64> = r.try_get("wrote")?;
            let review: Option<String> = r.try_get("review")?;
            Ok((r.try_get("path")?, wrote.is_some(), review.is_some_and(|v| !v.is_empty())))
        })
        .collect()
}

/// A person's follow-ups: marked sessions they attended whose follow-up is due by `now`, with
/// their note if written.
pub async fn tasks(db: &Db, person_id: i64, now: i64) -> Result<Vec<FollowupTask>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.title, s.starts_at, s.ends_at, f.days, x.note, x.review, x.review_comment, x.reviewed_by \
         FROM followup_sessions f JOIN lecture_sessions s ON s.id = f.session_id \
         JOIN lecture_attendance a ON a.session_id = s.id AND a.person_id = $1 AND a.status IN ('present', 'late') \
         LEFT JOIN followups x ON x.session_id = s.id AND x.person_id = $1 \
         WHERE s.ends_at + f.days * $2 <= $3 ORDER BY s.starts_at DESC LIMIT 50",
    )
    .bind(person_id)
    .bind(DAY_MS)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FollowupTask {
                session_id: r.try_get("id")?,
                title: r.try_get("title")?,
                date: crate::domain::time::china_date(r.try_get("starts_at")?).to_string(),
                note: r.try_get::<Option<String>, _>("note")?.unwrap_or_default(),
                review: r.try_get::<Option<String>, _>("review")?.unwrap_or_default(),
                review_comment: r.try_get::<Option<String>, _>("review_comment")?.unwrap_or_default(),
                reviewed_by: r.try_get::<Option<String>, _>("reviewed_by")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Whether the person attended the session and its follow-up is due (inside the write transaction).
pub async fn due_for(w: &mut WriteTx, session_id: i64, person_id: i64, now: i64) -> Result<Option<bool>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT s.ends_at + f.days * $3 AS due FROM followup_sessions f JOIN lecture_sessions s ON s.id = f.session_id \
         JOIN lecture_attendance a ON a.session_id = s.id AND a.person_id = $2 AND a.status IN ('present', 'late') WHERE f.session_id = $1",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(DAY_MS)
    .fetch_optional(&mut *w.tx)
    .await?;
    r.map(|r| Ok(r.try_get::<i64, _>("due")? <= now)).transpose()
}

/// Write one's note, or rewrite it until it is confirmed (a rewrite after a comment waits for a
/// new review); `false` once confirmed.
pub async fn write(w: &mut WriteTx, session_id: i64, person_id: i64, note: &str, now: i64) -> Result<bool, sqlx::Error> {
    let review: Option<String> = sqlx::query_scalar("SELECT review FROM followups WHERE session_id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    match review {
        Some(r) if r == "confirmed" => Ok(false),
        Some(_) => {
            sqlx::query("UPDATE followups SET note = $1, written_at = $2, review = '' WHERE session_id = $3 AND person_id = $4")
                .bind(note)
                .bind(now)
                .bind(session_id)
                .bind(person_id)
                .execute(&mut *w.tx)
                .await?;
            Ok(true)
        }
        None => {
            sqlx::query(
                "INSERT INTO followups (session_id, person_id, note, written_at, review, review_comment) VALUES ($1, $2, $3, $4, '', '')",
            )
            .bind(session_id)
            .bind(person_id)
            .bind(note)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
            Ok(true)
        }
    }
}

const NOTE_COLS: &str =
    "x.session_id, s.title, x.person_id, p.name, ou.name AS unit_name, x.note, x.written_at, x.review, x.review_comment, x.reviewed_by";

fn note_row(r: &sqlx::any::AnyRow) -> Result<FollowupNote, sqlx::Error> {
    Ok(FollowupNote {
        session_id: r.try_get("session_id")?,
        title: r.try_get("title")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        note: r.try_get("note")?,
        written_at: crate::domain::time::format_ms(r.try_get("written_at")?),
        review: r.try_get("review")?,
        review_comment: r.try_get("review_comment")?,
        reviewed_by: r.try_get::<Option<String>, _>("reviewed_by")?.unwrap_or_default(),
    })
}

/// Notes of people in the scope: waiting for review (oldest first), or reviewed (newest first).
pub async fn notes(db: &Db, scope: &Scope, waiting: bool, limit: i64) -> Result<Vec<FollowupNote>, sqlx::Error> {
    let (cond, order) = if waiting { ("x.review = ''", "x.written_at") } else { ("x.review <> ''", "x.reviewed_at DESC") };
    let sql = format!(
        "SELECT {NOTE_COLS} FROM followups x JOIN lecture_sessions s ON s.id = x.session_id JOIN people p ON p.id = x.person_id \
         JOIN org_units ou ON ou.id = p.unit_id WHERE {cond} AND {} ORDER BY {order} LIMIT $1",
        scope_condition(scope)
    );
    sqlx::query(&sql).bind(limit).fetch_all(&db.pool).await?.iter().map(note_row).collect()
}

pub async fn note_get(w: &mut WriteTx, session_id: i64, person_id: i64) -> Result<Option<FollowupNote>, sqlx::Error> {
    let sql = format!(
        "SELECT {NOTE_COLS} FROM followups x JOIN lecture_sessions s ON s.id = x.session_id JOIN people p ON p.id = x.person_id \
         JOIN org_units ou ON ou.id = p.unit_id WHERE x.session_id = $1 AND x.person_id = $2"
    );
    sqlx::query(&sql).bind(session_id).bind(person_id).fetch_optional(&mut *w.tx).await?.as_ref().map(note_row).transpose()
}

pub async fn review(
    w: &mut WriteTx,
    session_id: i64,
    person_id: i64,
    review: &str,
    comment: &str,
    by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE followups SET review = $1, review_comment = $2, reviewed_by = $3, reviewed_at = $4 WHERE session_id = $5 AND person_id = $6")
        .bind(review)
        .bind(comment)
        .bind(by)
        .bind(now)
        .bind(session_id)
        .bind(person_id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Held sessions of the last `days` days, newest first, for HR to mark: id, title, date, marked.
pub async fn recent(db: &Db, now: i64, days: i64) -> Result<Vec<(i64, String, String, bool)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.title, s.starts_at, f.session_id AS marked FROM lecture_sessions s LEFT JOIN followup_sessions f ON f.session_id = s.id \
         WHERE s.status <> 'cancelled' AND s.ends_at < $1 AND s.ends_at > $2 ORDER BY s.starts_at DESC LIMIT 100",
    )
    .bind(now)
    .bind(now - days * DAY_MS)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let marked: Option<i64> = r.try_get("marked")?;
        Ok((r.try_get("id")?, r.try_get("title")?, crate::domain::time::china_date(r.try_get("starts_at")?).to_string(), marked.is_some()))
    })
    .collect()
}
