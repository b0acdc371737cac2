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

const SAMPLES_PER_SHAPE = 2;
const MAX_PAGES = 100;

/** A page's shape: its path, with numbers standing for ids (`/roster/15` is `/roster/:n`). */
export function shapeOf(url: URL): string {
  return url.pathname.replace(/\/\d+(?=\/|$)/g, '/:n');
}

/** Same-site page links only: no API calls or downloads, no static files, no way out of the session. */
function crawlable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/pkg/')) return false;
  if (/\.[a-z0-9]+$/i.test(url.pathname)) return false;
  return url.pathname !== '/login' && url.pathname !== '/logout';
}

async function linksOn(page: Page): Promise<string[]> {
  return page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
}

/** Open `url` and wait for the browser side to take over (or give up after 15 s). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('body[data-hydrated="1"]', { timeout: 15_000 }).catch(() => undefined);
}

/**
 * Every same-site page the logged-in user of `page` reaches from the home page through links
 * (menus and the pages' own links), breadth first, with at most a couple of samples of each shape.
 * `visit` opens each page (and may check it on the way).
 */
export async function crawl(page: Page, visit: (url: string) => Promise<void> = (url) => open(page, url)): Promise<string[]> {
  const origin = new URL(page.url()).origin;
  const queue: string[] = [`${origin}/`];
  const seen = new Set<string>(queue);
  const perShape = new Map<string, number>();
  const pages: string[] = [];
  while (queue.length && pages.length < MAX_PAGES) {
    const url = queue.shift()!;
    const shape = shapeOf(new URL(url));
    if ((perShape.get(shape) ?? 0) >= SAMPLES_PER_SHAPE) continue;
    perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
    pages.push(url);
    await visit(url);
    for (const href of await linksOn(page)) {
      const u = new URL(href);
      u.hash = '';
      if (!crawlable(u, origin) || seen.has(u.href)) continue;
      seen.add(u.href);
      queue.push(u.href);
    }
  }
  return pages;
}
