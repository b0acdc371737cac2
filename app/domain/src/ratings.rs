//! Course ratings: who may rate and when, what a rating must hold, and what may be shown of them.
//! Ratings are anonymous. Results appear only once they can no longer move (rating has closed)
//! and only from a minimum number of ratings: while a session can still be rated, two looks at its
//! results around one person's rating would give that rating away, and a small session's results
//! would give its few raters away. Aggregates over several sessions include only published ones,
//! and comments are shown in an order that has nothing to do with when they were given.

use serde::{Deserialize, Serialize};

/// The indicators asked when neither HR nor the series chose others.
pub const DEFAULT_INDICATORS: [&str; 4] = ["内容充实", "讲授效果", "联系实际", "组织安排"];

/// The longest comment kept, in characters.
pub const MAX_COMMENT: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRules {
    /// Rating closes this many days after the session ends.
    pub window_days: u32,
    /// Aggregates and comments appear from this many ratings.
    pub min_count: u32,
    /// Asked for every session whose series has no indicators of its own (none sent: none, which
    /// the check refuses).
    #[serde(default)]
    pub indicators: Vec<String>,
}

impl Default for RatingRules {
    fn default() -> Self {
        RatingRules { window_days: 7, min_count: 5, indicators: DEFAULT_INDICATORS.iter().map(|s| s.to_string()).collect() }
    }
}

impl RatingRules {
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        if !(1..=60).contains(&self.window_days) {
            errs.push(("window_days", "评价期限应在 1 到 60 天之间".to_string()));
        }
        // Fewer than three would let a lecturer read one attendee's rating from the average.
        if !(3..=50).contains(&self.min_count) {
            errs.push(("min_count", "显示结果所需的最少评价数应在 3 到 50 之间".to_string()));
        }
        if let Err(m) = check_indicators(&self.indicators) {
            errs.push(("indicators", m));
        }
        errs
    }
}

/// Indicators as typed: separated by commas (，or ,), 、 or new lines; blanks dropped.
pub fn parse_indicators(text: &str) -> Result<Vec<String>, String> {
    let list: Vec<String> =
        text.split([',', '，', '、', '\n', ';', '；']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    check_indicators(&list)?;
    Ok(list)
}

pub fn check_indicators(list: &[String]) -> Result<(), String> {
    if list.is_empty() || list.len() > 10 {
        return Err("评价指标应有 1 到 10 项".into());
    }
    for (i, name) in list.iter().enumerate() {
        let n = name.chars().count();
        if n == 0 || n > 12 {
            return Err(format!("评价指标“{name}”应为 1 到 12 个字"));
        }
        if list[..i].contains(name) {
            return Err(format!("评价指标“{name}”重复"));
        }
    }
    Ok(())
}

/// One rating as kept (in a session's box, see `store::ratings`): the indicators asked when it was
/// given, the scores given to each, the overall score and the comment (may be empty). Nothing else:
/// no person, no time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    #[serde(rename = "i")]
    pub indicators: Vec<String>,
    #[serde(rename = "s")]
    pub scores: Vec<u8>,
    #[serde(rename = "o")]
    pub overall: u8,
    #[serde(rename = "c", default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// Where a person stands with rating one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RatingState {
    Open,
    Cancelled,
    /// Only those marked 出勤 or 迟到 rate.
    NotAttended,
    Rated,
    NotEnded,
    Closed,
}

impl RatingState {
    /// What the person is told; empty when the form is open.
    pub fn message(self) -> &'static str {
        match self {
            RatingState::Open => "",
            RatingState::Cancelled => "本次课程已取消，无需评价。",
            RatingState::NotAttended => "只有签到出勤的学员才能评价本次课程。",
            RatingState::Rated => "您已评价过本次课程，感谢参与。",
            RatingState::NotEnded => "课程结束后才能评价。",
            RatingState::Closed => "本次课程的评价已截止。",
        }
    }
}

const DAY_MS: i64 = 86_400_000;

/// The moment rating closes: `window_days` after the end, or earlier when the session's rating was
/// closed earlier (`fixed`: a session once rated keeps its close, moved only earlier, so a longer
/// window set later never reopens results that may have been seen).
pub fn closes_at(ends_at: i64, window_days: u32, fixed: Option<i64>) -> i64 {
    let by_window = ends_at + window_days as i64 * DAY_MS;
    fixed.map_or(by_window, |f| f.min(by_window))
}

/// Whether a session's results may be shown: its rating has closed for good (`now` after
/// `closes`), so no later rating can change them, and at least `min_count` ratings came.
pub fn published(now: i64, closes: i64, count: u32, min_count: u32) -> bool {
    now > closes && count > 0 && count >= min_count
}

/// Put `item` at `slot` among `items` (clamped to the end). Done for each rating as it arrives with
/// `slot` drawn uniformly from `0..=items.len()`, the stored order is a uniformly random
/// permutation of the order of arrival: the k-th rating given is equally likely at every place.
pub fn shuffle_in<T>(items: &mut Vec<T>, item: T, slot: usize) {
    let at = slot.min(items.len());
    items.insert(at, item);
}

/// May this person rate now? Checked in this order, so a person is told the first thing that stands
/// in the way: a cancelled session, not attended, already rated, not ended, rating closed
/// (`closes`: see [`closes_at`]).
pub fn rating_state(now: i64, ends_at: i64, closes: i64, cancelled: bool, attended: bool, rated: bool) -> RatingState {
    if cancelled {
        RatingState::Cancelled
    } else if !attended {
        RatingState::NotAttended
    } else if rated {
        RatingState::Rated
    } else if now < ends_at {
        RatingState::NotEnded
    } else if now > closes {
        RatingState::Closed
    } else {
        RatingState::Open
    }
}

/// A rating's problems by field (`scores`, `overall`, `comment`); empty when it may be kept.
pub fn validate(indicators: &[String], scores: &[u8], overall: u8, comment: &str) -> Vec<(&'static str, String)> {
    let mut errs = Vec::new();
    if scores.len() != indicators.len() {
        errs.push(("scores", format!("请为全部 {} 项指标打分", indicators.len())));
    } else if let Some(i) = scores.iter().position(|s| !(1..=5).contains(s)) {
        errs.push(("scores", format!("“{}”的评分应为 1 到 5 分", indicators[i])));
    }
    if !(1..=5).contains(&overall) {
        errs.push(("overall", "请给出 1 到 5 分的总体评价".into()));
    }
    if comment.chars().count() > MAX_COMMENT {
        errs.push(("comment", format!("意见建议不超过 {MAX_COMMENT} 字")));
    }
    errs
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorMean {
    pub name: String,
    pub mean: f64,
    /// How many ratings scored this indicator (a series may change its indicators).
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub count: u32,
    pub indicators: Vec<IndicatorMean>,
    pub overall_mean: f64,
    /// How many gave an overall 1, 2, 3, 4, 5.
    pub distribution: [u32; 5],
}

/// One rating as the aggregate needs it: the indicators it answered, their scores, the overall.
pub struct Given<'a> {
    pub indicators: &'a [String],
    pub scores: &'a [u8],
    pub overall: u8,
}

/// Means per indicator (in the order indicators first appear) and overall, rounded to one decimal
/// (shown beside their counts, an exact mean would give the exact sum), and the distribution of
/// overall scores; `None` below `min_count` ratings, so nothing of a small session is shown.
pub fn aggregate(ratings: &[Given], min_count: u32) -> Option<Aggregate> {
    let count = ratings.len() as u32;
    if count == 0 || count < min_count {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut sums: Vec<(u64, u32)> = Vec::new();
    let mut distribution = [0u32; 5];
    let mut overall_sum = 0u64;
    for r in ratings {
        for (name, score) in r.indicators.iter().zip(r.scores) {
            let i = match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.clone());
                    sums.push((0, 0));
                    names.len() - 1
                }
            };
            sums[i].0 += *score as u64;
            sums[i].1 += 1;
        }
        let o = r.overall.clamp(1, 5);
        distribution[(o - 1) as usize] += 1;
        overall_sum += o as u64;
    }
    Some(Aggregate {
        count,
        indicators: names
            .into_iter()
            .zip(sums)
            .map(|(name, (sum, n))| IndicatorMean { name, mean: round1(sum as f64 / n.max(1) as f64), count: n })
            .collect(),
        overall_mean: round1(overall_sum as f64 / count as f64),
        distribution,
    })
}

/// 64-bit FNV-1a.
fn fnv1a(salt: u64, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.to_le_bytes().iter().chain(text.as_bytes()) {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Non-empty comments in an order given by a hash of their text (salted per session), never by
/// when they were written: the same list always shows the same way, and the position of a comment
/// says nothing about who wrote it. Blank comments are dropped.
pub fn comment_order(comments: Vec<String>, salt: u64) -> Vec<String> {
    let mut list: Vec<(u64, String)> =
        comments.into_iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).map(|c| (fnv1a(salt, &c), c)).collect();
    list.sort();
    list.into_iter().map(|(_, c)| c).collect()
}

/// A ranked line: sessions, series or lecturers by their mean overall score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub rank: u32,
    pub key: String,
    pub label: String,
    pub detail: String,
    pub count: u32,
    pub mean: f64,
}

/// Rank by mean overall score, rounded to one decimal (highest first; ties: more ratings first,
/// then by label); only lines with at least `min_count` ratings are ranked (the rest would show a
/// small group's ratings). Equal means and counts share a rank (1, 2, 2, 4). The lines must be
/// built from published sessions only (see [`published`]).
pub fn rank(lines: Vec<(String, String, String, u32, u64)>, min_count: u32) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = lines
        .into_iter()
        .filter(|l| l.3 > 0 && l.3 >= min_count)
        .map(|(key, label, detail, count, sum)| Ranked { rank: 0, key, label, detail, count, mean: round1(sum as f64 / count as f64) })
        .collect();
    out.sort_by(|a, b| b.mean.total_cmp(&a.mean).then(b.count.cmp(&a.count)).then(a.label.cmp(&b.label)));
    for i in 0..out.len() {
        out[i].rank =
            if i > 0 && out[i].mean == out[i - 1].mean && out[i].count == out[i - 1].count { out[i - 1].rank } else { i as u32 + 1 };
    }
    out
}

/// A mean rounded to one decimal, as every answer carries it.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A mean as shown: one decimal, the same on server and browser.
pub fn one_decimal(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_state_names_the_first_obstacle() {
        let end = 1_000_000_000;
        let day = DAY_MS;
        let c7 = closes_at(end, 7, None);
        assert_eq!(rating_state(end + 1, end, c7, false, true, false), RatingState::Open);
        assert_eq!(rating_state(end, end, c7, false, true, false), RatingState::Open);
        assert_eq!(rating_state(end + 7 * day, end, c7, false, true, false), RatingState::Open);
        assert_eq!(rating_state(end + 7 * day + 1, end, c7, false, true, false), RatingState::Closed);
        assert_eq!(rating_state(end - 1, end, c7, false, true, false), RatingState::NotEnded);
        assert_eq!(rating_state(end + 1, end, c7, false, true, true), RatingState::Rated);
        assert_eq!(rating_state(end + 1, end, c7, false, false, false), RatingState::NotAttended);
        assert_eq!(rating_state(end + 1, end, c7, true, true, false), RatingState::Cancelled);
        // Someone who never attended is told so, even after the window closed.
        assert_eq!(rating_state(end + 30 * day, end, c7, false, false, false), RatingState::NotAttended);
        assert!(RatingState::Open.message().is_empty());
        assert!(RatingState::Rated.message().contains("已评价"));
    }

    #[test]
    fn a_session_once_rated_closes_only_earlier() {
        let end = 1_000_000_000;
        assert_eq!(closes_at(end, 7, None), end + 7 * DAY_MS);
        // A longer window set after the first rating does not reopen it; a shorter one applies.
        assert_eq!(closes_at(end, 30, Some(end + 7 * DAY_MS)), end + 7 * DAY_MS);
        assert_eq!(closes_at(end, 3, Some(end + 7 * DAY_MS)), end + 3 * DAY_MS);
    }

    #[test]
    fn results_are_published_once_closed_and_enough() {
        let closes = 5_000;
        assert!(!published(closes, closes, 10, 5), "not while rating may still come");
        assert!(!published(closes - 1, closes, 10, 5));
        assert!(published(closes + 1, closes, 5, 5));
        assert!(!published(closes + 1, closes, 4, 5), "too few");
        assert!(!published(closes + 1, closes, 0, 0), "nothing to show");
    }

    /// Each rating put at a uniformly drawn place: whatever the order of arrival, every arrival is
    /// equally likely at every stored position (checked for the first, a middle and the last).
    #[test]
    fn shuffled_in_order_is_uniform() {
        let (n, runs) = (8usize, 40_000u32);
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % bound
        };
        let mut at = vec![vec![0u32; n]; n];
        for _ in 0..runs {
            let mut items = Vec::new();
            for k in 0..n {
                let slot = next(items.len() + 1);
                shuffle_in(&mut items, k, slot);
            }
            for (pos, k) in items.iter().enumerate() {
                at[*k][pos] += 1;
            }
        }
        let expected = runs as f64 / n as f64;
        for k in [0, n / 2, n - 1] {
            for (pos, times) in at[k].iter().enumerate() {
                let dev = (*times as f64 - expected).abs() / expected;
                assert!(dev < 0.06, "arrival {k} at position {pos}: {times} times, expected about {expected}");
            }
        }
        let mut v = vec![1, 2];
        shuffle_in(&mut v, 3, 99);
        assert_eq!(v, vec![1, 2, 3], "a slot past the end appends");
    }

    #[test]
    fn means_come_rounded() {
        let ind = names(&["甲"]);
        let r = [
            Given { indicators: &ind, scores: &[5], overall: 5 },
            Given { indicators: &ind, scores: &[4], overall: 4 },
            Given { indicators: &ind, scores: &[4], overall: 4 },
        ];
        let a = aggregate(&r, 3).unwrap();
        assert_eq!((a.overall_mean, a.indicators[0].mean), (4.3, 4.3), "13 / 3 shown as 4.3, not 4.333…");
        let ranked = rank(vec![("a".into(), "甲".into(), String::new(), 3, 13)], 3);
        assert_eq!(ranked[0].mean, 4.3);
    }

    #[test]
    fn a_rating_needs_every_indicator_between_one_and_five() {
        let ind = names(&DEFAULT_INDICATORS);
        assert!(validate(&ind, &[5, 4, 3, 1], 5, "很好").is_empty());
        assert_eq!(validate(&ind, &[5, 4, 3], 5, "")[0].0, "scores");
        let e = validate(&ind, &[5, 0, 3, 4], 5, "");
        assert!(e[0].1.contains("讲授效果"), "{e:?}");
        assert_eq!(validate(&ind, &[5, 6, 3, 4], 5, "")[0].0, "scores");
        assert_eq!(validate(&ind, &[5, 5, 3, 4], 0, "")[0].0, "overall");
        assert_eq!(validate(&ind, &[5, 5, 3, 4], 6, "")[0].0, "overall");
        assert!(validate(&ind, &[5, 5, 3, 4], 5, &"字".repeat(500)).is_empty());
        assert_eq!(validate(&ind, &[5, 5, 3, 4], 5, &"字".repeat(501))[0].0, "comment");
    }

    #[test]
    fn nothing_is_aggregated_below_the_threshold() {
        let ind = names(&DEFAULT_INDICATORS);
        let given = [[5u8, 4, 3, 2], [4, 4, 4, 4], [3, 5, 5, 5], [5, 5, 5, 5], [2, 3, 4, 5]];
        let overall = [5u8, 4, 4, 5, 3];
        let all: Vec<Given> = given.iter().zip(overall).map(|(s, o)| Given { indicators: &ind, scores: s, overall: o }).collect();
        assert_eq!(aggregate(&all[..4], 5), None);
        assert_eq!(aggregate(&[], 0), None);
        let a = aggregate(&all, 5).unwrap();
        assert_eq!(a.count, 5);
        assert_eq!(a.indicators.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), DEFAULT_INDICATORS.to_vec());
        assert_eq!(a.indicators.iter().map(|i| i.mean).collect::<Vec<_>>(), vec![3.8, 4.2, 4.2, 4.2]);
        assert_eq!(a.overall_mean, 4.2);
        assert_eq!(a.distribution, [0, 0, 1, 2, 2]);
        assert_eq!(one_decimal(a.overall_mean), "4.2");
        assert_eq!(one_decimal(4.25), "4.3");
        assert_eq!(one_decimal(4.0), "4.0");
    }

    #[test]
    fn a_changed_indicator_set_is_averaged_per_indicator() {
        let old = names(&["内容充实", "讲授效果"]);
        let new = names(&["讲授效果", "互动交流"]);
        let r = [
            Given { indicators: &old, scores: &[4, 2], overall: 3 },
            Given { indicators: &new, scores: &[4, 5], overall: 5 },
            Given { indicators: &new, scores: &[3, 5], overall: 4 },
        ];
        let a = aggregate(&r, 3).unwrap();
        let got: Vec<(&str, f64, u32)> = a.indicators.iter().map(|i| (i.name.as_str(), i.mean, i.count)).collect();
        assert_eq!(got, vec![("内容充实", 4.0, 1), ("讲授效果", 3.0, 3), ("互动交流", 5.0, 2)]);
    }

    #[test]
    fn comments_follow_their_text_not_their_time() {
        let given: Vec<String> = (1..=8).map(|i| format!("意见{i}")).collect();
        let once = comment_order(given.clone(), 42);
        assert_eq!(once.len(), 8);
        assert_ne!(once, given, "not the submission order");
        let mut reversed = given.clone();
        reversed.reverse();
        assert_eq!(comment_order(reversed, 42), once, "the order of arrival makes no difference");
        assert_ne!(comment_order(given.clone(), 43), once, "another session, another order");
        assert_eq!(comment_order(vec!["  ".into(), String::new(), " 好 ".into()], 1), vec!["好".to_string()]);
    }

    #[test]
    fn ranks_skip_small_groups_and_share_ties() {
        let lines = vec![
            ("a".into(), "甲".into(), String::new(), 5, 20),
            ("b".into(), "乙".into(), String::new(), 10, 45),
            ("c".into(), "丙".into(), String::new(), 4, 20),
            ("d".into(), "丁".into(), String::new(), 5, 20),
            ("e".into(), "戊".into(), String::new(), 6, 24),
            ("f".into(), "己".into(), String::new(), 0, 0),
        ];
        let r = rank(lines, 5);
        let got: Vec<(u32, &str)> = r.iter().map(|x| (x.rank, x.key.as_str())).collect();
        // 乙 4.5; 戊 4.0 with 6 ratings before 丁 and 甲, 4.0 with 5 each (tied, by label); 丙 has too few.
        assert_eq!(got, vec![(1, "b"), (2, "e"), (3, "d"), (3, "a")]);
        assert_eq!(r[0].mean, 4.5);
    }

    #[test]
    fn rules_and_indicators_are_checked() {
        assert!(RatingRules::default().check().is_empty());
        let r = RatingRules { window_days: 0, min_count: 2, indicators: vec![] };
        let fields: Vec<&str> = r.check().iter().map(|e| e.0).collect();
        assert_eq!(fields, vec!["window_days", "min_count", "indicators"]);
        assert_eq!(parse_indicators("内容充实，讲授效果、联系实际\n组织安排,").unwrap(), names(&DEFAULT_INDICATORS));
        assert!(parse_indicators("内容, 内容").unwrap_err().contains("重复"));
        assert!(parse_indicators(" , ").is_err());
        assert!(parse_indicators("一二三四五六七八九十十一十二十三").unwrap_err().contains("12"));
        assert!(parse_indicators(&(1..=11).map(|i| format!("指标{i}")).collect::<Vec<_>>().join(",")).is_err());
    }
}
