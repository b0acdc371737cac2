//! Roster: the cadre record, ID numbers, search, scope, history and quotas, on both engines.

mod common;

use common::{id_for, unit_named, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn person(unit_id: i64, name: &str, id_number: &str, id: Option<i64>) -> Value {
    json!({ "input": {
        "id": id,
        "id_number": id_number,
        "fields": {
            "name": name, "sex": "男", "ethnicity": "汉族", "birth_date": "1988-03-09", "native_place": "江苏南京",
            "birth_place": "江苏南京", "political_status": "中共党员", "party_date": "2010-06-01", "work_start": "2010-07-01",
            "join_unit_date": "2015-01-01", "edu_full": "大学本科", "degree_full": "学士", "school_full": "南京大学",
            "major_full": "法学", "edu_part": "", "degree_part": "", "school_part": "", "major_part": "",
            "establishment": "事业编制", "status": "在职", "status_date": "", "unit_id": unit_id, "position": "科员",
            "level": "科员", "civil_rank": "", "post_category": "管理岗位", "post_grade": "九级", "position_date": "",
            "rank_date": "", "professional_title": "", "phone": "13800000000", "remarks": ""
        }
    }})
}

fn query(q: &str) -> Value {
    json!({ "query": { "q": q, "unit_id": 0, "level": "", "establishment": "", "status": "", "political": "", "education": "", "sex": "", "age_min": null, "age_max": null, "sort": "", "desc": false, "page": 1 } })
}

both!(hr_adds_a_person_finds_them_and_sees_the_history, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;
    // A wrong check digit is an error on the ID field, and nothing is written.
    let good = id_for("1988-03-09", "131");
    let mut bad = good.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '1' { '2' } else { '1' });
    let (s, b) = app.call_json(&hr, "person_save", person(unit, "易测试", &bad, None)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("校验码"), "{b}");
    let (_, found) = app.call_json(&hr, "roster_list", query("易测试")).await;
    assert_eq!(found["total"], 0);

    // Birth date disagreeing with the number names both values.
    let other = id_for("1988-03-10", "131");
    let (s, b) = app.call_json(&hr, "person_save", person(unit, "易测试", &other, None)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.to_string().contains("1988-03-09") && b.to_string().contains("1988-03-10"), "{b}");

    let (s, pid) = app.call_json(&hr, "person_save", person(unit, "易测试", &good, None)).await;
    assert_eq!(s, StatusCode::OK, "{pid}");
    let pid = pid.as_i64().unwrap();

    // The number is stored encrypted, never in plain text.
    let stored: Option<String> =
        sqlx::query_scalar("SELECT id_cipher FROM people WHERE id = $1").bind(pid).fetch_one(&app.db().pool).await.unwrap();
    assert!(!stored.unwrap().contains(&good[..10]));

    // Found by pinyin, by initials, by exact ID number; shown masked.
    for q in ["yiceshi", "ycs", good.as_str(), "易测"] {
        let (_, r) = app.call_json(&hr, "roster_list", query(q)).await;
        let items = r["items"].as_array().unwrap();
        assert!(items.iter().any(|p| p["id"] == pid), "search {q}: {r}");
        let row = items.iter().find(|p| p["id"] == pid).unwrap();
        assert_eq!(row["id_masked"], format!("**************{}", &good[14..]));
    }

    // The same number cannot be used twice.
    let (s, b) = app.call_json(&hr, "person_save", person(unit, "另一人", &good, None)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.to_string().contains("已属于"), "{b}");

    // An edit keeps history: who, when, before, after.
    let mut edit = person(unit, "易测试", "", Some(pid));
    edit["input"]["fields"]["level"] = json!("副科级");
    // A new level is an appointment: refused without one, recorded with it.
    let (s, b) = app.call_json(&hr, "person_save", edit.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    edit["input"]["appointment"] =
        json!({ "kind": "提任", "effective_date": "2026-01-05", "doc_no": "测〔2026〕1号", "decided_by": "党委会" });
    let (s, b) = app.call_json(&hr, "person_save", edit).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, h) = app.call(&hr, "person_history", &[("id", &pid.to_string())]).await;
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[1]["actor"], "hr");
    assert!(h[1]["changes"].to_string().contains("职务层次") && h[1]["changes"].to_string().contains("副科级"), "{h:?}");
    assert!(!h.iter().any(|e| e.to_string().contains(&good)), "no plain ID number in the history");

    // HR reveals the full number on purpose; the reveal is audited. A leader cannot.
    let (s, full) = app.call(&hr, "person_reveal_id", &[("id", &pid.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(full, json!(good));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'reveal_id'")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let leader = app.login("leader").await;
    let (s, _) = app.call(&leader, "person_reveal_id", &[("id", &pid.to_string())]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // No audit record carries the plain number.
    let leaks: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%{}%' OR before_json LIKE '%{}%'",
        &good[6..14],
        &good[6..14]
    ))
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    assert_eq!(leaks, 0);
});

both!(people_outside_the_scope_cannot_be_reached_by_id, |app: TestApp| async move {
    let dept = app.login("deptlead").await;
    let canteen = unit_named(&app, "餐饮服务部").await;
    let outside: i64 = sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.path NOT LIKE '%/{canteen}/%' ORDER BY p.id LIMIT 1"
    ))
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    let (s, _) = app.call(&dept, "person_get", &[("id", &outside.to_string())]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.call(&dept, "person_history", &[("id", &outside.to_string())]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // An employee cannot read anyone's record by id, not even their own through this call.
    let emp = app.login("employee").await;
    let (s, _) = app.call(&emp, "person_get", &[("id", &outside.to_string())]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The page answers 403 to the employee, 404 to the scoped leader.
    let res = emp.get(format!("{}/roster/{outside}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = dept.get(format!("{}/roster/{outside}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});

both!(filters_sorting_and_departments, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let mut q = query("");
    q["query"]["status"] = json!("全部");
    let (_, all) = app.call_json(&hr, "roster_list", q.clone()).await;
    assert_eq!(all["total"], 60);
    q["query"]["status"] = json!("退休");
    let (_, retired) = app.call_json(&hr, "roster_list", q.clone()).await;
    assert!(retired["items"].as_array().unwrap().iter().all(|p| p["status"] == "退休"));
    let mut q = query("");
    q["query"]["age_min"] = json!(30);
    q["query"]["age_max"] = json!(40);
    q["query"]["sort"] = json!("age");
    let (_, r) = app.call_json(&hr, "roster_list", q).await;
    let ages: Vec<i64> = r["items"].as_array().unwrap().iter().map(|p| p["age"].as_i64().unwrap()).collect();
    assert!(!ages.is_empty() && ages.iter().all(|a| (30..=40).contains(a)), "{ages:?}");
    assert!(ages.windows(2).all(|w| w[0] <= w[1]), "youngest first: {ages:?}");
    // A sub-department filter includes units below it.
    let canteen = unit_named(&app, "餐饮服务部").await;
    let mut q = query("");
    q["query"]["unit_id"] = json!(canteen);
    let (_, r) = app.call_json(&hr, "roster_list", q).await;
    assert!(r["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| ["餐饮服务部", "第一职工食堂", "第二职工食堂"].contains(&p["unit_name"].as_str().unwrap())));

    // HR creates a 部室 with quotas; the overview shows them; bad numbers are refused.
    let center = unit_named(&app, "省直机关后勤服务中心").await;
    let (s, b) = app
        .call_json(
            &hr,
            "unit_save",
            json!({ "input": { "id": null, "parent_id": center, "name": "培训部", "code": "PXB", "kind": "部室",
        "establishment": [["事业编制", 8], ["参公事业编制", 2]], "leaders": [["正科级", 1], ["副科级", 2]] } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, st) = app.call(&hr, "staffing", &[]).await;
    let unit = st.as_array().unwrap().iter().find(|u| u["name"] == "培训部").unwrap().clone();
    assert_eq!(unit["establishment"].as_array().unwrap().iter().map(|l| l["approved"].as_i64().unwrap()).sum::<i64>(), 10);
    let (s, b) = app.call_json(&hr, "unit_save", json!({ "input": { "id": null, "parent_id": center, "name": "重复", "code": "PXB", "kind": "部室", "establishment": [["事业编制", -1]], "leaders": [] } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    // A leader sees the overview but cannot change it.
    let leader = app.login("leader").await;
    let (s, _) = app.call(&leader, "staffing", &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.call_json(&leader, "unit_save", json!({ "input": { "id": null, "parent_id": center, "name": "x", "code": "X1", "kind": "部室", "establishment": [], "leaders": [] } })).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(an_employee_asks_for_a_correction_and_hr_decides, |app: TestApp| async move {
    let emp = app.login("employee").await;
    let pid = app.whoami(&emp).await["person_id"].as_i64().unwrap();
    // Bad requests are refused with a message on the field.
    let (s, b) = app.call(&emp, "request_correction", &[("field", "unit_id"), ("value", "3"), ("note", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) = app.call(&emp, "request_correction", &[("field", "work_start"), ("value", "2099-01-01"), ("note", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.to_string().contains("不能晚于今天"), "{b}");

    let (s, first) = app.call(&emp, "request_correction", &[("field", "phone"), ("value", "13912345678"), ("note", "换号了")]).await;
    assert_eq!(s, StatusCode::OK, "{first}");
    let (s, _) = app.call(&emp, "request_correction", &[("field", "phone"), ("value", "13900000000"), ("note", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "one pending request per field");
    let (_, second) = app.call(&emp, "request_correction", &[("field", "native_place"), ("value", "江苏无锡"), ("note", "")]).await;

    // Employees cannot decide; HR sees the queue.
    let (s, _) = app.call(&emp, "decide_correction", &[("id", &first.to_string()), ("approve", "true"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let hr = app.login("hr").await;
    let (_, q) = app.call(&hr, "correction_queue", &[("status", "pending")]).await;
    assert_eq!(q.as_array().unwrap().len(), 2, "{q}");

    let (s, b) = app.call(&hr, "decide_correction", &[("id", &first.to_string()), ("approve", "true"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _) = app.call(&hr, "decide_correction", &[("id", &second.to_string()), ("approve", "false"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a rejection needs a reason");
    let (s, _) =
        app.call(&hr, "decide_correction", &[("id", &second.to_string()), ("approve", "false"), ("reason", "与档案材料不符")]).await;
    assert_eq!(s, StatusCode::OK);
    // Deciding twice finds nothing pending.
    let (s, _) = app.call(&hr, "decide_correction", &[("id", &first.to_string()), ("approve", "true"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The change is applied and audited; the employee sees both outcomes.
    let (_, rec) = app.call(&emp, "my_record", &[]).await;
    assert_eq!(rec["fields"]["phone"], "13912345678");
    assert_ne!(rec["fields"]["native_place"], "江苏无锡");
    let (_, mine) = app.call(&emp, "my_corrections", &[]).await;
    let statuses: Vec<&str> = mine.as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert!(statuses.contains(&"approved") && statuses.contains(&"rejected"), "{mine}");
    assert!(mine.to_string().contains("与档案材料不符"));
    let (_, h) = app.call(&hr, "person_history", &[("id", &pid.to_string())]).await;
    // The history says the phone changed, masked like an ID number (the record itself shows it).
    assert!(h.to_string().contains("更正（本人申请）") && h.to_string().contains("*******5678"), "{h}");
    assert!(!h.to_string().contains("13912345678"), "{h}");
});

both!(hr_opens_accounts_in_bulk_and_leavers_lose_access, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let (s, opened) = app.call(&hr, "bulk_open_accounts", &[("unit_id", &office.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{opened}");
    let opened = opened.as_array().unwrap().clone();
    assert!(!opened.is_empty());
    // Usernames are pinyin, unique, predictable; a second run opens nothing new.
    let names: Vec<&str> = opened.iter().map(|a| a["username"].as_str().unwrap()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())), "{names:?}");
    let (_, again) = app.call(&hr, "bulk_open_accounts", &[("unit_id", &office.to_string())]).await;
    assert_eq!(again.as_array().unwrap().len(), 0);

    // The slip's password works once and must be changed.
    let first = &opened[0];
    let c = app.client();
    let (s, b, _) = app.login_with(&c, first["username"].as_str().unwrap(), first["password"].as_str().unwrap(), false).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["must_change_password"], true);
    assert!(!app.whoami(&c).await.is_null());

    // When the person leaves, the account stops working at once.
    let pid = app.whoami(&c).await["person_id"].as_i64().unwrap();
    let (_, rec) = app.call(&hr, "person_get", &[("id", &pid.to_string())]).await;
    let mut fields = rec["fields"].clone();
    fields["status"] = json!("调出");
    fields["status_date"] = json!("2026-11-01");
    let (s, b) = app.call_json(&hr, "person_save", json!({ "input": { "id": pid, "id_number": "", "fields": fields } })).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(app.whoami(&c).await.is_null());
    let (s, _, _) = app.login_with(&app.client(), first["username"].as_str().unwrap(), first["password"].as_str().unwrap(), false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
});

both!(statistics_count_the_active_staff_in_scope, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (s, st) = app.call(&hr, "roster_stats", &[]).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE status = '在职'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(st["total"], active);
    let sum = |k: &str| st[k].as_array().unwrap().iter().map(|c| c["n"].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("sex"), active);
    assert_eq!(sum("age_bands"), active);
    assert_eq!(sum("establishment"), active);
    let dept = app.login("deptlead").await;
    let (_, mine) = app.call(&dept, "roster_stats", &[]).await;
    assert!(mine["total"].as_i64().unwrap() < active);
    let emp = app.login("employee").await;
    let (s, _) = app.call(&emp, "roster_stats", &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(search_text_of_any_shape_never_breaks_the_request, |app: TestApp| async move {
    let hr = app.login("hr").await;
    // 18 characters, one of them multibyte: once cut by byte position, a panic.
    for q in ["1234567890123456张1", "张1234567890123456X", "１２３４５６７８９０１２３４５６７８", "11010519491231002Ⅹ"]
    {
        let (s, r) = app.call_json(&hr, "roster_list", query(q)).await;
        assert_eq!(s, StatusCode::OK, "{q}: {r}");
        assert_eq!(r["total"], 0, "{q}: {r}");
    }
    let (s, _) = app.call(&app.client(), "whoami", &[]).await;
    assert_eq!(s, StatusCode::OK, "the server is still answering");
    // LIKE wildcards in search text are plain characters.
    for q in ["%", "_", "%%", "张%", "_三"] {
        let (s, r) = app.call_json(&hr, "roster_list", query(q)).await;
        assert_eq!((s, r["total"].as_i64()), (StatusCode::OK, Some(0)), "{q}: {r}");
    }
    let admin = app.login("admin").await;
    let (s, r) = app.call(&admin, "admin_list_users", &[("search", "%"), ("page", "1")]).await;
    assert_eq!((s, r["total"].as_i64()), (StatusCode::OK, Some(0)), "{r}");
    // `_` finds the names that have one (only_admin, …), not every name.
    let (_, r) = app.call(&admin, "admin_list_users", &[("search", "_"), ("page", "1")]).await;
    let items = r["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|u| u["username"].as_str().unwrap().contains('_')), "{r}");
    for q in ["%", "%%"] {
        let (s, r) = app
            .call_json(
                &admin,
                "admin_audit_log",
                json!({ "filter": { "actor": q, "entity": "", "action": "", "from": "", "to": "", "page": 1 } }),
            )
            .await;
        assert_eq!((s, r["total"].as_i64()), (StatusCode::OK, Some(0)), "{q}: {r}");
    }
});

both!(the_audit_log_keeps_personnel_details_from_those_who_may_not_see_them, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;
    let good = id_for("1988-03-09", "733");
    let (s, pid) = app.call_json(&hr, "person_save", person(unit, "审计隐名", &good, None)).await;
    assert_eq!(s, StatusCode::OK, "{pid}");
    // A search for the full number, exported: the audit record keeps it masked.
    let res = hr.get(format!("{}/api/roster_export?q={good}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let stored: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_log").fetch_all(&app.db().pool).await.unwrap();
    assert!(stored.iter().all(|a| !a.contains(&good) && !a.contains(&good[..14])), "a full or half number in the audit log");

    // An administrator (not on the roster) sees which fields changed, not their values.
    let admin = app.login("only_admin").await;
    let filter = |entity: &str| json!({ "filter": { "actor": "", "entity": entity, "action": "", "from": "", "to": "", "page": 1 } });
    for entity in ["person", "roster"] {
        let (s, log) = app.call_json(&admin, "admin_audit_log", filter(entity)).await;
        assert_eq!(s, StatusCode::OK, "{log}");
        let text = log.to_string();
        assert!(log["total"].as_i64().unwrap() > 0, "{log}");
        assert!(!text.contains("审计隐名") && !text.contains("13800000000") && !text.contains("1988-03-09"), "{entity}: {text}");
    }
    let (_, log) = app.call_json(&admin, "admin_audit_log", filter("person")).await;
    assert!(log["items"][0]["after"].as_str().unwrap().contains("\"name\""), "field names stay: {log}");
    // Someone who may see the person (admin and HR of everything) sees the details.
    let both = app
        .user_with(
            "admin_hr",
            &[
                app::authz::RoleGrant { role: app::authz::Role::Admin, unit_id: None, unit_name: None },
                app::authz::RoleGrant { role: app::authz::Role::Hr, unit_id: None, unit_name: None },
            ],
        )
        .await;
    let (_, log) = app.call_json(&both, "admin_audit_log", filter("person")).await;
    assert!(log.to_string().contains("审计隐名"), "{log}");
    // Phone numbers stay masked in the records too, on creation and on change.
    let mut edit = person(unit, "审计隐名", "", Some(pid.as_i64().unwrap()));
    edit["input"]["fields"]["phone"] = json!("13911112222");
    let (s, b) = app.call_json(&hr, "person_save", edit).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let stored: Vec<String> = sqlx::query_scalar("SELECT before_json || after_json FROM audit_log WHERE entity = 'person'")
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert!(stored.iter().any(|a| a.contains("*******2222")), "{stored:?}");
    assert!(stored.iter().all(|a| !a.contains("13800000000") && !a.contains("13911112222")), "{stored:?}");
});

both!(history_written_under_the_old_mask_shows_only_the_new_one, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;
    let good = id_for("1988-03-09", "415");
    let (s, pid) = app.call_json(&hr, "person_save", person(unit, "旧掩码", &good, None)).await;
    assert_eq!(s, StatusCode::OK, "{pid}");
    let pid = pid.as_i64().unwrap();
    // A record written before the mask changed: the first 6 and the last 4.
    let old = format!("{}********{}", &good[..6], &good[14..]);
    app.exec(&format!("UPDATE audit_log SET after_json = '{{\"id_masked\":\"{old}\",\"name\":\"旧掩码\"}}' WHERE entity = 'person' AND entity_id = '{pid}'")).await;
    for who in ["hr", "leader"] {
        let c = app.login(who).await;
        let (s, h) = app.call(&c, "person_history", &[("id", &pid.to_string())]).await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert!(!h.to_string().contains(&good[..6]), "{who}: {h}");
        assert!(h.to_string().contains(&format!("**************{}", &good[14..])), "{who}: {h}");
    }
});

/// A form posted by a browser without script: answered with a redirect, not data.
async fn browser_post(app: &TestApp, c: &reqwest::Client, endpoint: &str, from: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let res = c
        .post(format!("{}/api/{endpoint}", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}{from}", app.base))
        .form(form)
        .send()
        .await
        .unwrap();
    let to = res.headers().get("location").map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
    (res.status(), to)
}

async fn page(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    let res = c.get(format!("{}{path}", app.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

both!(a_revealed_id_number_is_shown_once_and_only_to_whoever_asked, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;
    let good = id_for("1988-03-09", "517");
    let (s, pid) = app.call_json(&hr, "person_save", person(unit, "一次查看", &good, None)).await;
    assert_eq!(s, StatusCode::OK, "{pid}");
    let pid = pid.as_i64().unwrap();

    // The form's answer leads to the person's page, which shows the number once.
    let (s, to) = browser_post(&app, &hr, "person_reveal_id", &format!("/roster/{pid}"), &[("id", &pid.to_string())]).await;
    assert_eq!(s, StatusCode::FOUND);
    assert!(to.starts_with(&format!("/roster/{pid}?shown=")), "{to}");
    let kept: Vec<String> = sqlx::query_scalar("SELECT report FROM pending_uploads").fetch_all(&app.db().pool).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert!(!kept[0].contains(&good[6..14]), "kept sealed, not in plain text");
    // Another HR account with the same address learns nothing, and does not use it up.
    let other = app.login("only_hr").await;
    assert!(!page(&app, &other, &to).await.contains(&good));
    let first = page(&app, &hr, &to).await;
    assert!(first.contains(&good) && first.contains("data-testid=\"full-id\""));
    let again = page(&app, &hr, &to).await;
    assert!(!again.contains(&good));
    assert!(again.contains("完整身份证号只显示一次"));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_uploads").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(left, 0);
    // Each reveal is audited, whichever way it was asked for; a client asking for data keeps
    // nothing on the server.
    let (s, full) = app.call(&hr, "person_reveal_id", &[("id", &pid.to_string())]).await;
    assert_eq!((s, full), (StatusCode::OK, json!(good)));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'reveal_id'")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(n, 2);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_uploads").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(left, 0);
    // Kept results expire.
    let (_, to) = browser_post(&app, &hr, "person_reveal_id", &format!("/roster/{pid}"), &[("id", &pid.to_string())]).await;
    app.exec(&format!("UPDATE pending_uploads SET created_at = created_at - {}", 11 * 60_000)).await;
    assert!(!page(&app, &hr, &to).await.contains(&good));
});

both!(the_record_form_asks_for_the_appointment_only_when_the_post_changes, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;
    let good = id_for("1988-03-09", "619");
    let (s, pid) = app.call_json(&hr, "person_save", person(unit, "任免表单", &good, None)).await;
    assert_eq!(s, StatusCode::OK, "{pid}");
    let pid = pid.as_i64().unwrap();
    let (_, rec) = app.call(&hr, "person_get", &[("id", &pid.to_string())]).await;
    // The form as the edit page posts it: every field, and the appointment's, empty.
    let mut form: Vec<(String, String)> = vec![("input[id]".into(), pid.to_string()), ("input[id_number]".into(), String::new())];
    for (k, v) in rec["fields"].as_object().unwrap() {
        form.push((format!("input[fields][{k}]"), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())));
    }
    for k in ["kind", "effective_date", "doc_no", "decided_by"] {
        form.push((format!("input[appointment][{k}]"), String::new()));
    }
    let set = |form: &mut Vec<(String, String)>, key: &str, value: &str| {
        form.iter_mut().find(|(k, _)| k == key).unwrap().1 = value.to_string();
    };
    let pairs = |form: &Vec<(String, String)>| form.clone();

    // Nothing of the post changed: the empty appointment is not asked for.
    set(&mut form, "input[fields][phone]", "13922223333");
    let res = hr.post(format!("{}/api/person_save", app.base)).form(&pairs(&form)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // A new level: every missing part of the appointment, each beside its input, and why.
    set(&mut form, "input[fields][level]", "副科级");
    let res = hr.post(format!("{}/api/person_save", app.base)).form(&pairs(&form)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let b: Value = res.json().await.unwrap();
    let fields: Vec<&str> = b["Invalid"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["kind", "effective_date", "doc_no", "appointment"] {
        assert!(fields.contains(&f), "{f} in {b}");
    }
    // A browser without script comes back to the form with the error in the address.
    let res = hr
        .post(format!("{}/api/person_save", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/roster/edit/{pid}", app.base))
        .form(&pairs(&form))
        .send()
        .await
        .unwrap();
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains(&format!("/roster/edit/{pid}?")) && to.contains("__err="), "{to}");
    let back = page(&app, &hr, to.strip_prefix(&app.base).unwrap_or(&to)).await;
    assert!(back.contains("任免文号必填"), "the error beside its field");
    // With the appointment: saved, recorded, and the browser goes to the record.
    set(&mut form, "input[appointment][kind]", "转任");
    set(&mut form, "input[appointment][effective_date]", "2026-02-03");
    set(&mut form, "input[appointment][doc_no]", "测〔2026〕7号");
    let res = hr
        .post(format!("{}/api/person_save", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/roster/edit/{pid}", app.base))
        .form(&pairs(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], format!("/roster/{pid}").as_str());
    let (_, rec) = app.call(&hr, "person_get", &[("id", &pid.to_string())]).await;
    assert_eq!(rec["fields"]["level"], "副科级");
    assert_eq!(rec["fields"]["position_date"], "2026-02-03");
    assert_eq!(rec["fields"]["phone"], "13922223333");
});

both!(account_slips_opened_from_the_form_are_shown_once, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let (s, to) = browser_post(&app, &hr, "bulk_open_accounts", "/roster/accounts", &[("unit_id", &office.to_string())]).await;
    assert_eq!(s, StatusCode::FOUND);
    assert!(to.starts_with("/roster/accounts?shown="), "{to}");
    let first = page(&app, &hr, &to).await;
    assert!(first.matches("data-testid=\"slip-username\"").count() > 0);
    assert!(!page(&app, &hr, &to).await.contains("slip-username"));
    // No 部室 chosen: the error under the field.
    let (_, to) = browser_post(&app, &hr, "bulk_open_accounts", "/roster/accounts", &[("unit_id", "0")]).await;
    assert!(to.contains("__err="), "{to}");
});
