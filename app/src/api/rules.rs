//! Configurable rules HR keeps: the expected-retirement rules (the gradual rise from 2025).

use crate::domain::retirement::RetirementRule;
use crate::error::AppError;
use leptos::prelude::*;

/// The rules in force (HR's, or the national defaults), in the page's group order.
#[server(prefix = "/api", endpoint = "retirement_rules_get")]
pub async fn retirement_rules_get() -> Result<Vec<RetirementRule>, AppError> {
    crate::security::run("retirement_rules_get", |ctx| async move { Ok(crate::store::settings::retirement_rules(ctx.db()).await?) }).await
}

/// Replace the rules (one per group, every number in range); audited. Answers the rules now in force.
#[server(prefix = "/api", endpoint = "retirement_rules_save")]
pub async fn retirement_rules_save(#[server(default)] rules: Vec<RetirementRule>) -> Result<Vec<RetirementRule>, AppError> {
    crate::security::run("retirement_rules_save", |ctx| ssr::save(ctx, Some(rules))).await
}

/// Go back to the national defaults (the stored rules are removed); audited.
#[server(prefix = "/api", endpoint = "retirement_rules_reset")]
pub async fn retirement_rules_reset() -> Result<Vec<RetirementRule>, AppError> {
    crate::security::run("retirement_rules_reset", |ctx| ssr::save(ctx, None)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::authz::Scope;
    use crate::domain::retirement::{default_rules, normalise, validate_rules, RetirementRule};
    use crate::error::{AppError, FieldError};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::settings;

    /// `Some(rules)`: store them; `None`: back to the defaults.
    pub async fn save(ctx: Ctx, rules: Option<Vec<RetirementRule>>) -> Result<Vec<RetirementRule>, AppError> {
        // The rules apply to the whole organisation: HR limited to some 部室 may not change them.
        if ctx.scope != Scope::All {
            return Err(AppError::Forbidden);
        }
        if let Some(rules) = &rules {
            let errs = validate_rules(rules);
            if !errs.is_empty() {
                return Err(AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect()));
            }
        }
        let mut w = ctx.db().write().await?;
        let stored = settings::stored_retirement_rules(&mut w).await?;
        let before = stored.clone().unwrap_or_else(default_rules);
        let (after, action) = match rules {
            Some(rules) => {
                let rules = normalise(rules);
                if stored.as_ref() == Some(&rules) {
                    return Ok(rules);
                }
                settings::save_retirement_rules(&mut w, &rules).await?;
                (rules, "update")
            }
            None => {
                if stored.is_none() {
                    return Ok(before);
                }
                settings::clear_retirement_rules(&mut w).await?;
                (default_rules(), "reset")
            }
        };
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "retirement_rules",
                entity_id: "global".into(),
                action,
                before: serde_json::to_value(&before).unwrap_or_default(),
                after: serde_json::to_value(&after).unwrap_or_default(),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}
