//! Posts and appointments (HR writes, leaders read): the post catalogue with vacancies and 职数,
//! one person's posts and history with the appointment form, first-appointment campaigns,
//! promotions through 任前公示, probations, and the printable 干部任免审批表. Every page is drawn on
//! the server; every change is a form posting to its server function (see docs/frontend.md).

use crate::api::posts::*;
use crate::api::roster::unit_options;
use crate::authz::Role;
use crate::components::{
    estimated_note, field_error, flash, flash_note, form_error, other_errors, path_id, unit_options_view, with_query, Confirm, ErrorBox,
    Guarded, Loading, Pagination, PostForm, PrintButton,
};
use crate::domain::posts::grades_for;
use crate::domain::roster::{LEADER_LEVELS, LEVELS, POST_CATEGORIES};
use crate::i18n::{t, tf, tr};
use crate::model::{
    CadreFormView, CampaignDetail, CurrentUser, FamilyMember, ImportReport, PostForm as PostInput, PostOption, PostQuery, UnitOption,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn today_text() -> String {
    crate::domain::time::today_china(chrono::Utc::now()).to_string()
}

/// A query parameter of this page's URL.
fn query(key: &str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(key))
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

/// `<option>`s of posts, the one chosen marked.
fn post_options_view(list: &[PostOption], chosen: i64) -> impl IntoView {
    list.iter().map(|o| view! { <option value=o.id.to_string() selected=o.id == chosen>{o.label.clone()}</option> }).collect_view()
}

/// An error a form of this page came back with, shown where its form is.
fn error_box(e: Option<crate::error::AppError>) -> impl IntoView {
    e.map(|e| view! { <ErrorBox error=e/> })
}

// ---- posts and vacancies -------------------------------------------------------------------------

#[component]
pub fn PostsPage() -> impl IntoView {
    view! { <Guarded path="/posts" view=posts_page/> }
}

fn posts_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("post_save");
    let current = use_query_map().with_untracked(|q| PostQuery {
        unit_id: q.get("unit").and_then(|v| v.parse().ok()).unwrap_or(0),
        q: q.get("q").unwrap_or_default(),
        vacant_only: q.get("vacant").is_some_and(|v| v == "1"),
        page: q.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
    });
    let vacancies = Resource::new(|| (), |_| post_vacancies());
    let key = current.clone();
    let list = Resource::new(move || key.clone(), post_list);
    let units = Resource::new(|| (), |_| unit_options());
    let href = {
        let c = current.clone();
        move |page: i64| {
            with_query(
                "/posts",
                &[
                    ("unit", if c.unit_id > 0 { c.unit_id.to_string() } else { String::new() }),
                    ("q", c.q.clone()),
                    ("vacant", if c.vacant_only { "1".into() } else { String::new() }),
                    ("page", if page > 1 { page.to_string() } else { String::new() }),
                ],
            )
        }
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
            {flash_note("post_close", "已撤销岗位")}
            {error_box(form_error::<PostClose>())}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let (current, href) = (current.clone(), href.clone());
                    Suspend::new(async move {
                        let (v, l, us) = (vacancies.await, list.await, units.await);
                        let (v, l, us) = match (v, l, us) {
                            (Ok(v), Ok(l), Ok(us)) => (v, l, us),
                            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return view! { <ErrorBox error=e/> }.into_any(),
                        };
                        let pages = l.pages();
                        let (page, total) = (l.page, l.total);
                        view! {
                            <h2>{t("空缺与职数")}</h2>
                            {vacancy_table(v)}
                            <h2>{t("岗位")}</h2>
                            // A plain GET form: the filter lives in the URL.
                            <form class="filters no-print" role="search" method="get" action="/posts">
                                <label for="pf-unit">{t("部室")}
                                    <select id="pf-unit" name="unit">
                                        <option value="">{t("全部")}</option>
                                        {unit_choices(us, current.unit_id)}
                                    </select>
                                </label>
                                <label for="pf-q">{t("岗位名称")}<input id="pf-q" name="q" type="search" maxlength="40" value=current.q.clone()/></label>
                                <label class="check"><input type="checkbox" name="vacant" value="1" checked=current.vacant_only/>{t("只看有空缺的")}</label>
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
                                                let question = tf("撤销岗位「{}」？撤销后不能再安排人员（历史记录保留）。", &[&p.name]);
                                                view! {
                                                    <tr>
                                                        <td data-label=t("部室")>{p.unit_name}</td>
                                                        <th scope="row" data-label=t("岗位名称")><span translate="no">{p.name}</span></th>
                                                        <td data-label=t("岗位类别")>{tr(&p.category).to_string()}</td>
                                                        <td data-label=t("等级")>{p.grade}</td>
                                                        <td data-label=t("领导职数")>{if p.leader_level.is_empty() { "—".to_string() } else { tr(&p.leader_level).to_string() }}</td>
                                                        <td data-label=t("岗位数")>{p.seats}</td>
                                                        <td data-label=t("在岗")>{p.filled}</td>
                                                        <td class="no-print">
                                                            {is_hr.then(|| view! {
                                                                <div class="button-row">
                                                                    <A href=format!("/posts/edit/{id}") attr:class="button small">{t("编辑")}</A>
                                                                    <form method="post" action="/api/post_close" class="inline">
                                                                        <input type="hidden" name="id" value=id.to_string()/>
                                                                        <Confirm label="撤销" question=question yes="确认撤销" danger=true/>
                                                                    </form>
                                                                </div>
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
                    })
                }}
            </Suspense>
        </section>
    }
}

/// `<option>`s for a unit tree, the chosen one marked.
fn unit_choices(list: Vec<UnitOption>, chosen: i64) -> impl IntoView {
    list.into_iter()
        .map(|u| {
            view! { <option value=u.id.to_string() selected=u.id == chosen>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option> }
        })
        .collect_view()
}

fn vacancy_table(v: Vec<crate::model::UnitVacancy>) -> AnyView {
    if v.is_empty() {
        return view! { <p class="empty">{t("还没有部室。")}</p> }.into_any();
    }
    view! {
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
                            view! { <span class=if over { "tag warn" } else { "tag" }>{format!("{} {}/{}", tr(&q.level), q.used, q.approved)}</span> }
                        }).collect_view();
                        view! {
                            <tr>
                                <th scope="row" data-label=t("部室")><a href=format!("/posts?unit={}", r.unit_id) translate="no">{r.unit_name}</a></th>
                                <td data-label=t("岗位")>{r.posts}</td>
                                <td data-label=t("岗位数")>{r.seats}</td>
                                <td data-label=t("在岗")>{r.filled}{(r.over > 0).then(|| view! { " "<span class="tag warn">{tf("超 {}", &[&r.over])}</span> })}</td>
                                <td data-label=t("空缺")>{r.vacant}</td>
                                <td data-label=t("领导职数（已用/核定）")>{quotas}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
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
    let err = form_error::<PostSave>();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{if id.is_some() { t("编辑岗位") } else { t("新增岗位") }}</h1>
                <div class="button-row no-print"><A href="/posts" attr:class="button">{t("返回岗位设置")}</A></div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let err = err.clone();
                    Suspend::new(async move {
                        let (e, us) = (existing.await, units.await);
                        let (e, us) = match (e, us) {
                            (Ok(e), Ok(us)) => (e, us),
                            (Err(x), _) | (_, Err(x)) => return view! { <ErrorBox error=x/> }.into_any(),
                        };
                        let f = e
                            .map(|d| PostInput {
                                id: d.post.id,
                                unit_id: d.post.unit_id,
                                name: d.post.name,
                                category: d.post.category,
                                grade: d.post.grade,
                                leader_level: d.post.leader_level,
                                seats: d.post.seats,
                                duties: d.duties,
                            })
                            .unwrap_or(PostInput { category: "管理岗位".into(), grade: "九级".into(), seats: 1, ..Default::default() });
                        post_form_view(f, us, err).into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

fn post_form_view(f: PostInput, units: Vec<UnitOption>, err: Option<crate::error::AppError>) -> impl IntoView {
    let editing = f.id != 0;
    view! {
        <PostForm action="/api/post_save" class="form">
            <input type="hidden" name="input[id]" value=f.id.to_string()/>
            <div class="grid">
                <div class="field"><label for="p-unit">{t("部室")}</label>
                    {if editing {
                        // A post stays in its 部室: shown, not changed.
                        let name = units.iter().find(|u| u.id == f.unit_id).map(|u| u.name.clone()).unwrap_or_default();
                        view! {
                            <input type="hidden" name="input[unit_id]" value=f.unit_id.to_string()/>
                            <select id="p-unit" disabled><option selected>{name}</option></select>
                        }.into_any()
                    } else {
                        view! {
                            <select id="p-unit" name="input[unit_id]" required>
                                <option value="">{t("请选择")}</option>
                                {unit_choices(units, f.unit_id)}
                            </select>
                        }.into_any()
                    }}
                    {field_error(err.clone(), "unit_id")}</div>
                <div class="field"><label for="p-name">{t("岗位名称")}</label><input id="p-name" name="input[name]" type="text" required maxlength="40" value=f.name.clone()/>{field_error(err.clone(), "name")}</div>
                <div class="field"><label for="p-cat">{t("岗位类别")}</label>
                    <select id="p-cat" name="input[category]">
                        {POST_CATEGORIES.iter().map(|c| view! { <option value=*c selected=*c == f.category>{t(c)}</option> }).collect_view()}
                    </select>{field_error(err.clone(), "category")}</div>
                <div class="field"><label for="p-grade">{t("岗位等级")}</label>
                    // Every category's grades, grouped: the server checks that the grade fits the category.
                    <select id="p-grade" name="input[grade]">
                        {POST_CATEGORIES.iter().map(|c| {
                            let mine = *c == f.category;
                            view! {
                                <optgroup label=t(c)>
                                    {grades_for(c).into_iter().map(|g| view! { <option value=g selected=mine && g == f.grade>{g}</option> }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>{field_error(err.clone(), "grade")}</div>
                <div class="field"><label for="p-leader">{t("领导职数")}</label>
                    <select id="p-leader" name="input[leader_level]" aria-describedby="p-leader-hint">
                        <option value="">{t("非领导岗位")}</option>
                        {LEADER_LEVELS.iter().map(|l| view! { <option value=*l selected=*l == f.leader_level>{t(l)}</option> }).collect_view()}
                    </select>
                    <p class="hint" id="p-leader-hint">{t("领导岗位须为管理岗位，岗位等级与职数层次对应：正处级五级，副处级六级，正科级七级，副科级八级。")}</p>
                    {field_error(err.clone(), "leader_level")}</div>
                <div class="field"><label for="p-seats">{t("岗位数")}</label><input id="p-seats" name="input[seats]" type="number" min="1" max="999" required value=f.seats.to_string()/>{field_error(err.clone(), "seats")}</div>
            </div>
            <div class="field"><label for="p-duties">{t("岗位职责（Markdown）")}</label><textarea id="p-duties" name="input[duties]" rows="8" maxlength="20000">{f.duties.clone()}</textarea>{field_error(err.clone(), "duties")}</div>
            {other_errors(err)}
            <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
        </PostForm>
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
    let is_admin = u.roles().contains(&Role::Admin);
    let data = Resource::new(|| (), move |_| person_posts(id));
    let posts = Resource::new(|| (), |_| post_options());
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, opts) = (data.await, posts.await);
                    let (d, opts) = match (d, opts) {
                        (Ok(d), Ok(o)) => (d, o),
                        (Err(e), _) | (_, Err(e)) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    let active = d.status == "在职";
                    let today = today_text();
                    view! {
                        <div class="panel-head">
                            <h1><span translate="no">{d.name.clone()}</span>" · "{t("任免记录")}</h1>
                            <div class="button-row no-print">
                                <A href=format!("/roster/{id}") attr:class="button">{t("人员档案")}</A>
                                <A href=format!("/posts/form/{id}") attr:class="button">{t("干部任免审批表")}</A>
                            </div>
                        </div>
                        <dl class="facts">
                            <dt>{t("部室")}</dt><dd>{d.unit_name.clone()}</dd>
                            <dt>{t("现职务")}</dt><dd>{if d.position.is_empty() { "—".to_string() } else { d.position.clone() }}</dd>
                            <dt>{t("职务层次")}</dt><dd>{tr(&d.level).to_string()}</dd>
                            <dt>{t("任现职时间")}</dt><dd>{if d.position_date.is_empty() { "—".to_string() } else { d.position_date.clone() }}</dd>
                            <dt>{t("人员状态")}</dt><dd>{tr(&d.status).to_string()}</dd>
                        </dl>
                        {d.probation.clone().map(|p| view! {
                            <p class="alert info">{tf("试用期 {} 至 {}（还有 {} 天）", &[&p.starts, &p.ends, &p.days_left])}</p>
                        })}
                        <h2>{t("现任岗位")}</h2>
                        {if d.holdings.is_empty() { view! { <p class="empty">{t("目前没有在岗记录。")}</p> }.into_any() } else { view! {
                            <ul class="plain">{d.holdings.iter().map(|h| view! {
                                <li>{tf("{}{}（{}，{} 起）", &[&h.unit_name, &h.post_name, &t(if h.main { "主岗" } else { "兼任" }), &h.since])}</li>
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
                                            let mut note = vec![a.notes.clone()];
                                            if !a.probation_end.is_empty() { note.push(tf("试用期至 {}（{}）", &[&a.probation_end, &tr(&a.probation_status)])); }
                                            if !a.override_reason.is_empty() { note.push(tf("突破限额理由：{}", &[&a.override_reason])); }
                                            let note = note.into_iter().filter(|n| !n.trim().is_empty()).collect::<Vec<_>>().join(" ");
                                            view! {
                                                <tr>
                                                    <td data-label=t("生效日期")>{a.effective_date.clone()}</td>
                                                    <th scope="row" data-label=t("类别")>{tr(&a.kind).to_string()}{a.part_time.then(|| t("（兼任）"))}</th>
                                                    <td data-label=t("部室及职务")>{format!("{}{}", a.unit_name, a.position)}</td>
                                                    <td data-label=t("职务层次")>{if a.prev_level != a.level && !a.prev_level.is_empty() { format!("{} → {}", tr(&a.prev_level), tr(&a.level)) } else { tr(&a.level).to_string() }}</td>
                                                    <td data-label=t("任免文号")>{if a.doc_no.is_empty() { "—".to_string() } else { a.doc_no.clone() }}</td>
                                                    <td data-label=t("决定机关")>{a.decided_by.clone()}</td>
                                                    <td data-label=t("备注")>{note}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any() }}
                        {(may_record && active).then(|| record_form(id, opts.clone(), is_admin, today.clone()))}
                        {(may_promote && active).then(|| promotion_form(id, opts.clone(), today.clone()))}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// 办理任免: one appointment record for this person, asked before it is written.
fn record_form(id: i64, opts: Vec<PostOption>, is_admin: bool, today: String) -> impl IntoView {
    let err = form_error::<AppointmentRecord>();
    view! {
        <h2>{t("办理任免")}</h2>
        {flash_note("appointment_record", "已办理")}
        <PostForm action="/api/appointment_record" class="form boxed no-print" id="record-form">
            <input type="hidden" name="input[person_id]" value=id.to_string()/>
            <div class="grid">
                <div class="field"><label for="a-kind">{t("任免类别")}</label>
                    <select id="a-kind" name="input[kind]">
                        {DIRECT_KINDS.iter().map(|k| view! { <option value=*k>{t(k)}</option> }).collect_view()}
                    </select>{field_error(err.clone(), "kind")}</div>
                <div class="field"><label for="a-post">{t("岗位")}</label>
                    <select id="a-post" name="input[post_id]" aria-describedby="a-post-hint">
                        <option value="">{t("请选择")}</option>
                        {post_options_view(&opts, 0)}
                    </select>
                    <p class="hint" id="a-post-hint">{t("免职、退休不需选择岗位。")}</p>
                    {field_error(err.clone(), "post_id")}</div>
                <label class="check"><input type="checkbox" name="input[part_time]" value="true"/>{t("兼任（不改变主岗和职务层次）")}</label>
                <div class="field"><label for="a-date">{t("生效日期")}</label><input id="a-date" name="input[effective_date]" type="date" required value=today.clone()/>{field_error(err.clone(), "effective_date")}</div>
                <div class="field"><label for="a-doc">{t("任免文号")}</label><input id="a-doc" name="input[doc_no]" type="text" required maxlength="60"/>{field_error(err.clone(), "doc_no")}</div>
                <div class="field"><label for="a-by">{t("决定机关")}</label><input id="a-by" name="input[decided_by]" type="text" maxlength="40" value="中心主任办公会"/>{field_error(err.clone(), "decided_by")}</div>
            </div>
            <div class="field"><label for="a-notes">{t("备注")}</label><input id="a-notes" name="input[notes]" type="text" maxlength="2000"/>{field_error(err.clone(), "notes")}</div>
            {is_admin.then(|| view! {
                <div class="field"><label for="a-reason">{t("突破岗位数或职数的书面理由（仅系统管理员）")}</label><textarea id="a-reason" name="input[override_reason]" rows="2" maxlength="500"></textarea>{field_error(err.clone(), "override_reason")}</div>
            })}
            {other_errors(err.clone())}
            <div class="button-row">
                <Confirm label="办理" question=t("确认办理此项任免？记录将写入任免历史，不能删除。") yes="确认办理"/>
            </div>
        </PostForm>
    }
}

/// 提任: starts the 任前公示 (the promotion itself is recorded once it is over).
fn promotion_form(id: i64, opts: Vec<PostOption>, today: String) -> impl IntoView {
    let err = form_error::<PromotionStart>();
    view! {
        <h2>{t("提任（任前公示）")}</h2>
        {flash("promotion_start").map(|_| view! {
            <p class="alert success" role="status" data-testid="flash">{t("已开始公示。")}<A href="/posts/promotions">{t("查看提任公示")}</A></p>
        })}
        <PostForm action="/api/promotion_start" class="form boxed no-print" id="promotion-form">
            <input type="hidden" name="input[person_id]" value=id.to_string()/>
            <div class="grid">
                <div class="field"><label for="pr-level">{t("拟任职务层次")}</label>
                    <select id="pr-level" name="input[to_level]" required>
                        <option value="">{t("请选择")}</option>
                        {LEVELS.iter().filter(|l| **l != "无").map(|l| view! { <option value=*l>{t(l)}</option> }).collect_view()}
                    </select>{field_error(err.clone(), "to_level")}</div>
                <div class="field"><label for="pr-post">{t("拟任岗位")}</label>
                    <select id="pr-post" name="input[post_id]" required>
                        <option value="">{t("请选择")}</option>
                        {post_options_view(&opts, 0)}
                    </select>{field_error(err.clone(), "post_id")}</div>
                <div class="field"><label for="pr-dec">{t("讨论决定日期")}</label><input id="pr-dec" name="input[decision_date]" type="date" required value=today.clone()/>{field_error(err.clone(), "decision_date")}</div>
                <div class="field"><label for="pr-by">{t("决定机关")}</label><input id="pr-by" name="input[decided_by]" type="text" maxlength="40" value="党委会"/>{field_error(err.clone(), "decided_by")}</div>
                <div class="field"><label for="pr-start">{t("公示开始日期")}</label><input id="pr-start" name="input[notice_start]" type="date" required value=today.clone()/>{field_error(err.clone(), "notice_start")}</div>
            </div>
            <div class="field"><label for="pr-reason">{t("拟任理由")}</label><textarea id="pr-reason" name="input[reason]" rows="2" maxlength="2000"></textarea>{field_error(err.clone(), "reason")}</div>
            {other_errors(err.clone())}
            <div class="button-row"><button type="submit" class="primary">{t("开始公示")}</button></div>
        </PostForm>
    }
}

// ---- campaigns ------------------------------------------------------------------------------------

#[component]
pub fn CampaignsPage() -> impl IntoView {
    view! { <Guarded path="/posts/campaigns" view=campaigns_page/> }
}

fn campaigns_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("campaign_save");
    let list = Resource::new(|| (), |_| campaign_list());
    let err = form_error::<CampaignSave>();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("首聘批次")}</h1></div>
            <PostsNav current="/posts/campaigns"/>
            <p class="hint">{t("机构改革后的首聘与平岗定位：选定人员，逐一或批量安排岗位，预览冲突后一次提交（同一任免文号，全部成功或全部不写入）。")}</p>
            {is_hr.then(|| view! {
                <PostForm action="/api/campaign_save" class="inline-form no-print" id="campaign-new" label=t("新建批次").to_string()>
                    <label for="c-name">{t("批次名称")}</label><input id="c-name" name="input[name]" type="text" required maxlength="60"/>
                    <label for="c-kind">{t("类别")}</label>
                    <select id="c-kind" name="input[kind]">
                        <option value="首聘">{t("首聘")}</option><option value="平岗定位">{t("平岗定位")}</option>
                    </select>
                    <label for="c-date">{t("任职时间")}</label><input id="c-date" name="input[effective_date]" type="date" required value=today_text()/>
                    <button type="submit" class="primary">{t("新建批次")}</button>
                    {field_error(err.clone(), "name")}
                    {field_error(err.clone(), "kind")}
                    {field_error(err.clone(), "effective_date")}
                    {other_errors(err.clone())}
                </PostForm>
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
                                            <th scope="row" data-label=t("批次名称")><A href=format!("/posts/campaigns/{}", c.id) attr:translate="no">{c.name}</A></th>
                                            <td data-label=t("类别")>{tr(&c.kind).to_string()}</td>
                                            <td data-label=t("任职时间")>{c.effective_date}</td>
                                            <td data-label=t("任免文号")>{c.doc_no}</td>
                                            <td data-label=t("人数")>{c.people}</td>
                                            <td data-label=t("已安排")>{c.assigned}</td>
                                            <td data-label=t("状态")>{tr(&c.status).to_string()}</td>
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

/// A campaign: its header, adding people, the table where posts are chosen (every row in one form:
/// 保存安排 saves every row's choice, 批量安排 and 移出所选 act on the ticked rows as well), the
/// conflict preview (the server computes it on every load), the sheet import and the commit.
fn campaign_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let is_hr = u.may("campaign_save");
    let detail = Resource::new(|| (), move |_| campaign_get(id));
    let units = Resource::new(|| (), |_| unit_options());
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (d, us) = (detail.await, units.await);
                    match (d, us) {
                        (Ok(d), Ok(us)) => campaign_view(id, d, us, is_hr).into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What the last form of the campaign page did, in a sentence.
fn campaign_notes() -> impl IntoView {
    let n = |endpoint: &str| flash(endpoint).map(|n| n.unwrap_or(0));
    let assigned = n("campaign_assign").map(|n| match query("done").as_deref() {
        Some("remove") => tf("已移出 {} 人。", &[&n]),
        Some("bulk") => tf("已安排：{} 人的岗位有变动。", &[&n]),
        _ => tf("已保存安排：{} 人的岗位有变动。", &[&n]),
    });
    let text = [
        flash("campaign_save").map(|_| t("已保存").to_string()),
        n("campaign_pick").map(|n| tf("已添加 {} 人", &[&n])),
        assigned,
        n("campaign_commit").map(|n| tf("已提交：写入 {} 条任免记录。", &[&n])),
    ]
    .into_iter()
    .flatten()
    .next();
    text.map(|m| view! { <p class="alert success" role="status" data-testid="flash">{m}</p> })
}

fn campaign_view(id: i64, d: CampaignDetail, units: Vec<UnitOption>, is_hr: bool) -> impl IntoView {
    let c = d.campaign.clone();
    let draft = c.status == "草稿";
    let editable = draft && is_hr;
    let n_conflicts = d.conflicts.len();
    let empty = d.items.is_empty();
    view! {
        <div class="panel-head">
            <h1><span translate="no">{c.name.clone()}</span><span class="tag">{tr(&c.kind).to_string()}</span><span class="tag">{tr(&c.status).to_string()}</span></h1>
            <div class="button-row no-print">
                <A href="/posts/campaigns" attr:class="button">{t("返回批次列表")}</A>
                {(!draft).then(|| view! {
                    <a class="button" href=format!("/api/campaign_sheet?id={id}") download>{t("导出 Excel")}</a>
                    <PrintButton label="打印任免名单"/>
                })}
            </div>
        </div>
        {(!draft).then(|| view! {
            <p class="print-title">{tf("{}　{}　任职时间：{}　决定机关：{}", &[&c.name, &c.doc_no, &c.effective_date, &c.decided_by])}</p>
        })}
        {campaign_notes()}
        {editable.then(|| view! {
            {draft_form(id, d.campaign.clone(), d.notes.clone())}
            {pick_forms(id, units)}
            <CampaignImport id=id/>
        })}
        {(draft && n_conflicts > 0).then(|| view! {
            <div class="alert error" role="alert" id="conflicts">
                <strong>{tf("预览发现 {} 个问题，处理后才能提交：", &[&n_conflicts])}</strong>
                <ul>{d.conflicts.iter().take(50).map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        {(draft && n_conflicts == 0 && !empty).then(|| view! {
            <p class="alert success" id="no-conflicts">{t("预览未发现冲突，可以提交。")}</p>
        })}
        {if empty {
            view! { <p class="empty">{t("本批次还没有人员。")}</p> }.into_any()
        } else if editable {
            arrange_form(id, d.items, d.posts).into_any()
        } else {
            items_table(d.items, draft).into_any()
        }}
        {editable.then(|| commit_form(id, n_conflicts))}
    }
}

/// The draft's header: name, 文号, 决定机关, date, notes.
fn draft_form(id: i64, c: crate::model::CampaignRow, notes: String) -> impl IntoView {
    let err = form_error::<CampaignSave>();
    view! {
        <PostForm action="/api/campaign_save" class="form boxed no-print" id="campaign-draft" label=t("批次信息").to_string()>
            <input type="hidden" name="input[id]" value=id.to_string()/>
            <input type="hidden" name="input[kind]" value=c.kind.clone()/>
            <div class="grid">
                <div class="field"><label for="cd-name">{t("批次名称")}</label><input id="cd-name" name="input[name]" type="text" required maxlength="60" value=c.name.clone()/>{field_error(err.clone(), "name")}</div>
                <div class="field"><label for="cd-doc">{t("任免文号")}</label><input id="cd-doc" name="input[doc_no]" type="text" maxlength="60" value=c.doc_no.clone()/>{field_error(err.clone(), "doc_no")}</div>
                <div class="field"><label for="cd-by">{t("决定机关")}</label><input id="cd-by" name="input[decided_by]" type="text" maxlength="40" value=c.decided_by.clone()/>{field_error(err.clone(), "decided_by")}</div>
                <div class="field"><label for="cd-date">{t("任职时间")}</label><input id="cd-date" name="input[effective_date]" type="date" required value=c.effective_date.clone()/>{field_error(err.clone(), "effective_date")}</div>
            </div>
            <div class="field"><label for="cd-notes">{t("备注")}</label><input id="cd-notes" name="input[notes]" type="text" maxlength="2000" value=notes/>{field_error(err.clone(), "notes")}</div>
            {other_errors(err.clone())}
            <div class="button-row"><button type="submit">{t("保存草稿")}</button></div>
        </PostForm>
    }
}

/// 添加人员: everyone of a 部室 and/or level, or people chosen by name (or typed 人员编号).
fn pick_forms(id: i64, units: Vec<UnitOption>) -> impl IntoView {
    view! {
        <PostForm action="/api/campaign_pick" class="inline-form no-print" id="pick-form" label=t("添加人员").to_string()>
            <input type="hidden" name="input[campaign_id]" value=id.to_string()/>
            <strong>{t("添加人员")}</strong>
            <label for="pk-unit">{t("部室")}</label>
            <select id="pk-unit" name="input[unit_id]">
                <option value="">{t("全部")}</option>
                {unit_options_view(units)}
            </select>
            <label for="pk-level">{t("职务层次")}</label>
            <select id="pk-level" name="input[level]">
                <option value="">{t("全部")}</option>
                {LEVELS.iter().map(|l| view! { <option value=*l>{t(l)}</option> }).collect_view()}
            </select>
            <label class="check"><input type="checkbox" name="input[without_post]" value="true"/>{t("仅未安排主岗的")}</label>
            <button type="submit">{t("添加")}</button>
        </PostForm>
        <PostForm action="/api/campaign_pick" class="inline-form no-print" id="pick-name-form" label=t("按姓名添加").to_string()>
            <input type="hidden" name="input[campaign_id]" value=id.to_string()/>
            <islands::PersonPicker
                name="input[person_ids]".to_string()
                id="pk-name".to_string()
                number_label=t("按人员编号添加（多个用逗号分隔）").to_string()
                search_label=t("按姓名添加").to_string()
                multiple=true
            />
            <button type="submit">{t("添加所选人员")}</button>
        </PostForm>
        {error_box(form_error::<CampaignPick>())}
    }
}

/// The draft's people in one form: each row's post (saved together by 保存安排), and a tick per row
/// for 批量安排 / 移出所选 (which save the rows' choices too).
fn arrange_form(id: i64, items: Vec<crate::model::CampaignItem>, posts: Vec<PostOption>) -> impl IntoView {
    let err = form_error::<CampaignAssign>();
    view! {
        <PostForm action="/api/campaign_assign" class="arrange" id="campaign-arrange" label=t("岗位安排").to_string()>
            <input type="hidden" name="input[campaign_id]" value=id.to_string()/>
            <div class="inline-form no-print">
                <islands::SelectAll name="input[picked][]".to_string() label=t("全选").to_string()/>
                <label for="bulk-post">{t("所选人员安排到")}</label>
                <select id="bulk-post" name="input[bulk_post]">
                    <option value="">{t("请选择岗位")}</option>
                    <option value="0">{t("（清除安排）")}</option>
                    {post_options_view(&posts, -1)}
                </select>
                <button type="submit" name="input[op]" value="bulk">{t("批量安排")}</button>
                <Confirm label="移出所选" question=t("从本批次移出所选人员？各行的岗位选择会一并保存。") yes="确认移出" name="input[op]" value="remove" danger=true/>
            </div>
            {error_box(err)}
            <div class="table-wrap">
                <table class="data" id="campaign-items">
                    <thead><tr>
                        <th scope="col" class="no-print">{t("选择")}</th>
                        <th scope="col">{t("序号")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("原部室")}</th><th scope="col">{t("原职务")}</th>
                        <th scope="col">{t("职务层次")}</th><th scope="col">{t("聘任岗位")}</th><th scope="col">{t("问题")}</th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().enumerate().map(|(i, it)| {
                            let pid = it.person_id;
                            let current = it.post_id;
                            let select_label = tf("{} 的岗位", &[&it.name]);
                            view! {
                                <tr class:row-warn=!it.problems.is_empty()>
                                    <td class="no-print"><input type="checkbox" name="input[picked][]" value=pid.to_string() aria-label=it.name.clone()/></td>
                                    <td data-label=t("序号")>{i + 1}</td>
                                    <th scope="row" data-label=t("姓名")><A href=format!("/posts/person/{pid}") attr:translate="no">{it.name.clone()}</A></th>
                                    <td data-label=t("原部室")>{it.unit_name.clone()}</td>
                                    <td data-label=t("原职务")>{it.position.clone()}</td>
                                    <td data-label=t("职务层次")>{tr(&it.level).to_string()}</td>
                                    <td data-label=t("聘任岗位")>
                                        // Each option names its row's person, so a row is saved for whoever it shows.
                                        <select name=format!("input[rows][{i}]") aria-label=select_label>
                                            <option value=format!("{pid}:0")>{t("未安排")}</option>
                                            {posts.iter().map(|o| view! { <option value=format!("{pid}:{}", o.id) selected=o.id == current>{o.label.clone()}</option> }).collect_view()}
                                        </select>
                                    </td>
                                    <td data-label=t("问题")>{it.problems.join("；")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="button-row no-print">
                <button type="submit" class="primary" name="input[op]" value="save">{t("保存安排")}</button>
            </div>
        </PostForm>
    }
}

/// The people of a committed campaign (or a draft, read by a leader).
fn items_table(items: Vec<crate::model::CampaignItem>, draft: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" id="campaign-items">
                <thead><tr>
                    <th scope="col">{t("序号")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("原部室")}</th><th scope="col">{t("原职务")}</th>
                    <th scope="col">{t("职务层次")}</th><th scope="col">{t("聘任岗位")}</th>{draft.then(|| view! { <th scope="col">{t("问题")}</th> })}
                </tr></thead>
                <tbody>
                    {items.into_iter().enumerate().map(|(i, it)| {
                        let pid = it.person_id;
                        view! {
                            <tr class:row-warn=!it.problems.is_empty()>
                                <td data-label=t("序号")>{i + 1}</td>
                                <th scope="row" data-label=t("姓名")><A href=format!("/posts/person/{pid}") attr:translate="no">{it.name.clone()}</A></th>
                                <td data-label=t("原部室")>{it.unit_name.clone()}</td>
                                <td data-label=t("原职务")>{it.position.clone()}</td>
                                <td data-label=t("职务层次")>{tr(&it.level).to_string()}</td>
                                <td data-label=t("聘任岗位")>{format!("{}{}", it.post_unit, it.post_name)}</td>
                                {draft.then(|| view! { <td data-label=t("问题")>{it.problems.join("；")}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// 提交任免, asked first; not offered while the preview shows a conflict.
fn commit_form(id: i64, n_conflicts: usize) -> impl IntoView {
    let err = form_error::<CampaignCommit>();
    view! {
        {error_box(err)}
        {if n_conflicts > 0 {
            view! {
                <div class="button-row no-print">
                    <button type="button" class="primary" id="commit" disabled aria-describedby="conflicts">{t("提交任免")}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <form method="post" action="/api/campaign_commit" class="button-row no-print" id="commit-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <Confirm label="提交任免" question=t("提交后将一次写入全部任免记录，不能撤回。确认提交？") yes="确认提交" testid="commit"/>
                </form>
            }.into_any()
        }}
    }
}

/// Assignments from a workbook: export the draft's list, fill in 岗位编号 (or 聘任部室 and 聘任岗位),
/// add rows for more people by their 人员编号, check, then import.
#[component]
fn CampaignImport(id: i64) -> impl IntoView {
    use crate::components::import::SheetImport;
    fn describe(r: &ImportReport) -> String {
        if r.committed {
            tf("已从“{}”导入：新加入本批次 {} 人，共安排 {} 人。", &[&r.file_name, &r.creates, &(r.creates + r.updates)])
        } else {
            tf("文件无误，共 {} 行：新加入本批次 {} 人，更新 {} 人的安排。确认后一次写入。", &[&r.rows, &r.creates, &r.updates])
        }
    }
    view! {
        <SheetImport
            endpoint="campaign_sheet_import"
            fields=vec![("campaign_id", id.to_string())]
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
    let may_rules = u.may("post_rules_save");
    let may_effect = u.may("promotion_effect");
    let is_admin = u.roles().contains(&Role::Admin);
    let list = Resource::new(|| (), |_| promotion_list());
    let rules = Resource::new(|| (), |_| post_rules());
    let rules_err = form_error::<PostRulesSave>();
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("提任公示")}</h1></div>
            <PostsNav current="/posts/promotions"/>
            <p class="hint">{t("提任须经任前公示（工作日按节假日安排计算，调休上班日计入）。公示期满后办理任职，同时开始试用期。发起提任请在人员的任免记录页办理。")}</p>
            {flash_note("post_rules_save", "已保存规则")}
            {flash_note("promotion_objection", "已登记")}
            {flash_note("promotion_effect", "已办理任职，试用期开始。")}
            {flash_note("promotion_stop", "已终止提任")}
            {error_box(form_error::<PromotionObjection>())}
            {error_box(form_error::<PromotionEffect>())}
            {error_box(form_error::<PromotionStop>())}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let rules_err = rules_err.clone();
                    Suspend::new(async move {
                        let r = match rules.await { Ok(r) => r, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                        let fields = view! {
                            <label for="ru-days">{t("任前公示（工作日）")}</label><input id="ru-days" name="rules[notice_days]" type="number" min="1" max="30" required value=r.notice_days.to_string()/>
                            {field_error(rules_err.clone(), "notice_days")}
                            <label for="ru-months">{t("试用期（月）")}</label><input id="ru-months" name="rules[probation_months]" type="number" min="1" max="36" required value=r.probation_months.to_string()/>
                            {field_error(rules_err.clone(), "probation_months")}
                        };
                        if may_rules {
                            view! {
                                <PostForm action="/api/post_rules_save" class="inline-form no-print" id="rules-form" label=t("任免规则").to_string()>
                                    {fields}
                                    <button type="submit">{t("保存规则")}</button>
                                    {other_errors(rules_err)}
                                </PostForm>
                            }.into_any()
                        } else {
                            view! { <div class="inline-form no-print"><fieldset disabled>{fields}</fieldset></div> }.into_any()
                        }
                    })
                }}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let l = match list.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if l.is_empty() { return view! { <p class="empty">{t("还没有提任记录。")}</p> }.into_any(); }
                    l.into_iter().map(|p| promotion_card(p, is_hr, may_effect, is_admin)).collect_view().into_any()
                })}
            </Suspense>
        </section>
    }
}

fn promotion_card(p: crate::model::PromotionRow, is_hr: bool, may_effect: bool, is_admin: bool) -> impl IntoView {
    let pid = p.id;
    let open = p.status == "公示中";
    let person = p.name.clone();
    view! {
        <article class="card promotion" data-person=person>
            <h2>
                <A href=format!("/posts/person/{}", p.person_id) attr:translate="no">{p.name.clone()}</A>
                {format!("　{} → {}　", tr(&p.from_level), tr(&p.to_level))}<span translate="no">{p.post_name.clone()}</span>
                <span class="tag">{tr(&p.status).to_string()}</span>
            </h2>
            <dl class="facts">
                <dt>{t("讨论决定")}</dt><dd>{format!("{} {}", p.decision_date, p.decided_by)}</dd>
                <dt>{t("公示期")}</dt><dd class="notice-period">{tf("{} 至 {}（{} 个工作日）", &[&p.notice_start, &p.notice_end, &p.notice_days])}
                    {estimated_note(&p.estimated_years)}</dd>
                <dt>{t("最早任职日期")}</dt><dd>{p.earliest.clone()}</dd>
                {(!p.reason.is_empty()).then(|| view! { <dt>{t("说明")}</dt><dd>{p.reason.clone()}</dd> })}
            </dl>
            {(!p.objections.is_empty()).then(|| view! {
                <h3>{t("公示期间反映的问题")}</h3>
                <ul>{p.objections.iter().map(|o| view! {
                    <li>{tf("{}：{}", &[&o.received, &o.text])}{(!o.outcome.is_empty()).then(|| tf("（核查：{}）", &[&o.outcome]))}</li>
                }).collect_view()}</ul>
            })}
            {(open && is_hr).then(|| view! {
                <details class="no-print"><summary>{t("登记反映的问题")}</summary>
                    <PostForm action="/api/promotion_objection" class="form">
                        <input type="hidden" name="id" value=pid.to_string()/>
                        <div class="grid">
                            <div class="field"><label for=format!("ob-date-{pid}")>{t("收到日期")}</label><input id=format!("ob-date-{pid}") name="received" type="date" required value=today_text()/></div>
                        </div>
                        <div class="field"><label for=format!("ob-text-{pid}")>{t("反映的问题")}</label><textarea id=format!("ob-text-{pid}") name="text" rows="2" required maxlength="2000"></textarea></div>
                        <div class="field"><label for=format!("ob-out-{pid}")>{t("核查结果")}</label><textarea id=format!("ob-out-{pid}") name="outcome" rows="2" maxlength="2000"></textarea></div>
                        <div class="button-row"><button type="submit">{t("登记")}</button></div>
                    </PostForm>
                </details>
            })}
            {(open && may_effect).then(|| view! {
                <PostForm action="/api/promotion_effect" class="inline-form no-print effect-form">
                    <input type="hidden" name="id" value=pid.to_string()/>
                    <label for=format!("ef-date-{pid}")>{t("任职时间")}</label><input id=format!("ef-date-{pid}") name="effective_date" type="date" required value=p.earliest.clone()/>
                    <label for=format!("ef-doc-{pid}")>{t("任免文号")}</label><input id=format!("ef-doc-{pid}") name="doc_no" type="text" required maxlength="60"/>
                    {is_admin.then(|| view! { <label for=format!("ef-r-{pid}")>{t("突破限额理由")}</label><input id=format!("ef-r-{pid}") name="override_reason" type="text" maxlength="500"/> })}
                    <Confirm label="办理任职" question=t("办理任职后将改变其职务层次并开始试用期。确认？") yes="确认任职"/>
                </PostForm>
            })}
            {(open && is_hr).then(|| view! {
                <PostForm action="/api/promotion_stop" class="inline-form no-print">
                    <input type="hidden" name="id" value=pid.to_string()/>
                    <label for=format!("st-{pid}")>{t("终止理由")}</label><input id=format!("st-{pid}") name="reason" type="text" required maxlength="500"/>
                    <Confirm label="终止提任" question=t("终止该提任？") yes="确认终止" danger=true/>
                </PostForm>
            })}
        </article>
    }
}

// ---- probations ------------------------------------------------------------------------------------

#[component]
pub fn ProbationsPage() -> impl IntoView {
    view! { <Guarded path="/posts/probations" view=probations_page/> }
}

fn probations_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("probation_close");
    let from = query("from").unwrap_or_default();
    let days = query("days").and_then(|v| v.parse::<i64>().ok()).unwrap_or(60);
    let key = (from.clone(), days);
    let list = Resource::new(move || key.clone(), |(f, d)| probation_list(f, d));
    let range = |n: i64, label: &'static str| {
        view! { <button type="submit" name="days" value=n.to_string() aria-pressed=(days == n).to_string()>{t(label)}</button> }
    };
    view! {
        <section class="panel">
            <div class="panel-head"><h1>{t("试用期")}</h1></div>
            <PostsNav current="/posts/probations"/>
            // A plain GET form: the period lives in the URL; each button is one period.
            <form method="get" action="/posts/probations" class="inline-form no-print">
                <label for="pb-from">{t("起算日期（空为今天）")}</label><input id="pb-from" name="from" type="date" value=from/>
                {range(30, "30 天内到期")}
                {range(60, "60 天内到期")}
                {range(0, "全部试用中")}
            </form>
            {flash_note("probation_close", "已办理")}
            {error_box(form_error::<ProbationClose>())}
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
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t("姓名")><A href=format!("/posts/person/{}", p.person_id) attr:translate="no">{p.name.clone()}</A></th>
                                                <td data-label=t("部室")>{p.unit_name.clone()}</td>
                                                <td data-label=t("职务")>{p.position.clone()}</td>
                                                <td data-label=t("职务层次")>{tf("{}（原 {}）", &[&tr(&p.level), &tr(&p.prev_level)])}</td>
                                                <td data-label=t("试用期")>{tf("{} 至 {}", &[&p.starts, &p.ends])}</td>
                                                <td data-label=t("剩余天数")>{p.days_left}</td>
                                                {is_hr.then(|| view! {
                                                    <td class="no-print">
                                                        <PostForm action="/api/probation_close" class="inline-form">
                                                            <input type="hidden" name="appointment_id" value=aid.to_string()/>
                                                            <select name="outcome" aria-label=t("结果")>
                                                                <option value="转正">{t("转正")}</option><option value="回原级">{t("回原级")}</option>
                                                            </select>
                                                            <input type="date" name="effective_date" aria-label=t("生效日期") required value=p.ends.clone()/>
                                                            <input type="text" name="doc_no" aria-label=t("任免文号") placeholder=t("任免文号") required maxlength="60"/>
                                                            <input type="text" name="decided_by" aria-label=t("决定机关") maxlength="40" value="党委会"/>
                                                            <Confirm label="办理" question=t("按所选结果办理？记录将写入任免历史。") yes="确认办理"/>
                                                        </PostForm>
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

/// Blank rows the form offers for more family members (blank ones are not saved).
const SPARE_FAMILY_ROWS: usize = 3;

fn cadre_form_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let is_hr = u.may("cadre_form_save");
    let err = form_error::<CadreFormSave>();
    // The text is edited on `?edit=1` (and shown again there when the server refused it).
    let editing = is_hr && (query("edit").is_some() || err.is_some());
    let data = Resource::new(|| (), move |_| cadre_form(id));
    view! {
        <section class="panel cadre-form-page">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let err = err.clone();
                    Suspend::new(async move {
                        let d = match data.await { Ok(d) => d, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                        let pid = d.person_id;
                        view! {
                            <div class="panel-head no-print">
                                <h1>{t("干部任免审批表")}</h1>
                                <div class="button-row">
                                    <A href=format!("/posts/person/{pid}") attr:class="button">{t("任免记录")}</A>
                                    {is_hr.then(|| if editing {
                                        view! { <a href=format!("/posts/form/{id}") class="button">{t("取消编辑")}</a> }.into_any()
                                    } else {
                                        view! { <a href=format!("/posts/form/{id}?edit=1") class="button">{t("编辑")}</a> }.into_any()
                                    })}
                                    <PrintButton/>
                                </div>
                            </div>
                            {flash_note("cadre_form_save", "已保存")}
                            {editing.then(|| cadre_edit_form(id, d.clone(), err))}
                            {cadre_sheet(d)}
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The parts of the form that are not in the records: typed, saved in one form.
fn cadre_edit_form(id: i64, d: CadreFormView, err: Option<crate::error::AppError>) -> impl IntoView {
    let tx = d.text;
    let resume = if tx.resume.trim().is_empty() { d.resume_generated.clone() } else { tx.resume.clone() };
    let health = if tx.health.is_empty() { "健康".to_string() } else { tx.health.clone() };
    let rows = tx.family.len() + SPARE_FAMILY_ROWS.min(20usize.saturating_sub(tx.family.len()));
    let members: Vec<FamilyMember> = (0..rows).map(|i| tx.family.get(i).cloned().unwrap_or_default()).collect();
    type Column = (&'static str, &'static str, fn(&FamilyMember) -> String);
    let columns: [Column; 5] = [
        ("relation", "称谓", |m| m.relation.clone()),
        ("name", "姓名", |m| m.name.clone()),
        ("birth", "出生年月", |m| m.birth.clone()),
        ("political", "政治面貌", |m| m.political.clone()),
        ("work", "工作单位及职务", |m| m.work.clone()),
    ];
    view! {
        <PostForm action="/api/cadre_form_save" class="form boxed no-print" id="cadre-form-edit" label=t("编辑干部任免审批表").to_string()>
            <input type="hidden" name="person_id" value=id.to_string()/>
            <div class="grid">
                <div class="field"><label for="cf-pp">{t("拟任职务")}</label><input id="cf-pp" name="text[proposed_post]" type="text" maxlength="200" value=tx.proposed_post.clone()/>{field_error(err.clone(), "proposed_post")}</div>
                <div class="field"><label for="cf-pr">{t("拟免职务")}</label><input id="cf-pr" name="text[proposed_removal]" type="text" maxlength="200" value=tx.proposed_removal.clone()/>{field_error(err.clone(), "proposed_removal")}</div>
                <div class="field"><label for="cf-h">{t("健康状况")}</label><input id="cf-h" name="text[health]" type="text" maxlength="40" value=health/>{field_error(err.clone(), "health")}</div>
            </div>
            <div class="field"><label for="cf-resume">{t("简历（由任免记录生成，可修改）")}</label>
                <textarea id="cf-resume" name="text[resume]" rows="8" maxlength="5000">{resume}</textarea>
                <label class="check"><input type="checkbox" name="regenerate" value="true"/>{t("保存时按任免记录重新生成简历")}</label>
                {field_error(err.clone(), "resume")}</div>
            <div class="field"><label for="cf-rw">{t("奖惩情况")}</label><textarea id="cf-rw" name="text[rewards]" rows="2" maxlength="2000">{tx.rewards.clone()}</textarea>{field_error(err.clone(), "rewards")}</div>
            <div class="field"><label for="cf-as">{t("年度考核结果")}</label><input id="cf-as" name="text[assessments]" type="text" maxlength="500" value=tx.assessments.clone()/>{field_error(err.clone(), "assessments")}</div>
            <div class="field"><label for="cf-rs">{t("任免理由")}</label><textarea id="cf-rs" name="text[reasons]" rows="2" maxlength="2000">{tx.reasons.clone()}</textarea>{field_error(err.clone(), "reasons")}</div>
            <fieldset>
                <legend>{t("家庭主要成员（空行不保存）")}</legend>
                <div class="table-wrap">
                    <table class="data family-edit">
                        <thead><tr>{columns.iter().map(|(_, label, _)| view! { <th scope="col">{t(label)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {members.iter().enumerate().map(|(i, m)| view! {
                                <tr>
                                    {columns.iter().map(|(key, label, get)| view! {
                                        <td><input type="text" name=format!("text[family][{i}][{key}]") value=get(m)
                                            maxlength=if *key == "work" { "200" } else { "40" } aria-label=tf("{}（第 {} 位）", &[&t(label), &(i + 1)])/></td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {field_error(err.clone(), "family")}
            </fieldset>
            {other_errors(err)}
            <div class="button-row"><button type="submit" class="primary">{t("保存")}</button></div>
        </PostForm>
    }
}

/// The printable form.
fn cadre_sheet(d: CadreFormView) -> impl IntoView {
    let resume = if d.text.resume.trim().is_empty() { d.resume_generated.clone() } else { d.text.resume.clone() };
    let month = |s: &str| s.get(..7).unwrap_or(s).replace('-', ".");
    view! {
        <div class="official-form" id="cadre-form">
            <h2 class="form-title">{t("干部任免审批表")}</h2>
            <table class="official">
                <tbody>
                    <tr>
                        <th scope="row">{t("姓名")}</th><td>{d.name.clone()}</td>
                        <th scope="row">{t("性别")}</th><td>{tr(&d.sex).to_string()}</td>
                        <th scope="row">{t("出生年月（岁）")}</th><td>{tf("{}（{}岁）", &[&month(&d.birth), &d.age])}</td>
                        <td rowspan="4" class="photo">{t("照片")}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t("民族")}</th><td>{d.ethnicity.clone()}</td>
                        <th scope="row">{t("籍贯")}</th><td>{d.native_place.clone()}</td>
                        <th scope="row">{t("出生地")}</th><td>{d.birth_place.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t("入党时间")}</th><td>{month(&d.party_date)}</td>
                        <th scope="row">{t("参加工作时间")}</th><td>{month(&d.work_start)}</td>
                        <th scope="row">{t("健康状况")}</th><td>{if d.text.health.is_empty() { t("健康").to_string() } else { d.text.health.clone() }}</td>
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
    }
}
