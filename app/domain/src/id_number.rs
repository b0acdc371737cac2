//! 身份证号 (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character (0–9 or X).
//! Characters 7–14 are the birth date, the 17th digit's parity is the sex (odd = male).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid ID number, upper-case X. Once parsed, it is valid everywhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
    pub fn from_label(s: &str) -> Option<Sex> {
        match s.trim() {
            "男" => Some(Sex::Male),
            "女" => Some(Sex::Female),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Empty,
    Length(usize),
    Characters,
    Region,
    Date(String),
    CheckDigit { expected: char, found: char },
}

impl IdError {
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "请填写身份证号".into(),
            IdError::Length(n) => format!("身份证号应为 18 位，实际为 {n} 位"),
            IdError::Characters => "身份证号前 17 位应为数字，最后一位为数字或 X".into(),
            IdError::Region => "身份证号前 6 位不是有效的地区代码".into(),
            IdError::Date(d) => format!("身份证号中的出生日期 {d} 不存在"),
            IdError::CheckDigit { expected, found } => {
                format!("身份证号校验码错误：最后一位应为 {expected}，实际为 {found}")
            }
        }
    }
}

pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| (b - b'0') as u32 * w).sum();
    Some(CHECK[(sum % 11) as usize])
}

impl IdNumber {
    pub fn parse(input: &str) -> Result<IdNumber, IdError> {
        let s: String = input.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let n = s.chars().count();
        if n != 18 {
            return Err(IdError::Length(n));
        }
        // Characters are counted above; only ASCII text may be cut by byte position below.
        if !s.is_ascii() {
            return Err(IdError::Characters);
        }
        let (first17, last) = s.split_at(17);
        let last = last.chars().next().unwrap_or(' ');
        if !first17.bytes().all(|b| b.is_ascii_digit()) || !(last.is_ascii_digit() || last == 'X') {
            return Err(IdError::Characters);
        }
        if first17.starts_with('0') || first17.starts_with('9') {
            return Err(IdError::Region);
        }
        let date = &first17[6..14];
        if NaiveDate::parse_from_str(date, "%Y%m%d").ok().filter(|d| d.format("%Y").to_string().as_str() >= "1900").is_none() {
            return Err(IdError::Date(format!("{}-{}-{}", &date[0..4], &date[4..6], &date[6..8])));
        }
        let expected = check_char(first17).ok_or(IdError::Characters)?;
        if expected != last {
            return Err(IdError::CheckDigit { expected, found: last });
        }
        Ok(IdNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Checked in parse.
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").unwrap_or_default()
    }

    pub fn sex(&self) -> Sex {
        let d = self.0.as_bytes()[16] - b'0';
        if d % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Only the last 4 characters shown (see [`mask`]).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The record's birth date and sex must agree with the number; the message names both values.
    pub fn check_against(&self, birth: Option<NaiveDate>, sex: Option<Sex>) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        if let Some(b) = birth {
            if b != self.birth_date() {
                errs.push(("birth_date", format!("出生日期 {} 与身份证号中的出生日期 {} 不一致", b, self.birth_date())));
            }
        }
        if let Some(s) = sex {
            if s != self.sex() {
                errs.push(("sex", format!("性别“{}”与身份证号中的性别“{}”不一致", s.label(), self.sex().label())));
            }
        }
        errs
    }
}

/// Mask any stored or typed number the same way: only the last 4 characters shown. The first 6
/// (region) stay hidden as well as the 8 of the birth date, which the same record shows anyway:
/// with the birth date and sex known, the last 4 leave hundreds of possible numbers, where the
/// first 6 and last 4 left exactly one.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - 4))
}

/// Text for a log line or an audit record: an ID number as a search would read it (spaces, a
/// lower-case x) masked whole, and every run of 15 or more digits (with a trailing X) masked.
pub fn scrub(text: &str) -> String {
    if let Ok(id) = IdNumber::parse(text) {
        return id.masked();
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(|c| c.is_ascii_digit()).count() >= 15 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (matches!(c, 'X' | 'x') && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn accepts_a_valid_number() {
        // The standard's own example.
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.masked(), "**************002X");
    }

    #[test]
    fn lower_case_x_and_spaces_are_normalised() {
        let id = IdNumber::parse(" 110105 19491231 002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_check_digit_names_the_expected_one() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(IdError::CheckDigit { expected: 'X', found: '1' }));
        assert!(IdError::CheckDigit { expected: 'X', found: '1' }.message_zh().contains("应为 X"));
    }

    #[test]
    fn wrong_length_and_characters() {
        assert_eq!(IdNumber::parse("11010519491231002"), Err(IdError::Length(17)));
        assert_eq!(IdNumber::parse("1101051949123100212"), Err(IdError::Length(19)));
        assert_eq!(IdNumber::parse("11010519491231A02X"), Err(IdError::Characters));
        assert_eq!(IdNumber::parse(""), Err(IdError::Empty));
        assert_eq!(IdNumber::parse("01010519491231002X").unwrap_err(), IdError::Region);
    }

    #[test]
    fn multibyte_characters_are_refused_not_cut() {
        // 18 characters, one of them three bytes: a byte index 17 falls inside it.
        assert_eq!(IdNumber::parse("1234567890123456张1"), Err(IdError::Characters));
        for s in ["张1234567890123456X", "12345678901234567张", "１２３４５６７８９０１２３４５６７８", "11010519491231002Ⅹ"]
        {
            assert_eq!(IdNumber::parse(s), Err(IdError::Characters), "{s}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        let feb30 = make("11010519900230001");
        assert_eq!(IdNumber::parse(&feb30), Err(IdError::Date("1990-02-30".into())));
        let feb29_2023 = make("11010520230229001");
        assert!(matches!(IdNumber::parse(&feb29_2023), Err(IdError::Date(_))));
        let feb29_2000 = make("11010520000229001");
        assert_eq!(IdNumber::parse(&feb29_2000).unwrap().birth_date(), NaiveDate::from_ymd_opt(2000, 2, 29).unwrap());
        let month13 = make("11010519901301001");
        assert!(matches!(IdNumber::parse(&month13), Err(IdError::Date(_))));
    }

    #[test]
    fn record_must_agree_with_number() {
        let id = IdNumber::parse(&make("32010219850615123")).unwrap();
        assert_eq!(id.sex(), Sex::Male);
        assert!(id.check_against(NaiveDate::from_ymd_opt(1985, 6, 15), Some(Sex::Male)).is_empty());
        let errs = id.check_against(NaiveDate::from_ymd_opt(1985, 6, 16), Some(Sex::Female));
        assert_eq!(errs.len(), 2);
        assert!(errs[0].1.contains("1985-06-16") && errs[0].1.contains("1985-06-15"));
        assert!(errs[1].1.contains("女") && errs[1].1.contains("男"));
    }

    #[test]
    fn mask_keeps_only_the_last_four() {
        assert_eq!(mask("320102198506151234"), "**************1234");
        assert_eq!(mask("123"), "***");
        assert_eq!(mask("张三李四王五"), "**李四王五");
    }

    #[test]
    fn numbers_are_scrubbed_from_log_text() {
        assert_eq!(
            scrub("invalid type: string \"11010519491231002X\", expected i64"),
            "invalid type: string \"**************002X\", expected i64"
        );
        assert_eq!(scrub("page 12 of 3"), "page 12 of 3");
        assert_eq!(scrub(" 110105 19491231 002x "), "**************002X");
    }

    #[test]
    fn the_mask_with_what_a_record_shows_leaves_many_numbers() {
        // A viewer sees the mask, the birth date and the sex: count the valid numbers that fit.
        let id = IdNumber::parse(&make("32010219850615123")).unwrap();
        let masked = id.masked();
        assert!(!masked.contains("19850615") && !masked.starts_with("320102"), "{masked}");
        let birth = id.birth_date().format("%Y%m%d").to_string();
        let fits = (110000..=659999)
            .map(|region: u32| format!("{region}{birth}{}", &masked[14..]))
            .filter(|n| IdNumber::parse(n).is_ok_and(|p| p.masked() == masked && p.sex() == id.sex()))
            .count();
        assert!(fits > 1000, "only {fits} numbers fit");
    }
}
