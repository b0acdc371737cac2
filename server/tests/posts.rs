//! Posts and appointments: the catalogue and vacancies, appointment records and their refusals,
//! campaigns (preview, refusal, one transaction, the last seat under concurrency, a failure half
//! way), promotions through 公示 and 试用期, the 干部任免审批表, and who may do what; on both engines.

mod common;

use common::{unit_named, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.db().pool).await.unwrap()
}

async fn new_post(app: &TestApp, hr: &Client, unit: i64, name: &str, grade: &str, leader: &str, seats: i64) -> i64 {
    let form = json!({ "input": { "id": 0, "unit_id": unit, "name": name, "category": "管理岗位", "grade": grade, "leader_level": leader, "seats": seats, "duties": "" } });
    let (s, v) = app.call_json(hr, "post_save", form).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_i64().unwrap()
}

/// Active people of a level, not holding a post of the catalogue in `avoid_unit`, by id.
async fn people_of_level(app: &TestApp, level: &str, n: usize) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM people WHERE status = '在职' AND level = $1 ORDER BY id")
        .bind(level)
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert!(ids.len() >= n, "only {} people of {level}", ids.len());
    ids.into_iter().take(n).collect()
}

fn record(person: i64, kind: &str, post: i64, reason: &str) -> Value {
    json!({ "input": { "person_id": person, "kind": kind, "post_id": post, "part_time": false, "level": "", "position": "",
        "effective_date": "2026-06-01", "doc_no": "后勤中心〔2026〕1号", "decided_by": "中心主任办公会", "notes": "", "override_reason": reason } })
}

async fn campaign(app: &TestApp, hr: &Client, name: &str, doc: &str) -> i64 {
    let (s, v) = app
        .call_json(hr, "campaign_save", json!({ "input": { "id": 0, "name": name, "kind": "首聘", "doc_no": doc, "decided_by": "中心党委会", "effective_date": "2026-06-01", "notes": "" } }))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_i64().unwrap()
}

async fn pick(app: &TestApp, hr: &Client, id: i64, people: &[i64]) {
    let (s, v) = app
        .call_json(
            hr,
            "campaign_pick",
            json!({ "input": { "campaign_id": id, "unit_id": 0, "level": "", "person_ids": people, "without_post": false } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(people.len() as i64));
}

async fn assign(app: &TestApp, hr: &Client, id: i64, items: &[(i64, i64)]) -> (StatusCode, Value) {
    app.call_json(hr, "campaign_assign", json!({ "input": { "campaign_id": id, "items": items } })).await
}

both!(posts_vacancies_and_who_may_see_them, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let leader = app.login("leader").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let meeting = unit_named(&app, "会议服务部").await;
    let a = new_post(&app, &hr, office, "测试科员岗", "九级", "", 2).await;
    new_post(&app, &hr, meeting, "测试副科长", "八级", "副科级", 1).await;

    // Bad posts: a grade that does not fit the level, no seats, no name, a name taken.
    for (form, field) in [
        (
            json!({ "id": 0, "unit_id": office, "name": "甲", "category": "管理岗位", "grade": "九级", "leader_level": "副科级", "seats": 1, "duties": "" }),
            "grade",
        ),
        (
            json!({ "id": 0, "unit_id": office, "name": "乙", "category": "管理岗位", "grade": "九级", "leader_level": "", "seats": 0, "duties": "" }),
            "seats",
        ),
        (
            json!({ "id": 0, "unit_id": office, "name": " ", "category": "管理岗位", "grade": "九级", "leader_level": "", "seats": 1, "duties": "" }),
            "name",
        ),
        (
            json!({ "id": 0, "unit_id": office, "name": "测试科员岗", "category": "管理岗位", "grade": "九级", "leader_level": "", "seats": 1, "duties": "" }),
            "name",
        ),
    ] {
        let (s, v) = app.call_json(&hr, "post_save", json!({ "input": form })).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v.to_string().contains(field), "{field}: {v}");
    }

    let (s, v) = app.call(&hr, "post_vacancies", &[]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let row = v.as_array().unwrap().iter().find(|r| r["unit_id"] == office).unwrap().clone();
    assert!(row["seats"].as_i64().unwrap() >= 2 && row["vacant"].as_i64().unwrap() >= 2, "{row}");

    // Leaders read, do not write; employees see nothing.
    let (s, _) =
        app.call_json(&leader, "post_list", json!({ "query": { "unit_id": office, "q": "", "vacant_only": false, "page": 1 } })).await;
    assert_eq!(s, StatusCode::OK);
    let form = json!({ "input": { "id": a, "unit_id": office, "name": "改名", "category": "管理岗位", "grade": "九级", "leader_level": "", "seats": 3, "duties": "" } });
    assert_eq!(app.call_json(&leader, "post_save", form).await.0, StatusCode::FORBIDDEN);
    let (s, _) =
        app.call_json(&employee, "post_list", json!({ "query": { "unit_id": 0, "q": "", "vacant_only": false, "page": 1 } })).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let someone = people_of_level(&app, "科员", 1).await[0];
    assert_eq!(app.call(&employee, "person_posts", &[("person_id", &someone.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&leader, "person_posts", &[("person_id", &someone.to_string())]).await.0, StatusCode::OK);
});

both!(appointments_follow_seats_and_the_admin_may_override_in_writing, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let admin = app.login("admin").await;
    let leader = app.login("leader").await;
    let office = unit_named(&app, "办公室").await;
    let post = new_post(&app, &hr, office, "测试单人岗", "九级", "", 1).await;
    let people = people_of_level(&app, "科员", 3).await;

    let before = scalar(&app, "SELECT COUNT(*) FROM appointments").await;
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[0], "首聘", post, "")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let row = sqlx::query("SELECT position, position_date, unit_id FROM people WHERE id = $1")
        .bind(people[0])
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    use sqlx::Row;
    assert_eq!(row.get::<String, _>("position"), "测试单人岗");
    assert_eq!(row.get::<String, _>("position_date"), "2026-06-01");
    assert_eq!(row.get::<i64, _>("unit_id"), office);
    assert_eq!(scalar(&app, &format!("SELECT filled FROM posts WHERE id = {post}")).await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM appointments").await, before + 1);

    // The seat is taken: refused with the post named, HR's reason is not an override.
    for reason in ["", "工作需要，经中心研究同意"] {
        let (s, v) = app.call_json(&hr, "appointment_record", record(people[1], "首聘", post, reason)).await;
        assert!(s.is_client_error(), "{s} {v}");
        assert!(v.to_string().contains("测试单人岗"), "{v}");
    }
    // The admin overrides with a written reason, kept with the record.
    let (s, v) = app.call_json(&admin, "appointment_record", record(people[1], "首聘", post, "")).await;
    assert!(s.is_client_error(), "{s} {v}");
    let (s, v) = app.call_json(&admin, "appointment_record", record(people[1], "首聘", post, "工作需要，经中心研究同意")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let reason: String = sqlx::query_scalar("SELECT override_reason FROM appointments WHERE id = $1")
        .bind(v.as_i64().unwrap())
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(reason, "工作需要，经中心研究同意");

    // 提任 needs 公示; leaders may not record.
    let (s, v) = app.call_json(&hr, "appointment_record", record(people[2], "提任", post, "")).await;
    assert!(s.is_client_error() && v.to_string().contains("公示"), "{s} {v}");
    assert_eq!(app.call_json(&leader, "appointment_record", record(people[2], "转任", post, "")).await.0, StatusCode::FORBIDDEN);

    // The history lists the record.
    let (s, v) = app.call(&hr, "person_posts", &[("person_id", &people[0].to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "首聘");
    assert_eq!(last["position"], "测试单人岗");
});

both!(a_campaign_previews_refuses_then_commits_in_one_go, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let employee = app.login("employee").await;
    let office = unit_named(&app, "办公室").await;
    let small = new_post(&app, &hr, office, "测试小岗", "九级", "", 2).await;
    let big = new_post(&app, &hr, office, "测试大岗", "九级", "", 10).await;
    let chief = new_post(&app, &hr, office, "测试副科长岗", "八级", "副科级", 1).await;
    let people = people_of_level(&app, "科员", 6).await;
    let id = campaign(&app, &hr, "测试首聘", "后勤中心〔2026〕9号").await;
    pick(&app, &hr, id, &people).await;
    let items: Vec<(i64, i64)> =
        vec![(people[0], small), (people[1], small), (people[2], small), (people[3], big), (people[4], big), (people[5], chief)];
    assert_eq!(assign(&app, &hr, id, &items).await.0, StatusCode::OK);
    let (s, v) = app.call(&hr, "campaign_get", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK);
    let conflicts = v["conflicts"].to_string();
    assert!(conflicts.contains("测试小岗") && conflicts.contains("测试副科长岗"), "{conflicts}");

    let before = scalar(&app, "SELECT COUNT(*) FROM appointments").await;
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert!(s.is_client_error(), "{s} {v}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM appointments").await, before);

    assert_eq!(assign(&app, &hr, id, &[(people[2], big), (people[5], big)]).await.0, StatusCode::OK);
    let (s, v) = app.call(&hr, "campaign_get", &[("id", &id.to_string())]).await;
    assert_eq!(v["conflicts"].as_array().map(|c| c.len()), Some(0), "{s} {v}");
    let (s, v) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v.as_i64(), Some(6));
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) FROM appointments WHERE campaign_id = {id} AND doc_no = '后勤中心〔2026〕9号'")).await,
        6
    );
    assert_eq!(scalar(&app, &format!("SELECT filled FROM posts WHERE id = {big}")).await, 4);
    // Committed: no more changes.
    assert!(assign(&app, &hr, id, &[(people[0], big)]).await.0.is_client_error());

    // The list as a workbook, for HR only.
    let res = hr.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
    let res = employee.get(format!("{}/api/campaign_sheet?id={id}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

both!(two_campaigns_cannot_both_take_the_last_seat, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let hr2 = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let people = people_of_level(&app, "科员", 10).await;
    for round in 0..5 {
        let post = new_post(&app, &hr, office, &format!("最后一席{round}"), "九级", "", 1).await;
        let (p1, p2) = (people[round * 2], people[round * 2 + 1]);
        let c1 = campaign(&app, &hr, &format!("甲{round}"), "甲〔2026〕1号").await;
        let c2 = campaign(&app, &hr, &format!("乙{round}"), "乙〔2026〕1号").await;
        pick(&app, &hr, c1, &[p1]).await;
        pick(&app, &hr, c2, &[p2]).await;
        assert_eq!(assign(&app, &hr, c1, &[(p1, post)]).await.0, StatusCode::OK);
        assert_eq!(assign(&app, &hr, c2, &[(p2, post)]).await.0, StatusCode::OK);
        let (i1, i2) = (c1.to_string(), c2.to_string());
        let (f1, f2) = ([("id", i1.as_str())], [("id", i2.as_str())]);
        let (r1, r2) = tokio::join!(app.call(&hr, "campaign_commit", &f1), app.call(&hr2, "campaign_commit", &f2));
        let ok = [r1.0, r2.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(ok, 1, "round {round}: {r1:?} {r2:?}");
        assert!([r1.0, r2.0].iter().all(|s| *s == StatusCode::OK || s.is_client_error()), "{r1:?} {r2:?}");
        assert_eq!(scalar(&app, &format!("SELECT filled FROM posts WHERE id = {post}")).await, 1);
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM post_holders WHERE post_id = {post}")).await, 1);
    }
});

both!(a_commit_that_fails_half_way_writes_nothing, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let office = unit_named(&app, "办公室").await;
    let post = new_post(&app, &hr, office, "测试回滚岗", "九级", "", 10).await;
    let people = people_of_level(&app, "科员", 5).await;
    let id = campaign(&app, &hr, "测试回滚", "回滚〔2026〕1号").await;
    pick(&app, &hr, id, &people).await;
    let items: Vec<(i64, i64)> = people.iter().map(|p| (*p, post)).collect();
    assert_eq!(assign(&app, &hr, id, &items).await.0, StatusCode::OK);
    // The last person's record fails inside the database, after the others were written.
    let victim = people[4];
    if app.db().engine == app::store::Engine::Sqlite {
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
    let counts = |app: &TestApp| {
        let pool = app.db().pool.clone();
        async move {
            let q = |sql: &'static str| {
                let pool = pool.clone();
                async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
            };
            (
                q("SELECT COUNT(*) FROM appointments").await,
                q("SELECT COUNT(*) FROM post_holders").await,
                q("SELECT CAST(COALESCE(SUM(filled), 0) AS BIGINT) FROM posts").await,
            )
        }
    };
    let before = counts(&app).await;
    let positions: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT position FROM people WHERE id IN ({}) ORDER BY id",
        people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    let (s, _) = app.call(&hr, "campaign_commit", &[("id", &id.to_string())]).await;
    assert_ne!(s, StatusCode::OK);
    assert_eq!(counts(&app).await, before);
    let after: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT position FROM people WHERE id IN ({}) ORDER BY id",
        people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")
    ))
    .fetch_all(&app.db().pool)
    .await
    .unwrap();
    assert_eq!(after, positions);
    let status: String =
        sqlx::query_scalar("SELECT status FROM post_campaigns WHERE id = $1").bind(id).fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(status, "草稿");
});

both!(a_promotion_runs_through_notice_probation_and_confirmation, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let employee = app.login("employee").await;
    let meeting = unit_named(&app, "会议服务部").await;
    app.exec(&format!("DELETE FROM unit_leader_quota WHERE unit_id = {meeting} AND level = '副科级'")).await;
    app.exec(&format!("INSERT INTO unit_leader_quota (unit_id, level, approved) VALUES ({meeting}, '副科级', 50)")).await;
    let post = new_post(&app, &hr, meeting, "测试提任岗", "八级", "副科级", 1).await;
    let person = people_of_level(&app, "科员", 1).await[0];
    let form = |start: &str| json!({ "input": { "person_id": person, "post_id": post, "to_level": "副科级", "decision_date": "2026-09-28", "decided_by": "中心党委会", "notice_start": start, "reason": "实绩突出" } });
    let (s, v) = app.call_json(&hr, "promotion_start", form("2026-09-30")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pid = v.as_i64().unwrap().to_string();
    // A second promotion while one is in 公示 is refused.
    assert!(app.call_json(&hr, "promotion_start", form("2026-10-08")).await.0.is_client_error());
    let (_, list) = app.call(&hr, "promotion_list", &[]).await;
    let p = list.as_array().unwrap().iter().find(|p| p["id"].as_i64() == Some(pid.parse().unwrap())).unwrap().clone();
    // 30 Sep, then 8, 9, Saturday 10 (调休) and 12 October: the National Day holiday is skipped.
    assert_eq!(p["notice_end"], "2026-10-12", "{p}");
    assert_eq!(p["earliest"], "2026-10-13");

    let (s, v) = app
        .call(
            &hr,
            "promotion_objection",
            &[("id", &pid), ("received", "2026-10-09"), ("text", "反映其考勤问题"), ("outcome", "经核查不属实")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let effect = |date: &'static str| {
        let pid = pid.clone();
        let hr = hr.clone();
        let app = &app;
        async move {
            app.call(
                &hr,
                "promotion_effect",
                &[("id", &pid), ("effective_date", date), ("doc_no", "后勤中心〔2026〕30号"), ("override_reason", "")],
            )
            .await
        }
    };
    let (s, v) = effect("2026-10-12").await;
    assert!(s.is_client_error() && v.to_string().contains("2026-10-12"), "{s} {v}");
    let (s, v) = effect("2026-10-13").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let aid = v.as_i64().unwrap();
    let level: String = sqlx::query_scalar("SELECT level FROM people WHERE id = $1").bind(person).fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(level, "副科级");

    // The probation ends on 12 October 2027: listed from 1 September with 60 days, not with 30 from today.
    let (s, v) = app.call(&hr, "probation_list", &[("from", "2027-09-01"), ("days", "60")]).await;
    assert_eq!(s, StatusCode::OK);
    let row = v.as_array().unwrap().iter().find(|r| r["appointment_id"].as_i64() == Some(aid)).cloned().expect("listed");
    assert_eq!(row["ends"], "2027-10-12");
    let (_, v) = app.call(&hr, "probation_list", &[("from", "2026-11-01"), ("days", "30")]).await;
    assert!(!v.as_array().unwrap().iter().any(|r| r["appointment_id"].as_i64() == Some(aid)));

    let (s, v) = app
        .call(
            &hr,
            "probation_close",
            &[
                ("appointment_id", &aid.to_string()),
                ("outcome", "转正"),
                ("effective_date", "2027-10-12"),
                ("doc_no", "后勤中心〔2027〕5号"),
                ("decided_by", "中心党委会"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let status: String =
        sqlx::query_scalar("SELECT status FROM probations WHERE appointment_id = $1").bind(aid).fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(status, "已转正");
    let (_, v) = app.call(&hr, "person_posts", &[("person_id", &person.to_string())]).await;
    let kinds: Vec<String> = v["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds[kinds.len() - 2..], ["提任".to_string(), "转正".to_string()], "{kinds:?}");

    // The 干部任免审批表: the 简历 comes from the records; text is checked; employees see nothing.
    let (s, v) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["resume_generated"].as_str().unwrap().contains("测试提任岗"), "{v}");
    let long = "长".repeat(3000);
    let text = |rewards: &str| json!({ "person_id": person, "text": { "proposed_post": "", "proposed_removal": "", "resume": "", "rewards": rewards, "assessments": "2025年度优秀", "reasons": "", "health": "健康", "family": [] } });
    assert_eq!(app.call_json(&hr, "cadre_form_save", text(&long)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.call_json(&hr, "cadre_form_save", text("2025年获嘉奖")).await.0, StatusCode::OK);
    let (_, v) = app.call(&hr, "cadre_form", &[("person_id", &person.to_string())]).await;
    assert_eq!(v["text"]["rewards"], "2025年获嘉奖");
    assert_eq!(app.call(&employee, "cadre_form", &[("person_id", &person.to_string())]).await.0, StatusCode::FORBIDDEN);
});

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
    let (_, v) = app.call(&hr, "person_posts", &[("person_id", &person.to_string())]).await;
    assert_eq!(v["position"], "综合秘书");
    assert_eq!(v["position_date"], "2026-05-06");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["position"].as_str()), (Some("转任"), Some("综合秘书")));
});
