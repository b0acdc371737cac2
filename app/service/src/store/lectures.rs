//! Lectures: rooms, categories, series, sessions, lecturers, enrolment, leave, attendance,
//! notices and calendar feeds. Queries only; the flows (who may, what follows) are in
//! `api::lectures`.

use super::people::{scope_condition, unit_scope_condition};
use super::{bind_all, now_ms, Arg, Db, WriteTx};
use crate::authz::Scope;
use crate::domain::lectures::{Attendance, Audience};
use crate::domain::time::{china_date, format_clock, format_ms};
use crate::model::{Category, LeaveRow, Lecturer, Notice, PersonOption, Room, SeriesRow, SessionRow};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

// ---- rooms and categories -------------------------------------------------------------------

pub async fn rooms(db: &Db) -> Result<Vec<Room>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, capacity, location, active FROM lecture_rooms ORDER BY active DESC, name")
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(room_from_row).collect()
}

fn room_from_row(r: &AnyRow) -> Result<Room, sqlx::Error> {
    Ok(Room {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        capacity: r.try_get("capacity")?,
        location: r.try_get("location")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

pub async fn room_name_taken(w: &mut WriteTx, name: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM lecture_rooms WHERE name = $1 AND id <> $2")
        .bind(name)
        .bind(except.unwrap_or(0))
        .fetch_optional(&mut *w.tx)
        .await?
        .is_some())
}

pub async fn room_save(w: &mut WriteTx, r: &Room) -> Result<Option<i64>, sqlx::Error> {
    if r.id == 0 {
        let row = sqlx::query("INSERT INTO lecture_rooms (name, capacity, location, active) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(&r.name)
            .bind(r.capacity)
            .bind(&r.location)
            .bind(r.active as i64)
            .fetch_one(&mut *w.tx)
            .await?;
        return Ok(Some(row.try_get("id")?));
    }
    let done = sqlx::query("UPDATE lecture_rooms SET name = $1, capacity = $2, location = $3, active = $4 WHERE id = $5")
        .bind(&r.name)
        .bind(r.capacity)
        .bind(&r.location)
        .bind(r.active as i64)
        .bind(r.id)
        .execute(&mut *w.tx)
        .await?;
    Ok((done.rows_affected() > 0).then_some(r.id))
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name FROM lecture_categories ORDER BY sort_order, id").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(Category { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
}

pub async fn category_add(w: &mut WriteTx, name: &str) -> Result<Option<i64>, sqlx::Error> {
    if sqlx::query("SELECT id FROM lecture_categories WHERE name = $1").bind(name).fetch_optional(&mut *w.tx).await?.is_some() {
        return Ok(None);
    }
    let row = sqlx::query(
        "INSERT INTO lecture_categories (name, sort_order) VALUES ($1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM lecture_categories)) RETURNING id",
    )
    .bind(name)
    .fetch_one(&mut *w.tx)
    .await?;
    Ok(Some(row.try_get("id")?))
}

pub async fn category_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM lecture_categories WHERE id = $1").bind(id).fetch_optional(&db.pool).await?.is_some())
}

pub async fn room_get(db: &Db, id: i64) -> Result<Option<Room>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, capacity, location, active FROM lecture_rooms WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| room_from_row(&r)).transpose()
}

/// 职务层次 in use, for the audience picker.
pub async fn levels(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT DISTINCT level FROM people WHERE level <> '' ORDER BY level").fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get("level")).collect()
}

/// People by name (for picking lecturers and named attendees); active staff first.
/// A person as pickers and short lists show them, from a row with `id, name, unit_name, position`.
pub fn person_option(r: &AnyRow) -> Result<PersonOption, sqlx::Error> {
    Ok(PersonOption {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        position: r.try_get("position")?,
    })
}

pub async fn find_people(db: &Db, q: &str, limit: i64) -> Result<Vec<PersonOption>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, ou.name AS unit_name, p.position FROM people p JOIN org_units ou ON ou.id = p.unit_id \
         WHERE p.name {} $1 {} ORDER BY CASE WHEN p.status = '在职' THEN 0 ELSE 1 END, p.name, p.id LIMIT $2",
        db.engine.ilike(),
        super::LIKE_ESCAPE
    );
    let rows = sqlx::query(&sql).bind(super::contains_pattern(q)).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(person_option).collect()
}

pub async fn people_named(db: &Db, ids: &[i64]) -> Result<Vec<PersonOption>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT p.id, p.name, ou.name AS unit_name, p.position FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id IN ({}) ORDER BY p.id",
        list.join(",")
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter().map(person_option).collect()
}

/// A person's unit path and 职务层次 (to test an audience).
pub async fn person_place(db: &Db, person_id: i64) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT ou.path, p.level, ou.name FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id = $1")
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("path")?, r.try_get("level")?, r.try_get("name")?))).transpose()
}

// ---- series ---------------------------------------------------------------------------------

/// A series as stored.
#[derive(Clone, Debug)]
pub struct StoredSeries {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub category_id: i64,
    pub room_id: Option<i64>,
    pub start_time: String,
    pub duration_min: i64,
    pub recurrence: String,
    pub audience: String,
    pub open_enrolment: bool,
    pub capacity: Option<i64>,
    pub feed_token: String,
}

const SERIES_COLUMNS: &str =
    "id, name, kind, category_id, room_id, start_time, duration_min, recurrence, audience, open_enrolment, capacity, feed_token";

fn series_from_row(r: &AnyRow) -> Result<StoredSeries, sqlx::Error> {
    Ok(StoredSeries {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        category_id: r.try_get("category_id")?,
        room_id: r.try_get("room_id")?,
        start_time: r.try_get("start_time")?,
        duration_min: r.try_get("duration_min")?,
        recurrence: r.try_get("recurrence")?,
        audience: r.try_get("audience")?,
        open_enrolment: r.try_get::<i64, _>("open_enrolment")? != 0,
        capacity: r.try_get("capacity")?,
        feed_token: r.try_get("feed_token")?,
    })
}

pub async fn series_get(db: &Db, id: i64) -> Result<Option<StoredSeries>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {SERIES_COLUMNS} FROM lecture_series WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| series_from_row(&r)).transpose()
}

pub async fn series_by_feed(db: &Db, token: &str) -> Result<Option<StoredSeries>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {SERIES_COLUMNS} FROM lecture_series WHERE feed_token = $1"))
        .bind(token)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| series_from_row(&r)).transpose()
}

pub async fn series_save(w: &mut WriteTx, s: &StoredSeries) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    if s.id == 0 {
        let row = sqlx::query(
            "INSERT INTO lecture_series (name, kind, category_id, room_id, start_time, duration_min, recurrence, audience, \
             open_enrolment, capacity, feed_token, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(&s.name)
        .bind(&s.kind)
        .bind(s.category_id)
        .bind(s.room_id)
        .bind(&s.start_time)
        .bind(s.duration_min)
        .bind(&s.recurrence)
        .bind(&s.audience)
        .bind(s.open_enrolment as i64)
        .bind(s.capacity)
        .bind(&s.feed_token)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?;
        return row.try_get("id");
    }
    sqlx::query(
        "UPDATE lecture_series SET name = $1, kind = $2, category_id = $3, room_id = $4, start_time = $5, duration_min = $6, \
         recurrence = $7, audience = $8, open_enrolment = $9, capacity = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(&s.name)
    .bind(&s.kind)
    .bind(s.category_id)
    .bind(s.room_id)
    .bind(&s.start_time)
    .bind(s.duration_min)
    .bind(&s.recurrence)
    .bind(&s.audience)
    .bind(s.open_enrolment as i64)
    .bind(s.capacity)
    .bind(now)
    .bind(s.id)
    .execute(&mut *w.tx)
    .await?;
    Ok(s.id)
}

pub async fn series_names(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name FROM lecture_series ORDER BY id").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
}

pub async fn series_list(db: &Db) -> Result<Vec<SeriesRow>, sqlx::Error> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT se.id, se.name, se.kind, c.name AS category, COALESCE(r.name, '') AS room, se.recurrence, se.feed_token, \
         (SELECT COUNT(*) FROM lecture_sessions s WHERE s.series_id = se.id AND s.status = 'scheduled') AS sessions, \
         (SELECT MIN(s.starts_at) FROM lecture_sessions s WHERE s.series_id = se.id AND s.status = 'scheduled' AND s.starts_at >= $1) AS next, \
         (SELECT MAX(s.starts_at) FROM lecture_sessions s WHERE s.series_id = se.id AND s.status = 'scheduled' AND s.starts_at >= $1) AS last \
         FROM lecture_series se JOIN lecture_categories c ON c.id = se.category_id LEFT JOIN lecture_rooms r ON r.id = se.room_id ORDER BY se.id",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let cal = crate::store::calendar::load(db).await?;
    let day = |ms: Option<i64>| ms.map(crate::domain::time::china_date);
    rows.iter()
        .map(|r| {
            let (next, last): (Option<i64>, Option<i64>) = (r.try_get("next")?, r.try_get("last")?);
            let estimated_years = match (day(next), day(last)) {
                (Some(a), Some(b)) => cal.estimated_between(a, b),
                _ => Vec::new(),
            };
            let rec: String = r.try_get("recurrence")?;
            let schedule = serde_json::from_str::<crate::domain::recurrence::Recurrence>(&rec).map(|x| x.describe()).unwrap_or_default();
            Ok(SeriesRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                category: r.try_get("category")?,
                room: r.try_get("room")?,
                schedule,
                sessions: r.try_get("sessions")?,
                next: next.map(format_ms).unwrap_or_default(),
                feed_token: r.try_get("feed_token")?,
                estimated_years,
            })
        })
        .collect()
}

/// A series' sessions as the generator sees them: (id, nominal date, detached, starts_at, status).
pub async fn series_sessions(w: &mut WriteTx, series_id: i64) -> Result<Vec<(i64, String, bool, i64, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, nominal_date, detached, starts_at, status FROM lecture_sessions WHERE series_id = $1 ORDER BY starts_at")
            .bind(series_id)
            .fetch_all(&mut *w.tx)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get::<Option<String>, _>("nominal_date")?.unwrap_or_default(),
                r.try_get::<i64, _>("detached")? != 0,
                r.try_get("starts_at")?,
                r.try_get("status")?,
            ))
        })
        .collect()
}

// ---- sessions -------------------------------------------------------------------------------

/// A session as stored.
#[derive(Clone, Debug, Default)]
pub struct StoredSession {
    pub id: i64,
    pub series_id: Option<i64>,
    pub nominal_date: Option<String>,
    pub title: String,
    pub kind: String,
    pub category_id: i64,
    pub room_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub hours_tenths: i64,
    pub materials_md: String,
    pub summary_md: String,
    pub capacity: Option<i64>,
    pub enrol_deadline: Option<i64>,
    pub open_enrolment: bool,
    pub audience: Audience,
    pub cancelled: bool,
    pub detached: bool,
    pub moved: bool,
}

const SESSION_COLUMNS: &str = "s.id, s.series_id, s.nominal_date, s.title, s.kind, s.category_id, s.room_id, s.starts_at, s.ends_at, \
    s.hours_tenths, s.materials_md, s.summary_md, s.capacity, s.enrol_deadline, s.open_enrolment, s.audience, s.status, s.detached, s.moved";

fn session_from_row(r: &AnyRow) -> Result<StoredSession, sqlx::Error> {
    let audience: String = r.try_get("audience")?;
    Ok(StoredSession {
        id: r.try_get("id")?,
        series_id: r.try_get("series_id")?,
        nominal_date: r.try_get("nominal_date")?,
        title: r.try_get("title")?,
        kind: r.try_get("kind")?,
        category_id: r.try_get("category_id")?,
        room_id: r.try_get("room_id")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        hours_tenths: r.try_get("hours_tenths")?,
        materials_md: r.try_get("materials_md")?,
        summary_md: r.try_get("summary_md")?,
        capacity: r.try_get("capacity")?,
        enrol_deadline: r.try_get("enrol_deadline")?,
        open_enrolment: r.try_get::<i64, _>("open_enrolment")? != 0,
        audience: serde_json::from_str(&audience).unwrap_or_default(),
        cancelled: r.try_get::<String, _>("status")? == "cancelled",
        detached: r.try_get::<i64, _>("detached")? != 0,
        moved: r.try_get::<i64, _>("moved")? != 0,
    })
}

pub async fn session_get(db: &Db, id: i64) -> Result<Option<StoredSession>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM lecture_sessions s WHERE s.id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| session_from_row(&r)).transpose()
}

/// The session, locked for a change (enrolment counts, cancellations).
pub async fn session_lock(w: &mut WriteTx, id: i64) -> Result<Option<StoredSession>, sqlx::Error> {
    w.lock_keys(&[&format!("lecture_session:{id}")]).await?;
    let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM lecture_sessions s WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?;
    row.map(|r| session_from_row(&r)).transpose()
}

pub async fn session_insert(w: &mut WriteTx, s: &StoredSession) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    let row = sqlx::query(
        "INSERT INTO lecture_sessions (series_id, nominal_date, title, kind, category_id, room_id, starts_at, ends_at, hours_tenths, \
         materials_md, summary_md, capacity, enrol_deadline, open_enrolment, audience, status, detached, moved, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
    )
    .bind(s.series_id)
    .bind(s.nominal_date.clone())
    .bind(&s.title)
    .bind(&s.kind)
    .bind(s.category_id)
    .bind(s.room_id)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.hours_tenths)
    .bind(&s.materials_md)
    .bind(&s.summary_md)
    .bind(s.capacity)
    .bind(s.enrol_deadline)
    .bind(s.open_enrolment as i64)
    .bind(serde_json::to_string(&s.audience).unwrap_or_else(|_| "{}".into()))
    .bind(if s.cancelled { "cancelled" } else { "scheduled" })
    .bind(s.detached as i64)
    .bind(s.moved as i64)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    row.try_get("id")
}

pub async fn session_update(w: &mut WriteTx, s: &StoredSession) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lecture_sessions SET title = $1, kind = $2, category_id = $3, room_id = $4, starts_at = $5, ends_at = $6, hours_tenths = $7, \
         materials_md = $8, summary_md = $9, capacity = $10, enrol_deadline = $11, open_enrolment = $12, audience = $13, status = $14, \
         detached = $15, moved = $16, updated_at = $17 WHERE id = $18",
    )
    .bind(&s.title)
    .bind(&s.kind)
    .bind(s.category_id)
    .bind(s.room_id)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.hours_tenths)
    .bind(&s.materials_md)
    .bind(&s.summary_md)
    .bind(s.capacity)
    .bind(s.enrol_deadline)
    .bind(s.open_enrolment as i64)
    .bind(serde_json::to_string(&s.audience).unwrap_or_else(|_| "{}".into()))
    .bind(if s.cancelled { "cancelled" } else { "scheduled" })
    .bind(s.detached as i64)
    .bind(s.moved as i64)
    .bind(now_ms())
    .bind(s.id)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

pub async fn set_lecturers(w: &mut WriteTx, session_id: i64, list: &[Lecturer]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM lecture_lecturers WHERE session_id = $1").bind(session_id).execute(&mut *w.tx).await?;
    for (i, l) in list.iter().enumerate() {
        let external = l.person_id.is_none();
        sqlx::query(
            "INSERT INTO lecture_lecturers (session_id, person_id, external_name, external_org, external_title, sort_order) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(session_id)
        .bind(l.person_id)
        .bind(if external { l.name.as_str() } else { "" })
        .bind(if external { l.org.as_str() } else { "" })
        .bind(l.title.as_str())
        .bind(i as i64)
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(())
}

/// Lecturers of many sessions, in their order.
pub async fn lecturers_of(db: &Db, session_ids: &[i64]) -> Result<HashMap<i64, Vec<Lecturer>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Lecturer>> = HashMap::new();
    for chunk in session_ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT l.session_id, l.person_id, COALESCE(p.name, l.external_name) AS name, COALESCE(ou.name, l.external_org) AS org, \
             CASE WHEN l.external_title <> '' THEN l.external_title ELSE COALESCE(p.position, '') END AS title \
             FROM lecture_lecturers l LEFT JOIN people p ON p.id = l.person_id LEFT JOIN org_units ou ON ou.id = p.unit_id \
             WHERE l.session_id IN ({}) ORDER BY l.session_id, l.sort_order",
            list.join(",")
        );
        for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
            out.entry(r.try_get("session_id")?).or_default().push(Lecturer {
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                org: r.try_get("org")?,
                title: r.try_get("title")?,
            });
        }
    }
    Ok(out)
}

pub async fn is_lecturer(db: &Db, session_id: i64, person_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM lecture_lecturers WHERE session_id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// The first scheduled session other than `except` that holds the room or one of the people
/// between `starts` and `ends`: its title and time, for the refusal.
pub async fn conflict(
    w: &mut WriteTx,
    room_id: Option<i64>,
    people: &[i64],
    starts: i64,
    ends: i64,
    except: &[i64],
) -> Result<Option<String>, sqlx::Error> {
    let excluded: Vec<String> = except.iter().chain(std::iter::once(&0)).map(|i| i.to_string()).collect();
    let base = format!("s.status = 'scheduled' AND s.starts_at < $1 AND s.ends_at > $2 AND s.id NOT IN ({})", excluded.join(","));
    if let Some(room) = room_id {
        let sql = format!(
            "SELECT s.title, s.starts_at, s.ends_at, r.name AS room FROM lecture_sessions s JOIN lecture_rooms r ON r.id = s.room_id \
             WHERE {base} AND s.room_id = $3 ORDER BY s.starts_at LIMIT 1"
        );
        if let Some(r) = sqlx::query(&sql).bind(ends).bind(starts).bind(room).fetch_optional(&mut *w.tx).await? {
            let (title, s, e, room): (String, i64, i64, String) =
                (r.try_get("title")?, r.try_get("starts_at")?, r.try_get("ends_at")?, r.try_get("room")?);
            return Ok(Some(format!("教室“{room}”在 {}–{} 已安排“{title}”", format_ms(s), format_clock(e))));
        }
    }
    if !people.is_empty() {
        let list: Vec<String> = people.iter().map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT s.title, s.starts_at, s.ends_at, p.name FROM lecture_sessions s JOIN lecture_lecturers l ON l.session_id = s.id \
             JOIN people p ON p.id = l.person_id WHERE {base} AND l.person_id IN ({}) ORDER BY s.starts_at LIMIT 1",
            list.join(",")
        );
        if let Some(r) = sqlx::query(&sql).bind(ends).bind(starts).fetch_optional(&mut *w.tx).await? {
            let (title, s, e, name): (String, i64, i64, String) =
                (r.try_get("title")?, r.try_get("starts_at")?, r.try_get("ends_at")?, r.try_get("name")?);
            return Ok(Some(format!("讲师{name}在 {}–{} 已安排讲授“{title}”", format_ms(s), format_clock(e))));
        }
    }
    Ok(None)
}

const ROW_SELECT: &str = "SELECT s.id, s.series_id, COALESCE(se.name, '') AS series_name, s.kind, s.title, c.name AS category, \
    COALESCE(r.name, '') AS room, s.starts_at, s.ends_at, s.hours_tenths, s.status, s.moved, s.audience \
    FROM lecture_sessions s LEFT JOIN lecture_series se ON se.id = s.series_id JOIN lecture_categories c ON c.id = s.category_id \
    LEFT JOIN lecture_rooms r ON r.id = s.room_id";

fn row_from(r: &AnyRow) -> Result<(SessionRow, Audience), sqlx::Error> {
    let (starts_at, ends_at): (i64, i64) = (r.try_get("starts_at")?, r.try_get("ends_at")?);
    let audience: String = r.try_get("audience")?;
    Ok((
        SessionRow {
            id: r.try_get("id")?,
            series_id: r.try_get("series_id")?,
            series_name: r.try_get("series_name")?,
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            category: r.try_get("category")?,
            room: r.try_get("room")?,
            date: china_date(starts_at).to_string(),
            start: format_clock(starts_at),
            end: format_clock(ends_at),
            starts_at,
            ends_at,
            hours_tenths: r.try_get("hours_tenths")?,
            cancelled: r.try_get::<String, _>("status")? == "cancelled",
            moved: r.try_get::<i64, _>("moved")? != 0,
            lecturers: String::new(),
        },
        serde_json::from_str(&audience).unwrap_or_default(),
    ))
}

async fn fill_lecturers(db: &Db, rows: &mut [(SessionRow, Audience)]) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = rows.iter().map(|(r, _)| r.id).collect();
    let map = lecturers_of(db, &ids).await?;
    for (r, _) in rows.iter_mut() {
        if let Some(list) = map.get(&r.id) {
            r.lecturers = list.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join("、");
        }
    }
    Ok(())
}

/// Sessions starting in [from, to), with their audiences; optionally one series or category.
pub async fn sessions_between(
    db: &Db,
    from: i64,
    to: i64,
    series_id: Option<i64>,
    category_id: Option<i64>,
) -> Result<Vec<(SessionRow, Audience)>, sqlx::Error> {
    let mut sql = format!("{ROW_SELECT} WHERE s.starts_at >= $1 AND s.starts_at < $2");
    let mut args = vec![Arg::I(from), Arg::I(to)];
    if let Some(id) = series_id {
        args.push(Arg::I(id));
        sql.push_str(&format!(" AND s.series_id = ${}", args.len()));
    }
    if let Some(id) = category_id {
        args.push(Arg::I(id));
        sql.push_str(&format!(" AND s.category_id = ${}", args.len()));
    }
    sql.push_str(" ORDER BY s.starts_at, s.id LIMIT 2000");
    let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await?;
    let mut out = rows.iter().map(row_from).collect::<Result<Vec<_>, _>>()?;
    fill_lecturers(db, &mut out).await?;
    Ok(out)
}

/// One session as a list row.
pub async fn session_row(db: &Db, id: i64) -> Result<Option<(SessionRow, Audience)>, sqlx::Error> {
    let row = sqlx::query(&format!("{ROW_SELECT} WHERE s.id = $1")).bind(id).fetch_optional(&db.pool).await?;
    let Some(r) = row else { return Ok(None) };
    let mut out = vec![row_from(&r)?];
    fill_lecturers(db, &mut out).await?;
    Ok(out.pop())
}

/// Sessions one person lectures, in [from, to).
pub async fn lecturing(db: &Db, person_id: i64, from: i64, to: i64) -> Result<Vec<(SessionRow, Audience)>, sqlx::Error> {
    let sql = format!(
        "{ROW_SELECT} WHERE s.id IN (SELECT session_id FROM lecture_lecturers WHERE person_id = $1) AND s.starts_at >= $2 AND s.starts_at < $3 \
         ORDER BY s.starts_at"
    );
    let rows = sqlx::query(&sql).bind(person_id).bind(from).bind(to).fetch_all(&db.pool).await?;
    let mut out = rows.iter().map(row_from).collect::<Result<Vec<_>, _>>()?;
    fill_lecturers(db, &mut out).await?;
    Ok(out)
}

// ---- a person's part ------------------------------------------------------------------------

/// Enrolment, leave and attendance of one person at many sessions.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub enrolment: HashMap<i64, String>,
    pub leave: HashMap<i64, LeaveRow>,
    pub attendance: HashMap<i64, (Attendance, i64)>,
}

pub async fn marks_of(db: &Db, person_id: i64, session_ids: Option<&[i64]>) -> Result<Marks, sqlx::Error> {
    let filter = match session_ids {
        Some([]) => return Ok(Marks::default()),
        Some(ids) => format!(" AND session_id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
        None => String::new(),
    };
    let mut m = Marks::default();
    for r in
        sqlx::query(&format!("SELECT session_id, status FROM lecture_enrolments WHERE person_id = $1 AND status <> 'cancelled'{filter}"))
            .bind(person_id)
            .fetch_all(&db.pool)
            .await?
    {
        m.enrolment.insert(r.try_get("session_id")?, r.try_get("status")?);
    }
    for r in sqlx::query(&format!("SELECT session_id, status, at FROM lecture_attendance WHERE person_id = $1{filter}"))
        .bind(person_id)
        .fetch_all(&db.pool)
        .await?
    {
        if let Some(a) = Attendance::from_code(&r.try_get::<String, _>("status")?) {
            m.attendance.insert(r.try_get("session_id")?, (a, r.try_get("at")?));
        }
    }
    let leave_filter = filter.replace("session_id", "l.session_id");
    let sql = format!("{LEAVE_SELECT} WHERE l.person_id = $1 AND l.status <> 'withdrawn'{leave_filter}");
    for r in sqlx::query(&sql).bind(person_id).fetch_all(&db.pool).await? {
        let l = leave_from_row(&r)?;
        m.leave.insert(l.session_id, l);
    }
    Ok(m)
}

/// Sessions a person has enrolled in, asked leave for or attended (those not found through the
/// audience).
pub async fn touched_sessions(db: &Db, person_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT session_id FROM lecture_enrolments WHERE person_id = $1 AND status <> 'cancelled' \
         UNION SELECT session_id FROM lecture_attendance WHERE person_id = $1 \
         UNION SELECT session_id FROM lecture_leaves WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| r.try_get("session_id")).collect()
}

// ---- enrolment --------------------------------------------------------------------------------

pub async fn enrolment_of(w: &mut WriteTx, session_id: i64, person_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT status FROM lecture_enrolments WHERE session_id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    row.map(|r| r.try_get("status")).transpose()
}

/// (enrolled, waiting) counts.
pub async fn enrolment_counts(exec: impl sqlx::Executor<'_, Database = sqlx::Any>, session_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN status = 'enrolled' THEN 1 ELSE 0 END), 0) AS enrolled, \
         COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0) AS waiting FROM lecture_enrolments WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_one(exec)
    .await?;
    Ok((row.try_get("enrolled")?, row.try_get("waiting")?))
}

pub async fn set_enrolment(w: &mut WriteTx, session_id: i64, person_id: i64, status: &str) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO lecture_enrolments (session_id, person_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (session_id, person_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, \
         created_at = CASE WHEN lecture_enrolments.status = 'cancelled' THEN excluded.created_at ELSE lecture_enrolments.created_at END",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(status)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

/// The front of the waiting list, in the order people joined it.
pub async fn waiting_front(w: &mut WriteTx, session_id: i64, n: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT person_id FROM lecture_enrolments WHERE session_id = $1 AND status = 'waiting' ORDER BY created_at, person_id LIMIT $2",
    )
    .bind(session_id)
    .bind(n)
    .fetch_all(&mut *w.tx)
    .await?;
    rows.iter().map(|r| r.try_get("person_id")).collect()
}

/// Place on the waiting list (1 = next).
pub async fn waiting_position(db: &Db, session_id: i64, person_id: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM lecture_enrolments w, lecture_enrolments me WHERE me.session_id = $1 AND me.person_id = $2 \
         AND me.status = 'waiting' AND w.session_id = $1 AND w.status = 'waiting' \
         AND (w.created_at < me.created_at OR (w.created_at = me.created_at AND w.person_id <= me.person_id))",
    )
    .bind(session_id)
    .bind(person_id)
    .fetch_one(&db.pool)
    .await?;
    row.try_get("n")
}

/// Everyone enrolled or waiting (to tell them of a change).
pub async fn enrolled_people(w: &mut WriteTx, session_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT person_id FROM lecture_enrolments WHERE session_id = $1 AND status IN ('enrolled', 'waiting')")
        .bind(session_id)
        .fetch_all(&mut *w.tx)
        .await?;
    rows.iter().map(|r| r.try_get("person_id")).collect()
}

// ---- leave --------------------------------------------------------------------------------------

const LEAVE_SELECT: &str = "SELECT l.id, l.session_id, s.title AS session_title, s.starts_at, l.person_id, p.name AS person_name, \
    ou.name AS unit_name, l.reason, l.status, l.decided_by, l.decided_at, l.decision_note, l.created_at \
    FROM lecture_leaves l JOIN lecture_sessions s ON s.id = l.session_id JOIN people p ON p.id = l.person_id JOIN org_units ou ON ou.id = p.unit_id";

fn leave_from_row(r: &AnyRow) -> Result<LeaveRow, sqlx::Error> {
    Ok(LeaveRow {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        session_title: r.try_get("session_title")?,
        session_time: format_ms(r.try_get("starts_at")?),
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        unit_name: r.try_get("unit_name")?,
        reason: r.try_get("reason")?,
        status: r.try_get("status")?,
        decided_by: r.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(format_ms).unwrap_or_default(),
        decision_note: r.try_get("decision_note")?,
        created_at: format_ms(r.try_get("created_at")?),
    })
}

/// Ask for leave (again, after a withdrawal or a refusal: the request starts over).
pub async fn leave_request(w: &mut WriteTx, session_id: i64, person_id: i64, reason: &str) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO lecture_leaves (session_id, person_id, reason, status, created_at) VALUES ($1, $2, $3, 'pending', $4) \
         ON CONFLICT (session_id, person_id) DO UPDATE SET reason = excluded.reason, status = 'pending', decided_by = NULL, \
         decided_at = NULL, decision_note = '', created_at = excluded.created_at RETURNING id",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(reason)
    .bind(now_ms())
    .fetch_one(&mut *w.tx)
    .await?;
    row.try_get("id")
}

pub async fn leave_of(w: &mut WriteTx, session_id: i64, person_id: i64) -> Result<Option<LeaveRow>, sqlx::Error> {
    let row = sqlx::query(&format!("{LEAVE_SELECT} WHERE l.session_id = $1 AND l.person_id = $2"))
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    row.map(|r| leave_from_row(&r)).transpose()
}

/// A leave request within the scope (by the person's 部室), locked for the decision.
pub async fn leave_get(w: &mut WriteTx, scope: &Scope, id: i64) -> Result<Option<LeaveRow>, sqlx::Error> {
    w.lock_keys(&[&format!("lecture_leave:{id}")]).await?;
    let sql = format!("{LEAVE_SELECT} WHERE l.id = $1 AND {}", scope_condition(scope));
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?;
    row.map(|r| leave_from_row(&r)).transpose()
}

pub async fn leave_decide(w: &mut WriteTx, id: i64, status: &str, by: &str, note: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE lecture_leaves SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $5")
        .bind(status)
        .bind(by)
        .bind(now_ms())
        .bind(note)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Leave requests within a scope: pending first (oldest first), then the latest decisions.
pub async fn leave_queue(db: &Db, scope: &Scope, pending: bool) -> Result<Vec<LeaveRow>, sqlx::Error> {
    let sql = format!(
        "{LEAVE_SELECT} WHERE {} AND {} ORDER BY l.created_at {} LIMIT 300",
        if pending { "l.status = 'pending'" } else { "l.status IN ('approved', 'rejected')" },
        scope_condition(scope),
        if pending { "ASC" } else { "DESC" }
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter().map(leave_from_row).collect()
}

// ---- attendance -----------------------------------------------------------------------------------

/// Record a check-in unless the person is marked already (a second scan changes nothing).
/// Returns whether this call marked them.
pub async fn check_in(w: &mut WriteTx, session_id: i64, person_id: i64, mark: Attendance, at: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) VALUES ($1, $2, $3, $4, 'qr', '') \
         ON CONFLICT (session_id, person_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(mark.code())
    .bind(at)
    .execute(&mut *w.tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// HR's mark by hand (or from a workbook); `None` clears it.
pub async fn set_mark(
    w: &mut WriteTx,
    session_id: i64,
    person_id: i64,
    mark: Option<Attendance>,
    method: &str,
    by: &str,
) -> Result<(), sqlx::Error> {
    match mark {
        None => {
            sqlx::query("DELETE FROM lecture_attendance WHERE session_id = $1 AND person_id = $2")
                .bind(session_id)
                .bind(person_id)
                .execute(&mut *w.tx)
                .await?;
        }
        Some(m) => {
            sqlx::query(
                "INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (session_id, person_id) DO UPDATE SET status = excluded.status, at = excluded.at, method = excluded.method, \
                 marked_by = excluded.marked_by",
            )
            .bind(session_id)
            .bind(person_id)
            .bind(m.code())
            .bind(now_ms())
            .bind(method)
            .bind(by)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    Ok(())
}

pub async fn mark_of(w: &mut WriteTx, session_id: i64, person_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT status FROM lecture_attendance WHERE session_id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    row.map(|r| r.try_get("status")).transpose()
}

pub async fn checked_in_count(db: &Db, session_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM lecture_attendance WHERE session_id = $1 AND status IN ('present', 'late')")
        .bind(session_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

/// SQL condition on `people p` / `org_units ou` for an audience (ids written in, levels bound
/// from `first_arg`).
pub fn audience_condition(a: &Audience, args: &mut Vec<Arg>) -> String {
    if a.everyone {
        return "1 = 1".into();
    }
    let mut parts = Vec::new();
    for u in &a.unit_ids {
        parts.push(format!("ou.path LIKE '%/{u}/%'"));
    }
    if !a.levels.is_empty() {
        let mut marks = Vec::new();
        for l in &a.levels {
            args.push(Arg::S(l.clone()));
            marks.push(format!("${}", args.len()));
        }
        parts.push(format!("p.level IN ({})", marks.join(", ")));
    }
    if !a.person_ids.is_empty() {
        parts.push(format!("p.id IN ({})", a.person_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")));
    }
    if parts.is_empty() {
        "1 = 0".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// How many active staff an audience names.
pub async fn audience_size(db: &Db, a: &Audience) -> Result<i64, sqlx::Error> {
    let mut args = Vec::new();
    let cond = audience_condition(a, &mut args);
    let sql = format!("SELECT COUNT(*) AS n FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND {cond}");
    bind_all(sqlx::query(&sql), &args).fetch_one(&db.pool).await?.try_get("n")
}

/// One line of the attendance list as stored (the standing is worked out by the caller).
pub struct SheetRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub required: bool,
    pub enrolment: String,
    pub leave_status: String,
    pub mark: Option<Attendance>,
    pub at: Option<i64>,
    pub method: String,
}

/// The groups a filter of the attendance list shows: a mark's status, `leave` (approved, not
/// marked) or `unmarked`, which reads as 缺勤 once the session has ended and as 待签到 before.
pub fn filter_groups(filter: &str, ended: bool) -> Vec<&'static str> {
    match filter {
        "present" => vec!["present"],
        "late" => vec!["late"],
        "leave" => vec!["leave"],
        "absent" if ended => vec!["absent", "unmarked"],
        "absent" => vec!["absent"],
        "pending" | "unmarked" => vec!["unmarked"],
        _ => Vec::new(),
    }
}

/// The attendance list: required active staff, anyone enrolled, with a leave request or marked;
/// within the scope; one filter's groups ([`filter_groups`]), a page at a time, with totals by
/// group over the whole list. The totals and the page are read at the same time.
#[allow(clippy::too_many_arguments)]
pub async fn sheet(
    db: &Db,
    session_id: i64,
    audience: &Audience,
    scope: &Scope,
    filter: &str,
    ended: bool,
    page: i64,
    per_page: i64,
) -> Result<(Vec<SheetRow>, i64, Vec<(String, i64)>), sqlx::Error> {
    let mut args = vec![Arg::I(session_id)];
    let aud = audience_condition(audience, &mut args);
    let scope_sql = unit_scope_condition(scope, "ou");
    let group = "CASE WHEN a.status IS NOT NULL THEN a.status WHEN l.status = 'approved' THEN 'leave' ELSE 'unmarked' END";
    let groups = filter_groups(filter, ended);
    let mut where_filter = String::new();
    if !groups.is_empty() {
        let mut marks = Vec::new();
        for g in &groups {
            args.push(Arg::S(g.to_string()));
            marks.push(format!("${}", args.len()));
        }
        where_filter = format!(" AND {group} IN ({})", marks.join(", "));
    }
    let (_, offset) = super::page_offset(page, per_page);
    let sql = format!(
        "SELECT p.id, p.name, ou.name AS unit_name, CASE WHEN p.status = '在职' AND {aud} THEN 1 ELSE 0 END AS required, \
         COALESCE(e.status, '') AS enrolment, COALESCE(l.status, '') AS leave_status, a.status AS mark, a.at, COALESCE(a.method, '') AS method \
         FROM people p JOIN org_units ou ON ou.id = p.unit_id \
         LEFT JOIN lecture_attendance a ON a.session_id = $1 AND a.person_id = p.id \
         LEFT JOIN lecture_enrolments e ON e.session_id = $1 AND e.person_id = p.id AND e.status <> 'cancelled' \
         LEFT JOIN lecture_leaves l ON l.session_id = $1 AND l.person_id = p.id AND l.status <> 'withdrawn' \
         WHERE {scope_sql} AND ((p.status = '在职' AND {aud}) OR a.person_id IS NOT NULL OR e.person_id IS NOT NULL OR l.person_id IS NOT NULL)\
         {where_filter} ORDER BY p.id LIMIT {per_page} OFFSET {offset}"
    );
    let rows_query = async {
        let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(SheetRow {
                    person_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    unit_name: r.try_get("unit_name")?,
                    required: r.try_get::<i64, _>("required")? != 0,
                    enrolment: r.try_get("enrolment")?,
                    leave_status: r.try_get("leave_status")?,
                    mark: r.try_get::<Option<String>, _>("mark")?.and_then(|m| Attendance::from_code(&m)),
                    at: r.try_get("at")?,
                    method: r.try_get("method")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
    };
    let (lines, counts) = tokio::try_join!(rows_query, sheet_counts(db, session_id, audience, scope))?;
    let total: i64 = counts.iter().filter(|(g, _)| groups.is_empty() || groups.contains(&g.as_str())).map(|(_, n)| n).sum();
    Ok((lines, total, counts))
}

/// Totals of the attendance list by group (a mark's status, `leave`, `unmarked`), worked out from
/// the session's own rows rather than by visiting everyone required: with 100,000 people required,
/// visiting each (three lookups apiece) takes half a second; the sets below take milliseconds, and
/// are read at the same time.
///
/// The list L is R ∪ M ∪ E ∪ V within the scope: R the active people of the audience, M the marked,
/// E those enrolled or waiting, V those with a leave request. Marks group as their status; of the
/// rest, approved leave is `leave`; everything else is `unmarked`:
/// |unmarked| = |R| + |M \ R| + |(E ∪ V) \ (R ∪ M)| − |M| − |approved V \ M|.
async fn sheet_counts(db: &Db, session_id: i64, audience: &Audience, scope: &Scope) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut args = vec![Arg::I(session_id)];
    let aud = audience_condition(audience, &mut args);
    let required = format!("(p.status = '在职' AND {aud})");
    let scope_sql = unit_scope_condition(scope, "ou");
    // Units are joined only when the audience or the scope names one: the counts below then read
    // narrower rows (counting the active from the narrowest index is three times faster).
    let units =
        if matches!(scope, Scope::Units(_)) || !audience.unit_ids.is_empty() { "JOIN org_units ou ON ou.id = p.unit_id" } else { "" };
    let people = format!("JOIN people p ON p.id = x.person_id {units}");
    let session_only = vec![Arg::I(session_id)];
    let count =
        |sql: String, args: Vec<Arg>| async move { bind_all(sqlx::query(&sql), &args).fetch_one(&db.pool).await?.try_get::<i64, _>("n") };
    // M by status. For everyone: the session's marks alone (a covering index). Within a scope: the
    // scope's people, each looked up in the marks (SQLite's CROSS JOIN keeps that order; elsewhere
    // it is an inner join like any other).
    let marks_sql = match scope {
        Scope::All => "SELECT status, COUNT(*) AS n FROM lecture_attendance WHERE session_id = $1 GROUP BY status".to_string(),
        Scope::Units(_) => format!(
            "SELECT a.status, COUNT(*) AS n FROM org_units ou JOIN people p ON p.unit_id = ou.id CROSS JOIN lecture_attendance a \
             WHERE a.session_id = $1 AND a.person_id = p.id AND {scope_sql} GROUP BY a.status"
        ),
    };
    let marks = async {
        let mut out: Vec<(String, i64)> = Vec::new();
        for r in bind_all(sqlx::query(&marks_sql), &session_only).fetch_all(&db.pool).await? {
            out.push((r.try_get("status")?, r.try_get("n")?));
        }
        Ok::<_, sqlx::Error>(out)
    };
    // |M \ R| from whichever side is small: for everyone, the marked among those not active (a
    // range of the status index, not a scan of the roster: `<>` would read every row); otherwise
    // |M| less the marked among R.
    let has_mark = "EXISTS (SELECT 1 FROM lecture_attendance a WHERE a.session_id = $1 AND a.person_id = p.id)";
    let marked_outside_or_inside = if audience.everyone {
        let gone: Vec<String> = crate::domain::roster::STATUSES.iter().filter(|s| **s != "在职").map(|s| format!("'{s}'")).collect();
        count(
            format!("SELECT COUNT(*) AS n FROM people p {units} WHERE p.status IN ({}) AND {has_mark} AND {scope_sql}", gone.join(", ")),
            session_only.clone(),
        )
    } else {
        count(format!("SELECT COUNT(*) AS n FROM people p {units} WHERE {required} AND {has_mark} AND {scope_sql}"), args.clone())
    };
    let not_marked = "NOT EXISTS (SELECT 1 FROM lecture_attendance a WHERE a.session_id = $1 AND a.person_id = x.person_id)";
    // Approved leave needs the people only to apply a scope (and binds the session alone).
    let leave_people = if matches!(scope, Scope::Units(_)) { people.as_str() } else { "" };
    let leave = count(
        format!(
            "SELECT COUNT(*) AS n FROM lecture_leaves x {leave_people} WHERE x.session_id = $1 AND x.status = 'approved' AND {not_marked} AND {scope_sql}"
        ),
        session_only.clone(),
    );
    let others = count(
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT person_id FROM lecture_enrolments WHERE session_id = $1 AND status <> 'cancelled' \
             UNION SELECT person_id FROM lecture_leaves WHERE session_id = $1 AND status <> 'withdrawn') x {people} \
             WHERE NOT {required} AND {not_marked} AND {scope_sql}"
        ),
        args.clone(),
    );
    // R alone: its own arguments (no session parameter to leave unused).
    let mut r_args = Vec::new();
    let r_aud = audience_condition(audience, &mut r_args);
    let required_n =
        count(format!("SELECT COUNT(*) AS n FROM people p {units} WHERE p.status = '在职' AND {r_aud} AND {scope_sql}"), r_args);
    let (mut counts, side, leave, others, required_n) = tokio::try_join!(marks, marked_outside_or_inside, leave, others, required_n)?;
    let marked: i64 = counts.iter().map(|(_, n)| n).sum();
    let marked_not_required = if audience.everyone { side } else { marked - side };
    let unmarked = required_n + marked_not_required + others - marked - leave;
    if leave > 0 {
        counts.push(("leave".into(), leave));
    }
    if unmarked > 0 {
        counts.push(("unmarked".into(), unmarked));
    }
    Ok(counts)
}

// ---- notices ----------------------------------------------------------------------------------------

pub async fn notify(w: &mut WriteTx, people: &[i64], text: &str, link: &str) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for chunk in people.chunks(200) {
        let mut sql = String::from("INSERT INTO notices (person_id, at, text, link) VALUES ");
        let mut args = Vec::new();
        for (i, p) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let b = args.len();
            sql.push_str(&format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4));
            args.extend([Arg::I(*p), Arg::I(now), Arg::S(text.to_string()), Arg::S(link.to_string())]);
        }
        bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
    }
    Ok(())
}

pub async fn notices(db: &Db, person_id: i64, limit: i64) -> Result<Vec<Notice>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, at, text, link, read_at FROM notices WHERE person_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(person_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Notice {
                id: r.try_get("id")?,
                at: format_ms(r.try_get("at")?),
                text: r.try_get("text")?,
                link: r.try_get("link")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

pub async fn unread_count(db: &Db, person_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM notices WHERE person_id = $1 AND read_at IS NULL")
        .bind(person_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

pub async fn mark_read(w: &mut WriteTx, person_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notices SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
        .bind(now_ms())
        .bind(person_id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

// ---- calendar feeds ----------------------------------------------------------------------------

pub async fn set_feed(w: &mut WriteTx, person_id: i64, token_hash: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1").bind(person_id).execute(&mut *w.tx).await?;
    if let Some(h) = token_hash {
        sqlx::query("INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)")
            .bind(person_id)
            .bind(h)
            .bind(now_ms())
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

pub async fn feed_person(db: &Db, token_hash: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT person_id FROM calendar_feeds WHERE token_hash = $1").bind(token_hash).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("person_id")).transpose()
}

pub async fn has_feed(db: &Db, person_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT person_id FROM calendar_feeds WHERE person_id = $1").bind(person_id).fetch_optional(&db.pool).await?.is_some())
}
