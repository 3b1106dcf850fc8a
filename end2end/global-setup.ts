// Starts what the browser tests need and stops it afterwards, even when tests fail:
// maildev (the SMTP sink, with its REST API) and the portal itself on a free port with a fresh
// temporary data directory (so a fresh embedded database).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') {
        const { port } = address;
        server.close(() => resolve(port));
      } else {
        reject(new Error('no port'));
      }
    });
  });
}

async function waitFor(url: string, what: string, child: ChildProcess, log: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${what} exited with code ${child.exitCode} before it was ready:\n${tail(log)}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not ready at ${url} after ${ms} ms (${lastError}):\n${tail(log)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stop(child: ChildProcess | undefined, name: string) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.warn(`${name} did not stop after SIGTERM; killing it`);
    child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function globalSetup() {
  const work = mkdtempSync(path.join(tmpdir(), 'csp-portal-e2e-'));
  const [appPort, smtpPort, mailWebPort] = [await freePort(), await freePort(), await freePort()];
  const children: { child: ChildProcess; name: string }[] = [];

  const teardown = async () => {
    for (const { child, name } of children.reverse()) await stop(child, name);
    if (!process.env.CSP_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  };

  try {
    const mailLog = path.join(work, 'maildev.log');
    const maildev = spawn(
      path.join(__dirname, 'node_modules', '.bin', 'maildev'),
      ['--ip', '127.0.0.1', '--smtp', String(smtpPort), '--web', String(mailWebPort), '--web-ip', '127.0.0.1'],
      { stdio: ['ignore', openSync(mailLog, 'a'), openSync(mailLog, 'a')] },
    );
    children.push({ child: maildev, name: 'maildev' });
    await waitFor(`http://127.0.0.1:${mailWebPort}/healthz`, 'maildev', maildev, mailLog);

    const binary =
      process.env.CSP_E2E_BINARY ??
      path.join(process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, 'target'), 'debug', 'csp-portal');
    // One portal per project (JavaScript on / off), each with its own fresh database, so flows
    // that happen once per installation (the first admin's set-up) run in both. A second pair
    // ("short") lets temporary passwords expire after 10 s, for the expiry tests; a third
    // ("enroll") belongs to the enrollment spec.
    const portals = [
      { project: 'js', variant: '', env: {} },
      { project: 'no-js', variant: '', env: {} },
      { project: 'js', variant: 'short', env: { CSP_TEMPORARY_PASSWORD_LIFETIME: '10s' } },
      { project: 'no-js', variant: 'short', env: { CSP_TEMPORARY_PASSWORD_LIFETIME: '10s' } },
      // enrollment: its own installation, whose program admin the enrollment spec sets up
      { project: 'js', variant: 'enroll', env: {} },
      { project: 'no-js', variant: 'enroll', env: {} },
      // customer invitations whose links expire after 20 s (the customers spec's expiry test)
      { project: 'js', variant: 'invite', env: { CSP_CUSTOMER_INVITATION_LIFETIME: '20s' } },
      { project: 'no-js', variant: 'invite', env: { CSP_CUSTOMER_INVITATION_LIFETIME: '20s' } },
    ];
    for (const { project, variant, env } of portals) {
      const name = variant ? `${variant}-${project}` : project;
      const port = await freePort();
      const dir = path.join(work, name);
      mkdirSync(dir, { recursive: true });
      const serverLog = path.join(dir, 'server.log');
      const server = spawn(binary, [], {
        cwd: repoRoot,
        env: {
          ...process.env,
          CSP_LISTEN: `127.0.0.1:${port}`,
          CSP_DATA_DIR: path.join(dir, 'data'),
          CSP_PUBLIC_URL: `http://127.0.0.1:${port}`,
          CSP_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          CSP_LOG: process.env.CSP_LOG ?? 'info',
          LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(repoRoot, 'target', 'site'),
          ...env,
        },
        stdio: ['ignore', openSync(serverLog, 'a'), openSync(serverLog, 'a')],
      });
      children.push({ child: server, name: `csp-portal (${name})` });
      await waitFor(`http://127.0.0.1:${port}/readyz`, `csp-portal (${name})`, server, serverLog);
      const key = name.toUpperCase().replace(/-/g, '_');
      process.env[`CSP_BASE_URL_${key}`] = `http://127.0.0.1:${port}`;
      process.env[`CSP_SERVER_LOG_${key}`] = serverLog;
    }

    // Workers inherit these; tests read them through the fixtures in tests/support.
    process.env.CSP_MAILDEV_URL = `http://127.0.0.1:${mailWebPort}`;
    process.env.CSP_SMTP_PORT = String(smtpPort);
    process.env.CSP_E2E_WORK = work;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
