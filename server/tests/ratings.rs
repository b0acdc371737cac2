//! Course ratings: only attendees rate, once, within the window; results appear from the fifth
//! rating, for HR, leaders and the session's lecturer, never to other employees; nobody, the
//! administrator included, can learn who gave which rating; two submissions at once count once.

mod common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

use common::ratings::{account, close_rating, ended_session, people, rate};

fn refusal(v: &Value) -> String {
    v.to_string()
}

both!(ratings_are_anonymous_and_shown_from_the_fifth, |app: TestApp| async move {
    let p = people(&app, 8).await;
    let (attendees, absent, lecturer_person) = (&p[..6], p[6], p[7]);
    let id = ended_session(&app, attendees, &[absent], lecturer_person).await;
    let mut raters = Vec::new();
    for (i, person) in attendees.iter().enumerate() {
        raters.push(account(&app, &format!("rater{i}"), *person).await);
    }
    let missed = account(&app, "missed", absent).await;
    let lecturer = account(&app, "lecturer", lecturer_person).await;
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let admin = app.login("admin").await;

    // The form: open for an attendee, closed for someone marked absent.
    let (s, f) = app.call(&raters[0], "rating_form", &[("session_id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!((f["open"].as_bool(), f["indicators"].as_array().map(|a| a.len())), (Some(true), Some(4)), "{f}");
    let (_, f) = app.call(&missed, "rating_form", &[("session_id", &id.to_string())]).await;
    assert_eq!(f["open"], false);
    let (s, v) = rate(&app, &missed, id, &["5", "5", "5", "5"], "5", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(refusal(&v).contains("签到出勤"), "{v}");

    // Bad input: a score out of range, a missing indicator, an overall of 0; nothing is kept.
    for (scores, overall) in [(vec!["9", "5", "5", "5"], "5"), (vec!["5", "5", "5"], "5"), (vec!["5", "5", "5", "5"], "0")] {
        let (s, v) = rate(&app, &raters[0], id, &scores, overall, "").await;
        assert!(s == StatusCode::UNPROCESSABLE_ENTITY || s == StatusCode::BAD_REQUEST, "{s} {v}");
    }
    let (s, v) = rate(&app, &raters[0], id, &["5", "5", "5", "5"], "5", &"长".repeat(501)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let kept: i64 =
        sqlx::query_scalar(&format!("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM lecture_rating_boxes WHERE session_id = {id}"))
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
    assert_eq!(kept, 0);

    // Four ratings: the lecturer sees the count, not the results.
    let given = [("5", "5", "很实用"), ("4", "4", "希望多讲案例"), ("3", "4", ""), ("5", "5", "时间可以再长一些"), ("4", "3", "很好")];
    for (i, (score, overall, comment)) in given.iter().take(4).enumerate() {
        let (s, v) = rate(&app, &raters[i], id, &[score, score, score, score], overall, comment).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let (s, v) = rate(&app, &raters[0], id, &["1", "1", "1", "1"], "1", "again").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a second rating: {v}");
    assert!(refusal(&v).contains("已评价"), "{v}");
    let (s, sum) = app.call(&lecturer, "rating_summary", &[("session_id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{sum}");
    assert_eq!((sum["rated"].as_i64(), sum["attended"].as_i64()), (Some(4), Some(6)));
    assert!(sum["aggregate"].is_null() && sum["comments"].as_array().unwrap().is_empty(), "{sum}");

    // The fifth: still nothing but the count while rating is open.
    let (s, v) = rate(&app, &raters[4], id, &["4", "4", "4", "4"], "3", "很好").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, sum) = app.call(&lecturer, "rating_summary", &[("session_id", &id.to_string())]).await;
    assert_eq!((sum["rated"].as_i64(), sum["rating_open"].as_bool()), (Some(5), Some(true)), "{sum}");
    assert!(sum["aggregate"].is_null() && sum["comments"].as_array().unwrap().is_empty(), "{sum}");

    // HR sees who has not rated (names only) and reminds them while rating is open.
    let (_, sum) = app.call(&hr, "rating_summary", &[("session_id", &id.to_string())]).await;
    let missing: Vec<i64> = sum["not_rated"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(missing, vec![attendees[5]]);
    let (s, n) = app.call(&hr, "rating_remind", &[("session_id", &id.to_string())]).await;
    assert_eq!((s, n.as_i64()), (StatusCode::OK, Some(1)), "{n}");
    let notices: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM notices WHERE person_id = {} AND link LIKE '%/rate'", attendees[5]))
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
    assert_eq!(notices, 1);
    assert_eq!(app.call(&leader, "rating_remind", &[("session_id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);

    // Rating closes: means and comments appear, for the lecturer and leaders.
    close_rating(&app, id).await;
    let (s, v) = rate(&app, &raters[5], id, &["5", "5", "5", "5"], "5", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(refusal(&v).contains("截止"), "{v}");
    assert_eq!(app.call(&hr, "rating_remind", &[("session_id", &id.to_string())]).await.0, StatusCode::BAD_REQUEST);
    let (_, sum) = app.call(&lecturer, "rating_summary", &[("session_id", &id.to_string())]).await;
    assert_eq!(sum["aggregate"]["count"], 5, "{sum}");
    assert_eq!(sum["aggregate"]["overall_mean"].as_f64(), Some(4.2), "{sum}");
    assert_eq!(sum["aggregate"]["indicators"][0]["mean"].as_f64(), Some(4.2), "{sum}");
    let mut comments: Vec<String> = sum["comments"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    let written: Vec<String> = given.iter().map(|g| g.2.to_string()).filter(|c| !c.is_empty()).collect();
    assert_ne!(comments, written, "not in the order they were written");
    comments.sort();
    let mut expected = written.clone();
    expected.sort();
    assert_eq!(comments, expected);
    assert!(sum["not_rated"].as_array().unwrap().is_empty(), "a lecturer is not told who has not rated");
    assert_eq!(app.call(&leader, "rating_summary", &[("session_id", &id.to_string())]).await.0, StatusCode::OK);

    // Other employees, and the administrator, see nothing of it.
    assert_eq!(app.call(&raters[5], "rating_summary", &[("session_id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&admin, "rating_summary", &[("session_id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&raters[0], "rating_rankings", &[("from", ""), ("to", "")]).await.0, StatusCode::FORBIDDEN);

    // Nothing links a rating to its author: the ratings are held per session with no person and no
    // time, the marks hold no score; the audit log holds no rating; no answer carries a rater's id
    // next to a score. (The stored order is `anonymity.rs`'s.)
    let columns: Vec<String> = if app.url.starts_with("postgres") {
        sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'lecture_rating_boxes' ORDER BY column_name",
        )
        .fetch_all(&app.db().pool)
        .await
        .unwrap()
    } else {
        sqlx::query_scalar("SELECT name FROM pragma_table_info('lecture_rating_boxes') ORDER BY name")
            .fetch_all(&app.db().pool)
            .await
            .unwrap()
    };
    assert_eq!(columns, vec!["closes_at", "items", "n", "overall_sum", "session_id"]);
    let audit: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_log").fetch_all(&app.db().pool).await.unwrap();
    assert!(audit.iter().all(|a| !a.contains("希望多讲案例") && !a.contains("\"overall\"")), "a rating in the audit log");
    let (s, log) = app
        .call_json(
            &admin,
            "admin_audit_log",
            json!({ "filter": { "entity": "", "actor": "", "action": "", "from": "", "to": "", "page": 1 } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{log}");
    assert!(log["items"].as_array().is_some_and(|a| !a.is_empty()), "{log}");
    assert!(!log.to_string().contains("希望多讲案例"));
    for c in [&hr, &leader, &lecturer] {
        let (_, sum) = app.call(c, "rating_summary", &[("session_id", &id.to_string())]).await;
        let text = sum.to_string();
        for person in &attendees[..5] {
            assert!(!text.contains(&format!("\"id\":{person}")), "a rater's id in {text}");
        }
    }

    // Rankings (leaders and HR): the session with its mean; the method is the caller's to show.
    let (s, r) = app.call(&leader, "rating_rankings", &[("from", ""), ("to", "")]).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let row = r["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"].as_str() == Some(id.to_string().as_str()))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!((row["count"].as_i64(), row["mean"].as_f64()), (Some(5), Some(4.2)), "{r}");
    let (s, v) = app.call(&leader, "rating_rankings", &[("from", "2026-12-31"), ("to", "2026-01-01")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
});

both!(two_submissions_at_once_count_once, |app: TestApp| async move {
    let p = people(&app, 2).await;
    let id = ended_session(&app, &p[..1], &[], p[1]).await;
    let me = account(&app, "twice", p[0]).await;
    let (a, b) = tokio::join!(rate(&app, &me, id, &["5", "5", "5", "5"], "5", "一"), rate(&app, &me, id, &["1", "1", "1", "1"], "1", "二"));
    let ok = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{a:?} {b:?}");
    let kept: i64 =
        sqlx::query_scalar(&format!("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM lecture_rating_boxes WHERE session_id = {id}"))
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
    let marks: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM lecture_rating_marks WHERE session_id = {id}"))
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!((kept, marks), (1, 1));
});

both!(hr_sets_the_rules_and_a_series_asks_its_own_indicators, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (s, v) = app.call_json(&hr, "rating_rules_save", json!({ "rules": { "window_days": 0, "min_count": 1, "indicators": [] } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let text = v.to_string();
    assert!(text.contains("window_days") && text.contains("min_count") && text.contains("indicators"), "{text}");
    let (s, v) = app
        .call_json(&hr, "rating_rules_save", json!({ "rules": { "window_days": 3, "min_count": 3, "indicators": ["内容", "效果"] } }))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, set) = app.call(&hr, "rating_settings", &[]).await;
    assert_eq!(set["rules"]["min_count"], 3);
    let series = set["series"][0]["id"].as_i64().unwrap();
    let (s, v) =
        app.call(&hr, "rating_series_save", &[("series_id", &series.to_string()), ("indicators", "案例丰富，互动充分、实用")]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, set) = app.call(&hr, "rating_settings", &[]).await;
    let own = set["series"].as_array().unwrap().iter().find(|x| x["id"] == series).unwrap()["indicators"].clone();
    assert_eq!(own, json!(["案例丰富", "互动充分", "实用"]));
    let (s, _) = app.call(&hr, "rating_series_save", &[("series_id", &series.to_string()), ("indicators", "重复, 重复")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.call(&hr, "rating_series_save", &[("series_id", "99999999"), ("indicators", "a")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let employee = app.login("employee").await;
    assert_eq!(app.call(&employee, "rating_settings", &[]).await.0, StatusCode::FORBIDDEN);
});
