import { expect, Page, test } from '@playwright/test';
import { crawl, loginOk } from './helpers';

// Every page hydrates on every load. For each demo role: crawl every same-site page reachable from
// the menus and the pages' own links (a couple of samples of each page shape), then load each one
// directly several times and fail on a 5xx or a broken link, on any console error or page error
// (wasm panics, `unreachable`, hydration messages), on a page that never hydrates, or on an empty
// main area. New module pages are reached through their links, so they are covered without
// changes here.

const ROLES = ['admin', 'hr', 'leader', 'deptlead', 'employee'];
const REPEAT = Number(process.env.YUCAI_CRAWL_REPEAT || 5);

type Problem = { url: string; load: number; what: string };

/** Load `url` directly and report what went wrong, if anything. */
async function check(page: Page, url: string, load: number): Promise<Problem[]> {
  const problems: Problem[] = [];
  const say = (what: string) => problems.push({ url, load, what });
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error') say(`console error: ${msg.text()}`);
  };
  const onPageError = (err: Error) => say(`page error: ${err.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    const res = await page.goto(url, { waitUntil: 'load' });
    const status = res?.status() ?? 0;
    if (status >= 500) say(`HTTP ${status}`);
    else if (status >= 400) say(`HTTP ${status} (a link to a page this role may not open, or that does not exist)`);
    const hydrated = await page
      .waitForSelector('body[data-hydrated="1"]', { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!hydrated) say('the page never hydrated (the wasm stopped or never ran)');
    // Let effects and late resources run: errors after hydration count too.
    await page.waitForTimeout(250);
    const main = (await page.locator('main#main').innerText().catch(() => '')).trim();
    if (!main) say('the main area is empty');
    else if (main === '加载中…' || main === 'Loading…') say('the main area shows only the loading note');
  } catch (e) {
    say(`load failed: ${(e as Error).message}`);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
  return problems;
}

for (const role of ROLES) {
  test(`every page hydrates on every direct load, as ${role}`, async ({ page }) => {
    test.setTimeout(15 * 60_000);
    await loginOk(page, role);

    const pages = await crawl(page);
    expect(pages.length, 'the crawl found pages beyond the home page').toBeGreaterThan(1);

    const problems: Problem[] = [];
    for (const url of pages) {
      for (let load = 1; load <= REPEAT; load++) problems.push(...(await check(page, url, load)));
    }
    const report = problems.map((p) => `${p.url} (load ${p.load}): ${p.what}`).join('\n');
    console.log(`${role}: ${pages.length} pages × ${REPEAT} loads, ${problems.length} problems\n${pages.join('\n')}`);
    expect(report, `pages that failed for ${role}`).toBe('');
  });
}
