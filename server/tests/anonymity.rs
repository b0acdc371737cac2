//! Anonymity of course ratings and 民主推荐 ballots, tried the way a curious HR officer, a leader,
//! a lecturer and an administrator holding a copy of the database would:
//! - two looks at a session's results around one person's rating tell nothing of it;
//! - an open round shows who took part, never the votes;
//! - a total over several sessions never includes a session whose own results are hidden;
//! - the stored order of ratings and of vote counts is unrelated to the order they came in, in the
//!   SQLite file and in a `pg_dump`.

mod common;

use common::ratings::{account, close_rating, ended_session, people, rate};
use common::TestApp;
use rand::seq::SliceRandom;
use rand::Rng;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A summary without what may change while rating is open: the counts of who rated.
fn content_of(summary: &Value) -> Value {
    let mut v = summary.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("rated");
        o.remove("not_rated");
    }
    v
}

fn this_year() -> i32 {
    use chrono::Datelike;
    app::domain::time::today_china(chrono::Utc::now()).year()
}

both!(two_looks_around_one_rating_tell_nothing_of_it, |app: TestApp| async move {
    let p = people(&app, 9).await;
    let (attendees, lecturer_person) = (&p[..8], p[8]);
    let id = ended_session(&app, attendees, &[], lecturer_person).await;
    let mut raters = Vec::new();
    for (i, person) in attendees.iter().enumerate() {
        raters.push(account(&app, &format!("anon{i}"), *person).await);
    }
    let lecturer = account(&app, "anon_lecturer", lecturer_person).await;
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    // More than the threshold (5) have rated already.
    for r in &raters[..6] {
        assert_eq!(rate(&app, r, id, &["4", "4", "4", "4"], "4", "已评").await.0, StatusCode::OK);
    }
    let sid = id.to_string();
    let year = this_year().to_string();
    let viewers: [(&str, &Client); 3] = [("HR", &hr), ("leader", &leader), ("lecturer", &lecturer)];
    let mut before = Vec::new();
    for (_, c) in viewers {
        let (s, v) = app.call(c, "rating_summary", &[("session_id", &sid)]).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        before.push(v);
    }
    let (_, rank_before) = app.call(&leader, "rating_rankings", &[("from", ""), ("to", "")]).await;
    let (_, summary_before) = app.call(&hr, "training_summary", &[("year", &year)]).await;
    let (_, depts_before) = app.call(&hr, "dept_ranking", &[("from", ""), ("to", "")]).await;

    // One person rates, with a score and a comment nobody else gave.
    assert_eq!(rate(&app, &raters[6], id, &["1", "1", "1", "1"], "1", "前后对比标记").await.0, StatusCode::OK);

    for ((who, c), b) in viewers.iter().zip(&before) {
        let (_, after) = app.call(c, "rating_summary", &[("session_id", &sid)]).await;
        assert_eq!(after["rating_open"], true, "{after}");
        assert!(
            after["aggregate"].is_null() && after["comments"].as_array().is_some_and(|c| c.is_empty()),
            "{who} sees content while rating is open: {after}"
        );
        assert_eq!(content_of(b), content_of(&after), "{who}: the answer changed beyond the count of raters");
        assert_eq!(after["rated"].as_i64(), Some(b["rated"].as_i64().unwrap_or(0) + 1), "{who}");
        assert!(!after.to_string().contains("前后对比标记"), "{who}: {after}");
    }
    let (_, rank_after) = app.call(&leader, "rating_rankings", &[("from", ""), ("to", "")]).await;
    assert_eq!(rank_before, rank_after, "rankings moved with one rating while rating is open");
    let (_, summary_after) = app.call(&hr, "training_summary", &[("year", &year)]).await;
    assert_eq!(summary_before, summary_after, "the annual summary moved with one rating");
    let (_, depts_after) = app.call(&hr, "dept_ranking", &[("from", ""), ("to", "")]).await;
    assert_eq!(depts_before, depts_after, "the 部室 ranking moved with one rating");

    // A longer window set later does not reopen a session once rated; a shorter one closes it.
    let save = |days: u32| json!({ "rules": { "window_days": days, "min_count": 5, "indicators": ["内容充实", "讲授效果", "联系实际", "组织安排"] } });
    assert_eq!(app.call_json(&hr, "rating_rules_save", save(1)).await.0, StatusCode::OK);
    app.exec(&format!("UPDATE lecture_sessions SET ends_at = {} WHERE id = {id}", chrono::Utc::now().timestamp_millis() - 2 * 86_400_000))
        .await;
    assert_eq!(app.call_json(&hr, "rating_rules_save", save(1)).await.0, StatusCode::OK);
    let (_, closed) = app.call(&hr, "rating_summary", &[("session_id", &sid)]).await;
    assert_eq!((closed["rating_open"].as_bool(), closed["aggregate"]["count"].as_i64()), (Some(false), Some(7)), "{closed}");
    assert_eq!(app.call_json(&hr, "rating_rules_save", save(30)).await.0, StatusCode::OK);
    let (s, v) = rate(&app, &raters[7], id, &["5", "5", "5", "5"], "5", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a longer window reopened a session whose results were shown: {v}");
    let (_, still) = app.call(&hr, "rating_summary", &[("session_id", &sid)]).await;
    assert_eq!((still["rating_open"].as_bool(), still["aggregate"]["count"].as_i64()), (Some(false), Some(7)), "{still}");
});

both!(an_open_round_shows_who_took_part_never_the_votes, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let p = people(&app, 6).await;
    let mut voters = Vec::new();
    for (i, person) in p[..3].iter().enumerate() {
        voters.push(account(&app, &format!("voter{i}"), *person).await);
    }
    let candidates = &p[3..6];
    let closes = (chrono::Utc::now() + chrono::Duration::hours(10)).format("%Y-%m-%d %H:%M").to_string();
    let (s, v) = app
        .call_json(
            &hr,
            "reserve_round_save",
            json!({ "input": { "title": "匿名性测试", "target": "副科级", "seats": 1, "mode": "online", "min_num": 2, "min_den": 3,
                "closes_at": closes, "voter_units": [], "voter_people": &p[..3], "candidates": candidates } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let round = v.as_i64().unwrap();
    let cast = |c: &Client, choice: i64| {
        c.post(format!("{}/api/ballot_cast", app.base)).form(&[("round_id", round.to_string()), ("choices[]", choice.to_string())]).send()
    };
    let rid = round.to_string();
    for (k, voter) in voters.iter().enumerate() {
        assert_eq!(cast(voter, candidates[k % 2]).await.unwrap().status(), StatusCode::OK);
        let (s, d) = app.call(&hr, "reserve_round", &[("id", &rid)]).await;
        assert_eq!(s, StatusCode::OK, "{d}");
        // Participation is live (the two-thirds rule); no count of any candidate is.
        assert_eq!(d["row"]["took_part"].as_i64(), Some(k as i64 + 1), "{d}");
        for c in d["candidates"].as_array().unwrap() {
            assert!(c["votes"].is_null() && c["share"] == "", "a count while the round is open: {d}");
        }
        assert!(!d.to_string().contains("票（"), "{d}");
        let (_, list) = app.call(&hr, "reserve_rounds", &[]).await;
        assert!(!list.to_string().contains("\"votes\""), "{list}");
    }
    assert_eq!(app.call(&hr, "reserve_round_close", &[("id", &rid)]).await.0, StatusCode::OK);
    let (_, d) = app.call(&hr, "reserve_round", &[("id", &rid)]).await;
    let votes: Vec<i64> = d["candidates"].as_array().unwrap().iter().map(|c| c["votes"].as_i64().unwrap_or(-1)).collect();
    assert_eq!(votes.iter().sum::<i64>(), 3, "once closed the counts appear: {d}");
});

both!(totals_are_built_from_published_sessions_only, |app: TestApp| async move {
    let p = people(&app, 11).await;
    let (attendees, lecturer_person) = (&p[..10], p[10]);
    let mut raters = Vec::new();
    for (i, person) in attendees.iter().enumerate() {
        raters.push(account(&app, &format!("tot{i}"), *person).await);
    }
    // A series of its own, taught by one lecturer: A published (5 ratings, closed), B hidden by the
    // threshold (3 ratings, closed), C hidden because rating is open (6 ratings).
    let series: i64 = sqlx::query_scalar(
        "INSERT INTO lecture_series (name, kind, category_id, room_id, start_time, duration_min, recurrence, audience, open_enrolment, capacity, feed_token, created_at, updated_at) \
         SELECT '匿名汇总测试系列', kind, category_id, room_id, start_time, duration_min, recurrence, audience, open_enrolment, capacity, 'anon-feed', created_at, updated_at \
         FROM lecture_series ORDER BY id LIMIT 1 RETURNING id",
    )
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    let mut sessions = Vec::new();
    for (n, close) in [(5usize, true), (3, true), (6, false)] {
        let id = ended_session(&app, attendees, &[], lecturer_person).await;
        app.exec(&format!("UPDATE lecture_sessions SET series_id = {series} WHERE id = {id}")).await;
        for (k, r) in raters[..n].iter().enumerate() {
            let o = ["5", "4", "2", "1", "3", "5"][k];
            assert_eq!(rate(&app, r, id, &[o, o, o, o], o, "").await.0, StatusCode::OK);
        }
        if close {
            close_rating(&app, id).await;
        }
        sessions.push(id);
    }
    let leader = app.login("leader").await;
    // Closing moved A and B eight days back: rank over the last 400 days (across a New Year too).
    let today = app::domain::time::today_china(chrono::Utc::now());
    let from = (today - chrono::Duration::days(400)).to_string();
    let (s, r) = app.call(&leader, "rating_rankings", &[("from", &from), ("to", &today.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let line = |list: &str, key: &str| r[list].as_array().unwrap().iter().find(|x| x["key"] == key).cloned().unwrap_or(Value::Null);
    let s_line = line("series", &series.to_string());
    // 5 ratings: 5, 4, 2, 1, 3 → 15 / 5 = 3.0. With B the line would be 26 / 8, with C 43 / 14.
    assert_eq!((s_line["count"].as_i64(), s_line["mean"].as_f64()), (Some(5), Some(3.0)), "series line: {s_line}; {r}");
    let l_line = line("lecturers", &format!("p{lecturer_person}"));
    assert_eq!((l_line["count"].as_i64(), l_line["mean"].as_f64()), (Some(5), Some(3.0)), "lecturer line: {l_line}; {r}");
    let listed: Vec<String> = r["sessions"].as_array().unwrap().iter().map(|x| x["key"].as_str().unwrap_or("").to_string()).collect();
    assert!(
        listed.contains(&sessions[0].to_string())
            && !listed.contains(&sessions[1].to_string())
            && !listed.contains(&sessions[2].to_string()),
        "{r}"
    );
    assert!(r["hidden"].as_i64().unwrap_or(0) >= 2, "{r}");
    // Means come rounded, beside their counts.
    for list in ["sessions", "series", "lecturers"] {
        for x in r[list].as_array().unwrap() {
            let m = x["mean"].as_f64().unwrap();
            assert_eq!((m * 10.0).round() / 10.0, m, "an unrounded mean in {list}: {x}");
        }
    }
});

/// Spearman's rank correlation of two orders of the same items (`a[i]`, `b[i]`: positions of item i).
fn spearman(a: &[usize], b: &[usize]) -> f64 {
    fn ranks(v: &[usize]) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by_key(|i| v[*i]);
        let mut r = vec![0.0; v.len()];
        for (rank, i) in idx.into_iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let d2: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - y) * (x - y)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

/// Every way a person holding a copy of the database could list what it stores: each table's rows
/// in each order the storage or a column gives (SQLite's rowid, PostgreSQL's physical `ctid`, then
/// every column in turn), one reading per table and order; then the copy itself, read front to
/// back: the SQLite file (its write-ahead log checkpointed into it first) or a plain `pg_dump`.
async fn database_readings(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let pool = &app.db().pool;
    let sqlite = app.db().engine == app::store::Engine::Sqlite;
    let tables: Vec<String> = if sqlite {
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .fetch_all(pool)
            .await
            .unwrap()
    } else {
        sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
        )
        .fetch_all(pool)
        .await
        .unwrap()
    };
    let mut readings = Vec::new();
    for t in tables {
        let cols: Vec<String> = if sqlite {
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{t}') ORDER BY cid")).fetch_all(pool).await.unwrap()
        } else {
            sqlx::query_scalar(&format!(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{t}' ORDER BY ordinal_position"
            ))
            .fetch_all(pool)
            .await
            .unwrap()
        };
        let select = if sqlite {
            format!("SELECT {} FROM \"{t}\"", cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || "))
        } else {
            format!("SELECT r::text FROM \"{t}\" r")
        };
        let physical = if sqlite { "rowid" } else { "ctid" };
        for order in std::iter::once(physical.to_string()).chain(cols.iter().map(|c| format!("\"{c}\""))) {
            // A table clustered on its key has no rowid: its key order is among the columns.
            let Ok(listed) = sqlx::query_scalar::<_, String>(&format!("{select} ORDER BY {order}")).fetch_all(pool).await else {
                continue;
            };
            let mut bytes = Vec::new();
            for r in listed {
                bytes.extend_from_slice(r.as_bytes());
                bytes.push(b'\n');
            }
            readings.push((format!("{t} by {order}"), bytes));
        }
    }
    if sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.expect("checkpoint");
        let file = app.url.trim_start_matches("sqlite:").split('?').next().unwrap_or_default().to_string();
        readings.push(("the database file".into(), std::fs::read(&file).expect("read the database file")));
    } else {
        let (url, password) = yucai::split_password(&app.url);
        let mut cmd = std::process::Command::new("pg_dump");
        cmd.args(["--data-only", "--format=plain", &url]);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        let out = cmd.output().expect("run pg_dump (installed with PostgreSQL)");
        assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
        readings.push(("pg_dump".into(), out.stdout));
    }
    readings
}

/// Every place `needle` occurs in `haystack`.
fn positions(haystack: &[u8], needle: &str) -> Vec<usize> {
    let n = needle.as_bytes();
    haystack.windows(n.len()).enumerate().filter(|(_, w)| *w == n).map(|(i, _)| i).collect()
}

both!(a_copy_of_the_database_cannot_pair_raters_with_ratings_or_voters_with_votes, |app: TestApp| async move {
    const RATERS: usize = 50;
    const RUNS: usize = 3;
    let p = people(&app, RATERS).await;
    let attendees = &p[..];
    let lecturer: i64 =
        sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'leader'").fetch_one(&app.db().pool).await.unwrap();
    let mut raters = Vec::new();
    for (i, person) in attendees.iter().enumerate() {
        raters.push(account(&app, &format!("dump{i}"), *person).await);
    }
    let mut rng = rand::thread_rng();

    // Ratings: in each run the same 50 people rate one session in an order known to the attacker,
    // each with a comment only they wrote.
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let id = ended_session(&app, attendees, &[], lecturer).await;
        let mut order: Vec<usize> = (0..RATERS).collect();
        order.shuffle(&mut rng);
        // Comments that sort in no relation to the order they are given in (so that ordering a
        // table by its comment column shows the storage, not the marker).
        let marks: Vec<String> = (0..RATERS).map(|_| format!("mk{:08x}z", rng.gen::<u32>())).collect();
        for (k, who) in order.iter().enumerate() {
            let (s, v) = rate(&app, &raters[*who], id, &["4", "4", "4", "4"], "4", &marks[k]).await;
            assert_eq!(s, StatusCode::OK, "{v}");
        }
        runs.push((id, marks));
    }
    let mut rhos: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    // Where each submission's content sits in each reading, by the order it was submitted in:
    // its first and its last occurrence (should an earlier version of a row linger in the file),
    // in every reading that holds the run's comments at all. Some reading must hold them.
    let mut found = 0;
    for (reading, copy) in database_readings(&app).await {
        for (run, marks) in runs.iter().map(|(_, m)| m).enumerate() {
            let at: Vec<Vec<usize>> = marks.iter().map(|m| positions(&copy, m)).collect();
            if at.iter().all(Vec::is_empty) {
                continue;
            }
            assert!(at.iter().all(|a| !a.is_empty()), "{reading}: only some comments of run {run}");
            found += 1;
            let submitted: Vec<usize> = (0..RATERS).collect();
            for pick in [0, 1] {
                let chosen: Vec<usize> = at.iter().map(|a| if pick == 0 { a[0] } else { a[a.len() - 1] }).collect();
                rhos.entry(reading.clone()).or_default().push(spearman(&submitted, &chosen));
            }
        }
    }
    assert!(found >= RUNS * 2, "the comments were found in {found} readings only");
    for (reading, rs) in &rhos {
        let mean = rs.iter().sum::<f64>() / rs.len() as f64;
        // Under no relation, each ρ over 50 items has a standard deviation of about 0.14: 0.6 is
        // more than four of them, the mean of three runs 0.35 also. Submission order gives ±1.
        assert!(rs.iter().all(|r| r.abs() < 0.6) && mean.abs() < 0.35, "{reading}: stored order follows submission order: ρ = {rs:?}");
    }

    // The marks (who rated) keep no order of arrival either on SQLite, where the table is clustered
    // on (session, person). (PostgreSQL appends them in arrival order; they hold no content.)
    if app.db().engine == app::store::Engine::Sqlite {
        let stored: Vec<i64> = sqlx::query_scalar(&format!("SELECT person_id FROM lecture_rating_marks WHERE session_id = {}", runs[0].0))
            .fetch_all(&app.db().pool)
            .await
            .unwrap();
        let mut sorted = stored.clone();
        sorted.sort_unstable();
        assert_eq!(stored, sorted, "marks in key order");
    }

    // Ballots: 30 voters in a known order, each naming a different candidate.
    let hr = app.login("hr").await;
    let voters_people = &attendees[..30];
    let candidates: Vec<i64> = p[RATERS - 30..].to_vec();
    let closes = (chrono::Utc::now() + chrono::Duration::hours(10)).format("%Y-%m-%d %H:%M").to_string();
    let (s, v) = app
        .call_json(
            &hr,
            "reserve_round_save",
            json!({ "input": { "title": "存储顺序测试", "target": "副科级", "seats": 1, "mode": "online", "min_num": 2, "min_den": 3,
                "closes_at": closes, "voter_units": [], "voter_people": voters_people, "candidates": candidates } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let round = v.as_i64().unwrap();
    let mut vote_order: Vec<usize> = (0..30).collect();
    vote_order.shuffle(&mut rng);
    // The k-th ballot (from voter k) names candidate vote_order[k].
    for (k, c) in vote_order.iter().enumerate() {
        let res = raters[k]
            .post(format!("{}/api/ballot_cast", app.base))
            .form(&[("round_id", round.to_string()), ("choices[]", candidates[*c].to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let stored_sql = match app.db().engine {
        app::store::Engine::Sqlite => format!("SELECT person_id FROM reserve_round_candidates WHERE round_id = {round}"),
        app::store::Engine::Postgres => format!("SELECT person_id FROM reserve_round_candidates WHERE round_id = {round} ORDER BY ctid"),
    };
    let stored: Vec<i64> = sqlx::query_scalar(&stored_sql).fetch_all(&app.db().pool).await.unwrap();
    assert_eq!(stored.len(), 30);
    // For each candidate: when the ballot naming them came, and where their count is stored.
    let came: Vec<usize> = (0..30).map(|c| vote_order.iter().position(|x| *x == c).unwrap()).collect();
    let at: Vec<usize> = (0..30).map(|c| stored.iter().position(|x| *x == candidates[c]).unwrap()).collect();
    let rho = spearman(&came, &at);
    assert!(rho.abs() < 0.7, "vote counts stored in the order the ballots came: ρ = {rho}");
    if app.db().engine == app::store::Engine::Postgres {
        // Every ballot rewrites every count: no candidate's row carries the transaction of the
        // ballot that named them (the voter's row does carry it).
        let xmins: Vec<String> =
            sqlx::query_scalar(&format!("SELECT DISTINCT xmin::text FROM reserve_round_candidates WHERE round_id = {round}"))
                .fetch_all(&app.db().pool)
                .await
                .unwrap();
        assert_eq!(xmins.len(), 1, "{xmins:?}");
    }
});
