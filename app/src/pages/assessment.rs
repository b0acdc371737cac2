//! Training assessment pages: the rating form (a phone page, a plain form), a session's rating
//! results with HR's reminder, and 培训考核 (rankings over a period; HR's rating rules and each
//! series' indicators). Drawn on the server; every form works without the browser's code.

use crate::api::assessment::*;
use crate::components::{
    field_error, flash, flash_note, form_error, other_errors, path_id, ErrorBox, Guarded, Loading, PostForm, PrintButton,
};
use crate::domain::ratings::{one_decimal, Aggregate, Ranked};
use crate::i18n::{t, tf, tr};
use crate::model::{CurrentUser, RatingSummaryView};
use crate::pages::training::phrase;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

// ---- rating a session (employees, on a phone) -----------------------------------------------------

#[component]
pub fn RatePage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=rate_page/> }
}

/// A 1–5 scale; `data`: the legend is an indicator HR named (data), not interface text.
fn scale(name: String, legend: String, data: bool) -> impl IntoView {
    view! {
        <fieldset class="rating-scale">
            <legend translate=data.then_some("no")>{legend}</legend>
            <div class="scale">
                {(1..=5).rev().map(|v| {
                    let id = format!("{name}-{v}");
                    view! {
                        <input type="radio" id=id.clone() name=name.clone() value=v.to_string() required/>
                        <label for=id>{tf("{} 分", &[&v])}</label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

fn rate_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    // The server sends the form's browser back here with `?done=1` once the rating is kept.
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let err = form_error::<RatingSubmit>();
    let form = Resource::new(|| (), move |_| rating_form(id));
    view! {
        <section class="panel narrow rate">
            <h1>{t("课程评价")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let err = err.clone();
                    Suspend::new(async move {
                        let f = match form.await {
                            Ok(f) => f,
                            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        view! {
                            <p class="checkin-title"><strong translate="no">{f.title.clone()}</strong></p>
                            <p>{f.when.clone()}{(!f.lecturers.is_empty()).then(|| format!(" · {}", f.lecturers))}</p>
                            {other_errors(err.clone())}
                            {if done && !f.open {
                                view! { <div class="alert success" role="status" data-testid="rated">{t("评价已提交，感谢您的参与。")}</div> }.into_any()
                            } else if !f.open {
                                view! { <div class="alert" role="status" data-testid="rating-closed">{tr(&f.message).to_string()}</div> }.into_any()
                            } else {
                                let n = f.indicators.len();
                                view! {
                                    <p class="hint">{tf("评价不记名：任何人都看不到您给出的分数和意见。截止时间 {}。", &[&f.closes])}</p>
                                    // A plain form, no island: the phone in the lecture hall loads
                                    // no wasm for it (every scale is a required radio group, so the
                                    // browser itself asks for a missing score).
                                    <form method="post" action="/api/rating_submit" class="form rating-form">
                                        <input type="hidden" name="session_id" value=id.to_string()/>
                                        {f.indicators.iter().enumerate().map(|(i, name)| scale(format!("scores[{i}]"), name.clone(), true)).collect_view()}
                                        {scale("overall".into(), t("总体评价").to_string(), false)}
                                        {field_error(err.clone(), "overall")}
                                        <div class="field">
                                            <label for="rate-comment">{t("意见建议（选填）")}</label>
                                            <textarea id="rate-comment" name="comment" maxlength="500" rows="4"></textarea>
                                            {field_error(err.clone(), "comment")}
                                        </div>
                                        {field_error(err.clone(), "scores")}
                                        <div class="button-row">
                                            <button type="submit" class="primary big" data-indicators=n.to_string()>{t("提交评价")}</button>
                                        </div>
                                    </form>
                                }.into_any()
                            }}
                            <p><a href=format!("/lectures/{id}")>{t("查看课程详情")}</a></p>
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

// ---- a session's results --------------------------------------------------------------------------

#[component]
pub fn RatingsPage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=ratings_page/> }
}

fn aggregate_view(a: Aggregate) -> impl IntoView {
    let max = a.distribution.iter().copied().max().unwrap_or(1).max(1);
    view! {
        <p class="big-number" data-testid="overall-mean">{tf("总体评价 {} 分（{} 份评价）", &[&one_decimal(a.overall_mean), &a.count])}</p>
        <div class="table-wrap">
            <table class="data" id="rating-indicators">
                <thead><tr><th scope="col">{t("评价指标")}</th><th scope="col">{t("平均分")}</th><th scope="col">{t("评价数")}</th></tr></thead>
                <tbody>
                    {a.indicators.into_iter().map(|i| view! {
                        <tr>
                            <th scope="row" translate="no">{i.name}</th>
                            <td data-label=t("平均分")><span class="meter" style=format!("--w:{}%", (i.mean / 5.0 * 100.0).round())></span>{one_decimal(i.mean)}</td>
                            <td data-label=t("评价数")>{i.count}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t("总体评价分布")}</h2>
        <div class="table-wrap">
            <table class="data" id="rating-distribution">
                <thead><tr><th scope="col">{t("分数")}</th><th scope="col">{t("人数")}</th></tr></thead>
                <tbody>
                    {(0..5).rev().map(|i| {
                        let n = a.distribution[i];
                        view! {
                            <tr>
                                <th scope="row">{tf("{} 分", &[&(i + 1)])}</th>
                                <td data-label=t("人数")><span class="meter" style=format!("--w:{}%", n * 100 / max)></span>{n}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn summary_view(s: RatingSummaryView) -> impl IntoView {
    let id = s.session_id;
    let n_missing = s.not_rated.len();
    let reminded = flash("rating_remind").map(|n| n.unwrap_or(0));
    view! {
        <p class="checkin-title"><strong translate="no">{s.title.clone()}</strong></p>
        <p>{s.when.clone()}{(!s.lecturers.is_empty()).then(|| format!(" · {}", s.lecturers))}</p>
        <p data-testid="rating-counts">{tf("出勤 {} 人，已评价 {} 人；评价截止 {}。", &[&s.attended, &s.rated, &s.closes])}</p>
        {match s.aggregate {
            Some(a) => view! {
                {aggregate_view(a)}
                <h2>{t("意见建议")}</h2>
                {if s.comments.is_empty() {
                    view! { <p class="empty">{t("没有填写意见建议。")}</p> }.into_any()
                } else {
                    view! { <ul class="comments" id="rating-comments">{s.comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
                }}
            }.into_any(),
            None if s.rating_open => view! {
                <p class="empty" data-testid="rating-hidden">{t("评价截止后显示结果。评价期内只显示评价人数，任何人（包括人事和授课人）都看不到分数和意见，以免前后对比推断出某人的评价。")}</p>
            }.into_any(),
            None => view! {
                <p class="empty" data-testid="rating-hidden">{tf("评价满 {} 份后显示结果（为保护评价人，目前 {} 份，暂不显示）。", &[&s.min_count, &s.rated])}</p>
            }.into_any(),
        }}
        {(s.may_remind || n_missing > 0).then(|| view! {
            <h2>{tf("尚未评价（{} 人）", &[&n_missing])}</h2>
            <p class="hint">{t("这里只列出谁还没有评价，不显示任何人给出的评价。")}</p>
            {reminded.map(|n| view! { <p class="alert success" role="status" data-testid="flash">{tf("已向 {} 人发送提醒。", &[&n])}</p> })}
            {form_error::<RatingRemind>().map(|e| view! { <ErrorBox error=e/> })}
            {s.may_remind.then(|| view! {
                // One button: a plain form (it works before, and without, the browser's code).
                <form method="post" action="/api/rating_remind" class="button-row no-print">
                    <input type="hidden" name="session_id" value=id.to_string()/>
                    <button type="submit" disabled=n_missing == 0>{t("发送评价提醒")}</button>
                </form>
            })}
            {(n_missing > 0).then(|| view! {
                <div class="table-wrap">
                    <table class="data" id="not-rated">
                        <thead><tr><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("职务")}</th></tr></thead>
                        <tbody>
                            {s.not_rated.into_iter().map(|p| view! {
                                <tr><th scope="row" translate="no">{p.name}</th><td data-label=t("部室")>{p.unit_name}</td><td data-label=t("职务")>{p.position}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        })}
    }
}

fn ratings_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let data = Resource::new(|| (), move |_| rating_summary(id));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("评价结果")}</h1>
                <div class="button-row no-print">
                    <a href=format!("/lectures/{id}") class="button">{t("返回课程")}</a>
                    <PrintButton/>
                </div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => summary_view(s).into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

// ---- 培训考核: rankings and rules ----------------------------------------------------------------------

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <Guarded path="/assessment" view=assessment_page/> }
}

fn ranking_table(id: &'static str, title: &'static str, rows: Vec<Ranked>, link: bool) -> impl IntoView {
    view! {
        <h2>{t(title)}</h2>
        {if rows.is_empty() {
            view! { <p class="empty">{t("该期间没有达到最少评价数的记录。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id=id>
                        <thead><tr>
                            <th scope="col">{t("名次")}</th><th scope="col">{t("名称")}</th><th scope="col">{t("说明")}</th>
                            <th scope="col">{t("评价数")}</th><th scope="col">{t("总体评价")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td data-label=t("名次")>{r.rank}</td>
                                    <th scope="row" translate="no">{if link {
                                        view! { <a href=format!("/lectures/{}/ratings", r.key)>{r.label.clone()}</a> }.into_any()
                                    } else {
                                        view! { <span>{r.label.clone()}</span> }.into_any()
                                    }}</th>
                                    <td data-label=t("说明")>{r.detail}</td>
                                    <td data-label=t("评价数")>{r.count}</td>
                                    <td data-label=t("总体评价")>{one_decimal(r.mean)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// The period picker of a page: a GET form, so the period lives in the URL.
pub(crate) fn period_form(action: &'static str, prefix: &'static str, from: String, to: String) -> impl IntoView {
    let (from_id, to_id) = (format!("{prefix}-from"), format!("{prefix}-to"));
    view! {
        <form class="inline-form no-print" method="get" action=action>
            <label for=from_id.clone()>{t("开始日期")}</label><input id=from_id name="from" type="date" value=from/>
            <label for=to_id.clone()>{t("结束日期")}</label><input id=to_id name="to" type="date" value=to/>
            <button type="submit">{t("统计")}</button>
        </form>
    }
}

fn assessment_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("rating_rules_save");
    let (from, to) = use_query_map().with_untracked(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let data = Resource::new(|| (), {
        let (from, to) = (from.clone(), to.clone());
        move |_| rating_rankings(from.clone(), to.clone())
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("培训考核")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment")}
            {period_form("/assessment", "as", from, to)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let r = match data.await { Ok(r) => r, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <p class="print-title">{tf("课程评价排名　{} 至 {}", &[&r.from, &r.to])}</p>
                        <p class="hint" data-testid="ranking-method">{tf(
                            "排名方法：按总体评价平均分（保留一位小数）从高到低；平均分相同时评价数多者在前。只计入评价已截止且评价数不少于 {} 份的课程，系列和授课人也只由这些课程汇总（为保护评价人）；本期间另有 {} 次课程评价未截止或评价数不足，未列入。",
                            &[&r.min_count, &r.hidden],
                        )}</p>
                        {ranking_table("rank-sessions", "课程排名", r.sessions, true)}
                        {ranking_table("rank-series", "系列排名", r.series, false)}
                        {ranking_table("rank-lecturers", "授课人排名", r.lecturers, false)}
                    }.into_any()
                })}
            </Suspense>
            {is_hr.then(rating_rules_form)}
        </section>
    }
}

/// HR's rating rules (also how a session's rating is closed early: a shorter window) and each
/// series' own indicators, one form per series.
fn rating_rules_form() -> impl IntoView {
    let data = Resource::new(|| (), |_| rating_settings());
    let err = form_error::<RatingRulesSave>();
    let series_err = form_error::<RatingSeriesSave>();
    view! {
        <div class="no-print">
            <h2>{t("评价规则")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (err, series_err) = (err.clone(), series_err.clone());
                    Suspend::new(async move {
                        let s = match data.await { Ok(s) => s, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                        view! {
                            <PostForm action="/api/rating_rules_save" class="form boxed">
                                <div class="grid">
                                    <div class="field">
                                        <label for="rr-window">{t("评价期限（课程结束后天数）")}</label>
                                        <input id="rr-window" name="rules[window_days]" type="number" min="1" max="60" required value=s.rules.window_days.to_string()/>
                                        {field_error(err.clone(), "window_days")}
                                    </div>
                                    <div class="field">
                                        <label for="rr-min">{t("显示结果的最少评价数")}</label>
                                        <input id="rr-min" name="rules[min_count]" type="number" min="3" max="50" required value=s.rules.min_count.to_string()/>
                                        {field_error(err.clone(), "min_count")}
                                    </div>
                                </div>
                                <div class="field">
                                    <label for="rr-ind">{t("默认评价指标（用逗号分隔）")}</label>
                                    <input id="rr-ind" name="rules[indicators]" type="text" maxlength="300" required value=s.rules.indicators.join("，")/>
                                    {field_error(err.clone(), "indicators")}
                                </div>
                                {other_errors(err.clone())}
                                {flash_note("rating_rules_save", "已保存")}
                                <div class="button-row"><button type="submit">{t("保存")}</button></div>
                            </PostForm>
                            <h2>{t("系列评价指标")}</h2>
                            <p class="hint">{t("留空的系列使用默认评价指标。修改只影响之后的评价，已有评价按提交时的指标统计。")}</p>
                            {series_err.map(|e| view! { <ErrorBox error=e/> })}
                            {flash_note("rating_series_save", "已保存")}
                            <div class="table-wrap">
                                <table class="data" id="series-indicators">
                                    <thead><tr><th scope="col">{t("系列")}</th><th scope="col">{t("评价指标")}</th><th scope="col">{t("操作")}</th></tr></thead>
                                    <tbody>
                                        {s.series.into_iter().map(|x| {
                                            // The text field sits in its own cell and belongs to the row's form by `form`.
                                            let form_id = format!("series-{}", x.id);
                                            view! {
                                                <tr>
                                                    <th scope="row" translate="no">{x.name.clone()}</th>
                                                    <td data-label=t("评价指标")>
                                                        <label class="sr-only" for=format!("{form_id}-ind")>{phrase("{} 的评价指标", vec![x.name.clone()])}</label>
                                                        <input id=format!("{form_id}-ind") form=form_id.clone() name="indicators" type="text" maxlength="300"
                                                            value=x.indicators.join("，") placeholder=t("使用默认指标")/>
                                                    </td>
                                                    <td data-label=t("操作")>
                                                        <PostForm action="/api/rating_series_save" class="inline" id=form_id>
                                                            <input type="hidden" name="series_id" value=x.id.to_string()/>
                                                            <button type="submit" class="small">{t("保存")}</button>
                                                        </PostForm>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    })
                }}
            </Suspense>
        </div>
    }
}
