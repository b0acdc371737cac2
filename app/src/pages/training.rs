//! 学时 and scores: 我的学时 (progress against the quota, the ledger, external training submitted
//! for approval, one's own scores; a phone page), a person's ledger for HR and leaders, the 学时
//! overview (completion per 部室, the at-risk list, external training to approve, 网络学习 import,
//! the quotas), and assessments with their scores. Drawn on the server; every form works without
//! the browser's code.

use crate::api::followups::FollowupWrite;
use crate::api::training::*;
use crate::components::import::SheetImport;
use crate::components::{
    field_error, flash, flash_note, form_error, other_errors, path_id, with_query, Confirm, ErrorBox, Guarded, Loading, Pagination,
    PostForm, PrintButton,
};
use crate::domain::assessment::{hours_text, Pace, QuotaRules};
use crate::domain::lectures::hours_text as tenths_text;
use crate::i18n::{t, tf, tr};
use crate::model::{AssessmentRow, CurrentUser, ExternalTraining, HoursView, ImportReport, MyScore};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The 培训考核 pages, one link each (the current one marked).
pub fn assessment_tabs(current: &'static str) -> impl IntoView {
    const TABS: [(&str, &str); 7] = [
        ("/assessment", "评价排名"),
        ("/assessment/hours", "学时完成情况"),
        ("/assessment/exams", "考核成绩"),
        ("/assessment/grades", "年度考核"),
        ("/assessment/followups", "学以致用"),
        ("/assessment/ranking", "考核评比"),
        ("/assessment/summary", "年度统计"),
    ];
    view! {
        <nav class="tabs no-print" aria-label=t("培训考核")>
            {TABS.iter().map(|(href, label)| {
                let here = *href == current;
                view! { <a href=*href class=if here { "tab active" } else { "tab" } aria-current=here.then_some("page")>{t(label)}</a> }
            }).collect_view()}
        </nav>
    }
}

/// A translated sentence holding data (names, 部室, comments), the data marked as such for the
/// English pages: `phrase("{} 的学时", vec![name])`.
pub(crate) fn phrase(template: &'static str, data: Vec<String>) -> impl IntoView {
    let mut parts = t(template).split("{}");
    let first = parts.next().unwrap_or_default();
    let mut data = data.into_iter();
    let rest = parts.map(|p| view! { <span translate="no">{data.next().unwrap_or_default()}</span>{p} }).collect_view();
    view! { {first}{rest} }
}

/// A number from the query (0 when absent or not a number).
pub(crate) fn query_i32(name: &'static str) -> i32 {
    use_query_map().with_untracked(|q| q.get(name).and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// The progress bar with its numbers: done of required, what remains and the pace it needs.
pub fn progress_view(rule: &str, p: &Pace) -> impl IntoView {
    let pct = if p.required > 0.0 { (p.done / p.required * 100.0).clamp(0.0, 100.0) } else { 100.0 };
    let online_pct = if p.online_required > 0.0 { (p.online_done / p.online_required * 100.0).clamp(0.0, 100.0) } else { 100.0 };
    let state = if p.met {
        t("已达标").to_string()
    } else if p.days_left == 0 && p.elapsed_days == p.total_days {
        tf("未达标，尚差 {} 学时", &[&hours_text(p.remaining)])
    } else {
        tf("尚需 {} 学时，平均每月约 {} 学时", &[&hours_text(p.remaining), &hours_text(p.needed_per_month)])
    };
    let class = if p.met {
        "progress met"
    } else if p.at_risk {
        "progress at-risk"
    } else {
        "progress"
    };
    view! {
        <div class=class data-testid="hours-progress">
            <p class="hint">{tf("{}（{} 至 {}）", &[&rule, &p.from, &p.to])}</p>
            <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax=hours_text(p.required) aria-valuenow=hours_text(p.done)
                aria-label=t("学时进度")>
                <span style=format!("width:{pct:.0}%")></span>
            </div>
            <p class="big-number" data-testid="hours-done">{tf("{} / {} 学时", &[&hours_text(p.done), &hours_text(p.required)])}</p>
            <p class="hint" data-testid="hours-scope">{t("已获学时 / 年度要求：包括本单位的课程、专题培训、经审核的外出培训和网络学习；「我的课程」只计本单位组织的课程。")}</p>
            <p data-testid="hours-state">{state}{(p.at_risk && !p.met).then(|| view! { " "<strong class="badge warn">{t("进度滞后")}</strong> })}</p>
            {(p.online_required > 0.0).then(|| view! {
                <p class="hint" data-testid="online-done">{tf("其中网络学习 {} / {} 学时", &[&hours_text(p.online_done), &hours_text(p.online_required)])}</p>
                <div class="bar thin" role="progressbar" aria-valuemin="0" aria-valuemax=hours_text(p.online_required)
                    aria-valuenow=hours_text(p.online_done) aria-label=t("网络学习进度")>
                    <span style=format!("width:{online_pct:.0}%")></span>
                </div>
            })}
        </div>
    }
}

fn status_label(s: &str) -> &'static str {
    match s {
        "pending" => "待审核",
        "approved" => "已通过",
        "rejected" => "已退回",
        _ => "已撤回",
    }
}

fn ledger_table(h: &HoursView) -> impl IntoView {
    if h.lines.is_empty() {
        return view! { <p class="empty">{t("本期还没有学时记录。")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data" id="ledger">
                <thead><tr><th scope="col">{t("日期")}</th><th scope="col">{t("来源")}</th><th scope="col">{t("内容")}</th><th scope="col">{t("学时")}</th></tr></thead>
                <tbody>
                    {h.lines.iter().cloned().map(|l| view! {
                        <tr>
                            <td data-label=t("日期")>{l.date}</td>
                            <td data-label=t("来源")>{tr(&l.source).to_string()}</td>
                            <th scope="row" translate="no">{match l.session_id {
                                Some(id) => view! { <a href=format!("/lectures/{id}")>{l.title}</a> }.into_any(),
                                None => view! { <span>{l.title}</span> }.into_any(),
                            }}</th>
                            <td data-label=t("学时")>{tenths_text(l.hours_tenths)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn scores_table(list: Vec<MyScore>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{t("还没有考核成绩。")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data" id="my-scores">
                <thead><tr><th scope="col">{t("考核")}</th><th scope="col">{t("方式")}</th><th scope="col">{t("日期")}</th><th scope="col">{t("成绩")}</th><th scope="col">{t("结果")}</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|s| view! {
                        <tr>
                            <th scope="row" translate="no">{s.title}</th>
                            <td data-label=t("方式")>{tr(&s.kind).to_string()}</td>
                            <td data-label=t("日期")>{s.held_on}</td>
                            <td data-label=t("成绩")><span title=s.scale_text>{s.score}</span></td>
                            <td data-label=t("结果")>{if s.passed { t("合格") } else { t("不合格") }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// External training submitted; `withdraw`: the owner's view, with a button on each pending one.
fn externals_table(list: Vec<ExternalTraining>, withdraw: bool) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{t("没有申报记录。")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data" id="externals">
                <thead><tr>
                    <th scope="col">{t("培训名称")}</th><th scope="col">{t("举办单位")}</th><th scope="col">{t("日期")}</th>
                    <th scope="col">{t("学时")}</th><th scope="col">{t("状态")}</th><th scope="col">{t("操作")}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|e| {
                        let pending = e.status == "pending";
                        view! {
                            <tr>
                                <th scope="row" translate="no">{e.title.clone()}</th>
                                <td data-label=t("举办单位")>{e.organiser.clone()}</td>
                                <td data-label=t("日期")>{tf("{} 至 {}", &[&e.start_date, &e.end_date])}</td>
                                <td data-label=t("学时")>{tenths_text(e.hours_tenths)}</td>
                                <td data-label=t("状态")>{t(status_label(&e.status))}
                                    {(!e.decision_note.is_empty()).then(|| view! { " "<span class="hint">"（"{e.decision_note.clone()}"）"</span> })}</td>
                                <td data-label=t("操作")>{(withdraw && pending).then(|| view! {
                                    // One button: a plain form.
                                    <form method="post" action="/api/external_withdraw" class="inline">
                                        <input type="hidden" name="id" value=e.id.to_string()/>
                                        <button type="submit" class="small">{t("撤回")}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn grades_line(grades: &[(i32, String)]) -> impl IntoView {
    if grades.is_empty() {
        return view! { <p class="empty">{t("没有年度考核记录。")}</p> }.into_any();
    }
    let text = grades.iter().map(|(y, g)| tf("{} 年：{}", &[y, &tr(g)])).collect::<Vec<_>>().join(t("；"));
    view! { <p id="my-grades">{text}</p> }.into_any()
}

/// The follow-ups asked of a person; `writable`: the person's own view, with a plain form for each
/// one still open to writing.
fn followups_list(list: Vec<crate::model::FollowupTask>, writable: bool) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{t("没有需要反馈的课程。")}</p> }.into_any();
    }
    view! {
        <ul class="plain" id="followups">
            {list.into_iter().map(|f| {
                let state = match f.review.as_str() {
                    "confirmed" => phrase("已由{}确认", vec![f.reviewed_by.clone()]).into_any(),
                    "commented" => phrase("{}的意见：{}（可修改后重新提交）", vec![f.reviewed_by.clone(), f.review_comment.clone()]).into_any(),
                    _ if f.note.is_empty() => t("请填写").into_any(),
                    _ => t("等待部室负责人确认").into_any(),
                };
                let open = f.review != "confirmed";
                let label = tf("“{}”学以致用反馈", &[&f.title]);
                view! {
                    <li class="note-card">
                        <p><strong>{f.title.clone()}</strong>{format!(" · {}", f.date)}</p>
                        <p class="hint">{state}</p>
                        {if writable && open {
                            view! {
                                <PostForm action="/api/followup_write" class="form">
                                    <input type="hidden" name="session_id" value=f.session_id.to_string()/>
                                    <textarea name="note" rows="3" maxlength="500" minlength="10" required aria-label=label
                                        placeholder=t("学到的内容用在了哪里、效果如何（10 到 500 字）")>{f.note.clone()}</textarea>
                                    <div class="button-row"><button type="submit">{t("提交反馈")}</button></div>
                                </PostForm>
                            }.into_any()
                        } else {
                            view! { <p class="note">{f.note.clone()}</p> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Links to the year before and after (`extra`: other query parameters the page keeps).
pub(crate) fn year_links(base: &str, year: i32, extra: &[(&str, String)]) -> impl IntoView {
    let href = |y: i32| {
        let mut q = vec![("year", y.to_string())];
        q.extend(extra.iter().cloned());
        with_query(base, &q)
    };
    view! {
        <nav class="button-row no-print" aria-label=t("年度")>
            <a href=href(year - 1) class="button">{tf("‹ {} 年", &[&(year - 1)])}</a>
            <a href=href(year + 1) class="button">{tf("{} 年 ›", &[&(year + 1)])}</a>
        </nav>
    }
}

// ---- 我的学时 ----------------------------------------------------------------------------------------

#[component]
pub fn MyTrainingPage() -> impl IntoView {
    view! { <Guarded path="/me" view=my_training_page/> }
}

fn my_training_page(_u: CurrentUser) -> impl IntoView {
    let year = query_i32("year");
    // The server sends the forms' browser back with these once they succeeded.
    let (submitted, followup_done) = use_query_map().with_untracked(|q| (q.get("submitted").is_some(), q.get("followup").is_some()));
    let data = Resource::new(|| (), move |_| my_hours(year));
    let submit_err = form_error::<ExternalSubmit>();
    let err = move |f: &'static str| field_error(submit_err.clone(), f);
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("我的学时")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let h = match data.await {
                        Ok(Some(h)) => h,
                        Ok(None) => return view! { <p class="empty">{t("此账户未关联人员档案。")}</p> }.into_any(),
                        Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
                    };
                    view! {
                        <p class="print-title">{tf("{} 学时记录（{} 年）", &[&h.name, &h.year])}</p>
                        {progress_view(&h.rule, &h.pace)}
                        {year_links("/me/training", h.year, &[])}
                        <h2>{t("学时明细")}</h2>
                        {ledger_table(&h)}
                        <h2>{t("考核成绩")}</h2>
                        {scores_table(h.scores.clone())}
                        <h2>{t("年度考核")}</h2>
                        {grades_line(&h.grades)}
                        <h2>{t("学以致用")}</h2>
                        {followup_done.then(|| view! {
                            <div class="alert success" role="status" data-testid="followup-saved">{t("反馈已提交，等待部室负责人确认。")}</div>
                        })}
                        {form_error::<FollowupWrite>().map(|e| view! { <ErrorBox error=e/> })}
                        {followups_list(h.followups.clone(), true)}
                        <h2>{t("外部培训申报")}</h2>
                        {flash_note("external_withdraw", "已撤回")}
                        {form_error::<ExternalWithdraw>().map(|e| view! { <ErrorBox error=e/> })}
                        {externals_table(h.externals.clone(), true)}
                        <p class="no-print"><a href="/me/archive">{t("个人培训档案（可打印、导出）")}</a></p>
                    }.into_any()
                })}
            </Suspense>
        </section>
        <section class="panel narrow no-print">
            <h2>{t("申报外部培训")}</h2>
            <p class="hint">{t("在党校、上级部门等参加的培训，经组织人事部审核通过后计入学时。")}</p>
            {submitted.then(|| view! { <div class="alert success" role="status" data-testid="external-submitted">{t("已提交，等待审核。")}</div> })}
            <PostForm action="/api/external_submit" class="form">
                <div class="field"><label for="ex-title">{t("培训名称")}</label><input id="ex-title" name="title" maxlength="100" required/>{err("title")}</div>
                <div class="field"><label for="ex-org">{t("举办单位")}</label><input id="ex-org" name="organiser" maxlength="50" required/>{err("organiser")}</div>
                <div class="grid">
                    <div class="field"><label for="ex-start">{t("开始日期")}</label><input id="ex-start" name="start_date" type="date" required/>{err("start_date")}</div>
                    <div class="field"><label for="ex-end">{t("结束日期")}</label><input id="ex-end" name="end_date" type="date" required/>{err("end_date")}</div>
                </div>
                <div class="field"><label for="ex-hours">{t("学时")}</label><input id="ex-hours" name="hours" inputmode="decimal" maxlength="6" required/>{err("hours")}</div>
                <div class="field"><label for="ex-note">{t("说明（选填）")}</label><textarea id="ex-note" name="note" maxlength="300" rows="3"></textarea>{err("note")}</div>
                {other_errors(form_error::<ExternalSubmit>())}
                <div class="button-row"><button type="submit" class="primary">{t("提交申报")}</button></div>
            </PostForm>
        </section>
    }
}

/// The compact progress on /me, with a link to the whole page.
#[component]
pub fn HoursCard() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_hours(0));
    view! {
        <section class="panel">
            <h2>{t("学时进度")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(h)) => {
                            let open_followups = h.followups.iter().filter(|f| f.note.is_empty()).count();
                            view! {
                                {progress_view(&h.rule, &h.pace)}
                                {(open_followups > 0).then(|| view! {
                                    <p class="alert" role="status" data-testid="followups-due">
                                        <a href="/me/training#followups">{tf("有 {} 门课程请您填写学以致用反馈", &[&open_followups])}</a>
                                    </p>
                                })}
                                {(!h.to_rate.is_empty()).then(|| view! {
                                    <h3>{t("待评价的课程")}</h3>
                                    <ul class="plain" id="to-rate">
                                        {h.to_rate.iter().map(|(id, title, date)| view! {
                                            <li><a href=format!("/lectures/{id}/rate")>{format!("{date} {title}")}</a></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                <p><a href="/me/training">{t("学时明细、考核成绩与外部培训申报")}</a></p>
                            }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

// ---- a person's 学时 (HR, leaders) ----------------------------------------------------------------

#[component]
pub fn PersonHoursPage() -> impl IntoView {
    view! { <Guarded path="/assessment/person" view=person_hours_page/> }
}

fn person_hours_page(u: CurrentUser) -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let year = query_i32("year");
    let data = Resource::new(|| (), move |_| person_hours(id, year));
    let may_add = u.may("online_add");
    let add_err = form_error::<OnlineAdd>();
    let err = move |f: &'static str| field_error(add_err.clone(), f);
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let h = match data.await { Ok(h) => h, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    view! {
                        <div class="panel-head">
                            <h1>{phrase("{} 的学时", vec![h.name.clone()])}</h1>
                            <div class="button-row no-print"><PrintButton/></div>
                        </div>
                        <p>{h.unit_name.clone()}</p>
                        {progress_view(&h.rule, &h.pace)}
                        {year_links(&format!("/assessment/person/{id}"), h.year, &[])}
                        <h2>{t("学时明细")}</h2>
                        {ledger_table(&h)}
                        <h2>{t("考核成绩")}</h2>
                        {scores_table(h.scores.clone())}
                        <h2>{t("年度考核")}</h2>
                        {grades_line(&h.grades)}
                        <h2>{t("学以致用")}</h2>
                        {followups_list(h.followups.clone(), false)}
                        <h2>{t("外部培训申报")}</h2>
                        {externals_table(h.externals.clone(), false)}
                        <p class="no-print"><a href=format!("/assessment/archive/{id}")>{t("个人培训档案（可打印、导出）")}</a></p>
                    }.into_any()
                })}
            </Suspense>
        </section>
        {may_add.then(|| view! {
            <section class="panel narrow no-print">
                <h2>{t("登记网络学习学时")}</h2>
                {flash_note("online_add", "已登记")}
                <PostForm action="/api/online_add" class="form">
                    <input type="hidden" name="person_id" value=id.to_string()/>
                    <div class="grid">
                        <div class="field"><label for="ol-date">{t("日期")}</label><input id="ol-date" name="date" type="date" required/>{err("date")}</div>
                        <div class="field"><label for="ol-hours">{t("学时")}</label><input id="ol-hours" name="hours" inputmode="decimal" maxlength="5" required/>{err("hours")}</div>
                    </div>
                    <div class="field"><label for="ol-platform">{t("学习平台（选填）")}</label><input id="ol-platform" name="platform" maxlength="30"/>{err("platform")}</div>
                    {other_errors(form_error::<OnlineAdd>())}
                    <div class="button-row"><button type="submit">{t("登记")}</button></div>
                </PostForm>
            </section>
        })}
    }
}

// ---- 学时 overview ---------------------------------------------------------------------------------

#[component]
pub fn HoursPage() -> impl IntoView {
    view! { <Guarded path="/assessment/hours" view=hours_page/> }
}

fn percent(n: u32, of: u32) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn hours_page(u: CurrentUser) -> impl IntoView {
    let (year, page) = (query_i32("year"), query_i32("page"));
    let data = Resource::new(|| (), move |_| hours_overview(year, page.max(1) as u32));
    let is_hr = u.may("external_decide");
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("学时完成情况")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {assessment_tabs("/assessment/hours")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let o = match data.await { Ok(o) => o, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let y = o.year;
                    view! {
                        <p class="print-title">{tf("{} 年度学时完成情况（截至 {}）", &[&o.year, &o.today])}</p>
                        <p class="hint" data-testid="quota-rules">{tf(
                            "学时要求：乡科级及以下 {}；县处级 {}；网络学习每年不少于 {} 学时。“进度滞后”指按时间进度应完成学时减去要求的 10% 仍未达到，或剩余学时需要的月均进度超过全期平均的 1.5 倍。",
                            &[&o.rule_yearly, &o.rule_senior, &hours_text(o.rules.online_per_year_hours)],
                        )}</p>
                        {year_links("/assessment/hours", y, &[])}
                        <p class="big-number" data-testid="completion">{tf(
                            "{} 人中已达标 {} 人（{}），进度滞后 {} 人",
                            &[&o.people, &o.met, &percent(o.met, o.people), &o.at_risk_total],
                        )}</p>
                        <h2>{t("各部室完成情况")}</h2>
                        {if o.depts.is_empty() {
                            view! { <p class="empty">{t("没有在职人员。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="dept-completion">
                                        <thead><tr>
                                            <th scope="col">{t("部室")}</th><th scope="col">{t("人数")}</th><th scope="col">{t("已达标")}</th>
                                            <th scope="col">{t("达标率")}</th><th scope="col">{t("进度滞后")}</th><th scope="col">{t("人均学时")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {o.depts.clone().into_iter().map(|d| view! {
                                                <tr>
                                                    <th scope="row" translate="no">{d.dept_name.clone()}</th>
                                                    <td data-label=t("人数")>{d.people}</td>
                                                    <td data-label=t("已达标")>{d.met}</td>
                                                    <td data-label=t("达标率")><span class="meter" style=format!("--w:{:.0}%", d.met as f64 * 100.0 / d.people.max(1) as f64)></span>{percent(d.met, d.people)}</td>
                                                    <td data-label=t("进度滞后")>{d.at_risk}</td>
                                                    <td data-label=t("人均学时")>{hours_text(d.mean_hours)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                        <h2>{t("进度滞后人员")}</h2>
                        {if o.at_risk.is_empty() {
                            view! { <p class="empty" data-testid="no-at-risk">{t("没有进度滞后的人员。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="at-risk">
                                        <thead><tr>
                                            <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("要求")}</th>
                                            <th scope="col">{t("已完成")}</th><th scope="col">{t("尚差")}</th><th scope="col">{t("每月需完成")}</th><th scope="col">{t("网络学习")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {o.at_risk.into_iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row" translate="no"><a href=with_query(&format!("/assessment/person/{}", r.person_id), &[("year", y.to_string())])>{r.name.clone()}</a></th>
                                                    <td data-label=t("部室")>{if r.unit_name == r.dept_name { r.dept_name.clone() } else { format!("{} · {}", r.dept_name, r.unit_name) }}</td>
                                                    <td data-label=t("要求")>{r.rule.clone()}</td>
                                                    <td data-label=t("已完成")>{hours_text(r.done)}</td>
                                                    <td data-label=t("尚差")>{hours_text(r.remaining)}</td>
                                                    <td data-label=t("每月需完成")>{if r.missed { t("已过期").to_string() } else { hours_text(r.needed_per_month) }}</td>
                                                    <td data-label=t("网络学习")>{format!("{} / {}", hours_text(r.online_done), hours_text(r.online_required))}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                // The links keep the year.
                                <Pagination page=o.page as i64 pages=o.pages as i64 total=o.at_risk_total as i64
                                    href=Callback::new(move |p: i64| with_query("/assessment/hours", &[("year", y.to_string()), ("page", p.to_string())]))/>
                            }.into_any()
                        }}
                        {o.may_edit.then(|| quota_rules_form(o.rules.clone()))}
                    }.into_any()
                })}
            </Suspense>
        </section>
        {is_hr.then(|| view! {
            {external_queue_view()}
            <section class="panel no-print">
                <OnlineImport/>
            </section>
        })}
    }
}

fn quota_rules_form(rules: QuotaRules) -> impl IntoView {
    let e = form_error::<QuotaRulesSave>();
    let err = move |f: &'static str| field_error(e.clone(), f);
    view! {
        <div class="no-print">
            <h2>{t("学时要求")}</h2>
            <PostForm action="/api/quota_rules_save" class="form boxed">
                <div class="grid">
                    <div class="field"><label for="q-yearly">{t("乡科级及以下每年学时")}</label>
                        <input id="q-yearly" name="rules[per_year_hours]" inputmode="decimal" required value=hours_text(rules.per_year_hours)/>{err("per_year_hours")}</div>
                    <div class="field"><label for="q-years">{t("县处级统计周期（年）")}</label>
                        <input id="q-years" name="rules[senior_window_years]" type="number" min="1" max="10" required value=rules.senior_window_years.to_string()/>{err("senior_window_years")}</div>
                    <div class="field"><label for="q-window">{t("县处级周期内学时")}</label>
                        <input id="q-window" name="rules[senior_window_hours]" inputmode="decimal" required value=hours_text(rules.senior_window_hours)/>{err("senior_window_hours")}</div>
                    <div class="field"><label for="q-online">{t("每年网络学习学时")}</label>
                        <input id="q-online" name="rules[online_per_year_hours]" inputmode="decimal" required value=hours_text(rules.online_per_year_hours)/>{err("online_per_year_hours")}</div>
                </div>
                {other_errors(form_error::<QuotaRulesSave>())}
                {flash_note("quota_rules_save", "已保存")}
                <div class="button-row"><button type="submit">{t("保存")}</button></div>
            </PostForm>
        </div>
    }
}

/// HR's queue of external training: each row's opinion field belongs to the row's form (by `form`),
/// whose buttons approve, or (asked first) reject with the opinion as the reason.
fn external_queue_view() -> impl IntoView {
    let list = Resource::new(|| (), |_| external_queue(true));
    view! {
        <section class="panel no-print">
            <h2>{t("待审核的外部培训")}</h2>
            {flash_note("external_decide", "已处理")}
            {form_error::<ExternalDecide>().map(|e| view! { <ErrorBox error=e/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match list.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    if list.is_empty() {
                        return view! { <p class="empty" data-testid="no-external">{t("没有待审核的申报。")}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="data" id="external-queue">
                                <thead><tr>
                                    <th scope="col">{t("姓名")}</th><th scope="col">{t("培训名称")}</th><th scope="col">{t("日期")}</th>
                                    <th scope="col">{t("学时")}</th><th scope="col">{t("说明")}</th><th scope="col">{t("意见")}</th><th scope="col">{t("操作")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| {
                                        let form_id = format!("decide-{}", e.id);
                                        view! {
                                            <tr>
                                                <th scope="row" translate="no">{format!("{}（{}）", e.name, e.unit_name)}</th>
                                                <td data-label=t("培训名称")>{format!("{}（{}）", e.title, e.organiser)}</td>
                                                <td data-label=t("日期")>{tf("{} 至 {}", &[&e.start_date, &e.end_date])}</td>
                                                <td data-label=t("学时")>{tenths_text(e.hours_tenths)}</td>
                                                <td data-label=t("说明")>{e.note.clone()}</td>
                                                <td data-label=t("意见")>
                                                    <input type="text" form=form_id.clone() name="note" maxlength="300" aria-label=tf("对 {} 的审核意见", &[&e.name])/>
                                                </td>
                                                <td data-label=t("操作")>
                                                    <PostForm action="/api/external_decide" class="button-row" id=form_id>
                                                        <input type="hidden" name="id" value=e.id.to_string()/>
                                                        <button type="submit" class="small primary" name="approve" value="true">{t("通过")}</button>
                                                        <Confirm label="退回" question=t("退回这项申报？退回后不计学时。请在“意见”中写明原因。") yes="确认退回" name="approve" value="false"/>
                                                    </PostForm>
                                                </td>
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

#[component]
fn OnlineImport() -> impl IntoView {
    fn describe(r: &ImportReport) -> String {
        if r.committed {
            tf("已导入：新增 {} 条（共 {} 行，已有的不重复登记）。", &[&r.creates, &r.rows])
        } else {
            tf("文件无误：共 {} 行。", &[&r.rows])
        }
    }
    view! {
        <SheetImport
            endpoint="online_import"
            title="用 Excel 导入网络学习学时"
            hint="下载模板，每行填写 人员编号、姓名、日期、学时 和 学习平台（可留空），再上传检查；全部无误后确认导入，一次写入。"
            template="/api/online_template".to_string()
            template_label="下载模板（.xlsx）"
            describe=describe
        />
    }
}

// ---- assessments -----------------------------------------------------------------------------------

#[component]
pub fn ExamsPage() -> impl IntoView {
    view! { <Guarded path="/assessment/exams" view=exams_page/> }
}

fn exam_row(a: AssessmentRow) -> impl IntoView {
    let rate = if a.count > 0 { format!("{:.1}%", a.passed as f64 * 100.0 / a.count as f64) } else { "—".into() };
    view! {
        <tr>
            <th scope="row" translate="no"><a href=format!("/assessment/exams/{}", a.id)>{a.title.clone()}</a></th>
            <td data-label=t("方式")>{tr(&a.kind).to_string()}</td>
            <td data-label=t("日期")>{a.held_on.clone()}</td>
            <td data-label=t("课程")>{a.session_title.clone()}</td>
            <td data-label=t("计分")>{a.scale_text.clone()}</td>
            <td data-label=t("人数")>{a.count}</td>
            <td data-label=t("合格率")>{rate}</td>
        </tr>
    }
}

fn exams_page(u: CurrentUser) -> impl IntoView {
    let year = query_i32("year");
    let data = Resource::new(|| (), move |_| assessment_list(year));
    let may_create = u.may("assessment_save");
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{t("考核成绩")}</h1>
                <div class="button-row no-print"><PrintButton/></div>
            </div>
            {assessment_tabs("/assessment/exams")}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = match data.await { Ok(l) => l, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let (y, list) = (list.year, list.rows);
                    view! {
                        {year_links("/assessment/exams", y, &[])}
                        <p class="print-title">{tf("{} 年考核", &[&y])}</p>
                        {if list.is_empty() {
                            view! { <p class="empty">{t("这一年还没有考核。")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data" id="exams">
                                        <thead><tr>
                                            <th scope="col">{t("考核")}</th><th scope="col">{t("方式")}</th><th scope="col">{t("日期")}</th><th scope="col">{t("课程")}</th>
                                            <th scope="col">{t("计分")}</th><th scope="col">{t("人数")}</th><th scope="col">{t("合格率")}</th>
                                        </tr></thead>
                                        <tbody>{list.into_iter().map(exam_row).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
        {may_create.then(exam_form)}
    }
}

/// A new assessment; the server sends the browser on to its page.
fn exam_form() -> impl IntoView {
    let e = form_error::<AssessmentSave>();
    let err = move |f: &'static str| field_error(e.clone(), f);
    view! {
        <section class="panel narrow no-print">
            <h2>{t("新建考核")}</h2>
            <PostForm action="/api/assessment_save" class="form">
                <input type="hidden" name="id" value="0"/>
                <div class="field"><label for="ex-t">{t("考核名称")}</label><input id="ex-t" name="title" maxlength="100" required/>{err("title")}</div>
                <div class="grid">
                    <div class="field"><label for="ex-k">{t("考核方式")}</label>
                        <select id="ex-k" name="kind">
                            <option value="考试">{t("考试")}</option><option value="论文">{t("论文")}</option>
                            <option value="实操">{t("实操")}</option><option value="其他">{t("其他")}</option>
                        </select>{err("kind")}</div>
                    <div class="field"><label for="ex-d">{t("考核日期")}</label><input id="ex-d" name="held_on" type="date" required/>{err("held_on")}</div>
                    <div class="field"><label for="ex-s">{t("课程编号（选填）")}</label><input id="ex-s" name="session_id" inputmode="numeric" maxlength="12"/>{err("session_id")}</div>
                </div>
                <fieldset>
                    <legend>{t("计分方式")}</legend>
                    <label><input type="radio" name="scale" value="points" checked/>{t("分数")}</label>
                    <label><input type="radio" name="scale" value="grades"/>{t("等次")}</label>
                </fieldset>
                <div class="grid">
                    <div class="field"><label for="ex-max">{t("满分")}</label><input id="ex-max" name="max" inputmode="decimal" value="100"/>{err("max")}</div>
                    <div class="field"><label for="ex-pass">{t("及格分")}</label><input id="ex-pass" name="pass" inputmode="decimal" value="60"/>{err("pass")}</div>
                </div>
                <div class="grid">
                    <div class="field"><label for="ex-labels">{t("等次（从高到低，逗号分隔）")}</label><input id="ex-labels" name="labels" value="优秀，良好，合格，不合格"/></div>
                    <div class="field"><label for="ex-pc">{t("合格的等次数")}</label><input id="ex-pc" name="pass_count" type="number" min="0" max="10" value="3"/></div>
                </div>
                {err("scale")}
                {other_errors(form_error::<AssessmentSave>())}
                <div class="button-row"><button type="submit" class="primary">{t("创建")}</button></div>
            </PostForm>
        </section>
    }
}

#[component]
pub fn ExamPage() -> impl IntoView {
    view! { <Guarded path="/assessment/exams" view=exam_page/> }
}

fn stats_line(s: &crate::domain::assessment::Stats) -> String {
    let mut parts = vec![tf("{} 人", &[&s.count])];
    if let Some(m) = s.mean {
        parts.push(tf("平均 {}", &[&format!("{m:.1}")]));
    }
    if let Some(m) = s.median {
        parts.push(tf("中位数 {}", &[&format!("{m:.1}")]));
    }
    if let Some(g) = &s.median_grade {
        parts.push(tf("中位等次 {}", &[g]));
    }
    if let Some(r) = s.pass_rate {
        parts.push(tf("合格率 {}%", &[&format!("{:.1}", r * 100.0)]));
    }
    parts.join(t("，"))
}

fn exam_page(u: CurrentUser) -> impl IntoView {
    use crate::components::charts::BarChart;
    use crate::domain::stats::Count;
    let id = path_id().unwrap_or(0);
    let data = Resource::new(|| (), move |_| assessment_detail(id));
    view! {
        <section class="panel">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let d = match data.await { Ok(d) => d, Err(e) => return view! { <ErrorBox error=e/> }.into_any() };
                    let may_edit = d.may_edit;
                    let chart: Vec<Count> = d.stats.distribution.iter().map(|(l, n)| Count { label: l.clone(), n: *n as i64 }).collect();
                    view! {
                        <div class="panel-head">
                            <h1 translate="no">{d.row.title.clone()}</h1>
                            <div class="button-row no-print">
                                <a class="button" href=format!("/api/score_sheet?id={id}") download>{t("导出成绩单（.xlsx）")}</a>
                                <PrintButton/>
                            </div>
                        </div>
                        <p>{format!("{} · {} · {}", tr(&d.row.kind), d.row.held_on, d.row.scale_text)}
                            {d.row.session_id.map(|s| view! { " · " <a href=format!("/lectures/{s}")>{d.row.session_title.clone()}</a> })}</p>
                        <p class="big-number" data-testid="exam-stats">{stats_line(&d.stats)}</p>
                        {(d.stats.count > 0).then(|| view! { <BarChart title=t("成绩分布").to_string() data=chart/> })}
                        {(!d.by_dept.is_empty()).then(|| view! {
                            <h2>{t("各部室成绩")}</h2>
                            <div class="table-wrap">
                                <table class="data" id="exam-depts">
                                    <thead><tr><th scope="col">{t("部室")}</th><th scope="col">{t("统计")}</th></tr></thead>
                                    <tbody>
                                        {d.by_dept.iter().map(|(name, s)| view! {
                                            <tr><th scope="row" translate="no">{name.clone()}</th><td data-label=t("统计")>{stats_line(s)}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                        <h2>{t("成绩")}</h2>
                        {flash("score_save").map(|n| view! {
                            <p class="alert success" role="status" data-testid="flash">{tf("已保存 {} 人的成绩。", &[&n.unwrap_or(0)])}</p>
                        })}
                        {form_error::<ScoreSave>().map(|e| view! { <ErrorBox error=e/> })}
                        {if d.scores.is_empty() {
                            view! { <p class="empty">{t("还没有成绩。")}</p> }.into_any()
                        } else if may_edit {
                            scores_form(id, d.scores.clone()).into_any()
                        } else {
                            scores_list(d.scores.clone()).into_any()
                        }}
                        {may_edit.then(|| add_score_form(id))}
                    }.into_any()
                })}
            </Suspense>
        </section>
        {u.may("score_import").then(|| view! {
            <section class="panel no-print">
                <ScoreImport id=id/>
            </section>
        })}
    }
}

fn scores_head() -> impl IntoView {
    view! {
        <thead><tr>
            <th scope="col">{t("姓名")}</th><th scope="col">{t("部室")}</th><th scope="col">{t("成绩")}</th><th scope="col">{t("结果")}</th>
        </tr></thead>
    }
}

fn scores_list(list: Vec<crate::model::ScoreRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" id="scores">
                {scores_head()}
                <tbody>
                    {list.into_iter().map(|s| view! {
                        <tr>
                            <th scope="row" translate="no">{s.name}</th>
                            <td data-label=t("部室")>{s.unit_name}</td>
                            <td data-label=t("成绩")>{s.score}</td>
                            <td data-label=t("结果")>{if s.passed { t("合格") } else { t("不合格") }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Every score of the assessment in one form, a field per person and one button: the server keeps
/// what changed (an emptied field removes the score).
fn scores_form(id: i64, list: Vec<crate::model::ScoreRow>) -> impl IntoView {
    view! {
        <PostForm action="/api/score_save" class="form" id="scores-form">
            <input type="hidden" name="assessment_id" value=id.to_string()/>
            <div class="table-wrap">
                <table class="data" id="scores">
                    {scores_head()}
                    <tbody>
                        {list.into_iter().enumerate().map(|(i, s)| view! {
                            <tr>
                                <th scope="row" translate="no">{s.name.clone()}</th>
                                <td data-label=t("部室")>{s.unit_name.clone()}</td>
                                <td data-label=t("成绩")>
                                    <input type="hidden" name=format!("scores[{i}][person_id]") value=s.person_id.to_string()/>
                                    <input type="text" name=format!("scores[{i}][score]") maxlength="10" size="6" value=s.score.clone()
                                        aria-label=tf("{} 的成绩", &[&s.name])/>
                                </td>
                                <td data-label=t("结果")>{if s.passed { t("合格") } else { t("不合格") }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="button-row"><button type="submit" class="primary">{t("保存成绩")}</button></div>
        </PostForm>
    }
}

/// A score for someone not listed yet: chosen by name (the picker), or by 人员编号 without script.
fn add_score_form(id: i64) -> impl IntoView {
    view! {
        <div class="no-print">
            <h2>{t("录入成绩")}</h2>
            <PostForm action="/api/score_save" class="form boxed">
                <input type="hidden" name="assessment_id" value=id.to_string()/>
                <div class="grid">
                    <div class="field">
                        <islands::PersonPicker name="scores[0][person_id]".to_string() id="sc-person".to_string()
                            number_label=t("人员编号（见花名册）").to_string() search_label=t("按姓名查找").to_string() required=true/>
                    </div>
                    <div class="field">
                        <label for="sc-score">{t("成绩")}</label>
                        <input id="sc-score" name="scores[0][score]" maxlength="10" size="6" required/>
                    </div>
                </div>
                <div class="button-row"><button type="submit">{t("保存")}</button></div>
            </PostForm>
        </div>
    }
}

#[component]
fn ScoreImport(id: i64) -> impl IntoView {
    fn describe(r: &ImportReport) -> String {
        if r.committed {
            tf("已导入：新增 {} 人，更新 {} 人。", &[&r.creates, &r.updates])
        } else {
            tf("文件无误：将登记 {} 人的成绩（共 {} 行）。", &[&r.creates, &r.rows])
        }
    }
    view! {
        <SheetImport
            endpoint="score_import"
            fields=vec![("assessment_id", id.to_string())]
            title="用 Excel 导入成绩"
            hint="先导出成绩单（课程考核会列出出勤人员），在“成绩”列填写分数或等次（留空的不改动），也可以加行，填写人员编号和姓名；上传检查，全部无误后确认导入，一次写入。"
            template=format!("/api/score_sheet?id={id}")
            template_label="导出成绩单（.xlsx）"
            describe=describe
        />
    }
}
