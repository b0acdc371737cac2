//! Demo data for the reserve pools: candidates in all four pools at every stage (推荐, 考察 with
//! its report, 研究决定, 已撤销; 公示 and 已使用 linked to the posts module's real promotions, and
//! people promoted earlier), 民主推荐 rounds (one finished and valid, one finished short of the
//! two-thirds rule, one open in which the demo employee may vote), leaders' opinions and some
//! grass-roots years. Pool sizes grow with the organisation (8 to 300 per pool).

use super::reserve::{self as store, NewEntry, NewRound};
use super::{now_ms, Db};
use crate::domain::eligibility::{feeder_level, TARGETS};
use sqlx::Row;

const DAY: i64 = 86_400_000;

pub async fn seed(db: &Db, employee: Option<i64>) -> anyhow::Result<()> {
    let now = now_ms();
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(&db.pool).await?;
    let per_pool = (people / 500).clamp(8, 300) as usize;
    let leader: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = 'leader'").fetch_optional(&db.pool).await?;
    let mut w = db.write().await?;
    // Grass-roots years for about two in three of the 处级 feeders.
    sqlx::query("UPDATE people SET grass_roots_months = 24 + (id % 7) * 12 WHERE level IN ('副处级', '正科级') AND id % 3 <> 0")
        .execute(&mut *w.tx)
        .await?;
    let mut taken: std::collections::HashSet<i64> = std::collections::HashSet::new();
    if let Some(e) = employee {
        taken.insert(e);
    }
    let mut round_candidates: Vec<i64> = Vec::new();
    for (ti, target) in TARGETS.iter().enumerate() {
        let Some((feeder, _)) = feeder_level(target) else { continue };
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT p.id FROM people p WHERE p.status = '在职' AND p.level = $1 AND p.id NOT IN (SELECT person_id FROM promotions) \
             AND p.id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) ORDER BY (p.id * 7919) % 10007, p.id",
        )
        .bind(feeder)
        .fetch_all(&mut *w.tx)
        .await?;
        let mut n = 0;
        let ids: Vec<i64> = ids.into_iter().filter(|p| !taken.contains(p)).take(per_pool).collect();
        for (k, pid) in ids.into_iter().enumerate() {
            taken.insert(pid);
            let source = ["组织推荐", "部室推荐", "民主推荐", "个人署名推荐"][k % 4];
            let recommender = if source == "个人署名推荐" { "王建国" } else { "" };
            let age_days = 30 + (k as i64 * 37) % 900;
            let at = now - age_days * DAY;
            let on = crate::domain::time::china_date(at).to_string();
            let id = store::insert_entry(
                &mut w,
                &NewEntry {
                    person_id: pid,
                    target,
                    source,
                    recommender,
                    recommended_on: &on,
                    reasons: "政治素质好，工作实绩突出，群众公认度较高",
                    round_id: None,
                },
                "yucai demo",
                at,
            )
            .await?;
            if *target == "副科级" && source == "民主推荐" {
                round_candidates.push(pid);
            }
            // Stages: 推荐, 考察, 研究决定, 已撤销 in turn (most stay 推荐).
            let stage = match k % 8 {
                1 | 5 => "考察",
                3 => "研究决定",
                7 => "已撤销",
                _ => "推荐",
            };
            let later = at + 20 * DAY;
            if stage == "考察" || stage == "研究决定" {
                store::set_stage(&mut w, id, "推荐", "考察", "党委会研究确定为考察对象", "yucai demo", later).await?;
                if k % 4 == 1 || stage == "研究决定" {
                    store::set_inspection(
                        &mut w,
                        id,
                        &store::Inspection {
                            on: &crate::domain::time::china_date(later + 10 * DAY).to_string(),
                            team: "组织人事部 张伟、李娜",
                            talked_to: 12 + (k as i64 % 9),
                            findings: "## 考察情况\n\n- 政治立场坚定，认真贯彻落实中心党委决策部署；\n- 业务熟练，牵头完成**机构改革后岗位设置**相关工作；\n- 作风扎实，群众评价较好。\n\n不足：统筹协调能力有待进一步提高。",
                            conclusion: "考察合格，建议提交研究决定",
                        },
                    )
                    .await?;
                }
            }
            if stage == "研究决定" {
                store::set_stage(&mut w, id, "考察", "研究决定", "考察合格", "yucai demo", later + 15 * DAY).await?;
            }
            if stage == "已撤销" {
                store::set_stage(&mut w, id, "推荐", "已撤销", "本人因家庭原因申请退出", "yucai demo", later).await?;
            }
            if let (Some(u), true) = (leader, k % 3 == 0 && stage != "已撤销") {
                let opinion = ["同意", "同意", "弃权", "不同意"][k % 4];
                store::set_opinion(&mut w, id, u, opinion, if opinion == "不同意" { "任职年限偏短，建议再培养" } else { "" }, later)
                    .await?;
            }
            n += 1;
        }
        // 已使用: people promoted to the level in the last three years (before this system).
        let used: Vec<(i64, String)> = sqlx::query(
            "SELECT a.person_id, a.effective_date FROM appointments a JOIN people p ON p.id = a.person_id \
             WHERE a.kind = '提任' AND a.level = $1 AND p.level = $1 AND p.status = '在职' AND a.promotion_id IS NULL ORDER BY a.effective_date DESC, a.id LIMIT 2",
        )
        .bind(target)
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("person_id")?, r.try_get("effective_date")?)))
        .collect::<Result<_, sqlx::Error>>()?;
        for (pid, date) in used {
            if taken.contains(&pid) {
                continue;
            }
            let at = crate::domain::time::china_day_start_ms(chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default());
            let id = store::insert_entry(
                &mut w,
                &NewEntry {
                    person_id: pid,
                    target,
                    source: "组织推荐",
                    recommender: "",
                    recommended_on: &date,
                    reasons: "",
                    round_id: None,
                },
                "yucai demo",
                at - 200 * DAY,
            )
            .await?;
            store::set_stage(&mut w, id, "推荐", "已使用", &format!("{date} 提任{target}"), "yucai demo", at).await?;
        }
        let _ = (ti, n);
    }
    // The posts module's promotions: in 公示 or taken effect, each from the 副科 pool.
    let promos: Vec<(i64, i64, String, String, String)> = sqlx::query(
        "SELECT id, person_id, to_level, status, decision_date FROM promotions WHERE status IN ('公示中', '已任职') ORDER BY id",
    )
    .fetch_all(&mut *w.tx)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("person_id")?, r.try_get("to_level")?, r.try_get("status")?, r.try_get("decision_date")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    for (promotion, pid, to_level, status, decided) in promos {
        if !TARGETS.contains(&to_level.as_str()) || taken.contains(&pid) {
            continue;
        }
        taken.insert(pid);
        let at = crate::domain::time::china_day_start_ms(chrono::NaiveDate::parse_from_str(&decided, "%Y-%m-%d").unwrap_or_default());
        let id = store::insert_entry(
            &mut w,
            &NewEntry {
                person_id: pid,
                target: &to_level,
                source: "组织推荐",
                recommender: "",
                recommended_on: &crate::domain::time::china_date(at - 90 * DAY).to_string(),
                reasons: "",
                round_id: None,
            },
            "yucai demo",
            at - 90 * DAY,
        )
        .await?;
        store::set_stage(&mut w, id, "推荐", "考察", "", "yucai demo", at - 60 * DAY).await?;
        store::set_inspection(
            &mut w,
            id,
            &store::Inspection {
                on: &crate::domain::time::china_date(at - 50 * DAY).to_string(),
                team: "组织人事部 张伟、李娜",
                talked_to: 15,
                findings: "考察组个别谈话 15 人，民主测评优秀率 86%。",
                conclusion: "考察合格",
            },
        )
        .await?;
        store::set_stage(&mut w, id, "考察", "研究决定", "考察合格", "yucai demo", at - 30 * DAY).await?;
        store::set_decision(&mut w, id, &decided, "中心党委会研究决定", promotion).await?;
        store::set_stage(&mut w, id, "研究决定", "公示", "研究决定，发起任前公示", "yucai demo", at).await?;
        if status == "已任职" {
            store::set_stage(&mut w, id, "公示", "已使用", "公示期满，任职", "yucai demo", at + 10 * DAY).await?;
        }
    }
    // 民主推荐 rounds: voters are the people of the first 部室 (with the demo employee).
    let dept: Option<i64> = sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id IS NOT NULL ORDER BY sort_order, id LIMIT 1")
        .fetch_optional(&mut *w.tx)
        .await?;
    let mut voters: Vec<i64> = match dept {
        Some(d) => sqlx::query_scalar(&format!(
            "SELECT p.id FROM people p JOIN org_units ou ON ou.id = p.unit_id WHERE p.status = '在职' AND ou.path LIKE '%/{d}/%' ORDER BY p.id LIMIT 60"
        ))
        .fetch_all(&mut *w.tx)
        .await?,
        None => Vec::new(),
    };
    if let Some(e) = employee {
        if !voters.contains(&e) {
            voters.push(e);
        }
    }
    if voters.len() >= 3 && !round_candidates.is_empty() {
        let cands: Vec<i64> = round_candidates.iter().copied().take(8).collect();
        // Finished and valid: 5 of 6 took part.
        let id = store::insert_round(
            &mut w,
            &NewRound {
                title: "副科级后备干部民主推荐（第一轮）",
                target: "副科级",
                seats: 2,
                mode: "online",
                min_num: 2,
                min_den: 3,
                closes_at: now - 40 * DAY,
            },
            &voters,
            &cands,
            "yucai demo",
            now - 45 * DAY,
        )
        .await?;
        for (i, v) in voters.iter().enumerate() {
            if i % 6 == 5 {
                continue;
            }
            let pick: Vec<i64> = cands.iter().enumerate().filter(|(j, _)| (i + j) % 3 != 0).map(|(_, c)| *c).take(2).collect();
            store::cast(&mut w, id, *v, &pick).await?;
        }
        let list = cands.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",");
        sqlx::query(&format!("UPDATE reserve_entries SET round_id = $1 WHERE target = '副科级' AND person_id IN ({list})"))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        // Finished on paper, short of two thirds (half the group came).
        let id = store::insert_round(
            &mut w,
            &NewRound {
                title: "副科级后备干部民主推荐（纸质票）",
                target: "副科级",
                seats: 1,
                mode: "paper",
                min_num: 2,
                min_den: 3,
                closes_at: now - 20 * DAY,
            },
            &voters,
            &cands[..cands.len().min(3)],
            "yucai demo",
            now - 25 * DAY,
        )
        .await?;
        let ballots = (voters.len() / 2) as i64;
        let counts: Vec<(i64, i64)> = cands.iter().take(3).enumerate().map(|(i, c)| (*c, (ballots - i as i64 * 2).max(0) / 2)).collect();
        store::set_paper(&mut w, id, ballots, &counts).await?;
        store::close_round(&mut w, id, now - 20 * DAY).await?;
        // Open for a week: the demo employee may vote.
        store::insert_round(
            &mut w,
            &NewRound {
                title: "副科级后备干部民主推荐（第二轮）",
                target: "副科级",
                seats: 2,
                mode: "online",
                min_num: 2,
                min_den: 3,
                closes_at: now + 7 * DAY,
            },
            &voters,
            &cands,
            "yucai demo",
            now - DAY,
        )
        .await?;
    }
    w.commit().await?;
    Ok(())
}
