import { Browser, expect, Page, test } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { hydrated, loginOk, login } from './helpers';
import { xlsx } from './xlsx';

// Course ratings: HR holds a session (two days ago, for everyone, taught by a colleague) and records
// six attendees from a sheet; four of them rate on a phone (one without JavaScript), a second rating
// and a non-attendee are refused; while rating is open the lecturer sees only the count, even after
// the fifth rating; HR sees who has not rated (not what anyone gave) and reminds them; once rating
// has closed (HR shortens the window) the means and comments appear, and a longer window set again
// does not reopen it; the leader finds the session ranked; an employee sees none of the results.

const PASSWORD = 'Pingjia2026x';
const port = Number(process.env.YUCAI_E2E_PORT || 3100);
const bin = process.env.YUCAI_BIN || path.resolve(__dirname, '../../target/release/yucai');
const db = path.join(os.tmpdir(), `yucai-e2e-${port}.db`);

/** An employee account for a roster person, made with the command-line tool; false when the person has one. */
function account(username: string, name: string, person: string): boolean {
  try {
    execFileSync(bin, ['user', 'add', '--name', name, '--person', person, username], {
      input: `${PASSWORD}\n`,
      env: { ...process.env, DATABASE_URL: `sqlite:${db}`, RUST_LOG: 'error' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return true;
  } catch {
    return false;
  }
}

async function asUser(browser: Browser, username: string, phone = true, javaScriptEnabled = true): Promise<Page> {
  const ctx = await browser.newContext({ viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await ctx.newPage();
  if (javaScriptEnabled) {
    await login(page, username, PASSWORD);
    await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  } else {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  }
  return page;
}

async function rate(page: Page, session: string, score: number, comment: string, js = true) {
  await page.goto(`/lectures/${session}/rate`);
  if (js) await hydrated(page);
  const scales = page.locator('fieldset.rating-scale');
  const n = await scales.count();
  expect(n).toBe(5); // four indicators and the overall score
  for (let i = 0; i < n; i++) await scales.nth(i).getByText(`${score} 分`, { exact: true }).click();
  await page.getByLabel('意见建议（选填）').fill(comment);
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rated')).toBeVisible();
}

test('attendees rate on a phone; results appear once rating has closed; HR reminds the rest', async ({ browser }) => {
  test.setTimeout(4 * 60_000);
  const hrCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await hrCtx.newPage();
  hr.on('dialog', (d) => d.accept());
  await loginOk(hr, 'hr');
  const stamp = String(Date.now() % 100000);

  // Eight colleagues get accounts: six attend, one teaches, one stays away.
  await hr.goto('/roster?page=2');
  await hydrated(hr);
  const links = hr.locator('table.data tbody tr td a[href^="/roster/"]');
  const people: { id: string; name: string; user: string }[] = [];
  for (let i = 0; i < (await links.count()) && people.length < 8; i++) {
    const id = (await links.nth(i).getAttribute('href'))!.split('/').pop()!;
    const name = (await links.nth(i).innerText()).trim();
    if (people.some((p) => p.name === name)) continue;
    const user = `r${stamp}x${people.length}`;
    if (account(user, name, id)) people.push({ id, name, user });
  }
  expect(people).toHaveLength(8);
  const [attendees, lecturer, away] = [people.slice(0, 6), people[6], people[7]];

  // A session two days ago, for everyone, taught by the colleague.
  const yesterday = new Date(Date.now() + 8 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
  const title = `评价测试${stamp}`;
  // LOCAL ONLY: the lectures pages are another area's; the session and attendance through their server functions.
  const opts = await (await hr.request.post('/api/lecture_options')).json();
  const cat = String(opts.categories[0].id);
  const made = await hr.request.post('/api/lecture_session_save', { form: {
    'input[title]': title, 'input[kind]': '专题培训', 'input[category_id]': cat, 'input[date]': yesterday,
    'input[start]': '09:00', 'input[end]': '10:30', 'input[hours]': '', 'input[materials_md]': '', 'input[summary_md]': '',
    'input[enrol_deadline]': '', 'input[open_enrolment]': 'false', 'input[audience][everyone]': 'true',
    'input[lecturers][0][person_id]': lecturer.id, 'input[lecturers][0][name]': lecturer.name, 'input[lecturers][0][org]': '', 'input[lecturers][0][title]': '',
  } });
  expect(made.status(), await made.text()).toBe(200);
  const session = String(await made.json());
  for (const p of attendees) {
    const r = await hr.request.post('/api/lecture_mark', { form: { session_id: session, person_id: p.id, status: 'present' } });
    expect(r.status(), await r.text()).toBe(200);
  }

  // Four rate on phones, the fourth without JavaScript; a second rating and a non-attendee are refused.
  const comments = ['案例很实用', '希望多留提问时间', '', '讲得很清楚'];
  for (let i = 0; i < 4; i++) {
    const js = i !== 3;
    const page = await asUser(browser, attendees[i].user, true, js);
    await rate(page, session, 5 - (i % 2), comments[i], js);
    if (i === 0) {
      await page.goto(`/lectures/${session}/rate`);
      await hydrated(page);
      await expect(page.getByTestId('rating-closed')).toContainText('已评价');
    }
    await page.context().close();
  }
  const stranger = await asUser(browser, away.user);
  await stranger.goto(`/lectures/${session}/rate`);
  await hydrated(stranger);
  await expect(stranger.getByTestId('rating-closed')).toContainText('只有签到出勤');
  await expect(stranger.getByRole('button', { name: '提交评价' })).toHaveCount(0);
  await stranger.context().close();

  // The lecturer: the count, not the results, while rating is open, even from the fifth rating.
  const teacher = await asUser(browser, lecturer.user, false);
  await teacher.goto(`/lectures/${session}/ratings`);
  await hydrated(teacher);
  await expect(teacher.getByTestId('rating-counts')).toContainText('已评价 4 人');
  await expect(teacher.getByTestId('rating-hidden')).toBeVisible();
  await expect(teacher.locator('#rating-comments')).toHaveCount(0);
  const fifth = await asUser(browser, attendees[4].user);
  await rate(fifth, session, 4, '时间安排合理');
  await fifth.context().close();
  await teacher.reload();
  await hydrated(teacher);
  await expect(teacher.getByTestId('rating-counts')).toContainText('已评价 5 人');
  await expect(teacher.getByTestId('rating-hidden')).toContainText('评价截止后显示结果');
  await expect(teacher.getByTestId('overall-mean')).toHaveCount(0);

  // HR: who has not rated (the sixth), and a reminder.
  await hr.goto(`/lectures/${session}/ratings`);
  await hydrated(hr);
  await expect(hr.locator('#not-rated tbody tr')).toHaveCount(1);
  await expect(hr.locator('#not-rated')).toContainText(attendees[5].name);
  await expect(hr.getByTestId('overall-mean')).toHaveCount(0);
  await hr.getByRole('button', { name: '发送评价提醒' }).click();
  await expect(hr.getByText('已向 1 人发送提醒。')).toBeVisible();

  // HR closes rating early (a one-day window): the results appear for the lecturer.
  const setWindow = async (days: string) => {
    await hr.goto('/assessment');
    await hydrated(hr);
    await hr.getByLabel('评价期限（课程结束后天数）').fill(days);
    await hr.locator('form', { has: hr.getByLabel('评价期限（课程结束后天数）') }).getByRole('button', { name: '保存' }).click();
    await expect(hr.getByText('已保存')).toBeVisible();
  };
  await setWindow('1');
  await teacher.reload();
  await hydrated(teacher);
  await expect(teacher.getByTestId('overall-mean')).toContainText('5 份评价');
  await expect(teacher.locator('#rating-indicators tbody tr')).toHaveCount(4);
  await expect(teacher.locator('#rating-comments li')).toHaveCount(4);
  await expect(teacher.locator('#not-rated')).toHaveCount(0);
  await teacher.context().close();
  // The default window again: the session stays closed, the sixth is too late.
  await setWindow('7');
  const late = await asUser(browser, attendees[5].user);
  await late.goto(`/lectures/${session}/rate`);
  await hydrated(late);
  await expect(late.getByTestId('rating-closed')).toContainText('截止');
  await late.context().close();
  await hrCtx.close();

  // The leader finds it ranked, with the method stated; an employee sees no results.
  const leaderCtx = await browser.newContext();
  const leader = await leaderCtx.newPage();
  await loginOk(leader, 'leader');
  await leader.goto('/assessment');
  await hydrated(leader);
  await expect(leader.getByTestId('ranking-method')).toContainText('平均分');
  await expect(leader.locator('#rank-sessions')).toContainText(title);
  await leaderCtx.close();
  const empCtx = await browser.newContext();
  const emp = await empCtx.newPage();
  await loginOk(emp, 'employee');
  await emp.goto(`/lectures/${session}/ratings`);
  await hydrated(emp);
  await expect(emp.getByText(/无权/)).toBeVisible();
  await expect(emp.getByTestId('overall-mean')).toHaveCount(0);
  const res = await emp.goto('/assessment');
  expect(res?.status()).toBe(403);
  await empCtx.close();
});
