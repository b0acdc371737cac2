//! Two locales: Simplified Chinese (the source text, used as the key) and English.
//! `t("登录")` gives the text in the current page's locale; a missing English entry falls back
//! to the Chinese.

use crate::model::Locale;
use leptos::prelude::*;

const EN: &[(&str, &str)] = &[
    ("育才", "Yucai"),
    ("育才 · 培训与干部管理平台", "Yucai · Training and Cadre Management"),
    ("登录", "Log in"),
    ("用户名", "Username"),
    ("密码", "Password"),
    ("在此设备保持登录", "Keep me logged in on this device"),
    ("仅适用于职工个人设备；管理、人事、领导账户始终使用短时会话。", "For employees' own devices only; admin, HR and leader accounts always use short sessions."),
    ("正在登录…", "Logging in…"),
    ("首页", "Home"),
    ("花名册", "Roster"),
    ("我的", "Me"),
    ("系统管理", "Administration"),
    ("退出", "Log out"),
    ("修改密码", "Change password"),
    ("当前密码", "Current password"),
    ("新密码", "New password"),
    ("确认新密码", "Confirm new password"),
    ("保存", "Save"),
    ("保存中…", "Saving…"),
    ("已保存", "Saved"),
    ("密码已修改。", "Password changed."),
    ("您的密码由管理员设置，请先设置新密码再继续。", "Your password was set by an administrator. Please choose a new one to continue."),
    ("加载中…", "Loading…"),
    ("您好", "Hello"),
    ("您的角色", "Your roles"),
    ("系统管理员", "System administrator"),
    ("人事", "HR"),
    ("领导", "Leader"),
    ("职工", "Employee"),
    ("全单位", "Whole organisation"),
    ("页面不存在", "Page not found"),
    ("您要找的页面不存在或已移动。", "The page you are looking for does not exist or has moved."),
    ("无权访问", "Access denied"),
    ("您的账户没有访问此页面的权限。如需开通，请联系系统管理员。", "Your account may not open this page. Ask the system administrator if you need access."),
    ("返回首页", "Back to home"),
    ("我的信息", "My record"),
    ("姓名", "Name"),
    ("性别", "Sex"),
    ("出生日期", "Date of birth"),
    ("年龄", "Age"),
    ("部室", "Department"),
    ("职务", "Post"),
    ("职务层次", "Level"),
    ("人员状态", "Status"),
    ("此账户未关联人员档案。", "This account is not linked to a personnel record."),
    ("登录设备", "Signed-in devices"),
    ("登录时间", "Signed in"),
    ("最近活动", "Last active"),
    ("到期时间", "Expires"),
    ("地址", "Address"),
    ("设备", "Device"),
    ("类型", "Type"),
    ("保持登录", "Kept signed in"),
    ("普通会话", "Normal session"),
    ("当前设备", "This device"),
    ("结束会话", "End session"),
    ("确定结束这个会话吗？该设备需要重新登录。", "End this session? That device will have to log in again."),
    ("语言", "Language"),
    ("中文", "中文"),
    ("English", "English"),
    ("搜索", "Search"),
    ("按姓名搜索", "Search by name"),
    ("共", "Total"),
    ("人", "people"),
    ("条", "records"),
    ("上一页", "Previous"),
    ("下一页", "Next"),
    ("第", "Page"),
    ("页", ""),
    ("没有符合条件的记录。", "No matching records."),
    ("账户", "Accounts"),
    ("系统设置", "Settings"),
    ("审计日志", "Audit log"),
    ("新建账户", "New account"),
    ("显示名称", "Display name"),
    ("角色", "Roles"),
    ("范围", "Scope"),
    ("状态", "Status"),
    ("操作", "Actions"),
    ("正常", "Active"),
    ("已停用", "Disabled"),
    ("待改密", "Must change password"),
    ("停用", "Disable"),
    ("启用", "Enable"),
    ("重置密码", "Reset password"),
    ("编辑角色", "Edit roles"),
    ("会话", "Sessions"),
    ("创建", "Create"),
    ("取消", "Cancel"),
    ("关闭", "Close"),
    ("初始密码", "Initial password"),
    ("临时密码只显示这一次，请当面或通过安全渠道交给本人。首次登录时须修改。", "The temporary password is shown only once. Hand it over in person or over a secure channel; it must be changed at first login."),
    ("打印", "Print"),
    ("没有在线会话。", "No active sessions."),
    ("时间", "Time"),
    ("操作人", "Actor"),
    ("对象", "Entity"),
    ("动作", "Action"),
    ("变更前", "Before"),
    ("变更后", "After"),
    ("起始日期", "From"),
    ("截止日期", "To"),
    ("筛选", "Filter"),
    ("清除", "Clear"),
    ("密码策略", "Password policy"),
    ("登录保护", "Login protection"),
    ("会话时长", "Session lifetimes"),
    ("密码最小长度", "Minimum password length"),
    ("密码字符类别数", "Character classes required"),
    ("锁定前允许失败次数", "Failures before lock"),
    ("失败计数时间窗（分钟）", "Failure window (minutes)"),
    ("锁定时长（分钟）", "Lock duration (minutes)"),
    ("同一地址失败上限", "Failures allowed per address"),
    ("空闲超时（分钟）", "Idle timeout (minutes)"),
    ("会话最长时长（小时）", "Absolute lifetime (hours)"),
    ("保持登录天数（职工）", "Keep-signed-in days (employees)"),
    ("出错了", "Something went wrong"),
    ("个人中心", "My page"),
    ("可用功能", "What you can do"),
    ("查看本单位人员名单", "Browse the staff list"),
    ("管理账户、角色、设置与审计日志", "Manage accounts, roles, settings and the audit log"),
    ("查看个人信息与登录设备", "See your record and signed-in devices"),
    ("更改登录密码", "Change your password"),
];

pub fn translate(locale: Locale, zh: &'static str) -> &'static str {
    match locale {
        Locale::Zh => zh,
        Locale::En => EN.iter().find(|(k, _)| *k == zh).map(|(_, v)| *v).filter(|v| !v.is_empty() || zh == "页").unwrap_or(zh),
    }
}

/// The current page's locale (provided once the user is known; Chinese before that).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

pub fn t(zh: &'static str) -> &'static str {
    translate(use_locale(), zh)
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
    fn no_duplicate_keys() {
        let mut keys: Vec<_> = EN.iter().map(|(k, _)| *k).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }
}
