// Checks, once before any worker starts, that the portal under test was built, and makes the
// directory the workers put their portals' data and logs in (see tests/support/harness.ts).
// Teardown stops anything a crashed worker left running and removes the directory.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { portalBinary, siteRoot } from './tests/support/harness';

export default async function globalSetup() {
  const binary = portalBinary();
  if (!existsSync(binary)) {
    throw new Error(`the portal binary ${binary} does not exist: run the tests with \`make e2e\` (it builds first)`);
  }
  const pkg = path.join(siteRoot(), 'pkg');
  if (!existsSync(pkg) || !readdirSync(pkg).some((f) => f.endsWith('.wasm'))) {
    throw new Error(`the site directory ${siteRoot()} has no WebAssembly bundle: run the tests with \`make e2e\``);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'csp-portal-e2e-'));
  process.env.CSP_E2E_WORK = work;
  console.log(`portal under test: ${binary}`);

  return async () => {
    // a worker that crashed could not stop its processes: their pid files are still here
    for (const file of readdirSync(work)) {
      for (const pidFile of file.startsWith('worker-') ? readdirSync(path.join(work, file)) : []) {
        const match = pidFile.match(/^pid-(\d+)$/);
        if (match) {
          try {
            process.kill(Number(match[1]), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
    if (!process.env.CSP_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  };
}
