import { test, expect } from './support/fixtures';
import { expectAccessible } from './support/a11y';

test.describe('404 page', () => {
  test('an unknown address answers 404 with a real page', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle(/Page not found/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Enroll in the Cloud Solution Provider program',
    );
  });

  test.describe('in Korean', () => {
    test.use({ locale: 'ko-KR', extraHTTPHeaders: { 'Accept-Language': 'ko-KR,ko;q=0.9' } });

    test('is translated', async ({ page }) => {
      const response = await page.goto('/nope');
      expect(response?.status()).toBe(404);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다');
      await expect(page.getByRole('link', { name: '홈페이지로 이동' })).toBeVisible();
    });
  });

  test('has no WCAG 2.2 AA violations @js-only', async ({ page }, testInfo) => {
    await page.goto('/no/such/page');
    await expectAccessible(page, testInfo, 'not-found');
  });
});
