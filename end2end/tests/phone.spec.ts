import { expect, test } from '@playwright/test';
import { hydrated } from './helpers';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('an employee on a phone sees their record and sessions and can switch language', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('用户名').fill('employee');
  await page.getByLabel('密码', { exact: true }).fill('demo12345');
  await page.getByLabel('在此设备保持登录').check();
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await hydrated(page);

  // Nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.locator('nav.mainnav').getByRole('link', { name: '我的' }).click();
  await expect(page.getByRole('heading', { name: '我的信息' })).toBeVisible();
  await expect(page.getByText('保持登录')).toBeVisible();
  await expect(page.getByText('当前设备')).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'My record' })).toBeVisible();
  await expect(page.locator('nav.mainnav')).toContainText('Home');
  // The switch is a plain form: the page comes back in the new language.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '我的信息' })).toBeVisible();
});

