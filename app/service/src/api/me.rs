use crate::error::AppError;
use crate::model::{Correction, PersonRecord};
use leptos::prelude::*;

/// The caller's own person record. There is no id argument: nobody can ask for another's.
#[server(prefix = "/api", endpoint = "my_record")]
pub async fn my_record() -> Result<Option<PersonRecord>, AppError> {
    crate::security::run("my_record", |ctx| async move {
        match ctx.user()?.person_id {
            Some(pid) => Ok(crate::store::people::get(ctx.db(), &crate::authz::Scope::All, pid).await?),
            None => Ok(None),
        }
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_corrections")]
pub async fn my_corrections() -> Result<Vec<Correction>, AppError> {
    crate::security::run("my_corrections", |ctx| async move {
        match ctx.user()?.person_id {
            Some(pid) => Ok(crate::store::corrections::for_person(ctx.db(), pid).await?),
            None => Ok(Vec::new()),
        }
    })
    .await
}

/// Ask HR to correct one field of one's own record.
#[server(prefix = "/api", endpoint = "request_correction")]
pub async fn request_correction(field: String, value: String, note: String) -> Result<i64, AppError> {
    let r = crate::security::run("request_correction", |ctx| async move {
        use crate::domain::roster::{field_label, get_field, validate, with_field, CORRECTABLE};
        use crate::error::FieldError;
        use crate::store::{audit, corrections, people};
        let user = ctx.user()?.clone();
        let pid = user.person_id.ok_or(AppError::Refused("此账户未关联人员档案，无法申请更正".into()))?;
        if !CORRECTABLE.contains(&field.as_str()) {
            return Err(AppError::field("field", "请选择可申请更正的项目"));
        }
        if note.chars().count() > 300 {
            return Err(AppError::field("note", "说明不能超过 300 个字"));
        }
        let record = people::get(ctx.db(), &crate::authz::Scope::All, pid).await?.ok_or(AppError::NotFound)?;
        let current = get_field(&record.fields, &field).unwrap_or_default();
        if current.trim() == value.trim() {
            return Err(AppError::field("value", format!("{}已经是“{}”", field_label(&field), value.trim())));
        }
        let changed = with_field(&record.fields, &field, &value).ok_or(AppError::field("field", "该项目不能申请更正"))?;
        let today = crate::domain::time::today_china(chrono::Utc::now());
        if let Err(errs) = validate(&changed, None, today) {
            let relevant: Vec<FieldError> = errs
                .into_iter()
                .filter(|(f, _)| *f == field || *f == "party_date" || *f == "birth_date")
                .map(|(_, m)| FieldError { field: "value".into(), message: m })
                .collect();
            if !relevant.is_empty() {
                return Err(AppError::Invalid(relevant));
            }
        }
        if corrections::pending_for_field(ctx.db(), pid, &field).await? {
            return Err(AppError::field("field", format!("您对“{}”的更正申请尚在处理中", field_label(&field))));
        }
        let mut w = ctx.db().write().await?;
        let id = corrections::create(
            &mut w,
            corrections::NewCorrection {
                person_id: pid,
                user_id: user.id,
                field: &field,
                current_value: &current,
                requested_value: value.trim(),
                note: note.trim(),
            },
        )
        .await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            audit::NewRecord {
                entity: "correction",
                entity_id: id.to_string(),
                action: "request",
                before: serde_json::Value::Null,
                after: serde_json::json!({ "person_id": pid, "field": field, "value": value.trim(), "note": note.trim() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    })
    .await;
    if r.is_ok() {
        crate::security::redirect_plain_form("/me?submitted=1");
    }
    r
}
