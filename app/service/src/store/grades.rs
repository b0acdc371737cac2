//! 年度考核: each person's grade per year, and the 部室 whose higher 优秀 share was approved.

use super::people::scope_condition;
use super::{Db, WriteTx};
use crate::authz::Scope;
use sqlx::Row;
use std::collections::HashMap;

/// Someone taking part in a year's assessment, with what decides their grades and the cap.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub dept_id: i64,
    pub establishment: String,
    pub status: String,
    /// The last day of a probation still running (试用中), if any.
    pub probation_ends: Option<String>,
}

/// The 部室 (the department right below the organisation) of a unit path ('/1/6/7/' → 6).
pub fn dept_of_path(path: &str) -> i64 {
    let segs: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
    segs.get(1).or(segs.first()).copied().unwrap_or(0)
}

/// People in the scope who take part in `year`'s assessment: everyone active now, and everyone
/// already graded for that year (who may have left since). `only`: just these people.
pub async fn participants(db: &Db, scope: &Scope, year: i32, only: Option<&[i64]>) -> Result<Vec<Participant>, sqlx::Error> {
    let filter = match only {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => format!("p.id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
        None => format!("(p.status = '在职' OR p.id IN (SELECT person_id FROM annual_grades WHERE year = {year}))"),
    };
    let sql = format!(
        "SELECT p.id, p.name, p.establishment, p.status, ou.name AS unit_name, ou.path, \
         (SELECT MAX(b.ends) FROM probations b WHERE b.person_id = p.id AND b.status = '试用中') AS probation_ends \
         FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE {filter} AND {} ORDER BY ou.path, p.name, p.id",
        scope_condition(scope)
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let path: String = r.try_get("path")?;
            Ok(Participant {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                unit_name: r.try_get("unit_name")?,
                dept_id: dept_of_path(&path),
                establishment: r.try_get("establishment")?,
                status: r.try_get("status")?,
                probation_ends: r.try_get("probation_ends")?,
            })
        })
        .collect()
}

/// A year's grades of people in the scope: person → (grade, comment, 部室 it counts in).
pub async fn grades_in(db: &Db, scope: &Scope, year: i32) -> Result<HashMap<i64, (String, String, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT g.person_id, g.grade, g.comment, g.dept_id FROM annual_grades g JOIN people p ON p.id = g.person_id WHERE g.year = $1 AND {}",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .bind(year as i64)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("person_id")?, (r.try_get("grade")?, r.try_get("comment")?, r.try_get("dept_id")?))))
        .collect()
}

/// Per 部室 for a year (whole organisation, whatever the reader's scope: the cap is the
/// 部室's): people graded, and how many 优秀, inside the write transaction.
pub async fn dept_counts(w: &mut WriteTx, year: i32, dept_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(SUM(CASE WHEN grade = '优秀' THEN 1 ELSE 0 END) AS BIGINT) AS e FROM annual_grades WHERE year = $1 AND dept_id = $2",
    )
    .bind(year as i64)
    .bind(dept_id)
    .fetch_one(&mut *w.tx)
    .await?;
    Ok((r.try_get("n")?, r.try_get::<Option<i64>, _>("e")?.unwrap_or(0)))
}

/// Active people of a 部室 now (its sub-units included), inside the write transaction.
pub async fn dept_active(w: &mut WriteTx, dept_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND ou.path LIKE '%/{dept_id}/%'"
    );
    sqlx::query(&sql).fetch_all(&mut *w.tx).await?.iter().map(|r| r.try_get("id")).collect()
}

/// Everyone graded in a 部室 for a year, with the grade (inside the write transaction).
pub async fn dept_grades(w: &mut WriteTx, year: i32, dept_id: i64) -> Result<HashMap<i64, String>, sqlx::Error> {
    sqlx::query("SELECT person_id, grade FROM annual_grades WHERE year = $1 AND dept_id = $2")
        .bind(year as i64)
        .bind(dept_id)
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("person_id")?, r.try_get("grade")?)))
        .collect()
}

/// Set (or with `None` remove) a grade; returns the one it replaced.
pub async fn set_grade(
    w: &mut WriteTx,
    person_id: i64,
    year: i32,
    grade: Option<(&str, &str, i64)>,
    by: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let before: Option<String> = sqlx::query_scalar("SELECT grade FROM annual_grades WHERE person_id = $1 AND year = $2")
        .bind(person_id)
        .bind(year as i64)
        .fetch_optional(&mut *w.tx)
        .await?;
    sqlx::query("DELETE FROM annual_grades WHERE person_id = $1 AND year = $2")
        .bind(person_id)
        .bind(year as i64)
        .execute(&mut *w.tx)
        .await?;
    if let Some((grade, comment, dept_id)) = grade {
        sqlx::query(
            "INSERT INTO annual_grades (person_id, year, grade, comment, dept_id, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(person_id)
        .bind(year as i64)
        .bind(grade)
        .bind(comment)
        .bind(dept_id)
        .bind(by)
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(before)
}

/// The 部室 with an approved higher 优秀 share for a year: 部室 → the approval's note.
pub async fn approvals(db: &Db, year: i32) -> Result<HashMap<i64, String>, sqlx::Error> {
    sqlx::query("SELECT dept_id, note FROM excellent_approvals WHERE year = $1")
        .bind(year as i64)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("dept_id")?, r.try_get("note")?)))
        .collect()
}

pub async fn approved(w: &mut WriteTx, year: i32, dept_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM excellent_approvals WHERE year = $1 AND dept_id = $2")
        .bind(year as i64)
        .bind(dept_id)
        .fetch_one(&mut *w.tx)
        .await?;
    Ok(n > 0)
}

/// Record (note given) or withdraw (`None`) a 部室's approval for a year.
pub async fn set_approval(w: &mut WriteTx, year: i32, dept_id: i64, note: Option<&str>, by: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM excellent_approvals WHERE year = $1 AND dept_id = $2")
        .bind(year as i64)
        .bind(dept_id)
        .execute(&mut *w.tx)
        .await?;
    if let Some(note) = note {
        sqlx::query("INSERT INTO excellent_approvals (year, dept_id, note, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(year as i64)
            .bind(dept_id)
            .bind(note)
            .bind(by)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

/// A person's grades, newest year first (the reserve module reads the last three).
pub async fn grades_of(db: &Db, person_id: i64) -> Result<Vec<(i32, String)>, sqlx::Error> {
    sqlx::query("SELECT year, grade FROM annual_grades WHERE person_id = $1 ORDER BY year DESC")
        .bind(person_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>("year")? as i32, r.try_get("grade")?)))
        .collect()
}

/// The 部室 a person's grade of the year counts in, when they have one.
pub async fn dept_grades_of(w: &mut WriteTx, year: i32, person_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT dept_id FROM annual_grades WHERE year = $1 AND person_id = $2")
        .bind(year as i64)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await
}

/// The comment kept with a person's grade of the year.
pub async fn comment_of(w: &mut WriteTx, person_id: i64, year: i32) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT comment FROM annual_grades WHERE year = $1 AND person_id = $2")
        .bind(year as i64)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await
}
