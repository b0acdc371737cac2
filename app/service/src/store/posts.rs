//! Posts and appointments. Every change of post or level goes through [`apply`]: it appends the
//! appointment records, moves the holdings, writes the person's current post, level and 任现职时间,
//! and recounts the seats and 职数 it touched, all in the caller's transaction. The quota check
//! reads the counts after locking what it checks, so two HR users cannot both take the last seat.

use super::{bind_all, now_ms, Arg, Db, WriteTx};
use crate::authz::Scope;
use crate::domain::posts::{check_assignments, Assignment, Conflict, PostSeat, UnitQuota};
use crate::model::{
    AppointmentRow, CampaignForm, CampaignItem, CampaignRow, ObjectionRow, PostDetail, PostForm, PostHolder, PostHolding, PostOption,
    PostQuery, PostRow, ProbationRow, PromotionRow, QuotaUse, UnitVacancy,
};
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

use super::people::unit_scope_condition;

const CHUNK: usize = 200;

fn opt_i(v: Option<i64>) -> Arg {
    v.map(Arg::I).unwrap_or(Arg::NullI)
}

fn ids_sql(ids: &[i64]) -> String {
    ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

// ---- posts ----------------------------------------------------------------------------------------

const POST_COLS: &str = "p.id, p.unit_id, ou.name AS unit_name, p.name, p.category, p.grade, p.leader_level, p.seats, p.filled, p.closed";

fn post_row(r: &sqlx::any::AnyRow) -> Result<PostRow, sqlx::Error> {
    Ok(PostRow {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        unit_name: r.try_get("unit_name")?,
        name: r.try_get("name")?,
        category: r.try_get("category")?,
        grade: r.try_get("grade")?,
        leader_level: r.try_get("leader_level")?,
        seats: r.try_get("seats")?,
        filled: r.try_get("filled")?,
        closed: r.try_get::<i64, _>("closed")? != 0,
    })
}

/// Posts in scope, a page at a time, by 部室 then the order HR set.
pub async fn list(db: &Db, scope: &Scope, q: &PostQuery, per_page: i64) -> Result<(Vec<PostRow>, i64), sqlx::Error> {
    let mut args = Vec::new();
    let mut cond = vec![unit_scope_condition(scope, "ou"), "p.closed = 0".to_string()];
    if q.unit_id > 0 {
        args.push(Arg::I(q.unit_id));
        cond.push(format!("p.unit_id = ${}", args.len()));
    }
    let text = q.q.trim();
    if !text.is_empty() {
        args.push(Arg::S(super::contains_pattern(text)));
        cond.push(format!("p.name {} ${} ESCAPE '\\'", db.engine.ilike(), args.len()));
    }
    if q.vacant_only {
        cond.push("p.filled < p.seats".into());
    }
    let where_sql = cond.join(" AND ");
    let (_, offset) = super::page_offset(q.page, per_page);
    let count_sql = format!("SELECT COUNT(*) AS n FROM posts p JOIN org_units ou ON ou.id = p.unit_id WHERE {where_sql}");
    let rows_sql = format!(
        "SELECT {POST_COLS} FROM posts p JOIN org_units ou ON ou.id = p.unit_id WHERE {where_sql} \
         ORDER BY ou.sort_order, ou.id, p.sort_order, p.id LIMIT {per_page} OFFSET {offset}"
    );
    let total = async { bind_all(sqlx::query(&count_sql), &args).fetch_one(&db.pool).await?.try_get::<i64, _>("n") };
    let rows = async { bind_all(sqlx::query(&rows_sql), &args).fetch_all(&db.pool).await };
    let (total, rows) = tokio::try_join!(total, rows)?;
    Ok((rows.iter().map(post_row).collect::<Result<_, _>>()?, total))
}

/// One post with its holders, if within scope.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Option<(PostDetail, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT {POST_COLS}, p.duties FROM posts p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id = $1 AND {}",
        unit_scope_condition(scope, "ou")
    );
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await? else { return Ok(None) };
    let post = post_row(&r)?;
    let duties: String = r.try_get("duties")?;
    let rows = sqlx::query(
        "SELECT h.person_id, pe.name, pe.level, h.since, h.main FROM post_holders h JOIN people pe ON pe.id = h.person_id \
         WHERE h.post_id = $1 ORDER BY h.main DESC, h.since, pe.id LIMIT 500",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let holders = rows
        .iter()
        .map(|r| {
            Ok(PostHolder {
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                level: r.try_get("level")?,
                since: r.try_get("since")?,
                main: r.try_get::<i64, _>("main")? != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some((PostDetail { post, duties: duties.clone(), duties_html: String::new(), holders }, duties)))
}

/// Insert or update a post; None when the post to update does not exist. A post of that name in
/// that 部室 already is reported by the caller from `name_taken`.
pub async fn save(w: &mut WriteTx, f: &PostForm) -> Result<Option<i64>, sqlx::Error> {
    let now = now_ms();
    if f.id == 0 {
        let row = sqlx::query(
            "INSERT INTO posts (unit_id, name, category, grade, leader_level, seats, duties, sort_order, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM posts WHERE unit_id = $1), $8, $8) RETURNING id",
        )
        .bind(f.unit_id)
        .bind(f.name.trim())
        .bind(&f.category)
        .bind(&f.grade)
        .bind(&f.leader_level)
        .bind(f.seats)
        .bind(&f.duties)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?;
        return Ok(Some(row.try_get("id")?));
    }
    let done = sqlx::query(
        "UPDATE posts SET name = $1, category = $2, grade = $3, leader_level = $4, seats = $5, duties = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(f.name.trim())
    .bind(&f.category)
    .bind(&f.grade)
    .bind(&f.leader_level)
    .bind(f.seats)
    .bind(&f.duties)
    .bind(now)
    .bind(f.id)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let units: Vec<i64> = vec![f.unit_id];
    recount(w, &[f.id], &units).await?;
    Ok(Some(f.id))
}

pub async fn name_taken(w: &mut WriteTx, unit_id: i64, name: &str, except: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM posts WHERE unit_id = $1 AND name = $2 AND id <> $3")
        .bind(unit_id)
        .bind(name.trim())
        .bind(except)
        .fetch_optional(&mut *w.tx)
        .await?
        .is_some())
}

/// Close a post nobody holds (kept for the history); false when someone still holds it.
pub async fn close(w: &mut WriteTx, id: i64) -> Result<bool, sqlx::Error> {
    let held = sqlx::query("SELECT person_id FROM post_holders WHERE post_id = $1 LIMIT 1").bind(id).fetch_optional(&mut *w.tx).await?;
    if held.is_some() {
        return Ok(false);
    }
    sqlx::query("UPDATE posts SET closed = 1, updated_at = $1 WHERE id = $2").bind(now_ms()).bind(id).execute(&mut *w.tx).await?;
    Ok(true)
}

/// The unit of a post and whether it lies in scope (None: no such post).
pub async fn post_unit(db: &Db, scope: &Scope, id: i64) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row = sqlx::query("SELECT p.unit_id, ou.path FROM posts p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let path: String = r.try_get("path")?;
    Ok(Some((r.try_get("unit_id")?, scope.covers_path(&path))))
}

/// Options for pickers: open posts in scope ("部室 · 岗位（等级） 空 n").
pub async fn options(db: &Db, scope: &Scope) -> Result<Vec<PostOption>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.unit_id, ou.name AS unit_name, p.name, p.grade, p.leader_level, p.seats, p.filled FROM posts p \
         JOIN org_units ou ON ou.id = p.unit_id WHERE p.closed = 0 AND {} ORDER BY ou.sort_order, ou.id, p.sort_order, p.id LIMIT 5000",
        unit_scope_condition(scope, "ou")
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let unit: String = r.try_get("unit_name")?;
            let name: String = r.try_get("name")?;
            let grade: String = r.try_get("grade")?;
            let leader: String = r.try_get("leader_level")?;
            let seats: i64 = r.try_get("seats")?;
            let filled: i64 = r.try_get("filled")?;
            let level = if leader.is_empty() { grade } else { leader };
            Ok(PostOption {
                id: r.try_get("id")?,
                unit_id: r.try_get("unit_id")?,
                label: format!("{unit} · {name}（{level}）空 {}", (seats - filled).max(0)),
                unit_name: unit,
                name,
            })
        })
        .collect()
}

/// The vacancy view: per 部室 in scope, posts, seats, filled and vacant, and 职数 used vs approved.
pub async fn vacancies(db: &Db, scope: &Scope) -> Result<Vec<UnitVacancy>, sqlx::Error> {
    let cond = unit_scope_condition(scope, "ou");
    let seats_sql = format!(
        "SELECT ou.id, ou.name, COUNT(p.id) AS posts, CAST(COALESCE(SUM(p.seats), 0) AS BIGINT) AS seats, \
         CAST(COALESCE(SUM(p.filled), 0) AS BIGINT) AS filled, \
         CAST(COALESCE(SUM(CASE WHEN p.filled > p.seats THEN p.filled - p.seats ELSE 0 END), 0) AS BIGINT) AS over_seats \
         FROM org_units ou LEFT JOIN posts p ON p.unit_id = ou.id AND p.closed = 0 WHERE ou.parent_id IS NOT NULL AND {cond} \
         GROUP BY ou.id, ou.name, ou.sort_order ORDER BY ou.sort_order, ou.id"
    );
    let quota_sql = format!(
        "SELECT q.unit_id, q.level, q.approved, COALESCE(u.used, 0) AS used FROM unit_leader_quota q JOIN org_units ou ON ou.id = q.unit_id \
         LEFT JOIN unit_leaders_used u ON u.unit_id = q.unit_id AND u.level = q.level WHERE {cond} \
         UNION ALL SELECT u.unit_id, u.level, 0 AS approved, u.used FROM unit_leaders_used u JOIN org_units ou ON ou.id = u.unit_id \
         WHERE u.used > 0 AND {cond} AND NOT EXISTS (SELECT 1 FROM unit_leader_quota q WHERE q.unit_id = u.unit_id AND q.level = u.level)"
    );
    let seats = async { sqlx::query(&seats_sql).fetch_all(&db.pool).await };
    let quotas = async { sqlx::query(&quota_sql).fetch_all(&db.pool).await };
    let (seats, quotas) = tokio::try_join!(seats, quotas)?;
    let mut by_unit: HashMap<i64, Vec<QuotaUse>> = HashMap::new();
    for r in &quotas {
        let approved: i64 = r.try_get("approved")?;
        let used: i64 = r.try_get("used")?;
        if approved == 0 && used == 0 {
            continue;
        }
        by_unit.entry(r.try_get("unit_id")?).or_default().push(QuotaUse { level: r.try_get("level")?, approved, used });
    }
    let mut out = Vec::new();
    for r in &seats {
        let id: i64 = r.try_get("id")?;
        let seats: i64 = r.try_get("seats")?;
        let filled: i64 = r.try_get("filled")?;
        let over: i64 = r.try_get("over_seats")?;
        let mut quotas = by_unit.remove(&id).unwrap_or_default();
        quotas.sort_by_key(|q| crate::domain::roster::level_rank(&q.level));
        out.push(UnitVacancy {
            unit_id: id,
            unit_name: r.try_get("name")?,
            posts: r.try_get("posts")?,
            seats,
            filled,
            vacant: (seats - (filled - over)).max(0),
            over,
            quotas,
        });
    }
    Ok(out)
}

// ---- applying appointments ------------------------------------------------------------------------

/// One appointment to record. `post_id` None with `position` set records a title typed in (the
/// person form); `level` None keeps the person's level.
#[derive(Clone, Debug, Default)]
pub struct NewAppointment {
    pub person_id: i64,
    pub kind: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    pub post_id: Option<i64>,
    pub part_time: bool,
    pub level: Option<String>,
    pub position: Option<String>,
    pub campaign_id: Option<i64>,
    pub promotion_id: Option<i64>,
    pub override_reason: String,
    /// 提任: the last day of the 试用期 it starts.
    pub probation_end: Option<String>,
    /// 转正 / 回原级: the probation (its 提任 record) this closes.
    pub closes_probation: Option<i64>,
    /// 回原级: the post to return to (None = none).
    pub return_post: Option<i64>,
}

/// What a person holds now, as the checks and the records need it.
#[derive(Clone, Debug, Default)]
pub struct Current {
    pub name: String,
    pub level: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub position: String,
    pub status: String,
    pub main_post: Option<i64>,
    pub part_posts: Vec<i64>,
}

/// The people's current state, read inside the transaction.
pub async fn current(w: &mut WriteTx, ids: &[i64]) -> Result<HashMap<i64, Current>, sqlx::Error> {
    let mut out: HashMap<i64, Current> = HashMap::new();
    for chunk in ids.chunks(CHUNK * 5) {
        let list = ids_sql(chunk);
        let rows = sqlx::query(&format!(
            "SELECT p.id, p.name, p.level, p.unit_id, ou.name AS unit_name, p.position, p.status FROM people p \
             JOIN org_units ou ON ou.id = p.unit_id WHERE p.id IN ({list})"
        ))
        .fetch_all(&mut *w.tx)
        .await?;
        for r in rows {
            out.insert(
                r.try_get("id")?,
                Current {
                    name: r.try_get("name")?,
                    level: r.try_get("level")?,
                    unit_id: r.try_get("unit_id")?,
                    unit_name: r.try_get("unit_name")?,
                    position: r.try_get("position")?,
                    status: r.try_get("status")?,
                    ..Default::default()
                },
            );
        }
        let rows = sqlx::query(&format!("SELECT person_id, post_id, main FROM post_holders WHERE person_id IN ({list})"))
            .fetch_all(&mut *w.tx)
            .await?;
        for r in rows {
            let pid: i64 = r.try_get("person_id")?;
            let post: i64 = r.try_get("post_id")?;
            if let Some(c) = out.get_mut(&pid) {
                if r.try_get::<i64, _>("main")? != 0 {
                    c.main_post = Some(post);
                } else {
                    c.part_posts.push(post);
                }
            }
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
struct PostInfo {
    id: i64,
    unit_id: i64,
    unit_name: String,
    name: String,
    category: String,
    grade: String,
    leader_level: String,
    seats: i64,
    filled: i64,
    closed: bool,
}

/// Posts by id, locked until the transaction ends (PostgreSQL; SQLite writers are serialised),
/// always in id order so two writers never wait on each other.
async fn posts_locked(w: &mut WriteTx, ids: &BTreeSet<i64>) -> Result<HashMap<i64, PostInfo>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().copied().collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK * 5) {
        let lock = format!("SELECT id FROM posts WHERE id IN ({}) ORDER BY id{}", ids_sql(chunk), w.engine.for_update());
        sqlx::query(&lock).fetch_all(&mut *w.tx).await?;
        let rows = sqlx::query(&format!(
            "SELECT p.id, p.unit_id, ou.name AS unit_name, p.name, p.category, p.grade, p.leader_level, p.seats, p.filled, p.closed \
             FROM posts p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id IN ({})",
            ids_sql(chunk)
        ))
        .fetch_all(&mut *w.tx)
        .await?;
        for r in rows {
            let p = PostInfo {
                id: r.try_get("id")?,
                unit_id: r.try_get("unit_id")?,
                unit_name: r.try_get("unit_name")?,
                name: r.try_get("name")?,
                category: r.try_get("category")?,
                grade: r.try_get("grade")?,
                leader_level: r.try_get("leader_level")?,
                seats: r.try_get("seats")?,
                filled: r.try_get("filled")?,
                closed: r.try_get::<i64, _>("closed")? != 0,
            };
            out.insert(p.id, p);
        }
    }
    Ok(out)
}

/// Approved and used 职数 of units, the units locked first (in id order) so the counts stay
/// true until commit.
async fn quotas_locked(w: &mut WriteTx, units: &BTreeSet<i64>) -> Result<Vec<UnitQuota>, sqlx::Error> {
    let ids: Vec<i64> = units.iter().copied().collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK * 5) {
        let list = ids_sql(chunk);
        let lock = format!("SELECT id FROM org_units WHERE id IN ({list}) ORDER BY id{}", w.engine.for_update());
        sqlx::query(&lock).fetch_all(&mut *w.tx).await?;
        let rows = sqlx::query(&format!(
            "SELECT ou.id AS unit_id, ou.name AS unit_name, l.level, COALESCE(q.approved, 0) AS approved, COALESCE(u.used, 0) AS used \
             FROM org_units ou CROSS JOIN (SELECT '正处级' AS level UNION ALL SELECT '副处级' UNION ALL SELECT '正科级' UNION ALL SELECT '副科级') l \
             LEFT JOIN unit_leader_quota q ON q.unit_id = ou.id AND q.level = l.level \
             LEFT JOIN unit_leaders_used u ON u.unit_id = ou.id AND u.level = l.level WHERE ou.id IN ({list})"
        ))
        .fetch_all(&mut *w.tx)
        .await?;
        for r in rows {
            out.push(UnitQuota {
                unit_id: r.try_get("unit_id")?,
                unit_name: r.try_get("unit_name")?,
                level: r.try_get("level")?,
                approved: r.try_get("approved")?,
                used: r.try_get("used")?,
            });
        }
    }
    Ok(out)
}

/// The outcome of checking a change: the conflicts (empty = fine).
pub struct Checked {
    pub conflicts: Vec<Conflict>,
}

/// Check a set of main-post appointments against seats and 职数, with the posts and units locked
/// and the counts read inside the transaction. People leaving a post by this change free its seat
/// for the check. `check_level`: the post's level must be the person's (首聘 / 平岗定位).
pub async fn check(w: &mut WriteTx, items: &[(i64, Option<i64>, Option<String>)], check_level: bool) -> Result<Checked, sqlx::Error> {
    let people: Vec<i64> = items.iter().map(|(p, _, _)| *p).collect();
    let cur = current(w, &people).await?;
    let mut post_ids: BTreeSet<i64> = items.iter().filter_map(|(_, p, _)| *p).collect();
    for c in cur.values() {
        if let Some(p) = c.main_post {
            post_ids.insert(p);
        }
    }
    let posts = posts_locked(w, &post_ids).await?;
    let units: BTreeSet<i64> = posts.values().map(|p| p.unit_id).collect();
    let mut quotas = quotas_locked(w, &units).await?;
    // Seats and 职数 used by the people this change moves are free for the check.
    let mut freed_seats: HashMap<i64, i64> = HashMap::new();
    let mut freed_quota: HashMap<(i64, String), i64> = HashMap::new();
    for c in cur.values() {
        if let Some(p) = c.main_post.and_then(|id| posts.get(&id)) {
            *freed_seats.entry(p.id).or_default() += 1;
            if !p.leader_level.is_empty() {
                *freed_quota.entry((p.unit_id, p.leader_level.clone())).or_default() += 1;
            }
        }
    }
    for q in &mut quotas {
        q.used -= freed_quota.get(&(q.unit_id, q.level.clone())).copied().unwrap_or(0);
    }
    let seats: Vec<PostSeat> = posts
        .values()
        .filter(|p| !p.closed)
        .map(|p| PostSeat {
            post_id: p.id,
            post_name: p.name.clone(),
            unit_id: p.unit_id,
            unit_name: p.unit_name.clone(),
            seats: p.seats,
            filled: p.filled - freed_seats.get(&p.id).copied().unwrap_or(0),
            level: if check_level {
                crate::domain::posts::post_level(&p.category, &p.grade, &p.leader_level).map(|s| s.to_string())
            } else {
                None
            },
            leader_level: (!p.leader_level.is_empty()).then(|| p.leader_level.clone()),
        })
        .collect();
    let assignments: Vec<Assignment> = items
        .iter()
        .map(|(pid, post, level)| {
            let c = cur.get(pid);
            Assignment {
                person_id: *pid,
                person_name: c.map(|c| c.name.clone()).unwrap_or_else(|| format!("人员 {pid}")),
                person_level: level.clone().or_else(|| c.map(|c| c.level.clone())).unwrap_or_default(),
                post_id: *post,
            }
        })
        .collect();
    Ok(Checked { conflicts: check_assignments(&assignments, &seats, &quotas) })
}

/// Record appointments: append each record, move holdings, update the people, start or close
/// probations, and recount what was touched. The caller has checked (see [`check`]) and
/// validated; people appear at most once. Returns the new records' ids by person.
pub async fn apply(w: &mut WriteTx, items: &[NewAppointment], actor: &str) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let people: Vec<i64> = items.iter().map(|a| a.person_id).collect();
    let cur = current(w, &people).await?;
    let mut post_ids: BTreeSet<i64> = items.iter().filter_map(|a| a.post_id.or(a.return_post)).collect();
    for c in cur.values() {
        post_ids.extend(c.main_post);
        post_ids.extend(c.part_posts.iter().copied());
    }
    let posts = posts_locked(w, &post_ids).await?;
    let now = now_ms();
    let mut ids: HashMap<i64, i64> = HashMap::new();
    let mut touched_posts: BTreeSet<i64> = BTreeSet::new();
    let mut touched_units: BTreeSet<i64> = BTreeSet::new();
    for chunk in items.chunks(CHUNK) {
        // 1. The records, with what the person held before and after.
        let mut sql = String::from(
            "INSERT INTO appointments (person_id, kind, effective_date, doc_no, decided_by, notes, post_id, part_time, unit_id, unit_name, \
             position, level, prev_post_id, prev_unit_id, prev_position, prev_level, campaign_id, promotion_id, override_reason, created_at, created_by) VALUES ",
        );
        let mut args: Vec<Arg> = Vec::new();
        for (i, a) in chunk.iter().enumerate() {
            let c = cur.get(&a.person_id).cloned().unwrap_or_default();
            let target = a.post_id.or(a.return_post).and_then(|p| posts.get(&p));
            let vacates = crate::domain::posts::kind_vacates_post(&a.kind);
            let (unit_id, unit_name, position) = match (target, &a.position) {
                (Some(p), _) if !a.part_time => (p.unit_id, p.unit_name.clone(), p.name.clone()),
                (_, Some(t)) => (c.unit_id, c.unit_name.clone(), t.clone()),
                _ if vacates => (c.unit_id, c.unit_name.clone(), String::new()),
                (Some(p), None) => (p.unit_id, p.unit_name.clone(), format!("{}（兼）", p.name)),
                _ => (c.unit_id, c.unit_name.clone(), c.position.clone()),
            };
            let level = a.level.clone().unwrap_or_else(|| c.level.clone());
            if i > 0 {
                sql.push_str(", ");
            }
            let b = args.len();
            sql.push('(');
            sql.push_str(&(1..=21).map(|k| format!("${}", b + k)).collect::<Vec<_>>().join(", "));
            sql.push(')');
            args.extend([
                Arg::I(a.person_id),
                Arg::S(a.kind.clone()),
                Arg::S(a.effective_date.clone()),
                Arg::S(a.doc_no.trim().to_string()),
                Arg::S(a.decided_by.trim().to_string()),
                Arg::S(a.notes.trim().to_string()),
                opt_i(target.map(|p| p.id)),
                Arg::I(a.part_time as i64),
                Arg::I(unit_id),
                Arg::S(unit_name),
                Arg::S(position),
                Arg::S(level),
                opt_i(c.main_post),
                Arg::I(c.unit_id),
                Arg::S(c.position.clone()),
                Arg::S(c.level.clone()),
                opt_i(a.campaign_id),
                opt_i(a.promotion_id),
                Arg::S(a.override_reason.trim().to_string()),
                Arg::I(now),
                Arg::S(actor.to_string()),
            ]);
        }
        sql.push_str(" RETURNING id, person_id");
        for r in bind_all(sqlx::query(&sql), &args).fetch_all(&mut *w.tx).await? {
            ids.insert(r.try_get("person_id")?, r.try_get("id")?);
        }
    }
    // 2. Holdings and the people's current post, level and 任现职时间.
    for a in items {
        let Some(aid) = ids.get(&a.person_id).copied() else { continue };
        let c = cur.get(&a.person_id).cloned().unwrap_or_default();
        let target = a.post_id.or(a.return_post).and_then(|p| posts.get(&p));
        let vacates = crate::domain::posts::kind_vacates_post(&a.kind);
        if vacates {
            sqlx::query("DELETE FROM post_holders WHERE person_id = $1").bind(a.person_id).execute(&mut *w.tx).await?;
            // 免职 and 退休 end a running 试用期 (there is no level left to confirm).
            sqlx::query("UPDATE probations SET status = $1, closed_by = $2 WHERE person_id = $3 AND status = '试用中'")
                .bind(format!("已{}", a.kind.trim()))
                .bind(aid)
                .bind(a.person_id)
                .execute(&mut *w.tx)
                .await?;
            touched_posts.extend(c.main_post);
            touched_posts.extend(c.part_posts.iter().copied());
        }
        if let Some(p) = target {
            if a.part_time {
                sqlx::query("DELETE FROM post_holders WHERE person_id = $1 AND post_id = $2")
                    .bind(a.person_id)
                    .bind(p.id)
                    .execute(&mut *w.tx)
                    .await?;
                sqlx::query("INSERT INTO post_holders (person_id, post_id, main, since, appointment_id) VALUES ($1, $2, 0, $3, $4)")
                    .bind(a.person_id)
                    .bind(p.id)
                    .bind(&a.effective_date)
                    .bind(aid)
                    .execute(&mut *w.tx)
                    .await?;
            } else {
                // The new main post replaces the old one (and a part-time hold of the same post).
                sqlx::query("DELETE FROM post_holders WHERE person_id = $1 AND (main = 1 OR post_id = $2)")
                    .bind(a.person_id)
                    .bind(p.id)
                    .execute(&mut *w.tx)
                    .await?;
                sqlx::query("INSERT INTO post_holders (person_id, post_id, main, since, appointment_id) VALUES ($1, $2, 1, $3, $4)")
                    .bind(a.person_id)
                    .bind(p.id)
                    .bind(&a.effective_date)
                    .bind(aid)
                    .execute(&mut *w.tx)
                    .await?;
                touched_posts.extend(c.main_post);
            }
            touched_posts.insert(p.id);
        }
        // The person's record follows the main post (a part-time post changes nothing there).
        let level = a.level.clone().unwrap_or_else(|| c.level.clone());
        if let Some(p) = target.filter(|_| !a.part_time) {
            let (cat, grade) = if p.category.is_empty() { (None, None) } else { (Some(p.category.clone()), Some(p.grade.clone())) };
            sqlx::query(
                "UPDATE people SET position = $1, level = $2, level_rank = $9, unit_id = $3, position_date = $4, \
                 post_category = COALESCE($5, post_category), post_grade = COALESCE($6, post_grade), updated_at = $7 WHERE id = $8",
            )
            .bind(&p.name)
            .bind(&level)
            .bind(p.unit_id)
            .bind(&a.effective_date)
            .bind(cat)
            .bind(grade)
            .bind(now)
            .bind(a.person_id)
            .bind(crate::domain::roster::level_rank(&level))
            .execute(&mut *w.tx)
            .await?;
        } else if !a.part_time {
            let position = match (&a.position, vacates) {
                (Some(t), _) => Some(t.clone()),
                (None, true) => Some(String::new()),
                (None, false) => None,
            };
            let status = match a.kind.as_str() {
                "退休" => Some("退休"),
                _ => None,
            };
            let dated = position.is_some() || a.level.is_some();
            sqlx::query(
                "UPDATE people SET position = COALESCE($1, position), level = $2, level_rank = $8, status = COALESCE($3, status), \
                 status_date = CASE WHEN $3 IS NULL THEN status_date ELSE $4 END, \
                 position_date = CASE WHEN $5 = 1 THEN $4 ELSE position_date END, updated_at = $6 WHERE id = $7",
            )
            .bind(position)
            .bind(&level)
            .bind(status)
            .bind(&a.effective_date)
            .bind(dated as i64)
            .bind(now)
            .bind(a.person_id)
            .bind(crate::domain::roster::level_rank(&level))
            .execute(&mut *w.tx)
            .await?;
        }
        // Probation started or closed.
        if let Some(end) = &a.probation_end {
            sqlx::query("INSERT INTO probations (appointment_id, person_id, starts, ends, status) VALUES ($1, $2, $3, $4, '试用中')")
                .bind(aid)
                .bind(a.person_id)
                .bind(&a.effective_date)
                .bind(end)
                .execute(&mut *w.tx)
                .await?;
        }
        if let Some(pid) = a.closes_probation {
            let status = if a.kind == "转正" { "已转正" } else { "已回原级" };
            sqlx::query("UPDATE probations SET status = $1, closed_by = $2 WHERE appointment_id = $3")
                .bind(status)
                .bind(aid)
                .bind(pid)
                .execute(&mut *w.tx)
                .await?;
        }
    }
    for p in &touched_posts {
        if let Some(info) = posts.get(p) {
            touched_units.insert(info.unit_id);
        }
    }
    let touched: Vec<i64> = touched_posts.into_iter().collect();
    let units: Vec<i64> = touched_units.into_iter().collect();
    recount(w, &touched, &units).await?;
    Ok(ids)
}

/// Recount main holders of posts and leadership posts held per (unit, level).
pub async fn recount(w: &mut WriteTx, posts: &[i64], units: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in posts.chunks(CHUNK * 5) {
        sqlx::query(&format!(
            "UPDATE posts SET filled = (SELECT COUNT(*) FROM post_holders h WHERE h.post_id = posts.id AND h.main = 1) WHERE id IN ({})",
            ids_sql(chunk)
        ))
        .execute(&mut *w.tx)
        .await?;
    }
    for chunk in units.chunks(CHUNK * 5) {
        let list = ids_sql(chunk);
        sqlx::query(&format!("DELETE FROM unit_leaders_used WHERE unit_id IN ({list})")).execute(&mut *w.tx).await?;
        sqlx::query(&format!(
            "INSERT INTO unit_leaders_used (unit_id, level, used) SELECT unit_id, leader_level, CAST(SUM(filled) AS BIGINT) FROM posts \
             WHERE unit_id IN ({list}) AND leader_level <> '' AND closed = 0 GROUP BY unit_id, leader_level HAVING SUM(filled) > 0"
        ))
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(())
}

// ---- a person's history ----------------------------------------------------------------------------

pub async fn history(db: &Db, person_id: i64) -> Result<Vec<AppointmentRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.kind, a.effective_date, a.doc_no, a.decided_by, a.notes, a.unit_name, a.position, a.level, a.prev_position, \
         a.prev_level, a.part_time, a.override_reason, a.created_by, COALESCE(pr.ends, '') AS probation_end, COALESCE(pr.status, '') AS probation_status \
         FROM appointments a LEFT JOIN probations pr ON pr.appointment_id = a.id WHERE a.person_id = $1 ORDER BY a.effective_date, a.id LIMIT 1000",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AppointmentRow {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                effective_date: r.try_get("effective_date")?,
                doc_no: r.try_get("doc_no")?,
                decided_by: r.try_get("decided_by")?,
                notes: r.try_get("notes")?,
                unit_name: r.try_get("unit_name")?,
                position: r.try_get("position")?,
                level: r.try_get("level")?,
                prev_position: r.try_get("prev_position")?,
                prev_level: r.try_get("prev_level")?,
                part_time: r.try_get::<i64, _>("part_time")? != 0,
                override_reason: r.try_get("override_reason")?,
                created_by: r.try_get("created_by")?,
                probation_end: r.try_get("probation_end")?,
                probation_status: r.try_get("probation_status")?,
            })
        })
        .collect()
}

pub async fn holdings(db: &Db, person_id: i64) -> Result<Vec<PostHolding>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT h.post_id, p.name, ou.name AS unit_name, h.main, h.since FROM post_holders h JOIN posts p ON p.id = h.post_id \
         JOIN org_units ou ON ou.id = p.unit_id WHERE h.person_id = $1 ORDER BY h.main DESC, h.since",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PostHolding {
                post_id: r.try_get("post_id")?,
                post_name: r.try_get("name")?,
                unit_name: r.try_get("unit_name")?,
                main: r.try_get::<i64, _>("main")? != 0,
                since: r.try_get("since")?,
            })
        })
        .collect()
}

// ---- probations --------------------------------------------------------------------------------------

fn probation_row(r: &sqlx::any::AnyRow, today: chrono::NaiveDate) -> Result<ProbationRow, sqlx::Error> {
    let ends: String = r.try_get("ends")?;
    let days_left = chrono::NaiveDate::parse_from_str(&ends, "%Y-%m-%d").map(|e| (e - today).num_days()).unwrap_or(0);
    Ok(ProbationRow {
        appointment_id: r.try_get("appointment_id")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        position: r.try_get("position")?,
        level: r.try_get("level")?,
        prev_level: r.try_get("prev_level")?,
        starts: r.try_get("starts")?,
        ends,
        days_left,
        status: r.try_get("status")?,
    })
}

const PROBATION_SELECT: &str = "SELECT pr.appointment_id, pr.person_id, pe.name, ou.name AS unit_name, a.position, a.level, a.prev_level, \
     pr.starts, pr.ends, pr.status FROM probations pr JOIN appointments a ON a.id = pr.appointment_id \
     JOIN people pe ON pe.id = pr.person_id JOIN org_units ou ON ou.id = pe.unit_id";

/// Open probations in scope ending by `until` (None: all open), soonest first.
pub async fn probations(
    db: &Db,
    scope: &Scope,
    today: chrono::NaiveDate,
    until: Option<chrono::NaiveDate>,
) -> Result<Vec<ProbationRow>, sqlx::Error> {
    let mut args = Vec::new();
    let mut cond = format!("pr.status = '试用中' AND {}", unit_scope_condition(scope, "ou"));
    if let Some(u) = until {
        args.push(Arg::S(u.to_string()));
        cond.push_str(&format!(" AND pr.ends <= ${}", args.len()));
    }
    let sql = format!("{PROBATION_SELECT} WHERE {cond} ORDER BY pr.ends, pr.person_id LIMIT 2000");
    let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await?;
    rows.iter().map(|r| probation_row(r, today)).collect()
}

pub async fn open_probation(db: &Db, person_id: i64, today: chrono::NaiveDate) -> Result<Option<ProbationRow>, sqlx::Error> {
    let sql = format!("{PROBATION_SELECT} WHERE pr.person_id = $1 AND pr.status = '试用中' ORDER BY pr.ends DESC LIMIT 1");
    let row = sqlx::query(&sql).bind(person_id).fetch_optional(&db.pool).await?;
    row.map(|r| probation_row(&r, today)).transpose()
}

/// The 提任 record of an open probation: (person, post before, level before).
pub async fn probation_for_close(w: &mut WriteTx, appointment_id: i64) -> Result<Option<(i64, Option<i64>, String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT pr.person_id, a.prev_post_id, a.prev_level, a.prev_position FROM probations pr JOIN appointments a ON a.id = pr.appointment_id \
         WHERE pr.appointment_id = $1 AND pr.status = '试用中'",
    )
    .bind(appointment_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    row.map(|r| Ok((r.try_get("person_id")?, r.try_get("prev_post_id")?, r.try_get("prev_level")?, r.try_get("prev_position")?)))
        .transpose()
}

// ---- campaigns ------------------------------------------------------------------------------------

const CAMPAIGN_SELECT: &str =
    "SELECT c.id, c.name, c.kind, c.doc_no, c.decided_by, c.effective_date, c.status, c.notes, c.created_by, c.committed_at, \
     (SELECT COUNT(*) FROM post_campaign_items i WHERE i.campaign_id = c.id) AS people, \
     (SELECT COUNT(*) FROM post_campaign_items i WHERE i.campaign_id = c.id AND i.post_id IS NOT NULL) AS assigned FROM post_campaigns c";

fn campaign_row(r: &sqlx::any::AnyRow) -> Result<(CampaignRow, String), sqlx::Error> {
    let committed: Option<i64> = r.try_get("committed_at")?;
    Ok((
        CampaignRow {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            doc_no: r.try_get("doc_no")?,
            decided_by: r.try_get("decided_by")?,
            effective_date: r.try_get("effective_date")?,
            status: r.try_get("status")?,
            people: r.try_get("people")?,
            assigned: r.try_get("assigned")?,
            created_by: r.try_get("created_by")?,
            committed_at: committed.map(crate::domain::time::format_ms).unwrap_or_default(),
        },
        r.try_get("notes")?,
    ))
}

pub async fn campaigns(db: &Db) -> Result<Vec<CampaignRow>, sqlx::Error> {
    let rows = sqlx::query(&format!("{CAMPAIGN_SELECT} ORDER BY c.id DESC LIMIT 200")).fetch_all(&db.pool).await?;
    rows.iter().map(|r| campaign_row(r).map(|(c, _)| c)).collect()
}

pub async fn campaign(db: &Db, id: i64) -> Result<Option<(CampaignRow, String)>, sqlx::Error> {
    let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| campaign_row(&r)).transpose()
}

/// The campaign's header for update, locked (a commit and an edit never interleave).
pub async fn campaign_locked(w: &mut WriteTx, id: i64) -> Result<Option<(String, CampaignForm)>, sqlx::Error> {
    let sql = format!(
        "SELECT id, name, kind, doc_no, decided_by, effective_date, notes, status FROM post_campaigns WHERE id = $1{}",
        w.engine.for_update()
    );
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?;
    row.map(|r| {
        Ok((
            r.try_get("status")?,
            CampaignForm {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                doc_no: r.try_get("doc_no")?,
                decided_by: r.try_get("decided_by")?,
                effective_date: r.try_get("effective_date")?,
                notes: r.try_get("notes")?,
            },
        ))
    })
    .transpose()
}

pub async fn campaign_save(w: &mut WriteTx, f: &CampaignForm, actor: &str) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    if f.id == 0 {
        let row = sqlx::query(
            "INSERT INTO post_campaigns (name, kind, doc_no, decided_by, effective_date, notes, status, created_at, created_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, '草稿', $7, $8, $7) RETURNING id",
        )
        .bind(f.name.trim())
        .bind(&f.kind)
        .bind(f.doc_no.trim())
        .bind(f.decided_by.trim())
        .bind(&f.effective_date)
        .bind(f.notes.trim())
        .bind(now)
        .bind(actor)
        .fetch_one(&mut *w.tx)
        .await?;
        return row.try_get("id");
    }
    sqlx::query("UPDATE post_campaigns SET name = $1, kind = $2, doc_no = $3, decided_by = $4, effective_date = $5, notes = $6, updated_at = $7 WHERE id = $8")
        .bind(f.name.trim())
        .bind(&f.kind)
        .bind(f.doc_no.trim())
        .bind(f.decided_by.trim())
        .bind(&f.effective_date)
        .bind(f.notes.trim())
        .bind(now)
        .bind(f.id)
        .execute(&mut *w.tx)
        .await?;
    Ok(f.id)
}

/// Active people in scope matching a pick (部室 subtree, level, names), not yet in the campaign.
pub async fn pick_people(
    w: &mut WriteTx,
    scope: &Scope,
    campaign_id: i64,
    unit_id: i64,
    level: &str,
    person_ids: &[i64],
    without_post: bool,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut args = vec![Arg::I(campaign_id)];
    let mut cond = vec!["p.status = '在职'".to_string(), unit_scope_condition(scope, "ou")];
    if unit_id > 0 {
        cond.push(format!("ou.path LIKE '%/{unit_id}/%'"));
    }
    if !level.is_empty() {
        args.push(Arg::S(level.to_string()));
        cond.push(format!("p.level = ${}", args.len()));
    }
    if !person_ids.is_empty() {
        cond.push(format!("p.id IN ({})", ids_sql(&person_ids[..person_ids.len().min(10_000)])));
    }
    if without_post {
        cond.push("NOT EXISTS (SELECT 1 FROM post_holders h WHERE h.person_id = p.id AND h.main = 1)".into());
    }
    let sql = format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE {} \
         AND NOT EXISTS (SELECT 1 FROM post_campaign_items i WHERE i.campaign_id = $1 AND i.person_id = p.id) ORDER BY p.id LIMIT 20001",
        cond.join(" AND ")
    );
    let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&mut *w.tx).await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

pub async fn campaign_add(w: &mut WriteTx, campaign_id: i64, people: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in people.chunks(CHUNK * 2) {
        let values: Vec<String> = chunk.iter().map(|p| format!("({campaign_id}, {p})")).collect();
        sqlx::query(&format!("INSERT INTO post_campaign_items (campaign_id, person_id) VALUES {}", values.join(", ")))
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

pub async fn campaign_count(w: &mut WriteTx, campaign_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM post_campaign_items WHERE campaign_id = $1")
        .bind(campaign_id)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("n")
}

/// Set (or clear, post 0) people's posts in a draft; returns how many rows matched.
pub async fn campaign_assign(w: &mut WriteTx, campaign_id: i64, items: &[(i64, i64)]) -> Result<u64, sqlx::Error> {
    let mut by_post: HashMap<i64, Vec<i64>> = HashMap::new();
    for (person, post) in items {
        by_post.entry(*post).or_default().push(*person);
    }
    let mut n = 0;
    for (post, people) in by_post {
        for chunk in people.chunks(CHUNK * 5) {
            let post_sql = if post > 0 { post.to_string() } else { "NULL".into() };
            n += sqlx::query(&format!(
                "UPDATE post_campaign_items SET post_id = {post_sql} WHERE campaign_id = $1 AND person_id IN ({})",
                ids_sql(chunk)
            ))
            .bind(campaign_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        }
    }
    Ok(n)
}

pub async fn campaign_remove(w: &mut WriteTx, campaign_id: i64, people: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in people.chunks(CHUNK * 5) {
        sqlx::query(&format!("DELETE FROM post_campaign_items WHERE campaign_id = $1 AND person_id IN ({})", ids_sql(chunk)))
            .bind(campaign_id)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

/// The items of a campaign: (person, post) in person order, inside a transaction.
pub async fn campaign_pairs(w: &mut WriteTx, campaign_id: i64) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query("SELECT person_id, post_id FROM post_campaign_items WHERE campaign_id = $1 ORDER BY person_id")
        .bind(campaign_id)
        .fetch_all(&mut *w.tx)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("person_id")?, r.try_get("post_id")?))).collect()
}

fn campaign_item(r: &sqlx::any::AnyRow) -> Result<CampaignItem, sqlx::Error> {
    Ok(CampaignItem {
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        level: r.try_get("level")?,
        position: r.try_get("position")?,
        post_id: r.try_get("post_id")?,
        post_name: r.try_get("post_name")?,
        post_unit: r.try_get("post_unit")?,
        problems: Vec::new(),
    })
}

/// The items with names, for the page and the list.
pub async fn campaign_items(db: &Db, campaign_id: i64) -> Result<Vec<CampaignItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.person_id, pe.name, ou.name AS unit_name, pe.level, pe.position, COALESCE(i.post_id, 0) AS post_id, \
         COALESCE(p.name, '') AS post_name, COALESCE(pu.name, '') AS post_unit FROM post_campaign_items i JOIN people pe ON pe.id = i.person_id \
         JOIN org_units ou ON ou.id = pe.unit_id LEFT JOIN posts p ON p.id = i.post_id LEFT JOIN org_units pu ON pu.id = p.unit_id \
         WHERE i.campaign_id = $1 ORDER BY ou.sort_order, ou.id, i.person_id",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(campaign_item).collect()
}

pub async fn campaign_committed(w: &mut WriteTx, campaign_id: i64) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("UPDATE post_campaigns SET status = '已提交', committed_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(campaign_id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// The appointments a committed campaign made (the printed list is read from these).
pub async fn campaign_appointments(db: &Db, campaign_id: i64) -> Result<Vec<CampaignItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.person_id, pe.name, a.prev_position AS position, a.level, COALESCE(a.post_id, 0) AS post_id, a.position AS post_name, \
         a.unit_name AS post_unit, COALESCE(pu.name, '') AS unit_name FROM appointments a JOIN people pe ON pe.id = a.person_id \
         LEFT JOIN org_units pu ON pu.id = a.prev_unit_id LEFT JOIN posts p ON p.id = a.post_id LEFT JOIN org_units ou ON ou.id = a.unit_id \
         WHERE a.campaign_id = $1 ORDER BY ou.sort_order, ou.id, p.sort_order, p.id, a.person_id",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(campaign_item).collect()
}

// ---- promotions ------------------------------------------------------------------------------------

pub struct NewPromotion<'a> {
    pub person_id: i64,
    pub post_id: i64,
    pub to_level: &'a str,
    pub decided_by: &'a str,
    pub decision_date: &'a str,
    pub notice_start: &'a str,
    pub notice_end: &'a str,
    pub notice_days: i64,
    pub reason: &'a str,
}

pub async fn promotion_insert(w: &mut WriteTx, p: &NewPromotion<'_>, actor: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO promotions (person_id, post_id, to_level, decided_by, decision_date, notice_start, notice_end, notice_days, status, reason, \
         created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '公示中', $9, $10, $11) RETURNING id",
    )
    .bind(p.person_id)
    .bind(p.post_id)
    .bind(p.to_level)
    .bind(p.decided_by.trim())
    .bind(p.decision_date)
    .bind(p.notice_start)
    .bind(p.notice_end)
    .bind(p.notice_days)
    .bind(p.reason.trim())
    .bind(now_ms())
    .bind(actor)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")
}

const PROMOTION_SELECT: &str = "SELECT pm.id, pm.person_id, pe.name, ou.name AS unit_name, pe.level AS from_level, pm.to_level, pm.post_id, \
     p.name AS post_name, pu.name AS post_unit, pm.decision_date, pm.decided_by, pm.notice_start, pm.notice_end, pm.notice_days, pm.status, pm.reason, \
     COALESCE(a.prev_level, '') AS prev_level FROM promotions pm JOIN people pe ON pe.id = pm.person_id JOIN org_units ou ON ou.id = pe.unit_id \
     JOIN posts p ON p.id = pm.post_id JOIN org_units pu ON pu.id = p.unit_id LEFT JOIN appointments a ON a.id = pm.appointment_id";

fn promotion_row(r: &sqlx::any::AnyRow) -> Result<PromotionRow, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let prev: String = r.try_get("prev_level")?;
    let notice_end: String = r.try_get("notice_end")?;
    let earliest = chrono::NaiveDate::parse_from_str(&notice_end, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(|d| d.to_string())
        .unwrap_or_default();
    Ok(PromotionRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        unit_name: r.try_get("unit_name")?,
        from_level: if status == "已任职" && !prev.is_empty() { prev } else { r.try_get("from_level")? },
        to_level: r.try_get("to_level")?,
        post_id: r.try_get("post_id")?,
        post_name: format!("{}{}", r.try_get::<String, _>("post_unit")?, r.try_get::<String, _>("post_name")?),
        decision_date: r.try_get("decision_date")?,
        decided_by: r.try_get("decided_by")?,
        notice_start: r.try_get("notice_start")?,
        notice_end,
        notice_days: r.try_get("notice_days")?,
        earliest,
        status,
        reason: r.try_get("reason")?,
        objections: Vec::new(),
        estimated_years: Vec::new(),
    })
}

async fn attach_objections(db: &Db, rows: &mut [PromotionRow]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let found = sqlx::query(&format!(
        "SELECT id, promotion_id, received, text, outcome, recorded_by FROM promotion_objections WHERE promotion_id IN ({}) ORDER BY id",
        ids_sql(&ids)
    ))
    .fetch_all(&db.pool)
    .await?;
    for r in found {
        let pid: i64 = r.try_get("promotion_id")?;
        if let Some(p) = rows.iter_mut().find(|p| p.id == pid) {
            p.objections.push(ObjectionRow {
                id: r.try_get("id")?,
                received: r.try_get("received")?,
                text: r.try_get("text")?,
                outcome: r.try_get("outcome")?,
                recorded_by: r.try_get("recorded_by")?,
            });
        }
    }
    Ok(())
}

/// Promotions in scope: those in 公示 first, then the latest 200 others.
pub async fn promotions(db: &Db, scope: &Scope, person_id: Option<i64>) -> Result<Vec<PromotionRow>, sqlx::Error> {
    let mut args = Vec::new();
    let mut cond = unit_scope_condition(scope, "ou");
    if let Some(p) = person_id {
        args.push(Arg::I(p));
        cond.push_str(&format!(" AND pm.person_id = ${}", args.len()));
    }
    let sql = format!(
        "{PROMOTION_SELECT} WHERE {cond} ORDER BY CASE WHEN pm.status = '公示中' THEN 0 ELSE 1 END, pm.notice_end DESC, pm.id DESC LIMIT 200"
    );
    let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await?;
    let mut out: Vec<PromotionRow> = rows.iter().map(promotion_row).collect::<Result<_, _>>()?;
    attach_objections(db, &mut out).await?;
    let cal = crate::store::calendar::load(db).await?;
    for p in out.iter_mut().filter(|p| p.status == "公示中") {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if let (Some(from), Some(to)) = (day(&p.notice_start), day(&p.notice_end)) {
            p.estimated_years = cal.estimated_between(from, to);
        }
    }
    Ok(out)
}

/// A promotion for update (locked), if in scope.
pub async fn promotion_locked(w: &mut WriteTx, scope: &Scope, id: i64) -> Result<Option<PromotionRow>, sqlx::Error> {
    if w.engine == super::Engine::Postgres {
        sqlx::query("SELECT id FROM promotions WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(&mut *w.tx).await?;
    }
    let sql = format!("{PROMOTION_SELECT} WHERE pm.id = $1 AND {}", unit_scope_condition(scope, "ou"));
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *w.tx).await?;
    row.map(|r| promotion_row(&r)).transpose()
}

pub async fn promotion_status(
    w: &mut WriteTx,
    id: i64,
    status: &str,
    appointment_id: Option<i64>,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE promotions SET status = $1, appointment_id = COALESCE($2, appointment_id), reason = COALESCE($3, reason) WHERE id = $4",
    )
    .bind(status)
    .bind(appointment_id)
    .bind(reason)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

pub async fn objection_add(
    w: &mut WriteTx,
    promotion_id: i64,
    received: &str,
    text: &str,
    outcome: &str,
    actor: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO promotion_objections (promotion_id, received, text, outcome, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(promotion_id)
    .bind(received)
    .bind(text.trim())
    .bind(outcome.trim())
    .bind(now_ms())
    .bind(actor)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")
}

/// Whether the person has a promotion in 公示 already.
pub async fn promotion_open(w: &mut WriteTx, person_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM promotions WHERE person_id = $1 AND status = '公示中'")
        .bind(person_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .is_some())
}

// ---- 干部任免审批表 -------------------------------------------------------------------------------------

pub async fn form_text(db: &Db, person_id: i64) -> Result<Option<crate::model::CadreFormText>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT proposed_post, proposed_removal, resume, rewards, assessments, reasons, family, health FROM cadre_forms WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let family: String = r.try_get("family")?;
        Ok(crate::model::CadreFormText {
            proposed_post: r.try_get("proposed_post")?,
            proposed_removal: r.try_get("proposed_removal")?,
            resume: r.try_get("resume")?,
            rewards: r.try_get("rewards")?,
            assessments: r.try_get("assessments")?,
            reasons: r.try_get("reasons")?,
            health: r.try_get("health")?,
            family: serde_json::from_str(&family).unwrap_or_default(),
        })
    })
    .transpose()
}

pub async fn form_save(w: &mut WriteTx, person_id: i64, t: &crate::model::CadreFormText, actor: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cadre_forms WHERE person_id = $1").bind(person_id).execute(&mut *w.tx).await?;
    sqlx::query(
        "INSERT INTO cadre_forms (person_id, proposed_post, proposed_removal, resume, rewards, assessments, reasons, family, health, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(person_id)
    .bind(&t.proposed_post)
    .bind(&t.proposed_removal)
    .bind(&t.resume)
    .bind(&t.rewards)
    .bind(&t.assessments)
    .bind(&t.reasons)
    .bind(serde_json::to_string(&t.family).unwrap_or_else(|_| "[]".into()))
    .bind(&t.health)
    .bind(now_ms())
    .bind(actor)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

// ---- records without a post (the person form, imports) ------------------------------------------------

/// An appointment record that only writes the history: the person's record was changed by the
/// caller (the person form, an import) and this keeps the history in step with it.
#[derive(Clone, Debug, Default)]
pub struct HistoryOnly {
    pub person_id: i64,
    pub kind: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    pub unit_id: i64,
    pub position: String,
    pub level: String,
    pub prev_unit_id: Option<i64>,
    pub prev_position: String,
    pub prev_level: String,
}

pub async fn record_history(w: &mut WriteTx, rows: &[HistoryOnly], actor: &str) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for chunk in rows.chunks(CHUNK) {
        let mut sql = String::from(
            "INSERT INTO appointments (person_id, kind, effective_date, doc_no, decided_by, notes, unit_id, unit_name, position, level, \
             prev_unit_id, prev_position, prev_level, created_at, created_by) VALUES ",
        );
        let mut args: Vec<Arg> = Vec::new();
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let b = args.len();
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, COALESCE((SELECT name FROM org_units WHERE id = ${}), ''), ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
                b + 11,
                b + 12,
                b + 13,
                b + 14
            ));
            args.extend([
                Arg::I(r.person_id),
                Arg::S(r.kind.clone()),
                Arg::S(r.effective_date.clone()),
                Arg::S(r.doc_no.trim().to_string()),
                Arg::S(r.decided_by.trim().to_string()),
                Arg::S(r.notes.clone()),
                Arg::I(r.unit_id),
                Arg::S(r.position.clone()),
                Arg::S(r.level.clone()),
                opt_i(r.prev_unit_id),
                Arg::S(r.prev_position.clone()),
                Arg::S(r.prev_level.clone()),
                Arg::I(now),
                Arg::S(actor.to_string()),
            ]);
        }
        bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
    }
    Ok(())
}

/// A person whose post is now a title typed in no longer holds the catalogue post they held:
/// drop the main holding (and recount) so the vacancy view and the roster agree.
pub async fn release_main_post(w: &mut WriteTx, person_id: i64) -> Result<(), sqlx::Error> {
    let row = sqlx::query(
        "SELECT h.post_id, p.unit_id FROM post_holders h JOIN posts p ON p.id = h.post_id WHERE h.person_id = $1 AND h.main = 1",
    )
    .bind(person_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    if let Some(r) = row {
        let (post, unit): (i64, i64) = (r.try_get("post_id")?, r.try_get("unit_id")?);
        sqlx::query("DELETE FROM post_holders WHERE person_id = $1 AND main = 1").bind(person_id).execute(&mut *w.tx).await?;
        recount(w, &[post], &[unit]).await?;
    }
    Ok(())
}

/// Whether people have any appointment record yet.
pub async fn with_history(w: &mut WriteTx, ids: &[i64]) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    let mut out = std::collections::HashSet::new();
    for chunk in ids.chunks(CHUNK * 5) {
        let rows = sqlx::query(&format!("SELECT DISTINCT person_id FROM appointments WHERE person_id IN ({})", ids_sql(chunk)))
            .fetch_all(&mut *w.tx)
            .await?;
        for r in rows {
            out.insert(r.try_get::<i64, _>("person_id")?);
        }
    }
    Ok(out)
}
