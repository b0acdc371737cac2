use crate::api::auth::Login;
use crate::components::go_to;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
        Some(n) if local(&n) && local(&crate::components::decode_query(&n)) => n,
        _ => "/".into(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let pending = action.pending();
    Effect::new(move |_| {
        if let Some(Ok(result)) = action.value().get() {
            let next =
                if result.must_change_password { "/password".to_string() } else { safe_next(query.with_untracked(|q| q.get("next"))) };
            go_to(&next);
        }
    });
    let error = move || action.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <section class="login">
            <div class="login-card">
                <h1>{t("育才")}</h1>
                <p class="subtitle">{t("培训与干部管理平台")}</p>
                <ActionForm action=action attr:class="form" attr:novalidate="novalidate">
                    <label for="username">{t("用户名")}</label>
                    <input id="username" name="username" type="text" autocomplete="username" required autofocus
                        autocapitalize="none" spellcheck="false"/>
                    <label for="password">{t("密码")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    <label class="check">
                        <input type="checkbox" name="remember" value="on"/>
                        {t("在此设备保持登录")}
                    </label>
                    <p class="hint">{t("仅适用于职工个人设备；管理、人事、领导账户始终使用短时会话。")}</p>
                    {move || error().map(|e| view! { <div class="alert error" role="alert">{e}</div> })}
                    <button type="submit" class="primary" disabled=pending>
                        {move || if pending.get() { t("正在登录…") } else { t("登录") }}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

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
}
