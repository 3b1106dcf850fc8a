// Customer relationships (flows 9 and 10): a direct-bill partner's sales agent asks a customer,
// whose admin accepts from the e-mail; both sides see it active with the billing party. The
// one-CSP-tenant rule refuses a provider's CSP tenant and lets its corporate tenant through. A
// revoked link says so; an expired one asks for a resend (JavaScript off too).
import { expect, invitePortal, test as base } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { snap, test, unique } from './support/enrollment';
import { linkIn, waitForEmail } from './support/mail';
import { addEmployee, approvedPartner } from './support/partner';
import type { Page } from '@playwright/test';

/** The installation whose invitation links expire after 20 s. */
const inviteTest = base.extend({
  baseURL: async ({}, use) => {
    await use((await invitePortal()).url);
  },
});

async function requestCustomer(page: Page, name: string, domain: string, email: string) {
  await page.getByLabel('Customer organization name').fill(name);
  await page.getByLabel('Tenant domain').fill(domain);
  await page.getByLabel('Customer admin').fill(email);
  await page.getByRole('button', { name: 'Send the request' }).click();
}

test.describe('customer relationships', () => {
  test('a sales agent’s request is accepted; the rule refuses a CSP tenant', async ({ page, browser, baseURL }, testInfo) => {
    // two approved partners, a new employee, a new customer: about fifty pages and eight e-mails
    test.setTimeout(300_000);
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const tag = unique('', testInfo);
    const direct = await approvedPartner(page, browser, baseURL!, testInfo, 'Direct-bill partner', `Fabrikam Direct ${tag}`);

    // the global admin adds a sales agent
    const sales = { name: `Ji-woo Park ${tag}`, email: `${unique('sales', testInfo)}@adatum.example` };
    const salesPage = await addEmployee(page, browser, baseURL!, js, sales, 'sales_agent', 'a sales agent passphrase');

    // an indirect provider with a corporate tenant besides its CSP tenant
    const providerContext = await browser.newContext({ javaScriptEnabled: js });
    const providerPage = await providerContext.newPage();
    const provider = await approvedPartner(providerPage, browser, baseURL!, testInfo, 'Indirect provider', `Hanbit Cloud ${tag}`);
    await providerPage.goto(`${baseURL}/account`);
    await providerPage.getByTestId('account-areas').getByRole('link', { name: 'Tenants' }).click();
    await expect(providerPage.getByRole('heading', { level: 1 })).toHaveText('Tenants');
    const cspTenant = (await providerPage.getByTestId('tenant-row').filter({ hasText: 'CSP tenant' }).getByRole('rowheader').textContent())!.trim();
    expect(cspTenant).toMatch(/\.csp\.example$/);
    const corporate = `${tag.toLowerCase()}-corp.example`;
    await providerPage.getByLabel('Tenant domain').fill('not a domain');
    await providerPage.getByRole('button', { name: 'Register the tenant' }).click();
    await expect(providerPage.locator('#domain-message')).toBeVisible();
    await providerPage.getByLabel('Tenant domain').fill(corporate);
    await providerPage.getByRole('button', { name: 'Register the tenant' }).click();
    await expect(providerPage.getByRole('status')).toHaveText('The tenant was registered.');
    await expect(providerPage.getByTestId('tenant-row').filter({ hasText: corporate })).toContainText('Corporate (non-CSP) tenant');
    if (js) await expectAccessible(providerPage, testInfo, 'tenants');

    // the sales agent's customers page
    await salesPage.goto(`${baseURL}/account`);
    await salesPage.getByTestId('account-areas').getByRole('link', { name: 'Customers' }).click();
    await expect(salesPage.getByRole('heading', { level: 1 })).toHaveText('Customers');
    await expect(salesPage.getByText('You bill your customers yourself.')).toBeVisible();

    // the provider's CSP tenant is refused with the rule, at the field; what was typed stays
    await requestCustomer(salesPage, 'Hanbit Cloud', cspTenant, provider.admin.email);
    await expect(salesPage.locator('#domain-message')).toContainText('A CSP partner cannot resell online services to another CSP partner');
    await expect(salesPage.getByLabel('Tenant domain')).toHaveValue(cspTenant);
    if (js) await expectAccessible(salesPage, testInfo, 'customers-refused');

    // a new customer
    const customer = { name: `Contoso ${tag}`, domain: `contoso-${tag.toLowerCase()}.example`, email: `${unique('it', testInfo)}@contoso.example` };
    await requestCustomer(salesPage, customer.name, customer.domain, customer.email);
    await expect(salesPage.getByRole('status')).toContainText('The request was sent');
    const row = salesPage.getByTestId('customer-row').filter({ hasText: customer.name });
    await expect(row.getByTestId('customer-state')).toHaveText('Waiting for the customer');

    // the customer's admin gets the e-mail and opens the link
    const invitation = await waitForEmail(customer.email, /asks to be your cloud solution provider/);
    expect(invitation.text).toContain(`${direct.legalName} will bill you.`);
    const customerContext = await browser.newContext({ javaScriptEnabled: js });
    const customerPage = await customerContext.newPage();
    await customerPage.goto(linkIn(invitation, `${baseURL}/customer-invitation?token=`));
    await expect(customerPage.getByRole('heading', { level: 1 })).toHaveText('Cloud solution provider request');
    await expect(customerPage.getByTestId('invitation-billing')).toHaveText(direct.legalName);
    await expect(customerPage.getByTestId('invitation-meaning')).toContainText('may sell you online services');
    await expect(customerPage.getByLabel('Your organization')).toHaveValue(customer.name);
    if (js) await expectAccessible(customerPage, testInfo, 'invitation');
    // a password that does not match is refused at its field
    await customerPage.getByLabel('Your name').fill('Ji-min Kim');
    await customerPage.getByLabel('Choose a password').fill('a long customer passphrase');
    await customerPage.getByLabel('Password again').fill('a different passphrase');
    await customerPage.getByRole('button', { name: 'Accept the relationship' }).click();
    await expect(customerPage.locator('#password_again-message')).toBeVisible();
    await expect(customerPage.getByLabel('Your name')).toHaveValue('Ji-min Kim');
    await customerPage.getByLabel('Choose a password').fill('a long customer passphrase');
    await customerPage.getByLabel('Password again').fill('a long customer passphrase');
    await customerPage.getByRole('button', { name: 'Accept the relationship' }).click();
    await expect(customerPage).toHaveURL(/\/customer\?done=accepted$/);
    await expect(customerPage.getByRole('status')).toHaveText('You accepted: the relationship is active.');
    const mine = customerPage.getByTestId('partner-row').filter({ hasText: direct.legalName });
    await expect(mine.getByTestId('partner-state')).toHaveText('Active');
    await expect(mine.getByTestId('partner-billing')).toHaveText(direct.legalName);
    await snap(customerPage, `customer-home-${testInfo.project.name}`);
    if (js) await expectAccessible(customerPage, testInfo, 'customer-home');

    // the partner is e-mailed and sees it active with the billing party
    await waitForEmail(sales.email, /Customer relationship accepted/);
    await salesPage.goto(`${baseURL}/customers`);
    await expect(row.getByTestId('customer-state')).toHaveText('Active');
    await expect(row.getByTestId('customer-billing')).toHaveText(direct.legalName);
    await expect(row).toContainText('(0 days)');

    // the provider's corporate tenant may be a customer: its global admin signs in and accepts
    await requestCustomer(salesPage, `Hanbit Cloud ${tag}`, corporate, provider.admin.email);
    await expect(salesPage.getByRole('status')).toContainText('The request was sent');
    const corporateMail = await waitForEmail(provider.admin.email, /asks to be your cloud solution provider/);
    await providerPage.goto(linkIn(corporateMail, `${baseURL}/customer-invitation?token=`));
    await expect(providerPage.getByLabel('Choose a password')).toHaveCount(0);
    await providerPage.getByRole('button', { name: 'Accept the relationship' }).click();
    await expect(providerPage).toHaveURL(/\/customer\?done=accepted$/);
    await expect(providerPage.getByTestId('partner-row').filter({ hasText: corporate }).getByTestId('partner-state')).toHaveText('Active');

    // a revoked request: its link says so
    const revoked = { name: `Northwind ${tag}`, domain: `northwind-${tag.toLowerCase()}.example`, email: `${unique('it', testInfo)}@northwind.example` };
    await requestCustomer(salesPage, revoked.name, revoked.domain, revoked.email);
    await expect(salesPage.getByRole('status')).toContainText('The request was sent');
    await salesPage.getByRole('button', { name: `Revoke (${revoked.name})` }).click();
    await expect(salesPage.getByRole('status')).toHaveText('The request was revoked: its link no longer works.');
    await expect(salesPage.getByTestId('customer-row').filter({ hasText: revoked.name }).getByTestId('customer-state')).toHaveText('Revoked');
    await snap(salesPage, `customers-${testInfo.project.name}`);
    if (js) await expectAccessible(salesPage, testInfo, 'customers');
    const revokedMail = await waitForEmail(revoked.email, /asks to be your cloud solution provider/);
    await customerPage.goto(linkIn(revokedMail, `${baseURL}/customer-invitation?token=`));
    await expect(customerPage.getByTestId('invitation-state')).toHaveText(`${direct.legalName} revoked this request: the link no longer works.`);
    await expect(customerPage.getByRole('button', { name: 'Accept the relationship' })).toHaveCount(0);
    await snap(customerPage, `invitation-revoked-${testInfo.project.name}`);

    await Promise.all([salesPage.context().close(), providerContext.close(), customerContext.close()]);
  });

  inviteTest('an expired link asks for a resend; the resent link works', async ({ page, browser }, testInfo) => {
    inviteTest.setTimeout(180_000);
    const js = testInfo.project.use.javaScriptEnabled !== false;
    // this project's portal whose invitation links expire after 20 s
    const portal = (await invitePortal()).url;
    const tag = unique('', testInfo);
    const direct = await approvedPartner(page, browser, portal, testInfo, 'Direct-bill partner', `Tailspin ${tag}`, 'invite');
    await page.goto(`${portal}/customers`);
    const customer = { name: `Litware ${tag}`, domain: `litware-${tag.toLowerCase()}.example`, email: `${unique('it', testInfo)}@litware.example` };
    await requestCustomer(page, customer.name, customer.domain, customer.email);
    await expect(page.getByRole('status')).toContainText('The request was sent');
    const first = await waitForEmail(customer.email, /asks to be your cloud solution provider/);
    // the partner's list says when the link has expired (20 s on this portal)
    const row = page.getByTestId('customer-row').filter({ hasText: customer.name });
    await expect(async () => {
      await page.goto(`${portal}/customers`);
      await expect(row.getByTestId('customer-state')).toHaveText('Link expired', { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });

    const customerContext = await browser.newContext({ javaScriptEnabled: js });
    const customerPage = await customerContext.newPage();
    await customerPage.goto(linkIn(first, `${portal}/customer-invitation?token=`));
    await expect(customerPage.getByTestId('invitation-state')).toHaveText(`This link has expired: ask ${direct.legalName} to resend the request.`);
    await expect(customerPage.getByRole('button', { name: 'Accept the relationship' })).toHaveCount(0);
    await snap(customerPage, `invitation-expired-${testInfo.project.name}`);

    // the partner resends; the new link works, the old one no longer does
    await page.getByRole('button', { name: `Resend (${customer.name})` }).click();
    await expect(page.getByRole('status')).toHaveText('A new link was sent; the old one no longer works.');
    await expect(row.getByTestId('customer-state')).toHaveText('Waiting for the customer');
    await expect
      .poll(async () => (await waitForEmail(customer.email, /asks to be your cloud solution provider/)).id, { timeout: 30_000 })
      .not.toBe(first.id);
    const second = await waitForEmail(customer.email, /asks to be your cloud solution provider/);
    await customerPage.goto(linkIn(second, `${portal}/customer-invitation?token=`));
    await expect(customerPage.getByRole('button', { name: 'Accept the relationship' })).toBeVisible();
    await customerPage.goto(linkIn(first, `${portal}/customer-invitation?token=`));
    await expect(customerPage.getByRole('alert')).toContainText('no longer valid');
    await customerContext.close();
  });
});
