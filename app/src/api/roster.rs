use crate::error::AppError;
use crate::model::{Page, PersonRow};
use leptos::prelude::*;

/// People the caller may see: the whole organisation, or the 部室 subtrees of their grants.
#[server(prefix = "/api", endpoint = "roster_list")]
pub async fn roster_list(search: String, page: i64) -> Result<Page<PersonRow>, AppError> {
    crate::security::run("roster_list", |ctx| async move {
        if search.chars().count() > 50 {
            return Err(AppError::field("search", "搜索内容不能超过 50 个字"));
        }
        Ok(crate::store::people::list(ctx.db(), &ctx.scope, &search, page).await?)
    })
    .await
}
