//! Integration tests: accounts, sessions, the permission table, the audit chain and the page
//! gate, each on SQLite and on PostgreSQL.

mod common;

use app::authz::{self, Access, Role, SERVER_FNS};
use common::{TestApp, PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

both!(permission_table_is_enforced_for_every_function_and_role, |app: TestApp| async move {
    // Every registered server function is in the table, and every table entry exists.
    let registered: Vec<String> = server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    for path in &registered {
        let endpoint = path.strip_prefix("/api/").expect("api prefix");
        assert!(authz::server_fn_access(endpoint).is_some(), "{path} is missing from the permission table");
    }
    for (name, _) in SERVER_FNS {
        assert!(registered.contains(&format!("/api/{name}")), "table lists {name}, which is not a server function");
    }

    let callers: Vec<(Option<Role>, Option<&str>)> = vec![
        (None, None),
        (Some(Role::Admin), Some("only_admin")),
        (Some(Role::Hr), Some("only_hr")),
        (Some(Role::Leader), Some("only_leader")),
        (Some(Role::Employee), Some("only_employee")),
    ];
    for (role, username) in callers {
        let client = match username {
            Some(u) => app.login(u).await,
            None => app.client(),
        };
        // Logout last: it ends the session the other calls need.
        // Downloads (plain handlers, same table) first, by GET; logout last: it ends the
        // session the other calls need.
        let mut order: Vec<(&(&str, Access), bool)> = authz::DOWNLOADS.iter().map(|d| (d, true)).collect();
        order.extend(SERVER_FNS.iter().filter(|(n, _)| *n != "logout").map(|d| (d, false)));
        order.extend(SERVER_FNS.iter().filter(|(n, _)| *n == "logout").map(|d| (d, false)));
        for ((name, access), is_get) in order {
            let url = format!("{}/api/{name}", app.base);
            let req = if is_get {
                client.get(url)
            } else {
                client.post(url).body("").header("content-type", "application/x-www-form-urlencoded")
            };
            let res = req.send().await.unwrap();
            let status = res.status();
            let allowed = authz::allows(*access, role.map(|r| vec![r]).as_deref());
            if allowed {
                assert!(
                    status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED,
                    "{name} as {role:?} should be allowed, got {status}"
                );
            } else {
                assert!(
                    status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED,
                    "{name} as {role:?} should be denied, got {status}"
                );
            }
        }
    }
    // A function that does not exist is refused, not 404ed into the page renderer.
    let (s, _) = app.call(&app.client(), "drop_all_tables", &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both!(login_logout_and_session_cookie, |app: TestApp| async move {
    let c = app.client();
    let (s, body, cookie) = app.login_with(&c, "hr", PASSWORD, false).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let cookie = cookie.expect("set-cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Max-Age"), "a short session is a browser-session cookie: {cookie}");
    assert_eq!(app.whoami(&c).await["username"], "hr");

    // A second login gets a different token.
    let c2 = app.client();
    let (_, _, cookie2) = app.login_with(&c2, "hr", PASSWORD, false).await;
    assert_ne!(cookie.split(';').next(), cookie2.unwrap().split(';').next());

    let (s, _) = app.call(&c, "logout", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(app.whoami(&c).await.is_null());
    // The other session is untouched.
    assert_eq!(app.whoami(&c2).await["username"], "hr");
});

both!(wrong_password_and_unknown_user_read_the_same, |app: TestApp| async move {
    let c = app.client();
    let (s1, b1, _) = app.login_with(&c, "hr", "wrong-password1", false).await;
    let (s2, b2, _) = app.login_with(&c, "nobody-here", "wrong-password1", false).await;
    assert_eq!(s1, StatusCode::BAD_REQUEST);
    assert_eq!(s1, s2);
    assert_eq!(b1, b2);
    assert_eq!(b1, json!({ "Refused": "用户名或密码错误" }));
});

both!(lockout_after_five_failures, |app: TestApp| async move {
    let c = app.client();
    for _ in 0..4 {
        let (_, b, _) = app.login_with(&c, "employee", "not-it-123", false).await;
        assert_eq!(b, json!({ "Refused": "用户名或密码错误" }));
    }
    let (_, b, _) = app.login_with(&c, "employee", "not-it-123", false).await;
    assert!(b["Refused"].as_str().unwrap().contains("锁定"), "{b}");
    // Even the right password is refused while locked.
    let (s, b, _) = app.login_with(&c, "employee", PASSWORD, false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b["Refused"].as_str().unwrap().contains("锁定"), "{b}");
    // Other accounts are not affected.
    app.login("hr").await;
    // The lock ends after its time: move the lock 16 minutes into the past.
    app.exec("UPDATE login_attempts SET at = at - 960000 WHERE username = 'employee'").await;
    let (s, _, _) = app.login_with(&c, "employee", PASSWORD, false).await;
    assert_eq!(s, StatusCode::OK);
    // Failures and the lockout are in the audit log.
    let admin = app.login("admin").await;
    let (_, log) = app
        .call_json(
            &admin,
            "admin_audit_log",
            json!({ "filter": { "actor": "", "entity": "login", "action": "lockout", "from": "", "to": "", "page": 1 } }),
        )
        .await;
    assert_eq!(log["total"], 1, "{log}");
});

both!(remember_me_only_for_plain_employees, |app: TestApp| async move {
    let c = app.client();
    let (_, _, cookie) = app.login_with(&c, "employee", PASSWORD, true).await;
    let cookie = cookie.unwrap();
    assert!(cookie.contains("Max-Age=2592000"), "30 days: {cookie}");
    let c = app.client();
    let (_, _, cookie) = app.login_with(&c, "hr", PASSWORD, true).await;
    assert!(!cookie.unwrap().contains("Max-Age"), "HR keeps a short session");
});

both!(idle_and_absolute_timeouts_end_sessions, |app: TestApp| async move {
    let c = app.login("hr").await;
    let uid = app.user_id("hr").await;
    assert!(!app.whoami(&c).await.is_null());
    app.exec(&format!("UPDATE sessions SET last_seen_at = last_seen_at - 1860000 WHERE user_id = {uid}")).await;
    assert!(app.whoami(&c).await.is_null(), "31 minutes idle ends the session");

    let c = app.login("hr").await;
    app.exec(&format!("UPDATE sessions SET expires_at = {} WHERE user_id = {uid}", chrono::Utc::now().timestamp_millis() - 1)).await;
    assert!(app.whoami(&c).await.is_null(), "absolute lifetime ends the session");
});

both!(disabling_an_account_ends_its_sessions, |app: TestApp| async move {
    let emp = app.login("employee").await;
    let admin = app.login("admin").await;
    let id = app.user_id("employee").await;
    let (s, b) = app.call(&admin, "admin_set_disabled", &[("user_id", &id.to_string()), ("disabled", "true")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(app.whoami(&emp).await.is_null());
    let (s, _, _) = app.login_with(&app.client(), "employee", PASSWORD, false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // An administrator cannot disable themself.
    let me = app.user_id("admin").await;
    let (s, _) = app.call(&admin, "admin_set_disabled", &[("user_id", &me.to_string()), ("disabled", "true")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
});

both!(sessions_are_listed_and_ended_only_by_their_owner_or_an_admin, |app: TestApp| async move {
    let phone = app.client();
    app.login_with(&phone, "employee", PASSWORD, true).await;
    let laptop = app.login("employee").await;
    let (_, list) = app.call(&laptop, "my_sessions", &[]).await;
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"].as_i64().unwrap();

    // Another person cannot end it, even knowing the id.
    let hr = app.login("hr").await;
    let (s, _) = app.call(&hr, "end_my_session", &[("session_id", &other.to_string())]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(!app.whoami(&phone).await.is_null());

    // The owner can.
    let (s, _) = app.call(&laptop, "end_my_session", &[("session_id", &other.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(app.whoami(&phone).await.is_null());

    // An admin can end anyone's.
    let admin = app.login("admin").await;
    let uid = app.user_id("employee").await;
    let (_, list) = app.call(&admin, "admin_user_sessions", &[("user_id", &uid.to_string())]).await;
    let sid = list[0]["id"].as_i64().unwrap();
    let (s, _) = app.call(&admin, "admin_end_session", &[("session_id", &sid.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(app.whoami(&laptop).await.is_null());
});

both!(admin_set_password_must_be_changed, |app: TestApp| async move {
    let admin = app.login("admin").await;
    let (s, issued) = app
        .call_json(
            &admin,
            "admin_create_user",
            json!({ "account": { "username": "zhangsan", "display_name": "张三", "roles": ["Employee"], "scope": "" } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{issued}");
    let temp = issued["password"].as_str().unwrap().to_string();
    // Duplicate usernames are refused with a field message.
    let (s, b) = app
        .call_json(
            &admin,
            "admin_create_user",
            json!({ "account": { "username": "zhangsan", "display_name": "张三", "roles": ["Employee"], "scope": "" } }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.to_string().contains("已被使用"), "{b}");

    let c = app.client();
    let (s, b, _) = app.login_with(&c, "zhangsan", &temp, false).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["must_change_password"], true);
    let (s, _) = app.call(&c, "my_record", &[]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "nothing but the password change before it is changed");
    let res = c.get(format!("{}/me", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/password");

    // Policy and confirmation are checked on the server.
    let (s, b) = app.call(&c, "change_password", &[("current", &temp), ("new_password", "short1"), ("confirm", "short1")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _) = app.call(&c, "change_password", &[("current", &temp), ("new_password", "Xinmima2026"), ("confirm", "Xinmima2027")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, b) = app.call(&c, "change_password", &[("current", &temp), ("new_password", "Xinmima2026"), ("confirm", "Xinmima2026")]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _) = app.call(&c, "my_record", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.login_with(&app.client(), "zhangsan", "Xinmima2026", false).await.0, StatusCode::OK);
});

both!(audit_chain_detects_edits_and_removals, |app: TestApp| async move {
    // Some activity: logins, a failure, a settings change.
    let admin = app.login("admin").await;
    app.login_with(&app.client(), "hr", "bad-password1", false).await;
    let (_, s) = app.call(&admin, "admin_get_settings", &[]).await;
    let mut s = s;
    s["idle_timeout_minutes"] = json!(20);
    let (st, b) = app.call_json(&admin, "admin_save_settings", json!({ "settings": s })).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.records >= 4);

    // Edit one record directly in the database.
    app.exec("UPDATE audit_log SET after_json = '{\"idle_timeout_minutes\":999}' WHERE seq = 3").await;
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("记录 3")), "{:?}", report.problems);
});

both!(audit_chain_detects_a_removed_record, |app: TestApp| async move {
    app.login("admin").await;
    app.login("hr").await;
    assert!(app::store::audit::verify(app.db()).await.unwrap().problems.is_empty());
    app.exec("DELETE FROM audit_log WHERE seq = 2").await;
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("缺失")), "{:?}", report.problems);
});

both!(audit_chain_detects_a_removed_newest_record, |app: TestApp| async move {
    app.login("hr").await;
    app.exec("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").await;
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("链尾")), "{:?}", report.problems);
});

both!(audit_chain_stays_linear_with_concurrent_writers_on_two_instances, |app: TestApp| async move {
    let other = TestApp::spawn_on(&app.url, false).await;
    let mut handles = Vec::new();
    for i in 0..12 {
        let (base, name) = if i % 2 == 0 { (app.base.clone(), "only_hr") } else { (other.base.clone(), "only_leader") };
        // Logins one after the other: more concurrent logins of one account than the lockout
        // threshold are refused by design.
        let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let r = c.post(format!("{base}/api/login")).form(&[("username", name), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        handles.push(tokio::spawn(async move {
            for l in ["En", "Zh", "En"] {
                let r = c.post(format!("{base}/api/set_locale")).form(&[("locale", l)]).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK);
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.records >= 12 * 4);
});

both!(pages_redirect_refuse_and_carry_security_headers, |app: TestApp| async move {
    let anon = app.client();
    let res = anon.get(format!("{}/admin/audit?page=2", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=%2Fadmin%2Faudit%3Fpage%3D2");

    let res = anon.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let emp = app.login("employee").await;
    let res = emp.get(format!("{}/admin", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = res.text().await.unwrap();
    assert!(html.contains("无权访问"));
    assert!(!html.contains("only_admin"), "no account data in the refusal");

    let admin = app.login("admin").await;
    let res = admin.get(format!("{}/admin", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline' 'wasm") && csp.contains("'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the header's nonce");
    let script_src = csp.split(';').find(|d| d.trim_start().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{script_src}");

    let res = admin.get(format!("{}/no/such/page", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});

both!(foreign_origin_cannot_change_state, |app: TestApp| async move {
    let c = app.login("hr").await;
    let res = c.post(format!("{}/api/logout", app.base)).header("origin", "http://evil.example").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!app.whoami(&c).await.is_null());
    let host = app.base.clone();
    let res = c.post(format!("{}/api/set_locale", app.base)).header("origin", host).form(&[("locale", "En")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
});

both!(roster_is_filtered_by_scope_in_the_database, |app: TestApp| async move {
    let leader = app.login("leader").await;
    let dept = app.login("deptlead").await;
    let everyone = json!({ "query": { "q": "", "unit_id": 0, "level": "", "establishment": "", "status": "全部", "political": "", "education": "", "sex": "", "age_min": null, "age_max": null, "sort": "", "desc": false, "page": 1 } });
    let (_, all) = app.call_json(&leader, "roster_list", everyone.clone()).await;
    let (_, mine) = app.call_json(&dept, "roster_list", everyone.clone()).await;
    assert_eq!(all["total"], 60, "{all}");
    let mine_total = mine["total"].as_i64().unwrap();
    assert!(mine_total > 0 && mine_total < 60, "{mine_total}");
    let units: Vec<&str> = mine["items"].as_array().unwrap().iter().map(|p| p["unit_name"].as_str().unwrap()).collect();
    assert!(units.iter().all(|u| ["餐饮服务部", "第一职工食堂", "第二职工食堂"].contains(u)), "{units:?}");
    // An employee cannot list people at all, nor read anyone's record but their own.
    let emp = app.login("employee").await;
    let (s, _) = app.call_json(&emp, "roster_list", everyone).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, me) = app.call(&emp, "my_record", &[("person_id", "1")]).await;
    assert_eq!(s, StatusCode::OK);
    let own: i64 = app.whoami(&emp).await["person_id"].as_i64().unwrap();
    assert_eq!(me["id"].as_i64().unwrap(), own);
});

both!(settings_are_validated_and_locale_is_remembered, |app: TestApp| async move {
    let admin = app.login("admin").await;
    let (_, mut s) = app.call(&admin, "admin_get_settings", &[]).await;
    s["password_min_length"] = json!(2);
    let (st, b) = app.call_json(&admin, "admin_save_settings", json!({ "settings": s })).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.to_string().contains("密码最小长度"), "{b}");

    let (st, _) = app.call(&admin, "set_locale", &[("locale", "En")]).await;
    assert_eq!(st, StatusCode::OK);
    let again = app.login("admin").await;
    assert_eq!(app.whoami(&again).await["locale"], "En");
});

/// Bodies no client of ours sends: each is (content type, body). Argument names cover every
/// server function's (a wrong type for one is a wrong type for all).
fn malformed_bodies() -> Vec<(&'static str, Vec<u8>)> {
    const FORM: &str = "application/x-www-form-urlencoded";
    const JSON: &str = "application/json";
    let names = [
        "id",
        "user_id",
        "session_id",
        "unit_id",
        "query",
        "input",
        "filter",
        "page",
        "status",
        "locale",
        "username",
        "password",
        "approve",
        "reason",
        "q",
        "remember",
        "current",
        "new_password",
        "confirm",
        "roles",
        "settings",
        "disabled",
    ];
    // About 1 MB of text in one field (the body stays below the 2 MB a request may carry).
    let mega = "测".repeat(350_000);
    let mega_ascii = "a".repeat(1 << 20);
    let form = |value: &str| names.iter().map(|n| format!("{n}={value}")).collect::<Vec<_>>().join("&").into_bytes();
    let json = |value: serde_json::Value| {
        serde_json::Value::Object(names.iter().map(|n| (n.to_string(), value.clone())).collect()).to_string().into_bytes()
    };
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes();
    let deep_obj = format!("{}1{}", "{\"query\":".repeat(20_000), "}".repeat(20_000)).into_bytes();
    let deep_form = format!("id{}=1", "[a]".repeat(20_000)).into_bytes();
    vec![
        ("", Vec::new()),
        (FORM, Vec::new()),
        (JSON, Vec::new()),
        (JSON, b"{}".to_vec()),
        (JSON, b"null".to_vec()),
        (JSON, b"[1,2,3]".to_vec()),
        (JSON, b"\"text\"".to_vec()),
        (JSON, b"{\"unexpected\": 1, \"extra\": [true]}".to_vec()),
        (FORM, b"unexpected=1&extra=2".to_vec()),
        // Wrong types.
        (FORM, form("abc")),
        (FORM, form("%7B%7D")),
        (JSON, json(serde_json::json!("abc"))),
        (JSON, json(serde_json::json!({ "page": "x", "id": [], "fields": 5 }))),
        (JSON, json(serde_json::json!([1, "2", null]))),
        (JSON, json(serde_json::json!(true))),
        // Huge numbers.
        (FORM, form("99999999999999999999999999999")),
        (FORM, form("9223372036854775807")),
        (FORM, form("-9223372036854775808")),
        (JSON, json(serde_json::json!(i64::MAX))),
        (JSON, json(serde_json::json!(i64::MIN))),
        (JSON, json(serde_json::json!(u64::MAX))),
        (JSON, json(serde_json::json!(1e308))),
        (JSON, b"{\"id\": 1e400, \"page\": 123456789012345678901234567890}".to_vec()),
        (JSON, json(serde_json::json!({ "page": i64::MAX, "q": "", "unit_id": i64::MIN, "age_min": i64::MAX, "age_max": i64::MIN }))),
        (FORM, b"filter[page]=9223372036854775807&query[page]=9223372036854775807&page=9223372036854775807".to_vec()),
        // About 1 MB of text.
        (FORM, format!("username={mega_ascii}&password=x&q={mega_ascii}").into_bytes()),
        (FORM, format!("id=1&reason={mega_ascii}&status={mega_ascii}").into_bytes()),
        (JSON, serde_json::json!({ "query": { "q": mega } }).to_string().into_bytes()),
        (JSON, serde_json::json!({ "filter": { "actor": mega, "page": 1 } }).to_string().into_bytes()),
        (JSON, serde_json::json!({ "input": { "id": null, "id_number": mega, "fields": { "name": mega } } }).to_string().into_bytes()),
        (JSON, serde_json::json!({ "username": mega, "password": "x", "locale": mega }).to_string().into_bytes()),
        // Deeply nested.
        (JSON, deep_json),
        (JSON, deep_obj),
        (FORM, deep_form),
        // Invalid UTF-8.
        (FORM, b"username=\xff\xfe&password=\xc3\x28&id=\xf0\x28\x8c\x28".to_vec()),
        (JSON, b"{\"q\": \"\xff\xfe\", \"id\": \"\xc3\x28\"}".to_vec()),
        (FORM, b"username=%FF%FE&password=%C3%28".to_vec()),
        // Wrong content types.
        ("text/plain", b"hello".to_vec()),
        ("application/xml", b"<a><b/></a>".to_vec()),
        ("multipart/form-data", b"--x\r\n\r\n".to_vec()),
        ("multipart/form-data; boundary=x", b"id=1&page=2".to_vec()),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nnot a workbook".to_vec(),
        ),
        ("application/octet-stream", vec![0, 159, 146, 150, 255]),
    ]
}

both!(malformed_requests_never_get_a_5xx_nor_decoder_text, |app: TestApp| async move {
    let mut callers: Vec<(String, reqwest::Client)> = vec![("anonymous".into(), app.client())];
    // Log in first: the malformed logins below count against this address.
    for (username, _) in app::store::demo::DEMO_ACCOUNTS {
        callers.push((username.to_string(), app.login(username).await));
    }
    let bodies = malformed_bodies();
    for (who, client) in &callers {
        // Logout last: it ends the session the other calls use.
        let mut endpoints: Vec<(&str, bool)> = authz::DOWNLOADS.iter().map(|(n, _)| (*n, true)).collect();
        endpoints.extend(SERVER_FNS.iter().filter(|(n, _)| *n != "logout").map(|(n, _)| (*n, false)));
        endpoints.push(("logout", false));
        for (name, is_download) in endpoints {
            let url = format!("{}/api/{name}", app.base);
            let mut requests = Vec::new();
            // A download without POST answers 405 before reading a body: send it only small ones.
            let takes_post = client.post(&url).send().await.map(|r| r.status() != StatusCode::METHOD_NOT_ALLOWED).unwrap_or(true);
            for (ct, body) in bodies.iter().filter(|(_, b)| takes_post || b.len() < 64 * 1024) {
                let mut req = client.post(&url).body(body.clone());
                if !ct.is_empty() {
                    req = req.header("content-type", *ct);
                }
                requests.push((format!("POST {ct} {} bytes", body.len()), req));
            }
            // Query strings, for downloads and server functions alike.
            for q in [
                "page=99999999999999999999&age_min=9223372036854775807&age_max=-9223372036854775808&unit=-1",
                "q=%FF%FE&page=%",
                "q=1234567890123456%E5%BC%A01&page=9223372036854775807",
                "full_id=1&desc=maybe",
            ] {
                requests.push((format!("GET ?{q}"), client.get(format!("{url}?{q}"))));
            }
            if is_download {
                requests.push(("GET long q".into(), client.get(format!("{url}?q={}", "a".repeat(30_000)))));
            }
            for (what, req) in requests {
                let res = req.send().await.unwrap_or_else(|e| {
                    panic!("{name} as {who}, {what}: no answer: {}", e.to_string().chars().take(200).collect::<String>())
                });
                let status = res.status();
                let text = res.text().await.unwrap_or_default();
                assert!(!status.is_server_error(), "{name} as {who}, {what}: {status} {}", text.chars().take(300).collect::<String>());
                let lower = text.to_lowercase();
                for leak in [
                    "deserializ",
                    "missing field",
                    "invalid type",
                    "unknown variant",
                    "transport",
                    "expected",
                    "serde",
                    "panicked",
                    "server function",
                    "#[server]",
                    "sqlx",
                    "database error",
                    "backtrace",
                ] {
                    assert!(
                        !lower.contains(leak),
                        "{name} as {who}, {what}: decoder text in {status} {}",
                        text.chars().take(300).collect::<String>()
                    );
                }
            }
        }
    }
    // Alive, and still itself.
    let res = app.client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (s, v) = app.call(&app.client(), "whoami", &[]).await;
    assert_eq!((s, v["user"].is_null()), (StatusCode::OK, true));
});

both!(a_missing_argument_is_a_plain_400, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (s, b) = app.call(&hr, "person_get", &[]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b, json!("BadRequest"));
    let (s, b) = app.call_json(&hr, "roster_list", json!({ "query": { "page": "x" } })).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b, json!("BadRequest"));
});

both!(a_change_of_roles_ends_the_accounts_sessions, |app: TestApp| async move {
    // A 30-day employee session must not turn into an HR one.
    let employee = app.client();
    let (s, _, _) = app.login_with(&employee, "employee", PASSWORD, true).await;
    assert_eq!(s, StatusCode::OK);
    let uid = app.user_id("employee").await;
    let admin = app.login("admin").await;
    let (s, b) = app.call_json(&admin, "admin_set_roles", json!({ "user_id": uid, "roles": ["Employee", "Hr"], "scope": "0" })).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(app.whoami(&employee).await.is_null(), "the old session ended");
    let (s, _) = app.call_json(&employee, "roster_list", json!({ "query": {} })).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The administrator's own session is untouched.
    assert_eq!(app.whoami(&admin).await["username"], "admin");
});

both!(concurrent_wrong_passwords_cannot_outrun_the_lock, |app: TestApp| async move {
    // 40 guesses at once: only as many as the limit (5) are checked against the password.
    // Each client has its connection open and waits for the others, so the guesses arrive
    // together.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(40));
    let mut guesses = Vec::new();
    for i in 0..40 {
        let base = app.base.clone();
        let c = reqwest::Client::new();
        c.get(format!("{base}/healthz")).send().await.unwrap();
        let start = start.clone();
        guesses.push(tokio::spawn(async move {
            let req = c.post(format!("{base}/api/login")).form(&[("username", "employee"), ("password", &format!("guess-{i}-x1"))]);
            start.wait().await;
            let res = req.send().await.unwrap();
            (res.status(), res.json::<serde_json::Value>().await.unwrap_or_default())
        }));
    }
    let mut wrong = 0;
    for g in guesses {
        let (s, b) = g.await.unwrap();
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        if b == json!({ "Refused": "用户名或密码错误" }) {
            wrong += 1;
        }
    }
    let checked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE username = 'employee' AND outcome = 'fail'")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(checked, 5, "passwords checked");
    assert!(wrong <= 4, "{wrong} answered as a plain wrong password");
    // Locked: the right password too.
    let (s, b, _) = app.login_with(&app.client(), "employee", PASSWORD, false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b["Refused"].as_str().unwrap().contains("锁定"), "{b}");
});

both!(a_lecture_hall_logs_in_together_from_one_address, |app: TestApp| async move {
    // 40 employees behind one Wi-Fi address (more than the address's failure limit of 30) log in
    // at the same moment: all get in.
    let hash = app.state.hasher.hash(PASSWORD).await.unwrap();
    let mut w = app.db().write().await.unwrap();
    for i in 0..40 {
        let name = format!("hall{i}");
        app::store::users::create(
            &mut w,
            app::store::users::NewUser {
                username: &name,
                display_name: &name,
                password_hash: &hash,
                person_id: None,
                must_change_password: false,
            },
            &[app::authz::RoleGrant { role: app::authz::Role::Employee, unit_id: None, unit_name: None }],
        )
        .await
        .unwrap();
    }
    w.commit().await.unwrap();
    let together = |password: &'static str| {
        let base = app.base.clone();
        async move {
            let start = std::sync::Arc::new(tokio::sync::Barrier::new(40));
            let mut all = Vec::new();
            for i in 0..40 {
                let (base, start) = (base.clone(), start.clone());
                let c = reqwest::Client::new();
                c.get(format!("{base}/healthz")).send().await.unwrap();
                all.push(tokio::spawn(async move {
                    let req =
                        c.post(format!("{base}/api/login")).form(&[("username", format!("hall{i}")), ("password", password.to_string())]);
                    start.wait().await;
                    let res = req.send().await.unwrap();
                    (res.status(), res.text().await.unwrap_or_default())
                }));
            }
            let mut out = Vec::new();
            for t in all {
                out.push(t.await.unwrap());
            }
            out
        }
    };
    for (s, b) in together(PASSWORD).await {
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    // 40 wrong guesses from that address are checked (fewer than the in-flight bound), and then
    // the address has failed more than its limit: the next attempt is refused, right password or not.
    for (s, b) in together("not-the-password").await {
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    }
    let (s, b, _) = app.login_with(&app.client(), "hall0", PASSWORD, false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b["Refused"].as_str().unwrap().contains("此地址"), "{b}");
});

/// Recompute every audit hash as plain SHA-256, as an unkeyed chain was (and as someone without
/// the key could).
async fn rehash_unkeyed(app: &TestApp) {
    use sha2::{Digest, Sha256};
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before_json, after_json FROM audit_log ORDER BY seq",
    )
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    let mut prev = "0".repeat(64);
    for r in &rows {
        let seq: i64 = r.get("seq");
        let canonical = json!([
            prev,
            seq,
            r.get::<i64, _>("at"),
            r.get::<Option<i64>, _>("actor_id"),
            r.get::<String, _>("actor_name"),
            r.get::<String, _>("ip"),
            r.get::<String, _>("entity"),
            r.get::<String, _>("entity_id"),
            r.get::<String, _>("action"),
            r.get::<String, _>("before_json"),
            r.get::<String, _>("after_json")
        ])
        .to_string();
        let hash = hex::encode(Sha256::digest(canonical.as_bytes()));
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(seq)
            .execute(&app.db().pool)
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev).execute(&app.db().pool).await.unwrap();
}

both!(the_keyed_audit_chain_cannot_be_recomputed_without_the_key, |app: TestApp| async move {
    app.login("hr").await;
    app.login("admin").await;
    assert!(app::store::audit::verify(app.db()).await.unwrap().problems.is_empty());
    // Someone with database access but without the key edits record 2 and recomputes every
    // hash, as an unkeyed chain would let them.
    app.exec("UPDATE audit_log SET after_json = '{\"forged\":true}' WHERE seq = 2").await;
    rehash_unkeyed(&app).await;
    let report = app::store::audit::verify(app.db()).await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("已被改动")), "{:?}", report.problems);
});

both!(an_unkeyed_chain_from_before_is_rekeyed_once_and_only_when_intact, |app: TestApp| async move {
    use app::store::audit::{self, Actor};
    app.login("hr").await;
    // A chain from before the key, then keyed records appended to it after the upgrade.
    rehash_unkeyed(&app).await;
    app.login("admin").await;
    assert!(!audit::verify(app.db()).await.unwrap().problems.is_empty());
    let n = audit::rekey(app.db(), &Actor::system("test")).await.unwrap().unwrap();
    assert!(n > 0);
    let report = audit::verify(app.db()).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(audit::rekey(app.db(), &Actor::system("test")).await.unwrap(), Ok(0), "nothing left to do");
    // An old chain with a changed record is left as it is.
    app.exec("UPDATE audit_log SET after_json = '{\"forged\":true}' WHERE seq = 2").await;
    let before = audit::head(app.db()).await.unwrap();
    let refused = audit::rekey(app.db(), &Actor::system("test")).await.unwrap().unwrap_err();
    assert!(refused.contains("记录 2"), "{refused}");
    assert_eq!(audit::head(app.db()).await.unwrap(), before);
});

both!(an_anchored_head_finds_a_chain_cut_back_and_re_headed, |app: TestApp| async move {
    use app::store::audit;
    app.login("hr").await;
    let anchor = audit::head(app.db()).await.unwrap();
    app.login("admin").await;
    assert!(audit::verify_against(app.db(), &anchor).await.unwrap().problems.is_empty());
    // Remove the newest records, the anchored one included, and move the head back: the chain
    // alone still looks whole.
    let seq: i64 = anchor.split_once(':').unwrap().0.parse().unwrap();
    app.exec(&format!("DELETE FROM audit_log WHERE seq >= {seq}")).await;
    app.exec(&format!("UPDATE audit_head SET seq = {}, hash = (SELECT hash FROM audit_log WHERE seq = {}) WHERE id = 1", seq - 1, seq - 1))
        .await;
    assert!(audit::verify(app.db()).await.unwrap().problems.is_empty());
    let report = audit::verify_against(app.db(), &anchor).await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("已不在审计链中")), "{:?}", report.problems);
    let report = audit::verify_against(app.db(), "nonsense").await.unwrap();
    assert!(report.problems.iter().any(|p| p.contains("格式不对")), "{:?}", report.problems);
});

both!(old_login_attempts_are_pruned, |app: TestApp| async move {
    let old = chrono::Utc::now().timestamp_millis() - 3 * 86_400_000;
    app.exec(&format!("INSERT INTO login_attempts (username, ip, at, outcome) VALUES ('ghost', '192.0.2.1', {old}, 'fail')")).await;
    let (_, _, _) = app.login_with(&app.client(), "employee", "not-it-123", false).await;
    yucai::housekeeping(app.db()).await.unwrap();
    let left: Vec<String> = sqlx::query_scalar("SELECT username FROM login_attempts").fetch_all(&app.db().pool).await.unwrap();
    assert!(!left.contains(&"ghost".to_string()), "{left:?}");
    assert!(left.contains(&"employee".to_string()), "a recent attempt still counts: {left:?}");
});

both!(an_abandoned_attempt_stops_counting_after_a_minute, |app: TestApp| async move {
    // Five attempts dropped while their passwords were checked, two minutes ago.
    let then = chrono::Utc::now().timestamp_millis() - 120_000;
    for _ in 0..5 {
        app.exec(&format!("INSERT INTO login_attempts (username, ip, at, outcome) VALUES ('employee', '127.0.0.1', {then}, 'try')")).await;
    }
    let (s, b, _) = app.login_with(&app.client(), "employee", PASSWORD, false).await;
    assert_eq!(s, StatusCode::OK, "{b}");
});

both!(behind_a_proxy_the_address_is_the_one_the_proxy_added, |app: TestApp| async move {
    let proxied = TestApp::spawn_with(&app.url, false, 1).await;
    let c = proxied.client();
    // The client writes any first entry it likes; our proxy appends the address it saw.
    for i in 0..3 {
        let res = c
            .post(format!("{}/api/login", proxied.base))
            .header("x-forwarded-for", format!("10.9.8.{i}, 203.0.113.9"))
            .form(&[("username", "employee"), ("password", "not-it-123")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    let ips: Vec<String> = sqlx::query_scalar("SELECT DISTINCT ip FROM login_attempts").fetch_all(&app.db().pool).await.unwrap();
    assert_eq!(ips, vec!["203.0.113.9".to_string()]);
    // Not behind a proxy: the header is ignored.
    let res = app
        .client()
        .post(format!("{}/api/login", app.base))
        .header("x-forwarded-for", "10.9.8.7")
        .form(&[("username", "employee"), ("password", "not-it-123")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let ips: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT ip FROM login_attempts ORDER BY ip").fetch_all(&app.db().pool).await.unwrap();
    assert_eq!(ips, vec!["127.0.0.1".to_string(), "203.0.113.9".to_string()]);
});

both!(long_search_text_is_refused_plainly, |app: TestApp| async move {
    let admin = app.login("admin").await;
    let long = "名".repeat(51);
    let (s, b) = app.call(&admin, "admin_list_users", &[("search", long.as_str()), ("page", "1")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) = app
        .call_json(
            &admin,
            "admin_audit_log",
            json!({ "filter": { "actor": long, "entity": "", "action": "", "from": "", "to": "", "page": 1 } }),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
});

both!(the_account_forms_take_role_boxes_and_show_passwords_once, |app: TestApp| async move {
    let admin = app.login("admin").await;
    let unit: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE name = '办公室'").fetch_one(&app.db().pool).await.unwrap();
    let post = |endpoint: &str, form: Vec<(&str, String)>| {
        admin
            .post(format!("{}/api/{endpoint}", app.base))
            .header("accept", "text/html")
            .header("referer", format!("{}/admin?q=x&page=2&roles=9", app.base))
            .form(&form)
            .send()
    };
    // A box per role and one 部室, as the form posts them.
    let res = post(
        "admin_create_user",
        vec![
            ("account[username]", "wang.wu".into()),
            ("account[display_name]", "王五".into()),
            ("account[roles][]", "Hr".into()),
            ("account[roles][]", "Employee".into()),
            ("account[scope]", unit.to_string()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/admin?q=wang.wu&shown="), "{to}");
    let (_, list) = app.call(&admin, "admin_list_users", &[("search", "wang.wu"), ("page", "1")]).await;
    let user = &list["items"][0];
    let grants = user["grants"].as_array().unwrap();
    assert_eq!(grants.len(), 2, "{grants:?}");
    assert!(grants.contains(&json!({ "role": "Hr", "unit_id": unit, "unit_name": "办公室" })), "{grants:?}");
    assert!(grants.contains(&json!({ "role": "Employee", "unit_id": null, "unit_name": null })), "{grants:?}");
    let uid = user["id"].as_i64().unwrap();

    // The password is on the next page once, then gone; it works.
    let html = admin.get(format!("{}{to}", app.base)).send().await.unwrap().text().await.unwrap();
    let at = html.find("data-testid=\"issued-password\"").expect("the slip");
    let temp: String = html[at..].split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(temp.len() >= 12, "{temp}");
    let again = admin.get(format!("{}{to}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains(&temp));
    let (s, _, _) = app.login_with(&app.client(), "wang.wu", &temp, false).await;
    assert_eq!(s, StatusCode::OK);

    // The roles editor: the boxes replace the roles; the list comes back as it was, editor closed.
    let res =
        post("admin_set_roles", vec![("user_id", uid.to_string()), ("roles[]", "Leader".into()), ("scope", "0".into())]).await.unwrap();
    assert_eq!(res.headers()["location"], "/admin?q=x&page=2");
    let (_, list) = app.call(&admin, "admin_list_users", &[("search", "wang.wu"), ("page", "1")]).await;
    assert_eq!(list["items"][0]["grants"], json!([{ "role": "Leader", "unit_id": null, "unit_name": null }]));
    // No box ticked: refused beside the boxes.
    let (s, b) = app.call(&admin, "admin_set_roles", &[("user_id", &uid.to_string()), ("scope", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b["Invalid"][0]["field"], "roles");

    // A reset's password comes back to the list it was asked from.
    let res = post("admin_reset_password", vec![("user_id", uid.to_string())]).await.unwrap();
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/admin?q=x&page=2&shown="), "{to}");
    // Nobody else can read it.
    let other = app.login("only_admin").await;
    let html = other.get(format!("{}{to}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("issued-password"));
    let html = admin.get(format!("{}{to}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("issued-password"));
});
