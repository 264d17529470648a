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
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  DIST, MB, MiB, parseArgs: parseCommonArgs, prepareWorkDir, machineLine, prepareStore, writeStorePackage, childMeasurements,
  run, timed, runChild, median, tarBaseline, alternate, warmTree,
} = require('./bench-support');

// ---------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const args = parseCommonArgs(argv, {
    usage: 'usage: backup-bench.js --size 256MiB|1GiB [--runs N] [--level 0..9] [--seed N] [--keep] [--workdir DIR [--build-only]]',
    defaults: { runs: undefined, child: undefined },
    flags: { '--build-only': (a) => { a.buildOnly = true; } },
  });
  if (args.runs === undefined) args.runs = args.size > 512 * 1024 ** 2 ? 1 : 3;
  return args;
}

// ---------------------------------------------------------------------------
// child processes: our writer and verifier, measured alone

async function child(args) {
  const format = require(DIST);
  const started = process.hrtime.bigint();
  let result;
  const phaseRss = {};
  if (args.child === 'write') {
    // Experiment: hold another store's file list alive, to see how much of the memory is the list.
    const ballast = process.env.BENCH_BALLAST_CATALOG ? JSON.parse(fs.readFileSync(process.env.BENCH_BALLAST_CATALOG, 'utf8')) : undefined;
    const written = await writeStorePackage(format, args, {
      readChunkBytes: 64 * 1024,
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
  const measured = childMeasurements(started);
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
  process.stdout.write(JSON.stringify({ ...result, ...measured, mainThreadSeconds }));
}

// ---------------------------------------------------------------------------
// driver

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  if (!fs.existsSync(path.join(DIST, 'index.js'))) {
    throw new Error('build first: npx tsc -p packages/package-format/tsconfig.build.json');
  }
  const { stamp, reuse, workDir } = prepareWorkDir(args, 'backup');

  console.log(machineLine());
  console.log(`work dir: ${workDir}`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const store = prepareStore(workDir, reuse, args, { validRows: false });
  run('sync', []);
  const started = process.hrtime.bigint();
  const warmBytes = warmTree(store.storeDir);
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
      const write = runChild(__filename, 'write', ['--store', store.storeDir, '--out', path.join(runDir, 'ours'), '--level', String(args.level)]);
      run('sync', []);
      const verify = runChild(__filename, 'verify', ['--package', write.path]);
      return { write, verify };
    };
    const tar = () => tarBaseline(runDir, store.storeDir, args.level);
    const { mine, theirs } = alternate(r, ours, tar);
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
