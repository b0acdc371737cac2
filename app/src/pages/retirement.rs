//! 退休规则: the expected-retirement rules (the gradual rise from 2025), one row per group.
//! HR edits the numbers; leaders read them. Each row shows what its numbers mean for an
//! example birth date, computed with the same domain function the roster and statistics use.

use crate::api::rules::{retirement_rules_get, retirement_rules_reset, retirement_rules_save};
use crate::components::{confirm, field_error, ErrorBox, Guarded, Loading};
use crate::domain::retirement::{age_label, check_value, default_rules, rule_for, RetirementGroup, RetirementRule, RuleField};
use crate::error::{AppError, FieldError};
use crate::i18n::{age_text, t, tr, use_locale};
use crate::model::{CurrentUser, Locale};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn RetirementRulesPage() -> impl IntoView {
    view! { <Guarded path="/roster/retirement" view=rules_page/> }
}

fn rules_page(u: CurrentUser) -> impl IntoView {
    let editable = u.may("retirement_rules_save");
    let rules = Resource::new(|| (), |_| retirement_rules_get());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("退休规则")}</h1>
                <div class="button-row no-print">
                    <A href="/roster/stats" attr:class="button">{t("返回人员统计")}</A>
                    <crate::components::PrintButton/>
                </div>
            </div>
            <p class="hint">{t("自 2025 年起，法定退休年龄逐步提高（渐进式延迟法定退休年龄）：在“开始延迟的出生年月”及以后出生的人员，每晚出生若干个月，退休年龄延迟 1 个月，直至达到最多延迟月数。人员档案中的预计退休日期和人员统计中的即将退休名单均按本页规则计算。")}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match rules.await {
                        Ok(r) => view! { <RulesForm initial=r editable/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The inputs of one group's row, in the order of `RuleField::ALL`.
type Row = (RetirementGroup, Vec<(RuleField, RwSignal<String>)>);

/// The text an input shows: the original age in whole years, the other numbers as stored.
fn shown(rule: &RetirementRule, f: RuleField) -> String {
    match f {
        RuleField::BaseAge => (rule.base_age_months / 12).to_string(),
        _ => f.get(rule).to_string(),
    }
}

fn rule_of(rules: &[RetirementRule], g: RetirementGroup) -> RetirementRule {
    rule_for(rules, g).cloned().or_else(|| rule_for(&default_rules(), g).cloned()).expect("a default rule for every group")
}

fn fill(rows: &[Row], rules: &[RetirementRule]) {
    for (g, inputs) in rows {
        let rule = rule_of(rules, *g);
        for (f, s) in inputs {
            s.set(shown(&rule, *f));
        }
    }
}

/// One row's numbers as a rule, each checked as the server checks it (`get` reads a signal,
/// tracked or not).
fn read_row(row: &Row, get: impl Fn(RwSignal<String>) -> String) -> Result<RetirementRule, Vec<FieldError>> {
    let (g, inputs) = row;
    let mut rule = rule_of(&[], *g);
    let mut errs = Vec::new();
    for (f, s) in inputs {
        let text = get(*s);
        let text = text.trim();
        let value = match text.parse::<i64>() {
            Ok(v) if *f == RuleField::BaseAge => v.saturating_mul(12),
            Ok(v) => v,
            Err(_) => {
                errs.push(FieldError {
                    field: g.field(*f).into(),
                    message: format!("{}的{}应为整数（填写的是“{text}”）", g.name(), f.label()),
                });
                continue;
            }
        };
        match check_value(*g, *f, value) {
            Some(m) => errs.push(FieldError { field: g.field(*f).into(), message: m }),
            None => f.set(&mut rule, value),
        }
    }
    if errs.is_empty() {
        Ok(rule)
    } else {
        Err(errs)
    }
}

/// "1976年9月及以后出生" / "born 1976-09 or later".
fn born_from(y: i32, m: u32) -> String {
    match use_locale() {
        Locale::Zh => format!("{y}年{m}月及以后出生"),
        Locale::En => format!("born {y}-{m:02} or later"),
    }
}

/// The highest age a rule reaches, and from which birth month.
fn final_text(rule: &RetirementRule) -> String {
    let age = age_text(&age_label(rule.final_age_months()));
    match rule.full_delay_from() {
        Some((y, m)) => match use_locale() {
            Locale::Zh => format!("{age}（{}）", born_from(y, m)),
            Locale::En => format!("{age} ({})", born_from(y, m)),
        },
        None => age,
    }
}

/// What the rule gives someone born on `birth`: the age and the day.
fn example_text(rule: &RetirementRule, birth: NaiveDate) -> String {
    let age = age_text(&age_label(rule.age_months(birth)));
    match (rule.date(birth), use_locale()) {
        (Some(d), Locale::Zh) => format!("{age}，{d} 退休"),
        (Some(d), Locale::En) => format!("{age}, retires on {d}"),
        (None, _) => age,
    }
}

#[component]
fn RulesForm(initial: Vec<RetirementRule>, editable: bool) -> impl IntoView {
    let current = RwSignal::new(initial.clone());
    let rows: Vec<Row> = RetirementGroup::ALL
        .into_iter()
        .map(|g| {
            let rule = rule_of(&initial, g);
            (g, RuleField::ALL.into_iter().map(|f| (f, RwSignal::new(shown(&rule, f)))).collect())
        })
        .collect();
    let example = RwSignal::new("1970-05-15".to_string());
    let example_birth = move || NaiveDate::parse_from_str(example.get().trim(), "%Y-%m-%d").ok();
    // Which operation the last answer belongs to (true: back to the defaults).
    let was_reset = RwSignal::new(false);
    let local_err = RwSignal::new(None::<AppError>);
    let action_rows = rows.clone();
    let save = Action::new(move |op: &Option<Vec<RetirementRule>>| {
        let (op, rows) = (op.clone(), action_rows.clone());
        async move {
            let r = match op {
                Some(rules) => retirement_rules_save(rules).await,
                None => retirement_rules_reset().await,
            };
            if let Ok(rules) = &r {
                current.set(rules.clone());
                fill(&rows, rules);
            }
            r
        }
    });
    let err = move || local_err.get().or_else(|| save.value().get().and_then(|r| r.err()));
    let submit_rows = rows.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut rules = Vec::new();
        let mut errs = Vec::new();
        for row in &submit_rows {
            match read_row(row, |s| s.get_untracked()) {
                Ok(r) => rules.push(r),
                Err(e) => errs.extend(e),
            }
        }
        save.value().set(None);
        was_reset.set(false);
        if errs.is_empty() {
            local_err.set(None);
            save.dispatch(Some(rules));
        } else {
            local_err.set(Some(AppError::Invalid(errs)));
        }
    };
    let on_reset = move |_| {
        if confirm(t("确定将三类人员的退休规则全部恢复为国家规定默认值吗？此操作会记入审计日志。")) {
            save.value().set(None);
            local_err.set(None);
            was_reset.set(true);
            save.dispatch(None);
        }
    };
    let body = rows
        .into_iter()
        .map(|row| {
            let g = row.0;
            let cells = row
                .1
                .iter()
                .map(|(f, s)| {
                    let (f, s) = (*f, *s);
                    let field = g.field(f);
                    let content = if editable {
                        let label = format!("{} · {}", tr(g.label()), t(f.label()));
                        view! {
                            <input id=field type="number" inputmode="numeric" step="1" aria-label=label bind:value=s/>
                            {move || field_error(err(), field)}
                        }
                        .into_any()
                    } else {
                        let rule = move || rule_of(&current.get(), g);
                        view! {
                            <span>{move || match f {
                                RuleField::BaseAge => age_text(&age_label(rule().base_age_months)),
                                _ => f.get(&rule()).to_string(),
                            }}</span>
                        }
                        .into_any()
                    };
                    view! { <td data-label=t(f.label())>{content}</td> }
                })
                .collect_view();
            let live = row.clone();
            let live2 = row.clone();
            view! {
                <tr>
                    <th scope="row">{tr(g.label()).to_string()}</th>
                    {cells}
                    <td data-label=t("最高退休年龄")>{move || match read_row(&live, |s| s.get()) {
                        Ok(r) => final_text(&r),
                        Err(_) => "—".to_string(),
                    }}</td>
                    <td data-label=t("示例结果")>{move || match (read_row(&live2, |s| s.get()), example_birth()) {
                        (Ok(r), Some(b)) => example_text(&r, b),
                        _ => "—".to_string(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form class="form wide" novalidate on:submit=on_submit>
            <p class="alert info" role="status">{move || if current.get() == default_rules() {
                t("当前使用国家规定默认值。")
            } else {
                t("当前规则已由人事修改，与国家规定默认值不同。")
            }}</p>
            <div class="grid no-print">
                <div class="field">
                    <label for="example-birth">{t("示例出生日期")}</label>
                    <input id="example-birth" type="date" bind:value=example/>
                </div>
            </div>
            <p class="hint">{t("“示例结果”按表中当前的数字（包括尚未保存的修改）计算该日期出生人员的退休年龄和退休日期。")}</p>
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
            {move || err().map(|e| view! { <ErrorBox error=e/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <div class="alert success" role="status">{if was_reset.get() {
                    t("已恢复国家规定默认值。")
                } else {
                    t("已保存。人员档案和统计中的预计退休日期已按新规则计算。")
                }}</div>
            })}
            {editable.then(|| view! {
                <div class="button-row no-print">
                    <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
                    <button type="button" class="danger" disabled=save.pending() on:click=on_reset>{t("恢复国家规定默认值")}</button>
                </div>
            })}
            {(!editable).then(|| view! { <p class="hint">{t("退休规则由人事维护，您可以查看。")}</p> })}
        </form>
    }
}
