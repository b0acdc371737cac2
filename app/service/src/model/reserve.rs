//! 后备干部: pools, entries, the eligibility search, 民主推荐 rounds and ballots.

use super::*;
use crate::api::forms::IdList;

/// A candidate in a pool, as the leaders' review table shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CandidateRow {
    pub entry_id: i64,
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    pub unit_name: String,
    pub age: i32,
    pub level: String,
    /// Months at the level (for sorting) and as text ("3年2个月").
    pub months_at_level: i64,
    pub at_level_text: String,
    pub education: String,
    pub political_status: String,
    /// Votes of the 民主推荐 round the entry came from: count, ballots, text.
    pub votes: i64,
    pub ballots: i64,
    pub votes_text: String,
    /// 学时 of the period the quota reads, and whether it was met.
    pub hours_text: String,
    pub hours_met: bool,
    /// The last years' grades, newest first ("2025 称职").
    pub grades: Vec<String>,
    pub stage: String,
    pub stage_since: String,
    pub source: String,
    /// eligible / on / not / unknown, and the words.
    pub verdict: String,
    pub verdict_text: String,
    /// For `on`: the day the candidate becomes eligible (年-月-日).
    pub verdict_on: String,
    /// The sentences of the rules that fail or lack facts.
    pub reasons: Vec<String>,
    /// Leaders' opinions (HR sees the tally; a leader sees their own).
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
    pub my_opinion: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PoolView {
    pub target: String,
    pub rows: Vec<CandidateRow>,
    pub may_edit: bool,
    pub is_leader: bool,
    /// Opinion tallies are shown (HR).
    pub sees_tally: bool,
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MoveRow {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub at: String,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OpinionRow {
    pub leader: String,
    pub opinion: String,
    pub comment: String,
    pub at: String,
}

/// One entry in full: the candidate row, the engine's rules, the record of the procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub row: CandidateRow,
    pub target: String,
    pub evaluation: crate::domain::eligibility::Evaluation,
    pub birth_date: String,
    pub work_start: String,
    pub level_since: String,
    pub grass_roots_months: Option<i64>,
    pub recommender: String,
    pub recommended_on: String,
    pub reasons: String,
    pub round_title: String,
    pub inspected_on: String,
    pub inspection_team: String,
    pub talked_to: i64,
    pub findings: String,
    /// The findings as sanitised HTML.
    pub findings_html: String,
    pub conclusion: String,
    pub decided_on: String,
    pub decision_note: String,
    pub promotion_id: Option<i64>,
    pub removed_reason: String,
    pub moves: Vec<MoveRow>,
    pub opinions: Vec<OpinionRow>,
    pub may_edit: bool,
    pub is_leader: bool,
    pub my_comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RecommendForm {
    /// The person's number (the picker's, or typed without it); empty: not chosen.
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub person_id: Option<i64>,
    pub target: String,
    pub source: String,
    pub recommender: String,
    pub recommended_on: String,
    pub reasons: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InspectionForm {
    pub entry_id: i64,
    pub inspected_on: String,
    pub team: String,
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub talked_to: Option<i64>,
    pub findings: String,
    pub conclusion: String,
}

/// 研究决定: the post and the dates of the promotion it starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    pub entry_id: i64,
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub post_id: Option<i64>,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub note: String,
}

/// One pool's line of the pipeline overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PoolSummary {
    pub target: String,
    /// Counts per stage, in the order of the stages.
    pub stages: Vec<i64>,
    pub in_pool: i64,
    pub posts: i64,
    pub wanted: i64,
    pub ratio: String,
    pub ratio_met: bool,
    pub ages: Vec<i64>,
    pub women: i64,
    pub women_met: bool,
    pub non_party: i64,
    pub non_party_met: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StaleEntry {
    pub entry_id: i64,
    pub name: String,
    pub unit_name: String,
    pub target: String,
    pub stage: String,
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineView {
    pub pools: Vec<PoolSummary>,
    pub stale: Vec<StaleEntry>,
    pub targets: crate::domain::reserve::PipelineTargets,
    pub may_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReserveRules {
    pub rules: crate::domain::eligibility::EligibilityRules,
    pub targets: crate::domain::reserve::PipelineTargets,
}

/// A person the search found: eligible now, or on a day within the window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SearchRow {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub age: i32,
    /// The day they are eligible (年-月-日; today for those eligible now).
    pub on: String,
    pub now: bool,
    pub in_pool: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SearchView {
    pub target: String,
    pub days: i64,
    /// Everyone at the levels the pool draws on, and those the engine read (the rest are over
    /// the age ceiling already).
    pub considered: usize,
    pub evaluated: usize,
    pub eligible_now: usize,
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub rows: Vec<SearchRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RoundRow {
    pub id: i64,
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub mode: String,
    /// The participation rule (2/3 by default), and as text ("三分之二").
    pub min_num: i64,
    pub min_den: i64,
    pub rule: String,
    pub closes_at: String,
    pub open: bool,
    pub group: i64,
    pub took_part: i64,
    pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RoundCandidate {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    /// None while an online round is open: counts appear once they can no longer move.
    pub votes: Option<i64>,
    pub paper: i64,
    pub share: String,
    pub in_pool: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RoundDetail {
    pub row: RoundRow,
    pub paper_ballots: i64,
    pub candidates: Vec<RoundCandidate>,
    /// Why the round is not valid (participation), when it is not.
    pub verdict: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RoundForm {
    pub title: String,
    pub target: String,
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub seats: Option<i64>,
    pub mode: String,
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub min_num: Option<i64>,
    #[serde(deserialize_with = "crate::api::forms::opt_i64")]
    pub min_den: Option<i64>,
    /// "2026-12-01 17:00", China time.
    pub closes_at: String,
    /// 部室 ticked (`voter_units[]`), people chosen (the picker's `voter_people[]`, or numbers typed).
    pub voter_units: IdList,
    pub voter_people: IdList,
    pub candidates: IdList,
}

/// The rules form as posted: the numbers as typed (an empty field is named in its error, never a
/// failed form), read into [`crate::domain::eligibility::EligibilityRules`] by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RulesInput {
    pub deputy_to_chief_years: String,
    pub to_next_deputy_years: String,
    pub county_work_years: String,
    pub county_grass_roots_years: String,
    /// Per pool, in the order of `TARGETS` (`max_age[0]` … `max_age[3]`).
    pub max_age: Vec<String>,
    pub education_floor: String,
    pub young_education_floor: String,
    pub young_below_age: String,
    pub promotion_gap_months: String,
    pub grade_years: String,
    /// Rules switched off (a client's list; the form posts the rules in force instead).
    pub off: Vec<crate::domain::eligibility::RuleCode>,
}

/// The pipeline targets as posted (see [`RulesInput`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TargetsInput {
    pub chief_per_post: String,
    pub deputy_per_post: String,
    pub women_percent: String,
    pub non_party_percent: String,
    pub stale_years: String,
}

/// The ballot an employee sees: the round, the candidates, and whether they voted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BallotView {
    pub round_id: i64,
    pub title: String,
    pub target: String,
    pub seats: i64,
    pub closes_at: String,
    pub open: bool,
    pub voted: bool,
    /// (person id, name, unit, level)
    pub candidates: Vec<(i64, String, String, String)>,
}
