//! The command line: demo, user management, backup and audit verification, run as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn yucai(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yucai"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("YUCAI_SECRET_KEY_FILE", std::path::Path::new(db.trim_start_matches("sqlite:")).with_extension("key"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yucai");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn demo_users_backup_and_audit_verify() {
    let dir = std::env::temp_dir().join(format!("yucai-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("y.db").display());

    let o = yucai(&db, &["demo", "--employees", "30"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("30 人"), "{}", text(&o));
    // Demo data goes only into an empty database.
    let o = yucai(&db, &["demo"], None);
    assert!(!o.status.success());

    let o = yucai(&db, &["user", "add", "wang.hr", "--name", "王人事", "--roles", "hr,employee"], Some("short\n"));
    assert!(!o.status.success(), "the password policy applies: {}", text(&o));
    // Stored as login reads it, whatever the case typed.
    let o = yucai(&db, &["user", "add", "Wang.HR", "--name", "王人事", "--roles", "hr,employee"], Some("Renshi2026\n"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("wang.hr"), "{}", text(&o));
    let o = yucai(&db, &["user", "add", "wang.hr", "--name", "又一个", "--roles", "employee"], Some("Renshi2026\n"));
    assert!(!o.status.success(), "one account per name whatever the case: {}", text(&o));
    let o = yucai(&db, &["user", "add", "张三", "--name", "张三", "--roles", "employee"], Some("Renshi2026\n"));
    assert!(!o.status.success(), "{}", text(&o));
    let o = yucai(&db, &["user", "reset-password", "wang.hr"], Some("Chongzhi2026\n"));
    assert!(o.status.success(), "{}", text(&o));
    let o = yucai(&db, &["user", "disable", "wang.hr"], None);
    assert!(o.status.success(), "{}", text(&o));

    let backup = dir.join("backup.db");
    let o = yucai(&db, &["backup", backup.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::metadata(&backup).unwrap().len() > 10_000);
    // The backup is a working database with the same audit trail (checked with the same key).
    let _ = std::fs::copy(dir.join("y.key"), dir.join("backup.key"));
    let o = yucai(&format!("sqlite:{}", backup.display()), &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));

    // The head, kept outside, checks the chain later.
    let o = yucai(&db, &["audit", "head"], None);
    assert!(o.status.success(), "{}", text(&o));
    let head = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(head.split_once(':').is_some_and(|(s, h)| s.parse::<i64>().is_ok() && h.len() == 64), "{head}");
    let o = yucai(&db, &["audit", "verify", "--head", &head], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("与锚定的链尾一致"), "{}", text(&o));
    // Another key cannot vouch for this chain.
    let o = yucai(&format!("sqlite:{}", backup.display()), &["audit", "verify"], None);
    assert!(o.status.success());
    std::fs::write(dir.join("backup.key"), "00".repeat(32)).unwrap();
    let o = yucai(&format!("sqlite:{}", backup.display()), &["audit", "verify"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let o = yucai(&db, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("审计链完整"));

    // Edit one record behind the application's back.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db).await.unwrap();
        sqlx::query("UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 2").execute(&pool).await.unwrap();
        pool.close().await;
    });
    let o = yucai(&db, &["audit", "verify"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("记录 2 的内容已被改动"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_is_in_plain_words() {
    let o = Command::new(env!("CARGO_BIN_EXE_yucai")).arg("--help").output().unwrap();
    let t = text(&o);
    for cmd in ["serve", "migrate", "user", "demo", "backup", "audit"] {
        assert!(t.contains(cmd), "{t}");
    }
}
