//! Reports: a person's training archive (个人培训档案), the year's training summary in the words
//! of an annual report, and 考核评比 of the 部室 over a period, each printable and exportable.

use crate::error::AppError;
use crate::model::{ArchiveView, RankingView, SummaryView};
use leptos::prelude::*;

/// A person's whole training record. `person_id` 0: one's own (anyone); another person: HR and
/// leaders within their scope.
#[server(prefix = "/api", endpoint = "training_archive")]
pub async fn training_archive(person_id: i64) -> Result<ArchiveView, AppError> {
    crate::security::run("training_archive", |ctx| ssr::archive(ctx, person_id)).await
}

/// The year's training (0: this year) in numbers and words.
#[server(prefix = "/api", endpoint = "training_summary")]
pub async fn training_summary(year: i32) -> Result<SummaryView, AppError> {
    crate::security::run("training_summary", |ctx| async move {
        // The sentence is interface text: in the caller's language (the .xlsx keeps the Chinese).
        let locale = ctx.user().map(|u| u.locale).unwrap_or_default();
        let mut s = ssr::summary(ctx, year).await?;
        s.text = ssr::summary_text(locale, &s);
        Ok(s)
    })
    .await
}

/// The 部室 ranked on attendance, 学时 completion, scores and ratings over `[from, to]`
/// (YYYY-MM-DD; empty: this year so far).
#[server(prefix = "/api", endpoint = "dept_ranking")]
pub async fn dept_ranking(from: String, to: String) -> Result<RankingView, AppError> {
    crate::security::run("dept_ranking", |ctx| async move {
        let locale = ctx.user().map(|u| u.locale).unwrap_or_default();
        let mut r = ssr::ranking(ctx, from, to).await?;
        r.method = ssr::method_text(locale);
        Ok(r)
    })
    .await
}

#[cfg(feature = "ssr")]
pub use ssr::routes as report_routes;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::authz::{Role, Scope};
    use crate::domain::assessment::Scale;
    use crate::domain::evaluation::{method, rank_depts, DeptMeasures};
    use crate::domain::lectures::Attendance;
    use crate::domain::stats::Count;
    use crate::domain::time::{china_date, china_day_start_ms, today_china};
    use crate::i18n::{fill, translate};
    use crate::model::Locale;
    use crate::model::{ArchiveSession, ArchiveYear, MyScore};
    use crate::security::Ctx;
    use crate::store::grades::dept_of_path;
    use crate::store::{now_ms, people, reports as store, settings, training};
    use chrono::{Datelike, NaiveDate};
    use std::collections::{BTreeMap, HashMap};

    fn this_year() -> i32 {
        today_china(chrono::Utc::now()).year()
    }

    pub async fn archive(ctx: Ctx, person_id: i64) -> Result<ArchiveView, AppError> {
        let u = ctx.user()?;
        let own = person_id == 0 || u.person_id == Some(person_id);
        let pid = if person_id == 0 { u.person_id.ok_or(AppError::Refused("此账户未关联人员档案".into()))? } else { person_id };
        // Another person's archive: as HR or a leader, within the units those roles cover.
        let scope = if own {
            Scope::All
        } else {
            crate::authz::scope_for(crate::authz::Access::Roles(&[Role::Hr, Role::Leader]), &u.grants).ok_or(AppError::Forbidden)?
        };
        let p = training::quota_people(ctx.db(), &scope, training::Who::One(pid)).await?.pop().ok_or(AppError::NotFound)?;
        let rules = settings::lecture_rules(ctx.db()).await?;
        let mut years: BTreeMap<i32, ArchiveYear> = BTreeMap::new();
        let mut sessions = Vec::new();
        for (id, title, kind, starts, status, tenths) in store::marks(ctx.db(), pid).await? {
            let mark = Attendance::from_code(&status);
            let earned = if mark.is_some_and(|m| m.earns_hours(&rules)) { tenths } else { 0 };
            let day = china_date(starts);
            years.entry(day.year()).or_insert_with(|| ArchiveYear { year: day.year(), ..Default::default() }).session_tenths += earned;
            sessions.push(ArchiveSession {
                session_id: id,
                date: day.to_string(),
                title,
                kind,
                status: mark.map(|m| m.label().to_string()).unwrap_or(status),
                hours_tenths: earned,
            });
        }
        let externals = training::external_of(ctx.db(), pid).await?;
        for e in externals.iter().filter(|e| e.status == "approved") {
            let y: i32 = e.end_date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            years.entry(y).or_insert_with(|| ArchiveYear { year: y, ..Default::default() }).external_tenths += e.hours_tenths;
        }
        for (y, n) in store::online_by_year(ctx.db(), pid).await? {
            years.entry(y).or_insert_with(|| ArchiveYear { year: y, ..Default::default() }).online_tenths += n;
        }
        let scores = training::scores_for_person(ctx.db(), pid)
            .await?
            .into_iter()
            .map(|(a, score, passed)| MyScore {
                scale_text: a.scale.describe(),
                title: a.title,
                kind: a.kind,
                held_on: a.held_on,
                score,
                passed,
            })
            .collect();
        Ok(ArchiveView {
            person_id: pid,
            name: p.name,
            unit_name: if p.unit_name == p.dept_name { p.unit_name } else { format!("{} · {}", p.dept_name, p.unit_name) },
            level: p.level,
            years: years.into_values().rev().collect(),
            sessions,
            externals: externals.into_iter().filter(|e| e.status == "approved").collect(),
            scores,
            grades: crate::store::grades::grades_of(ctx.db(), pid).await?,
            generated: today_china(chrono::Utc::now()).to_string(),
        })
    }

    fn year_range(year: i32) -> Result<(i32, i64, i64), AppError> {
        let y = if year == 0 { this_year() } else { year };
        if !(2000..=this_year() + 1).contains(&y) {
            return Err(AppError::field("year", format!("年度应在 2000 到 {} 之间", this_year() + 1)));
        }
        let from = NaiveDate::from_ymd_opt(y, 1, 1).ok_or(AppError::BadRequest)?;
        let to = NaiveDate::from_ymd_opt(y + 1, 1, 1).ok_or(AppError::BadRequest)?;
        Ok((y, china_day_start_ms(from), china_day_start_ms(to)))
    }

    fn counts(map: BTreeMap<String, i64>) -> Vec<Count> {
        let mut v: Vec<Count> = map.into_iter().map(|(label, n)| Count { label, n }).collect();
        v.sort_by(|a, b| b.n.cmp(&a.n).then(a.label.cmp(&b.label)));
        v
    }

    pub async fn summary(ctx: Ctx, year: i32) -> Result<SummaryView, AppError> {
        let (year, from, to) = year_range(year)?;
        let late = settings::lecture_rules(ctx.db()).await?.late_earns_hours;
        let held = store::held(ctx.db(), from, to, now_ms()).await?;
        let ids: Vec<i64> = held.iter().map(|h| h.0).collect();
        let hours: HashMap<i64, i64> = held.iter().map(|h| (h.0, h.4)).collect();
        let totals = store::attendance_totals(ctx.db(), &ids, late).await?;
        let (mut by_kind, mut by_category, mut by_month) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for m in 1..=12 {
            by_month.insert(format!("{m:02} 月"), 0);
        }
        let (mut attendances, mut session_tenths) = (0i64, 0i64);
        for (id, kind, category, starts, _) in &held {
            *by_kind.entry(kind.clone()).or_insert(0) += 1;
            *by_category.entry(category.clone()).or_insert(0) += 1;
            *by_month.entry(format!("{:02} 月", china_date(*starts).month())).or_insert(0) += 1;
            let (came, earned) = totals.get(id).copied().unwrap_or((0, 0));
            attendances += came;
            session_tenths += earned * hours.get(id).copied().unwrap_or(0);
        }
        let (ext, online) = store::other_hours(ctx.db(), &format!("{year}-01-01"), &format!("{year}-12-31")).await?;
        let people = store::active_people(ctx.db()).await?;
        let min = settings::json_or_default::<crate::domain::ratings::RatingRules>(ctx.db(), "rating_rules").await?.min_count as i64;
        let (n_ratings, rating_sum) = store::rating_totals(ctx.db(), from, to, now_ms(), min).await?;
        let leader_sessions = store::taught_by_leaders(ctx.db(), &ids).await?;
        let mean_hours = if people > 0 { (session_tenths + ext + online) as f64 / 10.0 / people as f64 } else { 0.0 };
        let mean_rating = (n_ratings > 0).then(|| crate::domain::ratings::round1(rating_sum as f64 / n_ratings as f64));
        let mut view = SummaryView {
            year,
            sessions: held.len() as i64,
            attendances,
            people,
            mean_hours,
            session_hours: session_tenths as f64 / 10.0,
            external_hours: ext as f64 / 10.0,
            online_hours: online as f64 / 10.0,
            ratings: n_ratings,
            mean_rating,
            leader_sessions,
            by_kind: counts(by_kind),
            by_category: counts(by_category),
            by_month: by_month.into_iter().map(|(label, n)| Count { label, n }).collect(),
            text: String::new(),
        };
        view.text = summary_text(Locale::Zh, &view);
        Ok(view)
    }

    /// The year in one sentence, as an annual report words it, in `locale`.
    pub fn summary_text(locale: Locale, s: &SummaryView) -> String {
        let rating = s.mean_rating.map(|r| fill(translate(locale, "、平均满意度{}"), &[&format!("{r:.1}")])).unwrap_or_default();
        fill(
            translate(locale, "{}年，开展培训{}场、参训{}人次、人均学时{}{}；其中领导干部授课{}场。"),
            &[&s.year, &s.sessions, &s.attendances, &format!("{:.1}", s.mean_hours), &rating, &s.leader_sessions],
        )
    }

    /// How the 部室 are ranked, in `locale` (`domain::evaluation::method` in Chinese).
    pub fn method_text(locale: Locale) -> String {
        let parts: Vec<String> = crate::domain::evaluation::WEIGHTS.iter().map(|(n, w)| format!("{} {w}%", translate(locale, n))).collect();
        fill(
            translate(
                locale,
                "综合得分（百分制）= {}；授课满意度按 5 分制折算（平均分 ÷ 5），平均成绩按满分折算。某项没有数据的部室，该项权重按比例分给其余各项。综合得分相同者并列，名次按并列人数顺延。",
            ),
            &[&parts.join(" + ")],
        )
    }

    fn day(field: &'static str, text: &str, default: NaiveDate) -> Result<NaiveDate, AppError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(default);
        }
        NaiveDate::parse_from_str(&crate::domain::import::normalise_date(t), "%Y-%m-%d")
            .map_err(|_| AppError::field(field, "日期格式应为 2026-03-15"))
    }

    pub async fn ranking(ctx: Ctx, from: String, to: String) -> Result<RankingView, AppError> {
        let today = today_china(chrono::Utc::now());
        let from = day("from", &from, NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today))?;
        let to = day("to", &to, today)?;
        if from > to || (to - from).num_days() > 3 * 366 {
            return Err(AppError::field("to", "结束日期应不早于开始日期，期间不超过 3 年"));
        }
        let (from_ms, to_ms) = (china_day_start_ms(from), china_day_start_ms(to.succ_opt().unwrap_or(to)));
        let names = people::unit_names(ctx.db()).await?;
        let mut m: BTreeMap<i64, DeptMeasures> = BTreeMap::new();
        // Who is in each 部室, and 学时 completion for the year the period ends in.
        for d in crate::api::training::ssr::completion(&ctx, to.year()).await? {
            m.insert(
                d.dept_id,
                DeptMeasures {
                    dept_id: d.dept_id,
                    name: if d.dept_name.is_empty() { names.get(&d.dept_id).cloned().unwrap_or_default() } else { d.dept_name },
                    people: d.people,
                    attendance: None,
                    completion: (d.people > 0).then(|| d.met as f64 / d.people as f64),
                    score: None,
                    rating: None,
                },
            );
        }
        // Attendance.
        let mut marks: HashMap<i64, (i64, i64)> = HashMap::new();
        for (path, status, n) in store::marks_by_unit(ctx.db(), &ctx.scope, from_ms, to_ms).await? {
            let e = marks.entry(dept_of_path(&path)).or_default();
            if status == "present" || status == "late" {
                e.0 += n;
            }
            if status != "pending" {
                e.1 += n;
            }
        }
        // Scores as a share of the full mark.
        let mut scores: HashMap<i64, (f64, i64)> = HashMap::new();
        let mut scales: HashMap<String, f64> = HashMap::new();
        for (path, hundredths, scale) in store::points_by_unit(ctx.db(), &ctx.scope, &from.to_string(), &to.to_string()).await? {
            let max = *scales.entry(scale.clone()).or_insert_with(|| match serde_json::from_str::<Scale>(&scale) {
                Ok(Scale::Points { max, .. }) if max > 0.0 => max,
                _ => 0.0,
            });
            if max > 0.0 {
                let e = scores.entry(dept_of_path(&path)).or_default();
                e.0 += hundredths as f64 / 100.0 / max;
                e.1 += 1;
            }
        }
        // Ratings of the sessions their people taught: published sessions only, and the 部室's total
        // from the minimum number of ratings.
        let min = settings::json_or_default::<crate::domain::ratings::RatingRules>(ctx.db(), "rating_rules").await?.min_count as i64;
        let mut ratings: HashMap<i64, (i64, i64)> = HashMap::new();
        for (path, n, total) in store::ratings_by_lecturer_unit(ctx.db(), from_ms, to_ms, now_ms(), min).await? {
            let e = ratings.entry(dept_of_path(&path)).or_default();
            e.0 += n;
            e.1 += total;
        }
        for (d, x) in m.iter_mut() {
            x.attendance = marks.get(d).filter(|(_, all)| *all > 0).map(|(came, all)| *came as f64 / *all as f64);
            x.score = scores.get(d).filter(|(_, n)| *n > 0).map(|(sum, n)| sum / *n as f64);
            x.rating = ratings
                .get(d)
                .filter(|(n, _)| *n >= min.max(1))
                .map(|(n, total)| crate::domain::ratings::round1(*total as f64 / *n as f64));
        }
        Ok(RankingView { from: from.to_string(), to: to.to_string(), method: method(), rows: rank_depts(m.into_values().collect()) })
    }

    // ---- downloads ----------------------------------------------------------------------------

    use crate::api::excel::ssr::refusal;

    fn param(params: &[(String, String)], k: &str) -> String {
        params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn h(t: i64) -> String {
        crate::domain::lectures::hours_text(t)
    }

    /// `GET /api/archive_xlsx?person_id=…` (0 or none: one's own).
    pub async fn archive_xlsx(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "archive_xlsx") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let pid: i64 = param(&params, "person_id").parse().unwrap_or(0);
        let work = async {
            let a = archive(ctx, pid).await?;
            let title = format!("{} 个人培训档案", a.name);
            let mut rows: Vec<Vec<String>> = Vec::new();
            rows.push(vec!["姓名".into(), a.name.clone(), "部室".into(), a.unit_name.clone(), "职务层次".into(), a.level.clone()]);
            rows.push(Vec::new());
            rows.push(vec!["年度".into(), "本单位培训学时".into(), "外部培训学时".into(), "网络学习学时".into(), "合计".into()]);
            for y in &a.years {
                rows.push(vec![
                    y.year.to_string(),
                    h(y.session_tenths),
                    h(y.external_tenths),
                    h(y.online_tenths),
                    h(y.session_tenths + y.external_tenths + y.online_tenths),
                ]);
            }
            rows.push(Vec::new());
            rows.push(vec!["日期".into(), "课程".into(), "类型".into(), "出勤".into(), "学时".into()]);
            for s in &a.sessions {
                rows.push(vec![s.date.clone(), s.title.clone(), s.kind.clone(), s.status.clone(), h(s.hours_tenths)]);
            }
            rows.push(Vec::new());
            rows.push(vec!["外部培训".into(), "举办单位".into(), "开始".into(), "结束".into(), "学时".into()]);
            for e in &a.externals {
                rows.push(vec![e.title.clone(), e.organiser.clone(), e.start_date.clone(), e.end_date.clone(), h(e.hours_tenths)]);
            }
            rows.push(Vec::new());
            rows.push(vec!["考核".into(), "方式".into(), "日期".into(), "成绩".into(), "结果".into()]);
            for s in &a.scores {
                rows.push(vec![
                    s.title.clone(),
                    s.kind.clone(),
                    s.held_on.clone(),
                    s.score.clone(),
                    if s.passed { "合格".into() } else { "不合格".into() },
                ]);
            }
            rows.push(Vec::new());
            rows.push(vec!["年度考核".into(), "等次".into()]);
            for (y, g) in &a.grades {
                rows.push(vec![y.to_string(), g.clone()]);
            }
            let name = a.name.clone();
            tokio::task::spawn_blocking(move || crate::excel::table(&["个人培训档案"], rows, "培训档案", &title))
                .await
                .map_err(|_| AppError::Internal)?
                .map_err(AppError::from)
                .map(|b| (b, name))
        };
        match work.await {
            Ok((bytes, name)) => crate::api::excel::ssr::workbook(bytes, &format!("培训档案-{name}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    /// `GET /api/summary_xlsx?year=…`.
    pub async fn summary_xlsx(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "summary_xlsx") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let year: i32 = param(&params, "year").parse().unwrap_or(0);
        let work = async {
            let s = summary(ctx, year).await?;
            let mut rows: Vec<Vec<String>> = vec![
                vec!["概述".into(), s.text.clone()],
                vec!["开展培训（场）".into(), s.sessions.to_string()],
                vec!["参训（人次）".into(), s.attendances.to_string()],
                vec!["在职人数".into(), s.people.to_string()],
                vec!["人均学时".into(), format!("{:.1}", s.mean_hours)],
                vec!["本单位培训学时".into(), format!("{:.1}", s.session_hours)],
                vec!["外部培训学时".into(), format!("{:.1}", s.external_hours)],
                vec!["网络学习学时".into(), format!("{:.1}", s.online_hours)],
                vec!["评价份数".into(), s.ratings.to_string()],
                vec!["平均满意度".into(), s.mean_rating.map(|r| format!("{r:.1}")).unwrap_or_default()],
                vec!["领导干部授课（场）".into(), s.leader_sessions.to_string()],
                Vec::new(),
                vec!["按类型".into(), "场次".into()],
            ];
            rows.extend(s.by_kind.iter().map(|c| vec![c.label.clone(), c.n.to_string()]));
            rows.push(Vec::new());
            rows.push(vec!["按类别".into(), "场次".into()]);
            rows.extend(s.by_category.iter().map(|c| vec![c.label.clone(), c.n.to_string()]));
            rows.push(Vec::new());
            rows.push(vec!["按月份".into(), "场次".into()]);
            rows.extend(s.by_month.iter().map(|c| vec![c.label.clone(), c.n.to_string()]));
            let title = format!("{} 年度培训工作统计", s.year);
            let y = s.year;
            tokio::task::spawn_blocking(move || crate::excel::table(&["项目", "数值"], rows, "年度统计", &title))
                .await
                .map_err(|_| AppError::Internal)?
                .map_err(AppError::from)
                .map(|b| (b, y))
        };
        match work.await {
            Ok((bytes, y)) => crate::api::excel::ssr::workbook(bytes, &format!("年度培训统计-{y}.xlsx")),
            Err(e) => refusal(e),
        }
    }

    /// `GET /api/ranking_xlsx?from=…&to=…`.
    pub async fn ranking_xlsx(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "ranking_xlsx") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let work = async {
            let r = ranking(ctx, param(&params, "from"), param(&params, "to")).await?;
            let pct = |x: Option<f64>| x.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into());
            let mut rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|d| {
                    vec![
                        if d.rank == 0 { "—".into() } else { d.rank.to_string() },
                        d.measures.name.clone(),
                        d.measures.people.to_string(),
                        pct(d.measures.attendance),
                        pct(d.measures.completion),
                        pct(d.measures.score),
                        d.measures.rating.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into()),
                        if d.rank == 0 { "—".into() } else { format!("{:.1}", d.composite) },
                    ]
                })
                .collect();
            rows.push(Vec::new());
            rows.push(vec!["评比方法".into(), r.method.clone()]);
            let title = format!("考核评比 {} 至 {}", r.from, r.to);
            tokio::task::spawn_blocking(move || {
                crate::excel::table(
                    &["名次", "部室", "人数", "出勤率", "学时达标率", "平均成绩", "授课满意度", "综合得分"],
                    rows,
                    "考核评比",
                    &title,
                )
            })
            .await
            .map_err(|_| AppError::Internal)?
            .map_err(AppError::from)
        };
        match work.await {
            Ok(bytes) => crate::api::excel::ssr::workbook(bytes, "考核评比.xlsx"),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: crate::security::AppState) -> axum::Router {
        use axum::routing::get;
        let wrong = crate::security::gate::wrong_method;
        axum::Router::new()
            .route("/api/archive_xlsx", get(archive_xlsx).fallback(wrong))
            .route("/api/summary_xlsx", get(summary_xlsx).fallback(wrong))
            .route("/api/ranking_xlsx", get(ranking_xlsx).fallback(wrong))
            .with_state(state)
    }
}
