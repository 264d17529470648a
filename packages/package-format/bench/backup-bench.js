#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * Backup benchmark (issue 3, docs/benchmarks.md "Backup (package writer)").
 *
 *   npm run build   (or: npx tsc -p packages/package-format/tsconfig.build.json)
 *   node packages/package-format/bench/backup-bench.js --size 1GiB [--runs 1] [--level 6] [--keep]
 *
 * 1. Builds a deterministic document store in a fresh directory under
 *    <repo>/bench-work/: many small text files (2–64 KiB), some large
 *    incompressible files (1–16 MiB, like scanned PDFs), and the database as
 *    NDJSON (User, Document, DocumentVersion, BackupConfiguration, AuditEvent).
 * 2. Warms the page cache by reading every input once.
 * 3. Per run, each in a fresh output directory (never re-using a directory
 *    that was just deleted: on this ext4 that slows down file creation):
 *      ours   writePackage (level 6, hashing every file against the catalog,
 *             exporting the rows)           — in a child process
 *      ours   verifyPackage of that package — in a child process
 *      tar -czf store (GNU tar + gzip -6)
 *      tar -xzf to a fresh directory
 *    `sync` runs before each measurement. Wall time per step; peak RSS of our
 *    child processes from process.resourceUsage().maxRSS (threads included),
 *    of tar from /usr/bin/time.
 * 4. Prints medians and the ratios to tar measured in the same run.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const DIST = path.resolve(__dirname, '..', 'dist');
const TABLES = ['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent'];

// ---------------------------------------------------------------------------
// arguments

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G|KB|MB|GB)?$/i.exec(text);
  if (!match) throw new Error(`bad size ${text}`);
  const units = { b: 1, k: 1024, kib: 1024, kb: 1024, m: 1024 ** 2, mib: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3, gb: 1024 ** 3 };
  return Math.round(Number(match[1]) * units[(match[2] || 'b').toLowerCase()]);
}

function parseArgs(argv) {
  const args = { size: 256 * 1024 ** 2, sizeLabel: '256MiB', runs: undefined, level: 6, keep: false, seed: 1, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--size') {
      args.sizeLabel = value();
      args.size = parseSize(args.sizeLabel);
    } else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--level') args.level = Number(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--workdir') args.workdir = value();
    else if (arg === '--build-only') args.buildOnly = true;
    else if (arg === '--child') args.child = value();
    else if (arg === '--store') args.store = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--package') args.package = value();
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: backup-bench.js --size 256MiB|1GiB [--runs N] [--level 0..9] [--seed N] [--keep] [--workdir DIR [--build-only]]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (args.runs === undefined) args.runs = args.size > 512 * 1024 ** 2 ? 1 : 3;
  return args;
}

// ---------------------------------------------------------------------------
// deterministic data

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic incompressible bytes: AES-256-CTR keystream. */
function randomBytesFor(seed, index, length) {
  const key = crypto.createHash('sha256').update(`edms-bench-${seed}`).digest();
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(index, 12);
  return crypto.createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length));
}

function makeVocabulary(seed) {
  const random = mulberry32(seed * 7919);
  const syllables = ['qua', 'li', 'ty', 'pro', 'ce', 'dure', 'val', 'i', 'da', 'tion', 'spe', 'ci', 'fi', 'ca', 'con', 'trol',
    'doc', 'u', 'ment', 're', 'vi', 'sion', 'ap', 'prov', 'al', 'ste', 'ril', 'iz', 'clean', 'ing', 'batch', 'rec', 'ord',
    'sam', 'ple', 'test', 'meth', 'od', 'de', 'vi', 'a', 'tr', 'ain', 'ed', 'op', 'er', 'ator', 'sys', 'tem'];
  const words = [];
  for (let i = 0; i < 6000; i++) {
    let word = '';
    const n = 1 + Math.floor(random() * 4);
    for (let j = 0; j < n; j++) word += syllables[Math.floor(random() * syllables.length)];
    words.push(word);
  }
  // Zipf-like: frequent words first.
  return words;
}

function textFor(vocabulary, seed, index, length) {
  const random = mulberry32(seed * 1_000_003 + index);
  const lines = [`SOP-${String(index % 10000).padStart(4, '0')} revision ${index % 7}`, ''];
  let size = lines[0].length + 2;
  while (size < length) {
    const words = 6 + Math.floor(random() * 14);
    let line = '';
    for (let w = 0; w < words; w++) {
      const r = random();
      const word = vocabulary[Math.floor(r * r * vocabulary.length)];
      line += (w === 0 ? word[0].toUpperCase() + word.slice(1) : word) + (w === words - 1 ? '.' : ' ');
      if (random() < 0.03) line += `${Math.floor(random() * 1000)} `;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n')).subarray(0, length);
}

function uuidFor(random) {
  const hex = () => Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  const h = hex() + hex() + hex() + hex();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Builds the store; returns { storeDir, catalogPath, files, bytes }. */
function buildStore(dir, totalBytes, seed) {
  const storeDir = path.join(dir, 'store');
  const filesDir = path.join(storeDir, 'files');
  const dbDir = path.join(storeDir, 'db');
  fs.mkdirSync(filesDir, { recursive: true });
  fs.mkdirSync(dbDir, { recursive: true });
  const random = mulberry32(seed);
  const vocabulary = makeVocabulary(seed);
  const budgetDb = Math.round(totalBytes * 0.04);
  const budgetLarge = Math.round(totalBytes * 0.38);
  const budgetSmall = totalBytes - budgetDb - budgetLarge;

  const files = [];
  let index = 0;
  let bytes = 0;
  const add = (storageKey, data) => {
    const absolutePath = path.join(filesDir, storageKey);
    fs.mkdirSync(path.dirname(absolutePath), { recursive: true });
    fs.writeFileSync(absolutePath, data);
    files.push({ storageKey, absolutePath, expectedSha256: sha256(data), expectedSize: data.length, index });
    bytes += data.length;
    index++;
  };
  // Interleave small and large files the way a store fills up over time.
  let small = 0;
  let large = 0;
  while (small < budgetSmall || large < budgetLarge) {
    const wantLarge = large < budgetLarge && (small >= budgetSmall || random() < 0.0025);
    const bucket = Math.floor(random() * 256).toString(16).padStart(2, '0');
    const id = uuidFor(random);
    if (wantLarge) {
      const size = Math.min(budgetLarge - large, 1024 * 1024 + Math.floor(random() * 15 * 1024 * 1024));
      add(`scans/${bucket}/${id}/v1-scan.pdf`, randomBytesFor(seed, index, Math.max(size, 1)));
      large += size;
    } else {
      const size = Math.min(Math.max(budgetSmall - small, 2048), 2048 + Math.floor(random() * 62 * 1024));
      add(`docs/${bucket}/${id}/v${1 + Math.floor(random() * 3)}-document.txt`, textFor(vocabulary, seed, index, size));
      small += size;
    }
  }

  // ---- database as NDJSON (what the export would produce)
  const rows = {};
  const users = [];
  for (let i = 0; i < 200; i++) {
    users.push({ id: uuidFor(random), username: `user${i}`, email: `user${i}@example.test`, displayName: `User ${i}`,
      role: i === 0 ? 'ADMIN' : i % 10 === 0 ? 'OPERATOR' : 'VIEWER', passwordHash: `scrypt$${sha256(`pw${i}`)}`, isActive: true,
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 3600e3).toISOString() });
  }
  rows.User = users;
  const documents = [];
  const versions = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (i % 2 === 0) {
      documents.push({ id: uuidFor(random), number: `SOP-${String(documents.length).padStart(5, '0')}`, title: textFor(vocabulary, seed, i, 60).toString().split('\n')[2] || 'Title',
        status: 'EFFECTIVE', ownerId: users[i % users.length].id, createdAt: new Date(Date.UTC(2025, 1, 1) + i * 60e3).toISOString(),
        updatedAt: new Date(Date.UTC(2025, 2, 1) + i * 60e3).toISOString() });
    }
    versions.push({ id: uuidFor(random), documentId: documents[documents.length - 1].id, version: 1 + (i % 2), fileName: path.basename(file.storageKey),
      storageKey: file.storageKey, sizeBytes: file.expectedSize, sha256: file.expectedSha256,
      mimeType: file.storageKey.endsWith('.pdf') ? 'application/pdf' : 'text/plain', createdById: users[i % users.length].id,
      createdAt: new Date(Date.UTC(2025, 2, 1) + i * 60e3).toISOString(), note: i % 5 === 0 ? 'periodic review' : null });
  }
  rows.Document = documents;
  rows.DocumentVersion = versions;
  rows.BackupConfiguration = Array.from({ length: 12 }, (_, i) => ({ id: uuidFor(random), name: `config-${i}`, description: '', backupType: 'FULL',
    frequency: 'DAILY', scheduleTime: '02:00', dayOfWeek: null, dayOfMonth: null, storagePath: 'backups', retention: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
    compressionLevel: 6, encrypt: false, isEnabled: true, isTemporary: false, createdById: null, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' }));
  let dbBytes = 0;
  for (const name of ['User', 'Document', 'DocumentVersion', 'BackupConfiguration']) {
    const text = rows[name].map((row) => JSON.stringify(row)).join('\n') + '\n';
    fs.writeFileSync(path.join(dbDir, `${name}.ndjson`), text);
    dbBytes += Buffer.byteLength(text);
  }
  const audit = fs.openSync(path.join(dbDir, 'AuditEvent.ndjson'), 'w');
  let previous = '0'.repeat(64);
  const actions = ['document.create', 'document.approve', 'version.add', 'user.login', 'backup.run', 'backup.verify'];
  let chunk = [];
  for (let sequence = 1; dbBytes < budgetDb; sequence++) {
    const event = { sequence, at: new Date(Date.UTC(2025, 0, 1) + sequence * 1000).toISOString(), actor: users[sequence % users.length].username,
      action: actions[sequence % actions.length], targetType: 'Document', targetId: documents[sequence % documents.length]?.id ?? null, outcome: 'SUCCESS',
      details: { ip: `10.0.${sequence % 256}.${(sequence * 7) % 256}`, note: textFor(vocabulary, seed, sequence, 40 + (sequence % 80)).toString().split('\n')[2] || '' },
      prevHash: previous, hash: '' };
    event.hash = sha256(previous + event.action + event.sequence);
    previous = event.hash;
    const line = JSON.stringify(event) + '\n';
    chunk.push(line);
    dbBytes += Buffer.byteLength(line);
    if (chunk.length >= 5000) {
      fs.writeSync(audit, chunk.join(''));
      chunk = [];
    }
  }
  fs.writeSync(audit, chunk.join(''));
  fs.closeSync(audit);

  const catalogPath = path.join(dir, 'catalog.json');
  fs.writeFileSync(catalogPath, JSON.stringify(files.map(({ index: _i, ...f }) => f)));
  return { storeDir, catalogPath, files: files.length, bytes: bytes + dbBytes, fileBytes: bytes, dbBytes };
}

/** An existing store (from --workdir … --keep): sizes from the catalog and the NDJSON files. */
function describeStore(dir) {
  const storeDir = path.join(dir, 'store');
  const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
  const fileBytes = catalog.reduce((sum, f) => sum + f.expectedSize, 0);
  const dbBytes = TABLES.reduce((sum, name) => sum + fs.statSync(path.join(storeDir, 'db', `${name}.ndjson`)).size, 0);
  return { storeDir, catalogPath: path.join(dir, 'catalog.json'), files: catalog.length, bytes: fileBytes + dbBytes, fileBytes, dbBytes };
}

// ---------------------------------------------------------------------------
// child processes: our writer and verifier, measured alone

async function* ndjsonRows(file) {
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  let carry = '';
  for await (const chunk of stream) {
    const text = carry + chunk.toString('utf8');
    const lines = text.split('\n');
    carry = lines.pop();
    for (const line of lines) if (line) yield JSON.parse(line);
  }
  if (carry) yield JSON.parse(carry);
}

async function child(args) {
  const format = require(DIST);
  const started = process.hrtime.bigint();
  let result;
  const phaseRss = {};
  if (args.child === 'write') {
    const catalog = JSON.parse(fs.readFileSync(path.join(path.dirname(args.store), 'catalog.json'), 'utf8'));
    // Experiment: hold another store's file list alive, to see how much of the memory is the list.
    const ballast = process.env.BENCH_BALLAST_CATALOG ? JSON.parse(fs.readFileSync(process.env.BENCH_BALLAST_CATALOG, 'utf8')) : undefined;
    const written = await format.writePackage({
      destinationDir: args.out,
      fileName: 'bench-full_20261126T020000Z_00000000.tar.gz',
      manifest: {
        packageId: '00000000-0000-4000-8000-000000000000',
        createdAt: '2026-11-26T02:00:00.000Z',
        backupType: 'FULL',
        source: { instanceId: 'bench', hostname: os.hostname(), appVersion: '0.1.0', databaseProvider: 'sqlite' },
        schemaVersion: 'bench',
        configuration: { name: 'bench-full' },
      },
      tables: TABLES.map((name) => ({ name, rows: () => ndjsonRows(path.join(args.store, 'db', `${name}.ndjson`)) })),
      files: catalog,
      compressionLevel: args.level,
      onProgress: process.env.BENCH_MEMORY
        ? (p) => {
            const rss = process.memoryUsage.rss();
            phaseRss[p.phase] = Math.max(phaseRss[p.phase] ?? 0, rss);
          }
        : undefined,
    });
    if (process.env.BENCH_MEMORY) console.error('max RSS seen per phase (MiB):', Object.fromEntries(Object.entries(phaseRss).map(([k, v]) => [k, Math.round(v / 2 ** 20)])));
    result = { path: written.path, sizeBytes: written.sizeBytes, entries: written.entries, stats: written.stats, ballast: ballast?.length };
  } else if (args.child === 'verify') {
    const verified = await format.verifyPackage(args.package);
    result = { entries: verified.entries, bytes: verified.bytes };
  } else {
    throw new Error(`unknown child mode ${args.child}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  if (process.env.BENCH_MEMORY) {
    const m = process.memoryUsage();
    console.error(`memory at end: rss ${(m.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(m.heapUsed / 2 ** 20).toFixed(0)} / total ${(m.heapTotal / 2 ** 20).toFixed(0)} MiB, external ${(m.external / 2 ** 20).toFixed(0)} MiB, array buffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
  }
  // CPU of the main thread alone (Linux: /proc/self/task/<pid>/stat, fields 14 and 15 in clock ticks).
  let mainThreadSeconds = null;
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    mainThreadSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    // not Linux
  }
  process.stdout.write(JSON.stringify({ ...result, seconds, maxRssKiB: usage.maxRSS, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6, mainThreadSeconds }));
}

// ---------------------------------------------------------------------------
// driver

function run(command, argv, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}

function timed(command, argv, options) {
  // /usr/bin/time prints "<elapsed> <maxrss KiB> <user s> <system s>" on stderr's last line
  // (user and system time include gzip, which tar waits for).
  const result = run('/usr/bin/time', ['-f', '%e %M %U %S', command, ...argv], options);
  const last = result.stderr.trim().split('\n').pop();
  const [, rss, user, system] = last.split(' ').map(Number);
  return { seconds: result.seconds, maxRssKiB: rss, userSeconds: user, systemSeconds: system };
}

function ourStep(mode, extra) {
  const result = run(process.execPath, [__filename, '--child', mode, ...extra]);
  const parsed = JSON.parse(result.stdout);
  return { ...parsed, wallSeconds: result.seconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function warm(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else bytes += fs.readFileSync(full).length;
    }
  };
  walk(dir);
  return bytes;
}

const MB = 1e6;
const MiB = 1024 * 1024;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  if (!fs.existsSync(path.join(DIST, 'index.js'))) {
    throw new Error('build first: npx tsc -p packages/package-format/tsconfig.build.json');
  }
  const root = path.join(REPO, 'bench-work');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const reuse = args.workdir && fs.existsSync(path.join(args.workdir, 'catalog.json'));
  const workDir = args.workdir ? path.resolve(args.workdir) : path.join(root, `backup-${args.sizeLabel}-${stamp}-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });

  console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`work dir: ${workDir}`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  let started = Date.now();
  const store = reuse ? describeStore(workDir) : buildStore(workDir, args.size, args.seed);
  console.log(`store: ${store.files} files, ${(store.fileBytes / MiB).toFixed(0)} MiB of files + ${(store.dbBytes / MiB).toFixed(1)} MiB of NDJSON rows (built in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  run('sync', []);
  started = process.hrtime.bigint();
  const warmBytes = warm(store.storeDir);
  console.log(`page cache warmed: read ${(warmBytes / MiB).toFixed(0)} MiB in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`);

  if (args.buildOnly) return;
  const samples = { write: [], verify: [], tarCreate: [], tarExtract: [] };
  const ratios = { write: [], size: [], verify: [] };
  for (let r = 1; r <= args.runs; r++) {
    const runDir = path.join(workDir, `run-${stamp}-${r}`);
    fs.mkdirSync(path.join(runDir, 'ours'), { recursive: true });
    fs.mkdirSync(path.join(runDir, 'tar'), { recursive: true });
    fs.mkdirSync(path.join(runDir, 'tar-x'), { recursive: true });

    // Alternate who goes first, so a change in machine load between steps does not always favour one side.
    const ours = () => {
      run('sync', []);
      const write = ourStep('write', ['--store', store.storeDir, '--out', path.join(runDir, 'ours'), '--level', String(args.level)]);
      run('sync', []);
      const verify = ourStep('verify', ['--package', write.path]);
      return { write, verify };
    };
    const tar = () => {
      const tarFile = path.join(runDir, 'tar', 'store.tar.gz');
      run('sync', []);
      const compress = args.level === 6 ? ['-z'] : ['-I', `gzip -${args.level}`]; // GNU tar's -z runs gzip at its default level 6
      const tarCreate = timed('tar', ['-c', ...compress, '-f', tarFile, '-C', store.storeDir, '.']);
      tarCreate.sizeBytes = fs.statSync(tarFile).size;
      run('sync', []);
      const tarExtract = timed('tar', ['-xzf', tarFile, '-C', path.join(runDir, 'tar-x')]);
      run('sync', []);
      return { tarCreate, tarExtract };
    };
    let mine;
    let theirs;
    if (r % 2 === 1) {
      mine = ours();
      theirs = tar();
    } else {
      theirs = tar();
      mine = ours();
    }
    const { write, verify } = mine;
    const { tarCreate, tarExtract } = theirs;
    samples.write.push(write);
    samples.verify.push(verify);
    samples.tarCreate.push(tarCreate);
    samples.tarExtract.push(tarExtract);
    ratios.write.push(tarCreate.seconds / write.wallSeconds);
    ratios.size.push(write.sizeBytes / tarCreate.sizeBytes);
    ratios.verify.push(tarExtract.seconds / verify.wallSeconds);
    console.log(
      `run ${r}: ours write ${write.seconds.toFixed(2)} s (${(write.sizeBytes / MiB).toFixed(1)} MiB, RSS ${(write.maxRssKiB / 1024).toFixed(0)} MiB), ` +
        `verify ${verify.seconds.toFixed(2)} s (RSS ${(verify.maxRssKiB / 1024).toFixed(0)} MiB); ` +
        `tar -czf ${tarCreate.seconds.toFixed(2)} s (${(tarCreate.sizeBytes / MiB).toFixed(1)} MiB), tar -xzf ${tarExtract.seconds.toFixed(2)} s`,
    );
  }

  const m = (list, key) => median(list.map((item) => item[key]));
  const write = { seconds: m(samples.write, 'seconds'), wall: m(samples.write, 'wallSeconds'), size: m(samples.write, 'sizeBytes'), rss: Math.max(...samples.write.map((s) => s.maxRssKiB)) };
  const verify = { seconds: m(samples.verify, 'seconds'), wall: m(samples.verify, 'wallSeconds'), rss: Math.max(...samples.verify.map((s) => s.maxRssKiB)) };
  const tarCreate = { seconds: m(samples.tarCreate, 'seconds'), size: m(samples.tarCreate, 'sizeBytes'), rss: Math.max(...samples.tarCreate.map((s) => s.maxRssKiB)) };
  const tarExtract = { seconds: m(samples.tarExtract, 'seconds'), rss: Math.max(...samples.tarExtract.map((s) => s.maxRssKiB)) };
  const stats = samples.write[0].stats;
  const input = store.bytes;

  const rows = [
    ['ours: writePackage', write.wall, input / write.wall / MB, write.size / MiB, write.rss / 1024],
    ['GNU tar -czf (gzip -6)', tarCreate.seconds, input / tarCreate.seconds / MB, tarCreate.size / MiB, tarCreate.rss / 1024],
    ['ours: verifyPackage', verify.wall, input / verify.wall / MB, null, verify.rss / 1024],
    ['GNU tar -xzf (to disk)', tarExtract.seconds, input / tarExtract.seconds / MB, null, tarExtract.rss / 1024],
  ];
  console.log('');
  console.log(`results (${args.sizeLabel} store, ${store.files} files, ${args.runs} run${args.runs === 1 ? '' : 's'}, median wall time incl. process start):`);
  console.log('| step | wall s | MB/s | output MiB | peak RSS MiB |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, seconds, rate, size, rss] of rows) {
    console.log(`| ${name} | ${seconds.toFixed(2)} | ${rate.toFixed(0)} | ${size === null ? '–' : size.toFixed(1)} | ${rss.toFixed(0)} |`);
  }
  console.log('');
  const cpu = (list) => median(list.map((item) => item.userSeconds + item.systemSeconds));
  console.log(`write speed-up vs tar -czf: ${median(ratios.write).toFixed(2)}× (median of per-run ratios ${ratios.write.map((x) => x.toFixed(2)).join(', ')}; target ≥ 2.0)`);
  console.log(`output size vs tar -czf:    ${median(ratios.size).toFixed(3)}× (target ≤ 1.10)`);
  console.log(`verify speed vs tar -xzf:   ${median(ratios.verify).toFixed(2)}× (median of per-run ratios ${ratios.verify.map((x) => x.toFixed(2)).join(', ')}; target ≥ 1.0)`);
  console.log(
    `cpu seconds (user+sys, median): ours write ${cpu(samples.write).toFixed(1)}, tar -czf ${cpu(samples.tarCreate).toFixed(1)}; ` +
      `ours verify ${cpu(samples.verify).toFixed(1)}, tar -xzf ${cpu(samples.tarExtract).toFixed(1)}`,
  );
  const mainCpu = median(samples.write.map((item) => item.mainThreadSeconds ?? 0));
  const cores = os.availableParallelism();
  const oursIdle = Math.max(mainCpu, cpu(samples.write) / cores);
  console.log(
    `on an idle machine (estimate from CPU time): ours write ≥ ${oursIdle.toFixed(1)} s (max of main thread ${mainCpu.toFixed(1)} s and total/${cores}), ` +
      `tar -czf ≈ ${cpu(samples.tarCreate).toFixed(1)} s (gzip is one thread) → ~${(cpu(samples.tarCreate) / oursIdle).toFixed(1)}×`,
  );
  console.log(`peak RSS ours: write ${(write.rss / 1024).toFixed(0)} MiB, verify ${(verify.rss / 1024).toFixed(0)} MiB (target < 200)`);
  console.log(`compression: ${(stats.deflatedBytes / MiB).toFixed(0)} MiB deflated, ${(stats.storedBytes / MiB).toFixed(0)} MiB stored, ${stats.members} gzip members`);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine compete for its ${os.availableParallelism()} cores)`);
  console.log(`JSON ${JSON.stringify({ size: args.sizeLabel, files: store.files, inputBytes: input, runs: args.runs, write, verify, tarCreate, tarExtract, stats, ratios, cpu: { write: cpu(samples.write), tarCreate: cpu(samples.tarCreate), verify: cpu(samples.verify), tarExtract: cpu(samples.tarExtract) } })}`);

  if (args.keep) console.log(`kept ${workDir}`);
  else if (args.workdir) {
    // Keep the store for the next run (--workdir), remove this run's outputs.
    for (const name of fs.readdirSync(workDir)) if (name.startsWith(`run-${stamp}-`)) fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
  } else fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
