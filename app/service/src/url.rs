//! Paths and query strings: building them, reading them back, keeping them on this site and safe
//! for a header. Used by the pages, the request gate and the server functions alike.

/// Build `path?k=v&…` from non-empty pairs.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let q: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode_query(v))).collect();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", q.join("&"))
    }
}

pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The reverse of [`encode_query`]: `%XX` escapes read as bytes (a broken escape stays as it
/// is), the result read as UTF-8 (invalid sequences replaced).
pub fn decode_query(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path and query of a URL of this site (scheme and host dropped; `Referer` carries the whole
/// URL), or `/` for anything that would leave the site.
pub fn local_path(url: &str) -> String {
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map(|j| &url[i + 3 + j..]).unwrap_or("/"),
        None => url,
    };
    let ok = path.starts_with('/') && !path.starts_with("//") && !path.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        path.to_string()
    } else {
        "/".into()
    }
}

/// `path` with the query parameter `key` set to `value` (an earlier one replaced).
pub fn set_param(path: &str, key: &str, value: &str) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut kept: Vec<String> =
        query.split('&').filter(|kv| !kv.is_empty() && kv.split('=').next() != Some(key)).map(str::to_string).collect();
    kept.push(format!("{key}={}", encode_query(value)));
    format!("{base}?{}", kept.join("&"))
}

/// `to` as a header value can carry it: visible ASCII kept, anything else percent-escaped (a
/// path with a name in it would otherwise be refused as a `Location`).
pub fn header_safe(to: &str) -> String {
    let mut out = String::with_capacity(to.len());
    for b in to.bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only a path on this site is followed after login. Browsers drop tabs and line breaks from a
/// URL and read `\` as `/`, so `/\t/x` and `/\x` would both lead to another site: any control
/// character, space or backslash refuses the value, and so does a form that only looks safe
/// before its percent-escapes are read.
pub fn safe_next(next: Option<String>) -> String {
    fn local(n: &str) -> bool {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
            && !n.starts_with("/login")
    }
    match next {
        Some(n) if local(&n) && local(&decode_query(&n)) => n,
        _ => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_text_round_trips() {
        for s in ["张三 /?&=%", "", "a%zz%4", "%"] {
            assert_eq!(decode_query(&encode_query(s)), s);
        }
        assert_eq!(decode_query("a%zz%4"), "a%zz%4");
    }

    #[test]
    fn query_building_skips_empty_and_encodes() {
        assert_eq!(with_query("/roster", &[("q", "".into()), ("page", "2".into())]), "/roster?page=2");
        assert_eq!(with_query("/roster", &[("q", "张 三".into())]), "/roster?q=%E5%BC%A0%20%E4%B8%89");
    }

    #[test]
    fn next_must_stay_on_site() {
        assert_eq!(safe_next(Some("/admin".into())), "/admin");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil".into())), "/");
        assert_eq!(safe_next(None), "/");
        for bad in [
            "/\t/x",
            "/\n/x",
            "/\r//x",
            " //x",
            "/\\/x",
            "\\/x",
            "/%09/x",
            "/%2F/x",
            "%2F%2Fx",
            "/%5Cx",
            "/%5C%5Cx",
            "//x",
            "/\u{3000}/x",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(Some(bad.into())), "/", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/roster?q=%E5%BC%A0&page=2".into())), "/roster?q=%E5%BC%A0&page=2");
    }

    #[test]
    fn local_paths_stay_on_site() {
        assert_eq!(local_path("http://127.0.0.1:3000/login?next=%2Froster"), "/login?next=%2Froster");
        assert_eq!(local_path("https://yucai.example/"), "/");
        assert_eq!(local_path("https://yucai.example"), "/");
        assert_eq!(local_path("/me"), "/me");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("http://h//evil.example"), "/");
        assert_eq!(local_path("javascript:alert(1)"), "/");
        assert_eq!(local_path(""), "/");
    }

    #[test]
    fn a_parameter_is_set_once() {
        assert_eq!(set_param("/roster/import", "upload", "ab"), "/roster/import?upload=ab");
        assert_eq!(set_param("/x?a=1&upload=old&b=2", "upload", "new"), "/x?a=1&b=2&upload=new");
    }

    #[test]
    fn header_values_stay_ascii() {
        assert_eq!(header_safe("/roster?q=张 三"), "/roster?q=%E5%BC%A0%20%E4%B8%89");
        assert_eq!(header_safe("/lectures/3?__ok=x"), "/lectures/3?__ok=x");
    }
}
