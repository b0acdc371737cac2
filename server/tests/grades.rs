//! 年度考核 and 学以致用: grades follow the person's 编制 and 试用期; the 优秀 share of a 部室 is
//! capped (with the numbers in the refusal) by hand and by import; approval raises the cap; each
//! person sees their own grades only. Follow-ups are asked after the session, written by those who
//! attended and confirmed by their 部室 leader.

mod common;

use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::Value;

async fn person_of(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT person_id FROM users WHERE username = $1").bind(username).fetch_one(&app.db().pool).await.unwrap()
}

fn last_year() -> String {
    (app::domain::time::today_china(chrono::Utc::now()).format("%Y").to_string().parse::<i32>().unwrap() - 1).to_string()
}

async fn upload(app: &TestApp, c: &Client, file: Vec<u8>, year: &str, commit: bool) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file).file_name("考核.xlsx"))
        .text("year", year.to_string())
        .text("commit", if commit { "1" } else { "0" });
    let res = c.post(format!("{}/api/grade_import", app.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

both!(the_excellent_share_is_capped_per_department, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let year = last_year();
    // The 部室 of the employee demo account, all made 事业编制 so the words are 优秀/合格/….
    let me = person_of(&app, "employee").await;
    let dept: i64 = {
        let path: String = sqlx::query_scalar("SELECT ou.path FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id = $1")
            .bind(me)
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
        app::store::grades::dept_of_path(&path)
    };
    let members: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND ou.path LIKE '%/{dept}/%' ORDER BY p.id"
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    let n = members.len();
    assert!(n >= 5, "{n}");
    app.exec(&format!(
        "UPDATE people SET establishment = '事业编制' WHERE id IN ({})",
        members.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    ))
    .await;
    app.exec("DELETE FROM probations").await;
    app.exec("DELETE FROM annual_grades").await;
    let cap = n * 20 / 100;
    let save = |c: &Client, p: i64, g: &str| {
        let (c, p, g, y) = (c.clone(), p.to_string(), g.to_string(), year.clone());
        let app = &app;
        async move { app.call(&c, "grade_save", &[("person_id", &p), ("year", &y), ("grade", &g), ("comment", "")]).await }
    };
    // Words of the other set are named as such.
    let (s, v) = save(&hr, members[0], "称职").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("公务员"), "{v}");
    for p in &members[..cap] {
        let (s, v) = save(&hr, *p, "优秀").await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let (s, v) = save(&hr, members[cap], "优秀").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let text = v.to_string();
    assert!(text.contains(&format!("参加考核 {n} 人")) && text.contains(&format!("优秀最多 {cap} 人")), "{text}");
    assert_eq!(save(&hr, members[cap], "合格").await.0, StatusCode::OK);
    // Approval raises the cap to 25 % (at least one).
    let (s, v) =
        app.call(&hr, "grade_approval_save", &[("dept_id", &dept.to_string()), ("year", &year), ("approved", "true"), ("note", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the approval needs its number: {v}");
    let (s, _) = app
        .call(
            &hr,
            "grade_approval_save",
            &[("dept_id", &dept.to_string()), ("year", &year), ("approved", "true"), ("note", "机关人〔2026〕3号")],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let approved_cap = (n * 25 / 100).max(1);
    if approved_cap > cap {
        assert_eq!(save(&hr, members[cap], "优秀").await.0, StatusCode::OK);
        // Withdrawing the approval would leave too many 优秀.
        let (s, v) = app
            .call(&hr, "grade_approval_save", &[("dept_id", &dept.to_string()), ("year", &year), ("approved", "false"), ("note", "")])
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert_eq!(save(&hr, members[cap], "合格").await.0, StatusCode::OK);
    }
    let (s, _) =
        app.call(&hr, "grade_approval_save", &[("dept_id", &dept.to_string()), ("year", &year), ("approved", "false"), ("note", "")]).await;
    assert_eq!(s, StatusCode::OK);

    // By import: every row is checked, 优秀 beyond the cap blamed, nothing written.
    let names: Vec<String> = {
        let mut v = Vec::new();
        for p in &members {
            v.push(
                sqlx::query_scalar::<_, String>("SELECT name FROM people WHERE id = $1").bind(*p).fetch_one(&app.db().pool).await.unwrap(),
            );
        }
        v
    };
    let rows: Vec<Vec<String>> =
        members.iter().zip(&names).skip(cap + 1).map(|(p, name)| vec![p.to_string(), name.clone(), "优秀".into()]).collect();
    let file = app::excel::table(&["人员编号", "姓名", "考核等次"], rows, "s", "t").unwrap();
    let (s, r) = upload(&app, &hr, file, &year, true).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["committed"], false);
    assert!(r["problems"].to_string().contains("优秀比例超出上限"), "{r}");
    let excellent: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM annual_grades WHERE grade = '优秀' AND year = {year}"))
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(excellent as usize, cap);
    let rows: Vec<Vec<String>> =
        members.iter().zip(&names).skip(cap + 1).map(|(p, name)| vec![p.to_string(), name.clone(), "合格".into()]).collect();
    let file = app::excel::table(&["人员编号", "姓名", "考核等次"], rows, "s", "t").unwrap();
    let (_, r) = upload(&app, &hr, file, &year, true).await;
    assert_eq!(r["committed"], true, "{r}");
    common::hostile::every_upload_is_refused(&app.base, &hr, "grade_import", &[("year", &year), ("commit", "1")]).await;

    // The view counts them; the employee sees their own grade and nobody else's.
    let (_, v) = app.call(&hr, "grades_view", &[("year", &year), ("dept_id", &dept.to_string())]).await;
    let d = v["depts"].as_array().unwrap().iter().find(|d| d["dept_id"] == dept).unwrap().clone();
    assert_eq!(
        (d["excellent"].as_u64(), d["cap"].as_u64(), d["graded"].as_u64()),
        (Some(cap as u64), Some(cap as u64), Some(n as u64)),
        "{d}"
    );
    let employee = app.login("employee").await;
    assert_eq!(app.call(&employee, "grades_view", &[("year", &year), ("dept_id", "0")]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&employee, "grade_save", &[("person_id", &me.to_string()), ("year", &year), ("grade", "优秀"), ("comment", "")]).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, mine) = app.call(&employee, "my_hours", &[("year", "0")]).await;
    let grades = mine["grades"].as_array().unwrap();
    assert_eq!(grades.len(), 1, "{mine}");
    assert_eq!(grades[0][0].as_i64().unwrap().to_string(), year);
});

both!(people_in_probation_are_not_graded, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let year = last_year();
    let p: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE status = '在职' ORDER BY id DESC").fetch_one(&app.db().pool).await.unwrap();
    app.exec(&format!("UPDATE people SET establishment = '行政编制' WHERE id = {p}")).await;
    app.exec(&format!("INSERT INTO probations (appointment_id, person_id, starts, ends, status) VALUES (987654, {p}, '{year}-10-01', '{}-09-30', '试用中')", year.parse::<i32>().unwrap() + 1)).await;
    let (s, v) = app.call(&hr, "grade_save", &[("person_id", &p.to_string()), ("year", &year), ("grade", "称职"), ("comment", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("不定等次"), "{v}");
    let (s, v) = app
        .call(&hr, "grade_save", &[("person_id", &p.to_string()), ("year", &year), ("grade", "不定等次"), ("comment", "试用期表现良好")])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Unknown people and future years are refused.
    assert_eq!(
        app.call(&hr, "grade_save", &[("person_id", "99999999"), ("year", &year), ("grade", "称职"), ("comment", "")]).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&hr, "grade_save", &[("person_id", &p.to_string()), ("year", "2999"), ("grade", "称职"), ("comment", "")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
});

both!(follow_ups_are_written_by_attendees_and_confirmed_by_their_leader, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let me = person_of(&app, "employee").await;
    // A session held 40 days ago that the employee attended.
    let now = chrono::Utc::now().timestamp_millis();
    let cat: i64 = sqlx::query_scalar("SELECT id FROM lecture_categories ORDER BY id").fetch_one(&app.db().pool).await.unwrap();
    app.exec(&format!(
        "INSERT INTO lecture_sessions (series_id, title, kind, category_id, starts_at, ends_at, hours_tenths, audience, created_at, updated_at) \
         VALUES (NULL, '反馈测试课', '专题培训', {cat}, {}, {}, 20, '{{}}', {now}, {now})",
        now - 40 * 86_400_000,
        now - 40 * 86_400_000 + 7_200_000
    ))
    .await;
    let sid: i64 =
        sqlx::query_scalar("SELECT id FROM lecture_sessions WHERE title = '反馈测试课'").fetch_one(&app.db().pool).await.unwrap();
    app.exec(&format!("INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) VALUES ({sid}, {me}, 'present', {now}, 'manual', 'hr')")).await;
    let employee = app.login("employee").await;
    let note = "测试：把课上讲的公文格式用在了本部室的请示起草中，退文明显减少。";
    // Not asked yet.
    assert_eq!(app.call(&employee, "followup_write", &[("session_id", &sid.to_string()), ("note", note)]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.call(&employee, "followup_mark", &[("session_id", &sid.to_string()), ("days", "30")]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&hr, "followup_mark", &[("session_id", &sid.to_string()), ("days", "400")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.call(&hr, "followup_mark", &[("session_id", &sid.to_string()), ("days", "60")]).await.0, StatusCode::OK);
    let (s, v) = app.call(&employee, "followup_write", &[("session_id", &sid.to_string()), ("note", note)]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "not due for 60 days: {v}");
    assert_eq!(app.call(&hr, "followup_mark", &[("session_id", &sid.to_string()), ("days", "30")]).await.0, StatusCode::OK);
    assert_eq!(
        app.call(&employee, "followup_write", &[("session_id", &sid.to_string()), ("note", "太短")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.call(&employee, "followup_write", &[("session_id", &sid.to_string()), ("note", note)]).await.0, StatusCode::OK);
    let (_, mine) = app.call(&employee, "my_hours", &[("year", "0")]).await;
    assert!(mine["followups"].as_array().unwrap().iter().any(|f| f["session_id"] == sid && f["note"] == note), "{mine}");

    // The employee's 部室 leader confirms; another 部室's leader cannot reach it.
    let path: String = sqlx::query_scalar("SELECT ou.path FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.id = $1")
        .bind(me)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    let dept = app::store::grades::dept_of_path(&path);
    let lead =
        app.user_with("fulead", &[app::authz::RoleGrant { role: app::authz::Role::Leader, unit_id: Some(dept), unit_name: None }]).await;
    let other_dept: i64 = sqlx::query_scalar(&format!("SELECT id FROM org_units WHERE parent_id = 1 AND id <> {dept} ORDER BY id"))
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    let other = app
        .user_with("otherlead", &[app::authz::RoleGrant { role: app::authz::Role::Leader, unit_id: Some(other_dept), unit_name: None }])
        .await;
    let (_, o) = app.call(&other, "followup_overview", &[]).await;
    assert!(!o["waiting"].to_string().contains(note));
    let args =
        [("session_id", sid.to_string()), ("person_id", me.to_string()), ("confirm", "true".to_string()), ("comment", String::new())];
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&other, "followup_review", &pairs).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.call(&hr, "followup_review", &pairs).await.0, StatusCode::FORBIDDEN);
    let (_, o) = app.call(&lead, "followup_overview", &[]).await;
    assert!(o["waiting"].to_string().contains(note), "{o}");
    assert_eq!(app.call(&lead, "followup_review", &pairs).await.0, StatusCode::OK);
    let (s, _) = app.call(&employee, "followup_write", &[("session_id", &sid.to_string()), ("note", note)]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "confirmed notes stay");
    let (_, d) = app.call(&hr, "followup_depts", &[("session_id", &sid.to_string())]).await;
    let row = d.as_array().unwrap().iter().find(|x| x["dept_id"] == dept).unwrap().clone();
    assert_eq!((row["attended"].as_i64(), row["written"].as_i64(), row["reviewed"].as_i64()), (Some(1), Some(1), Some(1)), "{row}");
});

both!(archives_summaries_and_rankings_keep_to_their_readers, |app: TestApp| async move {
    let me = person_of(&app, "employee").await;
    let employee = app.login("employee").await;
    let (s, a) = app.call(&employee, "training_archive", &[("person_id", "0")]).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["person_id"], me);
    assert!(!a["sessions"].as_array().unwrap().is_empty());
    // Someone else's archive is refused by id, whoever it is.
    let other: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE id <> $1 ORDER BY id").bind(me).fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(app.call(&employee, "training_archive", &[("person_id", &other.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        employee.get(format!("{}/api/archive_xlsx?person_id={other}", app.base)).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let own = employee.get(format!("{}/api/archive_xlsx", app.base)).send().await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    let grid = app::excel::read_grid(&own.bytes().await.unwrap()).unwrap();
    assert!(grid.iter().any(|r| r.first().map(|c| c.as_str()) == Some("年度")), "{grid:?}");
    assert_eq!(app.call(&employee, "training_summary", &[("year", "0")]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "dept_ranking", &[("from", ""), ("to", "")]).await.0, StatusCode::FORBIDDEN);

    // A 部室 leader reads archives within the 部室 only.
    let deptlead = app.login("deptlead").await;
    let lead_unit: i64 = sqlx::query_scalar("SELECT unit_id FROM user_roles WHERE user_id = $1 AND role = 'leader'")
        .bind(app.user_id("deptlead").await)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    let outside: i64 = sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE ou.path NOT LIKE '%/{lead_unit}/%' ORDER BY p.id"
    ))
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    assert_eq!(app.call(&deptlead, "training_archive", &[("person_id", &outside.to_string())]).await.0, StatusCode::NOT_FOUND);

    // The summary's sentence carries its numbers; the ranking its method and every 部室.
    let hr = app.login("hr").await;
    let (s, y) = app.call(&hr, "training_summary", &[("year", "0")]).await;
    assert_eq!(s, StatusCode::OK, "{y}");
    let text = y["text"].as_str().unwrap();
    assert!(text.contains(&format!("开展培训{}场", y["sessions"])) && text.contains(&format!("参训{}人次", y["attendances"])), "{text}");
    let months: i64 = y["by_month"].as_array().unwrap().iter().map(|c| c["n"].as_i64().unwrap()).sum();
    assert_eq!(months, y["sessions"].as_i64().unwrap());
    assert_eq!(app.call(&hr, "training_summary", &[("year", "1999")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let res = hr.get(format!("{}/api/summary_xlsx?year=0", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (s, r) = app.call(&hr, "dept_ranking", &[("from", ""), ("to", "")]).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert!(r["method"].as_str().unwrap().contains("出勤率 30%"));
    let ranks: Vec<i64> = r["rows"].as_array().unwrap().iter().map(|d| d["rank"].as_i64().unwrap()).filter(|r| *r > 0).collect();
    assert!(!ranks.is_empty() && ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(app.call(&hr, "dept_ranking", &[("from", "2026-05-01"), ("to", "2026-01-01")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, d) = app.call(&deptlead, "dept_ranking", &[("from", ""), ("to", "")]).await;
    assert_eq!(d["rows"].as_array().unwrap().len(), 1, "{d}");
});
