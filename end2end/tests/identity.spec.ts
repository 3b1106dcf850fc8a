import type { Page } from '@playwright/test';
import { test, expect, mainPortal, setupLinkFromConsole, shortLivedPortal } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { createFirstAdmin, signIn, signInAsFirstAdmin, unique } from './support/enrollment';
import { waitForEmail } from './support/mail';
import { firstSignIn } from './support/partner';
import { enterCode, setUpTwoFactor, setUpTwoFactorAndGoOn } from './support/two_factor';

const ADMIN = { name: 'Seo-yeon Han', email: 'Seoyeon.Han@operator.example', password: 'correct horse battery staple' };
const NEW_PASSWORD = 'a brand new and longer passphrase';

/** A test on an installation of its own (for what happens once per installation). */
const freshTest = test.extend({
  baseURL: async ({ freshPortal }, use) => {
    await use(freshPortal.url);
  },
});

/** Creates the first program admin with the set-up link `link`. */
function createAdmin(page: Page, link: string) {
  return createFirstAdmin(page, link, ADMIN);
}

/** Signs `page` in as the program admin of the worker's main portal. */
function signInAsAdmin(page: Page, _baseURL: string) {
  return signInAsFirstAdmin(page, mainPortal(), ADMIN);
}

test.describe('the first program admin', () => {
  freshTest('sets up the portal with the console link, then signs out and in', async ({ page, freshPortal }) => {
    const link = await setupLinkFromConsole(freshPortal);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create the first program admin');

    // bad input: messages next to the fields, what was typed is kept (never the password)
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Work e-mail').fill('seoyeon@');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Password again').fill('short');
    await page.getByRole('button', { name: 'Create the program admin' }).click();
    await expect(page.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();
    await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
    await expect(page.getByLabel('Work e-mail')).toHaveValue('seoyeon@');
    await expect(page.getByLabel('Your name')).toHaveValue(ADMIN.name);
    await expect(page.getByLabel('Work e-mail')).toHaveAttribute('aria-invalid', 'true');

    // a common password is refused by the server
    await page.getByLabel('Work e-mail').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill('password123');
    await page.getByLabel('Password again').fill('password123');
    await page.getByRole('button', { name: 'Create the program admin' }).click();
    await expect(page.getByText('This password is one of the most common ones. Choose another.')).toBeVisible();

    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Password again').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create the program admin' }).click();
    // a program admin must use two-factor sign-in: its set-up comes first, with the key to
    // scan or type, and a code from the app to confirm; then the recovery codes, once
    await expect(page).toHaveURL(/\/account\/security\/authenticator$/);
    await expect(page.getByRole('img', { name: 'QR code for adding the CSP Portal to your authenticator app' })).toBeVisible();
    await setUpTwoFactor(page, ADMIN.email);
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');
    await expect(page.getByTestId('account-name')).toHaveText(ADMIN.name);
    await expect(page.getByText('seoyeon.han@operator.example')).toBeVisible();
    await expect(page.getByText('Program admin', { exact: true })).toBeVisible();
    // the header says who is signed in
    await expect(page.getByRole('link', { name: `Signed in as ${ADMIN.name}` })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveCount(0);

    // the session cookie is HttpOnly and SameSite=Strict
    const session = (await page.context().cookies()).find((c) => c.name === 'csp_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
    // signed out means signed out: the profile sends us back to sign-in
    await page.goto('/account');
    await expect(page).toHaveURL(/\/sign-in$/);

    // wrong password and unknown e-mail get the same message; the e-mail is kept
    for (const [email, password] of [
      [ADMIN.email, 'not the password at all'],
      ['nobody@operator.example', ADMIN.password],
    ]) {
      await page.getByLabel('Work e-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toHaveText('The e-mail address or the password is not right.');
      await expect(page.getByLabel('Work e-mail')).toHaveValue(email);
    }

    await page.getByLabel('Work e-mail').fill(ADMIN.email.toUpperCase());
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // the password was right: the code from the authenticator app is the second step
    await expect(page).toHaveURL(/\/sign-in\/code$/);
    await enterCode(page, ADMIN.email);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('account-name')).toHaveText(ADMIN.name);

    // the set-up link worked once
    await page.goto(link);
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Work e-mail').fill('someone.else@operator.example');
    await page.getByLabel('Password', { exact: true }).fill('another long passphrase');
    await page.getByLabel('Password again').fill('another long passphrase');
    await page.getByRole('button', { name: 'Create the program admin' }).click();
    await expect(page.getByRole('alert')).toContainText('This link is no longer valid');

    // guessing is slowed down: after three failures for an account, the next try must wait
    await page.context().clearCookies({ name: 'csp_session' });
    await page.goto('/sign-in');
    const wrong = 'The e-mail address or the password is not right.';
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel('Work e-mail').fill('guessed@operator.example');
      await page.getByLabel('Password').fill(`guess number ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toHaveText(wrong);
    }
    // From now on each failure blocks the account for 1 s, 2 s, 4 s, …: a try that comes
    // within the block is refused without being checked. The growing delay means one does.
    let refused = false;
    for (let attempt = 4; attempt <= 9 && !refused; attempt++) {
      await page.getByLabel('Work e-mail').fill('guessed@operator.example');
      await page.getByLabel('Password').fill(`guess number ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toHaveText(/not right|Too many attempts/);
      refused = (await alert.textContent())?.includes('Too many attempts') ?? false;
    }
    expect(refused, 'a try within the block is refused').toBe(true);
  });

  test('every sign-in gets a new session id; "sign out everywhere" ends them all', async ({ page, browser, baseURL }, testInfo) => {
    // four sign-ins of one user, each with a new authenticator code: the clock gives one
    // every 30 seconds once the three around now are used
    test.setTimeout(90_000);
    await signInAsAdmin(page, baseURL!);
    const signInAsAdminAgain = async (p: typeof page) => {
      await signIn(p, baseURL!, ADMIN.email, ADMIN.password);
      await expect(p).toHaveURL(/\/account$/);
    };
    const sessionId = async (p: typeof page) =>
      (await p.context().cookies()).find((c) => c.name === 'csp_session')?.value;

    await signInAsAdminAgain(page);
    const first = await sessionId(page);
    await signInAsAdminAgain(page);
    const second = await sessionId(page);
    expect(second).toBeTruthy();
    expect(second).not.toEqual(first);
    // the old id no longer works
    const stale = await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' });
    await stale.addCookies([{ name: 'csp_session', value: first!, url: baseURL! }]);
    const stalePage = await stale.newPage();
    await stalePage.goto(`${baseURL}/account`);
    await expect(stalePage).toHaveURL(/\/sign-in$/);

    // a second device, then "sign out everywhere" from the first
    const other = await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' });
    const otherPage = await other.newPage();
    await signInAsAdminAgain(otherPage);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await otherPage.goto(`${baseURL}/account`);
    await expect(otherPage).toHaveURL(/\/sign-in$/);
    await stale.close();
    await other.close();
  });

  // Without JavaScript a failed post comes back with its error in the address; each one used to
  // add another error, until the address passed 4 KB and the browser sent the person home.
  // (An installation of its own: the failures slow down sign-ins from this address.)
  freshTest('60 failed sign-ins without JavaScript keep the address short and the form on screen @no-js-only', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/sign-in');
    for (let attempt = 1; attempt <= 60; attempt++) {
      await page.getByLabel('Work e-mail').fill('nobody@operator.example');
      await page.getByLabel('Password').fill(`not the password ${attempt}`);
      const loaded = page.waitForEvent('load');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await loaded;
      await expect(
        page.getByText(/The e-mail address or the password is not right\.|Too many attempts\. Wait a moment and try again\./),
      ).toBeVisible();
      // refused or throttled, the e-mail typed stays in the form
      await expect(page.getByLabel('Work e-mail')).toHaveValue('nobody@operator.example');
    }
    expect(page.url().length).toBeLessThan(1024);
    await expect(page).toHaveURL(/\/sign-in\?/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  freshTest('changes the password from the profile; the old one stops working', async ({ page, freshPortal }, testInfo) => {
    await createAdmin(page, await setupLinkFromConsole(freshPortal));
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    const adminSignsIn = (password: string) => signIn(page, '', ADMIN.email, password);
    await adminSignsIn(ADMIN.password);
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('link', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change your password');
    await expectAccessible(page, testInfo, 'change-password');

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('This is not your current password.')).toBeVisible();

    await page.getByLabel('Current password').fill(ADMIN.password);
    await page.getByLabel('New password', { exact: true }).fill('seoyeon.han was here');
    await page.getByLabel('New password again').fill('seoyeon.han was here');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Do not use your e-mail name in the password.')).toBeVisible();

    await page.getByLabel('Current password').fill(ADMIN.password);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/account\?password=changed$/);
    await expect(page.getByRole('status')).toHaveText('Your password was changed. Your other sessions were signed out.');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await adminSignsIn(ADMIN.password);
    await expect(page.getByRole('alert')).toHaveText('The e-mail address or the password is not right.');
    await adminSignsIn(NEW_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
  });

  test('invites a reviewer, who signs in with the e-mailed temporary password and must change it', async ({ page, browser, baseURL }, testInfo) => {
    const reviewer = { name: 'Ji-ho Lee', email: `${unique('ji-ho.lee.', testInfo)}@operator.example` };
    await signInAsAdmin(page, baseURL!);
    await page.getByRole('link', { name: 'Program staff' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Program staff');

    await page.getByLabel('Name').fill(reviewer.name);
    await page.getByLabel('Work e-mail').fill('ji-ho@');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();
    await page.getByLabel('Work e-mail').fill(reviewer.email);
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.getByRole('cell', { name: reviewer.email })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(reviewer.name) })).toContainText('Has not chosen a password yet');
    await expectAccessible(page, testInfo, 'staff');

    // the e-mail, read from the SMTP sink
    const mail = await waitForEmail(reviewer.email, /Your CSP Portal account/);
    const temporary = mail.text.match(/Temporary password: (\S+)/)?.[1];
    expect(temporary, mail.text).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    expect(mail.text).toContain(`${baseURL}/sign-in`);

    // program admins can read what the portal sent
    await page.goto('/account');
    await page.getByRole('link', { name: 'Outgoing e-mail' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Outgoing e-mail');
    const entry = page.locator('.messages li', { hasText: reviewer.email });
    await expect(async () => {
      await page.reload();
      await expect(entry).toContainText('Sent', { timeout: 1000 });
    }).toPass();
    await expectAccessible(page, testInfo, 'outgoing-email');

    // the reviewer, in their own browser
    const context = await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' });
    const reviewerPage = await context.newPage();
    await signIn(reviewerPage, baseURL!, reviewer.email, temporary!);
    await expect(reviewerPage).toHaveURL(/\/account\/password$/);
    await expect(reviewerPage.getByText('You signed in with a temporary password.')).toBeVisible();
    // it worked once: a second sign-in with it, elsewhere, is refused with the reason
    const elsewhere = await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' });
    const elsewherePage = await elsewhere.newPage();
    await signIn(elsewherePage, baseURL!, reviewer.email, temporary!);
    await expect(elsewherePage.getByRole('alert')).toHaveText(
      'This temporary password has expired or was used already. Ask a program admin to send you a new one.',
    );
    await elsewhere.close();
    // nothing else works until the password is changed
    for (const path of ['/account', '/staff']) {
      await reviewerPage.goto(`${baseURL}${path}`);
      await expect(reviewerPage).toHaveURL(/\/account\/password$/);
    }
    await reviewerPage.getByLabel('Current password').fill(temporary!);
    await reviewerPage.getByLabel('New password', { exact: true }).fill(temporary!);
    await reviewerPage.getByLabel('New password again').fill(temporary!);
    await reviewerPage.getByRole('button', { name: 'Change password' }).click();
    await expect(reviewerPage.getByText('Choose a password different from the temporary one.')).toBeVisible();
    await reviewerPage.getByLabel('Current password').fill(temporary!);
    await reviewerPage.getByLabel('New password', { exact: true }).fill('reviewing is my trade');
    await reviewerPage.getByLabel('New password again').fill('reviewing is my trade');
    await reviewerPage.getByRole('button', { name: 'Change password' }).click();
    // staff must use two-factor sign-in: nothing else works until it is set up
    await expect(reviewerPage).toHaveURL(/\/account\/security\/authenticator$/);
    for (const path of ['/account', '/review']) {
      await reviewerPage.goto(`${baseURL}${path}`);
      await expect(reviewerPage).toHaveURL(/\/account\/security\/authenticator$/);
    }
    await setUpTwoFactorAndGoOn(reviewerPage, reviewer.email);
    await expect(reviewerPage.getByTestId('account-name')).toHaveText(reviewer.name);
    // a reviewer is not a program admin: the staff page says so instead of hiding
    await reviewerPage.goto(`${baseURL}/staff`);
    await expect(reviewerPage.getByText('Only program admins can see the staff.')).toBeVisible();

    // after the change, the temporary password is just a wrong password
    await context.clearCookies();
    await signIn(reviewerPage, baseURL!, reviewer.email, temporary!);
    await expect(reviewerPage.getByRole('alert')).toHaveText('The e-mail address or the password is not right.');
    await context.close();
  });

  test('deactivates, reactivates and re-invites a reviewer', async ({ page, browser, baseURL }, testInfo) => {
    // the reviewer signs in four times, each with a new authenticator code (one every 30 s
    // once the three around now are used)
    test.setTimeout(120_000);
    const reviewer = { name: 'Da-eun Yoon', email: `${unique('da-eun.yoon.', testInfo)}@operator.example`, password: 'reviewing is my trade' };
    const javaScriptEnabled = testInfo.project.name === 'js';
    await signInAsAdmin(page, baseURL!);
    // a reviewer of this test's own, who has chosen a password
    await page.goto('/staff');
    await page.getByLabel('Name').fill(reviewer.name);
    await page.getByLabel('Work e-mail').fill(reviewer.email);
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.getByRole('status')).toHaveText('The invitation was sent.');
    const invitedContext = await browser.newContext({ javaScriptEnabled });
    await firstSignIn(await invitedContext.newPage(), baseURL!, reviewer.email, /Your CSP Portal account/, reviewer.password);
    await invitedContext.close();
    await page.goto('/staff');
    const adminRow = page.locator('tr', { has: page.getByRole('cell', { name: ADMIN.email.toLowerCase() }) });
    await expect(adminRow).toContainText('This is you');
    await expect(adminRow.getByRole('button')).toHaveCount(0);
    const row = page.locator('tr', { has: page.getByRole('cell', { name: reviewer.email }) });
    await expect(row.getByRole('cell', { name: 'Reviewer', exact: true })).toBeVisible();

    // the reviewer is signed in elsewhere
    const context = await browser.newContext({ javaScriptEnabled });
    const reviewerPage = await context.newPage();
    const reviewerSignsIn = (password: string) => signIn(reviewerPage, baseURL!, reviewer.email, password);
    await reviewerSignsIn(reviewer.password);
    await expect(reviewerPage).toHaveURL(/\/account$/);

    // deactivated: out at once, and told why when they try again with the right password
    await row.getByRole('button', { name: `Deactivate (${reviewer.name})` }).click();
    await expect(page.getByRole('status')).toContainText('The account was deactivated.');
    await expect(row.getByTestId('staff-status')).toHaveText('Deactivated');
    await expectAccessible(page, testInfo, 'staff-after-deactivation');
    await reviewerPage.goto(`${baseURL}/account`);
    await expect(reviewerPage).toHaveURL(/\/sign-in$/);
    await reviewerSignsIn(reviewer.password);
    await expect(reviewerPage.getByRole('alert')).toHaveText('This account is deactivated. Ask a program admin to reactivate it.');
    // a wrong password says nothing about the account
    await reviewerSignsIn('not the reviewer password');
    await expect(reviewerPage.getByRole('alert')).toHaveText('The e-mail address or the password is not right.');

    // reactivated: the same password works again
    await row.getByRole('button', { name: `Reactivate (${reviewer.name})` }).click();
    await expect(page.getByRole('status')).toContainText('The account was reactivated.');
    await expect(row.getByTestId('staff-status')).toHaveText('Active');
    await reviewerSignsIn(reviewer.password);
    await expect(reviewerPage).toHaveURL(/\/account$/);

    // a new temporary password: the old password and the session end, the e-mail arrives
    await row.getByRole('button', { name: `Send a new temporary password (${reviewer.name})` }).click();
    await expect(page.getByRole('status')).toContainText('A new temporary password was e-mailed.');
    await expect(row.getByTestId('staff-status')).toHaveText('Has not chosen a password yet');
    const mail = await waitForEmail(reviewer.email, /new temporary password/);
    expect(mail.text).toContain(`${ADMIN.name} issued you a new temporary password`);
    const temporary = mail.text.match(/Temporary password: (\S+)/)?.[1];
    expect(temporary, mail.text).toBeTruthy();
    await reviewerPage.goto(`${baseURL}/account`);
    await expect(reviewerPage).toHaveURL(/\/sign-in$/);
    await reviewerSignsIn(reviewer.password);
    await expect(reviewerPage.getByRole('alert')).toHaveText('The e-mail address or the password is not right.');
    // failures for this account block the next try for a moment, which refuses it without
    // using the temporary password: try again until it is checked
    await expect(async () => {
      await reviewerSignsIn(temporary!);
      await expect(reviewerPage).toHaveURL(/\/account\/password$/, { timeout: 3000 });
    }).toPass({ timeout: 60_000 });
    await reviewerPage.getByLabel('Current password').fill(temporary!);
    await reviewerPage.getByLabel('New password', { exact: true }).fill(reviewer.password + ' again');
    await reviewerPage.getByLabel('New password again').fill(reviewer.password + ' again');
    await reviewerPage.getByRole('button', { name: 'Change password' }).click();
    await expect(reviewerPage).toHaveURL(/\/account\?password=changed$/);
    await context.close();
  });

  test('an expired temporary password is refused with the reason; a new one works', async ({ page, browser }, testInfo) => {
    // set-up, an invitation, 15 s for it to expire, a second one
    test.setTimeout(90_000);
    // the worker's portal whose temporary passwords expire after 15 s
    const short = await shortLivedPortal();
    const portal = short.url;
    const admin = { name: 'Hana Cho', email: `hana.cho.${testInfo.project.name}@short.example`, password: 'a patient program admin' };
    const reviewer = { name: 'Min-su Kang', email: `min-su.kang.${testInfo.project.name}@short.example` };
    await page.goto(await setupLinkFromConsole(short));
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Work e-mail').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByLabel('Password again').fill(admin.password);
    await page.getByRole('button', { name: 'Create the program admin' }).click();
    await setUpTwoFactorAndGoOn(page, admin.email);
    await page.goto(`${portal}/staff`);
    await page.getByLabel('Name').fill(reviewer.name);
    await page.getByLabel('Work e-mail').fill(reviewer.email);
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.getByRole('status')).toHaveText('The invitation was sent.');
    const mail = await waitForEmail(reviewer.email, /Your CSP Portal account/);
    const temporary = mail.text.match(/Temporary password: (\S+)/)?.[1];
    expect(temporary, mail.text).toBeTruthy();

    // the staff page tells the admin once the temporary password has expired (15 s here)
    const row = page.locator('tr', { has: page.getByRole('cell', { name: reviewer.email }) });
    await expect(async () => {
      await page.goto(`${portal}/staff`);
      await expect(row.getByTestId('staff-status')).toHaveText(
        'Has not chosen a password yet; the temporary password has expired or was used',
        { timeout: 1_000 },
      );
    }).toPass({ timeout: 30_000 });
    const context = await browser.newContext({ javaScriptEnabled: testInfo.project.name === 'js' });
    const reviewerPage = await context.newPage();
    const reviewerSignsIn = (password: string) => signIn(reviewerPage, portal, reviewer.email, password);
    await reviewerSignsIn(temporary!);
    await expect(reviewerPage.getByRole('alert')).toHaveText(
      'This temporary password has expired or was used already. Ask a program admin to send you a new one.',
    );
    await expect(reviewerPage).toHaveURL(/\/sign-in/);

    // the admin sends a new one, which works (within its 15 s)
    await row.getByRole('button', { name: `Send a new temporary password (${reviewer.name})` }).click();
    await expect(page.getByRole('status')).toContainText('A new temporary password was e-mailed.');
    const again = await waitForEmail(reviewer.email, /new temporary password/);
    const second = again.text.match(/Temporary password: (\S+)/)?.[1];
    expect(second).toBeTruthy();
    expect(second).not.toEqual(temporary);
    await reviewerSignsIn(second!);
    await expect(reviewerPage).toHaveURL(/\/account\/password$/);
    await context.close();
  });

  test('the sign-in and set-up pages have no WCAG 2.2 AA violations @js-only', async ({ page }, testInfo) => {
    await page.goto('/sign-in');
    await expectAccessible(page, testInfo, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter an e-mail address.')).toBeVisible();
    await expectAccessible(page, testInfo, 'sign-in-with-errors');
    await page.goto('/setup?token=x');
    await expectAccessible(page, testInfo, 'setup');
  });
});
