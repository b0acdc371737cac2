use crate::api::roster::{roster_list, unit_options};
use crate::components::{with_query, Confirm, ErrorBox, Guarded, Loading, Pagination};
use crate::domain::roster::{EDUCATION, ESTABLISHMENTS, LEVELS, POLITICAL};
use crate::i18n::t;
use crate::model::{CurrentUser, RosterQuery, UnitOption};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RosterPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=roster/> }
}

pub fn use_roster_query() -> Memo<RosterQuery> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| RosterQuery::from_lookup(|k| q.get(k))))
}

fn href_for(q: &RosterQuery) -> String {
    with_query("/roster", &q.to_pairs())
}

/// A `<select>` of fixed choices with an "all" entry, named `id`'s query key.
#[component]
fn Choice(
    label: &'static str,
    id: &'static str,
    name: &'static str,
    options: &'static [&'static str],
    value: String,
    #[prop(optional)] all: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label for=id>{t(label)}
            <select id=id name=name>
                <option value="">{t(all.unwrap_or("全部"))}</option>
                {options.iter().map(|o| view! { <option value=*o selected=*o == value>{t(o)}</option> }).collect_view()}
            </select>
        </label>
    }
}

fn roster(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("person_save");
    let may_export = u.may("roster_export");
    let may_full = u.may("person_reveal_id");
    let may_import = u.may("roster_import");
    let current = use_roster_query();
    let data = Resource::new(move || current.get(), roster_list);
    let units = Resource::new(|| (), |_| unit_options());
    let init = current.get_untracked();
    let unit = init.unit_id;
    let status = init.status.clone();

    // A sortable column header: `aria-sort` belongs on the header cell (WCAG: not on the link).
    let sort_th = move |key: &'static str, label: &'static str| {
        let c = current.get();
        let active = c.sort == key;
        let next = RosterQuery { sort: key.into(), desc: active && !c.desc, page: 1, ..c.clone() };
        let arrow = if active {
            if c.desc {
                " ↓"
            } else {
                " ↑"
            }
        } else {
            ""
        };
        let sort = active.then_some(if c.desc { "descending" } else { "ascending" });
        view! {
            <th scope="col" aria-sort=sort>
                <A href=href_for(&next)>{t(label)}{arrow}</A>
            </th>
        }
    };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("花名册")}</h1>
                <div class="button-row">
                    <A href="/roster/units" attr:class="button">{t("部室与编制")}</A>
                    <A href="/roster/stats" attr:class="button">{t("统计")}</A>
                    {may_export.then(|| view! {
                        <a class="button" href=move || with_query("/api/roster_export", &current.get().to_pairs()) download>{t("导出 Excel")}</a>
                    })}
                    {may_full.then(|| view! {
                        // Full ID numbers: a POST (so no link can trigger it), asked first, audited on the server.
                        <form method="post" class="inline" action=move || with_query("/api/roster_export", &current.get().to_pairs())>
                            <input type="hidden" name="full_id" value="1"/>
                            <Confirm label="导出（含完整身份证号）" question=t("导出的文件将包含完整身份证号，此次导出会记入审计日志。继续吗？") yes="导出"/>
                        </form>
                    })}
                    {may_import.then(|| view! { <A href="/roster/import" attr:class="button">{t("Excel 导入")}</A> })}
                    {is_hr.then(|| view! {
                        <A href="/roster/corrections" attr:class="button">{t("更正申请")}</A>
                        <A href="/roster/accounts" attr:class="button">{t("批量开通账户")}</A>
                        <A href="/roster/new" attr:class="button primary">{t("新增人员")}</A>
                    })}
                </div>
            </div>
            // The filters are a plain GET form: the query lives in the URL (bookmarkable), sorting
            // is kept in hidden fields, and a new filter starts at page 1.
            <form class="filters" role="search" method="get" action="/roster">
                <label for="f-q">{t("姓名 / 拼音 / 身份证号")}
                    <input id="f-q" name="q" type="search" value=init.q.clone() maxlength="50" placeholder=t("如 张三、zhangsan、zs")/>
                </label>
                <label for="f-unit">{t("部室")}
                    <select id="f-unit" name="unit">
                        <option value="">{t("全部部室")}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let list: Vec<UnitOption> = units.await.unwrap_or_default();
                                list.into_iter().map(|o| view! {
                                    <option value=o.id.to_string() selected=o.id == unit>{format!("{}{}", "　".repeat(o.depth.max(0) as usize), o.name)}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </label>
                <Choice label="职务层次" id="f-level" name="level" options=LEVELS value=init.level.clone()/>
                <Choice label="编制类别" id="f-est" name="establishment" options=ESTABLISHMENTS value=init.establishment.clone()/>
                <label for="f-status">{t("人员状态")}
                    <select id="f-status" name="status">
                        <option value="">{t("在职")}</option>
                        <option value="退休" selected=status == "退休">{t("退休")}</option>
                        <option value="离开" selected=status == "离开">{t("调出、辞职、辞退、去世")}</option>
                        <option value="全部" selected=status == "全部">{t("全部人员")}</option>
                    </select>
                </label>
                <Choice label="政治面貌" id="f-pol" name="political" options=POLITICAL value=init.political.clone()/>
                <Choice label="学历" id="f-edu" name="education" options=EDUCATION value=init.education.clone()/>
                <Choice label="性别" id="f-sex" name="sex" options=&["男", "女"] value=init.sex.clone()/>
                <label for="f-amin">{t("年龄自")}<input id="f-amin" name="age_min" type="number" min="16" max="110" inputmode="numeric" value=init.age_min.map(|v| v.to_string())/></label>
                <label for="f-amax">{t("年龄至")}<input id="f-amax" name="age_max" type="number" min="16" max="110" inputmode="numeric" value=init.age_max.map(|v| v.to_string())/></label>
                {(!init.sort.is_empty()).then(|| view! { <input type="hidden" name="sort" value=init.sort.clone()/> })}
                {init.desc.then(|| view! { <input type="hidden" name="desc" value="1"/> })}
                <div class="button-row">
                    <button type="submit" class="primary">{t("筛选")}</button>
                    <a href="/roster">{t("清除")}</a>
                </div>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                        Ok(p) => {
                            let c = current.get_untracked();
                            let href = Callback::new(move |n: i64| href_for(&RosterQuery { page: n, ..c.clone() }));
                            let (pg, pages, total) = (p.page, p.pages(), p.total);
                            view! {
                                <div class="table-wrap">
                                    // The phone layout labels each cell from the stylesheet
                                    // (`table.roster-list`), not from an attribute repeated in
                                    // every one of the 50 rows.
                                    <table class="data roster-list">
                                        <thead>
                                            <tr>
                                                {sort_th("name", "姓名")}
                                                <th scope="col">{t("性别")}</th>
                                                {sort_th("age", "年龄")}
                                                {sort_th("unit", "部室")}
                                                <th scope="col">{t("职务")}</th>
                                                {sort_th("level", "职务层次")}
                                                <th scope="col">{t("编制类别")}</th>
                                                <th scope="col">{t("政治面貌")}</th>
                                                <th scope="col">{t("学历")}</th>
                                                <th scope="col">{t("身份证号")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.items.into_iter().map(|r| view! {
                                                <tr>
                                                    <td><A href=format!("/roster/{}", r.id)>{r.name}</A></td>
                                                    <td>{r.sex}</td>
                                                    <td>{r.age}</td>
                                                    <td>{r.unit_name}</td>
                                                    <td>{r.position}</td>
                                                    <td>{r.level}</td>
                                                    <td>{r.establishment}</td>
                                                    <td>{r.political_status}</td>
                                                    <td>{r.education}</td>
                                                    <td class="mono">{r.id_masked}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pagination page=pg pages=pages total=total href=href/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
