//! 后备干部 pools: the stages an entry moves through and which moves are allowed, the 民主推荐
//! participation rule and vote shares, and the pipeline's targets (reserves per leadership post,
//! shares of women and non-party members, entries standing still). Pure; the store and the server
//! functions call it.

use serde::{Deserialize, Serialize};

pub const RECOMMEND: &str = "推荐";
pub const INSPECT: &str = "考察";
pub const DECIDE: &str = "研究决定";
pub const NOTICE: &str = "公示";
pub const USED: &str = "已使用";
pub const REMOVED: &str = "已撤销";

/// Every stage, in the order an entry passes them.
pub const STAGES: [&str; 6] = [RECOMMEND, INSPECT, DECIDE, NOTICE, USED, REMOVED];
/// Stages of an entry still in the pool.
pub const OPEN_STAGES: [&str; 4] = [RECOMMEND, INSPECT, DECIDE, NOTICE];

pub const SOURCES: [&str; 4] = ["组织推荐", "部室推荐", "民主推荐", "个人署名推荐"];
pub const OPINIONS: [&str; 3] = ["同意", "不同意", "弃权"];

pub fn is_open(stage: &str) -> bool {
    OPEN_STAGES.contains(&stage)
}

/// Why a move from `from` to `to` may not be made by hand, or `Ok`. Moves into 公示 and
/// 已使用 are made by the posts module (the promotion starts its notice, then takes effect), so
/// they are refused here; 已撤销 is open from every stage still in the pool except 公示 (stop the
/// promotion instead).
pub fn check_move(from: &str, to: &str, inspected: bool) -> Result<(), String> {
    if !is_open(from) {
        return Err(format!("该人选已{from}，不能再变动"));
    }
    match (from, to) {
        (RECOMMEND, INSPECT) => Ok(()),
        (INSPECT, RECOMMEND) | (DECIDE, INSPECT) => Ok(()),
        (INSPECT, DECIDE) if inspected => Ok(()),
        (INSPECT, DECIDE) => Err("请先登记考察情况，再提交研究决定".into()),
        (NOTICE, REMOVED) => Err("该人选正在任前公示，请在岗位任免中终止提任".into()),
        (_, REMOVED) => Ok(()),
        (DECIDE, NOTICE) => Err("请填写研究决定（拟任岗位、决定日期），由系统发起任前公示".into()),
        (_, USED) => Err("公示期满后在岗位任免中办理任职，人选自动转为已使用".into()),
        _ => Err(format!("不能从“{from}”转为“{to}”")),
    }
}

/// Whether a round's participation reaches `num`/`den` of its group, exactly (20 of 30 reaches
/// 2/3; 19 does not). An empty group never does.
pub fn participation_valid(took_part: i64, group: i64, num: i64, den: i64) -> bool {
    group > 0 && den > 0 && took_part * den >= group * num
}

/// The participation rule as HR reads it: "三分之二" for 2/3, else "3/4".
pub fn participation_rule_text(num: i64, den: i64) -> String {
    match (num, den) {
        (2, 3) => "三分之二".into(),
        (1, 2) => "二分之一".into(),
        (3, 4) => "四分之三".into(),
        (n, d) => format!("{n}/{d}"),
    }
}

/// A checked participation rule: 1 ≤ num ≤ den ≤ 100.
pub fn check_participation_rule(num: i64, den: i64) -> Result<(), String> {
    if (1..=100).contains(&den) && (1..=den).contains(&num) {
        Ok(())
    } else {
        Err("参与比例应为不超过 1 的分数，如 2/3".into())
    }
}

/// A candidate's share of the ballots cast, as "12 票（40.0%）".
pub fn share_text(votes: i64, ballots: i64) -> String {
    if ballots <= 0 {
        return format!("{votes} 票");
    }
    format!("{votes} 票（{:.1}%）", votes as f64 * 100.0 / ballots as f64)
}

/// The pipeline's targets (kept as JSON in `settings`, edited by HR).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineTargets {
    /// Reserves per chief post (正处, 正科): 2 means 1:2.
    pub chief_per_post: u32,
    /// Reserves per deputy post (副处, 副科).
    pub deputy_per_post: u32,
    /// Share of women among reserves, in percent (0: no target).
    pub women_percent: u32,
    /// Share of non-party members (0: no target).
    pub non_party_percent: u32,
    /// Entries without a move for this many years are listed.
    pub stale_years: u32,
}

impl Default for PipelineTargets {
    fn default() -> Self {
        PipelineTargets { chief_per_post: 2, deputy_per_post: 1, women_percent: 25, non_party_percent: 10, stale_years: 2 }
    }
}

impl PipelineTargets {
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        if !(1..=10).contains(&self.chief_per_post) {
            errs.push(("chief_per_post", "正职岗位的后备比例应在 1 到 10 之间".to_string()));
        }
        if !(1..=10).contains(&self.deputy_per_post) {
            errs.push(("deputy_per_post", "副职岗位的后备比例应在 1 到 10 之间".to_string()));
        }
        if self.women_percent > 100 {
            errs.push(("women_percent", "女性比例应在 0 到 100 之间".to_string()));
        }
        if self.non_party_percent > 100 {
            errs.push(("non_party_percent", "党外干部比例应在 0 到 100 之间".to_string()));
        }
        if !(1..=10).contains(&self.stale_years) {
            errs.push(("stale_years", "年限应在 1 到 10 年之间".to_string()));
        }
        errs
    }

    /// Reserves wanted for `posts` leadership posts of `target`.
    pub fn wanted(&self, target: &str, posts: i64) -> i64 {
        let per = if matches!(target, "正处级" | "正科级") { self.chief_per_post } else { self.deputy_per_post };
        posts * per as i64
    }

    pub fn ratio_text(&self, target: &str) -> String {
        let per = if matches!(target, "正处级" | "正科级") { self.chief_per_post } else { self.deputy_per_post };
        format!("1:{per}")
    }
}

/// Whether a share reaches a target percentage (`target` 0: no target, always met).
pub fn share_met(part: i64, whole: i64, target_percent: u32) -> bool {
    target_percent == 0 || (whole > 0 && part * 100 >= target_percent as i64 * whole)
}

/// The age bands of the structure table.
pub const AGE_BANDS: [&str; 4] = ["35岁以下", "36—40岁", "41—45岁", "46岁以上"];

pub fn age_band(age: i32) -> usize {
    match age {
        ..=35 => 0,
        36..=40 => 1,
        41..=45 => 2,
        _ => 3,
    }
}

pub fn is_party_member(political_status: &str) -> bool {
    matches!(political_status, "中共党员" | "中共预备党员")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_follow_the_procedure() {
        assert!(check_move(RECOMMEND, INSPECT, false).is_ok());
        assert!(check_move(INSPECT, DECIDE, false).unwrap_err().contains("考察"));
        assert!(check_move(INSPECT, DECIDE, true).is_ok());
        assert!(check_move(DECIDE, INSPECT, true).is_ok());
        assert!(check_move(RECOMMEND, DECIDE, true).is_err(), "no skipping the inspection");
        assert!(check_move(DECIDE, NOTICE, true).unwrap_err().contains("研究决定"));
        assert!(check_move(NOTICE, USED, true).unwrap_err().contains("任职"));
        assert!(check_move(NOTICE, REMOVED, true).unwrap_err().contains("终止"));
        for s in [RECOMMEND, INSPECT, DECIDE] {
            assert!(check_move(s, REMOVED, false).is_ok(), "{s}");
        }
        assert!(check_move(USED, REMOVED, true).unwrap_err().contains("已使用"));
        assert!(check_move(REMOVED, RECOMMEND, true).is_err());
    }

    #[test]
    fn two_thirds_is_exact() {
        assert!(participation_valid(20, 30, 2, 3));
        assert!(!participation_valid(19, 30, 2, 3));
        assert!(participation_valid(2, 3, 2, 3));
        assert!(!participation_valid(6, 10, 2, 3));
        assert!(participation_valid(7, 10, 2, 3));
        assert!(!participation_valid(0, 0, 2, 3), "an empty group is never valid");
        assert!(participation_valid(8, 10, 4, 5));
        assert!(!participation_valid(7, 10, 4, 5));
        assert_eq!(participation_rule_text(2, 3), "三分之二");
        assert!(check_participation_rule(2, 3).is_ok());
        assert!(check_participation_rule(4, 3).is_err());
        assert!(check_participation_rule(0, 3).is_err());
    }

    #[test]
    fn targets_and_shares() {
        let t = PipelineTargets::default();
        assert_eq!(t.wanted("正科级", 5), 10);
        assert_eq!(t.wanted("副科级", 5), 5);
        assert_eq!(t.ratio_text("正处级"), "1:2");
        assert!(share_met(1, 4, 25));
        assert!(!share_met(1, 5, 25));
        assert!(share_met(0, 0, 0));
        assert!(!share_met(0, 0, 10));
        assert_eq!(share_text(12, 30), "12 票（40.0%）");
        assert_eq!(share_text(0, 0), "0 票");
        assert!(t.check().is_empty());
        assert_eq!(PipelineTargets { stale_years: 0, ..t }.check().len(), 1);
    }

    #[test]
    fn age_bands_meet_at_their_edges() {
        assert_eq!(age_band(35), 0);
        assert_eq!(age_band(36), 1);
        assert_eq!(age_band(45), 2);
        assert_eq!(age_band(46), 3);
    }
}
