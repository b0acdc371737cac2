//! Course ratings in tests: raters with accounts, a session that has ended with its attendance,
//! a rating sent as the form sends it, and the end of rating brought forward.

use super::TestApp;
use app::authz::{Role, RoleGrant};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

pub fn employee_grant() -> RoleGrant {
    RoleGrant { role: Role::Employee, unit_id: None, unit_name: None }
}

/// Active people with no account yet: they become raters.
pub async fn people(app: &TestApp, n: usize) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM people WHERE status = '在职' AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY id",
    )
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    assert!(ids.len() >= n);
    ids.into_iter().take(n).collect()
}

/// An employee account for a person, logged in.
pub async fn account(app: &TestApp, username: &str, person: i64) -> Client {
    let hash = app.state.hasher.hash(super::PASSWORD).await.expect("hash");
    let mut w = app.db().write().await.expect("tx");
    app::store::users::create(
        &mut w,
        app::store::users::NewUser {
            username,
            display_name: username,
            password_hash: &hash,
            person_id: Some(person),
            must_change_password: false,
        },
        &[employee_grant()],
    )
    .await
    .expect("create user");
    w.commit().await.expect("commit");
    app.login(username).await
}

/// A session that ended an hour ago, attended by `present` (出勤) and missed by `absent` (缺勤),
/// taught by `lecturer`.
pub async fn ended_session(app: &TestApp, present: &[i64], absent: &[i64], lecturer: i64) -> i64 {
    let hr = app.login("hr").await;
    let cat: i64 = sqlx::query_scalar("SELECT id FROM lecture_categories ORDER BY id").fetch_one(&app.db().pool).await.unwrap();
    let date = (app::domain::time::today_china(chrono::Utc::now()) + chrono::Duration::days(250)).to_string();
    let everyone: Vec<i64> = present.iter().chain(absent).copied().collect();
    let (s, v) = app
        .call_json(
            &hr,
            "lecture_session_save",
            json!({ "input": {
                "id": null, "title": "评价测试课", "kind": "专题培训", "category_id": cat, "room_id": null, "date": date,
                "start": "09:00", "end": "11:00", "hours": "", "lecturers": [], "materials_md": "", "summary_md": "",
                "capacity": null, "enrol_deadline": "", "open_enrolment": false,
                "audience": { "everyone": false, "unit_ids": [], "levels": [], "person_ids": everyone }
            }}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v.as_i64().unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    app.exec(&format!("UPDATE lecture_sessions SET starts_at = {}, ends_at = {} WHERE id = {id}", now - 3 * 3_600_000, now - 3_600_000))
        .await;
    app.exec(&format!("INSERT INTO lecture_lecturers (session_id, person_id, external_name, external_org, external_title, sort_order) VALUES ({id}, {lecturer}, '', '', '', 0)")).await;
    for (list, status) in [(present, "present"), (absent, "absent")] {
        for p in list {
            app.exec(&format!("INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) VALUES ({id}, {p}, '{status}', {now}, 'manual', 'hr')")).await;
        }
    }
    id
}

pub async fn rate(app: &TestApp, c: &Client, session: i64, scores: &[&str], overall: &str, comment: &str) -> (StatusCode, Value) {
    let sid = session.to_string();
    let keys: Vec<String> = (0..scores.len()).map(|i| format!("scores[{i}]")).collect();
    let mut form: Vec<(&str, &str)> = vec![("session_id", &sid)];
    for (k, v) in keys.iter().zip(scores) {
        form.push((k, v));
    }
    form.push(("overall", overall));
    form.push(("comment", comment));
    app.call(c, "rating_submit", &form).await
}

/// Rating of the session closes now, as if its window had passed: the session ended 8 days ago and
/// its box (if rated) closed a second ago.
pub async fn close_rating(app: &TestApp, session: i64) {
    let now = chrono::Utc::now().timestamp_millis();
    let day = 86_400_000;
    app.exec(&format!(
        "UPDATE lecture_sessions SET starts_at = {}, ends_at = {} WHERE id = {session}",
        now - 8 * day - 7_200_000,
        now - 8 * day
    ))
    .await;
    app.exec(&format!("UPDATE lecture_rating_boxes SET closes_at = {} WHERE session_id = {session}", now - 1000)).await;
}
