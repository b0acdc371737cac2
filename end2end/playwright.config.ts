import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';

// The server under test (YUCAI_BIN: make test-e2e passes the debug build the integration tests
// build; a release build works the same) on a fresh SQLite file with the demo organisation.
const port = Number(process.env.YUCAI_E2E_PORT || 3100);
const bin = process.env.YUCAI_BIN || path.resolve(__dirname, '../target/release/yucai');
const siteRoot = process.env.YUCAI_SITE_ROOT || path.resolve(__dirname, '../target/site');
const db = path.join(os.tmpdir(), `yucai-e2e-${port}.db`);

export default defineConfig({
  testDir: './tests',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // The key file comes from git, which does not keep its 0600 mode; the server refuses it otherwise.
    command: `chmod 600 data/secret.key && rm -f ${db} ${db}-wal ${db}-shm && exec ${bin} serve --demo --addr 127.0.0.1:${port} --site-root ${siteRoot}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { DATABASE_URL: `sqlite:${db}`, RUST_LOG: 'warn' },
  },
});
