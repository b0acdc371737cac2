use crate::domain::roster::PersonFields;
use crate::error::AppError;
use crate::model::{HistoryEntry, Page, PersonRecord, PersonRow, RosterQuery, UnitOption, UnitStaffing};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// People the caller may see: the whole organisation, or the 部室 subtrees of their grants.
#[server(prefix = "/api", endpoint = "roster_list")]
pub async fn roster_list(query: RosterQuery) -> Result<Page<PersonRow>, AppError> {
    crate::security::run("roster_list", |ctx| async move {
        if query.q.chars().count() > 50 {
            return Err(AppError::field("q", "搜索内容不能超过 50 个字"));
        }
        Ok(crate::store::people::list(ctx.db(), &ctx.state.secrets, &ctx.scope, &query).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "unit_options")]
pub async fn unit_options() -> Result<Vec<UnitOption>, AppError> {
    crate::security::run("unit_options", |ctx| async move { Ok(crate::store::people::units(ctx.db()).await?) }).await
}

#[server(prefix = "/api", endpoint = "person_get")]
pub async fn person_get(id: i64) -> Result<PersonRecord, AppError> {
    crate::security::run(
        "person_get",
        |ctx| async move { crate::store::people::get(ctx.db(), &ctx.scope, id).await?.ok_or(AppError::NotFound) },
    )
    .await
}

#[server(prefix = "/api", endpoint = "person_history")]
pub async fn person_history(id: i64) -> Result<Vec<HistoryEntry>, AppError> {
    crate::security::run("person_history", |ctx| async move {
        crate::store::people::get(ctx.db(), &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        ssr::history(&ctx, id).await
    })
    .await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PersonInput {
    /// None: a new person.
    pub id: Option<i64>,
    pub fields: PersonFields,
    /// The full number; empty on an edit keeps the stored one.
    pub id_number: String,
    /// When the post, level, 部室 or 任现职时间 changes: the appointment that changed it (the
    /// change is recorded in the appointment history, never silently overwritten).
    #[serde(default)]
    pub appointment: Option<PersonAppointment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PersonAppointment {
    pub kind: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
}

/// Save a new or changed record; a form goes on to the person's page.
#[server(prefix = "/api", endpoint = "person_save")]
pub async fn person_save(input: PersonInput) -> Result<i64, AppError> {
    crate::security::run("person_save", |ctx| async move {
        let pid = ssr::save(ctx, input).await?;
        crate::security::go(&format!("/roster/{pid}"));
        Ok(pid)
    })
    .await
}

/// What the person's page shows once after a reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevealedId {
    pub person_id: i64,
    pub id_number: String,
}

/// Show one full ID number, on purpose; the reveal is audited. A form goes on to the person's
/// page, which shows the number once (`?shown=`).
#[server(prefix = "/api", endpoint = "person_reveal_id")]
pub async fn person_reveal_id(id: i64) -> Result<String, AppError> {
    crate::security::run("person_reveal_id", |ctx| async move {
        use crate::store::{audit, people};
        let plain = people::reveal_id(ctx.db(), &ctx.state.secrets, &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        let mut w = ctx.db().write().await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "person",
                entity_id: id.to_string(),
                action: "reveal_id",
                before: serde_json::Value::Null,
                after: serde_json::json!({ "field": "id_number" }),
            },
        )
        .await?;
        let shown =
            crate::api::admin::ssr::show_once(&ctx, &mut w, "person_reveal_id", &RevealedId { person_id: id, id_number: plain.clone() })
                .await?;
        w.commit().await?;
        if let Some(token) = shown {
            crate::security::go(&crate::api::admin::ssr::shown_at(&format!("/roster/{id}"), &token));
        }
        Ok(plain)
    })
    .await
}

#[server(prefix = "/api", endpoint = "staffing")]
pub async fn staffing() -> Result<Vec<UnitStaffing>, AppError> {
    crate::security::run("staffing", |ctx| async move { Ok(crate::store::people::staffing(ctx.db(), &ctx.scope).await?) }).await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UnitInput {
    /// None: a new unit under `parent_id`.
    pub id: Option<i64>,
    pub parent_id: i64,
    pub name: String,
    pub code: String,
    pub kind: String,
    /// (编制类别, 编制数), as the form posts them: `input[establishment][0][0]=事业编制`,
    /// `input[establishment][0][1]=6` (a number left blank is 0).
    #[serde(deserialize_with = "counts")]
    pub establishment: Vec<(String, i64)>,
    /// (职务层次, 领导职数), the same way.
    #[serde(deserialize_with = "counts")]
    pub leaders: Vec<(String, i64)>,
}

/// `(name, count)` pairs of a form: a count left blank is 0; anything else not a whole number is
/// refused in words.
fn counts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(String, i64)>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Count {
        N(i64),
        S(String),
    }
    Vec::<(String, Count)>::deserialize(d)?
        .into_iter()
        .map(|(k, n)| match n {
            Count::N(n) => Ok((k, n)),
            Count::S(s) if s.trim().is_empty() => Ok((k, 0)),
            Count::S(s) => s.trim().parse().map(|n| (k.clone(), n)).map_err(|_| serde::de::Error::custom(format!("“{k}”的数目应为整数"))),
        })
        .collect()
}

/// Add or change a 部室 with its 编制数 and 领导职数; a form goes back to the list.
#[server(prefix = "/api", endpoint = "unit_save")]
pub async fn unit_save(input: UnitInput) -> Result<i64, AppError> {
    crate::security::run("unit_save", |ctx| async move {
        let id = ssr::save_unit(ctx, input).await?;
        crate::security::go("/roster/units");
        Ok(id)
    })
    .await
}

#[cfg(feature = "ssr")]
/// Public for the bare-handler baseline of `bench/run` (bench/bare.rs), which runs these
/// functions without the framework around them.
pub mod ssr {
    use super::{PersonInput, UnitInput};
    use crate::domain::roster::{changed_fields, field_label, validate, ESTABLISHMENTS, LEADER_LEVELS};
    use crate::error::{AppError, FieldError};
    use crate::model::HistoryEntry;
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::people;
    use serde_json::{json, Map, Value};

    fn invalid(errs: Vec<(&'static str, String)>) -> AppError {
        AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect())
    }

    /// Someone who leaves (or retires) loses access to their account at once.
    pub async fn disable_leaver(
        w: &mut crate::store::WriteTx,
        actor: &crate::store::audit::Actor,
        pid: i64,
        old_status: &str,
        new_status: &str,
    ) -> Result<(), AppError> {
        if old_status == "在职" && new_status != "在职" {
            for uid in crate::store::users::disable_for_person(w, pid).await? {
                audit::record(
                    w,
                    actor,
                    NewRecord {
                        entity: "user",
                        entity_id: uid.to_string(),
                        action: "disable",
                        before: json!({ "disabled": false }),
                        after: json!({ "disabled": true, "reason": format!("人员状态改为{new_status}") }),
                    },
                )
                .await?;
            }
        }
        Ok(())
    }

    /// The changed fields' values before and after, for the history.
    pub fn diff(
        old: &crate::domain::roster::PersonFields,
        new: &crate::domain::roster::PersonFields,
    ) -> (Map<String, Value>, Map<String, Value>) {
        let (ob, oa) = (serde_json::to_value(old).unwrap_or_default(), serde_json::to_value(new).unwrap_or_default());
        let mut b = Map::new();
        let mut a = Map::new();
        for f in changed_fields(old, new) {
            b.insert(f.into(), ob[f].clone());
            a.insert(f.into(), oa[f].clone());
        }
        (b, a)
    }

    /// Whether a change touches what the appointment history owns.
    pub fn appointment_changed(old: &crate::domain::roster::PersonFields, new: &crate::domain::roster::PersonFields) -> bool {
        old.position != new.position || old.level != new.level || old.unit_id != new.unit_id || old.position_date != new.position_date
    }

    /// The first non-empty date of several (the start of a record typed in).
    pub fn first_date(candidates: &[&String]) -> Option<String> {
        candidates.iter().find(|d| !d.trim().is_empty()).map(|d| d.trim().to_string())
    }

    pub async fn save(ctx: Ctx, input: PersonInput) -> Result<i64, AppError> {
        let today = crate::domain::time::today_china(chrono::Utc::now());
        let before = match input.id {
            Some(id) => Some(people::get(ctx.db(), &ctx.scope, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let typed = input.id_number.trim();
        let id_arg = if typed.is_empty() && before.is_some() { None } else { Some(typed) };
        if id_arg.is_none() && before.is_none() {
            return Err(AppError::field("id_number", "请填写身份证号"));
        }
        let id_number = validate(&input.fields, id_arg, today).map_err(invalid)?;
        match people::unit_path(ctx.db(), input.fields.unit_id).await? {
            None => return Err(AppError::field("unit_id", "所选部室不存在")),
            Some(p) if !ctx.scope.covers_path(&p) => return Err(AppError::field("unit_id", "您无权管理所选部室的人员")),
            Some(_) => {}
        }
        let mut id_number = id_number;
        if let Some(id) = &id_number {
            if let Some((other, name)) = people::find_by_id_number(ctx.db(), &ctx.state.secrets, &ctx.scope, id).await? {
                if Some(other) != input.id {
                    return Err(AppError::field(
                        "id_number",
                        match name {
                            Some(name) => format!("身份证号 {} 已属于 {name}（档案 {other}）", id.masked()),
                            None => format!("身份证号 {} 已登记在您管理范围以外的人员档案中", id.masked()),
                        },
                    ));
                }
                // The same number as stored: nothing to change.
                id_number = None;
            }
        }
        let mut fields = input.fields.clone();
        fields.name = fields.name.trim().to_string();
        // Post, level, 部室 and 任现职时间 belong to the appointment history: a change to them on an
        // existing record needs the appointment that made it (its date becomes 任现职时间).
        let appointment = match &before {
            Some(old) if appointment_changed(&old.fields, &fields) => {
                const WHY: &str = "职务、职务层次、部室或任现职时间有变动：请填写任免类别、生效日期和任免文号，变动将记入任免历史";
                let a = input.appointment.clone().ok_or_else(|| AppError::field("appointment", WHY))?;
                let check = crate::domain::posts::AppointmentInput {
                    kind: a.kind.clone(),
                    effective_date: a.effective_date.clone(),
                    doc_no: a.doc_no.clone(),
                    decided_by: a.decided_by.clone(),
                    notes: String::new(),
                };
                // Every problem at once, beside the form's inputs (`input[appointment][doc_no]` …).
                let checked = crate::domain::posts::validate_appointment(&check, today);
                let mut errs: Vec<(&'static str, String)> = checked.as_ref().err().cloned().unwrap_or_default();
                if !crate::domain::posts::FORM_KINDS.contains(&a.kind.trim()) {
                    errs.retain(|(f, _)| *f != "kind");
                    errs.push(("kind", "请选择任免类别".into()));
                }
                let date = match checked {
                    Ok(date) if errs.is_empty() => date,
                    _ => {
                        let mut errs: Vec<(&'static str, String)> = errs
                            .into_iter()
                            .map(|(f, m)| {
                                (if matches!(f, "kind" | "effective_date" | "doc_no" | "decided_by") { f } else { "appointment" }, m)
                            })
                            .collect();
                        errs.push(("appointment", WHY.into()));
                        return Err(invalid(errs));
                    }
                };
                if a.kind == "提任" && date > today {
                    return Err(AppError::field("kind", "新的提任须经任前公示：请在「岗位任免」中办理"));
                }
                fields.position_date = date.to_string();
                Some((a, date))
            }
            _ => None,
        };
        let mut w = ctx.db().write().await?;
        let (pid, action, b, a) = match &before {
            None => {
                let pid = people::insert(&mut w, &ctx.state.secrets, &fields, id_number.as_ref()).await?;
                if !fields.position.trim().is_empty() {
                    let start = first_date(&[&fields.position_date, &fields.join_unit_date, &fields.work_start])
                        .unwrap_or_else(|| today.to_string());
                    crate::store::posts::record_history(
                        &mut w,
                        &[crate::store::posts::HistoryOnly {
                            person_id: pid,
                            kind: "首聘".into(),
                            effective_date: start,
                            notes: "建档时登记的现职务".into(),
                            unit_id: fields.unit_id,
                            position: fields.position.clone(),
                            level: fields.level.clone(),
                            ..Default::default()
                        }],
                        &ctx.actor().name,
                    )
                    .await?;
                }
                let mut after = serde_json::to_value(&fields).unwrap_or_default();
                if let (Some(o), Some(id)) = (after.as_object_mut(), &id_number) {
                    o.insert("id_masked".into(), json!(id.masked()));
                }
                (pid, "create", Value::Null, after)
            }
            Some(old) => {
                let pid = old.id;
                people::update(&mut w, &ctx.state.secrets, pid, &fields, id_number.as_ref()).await?;
                if let Some((a, date)) = &appointment {
                    if old.fields.position != fields.position || old.fields.unit_id != fields.unit_id {
                        crate::store::posts::release_main_post(&mut w, pid).await?;
                    }
                    crate::store::posts::record_history(
                        &mut w,
                        &[crate::store::posts::HistoryOnly {
                            person_id: pid,
                            kind: a.kind.clone(),
                            effective_date: date.to_string(),
                            doc_no: a.doc_no.clone(),
                            decided_by: a.decided_by.clone(),
                            notes: "在人员档案中登记".into(),
                            unit_id: fields.unit_id,
                            position: fields.position.clone(),
                            level: fields.level.clone(),
                            prev_unit_id: Some(old.fields.unit_id),
                            prev_position: old.fields.position.clone(),
                            prev_level: old.fields.level.clone(),
                        }],
                        &ctx.actor().name,
                    )
                    .await?;
                }
                disable_leaver(&mut w, &ctx.actor(), pid, &old.fields.status, &fields.status).await?;
                let (mut b, mut a) = diff(&old.fields, &fields);
                if let Some(id) = &id_number {
                    b.insert("id_masked".into(), json!(old.id_masked));
                    a.insert("id_masked".into(), json!(id.masked()));
                }
                if a.is_empty() {
                    return Ok(pid);
                }
                (pid, "update", Value::Object(b), Value::Object(a))
            }
        };
        audit::record(&mut w, &ctx.actor(), NewRecord { entity: "person", entity_id: pid.to_string(), action, before: b, after: a })
            .await?;
        w.commit().await?;
        Ok(pid)
    }

    pub async fn history(ctx: &Ctx, id: i64) -> Result<Vec<HistoryEntry>, AppError> {
        let units = people::units(ctx.db()).await?;
        let unit_name =
            |v: &Value| v.as_i64().and_then(|u| units.iter().find(|x| x.id == u)).map(|x| x.name.clone()).unwrap_or_else(|| v.to_string());
        let text = |k: &str, v: &Value| -> String {
            if k == "unit_id" {
                return unit_name(v);
            }
            match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            }
        };
        let entries = audit::for_entity(ctx.db(), "person", &id.to_string()).await?;
        Ok(entries
            .into_iter()
            .map(|e| {
                let before: Value = serde_json::from_str(&e.before).unwrap_or(Value::Null);
                let after: Value = serde_json::from_str(&e.after).unwrap_or(Value::Null);
                let mut changes = Vec::new();
                if e.action != "reveal_id" {
                    if let Some(a) = after.as_object() {
                        for (k, v) in a {
                            let label = field_label(k);
                            if label.is_empty() {
                                continue;
                            }
                            let old = before.get(k).map(|b| text(k, b)).unwrap_or_default();
                            let new = text(k, v);
                            if e.action == "create" && new.is_empty() {
                                continue;
                            }
                            changes.push((label.to_string(), old, new));
                        }
                    }
                }
                let action = match e.action.as_str() {
                    "create" => "建档",
                    "update" => "修改",
                    "reveal_id" => "查看完整身份证号",
                    "correction" => "更正（本人申请）",
                    other => other,
                }
                .to_string();
                HistoryEntry { at: e.at, actor: e.actor, action, changes }
            })
            .collect())
    }

    pub async fn save_unit(ctx: Ctx, input: UnitInput) -> Result<i64, AppError> {
        let name = input.name.trim();
        let code = input.code.trim().to_uppercase();
        let mut errs: Vec<(&'static str, String)> = Vec::new();
        if name.is_empty() || name.chars().count() > 40 {
            errs.push(("name", "请填写部室名称（不超过 40 个字）".into()));
        }
        if code.is_empty() || code.len() > 20 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            errs.push(("code", "代码须为 1–20 位字母、数字或 -".into()));
        }
        if !["中心", "部室", "派出单位"].contains(&input.kind.as_str()) {
            errs.push(("kind", "类型须为 中心、部室 或 派出单位".into()));
        }
        for (c, n) in &input.establishment {
            if !ESTABLISHMENTS.contains(&c.as_str()) || !(0..=10_000).contains(n) {
                errs.push(("establishment", format!("编制数“{c}：{n}”无效（应为 0–10000 的整数）")));
            }
        }
        for (l, n) in &input.leaders {
            if !LEADER_LEVELS.contains(&l.as_str()) || !(0..=100).contains(n) {
                errs.push(("leaders", format!("领导职数“{l}：{n}”无效（应为 0–100 的整数）")));
            }
        }
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let staffing = people::staffing(ctx.db(), &ctx.scope).await?;
        let mut w = ctx.db().write().await?;
        let (id, action, before) = match input.id {
            Some(id) => {
                let old = staffing.iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
                if !people::rename_unit(&mut w, id, name, &code, &input.kind).await? {
                    return Err(AppError::NotFound);
                }
                (id, "update", serde_json::to_value(old).unwrap_or_default())
            }
            None => {
                if !staffing.iter().any(|u| u.id == input.parent_id) {
                    return Err(AppError::field("parent_id", "请选择您有权管理的上级单位"));
                }
                let id = people::create_unit(&mut w, input.parent_id, name, &code, &input.kind).await.map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.message().to_lowercase().contains("unique") => {
                        AppError::field("code", format!("代码 {code} 已被使用"))
                    }
                    _ => AppError::from(e),
                })?;
                (id, "create", Value::Null)
            }
        };
        people::save_quotas(&mut w, id, &input.establishment, &input.leaders).await?;
        audit::record(&mut w, &ctx.actor(), NewRecord {
            entity: "unit", entity_id: id.to_string(), action, before,
            after: json!({ "name": name, "code": code, "kind": input.kind, "establishment": input.establishment, "leaders": input.leaders }),
        })
        .await?;
        w.commit().await?;
        Ok(id)
    }
}

/// HR's queue of correction requests (`pending`, `approved` or `rejected`), within their scope.
#[server(prefix = "/api", endpoint = "correction_queue")]
pub async fn correction_queue(status: String) -> Result<Vec<crate::model::Correction>, AppError> {
    crate::security::run("correction_queue", |ctx| async move {
        if !["pending", "approved", "rejected"].contains(&status.as_str()) {
            return Err(AppError::field("status", "未知的状态"));
        }
        Ok(crate::store::corrections::queue(ctx.db(), &ctx.scope, &status).await?)
    })
    .await
}

/// Approve (the change is applied to the record and audited) or reject with a reason. The page's
/// note says which (`flash_count`: 1 approved, 0 rejected).
#[server(prefix = "/api", endpoint = "decide_correction")]
pub async fn decide_correction(id: i64, approve: bool, #[server(default)] reason: String) -> Result<(), AppError> {
    crate::security::run("decide_correction", |ctx| async move {
        use crate::domain::id_number::IdNumber;
        use crate::domain::roster::{validate, with_field};
        use crate::store::{audit, corrections, people};
        if !approve && reason.trim().is_empty() {
            return Err(AppError::field("reason", "驳回时请填写理由"));
        }
        if reason.chars().count() > 300 {
            return Err(AppError::field("reason", "理由不能超过 300 个字"));
        }
        let mut w = ctx.db().write().await?;
        let c = corrections::get_pending(&mut w, &ctx.scope, id).await?.ok_or(AppError::NotFound)?;
        if approve {
            let record = people::get(ctx.db(), &ctx.scope, c.person_id).await?.ok_or(AppError::NotFound)?;
            let changed = with_field(&record.fields, &c.field, &c.requested_value).ok_or(AppError::Internal)?;
            // Check the corrected record against the stored ID number too (birth date, sex).
            let stored = people::reveal_id(ctx.db(), &ctx.state.secrets, &ctx.scope, c.person_id).await?.unwrap_or_default();
            let today = crate::domain::time::today_china(chrono::Utc::now());
            if let Err(errs) = validate(&changed, None, today) {
                return Err(AppError::Refused(format!(
                    "更正后档案不合规，未能批准：{}",
                    errs.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("；")
                )));
            }
            if let Ok(idn) = IdNumber::parse(&stored) {
                let mismatch = idn.check_against(
                    chrono::NaiveDate::parse_from_str(&changed.birth_date, "%Y-%m-%d").ok(),
                    crate::domain::id_number::Sex::from_label(&changed.sex),
                );
                if !mismatch.is_empty() {
                    return Err(AppError::Refused(format!(
                        "未能批准：{}",
                        mismatch.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("；")
                    )));
                }
            }
            people::update(&mut w, &ctx.state.secrets, c.person_id, &changed, None).await?;
            audit::record(
                &mut w,
                &ctx.actor(),
                audit::NewRecord {
                    entity: "person",
                    entity_id: c.person_id.to_string(),
                    action: "correction",
                    before: serde_json::json!({ c.field.clone(): c.current_value }),
                    after: serde_json::json!({ c.field.clone(): c.requested_value }),
                },
            )
            .await?;
        }
        corrections::decide(&mut w, id, approve, reason.trim(), &ctx.actor().name).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "correction",
                entity_id: id.to_string(),
                action: if approve { "approve" } else { "reject" },
                before: serde_json::json!({ "status": "pending" }),
                after: serde_json::json!({ "status": if approve { "approved" } else { "rejected" }, "reason": reason.trim() }),
            },
        )
        .await?;
        w.commit().await?;
        crate::security::flash_count(approve as i64);
        Ok(())
    })
    .await
}

/// One opened account, for the printable slip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenedAccount {
    pub person_name: String,
    pub unit_name: String,
    pub username: String,
    pub password: String,
}

/// Open employee accounts for everyone active in a 部室 (and the units below it) who has none.
/// Usernames are the name's pinyin, numbered when taken; each initial password is shown once
/// and must be changed at first login.
#[server(prefix = "/api", endpoint = "bulk_open_accounts")]
pub async fn bulk_open_accounts(unit_id: i64) -> Result<Vec<OpenedAccount>, AppError> {
    crate::security::run("bulk_open_accounts", |ctx| async move {
        use crate::authz::{Role, RoleGrant};
        use crate::store::{audit, people, settings, users};
        if !people::unit_exists(ctx.db(), unit_id).await? {
            return Err(AppError::field("unit_id", "请选择部室"));
        }
        let cond = people::scope_condition(&ctx.scope);
        let todo = users::people_without_account(ctx.db(), unit_id, &cond).await?;
        if todo.len() > 2000 {
            return Err(AppError::Refused(format!("一次最多开通 2000 个账户，所选范围有 {} 人，请按部室分批开通", todo.len())));
        }
        let cfg = settings::load(ctx.db()).await?;
        let mut prepared = Vec::with_capacity(todo.len());
        for (pid, name, pinyin, unit) in todo {
            let password = crate::api::admin::temporary_password(cfg.password_min_length as usize);
            let hash = ctx.state.hasher.hash(&password).await?;
            prepared.push((pid, name, pinyin, unit, password, hash));
        }
        let mut w = ctx.db().write().await?;
        let mut out = Vec::with_capacity(prepared.len());
        for (pid, name, pinyin, unit, password, hash) in prepared {
            let username = users::free_username(&mut w, &pinyin).await?;
            let uid = users::create(
                &mut w,
                users::NewUser {
                    username: &username,
                    display_name: &name,
                    password_hash: &hash,
                    person_id: Some(pid),
                    must_change_password: true,
                },
                &[RoleGrant { role: Role::Employee, unit_id: None, unit_name: None }],
            )
            .await?;
            audit::record(
                &mut w,
                &ctx.actor(),
                audit::NewRecord {
                    entity: "user",
                    entity_id: uid.to_string(),
                    action: "create",
                    before: serde_json::Value::Null,
                    after: serde_json::json!({ "username": username, "person_id": pid, "grants": [{ "role": "employee" }], "bulk": true }),
                },
            )
            .await?;
            out.push(OpenedAccount { person_name: name, unit_name: unit, username, password });
        }
        // The slips are shown once, on the page the form leads to.
        let shown = crate::api::admin::ssr::show_once(&ctx, &mut w, "bulk_open_accounts", &out).await?;
        w.commit().await?;
        if let Some(token) = shown {
            crate::security::go(&crate::api::admin::ssr::shown_at("/roster/accounts", &token));
        }
        Ok(out)
    })
    .await
}
