//! Login accounts and their role grants.

use super::{now_ms, Db, WriteTx};
use crate::authz::{Role, RoleGrant};
use crate::model::{CurrentUser, Locale, Page, UserSummary};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub disabled: bool,
}

pub async fn find_for_login(db: &Db, username: &str) -> Result<Option<LoginRow>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, password_hash, disabled FROM users WHERE username = $1").bind(username).fetch_optional(&db.pool).await?;
    row.map(|r| {
        Ok(LoginRow { id: r.try_get("id")?, password_hash: r.try_get("password_hash")?, disabled: r.try_get::<i64, _>("disabled")? != 0 })
    })
    .transpose()
}

pub async fn password_hash(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("password_hash")).transpose()
}

async fn grants(conn: &mut AnyConnection, user_ids: &[i64]) -> Result<Vec<(i64, RoleGrant)>, sqlx::Error> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = user_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT r.user_id, r.role, r.unit_id, u.name AS unit_name FROM user_roles r \
         LEFT JOIN org_units u ON u.id = r.unit_id WHERE r.user_id IN ({list}) ORDER BY r.user_id, r.id"
    );
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in rows {
        let role: String = r.try_get("role")?;
        let unit: i64 = r.try_get("unit_id")?;
        if let Some(role) = Role::from_code(&role) {
            out.push((r.try_get("user_id")?, RoleGrant { role, unit_id: (unit != 0).then_some(unit), unit_name: r.try_get("unit_name")? }));
        }
    }
    Ok(out)
}

fn current_from_row(r: &AnyRow, grants: Vec<RoleGrant>) -> Result<CurrentUser, sqlx::Error> {
    Ok(CurrentUser {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        person_id: r.try_get("person_id")?,
        grants,
        locale: Locale::from_code(&r.try_get::<String, _>("locale")?),
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
    })
}

/// The user behind a session; `None` when the account is missing or disabled.
pub async fn load_current(db: &Db, user_id: i64) -> Result<Option<CurrentUser>, sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT id, username, display_name, person_id, locale, must_change_password, disabled \
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.try_get::<i64, _>("disabled")? != 0 {
        return Ok(None);
    }
    let g = grants(&mut conn, &[user_id]).await?.into_iter().map(|(_, g)| g).collect();
    Ok(Some(current_from_row(&row, g)?))
}

pub async fn exists(db: &Db, username: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM users WHERE username = $1").bind(username).fetch_optional(&db.pool).await?.is_some())
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&db.pool).await?.try_get("n")
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub person_id: Option<i64>,
    pub must_change_password: bool,
}

pub async fn create(w: &mut WriteTx, u: NewUser<'_>, roles: &[RoleGrant]) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO users (username, display_name, password_hash, person_id, must_change_password, \
         created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.password_hash)
    .bind(u.person_id)
    .bind(u.must_change_password as i64)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    set_roles(w, id, roles).await?;
    Ok(id)
}

pub async fn set_roles(w: &mut WriteTx, user_id: i64, roles: &[RoleGrant]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *w.tx).await?;
    let mut seen = Vec::new();
    for g in roles {
        let key = (g.role, g.unit_id.unwrap_or(0));
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        sqlx::query("INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(g.role.code())
            .bind(key.1)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

pub async fn set_password(w: &mut WriteTx, user_id: i64, hash: &str, must_change: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3 WHERE id = $4")
        .bind(hash)
        .bind(must_change as i64)
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

pub async fn set_disabled(w: &mut WriteTx, user_id: i64, disabled: bool) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2").bind(disabled as i64).bind(user_id).execute(&mut *w.tx).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_locale(w: &mut WriteTx, user_id: i64, locale: Locale) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2").bind(locale.code()).bind(user_id).execute(&mut *w.tx).await?;
    Ok(())
}

pub async fn summary(db: &Db, user_id: i64) -> Result<Option<UserSummary>, sqlx::Error> {
    let p = list_where(db, "WHERE u.id = $1", Some(user_id), None, 1, 1).await?;
    Ok(p.items.into_iter().next())
}

pub const PER_PAGE: i64 = 30;

pub async fn list(db: &Db, search: &str, page: i64) -> Result<Page<UserSummary>, sqlx::Error> {
    let search = search.trim();
    if search.is_empty() {
        list_where(db, "", None, None, page, PER_PAGE).await
    } else {
        let cond = format!(
            "WHERE u.username {l} $1 {e} OR u.display_name {l} $1 {e} OR p.name {l} $1 {e}",
            l = db.engine.ilike(),
            e = super::LIKE_ESCAPE
        );
        list_where(db, &cond, None, Some(super::contains_pattern(search)), page, PER_PAGE).await
    }
}

async fn list_where(
    db: &Db,
    cond: &str,
    id: Option<i64>,
    text: Option<String>,
    page: i64,
    per_page: i64,
) -> Result<Page<UserSummary>, sqlx::Error> {
    let (page, offset) = super::page_offset(page, per_page);
    let mut conn = db.pool.acquire().await?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM users u LEFT JOIN people p ON p.id = u.person_id {cond}");
    let mut q = sqlx::query(&count_sql);
    if let Some(i) = id {
        q = q.bind(i);
    }
    if let Some(t) = &text {
        q = q.bind(t.clone());
    }
    let total: i64 = q.fetch_one(&mut *conn).await?.try_get("n")?;
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.disabled, u.must_change_password, u.created_at, \
         p.name AS person_name FROM users u LEFT JOIN people p ON p.id = u.person_id {cond} \
         ORDER BY u.id LIMIT {per_page} OFFSET {offset}"
    );
    let mut q = sqlx::query(&sql);
    if let Some(i) = id {
        q = q.bind(i);
    }
    if let Some(t) = &text {
        q = q.bind(t.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    let all_grants = grants(&mut conn, &ids).await?;
    let items = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(UserSummary {
                id,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                person_name: r.try_get("person_name")?,
                disabled: r.try_get::<i64, _>("disabled")? != 0,
                must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
                grants: all_grants.iter().filter(|(u, _)| *u == id).map(|(_, g)| g.clone()).collect(),
                created_at: crate::domain::time::format_ms(r.try_get("created_at")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, page, per_page })
}

/// Accounts linked to a person: disable them and end their sessions (someone left).
pub async fn disable_for_person(w: &mut WriteTx, person_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT id FROM users WHERE person_id = $1 AND disabled = 0").bind(person_id).fetch_all(&mut *w.tx).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    for id in &ids {
        set_disabled(w, *id, true).await?;
        super::sessions::end_all_for_user(w, *id, None).await?;
    }
    Ok(ids)
}

/// Active people in the unit subtrees who have no account yet: (person id, name, pinyin, unit name).
pub async fn people_without_account(db: &Db, unit_id: i64, scope_cond: &str) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, p.name_pinyin, ou2.name AS unit_name FROM people p JOIN org_units ou2 ON ou2.id = p.unit_id \
         WHERE p.status = '在职' AND ou2.path LIKE '%/{unit_id}/%' AND {scope_cond} \
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) ORDER BY ou2.path, p.id"
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("name_pinyin")?, r.try_get("unit_name")?))).collect()
}

/// A free username from a pinyin stem: `zhangsan`, then `zhangsan2`, `zhangsan3`, …
pub async fn free_username(w: &mut WriteTx, stem: &str) -> Result<String, sqlx::Error> {
    let mut base: String = stem.chars().filter(|c| c.is_ascii_lowercase()).take(28).collect();
    if base.is_empty() {
        base = "user".into();
    }
    while base.len() < 3 {
        base.push('0');
    }
    let like = format!("{base}%");
    let rows = sqlx::query("SELECT username FROM users WHERE username LIKE $1").bind(like).fetch_all(&mut *w.tx).await?;
    let taken: std::collections::HashSet<String> = rows.iter().filter_map(|r| r.try_get::<String, _>("username").ok()).collect();
    Ok(crate::domain::roster::next_free_username(&base, &taken))
}
