//! The one holiday calendar, as HR keeps it: a row per year. Lectures and posts read it through
//! [`load`]; the rules are in `domain::calendar`.

use super::{now_ms, Db, WriteTx};
use crate::domain::calendar::{format_dates, HolidayCalendar, YearCalendar};
use crate::domain::time::format_ms;
use crate::model::CalendarYearView;
use chrono::NaiveDate;
use sqlx::Row;

fn dates_text(dates: &[NaiveDate]) -> String {
    dates.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",")
}

fn parse_stored(text: &str) -> Vec<NaiveDate> {
    text.split(',').filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()).collect()
}

/// Ship the years the product knows (State Council notices) unless HR already keeps them.
pub async fn ensure_shipped(db: &Db) -> Result<(), sqlx::Error> {
    for y in HolidayCalendar::shipped_years() {
        sqlx::query(
            "INSERT INTO holiday_years (year, holidays, workdays, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (year) DO NOTHING",
        )
        .bind(y.year as i64)
        .bind(dates_text(&y.holidays))
        .bind(dates_text(&y.workdays))
        .bind(0_i64)
        .bind("系统预置")
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

async fn stored_years(db: &Db) -> Result<Vec<(YearCalendar, i64, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT year, holidays, workdays, updated_at, updated_by FROM holiday_years ORDER BY year").fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok((
                YearCalendar {
                    year: r.try_get::<i64, _>("year")? as i32,
                    holidays: parse_stored(&r.try_get::<String, _>("holidays")?),
                    workdays: parse_stored(&r.try_get::<String, _>("workdays")?),
                },
                r.try_get("updated_at")?,
                r.try_get("updated_by")?,
            ))
        })
        .collect()
}

/// From November on, a notice to every organisation-wide HR officer to enter next year's
/// holidays, once per person and year (safe to run from several instances every hour). Returns
/// how many notices were written.
pub async fn remind_next_year(db: &Db, today: NaiveDate) -> Result<u64, sqlx::Error> {
    let Some(year) = crate::domain::calendar::year_to_enter(today, &load(db).await?) else { return Ok(0) };
    let text = crate::domain::calendar::reminder_text(year);
    let mut w = db.write().await?;
    let done = sqlx::query(
        "INSERT INTO notices (person_id, at, text, link) \
         SELECT DISTINCT u.person_id, $1, $2, $3 FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = 'hr' AND r.unit_id = 0 AND u.disabled = 0 AND u.person_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.person_id = u.person_id AND n.text = $2)",
    )
    .bind(now_ms())
    .bind(&text)
    .bind("/lectures/holidays")
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    w.commit().await?;
    Ok(done)
}

/// The calendar every schedule uses.
pub async fn load(db: &Db) -> Result<HolidayCalendar, sqlx::Error> {
    Ok(HolidayCalendar::new(stored_years(db).await?.into_iter().map(|(y, _, _)| y)))
}

pub async fn years(db: &Db) -> Result<Vec<CalendarYearView>, sqlx::Error> {
    Ok(stored_years(db)
        .await?
        .into_iter()
        .map(|(y, at, by)| CalendarYearView {
            year: y.year,
            holidays: format_dates(&y.holidays),
            workdays: format_dates(&y.workdays),
            holiday_count: y.holidays.len() as i64,
            workday_count: y.workdays.len() as i64,
            updated_at: if at == 0 { String::new() } else { format_ms(at) },
            updated_by: by,
        })
        .collect())
}

/// The stored year (for the audit record's "before").
pub async fn get_year(w: &mut WriteTx, year: i32) -> Result<Option<YearCalendar>, sqlx::Error> {
    let row =
        sqlx::query("SELECT holidays, workdays FROM holiday_years WHERE year = $1").bind(year as i64).fetch_optional(&mut *w.tx).await?;
    row.map(|r| {
        Ok(YearCalendar {
            year,
            holidays: parse_stored(&r.try_get::<String, _>("holidays")?),
            workdays: parse_stored(&r.try_get::<String, _>("workdays")?),
        })
    })
    .transpose()
}

pub async fn save_year(w: &mut WriteTx, y: &YearCalendar, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO holiday_years (year, holidays, workdays, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(y.year as i64)
    .bind(dates_text(&y.holidays))
    .bind(dates_text(&y.workdays))
    .bind(now_ms())
    .bind(by)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}
