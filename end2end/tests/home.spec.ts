import { test, expect, waitForHydration } from './support/fixtures';
import { expectAccessible } from './support/a11y';

test.describe('home page', () => {
  test('is rendered on the server with the three ways in', async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(page).toHaveTitle(/Cloud Solution Provider program/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Enroll in the Cloud Solution Provider program',
    );
    const actions = page.locator('.hero .actions');
    await expect(actions.getByRole('link', { name: 'Join the partner program' })).toHaveAttribute('href', '/join');
    await expect(actions.getByRole('link', { name: 'Apply to the CSP program' })).toHaveAttribute('href', '/apply');
    await expect(actions.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    await expect(page.getByRole('heading', { name: 'Decide which CSP model works for you' })).toBeVisible();
    for (const model of ['Direct-bill partner', 'Indirect provider', 'Indirect reseller']) {
      await expect(page.getByRole('heading', { name: model, level: 3 })).toBeVisible();
    }
  });

  test('each way in leads to its form', async ({ page }) => {
    await page.goto('/');
    await page.locator('.hero').getByRole('link', { name: 'Join the partner program' }).click();
    await expect(page).toHaveURL(/\/join$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join the partner program');
    await expect(page.getByLabel('Legal name of the business')).toBeVisible();
    await page.goto('/');
    await page.locator('.hero').getByRole('link', { name: 'Apply to the CSP program' }).click();
    await expect(page).toHaveURL(/\/apply$/);
    await expect(page.getByRole('button', { name: 'Start the application' })).toBeVisible();
  });

  test('the no-JavaScript run really runs without JavaScript @no-js-only', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });

  test('hydrates: client-side navigation keeps the page alive @js-only', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    // A value on window survives only if the router navigates in the page, without a load.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await page.locator('.site-nav').getByRole('link', { name: 'Apply' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Apply to the CSP program');
    await expect(page).toHaveTitle(/Apply to the CSP program/);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  });

  test('has no WCAG 2.2 AA violations, in English and Korean @js-only', async ({ page, context }, testInfo) => {
    await page.goto('/');
    // Once hydrated, the page writes its language to the cookie; wait for that, or it could
    // overwrite the Korean cookie set below.
    await waitForHydration(page);
    await expectAccessible(page, testInfo, 'home-en');
    await context.addCookies([{ name: 'csp_lang', value: 'ko', url: page.url() }]);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expectAccessible(page, testInfo, 'home-ko');
  });

  test('the pages behind the ways in have no WCAG 2.2 AA violations @js-only', async ({ page }, testInfo) => {
    for (const path of ['/join', '/apply', '/sign-in']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, testInfo, `way-in${path.replace('/', '-')}`);
    }
  });
});
