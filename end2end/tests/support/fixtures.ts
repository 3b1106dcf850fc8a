// The test object every spec imports: Playwright's, with the base URL of the server that the
// global setup started.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.CSP_BASE_URL;
    if (!url) throw new Error('CSP_BASE_URL is not set: run the tests through the global setup');
    await use(url);
  },
});

export { expect };

/** Resolves once the page has hydrated (the app marks <html data-hydrated> from an effect). */
export async function waitForHydration(page: import('@playwright/test').Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}
