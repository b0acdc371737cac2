import { expect, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';

// The browser code is split by route: the login and home pages load no page's chunk (我的 and the
// password page are chunks too); following a link to a module loads that module's chunk, and the
// page then works; a deep link works directly.

test('navigating between modules loads their chunks; a deep link hydrates directly', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop()!;
    if (name.endsWith('.wasm')) wasm.push(name);
  });
  await page.goto('/login');
  await hydrated(page);
  expect(wasm.filter((n) => n.startsWith('split_')), 'the login page loads no page chunk').toEqual([]);
  await loginOk(page, 'hr');
  await page.goto('/');
  await hydrated(page);
  expect(wasm.filter((n) => n.startsWith('split_')), 'the home page loads no page chunk').toEqual([]);

  // 我的 from the home page's card: its chunk loads and the page is live (the language switch).
  await page.locator('section.cards').getByRole('link', { name: /个人中心/ }).click();
  await expect(page.getByRole('heading', { name: '我的信息' })).toBeVisible();
  await expect.poll(() => wasm.some((n) => n.startsWith('split___me_route_view'))).toBe(true);
  await page.goto('/');
  await hydrated(page);

  await page.locator('nav.mainnav').getByRole('link', { name: '花名册' }).click();
  await expect(page.getByRole('heading', { name: '花名册' })).toBeVisible();
  await expect.poll(() => wasm.some((n) => n.startsWith('split___roster_route_view'))).toBe(true);
  // The page is live: a filter navigates on the client.
  await page.getByLabel('性别').selectOption('女');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/sex=%E5%A5%B3/);
  await expect(page.locator('tbody tr').first()).toBeVisible();

  await page.getByRole('link', { name: '统计' }).click();
  await expect(page.getByRole('heading', { name: '人员统计' })).toBeVisible();
  await expect.poll(() => wasm.some((n) => n.startsWith('split___stats_route_view'))).toBe(true);

  // A deep link straight into a module page (a fresh load).
  wasm.length = 0;
  await page.goto('/roster/units');
  await hydrated(page);
  expect(wasm.some((n) => n.startsWith('split___units_route_view'))).toBe(true);
  await expect(page.getByRole('heading', { name: '部室与编制' })).toBeVisible();
});
