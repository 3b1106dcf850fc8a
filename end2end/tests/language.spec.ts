import { test, expect, waitForHydration } from './support/fixtures';

const KOREAN_TITLE = '클라우드 솔루션 공급자 프로그램에 등록';
const ENGLISH_TITLE = 'Enroll in the Cloud Solution Provider program';

test.describe('a browser that prefers Korean', () => {
  test.use({ locale: 'ko-KR', extraHTTPHeaders: { 'Accept-Language': 'ko-KR,ko;q=0.9,en;q=0.5' } });

  test('gets Korean from Accept-Language', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(KOREAN_TITLE);
    await expect(page.getByRole('link', { name: '파트너 프로그램 가입' }).first()).toBeVisible();
  });

  test('gets English once it chose English: the cookie wins', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'csp_lang', value: 'en', url: baseURL! }]);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ENGLISH_TITLE);
  });
});

test.describe('language switch', () => {
  test('switches in place once hydrated, and is remembered @js-only', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await page.getByRole('button', { name: /한국어/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(KOREAN_TITLE);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    // no page load happened: the switch ran in the browser
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // the choice is remembered in a cookie, so the server renders Korean from now on
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(KOREAN_TITLE);
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ENGLISH_TITLE);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ENGLISH_TITLE);
  });

  test('switches with a plain form post without JavaScript @no-js-only', async ({ page }) => {
    await page.goto('/apply');
    await page.getByRole('button', { name: /한국어/ }).click();
    // back on the same page, now in Korean
    await expect(page).toHaveURL(/\/apply$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CSP 프로그램 신청');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(KOREAN_TITLE);
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ENGLISH_TITLE);
  });
});
