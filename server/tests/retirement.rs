//! Retirement rules: HR changes them, every expected retirement follows, the change is checked,
//! limited to HR and audited; on both engines.

mod common;

use app::authz::{Role, RoleGrant};
use app::domain::retirement::default_rules;
use common::{id_for, unit_named, TestApp, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A new active man born on `birth` (17th digit odd: male).
fn man(unit_id: i64, name: &str, birth: &str, seq3: &str) -> Value {
    json!({ "input": {
        "id": null,
        "id_number": id_for(birth, seq3),
        "fields": {
            "name": name, "sex": "男", "ethnicity": "汉族", "birth_date": birth, "native_place": "江苏南京",
            "birth_place": "江苏南京", "political_status": "群众", "party_date": "", "work_start": "1992-07-01",
            "join_unit_date": "2000-01-01", "edu_full": "大学本科", "degree_full": "学士", "school_full": "南京大学",
            "major_full": "法学", "edu_part": "", "degree_part": "", "school_part": "", "major_part": "",
            "establishment": "事业编制", "status": "在职", "status_date": "", "unit_id": unit_id, "position": "科员",
            "level": "科员", "civil_rank": "", "post_category": "管理岗位", "post_grade": "九级", "position_date": "",
            "rank_date": "", "professional_title": "", "phone": "13800000000", "remarks": ""
        }
    }})
}

async fn person(app: &TestApp, c: &reqwest::Client, id: i64) -> Value {
    let (s, p) = app.call(c, "person_get", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    p
}

async fn stored(app: &TestApp) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM settings WHERE key = 'retirement_rules'").fetch_one(&app.db().pool).await.unwrap()
}

async fn audit(app: &TestApp, action: &str) -> Value {
    let admin = app.login("admin").await;
    let (s, log) = app
        .call_json(
            &admin,
            "admin_audit_log",
            json!({ "filter": { "actor": "", "entity": "retirement_rules", "action": action, "from": "", "to": "", "page": 1 } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{log}");
    log
}

both!(hr_changes_the_rules_and_expected_retirements_follow, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let unit = unit_named(&app, "办公室").await;

    // Under the national rules a man born 15 May 1970 retires at 61y5m (64 months after the
    // first cohort, one month per four), on 15 October 2031.
    let (s, p1) = app.call_json(&hr, "person_save", man(unit, "退休甲", "1970-05-15", "913")).await;
    assert_eq!(s, StatusCode::OK, "{p1}");
    let p1 = p1.as_i64().unwrap();
    let rec = person(&app, &hr, p1).await;
    assert_eq!(rec["retirement_date"], "2031-10-15", "{rec}");
    assert_eq!(rec["retirement_age"], "61岁5个月");

    // A man who turns 60 in two months: under the national rules he gets a delay.
    let today = app::domain::time::today_china(chrono::Utc::now());
    let birth2 = today.checked_sub_months(chrono::Months::new(60 * 12 - 2)).unwrap();
    let sixty = birth2.checked_add_months(chrono::Months::new(60 * 12)).unwrap();
    let (s, p2) = app.call_json(&hr, "person_save", man(unit, "退休乙", &birth2.to_string(), "915")).await;
    assert_eq!(s, StatusCode::OK, "{p2}");
    let p2 = p2.as_i64().unwrap();
    assert_ne!(person(&app, &hr, p2).await["retirement_date"], sixty.to_string());

    // Both read the defaults; an employee may not.
    let (s, rules) = app.call(&hr, "retirement_rules_get", &[]).await;
    assert_eq!(s, StatusCode::OK, "{rules}");
    assert_eq!(rules, serde_json::to_value(default_rules()).unwrap());
    let leader = app.login("leader").await;
    let (s, seen) = app.call(&leader, "retirement_rules_get", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(seen, rules);
    let emp = app.login("employee").await;
    let (s, _) = app.call(&emp, "retirement_rules_get", &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The page: HR gets inputs, a leader the numbers only, an employee a refusal.
    let page = |c: reqwest::Client| {
        let url = format!("{}/roster/retirement", app.base);
        async move {
            let res = c.get(url).send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    let (s, html) = page(hr.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("退休规则") && html.contains("男：原 60 周岁") && html.contains("id=\"men.base_age_months\""), "{html}");
    assert!(html.contains("恢复国家规定默认值"));
    let (s, html) = page(leader.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("女（工勤技能岗位）：原 50 周岁") && !html.contains("id=\"men.base_age_months\""), "{html}");
    assert!(!html.contains("恢复国家规定默认值"));
    let (s, _) = page(emp.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // HR's locality keeps 60 for every man born before 2000.
    let mut changed = default_rules();
    changed[0].first_birth_year = 2000;
    let (s, saved) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": changed })).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved, serde_json::to_value(&changed).unwrap());
    let (_, rules) = app.call(&leader, "retirement_rules_get", &[]).await;
    assert_eq!(rules, saved);

    // The person's page and the statistics follow.
    let rec = person(&app, &hr, p1).await;
    assert_eq!(rec["retirement_date"], "2030-05-15", "{rec}");
    assert_eq!(rec["retirement_age"], "60岁");
    assert_eq!(person(&app, &hr, p2).await["retirement_date"], sixty.to_string());
    let (s, stats) = app.call(&hr, "roster_stats", &[]).await;
    assert_eq!(s, StatusCode::OK, "{stats}");
    let listed = stats["retiring_12"].as_array().unwrap().iter().find(|r| r["id"] == p2).cloned();
    let listed = listed.unwrap_or_else(|| panic!("{p2} not among the upcoming retirements: {stats}"));
    assert_eq!(listed["date"], sixty.to_string());
    assert_eq!(listed["age"], "60岁");

    // The change is in the audit log, with the values before and after.
    let log = audit(&app, "update").await;
    assert_eq!(log["total"], 1, "{log}");
    let entry = &log["items"][0];
    assert_eq!(entry["actor"], "hr", "{entry}");
    assert!(entry["before"].as_str().unwrap().contains("\"first_birth_year\":1965"), "{entry}");
    assert!(entry["after"].as_str().unwrap().contains("\"first_birth_year\":2000"), "{entry}");

    // Saving the same rules again changes nothing and records nothing.
    let (s, _) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": changed })).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(audit(&app, "update").await["total"], 1);

    // Back to the national defaults: audited, and the dates follow again.
    let (s, back) = app.call(&hr, "retirement_rules_reset", &[]).await;
    assert_eq!(s, StatusCode::OK, "{back}");
    assert_eq!(back, serde_json::to_value(default_rules()).unwrap());
    assert_eq!(person(&app, &hr, p1).await["retirement_date"], "2031-10-15");
    assert_eq!(audit(&app, "reset").await["total"], 1);
});

both!(invalid_rules_are_refused_and_only_hr_for_the_whole_organisation_may_save, |app: TestApp| async move {
    let hr = app.login("hr").await;

    // Out of range: 422, in Chinese, naming the group and the value, on that group's field.
    let mut bad = default_rules();
    bad[0].base_age_months = 75 * 12;
    bad[2].max_delay_months = 121;
    let (s, b) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": bad })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let errs = b["Invalid"].as_array().unwrap_or_else(|| panic!("{b}"));
    let msg = |field: &str| errs.iter().find(|e| e["field"] == field).map(|e| e["message"].as_str().unwrap().to_string());
    let m = msg("men.base_age_months").unwrap_or_else(|| panic!("{b}"));
    assert!(m.contains("男职工") && m.contains("75 周岁") && m.contains("40 到 70"), "{m}");
    let m = msg("women50.max_delay_months").unwrap_or_else(|| panic!("{b}"));
    assert!(m.contains("女职工（工勤技能岗位）") && m.contains("121"), "{m}");

    // A group missing or twice.
    let mut twice = default_rules();
    twice[1] = twice[0].clone();
    let (s, b) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": twice })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let text = b.to_string();
    assert!(text.contains("男职工的退休规则重复") && text.contains("缺少女职工（管理、专业技术岗位）的退休规则"), "{text}");
    let mut zero_step = default_rules();
    zero_step[1].birth_months_per_step = 0;
    let (s, b) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": zero_step })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("1 到 24"), "{b}");
    assert_eq!(stored(&app).await, 0, "nothing was written");

    // A leader reads but cannot save; nor can an administrator.
    let mut changed = default_rules();
    changed[1].max_delay_months = 24;
    for who in ["leader", "only_leader", "only_admin"] {
        let c = app.login(who).await;
        let (s, _) = app.call_json(&c, "retirement_rules_save", json!({ "rules": changed })).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        let (s, _) = app.call(&c, "retirement_rules_reset", &[]).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
    }

    // HR limited to one 部室 may not change rules for the whole organisation.
    let unit = unit_named(&app, "办公室").await;
    let hash = app.state.hasher.hash(PASSWORD).await.unwrap();
    let mut w = app.db().write().await.unwrap();
    app::store::users::create(
        &mut w,
        app::store::users::NewUser {
            username: "dept_hr",
            display_name: "部室人事",
            password_hash: &hash,
            person_id: None,
            must_change_password: false,
        },
        &[RoleGrant { role: Role::Hr, unit_id: Some(unit), unit_name: None }],
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let dept_hr = app.login("dept_hr").await;
    let (s, _) = app.call(&dept_hr, "retirement_rules_get", &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.call_json(&dept_hr, "retirement_rules_save", json!({ "rules": changed })).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app).await, 0);
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'retirement_rules'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(n, 0);

    // Stored rules that no longer read (edited by hand) fall back to the national defaults.
    app.exec("INSERT INTO settings (key, value) VALUES ('retirement_rules', 'not json')").await;
    let (s, rules) = app.call(&hr, "retirement_rules_get", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rules, serde_json::to_value(default_rules()).unwrap());
    // And HR can save over them.
    let (s, _) = app.call_json(&hr, "retirement_rules_save", json!({ "rules": changed })).await;
    assert_eq!(s, StatusCode::OK);
    let (_, rules) = app.call(&hr, "retirement_rules_get", &[]).await;
    assert_eq!(rules[1]["max_delay_months"], 24);
});

/// The rules page's table as a form posts it: `typed[men.base_age_months]` and so on, the original
/// age in whole years.
fn table(rules: &[app::domain::retirement::RetirementRule]) -> Vec<(String, String)> {
    use app::domain::retirement::{RetirementGroup, RuleField};
    let mut out = Vec::new();
    for (g, r) in RetirementGroup::ALL.into_iter().zip(rules) {
        for f in RuleField::ALL {
            let v = if f == RuleField::BaseAge { f.get(r) / 12 } else { f.get(r) };
            out.push((format!("typed[{}]", g.field(f)), v.to_string()));
        }
    }
    out
}

both!(the_rules_page_posts_its_table_as_typed, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let post = |form: Vec<(String, String)>| {
        let hr = hr.clone();
        let url = format!("{}/api/retirement_rules_save", app.base);
        async move {
            let res = hr.post(url).form(&form).send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // Every number as typed; the original age in years.
    let mut changed = default_rules();
    changed[1].base_age_months = 56 * 12;
    changed[2].max_delay_months = 48;
    let (s, saved) = post(table(&changed)).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved, serde_json::to_value(&changed).unwrap());
    assert_eq!(stored(&app).await, 1);

    // A blank or a word is refused on its field, in words, with the other errors; nothing is written.
    let mut form = table(&default_rules());
    for (k, v) in form.iter_mut() {
        if k == "typed[men.first_birth_year]" {
            *v = String::new();
        }
        if k == "typed[women50.birth_months_per_step]" {
            *v = "两".into();
        }
        if k == "typed[women55.base_age_months]" {
            *v = "80".into();
        }
    }
    let (s, b) = post(form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let errs = b["Invalid"].as_array().unwrap_or_else(|| panic!("{b}"));
    let msg = |field: &str| errs.iter().find(|e| e["field"] == field).and_then(|e| e["message"].as_str()).unwrap_or_default().to_string();
    assert!(msg("men.first_birth_year").contains("应为整数"), "{b}");
    assert!(msg("women50.birth_months_per_step").contains("“两”"), "{b}");
    assert!(msg("women55.base_age_months").contains("80 周岁"), "{b}");
    let (_, rules) = app.call(&hr, "retirement_rules_get", &[]).await;
    assert_eq!(rules, serde_json::to_value(&changed).unwrap());

    // A leader may not, whatever the numbers.
    let leader = app.login("leader").await;
    let res = leader.post(format!("{}/api/retirement_rules_save", app.base)).form(&table(&default_rules())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});
