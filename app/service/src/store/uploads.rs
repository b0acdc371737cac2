//! Workbooks checked from a form and waiting for 确认导入 (see `api::excel::ssr::finish_upload`):
//! held by a random token, readable only by the person who uploaded them and only for the import
//! they were checked for, gone after an hour.

use super::{Db, WriteTx};
use sqlx::Row;

/// How long a checked workbook waits for its confirmation.
pub const KEPT_MS: i64 = 3_600_000;

pub struct Staged {
    pub file_name: String,
    pub fields: Vec<(String, String)>,
    pub upsert: bool,
    pub bytes: Vec<u8>,
    pub report: String,
}

pub struct NewStaged<'a> {
    pub token: &'a str,
    pub user_id: i64,
    pub endpoint: &'a str,
    pub file_name: &'a str,
    pub fields: &'a [(String, String)],
    pub upsert: bool,
    pub bytes: &'a [u8],
    pub report: &'a str,
}

pub async fn stage(w: &mut WriteTx, s: &NewStaged<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pending_uploads WHERE created_at < $1").bind(now - KEPT_MS).execute(&mut *w.tx).await?;
    sqlx::query(
        "INSERT INTO pending_uploads (token, user_id, endpoint, file_name, fields, upsert, bytes, report, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(s.token)
    .bind(s.user_id)
    .bind(s.endpoint)
    .bind(s.file_name)
    .bind(serde_json::to_string(s.fields).unwrap_or_else(|_| "[]".into()))
    .bind(s.upsert as i64)
    .bind(s.bytes.to_vec())
    .bind(s.report)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

/// The staged workbook behind `token`, if it is this user's, for this import, and not too old.
pub async fn get(db: &Db, token: &str, user_id: i64, endpoint: &str, now: i64) -> Result<Option<Staged>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT file_name, fields, upsert, bytes, report FROM pending_uploads \
         WHERE token = $1 AND user_id = $2 AND endpoint = $3 AND created_at >= $4",
    )
    .bind(token)
    .bind(user_id)
    .bind(endpoint)
    .bind(now - KEPT_MS)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let fields: String = r.try_get("fields")?;
        Ok(Staged {
            file_name: r.try_get("file_name")?,
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            upsert: r.try_get::<i64, _>("upsert")? != 0,
            bytes: r.try_get("bytes")?,
            report: r.try_get("report")?,
        })
    })
    .transpose()
}

/// The last report of a staged workbook, for the page: (import, report JSON).
pub async fn report(db: &Db, token: &str, user_id: i64, now: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT endpoint, report FROM pending_uploads WHERE token = $1 AND user_id = $2 AND created_at >= $3")
        .bind(token)
        .bind(user_id)
        .bind(now - KEPT_MS)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("endpoint")?, r.try_get("report")?))).transpose()
}

/// The workbook was imported: keep its report for the page, drop its bytes (it cannot be imported
/// twice).
pub async fn imported(db: &Db, token: &str, report: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE pending_uploads SET bytes = $1, report = $2 WHERE token = $3")
        .bind(Vec::<u8>::new())
        .bind(report)
        .bind(token)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// How long a form's result waits for the page that shows it (see [`keep_shown`]).
pub const SHOWN_MS: i64 = 600_000;

/// A form's result that its page shows once (a revealed ID number, a temporary password, account
/// slips), sealed with the field key by the caller: kept in this table under its key (in the
/// `endpoint` column; no file name, no bytes), so that whichever instance draws the next page can
/// show it. Rows nobody took go with the hour's workbooks.
pub async fn keep_shown(w: &mut WriteTx, token: &str, user_id: i64, key: &str, sealed: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pending_uploads WHERE created_at < $1").bind(now - KEPT_MS).execute(&mut *w.tx).await?;
    sqlx::query(
        "INSERT INTO pending_uploads (token, user_id, endpoint, file_name, fields, upsert, bytes, report, created_at) \
         VALUES ($1, $2, $3, '', '[]', 0, $4, $5, $6)",
    )
    .bind(token)
    .bind(user_id)
    .bind(key)
    .bind(Vec::<u8>::new())
    .bind(sealed)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

/// The sealed result behind `token`, if it is this user's, kept under `key` and not older than
/// [`SHOWN_MS`]; taken out, so it is shown once.
pub async fn take_shown(w: &mut WriteTx, token: &str, user_id: i64, key: &str, now: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "DELETE FROM pending_uploads WHERE token = $1 AND user_id = $2 AND endpoint = $3 AND file_name = '' \
         RETURNING report, created_at",
    )
    .bind(token)
    .bind(user_id)
    .bind(key)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let created: i64 = row.try_get("created_at")?;
    (created >= now - SHOWN_MS).then(|| row.try_get("report")).transpose()
}
