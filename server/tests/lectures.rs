//! Lectures: series and sessions, conflicts, enrolment and the waiting list, leave, check-in by
//! QR code, attendance and 学时, who may see what, calendar feeds; on both engines.

mod common;

use common::{unit_named, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn person_of(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT person_id FROM users WHERE username = $1").bind(username).fetch_one(&app.db().pool).await.unwrap()
}

async fn room(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM lecture_rooms WHERE name = $1").bind(name).fetch_one(&app.db().pool).await.unwrap()
}

async fn category(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM lecture_categories WHERE name = $1").bind(name).fetch_one(&app.db().pool).await.unwrap()
}

#[allow(clippy::too_many_arguments)]
fn session_input(title: &str, date: &str, start: &str, end: &str, room: Option<i64>, category: i64, audience: Value, open: bool) -> Value {
    json!({ "input": {
        "id": null, "title": title, "kind": "专题培训", "category_id": category, "room_id": room, "date": date, "start": start, "end": end,
        "hours": "", "lecturers": [], "materials_md": "", "summary_md": "", "capacity": null, "enrol_deadline": "",
        "open_enrolment": open, "audience": audience
    }})
}

fn nobody() -> Value {
    json!({ "everyone": false, "unit_ids": [], "levels": [], "person_ids": [] })
}

fn named(ids: &[i64]) -> Value {
    json!({ "everyone": false, "unit_ids": [], "levels": [], "person_ids": ids })
}

/// A date far enough ahead that nothing of the demo's is there (the demo ends three months on).
fn far_date(days: i64) -> String {
    (app::domain::time::today_china(chrono::Utc::now()) + chrono::Duration::days(200 + days)).to_string()
}

async fn create_session(app: &TestApp, hr: &Client, input: Value) -> i64 {
    let (s, id) = app.call_json(hr, "lecture_session_save", input).await;
    assert_eq!(s, StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

/// Move a session so that it runs now (check-in open), or ended an hour ago.
async fn shift(app: &TestApp, id: i64, running: bool) {
    let now = chrono::Utc::now().timestamp_millis();
    let (s, e) = if running { (now - 5 * 60_000, now + 60 * 60_000) } else { (now - 3 * 3_600_000, now - 3_600_000) };
    sqlx::query("UPDATE lecture_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(s)
        .bind(e)
        .bind(id)
        .execute(&app.db().pool)
        .await
        .unwrap();
}

fn code_in(url: &str) -> String {
    url.split("c=").nth(1).unwrap().to_string()
}

both!(a_series_makes_its_sessions_once_and_skips_holidays, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "公文写作").await;
    let big = room(&app, "小会议室").await;
    // Weekly on Friday through the 2026 National Day holiday: 2 Oct is skipped, 9 Oct held.
    let series = |id: Option<i64>, apply: bool| {
        json!({ "input": {
            "id": id, "name": "测试小课堂", "kind": "小课堂", "category_id": cat, "room_id": big, "start_time": "08:00", "duration_min": 90,
            "recurrence": { "start": "2026-09-21", "pattern": "weekly", "weekdays": [5], "every": "1", "end": "until", "until": "2026-10-16" },
            "audience": { "everyone": false, "unit_ids": [], "levels": [], "person_ids": [] }, "open_enrolment": true, "capacity": 2, "apply_to_future": apply
        }})
    };
    let (s, id) = app.call_json(&hr, "lecture_series_save", series(None, false)).await;
    assert_eq!(s, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    let dates = |app: &TestApp| {
        let pool = app.db().pool.clone();
        async move {
            let rows: Vec<String> = sqlx::query_scalar("SELECT nominal_date FROM lecture_sessions WHERE series_id = $1 ORDER BY starts_at")
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap();
            rows
        }
    };
    // 25 Sep (Mid-Autumn) and 2 Oct (National Day) are days off.
    assert_eq!(dates(&app).await, vec!["2026-10-09", "2026-10-16"]);
    let hours: i64 = sqlx::query_scalar("SELECT hours_tenths FROM lecture_sessions WHERE series_id = $1 LIMIT 1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(hours, 20, "90 minutes are 2 学时");
    // Saving again (with future sessions following) makes no second copy.
    let (s, b) = app.call_json(&hr, "lecture_series_save", series(Some(id), true)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(dates(&app).await.len(), 2);

    // The room is taken at that time: a one-off session there is refused, naming the other.
    let (s, b) = app
        .call_json(&hr, "lecture_session_save", session_input("冲突课", "2026-10-09", "09:00", "10:00", Some(big), cat, nobody(), true))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("测试小课堂") && b.to_string().contains("小会议室"), "{b}");
    // Right after it is fine.
    let (s, b) = app
        .call_json(&hr, "lecture_session_save", session_input("紧接着", "2026-10-09", "09:30", "10:00", Some(big), cat, nobody(), true))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // Bad settings get messages, not a 500.
    let mut bad = series(None, false);
    bad["input"]["recurrence"]["pattern"] = json!("monthly_day");
    bad["input"]["recurrence"]["day"] = json!("32");
    bad["input"]["start_time"] = json!("25:00");
    let (s, b) = app.call_json(&hr, "lecture_series_save", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("25:00"), "{b}");
});

both!(a_lecturer_is_not_in_two_places, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let leader = person_of(&app, "leader").await;
    let date = far_date(1);
    let mut a = session_input("甲课", &date, "09:00", "10:30", None, cat, nobody(), true);
    a["input"]["lecturers"] = json!([{ "person_id": leader, "name": "", "org": "", "title": "" }]);
    create_session(&app, &hr, a.clone()).await;
    a["input"]["title"] = json!("乙课");
    a["input"]["start"] = json!("10:00");
    a["input"]["end"] = json!("11:00");
    let (s, b) = app.call_json(&hr, "lecture_session_save", a).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("甲课"), "{b}");
});

both!(enrolment_fills_then_waits_and_a_cancellation_promotes, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "职业技能").await;
    let mut input = session_input("报名课", &far_date(2), "09:00", "10:00", None, cat, nobody(), true);
    input["input"]["capacity"] = json!(1);
    let id = create_session(&app, &hr, input).await;
    let employee = app.login("employee").await;
    let deptlead = app.login("deptlead").await;
    let (s, b) = app.call(&employee, "lecture_enrol", &[("session_id", &id.to_string())]).await;
    assert_eq!((s, b.as_str()), (StatusCode::OK, Some("enrolled")));
    // Enrolling twice changes nothing.
    let (_, b) = app.call(&employee, "lecture_enrol", &[("session_id", &id.to_string())]).await;
    assert_eq!(b.as_str(), Some("enrolled"));
    let (_, b) = app.call(&deptlead, "lecture_enrol", &[("session_id", &id.to_string())]).await;
    assert_eq!(b.as_str(), Some("waiting"));
    let (_, d) = app.call(&deptlead, "lecture_session", &[("id", &id.to_string())]).await;
    assert_eq!(d["me"]["waiting_position"], 1);
    // The first cancels: the waiting one moves up and is told.
    let (s, b) = app.call(&employee, "lecture_unenrol", &[("session_id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, d) = app.call(&deptlead, "lecture_session", &[("id", &id.to_string())]).await;
    assert_eq!(d["me"]["enrolment"], "enrolled");
    let (_, n) = app.call(&deptlead, "my_notices", &[]).await;
    assert!(n.to_string().contains("候补成功"), "{n}");
    let (_, c) = app.call(&deptlead, "my_notice_count", &[]).await;
    assert!(c.as_i64().unwrap() >= 1);

    // A session that does not take sign-ups refuses them.
    let closed = create_session(
        &app,
        &hr,
        session_input("必修课", &far_date(3), "09:00", "10:00", None, cat, named(&[person_of(&app, "leader").await]), false),
    )
    .await;
    let (s, b) = app.call(&employee, "lecture_enrol", &[("session_id", &closed.to_string())]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert!(b.to_string().contains("不开放"), "{b}");
});

both!(leave_is_decided_by_hr_or_the_requesters_department_leader, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let canteen = unit_named(&app, "餐饮服务部").await;
    let everyone_in_canteen =
        json!({ "everyone": false, "unit_ids": [canteen], "levels": [], "person_ids": [person_of(&app, "employee").await] });
    let id =
        create_session(&app, &hr, session_input("必修课", &far_date(4), "09:00", "10:00", None, cat, everyone_in_canteen, false)).await;
    let employee = app.login("employee").await;
    let (s, b) = app.call(&employee, "lecture_leave", &[("session_id", &id.to_string()), ("reason", "x")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a reason of one character: {b}");
    let (s, leave) = app.call(&employee, "lecture_leave", &[("session_id", &id.to_string()), ("reason", "外出公务")]).await;
    assert_eq!(s, StatusCode::OK, "{leave}");
    let leave = leave.as_i64().unwrap();

    // The employee works outside the canteen (unless the demo put them there): its leader neither
    // sees nor decides the request; the centre's leader and HR do.
    let employee_unit: i64 = sqlx::query_scalar("SELECT unit_id FROM people WHERE id = $1")
        .bind(person_of(&app, "employee").await)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    let deptlead = app.login("deptlead").await;
    if employee_unit != canteen {
        let (s, b) = app.call(&deptlead, "lecture_leave_decide", &[("id", &leave.to_string()), ("approve", "true"), ("note", "")]).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
        let (_, q) = app.call(&deptlead, "lecture_leave_queue", &[("pending", "true")]).await;
        assert!(!q["items"].as_array().unwrap().iter().any(|l| l["id"] == leave), "{q}");
    }
    let leader = app.login("leader").await;
    let (_, q) = app.call(&leader, "lecture_leave_queue", &[("pending", "true")]).await;
    assert!(q["items"].as_array().unwrap().iter().any(|l| l["id"] == leave), "{q}");
    assert_eq!(q["may_decide"], true);
    let (s, b) = app.call(&leader, "lecture_leave_decide", &[("id", &leave.to_string()), ("approve", "true"), ("note", "同意")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _) = app.call(&hr, "lecture_leave_decide", &[("id", &leave.to_string()), ("approve", "false"), ("note", "")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "decided once");
    let (_, q) = app.call(&hr, "lecture_leave_queue", &[("pending", "false")]).await;
    assert!(q["items"].as_array().unwrap().iter().any(|l| l["id"] == leave && l["status"] == "approved"), "{q}");
    let (_, n) = app.call(&employee, "my_notices", &[]).await;
    assert!(n.to_string().contains("已批准"), "{n}");

    // A canteen employee's request is the canteen leader's to decide.
    let asker: i64 = sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1 AND status = '在职' AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY id LIMIT 1")
        .bind(canteen).fetch_one(&app.db().pool).await.unwrap();
    let mut w = app.db().write().await.unwrap();
    let canteen_leave = app::store::lectures::leave_request(&mut w, id, asker, "家中有事").await.unwrap();
    w.commit().await.unwrap();
    let (s, b) = app
        .call(&deptlead, "lecture_leave_decide", &[("id", &canteen_leave.to_string()), ("approve", "false"), ("note", "工作需要")])
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
});

both!(check_in_by_the_rotating_code, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let me = person_of(&app, "employee").await;
    let other = person_of(&app, "deptlead").await;
    let id =
        create_session(&app, &hr, session_input("签到课", &far_date(5), "09:00", "10:00", None, cat, named(&[me, other]), false)).await;
    let second = create_session(&app, &hr, session_input("另一课", &far_date(5), "14:00", "15:00", None, cat, named(&[me]), false)).await;
    shift(&app, id, true).await;
    shift(&app, second, true).await;
    let (s, screen) = app.call(&hr, "lecture_screen", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{screen}");
    assert!(screen["svg"].as_str().unwrap().starts_with("<?xml") || screen["svg"].as_str().unwrap().contains("<svg"));
    let code = code_in(screen["url"].as_str().unwrap());
    let employee = app.login("employee").await;
    // An employee may not show the screen.
    let (s, _) = app.call(&employee, "lecture_screen", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The code of this session does not check in to another.
    let (s, b) = app.call(&employee, "lecture_checkin", &[("session_id", &second.to_string()), ("code", &code)]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b.to_string().contains("另一场"), "{b}");
    // An expired code (two windows ago) is refused.
    let old = app.state.secrets.checkin_code(id, app::domain::lectures::qr_window(chrono::Utc::now().timestamp_millis()) - 2);
    let (s, b) = app.call(&employee, "lecture_checkin", &[("session_id", &id.to_string()), ("code", &old)]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b.to_string().contains("过期"), "{b}");
    // The right one works; twice is harmless; a person id in the request is ignored.
    let (s, b) = app
        .call(&employee, "lecture_checkin", &[("session_id", &id.to_string()), ("code", &code), ("person_id", &other.to_string())])
        .await;
    assert!(s == StatusCode::OK || s == StatusCode::BAD_REQUEST, "{b}");
    let (s, b) = app.call(&employee, "lecture_checkin", &[("session_id", &id.to_string()), ("code", &code)]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(b.as_str().unwrap().contains("签到"), "{b}");
    let (s, b) = app.call(&employee, "lecture_checkin", &[("session_id", &id.to_string()), ("code", &code)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(b.as_str().unwrap().contains("无需重复"), "{b}");
    let marked: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM lecture_attendance WHERE session_id = $1")
        .bind(id)
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(marked, vec![me], "only the caller is checked in");

    // Without a session the check-in is refused (the page sends them to log in first).
    let (s, _) = app.call(&app.client(), "lecture_checkin", &[("session_id", &id.to_string()), ("code", &code)]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // After the end: the one who did not come is 缺勤, the one who came has the 学时.
    shift(&app, id, false).await;
    let (s, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", ""), ("page", "1")]).await;
    assert_eq!(s, StatusCode::OK, "{sheet}");
    let line = |pid: i64| sheet["lines"]["items"].as_array().unwrap().iter().find(|l| l["person_id"] == pid).cloned().unwrap();
    assert_eq!(line(other)["standing"], "absent");
    assert_eq!(line(me)["standing"], "present");
    // After the end the 缺勤 tab holds the unmarked as well as those marked absent.
    let (_, absent) = app.call(&hr, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", "absent"), ("page", "1")]).await;
    assert_eq!(absent["lines"]["total"], 1, "{absent}");
    assert_eq!(absent["lines"]["items"][0]["person_id"], other);
    assert_eq!(line(me)["hours_tenths"], 13);
    let year = app::domain::time::china_date(chrono::Utc::now().timestamp_millis() - 3_600_000).format("%Y").to_string();
    let (_, mine) = app.call(&employee, "my_lectures", &[("year", &year)]).await;
    assert!(mine["history"].as_array().unwrap().iter().any(|l| l["row"]["id"] == id && l["part"]["standing"] == "present"), "{mine}");

    // HR corrects by hand: the absent one was there after all.
    let (s, b) =
        app.call(&hr, "lecture_mark", &[("session_id", &id.to_string()), ("person_id", &other.to_string()), ("status", "late")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", "late"), ("page", "1")]).await;
    assert_eq!(sheet["lines"]["total"], 1);

    // The list's form: a choice per row (empty: unchanged), all saved at once.
    let sid = id.to_string();
    let (s, b) =
        app.call(&hr, "lecture_mark", &[("session_id", &sid), (&format!("marks[{other}]"), "absent"), (&format!("marks[{me}]"), "")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &sid), ("filter", ""), ("page", "1")]).await;
    let line = |pid: i64| sheet["lines"]["items"].as_array().unwrap().iter().find(|l| l["person_id"] == pid).cloned().unwrap();
    assert_eq!(line(other)["standing"], "absent");
    assert_eq!(line(me)["standing"], "present", "a row left unchanged keeps its check-in");
    // Nothing chosen, a bad status, or someone unknown: refused, and nothing is written.
    let (s, b) = app.call(&hr, "lecture_mark", &[("session_id", &sid), (&format!("marks[{me}]"), "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _) = app
        .call(&hr, "lecture_mark", &[("session_id", &sid), (&format!("marks[{other}]"), "present"), (&format!("marks[{me}]"), "gone")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) =
        app.call(&hr, "lecture_mark", &[("session_id", &sid), (&format!("marks[{other}]"), "present"), ("marks[999999]", "present")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &sid), ("filter", "absent"), ("page", "1")]).await;
    assert_eq!(sheet["lines"]["total"], 1, "the refused forms changed nothing");
    // A form posted by the browser itself goes back to the list with the count for its note.
    let res = hr
        .post(format!("{}/api/lecture_mark", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/lectures/{id}/attendance?status=absent", app.base))
        .form(&[("session_id", sid.as_str()), (&format!("marks[{other}]"), "late")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], format!("/lectures/{id}/attendance?status=absent"));
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("yucai_flash=lecture_mark:1")), "{cookies:?}");
});

both!(the_lecture_forms_post_as_browsers_send_them, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "公文写作").await.to_string();
    let leader = person_of(&app, "leader").await;
    let employee = person_of(&app, "employee").await;
    // A series as its form posts it: empty room and places, named people typed as numbers,
    // boxes ticked or not, one weekday from the boxes.
    let named = format!("{leader}, {employee}");
    let series = |apply: &'static str, id: Option<i64>| {
        let mut f: Vec<(String, String)> = [
            ("input[name]", "表单系列"),
            ("input[kind]", "小课堂"),
            ("input[room_id]", ""),
            ("input[start_time]", "10:00"),
            ("input[duration_min]", "45"),
            ("input[recurrence][pattern]", "weekly"),
            ("input[recurrence][weekdays][]", "3"),
            ("input[recurrence][every]", "2"),
            ("input[recurrence][nth]", "-1"),
            ("input[recurrence][weekday]", "5"),
            ("input[recurrence][day]", "1"),
            ("input[recurrence][start]", "2027-10-13"),
            ("input[recurrence][end]", "count"),
            ("input[recurrence][until]", ""),
            ("input[recurrence][count]", "3"),
            ("input[capacity]", ""),
            ("input[apply_to_future]", apply),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        f.push(("input[category_id]".into(), cat.clone()));
        f.push(("input[audience][person_ids]".into(), named.clone()));
        if let Some(id) = id {
            f.push(("input[id]".into(), id.to_string()));
        }
        f
    };
    let post = |form: Vec<(String, String)>, endpoint: &'static str| {
        let hr = hr.clone();
        let base = app.base.clone();
        async move {
            let res = hr.post(format!("{base}/api/{endpoint}")).form(&form).send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (s, id) = post(series("", None), "lecture_series_save").await;
    assert_eq!(s, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    let (s, got) = app.call(&hr, "lecture_series_get", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{got}");
    assert_eq!(got["recurrence"]["pattern"], "weekly");
    assert_eq!(got["recurrence"]["weekdays"], json!([3]));
    assert_eq!(got["recurrence"]["every"], "2");
    assert_eq!(got["recurrence"]["end"], "count");
    assert_eq!(got["recurrence"]["count"], "3");
    assert_eq!(got["recurrence"]["move_on_holiday"], false);
    assert_eq!(got["audience"]["everyone"], false);
    assert_eq!(got["open_enrolment"], false);
    let mut ids = [leader, employee];
    ids.sort();
    assert_eq!(got["audience"]["person_ids"], json!(ids));
    assert_eq!(got["named"].as_array().unwrap().len(), 2, "{got}");
    assert_eq!(got["room_id"], Value::Null);
    let dates: Vec<String> = sqlx::query_scalar("SELECT nominal_date FROM lecture_sessions WHERE series_id = $1 ORDER BY starts_at")
        .bind(id)
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(dates, vec!["2027-10-13", "2027-10-27", "2027-11-10"], "every other Wednesday, three times");
    // Saved again with the other pattern's fields filled in: only the chosen pattern counts.
    let (s, b) = post(series("false", Some(id)), "lecture_series_save").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // A missing date, a day the month lacks and a person typed wrongly say so by field.
    let mut bad = series("", None);
    bad.retain(|(k, _)| k != "input[recurrence][start]" && k != "input[audience][person_ids]");
    bad.push(("input[audience][person_ids]".into(), "12, 张三".into()));
    let (s, b) = post(bad, "lecture_series_save").await;
    assert_eq!(s.as_u16() / 100, 4, "{b}");
    let mut bad = series("", None);
    bad.retain(|(k, _)| k != "input[recurrence][start]");
    let (s, b) = post(bad, "lecture_series_save").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("开始日期"), "{b}");
    let mut bad = series("", None);
    bad.retain(|(k, _)| k != "input[recurrence][pattern]" && k != "input[recurrence][day]");
    bad.push(("input[recurrence][pattern]".into(), "monthly_day".into()));
    bad.push(("input[recurrence][day]".into(), "32".into()));
    let (s, b) = post(bad, "lecture_series_save").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("32"), "{b}");

    // A session as its form posts it: a colleague from the picker, outsiders in rows (blank rows
    // ignored), empty number fields.
    let date = far_date(30);
    let form: Vec<(String, String)> = [
        ("input[title]", "表单课"),
        ("input[kind]", "专题培训"),
        ("input[room_id]", ""),
        ("input[date]", date.as_str()),
        ("input[start]", "09:00"),
        ("input[end]", "10:00"),
        ("input[hours]", ""),
        ("input[lecturers][0][name]", "王教授"),
        ("input[lecturers][0][org]", "省委党校"),
        ("input[lecturers][0][title]", "教授"),
        ("input[lecturers][1][name]", ""),
        ("input[lecturers][1][org]", ""),
        ("input[lecturers][1][title]", ""),
        ("input[capacity]", ""),
        ("input[enrol_deadline]", ""),
        ("input[open_enrolment]", "true"),
        ("input[audience][everyone]", "true"),
        ("input[audience][person_ids]", ""),
        ("input[materials_md]", ""),
        ("input[summary_md]", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([("input[category_id]".to_string(), cat.clone()), ("input[lecturer_ids][]".to_string(), leader.to_string())])
    .collect();
    let (s, sid) = post(form.clone(), "lecture_session_save").await;
    assert_eq!(s, StatusCode::OK, "{sid}");
    let (_, d) = app.call(&hr, "lecture_session", &[("id", &sid.to_string())]).await;
    let lecturers = d["lecturers"].as_array().unwrap();
    assert_eq!(lecturers.len(), 2, "{d}");
    assert_eq!(lecturers[0]["person_id"], leader);
    assert_eq!(lecturers[1]["name"], "王教授");
    assert_eq!(lecturers[1]["person_id"], Value::Null);
    assert_eq!(d["open_enrolment"], true);
    assert_eq!(d["audience"]["everyone"], true);
    // An outsider without a name is refused, by field.
    let mut bad = form.clone();
    bad.retain(|(k, _)| k != "input[lecturers][1][org]");
    bad.push(("input[lecturers][1][org]".into(), "某单位".into()));
    let (s, b) = post(bad, "lecture_session_save").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("外请讲师"), "{b}");

    // Rooms and rules: an unticked box is a no, an empty number a message.
    let (s, b) = post(
        vec![
            ("room[id]".into(), "0".into()),
            ("room[name]".into(), "表单教室".into()),
            ("room[capacity]".into(), "".into()),
            ("room[location]".into(), "".into()),
        ],
        "lecture_room_save",
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("容纳人数"), "{b}");
    let (s, b) = post(
        vec![
            ("room[id]".into(), "0".into()),
            ("room[name]".into(), "表单教室".into()),
            ("room[capacity]".into(), "12".into()),
            ("room[location]".into(), "".into()),
        ],
        "lecture_room_save",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let active: i64 =
        sqlx::query_scalar("SELECT active FROM lecture_rooms WHERE name = '表单教室'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(active, 0);
    let rules = |late: Option<&str>, mph: &str| {
        let mut f = vec![
            ("rules[minutes_per_hour]".to_string(), mph.to_string()),
            ("rules[late_grace_minutes]".to_string(), "5".to_string()),
            ("rules[checkin_opens_minutes]".to_string(), "20".to_string()),
        ];
        if let Some(v) = late {
            f.push(("rules[late_earns_hours]".to_string(), v.to_string()));
        }
        f
    };
    let (s, b) = post(rules(None, ""), "lecture_rules_save").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) = post(rules(None, "40"), "lecture_rules_save").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let saved = app::store::settings::lecture_rules(app.db()).await.unwrap();
    assert_eq!((saved.minutes_per_hour, saved.late_grace_minutes, saved.checkin_opens_minutes, saved.late_earns_hours), (40, 5, 20, false));
    let (s, b) = post(rules(Some("true"), "45"), "lecture_rules_save").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(app::store::settings::lecture_rules(app.db()).await.unwrap().late_earns_hours);
    // A year left empty is a message, not a failed form.
    let (s, b) = app.call(&hr, "holiday_year_save", &[("year", ""), ("holidays", ""), ("workdays", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("年份"), "{b}");

    // Leave is never decided without the button that says how.
    let (s, _) = app.call(&hr, "lecture_leave_decide", &[("id", "1"), ("note", "")]).await;
    assert_eq!(s.as_u16() / 100, 4);

    // The calendar feed from 我的课程's form: the address comes back once, in a cookie for that page.
    let employee_client = app.login("employee").await;
    let res = employee_client
        .post(format!("{}/api/my_feed", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/lectures/mine", app.base))
        .form(&[("enable", "true")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let feed = cookies.iter().find(|c| c.starts_with("yucai_feed=")).expect("the feed cookie");
    assert!(feed.contains("/api/lecture_feed?token=") && feed.contains("Path=/lectures/mine") && feed.contains("HttpOnly"), "{feed}");
    let page = employee_client.get(format!("{}/lectures/mine", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/api/lecture_feed?token="), "shown on the page");
    let again = employee_client.get(format!("{}/lectures/mine", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains("/api/lecture_feed?token="), "and only once");
});

both!(employees_reach_only_their_own_and_lecturers_only_their_sessions, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "公文写作").await;
    let leader = person_of(&app, "leader").await;
    let me = person_of(&app, "employee").await;
    let mut taught = session_input("公文写作", &far_date(6), "09:00", "10:00", None, cat, named(&[me]), false);
    taught["input"]["lecturers"] = json!([{ "person_id": me, "name": "", "org": "", "title": "" }]);
    let mine = create_session(&app, &hr, taught).await;
    let not_mine =
        create_session(&app, &hr, session_input("别人讲", &far_date(6), "14:00", "15:00", None, cat, named(&[leader]), false)).await;
    let employee = app.login("employee").await;
    // The employee lectures `mine`: its list and screen are theirs; the other's are not.
    let (s, _) = app.call(&employee, "lecture_attendance", &[("session_id", &mine.to_string()), ("filter", ""), ("page", "1")]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.call(&employee, "lecture_screen", &[("id", &mine.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.call(&employee, "lecture_attendance", &[("session_id", &not_mine.to_string()), ("filter", ""), ("page", "1")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // No changes to sessions, marks, rooms or the calendar; no one else's leave queue.
    for (endpoint, form) in [
        ("lecture_session_cancel", vec![("id", not_mine.to_string()), ("reason", String::new())]),
        ("lecture_mark", vec![("session_id", mine.to_string()), ("person_id", me.to_string()), ("status", "present".to_string())]),
        ("lecture_leave_queue", vec![("pending", "true".to_string())]),
        ("lecture_leave_decide", vec![("id", "1".to_string()), ("approve", "true".to_string()), ("note", String::new())]),
        ("holiday_year_save", vec![("year", "2027".to_string()), ("holidays", "1月1日".to_string()), ("workdays", String::new())]),
        ("lecture_series_list", vec![]),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (s, _) = app.call(&employee, endpoint, &form).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{endpoint}");
    }
    let (s, _) = app
        .call_json(&employee, "lecture_session_save", session_input("x", &far_date(7), "09:00", "10:00", None, cat, nobody(), true))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // 我的课程 takes no person: nobody's but the caller's.
    let (_, m) = app.call(&employee, "my_lectures", &[("year", &far_date(6)[..4])]).await;
    assert!(m["teaching"].as_array().unwrap().iter().any(|r| r["id"] == mine), "{m}");
    assert!(!m.to_string().contains("别人讲"), "{m}");
});

both!(calendar_feeds_hold_the_sessions_and_can_be_revoked, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let me = person_of(&app, "employee").await;
    create_session(&app, &hr, session_input("订阅测试课", &far_date(-120), "09:00", "10:00", None, cat, named(&[me]), false)).await;
    let employee = app.login("employee").await;
    let (s, url) = app.call(&employee, "my_feed", &[("enable", "true")]).await;
    assert_eq!(s, StatusCode::OK, "{url}");
    let url = url.as_str().unwrap().to_string();
    let path = &url[url.find("/api/").unwrap()..];
    // A calendar app fetches it without a session.
    let res = app.client().get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let text = res.text().await.unwrap();
    let cal: icalendar::Calendar = text.parse().expect("an iCalendar document");
    assert!(!cal.components.is_empty());
    assert!(text.contains("订阅测试课"), "{text}");
    assert_eq!(cal.property_value("PRODID"), Some("-//Yucai//育才 培训课程//ZH"), "our own PRODID, once");
    assert_eq!(text.matches("PRODID").count(), 1);
    // Revoked: the address stops working.
    app.call(&employee, "my_feed", &[("enable", "false")]).await;
    let res = app.client().get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.client().get(format!("{}/api/lecture_feed?token=nonsense", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A series feed.
    let token: String =
        sqlx::query_scalar("SELECT feed_token FROM lecture_series ORDER BY id LIMIT 1").fetch_one(&app.db().pool).await.unwrap();
    let res = app.client().get(format!("{}/api/series_feed?token={token}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.matches("BEGIN:VEVENT").count() > 10, "a year of sessions");
});

both!(hr_keeps_the_holiday_calendar, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (_, v) = app.call(&hr, "holiday_calendar", &[]).await;
    let years: Vec<i64> = v["years"].as_array().unwrap().iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert!(years.contains(&2025) && years.contains(&2026), "{v}");
    let (s, b) = app.call(&hr, "holiday_year_save", &[("year", "2027"), ("holidays", "1月1日至3日、2月30日"), ("workdays", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("2月30日"), "{b}");
    let (s, b) =
        app.call(&hr, "holiday_year_save", &[("year", "2027"), ("holidays", "1月1日至3日\n2月6日至12日"), ("workdays", "2月14日")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, v) = app.call(&hr, "holiday_calendar", &[]).await;
    let y = v["years"].as_array().unwrap().iter().find(|y| y["year"] == 2027).cloned().unwrap();
    assert_eq!(y["holiday_count"], 10);
    let cal = app::store::calendar::load(app.db()).await.unwrap();
    assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2027, 2, 8).unwrap()));
    assert!(cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2027, 2, 14).unwrap()));
});

both!(session_materials_are_sanitised, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let mut input = session_input("资料课", &far_date(8), "09:00", "10:00", None, cat, nobody(), true);
    input["input"]["materials_md"] =
        json!("**要点**<script>alert(1)</script>[x](javascript:alert(1))<img src=x onerror=alert(1)>![p](https://evil.example/p.png)");
    let id = create_session(&app, &hr, input).await;
    let employee = app.login("employee").await;
    let (_, d) = app.call(&employee, "lecture_session", &[("id", &id.to_string())]).await;
    let html = d["materials_html"].as_str().unwrap().to_lowercase();
    assert!(html.contains("<strong>要点</strong>"), "{html}");
    for bad in ["<script", "javascript:", "onerror", "evil.example"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
});

async fn upload_marks(app: &TestApp, c: &Client, session: i64, file: Vec<u8>, commit: bool) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file).file_name("出勤.xlsx"))
        .text("session_id", session.to_string())
        .text("commit", if commit { "1" } else { "0" });
    let res = c.post(format!("{}/api/lecture_attendance_import", app.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

both!(attendance_is_exported_marked_in_excel_and_imported, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let (me, other) = (person_of(&app, "employee").await, person_of(&app, "deptlead").await);
    let id =
        create_session(&app, &hr, session_input("表格课", &far_date(9), "09:00", "10:00", None, cat, named(&[me, other]), false)).await;
    // The list as a workbook: both people, with their numbers.
    let res = hr.get(format!("{}/api/lecture_attendance_sheet?session_id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut grid = app::excel::read_grid(&bytes).unwrap();
    assert_eq!(grid[0][..5], ["人员编号", "姓名", "部室", "身份", "状态"]);
    assert_eq!(grid.len(), 3);
    // Mark one present and one late, write it back, check, then import.
    for row in grid.iter_mut().skip(1) {
        row[4] = if row[0] == me.to_string() { "出勤".into() } else { "迟到".into() };
    }
    let header: Vec<&str> = grid[0].iter().map(|s| s.as_str()).collect();
    let file = app::excel::table(&header, grid[1..].to_vec(), "出勤名单", "t").unwrap();
    let (s, report) = upload_marks(&app, &hr, id, file.clone(), false).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!((report["creates"].as_i64(), report["committed"].as_bool()), (Some(2), Some(false)), "{report}");
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lecture_attendance WHERE session_id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(none, 0, "a check writes nothing");
    let (_, report) = upload_marks(&app, &hr, id, file, true).await;
    assert_eq!(report["committed"], true, "{report}");
    let (_, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", "late"), ("page", "1")]).await;
    assert_eq!(sheet["lines"]["items"][0]["person_id"], other);

    // A wrong name beside a number, an unknown number, a status nobody uses: all listed, nothing written.
    let bad = app::excel::table(
        &["人员编号", "姓名", "状态"],
        vec![
            vec![me.to_string(), "不是我".into(), "出勤".into()],
            vec!["99999999".into(), String::new(), "出勤".into()],
            vec![other.to_string(), String::new(), "早退".into()],
        ],
        "出勤名单",
        "t",
    )
    .unwrap();
    let (_, report) = upload_marks(&app, &hr, id, bad, true).await;
    let text = report["problems"].to_string();
    assert_eq!(report["problems"].as_array().unwrap().len(), 3, "{report}");
    assert!(text.contains("不是我") && text.contains("99999999") && text.contains("早退"), "{text}");
    assert_eq!(report["committed"], false);

    // Employees may not; and the hostile corpus is refused with a message.
    let employee = app.login("employee").await;
    let res = employee.get(format!("{}/api/lecture_attendance_sheet?session_id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    common::hostile::every_upload_is_refused(
        &app.base,
        &hr,
        "lecture_attendance_import",
        &[("session_id", &id.to_string()), ("commit", "1")],
    )
    .await;
});

both!(attendance_totals_agree_with_the_list, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let canteen = unit_named(&app, "餐饮服务部").await;
    let me = person_of(&app, "employee").await;
    let leader = person_of(&app, "leader").await;
    let audience = json!({ "everyone": false, "unit_ids": [canteen], "levels": [], "person_ids": [me] });
    let id = create_session(&app, &hr, session_input("合计课", &far_date(10), "09:00", "10:00", None, cat, audience, true)).await;
    let in_canteen: Vec<i64> = sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1 AND status = '在职' ORDER BY id")
        .bind(canteen)
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert!(in_canteen.len() >= 3);
    let outsider: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE unit_id <> $1 AND status = '在职' AND id <> $2 AND id <> $3 ORDER BY id LIMIT 1")
            .bind(canteen)
            .bind(me)
            .bind(leader)
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
    let mark = |pid: i64, status: &'static str| {
        let (app, hr) = (&app, &hr);
        async move {
            let (s, b) =
                app.call(hr, "lecture_mark", &[("session_id", &id.to_string()), ("person_id", &pid.to_string()), ("status", status)]).await;
            assert_eq!(s, StatusCode::OK, "{b}");
        }
    };
    mark(in_canteen[0], "present").await;
    mark(me, "late").await;
    mark(leader, "present").await; // not required: still on the list
    mark(in_canteen[1], "absent").await;
    let mut w = app.db().write().await.unwrap();
    let l1 = app::store::lectures::leave_request(&mut w, id, in_canteen[2], "家中有事").await.unwrap();
    app::store::lectures::leave_decide(&mut w, l1, "approved", "hr", "").await.unwrap();
    let l0 = app::store::lectures::leave_request(&mut w, id, in_canteen[0], "先请后到").await.unwrap();
    app::store::lectures::leave_decide(&mut w, l0, "approved", "hr", "").await.unwrap();
    app::store::lectures::set_enrolment(&mut w, id, outsider, "enrolled").await.unwrap();
    w.commit().await.unwrap();

    for who in ["hr", "deptlead"] {
        let c = app.login(who).await;
        let (s, sheet) = app.call(&c, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", ""), ("page", "1")]).await;
        assert_eq!(s, StatusCode::OK, "{sheet}");
        let lines = sheet["lines"]["items"].as_array().unwrap();
        assert_eq!(sheet["lines"]["total"].as_u64().unwrap() as usize, lines.len(), "{who}: one page holds the list");
        let mut tally: std::collections::BTreeMap<String, i64> = Default::default();
        for l in lines {
            let g = match l["standing"].as_str().unwrap() {
                "pending" | "" => "pending",
                other => other,
            };
            *tally.entry(g.to_string()).or_default() += 1;
        }
        let counts: std::collections::BTreeMap<String, i64> =
            sheet["counts"].as_array().unwrap().iter().map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_i64().unwrap())).collect();
        assert_eq!(counts, tally, "{who}: {sheet}");
        if who == "hr" {
            assert_eq!(counts.get("present"), Some(&2));
            assert_eq!(counts.get("late"), Some(&1));
            assert_eq!(counts.get("absent"), Some(&1));
            assert_eq!(counts.get("leave"), Some(&1));
            let total = sheet["lines"]["total"].as_i64().unwrap();
            assert_eq!(counts.get("pending"), Some(&(total - 5)), "everyone else required, and the enrolled outsider");
            assert!(lines.iter().any(|l| l["person_id"] == outsider && l["standing"] == "pending"));
        }
        // Each filter gives its group, with the same total.
        for (filter, group) in [("present", "present"), ("leave", "leave"), ("unmarked", "pending")] {
            let (_, f) = app.call(&c, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", filter), ("page", "1")]).await;
            assert_eq!(f["lines"]["total"].as_i64().unwrap(), counts.get(group).copied().unwrap_or(0), "{who} {filter}");
        }
    }
});

both!(attendance_totals_for_everyone_count_the_departed_who_came, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let cat = category(&app, "政策理论").await;
    let everyone = json!({ "everyone": true, "unit_ids": [], "levels": [], "person_ids": [] });
    let id = create_session(&app, &hr, session_input("全员课", &far_date(11), "09:00", "10:00", None, cat, everyone, false)).await;
    let gone: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE status <> '在职' ORDER BY id LIMIT 1").fetch_one(&app.db().pool).await.unwrap();
    let active: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE status = '在职' ORDER BY id LIMIT 1").fetch_one(&app.db().pool).await.unwrap();
    for (pid, status) in [(gone, "present"), (active, "late")] {
        let (s, b) =
            app.call(&hr, "lecture_mark", &[("session_id", &id.to_string()), ("person_id", &pid.to_string()), ("status", status)]).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let active_n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE status = '在职'").fetch_one(&app.db().pool).await.unwrap();
    let (_, sheet) = app.call(&hr, "lecture_attendance", &[("session_id", &id.to_string()), ("filter", ""), ("page", "1")]).await;
    assert_eq!(sheet["lines"]["total"].as_i64().unwrap(), active_n + 1, "everyone active, and the departed one who came");
    let counts: std::collections::BTreeMap<String, i64> =
        sheet["counts"].as_array().unwrap().iter().map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_i64().unwrap())).collect();
    assert_eq!(counts.get("present"), Some(&1));
    assert_eq!(counts.get("late"), Some(&1));
    assert_eq!(counts.get("pending"), Some(&(active_n - 1)));
});

both!(hr_is_reminded_once_to_enter_next_years_holidays, |app: TestApp| async move {
    use app::store::calendar::remind_next_year;
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // The demo's HR account has no person record (notices go to people): give it one.
    app.exec("UPDATE users SET person_id = 2 WHERE username = 'hr'").await;
    let hr_person = 2_i64;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notices WHERE person_id = $1 AND link = '/lectures/holidays'")
            .bind(hr_person)
            .fetch_one(&app.db().pool)
            .await
            .unwrap()
    };
    // October: nothing yet; 2027 is not in the shipped calendar.
    assert_eq!(remind_next_year(app.db(), day(2026, 10, 31)).await.unwrap(), 0);
    assert!(remind_next_year(app.db(), day(2026, 11, 2)).await.unwrap() >= 1);
    assert_eq!(count().await, 1);
    // Every hour, from either instance: still one.
    assert_eq!(remind_next_year(app.db(), day(2026, 11, 2)).await.unwrap(), 0);
    assert_eq!(count().await, 1);
    // The bell on HR's page links to the holiday page; an employee got nothing.
    let hr = app.login("hr").await;
    let page = hr.get(format!("{}/notices", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("请录入 2027 年的放假安排"), "{page}");
    let employee_person: i64 =
        sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'employee'").fetch_one(&app.db().pool).await.unwrap();
    let theirs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE person_id = $1 AND link = '/lectures/holidays'")
        .bind(employee_person)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(theirs, 0);
    // Once HR enters 2027, no more reminders that year.
    let (s, b) = app.call(&hr, "holiday_year_save", &[("year", "2027"), ("holidays", "1月1日"), ("workdays", "")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(remind_next_year(app.db(), day(2026, 12, 1)).await.unwrap(), 0);
});
