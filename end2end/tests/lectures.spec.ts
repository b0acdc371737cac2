import { Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import { hydrated, loginOk, PASSWORD } from './helpers';

// The lecture journey: HR schedules both series (a leader teaches 公文写作), a room conflict is
// refused, an employee enrols on a phone, another asks for leave and a leader approves, a third
// checks in from the room screen's QR URL with JavaScript off, an expired code is refused, and
// after the end the absent one is 缺勤 while the others have their 学时; the calendar feed holds
// the sessions. Sessions are put in 2027 (after the demo's own) and today (for the check-in).

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

async function as(browser: Browser, username: string, options: object = {}): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await loginOk(page, username);
  return [context, page];
}

async function displayName(page: Page): Promise<string> {
  return (await page.locator('.username').innerText()).trim();
}

/** China time now: date and minutes after midnight. */
function chinaNow(): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The session link on a day of the month view. */
async function sessionHref(page: Page, day: string, title: string): Promise<string> {
  await page.goto(`/lectures?d=${day}`);
  await hydrated(page);
  const href = await page.locator(`a.chip:has-text("${title}")`).first().getAttribute('href');
  expect(href).toMatch(/^\/lectures\/\d+$/);
  return href!;
}

test('HR schedules, employees enrol, ask for leave and check in, the list and the feed follow', async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  const [leaderCtx, leader] = await as(browser, 'leader');
  const leaderName = await displayName(leader);
  const [hrCtx, hr] = await as(browser, 'hr', { viewport: { width: 1280, height: 900 } });

  // 1. The monthly 大讲堂: last Thursday, everyone required.
  await hr.goto('/lectures/series/new');
  await hydrated(hr);
  await hr.getByLabel('系列名称').fill('测试大讲堂');
  await hr.getByLabel('形式', { exact: true }).selectOption('大讲堂');
  await hr.getByLabel('教室', { exact: true }).selectOption({ label: '小会议室（30 人）' });
  await hr.getByLabel('开始时间').fill('09:00');
  await hr.getByLabel('时长（分钟）').fill('120');
  await hr.getByLabel('重复', { exact: true }).selectOption('monthly_nth');
  await hr.getByLabel('第几个').selectOption('-1');
  await hr.getByLabel('星期', { exact: true }).selectOption('4');
  await hr.getByLabel('开始日期').fill('2027-03-01');
  await hr.getByLabel('结束日期').fill('2027-06-30');
  await hr.getByRole('button', { name: '保存并排课' }).click();
  await expect(hr).toHaveURL(/\/lectures\/series$/);
  const hallRow = hr.locator('tbody tr', { hasText: '测试大讲堂' });
  await expect(hallRow).toContainText('每月最后一个星期四');
  await expect(hallRow).toContainText('4');

  // 2. The weekly 小课堂 on Fridays: open for sign-up, not required.
  await hr.goto('/lectures/series/new');
  await hydrated(hr);
  await hr.getByLabel('系列名称').fill('测试小课堂');
  await hr.getByLabel('形式', { exact: true }).selectOption('小课堂');
  await hr.getByLabel('教室', { exact: true }).selectOption({ label: '小会议室（30 人）' });
  await hr.getByLabel('开始时间').fill('15:00');
  await hr.getByLabel('时长（分钟）').fill('90');
  await hr.getByLabel('开始日期').fill('2027-03-01');
  await hr.getByLabel('结束日期').fill('2027-06-30');
  await hr.getByLabel('全体职工').uncheck();
  await hr.getByLabel('允许自愿报名').check();
  await hr.getByRole('button', { name: '保存并排课' }).click();
  await expect(hr).toHaveURL(/\/lectures\/series$/);
  await expect(hr.locator('tbody tr', { hasText: '测试小课堂' })).toContainText('每周五');

  // 3. A leader teaches 公文写作 at the first Friday's class.
  const writing = await sessionHref(hr, '2027-03-05', '测试小课堂');
  await hr.goto(writing);
  await hydrated(hr);
  await hr.getByRole('link', { name: '编辑本次课程' }).click();
  await hydrated(hr);
  await hr.getByLabel('课程题目').fill('公文写作：请示的写法');
  await hr.getByLabel('类别', { exact: true }).selectOption({ label: '公文写作' });
  // The picker lists colleagues as the name is typed; the chosen one is posted by number.
  await hr.getByLabel('本单位人员').fill(leaderName);
  await hr.locator('ul.picks button', { hasText: leaderName }).first().click();
  await expect(hr.getByTestId('lecturer').getByTestId('picked')).toContainText(leaderName);
  await hr.getByRole('button', { name: '保存', exact: true }).click();
  await expect(hr).toHaveURL(new RegExp(`${writing}$`));
  await expect(hr.getByRole('heading', { name: '公文写作：请示的写法' })).toBeVisible();
  await expect(hr.locator('dl.facts')).toContainText(leaderName);

  // 4. The room is taken the next Friday at 15:30: refused, naming the class there.
  await hr.goto('/lectures/new');
  await hydrated(hr);
  await hr.getByLabel('课程题目').fill('冲突测试');
  await hr.getByLabel('教室', { exact: true }).selectOption({ label: '小会议室（30 人）' });
  await hr.getByLabel('日期', { exact: true }).fill('2027-03-12');
  await hr.getByLabel('开始', { exact: true }).fill('15:30');
  await hr.getByLabel('结束', { exact: true }).fill('16:30');
  await hr.getByRole('button', { name: '保存', exact: true }).click();
  await expect(hr.locator('.field-error')).toContainText('测试小课堂');
  await expect(hr.locator('.field-error')).toContainText('小会议室');

  // 5. An employee on a phone signs up for the leader's class.
  const [empCtx, emp] = await as(browser, 'employee', PHONE);
  const employeeName = await displayName(emp);
  await emp.goto(writing);
  await hydrated(emp);
  await emp.getByRole('button', { name: '报名参加' }).click();
  await expect(emp.getByTestId('my-status')).toContainText('您已报名');
  const overflow = await emp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // 6. Another asks for leave from the first 大讲堂; a leader approves.
  const hall = await sessionHref(hr, '2027-03-25', '测试大讲堂');
  const [dlCtx, dl] = await as(browser, 'deptlead');
  const dlName = await displayName(dl);
  await dl.goto(hall);
  await hydrated(dl);
  await dl.getByLabel('请假事由').fill('外出公务');
  await dl.getByRole('button', { name: '申请请假' }).click();
  await expect(dl.getByTestId('my-status')).toContainText('请假待审批');
  await leader.goto('/lectures/leave');
  await hydrated(leader);
  const request = leader.locator('tbody tr', { hasText: dlName }).filter({ hasText: '测试大讲堂' });
  await request.getByRole('button', { name: '批准', exact: true }).click();
  await expect(request).toHaveCount(0);
  await dl.reload();
  await hydrated(dl);
  await expect(dl.getByTestId('my-status')).toContainText('请假已批准');
  await expect(dl.getByTestId('bell-count')).toBeVisible();
  // Marking the notices read is a plain form: the page and the bell show none unread at once.
  await dl.goto('/notices');
  await expect(dl.locator('ul.notices li.unread').first()).toBeVisible();
  await dl.getByRole('button', { name: '全部标为已读' }).click();
  await expect(dl).toHaveURL(/\/notices$/);
  await expect(dl.locator('ul.notices li.unread')).toHaveCount(0);
  await expect(dl.getByTestId('bell-count')).toHaveCount(0);

  // 7. A session running now, for everyone; HR opens the room screen.
  let now = chinaNow();
  if (now.minutes >= 23 * 60 + 55) {
    await hr.waitForTimeout((24 * 60 - now.minutes + 1) * 60_000);
    now = chinaNow();
  }
  // Started five minutes ago: within the 10-minute grace, a check-in now is 出勤.
  const start = Math.max(0, now.minutes - 5);
  const end = now.minutes + 2;
  await hr.goto('/lectures/new');
  await hydrated(hr);
  await hr.getByLabel('课程题目').fill('签到测试');
  await hr.getByLabel('日期', { exact: true }).fill(now.date);
  await hr.getByLabel('开始', { exact: true }).fill(clock(start));
  await hr.getByLabel('结束', { exact: true }).fill(clock(end));
  await hr.getByLabel('全体职工').check();
  await hr.getByRole('button', { name: '保存', exact: true }).click();
  await expect(hr).toHaveURL(/\/lectures\/\d+$/);
  const running = new URL(hr.url()).pathname;
  await hr.getByRole('link', { name: '签到屏幕' }).click();
  await hydrated(hr);
  await expect(hr.locator('.qr svg')).toBeVisible();
  const checkinUrl = await hr.getByTestId('checkin-url').getAttribute('href');
  expect(checkinUrl).toContain(`${running}/checkin?c=`);
  const scannedAt = Date.now();

  // The same screen without JavaScript reloads itself (the code lasts 30 seconds).
  const screenCtx = await browser.newContext({ javaScriptEnabled: false });
  const screen = await screenCtx.newPage();
  await screen.goto('/login');
  await screen.getByLabel('用户名').fill('hr');
  await screen.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await screen.getByRole('button', { name: '登录' }).click();
  await expect(screen).toHaveURL(/\/$/);
  let screenLoads = 0;
  screen.on('load', () => screenLoads++);
  await screen.goto(`${running}/screen`);
  await expect(screen.locator('.qr svg')).toBeVisible();
  await expect(screen.getByTestId('screen-count')).toContainText('已签到');

  // 8. The employee scans with JavaScript off: logs in, comes back, checks in.
  const noJs = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const scan = await noJs.newPage();
  await scan.goto(checkinUrl!);
  await expect(scan).toHaveURL(/\/login\?next=/);
  await scan.getByLabel('用户名').fill('employee');
  await scan.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await scan.getByRole('button', { name: '登录' }).click();
  await expect(scan).toHaveURL(/\/checkin\?c=/);
  await scan.getByRole('button', { name: '确认签到' }).click();
  await expect(scan).toHaveURL(/\/checkin\?done=1$/);
  await expect(scan.getByTestId('checked-in')).toContainText('出勤');

  // 9. A photo of the code, a minute later, no longer works.
  const late = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const photo = await late.newPage();
  await photo.goto('/login');
  await photo.getByLabel('用户名').fill('leader');
  await photo.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await photo.getByRole('button', { name: '登录' }).click();
  await expect(photo).toHaveURL(/\/$/);
  await photo.waitForTimeout(Math.max(0, scannedAt + 61_000 - Date.now()));
  await photo.goto(checkinUrl!);
  await photo.getByRole('button', { name: '确认签到' }).click();
  await expect(photo.getByRole('alert')).toContainText('二维码已过期');
  // Meanwhile the screen without script has reloaded itself at least once, with a fresh code.
  expect(screenLoads).toBeGreaterThanOrEqual(2);
  await expect(screen.getByTestId('screen-count')).toContainText('已签到 1');
  await expect(screen.getByTestId('checkin-url')).not.toHaveAttribute('href', checkinUrl!);

  // 10. After the end: the employee 出勤 with 学时, the leader (no valid check-in) 缺勤.
  const endsAt = Date.parse(`${now.date}T${clock(end)}:00+08:00`);
  await hr.waitForTimeout(Math.max(0, endsAt + 3_000 - Date.now()));
  await hr.goto(`${running}/attendance?status=present`);
  await hydrated(hr);
  const present = hr.locator('tbody tr', { hasText: employeeName });
  await expect(present.getByTestId('standing')).toHaveText('出勤');
  await expect(present.locator('td[data-label="学时"]')).not.toHaveText('0');
  await expect(hr.getByTestId('attendance-summary')).toContainText('出勤 1');
  await leader.goto('/lectures/mine');
  await hydrated(leader);
  await expect(leader.locator('tbody tr', { hasText: '签到测试' }).locator('.status')).toHaveText('缺勤');

  // HR corrects the list by hand: a choice on the leader's row, one save for the page.
  await hr.goto(`${running}/attendance`);
  await hydrated(hr);
  const leaderRow = hr.locator('tbody tr', { hasText: leaderName });
  await expect(leaderRow.getByTestId('standing')).toHaveText('缺勤');
  await leaderRow.getByRole('radio', { name: '迟到' }).check();
  await hr.getByRole('button', { name: '保存出勤' }).first().click();
  await expect(hr.getByTestId('flash')).toContainText('已保存 1 人的出勤');
  await expect(hr.locator('tbody tr', { hasText: leaderName }).getByTestId('standing')).toHaveText('迟到');
  await expect(hr.locator('tbody tr', { hasText: employeeName }).getByTestId('standing')).toHaveText('出勤');

  // 11. The employee's calendar feed parses and holds their sessions.
  await emp.goto('/lectures/mine');
  await hydrated(emp);
  await expect(emp.getByTestId('year-hours')).toBeVisible();
  await emp.getByRole('button', { name: '生成订阅地址' }).click();
  const feedUrl = (await emp.getByTestId('feed-url').innerText()).trim();
  const feed = await emp.request.get(feedUrl);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const ics = await feed.text();
  const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/).filter((l) => l.length);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines[lines.length - 1]).toBe('END:VCALENDAR');
  for (const l of lines) expect(l).toMatch(/^[A-Z-]+(;[^:]*)?:/);
  expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBe(lines.filter((l) => l === 'END:VEVENT').length);
  expect(lines).toContain('SUMMARY:签到测试');
  expect(lines).toContain('SUMMARY:公文写作：请示的写法');

  // 12. Editing a series asks, in the form, whether the scheduled sessions follow.
  await hr.goto('/lectures/series');
  await hr.locator('tbody tr', { hasText: '测试小课堂' }).getByRole('link', { name: '编辑' }).click();
  await hydrated(hr);
  await expect(hr.getByLabel('系列名称')).toHaveValue('测试小课堂');
  await expect(hr.getByLabel('允许自愿报名')).toBeChecked();
  await hr.getByLabel('时长（分钟）').fill('60');
  await hr.getByLabel('只保存系列设置，已排出的课程不变').check();
  await hr.getByRole('button', { name: '保存', exact: true }).click();
  await expect(hr).toHaveURL(/\/lectures\/series$/);
  await hr.goto(writing);
  await expect(hr.getByTestId('session-time')).toContainText('15:00–16:30');

  for (const c of [leaderCtx, hrCtx, empCtx, dlCtx, noJs, late, screenCtx]) await c.close();
});
