//! Times shown to users: always China time, formatted the same on server and browser.
//! China Standard Time is UTC+8 all year (no daylight saving since 1991), so a fixed offset is
//! exact and keeps the time-zone database out of the browser bundle.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

#[allow(non_upper_case_globals)]
const Shanghai: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("UTC+8 is a valid offset"),
};

/// Unix milliseconds (UTC) as `YYYY-MM-DD HH:MM` in China time.
pub fn format_ms(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&Shanghai).format("%Y-%m-%d %H:%M").to_string(),
        None => String::new(),
    }
}

/// Unix milliseconds with seconds, for the audit log.
pub fn format_ms_seconds(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&Shanghai).format("%Y-%m-%d %H:%M:%S").to_string(),
        None => String::new(),
    }
}

/// Today's date in China.
pub fn today_china(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Shanghai).date_naive()
}

/// Start of a China calendar day as Unix milliseconds (for date filters).
pub fn china_day_start_ms(date: NaiveDate) -> i64 {
    Shanghai.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default()).single().map(|t| t.timestamp_millis()).unwrap_or(0)
}

/// A China date and a time of day (minutes after midnight) as Unix milliseconds.
pub fn china_ms(date: NaiveDate, minutes: u32) -> i64 {
    china_day_start_ms(date) + minutes as i64 * 60_000
}

/// The China date of a moment.
pub fn china_date(ms: i64) -> NaiveDate {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&Shanghai).date_naive(),
        None => NaiveDate::default(),
    }
}

/// `HH:MM` of a moment in China time.
pub fn format_clock(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&Shanghai).format("%H:%M").to_string(),
        None => String::new(),
    }
}

/// A moment as iCalendar's UTC form `20260306T063000Z`.
pub fn ical_utc(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y%m%dT%H%M%SZ").to_string(),
        None => String::new(),
    }
}

/// Whole years between `birth` and `on` (age on a date).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i64 {
    use chrono::Datelike;
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_china_time_across_midnight() {
        // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing.
        let t = Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).unwrap();
        assert_eq!(format_ms(t.timestamp_millis()), "2027-01-01 00:30");
        assert_eq!(today_china(t), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(china_date(t.timestamp_millis()), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(format_clock(t.timestamp_millis()), "00:30");
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(china_ms(d, 30), t.timestamp_millis());
        assert_eq!(ical_utc(t.timestamp_millis()), "20261231T163000Z");
    }

    #[test]
    fn day_start_is_utc_minus_eight() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let t = Utc.with_ymd_and_hms(2026, 2, 28, 16, 0, 0).unwrap();
        assert_eq!(china_day_start_ms(d), t.timestamp_millis());
    }

    #[test]
    fn age_counts_birthdays_including_leap_day() {
        let b = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()), 25);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), 26);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()), 28);
    }
}
