//! 后备干部: pool entries and their moves, what the eligibility engine needs to know of people
//! (read in bulk: the "who could enter the pool" search reads every active person), 民主推荐
//! rounds with their voter groups and anonymous counts, and leaders' opinions.

use super::people::scope_condition;
use super::{Db, WriteTx};
use crate::authz::Scope;
use sqlx::Row;
use std::collections::HashMap;

/// A person as the engine and the candidate list read them.
#[derive(Clone, Debug, Default)]
pub struct PersonFacts {
    pub id: i64,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub work_start: Option<String>,
    pub level: String,
    pub civil_rank: String,
    pub education: String,
    pub political_status: String,
    pub grass_roots_months: Option<i64>,
    pub unit_name: String,
    pub path: String,
    /// Since when they hold their level (the appointment that raised them to it, else their
    /// first record at it, else 任现职时间).
    pub level_since: Option<String>,
    pub probation_until: Option<String>,
    pub last_promotion: Option<String>,
    /// (year, grade), any order.
    pub grades: Vec<(i32, String)>,
    /// (year, total tenths, online tenths) of 学时.
    pub hours: Vec<(i32, i64, i64)>,
}

/// Whom to read: the people of open entries of a pool, or every active person at these levels.
pub enum Who<'a> {
    /// People with an open entry in the pool.
    Pool(&'a str),
    /// People with any entry in the pool, used and removed included.
    PoolEver(&'a str),
    /// Active people at these levels, born on or after the day given (if one is).
    Levels(&'a [&'a str], Option<chrono::NaiveDate>),
    One(i64),
}

fn who_condition(who: &Who) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    match who {
        Who::Pool(t) => format!(
            "p.id IN (SELECT e.person_id FROM reserve_entries e WHERE e.target = {} AND e.stage NOT IN ('已使用', '已撤销'))",
            quote(t)
        ),
        Who::PoolEver(t) => format!("p.id IN (SELECT e.person_id FROM reserve_entries e WHERE e.target = {})", quote(t)),
        Who::Levels([], _) => "1 = 0".into(),
        Who::Levels(ls, born) => format!(
            "p.status = '在职' AND p.level IN ({}){}",
            ls.iter().map(|l| quote(l)).collect::<Vec<_>>().join(","),
            born.map(|d| format!(" AND (p.birth_date >= '{d}' OR p.birth_date = '')")).unwrap_or_default()
        ),
        Who::One(id) => format!("p.id = {id}"),
    }
}

/// How many people `who` selects within `scope`.
pub async fn count(db: &Db, scope: &Scope, who: Who<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM people p WHERE {} AND {}", who_condition(&who), scope_condition(scope)))
        .fetch_one(&db.pool)
        .await
}

/// Which years of 学时 and grades the engine reads: the grades from `grades_from`; the 学时 of
/// `last_year` for everyone, and from `window_from` for people on the multi-year quota (these
/// 职务层次 or 职级).
#[derive(Clone, Debug, Default)]
pub struct Years {
    pub grades_from: i32,
    pub last_year: i32,
    pub window_from: i32,
    pub window_levels: Vec<String>,
    pub window_ranks: Vec<String>,
}

/// Read everything the engine needs of the people `who` selects within `scope`: five queries
/// whatever their number. `late`: whether late arrivals earn 学时.
pub async fn facts(db: &Db, scope: &Scope, who: Who<'_>, years: &Years, late: bool) -> Result<Vec<PersonFacts>, sqlx::Error> {
    let cond = format!("{} AND {}", who_condition(&who), scope_condition(scope));
    let sql = format!(
        "SELECT p.id, p.name, p.sex, p.birth_date, p.work_start, p.level, p.civil_rank, p.edu_highest, p.political_status, \
         p.grass_roots_months, p.position_date, ou.name AS unit_name, ou.path \
         FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE {cond} ORDER BY p.id"
    );
    let mut out: Vec<PersonFacts> = Vec::new();
    let mut position_dates: Vec<Option<String>> = Vec::new();
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        position_dates.push(r.try_get("position_date")?);
        out.push(PersonFacts {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            sex: r.try_get("sex")?,
            birth_date: r.try_get("birth_date")?,
            work_start: r.try_get("work_start")?,
            level: r.try_get("level")?,
            civil_rank: r.try_get("civil_rank")?,
            education: r.try_get("edu_highest")?,
            political_status: r.try_get("political_status")?,
            grass_roots_months: r.try_get("grass_roots_months")?,
            unit_name: r.try_get("unit_name")?,
            path: r.try_get("path")?,
            ..Default::default()
        });
    }
    if out.is_empty() {
        return Ok(out);
    }
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    // Since when at the level.
    let sql = format!(
        "SELECT a.person_id, MAX(CASE WHEN a.prev_level <> '' AND a.prev_level <> a.level THEN a.effective_date END) AS raised, \
         MIN(a.effective_date) AS first_at FROM appointments a JOIN people p ON p.id = a.person_id \
         WHERE a.level = p.level AND {cond} GROUP BY a.person_id"
    );
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        let id: i64 = r.try_get("person_id")?;
        let raised: Option<String> = r.try_get("raised")?;
        let first: Option<String> = r.try_get("first_at")?;
        if let Some(&i) = index.get(&id) {
            out[i].level_since = raised.or(first);
        }
    }
    for (p, pd) in out.iter_mut().zip(position_dates) {
        if p.level_since.is_none() {
            p.level_since = pd.filter(|d| !d.is_empty());
        }
    }
    // Probations running, and the last promotion.
    let sql = format!(
        "SELECT b.person_id, MAX(b.ends) AS ends FROM probations b JOIN people p ON p.id = b.person_id \
         WHERE b.status = '试用中' AND {cond} GROUP BY b.person_id"
    );
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        if let Some(&i) = index.get(&r.try_get::<i64, _>("person_id")?) {
            out[i].probation_until = r.try_get("ends")?;
        }
    }
    let sql = format!(
        "SELECT a.person_id, MAX(a.effective_date) AS d FROM appointments a JOIN people p ON p.id = a.person_id \
         WHERE a.kind = '提任' AND {cond} GROUP BY a.person_id"
    );
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        if let Some(&i) = index.get(&r.try_get::<i64, _>("person_id")?) {
            out[i].last_promotion = r.try_get("d")?;
        }
    }
    // Grades and 学时 of the recent years.
    let sql = format!(
        "SELECT g.person_id, g.year, g.grade FROM annual_grades g JOIN people p ON p.id = g.person_id WHERE g.year >= $1 AND {cond}"
    );
    for r in sqlx::query(&sql).bind(years.grades_from as i64).fetch_all(&db.pool).await? {
        if let Some(&i) = index.get(&r.try_get::<i64, _>("person_id")?) {
            out[i].grades.push((r.try_get::<i64, _>("year")? as i32, r.try_get("grade")?));
        }
    }
    let total = if late {
        "h.present_tenths + h.late_tenths + h.external_tenths + h.online_tenths"
    } else {
        "h.present_tenths + h.external_tenths + h.online_tenths"
    };
    let quote = |l: &Vec<String>| l.iter().map(|x| format!("'{}'", x.replace('\'', "''"))).collect::<Vec<_>>().join(",");
    let window = match (years.window_levels.is_empty(), years.window_ranks.is_empty()) {
        (true, true) => "1 = 0".to_string(),
        _ => format!("p.level IN ({}) OR p.civil_rank IN ({})", quote(&years.window_levels), quote(&years.window_ranks))
            .replace("IN ()", "IN ('')"),
    };
    let sql = format!(
        "SELECT h.person_id, h.year, {total} AS total, h.online_tenths AS online FROM person_year_hours h \
         JOIN people p ON p.id = h.person_id WHERE h.year <= $1 AND (h.year = $1 OR (h.year >= $2 AND ({window}))) AND {cond}"
    );
    for r in sqlx::query(&sql).bind(years.last_year as i64).bind(years.window_from as i64).fetch_all(&db.pool).await? {
        if let Some(&i) = index.get(&r.try_get::<i64, _>("person_id")?) {
            out[i].hours.push((r.try_get::<i64, _>("year")? as i32, r.try_get("total")?, r.try_get("online")?));
        }
    }
    Ok(out)
}

/// A pool entry.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub id: i64,
    pub person_id: i64,
    pub target: String,
    pub stage: String,
    pub source: String,
    pub recommender: String,
    pub recommended_on: String,
    pub reasons: String,
    pub round_id: Option<i64>,
    pub inspected_on: Option<String>,
    pub inspection_team: String,
    pub talked_to: i64,
    pub findings: String,
    pub conclusion: String,
    pub decided_on: Option<String>,
    pub decision_note: String,
    pub promotion_id: Option<i64>,
    pub removed_reason: String,
    pub stage_since: i64,
    pub created_at: i64,
    pub created_by: String,
}

const ENTRY_COLUMNS: &str = "e.id, e.person_id, e.target, e.stage, e.source, e.recommender, e.recommended_on, e.reasons, e.round_id, \
     e.inspected_on, e.inspection_team, e.talked_to, e.findings, e.conclusion, e.decided_on, e.decision_note, e.promotion_id, \
     e.removed_reason, e.stage_since, e.created_at, e.created_by";

fn entry_of(r: &sqlx::any::AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        target: r.try_get("target")?,
        stage: r.try_get("stage")?,
        source: r.try_get("source")?,
        recommender: r.try_get("recommender")?,
        recommended_on: r.try_get("recommended_on")?,
        reasons: r.try_get("reasons")?,
        round_id: r.try_get("round_id")?,
        inspected_on: r.try_get("inspected_on")?,
        inspection_team: r.try_get("inspection_team")?,
        talked_to: r.try_get("talked_to")?,
        findings: r.try_get("findings")?,
        conclusion: r.try_get("conclusion")?,
        decided_on: r.try_get("decided_on")?,
        decision_note: r.try_get("decision_note")?,
        promotion_id: r.try_get("promotion_id")?,
        removed_reason: r.try_get("removed_reason")?,
        stage_since: r.try_get("stage_since")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
    })
}

/// A pool's entries within the scope: those still in it, and with `closed` the used and removed.
pub async fn pool_entries(db: &Db, scope: &Scope, target: &str, closed: bool) -> Result<Vec<Entry>, sqlx::Error> {
    let stages = if closed { "1 = 1" } else { "e.stage NOT IN ('已使用', '已撤销')" };
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM reserve_entries e JOIN people p ON p.id = e.person_id WHERE e.target = $1 AND {stages} AND {} ORDER BY e.id",
        scope_condition(scope)
    );
    sqlx::query(&sql).bind(target).fetch_all(&db.pool).await?.iter().map(entry_of).collect()
}

/// Entries by id within the scope (others are simply absent).
pub async fn entries(db: &Db, scope: &Scope, ids: &[i64]) -> Result<Vec<Entry>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM reserve_entries e JOIN people p ON p.id = e.person_id WHERE e.id IN ({list}) AND {} ORDER BY e.id",
        scope_condition(scope)
    );
    sqlx::query(&sql).fetch_all(&db.pool).await?.iter().map(entry_of).collect()
}

/// One entry within the scope, inside the write transaction.
pub async fn entry_locked(w: &mut WriteTx, scope: &Scope, id: i64) -> Result<Option<Entry>, sqlx::Error> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM reserve_entries e JOIN people p ON p.id = e.person_id WHERE e.id = $1 AND {}",
        scope_condition(scope)
    );
    sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?.as_ref().map(entry_of).transpose()
}

/// The open entry of a person in a pool, if any.
pub async fn open_entry(w: &mut WriteTx, person_id: i64, target: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM reserve_entries WHERE person_id = $1 AND target = $2 AND stage NOT IN ('已使用', '已撤销')")
        .bind(person_id)
        .bind(target)
        .fetch_optional(&mut *w.tx)
        .await
}

pub struct NewEntry<'a> {
    pub person_id: i64,
    pub target: &'a str,
    pub source: &'a str,
    pub recommender: &'a str,
    pub recommended_on: &'a str,
    pub reasons: &'a str,
    pub round_id: Option<i64>,
}

/// Add an entry at 推荐, with its first move.
pub async fn insert_entry(w: &mut WriteTx, e: &NewEntry<'_>, by: &str, now: i64) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO reserve_entries (person_id, target, stage, source, recommender, recommended_on, reasons, round_id, stage_since, created_at, created_by) \
         VALUES ($1, $2, '推荐', $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
    )
    .bind(e.person_id)
    .bind(e.target)
    .bind(e.source)
    .bind(e.recommender)
    .bind(e.recommended_on)
    .bind(e.reasons)
    .bind(e.round_id)
    .bind(now)
    .bind(by)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    add_move(w, id, "", "推荐", e.source, by, now).await?;
    Ok(id)
}

async fn add_move(w: &mut WriteTx, entry_id: i64, from: &str, to: &str, reason: &str, by: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO reserve_moves (entry_id, from_stage, to_stage, reason, at, by_name) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(entry_id)
        .bind(from)
        .bind(to)
        .bind(reason)
        .bind(now)
        .bind(by)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Move an entry to `to` (and record the move); `removed`: the reason kept on the entry.
pub async fn set_stage(w: &mut WriteTx, id: i64, from: &str, to: &str, reason: &str, by: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reserve_entries SET stage = $1, stage_since = $2, removed_reason = CASE WHEN $1 = '已撤销' THEN $3 ELSE removed_reason END WHERE id = $4",
    )
    .bind(to)
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    add_move(w, id, from, to, reason, by, now).await
}

pub struct Inspection<'a> {
    pub on: &'a str,
    pub team: &'a str,
    pub talked_to: i64,
    pub findings: &'a str,
    pub conclusion: &'a str,
}

pub async fn set_inspection(w: &mut WriteTx, id: i64, i: &Inspection<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reserve_entries SET inspected_on = $1, inspection_team = $2, talked_to = $3, findings = $4, conclusion = $5 WHERE id = $6",
    )
    .bind(i.on)
    .bind(i.team)
    .bind(i.talked_to)
    .bind(i.findings)
    .bind(i.conclusion)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

pub async fn set_decision(w: &mut WriteTx, id: i64, on: &str, note: &str, promotion_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reserve_entries SET decided_on = $1, decision_note = $2, promotion_id = $3 WHERE id = $4")
        .bind(on)
        .bind(note)
        .bind(promotion_id)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// The posts module's promotion `promotion_id` took effect (`used`) or was stopped: its entry in
/// 公示 becomes 已使用, or returns to 研究决定.
pub async fn promotion_ended(w: &mut WriteTx, promotion_id: i64, used: bool, reason: &str, by: &str, now: i64) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM reserve_entries WHERE promotion_id = $1 AND stage = '公示'")
        .bind(promotion_id)
        .fetch_all(&mut *w.tx)
        .await?;
    for id in ids {
        let to = if used { "已使用" } else { "研究决定" };
        set_stage(w, id, "公示", to, reason, by, now).await?;
    }
    Ok(())
}

pub async fn set_grass_roots(w: &mut WriteTx, person_id: i64, months: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE people SET grass_roots_months = $1 WHERE id = $2").bind(months).bind(person_id).execute(&mut *w.tx).await?;
    Ok(())
}

/// An entry's moves, oldest first: (from, to, reason, at, by).
pub async fn moves(db: &Db, entry_id: i64) -> Result<Vec<(String, String, String, i64, String)>, sqlx::Error> {
    sqlx::query("SELECT from_stage, to_stage, reason, at, by_name FROM reserve_moves WHERE entry_id = $1 ORDER BY at, id")
        .bind(entry_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("from_stage")?, r.try_get("to_stage")?, r.try_get("reason")?, r.try_get("at")?, r.try_get("by_name")?)))
        .collect()
}

/// Opinions on these entries: (entry, user id, the user's name, opinion, comment, at).
pub async fn opinions(db: &Db, entry_ids: &[i64]) -> Result<Vec<(i64, i64, String, String, String, i64)>, sqlx::Error> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = entry_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query(&format!(
        "SELECT o.entry_id, o.user_id, u.display_name, o.opinion, o.comment, o.at FROM reserve_opinions o JOIN users u ON u.id = o.user_id \
         WHERE o.entry_id IN ({list}) ORDER BY o.at"
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("entry_id")?,
            r.try_get("user_id")?,
            r.try_get("display_name")?,
            r.try_get("opinion")?,
            r.try_get("comment")?,
            r.try_get("at")?,
        ))
    })
    .collect()
}

pub async fn set_opinion(w: &mut WriteTx, entry_id: i64, user_id: i64, opinion: &str, comment: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reserve_opinions WHERE entry_id = $1 AND user_id = $2")
        .bind(entry_id)
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("INSERT INTO reserve_opinions (entry_id, user_id, opinion, comment, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(entry_id)
        .bind(user_id)
        .bind(opinion)
        .bind(comment)
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// 领导职数 approved per level, over the scope's units.
pub async fn leader_posts(db: &Db, scope: &Scope) -> Result<HashMap<String, i64>, sqlx::Error> {
    let sql = format!(
        "SELECT q.level, CAST(SUM(q.approved) AS BIGINT) AS n FROM unit_leader_quota q JOIN org_units ou ON ou.id = q.unit_id WHERE {} GROUP BY q.level",
        super::people::unit_scope_condition(scope, "ou")
    );
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("level")?, r.try_get::<Option<i64>, _>("n")?.unwrap_or(0))))
        .collect()
}

/// Every entry within the scope with what the overview counts: (target, stage, sex, birth date,
/// political status, stage_since, entry id, person id, name, unit).
pub struct OverviewRow {
    pub target: String,
    pub stage: String,
    pub sex: String,
    pub birth_date: String,
    pub political_status: String,
    pub stage_since: i64,
    pub entry_id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
}

pub async fn overview_rows(db: &Db, scope: &Scope) -> Result<Vec<OverviewRow>, sqlx::Error> {
    let sql = format!(
        "SELECT e.target, e.stage, p.sex, p.birth_date, p.political_status, e.stage_since, e.id, e.person_id, p.name, ou.name AS unit_name \
         FROM reserve_entries e JOIN people p ON p.id = e.person_id JOIN org_units ou ON ou.id = p.unit_id WHERE {} ORDER BY e.stage_since",
        scope_condition(scope)
    );
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OverviewRow {
                target: r.try_get("target")?,
                stage: r.try_get("stage")?,
                sex: r.try_get("sex")?,
                birth_date: r.try_get("birth_date")?,
                political_status: r.try_get("political_status")?,
                stage_since: r.try_get("stage_since")?,
                entry_id: r.try_get("id")?,
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                unit_name: r.try_get("unit_name")?,
            })
        })
        .collect()
}

// ---- 民主推荐 rounds ----

#[derive(Clone, Debug, Default)]
pub struct Round {
    pub id: i64,
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub mode: String,
    pub min_num: i64,
    pub min_den: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    pub paper_ballots: i64,
    pub created_at: i64,
    pub created_by: String,
    /// The voter group's size and how many took part online.
    pub group: i64,
    pub voted: i64,
}

impl Round {
    pub fn open(&self, now: i64) -> bool {
        self.closed_at.is_none() && now < self.closes_at
    }
    /// Ballots cast: online, or for a paper round the ballots HR entered.
    pub fn ballots(&self) -> i64 {
        if self.mode == "paper" {
            self.paper_ballots
        } else {
            self.voted
        }
    }
}

const ROUND_SQL: &str =
    "SELECT r.id, r.title, r.target, r.seats, r.mode, r.min_num, r.min_den, r.closes_at, r.closed_at, r.paper_ballots, \
     r.created_at, r.created_by, (SELECT COUNT(*) FROM reserve_round_voters v WHERE v.round_id = r.id) AS grp, \
     (SELECT COUNT(*) FROM reserve_round_voters v WHERE v.round_id = r.id AND v.voted = 1) AS voted FROM reserve_rounds r";

fn round_of(r: &sqlx::any::AnyRow) -> Result<Round, sqlx::Error> {
    Ok(Round {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        target: r.try_get("target")?,
        seats: r.try_get("seats")?,
        mode: r.try_get("mode")?,
        min_num: r.try_get("min_num")?,
        min_den: r.try_get("min_den")?,
        closes_at: r.try_get("closes_at")?,
        closed_at: r.try_get("closed_at")?,
        paper_ballots: r.try_get("paper_ballots")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        group: r.try_get("grp")?,
        voted: r.try_get("voted")?,
    })
}

pub async fn rounds(db: &Db) -> Result<Vec<Round>, sqlx::Error> {
    sqlx::query(&format!("{ROUND_SQL} ORDER BY r.id DESC")).fetch_all(&db.pool).await?.iter().map(round_of).collect()
}

pub async fn round(db: &Db, id: i64) -> Result<Option<Round>, sqlx::Error> {
    sqlx::query(&format!("{ROUND_SQL} WHERE r.id = $1")).bind(id).fetch_optional(&db.pool).await?.as_ref().map(round_of).transpose()
}

pub async fn round_locked(w: &mut WriteTx, id: i64) -> Result<Option<Round>, sqlx::Error> {
    sqlx::query(&format!("{ROUND_SQL} WHERE r.id = $1")).bind(id).fetch_optional(&mut *w.tx).await?.as_ref().map(round_of).transpose()
}

/// Candidates of a round with their counts: (person, name, unit, level, online votes, paper votes).
pub async fn round_candidates(db: &Db, id: i64) -> Result<Vec<(i64, String, String, String, i64, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT c.person_id, p.name, ou.name AS unit_name, p.level, c.votes, c.paper FROM reserve_round_candidates c \
         JOIN people p ON p.id = c.person_id JOIN org_units ou ON ou.id = p.unit_id WHERE c.round_id = $1 ORDER BY ou.path, p.name, p.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("person_id")?,
            r.try_get("name")?,
            r.try_get("unit_name")?,
            r.try_get("level")?,
            r.try_get("votes")?,
            r.try_get("paper")?,
        ))
    })
    .collect()
}

pub struct NewRound<'a> {
    pub title: &'a str,
    pub target: &'a str,
    pub seats: i64,
    pub mode: &'a str,
    pub min_num: i64,
    pub min_den: i64,
    pub closes_at: i64,
}

pub async fn insert_round(
    w: &mut WriteTx,
    r: &NewRound<'_>,
    voters: &[i64],
    candidates: &[i64],
    by: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO reserve_rounds (title, target, seats, mode, min_num, min_den, closes_at, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(r.title)
    .bind(r.target)
    .bind(r.seats)
    .bind(r.mode)
    .bind(r.min_num)
    .bind(r.min_den)
    .bind(r.closes_at)
    .bind(now)
    .bind(by)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    for chunk in voters.chunks(400) {
        let values = chunk.iter().map(|p| format!("({id}, {p}, 0)")).collect::<Vec<_>>().join(",");
        sqlx::query(&format!("INSERT INTO reserve_round_voters (round_id, person_id, voted) VALUES {values}")).execute(&mut *w.tx).await?;
    }
    for chunk in candidates.chunks(400) {
        let values = chunk.iter().map(|p| format!("({id}, {p}, 0, 0)")).collect::<Vec<_>>().join(",");
        sqlx::query(&format!("INSERT INTO reserve_round_candidates (round_id, person_id, votes, paper) VALUES {values}"))
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(id)
}

pub async fn close_round(w: &mut WriteTx, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reserve_rounds SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Paper ballots: how many came back, and each candidate's count.
pub async fn set_paper(w: &mut WriteTx, id: i64, ballots: i64, counts: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reserve_rounds SET paper_ballots = $1 WHERE id = $2").bind(ballots).bind(id).execute(&mut *w.tx).await?;
    for (person, n) in counts {
        sqlx::query("UPDATE reserve_round_candidates SET paper = $1 WHERE round_id = $2 AND person_id = $3")
            .bind(*n)
            .bind(id)
            .bind(*person)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

/// Whether `person_id` is in the round's group, and has voted.
pub async fn voter(w: &mut WriteTx, round_id: i64, person_id: i64) -> Result<Option<bool>, sqlx::Error> {
    let v: Option<i64> = sqlx::query_scalar("SELECT voted FROM reserve_round_voters WHERE round_id = $1 AND person_id = $2")
        .bind(round_id)
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    Ok(v.map(|v| v != 0))
}

pub async fn voter_of(db: &Db, round_id: i64, person_id: i64) -> Result<Option<bool>, sqlx::Error> {
    let v: Option<i64> = sqlx::query_scalar("SELECT voted FROM reserve_round_voters WHERE round_id = $1 AND person_id = $2")
        .bind(round_id)
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.map(|v| v != 0))
}

/// Count a ballot: the voter is marked as having taken part (only if not yet: `false` when they
/// had), and each chosen candidate gains a vote. Nothing links the two: every candidate's row is
/// rewritten by every ballot (+1 or +0), so neither the rows' stored order nor the transaction
/// that last wrote a row says whom the last voter chose.
pub async fn cast(w: &mut WriteTx, round_id: i64, person_id: i64, choices: &[i64]) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE reserve_round_voters SET voted = 1 WHERE round_id = $1 AND person_id = $2 AND voted = 0")
        .bind(round_id)
        .bind(person_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    // The choices are numbers checked against the ballot by the caller.
    let list = if choices.is_empty() { "0".to_string() } else { choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",") };
    sqlx::query(&format!(
        "UPDATE reserve_round_candidates SET votes = votes + CASE WHEN person_id IN ({list}) THEN 1 ELSE 0 END WHERE round_id = $1"
    ))
    .bind(round_id)
    .execute(&mut *w.tx)
    .await?;
    Ok(true)
}

/// Rounds whose group includes `person_id`: (round, voted), in one query.
pub async fn rounds_of_voter(db: &Db, person_id: i64) -> Result<Vec<(Round, bool)>, sqlx::Error> {
    let sql = ROUND_SQL.replacen(" FROM reserve_rounds r", ", me.voted AS me_voted FROM reserve_rounds r", 1);
    sqlx::query(&format!("{sql} JOIN reserve_round_voters me ON me.round_id = r.id AND me.person_id = $1 ORDER BY r.closes_at DESC"))
        .bind(person_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((round_of(r)?, r.try_get::<i64, _>("me_voted")? != 0)))
        .collect()
}

/// The candidates on a round's ballot, inside the write transaction.
pub async fn candidate_ids(w: &mut WriteTx, round_id: i64) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT person_id FROM reserve_round_candidates WHERE round_id = $1")
        .bind(round_id)
        .fetch_all(&mut *w.tx)
        .await?
        .into_iter()
        .collect())
}

/// Round votes of people, for the candidate list: person → (round, votes with paper, ballots).
pub async fn votes_of(db: &Db, round_ids: &[i64]) -> Result<HashMap<(i64, i64), i64>, sqlx::Error> {
    if round_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = round_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query(&format!("SELECT round_id, person_id, votes + paper AS n FROM reserve_round_candidates WHERE round_id IN ({list})"))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok(((r.try_get("round_id")?, r.try_get("person_id")?), r.try_get("n")?)))
        .collect()
}

/// Active people of these units' subtrees (a voter group given as whole 部室).
pub async fn active_in_units(db: &Db, units: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let cond = units.iter().map(|u| format!("ou.path LIKE '%/{u}/%'")).collect::<Vec<_>>().join(" OR ");
    sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND ({cond}) ORDER BY p.id"
    ))
    .fetch_all(&db.pool)
    .await
}

/// Which of these ids are active people.
pub async fn active_people(db: &Db, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        out.extend(
            sqlx::query_scalar::<_, i64>(&format!("SELECT id FROM people WHERE status = '在职' AND id IN ({list})"))
                .fetch_all(&db.pool)
                .await?,
        );
    }
    Ok(out)
}
