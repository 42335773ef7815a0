// The peer for bench/ZeroTrustOrg.Bench: the official Cloudflare TypeScript SDK (cloudflare 7.3.0), used the
// way its README shows, against a zt-emulator on loopback. The harness starts this script as a child process,
// reads the one JSON line it prints, and counts 429s and revocations from the emulator's journal itself.
//
//   node peer.mjs bulk     --base-url URL --token T --account ID --n 1000 --mode all|pool [--concurrency 4]
//   node --expose-gc --max-semi-space-size=64 peer.mjs overhead-worker --base-url URL --token T --account ID
//        then one JSON line per round on stdin: {"op":"get"|"revoke","concurrency":8,"requests":400,"warmup":0,"offset":0}
//
// Every loop here is bounded by --n or a round's requests, and only the given base URL (loopback) is contacted.
import Cloudflare from 'cloudflare';
import { VERSION } from 'cloudflare/version';
import readline from 'node:readline';
import { PerformanceObserver } from 'node:perf_hooks';

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

/**
 * One measured round: `requests` calls at `concurrency`, after `warmup` calls. Run under
 * --expose-gc --max-semi-space-size=64, so a collection before the round and none during it make the
 * heapUsed delta the bytes the round allocated on the V8 heap (Buffers live outside it, so this is a lower bound).
 */
async function overheadRound(client, account_id, { op, concurrency, requests, warmup = 0, offset = 0 }) {
  const call = op === 'get'
    ? () => client.zeroTrust.organizations.list({ account_id })
    : (i) => client.zeroTrust.organizations.revokeUsers({ account_id, email: email(offset + i) });
  if (warmup > 0) {
    const warm = await pool(warmup, concurrency, call);
    if (warm.failed > 0) throw new Error(`warm-up failed: ${JSON.stringify(warm.kinds)}`);
  }
  globalThis.gc?.();
  let collections = 0;
  const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage();
  console.log('#start'); // the harness reads the server's CPU time on the markers
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const measured = await pool(requests, concurrency, (i) => call(warmup + i));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  console.log('#end');
  const after = process.memoryUsage();
  await new Promise((resolve) => setImmediate(resolve)); // let the observer deliver
  observer.disconnect();
  return {
    ...measured,
    elapsedMs,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    heapUsedDelta: after.heapUsed - before.heapUsed,
    gcDuringRound: collections,
    rssMb: after.rss / 1048576,
  };
}

/** Reads one JSON round description per line on stdin and answers each with one JSON line, until stdin closes. */
async function overheadWorker(client, options) {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const result = await overheadRound(client, options.account, JSON.parse(line));
    console.log(JSON.stringify(result));
  }
  return null;
}

const { command, options } = parseArgs(process.argv.slice(2));
loopbackOnly(options['base-url']);
const client = new Cloudflare({ apiToken: options.token, baseURL: options['base-url'] });
let output;
if (command === 'bulk') output = await bulk(client, options);
else if (command === 'overhead-worker') output = await overheadWorker(client, options);
else throw new Error(`unknown command ${command}`);
if (output) console.log(JSON.stringify({ sdk: `cloudflare ${VERSION}`, node: process.version, ...output }));
