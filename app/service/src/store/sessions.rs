//! Server-side sessions and login attempts, both in the database so several instances share
//! them. Only the SHA-256 of a session token is stored.

use super::{now_ms, Db, WriteTx};
use crate::model::SessionInfo;
use sqlx::Row;

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub idle_timeout_ms: i64,
    pub lifetime_ms: i64,
    pub persistent: bool,
    pub user_agent: &'a str,
    pub ip: &'a str,
}

pub async fn create(w: &mut WriteTx, s: NewSession<'_>) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_timeout_ms, \
         expires_at, persistent, user_agent, ip) VALUES ($1,$2,$3,$3,$4,$5,$6,$7,$8) RETURNING id",
    )
    .bind(s.token_hash)
    .bind(s.user_id)
    .bind(now)
    .bind(s.idle_timeout_ms)
    .bind(now + s.lifetime_ms)
    .bind(s.persistent as i64)
    .bind(truncate(s.user_agent, 200))
    .bind(s.ip)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub struct LiveSession {
    pub id: i64,
    pub user_id: i64,
    pub last_seen_at: i64,
}

/// A session that has not ended, expired or gone idle.
pub async fn find_live(db: &Db, token_hash: &str) -> Result<Option<LiveSession>, sqlx::Error> {
    let now = now_ms();
    let row = sqlx::query(
        "SELECT id, user_id, last_seen_at FROM sessions WHERE token_hash = $1 AND ended_at IS NULL \
         AND expires_at > $2 AND last_seen_at + idle_timeout_ms > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok(LiveSession { id: r.try_get("id")?, user_id: r.try_get("user_id")?, last_seen_at: r.try_get("last_seen_at")? }))
        .transpose()
}

/// Record activity. Writes at most once a minute per session to spare the database.
pub async fn touch(db: &Db, s: &LiveSession) -> Result<(), sqlx::Error> {
    let now = now_ms();
    if now - s.last_seen_at < 60_000 {
        return Ok(());
    }
    let mut w = db.write().await?;
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(now)
        .bind(s.id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await
}

/// End one session of a user. Returns whether a live session was ended.
pub async fn end(w: &mut WriteTx, session_id: i64, user_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let r = match user_id {
        Some(u) => {
            sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND user_id = $3 AND ended_at IS NULL")
                .bind(now_ms())
                .bind(session_id)
                .bind(u)
                .execute(&mut *w.tx)
                .await?
        }
        None => {
            sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
                .bind(now_ms())
                .bind(session_id)
                .execute(&mut *w.tx)
                .await?
        }
    };
    Ok(r.rows_affected() == 1)
}

pub async fn end_all_for_user(w: &mut WriteTx, user_id: i64, except: Option<i64>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL AND id <> $3")
        .bind(now_ms())
        .bind(user_id)
        .bind(except.unwrap_or(0))
        .execute(&mut *w.tx)
        .await?;
    Ok(r.rows_affected())
}

pub async fn user_of(db: &Db, session_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT user_id FROM sessions WHERE id = $1").bind(session_id).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("user_id")).transpose()
}

pub async fn list_live(db: &Db, user_id: i64, current: Option<i64>) -> Result<Vec<SessionInfo>, sqlx::Error> {
    use crate::domain::time::format_ms;
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT id, created_at, last_seen_at, expires_at, idle_timeout_ms, persistent, user_agent, ip \
         FROM sessions WHERE user_id = $1 AND ended_at IS NULL AND expires_at > $2 \
         AND last_seen_at + idle_timeout_ms > $2 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(SessionInfo {
                id,
                created_at: format_ms(r.try_get("created_at")?),
                last_seen_at: format_ms(r.try_get("last_seen_at")?),
                expires_at: format_ms(r.try_get("expires_at")?),
                persistent: r.try_get::<i64, _>("persistent")? != 0,
                user_agent: r.try_get("user_agent")?,
                ip: r.try_get("ip")?,
                current: Some(id) == current,
            })
        })
        .collect()
}

// ---- login attempts ----
//
// An attempt is counted before its password is checked: it takes a place ('try') under a lock
// on the account and the address, and only then is the password hashed. Concurrent attempts
// therefore see each other, and the one past the limit is refused without being checked.

/// Outcome of asking to check a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// Go ahead; settle this attempt afterwards.
    Admitted(i64),
    /// The account is locked until then.
    Locked(i64),
    /// Too many attempts from this address.
    AddressLimited,
    /// The account's limit is taken by failures and attempts still being checked.
    Busy,
}

/// An attempt still marked 'try' after this long was abandoned (the request dropped while its
/// password was being checked, which takes well under a second): it no longer counts.
const IN_FLIGHT_MS: i64 = 60_000;
/// Attempts one address may have in flight (being checked) at once.
const IN_FLIGHT_PER_ADDRESS: i64 = 300;

/// Failures, and attempts still being checked.
fn counted(now: i64) -> String {
    format!("(outcome = 'fail' OR (outcome = 'try' AND at > {}))", now - IN_FLIGHT_MS)
}

pub struct Limits {
    pub threshold: i64,
    pub window_ms: i64,
    pub lock_ms: i64,
    pub ip_limit: i64,
}

fn login_keys(username: &str, ip: &str) -> [String; 2] {
    [format!("login user {username}"), format!("login ip {ip}")]
}

/// Count an attempt before its password is checked, or refuse it (the refused attempt is not
/// kept: the transaction rolls back).
pub async fn admit(db: &Db, username: &str, ip: &str, l: &Limits) -> Result<Admission, sqlx::Error> {
    let mut w = db.write().await?;
    let keys = login_keys(username, ip);
    w.lock_keys(&[&keys[0], &keys[1]]).await?;
    let now = now_ms();
    // Written first: on SQLite the transaction then holds the write lock from its start (a
    // read that later upgrades can fail at once when another process writes too).
    let id: i64 = sqlx::query("INSERT INTO login_attempts (username, ip, at, outcome) VALUES ($1, $2, $3, 'try') RETURNING id")
        .bind(username)
        .bind(ip)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
    let lock: Option<i64> = sqlx::query("SELECT MAX(at) AS at FROM login_attempts WHERE username = $1 AND outcome = 'lock' AND at > $2")
        .bind(username)
        .bind(now - l.lock_ms)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("at")?;
    if let Some(at) = lock {
        return Ok(Admission::Locked(at + l.lock_ms));
    }
    // An address is limited by its failures in the window, and separately by how many attempts it
    // has in flight: a lecture hall's phones share one address and log in together (200 at
    // once must get through), while a burst of guesses from one address stays bounded before the
    // first of them has failed.
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN outcome = 'fail' AND at > $2 THEN 1 ELSE 0 END), 0) AS failed, \
         COALESCE(SUM(CASE WHEN outcome = 'try' AND at > $3 THEN 1 ELSE 0 END), 0) AS in_flight FROM login_attempts WHERE ip = $1 AND at > $4",
    )
    .bind(ip)
    .bind(now - l.window_ms)
    .bind(now - IN_FLIGHT_MS)
    .bind(now - l.window_ms.max(IN_FLIGHT_MS))
    .fetch_one(&mut *w.tx)
    .await?;
    let (failed, in_flight): (i64, i64) = (row.try_get("failed")?, row.try_get("in_flight")?);
    if failed >= l.ip_limit || in_flight > IN_FLIGHT_PER_ADDRESS {
        return Ok(Admission::AddressLimited);
    }
    if count_since_reset(&mut w, username, l.window_ms, &counted(now)).await? > l.threshold {
        return Ok(Admission::Busy);
    }
    w.commit().await?;
    Ok(Admission::Admitted(id))
}

/// Attempts meeting `which` for this account inside the window, since its last success or lock.
async fn count_since_reset(w: &mut WriteTx, username: &str, window_ms: i64, which: &str) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM login_attempts WHERE username = $1 AND {which} AND at > $2 \
         AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = $1 AND outcome IN ('success', 'lock')), 0)"
    );
    sqlx::query(&sql).bind(username).bind(now_ms() - window_ms).fetch_one(&mut *w.tx).await?.try_get("n")
}

/// The checked attempt succeeded: inside the caller's transaction (with the new session).
pub async fn settle_success(w: &mut WriteTx, attempt: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_attempts SET outcome = 'success', at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(attempt)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// The checked attempt failed: returns the failures counted and whether the account is now
/// locked (the failure that reaches the threshold locks it).
pub async fn settle_failure(w: &mut WriteTx, attempt: i64, username: &str, ip: &str, l: &Limits) -> Result<(i64, bool), sqlx::Error> {
    let keys = login_keys(username, ip);
    w.lock_keys(&[&keys[0], &keys[1]]).await?;
    sqlx::query("UPDATE login_attempts SET outcome = 'fail' WHERE id = $1").bind(attempt).execute(&mut *w.tx).await?;
    let failures = count_since_reset(w, username, l.window_ms, "outcome = 'fail'").await?;
    let locked = failures >= l.threshold;
    if locked {
        sqlx::query("INSERT INTO login_attempts (username, ip, at, outcome) VALUES ($1, $2, $3, 'lock')")
            .bind(username)
            .bind(ip)
            .bind(now_ms())
            .execute(&mut *w.tx)
            .await?;
    }
    Ok((failures, locked))
}

/// Forget attempts older than `keep_ms` (nothing that old counts any more).
pub async fn prune_attempts(db: &Db, keep_ms: i64) -> Result<u64, sqlx::Error> {
    let mut w = db.write().await?;
    let r = sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(now_ms() - keep_ms).execute(&mut *w.tx).await?;
    w.commit().await?;
    Ok(r.rows_affected())
}
