//! The 学时 ledger's sources outside the lecture tables (external training, 网络学习), the
//! ledger read from all three, and assessments with their scores.

use super::people::scope_condition;
use super::{Db, WriteTx};
use crate::authz::Scope;
use crate::domain::assessment::{HourSource, LedgerEntry};
use crate::domain::time::{china_date, china_day_start_ms};
use chrono::NaiveDate;
use sqlx::Row;
use std::collections::HashMap;

/// Attendance marks that earn a session's 学时.
fn earning_marks(late_counts: bool) -> &'static str {
    if late_counts {
        "('present', 'late')"
    } else {
        "('present')"
    }
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn next_day_ms(d: NaiveDate) -> i64 {
    china_day_start_ms(d.succ_opt().unwrap_or(d))
}

/// One line of a person's ledger as shown: the day, where it came from, what it was, the 学时.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub day: NaiveDate,
    pub source: HourSource,
    pub title: String,
    pub tenths: i64,
    /// The session's id, for a link.
    pub session_id: Option<i64>,
}

/// Every line of a person's ledger dated from `from` to `to` (both included): sessions attended
/// (not cancelled), approved external training (dated by its last day) and 网络学习.
pub async fn lines(db: &Db, person_id: i64, from: NaiveDate, to: NaiveDate, late_counts: bool) -> Result<Vec<Line>, sqlx::Error> {
    let mut out = Vec::new();
    let sql = format!(
        "SELECT s.id, s.title, s.starts_at, s.hours_tenths FROM lecture_attendance a JOIN lecture_sessions s ON s.id = a.session_id \
         WHERE a.person_id = $1 AND a.status IN {} AND s.status <> 'cancelled' AND s.starts_at >= $2 AND s.starts_at < $3 \
         ORDER BY s.starts_at",
        earning_marks(late_counts)
    );
    for r in sqlx::query(&sql).bind(person_id).bind(china_day_start_ms(from)).bind(next_day_ms(to)).fetch_all(&db.pool).await? {
        out.push(Line {
            day: china_date(r.try_get("starts_at")?),
            source: HourSource::Session,
            title: r.try_get("title")?,
            tenths: r.try_get("hours_tenths")?,
            session_id: Some(r.try_get("id")?),
        });
    }
    let (f, t) = (from.to_string(), to.to_string());
    for r in sqlx::query(
        "SELECT organiser, title, end_date, hours_tenths FROM training_external \
         WHERE person_id = $1 AND status = 'approved' AND end_date >= $2 AND end_date <= $3",
    )
    .bind(person_id)
    .bind(&f)
    .bind(&t)
    .fetch_all(&db.pool)
    .await?
    {
        let end: String = r.try_get("end_date")?;
        let organiser: String = r.try_get("organiser")?;
        let title: String = r.try_get("title")?;
        out.push(Line {
            day: day(&end).unwrap_or(from),
            source: HourSource::External,
            title: format!("{title}（{organiser}）"),
            tenths: r.try_get("hours_tenths")?,
            session_id: None,
        });
    }
    for r in sqlx::query(
        "SELECT learned_on, platform, hours_tenths FROM training_online WHERE person_id = $1 AND learned_on >= $2 AND learned_on <= $3",
    )
    .bind(person_id)
    .bind(&f)
    .bind(&t)
    .fetch_all(&db.pool)
    .await?
    {
        let d: String = r.try_get("learned_on")?;
        let platform: String = r.try_get("platform")?;
        out.push(Line {
            day: day(&d).unwrap_or(from),
            source: HourSource::Online,
            title: if platform.is_empty() { "网络学习".into() } else { platform },
            tenths: r.try_get("hours_tenths")?,
            session_id: None,
        });
    }
    out.sort_by(|a, b| a.day.cmp(&b.day).then(a.title.cmp(&b.title)));
    Ok(out)
}

/// The lines as the domain's ledger.
pub fn entries(lines: &[Line]) -> Vec<LedgerEntry> {
    lines.iter().map(|l| (l.day, l.tenths as f64 / 10.0, l.source)).collect()
}

/// The 职务层次 and 职级 that put a person on the window quota (the rest are on the yearly one):
/// the people they name are counted one by one, everyone else by the database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowKeys {
    pub levels: Vec<String>,
    pub ranks: Vec<String>,
}

/// Every distinct 职务层次 and 职级 among active people.
pub async fn levels_and_ranks(db: &Db) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let mut out = (Vec::new(), Vec::new());
    for r in sqlx::query("SELECT DISTINCT level, civil_rank FROM people WHERE status = '在职'").fetch_all(&db.pool).await? {
        let (l, c): (String, String) = (r.try_get("level")?, r.try_get("civil_rank")?);
        if !out.0.contains(&l) {
            out.0.push(l);
        }
        if !out.1.contains(&c) {
            out.1.push(c);
        }
    }
    Ok(out)
}

/// A text as an SQL literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl WindowKeys {
    /// SQL condition on `people p`: on the window quota.
    fn condition(&self) -> String {
        let list = |col: &str, v: &[String]| {
            if v.is_empty() {
                "1 = 0".to_string()
            } else {
                format!("{col} IN ({})", v.iter().map(|x| literal(x)).collect::<Vec<_>>().join(", "))
            }
        };
        format!("({} OR {})", list("p.level", &self.levels), list("p.civil_rank", &self.ranks))
    }
}

/// A year's total 学时 in tenths on `person_year_hours h` (0 without a row).
fn year_total(late_counts: bool) -> &'static str {
    if late_counts {
        "COALESCE(h.present_tenths + h.late_tenths + h.external_tenths + h.online_tenths, 0)"
    } else {
        "COALESCE(h.present_tenths + h.external_tenths + h.online_tenths, 0)"
    }
}

/// Per person, their 学时 in tenths for each year from `from_year` to `to_year` that has any:
/// `(year, total, online)`, from the yearly totals the database keeps.
pub async fn year_totals(
    db: &Db,
    ids: &[i64],
    from_year: i32,
    to_year: i32,
    late_counts: bool,
) -> Result<HashMap<i64, Vec<(i32, i64, i64)>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<(i32, i64, i64)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|id| id.to_string()).collect();
        let sql = format!(
            "SELECT h.person_id, h.year, {} AS total, h.online_tenths AS online FROM person_year_hours h \
             WHERE h.person_id IN ({}) AND h.year >= $1 AND h.year <= $2",
            year_total(late_counts),
            list.join(",")
        );
        for r in sqlx::query(&sql).bind(from_year as i64).bind(to_year as i64).fetch_all(&db.pool).await? {
            let year: i64 = r.try_get("year")?;
            out.entry(r.try_get("person_id")?).or_default().push((year as i32, r.try_get("total")?, r.try_get("online")?));
        }
    }
    Ok(out)
}

/// Active people in the scope on the yearly quota, per unit: how many, how many met it (total at
/// least `met` tenths and online at least `online_met`), how many are at risk (total below
/// `at_risk_below`), and their 学时 in tenths together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitTally {
    pub unit_id: i64,
    pub people: i64,
    pub met: i64,
    pub at_risk: i64,
    pub tenths: i64,
}

pub async fn yearly_tally(
    db: &Db,
    scope: &Scope,
    window: &WindowKeys,
    year: i32,
    late_counts: bool,
    bounds: crate::domain::assessment::YearlyBounds,
) -> Result<Vec<UnitTally>, sqlx::Error> {
    let total = year_total(late_counts);
    let sql = format!(
        "SELECT p.unit_id, COUNT(*) AS people, \
         SUM(CASE WHEN {total} >= $2 AND COALESCE(h.online_tenths, 0) >= $3 THEN 1 ELSE 0 END) AS met, \
         SUM(CASE WHEN {total} < $4 THEN 1 ELSE 0 END) AS at_risk, CAST(SUM({total}) AS BIGINT) AS tenths \
         FROM people p LEFT JOIN person_year_hours h ON h.person_id = p.id AND h.year = $1 \
         WHERE p.status = '在职' AND {} AND NOT {} GROUP BY p.unit_id",
        scope_condition(scope),
        window.condition()
    );
    sqlx::query(&sql)
        .bind(year as i64)
        .bind(bounds.met_tenths)
        .bind(bounds.online_met_tenths)
        .bind(bounds.at_risk_below_tenths)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(UnitTally {
                unit_id: r.try_get("unit_id")?,
                people: r.try_get("people")?,
                met: r.try_get("met")?,
                at_risk: r.try_get("at_risk")?,
                tenths: r.try_get("tenths")?,
            })
        })
        .collect()
}

/// Active people in the scope on the yearly quota whose total is below `below` tenths, the lowest
/// first (then by unit path and id), the first `limit` of them: each with their total and online
/// 学时 in tenths.
pub async fn yearly_behind(
    db: &Db,
    scope: &Scope,
    window: &WindowKeys,
    year: i32,
    late_counts: bool,
    below: i64,
    limit: i64,
) -> Result<Vec<(QuotaPerson, i64, i64)>, sqlx::Error> {
    let total = year_total(late_counts);
    let sql = format!(
        "SELECT p.id, p.name, p.level, p.civil_rank, ou.name AS unit_name, ou.path, {total} AS total, \
         COALESCE(h.online_tenths, 0) AS online \
         FROM people p JOIN org_units ou ON ou.id = p.unit_id LEFT JOIN person_year_hours h ON h.person_id = p.id AND h.year = $1 \
         WHERE p.status = '在职' AND {} AND NOT {} AND {total} < $2 ORDER BY {total}, ou.path, p.id LIMIT $3",
        scope_condition(scope),
        window.condition()
    );
    let units = super::people::unit_names(db).await?;
    let mut out = Vec::new();
    for r in sqlx::query(&sql).bind(year as i64).bind(below).bind(limit).fetch_all(&db.pool).await? {
        out.push((person_of(&r, &units)?, r.try_get("total")?, r.try_get("online")?));
    }
    Ok(out)
}

fn person_of(r: &sqlx::any::AnyRow, units: &HashMap<i64, String>) -> Result<QuotaPerson, sqlx::Error> {
    let path: String = r.try_get("path")?;
    let dept_id = super::grades::dept_of_path(&path);
    Ok(QuotaPerson {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        path,
        dept_id,
        dept_name: units.get(&dept_id).cloned().unwrap_or_default(),
        level: r.try_get("level")?,
        civil_rank: r.try_get("civil_rank")?,
    })
}

/// Every unit's path by id, for the 部室 of a unit.
pub async fn unit_paths(db: &Db) -> Result<HashMap<i64, String>, sqlx::Error> {
    sqlx::query("SELECT id, path FROM org_units")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("path")?)))
        .collect()
}

/// Someone held to a quota: active people in the scope with their 部室 (the top department above
/// their unit) and what decides their quota.
#[derive(Clone, Debug)]
pub struct QuotaPerson {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    /// The unit's path, for ordering.
    pub path: String,
    pub dept_id: i64,
    pub dept_name: String,
    pub level: String,
    pub civil_rank: String,
}

/// Which people [`quota_people`] reads.
pub enum Who<'a> {
    /// This one, active or not.
    One(i64),
    /// Active people on the window quota.
    Window(&'a WindowKeys),
}

/// People in the scope, ordered by unit path and name.
pub async fn quota_people(db: &Db, scope: &Scope, who: Who<'_>) -> Result<Vec<QuotaPerson>, sqlx::Error> {
    let units = super::people::unit_names(db).await?;
    let sql = format!(
        "SELECT p.id, p.name, p.level, p.civil_rank, ou.name AS unit_name, ou.path FROM people p JOIN org_units ou ON ou.id = p.unit_id \
         WHERE {} AND {} ORDER BY ou.path, p.name, p.id",
        match who {
            Who::One(id) => format!("p.id = {id}"),
            Who::Window(keys) => format!("p.status = '在职' AND {}", keys.condition()),
        },
        scope_condition(scope)
    );
    let mut out = Vec::new();
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        out.push(person_of(&r, &units)?);
    }
    Ok(out)
}

// ---- external training ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct NewExternal<'a> {
    pub person_id: i64,
    pub organiser: &'a str,
    pub title: &'a str,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub tenths: i64,
    pub note: &'a str,
}

pub async fn external_create(w: &mut WriteTx, e: &NewExternal<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO training_external (person_id, organiser, title, start_date, end_date, hours_tenths, note, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) RETURNING id",
    )
    .bind(e.person_id)
    .bind(e.organiser)
    .bind(e.title)
    .bind(e.start_date.to_string())
    .bind(e.end_date.to_string())
    .bind(e.tenths)
    .bind(e.note)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    r.try_get("id")
}

const EXTERNAL_COLS: &str = "x.id, x.person_id, p.name, ou.name AS unit_name, x.organiser, x.title, x.start_date, x.end_date, \
     x.hours_tenths, x.note, x.status, x.decided_by, x.decided_at, x.decision_note, x.created_at";

fn external_row(r: &sqlx::any::AnyRow) -> Result<crate::model::ExternalTraining, sqlx::Error> {
    Ok(crate::model::ExternalTraining {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        organiser: r.try_get("organiser")?,
        title: r.try_get("title")?,
        start_date: r.try_get("start_date")?,
        end_date: r.try_get("end_date")?,
        hours_tenths: r.try_get("hours_tenths")?,
        note: r.try_get("note")?,
        status: r.try_get("status")?,
        decided_by: r.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(crate::domain::time::format_ms).unwrap_or_default(),
        decision_note: r.try_get("decision_note")?,
        submitted_at: crate::domain::time::format_ms(r.try_get("created_at")?),
    })
}

/// A person's submissions, newest first.
pub async fn external_of(db: &Db, person_id: i64) -> Result<Vec<crate::model::ExternalTraining>, sqlx::Error> {
    let sql = format!(
        "SELECT {EXTERNAL_COLS} FROM training_external x JOIN people p ON p.id = x.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE x.person_id = $1 ORDER BY x.id DESC"
    );
    sqlx::query(&sql).bind(person_id).fetch_all(&db.pool).await?.iter().map(external_row).collect()
}

/// Submissions of people in the scope: pending ones (oldest first), or decided ones (newest
/// first, at most `limit`).
pub async fn external_queue(db: &Db, scope: &Scope, pending: bool, limit: i64) -> Result<Vec<crate::model::ExternalTraining>, sqlx::Error> {
    let (cond, order) = if pending { ("x.status = 'pending'", "x.id") } else { ("x.status <> 'pending'", "x.decided_at DESC, x.id DESC") };
    let sql = format!(
        "SELECT {EXTERNAL_COLS} FROM training_external x JOIN people p ON p.id = x.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE {cond} AND {} ORDER BY {order} LIMIT $1",
        scope_condition(scope)
    );
    sqlx::query(&sql).bind(limit).fetch_all(&db.pool).await?.iter().map(external_row).collect()
}

pub async fn external_get(w: &mut WriteTx, id: i64) -> Result<Option<crate::model::ExternalTraining>, sqlx::Error> {
    let sql = format!(
        "SELECT {EXTERNAL_COLS} FROM training_external x JOIN people p ON p.id = x.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE x.id = $1"
    );
    sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?.as_ref().map(external_row).transpose()
}

/// Decide (or withdraw) a pending submission; `false` when it is no longer pending.
pub async fn external_decide(w: &mut WriteTx, id: i64, status: &str, by: &str, note: &str, now: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE training_external SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(by)
    .bind(now)
    .bind(note)
    .bind(id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

// ---- 网络学习 ------------------------------------------------------------------------------------

pub async fn online_add(
    w: &mut WriteTx,
    person_id: i64,
    on: NaiveDate,
    tenths: i64,
    platform: &str,
    by: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO training_online (person_id, learned_on, hours_tenths, platform, entered_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(person_id)
    .bind(on.to_string())
    .bind(tenths)
    .bind(platform)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    r.try_get("id")
}

/// Whether the person already has a line of that day, 学时 and platform (an import run twice).
pub async fn online_exists(w: &mut WriteTx, person_id: i64, on: NaiveDate, tenths: i64, platform: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM training_online WHERE person_id = $1 AND learned_on = $2 AND hours_tenths = $3 AND platform = $4",
    )
    .bind(person_id)
    .bind(on.to_string())
    .bind(tenths)
    .bind(platform)
    .fetch_one(&mut *w.tx)
    .await?;
    Ok(n > 0)
}

// ---- assessments and scores ----------------------------------------------------------------------

/// An assessment as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAssessment {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub session_id: Option<i64>,
    pub held_on: String,
    pub scale: crate::domain::assessment::Scale,
}

fn assessment_row(r: &sqlx::any::AnyRow) -> Result<(StoredAssessment, String), sqlx::Error> {
    let scale: String = r.try_get("scale")?;
    Ok((
        StoredAssessment {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            kind: r.try_get("kind")?,
            session_id: r.try_get("session_id")?,
            held_on: r.try_get("held_on")?,
            scale: serde_json::from_str(&scale).unwrap_or_default(),
        },
        r.try_get::<Option<String>, _>("session_title")?.unwrap_or_default(),
    ))
}

const ASSESSMENT_COLS: &str = "a.id, a.title, a.kind, a.session_id, a.held_on, a.scale, s.title AS session_title";

/// Assessments held from `from` to `to`, newest first, with their session's title.
pub async fn assessments(db: &Db, from: &str, to: &str) -> Result<Vec<(StoredAssessment, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT {ASSESSMENT_COLS} FROM assessments a LEFT JOIN lecture_sessions s ON s.id = a.session_id \
         WHERE a.held_on >= $1 AND a.held_on <= $2 ORDER BY a.held_on DESC, a.id DESC"
    );
    sqlx::query(&sql).bind(from).bind(to).fetch_all(&db.pool).await?.iter().map(assessment_row).collect()
}

pub async fn assessment_get(db: &Db, id: i64) -> Result<Option<(StoredAssessment, String)>, sqlx::Error> {
    let sql = format!("SELECT {ASSESSMENT_COLS} FROM assessments a LEFT JOIN lecture_sessions s ON s.id = a.session_id WHERE a.id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?.as_ref().map(assessment_row).transpose()
}

/// Insert (id 0) or update an assessment; returns its id.
pub async fn assessment_save(w: &mut WriteTx, a: &StoredAssessment, now: i64) -> Result<i64, sqlx::Error> {
    let scale = serde_json::to_string(&a.scale).unwrap_or_else(|_| "null".into());
    if a.id == 0 {
        let r = sqlx::query(
            "INSERT INTO assessments (title, kind, session_id, series_id, held_on, scale, created_at, updated_at) \
             VALUES ($1, $2, $3, NULL, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&a.title)
        .bind(&a.kind)
        .bind(a.session_id)
        .bind(&a.held_on)
        .bind(&scale)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?;
        return r.try_get("id");
    }
    sqlx::query("UPDATE assessments SET title = $1, kind = $2, session_id = $3, held_on = $4, scale = $5, updated_at = $6 WHERE id = $7")
        .bind(&a.title)
        .bind(&a.kind)
        .bind(a.session_id)
        .bind(&a.held_on)
        .bind(&scale)
        .bind(now)
        .bind(a.id)
        .execute(&mut *w.tx)
        .await?;
    Ok(a.id)
}

/// Count and passes per assessment.
pub async fn score_counts(db: &Db) -> Result<HashMap<i64, (u32, u32)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT assessment_id, COUNT(*) AS n, CAST(SUM(passed) AS BIGINT) AS p FROM assessment_scores GROUP BY assessment_id")
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get("n")?;
            let p: Option<i64> = r.try_get("p")?;
            Ok((r.try_get("assessment_id")?, (n as u32, p.unwrap_or(0) as u32)))
        })
        .collect()
}

/// The scores of an assessment for people in the scope: person, name, unit, unit path, score,
/// passed; by unit and name.
pub async fn scores_of(
    db: &Db,
    scope: &Scope,
    assessment_id: i64,
) -> Result<Vec<(i64, String, String, String, String, bool)>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, ou.name AS unit_name, ou.path, x.score, x.passed FROM assessment_scores x \
         JOIN people p ON p.id = x.person_id JOIN org_units ou ON ou.id = p.unit_id \
         WHERE x.assessment_id = $1 AND {} ORDER BY ou.path, p.name, p.id",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .bind(assessment_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let passed: i64 = r.try_get("passed")?;
            Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("unit_name")?, r.try_get("path")?, r.try_get("score")?, passed != 0))
        })
        .collect()
}

/// Set (or replace) a person's score; `None` removes it. Returns the score it replaced.
pub async fn score_set(
    w: &mut WriteTx,
    assessment_id: i64,
    person_id: i64,
    score: Option<(&str, Option<f64>, bool)>,
    by: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let before: Option<String> = sqlx::query_scalar("SELECT score FROM assessment_scores WHERE assessment_id = $1 AND person_id = $2")
        .bind(assessment_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    sqlx::query("DELETE FROM assessment_scores WHERE assessment_id = $1 AND person_id = $2")
        .bind(assessment_id)
        .bind(person_id)
        .execute(&mut *w.tx)
        .await?;
    if let Some((text, points, passed)) = score {
        sqlx::query(
            "INSERT INTO assessment_scores (assessment_id, person_id, score, points_hundredths, passed, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(assessment_id)
        .bind(person_id)
        .bind(text)
        .bind(points.map(|p| (p * 100.0).round() as i64))
        .bind(passed as i64)
        .bind(by)
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(before)
}

/// A person's own scores, newest first: the assessment, its scale, the score, passed.
pub async fn scores_for_person(db: &Db, person_id: i64) -> Result<Vec<(StoredAssessment, String, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.kind, a.session_id, a.held_on, a.scale, CAST(NULL AS TEXT) AS session_title, x.score, x.passed \
         FROM assessment_scores x JOIN assessments a ON a.id = x.assessment_id WHERE x.person_id = $1 ORDER BY a.held_on DESC, a.id DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let (a, _) = assessment_row(r)?;
            let passed: i64 = r.try_get("passed")?;
            Ok((a, r.try_get("score")?, passed != 0))
        })
        .collect()
}

/// People in the scope marked 出勤 or 迟到 for a session, by unit and name.
pub async fn attendees(db: &Db, scope: &Scope, session_id: i64) -> Result<Vec<crate::model::PersonOption>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, ou.name AS unit_name, p.position FROM lecture_attendance x JOIN people p ON p.id = x.person_id \
         JOIN org_units ou ON ou.id = p.unit_id WHERE x.session_id = $1 AND x.status IN ('present', 'late') AND {} ORDER BY ou.path, p.name, p.id",
        scope_condition(scope)
    );
    sqlx::query(&sql).bind(session_id).fetch_all(&db.pool).await?.iter().map(super::lectures::person_option).collect()
}
