// The test object every spec imports: Playwright's, with the base URL of the server that the
// global setup started.
import { test as base, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** The environment key of a project: `js` → `JS`, `no-js` → `NO_JS`. */
export function projectKey(projectName: string): string {
  return projectName.toUpperCase().replace('-', '_');
}

// Each project (JavaScript on / off) has its own portal with its own database.
export const test = base.extend({
  baseURL: async ({}, use, testInfo) => {
    const url = process.env[`CSP_BASE_URL_${projectKey(testInfo.project.name)}`];
    if (!url) throw new Error('the portal URL is not set: run the tests through the global setup');
    await use(url);
  },
});

/** The address of this project's second portal, whose temporary passwords expire after 10 s. */
export function shortLivedPortal(projectName: string): string {
  const url = process.env[`CSP_BASE_URL_SHORT_${projectKey(projectName)}`];
  if (!url) throw new Error('the short-lived portal is not running: run the tests through the global setup');
  return url;
}

/** The address of this project's portal whose customer invitation links expire after 20 s. */
export function invitePortal(projectName: string): string {
  const url = process.env[`CSP_BASE_URL_INVITE_${projectKey(projectName)}`];
  if (!url) throw new Error('the invitation portal is not running: run the tests through the global setup');
  return url;
}

/** The address of this project's enrollment portal (an installation of the enrollment spec's own). */
export function enrollmentPortal(projectName: string): string {
  const url = process.env[`CSP_BASE_URL_ENROLL_${projectKey(projectName)}`];
  if (!url) throw new Error('the enrollment portal is not running: run the tests through the global setup');
  return url;
}

/** The newest set-up link the portal of this project (or its `short` or `enroll` twin) printed on its console. */
export function setupLinkFromConsole(projectName: string, variant: '' | 'short' | 'enroll' | 'invite' = ''): string {
  const prefix = variant ? `${variant.toUpperCase()}_` : '';
  const log = process.env[`CSP_SERVER_LOG_${prefix}${projectKey(projectName)}`];
  if (!log) throw new Error('the server log is not known: run the tests through the global setup');
  const links = readFileSync(log, 'utf8').match(/http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/g);
  if (!links) throw new Error('the portal printed no set-up link');
  return links[links.length - 1];
}

export { expect };

/** Resolves once the page has hydrated (the app marks <html data-hydrated> from an effect). */
export async function waitForHydration(page: import('@playwright/test').Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}
