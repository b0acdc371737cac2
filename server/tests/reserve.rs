//! 后备干部: an entry runs 推荐 → 考察 → 研究决定 → 公示 → 已使用 and becomes a promotion in the
//! posts module, every move recorded; 民主推荐 rounds count anonymous ballots, one per voter, and
//! are valid only at two thirds; leaders record opinions that HR tallies; employees reach nothing
//! but their ballot; a 部室负责人 sees only their 部室's candidates.

mod common;

use chrono::Datelike;
use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn refusal(v: &Value) -> String {
    v["Refused"].as_str().unwrap_or_default().to_string()
}

fn field(v: &Value, f: &str) -> String {
    v["Invalid"]
        .as_array()
        .and_then(|l| l.iter().find(|x| x["field"] == f))
        .and_then(|x| x["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.db().pool).await.unwrap()
}

fn today() -> chrono::NaiveDate {
    app::domain::time::today_china(chrono::Utc::now())
}

/// An active 科员 with no reserve entry and no promotion, in the 部室 `dept_like` (a path piece) or anywhere.
async fn free_clerk(app: &TestApp, skip: usize) -> i64 {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM people WHERE status = '在职' AND level = '科员' AND id NOT IN (SELECT person_id FROM reserve_entries) \
         AND id NOT IN (SELECT person_id FROM promotions) AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY id",
    )
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    ids[skip]
}

async fn recommend(app: &TestApp, c: &Client, person: i64, target: &str, source: &str, by: &str) -> (StatusCode, Value) {
    app.call_json(
        c,
        "reserve_recommend",
        json!({ "input": { "person_id": person, "target": target, "source": source, "recommender": by, "recommended_on": today().to_string(), "reasons": "工作实绩突出" } }),
    )
    .await
}

async fn stage(app: &TestApp, entry: i64) -> String {
    sqlx::query_scalar::<_, String>("SELECT stage FROM reserve_entries WHERE id = $1").bind(entry).fetch_one(&app.db().pool).await.unwrap()
}

async fn mv(app: &TestApp, c: &Client, entry: i64, to: &str, reason: &str) -> (StatusCode, Value) {
    app.call(c, "reserve_move", &[("entry_id", &entry.to_string()), ("to", to), ("reason", reason)]).await
}

both!(an_entry_runs_through_the_procedure_into_a_promotion, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let person = free_clerk(&app, 0).await;

    // Checked on the server: the level, the source, a signed recommendation's name.
    let (s, v) = recommend(&app, &hr, person, "正处级", "组织推荐", "").await;
    assert_eq!(s, StatusCode::OK, "a 科员 may be recommended for any higher pool: {v}");
    let far = v.as_i64().unwrap();
    assert_eq!(mv(&app, &hr, far, "已撤销", "").await.0, StatusCode::UNPROCESSABLE_ENTITY, "removal needs a reason");
    assert_eq!(mv(&app, &hr, far, "已撤销", "误报").await.0, StatusCode::OK);
    let (s, v) = recommend(&app, &hr, person, "副科级", "个人署名推荐", "").await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "recommender").is_empty(), "{s} {v}");
    let (s, v) = recommend(&app, &hr, person, "副科级", "随便推荐", "").await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "source").is_empty(), "{s} {v}");
    assert_eq!(recommend(&app, &leader, person, "副科级", "组织推荐", "").await.0, StatusCode::FORBIDDEN);
    let (s, v) = recommend(&app, &hr, person, "副科级", "个人署名推荐", "王建国").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let entry = v.as_i64().unwrap();
    // Once at a time per pool.
    let (s, v) = recommend(&app, &hr, person, "副科级", "组织推荐", "").await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("已在副科级后备库"), "{s} {v}");

    // 推荐 → 考察; 研究决定 only after the inspection is recorded.
    assert_eq!(mv(&app, &hr, entry, "研究决定", "").await.0, StatusCode::BAD_REQUEST, "no skipping the inspection");
    assert_eq!(mv(&app, &hr, entry, "考察", "列为考察对象").await.0, StatusCode::OK);
    let (s, v) = mv(&app, &hr, entry, "研究决定", "").await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("考察情况"), "{s} {v}");
    let inspection = |talked: i64, findings: &str| json!({ "input": { "entry_id": entry, "inspected_on": today().to_string(), "team": "张伟、李娜", "talked_to": talked, "findings": findings, "conclusion": "考察合格" } });
    let (s, v) = app.call_json(&hr, "reserve_inspect", inspection(0, "好")).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "talked_to").is_empty(), "{s} {v}");
    let (s, v) = app.call_json(&hr, "reserve_inspect", inspection(12, "**实绩突出**<script>alert(1)</script>")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, d) = app.call(&hr, "reserve_entry", &[("id", &entry.to_string())]).await;
    let html = d["findings_html"].as_str().unwrap();
    assert!(html.contains("<strong>实绩突出</strong>") && !html.contains("<script"), "sanitised: {html}");
    assert_eq!(mv(&app, &hr, entry, "研究决定", "考察合格").await.0, StatusCode::OK);

    // 研究决定 starts the promotion's 任前公示 in the posts module.
    let dept: i64 = scalar(&app, &format!("SELECT unit_id FROM people WHERE id = {person}")).await;
    app.exec(&format!("DELETE FROM unit_leader_quota WHERE unit_id = {dept} AND level = '副科级'")).await;
    app.exec(&format!("INSERT INTO unit_leader_quota (unit_id, level, approved) VALUES ({dept}, '副科级', 50)")).await;
    app.exec(&format!(
        "INSERT INTO posts (unit_id, name, category, grade, leader_level, seats, created_at, updated_at) VALUES ({dept}, '后备测试岗', '管理岗位', '八级', '副科级', 1, 0, 0)"
    ))
    .await;
    let post = scalar(&app, &format!("SELECT id FROM posts WHERE unit_id = {dept} AND name = '后备测试岗'")).await;
    let decision = |post: i64| json!({ "input": { "entry_id": entry, "post_id": post, "decision_date": today().to_string(), "decided_by": "中心党委会", "notice_start": today().to_string(), "note": "一致同意" } });
    let (s, v) = app.call_json(&leader, "reserve_decide", decision(post)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let (s, v) = app.call_json(&hr, "reserve_decide", decision(0)).await;
    assert!(s.is_client_error(), "{s} {v}");
    assert_eq!(stage(&app, entry).await, "研究决定", "a refused decision changes nothing");
    let (s, v) = app.call_json(&hr, "reserve_decide", decision(post)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let promotion = v.as_i64().unwrap();
    assert_eq!(stage(&app, entry).await, "公示");
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) FROM promotions WHERE id = {promotion} AND person_id = {person} AND status = '公示中'"))
            .await,
        1
    );
    // In 公示 the entry is not removed by hand: the promotion is stopped or takes effect.
    let (s, v) = mv(&app, &hr, entry, "已撤销", "不再考虑").await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("终止提任"), "{s} {v}");
    let end: String =
        sqlx::query_scalar("SELECT notice_end FROM promotions WHERE id = $1").bind(promotion).fetch_one(&app.db().pool).await.unwrap();
    let effective = (chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap() + chrono::Duration::days(1)).to_string();
    let (s, v) = app
        .call(
            &hr,
            "promotion_effect",
            &[("id", &promotion.to_string()), ("effective_date", &effective), ("doc_no", "后勤中心〔2026〕40号"), ("override_reason", "")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(stage(&app, entry).await, "已使用");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM people WHERE id = {person} AND level = '副科级'")).await, 1);
    // Every move, with who and why, in order.
    let (_, d) = app.call(&hr, "reserve_entry", &[("id", &entry.to_string())]).await;
    let moves: Vec<String> = d["moves"].as_array().unwrap().iter().map(|m| m["to"].as_str().unwrap().to_string()).collect();
    assert_eq!(moves, ["推荐", "考察", "研究决定", "公示", "已使用"], "{d}");
    assert!(d["moves"].as_array().unwrap().iter().all(|m| !m["by"].as_str().unwrap().is_empty()));
    assert!(scalar(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'reserve_entry' AND entity_id = '{entry}'")).await >= 4);
    // Used: no further moves.
    assert_eq!(mv(&app, &hr, entry, "推荐", "").await.0, StatusCode::BAD_REQUEST);
});

async fn round(app: &TestApp, hr: &Client, voters: &[i64], candidates: &[i64], seats: i64, mode: &str) -> i64 {
    let closes = (chrono::Utc::now() + chrono::Duration::hours(8 + 2)).format("%Y-%m-%d %H:%M").to_string();
    let (s, v) = app
        .call_json(
            hr,
            "reserve_round_save",
            json!({ "input": { "title": "测试推荐", "target": "副科级", "seats": seats, "mode": mode, "min_num": 2, "min_den": 3, "closes_at": closes,
                "voter_units": [], "voter_people": voters, "candidates": candidates } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_i64().unwrap()
}

async fn cast(app: &TestApp, c: &Client, round: i64, choices: &[i64]) -> (StatusCode, Value) {
    let mut form: Vec<(String, String)> = vec![("round_id".into(), round.to_string()), ("choices[]".into(), "0".into())];
    form.extend(choices.iter().map(|c| ("choices[]".to_string(), c.to_string())));
    let res = c.post(format!("{}/api/ballot_cast", app.base)).form(&form).send().await.unwrap();
    let s = res.status();
    (s, res.json::<Value>().await.unwrap_or(Value::Null))
}

both!(a_round_counts_one_anonymous_ballot_per_voter_and_needs_two_thirds, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let employee = app.login("employee").await;
    let leader = app.login("leader").await;
    let me: i64 = scalar(&app, "SELECT person_id FROM users WHERE username = 'employee'").await;
    let lead_me: i64 = scalar(&app, "SELECT person_id FROM users WHERE username = 'leader'").await;
    let a = free_clerk(&app, 0).await;
    let b = free_clerk(&app, 1).await;
    let c = free_clerk(&app, 2).await;
    // A group of three: the employee, the leader and one more who never votes.
    let r = round(&app, &hr, &[me, lead_me, c], &[a, b], 1, "online").await;
    // Started from the form (JavaScript off), HR lands on the new round's page.
    let closes = (chrono::Utc::now() + chrono::Duration::hours(8 + 2)).format("%Y-%m-%d %H:%M").to_string();
    let res = hr
        .post(format!("{}/api/reserve_round_save", app.base))
        .header("accept", "text/html")
        .form(&[
            ("input[title]", "表单推荐".to_string()),
            ("input[target]", "副科级".into()),
            ("input[seats]", "1".into()),
            ("input[mode]", "paper".into()),
            ("input[min_num]", "2".into()),
            ("input[min_den]", "3".into()),
            ("input[closes_at]", closes),
            ("input[voter_people]", format!("{me}, {lead_me}")),
            ("input[candidates][]", a.to_string()),
            ("input[candidates][]", b.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let made: i64 = scalar(&app, "SELECT MAX(id) FROM reserve_rounds").await;
    assert_eq!(to, format!("/reserve/rounds/{made}"));
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM reserve_round_voters WHERE round_id = {made}")).await, 2, "numbers typed");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM reserve_round_candidates WHERE round_id = {made}")).await, 2, "people picked");

    // Someone outside the group sees no ballot.
    let hr_person: Option<i64> =
        sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'hr'").fetch_one(&app.db().pool).await.unwrap();
    if hr_person.is_some() {
        assert_eq!(app.call(&hr, "ballot_get", &[("round_id", &r.to_string())]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(cast(&app, &hr, r, &[a]).await.0, StatusCode::NOT_FOUND);
    }
    let (s, b1) = app.call(&employee, "ballot_get", &[("round_id", &r.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{b1}");
    assert_eq!(b1["candidates"].as_array().unwrap().len(), 2);
    let (_, mine) = app.call(&employee, "my_ballots", &[]).await;
    assert!(mine.as_array().unwrap().iter().any(|x| x["round_id"] == r), "{mine}");
    // More than the seats, or someone not on the ballot: refused, nothing counted.
    let (s, v) = cast(&app, &employee, r, &[a, b]).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && field(&v, "choices").contains("最多推荐 1 人"), "{s} {v}");
    assert_eq!(cast(&app, &employee, r, &[c]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = cast(&app, &employee, r, &[a]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // A second ballot from the same voter is refused.
    let (s, v) = cast(&app, &employee, r, &[b]).await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("只能投一次"), "{s} {v}");
    // A plain form (JavaScript off) is sent on to the ballot page.
    let res = leader
        .post(format!("{}/api/ballot_cast", app.base))
        .header("accept", "text/html")
        .form(&[("round_id", r.to_string()), ("choices[]", "0".into()), ("choices[]", a.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"].to_str().unwrap().contains(&format!("/reserve/ballot/{r}?done=1")));
    // Nothing stored links a voter to a choice: the voters table holds only who took part.
    let cols: Vec<String> = match app.db().engine {
        app::store::Engine::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('reserve_round_voters') ORDER BY cid")
            .fetch_all(&app.db().pool)
            .await
            .unwrap(),
        app::store::Engine::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'reserve_round_voters' ORDER BY ordinal_position",
        )
        .fetch_all(&app.db().pool)
        .await
        .unwrap(),
    };
    assert_eq!(cols, ["round_id", "person_id", "voted"]);
    assert_eq!(scalar(&app, &format!("SELECT votes FROM reserve_round_candidates WHERE round_id = {r} AND person_id = {a}")).await, 2);
    // Results are HR's: the employee sees none.
    assert_eq!(app.call(&employee, "reserve_round", &[("id", &r.to_string())]).await.0, StatusCode::FORBIDDEN);
    // Open: adopting is refused; closed with 2 of 3 it is valid (two thirds exactly).
    assert_eq!(app.call_json(&hr, "reserve_round_adopt", json!({ "id": r, "person_ids": [a] })).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(app.call(&hr, "reserve_round_close", &[("id", &r.to_string())]).await.0, StatusCode::OK);
    let (s, v) = cast(&app, &employee, r, &[a]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    // Closed: no longer listed, and the ballot names nobody.
    let (_, mine) = app.call(&employee, "my_ballots", &[]).await;
    assert!(!mine.as_array().unwrap().iter().any(|x| x["round_id"] == r), "{mine}");
    let (s, closed) = app.call(&employee, "ballot_get", &[("round_id", &r.to_string())]).await;
    assert!(s == StatusCode::OK && closed["open"] == false && closed["candidates"].as_array().unwrap().is_empty(), "{s} {closed}");
    let (_, d) = app.call(&hr, "reserve_round", &[("id", &r.to_string())]).await;
    assert_eq!(
        (d["row"]["took_part"].as_i64(), d["row"]["group"].as_i64(), d["row"]["valid"].as_bool()),
        (Some(2), Some(3), Some(true)),
        "{d}"
    );
    assert!(d["candidates"].to_string().contains("2 票（100.0%）"), "{d}");
    let (s, v) = app.call_json(&hr, "reserve_round_adopt", json!({ "id": r, "person_ids": [a] })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) FROM reserve_entries WHERE person_id = {a} AND source = '民主推荐' AND round_id = {r}"))
            .await,
        1
    );

    // A round with one of three taking part is not valid, and nobody enters the pool from it.
    let r2 = round(&app, &hr, &[me, lead_me, c], &[b], 1, "online").await;
    assert_eq!(cast(&app, &employee, r2, &[b]).await.0, StatusCode::OK);
    assert_eq!(app.call(&hr, "reserve_round_close", &[("id", &r2.to_string())]).await.0, StatusCode::OK);
    let (s, v) = app.call_json(&hr, "reserve_round_adopt", json!({ "id": r2, "person_ids": [b] })).await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("三分之二"), "{s} {v}");

    // Paper ballots: counts checked against the ballots returned. The form posts each
    // candidate's count as `counts[<person>]` (an empty field is 0).
    let r3 = round(&app, &hr, &[me, lead_me, c], &[a, b], 1, "paper").await;
    let counts = |pairs: &[(i64, &str)]| Value::Object(pairs.iter().map(|(p, n)| (p.to_string(), json!(n))).collect());
    let (s, _) = app.call_json(&hr, "reserve_round_paper", json!({ "id": r3, "ballots": 4, "counts": counts(&[(a, "1")]) })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "more ballots than voters");
    let (s, _) =
        app.call_json(&hr, "reserve_round_paper", json!({ "id": r3, "ballots": 2, "counts": counts(&[(a, "2"), (b, "1")]) })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "more votes than ballots × seats");
    let (s, v) = app.call_json(&hr, "reserve_round_paper", json!({ "id": r3, "ballots": "", "counts": counts(&[(a, "2")]) })).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "ballots").is_empty(), "an empty ballot count is named: {s} {v}");
    let (s, v) = app.call_json(&hr, "reserve_round_paper", json!({ "id": r3, "ballots": 2, "counts": counts(&[(a, "2"), (b, "")]) })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let stored: Vec<(i64, i64)> =
        sqlx::query_as(&format!("SELECT person_id, paper FROM reserve_round_candidates WHERE round_id = {r3} ORDER BY person_id"))
            .fetch_all(&app.db().pool)
            .await
            .unwrap();
    let mut want = vec![(a, 2), (b, 0)];
    want.sort_unstable();
    assert_eq!(stored, want, "the counts as posted");
    assert_eq!(cast(&app, &employee, r3, &[a]).await.0, StatusCode::NOT_FOUND, "no online ballot for a paper round");
});

both!(leaders_give_opinions_hr_tallies_and_employees_see_nothing, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let deptlead = app.login("deptlead").await;
    let employee = app.login("employee").await;
    let (s, pool) = app.call(&hr, "reserve_pool", &[("target", "副科级"), ("closed", "false")]).await;
    assert_eq!(s, StatusCode::OK, "{pool}");
    let rows = pool["rows"].as_array().unwrap().clone();
    assert!(rows.len() >= 4, "the demo fills the pool: {}", rows.len());
    // Every candidate carries the engine's answer and, when not eligible, why.
    for r in &rows {
        assert!(["ok", "on", "no", "unknown"].contains(&r["verdict"].as_str().unwrap()), "{r}");
        if r["verdict"] != "ok" {
            assert!(!r["reasons"].as_array().unwrap().is_empty(), "{r}");
        }
    }
    let entry = rows[0]["entry_id"].as_i64().unwrap();
    let e = entry.to_string();
    // Leaders give opinions; HR does not (it tallies).
    let (s, v) = app.call(&leader, "reserve_opinion", &[("entry_id", &e), ("opinion", "同意"), ("comment", "")]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        app.call(&leader, "reserve_opinion", &[("entry_id", &e), ("opinion", "也许"), ("comment", "")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.call(&hr, "reserve_opinion", &[("entry_id", &e), ("opinion", "同意"), ("comment", "")]).await.0, StatusCode::FORBIDDEN);
    // Changing one's mind replaces the opinion.
    assert_eq!(
        app.call(&leader, "reserve_opinion", &[("entry_id", &e), ("opinion", "不同意"), ("comment", "再培养")]).await.0,
        StatusCode::OK
    );
    // A plain form (JavaScript off) goes back to its page, whose note names the entry: a page may
    // hold one opinion form per candidate.
    let res = leader
        .post(format!("{}/api/reserve_opinion", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/reserve/compare?ids={e}", app.base))
        .form(&[("entry_id", e.as_str()), ("opinion", "不同意"), ("comment", "再培养")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/reserve/compare?ids="), "{:?}", res.headers());
    let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join("\n");
    assert!(cookie.contains(&format!("reserve_opinion:{e}")), "{cookie}");
    let (_, d) = app.call(&hr, "reserve_entry", &[("id", &e)]).await;
    assert!(d["row"]["disagree"].as_i64().unwrap() >= 1, "{d}");
    assert!(d["opinions"].to_string().contains("再培养"), "HR reads the opinions: {d}");
    let (_, d) = app.call(&leader, "reserve_entry", &[("id", &e)]).await;
    assert_eq!(
        (d["row"]["my_opinion"].as_str(), d["row"]["agree"].as_i64()),
        (Some("不同意"), Some(0)),
        "a leader sees their own, no tally: {d}"
    );
    assert!(d["opinions"].as_array().unwrap().iter().all(|o| o["leader"] == d["opinions"][0]["leader"]));

    // Side by side: 2 to 4.
    let ids: Vec<i64> = rows.iter().take(3).map(|r| r["entry_id"].as_i64().unwrap()).collect();
    let (s, v) = app.call_json(&leader, "reserve_compare", json!({ "ids": ids })).await;
    assert_eq!((s, v.as_array().map(|a| a.len())), (StatusCode::OK, Some(3)), "{v}");
    assert_eq!(app.call_json(&leader, "reserve_compare", json!({ "ids": [ids[0]] })).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // A 部室负责人 sees their 部室's candidates only.
    let unit: i64 = scalar(
        &app,
        "SELECT unit_id FROM user_roles WHERE user_id = (SELECT id FROM users WHERE username = 'deptlead') AND role = 'leader'",
    )
    .await;
    let (s, mine) = app.call(&deptlead, "reserve_pool", &[("target", "副科级"), ("closed", "true")]).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    let theirs: std::collections::HashSet<i64> = mine["rows"].as_array().unwrap().iter().map(|r| r["entry_id"].as_i64().unwrap()).collect();
    let inside: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT e.id FROM reserve_entries e JOIN people p ON p.id = e.person_id JOIN org_units ou ON ou.id = p.unit_id WHERE e.target = '副科级' AND ou.path LIKE '%/{unit}/%'"
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    assert_eq!(theirs, inside.iter().copied().collect(), "exactly the 部室's entries");
    let outside: i64 = scalar(&app, &format!(
        "SELECT MIN(e.id) FROM reserve_entries e JOIN people p ON p.id = e.person_id JOIN org_units ou ON ou.id = p.unit_id WHERE ou.path NOT LIKE '%/{unit}/%'"
    ))
    .await;
    assert_eq!(app.call(&deptlead, "reserve_entry", &[("id", &outside.to_string())]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.call(&deptlead, "reserve_opinion", &[("entry_id", &outside.to_string()), ("opinion", "同意"), ("comment", "")]).await.0,
        StatusCode::NOT_FOUND
    );

    // Employees: refused by every reserve function but their ballot, and by the pages.
    for (name, _) in app::authz::SERVER_FNS.iter().filter(|(n, _)| n.starts_with("reserve_")) {
        let (s, _) = app.call(&employee, name, &[]).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}");
    }
    for path in [
        "/reserve",
        "/reserve/pool/4",
        &format!("/reserve/entry/{entry}"),
        "/reserve/rounds",
        "/reserve/search",
        "/reserve/settings",
        "/api/reserve_pool_xlsx?target=副科级",
    ] {
        let res = employee.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let res = employee.get(format!("{}/reserve/ballot", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The handout exports for HR.
    let res = hr.get(format!("{}/api/reserve_pool_xlsx?target=%E5%89%AF%E7%A7%91%E7%BA%A7", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an .xlsx");
});

both!(the_search_finds_who_becomes_eligible_with_their_dates, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let (s, now) = app.call(&hr, "reserve_search", &[("target", "副科级"), ("days", "0"), ("page", "1")]).await;
    assert_eq!(s, StatusCode::OK, "{now}");
    let (_, year) = app.call(&hr, "reserve_search", &[("target", "副科级"), ("days", "365"), ("page", "1")]).await;
    let evaluated = scalar(&app, "SELECT COUNT(*) FROM people WHERE status = '在职' AND level = '科员'").await;
    assert_eq!(year["considered"].as_i64(), Some(evaluated), "every 科员 is considered");
    // Those over the 副科 ceiling (35 by default) are left to the database; everyone else is evaluated.
    let cutoff = today().with_year(today().year() - 36).unwrap_or(today()) - chrono::Duration::days(2);
    let young =
        scalar(&app, &format!("SELECT COUNT(*) FROM people WHERE status = '在职' AND level = '科员' AND birth_date >= '{cutoff}'")).await;
    assert_eq!(year["evaluated"].as_i64(), Some(young), "{year}");
    assert!(year["total"].as_i64() >= now["total"].as_i64());
    assert_eq!(now["total"], now["eligible_now"], "within 0 days only those eligible today");
    // Dates ascend: today's first.
    let rows = year["rows"].as_array().unwrap();
    let flags: Vec<bool> = rows.iter().map(|r| r["now"].as_bool().unwrap()).collect();
    assert!(flags.windows(2).all(|w| w[0] >= w[1]), "{flags:?}");
    assert_eq!(
        app.call(&hr, "reserve_search", &[("target", "科员"), ("days", "0"), ("page", "1")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.call(&hr, "reserve_search", &[("target", "副科级"), ("days", "99999"), ("page", "1")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The rules are HR's to change: a bad value is named, a good one saved and used.
    let (_, s0) = app.call(&hr, "reserve_settings", &[]).await;
    let mut rules = s0["rules"].clone();
    rules["max_age"] = json!([50, 45, 40, 5]);
    let (s, v) = app.call_json(&hr, "reserve_settings_save", json!({ "rules": rules, "targets": s0["targets"] })).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "max_age").is_empty(), "{s} {v}");
    let mut rules = s0["rules"].clone();
    rules["off"] = json!(["YearsAtLevel", "Age", "Education", "Grades", "Training", "Probation", "RecentPromotion"]);
    let (s, v) = app.call_json(&hr, "reserve_settings_save", json!({ "rules": rules, "targets": s0["targets"] })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, all) = app.call(&hr, "reserve_search", &[("target", "副科级"), ("days", "0"), ("page", "1")]).await;
    assert!(all["considered"].as_i64() > year["considered"].as_i64(), "with the years rule off, lower levels are read too: {all}");
    assert_eq!(all["considered"], all["evaluated"], "with the age rule off nobody is left out: {all}");
    assert_eq!(all["eligible_now"], all["evaluated"], "with every rule off everyone passes");
    // The form names the rules in force (unticked boxes post nothing) and may leave a number empty.
    let mut rules = s0["rules"].clone();
    rules["grade_years"] = json!("");
    let (s, v) = app
        .call_json(&hr, "reserve_settings_save", json!({ "rules": rules, "targets": s0["targets"], "switches": true, "on": ["Age"] }))
        .await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && !field(&v, "grade_years").is_empty(), "{s} {v}");
    let (s, v) = app
        .call_json(
            &hr,
            "reserve_settings_save",
            json!({ "rules": s0["rules"], "targets": s0["targets"], "switches": true, "on": ["Age", "Grades"] }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, now_rules) = app.call(&hr, "reserve_settings", &[]).await;
    let off: Vec<&str> = now_rules["rules"]["off"].as_array().unwrap().iter().filter_map(|c| c.as_str()).collect();
    assert_eq!(off.len(), 7, "all but the two ticked are off: {now_rules}");
    assert!(!off.contains(&"Age") && !off.contains(&"Grades"), "{now_rules}");
    let (_, o) = app.call(&hr, "reserve_overview", &[]).await;
    assert_eq!(o["pools"].as_array().unwrap().len(), 4, "{o}");
});
