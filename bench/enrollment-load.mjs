// CSP applications under load (a benchmark, not a test): 200 applicants at once, for 30 s on
// loopback, each going through the whole enrollment as a browser without JavaScript would: join
// the partner program, start an application, take the link from the e-mail, open it, save the
// four steps and submit. One in ten submits twice at once (a double click). Afterwards every
// submission that was answered with success is read back: it must be there, submitted.
//
// Reports submissions per second, the latency of the submit request and of a whole enrollment
// (p50, p99), errors and lost submissions, and the portal's peak RSS. Targets (issue 4):
// 0 errors, 0 lost.
//
// Run it through bench/enrollment-load.sh, which builds the release binary and starts a portal on
// a fresh embedded database whose e-mail goes to the small SMTP sink below.
//
// Usage: node bench/enrollment-load.mjs --url http://127.0.0.1:PORT --pid PID --smtp-port PORT
//        [--concurrency 200] [--seconds 30]
import net from 'node:net';
import { memorySampler, options, percentile } from './common.mjs';

const args = options('enrollment-load.mjs --url URL --pid PID --smtp-port PORT', [
  'url',
  'pid',
  'smtp-port',
]);
const { url: base, pid, concurrency, seconds } = args;
const smtpPort = Number(args['smtp-port']);

// --- a minimal SMTP sink: keeps the application link of every message, by recipient ---------

const links = new Map(); // recipient -> token
const waiting = new Map(); // recipient -> resolve

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** The link token in a MIME message, whatever the transfer encoding of its parts. */
function tokenIn(message) {
  const candidates = [];
  for (const part of message.split(/\r?\n--/)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split).toLowerCase();
    const body = part.slice(split).trim();
    if (headers.includes('base64')) candidates.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (headers.includes('quoted-printable')) candidates.push(decodeQuotedPrintable(body));
  }
  // the raw message last: quoted-printable writes "token=3D…"
  candidates.push(message);
  for (const text of candidates) {
    const match = text.match(/\/apply\/open\?token=([A-Za-z0-9_-]+)/);
    if (match) return match[1];
  }
  return undefined;
}

function delivered(recipient, token) {
  const resolve = waiting.get(recipient);
  if (resolve) {
    waiting.delete(recipient);
    resolve(token);
  } else {
    links.set(recipient, token);
  }
}

const sink = net.createServer((socket) => {
  let buffer = '';
  let inData = false;
  let data = '';
  let recipients = [];
  socket.write('220 bench-sink ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        data += buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        const token = tokenIn(data.replace(/^\.\./gm, '.'));
        if (token) for (const r of recipients) delivered(r, token);
        data = '';
        recipients = [];
        socket.write('250 OK\r\n');
        continue;
      }
      const newline = buffer.indexOf('\r\n');
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') socket.write('250-bench-sink\r\n250 8BITMIME\r\n');
      else if (verb === 'HELO') socket.write('250 bench-sink\r\n');
      else if (verb === 'RCPT') {
        const address = line.match(/<([^>]*)>/)?.[1]?.toLowerCase();
        if (address) recipients.push(address);
        socket.write('250 OK\r\n');
      } else if (verb === 'DATA') {
        inData = true;
        socket.write('354 go ahead\r\n');
      } else if (verb === 'QUIT') {
        socket.end('221 bye\r\n');
        return;
      } else socket.write('250 OK\r\n');
    }
  });
  socket.on('error', () => {});
});
await new Promise((resolve) => sink.listen(smtpPort, '127.0.0.1', resolve));

function linkFor(recipient, timeoutMs = 60_000) {
  const known = links.get(recipient);
  if (known) {
    links.delete(recipient);
    return Promise.resolve(known);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(recipient);
      reject(new Error(`no e-mail for ${recipient} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.set(recipient, (token) => {
      clearTimeout(timer);
      resolve(token);
    });
  });
}

// --- the applicants -------------------------------------------------------------------------

/** Calls a server function as a plain form post; `cookie` is the applicant session, if any. */
async function call(endpoint, form, cookie) {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
    origin: base,
  };
  if (cookie) headers.cookie = `csp_application=${cookie}`;
  const response = await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const body = await response.text();
  if (response.status >= 400) throw new Error(`${endpoint}: HTTP ${response.status} ${body.slice(0, 200)}`);
  return { response, body };
}

const CRITERIA = ['support', 'billing', 'agreement', 'customers'];
const run = `${Date.now().toString(36)}`;
let sequence = 0;
const submitLatencies = [];
const flowLatencies = [];
const submitted = []; // applicant sessions whose submission succeeded
const errors = new Map();
let doubleSubmits = 0;

function recordError(error) {
  const key = String(error.message ?? error).replace(/\d{7}|[A-Za-z0-9_-]{22}/g, '…').slice(0, 160);
  errors.set(key, (errors.get(key) ?? 0) + 1);
}

async function enroll() {
  const n = sequence++;
  const legalName = `Bench ${run} ${n} GmbH`;
  const workEmail = `admin-${run}-${n}@bench-corp.example`;
  const started = performance.now();
  const joined = await call('join_program', {
    legal_name: legalName,
    country: 'DE',
    contact_email: `contact-${run}-${n}@bench-corp.example`,
  });
  const programId = JSON.parse(joined.body);
  await call('start_application', { program_id: programId, work_email: workEmail });
  const token = await linkFor(workEmail);
  const opened = await call('open_application', { token });
  const cookie = opened.response.headers.get('set-cookie')?.match(/csp_application=([^;]+)/)?.[1];
  if (!cookie) throw new Error('open_application set no applicant cookie');
  await call('save_program_id_step', { program_id: programId, country: 'DE' }, cookie);
  await call(
    'save_business_step',
    {
      legal_name: legalName,
      line1: 'Friedrichstraße 123',
      line2: '',
      city: 'Berlin',
      region: '',
      postal_code: '10117',
      phone: '030 1234567',
      website: 'www.bench-corp.example',
    },
    cookie,
  );
  await call(
    'save_bank_step',
    { holder: legalName, iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', account_number: '', routing_code: '' },
    cookie,
  );
  const model = { model: 'direct_bill' };
  for (const key of CRITERIA) model[`criteria[k_${key}]`] = 'on';
  await call('save_model_step', model, cookie);
  const submission = { signer_name: 'Bench Signer', signer_title: 'Director', accept: 'on' };
  const before = performance.now();
  if (n % 10 === 0) {
    doubleSubmits += 1;
    await Promise.all([
      call('submit_application', submission, cookie),
      call('submit_application', submission, cookie),
    ]);
  } else {
    await call('submit_application', submission, cookie);
  }
  const done = performance.now();
  submitLatencies.push(done - before);
  flowLatencies.push(done - started);
  submitted.push(cookie);
}

const memory = memorySampler(pid, 100);
const rssBefore = memory.before;

const deadline = Date.now() + seconds * 1000;
const began = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      try {
        await enroll();
      } catch (error) {
        recordError(error);
      }
    }
  }),
);
const elapsed = (performance.now() - began) / 1000;
const peakRss = memory.stop();

// Every submission answered with success must be in the database, submitted.
let lost = 0;
for (let i = 0; i < submitted.length; i += 50) {
  await Promise.all(
    submitted.slice(i, i + 50).map(async (cookie) => {
      try {
        const { body } = await call('my_application', {}, cookie);
        if (JSON.parse(body).status !== 'Submitted') lost += 1;
      } catch {
        lost += 1;
      }
    }),
  );
}
sink.close();

const ms = (v) => `${v.toFixed(1)} ms`;
submitLatencies.sort((a, b) => a - b);
flowLatencies.sort((a, b) => a - b);
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(`applicants at once:        ${concurrency} for ${elapsed.toFixed(1)} s`);
console.log(`submissions:               ${submitted.length} (${(submitted.length / elapsed).toFixed(1)}/s), ${doubleSubmits} of them double`);
console.log(`submit request:            p50 ${ms(percentile(submitLatencies, 50))}, p99 ${ms(percentile(submitLatencies, 99))}`);
console.log(`whole enrollment:          p50 ${ms(percentile(flowLatencies, 50))}, p99 ${ms(percentile(flowLatencies, 99))}`);
console.log(`errors:                    ${errorCount}`);
for (const [message, count] of errors) console.log(`  ${count} × ${message}`);
console.log(`lost submissions:          ${lost}`);
console.log(`portal RSS:                ${(rssBefore / 1024).toFixed(0)} MiB before, peak ${(peakRss / 1024).toFixed(0)} MiB`);
process.exit(errorCount === 0 && lost === 0 ? 0 : 1);
