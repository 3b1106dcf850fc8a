// Business profiles and the partner directory: a provider's business profile admin saves a
// draft, is told what publishing still needs, publishes, and the profile appears in the
// directory and its search (JavaScript off too), with a page of its own.
import { expect } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { snap, test, unique } from './support/enrollment';
import { waitForEmail } from './support/mail';
import { approvedPartner } from './support/partner';
import { crc32, deflateSync } from 'zlib';

/** A `width` × `height` RGB PNG with a gradient, made here so the test needs no picture file. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = x % 256;
      rows[at + 1] = 90;
      rows[at + 2] = (y * 2) % 256;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test.describe('business profile and directory', () => {
  test('a provider publishes its profile; it is found in the directory', async ({ page, browser, baseURL }, testInfo) => {
    // the whole acceptance flow: four parties, about forty pages and six e-mails
    test.setTimeout(180_000);
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const name = `Hanbit Cloud ${unique('', testInfo)}`;
    const provider = await approvedPartner(page, browser, baseURL!, testInfo, 'Indirect provider', name);

    await page.goto(`${baseURL}/partner`);
    await page.getByTestId('account-areas').getByRole('link', { name: 'Business profile' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Business profile');
    await expect(page.getByTestId('bp-status')).toContainText('Not published');

    // a first draft with little in it: saved, and told what publishing needs
    await page.getByLabel('Description').fill('서울에서 중소기업의 클라우드 전환을 돕습니다. We move Korean small businesses to Azure.');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect(page.getByRole('status')).toHaveText('The draft was saved. The directory shows it once you publish.');
    await expect(page.getByTestId('bp-missing')).toContainText('Name at least one country you serve.');
    await page.getByRole('button', { name: 'Publish the saved draft' }).click();
    await expect(page.locator('.form-message').first()).toBeVisible();

    // a country we do not know: at the field, what was typed stays
    await page.getByLabel('Countries you serve').fill('KR, Atlantis');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect(page.locator('#regions-message')).toContainText('not a country we know');
    await expect(page.getByLabel('Countries you serve')).toHaveValue('KR, Atlantis');

    await page.getByLabel('Countries you serve').fill('KR, Japan');
    await page.getByTestId('products-boxes').getByLabel('Azure').check();
    await page.getByTestId('products-boxes').getByLabel('Microsoft 365').check();
    await page.getByTestId('services-boxes').getByLabel('Migration').check();
    await page.getByTestId('languages-boxes').getByLabel('Korean').check();
    await page.getByTestId('languages-boxes').getByLabel('English').check();
    await page.getByTestId('customer_sizes-boxes').getByLabel(/Small/).check();
    await page.getByLabel('City, location 1').fill('Seoul');
    await page.getByLabel('Country, location 1').selectOption('KR');
    await page.getByLabel('Name', { exact: true }).fill('Ji-woo Park');
    await page.getByLabel('E-mail', { exact: true }).fill('leads@hanbit.example');
    await page.getByLabel('We accept new resellers').check();
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect(page.getByRole('status')).toHaveText('The draft was saved. The directory shows it once you publish.');
    await expect(page.getByTestId('bp-missing')).toHaveCount(0);

    // a logo: a file that is not a picture is refused at the field; a wide PNG is made 300 pixels wide
    const logo = page.getByTestId('bp-logo');
    await expect(logo).toContainText('No logo yet.');
    await logo.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await logo.getByRole('button', { name: 'Upload the logo' }).click();
    await expect(page.locator('#logo-message')).toHaveText('Choose a PNG or JPEG picture: this file is not one, or it is damaged.');
    await expect(page.getByLabel('Logo file')).toHaveAttribute('aria-invalid', 'true');
    await logo.getByLabel('Logo file').setInputFiles({ name: 'hanbit.png', mimeType: 'image/png', buffer: png(900, 300) });
    await logo.getByRole('button', { name: 'Upload the logo' }).click();
    await expect(page.getByRole('status')).toHaveText('The logo was saved. Publish to show it in the directory.');
    await expect(page.getByTestId('bp-logo-image')).toBeVisible();
    expect(await page.getByTestId('bp-logo-image').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([300, 100]);
    // the form's fields were saved before: the upload kept them
    await expect(page.getByLabel('Countries you serve')).toHaveValue(/KR/);
    if (js) await expectAccessible(page, testInfo, 'business-profile');
    await snap(page, `business-profile-${testInfo.project.name}`);
    await page.getByRole('button', { name: 'Publish the saved draft' }).click();
    await expect(page.getByRole('status')).toHaveText('Your profile is published in the directory.');
    await expect(page.getByTestId('bp-status')).toContainText('Published on');

    // anyone, signed in or not, finds it: by an English word, a Korean word, and filters
    const visitorContext = await browser.newContext({ javaScriptEnabled: js });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${baseURL}/`);
    await visitor.locator('.site-nav').getByRole('link', { name: 'Partner directory' }).click();
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Partner directory');
    for (const words of [name, '서울', 'korean small']) {
      await visitor.getByLabel('Search', { exact: true }).fill(words);
      await visitor.getByRole('button', { name: 'Search' }).click();
      await expect(visitor.getByTestId('directory-card').filter({ hasText: name })).toBeVisible();
    }
    await visitor.getByLabel('Search', { exact: true }).fill(name);
    await visitor.getByLabel('Partner type').selectOption('indirect_provider');
    await visitor.getByLabel('Serves').selectOption('JP');
    await visitor.getByLabel('Language').selectOption('ko');
    await visitor.getByRole('button', { name: 'Search' }).click();
    await expect(visitor).toHaveURL(/region=JP/);
    const card = visitor.getByTestId('directory-card').filter({ hasText: name });
    await expect(card).toContainText('Accepts new resellers');
    if (js) await expectAccessible(visitor, testInfo, 'directory');
    await snap(visitor, `directory-${testInfo.project.name}`);
    await visitor.getByLabel('Language').selectOption('ja');
    await visitor.getByRole('button', { name: 'Search' }).click();
    await expect(visitor.getByTestId('directory-empty')).toBeVisible();

    // its own page: title, description, what it offers
    await visitor.goBack();
    await visitor.getByRole('link', { name }).click();
    await expect(visitor.getByTestId('entry-name')).toHaveText(name);
    await expect(visitor).toHaveTitle(`${name} · Partner directory · CSP Portal`);
    await expect(visitor.locator('meta[name="description"]')).toHaveAttribute('content', /서울에서 중소기업의/);
    await expect(visitor.locator('main')).toContainText('Azure');
    await expect(visitor.locator('main')).toContainText('Seoul, South Korea');
    await expect(visitor.getByRole('img', { name: `${name} logo` })).toBeVisible();
    if (js) await expectAccessible(visitor, testInfo, 'directory-entry');
    await snap(visitor, `directory-entry-${testInfo.project.name}`);
    await visitorContext.close();

    // an approved indirect reseller finds the provider, ranked with reasons, and asks for a relationship
    const resellerContext = await browser.newContext({ javaScriptEnabled: js });
    const resellerPage = await resellerContext.newPage();
    const reseller = await approvedPartner(resellerPage, browser, baseURL!, testInfo, 'Indirect reseller', `Adatum Retail ${unique('', testInfo)}`);
    await resellerPage.goto(`${baseURL}/partner`);
    await resellerPage.getByRole('link', { name: 'Find an indirect provider' }).click();
    await expect(resellerPage.getByRole('heading', { level: 1 })).toHaveText('Find an indirect provider');
    const match = resellerPage.getByTestId('provider-match').filter({ hasText: name });
    await expect(match.getByTestId('match-score')).toContainText('/100');
    await expect(match.getByTestId('match-why')).toContainText('resellers');
    if (js) await expectAccessible(resellerPage, testInfo, 'find-provider');
    await snap(resellerPage, `find-provider-${testInfo.project.name}`);
    if (js) {
      // the request from the provider's directory page; the match list then shows it
      await match.getByRole('link', { name }).click();
      await expect(resellerPage.getByTestId('entry-name')).toHaveText(name);
      const ask = resellerPage.getByTestId('entry-relationship');
      await ask.getByLabel('Message to the provider (optional)').fill('x'.repeat(2001));
      await ask.getByRole('button', { name: 'Ask for a relationship' }).click();
      await expect(ask.getByText('at most', { exact: false }).first()).toBeVisible();
      await ask.getByLabel('Message to the provider (optional)').fill('We sell Microsoft 365 to shops in Germany.');
      await ask.getByRole('button', { name: 'Ask for a relationship' }).click();
      await expect(ask.getByRole('status')).toContainText('Request sent: waiting for the provider');
      await expectAccessible(resellerPage, testInfo, 'directory-entry-reseller');
      await snap(resellerPage, `directory-entry-reseller-${testInfo.project.name}`);
      await resellerPage.goto(`${baseURL}/partners/find`);
      await expect(match).toContainText('Request sent: waiting for the provider');
      await resellerPage.goto(`${baseURL}/partners`);
    } else {
      // the request from the match list; the provider's directory page then shows it
      await match.getByLabel('Message to the provider (optional)').fill('We sell Microsoft 365 to shops in Germany.');
      await match.getByRole('button', { name: /Ask for a relationship/ }).click();
      await expect(resellerPage.getByRole('status')).toContainText('Your request was sent.');
      await expect(resellerPage).toHaveURL(/\/partners\?done=requested/);
    }
    await expect(resellerPage.getByTestId('relationship-request').filter({ hasText: name })).toBeVisible();
    if (!js) {
      await resellerPage.getByRole('link', { name }).first().click();
      await expect(resellerPage.getByTestId('entry-relationship')).toContainText('Request sent: waiting for the provider');
      await resellerPage.goBack();
    }

    // the provider gets the e-mail and accepts; both sides see it active
    const asked = await waitForEmail(provider.admin.email, /A reseller asks for a relationship/);
    expect(asked.text).toContain(reseller.legalName);
    await page.goto(`${baseURL}/partners`);
    const request = page.getByTestId('relationship-request').filter({ hasText: reseller.legalName });
    await expect(request).toContainText('We sell Microsoft 365 to shops in Germany.');
    await request.getByRole('button', { name: /Send the answer/ }).click();
    await expect(request).toContainText('Choose approve or decline.');
    // declined first: the notice says declined, the reseller is e-mailed and may ask again
    await request.getByRole('radio', { name: 'Decline' }).check();
    await request.getByLabel('Message to the reseller (needed to decline)').fill('Only after your tenant is set up.');
    await request.getByRole('button', { name: /Send the answer/ }).click();
    await expect(page.getByRole('status')).toHaveText('The request was declined. The reseller was e-mailed.');
    await expect(request).toBeHidden();
    const declined = await waitForEmail(reseller.admin.email, /Relationship declined/);
    expect(declined.text).toContain('Only after your tenant is set up.');
    await resellerPage.goto(`${baseURL}/partners/find`);
    await match.getByRole('button', { name: /Ask for a relationship/ }).click();
    if (js) await expect(match).toContainText('Request sent: waiting for the provider');
    else await expect(resellerPage).toHaveURL(/\/partners\?done=requested/);
    await page.goto(`${baseURL}/partners`);
    await request.getByLabel('Accept').check();
    await request.getByRole('button', { name: /Send the answer/ }).click();
    await expect(page.getByRole('status')).toHaveText('The relationship is active. The reseller was e-mailed.');
    await expect(page.getByTestId('relationship-active').filter({ hasText: reseller.legalName })).toBeVisible();
    if (js) await expectAccessible(page, testInfo, 'relationships');
    await snap(page, `relationships-${testInfo.project.name}`);
    await waitForEmail(reseller.admin.email, /Relationship accepted/);
    await resellerPage.goto(`${baseURL}/partners`);
    await expect(resellerPage.getByTestId('relationship-active').filter({ hasText: name })).toBeVisible();

    // a customer (no account) asks the provider for help from its directory page
    const customerEmail = `${unique('mina', testInfo)}@bluebakery.example`;
    const customerContext = await browser.newContext({ javaScriptEnabled: js });
    const customer = await customerContext.newPage();
    await customer.goto(`${baseURL}/directory`);
    await customer.getByLabel('Search', { exact: true }).fill(name);
    await customer.getByRole('button', { name: 'Search' }).click();
    await customer.getByRole('link', { name }).click();
    await customer.getByRole('button', { name: 'Send the request' }).click();
    await expect(customer.locator('#need-message')).toBeVisible();
    await customer.getByLabel('What do you need?').fill('Move our 12 mailboxes to Microsoft 365 by March.');
    await customer.getByLabel('Size of your company').selectOption('small');
    await customer.getByLabel('Country', { exact: true }).selectOption('KR');
    await customer.getByLabel('Your name').fill('Mina Cho');
    await customer.getByLabel('Company', { exact: true }).fill('Blue Bakery');
    await customer.getByLabel('E-mail', { exact: true }).fill(customerEmail);
    await customer.getByRole('button', { name: 'Send the request' }).click();
    await expect(customer.getByTestId('referral-sent')).toContainText('Check your e-mail');
    const confirmation = await waitForEmail(customerEmail, /Confirm your request/);
    const link = confirmation.text.match(/(http\S+\/referrals\/confirm\?token=\S+)/)![1];
    await customer.goto(link);
    await customer.getByRole('button', { name: 'Confirm and send' }).click();
    await expect(customer.getByRole('status')).toHaveText('Your request was sent. The partner answers by e-mail.');

    // the provider passes it to its reseller, who accepts it; the customer hears each step
    await waitForEmail(provider.admin.email, /New customer referral/);
    await page.goto(`${baseURL}/referrals`);
    const referral = page.getByTestId('referral-new').filter({ hasText: 'Blue Bakery' });
    await expect(referral).toContainText('Move our 12 mailboxes');
    if (js) await expectAccessible(page, testInfo, 'referrals');
    await referral.getByLabel('Pass to one of your resellers').selectOption({ label: reseller.legalName });
    await referral.getByRole('button', { name: 'Pass it on' }).click();
    await expect(page.getByRole('status')).toHaveText('Passed on. The reseller and the customer were e-mailed.');
    await expect(page.getByTestId('referral-done').filter({ hasText: 'Blue Bakery' })).toContainText(reseller.legalName);
    await waitForEmail(customerEmail, /passed on/);
    await waitForEmail(reseller.admin.email, /A customer referral from your provider/);
    await resellerPage.goto(`${baseURL}/referrals`);
    const passed = resellerPage.getByTestId('referral-new').filter({ hasText: 'Blue Bakery' });
    await expect(passed).toContainText(name);
    await passed.getByLabel('Accept').check();
    await passed.getByLabel('Message to the customer (needed to decline)').fill('We will call you tomorrow.');
    await passed.getByRole('button', { name: 'Send the answer' }).click();
    await expect(resellerPage.getByRole('status')).toHaveText('Answered. The customer was e-mailed.');
    await snap(resellerPage, `referrals-${testInfo.project.name}`);
    const accepted = await waitForEmail(customerEmail, /accepted/);
    expect(accepted.text).toContain('We will call you tomorrow.');
    await customerContext.close();
    await resellerContext.close();
  });
});
