import { expect, test } from '@playwright/test';
import { PASSWORD } from './helpers';

// Forms an employee uses on a phone work as plain HTML forms, before (or without) the wasm: the
// same server checks, the same messages.
test.use({ javaScriptEnabled: false });

test('without JavaScript: a wrong password is refused, then an employee logs in and asks for a correction', async ({ page }) => {
  await page.goto('/login?next=%2Fme');
  await page.getByLabel('用户名').fill('employee');
  await page.getByLabel('密码', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');

  await page.getByLabel('用户名').fill('employee');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { name: '我的信息' })).toBeVisible();
  // The record is in the page itself, not in a template a script would move into place.
  await expect(page.locator('dd[data-field="姓名"]')).not.toHaveText('—');

  // A value the server refuses comes back with its message under the field.
  await page.getByLabel('更正项目').selectOption({ label: '出生日期' });
  await page.getByLabel('正确内容').fill('去年');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.locator('.field-error')).toBeVisible();

  await page.getByLabel('更正项目').selectOption({ label: '联系电话' });
  await page.getByLabel('正确内容').fill('13977778888');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page).toHaveURL(/\/me\?submitted=1$/);
  await expect(page.getByText('已提交，请等待人事部门审核。')).toBeVisible();
  await expect(page.locator('tbody tr', { hasText: '13977778888' }).getByTestId('correction-status')).toHaveText('待审核');
});

test('without JavaScript: changing the password reports a problem on the page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/password');
  await page.getByLabel('当前密码').fill('wrong-password');
  await page.getByLabel('新密码', { exact: true }).fill('Another-pass-2026');
  await page.getByLabel('确认新密码').fill('Another-pass-2026');
  await page.getByRole('button', { name: '保存' }).click();
  // Back on the page (not a JSON answer), with the message under its field.
  await expect(page).toHaveURL(/\/password\?/);
  await expect(page.locator('.field-error')).toHaveText('当前密码不正确');
});
