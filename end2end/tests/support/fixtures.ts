// The test object every spec imports: Playwright's, with a worker-scoped harness (the worker's
// own SMTP sink and portals, see harness.ts) and the base URL of the worker's main portal.
import { test as base, expect, type BrowserContext, type Page, type Response } from '@playwright/test';
import { Harness, setupLinkIn, type Portal } from './harness';

export type { Portal };

let current: Harness | undefined;

/** This worker's harness (its SMTP sink and portals). */
export function harness(): Harness {
  if (!current) throw new Error('no harness: import `test` from tests/support/fixtures');
  return current;
}

/** Contexts whose pages run without JavaScript (they never hydrate). */
const withoutJavaScript = new WeakSet<BrowserContext>();

/** With JavaScript on, a page load is done when the page has hydrated: `goto` and `reload` wait
 * for the marker the app sets (<html data-hydrated>), so no test types or clicks into a page
 * that is not live yet. Patched once per worker, on Playwright's Page class. */
function waitForHydrationOnLoad(page: Page) {
  const proto = Object.getPrototypeOf(page) as Page & { __cspHydrationWait?: boolean };
  if (proto.__cspHydrationWait) return;
  proto.__cspHydrationWait = true;
  for (const method of ['goto', 'reload'] as const) {
    const original = proto[method] as (this: Page, ...args: unknown[]) => Promise<Response | null>;
    (proto as unknown as Record<string, unknown>)[method] = async function (this: Page, ...args: unknown[]) {
      const response = await original.apply(this, args);
      const html = (response?.headers()['content-type'] ?? '').startsWith('text/html');
      if (html && !withoutJavaScript.has(this.context())) await waitForHydration(this);
      return response;
    };
  }
}

export const test = base.extend<{ freshPortal: Portal }, { harness: Harness }>({
  // contexts a test opens itself say whether they run JavaScript
  browser: [
    async ({ browser }, use, workerInfo) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        // a context a test opens takes the project's settings unless it names its own
        const javaScriptEnabled = options?.javaScriptEnabled ?? workerInfo.project.use.javaScriptEnabled;
        if (javaScriptEnabled === false) withoutJavaScript.add(context);
        const newPage = context.newPage.bind(context);
        context.newPage = async () => {
          const page = await newPage();
          waitForHydrationOnLoad(page);
          return page;
        };
        return context;
      };
      await use(browser);
    },
    { scope: 'worker' },
  ],
  context: async ({ context, javaScriptEnabled }, use) => {
    if (javaScriptEnabled === false) withoutJavaScript.add(context);
    await use(context);
  },
  page: async ({ page }, use) => {
    waitForHydrationOnLoad(page);
    await use(page);
  },
  harness: [
    async ({}, use, workerInfo) => {
      const h = new Harness(workerInfo.workerIndex);
      current = h;
      try {
        await h.startMail();
        await use(h);
      } finally {
        current = undefined;
        await h.stopAll();
      }
    },
    { scope: 'worker', auto: true, timeout: 120_000 },
  ],
  baseURL: async ({ harness }, use) => {
    await use((await harness.portal('main')).url);
  },
  /** A new installation for this test alone (for what happens once per installation). */
  freshPortal: async ({ harness }, use) => {
    const portal = await harness.freshPortal();
    await use(portal);
    await harness.stopPortal(portal);
  },
});

/** The worker's main portal. */
export function mainPortal(): Promise<Portal> {
  return harness().portal('main');
}

/** The worker's portal whose temporary passwords expire after 15 s. */
export function shortLivedPortal(): Promise<Portal> {
  return harness().portal('short', { CSP_TEMPORARY_PASSWORD_LIFETIME: '15s' });
}

/** The worker's portal whose customer invitation links expire after 20 s. */
export function invitePortal(): Promise<Portal> {
  return harness().portal('invite', { CSP_CUSTOMER_INVITATION_LIFETIME: '20s' });
}

/** The worker's enrollment portal (an installation of the enrollment and review specs' own). */
export function enrollmentPortal(): Promise<Portal> {
  return harness().portal('enroll');
}

/** The newest set-up link the given portal printed on its console. */
export async function setupLinkFromConsole(portal: Portal | Promise<Portal>): Promise<string> {
  return setupLinkIn(await portal);
}

export { expect };

/** Resolves once the page has hydrated (the app marks <html data-hydrated> from an effect). */
export async function waitForHydration(page: import('@playwright/test').Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}
