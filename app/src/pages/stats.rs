use crate::api::roster::staffing;
use crate::api::stats::roster_stats;
use crate::components::charts::BarChart;
use crate::components::{ErrorBox, Guarded, Loading};
use crate::domain::retirement::AGE_BANDS;
use crate::domain::stats::Count;
use crate::i18n::{age_text, t, tf, tr};
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StatsPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=stats_page/> }
}

fn stats_page(_u: CurrentUser) -> impl IntoView {
    let stats = Resource::new(|| (), |_| roster_stats());
    let units = Resource::new(|| (), |_| staffing());
    view! {
        <section class="panel stats">
            <div class="panel-head">
                <h1>{t("人员统计")}</h1>
                <div class="button-row no-print">
                    <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                    <crate::components::PrintButton/>
                </div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (s, u) = (stats.await, units.await);
                    match (s, u) {
                        (Ok(s), Ok(u)) => {
                            let by_unit: Vec<Count> = u.iter().filter(|x| x.actual_total() > 0 || x.approved_total() > 0)
                                .map(|x| Count { label: x.name.clone(), n: x.actual_total() }).collect();
                            let mut leaders: Vec<(String, i64, i64)> = crate::domain::roster::LEADER_LEVELS.iter().map(|l| (l.to_string(), 0, 0)).collect();
                            for x in &u {
                                for l in &x.leaders {
                                    if let Some(t) = leaders.iter_mut().find(|t| t.0 == l.key) { t.1 += l.approved; t.2 += l.actual; }
                                }
                            }
                            // Category labels of the charts come from fixed lists (unit names are left alone).
                            let labelled = |v: &Vec<Count>| v.iter().map(|c| Count { label: tr(&c.label).to_string(), n: c.n }).collect::<Vec<_>>();
                            let headcount: Vec<(String, i64, i64)> = u.iter().map(|x| (x.name.clone(), x.approved_total(), x.actual_total())).collect();
                            view! {
                                <p class="lead">{tf("在职人员共 {} 人。", &[&s.total])}</p>
                                <div class="chart-grid">
                                    <BarChart title=t("各部室在职人数").into() data=by_unit/>
                                    <BarChart title=t("年龄结构").into() data=labelled(&s.age_bands)/>
                                    <BarChart title=t("性别").into() data=labelled(&s.sex)/>
                                    <BarChart title=t("学历（最高）").into() data=labelled(&s.education)/>
                                    <BarChart title=t("政治面貌").into() data=labelled(&s.political)/>
                                    <BarChart title=t("编制类别").into() data=labelled(&s.establishment)/>
                                </div>
                                <h2>{t("编制与实有人数")}</h2>
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead><tr><th scope="col">{t("部室")}</th><th scope="col">{t("编制数")}</th><th scope="col">{t("实有")}</th><th scope="col">{t("差额")}</th></tr></thead>
                                        <tbody>
                                            {headcount.into_iter().map(|(n, a, b)| view! {
                                                <tr><td translate="no">{n}</td><td>{a}</td><td>{b}</td><td class:over={b > a}>{b - a}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <h2>{t("领导职数使用")}</h2>
                                <table class="data">
                                    <thead><tr><th scope="col">{t("层级")}</th><th scope="col">{t("核定")}</th><th scope="col">{t("实配")}</th><th scope="col">{t("空缺/超配")}</th></tr></thead>
                                    <tbody>
                                        {leaders.into_iter().map(|(l, a, b)| view! {
                                            <tr><td>{tr(&l).to_string()}</td><td>{a}</td><td>{b}</td><td class:over={b > a}>{if b > a { format!("{} {}", t("超配"), b - a) } else { format!("{} {}", t("空缺"), a - b) }}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <h2>{t("各层级年龄结构")}</h2>
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead><tr><th scope="col">{t("职务层次")}</th>{AGE_BANDS.iter().map(|b| view! { <th scope="col">{t(b)}</th> }).collect_view()}<th scope="col">{t("合计")}</th></tr></thead>
                                        <tbody>
                                            {s.age_by_level.clone().into_iter().map(|(l, v)| view! {
                                                <tr><td>{tr(&l).to_string()}</td>{v.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}<td>{v.iter().sum::<i64>()}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="panel-head">
                                    <h2>{tf("即将退休（12 个月内 {} 人，24 个月内 {} 人）", &[&s.retiring_12.len(), &s.retiring_24])}</h2>
                                    <A href="/roster/retirement" attr:class="button no-print">{t("退休规则")}</A>
                                </div>
                                <p class="hint">{t("预计退休日期按“退休规则”页的规则计算（自 2025 年起渐进式延迟法定退休年龄）。")}</p>
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead><tr><th scope="col">{t("预计退休日期")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("职务层次")}</th><th scope="col">{t("退休年龄")}</th></tr></thead>
                                        <tbody>
                                            {s.retiring_12.clone().into_iter().map(|r| view! {
                                                <tr><td>{r.date}</td><td><A href=format!("/roster/{}", r.id)>{r.name}</A></td><td translate="no">{r.unit_name}</td><td>{tr(&r.level).to_string()}</td><td>{age_text(&r.age)}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
