use crate::api::auth::ChangePassword;
use crate::components::{field_error, form_error, other_errors, Guarded, PostForm};
use crate::i18n::t;
use crate::model::CurrentUser;
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! { <Guarded path="/password" view=password_form/> }
}

fn password_form(u: CurrentUser) -> impl IntoView {
    let forced = u.must_change_password;
    // The form island posts in the background (a refusal appears under its field, nothing typed
    // is lost); without it the server comes back here with the error, or to `?saved=1`.
    let err = form_error::<ChangePassword>();
    let e = {
        let err = err.clone();
        move |field: &'static str| field_error(err.clone(), field)
    };
    let saved = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("saved").is_some());
    view! {
        <section class="panel narrow">
            <h1>{t("修改密码")}</h1>
            {forced.then(|| view! { <div class="alert info">{t("您的密码由管理员设置，请先设置新密码再继续。")}</div> })}
            {(saved && err.is_none()).then(|| view! { <div class="alert success" role="status">{t("密码已修改。")}" "<a href="/">{t("返回首页")}</a></div> })}
            <PostForm action="/api/change_password" class="form">
                <label for="current">{t("当前密码")}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                {e("current")}
                <label for="new_password">{t("新密码")}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" required/>
                {e("new_password")}
                <label for="confirm">{t("确认新密码")}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required/>
                {e("confirm")}
                {other_errors(err.clone())}
                <button type="submit" class="primary">{t("保存")}</button>
            </PostForm>
        </section>
    }
}
