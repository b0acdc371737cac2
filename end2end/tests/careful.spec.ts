import { expect, test } from '@playwright/test';
import { loginOk } from './helpers';

// What a careful user trips over (issue 29): the scope of a list said, counts named for what
// they count, the calendar feeds signed as Yucai, the two 学时 figures explained, years without a
// holiday notice estimated and said so.

test('a 部室 head is told the lists show only their 部室, and an empty pool says so', async ({ page }) => {
  await loginOk(page, 'deptlead');
  for (const path of ['/roster', '/reserve/pool/4', '/assessment/hours']) {
    await page.goto(path);
    await expect(page.getByTestId('scope-note'), path).toContainText('仅显示');
    await expect(page.getByTestId('scope-note'), path).toContainText('餐饮服务部');
  }
  // An organisation-wide HR officer sees everything: no such line.
  const hr = await page.context().browser()!.newPage();
  await loginOk(hr, 'hr');
  await hr.goto('/roster');
  await expect(hr.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(hr.getByTestId('scope-note')).toHaveCount(0);
  await hr.close();
});

test('the annual summary counts sessions in its month, type and category tables', async ({ page }) => {
  await loginOk(page, 'leader');
  await page.goto('/assessment/summary');
  for (const name of ['按月份', '按类型', '按类别']) {
    const chart = page.locator('figure.chart', { has: page.getByRole('img', { name }) });
    await expect(chart.locator('thead th').nth(1)).toHaveText('场次');
  }
});

test('the calendar feeds are signed as Yucai', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.goto('/lectures/series');
  const href = await page.locator('a[href^="/api/series_feed"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/^PRODID:-\/\/Yucai\/\//m);
  expect(text).not.toContain('ICALENDAR-RS');
});

test('an employee reads why 我的课程 and 我的学时 show different hours', async ({ page }) => {
  await loginOk(page, 'employee');
  await page.goto('/lectures/mine');
  await expect(page.getByTestId('year-hours-scope')).toContainText('只计本单位组织的课程');
  await page.getByTestId('year-hours-scope').getByRole('link', { name: '我的学时' }).click();
  await expect(page).toHaveURL(/\/me\/training/);
  await expect(page.getByTestId('hours-scope')).toContainText('专题培训');
});

test('HR sees next year estimated on the holiday page and is reminded to enter it', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.goto('/lectures/holidays');
  const next = new Date().getFullYear() + 1;
  const row = page.getByTestId('estimated-year').filter({ hasText: String(next) });
  await expect(row).toContainText('推算');
  await expect(row).toContainText('1月1日');
  // From November on, HR's home page says so (HR officers linked to a person also get a notice,
  // tested on the server) and leads to the holiday page.
  if (new Date().getMonth() >= 10) {
    await page.goto('/');
    const reminder = page.getByTestId('holiday-reminder');
    await expect(reminder).toContainText(`请录入 ${next} 年的放假安排`);
    await reminder.getByRole('link', { name: '去录入' }).click();
    await expect(page).toHaveURL(/\/lectures\/holidays$/);
  }
  // An employee is not asked.
  const employee = await page.context().browser()!.newPage();
  await loginOk(employee, 'employee');
  await employee.goto('/');
  await expect(employee.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(employee.getByTestId('holiday-reminder')).toHaveCount(0);
  await employee.close();
});
