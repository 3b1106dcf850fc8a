// Accessibility check for any page: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe runs as a script in the page; without JavaScript it checks the same address, with the same
 * cookies, in a page that has it (what the server rendered is what is checked either way). */
export async function expectAccessible(page: Page, testInfo: TestInfo, name = 'axe') {
  let target = page;
  let scratch: import('@playwright/test').BrowserContext | undefined;
  if (testInfo.project.use.javaScriptEnabled === false) {
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    scratch = await browser.newContext({ javaScriptEnabled: true });
    await scratch.addCookies(await page.context().cookies());
    target = await scratch.newPage();
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target }).withTags(WCAG_AA_TAGS).analyze();
  await scratch?.close();
  await testInfo.attach(`${name}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const summary = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  expect(summary, `axe found WCAG 2.2 AA violations on ${page.url()}`).toEqual([]);
}
