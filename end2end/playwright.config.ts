import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium, as its headless shell (package chromium-headless-shell): the same engine
// without the desktop browser around it, as Playwright itself runs headless tests; the suite
// takes about a third less time than with the full browser. Playwright's own browser download
// cannot work on our machines.
const chromium = {
  ...devices['Desktop Chrome'],
  channel: undefined,
  launchOptions: {
    executablePath: process.env.CSP_E2E_CHROMIUM ?? '/usr/bin/chromium-headless-shell',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  // Every worker starts its own portals and SMTP sink (tests/support/harness.ts), so workers share
  // nothing. The same settings everywhere: no environment variable changes workers or time limits.
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // one page and its checks; a test that goes through a longer flow sets its own limit
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  globalSetup: './global-setup.ts',
  use: {
    // a failed test keeps its actions with their source lines, the console log and a screenshot;
    // DOM snapshots, which Playwright records together with the network log, and screencast
    // frames would cost a quarter of the suite's time
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false },
    screenshot: 'only-on-failure',
    locale: 'en-US',
  },
  // Every spec runs twice: with JavaScript (hydrated) and without (server-rendered HTML and
  // plain forms). Tests tagged @js-only or @no-js-only belong to one of the two.
  projects: [
    {
      name: 'js',
      grepInvert: /@no-js-only/,
      use: { ...chromium, javaScriptEnabled: true },
    },
    {
      name: 'no-js',
      grepInvert: /@js-only/,
      use: { ...chromium, javaScriptEnabled: false },
    },
  ],
});
