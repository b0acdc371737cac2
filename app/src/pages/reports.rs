//! Reports: 个人培训档案 (one's own under /me, anyone's in scope for HR and leaders), the year's
//! training summary with its charts, and 考核评比 of the 部室. Each prints on A4 and exports .xlsx.

use crate::api::reports::*;
use crate::components::charts::BarChart;
use crate::components::{path_id, with_query, ErrorBox, Guarded, Loading, PrintButton};
use crate::domain::lectures::hours_text as h;
use crate::domain::stats::Count;
use crate::i18n::{t, tf, tr};
use crate::model::{ArchiveView, CurrentUser};
use crate::pages::training::{phrase, query_i32, year_links};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

// ---- 个人培训档案 ----------------------------------------------------------------------------------

#[component]
pub fn MyArchivePage() -> impl IntoView {
    view! { <Guarded path="/me" view=|_u: CurrentUser| archive_page(0)/> }
}

#[component]
pub fn ArchivePage() -> impl IntoView {
    view! { <Guarded path="/assessment/archive" view=|_u: CurrentUser| archive_page(path_id().unwrap_or(-1))/> }
}

fn archive_view(a: ArchiveView) -> impl IntoView {
    let export = if a.person_id == 0 { "/api/archive_xlsx".to_string() } else { format!("/api/archive_xlsx?person_id={}", a.person_id) };
    view! {
        <div class="panel-head">
            <h1>{phrase("{} · 个人培训档案", vec![a.name.clone()])}</h1>
            <div class="button-row no-print">
                <a class="button" href=export download>{t("导出（.xlsx）")}</a>
                <PrintButton/>
            </div>
        </div>
        <dl class="facts" id="archive-facts">
            <dt>{t("部室")}</dt><dd>{a.unit_name.clone()}</dd>
            <dt>{t("职务层次")}</dt><dd>{a.level.clone()}</dd>
            <dt>{t("制表日期")}</dt><dd>{a.generated.clone()}</dd>
        </dl>
        <h2>{t("历年学时")}</h2>
        {if a.years.is_empty() {
            view! { <p class="empty">{t("还没有学时记录。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="archive-years">
                        <thead><tr><th scope="col">{t("年度")}</th><th scope="col">{t("本单位培训")}</th><th scope="col">{t("外部培训")}</th><th scope="col">{t("网络学习")}</th><th scope="col">{t("合计")}</th></tr></thead>
                        <tbody>
                            {a.years.iter().map(|y| view! {
                                <tr>
                                    <th scope="row">{y.year}</th>
                                    <td data-label=t("本单位培训")>{h(y.session_tenths)}</td>
                                    <td data-label=t("外部培训")>{h(y.external_tenths)}</td>
                                    <td data-label=t("网络学习")>{h(y.online_tenths)}</td>
                                    <td data-label=t("合计")>{h(y.session_tenths + y.external_tenths + y.online_tenths)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2>{t("年度考核")}</h2>
        {if a.grades.is_empty() {
            view! { <p class="empty">{t("没有年度考核记录。")}</p> }.into_any()
        } else {
            view! {
                <p id="archive-grades">{a.grades.iter().map(|(y, g)| tf("{} 年：{}", &[y, &tr(g)])).collect::<Vec<_>>().join(t("；"))}</p>
            }.into_any()
        }}
        <h2>{t("考核成绩")}</h2>
        {if a.scores.is_empty() {
            view! { <p class="empty">{t("还没有考核成绩。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="archive-scores">
                        <thead><tr><th scope="col">{t("考核")}</th><th scope="col">{t("日期")}</th><th scope="col">{t("成绩")}</th><th scope="col">{t("结果")}</th></tr></thead>
                        <tbody>
                            {a.scores.iter().map(|s| view! {
                                <tr>
                                    <th scope="row" translate="no">{s.title.clone()}</th>
                                    <td data-label=t("日期")>{s.held_on.clone()}</td>
                                    <td data-label=t("成绩")>{s.score.clone()}</td>
                                    <td data-label=t("结果")>{if s.passed { t("合格") } else { t("不合格") }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2>{t("外部培训")}</h2>
        {if a.externals.is_empty() {
            view! { <p class="empty">{t("没有外部培训记录。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="archive-externals">
                        <thead><tr><th scope="col">{t("培训名称")}</th><th scope="col">{t("举办单位")}</th><th scope="col">{t("日期")}</th><th scope="col">{t("学时")}</th></tr></thead>
                        <tbody>
                            {a.externals.iter().map(|e| view! {
                                <tr>
                                    <th scope="row" translate="no">{e.title.clone()}</th>
                                    <td data-label=t("举办单位")>{e.organiser.clone()}</td>
                                    <td data-label=t("日期")>{tf("{} 至 {}", &[&e.start_date, &e.end_date])}</td>
                                    <td data-label=t("学时")>{h(e.hours_tenths)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2>{t("参加的课程")}</h2>
        {if a.sessions.is_empty() {
            view! { <p class="empty">{t("还没有课程记录。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="archive-sessions">
                        <thead><tr><th scope="col">{t("日期")}</th><th scope="col">{t("课程")}</th><th scope="col">{t("类型")}</th><th scope="col">{t("出勤")}</th><th scope="col">{t("学时")}</th></tr></thead>
                        <tbody>
                            {a.sessions.iter().map(|s| view! {
                                <tr>
                                    <td data-label=t("日期")>{s.date.clone()}</td>
                                    <th scope="row" translate="no">{s.title.clone()}</th>
                                    <td data-label=t("类型")>{tr(&s.kind).to_string()}</td>
                                    <td data-label=t("出勤")>{tr(&s.status).to_string()}</td>
                                    <td data-label=t("学时")>{h(s.hours_tenths)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

fn archive_page(person_id: i64) -> impl IntoView {
    let data = Resource::new(move || person_id, training_archive);
    view! {
        <section class="panel archive">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(mut a) => {
                            if person_id == 0 {
                                a.person_id = 0;
                            }
                            archive_view(a).into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

// ---- 年度培训统计 ----------------------------------------------------------------------------------

#[component]
pub fn SummaryPage() -> impl IntoView {
    view! { <Guarded path="/assessment/summary" view=summary_page/> }
}

fn summary_page(_u: CurrentUser) -> impl IntoView {
    let year = query_i32("year");
    let data = Resource::new(|| (), move |_| training_summary(year));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("年度培训统计")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/summary")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let s = match data.await { Ok(s) => s, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let y = s.year;
                    // The months as the server names them ("03 月"), in the page's language.
                    let months: Vec<Count> = s
                        .by_month
                        .iter()
                        .map(|c| Count { label: c.label.strip_suffix(" 月").map(|m| tf("{} 月", &[&m])).unwrap_or_else(|| c.label.clone()), n: c.n })
                        .collect();
                    view! {
                        {year_links("/assessment/summary", y, &[])}
                        <p class="no-print"><a class="button" href=format!("/api/summary_xlsx?year={y}") download>{t("导出（.xlsx）")}</a></p>
                        <p class="print-title">{tf("{} 年度培训工作统计", &[&y])}</p>
                        <p class="lead" data-testid="summary-text">{s.text.clone()}</p>
                        <dl class="facts" id="summary-facts">
                            <dt>{t("开展培训")}</dt><dd>{tf("{} 场", &[&s.sessions])}</dd>
                            <dt>{t("参训人次")}</dt><dd>{s.attendances}</dd>
                            <dt>{t("人均学时")}</dt><dd>{tf(
                                "{}（在职 {} 人；本单位 {}，外部 {}，网络 {}）",
                                &[&format!("{:.1}", s.mean_hours), &s.people, &format!("{:.1}", s.session_hours), &format!("{:.1}", s.external_hours), &format!("{:.1}", s.online_hours)],
                            )}</dd>
                            <dt>{t("平均满意度")}</dt><dd>{s.mean_rating.map(|r| tf("{}（{} 份评价）", &[&format!("{r:.1}"), &s.ratings])).unwrap_or_else(|| "—".into())}</dd>
                            <dt>{t("领导干部授课")}</dt><dd>{tf("{} 场", &[&s.leader_sessions])}</dd>
                        </dl>
                        <div class="charts">
                            <BarChart title=t("按月份").to_string() data=months counts="场次"/>
                            <BarChart title=t("按类型").to_string() data=s.by_kind.clone() counts="场次"/>
                            <BarChart title=t("按类别").to_string() data=s.by_category.clone() counts="场次"/>
                        </div>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- 考核评比 --------------------------------------------------------------------------------------

#[component]
pub fn RankingPage() -> impl IntoView {
    view! { <Guarded path="/assessment/ranking" view=ranking_page/> }
}

fn ranking_page(_u: CurrentUser) -> impl IntoView {
    let (from, to) = use_query_map().with_untracked(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let data = Resource::new(|| (), {
        let (from, to) = (from.clone(), to.clone());
        move |_| dept_ranking(from.clone(), to.clone())
    });
    let pct = |x: Option<f64>| x.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("考核评比")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/ranking")}
            {crate::pages::assessment::period_form("/assessment/ranking", "rk", from, to)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let r = match data.await { Ok(r) => r, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <p class="print-title">{tf("考核评比　{} 至 {}", &[&r.from, &r.to])}</p>
                        <p class="hint" data-testid="ranking-method">{tf("评比方法：{}", &[&r.method])}</p>
                        <p class="no-print"><a class="button" href=with_query("/api/ranking_xlsx", &[("from", r.from.clone()), ("to", r.to.clone())]) download>{t("导出（.xlsx）")}</a></p>
                        <div class="table-wrap">
                            <table class="data" id="dept-ranking">
                                <thead><tr>
                                    <th scope="col">{t("名次")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("人数")}</th><th scope="col">{t("出勤率")}</th>
                                    <th scope="col">{t("学时达标率")}</th><th scope="col">{t("平均成绩")}</th><th scope="col">{t("授课满意度")}</th><th scope="col">{t("综合得分")}</th>
                                </tr></thead>
                                <tbody>
                                    {r.rows.into_iter().map(|d| view! {
                                        <tr>
                                            <td data-label=t("名次")>{if d.rank == 0 { "—".to_string() } else { d.rank.to_string() }}</td>
                                            <th scope="row" translate="no">{d.measures.name.clone()}</th>
                                            <td data-label=t("人数")>{d.measures.people}</td>
                                            <td data-label=t("出勤率")>{pct(d.measures.attendance)}</td>
                                            <td data-label=t("学时达标率")>{pct(d.measures.completion)}</td>
                                            <td data-label=t("平均成绩")>{pct(d.measures.score)}</td>
                                            <td data-label=t("授课满意度")>{d.measures.rating.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())}</td>
                                            <td data-label=t("综合得分")>{if d.rank == 0 { "—".to_string() } else { format!("{:.1}", d.composite) }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
