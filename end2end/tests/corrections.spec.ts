import { expect, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';

test('an employee asks for a correction and HR approves it', async ({ page, browser }) => {
  await loginOk(page, 'employee');
  await page.goto('/me');
  await hydrated(page);
  await page.getByLabel('更正项目').selectOption({ label: '联系电话' });
  await page.getByLabel('正确内容').fill('13955556666');
  await page.getByLabel('说明（可选）').fill('手机号已更换');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('已提交，请等待人事部门审核。')).toBeVisible();
  await expect(page.getByTestId('correction-status').first()).toHaveText('待审核');

  const ctx = await browser.newContext();
  const hr = await ctx.newPage();
  await loginOk(hr, 'hr');
  await hr.goto('/roster/corrections');
  await hydrated(hr);
  const row = hr.locator('tbody tr', { hasText: '13955556666' });
  await expect(row).toBeVisible();
  // Approving asks first (a confirmation holding the real button), then the queue reloads.
  await row.locator('summary', { hasText: '批准' }).click();
  await row.getByRole('button', { name: '确认批准' }).click();
  await expect(hr.getByText('已批准，档案已更正。')).toBeVisible();
  await expect(hr.getByText('没有这类申请。')).toBeVisible();
  await ctx.close();

  await page.reload();
  await expect(page.getByTestId('correction-status').first()).toHaveText('已批准，已更正');
  await expect(page.locator('dd[data-field="联系电话"]')).toHaveText('13955556666');
});
