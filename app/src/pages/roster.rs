use crate::api::roster::roster_list;
use crate::components::{with_query, ErrorBox, Guarded, Loading, Pagination};
use crate::i18n::t;
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn RosterPage() -> impl IntoView {
    view! { <Guarded path="/roster" view=roster/> }
}

fn roster(_u: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1));
    let data = Resource::new(move || (search(), page()), |(s, p)| roster_list(s, p));
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = input.get().map(|i| i.value()).unwrap_or_default();
        navigate(&with_query("/roster", &[("q", v.trim().to_string())]), Default::default());
    };
    view! {
        <section class="panel">
            <h1>{t("花名册")}</h1>
            <form class="toolbar" role="search" on:submit=on_submit>
                <label for="roster-q" class="sr-only">{t("按姓名搜索")}</label>
                <input id="roster-q" type="search" name="q" node_ref=input placeholder=t("按姓名搜索") prop:value=search maxlength="50"/>
                <button type="submit">{t("搜索")}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{t("没有符合条件的记录。")}</p> }.into_any(),
                        Ok(p) => {
                            let s = search();
                            let href = Callback::new(move |n: i64| with_query("/roster", &[("q", s.clone()), ("page", n.to_string())]));
                            let (pg, pages, total) = (p.page, p.pages(), p.total);
                            view! {
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("姓名")}</th>
                                                <th scope="col">{t("性别")}</th>
                                                <th scope="col">{t("年龄")}</th>
                                                <th scope="col">{t("部室")}</th>
                                                <th scope="col">{t("职务")}</th>
                                                <th scope="col">{t("职务层次")}</th>
                                                <th scope="col">{t("人员状态")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.items.into_iter().map(|r| view! {
                                                <tr>
                                                    <td data-label=t("姓名")>{r.name}</td>
                                                    <td data-label=t("性别")>{r.sex}</td>
                                                    <td data-label=t("年龄")>{r.age}</td>
                                                    <td data-label=t("部室")>{r.unit_name}</td>
                                                    <td data-label=t("职务")>{r.position}</td>
                                                    <td data-label=t("职务层次")>{r.level}</td>
                                                    <td data-label=t("人员状态")>{r.status}</td>
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
