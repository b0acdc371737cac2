//! The few words islands say after the page has loaded (errors, progress), in the page's language
//! (`<html lang>`). Everything an island shows when the page is drawn comes in its props.

/// Whether the page is in English.
pub fn english() -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::document().document_element().and_then(|e| e.get_attribute("lang")).is_some_and(|l| l.starts_with("en"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

const EN: &[(&str, &str)] = &[
    ("请先登录", "Please log in first"),
    ("无权执行此操作", "You may not do this"),
    ("未找到", "Not found"),
    ("请求内容有误，无法处理，请刷新页面后重试", "The request could not be read; reload the page and try again"),
    ("服务器内部错误，请稍后再试", "Server error; please try again later"),
    ("网络连接失败，请检查网络后重试", "The connection failed; check the network and try again"),
    ("正在提交…", "Sending…"),
    ("没有找到。", "Nobody found."),
    ("正在查找…", "Searching…"),
    ("移除", "Remove"),
    ("已选", "Chosen"),
];

/// `zh` in the page's language.
pub fn tx(zh: &'static str) -> &'static str {
    if english() {
        EN.iter().find(|(k, _)| *k == zh).map(|(_, v)| *v).unwrap_or(zh)
    } else {
        zh
    }
}
