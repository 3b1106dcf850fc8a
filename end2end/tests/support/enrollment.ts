// What the enrollment and review specs share: their installation, and an applicant's steps.
import type { Page } from '@playwright/test';
import { test as base, expect, enrollmentPortal, invitePortal, setupLinkFromConsole, type Portal } from './fixtures';
import { linkIn, waitForEmail } from './mail';
import { enterCode, setUpTwoFactorAndGoOn, usesTwoFactor } from './two_factor';

/** The enrollment installation's test object: its base URL is that portal's. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use((await enrollmentPortal()).url);
  },
});

export const ADMIN = { name: 'Min-jun Oh', email: 'minjun.oh@operator.example', password: 'enrollment admin passphrase' };

/** With CSP_E2E_SCREENSHOTS=<dir>, saves a full-page screenshot there (for looking at the pages). */
export async function snap(page: Page, name: string) {
  const dir = process.env.CSP_E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** A name no other test (or run of this one) uses. */
export function unique(prefix: string, testInfo: { project: { name: string } }): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}${testInfo.project.name.replace('-', '')}`;
}

/** `days` business days (Monday to Friday) after today (UTC), as YYYY-MM-DD. */
export function businessDaysFromToday(days: number): string {
  const date = new Date();
  date.setUTCHours(12, 0, 0, 0);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}

export async function joinProgram(page: Page, legalName: string, country: string, contact: string): Promise<string> {
  await page.goto('/join');
  await page.getByLabel('Legal name of the business').fill(legalName);
  await page.getByLabel('Country of the business').selectOption(country);
  await page.getByLabel('Primary contact e-mail').fill(contact);
  await page.getByRole('button', { name: 'Join and get a program ID' }).click();
  const id = (await page.getByTestId('program-id').textContent())?.trim() ?? '';
  expect(id).toMatch(/^[1-9]\d{6}$/);
  return id;
}

/** Starts an application and opens it with the link from the e-mail. */
export async function startAndOpen(page: Page, programId: string, workEmail: string, baseURL: string) {
  await page.goto(`/apply?program_id=${programId}`);
  await expect(page.getByLabel('Program ID')).toHaveValue(programId);
  await page.getByLabel('Work e-mail').first().fill(workEmail);
  await page.getByRole('button', { name: 'Start the application' }).click();
  await expect(page.getByTestId('link-sent')).toContainText('Check your inbox');
  const email = await waitForEmail(workEmail, /Confirm your e-mail/);
  const link = linkIn(email, `${baseURL}/apply/open?token=`);
  await page.goto(link);
  await page.getByRole('button', { name: 'Open my application' }).click();
  await expect(page).toHaveURL(/\/application\/program-id$/);
}

/** Signs in as `email` with `password` on the sign-in page of the portal at `base`; when the
 * password is right and the user set up two-factor sign-in (in this worker), enters the code
 * from their authenticator too. */
export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Work e-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (!usesTwoFactor(page, email)) return;
  const codeStep = page.getByRole('heading', { level: 1, name: 'Enter your code' });
  await expect(codeStep.or(page.getByRole('alert'))).toBeVisible();
  if (await codeStep.isVisible()) await enterCode(page, email);
}

export async function saveAndContinue(page: Page) {
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** A business's answers in the business step; `state` only where the country has them. */
export interface Business {
  street: string;
  city: string;
  state?: string;
  postalCode: string;
  phone: string;
  website?: string;
}

/** Fills in the business step with `legalName` and `business`. */
export async function fillBusiness(page: Page, legalName: string, business: Business) {
  await page.getByLabel('Legal name of the business').fill(legalName);
  await page.getByLabel('Street address').fill(business.street);
  await page.getByLabel('City').fill(business.city);
  if (business.state) await page.getByLabel('State or territory').selectOption(business.state);
  await page.getByLabel('Postal code').fill(business.postalCode);
  await page.getByLabel('Phone').fill(business.phone);
  if (business.website) await page.getByLabel('Website (optional)').fill(business.website);
}

export async function fillGermanBusiness(page: Page, legalName: string) {
  await fillBusiness(page, legalName, {
    street: 'Friedrichstraße 123',
    city: 'Berlin',
    postalCode: '10117',
    phone: '030 1234567',
    website: 'www.contoso.example',
  });
}

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** Creates the first program admin `admin` with the set-up link `link`. */
export async function createFirstAdmin(page: Page, link: string, admin: Person = ADMIN) {
  await page.goto(link);
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Work e-mail').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Password again').fill(admin.password);
  await page.getByRole('button', { name: 'Create the program admin' }).click();
  // a new installation: the admin is created and must set up two-factor sign-in first
  const setUp = page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' });
  await expect(setUp.or(page.getByRole('alert'))).toBeVisible();
  if (await setUp.isVisible()) await setUpTwoFactorAndGoOn(page, admin.email);
}

/** Signs in as `admin`, the program admin of `portal`, creating them first when the portal has
 * no user yet (whichever test of the worker comes first). */
export async function signInAsFirstAdmin(page: Page, portal: Promise<Portal>, admin: Person) {
  const { url } = await portal;
  await createFirstAdmin(page, await setupLinkFromConsole(portal), admin);
  // a new installation: the admin is created and signed in; otherwise the link was used already
  const used = page.getByRole('alert').filter({ hasText: 'This link is no longer valid' });
  await expect(page.getByTestId('account-name').or(used)).toBeVisible();
  const key = `${url}|${admin.email}`;
  if (await page.getByTestId('account-name').isVisible()) {
    sessions.set(key, { cookies: await page.context().cookies(url), at: Date.now() });
    return;
  }
  // this worker's admin signed in a moment ago: that session (each sign-in takes a new
  // authenticator code, and the clock gives one every 30 seconds). Not an older one: its
  // proof for sensitive actions (10 minutes) must outlast the test that borrows it.
  const saved = sessions.get(key);
  if (saved && Date.now() - saved.at < SESSION_REUSE_MS) {
    await page.context().addCookies(saved.cookies);
    await page.goto(`${url}/account`);
    if (/\/account$/.test(page.url())) return;
  }
  await signIn(page, url, admin.email, admin.password);
  await expect(page).toHaveURL(/\/account$/);
  sessions.set(key, { cookies: await page.context().cookies(url), at: Date.now() });
}

/** How long a program admin's session is lent to the worker's next tests. */
const SESSION_REUSE_MS = 3 * 60_000;

/** The session cookies of each portal's program admin and when they signed in, by
 * `url|email` (this worker's). */
const sessions = new Map<
  string,
  { cookies: Awaited<ReturnType<import('@playwright/test').BrowserContext['cookies']>>; at: number }
>();

/** Signs in as this installation's program admin, creating them first when needed. */
export async function signInAsProgramAdmin(page: Page, _baseURL: string, variant: 'enroll' | 'invite' = 'enroll') {
  await signInAsFirstAdmin(page, variant === 'enroll' ? enrollmentPortal() : invitePortal(), ADMIN);
}

/** Joins, starts, opens and fills in a whole German direct-bill application, then submits it.
 * Returns the program ID. */
export async function submitWholeApplication(
  page: Page,
  baseURL: string,
  legalName: string,
  workEmail: string,
  contact: string,
  model: 'Indirect reseller' | 'Indirect provider' | 'Direct-bill partner' = 'Indirect reseller',
): Promise<string> {
  const programId = await joinProgram(page, legalName, 'DE', contact);
  await startAndOpen(page, programId, workEmail, baseURL);
  await page.getByLabel('Country of the business address').selectOption('DE');
  await saveAndContinue(page);
  await fillGermanBusiness(page, legalName);
  await saveAndContinue(page);
  await page.getByLabel('Account holder').fill(legalName);
  await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await page.getByLabel('BIC (SWIFT code)').fill('COBADEFFXXX');
  await saveAndContinue(page);
  await page.getByLabel(model).check();
  if (model !== 'Indirect reseller') {
    const criteria = page.getByRole('group', { name: 'Acceptance criteria' }).getByRole('checkbox');
    for (const box of await criteria.all()) await box.check();
  }
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/application\/review$/);
  await submitFromReview(page);
  return programId;
}

/** Accepts the agreement and submits from the review page. */
export async function submitFromReview(page: Page) {
  await page.getByLabel('Your full name').fill('Hanna Schmidt');
  await page.getByLabel('Your job title').fill('Managing Director');
  await page.getByLabel('I accept the CSP partner agreement on behalf of the business.').check();
  await page.getByRole('button', { name: 'Submit the application' }).click();
  await expect(page).toHaveURL(/\/application\/status$/);
}
