// The peer for bench/Invoke-Benchmark.ps1 -Name limited: the official Cloudflare TypeScript SDK (cloudflare 7.3.0),
// used the way its README shows, against a zt-emulator on loopback. The benchmark starts this script as a child
// process, reads the one JSON line it prints, and counts 429s and revocations from the emulator's journal itself.
//
//   node peer.mjs bulk --base-url URL --token T --account ID --n 120 --mode all|pool [--concurrency 4]
//
// Every loop here is bounded by --n, and only the given base URL (loopback) is contacted.
import Cloudflare from 'cloudflare';
import { VERSION } from 'cloudflare/version';

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith('--') || i + 1 >= rest.length) throw new Error(`bad argument ${rest[i]}`);
    options[rest[i].slice(2)] = rest[i + 1];
  }
  return { command, options };
}

function loopbackOnly(baseURL) {
  const host = new URL(baseURL).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`refusing to send benchmark traffic to ${host}: loopback only`);
  }
}

const email = (i) => `user${String(i).padStart(6, '0')}@example.com`;

const kindOf = (error) => (error?.status ? `HTTP ${error.status}` : error?.constructor?.name ?? 'error');

/** Runs work(i) for i in [0, count) with at most `concurrency` in flight; counts successes and failures by kind. */
async function pool(count, concurrency, work, failedEmails) {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const kinds = {};
  async function worker() {
    while (next < count) {
      const i = next++;
      try {
        await work(i);
        ok++;
      } catch (error) {
        failed++;
        failedEmails?.push(email(i));
        const kind = kindOf(error);
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { ok, failed, kinds };
}

async function bulk(client, options) {
  const n = Number(options.n);
  const account_id = options.account;
  const revoke = (i) => client.zeroTrust.organizations.revokeUsers({ account_id, email: email(i) });
  const started = performance.now();
  const failedEmails = [];
  let result;
  if (options.mode === 'all') {
    // The SDK's defaults, every promise at once: what `await Promise.all(users.map(revoke))` does
    // (allSettled here, so one failure does not hide the others).
    const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => revoke(i)));
    const kinds = {};
    let ok = 0;
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled' && s.value === true) ok++;
      else {
        failedEmails.push(email(i));
        const kind = s.status === 'fulfilled' ? `result ${s.value}` : kindOf(s.reason);
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
    });
    result = { ok, failed: n - ok, kinds };
  } else {
    result = await pool(n, Number(options.concurrency ?? 4), async (i) => {
      const revoked = await revoke(i);
      if (revoked !== true) throw new Error(`result ${revoked}`);
    }, failedEmails);
  }
  return { ...result, elapsedMs: performance.now() - started, failedEmails };
}

const { command, options } = parseArgs(process.argv.slice(2));
loopbackOnly(options['base-url']);
const client = new Cloudflare({ apiToken: options.token, baseURL: options['base-url'] });
let output;
if (command === 'bulk') output = await bulk(client, options);
else throw new Error(`unknown command ${command}`);
if (output) console.log(JSON.stringify({ sdk: `cloudflare ${VERSION}`, node: process.version, ...output }));
