import { expect, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';

// Pages are HTML from the server: a page without an island loads no wasm at all, and the phone pages
// an employee uses most hold none. A page with an island loads one JS and one wasm file, and the
// island works.

test('pages without islands load no wasm; with one, the island wakes and works', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r.url());
  });
  await page.goto('/login');
  await hydrated(page);
  expect(wasm, 'the login page loads no wasm').toEqual([]);
  await loginOk(page, 'employee');
  for (const path of ['/', '/me', '/reserve/ballot', '/notices']) {
    await page.goto(path);
    await hydrated(page);
    expect(wasm, `${path} loads no wasm`).toEqual([]);
  }

  // A printable page has the print island: its button appears once the island has woken.
  await page.goto('/me/archive');
  await hydrated(page);
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
  expect(wasm.length, 'one wasm file').toBe(1);
});
