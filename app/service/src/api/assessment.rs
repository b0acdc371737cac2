//! Training assessment, starting with anonymous course ratings: the rating form for those who
//! attended (works as a plain form without JavaScript), the results for HR, leaders and the
//! session's lecturers (only from the minimum number of ratings), reminders for those who have not
//! rated, and rankings of sessions, series and lecturers over a period. No function here returns,
//! takes or logs who gave which rating.

use crate::error::AppError;
use crate::model::{RatingFormView, RatingRankingsView, RatingRulesInput, RatingSettingsView, RatingSummaryView};
use leptos::prelude::*;

/// The rating form of one session, for the person viewing it (and whether they may rate now).
#[server(prefix = "/api", endpoint = "rating_form")]
pub async fn rating_form(session_id: i64) -> Result<RatingFormView, AppError> {
    crate::security::run("rating_form", |ctx| ssr::form(ctx, session_id)).await
}

/// Rate a session once: a score of 1–5 per indicator (`scores[0]`, `scores[1]`, … in the form's
/// order), an overall score and an optional comment.
#[server(prefix = "/api", endpoint = "rating_submit")]
pub async fn rating_submit(session_id: i64, scores: Vec<u8>, overall: u8, comment: String) -> Result<String, AppError> {
    let r = crate::security::run("rating_submit", |ctx| ssr::submit(ctx, session_id, scores, overall, comment)).await;
    if r.is_ok() {
        crate::security::go(&format!("/lectures/{session_id}/rate?done=1"));
    }
    r
}

/// A session's results: for HR and leaders, and for the session's own lecturers.
#[server(prefix = "/api", endpoint = "rating_summary")]
pub async fn rating_summary(session_id: i64) -> Result<RatingSummaryView, AppError> {
    crate::security::run("rating_summary", |ctx| ssr::summary(ctx, session_id)).await
}

/// Send those who attended and have not rated a reminder notice; returns how many were reminded
/// (and tells the page, whose note says it).
#[server(prefix = "/api", endpoint = "rating_remind")]
pub async fn rating_remind(session_id: i64) -> Result<i64, AppError> {
    crate::security::run("rating_remind", |ctx| async move {
        let n = ssr::remind(ctx, session_id).await?;
        crate::security::flash_count(n);
        Ok(n)
    })
    .await
}

/// Sessions, series and lecturers ranked by their mean overall score, over sessions starting in
/// `[from, to]` (YYYY-MM-DD, China time; empty: this year).
#[server(prefix = "/api", endpoint = "rating_rankings")]
pub async fn rating_rankings(from: String, to: String) -> Result<RatingRankingsView, AppError> {
    crate::security::run("rating_rankings", |ctx| ssr::rankings(ctx, from, to)).await
}

#[server(prefix = "/api", endpoint = "rating_settings")]
pub async fn rating_settings() -> Result<RatingSettingsView, AppError> {
    crate::security::run("rating_settings", ssr::settings_view).await
}

/// The rating window, the minimum count and the default indicators (`rules[window_days]`,
/// `rules[min_count]`, `rules[indicators]`: a list, or one text separated by commas).
#[server(prefix = "/api", endpoint = "rating_rules_save")]
pub async fn rating_rules_save(rules: RatingRulesInput) -> Result<(), AppError> {
    crate::security::run("rating_rules_save", |ctx| ssr::save_rules(ctx, rules.rules())).await
}

/// A series' own indicators (comma-separated); empty text: back to the defaults.
#[server(prefix = "/api", endpoint = "rating_series_save")]
pub async fn rating_series_save(series_id: i64, indicators: String) -> Result<(), AppError> {
    crate::security::run("rating_series_save", |ctx| ssr::save_series(ctx, series_id, indicators)).await
}

#[cfg(feature = "ssr")]
/// Public for the bare-handler baseline of `bench/run` (bench/bare.rs), which runs these
/// functions without the framework around them.
pub mod ssr {
    use super::*;
    use crate::authz::Role;
    use crate::domain::ratings::{
        self as rules, aggregate, closes_at, comment_order, published, rank, rating_state, Given, Rating, RatingRules, RatingState,
    };
    use crate::domain::time::{china_date, china_day_start_ms, format_ms, today_china};
    use crate::error::FieldError;
    use crate::i18n::{fill, translate};
    use crate::model::{SeriesIndicators, SessionRow};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::lectures;
    use crate::store::ratings::{self as store, Rated};
    use crate::store::{now_ms, settings};
    use chrono::{Datelike, NaiveDate};
    use serde_json::json;

    const RATING_RULES: &str = "rating_rules";

    async fn rules_of(ctx: &Ctx) -> Result<RatingRules, AppError> {
        Ok(settings::json_or_default(ctx.db(), RATING_RULES).await?)
    }

    fn invalid(errs: Vec<(&'static str, String)>) -> AppError {
        AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect())
    }

    fn when(row: &SessionRow) -> String {
        let room = if row.room.is_empty() { String::new() } else { format!(" · {}", row.room) };
        format!("{} {}–{}{room}", row.date, row.start, row.end)
    }

    /// The indicators a session asks about: its series' own, or HR's defaults.
    async fn indicators_for(ctx: &Ctx, series_id: Option<i64>, r: &RatingRules) -> Result<Vec<String>, AppError> {
        if let Some(id) = series_id {
            if let Some(list) = store::series_indicators(ctx.db(), id).await? {
                return Ok(list);
            }
        }
        Ok(r.indicators.clone())
    }

    fn my_person(ctx: &Ctx) -> Result<i64, AppError> {
        ctx.user()?.person_id.ok_or(AppError::Refused("此账户未关联人员档案，无法评价课程".into()))
    }

    /// When rating this session closes: the window in force, or earlier once fixed by its box.
    async fn close_of(ctx: &Ctx, session_id: i64, ends_at: i64, r: &RatingRules) -> Result<i64, AppError> {
        Ok(closes_at(ends_at, r.window_days, store::closes_at(ctx.db(), session_id).await?))
    }

    pub async fn form(ctx: Ctx, session_id: i64) -> Result<RatingFormView, AppError> {
        let (row, _) = lectures::session_row(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let r = rules_of(&ctx).await?;
        let indicators = indicators_for(&ctx, row.series_id, &r).await?;
        let closes = close_of(&ctx, session_id, row.ends_at, &r).await?;
        let state = match ctx.user()?.person_id {
            None => RatingState::NotAttended,
            Some(pid) => {
                let rated = store::has_rated(ctx.db(), session_id, pid).await?;
                let came = store::attended(ctx.db(), session_id, pid).await?;
                rating_state(now_ms(), row.ends_at, closes, row.cancelled, came, rated)
            }
        };
        Ok(RatingFormView {
            session_id,
            title: row.title.clone(),
            when: when(&row),
            lecturers: row.lecturers.clone(),
            indicators,
            open: state == RatingState::Open,
            message: state.message().to_string(),
            closes: format_ms(closes),
        })
    }

    pub async fn submit(ctx: Ctx, session_id: i64, scores: Vec<u8>, overall: u8, comment: String) -> Result<String, AppError> {
        let pid = my_person(&ctx)?;
        let s = lectures::session_get(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let r = rules_of(&ctx).await?;
        let indicators = indicators_for(&ctx, s.series_id, &r).await?;
        let errs = rules::validate(&indicators, &scores, overall, &comment);
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let came = store::attended(ctx.db(), session_id, pid).await?;
        let now = now_ms();
        let closes = closes_at(s.ends_at, r.window_days, None);
        let state = rating_state(now, s.ends_at, closes, s.cancelled, came, false);
        if state != RatingState::Open {
            return Err(AppError::Refused(state.message().into()));
        }
        let rating = Rating { indicators, scores, overall, comment: comment.trim().to_string() };
        let mut w = ctx.db().write().await?;
        match store::rate(&mut w, pid, session_id, closes, now, &rating).await? {
            Rated::Kept => {}
            Rated::Again => return Err(AppError::Refused(RatingState::Rated.message().into())),
            Rated::Closed => return Err(AppError::Refused(RatingState::Closed.message().into())),
        }
        // Neither the audit log nor any other log says what was given, nor when a rating came:
        // the mark table says who rated, nothing else.
        w.commit().await?;
        Ok("评价已提交，感谢您的参与。".into())
    }

    /// HR and leaders see every session's results; a lecturer sees their own sessions'.
    async fn may_see(ctx: &Ctx, session_id: i64) -> Result<bool, AppError> {
        let user = ctx.user()?;
        if user.roles().iter().any(|r| matches!(r, Role::Hr | Role::Leader)) {
            return Ok(true);
        }
        Ok(match user.person_id {
            Some(p) => lectures::is_lecturer(ctx.db(), session_id, p).await?,
            None => false,
        })
    }

    fn is_hr(ctx: &Ctx) -> bool {
        ctx.user().map(|u| u.roles().contains(&Role::Hr)).unwrap_or(false)
    }

    pub async fn summary(ctx: Ctx, session_id: i64) -> Result<RatingSummaryView, AppError> {
        if !may_see(&ctx, session_id).await? {
            return Err(AppError::Forbidden);
        }
        let (row, _) = lectures::session_row(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let r = rules_of(&ctx).await?;
        let (attended, rated) = store::counts(ctx.db(), session_id).await?;
        let now = now_ms();
        let closes = close_of(&ctx, session_id, row.ends_at, &r).await?;
        // Results only once they can no longer move: while rating is open, two looks around one
        // person's rating would give it away. Until then nothing of the content is read at all.
        let rating_open = now <= closes && !row.cancelled;
        let (agg, comments) = if published(now, closes, rated.max(0) as u32, r.min_count) {
            let ratings = store::ratings_of(ctx.db(), session_id).await?;
            let given: Vec<Given> =
                ratings.iter().map(|x| Given { indicators: &x.indicators, scores: &x.scores, overall: x.overall }).collect();
            let agg = aggregate(&given, r.min_count);
            let comments = if agg.is_some() {
                comment_order(ratings.iter().map(|x| x.comment.clone()).collect(), session_id as u64)
            } else {
                Vec::new()
            };
            (agg, comments)
        } else {
            (None, Vec::new())
        };
        let hr = is_hr(&ctx);
        let not_rated = if hr { store::not_rated(ctx.db(), session_id, 500).await? } else { Vec::new() };
        let open = rating_open && now >= row.ends_at;
        Ok(RatingSummaryView {
            session_id,
            title: row.title.clone(),
            when: when(&row),
            lecturers: row.lecturers.clone(),
            attended,
            rated,
            min_count: r.min_count,
            rating_open,
            aggregate: agg,
            comments,
            closes: format_ms(closes),
            not_rated,
            may_remind: hr && open,
        })
    }

    pub async fn remind(ctx: Ctx, session_id: i64) -> Result<i64, AppError> {
        let (row, _) = lectures::session_row(ctx.db(), session_id).await?.ok_or(AppError::NotFound)?;
        let r = rules_of(&ctx).await?;
        let now = now_ms();
        let closes = close_of(&ctx, session_id, row.ends_at, &r).await?;
        if row.cancelled || now < row.ends_at || now > closes {
            return Err(AppError::Refused("只能在评价期内提醒".into()));
        }
        let people: Vec<i64> = store::not_rated(ctx.db(), session_id, 100_000).await?.into_iter().map(|p| p.id).collect();
        if people.is_empty() {
            return Ok(0);
        }
        let mut w = ctx.db().write().await?;
        let text = format!("请在 {} 前评价课程“{}”（{}）。", format_ms(closes), row.title, row.date);
        lectures::notify(&mut w, &people, &text, &format!("/lectures/{session_id}/rate")).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "lecture_rating",
                entity_id: session_id.to_string(),
                action: "remind",
                before: json!({}),
                after: json!({ "reminded": people.len() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(people.len() as i64)
    }

    fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
        let today = today_china(chrono::Utc::now());
        let parse = |s: &str, field: &'static str, default: NaiveDate| -> Result<NaiveDate, AppError> {
            if s.trim().is_empty() {
                return Ok(default);
            }
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::field(field, "日期格式应为 年-月-日"))
        };
        let from = parse(from, "from", NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today))?;
        let to = parse(to, "to", NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today))?;
        if to < from {
            return Err(AppError::field("to", "结束日期不能早于开始日期"));
        }
        if (to - from).num_days() > 366 * 5 {
            return Err(AppError::field("to", "统计期间最长 5 年"));
        }
        Ok((from, to))
    }

    pub async fn rankings(ctx: Ctx, from: String, to: String) -> Result<RatingRankingsView, AppError> {
        let (f, t) = period(&from, &to)?;
        let r = rules_of(&ctx).await?;
        let (from_ms, to_ms, now) = (china_day_start_ms(f), china_day_start_ms(t + chrono::Duration::days(1)), now_ms());
        // Published sessions only: a total that included a hidden session would give its sum away
        // (the total less the visible sessions).
        let totals = store::totals_between(ctx.db(), from_ms, to_ms, now, r.min_count as i64).await?;
        let hidden = store::unpublished_between(ctx.db(), from_ms, to_ms, now, r.min_count as i64).await? as u32;
        let ids: Vec<i64> = totals.iter().map(|t| t.session_id).collect();
        // The details are interface text: in the caller's language.
        let locale = ctx.user().map(|u| u.locale).unwrap_or_default();
        let times = |k: u32| fill(translate(locale, "{} 次课"), &[&k]);
        let lecturers = lectures::lecturers_of(ctx.db(), &ids).await?;
        let mut sessions = Vec::new();
        let mut series: std::collections::BTreeMap<i64, (String, u32, u64, u32)> = Default::default();
        let mut people: std::collections::BTreeMap<String, (String, String, u32, u64, u32)> = Default::default();
        for s in &totals {
            let (n, sum) = (s.count as u32, s.overall_sum.max(0) as u64);
            let date = china_date(s.starts_at).format("%Y-%m-%d").to_string();
            sessions.push((s.session_id.to_string(), s.title.clone(), format!("{date} {}", s.series_name), n, sum));
            if let Some(id) = s.series_id {
                let e = series.entry(id).or_insert((s.series_name.clone(), 0, 0, 0));
                e.1 += n;
                e.2 += sum;
                e.3 += 1;
            }
            for l in lecturers.get(&s.session_id).into_iter().flatten() {
                let key = match l.person_id {
                    Some(p) => format!("p{p}"),
                    None => format!("x{}|{}", l.name, l.org),
                };
                let e = people.entry(key).or_insert((l.name.clone(), l.org.clone(), 0, 0, 0));
                e.2 += n;
                e.3 += sum;
                e.4 += 1;
            }
        }
        Ok(RatingRankingsView {
            from: f.format("%Y-%m-%d").to_string(),
            to: t.format("%Y-%m-%d").to_string(),
            min_count: r.min_count,
            hidden,
            sessions: rank(sessions, r.min_count),
            series: rank(series.into_iter().map(|(id, (name, n, sum, k))| (id.to_string(), name, times(k), n, sum)).collect(), r.min_count),
            lecturers: rank(
                people.into_iter().map(|(key, (name, org, n, sum, k))| (key, name, format!("{org} · {}", times(k)), n, sum)).collect(),
                r.min_count,
            ),
        })
    }

    pub async fn settings_view(ctx: Ctx) -> Result<RatingSettingsView, AppError> {
        let rules = rules_of(&ctx).await?;
        let own = store::all_series_indicators(ctx.db()).await?;
        let series = lectures::series_names(ctx.db())
            .await?
            .into_iter()
            .map(|(id, name)| SeriesIndicators { id, name, indicators: own.get(&id).cloned().unwrap_or_default() })
            .collect();
        Ok(RatingSettingsView { rules, series })
    }

    pub async fn save_rules(ctx: Ctx, r: RatingRules) -> Result<(), AppError> {
        let mut r = r;
        r.indicators = r.indicators.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let errs = r.check();
        if !errs.is_empty() {
            return Err(invalid(errs));
        }
        let before = rules_of(&ctx).await?;
        let mut w = ctx.db().write().await?;
        settings::save_json(&mut w, RATING_RULES, &r).await?;
        // A shorter window closes sessions already rated earlier too; a longer one reopens none.
        store::close_earlier(&mut w, r.window_days as i64 * 86_400_000).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord { entity: "settings", entity_id: RATING_RULES.into(), action: "update", before: json!(before), after: json!(r) },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn save_series(ctx: Ctx, series_id: i64, text: String) -> Result<(), AppError> {
        if text.chars().count() > 500 {
            return Err(AppError::field("indicators", "评价指标过长"));
        }
        let list =
            if text.trim().is_empty() { None } else { Some(rules::parse_indicators(&text).map_err(|m| AppError::field("indicators", m))?) };
        let before = store::series_indicators(ctx.db(), series_id).await?;
        let mut w = ctx.db().write().await?;
        if store::set_series_indicators(&mut w, series_id, list.as_deref()).await? == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "lecture_series",
                entity_id: series_id.to_string(),
                action: "rating_indicators",
                before: json!(before),
                after: json!(list),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}
