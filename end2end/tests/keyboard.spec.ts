import { expect, Page, test } from '@playwright/test';
import { crawl, hydrated, loginOk, PASSWORD } from './helpers';

// Keyboard only, with a visible focus ring at every step; text enlarged to 200 % loses nothing.

/** What the focused element is, and whether a focus ring shows on it. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', text: '', id: '', ring: false, inside: '' };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || (el as HTMLInputElement).value || '').trim(),
      id: el.id,
      ring: (outline || shadow) && r.width > 0 && r.height > 0,
      inside: el.closest('tbody') ? 'tbody' : el.closest('nav.mainnav') ? 'nav' : '',
    };
  });
}

type Focus = Awaited<ReturnType<typeof focused>>;

/** Press Tab (or `key`) until `want` matches the focused element; every element passed on the way shows a ring. */
async function tabTo(page: Page, want: (f: Focus) => boolean, what: string, key = 'Tab') {
  if (want(await focused(page))) return; // already there (e.g. the login form's autofocus)
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    expect(f.ring, `focus ring on <${f.tag}> “${f.text.slice(0, 30)}” (tabbing to ${what})`).toBe(true);
    if (want(f)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

test('keyboard only: log in, open the roster, filter, open a person and go back', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await tabTo(page, (f) => f.id === 'username', 'the user name');
  await page.keyboard.type('hr');
  await tabTo(page, (f) => f.id === 'password', 'the password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await hydrated(page);

  await tabTo(page, (f) => f.inside === 'nav' && f.text === '花名册', 'the roster in the menu');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '花名册' })).toBeVisible();
  const name = (await page.locator('tbody tr td a').first().innerText()).trim();

  await tabTo(page, (f) => f.id === 'f-q', 'the search box');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.locator('tbody tr td a', { hasText: name }).first()).toBeVisible();

  await tabTo(page, (f) => f.inside === 'tbody' && f.text === name, `the person ${name}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page).toHaveURL(/\/roster\/\d+$/);

  // A confirmation is modal and gives the focus back to the button that opened it.
  page.once('dialog', (d) => d.dismiss());
  await tabTo(page, (f) => f.text === '查看完整身份证号', 'the reveal button');
  await page.keyboard.press('Enter');
  expect((await focused(page)).text).toBe('查看完整身份证号');

  await tabTo(page, (f) => f.text === '返回花名册', 'back to the roster', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/roster(\?|$)/);
  await expect(page.getByRole('heading', { name: '花名册' })).toBeVisible();
});

test('text enlarged to 200 % and a 320 px wide screen lose nothing', async ({ page }) => {
  test.setTimeout(5 * 60_000);
  await loginOk(page, 'hr');
  const pages = await crawl(page);
  const problems: string[] = [];
  for (const url of pages) {
    for (const mode of ['text 200%', 'reflow 320px'] as const) {
      await page.setViewportSize(mode === 'text 200%' ? { width: 1280, height: 800 } : { width: 320, height: 640 });
      await page.goto(url);
      await hydrated(page);
      if (mode === 'text 200%') await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
      const found: string[] = await page.evaluate(() => {
        const out: string[] = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) {
          out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`);
        }
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))) {
          if (el.closest('.sr-only, .table-wrap, .mainnav') || el.classList.contains('skip')) continue;
          const s = getComputedStyle(el);
          // Visually hidden on purpose (read by screen readers only), e.g. table heads on phones.
          if (s.position === 'absolute' && el.getBoundingClientRect().width <= 1) continue;
          const clipsY = (s.overflowY === 'hidden' || s.overflowY === 'clip') && el.scrollHeight > el.clientHeight + 1;
          const clipsX = (s.overflowX === 'hidden' || s.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1;
          if ((clipsY || clipsX) && el.innerText.trim()) out.push(`text cut off in <${el.tagName.toLowerCase()} class="${el.className}">`);
        }
        return out;
      });
      problems.push(...found.map((f) => `${url} [${mode}]: ${f}`));
    }
  }
  expect(problems.join('\n')).toBe('');
});
