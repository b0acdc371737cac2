import { expect, test } from '@playwright/test';

// The browser files: a content hash in every name a page references (the stylesheet, and the
// islands' JS and wasm named in the page's loader), cached for a year, sent precompressed with
// brotli to a browser that takes it; the HTML itself is never cached.

test('browser files carry content hashes, are cached long and sent as brotli; pages are not cached', async ({ request }) => {
  const page = await request.get('/login');
  expect(page.status()).toBe(200);
  expect(page.headers()['cache-control']).toBe('no-store');
  const html = await page.text();

  const refs = [
    ...[...html.matchAll(/(?:href|src)="(\/pkg\/[^"]+)"/g)].map((m) => m[1]),
    // The loader names the islands' files as strings.
    ...[...html.matchAll(/'(\/pkg\/yucai\.[^']+)'/g)].map((m) => m[1]),
  ];
  expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
  expect(refs.some((r) => r.endsWith('.wasm'))).toBe(true);
  expect(refs.some((r) => r.endsWith('.css'))).toBe(true);

  for (const ref of new Set(refs)) {
    const file = ref.split('/').pop()!;
    expect(file, `${ref} has a content hash in its name`).toMatch(/^yucai\.[A-Za-z0-9_-]{8,}\.(js|wasm|css)$/);
    const res = await request.get(ref, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.status(), ref).toBe(200);
    expect(res.headers()['cache-control'], ref).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['content-encoding'], ref).toBe('br');
    const gz = await request.get(ref, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers()['content-encoding'], ref).toBe('gzip');
  }
});
