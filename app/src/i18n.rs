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
    // Roster: punctuation and fragments
    ("，", ", "),
    ("：", ": "),
    ("、", ", "),
    ("（无）", "(none)"),
    ("无", "None"),
    ("全部", "All"),
    ("请选择", "Please choose"),
    ("系统", "System"),
    ("主导航", "Main navigation"),
    ("分页", "Pagination"),
    ("跳到正文", "Skip to content"),
    ("请先登录", "Please log in"),
    ("前往登录页", "Go to the login page"),
    ("培训与干部管理平台", "Training and Cadre Management"),
    ("（人事、领导）", "(HR, leader)"),
    ("用户名或姓名", "Username or name"),
    ("如 failure、lockout", "e.g. failure, lockout"),
    ("账户已停用，其所有会话已结束。", "Account disabled; all its sessions have ended."),
    ("账户已启用。", "Account enabled."),
    // Roster list
    ("统计", "Statistics"),
    ("新增人员", "Add person"),
    ("姓名 / 拼音 / 身份证号", "Name / pinyin / ID number"),
    ("如 张三、zhangsan、zs", "e.g. 张三, zhangsan, zs"),
    ("全部部室", "All departments"),
    ("全部人员", "Everyone"),
    ("离开", "Left"),
    ("调出、辞职、辞退、去世", "Transferred out, resigned, dismissed, deceased"),
    ("年龄自", "Age from"),
    ("年龄至", "Age to"),
    ("返回花名册", "Back to roster"),
    ("导出 Excel", "Export to Excel"),
    ("导出（含完整身份证号）", "Export (with full ID numbers)"),
    ("导出的文件将包含完整身份证号，此次导出会记入审计日志。继续吗？", "The exported file will contain full ID numbers, and this export is recorded in the audit log. Continue?"),
    ("Excel 导入", "Import from Excel"),
    // Excel import (pages/import.rs)
    ("下载导入模板", "Download the import template"),
    ("按模板在「花名册」工作表中每行填写一人，列名带 * 的为必填，「填写说明」工作表列出每列的可选值。先检查文件：有问题时逐行列出，一行也不写入；全部无误后再确认导入，整个文件一次写入。", "Fill in one person per row on the “花名册” (roster) sheet of the template; columns marked * are required, and the “填写说明” (instructions) sheet lists the allowed values of each column. Check the file first: any problems are listed row by row and nothing is written; once everything is correct, confirm the import and the whole file is written at once."),
    ("选择文件（.xlsx，不超过 10 MB）", "Choose a file (.xlsx, at most 10 MB)"),
    ("按身份证号更新已有人员（不勾选时，已存在的身份证号会作为问题列出）", "Update existing people matched by ID number (if unticked, ID numbers already on file are listed as problems)"),
    ("正在检查…", "Checking…"),
    ("检查文件", "Check file"),
    ("行", "Row"),
    ("列", "Column"),
    ("问题", "Problem"),
    ("整个文件", "Whole file"),
    ("更新档案", "Update record"),
    ("新增", "New"),
    ("查看花名册", "View roster"),
    ("正在导入…", "Importing…"),
    ("确认导入", "Confirm import"),
    // Person record and form
    ("修改", "Edit"),
    ("修改人员信息", "Edit personnel record"),
    ("基本信息", "Basic information"),
    ("工作经历", "Employment"),
    ("工作与编制", "Employment and establishment"),
    ("职务职级", "Post and rank"),
    ("学历学位", "Education and degrees"),
    ("民族", "Ethnicity"),
    ("籍贯", "Native place"),
    ("出生地", "Place of birth"),
    ("身份证号", "ID number"),
    ("18 位", "18 characters"),
    ("政治面貌", "Political affiliation"),
    ("入党时间", "Date joined the CPC"),
    ("联系电话", "Phone"),
    ("参加工作时间", "Started work"),
    ("进入本单位时间", "Joined this organisation"),
    ("编制类别", "Establishment type"),
    ("状态变动日期", "Status changed on"),
    ("预计退休", "Expected retirement"),
    ("现职务", "Current post"),
    ("任现职时间", "In current post since"),
    ("职级", "Rank"),
    ("任现职级时间", "In current rank since"),
    ("岗位类别", "Post category"),
    ("岗位等级", "Post grade"),
    ("专业技术职务", "Professional title"),
    ("学历", "Education"),
    ("学历（最高）", "Education (highest)"),
    ("全日制", "Full-time"),
    ("全日制学历", "Full-time education"),
    ("全日制学位", "Full-time degree"),
    ("全日制毕业院校", "Full-time institution"),
    ("全日制专业", "Full-time major"),
    ("在职教育", "Part-time (in service)"),
    ("在职学历", "Part-time education"),
    ("在职学位", "Part-time degree"),
    ("在职毕业院校", "Part-time institution"),
    ("在职专业", "Part-time major"),
    ("备注", "Remarks"),
    ("查看完整身份证号", "Show full ID number"),
    ("查看完整身份证号将记入审计日志。确定查看吗？", "Viewing the full ID number is recorded in the audit log. Continue?"),
    ("完整身份证号：", "Full ID number: "),
    ("变更记录", "Change history"),
    ("暂无变更记录。", "No changes recorded yet."),
    ("变更内容", "Changes"),
    ("建档", "Created"),
    ("更正（本人申请）", "Corrected (own request)"),
    ("请更正标出的项目后再保存。", "Correct the marked fields, then save again."),
    ("未填写", "Not given"),
    ("（不修改请留空）", " (leave blank to keep)"),
    // Departments and establishment
    ("部室与编制", "Departments and establishment"),
    ("新增部室", "Add department"),
    ("编辑部室", "Edit department"),
    ("编辑", "Edit"),
    ("编制数为核定数，实有为在职人数；领导职数按“实配/核定”显示，超出核定的以红色标出。", "Authorised headcount is the approved establishment; actual is the number of active staff. Leadership posts show as filled/authorised; posts over the authorised number are shown in red."),
    ("编制数", "Authorised headcount"),
    ("编制数（按编制类别）", "Authorised headcount (by establishment type)"),
    ("实有", "Actual"),
    ("超编/空编", "Over / under establishment"),
    ("满", "Full"),
    ("超", "Over"),
    ("空", "Vacant"),
    ("领导职数", "Leadership posts"),
    ("上级单位", "Parent unit"),
    ("名称", "Name"),
    ("代码", "Code"),
    ("中心", "Centre"),
    ("派出单位", "Field office"),
    // Statistics
    ("人员统计", "Staff statistics"),
    ("各部室在职人数", "Active staff by department"),
    ("年龄结构", "Age structure"),
    ("编制与实有人数", "Authorised vs actual headcount"),
    ("差额", "Difference"),
    ("领导职数使用", "Leadership post usage"),
    ("层级", "Level"),
    ("核定", "Authorised"),
    ("实配", "Filled"),
    ("空缺/超配", "Vacant / over"),
    ("超配", "Over"),
    ("空缺", "Vacant"),
    ("各层级年龄结构", "Age structure by level"),
    ("合计", "Total"),
    ("预计退休日期", "Expected retirement date"),
    ("退休年龄", "Retirement age"),
    ("项目", "Item"),
    ("人数", "Count"),
    ("占比", "Share"),
    // Corrections
    ("更正申请", "Correction requests"),
    ("申请状态", "Request status"),
    ("待审核", "Pending"),
    ("已批准", "Approved"),
    ("已批准，已更正", "Approved, record corrected"),
    ("已驳回", "Rejected"),
    ("没有这类申请。", "No requests of this kind."),
    ("提交时间", "Submitted"),
    ("原内容", "Current value"),
    ("申请改为", "Requested value"),
    ("说明", "Note"),
    ("处理", "Decision"),
    ("批准", "Approve"),
    ("驳回", "Reject"),
    ("驳回理由", "Reason for rejection"),
    ("申请更正", "Request a correction"),
    ("发现个人信息有误，可在此提交更正申请，人事部门审核通过后生效。", "If any of your details are wrong, request a correction here. It takes effect once HR approves it."),
    ("更正项目", "Field to correct"),
    ("正确内容", "Correct value"),
    ("日期请按 年-月-日 填写，如 1990-07-01", "Write dates as year-month-day, e.g. 1990-07-01"),
    ("说明（可选）", "Note (optional)"),
    ("如：以毕业证书为准", "e.g. as shown on my diploma"),
    ("已提交，请等待人事部门审核。", "Submitted. Please wait for HR to review it."),
    ("提交申请", "Submit request"),
    ("我的申请", "My requests"),
    ("结果", "Result"),
    // Bulk accounts
    ("批量开通账户", "Open accounts in bulk"),
    ("为所选部室（含下属单位）中尚无账户的在职人员开通职工账户。用户名为姓名拼音，重名时依次加 2、3……；初始密码只显示这一次，请打印后当面发放，首次登录时须修改。", "Opens employee accounts for active staff in the selected department (including its sub-units) who have none yet. The username is the name in pinyin, with 2, 3… added for duplicates. Initial passwords are shown only once: print them and hand them over in person; they must be changed at first login."),
    ("确定为所选部室中尚无账户的在职人员开通账户吗？", "Open accounts for all active staff in the selected department who have none yet?"),
    ("请选择部室", "Choose a department"),
    ("开通账户", "Open accounts"),
    ("所选范围内的在职人员都已有账户。", "All active staff in the selected scope already have accounts."),
    ("打印账户通知单", "Print account slips"),
    ("育才平台账户通知单", "Yucai account slip"),
    ("请在首次登录后立即修改密码，并妥善保管。", "Change this password right after your first login and keep it safe."),
    // Sex
    ("男", "Male"),
    ("女", "Female"),
    // Personnel status (人员状态)
    ("在职", "Active"),
    ("退休", "Retired"),
    ("调出", "Transferred out"),
    ("辞职", "Resigned"),
    ("辞退", "Dismissed"),
    ("去世", "Deceased"),
    // Establishment types (编制类别)
    ("行政编制", "Administrative establishment"),
    ("参公事业编制", "Public institution (civil-service managed)"),
    ("事业编制", "Public institution establishment"),
    ("工勤编制", "Support staff establishment"),
    ("编外聘用", "Contract (outside establishment)"),
    // Levels (职务层次)
    ("正处级", "Division head"),
    ("副处级", "Deputy division head"),
    ("正科级", "Section head"),
    ("副科级", "Deputy section head"),
    ("科员", "Staff member"),
    ("办事员", "Clerk"),
    // Civil-service ranks (职级)
    ("一级调研员", "Level-1 researcher"),
    ("二级调研员", "Level-2 researcher"),
    ("三级调研员", "Level-3 researcher"),
    ("四级调研员", "Level-4 researcher"),
    ("一级主任科员", "Level-1 principal staff member"),
    ("二级主任科员", "Level-2 principal staff member"),
    ("三级主任科员", "Level-3 principal staff member"),
    ("四级主任科员", "Level-4 principal staff member"),
    ("一级科员", "Level-1 staff member"),
    ("二级科员", "Level-2 staff member"),
    // Post categories (岗位类别)
    ("管理岗位", "Management post"),
    ("专业技术岗位", "Professional and technical post"),
    ("工勤技能岗位", "Skilled support post"),
    // Political affiliation (政治面貌)
    ("中共党员", "CPC member"),
    ("中共预备党员", "CPC probationary member"),
    ("共青团员", "Communist Youth League member"),
    ("民革党员", "RCCK member"),
    ("民盟盟员", "China Democratic League member"),
    ("民建会员", "CNDCA member"),
    ("民进会员", "CAPD member"),
    ("农工党党员", "Peasants and Workers Democratic Party member"),
    ("致公党党员", "China Zhi Gong Party member"),
    ("九三学社社员", "Jiusan Society member"),
    ("台盟盟员", "Taiwan Democratic Self-Government League member"),
    ("无党派人士", "Non-partisan"),
    ("群众", "No affiliation"),
    // Education (学历) and degrees (学位)
    ("研究生", "Postgraduate"),
    ("大学本科", "Undergraduate"),
    ("大学专科", "Junior college"),
    ("中专", "Secondary vocational"),
    ("高中及以下", "High school or below"),
    ("博士", "Doctorate"),
    ("硕士", "Master's"),
    ("学士", "Bachelor's"),
    // Age bands
    ("30岁及以下", "30 and under"),
    ("31–35岁", "31–35"),
    ("36–40岁", "36–40"),
    ("41–45岁", "41–45"),
    ("46–50岁", "46–50"),
    ("51–55岁", "51–55"),
    ("55岁以上", "Over 55"),
    // Ethnic groups (民族)
    ("汉族", "Han"),
    ("蒙古族", "Mongol"),
    ("回族", "Hui"),
    ("藏族", "Tibetan"),
    ("维吾尔族", "Uyghur"),
    ("苗族", "Miao"),
    ("彝族", "Yi"),
    ("壮族", "Zhuang"),
    ("布依族", "Bouyei"),
    ("朝鲜族", "Korean"),
    ("满族", "Manchu"),
    ("侗族", "Dong"),
    ("瑶族", "Yao"),
    ("白族", "Bai"),
    ("土家族", "Tujia"),
    ("哈尼族", "Hani"),
    ("哈萨克族", "Kazakh"),
    ("傣族", "Dai"),
    ("黎族", "Li"),
    ("傈僳族", "Lisu"),
    ("佤族", "Va"),
    ("畲族", "She"),
    ("高山族", "Gaoshan"),
    ("拉祜族", "Lahu"),
    ("水族", "Sui"),
    ("东乡族", "Dongxiang"),
    ("纳西族", "Naxi"),
    ("景颇族", "Jingpo"),
    ("柯尔克孜族", "Kyrgyz"),
    ("土族", "Monguor (Tu)"),
    ("达斡尔族", "Daur"),
    ("仫佬族", "Mulao"),
    ("羌族", "Qiang"),
    ("布朗族", "Blang"),
    ("撒拉族", "Salar"),
    ("毛南族", "Maonan"),
    ("仡佬族", "Gelao"),
    ("锡伯族", "Xibe"),
    ("阿昌族", "Achang"),
    ("普米族", "Pumi"),
    ("塔吉克族", "Tajik"),
    ("怒族", "Nu"),
    ("乌孜别克族", "Uzbek"),
    ("俄罗斯族", "Russian"),
    ("鄂温克族", "Evenki"),
    ("德昂族", "De'ang"),
    ("保安族", "Bonan"),
    ("裕固族", "Yugur"),
    ("京族", "Gin"),
    ("塔塔尔族", "Tatar"),
    ("独龙族", "Derung"),
    ("鄂伦春族", "Oroqen"),
    ("赫哲族", "Hezhen"),
    ("门巴族", "Monpa"),
    ("珞巴族", "Lhoba"),
    ("基诺族", "Jino"),
    // Retirement rules
    ("退休规则", "Retirement rules"),
    ("人员档案", "Personnel records"),
    ("返回人员统计", "Back to statistics"),
    ("自 2025 年起，法定退休年龄逐步提高（渐进式延迟法定退休年龄）：在“开始延迟的出生年月”及以后出生的人员，每晚出生若干个月，退休年龄延迟 1 个月，直至达到最多延迟月数。人员档案中的预计退休日期和人员统计中的即将退休名单均按本页规则计算。",
     "From 2025 the statutory retirement age rises gradually: people born in the first delayed birth month or later retire one month later for every so many months of birth, up to the maximum delay. The expected retirement date on each person's record and the upcoming retirements in the statistics follow the rules on this page."),
    ("当前使用国家规定默认值。", "The national defaults are in force."),
    ("当前规则已由人事修改，与国家规定默认值不同。", "HR has changed the rules; they differ from the national defaults."),
    ("示例出生日期", "Example date of birth"),
    ("“示例结果”按表中当前的数字（包括尚未保存的修改）计算该日期出生人员的退休年龄和退休日期。",
     "\"Example\" shows the retirement age and date of someone born on that day under the numbers in the table, unsaved changes included."),
    ("人员类别", "Group"),
    ("最高退休年龄", "Highest retirement age"),
    ("示例结果", "Example"),
    ("确定将三类人员的退休规则全部恢复为国家规定默认值吗？此操作会记入审计日志。", "Restore the national defaults for all three groups? This is recorded in the audit log."),
    ("已恢复国家规定默认值。", "The national defaults have been restored."),
    ("已保存。人员档案和统计中的预计退休日期已按新规则计算。", "Saved. Expected retirement dates on records and in the statistics now follow the new rules."),
    ("恢复国家规定默认值", "Restore national defaults"),
    ("退休规则由人事维护，您可以查看。", "HR maintains the retirement rules; you may view them."),
    ("预计退休日期按“退休规则”页的规则计算（自 2025 年起渐进式延迟法定退休年龄）。", "Expected retirement dates follow the rules on the Retirement rules page (the gradual rise from 2025)."),
    ("原退休年龄（周岁）", "Original retirement age (years)"),
    ("开始延迟的出生年份", "First delayed birth year"),
    ("开始延迟的出生月份", "First delayed birth month"),
    ("每延迟 1 个月对应的出生月数", "Birth months per month of delay"),
    ("最多延迟月数", "Maximum delay (months)"),
    ("男：原 60 周岁", "Men: originally 60"),
    ("女（管理、专业技术岗位）：原 55 周岁", "Women in management and professional posts: originally 55"),
    ("女（工勤技能岗位）：原 50 周岁", "Women in worker posts: originally 50"),
    // Lectures
    ("课程系列", "Lecture series"),
    ("返回日历", "Back to calendar"),
    ("新建系列", "New series"),
    ("还没有课程系列。新建“每月大讲堂”“周五小课堂”等系列后，课程会按规则自动排出。", "No lecture series yet. Create a series such as \"Monthly lecture hall\" or \"Friday small class\" and its sessions will be scheduled automatically."),
    ("形式", "Format"),
    ("类别", "Category"),
    ("规则", "Schedule"),
    ("教室", "Room"),
    ("场次", "Sessions"),
    ("下次", "Next"),
    ("日历订阅", "Calendar feed"),
    ("订阅地址", "Feed address"),
    ("编辑课程系列", "Edit lecture series"),
    ("新建课程系列", "New lecture series"),
    ("应参加人员", "Required attendees"),
    ("全体职工", "All staff"),
    ("按部室", "By department"),
    ("按职务层次", "By post level"),
    ("未指定应参加人员：仅自愿报名。", "No required attendees: voluntary sign-up only."),
    ("是否同时修改今后尚未单独编辑过的各次课程？选择“取消”则只保存系列设置，已排出的课程不变。", "Also update future sessions that have not been edited individually? Choose \"Cancel\" to save only the series settings and leave scheduled sessions unchanged."),
    ("系列名称", "Series name"),
    ("如：周五小课堂", "e.g. Friday small class"),
    ("待定", "To be decided"),
    ("开始时间", "Start time"),
    ("时长（分钟）", "Duration (minutes)"),
    ("重复规则", "Recurrence"),
    ("重复", "Repeats"),
    ("每周", "Weekly"),
    ("每月第几个星期几", "Monthly on a weekday (e.g. 2nd Tuesday)"),
    ("每月固定日期", "Monthly on a fixed date"),
    ("每月几号", "Day of month"),
    ("当月没有这一天时（如 31 日）安排在月末最后一天。", "If a month has no such day (e.g. the 31st), the session falls on its last day."),
    ("第几个", "Which"),
    ("第一个", "First"),
    ("第二个", "Second"),
    ("第三个", "Third"),
    ("第四个", "Fourth"),
    ("最后一个", "Last"),
    ("星期", "Weekday"),
    ("每几周", "Every how many weeks"),
    ("开始日期", "Start date"),
    ("结束", "End"),
    ("到某日为止", "On a date"),
    ("共几次", "After a number of sessions"),
    ("次数", "Number of sessions"),
    ("结束日期", "End date"),
    ("遇节假日顺延到下一个工作日（不勾选则当次取消）", "Move sessions on public holidays to the next working day (if unticked, they are cancelled)"),
    ("请填写开始日期和结束日期", "Enter a start date and an end date"),
    ("允许自愿报名", "Allow voluntary sign-up"),
    ("名额（空为按教室容量）", "Places (blank for room capacity)"),
    ("保存并排课", "Save and schedule"),
    ("返回", "Back"),
    ("编辑本次课程", "Edit this session"),
    ("新建单次课程", "New one-off session"),
    ("课程题目", "Topic"),
    ("日期", "Date"),
    ("开始", "Start"),
    ("学时（空为按时长计算）", "Class hours (blank to calculate from duration)"),
    ("讲师", "Speakers"),
    ("移除", "Remove"),
    ("本单位人员", "Our staff"),
    ("输入姓名", "Enter a name"),
    ("查找", "Find"),
    ("没有找到。", "Nothing found."),
    ("外请讲师", "Guest speaker"),
    ("单位", "Organisation"),
    ("职务或职称", "Post or title"),
    ("添加", "Add"),
    ("报名截止（年-月-日 时:分，空为开课时）", "Sign-up deadline (year-month-day hh:mm; blank for the start time)"),
    ("课程资料（Markdown）", "Materials (Markdown)"),
    ("课程小结（Markdown）", "Summary (Markdown)"),
    ("新增教室", "Add room"),
    ("容纳人数", "Capacity"),
    ("位置", "Location"),
    ("可用", "Available"),
    ("还没有教室。", "No rooms yet."),
    ("课程类别", "Lecture categories"),
    ("新类别", "New category"),
    ("学时与签到规则", "Class hours and check-in rules"),
    ("每学时分钟数", "Minutes per class hour"),
    ("迟到宽限（分钟）", "Late grace period (minutes)"),
    ("开课前多少分钟开放签到", "Check-in opens (minutes before start)"),
    ("迟到也计学时", "Count class hours when late"),
    ("保存规则", "Save rules"),
    ("节假日与调休", "Public holidays and adjusted working days"),
    ("按国务院办公厅每年发布的放假安排维护。课程排期和“N 个工作日”均按此计算；没有维护的年份只按周末计算。", "Maintained from the holiday schedule the General Office of the State Council publishes each year. Lecture scheduling and \"N working days\" use it; years not entered count weekends only."),
    ("年份", "Year"),
    ("放假日期", "Holidays"),
    ("调休上班日期", "Adjusted working days"),
    ("维护", "Updated by"),
    ("新增或修改一年", "Add or change a year"),
    ("放假日期（可直接粘贴通知原文中的日期，如“1月1日至3日”“2月15日–23日”）", "Holidays (you can paste the dates straight from the notice, e.g. \"1月1日至3日\", \"2月15日–23日\")"),
    ("调休上班日期（周末上班的日子）", "Adjusted working days (weekend days worked)"),
    ("请假审批", "Leave requests"),
    ("待审批", "Pending"),
    ("已处理", "Decided"),
    ("申请人", "Applicant"),
    ("课程", "Lecture"),
    ("事由", "Reason"),
    ("意见（可选）", "Comment (optional)"),
    ("确定不批准这项请假吗？", "Refuse this leave request?"),
    ("不批准", "Refuse"),
    ("未批准", "Refused"),
    ("请假待审批", "Leave pending"),
    ("请假已批准", "Leave approved"),
    ("请假未批准", "Leave refused"),
    ("培训课程", "Lectures"),
    ("我的课程", "My lectures"),
    ("教室与类别", "Rooms and categories"),
    ("节假日", "Holidays"),
    ("上一周", "Previous week"),
    ("上个月", "Previous month"),
    ("下一周", "Next week"),
    ("下个月", "Next month"),
    ("今天", "Today"),
    ("按月查看", "Month view"),
    ("按周查看", "Week view"),
    ("已取消", "Cancelled"),
    ("这段时间没有安排课程。", "No lectures scheduled in this period."),
    ("课程日历", "Lecture calendar"),
    ("因节假日顺延", "Moved for a public holiday"),
    ("地点", "Place"),
    ("学时", "Class hours"),
    ("应参加", "Required"),
    ("报名", "Sign-up"),
    ("出勤名单", "Attendance list"),
    ("签到屏幕", "Check-in screen"),
    ("确定取消本次课程吗？应参加和已报名的人员会收到通知。", "Cancel this session? Required attendees and those signed up will be notified."),
    ("取消本次课程", "Cancel this session"),
    ("我的参加情况", "My attendance"),
    ("您是应参加人员。", "You are required to attend."),
    ("您已报名。", "You have signed up."),
    ("您在候补名单中。", "You are on the waiting list."),
    ("您不是应参加人员。", "You are not required to attend."),
    ("已报名。", "Signed up."),
    ("已取消报名。", "Sign-up cancelled."),
    ("请假申请已提交，请等待审批。", "Leave request submitted. Please wait for a decision."),
    ("报名参加", "Sign up"),
    ("退出候补", "Leave waiting list"),
    ("取消报名", "Cancel sign-up"),
    ("撤回请假", "Withdraw leave request"),
    ("请假事由", "Reason for leave"),
    ("如：外出公务", "e.g. away on official business"),
    ("申请请假", "Request leave"),
    ("课程资料", "Materials"),
    ("课程小结", "Summary"),
    ("课程签到", "Lecture check-in"),
    ("已签到", "Checked in"),
    ("确认签到", "Check in"),
    ("查看课程详情", "View lecture details"),
    ("签到二维码", "Check-in QR code"),
    ("请用手机扫码签到，二维码每 30 秒更新一次", "Scan with your phone to check in; the code changes every 30 seconds"),
    ("签到链接", "Check-in link"),
    ("返回课程", "Back to lecture"),
    ("出勤状态", "Attendance"),
    ("名单为空。", "The list is empty."),
    ("身份", "Role"),
    ("签到时间", "Checked in at"),
    ("标记", "Mark"),
    ("已报名", "Signed up"),
    ("候补", "Waiting list"),
    ("自行签到", "Walk-in"),
    ("（请假待审批）", "(leave pending)"),
    ("（手工）", " (manual)"),
    ("出勤", "Present"),
    ("迟到", "Late"),
    ("缺勤", "Absent"),
    ("参加", "Attending as"),
    ("待参加", "Upcoming"),
    ("我讲授的课程", "Lectures I give"),
    ("参训记录", "Training record"),
    ("订阅到手机日历", "Subscribe in your phone calendar"),
    ("生成一个私人订阅地址，添加到手机或电脑日历后，课程会自动同步。地址只显示一次，请勿转发；可随时停用。", "Create a private feed address; add it to your phone or computer calendar and your lectures will sync automatically. The address is shown only once, so do not share it; you can disable it at any time."),
    ("订阅地址：", "Feed address: "),
    ("已停用订阅地址。", "Feed address disabled."),
    ("重新生成订阅地址", "Create a new feed address"),
    ("生成订阅地址", "Create feed address"),
    ("停用后，已添加此地址的日历将不再更新。确定停用吗？", "Calendars using this address will stop updating. Disable it?"),
    ("停用订阅", "Disable feed"),
    ("通知", "Notifications"),
    ("全部标为已读", "Mark all as read"),
    ("暂无通知。", "No notifications."),
    ("大讲堂", "Lecture hall"),
    ("小课堂", "Small class"),
    ("专题培训", "Special training"),
    ("其他", "Other"),
    ("请假", "On leave"),
    ("待签到", "Not checked in"),
    ("周一", "Mon"),
    ("周二", "Tue"),
    ("周三", "Wed"),
    ("周四", "Thu"),
    ("周五", "Fri"),
    ("周六", "Sat"),
    ("周日", "Sun"),
    ("用 Excel 登记出勤", "Record attendance in Excel"),
    ("先导出出勤名单，在“状态”列填写 出勤、迟到 或 缺勤（留空的不改动），再上传检查；全部无误后确认导入，一次写入。", "Export the attendance list, fill in the 状态 column with 出勤, 迟到 or 缺勤 (blank rows stay as they are), then upload it to check; once it is clean, confirm and it is written in one go."),
    ("导出出勤名单（.xlsx）", "Export the attendance list (.xlsx)"),
    ("指定人员", "Named people"),
    ("按姓名添加", "Add by name"),
    ("系列", "Series"),
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

/// Like [`t`], for a label that arrives as data but comes from a fixed list (a field name or an
/// action the server names, an enum value a chart counts): the English when the table has it,
/// the text unchanged otherwise.
pub fn tr(zh: &str) -> &str {
    match use_locale() {
        Locale::Zh => zh,
        Locale::En => EN.iter().find(|(k, _)| *k == zh).map(|(_, v)| *v).filter(|v| !v.is_empty()).unwrap_or(zh),
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
    fn no_duplicate_keys() {
        let mut keys: Vec<_> = EN.iter().map(|(k, _)| *k).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }

    /// The string literals given directly to the translation function in `src`: the function's
    /// name, not preceded by an identifier character, an opening parenthesis, a literal, and a
    /// closing parenthesis right after it. Escapes are undone; the literal is kept as written otherwise.
    fn t_literals(src: &str) -> Vec<String> {
        let b = src.as_bytes();
        let open: &[u8] = b"t(\"";
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
            if closed && b.get(j) == Some(&b')') {
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
        EN.iter().any(|(k, v)| *k == zh && (!v.is_empty() || zh == "页"))
    }

    #[test]
    fn every_ui_literal_has_english() {
        // The scanner itself (built from pieces so that this file holds no such call).
        let sample = ["a ", "t", "(\"甲\") x", "t", "(\"乙\") ", "t", "(\"丙\\\"丁\") ", "t", "(\"戊\", 1) ", "t", "(x)"].concat();
        assert_eq!(t_literals(&sample), vec!["甲".to_string(), "丙\"丁".to_string()]);

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let mut seen = 0;
        let mut missing: Vec<(String, String)> = Vec::new();
        for file in &files {
            let src = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let rel = file.strip_prefix(&root).unwrap_or(file).display().to_string();
            for lit in t_literals(&src) {
                seen += 1;
                if lit.contains('{') || has_english(&lit) || missing.iter().any(|(l, _)| *l == lit) {
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
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "labels without English in EN (src/i18n.rs): {missing:?}");
    }
}
