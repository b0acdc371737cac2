//! 考核评比: ranking 部室 on the measures of the training year, with a method that can be shown.
//! Pure: the caller counts, this weighs and ranks.

use serde::{Deserialize, Serialize};

/// One 部室's measures over a period; `None` when there is nothing to measure (no marks, no
/// scores, no rated sessions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeptMeasures {
    pub dept_id: i64,
    pub name: String,
    pub people: u32,
    /// 出勤 and 迟到 over every mark (出勤, 迟到, 缺勤, 请假), 0–1.
    pub attendance: Option<f64>,
    /// People who met their 学时 quota over people, 0–1.
    pub completion: Option<f64>,
    /// Mean score as a share of the full mark, 0–1 (points scales only).
    pub score: Option<f64>,
    /// Mean overall rating (1–5) of sessions its people taught.
    pub rating: Option<f64>,
}

/// The weights of the four measures, in percent.
pub const WEIGHTS: [(&str, u32); 4] = [("出勤率", 30), ("学时达标率", 30), ("平均成绩", 20), ("授课满意度", 20)];

/// A 部室 ranked: its place (equal composites share a place) and composite, 0–100.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeptRanked {
    pub rank: u32,
    pub composite: f64,
    pub measures: DeptMeasures,
}

/// The method in words, for the page and the print.
pub fn method() -> String {
    let parts: Vec<String> = WEIGHTS.iter().map(|(n, w)| format!("{n} {w}%")).collect();
    format!(
        "综合得分（百分制）= {}；授课满意度按 5 分制折算（平均分 ÷ 5），平均成绩按满分折算。某项没有数据的部室，该项权重按比例分给其余各项。综合得分相同者并列，名次按并列人数顺延。",
        parts.join(" + ")
    )
}

/// The composite of one 部室: the weighted mean of the measures it has, on 0–100; `None` with no
/// measure at all.
pub fn composite(m: &DeptMeasures) -> Option<f64> {
    let values = [m.attendance, m.completion, m.score, m.rating.map(|r| (r / 5.0).clamp(0.0, 1.0))];
    let mut sum = 0.0;
    let mut weight = 0.0;
    for (v, (_, w)) in values.iter().zip(WEIGHTS) {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            sum += v.clamp(0.0, 1.0) * w as f64;
            weight += w as f64;
        }
    }
    (weight > 0.0).then(|| (sum / weight * 1000.0).round() / 10.0)
}

/// Rank by composite, highest first; equal composites (to a tenth) share a place and the next
/// place skips (1, 2, 2, 4); 部室 with no measure come last, unranked (rank 0), by name.
pub fn rank_depts(list: Vec<DeptMeasures>) -> Vec<DeptRanked> {
    let mut scored: Vec<(Option<f64>, DeptMeasures)> = list.into_iter().map(|m| (composite(&m), m)).collect();
    scored.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.1.name.cmp(&b.1.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.name.cmp(&b.1.name),
    });
    let mut out = Vec::with_capacity(scored.len());
    let mut last: Option<f64> = None;
    let mut place = 0;
    for (i, (c, m)) in scored.into_iter().enumerate() {
        let rank = match c {
            None => 0,
            Some(c) => {
                if last != Some(c) {
                    place = i as u32 + 1;
                    last = Some(c);
                }
                place
            }
        };
        out.push(DeptRanked { rank, composite: c.unwrap_or(0.0), measures: m });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, a: Option<f64>, c: Option<f64>, s: Option<f64>, r: Option<f64>) -> DeptMeasures {
        DeptMeasures { dept_id: 0, name: name.into(), people: 10, attendance: a, completion: c, score: s, rating: r }
    }

    #[test]
    fn the_composite_weighs_what_there_is() {
        assert_eq!(composite(&m("甲", Some(1.0), Some(1.0), Some(1.0), Some(5.0))), Some(100.0));
        // 0.9×30 + 0.5×30 + 0.8×20 + (4/5)×20 = 27 + 15 + 16 + 16 = 74
        assert_eq!(composite(&m("乙", Some(0.9), Some(0.5), Some(0.8), Some(4.0))), Some(74.0));
        // Without scores and ratings the two halves count equally: (0.9 + 0.5) / 2.
        assert_eq!(composite(&m("丙", Some(0.9), Some(0.5), None, None)), Some(70.0));
        assert_eq!(composite(&m("丁", None, None, None, None)), None);
        // Out-of-range and non-finite inputs do not escape 0–100.
        assert_eq!(composite(&m("戊", Some(1.7), Some(f64::NAN), None, Some(9.0))), Some(100.0));
    }

    #[test]
    fn ties_share_a_place_and_the_unmeasured_come_last() {
        let r = rank_depts(vec![
            m("丙", Some(0.5), None, None, None),
            m("甲", Some(0.9), None, None, None),
            m("无", None, None, None, None),
            m("乙", Some(0.9), None, None, None),
            m("丁", Some(0.4), None, None, None),
        ]);
        let got: Vec<(&str, u32)> = r.iter().map(|d| (d.measures.name.as_str(), d.rank)).collect();
        assert_eq!(got, vec![("乙", 1), ("甲", 1), ("丙", 3), ("丁", 4), ("无", 0)]);
        assert!(method().contains("出勤率 30%"));
    }
}
