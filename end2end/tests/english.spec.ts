import { expect, Page, test } from '@playwright/test';
import { crawl, loginOk } from './helpers';

// English is whole: every page each role reaches, in English, has no Chinese in its headings,
// labels, buttons, menus, table headers, hints, notes and messages. Only data (names, 部室, course
// titles …) may stay Chinese: the pages mark data inside such elements with translate="no".

const ROLES = ['admin', 'hr', 'leader', 'deptlead', 'employee'];
const INTERFACE = 'h1, h2, h3, h4, label, button, summary, th, legend, caption, nav a, a.button, .hint, .alert, .empty, .tag, dt, [role=status]';

/** The interface texts of the page that contain Chinese, data (translate="no") and table cells left out. */
async function chineseIn(page: Page): Promise<string[]> {
  return page.evaluate((sel) => {
    const han = /[\u3400-\u9fff]/;
    const out = new Set<string>();
    for (const el of Array.from(document.querySelectorAll(sel))) {
      if (el.closest('[translate="no"]') || el.closest('td')) continue;
      const copy = el.cloneNode(true) as HTMLElement;
      for (const d of Array.from(copy.querySelectorAll('[translate="no"], td, option, select'))) d.remove();
      const text = (copy.textContent || '').replace(/\s+/g, ' ').trim();
      if (han.test(text)) out.add(`<${el.tagName.toLowerCase()}> ${text.slice(0, 120)}`);
    }
    return [...out];
  }, INTERFACE);
}

async function setLocale(page: Page, locale: 'En' | 'Zh') {
  const res = await page.request.post('/api/set_locale', { form: { locale } });
  expect(res.status()).toBe(200);
}

for (const role of ROLES) {
  test(`every page reads in English, as ${role}`, async ({ page }) => {
    test.setTimeout(10 * 60_000);
    await loginOk(page, role);
    await setLocale(page, 'En');
    const problems: string[] = [];
    try {
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      const pages = await crawl(page, async (url) => {
        await page.goto(url);
        for (const t of await chineseIn(page)) problems.push(`${new URL(url).pathname}${new URL(url).search}: ${t}`);
      });
      expect(pages.length).toBeGreaterThan(1);
    } finally {
      await setLocale(page, 'Zh');
    }
    expect(problems.join('\n'), `Chinese interface texts on ${role}'s pages in English`).toBe('');
  });
}
