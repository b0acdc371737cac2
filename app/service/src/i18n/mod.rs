//! Two locales: Simplified Chinese (the source text, used as the key) and English.
//! `t("登录")` gives the text in the current page's locale; a missing English entry falls back
//! to the Chinese. The English is kept by area (`i18n/<area>.rs`).

use crate::model::Locale;
use leptos::prelude::*;

mod admin;
mod assessment;
mod common;
mod lectures;
mod posts;
mod reserve;
mod roster;

/// Every area's table, in one lookup built on first use.
const TABLES: &[&[(&str, &str)]] = &[common::EN, roster::EN, lectures::EN, posts::EN, reserve::EN, assessment::EN, admin::EN];

fn english(zh: &str) -> Option<&'static str> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| TABLES.iter().flat_map(|t| t.iter().copied()).collect()).get(zh).copied()
}

pub fn translate(locale: Locale, zh: &'static str) -> &'static str {
    match locale {
        Locale::Zh => zh,
        Locale::En => english(zh).filter(|v| !v.is_empty() || zh == "页").unwrap_or(zh),
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The language of the page being drawn on the server, set by the gate around the drawing: the
    /// same value `components::provide_me` provides as context, read without walking the owners.
    pub static PAGE_LOCALE: Locale;
}

/// The current page's locale (provided once the user is known; Chinese before that).
pub fn use_locale() -> Locale {
    #[cfg(feature = "ssr")]
    if let Ok(locale) = PAGE_LOCALE.try_with(|l| *l) {
        return locale;
    }
    use_context::<Locale>().unwrap_or_default()
}

pub fn t(zh: &'static str) -> &'static str {
    translate(use_locale(), zh)
}

/// A sentence with values: the template is the key (its English has the same number of `{}`), the
/// values go into the `{}` in order.
pub fn tf(zh: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    fill(t(zh), args)
}

/// `template` with each `{}` replaced by the next value (missing values leave the `{}`).
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    let mut values = args.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        match values.next() {
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str("{}"),
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// Like [`t`], for a label that arrives as data but comes from a fixed list (a field name or an
/// action the server names, an enum value a chart counts): the English when the table has it,
/// the text unchanged otherwise.
pub fn tr(zh: &str) -> &str {
    match use_locale() {
        Locale::Zh => zh,
        Locale::En => english(zh).filter(|v| !v.is_empty()).unwrap_or(zh),
    }
}

/// An age as the server words it ("60岁", "55岁7个月") in the current locale.
pub fn age_text(zh: &str) -> String {
    match use_locale() {
        Locale::Zh => zh.to_string(),
        Locale::En => {
            let (years, rest) = zh.split_once('岁').unwrap_or((zh, ""));
            match rest.strip_suffix("个月") {
                Some(m) if !m.is_empty() => format!("{years} years {m} months"),
                _ if rest.is_empty() => format!("{years} years"),
                _ => zh.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_chinese() {
        assert_eq!(translate(Locale::En, "登录"), "Log in");
        assert_eq!(translate(Locale::Zh, "登录"), "登录");
        assert_eq!(translate(Locale::En, "没有这个词条"), "没有这个词条");
    }

    #[test]
    fn sentences_take_their_values_in_order() {
        assert_eq!(fill("出勤 {} 人，已评价 {} 人", &[&6, &"5"]), "出勤 6 人，已评价 5 人");
        assert_eq!(fill("{} of {}", &[&1]), "1 of {}");
        assert_eq!(fill("无", &[&1]), "无");
    }

    /// A sentence's English has as many `{}` as its Chinese (or the values would go astray).
    #[test]
    fn sentences_keep_their_places() {
        for (zh, en) in TABLES.iter().flat_map(|t| t.iter()) {
            assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{zh:?} → {en:?}");
        }
    }

    #[test]
    fn no_duplicate_keys() {
        let mut keys: Vec<_> = TABLES.iter().flat_map(|t| t.iter().map(|(k, _)| *k)).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }

    /// The string literals given directly to the translation function in `src`: the function's
    /// name, not preceded by an identifier character, an opening parenthesis, a literal, and a
    /// closing parenthesis right after it. Escapes are undone; the literal is kept as written otherwise.
    fn t_literals(src: &str) -> Vec<String> {
        let mut all = literals_after(src, b"t(\"", b')');
        // Sentences with values: tf with a sentence and its values.
        all.extend(literals_after(src, b"tf(\"", b','));
        all
    }

    /// Literals opened by `open` (not preceded by an identifier character) and closed right before `end`.
    fn literals_after(src: &str, open: &[u8], end: u8) -> Vec<String> {
        let b = src.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i + open.len() <= b.len() {
            let starts = &b[i..i + open.len()] == open && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i + open.len();
            let mut lit = Vec::new();
            let mut closed = false;
            while j < b.len() {
                match b[j] {
                    b'\\' if j + 1 < b.len() => {
                        lit.push(match b[j + 1] {
                            b'n' => b'\n',
                            b't' => b'\t',
                            c => c,
                        });
                        j += 2;
                    }
                    b'"' => {
                        closed = true;
                        j += 1;
                        break;
                    }
                    c => {
                        lit.push(c);
                        j += 1;
                    }
                }
            }
            if closed && b.get(j) == Some(&end) {
                out.push(String::from_utf8(lit).expect("literal is UTF-8"));
            }
            i = j;
        }
        out
    }

    fn rust_files(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                rust_files(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }

    fn has_english(zh: &str) -> bool {
        english(zh).is_some_and(|v| !v.is_empty() || zh == "页")
    }

    #[test]
    fn every_ui_literal_has_english() {
        // The scanner itself (built from pieces so that this file holds no such call).
        let sample = ["a ", "t", "(\"甲\") x", "t", "(\"乙\") ", "t", "(\"丙\\\"丁\") ", "t", "(\"戊\", 1) ", "t", "(x)"].concat();
        assert_eq!(t_literals(&sample), vec!["甲".to_string(), "丙\"丁".to_string()]);

        // This crate's sources and the pages' (`app/src`, the crate above this one).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src"), &mut files);
        let mut seen = 0;
        let mut missing: Vec<(String, String)> = Vec::new();
        for file in &files {
            let src = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let rel = file.strip_prefix(&root).unwrap_or(file).display().to_string();
            for lit in t_literals(&src) {
                seen += 1;
                // A `{` in a literal given to t is a format string's, not translated as a whole.
                if (lit.contains('{') && !lit.contains("{}")) || has_english(&lit) || missing.iter().any(|(l, _)| *l == lit) {
                    continue;
                }
                missing.push((lit, rel.clone()));
            }
        }
        assert!(seen > 50, "found only {seen} translated literals under {}; is the scanner broken?", root.display());
        assert!(
            missing.is_empty(),
            "{} literal(s) passed to the translation function have no English in EN (src/i18n.rs):\n{}",
            missing.len(),
            missing.iter().map(|(l, f)| format!("    ({l:?}, \"\"), // {f}")).collect::<Vec<_>>().join("\n")
        );
    }

    /// Choice lists and labels from the domain that the pages show.
    #[test]
    fn enum_labels_have_english() {
        use crate::domain::{retirement, roster};
        let lists: &[&[&str]] = &[
            roster::ESTABLISHMENTS,
            roster::STATUSES,
            roster::LEVELS,
            roster::LEADER_LEVELS,
            roster::POLITICAL,
            roster::EDUCATION,
            roster::DEGREES,
            roster::POST_CATEGORIES,
            roster::CIVIL_RANKS,
            roster::ETHNICITIES,
            &retirement::AGE_BANDS,
        ];
        let mut missing: Vec<&str> = lists.iter().flat_map(|l| l.iter().copied()).filter(|l| !has_english(l)).collect();
        missing.extend(roster::CORRECTABLE.iter().map(|f| roster::field_label(f)).filter(|l| !has_english(l)));
        missing.extend(
            retirement::RetirementGroup::ALL
                .iter()
                .map(|g| g.label())
                .chain(retirement::RuleField::ALL.iter().map(|f| f.label()))
                .filter(|l| !has_english(l)),
        );
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "labels without English in EN (src/i18n.rs): {missing:?}");
    }
}
