//! Correction requests: an employee asks, HR approves (the change is applied) or rejects.

use super::people::scope_condition;
use super::{now_ms, Db, WriteTx};
use crate::authz::Scope;
use crate::domain::roster::field_label;
use crate::model::Correction;
use sqlx::any::AnyRow;
use sqlx::Row;

pub struct NewCorrection<'a> {
    pub person_id: i64,
    pub user_id: i64,
    pub field: &'a str,
    pub current_value: &'a str,
    pub requested_value: &'a str,
    pub note: &'a str,
}

pub async fn create(w: &mut WriteTx, c: NewCorrection<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO correction_requests (person_id, requested_by, field, current_value, requested_value, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.person_id)
    .bind(c.user_id)
    .bind(c.field)
    .bind(c.current_value)
    .bind(c.requested_value)
    .bind(c.note)
    .bind(now_ms())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")
}

pub async fn pending_for_field(db: &Db, person_id: i64, field: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM correction_requests WHERE person_id = $1 AND field = $2 AND status = 'pending'")
        .bind(person_id)
        .bind(field)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

const COLUMNS: &str = "c.id, c.person_id, p.name AS person_name, ou2.name AS unit_name, c.field, c.current_value, \
    c.requested_value, c.note, c.status, c.reason, c.created_at, c.decided_at, c.decided_by";

fn from_row(r: &AnyRow) -> Result<Correction, sqlx::Error> {
    use crate::domain::time::format_ms;
    let field: String = r.try_get("field")?;
    Ok(Correction {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        unit_name: r.try_get("unit_name")?,
        field_label: field_label(&field).to_string(),
        field,
        current_value: r.try_get("current_value")?,
        requested_value: r.try_get("requested_value")?,
        note: r.try_get("note")?,
        status: r.try_get("status")?,
        reason: r.try_get("reason")?,
        created_at: format_ms(r.try_get("created_at")?),
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(format_ms).unwrap_or_default(),
        decided_by: r.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
    })
}

/// Requests about one person (their own list).
pub async fn for_person(db: &Db, person_id: i64) -> Result<Vec<Correction>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM correction_requests c JOIN people p ON p.id = c.person_id \
         JOIN org_units ou2 ON ou2.id = p.unit_id WHERE c.person_id = $1 ORDER BY c.id DESC"
    );
    let rows = sqlx::query(&sql).bind(person_id).fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// HR's queue within their scope: pending first, then the latest decisions.
pub async fn queue(db: &Db, scope: &Scope, status: &str) -> Result<Vec<Correction>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM correction_requests c JOIN people p ON p.id = c.person_id \
         JOIN org_units ou2 ON ou2.id = p.unit_id WHERE c.status = $1 AND {} ORDER BY c.id {} LIMIT 200",
        scope_condition(scope),
        if status == "pending" { "ASC" } else { "DESC" }
    );
    let rows = sqlx::query(&sql).bind(status).fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// One pending request within the scope, locked for the decision.
pub async fn get_pending(w: &mut WriteTx, scope: &Scope, id: i64) -> Result<Option<Correction>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM correction_requests c JOIN people p ON p.id = c.person_id \
         JOIN org_units ou2 ON ou2.id = p.unit_id WHERE c.id = $1 AND c.status = 'pending' AND {}{}",
        scope_condition(scope),
        w.engine.for_update().replace("FOR UPDATE", "FOR UPDATE OF c")
    );
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?;
    row.map(|r| from_row(&r)).transpose()
}

pub async fn decide(w: &mut WriteTx, id: i64, approved: bool, reason: &str, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE correction_requests SET status = $1, reason = $2, decided_at = $3, decided_by = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(if approved { "approved" } else { "rejected" })
    .bind(reason)
    .bind(now_ms())
    .bind(by)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}
