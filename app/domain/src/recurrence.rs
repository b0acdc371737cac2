//! Recurring lecture series: a pattern (monthly on a day, monthly on the nth weekday, weekly),
//! an end, and what to do when a date is not a working day. The sessions are computed from the
//! holiday calendar, so regenerating a series after HR edits the calendar gives the same nominal
//! dates (the key of a session) with new held dates.

use super::calendar::{chinese_date, weekday_name, HolidayCalendar};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pattern {
    /// Monthly on a day of the month; a day the month doesn't have (31 in April, 29–31 in
    /// February) means the month's last day.
    MonthlyDay { day: u32 },
    /// Monthly on the nth weekday (1–4) or the last (nth = -1), e.g. the last Friday. The weekday
    /// is 1 = Monday … 7 = Sunday (a number so it serialises simply).
    MonthlyNth { nth: i32, weekday: u32 },
    /// Weekly on the chosen weekdays (1 = Monday … 7 = Sunday), every `every` weeks (1 = each
    /// week), counting weeks from the Monday-based week of `start`.
    Weekly { weekdays: Vec<u32>, every: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum End {
    /// The last nominal date (inclusive). A session moved off it may be held a little later.
    Until(NaiveDate),
    /// This many sessions held (skipped ones do not count).
    Count(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnHoliday {
    Skip,
    MoveToNextWorkingDay,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub start: NaiveDate,
    pub pattern: Pattern,
    pub end: End,
    pub on_holiday: OnHoliday,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The date the pattern gives: with the series, the key of a session, so regenerating
    /// updates sessions instead of adding new ones.
    pub nominal: NaiveDate,
    /// The date it is held (= `nominal` unless moved).
    pub date: NaiveDate,
    pub moved: bool,
}

/// No series has more sessions than this (a weekly series of every day for ten years would).
const MAX_OCCURRENCES: usize = 1000;
/// Nominal dates are looked for at most this far after the start (reached only by `Count`).
const SCAN_MONTHS: u32 = 20 * 12;
const MAX_COUNT: u32 = 500;
const MAX_EVERY: u32 = 52;
/// `Until` is at most this long after the start.
const MAX_SPAN_MONTHS: u32 = 10 * 12;

fn weekday_from_number(n: u32) -> Option<Weekday> {
    match n {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

/// 周一 … 周日, as the weekly pattern names days.
fn short_weekday(n: u32) -> &'static str {
    match n {
        1 => "周一",
        2 => "周二",
        3 => "周三",
        4 => "周四",
        5 => "周五",
        6 => "周六",
        7 => "周日",
        _ => "周？",
    }
}

fn weekday_message(n: u32) -> String {
    format!("星期应在 1（星期一）到 7（星期日）之间（填写的是 {n}）")
}

fn month_start(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
}

/// The last day of the month that starts on `first`.
fn month_end(first: NaiveDate) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// Days from `a` forward to `b` (0..6).
fn days_until(a: Weekday, b: Weekday) -> u64 {
    u64::from((b.num_days_from_monday() + 7 - a.num_days_from_monday()) % 7)
}

impl Pattern {
    /// The pattern's date in the month starting on `first`.
    fn in_month(&self, first: NaiveDate) -> Option<NaiveDate> {
        match self {
            Pattern::MonthlyDay { day } => {
                let last = month_end(first)?;
                NaiveDate::from_ymd_opt(first.year(), first.month(), (*day).min(last.day()))
            }
            Pattern::MonthlyNth { nth: -1, weekday } => {
                let last = month_end(first)?;
                last.checked_sub_days(Days::new(days_until(weekday_from_number(*weekday)?, last.weekday())))
            }
            Pattern::MonthlyNth { nth, weekday } => {
                let weeks = u64::try_from(*nth).ok()?.checked_sub(1)?;
                let offset = days_until(first.weekday(), weekday_from_number(*weekday)?) + weeks * 7;
                first.checked_add_days(Days::new(offset)).filter(|d| d.month() == first.month())
            }
            Pattern::Weekly { .. } => None,
        }
    }
}

impl Recurrence {
    /// Messages for bad settings (the series form shows them); `Ok` when all are fine.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut errs = Vec::new();
        match &self.pattern {
            Pattern::MonthlyDay { day } => {
                if !(1..=31).contains(day) {
                    errs.push(format!("每月的日期应在 1 到 31 之间（填写的是 {day}）"));
                }
            }
            Pattern::MonthlyNth { nth, weekday } => {
                if !(1..=4).contains(nth) && *nth != -1 {
                    errs.push(format!("第几个星期几应为 1 到 4，或 -1 表示最后一个（填写的是 {nth}）"));
                }
                if weekday_from_number(*weekday).is_none() {
                    errs.push(weekday_message(*weekday));
                }
            }
            Pattern::Weekly { weekdays, every } => {
                if weekdays.is_empty() {
                    errs.push("请至少选择一个星期几".to_string());
                }
                let bad: BTreeSet<u32> = weekdays.iter().copied().filter(|w| weekday_from_number(*w).is_none()).collect();
                errs.extend(bad.into_iter().map(weekday_message));
                if !(1..=MAX_EVERY).contains(every) {
                    errs.push(format!("间隔周数应在 1 到 {MAX_EVERY} 之间（填写的是 {every}）"));
                }
            }
        }
        match self.end {
            End::Count(n) => {
                if !(1..=MAX_COUNT).contains(&n) {
                    errs.push(format!("次数应在 1 到 {MAX_COUNT} 之间（填写的是 {n}）"));
                }
            }
            End::Until(until) => {
                if until < self.start {
                    errs.push(format!("结束日期（{}）早于开始日期（{}）", chinese_date(until), chinese_date(self.start)));
                } else if let Some(limit) = self.start.checked_add_months(Months::new(MAX_SPAN_MONTHS)) {
                    if until > limit {
                        errs.push(format!("结束日期最晚为开始日期后 10 年（{}）", chinese_date(limit)));
                    }
                }
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// The sessions, in date order. A nominal date that is not a working day (a holiday, or a
    /// weekend day that is not a 调休 working day) is skipped or moved to the next working day.
    /// Patterns follow the real weekday, so a 调休 Saturday is never "a Friday"; it is a working
    /// day, so a weekly-Saturday series is held on it (and skips or moves its other Saturdays),
    /// and a moved session may land on it. A moved session that lands on the date of another
    /// session (held on its own date, or moved there earlier) is dropped: a series never has two
    /// sessions on one day.
    pub fn occurrences(&self, cal: &HolidayCalendar) -> Result<Vec<Occurrence>, Vec<String>> {
        self.check()?;
        let scan_end = self.start.checked_add_months(Months::new(SCAN_MONTHS)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX);
        let (last_nominal, limit) = match self.end {
            End::Until(until) => (until.min(scan_end), MAX_OCCURRENCES),
            End::Count(n) => (scan_end, (n as usize).min(MAX_OCCURRENCES)),
        };
        let planned: Vec<(NaiveDate, Option<NaiveDate>)> = self
            .nominal_dates(last_nominal)
            .into_iter()
            .map(|n| {
                let held = if cal.is_working_day(n) {
                    Some(n)
                } else {
                    match self.on_holiday {
                        OnHoliday::Skip => None,
                        // The search gives up on a calendar with no working day for 400 days.
                        OnHoliday::MoveToNextWorkingDay => Some(cal.next_working_day(n)).filter(|m| cal.is_working_day(*m)),
                    }
                };
                (n, held)
            })
            .collect();
        // Sessions held on their own date win over sessions moved onto it.
        let held_on_own_date: BTreeSet<NaiveDate> = planned.iter().filter(|(n, held)| *held == Some(*n)).map(|(n, _)| *n).collect();
        let mut taken = BTreeSet::new();
        let mut out = Vec::new();
        for (nominal, held) in planned {
            let Some(date) = held else { continue };
            let moved = date != nominal;
            if moved && held_on_own_date.contains(&date) {
                continue;
            }
            if !taken.insert(date) {
                continue;
            }
            out.push(Occurrence { nominal, date, moved });
            if out.len() >= limit {
                break;
            }
        }
        out.sort_by_key(|o| (o.date, o.nominal));
        Ok(out)
    }

    /// The occurrences whose nominal date is in `[from, to]` (changing future sessions, the demo
    /// data): a slice of [`Recurrence::occurrences`], so the two always agree.
    pub fn occurrences_between(&self, cal: &HolidayCalendar, from: NaiveDate, to: NaiveDate) -> Result<Vec<Occurrence>, Vec<String>> {
        Ok(self.occurrences(cal)?.into_iter().filter(|o| (from..=to).contains(&o.nominal)).collect())
    }

    /// The pattern's dates from `start` to `last`, in order, before holidays are looked at.
    fn nominal_dates(&self, last: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        match &self.pattern {
            Pattern::Weekly { weekdays, every } => {
                let chosen: BTreeSet<u32> = weekdays.iter().copied().filter(|w| (1..=7).contains(w)).collect();
                let every = i64::from((*every).max(1));
                let monday = self.start.checked_sub_days(Days::new(u64::from(self.start.weekday().num_days_from_monday())));
                let Some(monday) = monday else { return out };
                for d in self.start.iter_days().take_while(|d| *d <= last) {
                    let week = (d - monday).num_days() / 7;
                    if week % every == 0 && chosen.contains(&d.weekday().number_from_monday()) {
                        out.push(d);
                    }
                }
            }
            monthly => {
                let Some(mut first) = month_start(self.start) else { return out };
                while first <= last {
                    if let Some(d) = monthly.in_month(first).filter(|d| *d >= self.start && *d <= last) {
                        out.push(d);
                    }
                    match first.checked_add_months(Months::new(1)) {
                        Some(next) => first = next,
                        None => break,
                    }
                }
            }
        }
        out
    }

    /// One line for lists and the series page: 「每月最后一个星期五，遇节假日顺延至下一工作日，共12次」.
    pub fn describe(&self) -> String {
        let pattern = match &self.pattern {
            Pattern::MonthlyDay { day } if *day >= 29 => format!("每月{day}日（当月无此日则为月末）"),
            Pattern::MonthlyDay { day } => format!("每月{day}日"),
            Pattern::MonthlyNth { nth, weekday } => {
                let which = match nth {
                    1 => "第一个".to_string(),
                    2 => "第二个".to_string(),
                    3 => "第三个".to_string(),
                    4 => "第四个".to_string(),
                    -1 => "最后一个".to_string(),
                    n => format!("第{n}个"),
                };
                let day = weekday_from_number(*weekday).map(weekday_name).unwrap_or("星期？");
                format!("每月{which}{day}")
            }
            Pattern::Weekly { weekdays, every } => {
                let chosen: BTreeSet<u32> = weekdays.iter().copied().collect();
                let days = chosen.into_iter().map(short_weekday).collect::<Vec<_>>().join("、");
                if *every <= 1 {
                    format!("每{days}")
                } else {
                    format!("每{every}周的{days}")
                }
            }
        };
        let on_holiday = match self.on_holiday {
            OnHoliday::Skip => "，遇节假日取消",
            OnHoliday::MoveToNextWorkingDay => "，遇节假日顺延至下一工作日",
        };
        let end = match self.end {
            End::Until(d) => format!("，至{}", chinese_date(d)),
            End::Count(n) => format!("，共{n}次"),
        };
        format!("{pattern}{on_holiday}{end}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::calendar::YearCalendar;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rec(start: NaiveDate, pattern: Pattern, end: End, on_holiday: OnHoliday) -> Recurrence {
        Recurrence { start, pattern, end, on_holiday }
    }

    fn weekly(days: &[u32], every: u32) -> Pattern {
        Pattern::Weekly { weekdays: days.to_vec(), every }
    }

    fn dates(r: &Recurrence) -> Vec<NaiveDate> {
        r.occurrences(&HolidayCalendar::shipped()).unwrap().iter().map(|o| o.date).collect()
    }

    fn nominals(r: &Recurrence) -> Vec<NaiveDate> {
        r.occurrences(&HolidayCalendar::shipped()).unwrap().iter().map(|o| o.nominal).collect()
    }

    const LAST_FRIDAY: Pattern = Pattern::MonthlyNth { nth: -1, weekday: 5 };

    #[test]
    fn last_friday_of_each_month_through_2026_skips_mid_autumn() {
        let r = rec(d(2026, 1, 1), LAST_FRIDAY, End::Until(d(2026, 12, 31)), OnHoliday::Skip);
        let want = [(1, 30), (2, 27), (3, 27), (4, 24), (5, 29), (6, 26), (7, 31), (8, 28), (10, 30), (11, 27), (12, 25)];
        assert_eq!(dates(&r), want.iter().map(|(m, x)| d(2026, *m, *x)).collect::<Vec<_>>());
        assert!(dates(&r).contains(&d(2026, 10, 30)), "30 Oct 2026 is a working Friday");
    }

    #[test]
    fn last_friday_moved_off_mid_autumn_lands_on_monday() {
        // 25 Sep 2026 (Fri) is off, and the weekend after it too.
        let r = rec(d(2026, 9, 1), LAST_FRIDAY, End::Until(d(2026, 10, 31)), OnHoliday::MoveToNextWorkingDay);
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        assert_eq!(
            got,
            vec![
                Occurrence { nominal: d(2026, 9, 25), date: d(2026, 9, 28), moved: true },
                Occurrence { nominal: d(2026, 10, 30), date: d(2026, 10, 30), moved: false },
            ]
        );
    }

    #[test]
    fn last_friday_of_january_2025_is_in_the_spring_festival() {
        let cal = HolidayCalendar::shipped();
        let skip = rec(d(2025, 1, 1), LAST_FRIDAY, End::Until(d(2025, 2, 28)), OnHoliday::Skip);
        assert_eq!(dates(&skip), vec![d(2025, 2, 28)]);
        let moved = Recurrence { on_holiday: OnHoliday::MoveToNextWorkingDay, ..skip };
        let got = moved.occurrences(&cal).unwrap();
        assert_eq!(got[0], Occurrence { nominal: d(2025, 1, 31), date: d(2025, 2, 5), moved: true });
        assert_eq!(got[0].date.weekday(), Weekday::Wed);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn nth_weekday_of_the_month() {
        let cal = HolidayCalendar::new([]);
        let second_tuesday = rec(d(2027, 1, 1), Pattern::MonthlyNth { nth: 2, weekday: 2 }, End::Count(3), OnHoliday::Skip);
        let got: Vec<NaiveDate> = second_tuesday.occurrences(&cal).unwrap().iter().map(|o| o.date).collect();
        assert_eq!(got, vec![d(2027, 1, 12), d(2027, 2, 9), d(2027, 3, 9)]);
        // A start after the month's date begins with the next month.
        let first_monday = rec(d(2027, 2, 2), Pattern::MonthlyNth { nth: 1, weekday: 1 }, End::Count(2), OnHoliday::Skip);
        let got: Vec<NaiveDate> = first_monday.occurrences(&cal).unwrap().iter().map(|o| o.date).collect();
        // 5 April 2027 is 清明 (estimated: nobody has entered 2027), so the series skips it.
        assert_eq!(got, vec![d(2027, 3, 1), d(2027, 5, 3)]);
        let fourth_sunday_is_off =
            rec(d(2027, 1, 1), Pattern::MonthlyNth { nth: 4, weekday: 7 }, End::Count(1), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(
            fourth_sunday_is_off.occurrences(&cal).unwrap(),
            vec![Occurrence { nominal: d(2027, 1, 24), date: d(2027, 1, 25), moved: true }]
        );
    }

    #[test]
    fn the_31st_falls_on_the_last_day_of_short_months() {
        let r = rec(d(2026, 1, 1), Pattern::MonthlyDay { day: 31 }, End::Until(d(2026, 12, 31)), OnHoliday::MoveToNextWorkingDay);
        let want = [(1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31), (11, 30), (12, 31)];
        assert_eq!(nominals(&r), want.iter().map(|(m, x)| d(2026, *m, *x)).collect::<Vec<_>>());
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        // Sat 31 Jan → Mon 2 Feb; Sat 28 Feb is a 调休 working day; Sun 31 May → Mon 1 Jun; Sat 31 Oct → Mon 2 Nov.
        let moved: Vec<(NaiveDate, NaiveDate)> = got.iter().filter(|o| o.moved).map(|o| (o.nominal, o.date)).collect();
        assert_eq!(moved, vec![(d(2026, 1, 31), d(2026, 2, 2)), (d(2026, 5, 31), d(2026, 6, 1)), (d(2026, 10, 31), d(2026, 11, 2))]);
        assert!(got.contains(&Occurrence { nominal: d(2026, 2, 28), date: d(2026, 2, 28), moved: false }));
    }

    #[test]
    fn the_31st_is_29_february_in_a_leap_year() {
        let r = rec(d(2028, 1, 1), Pattern::MonthlyDay { day: 31 }, End::Until(d(2028, 4, 30)), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(nominals(&r), vec![d(2028, 1, 31), d(2028, 2, 29), d(2028, 3, 31), d(2028, 4, 30)]);
    }

    #[test]
    fn the_29th_is_28_february_in_a_common_year() {
        let r = rec(d(2027, 2, 1), Pattern::MonthlyDay { day: 29 }, End::Count(2), OnHoliday::MoveToNextWorkingDay);
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        // Sun 28 Feb 2027 → Mon 1 Mar; Mon 29 Mar.
        assert_eq!(
            got,
            vec![
                Occurrence { nominal: d(2027, 2, 28), date: d(2027, 3, 1), moved: true },
                Occurrence { nominal: d(2027, 3, 29), date: d(2027, 3, 29), moved: false },
            ]
        );
        let fifteenth = rec(d(2027, 1, 20), Pattern::MonthlyDay { day: 15 }, End::Count(1), OnHoliday::Skip);
        assert_eq!(dates(&fifteenth), vec![d(2027, 2, 15)], "the start's month is passed");
    }

    #[test]
    fn weekly_friday_across_the_year_end_skips_2_january() {
        let r = rec(d(2025, 12, 1), weekly(&[5], 1), End::Until(d(2026, 1, 31)), OnHoliday::Skip);
        let want = [
            d(2025, 12, 5),
            d(2025, 12, 12),
            d(2025, 12, 19),
            d(2025, 12, 26),
            d(2026, 1, 9),
            d(2026, 1, 16),
            d(2026, 1, 23),
            d(2026, 1, 30),
        ];
        assert_eq!(dates(&r), want);
    }

    #[test]
    fn weekly_friday_across_the_year_end_moves_2_january_to_the_adjusted_sunday() {
        let r = rec(d(2025, 12, 1), weekly(&[5], 1), End::Until(d(2026, 1, 31)), OnHoliday::MoveToNextWorkingDay);
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        assert_eq!(got.len(), 9);
        assert_eq!(got[4], Occurrence { nominal: d(2026, 1, 2), date: d(2026, 1, 4), moved: true });
        assert_eq!(got[4].date.weekday(), Weekday::Sun);
        assert_eq!(got.iter().filter(|o| o.moved).count(), 1);
    }

    #[test]
    fn every_two_weeks_across_the_year_end_counts_from_the_starts_week() {
        let r = rec(d(2025, 12, 1), weekly(&[5], 2), End::Until(d(2026, 2, 28)), OnHoliday::Skip);
        assert_eq!(dates(&r), vec![d(2025, 12, 5), d(2025, 12, 19), d(2026, 1, 16), d(2026, 1, 30), d(2026, 2, 13), d(2026, 2, 27)]);
        // Starting on a Wednesday: that week is week 0, its Monday is before the start.
        let r = rec(d(2025, 12, 3), weekly(&[1, 5], 2), End::Until(d(2026, 1, 16)), OnHoliday::Skip);
        assert_eq!(dates(&r), vec![d(2025, 12, 5), d(2025, 12, 15), d(2025, 12, 19), d(2025, 12, 29), d(2026, 1, 12), d(2026, 1, 16)]);
    }

    #[test]
    fn a_holiday_friday_is_skipped_or_moved_to_thursday_8_october() {
        let skip = rec(d(2026, 9, 28), weekly(&[5], 1), End::Until(d(2026, 10, 16)), OnHoliday::Skip);
        assert_eq!(dates(&skip), vec![d(2026, 10, 9), d(2026, 10, 16)]);
        let moved = Recurrence { on_holiday: OnHoliday::MoveToNextWorkingDay, ..skip };
        assert_eq!(dates(&moved), vec![d(2026, 10, 8), d(2026, 10, 9), d(2026, 10, 16)]);
        let first = moved.occurrences(&HolidayCalendar::shipped()).unwrap()[0];
        assert_eq!(first, Occurrence { nominal: d(2026, 10, 2), date: d(2026, 10, 8), moved: true });
    }

    #[test]
    fn a_moved_session_past_until_is_still_held() {
        let r = rec(d(2026, 9, 28), weekly(&[5], 1), End::Until(d(2026, 10, 2)), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(dates(&r), vec![d(2026, 10, 8)]);
    }

    #[test]
    fn an_adjusted_saturday_is_not_a_friday() {
        // Sat 14 Feb 2026 is worked; Fri 20 Feb is in the Spring Festival.
        let skip = rec(d(2026, 2, 1), weekly(&[5], 1), End::Until(d(2026, 2, 28)), OnHoliday::Skip);
        assert_eq!(dates(&skip), vec![d(2026, 2, 6), d(2026, 2, 13), d(2026, 2, 27)]);
        let moved = Recurrence { on_holiday: OnHoliday::MoveToNextWorkingDay, ..skip };
        assert_eq!(dates(&moved), vec![d(2026, 2, 6), d(2026, 2, 13), d(2026, 2, 24), d(2026, 2, 27)]);
    }

    #[test]
    fn weekly_saturday_is_held_on_adjusted_saturdays_only() {
        // 7 Feb weekend, 14 Feb 调休, 21 Feb holiday, 28 Feb 调休.
        let skip = rec(d(2026, 2, 1), weekly(&[6], 1), End::Until(d(2026, 2, 28)), OnHoliday::Skip);
        assert_eq!(dates(&skip), vec![d(2026, 2, 14), d(2026, 2, 28)]);
        let moved = Recurrence { on_holiday: OnHoliday::MoveToNextWorkingDay, ..skip };
        let got = moved.occurrences(&HolidayCalendar::shipped()).unwrap();
        assert_eq!(
            got,
            vec![
                Occurrence { nominal: d(2026, 2, 7), date: d(2026, 2, 9), moved: true },
                Occurrence { nominal: d(2026, 2, 14), date: d(2026, 2, 14), moved: false },
                Occurrence { nominal: d(2026, 2, 21), date: d(2026, 2, 24), moved: true },
                Occurrence { nominal: d(2026, 2, 28), date: d(2026, 2, 28), moved: false },
            ]
        );
    }

    #[test]
    fn a_moved_session_landing_on_the_next_occurrence_is_dropped() {
        // Thu 1 and Fri 2 Oct would both move to Thu 8 Oct, which the series holds anyway.
        let r = rec(d(2026, 9, 28), weekly(&[4, 5], 1), End::Until(d(2026, 10, 16)), OnHoliday::MoveToNextWorkingDay);
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        assert_eq!(got.iter().map(|o| o.date).collect::<Vec<_>>(), vec![d(2026, 10, 8), d(2026, 10, 9), d(2026, 10, 15), d(2026, 10, 16)]);
        assert!(got.iter().all(|o| !o.moved));
    }

    #[test]
    fn two_sessions_moved_to_one_day_keep_the_first() {
        // Sat 21 and Sun 22 Feb 2026 are off and both move to Tue 24; ordinary weekends to Monday.
        let r = rec(d(2026, 2, 16), weekly(&[6, 7], 1), End::Until(d(2026, 3, 8)), OnHoliday::MoveToNextWorkingDay);
        let got = r.occurrences(&HolidayCalendar::shipped()).unwrap();
        let pairs: Vec<(NaiveDate, NaiveDate)> = got.iter().map(|o| (o.nominal, o.date)).collect();
        assert_eq!(
            pairs,
            vec![
                (d(2026, 2, 21), d(2026, 2, 24)),
                (d(2026, 2, 28), d(2026, 2, 28)),
                (d(2026, 3, 1), d(2026, 3, 2)),
                (d(2026, 3, 7), d(2026, 3, 9))
            ]
        );
    }

    #[test]
    fn count_counts_sessions_held() {
        // Fri 25 Sep and Fri 2 Oct 2026 are off.
        let skip = rec(d(2026, 9, 1), weekly(&[5], 1), End::Count(6), OnHoliday::Skip);
        assert_eq!(dates(&skip), vec![d(2026, 9, 4), d(2026, 9, 11), d(2026, 9, 18), d(2026, 10, 9), d(2026, 10, 16), d(2026, 10, 23)]);
        let moved = Recurrence { on_holiday: OnHoliday::MoveToNextWorkingDay, ..skip.clone() };
        assert_eq!(dates(&moved), vec![d(2026, 9, 4), d(2026, 9, 11), d(2026, 9, 18), d(2026, 9, 28), d(2026, 10, 8), d(2026, 10, 9)]);
        // Dropped collisions do not count either.
        let both = rec(d(2026, 9, 28), weekly(&[4, 5], 1), End::Count(2), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(dates(&both), vec![d(2026, 10, 8), d(2026, 10, 9)]);
    }

    #[test]
    fn regenerating_gives_the_same_sessions_and_slices_agree() {
        let cal = HolidayCalendar::shipped();
        for r in [
            rec(d(2025, 1, 1), LAST_FRIDAY, End::Until(d(2027, 12, 31)), OnHoliday::MoveToNextWorkingDay),
            rec(d(2025, 11, 3), weekly(&[4, 5, 6], 1), End::Count(120), OnHoliday::MoveToNextWorkingDay),
            rec(d(2025, 1, 31), Pattern::MonthlyDay { day: 31 }, End::Count(30), OnHoliday::Skip),
        ] {
            let all = r.occurrences(&cal).unwrap();
            assert_eq!(r.occurrences(&cal).unwrap(), all);
            assert!(all.windows(2).all(|w| w[0].date < w[1].date), "date order, one session a day");
            let mut pieces = Vec::new();
            for (from, to) in [(d(2024, 1, 1), d(2025, 12, 31)), (d(2026, 1, 1), d(2026, 2, 14)), (d(2026, 2, 15), d(2030, 1, 1))] {
                pieces.extend(r.occurrences_between(&cal, from, to).unwrap());
            }
            assert_eq!(pieces, all);
            let feb: Vec<Occurrence> = all.iter().filter(|o| o.nominal.year() == 2026 && o.nominal.month() == 2).copied().collect();
            assert_eq!(r.occurrences_between(&cal, d(2026, 2, 1), d(2026, 2, 28)).unwrap(), feb);
        }
        let r = rec(d(2026, 1, 1), LAST_FRIDAY, End::Count(3), OnHoliday::Skip);
        assert_eq!(r.occurrences_between(&cal, d(2026, 3, 1), d(2026, 1, 1)).unwrap(), vec![]);
    }

    #[test]
    fn a_series_in_a_year_without_a_calendar_skips_its_estimated_holidays() {
        let cal = HolidayCalendar::shipped();
        assert!(cal.is_estimated(2027));
        // 1 Jan 2027 is a Friday and 元旦 even before the 2027 notice: skipped.
        let r = rec(d(2027, 1, 1), weekly(&[5, 6], 1), End::Count(3), OnHoliday::Skip);
        assert_eq!(dates(&r), vec![d(2027, 1, 8), d(2027, 1, 15), d(2027, 1, 22)]);
        // The notice, once entered, decides (here one that makes 8 January a day off as well).
        let entered = HolidayCalendar::new(HolidayCalendar::shipped_years().into_iter().chain([YearCalendar {
            year: 2027,
            holidays: vec![d(2027, 1, 1), d(2027, 1, 8)],
            workdays: vec![],
        }]));
        let got: Vec<NaiveDate> = r.occurrences(&entered).unwrap().iter().map(|o| o.date).collect();
        assert_eq!(got, vec![d(2027, 1, 15), d(2027, 1, 22), d(2027, 1, 29)]);
    }

    #[test]
    fn a_calendar_with_no_working_days_drops_moved_sessions() {
        let off: Vec<NaiveDate> = (2030..=2032).flat_map(|y| d(y, 1, 1).iter_days().take_while(move |x| x.year() == y)).collect();
        let cal = HolidayCalendar::new((2030..=2032).map(|y| YearCalendar {
            year: y,
            holidays: off.iter().copied().filter(|x| x.year() == y).collect(),
            workdays: vec![],
        }));
        let r = rec(d(2030, 1, 1), weekly(&[1, 2, 3, 4, 5, 6, 7], 1), End::Until(d(2030, 12, 31)), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(r.occurrences(&cal).unwrap(), vec![]);
    }

    #[test]
    fn the_hard_cap_is_1000_sessions() {
        let r = rec(d(2026, 1, 1), weekly(&[1, 2, 3, 4, 5, 6, 7], 1), End::Until(d(2035, 12, 31)), OnHoliday::Skip);
        assert_eq!(r.occurrences(&HolidayCalendar::new([])).unwrap().len(), 1000);
        // Count goes no further than 20 years: a monthly series then has 240 sessions.
        let r = rec(d(2026, 1, 1), Pattern::MonthlyDay { day: 1 }, End::Count(500), OnHoliday::MoveToNextWorkingDay);
        assert_eq!(r.occurrences(&HolidayCalendar::new([])).unwrap().len(), 240);
    }

    #[test]
    fn check_names_each_bad_setting() {
        let ok = rec(d(2026, 1, 1), LAST_FRIDAY, End::Count(12), OnHoliday::Skip);
        assert_eq!(ok.check(), Ok(()));
        let with = |pattern: Pattern, end: End| Recurrence { pattern, end, ..ok.clone() }.check().unwrap_err();
        assert_eq!(with(Pattern::MonthlyDay { day: 0 }, End::Count(1)), vec!["每月的日期应在 1 到 31 之间（填写的是 0）"]);
        assert_eq!(with(Pattern::MonthlyDay { day: 32 }, End::Count(1)), vec!["每月的日期应在 1 到 31 之间（填写的是 32）"]);
        assert_eq!(
            with(Pattern::MonthlyNth { nth: 5, weekday: 5 }, End::Count(1)),
            vec!["第几个星期几应为 1 到 4，或 -1 表示最后一个（填写的是 5）"]
        );
        assert_eq!(with(Pattern::MonthlyNth { nth: 0, weekday: 5 }, End::Count(1)).len(), 1);
        assert_eq!(with(Pattern::MonthlyNth { nth: -2, weekday: 5 }, End::Count(1)).len(), 1);
        assert_eq!(
            with(Pattern::MonthlyNth { nth: 1, weekday: 0 }, End::Count(1)),
            vec!["星期应在 1（星期一）到 7（星期日）之间（填写的是 0）"]
        );
        assert_eq!(
            with(Pattern::MonthlyNth { nth: 1, weekday: 8 }, End::Count(1)),
            vec!["星期应在 1（星期一）到 7（星期日）之间（填写的是 8）"]
        );
        assert_eq!(with(weekly(&[], 1), End::Count(1)), vec!["请至少选择一个星期几"]);
        assert_eq!(with(weekly(&[5, 9, 9], 1), End::Count(1)), vec!["星期应在 1（星期一）到 7（星期日）之间（填写的是 9）"]);
        assert_eq!(with(weekly(&[5], 0), End::Count(1)), vec!["间隔周数应在 1 到 52 之间（填写的是 0）"]);
        assert_eq!(with(weekly(&[5], 53), End::Count(1)), vec!["间隔周数应在 1 到 52 之间（填写的是 53）"]);
        assert_eq!(with(LAST_FRIDAY, End::Count(0)), vec!["次数应在 1 到 500 之间（填写的是 0）"]);
        assert_eq!(with(LAST_FRIDAY, End::Count(501)), vec!["次数应在 1 到 500 之间（填写的是 501）"]);
        assert_eq!(with(LAST_FRIDAY, End::Until(d(2025, 12, 31))), vec!["结束日期（2025年12月31日）早于开始日期（2026年1月1日）"]);
        assert_eq!(with(LAST_FRIDAY, End::Until(d(2036, 1, 2))), vec!["结束日期最晚为开始日期后 10 年（2036年1月1日）"]);
        // Edges are allowed, and several problems are all reported.
        for (pattern, end) in [
            (Pattern::MonthlyDay { day: 1 }, End::Count(500)),
            (Pattern::MonthlyDay { day: 31 }, End::Until(d(2026, 1, 1))),
            (Pattern::MonthlyNth { nth: 4, weekday: 7 }, End::Until(d(2036, 1, 1))),
            (weekly(&[1, 7], 52), End::Count(1)),
        ] {
            assert_eq!(Recurrence { pattern, end, ..ok.clone() }.check(), Ok(()));
        }
        assert_eq!(with(weekly(&[], 0), End::Count(0)).len(), 3);
        let bad = Recurrence { end: End::Count(0), ..ok };
        assert_eq!(bad.occurrences(&HolidayCalendar::shipped()), Err(vec!["次数应在 1 到 500 之间（填写的是 0）".to_string()]));
    }

    #[test]
    fn describe_says_it_in_one_line() {
        let r = |pattern: Pattern, end: End, on: OnHoliday| rec(d(2026, 1, 1), pattern, end, on).describe();
        assert_eq!(r(LAST_FRIDAY, End::Count(12), OnHoliday::MoveToNextWorkingDay), "每月最后一个星期五，遇节假日顺延至下一工作日，共12次");
        assert_eq!(
            r(Pattern::MonthlyDay { day: 15 }, End::Until(d(2027, 6, 30)), OnHoliday::Skip),
            "每月15日，遇节假日取消，至2027年6月30日"
        );
        assert_eq!(
            r(Pattern::MonthlyDay { day: 31 }, End::Count(3), OnHoliday::Skip),
            "每月31日（当月无此日则为月末），遇节假日取消，共3次"
        );
        assert_eq!(r(Pattern::MonthlyNth { nth: 2, weekday: 2 }, End::Count(3), OnHoliday::Skip), "每月第二个星期二，遇节假日取消，共3次");
        assert_eq!(r(weekly(&[5], 1), End::Count(3), OnHoliday::Skip), "每周五，遇节假日取消，共3次");
        assert_eq!(r(weekly(&[4, 2, 4], 2), End::Count(3), OnHoliday::Skip), "每2周的周二、周四，遇节假日取消，共3次");
        assert_eq!(r(weekly(&[1, 3], 1), End::Count(3), OnHoliday::Skip), "每周一、周三，遇节假日取消，共3次");
        // Bad settings still describe without failing.
        assert_eq!(r(Pattern::MonthlyNth { nth: 7, weekday: 9 }, End::Count(1), OnHoliday::Skip), "每月第7个星期？，遇节假日取消，共1次");
    }

    #[test]
    fn a_recurrence_survives_json() {
        let r = rec(d(2026, 1, 1), weekly(&[2, 4], 2), End::Until(d(2026, 6, 30)), OnHoliday::MoveToNextWorkingDay);
        let back: Recurrence = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        let json = serde_json::to_string(&LAST_FRIDAY).unwrap();
        assert_eq!(json, r#"{"MonthlyNth":{"nth":-1,"weekday":5}}"#);
    }
}
