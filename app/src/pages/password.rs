use crate::api::auth::ChangePassword;
use crate::components::{field_error, Guarded};
use crate::i18n::t;
use crate::model::CurrentUser;
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! { <Guarded path="/password" view=password_form/> }
}

fn password_form(u: CurrentUser) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let forced = u.must_change_password;
    let pending = action.pending();
    let err = move || action.value().get().and_then(|r| r.err());
    // Without JavaScript the form posts itself and the server comes back to `?saved=1`.
    let saved = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("saved").is_some());
    let done = move || matches!(action.value().get(), Some(Ok(()))) || (saved && action.value().get().is_none());
    view! {
        <section class="panel narrow">
            <h1>{t("修改密码")}</h1>
            {forced.then(|| view! { <div class="alert info">{t("您的密码由管理员设置，请先设置新密码再继续。")}</div> })}
            <ActionForm action=action attr:class="form">
                <label for="current">{t("当前密码")}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                {move || field_error(err(), "current")}
                <label for="new_password">{t("新密码")}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" required/>
                {move || field_error(err(), "new_password")}
                <label for="confirm">{t("确认新密码")}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required/>
                {move || field_error(err(), "confirm")}
                {move || err().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))).map(|e| view! { <div class="alert error" role="alert">{e.to_string()}</div> })}
                {move || done().then(|| view! { <div class="alert success" role="status">{t("密码已修改。")}" "<a href="/">{t("返回首页")}</a></div> })}
                <button type="submit" class="primary" disabled=pending>{move || if pending.get() { t("保存中…") } else { t("保存") }}</button>
            </ActionForm>
        </section>
    }
}
