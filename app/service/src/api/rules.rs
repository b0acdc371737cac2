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
/// The rules page posts its table as `typed` instead: `typed[men.base_age_months]=60`, the
/// original age in whole years and the other numbers as stored, each read as typed.
#[server(prefix = "/api", endpoint = "retirement_rules_save")]
pub async fn retirement_rules_save(
    #[server(default)] rules: Vec<RetirementRule>,
    #[server(default)] typed: std::collections::BTreeMap<String, String>,
) -> Result<Vec<RetirementRule>, AppError> {
    crate::security::run("retirement_rules_save", |ctx| async move {
        let rules = if typed.is_empty() { rules } else { ssr::from_table(&ctx, &typed)? };
        ssr::save(ctx, Some(rules)).await
    })
    .await
}

/// Go back to the national defaults (the stored rules are removed); audited.
#[server(prefix = "/api", endpoint = "retirement_rules_reset")]
pub async fn retirement_rules_reset() -> Result<Vec<RetirementRule>, AppError> {
    crate::security::run("retirement_rules_reset", |ctx| ssr::save(ctx, None)).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::authz::Scope;
    use crate::domain::retirement::{
        check_value, default_rules, normalise, rule_for, validate_rules, RetirementGroup, RetirementRule, RuleField,
    };
    use crate::error::{AppError, FieldError};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::settings;

    /// The rules as the page's table gives them, every number checked as typed (the field of each
    /// message is the input's: `men.base_age_months`).
    pub fn from_table(ctx: &Ctx, typed: &std::collections::BTreeMap<String, String>) -> Result<Vec<RetirementRule>, AppError> {
        // Only those who may save hear what is wrong with the numbers.
        if ctx.scope != Scope::All {
            return Err(AppError::Forbidden);
        }
        let mut rules = Vec::new();
        let mut errs = Vec::new();
        for g in RetirementGroup::ALL {
            let Some(mut rule) = rule_for(&default_rules(), g).cloned() else { continue };
            for f in RuleField::ALL {
                let text = typed.get(g.field(f)).map(|s| s.trim()).unwrap_or_default();
                let value = match text.parse::<i64>() {
                    Ok(v) if f == RuleField::BaseAge => v.saturating_mul(12),
                    Ok(v) => v,
                    Err(_) => {
                        errs.push(FieldError {
                            field: g.field(f).into(),
                            message: format!("{}的{}应为整数（填写的是“{text}”）", g.name(), f.label()),
                        });
                        continue;
                    }
                };
                match check_value(g, f, value) {
                    Some(m) => errs.push(FieldError { field: g.field(f).into(), message: m }),
                    None => f.set(&mut rule, value),
                }
            }
            rules.push(rule);
        }
        if errs.is_empty() {
            Ok(rules)
        } else {
            Err(AppError::Invalid(errs))
        }
    }

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
