import { expect, test } from '@playwright/test';
import { loginOk } from './helpers';

test('a department head sees only their department in the roster', async ({ page }) => {
  await loginOk(page, 'deptlead');
  await page.locator('nav.mainnav').getByRole('link', { name: '花名册' }).click();
  await expect(page.getByRole('heading', { name: '花名册' })).toBeVisible();
  const units = await page.locator('table.data tbody td:nth-child(4)').allInnerTexts();
  expect(units.length).toBeGreaterThan(0);
  for (const u of units) expect(['餐饮服务部', '第一职工食堂', '第二职工食堂']).toContain(u.replace(/^部室：/, '').trim());
});
