//! The one Markdown renderer: lecture materials and summaries, post duties, inspection findings.

/// Markdown to HTML that cannot run anything: no scripts, no event handlers, no
/// `javascript:` links, no images from elsewhere (only this site's own paths).
pub fn render(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .attribute_filter(|element, attribute, value| {
            let own_path = value.starts_with('/') && !value.starts_with("//");
            if element == "img" && attribute == "src" && !own_path {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markdown_is_made_harmless() {
        let cases = [
            "<script>alert(1)</script>hi",
            "[x](javascript:alert(1))",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<img src=x onerror=alert(1)>",
            "![remote](https://evil.example/pixel.png)",
            "<div onclick=\"steal()\">click</div>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg><script>alert(1)</script></svg>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>",
            "<style>body{display:none}</style>",
            "<form action=\"https://evil.example\"><input name=p></form>",
        ];
        for c in cases {
            let out = render(c).to_lowercase();
            for bad in ["<script", "javascript:", "onerror", "onclick", "evil.example", "<iframe", "<style", "<form", "data:text"] {
                assert!(!out.contains(bad), "{c} gave {out}");
            }
        }
        let ok = render("**公文写作**\n\n- 一\n- 二\n\n[通知](https://example.org/a) ![图](/static/a.png)");
        assert!(ok.contains("<strong>公文写作</strong>"));
        assert!(ok.contains("<li>一</li>"));
        assert!(ok.contains("href=\"https://example.org/a\""));
        assert!(ok.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(ok.contains("src=\"/static/a.png\""));
    }
}
