import { test, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hydrated, loginOk } from './helpers';

// Every printable page printed as HR would print it (A4, the page's own @page size), then read back
// with poppler's pdfinfo and pdftotext: the page count and orientation, the page numbers and the
// print date in every footer, no menus or buttons, every table cell's text on paper (a table wider
// than the page loses its right-hand columns), long tables with their headings on every page, and
// in the page laid out for print at the paper's width no table wider than its place and no column
// squeezed to one character a line. Then what each page is printed for: the statistics on at most
// 3 pages with charts on the first, the handout's headings on its first page with the leaders'
// tally, charts two to a row.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yucai-print-'));

/** The page margins left and right in style/main.css (12 mm each, portrait and landscape). */
const SIDE_MARGINS_MM = 24;

type Printed = {
  /** Text of each page (pdftotext -raw: in the order drawn, a cell's lines together). */
  pages: string[];
  /** Text of each page laid out as on paper (pdftotext -layout). */
  layout: string[];
  sizes: { w: number; h: number }[];
};

const squash = (s: string) => s.replace(/\s+/g, '');

/** Today in China, as the footer prints it. */
function todayInChina(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** Print the page to A4 as the browser's print command would, and read the PDF back. */
async function print(page: Page, name: string): Promise<Printed> {
  const file = path.join(dir, `${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: null });
  const info = execFileSync('pdfinfo', ['-l', '1000', file]).toString();
  const n = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({ w: Number(m[1]), h: Number(m[2]) }));
  const text = (mode: string, i: number) => execFileSync('pdftotext', [mode, '-f', `${i}`, '-l', `${i}`, file, '-']).toString();
  const pages: string[] = [];
  const layout: string[] = [];
  for (let i = 1; i <= n; i++) {
    pages.push(text('-raw', i));
    layout.push(text('-layout', i));
  }
  return { pages, layout, sizes };
}

/**
 * What every printed page must be: A4 in the orientation its content needs, page numbers and the
 * print date in each footer, no menu or button, and nothing cut off or squeezed: every table cell
 * on paper, and (in the page laid out for print at the paper's width) no table wider than its
 * place, no cell narrower than two characters.
 */
async function checkPrinted(page: Page, name: string, orientation: 'portrait' | 'landscape'): Promise<Printed> {
  // On screen the buttons (the print island's too) are there to be hidden.
  await expect(page.locator('main button:visible, main a.button:visible').first()).toBeVisible();
  const printed = await print(page, name);
  const n = printed.pages.length;
  expect(n, `${name}: printed`).toBeGreaterThan(0);
  const today = todayInChina();
  for (let i = 0; i < n; i++) {
    const { w, h } = printed.sizes[i];
    expect(Math.round(Math.min(w, h)), `${name} page ${i + 1}: A4`).toBe(595);
    expect(Math.round(Math.max(w, h)), `${name} page ${i + 1}: A4`).toBe(842);
    expect(w > h ? 'landscape' : 'portrait', `${name} page ${i + 1}`).toBe(orientation);
    expect(printed.pages[i], `${name} page ${i + 1}: page number`).toMatch(new RegExp(`(^|\\s)${i + 1} / ${n}(\\s|$)`));
    expect(printed.pages[i], `${name} page ${i + 1}: print date`).toContain(`打印日期：${today}`);
    expect(printed.pages[i], `${name} page ${i + 1}: the menu`).not.toContain('退出');
  }

  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['header.topbar', 'nav.mainnav', 'main .tabs', 'main button', 'main a.button', 'main form.filters']) {
    for (const el of await page.locator(hidden).all()) await expect(el, `${name}: ${hidden} in print`).toBeHidden();
  }
  // Every cell shown in print is on paper: a table wider than the page would lose its right-hand columns.
  const cells = await page.locator('main table').evaluateAll((tables) =>
    tables
      .filter((t) => (t as HTMLElement).offsetParent !== null)
      .flatMap((t) => [...t.querySelectorAll('th, td')])
      .filter((c) => (c as HTMLElement).offsetParent !== null)
      .map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ''))
      .filter((s) => s.length > 0),
  );
  const onPaper = squash(printed.pages.join(''));
  const missing = [...new Set(cells)].filter((c) => !onPaper.includes(c));
  expect(missing, `${name}: table cells missing from the PDF`).toEqual([]);
  // Laid out for print at the paper's width: every table within its place, no column squeezed.
  const { w } = printed.sizes[0];
  const width = Math.floor(((w / 72) * 25.4 - SIDE_MARGINS_MM) * (96 / 25.4));
  const viewport = page.viewportSize();
  await page.setViewportSize({ width, height: 1000 });
  const problems = await page.locator('main').evaluate((main) => {
    const out: string[] = [];
    for (const t of main.querySelectorAll('table')) {
      if (t.offsetParent === null) continue;
      const place = t.parentElement!;
      if (t.scrollWidth > place.clientWidth + 1) out.push(`table ${t.id || t.className}: ${t.scrollWidth} px in ${place.clientWidth} px`);
      for (const c of t.querySelectorAll<HTMLElement>('th, td')) {
        if (c.offsetParent === null || !c.innerText.trim()) continue;
        const s = getComputedStyle(c);
        const inner = c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        if (inner < 1.8 * parseFloat(s.fontSize)) out.push(`cell "${c.innerText.trim().slice(0, 10)}": ${inner.toFixed(1)} px`);
      }
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) out.push(`page: ${document.documentElement.scrollWidth} px`);
    return out;
  });
  expect(problems, `${name}: laid out at ${width} px`).toEqual([]);
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ media: null });
  return printed;
}

/** The column headings of a table, as printed (without a sort arrow). */
async function headings(page: Page, table: string): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  const list = (await page.locator(`${table} thead th:visible`).allInnerTexts()).map((s) => s.replace(/[↑↓]/g, '').trim()).filter(Boolean);
  await page.emulateMedia({ media: null });
  return list;
}

/** Charts side by side in print: each row of the grid holds two. */
async function expectTwoToARow(page: Page, n: number) {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 680, height: 1000 });
  const boxes = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => f.getBoundingClientRect()).map((r) => ({ top: r.top, left: r.left })));
  expect(boxes).toHaveLength(n);
  for (let i = 0; i + 1 < n; i += 2) {
    expect(Math.abs(boxes[i].top - boxes[i + 1].top), `charts ${i + 1} and ${i + 2} on one row`).toBeLessThan(1);
    expect(boxes[i + 1].left).toBeGreaterThan(boxes[i].left + 100);
  }
  if (n > 2) expect(boxes[2].top).toBeGreaterThan(boxes[0].top);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ media: null });
}

test.describe('printing', () => {
  test.beforeEach(async ({ page }) => {
    await loginOk(page, 'hr');
  });

  test('人员统计 prints on at most 3 pages, charts two to a row from the first page, without their tables', async ({ page }) => {
    await page.goto('/roster/stats');
    await hydrated(page);
    await expectTwoToARow(page, 6);
    const first = page.locator('figure.chart').first();
    const caption = (await first.locator('figcaption').innerText()).trim();
    const labels = await first.locator('svg text.chart-label').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    const printed = await checkPrinted(page, 'stats', 'portrait');
    expect(printed.pages.length).toBeLessThanOrEqual(3);
    // The first page carries a chart: its caption and every bar's label.
    for (const s of [caption, ...labels]) expect(printed.pages[0], `page 1: ${s}`).toContain(s);
    // The charts' tables (项目 / 人数 / 占比) stay on screen: the bars carry the numbers.
    expect(printed.pages.join('')).not.toContain('占比');
  });

  test('the pool prints as the meeting handout: landscape, every heading on page 1, the leaders\' tally', async ({ page, browser }) => {
    // A leader agrees to a 正科级 candidate, so the tally has something to count.
    const name = await agreeAsLeader(browser, 3);
    await page.goto('/reserve/pool/3');
    await hydrated(page);
    const cols = await headings(page, '#candidates');
    expect(cols).toEqual(['姓名', '部室', '年龄', '现职务层次', '任职年限', '学历', '得票', '学时', '近年考核', '阶段', '资格审查', '领导意见']);
    const printed = await checkPrinted(page, 'handout', 'landscape');
    expect(printed.pages.length).toBeLessThanOrEqual(2);
    for (const c of cols) expect(printed.pages[0], `handout page 1: ${c}`).toContain(c);
    expect(printed.pages[0]).toContain('正科级后备干部人选名单');
    // The tally of every row, the leader's 同意 in the candidate's.
    const all = printed.pages.join('\n');
    const rows = await page.locator('#candidates tbody tr').count();
    expect([...all.matchAll(/不同意\s*(\d+)/g)]).toHaveLength(rows);
    const tally = new RegExp(`${name}[^]*?(?<!不)同意\\s*(\\d+)\\s*·\\s*不同意\\s*(\\d+)\\s*·\\s*弃权\\s*(\\d+)`).exec(all);
    expect(tally, `the tally of ${name}`).not.toBeNull();
    expect(Number(tally![1])).toBeGreaterThanOrEqual(1);
  });

  test('candidates compared side by side print on one landscape page', async ({ page }) => {
    await page.goto('/reserve/pool/4');
    await hydrated(page);
    const ids = await page.locator('#candidates tbody input[name="ids"]').evaluateAll((is) => is.slice(0, 4).map((i) => (i as HTMLInputElement).value));
    expect(ids).toHaveLength(4);
    await page.goto(`/reserve/compare?ids=${ids.join(',')}`);
    await hydrated(page);
    const names = (await headings(page, '#compare')).slice(1);
    expect(names).toHaveLength(4);
    const printed = await checkPrinted(page, 'compare', 'landscape');
    expect(printed.pages).toHaveLength(1);
    for (const n of names) expect(printed.pages[0]).toContain(n);
  });

  test('a committed 任免 list prints its headings on every page', async ({ page }) => {
    // The demo's first 首聘 (266 people, committed).
    await page.goto('/posts/campaigns');
    await page.getByRole('link', { name: '2025年机构改革首聘和平岗定位' }).click();
    await hydrated(page);
    expect(await page.locator('#campaign-items tbody tr').count()).toBeGreaterThan(100);
    const cols = await headings(page, '#campaign-items');
    const printed = await checkPrinted(page, 'campaign', 'portrait');
    expect(printed.pages.length).toBeGreaterThan(2);
    for (const [i, p] of printed.layout.entries()) expect(p, `page ${i + 1}: headings`).toMatch(new RegExp(cols.join('\\s+')));
    expect(printed.pages[0]).toMatch(/任职时间：\d{4}-\d{2}-\d{2}/);
  });

  test('个人培训档案 prints on portrait A4', async ({ page }) => {
    await page.goto('/assessment/hours');
    const href = await page.locator('a[href^="/assessment/person/"]').first().getAttribute('href');
    const id = /\/assessment\/person\/(\d+)/.exec(href!)![1];
    await page.goto(`/assessment/archive/${id}`);
    await hydrated(page);
    await expect(page.locator('#archive-sessions tbody tr').first()).toBeVisible();
    const printed = await checkPrinted(page, 'archive', 'portrait');
    expect(printed.pages.length).toBeLessThanOrEqual(2);
    expect(printed.pages[0]).toContain('个人培训档案');
  });

  test('the year\'s training summary prints its charts two to a row on one page', async ({ page }) => {
    await page.goto('/assessment/summary');
    await hydrated(page);
    await expectTwoToARow(page, 3);
    const printed = await checkPrinted(page, 'summary', 'portrait');
    expect(printed.pages).toHaveLength(1);
    for (const c of ['按月份', '按类型', '按类别']) expect(printed.pages[0]).toContain(c);
    expect(printed.pages[0]).not.toContain('占比');
  });

  test('考核评比 prints on one page', async ({ page }) => {
    await page.goto('/assessment/ranking');
    await hydrated(page);
    const printed = await checkPrinted(page, 'ranking', 'portrait');
    expect(printed.pages).toHaveLength(1);
    for (const c of await headings(page, '#dept-ranking')) expect(printed.pages[0]).toContain(c);
  });

  test('an attendance sheet prints its headings on every page; a page says which part it is, the whole list prints everyone', async ({ page }) => {
    await page.goto('/lectures/1/attendance');
    await hydrated(page);
    const cols = await headings(page, 'table.attendance');
    expect(cols).toEqual(['姓名', '部室', '身份', '状态', '签到时间', '学时']);
    const printed = await checkPrinted(page, 'attendance', 'portrait');
    expect(printed.pages.length).toBeGreaterThan(1);
    for (const [i, p] of printed.layout.entries()) expect(p, `page ${i + 1}: headings`).toMatch(new RegExp(cols.join('\\s+')));
    expect(printed.pages.at(-1)).toMatch(/共 \d+ 条，第 1 \/ \d+ 页/);

    // The whole list, for signatures: every person on paper, headings on every page.
    const link = page.getByRole('link', { name: /查看并打印全部 \d+ 人/ });
    const total = Number((await link.innerText()).match(/(\d+)/)![1]);
    expect(total).toBeGreaterThan(100);
    await link.click();
    await expect(page).toHaveURL(/all=1/);
    await hydrated(page);
    await expect(page.locator('table.attendance tbody tr')).toHaveCount(total);
    const names = await page.locator('table.attendance tbody tr th').allInnerTexts();
    const whole = await checkPrinted(page, 'attendance', 'portrait');
    expect(whole.pages.length).toBeGreaterThan(printed.pages.length);
    for (const [i, p] of whole.layout.entries()) expect(p, `whole list, page ${i + 1}: headings`).toMatch(new RegExp(cols.join('\\s+')));
    const text = whole.pages.join('\n').replace(/\s+/g, '');
    for (const n of [names[0], names[Math.floor(total / 2)], names[total - 1]]) expect(text).toContain(n.replace(/\s+/g, ''));
    // One page of the list: nothing left on another.
    const part = whole.pages.at(-1)!.match(/第 (\d+) \/ (\d+) 页/);
    if (part) expect(part[2], 'the whole list is one page of the list').toBe('1');
  });

  test('account slips print two to a row, every username and password on paper', async ({ page }) => {
    await page.goto('/roster/accounts');
    await page.getByLabel('部室').selectOption({ label: '　安全保卫部' });
    await page.locator('summary', { hasText: '开通账户' }).click();
    await page.getByTestId('open-accounts').click();
    await expect(page.getByRole('heading', { name: /已开通 \d+ 个账户/ })).toBeVisible();
    await hydrated(page);
    const users = await page.getByTestId('slip-username').allInnerTexts();
    expect(users.length).toBeGreaterThan(2);
    await page.emulateMedia({ media: 'print' });
    const slips = await page.locator('.slip').evaluateAll((s) => s.map((e) => e.getBoundingClientRect().top));
    expect(Math.abs(slips[0] - slips[1])).toBeLessThan(1);
    await page.emulateMedia({ media: null });
    const printed = await checkPrinted(page, 'slips', 'portrait');
    const all = printed.pages.join('\n');
    for (const u of users) expect(all).toContain(u);
    expect(all).not.toContain('只显示这一次');
  });
});

/** A leader agrees to the first candidate of pool `no` they have not given an opinion on; their name. */
async function agreeAsLeader(browser: Browser, no: number): Promise<string> {
  const ctx = await browser.newContext();
  const leader = await ctx.newPage();
  await loginOk(leader, 'leader');
  await leader.goto(`/reserve/pool/${no}`);
  const row = leader.locator('#candidates tbody tr').filter({ has: leader.locator('td[data-label="意见"]', { hasText: /^—$/ }) }).first();
  const link = row.locator('th a');
  const name = (await link.innerText()).trim();
  await link.click();
  const form = leader.locator('form.opinion-form');
  await form.getByLabel('同意', { exact: true }).check();
  await form.getByRole('button', { name: '提交意见' }).click();
  await expect(form.getByRole('status')).toHaveText('意见已记录');
  await ctx.close();
  return name;
}
