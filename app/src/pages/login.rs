use crate::api::auth::Login;
use crate::components::form_error;
use crate::i18n::{t, tr};
use leptos::prelude::*;

pub use crate::url::safe_next;

/// The login form is a plain form: it posts to `/api/login`, and the server sends the browser on
/// (to `next`, or to the password page) or back with the error. No script is involved.
#[component]
pub fn LoginPage() -> impl IntoView {
    let error = form_error::<Login>().map(|e| e.to_string());
    view! {
        <section class="login">
            <div class="login-card">
                <h1>{t("育才")}</h1>
                <p class="subtitle">{t("培训与干部管理平台")}</p>
                <form method="post" action="/api/login" class="form" novalidate="novalidate">
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
                    {error.map(|e| view! { <div class="alert error" role="alert">{tr(&e).to_string()}</div> })}
                    <button type="submit" class="primary">{t("登录")}</button>
                </form>
            </div>
        </section>
    }
}
