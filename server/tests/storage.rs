//! The SQLite connection pool never hands out a connection still inside a transaction: after a
//! write fails in a way its rollback cannot undo (a full disk: see the disk-full drill in
//! bench/drills.py), later writes on that connection would nest inside the dead transaction, be
//! acknowledged and never committed, while it holds the write lock against everyone else.

use app::error::AppError;
use app::store::Db;
use sqlx::{Acquire, Executor};

async fn fresh(name: &str) -> (Db, String) {
    let dir = std::env::temp_dir().join("yucai-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite:{}", path.display());
    // One connection: a wedged one would be handed out again.
    let db = Db::connect(&url, 1).await.unwrap();
    db.pool.execute("CREATE TABLE t (v TEXT NOT NULL)").await.unwrap();
    (db, url)
}

async fn rows(url: &str) -> Vec<String> {
    let other = Db::connect(url, 1).await.unwrap();
    let v = sqlx::query_scalar::<_, String>("SELECT v FROM t ORDER BY v").fetch_all(&other.pool).await.unwrap();
    other.pool.close().await;
    v
}

#[tokio::test]
async fn a_connection_left_inside_a_transaction_never_serves_again() {
    let (db, url) = fresh("wedge").await;
    {
        // A transaction whose end never reached the database (as when its ROLLBACK failed), after
        // it wrote: it holds the write lock.
        let mut conn = db.pool.acquire().await.unwrap();
        let mut tx = conn.begin().await.unwrap();
        tx.execute("INSERT INTO t (v) VALUES ('lost')").await.unwrap();
        std::mem::forget(tx);
    }
    // The next write commits, and another connection sees it at once (no 10 s lock wait).
    let started = std::time::Instant::now();
    let mut w = db.write().await.unwrap();
    sqlx::query("INSERT INTO t (v) VALUES ('kept')").execute(&mut *w.tx).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(rows(&url).await, vec!["kept".to_string()]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_database_that_cannot_write_answers_503_with_a_plain_message() {
    let (db, _url) = fresh("full").await;
    // SQLite's own "database or disk is full", from a page limit on this connection.
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(&db.pool).await.unwrap();
    db.pool.execute(format!("PRAGMA max_page_count = {}", pages + 1).as_str()).await.unwrap();
    let mut w = db.write().await.unwrap();
    let e = sqlx::query("INSERT INTO t (v) SELECT printf('%.*c', 100000, 'x')").execute(&mut *w.tx).await.unwrap_err();
    drop(w);
    let e = AppError::from(e);
    assert_eq!(e.status(), http::StatusCode::SERVICE_UNAVAILABLE, "{e:?}");
    assert!(e.to_string().contains("存储空间已满"), "{e}");
    assert!(!e.to_string().contains("SQLITE") && !e.to_string().contains("code"), "{e}");
    // Nothing is wedged: the next write lands.
    db.pool.execute("PRAGMA max_page_count = 1073741823").await.unwrap();
    let mut w = db.write().await.unwrap();
    sqlx::query("INSERT INTO t (v) VALUES ('after')").execute(&mut *w.tx).await.unwrap();
    w.commit().await.unwrap();
}
