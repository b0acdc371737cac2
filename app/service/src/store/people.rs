//! Organisation units and people. Scope filters are applied here, in SQL, never after loading.
//! The ID number is encrypted with the secret key; exact search goes through its keyed hash.

use super::{bind_all, now_ms, Arg, Db, WriteTx};
use crate::authz::Scope;
use crate::domain::id_number::IdNumber;
use crate::domain::retirement::{age_label, rule_for, RetirementRule};
use crate::domain::roster::{highest_education, PersonFields, LEADER_LEVELS};
use crate::domain::time::{age_on, today_china};
use crate::model::{Page, PersonRecord, PersonRow, QuotaLine, RosterQuery, UnitOption, UnitStaffing};
use crate::security::secrets::Secrets;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A unit as the cache keeps it: its path from the top as ids (`/1/4/` → [1, 4]), id and name.
pub(crate) type UnitRow = (Vec<i64>, i64, String);

/// Every unit in tree order (read once and kept: see [`super::Cache`]).
async fn unit_tree(db: &Db) -> Result<std::sync::Arc<Vec<UnitRow>>, sqlx::Error> {
    db.cached(|c| &c.units, async {
        let rows = sqlx::query("SELECT id, name, path FROM org_units").fetch_all(&db.pool).await?;
        let mut out: Vec<UnitRow> = rows
            .iter()
            .map(|r| {
                let path: String = r.try_get("path")?;
                let key: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
                Ok((key, r.try_get("id")?, r.try_get("name")?))
            })
            .collect::<Result<_, sqlx::Error>>()?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
    .await
}

pub async fn units(db: &Db) -> Result<Vec<UnitOption>, sqlx::Error> {
    Ok(unit_tree(db).await?.iter().map(|(key, id, name)| UnitOption { id: *id, name: name.clone(), depth: key.len() as i64 - 1 }).collect())
}

/// A unit's path (`/1/4/`), if it exists.
pub async fn unit_path(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT path FROM org_units WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get::<String, _>("path")).transpose()
}

pub async fn unit_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    Ok(unit_path(db, id).await?.is_some())
}

/// SQL condition limiting a unit alias to a scope. Unit ids are integers from the role table,
/// so they are written into the SQL directly.
pub fn unit_scope_condition(scope: &Scope, unit_alias: &str) -> String {
    match scope {
        Scope::All => "1 = 1".into(),
        Scope::Units(ids) => {
            let parts: Vec<String> = ids.iter().map(|id| format!("{unit_alias}.path LIKE '%/{id}/%'")).collect();
            format!("({})", parts.join(" OR "))
        }
    }
}

/// SQL condition limiting `people` (aliased `p`) to a scope.
pub fn scope_condition(scope: &Scope) -> String {
    match scope {
        Scope::All => "1 = 1".into(),
        Scope::Units(_) => format!("p.unit_id IN (SELECT ou.id FROM org_units ou WHERE {})", unit_scope_condition(scope, "ou")),
    }
}

/// Every unit's name by id.
pub async fn unit_names(db: &Db) -> Result<std::collections::HashMap<i64, String>, sqlx::Error> {
    Ok(unit_tree(db).await?.iter().map(|(_, id, name)| (*id, name.clone())).collect())
}

pub fn name_pinyin(name: &str) -> (String, String) {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut initials = String::new();
    for (ch, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if ch.is_ascii_alphanumeric() => {
                full.push(ch.to_ascii_lowercase());
                initials.push(ch.to_ascii_lowercase());
            }
            None => {}
        }
    }
    (full, initials)
}

/// The smallest string greater than every string starting with `prefix` (ASCII letters).
fn prefix_upper_bound(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < b'z' {
            bytes.push(last + 1);
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    "{".into()
}

const LEVEL_ORDER: &str = "p.level_rank";

fn row_to_person(r: &AnyRow, today: chrono::NaiveDate) -> Result<PersonRow, sqlx::Error> {
    let birth: String = r.try_get("birth_date")?;
    let age = chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d").map(|b| age_on(b, today)).unwrap_or(0);
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
        establishment: r.try_get("establishment")?,
        political_status: r.try_get("political_status")?,
        education: r.try_get("edu_highest")?,
        id_masked: r.try_get("id_masked")?,
    })
}

pub const PER_PAGE: i64 = 50;

/// Conditions and arguments for a roster query (shared by the list, its count and exports).
pub fn roster_where(db: &Db, secrets: &Secrets, scope: &Scope, q: &RosterQuery, today: chrono::NaiveDate) -> (String, Vec<Arg>) {
    let mut conds = vec![scope_condition(scope)];
    let mut args: Vec<Arg> = Vec::new();
    // Every `$?` in a condition takes the next argument's number.
    fn push(args: &mut Vec<Arg>, cond: &str, arg: Arg, conds: &mut Vec<String>) {
        args.push(arg);
        conds.push(cond.replace("$?", &format!("${}", args.len())));
    }
    let text = q.q.trim();
    if !text.is_empty() {
        if let Ok(id) = IdNumber::parse(text) {
            push(&mut args, "p.id_index = $?", Arg::S(secrets.index(id.as_str())), &mut conds);
        } else if text.chars().all(|c| c.is_ascii_alphabetic()) {
            // A prefix as a range, so both pinyin indexes serve it.
            let t = text.to_ascii_lowercase();
            let upper = prefix_upper_bound(&t);
            push(
                &mut args,
                "((p.name_pinyin >= $? AND p.name_pinyin < $#) OR (p.name_initials >= $? AND p.name_initials < $#))",
                Arg::S(t),
                &mut conds,
            );
            let last = conds.pop().unwrap_or_default();
            args.push(Arg::S(upper));
            conds.push(last.replace("$#", &format!("${}", args.len())));
        } else {
            // Chinese has no case: plain LIKE (PostgreSQL's ILIKE is several times slower);
            // case-insensitive only when Latin letters are in the text.
            let op = if text.chars().any(|c| c.is_ascii_alphabetic()) { db.engine.ilike() } else { "LIKE" };
            push(&mut args, &format!("p.name {op} $? {}", super::LIKE_ESCAPE), Arg::S(super::contains_pattern(text)), &mut conds);
        }
    }
    if q.unit_id > 0 {
        conds.push(format!("p.unit_id IN (SELECT fu.id FROM org_units fu WHERE fu.path LIKE '%/{}/%')", q.unit_id));
    }
    for (col, v) in [
        ("p.level", &q.level),
        ("p.establishment", &q.establishment),
        ("p.political_status", &q.political),
        ("p.edu_highest", &q.education),
        ("p.sex", &q.sex),
    ] {
        if !v.trim().is_empty() {
            push(&mut args, &format!("{col} = $?"), Arg::S(v.trim().to_string()), &mut conds);
        }
    }
    // Status: active staff unless asked otherwise; 「离开」 covers everyone who left.
    match q.status.trim() {
        "" => push(&mut args, "p.status = $?", Arg::S("在职".into()), &mut conds),
        "全部" => {}
        "离开" => conds.push("p.status IN ('调出', '辞职', '辞退', '去世')".into()),
        s => push(&mut args, "p.status = $?", Arg::S(s.to_string()), &mut conds),
    }
    use chrono::Datelike;
    let years_ago = |n: i64| {
        let y = today.year() - n as i32;
        chrono::NaiveDate::from_ymd_opt(y, today.month(), today.day())
            .or_else(|| chrono::NaiveDate::from_ymd_opt(y, today.month(), 28))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    if let Some(min) = q.age_min.filter(|v| (0..=150).contains(v)) {
        push(&mut args, "p.birth_date <= $?", Arg::S(years_ago(min)), &mut conds);
    }
    if let Some(max) = q.age_max.filter(|v| (0..=150).contains(v)) {
        push(&mut args, "p.birth_date > $?", Arg::S(years_ago(max + 1)), &mut conds);
    }
    (conds.join(" AND "), args)
}

fn order_by(q: &RosterQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    let flip = if q.desc { "ASC" } else { "DESC" };
    match q.sort.as_str() {
        // Ties break by id in the same direction, so one index serves both ways.
        "name" => format!("p.name_pinyin {dir}, p.id {dir}"),
        // Ascending age: the youngest (latest birth date) first.
        "age" => format!("p.birth_date {flip}, p.id {flip}"),
        "level" => format!("{LEVEL_ORDER} {dir}, p.id {dir}"),
        "work_start" => format!("p.work_start {dir}, p.id"),
        "unit" => format!("ou2.path {dir}, {LEVEL_ORDER}, p.id"),
        _ => format!("p.unit_id, {LEVEL_ORDER}, p.id"),
    }
}

const ROW_COLUMNS: &str = "p.id, p.name, p.sex, p.birth_date, p.position, p.level, p.status, p.establishment, \
    p.political_status, p.edu_highest, p.id_masked, ou2.name AS unit_name";

pub async fn list(db: &Db, secrets: &Secrets, scope: &Scope, q: &RosterQuery) -> Result<Page<PersonRow>, sqlx::Error> {
    let today = today_china(chrono::Utc::now());
    let (wh, args) = roster_where(db, secrets, scope, q, today);
    let count_sql = format!("SELECT COUNT(*) AS n FROM people p WHERE {wh}");
    let total: i64 = bind_all(sqlx::query(&count_sql), &args).fetch_one(&db.pool).await?.try_get("n")?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = q.page.clamp(1, pages);
    // The page's ids first, from an index holding every filter column (no table rows touched
    // for the rows skipped), then the 50 full rows. CROSS JOIN keeps `people` as SQLite's
    // outer loop; PostgreSQL treats it as the plain join it is.
    let order = order_by(q);
    let inner_join = if q.sort == "unit" { " CROSS JOIN org_units ou2 WHERE ou2.id = p.unit_id AND" } else { " WHERE" };
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM people p CROSS JOIN org_units ou2 WHERE ou2.id = p.unit_id AND p.id IN \
         (SELECT p.id FROM people p{inner_join} {wh} ORDER BY {order} LIMIT {PER_PAGE} OFFSET {}) ORDER BY {order}",
        (page - 1) * PER_PAGE
    );
    let rows = bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await?;
    let items = rows.iter().map(|r| row_to_person(r, today)).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page, per_page: PER_PAGE })
}

/// Field columns in the order of [`PersonFields`]; the nullable ones hold NULL for empty.
const FIELD_COLUMNS: &[(&str, bool)] = &[
    ("name", false),
    ("sex", false),
    ("ethnicity", false),
    ("birth_date", false),
    ("native_place", false),
    ("birth_place", false),
    ("political_status", false),
    ("party_date", true),
    ("work_start", true),
    ("join_unit_date", true),
    ("edu_full", false),
    ("degree_full", false),
    ("school_full", false),
    ("major_full", false),
    ("edu_part", false),
    ("degree_part", false),
    ("school_part", false),
    ("major_part", false),
    ("establishment", false),
    ("status", false),
    ("status_date", true),
    ("unit_id", false),
    ("position", false),
    ("level", false),
    ("civil_rank", false),
    ("post_category", false),
    ("post_grade", false),
    ("position_date", true),
    ("rank_date", true),
    ("professional_title", false),
    ("phone", true),
    ("remarks", false),
];

fn field_args(f: &PersonFields) -> Vec<Arg> {
    let v = serde_json::to_value(f).unwrap_or_default();
    FIELD_COLUMNS
        .iter()
        .map(|(col, nullable)| match v.get(*col) {
            Some(serde_json::Value::Number(n)) => Arg::I(n.as_i64().unwrap_or(0)),
            Some(serde_json::Value::String(s)) => {
                let s = s.trim().to_string();
                if s.is_empty() && *nullable {
                    Arg::Null
                } else {
                    Arg::S(s)
                }
            }
            _ => Arg::Null,
        })
        .collect()
}

fn fields_from_row(r: &AnyRow) -> Result<PersonFields, sqlx::Error> {
    let mut map = serde_json::Map::new();
    for (col, _) in FIELD_COLUMNS {
        if *col == "unit_id" {
            map.insert((*col).into(), serde_json::json!(r.try_get::<i64, _>(*col)?));
        } else {
            let v: Option<String> = r.try_get(*col)?;
            map.insert((*col).into(), serde_json::json!(v.unwrap_or_default()));
        }
    }
    serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Columns derived from the fields, kept for search and filters.
fn derived_args(f: &PersonFields) -> Vec<Arg> {
    let (full, initials) = name_pinyin(f.name.trim());
    vec![
        Arg::S(highest_education(&f.edu_full, &f.edu_part).to_string()),
        Arg::S(full),
        Arg::S(initials),
        Arg::I(now_ms()),
        Arg::I(crate::domain::roster::level_rank(f.level.trim())),
    ]
}
const DERIVED_COLUMNS: [&str; 5] = ["edu_highest", "name_pinyin", "name_initials", "updated_at", "level_rank"];

/// Who holds this ID number: their id, and their name when they are within `scope` (someone
/// outside it is not named).
pub async fn find_by_id_number(
    db: &Db,
    secrets: &Secrets,
    scope: &Scope,
    id: &IdNumber,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, CASE WHEN {} THEN 1 ELSE 0 END AS allowed FROM people p WHERE p.id_index = $1",
        scope_condition(scope)
    );
    let row = sqlx::query(&sql).bind(secrets.index(id.as_str())).fetch_optional(&db.pool).await?;
    row.map(|r| {
        let allowed = r.try_get::<i64, _>("allowed")? == 1;
        Ok((r.try_get("id")?, if allowed { Some(r.try_get("name")?) } else { None }))
    })
    .transpose()
}

pub async fn insert(w: &mut WriteTx, secrets: &Secrets, f: &PersonFields, id: Option<&IdNumber>) -> anyhow::Result<i64> {
    let mut cols: Vec<&str> = FIELD_COLUMNS.iter().map(|(c, _)| *c).collect();
    cols.extend(DERIVED_COLUMNS);
    let mut args = field_args(f);
    args.extend(derived_args(f));
    if let Some(id) = id {
        cols.extend(["id_cipher", "id_index", "id_masked"]);
        args.extend([Arg::S(secrets.encrypt(id.as_str())?), Arg::S(secrets.index(id.as_str())), Arg::S(id.masked())]);
    }
    let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
    let sql = format!("INSERT INTO people ({}) VALUES ({}) RETURNING id", cols.join(", "), placeholders.join(", "));
    Ok(bind_all(sqlx::query(&sql), &args).fetch_one(&mut *w.tx).await?.try_get("id")?)
}

/// Rows per multi-row statement. Binding `$n` parameters costs SQLite a scan of the statement's
/// parameter names per parameter, quadratic in the parameter count: a few dozen rows per
/// statement is fastest (300 rows took 280 ms a statement, 16 rows take well under 1 ms).
pub const ROWS_PER_STATEMENT: usize = 16;

/// Insert many people (demo data, imports), a few rows per statement; ids in order.
pub async fn insert_batch(w: &mut WriteTx, secrets: &Secrets, people: &[(PersonFields, IdNumber)]) -> anyhow::Result<Vec<i64>> {
    let mut cols: Vec<&str> = FIELD_COLUMNS.iter().map(|(c, _)| *c).collect();
    cols.extend(DERIVED_COLUMNS);
    cols.extend(["id_cipher", "id_index", "id_masked"]);
    let mut ids = Vec::with_capacity(people.len());
    for chunk in people.chunks(ROWS_PER_STATEMENT) {
        let mut args: Vec<Arg> = Vec::with_capacity(chunk.len() * cols.len());
        let mut rows: Vec<String> = Vec::with_capacity(chunk.len());
        for (f, id) in chunk {
            let start = args.len();
            args.extend(field_args(f));
            args.extend(derived_args(f));
            args.extend([Arg::S(secrets.encrypt(id.as_str())?), Arg::S(secrets.index(id.as_str())), Arg::S(id.masked())]);
            let ph: Vec<String> = (start + 1..=args.len()).map(|i| format!("${i}")).collect();
            rows.push(format!("({})", ph.join(",")));
        }
        let sql = format!("INSERT INTO people ({}) VALUES {} RETURNING id", cols.join(", "), rows.join(","));
        let out = bind_all(sqlx::query(&sql), &args).fetch_all(&mut *w.tx).await?;
        // RETURNING gives no order guarantee: the new ids ascend with the rows.
        let mut got: Vec<i64> = out.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        got.sort_unstable();
        ids.extend(got);
    }
    Ok(ids)
}

pub async fn update(w: &mut WriteTx, secrets: &Secrets, person_id: i64, f: &PersonFields, id: Option<&IdNumber>) -> anyhow::Result<()> {
    let mut sets: Vec<String> = Vec::new();
    let mut args = field_args(f);
    args.extend(derived_args(f));
    for (i, c) in FIELD_COLUMNS.iter().map(|(c, _)| *c).chain(DERIVED_COLUMNS).enumerate() {
        sets.push(format!("{c} = ${}", i + 1));
    }
    if let Some(id) = id {
        for c in ["id_cipher", "id_index", "id_masked"] {
            sets.push(format!("{c} = ${}", sets.len() + 1));
        }
        args.extend([Arg::S(secrets.encrypt(id.as_str())?), Arg::S(secrets.index(id.as_str())), Arg::S(id.masked())]);
    }
    args.push(Arg::I(person_id));
    let sql = format!("UPDATE people SET {} WHERE id = ${}", sets.join(", "), args.len());
    bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
    Ok(())
}

fn retirement(f: &PersonFields, rules: &[RetirementRule]) -> (String, String) {
    let Ok(birth) = chrono::NaiveDate::parse_from_str(&f.birth_date, "%Y-%m-%d") else { return Default::default() };
    let group = crate::domain::stats::retirement_group(&f.sex, &f.post_category, &f.establishment);
    match rule_for(rules, group) {
        Some(r) => (r.date(birth).map(|d| d.to_string()).unwrap_or_default(), age_label(r.age_months(birth))),
        None => Default::default(),
    }
}

/// One person, if within the caller's scope.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Option<PersonRecord>, sqlx::Error> {
    let cols: Vec<String> = FIELD_COLUMNS.iter().map(|(c, _)| format!("p.{c}")).collect();
    let sql = format!(
        "SELECT p.id, {}, p.id_masked, ou2.name AS unit_name FROM people p JOIN org_units ou2 ON ou2.id = p.unit_id \
         WHERE p.id = $1 AND {}",
        cols.join(", "),
        scope_condition(scope)
    );
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await? else { return Ok(None) };
    let fields = fields_from_row(&r)?;
    let today = today_china(chrono::Utc::now());
    let age = chrono::NaiveDate::parse_from_str(&fields.birth_date, "%Y-%m-%d").map(|b| age_on(b, today)).unwrap_or(0);
    let rules = super::settings::retirement_rules(db).await?;
    let (retirement_date, retirement_age) = retirement(&fields, &rules);
    Ok(Some(PersonRecord {
        id: r.try_get("id")?,
        unit_name: r.try_get("unit_name")?,
        id_masked: r.try_get("id_masked")?,
        age,
        retirement_date,
        retirement_age,
        fields,
    }))
}

/// The plain ID number (for a deliberate, audited reveal).
pub async fn reveal_id(db: &Db, secrets: &Secrets, scope: &Scope, id: i64) -> anyhow::Result<Option<String>> {
    let sql = format!("SELECT p.id_cipher FROM people p WHERE p.id = $1 AND {}", scope_condition(scope));
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await? else { return Ok(None) };
    let cipher: Option<String> = r.try_get("id_cipher")?;
    match cipher {
        Some(c) => Ok(Some(secrets.decrypt(&c)?)),
        None => Ok(Some(String::new())),
    }
}

/// Units in scope with approved and actual establishment and leadership posts.
pub async fn staffing(db: &Db, scope: &Scope) -> Result<Vec<UnitStaffing>, sqlx::Error> {
    let cond = unit_scope_condition(scope, "u");
    let units = sqlx::query(&format!("SELECT u.id, u.parent_id, u.name, u.code, u.kind, u.path FROM org_units u WHERE {cond}"))
        .fetch_all(&db.pool)
        .await?;
    let est = sqlx::query("SELECT unit_id, category, approved FROM unit_establishment").fetch_all(&db.pool).await?;
    let quota = sqlx::query("SELECT unit_id, level, approved FROM unit_leader_quota").fetch_all(&db.pool).await?;
    let actual_est =
        sqlx::query("SELECT unit_id, establishment, COUNT(*) AS n FROM people WHERE status = '在职' GROUP BY unit_id, establishment")
            .fetch_all(&db.pool)
            .await?;
    let actual_lead = sqlx::query("SELECT unit_id, level, COUNT(*) AS n FROM people WHERE status = '在职' GROUP BY unit_id, level")
        .fetch_all(&db.pool)
        .await?;
    let triples = |rows: &[AnyRow], key: &str, val: &str| -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
        rows.iter().map(|r| Ok((r.try_get("unit_id")?, r.try_get(key)?, r.try_get(val)?))).collect()
    };
    let est = triples(&est, "category", "approved")?;
    let quota = triples(&quota, "level", "approved")?;
    let actual_est = triples(&actual_est, "establishment", "n")?;
    let actual_lead = triples(&actual_lead, "level", "n")?;
    let lines = |unit: i64, keys: &[&str], approved: &[(i64, String, i64)], actual: &[(i64, String, i64)]| -> Vec<QuotaLine> {
        keys.iter()
            .map(|k| QuotaLine {
                key: k.to_string(),
                approved: approved.iter().find(|(u, c, _)| *u == unit && c == k).map(|t| t.2).unwrap_or(0),
                actual: actual.iter().find(|(u, c, _)| *u == unit && c == k).map(|t| t.2).unwrap_or(0),
            })
            .collect()
    };
    let mut out: Vec<(Vec<i64>, UnitStaffing)> = Vec::new();
    for r in units {
        let id: i64 = r.try_get("id")?;
        let path: String = r.try_get("path")?;
        let key: Vec<i64> = path.split('/').filter(|s| !s.is_empty()).map(|s| s.parse().unwrap_or(0)).collect();
        out.push((
            key.clone(),
            UnitStaffing {
                id,
                parent_id: r.try_get("parent_id")?,
                name: r.try_get("name")?,
                code: r.try_get("code")?,
                kind: r.try_get("kind")?,
                depth: key.len() as i64 - 1,
                establishment: lines(id, crate::domain::roster::ESTABLISHMENTS, &est, &actual_est),
                leaders: lines(id, LEADER_LEVELS, &quota, &actual_lead),
            },
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, u)| u).collect())
}

/// Set a unit's approved numbers (replacing the old ones).
pub async fn save_quotas(
    w: &mut WriteTx,
    unit_id: i64,
    establishment: &[(String, i64)],
    leaders: &[(String, i64)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM unit_establishment WHERE unit_id = $1").bind(unit_id).execute(&mut *w.tx).await?;
    sqlx::query("DELETE FROM unit_leader_quota WHERE unit_id = $1").bind(unit_id).execute(&mut *w.tx).await?;
    for (c, n) in establishment.iter().filter(|(_, n)| *n > 0) {
        sqlx::query("INSERT INTO unit_establishment (unit_id, category, approved) VALUES ($1, $2, $3)")
            .bind(unit_id)
            .bind(c.clone())
            .bind(*n)
            .execute(&mut *w.tx)
            .await?;
    }
    for (l, n) in leaders.iter().filter(|(_, n)| *n > 0) {
        sqlx::query("INSERT INTO unit_leader_quota (unit_id, level, approved) VALUES ($1, $2, $3)")
            .bind(unit_id)
            .bind(l.clone())
            .bind(*n)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

/// Create a unit below `parent_id`; returns its id.
pub async fn create_unit(w: &mut WriteTx, parent_id: i64, name: &str, code: &str, kind: &str) -> Result<i64, sqlx::Error> {
    let parent_path: String =
        sqlx::query("SELECT path FROM org_units WHERE id = $1").bind(parent_id).fetch_one(&mut *w.tx).await?.try_get("path")?;
    let id: i64 =
        sqlx::query("INSERT INTO org_units (parent_id, name, code, kind, path, sort_order) VALUES ($1, $2, $3, $4, '', 1000) RETURNING id")
            .bind(parent_id)
            .bind(name)
            .bind(code)
            .bind(kind)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
    sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2").bind(format!("{parent_path}{id}/")).bind(id).execute(&mut *w.tx).await?;
    Ok(id)
}

pub async fn rename_unit(w: &mut WriteTx, id: i64, name: &str, code: &str, kind: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE org_units SET name = $1, code = $2, kind = $3 WHERE id = $4")
        .bind(name)
        .bind(code)
        .bind(kind)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Active people in scope, as the statistics need them.
pub async fn stat_rows(db: &Db, scope: &Scope) -> Result<Vec<crate::domain::stats::StatRow>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, ou2.name AS unit_name, p.sex, p.birth_date, p.level, p.edu_highest, p.political_status, \
         p.establishment, p.post_category FROM people p JOIN org_units ou2 ON ou2.id = p.unit_id \
         WHERE p.status = '在职' AND {}",
        scope_condition(scope)
    );
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(crate::domain::stats::StatRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                unit_name: r.try_get("unit_name")?,
                sex: r.try_get("sex")?,
                birth_date: r.try_get("birth_date")?,
                level: r.try_get("level")?,
                education: r.try_get("edu_highest")?,
                political: r.try_get("political_status")?,
                establishment: r.try_get("establishment")?,
                post_category: r.try_get("post_category")?,
            })
        })
        .collect()
}

/// Every unit with its full name (names from the top joined by 「/」) and whether it lies in
/// `scope`: what an import may name and a template lists.
pub async fn unit_refs(db: &Db, scope: &Scope) -> Result<Vec<crate::domain::import::UnitRef>, sqlx::Error> {
    let tree = unit_tree(db).await?;
    let names: std::collections::HashMap<i64, &str> = tree.iter().map(|(_, id, name)| (*id, name.as_str())).collect();
    Ok(tree
        .iter()
        .map(|(key, id, name)| crate::domain::import::UnitRef {
            id: *id,
            name: name.clone(),
            full_name: key.iter().filter_map(|k| names.get(k).copied()).collect::<Vec<_>>().join("/"),
            allowed: match scope {
                Scope::All => true,
                Scope::Units(ids) => ids.iter().any(|s| key.contains(s)),
            },
        })
        .collect())
}

/// Which of these ID numbers are stored already, and whether their owners are in `scope`.
pub async fn existing_by_id_numbers(
    db: &Db,
    secrets: &Secrets,
    scope: &Scope,
    ids: &[&IdNumber],
) -> Result<std::collections::HashMap<String, crate::domain::import::Existing>, sqlx::Error> {
    let mut out = std::collections::HashMap::new();
    let by_index: std::collections::HashMap<String, String> =
        ids.iter().map(|id| (secrets.index(id.as_str()), id.as_str().to_string())).collect();
    let keys: Vec<&String> = by_index.keys().collect();
    for chunk in keys.chunks(500) {
        let ph: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT p.id, CASE WHEN {scope} THEN p.name ELSE '' END AS name, p.id_index, CASE WHEN {scope} THEN 1 ELSE 0 END AS allowed \
             FROM people p WHERE p.id_index IN ({})",
            ph.join(","),
            scope = scope_condition(scope),
        );
        let args: Vec<Arg> = chunk.iter().map(|k| Arg::S((*k).clone())).collect();
        for r in bind_all(sqlx::query(&sql), &args).fetch_all(&db.pool).await? {
            let index: String = r.try_get("id_index")?;
            if let Some(plain) = by_index.get(&index) {
                out.insert(
                    plain.clone(),
                    crate::domain::import::Existing {
                        person_id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        allowed: r.try_get::<i64, _>("allowed")? == 1,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Which of these people lie within `scope`.
pub async fn ids_in_scope(db: &Db, scope: &Scope, ids: &[i64]) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    let mut out = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let sql = format!("SELECT p.id FROM people p WHERE p.id IN ({}) AND {}", list.join(","), scope_condition(scope));
        for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
            out.insert(r.try_get("id")?);
        }
    }
    Ok(out)
}

/// The stored fields of several people (before an update, for the history).
pub async fn fields_by_ids(db: &Db, ids: &[i64]) -> Result<std::collections::HashMap<i64, PersonFields>, sqlx::Error> {
    let cols: Vec<&str> = FIELD_COLUMNS.iter().map(|(c, _)| *c).collect();
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
        let sql = format!("SELECT id, {} FROM people WHERE id IN ({})", cols.join(", "), list.join(","));
        for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
            out.insert(r.try_get("id")?, fields_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Everyone in a roster view, in its order, as spreadsheet cells ([`crate::domain::import::COLUMNS`]
/// order), sent in batches as they are read so the workbook is written while the query runs. ID
/// numbers in full only when asked (the caller checks the permission and audits). Returns the
/// number of rows.
pub async fn export_rows(
    db: &Db,
    secrets: &Secrets,
    scope: &Scope,
    q: &RosterQuery,
    full_id: bool,
    sink: tokio::sync::mpsc::Sender<Vec<Vec<String>>>,
) -> anyhow::Result<usize> {
    use crate::domain::import::COLUMNS;
    use futures::TryStreamExt;
    let today = today_china(chrono::Utc::now());
    let units: std::collections::HashMap<i64, String> =
        unit_refs(db, &Scope::All).await?.into_iter().map(|u| (u.id, u.full_name)).collect();
    let (wh, args) = roster_where(db, secrets, scope, q, today);
    // One JSON array per row: the fields, then the masked and encrypted ID number.
    let mut cols: Vec<String> = FIELD_COLUMNS.iter().map(|(c, _)| format!("p.{c}")).collect();
    cols.extend(["p.id_masked".to_string(), "p.id_cipher".to_string()]);
    let at = |name: &str| cols.iter().position(|c| c == &format!("p.{name}")).unwrap_or(0);
    let positions: Vec<usize> = COLUMNS.iter().map(|c| at(c.key)).collect();
    let (unit_at, masked_at, cipher_at) = (at("unit_id"), at("id_masked"), at("id_cipher"));
    let sql = format!(
        "SELECT {} AS r FROM people p CROSS JOIN org_units ou2 WHERE ou2.id = p.unit_id AND {wh} ORDER BY {}",
        db.engine.json_row(&cols),
        order_by(q)
    );
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut stream = bind_all(sqlx::query(&sql), &args).fetch(&db.pool);
    let mut batch = Vec::with_capacity(1000);
    let mut n = 0;
    while let Some(r) = stream.try_next().await? {
        let values: Vec<serde_json::Value> = serde_json::from_str(&r.try_get::<String, _>("r")?)?;
        let get = |i: usize| values.get(i).map(text).unwrap_or_default();
        let mut cells = Vec::with_capacity(COLUMNS.len());
        for (c, i) in COLUMNS.iter().zip(&positions) {
            cells.push(match c.key {
                "unit" => units.get(&get(unit_at).parse::<i64>().unwrap_or(0)).cloned().unwrap_or_default(),
                "id_number" => match (full_id, get(cipher_at)) {
                    (true, cipher) if !cipher.is_empty() => secrets.decrypt(&cipher)?,
                    _ => get(masked_at),
                },
                _ => get(*i),
            });
        }
        batch.push(cells);
        n += 1;
        if batch.len() == 1000 && sink.send(std::mem::take(&mut batch)).await.is_err() {
            anyhow::bail!("the workbook writer stopped");
        }
    }
    if !batch.is_empty() && sink.send(batch).await.is_err() {
        anyhow::bail!("the workbook writer stopped");
    }
    Ok(n)
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

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper_bound("zs"), "zt");
        assert_eq!(prefix_upper_bound("az"), "b");
        assert_eq!(prefix_upper_bound("zz"), "{");
    }

    #[test]
    fn pinyin_and_initials() {
        assert_eq!(name_pinyin("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(name_pinyin("欧阳晓燕"), ("ouyangxiaoyan".into(), "oyxy".into()));
    }
}
