//! Training assessment pages: the rating form (a phone page that works as a plain form before or
//! without the wasm), a session's rating results, and 培训考核 (rankings over a period; HR's rating
//! rules and each series' indicators).

use crate::api::assessment::*;
use crate::components::{field_error, path_id, with_query, ErrorBox, Guarded, Loading, PrintButton};
use crate::domain::ratings::{one_decimal, Aggregate, Ranked, RatingRules};
use crate::i18n::{t, tr};
use crate::model::{CurrentUser, RatingSummaryView};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

// ---- rating a session (employees, on a phone) -----------------------------------------------------

#[component]
pub fn RatePage() -> impl IntoView {
    view! { <Guarded path="/lectures" view=rate_page/> }
}

fn scale(name: String, legend: String, required_hint: bool) -> impl IntoView {
    view! {
        <fieldset class="rating-scale">
            <legend>{legend}{required_hint.then(|| view! { <span class="hint">{t("（必填）")}</span> })}</legend>
            <div class="scale">
                {(1..=5).rev().map(|v| {
                    let id = format!("{name}-{v}");
                    view! {
                        <input type="radio" id=id.clone() name=name.clone() value=v.to_string() required/>
                        <label for=id>{format!("{v} 分")}</label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

fn rate_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let action = ServerAction::<RatingSubmit>::new();
    let form = Resource::new(move || action.version().get(), move |_| rating_form(id));
    view! {
        <section class="panel narrow rate">
            <h1>{t("课程评价")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let f = match form.await {
                        Ok(f) => f,
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let thanks = done || matches!(action.value().get_untracked(), Some(Ok(_)));
                    view! {
                        <p class="checkin-title"><strong>{f.title.clone()}</strong></p>
                        <p>{f.when.clone()}{(!f.lecturers.is_empty()).then(|| format!(" · {}", f.lecturers))}</p>
                        {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
                        {if thanks && !f.open {
                            view! { <div class="alert success" role="status" data-testid="rated">{t("评价已提交，感谢您的参与。")}</div> }.into_any()
                        } else if !f.open {
                            view! { <div class="alert" role="status" data-testid="rating-closed">{tr(&f.message).to_string()}</div> }.into_any()
                        } else {
                            let n = f.indicators.len();
                            view! {
                                <p class="hint">{format!("评价不记名：任何人都看不到您给出的分数和意见。截止时间 {}。", f.closes)}</p>
                                <ActionForm action=action attr:class="form rating-form">
                                    <input type="hidden" name="session_id" value=id.to_string()/>
                                    {f.indicators.iter().enumerate().map(|(i, name)| scale(format!("scores[{i}]"), name.clone(), false)).collect_view()}
                                    {scale("overall".into(), t("总体评价").to_string(), false)}
                                    <div class="field">
                                        <label for="rate-comment">{t("意见建议（选填）")}</label>
                                        <textarea id="rate-comment" name="comment" maxlength="500" rows="4"></textarea>
                                    </div>
                                    {move || field_error(action.value().get().and_then(|r| r.err()), "scores")}
                                    <button type="submit" class="primary big" data-indicators=n.to_string()>{t("提交评价")}</button>
                                </ActionForm>
                            }.into_any()
                        }}
                        <p><A href=format!("/lectures/{id}")>{t("查看课程详情")}</A></p>
                    }.into_any()
                })}
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
        <p class="big-number" data-testid="overall-mean">{format!("总体评价 {} 分（{} 份评价）", one_decimal(a.overall_mean), a.count)}</p>
        <div class="table-wrap">
            <table class="data" id="rating-indicators">
                <thead><tr><th scope="col">{t("评价指标")}</th><th scope="col">{t("平均分")}</th><th scope="col">{t("评价数")}</th></tr></thead>
                <tbody>
                    {a.indicators.into_iter().map(|i| view! {
                        <tr>
                            <th scope="row">{i.name}</th>
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
                                <th scope="row">{format!("{} 分", i + 1)}</th>
                                <td data-label=t("人数")><span class="meter" style=format!("--w:{}%", n * 100 / max)></span>{n}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn summary_view(s: RatingSummaryView, remind: Action<i64, Result<i64, crate::error::AppError>>) -> impl IntoView {
    let id = s.session_id;
    let n_missing = s.not_rated.len();
    view! {
        <p class="checkin-title"><strong>{s.title.clone()}</strong></p>
        <p>{s.when.clone()}{(!s.lecturers.is_empty()).then(|| format!(" · {}", s.lecturers))}</p>
        <p data-testid="rating-counts">{format!("出勤 {} 人，已评价 {} 人；评价截止 {}。", s.attended, s.rated, s.closes)}</p>
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
                <p class="empty" data-testid="rating-hidden">{format!("评价满 {} 份后显示结果（为保护评价人，目前 {} 份，暂不显示）。", s.min_count, s.rated)}</p>
            }.into_any(),
        }}
        {(s.may_remind || n_missing > 0).then(|| view! {
            <h2>{format!("尚未评价（{n_missing} 人）")}</h2>
            <p class="hint">{t("这里只列出谁还没有评价，不显示任何人给出的评价。")}</p>
            {s.may_remind.then(|| view! {
                <div class="button-row no-print">
                    <button type="button" disabled=n_missing == 0 on:click=move |_| { remind.dispatch(id); }>{t("发送评价提醒")}</button>
                </div>
            })}
            {move || remind.value().get().map(|r| match r {
                Ok(n) => view! { <p class="alert success" role="status">{format!("已向 {n} 人发送提醒。")}</p> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
            {(n_missing > 0).then(|| view! {
                <div class="table-wrap">
                    <table class="data" id="not-rated">
                        <thead><tr><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("职务")}</th></tr></thead>
                        <tbody>
                            {s.not_rated.into_iter().map(|p| view! {
                                <tr><th scope="row">{p.name}</th><td data-label=t("部室")>{p.unit_name}</td><td data-label=t("职务")>{p.position}</td></tr>
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
    let remind = Action::new(|id: &i64| rating_remind(*id));
    let data = Resource::new(move || remind.version().get(), move |_| rating_summary(id));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("评价结果")}</h1>
                <div class="button-row no-print">
                    <A href=format!("/lectures/{id}") attr:class="button">{t("返回课程")}</A>
                    <PrintButton/>
                </div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => summary_view(s, remind).into_any(),
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
                                    <th scope="row">{if link {
                                        view! { <A href=format!("/lectures/{}/ratings", r.key)>{r.label.clone()}</A> }.into_any()
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

fn assessment_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("rating_rules_save");
    let query = use_query_map();
    let from = Memo::new(move |_| query.with(|q| q.get("from").unwrap_or_default()));
    let to = Memo::new(move |_| query.with(|q| q.get("to").unwrap_or_default()));
    let data = Resource::new(move || (from.get(), to.get()), |(f, t)| rating_rankings(f, t));
    let from_in = RwSignal::new(from.get_untracked());
    let to_in = RwSignal::new(to.get_untracked());
    let navigate = use_navigate();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("培训考核")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment")}
            <form class="inline-form no-print" on:submit=move |ev| {
                ev.prevent_default();
                navigate(&with_query("/assessment", &[("from", from_in.get_untracked()), ("to", to_in.get_untracked())]), Default::default());
            }>
                <label for="as-from">{t("开始日期")}</label><input id="as-from" type="date" bind:value=from_in/>
                <label for="as-to">{t("结束日期")}</label><input id="as-to" type="date" bind:value=to_in/>
                <button type="submit">{t("统计")}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let r = match data.await { Ok(r) => r, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <p class="print-title">{format!("课程评价排名　{} 至 {}", r.from, r.to)}</p>
                        <p class="hint" data-testid="ranking-method">{format!(
                            "排名方法：按总体评价平均分（保留一位小数）从高到低；平均分相同时评价数多者在前。只计入评价已截止且评价数不少于 {} 份的课程，系列和授课人也只由这些课程汇总（为保护评价人）；本期间另有 {} 次课程评价未截止或评价数不足，未列入。",
                            r.min_count, r.hidden
                        )}</p>
                        {ranking_table("rank-sessions", "课程排名", r.sessions, true)}
                        {ranking_table("rank-series", "系列排名", r.series, false)}
                        {ranking_table("rank-lecturers", "授课人排名", r.lecturers, false)}
                    }.into_any()
                })}
            </Transition>
            {is_hr.then(|| view! { <RatingRulesForm/> })}
        </section>
    }
}

#[component]
fn RatingRulesForm() -> impl IntoView {
    let save = Action::new(|r: &RatingRules| rating_rules_save(r.clone()));
    let save_series = Action::new(|a: &(i64, String)| rating_series_save(a.0, a.1.clone()));
    let data = Resource::new(move || (save.version().get(), save_series.version().get()), |_| rating_settings());
    view! {
        <div class="no-print">
            <h2>{t("评价规则")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let s = match data.await { Ok(s) => s, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let window = RwSignal::new(s.rules.window_days.to_string());
                    let min = RwSignal::new(s.rules.min_count.to_string());
                    let indicators = RwSignal::new(s.rules.indicators.join("，"));
                    view! {
                        <form class="form boxed" on:submit=move |ev| {
                            ev.prevent_default();
                            let list = indicators.get_untracked().split([',', '，', '、', '\n']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
                            save.dispatch(RatingRules {
                                window_days: window.get_untracked().trim().parse().unwrap_or(0),
                                min_count: min.get_untracked().trim().parse().unwrap_or(0),
                                indicators: list,
                            });
                        }>
                            <div class="grid">
                                <div class="field"><label for="rr-window">{t("评价期限（课程结束后天数）")}</label><input id="rr-window" type="number" min="1" max="60" required bind:value=window/>
                                    {move || field_error(save.value().get().and_then(|r| r.err()), "window_days")}</div>
                                <div class="field"><label for="rr-min">{t("显示结果的最少评价数")}</label><input id="rr-min" type="number" min="3" max="50" required bind:value=min/>
                                    {move || field_error(save.value().get().and_then(|r| r.err()), "min_count")}</div>
                            </div>
                            <div class="field"><label for="rr-ind">{t("默认评价指标（用逗号分隔）")}</label><input id="rr-ind" type="text" maxlength="300" required bind:value=indicators/>
                                {move || field_error(save.value().get().and_then(|r| r.err()), "indicators")}</div>
                            <div class="button-row"><button type="submit">{t("保存")}</button></div>
                            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                        </form>
                        <h2>{t("系列评价指标")}</h2>
                        <p class="hint">{t("留空的系列使用默认评价指标。修改只影响之后的评价，已有评价按提交时的指标统计。")}</p>
                        {move || save_series.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
                        <div class="table-wrap">
                            <table class="data" id="series-indicators">
                                <thead><tr><th scope="col">{t("系列")}</th><th scope="col">{t("评价指标")}</th><th scope="col">{t("操作")}</th></tr></thead>
                                <tbody>
                                    {s.series.into_iter().map(|x| {
                                        let text = RwSignal::new(x.indicators.join("，"));
                                        let sid = x.id;
                                        let label = format!("{} 的评价指标", x.name);
                                        view! {
                                            <tr>
                                                <th scope="row">{x.name.clone()}</th>
                                                <td data-label=t("评价指标")><input type="text" maxlength="300" aria-label=label bind:value=text placeholder=t("使用默认指标")/></td>
                                                <td data-label=t("操作")><button type="button" class="small" on:click=move |_| { save_series.dispatch((sid, text.get_untracked())); }>{t("保存")}</button></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}
