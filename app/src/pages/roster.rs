use crate::api::roster::{roster_list, unit_options};
use crate::components::{with_query, ErrorBox, Guarded, Loading, Pagination};
use crate::domain::roster::{EDUCATION, ESTABLISHMENTS, LEVELS, POLITICAL};
use crate::i18n::t;
use crate::model::{CurrentUser, RosterQuery, UnitOption};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

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

/// A `<select>` of fixed choices with an "all" entry.
#[component]
fn Choice(
    label: &'static str,
    id: &'static str,
    options: &'static [&'static str],
    value: RwSignal<String>,
    #[prop(optional)] all: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label for=id>{t(label)}
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{t(all.unwrap_or("全部"))}</option>
                {options.iter().map(|o| view! { <option value=*o>{t(o)}</option> }).collect_view()}
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
    let navigate = use_navigate();

    let init = current.get_untracked();
    let q = RwSignal::new(init.q.clone());
    let unit = RwSignal::new(if init.unit_id > 0 { init.unit_id.to_string() } else { String::new() });
    let level = RwSignal::new(init.level.clone());
    let establishment = RwSignal::new(init.establishment.clone());
    let status = RwSignal::new(init.status.clone());
    let political = RwSignal::new(init.political.clone());
    let education = RwSignal::new(init.education.clone());
    let sex = RwSignal::new(init.sex.clone());
    let age_min = RwSignal::new(init.age_min.map(|v| v.to_string()).unwrap_or_default());
    let age_max = RwSignal::new(init.age_max.map(|v| v.to_string()).unwrap_or_default());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = current.get_untracked();
        let nq = RosterQuery {
            q: q.get_untracked().trim().to_string(),
            unit_id: unit.get_untracked().parse().unwrap_or(0),
            level: level.get_untracked(),
            establishment: establishment.get_untracked(),
            status: status.get_untracked(),
            political: political.get_untracked(),
            education: education.get_untracked(),
            sex: sex.get_untracked(),
            age_min: age_min.get_untracked().trim().parse().ok(),
            age_max: age_max.get_untracked().trim().parse().ok(),
            sort: c.sort,
            desc: c.desc,
            page: 1,
        };
        navigate(&href_for(&nq), Default::default());
    };

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
                        // Full ID numbers: a POST (so no link can trigger it), audited on the server.
                        <form method="post" class="inline" action=move || with_query("/api/roster_export", &current.get().to_pairs())
                            on:submit=|ev| {
                                if !crate::components::confirm(t("导出的文件将包含完整身份证号，此次导出会记入审计日志。继续吗？")) {
                                    ev.prevent_default();
                                }
                            }>
                            <input type="hidden" name="full_id" value="1"/>
                            <button type="submit">{t("导出（含完整身份证号）")}</button>
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
            <form class="filters" role="search" on:submit=on_submit>
                <label for="f-q">{t("姓名 / 拼音 / 身份证号")}
                    <input id="f-q" type="search" bind:value=q maxlength="50" placeholder=t("如 张三、zhangsan、zs")/>
                </label>
                <label for="f-unit">{t("部室")}
                    <select id="f-unit" prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{t("全部部室")}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let list: Vec<UnitOption> = units.await.unwrap_or_default();
                                crate::components::unit_options_view(list)
                            })}
                        </Suspense>
                    </select>
                </label>
                <Choice label="职务层次" id="f-level" options=LEVELS value=level/>
                <Choice label="编制类别" id="f-est" options=ESTABLISHMENTS value=establishment/>
                <label for="f-status">{t("人员状态")}
                    <select id="f-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{t("在职")}</option>
                        <option value="退休">{t("退休")}</option>
                        <option value="离开">{t("调出、辞职、辞退、去世")}</option>
                        <option value="全部">{t("全部人员")}</option>
                    </select>
                </label>
                <Choice label="政治面貌" id="f-pol" options=POLITICAL value=political/>
                <Choice label="学历" id="f-edu" options=EDUCATION value=education/>
                <Choice label="性别" id="f-sex" options=&["男", "女"] value=sex/>
                <label for="f-amin">{t("年龄自")}<input id="f-amin" type="number" min="16" max="110" inputmode="numeric" bind:value=age_min/></label>
                <label for="f-amax">{t("年龄至")}<input id="f-amax" type="number" min="16" max="110" inputmode="numeric" bind:value=age_max/></label>
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
                                    <table class="data">
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
                                                    <td data-label=t("姓名")><A href=format!("/roster/{}", r.id)>{r.name}</A></td>
                                                    <td data-label=t("性别")>{r.sex}</td>
                                                    <td data-label=t("年龄")>{r.age}</td>
                                                    <td data-label=t("部室")>{r.unit_name}</td>
                                                    <td data-label=t("职务")>{r.position}</td>
                                                    <td data-label=t("职务层次")>{r.level}</td>
                                                    <td data-label=t("编制类别")>{r.establishment}</td>
                                                    <td data-label=t("政治面貌")>{r.political_status}</td>
                                                    <td data-label=t("学历")>{r.education}</td>
                                                    <td data-label=t("身份证号") class="mono">{r.id_masked}</td>
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
