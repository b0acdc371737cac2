//! 后备干部: the pipeline overview, each pool's candidate list (sortable, filterable, comparable,
//! exported and printed), a candidate's record with the eligibility engine's reasons and the
//! procedure (考察, 研究决定 → 任前公示), leaders' opinions, the "who could enter" search, 民主推荐
//! rounds, the voter's ballot (a plain form: it works before, or without, the wasm) and the rules.

use crate::api::reserve::*;
use crate::components::{confirm, field_error, other_errors, path_id, with_query, ErrorBox, Guarded, Loading, Pagination, PrintButton};
use crate::domain::eligibility::{EligibilityRules, Outcome, RuleCode, TARGETS};
use crate::domain::reserve::{PipelineTargets, AGE_BANDS, OPINIONS, SOURCES, STAGES};
use crate::i18n::t;
use crate::model::{CandidateRow, CurrentUser, DecisionForm, EntryDetail, InspectionForm, RecommendForm, RoundForm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

fn today_text() -> String {
    crate::domain::time::today_china(chrono::Utc::now()).to_string()
}

/// The pool's number in the address (1 正处级 … 4 副科级).
fn target_of(n: i64) -> &'static str {
    TARGETS.get((n.clamp(1, 4) - 1) as usize).copied().unwrap_or("副科级")
}

fn target_no(t: &str) -> usize {
    TARGETS.iter().position(|x| *x == t).map(|i| i + 1).unwrap_or(4)
}

pub fn reserve_tabs(current: &str, hr: bool) -> impl IntoView {
    let mut tabs: Vec<(String, String)> = vec![("/reserve".into(), "总览".into())];
    for (i, tg) in TARGETS.iter().enumerate() {
        tabs.push((format!("/reserve/pool/{}", i + 1), format!("{}后备", tg.trim_end_matches('级'))));
    }
    if hr {
        tabs.push(("/reserve/rounds".into(), "民主推荐".into()));
        tabs.push(("/reserve/search".into(), "资格查询".into()));
    }
    tabs.push(("/reserve/settings".into(), "规则设置".into()));
    let current = current.to_string();
    view! {
        <nav class="tabs no-print" aria-label=t("后备干部")>
            {tabs.into_iter().map(|(href, label)| {
                let here = href == current;
                view! { <A href=href attr:class=if here { "tab active" } else { "tab" } attr:aria-current=here.then_some("page")>{label}</A> }
            }).collect_view()}
        </nav>
    }
}

fn verdict_class(v: &str) -> &'static str {
    match v {
        "ok" => "tag ok",
        "on" => "tag warn",
        "no" => "tag bad",
        _ => "tag",
    }
}

// ---- overview ----

#[component]
pub fn ReservePage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=overview_page/> }
}

fn overview_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let data = Resource::new(|| (), |_| reserve_overview());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("后备干部")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {reserve_tabs("/reserve", hr)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let tg = v.targets.clone();
                    view! {
                        <p class="hint">{format!(
                            "后备比例：正职岗位 1:{}，副职岗位 1:{}（按领导职数计）；女性比例目标 {}%，党外干部比例目标 {}%；{} 年以上没有变动的人选单独列出。",
                            tg.chief_per_post, tg.deputy_per_post, tg.women_percent, tg.non_party_percent, tg.stale_years
                        )}</p>
                        <h2>{t("各层级人选")}</h2>
                        <div class="table-wrap">
                            <table class="data" id="reserve-stages">
                                <thead><tr>
                                    <th scope="col">{t("层级")}</th>
                                    {STAGES.iter().map(|s| view! { <th scope="col">{t(s)}</th> }).collect_view()}
                                    <th scope="col">{t("在库")}</th><th scope="col">{t("领导职数")}</th><th scope="col">{t("应储备")}</th><th scope="col">{t("比例")}</th>
                                </tr></thead>
                                <tbody>
                                    {v.pools.clone().into_iter().map(|p| {
                                        let no = target_no(&p.target);
                                        view! {
                                            <tr>
                                                <th scope="row"><A href=format!("/reserve/pool/{no}")>{p.target.clone()}</A></th>
                                                {p.stages.iter().zip(STAGES.iter()).map(|(n, s)| view! { <td data-label=t(s)>{*n}</td> }).collect_view()}
                                                <td data-label=t("在库")>{p.in_pool}</td>
                                                <td data-label=t("领导职数")>{p.posts}</td>
                                                <td data-label=t("应储备")>{p.wanted}</td>
                                                <td data-label=t("比例")>
                                                    <span class=if p.ratio_met { "tag ok" } else { "tag bad" }>{format!("{} {}", p.ratio, if p.ratio_met { "已达到" } else { "未达到" })}</span>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2>{t("结构")}</h2>
                        <div class="table-wrap">
                            <table class="data" id="reserve-structure">
                                <thead><tr>
                                    <th scope="col">{t("层级")}</th>
                                    {AGE_BANDS.iter().map(|b| view! { <th scope="col">{t(b)}</th> }).collect_view()}
                                    <th scope="col">{t("女性")}</th><th scope="col">{t("党外干部")}</th>
                                </tr></thead>
                                <tbody>
                                    {v.pools.clone().into_iter().map(|p| {
                                        let share = |n: i64| if p.in_pool > 0 { format!("{n}（{:.0}%）", n as f64 * 100.0 / p.in_pool as f64) } else { n.to_string() };
                                        view! {
                                            <tr>
                                                <th scope="row">{p.target.clone()}</th>
                                                {p.ages.iter().zip(AGE_BANDS.iter()).map(|(n, b)| view! { <td data-label=t(b)>{*n}</td> }).collect_view()}
                                                <td data-label=t("女性")><span class:field-error=!p.women_met>{share(p.women)}</span></td>
                                                <td data-label=t("党外干部")><span class:field-error=!p.non_party_met>{share(p.non_party)}</span></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2>{format!("{} 年以上没有变动的人选", tg.stale_years)}</h2>
                        {if v.stale.is_empty() {
                            view! { <p class="empty">{t("没有长期未变动的人选。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="reserve-stale">
                                        <thead><tr><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("层级")}</th><th scope="col">{t("阶段")}</th><th scope="col">{t("自")}</th></tr></thead>
                                        <tbody>
                                            {v.stale.into_iter().map(|s| view! {
                                                <tr>
                                                    <th scope="row"><A href=format!("/reserve/entry/{}", s.entry_id)>{s.name}</A></th>
                                                    <td data-label=t("部室")>{s.unit_name}</td>
                                                    <td data-label=t("层级")>{s.target}</td>
                                                    <td data-label=t("阶段")>{s.stage}</td>
                                                    <td data-label=t("自")>{s.since}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- a pool ----

#[component]
pub fn PoolPage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=pool_page/> }
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    Age,
    Level,
    Years,
    Education,
    Votes,
    Hours,
    Stage,
    Verdict,
    Name,
}

fn sort_rows(rows: &mut [CandidateRow], key: SortKey, desc: bool) {
    use crate::domain::roster::{education_rank, level_rank};
    let verdict_rank = |v: &str| match v {
        "ok" => 0,
        "on" => 1,
        "unknown" => 2,
        _ => 3,
    };
    let stage_rank = |s: &str| STAGES.iter().position(|x| *x == s).unwrap_or(9);
    rows.sort_by(|a, b| {
        let o = match key {
            SortKey::Age => a.age.cmp(&b.age),
            SortKey::Level => level_rank(&a.level).cmp(&level_rank(&b.level)),
            SortKey::Years => a.months_at_level.cmp(&b.months_at_level),
            SortKey::Education => education_rank(&b.education).cmp(&education_rank(&a.education)),
            SortKey::Votes => a.votes.cmp(&b.votes),
            SortKey::Hours => a.hours_met.cmp(&b.hours_met),
            SortKey::Stage => stage_rank(&a.stage).cmp(&stage_rank(&b.stage)),
            SortKey::Verdict => verdict_rank(&a.verdict).cmp(&verdict_rank(&b.verdict)),
            SortKey::Name => a.name.cmp(&b.name),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

fn pool_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let no = path_id().unwrap_or(4);
    let target = target_of(no);
    let q = use_query_map();
    let closed = Memo::new(move |_| q.with(|q| q.get("closed").is_some()));
    let recommend = Action::new(|f: &RecommendForm| reserve_recommend(f.clone()));
    let data = Resource::new(move || (closed.get(), recommend.version().get()), move |(c, _)| reserve_pool(target.to_string(), c));
    let sort = RwSignal::new((SortKey::Verdict, false));
    let stage_filter = RwSignal::new(String::new());
    let verdict_filter = RwSignal::new(String::new());
    let name_filter = RwSignal::new(String::new());
    let picked = RwSignal::new(std::collections::BTreeSet::<i64>::new());
    let navigate = use_navigate();
    let compare = move |_| {
        let ids: Vec<String> = picked.get_untracked().iter().map(|i| i.to_string()).collect();
        navigate(&format!("/reserve/compare?ids={}", ids.join(",")), Default::default());
    };
    let header = move |key: SortKey, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || { let (k, d) = sort.get(); if k == key { if d { "descending" } else { "ascending" } } else { "none" } }>
                <button type="button" class="text-button" on:click=move |_| sort.update(|(k, d)| { if *k == key { *d = !*d } else { *k = key; *d = false } })>{t(label)}</button>
            </th>
        }
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{format!("{target}后备干部")}</h1>
                <div class="button-row no-print">
                    <a class="button" href=format!("/api/reserve_pool_xlsx?target={}", crate::components::encode_query(target)) download>{t("导出 Excel")}</a>
                    <PrintButton label="打印会议材料"/>
                </div>
            </div>
            {reserve_tabs(&format!("/reserve/pool/{no}"), hr)}
            <p class="print-title">{format!("{target}后备干部人选名单（{}）", today_text())}</p>
            <div class="inline-form no-print" role="search">
                <label for="pf-name">{t("姓名")}</label>
                <input id="pf-name" type="search" maxlength="20" bind:value=name_filter/>
                <label for="pf-stage">{t("阶段")}</label>
                <select id="pf-stage" on:change=move |ev| stage_filter.set(event_target_value(&ev))>
                    <option value="">{t("全部")}</option>
                    {STAGES.iter().map(|s| view! { <option value=*s>{t(s)}</option> }).collect_view()}
                </select>
                <label for="pf-verdict">{t("资格")}</label>
                <select id="pf-verdict" on:change=move |ev| verdict_filter.set(event_target_value(&ev))>
                    <option value="">{t("全部")}</option>
                    <option value="ok">{t("符合条件")}</option>
                    <option value="on">{t("到期符合")}</option>
                    <option value="no">{t("不符合条件")}</option>
                    <option value="unknown">{t("信息不全")}</option>
                </select>
                {move || if closed.get() {
                    view! { <A href=format!("/reserve/pool/{no}")>{t("只看在库人选")}</A> }.into_any()
                } else {
                    view! { <A href=format!("/reserve/pool/{no}?closed=1")>{t("含已使用和已撤销")}</A> }.into_any()
                }}
                <button type="button" disabled=move || !(2..=4).contains(&picked.get().len()) on:click=compare>
                    {move || format!("比较所选（{}）", picked.get().len())}
                </button>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let tally = v.sees_tally;
                    let leader = v.is_leader;
                    if v.rows.is_empty() {
                        return view! { <p class="empty">{t("本层级还没有后备人选。")}</p> }.into_any();
                    }
                    let all = v.rows.clone();
                    let rows = move || {
                        let (k, d) = sort.get();
                        let (s, vf, n) = (stage_filter.get(), verdict_filter.get(), name_filter.get());
                        let mut r: Vec<CandidateRow> = all
                            .iter()
                            .filter(|r| s.is_empty() || r.stage == s)
                            .filter(|r| vf.is_empty() || r.verdict == vf)
                            .filter(|r| n.trim().is_empty() || r.name.contains(n.trim()))
                            .cloned()
                            .collect();
                        sort_rows(&mut r, k, d);
                        r
                    };
                    view! {
                        <div class="table-wrap">
                            <table class="data" id="candidates">
                                <thead><tr>
                                    <th scope="col" class="no-print"><span class="visually-hidden">{t("选择")}</span></th>
                                    {header(SortKey::Name, "姓名")}
                                    <th scope="col">{t("部室")}</th>
                                    {header(SortKey::Age, "年龄")}
                                    {header(SortKey::Level, "现职务层次")}
                                    {header(SortKey::Years, "任职年限")}
                                    {header(SortKey::Education, "学历")}
                                    {header(SortKey::Votes, "得票")}
                                    {header(SortKey::Hours, "学时")}
                                    <th scope="col">{t("近年考核")}</th>
                                    {header(SortKey::Stage, "阶段")}
                                    {header(SortKey::Verdict, "资格审查")}
                                    <th scope="col">{if tally { t("领导意见") } else if leader { t("我的意见") } else { t("意见") }}</th>
                                </tr></thead>
                                <tbody>
                                    <For each=rows key=|r| r.entry_id let:r>
                                        {
                                            let id = r.entry_id;
                                            let label = format!("选择 {}", r.name);
                                            view! {
                                                <tr>
                                                    <td class="no-print"><input type="checkbox" aria-label=label
                                                        prop:checked=move || picked.get().contains(&id)
                                                        on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|s| { if on { s.insert(id); } else { s.remove(&id); } }); }/></td>
                                                    <th scope="row"><A href=format!("/reserve/entry/{id}")>{r.name.clone()}</A>{format!(" {}", r.sex)}</th>
                                                    <td data-label=t("部室")>{r.unit_name.clone()}</td>
                                                    <td data-label=t("年龄")>{r.age}</td>
                                                    <td data-label=t("现职务层次")>{r.level.clone()}</td>
                                                    <td data-label=t("任职年限")>{r.at_level_text.clone()}</td>
                                                    <td data-label=t("学历")>{r.education.clone()}</td>
                                                    <td data-label=t("得票")>{r.votes_text.clone()}</td>
                                                    <td data-label=t("学时")><span class:field-error=!r.hours_met>{r.hours_text.clone()}</span></td>
                                                    <td data-label=t("近年考核")>{r.grades.join("，")}</td>
                                                    <td data-label=t("阶段")>{r.stage.clone()}</td>
                                                    <td data-label=t("资格审查")>
                                                        <span class=verdict_class(&r.verdict)>{r.verdict_text.clone()}</span>
                                                        {(!r.reasons.is_empty()).then(|| view! { <ul class="reasons">{r.reasons.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul> })}
                                                    </td>
                                                    <td data-label=t("意见")>{if tally {
                                                        format!("同意 {} · 不同意 {} · 弃权 {}", r.agree, r.disagree, r.abstain)
                                                    } else if r.my_opinion.is_empty() { "—".to_string() } else { r.my_opinion.clone() }}</td>
                                                </tr>
                                            }
                                        }
                                    </For>
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            {hr.then(|| view! { <RecommendBox target=target action=recommend/> })}
        </section>
    }
}

#[component]
fn RecommendBox(target: &'static str, action: Action<RecommendForm, Result<i64, crate::error::AppError>>) -> impl IntoView {
    let find = Action::new(|q: &String| crate::api::lectures::lecture_people(q.clone()));
    let find_q = RwSignal::new(String::new());
    let person = RwSignal::new((0i64, String::new()));
    let source = RwSignal::new(SOURCES[0].to_string());
    let recommender = RwSignal::new(String::new());
    let on = RwSignal::new(today_text());
    let reasons = RwSignal::new(String::new());
    let err = move || action.value().get().and_then(|r| r.err());
    view! {
        <div class="no-print">
            <h2>{t("推荐人选")}</h2>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); find.dispatch(find_q.get_untracked()); }>
                <label for="rc-find">{t("按姓名查找")}</label>
                <input id="rc-find" type="search" maxlength="20" bind:value=find_q placeholder=t("输入姓名")/>
                <button type="submit">{t("查找")}</button>
            </form>
            {move || find.value().get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain picks">
                        {list.into_iter().map(|p| {
                            let label = format!("{}（{} {}）", p.name, p.unit_name, p.position);
                            let l2 = label.clone();
                            view! { <li><button type="button" class="small" on:click=move |_| person.set((p.id, l2.clone()))>{t("选择")}</button>" "{label}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
            <form class="form boxed" id="recommend-form" on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(RecommendForm {
                    person_id: person.get_untracked().0,
                    target: target.to_string(),
                    source: source.get_untracked(),
                    recommender: recommender.get_untracked(),
                    recommended_on: on.get_untracked(),
                    reasons: reasons.get_untracked(),
                });
            }>
                <p>{t("人选")}{t("：")}<strong data-testid="picked">{move || { let p = person.get(); if p.0 == 0 { t("请先查找并选择").to_string() } else { p.1 } }}</strong></p>
                {move || field_error(err(), "person_id")}
                <div class="grid">
                    <div class="field"><label for="rc-source">{t("推荐方式")}</label>
                        <select id="rc-source" on:change=move |ev| source.set(event_target_value(&ev))>
                            {SOURCES.iter().map(|s| view! { <option value=*s>{t(s)}</option> }).collect_view()}
                        </select>
                        {move || field_error(err(), "source")}</div>
                    <div class="field"><label for="rc-by">{t("推荐人（个人署名推荐必填）")}</label><input id="rc-by" type="text" maxlength="40" bind:value=recommender/>
                        {move || field_error(err(), "recommender")}</div>
                    <div class="field"><label for="rc-on">{t("推荐日期")}</label><input id="rc-on" type="date" required bind:value=on/>
                        {move || field_error(err(), "recommended_on")}</div>
                </div>
                <div class="field"><label for="rc-reasons">{t("推荐理由")}</label><textarea id="rc-reasons" rows="3" maxlength="2000" bind:value=reasons></textarea></div>
                {move || other_errors(err())}
                {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已列入后备库")}</p> })}
                <div class="button-row"><button type="submit" disabled=move || person.get().0 == 0>{format!("列入{target}后备库")}</button></div>
            </form>
        </div>
    }
}

// ---- a candidate ----

#[component]
pub fn EntryPage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=entry_page/> }
}

type Act<I, O> = Action<I, Result<O, crate::error::AppError>>;

fn entry_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let id = path_id().unwrap_or(0);
    let mv: Act<(String, String), ()> = Action::new(move |a: &(String, String)| reserve_move(id, a.0.clone(), a.1.clone()));
    let inspect: Act<InspectionForm, ()> = Action::new(|f: &InspectionForm| reserve_inspect(f.clone()));
    let decide: Act<DecisionForm, i64> = Action::new(|f: &DecisionForm| reserve_decide(f.clone()));
    let opinion: Act<(i64, String, String), ()> = Action::new(|a: &(i64, String, String)| reserve_opinion(a.0, a.1.clone(), a.2.clone()));
    let grass: Act<(i64, String), ()> = Action::new(|a: &(i64, String)| reserve_grass_roots(a.0, a.1.clone()));
    let data = Resource::new(
        move || (mv.version().get(), inspect.version().get(), decide.version().get(), opinion.version().get(), grass.version().get()),
        move |_| reserve_entry(id),
    );
    let posts = Resource::new(|| (), |_| crate::api::posts::post_options());
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, ps) = (data.await, posts.await);
                    let d = match d { Ok(d) => d, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let ps = ps.unwrap_or_default();
                    let no = target_no(&d.target);
                    view! {
                        <div class="panel-head">
                            <h1>{format!("{} · {}后备", d.row.name, d.target)}<span class="tag">{d.row.stage.clone()}</span></h1>
                            <div class="button-row no-print">
                                <A href=format!("/reserve/pool/{no}") attr:class="button">{t("返回名单")}</A>
                                <PrintButton/>
                            </div>
                        </div>
                        {reserve_tabs(&format!("/reserve/pool/{no}"), hr)}
                        {move || [mv.value().get().and_then(|r| r.err()), opinion.value().get().and_then(|r| r.err()), grass.value().get().and_then(|r| r.err())]
                            .into_iter().flatten().next().map(|e| view! { <div data-testid="entry-error"><ErrorBox error=e/></div> })}
                        {entry_summary(&d)}
                        {eligibility_table(&d)}
                        {procedure(&d)}
                        {hr.then(|| entry_actions(&d, mv, inspect, decide, grass, ps.clone()))}
                        {opinions_view(&d, opinion)}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

fn entry_summary(d: &EntryDetail) -> impl IntoView {
    let r = &d.row;
    let facts: Vec<(&str, String)> = vec![
        ("部室", r.unit_name.clone()),
        ("性别", r.sex.clone()),
        ("出生日期", format!("{}（{} 岁）", d.birth_date, r.age)),
        ("参加工作时间", d.work_start.clone()),
        ("现职务层次", r.level.clone()),
        ("任现职务层次时间", format!("{}（{}）", d.level_since, r.at_level_text)),
        ("学历", r.education.clone()),
        ("政治面貌", r.political_status.clone()),
        ("基层工作经历", d.grass_roots_months.map(|m| format!("{} 年 {} 个月", m / 12, m % 12)).unwrap_or_else(|| "未记录".into())),
        ("推荐方式", format!("{}{}", r.source, if d.recommender.is_empty() { String::new() } else { format!("（{}）", d.recommender) })),
        ("推荐日期", d.recommended_on.clone()),
        ("民主推荐", if d.round_title.is_empty() { "—".into() } else { format!("{}：{}", d.round_title, r.votes_text) }),
        ("学时", r.hours_text.clone()),
        ("近年考核", r.grades.join("，")),
    ];
    view! {
        <dl class="facts">
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{t(k)}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
        {(!d.reasons.is_empty()).then(|| view! { <p><strong>{t("推荐理由")}{t("：")}</strong>{d.reasons.clone()}</p> })}
    }
}

fn outcome_label(o: Outcome) -> (&'static str, &'static str) {
    match o {
        Outcome::Pass => ("符合", "tag ok"),
        Outcome::Flag => ("需补足", "tag warn"),
        Outcome::Fail => ("不符合", "tag bad"),
        Outcome::Unknown => ("待核实", "tag"),
    }
}

fn eligibility_table(d: &EntryDetail) -> impl IntoView {
    let v = &d.evaluation;
    view! {
        <h2>{t("资格审查")}" "<span class=verdict_class(&d.row.verdict) data-testid="verdict">{d.row.verdict_text.clone()}</span></h2>
        <div class="table-wrap">
            <table class="data" id="rules">
                <thead><tr><th scope="col">{t("条件")}</th><th scope="col">{t("结果")}</th><th scope="col">{t("依据")}</th><th scope="col">{t("说明")}</th></tr></thead>
                <tbody>
                    {v.results.iter().map(|r| {
                        let (label, class) = outcome_label(r.outcome);
                        view! {
                            <tr>
                                <th scope="row">{t(r.code.label())}</th>
                                <td data-label=t("结果")><span class=class>{t(label)}</span></td>
                                <td data-label=t("依据")>{r.facts.iter().map(|(k, v)| format!("{k}：{v}")).collect::<Vec<_>>().join("；")}</td>
                                <td data-label=t("说明")>{r.sentence.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn procedure(d: &EntryDetail) -> impl IntoView {
    view! {
        {(!d.inspected_on.is_empty()).then(|| view! {
            <h2>{t("考察情况")}</h2>
            <dl class="facts">
                <div><dt>{t("考察日期")}</dt><dd>{d.inspected_on.clone()}</dd></div>
                <div><dt>{t("考察组")}</dt><dd>{d.inspection_team.clone()}</dd></div>
                <div><dt>{t("谈话人数")}</dt><dd>{d.talked_to}</dd></div>
                <div><dt>{t("考察结论")}</dt><dd data-testid="conclusion">{d.conclusion.clone()}</dd></div>
            </dl>
            <div class="markdown" inner_html=d.findings_html.clone()></div>
        })}
        {(!d.decided_on.is_empty()).then(|| view! {
            <h2>{t("研究决定")}</h2>
            <p>{format!("{} 研究决定。{}", d.decided_on, d.decision_note)}
                {d.promotion_id.map(|_| view! { " "<A href="/posts/promotions">{t("查看任前公示")}</A> })}</p>
        })}
        {(!d.removed_reason.is_empty()).then(|| view! { <p class="alert">{format!("撤销理由：{}", d.removed_reason)}</p> })}
        <h2>{t("经历阶段")}</h2>
        <div class="table-wrap">
            <table class="data" id="moves">
                <thead><tr><th scope="col">{t("时间")}</th><th scope="col">{t("变动")}</th><th scope="col">{t("理由")}</th><th scope="col">{t("经办人")}</th></tr></thead>
                <tbody>
                    {d.moves.iter().map(|m| view! {
                        <tr>
                            <th scope="row">{m.at.clone()}</th>
                            <td data-label=t("变动")>{if m.from.is_empty() { m.to.clone() } else { format!("{} → {}", m.from, m.to) }}</td>
                            <td data-label=t("理由")>{m.reason.clone()}</td>
                            <td data-label=t("经办人")>{m.by.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn entry_actions(
    d: &EntryDetail,
    mv: Act<(String, String), ()>,
    inspect: Act<InspectionForm, ()>,
    decide: Act<DecisionForm, i64>,
    grass: Act<(i64, String), ()>,
    posts: Vec<crate::model::PostOption>,
) -> impl IntoView {
    let stage = d.row.stage.clone();
    let id = d.row.entry_id;
    let pid = d.row.person_id;
    let reason = RwSignal::new(String::new());
    let months = RwSignal::new(d.grass_roots_months.map(|m| m.to_string()).unwrap_or_default());
    let open = crate::domain::reserve::is_open(&stage);
    let mut moves: Vec<(&'static str, &'static str)> = Vec::new();
    match stage.as_str() {
        "推荐" => moves.push(("考察", "列为考察对象")),
        "考察" => {
            moves.push(("研究决定", "提交研究决定"));
            moves.push(("推荐", "退回推荐"));
        }
        "研究决定" => moves.push(("考察", "退回考察")),
        _ => {}
    }
    // 考察
    let i_on = RwSignal::new(if d.inspected_on.is_empty() { today_text() } else { d.inspected_on.clone() });
    let i_team = RwSignal::new(d.inspection_team.clone());
    let i_talked = RwSignal::new(if d.talked_to > 0 { d.talked_to.to_string() } else { String::new() });
    let i_findings = RwSignal::new(d.findings.clone());
    let i_conclusion = RwSignal::new(d.conclusion.clone());
    let i_err = move || inspect.value().get().and_then(|r| r.err());
    // 研究决定
    let dc_post = RwSignal::new(String::new());
    let dc_date = RwSignal::new(today_text());
    let dc_by = RwSignal::new("中心党委会".to_string());
    let dc_start = RwSignal::new(today_text());
    let dc_note = RwSignal::new(String::new());
    let dc_err = move || decide.value().get().and_then(|r| r.err());
    view! {
        <div class="no-print">
            {open.then(|| view! {
                <h2>{t("办理")}</h2>
                <div class="form boxed">
                    <div class="field"><label for="mv-reason">{t("理由（撤销时必填）")}</label><input id="mv-reason" type="text" maxlength="500" bind:value=reason/></div>
                    <div class="button-row">
                        {moves.into_iter().map(|(to, label)| view! {
                            <button type="button" on:click=move |_| { mv.dispatch((to.to_string(), reason.get_untracked())); }>{t(label)}</button>
                        }).collect_view()}
                        {(stage != "公示").then(|| view! {
                            <button type="button" class="danger" on:click=move |_| {
                                if confirm("确定将该人选撤出后备库？此操作会记录在案。") { mv.dispatch(("已撤销".to_string(), reason.get_untracked())); }
                            }>{t("撤出后备库")}</button>
                        })}
                    </div>
                </div>
            })}
            {(stage == "考察").then(|| view! {
                <h2>{t("登记考察情况")}</h2>
                <form class="form boxed" id="inspect-form" on:submit=move |ev| {
                    ev.prevent_default();
                    inspect.dispatch(InspectionForm {
                        entry_id: id,
                        inspected_on: i_on.get_untracked(),
                        team: i_team.get_untracked(),
                        talked_to: i_talked.get_untracked().trim().parse().unwrap_or(0),
                        findings: i_findings.get_untracked(),
                        conclusion: i_conclusion.get_untracked(),
                    });
                }>
                    <div class="grid">
                        <div class="field"><label for="in-on">{t("考察日期")}</label><input id="in-on" type="date" required bind:value=i_on/>{move || field_error(i_err(), "inspected_on")}</div>
                        <div class="field"><label for="in-team">{t("考察组成员")}</label><input id="in-team" type="text" maxlength="200" required bind:value=i_team/>{move || field_error(i_err(), "team")}</div>
                        <div class="field"><label for="in-talked">{t("谈话人数")}</label><input id="in-talked" type="number" min="1" max="1000" required bind:value=i_talked/>{move || field_error(i_err(), "talked_to")}</div>
                    </div>
                    <div class="field"><label for="in-findings">{t("考察情况（支持 Markdown）")}</label><textarea id="in-findings" rows="6" maxlength="20000" required bind:value=i_findings></textarea>{move || field_error(i_err(), "findings")}</div>
                    <div class="field"><label for="in-conclusion">{t("考察结论")}</label><input id="in-conclusion" type="text" maxlength="500" required bind:value=i_conclusion/>{move || field_error(i_err(), "conclusion")}</div>
                    {move || other_errors(i_err())}
                    {move || matches!(inspect.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                    <div class="button-row"><button type="submit">{t("保存考察情况")}</button></div>
                </form>
            })}
            {(stage == "研究决定").then(|| view! {
                <h2>{t("研究决定并发起任前公示")}</h2>
                <form class="form boxed" id="decide-form" on:submit=move |ev| {
                    ev.prevent_default();
                    decide.dispatch(DecisionForm {
                        entry_id: id,
                        post_id: dc_post.get_untracked().parse().unwrap_or(0),
                        decision_date: dc_date.get_untracked(),
                        decided_by: dc_by.get_untracked(),
                        notice_start: dc_start.get_untracked(),
                        note: dc_note.get_untracked(),
                    });
                }>
                    <div class="grid">
                        <div class="field"><label for="dc-post">{t("拟任岗位")}</label>
                            <select id="dc-post" required on:change=move |ev| dc_post.set(event_target_value(&ev))>
                                <option value="">{t("请选择")}</option>
                                {posts.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                            </select>{move || field_error(dc_err(), "post_id")}</div>
                        <div class="field"><label for="dc-date">{t("决定日期")}</label><input id="dc-date" type="date" required bind:value=dc_date/>{move || field_error(dc_err(), "decision_date")}</div>
                        <div class="field"><label for="dc-by">{t("决定机关")}</label><input id="dc-by" type="text" maxlength="40" required bind:value=dc_by/>{move || field_error(dc_err(), "decided_by")}</div>
                        <div class="field"><label for="dc-start">{t("公示开始日期")}</label><input id="dc-start" type="date" required bind:value=dc_start/>{move || field_error(dc_err(), "notice_start")}</div>
                    </div>
                    <div class="field"><label for="dc-note">{t("研究决定情况")}</label><textarea id="dc-note" rows="3" maxlength="2000" bind:value=dc_note></textarea></div>
                    {move || other_errors(dc_err())}
                    {move || matches!(decide.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已发起任前公示")}</p> })}
                    <div class="button-row"><button type="submit">{t("发起任前公示")}</button></div>
                </form>
            })}
            <h2>{t("基层工作经历")}</h2>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); grass.dispatch((pid, months.get_untracked())); }>
                <label for="gr-months">{t("基层工作月数（留空为未记录）")}</label>
                <input id="gr-months" type="number" min="0" max="600" bind:value=months/>
                <button type="submit" class="small">{t("保存")}</button>
            </form>
        </div>
    }
}

fn opinions_view(d: &EntryDetail, opinion: Act<(i64, String, String), ()>) -> impl IntoView {
    let id = d.row.entry_id;
    let choice = RwSignal::new(if d.row.my_opinion.is_empty() { OPINIONS[0].to_string() } else { d.row.my_opinion.clone() });
    let comment = RwSignal::new(d.my_comment.clone());
    let open = crate::domain::reserve::is_open(&d.row.stage);
    let tally = d.may_edit;
    view! {
        <h2>{t("领导意见")}</h2>
        {tally.then(|| view! { <p data-testid="tally">{format!("同意 {} · 不同意 {} · 弃权 {}", d.row.agree, d.row.disagree, d.row.abstain)}</p> })}
        {if d.opinions.is_empty() {
            view! { <p class="empty">{t("还没有意见。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="opinions">
                        <thead><tr><th scope="col">{t("领导")}</th><th scope="col">{t("意见")}</th><th scope="col">{t("说明")}</th><th scope="col">{t("时间")}</th></tr></thead>
                        <tbody>
                            {d.opinions.iter().map(|o| view! {
                                <tr><th scope="row">{o.leader.clone()}</th><td data-label=t("意见")>{o.opinion.clone()}</td><td data-label=t("说明")>{o.comment.clone()}</td><td data-label=t("时间")>{o.at.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {(d.is_leader && open).then(|| opinion_form(id, &d.row.name, choice, comment, opinion))}
    }
}

fn opinion_form(
    id: i64,
    name: &str,
    choice: RwSignal<String>,
    comment: RwSignal<String>,
    opinion: Act<(i64, String, String), ()>,
) -> impl IntoView {
    let group = format!("op-{id}");
    view! {
        <form class="form boxed no-print opinion-form" on:submit=move |ev| { ev.prevent_default(); opinion.dispatch((id, choice.get_untracked(), comment.get_untracked())); }>
            <fieldset>
                <legend>{format!("我对 {name} 的意见")}</legend>
                {OPINIONS.iter().map(|o| {
                    let o = *o;
                    view! { <label class="check"><input type="radio" name=group.clone() value=o prop:checked=move || choice.get() == o on:change=move |_| choice.set(o.to_string())/>{t(o)}</label> }
                }).collect_view()}
            </fieldset>
            <div class="field"><label for=format!("op-c-{id}")>{t("说明（选填）")}</label><input id=format!("op-c-{id}") type="text" maxlength="500" bind:value=comment/></div>
            <div class="button-row"><button type="submit">{t("提交意见")}</button></div>
            {move || matches!(opinion.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("意见已记录")}</p> })}
        </form>
    }
}

// ---- side by side ----

#[component]
pub fn ComparePage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=compare_page/> }
}

fn compare_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let q = use_query_map();
    let ids = Memo::new(move |_| {
        q.with(|q| q.get("ids").unwrap_or_default().split(',').filter_map(|s| s.trim().parse::<i64>().ok()).collect::<Vec<i64>>())
    });
    let opinion: Act<(i64, String, String), ()> = Action::new(|a: &(i64, String, String)| reserve_opinion(a.0, a.1.clone(), a.2.clone()));
    let data = Resource::new(move || (ids.get(), opinion.version().get()), |(ids, _)| reserve_compare(ids));
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("人选比较")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {reserve_tabs("", hr)}
            {move || opinion.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let line = |label: &'static str, f: &dyn Fn(&EntryDetail) -> String| {
                        let cells: Vec<String> = list.iter().map(f).collect();
                        view! { <tr><th scope="row">{t(label)}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
                    };
                    let rows = vec![
                        line("部室", &|d| d.row.unit_name.clone()),
                        line("性别", &|d| d.row.sex.clone()),
                        line("年龄", &|d| format!("{} 岁", d.row.age)),
                        line("现职务层次", &|d| d.row.level.clone()),
                        line("任职年限", &|d| d.row.at_level_text.clone()),
                        line("学历", &|d| d.row.education.clone()),
                        line("政治面貌", &|d| d.row.political_status.clone()),
                        line("推荐方式", &|d| d.row.source.clone()),
                        line("得票", &|d| d.row.votes_text.clone()),
                        line("学时", &|d| d.row.hours_text.clone()),
                        line("近年考核", &|d| d.row.grades.join("，")),
                        line("阶段", &|d| d.row.stage.clone()),
                        line("考察结论", &|d| if d.conclusion.is_empty() { "—".into() } else { d.conclusion.clone() }),
                        line("资格审查", &|d| d.row.verdict_text.clone()),
                        line("说明", &|d| d.row.reasons.join("；")),
                    ];
                    let forms = list.iter().filter(|d| d.is_leader && crate::domain::reserve::is_open(&d.row.stage)).map(|d| {
                        let choice = RwSignal::new(if d.row.my_opinion.is_empty() { OPINIONS[0].to_string() } else { d.row.my_opinion.clone() });
                        let comment = RwSignal::new(d.my_comment.clone());
                        opinion_form(d.row.entry_id, &d.row.name, choice, comment, opinion)
                    }).collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="data compare" id="compare">
                                <thead><tr><th scope="col">{t("项目")}</th>{list.clone().into_iter().map(|d| view! { <th scope="col"><A href=format!("/reserve/entry/{}", d.row.entry_id)>{d.row.name.clone()}</A></th> }).collect_view()}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <div class="compare-forms">{forms}</div>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- who could enter ----

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <Guarded path="/reserve/search" view=search_page/> }
}

fn search_page(_u: CurrentUser) -> impl IntoView {
    let q = use_query_map();
    let target =
        Memo::new(move |_| q.with(|q| q.get("target").filter(|t| TARGETS.contains(&t.as_str())).unwrap_or_else(|| "副科级".into())));
    let days = Memo::new(move |_| q.with(|q| q.get("days").and_then(|v| v.parse::<i64>().ok()).unwrap_or(365)));
    let page = Memo::new(move |_| q.with(|q| q.get("page").and_then(|v| v.parse::<i64>().ok()).unwrap_or(1)));
    let recommend = Action::new(|f: &RecommendForm| reserve_recommend(f.clone()));
    let data =
        Resource::new(move || (target.get(), days.get(), page.get(), recommend.version().get()), |(t, d, p, _)| reserve_search(t, d, p));
    let t_in = RwSignal::new(target.get_untracked());
    let d_in = RwSignal::new(days.get_untracked().to_string());
    let navigate = use_navigate();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("资格查询")}</h1></div>
            {reserve_tabs("/reserve/search", true)}
            <form class="inline-form no-print" on:submit=move |ev| {
                ev.prevent_default();
                navigate(&with_query("/reserve/search", &[("target", t_in.get_untracked()), ("days", d_in.get_untracked())]), Default::default());
            }>
                <label for="sr-target">{t("目标层级")}</label>
                <select id="sr-target" prop:value=move || t_in.get() on:change=move |ev| t_in.set(event_target_value(&ev))>
                    {TARGETS.iter().map(|x| view! { <option value=*x>{t(x)}</option> }).collect_view()}
                </select>
                <label for="sr-days">{t("未来天数")}</label>
                <input id="sr-days" type="number" min="0" max="1830" bind:value=d_in/>
                <button type="submit">{t("查询")}</button>
            </form>
            {move || recommend.value().get().map(|r| match r {
                Ok(_) => view! { <p class="alert success" role="status">{t("已列入后备库")}</p> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let pages = ((v.total as i64) + v.per_page - 1) / v.per_page;
                    let (tg, dd) = (v.target.clone(), v.days);
                    let href = Callback::new(move |p: i64| with_query("/reserve/search", &[("target", tg.clone()), ("days", dd.to_string()), ("page", p.to_string())]));
                    let target = v.target.clone();
                    view! {
                        <p data-testid="search-summary">{format!(
                            "审查 {} 人（其中 {} 人已超过年龄上限）：现在符合{}条件的 {} 人，{} 天内将符合的 {} 人。",
                            v.considered, v.considered - v.evaluated, v.target, v.eligible_now, v.days, v.total - v.eligible_now
                        )}</p>
                        {if v.rows.is_empty() {
                            view! { <p class="empty">{t("没有符合条件的人员。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="search">
                                        <thead><tr><th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("现职务层次")}</th><th scope="col">{t("年龄")}</th><th scope="col">{t("符合条件日期")}</th><th scope="col">{t("操作")}</th></tr></thead>
                                        <tbody>
                                            {v.rows.into_iter().map(|r| {
                                                let target = target.clone();
                                                let on = r.on.clone();
                                                view! {
                                                    <tr>
                                                        <th scope="row">{r.name.clone()}</th>
                                                        <td data-label=t("部室")>{r.unit_name.clone()}</td>
                                                        <td data-label=t("现职务层次")>{r.level.clone()}</td>
                                                        <td data-label=t("年龄")>{r.age}</td>
                                                        <td data-label=t("符合条件日期")>{if r.now { t("现在").to_string() } else { r.on.clone() }}</td>
                                                        <td data-label=t("操作")>{if r.in_pool {
                                                            view! { <span class="tag">{t("已在库")}</span> }.into_any()
                                                        } else {
                                                            view! { <button type="button" class="small" on:click=move |_| {
                                                                recommend.dispatch(RecommendForm {
                                                                    person_id: r.person_id,
                                                                    target: target.clone(),
                                                                    source: "组织推荐".into(),
                                                                    recommender: String::new(),
                                                                    recommended_on: today_text(),
                                                                    reasons: format!("资格查询：{}符合条件", if r.now { "现在".to_string() } else { on.clone() }),
                                                                });
                                                            }>{t("列入推荐")}</button> }.into_any()
                                                        }}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pagination page=v.page pages=pages total=v.total as i64 href=href/>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- 民主推荐 rounds ----

#[component]
pub fn RoundsPage() -> impl IntoView {
    view! { <Guarded path="/reserve/rounds" view=rounds_page/> }
}

fn rounds_page(_u: CurrentUser) -> impl IntoView {
    let save = Action::new(|f: &RoundForm| reserve_round_save(f.clone()));
    let data = Resource::new(move || save.version().get(), |_| reserve_rounds());
    let units = Resource::new(|| (), |_| crate::api::roster::unit_options());
    let title = RwSignal::new(String::new());
    let target = RwSignal::new("副科级".to_string());
    let seats = RwSignal::new("1".to_string());
    let mode = RwSignal::new("online".to_string());
    let num = RwSignal::new("2".to_string());
    let den = RwSignal::new("3".to_string());
    // A week from today, at the end of the working day.
    let closes = RwSignal::new(format!("{} 17:00", crate::domain::time::today_china(chrono::Utc::now()) + chrono::Duration::days(7)));
    let voter_units = RwSignal::new(Vec::<i64>::new());
    let candidates = RwSignal::new(Vec::<(i64, String)>::new());
    let voter_people = RwSignal::new(Vec::<(i64, String)>::new());
    let find = Action::new(|q: &String| crate::api::lectures::lecture_people(q.clone()));
    let find_q = RwSignal::new(String::new());
    let vfind = Action::new(|q: &String| crate::api::lectures::lecture_people(q.clone()));
    let vfind_q = RwSignal::new(String::new());
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("民主推荐")}</h1></div>
            {reserve_tabs("/reserve/rounds", true)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if list.is_empty() {
                        return view! { <p class="empty">{t("还没有民主推荐。")}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="data" id="rounds">
                                <thead><tr><th scope="col">{t("名称")}</th><th scope="col">{t("层级")}</th><th scope="col">{t("方式")}</th><th scope="col">{t("截止")}</th><th scope="col">{t("参加")}</th><th scope="col">{t("状态")}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/reserve/rounds/{}", r.id)>{r.title.clone()}</A></th>
                                            <td data-label=t("层级")>{r.target.clone()}</td>
                                            <td data-label=t("方式")>{if r.mode == "paper" { t("纸质票") } else { t("网上投票") }}</td>
                                            <td data-label=t("截止")>{r.closes_at.clone()}</td>
                                            <td data-label=t("参加")>{format!("{}/{}", r.took_part, r.group)}</td>
                                            <td data-label=t("状态")>{if r.open { t("进行中") } else if r.valid { t("已结束·有效") } else { t("已结束·无效") }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            <h2>{t("发起民主推荐")}</h2>
            <form class="form boxed" id="round-form" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(RoundForm {
                    title: title.get_untracked(),
                    target: target.get_untracked(),
                    seats: seats.get_untracked().trim().parse().unwrap_or(0),
                    mode: mode.get_untracked(),
                    min_num: num.get_untracked().trim().parse().unwrap_or(0),
                    min_den: den.get_untracked().trim().parse().unwrap_or(0),
                    closes_at: closes.get_untracked(),
                    voter_units: voter_units.get_untracked(),
                    voter_people: voter_people.get_untracked().iter().map(|c| c.0).collect(),
                    candidates: candidates.get_untracked().iter().map(|c| c.0).collect(),
                });
            }>
                <div class="grid">
                    <div class="field"><label for="rd-title">{t("名称")}</label><input id="rd-title" type="text" maxlength="60" required bind:value=title/>{move || field_error(err(), "title")}</div>
                    <div class="field"><label for="rd-target">{t("层级")}</label>
                        <select id="rd-target" prop:value=move || target.get() on:change=move |ev| target.set(event_target_value(&ev))>
                            {TARGETS.iter().map(|x| view! { <option value=*x>{t(x)}</option> }).collect_view()}
                        </select></div>
                    <div class="field"><label for="rd-seats">{t("每票可推荐人数")}</label><input id="rd-seats" type="number" min="1" max="50" required bind:value=seats/>{move || field_error(err(), "seats")}</div>
                    <div class="field"><label for="rd-mode">{t("投票方式")}</label>
                        <select id="rd-mode" prop:value=move || mode.get() on:change=move |ev| mode.set(event_target_value(&ev))>
                            <option value="online">{t("网上投票（手机）")}</option>
                            <option value="paper">{t("纸质票（人事录入）")}</option>
                        </select></div>
                    <div class="field"><label for="rd-num">{t("有效参与比例（分子/分母）")}</label>
                        <span class="inline"><input id="rd-num" type="number" min="1" max="100" size="3" aria-label=t("分子") bind:value=num/>" / "<input type="number" min="1" max="100" size="3" aria-label=t("分母") bind:value=den/></span>
                        {move || field_error(err(), "min_num")}</div>
                    <div class="field"><label for="rd-closes">{t("截止时间")}</label><input id="rd-closes" type="text" placeholder="2026-12-01 17:00" required bind:value=closes/>{move || field_error(err(), "closes_at")}</div>
                </div>
                <div class="field"><label for="rd-units">{t("参加推荐的部室（可多选）")}</label>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            let us = units.await.unwrap_or_default();
                            view! {
                                <select id="rd-units" multiple size="6" on:change=move |ev| {
                                    let _ = &ev;
                                    #[cfg(feature = "hydrate")]
                                    if let Some(sel) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                                        let opts = sel.selected_options();
                                        let mut ids = Vec::new();
                                        for i in 0..opts.length() {
                                            if let Some(o) = opts.item(i) {
                                                if let Some(v) = o.get_attribute("value").and_then(|v| v.parse::<i64>().ok()) { ids.push(v); }
                                            }
                                        }
                                        voter_units.set(ids);
                                    }
                                }>
                                    {crate::components::unit_options_view(us)}
                                </select>
                            }
                        })}
                    </Suspense>
                    {move || field_error(err(), "voters")}</div>
                <div class="field">
                    <span class="label">{t("参加推荐的人员")}</span>
                    <ul class="plain picks" data-testid="round-voters">
                        {move || voter_people.get().into_iter().map(|(id, name)| view! {
                            <li>{name}" "<button type="button" class="small" on:click=move |_| voter_people.update(|c| c.retain(|x| x.0 != id))>{t("移除")}</button></li>
                        }).collect_view()}
                    </ul>
                </div>
                <div class="field">
                    <span class="label">{t("推荐对象")}</span>
                    <ul class="plain picks" data-testid="round-candidates">
                        {move || candidates.get().into_iter().map(|(id, name)| view! {
                            <li>{name}" "<button type="button" class="small" on:click=move |_| candidates.update(|c| c.retain(|x| x.0 != id))>{t("移除")}</button></li>
                        }).collect_view()}
                    </ul>
                    {move || field_error(err(), "candidates")}
                </div>
                {move || other_errors(err())}
                {move || save.value().get().and_then(|r| r.ok()).map(|id| view! { <p class="alert success" role="status">{t("已发起")}" "<A href=format!("/reserve/rounds/{id}")>{t("查看")}</A></p> })}
                <div class="button-row"><button type="submit">{t("发起")}</button></div>
            </form>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); vfind.dispatch(vfind_q.get_untracked()); }>
                <label for="rd-vfind">{t("添加参加推荐的人员")}</label>
                <input id="rd-vfind" type="search" maxlength="20" bind:value=vfind_q placeholder=t("输入姓名")/>
                <button type="submit">{t("查找")}</button>
            </form>
            {move || vfind.value().get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain picks" data-testid="voter-results">
                        {list.into_iter().map(|p| {
                            let label = format!("{}（{}）", p.name, p.unit_name);
                            let l2 = label.clone();
                            view! { <li><button type="button" class="small" on:click=move |_| voter_people.update(|c| if !c.iter().any(|x| x.0 == p.id) { c.push((p.id, l2.clone())) })>{t("加入")}</button>" "{label}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); find.dispatch(find_q.get_untracked()); }>
                <label for="rd-find">{t("添加推荐对象")}</label>
                <input id="rd-find" type="search" maxlength="20" bind:value=find_q placeholder=t("输入姓名")/>
                <button type="submit">{t("查找")}</button>
            </form>
            {move || find.value().get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain picks" data-testid="candidate-results">
                        {list.into_iter().map(|p| {
                            let label = format!("{}（{}）", p.name, p.unit_name);
                            let l2 = label.clone();
                            view! { <li><button type="button" class="small" on:click=move |_| candidates.update(|c| if !c.iter().any(|x| x.0 == p.id) { c.push((p.id, l2.clone())) })>{t("添加")}</button>" "{label}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </section>
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    view! { <Guarded path="/reserve/rounds" view=round_page/> }
}

fn round_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let close: Act<(), ()> = Action::new(move |_: &()| reserve_round_close(id));
    let paper: Act<(i64, Vec<(i64, i64)>), ()> = Action::new(move |a: &(i64, Vec<(i64, i64)>)| reserve_round_paper(id, a.0, a.1.clone()));
    let adopt: Act<Vec<i64>, usize> = Action::new(move |ids: &Vec<i64>| reserve_round_adopt(id, ids.clone()));
    let data = Resource::new(move || (close.version().get(), paper.version().get(), adopt.version().get()), move |_| reserve_round(id));
    let picked = RwSignal::new(std::collections::BTreeSet::<i64>::new());
    view! {
        <section class="panel">
            {reserve_tabs("/reserve/rounds", true)}
            {move || [close.value().get().and_then(|r| r.err()), paper.value().get().and_then(|r| r.err()), adopt.value().get().and_then(|r| r.err())]
                .into_iter().flatten().next().map(|e| view! { <div data-testid="round-error"><ErrorBox error=e/></div> })}
            {move || adopt.value().get().and_then(|r| r.ok()).map(|n| view! { <p class="alert success" role="status">{format!("已将 {n} 人列入后备库")}</p> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let d = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let r = d.row.clone();
                    let is_paper = r.mode == "paper";
                    let ballots = RwSignal::new(d.paper_ballots.to_string());
                    let counts: Vec<(i64, RwSignal<String>)> = d.candidates.iter().map(|c| (c.person_id, RwSignal::new(c.paper.to_string()))).collect();
                    let counts2 = counts.clone();
                    let may_adopt = !r.open && r.valid;
                    view! {
                        <div class="panel-head">
                            <h1>{r.title.clone()}<span class="tag">{r.target.clone()}</span></h1>
                            <div class="button-row no-print">
                                {r.open.then(|| view! { <button type="button" on:click=move |_| { if confirm("结束本轮推荐？结束后不能再投票或录入票数。") { close.dispatch(()); } }>{t("结束推荐")}</button> })}
                                <PrintButton/>
                            </div>
                        </div>
                        <p data-testid="participation">{format!(
                            "应参加 {} 人，实际参加 {} 人；每票可推荐 {} 人；有效参与比例 {}；截止 {}；{}",
                            r.group, r.took_part, r.seats, r.rule, r.closes_at,
                            if r.open { "进行中" } else if r.valid { "推荐有效" } else { "推荐无效" }
                        )}</p>
                        {(!d.verdict.is_empty() && !r.open).then(|| view! { <p class="alert error" role="alert" data-testid="round-invalid">{d.verdict.clone()}</p> })}
                        {(is_paper && r.open).then(|| view! {
                            <form class="inline-form no-print" id="paper-form" on:submit=move |ev| {
                                ev.prevent_default();
                                let c = counts2.iter().map(|(p, s)| (*p, s.get_untracked().trim().parse().unwrap_or(0))).collect();
                                paper.dispatch((ballots.get_untracked().trim().parse().unwrap_or(-1), c));
                            }>
                                <label for="pp-ballots">{t("收回票数")}</label>
                                <input id="pp-ballots" type="number" min="0" bind:value=ballots/>
                                <button type="submit">{t("保存票数")}</button>
                            </form>
                        })}
                        <div class="table-wrap">
                            <table class="data" id="round-result">
                                <thead><tr>
                                    {may_adopt.then(|| view! { <th scope="col" class="no-print">{t("列入")}</th> })}
                                    <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("现职务层次")}</th><th scope="col">{t("得票")}</th>
                                </tr></thead>
                                <tbody>
                                    {d.candidates.iter().map(|c| {
                                        let pid = c.person_id;
                                        let sig = counts.iter().find(|(p, _)| *p == pid).map(|(_, s)| *s);
                                        view! {
                                            <tr>
                                                {may_adopt.then(|| if c.in_pool {
                                                    view! { <td class="no-print"><span class="tag">{t("已在库")}</span></td> }.into_any()
                                                } else {
                                                    view! { <td class="no-print"><input type="checkbox" aria-label=format!("列入 {}", c.name) on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|s| { if on { s.insert(pid); } else { s.remove(&pid); } }); }/></td> }.into_any()
                                                })}
                                                <th scope="row">{c.name.clone()}</th>
                                                <td data-label=t("部室")>{c.unit_name.clone()}</td>
                                                <td data-label=t("现职务层次")>{c.level.clone()}</td>
                                                <td data-label=t("得票")>{match (is_paper && r.open, sig) {
                                                    (true, Some(s)) => view! { <input type="number" min="0" form="paper-form" aria-label=format!("{} 的得票", c.name) bind:value=s/> }.into_any(),
                                                    _ if c.votes.is_none() => view! { <span class="hint">{t("结束后公布")}</span> }.into_any(),
                                                    _ => view! { <span>{c.share.clone()}</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {may_adopt.then(|| view! {
                            <div class="button-row no-print">
                                <button type="button" disabled=move || picked.get().is_empty() on:click=move |_| { adopt.dispatch(picked.get_untracked().into_iter().collect()); }>{t("将所选人员列入后备库")}</button>
                            </div>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- the voter's ballot ----

#[component]
pub fn BallotsPage() -> impl IntoView {
    view! { <Guarded path="/reserve/ballot" view=ballots_page/> }
}

fn ballots_page(_u: CurrentUser) -> impl IntoView {
    let data = Resource::new(|| (), |_| my_ballots());
    view! {
        <section class="panel narrow">
            <h1>{t("民主推荐投票")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if list.is_empty() {
                        return view! { <p class="empty">{t("目前没有需要您参加的民主推荐。")}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain">
                            {list.into_iter().map(|b| view! {
                                <li><a href=format!("/reserve/ballot/{}", b.round_id)>{b.title.clone()}</a>
                                    {format!("（{}，截止 {}）", if b.voted { "已投票" } else if b.open { "待投票" } else { "已结束" }, b.closes_at)}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn BallotPage() -> impl IntoView {
    view! { <Guarded path="/reserve/ballot" view=ballot_page/> }
}

fn ballot_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let action = ServerAction::<BallotCast>::new();
    let data = Resource::new(move || action.version().get(), move |_| ballot_get(id));
    view! {
        <section class="panel narrow ballot">
            <h1>{t("民主推荐票")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let b = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <p><strong>{b.title.clone()}</strong></p>
                        <p class="hint">{format!("推荐{}后备干部人选，每票最多推荐 {} 人，可以少选或不选。截止时间 {}。投票不记名，任何人都看不到您选了谁。", b.target, b.seats, b.closes_at)}</p>
                        {move || action.value().get().map(|r| match r {
                            Ok(msg) => view! { <div class="alert success" role="status">{msg}</div> }.into_any(),
                            Err(e) => view! { <div data-testid="ballot-error"><ErrorBox error=e/></div> }.into_any(),
                        })}
                        {if b.voted || done {
                            view! { <div class="alert success" role="status" data-testid="ballot-done">{t("您已投票，感谢参加。")}</div> }.into_any()
                        } else if !b.open {
                            view! { <div class="alert" role="status">{t("本轮推荐已结束。")}</div> }.into_any()
                        } else {
                            view! {
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="round_id" value=b.round_id.to_string()/>
                                    <input type="hidden" name="choices[]" value="0"/>
                                    <fieldset>
                                        <legend>{format!("请选择（最多 {} 人）", b.seats)}</legend>
                                        {b.candidates.iter().map(|(pid, name, unit, level)| view! {
                                            <label class="check big"><input type="checkbox" name="choices[]" value=pid.to_string()/>{format!("{name}　{unit} · {level}")}</label>
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="primary big">{t("提交推荐票")}</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- rules ----

#[component]
pub fn ReserveSettingsPage() -> impl IntoView {
    view! { <Guarded path="/reserve/settings" view=settings_page/> }
}

fn settings_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let save = Action::new(|a: &(EligibilityRules, PipelineTargets)| reserve_settings_save(a.0.clone(), a.1.clone()));
    let data = Resource::new(move || save.version().get(), |_| reserve_settings());
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("后备干部规则")}</h1></div>
            {reserve_tabs("/reserve/settings", hr)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let s = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let r = s.rules.clone();
                    let num = |n: u32| RwSignal::new(n.to_string());
                    let (d2c, next, work, grass, gap, gy) = (num(r.deputy_to_chief_years), num(r.to_next_deputy_years), num(r.county_work_years), num(r.county_grass_roots_years), num(r.promotion_gap_months), num(r.grade_years));
                    let ages: Vec<RwSignal<String>> = r.max_age.iter().map(|a| num(*a)).collect();
                    let floor = RwSignal::new(r.education_floor.clone());
                    let young_floor = RwSignal::new(r.young_education_floor.clone());
                    let young = num(r.young_below_age);
                    let off = RwSignal::new(r.off.clone());
                    let tg = s.targets.clone();
                    let (chief, deputy, women, nonparty, stale) = (num(tg.chief_per_post), num(tg.deputy_per_post), num(tg.women_percent), num(tg.non_party_percent), num(tg.stale_years));
                    let err = move || save.value().get().and_then(|r| r.err());
                    let ages2 = ages.clone();
                    let field = move |id: &'static str, label: &'static str, sig: RwSignal<String>, key: &'static str| view! {
                        <div class="field"><label for=id>{t(label)}</label><input id=id type="number" min="0" disabled=!hr bind:value=sig/>{move || field_error(err(), key)}</div>
                    };
                    view! {
                        <form class="form boxed" id="reserve-rules" on:submit=move |ev| {
                            ev.prevent_default();
                            let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().unwrap_or(u32::MAX);
                            let mut max_age = [0u32; 4];
                            for (i, a) in ages2.iter().enumerate() { max_age[i] = n(*a); }
                            save.dispatch((EligibilityRules {
                                deputy_to_chief_years: n(d2c),
                                to_next_deputy_years: n(next),
                                county_work_years: n(work),
                                county_grass_roots_years: n(grass),
                                max_age,
                                education_floor: floor.get_untracked(),
                                young_education_floor: young_floor.get_untracked(),
                                young_below_age: n(young),
                                promotion_gap_months: n(gap),
                                grade_years: n(gy),
                                off: off.get_untracked(),
                            }, PipelineTargets {
                                chief_per_post: n(chief),
                                deputy_per_post: n(deputy),
                                women_percent: n(women),
                                non_party_percent: n(nonparty),
                                stale_years: n(stale),
                            }));
                        }>
                            <h2>{t("资格条件")}</h2>
                            <div class="grid">
                                {field("rs-d2c", "副职转正职任职年限（年）", d2c, "deputy_to_chief_years")}
                                {field("rs-next", "提任上一级副职任职年限（年）", next, "to_next_deputy_years")}
                                {field("rs-work", "处级：工作年限（年）", work, "county_work_years")}
                                {field("rs-grass", "处级：基层工作年限（年）", grass, "county_grass_roots_years")}
                                {field("rs-gap", "提任间隔（月）", gap, "promotion_gap_months")}
                                {field("rs-gy", "审查近几年考核", gy, "grade_years")}
                                {field("rs-young", "年轻干部年龄（周岁以下）", young, "young_below_age")}
                            </div>
                            <div class="grid">
                                {TARGETS.iter().zip(ages.iter()).enumerate().map(|(i, (tg, a))| {
                                    let id = ["rs-age1", "rs-age2", "rs-age3", "rs-age4"][i];
                                    let a = *a;
                                    view! { <div class="field"><label for=id>{format!("{tg}年龄上限（周岁）")}</label><input id=id type="number" min="18" max="70" disabled=!hr bind:value=a/></div> }
                                }).collect_view()}
                            </div>
                            {move || field_error(err(), "max_age")}
                            <div class="grid">
                                <div class="field"><label for="rs-floor">{t("学历下限")}</label>
                                    <select id="rs-floor" disabled=!hr prop:value=move || floor.get() on:change=move |ev| floor.set(event_target_value(&ev))>
                                        {crate::domain::roster::EDUCATION.iter().map(|e| view! { <option value=*e>{t(e)}</option> }).collect_view()}
                                    </select></div>
                                <div class="field"><label for="rs-yfloor">{t("年轻干部学历下限")}</label>
                                    <select id="rs-yfloor" disabled=!hr prop:value=move || young_floor.get() on:change=move |ev| young_floor.set(event_target_value(&ev))>
                                        {crate::domain::roster::EDUCATION.iter().map(|e| view! { <option value=*e>{t(e)}</option> }).collect_view()}
                                    </select></div>
                            </div>
                            <fieldset>
                                <legend>{t("启用的条件")}</legend>
                                {RuleCode::ALL.iter().map(|c| {
                                    let c = *c;
                                    view! { <label class="check"><input type="checkbox" disabled=!hr prop:checked=move || !off.get().contains(&c)
                                        on:change=move |ev| { let on = event_target_checked(&ev); off.update(|o| { o.retain(|x| *x != c); if !on { o.push(c); } }); }/>{t(c.label())}</label> }
                                }).collect_view()}
                            </fieldset>
                            <h2>{t("储备目标")}</h2>
                            <div class="grid">
                                {field("rs-chief", "正职岗位后备比例（1:N）", chief, "chief_per_post")}
                                {field("rs-deputy", "副职岗位后备比例（1:N）", deputy, "deputy_per_post")}
                                {field("rs-women", "女性比例目标（%）", women, "women_percent")}
                                {field("rs-nonparty", "党外干部比例目标（%）", nonparty, "non_party_percent")}
                                {field("rs-stale", "长期未变动（年）", stale, "stale_years")}
                            </div>
                            {move || other_errors(err())}
                            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                            {hr.then(|| view! { <div class="button-row"><button type="submit">{t("保存")}</button></div> })}
                        </form>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
