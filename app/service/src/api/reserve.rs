//! 后备干部: four pools (正处/副处/正科/副科) whose entries move 推荐 → 考察 → 研究决定 → 公示 →
//! 已使用 (or 已撤销); the eligibility engine on every candidate; 民主推荐 rounds with anonymous
//! ballots; leaders' opinions; the pipeline overview; the "who could enter" search. HR writes,
//! leaders read and give opinions (a 部室负责人 within their 部室), employees see none of it
//! except the ballot of an open round whose group includes them.

use crate::domain::eligibility::EligibilityRules;
use crate::domain::reserve::PipelineTargets;
use crate::error::AppError;
use crate::model::{
    BallotView, DecisionForm, EntryDetail, InspectionForm, PipelineView, PoolView, RecommendForm, ReserveRules, RoundDetail, RoundForm,
    RoundRow, RulesInput, SearchView, TargetsInput,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(prefix = "/api", endpoint = "reserve_overview")]
pub async fn reserve_overview() -> Result<PipelineView, AppError> {
    crate::security::run("reserve_overview", ssr::overview).await
}

/// A pool's candidates with eligibility, votes, 学时 and grades; `closed`: the used and removed too.
#[server(prefix = "/api", endpoint = "reserve_pool")]
pub async fn reserve_pool(target: String, closed: bool) -> Result<PoolView, AppError> {
    crate::security::run("reserve_pool", |ctx| ssr::pool(ctx, target, closed)).await
}

#[server(prefix = "/api", endpoint = "reserve_entry")]
pub async fn reserve_entry(id: i64) -> Result<EntryDetail, AppError> {
    crate::security::run("reserve_entry", |ctx| async move { ssr::details(&ctx, &[id]).await?.pop().ok_or(AppError::NotFound) }).await
}

/// 2–4 entries side by side.
#[server(prefix = "/api", endpoint = "reserve_compare")]
pub async fn reserve_compare(#[server(default)] ids: Vec<i64>) -> Result<Vec<EntryDetail>, AppError> {
    crate::security::run("reserve_compare", |ctx| async move {
        let mut ids = ids;
        ids.sort_unstable();
        ids.dedup();
        if !(2..=4).contains(&ids.len()) {
            return Err(AppError::field("ids", "请选择 2 到 4 名人选进行比较"));
        }
        let out = ssr::details(&ctx, &ids).await?;
        if out.len() != ids.len() {
            return Err(AppError::NotFound);
        }
        Ok(out)
    })
    .await
}

#[server(prefix = "/api", endpoint = "reserve_recommend")]
pub async fn reserve_recommend(input: RecommendForm) -> Result<i64, AppError> {
    crate::security::run("reserve_recommend", |ctx| ssr::recommend(ctx, input)).await
}

#[server(prefix = "/api", endpoint = "reserve_inspect")]
pub async fn reserve_inspect(input: InspectionForm) -> Result<(), AppError> {
    crate::security::run("reserve_inspect", |ctx| ssr::inspect(ctx, input)).await
}

/// Move an entry by hand (to 考察, back, to 研究决定, or 已撤销 with a reason).
#[server(prefix = "/api", endpoint = "reserve_move")]
pub async fn reserve_move(entry_id: i64, #[server(default)] to: String, #[server(default)] reason: String) -> Result<(), AppError> {
    crate::security::run("reserve_move", |ctx| ssr::move_entry(ctx, entry_id, to, reason)).await
}

/// 研究决定: starts the promotion's 任前公示 in the posts module; the entry moves to 公示.
#[server(prefix = "/api", endpoint = "reserve_decide")]
pub async fn reserve_decide(input: DecisionForm) -> Result<i64, AppError> {
    crate::security::run("reserve_decide", |ctx| ssr::decide(ctx, input)).await
}

/// A leader's opinion of a candidate: 同意 / 不同意 / 弃权, with a comment. The form's success
/// note names the entry (a page may hold one form per candidate).
#[server(prefix = "/api", endpoint = "reserve_opinion")]
pub async fn reserve_opinion(
    entry_id: i64,
    #[server(default)] opinion: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    crate::security::run("reserve_opinion", |ctx| async move {
        ssr::opinion(ctx, entry_id, opinion, comment).await?;
        crate::security::flash_count(entry_id);
        Ok(())
    })
    .await
}

/// Record a person's years of grass-roots work (months; empty: not recorded).
#[server(prefix = "/api", endpoint = "reserve_grass_roots")]
pub async fn reserve_grass_roots(person_id: i64, #[server(default)] months: String) -> Result<(), AppError> {
    crate::security::run("reserve_grass_roots", |ctx| ssr::grass_roots(ctx, person_id, months)).await
}

/// Who is eligible for `target` now or within `days` days, earliest first, a page at a time.
#[server(prefix = "/api", endpoint = "reserve_search")]
pub async fn reserve_search(target: String, days: i64, page: i64) -> Result<SearchView, AppError> {
    crate::security::run("reserve_search", |ctx| ssr::search(ctx, target, days, page)).await
}

#[server(prefix = "/api", endpoint = "reserve_settings")]
pub async fn reserve_settings() -> Result<ReserveRules, AppError> {
    crate::security::run("reserve_settings", |ctx| async move { ssr::settings_of(&ctx).await }).await
}

/// The rules and targets as the form posts them. The form names the rules in force (`on[]`, with
/// `switches` set); a client may instead list those switched off (`rules[off][]`).
#[server(prefix = "/api", endpoint = "reserve_settings_save")]
pub async fn reserve_settings_save(
    #[server(default)] rules: RulesInput,
    #[server(default)] targets: TargetsInput,
    #[server(default)] switches: bool,
    #[server(default)] on: Vec<crate::domain::eligibility::RuleCode>,
) -> Result<(), AppError> {
    crate::security::run("reserve_settings_save", |ctx| async move {
        let (rules, targets) = ssr::read_settings(rules, targets, switches.then_some(on))?;
        ssr::save_settings(ctx, rules, targets).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "reserve_rounds")]
pub async fn reserve_rounds() -> Result<Vec<RoundRow>, AppError> {
    crate::security::run("reserve_rounds", ssr::rounds).await
}

#[server(prefix = "/api", endpoint = "reserve_round")]
pub async fn reserve_round(id: i64) -> Result<RoundDetail, AppError> {
    crate::security::run("reserve_round", |ctx| ssr::round(ctx, id)).await
}

#[server(prefix = "/api", endpoint = "reserve_round_save")]
pub async fn reserve_round_save(input: RoundForm) -> Result<i64, AppError> {
    crate::security::run("reserve_round_save", |ctx| async move {
        let id = ssr::save_round(ctx, input).await?;
        crate::security::go(&format!("/reserve/rounds/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "reserve_round_close")]
pub async fn reserve_round_close(id: i64) -> Result<(), AppError> {
    crate::security::run("reserve_round_close", |ctx| ssr::close_round(ctx, id)).await
}

/// Paper ballots: how many came back, and each candidate's votes as the form posts them,
/// `counts[<person id>]=n` (an empty count is 0).
#[server(prefix = "/api", endpoint = "reserve_round_paper")]
pub async fn reserve_round_paper(
    id: i64,
    #[server(default)] ballots: String,
    #[server(default)] counts: BTreeMap<i64, String>,
) -> Result<(), AppError> {
    crate::security::run("reserve_round_paper", |ctx| async move {
        let (ballots, counts) = ssr::read_paper(&ballots, &counts)?;
        ssr::paper(ctx, id, ballots, counts).await
    })
    .await
}

/// Enter candidates of a closed, valid round into its pool (source 民主推荐).
#[server(prefix = "/api", endpoint = "reserve_round_adopt")]
pub async fn reserve_round_adopt(id: i64, #[server(default)] person_ids: crate::api::forms::IdList) -> Result<usize, AppError> {
    crate::security::run("reserve_round_adopt", |ctx| async move {
        let n = ssr::adopt(ctx, id, person_ids.0).await?;
        crate::security::flash_count(n as i64);
        Ok(n)
    })
    .await
}

/// The rounds whose voter group includes the caller.
#[server(prefix = "/api", endpoint = "my_ballots")]
pub async fn my_ballots() -> Result<Vec<BallotView>, AppError> {
    crate::security::run("my_ballots", ssr::my_ballots).await
}

#[server(prefix = "/api", endpoint = "ballot_get")]
pub async fn ballot_get(round_id: i64) -> Result<BallotView, AppError> {
    crate::security::run("ballot_get", |ctx| ssr::ballot(ctx, round_id)).await
}

/// Cast the caller's one ballot. A plain form: `choices[]` repeated, a hidden `choices[]=0` so an
/// empty ballot still names the field.
#[server(prefix = "/api", endpoint = "ballot_cast")]
pub async fn ballot_cast(round_id: i64, #[server(default)] choices: Vec<i64>) -> Result<String, AppError> {
    let r = crate::security::run("ballot_cast", |ctx| ssr::cast(ctx, round_id, choices)).await;
    if r.is_ok() {
        crate::security::redirect_plain_form(&format!("/reserve/ballot/{round_id}?done=1"));
    }
    r
}

#[cfg(feature = "ssr")]
pub use ssr::routes as reserve_routes;

#[cfg(feature = "ssr")]
/// Public for the bare-handler baseline of `bench/run` (bench/bare.rs), which runs these
/// functions without the framework around them.
pub mod ssr {
    use super::*;
    use crate::authz::Role;
    use crate::domain::assessment::requirement;
    use crate::domain::eligibility::{evaluate, months_between, months_text, Evaluation, Facts, Outcome, TrainingFact, Verdict, TARGETS};
    use crate::domain::reserve::{self as rule, AGE_BANDS, OPINIONS, SOURCES, STAGES};
    use crate::domain::time::{age_on, china_date, china_day_start_ms, format_ms, today_china};
    use crate::model::{CandidateRow, MoveRow, OpinionRow, PoolSummary, RoundCandidate, SearchRow, StaleEntry};
    use crate::security::Ctx;
    use crate::store::audit::{self, NewRecord};
    use crate::store::reserve::{self as store, Entry, NewEntry, PersonFacts, Who};
    use crate::store::{now_ms, settings};
    use chrono::{Datelike, NaiveDate};
    use serde_json::json;
    use std::collections::{HashMap, HashSet};

    const RULES_KEY: &str = "eligibility_rules";
    const TARGETS_KEY: &str = "reserve_targets";

    pub async fn settings_of(ctx: &Ctx) -> Result<ReserveRules, AppError> {
        Ok(ReserveRules {
            rules: settings::json_or_default(ctx.db(), RULES_KEY).await?,
            targets: settings::json_or_default(ctx.db(), TARGETS_KEY).await?,
        })
    }

    fn today() -> NaiveDate {
        today_china(chrono::Utc::now())
    }

    fn target_ok(target: &str) -> Result<&'static str, AppError> {
        TARGETS
            .iter()
            .find(|t| **t == target.trim())
            .copied()
            .ok_or_else(|| AppError::field("target", "请选择后备干部层级（正处级、副处级、正科级、副科级）"))
    }

    fn parse(d: &Option<String>) -> Option<NaiveDate> {
        d.as_deref().and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
    }

    fn date(field: &str, s: &str, label: &str) -> Result<NaiveDate, AppError> {
        let d = NaiveDate::parse_from_str(&crate::domain::import::normalise_date(s.trim()), "%Y-%m-%d")
            .map_err(|_| AppError::field(field, format!("请填写{label}（年-月-日）")))?;
        if d.year() < 1950 || d > today() + chrono::Duration::days(366) {
            return Err(AppError::field(field, format!("{label}不在合理范围内")));
        }
        Ok(d)
    }

    fn text(field: &str, s: &str, max: usize, label: &str, required: bool) -> Result<String, AppError> {
        let t = s.trim();
        if required && t.is_empty() {
            return Err(AppError::field(field, format!("请填写{label}")));
        }
        if t.chars().count() > max {
            return Err(AppError::field(field, format!("{label}不能超过 {max} 个字")));
        }
        Ok(t.to_string())
    }

    /// The engine's context: the rules, the 学时 quota, and whether late arrivals count.
    #[derive(Clone)]
    pub(crate) struct Engine {
        pub rules: EligibilityRules,
        quota: crate::domain::assessment::QuotaRules,
        late: bool,
        pub today: NaiveDate,
    }

    impl Engine {
        pub async fn load(ctx: &Ctx) -> Result<Engine, AppError> {
            Ok(Engine {
                rules: settings::json_or_default(ctx.db(), RULES_KEY).await?,
                quota: crate::api::training::ssr::quota_rules(ctx).await?,
                late: settings::lecture_rules(ctx.db()).await?.late_earns_hours,
                today: today(),
            })
        }

        /// The years of grades and 学时 the engine reads: the last `grade_years` grades (one year
        /// to spare), last year's 学时, and the window ending last year for those on it.
        fn years(&self) -> store::Years {
            use crate::domain::assessment::{quota_kind, QuotaKind};
            let last_year = self.today.year() - 1;
            let on_window = |l: &&&str| quota_kind(l) == QuotaKind::SeniorWindow;
            store::Years {
                grades_from: self.today.year() - self.rules.grade_years as i32 - 1,
                last_year,
                window_from: last_year - self.quota.senior_window_years as i32 + 1,
                window_levels: crate::domain::roster::LEVELS.iter().filter(on_window).map(|l| l.to_string()).collect(),
                window_ranks: crate::domain::roster::CIVIL_RANKS.iter().filter(on_window).map(|l| l.to_string()).collect(),
            }
        }

        pub async fn facts(&self, ctx: &Ctx, who: Who<'_>) -> Result<Vec<PersonFacts>, AppError> {
            Ok(store::facts(ctx.db(), &ctx.scope, who, &self.years(), self.late).await?)
        }

        /// The quota of the last full year (or the window ending then) from the kept yearly totals.
        fn training(&self, p: &PersonFacts) -> (TrainingFact, String) {
            let key = crate::api::training::ssr::quota_key(&p.level, &p.civil_rank);
            let entries = crate::api::training::ssr::year_entries(&p.hours);
            let end = NaiveDate::from_ymd_opt(self.today.year() - 1, 12, 31).unwrap_or(self.today);
            let r = requirement(&self.quota, key, &entries, end);
            let short = format!("{}/{}", crate::domain::assessment::hours_text(r.done), crate::domain::assessment::hours_text(r.required));
            (TrainingFact { met: r.met, summary: r.summary() }, short)
        }

        pub fn facts_of(&self, p: &PersonFacts) -> (Facts, String) {
            let (training, short) = self.training(p);
            let f = Facts {
                birth_date: parse(&Some(p.birth_date.clone())),
                work_start: parse(&p.work_start),
                grass_roots_years: p.grass_roots_months.map(|m| (m as f64 / 12.0 * 10.0).round() / 10.0),
                level: p.level.clone(),
                level_since: parse(&p.level_since),
                education: p.education.clone(),
                probation_until: parse(&p.probation_until),
                last_promotion: parse(&p.last_promotion),
                grades: p.grades.clone(),
                training: Some(training),
            };
            (f, short)
        }

        pub fn evaluate(&self, target: &str, p: &PersonFacts) -> (Evaluation, String) {
            let (f, short) = self.facts_of(p);
            (evaluate(&self.rules, target, &f, self.today), short)
        }
    }

    fn verdict_code(v: &Verdict) -> &'static str {
        match v {
            Verdict::Eligible => "ok",
            Verdict::EligibleOn(_) => "on",
            Verdict::NotEligible => "no",
            Verdict::Incomplete => "unknown",
        }
    }

    /// One candidate row: the person, the entry, the engine's answer, votes and opinions.
    fn candidate(
        eng: &Engine,
        p: &PersonFacts,
        e: &Entry,
        votes: Option<(i64, i64)>,
        opinions: &[(i64, i64, String, String, String, i64)],
        me: i64,
        sees_tally: bool,
    ) -> (CandidateRow, Evaluation) {
        let (ev, hours) = eng.evaluate(&e.target, p);
        let since = parse(&p.level_since);
        let months = since.map(|s| months_between(s, eng.today)).unwrap_or(-1);
        let mut grades = p.grades.clone();
        grades.sort_by_key(|g| std::cmp::Reverse(g.0));
        let mine: Vec<_> = opinions.iter().filter(|o| o.0 == e.id).collect();
        let count = |w: &str| if sees_tally { mine.iter().filter(|o| o.3 == w).count() as i64 } else { 0 };
        let row = CandidateRow {
            entry_id: e.id,
            person_id: p.id,
            name: p.name.clone(),
            sex: p.sex.clone(),
            unit_name: p.unit_name.clone(),
            age: parse(&Some(p.birth_date.clone())).map(|b| age_on(b, eng.today) as i32).unwrap_or(0),
            level: p.level.clone(),
            months_at_level: months,
            at_level_text: if months < 0 { "未记录".into() } else { months_text(months) },
            education: p.education.clone(),
            political_status: p.political_status.clone(),
            votes: votes.map(|v| v.0).unwrap_or(-1),
            ballots: votes.map(|v| v.1).unwrap_or(0),
            votes_text: votes.map(|(v, b)| rule::share_text(v, b)).unwrap_or_else(|| "—".into()),
            hours_text: hours,
            hours_met: ev.results.iter().any(|r| r.code == crate::domain::eligibility::RuleCode::Training && r.outcome == Outcome::Pass),
            grades: grades.iter().take(eng.rules.grade_years as usize).map(|(y, g)| format!("{y} {g}")).collect(),
            stage: e.stage.clone(),
            stage_since: format_ms(e.stage_since).get(..10).unwrap_or_default().to_string(),
            source: e.source.clone(),
            verdict: verdict_code(&ev.verdict).into(),
            verdict_text: ev.verdict.describe(),
            verdict_on: match &ev.verdict {
                Verdict::EligibleOn(d) => d.to_string(),
                _ => String::new(),
            },
            reasons: ev.results.iter().filter(|r| r.outcome != Outcome::Pass).map(|r| r.sentence.clone()).collect(),
            agree: count("同意"),
            disagree: count("不同意"),
            abstain: count("弃权"),
            my_opinion: mine.iter().find(|o| o.1 == me).map(|o| o.3.clone()).unwrap_or_default(),
        };
        (row, ev)
    }

    fn user_id(ctx: &Ctx) -> Result<i64, AppError> {
        Ok(ctx.user()?.id)
    }

    fn is_hr(ctx: &Ctx) -> bool {
        ctx.user().map(|u| u.has_role(Role::Hr)).unwrap_or(false)
    }

    fn is_leader(ctx: &Ctx) -> bool {
        ctx.user().map(|u| u.has_role(Role::Leader)).unwrap_or(false)
    }

    /// Votes of entries that came from a round: entry → (votes, ballots).
    async fn entry_votes(ctx: &Ctx, entries: &[Entry]) -> Result<HashMap<i64, (i64, i64)>, AppError> {
        let mut round_ids: Vec<i64> = entries.iter().filter_map(|e| e.round_id).collect();
        round_ids.sort_unstable();
        round_ids.dedup();
        let counts = store::votes_of(ctx.db(), &round_ids).await?;
        let mut ballots = HashMap::new();
        for r in &round_ids {
            if let Some(round) = store::round(ctx.db(), *r).await? {
                ballots.insert(*r, round.ballots());
            }
        }
        Ok(entries
            .iter()
            .filter_map(|e| {
                let r = e.round_id?;
                Some((e.id, (counts.get(&(r, e.person_id)).copied().unwrap_or(0), ballots.get(&r).copied().unwrap_or(0))))
            })
            .collect())
    }

    pub async fn pool(ctx: Ctx, target: String, closed: bool) -> Result<PoolView, AppError> {
        let target = target_ok(&target)?;
        let eng = Engine::load(&ctx).await?;
        let entries = store::pool_entries(ctx.db(), &ctx.scope, target, closed).await?;
        let who = if closed { Who::PoolEver(target) } else { Who::Pool(target) };
        let people: HashMap<i64, PersonFacts> = eng.facts(&ctx, who).await?.into_iter().map(|p| (p.id, p)).collect();
        let votes = entry_votes(&ctx, &entries).await?;
        let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
        let opinions = store::opinions(ctx.db(), &ids).await?;
        let me = user_id(&ctx)?;
        let sees_tally = is_hr(&ctx);
        let rows = entries
            .iter()
            .filter_map(|e| {
                let p = people.get(&e.person_id)?;
                Some(candidate(&eng, p, e, votes.get(&e.id).copied(), &opinions, me, sees_tally).0)
            })
            .collect();
        Ok(PoolView {
            target: target.into(),
            rows,
            may_edit: is_hr(&ctx),
            is_leader: is_leader(&ctx),
            sees_tally,
            today: eng.today.to_string(),
        })
    }

    pub async fn details(ctx: &Ctx, ids: &[i64]) -> Result<Vec<EntryDetail>, AppError> {
        let eng = Engine::load(ctx).await?;
        let entries = store::entries(ctx.db(), &ctx.scope, ids).await?;
        let votes = entry_votes(ctx, &entries).await?;
        let opinions = store::opinions(ctx.db(), ids).await?;
        let me = user_id(ctx)?;
        let hr = is_hr(ctx);
        let mut out = Vec::new();
        for e in &entries {
            let Some(p) = eng.facts(ctx, Who::One(e.person_id)).await?.pop() else { continue };
            let (row, evaluation) = candidate(&eng, &p, e, votes.get(&e.id).copied(), &opinions, me, hr);
            let round_title = match e.round_id {
                Some(r) => store::round(ctx.db(), r).await?.map(|r| r.title).unwrap_or_default(),
                None => String::new(),
            };
            let moves = store::moves(ctx.db(), e.id)
                .await?
                .into_iter()
                .map(|(from, to, reason, at, by)| MoveRow { from, to, reason, at: format_ms(at), by })
                .collect();
            // HR reads every opinion with its author; a leader only their own.
            let opinions_of = opinions
                .iter()
                .filter(|o| o.0 == e.id && (hr || o.1 == me))
                .map(|o| OpinionRow { leader: o.2.clone(), opinion: o.3.clone(), comment: o.4.clone(), at: format_ms(o.5) })
                .collect();
            let my_comment = opinions.iter().find(|o| o.0 == e.id && o.1 == me).map(|o| o.4.clone()).unwrap_or_default();
            out.push(EntryDetail {
                row,
                target: e.target.clone(),
                evaluation,
                birth_date: p.birth_date.clone(),
                work_start: p.work_start.clone().unwrap_or_default(),
                level_since: p.level_since.clone().unwrap_or_default(),
                grass_roots_months: p.grass_roots_months,
                recommender: e.recommender.clone(),
                recommended_on: e.recommended_on.clone(),
                reasons: e.reasons.clone(),
                round_title,
                inspected_on: e.inspected_on.clone().unwrap_or_default(),
                inspection_team: e.inspection_team.clone(),
                talked_to: e.talked_to,
                findings: if hr { e.findings.clone() } else { String::new() },
                findings_html: crate::markdown::render(&e.findings),
                conclusion: e.conclusion.clone(),
                decided_on: e.decided_on.clone().unwrap_or_default(),
                decision_note: e.decision_note.clone(),
                promotion_id: e.promotion_id,
                removed_reason: e.removed_reason.clone(),
                moves,
                opinions: opinions_of,
                may_edit: hr,
                is_leader: is_leader(ctx),
                my_comment,
            });
        }
        Ok(out)
    }

    pub async fn recommend(ctx: Ctx, f: RecommendForm) -> Result<i64, AppError> {
        let target = target_ok(&f.target)?;
        let source = SOURCES.iter().find(|s| **s == f.source.trim()).copied().ok_or_else(|| AppError::field("source", "请选择推荐方式"))?;
        let recommender = text("recommender", &f.recommender, 40, "推荐人", source == "个人署名推荐")?;
        let on = date("recommended_on", &f.recommended_on, "推荐日期")?;
        if on > today() {
            return Err(AppError::field("recommended_on", "推荐日期不能晚于今天"));
        }
        let reasons = text("reasons", &f.reasons, 2000, "推荐理由", false)?;
        let person_id = f.person_id.filter(|p| *p > 0).ok_or_else(|| AppError::field("person_id", "请选择要推荐的人选"))?;
        let p = store::facts(ctx.db(), &ctx.scope, Who::One(person_id), &store::Years::default(), false)
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        if crate::domain::roster::level_rank(&p.level) <= crate::domain::roster::level_rank(target) {
            return Err(AppError::field("person_id", format!("{} 现任{}，不需列入{}后备", p.name, p.level, target)));
        }
        let mut w = ctx.db().write().await?;
        if store::open_entry(&mut w, person_id, target).await?.is_some() {
            return Err(AppError::Refused(format!("{} 已在{}后备库中", p.name, target)));
        }
        let actor = ctx.actor();
        let id = store::insert_entry(
            &mut w,
            &NewEntry {
                person_id,
                target,
                source,
                recommender: &recommender,
                recommended_on: &on.to_string(),
                reasons: &reasons,
                round_id: None,
            },
            &actor.name,
            now_ms(),
        )
        .await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord { entity: "reserve_entry", entity_id: id.to_string(), action: "recommend", before: json!({}), after: json!(f) },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn inspect(ctx: Ctx, f: InspectionForm) -> Result<(), AppError> {
        let on = date("inspected_on", &f.inspected_on, "考察日期")?;
        if on > today() {
            return Err(AppError::field("inspected_on", "考察日期不能晚于今天"));
        }
        let team = text("team", &f.team, 200, "考察组成员", true)?;
        let talked_to = f.talked_to.unwrap_or(0);
        if !(1..=1000).contains(&talked_to) {
            return Err(AppError::field("talked_to", "谈话人数应在 1 到 1000 之间"));
        }
        let findings = text("findings", &f.findings, 20000, "考察情况", true)?;
        let conclusion = text("conclusion", &f.conclusion, 500, "考察结论", true)?;
        let mut w = ctx.db().write().await?;
        let e = store::entry_locked(&mut w, &ctx.scope, f.entry_id).await?.ok_or(AppError::NotFound)?;
        if e.stage != rule::INSPECT {
            return Err(AppError::Refused(format!("该人选处于“{}”阶段，只能在考察阶段登记考察情况", e.stage)));
        }
        store::set_inspection(
            &mut w,
            e.id,
            &store::Inspection { on: &on.to_string(), team: &team, talked_to, findings: &findings, conclusion: &conclusion },
        )
        .await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "reserve_entry",
                entity_id: e.id.to_string(),
                action: "inspect",
                before: json!({ "inspected_on": e.inspected_on, "conclusion": e.conclusion }),
                after: json!(f),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn move_entry(ctx: Ctx, entry_id: i64, to: String, reason: String) -> Result<(), AppError> {
        let to = STAGES.iter().find(|s| **s == to.trim()).copied().ok_or_else(|| AppError::field("to", "请选择要转入的阶段"))?;
        let reason = text("reason", &reason, 500, "理由", to == rule::REMOVED)?;
        let mut w = ctx.db().write().await?;
        let e = store::entry_locked(&mut w, &ctx.scope, entry_id).await?.ok_or(AppError::NotFound)?;
        rule::check_move(&e.stage, to, e.inspected_on.is_some()).map_err(AppError::Refused)?;
        let actor = ctx.actor();
        store::set_stage(&mut w, e.id, &e.stage, to, &reason, &actor.name, now_ms()).await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "reserve_entry",
                entity_id: e.id.to_string(),
                action: "move",
                before: json!({ "stage": e.stage }),
                after: json!({ "stage": to, "reason": reason }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn decide(ctx: Ctx, f: DecisionForm) -> Result<i64, AppError> {
        let note = text("note", &f.note, 2000, "研究决定情况", false)?;
        let post_id = f.post_id.filter(|p| *p > 0).ok_or_else(|| AppError::field("post_id", "请选择拟任岗位"))?;
        let entry = store::entries(ctx.db(), &ctx.scope, &[f.entry_id]).await?.pop().ok_or(AppError::NotFound)?;
        if entry.stage != rule::DECIDE {
            return Err(AppError::Refused(format!("该人选处于“{}”阶段，研究决定后才能发起任前公示", entry.stage)));
        }
        let form = crate::model::PromotionForm {
            person_id: entry.person_id,
            post_id,
            to_level: entry.target.clone(),
            decision_date: f.decision_date.clone(),
            decided_by: f.decided_by.clone(),
            notice_start: f.notice_start.clone(),
            reason: if note.is_empty() { format!("{}后备干部，经研究决定提任", entry.target) } else { note.clone() },
        };
        let mut w = ctx.db().write().await?;
        let e = store::entry_locked(&mut w, &ctx.scope, f.entry_id).await?.ok_or(AppError::NotFound)?;
        if e.stage != rule::DECIDE {
            return Err(AppError::Refused("该人选的阶段已变化，请刷新后重试".into()));
        }
        let promotion = crate::api::posts::ssr::start_promotion_in(&ctx, &mut w, &form).await?;
        let actor = ctx.actor();
        store::set_decision(&mut w, e.id, &form.decision_date, &note, promotion).await?;
        store::set_stage(
            &mut w,
            e.id,
            rule::DECIDE,
            rule::NOTICE,
            &format!("研究决定（{}），发起任前公示", form.decided_by.trim()),
            &actor.name,
            now_ms(),
        )
        .await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "reserve_entry",
                entity_id: e.id.to_string(),
                action: "decide",
                before: json!({ "stage": e.stage }),
                after: json!({ "stage": rule::NOTICE, "promotion_id": promotion, "form": f }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(promotion)
    }

    pub async fn opinion(ctx: Ctx, entry_id: i64, opinion: String, comment: String) -> Result<(), AppError> {
        let opinion = OPINIONS
            .iter()
            .find(|o| **o == opinion.trim())
            .copied()
            .ok_or_else(|| AppError::field("opinion", "请选择同意、不同意或弃权"))?;
        let comment = text("comment", &comment, 500, "意见说明", false)?;
        let me = user_id(&ctx)?;
        let mut w = ctx.db().write().await?;
        let e = store::entry_locked(&mut w, &ctx.scope, entry_id).await?.ok_or(AppError::NotFound)?;
        if !rule::is_open(&e.stage) {
            return Err(AppError::Refused(format!("该人选已{}，不再收集意见", e.stage)));
        }
        store::set_opinion(&mut w, e.id, me, opinion, &comment, now_ms()).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "reserve_entry",
                entity_id: e.id.to_string(),
                action: "opinion",
                before: json!({}),
                after: json!({ "opinion": opinion, "comment": comment }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn grass_roots(ctx: Ctx, person_id: i64, months: String) -> Result<(), AppError> {
        let m = months.trim();
        let months = if m.is_empty() {
            None
        } else {
            Some(
                m.parse::<i64>()
                    .ok()
                    .filter(|n| (0..=600).contains(n))
                    .ok_or_else(|| AppError::field("months", "基层工作经历应为 0 到 600 之间的月数"))?,
            )
        };
        let p = store::facts(ctx.db(), &ctx.scope, Who::One(person_id), &store::Years::default(), false)
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        let mut w = ctx.db().write().await?;
        store::set_grass_roots(&mut w, person_id, months).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "person",
                entity_id: person_id.to_string(),
                action: "grass_roots",
                before: json!({ "grass_roots_months": p.grass_roots_months }),
                after: json!({ "grass_roots_months": months }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub const SEARCH_PAGE: i64 = 50;

    /// Every active person who could be a candidate for `target` (at the feeder level, or below
    /// the target when the years-at-level rule is off), evaluated; those eligible within `days`.
    pub async fn search(ctx: Ctx, target: String, days: i64, page: i64) -> Result<SearchView, AppError> {
        let target = target_ok(&target)?;
        if !(0..=1830).contains(&days) {
            return Err(AppError::field("days", "时间范围应在 0 到 1830 天之间"));
        }
        let eng = Engine::load(&ctx).await?;
        let levels: Vec<&str> = if eng.rules.off.contains(&crate::domain::eligibility::RuleCode::YearsAtLevel) {
            let r = crate::domain::roster::level_rank(target);
            crate::domain::roster::LEVELS.iter().copied().filter(|l| crate::domain::roster::level_rank(l) > r && *l != "无").collect()
        } else {
            crate::domain::eligibility::feeder_level(target).map(|(l, _)| vec![l]).unwrap_or_default()
        };
        // Whoever is over the pool's age ceiling today can never become eligible: the database
        // leaves them out (with two days to spare; the engine decides the boundary itself).
        let born = eng.rules.age_ceiling(target).and_then(|max| {
            let y = eng.today.year() - max as i32 - 1;
            NaiveDate::from_ymd_opt(y, eng.today.month(), eng.today.day())
                .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
                .map(|d| d - chrono::Duration::days(2))
        });
        let considered = store::count(ctx.db(), &ctx.scope, Who::Levels(&levels, None)).await?;
        let people = eng.facts(&ctx, Who::Levels(&levels, born)).await?;
        let in_pool: HashSet<i64> = store::pool_entries(ctx.db(), &ctx.scope, target, false).await?.iter().map(|e| e.person_id).collect();
        let (people, found) = evaluate_all(eng.clone(), target, people, days).await?;
        let eligible_now = found.iter().filter(|(_, d)| *d == eng.today).count();
        let total = found.len();
        let (page, offset) = crate::store::page_offset(page, SEARCH_PAGE);
        let rows = found
            .iter()
            .skip(offset as usize)
            .take(SEARCH_PAGE as usize)
            .map(|(i, d)| {
                let p = &people[*i];
                SearchRow {
                    person_id: p.id,
                    name: p.name.clone(),
                    unit_name: p.unit_name.clone(),
                    level: p.level.clone(),
                    age: parse(&Some(p.birth_date.clone())).map(|b| age_on(b, eng.today) as i32).unwrap_or(0),
                    on: d.to_string(),
                    now: *d == eng.today,
                    in_pool: in_pool.contains(&p.id),
                }
            })
            .collect();
        Ok(SearchView {
            target: target.into(),
            days,
            considered: considered as usize,
            evaluated: people.len(),
            eligible_now,
            total,
            page,
            per_page: SEARCH_PAGE,
            rows,
        })
    }

    /// Run the engine over `people` on every core (each thread a contiguous share), off the async
    /// workers: (index, day) of those eligible within `days`, by day, then in the people's order.
    async fn evaluate_all(
        eng: Engine,
        target: &'static str,
        people: Vec<PersonFacts>,
        days: i64,
    ) -> Result<(Vec<PersonFacts>, Vec<(usize, NaiveDate)>), AppError> {
        tokio::task::spawn_blocking(move || {
            let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
            let size = people.len().div_ceil(threads).max(1);
            let parts: Vec<Option<Vec<(usize, NaiveDate)>>> = std::thread::scope(|s| {
                let handles: Vec<_> = people
                    .chunks(size)
                    .enumerate()
                    .map(|(c, chunk)| {
                        let eng = &eng;
                        s.spawn(move || {
                            let facts: Vec<(usize, Facts)> =
                                chunk.iter().enumerate().map(|(i, p)| (c * size + i, eng.facts_of(p).0)).collect();
                            crate::domain::eligibility::eligible_within(
                                &eng.rules,
                                target,
                                facts.iter().map(|(i, f)| (*i, f)),
                                eng.today,
                                days,
                            )
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().ok()).collect()
            });
            let mut found = Vec::new();
            for p in parts {
                found.extend(p.ok_or(AppError::Internal)?);
            }
            found.sort_by_key(|(i, d)| (*d, *i));
            Ok((people, found))
        })
        .await
        .map_err(|_| AppError::Internal)?
    }

    /// The settings form read into the rules and targets: every number named when it is not one;
    /// `on`, when the form posted its switches, the rules in force (the rest are off).
    pub fn read_settings(
        r: RulesInput,
        t: TargetsInput,
        on: Option<Vec<crate::domain::eligibility::RuleCode>>,
    ) -> Result<(EligibilityRules, PipelineTargets), AppError> {
        use crate::domain::eligibility::RuleCode;
        let mut errs: Vec<(&'static str, String)> = Vec::new();
        let mut num = |field: &'static str, s: &str| -> u32 {
            match s.trim().parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    if !errs.iter().any(|(f, _)| *f == field) {
                        errs.push((field, "请填写数字（0 或正整数）".into()));
                    }
                    0
                }
            }
        };
        let mut max_age = [0u32; 4];
        for (i, a) in max_age.iter_mut().enumerate() {
            *a = num("max_age", r.max_age.get(i).map(String::as_str).unwrap_or_default());
        }
        let rules = EligibilityRules {
            deputy_to_chief_years: num("deputy_to_chief_years", &r.deputy_to_chief_years),
            to_next_deputy_years: num("to_next_deputy_years", &r.to_next_deputy_years),
            county_work_years: num("county_work_years", &r.county_work_years),
            county_grass_roots_years: num("county_grass_roots_years", &r.county_grass_roots_years),
            max_age,
            education_floor: r.education_floor.trim().to_string(),
            young_education_floor: r.young_education_floor.trim().to_string(),
            young_below_age: num("young_below_age", &r.young_below_age),
            promotion_gap_months: num("promotion_gap_months", &r.promotion_gap_months),
            grade_years: num("grade_years", &r.grade_years),
            off: match on {
                Some(on) => RuleCode::ALL.iter().copied().filter(|c| !on.contains(c)).collect(),
                None => RuleCode::ALL.iter().copied().filter(|c| r.off.contains(c)).collect(),
            },
        };
        let targets = PipelineTargets {
            chief_per_post: num("chief_per_post", &t.chief_per_post),
            deputy_per_post: num("deputy_per_post", &t.deputy_per_post),
            women_percent: num("women_percent", &t.women_percent),
            non_party_percent: num("non_party_percent", &t.non_party_percent),
            stale_years: num("stale_years", &t.stale_years),
        };
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        Ok((rules, targets))
    }

    pub async fn save_settings(ctx: Ctx, rules: EligibilityRules, targets: PipelineTargets) -> Result<(), AppError> {
        let mut errs = rules.check();
        errs.extend(targets.check());
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let before = settings_of(&ctx).await?;
        let mut w = ctx.db().write().await?;
        settings::save_json(&mut w, RULES_KEY, &rules).await?;
        settings::save_json(&mut w, TARGETS_KEY, &targets).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "settings",
                entity_id: "reserve".into(),
                action: "update",
                before: json!(before),
                after: json!({ "rules": rules, "targets": targets }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn overview(ctx: Ctx) -> Result<PipelineView, AppError> {
        let s = settings_of(&ctx).await?;
        let rows = store::overview_rows(ctx.db(), &ctx.scope).await?;
        let posts = store::leader_posts(ctx.db(), &ctx.scope).await?;
        let today = today();
        let years_ago = today
            .with_year(today.year() - s.targets.stale_years as i32)
            .unwrap_or(today - chrono::Duration::days(365 * s.targets.stale_years as i64));
        let stale_before = china_day_start_ms(years_ago);
        let mut pools = Vec::new();
        for target in TARGETS {
            let of: Vec<_> = rows.iter().filter(|r| r.target == target).collect();
            let open: Vec<_> = of.iter().filter(|r| rule::is_open(&r.stage)).collect();
            let mut ages = vec![0i64; AGE_BANDS.len()];
            for r in &open {
                if let Some(b) = parse(&Some(r.birth_date.clone())) {
                    ages[rule::age_band(age_on(b, today) as i32)] += 1;
                }
            }
            let in_pool = open.len() as i64;
            let women = open.iter().filter(|r| r.sex == "女").count() as i64;
            let non_party = open.iter().filter(|r| !rule::is_party_member(&r.political_status)).count() as i64;
            let n_posts = posts.get(target).copied().unwrap_or(0);
            let wanted = s.targets.wanted(target, n_posts);
            pools.push(PoolSummary {
                target: target.into(),
                stages: STAGES.iter().map(|st| of.iter().filter(|r| r.stage == *st).count() as i64).collect(),
                in_pool,
                posts: n_posts,
                wanted,
                ratio: s.targets.ratio_text(target),
                ratio_met: in_pool >= wanted,
                ages,
                women,
                women_met: rule::share_met(women, in_pool, s.targets.women_percent),
                non_party,
                non_party_met: rule::share_met(non_party, in_pool, s.targets.non_party_percent),
            });
        }
        let stale = rows
            .iter()
            .filter(|r| rule::is_open(&r.stage) && r.stage_since < stale_before)
            .map(|r| StaleEntry {
                entry_id: r.entry_id,
                name: r.name.clone(),
                unit_name: r.unit_name.clone(),
                target: r.target.clone(),
                stage: r.stage.clone(),
                since: china_date(r.stage_since).to_string(),
            })
            .collect();
        Ok(PipelineView { pools, stale, targets: s.targets, may_edit: is_hr(&ctx) })
    }

    // ---- 民主推荐 ----

    fn round_row(r: &store::Round, now: i64) -> RoundRow {
        RoundRow {
            id: r.id,
            title: r.title.clone(),
            target: r.target.clone(),
            seats: r.seats,
            mode: r.mode.clone(),
            min_num: r.min_num,
            min_den: r.min_den,
            rule: rule::participation_rule_text(r.min_num, r.min_den),
            closes_at: format_ms(r.closes_at),
            open: r.open(now),
            group: r.group,
            took_part: r.ballots(),
            valid: rule::participation_valid(r.ballots(), r.group, r.min_num, r.min_den),
        }
    }

    pub async fn rounds(ctx: Ctx) -> Result<Vec<RoundRow>, AppError> {
        let now = now_ms();
        Ok(store::rounds(ctx.db()).await?.iter().map(|r| round_row(r, now)).collect())
    }

    pub async fn round(ctx: Ctx, id: i64) -> Result<RoundDetail, AppError> {
        let r = store::round(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        let now = now_ms();
        let row = round_row(&r, now);
        let in_pool: HashSet<i64> =
            store::pool_entries(ctx.db(), &crate::authz::Scope::All, &r.target, false).await?.iter().map(|e| e.person_id).collect();
        let ballots = r.ballots();
        // Online votes only once the round has closed: counts seen while ballots still come would
        // tie each later ballot to whoever was seen voting. Participation is live (two thirds).
        let counts_final = r.mode == "paper" || !row.open;
        let candidates = store::round_candidates(ctx.db(), id)
            .await?
            .into_iter()
            .map(|(person_id, name, unit_name, level, votes, paper)| {
                let n = if r.mode == "paper" { paper } else { votes };
                RoundCandidate {
                    person_id,
                    name,
                    unit_name,
                    level,
                    votes: counts_final.then_some(n),
                    paper,
                    share: if counts_final { rule::share_text(n, ballots) } else { String::new() },
                    in_pool: in_pool.contains(&person_id),
                }
            })
            .collect();
        let verdict = if row.valid {
            String::new()
        } else {
            format!(
                "参加人数 {} 人，未达到应参加人数 {} 人的{}，本轮推荐无效",
                ballots,
                r.group,
                rule::participation_rule_text(r.min_num, r.min_den)
            )
        };
        Ok(RoundDetail { row, paper_ballots: r.paper_ballots, candidates, verdict })
    }

    pub async fn save_round(ctx: Ctx, f: RoundForm) -> Result<i64, AppError> {
        let mut errs: Vec<(&'static str, String)> = Vec::new();
        let title = f.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 60 {
            errs.push(("title", "请填写推荐名称（不超过 60 个字）".into()));
        }
        let target = target_ok(&f.target)?;
        let seats = f.seats.unwrap_or(0);
        let (min_num, min_den) = (f.min_num.unwrap_or(0), f.min_den.unwrap_or(0));
        if !(1..=50).contains(&seats) {
            errs.push(("seats", "每票可推荐人数应在 1 到 50 之间".into()));
        }
        let mode = match f.mode.as_str() {
            "online" | "paper" => f.mode.clone(),
            _ => {
                errs.push(("mode", "请选择投票方式".into()));
                String::new()
            }
        };
        if let Err(m) = rule::check_participation_rule(min_num, min_den) {
            errs.push(("min_num", m));
        }
        let closes_at = match chrono::NaiveDateTime::parse_from_str(f.closes_at.trim(), "%Y-%m-%d %H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(f.closes_at.trim(), "%Y-%m-%dT%H:%M"))
        {
            Ok(t) => {
                let ms = crate::domain::time::china_ms(t.date(), t.time().hour() * 60 + t.time().minute());
                if ms <= now_ms() && mode == "online" {
                    errs.push(("closes_at", "截止时间应晚于现在".into()));
                }
                ms
            }
            Err(_) => {
                errs.push(("closes_at", "请填写截止时间，如 2026-12-01 17:00".into()));
                0
            }
        };
        if f.voter_units.0.len() > 500 || f.voter_people.0.len() > 20000 || f.candidates.0.len() > 500 {
            errs.push(("candidates", "名单过长".into()));
        }
        if !errs.is_empty() {
            return Err(AppError::fields(errs));
        }
        let mut voters = store::active_in_units(ctx.db(), &f.voter_units.0).await?;
        voters.extend(store::active_people(ctx.db(), &f.voter_people.0).await?);
        voters.sort_unstable();
        voters.dedup();
        if voters.is_empty() {
            return Err(AppError::field("voters", "请确定参加推荐的人员（部室或人员）"));
        }
        let mut candidates = store::active_people(ctx.db(), &f.candidates.0).await?;
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.is_empty() {
            return Err(AppError::field("candidates", "请添加推荐对象"));
        }
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let id = store::insert_round(
            &mut w,
            &store::NewRound { title: &title, target, seats, mode: &mode, min_num, min_den, closes_at },
            &voters,
            &candidates,
            &actor.name,
            now_ms(),
        )
        .await?;
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "reserve_round",
                entity_id: id.to_string(),
                action: "create",
                before: json!({}),
                after: json!({ "form": f, "group": voters.len() }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    use chrono::Timelike;

    pub async fn close_round(ctx: Ctx, id: i64) -> Result<(), AppError> {
        let mut w = ctx.db().write().await?;
        let r = store::round_locked(&mut w, id).await?.ok_or(AppError::NotFound)?;
        if r.closed_at.is_some() {
            return Err(AppError::Refused("本轮推荐已结束".into()));
        }
        store::close_round(&mut w, id, now_ms()).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "reserve_round",
                entity_id: id.to_string(),
                action: "close",
                before: json!({}),
                after: json!({ "ballots": r.ballots(), "group": r.group }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The paper form's numbers: the ballots returned (required) and each count (empty: 0).
    pub fn read_paper(ballots: &str, counts: &BTreeMap<i64, String>) -> Result<(i64, Vec<(i64, i64)>), AppError> {
        let ballots = ballots.trim().parse::<i64>().map_err(|_| AppError::field("ballots", "请填写收回票数（0 或正整数）"))?;
        let mut out = Vec::with_capacity(counts.len());
        for (p, n) in counts {
            let n = n.trim();
            let n = if n.is_empty() { 0 } else { n.parse::<i64>().map_err(|_| AppError::field("counts", "得票应为 0 或正整数"))? };
            out.push((*p, n));
        }
        Ok((ballots, out))
    }

    pub async fn paper(ctx: Ctx, id: i64, ballots: i64, counts: Vec<(i64, i64)>) -> Result<(), AppError> {
        let mut w = ctx.db().write().await?;
        let r = store::round_locked(&mut w, id).await?.ok_or(AppError::NotFound)?;
        if r.mode != "paper" {
            return Err(AppError::Refused("网上投票的推荐不能录入纸质票".into()));
        }
        if r.closed_at.is_some() {
            return Err(AppError::Refused("本轮推荐已结束，不能再修改票数".into()));
        }
        if !(0..=r.group).contains(&ballots) {
            return Err(AppError::field("ballots", format!("收回票数应在 0 到 {} 之间（应参加人数）", r.group)));
        }
        let known: HashSet<i64> = store::round_candidates(ctx.db(), id).await?.iter().map(|c| c.0).collect();
        let mut total = 0;
        for (p, n) in &counts {
            if !known.contains(p) {
                return Err(AppError::field("counts", "票数中有不在推荐名单上的人员"));
            }
            if !(0..=ballots).contains(n) {
                return Err(AppError::field("counts", format!("每人得票应在 0 到 {ballots}（收回票数）之间")));
            }
            total += n;
        }
        if total > ballots * r.seats {
            return Err(AppError::field("counts", format!("得票合计 {total} 超过收回票数 × 每票可推荐人数（{}）", ballots * r.seats)));
        }
        store::set_paper(&mut w, id, ballots, &counts).await?;
        audit::record(
            &mut w,
            &ctx.actor(),
            NewRecord {
                entity: "reserve_round",
                entity_id: id.to_string(),
                action: "paper",
                before: json!({ "ballots": r.paper_ballots }),
                after: json!({ "ballots": ballots, "counts": counts }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn adopt(ctx: Ctx, id: i64, person_ids: Vec<i64>) -> Result<usize, AppError> {
        let r = store::round(ctx.db(), id).await?.ok_or(AppError::NotFound)?;
        if r.open(now_ms()) {
            return Err(AppError::Refused("推荐尚未结束，结束后才能列入后备库".into()));
        }
        if !rule::participation_valid(r.ballots(), r.group, r.min_num, r.min_den) {
            return Err(AppError::Refused(format!(
                "参加人数 {} 人，未达到应参加人数 {} 人的{}，本轮推荐无效，不能据此列入后备库",
                r.ballots(),
                r.group,
                rule::participation_rule_text(r.min_num, r.min_den)
            )));
        }
        if person_ids.is_empty() || person_ids.len() > 200 {
            return Err(AppError::field("person_ids", "请选择要列入后备库的人选"));
        }
        let cands: HashMap<i64, (String, i64)> = store::round_candidates(ctx.db(), id)
            .await?
            .into_iter()
            .map(|c| (c.0, (c.1, if r.mode == "paper" { c.5 } else { c.4 })))
            .collect();
        // The day the round ended: closed by HR, or at its set time.
        let on = china_date(r.closed_at.unwrap_or(r.closes_at).min(r.closes_at)).to_string();
        let actor = ctx.actor();
        let mut w = ctx.db().write().await?;
        let mut n = 0;
        for p in &person_ids {
            let (name, votes) = cands.get(p).cloned().ok_or_else(|| AppError::field("person_ids", "所选人员不在本轮推荐名单上"))?;
            if store::open_entry(&mut w, *p, &r.target).await?.is_some() {
                return Err(AppError::Refused(format!("{name} 已在{}后备库中", r.target)));
            }
            let reasons = format!("{}：{}", r.title, rule::share_text(votes, r.ballots()));
            store::insert_entry(
                &mut w,
                &NewEntry {
                    person_id: *p,
                    target: &r.target,
                    source: "民主推荐",
                    recommender: "",
                    recommended_on: &on,
                    reasons: &reasons,
                    round_id: Some(id),
                },
                &actor.name,
                now_ms(),
            )
            .await?;
            n += 1;
        }
        audit::record(
            &mut w,
            &actor,
            NewRecord {
                entity: "reserve_round",
                entity_id: id.to_string(),
                action: "adopt",
                before: json!({}),
                after: json!({ "people": person_ids }),
            },
        )
        .await?;
        w.commit().await?;
        Ok(n)
    }

    fn my_person(ctx: &Ctx) -> Result<i64, AppError> {
        ctx.user()?.person_id.ok_or(AppError::NotFound)
    }

    async fn ballot_view(ctx: &Ctx, r: &store::Round, voted: bool) -> Result<BallotView, AppError> {
        let candidates = store::round_candidates(ctx.db(), r.id)
            .await?
            .into_iter()
            .map(|(id, name, unit, level, _, _)| (id, name, unit, level))
            .collect();
        Ok(BallotView {
            round_id: r.id,
            title: r.title.clone(),
            target: r.target.clone(),
            seats: r.seats,
            closes_at: format_ms(r.closes_at),
            open: r.open(now_ms()),
            voted,
            candidates,
        })
    }

    pub async fn my_ballots(ctx: Ctx) -> Result<Vec<BallotView>, AppError> {
        let Some(me) = ctx.user()?.person_id else { return Ok(Vec::new()) };
        let now = now_ms();
        let mut out = Vec::new();
        for (r, voted) in store::rounds_of_voter(ctx.db(), me).await? {
            if r.mode == "online" && r.open(now) {
                out.push(BallotView { candidates: Vec::new(), ..ballot_view(&ctx, &r, voted).await? });
            }
        }
        Ok(out)
    }

    /// The ballot of an open round, only for a member of its group (everyone else: not found).
    /// Once the round has closed its members are told so, and see no names.
    pub async fn ballot(ctx: Ctx, round_id: i64) -> Result<BallotView, AppError> {
        let me = my_person(&ctx)?;
        let r = store::round(ctx.db(), round_id).await?.filter(|r| r.mode == "online").ok_or(AppError::NotFound)?;
        let voted = store::voter_of(ctx.db(), round_id, me).await?.ok_or(AppError::NotFound)?;
        let view = ballot_view(&ctx, &r, voted).await?;
        Ok(if view.open { view } else { BallotView { candidates: Vec::new(), ..view } })
    }

    pub async fn cast(ctx: Ctx, round_id: i64, choices: Vec<i64>) -> Result<String, AppError> {
        let me = my_person(&ctx)?;
        let mut choices: Vec<i64> = choices.into_iter().filter(|c| *c != 0).collect();
        choices.sort_unstable();
        choices.dedup();
        let mut w = ctx.db().write().await?;
        let r = store::round_locked(&mut w, round_id).await?.filter(|r| r.mode == "online").ok_or(AppError::NotFound)?;
        let voted = store::voter(&mut w, round_id, me).await?.ok_or(AppError::NotFound)?;
        if voted {
            return Err(AppError::Refused("您已投过票，每人只能投一次".into()));
        }
        if !r.open(now_ms()) {
            return Err(AppError::Refused("本轮推荐已结束，不能再投票".into()));
        }
        if choices.len() as i64 > r.seats {
            return Err(AppError::field("choices", format!("每票最多推荐 {} 人，您选了 {} 人", r.seats, choices.len())));
        }
        let known = store::candidate_ids(&mut w, round_id).await?;
        if choices.iter().any(|c| !known.contains(c)) {
            return Err(AppError::field("choices", "所选人员不在推荐名单上"));
        }
        if !store::cast(&mut w, round_id, me, &choices).await? {
            return Err(AppError::Refused("您已投过票，每人只能投一次".into()));
        }
        w.commit().await?;
        Ok(format!("投票成功：推荐 {} 人。感谢参加！", choices.len()))
    }

    use crate::api::excel::ssr::refusal;

    /// `GET /api/reserve_pool_xlsx?target=…`: the pool's candidate list as a meeting handout.
    pub async fn pool_xlsx(
        axum::extract::State(state): axum::extract::State<crate::security::AppState>,
        axum::extract::Extension(auth): axum::extract::Extension<crate::security::AuthState>,
        axum::extract::Extension(info): axum::extract::Extension<crate::security::RequestInfo>,
        axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    ) -> axum::response::Response {
        let ctx = match crate::security::authorize_request(state, auth.0, info, "reserve_pool_xlsx") {
            Ok(c) => c,
            Err(e) => return refusal(e),
        };
        let target = params.iter().find(|(k, _)| k == "target").map(|(_, v)| v.clone()).unwrap_or_default();
        let work = async {
            let v = pool(ctx, target, false).await?;
            let tally = v.sees_tally;
            let rows: Vec<Vec<String>> = v
                .rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut row = vec![
                        (i + 1).to_string(),
                        r.name,
                        r.sex,
                        r.age.to_string(),
                        r.unit_name,
                        r.level,
                        r.at_level_text,
                        r.education,
                        r.political_status,
                        r.votes_text,
                        r.hours_text,
                        r.grades.join("，"),
                        r.stage,
                        r.verdict_text,
                        r.reasons.join("；"),
                    ];
                    if tally {
                        row.push(format!("同意{} 不同意{} 弃权{}", r.agree, r.disagree, r.abstain));
                    }
                    row
                })
                .collect();
            let title = format!("{}后备干部人选名单", v.target);
            let target = v.target.clone();
            let mut headers = vec![
                "序号",
                "姓名",
                "性别",
                "年龄",
                "部室",
                "现职务层次",
                "任职年限",
                "学历",
                "政治面貌",
                "民主推荐得票",
                "学时",
                "近年考核",
                "阶段",
                "资格审查",
                "说明",
            ];
            if tally {
                headers.push("领导意见");
            }
            tokio::task::spawn_blocking(move || crate::excel::table(&headers, rows, "后备干部", &title))
                .await
                .map_err(|_| AppError::Internal)?
                .map_err(AppError::from)
                .map(|b| (b, target))
        };
        match work.await {
            Ok((bytes, target)) => crate::api::excel::ssr::workbook(bytes, &format!("{target}后备干部.xlsx")),
            Err(e) => refusal(e),
        }
    }

    pub fn routes(state: crate::security::AppState) -> axum::Router {
        use axum::routing::get;
        axum::Router::new().route("/api/reserve_pool_xlsx", get(pool_xlsx).fallback(crate::security::gate::wrong_method)).with_state(state)
    }
}
