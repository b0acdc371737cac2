import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { crawl, hydrated, loginOk } from './helpers';

// Accessibility as a gate (WCAG 2.1 A and AA, axe-core): every page of the permission table, as
// every demo role allowed to open it, at desktop and phone widths. The pages come from the crawl
// (the menus and the pages' own links); the permission table, printed by `yucai pages`, says which
// pages each role must have reached, so a page added to the table is covered, or fails here as
// unreachable, without changes to this file.

const ROLES = ['admin', 'hr', 'leader', 'deptlead', 'employee'];
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

async function violations(page: Page, url: string): Promise<string[]> {
  const found: string[] = [];
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    await page.goto(url);
    await hydrated(page);
    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of result.violations) {
      for (const node of v.nodes) {
        found.push(`${url} [${w.name}] ${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`);
      }
    }
  }
  return found;
}

test('the login page passes WCAG 2.1 AA for anonymous visitors', async ({ page }) => {
  const found = await violations(page, '/login');
  expect(found.join('\n')).toBe('');
});

for (const role of ROLES) {
  test(`every page passes WCAG 2.1 AA, as ${role}`, async ({ page }) => {
    test.setTimeout(10 * 60_000);
    await loginOk(page, role);
    const roles: string[] = await page.evaluate(async () => {
      const r = await fetch('/api/whoami', { method: 'POST' });
      const v = await r.json();
      return [...new Set<string>((v.user?.grants ?? []).map((g: { role: string }) => g.role.toLowerCase()))];
    });
    const table = permissionTable();
    const pages = await crawl(page);

    // Every page of the table this role may open was reached (or is the login page, checked above).
    const reached = new Set(pages.map((u) => ruleFor(table, new URL(u).pathname)?.path));
    const missing = table.filter((r) => r.path !== '/login' && allows(r, roles) && !reached.has(r.path)).map((r) => r.path);
    expect(missing, `pages of the permission table that ${role} may open but no link leads to`).toEqual([]);

    const found: string[] = [];
    for (const url of pages) found.push(...(await violations(page, url)));
    expect(found.join('\n'), `WCAG violations for ${role}`).toBe('');
  });
}
