// An approved partner and its global admin, signed in: what the account administration specs
// start from. It goes the whole way a real partner does (apply, review, approval e-mail,
// temporary password, forced change).
import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';
import { waitForEmail } from './mail';
import { setUpTwoFactorAndGoOn } from './two_factor';
import { signIn, signInAsProgramAdmin, submitWholeApplication, unique } from './enrollment';

export interface Partner {
  legalName: string;
  admin: { name: string; email: string; password: string };
}

/** Signs in with a temporary password from `email`'s newest message matching `subject`, and
 * changes it to `password`. */
export async function firstSignIn(page: Page, baseURL: string, email: string, subject: RegExp, password: string) {
  const message = await waitForEmail(email, subject);
  const temporary = message.text.match(/Temporary password: (\S+)/)![1];
  await signIn(page, baseURL, email, temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel('Current password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  // the profile page, not the password page it came from; first the two-factor set-up for
  // those whose roles require it
  await expect(page).toHaveURL(/\/account(\?.*)?$|\/account\/security\/authenticator$/);
  if (/authenticator$/.test(page.url())) await setUpTwoFactorAndGoOn(page, email);
}

/** On the employees page of `page` (a global admin), adds `person` with the role whose box is
 * `#add-<role>`; then, in a browser context of its own, the employee signs in with the e-mailed
 * temporary password and sets `password`. Returns the employee's signed-in page. */
export async function addEmployee(
  page: Page,
  browser: Browser,
  baseURL: string,
  js: boolean,
  person: { name: string; email: string },
  role: string,
  password: string,
): Promise<Page> {
  await page.goto(`${baseURL}/account/users`);
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Work e-mail').fill(person.email);
  await page.locator(`#add-${role}`).check();
  await page.getByRole('button', { name: 'Add employee' }).click();
  await expect(page.getByRole('status')).toHaveText('The employee was added and has been sent a temporary password.');
  const context = await browser.newContext({ javaScriptEnabled: js });
  const employee = await context.newPage();
  await firstSignIn(employee, baseURL, person.email, /Your CSP Portal account/, password);
  return employee;
}

/** Applies, has a program admin approve, and signs `page` in as the new global admin. */
export async function approvedPartner(
  page: Page,
  browser: Browser,
  baseURL: string,
  testInfo: { project: { name: string; use: { javaScriptEnabled?: boolean } } },
  model: 'Indirect reseller' | 'Indirect provider' | 'Direct-bill partner' = 'Indirect reseller',
  legalName = `Adatum ${unique('', testInfo)} GmbH`,
  variant: 'enroll' | 'invite' = 'enroll',
): Promise<Partner> {
  const email = `${unique('admin', testInfo)}@adatum.example`;
  await submitWholeApplication(page, baseURL, legalName, email, `${unique('c', testInfo)}@adatum.example`, model);
  const context = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  const reviewer = await context.newPage();
  await signInAsProgramAdmin(reviewer, baseURL, variant);
  await reviewer.goto(`${baseURL}/review`);
  await reviewer.getByRole('link', { name: legalName }).click();
  await reviewer.getByRole('button', { name: 'Claim this application' }).click();
  await reviewer.getByRole('button', { name: 'Approve and create the partner account' }).click();
  await expect(reviewer.getByTestId('review-status')).toHaveText('Approved');
  await context.close();
  const admin = { name: 'Hanna Schmidt', email, password: 'our partner account passphrase' };
  await firstSignIn(page, baseURL, email, /approved/, admin.password);
  return { legalName, admin };
}
