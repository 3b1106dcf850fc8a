// Reading real e-mail from maildev, the SMTP sink the worker's harness starts.
import { expect } from '@playwright/test';
import { harness } from './fixtures';

export interface Email {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
  date: string;
}

/** This worker's own maildev (every portal of the worker sends there). */
function maildevUrl(): string {
  return harness().mailUrl;
}

/** All messages maildev holds, oldest first. */
export async function allEmails(): Promise<Email[]> {
  const response = await fetch(`${maildevUrl()}/email`);
  expect(response.ok, 'maildev answers').toBeTruthy();
  return (await response.json()) as Email[];
}

/** Waits until a message to `address` (and matching `subject`, when given) arrives. */
export async function waitForEmail(address: string, subject?: RegExp, timeoutMs = 30_000): Promise<Email> {
  let found: Email | undefined;
  await expect
    .poll(
      async () => {
        const emails = await allEmails();
        found = emails
          .reverse()
          .find(
            (e) =>
              e.to.some((t) => t.address.toLowerCase() === address.toLowerCase()) &&
              (!subject || subject.test(e.subject)),
          );
        return found !== undefined;
      },
      { timeout: timeoutMs, message: `an e-mail to ${address}${subject ? ` matching ${subject}` : ''}` },
    )
    .toBe(true);
  return found as Email;
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(email: Email, prefix: string): string {
  const match = email.text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s<>"]*`));
  if (!match) throw new Error(`no link starting with ${prefix} in "${email.subject}"`);
  return match[0];
}
