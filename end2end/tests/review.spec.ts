// Review and provisioning: a reviewer claims a submitted application, asks for more
// information, the applicant fixes only that section and resubmits, the reviewer approves, and
// the new global admin signs in with the e-mailed temporary password. Also a rejection.
import type { Browser } from '@playwright/test';
import { expect } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { waitForEmail } from './support/mail';
import { saveAndContinue, signInAsProgramAdmin, submitFromReview, submitWholeApplication, test, unique } from './support/enrollment';

async function reviewerPage(browser: Browser, baseURL: string, project: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signInAsProgramAdmin(page, baseURL, project);
  return { context, page };
}

test.describe('reviewing applications', () => {
  test('more information, resubmission, approval, and the global admin signs in', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const legalName = `Tailspin ${unique('', testInfo)} GmbH`;
    const workEmail = `${unique('admin', testInfo)}@tailspin.example`;
    await submitWholeApplication(page, baseURL!, legalName, workEmail, `${unique('c', testInfo)}@tailspin.example`);
    await expect(page.getByTestId('application-status')).toHaveText('Submitted');

    // the reviewer finds it in the queue and claims it
    const reviewer = await reviewerPage(browser, baseURL!, testInfo.project.name, js);
    const console = reviewer.page;
    await console.goto(`${baseURL}/review`);
    if (js) await expectAccessible(console, testInfo, 'review-queue');
    await console.getByRole('link', { name: legalName }).click();
    await expect(console.getByTestId('review-status')).toHaveText('Submitted');
    await console.getByRole('button', { name: 'Claim this application' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('In review');
    await expect(console.getByTestId('holder')).toHaveText('Min-jun Oh');
    if (js) await expectAccessible(console, testInfo, 'review-application');
    await expect(page.getByTestId('application-status')).toHaveText(js ? 'In review' : 'Submitted');

    // more information about the bank details; a message is required
    await console.getByRole('checkbox', { name: 'Bank information' }).check();
    await console.getByRole('button', { name: 'Request more information' }).click();
    await expect(console.getByText('Write a message for the applicant.')).toBeVisible();
    await console.getByRole('checkbox', { name: 'Bank information' }).check();
    await console.getByLabel('Message to the applicant').first().fill('Please use an account in the name of the company.');
    await console.getByRole('button', { name: 'Request more information' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('More information needed');

    const asked = await waitForEmail(workEmail, /More information needed/);
    expect(asked.text).toContain('Please use an account in the name of the company.');
    if (!js) await page.reload();
    await expect(page.getByTestId('application-status')).toHaveText('More information needed');
    await expect(page.getByTestId('decision')).toContainText('Please use an account in the name of the company.');
    if (js) await expectAccessible(page, testInfo, 'status-more-information');

    // only the bank section can change
    await page.goto('/application/business');
    await expect(page.getByTestId('section-locked')).toContainText('this one stays as you submitted it');
    await page.getByRole('link', { name: 'Back to the review' }).click();
    await expect(page).toHaveURL(/\/application\/review$/);
    await expect(page.getByRole('link', { name: 'Edit Business' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Edit Bank information' }).click();
    await page.getByLabel('Account holder').fill(legalName);
    await page.getByLabel('IBAN').fill('DE02 1203 0000 0000 2020 51');
    await page.getByLabel('BIC (SWIFT code)').fill('BYLADEM1001');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/review$/);
    await expect(page.getByTestId('bank-masked')).toHaveText('•••• 2051');
    await submitFromReview(page);
    await expect(page.getByTestId('application-status')).toHaveText('Submitted');

    // the reviewer takes it again and approves
    await console.reload();
    await console.getByRole('button', { name: 'Claim this application' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('In review');
    await console.getByRole('button', { name: 'Approve and create the partner account' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('Approved');
    await expect(console.locator('.history')).toContainText('approve');
    await reviewer.context.close();

    if (!js) await page.reload();
    await expect(page.getByTestId('application-status')).toHaveText('Approved');

    // the global admin's e-mail, the first sign-in, the forced change
    const approved = await waitForEmail(workEmail, /approved/);
    const password = approved.text.match(/Temporary password: (\S+)/)?.[1];
    expect(password).toBeTruthy();
    await page.goto('/sign-in');
    await page.getByLabel('Work e-mail').fill(workEmail);
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account\/password$/);
    await page.getByLabel('Current password').fill(password!);
    await page.getByLabel('New password', { exact: true }).fill('our partner account passphrase');
    await page.getByLabel('New password again').fill('our partner account passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/account/);
    await expect(page.getByTestId('account-name')).toHaveText('Hanna Schmidt');

    // the partner home: the organization, its model and its CSP tenant
    await page.getByRole('link', { name: 'Partner home' }).click();
    await expect(page.getByTestId('organization')).toHaveText(legalName);
    await expect(page.getByTestId('model')).toHaveText('Indirect reseller');
    await expect(page.getByTestId('csp-tenant')).toHaveText(/^tailspin-[a-z0-9-]+-\d{7}\.csp\.example$/);
    await expect(page.getByTestId('next')).toContainText('Find an indirect provider');
    if (js) await expectAccessible(page, testInfo, 'partner-home');
  });

  test('a rejection shows its reason to the applicant', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const legalName = `Woodgrove ${unique('', testInfo)} AG`;
    const workEmail = `${unique('admin', testInfo)}@woodgrove.example`;
    await submitWholeApplication(page, baseURL!, legalName, workEmail, `${unique('c', testInfo)}@woodgrove.example`);
    const reviewer = await reviewerPage(browser, baseURL!, testInfo.project.name, js);
    const console = reviewer.page;
    await console.goto(`${baseURL}/review`);
    await console.getByRole('link', { name: legalName }).click();
    await console.getByRole('button', { name: 'Claim this application' }).click();
    await console.getByLabel('Reason for rejection').selectOption('bank_not_verifiable');
    await console.getByLabel('Message to the applicant').nth(1).fill('The bank could not confirm the account.');
    await console.getByRole('button', { name: 'Reject' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('Rejected');
    await reviewer.context.close();

    const rejected = await waitForEmail(workEmail, /rejected/);
    expect(rejected.text).toContain('The bank could not confirm the account.');
    expect(rejected.text).toContain('was rejected: the bank details could not be verified.');
    if (!js) await page.reload();
    await expect(page.getByTestId('application-status')).toHaveText('Rejected');
    await expect(page.getByTestId('decision')).toContainText('The bank details could not be verified.');
    await expect(page.getByTestId('decision')).toContainText('The bank could not confirm the account.');
  });
});
