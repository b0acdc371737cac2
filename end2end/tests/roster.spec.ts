import { expect, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';

test('a department head sees only their department in the roster', async ({ page }) => {
  await loginOk(page, 'deptlead');
  await page.locator('nav.mainnav').getByRole('link', { name: '花名册' }).click();
  await expect(page.getByRole('heading', { name: '花名册' })).toBeVisible();
  // The page's code arrives first, then its data: wait for the rows.
  await expect(page.locator('table.data tbody tr').first()).toBeVisible();
  const units = await page.locator('table.data tbody td:nth-child(4)').allInnerTexts();
  expect(units.length).toBeGreaterThan(0);
  for (const u of units) expect(['餐饮服务部', '第一职工食堂', '第二职工食堂']).toContain(u.replace(/^部室：/, '').trim());
});

/** A valid ID number for a birth date (YYYYMMDD) and 3-digit sequence. */
function idNumber(birth: string, seq: string): string {
  const first = `320102${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first.split('').reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first + '10X98765432'[sum % 11];
}

test('HR sets up a department, adds a person, fixes a wrong check digit and finds them by initials', async ({ page }) => {
  page.on('dialog', (d) => d.accept());
  await loginOk(page, 'hr');
  await page.goto('/roster/units');
  await hydrated(page);
  await page.getByRole('link', { name: '新增部室' }).click();
  await page.getByLabel('名称').fill('培训发展部');
  await page.getByLabel('代码').fill('PXFZ');
  await page.getByLabel('事业编制', { exact: true }).fill('6');
  await page.getByLabel('正科级').fill('1');
  await page.getByLabel('副科级').fill('2');
  await page.getByRole('button', { name: '保存' }).click();
  const row = page.locator('table.staffing tbody tr', { hasText: '培训发展部' });
  await expect(row).toBeVisible();
  await expect(row.locator('td').first()).toHaveText('6');

  await page.goto('/roster/new');
  await hydrated(page);
  const good = idNumber('19900512', '213');
  const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
  await page.getByLabel('姓名').fill('欧阳测试');
  await page.getByLabel('出生日期').fill('1990-05-12');
  await page.getByLabel('身份证号').fill(wrong);
  await page.getByLabel('参加工作时间').fill('2012-07-01');
  await page.getByLabel('全日制学历').selectOption('大学本科');
  await page.getByLabel('部室').selectOption({ label: '　培训发展部' });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.field-error')).toContainText('校验码错误');
  // Nothing typed is lost; fix the number and save.
  await expect(page.getByLabel('姓名')).toHaveValue('欧阳测试');
  await page.getByLabel('身份证号').fill(good);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: /欧阳测试/ })).toBeVisible();
  await expect(page.locator('dd[data-field="身份证号"]')).toHaveText(`**************${good.slice(14)}`);

  // Find by pinyin initials.
  await page.goto('/roster');
  await hydrated(page);
  await page.getByLabel('姓名 / 拼音 / 身份证号').fill('oycs');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/q=oycs/);
  await expect(page.getByRole('link', { name: '欧阳测试' })).toBeVisible();

  // Reveal the full number on purpose.
  // Reveal the full number on purpose: an audited POST, asked first; the page after it shows the
  // number once.
  await page.getByRole('link', { name: '欧阳测试' }).click();
  await hydrated(page);
  await page.locator('summary', { hasText: '查看完整身份证号' }).click();
  await page.getByTestId('reveal-id').click();
  await expect(page.getByTestId('full-id')).toHaveText(good);
  await page.reload();
  await expect(page.getByTestId('full-id')).toHaveCount(0);
  await expect(page.getByText('完整身份证号只显示一次')).toBeVisible();
});

test('the statistics page renders its charts with their numbers', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.goto('/roster/stats');
  await expect(page.getByRole('heading', { name: '人员统计' })).toBeVisible();
  const charts = page.locator('figure.chart');
  await expect(charts).toHaveCount(6);
  await expect(charts.first().locator('svg rect.chart-bar').first()).toBeVisible();
  await expect(page.getByRole('img', { name: '年龄结构' })).toBeVisible();
  await expect(page.locator('figure.chart', { hasText: '性别' }).locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: /即将退休/ })).toBeVisible();
});

test('HR imports a workbook: the bad row is reported and nothing is written, then the fixed file imports; the view exports', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.goto('/roster');
  await hydrated(page);
  await page.getByRole('link', { name: 'Excel 导入' }).click();
  await expect(page.getByRole('heading', { name: 'Excel 导入' })).toBeVisible();
  await hydrated(page);
  const template = page.waitForEvent('download');
  await page.getByRole('link', { name: '下载导入模板' }).click();
  expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);

  await page.getByLabel(/选择文件/).setInputFiles('fixtures/import-bad.xlsx');
  await page.getByRole('button', { name: '检查文件' }).click();
  await expect(page.getByTestId('import-problems')).toContainText('发现 1 个问题，没有写入任何数据');
  const problem = page.locator('table.data tbody tr').first();
  await expect(problem.locator('td').nth(0)).toHaveText('3');
  await expect(problem.locator('td').nth(1)).toHaveText('B 身份证号');
  await expect(problem.locator('td').nth(2)).toContainText('校验码');

  await page.goto('/roster?q=' + encodeURIComponent('导入测试'));
  await expect(page.getByText('没有符合条件的记录。')).toBeVisible();

  await page.goto('/roster/import');
  await hydrated(page);
  await page.getByLabel(/选择文件/).setInputFiles('fixtures/import-good.xlsx');
  await page.getByRole('button', { name: '检查文件' }).click();
  await expect(page.getByTestId('sheet-import')).toContainText('文件无误，共 2 行：将新增 2 人');
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('sheet-import')).toContainText('已导入 2 行：新增 2 人');

  await page.goto('/roster?q=drcs');
  await hydrated(page);
  await expect(page.locator('table.data tbody tr')).toHaveCount(2);
  const exported = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出 Excel' }).click();
  const file = await exported;
  expect(file.suggestedFilename()).toMatch(/^花名册-\d{8}\.xlsx$/);
  const fs = await import('fs');
  expect(fs.statSync(await file.path()).size).toBeGreaterThan(3000);
});

test('HR changes a post on a record: the appointment is asked for, then recorded; accounts open in bulk on printable slips', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.goto('/roster');
  await page.locator('table.data tbody tr').first().getByRole('link').click();
  const name = (await page.locator('dd[data-field="姓名"]').innerText()).trim();
  const level = (await page.locator('dd[data-field="职务层次"]').innerText()).trim();
  const next = level === '科员' ? '办事员' : '科员';
  await page.getByRole('link', { name: '修改' }).click();
  await hydrated(page);
  await page.getByLabel('职务层次', { exact: true }).selectOption(next);
  await page.getByRole('button', { name: '保存' }).click();
  // A new level is an appointment: its fields are asked for beside them, nothing typed is lost.
  await expect(page.locator('.field', { hasText: '任免文号' }).locator('.field-error')).toContainText('任免文号必填');
  await expect(page.getByLabel('职务层次', { exact: true })).toHaveValue(next);
  await page.getByLabel('任免类别').selectOption('转任');
  await page.getByLabel('生效日期').fill('2026-03-02');
  await page.getByLabel('任免文号').fill('测试〔2026〕9号');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('flash')).toHaveText('已保存');
  await expect(page.locator('dd[data-field="职务层次"]')).toHaveText(next);
  await expect(page.locator('dd[data-field="任现职时间"]')).toHaveText('2026-03-02');
  await expect(page.locator('table.history tbody tr').first()).toContainText(next);

  await page.goto('/roster/accounts');
  await page.getByLabel('部室').selectOption({ label: '　财务审计部' });
  await page.locator('summary', { hasText: '开通账户' }).click();
  await page.getByTestId('open-accounts').click();
  await expect(page.getByRole('heading', { name: /已开通 \d+ 个账户/ })).toBeVisible();
  expect(await page.getByTestId('slip-username').count()).toBeGreaterThan(0);
  await hydrated(page);
  await expect(page.getByRole('button', { name: '打印账户通知单' })).toBeVisible();
  // The initial passwords are shown once.
  await page.reload();
  await expect(page.getByTestId('slip-username')).toHaveCount(0);
  await expect(page.getByText('账户通知单只显示一次')).toBeVisible();
});
