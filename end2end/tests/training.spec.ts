import { expect, Page, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';
import { xlsx } from './xlsx';

// 学时 and scores: an employee on a phone without JavaScript sees their progress and their own
// scores and submits training taken elsewhere; HR approves it and the hours count; HR creates an
// assessment, imports scores with one bad row, fixes it and imports; a 部室 leader sees only their
// 部室's completion.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

async function hoursDone(page: Page): Promise<number> {
  const text = (await page.getByTestId('hours-done').innerText()).trim();
  return Number(text.split('/')[0].trim());
}

test('an employee follows their 学时 on a phone and submits external training; HR approves it', async ({ browser }) => {
  test.setTimeout(3 * 60_000);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const phone = await ctx.newPage();
  await phone.goto('/login');
  await phone.getByLabel('用户名').fill('employee');
  await phone.getByLabel('密码', { exact: true }).fill('demo12345');
  await phone.getByRole('button', { name: '登录' }).click();
  await expect(phone.getByRole('button', { name: '退出' })).toBeVisible();

  await phone.goto('/me');
  await expect(phone.getByTestId('hours-progress')).toBeVisible();
  await phone.getByRole('link', { name: '学时明细、考核成绩与外部培训申报' }).click();
  await expect(phone).toHaveURL(/\/me\/training$/);
  await expect(phone.getByRole('progressbar', { name: '学时进度' })).toBeVisible();
  const before = await hoursDone(phone);
  await expect(phone.locator('#ledger tbody tr').first()).toBeVisible();
  await expect(phone.locator('#my-scores')).toContainText('公文写作结业考试');
  await expect(phone.locator('#my-scores')).toContainText('服务技能实操考核');
  await expect(phone.locator('#externals')).toContainText('待审核');

  // The form is plain HTML: it works before (or without) the wasm.
  const title = `机关食堂管理培训${Date.now() % 100000}`;
  await phone.getByLabel('培训名称').fill(title);
  await phone.getByLabel('举办单位').fill('省机关事务管理局');
  await phone.getByLabel('开始日期').fill(chinaToday());
  await phone.getByLabel('结束日期').fill(chinaToday());
  await phone.getByLabel('学时', { exact: true }).fill('12');
  await phone.getByRole('button', { name: '提交申报' }).click();
  await expect(phone).toHaveURL(/\/me\/training\?submitted=1$/);
  await expect(phone.getByTestId('external-submitted')).toBeVisible();
  await expect(phone.locator('#externals tr', { hasText: title })).toContainText('待审核');
  expect(await hoursDone(phone)).toBe(before);

  // HR approves it from the queue.
  const hrCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await hrCtx.newPage();
  await loginOk(hr, 'hr');
  await hr.goto('/assessment/hours');
  await hydrated(hr);
  await expect(hr.locator('#dept-completion tbody tr').first()).toBeVisible();
  await expect(hr.getByTestId('quota-rules')).toContainText('90 学时');
  const row = hr.locator('#external-queue tr', { hasText: title });
  await row.getByRole('button', { name: '通过' }).click();
  await expect(hr.locator('#external-queue tr', { hasText: title })).toHaveCount(0);

  await phone.goto('/me/training');
  await expect(phone.locator('#externals tr', { hasText: title })).toContainText('已通过');
  expect(await hoursDone(phone)).toBeCloseTo(before + 12, 5);
  await expect(phone.locator('#ledger')).toContainText(title);
  await ctx.close();
  await hrCtx.close();
});

test('HR imports scores with one bad row, fixes it and imports', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await loginOk(page, 'hr');
  // Three people from the roster.
  await page.goto('/roster?page=2');
  await hydrated(page);
  const links = page.locator('table.data tbody tr td a[href^="/roster/"]');
  const people: { id: string; name: string }[] = [];
  for (let i = 0; i < (await links.count()) && people.length < 3; i++) {
    const id = (await links.nth(i).getAttribute('href'))!.split('/').pop()!;
    const name = (await links.nth(i).innerText()).trim();
    if (!people.some((p) => p.name === name)) people.push({ id, name });
  }
  expect(people).toHaveLength(3);

  await page.goto('/assessment/exams');
  await hydrated(page);
  const title = `安全生产知识考试${Date.now() % 100000}`;
  await page.getByLabel('考核名称').fill(title);
  await page.getByLabel('考核日期').fill(chinaToday());
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page).toHaveURL(/\/assessment\/exams\/\d+$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await hydrated(page);

  await page.getByText('用 Excel 导入成绩').click();
  const header = ['人员编号', '姓名', '成绩'];
  const file = page.getByLabel(/选择文件/);
  const bad = xlsx([header, [people[0].id, people[0].name, '92'], [people[1].id, people[1].name, '九十'], [people[2].id, people[2].name, '58']]);
  await file.setInputFiles({ name: 'bad.xlsx', mimeType: XLSX, buffer: bad });
  await page.getByRole('button', { name: '检查文件' }).click();
  await expect(page.getByTestId('import-problems')).toContainText('1 个问题');
  const problem = page.locator('table.data tr', { hasText: '成绩“九十”' });
  await expect(problem).toContainText('C 成绩');
  await expect(problem.locator('td').first()).toHaveText('3');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  const good = xlsx([header, [people[0].id, people[0].name, '92'], [people[1].id, people[1].name, '90'], [people[2].id, people[2].name, '58']]);
  await file.setInputFiles({ name: 'good.xlsx', mimeType: XLSX, buffer: good });
  await page.getByRole('button', { name: '检查文件' }).click();
  await expect(page.getByTestId('sheet-import')).toContainText('将登记 3 人');
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('sheet-import')).toContainText('已导入：新增 3 人');
  await expect(page.getByTestId('exam-stats')).toContainText('3 人');
  await expect(page.getByTestId('exam-stats')).toContainText('平均 80.0');
  await expect(page.getByTestId('exam-stats')).toContainText('合格率 66.7%');
  await expect(page.locator('#scores tbody tr')).toHaveCount(3);
  await expect(page.getByRole('img', { name: '成绩分布' })).toBeVisible();

  // One score corrected by hand: every score is a field of one form with one button.
  await page.getByLabel(`${people[2].name} 的成绩`).fill('61');
  await page.getByRole('button', { name: '保存成绩' }).click();
  await expect(page.getByTestId('flash')).toContainText('已保存 1 人的成绩');
  await expect(page.getByTestId('exam-stats')).toContainText('合格率 100.0%');
});

test('a 部室 leader sees their 部室 only', async ({ page }) => {
  await loginOk(page, 'deptlead');
  await page.goto('/assessment/hours');
  await hydrated(page);
  await expect(page.locator('#dept-completion tbody tr')).toHaveCount(1);
  await expect(page.locator('#dept-completion')).toContainText('餐饮服务部');
  await expect(page.locator('#external-queue')).toHaveCount(0);
  await expect(page.getByLabel('乡科级及以下每年学时')).toHaveCount(0);
});

test('HR enters annual grades and the grade beyond the 优秀 cap is refused', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await loginOk(page, 'hr');
  // This year: the demo has graded last year already.
  const year = chinaToday().slice(0, 4);
  await page.goto(`/assessment/grades?year=${year}`);
  await hydrated(page);
  await expect(page.getByTestId('excellent-rule')).toContainText('20%');
  // The 部室 with the fewest people: its cap is reached first.
  const depts = page.locator('#grade-depts tbody tr');
  const n = await depts.count();
  let pick = 0;
  let fewest = 1e9;
  for (let i = 0; i < n; i++) {
    const people = Number((await depts.nth(i).locator('td').first().innerText()).trim());
    if (people >= 5 && people < fewest) {
      fewest = people;
      pick = i;
    }
  }
  const deptName = (await depts.nth(pick).locator('th').innerText()).trim();
  await depts.nth(pick).locator('th a').click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${deptName}`) })).toBeVisible();
  await hydrated(page);
  const cap = Math.floor((fewest * 20) / 100);
  // Grade people 优秀 one after another until the cap refuses one, with the numbers.
  const rows = page.locator('#grades tbody tr').filter({ has: page.locator('select') });
  let given = 0;
  for (let i = 0; i < (await rows.count()) && given <= cap; i++) {
    const row = rows.nth(i);
    const options = await row.locator('select option').allInnerTexts();
    if (!options.includes('优秀')) continue;
    await row.locator('select').selectOption('优秀');
    await row.getByRole('button', { name: '保存' }).click();
    if (given < cap) {
      await expect(page.locator('#grade-depts tr', { hasText: deptName })).toContainText(`${given + 1} / ${cap}`);
    } else {
      // The refusal: beside the grade (with the form island), or above the table after a plain post.
      const refusal = page.getByRole('alert').filter({ hasText: '优秀比例超出上限' });
      await expect(refusal).toContainText(`优秀最多 ${cap} 人`);
    }
    given++;
  }
  expect(given).toBe(cap + 1);
  await expect(page.locator('#grade-depts tr', { hasText: deptName })).toContainText(`${cap} / ${cap}`);
});

test('the annual summary shows its numbers and exports', async ({ page }) => {
  await loginOk(page, 'leader');
  await page.goto('/assessment/summary');
  await hydrated(page);
  const text = page.getByTestId('summary-text');
  await expect(text).toContainText(/开展培训\d+场、参训\d+人次、人均学时[\d.]+、平均满意度[\d.]+/);
  await expect(page.getByRole('img', { name: '按月份' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出（.xlsx）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^年度培训统计-\d{4}\.xlsx$/);
  // The ranking shows its method; the employee's own archive prints.
  await page.goto('/assessment/ranking');
  await hydrated(page);
  await expect(page.getByTestId('ranking-method')).toContainText('出勤率 30%');
  await expect(page.locator('#dept-ranking tbody tr').first()).toBeVisible();
});

test('an employee reads their own archive and writes a 学以致用 note', async ({ page }) => {
  await loginOk(page, 'employee');
  await page.goto('/me/archive');
  await expect(page.getByRole('heading', { name: /个人培训档案/ })).toBeVisible();
  await expect(page.locator('#archive-years tbody tr').first()).toBeVisible();
  await expect(page.locator('#archive-scores')).toContainText('公文写作结业考试');
  // Someone else's archive is not reachable by id.
  const res = await page.request.post('/api/training_archive', { form: { person_id: '99999999' } });
  expect(res.status()).toBe(403);

  // A session asked for a follow-up: the note is written on 我的学时.
  await page.goto('/me/training');
  await hydrated(page);
  const task = page.locator('#followups li').filter({ has: page.locator('textarea') }).first();
  await expect(task).toBeVisible();
  await task.locator('textarea').fill('把课上讲的请示写法用在了本部室的年度经费请示中，一次通过。');
  await task.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByTestId('followup-saved')).toBeVisible();
});
