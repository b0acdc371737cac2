//! 学以致用: the sessions asking for a follow-up and their completion, the notes waiting for the
//! 部室 leader, and HR's choice of sessions to ask about.

use crate::api::followups::*;
use crate::components::{field_error, ErrorBox, Guarded, Loading, PrintButton};
use crate::i18n::t;
use crate::model::{CurrentUser, FollowupNote, FollowupSession};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn FollowupsPage() -> impl IntoView {
    view! { <Guarded path="/assessment/followups" view=followups_page/> }
}

fn percent(n: i64, of: i64) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

#[component]
fn SessionRow(s: FollowupSession) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = s.session_id;
    let depts = Resource::new(
        move || open.get(),
        move |o| async move {
            if o {
                followup_depts(id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <tr>
            <th scope="row"><A href=format!("/lectures/{id}")>{s.title.clone()}</A></th>
            <td data-label=t("日期")>{s.date.clone()}</td>
            <td data-label=t("反馈时间")>{format!("课后 {} 天（{} 起）", s.days, s.due)}</td>
            <td data-label=t("出勤")>{s.attended}</td>
            <td data-label=t("已反馈")>{format!("{}（{}）", s.written, percent(s.written, s.attended))}</td>
            <td data-label=t("已确认")>{s.reviewed}</td>
            <td data-label=t("各部室")>
                <button type="button" class="small" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>{t("各部室")}</button>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match depts.await {
                            Ok(Some(list)) => view! {
                                <ul class="plain">
                                    {list.into_iter().map(|d| view! {
                                        <li>{format!("{}：出勤 {}，反馈 {}，确认 {}", d.name, d.attended, d.written, d.reviewed)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(None) => view! { <span></span> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            </td>
        </tr>
    }
}

/// Confirm (true) or comment on a note: session, person, confirm, comment.
type ReviewAction = Action<(i64, i64, bool, String), Result<(), crate::error::AppError>>;

fn note_item(n: FollowupNote, review: Option<ReviewAction>) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let (sid, pid) = (n.session_id, n.person_id);
    let state = match n.review.as_str() {
        "confirmed" => format!("已确认（{}）", n.reviewed_by),
        "commented" => format!("已提意见（{}）：{}", n.reviewed_by, n.review_comment),
        _ => "待确认".to_string(),
    };
    view! {
        <li class="note-card">
            <p><strong>{format!("{}（{}）", n.name, n.unit_name)}</strong>{format!(" · {} · {}", n.title, n.written_at)}</p>
            <p class="note">{n.note.clone()}</p>
            <p class="hint">{state}</p>
            {review.map(|a| view! {
                <form class="inline" on:submit=move |ev| { ev.prevent_default(); a.dispatch((sid, pid, true, comment.get_untracked())); }>
                    <input type="text" maxlength="300" size="20" placeholder=t("意见（退回修改时必填）") aria-label=format!("对 {} 的意见", n.name) bind:value=comment/>
                    <button type="submit" class="small primary">{t("确认")}</button>
                    <button type="button" class="small" on:click=move |_| { a.dispatch((sid, pid, false, comment.get_untracked())); }>{t("提意见")}</button>
                </form>
            })}
        </li>
    }
}

fn followups_page(_u: CurrentUser) -> impl IntoView {
    let mark = Action::new(|a: &(i64, i64)| followup_mark(a.0, a.1));
    let review = Action::new(|a: &(i64, i64, bool, String)| followup_review(a.0, a.1, a.2, a.3.clone()));
    let data = Resource::new(move || (mark.version().get(), review.version().get()), |_| followup_overview());
    let pick = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_string());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("学以致用")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/followups")}
            {move || mark.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            {move || review.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let o = match data.await { Ok(o) => o, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <h2>{t("需要反馈的课程")}</h2>
                        {if o.sessions.is_empty() {
                            view! { <p class="empty">{t("还没有需要学以致用反馈的课程。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="followup-sessions">
                                        <thead><tr>
                                            <th scope="col">{t("课程")}</th><th scope="col">{t("日期")}</th><th scope="col">{t("反馈时间")}</th>
                                            <th scope="col">{t("出勤")}</th><th scope="col">{t("已反馈")}</th><th scope="col">{t("已确认")}</th><th scope="col">{t("各部室")}</th>
                                        </tr></thead>
                                        <tbody>{o.sessions.into_iter().map(|s| view! { <SessionRow s=s/> }).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                        {o.may_review.then(|| view! {
                            <h2>{t("待确认的反馈")}</h2>
                            {if o.waiting.is_empty() {
                                view! { <p class="empty" data-testid="no-waiting">{t("没有待确认的反馈。")}</p> }.into_any()
                            } else {
                                view! { <ul class="plain" id="followup-waiting">{o.waiting.into_iter().map(|n| note_item(n, Some(review))).collect_view()}</ul> }.into_any()
                            }}
                        })}
                        <h2>{t("最近确认的反馈")}</h2>
                        {if o.reviewed.is_empty() {
                            view! { <p class="empty">{t("还没有确认的反馈。")}</p> }.into_any()
                        } else {
                            view! { <ul class="plain" id="followup-reviewed">{o.reviewed.into_iter().map(|n| note_item(n, None)).collect_view()}</ul> }.into_any()
                        }}
                        {o.may_mark.then(|| {
                            let recent = o.recent.clone();
                            view! {
                                <div class="no-print">
                                    <h2>{t("请参训人员反馈")}</h2>
                                    <form class="form boxed" on:submit=move |ev| {
                                        ev.prevent_default();
                                        if let Ok(id) = pick.get_untracked().parse::<i64>() {
                                            mark.dispatch((id, days.get_untracked().trim().parse().unwrap_or(-1)));
                                        }
                                    }>
                                        <div class="grid">
                                            <div class="field"><label for="fu-session">{t("近 90 天的课程")}</label>
                                                <select id="fu-session" required on:change=move |ev| pick.set(event_target_value(&ev)) prop:value=move || pick.get()>
                                                    <option value="">{t("请选择")}</option>
                                                    {recent.into_iter().map(|s| view! {
                                                        <option value=s.id.to_string()>{format!("{} {}{}", s.date, s.title, if s.marked { "（已设置）" } else { "" })}</option>
                                                    }).collect_view()}
                                                </select></div>
                                            <div class="field"><label for="fu-days">{t("课后多少天反馈（0 为取消）")}</label>
                                                <input id="fu-days" type="number" min="0" max="365" required bind:value=days/>
                                                {move || field_error(mark.value().get().and_then(|r| r.err()), "days")}</div>
                                        </div>
                                        <div class="button-row"><button type="submit">{t("保存")}</button></div>
                                        {move || matches!(mark.value().get(), Some(Ok(_))).then(|| view! { <p class="alert success" role="status">{t("已保存")}</p> })}
                                    </form>
                                </div>
                            }
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
