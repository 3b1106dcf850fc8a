// Accessibility check for any page: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function expectAccessible(page: Page, testInfo: TestInfo, name = 'axe') {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
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
