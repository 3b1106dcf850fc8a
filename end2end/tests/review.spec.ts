// Review and provisioning: a reviewer claims a submitted application, asks for more
// information, the applicant fixes only that section and resubmits, the reviewer approves, and
// the new global admin signs in with the e-mailed temporary password. Also a rejection.
import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, waitForHydration } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { waitForEmail } from './support/mail';
import { setUpTwoFactorAndGoOn } from './support/two_factor';
import { ADMIN, saveAndContinue, signIn, signInAsProgramAdmin, snap, submitFromReview, submitWholeApplication, test, unique } from './support/enrollment';

async function reviewerPage(browser: Browser, baseURL: string, project: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signInAsProgramAdmin(page, baseURL);
  return { context, page };
}

/** A whole application of `company` (legal name `company <n> suffix`, addresses at `domain`),
 * submitted by its applicant in `page`: its legal name and the applicant's work e-mail. */
async function submitted(page: Page, baseURL: string, testInfo: TestInfo, company: string, suffix: string, domain: string) {
  const legalName = `${company} ${unique('', testInfo)} ${suffix}`;
  const workEmail = `${unique('admin', testInfo)}@${domain}`;
  await submitWholeApplication(page, baseURL, legalName, workEmail, `${unique('c', testInfo)}@${domain}`);
  return { legalName, workEmail };
}

test.describe('reviewing applications', () => {
  test('more information, resubmission, approval, and the global admin signs in', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const { legalName, workEmail } = await submitted(page, baseURL!, testInfo, 'Tailspin', 'GmbH', 'tailspin.example');
    await expect(page.getByTestId('application-status')).toHaveText('Submitted');

    // the reviewer finds it in the queue and claims it
    const reviewer = await reviewerPage(browser, baseURL!, testInfo.project.name, js);
    const console = reviewer.page;
    await console.goto(`${baseURL}/review`);
    await snap(console, `review-queue-${testInfo.project.name}`);
    if (js) await expectAccessible(console, testInfo, 'review-queue');
    await console.getByRole('link', { name: legalName }).click();
    await expect(console.getByTestId('review-status')).toHaveText('Submitted');
    await console.getByRole('button', { name: 'Claim this application' }).click();
    await expect(console.getByTestId('review-status')).toHaveText('In review');
    await expect(console.getByTestId('holder')).toHaveText('Min-jun Oh');
    if (js) await expectAccessible(console, testInfo, 'review-application');
    await expect(page.getByTestId('application-status')).toHaveText(js ? 'In review' : 'Submitted');

    // the full bank account number: shown once to the holder, and recorded in the history
    await expect(console.getByTestId('bank-number-masked')).toHaveText('•••• 3000');
    await console.getByRole('button', { name: 'Show the full number' }).click();
    await expect(console.getByTestId('bank-number')).toHaveText('DE89 3704 0044 0532 0130 00');
    await snap(console, `review-revealed-${testInfo.project.name}`);
    expect(console.url()).not.toContain('0532');
    await expect(console.locator('.history')).toContainText('Min-jun Oh saw the full bank account number');
    await console.reload();
    await expect(console.getByTestId('bank-number-masked')).toHaveText('•••• 3000');
    await expect(console.getByTestId('bank-number')).toHaveCount(0);

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

    // the reviewer sees what changed, takes it again and approves
    await console.reload();
    await expect(console.locator('.history')).toContainText('Hanna Schmidt changed Bank information');
    await expect(console.locator('.history')).toContainText('Hanna Schmidt submitted the application again');
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
    // a global admin must use two-factor sign-in: its set-up comes next, and nothing else
    // works until it is done
    await expect(page).toHaveURL(/\/account\/security\/authenticator$/);
    await expect(page.getByText('Your role requires two-factor sign-in.')).toBeVisible();
    await page.goto('/partner');
    await expect(page).toHaveURL(/\/account\/security\/authenticator$/);
    await setUpTwoFactorAndGoOn(page, workEmail);
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
    const { legalName, workEmail } = await submitted(page, baseURL!, testInfo, 'Woodgrove', 'AG', 'woodgrove.example');
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

  test('a program admin gives a claimed application to another reviewer', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const { legalName } = await submitted(page, baseURL!, testInfo, 'Proseware', 'GmbH', 'proseware.example');

    // the program admin invites a reviewer, who chooses a password and claims the application
    const admin = await reviewerPage(browser, baseURL!, testInfo.project.name, js);
    const reviewerName = `Ji-ho Lee ${unique('', testInfo)}`;
    const reviewerEmail = `${unique('ji-ho', testInfo)}@operator.example`;
    await admin.page.goto(`${baseURL}/staff`);
    // typed before hydration, the name was once lost (1 run in about 10): wait for the page
    if (js) await waitForHydration(admin.page);
    await admin.page.getByLabel('Name').fill(reviewerName);
    await admin.page.getByLabel('Work e-mail').fill(reviewerEmail);
    await admin.page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(admin.page.getByRole('cell', { name: reviewerEmail })).toBeVisible();
    const invitation = await waitForEmail(reviewerEmail, /Your CSP Portal account/);
    const temporary = invitation.text.match(/Temporary password: (\S+)/)![1];
    const reviewerContext = await browser.newContext({ javaScriptEnabled: js });
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, baseURL!, reviewerEmail, temporary);
    await reviewer.getByLabel('Current password').fill(temporary);
    await reviewer.getByLabel('New password', { exact: true }).fill('a reviewer passphrase of mine');
    await reviewer.getByLabel('New password again').fill('a reviewer passphrase of mine');
    await reviewer.getByRole('button', { name: 'Change password' }).click();
    await setUpTwoFactorAndGoOn(reviewer, reviewerEmail);
    await reviewer.goto(`${baseURL}/review`);
    await reviewer.getByRole('link', { name: legalName }).click();
    await reviewer.getByRole('button', { name: 'Claim this application' }).click();
    await expect(reviewer.getByTestId('holder')).toHaveText(reviewerName);

    // the admin sees who has it, cannot claim it, and gives it to themself
    await admin.page.goto(`${baseURL}/review`);
    await expect(admin.page.getByRole('row', { name: new RegExp(legalName) })).toContainText(reviewerName);
    await admin.page.getByRole('link', { name: legalName }).click();
    await expect(admin.page.getByTestId('holder')).toHaveText(reviewerName);
    await expect(admin.page.getByRole('button', { name: 'Claim this application' })).toHaveCount(0);
    await expect(admin.page.getByRole('button', { name: 'Show the full number' })).toHaveCount(0);
    await admin.page.getByRole('button', { name: 'Reassign' }).click();
    await expect(admin.page.locator('#to-message')).toHaveText('Choose a reviewer from the list.');
    await admin.page.getByLabel('Reviewer', { exact: true }).selectOption({ label: ADMIN.name });
    await admin.page.getByRole('button', { name: 'Reassign' }).click();
    await expect(admin.page.getByRole('status')).toHaveText('The application now belongs to its new reviewer.');
    await expect(admin.page.getByTestId('holder')).toHaveText(ADMIN.name);
    await expect(admin.page.locator('.history')).toContainText(`${ADMIN.name} gave the application to ${ADMIN.name}`);
    await snap(admin.page, `review-reassigned-${testInfo.project.name}`);
    if (js) await expectAccessible(admin.page, testInfo, 'review-reassigned');

    // the reviewer no longer decides; the admin does
    await reviewer.reload();
    await expect(reviewer.getByTestId('holder')).toHaveText(ADMIN.name);
    await expect(reviewer.getByRole('button', { name: 'Approve and create the partner account' })).toHaveCount(0);
    await admin.page.getByRole('button', { name: 'Approve and create the partner account' }).click();
    await expect(admin.page.getByTestId('review-status')).toHaveText('Approved');
    await reviewerContext.close();
    await admin.context.close();
  });
});
