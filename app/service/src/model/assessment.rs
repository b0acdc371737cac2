//! Training assessment: ratings, 学时 and scores, 年度考核, 学以致用, reports.

use super::*;

/// The rating form of one session for the person viewing it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RatingFormView {
    pub session_id: i64,
    pub title: String,
    /// Date, time and room, China time.
    pub when: String,
    pub lecturers: String,
    pub indicators: Vec<String>,
    /// The person may rate now.
    pub open: bool,
    /// Why not, when not.
    pub message: String,
    pub closes: String,
}

/// A session's ratings as HR, leaders and its lecturers see them: never who gave what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RatingSummaryView {
    pub session_id: i64,
    pub title: String,
    pub when: String,
    pub lecturers: String,
    pub attended: i64,
    pub rated: i64,
    pub min_count: u32,
    /// Rating is still possible (the session has not ended yet, or its window is open): nothing
    /// of the content is shown then.
    pub rating_open: bool,
    /// None until the results are published: rating closed and at least `min_count` ratings.
    pub aggregate: Option<crate::domain::ratings::Aggregate>,
    /// In an order unrelated to submission; empty until published.
    pub comments: Vec<String>,
    pub closes: String,
    /// HR only: who attended and has not rated yet.
    pub not_rated: Vec<PersonOption>,
    pub may_remind: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RatingRankingsView {
    pub from: String,
    pub to: String,
    pub min_count: u32,
    /// Sessions in the period whose results are not published (rating still open, or fewer than
    /// `min_count` ratings): left out of every line, sessions, series and lecturers alike.
    pub hidden: u32,
    pub sessions: Vec<crate::domain::ratings::Ranked>,
    pub series: Vec<crate::domain::ratings::Ranked>,
    pub lecturers: Vec<crate::domain::ratings::Ranked>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SeriesIndicators {
    pub id: i64,
    pub name: String,
    /// Empty: the defaults.
    pub indicators: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RatingSettingsView {
    pub rules: crate::domain::ratings::RatingRules,
    pub series: Vec<SeriesIndicators>,
}

/// External training as submitted by an employee and decided by HR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ExternalTraining {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub organiser: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub hours_tenths: i64,
    pub note: String,
    /// pending / approved / rejected / withdrawn
    pub status: String,
    pub decided_by: String,
    pub decided_at: String,
    pub decision_note: String,
    pub submitted_at: String,
}

/// One line of a ledger as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLineView {
    pub date: String,
    pub source: String,
    pub title: String,
    pub hours_tenths: i64,
    pub session_id: Option<i64>,
}

/// A person's 学时 for the period of their quota that ends with `year`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoursView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub year: i32,
    /// The rule in words ("每年不少于 90 学时").
    pub rule: String,
    pub pace: crate::domain::assessment::Pace,
    pub lines: Vec<LedgerLineView>,
    pub externals: Vec<ExternalTraining>,
    pub scores: Vec<MyScore>,
    /// 年度考核, newest year first.
    pub grades: Vec<(i32, String)>,
    /// 学以致用 follow-ups asked of the person.
    pub followups: Vec<FollowupTask>,
    /// Sessions the person attended and may still rate (own view only): id, title, date.
    pub to_rate: Vec<(i64, String, String)>,
    /// The person is the caller (may submit external training).
    pub own: bool,
}

/// A 部室's completion of the quotas in a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeptCompletion {
    pub dept_id: i64,
    pub dept_name: String,
    pub people: u32,
    pub met: u32,
    pub at_risk: u32,
    /// Mean 学时 of the period per person.
    pub mean_hours: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtRiskRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub dept_name: String,
    pub rule: String,
    pub done: f64,
    pub required: f64,
    pub remaining: f64,
    pub needed_per_month: f64,
    pub online_done: f64,
    pub online_required: f64,
    /// The period is over and the quota was missed.
    pub missed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaOverview {
    pub year: i32,
    pub today: String,
    pub rules: crate::domain::assessment::QuotaRules,
    pub rule_yearly: String,
    pub rule_senior: String,
    pub depts: Vec<DeptCompletion>,
    pub at_risk: Vec<AtRiskRow>,
    pub at_risk_total: usize,
    pub page: u32,
    pub pages: u32,
    pub people: u32,
    pub met: u32,
    /// HR (decides external training, enters 网络学习, sets the quotas).
    pub may_edit: bool,
}

/// An assessment in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub held_on: String,
    pub session_id: Option<i64>,
    pub session_title: String,
    pub scale_text: String,
    pub count: u32,
    pub passed: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentYear {
    pub year: i32,
    pub rows: Vec<AssessmentRow>,
}

/// One person's score in an assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub dept_name: String,
    pub score: String,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub row: AssessmentRow,
    pub scale: crate::domain::assessment::Scale,
    pub scores: Vec<ScoreRow>,
    pub stats: crate::domain::assessment::Stats,
    pub by_dept: Vec<(String, crate::domain::assessment::Stats)>,
    pub may_edit: bool,
}

/// A score as its owner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyScore {
    pub title: String,
    pub kind: String,
    pub held_on: String,
    pub score: String,
    pub scale_text: String,
    pub passed: bool,
}

/// A 部室's 优秀 count against its cap for a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeDept {
    pub dept_id: i64,
    pub name: String,
    /// Taking part: active now, or already graded in it for the year.
    pub assessed: u32,
    pub graded: u32,
    pub excellent: u32,
    pub cap: u32,
    pub approved: bool,
    pub approval_note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub establishment: String,
    pub status: String,
    /// The last day of a probation still running.
    pub probation_ends: String,
    pub grade: String,
    pub comment: String,
    /// The grades that may be given (empty with `problem` set when none can be).
    pub choices: Vec<String>,
    pub problem: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeBoard {
    pub year: i32,
    pub rules: crate::domain::assessment::ExcellentRules,
    pub depts: Vec<GradeDept>,
    pub dept_id: i64,
    pub rows: Vec<GradeRow>,
    pub may_edit: bool,
}

/// A session asking its attendees for a 学以致用 follow-up, with the completion within the
/// reader's scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupSession {
    pub session_id: i64,
    pub title: String,
    pub date: String,
    pub days: i64,
    /// The day the follow-up is asked for.
    pub due: String,
    pub attended: i64,
    pub written: i64,
    pub reviewed: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupDept {
    pub dept_id: i64,
    pub name: String,
    pub attended: i64,
    pub written: i64,
    pub reviewed: i64,
}

/// A note as its reviewers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupNote {
    pub session_id: i64,
    pub title: String,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub note: String,
    pub written_at: String,
    /// '' (waiting), confirmed, commented
    pub review: String,
    pub review_comment: String,
    pub reviewed_by: String,
}

/// A follow-up asked of the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupTask {
    pub session_id: i64,
    pub title: String,
    pub date: String,
    pub note: String,
    pub review: String,
    pub review_comment: String,
    pub reviewed_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentSession {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub marked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowupBoard {
    pub sessions: Vec<FollowupSession>,
    pub waiting: Vec<FollowupNote>,
    pub reviewed: Vec<FollowupNote>,
    pub recent: Vec<RecentSession>,
    pub may_mark: bool,
    pub may_review: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ArchiveYear {
    pub year: i32,
    pub session_tenths: i64,
    pub external_tenths: i64,
    pub online_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveSession {
    pub session_id: i64,
    pub date: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub hours_tenths: i64,
}

/// 个人培训档案.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub years: Vec<ArchiveYear>,
    pub sessions: Vec<ArchiveSession>,
    pub externals: Vec<ExternalTraining>,
    pub scores: Vec<MyScore>,
    pub grades: Vec<(i32, String)>,
    pub generated: String,
}

/// The year's training in numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryView {
    pub year: i32,
    pub sessions: i64,
    pub attendances: i64,
    pub people: i64,
    pub mean_hours: f64,
    pub session_hours: f64,
    pub external_hours: f64,
    pub online_hours: f64,
    pub ratings: i64,
    pub mean_rating: Option<f64>,
    pub leader_sessions: i64,
    pub by_kind: Vec<crate::domain::stats::Count>,
    pub by_category: Vec<crate::domain::stats::Count>,
    pub by_month: Vec<crate::domain::stats::Count>,
    /// "2026年，开展培训64场、参训…".
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingView {
    pub from: String,
    pub to: String,
    pub method: String,
    pub rows: Vec<crate::domain::evaluation::DeptRanked>,
}

// ---- what the forms post ---------------------------------------------------------------------------

/// Words given as a list (`list[0]=…`, as the tests and scripts send them) or as one text separated
/// by commas, 、, semicolons or new lines (as typed into one field); blanks dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Many(Vec<String>),
            One(String),
        }
        let list = match Either::deserialize(d)? {
            Either::Many(list) => list,
            Either::One(text) => text.split([',', '，', '、', '\n', ';', '；']).map(str::to_string).collect(),
        };
        Ok(TextList(list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()))
    }
}

/// A number as typed: what does not read as one becomes a value the rules refuse (`bad`), so the
/// answer names the field instead of failing the whole form.
fn number<T: std::str::FromStr>(text: &str, bad: T) -> T {
    text.trim().parse().unwrap_or(bad)
}

/// The rating rules as the form posts them (`rules[window_days]`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RatingRulesInput {
    pub window_days: String,
    pub min_count: String,
    pub indicators: TextList,
}

impl RatingRulesInput {
    pub fn rules(&self) -> crate::domain::ratings::RatingRules {
        crate::domain::ratings::RatingRules {
            window_days: number(&self.window_days, 0),
            min_count: number(&self.min_count, 0),
            indicators: self.indicators.0.clone(),
        }
    }
}

/// The 学时 quotas as the form posts them (`rules[per_year_hours]`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct QuotaRulesInput {
    pub per_year_hours: String,
    pub senior_window_years: String,
    pub senior_window_hours: String,
    pub online_per_year_hours: String,
}

impl QuotaRulesInput {
    pub fn rules(&self) -> crate::domain::assessment::QuotaRules {
        crate::domain::assessment::QuotaRules {
            per_year_hours: number(&self.per_year_hours, -1.0),
            senior_window_years: number(&self.senior_window_years, 0),
            senior_window_hours: number(&self.senior_window_hours, -1.0),
            online_per_year_hours: number(&self.online_per_year_hours, -1.0),
        }
    }
}

/// The 优秀 shares as the form posts them (`rules[share_percent]`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ExcellentRulesInput {
    pub share_percent: String,
    pub approved_share_percent: String,
}

impl ExcellentRulesInput {
    pub fn rules(&self) -> crate::domain::assessment::ExcellentRules {
        crate::domain::assessment::ExcellentRules {
            share_percent: number(&self.share_percent, 0),
            approved_share_percent: number(&self.approved_share_percent, 0),
        }
    }
}

/// One person's score as the score form posts it (`scores[0][person_id]`, `scores[0][score]`);
/// an empty score removes the person's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ScoreInput {
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub person_id: Option<i64>,
    pub score: String,
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn rules_read_as_typed_or_as_listed() {
        let r: RatingRulesInput =
            serde_qs::from_str("window_days=7&min_count=5&indicators=%E5%86%85%E5%AE%B9%EF%BC%8C%20%E6%95%88%E6%9E%9C").unwrap();
        assert_eq!(r.rules().indicators, vec!["内容".to_string(), "效果".to_string()]);
        let r: RatingRulesInput = serde_qs::from_str("window_days=x&indicators[0]=a&indicators[1]=b").unwrap();
        assert_eq!((r.rules().window_days, r.rules().min_count, r.indicators.0.len()), (0, 0, 2));
        let s: Vec<ScoreInput> = serde_qs::from_str::<std::collections::HashMap<String, Vec<ScoreInput>>>(
            "scores[0][person_id]=3&scores[0][score]=90&scores[1][person_id]=&scores[1][score]=",
        )
        .unwrap()
        .remove("scores")
        .unwrap();
        assert_eq!(s, vec![ScoreInput { person_id: Some(3), score: "90".into() }, ScoreInput { person_id: None, score: String::new() }]);
    }
}
