// Two-factor sign-in as a person with an authenticator app does it: the test reads the key the
// set-up page shows and computes the codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits).
// Each code works once, so the worker remembers, per portal and user, the secret and the last
// step it used; a user who needs more codes than the clock gives waits for the next step.
import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const STEP = 30;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of a base32 key as the set-up page shows it (groups of four). */
export function fromBase32(text: string): Buffer {
  let bits = '';
  for (const c of text.replace(/\s+/g, '').toUpperCase()) {
    const value = ALPHABET.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${text}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of `secret` for time step `step`. */
export function totp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

interface Enrolled {
  secret: Buffer;
  lastStep: number;
}

const enrolled = new Map<string, Enrolled>();

function keyOf(page: Page, email: string): string {
  return `${new URL(page.url()).origin}|${email.toLowerCase()}`;
}

/** Whether `email` set up two-factor sign-in on the portal `page` is on (in this worker). */
export function usesTwoFactor(page: Page, email: string): boolean {
  return enrolled.has(keyOf(page, email));
}

/** Forgets `email`'s authenticator (after it was turned off or reset). */
export function forgetTwoFactor(page: Page, email: string) {
  enrolled.delete(keyOf(page, email));
}

/** A code `email`'s app shows that the portal has not accepted yet: one step behind now, now
 * or one step ahead (what the portal accepts), after the last one used; waits for the clock
 * when all three were used. */
export async function nextCode(page: Page, email: string): Promise<string> {
  const user = enrolled.get(keyOf(page, email));
  if (!user) throw new Error(`${email} has no authenticator in this worker`);
  for (;;) {
    const seconds = Date.now() / 1000;
    const now = Math.floor(seconds / STEP);
    // the step behind only while it stays within the window until the portal checks it
    const earliest = seconds - now * STEP < STEP - 5 ? now - 1 : now;
    const step = Math.max(user.lastStep + 1, earliest);
    if (step <= now + 1) {
      user.lastStep = step;
      return totp(user.secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** On the set-up page: reads the key, confirms with a code from it and remembers it. Ends on
 * the page with the recovery codes; returns them. */
export async function setUpTwoFactor(page: Page, email: string): Promise<string[]> {
  await expect(page).toHaveURL(/\/account\/security\/authenticator(\?.*)?$/);
  const key = (await page.getByTestId('totp-secret').textContent()) ?? '';
  enrolled.set(keyOf(page, email), { secret: fromBase32(key), lastStep: 0 });
  await page.getByLabel('The 6-digit code your app now shows').fill(await nextCode(page, email));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  const shown = page.getByTestId('recovery-codes').locator('code');
  await expect(shown).toHaveCount(10);
  return shown.allTextContents();
}

/** [`setUpTwoFactor`], then on to the profile. */
export async function setUpTwoFactorAndGoOn(page: Page, email: string) {
  await setUpTwoFactor(page, email);
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** The code step of a sign-in: a code from `email`'s authenticator. */
export async function enterCode(page: Page, email: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your code');
  await page.getByLabel('Code', { exact: true }).fill(await nextCode(page, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}
