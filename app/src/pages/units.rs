use crate::api::roster::{staffing, unit_save, UnitInput};
use crate::components::{field_error, ErrorBox, Guarded, Loading};
use crate::domain::roster::{ESTABLISHMENTS, LEADER_LEVELS};
use crate::error::AppError;
use crate::i18n::{t, use_locale};
use crate::model::{CurrentUser, Locale, QuotaLine, UnitStaffing};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn UnitsPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=units_page/> }
}

fn diff_cell(approved: i64, actual: i64) -> impl IntoView {
    let d = actual - approved;
    let (class, text) = if approved == 0 && actual == 0 {
        ("", "—".to_string())
    } else if d > 0 {
        ("over", format!("{} {d}", t("超")))
    } else if d < 0 {
        ("vacant", format!("{} {}", t("空"), -d))
    } else {
        ("", t("满").to_string())
    };
    view! { <span class=format!("quota {class}")>{text}</span> }
}

/// The heading for one leadership level's posts: "正处级职数" / "Division head posts".
fn posts_label(level: &str) -> String {
    match use_locale() {
        Locale::En => format!("{} posts", crate::i18n::tr(level)),
        Locale::Zh => format!("{level}职数"),
    }
}

fn quota_text(l: &QuotaLine) -> impl IntoView {
    let over = l.actual > l.approved;
    view! { <span class:over=over class="quota">{format!("{}/{}", l.actual, l.approved)}</span> }
}

fn units_page(u: CurrentUser) -> impl IntoView {
    let is_hr = u.may("unit_save");
    let saved = RwSignal::new(0u32);
    let data = Resource::new(move || saved.get(), |_| staffing());
    let editing = RwSignal::new(None::<UnitStaffing>);
    let creating = RwSignal::new(false);
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("部室与编制")}</h1>
                <div class="button-row no-print">
                    <A href="/roster" attr:class="button">{t("返回花名册")}</A>
                    {is_hr.then(|| view! {
                        <button type="button" class="primary" on:click=move |_| { editing.set(None); creating.set(true); }>{t("新增部室")}</button>
                    })}
                    <crate::components::PrintButton/>
                </div>
            </div>
            <p class="hint">{t("编制数为核定数，实有为在职人数；领导职数按“实配/核定”显示，超出核定的以红色标出。")}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => {
                            let all = list.clone();
                            view! {
                                {move || (creating.get() || editing.get().is_some()).then(|| view! {
                                    <UnitForm units=all.clone() initial=editing.get()
                                        on_done=Callback::new(move |changed: bool| {
                                            creating.set(false);
                                            editing.set(None);
                                            if changed { saved.update(|v| *v += 1); }
                                        })/>
                                })}
                                <div class="table-wrap">
                                    <table class="data staffing">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("部室")}</th>
                                                <th scope="col">{t("编制数")}</th>
                                                <th scope="col">{t("实有")}</th>
                                                <th scope="col">{t("超编/空编")}</th>
                                                {LEADER_LEVELS.iter().map(|l| view! { <th scope="col">{posts_label(l)}</th> }).collect_view()}
                                                {is_hr.then(|| view! { <th scope="col" class="no-print">{t("操作")}</th> })}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list.into_iter().map(|u| {
                                                let (a, n) = (u.approved_total(), u.actual_total());
                                                let row = u.clone();
                                                view! {
                                                    <tr>
                                                        <th scope="row" data-label=t("部室")>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</th>
                                                        <td data-label=t("编制数")>{a}</td>
                                                        <td data-label=t("实有")>{n}</td>
                                                        <td data-label=t("超编/空编")>{diff_cell(a, n)}</td>
                                                        {u.leaders.iter().map(|l| view! { <td data-label=posts_label(&l.key)>{quota_text(l)}</td> }).collect_view()}
                                                        {is_hr.then(|| view! {
                                                            <td class="no-print">
                                                                <button type="button" class="small" on:click=move |_| { creating.set(false); editing.set(Some(row.clone())); }>{t("编辑")}</button>
                                                            </td>
                                                        })}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UnitForm(units: Vec<UnitStaffing>, initial: Option<UnitStaffing>, on_done: Callback<bool>) -> impl IntoView {
    let id = initial.as_ref().map(|u| u.id);
    let name = RwSignal::new(initial.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let code = RwSignal::new(initial.as_ref().map(|u| u.code.clone()).unwrap_or_default());
    let kind = RwSignal::new(initial.as_ref().map(|u| u.kind.clone()).unwrap_or_else(|| "部室".into()));
    let parent = RwSignal::new(initial.as_ref().and_then(|u| u.parent_id).or_else(|| units.first().map(|u| u.id)).unwrap_or(0));
    let approved =
        |lines: Option<&Vec<QuotaLine>>, key: &str| lines.and_then(|l| l.iter().find(|q| q.key == key)).map(|q| q.approved).unwrap_or(0);
    let est: Vec<(&'static str, RwSignal<String>)> =
        ESTABLISHMENTS.iter().map(|c| (*c, RwSignal::new(approved(initial.as_ref().map(|u| &u.establishment), c).to_string()))).collect();
    let lead: Vec<(&'static str, RwSignal<String>)> =
        LEADER_LEVELS.iter().map(|l| (*l, RwSignal::new(approved(initial.as_ref().map(|u| &u.leaders), l).to_string()))).collect();
    let save = Action::new(move |input: &UnitInput| {
        let input = input.clone();
        async move {
            let r = unit_save(input).await;
            if r.is_ok() {
                on_done.run(true);
            }
            r
        }
    });
    let err = move || save.value().get().and_then(|r| r.err());
    let (est2, lead2) = (est.clone(), lead.clone());
    let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(-1);
    view! {
        <form class="form boxed wide" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(UnitInput {
                id,
                parent_id: parent.get_untracked(),
                name: name.get_untracked(),
                code: code.get_untracked(),
                kind: kind.get_untracked(),
                establishment: est2.iter().map(|(c, s)| (c.to_string(), number(*s))).collect(),
                leaders: lead2.iter().map(|(l, s)| (l.to_string(), number(*s))).collect(),
            });
        }>
            <h2>{if id.is_some() { t("编辑部室") } else { t("新增部室") }}</h2>
            <div class="grid">
                {id.is_none().then(|| view! {
                    <div class="field">
                        <label for="u-parent">{t("上级单位")}</label>
                        <select id="u-parent" prop:value=move || parent.get().to_string() on:change=move |ev| parent.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {units.iter().map(|u| view! { <option value=u.id.to_string()>{format!("{}{}", "　".repeat(u.depth.max(0) as usize), u.name)}</option> }).collect_view()}
                        </select>
                        {move || field_error(err(), "parent_id")}
                    </div>
                })}
                <div class="field">
                    <label for="u-name">{t("名称")}</label>
                    <input id="u-name" type="text" required bind:value=name/>
                    {move || field_error(err(), "name")}
                </div>
                <div class="field">
                    <label for="u-code">{t("代码")}</label>
                    <input id="u-code" type="text" required bind:value=code/>
                    {move || field_error(err(), "code")}
                </div>
                <div class="field">
                    <label for="u-kind">{t("类型")}</label>
                    <select id="u-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="部室">{t("部室")}</option>
                        <option value="派出单位">{t("派出单位")}</option>
                        <option value="中心">{t("中心")}</option>
                    </select>
                </div>
            </div>
            <fieldset>
                <legend>{t("编制数（按编制类别）")}</legend>
                <div class="grid">
                    {est.into_iter().map(|(c, s)| {
                        let fid = format!("u-est-{c}");
                        view! { <div class="field"><label for=fid.clone()>{t(c)}</label><input id=fid type="number" min="0" inputmode="numeric" bind:value=s/></div> }
                    }).collect_view()}
                </div>
                {move || field_error(err(), "establishment")}
            </fieldset>
            <fieldset>
                <legend>{t("领导职数")}</legend>
                <div class="grid">
                    {lead.into_iter().map(|(l, s)| {
                        let fid = format!("u-lead-{l}");
                        view! { <div class="field"><label for=fid.clone()>{t(l)}</label><input id=fid type="number" min="0" inputmode="numeric" bind:value=s/></div> }
                    }).collect_view()}
                </div>
                {move || field_error(err(), "leaders")}
            </fieldset>
            {move || err().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorBox error=e/> })}
            <div class="button-row">
                <button type="submit" class="primary" disabled=save.pending()>{t("保存")}</button>
                <button type="button" on:click=move |_| on_done.run(false)>{t("取消")}</button>
            </div>
        </form>
    }
}
