// Enrollment, the applicant's side: join the partner program, start a CSP application with a
// work e-mail, open it from the e-mailed link, fill in every step, submit, follow the status.
import { expect, waitForHydration } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { linkIn, waitForEmail } from './support/mail';
import {
  businessDaysFromToday,
  fillBusiness,
  fillGermanBusiness,
  joinProgram,
  saveAndContinue,
  signInAsProgramAdmin,
  snap,
  startAndOpen,
  test,
  unique,
} from './support/enrollment';

test.describe('joining the partner program and applying', () => {
  test('join → program ID e-mailed → apply with a work e-mail → every step → submit → status', async ({ page, baseURL }, testInfo) => {
    const legalName = `Contoso ${unique('', testInfo)} GmbH`;
    const contact = `${unique('contact', testInfo)}@contoso.example`;
    const admin = `${unique('admin', testInfo)}@contoso.example`;

    const programId = await joinProgram(page, legalName, 'DE', contact);
    const welcome = await waitForEmail(contact, /Your partner program ID/);
    expect(welcome.subject).toContain(programId);
    expect(welcome.text).toContain(`Your program ID is ${programId}.`);

    await page.getByRole('link', { name: 'Apply to the CSP program' }).last().click();
    await expect(page).toHaveURL(new RegExp(`/apply\\?program_id=${programId}$`));
    await startAndOpen(page, programId, admin, baseURL!);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'csp_application');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');

    // 1. program ID and country
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Program ID');
    await expect(page.getByRole('navigation', { name: 'Application steps' }).locator('[aria-current="step"]')).toContainText('1. Program ID');
    await expect(page.getByRole('textbox', { name: 'Program ID' })).toHaveValue(programId);
    await page.getByLabel('Country of the business address').selectOption('DE');
    await saveAndContinue(page);

    // 2. business: a national phone number is turned into E.164
    await expect(page).toHaveURL(/\/application\/business$/);
    await fillGermanBusiness(page, legalName.toUpperCase());
    await saveAndContinue(page);

    // 3. bank
    await expect(page).toHaveURL(/\/application\/bank$/);
    await page.getByLabel('Account holder').fill(legalName);
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await page.getByLabel('BIC (SWIFT code)').fill('COBADEFFXXX');
    await saveAndContinue(page);

    // 4. model with the acceptance criteria
    await expect(page).toHaveURL(/\/application\/model$/);
    await page.getByLabel('Direct-bill partner').check();
    await snap(page, `model-${testInfo.project.name}`);
    const criteria = page.getByRole('group', { name: 'Acceptance criteria' }).getByRole('checkbox');
    expect(await criteria.count()).toBeGreaterThanOrEqual(3);
    for (const box of await criteria.all()) await box.check();
    await saveAndContinue(page);

    // 5. review: everything on one page, bank details masked
    await expect(page).toHaveURL(/\/application\/review$/);
    await expect(page.getByTestId('bank-masked')).toHaveText('•••• 3000');
    await snap(page, `review-${testInfo.project.name}`);
    await expect(page.locator('body')).not.toContainText('0532013000');
    await expect(page.getByText('+49301234567')).toBeVisible();
    await expect(page.getByText('https://www.contoso.example')).toBeVisible();
    await expect(page.getByText('Friedrichstraße 123')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit Business' })).toHaveAttribute('href', '/application/business');

    // the agreement must be accepted: the message is at the box, the name is kept
    await page.getByLabel('Your full name').fill('Hanna Schmidt');
    await page.getByLabel('Your job title').fill('Managing Director');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await expect(page.getByText('Tick the box to accept the partner agreement.')).toBeVisible();
    await expect(page.getByLabel('Your full name')).toHaveValue('Hanna Schmidt');

    await page.getByLabel('I accept the CSP partner agreement on behalf of the business.').check();
    await page.getByRole('button', { name: 'Submit the application' }).click();

    // the status page
    await expect(page).toHaveURL(/\/application\/status$/);
    await expect(page.getByTestId('application-status')).toHaveText('Submitted');
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByTestId('submitted-on')).toHaveText(today);
    await expect(page.getByTestId('expected-decision')).toContainText(businessDaysFromToday(5));
    await expect(page.getByTestId('expected-decision')).toContainText('5 business days after submission');
    await snap(page, `status-${testInfo.project.name}`);
    await page.context().addCookies([{ name: 'csp_lang', value: 'ko', url: baseURL! }]);
    await page.reload();
    await snap(page, `status-ko-${testInfo.project.name}`);
    await page.context().addCookies([{ name: 'csp_lang', value: 'en', url: baseURL! }]);
    await page.reload();
    await expect(page.locator('[data-check="email"]')).toHaveAttribute('data-state', 'passed');
    await expect(page.locator('[data-check="program_id"]')).toHaveAttribute('data-state', 'passed');
    await expect(page.locator('[data-check="business"]')).toHaveAttribute('data-state', 'pending');
    await expect(page.locator('[data-check="bank"]')).toHaveAttribute('data-state', 'pending');

    // submitted means frozen: the steps send the applicant back to the status
    await page.goto('/application/business');
    await expect(page).toHaveURL(/\/application\/status$/);

    // "e-mail me a link" opens the same application on another device
    const other = await page.context().browser()!.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
    const device = await other.newPage();
    await device.goto(`${baseURL}/apply`);
    await device.getByRole('textbox', { name: 'Work e-mail' }).last().fill(admin);
    await device.getByRole('button', { name: 'E-mail me a link' }).click();
    await expect(device.getByTestId('resume-sent')).toBeVisible();
    const resume = await waitForEmail(admin, /Your link to the CSP application/);
    await device.goto(linkIn(resume, `${baseURL}/apply/open?token=`));
    await device.getByRole('button', { name: 'Open my application' }).click();
    await expect(device).toHaveURL(/\/application\/status$/);
    await expect(device.getByTestId('application-status')).toHaveText('Submitted');
    // a link works once
    await device.goto(linkIn(resume, `${baseURL}/apply/open?token=`));
    await device.getByRole('button', { name: 'Open my application' }).click();
    await expect(device.getByRole('alert')).toContainText('This link is no longer valid');
    await other.close();
  });

  test('a step cannot be sent twice: its button waits for the answer @js-only', async ({ page, baseURL }, testInfo) => {
    test.slow();
    const legalName = `Fabrikam ${unique('', testInfo)} SAS`;
    const programId = await joinProgram(page, legalName, 'FR', `${unique('c', testInfo)}@fabrikam.example`);
    await startAndOpen(page, programId, `${unique('twice', testInfo)}@fabrikam.example`, baseURL!);
    // the answer is held back until the test has looked at the button
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/save_program_id_step*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('textbox', { name: 'Program ID' }).fill(programId);
    await page.getByLabel('Country of the business address').selectOption('FR');
    const button = page.getByRole('button', { name: 'Save and continue' });
    await button.click();
    await expect(button).toBeDisabled();
    release();
    await expect(page).toHaveURL(/\/application\/business$/);
    await expect(page.getByRole('button', { name: 'Save and continue' })).toBeEnabled();
  });

  test('bad input gets its specific message at the field and keeps the rest', async ({ page, baseURL }, testInfo) => {
    // many pages, and a program admin's session besides
    test.slow();
    const legalName = `Fabrikam ${unique('', testInfo)} SAS`;
    const programId = await joinProgram(page, legalName, 'FR', `${unique('c', testInfo)}@fabrikam.example`);

    // free mail is refused at the work e-mail; the program ID stays
    await page.goto(`/apply?program_id=${programId}`);
    await page.getByLabel('Work e-mail').first().fill('someone@gmail.com');
    await page.getByRole('button', { name: 'Start the application' }).click();
    await expect(page.locator('#work_email-message')).toContainText('free e-mail services');
    await expect(page.getByLabel('Program ID')).toHaveValue(programId);
    await expect(page.getByLabel('Work e-mail').first()).toHaveValue('someone@gmail.com');

    const admin = `${unique('admin', testInfo)}@fabrikam.example`;
    await startAndOpen(page, programId, admin, baseURL!);

    // a program ID from another country
    const japanese = await joinProgram(page, `Northwind ${unique('', testInfo)} KK`, 'JP', `${unique('c', testInfo)}@northwind.example`);
    await page.goto('/application/program-id');
    await page.getByRole('textbox', { name: 'Program ID' }).fill(japanese);
    await page.getByLabel('Country of the business address').selectOption('FR');
    await saveAndContinue(page);
    await expect(page.locator('#program_id-message')).toContainText('registered in another country');
    await expect(page.getByRole('textbox', { name: 'Program ID' })).toHaveValue(japanese);
    await expect(page.getByLabel('Country of the business address')).toHaveValue('FR');

    // a suspended program ID
    const suspended = await joinProgram(page, `Proseware ${unique('', testInfo)} SARL`, 'FR', `${unique('c', testInfo)}@proseware.example`);
    const operator = await page.context().browser()!.newContext();
    const operatorPage = await operator.newPage();
    await signInAsProgramAdmin(operatorPage, baseURL!);
    await operatorPage.goto(`${baseURL}/program/ids?search=${suspended}`);
    await operatorPage.locator(`tr[data-program-id="${suspended}"]`).getByRole('button', { name: /Suspend/ }).click();
    await expect(operatorPage.locator(`tr[data-program-id="${suspended}"]`).getByTestId('program-id-status')).toHaveText('Suspended');
    await operator.close();
    await page.goto('/application/program-id');
    await page.getByRole('textbox', { name: 'Program ID' }).fill(suspended);
    await page.getByLabel('Country of the business address').selectOption('FR');
    await saveAndContinue(page);
    await expect(page.locator('#program_id-message')).toContainText('This program ID is suspended');
    await expect(page.getByRole('textbox', { name: 'Program ID' })).toHaveValue(suspended);
    await expect(page.getByLabel('Country of the business address')).toHaveValue('FR');

    await page.getByRole('textbox', { name: 'Program ID' }).fill(programId);
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/business$/);

    // a bad postal code, and a legal name that is not the program ID's
    await page.getByLabel('Legal name of the business').fill('Another Name SAS');
    await page.getByLabel('Street address').fill('12 rue de Rivoli');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('7500');
    await page.getByLabel('Phone').fill('+33 1 23 45 67 89');
    await saveAndContinue(page);
    await expect(page.locator('#postal_code-message')).toContainText('This is not a postal code of this country');
    await snap(page, `business-errors-${testInfo.project.name}`);
    await expect(page.locator('#legal_name-message')).toContainText('not the legal name registered');
    await expect(page.getByLabel('Street address')).toHaveValue('12 rue de Rivoli');
    await expect(page.getByLabel('City')).toHaveValue('Paris');
    await expect(page.getByLabel('Phone')).toHaveValue('+33 1 23 45 67 89');
    await expect(page.getByLabel('Postal code')).toHaveValue('7500');

    await page.getByLabel('Legal name of the business').fill(legalName);
    await page.getByLabel('Postal code').fill('75001');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/bank$/);

    // a wrong IBAN checksum: at the IBAN; the holder and BIC are kept
    await page.getByLabel('Account holder').fill(legalName);
    await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 188');
    await page.getByLabel('BIC (SWIFT code)').fill('AGRIFRPP');
    await saveAndContinue(page);
    // the server's answer, not only the browser's own check of the IBAN (which shows the same
    // message as soon as the field is left): correcting the field before the answer came raced it
    await expect(page.getByRole('alert')).toHaveText('Check the fields marked below.');
    await expect(page.locator('#iban-message')).toContainText("check digits do not match");
    await expect(page.getByLabel('Account holder')).toHaveValue(legalName);
    await expect(page.getByLabel('BIC (SWIFT code)')).toHaveValue('AGRIFRPP');
    // the IBAN itself never travels back in the address of the page
    expect(page.url()).not.toContain('30006000011234567890');

    await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/model$/);
    // the saved account is shown masked on the bank step, never in clear
    await page.goto('/application/bank');
    await expect(page.getByTestId('bank-saved')).toContainText('•••• 0189');
    await expect(page.getByLabel('IBAN')).toHaveValue('');
  });

  test('a suspended program ID cannot start an application; the status page shows a suspension at once @js-only', async ({ page, browser, baseURL }, testInfo) => {
    const legalName = `Litware ${unique('', testInfo)} Ltd`;
    const programId = await joinProgram(page, legalName, 'GB', `${unique('c', testInfo)}@litware.example`);
    const admin = `${unique('admin', testInfo)}@litware.example`;
    await startAndOpen(page, programId, admin, baseURL!);
    await page.getByLabel('Country of the business address').selectOption('GB');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/business$/);

    // the status page, open and hydrated
    await page.goto('/application/status');
    await waitForHydration(page);
    await expect(page.getByTestId('application-status')).toHaveText('Draft');
    await expect(page.locator('[data-check="program_id"]')).toHaveAttribute('data-state', 'passed');

    // a program admin suspends the program ID in another browser
    const operator = await browser.newContext();
    const adminPage = await operator.newPage();
    await signInAsProgramAdmin(adminPage, baseURL!);
    await adminPage.goto(`${baseURL}/program/ids?search=${programId}`);
    const row = adminPage.locator(`tr[data-program-id="${programId}"]`);
    await row.getByRole('button', { name: /Suspend/ }).click();
    await expect(row.getByTestId('program-id-status')).toHaveText('Suspended');

    // the applicant's page follows without a reload
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await expect(page.locator('[data-check="program_id"]')).toHaveAttribute('data-state', 'failed', { timeout: 2_000 });
    await expect(page.locator('[data-check="program_id"]')).toContainText('The program ID is suspended');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // a suspended ID cannot start another application
    const fresh = await browser.newContext();
    const visitor = await fresh.newPage();
    await visitor.goto(`${baseURL}/apply?program_id=${programId}`);
    await visitor.getByLabel('Work e-mail').first().fill(`${unique('other', testInfo)}@litware.example`);
    await visitor.getByRole('button', { name: 'Start the application' }).click();
    await expect(visitor.locator('#program_id-message')).toContainText('suspended');
    await fresh.close();

    await row.getByRole('button', { name: /Activate/ }).click();
    await expect(row.getByTestId('program-id-status')).toHaveText('Active');
    await expect(page.locator('[data-check="program_id"]')).toHaveAttribute('data-state', 'passed', { timeout: 2_000 });
    await operator.close();
  });

  test('the enrollment pages have no WCAG 2.2 AA violations', async ({ page, baseURL }, testInfo) => {
    // nine pages checked, each (without JavaScript) in a browser context of its own
    test.slow();
    await page.goto('/join');
    await expectAccessible(page, testInfo, 'join');
    await page.goto('/apply');
    await expectAccessible(page, testInfo, 'apply');
    const legalName = `Adatum ${unique('', testInfo)} Pty Ltd`;
    const programId = await joinProgram(page, legalName, 'AU', `${unique('c', testInfo)}@adatum.example`);
    await expectAccessible(page, testInfo, 'joined');
    await startAndOpen(page, programId, `${unique('admin', testInfo)}@adatum.example`, baseURL!);
    await expectAccessible(page, testInfo, 'step-program-id');
    await page.getByLabel('Country of the business address').selectOption('AU');
    await saveAndContinue(page);
    await page.getByLabel('Postal code').fill('20');
    await saveAndContinue(page);
    await expect(page.locator('#postal_code-message')).toBeVisible();
    await expectAccessible(page, testInfo, 'step-business-errors');
    await fillBusiness(page, legalName, { street: '1 George Street', city: 'Sydney', state: 'NSW', postalCode: '2000', phone: '02 9876 5432' });
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/bank$/);
    await expectAccessible(page, testInfo, 'step-bank');
    await page.getByLabel('Account holder').fill(legalName);
    await page.getByLabel('Account number').fill('12345678');
    await page.getByLabel('BSB').fill('062-000');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/model$/);
    await expectAccessible(page, testInfo, 'step-model');
    await page.getByLabel('Indirect reseller').check();
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/review$/);
    await expectAccessible(page, testInfo, 'step-review');
    await page.goto('/application/status');
    await expectAccessible(page, testInfo, 'status');
  });
});

test.describe('the program admin', () => {
  test('edits the acceptance criteria and the review days; applicants see them', async ({ page, browser, baseURL }, testInfo) => {
    const operator = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
    const admin = await operator.newPage();
    await signInAsProgramAdmin(admin, baseURL!);
    await admin.goto(`${baseURL}/program/settings`);
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Enrollment settings');

    // bad input is refused at the field
    await admin.getByLabel('Business days for a review').fill('0');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(admin.locator('#review_days-message')).toContainText('from 1 to 60');
    await admin.getByLabel('Business days for a review').fill('3');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(admin.getByRole('status')).toHaveText('Saved.');
    await expect(admin.getByLabel('Business days for a review')).toHaveValue('3');

    // two-factor sign-in for every partner and customer user: ticked and kept, then off again
    const everyone = admin.getByLabel('Require two-factor sign-in of every partner and customer user too');
    for (const required of [true, false]) {
      await everyone.setChecked(required);
      await admin.getByRole('button', { name: 'Save the two-factor setting' }).click();
      await expect(admin.getByRole('status')).toHaveText('Saved.');
      await admin.reload();
      await expect(everyone).toBeChecked({ checked: required });
    }

    const wording = `We run a network operations centre ${unique('', testInfo)}.`;
    await admin.getByLabel('Criterion in English', { exact: true }).fill(wording);
    await admin.getByLabel('Criterion in Korean', { exact: true }).fill('네트워크 운영 센터를 운영합니다.');
    await admin.getByRole('button', { name: 'Add criterion' }).click();
    const added = admin.locator('li.criterion').filter({ hasText: wording });
    await expect(added).toHaveCount(1);

    // an applicant meets the new criterion, and the new review time
    const legalName = `Wingtip ${unique('', testInfo)} Inc`;
    const programId = await joinProgram(page, legalName, 'KR', `${unique('c', testInfo)}@wingtip.example`);
    await startAndOpen(page, programId, `${unique('admin', testInfo)}@wingtip.example`, baseURL!);
    await page.getByLabel('Country of the business address').selectOption('KR');
    await saveAndContinue(page);
    await page.getByLabel('Legal name of the business').fill(legalName);
    await page.getByLabel('Street address').fill('테헤란로 123');
    await page.getByLabel('City').fill('서울');
    await page.getByLabel('Postal code').fill('06133');
    await page.getByLabel('Phone').fill('02-1234-5678');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/bank$/);
    await page.getByLabel('Account holder').fill(legalName);
    await page.getByLabel('Account number').fill('110-123-456789');
    await page.getByLabel('Bank code').fill('088');
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/model$/);
    await page.getByLabel('Indirect provider').check();
    await expect(page.getByLabel(wording)).toBeVisible();
    // every criterion but the new one: refused, all of them are required
    const criteria = page.getByRole('group', { name: 'Acceptance criteria' }).getByRole('checkbox');
    for (const box of await criteria.all()) await box.check();
    await page.getByLabel(wording).uncheck();
    await saveAndContinue(page);
    await expect(page.locator('#criteria-message')).toContainText('every acceptance criterion');
    await page.getByLabel(wording).check();
    await saveAndContinue(page);
    await expect(page).toHaveURL(/\/application\/review$/);
    await expect(page.getByText(wording)).toBeVisible();
    await page.getByLabel('Your full name').fill('Ji-ho Park');
    await page.getByLabel('Your job title').fill('CEO');
    await page.getByLabel('I accept the CSP partner agreement on behalf of the business.').check();
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await expect(page.getByTestId('expected-decision')).toContainText(businessDaysFromToday(3));

    // put the settings back for the other tests of this installation
    await added.getByRole('button', { name: /Remove criterion/ }).click();
    await expect(admin.locator('li.criterion').filter({ hasText: wording })).toHaveCount(0);
    await admin.getByLabel('Business days for a review').fill('5');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(admin.getByLabel('Business days for a review')).toHaveValue('5');
    await operator.close();
  });

  test('adds a free-mail domain; a work e-mail there is refused until it is removed', async ({ page, browser, baseURL }, testInfo) => {
    const js = testInfo.project.use.javaScriptEnabled !== false;
    const operator = await browser.newContext({ javaScriptEnabled: js });
    const admin = await operator.newPage();
    await signInAsProgramAdmin(admin, baseURL!);
    await admin.goto(`${baseURL}/program/settings`);
    const domain = `${unique('freemail', testInfo)}.example`;
    const domainField = admin.getByLabel('Domain', { exact: true });
    const add = admin.getByRole('button', { name: 'Add domain' });

    // bad input is refused at the field, with what was typed kept
    await domainField.fill('gmail.com');
    await add.click();
    await expect(admin.locator('#domain-message')).toHaveText('This domain is already on the built-in free-mail list.');
    await expect(domainField).toHaveValue('gmail.com');
    await domainField.fill('free mail');
    await add.click();
    await expect(admin.locator('#domain-message')).toContainText('Enter a domain name only');
    await domainField.fill(`@${domain.toUpperCase()}`);
    await add.click();
    const listed = admin.locator(`li[data-domain="${domain}"]`);
    await expect(listed).toHaveCount(1);
    await expect(domainField).toHaveValue('');
    await domainField.fill(domain);
    await add.click();
    await expect(admin.locator('#domain-message')).toHaveText('This domain has been added already.');
    await snap(admin, `settings-free-mail-${testInfo.project.name}`);
    if (js) await expectAccessible(admin, testInfo, 'settings-free-mail');

    // an applicant with an address there (or at a subdomain) is told why, at the field
    const programId = await joinProgram(page, `Litware ${unique('', testInfo)} GmbH`, 'DE', `${unique('c', testInfo)}@litware.example`);
    await page.goto(`/apply?program_id=${programId}`);
    const workEmail = `hanna@mail.${domain}`;
    await page.getByLabel('Work e-mail').first().fill(workEmail);
    await page.getByRole('button', { name: 'Start the application' }).click();
    await expect(page.locator('#work_email-message')).toContainText('free e-mail services');
    await expect(page.getByLabel('Work e-mail').first()).toHaveValue(workEmail);

    // removed again, the same address starts an application
    await listed.getByRole('button', { name: `Remove (${domain})` }).click();
    await expect(listed).toHaveCount(0);
    await page.getByRole('button', { name: 'Start the application' }).click();
    await expect(page.getByTestId('link-sent')).toContainText('Check your inbox');
    await operator.close();
  });
});

