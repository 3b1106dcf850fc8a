import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot work on our machines.
const chromium = {
  ...devices['Desktop Chrome'],
  channel: undefined,
  launchOptions: {
    executablePath: process.env.CSP_E2E_CHROMIUM ?? '/usr/bin/chromium',
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
  // The server under test is one process with one database: keep the load predictable.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  globalSetup: './global-setup.ts',
  use: {
    trace: 'retain-on-failure',
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
