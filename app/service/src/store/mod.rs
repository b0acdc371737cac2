//! The one database layer. Both engines go through sqlx's `Any` driver with `$1…$n`
//! placeholders; the few places where the dialects differ are methods on [`Engine`].
//!
//! Writes go through [`Db::write`], which opens a transaction. On SQLite it first takes an
//! in-process write lock, so two write transactions never wait on each other inside SQLite
//! (no `SQLITE_BUSY` deadlock when a reader upgrades); PostgreSQL handles concurrent writers
//! itself and rows that must be serialised are locked with `FOR UPDATE`.

pub mod audit;
pub mod calendar;
pub mod corrections;
pub mod demo;
pub mod demo_lectures;
pub mod demo_posts;
pub mod demo_reserve;
pub mod demo_training;
pub mod followups;
pub mod grades;
pub mod lectures;
pub mod people;
pub mod posts;
pub mod ratings;
pub mod reports;
pub mod reserve;
pub mod sessions;
pub mod settings;
pub mod training;
pub mod uploads;
pub mod users;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> anyhow::Result<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://")
        }
    }

    /// Suffix that locks the selected rows until the transaction ends.
    pub fn for_update(self) -> &'static str {
        match self {
            Engine::Sqlite => "",
            Engine::Postgres => " FOR UPDATE",
        }
    }

    /// Case-insensitive LIKE.
    pub fn ilike(self) -> &'static str {
        match self {
            Engine::Sqlite => "LIKE",
            Engine::Postgres => "ILIKE",
        }
    }

    /// An expression giving the columns as one JSON array text: bulk reads then decode one
    /// value per row instead of one per column, which is most of the cost through the driver.
    pub fn json_row(self, columns: &[String]) -> String {
        match self {
            Engine::Sqlite => format!("json_array({})", columns.join(", ")),
            Engine::Postgres => format!("json_build_array({})::text", columns.join(", ")),
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    write_lock: Option<Arc<Mutex<()>>>,
    /// Keys the audit chain (derived from the secret key; see [`Db::with_audit_key`]).
    audit_key: Option<[u8; 32]>,
    cache: Arc<Cache>,
}

/// How long a value read into [`Cache`] is used before it is read again. Every write this process
/// commits empties the cache at once; a write by another instance (or a command-line run on the
/// same database) is seen within this time.
pub const CACHE_FRESH: Duration = Duration::from_secs(1);

/// The few tables nearly every page reads and almost nothing writes (the settings and the unit
/// tree), kept in memory so a page does not read them again on every request. A value is used
/// while no write was committed since it was read, and for at most [`CACHE_FRESH`].
#[derive(Default)]
pub(crate) struct Cache {
    /// Bumped after every commit; a value read under an older generation is stale.
    generation: std::sync::atomic::AtomicU64,
    pub(crate) settings: Slot<std::collections::HashMap<String, String>>,
    pub(crate) units: Slot<Vec<people::UnitRow>>,
}

pub(crate) struct Slot<T>(std::sync::Mutex<Option<(u64, std::time::Instant, Arc<T>)>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(std::sync::Mutex::new(None))
    }
}

impl<T> Slot<T> {
    fn get(&self, generation: u64) -> Option<Arc<T>> {
        let held = self.0.lock().ok()?;
        match &*held {
            Some((g, at, value)) if *g == generation && at.elapsed() < CACHE_FRESH => Some(value.clone()),
            _ => None,
        }
    }

    fn put(&self, generation: u64, value: Arc<T>) {
        if let Ok(mut held) = self.0.lock() {
            *held = Some((generation, std::time::Instant::now(), value));
        }
    }
}

/// A write transaction. Commit it explicitly; dropping it rolls back.
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
    pub engine: Engine,
    pub(crate) audit_key: Option<[u8; 32]>,
    cache: Arc<Cache>,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        self.cache.generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(())
    }

    /// Serialise this transaction with every other one locking any of `keys`, until it ends:
    /// PostgreSQL transaction-scoped advisory locks (taken in one order, so two never wait on
    /// each other); on SQLite every write transaction is serialised already.
    pub async fn lock_keys(&mut self, keys: &[&str]) -> Result<(), sqlx::Error> {
        if self.engine == Engine::Postgres {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                sqlx::query("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l")
                    .bind(k)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        Ok(())
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let url = match engine {
            Engine::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        if engine == Engine::Sqlite {
            if let Some(path) = sqlite_file(&url) {
                if let Some(dir) = std::path::Path::new(&path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)?;
                    }
                }
            }
        }
        let mut opts = AnyPoolOptions::new().max_connections(max_connections).acquire_timeout(Duration::from_secs(10));
        if engine == Engine::Sqlite {
            opts = opts
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        // secure_delete: what a row held before it was rewritten or deleted is
                        // overwritten in the file, not left in free space (a rating box's earlier
                        // versions would otherwise say which ratings came when).
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                // A connection whose transaction could not be rolled back (a write that failed when
                // the disk was full leaves SQLite's ROLLBACK failing) must never serve again: later
                // writes on it would nest inside the dead transaction, be acknowledged and never
                // committed, while it holds the write lock against every other connection. The ping
                // lets the rollback queued by a dropped transaction run first.
                .after_release(|conn, _meta| {
                    Box::pin(async move {
                        use sqlx::Connection;
                        conn.ping().await?;
                        if conn.is_in_transaction() {
                            tracing::warn!("closing a database connection left inside a transaction");
                            return Ok(false);
                        }
                        Ok(true)
                    })
                });
        } else {
            // Roster filters vary from call to call (an age range, one status or all): plan each
            // execution for its values instead of a generic plan that fits none of them well.
            // Random reads cost about what sequential ones do on SSDs, so counts over a filter
            // read the covering indexes rather than the whole table.
            opts = opts.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("SET plan_cache_mode = force_custom_plan; SET random_page_cost = 1.1").await?;
                    Ok(())
                })
            });
        }
        let pool = opts.connect(&url).await?;
        Ok(Db {
            pool,
            engine,
            write_lock: (engine == Engine::Sqlite).then(|| Arc::new(Mutex::new(()))),
            audit_key: None,
            cache: Arc::default(),
        })
    }

    /// The key the audit chain is hashed with; without one, writing an audit record fails.
    pub fn with_audit_key(mut self, key: [u8; 32]) -> Db {
        self.audit_key = Some(key);
        self
    }

    pub(crate) fn audit_key(&self) -> Option<[u8; 32]> {
        self.audit_key
    }

    /// A cached value (see [`Cache`]), or `load`'s answer, kept for the next caller. The
    /// generation is taken before loading, so a write committed meanwhile makes the value stale.
    pub(crate) async fn cached<T>(
        &self,
        slot: impl Fn(&Cache) -> &Slot<T>,
        load: impl std::future::Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<Arc<T>, sqlx::Error> {
        let generation = self.cache.generation.load(std::sync::atomic::Ordering::Acquire);
        if let Some(value) = slot(&self.cache).get(generation) {
            return Ok(value);
        }
        let value = Arc::new(load.await?);
        slot(&self.cache).put(generation, value.clone());
        Ok(value)
    }

    /// Forget every cached value: for writes that bypass [`Db::write`] (tests, repairs).
    pub fn forget_cached(&self) {
        self.cache.generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let m = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        // Whether the ratings are still stored one row each (before 0014): the pages freed when they
        // move into shuffled boxes keep the old rows in submission order until overwritten.
        let rows_before_boxes = self.engine == Engine::Sqlite
            && sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'lecture_ratings'")
                .fetch_one(&self.pool)
                .await
                .unwrap_or(0)
                > 0;
        m.run(&self.pool).await?;
        if rows_before_boxes {
            // Rewrite the file without its free pages (PostgreSQL removes a dropped table's files).
            sqlx::query("VACUUM").execute(&self.pool).await?;
        }
        calendar::ensure_shipped(self).await?;
        if self.engine == Engine::Sqlite {
            // Give the query planner fresh statistics where tables changed a lot (SQLite has no
            // autovacuum/autoanalyze); cheap when nothing changed.
            sqlx::query("PRAGMA optimize=0x10002").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Whether every migration this version carries has been applied (readiness: an instance
    /// started while another migrates waits until this holds).
    pub async fn migrations_current(&self) -> Result<bool, sqlx::Error> {
        let m = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        let latest = m.iter().map(|m| m.version).max().unwrap_or(0);
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&self.pool).await?;
        Ok(applied.unwrap_or(0) >= latest)
    }

    /// Refresh planner statistics after a bulk load.
    /// Planner statistics after a bulk load; on PostgreSQL also a vacuum, so index-only scans
    /// need no heap visits (autovacuum would get there, minutes later).
    pub async fn analyze(&self) -> Result<(), sqlx::Error> {
        let sql = match self.engine {
            Engine::Sqlite => "ANALYZE",
            Engine::Postgres => "VACUUM (ANALYZE)",
        };
        sqlx::query(sql).execute(&self.pool).await.map(|_| ())
    }

    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, engine: self.engine, audit_key: self.audit_key, cache: self.cache.clone(), _guard: guard })
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(super::contains_pattern("张"), "%张%");
        assert_eq!(super::contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}

fn sqlite_file(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// A LIKE pattern matching `text` anywhere, with its `%`, `_` and `\` matched literally; the
/// condition must say `ESCAPE '\'` ([`LIKE_ESCAPE`]).
pub fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

pub const LIKE_ESCAPE: &str = "ESCAPE '\\'";

/// A requested page number, bounded, and the offset of its first row.
pub fn page_offset(page: i64, per_page: i64) -> (i64, i64) {
    let page = page.clamp(1, crate::model::MAX_PAGE);
    (page, (page - 1) * per_page)
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Read a column, turning a decoding problem into an internal error.
pub fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    use sqlx::Row;
    row.try_get(name)
}

/// A bind value for queries built at run time.
#[derive(Clone, Debug)]
pub enum Arg {
    S(String),
    I(i64),
    /// A NULL text.
    Null,
    /// A NULL integer (PostgreSQL checks the type).
    NullI,
}

pub fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &[Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for a in args {
        q = match a {
            Arg::S(s) => q.bind(s.clone()),
            Arg::I(i) => q.bind(*i),
            Arg::Null => q.bind(None::<String>),
            Arg::NullI => q.bind(None::<i64>),
        };
    }
    q
}
