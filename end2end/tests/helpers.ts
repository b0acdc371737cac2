import { expect, Page } from '@playwright/test';

export const PASSWORD = 'demo12345';

/** Wait until the browser side has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="1"]', { timeout: 20_000 });
}

export async function login(page: Page, username: string, password = PASSWORD, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await hydrated(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export async function loginOk(page: Page, username: string) {
  await login(page, username);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await hydrated(page);
}

export async function navLinks(page: Page): Promise<string[]> {
  return (await page.locator('nav.mainnav a').allInnerTexts()).map((s) => s.trim());
}
