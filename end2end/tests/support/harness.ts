// What the browser tests run against, started per Playwright worker: the worker's own SMTP sink
// (maildev) and the worker's own portals, each with a fresh embedded database. Nothing is shared
// between workers, so parallel workers never see each other's data or e-mail.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const endToEndRoot = path.resolve(__dirname, '..', '..');

/** A running portal: its address and the file its console output goes to. */
export interface Portal {
  url: string;
  log: string;
}

/** The portal binary under test: the release build `make run` uses, unless CSP_E2E_BINARY says otherwise. */
export function portalBinary(): string {
  return (
    process.env.CSP_E2E_BINARY ??
    path.join(process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, 'target'), 'release', 'csp-portal')
  );
}

/** The site directory (CSS, JavaScript, WebAssembly) the binary serves. */
export function siteRoot(): string {
  return process.env.LEPTOS_SITE_ROOT ?? path.join(repoRoot, 'target', 'site');
}

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

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

class ExitedEarly extends Error {}

/** Waits until `url` answers 200 (the process is ready), or the process exits. A process that
 * neither answers nor exits within `ms` is stuck: that is an error with the end of its log. */
async function waitReady(url: string, what: string, child: ChildProcess, log: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ExitedEarly(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(log)}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready at ${url} after ${ms} ms (${lastError}):\n${tail(log)}`);
}

async function stop(child: ChildProcess, name: string) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.warn(`${name} did not stop within 10 s of SIGTERM; killing it`);
    child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** One worker's processes: its SMTP sink and its portals. */
export class Harness {
  readonly work: string;
  private children: { child: ChildProcess; name: string }[] = [];
  private portals = new Map<string, Promise<Portal>>();
  private byUrl = new Map<string, { child: ChildProcess; name: string }>();
  private count = 0;
  smtpPort = 0;
  mailUrl = '';

  constructor(workerIndex: number) {
    const root = process.env.CSP_E2E_WORK ?? tmpdir();
    this.work = mkdtempSync(path.join(root, `worker-${workerIndex}-`));
  }

  /** Starts a process and waits for `readyUrl`; a port taken in between (another worker's
   * process got it first) means a new port and another try. */
  private async startProcess(
    name: string,
    start: (ports: number[], log: string) => ChildProcess,
    readyUrl: (ports: number[]) => string,
    portsNeeded: number,
  ): Promise<{ ports: number[]; log: string; child: ChildProcess }> {
    for (let attempt = 1; ; attempt++) {
      const ports: number[] = [];
      for (let i = 0; i < portsNeeded; i++) ports.push(await freePort());
      const dir = path.join(this.work, name);
      mkdirSync(dir, { recursive: true });
      const log = path.join(dir, `${name}.log`);
      writeFileSync(log, '');
      const child = start(ports, log);
      this.children.push({ child, name });
      if (child.pid) writeFileSync(path.join(this.work, `pid-${child.pid}`), '');
      try {
        await waitReady(readyUrl(ports), name, child, log);
        return { ports, log, child };
      } catch (error) {
        const inUse = /address already in use|EADDRINUSE|Address in use/i.test(tail(log));
        if (error instanceof ExitedEarly && inUse && attempt < 5) continue;
        throw error;
      }
    }
  }

  async startMail() {
    const bin = path.join(endToEndRoot, 'node_modules', '.bin', 'maildev');
    const { ports } = await this.startProcess(
      'maildev',
      ([smtp, web], log) =>
        spawn(bin, ['--ip', '127.0.0.1', '--smtp', String(smtp), '--web', String(web), '--web-ip', '127.0.0.1'], {
          stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
        }),
      ([, web]) => `http://127.0.0.1:${web}/healthz`,
      2,
    );
    this.smtpPort = ports[0];
    this.mailUrl = `http://127.0.0.1:${ports[1]}`;
  }

  private async startPortal(name: string, env: Record<string, string>): Promise<Portal> {
    const dir = path.join(this.work, name);
    const { ports, log, child } = await this.startProcess(
      name,
      ([port], log) =>
        spawn(portalBinary(), [], {
          cwd: repoRoot,
          env: {
            ...process.env,
            CSP_LISTEN: `127.0.0.1:${port}`,
            CSP_DATA_DIR: path.join(dir, 'data'),
            CSP_PUBLIC_URL: `http://127.0.0.1:${port}`,
            CSP_SMTP_URL: `smtp://127.0.0.1:${this.smtpPort}`,
            CSP_LOG: process.env.CSP_LOG ?? 'info',
            LEPTOS_SITE_ROOT: siteRoot(),
            ...env,
          },
          stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
        }),
      ([port]) => `http://127.0.0.1:${port}/readyz`,
      1,
    );
    const url = `http://127.0.0.1:${ports[0]}`;
    this.byUrl.set(url, { child, name });
    return { url, log };
  }

  /** This worker's portal called `name`, started on first use and kept for the worker's life. */
  portal(name: string, env: Record<string, string> = {}): Promise<Portal> {
    let portal = this.portals.get(name);
    if (!portal) {
      portal = this.startPortal(name, env);
      this.portals.set(name, portal);
    }
    return portal;
  }

  /** A portal of its own for one test (a new installation), stopped by `stopPortal`. */
  async freshPortal(env: Record<string, string> = {}): Promise<Portal> {
    this.count += 1;
    return this.startPortal(`fresh-${this.count}`, env);
  }

  /** Stops the fresh portal at `url` (its process only; the worker's others keep running). */
  async stopPortal(portal: Portal) {
    const found = this.byUrl.get(portal.url);
    if (found) await stop(found.child, found.name);
  }

  async stopAll() {
    for (const { child, name } of this.children.reverse()) await stop(child, name);
    this.children = [];
    if (!process.env.CSP_E2E_KEEP) rmSync(this.work, { recursive: true, force: true });
  }
}

/** The newest set-up link a portal printed on its console. */
export function setupLinkIn(portal: Portal): string {
  const links = readFileSync(portal.log, 'utf8').match(/http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/g);
  if (!links) throw new Error(`the portal at ${portal.url} printed no set-up link`);
  return links[links.length - 1];
}
