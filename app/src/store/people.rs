//! Organisation units and people. Scope filters are applied here, in SQL, never after loading.

use super::Db;
use crate::authz::Scope;
use crate::model::{Page, PersonRow, UnitOption};
use sqlx::any::AnyRow;
use sqlx::Row;

pub async fn units(db: &Db) -> Result<Vec<UnitOption>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, path FROM org_units ORDER BY path, sort_order").fetch_all(&db.pool).await?;
    let mut out: Vec<(String, UnitOption)> = rows
        .iter()
        .map(|r| {
            let path: String = r.try_get("path")?;
            let depth = path.matches('/').count() as i64 - 2;
            Ok((path, UnitOption { id: r.try_get("id")?, name: r.try_get("name")?, depth }))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    // Order as a tree: by the chain of ids from the root.
    out.sort_by(|a, b| {
        let key = |p: &str| p.split('/').filter(|s| !s.is_empty()).map(|s| s.parse::<i64>().unwrap_or(0)).collect::<Vec<_>>();
        key(&a.0).cmp(&key(&b.0))
    });
    Ok(out.into_iter().map(|(_, u)| u).collect())
}

pub async fn unit_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM org_units WHERE id = $1").bind(id).fetch_optional(&db.pool).await?.is_some())
}

/// SQL condition limiting `people` (aliased `p`) to a scope. Unit ids are integers from the
/// role table, so they are written into the SQL directly.
pub fn scope_condition(scope: &Scope) -> String {
    match scope {
        Scope::All => "1 = 1".into(),
        Scope::Units(ids) => {
            let parts: Vec<String> = ids.iter().map(|id| format!("ou.path LIKE '%/{id}/%'")).collect();
            format!("p.unit_id IN (SELECT ou.id FROM org_units ou WHERE {})", parts.join(" OR "))
        }
    }
}

fn person_row(r: &AnyRow, today: chrono::NaiveDate) -> Result<PersonRow, sqlx::Error> {
    let birth: String = r.try_get("birth_date")?;
    let age = chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map(|b| crate::domain::time::age_on(b, today))
        .unwrap_or(0);
    Ok(PersonRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        sex: r.try_get("sex")?,
        birth_date: birth,
        age,
        unit_name: r.try_get("unit_name")?,
        position: r.try_get("position")?,
        level: r.try_get("level")?,
        status: r.try_get("status")?,
    })
}

const PERSON_COLUMNS: &str = "p.id, p.name, p.sex, p.birth_date, p.position, p.level, p.status, ou2.name AS unit_name";

pub const PER_PAGE: i64 = 50;

pub async fn list(db: &Db, scope: &Scope, search: &str, page: i64) -> Result<Page<PersonRow>, sqlx::Error> {
    let page = page.max(1);
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let mut cond = scope_condition(scope);
    let search = search.trim();
    if !search.is_empty() {
        cond.push_str(&format!(" AND p.name {} $1", db.engine.ilike()));
    }
    let pattern = format!("%{search}%");
    let count_sql = format!("SELECT COUNT(*) AS n FROM people p WHERE {cond}");
    let mut q = sqlx::query(&count_sql);
    if !search.is_empty() {
        q = q.bind(pattern.clone());
    }
    let total: i64 = q.fetch_one(&db.pool).await?.try_get("n")?;
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM people p JOIN org_units ou2 ON ou2.id = p.unit_id WHERE {cond} \
         ORDER BY p.id LIMIT {PER_PAGE} OFFSET {}",
        (page - 1) * PER_PAGE
    );
    let mut q = sqlx::query(&sql);
    if !search.is_empty() {
        q = q.bind(pattern);
    }
    let rows = q.fetch_all(&db.pool).await?;
    let items = rows.iter().map(|r| person_row(r, today)).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page, per_page: PER_PAGE })
}

pub async fn get(db: &Db, id: i64) -> Result<Option<PersonRow>, sqlx::Error> {
    let today = crate::domain::time::today_china(chrono::Utc::now());
    let sql = format!("SELECT {PERSON_COLUMNS} FROM people p JOIN org_units ou2 ON ou2.id = p.unit_id WHERE p.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| person_row(&r, today)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_condition_matches_subtrees() {
        assert_eq!(scope_condition(&Scope::All), "1 = 1");
        let c = scope_condition(&Scope::Units(vec![3, 12]));
        assert!(c.contains("ou.path LIKE '%/3/%' OR ou.path LIKE '%/12/%'"));
    }
}
