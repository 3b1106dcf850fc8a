// Sign-in under load (a benchmark, not a test): 200 concurrent sign-in attempts for 30 s on
// loopback while a second client fetches the home page one request at a time. Reports sign-ins
// per second, the home page's latency percentiles during the flood, and the portal's peak RSS.
//
// Run it through bench/sign-in-load.sh, which builds the release binary and starts a portal on a
// fresh embedded database. Targets (issue 3): home page p99 < 50 ms, peak RSS < 400 MB.
//
// Usage: node bench/sign-in-load.mjs --url http://127.0.0.1:PORT --pid PID --setup-link LINK
//        [--concurrency 200] [--seconds 30]
import http from 'node:http';
import { memorySampler, options, percentile } from './common.mjs';

const args = options('sign-in-load.mjs --url URL --pid PID --setup-link LINK', [
  'url',
  'pid',
  'setup-link',
]);
const { url: base, pid, concurrency, seconds } = args;
// Node's fetch opens as many connections per origin as there are requests in flight.

const EMAIL = 'bench.admin@operator.example';
const PASSWORD = 'a benchmark passphrase that is long';

async function post(path, form) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      origin: base,
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

// The program admin the sign-ins use, through the set-up link as a person would.
const token = new URL(args['setup-link']).searchParams.get('token');
const setup = await post('/api/complete_setup', {
  token,
  display_name: 'Bench Admin',
  email: EMAIL,
  password: PASSWORD,
  confirmation: PASSWORD,
});
if (setup.status >= 400) {
  console.error(`set-up failed: HTTP ${setup.status} ${await setup.text()}`);
  process.exit(1);
}

const memory = memorySampler(pid, 50);
const rssBefore = memory.before;

const deadline = Date.now() + seconds * 1000;
const outcomes = { ok: 0, refused: 0, failed: 0 };
const signInLatencies = [];

async function signInLoop() {
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const response = await post('/api/sign_in', { email: EMAIL, password: PASSWORD });
      await response.arrayBuffer();
      // success answers with a redirect to the account page and a session cookie
      if (response.status < 400 && response.headers.get('set-cookie')?.includes('csp_session=')) {
        outcomes.ok++;
        signInLatencies.push(performance.now() - started);
      } else {
        outcomes.refused++;
      }
    } catch {
      outcomes.failed++;
    }
  }
}

const homeLatencies = [];
let homeErrors = 0;
const homeErrorKinds = {};
function homeError(kind) {
  homeErrors++;
  homeErrorKinds[kind] = (homeErrorKinds[kind] ?? 0) + 1;
}
// The home page client: one keep-alive connection of its own, like one browser tab.
const homeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function getHome() {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/`, { agent: homeAgent, headers: { accept: 'text/html' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
async function homeLoop() {
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const { status, body } = await getHome();
      if (status === 200 && body.includes('</html>')) {
        homeLatencies.push(performance.now() - started);
      } else {
        homeError(`HTTP ${status}`);
      }
    } catch (error) {
      if (process.env.BENCH_DEBUG && homeErrors < 3) console.error(error.cause ?? error);
      homeError(String(error.cause?.code ?? error.code ?? error.message));
    }
  }
}

// The home page alone first, for comparison.
const quietLatencies = [];
for (let i = 0; i < 200; i++) {
  const started = performance.now();
  await getHome();
  quietLatencies.push(performance.now() - started);
}

const began = Date.now();
await Promise.all([...Array.from({ length: concurrency }, signInLoop), homeLoop()]);
const elapsed = (Date.now() - began) / 1000;
const peakRss = memory.stop();

const sortedHome = homeLatencies.sort((a, b) => a - b);
const sortedQuiet = quietLatencies.sort((a, b) => a - b);
const sortedSignIn = signInLatencies.sort((a, b) => a - b);
const ms = (v) => Math.round(v * 10) / 10;
const result = {
  concurrency,
  seconds: ms(elapsed),
  sign_ins: outcomes,
  sign_ins_per_second: ms(outcomes.ok / elapsed),
  sign_in_latency_ms: {
    p50: ms(percentile(sortedSignIn, 50)),
    p99: ms(percentile(sortedSignIn, 99)),
  },
  home_requests_during_flood: sortedHome.length,
  home_errors: homeErrors,
  home_error_kinds: homeErrorKinds,
  home_latency_ms_during_flood: {
    p50: ms(percentile(sortedHome, 50)),
    p99: ms(percentile(sortedHome, 99)),
    max: ms(sortedHome[sortedHome.length - 1]),
  },
  home_latency_ms_quiet: { p50: ms(percentile(sortedQuiet, 50)), p99: ms(percentile(sortedQuiet, 99)) },
  rss_mib: { before: ms(rssBefore / 1024), peak: ms(peakRss / 1024) },
  targets: {
    home_p99_under_50_ms: percentile(sortedHome, 99) < 50,
    peak_rss_under_400_mib: peakRss / 1024 < 400,
  },
};
console.log(JSON.stringify(result, null, 2));
