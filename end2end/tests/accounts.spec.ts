// Account administration: a partner's global admin adds employees with roles, each signs in
// with the e-mailed temporary password, sees what their roles allow and why the rest is not
// available; roles change at once; a second global admin removes the lockout warning.
import { expect } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { snap, test, unique } from './support/enrollment';
import { approvedPartner, firstSignIn } from './support/partner';

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
    await expect(salesPage.getByRole('link', { name: 'Users and roles' })).toHaveCount(0);
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
    await salesPage.reload();
    await expect(salesPage.getByRole('heading', { level: 1 })).toHaveText('Users');

    await salesContext.close();
    await managerContext.close();
  });
});
