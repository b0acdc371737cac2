use crate::error::AppError;
use crate::model::PersonRecord;
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
