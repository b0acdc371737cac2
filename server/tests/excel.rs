//! The roster workbook over HTTP, on both engines: template, import (preview, row report,
//! nothing written on a problem, one transaction, explicit upserts, limits) and export
//! (filters, masking, full numbers for HR only and audited, neutralised formulas).

mod common;

use app::domain::roster::PersonFields;
use app::excel::{export_people as export, read_grid, SheetRow};
use common::{id_for, TestApp};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::Value;

fn wrong_digit(id: &str) -> String {
    let mut bad = id.to_string();
    let last = bad.pop().unwrap();
    bad.push(if last == '1' { '2' } else { '1' });
    bad
}

fn sheet_row(name: &str, birth: &str, id_number: &str, unit: &str) -> SheetRow {
    let fields = PersonFields {
        name: name.into(),
        ethnicity: "汉族".into(),
        birth_date: birth.into(),
        political_status: "群众".into(),
        work_start: "2012-07-01".into(),
        edu_full: "大学本科".into(),
        establishment: "事业编制".into(),
        level: "科员".into(),
        remarks: "=1+2".into(),
        ..Default::default()
    };
    SheetRow { fields, unit: unit.into(), id_number: id_number.into() }
}

async fn upload(app: &TestApp, c: &Client, bytes: Vec<u8>, commit: bool, upsert: bool) -> (StatusCode, Value) {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name("花名册.xlsx")).text("commit", if commit { "1" } else { "0" });
    if upsert {
        form = form.text("upsert", "1");
    }
    let res = c.post(format!("{}/api/roster_import", app.base)).multipart(form).send().await.expect("request");
    let status = res.status();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

async fn people_count(app: &TestApp) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM people").fetch_one(&app.db().pool).await.unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = $1").bind(action).fetch_one(&app.db().pool).await.unwrap()
}

both!(import_checks_everything_first_then_writes_in_one_go, |app: TestApp| async move {
    let hr = app.login("hr").await;
    // The template is a workbook the importer accepts (and it has no data rows).
    let res = hr.get(format!("{}/api/roster_template", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let template = res.bytes().await.unwrap().to_vec();
    let grid = read_grid(&template).unwrap();
    assert_eq!(grid[0][0], "姓名*");
    let (s, report) = upload(&app, &hr, template, false, false).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("没有数据行"), "{report}");

    let before = people_count(&app).await;
    let good = id_for("1990-05-06", "215");
    let other = id_for("1991-02-03", "316");
    let file = export(&[sheet_row("导入甲", "1990-05-06", &good, "办公室"), sheet_row("导入乙", "", &wrong_digit(&other), "办公室")], "t")
        .unwrap();
    let (s, report) = upload(&app, &hr, file, true, false).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["committed"], false);
    let p = &report["problems"][0];
    assert_eq!(p["row"], 3, "{report}");
    assert!(p["column"].as_str().unwrap().starts_with("B "), "{report}");
    assert!(p["message"].as_str().unwrap().contains("校验码"), "{report}");
    assert_eq!(people_count(&app).await, before, "nothing is written while a row is wrong");

    // Fixed: a preview writes nothing, then the import writes both, with their history.
    let rows = vec![sheet_row("导入甲", "1990-05-06", &good, "办公室"), sheet_row("导入乙", "", &other, "办公室")];
    let file = export(&rows, "t").unwrap();
    let (_, report) = upload(&app, &hr, file.clone(), false, false).await;
    assert!(report["problems"].as_array().unwrap().is_empty(), "{report}");
    assert_eq!((report["creates"].as_i64(), report["committed"].as_bool()), (Some(2), Some(false)));
    assert_eq!(people_count(&app).await, before);
    let (_, report) = upload(&app, &hr, file.clone(), true, false).await;
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(people_count(&app).await, before + 2);
    assert_eq!(audit_count(&app, "import_create").await, 2);
    let stored: (String, String, String) =
        sqlx::query_as("SELECT birth_date, sex, remarks FROM people WHERE name = '导入乙'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(
        stored,
        ("1991-02-03".into(), "女".into(), "=1+2".into()),
        "birth date and sex come from the ID number; the neutralised cell comes back as typed"
    );

    // The same file again: existing numbers are problems unless the upsert is asked for.
    let (_, report) = upload(&app, &hr, file, true, false).await;
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("按身份证号更新已有人员"), "{report}");
    let mut changed = rows;
    changed[1].fields.level = "副科级".into();
    let (_, report) = upload(&app, &hr, export(&changed, "t").unwrap(), true, true).await;
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(report["updates"], 2);
    assert_eq!(people_count(&app).await, before + 2);
    assert_eq!(audit_count(&app, "import_update").await, 1, "an unchanged row leaves no history");
    let level: String = sqlx::query_scalar("SELECT level FROM people WHERE name = '导入乙'").fetch_one(&app.db().pool).await.unwrap();
    assert_eq!(level, "副科级");

    // Leaders and employees may not import.
    for who in ["leader", "employee"] {
        let c = app.login(who).await;
        let (s, _) = upload(&app, &c, export(&changed, "t").unwrap(), true, true).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
    }
});

both!(hostile_uploads_are_refused_with_a_message, |app: TestApp| async move {
    let hr = app.login("hr").await;
    // The whole corpus, as a preview and as an import.
    common::hostile::every_upload_is_refused(&app.base, &hr, "roster_import", &[("commit", "1")]).await;
    common::hostile::every_upload_is_refused(&app.base, &hr, "roster_import", &[("commit", "0")]).await;
    assert_eq!(audit_count(&app, "import").await, 0);

    let (_, report) = upload(&app, &hr, b"not a workbook".to_vec(), true, false).await;
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("不是有效的 .xlsx"), "{report}");

    let too_big = vec![b'x'; 10 * 1024 * 1024 + 10];
    let (s, report) = upload(&app, &hr, too_big, true, false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{report}");
    assert!(report.to_string().contains("超过上限"), "{report}");
    // Many fields the import does not read add up too.
    let mut form = Form::new().part("file", Part::bytes(b"PK".to_vec()).file_name("a.xlsx"));
    for i in 0..6 {
        form = form.part(format!("extra{i}"), Part::bytes(vec![b'y'; 2 * 1024 * 1024]));
    }
    let res = hr.post(format!("{}/api/roster_import", app.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
});

#[test]
fn the_parser_alone_refuses_the_hostile_corpus_within_its_bounds() {
    // Even without the checks before it, the parser never holds more than the limits allow.
    common::hostile::each_is_refused_by(app::excel::read_grid);
    // And the checks refuse each file before parsing.
    common::hostile::each_is_refused_by(|b| app::excel::check_upload(b, &app::excel::LIMITS).map(|_| Vec::new()));
}

both!(export_follows_the_view_masks_and_audits, |app: TestApp| async move {
    let hr = app.login("hr").await;
    let good = id_for("1989-09-09", "417");
    let (_, report) = upload(&app, &hr, export(&[sheet_row("导出丙", "", &good, "办公室")], "t").unwrap(), true, false).await;
    assert_eq!(report["committed"], true, "{report}");

    // The filtered view, masked, with the formula neutralised.
    let res = hr.get(format!("{}/api/roster_export?q=%E5%AF%BC%E5%87%BA%E4%B8%99", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let grid = read_grid(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(grid.len(), 2, "header and the one match");
    assert_eq!(grid[1][0], "导出丙");
    assert_eq!(grid[1][1], format!("**************{}", &good[14..]));
    assert!(grid[1].iter().any(|c| c == "'=1+2"));
    // A GET cannot ask for full numbers.
    let res = hr.get(format!("{}/api/roster_export?q=%E5%AF%BC%E5%87%BA%E4%B8%99&full_id=1", app.base)).send().await.unwrap();
    assert!(read_grid(&res.bytes().await.unwrap()).unwrap()[1][1].contains('*'));
    assert_eq!(audit_count(&app, "export").await, 2);

    // HR, on purpose, by POST: in full, audited.
    let res =
        hr.post(format!("{}/api/roster_export?q=%E5%AF%BC%E5%87%BA%E4%B8%99", app.base)).form(&[("full_id", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(read_grid(&res.bytes().await.unwrap()).unwrap()[1][1], good);
    assert_eq!(audit_count(&app, "export_full_id").await, 1);

    // Leaders export masked views but never full numbers; employees nothing.
    let leader = app.login("leader").await;
    let res = leader.get(format!("{}/api/roster_export?q=%E5%AF%BC%E5%87%BA%E4%B8%99", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = leader.post(format!("{}/api/roster_export", app.base)).form(&[("full_id", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let employee = app.login("employee").await;
    for url in ["/api/roster_export", "/api/roster_template"] {
        let res = employee.get(format!("{}{url}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{url}");
    }
    let res = app.client().get(format!("{}/api/roster_export", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A cross-site form post is refused by the gate.
    let res = hr
        .post(format!("{}/api/roster_export", app.base))
        .header("origin", "https://evil.example")
        .form(&[("full_id", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

fn grant(role: app::authz::Role, unit_id: Option<i64>) -> app::authz::RoleGrant {
    app::authz::RoleGrant { role, unit_id, unit_name: None }
}

both!(full_numbers_follow_the_hr_scope_and_nobody_outside_it_is_named, |app: TestApp| async move {
    use app::authz::Role;
    let office = common::unit_named(&app, "办公室").await;
    // Leader of everything, HR of one 部室.
    let mixed = app.user_with("mixed", &[grant(Role::Leader, None), grant(Role::Hr, Some(office))]).await;
    let res = mixed.post(format!("{}/api/roster_export", app.base)).form(&[("full_id", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let grid = read_grid(&res.bytes().await.unwrap()).unwrap();
    let unit_col = app::domain::import::COLUMNS.iter().position(|c| c.key == "unit").unwrap();
    let in_office: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM people p JOIN org_units u ON u.id = p.unit_id WHERE p.status = '在职' AND u.path LIKE '%/{office}/%'"
    ))
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    assert!(in_office > 0);
    assert_eq!(grid.len() as i64 - 1, in_office, "full numbers only for the HR scope");
    assert!(grid[1..].iter().all(|r| r[unit_col].contains("办公室") && !r[1].contains('*')), "{:?}", &grid[1..]);
    // The masked view keeps the leader's whole scope.
    let res = mixed.get(format!("{}/api/roster_export", app.base)).send().await.unwrap();
    assert!(read_grid(&res.bytes().await.unwrap()).unwrap().len() as i64 - 1 > in_office);

    // Someone outside the importer's scope is not named, by the import nor by the form.
    let hr = app.login("hr").await;
    let outsider = id_for("1987-04-05", "519");
    let (_, report) = upload(&app, &hr, export(&[sheet_row("范围外人", "", &outsider, "财务审计部")], "t").unwrap(), true, false).await;
    assert_eq!(report["committed"], true, "{report}");
    let office_hr = app.user_with("office_hr", &[grant(Role::Hr, Some(office))]).await;
    for upsert in [false, true] {
        let (_, report) = upload(&app, &office_hr, export(&[sheet_row("冒名", "", &outsider, "办公室")], "t").unwrap(), true, upsert).await;
        let text = report["problems"].to_string();
        assert!(text.contains("管理范围以外") && !text.contains("范围外人") && !text.contains("（档案"), "{report}");
    }
    let mut f = sheet_row("冒名", "1987-04-05", &outsider, "办公室").fields;
    f.unit_id = office;
    f.sex = "男".into();
    f.status = "在职".into();
    f.remarks.clear();
    let (s, b) =
        app.call_json(&office_hr, "person_save", serde_json::json!({ "input": { "id": null, "id_number": outsider, "fields": f } })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.to_string().contains("管理范围以外") && !b.to_string().contains("范围外人"), "{b}");
});

#[test]
fn real_workbooks_pass_the_checks() {
    // The browser tests' fixtures (written by spreadsheet software, not by Yucai) read as before.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let bytes = std::fs::read(&path).unwrap();
            let grid = app::excel::read_upload(&bytes, &app::excel::LIMITS).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(grid.len() > 1, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0);
}
