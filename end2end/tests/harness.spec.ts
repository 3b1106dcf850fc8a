import { test, expect } from './support/fixtures';
import { allEmails } from './support/mail';

// The harness itself: the SMTP sink is up for the e-mail flows, and the server under test
// answers its health endpoints.
test.describe('test harness', () => {
  test('maildev answers its REST API', async () => {
    expect(Array.isArray(await allEmails())).toBe(true);
  });

  test('the server under test is ready', async ({ request }) => {
    const ready = await request.get('/readyz');
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });
});
