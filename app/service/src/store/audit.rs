//! The audit trail: an append-only hash chain. Each record carries the hash of the one before;
//! the head row is locked while appending so concurrent writers (and several instances on one
//! PostgreSQL) extend one linear chain. The hashes are keyed (HMAC-SHA256 under a key derived
//! from the secret key, which never enters the database): someone who can write to the
//! database but lacks the key cannot recompute a changed chain. The head (`seq:hash`) can be
//! written down outside the database and checked later against the chain ([`verify_against`]).

use super::{bind_all, col, now_ms, Arg, Db, WriteTx};
use crate::model::{AuditEntry, AuditFilter, Page};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use sqlx::Row;

/// Who did something, and from where.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor { user_id: None, name: name.into(), ip: "local".into() }
    }
}

/// Fields whose values an audit record keeps masked (last 4 characters): the record says that
/// they changed, not to what.
pub const SENSITIVE_FIELDS: &[&str] = &["id_number", "id_masked", "phone"];

/// Mask the sensitive values in a record's details: `{"phone": …}` as well as a correction's
/// `{"field": "phone", "value": …}`.
fn mask_sensitive(v: &mut Value) {
    use crate::domain::id_number::mask;
    let Some(o) = v.as_object_mut() else { return };
    for key in SENSITIVE_FIELDS {
        if let Some(Value::String(s)) = o.get_mut(*key) {
            *s = mask(s);
        }
    }
    if o.get("field").and_then(Value::as_str).is_some_and(|f| SENSITIVE_FIELDS.contains(&f)) {
        for key in ["value", "current", "requested"] {
            if let Some(Value::String(s)) = o.get_mut(key) {
                *s = mask(s);
            }
        }
    }
}

pub struct NewRecord<'a> {
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
    pub before: Value,
    pub after: Value,
}

#[allow(clippy::too_many_arguments)]
fn chain_hash(
    key: &[u8; 32],
    prev: &str,
    seq: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: &str,
    ip: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: &str,
    after: &str,
) -> String {
    let canonical = serde_json::json!([prev, seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after]).to_string();
    keyed(key, &canonical)
}

fn keyed(key: &[u8; 32], canonical: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(canonical.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A stored record as the chain hashes it: its fields in one canonical text after the
/// previous hash.
struct Stored {
    seq: i64,
    prev_hash: String,
    hash: String,
    fields: Vec<Value>,
}

impl Stored {
    fn from_row(r: &sqlx::any::AnyRow) -> Result<Stored, sqlx::Error> {
        Ok(Stored {
            seq: r.try_get("seq")?,
            prev_hash: r.try_get("prev_hash")?,
            hash: r.try_get("hash")?,
            fields: vec![
                Value::from(r.try_get::<i64, _>("seq")?),
                Value::from(r.try_get::<i64, _>("at")?),
                Value::from(r.try_get::<Option<i64>, _>("actor_id")?),
                Value::from(col::<String>(r, "actor_name")?),
                Value::from(col::<String>(r, "ip")?),
                Value::from(col::<String>(r, "entity")?),
                Value::from(col::<String>(r, "entity_id")?),
                Value::from(col::<String>(r, "action")?),
                Value::from(col::<String>(r, "before_json")?),
                Value::from(col::<String>(r, "after_json")?),
            ],
        })
    }

    fn canonical(&self, prev: &str) -> String {
        let mut all = vec![Value::from(prev)];
        all.extend(self.fields.iter().cloned());
        Value::Array(all).to_string()
    }
}

const STORED_COLUMNS: &str = "seq, at, actor_id, actor_name, ip, entity, entity_id, action, before_json, after_json, prev_hash, hash";

fn missing_key() -> sqlx::Error {
    sqlx::Error::Configuration("the audit chain needs its key (Db::with_audit_key)".into())
}

/// Append one record inside the caller's transaction, so the change and its record commit
/// together or not at all.
pub async fn record(w: &mut WriteTx, actor: &Actor, rec: NewRecord<'_>) -> Result<(), sqlx::Error> {
    record_many(w, actor, vec![rec]).await
}

/// Append several records in order (imports): the head is read and written once, the rows go
/// in multi-row inserts.
pub async fn record_many(w: &mut WriteTx, actor: &Actor, recs: Vec<NewRecord<'_>>) -> Result<(), sqlx::Error> {
    if recs.is_empty() {
        return Ok(());
    }
    let key = w.audit_key.ok_or_else(missing_key)?;
    let head_sql = format!("SELECT seq, hash FROM audit_head WHERE id = 1{}", w.engine.for_update());
    let head = sqlx::query(&head_sql).fetch_one(&mut *w.tx).await?;
    let mut seq: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("hash")?;
    let at = now_ms();
    const COLS: usize = 12;
    for chunk in recs.chunks(super::people::ROWS_PER_STATEMENT * 3) {
        let mut args: Vec<Arg> = Vec::with_capacity(chunk.len() * COLS);
        let mut rows: Vec<String> = Vec::with_capacity(chunk.len());
        for rec in chunk {
            seq += 1;
            let (mut before, mut after) = (rec.before.clone(), rec.after.clone());
            mask_sensitive(&mut before);
            mask_sensitive(&mut after);
            let (before, after) = (before.to_string(), after.to_string());
            let hash = chain_hash(
                &key,
                &prev_hash,
                seq,
                at,
                actor.user_id,
                &actor.name,
                &actor.ip,
                rec.entity,
                &rec.entity_id,
                rec.action,
                &before,
                &after,
            );
            let start = args.len();
            args.extend([
                Arg::I(seq),
                Arg::I(at),
                actor.user_id.map(Arg::I).unwrap_or(Arg::NullI),
                Arg::S(actor.name.clone()),
                Arg::S(actor.ip.clone()),
                Arg::S(rec.entity.to_string()),
                Arg::S(rec.entity_id.clone()),
                Arg::S(rec.action.to_string()),
                Arg::S(before),
                Arg::S(after),
                Arg::S(std::mem::replace(&mut prev_hash, hash.clone())),
                Arg::S(hash),
            ]);
            let ph: Vec<String> = (start + 1..=args.len()).map(|i| format!("${i}")).collect();
            rows.push(format!("({})", ph.join(",")));
        }
        let sql = format!(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, ip, entity, entity_id, action, \
             before_json, after_json, prev_hash, hash) VALUES {}",
            rows.join(",")
        );
        bind_all(sqlx::query(&sql), &args).execute(&mut *w.tx).await?;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1").bind(seq).bind(&prev_hash).execute(&mut *w.tx).await?;
    Ok(())
}

/// Append one record in a transaction of its own (login events and the like).
pub async fn record_alone(db: &Db, actor: &Actor, rec: NewRecord<'_>) -> Result<(), sqlx::Error> {
    let mut w = db.write().await?;
    record(&mut w, actor, rec).await?;
    w.commit().await
}

#[derive(Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub records: i64,
    pub problems: Vec<String>,
}

/// Walk the whole chain and recompute every hash.
pub async fn verify(db: &Db) -> Result<VerifyReport, sqlx::Error> {
    let key = db.audit_key().ok_or_else(missing_key)?;
    let rows = sqlx::query(&format!("SELECT {STORED_COLUMNS} FROM audit_log ORDER BY seq")).fetch_all(&db.pool).await?;
    let mut problems = Vec::new();
    let mut expected_prev = "0".repeat(64);
    let mut expected_seq = 1i64;
    for row in &rows {
        let r = Stored::from_row(row)?;
        let seq = r.seq;
        if seq != expected_seq {
            problems.push(format!("记录 {expected_seq} 至 {} 缺失", seq - 1));
        }
        if r.prev_hash != expected_prev {
            problems.push(format!("记录 {seq} 与前一条记录的链接不符"));
        }
        if keyed(&key, &r.canonical(&r.prev_hash)) != r.hash {
            problems.push(format!("记录 {seq} 的内容已被改动"));
        }
        expected_prev = r.hash;
        expected_seq = seq + 1;
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&db.pool).await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if head_seq != expected_seq - 1 || head_hash != expected_prev {
        problems.push(format!("链尾不符：应为记录 {head_seq}，实际最后一条为 {}", expected_seq - 1));
    }
    Ok(VerifyReport { records: rows.len() as i64, problems })
}

/// Once, after upgrading from a version whose chain was not keyed: the records hashed the old
/// way (plain SHA-256) must form an intact chain, followed only by keyed ones; then every hash
/// is recomputed with the key, in one transaction, and the rekeying is itself recorded.
/// Returns how many records were hashed the old way, or why nothing was changed.
pub async fn rekey(db: &Db, actor: &Actor) -> Result<Result<i64, String>, sqlx::Error> {
    use sha2::Digest;
    let key = db.audit_key().ok_or_else(missing_key)?;
    let mut w = db.write().await?;
    let head_sql = format!("SELECT seq, hash FROM audit_head WHERE id = 1{}", w.engine.for_update());
    let head = sqlx::query(&head_sql).fetch_one(&mut *w.tx).await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let rows = sqlx::query(&format!("SELECT {STORED_COLUMNS} FROM audit_log ORDER BY seq")).fetch_all(&mut *w.tx).await?;
    let stored = rows.iter().map(Stored::from_row).collect::<Result<Vec<_>, _>>()?;
    let mut prev = "0".repeat(64);
    let (mut legacy, mut keyed_seen) = (0i64, false);
    for (i, r) in stored.iter().enumerate() {
        if r.seq != i as i64 + 1 || r.prev_hash != prev {
            return Ok(Err(format!("记录 {} 缺失或链接不符，审计链已不完整，未做任何改动", r.seq)));
        }
        let canonical = r.canonical(&prev);
        if keyed(&key, &canonical) == r.hash {
            keyed_seen = true;
        } else if hex::encode(Sha256::digest(canonical.as_bytes())) == r.hash && !keyed_seen {
            legacy += 1;
        } else {
            return Ok(Err(format!("记录 {} 的内容已被改动，未做任何改动", r.seq)));
        }
        prev = r.hash.clone();
    }
    if head_seq != stored.len() as i64 || head_hash != prev {
        return Ok(Err("链尾不符，审计链已不完整，未做任何改动".into()));
    }
    if legacy == 0 {
        return Ok(Ok(0));
    }
    let mut prev = "0".repeat(64);
    for r in &stored {
        let hash = keyed(&key, &r.canonical(&prev));
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(r.seq)
            .execute(&mut *w.tx)
            .await?;
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev).execute(&mut *w.tx).await?;
    record(
        &mut w,
        actor,
        NewRecord {
            entity: "system",
            entity_id: String::new(),
            action: "audit_rekey",
            before: Value::Null,
            after: serde_json::json!({ "unkeyed_records": legacy, "records": stored.len() }),
        },
    )
    .await?;
    w.commit().await?;
    Ok(Ok(legacy))
}

/// The chain's head as `seq:hash`, to be kept outside the database (a daily log line, a ticket,
/// a printed sheet) and given to [`verify_against`] later.
pub async fn head(db: &Db) -> Result<String, sqlx::Error> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&db.pool).await?;
    Ok(format!("{}:{}", head.try_get::<i64, _>("seq")?, head.try_get::<String, _>("hash")?))
}

/// [`verify`], and the record a head written down earlier names must still be there unchanged
/// (a chain cut back and re-headed by someone with database access is found this way).
pub async fn verify_against(db: &Db, anchor: &str) -> Result<VerifyReport, sqlx::Error> {
    let mut report = verify(db).await?;
    let parsed = anchor.trim().split_once(':').and_then(|(s, h)| Some((s.parse::<i64>().ok()?, h.to_string())));
    let Some((seq, hash)) = parsed else {
        report.problems.push(format!("锚定的链尾“{anchor}”格式不对，应为 序号:哈希（由 yucai audit head 打印）"));
        return Ok(report);
    };
    let row = sqlx::query("SELECT hash FROM audit_log WHERE seq = $1").bind(seq).fetch_optional(&db.pool).await?;
    match row.map(|r| r.try_get::<String, _>("hash")).transpose()? {
        None if seq > 0 => report.problems.push(format!("锚定的记录 {seq} 已不在审计链中（记录被删除或链被截断）")),
        Some(h) if h != hash => report.problems.push(format!("记录 {seq} 与锚定的链尾不符（审计链被重写）")),
        _ => {}
    }
    Ok(report)
}

pub const PER_PAGE: i64 = 50;

pub async fn list(db: &Db, f: &AuditFilter) -> Result<Page<AuditEntry>, sqlx::Error> {
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let like = db.engine.ilike();
    if !f.actor.trim().is_empty() {
        args.push(super::contains_pattern(f.actor.trim()));
        clauses.push(format!("actor_name {like} ${} {}", args.len(), super::LIKE_ESCAPE));
    }
    if !f.entity.trim().is_empty() {
        args.push(f.entity.trim().to_string());
        clauses.push(format!("entity = ${}", args.len()));
    }
    if !f.action.trim().is_empty() {
        args.push(f.action.trim().to_string());
        clauses.push(format!("action = ${}", args.len()));
    }
    let mut int_args: Vec<i64> = Vec::new();
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    if let Some(d) = date(&f.from) {
        int_args.push(crate::domain::time::china_day_start_ms(d));
        clauses.push(format!("at >= ${}", args.len() + int_args.len()));
    }
    if let Some(d) = date(&f.to) {
        let next = d.succ_opt().unwrap_or(d);
        int_args.push(crate::domain::time::china_day_start_ms(next));
        clauses.push(format!("at < ${}", args.len() + int_args.len()));
    }
    let wh = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    let (page, offset) = super::page_offset(f.page, PER_PAGE);

    let count_sql = format!("SELECT COUNT(*) AS n FROM audit_log{wh}");
    let mut q = sqlx::query(&count_sql);
    for a in &args {
        q = q.bind(a.clone());
    }
    for a in &int_args {
        q = q.bind(*a);
    }
    let total: i64 = q.fetch_one(&db.pool).await?.try_get("n")?;

    let sql = format!(
        "SELECT seq, at, actor_name, ip, entity, entity_id, action, before_json, after_json \
         FROM audit_log{wh} ORDER BY seq DESC LIMIT {PER_PAGE} OFFSET {offset}"
    );
    let mut q = sqlx::query(&sql);
    for a in &args {
        q = q.bind(a.clone());
    }
    for a in &int_args {
        q = q.bind(*a);
    }
    let rows = q.fetch_all(&db.pool).await?;
    let items = rows.iter().map(entry_from_row).collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, page, per_page: PER_PAGE })
}

/// Every record about one entity, oldest first (a person's change history).
pub async fn for_entity(db: &Db, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT seq, at, actor_name, ip, entity, entity_id, action, before_json, after_json FROM audit_log \
         WHERE entity = $1 AND entity_id = $2 ORDER BY seq",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// Details as shown: sensitive values masked again on the way out, so records written before
/// the current mask (an ID number's first 6 and last 4) show no more than it allows.
fn shown(json_text: String) -> String {
    match serde_json::from_str::<Value>(&json_text) {
        Ok(mut v) if v.is_object() => {
            let before = v.clone();
            mask_sensitive(&mut v);
            if v == before {
                json_text
            } else {
                v.to_string()
            }
        }
        _ => json_text,
    }
}

fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        seq: r.try_get("seq")?,
        at: crate::domain::time::format_ms_seconds(r.try_get("at")?),
        actor: r.try_get("actor_name")?,
        ip: r.try_get("ip")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        action: r.try_get("action")?,
        before: shown(r.try_get("before_json")?),
        after: shown(r.try_get("after_json")?),
    })
}

#[cfg(test)]
mod tests {
    use super::{chain_hash, mask_sensitive};

    #[test]
    fn sensitive_values_are_masked() {
        let mut v = serde_json::json!({ "name": "张三", "phone": "13812345678", "id_number": "11010519491231002X" });
        mask_sensitive(&mut v);
        assert_eq!(v, serde_json::json!({ "name": "张三", "phone": "*******5678", "id_number": "**************002X" }));
        let mut c = serde_json::json!({ "field": "phone", "value": "13812345678", "note": "换号" });
        mask_sensitive(&mut c);
        assert_eq!(c["value"], "*******5678");
        // A record from before the mask changed shows no more than the current mask.
        let mut old = serde_json::json!({ "id_masked": "320102********1234" });
        mask_sensitive(&mut old);
        assert_eq!(old["id_masked"], "**************1234");
        let mut other = serde_json::json!({ "field": "native_place", "value": "江苏南京" });
        mask_sensitive(&mut other);
        assert_eq!(other["value"], "江苏南京");
    }

    #[test]
    fn hash_changes_with_any_field_and_the_key() {
        let k = [7u8; 32];
        let base = chain_hash(&k, "p", 1, 2, Some(3), "a", "ip", "user", "4", "create", "{}", "{}");
        assert_eq!(base.len(), 64);
        assert_ne!(base, chain_hash(&k, "p", 1, 2, Some(3), "a", "ip", "user", "4", "create", "{}", "{\"x\":1}"));
        assert_ne!(base, chain_hash(&k, "q", 1, 2, Some(3), "a", "ip", "user", "4", "create", "{}", "{}"));
        assert_ne!(base, chain_hash(&k, "p", 1, 2, None, "a", "ip", "user", "4", "create", "{}", "{}"));
        assert_ne!(base, chain_hash(&[8u8; 32], "p", 1, 2, Some(3), "a", "ip", "user", "4", "create", "{}", "{}"));
    }
}
