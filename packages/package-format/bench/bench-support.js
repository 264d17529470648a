/* eslint-disable no-console */
'use strict';
/**
 * What the package-format benchmarks (backup-bench.js, restore-bench.js) share:
 * the command line, the deterministic document store, the child process that
 * writes a package from it, and the helpers that run and time the steps.
 * Plain Node.js, no dependencies.
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

/** The flags every bench takes; `value()` consumes the next argument. */
const COMMON_FLAGS = {
  '--size': (args, value) => {
    args.sizeLabel = value();
    args.size = parseSize(args.sizeLabel);
  },
  '--runs': (args, value) => { args.runs = Number(value()); },
  '--level': (args, value) => { args.level = Number(value()); },
  '--seed': (args, value) => { args.seed = Number(value()); },
  '--keep': (args) => { args.keep = true; },
  '--workdir': (args, value) => { args.workdir = value(); },
  // internal: the bench re-runs itself as a child process
  '--child': (args, value) => { args.child = value(); },
  '--store': (args, value) => { args.store = value(); },
  '--out': (args, value) => { args.out = value(); },
  '--package': (args, value) => { args.package = value(); },
};

/**
 * Parses the common flags plus the bench's own `flags` (same handler shape);
 * `defaults` override the common defaults; `--help` prints `usage` and exits.
 */
function parseArgs(argv, { usage, defaults = {}, flags = {} }) {
  const args = { size: 256 * MiB, sizeLabel: '256MiB', runs: 3, level: 6, keep: false, seed: 1, ...defaults };
  const handlers = { ...COMMON_FLAGS, ...flags };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (Object.hasOwn(handlers, arg)) handlers[arg](args, value);
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
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

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Builds a deterministic document store in `dir`: store/files/ (small text
 * files of 2–64 KiB, large incompressible "scans" of 1–16 MiB), store/db/
 * (one NDJSON file a table, about 4 % of the bytes) and catalog.json (the
 * files' storage keys, paths, hashes and sizes, as writePackage takes them).
 *
 * The files do not depend on `validRows`; the rows do:
 *  - `validRows: true` (restore bench): rows that pass the restore's
 *    validation: every table in primary-key order, every reference resolved,
 *    the column set of TABLE_SCHEMAS (flat keepLast/keepDaily/… columns,
 *    AuditEvent.details as a JSON string).
 *  - `validRows: false` (backup bench, default): the rows the backup bench has
 *    always used (insertion order, a nested `retention` object, details as an
 *    object, other timestamps); the writer does not check them, and keeping
 *    them keeps its results comparable with earlier runs.
 *
 * Returns { storeDir, catalogPath, files, bytes, fileBytes, dbBytes }.
 */
function buildStore(dir, totalBytes, seed, { validRows = false } = {}) {
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

  // ---- database rows as NDJSON (what the export would produce)
  const iso = (ms) => new Date(ms).toISOString();
  const at = (ms) => iso(Date.UTC(2025, 0, 1) + ms);
  const documentTimes = validRows
    ? (i) => ({ createdAt: at(i * 60e3), updatedAt: at(i * 60e3 + 1000) })
    : (i) => ({ createdAt: iso(Date.UTC(2025, 1, 1) + i * 60e3), updatedAt: iso(Date.UTC(2025, 2, 1) + i * 60e3) });
  const versionCreatedAt = validRows ? (i) => at(i * 60e3 + 2000) : (i) => iso(Date.UTC(2025, 2, 1) + i * 60e3);
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
        ownerId: users[i % users.length].id, ...documentTimes(i) });
    }
    versions.push({ id: uuidFor(random), documentId: documents[documents.length - 1].id, version: 1 + (i % 2),
      fileName: path.basename(file.storageKey), storageKey: file.storageKey, sizeBytes: file.expectedSize, sha256: file.expectedSha256,
      mimeType: file.storageKey.endsWith('.pdf') ? 'application/pdf' : 'text/plain', createdById: users[i % users.length].id,
      createdAt: versionCreatedAt(i), note: i % 5 === 0 ? 'periodic review' : null });
  }
  const retention = { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };
  const configurations = Array.from({ length: 12 }, (_, i) => ({ id: uuidFor(random), name: `config-${i}`, description: '', backupType: 'FULL',
    frequency: 'DAILY', scheduleTime: '02:00', dayOfWeek: null, dayOfMonth: null, storagePath: 'backups', ...(validRows ? retention : { retention }),
    compressionLevel: 6, encrypt: false, isEnabled: true, isTemporary: false, createdById: null,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' }));
  const tables = { User: users, Document: documents, DocumentVersion: versions, BackupConfiguration: configurations };
  // In place: the audit events below pick users and documents by position.
  if (validRows) for (const rows of Object.values(tables)) rows.sort(byId);
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
    const details = { ip: `10.0.${sequence % 256}.${(sequence * 7) % 256}`, note: textFor(vocabulary, seed, sequence, 40 + (sequence % 80)).toString().split('\n')[2] || '' };
    const event = { sequence, at: at(sequence * 1000), actor: users[sequence % users.length].username,
      action: actions[sequence % actions.length], targetType: 'Document', targetId: documents[sequence % documents.length]?.id ?? null, outcome: 'SUCCESS',
      details: validRows ? JSON.stringify(details) : details,
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
  fs.writeFileSync(catalogPath, JSON.stringify(files));
  return { storeDir, catalogPath, files: files.length, bytes: bytes + dbBytes, fileBytes: bytes, dbBytes };
}

/** An existing store (from --workdir … --keep): sizes from the catalog and the NDJSON files. */
function describeStore(dir) {
  const storeDir = path.join(dir, 'store');
  const catalogPath = path.join(dir, 'catalog.json');
  const catalog = JSON.parse(fs.readFileSync(catalogPath, 'utf8'));
  const fileBytes = catalog.reduce((sum, f) => sum + f.expectedSize, 0);
  const dbBytes = TABLES.reduce((sum, name) => sum + fs.statSync(path.join(storeDir, 'db', `${name}.ndjson`)).size, 0);
  return { storeDir, catalogPath, files: catalog.length, bytes: fileBytes + dbBytes, fileBytes, dbBytes };
}

// ---------------------------------------------------------------------------
// the work directory and the store, as the drivers set them up

/**
 * The run's time stamp, the work directory (--workdir, else a fresh one under
 * <repo>/bench-work/ named after the bench; created) and whether it already
 * holds a store to reuse.
 */
function prepareWorkDir(args, benchName) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const reuse = args.workdir && fs.existsSync(path.join(args.workdir, 'catalog.json'));
  const workDir = args.workdir ? path.resolve(args.workdir) : path.join(REPO, 'bench-work', `${benchName}-${args.sizeLabel}-${stamp}-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  return { stamp, reuse, workDir };
}

function machineLine() {
  return `machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Builds the store (or describes the one being reused) and prints its "store:" line. */
function prepareStore(workDir, reuse, args, buildOptions) {
  const started = Date.now();
  const store = reuse ? describeStore(workDir) : buildStore(workDir, args.size, args.seed, buildOptions);
  console.log(`store: ${store.files} files, ${(store.fileBytes / MiB).toFixed(0)} MiB of files + ${(store.dbBytes / MiB).toFixed(1)} MiB of NDJSON rows (built in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return store;
}

// ---------------------------------------------------------------------------
// child processes

async function* ndjsonRows(file, highWaterMark) {
  const stream = fs.createReadStream(file, { highWaterMark });
  let carry = '';
  for await (const chunk of stream) {
    const text = carry + chunk.toString('utf8');
    const lines = text.split('\n');
    carry = lines.pop();
    for (const line of lines) if (line) yield JSON.parse(line);
  }
  if (carry) yield JSON.parse(carry);
}

/**
 * The `--child write` step: writePackage of the store `args.store` (its rows
 * and its catalog) into `args.out` at `args.level`. `readChunkBytes` is the
 * NDJSON read size; `onProgress` goes to writePackage.
 */
function writeStorePackage(format, args, { readChunkBytes, onProgress }) {
  const catalog = JSON.parse(fs.readFileSync(path.join(path.dirname(args.store), 'catalog.json'), 'utf8'));
  return format.writePackage({
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
    tables: TABLES.map((name) => ({ name, rows: () => ndjsonRows(path.join(args.store, 'db', `${name}.ndjson`), readChunkBytes) })),
    files: catalog,
    compressionLevel: args.level,
    onProgress,
  });
}

/** What a child reports about itself: seconds since `started` (hrtime), peak RSS (threads included) and CPU time. */
function childMeasurements(started) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  return { seconds, maxRssKiB: usage.maxRSS, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6 };
}

// ---------------------------------------------------------------------------
// driver helpers

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

/** Runs `script --child mode …extra` in a fresh Node process; its JSON report plus the wall time seen from outside. */
function runChild(script, mode, extra) {
  const result = run(process.execPath, [script, '--child', mode, ...extra]);
  return { ...JSON.parse(result.stdout), wallSeconds: result.seconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Reads every file below `dir` once (whole files), so they are in the page cache; returns the bytes read. */
function warmTree(dir) {
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

/** Reads one file once in 4 MiB chunks, so it is in the page cache (the same for every tool); returns the bytes read. */
function warmFile(file) {
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

/**
 * GNU tar in the same run: `tar -c` with gzip at `level` into
 * `<runDir>/tar/store.tar.gz`, then `tar -xzf` into `<runDir>/tar-x`, each
 * after a `sync`. Both directories must exist.
 */
function tarBaseline(runDir, storeDir, level) {
  const tarFile = path.join(runDir, 'tar', 'store.tar.gz');
  run('sync', []);
  const compress = level === 6 ? ['-z'] : ['-I', `gzip -${level}`]; // GNU tar's -z runs gzip at its default level 6
  const tarCreate = timed('tar', ['-c', ...compress, '-f', tarFile, '-C', storeDir, '.']);
  tarCreate.sizeBytes = fs.statSync(tarFile).size;
  run('sync', []);
  const tarExtract = timed('tar', ['-xzf', tarFile, '-C', path.join(runDir, 'tar-x')]);
  run('sync', []);
  return { tarCreate, tarExtract };
}

/** Runs both sides of run `r`, alternating who goes first so a change in machine load does not always favour one. */
function alternate(r, ours, theirs) {
  if (r % 2 === 1) {
    const mine = ours();
    return { mine, theirs: theirs() };
  }
  const other = theirs();
  return { mine: ours(), theirs: other };
}

module.exports = {
  tarBaseline,
  alternate,
  REPO,
  DIST,
  TABLES,
  MB,
  MiB,
  parseSize,
  parseArgs,
  mulberry32,
  randomBytesFor,
  makeVocabulary,
  textFor,
  uuidFor,
  sha256,
  buildStore,
  describeStore,
  prepareWorkDir,
  machineLine,
  prepareStore,
  ndjsonRows,
  writeStorePackage,
  childMeasurements,
  run,
  timed,
  runChild,
  median,
  warmTree,
  warmFile,
};
