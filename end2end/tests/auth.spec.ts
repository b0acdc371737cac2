import { expect, test } from '@playwright/test';
import { hydrated, login, loginOk, navLinks, PASSWORD } from './helpers';

test('each demo role logs in and sees its own menu', async ({ page }) => {
  const expected: Record<string, string[]> = {
    admin: ['首页', '培训课程', '我的', '系统管理'],
    hr: ['首页', '花名册', '培训课程', '岗位任免', '培训考核', '后备干部', '我的'],
    leader: ['首页', '花名册', '培训课程', '岗位任免', '培训考核', '后备干部', '我的'],
    employee: ['首页', '培训课程', '我的'],
  };
  for (const [user, menu] of Object.entries(expected)) {
    await loginOk(page, user);
    expect(await navLinks(page)).toEqual(menu);
    await page.getByRole('button', { name: '退出' }).click();
    await expect(page).toHaveURL(/\/login$/);
  }
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await login(page, 'hr', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login/);
  // An unknown user reads exactly the same.
  await login(page, 'no-such-user', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
});

test('logout ends the session', async ({ page }) => {
  await loginOk(page, 'hr');
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/roster');
  await expect(page).toHaveURL(/\/login\?next=%2Froster|\/login\?next=\/roster/);
});

test('an employee opening an admin URL gets a refusal page, not data', async ({ page }) => {
  await loginOk(page, 'employee');
  const res = await page.goto('/admin');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();
  await expect(page.locator('table')).toHaveCount(0);
  const audit = await page.goto('/admin/audit');
  expect(audit?.status()).toBe(403);
});

test('anonymous visitors are sent to login and come back after it', async ({ page }) => {
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
});

test('admin creates an account; it must change its password; five failures lock it', async ({ page, browser }) => {
  await loginOk(page, 'admin');
  await page.goto('/admin');
  await hydrated(page);
  // The form opens in place (a disclosure: no script needed).
  await page.locator('summary', { hasText: '新建账户' }).click();
  await page.getByLabel('用户名').fill('e2e.lock');
  await page.getByLabel('显示名称').fill('测试锁定');
  await page.getByRole('button', { name: '创建' }).click();
  const temp = (await page.getByTestId('issued-password').innerText()).trim();
  expect(temp.length).toBeGreaterThanOrEqual(12);
  await expect(page.getByRole('cell', { name: 'e2e.lock' })).toBeVisible();

  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  // First login with the temporary password leads to the change-password page.
  await login(p2, 'e2e.lock', temp);
  await expect(p2).toHaveURL(/\/password$/);
  await hydrated(p2);
  await p2.getByLabel('当前密码').fill(temp);
  await p2.getByLabel('新密码', { exact: true }).fill('short');
  await p2.getByLabel('确认新密码').fill('short');
  await p2.getByRole('button', { name: '保存' }).click();
  await expect(p2.locator('.field-error')).toContainText('至少');
  await p2.getByLabel('新密码', { exact: true }).fill('Xinmima2026');
  await p2.getByLabel('确认新密码').fill('Xinmima2026');
  await p2.getByRole('button', { name: '保存' }).click();
  await expect(p2).toHaveURL(/\/$/);
  await p2.getByRole('button', { name: '退出' }).click();
  await expect(p2).toHaveURL(/\/login$/);

  for (let i = 1; i <= 4; i++) {
    await login(p2, 'e2e.lock', `wrong-${i}-pass`);
    await expect(p2.getByRole('alert')).toHaveText('用户名或密码错误');
  }
  await login(p2, 'e2e.lock', 'wrong-5-pass');
  await expect(p2.getByRole('alert')).toContainText('已临时锁定');
  // The right password does not help while locked.
  await login(p2, 'e2e.lock', 'Xinmima2026');
  await expect(p2.getByRole('alert')).toContainText('已临时锁定');
  await ctx.close();

  // The lockout is in the audit log, filterable.
  await page.goto('/admin/audit?entity=login&action=lockout');
  await expect(page.getByRole('cell', { name: 'lockout' })).toBeVisible();
});

test("admin edits an account's roles, resets its password and sees its sessions", async ({ page }) => {
  await loginOk(page, 'admin');
  await page.goto('/admin');
  await page.locator('summary', { hasText: '新建账户' }).click();
  await page.getByLabel('用户名').fill('e2e.roles');
  await page.getByLabel('显示名称').fill('测试角色');
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page.getByTestId('issued-password')).toBeVisible();
  const row = page.locator('tbody tr', { hasText: 'e2e.roles' });
  await expect(row.locator('td').nth(2)).toHaveText('职工');

  // Roles: a box per role and one 部室 for HR and leaders.
  await row.getByRole('link', { name: '编辑角色' }).click();
  const panel = page.locator('#panel');
  await expect(panel.getByRole('heading', { name: /编辑角色/ })).toBeVisible();
  await panel.getByRole('checkbox', { name: '人事' }).check();
  await panel.getByLabel(/范围/).selectOption({ label: '　办公室' });
  await panel.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('flash')).toContainText('角色已保存');
  await expect(page.locator('#panel')).toHaveCount(0);
  await expect(row.locator('td').nth(2)).toHaveText('人事（办公室）、职工');

  // A reset asks first and shows the new password once.
  await row.locator('summary', { hasText: '重置密码' }).click();
  await row.getByRole('button', { name: '确认重置' }).click();
  const temp = (await page.getByTestId('issued-password').innerText()).trim();
  expect(temp.length).toBeGreaterThanOrEqual(12);
  await page.reload();
  await expect(page.getByTestId('issued-password')).toHaveCount(0);

  // Disabling asks first; the account's sessions are listed in their own panel.
  await row.locator('summary', { hasText: '停用' }).click();
  await row.getByRole('button', { name: '确认停用' }).click();
  await expect(page.getByTestId('flash')).toHaveText('账户已停用，其所有会话已结束。');
  await expect(row.locator('td').nth(3)).toContainText('已停用');
  await row.getByRole('link', { name: '会话' }).click();
  await expect(page.locator('#panel').getByText('没有在线会话。')).toBeVisible();
});
