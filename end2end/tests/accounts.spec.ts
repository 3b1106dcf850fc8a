// Account administration: a partner's global admin adds employees with roles, each signs in
// with the e-mailed temporary password, sees what their roles allow and why the rest is not
// available; roles change at once; a second global admin removes the lockout warning.
import { expect } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { signInAsProgramAdmin, snap, test, unique } from './support/enrollment';
import { waitForEmail } from './support/mail';
import { addEmployee, approvedPartner, firstSignIn } from './support/partner';
import { forgetTwoFactor, setUpTwoFactorAndGoOn } from './support/two_factor';

test.describe('account administration', () => {
  test('the global admin adds employees with roles; each sees what the roles allow', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const partner = await approvedPartner(page, browser, baseURL!, testInfo);

    // the users page, from the profile
    await page.getByRole('link', { name: 'Users and roles' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
    await expect(page.getByRole('row', { name: new RegExp(partner.admin.email) })).toContainText('Global admin');
    await expect(page.getByTestId('single-admin')).toContainText('single global admin');
    if (js) await expectAccessible(page, testInfo, 'users');

    // bad input is refused at the field, and what was typed stays
    const sales = { name: `Ji-woo Park ${unique('', testInfo)}`, email: `${unique('ji-woo', testInfo)}@adatum.example` };
    const manager = { name: `Min-seo Lee ${unique('', testInfo)}`, email: `${unique('min-seo', testInfo)}@adatum.example` };
    await page.getByLabel('Work e-mail').fill(sales.email);
    await page.getByRole('button', { name: 'Add employee' }).click();
    await expect(page.locator('#display_name-message')).toBeVisible();
    await expect(page.getByLabel('Work e-mail')).toHaveValue(sales.email);

    await page.getByLabel('Name', { exact: true }).fill(sales.name);
    await page.getByLabel('Work e-mail').fill(sales.email);
    await page.locator('#add-sales_agent').check();
    await page.getByRole('button', { name: 'Add employee' }).click();
    await expect(page.getByRole('status')).toHaveText('The employee was added and has been sent a temporary password.');
    await expect(page.getByRole('row', { name: new RegExp(sales.name) }).getByTestId('member-roles')).toHaveText('Sales agent');

    await page.getByLabel('Name', { exact: true }).fill(manager.name);
    await page.getByLabel('Work e-mail').fill(manager.email);
    await page.locator('#add-user_management_admin').check();
    await page.getByRole('button', { name: 'Add employee' }).click();
    const managerRow = page.getByRole('row', { name: new RegExp(manager.name) });
    await expect(managerRow.getByTestId('member-roles')).toHaveText('User management admin');
    await expect(managerRow.getByTestId('member-status')).toHaveText('Has not chosen a password yet');
    await snap(page, `users-${testInfo.project.name}`);

    // both get their e-mail, sign in, and must change the password first
    const salesContext = await browser.newContext({ javaScriptEnabled: js });
    const salesPage = await salesContext.newPage();
    await firstSignIn(salesPage, baseURL!, sales.email, /Your CSP Portal account/, 'a sales agent passphrase');
    const managerContext = await browser.newContext({ javaScriptEnabled: js });
    const managerPage = await managerContext.newPage();
    await firstSignIn(managerPage, baseURL!, manager.email, /Your CSP Portal account/, 'a user manager passphrase');

    // the user management admin sees the users, but cannot make anyone a global admin
    await managerPage.getByRole('link', { name: 'Users and roles' }).click();
    await expect(managerPage.getByRole('heading', { level: 1 })).toHaveText('Users');
    await expect(managerPage.locator('#add-global_admin')).toHaveCount(0);
    await expect(managerPage.getByRole('row', { name: new RegExp(partner.admin.email) })).toContainText('Only a global admin can change a global admin.');

    // the sales agent is told why the page is not theirs, and whom to ask
    await expect(salesPage.getByTestId('account-areas').getByRole('listitem').filter({ hasText: 'Users and roles' }))
      .toContainText('needs Global admin, User management admin');
    await salesPage.goto(`${baseURL}/account/users`);
    await expect(salesPage.getByTestId('why-not')).toContainText('Global admin, User management admin');
    await expect(salesPage.getByTestId('why-not')).toContainText(partner.admin.name);
    if (js) await expectAccessible(salesPage, testInfo, 'users-why-not');
    await snap(salesPage, `users-why-not-${testInfo.project.name}`);

    // the global admin takes the manager's role: the next request of theirs is refused
    await page.reload();
    await managerRow.getByText('Edit roles').click();
    await managerRow.getByLabel('User management admin').uncheck();
    await managerRow.getByRole('button', { name: /Save roles/ }).click();
    await expect(page.getByRole('status')).toHaveText('The roles were saved. They apply from the user\'s next request.');
    await expect(managerRow.getByTestId('member-roles')).toHaveText('No role: sees only their own profile');
    await managerPage.reload();
    await expect(managerPage.getByTestId('why-not')).toContainText('User management admin');

    // deactivation ends the manager's session at once; reactivation lets them sign in again
    await managerRow.getByRole('button', { name: /Deactivate/ }).click();
    await expect(page.getByRole('status')).toHaveText('The user was deactivated and signed out everywhere.');
    await expect(managerRow.getByTestId('member-status')).toHaveText('Deactivated');
    await managerPage.reload();
    await expect(managerPage).toHaveURL(/\/sign-in/);
    await managerRow.getByRole('button', { name: /Reactivate/ }).click();
    await expect(page.getByRole('status')).toHaveText('The user was reactivated.');
    await expect(managerRow.getByTestId('member-status')).toHaveText('Active');

    // a second global admin: the warning goes
    const salesRow = page.getByRole('row', { name: new RegExp(sales.name) });
    await salesRow.getByText('Edit roles').click();
    await salesRow.getByLabel('Global admin').check();
    await salesRow.getByRole('button', { name: /Save roles/ }).click();
    await expect(salesRow.getByTestId('member-roles')).toHaveText('Global admin, Sales agent');
    await expect(page.getByTestId('single-admin')).toHaveCount(0);
    // a global admin must use two-factor sign-in: the promoted employee sets it up first
    await salesPage.reload();
    await setUpTwoFactorAndGoOn(salesPage, sales.email);
    await salesPage.goto(`${baseURL}/account/users`);
    await expect(salesPage.getByRole('heading', { level: 1 })).toHaveText('Users');

    // a lost phone: the first global admin resets the colleague's two-factor sign-in; they are
    // signed out, e-mailed, and set it up again at their next sign-in
    await page.reload();
    await page.getByRole('row', { name: new RegExp(sales.name) })
      .getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await expect(page.getByRole('status')).toContainText('Two-factor sign-in was reset.');
    forgetTwoFactor(salesPage, sales.email);
    expect((await waitForEmail(sales.email, /Your two-factor sign-in was reset/)).text).toContain('set it up');
    await salesPage.reload();
    await expect(salesPage).toHaveURL(/\/sign-in/);

    await salesContext.close();
    await managerContext.close();
  });

  test('organization profile, legal name request, billing profile, role matrix and audit log', async ({ page, browser, baseURL }, testInfo) => {
    test.slow();
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const partner = await approvedPartner(page, browser, baseURL!, testInfo);

    // the organization profile: bad input at the field, then saved
    await page.goto(`${baseURL}/partner`);
    await page.getByTestId('account-areas').getByRole('link', { name: 'Organization profile' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organization profile');
    await expect(page.getByTestId('legal-name')).toHaveText(partner.legalName);
    await expect(page.getByLabel('Contact e-mail')).toHaveValue(partner.admin.email);
    await page.getByLabel('Phone', { exact: true }).fill('12');
    await page.getByLabel('City').fill('Hamburg');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await expect(page.locator('#phone-message')).toBeVisible();
    await expect(page.getByLabel('City')).toHaveValue('Hamburg');
    await page.getByLabel('Phone', { exact: true }).fill('040 1234567');
    await page.getByLabel('Postal code').fill('20095');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await expect(page.getByRole('status')).toHaveText('The organization profile was saved.');
    await page.reload();
    await expect(page.getByLabel('City')).toHaveValue('Hamburg');
    if (js) await expectAccessible(page, testInfo, 'organization');

    // the legal name: a request to the program team, which approves it
    const newName = `${partner.legalName} Holding`;
    await page.getByLabel('New legal name').fill(newName);
    await page.getByRole('button', { name: 'Ask the program team' }).click();
    await expect(page.locator('#reason-message')).toBeVisible();
    await expect(page.getByLabel('New legal name')).toHaveValue(newName);
    await page.getByLabel('Reason').fill('Renamed after the merger of 1 March.');
    await page.getByRole('button', { name: 'Ask the program team' }).click();
    await expect(page.getByTestId('name-request')).toContainText('has not decided yet');
    await expect(page.getByTestId('legal-name')).toHaveText(partner.legalName);
    await snap(page, `organization-${testInfo.project.name}`);

    const operatorContext = await browser.newContext({ javaScriptEnabled: js });
    const operator = await operatorContext.newPage();
    await signInAsProgramAdmin(operator, baseURL!);
    await operator.getByRole('link', { name: 'Legal name requests' }).click();
    const request = operator.getByTestId('name-request').filter({ hasText: newName });
    await request.getByRole('button', { name: 'Record the decision' }).click();
    await expect(request).toContainText('Choose approve or decline.');
    await request.getByLabel('Approve: rename the organization').check();
    await request.getByRole('button', { name: 'Record the decision' }).click();
    await expect(operator.getByRole('status')).toHaveText('The decision was recorded and the partner was e-mailed.');
    if (js) await expectAccessible(operator, testInfo, 'legal-names');
    await snap(operator, `legal-names-${testInfo.project.name}`);
    await operatorContext.close();
    const approved = await waitForEmail(partner.admin.email, /Legal name change approved/);
    expect(approved.text).toContain(newName);
    await page.reload();
    await expect(page.getByTestId('legal-name')).toHaveText(newName);

    // a billing admin: the billing profile, masked, and a replacement everyone is told about
    const billing = { name: `Soo-ah Kang ${unique('', testInfo)}`, email: `${unique('soo-ah', testInfo)}@adatum.example` };
    const billingPage = await addEmployee(page, browser, baseURL!, js, billing, 'billing_admin', 'a billing admin passphrase');
    await billingPage.getByTestId('account-areas').getByRole('link', { name: 'Billing profile' }).click();
    await expect(billingPage.getByTestId('bank-masked')).toHaveText('•••• 3000');
    await expect(billingPage.locator('body')).not.toContainText('0532013000');
    await billingPage.getByLabel('Account holder').fill(newName);
    await billingPage.getByLabel('IBAN').fill('DE02 1203 0000 0000 2020 52');
    await billingPage.getByLabel('BIC (SWIFT code)').fill('BYLADEM1001');
    await billingPage.getByRole('button', { name: 'Replace the bank details' }).click();
    await expect(billingPage.locator('#iban-message')).toBeVisible();
    await expect(billingPage.getByLabel('Account holder')).toHaveValue(newName);
    await billingPage.getByLabel('IBAN').fill('DE02 1203 0000 0000 2020 51');
    await billingPage.getByRole('button', { name: 'Replace the bank details' }).click();
    await expect(billingPage.getByRole('status')).toContainText('The bank details were replaced.');
    await expect(billingPage.getByTestId('bank-masked')).toHaveText('•••• 2051');
    if (js) await expectAccessible(billingPage, testInfo, 'billing');
    await snap(billingPage, `billing-${testInfo.project.name}`);
    for (const address of [partner.admin.email, billing.email]) {
      const notice = await waitForEmail(address, /Bank details changed/);
      expect(notice.text).toContain('2051');
      expect(notice.text).not.toContain('DE02120300000000202051');
    }

    // the billing admin cannot open the organization profile, and is told why and whom to ask
    await billingPage.goto(`${baseURL}/account/organization`);
    await expect(billingPage.getByTestId('why-not')).toContainText('Global admin, Account admin');
    await expect(billingPage.getByTestId('why-not')).toContainText(partner.admin.name);

    // the role matrix: the global admin gives the billing admin the account admin role
    await page.goto(`${baseURL}/account/roles`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Role assignment');
    await expect(page.getByTestId('single-admin')).toBeVisible();
    const billingRow = page.getByRole('row', { name: new RegExp(billing.name) });
    await expect(billingRow.getByLabel(`Billing admin — ${billing.name}`)).toBeChecked();
    await billingRow.getByLabel(`Account admin — ${billing.name}`).check();
    await billingRow.getByRole('button', { name: /Save roles/ }).click();
    await expect(page.getByRole('status')).toHaveText('The roles were saved. They apply from the user\'s next request.');
    await expect(page.getByRole('row', { name: new RegExp(billing.name) }).getByLabel(`Account admin — ${billing.name}`)).toBeChecked();
    await expect(page.getByRole('definition').filter({ hasText: 'Replace the bank details' }).first()).toBeVisible();
    if (js) await expectAccessible(page, testInfo, 'role-matrix');
    await snap(page, `role-matrix-${testInfo.project.name}`);
    await billingPage.reload();
    await expect(billingPage.getByRole('heading', { level: 1 })).toHaveText('Organization profile');

    // the audit log: every change, filtered by action, and as CSV
    await page.goto(`${baseURL}/account/audit`);
    const actions = page.getByTestId('audit-action');
    for (const action of ['Replaced the bank details', 'Changed roles', 'Legal name change approved by the program team',
      'Asked to change the legal name', 'Changed the organization profile', 'Added a user']) {
      await expect(actions.filter({ hasText: action }).first()).toBeVisible();
    }
    await expect(page.getByTestId('audit-table')).toContainText('+ Account admin');
    await page.getByLabel('Action').selectOption('bank.replace');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/action=bank\.replace/);
    await expect(actions).toHaveCount(1);
    await expect(page.getByTestId('audit-table')).toContainText('•••• 3000 → •••• 2051');
    if (js) await expectAccessible(page, testInfo, 'audit');
    await snap(page, `audit-${testInfo.project.name}`);
    const csv = await page.request.get(`${baseURL}/account/audit.csv?action=bank.replace`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    // UTF-8 with a byte order mark, so that spreadsheets read Korean names right
    expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('time_utc,user,action,target,detail,address');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('bank.replace');
    // the billing admin is no global admin: no audit log, no export
    const refused = await billingPage.request.get(`${baseURL}/account/audit.csv`, { maxRedirects: 0 });
    expect(refused.status()).toBe(403);

    await billingPage.context().close();
  });
});
