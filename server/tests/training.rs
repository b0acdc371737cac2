//! 学时 ledgers and scores: each person sees their own hours and scores and nobody else's; external
//! training counts once HR approves it; 网络学习 and scores are imported with a row report and
//! written only when every row is right; the at-risk list and completion follow the quotas and
//! the reader's scope.

mod common;

use app::authz::{Role, RoleGrant};
use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn person_of(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT person_id FROM users WHERE username = $1").bind(username).fetch_one(&app.db().pool).await.unwrap()
}

fn today() -> chrono::NaiveDate {
    app::domain::time::today_china(chrono::Utc::now())
}

/// An employee account for another active person without one, logged in.
async fn other_employee(app: &TestApp, username: &str) -> (Client, i64) {
    let person: i64 = sqlx::query_scalar(
        "SELECT id FROM people WHERE status = '在职' AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY id",
    )
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    let hash = app.state.hasher.hash(common::PASSWORD).await.expect("hash");
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
        &[RoleGrant { role: Role::Employee, unit_id: None, unit_name: None }],
    )
    .await
    .expect("create user");
    w.commit().await.expect("commit");
    (app.login(username).await, person)
}

async fn upload(app: &TestApp, c: &Client, endpoint: &str, file: Vec<u8>, fields: &[(&str, String)], commit: bool) -> (StatusCode, Value) {
    let mut form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file).file_name("表.xlsx"))
        .text("commit", if commit { "1" } else { "0" });
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    let res = c.post(format!("{}/api/{endpoint}", app.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

fn done(v: &Value) -> f64 {
    v["pace"]["done"].as_f64().unwrap()
}

both!(hours_are_ones_own_and_external_training_counts_once_approved, |app: TestApp| async move {
    let employee = app.login("employee").await;
    let me = person_of(&app, "employee").await;
    let (other, other_person) = other_employee(&app, "colleague").await;
    let (start, end) = (today() - chrono::Duration::days(3), today() - chrono::Duration::days(1));
    let year = end.format("%Y").to_string();

    let (s, before) = app.call(&employee, "my_hours", &[("year", &year)]).await;
    assert_eq!(s, StatusCode::OK, "{before}");
    assert_eq!(before["person_id"], me);
    // Another person's hours are not reachable by id, for an employee.
    assert_eq!(
        app.call(&employee, "person_hours", &[("person_id", &other_person.to_string()), ("year", &year)]).await.0,
        StatusCode::FORBIDDEN
    );
    // A 部室 leader reaches only people within the 部室.
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
    let inside: i64 = sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE ou.path LIKE '%/{lead_unit}/%' ORDER BY p.id"
    ))
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    assert_eq!(app.call(&deptlead, "person_hours", &[("person_id", &outside.to_string()), ("year", &year)]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.call(&deptlead, "person_hours", &[("person_id", &inside.to_string()), ("year", &year)]).await.0, StatusCode::OK);
    assert_eq!(app.call(&employee, "my_hours", &[("year", "1899")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // Bad submissions name every field at fault and keep nothing.
    let future = (today() + chrono::Duration::days(5)).to_string();
    let (s, v) = app
        .call(
            &employee,
            "external_submit",
            &[("organiser", ""), ("title", "党校班"), ("start_date", &future), ("end_date", "2020-13-01"), ("hours", "abc"), ("note", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let text = v.to_string();
    for f in ["organiser", "end_date", "hours"] {
        assert!(text.contains(f), "{f} in {text}");
    }
    let (s, v) = app
        .call(
            &employee,
            "external_submit",
            &[("organiser", "省委党校"), ("title", "中青班"), ("start_date", &future), ("end_date", &future), ("hours", "8"), ("note", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("培训结束后才能申报"), "{v}");

    let (s, id) = app
        .call(
            &employee,
            "external_submit",
            &[
                ("organiser", "省委党校"),
                ("title", "中青年干部培训班"),
                ("start_date", &start.to_string()),
                ("end_date", &end.to_string()),
                ("hours", "16"),
                ("note", "脱产三天"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    let (_, pending) = app.call(&employee, "my_hours", &[("year", &year)]).await;
    assert_eq!(done(&pending), done(&before), "pending training does not count");
    assert_eq!(pending["externals"][0]["status"], "pending");
    // Nobody else withdraws or sees it.
    assert_eq!(app.call(&other, "external_withdraw", &[("id", &id.to_string())]).await.0, StatusCode::NOT_FOUND);
    let (_, theirs) = app.call(&other, "my_hours", &[("year", &year)]).await;
    assert_eq!(theirs["externals"], json!([]));
    assert_eq!(app.call(&employee, "external_queue", &[("pending", "true")]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&employee, "external_decide", &[("id", &id.to_string()), ("approve", "true"), ("note", "")]).await.0,
        StatusCode::FORBIDDEN
    );

    let hr = app.login("hr").await;
    let (s, queue) = app.call(&hr, "external_queue", &[("pending", "true")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(queue.as_array().unwrap().iter().any(|e| e["id"] == id && e["hours_tenths"] == 160), "{queue}");
    let (s, v) = app.call(&hr, "external_decide", &[("id", &id.to_string()), ("approve", "false"), ("note", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a rejection needs its reason: {v}");
    let (s, v) = app.call(&hr, "external_decide", &[("id", &id.to_string()), ("approve", "true"), ("note", "同意")]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.call(&hr, "external_decide", &[("id", &id.to_string()), ("approve", "false"), ("note", "重复")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "decided once: {v}");
    let (_, after) = app.call(&employee, "my_hours", &[("year", &year)]).await;
    assert!((done(&after) - done(&before) - 16.0).abs() < 1e-9, "{} → {}", done(&before), done(&after));
    assert!(after["lines"].as_array().unwrap().iter().any(|l| l["source"] == "外部培训" && l["hours_tenths"] == 160));
    assert_eq!(app.call(&employee, "external_withdraw", &[("id", &id.to_string())]).await.0, StatusCode::BAD_REQUEST);
    let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE person_id = $1 AND link = '/me/training'")
        .bind(me)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(notices, 1);
});

both!(online_hours_are_imported_with_a_row_report, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let employee = app.login("employee").await;
    let me = person_of(&app, "employee").await;
    let name: String = sqlx::query_scalar("SELECT name FROM people WHERE id = $1").bind(me).fetch_one(&app.db().pool).await.unwrap();
    let day = (today() - chrono::Duration::days(1)).to_string();
    let year = &day[..4];
    let (_, before) = app.call(&employee, "my_hours", &[("year", year)]).await;
    let header = ["人员编号", "姓名", "日期", "学时", "学习平台"];
    let row =
        |id: i64, name: &str, date: &str, hours: &str| vec![id.to_string(), name.into(), date.into(), hours.into(), "干部网络学院".into()];
    let bad = app::excel::table(&header, vec![row(me, &name, &day, "x"), row(me, "别人", &day, "2")], "s", "t").unwrap();
    let (s, r) = upload(&app, &hr, "online_import", bad, &[], true).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["committed"], false);
    let msgs = r["problems"].to_string();
    assert!(msgs.contains("学时“x”") && msgs.contains("重复出现"), "{msgs}");
    let wrong_name = app::excel::table(&header, vec![row(me, "别人", &day, "2")], "s", "t").unwrap();
    let (_, r) = upload(&app, &hr, "online_import", wrong_name, &[], true).await;
    assert!(r["problems"].to_string().contains("不是“别人”"), "{r}");
    let (_, mid) = app.call(&employee, "my_hours", &[("year", year)]).await;
    assert_eq!(mid["pace"]["online_done"], before["pace"]["online_done"], "nothing written");

    let good = app::excel::table(&header, vec![row(me, &name, &day, "2.5")], "s", "t").unwrap();
    let (_, r) = upload(&app, &hr, "online_import", good.clone(), &[], false).await;
    assert_eq!((r["committed"].as_bool(), r["problems"].as_array().map(|a| a.len())), (Some(false), Some(0)), "{r}");
    let (_, r) = upload(&app, &hr, "online_import", good.clone(), &[], true).await;
    assert_eq!((r["committed"].as_bool(), r["creates"].as_u64()), (Some(true), Some(1)), "{r}");
    // The same file again adds nothing.
    let (_, r) = upload(&app, &hr, "online_import", good.clone(), &[], true).await;
    assert_eq!(r["creates"], 0, "{r}");
    let (_, after) = app.call(&employee, "my_hours", &[("year", year)]).await;
    let gained = after["pace"]["online_done"].as_f64().unwrap() - before["pace"]["online_done"].as_f64().unwrap();
    assert!((gained - 2.5).abs() < 1e-9, "{gained}");
    common::hostile::every_upload_is_refused(&app.base, &hr, "online_import", &[("commit", "1")]).await;
    let (_, still) = app.call(&employee, "my_hours", &[("year", year)]).await;
    assert_eq!(still["pace"]["online_done"], after["pace"]["online_done"], "the hostile corpus wrote nothing");
    // Employees do not import; the template is HR's.
    assert_eq!(upload(&app, &employee, "online_import", good, &[], true).await.0, StatusCode::FORBIDDEN);
    assert_eq!(employee.get(format!("{}/api/online_template", app.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let t = hr.get(format!("{}/api/online_template", app.base)).send().await.unwrap();
    assert_eq!(t.status(), StatusCode::OK);
    let grid = app::excel::read_grid(&t.bytes().await.unwrap()).unwrap();
    assert_eq!(grid[0], header);
    // One line by hand, checked the same way.
    let (s, _) = app.call(&hr, "online_add", &[("person_id", &me.to_string()), ("date", &day), ("hours", "25"), ("platform", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) =
        app.call(&hr, "online_add", &[("person_id", &me.to_string()), ("date", &day), ("hours", "1"), ("platform", "学习强国")]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.call(&hr, "online_add", &[("person_id", "99999999"), ("date", &day), ("hours", "1"), ("platform", "")]).await.0,
        StatusCode::NOT_FOUND
    );
});

both!(scores_are_entered_imported_and_seen_only_by_their_owner, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let employee = app.login("employee").await;
    let me = person_of(&app, "employee").await;
    let (other, other_person) = other_employee(&app, "classmate").await;
    let day = today().to_string();
    let form = |title: &str, max: &str, pass: &str| {
        vec![
            ("id", "0".to_string()),
            ("title", title.to_string()),
            ("kind", "考试".to_string()),
            ("held_on", day.clone()),
            ("scale", "points".to_string()),
            ("max", max.to_string()),
            ("pass", pass.to_string()),
            ("labels", String::new()),
            ("pass_count", String::new()),
        ]
    };
    let as_refs = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let call = |c: &Client, f: Vec<(&'static str, String)>| {
        let c = c.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&c, "assessment_save", &pairs).await
        }
    };
    let (s, v) = call(&hr, as_refs(&form("", "100", "120"))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("title") && v.to_string().contains("及格分"), "{v}");
    assert_eq!(call(&employee, as_refs(&form("结业考试", "100", "60"))).await.0, StatusCode::FORBIDDEN);
    let (s, id) = call(&hr, as_refs(&form("结业考试", "100", "60"))).await;
    assert_eq!(s, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap().to_string();

    let score = |v: &str| json!({ "assessment_id": id, "scores": [{ "person_id": me, "score": v }] });
    let (s, v) = app.call_json(&hr, "score_save", score("101")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app.call_json(&hr, "score_save", score("86.5")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(1)), "{v}");
    // The page's form posts every score: unchanged ones are not written again.
    let (s, v) = app.call_json(&hr, "score_save", score("86.50")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(0)), "{v}");

    let name: String =
        sqlx::query_scalar("SELECT name FROM people WHERE id = $1").bind(other_person).fetch_one(&app.db().pool).await.unwrap();
    let header = ["人员编号", "姓名", "成绩"];
    let bad = app::excel::table(&header, vec![vec![other_person.to_string(), name.clone(), "五十".into()]], "s", "t").unwrap();
    let (_, r) = upload(&app, &hr, "score_import", bad, &[("assessment_id", id.clone())], true).await;
    assert_eq!(r["committed"], false, "{r}");
    assert!(r["problems"].to_string().contains("C 成绩"), "{r}");
    let good = app::excel::table(
        &header,
        vec![vec![other_person.to_string(), name, "55".into()], vec![me.to_string(), String::new(), "90".into()]],
        "s",
        "t",
    )
    .unwrap();
    let (_, r) = upload(&app, &hr, "score_import", good, &[("assessment_id", id.clone())], true).await;
    assert_eq!((r["committed"].as_bool(), r["creates"].as_u64(), r["updates"].as_u64()), (Some(true), Some(1), Some(1)), "{r}");

    common::hostile::every_upload_is_refused(&app.base, &hr, "score_import", &[("assessment_id", &id), ("commit", "1")]).await;
    let (s, d) = app.call(&hr, "assessment_detail", &[("id", &id)]).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(
        (d["stats"]["count"].as_u64(), d["stats"]["passed"].as_u64(), d["stats"]["mean"].as_f64()),
        (Some(2), Some(1), Some(72.5)),
        "{d}"
    );
    // Trainees see their own score only.
    assert_eq!(app.call(&employee, "assessment_detail", &[("id", &id)]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(employee.get(format!("{}/api/score_sheet?id={id}", app.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    // Each sees their own scores (the demo gave them some too), and only theirs.
    let count = |p: i64| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM assessment_scores WHERE person_id = $1")
                .bind(p)
                .fetch_one(&app.db().pool)
                .await
                .unwrap()
        }
    };
    let (_, mine) = app.call(&employee, "my_hours", &[("year", "0")]).await;
    assert_eq!(
        mine["scores"][0],
        json!({ "title": "结业考试", "kind": "考试", "held_on": day, "score": "90", "scale_text": "满分 100，60 分及格", "passed": true })
    );
    assert_eq!(mine["scores"].as_array().unwrap().len() as i64, count(me).await);
    let (_, theirs) = app.call(&other, "my_hours", &[("year", "0")]).await;
    let exam: Vec<&Value> = theirs["scores"].as_array().unwrap().iter().filter(|s| s["title"] == "结业考试").collect();
    assert_eq!(exam.len(), 1);
    assert_eq!((exam[0]["score"].as_str(), exam[0]["passed"].as_bool()), (Some("55"), Some(false)));
    assert_eq!(theirs["scores"].as_array().unwrap().len() as i64, count(other_person).await);
    // The sheet lists everyone scored, to fill in again.
    let res = hr.get(format!("{}/api/score_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let grid = app::excel::read_grid(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(grid[0], ["序号", "人员编号", "姓名", "部室", "成绩"]);
    assert_eq!(grid.len(), 3);
    // Once scored, the scale stays.
    let mut change = form("结业考试", "150", "90");
    change[0].1 = id.clone();
    let (s, v) = call(&hr, change).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("已有成绩"), "{v}");
});

both!(the_at_risk_list_follows_the_quotas_and_the_scope, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (s, o) = app.call(&hr, "hours_overview", &[("year", "0"), ("page", "1")]).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    let people = o["people"].as_u64().unwrap();
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE status = '在职'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(people, active as u64);
    assert!(o["depts"].as_array().unwrap().len() > 1);
    assert_eq!(o["may_edit"], true);
    // A 部室 leader sees their 部室 only, and may not change the quotas.
    let deptlead = app.login("deptlead").await;
    let (_, d) = app.call(&deptlead, "hours_overview", &[("year", "0"), ("page", "1")]).await;
    assert_eq!(d["depts"].as_array().unwrap().len(), 1, "{}", d["depts"]);
    assert!(d["people"].as_u64().unwrap() < people);
    assert_eq!(d["may_edit"], false);
    let employee = app.login("employee").await;
    assert_eq!(app.call(&employee, "hours_overview", &[("year", "0"), ("page", "1")]).await.0, StatusCode::FORBIDDEN);

    let rules = |y: f64, online: f64| json!({ "rules": { "per_year_hours": y, "senior_window_years": 5, "senior_window_hours": 550.0, "online_per_year_hours": online } });
    let (s, v) = app.call_json(&hr, "quota_rules_save", json!({ "rules": { "per_year_hours": -1.0, "senior_window_years": 0, "senior_window_hours": 550.0, "online_per_year_hours": 50.0 } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(app.call_json(&deptlead, "quota_rules_save", rules(0.0, 0.0)).await.0, StatusCode::FORBIDDEN);
    // No yearly quota: only the 处级 window can leave anyone behind.
    assert_eq!(app.call_json(&hr, "quota_rules_save", rules(0.0, 0.0)).await.0, StatusCode::OK);
    let (_, o) = app.call(&hr, "hours_overview", &[("year", "0"), ("page", "1")]).await;
    for r in o["at_risk"].as_array().unwrap() {
        assert!(r["rule"].as_str().unwrap().contains("550"), "{r}");
    }
    // A quota nobody can reach by now: everyone on the yearly quota is behind, furthest first.
    assert_eq!(app.call_json(&hr, "quota_rules_save", rules(1000.0, 0.0)).await.0, StatusCode::OK);
    let (_, o) = app.call(&hr, "hours_overview", &[("year", "0"), ("page", "1")]).await;
    let list = o["at_risk"].as_array().unwrap();
    assert!(o["at_risk_total"].as_u64().unwrap() > 0 && list.len() <= 50);
    let remaining: Vec<f64> = list.iter().map(|r| r["remaining"].as_f64().unwrap()).collect();
    assert!(remaining.windows(2).all(|w| w[0] >= w[1]), "{remaining:?}");
    assert_eq!(o["met"], 0);
});

both!(the_requirement_says_whether_and_by_how_much, |app: TestApp| async move {
    let me = person_of(&app, "employee").await;
    let year: i32 = today().format("%Y").to_string().parse().unwrap();
    app.exec(&format!("UPDATE people SET level = '科员', civil_rank = '' WHERE id = {me}")).await;
    let before = app::api::training::requirement_for(app.db(), me, year).await.unwrap().unwrap();
    assert_eq!((before.from.to_string(), before.to.to_string()), (format!("{year}-01-01"), format!("{year}-12-31")));
    assert_eq!(before.required, 90.0);
    // 95 more 学时 of 网络学习, on top of whatever was there.
    app.exec(&format!(
        "INSERT INTO training_online (person_id, learned_on, hours_tenths, platform, entered_by, created_at) VALUES ({me}, '{year}-01-02', 950, '', 't', 0)"
    ))
    .await;
    let after = app::api::training::requirement_for(app.db(), me, year).await.unwrap().unwrap();
    assert!((after.done - before.done - 95.0).abs() < 1e-9);
    assert!(after.met && after.surplus_or_shortfall >= 5.0, "{after:?}");
    assert!(after.summary().contains("已达标"));
    // A 处级 leader is held to the 5-year window.
    app.exec(&format!("UPDATE people SET level = '副处级' WHERE id = {me}")).await;
    let senior = app::api::training::requirement_for(app.db(), me, year).await.unwrap().unwrap();
    assert_eq!((senior.from.to_string(), senior.required), (format!("{}-01-01", year - 4), 550.0));
    assert!(app::api::training::requirement_for(app.db(), 99_999_999, year).await.unwrap().is_none());
});

/// Every person's 学时 of each year, read from the ledger lines themselves.
async fn ledger_by_year(app: &TestApp, late: bool) -> std::collections::BTreeMap<(i64, i32), (i64, i64)> {
    use app::domain::assessment::HourSource;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM people").fetch_all(&app.db().pool).await.unwrap();
    let mut out = std::collections::BTreeMap::new();
    let (from, to) = (chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2100, 12, 31).unwrap());
    for id in ids {
        for l in app::store::training::lines(app.db(), id, from, to, late).await.unwrap() {
            let e: &mut (i64, i64) = out.entry((id, chrono::Datelike::year(&l.day))).or_default();
            e.0 += l.tenths;
            if l.source == HourSource::Online {
                e.1 += l.tenths;
            }
        }
    }
    out
}

/// The yearly totals the database keeps equal the ledger, late arrivals counted or not.
async fn assert_year_totals(app: &TestApp, when: &str) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM people").fetch_all(&app.db().pool).await.unwrap();
    for late in [true, false] {
        let kept = app::store::training::year_totals(app.db(), &ids, 2000, 2100, late).await.unwrap();
        let kept: std::collections::BTreeMap<(i64, i32), (i64, i64)> = kept
            .into_iter()
            .flat_map(|(id, ys)| ys.into_iter().map(move |(y, t, o)| ((id, y), (t, o))))
            .filter(|(_, v)| *v != (0, 0))
            .collect();
        assert_eq!(kept, ledger_by_year(app, late).await, "{when}, late counted: {late}");
    }
}

both!(the_yearly_totals_follow_every_change_to_the_ledger, |app: TestApp| async move {
    let me = person_of(&app, "employee").await;
    assert_year_totals(&app, "after the demo").await;
    let (session, year): (i64, i64) = {
        let row: (i64, i64) = sqlx::query_as(
            "SELECT s.id, s.starts_at FROM lecture_sessions s JOIN lecture_attendance a ON a.session_id = s.id \
             WHERE s.status <> 'cancelled' AND a.status = 'present' ORDER BY s.id LIMIT 1",
        )
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
        (row.0, chrono::Datelike::year(&app::domain::time::china_date(row.1)) as i64)
    };
    let someone: i64 = sqlx::query_scalar(
        "SELECT person_id FROM lecture_attendance WHERE session_id = $1 AND status = 'present' ORDER BY person_id LIMIT 1",
    )
    .bind(session)
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    // Marks change, go and come.
    app.exec(&format!("UPDATE lecture_attendance SET status = 'late' WHERE session_id = {session} AND person_id = {someone}")).await;
    assert_year_totals(&app, "present to late").await;
    app.exec(&format!("UPDATE lecture_attendance SET status = 'absent' WHERE session_id = {session}")).await;
    assert_year_totals(&app, "everyone absent").await;
    app.exec(&format!("UPDATE lecture_attendance SET status = 'present' WHERE session_id = {session}")).await;
    app.exec(&format!("DELETE FROM lecture_attendance WHERE session_id = {session} AND person_id = {someone}")).await;
    assert_year_totals(&app, "a mark cleared").await;
    app.exec(&format!("INSERT INTO lecture_attendance (session_id, person_id, status, at, method, marked_by) VALUES ({session}, {someone}, 'late', 0, 'manual', '')")).await;
    assert_year_totals(&app, "a mark added").await;
    // The session's 学时, its year and its cancellation.
    app.exec(&format!("UPDATE lecture_sessions SET hours_tenths = hours_tenths + 5 WHERE id = {session}")).await;
    assert_year_totals(&app, "more 学时").await;
    app.exec(&format!(
        "UPDATE lecture_sessions SET starts_at = starts_at - 34560000000, ends_at = ends_at - 34560000000 WHERE id = {session}"
    ))
    .await;
    assert_year_totals(&app, "moved a year back").await;
    app.exec(&format!("UPDATE lecture_sessions SET status = 'cancelled' WHERE id = {session}")).await;
    assert_year_totals(&app, "cancelled").await;
    app.exec(&format!("UPDATE lecture_sessions SET status = 'scheduled' WHERE id = {session}")).await;
    assert_year_totals(&app, "reinstated").await;
    // External training counts while approved, in the year of its last day.
    app.exec(&format!(
        "INSERT INTO training_external (person_id, organiser, title, start_date, end_date, hours_tenths, status, created_at) \
         VALUES ({me}, '省委党校', '专题班', '{year}-12-30', '{}-01-02', 240, 'pending', 0)",
        year + 1
    ))
    .await;
    assert_year_totals(&app, "external pending").await;
    app.exec(&format!("UPDATE training_external SET status = 'approved' WHERE person_id = {me} AND title = '专题班'")).await;
    assert_year_totals(&app, "external approved").await;
    app.exec(&format!(
        "UPDATE training_external SET end_date = '{year}-12-31', hours_tenths = 120 WHERE person_id = {me} AND title = '专题班'"
    ))
    .await;
    assert_year_totals(&app, "external shortened").await;
    app.exec(&format!("UPDATE training_external SET status = 'withdrawn' WHERE person_id = {me} AND title = '专题班'")).await;
    assert_year_totals(&app, "external withdrawn").await;
    app.exec(&format!("UPDATE training_external SET status = 'approved' WHERE person_id = {me} AND title = '专题班'")).await;
    app.exec(&format!("DELETE FROM training_external WHERE person_id = {me} AND title = '专题班'")).await;
    assert_year_totals(&app, "external deleted").await;
    // 网络学习.
    app.exec(&format!(
        "INSERT INTO training_online (person_id, learned_on, hours_tenths, platform, entered_by, created_at) VALUES ({me}, '{year}-03-01', 35, '学习强国', 't', 0)"
    ))
    .await;
    assert_year_totals(&app, "online added").await;
    app.exec(&format!(
        "UPDATE training_online SET learned_on = '{}-03-01', hours_tenths = 20 WHERE person_id = {me} AND platform = '学习强国'",
        year - 1
    ))
    .await;
    assert_year_totals(&app, "online moved").await;
    app.exec(&format!("DELETE FROM training_online WHERE person_id = {me} AND platform = '学习强国'")).await;
    assert_year_totals(&app, "online deleted").await;
    // Through the application: HR marks by hand, the employee checks in.
    let hr = app.login("hr").await;
    let (s, v) = app
        .call(&hr, "online_add", &[("person_id", &me.to_string()), ("date", &today().to_string()), ("hours", "2.5"), ("platform", "")])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_year_totals(&app, "online by HR").await;
});

// The completion and the at-risk list, counted by the database, agree with each person's pace
// computed from their own ledger.
both!(completion_agrees_with_each_persons_pace, |app: TestApp| async move {
    use app::domain::assessment::{pace_in, quota_kind, QuotaKind, QuotaRules};
    let hr = app.login("hr").await;
    let year: i32 = today().format("%Y").to_string().parse().unwrap();
    // Someone on the window by 职级 alone.
    let me = person_of(&app, "employee").await;
    app.exec(&format!("UPDATE people SET level = '科员', civil_rank = '四级调研员' WHERE id = {me}")).await;
    for (per_year, online) in [(90.0, 50.0), (20.0, 1.0), (1000.0, 0.0)] {
        let rules = QuotaRules { per_year_hours: per_year, online_per_year_hours: online, ..QuotaRules::default() };
        assert_eq!(app.call_json(&hr, "quota_rules_save", json!({ "rules": rules })).await.0, StatusCode::OK);
        let people: Vec<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, level, civil_rank, unit_id FROM people WHERE status = '在职'")
                .fetch_all(&app.db().pool)
                .await
                .unwrap();
        let (mut met, mut risky) = (0u64, Vec::new());
        for (id, level, rank, _) in &people {
            let key = if quota_kind(level) == QuotaKind::SeniorWindow { level } else { rank };
            let from = chrono::NaiveDate::from_ymd_opt(year - 10, 1, 1).unwrap();
            let late = app::store::settings::lecture_rules(app.db()).await.unwrap().late_earns_hours;
            let lines = app::store::training::lines(app.db(), *id, from, chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap(), late)
                .await
                .unwrap();
            let pace = pace_in(&rules, key, &app::store::training::entries(&lines), year, today());
            met += pace.met as u64;
            if pace.at_risk {
                risky.push((pace.remaining, *id));
            }
        }
        let (s, o) = app.call(&hr, "hours_overview", &[("year", "0"), ("page", "1")]).await;
        assert_eq!(s, StatusCode::OK, "{o}");
        assert_eq!(o["met"].as_u64().unwrap(), met, "{per_year}");
        assert_eq!(o["at_risk_total"].as_u64().unwrap(), risky.len() as u64, "{per_year}");
        let per_dept: u64 = o["depts"].as_array().unwrap().iter().map(|d| d["at_risk"].as_u64().unwrap()).sum();
        assert_eq!(per_dept, risky.len() as u64);
        // The first page: the furthest behind, in order.
        risky.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shown: Vec<f64> = o["at_risk"].as_array().unwrap().iter().map(|r| r["remaining"].as_f64().unwrap()).collect();
        let expected: Vec<f64> = risky.iter().take(50).map(|r| r.0).collect();
        assert_eq!(shown, expected, "{per_year}");
    }
});
