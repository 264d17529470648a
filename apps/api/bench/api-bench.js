#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * API load benchmark (issue 5, docs/benchmarks.md "REST API under load").
 *
 *   npm run bench:api                          (builds @edms/api first)
 *   node apps/api/bench/api-bench.js [--size 1GiB] [--clients 50] [--keep]
 *
 * 1. Starts the real server (`node apps/api/dist/server.js`) and a worker
 *    (`node apps/cli/bin/run.js worker --no-schedule`) on a fresh data
 *    directory under <repo>/bench-work/ and a free port, as `npm start` does:
 *    the worker runs the backup in its own process.
 * 2. Seeds 200 demo documents (POST /demo/seed), then uploads large documents
 *    of random, incompressible bytes (POST /documents, streamed, 32 MiB each)
 *    until the document store holds --size bytes — like scanned PDFs, which
 *    is what makes a real EDMS large.
 * 3. Idle phase: after 2 s of warm-up, the clients run for 5 s with nothing
 *    else going on (baseline).
 * 4. Starts a FULL backup (POST /backups → 202); the API process runs it in
 *    the background. While the job is PENDING/RUNNING, --clients concurrent
 *    clients (keep-alive connections, one request at a time each, with
 *    --think-ms between requests, default 0: back to back) read job
 *    status and lists: GET /backups/{id} (40 %), /backups?limit=20 (20 %),
 *    /documents?limit=50 (15 %), /configurations (15 %), /audit?limit=20 (10 %).
 * 5. Reports latency percentiles per phase, errors (non-2xx or network), the
 *    backup's duration, size and throughput, and writes a JSON report beside
 *    the data directory.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER_JS = path.join(REPO, 'apps', 'api', 'dist', 'server.js');
const CLI = path.join(REPO, 'apps', 'cli', 'bin', 'run.js');
const ADMIN_PASSWORD = 'bench-admin-password-123';

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text);
  if (!m) throw new Error(`bad size ${text}`);
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] || 'b').toLowerCase()];
  return Math.round(Number(m[1]) * unit);
}

function parseArgs(argv) {
  const args = { size: 1024 ** 3, clients: 50, keep: false, idleMs: 5000, fileBytes: 32 * 1024 ** 2, thinkMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') args.size = parseSize(argv[++i]);
    else if (a === '--clients') args.clients = Number(argv[++i]);
    else if (a === '--keep') args.keep = true;
    else if (a === '--think-ms') args.thinkMs = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: api-bench.js [--size 1GiB] [--clients 50] [--think-ms 0] [--keep]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const fmtBytes = (n) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function startServer(dataDir) {
  const env = { ...process.env, EDMS_DATA_DIR: dataDir, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD, EDMS_API_PORT: '0', EDMS_API_HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /EDMS API listening on (http:\/\/\S+)/.exec(output);
    if (m) return { base: m[1], child, exited, output: () => output };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startWorker(dataDir) {
  const env = { ...process.env, EDMS_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [CLI, 'worker', '--no-schedule'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function json(base, token, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function login(base) {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await res.json();
  const created = await fetch(`${base}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies, 'X-EDMS-CSRF': csrfToken },
    body: JSON.stringify({ name: 'bench', username: 'admin' }),
  });
  return (await created.json()).secret;
}

/** Streams `bytes` of fresh random data as one document upload. */
function uploadRandomDocument(base, token, index, bytes) {
  const url = new URL(`${base}/documents?title=${encodeURIComponent(`Scanned batch record ${index}`)}&fileName=scan-${index}.pdf&prefix=BR`);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes) } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body)) : reject(new Error(`upload ${res.statusCode}: ${body}`))));
    });
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const chunk = crypto.randomBytes(Math.min(1024 * 1024, bytes - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** One GET on a keep-alive connection; resolves with { ms, ok }. */
function timedGet(agent, base, token, route) {
  const url = new URL(`${base}${route}`);
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode }));
    });
    req.on('error', (error) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false, status: error.code || 'ERR' }));
  });
}

function pickRoute(jobId, random) {
  const r = random();
  if (r < 0.4 && jobId) return `/backups/${jobId}`;
  if (r < 0.6) return '/backups?limit=20';
  if (r < 0.75) return '/documents?limit=50';
  if (r < 0.9) return '/configurations';
  return '/audit?limit=20';
}

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere.
 * Latency on a shared machine depends on what else runs; CPU per request does not.
 */
function cpuSecondsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** `clients` loops, each one request at a time (after `thinkMs`), until `shouldStop()`; returns the samples. */
async function runLoad({ base, token, clients, jobId, shouldStop, thinkMs = 0, serverPid }) {
  const cpuBefore = cpuSecondsOf(serverPid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const samples = [];
  const errors = {};
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!shouldStop()) {
        const route = pickRoute(jobId, random);
        const result = await timedGet(agent, base, token, route);
        samples.push(result.ms);
        if (!result.ok) errors[result.status] = (errors[result.status] || 0) + 1;
        if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs));
      }
    }),
  );
  agent.destroy();
  const cpuAfter = cpuSecondsOf(serverPid);
  return { samples, errors, seconds: (Date.now() - started) / 1000, apiCpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

function summarize(name, load) {
  const sorted = [...load.samples].sort((a, b) => a - b);
  const errorCount = Object.values(load.errors).reduce((a, b) => a + b, 0);
  return {
    phase: name,
    requests: sorted.length,
    seconds: Number(load.seconds.toFixed(1)),
    requestsPerSecond: Math.round(sorted.length / load.seconds),
    p50: Number(percentile(sorted, 50).toFixed(1)),
    p95: Number(percentile(sorted, 95).toFixed(1)),
    p99: Number(percentile(sorted, 99).toFixed(1)),
    max: Number((sorted[sorted.length - 1] ?? NaN).toFixed(1)),
    errors: errorCount,
    errorsByStatus: load.errors,
    // CPU the API process spent per request (includes anything else it did meanwhile).
    apiCpuMsPerRequest: load.apiCpuSeconds === null ? null : Number(((load.apiCpuSeconds * 1000) / Math.max(1, sorted.length)).toFixed(2)),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing; run npm run bench:api (it builds first)`);
  const workRoot = path.join(REPO, 'bench-work');
  fs.mkdirSync(workRoot, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(workRoot, 'api-'));
  console.log(`data directory ${dataDir}`);
  const server = await startServer(dataDir);
  const worker = startWorker(dataDir);
  // Ctrl-C or a kill must not leave the server or the worker running.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      process.exit(130);
    });
  }
  let report;
  try {
    const base = `${server.base}`;
    const token = await login(base);

    console.log('seeding 200 demo documents …');
    const seeded = await json(base, token, 'POST', '/demo/seed', { documents: 200 });
    let stored = seeded.bytes;
    let uploads = 0;
    const uploadStarted = Date.now();
    while (stored < args.size) {
      const bytes = Math.min(args.fileBytes, args.size - stored);
      await uploadRandomDocument(base, token, uploads + 1, bytes);
      stored += bytes;
      uploads += 1;
      if (uploads % 8 === 0) console.log(`  uploaded ${fmtBytes(stored)} of ${fmtBytes(args.size)}`);
    }
    const uploadSeconds = (Date.now() - uploadStarted) / 1000;
    console.log(`store: ${seeded.documents + uploads} documents, ${fmtBytes(stored)} (uploads ${fmtBytes(stored - seeded.bytes)} in ${uploadSeconds.toFixed(1)} s)`);

    // Warm-up, not recorded: connections opened, code paths compiled, credential cache filled.
    const warmUntil = Date.now() + 2000;
    await runLoad({ base, token, clients: args.clients, jobId: null, shouldStop: () => Date.now() > warmUntil, serverPid: server.child.pid });
    const loadBefore = Number(require('node:os').loadavg()[0].toFixed(2));
    console.log(`idle phase: ${args.clients} clients for ${args.idleMs / 1000} s (load average ${loadBefore}) …`);
    const idleUntil = Date.now() + args.idleMs;
    const idle = summarize('idle', await runLoad({ base, token, clients: args.clients, jobId: null, shouldStop: () => Date.now() > idleUntil, thinkMs: args.thinkMs, serverPid: server.child.pid }));

    console.log('starting a FULL backup and loading the API while it runs …');
    const job = await json(base, token, 'POST', '/backups', { configuration: 'pre-upgrade-full' });
    let finished = null;
    const backupStarted = Date.now();
    let lastReport = 0;
    const watcher = (async () => {
      for (;;) {
        const current = await json(base, token, 'GET', `/backups/${job.id}`);
        if (current.status !== 'PENDING' && current.status !== 'RUNNING') return (finished = current);
        if (Date.now() - lastReport > 5000) {
          lastReport = Date.now();
          console.log(`  backup ${current.status.toLowerCase()} ${(current.progress * 100).toFixed(0)} % ${current.progressMessage ?? ''}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })().catch((error) => {
      finished = { status: 'UNKNOWN', error: String(error) };
      return finished;
    });
    const during = summarize('during backup', await runLoad({ base, token, clients: args.clients, jobId: job.id, shouldStop: () => finished !== null, thinkMs: args.thinkMs, serverPid: server.child.pid }));
    await watcher;
    const backupSeconds = (Date.now() - backupStarted) / 1000;

    report = {
      at: new Date().toISOString(),
      machine: {
        cpus: require('node:os').cpus().length,
        cpuModel: require('node:os').cpus()[0]?.model,
        node: process.version,
        // Other work on the machine skews latency; the 1-minute load average before and after says how much there was.
        loadAverageBefore: loadBefore,
        loadAverageAfter: Number(require('node:os').loadavg()[0].toFixed(2)),
      },
      store: { documents: seeded.documents + uploads, bytes: stored, demoDocuments: seeded.documents, randomUploads: uploads },
      backup: {
        ranOn: finished.workerId,
        status: finished.status,
        error: finished.error,
        seconds: Number(backupSeconds.toFixed(1)),
        packageBytes: finished.sizeBytes,
        throughputMiBs: Number((stored / 1024 ** 2 / backupSeconds).toFixed(1)),
      },
      clients: args.clients,
      thinkMs: args.thinkMs,
      phases: [idle, during],
    };
    console.log(JSON.stringify(report, null, 2));
    fs.writeFileSync(path.join(workRoot, `${path.basename(dataDir)}-report.json`), JSON.stringify(report, null, 2));
    const ok = finished.status === 'COMPLETED' && during.errors === 0 && during.p99 < 200;
    console.log(
      `\nduring the backup: ${during.requests} requests, p50 ${during.p50} ms, p99 ${during.p99} ms, errors ${during.errors} — target p99 < 200 ms, zero errors: ${ok ? 'met' : 'NOT met'}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await Promise.all([server.exited, worker.exited]);
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
