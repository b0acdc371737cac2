//! Property tests: the parsers and rule engines hold their promises for any input, not only the
//! examples in their unit tests. Each property runs a few hundred generated cases; a failure
//! prints the smallest input that breaks it.

use app::domain::calendar::{parse_dates, HolidayCalendar, YearCalendar};
use app::domain::eligibility::{
    anniversary, evaluate, months_after, months_between, EligibilityRules, Facts, Outcome, TrainingFact, Verdict, TARGETS,
};
use app::domain::id_number::{check_char, scrub, IdNumber};
use app::domain::recurrence::{End, OnHoliday, Pattern, Recurrence};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// A day from 1900 to 2100.
fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    (0u64..73_414).prop_map(move |n| first + Days::new(n))
}

/// A day from 2015 to 2035, where the shipped calendar and the tests' own years sit.
fn near_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    (0u64..7_670).prop_map(move |n| first + Days::new(n))
}

// ---- 身份证号 ----

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_text_parses_or_is_refused_without_panicking(s in "\\PC{0,40}") {
        let _ = IdNumber::parse(&s);
        let _ = scrub(&s);
    }

    #[test]
    fn a_well_formed_number_parses_and_reads_back(region in 110_000u32..660_000, birth in date(), seq in 0u32..1000) {
        let first17 = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let id = format!("{first17}{}", check_char(&first17).unwrap());
        let parsed = IdNumber::parse(&id).unwrap();
        prop_assert_eq!(parsed.birth_date(), birth);
        prop_assert_eq!(parsed.as_str(), id.as_str());
        // Typed with spaces and a lower-case x, it is the same number.
        let typed = format!(" {} {} ", &id[..6], id[6..].to_lowercase());
        prop_assert_eq!(IdNumber::parse(&typed).unwrap(), parsed);
        // Masked, it never shows more than its last four characters.
        let line = scrub(&format!("身份证 {id} 已登记"));
        prop_assert!(!line.contains(&id[..14]), "{}", line);
    }

    #[test]
    fn any_single_wrong_character_is_caught(region in 110_000u32..660_000, birth in date(), seq in 0u32..1000, pos in 0usize..18, delta in 1u32..10) {
        let first17 = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let id: Vec<char> = format!("{first17}{}", check_char(&first17).unwrap()).chars().collect();
        let mut wrong = id.clone();
        wrong[pos] = if id[pos] == 'X' {
            char::from_digit(delta, 10).unwrap()
        } else {
            char::from_digit((id[pos].to_digit(10).unwrap() + delta) % 10, 10).unwrap()
        };
        let wrong: String = wrong.into_iter().collect();
        prop_assert!(IdNumber::parse(&wrong).is_err(), "{} accepted", wrong);
    }
}

// ---- the working-day calendar ----

/// A calendar for 2015–2035 with random holidays (weekdays off) and 调休 days (weekend days worked).
fn calendar() -> impl Strategy<Value = HolidayCalendar> {
    proptest::collection::vec((near_date(), any::<bool>()), 0..120).prop_map(|days| {
        let mut years: std::collections::BTreeMap<i32, YearCalendar> = std::collections::BTreeMap::new();
        for (d, off) in days {
            let y = years.entry(d.year()).or_insert_with(|| YearCalendar { year: d.year(), ..Default::default() });
            let weekend = d.weekday().number_from_monday() >= 6;
            if off && !weekend && !y.holidays.contains(&d) {
                y.holidays.push(d);
            } else if !off && weekend && !y.workdays.contains(&d) {
                y.workdays.push(d);
            }
        }
        for y in years.values_mut() {
            y.holidays.sort();
            y.workdays.sort();
        }
        HolidayCalendar::new(years.into_values())
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn working_day_arithmetic_agrees_with_itself(cal in calendar(), d in near_date(), n in 0u32..60) {
        let next = cal.next_working_day(d);
        prop_assert!(next > d && cal.is_working_day(next));
        prop_assert!(d.iter_days().skip(1).take_while(|x| *x < next).all(|x| !cal.is_working_day(x)));
        let on_or_after = cal.working_day_on_or_after(d);
        prop_assert!(on_or_after >= d && cal.is_working_day(on_or_after));
        prop_assert_eq!(on_or_after == d, cal.is_working_day(d));
        // n working days after d: exactly n working days in (d, end], and end is one of them.
        let end = cal.add_working_days(d, n);
        if n == 0 {
            prop_assert_eq!(end, d);
        } else {
            prop_assert!(cal.is_working_day(end));
            prop_assert_eq!(cal.count_working_days(d.succ_opt().unwrap(), end), n);
        }
    }

    #[test]
    fn pasted_dates_never_panic(year in 1990i32..2100, text in "[0-9年月日至到~～–—\\-/., 、；;（）()\\n]{0,60}") {
        if let Ok(dates) = parse_dates(year, &text) {
            prop_assert!(dates.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        }
    }
}

// ---- recurring series ----

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        (0u32..34).prop_map(|day| Pattern::MonthlyDay { day }),
        (-2i32..6, 0u32..9).prop_map(|(nth, weekday)| Pattern::MonthlyNth { nth, weekday }),
        (proptest::collection::vec(0u32..9, 0..4), 0u32..5).prop_map(|(weekdays, every)| Pattern::Weekly { weekdays, every }),
    ]
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    let end = prop_oneof![
        (0u32..60).prop_map(End::Count),
        (0u64..2_000).prop_map(|n| End::Until(NaiveDate::from_ymd_opt(2024, 6, 1).unwrap() + Days::new(n)))
    ];
    (near_date(), pattern(), end, any::<bool>()).prop_map(|(start, pattern, end, skip)| Recurrence {
        start,
        pattern,
        end,
        on_holiday: if skip { OnHoliday::Skip } else { OnHoliday::MoveToNextWorkingDay },
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_series_is_on_working_days_once_a_day_in_order(cal in calendar(), r in recurrence()) {
        let Ok(sessions) = r.occurrences(&cal) else {
            // Refused settings come with messages.
            prop_assert!(r.check().is_err());
            return Ok(());
        };
        prop_assert!(r.check().is_ok());
        let dates: BTreeSet<NaiveDate> = sessions.iter().map(|o| o.date).collect();
        prop_assert_eq!(dates.len(), sessions.len(), "two sessions on one day");
        prop_assert!(sessions.windows(2).all(|w| w[0].date < w[1].date));
        let nominals: BTreeSet<NaiveDate> = sessions.iter().map(|o| o.nominal).collect();
        prop_assert_eq!(nominals.len(), sessions.len(), "a nominal date is the key of one session");
        for o in &sessions {
            prop_assert!(cal.is_working_day(o.date), "{:?} on a day off", o);
            prop_assert!(o.nominal >= r.start);
            prop_assert_eq!(o.moved, o.date != o.nominal);
            if o.moved {
                prop_assert!(r.on_holiday == OnHoliday::MoveToNextWorkingDay && !cal.is_working_day(o.nominal));
                prop_assert_eq!(o.date, cal.next_working_day(o.nominal));
            }
            match &r.pattern {
                Pattern::MonthlyDay { day } => prop_assert!(o.nominal.day() == *day || o.nominal.succ_opt().unwrap().day() == 1),
                Pattern::MonthlyNth { weekday, .. } => prop_assert_eq!(o.nominal.weekday().number_from_monday(), *weekday),
                Pattern::Weekly { weekdays, .. } => prop_assert!(weekdays.contains(&o.nominal.weekday().number_from_monday())),
            }
            if let End::Until(until) = r.end {
                prop_assert!(o.nominal <= until);
            }
        }
        if let End::Count(n) = r.end {
            prop_assert!(sessions.len() <= n as usize);
        }
        // Regenerating gives the same sessions.
        prop_assert_eq!(r.occurrences(&cal).unwrap(), sessions);
    }
}

// ---- the eligibility engine ----

const LEVELS: [&str; 8] = ["正处级", "副处级", "正科级", "副科级", "科员", "办事员", "", "一级主任科员"];
const EDUCATION: [&str; 6] = ["研究生", "大学本科", "大学专科", "中专", "高中及以下", ""];
const GRADES: [&str; 6] = ["优秀", "称职", "基本称职", "不称职", "不定等次", "合格"];

fn facts(today: NaiveDate) -> impl Strategy<Value = Facts> {
    let this_year = today.year();
    (
        (proptest::option::of(date()), proptest::option::of(date()), proptest::option::of(0.0f64..12.0)),
        (0usize..LEVELS.len(), proptest::option::of(date()), 0usize..EDUCATION.len()),
        (proptest::option::of(near_date()), proptest::option::of(near_date())),
        proptest::collection::vec((this_year - 6..this_year, 0usize..GRADES.len()), 0..6),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(
                (birth_date, work_start, grass_roots_years),
                (level, level_since, education),
                (probation_until, last_promotion),
                grades,
                training,
            )| {
                let mut seen = BTreeSet::new();
                Facts {
                    birth_date,
                    work_start,
                    grass_roots_years,
                    level: LEVELS[level].into(),
                    level_since,
                    education: EDUCATION[education].into(),
                    probation_until,
                    last_promotion,
                    // Grades are given once a year ends: only years before today's, one each.
                    grades: grades.into_iter().filter(|(y, _)| seen.insert(*y)).map(|(y, g)| (y, GRADES[g].to_string())).collect(),
                    training: training.map(|met| TrainingFact { met, summary: "年度 90 学时".into() }),
                }
            },
        )
}

fn case() -> impl Strategy<Value = (NaiveDate, Facts, usize, bool)> {
    near_date().prop_flat_map(|today| (Just(today), facts(today), 0usize..4, any::<bool>()))
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn a_failing_rule_passes_on_the_day_it_names_and_not_before((today, f, t, some_off) in case()) {
        let mut rules = EligibilityRules::default();
        if some_off {
            rules.off = vec![app::domain::eligibility::RuleCode::Grades];
        }
        let target = TARGETS[t];
        let e = evaluate(&rules, target, &f, today);
        for r in &e.results {
            prop_assert!(!r.sentence.is_empty());
            match (r.outcome, r.passes_on) {
                (Outcome::Fail, Some(on)) => {
                    prop_assert!(on > today, "{:?} passes on {} but today is {}", r.code, on, today);
                    let then = evaluate(&rules, target, &f, on);
                    let later = then.results.iter().find(|x| x.code == r.code).unwrap();
                    prop_assert!(later.outcome != Outcome::Fail, "{:?} still fails on {}: {}", r.code, on, later.sentence);
                    let eve = on.pred_opt().unwrap();
                    let before = evaluate(&rules, target, &f, eve);
                    let before = before.results.iter().find(|x| x.code == r.code).unwrap();
                    prop_assert_eq!(before.outcome, Outcome::Fail, "{:?} already passes on {}", r.code, eve);
                }
                (Outcome::Fail, None) | (Outcome::Pass | Outcome::Flag | Outcome::Unknown, None) => {}
                (o, Some(on)) => prop_assert!(false, "{:?} is {:?} yet names {}", r.code, o, on),
            }
        }
        match e.verdict {
            Verdict::EligibleOn(on) => {
                // On that day nothing fails (grades of years not yet assessed may be missing then).
                let then = evaluate(&rules, target, &f, on);
                prop_assert!(matches!(then.verdict, Verdict::Eligible | Verdict::Incomplete), "{:?} on {}", then.verdict, on);
            }
            Verdict::Eligible => prop_assert!(e.results.iter().all(|r| matches!(r.outcome, Outcome::Pass | Outcome::Flag))),
            Verdict::Incomplete => prop_assert!(e.results.iter().any(|r| r.outcome == Outcome::Unknown) && e.results.iter().all(|r| r.outcome != Outcome::Fail)),
            Verdict::NotEligible => prop_assert!(e.results.iter().any(|r| r.outcome == Outcome::Fail)),
        }
    }

    #[test]
    fn month_and_year_arithmetic_round_trips(from in date(), months in 0u32..600, years in 0u32..60) {
        let after = months_after(from, months);
        prop_assert!(after >= from);
        prop_assert_eq!(months_between(from, after), i64::from(months));
        if months > 0 {
            prop_assert_eq!(months_between(from, after.pred_opt().unwrap()), i64::from(months) - 1);
        }
        let a = anniversary(from, years);
        prop_assert_eq!(months_between(from, a), i64::from(years) * 12);
        prop_assert!(app::domain::time::age_on(from, a) == i64::from(years));
        if years > 0 {
            prop_assert_eq!(app::domain::time::age_on(from, a.pred_opt().unwrap()), i64::from(years) - 1);
        }
    }
}

// ---- the Markdown sanitiser ----

fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<scr<script>ipt>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JaVaScRiPt&#58;alert(1))".to_string()),
        Just("<a href=\"java\nscript:x\">".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("![p](https://evil.example/p.png)".to_string()),
        Just("<svg onload=alert(1)>".to_string()),
        Just("<iframe src=//evil.example>".to_string()),
        Just("<div style=\"background:url(javascript:x)\" onclick=y>".to_string()),
        Just("<object data=x>".to_string()),
        Just("<base href=//evil.example>".to_string()),
        Just("<meta http-equiv=refresh content=0>".to_string()),
        Just("<form action=x><button formaction=y>".to_string()),
        Just("`code` **b** _i_ ~~s~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("\n\n".to_string()),
        Just("<".to_string()),
        Just("\"".to_string()),
        Just(">".to_string()),
        "\\PC{0,12}",
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// The real tags of rendered HTML (text `<` is always escaped, so every `<` opens one).
fn tags(html: &str) -> Vec<String> {
    html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("").to_lowercase()).collect()
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn rendered_markdown_can_never_run_anything(md in markdownish()) {
        let out = app::markdown::render(&md);
        for tag in tags(&out) {
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("").to_string();
            prop_assert!(
                !["script", "iframe", "style", "form", "object", "embed", "base", "meta", "svg", "link", "button", "input"].contains(&name.as_str()),
                "{:?} gave the tag <{}>", md, tag
            );
            let attrs: Vec<&str> = tag.split_whitespace().skip(1).collect();
            for a in attrs {
                let key = a.split('=').next().unwrap_or("");
                prop_assert!(!key.starts_with("on") && key != "style" && key != "formaction", "{:?} gave <{}>", md, tag);
                if key == "href" || key == "src" {
                    let v = a[key.len()..].trim_start_matches('=').trim_matches('"');
                    prop_assert!(!v.contains("javascript") && !v.starts_with("data:"), "{:?} gave <{}>", md, tag);
                    if name == "img" {
                        prop_assert!(v.starts_with('/') && !v.starts_with("//"), "{:?} gave an image from elsewhere: <{}>", md, tag);
                    }
                }
            }
        }
    }
}
