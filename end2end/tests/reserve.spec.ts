import { Browser, expect, Page, test } from '@playwright/test';
import { hydrated, loginOk, PASSWORD } from './helpers';

// The reserve journey: HR runs a 民主推荐 round that fails the two-thirds rule (one of three
// votes), then a valid one in which two voters cast their ballots on phones (a second ballot is
// refused; no page shows who chose whom); two candidates enter the 副科 pool from it; one is
// inspected and decided, which starts the promotion's 任前公示 in the posts module; a leader
// compares candidates and records opinions, which HR sees tallied; an employee is refused
// everywhere in the module but their ballot.

const PHONE = { width: 375, height: 740 };

async function displayName(browser: Browser, user: string): Promise<string> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await loginOk(p, user);
  const name = (await p.locator('.usermenu .username').innerText()).trim();
  await ctx.close();
  return name;
}

/** Add a person through one of the round form's people pickers (`group`), choosing the one in `unit` if given. */
async function addByName(hr: Page, group: string, name: string, unit = '') {
  const picker = hr.getByTestId(group);
  await picker.locator('input[type="search"]').fill(name);
  await picker.locator('ul.picks li button', { hasText: unit ? `${name} · ${unit}` : name }).first().click();
}

async function newRound(hr: Page, title: string, voters: string[], candidates: [string, string][]) {
  await hr.goto('/reserve/rounds');
  await hydrated(hr);
  for (const v of voters) await addByName(hr, 'round-voters', v);
  for (const [name, unit] of candidates) await addByName(hr, 'round-candidates', name, unit);
  await expect(hr.getByTestId('round-voters').getByTestId('picked').locator('li')).toHaveCount(voters.length);
  await expect(hr.getByTestId('round-candidates').getByTestId('picked').locator('li')).toHaveCount(candidates.length);
  await hr.getByLabel('名称').fill(title);
  await hr.getByLabel('每票可推荐人数').fill('2');
  // Closes in two hours, China time.
  const closes = new Date(Date.now() + (8 + 2) * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  await hr.getByLabel('截止时间').fill(closes);
  await hr.getByRole('button', { name: '发起', exact: true }).click();
  // The new round's page, with the note.
  await expect(hr.getByRole('heading', { name: title })).toBeVisible();
  await expect(hr.getByTestId('flash')).toHaveText('已发起');
  await expect(hr).toHaveURL(/\/reserve\/rounds\/\d+$/);
  return hr.url();
}

/** Close a round: the button asks first. */
async function closeRound(hr: Page) {
  await hr.locator('summary', { hasText: '结束推荐' }).click();
  await hr.getByRole('button', { name: '确认结束' }).click();
}

/** Vote on a phone: open the ballot, tick `picks`, submit; the same voter is then refused. */
async function voteOnPhone(browser: Browser, user: string, title: string, picks: number) {
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const p = await ctx.newPage();
  await loginOk(p, user);
  await p.goto('/reserve/ballot');
  await p.getByRole('link', { name: title }).first().click();
  await expect(p.getByRole('heading', { name: '民主推荐票' })).toBeVisible();
  const boxes = p.locator('input[name="choices[]"][type="checkbox"]');
  for (let i = 0; i < picks; i++) await boxes.nth(i).check();
  await p.getByRole('button', { name: '提交推荐票' }).click();
  await expect(p.getByTestId('ballot-done')).toBeVisible();
  // Nothing on the page fits wider than the phone.
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // A second ballot from the same voter is refused by the server.
  const round = new URL(p.url()).pathname.split('/').pop()!;
  const again = await p.request.post('/api/ballot_cast', { form: { round_id: round, 'choices[]': '0' } });
  expect(again.status()).toBe(400);
  expect(await again.text()).toContain('只能投一次');
  await ctx.close();
}

test('HR runs 民主推荐 rounds, candidates move through the pool into a promotion, leaders give opinions', async ({ browser }) => {
  test.setTimeout(6 * 60_000);
  const [employeeName, leaderName, deptleadName] = await Promise.all(['employee', 'leader', 'deptlead'].map((u) => displayName(browser, u)));
  const hrCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await hrCtx.newPage();
  hr.on('dialog', (d) => d.accept());
  await loginOk(hr, 'hr');

  // Two people not yet in the 副科 pool, from the eligibility search.
  await hr.goto('/reserve/search?target=副科级&days=365');
  await hydrated(hr);
  await expect(hr.getByTestId('search-summary')).toContainText('审查');
  const free = hr.locator('#search tbody tr', { has: hr.getByRole('button', { name: '列入推荐' }) });
  const candidates: [string, string][] = [];
  for (let i = 0; candidates.length < 2; i++) {
    const row = free.nth(i);
    const name = (await row.locator('th').innerText()).trim();
    const unit = (await row.locator('td').first().innerText()).trim();
    if (!candidates.some(([n]) => n === name)) candidates.push([name, unit]);
  }
  const voters = [employeeName, leaderName, deptleadName];

  // Round 1: only the employee votes, 1 of 3, short of two thirds.
  const stamp = String(Date.now() % 100000);
  const first = `副科后备推荐${stamp}甲`;
  await newRound(hr, first, voters, candidates);
  await voteOnPhone(browser, 'employee', first, 1);
  await hr.reload();
  await hydrated(hr);
  await expect(hr.getByTestId('participation')).toContainText('实际参加 1 人');
  await closeRound(hr);
  await expect(hr.getByTestId('round-invalid')).toContainText('三分之二');
  await expect(hr.getByRole('button', { name: '将所选人员列入后备库' })).toHaveCount(0);

  // Round 2: two of three vote, on phones: valid.
  const second = `副科后备推荐${stamp}乙`;
  const roundUrl = await newRound(hr, second, voters, candidates);
  await voteOnPhone(browser, 'employee', second, 2);
  await voteOnPhone(browser, 'leader', second, 1);
  await hr.goto(roundUrl);
  await hydrated(hr);
  await expect(hr.getByTestId('participation')).toContainText('实际参加 2 人');
  await closeRound(hr);
  await expect(hr.getByTestId('participation')).toContainText('推荐有效');
  const result = hr.locator('#round-result');
  await expect(result).toContainText('2 票（100.0%）');
  // No page shows who voted: the voters' names are nowhere on the result.
  for (const v of voters) await expect(result).not.toContainText(v);
  for (const [name] of candidates) await hr.getByLabel(`列入 ${name}`).check();
  await hr.getByRole('button', { name: '将所选人员列入后备库' }).click();
  await expect(hr.getByRole('status').filter({ hasText: '列入后备库' })).toHaveText('已将 2 人列入后备库');

  // Both are in the 副科 pool, with their votes.
  await hr.goto('/reserve/pool/4');
  await hydrated(hr);
  for (const [name] of candidates) {
    const row = hr.locator('#candidates tbody tr', { hasText: name }).filter({ hasText: '票（' }).first();
    await expect(row).toBeVisible();
  }
  // The first is inspected and decided: the promotion's 任前公示 starts in the posts module.
  await hr.locator('#candidates tbody tr', { hasText: candidates[0][0] }).filter({ hasText: '推荐' }).first().getByRole('link').click();
  await hydrated(hr);
  await expect(hr.getByTestId('verdict')).toBeVisible();
  await hr.getByRole('button', { name: '列为考察对象' }).click();
  await expect(hr.locator('h1 .tag')).toHaveText('考察');
  await hr.getByLabel('考察组成员').fill('组织人事部 张伟、李娜');
  await hr.getByLabel('谈话人数').fill('14');
  await hr.getByLabel('考察情况（支持 Markdown）').fill('- 政治素质好\n- **工作实绩突出**');
  await hr.getByLabel('考察结论').fill('考察合格');
  await hr.getByRole('button', { name: '保存考察情况' }).click();
  await expect(hr.getByTestId('conclusion')).toHaveText('考察合格');
  await expect(hr.locator('.markdown strong')).toHaveText('工作实绩突出');
  await hr.getByRole('button', { name: '提交研究决定' }).click();
  await expect(hr.locator('h1 .tag')).toHaveText('研究决定');
  const post = hr.locator('#dc-post option', { hasText: '（副科级）' }).first();
  await hr.locator('#dc-post').selectOption((await post.getAttribute('value'))!);
  await hr.getByRole('button', { name: '发起任前公示' }).click();
  await expect(hr.locator('h1 .tag')).toHaveText('公示');
  await expect(hr.locator('#moves')).toContainText('研究决定 → 公示');
  await hr.goto('/posts/promotions');
  await hydrated(hr);
  await expect(hr.locator('main')).toContainText(candidates[0][0]);

  // A leader compares two candidates and records an opinion on each.
  const leaderCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const leader = await leaderCtx.newPage();
  await loginOk(leader, 'leader');
  await leader.goto('/reserve/pool/4');
  await hydrated(leader);
  // Sortable: by age (a link: the order is in the address), then the other way.
  await leader.getByRole('link', { name: '年龄' }).click();
  await expect(leader).toHaveURL(/sort=age/);
  await expect(leader.locator('th[aria-sort="ascending"]')).toContainText('年龄');
  const ages = async () => (await leader.locator('#candidates tbody td[data-label="年龄"]').allInnerTexts()).map(Number);
  const up = await ages();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await leader.getByRole('link', { name: /年龄/ }).click();
  await expect(leader.locator('th[aria-sort="descending"]')).toContainText('年龄');
  const down = await ages();
  expect(down).toEqual([...down].sort((a, b) => b - a));
  const boxes = leader.locator('#candidates tbody input[type="checkbox"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await leader.getByRole('button', { name: /比较所选/ }).click();
  await expect(leader).toHaveURL(/\/reserve\/compare\?ids=/);
  await hydrated(leader);
  await expect(leader.locator('#compare thead th')).toHaveCount(3);
  const forms = leader.locator('form.opinion-form');
  await expect(forms).toHaveCount(2);
  await forms.nth(0).getByLabel('同意', { exact: true }).check();
  await forms.nth(0).getByRole('button', { name: '提交意见' }).click();
  await expect(forms.nth(0).getByRole('status')).toHaveText('意见已记录');
  await forms.nth(1).getByLabel('不同意', { exact: true }).check();
  await forms.nth(1).getByLabel('说明（选填）').fill('任职时间偏短');
  await forms.nth(1).getByRole('button', { name: '提交意见' }).click();
  await expect(forms.nth(1).getByRole('status')).toHaveText('意见已记录');
  const compared = new URL(leader.url()).searchParams.getAll('ids');
  await leaderCtx.close();
  // HR sees the tally.
  await hr.goto(`/reserve/entry/${compared[0]}`);
  await hydrated(hr);
  await expect(hr.getByTestId('tally')).toContainText(/同意 [1-9]/);
  await expect(hr.locator('#opinions')).toContainText(leaderName);
  await hrCtx.close();

  // The employee: refused everywhere in the module, the menu has no entry, the ballot list opens.
  const empCtx = await browser.newContext({ viewport: PHONE });
  const emp = await empCtx.newPage();
  await loginOk(emp, 'employee');
  await expect(emp.locator('nav.mainnav')).not.toContainText('后备干部');
  for (const path of ['/reserve', '/reserve/pool/4', `/reserve/entry/${compared[0]}`, `/reserve/compare?ids=${compared.join(',')}`, '/reserve/rounds', '/reserve/search', '/reserve/settings']) {
    const res = await emp.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(emp.getByRole('heading', { name: '无权访问' })).toBeVisible();
  }
  const api = await emp.request.post('/api/reserve_pool', { form: { target: '副科级', closed: 'false' } });
  expect(api.status()).toBe(403);
  await emp.goto('/reserve/ballot');
  await expect(emp.getByRole('heading', { name: '民主推荐投票' })).toBeVisible();
  await empCtx.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  async function logIn(page: Page, user: string) {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/$/);
  }

  test('HR runs a paper round and keeps the pool by forms and links; a leader gives an opinion', async ({ page, browser }) => {
    test.setTimeout(3 * 60_000);
    await logIn(page, 'hr');

    // People not in the 副科 pool, by 人员编号 (the search's own forms carry them).
    await page.goto('/reserve/search?target=副科级&days=365');
    const numbers = await page.locator('#search tbody tr form input[name="input[person_id]"]').evaluateAll((xs) =>
      xs.map((x) => (x as HTMLInputElement).value),
    );
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    const [a, b] = numbers;
    // Voters: anyone on the roster.
    await page.goto('/roster');
    const voters = (await page.locator('table.data tbody a[href^="/roster/"]').evaluateAll((xs) => xs.map((x) => x.getAttribute('href')!.split('/').pop()!)))
      .filter((n) => /^\d+$/.test(n) && n !== a && n !== b);
    expect(voters.length).toBeGreaterThanOrEqual(3);

    // A paper round, people typed by number.
    await page.goto('/reserve/rounds');
    const title = `纸质推荐${Date.now() % 100000}`;
    await page.getByLabel('名称').fill(title);
    await page.getByLabel('投票方式').selectOption('paper');
    await page.getByLabel('参加推荐的人员（人员编号，多个用逗号分隔）').fill(voters.slice(0, 3).join(', '));
    await page.getByLabel('推荐对象（人员编号，多个用逗号分隔）').fill(`${a}, ${b}`);
    await page.getByRole('button', { name: '发起', exact: true }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByTestId('flash')).toHaveText('已发起');
    await expect(page.getByTestId('participation')).toContainText('应参加 3 人');

    // Counts beyond the ballots are refused with the numbers; then entered.
    await page.getByLabel('收回票数').fill('3');
    const counts = page.locator('#round-result input[type="number"]');
    await counts.nth(0).fill('3');
    await counts.nth(1).fill('3');
    await page.getByRole('button', { name: '保存票数' }).click();
    await expect(page.getByTestId('round-error')).toContainText('超过');
    await counts.nth(0).fill('3');
    await counts.nth(1).fill('');
    await page.getByLabel('收回票数').fill('3');
    await page.getByRole('button', { name: '保存票数' }).click();
    await expect(page.getByTestId('flash')).toHaveText('票数已保存');
    await expect(page.getByTestId('participation')).toContainText('实际参加 3 人');

    // Closing asks first; then the first candidate enters the pool.
    await page.locator('summary', { hasText: '结束推荐' }).click();
    await page.getByRole('button', { name: '确认结束' }).click();
    await expect(page.getByTestId('participation')).toContainText('推荐有效');
    await expect(page.locator('#round-result')).toContainText('3 票（100.0%）');
    await page.locator('#round-result tbody tr', { hasText: '3 票' }).locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: '将所选人员列入后备库' }).click();
    await expect(page.getByTestId('flash')).toHaveText('已将 1 人列入后备库');

    // The second by number from the pool's own form: a signed recommendation needs its name.
    await page.goto('/reserve/pool/4');
    await page.getByLabel('人选（人员编号）').fill(b);
    await page.getByLabel('推荐方式').selectOption('个人署名推荐');
    await page.getByRole('button', { name: '列入副科级后备库' }).click();
    await expect(page.locator('#recommend-form .field-error')).toBeVisible();
    await page.getByLabel('人选（人员编号）').fill(b);
    await page.getByLabel('推荐方式').selectOption('个人署名推荐');
    await page.getByLabel('推荐人（个人署名推荐必填）').fill('王建国');
    await page.getByRole('button', { name: '列入副科级后备库' }).click();
    await expect(page.getByTestId('flash')).toHaveText('已列入后备库');

    // Filters and sorting live in the address.
    await page.getByLabel('阶段').selectOption('推荐');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/stage=/);
    const stages = await page.locator('#candidates tbody td[data-label="阶段"]').allInnerTexts();
    expect(stages.length).toBeGreaterThan(1);
    expect(new Set(stages)).toEqual(new Set(['推荐']));
    await page.getByRole('link', { name: '姓名' }).click();
    await expect(page).toHaveURL(/stage=.*sort=name/);
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText('姓名');
    await page.getByLabel('姓名', { exact: true }).fill('没有这个人');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.getByText('没有符合条件的人选。')).toBeVisible();
    await page.getByRole('link', { name: '清除' }).click();

    // Comparing: one is not enough, two are.
    const boxes = page.locator('#candidates tbody input[type="checkbox"]');
    await boxes.nth(0).check();
    await page.getByRole('button', { name: '比较所选' }).click();
    await expect(page.getByRole('alert')).toContainText('2 到 4');
    await page.goBack();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: '比较所选' }).click();
    await expect(page.locator('#compare thead th')).toHaveCount(3);
    const ids = new URL(page.url()).searchParams.getAll('ids');

    // A leader's opinion, from the candidate's page.
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const leader = await ctx.newPage();
    await logIn(leader, 'leader');
    await leader.goto(`/reserve/entry/${ids[0]}`);
    const form = leader.locator('form.opinion-form');
    await form.getByLabel('弃权', { exact: true }).check();
    await form.getByLabel('说明（选填）').fill('再了解');
    await form.getByRole('button', { name: '提交意见' }).click();
    await expect(form.getByRole('status')).toHaveText('意见已记录');
    await expect(leader.locator('#opinions')).toContainText('再了解');
    await ctx.close();
  });
});
