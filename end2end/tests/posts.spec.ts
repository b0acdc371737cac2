import { expect, Locator, Page, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';
import { xlsx } from './xlsx';

// The posts journey: HR sets up posts in two 部室, runs a 首聘 campaign over ten people with one
// level mismatch and one post over its seats (the preview shows both and commit is refused until
// they are fixed), commits and prints the list; then promotes one of them: the 公示 runs over the
// National Day holiday (skipped) and the 调休 Saturday 10 October (counted), the 试用期 starts and
// shows among probations ending soon (the list's start date stands in for moving the clock), HR
// confirms 转正, and the history and the 干部任免审批表 show every step.

async function optionValue(page: Page, select: string, text: string): Promise<string> {
  const value = await page.locator(`${select} option`, { hasText: text }).first().getAttribute('value');
  expect(value, `${select} has an option with ${text}`).toBeTruthy();
  return value!;
}

/**
 * Do something that posts a form, and wait until the page the server sends back has replaced this
 * one (the same address, often): a mark set on this page is gone once the next one is there.
 */
async function reloadsAfter(page: Page, act: () => Promise<void>) {
  await page.evaluate(() => ((window as unknown as { stale: boolean }).stale = true));
  await act();
  await page.waitForFunction(() => !(window as unknown as { stale?: boolean }).stale, undefined, { timeout: 20_000 });
  await hydrated(page);
}

/** An action asked first: open its confirmation (nothing happens yet), then press the real button. */
async function confirmAction(page: Page, scope: Locator, label: string) {
  const box = scope.locator('details.confirm', { has: page.locator('summary', { hasText: label }) });
  await box.locator('summary').click();
  const yes = box.locator('button[type=submit]');
  await expect(yes).toBeVisible();
  await reloadsAfter(page, () => yes.click());
}

async function newPost(hr: Page, unit: string, name: string, seats: number, leader = '') {
  await hr.goto('/posts/new');
  await hydrated(hr);
  await hr.locator('#p-unit').selectOption(await optionValue(hr, '#p-unit', unit));
  await hr.getByLabel('岗位名称').fill(name);
  await hr.getByLabel('岗位类别').selectOption('管理岗位');
  await hr.getByLabel('岗位等级').selectOption('九级');
  await hr.getByLabel('岗位数').fill(String(seats));
  await hr.getByLabel('岗位职责（Markdown）').fill(`负责**${name}**的日常工作。`);
  if (leader) {
    // A leadership post's grade follows its level: the server says which beside the field, and
    // nothing typed is lost.
    await hr.getByLabel('领导职数').selectOption(leader);
    await hr.getByRole('button', { name: '保存' }).click();
    await expect(hr.locator('.field-error')).toContainText(`${leader}领导岗位的岗位等级应为八级`);
    await expect(hr.getByLabel('岗位名称')).toHaveValue(name);
    await hr.getByLabel('岗位等级').selectOption('八级');
  }
  await hr.getByRole('button', { name: '保存' }).click();
  await expect(hr).toHaveURL(/\/posts$/);
}

test('HR sets up posts, runs a first-appointment campaign, promotes through 公示 and 试用期', async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await ctx.newPage();
  // Confirmations are part of the page now: no browser dialog may appear at all.
  const dialogs: string[] = [];
  hr.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await loginOk(hr, 'hr');
  const stamp = String(Date.now() % 100000);
  const postA = `测试综合岗A${stamp}`;
  const postB = `测试综合岗B${stamp}`;
  const postL = `测试副科长${stamp}`;

  // 1. Posts in two 部室, and room in the 职数 for the leadership post.
  await newPost(hr, '办公室', postA, 4);
  await newPost(hr, '会议服务部', postB, 6);
  await newPost(hr, '会议服务部', postL, 1, '副科级');
  await hr.goto(`/posts?q=${encodeURIComponent(stamp)}`);
  await hydrated(hr);
  await expect(hr.locator('table.data tbody tr', { hasText: postA })).toContainText('4');
  await expect(hr.locator('table.data tbody tr', { hasText: postL })).toContainText('副科级');
  await hr.goto('/roster/units');
  await hydrated(hr);
  await hr.locator('table.data tbody tr', { hasText: '会议服务部' }).getByRole('link', { name: '编辑' }).click();
  await hr.locator('[id="u-lead-副科级"]').fill('50');
  await hr.getByRole('button', { name: '保存' }).click();
  await expect(hr.locator('[id="u-lead-副科级"]')).toHaveCount(0);

  // 2. A 首聘 campaign over ten 科员.
  await hr.goto('/posts/campaigns');
  await hydrated(hr);
  await hr.getByLabel('批次名称').fill(`测试首聘${stamp}`);
  await hr.getByLabel('类别').selectOption('首聘');
  await hr.getByLabel('任职时间').fill('2026-03-01');
  await hr.getByRole('button', { name: '新建批次' }).click();
  await expect(hr).toHaveURL(/\/posts\/campaigns\/\d+$/);
  await hydrated(hr);
  await hr.getByLabel('任免文号').fill(`后勤中心〔2026〕${stamp}号`);
  await hr.getByLabel('决定机关').fill('中心党委会');
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '保存草稿' }).click());
  await expect(hr.getByLabel('任免文号')).toHaveValue(`后勤中心〔2026〕${stamp}号`);
  await hr.locator('#pk-level').selectOption('科员');
  await reloadsAfter(hr, () => hr.locator('#pick-form').getByRole('button', { name: '添加' }).click());
  await expect(hr.getByText(/已添加 \d+ 人/)).toBeVisible();
  const rows = hr.locator('#campaign-items tbody tr');
  await expect(rows.first()).toBeVisible();
  const total = await rows.count();
  expect(total).toBeGreaterThan(10);
  // Ten whose names are unique in the list (a checkbox is found by its person's name).
  const all = (await rows.locator('th').allInnerTexts()).map((n) => n.trim());
  const names = all.filter((n) => all.indexOf(n) === all.lastIndexOf(n)).slice(0, 10);
  expect(names).toHaveLength(10);
  // Keep those ten: select all, unselect them, remove the rest.
  await hr.getByLabel('全选').check();
  for (const n of names) await hr.getByRole('checkbox', { name: n, exact: true }).uncheck();
  await confirmAction(hr, hr.locator('#campaign-arrange'), '移出所选');
  await expect(rows).toHaveCount(10);
  await expect(hr.getByTestId('flash')).toContainText(`已移出 ${total - 10} 人`);

  const postValue = async (text: string) => optionValue(hr, '#bulk-post', text);
  const a = await postValue(postA);
  // A row's select holds "person:post" values; pick the post by its name. The rows are one form:
  // choose in several, then 保存安排 saves them together and the page (and its preview) reloads.
  const rowSelect = (name: string) => hr.locator(`select[aria-label="${name} 的岗位"]`);
  const chooseRow = async (name: string, post: string) => {
    const value = await rowSelect(name).locator('option', { hasText: post }).first().getAttribute('value');
    await rowSelect(name).selectOption(value!);
    return value!;
  };
  const saveRows = () => reloadsAfter(hr, () => hr.getByRole('button', { name: '保存安排' }).click());
  // Five to A (four seats), four to B, one 科员 to the 副科级 post.
  for (const n of names.slice(0, 5)) await hr.getByRole('checkbox', { name: n, exact: true }).check();
  await hr.locator('#bulk-post').selectOption(a);
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '批量安排' }).click());
  await expect(hr.getByTestId('flash')).toContainText('已安排：5 人');
  for (const n of names.slice(0, 5)) await expect(rowSelect(n)).toHaveValue(new RegExp(`:${a}$`));
  const chosen: [string, string][] = [];
  for (const n of names.slice(5, 9)) chosen.push([n, await chooseRow(n, postB)]);
  chosen.push([names[9], await chooseRow(names[9], postL)]);
  await saveRows();
  await expect(hr.getByTestId('flash')).toContainText('已保存安排：5 人');
  for (const [n, value] of chosen) await expect(rowSelect(n)).toHaveValue(value);
  const conflicts = hr.locator('#conflicts');
  await expect(conflicts).toContainText(postA);
  await expect(conflicts).toContainText(postL);
  await expect(conflicts).toContainText('副科级');
  await expect(hr.locator('#commit')).toBeDisabled();

  // Fix both: one from A to B, the 科员 from the 副科级 post to B.
  await chooseRow(names[0], postB);
  await chooseRow(names[9], postB);
  await saveRows();
  await expect(hr.locator('#no-conflicts')).toBeVisible();
  await expect(hr.locator('h1')).toContainText('草稿');
  // The commit is asked first: opening the question commits nothing.
  await hr.locator('summary', { hasText: '提交任免' }).click();
  await expect(hr.getByTestId('commit')).toBeVisible();
  await expect(hr.locator('h1')).toContainText('草稿');
  await reloadsAfter(hr, () => hr.getByTestId('commit').click());
  await expect(hr.locator('h1')).toContainText('已提交');
  await expect(hr.getByTestId('flash')).toContainText('已提交：写入 10 条任免记录');
  await expect(hr.locator('#campaign-items tbody tr')).toHaveCount(10);
  await expect(hr.getByRole('link', { name: '导出 Excel' })).toHaveAttribute('href', /\/api\/campaign_sheet\?id=\d+/);
  await hr.emulateMedia({ media: 'print' });
  await expect(hr.locator('.print-title')).toContainText(`后勤中心〔2026〕${stamp}号`);
  await expect(hr.locator('.topbar')).toBeHidden();
  await hr.emulateMedia({ media: 'screen' });

  // 3. Promote one of them to the 副科级 post: 公示 over National Day.
  const who = names[1];
  const href = await hr.locator('#campaign-items tbody tr', { hasText: who }).locator('th a').getAttribute('href');
  expect(href).toMatch(/^\/posts\/person\/\d+$/);
  const personId = href!.split('/').pop();
  await hr.goto(href!);
  await hydrated(hr);
  await expect(hr.locator('#appointment-history')).toContainText(postA);
  await hr.getByLabel('拟任职务层次').selectOption('副科级');
  await hr.locator('#pr-post').selectOption(await optionValue(hr, '#pr-post', postL));
  await hr.getByLabel('讨论决定日期').fill('2026-09-28');
  await hr.getByLabel('公示开始日期').fill('2026-09-30');
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '开始公示' }).click());
  await expect(hr.getByText('已开始公示。')).toBeVisible();
  await hr.goto('/posts/promotions');
  await hydrated(hr);
  const card = hr.locator(`article.promotion[data-person="${who}"]`).first();
  // 30 Sep (1), 1–7 Oct off, 8 (2), 9 (3), Saturday 10 worked (4), 11 off, 12 (5).
  await expect(card.locator('.notice-period')).toHaveText('2026-09-30 至 2026-10-12（5 个工作日）');
  await card.getByLabel('任免文号').fill(`后勤中心〔2026〕${stamp}-1号`);
  await confirmAction(hr, card, '办理任职');
  await expect(card.locator('.tag')).toHaveText('已任职');

  // 4. The probation ends a year on: among those ending within 60 days of 1 September 2027.
  await hr.goto('/posts/probations?from=2027-09-01&days=60');
  await hydrated(hr);
  const row = hr.locator('#probations tbody tr', { hasText: who });
  await expect(row).toContainText('2026-10-13 至 2027-10-12');
  await row.getByLabel('任免文号').fill(`后勤中心〔2027〕${stamp}号`);
  await confirmAction(hr, row, '办理');
  await expect(hr.locator('#probations tbody tr', { hasText: who })).toHaveCount(0);

  // 5. The history and the 任免审批表 show every step.
  await hr.goto(`/posts/person/${personId}`);
  await hydrated(hr);
  const history = hr.locator('#appointment-history tbody tr');
  const kinds = await history.locator('th').allInnerTexts();
  const last = kinds.slice(-3).map((k) => k.trim());
  expect(last).toEqual(['首聘', '提任', '转正']);
  await expect(history.nth(kinds.length - 2)).toContainText('科员 → 副科级');
  await hr.goto(`/posts/form/${personId}`);
  await hydrated(hr);
  const form = hr.locator('#cadre-form');
  await expect(form).toContainText(who);
  await expect(form.locator('pre.resume')).toContainText(postL);
  await hr.getByRole('link', { name: '编辑', exact: true }).click();
  await hr.getByLabel('奖惩情况').fill('2025年度获中心嘉奖');
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '保存' }).click());
  await expect(hr.getByLabel('奖惩情况')).toHaveCount(0);
  await expect(form).toContainText('2025年度获中心嘉奖');
  expect(dialogs).toEqual([]);
  await ctx.close();

  // Employees see none of it.
  const empCtx = await browser.newContext();
  const emp = await empCtx.newPage();
  await loginOk(emp, 'employee');
  const res = await emp.goto(`/posts/person/${personId}`);
  expect(res?.status()).toBe(403);
  await expect(emp.getByRole('heading', { name: '无权访问' })).toBeVisible();
  await empCtx.close();
});

test('HR assigns a campaign from a filled-in sheet: a bad row is reported, the fixed sheet lands in the draft', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await ctx.newPage();
  await loginOk(hr, 'hr');
  const stamp = String(Date.now() % 100000);
  const post = `表格岗${stamp}`;
  await newPost(hr, '办公室', post, 5);

  await hr.goto('/posts/campaigns');
  await hydrated(hr);
  await hr.getByLabel('批次名称').fill(`表格首聘${stamp}`);
  await hr.getByLabel('类别').selectOption('首聘');
  await hr.getByLabel('任职时间').fill('2026-03-01');
  await hr.getByRole('button', { name: '新建批次' }).click();
  await expect(hr).toHaveURL(/\/posts\/campaigns\/\d+$/);
  await hydrated(hr);
  await hr.locator('#pk-unit').selectOption(await optionValue(hr, '#pk-unit', '办公室'));
  await hr.locator('#pk-level').selectOption('科员');
  await reloadsAfter(hr, () => hr.locator('#pick-form').getByRole('button', { name: '添加' }).click());
  const rows = hr.locator('#campaign-items tbody tr');
  await expect(rows.first()).toBeVisible();
  // Three people as the page shows them: their 人员编号 is in their link.
  const people: [string, string][] = [];
  for (let i = 0; i < 3; i++) {
    const link = rows.nth(i).locator('th a');
    people.push([(await link.getAttribute('href'))!.split('/').pop()!, (await link.innerText()).trim()]);
  }
  const header = ['人员编号', '姓名', '聘任部室', '聘任岗位'];
  const good = people.map(([id, name]) => [id, name, '办公室', post]);
  const bad = [header, ...good.slice(0, 2), [people[2][0], '不是此人', '办公室', post]];

  await hr.getByText('用 Excel 安排岗位').click();
  await expect(hr.getByRole('link', { name: '导出本批次名单（.xlsx）' })).toHaveAttribute('href', /\/api\/campaign_sheet\?id=\d+/);
  const file = hr.getByLabel(/选择文件/);
  await file.setInputFiles({ name: 'bad.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx(bad) });
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '检查文件' }).click());
  await expect(hr.getByTestId('import-problems')).toContainText('1 个问题');
  await expect(hr.locator('.sheet-import table')).toContainText('不是此人');

  await file.setInputFiles({ name: 'good.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx([header, ...good]) });
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '检查文件' }).click());
  await expect(hr.getByTestId('sheet-import')).toContainText('更新 3 人的安排');
  await reloadsAfter(hr, () => hr.getByRole('button', { name: '确认导入' }).click());
  await expect(hr.getByTestId('sheet-import')).toContainText('已从“good.xlsx”导入');
  for (const [, name] of people) {
    await expect(hr.locator(`select[aria-label="${name} 的岗位"] option:checked`)).toContainText(post);
  }
  await ctx.close();
});
