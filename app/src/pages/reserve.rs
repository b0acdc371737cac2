//! 后备干部: the pipeline overview, each pool's candidate list (sorted and filtered through the
//! address, compared, exported and printed), a candidate's record with the eligibility engine's
//! reasons and the procedure (考察, 研究决定 → 任前公示), leaders' opinions, the "who could enter"
//! search, 民主推荐 rounds, the voter's ballot and the rules. Every page is drawn on the server and
//! every action is a form that works without the browser's code; the people pickers and the
//! "select all" box are islands.

use crate::api::reserve::*;
use crate::components::{
    field_error, flash, flash_note, form_error, other_errors, path_id, with_query, Confirm, ErrorBox, Guarded, Loading, Pagination,
    PostForm, PrintButton,
};
use crate::domain::eligibility::{months_text, Outcome, RuleCode, TARGETS};
use crate::domain::reserve::{AGE_BANDS, OPINIONS, SOURCES, STAGES};
use crate::error::AppError;
use crate::i18n::{t, tf, tr, use_locale};
use crate::model::{CandidateRow, CurrentUser, EntryDetail, Locale, UnitOption};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn today() -> chrono::NaiveDate {
    crate::domain::time::today_china(chrono::Utc::now())
}

fn today_text() -> String {
    today().to_string()
}

/// The pool's number in the address (1 正处级 … 4 副科级).
fn target_of(n: i64) -> &'static str {
    TARGETS.get((n.clamp(1, 4) - 1) as usize).copied().unwrap_or("副科级")
}

fn target_no(t: &str) -> usize {
    TARGETS.iter().position(|x| *x == t).map(|i| i + 1).unwrap_or(4)
}

/// The pools' tab labels, in the order of [`TARGETS`].
const POOL_TABS: [&str; 4] = ["正处后备", "副处后备", "正科后备", "副科后备"];

pub fn reserve_tabs(current: &str, hr: bool) -> impl IntoView {
    let mut tabs: Vec<(String, &'static str)> = vec![("/reserve".into(), "总览")];
    for (i, label) in POOL_TABS.iter().enumerate() {
        tabs.push((format!("/reserve/pool/{}", i + 1), label));
    }
    if hr {
        tabs.push(("/reserve/rounds".into(), "民主推荐"));
        tabs.push(("/reserve/search".into(), "资格查询"));
    }
    tabs.push(("/reserve/settings".into(), "规则设置"));
    let current = current.to_string();
    view! {
        <nav class="tabs no-print" aria-label=t("后备干部")>
            {tabs.into_iter().map(|(href, label)| {
                let here = href == current;
                view! { <a href=href class=if here { "tab active" } else { "tab" } aria-current=here.then_some("page")>{t(label)}</a> }
            }).collect_view()}
        </nav>
    }
}

/// A sentence with one piece of data (a name, a title): the words translated, the data marked as
/// data for the English check.
fn with_data(template: &'static str, data: String) -> impl IntoView {
    let text = t(template);
    let (before, after) = text.split_once("{}").unwrap_or((text, ""));
    view! { {before}<span translate="no">{data}</span>{after} }
}

fn verdict_class(v: &str) -> &'static str {
    match v {
        "ok" => "tag ok",
        "on" => "tag warn",
        "no" => "tag bad",
        _ => "tag",
    }
}

/// A day (年-月-日) in Chinese, as records keep it.
fn zh_day(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(crate::domain::calendar::chinese_date).unwrap_or_else(|_| iso.to_string())
}

/// A day (年-月-日) as the reader writes it: 2026年3月1日, or 2026-03-01 in English.
fn day_text(iso: &str) -> String {
    match (use_locale(), chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")) {
        (Locale::Zh, Ok(d)) => crate::domain::calendar::chinese_date(d),
        _ => iso.to_string(),
    }
}

/// The engine's answer in words.
fn verdict_words(r: &CandidateRow) -> String {
    match r.verdict.as_str() {
        "ok" => t("符合条件").to_string(),
        "on" => tf("{}起符合条件", &[&day_text(&r.verdict_on)]),
        "no" => t("不符合条件").to_string(),
        _ => t("信息不全，待核实").to_string(),
    }
}

/// Months as "3年2个月" (or "3 yr 2 mo"); unknown when negative.
fn span_text(months: i64) -> String {
    if months < 0 {
        return t("未记录").to_string();
    }
    match use_locale() {
        Locale::Zh => months_text(months),
        Locale::En => match (months / 12, months % 12) {
            (0, m) => format!("{m} mo"),
            (y, 0) => format!("{y} yr"),
            (y, m) => format!("{y} yr {m} mo"),
        },
    }
}

/// A candidate's votes of the round they came from: "12 票（40.0%）", or — without a round.
fn votes_words(votes: i64, ballots: i64) -> String {
    if votes < 0 {
        return "—".into();
    }
    if ballots <= 0 {
        return tf("{} 票", &[&votes]);
    }
    let share = format!("{:.1}", votes as f64 * 100.0 / ballots as f64);
    tf("{} 票（{}%）", &[&votes, &share])
}

/// "2025 称职" with the grade in the reader's words.
fn grade_words(grades: &[String]) -> String {
    let sep = if use_locale() == Locale::Zh { "，" } else { ", " };
    grades
        .iter()
        .map(|g| match g.split_once(' ') {
            Some((y, grade)) => format!("{y} {}", tr(grade)),
            None => g.clone(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn tally_words(r: &CandidateRow) -> String {
    tf("同意 {} · 不同意 {} · 弃权 {}", &[&r.agree, &r.disagree, &r.abstain])
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
                        <p class="hint">{tf(
                            "后备比例：正职岗位 1:{}，副职岗位 1:{}（按领导职数计）；女性比例目标 {}%，党外干部比例目标 {}%；{} 年以上没有变动的人选单独列出。",
                            &[&tg.chief_per_post, &tg.deputy_per_post, &tg.women_percent, &tg.non_party_percent, &tg.stale_years],
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
                                        let ratio = if p.ratio_met { tf("{} 已达到", &[&p.ratio]) } else { tf("{} 未达到", &[&p.ratio]) };
                                        view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/reserve/pool/{no}")>{tr(&p.target).to_string()}</a></th>
                                                {p.stages.iter().zip(STAGES.iter()).map(|(n, s)| view! { <td data-label=t(s)>{*n}</td> }).collect_view()}
                                                <td data-label=t("在库")>{p.in_pool}</td>
                                                <td data-label=t("领导职数")>{p.posts}</td>
                                                <td data-label=t("应储备")>{p.wanted}</td>
                                                <td data-label=t("比例")>
                                                    <span class=if p.ratio_met { "tag ok" } else { "tag bad" }>{ratio}</span>
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
                                        let share = |n: i64| if p.in_pool > 0 {
                                            let pct = format!("{:.0}", n as f64 * 100.0 / p.in_pool as f64);
                                            tf("{}（{}%）", &[&n, &pct])
                                        } else { n.to_string() };
                                        view! {
                                            <tr>
                                                <th scope="row">{tr(&p.target).to_string()}</th>
                                                {p.ages.iter().zip(AGE_BANDS.iter()).map(|(n, b)| view! { <td data-label=t(b)>{*n}</td> }).collect_view()}
                                                <td data-label=t("女性")><span class:field-error=!p.women_met>{share(p.women)}</span></td>
                                                <td data-label=t("党外干部")><span class:field-error=!p.non_party_met>{share(p.non_party)}</span></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2>{tf("{} 年以上没有变动的人选", &[&tg.stale_years])}</h2>
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
                                                    <th scope="row"><a href=format!("/reserve/entry/{}", s.entry_id) translate="no">{s.name}</a></th>
                                                    <td data-label=t("部室")>{s.unit_name}</td>
                                                    <td data-label=t("层级")>{tr(&s.target).to_string()}</td>
                                                    <td data-label=t("阶段")>{tr(&s.stage).to_string()}</td>
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

/// The columns a pool sorts by (`?sort=`), with the header each belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum SortKey {
    Name,
    Age,
    Level,
    Years,
    Education,
    Votes,
    Hours,
    Stage,
    Verdict,
}

impl SortKey {
    const ALL: [SortKey; 9] = [
        SortKey::Name,
        SortKey::Age,
        SortKey::Level,
        SortKey::Years,
        SortKey::Education,
        SortKey::Votes,
        SortKey::Hours,
        SortKey::Stage,
        SortKey::Verdict,
    ];

    fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Age => "age",
            SortKey::Level => "level",
            SortKey::Years => "years",
            SortKey::Education => "education",
            SortKey::Votes => "votes",
            SortKey::Hours => "hours",
            SortKey::Stage => "stage",
            SortKey::Verdict => "verdict",
        }
    }

    fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.iter().copied().find(|k| k.code() == s)
    }
}

/// The eligibility filter's choices (the engine's answer codes).
const VERDICTS: [(&str, &str); 4] = [("ok", "符合条件"), ("on", "到期符合"), ("no", "不符合条件"), ("unknown", "信息不全")];

/// A pool's view as the address holds it: filters and sort order, so a view can be bookmarked,
/// shared and reloaded.
#[derive(Clone, Debug, Default, PartialEq)]
struct PoolQuery {
    name: String,
    stage: String,
    verdict: String,
    closed: bool,
    /// Empty: by eligibility, the eligible first.
    sort: String,
    desc: bool,
}

impl PoolQuery {
    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> PoolQuery {
        let flag = |k: &str| get(k).is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        PoolQuery {
            name: get("name").map(|n| n.replace('+', " ").trim().chars().take(20).collect()).unwrap_or_default(),
            stage: get("stage").filter(|s| STAGES.contains(&s.as_str())).unwrap_or_default(),
            verdict: get("verdict").filter(|v| VERDICTS.iter().any(|(c, _)| c == v)).unwrap_or_default(),
            closed: flag("closed"),
            sort: get("sort").filter(|s| SortKey::parse(s).is_some()).unwrap_or_default(),
            desc: flag("desc"),
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("stage", self.stage.clone()),
            ("verdict", self.verdict.clone()),
            ("closed", if self.closed { "1".into() } else { String::new() }),
            ("sort", self.sort.clone()),
            ("desc", if self.desc { "1".into() } else { String::new() }),
        ]
    }

    fn key(&self) -> SortKey {
        SortKey::parse(&self.sort).unwrap_or(SortKey::Verdict)
    }

    /// The rows this view shows, in its order.
    fn apply(&self, rows: Vec<CandidateRow>) -> Vec<CandidateRow> {
        let mut rows: Vec<CandidateRow> = rows
            .into_iter()
            .filter(|r| self.stage.is_empty() || r.stage == self.stage)
            .filter(|r| self.verdict.is_empty() || r.verdict == self.verdict)
            .filter(|r| self.name.is_empty() || r.name.contains(self.name.as_str()))
            .collect();
        sort_rows(&mut rows, self.key(), self.desc);
        rows
    }
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
        // Ties keep a stable order by name.
        let o = o.then_with(|| a.name.cmp(&b.name));
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

fn pool_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let scoped = crate::components::is_scoped(&u, "/reserve/pool");
    let no = path_id().unwrap_or(4).clamp(1, 4);
    let target = target_of(no);
    let here = format!("/reserve/pool/{no}");
    let query = use_query_map().with_untracked(|q| PoolQuery::from_lookup(|k| q.get(k)));
    let closed = query.closed;
    let data = Resource::new(|| (), move |_| reserve_pool(target.to_string(), closed));
    let list_query = query.clone();
    let tab = target_no(target) - 1;
    // A sortable column header: a link to the same view sorted by it (again: the other way).
    let sort_th = {
        let (query, here) = (query.clone(), here.clone());
        move |key: SortKey, label: &'static str| {
            let active = query.key() == key;
            let next = PoolQuery { sort: key.code().into(), desc: active && !query.desc, ..query.clone() };
            let arrow = match (active, query.desc) {
                (false, _) => "",
                (true, false) => " ↑",
                (true, true) => " ↓",
            };
            let sort = if active {
                if query.desc {
                    "descending"
                } else {
                    "ascending"
                }
            } else {
                "none"
            };
            view! {
                <th scope="col" aria-sort=sort>
                    <a href=with_query(&here, &next.pairs())>{t(label)}{arrow}</a>
                </th>
            }
        }
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t(["正处级后备干部", "副处级后备干部", "正科级后备干部", "副科级后备干部"][tab])}</h1>
                <div class="button-row no-print">
                    <a class="button" href=format!("/api/reserve_pool_xlsx?target={}", crate::components::encode_query(target)) download>{t("导出 Excel")}</a>
                    <PrintButton label="打印会议材料"/>
                </div>
            </div>
            {reserve_tabs(&here, hr)}
            <p class="print-title">{tf("{}后备干部人选名单（{}）", &[&tr(target), &today_text()])}</p>
            // The filters are a plain GET form: the view lives in the address; the sort order is kept.
            <form class="filters no-print" role="search" method="get" action=here.clone()>
                <label for="pf-name">{t("姓名")}
                    <input id="pf-name" name="name" type="search" maxlength="20" value=query.name.clone()/>
                </label>
                <label for="pf-stage">{t("阶段")}
                    <select id="pf-stage" name="stage">
                        <option value="">{t("全部")}</option>
                        {STAGES.iter().map(|s| view! { <option value=*s selected=query.stage == *s>{t(s)}</option> }).collect_view()}
                    </select>
                </label>
                <label for="pf-verdict">{t("资格")}
                    <select id="pf-verdict" name="verdict">
                        <option value="">{t("全部")}</option>
                        {VERDICTS.iter().map(|(code, label)| view! { <option value=*code selected=query.verdict == *code>{t(label)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check" for="pf-closed">
                    <input id="pf-closed" name="closed" type="checkbox" value="1" checked=query.closed/>{t("含已使用和已撤销")}
                </label>
                {(!query.sort.is_empty()).then(|| view! { <input type="hidden" name="sort" value=query.sort.clone()/> })}
                {query.desc.then(|| view! { <input type="hidden" name="desc" value="1"/> })}
                <div class="button-row">
                    <button type="submit" class="primary">{t("筛选")}</button>
                    <a href=here.clone()>{t("清除")}</a>
                </div>
            </form>
            // Ticked candidates are compared on their own page (a GET form: the address names them).
            <form id="compare-form" class="inline-form no-print" method="get" action="/reserve/compare">
                <button type="submit">{t("比较所选")}</button>
                <span class="hint">{t("勾选 2 到 4 名人选")}</span>
            </form>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (query, sort_th) = (list_query.clone(), sort_th.clone());
                    Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let tally = v.sees_tally;
                    let leader = v.is_leader;
                    if v.rows.is_empty() {
                        let empty = if scoped { "您可查看的部室在本层级还没有后备人选（其他部室的人选不在此显示）。" } else { "本层级还没有后备人选。" };
                        return view! { <p class="empty" data-testid="pool-empty">{t(empty)}</p> }.into_any();
                    }
                    let rows = query.apply(v.rows);
                    if rows.is_empty() {
                        return view! { <p class="empty">{t("没有符合条件的人选。")}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="data" id="candidates">
                                <thead><tr>
                                    <th scope="col" class="no-print"><span class="visually-hidden">{t("选择")}</span></th>
                                    {sort_th(SortKey::Name, "姓名")}
                                    <th scope="col">{t("部室")}</th>
                                    {sort_th(SortKey::Age, "年龄")}
                                    {sort_th(SortKey::Level, "现职务层次")}
                                    {sort_th(SortKey::Years, "任职年限")}
                                    {sort_th(SortKey::Education, "学历")}
                                    {sort_th(SortKey::Votes, "得票")}
                                    {sort_th(SortKey::Hours, "学时")}
                                    <th scope="col">{t("近年考核")}</th>
                                    {sort_th(SortKey::Stage, "阶段")}
                                    {sort_th(SortKey::Verdict, "资格审查")}
                                    <th scope="col">{if tally { t("领导意见") } else if leader { t("我的意见") } else { t("意见") }}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let id = r.entry_id;
                                        view! {
                                            <tr>
                                                <td class="no-print">
                                                    <input type="checkbox" form="compare-form" name="ids" value=id.to_string() aria-label=tf("选择 {}", &[&r.name])/>
                                                </td>
                                                <th scope="row"><a href=format!("/reserve/entry/{id}") translate="no">{r.name.clone()}</a>" "{tr(&r.sex).to_string()}</th>
                                                <td data-label=t("部室")>{r.unit_name.clone()}</td>
                                                <td data-label=t("年龄")>{r.age}</td>
                                                <td data-label=t("现职务层次")>{tr(&r.level).to_string()}</td>
                                                <td data-label=t("任职年限")>{span_text(r.months_at_level)}</td>
                                                <td data-label=t("学历")>{tr(&r.education).to_string()}</td>
                                                <td data-label=t("得票")>{votes_words(r.votes, r.ballots)}</td>
                                                <td data-label=t("学时")><span class:field-error=!r.hours_met>{r.hours_text.clone()}</span></td>
                                                <td data-label=t("近年考核")>{grade_words(&r.grades)}</td>
                                                <td data-label=t("阶段")>{tr(&r.stage).to_string()}</td>
                                                <td data-label=t("资格审查")>
                                                    <span class=verdict_class(&r.verdict)>{verdict_words(&r)}</span>
                                                    {(!r.reasons.is_empty()).then(|| view! { <ul class="reasons">{r.reasons.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul> })}
                                                </td>
                                                <td data-label=t("意见")>{if tally {
                                                    tally_words(&r)
                                                } else if r.my_opinion.is_empty() { "—".to_string() } else { tr(&r.my_opinion).to_string() }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}}
            </Suspense>
            {hr.then(|| recommend_box(target))}
        </section>
    }
}

/// HR's form for putting someone into this pool: the person by name (the picker) or by 人员编号.
fn recommend_box(target: &'static str) -> impl IntoView {
    let err = form_error::<ReserveRecommend>();
    view! {
        <div class="no-print">
            <h2>{t("推荐人选")}</h2>
            {flash_note("reserve_recommend", "已列入后备库")}
            <PostForm action="/api/reserve_recommend" class="form boxed" id="recommend-form">
                <input type="hidden" name="input[target]" value=target/>
                <div class="field">
                    <islands::PersonPicker name="input[person_id]".to_string() id="rc-person".to_string()
                        number_label=t("人选（人员编号）").to_string() search_label=t("人选（按姓名查找）").to_string() required=true/>
                    {field_error(err.clone(), "person_id")}
                </div>
                <div class="grid">
                    <div class="field"><label for="rc-source">{t("推荐方式")}</label>
                        <select id="rc-source" name="input[source]">
                            {SOURCES.iter().map(|s| view! { <option value=*s>{t(s)}</option> }).collect_view()}
                        </select>
                        {field_error(err.clone(), "source")}</div>
                    <div class="field"><label for="rc-by">{t("推荐人（个人署名推荐必填）")}</label><input id="rc-by" name="input[recommender]" type="text" maxlength="40"/>
                        {field_error(err.clone(), "recommender")}</div>
                    <div class="field"><label for="rc-on">{t("推荐日期")}</label><input id="rc-on" name="input[recommended_on]" type="date" required value=today_text() max=today_text()/>
                        {field_error(err.clone(), "recommended_on")}</div>
                </div>
                <div class="field"><label for="rc-reasons">{t("推荐理由")}</label><textarea id="rc-reasons" name="input[reasons]" rows="3" maxlength="2000"></textarea>
                    {field_error(err.clone(), "reasons")}</div>
                {other_errors(err)}
                <div class="button-row"><button type="submit">{tf("列入{}后备库", &[&tr(target)])}</button></div>
            </PostForm>
        </div>
    }
}

// ---- a candidate ----

#[component]
pub fn EntryPage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=entry_page/> }
}

fn entry_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let id = path_id().unwrap_or(0);
    let data = Resource::new(|| (), move |_| reserve_entry(id));
    let posts = Resource::new(
        || (),
        move |_| async move {
            if hr {
                crate::api::posts::post_options().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    // A refused move, opinion or grass-roots entry (without the browser's code the form comes back
    // to this page with it).
    let refused = [
        form_error::<ReserveMove>().filter(|e| e.field_message("reason").is_none()),
        form_error::<ReserveOpinion>(),
        form_error::<ReserveGrassRoots>().filter(|e| e.field_message("months").is_none()),
    ]
    .into_iter()
    .flatten()
    .next();
    view! {
        <section class="panel">
            {refused.map(|e| view! { <div data-testid="entry-error"><ErrorBox error=e/></div> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, ps) = (data.await, posts.await);
                    let d = match d { Ok(d) => d, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let ps = ps.unwrap_or_default();
                    let no = target_no(&d.target);
                    view! {
                        <div class="panel-head">
                            <h1>
                                <span translate="no">{d.row.name.clone()}</span>" · "{tf("{}后备", &[&tr(&d.target)])}
                                <span class="tag">{tr(&d.row.stage).to_string()}</span>
                            </h1>
                            <div class="button-row no-print">
                                <a href=format!("/reserve/pool/{no}") class="button">{t("返回名单")}</a>
                                <PrintButton/>
                            </div>
                        </div>
                        {reserve_tabs(&format!("/reserve/pool/{no}"), hr)}
                        {flash_note("reserve_move", "已办理")}
                        {entry_summary(&d)}
                        {eligibility_table(&d)}
                        {procedure(&d)}
                        {hr.then(|| entry_actions(&d, ps))}
                        {opinions_view(&d)}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

fn entry_summary(d: &EntryDetail) -> impl IntoView {
    let r = &d.row;
    let sep = if use_locale() == Locale::Zh { "：" } else { ": " };
    let facts: Vec<(&str, String)> = vec![
        ("部室", r.unit_name.clone()),
        ("性别", tr(&r.sex).to_string()),
        ("出生日期", tf("{}（{} 岁）", &[&d.birth_date, &r.age])),
        ("参加工作时间", d.work_start.clone()),
        ("现职务层次", tr(&r.level).to_string()),
        ("任现职务层次时间", tf("{}（{}）", &[&d.level_since, &span_text(r.months_at_level)])),
        ("学历", tr(&r.education).to_string()),
        ("政治面貌", tr(&r.political_status).to_string()),
        (
            "基层工作经历",
            d.grass_roots_months.map(|m| tf("{} 年 {} 个月", &[&(m / 12), &(m % 12)])).unwrap_or_else(|| t("未记录").to_string()),
        ),
        (
            "推荐方式",
            if d.recommender.is_empty() {
                t(source_label(&r.source)).to_string()
            } else {
                tf("{}（{}）", &[&t(source_label(&r.source)), &d.recommender])
            },
        ),
        ("推荐日期", d.recommended_on.clone()),
        (
            "民主推荐",
            if d.round_title.is_empty() { "—".into() } else { format!("{}{sep}{}", d.round_title, votes_words(r.votes, r.ballots)) },
        ),
        ("学时", r.hours_text.clone()),
        ("近年考核", grade_words(&r.grades)),
    ];
    view! {
        <dl class="facts">
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{t(k)}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
        {(!d.reasons.is_empty()).then(|| view! { <p><strong>{t("推荐理由")}{t("：")}</strong>{d.reasons.clone()}</p> })}
    }
}

/// A recommendation's source as one of the fixed words (what the store holds is one of them).
fn source_label(s: &str) -> &'static str {
    SOURCES.iter().find(|x| **x == s).copied().unwrap_or("组织推荐")
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
        <h2>{t("资格审查")}" "<span class=verdict_class(&d.row.verdict) data-testid="verdict">{verdict_words(&d.row)}</span></h2>
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
            <div class="markdown" translate="no" inner_html=d.findings_html.clone()></div>
        })}
        {(!d.decided_on.is_empty()).then(|| view! {
            <h2>{t("研究决定")}</h2>
            <p>{tf("{} 研究决定。", &[&d.decided_on])}{d.decision_note.clone()}
                {d.promotion_id.map(|_| view! { " "<a href="/posts/promotions">{t("查看任前公示")}</a> })}</p>
        })}
        {(!d.removed_reason.is_empty()).then(|| view! { <p class="alert">{t("撤销理由：")}<span translate="no">{d.removed_reason.clone()}</span></p> })}
        <h2>{t("经历阶段")}</h2>
        <div class="table-wrap">
            <table class="data" id="moves">
                <thead><tr><th scope="col">{t("时间")}</th><th scope="col">{t("变动")}</th><th scope="col">{t("理由")}</th><th scope="col">{t("经办人")}</th></tr></thead>
                <tbody>
                    {d.moves.iter().map(|m| view! {
                        <tr>
                            <th scope="row">{m.at.clone()}</th>
                            <td data-label=t("变动")>{if m.from.is_empty() { tr(&m.to).to_string() } else { format!("{} → {}", tr(&m.from), tr(&m.to)) }}</td>
                            <td data-label=t("理由")>{m.reason.clone()}</td>
                            <td data-label=t("经办人")>{m.by.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// HR's forms on an entry: the next move (or removal, asked first), the inspection, the decision
/// that starts the 任前公示, the person's grass-roots years.
fn entry_actions(d: &EntryDetail, posts: Vec<crate::model::PostOption>) -> impl IntoView {
    let stage = d.row.stage.clone();
    let id = d.row.entry_id;
    let pid = d.row.person_id;
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
    let mv_err = form_error::<ReserveMove>();
    let i_err = form_error::<ReserveInspect>();
    let dc_err = form_error::<ReserveDecide>();
    let gr_err = form_error::<ReserveGrassRoots>();
    let inspected_on = if d.inspected_on.is_empty() { today_text() } else { d.inspected_on.clone() };
    let talked = if d.talked_to > 0 { d.talked_to.to_string() } else { String::new() };
    let (team, findings, conclusion) = (d.inspection_team.clone(), d.findings.clone(), d.conclusion.clone());
    let months = d.grass_roots_months.map(|m| m.to_string());
    let (removable, inspecting, deciding) = (stage != "公示", stage == "考察", stage == "研究决定");
    view! {
        <div class="no-print">
            {open.then(move || view! {
                <h2>{t("办理")}</h2>
                <PostForm action="/api/reserve_move" class="form boxed" id="move-form">
                    <input type="hidden" name="entry_id" value=id.to_string()/>
                    <div class="field">
                        <label for="mv-reason">{t("理由（撤销时必填）")}</label>
                        <input id="mv-reason" name="reason" type="text" maxlength="500"/>
                        {field_error(mv_err.clone(), "reason")}
                    </div>
                    <div class="button-row">
                        {moves.into_iter().map(|(to, label)| view! {
                            <button type="submit" name="to" value=to>{t(label)}</button>
                        }).collect_view()}
                        {removable.then(|| view! {
                            <Confirm label="撤出后备库" question=t("确定将该人选撤出后备库？此操作会记录在案。") yes="确认撤出"
                                name="to" value="已撤销" danger=true/>
                        })}
                    </div>
                </PostForm>
            })}
            {inspecting.then(move || view! {
                <h2>{t("登记考察情况")}</h2>
                {flash_note("reserve_inspect", "已保存")}
                <PostForm action="/api/reserve_inspect" class="form boxed" id="inspect-form">
                    <input type="hidden" name="input[entry_id]" value=id.to_string()/>
                    <div class="grid">
                        <div class="field"><label for="in-on">{t("考察日期")}</label><input id="in-on" name="input[inspected_on]" type="date" required value=inspected_on max=today_text()/>{field_error(i_err.clone(), "inspected_on")}</div>
                        <div class="field"><label for="in-team">{t("考察组成员")}</label><input id="in-team" name="input[team]" type="text" maxlength="200" required value=team/>{field_error(i_err.clone(), "team")}</div>
                        <div class="field"><label for="in-talked">{t("谈话人数")}</label><input id="in-talked" name="input[talked_to]" type="number" min="1" max="1000" required inputmode="numeric" value=talked/>{field_error(i_err.clone(), "talked_to")}</div>
                    </div>
                    <div class="field"><label for="in-findings">{t("考察情况（支持 Markdown）")}</label><textarea id="in-findings" name="input[findings]" rows="6" maxlength="20000" required>{findings}</textarea>{field_error(i_err.clone(), "findings")}</div>
                    <div class="field"><label for="in-conclusion">{t("考察结论")}</label><input id="in-conclusion" name="input[conclusion]" type="text" maxlength="500" required value=conclusion/>{field_error(i_err.clone(), "conclusion")}</div>
                    {other_errors(i_err.clone())}
                    <div class="button-row"><button type="submit">{t("保存考察情况")}</button></div>
                </PostForm>
            })}
            {deciding.then(move || view! {
                <h2>{t("研究决定并发起任前公示")}</h2>
                <PostForm action="/api/reserve_decide" class="form boxed" id="decide-form">
                    <input type="hidden" name="input[entry_id]" value=id.to_string()/>
                    <div class="grid">
                        <div class="field"><label for="dc-post">{t("拟任岗位")}</label>
                            <select id="dc-post" name="input[post_id]" required>
                                <option value="">{t("请选择")}</option>
                                {posts.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                            </select>{field_error(dc_err.clone(), "post_id")}</div>
                        <div class="field"><label for="dc-date">{t("决定日期")}</label><input id="dc-date" name="input[decision_date]" type="date" required value=today_text()/>{field_error(dc_err.clone(), "decision_date")}</div>
                        <div class="field"><label for="dc-by">{t("决定机关")}</label><input id="dc-by" name="input[decided_by]" type="text" maxlength="40" required value="中心党委会"/>{field_error(dc_err.clone(), "decided_by")}</div>
                        <div class="field"><label for="dc-start">{t("公示开始日期")}</label><input id="dc-start" name="input[notice_start]" type="date" required value=today_text()/>{field_error(dc_err.clone(), "notice_start")}</div>
                    </div>
                    <div class="field"><label for="dc-note">{t("研究决定情况")}</label><textarea id="dc-note" name="input[note]" rows="3" maxlength="2000"></textarea>{field_error(dc_err.clone(), "note")}</div>
                    {other_errors(dc_err.clone())}
                    <div class="button-row"><button type="submit">{t("发起任前公示")}</button></div>
                </PostForm>
            })}
            {flash_note("reserve_decide", "已发起任前公示")}
            <h2>{t("基层工作经历")}</h2>
            {flash_note("reserve_grass_roots", "已保存")}
            <PostForm action="/api/reserve_grass_roots" class="inline-form" id="grass-form">
                <input type="hidden" name="person_id" value=pid.to_string()/>
                <label for="gr-months">{t("基层工作月数（留空为未记录）")}</label>
                <input id="gr-months" name="months" type="number" min="0" max="600" inputmode="numeric" value=months/>
                <button type="submit" class="small">{t("保存")}</button>
                {field_error(gr_err, "months")}
            </PostForm>
        </div>
    }
}

fn opinions_view(d: &EntryDetail) -> impl IntoView {
    let open = crate::domain::reserve::is_open(&d.row.stage);
    let tally = d.may_edit;
    view! {
        <h2>{t("领导意见")}</h2>
        {tally.then(|| view! { <p data-testid="tally">{tally_words(&d.row)}</p> })}
        {if d.opinions.is_empty() {
            view! { <p class="empty">{t("还没有意见。")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data" id="opinions">
                        <thead><tr><th scope="col">{t("领导")}</th><th scope="col">{t("意见")}</th><th scope="col">{t("说明")}</th><th scope="col">{t("时间")}</th></tr></thead>
                        <tbody>
                            {d.opinions.iter().map(|o| view! {
                                <tr><th scope="row" translate="no">{o.leader.clone()}</th><td data-label=t("意见")>{tr(&o.opinion).to_string()}</td><td data-label=t("说明")>{o.comment.clone()}</td><td data-label=t("时间")>{o.at.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {(d.is_leader && open).then(|| opinion_form(d))}
    }
}

/// A leader's opinion of one candidate: a form of its own, so a page may hold several (the
/// comparison); the success note shows in the form whose entry the server names.
fn opinion_form(d: &EntryDetail) -> impl IntoView {
    let id = d.row.entry_id;
    let mine = if d.row.my_opinion.is_empty() { OPINIONS[0].to_string() } else { d.row.my_opinion.clone() };
    let done = flash("reserve_opinion") == Some(Some(id));
    let comment_id = format!("op-c-{id}");
    let (name, comment) = (d.row.name.clone(), d.my_comment.clone());
    view! {
        <PostForm action="/api/reserve_opinion" class="form boxed no-print opinion-form" id=format!("opinion-{id}")>
            <input type="hidden" name="entry_id" value=id.to_string()/>
            <fieldset>
                <legend>{with_data("我对 {} 的意见", name)}</legend>
                {OPINIONS.iter().map(|o| view! {
                    <label class="check"><input type="radio" name="opinion" value=*o checked=mine == *o required/>{t(o)}</label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for=comment_id.clone()>{t("说明（选填）")}</label>
                <input id=comment_id name="comment" type="text" maxlength="500" value=comment/>
            </div>
            <div class="button-row"><button type="submit">{t("提交意见")}</button></div>
            {done.then(|| view! { <p class="alert success" role="status">{t("意见已记录")}</p> })}
        </PostForm>
    }
}

// ---- side by side ----

#[component]
pub fn ComparePage() -> impl IntoView {
    view! { <Guarded path="/reserve" view=compare_page/> }
}

/// The entries named in the address: `ids=1&ids=2` (the pool's form) or `ids=1,2`.
fn compare_ids() -> Vec<i64> {
    use_query_map().with_untracked(|q| {
        q.get_all("ids")
            .unwrap_or_default()
            .iter()
            .flat_map(|v| v.split([',', ' ']).map(str::to_string).collect::<Vec<_>>())
            .filter_map(|s| s.trim().parse::<i64>().ok())
            .take(20)
            .collect()
    })
}

fn compare_page(u: CurrentUser) -> impl IntoView {
    let hr = u.may_open("/reserve/rounds");
    let ids = compare_ids();
    let data = Resource::new(|| (), move |_| reserve_compare(ids.clone()));
    let refused = form_error::<ReserveOpinion>();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("人选比较")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {reserve_tabs("", hr)}
            {refused.map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match data.await {
                        Ok(v) => v,
                        Err(e) => return view! {
                            <ErrorBox error=e/>
                            <p><a href="/reserve/pool/4">{t("返回名单")}</a></p>
                        }.into_any(),
                    };
                    let line = |label: &'static str, f: &dyn Fn(&EntryDetail) -> String| {
                        let cells: Vec<String> = list.iter().map(f).collect();
                        view! { <tr><th scope="row">{t(label)}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
                    };
                    let sep = if use_locale() == Locale::Zh { "；" } else { "; " };
                    let rows = vec![
                        line("部室", &|d| d.row.unit_name.clone()),
                        line("性别", &|d| tr(&d.row.sex).to_string()),
                        line("年龄", &|d| tf("{} 岁", &[&d.row.age])),
                        line("现职务层次", &|d| tr(&d.row.level).to_string()),
                        line("任职年限", &|d| span_text(d.row.months_at_level)),
                        line("学历", &|d| tr(&d.row.education).to_string()),
                        line("政治面貌", &|d| tr(&d.row.political_status).to_string()),
                        line("推荐方式", &|d| t(source_label(&d.row.source)).to_string()),
                        line("得票", &|d| votes_words(d.row.votes, d.row.ballots)),
                        line("学时", &|d| d.row.hours_text.clone()),
                        line("近年考核", &|d| grade_words(&d.row.grades)),
                        line("阶段", &|d| tr(&d.row.stage).to_string()),
                        line("考察结论", &|d| if d.conclusion.is_empty() { "—".into() } else { d.conclusion.clone() }),
                        line("资格审查", &|d| verdict_words(&d.row)),
                        line("说明", &|d| d.row.reasons.join(sep)),
                    ];
                    let forms = list
                        .iter()
                        .filter(|d| d.is_leader && crate::domain::reserve::is_open(&d.row.stage))
                        .map(opinion_form)
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="data compare" id="compare">
                                <thead><tr><th scope="col">{t("项目")}</th>{list.iter().map(|d| view! { <th scope="col"><a href=format!("/reserve/entry/{}", d.row.entry_id) translate="no">{d.row.name.clone()}</a></th> }).collect_view()}</tr></thead>
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
    let (target, days, page) = use_query_map().with_untracked(|q| {
        (
            q.get("target").filter(|t| TARGETS.contains(&t.as_str())).unwrap_or_else(|| "副科级".into()),
            q.get("days").and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(365),
            q.get("page").and_then(|v| v.parse::<i64>().ok()).unwrap_or(1),
        )
    });
    let data = {
        let target = target.clone();
        Resource::new(|| (), move |_| reserve_search(target.clone(), days, page))
    };
    let refused = form_error::<ReserveRecommend>();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("资格查询")}</h1></div>
            {reserve_tabs("/reserve/search", true)}
            <form class="inline-form no-print" role="search" method="get" action="/reserve/search">
                <label for="sr-target">{t("目标层级")}</label>
                <select id="sr-target" name="target">
                    {TARGETS.iter().map(|x| view! { <option value=*x selected=target == *x>{t(x)}</option> }).collect_view()}
                </select>
                <label for="sr-days">{t("未来天数")}</label>
                <input id="sr-days" name="days" type="number" min="0" max="1830" inputmode="numeric" value=days.to_string()/>
                <button type="submit">{t("查询")}</button>
            </form>
            {flash_note("reserve_recommend", "已列入后备库")}
            {refused.map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let v = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let pages = ((v.total as i64) + v.per_page - 1) / v.per_page;
                    let (tg, dd) = (v.target.clone(), v.days);
                    let href = Callback::new(move |p: i64| with_query("/reserve/search", &[("target", tg.clone()), ("days", dd.to_string()), ("page", p.to_string())]));
                    let target = v.target.clone();
                    view! {
                        <p data-testid="search-summary">{tf(
                            "审查 {} 人（其中 {} 人已超过年龄上限）：现在符合{}条件的 {} 人，{} 天内将符合的 {} 人。",
                            &[&v.considered, &(v.considered - v.evaluated), &tr(&v.target), &v.eligible_now, &v.days, &(v.total - v.eligible_now)],
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
                                                // The reason is written into the record, in the record's language.
                                                let reasons = format!("资格查询：{}符合条件", if r.now { "现在".to_string() } else { zh_day(&r.on) });
                                                view! {
                                                    <tr>
                                                        <th scope="row" translate="no">{r.name.clone()}</th>
                                                        <td data-label=t("部室")>{r.unit_name.clone()}</td>
                                                        <td data-label=t("现职务层次")>{tr(&r.level).to_string()}</td>
                                                        <td data-label=t("年龄")>{r.age}</td>
                                                        <td data-label=t("符合条件日期")>{if r.now { t("现在").to_string() } else { day_text(&r.on) }}</td>
                                                        <td data-label=t("操作")>{if r.in_pool {
                                                            view! { <span class="tag">{t("已在库")}</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <form method="post" action="/api/reserve_recommend" class="inline">
                                                                    <input type="hidden" name="input[person_id]" value=r.person_id.to_string()/>
                                                                    <input type="hidden" name="input[target]" value=target.clone()/>
                                                                    <input type="hidden" name="input[source]" value="组织推荐"/>
                                                                    <input type="hidden" name="input[recommended_on]" value=today_text()/>
                                                                    <input type="hidden" name="input[reasons]" value=reasons/>
                                                                    <button type="submit" class="small">{t("列入推荐")}</button>
                                                                </form>
                                                            }.into_any()
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
    let data = Resource::new(|| (), |_| reserve_rounds());
    let units = Resource::new(|| (), |_| crate::api::roster::unit_options());
    let err = form_error::<ReserveRoundSave>();
    // A week from today, at the end of the working day.
    let closes = format!("{} 17:00", today() + chrono::Duration::days(7));
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
                                            <th scope="row"><a href=format!("/reserve/rounds/{}", r.id) translate="no">{r.title.clone()}</a></th>
                                            <td data-label=t("层级")>{tr(&r.target).to_string()}</td>
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
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (err, closes) = (err.clone(), closes.clone());
                    Suspend::new(async move {
                        let us: Vec<UnitOption> = units.await.unwrap_or_default();
                        round_form(us, err, closes)
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The form that starts a round: its rules, the voters (whole 部室 ticked, people chosen) and the
/// candidates (people chosen).
fn round_form(units: Vec<UnitOption>, err: Option<AppError>, closes: String) -> impl IntoView {
    view! {
            <PostForm action="/api/reserve_round_save" class="form boxed" id="round-form">
                <div class="grid">
                    <div class="field"><label for="rd-title">{t("名称")}</label><input id="rd-title" name="input[title]" type="text" maxlength="60" required/>{field_error(err.clone(), "title")}</div>
                    <div class="field"><label for="rd-target">{t("层级")}</label>
                        <select id="rd-target" name="input[target]">
                            {TARGETS.iter().map(|x| view! { <option value=*x selected=*x == "副科级">{t(x)}</option> }).collect_view()}
                        </select>{field_error(err.clone(), "target")}</div>
                    <div class="field"><label for="rd-seats">{t("每票可推荐人数")}</label><input id="rd-seats" name="input[seats]" type="number" min="1" max="50" required inputmode="numeric" value="1"/>{field_error(err.clone(), "seats")}</div>
                    <div class="field"><label for="rd-mode">{t("投票方式")}</label>
                        <select id="rd-mode" name="input[mode]">
                            <option value="online">{t("网上投票（手机）")}</option>
                            <option value="paper">{t("纸质票（人事录入）")}</option>
                        </select>{field_error(err.clone(), "mode")}</div>
                    <div class="field"><label for="rd-num">{t("有效参与比例（分子/分母）")}</label>
                        <span class="inline">
                            <input id="rd-num" name="input[min_num]" type="number" min="1" max="100" size="3" required inputmode="numeric" value="2"/>
                            " / "
                            <input id="rd-den" name="input[min_den]" type="number" min="1" max="100" size="3" required inputmode="numeric" aria-label=t("分母") value="3"/>
                        </span>
                        {field_error(err.clone(), "min_num")}</div>
                    <div class="field"><label for="rd-closes">{t("截止时间")}</label><input id="rd-closes" name="input[closes_at]" type="text" placeholder="2026-12-01 17:00" required value=closes/>{field_error(err.clone(), "closes_at")}</div>
                </div>
                <fieldset class="field">
                    <legend>{t("参加推荐的部室（可多选）")}</legend>
                    <div class="checks" id="rd-units">
                        {units.into_iter().map(|u| {
                            let fid = format!("rd-unit-{}", u.id);
                            view! {
                                <label class="check" for=fid.clone()>
                                    <input id=fid.clone() type="checkbox" name="input[voter_units][]" value=u.id.to_string()/>
                                    <span translate="no">{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {field_error(err.clone(), "voters")}
                </fieldset>
                <div class="field" data-testid="round-voters">
                    <islands::PersonPicker name="input[voter_people]".to_string() id="rd-voters".to_string() multiple=true
                        number_label=t("参加推荐的人员（人员编号，多个用逗号分隔）").to_string() search_label=t("添加参加推荐的人员").to_string()/>
                </div>
                <div class="field" data-testid="round-candidates">
                    <islands::PersonPicker name="input[candidates]".to_string() id="rd-candidates".to_string() multiple=true
                        number_label=t("推荐对象（人员编号，多个用逗号分隔）").to_string() search_label=t("添加推荐对象").to_string()/>
                    {field_error(err.clone(), "candidates")}
                </div>
                {other_errors(err)}
                <div class="button-row"><button type="submit">{t("发起")}</button></div>
            </PostForm>
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    view! { <Guarded path="/reserve/rounds" view=round_page/> }
}

/// The participation rule in words: 三分之二, or "two thirds".
fn rule_words(r: &crate::model::RoundRow) -> String {
    let text = tr(&r.rule);
    if text == r.rule && use_locale() == Locale::En {
        format!("{}/{}", r.min_num, r.min_den)
    } else {
        text.to_string()
    }
}

fn round_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let data = Resource::new(|| (), move |_| reserve_round(id));
    let refused = [form_error::<ReserveRoundClose>(), form_error::<ReserveRoundPaper>(), form_error::<ReserveRoundAdopt>()]
        .into_iter()
        .flatten()
        .next();
    let adopted = flash("reserve_round_adopt").map(|n| n.unwrap_or(0));
    view! {
        <section class="panel">
            {reserve_tabs("/reserve/rounds", true)}
            {refused.map(|e| view! { <div data-testid="round-error"><ErrorBox error=e/></div> })}
            {flash_note("reserve_round_save", "已发起")}
            {flash_note("reserve_round_close", "本轮推荐已结束。")}
            {flash_note("reserve_round_paper", "票数已保存")}
            {adopted.map(|n| view! { <p class="alert success" role="status" data-testid="flash">{tf("已将 {} 人列入后备库", &[&n])}</p> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let d = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let r = d.row.clone();
                    let is_paper = r.mode == "paper";
                    let counting = is_paper && r.open;
                    let may_adopt = !r.open && r.valid;
                    let state = if r.open { t("进行中") } else if r.valid { t("推荐有效") } else { t("推荐无效") };
                    let rule = rule_words(&r);
                    let table = view! {
                        <div class="table-wrap">
                            <table class="data" id="round-result">
                                <thead><tr>
                                    {may_adopt.then(|| view! { <th scope="col" class="no-print">{t("列入")}</th> })}
                                    <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("现职务层次")}</th><th scope="col">{t("得票")}</th>
                                </tr></thead>
                                <tbody>
                                    {d.candidates.iter().map(|c| {
                                        let pid = c.person_id;
                                        view! {
                                            <tr>
                                                {may_adopt.then(|| if c.in_pool {
                                                    view! { <td class="no-print"><span class="tag">{t("已在库")}</span></td> }.into_any()
                                                } else {
                                                    view! { <td class="no-print"><input type="checkbox" name="person_ids[]" value=pid.to_string() aria-label=tf("列入 {}", &[&c.name])/></td> }.into_any()
                                                })}
                                                <th scope="row" translate="no">{c.name.clone()}</th>
                                                <td data-label=t("部室")>{c.unit_name.clone()}</td>
                                                <td data-label=t("现职务层次")>{tr(&c.level).to_string()}</td>
                                                <td data-label=t("得票")>{match (counting, c.votes) {
                                                    (true, _) => view! {
                                                        <input type="number" min="0" inputmode="numeric" form="paper-form" name=format!("counts[{pid}]")
                                                            aria-label=tf("{} 的得票", &[&c.name]) value=c.paper.to_string()/>
                                                    }.into_any(),
                                                    (false, None) => view! { <span class="hint">{t("结束后公布")}</span> }.into_any(),
                                                    (false, Some(n)) => view! { <span>{votes_words(n, r.took_part)}</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    };
                    view! {
                        <div class="panel-head">
                            <h1><span translate="no">{r.title.clone()}</span><span class="tag">{tr(&r.target).to_string()}</span></h1>
                            <div class="button-row no-print">
                                {r.open.then(|| view! {
                                    <form method="post" action="/api/reserve_round_close" class="inline">
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <Confirm label="结束推荐" question=t("结束本轮推荐？结束后不能再投票或录入票数。") yes="确认结束"/>
                                    </form>
                                })}
                                <PrintButton/>
                            </div>
                        </div>
                        <p data-testid="participation">{tf(
                            "应参加 {} 人，实际参加 {} 人；每票可推荐 {} 人；有效参与比例 {}；截止 {}；{}",
                            &[&r.group, &r.took_part, &r.seats, &rule, &r.closes_at, &state],
                        )}</p>
                        {(!r.valid && !r.open).then(|| view! {
                            <p class="alert error" role="alert" data-testid="round-invalid">{tf(
                                "参加人数 {} 人，未达到应参加人数 {} 人的{}，本轮推荐无效",
                                &[&r.took_part, &r.group, &rule],
                            )}</p>
                        })}
                        {counting.then(|| view! {
                            <PostForm action="/api/reserve_round_paper" class="inline-form no-print" id="paper-form">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <label for="pp-ballots">{t("收回票数")}</label>
                                <input id="pp-ballots" name="ballots" type="number" min="0" max=r.group.to_string() required inputmode="numeric" value=d.paper_ballots.to_string()/>
                                <button type="submit">{t("保存票数")}</button>
                                <span class="hint">{t("各人得票填在下表中")}</span>
                            </PostForm>
                        })}
                        {if may_adopt {
                            view! {
                                <PostForm action="/api/reserve_round_adopt" id="adopt-form">
                                    <input type="hidden" name="id" value=id.to_string()/>
                                    <div class="no-print"><islands::SelectAll name="person_ids[]".to_string() label=t("全选").to_string()/></div>
                                    {table}
                                    <div class="button-row no-print">
                                        <button type="submit">{t("将所选人员列入后备库")}</button>
                                    </div>
                                </PostForm>
                            }.into_any()
                        } else {
                            table.into_any()
                        }}
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
                            {list.into_iter().map(|b| {
                                let state = if b.voted { t("已投票") } else if b.open { t("待投票") } else { t("已结束") };
                                view! {
                                    <li><a href=format!("/reserve/ballot/{}", b.round_id)>{b.title.clone()}</a>
                                        {tf("（{}，截止 {}）", &[&state, &b.closes_at])}</li>
                                }
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

/// One voter's ballot: a plain form (no island), so it works on any phone, before or without the
/// browser's code.
fn ballot_page(_u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let err = form_error::<BallotCast>();
    let data = Resource::new(|| (), move |_| ballot_get(id));
    view! {
        <section class="panel narrow ballot">
            <h1>{t("民主推荐票")}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let err = err.clone();
                    Suspend::new(async move {
                    let b = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <p><strong translate="no">{b.title.clone()}</strong></p>
                        <p class="hint">{tf(
                            "推荐{}后备干部人选，每票最多推荐 {} 人，可以少选或不选。截止时间 {}。投票不记名，任何人都看不到您选了谁。",
                            &[&tr(&b.target), &b.seats, &b.closes_at],
                        )}</p>
                        {err.map(|e| view! { <div data-testid="ballot-error"><ErrorBox error=e/></div> })}
                        {if b.voted || done {
                            view! { <div class="alert success" role="status" data-testid="ballot-done">{t("您已投票，感谢参加。")}</div> }.into_any()
                        } else if !b.open {
                            view! { <div class="alert" role="status">{t("本轮推荐已结束。")}</div> }.into_any()
                        } else {
                            view! {
                                <form method="post" action="/api/ballot_cast" class="form">
                                    <input type="hidden" name="round_id" value=b.round_id.to_string()/>
                                    <input type="hidden" name="choices[]" value="0"/>
                                    <fieldset>
                                        <legend>{tf("请选择（最多 {} 人）", &[&b.seats])}</legend>
                                        {b.candidates.iter().map(|(pid, name, unit, level)| view! {
                                            <label class="check big"><input type="checkbox" name="choices[]" value=pid.to_string()/>
                                                <span translate="no">{format!("{name}　{unit} · ")}</span>{tr(level).to_string()}</label>
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="primary big">{t("提交推荐票")}</button>
                                </form>
                            }.into_any()
                        }}
                    }.into_any()
                })}}
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
    let data = Resource::new(|| (), |_| reserve_settings());
    let err = form_error::<ReserveSettingsSave>();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("后备干部规则")}</h1></div>
            {reserve_tabs("/reserve/settings", hr)}
            {flash_note("reserve_settings_save", "已保存")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let err = err.clone();
                    Suspend::new(async move {
                    let s = match data.await { Ok(v) => v, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let r = s.rules.clone();
                    let tg = s.targets.clone();
                    let field = |id: &'static str, label: &'static str, name: &'static str, value: u32, key: &'static str| view! {
                        <div class="field">
                            <label for=id>{t(label)}</label>
                            <input id=id name=name type="number" min="0" required inputmode="numeric" disabled=!hr value=value.to_string()/>
                            {field_error(err.clone(), key)}
                        </div>
                    };
                    let education = |id: &'static str, name: &'static str, current: String| view! {
                        <select id=id name=name disabled=!hr>
                            {crate::domain::roster::EDUCATION.iter().map(|e| view! { <option value=*e selected=current == *e>{t(e)}</option> }).collect_view()}
                        </select>
                    };
                    let body = view! {
                        <input type="hidden" name="switches" value="true"/>
                        <h2>{t("资格条件")}</h2>
                        <div class="grid">
                            {field("rs-d2c", "副职转正职任职年限（年）", "rules[deputy_to_chief_years]", r.deputy_to_chief_years, "deputy_to_chief_years")}
                            {field("rs-next", "提任上一级副职任职年限（年）", "rules[to_next_deputy_years]", r.to_next_deputy_years, "to_next_deputy_years")}
                            {field("rs-work", "处级：工作年限（年）", "rules[county_work_years]", r.county_work_years, "county_work_years")}
                            {field("rs-grass", "处级：基层工作年限（年）", "rules[county_grass_roots_years]", r.county_grass_roots_years, "county_grass_roots_years")}
                            {field("rs-gap", "提任间隔（月）", "rules[promotion_gap_months]", r.promotion_gap_months, "promotion_gap_months")}
                            {field("rs-gy", "审查近几年考核", "rules[grade_years]", r.grade_years, "grade_years")}
                            {field("rs-young", "年轻干部年龄（周岁以下）", "rules[young_below_age]", r.young_below_age, "young_below_age")}
                        </div>
                        <div class="grid">
                            {TARGETS.iter().zip(r.max_age.iter()).enumerate().map(|(i, (tg, a))| {
                                let id = ["rs-age1", "rs-age2", "rs-age3", "rs-age4"][i];
                                view! {
                                    <div class="field">
                                        <label for=id>{tf("{}年龄上限（周岁）", &[&tr(tg)])}</label>
                                        <input id=id name=format!("rules[max_age][{i}]") type="number" min="18" max="70" required inputmode="numeric" disabled=!hr value=a.to_string()/>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                        {field_error(err.clone(), "max_age")}
                        <div class="grid">
                            <div class="field"><label for="rs-floor">{t("学历下限")}</label>
                                {education("rs-floor", "rules[education_floor]", r.education_floor.clone())}
                                {field_error(err.clone(), "education_floor")}</div>
                            <div class="field"><label for="rs-yfloor">{t("年轻干部学历下限")}</label>
                                {education("rs-yfloor", "rules[young_education_floor]", r.young_education_floor.clone())}
                                {field_error(err.clone(), "young_education_floor")}</div>
                        </div>
                        <fieldset>
                            <legend>{t("启用的条件")}</legend>
                            {RuleCode::ALL.iter().map(|c| {
                                let code = format!("{c:?}");
                                let fid = format!("rs-on-{code}");
                                view! {
                                    <label class="check" for=fid.clone()>
                                        <input id=fid.clone() type="checkbox" name="on[]" value=code disabled=!hr checked=!r.off.contains(c)/>{t(c.label())}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <h2>{t("储备目标")}</h2>
                        <div class="grid">
                            {field("rs-chief", "正职岗位后备比例（1:N）", "targets[chief_per_post]", tg.chief_per_post, "chief_per_post")}
                            {field("rs-deputy", "副职岗位后备比例（1:N）", "targets[deputy_per_post]", tg.deputy_per_post, "deputy_per_post")}
                            {field("rs-women", "女性比例目标（%）", "targets[women_percent]", tg.women_percent, "women_percent")}
                            {field("rs-nonparty", "党外干部比例目标（%）", "targets[non_party_percent]", tg.non_party_percent, "non_party_percent")}
                            {field("rs-stale", "长期未变动（年）", "targets[stale_years]", tg.stale_years, "stale_years")}
                        </div>
                        {other_errors(err.clone())}
                    };
                    if hr {
                        view! {
                            <PostForm action="/api/reserve_settings_save" class="form boxed" id="reserve-rules">
                                {body}
                                <div class="button-row"><button type="submit">{t("保存")}</button></div>
                            </PostForm>
                        }.into_any()
                    } else {
                        // Leaders read the rules; nothing to post.
                        view! { <form class="form boxed" id="reserve-rules">{body}</form> }.into_any()
                    }
                })}}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, age: i32, stage: &str, verdict: &str) -> CandidateRow {
        CandidateRow { name: name.into(), age, stage: stage.into(), verdict: verdict.into(), ..Default::default() }
    }

    #[test]
    fn a_pool_view_filters_and_sorts_as_its_address_says() {
        let q = |s: &str| {
            let pairs: Vec<(String, String)> =
                s.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
            PoolQuery::from_lookup(|k| pairs.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()))
        };
        let rows = vec![row("乙", 40, "推荐", "no"), row("甲", 30, "考察", "ok"), row("丙", 35, "推荐", "on")];
        let names = |q: &PoolQuery| q.apply(rows.clone()).into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(names(&q("")), ["甲", "丙", "乙"], "the eligible first by default");
        assert_eq!(names(&q("sort=age")), ["甲", "丙", "乙"]);
        assert_eq!(names(&q("sort=age&desc=1")), ["乙", "丙", "甲"]);
        assert_eq!(names(&q("stage=推荐")), ["丙", "乙"]);
        assert_eq!(names(&q("verdict=no")), ["乙"]);
        assert_eq!(names(&q("name=丙")), ["丙"]);
        // Unknown values are ignored, and the address comes back as it was read.
        let odd = q("sort=evil&stage=x&verdict=y&closed=1");
        assert_eq!((odd.sort.as_str(), odd.stage.as_str(), odd.verdict.as_str(), odd.closed), ("", "", "", true));
        let back = q("stage=推荐&sort=age&desc=1");
        assert_eq!(with_query("/p", &back.pairs()), format!("/p?stage={}&sort=age&desc=1", crate::components::encode_query("推荐")));
    }

    /// The words this module passes to the translation function as values or with `{}`, which the
    /// literal check of `i18n` does not reach: each has English with as many `{}`.
    #[test]
    fn every_word_and_sentence_here_has_english() {
        use crate::i18n::translate;
        let src = include_str!("reserve.rs");
        let mut words: Vec<String> = Vec::new();
        for piece in src.split("tf(").skip(1) {
            let Some(rest) = piece.trim_start().strip_prefix('"') else { continue };
            if let Some(end) = rest.find('"').filter(|e| *e > 0 && !rest[..*e].contains('\n')) {
                words.push(rest[..end].to_string());
            }
        }
        assert!(words.len() > 20, "found only {} sentences", words.len());
        let fixed = POOL_TABS
            .iter()
            .chain(["正处级后备干部", "副处级后备干部", "正科级后备干部", "副科级后备干部"].iter())
            .chain(VERDICTS.iter().map(|(_, l)| l))
            .chain(STAGES.iter())
            .chain(SOURCES.iter())
            .chain(OPINIONS.iter())
            .chain(AGE_BANDS.iter())
            .chain(TARGETS.iter())
            .chain(["三分之二", "二分之一", "四分之三", "符合", "需补足", "不符合", "待核实"].iter());
        words.extend(fixed.map(|w| w.to_string()));
        words.extend(RuleCode::ALL.iter().map(|c| c.label().to_string()));
        for w in words {
            let zh: &'static str = Box::leak(w.into_boxed_str());
            let en = translate(Locale::En, zh);
            assert_ne!(en, zh, "no English for {zh:?}");
            assert_eq!(en.matches("{}").count(), zh.matches("{}").count(), "{zh:?} → {en:?}");
        }
    }
}
