import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { crawl, loginOk } from './helpers';

// Every page, as every demo role, in one pass per role:
// - it loads cleanly every time: each page is loaded directly several times (the crawl's own visit,
//   the two accessibility passes, then plain reloads), failing on a 5xx or a broken link, on any
//   console error or page error (an island's panic, a script error), on a page whose loader
//   never wakes its islands, or on an empty main area;
// - it passes WCAG 2.1 A and AA (axe-core) at desktop and phone widths;
// - every page of the permission table (`yucai pages`) this role may open is reached through links,
//   so a page added to the table is covered, or fails here as unreachable, without changes to this
//   file.

const ROLES = ['admin', 'hr', 'leader', 'deptlead', 'employee'];
// Direct loads of each page: the crawl's visit and the two accessibility passes count; more are plain
// (`make test-crawl` loads each page 8 times).
const LOADS = Math.max(3, Number(process.env.YUCAI_CRAWL_REPEAT || 3));
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type PageRule = { path: string; public: boolean; roles: string[] | null };

function permissionTable(): PageRule[] {
  const bin = process.env.YUCAI_BIN || path.resolve(__dirname, '../../target/release/yucai');
  return JSON.parse(execFileSync(bin, ['pages'], { encoding: 'utf8' }));
}

/** The table entry that governs `pathname`: the longest entry that is the path or a folder above it. */
function ruleFor(table: PageRule[], pathname: string): PageRule | undefined {
  return table
    .filter((r) => (r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(`${r.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

function allows(rule: PageRule, roles: string[] | null): boolean {
  if (rule.public) return true;
  if (!roles) return false;
  return rule.roles === null || rule.roles.some((r) => roles.includes(r));
}

/**
 * Load `url` directly, as load number `load`, and report what went wrong, if anything; with `width`,
 * at that viewport and with the accessibility check.
 */
async function check(page: Page, url: string, load: number, width?: (typeof WIDTHS)[number]): Promise<string[]> {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${url} (load ${load}${width ? `, ${width.name}` : ''}): ${what}`);
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error') say(`console error: ${msg.text()}`);
  };
  const onPageError = (err: Error) => say(`page error: ${err.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    await page.setViewportSize(width ?? WIDTHS[0]);
    const res = await page.goto(url, { waitUntil: 'load' });
    const status = res?.status() ?? 0;
    if (status >= 500) say(`HTTP ${status}`);
    else if (status >= 400) say(`HTTP ${status} (a link to a page this role may not open, or that does not exist)`);
    const hydrated = await page
      .waitForSelector('body[data-hydrated="1"]', { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!hydrated) say('the page never finished loading its islands (the wasm stopped or never ran)');
    // Let effects and late resources run: errors after hydration count too (on a load with the
    // accessibility check, the check's own run gives them that time, the listeners still attached).
    if (!width) await page.waitForTimeout(250);
    const main = (await page.locator('main#main').innerText().catch(() => '')).trim();
    if (!main) say('the main area is empty');
    else if (main === '加载中…' || main === 'Loading…') say('the main area shows only the loading note');
    if (width) {
      const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const v of result.violations) {
        for (const node of v.nodes) say(`WCAG ${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`);
      }
    }
  } catch (e) {
    say(`load failed: ${(e as Error).message}`);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
  return problems;
}

test('the login page passes WCAG 2.1 AA for anonymous visitors', async ({ page }) => {
  const problems: string[] = [];
  for (const [i, w] of WIDTHS.entries()) problems.push(...(await check(page, '/login', i + 1, w)));
  expect(problems.join('\n')).toBe('');
});

for (const role of ROLES) {
  test(`every page loads cleanly on every direct load and passes WCAG 2.1 AA, as ${role}`, async ({ page }) => {
    test.setTimeout(15 * 60_000);
    await loginOk(page, role);
    const roles: string[] = await page.evaluate(async () => {
      const r = await fetch('/api/whoami', { method: 'POST' });
      const v = await r.json();
      return [...new Set<string>((v.user?.grants ?? []).map((g: { role: string }) => g.role.toLowerCase()))];
    });
    const table = permissionTable();

    const problems: string[] = [];
    // The crawl's own visit of each page is its first checked load.
    const pages = await crawl(page, async (url) => {
      problems.push(...(await check(page, url, 1)));
    });
    expect(pages.length, 'the crawl found pages beyond the home page').toBeGreaterThan(1);

    // Every page of the table this role may open was reached (or is the login page, checked above).
    const reached = new Set(pages.map((u) => ruleFor(table, new URL(u).pathname)?.path));
    const missing = table.filter((r) => r.path !== '/login' && allows(r, roles) && !reached.has(r.path)).map((r) => r.path);
    expect(missing, `pages of the permission table that ${role} may open but no link leads to`).toEqual([]);

    for (const url of pages) {
      for (const [i, w] of WIDTHS.entries()) problems.push(...(await check(page, url, i + 2, w)));
      for (let load = WIDTHS.length + 2; load <= LOADS; load++) problems.push(...(await check(page, url, load)));
    }
    console.log(`${role}: ${pages.length} pages × ${LOADS} loads, ${problems.length} problems\n${pages.join('\n')}`);
    expect(problems.join('\n'), `pages that failed for ${role}`).toBe('');
  });
}
