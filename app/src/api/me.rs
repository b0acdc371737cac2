use crate::error::AppError;
use crate::model::PersonRow;
use leptos::prelude::*;

/// The caller's own person record. There is no id argument: nobody can ask for another's.
#[server(prefix = "/api", endpoint = "my_record")]
pub async fn my_record() -> Result<Option<PersonRow>, AppError> {
    crate::security::run("my_record", |ctx| async move {
        match ctx.user()?.person_id {
            Some(pid) => Ok(crate::store::people::get(ctx.db(), pid).await?),
            None => Ok(None),
        }
    })
    .await
}
