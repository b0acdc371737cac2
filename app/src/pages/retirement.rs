//! 退休规则: the expected-retirement rules (the gradual rise from 2025), one row per group.
//! HR edits the numbers; leaders read them. Each row shows what its rule means for an example
//! birth date (`?birth=`), computed with the same domain function the roster and statistics use.

use crate::api::rules::{retirement_rules_get, RetirementRulesReset, RetirementRulesSave};
use crate::components::{field_error, flash_note, form_error, other_errors, Confirm, ErrorBox, Guarded, Loading, PostForm, PrintButton};
use crate::domain::retirement::{age_label, default_rules, rule_for, RetirementGroup, RetirementRule, RuleField};
use crate::i18n::{age_text, t, tf, tr};
use crate::model::CurrentUser;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RetirementRulesPage() -> impl IntoView {
    view! { <Guarded path="/roster/retirement" view=rules_page/> }
}

const EXAMPLE_BIRTH: &str = "1970-05-15";

fn rules_page(u: CurrentUser) -> impl IntoView {
    let editable = u.may("retirement_rules_save");
    let rules = Resource::new(|| (), |_| retirement_rules_get());
    let birth = use_query_map().with_untracked(|q| q.get("birth")).filter(|b| !b.trim().is_empty()).unwrap_or_else(|| EXAMPLE_BIRTH.into());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("退休规则")}</h1>
                <div class="button-row no-print">
                    <A href="/roster/stats" attr:class="button">{t("返回人员统计")}</A>
                    <PrintButton/>
                </div>
            </div>
            <p class="hint">{t("自 2025 年起，法定退休年龄逐步提高（渐进式延迟法定退休年龄）：在“开始延迟的出生年月”及以后出生的人员，每晚出生若干个月，退休年龄延迟 1 个月，直至达到最多延迟月数。人员档案中的预计退休日期和人员统计中的即将退休名单均按本页规则计算。")}</p>
            {flash_note("retirement_rules_save", "已保存。人员档案和统计中的预计退休日期已按新规则计算。")}
            {flash_note("retirement_rules_reset", "已恢复国家规定默认值。")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let birth = birth.clone();
                    Suspend::new(async move {
                        match rules.await {
                            Ok(r) => rules_view(r, editable, birth).into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The text an input shows: the original age in whole years, the other numbers as stored.
fn shown(rule: &RetirementRule, f: RuleField) -> String {
    match f {
        RuleField::BaseAge => (rule.base_age_months / 12).to_string(),
        _ => f.get(rule).to_string(),
    }
}

/// The rule of a group: the one in force, else the national default.
fn rule_of(rules: &[RetirementRule], g: RetirementGroup) -> Option<RetirementRule> {
    rule_for(rules, g).cloned().or_else(|| rule_for(&default_rules(), g).cloned())
}

/// "1976年9月及以后出生" / "born in or after 1976/9".
fn born_from(y: i32, m: u32) -> String {
    tf("{}年{}月及以后出生", &[&y, &m])
}

/// The highest age a rule reaches, and from which birth month.
fn final_text(rule: &RetirementRule) -> String {
    let age = age_text(&age_label(rule.final_age_months()));
    match rule.full_delay_from() {
        Some((y, m)) => tf("{}（{}）", &[&age, &born_from(y, m)]),
        None => age,
    }
}

/// What the rule gives someone born on `birth`: the age and the day.
fn example_text(rule: &RetirementRule, birth: NaiveDate) -> String {
    let age = age_text(&age_label(rule.age_months(birth)));
    match rule.date(birth) {
        Some(d) => tf("{}，{} 退休", &[&age, &d]),
        None => age,
    }
}

fn rules_view(rules: Vec<RetirementRule>, editable: bool, birth: String) -> impl IntoView {
    let err = form_error::<RetirementRulesSave>();
    let reset_err = form_error::<RetirementRulesReset>();
    let example = NaiveDate::parse_from_str(birth.trim(), "%Y-%m-%d").ok();
    let is_default = rules == default_rules();
    let body = RetirementGroup::ALL
        .into_iter()
        .filter_map(|g| rule_of(&rules, g).map(|r| (g, r)))
        .map(|(g, rule)| {
            let cells = RuleField::ALL
                .into_iter()
                .map(|f| {
                    let field = g.field(f);
                    let content = if editable {
                        let label = format!("{} · {}", tr(g.label()), t(f.label()));
                        view! {
                            <input id=field name=format!("typed[{field}]") type="number" inputmode="numeric" step="1" required aria-label=label value=shown(&rule, f)/>
                            {field_error(err.clone(), field)}
                        }
                        .into_any()
                    } else {
                        let text = match f {
                            RuleField::BaseAge => age_text(&age_label(rule.base_age_months)),
                            _ => f.get(&rule).to_string(),
                        };
                        view! { <span>{text}</span> }.into_any()
                    };
                    view! { <td data-label=t(f.label())>{content}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{tr(g.label()).to_string()}</th>
                    {cells}
                    <td data-label=t("最高退休年龄")>{final_text(&rule)}</td>
                    <td data-label=t("示例结果")>{example.map(|b| example_text(&rule, b)).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <div class="table-wrap">
            <table class="data rules">
                <thead>
                    <tr>
                        <th scope="col">{t("人员类别")}</th>
                        {RuleField::ALL.into_iter().map(|f| view! { <th scope="col">{t(f.label())}</th> }).collect_view()}
                        <th scope="col">{t("最高退休年龄")}</th>
                        <th scope="col">{t("示例结果")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    };
    view! {
        <p class="alert info" role="status">{if is_default {
            t("当前使用国家规定默认值。")
        } else {
            t("当前规则已由人事修改，与国家规定默认值不同。")
        }}</p>
        // The example is a plain GET form: the date lives in the URL.
        <form method="get" action="/roster/retirement" class="inline-form no-print">
            <label for="example-birth">{t("示例出生日期")}</label>
            <input id="example-birth" name="birth" type="date" value=birth/>
            <button type="submit">{t("计算示例")}</button>
        </form>
        <p class="hint">{t("“示例结果”按已保存的规则计算该日期出生人员的退休年龄和退休日期。")}</p>
        {if editable {
            view! {
                <PostForm action="/api/retirement_rules_save" class="form wide">
                    {table}
                    {other_errors(err.clone())}
                    <div class="button-row no-print">
                        <button type="submit" class="primary">{t("保存")}</button>
                    </div>
                </PostForm>
                <form method="post" action="/api/retirement_rules_reset" class="no-print">
                    <Confirm label="恢复国家规定默认值" question=t("确定将三类人员的退休规则全部恢复为国家规定默认值吗？此操作会记入审计日志。") yes="确定恢复" danger=true/>
                </form>
                {reset_err.map(|e| view! { <ErrorBox error=e/> })}
            }
            .into_any()
        } else {
            view! {
                {table}
                <p class="hint">{t("退休规则由人事维护，您可以查看。")}</p>
            }
            .into_any()
        }}
    }
}
