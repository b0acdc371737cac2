//! Posts and appointments (HR writes, leaders read): the post catalogue with vacancies and 职数,
//! one person's posts and history with the appointment form, first-appointment campaigns,
//! promotions through 任前公示, probations, and the printable 干部任免审批表.

use crate::api::posts::*;
use crate::api::roster::unit_options;
use crate::components::{
    confirm, field_error, other_errors, path_id, unit_options_view, with_query, ErrorBox, Guarded, Loading, Pagination, PrintButton,
};
use crate::domain::posts::{grades_for, management_grade_for_level};
use crate::domain::roster::{LEADER_LEVELS, LEVELS, POST_CATEGORIES};
use crate::error::AppError;
use crate::i18n::t;
use crate::model::{
    AppointmentForm, AppointmentRules, CadreFormText, CampaignAssignInput, CampaignForm, CampaignPickInput, CurrentUser, FamilyMember,
    PostForm, PostQuery, PromotionForm,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A counter that goes up each time one of these actions succeeds: the lists reload then, and
/// not after a refusal (which would re-render the forms and lose what was typed).
fn done_count<const N: usize>(actions: [Signal<bool>; N]) -> RwSignal<u32> {
    let n = RwSignal::new(0u32);
    for ok in actions {
        Effect::new(move |_| {
            if ok.get() {
                n.update(|x| *x += 1);
            }
        });
    }
    n
}

/// Whether an action's latest result is a success (for [`done_count`]).
fn succeeded<I: Send + Sync + 'static, T: Send + Sync + 'static>(a: Action<I, Result<T, AppError>>) -> Signal<bool> {
    Signal::derive(move || a.value().with(|v| matches!(v, Some(Ok(_)))))
}

fn today_text() -> String {
    crate::domain::time::today_china(chrono::Utc::now()).to_string()
}

/// The module's own tabs.
#[component]
fn PostsNav(current: &'static str) -> impl IntoView {
    let tabs =
        [("/posts", "岗位设置"), ("/posts/campaigns", "首聘批次"), ("/posts/promotions", "提任公示"), ("/posts/probations", "试用期")];
    view! {
        <nav class="tabs no-print" aria-label=t("岗位与任免")>
            {tabs.into_iter().map(|(href, label)| view! {
                <A href=href attr:aria-current=(href == current).then_some("page")>{t(label)}</A>
            }).collect_view()}
        </nav>
    }
}

// ---- posts and vacancies -------------------------------------------------------------------------

#[component]
pub fn PostsPage() -> impl IntoView {
    view! { <Guarded path="/posts" view=posts_page/> }
}

fn posts_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("post_save");
    let query = use_query_map();
    let current = Memo::new(move |_| {
        query.with(|q| PostQuery {
            unit_id: q.get("unit").and_then(|v| v.parse().ok()).unwrap_or(0),
            q: q.get("q").unwrap_or_default(),
            vacant_only: q.get("vacant").is_some_and(|v| v == "1"),
            page: q.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
        })
    });
    let close = Action::new(|id: &i64| post_close(*id));
    let done = done_count([succeeded(close)]);
    let vacancies = Resource::new(move || done.get(), |_| post_vacancies());
    let list = Resource::new(move || (current.get(), done.get()), |(q, _)| post_list(q));
    let units = Resource::new(|| (), |_| unit_options());
    let init = current.get_untracked();
    let unit = RwSignal::new(if init.unit_id > 0 { init.unit_id.to_string() } else { String::new() });
    let q = RwSignal::new(init.q.clone());
    let vacant = RwSignal::new(init.vacant_only);
    let navigate = use_navigate();
    let href = move |page: i64| {
        let c = current.get_untracked();
        with_query(
            "/posts",
            &[
                ("unit", if c.unit_id > 0 { c.unit_id.to_string() } else { String::new() }),
                ("q", c.q.clone()),
                ("vacant", if c.vacant_only { "1".into() } else { String::new() }),
                ("page", if page > 1 { page.to_string() } else { String::new() }),
            ],
        )
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("岗位设置")}</h1>
                <div class="button-row no-print">
                    {is_hr.then(|| view! { <A href="/posts/new" attr:class="button primary">{t("新增岗位")}</A> })}
                </div>
            </div>
            <PostsNav current="/posts"/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || { let navigate = navigate.clone(); Suspend::new(async move {
                    let (v, l, us) = (vacancies.await, list.await, units.await);
                    let (v, l, us) = match (v, l, us) {
                        (Ok(v), Ok(l), Ok(us)) => (v, l, us),
                        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let pages = l.pages();
                    let (page, total) = (l.page, l.total);
                    view! {
                        <h2>{t("空缺与职数")}</h2>
                        {if v.is_empty() { view! { <p class="empty">{t("还没有部室。")}</p> }.into_any() } else { view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t("部室")}</th><th scope="col">{t("岗位")}</th><th scope="col">{t("岗位数")}</th>
                                        <th scope="col">{t("在岗")}</th><th scope="col">{t("空缺")}</th><th scope="col">{t("领导职数（已用/核定）")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {v.into_iter().map(|r| {
                                            let quotas = r.quotas.iter().map(|q| {
                                                let over = q.used > q.approved;
                                                view! { <span class=if over { "tag warn" } else { "tag" }>{format!("{} {}/{}", q.level, q.used, q.approved)}</span> }
                                            }).collect_view();
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label=t("部室")><A href=format!("/posts?unit={}", r.unit_id)>{r.unit_name}</A></th>
                                                    <td data-label=t("岗位")>{r.posts}</td>
                                                    <td data-label=t("岗位数")>{r.seats}</td>
                                                    <td data-label=t("在岗")>{r.filled}{(r.over > 0).then(|| view! { <span class="tag warn">{format!(" 超 {}", r.over)}</span> })}</td>
                                                    <td data-label=t("空缺")>{r.vacant}</td>
                                                    <td data-label=t("领导职数（已用/核定）")>{quotas}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any() }}
                        <h2>{t("岗位")}</h2>
                        <form class="filters no-print" on:submit=move |ev| {
                            ev.prevent_default();
                            navigate(&with_query("/posts", &[("unit", unit.get_untracked()), ("q", q.get_untracked().trim().to_string()), ("vacant", if vacant.get_untracked() { "1".into() } else { String::new() })]), Default::default());
                        }>
                            <label for="pf-unit">{t("部室")}
                                <select id="pf-unit" prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                                    <option value="">{t("全部")}</option>
                                    {unit_options_view(us)}
                                </select>
                            </label>
                            <label for="pf-q">{t("岗位名称")}<input id="pf-q" type="search" maxlength="40" bind:value=q/></label>
                            <label class="check"><input type="checkbox" bind:checked=vacant/>{t("只看有空缺的")}</label>
                            <button type="submit">{t("查询")}</button>
                        </form>
                        {if l.items.is_empty() { view! { <p class="empty">{t("没有符合条件的岗位。")}</p> }.into_any() } else { view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t("部室")}</th><th scope="col">{t("岗位名称")}</th><th scope="col">{t("岗位类别")}</th>
                                        <th scope="col">{t("等级")}</th><th scope="col">{t("领导职数")}</th><th scope="col">{t("岗位数")}</th>
                                        <th scope="col">{t("在岗")}</th><th scope="col" class="no-print">{t("操作")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.items.into_iter().map(|p| {
                                            let id = p.id;
                                            let name = p.name.clone();
                                            view! {
                                                <tr>
                                                    <td data-label=t("部室")>{p.unit_name}</td>
                                                    <th scope="row" data-label=t("岗位名称")>{p.name}</th>
                                                    <td data-label=t("岗位类别")>{p.category}</td>
                                                    <td data-label=t("等级")>{p.grade}</td>
                                                    <td data-label=t("领导职数")>{if p.leader_level.is_empty() { "—".to_string() } else { p.leader_level }}</td>
                                                    <td data-label=t("岗位数")>{p.seats}</td>
                                                    <td data-label=t("在岗")>{p.filled}</td>
                                                    <td class="no-print">
                                                        {is_hr.then(|| view! {
                                                            <A href=format!("/posts/edit/{id}") attr:class="button small">{t("编辑")}</A>
                                                            <button type="button" class="small danger" on:click=move |_| {
                                                                if confirm(&format!("撤销岗位「{name}」？撤销后不能再安排人员（历史记录保留）。")) { close.dispatch(id); }
                                                            }>{t("撤销")}</button>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pagination page=page pages=pages total=total href=Callback::new(href)/>
                        }.into_any() }}
                    }.into_any()
                })}}
            </Suspense>
            {move || close.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
        </section>
    }
}

#[component]
pub fn PostNewPage() -> impl IntoView {
    view! { <Guarded path="/posts/new" view=|_| post_form_page(None)/> }
}

#[component]
pub fn PostEditPage() -> impl IntoView {
    view! { <Guarded path="/posts/edit" view=|_| post_form_page(path_id())/> }
}

fn post_form_page(id: Option<i64>) -> impl IntoView {
    let existing = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => post_get(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let units = Resource::new(|| (), |_| unit_options());
    let save = Action::new(|f: &PostForm| post_save(f.clone()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            navigate("/posts", Default::default());
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{if id.is_some() { t("编辑岗位") } else { t("新增岗位") }}</h1>
                <div class="button-row no-print"><A href="/posts" attr:class="button">{t("返回岗位设置")}</A></div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (e, us) = (existing.await, units.await);
                    let (e, us) = match (e, us) {
                        (Ok(e), Ok(us)) => (e, us),
                        (Err(x), _) | (_, Err(x)) => return view! { <ErrorBox error=x/> }.into_any(),
                    };
                    let f = e.map(|d| PostForm {
                        id: d.post.id,
                        unit_id: d.post.unit_id,
                        name: d.post.name,
                        category: d.post.category,
                        grade: d.post.grade,
                        leader_level: d.post.leader_level,
                        seats: d.post.seats,
                        duties: d.duties,
                    }).unwrap_or(PostForm { category: "管理岗位".into(), grade: "九级".into(), seats: 1, ..Default::default() });
                    let pid = f.id;
                    let unit = RwSignal::new(if f.unit_id > 0 { f.unit_id.to_string() } else { String::new() });
                    let name = RwSignal::new(f.name);
                    let category = RwSignal::new(f.category);
                    let grade = RwSignal::new(f.grade);
                    let leader = RwSignal::new(f.leader_level);
                    let seats = RwSignal::new(f.seats.to_string());
                    let duties = RwSignal::new(f.duties);
                    view! {
                        <form class="form" on:submit=move |ev| {
                            ev.prevent_default();
                            save.dispatch(PostForm {
                                id: pid,
                                unit_id: unit.get_untracked().parse().unwrap_or(0),
                                name: name.get_untracked(),
                                category: category.get_untracked(),
                                grade: grade.get_untracked(),
                                leader_level: leader.get_untracked(),
                                seats: seats.get_untracked().trim().parse().unwrap_or(0),
                                duties: duties.get_untracked(),
                            });
                        }>
                            <div class="grid">
                                <div class="field"><label for="p-unit">{t("部室")}</label>
                                    <select id="p-unit" required disabled=pid != 0 prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                                        <option value="">{t("请选择")}</option>
                                        {unit_options_view(us)}
                                    </select>{move || field_error(err(), "unit_id")}</div>
                                <div class="field"><label for="p-name">{t("岗位名称")}</label><input id="p-name" type="text" required maxlength="40" bind:value=name/>{move || field_error(err(), "name")}</div>
                                <div class="field"><label for="p-cat">{t("岗位类别")}</label>
                                    <select id="p-cat" prop:value=move || category.get() on:change=move |ev| {
                                        let c = event_target_value(&ev);
                                        grade.set(grades_for(&c).first().map(|g| g.to_string()).unwrap_or_default());
                                        if c != "管理岗位" { leader.set(String::new()); }
                                        category.set(c);
                                    }>
                                        {POST_CATEGORIES.iter().map(|c| view! { <option value=*c>{t(c)}</option> }).collect_view()}
                                    </select>{move || field_error(err(), "category")}</div>
                                <div class="field"><label for="p-grade">{t("岗位等级")}</label>
                                    <select id="p-grade" prop:value=move || grade.get() on:change=move |ev| grade.set(event_target_value(&ev))>
                                        {move || grades_for(&category.get()).into_iter().map(|g| view! { <option value=g selected=move || grade.get() == g>{g}</option> }).collect_view()}
                                    </select>{move || field_error(err(), "grade")}</div>
                                <div class="field"><label for="p-leader">{t("领导职数")}</label>
                                    <select id="p-leader" prop:value=move || leader.get() on:change=move |ev| {
                                        let l = event_target_value(&ev);
                                        if let Some(g) = management_grade_for_level(&l) { category.set("管理岗位".into()); grade.set(g.to_string()); }
                                        leader.set(l);
                                    }>
                                        <option value="">{t("非领导岗位")}</option>
                                        {LEADER_LEVELS.iter().map(|l| view! { <option value=*l>{t(l)}</option> }).collect_view()}
                                    </select>{move || field_error(err(), "leader_level")}</div>
                                <div class="field"><label for="p-seats">{t("岗位数")}</label><input id="p-seats" type="number" min="1" max="999" required bind:value=seats/>{move || field_error(err(), "seats")}</div>
                            </div>
                            <div class="field"><label for="p-duties">{t("岗位职责（Markdown）")}</label><textarea id="p-duties" rows="8" maxlength="20000" bind:value=duties></textarea>{move || field_error(err(), "duties")}</div>
                            {move || other_errors(err())}
                            <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
                        </form>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- one person ---------------------------------------------------------------------------------

#[component]
pub fn PersonPostsPage() -> impl IntoView {
    view! { <Guarded path="/posts/person" view=person_posts_page/> }
}

/// The kinds recorded on this page (提任 goes through 公示; 转正 / 回原级 close a probation).
const DIRECT_KINDS: &[&str] = &["首聘", "平岗定位", "转任", "调任", "免职", "退休"];

fn person_posts_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let may_record = u.may("appointment_record");
    let may_promote = u.may("promotion_start");
    let is_admin = u.roles().contains(&crate::authz::Role::Admin);
    let record = Action::new(|f: &AppointmentForm| appointment_record(f.clone()));
    let promote = Action::new(|f: &PromotionForm| promotion_start(f.clone()));
    let done = done_count([succeeded(record), succeeded(promote)]);
    let data = Resource::new(move || done.get(), move |_| person_posts(id));
    let posts = Resource::new(|| (), |_| post_options());
    let rec_err = move || record.value().get().and_then(|r| r.err());
    let pro_err = move || promote.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, opts) = (data.await, posts.await);
                    let (d, opts) = match (d, opts) {
                        (Ok(d), Ok(o)) => (d, o),
                        (Err(e), _) | (_, Err(e)) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let opts2 = opts.clone();
                    let kind = RwSignal::new("首聘".to_string());
                    let post = RwSignal::new(String::new());
                    let part = RwSignal::new(false);
                    let date = RwSignal::new(today_text());
                    let doc = RwSignal::new(String::new());
                    let by = RwSignal::new("中心主任办公会".to_string());
                    let notes = RwSignal::new(String::new());
                    let reason = RwSignal::new(String::new());
                    let p_post = RwSignal::new(String::new());
                    let p_level = RwSignal::new(String::new());
                    let p_decision = RwSignal::new(today_text());
                    let p_start = RwSignal::new(today_text());
                    let p_by = RwSignal::new("党委会".to_string());
                    let p_reason = RwSignal::new(String::new());
                    let active = d.status == "在职";
                    view! {
                        <div class="panel-head">
                            <h1>{format!("{} · ", d.name)}{t("任免记录")}</h1>
                            <div class="button-row no-print">
                                <A href=format!("/roster/{id}") attr:class="button">{t("人员档案")}</A>
                                <A href=format!("/posts/form/{id}") attr:class="button">{t("干部任免审批表")}</A>
                            </div>
                        </div>
                        <dl class="facts">
                            <dt>{t("部室")}</dt><dd>{d.unit_name.clone()}</dd>
                            <dt>{t("现职务")}</dt><dd>{if d.position.is_empty() { "—".to_string() } else { d.position.clone() }}</dd>
                            <dt>{t("职务层次")}</dt><dd>{d.level.clone()}</dd>
                            <dt>{t("任现职时间")}</dt><dd>{if d.position_date.is_empty() { "—".to_string() } else { d.position_date.clone() }}</dd>
                            <dt>{t("人员状态")}</dt><dd>{d.status.clone()}</dd>
                        </dl>
                        {d.probation.clone().map(|p| view! {
                            <p class="alert info">{format!("试用期 {} 至 {}（还有 {} 天）", p.starts, p.ends, p.days_left)}</p>
                        })}
                        <h2>{t("现任岗位")}</h2>
                        {if d.holdings.is_empty() { view! { <p class="empty">{t("目前没有在岗记录。")}</p> }.into_any() } else { view! {
                            <ul class="plain">{d.holdings.iter().map(|h| view! {
                                <li>{format!("{}{}（{}，{} 起）", h.unit_name, h.post_name, if h.main { "主岗" } else { "兼任" }, h.since)}</li>
                            }).collect_view()}</ul>
                        }.into_any() }}
                        <h2>{t("任免历史")}</h2>
                        {if d.history.is_empty() { view! { <p class="empty">{t("还没有任免记录。")}</p> }.into_any() } else { view! {
                            <div class="table-wrap">
                                <table class="data" id="appointment-history">
                                    <thead><tr>
                                        <th scope="col">{t("生效日期")}</th><th scope="col">{t("类别")}</th><th scope="col">{t("部室及职务")}</th>
                                        <th scope="col">{t("职务层次")}</th><th scope="col">{t("任免文号")}</th><th scope="col">{t("决定机关")}</th><th scope="col">{t("备注")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.history.iter().map(|a| {
                                            let mut note = a.notes.clone();
                                            if !a.probation_end.is_empty() { note = format!("{note} 试用期至 {}（{}）", a.probation_end, a.probation_status); }
                                            if !a.override_reason.is_empty() { note = format!("{note} 突破限额理由：{}", a.override_reason); }
                                            view! {
                                                <tr>
                                                    <td data-label=t("生效日期")>{a.effective_date.clone()}</td>
                                                    <th scope="row" data-label=t("类别")>{a.kind.clone()}{a.part_time.then_some("（兼任）")}</th>
                                                    <td data-label=t("部室及职务")>{format!("{}{}", a.unit_name, a.position)}</td>
                                                    <td data-label=t("职务层次")>{if a.prev_level != a.level && !a.prev_level.is_empty() { format!("{} → {}", a.prev_level, a.level) } else { a.level.clone() }}</td>
                                                    <td data-label=t("任免文号")>{if a.doc_no.is_empty() { "—".to_string() } else { a.doc_no.clone() }}</td>
                                                    <td data-label=t("决定机关")>{a.decided_by.clone()}</td>
                                                    <td data-label=t("备注")>{note.trim().to_string()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any() }}
                        {(may_record && active).then(|| view! {
                            <h2>{t("办理任免")}</h2>
                            <form class="form boxed no-print" id="record-form" on:submit=move |ev| {
                                ev.prevent_default();
                                if !confirm("确认办理此项任免？记录将写入任免历史，不能删除。") { return; }
                                record.dispatch(AppointmentForm {
                                    person_id: id,
                                    kind: kind.get_untracked(),
                                    post_id: post.get_untracked().parse().unwrap_or(0),
                                    part_time: part.get_untracked(),
                                    effective_date: date.get_untracked(),
                                    doc_no: doc.get_untracked(),
                                    decided_by: by.get_untracked(),
                                    notes: notes.get_untracked(),
                                    override_reason: reason.get_untracked(),
                                    ..Default::default()
                                });
                            }>
                                <div class="grid">
                                    <div class="field"><label for="a-kind">{t("任免类别")}</label>
                                        <select id="a-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                                            {DIRECT_KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                                        </select>{move || field_error(rec_err(), "kind")}</div>
                                    <div class="field"><label for="a-post">{t("岗位")}</label>
                                        <select id="a-post" disabled=move || kind.get() == "免职" || kind.get() == "退休" prop:value=move || post.get() on:change=move |ev| post.set(event_target_value(&ev))>
                                            <option value="">{t("请选择")}</option>
                                            {opts.iter().map(|o| view! { <option value=o.id.to_string()>{o.label.clone()}</option> }).collect_view()}
                                        </select>{move || field_error(rec_err(), "post_id")}</div>
                                    <label class="check"><input type="checkbox" bind:checked=part/>{t("兼任（不改变主岗和职务层次）")}</label>
                                    <div class="field"><label for="a-date">{t("生效日期")}</label><input id="a-date" type="date" required bind:value=date/>{move || field_error(rec_err(), "effective_date")}</div>
                                    <div class="field"><label for="a-doc">{t("任免文号")}</label><input id="a-doc" type="text" required maxlength="60" bind:value=doc/>{move || field_error(rec_err(), "doc_no")}</div>
                                    <div class="field"><label for="a-by">{t("决定机关")}</label><input id="a-by" type="text" maxlength="40" bind:value=by/>{move || field_error(rec_err(), "decided_by")}</div>
                                </div>
                                <div class="field"><label for="a-notes">{t("备注")}</label><input id="a-notes" type="text" maxlength="2000" bind:value=notes/></div>
                                {is_admin.then(|| view! {
                                    <div class="field"><label for="a-reason">{t("突破岗位数或职数的书面理由（仅系统管理员）")}</label><textarea id="a-reason" rows="2" maxlength="500" bind:value=reason></textarea></div>
                                })}
                                {move || other_errors(rec_err())}
                                {move || matches!(record.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已办理")}</p> })}
                                <div class="button-row"><button type="submit" class="primary">{t("办理")}</button></div>
                            </form>
                        })}
                        {(may_promote && active).then(|| view! {
                            <h2>{t("提任（任前公示）")}</h2>
                            <form class="form boxed no-print" id="promotion-form" on:submit=move |ev| {
                                ev.prevent_default();
                                promote.dispatch(PromotionForm {
                                    person_id: id,
                                    post_id: p_post.get_untracked().parse().unwrap_or(0),
                                    to_level: p_level.get_untracked(),
                                    decision_date: p_decision.get_untracked(),
                                    decided_by: p_by.get_untracked(),
                                    notice_start: p_start.get_untracked(),
                                    reason: p_reason.get_untracked(),
                                });
                            }>
                                <div class="grid">
                                    <div class="field"><label for="pr-level">{t("拟任职务层次")}</label>
                                        <select id="pr-level" required prop:value=move || p_level.get() on:change=move |ev| p_level.set(event_target_value(&ev))>
                                            <option value="">{t("请选择")}</option>
                                            {LEVELS.iter().filter(|l| **l != "无").map(|l| view! { <option value=*l>{t(l)}</option> }).collect_view()}
                                        </select>{move || field_error(pro_err(), "to_level")}</div>
                                    <div class="field"><label for="pr-post">{t("拟任岗位")}</label>
                                        <select id="pr-post" required prop:value=move || p_post.get() on:change=move |ev| p_post.set(event_target_value(&ev))>
                                            <option value="">{t("请选择")}</option>
                                            {opts2.iter().map(|o| view! { <option value=o.id.to_string()>{o.label.clone()}</option> }).collect_view()}
                                        </select>{move || field_error(pro_err(), "post_id")}</div>
                                    <div class="field"><label for="pr-dec">{t("讨论决定日期")}</label><input id="pr-dec" type="date" required bind:value=p_decision/>{move || field_error(pro_err(), "decision_date")}</div>
                                    <div class="field"><label for="pr-by">{t("决定机关")}</label><input id="pr-by" type="text" maxlength="40" bind:value=p_by/>{move || field_error(pro_err(), "decided_by")}</div>
                                    <div class="field"><label for="pr-start">{t("公示开始日期")}</label><input id="pr-start" type="date" required bind:value=p_start/>{move || field_error(pro_err(), "notice_start")}</div>
                                </div>
                                <div class="field"><label for="pr-reason">{t("拟任理由")}</label><textarea id="pr-reason" rows="2" maxlength="2000" bind:value=p_reason></textarea></div>
                                {move || other_errors(pro_err())}
                                {move || matches!(promote.value().get(), Some(Ok(_))).then(|| view! {
                                    <p class="alert success" role="status">{t("已开始公示。")}<A href="/posts/promotions">{t("查看提任公示")}</A></p>
                                })}
                                <div class="button-row"><button type="submit" class="primary">{t("开始公示")}</button></div>
                            </form>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- campaigns ------------------------------------------------------------------------------------

#[component]
pub fn CampaignsPage() -> impl IntoView {
    view! { <Guarded path="/posts/campaigns" view=campaigns_page/> }
}

fn campaigns_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("campaign_save");
    let save = Action::new(|f: &CampaignForm| campaign_save(f.clone()));
    let list = Resource::new(move || save.version().get(), |_| campaign_list());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("首聘".to_string());
    let date = RwSignal::new(today_text());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            navigate(&format!("/posts/campaigns/{id}"), Default::default());
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("首聘批次")}</h1></div>
            <PostsNav current="/posts/campaigns"/>
            <p class="hint">{t("机构改革后的首聘与平岗定位：选定人员，逐一或批量安排岗位，预览冲突后一次提交（同一任免文号，全部成功或全部不写入）。")}</p>
            {is_hr.then(|| view! {
                <form class="inline-form no-print" on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch(CampaignForm { name: name.get_untracked(), kind: kind.get_untracked(), effective_date: date.get_untracked(), ..Default::default() });
                }>
                    <label for="c-name">{t("批次名称")}</label><input id="c-name" type="text" required maxlength="60" bind:value=name/>
                    <label for="c-kind">{t("类别")}</label>
                    <select id="c-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="首聘">{t("首聘")}</option><option value="平岗定位">{t("平岗定位")}</option>
                    </select>
                    <label for="c-date">{t("任职时间")}</label><input id="c-date" type="date" required bind:value=date/>
                    <button type="submit" class="primary">{t("新建批次")}</button>
                </form>
                {move || field_error(err(), "name")}
                {move || other_errors(err())}
            })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let l = match list.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if l.is_empty() { return view! { <p class="empty">{t("还没有批次。")}</p> }.into_any(); }
                    view! {
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{t("批次名称")}</th><th scope="col">{t("类别")}</th><th scope="col">{t("任职时间")}</th>
                                    <th scope="col">{t("任免文号")}</th><th scope="col">{t("人数")}</th><th scope="col">{t("已安排")}</th><th scope="col">{t("状态")}</th>
                                </tr></thead>
                                <tbody>
                                    {l.into_iter().map(|c| view! {
                                        <tr>
                                            <th scope="row" data-label=t("批次名称")><A href=format!("/posts/campaigns/{}", c.id)>{c.name}</A></th>
                                            <td data-label=t("类别")>{c.kind}</td>
                                            <td data-label=t("任职时间")>{c.effective_date}</td>
                                            <td data-label=t("任免文号")>{c.doc_no}</td>
                                            <td data-label=t("人数")>{c.people}</td>
                                            <td data-label=t("已安排")>{c.assigned}</td>
                                            <td data-label=t("状态")>{c.status}</td>
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

#[component]
pub fn CampaignPage() -> impl IntoView {
    view! { <Guarded path="/posts/campaigns" view=campaign_page/> }
}

fn campaign_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let is_hr = u.may("campaign_save");
    let save = Action::new(|f: &CampaignForm| campaign_save(f.clone()));
    let pick = Action::new(|p: &CampaignPickInput| campaign_pick(p.clone()));
    let assign = Action::new(|a: &CampaignAssignInput| campaign_assign(a.clone()));
    let remove = Action::new(move |ids: &Vec<i64>| campaign_remove(id, ids.clone()));
    let commit = Action::new(move |_: &()| campaign_commit(id));
    let done = done_count([succeeded(save), succeeded(pick), succeeded(assign), succeeded(remove), succeeded(commit)]);
    let pick_unit = RwSignal::new(String::new());
    let pick_level = RwSignal::new(String::new());
    let pick_free = RwSignal::new(false);
    let imported = RwSignal::new(0u32);
    // What the last sheet import did: the list below reloads (and the import form with it), the note stays.
    let import_note = RwSignal::new(None::<String>);
    let detail = Resource::new(move || (done.get(), imported.get()), move |_| campaign_get(id));
    let units = Resource::new(|| (), |_| unit_options());
    let selected = RwSignal::new(std::collections::BTreeSet::<i64>::new());
    let find = Action::new(|q: &String| crate::api::lectures::lecture_people(q.clone()));
    let find_q = RwSignal::new(String::new());
    let bulk_post = RwSignal::new(String::new());
    let errors = move || {
        [
            save.value().get().and_then(|r| r.err()),
            pick.value().get().and_then(|r| r.err()),
            assign.value().get().and_then(|r| r.err()),
            remove.value().get().and_then(|r| r.err()),
            commit.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, us) = (detail.await, units.await);
                    let (d, us) = match (d, us) {
                        (Ok(d), Ok(us)) => (d, us),
                        (Err(e), _) | (_, Err(e)) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let c = d.campaign.clone();
                    let draft = c.status == "草稿";
                    let editable = draft && is_hr;
                    let name = RwSignal::new(c.name.clone());
                    let doc = RwSignal::new(c.doc_no.clone());
                    let by = RwSignal::new(c.decided_by.clone());
                    let date = RwSignal::new(c.effective_date.clone());
                    let notes = RwSignal::new(d.notes.clone());
                    let kind = c.kind.clone();
                    let posts = d.posts.clone();
                    let posts_bulk = d.posts.clone();
                    let n_conflicts = d.conflicts.len();
                    let all_ids: Vec<i64> = d.items.iter().map(|i| i.person_id).collect();
                    view! {
                        <div class="panel-head">
                            <h1>{c.name.clone()}<span class="tag">{c.kind.clone()}</span><span class="tag">{c.status.clone()}</span></h1>
                            <div class="button-row no-print">
                                <A href="/posts/campaigns" attr:class="button">{t("返回批次列表")}</A>
                                {(!draft).then(|| view! {
                                    <a class="button" href=format!("/api/campaign_sheet?id={id}") download>{t("导出 Excel")}</a>
                                    <PrintButton label="打印任免名单"/>
                                })}
                            </div>
                        </div>
                        {(!draft).then(|| view! {
                            <p class="print-title">{format!("{}　{}　任职时间：{}　决定机关：{}", c.name, c.doc_no, c.effective_date, c.decided_by)}</p>
                        })}
                        {editable.then(|| view! {
                            <form class="form boxed no-print" on:submit=move |ev| {
                                ev.prevent_default();
                                save.dispatch(CampaignForm { id, name: name.get_untracked(), kind: kind.clone(), doc_no: doc.get_untracked(), decided_by: by.get_untracked(), effective_date: date.get_untracked(), notes: notes.get_untracked() });
                            }>
                                <div class="grid">
                                    <div class="field"><label for="cd-name">{t("批次名称")}</label><input id="cd-name" type="text" required maxlength="60" bind:value=name/></div>
                                    <div class="field"><label for="cd-doc">{t("任免文号")}</label><input id="cd-doc" type="text" maxlength="60" bind:value=doc/></div>
                                    <div class="field"><label for="cd-by">{t("决定机关")}</label><input id="cd-by" type="text" maxlength="40" bind:value=by/></div>
                                    <div class="field"><label for="cd-date">{t("任职时间")}</label><input id="cd-date" type="date" required bind:value=date/></div>
                                </div>
                                <div class="field"><label for="cd-notes">{t("备注")}</label><input id="cd-notes" type="text" maxlength="2000" bind:value=notes/></div>
                                <div class="button-row"><button type="submit">{t("保存草稿")}</button></div>
                            </form>
                            <form class="inline-form no-print" id="pick-form" on:submit=move |ev| {
                                ev.prevent_default();
                                pick.dispatch(CampaignPickInput { campaign_id: id, unit_id: pick_unit.get_untracked().parse().unwrap_or(0), level: pick_level.get_untracked(), person_ids: Vec::new(), without_post: pick_free.get_untracked() });
                            }>
                                <strong>{t("添加人员")}</strong>
                                <label for="pk-unit">{t("部室")}</label>
                                <select id="pk-unit" prop:value=move || pick_unit.get() on:change=move |ev| pick_unit.set(event_target_value(&ev))>
                                    <option value="">{t("全部")}</option>
                                    {unit_options_view(us.clone())}
                                </select>
                                <label for="pk-level">{t("职务层次")}</label>
                                <select id="pk-level" prop:value=move || pick_level.get() on:change=move |ev| pick_level.set(event_target_value(&ev))>
                                    <option value="">{t("全部")}</option>
                                    {LEVELS.iter().map(|l| view! { <option value=*l>{t(l)}</option> }).collect_view()}
                                </select>
                                <label class="check"><input type="checkbox" bind:checked=pick_free/>{t("仅未安排主岗的")}</label>
                                <button type="submit">{t("添加")}</button>
                            </form>
                            <form class="inline-form no-print" on:submit=move |ev| { ev.prevent_default(); find.dispatch(find_q.get_untracked()); }>
                                <label for="pk-name">{t("按姓名添加")}</label>
                                <input id="pk-name" type="search" maxlength="20" bind:value=find_q placeholder=t("输入姓名")/>
                                <button type="submit">{t("查找")}</button>
                            </form>
                            {move || find.value().get().map(|r| match r {
                                Ok(list) if list.is_empty() => view! { <p class="hint">{t("没有找到。")}</p> }.into_any(),
                                Ok(list) => view! {
                                    <ul class="plain picks no-print">
                                        {list.into_iter().map(|p| {
                                            let pid = p.id;
                                            view! { <li><button type="button" class="small" on:click=move |_| {
                                                pick.dispatch(CampaignPickInput { campaign_id: id, person_ids: vec![pid], ..Default::default() });
                                            }>{format!("{} · {} · {}", p.name, p.unit_name, p.position)}</button></li> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                            })}
                            {move || pick.value().get().and_then(|r| r.ok()).map(|n| view! { <p class="alert success" role="status">{format!("已添加 {n} 人")}</p> })}
                            <CampaignImport id=id on_done=Callback::new(move |r: crate::model::ImportReport| {
                                import_note.set(Some(format!("已从“{}”导入：新加入本批次 {} 人，共安排 {} 人。", r.file_name, r.creates, r.creates + r.updates)));
                                imported.update(|v| *v += 1);
                            })/>
                            {move || import_note.get().map(|m| view! { <p class="alert success" role="status" data-testid="campaign-imported">{m}</p> })}
                        })}
                        {move || errors().map(|e| view! { <ErrorBox error=e/> })}
                        {(draft && n_conflicts > 0).then(|| view! {
                            <div class="alert error" role="alert" id="conflicts">
                                <strong>{format!("预览发现 {n_conflicts} 个问题，处理后才能提交：")}</strong>
                                <ul>{d.conflicts.iter().take(50).map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        {(draft && n_conflicts == 0 && !d.items.is_empty()).then(|| view! {
                            <p class="alert success" id="no-conflicts">{t("预览未发现冲突，可以提交。")}</p>
                        })}
                        {editable.then(|| {
                            let all = all_ids.clone();
                            view! {
                                <div class="inline-form no-print">
                                    <label class="check"><input type="checkbox" on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.set(if on { all.iter().copied().collect() } else { Default::default() });
                                    }/>{t("全选")}</label>
                                    <label for="bulk-post">{t("所选人员安排到")}</label>
                                    <select id="bulk-post" prop:value=move || bulk_post.get() on:change=move |ev| bulk_post.set(event_target_value(&ev))>
                                        <option value="">{t("请选择岗位")}</option>
                                        <option value="0">{t("（清除安排）")}</option>
                                        {posts_bulk.iter().map(|o| view! { <option value=o.id.to_string()>{o.label.clone()}</option> }).collect_view()}
                                    </select>
                                    <button type="button" on:click=move |_| {
                                        let Ok(post) = bulk_post.get_untracked().parse::<i64>() else { return };
                                        let items: Vec<(i64, i64)> = selected.get_untracked().into_iter().map(|p| (p, post)).collect();
                                        if !items.is_empty() { assign.dispatch(CampaignAssignInput { campaign_id: id, items }); selected.set(Default::default()); }
                                    }>{t("批量安排")}</button>
                                    <button type="button" class="danger" on:click=move |_| {
                                        let ids: Vec<i64> = selected.get_untracked().into_iter().collect();
                                        if !ids.is_empty() && confirm(&format!("从本批次移出所选 {} 人？", ids.len())) { remove.dispatch(ids); selected.set(Default::default()); }
                                    }>{t("移出所选")}</button>
                                </div>
                            }
                        })}
                        {if d.items.is_empty() { view! { <p class="empty">{t("本批次还没有人员。")}</p> }.into_any() } else { view! {
                            <div class="table-wrap">
                                <table class="data" id="campaign-items">
                                    <thead><tr>
                                        {editable.then(|| view! { <th scope="col" class="no-print">{t("选择")}</th> })}
                                        <th scope="col">{t("序号")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("原部室")}</th><th scope="col">{t("原职务")}</th>
                                        <th scope="col">{t("职务层次")}</th><th scope="col">{t("聘任岗位")}</th>{draft.then(|| view! { <th scope="col">{t("问题")}</th> })}
                                    </tr></thead>
                                    <tbody>
                                        {d.items.into_iter().enumerate().map(|(i, it)| {
                                            let pid = it.person_id;
                                            let current = it.post_id;
                                            let posts = posts.clone();
                                            let bad = !it.problems.is_empty();
                                            let pname = it.name.clone();
                                            let link_name = it.name.clone();
                                            let select_label = format!("{} 的岗位", it.name);
                                            view! {
                                                <tr class:row-warn=bad>
                                                    // The row's person travels in the element's value (not the closure), so a
                                                    // row re-rendered in place never acts for the person who was there before.
                                                    {editable.then(|| view! { <td class="no-print"><input type="checkbox" aria-label=pname.clone() value=pid.to_string() prop:checked=move || selected.with(|s| s.contains(&pid)) on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        let Ok(who) = event_target_value(&ev).parse::<i64>() else { return };
                                                        selected.update(|s| { if on { s.insert(who); } else { s.remove(&who); } });
                                                    }/></td> })}
                                                    <td data-label=t("序号")>{i + 1}</td>
                                                    <th scope="row" data-label=t("姓名")><A href=format!("/posts/person/{pid}")>{link_name}</A></th>
                                                    <td data-label=t("原部室")>{it.unit_name.clone()}</td>
                                                    <td data-label=t("原职务")>{it.position.clone()}</td>
                                                    <td data-label=t("职务层次")>{it.level.clone()}</td>
                                                    <td data-label=t("聘任岗位")>
                                                        {if editable { view! {
                                                            <select aria-label=select_label prop:value=format!("{pid}:{current}") prop:disabled=move || assign.pending().get() on:change=move |ev| {
                                                                let v = event_target_value(&ev);
                                                                let Some((who, post)) = v.split_once(':') else { return };
                                                                let (Ok(who), Ok(post)) = (who.parse::<i64>(), post.parse::<i64>()) else { return };
                                                                assign.dispatch(CampaignAssignInput { campaign_id: id, items: vec![(who, post)] });
                                                            }>
                                                                <option value=format!("{pid}:0")>{t("未安排")}</option>
                                                                {posts.iter().map(|o| view! { <option value=format!("{pid}:{}", o.id) selected=o.id == current>{o.label.clone()}</option> }).collect_view()}
                                                            </select>
                                                        }.into_any() } else { view! { <span>{format!("{}{}", it.post_unit, it.post_name)}</span> }.into_any() }}
                                                    </td>
                                                    {draft.then(|| view! { <td data-label=t("问题")>{it.problems.join("；")}</td> })}
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any() }}
                        {editable.then(|| view! {
                            <div class="button-row no-print">
                                <button type="button" class="primary" id="commit" disabled={n_conflicts > 0} on:click=move |_| {
                                    if confirm("提交后将一次写入全部任免记录，不能撤回。确认提交？") { commit.dispatch(()); }
                                }>{t("提交任免")}</button>
                            </div>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// Assignments from a workbook: export the draft's list, fill in 岗位编号 (or 聘任部室 and 聘任岗位),
/// add rows for more people by their 人员编号, check, then import.
#[component]
fn CampaignImport(id: i64, on_done: Callback<crate::model::ImportReport>) -> impl IntoView {
    use crate::api::posts::campaign_sheet_import;
    use crate::components::import::SheetImport;
    fn describe(r: &crate::model::ImportReport) -> String {
        if r.committed {
            format!("已导入：新加入本批次 {} 人，共安排 {} 人。", r.creates, r.creates + r.updates)
        } else {
            format!("文件无误，共 {} 行：新加入本批次 {} 人，更新 {} 人的安排。确认后一次写入。", r.rows, r.creates, r.updates)
        }
    }
    view! {
        <SheetImport
            endpoint="campaign_sheet_import"
            fields=vec![("campaign_id", (id).to_string())]
            title="用 Excel 安排岗位"
            hint="先导出本批次名单，在“岗位编号”列填写岗位编号（或填写“聘任部室”和“聘任岗位”），可增加行按人员编号加入更多人员；上传检查无误后确认导入，一次写入草稿。"
            template=format!("/api/campaign_sheet?id={id}")
            template_label="导出本批次名单（.xlsx）"
            describe=describe
        />
    }
}

// ---- promotions ----------------------------------------------------------------------------------

#[component]
pub fn PromotionsPage() -> impl IntoView {
    view! { <Guarded path="/posts/promotions" view=promotions_page/> }
}

fn promotions_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("promotion_start");
    let may_effect = u.may("promotion_effect");
    let is_admin = u.roles().contains(&crate::authz::Role::Admin);
    let objection = Action::new(|a: &(i64, String, String, String)| promotion_objection(a.0, a.1.clone(), a.2.clone(), a.3.clone()));
    let effect = Action::new(|a: &(i64, String, String, String)| promotion_effect(a.0, a.1.clone(), a.2.clone(), a.3.clone()));
    let stop = Action::new(|a: &(i64, String)| promotion_stop(a.0, a.1.clone()));
    let save_rules = Action::new(|r: &AppointmentRules| post_rules_save(r.clone()));
    let done = done_count([succeeded(objection), succeeded(effect), succeeded(stop)]);
    let list = Resource::new(move || done.get(), |_| promotion_list());
    let rules_done = done_count([succeeded(save_rules)]);
    let rules = Resource::new(move || rules_done.get(), |_| post_rules());
    let errors = move || {
        [
            objection.value().get().and_then(|r| r.err()),
            effect.value().get().and_then(|r| r.err()),
            stop.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("提任公示")}</h1></div>
            <PostsNav current="/posts/promotions"/>
            <p class="hint">{t("提任须经任前公示（工作日按节假日安排计算，调休上班日计入）。公示期满后办理任职，同时开始试用期。发起提任请在人员的任免记录页办理。")}</p>
            {move || errors().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let r = match rules.await { Ok(r) => r, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let days = RwSignal::new(r.notice_days.to_string());
                    let months = RwSignal::new(r.probation_months.to_string());
                    view! {
                        <form class="inline-form no-print" on:submit=move |ev| {
                            ev.prevent_default();
                            save_rules.dispatch(AppointmentRules { notice_days: days.get_untracked().trim().parse().unwrap_or(0), probation_months: months.get_untracked().trim().parse().unwrap_or(0) });
                        }>
                            <fieldset disabled=!is_hr>
                                <label for="ru-days">{t("任前公示（工作日）")}</label><input id="ru-days" type="number" min="1" max="30" bind:value=days/>
                                <label for="ru-months">{t("试用期（月）")}</label><input id="ru-months" type="number" min="1" max="36" bind:value=months/>
                                {is_hr.then(|| view! { <button type="submit">{t("保存规则")}</button> })}
                            </fieldset>
                        </form>
                        {move || save_rules.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
                    }.into_any()
                })}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let l = match list.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if l.is_empty() { return view! { <p class="empty">{t("还没有提任记录。")}</p> }.into_any(); }
                    l.into_iter().map(|p| {
                        let pid = p.id;
                        let open = p.status == "公示中";
                        let received = RwSignal::new(today_text());
                        let text = RwSignal::new(String::new());
                        let outcome = RwSignal::new(String::new());
                        let eff = RwSignal::new(p.earliest.clone());
                        let doc = RwSignal::new(String::new());
                        let reason = RwSignal::new(String::new());
                        let stop_reason = RwSignal::new(String::new());
                        let pname = p.name.clone();
                        view! {
                            <article class="card promotion" data-person=pname>
                                <h2><A href=format!("/posts/person/{}", p.person_id)>{p.name.clone()}</A>{format!("　{} → {}　{}", p.from_level, p.to_level, p.post_name)}<span class="tag">{p.status.clone()}</span></h2>
                                <dl class="facts">
                                    <dt>{t("讨论决定")}</dt><dd>{format!("{} {}", p.decision_date, p.decided_by)}</dd>
                                    <dt>{t("公示期")}</dt><dd class="notice-period">{format!("{} 至 {}（{} 个工作日）", p.notice_start, p.notice_end, p.notice_days)}</dd>
                                    <dt>{t("最早任职日期")}</dt><dd>{p.earliest.clone()}</dd>
                                    {(!p.reason.is_empty()).then(|| view! { <dt>{t("说明")}</dt><dd>{p.reason.clone()}</dd> })}
                                </dl>
                                {(!p.objections.is_empty()).then(|| view! {
                                    <h3>{t("公示期间反映的问题")}</h3>
                                    <ul>{p.objections.iter().map(|o| view! { <li>{format!("{}：{}", o.received, o.text)}{(!o.outcome.is_empty()).then(|| format!("（核查：{}）", o.outcome))}</li> }).collect_view()}</ul>
                                })}
                                {(open && is_hr).then(|| view! {
                                    <details class="no-print"><summary>{t("登记反映的问题")}</summary>
                                        <form class="form" on:submit=move |ev| { ev.prevent_default(); objection.dispatch((pid, received.get_untracked(), text.get_untracked(), outcome.get_untracked())); }>
                                            <div class="grid">
                                                <div class="field"><label for=format!("ob-date-{pid}")>{t("收到日期")}</label><input id=format!("ob-date-{pid}") type="date" required bind:value=received/></div>
                                            </div>
                                            <div class="field"><label for=format!("ob-text-{pid}")>{t("反映的问题")}</label><textarea id=format!("ob-text-{pid}") rows="2" required maxlength="2000" bind:value=text></textarea></div>
                                            <div class="field"><label for=format!("ob-out-{pid}")>{t("核查结果")}</label><textarea id=format!("ob-out-{pid}") rows="2" maxlength="2000" bind:value=outcome></textarea></div>
                                            <button type="submit">{t("登记")}</button>
                                        </form>
                                    </details>
                                })}
                                {(open && may_effect).then(|| view! {
                                    <form class="inline-form no-print effect-form" on:submit=move |ev| {
                                        ev.prevent_default();
                                        if confirm("办理任职后将改变其职务层次并开始试用期。确认？") { effect.dispatch((pid, eff.get_untracked(), doc.get_untracked(), reason.get_untracked())); }
                                    }>
                                        <label for=format!("ef-date-{pid}")>{t("任职时间")}</label><input id=format!("ef-date-{pid}") type="date" required bind:value=eff/>
                                        <label for=format!("ef-doc-{pid}")>{t("任免文号")}</label><input id=format!("ef-doc-{pid}") type="text" required maxlength="60" bind:value=doc/>
                                        {is_admin.then(|| view! { <label for=format!("ef-r-{pid}")>{t("突破限额理由")}</label><input id=format!("ef-r-{pid}") type="text" maxlength="500" bind:value=reason/> })}
                                        <button type="submit" class="primary">{t("办理任职")}</button>
                                    </form>
                                })}
                                {(open && is_hr).then(|| view! {
                                    <form class="inline-form no-print" on:submit=move |ev| {
                                        ev.prevent_default();
                                        if confirm("终止该提任？") { stop.dispatch((pid, stop_reason.get_untracked())); }
                                    }>
                                        <label for=format!("st-{pid}")>{t("终止理由")}</label><input id=format!("st-{pid}") type="text" required maxlength="500" bind:value=stop_reason/>
                                        <button type="submit" class="danger">{t("终止提任")}</button>
                                    </form>
                                })}
                            </article>
                        }
                    }).collect_view().into_any()
                })}
            </Suspense>
        </section>
    }
}

// ---- probations ------------------------------------------------------------------------------------

#[component]
pub fn ProbationsPage() -> impl IntoView {
    view! { <Guarded path="/posts/probations" view=probations_page/> }
}

fn probations_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("probation_close");
    let query = use_query_map();
    let from = Memo::new(move |_| query.with(|q| q.get("from").unwrap_or_default()));
    let days = Memo::new(move |_| query.with(|q| q.get("days").and_then(|v| v.parse::<i64>().ok()).unwrap_or(60)));
    let close =
        Action::new(|a: &(i64, String, String, String, String)| probation_close(a.0, a.1.clone(), a.2.clone(), a.3.clone(), a.4.clone()));
    let done = done_count([succeeded(close)]);
    let list = Resource::new(move || (from.get(), days.get(), done.get()), |(f, d, _)| probation_list(f, d));
    let from_in = RwSignal::new(from.get_untracked());
    let navigate = use_navigate();
    let go = move |d: i64| {
        navigate(&with_query("/posts/probations", &[("from", from_in.get_untracked()), ("days", d.to_string())]), Default::default());
    };
    let go2 = go.clone();
    let go3 = go.clone();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("试用期")}</h1></div>
            <PostsNav current="/posts/probations"/>
            <div class="inline-form no-print">
                <label for="pb-from">{t("起算日期（空为今天）")}</label><input id="pb-from" type="date" bind:value=from_in/>
                <button type="button" aria-pressed=move || (days.get() == 30).to_string() on:click=move |_| go(30)>{t("30 天内到期")}</button>
                <button type="button" aria-pressed=move || (days.get() == 60).to_string() on:click=move |_| go2(60)>{t("60 天内到期")}</button>
                <button type="button" aria-pressed=move || (days.get() == 0).to_string() on:click=move |_| go3(0)>{t("全部试用中")}</button>
            </div>
            {move || close.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            {move || matches!(close.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已办理")}</p> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let l = match list.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if l.is_empty() { return view! { <p class="empty">{t("该期间没有到期的试用期。")}</p> }.into_any(); }
                    view! {
                        <div class="table-wrap">
                            <table class="data" id="probations">
                                <thead><tr>
                                    <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("职务")}</th><th scope="col">{t("职务层次")}</th>
                                    <th scope="col">{t("试用期")}</th><th scope="col">{t("剩余天数")}</th>{is_hr.then(|| view! { <th scope="col" class="no-print">{t("办理")}</th> })}
                                </tr></thead>
                                <tbody>
                                    {l.into_iter().map(|p| {
                                        let aid = p.appointment_id;
                                        let outcome = RwSignal::new("转正".to_string());
                                        let date = RwSignal::new(p.ends.clone());
                                        let doc = RwSignal::new(String::new());
                                        let by = RwSignal::new("党委会".to_string());
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t("姓名")><A href=format!("/posts/person/{}", p.person_id)>{p.name.clone()}</A></th>
                                                <td data-label=t("部室")>{p.unit_name.clone()}</td>
                                                <td data-label=t("职务")>{p.position.clone()}</td>
                                                <td data-label=t("职务层次")>{format!("{}（原 {}）", p.level, p.prev_level)}</td>
                                                <td data-label=t("试用期")>{format!("{} 至 {}", p.starts, p.ends)}</td>
                                                <td data-label=t("剩余天数")>{p.days_left}</td>
                                                {is_hr.then(|| view! {
                                                    <td class="no-print">
                                                        <form class="inline-form" on:submit=move |ev| {
                                                            ev.prevent_default();
                                                            let o = outcome.get_untracked();
                                                            if confirm(&format!("确认办理{o}？")) { close.dispatch((aid, o, date.get_untracked(), doc.get_untracked(), by.get_untracked())); }
                                                        }>
                                                            <select aria-label=t("结果") prop:value=move || outcome.get() on:change=move |ev| outcome.set(event_target_value(&ev))>
                                                                <option value="转正">{t("转正")}</option><option value="回原级">{t("回原级")}</option>
                                                            </select>
                                                            <input type="date" aria-label=t("生效日期") required bind:value=date/>
                                                            <input type="text" aria-label=t("任免文号") placeholder=t("任免文号") required maxlength="60" bind:value=doc/>
                                                            <input type="text" aria-label=t("决定机关") maxlength="40" bind:value=by/>
                                                            <button type="submit" class="small primary">{t("办理")}</button>
                                                        </form>
                                                    </td>
                                                })}
                                            </tr>
                                        }
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

// ---- 干部任免审批表 ----------------------------------------------------------------------------------------

#[component]
pub fn CadreFormPage() -> impl IntoView {
    view! { <Guarded path="/posts/form" view=cadre_form_page/> }
}

fn cadre_form_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let is_hr = u.may("cadre_form_save");
    let save = Action::new(move |t: &CadreFormText| cadre_form_save(id, t.clone()));
    let done = done_count([succeeded(save)]);
    let data = Resource::new(move || done.get(), move |_| cadre_form(id));
    let editing = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            editing.set(false);
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    view! {
        <section class="panel cadre-form-page">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let d = match data.await { Ok(d) => d, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let resume = if d.text.resume.trim().is_empty() { d.resume_generated.clone() } else { d.text.resume.clone() };
                    let tx = d.text.clone();
                    let proposed_post = RwSignal::new(tx.proposed_post.clone());
                    let proposed_removal = RwSignal::new(tx.proposed_removal.clone());
                    let resume_in = RwSignal::new(resume.clone());
                    let rewards = RwSignal::new(tx.rewards.clone());
                    let assessments = RwSignal::new(tx.assessments.clone());
                    let reasons = RwSignal::new(tx.reasons.clone());
                    let health = RwSignal::new(if tx.health.is_empty() { "健康".to_string() } else { tx.health.clone() });
                    let family_text = RwSignal::new(tx.family.iter().map(|m| format!("{} {} {} {} {}", m.relation, m.name, m.birth, m.political, m.work)).collect::<Vec<_>>().join("\n"));
                    let generated = d.resume_generated.clone();
                    let pid = d.person_id;
                    view! {
                        <div class="panel-head no-print">
                            <h1>{t("干部任免审批表")}</h1>
                            <div class="button-row">
                                <A href=format!("/posts/person/{pid}") attr:class="button">{t("任免记录")}</A>
                                {is_hr.then(|| view! { <button type="button" on:click=move |_| editing.update(|e| *e = !*e)>{move || if editing.get() { t("取消编辑") } else { t("编辑") }}</button> })}
                                <PrintButton/>
                            </div>
                        </div>
                        {move || editing.get().then(|| {
                            let generated = generated.clone();
                            view! {
                            <form class="form boxed no-print" id="cadre-form-edit" on:submit=move |ev| {
                                ev.prevent_default();
                                let family = family_text.get_untracked().lines().filter(|l| !l.trim().is_empty()).map(|l| {
                                    let mut parts = l.split_whitespace();
                                    FamilyMember {
                                        relation: parts.next().unwrap_or_default().to_string(),
                                        name: parts.next().unwrap_or_default().to_string(),
                                        birth: parts.next().unwrap_or_default().to_string(),
                                        political: parts.next().unwrap_or_default().to_string(),
                                        work: parts.collect::<Vec<_>>().join(" "),
                                    }
                                }).collect();
                                save.dispatch(CadreFormText {
                                    proposed_post: proposed_post.get_untracked(),
                                    proposed_removal: proposed_removal.get_untracked(),
                                    resume: resume_in.get_untracked(),
                                    rewards: rewards.get_untracked(),
                                    assessments: assessments.get_untracked(),
                                    reasons: reasons.get_untracked(),
                                    health: health.get_untracked(),
                                    family,
                                });
                            }>
                                <div class="grid">
                                    <div class="field"><label for="cf-pp">{t("拟任职务")}</label><input id="cf-pp" type="text" maxlength="200" bind:value=proposed_post/>{move || field_error(err(), "proposed_post")}</div>
                                    <div class="field"><label for="cf-pr">{t("拟免职务")}</label><input id="cf-pr" type="text" maxlength="200" bind:value=proposed_removal/>{move || field_error(err(), "proposed_removal")}</div>
                                    <div class="field"><label for="cf-h">{t("健康状况")}</label><input id="cf-h" type="text" maxlength="40" bind:value=health/></div>
                                </div>
                                <div class="field"><label for="cf-resume">{t("简历（由任免记录生成，可修改）")}</label><textarea id="cf-resume" rows="8" maxlength="5000" bind:value=resume_in></textarea>
                                    <button type="button" class="small" on:click=move |_| resume_in.set(generated.clone())>{t("重新生成")}</button>{move || field_error(err(), "resume")}</div>
                                <div class="field"><label for="cf-rw">{t("奖惩情况")}</label><textarea id="cf-rw" rows="2" maxlength="2000" bind:value=rewards></textarea></div>
                                <div class="field"><label for="cf-as">{t("年度考核结果")}</label><input id="cf-as" type="text" maxlength="500" bind:value=assessments/></div>
                                <div class="field"><label for="cf-rs">{t("任免理由")}</label><textarea id="cf-rs" rows="2" maxlength="2000" bind:value=reasons></textarea></div>
                                <div class="field"><label for="cf-fm">{t("家庭主要成员（每行：称谓 姓名 出生年月 政治面貌 工作单位及职务）")}</label><textarea id="cf-fm" rows="4" bind:value=family_text></textarea>{move || field_error(err(), "family")}</div>
                                {move || other_errors(err())}
                                <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
                            </form>
                        }})}
                        <div class="official-form" id="cadre-form">
                            <h2 class="form-title">{t("干部任免审批表")}</h2>
                            <table class="official">
                                <tbody>
                                    <tr>
                                        <th scope="row">{t("姓名")}</th><td>{d.name.clone()}</td>
                                        <th scope="row">{t("性别")}</th><td>{d.sex.clone()}</td>
                                        <th scope="row">{t("出生年月（岁）")}</th><td>{format!("{}（{}岁）", d.birth.get(..7).unwrap_or(&d.birth).replace('-', "."), d.age)}</td>
                                        <td rowspan="4" class="photo">{t("照片")}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">{t("民族")}</th><td>{d.ethnicity.clone()}</td>
                                        <th scope="row">{t("籍贯")}</th><td>{d.native_place.clone()}</td>
                                        <th scope="row">{t("出生地")}</th><td>{d.birth_place.clone()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">{t("入党时间")}</th><td>{d.party_date.get(..7).unwrap_or(&d.party_date).replace('-', ".")}</td>
                                        <th scope="row">{t("参加工作时间")}</th><td>{d.work_start.get(..7).unwrap_or(&d.work_start).replace('-', ".")}</td>
                                        <th scope="row">{t("健康状况")}</th><td>{if d.text.health.is_empty() { "健康".to_string() } else { d.text.health.clone() }}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">{t("专业技术职务")}</th><td colspan="5">{d.professional_title.clone()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row" rowspan="2">{t("学历学位")}</th><th scope="row">{t("全日制教育")}</th><td colspan="2">{d.edu_full.clone()}</td>
                                        <th scope="row">{t("毕业院校系及专业")}</th><td colspan="2">{d.school_full.clone()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">{t("在职教育")}</th><td colspan="2">{d.edu_part.clone()}</td>
                                        <th scope="row">{t("毕业院校系及专业")}</th><td colspan="2">{d.school_part.clone()}</td>
                                    </tr>
                                    <tr><th scope="row">{t("现任职务")}</th><td colspan="6">{d.current_post.clone()}</td></tr>
                                    <tr><th scope="row">{t("拟任职务")}</th><td colspan="6">{d.text.proposed_post.clone()}</td></tr>
                                    <tr><th scope="row">{t("拟免职务")}</th><td colspan="6">{d.text.proposed_removal.clone()}</td></tr>
                                    <tr class="tall"><th scope="row">{t("简历")}</th><td colspan="6"><pre class="resume">{resume}</pre></td></tr>
                                    <tr><th scope="row">{t("奖惩情况")}</th><td colspan="6">{d.text.rewards.clone()}</td></tr>
                                    <tr><th scope="row">{t("年度考核结果")}</th><td colspan="6">{d.text.assessments.clone()}</td></tr>
                                    <tr><th scope="row">{t("任免理由")}</th><td colspan="6">{d.text.reasons.clone()}</td></tr>
                                </tbody>
                            </table>
                            <table class="official family">
                                <thead><tr><th scope="col">{t("称谓")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("出生年月")}</th><th scope="col">{t("政治面貌")}</th><th scope="col">{t("工作单位及职务")}</th></tr></thead>
                                <tbody>
                                    {if d.text.family.is_empty() { view! { <tr><td colspan="5">{t("（未填写）")}</td></tr> }.into_any() } else {
                                        d.text.family.iter().map(|m| view! { <tr><td>{m.relation.clone()}</td><td>{m.name.clone()}</td><td>{m.birth.clone()}</td><td>{m.political.clone()}</td><td>{m.work.clone()}</td></tr> }).collect_view().into_any()
                                    }}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
