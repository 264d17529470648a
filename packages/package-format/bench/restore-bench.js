#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * Restore benchmark (issue 4 item 8, docs/benchmarks.md "Restore (validate + stage)").
 *
 *   npx tsc -p packages/domain/tsconfig.build.json && npx tsc -p packages/package-format/tsconfig.build.json
 *   node packages/package-format/bench/restore-bench.js --size 1GiB [--runs 3] [--durability filesystem,none] [--keep]
 *
 * 1. Builds a deterministic document store in a fresh directory under
 *    <repo>/bench-work/ (the approach of bench/backup-bench.js: small text
 *    files of 2–64 KiB, large incompressible "scans" of 1–16 MiB, about 4 %
 *    NDJSON rows) whose rows pass the restore's validation: ids in primary-key
 *    order, every reference resolved, the column set of TABLE_SCHEMAS.
 * 2. Writes ONE FULL package from it with writePackage (level 6).
 * 3. Per run, each into a FRESH directory (this ext4 slows down file creation
 *    right after mass deletion, so nothing is deleted until the end):
 *      ours   stagePackage (full validation + unpack + durability), in a child process
 *      tar    GNU tar -xzf of the same package (checks nothing, no fsync)
 *      sync   `sync -f` right after tar, to show what durability costs tar
 *    The package is read once before each step (page cache warm for both) and
 *    `sync` runs before each step so earlier writeback does not interfere.
 * 4. Prints medians, MB/s (package payload bytes / wall time), peak RSS and
 *    the speed ratio ours/tar measured in the same run.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const DIST = path.resolve(__dirname, '..', 'dist');
const TABLES = ['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent'];
const MB = 1e6;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------
// arguments

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G|KB|MB|GB)?$/i.exec(text);
  if (!match) throw new Error(`bad size ${text}`);
  const units = { b: 1, k: 1024, kib: 1024, kb: 1024, m: 1024 ** 2, mib: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3, gb: 1024 ** 3 };
  return Math.round(Number(match[1]) * units[(match[2] || 'b').toLowerCase()]);
}

function parseArgs(argv) {
  const args = { size: 256 * MiB, sizeLabel: '256MiB', runs: 3, keep: false, seed: 1, durability: ['filesystem'], level: 6 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--size') {
      args.sizeLabel = value();
      args.size = parseSize(args.sizeLabel);
    } else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--level') args.level = Number(value());
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--workdir') args.workdir = value();
    else if (arg === '--durability') args.durability = value().split(',');
    else if (arg === '--child') args.child = value();
    else if (arg === '--store') args.store = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--package') args.package = value();
    else if (arg === '--staging') args.staging = value();
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: restore-bench.js --size 256MiB|1GiB [--runs N] [--durability filesystem,file,none] [--seed N] [--keep] [--workdir DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  for (const mode of args.durability) if (!['filesystem', 'file', 'none'].includes(mode)) throw new Error(`bad durability ${mode}`);
  return args;
}

// ---------------------------------------------------------------------------
// deterministic data (as in backup-bench.js, with rows that pass validation)

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

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Builds the store; returns { storeDir, files, bytes, fileBytes, dbBytes }. */
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
    files.push({ storageKey, absolutePath, expectedSha256: sha256(data), expectedSize: data.length });
    bytes += data.length;
    index++;
  };
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

  // ---- database rows (what the export produces: primary-key order, every column)
  const at = (ms) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();
  const users = [];
  for (let i = 0; i < 200; i++) {
    users.push({ id: uuidFor(random), username: `user${i}`, email: `user${i}@example.test`, displayName: `User ${i}`,
      role: i === 0 ? 'ADMIN' : i % 10 === 0 ? 'OPERATOR' : 'VIEWER', passwordHash: `scrypt$${sha256(`pw${i}`)}`, isActive: true,
      createdAt: at(i * 3600e3) });
  }
  const documents = [];
  const versions = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (i % 2 === 0) {
      documents.push({ id: uuidFor(random), number: `SOP-${String(documents.length).padStart(5, '0')}`,
        title: textFor(vocabulary, seed, i, 60).toString().split('\n')[2] || 'Title', status: 'EFFECTIVE',
        ownerId: users[i % users.length].id, createdAt: at(i * 60e3), updatedAt: at(i * 60e3 + 1000) });
    }
    versions.push({ id: uuidFor(random), documentId: documents[documents.length - 1].id, version: 1 + (i % 2),
      fileName: path.basename(file.storageKey), storageKey: file.storageKey, sizeBytes: file.expectedSize, sha256: file.expectedSha256,
      mimeType: file.storageKey.endsWith('.pdf') ? 'application/pdf' : 'text/plain', createdById: users[i % users.length].id,
      createdAt: at(i * 60e3 + 2000), note: i % 5 === 0 ? 'periodic review' : null });
  }
  const configurations = Array.from({ length: 12 }, (_, i) => ({ id: uuidFor(random), name: `config-${i}`, description: '', backupType: 'FULL',
    frequency: 'DAILY', scheduleTime: '02:00', dayOfWeek: null, dayOfMonth: null, storagePath: 'backups', keepLast: 7, keepDaily: 7,
    keepWeekly: 4, keepMonthly: 12, compressionLevel: 6, encrypt: false, isEnabled: true, isTemporary: false, createdById: null,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' }));
  const tables = { User: users.sort(byId), Document: documents.sort(byId), DocumentVersion: versions.sort(byId), BackupConfiguration: configurations.sort(byId) };
  let dbBytes = 0;
  for (const name of Object.keys(tables)) {
    const text = tables[name].map((row) => JSON.stringify(row)).join('\n') + '\n';
    fs.writeFileSync(path.join(dbDir, `${name}.ndjson`), text);
    dbBytes += Buffer.byteLength(text);
  }
  const audit = fs.openSync(path.join(dbDir, 'AuditEvent.ndjson'), 'w');
  let previous = '0'.repeat(64);
  const actions = ['document.create', 'document.approve', 'version.add', 'user.login', 'backup.run', 'backup.verify'];
  let chunk = [];
  for (let sequence = 1; dbBytes < budgetDb; sequence++) {
    const event = { sequence, at: at(sequence * 1000), actor: users[sequence % users.length].username,
      action: actions[sequence % actions.length], targetType: 'Document', targetId: documents[sequence % documents.length]?.id ?? null, outcome: 'SUCCESS',
      details: JSON.stringify({ ip: `10.0.${sequence % 256}.${(sequence * 7) % 256}`, note: textFor(vocabulary, seed, sequence, 40 + (sequence % 80)).toString().split('\n')[2] || '' }),
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
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(files));
  return { storeDir, files: files.length, bytes: bytes + dbBytes, fileBytes: bytes, dbBytes };
}

function describeStore(dir) {
  const storeDir = path.join(dir, 'store');
  const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
  const fileBytes = catalog.reduce((sum, f) => sum + f.expectedSize, 0);
  const dbBytes = TABLES.reduce((sum, name) => sum + fs.statSync(path.join(storeDir, 'db', `${name}.ndjson`)).size, 0);
  return { storeDir, files: catalog.length, bytes: fileBytes + dbBytes, fileBytes, dbBytes };
}

// ---------------------------------------------------------------------------
// child processes: our writer (once) and our stager (measured), each alone

async function* ndjsonRows(file) {
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
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
  if (args.child === 'write') {
    const catalog = JSON.parse(fs.readFileSync(path.join(path.dirname(args.store), 'catalog.json'), 'utf8'));
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
    });
    result = { path: written.path, sizeBytes: written.sizeBytes, entries: written.entries, payloadBytes: written.stats.tarBytes };
  } else if (args.child === 'stage') {
    const staged = await format.stagePackage({
      restoreId: path.basename(args.staging),
      packagePath: args.package,
      restoreType: 'FULL',
      migrateThrough: [],
      stagingDir: args.staging,
      durability: args.durability[0],
    });
    result = { fileCount: staged.fileCount, fileBytes: staged.fileBytes, tables: staged.tables };
  } else {
    throw new Error(`unknown child mode ${args.child}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ ...result, seconds, maxRssKiB: usage.maxRSS, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6 }));
}

// ---------------------------------------------------------------------------
// driver

function run(command, argv, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}

function timed(command, argv, options) {
  const result = run('/usr/bin/time', ['-f', '%e %M %U %S', command, ...argv], options);
  const last = result.stderr.trim().split('\n').pop();
  const [, rss, user, system] = last.split(' ').map(Number);
  return { seconds: result.seconds, maxRssKiB: rss, userSeconds: user, systemSeconds: system };
}

function ours(mode, extra) {
  const result = run(process.execPath, [__filename, '--child', mode, ...extra]);
  return { ...JSON.parse(result.stdout), wallSeconds: result.seconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Reads a file once so it is in the page cache (the same for every tool). */
function warm(file) {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(4 * MiB);
  let bytes = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    bytes += n;
  }
  fs.closeSync(fd);
  return bytes;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  if (!fs.existsSync(path.join(DIST, 'index.js')) || !require(DIST).stagePackage) {
    throw new Error('build first: npx tsc -p packages/domain/tsconfig.build.json && npx tsc -p packages/package-format/tsconfig.build.json');
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const reuse = args.workdir && fs.existsSync(path.join(args.workdir, 'catalog.json'));
  const workDir = args.workdir ? path.resolve(args.workdir) : path.join(REPO, 'bench-work', `restore-${args.sizeLabel}-${stamp}-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  const fsType = run('stat', ['-f', '-c', '%T', workDir]).stdout.trim();
  console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`work dir: ${workDir} (${fsType}); every step writes into a fresh directory, nothing is deleted before the end`);

  let started = Date.now();
  const store = reuse ? describeStore(workDir) : buildStore(workDir, args.size, args.seed);
  console.log(`store: ${store.files} files, ${(store.fileBytes / MiB).toFixed(0)} MiB of files + ${(store.dbBytes / MiB).toFixed(1)} MiB of NDJSON rows (built in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const packageDir = path.join(workDir, `package-${stamp}`);
  fs.mkdirSync(packageDir);
  run('sync', []);
  const written = ours('write', ['--store', store.storeDir, '--out', packageDir, '--level', String(args.level)]);
  console.log(`package: ${(written.sizeBytes / MiB).toFixed(1)} MiB, ${written.entries} entries, ${(written.payloadBytes / MiB).toFixed(0)} MiB of tar (written once in ${written.seconds.toFixed(1)} s)`);

  const samples = { tar: [], tarSync: [] };
  for (const mode of args.durability) samples[mode] = [];
  for (let r = 1; r <= args.runs; r++) {
    const runDir = path.join(workDir, `run-${stamp}-${r}`);
    fs.mkdirSync(runDir);
    const line = [];
    for (const mode of args.durability) {
      run('sync', []);
      warm(written.path);
      const staged = ours('stage', ['--package', written.path, '--staging', path.join(runDir, `ours-${mode}`), '--durability', mode]);
      if (staged.fileCount !== store.files) throw new Error(`staged ${staged.fileCount} files, expected ${store.files}`);
      samples[mode].push(staged);
      line.push(`ours(${mode}) ${staged.wallSeconds.toFixed(2)} s, RSS ${(staged.maxRssKiB / 1024).toFixed(0)} MiB`);
    }
    const tarDir = path.join(runDir, 'tar');
    fs.mkdirSync(tarDir);
    run('sync', []);
    warm(written.path);
    const tar = timed('tar', ['-xzf', written.path, '-C', tarDir]);
    const sync = run('sync', ['-f', tarDir]);
    samples.tar.push(tar);
    samples.tarSync.push({ seconds: tar.seconds + sync.seconds });
    line.push(`tar -xzf ${tar.seconds.toFixed(2)} s (+ sync -f ${sync.seconds.toFixed(2)} s)`);
    console.log(`run ${r}: ${line.join('; ')}`);
  }

  const payload = written.payloadBytes;
  const tar = { seconds: median(samples.tar.map((s) => s.seconds)), rss: Math.max(...samples.tar.map((s) => s.maxRssKiB)) };
  const tarSync = median(samples.tarSync.map((s) => s.seconds));
  const results = {};
  console.log('');
  console.log(`results (${args.sizeLabel} store, ${store.files} files, package ${(written.sizeBytes / MiB).toFixed(0)} MiB, ${args.runs} run${args.runs === 1 ? '' : 's'}, median wall time incl. process start; MB/s = tar payload bytes / wall):`);
  console.log('| step | wall s | MB/s | peak RSS MiB | speed vs tar -xzf |');
  console.log('|---|---:|---:|---:|---:|');
  for (const mode of args.durability) {
    const list = samples[mode];
    const seconds = median(list.map((s) => s.wallSeconds));
    const rss = Math.max(...list.map((s) => s.maxRssKiB)) / 1024;
    results[mode] = { seconds, rssMiB: rss, ratio: tar.seconds / seconds, user: median(list.map((s) => s.userSeconds)), system: median(list.map((s) => s.systemSeconds)) };
    console.log(`| ours: stagePackage (validate + stage, durability ${mode}) | ${seconds.toFixed(2)} | ${(payload / seconds / MB).toFixed(0)} | ${rss.toFixed(0)} | ${(tar.seconds / seconds).toFixed(2)}× |`);
  }
  console.log(`| GNU tar -xzf (no checks, no fsync) | ${tar.seconds.toFixed(2)} | ${(payload / tar.seconds / MB).toFixed(0)} | ${(tar.rss / 1024).toFixed(0)} | 1.00× |`);
  console.log(`| GNU tar -xzf, then sync -f | ${tarSync.toFixed(2)} | ${(payload / tarSync / MB).toFixed(0)} | – | ${(tar.seconds / tarSync).toFixed(2)}× |`);
  console.log('');
  for (const mode of args.durability) {
    const r = results[mode];
    console.log(`ours (${mode}): ${r.ratio.toFixed(2)}× tar's speed (target ≥ 0.70), peak RSS ${r.rssMiB.toFixed(0)} MiB (target < 250), cpu user ${r.user.toFixed(1)} s, sys ${r.system.toFixed(1)} s`);
  }
  console.log(`JSON ${JSON.stringify({ size: args.sizeLabel, files: store.files, packageBytes: written.sizeBytes, payloadBytes: payload, runs: args.runs, ours: results, tar, tarSync })}`);

  if (args.keep) console.log(`kept ${workDir}`);
  else if (args.workdir) {
    for (const name of fs.readdirSync(workDir)) {
      if (name.startsWith(`run-${stamp}-`) || name === `package-${stamp}`) fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
    }
  } else fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
