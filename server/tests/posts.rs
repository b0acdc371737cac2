//! Posts and appointments: the catalogue and vacancies, appointment records and their refusals,
//! campaigns (preview, refusal, one transaction, the last seat under concurrency, a failure half
//! way), promotions through 公示 and 试用期, the 干部任免审批表, and who may do what; on both engines.

mod common;

use common::{unit_named, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::HashMap;

const DOC: &str = "后勤中心〔2026〕1号";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.db().pool).await.unwrap()
}

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar::<_, String>(sql).fetch_one(&app.db().pool).await.unwrap()
}

/// The message of a field in an `Invalid` answer (empty when the answer is something else).
fn field_message(v: &Value, field: &str) -> String {
    v["Invalid"]
        .as_array()
        .and_then(|l| l.iter().find(|f| f["field"] == field))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// The words of a `Refused` answer (empty when the answer is something else).
fn refusal(v: &Value) -> String {
    v["Refused"].as_str().unwrap_or_default().to_string()
}

fn post_form(unit: i64, name: &str, category: &str, grade: &str, leader: &str, seats: i64) -> Value {
    json!({ "input": { "id": 0, "unit_id": unit, "name": name, "category": category, "grade": grade, "leader_level": leader, "seats": seats, "duties": "" } })
}

async fn new_post(app: &TestApp, hr: &Client, unit: i64, name: &str, grade: &str, leader: &str, seats: i64) -> i64 {
    let (s, v) = app.call_json(hr, "post_save", post_form(unit, name, "管理岗位", grade, leader, seats)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_i64().unwrap()
}

/// Active people of a level with no promotion in 公示 and no open 试用期, by id.
async fn people_of_level(app: &TestApp, level: &str, n: usize) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM people WHERE status = '在职' AND level = $1 \
         AND id NOT IN (SELECT person_id FROM promotions WHERE status = '公示中') \
         AND id NOT IN (SELECT person_id FROM probations WHERE status = '试用中') ORDER BY id",
    )
    .bind(level)
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    assert!(ids.len() >= n, "only {} people of {level}", ids.len());
    ids.into_iter().take(n).collect()
}

async fn name_of(app: &TestApp, person: i64) -> String {
    text(app, &format!("SELECT name FROM people WHERE id = {person}")).await
}

async fn vacancies(app: &TestApp, c: &Client) -> HashMap<i64, Value> {
    let (s, v) = app.call(c, "post_vacancies", &[]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().unwrap().iter().map(|r| (r["unit_id"].as_i64().unwrap(), r.clone())).collect()
}

fn delta(after: &Value, before: &Value, key: &str) -> i64 {
    after[key].as_i64().unwrap() - before[key].as_i64().unwrap()
}

async fn post_get(app: &TestApp, c: &Client, id: i64) -> Value {
    let (s, v) = app.call(c, "post_get", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

fn record(person: i64, kind: &str, post: i64, date: &str, reason: &str) -> Value {
    json!({ "input": { "person_id": person, "kind": kind, "post_id": post, "part_time": false, "level": "", "position": "",
        "effective_date": date, "doc_no": DOC, "decided_by": "中心主任办公会", "notes": "", "override_reason": reason } })
}

async fn person_posts(app: &TestApp, c: &Client, person: i64) -> Value {
    let (s, v) = app.call(c, "person_posts", &[("person_id", &person.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn campaign(app: &TestApp, hr: &Client, name: &str, doc: &str) -> i64 {
    let (s, v) = app
        .call_json(hr, "campaign_save", json!({ "input": { "id": 0, "name": name, "kind": "首聘", "doc_no": doc, "decided_by": "中心党委会", "effective_date": "2026-06-01", "notes": "" } }))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_i64().unwrap()
}

async fn pick_by(app: &TestApp, hr: &Client, id: i64, unit: i64, level: &str, people: &[i64]) -> (StatusCode, Value) {
    app.call_json(
        hr,
        "campaign_pick",
        json!({ "input": { "campaign_id": id, "unit_id": unit, "level": level, "person_ids": people, "without_post": false } }),
    )
    .await
}

async fn pick(app: &TestApp, hr: &Client, id: i64, people: &[i64]) {
    let (s, v) = pick_by(app, hr, id, 0, "", people).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(people.len() as i64));
}

async fn assign(app: &TestApp, hr: &Client, id: i64, items: &[(i64, i64)]) -> (StatusCode, Value) {
    app.call_json(hr, "campaign_assign", json!({ "input": { "campaign_id": id, "items": items } })).await
}

async fn campaign_get(app: &TestApp, c: &Client, id: i64) -> Value {
    let (s, v) = app.call(c, "campaign_get", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn campaign_status(app: &TestApp, id: i64) -> String {
    text(app, &format!("SELECT status FROM post_campaigns WHERE id = {id}")).await
}

/// Everything a commit writes, to compare before and after a refused or failed one.
async fn footprint(app: &TestApp, people: &[i64]) -> (i64, i64, i64, i64, i64, Vec<(i64, String, String, String, i64)>) {
    let list = people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",");
    let rows = sqlx::query(&format!(
        "SELECT id, position, level, COALESCE(position_date, '') AS pd, unit_id FROM people WHERE id IN ({list}) ORDER BY id"
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    let people = rows
        .iter()
        .map(|r| {
            (
                r.get::<i64, _>("id"),
                r.get::<String, _>("position"),
                r.get::<String, _>("level"),
                r.get::<String, _>("pd"),
                r.get::<i64, _>("unit_id"),
            )
        })
        .collect();
    (
        scalar(app, "SELECT COUNT(*) FROM appointments").await,
        scalar(app, "SELECT COUNT(*) FROM post_holders").await,
        scalar(app, "SELECT CAST(COALESCE(SUM(filled), 0) AS BIGINT) FROM posts").await,
        scalar(app, "SELECT CAST(COALESCE(SUM(used), 0) AS BIGINT) FROM unit_leaders_used").await,
        scalar(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'campaign' AND action = 'commit'").await,
        people,
    )
}

// ---- 1. the catalogue and vacancies ------------------------------------------------------------------

both!(posts_vacancies_and_who_may_see_them, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let deptlead = app.login("deptlead").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let meeting = unit_named(&app, "会议服务部").await;
    let before = vacancies(&app, &hr).await;

    let clerk = new_post(&app, &hr, office, "测试科员岗", "九级", "", 2).await;
    let deputy = new_post(&app, &hr, meeting, "测试副科长岗", "八级", "副科级", 1).await;
    // The same name in another 部室 is another post.
    new_post(&app, &hr, meeting, "测试科员岗", "九级", "", 1).await;

    // Bad posts: a grade that does not fit the level, no seats, no name, a name taken, a leadership
    // level on a post that is not 管理岗位; each a field message in Chinese, nothing saved.
    let posts_before = scalar(&app, "SELECT COUNT(*) FROM posts").await;
    for (form, field, words) in [
        (post_form(office, "甲", "管理岗位", "九级", "副科级", 1), "grade", "副科级领导岗位的岗位等级应为八级"),
        (post_form(office, "乙", "管理岗位", "九级", "", 0), "seats", "岗位数至少为 1"),
        (post_form(office, " ", "管理岗位", "九级", "", 1), "name", "请填写岗位名称"),
        (post_form(office, "测试科员岗", "管理岗位", "九级", "", 1), "name", "本部室已有名为「测试科员岗」的岗位"),
        (post_form(office, "丙", "专业技术岗位", "八级", "副科级", 1), "leader_level", "只有管理岗位"),
    ] {
        let (s, v) = app.call_json(&hr, "post_save", form).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {v}");
        assert!(field_message(&v, field).contains(words), "{field}: {v}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM posts").await, posts_before);

    // The vacancy view counts the new posts: seats and vacancies up, nobody in them.
    let after = vacancies(&app, &hr).await;
    let (b, a) = (&before[&office], &after[&office]);
    assert_eq!((delta(a, b, "posts"), delta(a, b, "seats"), delta(a, b, "filled"), delta(a, b, "vacant")), (1, 2, 0, 2), "{a}");
    let (b, a) = (&before[&meeting], &after[&meeting]);
    assert_eq!((delta(a, b, "posts"), delta(a, b, "seats"), delta(a, b, "filled"), delta(a, b, "vacant")), (2, 2, 0, 2), "{a}");
    // Vacant seats are the free seats of each post, summed (a post filled beyond its seats gives none).
    for unit in [office, meeting] {
        let free = scalar(
            &app,
            &format!("SELECT CAST(COALESCE(SUM(CASE WHEN seats > filled THEN seats - filled ELSE 0 END), 0) AS BIGINT) FROM posts WHERE closed = 0 AND unit_id = {unit}"),
        )
        .await;
        assert_eq!(after[&unit]["vacant"].as_i64(), Some(free), "{}", after[&unit]);
    }

    // Leaders read: the list and a post.
    let (s, list) =
        app.call_json(&leader, "post_list", json!({ "query": { "unit_id": office, "q": "测试", "vacant_only": true, "page": 1 } })).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!((items[0]["id"].as_i64(), items[0]["seats"].as_i64(), items[0]["filled"].as_i64()), (Some(clerk), Some(2), Some(0)));
    let d = post_get(&app, &leader, deputy).await;
    assert_eq!((d["post"]["leader_level"].as_str(), d["post"]["grade"].as_str()), (Some("副科级"), Some("八级")), "{d}");
    assert_eq!(app.call(&leader, "post_vacancies", &[]).await.0, StatusCode::OK);
    // … but do not write.
    let mut form = post_form(office, "改名", "管理岗位", "九级", "", 3);
    form["input"]["id"] = json!(clerk);
    assert_eq!(app.call_json(&leader, "post_save", form.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&leader, "post_close", &[("id", &clerk.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post_get(&app, &hr, clerk).await["post"]["name"], "测试科员岗");
    // A 部室 leader sees only the posts of their 部室.
    let (s, list) =
        app.call_json(&deptlead, "post_list", json!({ "query": { "unit_id": 0, "q": "", "vacant_only": false, "page": 1 } })).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert!(list["total"].as_i64().unwrap() > 0, "{list}");
    assert!(list["items"].as_array().unwrap().iter().all(|p| p["unit_id"] != office && p["unit_id"] != meeting), "{list}");
    assert_eq!(app.call(&deptlead, "post_get", &[("id", &clerk.to_string())]).await.0, StatusCode::NOT_FOUND);

    // Employees see none of it.
    let someone = people_of_level(&app, "科员", 1).await[0];
    let (s, _) =
        app.call_json(&employee, "post_list", json!({ "query": { "unit_id": 0, "q": "", "vacant_only": false, "page": 1 } })).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "person_posts", &[("person_id", &someone.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "post_vacancies", &[]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "post_get", &[("id", &clerk.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call_json(&employee, "post_save", form).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&leader, "person_posts", &[("person_id", &someone.to_string())]).await.0, StatusCode::OK);
});

// ---- 2. one appointment record -----------------------------------------------------------------------

both!(appointments_follow_seats_and_the_admin_may_override_in_writing, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let admin = app.login("admin").await;
    let leader = app.login("leader").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let post = new_post(&app, &hr, office, "测试单人岗", "九级", "", 1).await;
    let people = people_of_level(&app, "科员", 3).await;
    let before = vacancies(&app, &hr).await;
    let count = || scalar(&app, "SELECT COUNT(*) FROM appointments");

    // A level that does not fit the post is refused.
    let chief: i64 = scalar(
        &app,
        "SELECT id FROM people WHERE status = '在职' AND level IN ('副科级', '正科级', '副处级', '正处级') ORDER BY id LIMIT 1",
    )
    .await;
    let n = count().await;
    let (s, v) = app.call_json(&hr, "appointment_record", record(chief, "首聘", post, "2026-06-01", "")).await;
    assert!(s.is_client_error() && refusal(&v).contains("职务层次不符") && refusal(&v).contains("测试单人岗"), "{s} {v}");
    assert_eq!(count().await, n);

    // 首聘 of a 科员 into the 九级 post (the post they held, if any, is left).
    let left_office = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM post_holders h JOIN posts p ON p.id = h.post_id WHERE h.person_id = {} AND h.main = 1 AND p.unit_id = {office}", people[0]),
    )
    .await;
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[0], "首聘", post, "2026-06-01", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let first = v.as_i64().unwrap();
    assert_eq!(count().await, n + 1);
    let row = sqlx::query("SELECT position, position_date, unit_id, post_grade FROM people WHERE id = $1")
        .bind(people[0])
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("position"), "测试单人岗");
    assert_eq!(row.get::<String, _>("position_date"), "2026-06-01");
    assert_eq!(row.get::<i64, _>("unit_id"), office);
    assert_eq!(row.get::<String, _>("post_grade"), "九级");
    let view = person_posts(&app, &hr, people[0]).await;
    assert_eq!((view["position"].as_str(), view["position_date"].as_str()), (Some("测试单人岗"), Some("2026-06-01")), "{view}");
    let last = view["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["id"], first);
    assert_eq!(
        (last["kind"].as_str(), last["position"].as_str(), last["unit_name"].as_str()),
        (Some("首聘"), Some("测试单人岗"), Some("办公室"))
    );
    assert_eq!((last["doc_no"].as_str(), last["override_reason"].as_str()), (Some(DOC), Some("")));
    assert!(view["holdings"].as_array().unwrap().iter().any(|h| h["post_id"] == post && h["main"] == true), "{view}");
    let d = post_get(&app, &hr, post).await;
    assert_eq!(d["post"]["filled"], 1);
    assert_eq!(d["holders"][0]["person_id"], people[0]);
    let after = vacancies(&app, &hr).await;
    assert_eq!(delta(&after[&office], &before[&office], "vacant"), left_office - 1, "{}", after[&office]);

    // The seat is taken: refused with the post named; HR's reason is no override.
    for reason in ["", "工作需要，经中心研究同意"] {
        let (s, v) = app.call_json(&hr, "appointment_record", record(people[1], "首聘", post, "2026-06-01", reason)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert!(refusal(&v).contains("办公室“测试单人岗”岗位设 1 个"), "{v}");
        assert!(!refusal(&v).contains("书面理由"), "HR is not told to give a reason: {v}");
    }
    assert_eq!(count().await, n + 1);
    // The admin must give a written reason …
    for reason in ["", "需要"] {
        let (s, v) = app.call_json(&admin, "appointment_record", record(people[1], "首聘", post, "2026-06-01", reason)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert!(refusal(&v).contains("测试单人岗") && refusal(&v).contains("书面理由"), "{v}");
    }
    assert_eq!(count().await, n + 1);
    // … and with one the record is made and keeps it.
    let (s, v) =
        app.call_json(&admin, "appointment_record", record(people[1], "首聘", post, "2026-06-01", "工作需要，经中心研究同意")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let reason: String = sqlx::query_scalar("SELECT override_reason FROM appointments WHERE id = $1")
        .bind(v.as_i64().unwrap())
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(reason, "工作需要，经中心研究同意");
    let last = person_posts(&app, &hr, people[1]).await["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["override_reason"], "工作需要，经中心研究同意");
    assert_eq!(post_get(&app, &hr, post).await["post"]["filled"], 2);
    let after = vacancies(&app, &hr).await;
    assert_eq!(delta(&after[&office], &before[&office], "over"), 1, "{}", after[&office]);

    // 提任 goes through 公示, 转正 through the probation list.
    for (kind, words) in [("提任", "公示"), ("转正", "试用期")] {
        let (s, v) = app.call_json(&hr, "appointment_record", record(people[2], kind, post, "2026-06-01", "")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(field_message(&v, "kind").contains(words), "{v}");
    }
    // Leaders read the history but record nothing; employees neither.
    let view = person_posts(&app, &leader, people[0]).await;
    assert_eq!(view["history"].as_array().unwrap().last().unwrap()["position"], "测试单人岗");
    assert_eq!(
        app.call_json(&leader, "appointment_record", record(people[2], "转任", post, "2026-06-01", "")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call_json(&employee, "appointment_record", record(people[2], "转任", post, "2026-06-01", "")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count().await, n + 2);
});

// ---- 3. a campaign -----------------------------------------------------------------------------------

both!(a_campaign_previews_refuses_then_commits_in_one_go, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let small = new_post(&app, &hr, office, "测试小岗", "九级", "", 2).await;
    let big = new_post(&app, &hr, office, "测试大岗", "九级", "", 100).await;
    let chief = new_post(&app, &hr, office, "测试副科长岗", "八级", "副科级", 1).await;
    let doc = "后勤中心〔2026〕9号";
    let id = campaign(&app, &hr, "测试首聘", doc).await;

    // Everyone of a level in one 部室 (with its sub-units), then four more by name.
    let first = people_of_level(&app, "科员", 1).await[0];
    let unit: i64 = scalar(&app, &format!("SELECT unit_id FROM people WHERE id = {first}")).await;
    let in_unit: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND p.level = '科员' \
         AND ou.path LIKE '%/{unit}/%' ORDER BY p.id"
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    assert!(!in_unit.is_empty());
    let (s, v) = pick_by(&app, &hr, id, unit, "科员", &[]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(in_unit.len() as i64));
    // Picking again adds nobody twice.
    assert_eq!(pick_by(&app, &hr, id, unit, "科员", &[]).await.1.as_i64(), Some(0));
    let extra: Vec<i64> =
        people_of_level(&app, "科员", in_unit.len() + 4).await.into_iter().filter(|p| !in_unit.contains(p)).take(4).collect();
    assert_eq!(extra.len(), 4);
    pick(&app, &hr, id, &extra).await;
    let everyone: Vec<i64> = in_unit.iter().chain(extra.iter()).copied().collect();
    let total = everyone.len() as i64;

    // The unit's people to the big post; three into two seats; a 科员 on a 副科级 post.
    let mut items: Vec<(i64, i64)> = in_unit.iter().map(|p| (*p, big)).collect();
    items.extend([(extra[0], small), (extra[1], small), (extra[2], small), (extra[3], chief)]);
    let (s, v) = assign(&app, &hr, id, &items).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(total)), "{v}");
    let d = campaign_get(&app, &hr, id).await;
    assert_eq!(d["campaign"]["people"].as_i64(), Some(total));
    let conflicts: Vec<String> = d["conflicts"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    let mismatch = name_of(&app, extra[3]).await;
    assert!(conflicts.iter().any(|c| c.contains("办公室“测试小岗”岗位设 2 个，本次安排后将有 3 人")), "{conflicts:?}");
    assert!(conflicts.iter().any(|c| c.contains(&mismatch) && c.contains("测试副科长岗") && c.contains("职务层次不符")), "{conflicts:?}");
    let row = d["items"].as_array().unwrap().iter().find(|i| i["person_id"] == extra[3]).unwrap().clone();
    assert!(row["problems"].to_string().contains("职务层次不符"), "{row}");
    assert_eq!(row["post_name"], "测试副科长岗");
    // The leader may look at it too.
    assert_eq!(campaign_get(&app, &leader, id).await["conflicts"].as_array().unwrap().len(), conflicts.len());

    // Committing now is refused and writes nothing.
    let before = footprint(&app, &everyone).await;
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(refusal(&v).contains("测试小岗"), "{v}");
    assert_eq!(footprint(&app, &everyone).await, before);
    assert_eq!(campaign_status(&app, id).await, "草稿");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {id}")).await, 0);

    // Fixed: the preview is clean and the commit records everyone with the campaign's 文号.
    assert_eq!(assign(&app, &hr, id, &[(extra[2], big), (extra[3], big)]).await.0, StatusCode::OK);
    let d = campaign_get(&app, &hr, id).await;
    assert_eq!(d["conflicts"].as_array().map(|c| c.len()), Some(0), "{d}");
    assert!(d["items"].as_array().unwrap().iter().all(|i| i["problems"].as_array().unwrap().is_empty()), "{d}");
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(total));
    let made = sqlx::query("SELECT person_id, kind, doc_no, effective_date, post_id FROM appointments WHERE campaign_id = $1")
        .bind(id)
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(made.len() as i64, total);
    for r in &made {
        assert_eq!(r.get::<String, _>("doc_no"), doc);
        assert_eq!(r.get::<String, _>("kind"), "首聘");
        assert_eq!(r.get::<String, _>("effective_date"), "2026-06-01");
    }
    let mut recorded: Vec<i64> = made.iter().map(|r| r.get::<i64, _>("person_id")).collect();
    recorded.sort();
    let mut expected = everyone.clone();
    expected.sort();
    assert_eq!(recorded, expected);
    assert_eq!(post_get(&app, &hr, small).await["post"]["filled"], 2);
    assert_eq!(post_get(&app, &hr, big).await["post"]["filled"].as_i64(), Some(total - 2));
    assert_eq!(post_get(&app, &hr, chief).await["post"]["filled"], 0);
    let v = person_posts(&app, &hr, extra[0]).await;
    assert_eq!((v["position"].as_str(), v["position_date"].as_str()), (Some("测试小岗"), Some("2026-06-01")));
    assert_eq!(v["history"].as_array().unwrap().last().unwrap()["doc_no"], doc);
    let d = campaign_get(&app, &hr, id).await;
    assert_eq!(d["campaign"]["status"], "已提交");
    assert_eq!(d["items"].as_array().unwrap().len() as i64, total);

    // Committed: no more changes of any kind.
    for (s, v) in [
        assign(&app, &hr, id, &[(extra[0], big)]).await,
        pick_by(&app, &hr, id, 0, "", &[first]).await,
        app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await,
        app.call_json(&hr, "campaign_remove", json!({ "campaign_id": id, "person_ids": [extra[0]] })).await,
    ] {
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert!(refusal(&v).contains("已提交"), "{v}");
    }
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {id}")).await, total);

    // The list as a workbook: for HR (and leaders), not for employees.
    let res = hr.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"), "{:?}", res.headers());
    let bytes = res.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
    let grid = app::excel::read_grid(&bytes).unwrap();
    let cells: Vec<&String> = grid.iter().flatten().collect();
    let placed = name_of(&app, extra[0]).await;
    assert!(cells.iter().any(|c| **c == placed), "{grid:?}");
    assert!(cells.iter().filter(|c| c.as_str() == "测试小岗").count() == 2, "{grid:?}");
    let res = leader.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = employee.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.client().get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert!(res.status() == StatusCode::UNAUTHORIZED || res.status() == StatusCode::FORBIDDEN, "{}", res.status());
    // Employees cannot touch campaigns at all.
    assert_eq!(app.call(&employee, "campaign_get", &[("id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "campaign_commit", &[("id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&leader, "campaign_commit", &[("id", &id.to_string())]).await.0, StatusCode::FORBIDDEN);
});

// ---- 3b. the campaign page's forms --------------------------------------------------------------------

/// The campaign page's table as the browser posts it: every row's `person:post`, the ticked rows,
/// the post for them and the button pressed.
fn table_form(id: i64, rows: &[(i64, i64)], picked: &[i64], bulk: &str, op: &str) -> Vec<(String, String)> {
    let mut f =
        vec![("input[campaign_id]".to_string(), id.to_string()), ("input[op]".into(), op.into()), ("input[bulk_post]".into(), bulk.into())];
    f.extend(rows.iter().enumerate().map(|(i, (person, post))| (format!("input[rows][{i}]"), format!("{person}:{post}"))));
    f.extend(picked.iter().map(|p| ("input[picked][]".to_string(), p.to_string())));
    f
}

async fn send_form(app: &TestApp, c: &Client, endpoint: &str, form: &[(String, String)]) -> (StatusCode, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(c, endpoint, &pairs).await
}

async fn assigned(app: &TestApp, id: i64) -> HashMap<i64, i64> {
    sqlx::query("SELECT person_id, COALESCE(post_id, 0) AS post_id FROM post_campaign_items WHERE campaign_id = $1")
        .bind(id)
        .fetch_all(&app.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<i64, _>("person_id"), r.get::<i64, _>("post_id")))
        .collect()
}

both!(the_campaign_table_saves_every_row_then_acts_on_the_ticked_ones, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let office = unit_named(&app, "办公室").await;
    let a = new_post(&app, &hr, office, "表单甲岗", "九级", "", 10).await;
    let b = new_post(&app, &hr, office, "表单乙岗", "九级", "", 10).await;
    let id = campaign(&app, &hr, "表单首聘", DOC).await;
    let p = people_of_level(&app, "科员", 5).await;

    // People typed by 人员编号 (the picker without script), as one field.
    let typed = format!("{}, {}、{} {}", p[0], p[1], p[2], p[3]);
    let (s, v) = app.call(&hr, "campaign_pick", &[("input[campaign_id]", &id.to_string()), ("input[person_ids]", &typed)]).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(4)), "{v}");
    let (s, v) = app.call(&hr, "campaign_pick", &[("input[campaign_id]", &id.to_string()), ("input[person_ids]", "12, 张三")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    // Blank choices of the 部室/level form are "all", and asking for nobody is refused in words.
    let (s, v) =
        app.call(&hr, "campaign_pick", &[("input[campaign_id]", &id.to_string()), ("input[unit_id]", ""), ("input[level]", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_message(&v, "unit_id").contains("请至少选择"), "{v}");

    // 保存安排: every row is posted; only the changed ones are written.
    let (s, v) =
        send_form(&app, &hr, "campaign_assign", &table_form(id, &[(p[0], a), (p[1], 0), (p[2], a), (p[3], 0)], &[], "", "save")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(2)), "{v}");
    let now = assigned(&app, id).await;
    assert_eq!((now[&p[0]], now[&p[1]], now[&p[2]], now[&p[3]]), (a, 0, a, 0));
    // A row of someone not in the campaign is ignored; a row that does not read is refused.
    let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[(p[0], a), (p[4], b)], &[], "", "save")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(0)), "{v}");
    assert!(!assigned(&app, id).await.contains_key(&p[4]));
    let mut bad = table_form(id, &[], &[], "", "save");
    bad.push(("input[rows][0]".into(), "x:y".into()));
    let (s, v) = send_form(&app, &hr, "campaign_assign", &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_message(&v, "rows").is_empty(), "{v}");

    // 批量安排: the rows' choices and the ticked rows to one post (the tick wins over its row).
    let rows = [(p[0], a), (p[1], 0), (p[2], a), (p[3], a)];
    let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &rows, &[p[1], p[2]], &b.to_string(), "bulk")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(3)), "{v}");
    let now = assigned(&app, id).await;
    assert_eq!((now[&p[0]], now[&p[1]], now[&p[2]], now[&p[3]]), (a, b, b, a));
    // Without a post, or without a tick: refused, nothing written.
    for (picked, bulk, field) in [(vec![p[0]], "", "bulk_post"), (vec![], "0", "picked")] {
        let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[(p[0], 0)], &picked, bulk, "bulk")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(!field_message(&v, field).is_empty(), "{field}: {v}");
    }
    assert_eq!(assigned(&app, id).await, now);
    // （清除安排） is post 0.
    let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[], &[p[3]], "0", "bulk")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(1)), "{v}");
    assert_eq!(assigned(&app, id).await[&p[3]], 0);

    // 移出所选: the ticked rows leave; the other rows' choices are saved with it.
    let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[(p[0], b), (p[3], a)], &[p[3]], "", "remove")).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(1)), "{v}");
    let now = assigned(&app, id).await;
    assert_eq!(now.len(), 3);
    assert_eq!(now[&p[0]], b);
    assert!(!now.contains_key(&p[3]));
    let (s, v) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[], &[], "", "remove")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, _) = send_form(&app, &hr, "campaign_assign", &table_form(id, &[], &[p[0]], "", "shred")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Leaders read campaigns; they change nothing.
    let (s, _) = send_form(&app, &leader, "campaign_assign", &table_form(id, &[], &[p[0]], "", "remove")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(assigned(&app, id).await.len(), 3);

    // The browser's own post (no script) comes back to the campaign page, which says what was done.
    let form = table_form(id, &[(p[0], a)], &[], "", "save");
    let res = hr.post(format!("{}/api/campaign_assign", app.base)).header("accept", "text/html").form(&form).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("/posts/campaigns/{id}?done=save"));
    let res = hr.get(format!("{}{to}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("已保存安排：1 人的岗位有变动。"), "{page}");
    assert!(page.contains("表单甲岗"), "the table shows the posts");
});

// ---- 4. the last seat, twice ---------------------------------------------------------------------------

both!(two_campaigns_cannot_both_take_the_last_seat, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let hr2 = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let people = people_of_level(&app, "科员", 10).await;
    for round in 0..5 {
        // Two seats, one taken already: one free.
        let post = new_post(&app, &hr, office, &format!("最后一席{round}"), "九级", "", 2).await;
        let (s, v) = app.call_json(&hr, "appointment_record", record(people[(round + 5) % 10], "首聘", post, "2026-05-01", "")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (p1, p2) = (people[round], people[(round + 1) % 5]);
        let c1 = campaign(&app, &hr, &format!("甲{round}"), "甲〔2026〕1号").await;
        let c2 = campaign(&app, &hr, &format!("乙{round}"), "乙〔2026〕1号").await;
        pick(&app, &hr, c1, &[p1]).await;
        pick(&app, &hr, c2, &[p2]).await;
        assert_eq!(assign(&app, &hr, c1, &[(p1, post)]).await.0, StatusCode::OK);
        assert_eq!(assign(&app, &hr, c2, &[(p2, post)]).await.0, StatusCode::OK);
        // Each alone would pass.
        assert!(campaign_get(&app, &hr, c1).await["conflicts"].as_array().unwrap().is_empty());
        assert!(campaign_get(&app, &hr, c2).await["conflicts"].as_array().unwrap().is_empty());
        let (i1, i2) = (c1.to_string(), c2.to_string());
        let (f1, f2) = ([("id", i1.as_str())], [("id", i2.as_str())]);
        let (r1, r2) = tokio::join!(app.call(&hr, "campaign_commit", &f1), app.call(&hr2, "campaign_commit", &f2));
        let ok = [r1.0, r2.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(ok, 1, "round {round}: {r1:?} {r2:?}");
        let (loser, loser_id, winner_id) = if r1.0 == StatusCode::OK { (&r2, c2, c1) } else { (&r1, c1, c2) };
        assert_eq!(loser.0, StatusCode::BAD_REQUEST, "round {round}: {loser:?}");
        assert!(refusal(&loser.1).contains(&format!("最后一席{round}")), "{loser:?}");
        assert_eq!(campaign_status(&app, winner_id).await, "已提交");
        assert_eq!(campaign_status(&app, loser_id).await, "草稿");
        let d = post_get(&app, &hr, post).await;
        assert_eq!((d["post"]["filled"].as_i64(), d["post"]["seats"].as_i64()), (Some(2), Some(2)), "round {round}");
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM post_holders WHERE post_id = {post}")).await, 2);
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE post_id = {post}")).await, 2);
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {loser_id}")).await, 0);
    }
});

// ---- 5. a failure half way -------------------------------------------------------------------------------

both!(a_commit_that_fails_half_way_writes_nothing, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let post = new_post(&app, &hr, office, "测试回滚岗", "九级", "", 10).await;
    let people = people_of_level(&app, "科员", 5).await;
    let id = campaign(&app, &hr, "测试回滚", "回滚〔2026〕1号").await;
    pick(&app, &hr, id, &people).await;
    let items: Vec<(i64, i64)> = people.iter().map(|p| (*p, post)).collect();
    assert_eq!(assign(&app, &hr, id, &items).await.0, StatusCode::OK);
    assert!(campaign_get(&app, &hr, id).await["conflicts"].as_array().unwrap().is_empty());
    // The last person's holding fails inside the database, after every record was inserted and the
    // others' holdings and person rows were written (people are applied in id order).
    let victim = *people.iter().max().unwrap();
    let sqlite = app.db().engine == app::store::Engine::Sqlite;
    if sqlite {
        app.exec(&format!(
            "CREATE TRIGGER boom BEFORE INSERT ON post_holders WHEN NEW.person_id = {victim} BEGIN SELECT RAISE(ABORT, 'boom'); END"
        ))
        .await;
    } else {
        app.exec("CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql").await;
        app.exec(&format!(
            "CREATE TRIGGER boom BEFORE INSERT ON post_holders FOR EACH ROW WHEN (NEW.person_id = {victim}) EXECUTE FUNCTION boom()"
        ))
        .await;
    }
    let before = footprint(&app, &people).await;
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_ne!(s, StatusCode::OK, "{v}");
    assert!(s.is_server_error() || s.is_client_error(), "{s}");
    assert!(!v.to_string().contains("boom"), "the database's words stay in the log: {v}");
    assert_eq!(footprint(&app, &people).await, before);
    assert_eq!(campaign_status(&app, id).await, "草稿");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {id}")).await, 0);
    assert_eq!(post_get(&app, &hr, post).await["post"]["filled"], 0);

    // Without the fault the same draft commits whole.
    app.exec(if sqlite { "DROP TRIGGER boom" } else { "DROP TRIGGER boom ON post_holders" }).await;
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(5));
    assert_eq!(post_get(&app, &hr, post).await["post"]["filled"], 5);
    assert_eq!(campaign_status(&app, id).await, "已提交");
});

// ---- 6. a promotion --------------------------------------------------------------------------------------

fn promotion(person: i64, post: i64, to: &str, decision: &str, start: &str) -> Value {
    json!({ "input": { "person_id": person, "post_id": post, "to_level": to, "decision_date": decision, "decided_by": "中心党委会", "notice_start": start, "reason": "实绩突出" } })
}

async fn promotion_row(app: &TestApp, c: &Client, id: i64) -> Value {
    let (s, list) = app.call(c, "promotion_list", &[]).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    list.as_array().unwrap().iter().find(|p| p["id"] == id).cloned().expect("listed")
}

async fn effect(app: &TestApp, c: &Client, id: i64, date: &str, reason: &str) -> (StatusCode, Value) {
    app.call(
        c,
        "promotion_effect",
        &[("id", &id.to_string()), ("effective_date", date), ("doc_no", "后勤中心〔2026〕30号"), ("override_reason", reason)],
    )
    .await
}

async fn set_quota(app: &TestApp, unit: i64, level: &str, approved: i64) {
    app.exec(&format!("DELETE FROM unit_leader_quota WHERE unit_id = {unit} AND level = '{level}'")).await;
    app.exec(&format!("INSERT INTO unit_leader_quota (unit_id, level, approved) VALUES ({unit}, '{level}', {approved})")).await;
}

async fn probations(app: &TestApp, c: &Client, from: &str, days: i64) -> Vec<Value> {
    let (s, v) = app.call(c, "probation_list", &[("from", from), ("days", &days.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().unwrap().clone()
}

both!(a_promotion_runs_through_notice_probation_and_confirmation, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let admin = app.login("admin").await;
    let leader = app.login("leader").await;
    let employee = app.login("employee").await;
    let meeting = unit_named(&app, "会议服务部").await;
    let office = unit_named(&app, "办公室").await;
    set_quota(&app, meeting, "副科级", 50).await;
    let post = new_post(&app, &hr, meeting, "测试提任岗", "八级", "副科级", 1).await;
    let people = people_of_level(&app, "科员", 3).await;
    let person = people[0];

    // Bad starts: not a higher level, a 公示 before the decision, a post of another level.
    for (form, field) in [
        (promotion(person, post, "科员", "2026-09-28", "2026-09-30"), "to_level"),
        (promotion(person, post, "副科级", "2026-09-28", "2026-09-25"), "notice_start"),
        (promotion(person, post, "正科级", "2026-09-28", "2026-09-30"), "post_id"),
    ] {
        let (s, v) = app.call_json(&hr, "promotion_start", form).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {v}");
        assert!(!field_message(&v, field).is_empty(), "{field}: {v}");
    }
    assert_eq!(
        app.call_json(&leader, "promotion_start", promotion(person, post, "副科级", "2026-09-28", "2026-09-30")).await.0,
        StatusCode::FORBIDDEN
    );

    let (s, v) = app.call_json(&hr, "promotion_start", promotion(person, post, "副科级", "2026-09-28", "2026-09-30")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pid = v.as_i64().unwrap();
    // A second promotion while one is in 公示 is refused.
    let (s, v) = app.call_json(&hr, "promotion_start", promotion(person, post, "副科级", "2026-10-08", "2026-10-08")).await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("正在公示"), "{s} {v}");
    let p = promotion_row(&app, &hr, pid).await;
    // Wednesday 30 September, then Thursday 8, Friday 9, Saturday 10 (调休) and Monday 12 October:
    // the National Day holiday (1–7 October) and Sunday 11 are skipped.
    assert_eq!((p["notice_end"].as_str(), p["earliest"].as_str()), (Some("2026-10-12"), Some("2026-10-13")), "{p}");
    assert_eq!((p["status"].as_str(), p["from_level"].as_str(), p["notice_days"].as_i64()), (Some("公示中"), Some("科员"), Some(5)));
    assert!(p["post_name"].as_str().unwrap().contains("测试提任岗"), "{p}");
    // The 干部任免审批表 proposes the post while the 公示 runs.
    let (_, f) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert!(f["text"]["proposed_post"].as_str().unwrap().contains("测试提任岗（副科级）"), "{f}");

    // An objection is recorded and listed.
    let (s, v) = app
        .call(
            &hr,
            "promotion_objection",
            &[("id", &pid.to_string()), ("received", "2026-10-09"), ("text", "反映其考勤问题"), ("outcome", "经核查不属实")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let p = promotion_row(&app, &hr, pid).await;
    assert_eq!(
        (p["objections"][0]["text"].as_str(), p["objections"][0]["outcome"].as_str()),
        (Some("反映其考勤问题"), Some("经核查不属实"))
    );

    // Not on or before the last day of the 公示.
    for date in ["2026-10-01", "2026-10-12"] {
        let (s, v) = effect(&app, &hr, pid, date, "").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(field_message(&v, "effective_date").contains("2026-10-12"), "{v}");
    }
    assert_eq!(effect(&app, &leader, pid, "2026-10-13", "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(effect(&app, &employee, pid, "2026-10-13", "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(text(&app, &format!("SELECT level FROM people WHERE id = {person}")).await, "科员");

    // The day after: the 提任 takes effect and the 试用期 starts.
    let (s, v) = effect(&app, &hr, pid, "2026-10-13", "").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let aid = v.as_i64().unwrap();
    let view = person_posts(&app, &hr, person).await;
    assert_eq!(
        (view["level"].as_str(), view["position"].as_str(), view["position_date"].as_str()),
        (Some("副科级"), Some("测试提任岗"), Some("2026-10-13")),
        "{view}"
    );
    assert_eq!(view["probation"]["ends"], "2027-10-12", "{view}");
    assert_eq!(promotion_row(&app, &hr, pid).await["status"], "已任职");
    assert_eq!(post_get(&app, &hr, post).await["post"]["filled"], 1);
    assert_eq!(effect(&app, &hr, pid, "2026-10-14", "").await.0, StatusCode::BAD_REQUEST, "only once");

    // The probation ends on 12 October 2027: listed 20 days ahead within 30 days, not from further off,
    // and in the list of all open probations.
    let soon = probations(&app, &hr, "2027-09-22", 30).await;
    let row = soon.iter().find(|r| r["appointment_id"] == aid).cloned().expect("listed within 30 days");
    assert_eq!((row["ends"].as_str(), row["days_left"].as_i64(), row["person_id"].as_i64()), (Some("2027-10-12"), Some(20), Some(person)));
    assert_eq!((row["level"].as_str(), row["prev_level"].as_str()), (Some("副科级"), Some("科员")));
    assert!(!probations(&app, &hr, "2027-09-01", 30).await.iter().any(|r| r["appointment_id"] == aid));
    let all = probations(&app, &hr, "", 0).await;
    assert!(all.iter().any(|r| r["appointment_id"] == aid));
    assert_eq!(all.len() as i64, scalar(&app, "SELECT COUNT(*) FROM probations WHERE status = '试用中'").await);
    assert_eq!(app.call(&leader, "probation_list", &[("from", ""), ("days", "0")]).await.0, StatusCode::OK);
    assert_eq!(app.call(&employee, "probation_list", &[("from", ""), ("days", "0")]).await.0, StatusCode::FORBIDDEN);

    // 转正.
    let close = |who: &Client, outcome: &str| {
        let form = [
            ("appointment_id", aid.to_string()),
            ("outcome", outcome.to_string()),
            ("effective_date", "2027-10-13".to_string()),
            ("doc_no", "后勤中心〔2027〕5号".to_string()),
            ("decided_by", "中心党委会".to_string()),
        ];
        let (app, who) = (&app, who.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&who, "probation_close", &form).await
        }
    };
    assert_eq!(close(&hr, "留用").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(close(&leader, "转正").await.0, StatusCode::FORBIDDEN);
    let (s, v) = close(&hr, "转正").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let status: String =
        sqlx::query_scalar("SELECT status FROM probations WHERE appointment_id = $1").bind(aid).fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(status, "已转正");
    assert_eq!(close(&hr, "转正").await.0, StatusCode::NOT_FOUND, "closed once");
    assert!(!probations(&app, &hr, "", 0).await.iter().any(|r| r["appointment_id"] == aid));
    let view = person_posts(&app, &hr, person).await;
    assert!(view["probation"].is_null(), "{view}");
    assert_eq!(view["level"], "副科级");
    let history = view["history"].as_array().unwrap();
    let kinds: Vec<&str> = history.iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[kinds.len() - 2..], ["提任", "转正"], "{kinds:?}");
    assert_eq!(history[history.len() - 2]["id"], aid);
    assert_eq!(history[history.len() - 2]["probation_status"], "已转正");

    // Spring Festival 2026: Thursday 12 and Friday 13 February, Saturday 14 (调休), then 15–23 off,
    // Tuesday 24 and Wednesday 25.
    let second = new_post(&app, &hr, office, "测试提任岗二", "八级", "副科级", 1).await;
    let (s, v) = app.call_json(&hr, "promotion_start", promotion(people[1], second, "副科级", "2026-02-10", "2026-02-12")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pid2 = v.as_i64().unwrap();
    assert_eq!(promotion_row(&app, &hr, pid2).await["notice_end"], "2026-02-25");
    // The office's 副科级 职数 are all used: HR is refused, with or without a reason; so is the admin
    // without one; the admin's written reason is kept with the record.
    let used =
        scalar(&app, &format!("SELECT COALESCE(MAX(used), 0) FROM unit_leaders_used WHERE unit_id = {office} AND level = '副科级'")).await;
    set_quota(&app, office, "副科级", used).await;
    for (who, reason) in [(&hr, ""), (&hr, "工作需要，经中心党委研究"), (&admin, "")] {
        let (s, v) = effect(&app, who, pid2, "2026-03-02", reason).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert!(refusal(&v).contains("副科级职数"), "{v}");
    }
    let (s, v) = effect(&app, &admin, pid2, "2026-03-02", "工作需要，经中心党委研究").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let reason: String = sqlx::query_scalar("SELECT override_reason FROM appointments WHERE id = $1")
        .bind(v.as_i64().unwrap())
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(reason, "工作需要，经中心党委研究");
    assert_eq!(text(&app, &format!("SELECT level FROM people WHERE id = {}", people[1])).await, "副科级");

    // A promotion stopped during its 公示 cannot take effect.
    let third = new_post(&app, &hr, meeting, "测试提任岗三", "八级", "副科级", 1).await;
    let (s, v) = app.call_json(&hr, "promotion_start", promotion(people[2], third, "副科级", "2026-09-28", "2026-09-30")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pid3 = v.as_i64().unwrap();
    assert_eq!(app.call(&hr, "promotion_stop", &[("id", &pid3.to_string()), ("reason", "本人申请")]).await.0, StatusCode::OK);
    assert_eq!(promotion_row(&app, &hr, pid3).await["status"], "已终止");
    let (s, v) = effect(&app, &hr, pid3, "2026-10-13", "").await;
    assert!(s == StatusCode::BAD_REQUEST && refusal(&v).contains("不在公示期"), "{s} {v}");
    assert_eq!(text(&app, &format!("SELECT level FROM people WHERE id = {}", people[2])).await, "科员");
});

// ---- 7. the 干部任免审批表 ------------------------------------------------------------------------------

both!(the_cadre_form_builds_the_resume_and_keeps_its_text, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let meeting = unit_named(&app, "会议服务部").await;
    let a = new_post(&app, &hr, office, "测试甲岗", "九级", "", 1).await;
    let b = new_post(&app, &hr, meeting, "测试乙岗", "九级", "", 1).await;
    let person = people_of_level(&app, "科员", 1).await[0];
    let (s, v) = app.call_json(&hr, "appointment_record", record(person, "首聘", a, "2026-03-02", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.call_json(&hr, "appointment_record", record(person, "调任", b, "2026-07-01", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let (s, f) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let resume = f["resume_generated"].as_str().unwrap();
    assert!(resume.contains("2026.03—2026.07  办公室测试甲岗"), "{resume}");
    assert!(resume.ends_with(&format!("2026.07—{}  会议服务部测试乙岗", " ".repeat(7))), "{resume}");
    assert!(resume.lines().count() >= 2, "{resume}");
    assert_eq!(f["current_post"], "会议服务部测试乙岗");
    assert_eq!(f["name"].as_str().unwrap(), name_of(&app, person).await);
    assert_eq!(f["saved"], false);

    // Too much text: refused field by field, nothing saved.
    let form = |rewards: String, health: &str, family: usize| {
        let member = json!({ "relation": "配偶", "name": "王某", "birth": "1988.05", "political": "中共党员", "work": "某某公司职员" });
        let family = vec![member; family];
        json!({ "person_id": person, "text": { "proposed_post": "拟任会议服务部副部长", "proposed_removal": "", "resume": "", "rewards": rewards,
            "assessments": "2025年度优秀", "reasons": "", "health": health, "family": family } })
    };
    for (body, field) in [
        (form("长".repeat(2001), "健康", 1), "rewards"),
        (form(String::new(), &"好".repeat(41), 1), "health"),
        (form(String::new(), "健康", 21), "family"),
    ] {
        let (s, v) = app.call_json(&hr, "cadre_form_save", body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {v}");
        assert!(!field_message(&v, field).is_empty(), "{field}: {v}");
    }
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM cadre_forms WHERE person_id = {person}")).await, 0);

    // Saved, then read back as written; saving again replaces it.
    let body = form("2025年获嘉奖".into(), "健康", 2);
    let (s, v) = app.call_json(&hr, "cadre_form_save", body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, f) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(f["text"], body["text"]);
    assert_eq!(f["saved"], true);
    let body = form("2026年获嘉奖".into(), "良好", 0);
    assert_eq!(app.call_json(&hr, "cadre_form_save", body.clone()).await.0, StatusCode::OK);
    let (_, f) = app.call(&leader, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(f["text"], body["text"]);
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM cadre_forms WHERE person_id = {person}")).await, 1);

    // Leaders read only; employees nothing.
    assert_eq!(app.call_json(&leader, "cadre_form_save", form("x".into(), "", 0)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&employee, "cadre_form", &[("person_id", &person.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call_json(&employee, "cadre_form_save", form("x".into(), "", 0)).await.0, StatusCode::FORBIDDEN);
    let (_, f) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(f["text"]["rewards"], "2026年获嘉奖");
});

// ---- the person form -------------------------------------------------------------------------------------

both!(the_person_form_records_an_appointment_for_a_new_post, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let person = people_of_level(&app, "科员", 1).await[0];
    let (s, rec) = app.call(&hr, "person_get", &[("id", &person.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    let mut fields = rec["fields"].clone();
    fields["position"] = json!("综合秘书");
    let (s, v) = app.call_json(&hr, "person_save", json!({ "input": { "id": person, "fields": fields.clone(), "id_number": "" } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("appointment"), "{v}");
    let a = json!({ "kind": "转任", "effective_date": "2026-05-06", "doc_no": "后勤中心〔2026〕12号", "decided_by": "中心主任办公会" });
    let (s, v) =
        app.call_json(&hr, "person_save", json!({ "input": { "id": person, "fields": fields, "id_number": "", "appointment": a } })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let v = person_posts(&app, &hr, person).await;
    assert_eq!(v["position"], "综合秘书");
    assert_eq!(v["position_date"], "2026-05-06");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["position"].as_str()), (Some("转任"), Some("综合秘书")));
});

// ---- people who have left ---------------------------------------------------------------------------------

both!(people_who_have_left_are_not_appointed_and_their_probation_ends, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let meeting = unit_named(&app, "会议服务部").await;
    set_quota(&app, meeting, "副科级", 50).await;
    let post = new_post(&app, &hr, office, "测试离职岗", "九级", "", 5).await;
    let people = people_of_level(&app, "科员", 4).await;

    // Someone picked for a campaign retires before it is committed: the preview says so and the
    // commit is refused until they are taken off the list.
    let id = campaign(&app, &hr, "测试离职", "离职〔2026〕1号").await;
    pick(&app, &hr, id, &people[..2]).await;
    assert_eq!(assign(&app, &hr, id, &[(people[0], post), (people[1], post)]).await.0, StatusCode::OK);
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[1], "退休", 0, "2026-05-01", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(text(&app, &format!("SELECT status FROM people WHERE id = {}", people[1])).await, "退休");
    let gone = name_of(&app, people[1]).await;
    let d = campaign_get(&app, &hr, id).await;
    assert!(d["conflicts"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains(&gone)), "{d}");
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(refusal(&v).contains(&gone), "{v}");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {id}")).await, 0);
    assert_eq!(text(&app, &format!("SELECT status FROM people WHERE id = {}", people[1])).await, "退休");
    let (s, v) = app.call_json(&hr, "campaign_remove", json!({ "campaign_id": id, "person_ids": [people[1]] })).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!((s, v.as_i64()), (StatusCode::OK, Some(1)), "{v}");

    // Someone who retires during their 公示 is not promoted.
    let chair = new_post(&app, &hr, meeting, "测试离职副科长", "八级", "副科级", 1).await;
    let (s, v) = app.call_json(&hr, "promotion_start", promotion(people[2], chair, "副科级", "2026-09-28", "2026-09-30")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pid = v.as_i64().unwrap();
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[2], "退休", 0, "2026-10-09", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = effect(&app, &hr, pid, "2026-10-13", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(text(&app, &format!("SELECT level FROM people WHERE id = {}", people[2])).await, "科员");
    assert_eq!(post_get(&app, &hr, chair).await["post"]["filled"], 0);

    // A 免职 during the 试用期 ends it: it leaves the list of open probations.
    let (s, v) = app.call_json(&hr, "promotion_start", promotion(people[3], chair, "副科级", "2026-09-28", "2026-09-30")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = effect(&app, &hr, v.as_i64().unwrap(), "2026-10-13", "").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let aid = v.as_i64().unwrap();
    assert!(probations(&app, &hr, "", 0).await.iter().any(|r| r["appointment_id"] == aid));
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[3], "免职", 0, "2026-11-02", "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!probations(&app, &hr, "", 0).await.iter().any(|r| r["appointment_id"] == aid));
    let view = person_posts(&app, &hr, people[3]).await;
    assert!(view["probation"].is_null(), "{view}");
    assert_ne!(text(&app, &format!("SELECT status FROM probations WHERE appointment_id = {aid}")).await, "试用中");
    assert_eq!(post_get(&app, &hr, chair).await["post"]["filled"], 0);
});

// ---- a campaign's assignments from a workbook ------------------------------------------------------------

async fn upload_sheet(app: &TestApp, c: &Client, campaign: i64, file: Vec<u8>, commit: bool) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file).file_name("任免名单.xlsx"))
        .text("campaign_id", campaign.to_string())
        .text("commit", if commit { "1" } else { "0" });
    let res = c.post(format!("{}/api/campaign_sheet_import", app.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

both!(a_campaign_is_assigned_from_the_sheet_it_exports, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let meetings = unit_named(&app, "会议服务部").await;
    let p1 = new_post(&app, &hr, office, "表格岗甲", "九级", "", 3).await;
    let p2 = new_post(&app, &hr, meetings, "表格岗乙", "九级", "", 3).await;
    new_post(&app, &hr, office, "同名岗", "九级", "", 1).await;
    new_post(&app, &hr, meetings, "同名岗", "九级", "", 1).await;
    let id = campaign(&app, &hr, "表格首聘", DOC).await;
    let people = people_of_level(&app, "科员", 3).await;
    let (a, b, c) = (people[0], people[1], people[2]);
    pick(&app, &hr, id, &[a, b]).await;

    // The draft's list is the template: 人员编号 and 岗位编号 columns, one row per person.
    let res = hr.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut grid = app::excel::read_grid(&res.bytes().await.unwrap()).unwrap();
    let col = |name: &str| grid[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (pid, post_id, post_unit, post_name) = (col("人员编号"), col("岗位编号"), col("聘任部室"), col("聘任岗位"));
    assert_eq!(grid.len(), 3, "{grid:?}");
    let width = grid[0].len();
    for row in grid.iter_mut().skip(1) {
        row.resize(width, String::new());
        if row[pid] == a.to_string() {
            row[post_id] = p1.to_string();
        } else {
            row[post_unit] = "会议服务部".into();
            row[post_name] = "表格岗乙".into();
        }
    }
    let mut extra = vec![String::new(); grid[0].len()];
    extra[pid] = c.to_string();
    extra[post_id] = p1.to_string();
    grid.push(extra);
    let header: Vec<&str> = grid[0].iter().map(|s| s.as_str()).collect();
    let file = app::excel::table(&header, grid[1..].to_vec(), "任免名单", "t").unwrap();

    // A check writes nothing.
    let (s, report) = upload_sheet(&app, &hr, id, file.clone(), false).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(
        (report["creates"].as_i64(), report["updates"].as_i64(), report["committed"].as_bool()),
        (Some(1), Some(2), Some(false)),
        "{report}"
    );
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM post_campaign_items WHERE campaign_id = {id}")).await, 2);
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) FROM post_campaign_items WHERE campaign_id = {id} AND post_id IS NOT NULL")).await,
        0
    );

    // Every bad row is listed and nothing is written, even with commit.
    let a_name = name_of(&app, a).await;
    let bad = app::excel::table(
        &["人员编号", "姓名", "岗位编号", "聘任部室", "聘任岗位"],
        vec![
            vec![a.to_string(), "不是此人".into(), p1.to_string(), String::new(), String::new()],
            vec!["99999999".into(), String::new(), p1.to_string(), String::new(), String::new()],
            vec![b.to_string(), String::new(), "99999999".into(), String::new(), String::new()],
            vec![c.to_string(), String::new(), String::new(), String::new(), "同名岗".into()],
            vec![c.to_string(), String::new(), p2.to_string(), String::new(), String::new()],
        ],
        "任免名单",
        "t",
    )
    .unwrap();
    let (s, report) = upload_sheet(&app, &hr, id, bad, true).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    let text = report["problems"].to_string();
    assert_eq!(report["problems"].as_array().unwrap().len(), 5, "{report}");
    assert!(text.contains(&a_name) && text.contains("不是此人"), "{text}");
    assert!(text.contains("花名册中没有人员编号 99999999"), "{text}");
    assert!(text.contains("岗位编号 99999999"), "{text}");
    assert!(text.contains("2 个名为“同名岗”"), "{text}");
    assert!(text.contains("重复"), "{text}");
    assert_eq!(report["committed"], false);
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM post_campaign_items WHERE campaign_id = {id}")).await, 2);

    // The good sheet: one transaction adds c and sets all three posts; the preview takes over.
    let (s, report) = upload_sheet(&app, &hr, id, file.clone(), true).await;
    assert_eq!((s, report["committed"].as_bool()), (StatusCode::OK, Some(true)), "{report}");
    let d = campaign_get(&app, &hr, id).await;
    let posts: HashMap<i64, i64> =
        d["items"].as_array().unwrap().iter().map(|i| (i["person_id"].as_i64().unwrap(), i["post_id"].as_i64().unwrap())).collect();
    assert_eq!(posts, HashMap::from([(a, p1), (b, p2), (c, p1)]));
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'import_sheet' AND entity_id = '{id}'")).await, 1);

    // Employees and leaders may not; the hostile corpus is refused with a message; a committed campaign is closed.
    for who in ["employee", "leader"] {
        let c = app.login(who).await;
        let (s, _) = upload_sheet(&app, &c, id, file.clone(), true).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
    }
    common::hostile::every_upload_is_refused(&app.base, &hr, "campaign_sheet_import", &[("campaign_id", &id.to_string()), ("commit", "1")])
        .await;
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = upload_sheet(&app, &hr, id, file, true).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(refusal(&v).contains("已提交"), "{v}");
});
