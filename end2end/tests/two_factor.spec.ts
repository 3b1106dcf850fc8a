// Two-factor sign-in: a reviewer sets it up after their first sign-in (the test computes the
// codes from the key the page shows), keeps the recovery codes shown once, and signs in with
// one of them: once, not twice. Every page of it passes axe, with JavaScript and without.
import { expect, harness, test as base } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { waitForEmail } from './support/mail';
import { enterCode, nextCode, setUpTwoFactor } from './support/two_factor';
import { ADMIN, signIn, signInAsFirstAdmin, signInAsProgramAdmin, snap, submitWholeApplication, test, unique } from './support/enrollment';

/** The worker's portal where a sign-in's proof lets sensitive actions through for 10 s (10
 * minutes by default). */
function stepUpPortal() {
  return harness().portal('stepup', { CSP_STEP_UP_WINDOW: '10s' });
}

const stepUpTest = base.extend({
  baseURL: async ({}, use) => {
    await use((await stepUpPortal()).url);
  },
});

test('a reviewer sets up two-factor sign-in and signs in with a recovery code once', async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === 'js';
  const reviewer = { name: 'Su-bin Park', email: `${unique('su-bin.park.', testInfo)}@operator.example`, password: 'a careful reviewer passphrase' };
  await signInAsProgramAdmin(page, baseURL!);
  await page.goto('/staff');
  await page.getByLabel('Name').fill(reviewer.name);
  await page.getByLabel('Work e-mail').fill(reviewer.email);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status')).toHaveText('The invitation was sent.');
  const invitation = await waitForEmail(reviewer.email, /Your CSP Portal account/);
  const temporary = invitation.text.match(/Temporary password: (\S+)/)![1];

  const context = await browser.newContext({ javaScriptEnabled: js });
  const me = await context.newPage();
  await signIn(me, baseURL!, reviewer.email, temporary);
  await me.getByLabel('Current password').fill(temporary);
  await me.getByLabel('New password', { exact: true }).fill(reviewer.password);
  await me.getByLabel('New password again').fill(reviewer.password);
  await me.getByRole('button', { name: 'Change password' }).click();

  // the set-up: required for staff, a QR code drawn on the server and the key to type
  await expect(me).toHaveURL(/\/account\/security\/authenticator$/);
  await expect(me.getByText('Your role requires two-factor sign-in.')).toBeVisible();
  await expect(me.getByTestId('totp-secret')).toHaveText(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  await expectAccessible(me, testInfo, 'two-factor-set-up');
  await snap(me, 'two-factor-set-up');
  // a wrong code is refused next to the field
  await me.getByLabel('The 6-digit code your app now shows').fill('12345');
  await me.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(me.getByText('A code is 6 digits from your authenticator app')).toBeVisible();
  const codes = await setUpTwoFactor(me, reviewer.email);
  for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const download = me.getByRole('link', { name: 'Download as a text file' });
  await expect(download).toHaveAttribute('download', 'csp-portal-recovery-codes.txt');
  expect(decodeURIComponent((await download.getAttribute('href'))!.split(',')[1])).toContain(codes.join('\n'));
  await expectAccessible(me, testInfo, 'recovery-codes');
  await snap(me, 'recovery-codes');
  // shown once
  await me.reload();
  await expect(me.getByText('Recovery codes are shown only once')).toBeVisible();
  expect((await waitForEmail(reviewer.email, /Two-factor sign-in is on/)).text).toContain('authenticator app');

  // the security page of the profile
  await me.goto(`${baseURL}/account`);
  await me.getByRole('link', { name: 'Sign-in security' }).click();
  await expect(me.getByTestId('two-factor-state')).toHaveText(/^On since \d{4}-\d{2}-\d{2}$/);
  await expect(me.getByTestId('codes-left')).toHaveText('10 of 10 left');
  // required: no way to turn it off
  await expect(me.getByRole('button', { name: 'Turn two-factor sign-in off' })).toHaveCount(0);
  await expectAccessible(me, testInfo, 'security');

  // signing in: the password, then a recovery code instead of the app's code
  await me.getByRole('button', { name: 'Sign out', exact: true }).click();
  await me.goto(`${baseURL}/sign-in`);
  await me.getByLabel('Work e-mail').fill(reviewer.email);
  await me.getByLabel('Password').fill(reviewer.password);
  await me.getByRole('button', { name: 'Sign in' }).click();
  await expect(me).toHaveURL(/\/sign-in\/code$/);
  await expectAccessible(me, testInfo, 'sign-in-code');
  await me.getByLabel('Code', { exact: true }).fill(codes[0].toUpperCase());
  await me.getByRole('button', { name: 'Sign in' }).click();
  await expect(me).toHaveURL(/\/account$/);
  const used = await waitForEmail(reviewer.email, /A recovery code was used/);
  expect(used.text).toContain('9 unused codes are left');
  await me.goto(`${baseURL}/account/security`);
  await expect(me.getByTestId('codes-left')).toHaveText('9 of 10 left');

  // the same recovery code does not work twice
  await me.getByRole('button', { name: 'Sign out', exact: true }).click();
  await me.goto(`${baseURL}/sign-in`);
  await me.getByLabel('Work e-mail').fill(reviewer.email);
  await me.getByLabel('Password').fill(reviewer.password);
  await me.getByRole('button', { name: 'Sign in' }).click();
  await expect(me).toHaveURL(/\/sign-in\/code/);
  await me.getByLabel('Code', { exact: true }).fill(codes[0]);
  await me.getByRole('button', { name: 'Sign in' }).click();
  await expect(me.getByText('That code is not right, or it was used already.')).toBeVisible();
  await expectAccessible(me, testInfo, 'sign-in-code-refused');
  await enterCode(me, reviewer.email);
  await expect(me).toHaveURL(/\/account$/);
  await context.close();
});

stepUpTest('a reviewer revealing a bank number is asked for a fresh code first', async ({ page, browser, baseURL }, testInfo) => {
  stepUpTest.setTimeout(120_000);
  const js = testInfo.project.name === 'js';
  const legalName = `Fourth Coffee ${unique('', testInfo)} GmbH`;
  await submitWholeApplication(page, baseURL!, legalName, `${unique('admin', testInfo)}@fourthcoffee.example`, `${unique('c', testInfo)}@fourthcoffee.example`);
  const context = await browser.newContext({ javaScriptEnabled: js });
  const reviewer = await context.newPage();
  await signInAsFirstAdmin(reviewer, stepUpPortal(), ADMIN);
  await reviewer.goto(`${baseURL}/review`);
  await reviewer.getByRole('link', { name: legalName }).click();
  await reviewer.getByRole('button', { name: 'Claim this application' }).click();
  await expect(reviewer.getByTestId('review-status')).toHaveText('In review');
  // the sign-in's own proof has run out (after 10 s on this portal)
  await reviewer.waitForTimeout(11_000);
  await reviewer.getByRole('button', { name: 'Show the full number' }).click();
  await expect(reviewer.getByText('Confirm it is you first')).toBeVisible();
  await expect(reviewer.getByTestId('bank-number')).toHaveCount(0);
  await expectAccessible(reviewer, testInfo, 'step-up');
  await snap(reviewer, 'step-up');
  // the code goes with the same button: the number is shown at once
  await reviewer.getByLabel('Code from your authenticator app').fill(await nextCode(reviewer, ADMIN.email));
  await reviewer.getByRole('button', { name: 'Show the full number' }).click();
  await expect(reviewer.getByTestId('bank-number')).toHaveText('DE89 3704 0044 0532 0130 00');
  await context.close();
});

test('the two-factor recovery page asks for the partner and its global admin @js-only', async ({ page, baseURL }, testInfo) => {
  await signInAsProgramAdmin(page, baseURL!);
  await page.goto('/account');
  await page.getByRole('link', { name: 'Two-factor recovery' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-factor recovery');
  await expect(page.getByText('Nothing is waiting.')).toBeVisible();
  await page.getByLabel("The partner's program ID").fill('1234567');
  await page.getByLabel("The global admin's e-mail").fill('nobody@nowhere.example');
  await page.getByLabel('Why (how the partner proved who they are)').fill('Called from the number on file');
  await page.getByRole('button', { name: 'Ask for the reset' }).click();
  await expect(page.getByText('No active global admin of the partner with this program ID has this e-mail address.')).toBeVisible();
  await expectAccessible(page, testInfo, 'two-factor-recovery');
});
