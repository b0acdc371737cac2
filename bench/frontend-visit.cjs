// One cold visit of each page in a fresh browser profile: what the browser downloaded.
// Usage: node bench/frontend-visit.cjs BASE '[{"path": "/login", "user": null}, ...]'
// Prints JSON: per page, the HTML, wasm, JS and CSS files with raw and transferred (encoded) bytes.
const path = require('path');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/@playwright/test'));

(async () => {
  const [base, pagesJson] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const out = [];
  for (const { path: p, user } of JSON.parse(pagesJson)) {
    const context = await browser.newContext();
    if (user) {
      const r = await context.request.post(`${base}/api/login`, { form: { username: user, password: 'demo12345' } });
      if (!r.ok()) throw new Error(`login as ${user}: ${r.status()}`);
    }
    const page = await context.newPage();
    const files = [];
    let requests = 0;
    page.on('request', () => requests++);
    page.on('response', async (res) => {
      const url = new URL(res.url());
      const kind = res.request().resourceType() === 'document' ? 'html' : (url.pathname.match(/\.(wasm|js|css)$/) || [])[1];
      if (!kind) return;
      const body = await res.body().catch(() => Buffer.alloc(0));
      const h = await res.allHeaders();
      files.push({ file: url.pathname, kind, raw: body.length, encoded: Number(h['content-length'] || body.length), encoding: h['content-encoding'] || '' });
    });
    await page.goto(`${base}${p}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-hydrated="1"]', { timeout: 30000 });
    await page.waitForTimeout(300);
    out.push({ path: p, user, requests, files });
    await context.close();
  }
  await browser.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
