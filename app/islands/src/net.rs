//! Calls to the server from an island: a form's data, or a server function's arguments, posted the
//! way a form would post them; the answer read as the server function's JSON.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, Request, RequestInit, Response, UrlSearchParams};

/// What came back.
pub struct Answer {
    pub status: u16,
    /// Where the server sends the browser next (a server function's redirect).
    pub location: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Post `data` to `url`: URL-encoded, or as multipart when the form uploads files.
pub async fn post(url: &str, data: &FormData, multipart: bool) -> Result<Answer, JsValue> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "application/json")?;
    // Tells the server that an island sent a form: it answers as to a form (where to go next),
    // not with the data a page's script would want.
    headers.set("X-Yucai-Form", "1")?;
    if multipart {
        init.set_body(data);
    } else {
        let params = UrlSearchParams::new_with_str_sequence_sequence(data)?;
        headers.set("Content-Type", "application/x-www-form-urlencoded")?;
        init.set_body(&params);
    }
    init.set_headers(&headers);
    send(url, &init).await
}

/// Call a server function with these arguments and read its answer.
pub async fn call(endpoint: &str, args: &[(&str, String)]) -> Result<Answer, JsValue> {
    let params = UrlSearchParams::new()?;
    for (k, v) in args {
        params.append(k, v);
    }
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "application/json")?;
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    init.set_headers(&headers);
    init.set_body(&params);
    send(&format!("/api/{endpoint}"), &init).await
}

async fn send(url: &str, init: &RequestInit) -> Result<Answer, JsValue> {
    let req = Request::new_with_str_and_init(url, init)?;
    let res: Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&req)).await?.dyn_into()?;
    let location = res.headers().get("Location").ok().flatten().filter(|_| res.headers().has("serverfnredirect").unwrap_or(false));
    let body = JsFuture::from(res.text()?).await?.as_string().unwrap_or_default();
    Ok(Answer { status: res.status(), location, body })
}

/// The message of a server function's error (`AppError` as JSON), in the page's language where
/// the island knows it.
pub fn error_text(status: u16, body: &str) -> (String, Vec<(String, String)>) {
    use crate::text::tx;
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    if let Some(list) = v.get("Invalid").and_then(|l| l.as_array()) {
        let fields: Vec<(String, String)> =
            list.iter().filter_map(|f| Some((f.get("field")?.as_str()?.to_string(), f.get("message")?.as_str()?.to_string()))).collect();
        let all = fields.iter().map(|f| f.1.as_str()).collect::<Vec<_>>().join("；");
        return (all, fields);
    }
    for key in ["Refused", "Unavailable", "Transport"] {
        if let Some(m) = v.get(key).and_then(|m| m.as_str()) {
            return (m.to_string(), Vec::new());
        }
    }
    let text = match v.as_str() {
        Some("Unauthorized") => tx("请先登录"),
        Some("Forbidden") => tx("无权执行此操作"),
        Some("NotFound") => tx("未找到"),
        Some("BadRequest") => tx("请求内容有误，无法处理，请刷新页面后重试"),
        _ if status == 0 => tx("网络连接失败，请检查网络后重试"),
        _ => tx("服务器内部错误，请稍后再试"),
    };
    (text.to_string(), Vec::new())
}
