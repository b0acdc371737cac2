//! 学以致用: the sessions asking for a follow-up and their completion (per 部室 on request), the
//! notes waiting for the 部室 leader, and HR's choice of sessions to ask about. Drawn on the
//! server; every form works without the browser's code.

use crate::api::followups::*;
use crate::components::{field_error, flash_note, form_error, other_errors, ErrorBox, Guarded, Loading, PostForm, PrintButton};
use crate::i18n::{t, tf};
use crate::model::{CurrentUser, FollowupNote, FollowupSession};
use crate::pages::training::phrase;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

/// A session's row; `depts`: its completion per 部室, when asked for (`?depts=<id>`, from the
/// row's link, which then folds it again).
fn session_row(s: FollowupSession, depts: Option<Vec<crate::model::FollowupDept>>) -> impl IntoView {
    let id = s.session_id;
    let open = depts.is_some();
    let toggle = if open { "/assessment/followups".to_string() } else { format!("/assessment/followups?depts={id}#fu-{id}") };
    view! {
        <tr id=format!("fu-{id}")>
            <th scope="row" translate="no"><a href=format!("/lectures/{id}")>{s.title.clone()}</a></th>
            <td data-label=t("日期")>{s.date.clone()}</td>
            <td data-label=t("反馈时间")>{tf("课后 {} 天（{} 起）", &[&s.days, &s.due])}</td>
            <td data-label=t("出勤")>{s.attended}</td>
            <td data-label=t("已反馈")>{format!("{}（{}）", s.written, percent(s.written, s.attended))}</td>
            <td data-label=t("已确认")>{s.reviewed}</td>
            <td data-label=t("各部室")>
                <a href=toggle class="button small" aria-expanded=open.to_string()>{t("各部室")}</a>
                {depts.map(|list| view! {
                    <ul class="plain">
                        {list.into_iter().map(|d| view! {
                            <li><span translate="no">{d.name}</span>{tf("：出勤 {}，反馈 {}，确认 {}", &[&d.attended, &d.written, &d.reviewed])}</li>
                        }).collect_view()}
                    </ul>
                })}
            </td>
        </tr>
    }
}

/// A note; `review`: the 部室 leader's form (confirm, or comment for a revision).
fn note_item(n: FollowupNote, review: bool) -> impl IntoView {
    let state = match n.review.as_str() {
        "confirmed" => phrase("已确认（{}）", vec![n.reviewed_by.clone()]).into_any(),
        "commented" => phrase("已提意见（{}）：{}", vec![n.reviewed_by.clone(), n.review_comment.clone()]).into_any(),
        _ => t("待确认").into_any(),
    };
    view! {
        <li class="note-card">
            <p><strong>{format!("{}（{}）", n.name, n.unit_name)}</strong>{format!(" · {} · {}", n.title, n.written_at)}</p>
            <p class="note">{n.note.clone()}</p>
            <p class="hint">{state}</p>
            {review.then(|| view! {
                <PostForm action="/api/followup_review" class="inline">
                    <input type="hidden" name="session_id" value=n.session_id.to_string()/>
                    <input type="hidden" name="person_id" value=n.person_id.to_string()/>
                    // In a label: the form island puts a refusal beside the field there.
                    <label><input type="text" name="comment" maxlength="300" size="20" placeholder=t("意见（退回修改时必填）") aria-label=tf("对 {} 的意见", &[&n.name])/></label>
                    <button type="submit" class="small primary" name="confirm" value="true">{t("确认")}</button>
                    <button type="submit" class="small" name="confirm" value="false">{t("提意见")}</button>
                </PostForm>
            })}
        </li>
    }
}

fn followups_page(_u: CurrentUser) -> impl IntoView {
    let data = Resource::new(|| (), |_| followup_overview());
    let open = use_query_map().with_untracked(|q| q.get("depts").and_then(|v| v.parse::<i64>().ok()));
    let mark_err = form_error::<FollowupMark>();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("学以致用")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {crate::pages::training::assessment_tabs("/assessment/followups")}
            {form_error::<FollowupReview>().map(|e| view! { <ErrorBox error=e/> })}
            {flash_note("followup_review", "已保存")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let mark_err = mark_err.clone();
                    Suspend::new(async move {
                        let o = match data.await { Ok(o) => o, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                        // The one session whose 部室 were asked for.
                        let depts = match open {
                            Some(id) if o.sessions.iter().any(|s| s.session_id == id) => match followup_depts(id).await {
                                Ok(list) => Some((id, list)),
                                Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                            },
                            _ => None,
                        };
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
                                            <tbody>{o.sessions.into_iter().map(|s| {
                                                let list = depts.as_ref().filter(|(id, _)| *id == s.session_id).map(|(_, l)| l.clone());
                                                session_row(s, list)
                                            }).collect_view()}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            {o.may_review.then(|| view! {
                                <h2>{t("待确认的反馈")}</h2>
                                {if o.waiting.is_empty() {
                                    view! { <p class="empty" data-testid="no-waiting">{t("没有待确认的反馈。")}</p> }.into_any()
                                } else {
                                    view! { <ul class="plain" id="followup-waiting">{o.waiting.into_iter().map(|n| note_item(n, true)).collect_view()}</ul> }.into_any()
                                }}
                            })}
                            <h2>{t("最近确认的反馈")}</h2>
                            {if o.reviewed.is_empty() {
                                view! { <p class="empty">{t("还没有确认的反馈。")}</p> }.into_any()
                            } else {
                                view! { <ul class="plain" id="followup-reviewed">{o.reviewed.into_iter().map(|n| note_item(n, false)).collect_view()}</ul> }.into_any()
                            }}
                            {o.may_mark.then(|| {
                                let recent = o.recent.clone();
                                view! {
                                    <div class="no-print">
                                        <h2>{t("请参训人员反馈")}</h2>
                                        <PostForm action="/api/followup_mark" class="form boxed">
                                            <div class="grid">
                                                <div class="field"><label for="fu-session">{t("近 90 天的课程")}</label>
                                                    <select id="fu-session" name="session_id" required>
                                                        <option value="">{t("请选择")}</option>
                                                        {recent.into_iter().map(|s| view! {
                                                            <option value=s.id.to_string()>{format!("{} {}", s.date, s.title)}{s.marked.then(|| t("（已设置）"))}</option>
                                                        }).collect_view()}
                                                    </select>
                                                    {field_error(mark_err.clone(), "session_id")}</div>
                                                <div class="field"><label for="fu-days">{t("课后多少天反馈（0 为取消）")}</label>
                                                    <input id="fu-days" name="days" type="number" min="0" max="365" required value="30"/>
                                                    {field_error(mark_err.clone(), "days")}</div>
                                            </div>
                                            {other_errors(mark_err.clone())}
                                            {flash_note("followup_mark", "已保存")}
                                            <div class="button-row"><button type="submit">{t("保存")}</button></div>
                                        </PostForm>
                                    </div>
                                }
                            })}
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}
