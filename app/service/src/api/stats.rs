use crate::domain::stats::Summary;
use crate::error::AppError;
use leptos::prelude::*;

/// Statistics over the active staff the caller may see.
#[server(prefix = "/api", endpoint = "roster_stats")]
pub async fn roster_stats() -> Result<Summary, AppError> {
    crate::security::run("roster_stats", |ctx| async move {
        let rows = crate::store::people::stat_rows(ctx.db(), &ctx.scope).await?;
        let rules = crate::store::settings::retirement_rules(ctx.db()).await?;
        let today = crate::domain::time::today_china(chrono::Utc::now());
        Ok(crate::domain::stats::summarise(&rows, today, &rules))
    })
    .await
}
