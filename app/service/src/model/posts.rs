//! Posts and appointments: the catalogue, appointment records, campaigns, promotions, the 任免审批表.

use super::*;
use crate::api::forms::{checkbox, opt_i64, IdList};
use serde::Deserializer;

/// A number field of a form that may be left blank (or a select's empty choice): blank is 0, which
/// the server then names as missing.
fn blank_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

/// [`blank_zero`] for a count that is never negative.
fn blank_zero_u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = opt_i64(d)?.unwrap_or(0);
    u32::try_from(n).map_err(|_| serde::de::Error::custom(format!("“{n}”超出范围")))
}

/// A post of the catalogue (岗位设置) with its seats taken now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub category: String,
    pub grade: String,
    /// '' for other posts, else the 职数 level the post uses.
    pub leader_level: String,
    pub seats: i64,
    pub filled: i64,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostHolder {
    pub person_id: i64,
    pub name: String,
    pub level: String,
    pub since: String,
    pub main: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostDetail {
    pub post: PostRow,
    pub duties: String,
    /// The duties as sanitised HTML.
    pub duties_html: String,
    pub holders: Vec<PostHolder>,
}

/// The post form (id 0 for a new post).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostForm {
    pub id: i64,
    #[serde(deserialize_with = "blank_zero")]
    pub unit_id: i64,
    pub name: String,
    pub category: String,
    pub grade: String,
    pub leader_level: String,
    #[serde(deserialize_with = "blank_zero")]
    pub seats: i64,
    pub duties: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostQuery {
    /// 0 = every 部室 in scope.
    pub unit_id: i64,
    pub q: String,
    pub vacant_only: bool,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct QuotaUse {
    pub level: String,
    pub approved: i64,
    pub used: i64,
}

/// One 部室 of the vacancy view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UnitVacancy {
    pub unit_id: i64,
    pub unit_name: String,
    pub posts: i64,
    pub seats: i64,
    pub filled: i64,
    pub vacant: i64,
    /// Seats taken beyond the seats set (only by an admin's override).
    pub over: i64,
    pub quotas: Vec<QuotaUse>,
}

/// Record one appointment (任免) for a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AppointmentForm {
    pub person_id: i64,
    pub kind: String,
    /// 0 = no post (免职, 退休, or a title typed in `position`).
    #[serde(deserialize_with = "blank_zero")]
    pub post_id: i64,
    #[serde(deserialize_with = "checkbox")]
    pub part_time: bool,
    /// The 职务层次 after the change ('' = unchanged).
    pub level: String,
    /// A title when no post of the catalogue is chosen.
    pub position: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    /// An admin's written reason for exceeding seats or 职数.
    pub override_reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AppointmentRow {
    pub id: i64,
    pub kind: String,
    pub effective_date: String,
    pub doc_no: String,
    pub decided_by: String,
    pub notes: String,
    pub unit_name: String,
    pub position: String,
    pub level: String,
    pub prev_position: String,
    pub prev_level: String,
    pub part_time: bool,
    pub override_reason: String,
    pub created_by: String,
    pub probation_end: String,
    pub probation_status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostHolding {
    pub post_id: i64,
    pub post_name: String,
    pub unit_name: String,
    pub main: bool,
    pub since: String,
}

/// A person's posts now and every appointment, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PersonPostsView {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub position: String,
    pub position_date: String,
    pub status: String,
    pub holdings: Vec<PostHolding>,
    pub history: Vec<AppointmentRow>,
    pub probation: Option<ProbationRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProbationRow {
    pub appointment_id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub position: String,
    pub level: String,
    pub prev_level: String,
    pub starts: String,
    pub ends: String,
    pub days_left: i64,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub doc_no: String,
    pub decided_by: String,
    pub effective_date: String,
    pub status: String,
    pub people: i64,
    pub assigned: i64,
    pub created_by: String,
    pub committed_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignForm {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub doc_no: String,
    pub decided_by: String,
    pub effective_date: String,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignItem {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub level: String,
    pub position: String,
    /// 0 = not assigned yet.
    pub post_id: i64,
    pub post_name: String,
    pub post_unit: String,
    /// This person's conflicts, in words.
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PostOption {
    pub id: i64,
    pub label: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignDetail {
    pub campaign: CampaignRow,
    pub notes: String,
    pub items: Vec<CampaignItem>,
    /// Every conflict of the preview, in words (commit is refused while there is one).
    pub conflicts: Vec<String>,
    pub posts: Vec<PostOption>,
}

/// Who to add to a campaign: everyone active in a 部室 (0 = all in scope) and/or of a level, or
/// named people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignPickInput {
    pub campaign_id: i64,
    #[serde(deserialize_with = "blank_zero")]
    pub unit_id: i64,
    pub level: String,
    /// Chosen by name (the picker), or typed as 人员编号.
    pub person_ids: IdList,
    /// Only people who hold no main post yet.
    #[serde(deserialize_with = "checkbox")]
    pub without_post: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CampaignAssignInput {
    pub campaign_id: i64,
    /// (person, post; 0 clears)
    pub items: Vec<(i64, i64)>,
    /// The campaign page's table: every row's choice as `person:post` (post 0: not assigned).
    /// Saved with whatever `op` says; only the rows that changed are written.
    pub rows: Vec<String>,
    /// The ticked rows (for `op` "bulk" and "remove").
    pub picked: IdList,
    /// The post for the ticked rows (`op` "bulk"; 0 clears, blank: none chosen).
    #[serde(deserialize_with = "opt_i64")]
    pub bulk_post: Option<i64>,
    /// "" or "save": the rows; "bulk": the rows, then the ticked ones to `bulk_post`; "remove":
    /// the rows, and the ticked ones leave the campaign.
    pub op: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PromotionForm {
    pub person_id: i64,
    #[serde(deserialize_with = "blank_zero")]
    pub post_id: i64,
    pub to_level: String,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ObjectionRow {
    pub id: i64,
    pub received: String,
    pub text: String,
    pub outcome: String,
    pub recorded_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PromotionRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub from_level: String,
    pub to_level: String,
    pub post_id: i64,
    pub post_name: String,
    pub decision_date: String,
    pub decided_by: String,
    pub notice_start: String,
    pub notice_end: String,
    pub notice_days: i64,
    /// The first day the appointment may take effect.
    pub earliest: String,
    pub status: String,
    pub reason: String,
    pub objections: Vec<ObjectionRow>,
    /// Years the notice period touches whose holidays nobody has entered yet: its end is
    /// computed from the statutory holidays (推算) and may move when HR enters the year.
    #[serde(default)]
    pub estimated_years: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppointmentRules {
    /// 任前公示: working days.
    #[serde(deserialize_with = "blank_zero_u32")]
    pub notice_days: u32,
    /// 试用期 in months.
    #[serde(deserialize_with = "blank_zero_u32")]
    pub probation_months: u32,
}

impl Default for AppointmentRules {
    fn default() -> Self {
        AppointmentRules { notice_days: 5, probation_months: 12 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FamilyMember {
    pub relation: String,
    pub name: String,
    pub birth: String,
    pub political: String,
    pub work: String,
}

/// The parts of the 干部任免审批表 that are not in the cadre record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CadreFormText {
    pub proposed_post: String,
    pub proposed_removal: String,
    pub resume: String,
    pub rewards: String,
    pub assessments: String,
    pub reasons: String,
    pub health: String,
    pub family: Vec<FamilyMember>,
}

/// Everything the 干部任免审批表 prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CadreFormView {
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    pub birth: String,
    pub age: i64,
    pub ethnicity: String,
    pub native_place: String,
    pub birth_place: String,
    pub party_date: String,
    pub work_start: String,
    pub professional_title: String,
    pub edu_full: String,
    pub school_full: String,
    pub edu_part: String,
    pub school_part: String,
    pub current_post: String,
    /// The 简历 generated from the appointment records (shown when none was typed).
    pub resume_generated: String,
    pub text: CadreFormText,
    /// Whether this form was ever saved.
    pub saved: bool,
}
